"""analysis.lexicon_fit: how well a lexicon fits a corpus; values by hand (issue 12)."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis


def _lex(*terms):
    return analysis.Lexicon.from_frame(pd.DataFrame({"term": list(terms), "category": ["c"] * len(terms)}))


def _corpus(*texts):
    return analysis.coerce_corpus(pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(texts))], "outlet": ["X"] * len(texts), "text": list(texts)}))


def test_fit_by_hand_good():
    corpus = _corpus("siege siege one two three four five six seven eight",  # 10 tokens, 2 hits
                     "a siege and a blockade here",  # 6 tokens, 2 hits
                     "nothing")  # 1 token
    lex = _lex("siege", "blockade", "massacre", "exodus", "plight")
    hits = analysis.score(corpus, lex)
    fit = analysis.lexicon_fit(corpus, hits, lex)
    row = fit.summary.iloc[0]
    assert row["hits"] == 4 and row["tokens"] == 17
    assert row["hits_per_1k"] == pytest.approx(4000 / 17)
    assert (row["docs_with_hit"], row["share_docs_with_hit"]) == (2, pytest.approx(2 / 3))
    assert (row["terms_matched"], row["share_terms_matched"]) == (2, pytest.approx(0.4))
    assert fit.verdict == "good" and fit.warning == ""
    top = fit.terms
    assert top["term"].tolist() == ["siege", "blockade"] and top["hits"].tolist() == [3, 1]
    assert "[siege]" in top["example"].iloc[0] and top["share_authorial"].iloc[0] == 1.0


def test_poor_and_narrow_fits_say_so():
    words = " ".join(["word"] * 999)
    corpus = _corpus("siege " + words, words, words)  # 1 hit in 3,000 tokens, 1 of 3 documents
    lex = _lex("siege", "blockade")
    fit = analysis.lexicon_fit(corpus, analysis.score(corpus, lex), lex)
    assert fit.verdict == "poor"
    assert "0.33 hits per 1,000 tokens" in fit.warning and "33% of the documents" in fit.warning
    many = _lex("siege", *[f"term{i}" for i in range(9)])  # 1 of 10 terms used
    dense = _corpus("siege siege siege x", "siege y", "siege z")
    narrow = analysis.lexicon_fit(dense, analysis.score(dense, many), many)
    assert narrow.verdict == "narrow" and "10% of its terms" in narrow.warning


def test_fit_from_voiceless_matches():
    corpus = _corpus("a siege", "no")
    lex = _lex("siege")
    found = analysis.find_terms(corpus, lex)
    assert found[["doc_id", "start", "end", "matched"]].values.tolist() == [["d0", 2, 7, "siege"]]
    fit = analysis.lexicon_fit(corpus, found, lex)
    assert fit.summary["hits"].iloc[0] == 1 and pd.isna(fit.terms["share_authorial"].iloc[0])
