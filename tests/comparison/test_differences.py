"""analysis.rate_differences: pairwise differences and ratios of rates, with intervals.

Values are worked out by hand on tiny corpora; the intervals are checked against the rates
table's own resamples (the brief: a group's replicates are the ones rates() uses).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.comparison.differences import DIFFERENCES_COLUMNS, rate_differences
from analysis.comparison.rates import rates
from analysis.corpus.schema import coerce_corpus

HIT_COLS = ["doc_id", "category", "voice", "weight"]


def make_corpus(rows):
    """rows: (doc_id, outlet, n_tokens); text is n_tokens words, so n_tokens is exact and the
    text has no quotes (every token is authorial)."""
    return coerce_corpus(
        pd.DataFrame(
            {
                "doc_id": [r[0] for r in rows],
                "outlet": [r[1] for r in rows],
                "text": [" ".join(["word"] * r[2]) for r in rows],
            }
        )
    )


# A: a1 100 tokens 2 hits, a2 300 tokens 1 hit -> 3 / 400 tokens = 7.5 per 1,000.
# B: b1 200 tokens 1 hit,  b2 200 tokens 0 hits -> 1 / 400 tokens = 2.5 per 1,000.
TINY = make_corpus([("a1", "A", 100), ("a2", "A", 300), ("b1", "B", 200), ("b2", "B", 200)])
TINY_HITS = pd.DataFrame(
    [
        ("a1", "atrocity", "authorial", 1.0),
        ("a1", "atrocity", "authorial", 1.0),
        ("a2", "atrocity", "authorial", 1.0),
        ("b1", "atrocity", "authorial", 1.0),
    ],
    columns=HIT_COLS,
)


def row_of(table, a, b, **where):
    sub = table[(table["group_a"] == a) & (table["group_b"] == b)]
    for k, v in where.items():
        sub = sub[sub[k] == v]
    assert len(sub) == 1, sub
    return sub.iloc[0]


def test_point_estimates_by_hand():
    t = rate_differences(TINY, TINY_HITS, categories=["atrocity"], n_boot=2000, seed=3)
    assert list(t.columns) == DIFFERENCES_COLUMNS
    r = row_of(t, "A", "B")
    assert (r["category"], r["voice"], r["denominator"]) == ("ALL", "all", "all")
    assert r["rate_a"] == pytest.approx(7.5)
    assert r["rate_b"] == pytest.approx(2.5)
    assert r["difference"] == pytest.approx(5.0)  # 7.5 - 2.5
    assert r["ratio"] == pytest.approx(3.0)  # 7.5 / 2.5
    assert (r["n_docs_a"], r["n_docs_b"], r["n_hits_a"], r["n_hits_b"]) == (2, 2, 3, 1)
    assert r["ci_level"] == 0.95 and r["n_pairs"] == 1


def test_two_document_interval_is_the_range_of_resampled_differences():
    # With 2 documents a group's resamples are {x1, x1}, {x1, x2}, {x2, x2}: A's rate is one of
    # 20 (2/100), 7.5 or 3.33 (1/300); B's one of 5 (1/200), 2.5 or 0. The expanded levels
    # (Welch, n = 2 + 2: f^2 = 2, about 1.3 degrees of freedom) are so far out (a < 1e-6) that
    # the limits are the lowest and highest of the 2000 replicates: min A - max B = 10/3 - 5
    # and max A - min B = 20 - 0 (each pair of extremes has probability 1/16 per replicate,
    # so 2000 replicates reach both).
    t = rate_differences(TINY, TINY_HITS, categories=["atrocity"], n_boot=2000, seed=3)
    r = row_of(t, "A", "B")
    assert r["ci_method"] == "expanded-percentile"
    assert r["diff_ci_low"] == pytest.approx(10 / 3 - 5)
    assert r["diff_ci_high"] == pytest.approx(20.0)
    # Ratio: lowest (10/3) / 5 = 2/3; highest 20 / 0: unbounded (B's only hit can be missing).
    assert r["ratio_ci_low"] == pytest.approx(2 / 3)
    assert r["ratio_ci_high"] == np.inf
    assert r["ratio_ci_method"] == "expanded-percentile"


def test_swapping_a_and_b_negates_the_difference_and_inverts_the_ratio():
    corpus, hits = _five_by_six()
    ab = rate_differences(corpus, hits, pairs=[("A", "B")], n_boot=400, seed=9)
    ba = rate_differences(corpus, hits, pairs=[("B", "A")], n_boot=400, seed=9)
    x, y = ab.iloc[0], ba.iloc[0]
    assert y["difference"] == pytest.approx(-x["difference"])
    assert y["diff_ci_low"] == pytest.approx(-x["diff_ci_high"])
    assert y["diff_ci_high"] == pytest.approx(-x["diff_ci_low"])
    assert y["ratio"] == pytest.approx(1 / x["ratio"])
    assert y["ratio_ci_low"] == pytest.approx(1 / x["ratio_ci_high"])
    assert y["ratio_ci_high"] == pytest.approx(1 / x["ratio_ci_low"])
    assert x["diff_ci_low"] < x["difference"] < x["diff_ci_high"]


def test_intervals_are_deterministic_for_a_seed():
    corpus, hits = _five_by_six()
    one = rate_differences(corpus, hits, n_boot=300, seed=4)
    two = rate_differences(corpus, hits, n_boot=300, seed=4)
    other = rate_differences(corpus, hits, n_boot=300, seed=5)
    pd.testing.assert_frame_equal(one, two)
    assert not np.allclose(one["diff_ci_low"], other["diff_ci_low"])
    # Point estimates do not depend on the seed.
    assert np.allclose(one["difference"], other["difference"])


def _five_by_six():
    """A: 5 documents of 200 tokens with 0, 1, 2, 3, 6 hits (12 / 1000 = 12 per 1,000).
    B: 6 documents of 100 tokens with 1, 0, 0, 2, 0, 1 hits (4 / 600 = 6.67 per 1,000).
    Z: 4 documents of 150 tokens, no hit."""
    rows = [(f"a{i}", "A", 200) for i in range(5)] + [(f"b{i}", "B", 100) for i in range(6)]
    rows += [(f"z{i}", "Z", 150) for i in range(4)]
    hits = []
    for i, n in enumerate([0, 1, 2, 3, 6]):
        hits += [(f"a{i}", "atrocity", "authorial", 1.0)] * n
    for i, n in enumerate([1, 0, 0, 2, 0, 1]):
        hits += [(f"b{i}", "atrocity", "quoted", 1.0)] * n
    return make_corpus(rows), pd.DataFrame(hits, columns=HIT_COLS)


def test_a_group_s_replicates_are_those_of_the_rates_table():
    # Z has no hit: every replicate of its rate is 0, so A - Z has exactly A's replicates, and
    # its percentile interval must be A's percentile interval in the rates table (same seed key,
    # same resampling weights); Z - A has minus A's replicates.
    corpus, hits = _five_by_six()
    r = rates(corpus, hits, n_boot=500, seed=21, ci_method="percentile")
    a = r[(r["group"] == "A") & (r["category"] == "ALL") & (r["voice"] == "all")].iloc[0]
    opts = {"n_boot": 500, "seed": 21, "ci_method": "percentile"}
    az = rate_differences(corpus, hits, pairs=[("A", "Z")], **opts).iloc[0]
    za = rate_differences(corpus, hits, pairs=[("Z", "A")], **opts).iloc[0]
    assert (az["diff_ci_low"], az["diff_ci_high"]) == (a["ci_low"], a["ci_high"])
    assert za["diff_ci_low"] == pytest.approx(-a["ci_high"])
    assert za["diff_ci_high"] == pytest.approx(-a["ci_low"])
    # The default: with Z's variance 0 the Welch levels are Hesterberg's for A's 5 documents,
    # so A - Z is A's own (expanded percentile) interval of the rates table.
    r_auto = rates(corpus, hits, n_boot=500, seed=21)
    a_auto = r_auto[
        (r_auto["group"] == "A") & (r_auto["category"] == "ALL") & (r_auto["voice"] == "all")
    ].iloc[0]
    d_auto = rate_differences(corpus, hits, pairs=[("A", "Z")], n_boot=500, seed=21)
    assert a_auto["ci_method"] == "expanded-percentile"
    assert d_auto["diff_ci_low"].iloc[0] == pytest.approx(a_auto["ci_low"])
    assert d_auto["diff_ci_high"].iloc[0] == pytest.approx(a_auto["ci_high"])


def test_voices_and_own_voice_denominator_match_the_rates_table():
    # Hits: A's are authorial, B's quoted. The texts have no quotation marks, so every token is
    # authorial and B's quoted words number 0: its quoted rate per quoted word is undefined.
    corpus, hits = _five_by_six()
    r = rates(corpus, hits, n_boot=200, seed=2).set_index(["group", "category", "voice"])
    d = rate_differences(
        corpus,
        hits,
        pairs=[("A", "B")],
        voice=["all", "authorial", "quoted"],
        denominator=["all", "voice"],
        n_boot=200,
        seed=2,
    )
    # voice "all" per its own voice is the same number as per all tokens: listed once
    assert len(d) == 5
    auth_all = row_of(d, "A", "B", voice="authorial", denominator="all")
    assert auth_all["rate_a"] == pytest.approx(r.loc[("A", "ALL", "authorial"), "rate_per_1k"])
    assert auth_all["rate_a"] == pytest.approx(12.0) and auth_all["rate_b"] == 0.0
    auth_own = row_of(d, "A", "B", voice="authorial", denominator="voice")
    assert auth_own["rate_a"] == pytest.approx(
        r.loc[("A", "ALL", "authorial"), "rate_per_1k_voice"]
    )
    quoted = row_of(d, "A", "B", voice="quoted", denominator="all")
    assert quoted["rate_b"] == pytest.approx(4 / 600 * 1000)
    assert quoted["difference"] == pytest.approx(-4 / 600 * 1000)
    q_own = row_of(d, "A", "B", voice="quoted", denominator="voice")
    assert np.isnan(q_own["rate_b"]) and np.isnan(q_own["difference"])
    assert q_own["ci_method"] == "none"


def test_every_pair_by_default_and_bonferroni_widens():
    corpus, hits = _five_by_six()
    plain = rate_differences(corpus, hits, n_boot=2000, seed=1)
    assert list(zip(plain["group_a"], plain["group_b"], strict=True)) == [
        ("A", "B"),
        ("A", "Z"),
        ("B", "Z"),
    ]
    bonf = rate_differences(corpus, hits, n_boot=2000, seed=1, adjust="bonferroni")
    # 3 pairs: each interval at 1 - 0.05/3 = 98.33%, from the same replicates, so wider.
    assert bonf["ci_level"].iloc[0] == pytest.approx(1 - 0.05 / 3)
    assert (bonf["n_pairs"] == 3).all()
    assert (bonf["diff_ci_low"] <= plain["diff_ci_low"]).all()
    assert (bonf["diff_ci_high"] >= plain["diff_ci_high"]).all()
    assert (bonf["diff_ci_high"] - bonf["diff_ci_low"]).iloc[0] > (
        plain["diff_ci_high"] - plain["diff_ci_low"]
    ).iloc[0]


def test_a_group_left_empty_by_dedup_gives_no_interval():
    corpus, hits = _five_by_six()
    corpus["is_canonical"] = ~corpus["outlet"].eq("Z")  # Z's documents are all copies
    d = rate_differences(corpus, hits, pairs=[("A", "Z")], n_boot=100, seed=1)
    r = d.iloc[0]
    assert r["n_docs_b"] == 0 and np.isnan(r["rate_b"]) and np.isnan(r["difference"])
    assert r["ci_method"] == "none" and np.isnan(r["diff_ci_low"])
    # Such a pair is no comparison: of A-B, A-Z, B-Z only A-B can have an interval, so the
    # family has 1 pair and Bonferroni leaves the level at 95%.
    every = rate_differences(corpus, hits, n_boot=100, seed=1, adjust="bonferroni")
    assert len(every) == 3 and (every["n_pairs"] == 1).all() and (every["ci_level"] == 0.95).all()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"pairs": [("A", "Q")]}, "group\\(s\\) Q not in the corpus"),
        ({"pairs": [("A", "A")]}, "compares a group with itself"),
        ({"pairs": [("A", "B"), ("B", "A")]}, "listed twice"),
        ({"pairs": ["AB"]}, "tuples"),
        ({"category": "euphemism"}, "not among the lexicon's categories"),
        ({"voice": "shouted"}, "voice must be among"),
        ({"denominator": "words"}, "denominator must be"),
        ({"adjust": "holm"}, "adjust must be one of"),
        ({"ci_method": "bca"}, "ci_method must be one of"),
        ({"ci": 95}, "ci must be between 0 and 1"),
    ],
)
def test_bad_options_are_named(kwargs, message):
    corpus, hits = _five_by_six()
    with pytest.raises(ValueError, match=message):
        rate_differences(corpus, hits, n_boot=50, **kwargs)


def test_many_pairs_are_computed_in_chunks_with_the_same_result(monkeypatch):
    import importlib

    module = importlib.import_module("analysis.comparison.differences")
    corpus, hits = _five_by_six()
    whole = rate_differences(corpus, hits, voice=["all", "authorial"], n_boot=200, seed=8)
    # 200 resamples x 2 columns = 400 cells per pair: a limit of 500 cells gives one pair per chunk
    monkeypatch.setattr(module, "_MAX_CONTRAST_CELLS", 500)
    chunked = rate_differences(corpus, hits, voice=["all", "authorial"], n_boot=200, seed=8)
    pd.testing.assert_frame_equal(whole, chunked)


def test_compare_includes_differences_and_skips_them_for_too_many_groups(monkeypatch, caplog):
    import importlib

    import analysis

    module = importlib.import_module("analysis.comparison.pipeline")  # where compare() reads it
    corpus, hits = _five_by_six()
    c = analysis.compare(corpus, hits, n_boot=100, seed=1)
    # 3 pairs x (1 category + ALL) x 7 voice/denominator combinations
    assert len(c.differences) == 3 * 2 * 7 and "differences" in c.tables()
    monkeypatch.setattr(module, "DIFFERENCES_MAX_GROUPS", 2)
    skipped = analysis.compare(corpus, hits, n_boot=100, seed=1)
    assert skipped.differences is None and "differences" not in skipped.tables()
    assert "not computed" in skipped.params["differences"]
    assert "pairwise differences not computed" in caplog.text
