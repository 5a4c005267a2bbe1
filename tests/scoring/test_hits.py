"""score(), doc_summary() and kwic(): the columns that do not depend on voice analysis.

The voice analysis itself is tested in tests/voice/; end-to-end scoring with the real
annotator (and the seed page) is in tests/scoring/test_hits_voice.py. Here a small annotator with a
fixed, visible rule stands in for it, so every expected value can be worked out by hand: the
"sentence" is the line holding the hit, and the voice is read from a marker word on that line.
"""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis import config
from analysis.corpus.schema import coerce_corpus
from analysis.lexicons.files import Lexicon, load_lexicon
from analysis.lexicons.matcher import Matcher
from analysis.scoring.hits import HITS_COLUMNS, score
from analysis.scoring.summaries import SUMMARY_COLUMNS, doc_summary, kwic


class LineAnnotator:
    """Sentence = the line holding the hit; voice from a marker on that line (QUOTED/REPORTED,
    else authorial); speaker = the word after "by" on the line; negated when the line has
    "not"; hedged when it has "alleged". Records every call."""

    def __init__(self):
        self.calls: list[tuple[str, list[tuple[int, int]]]] = []

    def annotate(self, text, spans):
        self.calls.append((text, list(spans)))
        out = []
        for start, _end in spans:
            s0 = text.rfind("\n", 0, start) + 1
            s1 = text.find("\n", start)
            s1 = len(text) if s1 < 0 else s1
            line = text[s0:s1]
            words = line.split()
            voice = (
                "quoted"
                if "QUOTED" in words
                else "reported"
                if "REPORTED" in words
                else "authorial"
            )
            speaker = words[words.index("by") + 1] if "by" in words else None
            out.append(
                {
                    "sentence_start": s0,
                    "sentence_end": s1,
                    "voice": voice,
                    "speaker": speaker,
                    "negated": "not" in words,
                    "hedged": "alleged" in words,
                }
            )
        return out


LEX = Lexicon.from_frame(
    pd.DataFrame(
        {
            "term": ["genocide", "massacre*", "iron fist", "blockade", "ethnic cleansing"],
            "category": ["atrocity", "atrocity", "force", "victim", "atrocity"],
            "weight": [2.0, 1.0, 1.0, 1.0, 3.0],
        }
    ),
    name="tiny",
)


def corpus(rows: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """doc_id -> (outlet, text)."""
    return coerce_corpus(
        pd.DataFrame(
            {
                "doc_id": list(rows),
                "outlet": [o for o, _ in rows.values()],
                "text": [t for _, t in rows.values()],
                "source": [f"{d}.txt" for d in rows],
            }
        )
    )


CORPUS = corpus(
    {
        "z9": ("cnn.com", "Massacres were REPORTED by officials\nan iron fist QUOTED by Aliyev"),
        "a1": ("bbc.co.uk", "No hits in this one"),
        "m5": ("rt.com", "the blockade is not a genocide\nalleged ethnic-cleansing REPORTED"),
    }
)


def test_hits_columns_offsets_and_order():
    ann = LineAnnotator()
    hits = score(CORPUS, LEX, annotator=ann)
    assert list(hits.columns) == HITS_COLUMNS
    # sorted by doc_id (m5 before z9), then start
    got = hits[["doc_id", "start", "end", "matched", "term", "category", "weight"]]
    assert got.values.tolist() == [
        ["m5", 4, 12, "blockade", "blockade", "victim", 1.0],
        ["m5", 22, 30, "genocide", "genocide", "atrocity", 2.0],
        ["m5", 39, 55, "ethnic-cleansing", "ethnic cleansing", "atrocity", 3.0],
        ["z9", 0, 9, "Massacres", "massacre*", "atrocity", 1.0],
        ["z9", 40, 49, "iron fist", "iron fist", "force", 1.0],
    ]
    text_of = dict(zip(CORPUS["doc_id"], CORPUS["text"], strict=True))
    for row in hits.itertuples():
        assert text_of[row.doc_id][row.start : row.end] == row.matched
        assert text_of[row.doc_id][row.sentence_start : row.sentence_end] == row.sentence
    assert hits["outlet"].tolist() == ["rt.com", "rt.com", "rt.com", "cnn.com", "cnn.com"]
    assert hits["origin_outlet"].tolist() == hits["outlet"].tolist()


def test_annotation_columns_come_from_the_annotator():
    hits = score(CORPUS, LEX, annotator=LineAnnotator())
    assert hits["voice"].tolist() == ["authorial", "authorial", "reported", "reported", "quoted"]
    assert hits["speaker"].tolist()[3:] == ["officials", "Aliyev"]
    assert hits["speaker"].isna().tolist() == [True, True, True, False, False]
    assert hits["negated"].tolist() == [True, True, False, False, False]
    assert hits["hedged"].tolist() == [False, False, True, False, False]
    assert hits["sentence"].tolist() == [
        "the blockade is not a genocide",
        "the blockade is not a genocide",
        "alleged ethnic-cleansing REPORTED",
        "Massacres were REPORTED by officials",
        "an iron fist QUOTED by Aliyev",
    ]


def test_annotator_sees_only_documents_with_hits_and_exact_spans():
    ann = LineAnnotator()
    score(CORPUS, LEX, annotator=ann)
    assert [spans for _, spans in ann.calls] == [[(0, 9), (40, 49)], [(4, 12), (22, 30), (39, 55)]]


def test_dtypes():
    hits = score(CORPUS, LEX, annotator=LineAnnotator())
    assert {c: str(t) for c, t in hits.dtypes.items()} == {
        "doc_id": "string",
        "outlet": "string",
        "origin_outlet": "string",
        "start": "int64",
        "end": "int64",
        "matched": "string",
        "term": "string",
        "category": "string",
        "weight": "float64",
        "voice": "string",
        "speaker": "string",
        "negated": "bool",
        "hedged": "bool",
        "sentence": "string",
        "sentence_start": "int64",
        "sentence_end": "int64",
    }


def test_no_hits_gives_an_empty_table_with_the_columns():
    hits = score(corpus({"a": ("x", "nothing loaded here")}), LEX, annotator=LineAnnotator())
    assert hits.empty
    assert list(hits.columns) == HITS_COLUMNS
    assert str(hits["start"].dtype) == "int64"


def test_lexicon_as_lexicon_path_matcher_or_default(tmp_path):
    path = tmp_path / "lex.csv"
    LEX.entries[["term", "category", "weight"]].to_csv(path, index=False)
    base = score(CORPUS, LEX, annotator=LineAnnotator())
    for lexicon in (path, Matcher(LEX)):
        again = score(CORPUS, lexicon, annotator=LineAnnotator())
        pd.testing.assert_frame_equal(again, base)
    default = score(CORPUS, annotator=LineAnnotator())
    assert set(default["term"]) >= {"blockade", "genocide", "iron fist", "ethnic cleansing"}
    assert default.attrs["lexicon"]["sha256"] == load_lexicon(config.DEFAULT_LEXICON).sha256


def test_attrs_record_the_lexicon():
    hits = score(CORPUS, LEX, annotator=LineAnnotator())
    assert hits.attrs["lexicon"] == {
        "name": "tiny",
        "sha256": LEX.sha256,
        "path": None,
        "categories": ["atrocity", "force", "victim"],
    }


def test_same_span_in_two_categories_gives_two_rows(tmp_path):
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_text("term,category\ngenocide,atrocity\n", encoding="utf-8")
    b.write_text("term,category\ngenocide,legal\n", encoding="utf-8")
    hits = score(corpus({"d": ("x", "a genocide")}), [a, b], annotator=LineAnnotator())
    assert hits[["start", "category"]].values.tolist() == [[2, "atrocity"], [2, "legal"]]


def test_annotator_errors_are_reported():
    class Short(LineAnnotator):
        def annotate(self, text, spans):
            return super().annotate(text, spans)[:-1]

    class Odd(LineAnnotator):
        def annotate(self, text, spans):
            return [dict(n, voice="whispered") for n in super().annotate(text, spans)]

    with pytest.raises(
        RuntimeError, match="document 'z9': the voice annotator returned 1 annotations for 2 hits"
    ):
        score(CORPUS, LEX, annotator=Short())
    with pytest.raises(RuntimeError, match="unknown voice"):
        score(CORPUS, LEX, annotator=Odd())


def test_progress_bar_does_not_change_the_result(capsys):
    quiet = score(CORPUS, LEX, annotator=LineAnnotator())
    loud = score(CORPUS, LEX, annotator=LineAnnotator(), progress=True)
    pd.testing.assert_frame_equal(quiet, loud)
    assert "scoring" in capsys.readouterr().err


def test_corpus_must_be_a_table():
    with pytest.raises(TypeError, match="corpus must be a DataFrame"):
        score(["a genocide"], LEX, annotator=LineAnnotator())


# ------------------------------------------------------------------------------- doc_summary


def test_doc_summary_by_hand():
    hits = score(CORPUS, LEX, annotator=LineAnnotator())
    s = doc_summary(CORPUS, hits)
    assert list(s.columns) == SUMMARY_COLUMNS
    # every document x 3 categories x 4 voices, in corpus order
    assert len(s) == 3 * 3 * 4
    assert s["doc_id"].unique().tolist() == ["z9", "a1", "m5"]
    idx = s.set_index(["doc_id", "category", "voice"])
    # m5: "the blockade is not a genocide\nalleged ethnic-cleansing REPORTED" has 10 tokens
    # (the blockade is not a genocide alleged ethnic cleansing REPORTED); atrocity hits:
    # genocide (authorial, w=2, negated) and ethnic-cleansing (reported, w=3, hedged)
    row = idx.loc[("m5", "atrocity", "all")]
    assert row["n_tokens"] == 10
    assert row["n_hits"] == 2
    assert row["weighted_hits"] == 5.0
    assert row["rate_per_1k"] == pytest.approx(200.0)
    assert row["weighted_rate_per_1k"] == pytest.approx(500.0)
    assert row["n_negated"] == 1
    assert row["n_hedged"] == 1
    assert idx.loc[("m5", "atrocity", "authorial"), "n_hits"] == 1
    assert idx.loc[("m5", "atrocity", "reported"), "weighted_hits"] == 3.0
    assert idx.loc[("m5", "atrocity", "quoted"), "n_hits"] == 0
    # z9 has 11 tokens (Massacres were REPORTED by officials / an iron fist QUOTED by Aliyev):
    # the quoted iron fist is 1 force hit = 1000/11 per 1k
    assert idx.loc[("z9", "force", "quoted"), "rate_per_1k"] == pytest.approx(1000 / 11)
    assert idx.loc[("z9", "force", "authorial"), "rate_per_1k"] == 0.0
    # a document without hits has rows of zeros, not missing rows
    a1 = s[s["doc_id"] == "a1"]
    assert len(a1) == 12
    assert (a1[["n_hits", "weighted_hits", "rate_per_1k"]] == 0).all().all()


def test_doc_summary_voices_add_up_to_all():
    hits = score(CORPUS, LEX, annotator=LineAnnotator())
    s = doc_summary(CORPUS, hits)
    parts = s[s["voice"] != "all"].groupby(["doc_id", "category"])[["n_hits", "rate_per_1k"]].sum()
    whole = s[s["voice"] == "all"].set_index(["doc_id", "category"])[["n_hits", "rate_per_1k"]]
    pd.testing.assert_frame_equal(parts.sort_index(), whole.sort_index(), check_dtype=False)


def test_doc_summary_categories_without_hits_and_explicit_list():
    hits = score(CORPUS, LEX, annotator=LineAnnotator())
    s = doc_summary(CORPUS, hits, categories=["atrocity", "force", "victim", "euphemism"])
    assert s["category"].unique().tolist() == ["atrocity", "force", "victim", "euphemism"]
    assert (s.loc[s["category"] == "euphemism", "n_hits"] == 0).all()
    # without attrs (e.g. hits read back from CSV) the categories present in the hits are used
    plain = hits.copy()
    plain.attrs = {}
    assert sorted(doc_summary(CORPUS, plain)["category"].unique()) == [
        "atrocity",
        "force",
        "victim",
    ]


def test_doc_summary_refuses_to_drop_hits():
    hits = score(CORPUS, LEX, annotator=LineAnnotator())
    with pytest.raises(ValueError, match=r"categories \['victim'\] that are not in categories="):
        doc_summary(CORPUS, hits, categories=["atrocity", "force"])
    with pytest.raises(ValueError, match="not in the corpus"):
        doc_summary(CORPUS[CORPUS["doc_id"] != "m5"], hits)


def test_hits_read_back_from_csv_with_numeric_doc_ids(tmp_path):
    # the CLI writes hits as CSV; read back, ids such as "101" come as integers, and must still
    # name the corpus documents (whose doc_id is a string)
    c = corpus({"101": ("x", "the blockade is not a genocide"), "102": ("y", "No hits here")})
    hits = score(c, LEX, annotator=LineAnnotator())
    hits.to_csv(tmp_path / "hits.csv", index=False)
    back = pd.read_csv(tmp_path / "hits.csv")
    assert back["doc_id"].dtype.kind == "i"
    pd.testing.assert_frame_equal(
        doc_summary(c, back, categories=LEX.categories), doc_summary(c, hits)
    )
    assert kwic(c, back)["left"].tolist() == ["the ", "the blockade is not a "]


def test_doc_summary_zero_tokens_gives_nan_rate():
    c = corpus({"p": ("x", "!!! ...")})
    s = doc_summary(c, score(c, LEX, annotator=LineAnnotator()))
    assert s["n_tokens"].eq(0).all()
    assert s["rate_per_1k"].isna().all()


# -------------------------------------------------------------------------------------- kwic


def test_kwic_cuts_at_sentence_and_width():
    c = corpus(
        {
            "k": (
                "x",
                "First line here\nThey spoke of a genocide against the people of the region\nlast",
            )
        }
    )
    hits = score(c, LEX, annotator=LineAnnotator())
    k = kwic(c, hits, width=10)
    assert list(k.columns) == [
        "doc_id",
        "outlet",
        "left",
        "matched",
        "right",
        "voice",
        "speaker",
        "negated",
        "hedged",
        "term",
        "category",
    ]
    # 10 characters each side, inside the sentence; the cut is marked
    assert k.loc[0, "left"] == "…poke of a "  # "poke of a " is 10 characters
    assert k.loc[0, "matched"] == "genocide"
    assert k.loc[0, "right"] == " against t…"
    wide = kwic(c, hits, width=200)
    # never beyond the sentence: no "First line" and no "last"
    assert wide.loc[0, "left"] == "They spoke of a "
    assert wide.loc[0, "right"] == " against the people of the region"


def test_kwic_filters():
    hits = score(CORPUS, LEX, annotator=LineAnnotator())
    assert kwic(CORPUS, hits, term="GENOCIDE")["matched"].tolist() == ["genocide"]
    assert kwic(CORPUS, hits, term=["massacre*", "iron fist"])["matched"].tolist() == [
        "Massacres",
        "iron fist",
    ]
    assert kwic(CORPUS, hits, category="atrocity")["matched"].tolist() == [
        "genocide",
        "ethnic-cleansing",
        "Massacres",
    ]
    assert kwic(CORPUS, hits, voice="quoted")["speaker"].tolist() == ["Aliyev"]
    assert kwic(CORPUS, hits, voice=["reported"], category="atrocity")["matched"].tolist() == [
        "ethnic-cleansing",
        "Massacres",
    ]
    assert kwic(CORPUS, hits, term="nothing").empty


def test_kwic_shows_line_breaks_as_spaces():
    class Whole(LineAnnotator):
        def annotate(self, text, spans):
            return [
                dict(n, sentence_start=0, sentence_end=len(text))
                for n in super().annotate(text, spans)
            ]

    c = corpus({"n": ("x", "warned\n\nof   genocide\tthen")})
    k = kwic(c, score(c, LEX, annotator=Whole()), width=60)
    assert k.loc[0, "left"] == "warned of "
    assert k.loc[0, "right"] == " then"


def test_read_hits_keeps_ids_as_text_in_both_formats(tmp_path):
    from analysis.scoring.hits import read_hits

    hits = pd.DataFrame({"doc_id": ["101", "007"], "category": ["a", "b"], "voice": ["quoted",
                         "authorial"], "weight": [1.0, 2.0], "term": ["1948", "x"]})
    hits.to_csv(tmp_path / "h.csv", index=False)
    hits.to_parquet(tmp_path / "h.parquet")
    for name in ("h.csv", "h.parquet"):
        back = read_hits(tmp_path / name)
        # "007" would become the number 7 if ids were read as numbers
        assert back["doc_id"].tolist() == ["101", "007"] and back["term"].tolist() == ["1948", "x"]
    hits.drop(columns="voice").to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(ValueError, match="bad.csv: not a hits table .*voice"):
        read_hits(tmp_path / "bad.csv")
    with pytest.raises(FileNotFoundError, match="nope.csv"):
        read_hits(tmp_path / "nope.csv")


def test_voice_token_counts_use_the_corpus_token_counts_and_catch_a_stale_one():
    from analysis.corpus.schema import coerce_corpus
    from analysis.scoring.summaries import voice_token_counts

    text = 'He said: "we will win the war now." Then it rained.'
    # tokens: He said we will win the war now Then it rained = 11; quoted: we will win the war now = 6
    corpus = coerce_corpus(pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "text": [text]}))
    got = voice_token_counts(corpus).iloc[0]
    assert (got["authorial_tokens"], got["quoted_tokens"], got["reported_tokens"]) == (5, 6, 0)
    with pytest.raises(ValueError, match="'d' has n_tokens 3, fewer than the 6 tokens"):
        voice_token_counts(corpus.assign(n_tokens=3))


def test_what_a_hit_stores_is_bounded_on_text_without_sentence_breaks():
    # (issue 11) a 200 KB line stored its whole sentence with every hit: 2.3 GB of hits
    from analysis.scoring.hits import SENTENCE_WINDOW
    from analysis.text.sentences import MAX_SENTENCE_CHARS

    text = " ".join(["word"] * 20_000 + ["massacre"] + ["word"] * 20_000)
    corpus = coerce_corpus(pd.DataFrame({"doc_id": ["d"], "outlet": ["X"], "text": [text]}))
    hits = score(corpus, Lexicon.from_frame(pd.DataFrame({"term": ["massacre"], "category": ["c"]})))
    h = hits.iloc[0]
    assert h["matched"] == "massacre" and h["sentence"].split()[-1] == "word"
    assert text[h["sentence_start"]:h["sentence_end"]] == h["sentence"]
    assert "massacre" in h["sentence"] and len(h["sentence"]) <= SENTENCE_WINDOW
    assert h["sentence_start"] > 0 and h["sentence_end"] < len(text)
    # the sentence the voice rules saw was a piece of at most MAX_SENTENCE_CHARS
    st = analysis.side_tables(corpus)
    assert (st.sentences["end"] - st.sentences["start"]).max() <= MAX_SENTENCE_CHARS
    assert st.sentences["n_tokens"].sum() == corpus["n_tokens"].iloc[0]
