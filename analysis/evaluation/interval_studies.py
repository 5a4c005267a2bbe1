"""Coverage studies of the interval methods on planted synthetic corpora.

:func:`interval_study`/:func:`interval_summary` for rates, shares and means;
:func:`difference_study`/:func:`difference_summary` for pairwise differences.
docs/statistics.md reports the results.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ..comparison.differences import difference_run, difference_table
from ..comparison.rates import rates
from ..stats.bootstrap import bootstrap_ratio
from ..stats.intervals import auto_method
from .synthetic import synthetic_corpus

__all__ = [
    "INTERVAL_METHODS",
    "STUDY_BURSTINESS",
    "difference_study",
    "difference_summary",
    "interval_study",
    "interval_summary",
]


# The methods each study compares by default: every method of analysis.stats.bootstrap_ratio
# that suits the statistic (the log scale for a positive rate, the logit for a share).
INTERVAL_METHODS: dict[str, tuple[str, ...]] = {
    "rate": (
        "studentized",
        "studentized-log",
        "percentile",
        "expanded-percentile",
        "bca",
        "auto",
    ),
    "share": (
        "studentized",
        "studentized-logit",
        "percentile",
        "expanded-percentile",
        "bca",
        "auto",
    ),
    "mean": ("studentized", "percentile", "expanded-percentile", "bca", "auto"),
}
# What "high" and "low" burstiness mean for each statistic (the between-document variation):
# rate: gamma shape k of a document's multiplier (variance 1/k); share: concentration phi of the
# Beta distribution of a document's propensity to use the variant (small: a document sticks to
# one name); mean: standard deviation tau of a document's tone on the score's latent scale.
STUDY_BURSTINESS = {
    "rate": {"high": 0.5, "low": 2.0},
    "share": {"high": 0.5, "low": 5.0},
    "mean": {"high": 0.8, "low": 0.3},
}
# The rate harness (interval_study("rate") and difference_study): outlets of ~150-token
# documents with two categories, each planted at a rate drawn from U(4, 16) per 1,000 tokens.
_STUDY_CATEGORIES = ("atrocity_claim", "force_triumph")
_STUDY_MEAN_TOKENS = 150


def _planted_rates(rng: np.random.Generator) -> dict[str, float]:
    return {c: float(rng.uniform(4, 16)) for c in _STUDY_CATEGORIES}


def _bootstrap_seed(cell_seed) -> int:
    """The bootstrap seed of a study cell, derived from (not equal to) the corpus seed."""
    return int(np.random.SeedSequence(cell_seed).generate_state(1)[0])


def interval_study(
    statistic: str = "rate",
    *,
    sizes: Sequence[int] = (5, 8, 12, 20, 40),
    burstiness: Sequence[str] = ("high", "low"),
    methods: Sequence[str] | None = None,
    n_cells: int = 400,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Measure document-bootstrap intervals on synthetic data with a known truth.

    For each group size in ``sizes`` (documents per group) and each ``burstiness`` setting
    (:data:`STUDY_BURSTINESS`), generate ``n_cells`` independent cells with a planted value and
    compute the interval of every method in ``methods`` (those of
    :func:`analysis.stats.bootstrap_ratio`; default :data:`INTERVAL_METHODS` of the statistic)
    from the same data.

    ``statistic="rate"``: the text harness: :func:`synthetic_corpus` with ``n_cells / 2``
    outlets of ``size`` documents (~150 tokens, log-normal lengths), two categories with planted
    rates drawn from U(4, 16) per 1,000 tokens, and :func:`analysis.compare.rates` on them (voice
    "all"). Its ALL rows (the sum of the categories) are kept to measure coherence: ``incoherent``
    is True when the ALL/all lower limit lies below the lower limit of one of its parts (a
    category, or ALL in one voice).

    ``statistic="share"``: a naming share. Each document mentions the referent
    Poisson(2 x Gamma(1, 1)) times (so many documents never do) and uses the variant with a
    propensity drawn from Beta(pi phi, (1 - pi) phi); planted share pi ~ U(0.05, 0.95).

    ``statistic="mean"``: a mean tone. Each document has Poisson(3 x Gamma(1, 1)) scored sentences
    and a latent tone a ~ N(alpha, tau); a sentence scores 0 with probability 0.35 (no rated
    word), else tanh(a + N(0, 0.7)), so scores lie in (-1, 1) like VADER's compound; alpha ~
    U(-0.8, 0.3). Truth: 0.65 E[tanh(N(alpha, sqrt(tau^2 + 0.49)))] by Gauss-Hermite quadrature.

    Returns one row per cell and method: statistic, burstiness, n_docs, method, method_used (the
    ``ci_method`` reported, after "auto" and fallbacks), cell, truth, estimate, ci_low, ci_high,
    covered, n_informative (documents with a positive denominator), n_docs_with (documents with
    a non-zero numerator), total (rate study: the row is an ALL total, kept for coherence and
    left out of coverage), incoherent. Summarise with :func:`interval_summary`. Deterministic for
    a seed.
    """
    if statistic not in STUDY_BURSTINESS:
        raise ValueError(
            f"statistic must be one of {', '.join(STUDY_BURSTINESS)}, got {statistic!r}"
        )
    unknown = [b for b in burstiness if b not in STUDY_BURSTINESS[statistic]]
    if unknown:
        raise ValueError(f"burstiness must be among high, low; got {unknown}")
    if n_cells < 2:
        raise ValueError(f"n_cells must be at least 2, got {n_cells}")
    methods = list(INTERVAL_METHODS[statistic] if methods is None else methods)
    frames = []
    for b_index, level in enumerate(burstiness):
        param = STUDY_BURSTINESS[statistic][level]
        for size in sizes:
            if int(size) < 2:
                raise ValueError(f"group sizes must be at least 2 documents, got {size}")
            cell_seed = [int(seed), int(size), b_index]
            if statistic == "rate":
                frame = _rate_study(int(size), param, methods, n_cells, n_boot, ci, cell_seed)
            else:
                frame = _ratio_study(
                    statistic, int(size), param, methods, n_cells, n_boot, ci, cell_seed
                )
            frame.insert(0, "burstiness", level)
            frame.insert(0, "statistic", statistic)
            frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    lo, hi, truth = out["ci_low"], out["ci_high"], out["truth"]
    out["covered"] = (lo <= truth) & (truth <= hi)
    return out


def _rate_study(size, k, methods, n_cells, n_boot, ci, seed) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n_outlets = max(1, n_cells // 2)
    planted = {f"o{i:04d}": _planted_rates(rng) for i in range(n_outlets)}
    sc = synthetic_corpus(
        planted, n_docs=size, mean_tokens=_STUDY_MEAN_TOKENS, overdispersion=k, seed=seed
    )
    truth = sc.truth.rename(columns={"outlet": "group", "rate_per_1k": "truth"})
    frames = []
    for m in methods:
        t = rates(
            sc.corpus,
            sc.hits,
            attributions=sc.attributions,
            n_boot=n_boot,
            ci=ci,
            ci_method=m,
            seed=_bootstrap_seed(seed),
        )
        t = t.merge(
            truth[["group", "category", "voice", "truth"]], on=["group", "category", "voice"]
        )
        parts = t[
            ((t["voice"] == "all") & (t["category"] != "ALL"))
            | ((t["category"] == "ALL") & (t["voice"] != "all"))
        ]
        part_low = parts.groupby("group")["ci_low"].max()
        keep = t[t["voice"] == "all"].copy()
        keep["total"] = keep["category"] == "ALL"
        total_low = keep["ci_low"].where(keep["total"])
        keep["incoherent"] = np.where(
            keep["total"], total_low < keep["group"].map(part_low) - 1e-9, np.nan
        )
        frames.append(
            pd.DataFrame(
                {
                    "n_docs": size,
                    "method": m,
                    "method_used": keep["ci_method"].to_numpy(),
                    "cell": (keep["group"] + "/" + keep["category"]).to_numpy(),
                    "truth": keep["truth"].to_numpy(float),
                    "estimate": keep["rate_per_1k"].to_numpy(float),
                    "ci_low": keep["ci_low"].to_numpy(float),
                    "ci_high": keep["ci_high"].to_numpy(float),
                    "n_informative": keep["n_docs"].to_numpy(np.int64),
                    "n_docs_with": keep["n_docs_with_hits"].to_numpy(np.int64),
                    "total": keep["total"].to_numpy(bool),
                    "incoherent": keep["incoherent"].to_numpy(object),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _ratio_study(statistic, size, param, methods, n_cells, n_boot, ci, seed) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    if statistic == "share":
        truth = rng.uniform(0.05, 0.95, n_cells)
        den = rng.poisson(2.0 * rng.gamma(1.0, 1.0, (size, n_cells))).astype(float)
        p = rng.beta(truth * param, (1 - truth) * param, (size, n_cells))
        num = rng.binomial(den.astype(np.int64), p).astype(float)
        bounds, kind = (0.0, 1.0), "share"
    else:
        alpha = rng.uniform(-0.8, 0.3, n_cells)
        sd = np.sqrt(param**2 + 0.7**2)
        x, w = np.polynomial.hermite_e.hermegauss(60)  # E[f(Z)], Z ~ N(0, 1)
        truth = 0.65 * (np.tanh(alpha[:, None] + sd * x[None, :]) @ w) / np.sqrt(2 * np.pi)
        den = rng.poisson(3.0 * rng.gamma(1.0, 1.0, (size, n_cells))).astype(float)
        latent = rng.normal(alpha, param, (size, n_cells))
        num = np.zeros((size, n_cells))
        n_max = int(den.max()) if den.size else 0
        for j in range(n_max):  # sentence j of each document that has one
            has = den > j
            score = np.tanh(latent + rng.normal(0.0, 0.7, latent.shape))
            score *= rng.random(latent.shape) >= 0.35
            num += np.where(has, score, 0.0)
        bounds, kind = (-1.0, 1.0), "mean"
    frames = []
    batch = 25  # cells per bootstrap call (they share resampling weights within a call)
    for m_index, m in enumerate(methods):
        est, low, high = np.empty(n_cells), np.empty(n_cells), np.empty(n_cells)
        used = np.empty(n_cells, dtype=object)
        boot_rng = np.random.default_rng([*seed, 7919 + m_index])
        for a in range(0, n_cells, batch):
            b = min(n_cells, a + batch)
            res = bootstrap_ratio(
                num[:, a:b],
                den[:, a:b],
                n_boot=n_boot,
                rng=boot_rng,
                ci=ci,
                method=m,
                kind=kind,
                bounds=bounds,
            )
            est[a:b], low[a:b], high[a:b], used[a:b] = (
                res.estimate,
                res.ci_low,
                res.ci_high,
                res.method,
            )
        frames.append(
            pd.DataFrame(
                {
                    "n_docs": size,
                    "method": m,
                    "method_used": used,
                    "cell": [f"c{j:05d}" for j in range(n_cells)],
                    "truth": truth,
                    "estimate": est,
                    "ci_low": low,
                    "ci_high": high,
                    "n_informative": (den > 0).sum(axis=0),
                    "n_docs_with": (num != 0).sum(axis=0),
                    "total": False,
                    "incoherent": np.nan,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def interval_summary(cells: pd.DataFrame, *, by: Sequence[str] | None = None) -> pd.DataFrame:
    """Summarise :func:`interval_study` rows, one row per statistic x burstiness x size x method.

    Coverage and widths count the cells with a resampled interval; the others are counted
    apart: ``n_degenerate`` (every informative document gives the same ratio, e.g. every mention
    uses one variant: the interval is [estimate, estimate]; ``degenerate_covered`` says how often
    that point is the truth) and ``n_none`` (no interval: fewer than 2 documents, or no document
    naming the referent). Columns:

    - ``coverage``: share of intervals containing the truth; ``miss_low``: truth below the
      interval; ``miss_high``: truth above it (the two add up to 1 - coverage);
    - ``width_median``, ``width_p95``: median and 95th percentile of the interval width, for
      rates relative to the true rate (1.0 = as wide as the rate itself), for shares and means
      in the statistic's own units;
    - ``down_heavy`` (rates): share of intervals whose lower arm (estimate - low) is more than
      twice the upper arm, the opposite of the right skew a positive rate has;
    - ``incoherent`` (rates): share of groups whose ALL/all lower limit lies below the lower
      limit of one of its parts;
    - ``fallback``: share of cells whose interval came from another method than the one asked
      (or, for "auto", than the rule's choice, e.g. a bootstrap-t with unbounded t quantiles);
    - ``n_cells``, ``n_undefined``.
    """
    by = list(by) if by is not None else ["statistic", "burstiness", "n_docs", "method"]
    rows = []
    for key, g in cells.groupby(by, sort=False):
        parts = g[~g["total"].astype(bool)]
        totals = g[g["total"].astype(bool)]
        used = parts["method_used"]
        defined = parts[~used.isin(["degenerate", "none"])]
        truth = defined["truth"].to_numpy(float)
        lo, hi = defined["ci_low"].to_numpy(float), defined["ci_high"].to_numpy(float)
        est = defined["estimate"].to_numpy(float)
        is_rate = (defined["statistic"] == "rate").to_numpy()
        width = np.where(is_rate, (hi - lo) / truth, hi - lo)
        method = defined["method"].to_numpy(object)
        asked = np.where(
            method == "auto",
            auto_method(defined["n_informative"].to_numpy(), _kind_of(defined)),
            method,
        )
        with np.errstate(invalid="ignore"):
            down_heavy = np.where(is_rate, (est - lo) > 2 * (hi - est), np.nan)
        inc = totals["incoherent"].dropna().astype(bool)
        rows.append(
            {
                **dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True)),
                "coverage": float(np.mean((lo <= truth) & (truth <= hi))) if len(truth) else np.nan,
                "miss_low": float(np.mean(truth < lo)) if len(truth) else np.nan,
                "miss_high": float(np.mean(truth > hi)) if len(truth) else np.nan,
                "width_median": float(np.median(width)) if len(width) else np.nan,
                "width_p95": float(np.quantile(width, 0.95)) if len(width) else np.nan,
                "down_heavy": float(np.nanmean(down_heavy)) if is_rate.any() else np.nan,
                "incoherent": float(inc.mean()) if len(inc) else np.nan,
                "fallback": float(np.mean(defined["method_used"].to_numpy(object) != asked))
                if len(defined)
                else np.nan,
                "n_cells": int(len(defined)),
                "n_degenerate": int((used == "degenerate").sum()),
                "degenerate_covered": float(
                    parts.loc[used == "degenerate", "covered"].astype(bool).mean()
                )
                if (used == "degenerate").any()
                else np.nan,
                "n_none": int((used == "none").sum()),
            }
        )
    return pd.DataFrame(rows)


def _kind_of(cells: pd.DataFrame) -> str:
    kinds = set(cells["statistic"])
    if len(kinds) > 1:
        raise ValueError("summarise one statistic at a time when method='auto' is among them")
    return kinds.pop() if kinds else "rate"


def difference_study(
    *,
    sizes: Sequence[int | tuple[int, int]] = (8, 12, 20, 40),
    burstiness: Sequence[str] = ("high", "low"),
    methods: Sequence[str] = ("auto", "studentized", "expanded-percentile", "percentile"),
    n_pairs: int = 500,
    null_share: float = 0.5,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Measure the intervals of :func:`analysis.compare.rate_differences` on synthetic pairs with
    known truth.

    The design of the rate harness of :func:`interval_study`: for each group size in ``sizes``
    (documents per group: ``n`` for both groups, or ``(n_a, n_b)``) and each ``burstiness``
    (:data:`STUDY_BURSTINESS` of a rate: "high", gamma shape k = 0.5 of a document's
    multiplier; "low", k = 2), :func:`synthetic_corpus` writes ``n_pairs`` pairs of outlets of
    ~150-token documents, two categories each, with rates drawn from U(4, 16) per 1,000 tokens;
    in the first ``null_share`` of the pairs b's planted rates equal a's (true difference 0), in
    the others both are drawn independently. Each method of ``methods`` is applied to the same
    resamples (those of each group's rates).

    Returns one row per pair x category x method x contrast ("difference", "ratio") with the
    columns of ``interval_study`` (statistic, burstiness, n_docs (a label: "8", or "8/40" for
    unequal groups), method, method_used, cell, truth, estimate, ci_low, ci_high, covered,
    n_informative (the smaller group's documents), n_docs_with (the smaller group's documents
    with a hit), total, incoherent), so :func:`interval_summary` summarises it, and also
    n_docs_a, n_docs_b, null (the planted difference is 0), excludes_null (the interval excludes
    0, or 1 for a ratio), right_side (it excludes it on the side of the truth),
    overlap_excludes (the two groups' own rate intervals, as :func:`analysis.compare.rates`
    gives them, do not overlap: the eyeball test) and overlap_right_side (they do not overlap,
    the truly higher group's interval above). :func:`difference_summary` adds error rates.
    Deterministic for a seed.
    """
    # The run (each group's resamples) is computed once and read by every method, as
    # rate_differences would read it with each ci_method.

    unknown = [b for b in burstiness if b not in STUDY_BURSTINESS["rate"]]
    if unknown:
        raise ValueError(f"burstiness must be among high, low; got {unknown}")
    if n_pairs < 1:
        raise ValueError(f"n_pairs must be at least 1, got {n_pairs}")
    if not 0 <= null_share <= 1:
        raise ValueError(f"null_share must be between 0 and 1, got {null_share}")
    frames = []
    for b_index, level in enumerate(burstiness):
        for size in sizes:
            n_a, n_b = (size, size) if isinstance(size, int) else (int(size[0]), int(size[1]))
            if min(n_a, n_b) < 2:
                raise ValueError(f"group sizes must be at least 2 documents, got {size}")
            label = str(n_a) if n_a == n_b else f"{n_a}/{n_b}"
            cell_seed = [int(seed), n_a, n_b, b_index]
            rng = np.random.default_rng(cell_seed)
            planted, n_docs = {}, {}
            n_null = int(round(null_share * n_pairs))
            for i in range(n_pairs):
                ra = _planted_rates(rng)
                rb = dict(ra) if i < n_null else _planted_rates(rng)
                planted[f"p{i:04d}a"], planted[f"p{i:04d}b"] = ra, rb
                n_docs[f"p{i:04d}a"], n_docs[f"p{i:04d}b"] = n_a, n_b
            sc = synthetic_corpus(
                planted,
                n_docs=n_docs,
                mean_tokens=_STUDY_MEAN_TOKENS,
                overdispersion=STUDY_BURSTINESS["rate"][level],
                seed=cell_seed,
            )
            run = difference_run(
                sc.corpus,
                sc.hits,
                by="outlet",
                period=None,
                pairs=[(f"p{i:04d}a", f"p{i:04d}b") for i in range(n_pairs)],
                category=list(_STUDY_CATEGORIES),
                voice="all",
                denominator="all",
                categories=None,
                attributions=sc.attributions,
                voice_tokens=None,
                seed=_bootstrap_seed(cell_seed),
                n_boot=n_boot,
                dedup=True,
                ci=ci,
            )
            frames += _difference_rows(run, planted, methods, ci, level, label, n_a, n_b)
    return pd.concat(frames, ignore_index=True)


# The two contrasts of a difference table: (statistic, estimate, ci_low, ci_high, method used,
# the value of "no difference").
_CONTRASTS = (
    ("difference", "difference", "diff_ci_low", "diff_ci_high", "ci_method", 0.0),
    ("ratio", "ratio", "ratio_ci_low", "ratio_ci_high", "ratio_ci_method", 1.0),
)


def _difference_rows(run, planted, methods, ci, level, label, n_a, n_b) -> list[pd.DataFrame]:
    """The rows of :func:`difference_study` for one design cell (``run``: its resamples), one
    frame per method and contrast."""
    pairs, cats = run.pairs, [c for c, _, _ in run.specs]
    truth_a = np.array([planted[a][c] for a, _ in pairs for c in cats])
    truth_b = np.array([planted[b][c] for _, b in pairs for c in cats])
    overlap_excludes, overlap_right, n_informative, with_hits = _pair_overlaps(
        run, truth_a, truth_b
    )
    cells = [f"{a[:-1]}/{c}" for a, _ in pairs for c in cats]
    frames = []
    for m in methods:
        t = difference_table(run, level=ci, method=m)
        for statistic, est_col, lo_col, hi_col, used_col, null_value in _CONTRASTS:
            truth = truth_a - truth_b if statistic == "difference" else truth_a / truth_b
            lo, hi = t[lo_col].to_numpy(float), t[hi_col].to_numpy(float)
            null = np.isclose(truth, null_value)
            excl = (lo > null_value) | (hi < null_value)
            right = np.where(truth > null_value, lo > null_value, hi < null_value)
            frames.append(
                pd.DataFrame(
                    {
                        "statistic": statistic,
                        "burstiness": level,
                        "n_docs": label,
                        "method": m,
                        "method_used": t[used_col].to_numpy(object),
                        "cell": cells,
                        "truth": truth,
                        "estimate": t[est_col].to_numpy(float),
                        "ci_low": lo,
                        "ci_high": hi,
                        "covered": (lo <= truth) & (truth <= hi),
                        "n_informative": n_informative,
                        "n_docs_with": with_hits,
                        "total": False,
                        "incoherent": np.nan,
                        "n_docs_a": n_a,
                        "n_docs_b": n_b,
                        "null": null,
                        "excludes_null": excl,
                        "right_side": ~null & right,
                        "overlap_excludes": overlap_excludes,
                        "overlap_right_side": ~null & overlap_right,
                    }
                )
            )
    return frames


def _pair_overlaps(
    run, truth_a: np.ndarray, truth_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per pair x category, from each group's own rate interval: whether the two intervals do
    not overlap (the eyeball test), whether they do not overlap with the truly higher group's
    above, the smaller group's informative documents and its documents with a hit."""
    pairs = run.pairs
    own = {g: res for g, (_, res) in run.per_group.items()}  # each group's rates interval
    idx = {g: rows for g, (rows, _) in run.per_group.items()}

    def per_pair(values_of):
        return np.concatenate([values_of(a, b) for a, b in pairs])

    a_above = per_pair(lambda a, b: own[a].ci_low > own[b].ci_high)
    b_above = per_pair(lambda a, b: own[b].ci_low > own[a].ci_high)
    overlap_excludes = a_above | b_above
    overlap_right = np.where(truth_a > truth_b, a_above, b_above)
    n_informative = per_pair(lambda a, b: np.minimum(own[a].n_informative, own[b].n_informative))
    with_hits = per_pair(
        lambda a, b: np.minimum(
            (run.counts[idx[a]] > 0).sum(axis=0), (run.counts[idx[b]] > 0).sum(axis=0)
        )
    )
    return overlap_excludes, overlap_right, n_informative, with_hits


def difference_summary(cells: pd.DataFrame) -> pd.DataFrame:
    """Summarise :func:`difference_study` rows: one row per statistic x burstiness x size x
    method, the columns of :func:`interval_summary` (coverage, miss_low, miss_high, widths,
    fallback, counts) and:

    - ``false_difference``: among pairs with equal planted rates, the share whose interval
      excludes 0 (1 for a ratio): the error a reader makes by calling such a pair different
      (nominal ``1 - ci``);
    - ``power``: among pairs with different planted rates, the share whose interval excludes 0
      on the side of the truth;
    - ``overlap_false_difference``, ``overlap_power``: the same for the eyeball rule "the two
      groups' own 95% rate intervals do not overlap".

    Cells without an interval (method "none" or "degenerate") are left out of the error rates,
    as interval_summary leaves them out of coverage.
    """
    by = ["statistic", "burstiness", "n_docs", "method"]
    # widths relative to a truth of 0, and of unbounded ratio intervals, are inf/NaN: expected
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        base = interval_summary(cells, by=by)
    rows = []
    for key, g in cells.groupby(by, sort=False):
        g = g[~g["method_used"].isin(["none", "degenerate"])]
        null, alt = g[g["null"].astype(bool)], g[~g["null"].astype(bool)]
        rows.append(
            {
                **dict(zip(by, key, strict=True)),
                "false_difference": _share(null["excludes_null"]),
                "power": _share(alt["right_side"]),
                "overlap_false_difference": _share(null["overlap_excludes"]),
                "overlap_power": _share(alt["overlap_right_side"]),
                "n_null": int(len(null)),
            }
        )
    return base.merge(pd.DataFrame(rows), on=by, how="left")


def _share(values: pd.Series) -> float:
    return float(values.astype(bool).mean()) if len(values) else float("nan")
