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

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .intervals import (
    BOOTSTRAP_METHODS,
    STUDENTIZED,
    auto_method,
    bca_levels,
    bootstrap_weights,
    check_ci,
    column_quantiles,
    expanded_levels,
    studentized,
)

__all__ = [
    "RatioBootstrap",
    "bootstrap_ratio",
]


# Resampling weights are built in blocks of at most this many cells (B_block x n), so memory stays
# bounded (about 32 MB of float64) however many documents a group has.
_MAX_BLOCK_CELLS = 4_000_000


_RATIO_KINDS = ("rate", "share", "mean")  # the kinds bootstrap_ratio computes


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

    ``numerators``: shape ``(n,)`` or ``(n, k)``, one row per document (e.g. hits per category);
    a scipy sparse ``(n, k)`` matrix for many sparse columns (speakers), with a shared
    denominator: the same result, with memory and time that grow with the non-zero cells.
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
    _check_ratio_args(ci, n_boot, method, kind)
    num, den, squeeze = _ratio_columns(numerators, denominators)
    n, k = num.shape
    if rng is None:
        rng = np.random.default_rng(seed)
    den2 = den[:, None] if den.ndim == 1 else den  # (n, 1) or (n, k): broadcasts against num
    informative = np.broadcast_to((den2 > 0).sum(axis=0), (k,)).astype(np.int64)
    if method == "auto":
        wanted = auto_method(informative, kind)
    else:
        wanted = np.full(k, method, dtype=object)
    r, se = _ratio_and_se(num, den2)
    estimate = scale * r
    if n < 2:
        result = _single_document_result(estimate, scale * se, informative, n_boot, keep_replicates)
        return _squeeze(result) if squeeze else result

    need_se = np.isin(wanted, list(STUDENTIZED)).any() or keep_replicates
    reps, se_b = _resample_ratios(num, den, den2, n_boot, rng, need_se)

    valid = np.isfinite(r)
    # Every informative document gives the same ratio (no hit anywhere, one variant only): the
    # residuals are zero up to rounding (0.1 * 3 - 0.3 is not exactly 0), hence the tolerance.
    degenerate = valid & (se <= 1e-12 * np.abs(r))
    low, high, method_out = _ratio_intervals(
        reps, se_b, r, se, num, den2, wanted, valid & ~degenerate, informative, ci
    )

    low, high = _final_limits(scale * low, scale * high, estimate, degenerate, valid, bounds)
    method_out[degenerate] = "degenerate"
    method_out[~valid] = "none"
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


def _check_ratio_args(ci: float, n_boot: int, method: str, kind: str) -> None:
    """Raise ValueError for a level, replicate count, method or kind bootstrap_ratio rejects."""
    check_ci(ci)
    if n_boot < 1:
        raise ValueError(f"n_boot must be at least 1, got {n_boot}")
    if method not in BOOTSTRAP_METHODS:
        raise ValueError(f"method must be one of {', '.join(BOOTSTRAP_METHODS)}, got {method!r}")
    if kind not in _RATIO_KINDS:
        raise ValueError(f"kind must be one of {', '.join(_RATIO_KINDS)}, got {kind!r}")


def _ratio_columns(numerators, denominators) -> tuple[np.ndarray, np.ndarray, bool]:
    """The numerators as an ``(n, k)`` float array (or sparse matrix), the denominators as
    floats, and whether the numerators were 1-D (so the result is squeezed back to scalars);
    ValueError on bad shapes."""
    den = np.asarray(denominators, dtype=float)
    if sparse.issparse(numerators):
        num = sparse.csr_matrix(numerators, dtype=float)
        if den.shape != (num.shape[0],):
            raise ValueError(
                f"sparse numerators take one shared denominator of shape ({num.shape[0]},), "
                f"got {den.shape}"
            )
        return num, den, False
    num = np.asarray(numerators, dtype=float)
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
    return num, den, squeeze


def _ratio_and_se(num: np.ndarray, den2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unscaled ratio of sums ``r`` per column (NaN where the denominator sums to 0) and its
    linearisation standard error, both of shape ``(k,)``."""
    n, k = num.shape
    total_den = den2.sum(axis=0)
    if sparse.issparse(num):  # sum (y - r x)^2 expanded, so nothing dense of shape (n, k)
        x = den2[:, 0]
        with np.errstate(invalid="ignore", divide="ignore"):
            r = np.where(total_den > 0, np.asarray(num.sum(axis=0)).ravel() / total_den, np.nan)
            ss = (np.asarray(num.multiply(num).sum(axis=0)).ravel()
                  - 2 * r * (num.T @ x) + r**2 * float(x @ x))
            se = np.sqrt(n / max(n - 1, 1) * np.maximum(ss, 0.0)) / total_den
        return r, se
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(total_den > 0, num.sum(axis=0) / total_den, np.nan)
        resid = num - r * den2
        se = np.sqrt(n / max(n - 1, 1) * (resid**2).sum(axis=0)) / total_den
    return np.broadcast_to(r, (k,)), np.broadcast_to(se, (k,))


# Below this many documents, or when more than half of them count, every document's weight is
# drawn (as always); above it, only the documents that count (see _informative_rows).
SPARSE_MIN_DOCS = 1_000


def _informative_rows(num: np.ndarray, den: np.ndarray, den2: np.ndarray) -> np.ndarray | None:
    """The rows (documents) whose numerators or denominators are not all zero, when they are few
    enough among many documents for drawing only their weights to pay; else None.

    A document that adds nothing to any sum (no attribution, no mention) changes no replicate
    whatever its weight, so only the weights of the others need drawing: their joint
    distribution is the multinomial of n draws over them and "any other document"
    (:func:`sparse_bootstrap_weights`), the same bootstrap with far fewer draws. This is what
    keeps sources, naming and tone linear on corpora of many small documents.
    """
    n = num.shape[0]
    if n < SPARSE_MIN_DOCS:
        return None
    if sparse.issparse(num):
        used = (np.diff(num.indptr) > 0) | (den != 0)
    else:
        used = num.any(axis=1) | (den2.any(axis=1) if den.ndim == 2 else den != 0)
    rows = np.flatnonzero(used)
    return rows if len(rows) <= n // 2 else None


def sparse_bootstrap_weights(n: int, m: int, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """``(n_boot, m)`` counts: how often each of ``m`` chosen documents is drawn in ``n`` draws
    with replacement from ``n`` documents (the columns of :func:`bootstrap_weights` for those
    documents, drawn without drawing the others')."""
    p = np.full(m + 1, 1.0 / n)
    p[-1] = max(0.0, 1.0 - m / n)
    return rng.multinomial(n, p, size=n_boot)[:, :m]


def _resample_ratios(
    num: np.ndarray,
    den: np.ndarray,
    den2: np.ndarray,
    n_boot: int,
    rng: np.random.Generator,
    need_se: bool,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Unscaled replicate ratios ``(n_boot, k)`` (NaN where a resample's denominator is 0) and,
    when ``need_se``, each replicate's linearisation standard error (else None).

    Weights are drawn block by block (:data:`_MAX_BLOCK_CELLS`) so memory stays bounded.
    """
    n, k = num.shape
    reps = np.empty((n_boot, k))  # unscaled ratios R_b / scale
    se_b = np.empty((n_boot, k)) if need_se else None
    rows = _informative_rows(num, den, den2)
    if rows is not None:  # only these rows' weights matter: draw just those
        num, den2 = num[rows], den2[rows]
        den = den[rows] if den.ndim == 1 else den2
    block = max(1, _MAX_BLOCK_CELLS // max(num.shape[0], 1))
    for start in range(0, n_boot, block):
        stop = min(n_boot, start + block)
        if rows is None:
            w = bootstrap_weights(n, stop - start, rng).astype(float)
        else:
            w = sparse_bootstrap_weights(n, len(rows), stop - start, rng).astype(float)
        top = _times(w, num)
        bottom = w @ den2 if den.ndim == 2 else np.broadcast_to(w @ den[:, None], top.shape)
        with np.errstate(invalid="ignore", divide="ignore"):
            rb = np.where(bottom > 0, top / bottom, np.nan)
            reps[start:stop] = rb
            if se_b is not None:
                # sum_i w_i (y_i - r_b x_i)^2, expanded so that it is three matrix products
                ss = (_times(w, _mul(num, num)) - 2 * rb * _times(w, _mul(num, den2))
                      + rb**2 * (w @ (den2 * den2)))
                se_b[start:stop] = np.sqrt(n / (n - 1) * np.maximum(ss, 0.0)) / bottom
    return reps, se_b


def _times(w: np.ndarray, m) -> np.ndarray:
    """``w @ m`` for a dense or sparse ``m``, as a dense array."""
    if sparse.issparse(m):
        return np.asarray((m.T @ w.T).T)
    return w @ m


def _mul(a, b):
    """Elementwise product, keeping a sparse ``a`` sparse."""
    return a.multiply(b).tocsr() if sparse.issparse(a) else a * b


def _ratio_intervals(
    reps: np.ndarray,
    se_b: np.ndarray | None,
    r: np.ndarray,
    se: np.ndarray,
    num: np.ndarray,
    den2: np.ndarray,
    wanted: np.ndarray,
    live: np.ndarray,
    informative: np.ndarray,
    ci: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unscaled interval limits of the ``live`` columns (NaN elsewhere) and the method each
    column ended up with: the ``wanted`` one, or the expanded percentile interval where a
    bootstrap-t had unbounded t quantiles."""
    k = len(r)
    low = np.full(k, np.nan)
    high = np.full(k, np.nan)
    method_out = wanted.copy()
    alpha = (1 - ci) / 2

    for name, transform in STUDENTIZED.items():
        cols = np.flatnonzero(live & (wanted == name))
        if not len(cols):
            continue
        lo_t, hi_t, ok = studentized(
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
            sub = num[:, cols]
            sub = sub.toarray() if sparse.issparse(sub) else sub
            levels = bca_levels(reps[:, cols], r[cols], sub, den2, cols, alpha)
        low[cols], high[cols] = column_quantiles(reps[:, cols], levels)
    return low, high, method_out


def _single_document_result(
    estimate: np.ndarray,
    se: np.ndarray,
    informative: np.ndarray,
    n_boot: int,
    keep_replicates: bool,
) -> RatioBootstrap:
    """The result for fewer than 2 documents: the estimate with a NaN interval (method "none")."""
    k = len(estimate)
    nan_reps = np.full((n_boot, k), np.nan) if keep_replicates else None
    return RatioBootstrap(
        estimate,
        np.full(k, np.nan),
        np.full(k, np.nan),
        np.full(k, "none", dtype=object),
        np.zeros(k, dtype=np.int64),
        informative,
        nan_reps,
        se,
        nan_reps,
    )


def _final_limits(
    low: np.ndarray,
    high: np.ndarray,
    estimate: np.ndarray,
    degenerate: np.ndarray,
    valid: np.ndarray,
    bounds: tuple[float | None, float | None],
) -> tuple[np.ndarray, np.ndarray]:
    """The scaled interval limits with [estimate, estimate] for degenerate columns, NaN where
    there is no estimate, clipped to the statistic's range ``bounds`` (None: unbounded)."""
    low = np.where(degenerate, estimate, low)
    high = np.where(degenerate, estimate, high)
    low = np.where(valid, low, np.nan)
    high = np.where(valid, high, np.nan)
    lo_b, hi_b = bounds
    if lo_b is not None:
        low, high = np.maximum(low, lo_b), np.maximum(high, lo_b)
    if hi_b is not None:
        low, high = np.minimum(low, hi_b), np.minimum(high, hi_b)
    return low, high


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
