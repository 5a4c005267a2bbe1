"""Lexicon induction (analysis.comparison.induction) on a tiny invented corpus, with the
log-odds worked out by hand."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

import analysis
from analysis.cli import main
from analysis.comparison.induction import matching_passes

A = [
    "The regime crushed the protest.",
    "The regime jailed critics.",
    '"The regime lied again," a critic said.',
    "Officials met on Monday.",
]
B = [
    "The government met protesters.",
    "The government held talks.",
    "The government cut taxes.",
    "Officials met on Monday.",
]


def invented_corpus() -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "doc_id": [f"a{i}" for i in range(1, 5)] + [f"b{i}" for i in range(1, 5)],
            "outlet": ["Alpha"] * 4 + ["Beta"] * 4,
            "text": A + B,
        }
    )
    corpus = analysis.coerce_corpus(df)
    corpus["marked_words"] = [["regime", "crushed"], ["regime"], ["lied"], [], [], [], [], []]
    corpus["is_loaded"] = [True, True, True, False, False, False, False, False]
    return corpus


@pytest.fixture(scope="module")
def words():
    return analysis.induce_candidates(invented_corpus(), by="outlet", ngram_range=(1, 1), min_df=2)


def row(df, group, term):
    sel = df[(df["group"] == group) & (df["term"] == term)]
    assert len(sel) == 1, (group, term)
    return sel.iloc[0]


def test_columns_and_which_terms_enter(words):
    assert list(words.columns) == analysis.CANDIDATE_COLUMNS
    # non-stopword tokens: Alpha 3 + 3 + 5 + 3 = 14, Beta 3 x 4 = 12. With min_df=2, a group's
    # candidate must be in 2 of its documents and lean its way (z > 0): regime (Alpha),
    # government and met (Beta); "officials" and "monday" are used equally (z < 0 for both)
    assert words[["group", "term"]].values.tolist() == [
        ["Alpha", "regime"], ["Beta", "government"], ["Beta", "met"],
    ]  # fmt: skip


def test_log_odds_and_z_by_hand(words):
    # prior: alpha_w = corpus count, alpha_0 = 26 unigrams.
    # regime, Alpha vs rest: y_i = 3, n_i = 14, y_j = 0, n_j = 12, alpha = 3
    # delta = ln(6 / (14 + 26 - 6)) - ln(3 / (12 + 26 - 3)) = ln(210 / 102); var = 1/6 + 1/3
    r = row(words, "Alpha", "regime")
    assert r["log_odds"] == pytest.approx(math.log(210 / 102))
    assert r["z"] == pytest.approx(math.log(210 / 102) / math.sqrt(0.5))
    assert (r["df"], r["n_outlets"]) == (3, 1)
    # met, Beta vs rest: y_i = 2, y_j = 1, alpha = 3: ln(5/33) - ln(4/36); var = 1/5 + 1/4
    m = row(words, "Beta", "met")
    assert m["log_odds"] == pytest.approx(math.log(180 / 132))
    assert m["z"] == pytest.approx(math.log(180 / 132) / math.sqrt(0.45))
    assert (m["df"], m["n_outlets"]) == (2, 2)  # both outlets use it: not a house style
    g = row(words, "Beta", "government")
    assert g["log_odds"] == pytest.approx(math.log(222 / 96))
    # each group's rows by descending z
    assert words[words["group"] == "Beta"]["z"].is_monotonic_decreasing


def test_voices_and_examples(words):
    r = row(words, "Alpha", "regime")
    # twice in Alpha's own words, once inside the critic's quotation
    assert (r["authorial"], r["quoted"], r["reported"]) == (2, 1, 0)
    lines = r["examples"].split(" | ")
    assert [line.split(": ")[0] for line in lines] == ["a1", "a2", "a3"]
    assert lines[0] == "a1: The [regime] crushed the protest."
    # met in Beta: b1 and b4 (Alpha's "met" in a4 is not Beta's)
    m = row(words, "Beta", "met")
    assert m["authorial"] + m["quoted"] + m["reported"] == 2
    assert [line.split(": ")[0] for line in m["examples"].split(" | ")] == ["b1", "b4"]


def test_phrases_pairs_and_supervision():
    corpus = invented_corpus()
    cand = analysis.induce_candidates(
        corpus, by="outlet", groups=("Alpha", "Beta"), min_df=1, label="is_loaded",
        marked="marked_words",
    )  # fmt: skip
    assert {"label_share", "label_z", "marked_docs", "marked_rate", "p_marked"} <= set(cand)
    assert "the regime" not in set(cand["term"])  # a phrase never starts with a stopword
    assert "regime crushed" in set(cand[cand["group"] == "Alpha"]["term"])
    r = row(cand, "Alpha", "regime")
    assert r["label_share"] == 1.0 and r["label_z"] > 0
    # marked in a1 and a2 of the three sentences using it
    assert r["marked_docs"] == 3 and r["marked_rate"] == pytest.approx(2 / 3)
    assert 0 < r["p_marked"] < 1
    with pytest.raises(ValueError, match="two different groups"):
        analysis.induce_candidates(corpus, by="outlet", groups=("Alpha", "Alpha"))
    with pytest.raises(ValueError, match="not true or false"):
        analysis.induce_candidates(corpus.assign(x="maybe"), by="outlet", label="x")


def test_matching_passes_keep_overlapping_terms_apart():
    passes = matching_passes(
        ["forcibly displaced", "displaced persons", "displaced", "a b c", "b c d", "c d e", "x y z"]
    )
    assert passes == [
        ["displaced"], ["forcibly displaced"], ["displaced persons"], ["a b c", "x y z"],
        ["b c d"], ["c d e"],
    ]  # fmt: skip


def test_select_lexicon_and_write_it_with_provenance(tmp_path, words):
    table = analysis.select_lexicon(words, min_outlets=2)
    assert table["term"].tolist() == ["met"]
    table = analysis.select_lexicon(words, max_source_share=0.3)  # regime: 1 of 3 quoted
    assert "regime" not in set(table["term"])
    table = analysis.select_lexicon(words, weight="z", category="key")
    assert table.columns.tolist() == ["term", "category", "weight", "note"]
    assert table["term"].tolist() == ["government", "regime", "met"]
    assert table["note"].iloc[1].startswith("z=1.0, log-odds=0.72, df=3, outlets=1, hits 2/1/0")
    src = tmp_path / "corpus.csv"
    invented_corpus()[["doc_id", "outlet", "text"]].to_csv(src, index=False)
    prov = analysis.induced_provenance([src], parameters={"by": "outlet"}, seed=1, name="key")
    lex = analysis.write_lexicon(table, tmp_path / "key.csv", provenance=prov)
    assert len(lex) == 3
    side = analysis.verify_provenance(tmp_path / "key.csv")  # the sha256 is the file's
    assert side["inputs"] == [{"path": str(src), "sha256": analysis.file_sha256(src)}]
    assert side["seed"] == 1 and side["parameters"] == {"by": "outlet"}
    with pytest.raises(ValueError, match="provenance lacks"):
        analysis.write_lexicon(table, tmp_path / "bad.csv", provenance={"name": "x"})


def test_cli_induce_writes_candidates_and_a_lexicon(tmp_path):
    src = tmp_path / "corpus.csv"
    corpus = invented_corpus()
    corpus.assign(marked_words=corpus["marked_words"].map(json.dumps))[
        ["doc_id", "outlet", "text", "marked_words"]
    ].to_csv(src, index=False)
    out, lex = tmp_path / "out" / "candidates.csv", tmp_path / "out" / "induced.csv"
    args = ["-q", "induce", str(src), "--by", "outlet", "--min-df", "2", "--marked",
            "marked_words", "-o", str(out), "--as-lexicon", str(lex), "--min-z", "0",
            "--min-outlets", "1", "--max-source-share", "1"]  # fmt: skip
    assert main(args) == 0
    cand = analysis.read_csv(out)
    assert list(cand.columns[:10]) == analysis.CANDIDATE_COLUMNS
    assert "p_marked" in cand.columns
    assert analysis.load_lexicon(lex).entries["term"].tolist()[:1] == ["government"]
    side = analysis.verify_provenance(lex)
    assert side["parameters"]["marked"] == "marked_words" and side["seed"] is not None
    assert main([*args, "--min-z", "99"]) == 1  # nothing kept: an error
