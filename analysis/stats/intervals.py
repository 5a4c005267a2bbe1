"""Interval methods read off bootstrap replicates, and the seeded generators behind them.

Percentile, expanded-percentile (Hesterberg) and studentized intervals, the size rule that picks
one (:data:`AUTO_METHODS`), and :func:`group_rng`, which derives a group's generator from the
user's seed and the group's label. docs/statistics.md has the measurements behind the rule.
"""

from __future__ import annotations

import zlib

import numpy as np
from scipy import special as _spf
from scipy import stats as _sps

__all__ = [
    "AUTO_METHODS",
    "BOOTSTRAP_METHODS",
    "auto_method",
    "bootstrap_weights",
    "expanded_levels",
    "group_rng",
    "percentile_interval",
    "poisson_rate_interval",
    "welch_expanded_levels",
]


BOOTSTRAP_METHODS = (
    "auto",
    "studentized",
    "studentized-log",
    "studentized-logit",
    "percentile",
    "expanded-percentile",
    "bca",
)
STUDENTIZED = {"studentized": "identity", "studentized-log": "log", "studentized-logit": "logit"}

# method="auto": (method below the threshold, method from it on, threshold; None: never
# switch). The threshold counts the documents that inform the ratio (a positive denominator:
# every document for a rate, documents naming the referent for a share, documents with a scored
# sentence for a mean). Measured on synthetic data (analysis.synthetic.interval_study):
# docs/statistics.md, "Choosing the interval".
# Contrasts of two groups' rates (bootstrap_contrast: "difference", "ratio"): the expanded
# percentile interval (Welch levels) at every size; the bootstrap-t covered less at every group
# size measured, 8 to 40 documents (docs/statistics.md, "Pairwise differences").
AUTO_METHODS: dict[str, tuple[str, str, int | None]] = {
    "rate": ("expanded-percentile", "studentized", 20),
    "share": ("expanded-percentile", "studentized", 20),
    "mean": ("expanded-percentile", "expanded-percentile", None),
    "difference": ("expanded-percentile", "expanded-percentile", None),
    "ratio": ("expanded-percentile", "expanded-percentile", None),
}


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
    check_ci(ci)
    x = np.asarray(replicates, dtype=float)
    return column_quantiles(x, np.array([(1 - ci) / 2, (1 + ci) / 2]))


def expanded_levels(n: np.ndarray | int, ci: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Quantile levels ``(a, 1 - a)`` of the expanded percentile interval for ``n`` documents.

    Hesterberg (2015, "What teachers should know about the bootstrap", *The American
    Statistician* 69(4), sec. 4.3): the bootstrap distribution of a statistic is too narrow in
    small samples, by the factor sqrt((n-1)/n) (it divides by n, not n-1) and because it ignores
    that the spread itself is estimated (a t, not a normal, distribution). The expanded interval
    takes the resampled quantiles at ``a = Phi(-sqrt(n/(n-1)) * t_{n-1, (1+ci)/2})`` instead of
    ``(1-ci)/2``: for ci = 0.95, a = 0.0010 with 5 documents, 0.0057 with 8, 0.0108 with 12,
    0.0159 with 20, 0.0201 with 40, tending to 0.025. NaN for n < 2.
    """
    check_ci(ci)
    n = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.sqrt(n / (n - 1)) * _sps.t.ppf((1 + ci) / 2, n - 1)
        a = np.where(n >= 2, _spf.ndtr(-z), np.nan)
    return a, 1 - a


def welch_expanded_levels(
    var_a: np.ndarray | float,
    var_b: np.ndarray | float,
    n_a: np.ndarray | int,
    n_b: np.ndarray | int,
    ci: float = 0.95,
) -> tuple[np.ndarray, np.ndarray]:
    """Quantile levels ``(a, 1 - a)`` of the expanded percentile interval of a *contrast* of two
    groups resampled independently (a difference of their rates, or a log ratio).

    Hesterberg's expansion (:func:`expanded_levels`) carried over to two samples, as Welch's
    interval carries Student's over. ``var_a``, ``var_b``: each group's variance of its statistic,
    estimated with the n/(n-1) correction (the squared linearisation standard error ``se`` of
    :func:`bootstrap_ratio`); ``n_a``, ``n_b``: the groups' informative documents. Resampling
    group g divides by n_g, so the bootstrap variance of the contrast is about
    ``sum_g (n_g-1)/n_g var_g`` against ``sum_g var_g``; and the spread is estimated from both
    groups, with Welch-Satterthwaite degrees of freedom
    ``nu = (var_a + var_b)^2 / (var_a^2/(n_a-1) + var_b^2/(n_b-1))``. Hence

        a = Phi(-f * t_{nu, (1+ci)/2}),   f^2 = (var_a + var_b) / sum_g (n_g-1)/n_g var_g.

    Special cases: ``var_b = 0`` (a group without variation, e.g. no hit) gives exactly
    ``expanded_levels(n_a)``; two groups of n documents with equal variances give
    ``f^2 = n/(n-1)`` and ``nu = 2(n-1)`` (a = 0.0109 for 8 + 8 documents at ci = 0.95, against
    0.0057 for 8 documents alone). NaN where both variances are 0 or a group has fewer than 2
    documents with a positive variance.
    """
    check_ci(ci)
    va, vb = np.asarray(var_a, dtype=float), np.asarray(var_b, dtype=float)
    na, nb = np.asarray(n_a, dtype=float), np.asarray(n_b, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        total = va + vb
        boot = np.where(va > 0, (na - 1) / na * va, 0.0) + np.where(vb > 0, (nb - 1) / nb * vb, 0.0)
        f = np.sqrt(total / boot)
        # var_g^2 / (n_g - 1); a group with no variance adds nothing (and may have n_g = 1)
        wa = np.where(va > 0, va**2 / (na - 1), 0.0)
        wb = np.where(vb > 0, vb**2 / (nb - 1), 0.0)
        nu = total**2 / (wa + wb)
        ok = (total > 0) & np.isfinite(f) & np.isfinite(nu) & (nu > 0)
        z = f * _sps.t.ppf((1 + ci) / 2, np.where(ok, nu, 1.0))
        a = np.where(ok, _spf.ndtr(-z), np.nan)
    return a, 1 - a


def auto_method(n_informative: np.ndarray | int, kind: str = "rate") -> np.ndarray:
    """The method ``method="auto"`` uses for a ratio informed by ``n_informative`` documents.

    ``kind``: "rate" (hits / tokens), "share" (a part / its whole, in [0, 1]), "mean" (a sum of
    signed scores / their number), or a contrast of two groups' rates, "difference" or "ratio"
    (then ``n_informative`` is the smaller group's count). See :data:`AUTO_METHODS`.
    """
    if kind not in AUTO_METHODS:
        raise ValueError(f"kind must be one of {', '.join(AUTO_METHODS)}, got {kind!r}")
    small, large, threshold = AUTO_METHODS[kind]
    m = np.asarray(n_informative)
    if threshold is None:
        return np.full(m.shape, small, dtype=object)
    return np.where(m >= threshold, large, small).astype(object)


def studentized(reps, se_b, r, se, transform, alpha):
    """Bootstrap-t limits (unscaled) on the ``transform`` scale, back-transformed.

    Returns (low, high, ok); ``ok`` is False where the t quantiles are not finite (those limits
    are NaN and the caller falls back).
    """
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if transform == "identity":
            diff, s_b, s = reps - r, se_b, se
        elif transform == "log":
            diff, s_b, s = np.log(reps) - np.log(r), se_b / reps, se / r
        else:  # logit
            diff = _logit(reps) - _logit(r)
            s_b, s = se_b / (reps * (1 - reps)), se / (r * (1 - r))
        # t_b = 0 where the resample reproduces the estimate (0/0 when se_b is 0 there too);
        # +-inf where it differs with no spread (se_b = 0: e.g. a resample without any hit, or
        # on the log/logit scale a resample at 0 or 1), so such resamples count in the tails.
        t = np.where(diff == 0, 0.0, diff / s_b)
        t = np.where(np.isnan(t) & (diff != 0), np.sign(diff) * np.inf, t)
        t = np.where(np.isnan(reps), np.nan, t)
        t_lo, t_hi = column_quantiles(t, np.array([alpha, 1 - alpha]))
        ok = np.isfinite(t_lo) & np.isfinite(t_hi) & np.isfinite(s)
        if transform == "identity":
            low, high = r - t_hi * s, r - t_lo * s
        elif transform == "log":
            low, high = r * np.exp(-t_hi * s), r * np.exp(-t_lo * s)
        else:
            low, high = _spf.expit(_logit(r) - t_hi * s), _spf.expit(_logit(r) - t_lo * s)
    return np.where(ok, low, np.nan), np.where(ok, high, np.nan), ok


def _logit(p):
    return np.log(p) - np.log1p(-p)


def bca_levels(reps, r, num, den2, cols, alpha) -> np.ndarray:
    """(2, k) BCa quantile levels: bias correction from the replicates, acceleration from the
    jackknife over documents (leave one document out: (Y - y_i) / (X - x_i))."""
    den = den2 if den2.shape[1] == 1 else den2[:, cols]
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.isfinite(reps).sum(axis=0)
        below = (reps < r).sum(axis=0) + 0.5 * (reps == r).sum(axis=0)
        p0 = np.clip(below / np.maximum(v, 1), 0.5 / np.maximum(v, 1), 1 - 0.5 / np.maximum(v, 1))
        z0 = _spf.ndtri(p0)
        jack = (num.sum(axis=0) - num) / (den.sum(axis=0) - den)
        d = np.nanmean(jack, axis=0) - jack
        s2 = np.nansum(d**2, axis=0)
        acc = np.where(s2 > 0, np.nansum(d**3, axis=0) / (6 * s2**1.5), 0.0)
        z = _spf.ndtri(np.array([alpha, 1 - alpha]))[:, None]
        return _spf.ndtr(z0 + (z0 + z) / (1 - acc * (z0 + z)))


def column_quantiles(x: np.ndarray, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Quantiles of every column of ``x`` over axis 0, ignoring NaN, at two ``levels``.

    ``levels``: shape (2,) (the same for every column) or (2, ...) matching ``x.shape[1:]``.
    Linear interpolation between order statistics (numpy's default ``linear`` method) over the
    column's non-NaN values; an all-NaN column gives NaN. Deterministic, and one sort for all
    columns.
    """
    x = np.asarray(x, dtype=float)
    srt = np.sort(x, axis=0)  # NaN last
    v = (~np.isnan(x)).sum(axis=0)
    levels = np.asarray(levels, dtype=float)
    if levels.ndim == 1:
        levels = levels.reshape((2,) + (1,) * (x.ndim - 1))
    lev = np.broadcast_to(levels, (2,) + x.shape[1:])
    usable = (v > 0) & np.isfinite(lev)
    pos = np.where(usable, lev, 0.0) * np.maximum(v - 1, 0)
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, np.maximum(v - 1, 0))
    frac = pos - lo
    a = np.take_along_axis(srt, lo, axis=0)
    b = np.take_along_axis(srt, hi, axis=0)
    with np.errstate(invalid="ignore"):
        out = np.where((frac == 0) | (a == b), a, a + (b - a) * frac)
        # An infinite order statistic (a contrast whose resampled denominator was 0) cannot be
        # interpolated: take the nearer of the two.
        out = np.where(np.isinf(a) | np.isinf(b), np.where(frac < 0.5, a, b), out)
    out = np.where(usable, out, np.nan)
    return out[0], out[1]


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
    check_ci(ci)
    c = np.asarray(count, dtype=float)
    e = np.asarray(exposure, dtype=float)
    a = 1 - ci
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(c > 0, _sps.chi2.ppf(a / 2, 2 * c) / 2, 0.0)
        high = _sps.chi2.ppf(1 - a / 2, 2 * c + 2) / 2
        return scale * low / e, scale * high / e


def check_ci(ci: float) -> None:
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1 (e.g. 0.95), got {ci}")
