"""Scoring end to end with the real voice annotator: the seed page, rule interactions, the CLI."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main as cli_main
from analysis.corpus.pipeline import load_corpus
from analysis.corpus.schema import coerce_corpus, write_corpus
from analysis.lexicons.files import Lexicon, load_lexicon
from analysis.scoring.hits import HITS_COLUMNS, score
from analysis.scoring.summaries import doc_summary
from analysis.scoring.vectorizer import LexiconVectorizer


def one_doc(text: str, outlet: str = "example.com") -> pd.DataFrame:
    return coerce_corpus(
        pd.DataFrame({"doc_id": ["d"], "outlet": [outlet], "text": [text], "source": ["d.txt"]})
    )


# ------------------------------------------------------------------------------- seed page


@pytest.fixture
def seed_corpus(seed_page):
    return load_corpus([seed_page])


def test_seed_page_voices(seed_corpus):
    """The voices stated in issue 4, read off the page by hand:
    "iron fist" twice, both inside Aliyev's quoted words; "ethnic cleansing" is what Armenia's
    government warned of; "genocide" is what Western officials warned of; "crushing victory"
    and "blockade" are CNN's own words."""
    hits = score(seed_corpus)
    by_term = {t: g for t, g in hits.groupby("term")}
    assert by_term["iron fist"]["voice"].tolist() == ["quoted", "quoted"]
    assert all("Aliyev" in s for s in by_term["iron fist"]["speaker"])
    assert by_term["ethnic cleansing"]["voice"].tolist() == ["reported"]
    assert "Armenia" in by_term["ethnic cleansing"]["speaker"].iloc[0]
    assert by_term["genocide"]["voice"].tolist() == ["reported"]
    assert by_term["genocide"]["speaker"].iloc[0] == "Western officials"
    assert by_term["crushing victory"]["voice"].tolist() == ["authorial"]
    assert by_term["blockade"]["voice"].tolist() == ["authorial"]
    assert by_term["crushing victory"]["speaker"].isna().all()
    # the copy is attributed to its origin
    assert set(hits["origin_outlet"]) == {"cnn.com"}
    assert set(hits["outlet"]) == {"findandfunds.com"}


def test_seed_page_only_body_text_is_scored(seed_page, seed_corpus):
    """Words that occur only in the page furniture (newsletter form, disclaimer) are not hit
    after ingest, though they are in the raw page."""
    furniture = Lexicon.from_frame(
        pd.DataFrame(
            {
                "term": ["trading ideas", "financial advice", "opt-out", "iron fist"],
                "category": ["form", "disclaimer", "form", "body"],
            }
        )
    )
    raw = load_corpus([seed_page], clean=False)
    raw_terms = score(raw, furniture)["term"].tolist()
    assert {"trading ideas", "financial advice", "opt-out"} <= set(raw_terms)  # present raw
    cleaned = score(seed_corpus, furniture)
    assert cleaned["term"].tolist() == ["iron fist", "iron fist"]


def test_seed_page_offsets_and_sentences(seed_corpus):
    hits = score(seed_corpus)
    text = seed_corpus["text"].iloc[0]
    for h in hits.itertuples():
        assert text[h.start : h.end] == h.matched
        assert h.sentence_start <= h.start < h.end <= h.sentence_end
        assert text[h.sentence_start : h.sentence_end] == h.sentence
    fist = hits[hits["term"] == "iron fist"]["sentence"].tolist()
    assert fist[1].startswith("“Let those who cannot digest our successes remember")


def test_seed_page_authorial_only_counts(seed_corpus):
    """Only the outlet's own voice: the vectorizer with voice='authorial' drops the quoted iron
    fists and the reported genocide and ethnic cleansing."""
    text = seed_corpus["text"].tolist()
    lex = load_lexicon(config.DEFAULT_LEXICON)
    everything = LexiconVectorizer(lex, norm="count").set_output(transform="pandas")
    own = LexiconVectorizer(lex, norm="count", voice="authorial").set_output(transform="pandas")
    all_counts = everything.fit_transform(text).iloc[0]
    own_counts = own.fit_transform(text).iloc[0]
    hits = score(seed_corpus)
    # the vectorizer counts exactly what score() finds, per voice
    assert all_counts.to_dict() == {c: float((hits["category"] == c).sum()) for c in lex.categories}
    assert own_counts.to_dict() == {
        c: float(((hits["category"] == c) & (hits["voice"] == "authorial")).sum())
        for c in lex.categories
    }
    assert own_counts["force_triumph"] < all_counts["force_triumph"]  # iron fist x2 are quoted


# ------------------------------------------------------------------------- rule interactions


def test_quote_inside_a_reported_clause_is_quoted():
    text = 'The minister said that the army had used "an iron fist" against the protesters.'
    hits = score(one_doc(text))
    assert hits["matched"].tolist() == ["iron fist"]
    assert hits["voice"].tolist() == ["quoted"]


def test_negated_term_inside_a_quote():
    text = "“There was no genocide here,” the governor said on Monday."
    hits = score(one_doc(text))
    assert hits[["matched", "voice", "negated"]].values.tolist() == [["genocide", "quoted", True]]
    assert "governor" in hits["speaker"].iloc[0]


def test_hedged_authorial_term():
    text = "The so-called anti-terrorist measures began at dawn. The blockade went on."
    hits = score(one_doc(text))
    assert hits[["matched", "voice", "hedged"]].values.tolist() == [
        ["anti-terrorist measures", "authorial", True],
        ["blockade", "authorial", False],
    ]


def test_summary_of_an_end_to_end_score():
    text = "“This is genocide,” she said. The genocide was denied. Officials warned of genocide."
    c = one_doc(text)
    s = doc_summary(c, score(c)).set_index(["category", "voice"])
    # tokens counted by hand: This is genocide (3) she said (5) The genocide was denied (9)
    # Officials warned of genocide (13)
    assert c["n_tokens"].iloc[0] == 13
    row = s.loc[("atrocity_claim", "all")]
    assert row["n_hits"] == 3
    assert row["rate_per_1k"] == pytest.approx(3000 / 13)
    assert s.loc[("atrocity_claim", "quoted"), "n_hits"] == 1
    assert s.loc[("atrocity_claim", "authorial"), "n_hits"] == 1
    assert s.loc[("atrocity_claim", "reported"), "n_hits"] == 1


def test_scoring_is_deterministic(seed_corpus):
    pd.testing.assert_frame_equal(score(seed_corpus), score(seed_corpus))


# ------------------------------------------------------------------------------------- CLI


@pytest.fixture
def tiny_folder(tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Officials warned of genocide in the region.\n\nThe blockade continued on Monday.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "“We used an iron fist,” the general said. There was no massacre, he said.\n",
        encoding="utf-8",
    )
    (folder / "c.txt").write_text("Nothing loaded in this one.\n", encoding="utf-8")
    return folder


def test_cli_score_end_to_end(tiny_folder, tmp_path):
    out = tmp_path / "out" / "hits.csv"
    summary = tmp_path / "out" / "summary.csv"
    code = cli_main(["score", str(tiny_folder), "-o", str(out), "--summary", str(summary)])
    assert code == 0
    hits = pd.read_csv(out)
    assert list(hits.columns) == HITS_COLUMNS
    # worked out from the three texts above
    assert hits[["doc_id", "matched", "voice", "negated"]].values.tolist() == [
        ["wire/a.txt", "genocide", "reported", False],
        ["wire/a.txt", "blockade", "authorial", False],
        ["wire/b.txt", "iron fist", "quoted", False],
        ["wire/b.txt", "massacre", "reported", True],
    ]
    s = pd.read_csv(summary)
    # three documents (c has no hits) x 7 categories x 4 voices
    assert len(s) == 3 * 7 * 4
    assert s.loc[s["doc_id"] == "wire/c.txt", "n_hits"].sum() == 0


def test_cli_score_parquet_corpus_and_custom_lexicon(tiny_folder, tmp_path):
    corpus_path = write_corpus(load_corpus([tiny_folder]), tmp_path / "corpus.parquet")
    lex = tmp_path / "mine.csv"
    lex.write_text("term,category\nblockade,siege\nmassacre*,atrocity\n", encoding="utf-8")
    out = tmp_path / "hits.parquet"
    assert cli_main(["score", str(corpus_path), "--lexicon", str(lex), "-o", str(out)]) == 0
    hits = pd.read_parquet(out)
    assert hits["term"].tolist() == ["blockade", "massacre*"]


def test_cli_score_errors(tiny_folder, tmp_path, capsys):
    assert cli_main(["score", str(tiny_folder), "-o", str(tmp_path / "hits.xlsx")]) == 1
    assert "output must end in .csv or .parquet" in capsys.readouterr().err
    bad = tmp_path / "bad.csv"
    bad.write_text("term,category\n9/11,x\n", encoding="utf-8")
    assert (
        cli_main(["score", str(tiny_folder), "--lexicon", str(bad), "-o", str(tmp_path / "h.csv")])
        == 1
    )
    assert "line 2: term '9/11' contains '/'" in capsys.readouterr().err
