"""analysis.synthetic: the generated corpus is well-formed and carries what was planted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.corpus.schema import validate_corpus
from analysis.evaluation.synthetic import synthetic_corpus
from analysis.scoring.hits import HITS_COLUMNS
from analysis.text.tokens import count_tokens

RATES = {"alpha": {"atrocity_claim": 4.0, "force_triumph": 1.0}, "beta": {"atrocity_claim": 8.0}}


@pytest.fixture(scope="module")
def small():
    return synthetic_corpus(RATES, n_docs=12, seed=3, signatures={"alpha": ["zorblat"]})


def test_corpus_follows_the_schema_and_token_counts(small):
    corpus = small.corpus
    validate_corpus(corpus)
    assert len(corpus) == 24
    assert corpus["outlet"].value_counts().to_dict() == {"alpha": 12, "beta": 12}
    # n_tokens is the count of analysis.tokens in the text, as the schema requires.
    assert [count_tokens(t) for t in corpus["text"]] == corpus["n_tokens"].tolist()
    assert corpus["is_canonical"].all()


def test_hits_follow_the_score_contract_with_exact_offsets(small):
    hits = small.hits
    assert list(hits.columns) == HITS_COLUMNS
    text = dict(zip(small.corpus["doc_id"], small.corpus["text"], strict=True))
    for row in hits.itertuples():
        assert text[row.doc_id][row.start : row.end] == row.matched
        assert row.matched.lower() == row.term
        assert text[row.doc_id][row.sentence_start : row.sentence_end] == row.sentence
        assert row.sentence_start <= row.start < row.end <= row.sentence_end
    assert hits.equals(hits.sort_values(["doc_id", "start"]).reset_index(drop=True))
    assert set(hits["voice"]) <= {"authorial", "quoted", "reported"}


def test_voices_are_written_into_the_text(small):
    text = dict(zip(small.corpus["doc_id"], small.corpus["text"], strict=True))
    for row in small.hits.itertuples():
        t = text[row.doc_id]
        if row.voice == "quoted":
            assert t[row.start - 1] == "\u201c" and t[row.end] == "\u201d"
        elif row.voice == "reported":
            assert t[: row.start].lower().endswith("officials warned of ")
            assert row.speaker == "officials"
        else:
            assert pd.isna(row.speaker)


def test_same_seed_same_corpus_other_seed_other_corpus():
    a = synthetic_corpus(RATES, n_docs=5, seed=11)
    b = synthetic_corpus(RATES, n_docs=5, seed=11)
    c = synthetic_corpus(RATES, n_docs=5, seed=12)
    pd.testing.assert_frame_equal(a.corpus, b.corpus)
    pd.testing.assert_frame_equal(a.hits, b.hits)
    assert not a.corpus["text"].equals(c.corpus["text"])


def test_truth_table_lists_planted_rates(small):
    t = small.truth.set_index(["outlet", "category", "voice"])["rate_per_1k"]
    assert t[("alpha", "atrocity_claim", "all")] == 4.0
    assert t[("alpha", "ALL", "all")] == 5.0  # 4 + 1
    assert t[("beta", "force_triumph", "all")] == 0.0
    # voices split the rate by the default shares 0.5 / 0.3 / 0.2
    assert t[("beta", "atrocity_claim", "quoted")] == pytest.approx(8.0 * 0.3)


def test_planted_rates_are_recovered_in_a_large_sample():
    # 800 documents of ~400 tokens per outlet (~320,000 tokens): with overdispersion k = 0.5 the
    # relative standard error of a pooled rate near 4/1,000 is about sqrt((1 + 1/k) / hits)
    # ~ sqrt(3 / 1,280) ~ 5%, so 15% is a 3-sigma band.
    sc = synthetic_corpus(RATES, n_docs=800, seed=5)
    hits = sc.hits.groupby(["outlet", "category"]).size()
    tokens = sc.corpus.groupby("outlet")["n_tokens"].sum()
    for outlet, cats in RATES.items():
        for cat, rate in cats.items():
            est = 1000 * hits[(outlet, cat)] / tokens[outlet]
            assert est == pytest.approx(rate, rel=0.15), (outlet, cat, est)
    quoted = (sc.hits["voice"] == "quoted").mean()
    assert quoted == pytest.approx(0.3, abs=0.03)  # binomial sd over ~4,000 hits: 0.007
    assert sc.params["n_docs_lengthened"] == 0


def test_overdispersion_makes_hits_bursty():
    # Variance/mean of per-document counts, adjusted for length: ~1 for Poisson (k=None),
    # ~1 + mean/k for gamma-Poisson. With mean ~1.6 hits per document and k = 0.3 that is ~6.
    def dispersion(k):
        sc = synthetic_corpus(
            {"o": {"atrocity_claim": 4.0}}, n_docs=600, length_sd=0.0, overdispersion=k, seed=2
        )
        counts = sc.hits.groupby("doc_id").size().reindex(sc.corpus["doc_id"], fill_value=0)
        return counts.var() / counts.mean()

    assert dispersion(None) == pytest.approx(1.0, abs=0.25)
    assert dispersion(0.3) > 3.0


def test_signature_words_only_in_their_outlet(small):
    # Each alpha document of ~400 tokens gets Poisson(3/1,000 * 400 = 1.2) occurrences, so about
    # 1 - e^-1.2 = 70% of them have one; 3 of 12 is far below that.
    has = small.corpus["text"].str.lower().str.contains("zorblat")
    assert has[small.corpus["outlet"] == "alpha"].sum() >= 3
    assert not has[small.corpus["outlet"] == "beta"].any()


def test_planted_hits_are_what_the_scorer_finds(small):
    # The same terms scored with analysis.score: the matcher must find every planted span and
    # nothing else (filler pseudo-words never collide with a term).
    lex = analysis.Lexicon.from_frame(small.lexicon)
    found = analysis.score(small.corpus, lex)
    key = ["doc_id", "start", "end", "term", "category"]
    got = found[key].astype(str).sort_values(key).reset_index(drop=True)
    want = small.hits[key].astype(str).sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"rates": {"o": {"unknown_cat": 1.0}}},
            "category 'unknown_cat' of outlet 'o' has no terms",
        ),
        ({"rates": {"o": {"atrocity_claim": -1.0}}}, "must be >= 0"),
        ({"rates": {}}, "at least one outlet"),
        ({"n_docs": {"x": 3}}, "n_docs has no entry for outlet"),
        ({"overdispersion": 0}, "overdispersion"),
        ({"voice_shares": {"authorial": 0.5, "quoted": 0.2}}, "sum to 1"),
        ({"voice_shares": {"narrator": 1.0}}, "unknown voice"),
        ({"signatures": {"gamma": ["w"]}}, "not in rates"),
    ],
)
def test_bad_arguments_are_named(kwargs, message):
    args = {"rates": {"o": {"atrocity_claim": 1.0}}, "n_docs": 2}
    args.update(kwargs)
    rates = args.pop("rates")
    with pytest.raises(ValueError, match=message):
        synthetic_corpus(rates, **args)


def test_filler_is_not_english_and_sentences_end_with_full_stops(small):
    text = small.corpus["text"].iloc[0]
    assert text.endswith(".")
    words = set(analysis.tokenize(text, lowercase=True))
    assert not words & {"the", "and", "said", "genocide"} - set(small.hits["term"])
    assert np.mean([len(s.split()) for s in text.split(". ")]) > 5


# ---------------------------------------------------------------- planted voices and studies


def test_planted_attributions_give_the_planted_token_voices(small):
    att = small.attributions
    assert list(att.columns) == ["doc_id", "start", "end", "kind", "speaker", "text"]
    non_authorial = small.hits[small.hits["voice"] != "authorial"]
    assert len(att) == len(non_authorial)
    vt = analysis.voice_token_counts(small.corpus, attributions=att).set_index("doc_id")
    # A planted quote or report is its term: "ethnic cleansing" is 2 tokens, the others 1
    # ("iron fist" and "crushing victory" 2 as well).
    words = non_authorial.assign(n=non_authorial["term"].str.count(" ") + 1)
    per_doc = words.groupby(["doc_id", "voice"])["n"].sum().unstack(fill_value=0)
    per_doc = per_doc.reindex(vt.index, fill_value=0)
    assert (vt["quoted_tokens"] == per_doc.get("quoted", 0)).all()
    assert (vt["reported_tokens"] == per_doc.get("reported", 0)).all()
    n_tok = small.corpus.set_index("doc_id")["n_tokens"]
    assert (vt.sum(axis=1) == n_tok.reindex(vt.index)).all()


def test_interval_summary_by_hand():
    from analysis.evaluation.interval_studies import interval_summary

    cells = pd.DataFrame(
        {
            "statistic": "rate",
            "burstiness": "high",
            "n_docs": 8,
            "method": "percentile",
            "method_used": ["percentile"] * 4 + ["degenerate", "percentile"],
            "cell": list("abcdef"),
            "truth": [10.0, 10.0, 10.0, 10.0, 5.0, 20.0],
            "estimate": [9.0, 12.0, 4.0, 10.0, 0.0, 21.0],
            "ci_low": [5.0, 11.0, 2.0, 1.0, 0.0, 12.0],
            "ci_high": [15.0, 14.0, 6.0, 13.0, 0.0, 30.0],
            "covered": [True, False, False, True, False, True],
            "n_informative": 8,
            "n_docs_with": 3,
            "total": [False] * 5 + [True],
            "incoherent": [np.nan] * 5 + [True],
        }
    )
    s = interval_summary(cells).iloc[0]
    # Parts a-d have an interval (e is degenerate, f is a total): a and d cover, b misses low
    # (truth 10 < 11), c misses high (10 > 6).
    assert (s["coverage"], s["miss_low"], s["miss_high"]) == (0.5, 0.25, 0.25)
    # widths relative to the truth: 1.0, 0.3, 0.4, 1.2 -> median 0.7
    assert s["width_median"] == pytest.approx(0.7)
    # lower arm > 2 x upper arm: d only (9 vs 3)
    assert s["down_heavy"] == pytest.approx(0.25)
    assert (s["incoherent"], s["n_cells"], s["n_degenerate"], s["n_none"]) == (1.0, 4, 1, 0)
    assert s["degenerate_covered"] == 0.0 and s["fallback"] == 0.0


@pytest.mark.parametrize("statistic", ["share", "mean"])
def test_ratio_studies_are_centred_on_their_truth(statistic):
    from analysis.evaluation.interval_studies import interval_study

    # 40 documents x 600 cells: the ratio of sums is consistent, so its mean error over the
    # cells is within 3 standard errors of 0 (for the mean tone this checks the Gauss-Hermite
    # truth against the generator). The same seed gives the same cells.
    runs = [
        interval_study(
            statistic,
            sizes=(40,),
            burstiness=("low",),
            methods=("percentile",),
            n_cells=600,
            n_boot=50,
            seed=3,
        )
        for _ in range(2)
    ]
    cells = runs[0]
    err = (cells["estimate"] - cells["truth"]).dropna()
    assert len(err) > 550
    assert abs(err.mean()) < 3 * err.std() / np.sqrt(len(err))
    pd.testing.assert_frame_equal(cells, runs[1])


def test_interval_study_arguments_are_checked():
    from analysis.evaluation.interval_studies import interval_study

    with pytest.raises(ValueError, match="statistic must be one of"):
        interval_study("median")
    with pytest.raises(ValueError, match="burstiness must be among"):
        interval_study("rate", burstiness=("extreme",))
    with pytest.raises(ValueError, match="at least 2 documents"):
        interval_study("share", sizes=(1,), n_cells=10)
