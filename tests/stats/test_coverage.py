"""Statistical proof on synthetic corpora with planted rates (issue 5, point 7).

One corpus of 150 outlets x 40 documents (~150 tokens each), two categories per outlet with
planted rates drawn between 4 and 16 hits per 1,000 tokens (about 1.5 hits per document and
category on average), and document-level overdispersion
(gamma multiplier with shape k = 0.5, i.e. a document's expected count varies with variance
2x its mean: bursty, as loaded terms are). That gives 300 independent outlet x category cells
(different outlets share no document; within an outlet the two categories have independent
multipliers).

Tolerance for coverage: if each 95% interval covers with probability 0.95, the share covering
among 300 cells has binomial sd sqrt(0.95 * 0.05 / 300) = 0.0126; the test accepts 0.95 +/- 3 sd,
i.e. [0.912, 0.988]. The run is seeded, so the outcome is fixed; the band says how far from 95%
a correct method could land by chance.

n_boot = 400: the 2.5% and 97.5% bootstrap quantiles then rest on ~10 resamples each side; a
larger n_boot moved the measured coverage by less than one percentage point here (docs/statistics.md)
and would make the test several times slower.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from analysis.comparison.rates import rates
from analysis.evaluation.synthetic import synthetic_corpus
from analysis.stats.intervals import poisson_rate_interval

N_OUTLETS, N_DOCS, SEED = 150, 40, 2024
NOMINAL = 0.95
N_CELLS = 2 * N_OUTLETS
SD = math.sqrt(NOMINAL * (1 - NOMINAL) / N_CELLS)  # 0.0126


@pytest.fixture(scope="module")
def cells():
    rng = np.random.default_rng(SEED)
    planted = {
        f"outlet{i:03d}": {
            "atrocity_claim": float(rng.uniform(4, 16)),
            "force_triumph": float(rng.uniform(4, 16)),
        }
        for i in range(N_OUTLETS)
    }
    sc = synthetic_corpus(planted, n_docs=N_DOCS, mean_tokens=150, overdispersion=0.5, seed=SEED)
    table = rates(sc.corpus, sc.hits, attributions=sc.attributions, n_boot=400, seed=SEED)
    truth = sc.truth.rename(columns={"outlet": "group", "rate_per_1k": "true_rate"})
    merged = table.merge(
        truth[["group", "category", "voice", "true_rate"]], on=["group", "category", "voice"]
    )
    out = merged[(merged["voice"] == "all") & (merged["category"] != "ALL")].reset_index(drop=True)
    assert len(out) == N_CELLS
    return out


def test_estimates_land_near_the_planted_rates(cells):
    rel = (cells["rate_per_1k"] - cells["true_rate"]) / cells["true_rate"]
    # The pooled ratio is (nearly) unbiased: the mean relative error over 300 cells is within
    # 3 standard errors of 0.
    assert abs(rel.mean()) < 3 * rel.std() / math.sqrt(len(rel))
    # Expected spread: a document's count has mean m ~ 1.5 and variance m + m^2/k = 1.5 + 4.5
    # = 6, so 40 documents give a relative sd of sqrt(40 * 6) / (40 * 1.5) ~ 0.26 (plus a little
    # from varying lengths). The median absolute error of a normal is 0.674 sd ~ 0.17.
    assert 0.10 < rel.abs().median() < 0.25
    assert rel.std() < 0.35


def test_document_bootstrap_intervals_cover_about_95_percent(cells):
    covered = (cells["ci_low"] <= cells["true_rate"]) & (cells["true_rate"] <= cells["ci_high"])
    assert (cells["ci_method"] == "studentized").mean() > 0.95
    assert NOMINAL - 3 * SD <= covered.mean() <= NOMINAL + 3 * SD, covered.mean()


def test_token_level_poisson_interval_undercovers_on_the_same_cells(cells):
    # Treating every token as an independent draw ignores that hits come in bursts per document:
    # the exact Poisson interval on the pooled count is far too narrow.
    low, high = poisson_rate_interval(cells["n_hits"], cells["n_tokens"])
    covered = (low <= cells["true_rate"]) & (cells["true_rate"] <= high)
    assert covered.mean() < NOMINAL - 3 * SD, covered.mean()
    # ... and the bootstrap intervals are wider, as they must be.
    ratio = (cells["ci_high"] - cells["ci_low"]) / (high - low)
    assert ratio.median() > 1.3


# ------------------------------------------------------------------------- small groups
# 150 outlets of 8 documents, bursty (gamma shape 0.5), two categories each: the regime of the
# demo corpus (7-11 articles per outlet). Measured with 1,000 cells (docs/statistics.md): the
# expanded percentile interval ("auto" below 20 documents) covers 0.865, the bootstrap-t 0.874,
# but the bootstrap-t puts the lower limit of a total (ALL) below that of one of its parts in
# 20% of groups and its 95th-percentile width is 12.5x the rate (auto: 4.9x).


@pytest.fixture(scope="module")
def small_groups():
    from analysis.evaluation.interval_studies import interval_study, interval_summary

    cells = interval_study(
        "rate",
        sizes=(8,),
        burstiness=("high",),
        methods=("auto", "studentized"),
        n_cells=300,
        n_boot=400,
        seed=SEED,
    )
    return interval_summary(cells).set_index("method")


def test_small_groups_auto_interval_is_coherent_and_stable(small_groups):
    auto, t = small_groups.loc["auto"], small_groups.loc["studentized"]
    assert auto["n_cells"] >= 290
    # With 300 cells a coverage share has sd ~ sqrt(0.87 * 0.13 / 300) = 0.019: 0.865 measured,
    # so 0.80 is more than 3 sd below.
    assert auto["coverage"] >= 0.80, auto["coverage"]
    # ... and it does not cover worse than the bootstrap-t by more than chance (2 sd of a
    # difference of two such shares ~ 0.054)
    assert auto["coverage"] >= t["coverage"] - 0.054
    # Coherent by construction (a total's resamples are never below its parts'), and the
    # bootstrap-t is not.
    assert auto["incoherent"] == 0.0
    assert t["incoherent"] > 0.05
    # Stable: the widest intervals are far narrower.
    assert auto["width_p95"] < 0.7 * t["width_p95"]


# ------------------------------------------------------------------ differences between groups
# analysis.difference_study: 150 pairs of outlets x 2 categories (300 cells), bursty (k = 0.5),
# half the pairs with equal planted rates. Measured with 1,000 cells (docs/statistics.md,
# "Pairwise differences"): the default interval (expanded percentile, Welch levels) covers 0.929
# at 8 documents per group and 0.939 at 40; the plain percentile interval 0.879 and 0.930.


@pytest.fixture(scope="module")
def differences():
    from analysis.evaluation.interval_studies import difference_study, difference_summary

    cells = difference_study(
        sizes=(8, 40),
        burstiness=("high",),
        methods=("auto", "percentile"),
        n_pairs=150,
        n_boot=400,
        seed=SEED,
    )
    summary = difference_summary(cells)
    return summary[summary["statistic"] == "difference"].set_index(["n_docs", "method"])


def test_difference_intervals_cover_the_planted_difference(differences):
    small, large = differences.loc[("8", "auto")], differences.loc[("40", "auto")]
    assert small["n_cells"] == large["n_cells"] == N_CELLS
    # 300 cells: a share near 0.93 has sd sqrt(0.93 * 0.07 / 300) = 0.015; 0.885 is 3 sd below
    # the 0.929 measured on 1,000 cells.
    assert small["coverage"] >= 0.885, small["coverage"]
    # 40 documents: within 3 sd (0.0126) of the nominal 0.95
    assert NOMINAL - 3 * SD <= large["coverage"] <= NOMINAL + 3 * SD, large["coverage"]
    # The expansion matters in small groups: on the same cells, the plain percentile interval
    # covers clearly less (0.879 against 0.929 on 1,000 cells).
    assert small["coverage"] >= differences.loc[("8", "percentile"), "coverage"] + 0.02


def test_overlapping_intervals_are_the_wrong_test(differences):
    # "The two outlets' 95% intervals overlap, so no difference" is far too strict: among pairs
    # with equal rates it calls a difference much less often than 5%, and among pairs whose
    # rates differ it finds far fewer differences than the interval of the difference does.
    for size in ("8", "40"):
        row = differences.loc[(size, "auto")]
        assert row["overlap_false_difference"] < 0.03
        assert row["overlap_power"] < 0.6 * row["power"]
    assert differences.loc[("40", "auto"), "power"] > 0.2
