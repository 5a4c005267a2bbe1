"""analysis.stats: resampling weights, the ratio bootstrap, seeds, the Poisson baseline."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.stats import (
    bootstrap_ratio,
    bootstrap_weights,
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
    assert res.method == "studentized"
    assert res.n_valid == 200


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
    res = bootstrap_ratio(num, den, n_boot=300, seed=5)
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


def test_sparse_numerator_falls_back_to_percentile():
    # One document of 20 carries every hit: more than 2.5% of resamples (about (19/20)^20 = 36%)
    # miss it, so t_b = -inf there and the studentized upper limit is unbounded.
    num = np.zeros(20)
    num[3] = 5
    res = bootstrap_ratio(num, np.full(20, 100.0), n_boot=400, seed=3, scale=1000)
    assert res.method == "percentile"
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
        ({"method": "bca"}, "method must be one of"),
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
