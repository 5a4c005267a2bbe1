"""Bounded cost on any text (issue 11): no document can stop a run or make it quadratic.

These run at sizes where the old costs showed (a 200 KB line stored 2.3 GB of hits; 100,000
one-word sentences took 149 s), and assert what must hold; the times themselves are measured by
`make bench`, never here.
"""

from __future__ import annotations

import pandas as pd

import analysis
from analysis.scoring.hits import SENTENCE_WINDOW

LEXICON = analysis.Lexicon.from_frame(
    pd.DataFrame({"term": ["massacre", "genocide"], "category": ["atrocity", "atrocity"]})
)


def _corpus(*texts: str) -> pd.DataFrame:
    return analysis.coerce_corpus(pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(texts))], "outlet": ["X"] * len(texts),
        "text": list(texts),
    }))


def test_a_long_line_dense_with_hits_is_scored_with_bounded_storage():
    words = ("officials said the massacre was a genocide and the siege went on " * 8_000).split()
    line = " ".join(words)  # about 520 KB, no sentence break, 16,000 hits
    st = analysis.score_tables(_corpus(line, "A massacre. Another sentence."), LEXICON)
    hits = st.hits
    assert len(hits) == 16_001
    assert hits["sentence"].str.len().max() <= SENTENCE_WINDOW
    assert (hits["sentence_end"] - hits["sentence_start"]).max() <= SENTENCE_WINDOW
    text = line
    for _, h in hits[hits["doc_id"] == "d0"].iloc[::997].iterrows():
        assert text[h["start"]:h["end"]] == h["matched"]
        assert text[h["sentence_start"]:h["sentence_end"]] == h["sentence"]
    assert st.voice_tokens["authorial_tokens"].sum() + st.voice_tokens["reported_tokens"].sum() > 0


def test_a_text_of_one_word_sentences_is_read_whole():
    text = " ".join(f"Word{i}." for i in range(40_000)) + " The massacre."
    st = analysis.score_tables(_corpus(text), LEXICON)
    assert len(st.sentences) == 40_001
    assert st.hits["sentence"].tolist() == ["The massacre."]


def test_deeply_nested_and_unbalanced_quotes_do_not_blow_up():
    nested = "".join("\u201cShe said \u2018he wrote " for _ in range(3_000)) + "massacre"
    unbalanced = " ".join("\u201cgenocide" for _ in range(5_000))
    st = analysis.score_tables(_corpus(nested, unbalanced), LEXICON)
    assert set(st.hits["doc_id"]) == {"d0", "d1"}
    assert len(st.hits) == 5_001
