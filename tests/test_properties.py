"""Property-based tests (hypothesis): for any text and lexicon, matching, voice and statistics
keep their contracts (issue 11). Sizes stay small: the point is the variety of inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import analysis
from analysis.lexicons.terms import term_problem

# Text: any Unicode, with a bias towards what news holds (letters, spaces, quotes of every
# style, apostrophes, dashes, line breaks) so the interesting paths are reached often.
NEWSY = st.sampled_from(list("abc XYZ éß Ω 中 .,;:!?'\"“”‘’«»—–-()\n\n\t") + ["genocide", "said"])
TEXTS = st.one_of(st.text(max_size=300), st.lists(NEWSY, max_size=120).map("".join))
WORDS = st.text(alphabet=st.characters(categories=("Ll", "Lu", "Nd")), min_size=1, max_size=8)
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _lexicon(terms):
    terms = sorted({t for t in terms if term_problem(t) is None})
    assume(terms)
    return analysis.Lexicon.from_frame(pd.DataFrame({"term": terms, "category": ["c"] * len(terms)}))


@SETTINGS
@given(TEXTS, st.lists(WORDS, min_size=1, max_size=5), st.data())
def test_matches_are_exact_slices_of_the_text(text, words, data):
    # terms: random words, and words cut out of the text itself so that matches happen
    found = text.split()
    if found:
        words = words + data.draw(st.lists(st.sampled_from(found), max_size=3))
    lexicon = _lexicon(words)
    matcher = analysis.Matcher(lexicon)
    terms = lexicon.entries["term"].tolist()
    previous_end = 0
    for m in matcher.find(text):
        assert 0 <= m.start < m.end <= len(text)
        assert m.start >= previous_end  # sorted, and no two hits share a character
        previous_end = m.end
        # the slice is the term, up to case (the terms here are single words)
        assert analysis.fold_text(text[m.start:m.end]) == analysis.fold_text(terms[m.entry_index])


@SETTINGS
@given(st.lists(TEXTS.filter(lambda t: t.strip()), min_size=1, max_size=4))
def test_voice_never_fails_and_spans_lie_in_the_text(texts):
    corpus = analysis.coerce_corpus(pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(texts))], "outlet": ["X"] * len(texts),
        "text": texts}))
    corpus = corpus[corpus["text"].str.strip() != ""]
    assume(len(corpus))
    st_ = analysis.score_tables(corpus, _lexicon(["genocide", "said", "abc"]))
    text_of = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    for d, s, e, m in zip(st_.hits["doc_id"], st_.hits["start"], st_.hits["end"],
                          st_.hits["matched"], strict=True):
        assert text_of[d][s:e] == m
    for d, s, e in zip(st_.attributions["doc_id"], st_.attributions["start"],
                       st_.attributions["end"], strict=True):
        assert 0 <= s <= e <= len(text_of[d])
    assert set(st_.hits["voice"]) <= {"authorial", "quoted", "reported"}
    vt = st_.voice_tokens.set_index("doc_id")
    for d, n in zip(corpus["doc_id"], corpus["n_tokens"], strict=True):
        assert vt.loc[d].sum() == n  # every token has exactly one voice


@SETTINGS
@given(st.lists(TEXTS.filter(lambda t: t.strip()), min_size=2, max_size=5), st.randoms())
def test_hits_do_not_depend_on_document_order(texts, rnd):
    corpus = analysis.coerce_corpus(pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(texts))], "outlet": ["X"] * len(texts),
        "text": texts}))
    corpus = corpus[corpus["text"].str.strip() != ""].reset_index(drop=True)
    assume(len(corpus) >= 2)
    order = list(range(len(corpus)))
    rnd.shuffle(order)
    lexicon = _lexicon(["genocide", "said", "abc"])
    a = analysis.score(corpus, lexicon)
    b = analysis.score(corpus.iloc[order].reset_index(drop=True), lexicon)
    pd.testing.assert_frame_equal(a, b)  # both sorted by doc_id and start


@SETTINGS
@given(
    st.integers(1, 40).flatmap(lambda n: st.tuples(
        st.lists(st.integers(0, 5), min_size=n, max_size=n),
        st.lists(st.integers(0, 50), min_size=n, max_size=n))),
    st.sampled_from(["auto", "percentile", "expanded-percentile", "studentized", "bca"]),
    st.integers(0, 10_000),
)
def test_an_interval_contains_its_estimate(counts, method, seed):
    num, den = (np.array(x, dtype=float) for x in counts)
    num = np.minimum(num, den)  # hits cannot outnumber tokens
    res = analysis.bootstrap_ratio(num, den, n_boot=200, seed=seed, method=method,
                                   scale=1000.0, bounds=(0.0, None))
    if np.isfinite(res.ci_low) and np.isfinite(res.ci_high):
        assert res.ci_low <= res.estimate + 1e-9 and res.estimate <= res.ci_high + 1e-9
        assert res.ci_low >= 0.0
