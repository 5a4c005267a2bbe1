"""The lexicon learned from annotators' marked words (analysis.models.marked), on tiny invented
sentences with values worked out by hand (no BABE text)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

import analysis
from analysis.models import marked as M

# Three invented sentences. Distinct tokens: 4 + 3 + 3 = 10 (sentence, token) pairs, one marked.
TEXTS = ["The radical plan failed.", "A radical idea.", "The plan worked."]
MARKED = [["radical"], [], []]


def test_sequences_join_phrases_only_across_spaces_and_hyphens():
    s = M._seq("The far-right group, left.")
    assert s.raw == ("the", "far", "right", "group", "left")
    assert s.join == (True, True, True, False)  # the comma breaks a phrase
    grams = {t for _, _, t in M._grams(s, 3)}
    assert "far right group" in grams
    assert "group left" not in grams


def test_possessive_one_word_term_is_the_marked_form():
    s = M._seq("Trump\u2019s wall")
    assert s.norm == ("trump", "wall")
    assert s.raw == ("trump's", "wall")  # a phrase keeps the apostrophe, as the matcher needs
    assert [t for n, _, t in M._grams(s, 2) if n == 2] == ["trump's wall"]


def test_marked_term_rates_by_hand():
    r = analysis.marked_term_rates(TEXTS, MARKED, family_prior=1.0, form_prior=2.0, max_n=1)
    assert r.loc["radical", "n_docs"] == 2
    assert r.loc["radical", "n_marked"] == 1
    assert r.loc["radical", "marked_rate"] == 0.5
    assert r.loc["plan", "marked_rate"] == 0.0
    # p0 = 1 marked pair / 10 pairs; family "radic" has 1 of 2
    p_fam = (1 + 1.0 * 0.1) / (2 + 1.0)  # 0.36667
    assert r.loc["radical", "p_family"] == pytest.approx(p_fam)
    assert r.loc["radical", "p_marked"] == pytest.approx((1 + 2.0 * p_fam) / (2 + 2.0))  # 0.4333
    # an unmarked word is pulled towards its family's rate, which is pulled towards p0
    p_fam_plan = (0 + 1.0 * 0.1) / (2 + 1.0)
    assert r.loc["plan", "p_marked"] == pytest.approx((0 + 2.0 * p_fam_plan) / 4)


def test_inducer_threshold_and_inflections():
    est = analysis.MarkedLexiconInducer(threshold=0.4, family_prior=1.0, form_prior=2.0, max_n=1)
    assert est.fit(TEXTS, MARKED) is est
    assert est.p0_ == pytest.approx(0.1)
    assert est.n_docs_ == 3
    terms = est.terms_
    assert terms.loc["radical", "kind"] == "seen"
    assert terms.loc["radical", "p_marked"] == pytest.approx(0.43333, abs=1e-4)
    # "radicals" never occurs: added as an inflection with the family's rate (0.3667 < 0.4: out)
    assert "radicals" not in terms.index
    est2 = analysis.MarkedLexiconInducer(
        threshold=0.35, family_prior=1.0, form_prior=2.0, max_n=1
    ).fit(TEXTS, MARKED)
    assert est2.terms_.loc["radicals", "kind"] == "inflection"
    assert est2.terms_.loc["radicals", "p_marked"] == pytest.approx(1.1 / 3)
    # "radicalled" is an inflection the stemmer puts in another family: not generated
    assert "radicalled" not in est2.terms_.index
    no_inflect = analysis.MarkedLexiconInducer(threshold=0.35, max_n=1, inflect=False)
    assert "radicals" not in no_inflect.fit(TEXTS, MARKED).terms_.index
    est3 = analysis.MarkedLexiconInducer(threshold=0.45, max_n=1).fit(TEXTS, MARKED)
    assert "radical" not in est3.terms_.index


def test_scikit_learn_conventions():
    est = analysis.MarkedLexiconInducer(threshold=0.2, phrase_threshold=None)
    assert est.get_params()["threshold"] == 0.2
    assert est.get_params()["phrase_threshold"] is None
    assert est.set_params(threshold=0.3) is est and est.threshold == 0.3
    with pytest.raises(ValueError, match="thresh"):
        est.set_params(thresh=1)
    fitted = est.fit(TEXTS, MARKED)
    copy = clone(fitted)
    assert copy.get_params() == fitted.get_params() and not hasattr(copy, "terms_")
    assert list(fitted.get_feature_names_out()) == list(fitted.terms_.index)


# "far left" is marked as a phrase; "left" alone (directions) never is.
PHRASE_TEXTS = [
    "The far-left mob rioted.",
    "A far-left group marched.",
    "Turn left here.",
    "He left early.",
    "Keep left now.",
]
PHRASE_MARKED = [["far-left"], ["far-left"], [], [], []]


def test_phrase_kept_for_the_tokens_it_adds():
    est = analysis.MarkedLexiconInducer(
        threshold=0.5, phrase_threshold=0.5, phrase_prior=0.0, family_prior=0.0,
        form_prior=0.0, max_n=2, inflect=False,
    ).fit(PHRASE_TEXTS, PHRASE_MARKED)  # fmt: skip
    t = est.terms_
    # with no smoothing: far 2/2 marked (kept), left 2/5 (not kept)
    assert t.loc["far", "p_marked"] == 1.0
    assert "left" not in t.index
    # "far left" adds the token "left" in 2 documents, marked in both: rate 1.0, kept
    assert t.loc["far left", "kind"] == "phrase"
    assert t.loc["far left", "n_added"] == 2 and t.loc["far left", "n_added_marked"] == 2
    # other phrases add unmarked tokens only ("left mob": "mob" unmarked, once): not kept
    assert "left mob" not in t.index
    # matched leftmost-longest, the phrase flags far+left in the first two sentences only
    counts = analysis.token_f1_counts(PHRASE_TEXTS, PHRASE_MARKED, t.index, max_n=2)
    assert counts.tolist() == [4, 4, 4]  # |P| = 4, |P∩G| = 4, |G| = 4


def test_fast_counts_equal_the_product():
    est = analysis.MarkedLexiconInducer(
        threshold=0.3, phrase_threshold=0.5, max_n=2, inflect=False
    ).fit(PHRASE_TEXTS, PHRASE_MARKED)
    lex = est.to_lexicon()
    assert list(lex.entries.columns[:4]) == ["term", "category", "weight", "note"]
    corpus = analysis.coerce_corpus(
        pd.DataFrame({"doc_id": [f"d{i}" for i in range(5)], "outlet": "x", "text": PHRASE_TEXTS})
    )
    corpus["marked_words"] = PHRASE_MARKED
    hits = analysis.score(corpus, lex)
    ov = analysis.marked_word_overlap(corpus, hits, n_boot=10, label=None, cluster=None)
    row = ov[ov["level"] == "token"].iloc[0]
    fast = analysis.token_f1_counts(PHRASE_TEXTS, PHRASE_MARKED, est.terms_.index, max_n=2)
    assert fast.tolist() == [row["n_predicted"], row["n_predicted_correct"], row["n_gold"]]
    assert analysis.marked_token_counts(corpus, hits).sum(axis=0).tolist() == fast.tolist()


def test_tune_chooses_from_the_grid_and_is_deterministic():
    texts = PHRASE_TEXTS * 4
    marked = PHRASE_MARKED * 4
    groups = np.repeat(np.arange(10), 2)
    grid = {
        "threshold": (0.2, 0.9),
        "family_prior": (1.0,),
        "form_prior": (2.0,),
        "phrase_threshold": (None,),
    }
    est, table = analysis.tune_marked_inducer(
        texts, marked, groups=groups, n_splits=2, seed=3, grid=grid
    )
    assert est.threshold in (0.2, 0.9)
    assert not hasattr(est, "terms_")  # returned unfitted
    assert len(table) == 2 and table["f1"].is_monotonic_decreasing
    # a threshold of 0.9 keeps only words always marked ("far"): lower recall
    by_t = table.set_index("threshold")
    assert by_t.loc[0.9, "recall"] <= by_t.loc[0.2, "recall"]
    _, again = analysis.tune_marked_inducer(
        texts, marked, groups=groups, n_splits=2, seed=3, grid=grid
    )
    pd.testing.assert_frame_equal(table, again)
    with pytest.raises(ValueError, match="may not vary"):
        analysis.tune_marked_inducer(texts, marked, groups=groups, grid={"max_n": (1, 2)})


def test_bad_marked_words_are_refused():
    with pytest.raises(ValueError, match="list of strings"):
        analysis.MarkedLexiconInducer().fit(["A text."], ["radical"])
    with pytest.raises(ValueError, match="1 texts but 2"):
        analysis.MarkedLexiconInducer().fit(["A text."], [[], []])
