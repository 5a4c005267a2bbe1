"""Bootstrap and interval helpers: documents are the sampling unit.

Loaded terms are bursty: an article that says "genocide" once tends to say it again, and one
article can carry a third of an outlet's hits. Counting tokens as independent draws (a Poisson or
binomial interval on the pooled count) then understates the uncertainty badly. Every interval in
this package therefore comes from a bootstrap that resamples whole *documents* within a group and
recomputes the statistic, which keeps each document's burstiness together.

Every statistic compared across outlets here is a *ratio of sums over documents*: a rate is
hits / tokens, a naming share is variant mentions / referent mentions, a source share is
attributions to a side / all attributions, a mean tone is the sum of sentence scores / the number
of sentences. :func:`bootstrap_ratio` computes all of them, for many numerators at once, from one
set of resampling weights (a ``B x n`` matrix of how often each document was drawn), so the
resampling is a matrix product rather than a Python loop.

Seeds: :func:`group_rng` derives a generator from the user's seed and the group's label, so the
interval of one outlet does not change when another outlet is added to the corpus.

See docs/statistics.md for the formulas and their limits.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
from scipy import stats as _sps

__all__ = [
    "BOOTSTRAP_METHODS",
    "RatioBootstrap",
    "bootstrap_ratio",
    "bootstrap_weights",
    "group_rng",
    "percentile_interval",
    "poisson_rate_interval",
]

# Resampling weights are built in blocks of at most this many cells (B_block x n), so memory stays
# bounded (about 32 MB of float64) however many documents a group has.
_MAX_BLOCK_CELLS = 4_000_000


def group_rng(seed: int | None, *keys: object) -> np.random.Generator:
    """Return a generator seeded by ``seed`` and the string form of ``keys``.

    The keys are hashed with CRC-32 (stable across processes and Python versions, unlike
    ``hash``), so ``group_rng(7, "cnn.com")`` always gives the same stream, whatever other groups
    exist. ``seed=None`` gives fresh entropy (not reproducible).
    """
    if seed is None:
        return np.random.default_rng()
    entropy = [int(seed) & 0xFFFFFFFF]
    entropy += [zlib.crc32(str(k).encode("utf-8")) for k in keys]
    return np.random.default_rng(entropy)


def bootstrap_weights(n: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Return a ``(n_boot, n)`` integer matrix: row b counts how often each of ``n`` items was
    drawn in bootstrap replicate b (n draws with replacement, so every row sums to ``n``).

    Equivalent to multinomial(n, 1/n) rows, drawn as uniform indices and counted, which is
    several times faster than ``rng.multinomial`` for large ``n``.
    """
    if n <= 0 or n_boot <= 0:
        return np.zeros((max(n_boot, 0), max(n, 0)), dtype=np.int64)
    idx = rng.integers(0, n, size=(n_boot, n))
    idx += (np.arange(n_boot, dtype=idx.dtype) * n)[:, None]
    return np.bincount(idx.ravel(), minlength=n_boot * n).reshape(n_boot, n)


def percentile_interval(replicates: np.ndarray, ci: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(low, high)``: the ``(1-ci)/2`` and ``(1+ci)/2`` quantiles over axis 0.

    NaN replicates (a resample in which the denominator was zero) are ignored; a column with no
    finite replicate gives NaN.
    """
    _check_ci(ci)
    return _quantiles(np.asarray(replicates, dtype=float), [(1 - ci) / 2, (1 + ci) / 2])


def _quantiles(x: np.ndarray, q: list[float]) -> tuple[np.ndarray, np.ndarray]:
    """Quantiles ``q`` (two of them) over axis 0, ignoring NaN; all-NaN columns give NaN.

    Linear interpolation between order statistics (numpy's default), so deterministic. Columns
    without NaN go through one vectorised ``np.quantile`` (``nanquantile`` loops per column).
    """
    out = np.full((2,) + x.shape[1:], np.nan)
    has_nan = np.isnan(x).any(axis=0)
    clean = ~has_nan
    if clean.any():
        out[:, clean] = np.quantile(x[:, clean], q, axis=0)
    some = has_nan & ~np.isnan(x).all(axis=0)
    if some.any():
        out[:, some] = np.nanquantile(x[:, some], q, axis=0)
    return out[0], out[1]


@dataclass(frozen=True)
class RatioBootstrap:
    """Result of :func:`bootstrap_ratio`; arrays have one entry per numerator column.

    ``estimate``: ``scale * sum(numerator) / sum(denominator)`` over all documents (NaN when the
    denominator sums to 0). ``ci_low``/``ci_high``: the interval. ``method``: how each interval
    was obtained, one of ``"studentized"``, ``"percentile"``, ``"degenerate"`` (every document
    gives the same ratio, e.g. no hit anywhere: the interval is [estimate, estimate]) or
    ``"none"`` (fewer than 2 documents, or no defined estimate: NaN interval). ``n_valid``:
    replicates with a non-zero denominator (the interval uses those). ``replicates``: the
    ``(n_boot, k)`` replicate ratios when requested, else None.
    """

    estimate: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    method: np.ndarray
    n_valid: np.ndarray
    replicates: np.ndarray | None = None


BOOTSTRAP_METHODS = ("studentized", "percentile")


def bootstrap_ratio(
    numerators: np.ndarray,
    denominators: np.ndarray,
    *,
    n_boot: int = 1000,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
    ci: float = 0.95,
    scale: float = 1.0,
    method: str = "studentized",
    bounds: tuple[float | None, float | None] = (None, None),
    keep_replicates: bool = False,
) -> RatioBootstrap:
    """Ratio of sums over documents, with a document-bootstrap interval.

    ``numerators``: shape ``(n,)`` or ``(n, k)``, one row per document (e.g. hits per category).
    ``denominators``: shape ``(n,)`` (shared by every column, e.g. tokens) or ``(n, k)``.

    Estimate: ``R = scale * sum_i y_i / sum_i x_i`` (``scale=1000`` for a rate per 1,000 tokens).

    Resampling: ``n_boot`` times, draw ``n`` documents with replacement; with weights ``w_b``
    (how often each document was drawn) the replicate is ``R_b = scale * (w_b . y) / (w_b . x)``.
    Replicates with a zero denominator are undefined and left out (``n_valid`` counts the rest).

    ``method="studentized"`` (default; bootstrap-t): with the linearisation (delta-method)
    standard error of a ratio, ``se(R) = scale * sqrt(n/(n-1) * sum_i (y_i - r x_i)^2) /
    sum_i x_i`` (``r = R/scale``), computed in the sample and in every resample (``se_b``, with
    the weights), the interval is ``[R - t_hi * se, R - t_lo * se]`` where ``t_lo``, ``t_hi`` are
    the ``(1-ci)/2`` and ``(1+ci)/2`` quantiles of ``t_b = (R_b - R) / se_b``. It corrects for the
    skew of bursty counts, which the percentile interval ignores (docs/statistics.md has the
    coverage measured both ways). When the t quantiles are unbounded, which happens when so few
    documents carry the numerator (about 3 or fewer) that more than ``(1-ci)/2`` of resamples
    contain none of them, the percentile interval is used for that column instead and
    ``method`` says so.

    ``method="percentile"``: the ``(1-ci)/2`` and ``(1+ci)/2`` quantiles of the ``R_b``.

    ``bounds``: the range of the statistic (e.g. ``(0, None)`` for a rate, ``(0, 1)`` for a
    share); the interval is clipped to it.

    Degenerate cases: with fewer than 2 documents the interval is NaN (one document says nothing
    about how documents vary). When every document gives the same ratio (no hit in any document;
    or every mention uses the same variant) the interval is [R, R]: there is no variation to
    resample, so read the number of documents, not the interval, as what was observed.

    Pass either ``rng`` or ``seed``; the same generator state and inputs give the same result.
    """
    _check_ci(ci)
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")
    if method not in BOOTSTRAP_METHODS:
        raise ValueError(f"method must be one of {', '.join(BOOTSTRAP_METHODS)}, got {method!r}")
    num = np.asarray(numerators, dtype=float)
    den = np.asarray(denominators, dtype=float)
    squeeze = num.ndim == 1
    if squeeze:
        num = num[:, None]
    if num.ndim != 2:
        raise ValueError(f"numerators must be 1-D or 2-D, got shape {num.shape}")
    n, k = num.shape
    if den.shape not in ((n,), (n, k)):
        raise ValueError(
            f"denominators must have shape ({n},) or ({n}, {k}) to match the numerators, "
            f"got {den.shape}"
        )
    if rng is None:
        rng = np.random.default_rng(seed)
    den2 = den[:, None] if den.ndim == 1 else den  # (n, 1) or (n, k): broadcasts against num

    total_den = den2.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(total_den > 0, num.sum(axis=0) / total_den, np.nan)
        resid = num - r * den2
        se = np.sqrt(n / max(n - 1, 1) * (resid**2).sum(axis=0)) / total_den
    estimate = scale * r
    method_out = np.full(k, method, dtype=object)
    low = np.full(k, np.nan)
    high = np.full(k, np.nan)
    if n < 2:
        method_out[:] = "none"
        result = RatioBootstrap(
            estimate,
            low,
            high,
            method_out,
            np.zeros(k, dtype=np.int64),
            np.full((n_boot, k), np.nan) if keep_replicates else None,
        )
        return _squeeze(result) if squeeze else result

    reps = np.empty((n_boot, k))
    tstat = np.empty((n_boot, k)) if method == "studentized" else None
    block = max(1, _MAX_BLOCK_CELLS // n)
    for start in range(0, n_boot, block):
        stop = min(n_boot, start + block)
        w = bootstrap_weights(n, stop - start, rng).astype(float)
        top = w @ num
        bottom = w @ den2 if den.ndim == 2 else np.broadcast_to(w @ den[:, None], top.shape)
        with np.errstate(invalid="ignore", divide="ignore"):
            rb = np.where(bottom > 0, top / bottom, np.nan)
            reps[start:stop] = scale * rb
            if tstat is not None:
                # sum_i w_i (y_i - r_b x_i)^2, expanded so that it is three matrix products
                ss = w @ (num * num) - 2 * rb * (w @ (num * den2)) + rb**2 * (w @ (den2 * den2))
                se_b = np.sqrt(n / (n - 1) * np.maximum(ss, 0.0)) / bottom
                diff = rb - r
                t = np.where(diff == 0, 0.0, diff / se_b)
                tstat[start:stop] = np.where(np.isnan(rb), np.nan, t)

    p_low, p_high = percentile_interval(reps, ci)
    valid = np.isfinite(r)
    degenerate = valid & (se == 0)
    if tstat is not None:
        with np.errstate(invalid="ignore"):
            tq = np.full((2, k), np.nan)
            ok_cols = valid & ~degenerate
            if ok_cols.any():
                tq[:, ok_cols] = _quantiles(tstat[:, ok_cols], [(1 - ci) / 2, (1 + ci) / 2])
        studentized = ok_cols & np.isfinite(tq).all(axis=0)
        low = np.where(studentized, scale * (r - tq[1] * se), p_low)
        high = np.where(studentized, scale * (r - tq[0] * se), p_high)
        method_out[~studentized] = "percentile"
    else:
        low, high = p_low, p_high
    low = np.where(degenerate, estimate, low)
    high = np.where(degenerate, estimate, high)
    method_out[degenerate] = "degenerate"
    method_out[~valid] = "none"
    low = np.where(valid, low, np.nan)
    high = np.where(valid, high, np.nan)
    lo_b, hi_b = bounds
    if lo_b is not None:
        low, high = np.maximum(low, lo_b), np.maximum(high, lo_b)
    if hi_b is not None:
        low, high = np.minimum(low, hi_b), np.minimum(high, hi_b)
    result = RatioBootstrap(
        estimate=estimate,
        ci_low=low,
        ci_high=high,
        method=method_out,
        n_valid=np.isfinite(reps).sum(axis=0),
        replicates=reps if keep_replicates else None,
    )
    return _squeeze(result) if squeeze else result


def poisson_rate_interval(
    count: np.ndarray | float,
    exposure: np.ndarray | float,
    *,
    ci: float = 0.95,
    scale: float = 1000.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) Poisson interval for a rate ``scale * count / exposure``.

    Returns ``(low, high)``. This treats every token as an independent draw, the model a
    token-level count assumes. It is here as the *wrong* baseline: on bursty text it is far too
    narrow (tests/test_stats_coverage.py measures by how much); use :func:`bootstrap_ratio` for
    real comparisons.

    Formula: low = chi2.ppf(a/2, 2c) / 2, high = chi2.ppf(1 - a/2, 2c + 2) / 2 with a = 1 - ci,
    each divided by the exposure and multiplied by ``scale``; low = 0 when c = 0.
    """
    _check_ci(ci)
    c = np.asarray(count, dtype=float)
    e = np.asarray(exposure, dtype=float)
    a = 1 - ci
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(c > 0, _sps.chi2.ppf(a / 2, 2 * c) / 2, 0.0)
        high = _sps.chi2.ppf(1 - a / 2, 2 * c + 2) / 2
        return scale * low / e, scale * high / e


def _check_ci(ci: float) -> None:
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1 (e.g. 0.95), got {ci}")


def _squeeze(r: RatioBootstrap) -> RatioBootstrap:
    return RatioBootstrap(
        estimate=r.estimate[0],
        ci_low=r.ci_low[0],
        ci_high=r.ci_high[0],
        method=r.method[0],
        n_valid=r.n_valid[0],
        replicates=None if r.replicates is None else r.replicates[:, 0],
    )
