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

How the interval is read off the resamples depends on the number of documents: with few
documents the bootstrap-t is erratic (its own standard error is estimated from a handful of
documents in every resample), so small groups get the expanded percentile interval and large
groups the bootstrap-t; means (tone) get the expanded percentile interval at every size
(:data:`AUTO_METHODS`; docs/statistics.md has the measurements behind the rule).

Two groups are compared by :func:`bootstrap_contrast`: the difference (or ratio) of their
replicates, each group resampled on its own, with the expanded percentile interval carried over
to two samples as Welch's interval carries Student's (:func:`welch_expanded_levels`).

Seeds: :func:`group_rng` derives a generator from the user's seed and the group's label, so the
interval of one outlet does not change when another outlet is added to the corpus.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np
from scipy import special as _spf
from scipy import stats as _sps

__all__ = [
    "AUTO_METHODS",
    "BOOTSTRAP_METHODS",
    "CONTRAST_METHODS",
    "ContrastInterval",
    "RatioBootstrap",
    "auto_method",
    "bootstrap_contrast",
    "bootstrap_ratio",
    "bootstrap_weights",
    "expanded_levels",
    "welch_expanded_levels",
    "group_rng",
    "percentile_interval",
    "poisson_rate_interval",
]

# Resampling weights are built in blocks of at most this many cells (B_block x n), so memory stays
# bounded (about 32 MB of float64) however many documents a group has.
_MAX_BLOCK_CELLS = 4_000_000

BOOTSTRAP_METHODS = (
    "auto",
    "studentized",
    "studentized-log",
    "studentized-logit",
    "percentile",
    "expanded-percentile",
    "bca",
)
_STUDENTIZED = {"studentized": "identity", "studentized-log": "log", "studentized-logit": "logit"}

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
_RATIO_KINDS = ("rate", "share", "mean")  # the kinds bootstrap_ratio computes


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
    x = np.asarray(replicates, dtype=float)
    return _column_quantiles(x, np.array([(1 - ci) / 2, (1 + ci) / 2]))


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
    _check_ci(ci)
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
    _check_ci(ci)
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


@dataclass(frozen=True)
class RatioBootstrap:
    """Result of :func:`bootstrap_ratio`; arrays have one entry per numerator column.

    ``estimate``: ``scale * sum(numerator) / sum(denominator)`` over all documents (NaN when the
    denominator sums to 0). ``ci_low``/``ci_high``: the interval. ``method``: how each interval
    was obtained: one of :data:`BOOTSTRAP_METHODS` other than "auto", or ``"degenerate"``
    (every document gives the same ratio, e.g. no hit anywhere: the interval is [estimate,
    estimate]) or ``"none"`` (fewer than 2 documents, or no defined estimate: NaN interval).
    ``n_valid``: replicates with a non-zero denominator (the interval uses those).
    ``n_informative``: documents with a non-zero denominator. ``replicates``: the ``(n_boot, k)``
    replicate ratios when requested, else None. ``se``: the linearisation (delta-method) standard
    error of the estimate (scaled like it). ``se_replicates``: the same standard error in every
    resample, ``(n_boot, k)``, when replicates were requested (what a bootstrap-t of a contrast
    of two groups needs, see :func:`bootstrap_contrast`).
    """

    estimate: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    method: np.ndarray
    n_valid: np.ndarray
    n_informative: np.ndarray
    replicates: np.ndarray | None = None
    se: np.ndarray | None = None
    se_replicates: np.ndarray | None = None


def bootstrap_ratio(
    numerators: np.ndarray,
    denominators: np.ndarray,
    *,
    n_boot: int = 1000,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
    ci: float = 0.95,
    scale: float = 1.0,
    method: str = "auto",
    kind: str = "rate",
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

    Interval (``method``), all at level ``ci``; ``a = (1-ci)/2``:

    - ``"percentile"``: the ``a`` and ``1-a`` quantiles of the ``R_b``.
    - ``"expanded-percentile"``: the same at the wider levels of :func:`expanded_levels` for
      the column's informative documents (those with ``x_i > 0``): corrects the percentile
      interval's narrowness in small samples. Like the percentile interval it stays inside the
      statistic's range and keeps order: a sum of columns never gets a lower limit below one of
      its parts' (every resample of the sum is at least the resample of the part).
    - ``"studentized"`` (bootstrap-t): with the linearisation (delta-method) standard error of a
      ratio, ``se(R) = scale * sqrt(n/(n-1) * sum_i (y_i - r x_i)^2) / sum_i x_i`` (``r = R/scale``)
      computed in the sample and in every resample (``se_b``, with the weights), the interval is
      ``[R - t_hi * se, R - t_lo * se]`` where ``t_lo``, ``t_hi`` are the ``a`` and ``1-a``
      quantiles of ``t_b = (R_b - R) / se_b``. Corrects for skew, but erratic with few
      documents (a resample of a handful of similar documents has a tiny ``se_b``).
    - ``"studentized-log"``, ``"studentized-logit"``: the bootstrap-t of ``log R`` (standard error
      ``se/R``) or ``logit R`` (``se/(R(1-R))``, for shares), back-transformed; the interval then
      stays positive (inside (0, 1)).
    - ``"bca"``: bias-corrected and accelerated percentile interval (Efron 1987): quantile levels
      ``Phi(z0 + (z0 + z)/(1 - acc (z0 + z)))`` for ``z = Phi^-1(a), Phi^-1(1-a)``, with ``z0 =
      Phi^-1(share of R_b below R, ties counting half)`` and the acceleration ``acc`` from the
      jackknife over documents, ``sum d_i^3 / (6 (sum d_i^2)^1.5)``, ``d_i = mean_j R_(j) - R_(i)``.
    - ``"auto"`` (default): :func:`auto_method` for ``kind`` and the column's informative
      documents: for a rate or a share, expanded percentile below 20 documents and studentized
      from 20 on; for a mean (``kind="mean"``, e.g. a tone), expanded percentile at every size.

    A bootstrap-t whose t quantiles are unbounded (so few documents carry the numerator, about 3
    or fewer, that more than ``a`` of the resamples contain none of them, where ``se_b = 0``; or
    a log/logit whose resamples reach 0 or 1) falls back to the expanded percentile interval for
    that column, and ``method`` says so.

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
    if kind not in _RATIO_KINDS:
        raise ValueError(f"kind must be one of {', '.join(_RATIO_KINDS)}, got {kind!r}")
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
    informative = np.broadcast_to((den2 > 0).sum(axis=0), (k,)).astype(np.int64)
    if method == "auto":
        wanted = auto_method(informative, kind)
    else:
        wanted = np.full(k, method, dtype=object)

    total_den = den2.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(total_den > 0, num.sum(axis=0) / total_den, np.nan)
        resid = num - r * den2
        se = np.sqrt(n / max(n - 1, 1) * (resid**2).sum(axis=0)) / total_den
    r = np.broadcast_to(r, (k,))
    se = np.broadcast_to(se, (k,))
    estimate = scale * r
    if n < 2:
        nan_reps = np.full((n_boot, k), np.nan) if keep_replicates else None
        result = RatioBootstrap(
            estimate,
            np.full(k, np.nan),
            np.full(k, np.nan),
            np.full(k, "none", dtype=object),
            np.zeros(k, dtype=np.int64),
            informative,
            nan_reps,
            scale * se,
            nan_reps,
        )
        return _squeeze(result) if squeeze else result

    reps = np.empty((n_boot, k))  # unscaled ratios R_b / scale
    need_se = np.isin(wanted, list(_STUDENTIZED))
    se_b = np.empty((n_boot, k)) if need_se.any() or keep_replicates else None
    block = max(1, _MAX_BLOCK_CELLS // n)
    for start in range(0, n_boot, block):
        stop = min(n_boot, start + block)
        w = bootstrap_weights(n, stop - start, rng).astype(float)
        top = w @ num
        bottom = w @ den2 if den.ndim == 2 else np.broadcast_to(w @ den[:, None], top.shape)
        with np.errstate(invalid="ignore", divide="ignore"):
            rb = np.where(bottom > 0, top / bottom, np.nan)
            reps[start:stop] = rb
            if se_b is not None:
                # sum_i w_i (y_i - r_b x_i)^2, expanded so that it is three matrix products
                ss = w @ (num * num) - 2 * rb * (w @ (num * den2)) + rb**2 * (w @ (den2 * den2))
                se_b[start:stop] = np.sqrt(n / (n - 1) * np.maximum(ss, 0.0)) / bottom

    valid = np.isfinite(r)
    # Every informative document gives the same ratio (no hit anywhere, one variant only): the
    # residuals are zero up to rounding (0.1 * 3 - 0.3 is not exactly 0), hence the tolerance.
    degenerate = valid & (se <= 1e-12 * np.abs(r))
    live = valid & ~degenerate
    low = np.full(k, np.nan)
    high = np.full(k, np.nan)
    method_out = wanted.copy()
    alpha = (1 - ci) / 2

    for name, transform in _STUDENTIZED.items():
        cols = np.flatnonzero(live & (wanted == name))
        if not len(cols):
            continue
        lo_t, hi_t, ok = _studentized(
            reps[:, cols], se_b[:, cols], r[cols], se[cols], transform, alpha
        )
        low[cols], high[cols] = lo_t, hi_t
        method_out[cols[~ok]] = "expanded-percentile"  # unbounded t quantiles: fall back

    for name in ("percentile", "expanded-percentile", "bca"):
        cols = np.flatnonzero(live & (method_out == name))
        if not len(cols):
            continue
        if name == "percentile":
            levels = np.array([alpha, 1 - alpha])
        elif name == "expanded-percentile":
            levels = np.vstack(expanded_levels(informative[cols], ci))
        else:
            levels = _bca_levels(reps[:, cols], r[cols], num[:, cols], den2, cols, alpha)
        low[cols], high[cols] = _column_quantiles(reps[:, cols], levels)

    low, high = scale * low, scale * high
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
        n_informative=informative,
        replicates=scale * reps if keep_replicates else None,
        se=scale * se,
        se_replicates=scale * se_b if keep_replicates else None,
    )
    return _squeeze(result) if squeeze else result


CONTRAST_METHODS = ("auto", "studentized", "percentile", "expanded-percentile")


@dataclass(frozen=True)
class ContrastInterval:
    """Result of :func:`bootstrap_contrast`, one entry per column: ``estimate`` (the contrast of
    the two groups' estimates), ``ci_low``, ``ci_high``, ``method`` (as in
    :class:`RatioBootstrap`: the method used, ``"degenerate"`` or ``"none"``), ``n_valid``
    (replicates where the contrast is defined)."""

    estimate: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    method: np.ndarray
    n_valid: np.ndarray


def bootstrap_contrast(
    a: RatioBootstrap,
    b: RatioBootstrap,
    *,
    contrast: str = "difference",
    ci: float = 0.95,
    method: str = "auto",
) -> ContrastInterval:
    """Interval for the difference (``a - b``) or ratio (``a / b``) of two groups' ratios.

    ``a`` and ``b``: :func:`bootstrap_ratio` results of the two groups, computed with
    ``keep_replicates=True`` and the same ``n_boot``, column for column (column j of ``a`` is
    contrasted with column j of ``b``). The groups were resampled independently (each its own
    documents, its own generator), so replicate i of the contrast is replicate i of ``a`` minus
    (or over) replicate i of ``b``: a draw from the bootstrap distribution of the contrast. Using
    the groups' own replicates means the contrast rests on exactly the resamples behind each
    group's own interval.

    ``contrast="ratio"`` is computed on the log scale (log a - log b) and back-transformed; it is
    undefined (NaN interval, method "none") when either estimate is 0, and a resample where b's
    ratio is 0 gives an infinite replicate (so an upper limit can be ``inf``: b's rate rests on
    too few documents to bound the ratio).

    ``method`` (all at level ``ci``; ``alpha = (1 - ci)/2``):

    - ``"percentile"``: the alpha and 1 - alpha quantiles of the contrast's replicates.
    - ``"expanded-percentile"``: the same at the levels of :func:`welch_expanded_levels`, from the
      groups' linearisation variances (on the log scale for a ratio: ``(se/R)^2``) and
      informative documents: Hesterberg's small-sample expansion, with Welch's degrees of freedom.
    - ``"studentized"``: bootstrap-t with the standard error of the contrast
      ``se = sqrt(se_a^2 + se_b^2)`` (log scale: ``sqrt((se_a/a)^2 + (se_b/b)^2)``) in the sample
      and in every resample: ``[D - t_hi se, D - t_lo se]``, ``t_b = (D_b - D)/se_b``. Falls back
      to the expanded percentile interval when the t quantiles are unbounded.
    - ``"auto"`` (default): :data:`AUTO_METHODS` for the contrast: the expanded percentile
      interval at every size. Unlike a single group's rate, whose right skew the bootstrap-t
      corrects from 20 documents on, a difference of two groups' rates is close to symmetric,
      and the bootstrap-t only adds the noise of its resampled standard errors: it covered less
      than the expanded percentile interval at 8, 12, 20 and 40 documents per group.

    ``degenerate``: both groups without variation (e.g. no hit in either): ``[D, D]``. ``none``:
    either group has no interval of its own (fewer than 2 documents, or no estimate).
    """
    _check_ci(ci)
    if contrast not in ("difference", "ratio"):
        raise ValueError(f"contrast must be 'difference' or 'ratio', got {contrast!r}")
    if method not in CONTRAST_METHODS:
        raise ValueError(f"method must be one of {', '.join(CONTRAST_METHODS)}, got {method!r}")
    parts = []
    for name, r in (("a", a), ("b", b)):
        if r.replicates is None or r.se_replicates is None or r.se is None:
            raise ValueError(f"group {name}: compute it with bootstrap_ratio(keep_replicates=True)")
        reps = np.asarray(r.replicates, dtype=float)
        se_reps = np.asarray(r.se_replicates, dtype=float)
        if reps.ndim == 1:
            reps, se_reps = reps[:, None], se_reps[:, None]
        parts.append(
            (
                np.atleast_1d(np.asarray(r.estimate, dtype=float)),
                np.atleast_1d(np.asarray(r.se, dtype=float)),
                reps,
                se_reps,
                np.atleast_1d(r.n_informative),
                np.atleast_1d(np.asarray(r.method, dtype=object)),
            )
        )
    (ea, sa, ra, sra, na, ma), (eb, sb, rb, srb, nb, mb) = parts
    if ra.shape != rb.shape:
        raise ValueError(
            f"the two groups' replicates differ in shape ({ra.shape} vs {rb.shape}): use the "
            "same n_boot and the same columns"
        )
    k = ra.shape[1]
    none = (ma == "none") | (mb == "none") | ~np.isfinite(ea) | ~np.isfinite(eb)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if contrast == "difference":
            est = ea - eb
            point = est
            reps = ra - rb
            se = np.sqrt(sa**2 + sb**2)
            se_reps = np.sqrt(sra**2 + srb**2)
            va, vb = sa**2, sb**2
        else:
            est = ea / eb
            none |= ~((ea > 0) & (eb > 0))
            point = np.log(ea) - np.log(eb)
            reps = np.log(ra) - np.log(rb)  # -inf/+inf where a resample's rate is 0
            va, vb = (sa / ea) ** 2, (sb / eb) ** 2
            se = np.sqrt(va + vb)
            se_reps = np.sqrt((sra / ra) ** 2 + (srb / rb) ** 2)
    degenerate = ~none & (ma == "degenerate") & (mb == "degenerate")
    live = ~none & ~degenerate
    n_min = np.minimum(na, nb)
    wanted = auto_method(n_min, contrast) if method == "auto" else np.full(k, method, object)
    method_out = wanted.astype(object).copy()
    alpha = (1 - ci) / 2
    low, high = np.full(k, np.nan), np.full(k, np.nan)

    cols = np.flatnonzero(live & (wanted == "studentized"))
    if len(cols):
        lo_t, hi_t, ok = _studentized(
            reps[:, cols], se_reps[:, cols], point[cols], se[cols], "identity", alpha
        )
        low[cols], high[cols] = lo_t, hi_t
        method_out[cols[~ok]] = "expanded-percentile"  # unbounded t quantiles: fall back
    for name in ("percentile", "expanded-percentile"):
        cols = np.flatnonzero(live & (method_out == name))
        if not len(cols):
            continue
        if name == "percentile":
            levels = np.array([alpha, 1 - alpha])
        else:
            levels = np.vstack(welch_expanded_levels(va[cols], vb[cols], na[cols], nb[cols], ci))
        low[cols], high[cols] = _column_quantiles(reps[:, cols], levels)
    if contrast == "ratio":
        with np.errstate(over="ignore"):
            low, high = np.exp(low), np.exp(high)
    low = np.where(degenerate, est, low)
    high = np.where(degenerate, est, high)
    method_out[degenerate] = "degenerate"
    method_out[none] = "none"
    low = np.where(none, np.nan, low)
    high = np.where(none, np.nan, high)
    return ContrastInterval(
        estimate=est,
        ci_low=low,
        ci_high=high,
        method=method_out,
        n_valid=(~np.isnan(reps)).sum(axis=0),
    )


def _studentized(reps, se_b, r, se, transform, alpha):
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
        t_lo, t_hi = _column_quantiles(t, np.array([alpha, 1 - alpha]))
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


def _bca_levels(reps, r, num, den2, cols, alpha) -> np.ndarray:
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


def _column_quantiles(x: np.ndarray, levels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
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
        n_informative=r.n_informative[0],
        replicates=None if r.replicates is None else r.replicates[:, 0],
        se=None if r.se is None else r.se[0],
        se_replicates=None if r.se_replicates is None else r.se_replicates[:, 0],
    )
