"""analysis.stats: resampling weights, the ratio bootstrap, seeds, the Poisson baseline."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.stats.bootstrap import bootstrap_ratio
from analysis.stats.intervals import (
    auto_method,
    bootstrap_weights,
    expanded_levels,
    group_rng,
    percentile_interval,
    poisson_rate_interval,
)


def test_bootstrap_weights_count_draws_with_replacement():
    rng = np.random.default_rng(1)
    w = bootstrap_weights(7, 500, rng)
    assert w.shape == (500, 7)
    assert (w.sum(axis=1) == 7).all()  # each replicate draws n documents
    assert (w >= 0).all()
    # Each document is drawn Binomial(7, 1/7) times: mean 1 over many replicates.
    assert w.mean() == pytest.approx(1.0)
    assert abs(w[:, 0].mean() - 1.0) < 0.15


def test_bootstrap_weights_deterministic_for_a_seed():
    a = bootstrap_weights(5, 20, np.random.default_rng(3))
    b = bootstrap_weights(5, 20, np.random.default_rng(3))
    c = bootstrap_weights(5, 20, np.random.default_rng(4))
    assert (a == b).all()
    assert not (a == c).all()


def test_group_rng_depends_on_seed_and_key_only():
    a = group_rng(7, "rates", "cnn.com").random(3)
    b = group_rng(7, "rates", "cnn.com").random(3)
    c = group_rng(7, "rates", "bbc.com").random(3)
    d = group_rng(8, "rates", "cnn.com").random(3)
    assert (a == b).all()
    assert not np.allclose(a, c)
    assert not np.allclose(a, d)


def test_ratio_estimate_is_ratio_of_sums():
    # 5 documents: hits 2, 0, 4, 1, 3 over tokens 100, 200, 300, 150, 250
    # -> 10 / 1000 * 1000 = 10 per 1,000 tokens.
    res = bootstrap_ratio(
        [2, 0, 4, 1, 3], [100, 200, 300, 150, 250], n_boot=200, seed=1, scale=1000
    )
    assert res.estimate == pytest.approx(10.0)
    assert res.ci_low <= 10.0 <= res.ci_high
    # 5 documents (< 20): the default ("auto") reads the expanded percentile interval
    assert res.method == "expanded-percentile"
    assert res.n_valid == 200 and res.n_informative == 5


def _naive_replicates(num, den, n_boot, seed):
    """Replicates computed one resample at a time with explicit loops, from the same weights."""
    rng = np.random.default_rng(seed)
    w = bootstrap_weights(len(num), n_boot, rng)
    reps, ts = [], []
    n = len(num)
    r = sum(num) / sum(den)
    for row in w:
        top = sum(wi * y for wi, y in zip(row, num, strict=True))
        bottom = sum(wi * x for wi, x in zip(row, den, strict=True))
        rb = top / bottom
        ss = sum(wi * (y - rb * x) ** 2 for wi, y, x in zip(row, num, den, strict=True))
        se_b = (n / (n - 1) * ss) ** 0.5 / bottom
        reps.append(rb)
        ts.append(0.0 if rb == r else (rb - r) / se_b)
    return np.array(reps), np.array(ts)


def test_percentile_interval_matches_a_loop_over_resamples():
    num = np.array([3.0, 0, 1, 7, 2, 0, 5, 1])
    den = np.array([300.0, 120, 250, 400, 90, 310, 500, 200])
    reps, _ = _naive_replicates(num, den, 300, seed=5)
    expected = np.quantile(reps, [0.025, 0.975])
    res = bootstrap_ratio(num, den, n_boot=300, seed=5, method="percentile")
    assert res.ci_low == pytest.approx(expected[0])
    assert res.ci_high == pytest.approx(expected[1])


def test_studentized_interval_matches_a_loop_over_resamples():
    # Bootstrap-t by hand: se = sqrt(n/(n-1) * sum (y - r x)^2) / sum x; interval
    # [R - t_0.975 * se, R - t_0.025 * se] with t_b = (R_b - R) / se_b from each resample.
    num = np.array([3.0, 0, 1, 7, 2, 0, 5, 1])
    den = np.array([300.0, 120, 250, 400, 90, 310, 500, 200])
    n = len(num)
    r = num.sum() / den.sum()  # 19 / 2170
    se = np.sqrt(n / (n - 1) * ((num - r * den) ** 2).sum()) / den.sum()
    _, ts = _naive_replicates(num, den, 300, seed=5)
    t_lo, t_hi = np.quantile(ts, [0.025, 0.975])
    res = bootstrap_ratio(num, den, n_boot=300, seed=5, method="studentized")
    assert res.method == "studentized"
    assert res.estimate == pytest.approx(19 / 2170)
    assert res.ci_low == pytest.approx(r - t_hi * se)
    assert res.ci_high == pytest.approx(r - t_lo * se)


def test_many_columns_share_one_set_of_resamples():
    num = np.array([[1.0, 2], [0, 1], [3, 0], [1, 1]])
    den = np.array([10.0, 20, 30, 40])
    both = bootstrap_ratio(num, den, n_boot=100, seed=2, keep_replicates=True)
    first = bootstrap_ratio(num[:, 0], den, n_boot=100, seed=2, keep_replicates=True)
    assert both.estimate == pytest.approx([5 / 100, 4 / 100])
    assert both.replicates[:, 0] == pytest.approx(first.replicates)
    assert both.ci_low[0] == pytest.approx(first.ci_low)


def test_per_column_denominators():
    # Shares: column 0 = variant A mentions / referent mentions; column 1 = variant B / same.
    num = np.array([[2.0, 0], [1, 1], [0, 3]])
    den = np.array([[2.0, 2], [2, 2], [3, 3]])
    res = bootstrap_ratio(num, den, n_boot=100, seed=0, bounds=(0, 1))
    assert res.estimate == pytest.approx([3 / 7, 4 / 7])
    assert ((res.ci_low >= 0) & (res.ci_high <= 1)).all()


def test_no_hit_anywhere_gives_degenerate_zero_interval():
    res = bootstrap_ratio([0, 0, 0], [100, 200, 300], n_boot=50, seed=1, scale=1000)
    assert res.estimate == 0.0
    assert (res.ci_low, res.ci_high) == (0.0, 0.0)
    assert res.method == "degenerate"


def test_one_document_has_no_interval():
    res = bootstrap_ratio([4], [100], n_boot=50, seed=1, scale=1000)
    assert res.estimate == pytest.approx(40.0)
    assert np.isnan(res.ci_low) and np.isnan(res.ci_high)
    assert res.method == "none"


def test_no_document_gives_nan_estimate():
    res = bootstrap_ratio(np.zeros((0, 2)), np.zeros(0), n_boot=10, seed=1)
    assert np.isnan(res.estimate).all()
    assert list(res.method) == ["none", "none"]


def test_sparse_numerator_falls_back_to_expanded_percentile():
    # One document of 20 carries every hit: more than 2.5% of resamples (about (19/20)^20 = 36%)
    # miss it, so t_b = -inf there and the studentized upper limit is unbounded.
    num = np.zeros(20)
    num[3] = 5
    for method in ("studentized", "auto"):  # 20 documents: auto asks for studentized too
        res = bootstrap_ratio(
            num, np.full(20, 100.0), n_boot=400, seed=3, scale=1000, method=method
        )
        assert res.method == "expanded-percentile"
        assert np.isfinite(res.ci_high)
        assert res.ci_low == 0.0


def test_zero_denominator_replicates_are_left_out():
    # Only two documents mention the referent (denominator > 0): resamples of 4 documents that
    # draw neither are undefined; the interval uses the others.
    num = np.array([1.0, 0, 0, 0])
    den = np.array([1.0, 2, 0, 0])
    res = bootstrap_ratio(num, den, n_boot=400, seed=9, method="percentile")
    assert 0 < res.n_valid < 400
    assert res.estimate == pytest.approx(1 / 3)


def test_bounds_clip_the_interval():
    num = np.array([0.0, 0, 9, 0, 0, 0])
    den = np.full(6, 1.0)
    raw = bootstrap_ratio(num, den, n_boot=200, seed=1)
    clipped = bootstrap_ratio(num, den, n_boot=200, seed=1, bounds=(0.0, None))
    assert clipped.ci_low >= 0.0
    assert clipped.ci_high == raw.ci_high


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"ci": 1.5}, "ci must be between 0 and 1"),
        ({"n_boot": 0}, "n_boot must be at least 1"),
        ({"method": "jackknife"}, "method must be one of"),
        ({"kind": "proportion"}, "kind must be one of"),
    ],
)
def test_bad_options_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        bootstrap_ratio([1, 2], [3, 4], **kwargs)


def test_shape_mismatch_is_reported():
    with pytest.raises(ValueError, match=r"denominators must have shape \(3,\)"):
        bootstrap_ratio([1, 2, 3], [1, 2])


def test_percentile_interval_ignores_nan_replicates():
    reps = np.array([[1.0, np.nan], [2.0, np.nan], [3.0, np.nan], [np.nan, np.nan]])
    low, high = percentile_interval(reps, 0.5)
    # quantiles 0.25 and 0.75 of [1, 2, 3] with linear interpolation: 1.5 and 2.5
    assert low[0] == pytest.approx(1.5) and high[0] == pytest.approx(2.5)
    assert np.isnan(low[1]) and np.isnan(high[1])


def test_poisson_interval_textbook_values():
    # Garwood exact 95% limits: count 0 -> [0, 3.689]; count 10 -> [4.795, 18.390]
    # (e.g. Ulm 1990 table). Exposure 1,000 tokens, scale 1,000: the limits themselves.
    low, high = poisson_rate_interval(np.array([0, 10]), np.array([1000, 1000]))
    assert low == pytest.approx([0.0, 4.795], abs=1e-3)
    assert high == pytest.approx([3.689, 18.390], abs=1e-3)


# ------------------------------------------------------------- interval methods beyond the t

NUM8 = np.array([3.0, 0, 1, 7, 2, 0, 5, 1])
DEN8 = np.array([300.0, 120, 250, 400, 90, 310, 500, 200])


def _naive_quantile(values, level):
    """numpy's default (linear) quantile, written out: position level * (m - 1) in the sorted
    finite values, interpolated between its neighbours."""
    v = np.sort(values[np.isfinite(values)])
    pos = level * (len(v) - 1)
    lo = int(np.floor(pos))
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def test_expanded_levels_by_hand():
    # a = Phi(-sqrt(n/(n-1)) * t_{n-1, 0.975}). n = 5: t_4 = 2.776445 (t table), sqrt(5/4) =
    # 1.118034, product 3.104160, Phi(-3.104160) = 0.000954. n = 20: t_19 = 2.093024,
    # sqrt(20/19) = 1.025978, product 2.147397, Phi(-2.147397) = 0.015881.
    low, high = expanded_levels(np.array([5, 20]))
    assert low == pytest.approx([0.000954, 0.015881], abs=2e-6)
    assert high == pytest.approx(1 - low)
    # Large n: the usual 2.5%; one document: undefined.
    assert expanded_levels(100_000)[0] == pytest.approx(0.025, abs=1e-4)
    assert np.isnan(expanded_levels(1)[0])


def test_expanded_percentile_matches_a_loop_over_resamples():
    reps, _ = _naive_replicates(NUM8, DEN8, 500, seed=4)
    a, b = expanded_levels(8)  # 0.005738, 0.994262 (Phi(-sqrt(8/7) * 2.364624))
    res = bootstrap_ratio(NUM8, DEN8, n_boot=500, seed=4, method="expanded-percentile")
    assert res.method == "expanded-percentile"
    assert res.ci_low == pytest.approx(_naive_quantile(reps, float(a)))
    assert res.ci_high == pytest.approx(_naive_quantile(reps, float(b)))
    # wider than the plain percentile interval from the same resamples
    plain = bootstrap_ratio(NUM8, DEN8, n_boot=500, seed=4, method="percentile")
    assert res.ci_low <= plain.ci_low and res.ci_high >= plain.ci_high


def test_bca_matches_a_loop_over_resamples():
    from scipy.stats import norm

    reps, _ = _naive_replicates(NUM8, DEN8, 500, seed=6)
    r = NUM8.sum() / DEN8.sum()
    # bias correction: share of replicates below the estimate, ties counting half
    z0 = norm.ppf(((reps < r).sum() + 0.5 * (reps == r).sum()) / len(reps))
    # acceleration from the leave-one-document-out ratios
    jack = np.array([(NUM8.sum() - y) / (DEN8.sum() - x) for y, x in zip(NUM8, DEN8, strict=True)])
    d = jack.mean() - jack
    acc = (d**3).sum() / (6 * (d**2).sum() ** 1.5)
    levels = [norm.cdf(z0 + (z0 + z) / (1 - acc * (z0 + z))) for z in norm.ppf([0.025, 0.975])]
    res = bootstrap_ratio(NUM8, DEN8, n_boot=500, seed=6, method="bca")
    assert res.method == "bca"
    assert res.ci_low == pytest.approx(_naive_quantile(reps, levels[0]))
    assert res.ci_high == pytest.approx(_naive_quantile(reps, levels[1]))


def test_studentized_log_matches_a_loop_and_stays_positive():
    # t_b = (log R_b - log R) / (se_b / R_b); interval R exp(-t_hi se/R), R exp(-t_lo se/R).
    # Positive data (no zero replicate): every document has a hit.
    num = np.array([3.0, 2, 1, 7, 2, 1, 5, 1])
    n, r = len(num), num.sum() / DEN8.sum()
    se = np.sqrt(n / (n - 1) * ((num - r * DEN8) ** 2).sum()) / DEN8.sum()
    rng = np.random.default_rng(8)
    w = bootstrap_weights(n, 400, rng)
    ts = []
    for row in w:
        rb = (row * num).sum() / (row * DEN8).sum()
        se_b = np.sqrt(n / (n - 1) * (row * (num - rb * DEN8) ** 2).sum()) / (row * DEN8).sum()
        ts.append(0.0 if rb == r else (np.log(rb) - np.log(r)) / (se_b / rb))
    t_lo, t_hi = np.quantile(ts, [0.025, 0.975])
    res = bootstrap_ratio(num, DEN8, n_boot=400, seed=8, method="studentized-log")
    assert res.method == "studentized-log"
    assert res.ci_low == pytest.approx(r * np.exp(-t_hi * se / r))
    assert res.ci_high == pytest.approx(r * np.exp(-t_lo * se / r))
    assert 0 < res.ci_low < r < res.ci_high


def test_studentized_logit_stays_inside_zero_one():
    # A share near 1 (19 of 23 mentions, no document at 0 or 1): the logit interval back-
    # transforms inside (0, 1) without clipping.
    num = np.array([3.0, 2, 4, 1, 3, 2, 4])
    den = np.array([4.0, 3, 5, 2, 4, 3, 5])
    res = bootstrap_ratio(num, den, n_boot=400, seed=2, method="studentized-logit")
    assert res.method == "studentized-logit"
    assert res.estimate == pytest.approx(19 / 26)
    assert 0 < res.ci_low < 19 / 26 < res.ci_high < 1


def test_a_resample_at_the_boundary_counts_in_the_tail_of_t():
    # Five of seven documents use the variant in every mention (3/3, 2/2, 1/1, 3/3, 4/4). A
    # resample of only those has R_b = 1 and no spread: on the logit scale its t is +inf, not a
    # missing value (dropping it would shorten the tail). Such resamples are (5/7)^7 = 9.5% of
    # all, more than 2.5%: the upper t quantile is unbounded and the interval falls back to the
    # expanded percentile one, whose upper limit is the largest resampled share, 1.
    num = np.array([3.0, 2, 4, 1, 3, 2, 4])
    den = np.array([3.0, 2, 5, 1, 3, 3, 4])
    res = bootstrap_ratio(num, den, n_boot=2000, seed=2, method="studentized-logit")
    assert res.method == "expanded-percentile"
    assert res.ci_high == pytest.approx(1.0)


def test_auto_chooses_by_the_documents_that_inform_the_ratio():
    assert list(auto_method(np.array([2, 19, 20, 400]))) == [
        "expanded-percentile",
        "expanded-percentile",
        "studentized",
        "studentized",
    ]
    assert set(auto_method(np.array([5, 400]), "mean")) == {"expanded-percentile"}
    # A share: 30 documents, of which 12 name the referent -> 12 informative documents.
    rng = np.random.default_rng(0)
    den = np.zeros(30)
    den[:12] = rng.integers(1, 4, 12)
    num = np.minimum(den, rng.integers(0, 3, 30))
    res = bootstrap_ratio(num, den, n_boot=200, seed=1, kind="share", bounds=(0, 1))
    assert res.n_informative == 12 and res.method == "expanded-percentile"
    res = bootstrap_ratio(num + 1, den + 1, n_boot=200, seed=1, kind="share", bounds=(0, 1))
    assert res.n_informative == 30 and res.method == "studentized"


def test_a_total_never_gets_a_lower_limit_below_a_part():
    # The Lantern Review of the demo corpus (7 articles: tokens, all hits, authorial hits).
    # All hits per document / tokens: 26.3, 21.9, 26.8, 24.2, 5.8, 12.6, 23.1 per 1,000; the
    # pooled rate is 70 / 3,481 = 20.11 and the authorial one 43 / 3,481 = 12.35.
    tokens = np.array([532.0, 502, 559, 414, 521, 476, 477])
    hits = np.array([[14.0, 7], [11, 7], [15, 8], [10, 5], [3, 3], [6, 3], [11, 10]])
    res = bootstrap_ratio(hits, tokens, n_boot=1000, seed=1, scale=1000)
    assert res.estimate == pytest.approx([70 / 3481 * 1000, 43 / 3481 * 1000])
    assert list(res.method) == ["expanded-percentile"] * 2  # 7 documents
    # Every resample of the total is at least the resample of its part, so the quantiles at
    # the same level are ordered.
    assert res.ci_low[0] >= res.ci_low[1] and res.ci_high[0] >= res.ci_high[1]
    # ... and the interval of the total lies within the range of the documents' own rates
    # (5.76 to 26.83 per 1,000): a weighted mean of them cannot leave it.
    assert 5.75 <= res.ci_low[0] and res.ci_high[0] <= 26.84
    # The bootstrap-t on the same data puts the total's lower limit below the part's (the
    # resamples of a few similar articles have a tiny standard error, so huge t values): the
    # erratic behaviour docs/statistics.md measures.
    t = bootstrap_ratio(hits, tokens, n_boot=1000, seed=1, scale=1000, method="studentized")
    assert t.ci_low[0] < t.ci_low[1]


def test_expanded_percentile_keeps_a_sum_above_its_parts_on_random_data():
    # Groups of 3 to 19 documents (auto: expanded percentile), three bursty parts and their sum.
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(50):
        n = int(rng.integers(3, 20))
        parts = rng.poisson(rng.gamma(0.5, 2.0, (n, 3)))
        num = np.column_stack([parts, parts.sum(axis=1)]).astype(float)
        den = rng.integers(50, 500, n)
        res = bootstrap_ratio(num, den, n_boot=300, rng=rng, bounds=(0, None))
        for j in np.flatnonzero(res.method[:3] == "expanded-percentile"):
            assert res.method[3] == "expanded-percentile"
            assert res.ci_low[3] >= res.ci_low[j] - 1e-12
            assert res.ci_high[3] >= res.ci_high[j] - 1e-12
            checked += 1
    assert checked > 100


# --------------------------------------------------------------------- contrasts of two groups


def test_welch_expanded_levels_by_hand():
    from analysis.stats.intervals import welch_expanded_levels

    # Equal groups of 8 with equal variances: f^2 = 8/7 and nu = 2 * 7 = 14, so
    # a = Phi(-sqrt(8/7) * t_14,0.975) = Phi(-1.069045 * 2.144787) = Phi(-2.292853) = 0.010927.
    a, b = welch_expanded_levels(3.0, 3.0, 8, 8)
    assert a == pytest.approx(0.010927, abs=2e-6)
    assert b == pytest.approx(1 - a)
    # A group with no variance adds nothing: Hesterberg's single-group levels of the other.
    for n_a, n_b in ((5, 2), (8, 40), (12, 12)):
        assert welch_expanded_levels(2.0, 0.0, n_a, n_b)[0] == pytest.approx(
            expanded_levels(n_a)[0]
        )
    # Symmetric in the two groups; the more documents, the closer to 0.025.
    assert welch_expanded_levels(1.0, 4.0, 8, 30)[0] == pytest.approx(
        welch_expanded_levels(4.0, 1.0, 30, 8)[0]
    )
    levels = [welch_expanded_levels(1.0, 1.0, n, n)[0] for n in (5, 8, 20, 200)]
    assert levels == sorted(levels) and levels[-1] < 0.025
    assert np.isnan(welch_expanded_levels(0.0, 0.0, 8, 8)[0])


def _group(num, den, seed, n_boot=400):
    return bootstrap_ratio(num, den, n_boot=n_boot, seed=seed, scale=1000, keep_replicates=True)


def test_contrast_percentile_is_the_quantiles_of_replicate_differences():
    from analysis.stats.contrast import bootstrap_contrast

    a = _group([3.0, 0, 1, 7, 2, 0], [300.0, 120, 250, 400, 90, 310], seed=1)
    b = _group([1.0, 1, 0, 2, 0], [200.0, 150, 100, 300, 250], seed=2)
    assert a.se_replicates is not None and a.se is not None
    diff = bootstrap_contrast(a, b, method="percentile")
    expected = np.quantile(a.replicates - b.replicates, [0.025, 0.975])
    assert diff.estimate == pytest.approx(a.estimate - b.estimate)
    assert (diff.ci_low, diff.ci_high) == pytest.approx(tuple(expected))
    ratio = bootstrap_contrast(a, b, contrast="ratio", method="percentile")
    with np.errstate(divide="ignore"):  # a resample without hits has log rate -inf
        log_q = np.quantile(np.log(a.replicates) - np.log(b.replicates), [0.025, 0.975])
    assert ratio.estimate == pytest.approx(a.estimate / b.estimate)
    assert (ratio.ci_low, ratio.ci_high) == pytest.approx(tuple(np.exp(log_q)))


def test_contrast_studentized_by_hand_and_auto_is_expanded():
    from analysis.stats.contrast import bootstrap_contrast
    from analysis.stats.intervals import welch_expanded_levels

    rng = np.random.default_rng(4)
    num_a, den_a = rng.poisson(2.0, 30).astype(float), rng.integers(100, 400, 30).astype(float)
    num_b, den_b = rng.poisson(1.0, 25).astype(float), rng.integers(100, 400, 25).astype(float)
    a, b = _group(num_a, den_a, seed=5), _group(num_b, den_b, seed=6)
    d = a.estimate - b.estimate
    se = np.hypot(a.se, b.se)
    t = (a.replicates - b.replicates - d) / np.hypot(a.se_replicates, b.se_replicates)
    t_lo, t_hi = np.quantile(t, [0.025, 0.975])
    stud = bootstrap_contrast(a, b, method="studentized")
    assert stud.method == "studentized"
    assert (stud.ci_low, stud.ci_high) == pytest.approx((d - t_hi * se, d - t_lo * se))
    # auto: the expanded percentile interval with Welch levels, also at 25-30 documents
    auto = bootstrap_contrast(a, b)
    assert auto.method == "expanded-percentile"
    lv = welch_expanded_levels(a.se**2, b.se**2, 30, 25)
    expected = np.quantile(a.replicates - b.replicates, [lv[0], lv[1]])
    assert (auto.ci_low, auto.ci_high) == pytest.approx(tuple(expected))


def test_contrast_degenerate_none_and_errors():
    from analysis.stats.contrast import bootstrap_contrast

    zero_a = _group([0.0, 0, 0], [100.0, 200, 300], seed=1)
    zero_b = _group([0.0, 0], [100.0, 100], seed=2)
    d = bootstrap_contrast(zero_a, zero_b)
    assert (d.estimate, d.ci_low, d.ci_high, d.method) == (0.0, 0.0, 0.0, "degenerate")
    # a ratio of two zero rates is undefined
    r = bootstrap_contrast(zero_a, zero_b, contrast="ratio")
    assert r.method == "none" and np.isnan(r.ci_low)
    one = _group([2.0], [100.0], seed=3)  # one document: no interval of its own
    assert bootstrap_contrast(one, zero_b).method == "none"
    with pytest.raises(ValueError, match="keep_replicates=True"):
        bootstrap_contrast(bootstrap_ratio([1.0, 2], [10.0, 10], n_boot=10, seed=1), zero_b)
    with pytest.raises(ValueError, match="same n_boot"):
        bootstrap_contrast(zero_a, _group([0.0, 0], [100.0, 100], seed=2, n_boot=50))
    with pytest.raises(ValueError, match="contrast must be"):
        bootstrap_contrast(zero_a, zero_b, contrast="sum")
    with pytest.raises(ValueError, match="method must be one of"):
        bootstrap_contrast(zero_a, zero_b, method="bca")


def test_quantiles_of_replicates_with_infinities():
    # A ratio whose resampled denominator was 0 is +inf; the quantile takes the nearer order
    # statistic instead of interpolating (inf - inf is undefined).
    x = np.array([[1.0], [2.0], [np.inf], [np.inf]])
    low, high = percentile_interval(x, ci=0.5)  # levels 0.25, 0.75: positions 0.75 and 2.25
    assert low[0] == pytest.approx(1.75)
    assert high[0] == np.inf


def test_sparse_numerators_give_the_dense_result():
    # (issue 11) sources over thousands of speakers: a sparse (documents x speakers) matrix with
    # one shared denominator is the same bootstrap, without the dense matrix
    from scipy import sparse

    rng = np.random.default_rng(0)
    for n in (300, 3000):  # below and above the size where only informative rows are drawn
        num = (rng.random((n, 30)) < 0.02) * rng.integers(1, 4, (n, 30))
        den = ((rng.random(n) < 0.2) * rng.integers(1, 5, n)).astype(float)
        for method in ("auto", "percentile", "studentized", "bca"):
            a = bootstrap_ratio(num, den, seed=3, method=method, keep_replicates=True)
            b = bootstrap_ratio(sparse.csr_matrix(num), den, seed=3, method=method,
                                keep_replicates=True)
            for field in ("estimate", "ci_low", "ci_high", "se", "replicates"):
                assert np.allclose(getattr(a, field), getattr(b, field), equal_nan=True)
            assert (a.method == b.method).all()


def test_weights_of_the_informative_documents_alone_have_the_full_bootstraps_distribution():
    from analysis.stats.bootstrap import sparse_bootstrap_weights
    from analysis.stats.intervals import bootstrap_weights

    n, m, b = 2_000, 50, 4_000
    full = bootstrap_weights(n, b, np.random.default_rng(1))[:, :m]
    part = sparse_bootstrap_weights(n, m, b, np.random.default_rng(2))
    assert part.shape == (b, m) and (part.sum(axis=1) <= n).all()
    # each count is Binomial(n, 1/n): mean 1, variance (1 - 1/n); their sum over m documents
    # has mean m and variance m (1 - m/n)
    for w in (full, part):
        assert abs(w.mean() - 1) < 0.02
        assert abs(w.sum(axis=1).var() / (m * (1 - m / n)) - 1) < 0.1
