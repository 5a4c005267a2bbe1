"""Pairwise differences and ratios of group rates, with intervals from the same resamples.

Overlapping rate intervals are not a test of a difference: these intervals are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from .. import config
from ..stats.bootstrap import RatioBootstrap
from ..stats.contrast import CONTRAST_METHODS, ContrastInterval, bootstrap_contrast
from .groups import ALL, RATE_VOICES, as_list, groups_of
from .rates import RowColumns, rate_inputs, rate_replicates, voice_token_matrix

__all__ = [
    "DIFFERENCES_COLUMNS",
    "DIFFERENCES_MAX_GROUPS",
    "rate_differences",
]


DIFFERENCES_COLUMNS = [
    "group_a",
    "group_b",
    "category",
    "voice",
    "denominator",
    "rate_a",
    "rate_b",
    "difference",
    "diff_ci_low",
    "diff_ci_high",
    "ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "n_docs_a",
    "n_docs_b",
    "ci_method",
    "n_hits_a",
    "n_hits_b",
    "ratio_ci_method",
    "ci_level",
    "n_pairs",
]
ADJUST_METHODS = ("none", "bonferroni")
# compare() computes every pair's differences up to this many groups (780 pairs).
DIFFERENCES_MAX_GROUPS = 40
_DENOMINATORS = ("all", "voice")


def rate_differences(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    pairs: Sequence[tuple[str, str]] | None = None,
    category: str | Sequence[str] = ALL,
    voice: str | Sequence[str] = "all",
    denominator: str | Sequence[str] = "all",
    categories: Sequence[str] | None = None,
    attributions: pd.DataFrame | None = None,
    voice_tokens: pd.DataFrame | None = None,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
    ci_method: str = "auto",
    adjust: str = "none",
) -> pd.DataFrame:
    """Pairwise differences (and ratios) of loaded-term rates between groups, with intervals.

    Overlapping rate intervals do not mean "no difference", and non-overlapping 95% intervals
    correspond to a much stricter test than 5%: compare two groups with the interval of their
    *difference*. For each pair (a, b) (``pairs``; default every pair of groups, a < b), each
    ``category`` (a lexicon category or "ALL"; a list for several), ``voice`` ("all",
    "authorial", "quoted", "reported"; or a list) and ``denominator`` ("all": per 1,000 tokens of
    the whole text, ``rate_per_1k`` of :func:`rates`; "voice": per 1,000 tokens of the same
    voice, ``rate_per_1k_voice``; or both) returns one row:

    - ``rate_a``, ``rate_b``: the two rates, exactly as in :func:`rates`;
    - ``difference`` = ``rate_a - rate_b`` (hits per 1,000 tokens), ``diff_ci_low``,
      ``diff_ci_high``: its interval; an interval that excludes 0 says the groups differ at
      the ``ci_level``;
    - ``ratio`` = ``rate_a / rate_b``, ``ratio_ci_low``, ``ratio_ci_high`` (log scale,
      back-transformed; NaN when either rate is 0, ``inf`` upper limit when b's rate rests on so
      few documents that resamples without any of its hits are common); ``ratio_ci_method``;
    - ``n_docs_a``, ``n_docs_b``, ``n_hits_a``, ``n_hits_b``; ``ci_method`` (of the difference);
      ``ci_level`` (the level of each interval: ``ci``, or the Bonferroni level below);
      ``n_pairs`` (the family of comparisons per category, voice and denominator: the pairs in
      the table whose groups both have 2 documents or more, i.e. that can have an interval).

    Intervals: each group's documents are resampled independently, with the *same* resamples as
    the group's own interval in :func:`rates` (same seed key, same weights: the replicates are
    identical), and the difference of the two groups' replicates is the bootstrap distribution of
    the difference (:func:`analysis.stats.bootstrap_contrast`). ``ci_method="auto"``: the
    expanded percentile interval with Welch's degrees of freedom
    (:func:`analysis.stats.welch_expanded_levels`) at every group size; "studentized" and
    "percentile" on request (docs/statistics.md, "Pairwise differences", measures all three:
    the expanded interval covered best at 8 to 40 documents per group).

    Many comparisons: with k groups there are k(k-1)/2 pairs; at 95% each, about one in twenty
    pairs whose rates are really equal still shows an interval excluding 0.
    ``adjust="bonferroni"`` widens every interval to level ``1 - (1 - ci)/n_pairs``, so that all
    pairs' intervals (of one category, voice and denominator) cover together with probability at
    least ``ci``; it needs more resamples (``n_boot`` of several thousand) for its far quantiles.
    """
    if adjust not in ADJUST_METHODS:
        raise ValueError(f"adjust must be one of {', '.join(ADJUST_METHODS)}, got {adjust!r}")
    if ci_method not in CONTRAST_METHODS:
        raise ValueError(
            f"ci_method must be one of {', '.join(CONTRAST_METHODS)} for differences, "
            f"got {ci_method!r}"
        )
    run = difference_run(
        corpus,
        hits,
        by=by,
        period=period,
        pairs=pairs,
        category=category,
        voice=voice,
        denominator=denominator,
        categories=categories,
        attributions=attributions,
        voice_tokens=voice_tokens,
        seed=seed,
        n_boot=n_boot,
        dedup=dedup,
        ci=ci,
    )
    n_pairs = run.family_size
    level = ci if adjust == "none" or n_pairs < 2 else 1 - (1 - ci) / n_pairs
    return difference_table(run, level=level, method=ci_method)


@dataclass(frozen=True)
class DifferenceRun:
    """What the intervals of :func:`rate_differences` are read from: the pairs, the (category,
    voice, denominator) columns, each group's rows and bootstrap result (replicates kept; its
    own interval is the rates table's default one), and the per-document hit counts."""

    pairs: list[tuple[str, str]]
    specs: list[tuple[str, str, str]]
    per_group: dict[str, tuple[np.ndarray, RatioBootstrap]]
    counts: np.ndarray

    @property
    def family_size(self) -> int:
        """Pairs that can have an interval: both groups with 2 documents or more (a group
        emptied by deduplication compares with nothing, so it adds no comparison)."""
        size = {g: len(idx) for g, (idx, _) in self.per_group.items()}
        return sum(1 for a, b in self.pairs if size[a] >= 2 and size[b] >= 2)


def difference_run(
    corpus,
    hits,
    *,
    by,
    period,
    pairs,
    category,
    voice,
    denominator,
    categories,
    attributions,
    voice_tokens,
    seed,
    n_boot,
    dedup,
    ci,
) -> DifferenceRun:
    """Check the options of :func:`rate_differences` and bootstrap every group of the pairs
    (replicates kept), once; :func:`difference_table` reads intervals from the run at any
    level and method (so does :func:`analysis.synthetic.difference_study`, for several)."""
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1 (e.g. 0.95), got {ci}")
    wanted_cats = as_list(category, "category")
    voices = as_list(voice, "voice")
    dens = as_list(denominator, "denominator")
    bad = [v for v in voices if v not in RATE_VOICES]
    if bad:
        raise ValueError(f"voice must be among {', '.join(RATE_VOICES)}; got {', '.join(bad)}")
    bad = [d for d in dens if d not in _DENOMINATORS]
    if bad:
        raise ValueError(f"denominator must be 'all' or 'voice'; got {', '.join(bad)}")
    docs, cats, cells, counts, _weighted = rate_inputs(
        corpus, hits, by=by, period=period, dedup=dedup, categories=categories
    )
    bad = [c for c in wanted_cats if c not in [*cats, ALL]]
    if bad:
        raise ValueError(
            f"category {', '.join(bad)} is not among the lexicon's categories "
            f"({', '.join([*cats, ALL])})"
        )
    pair_list = _difference_pairs(pairs, groups_of(docs))
    # voice "all" per tokens of its own voice is the same number as per all tokens
    specs = [
        (c, v, d)
        for c in wanted_cats
        for v in voices
        for d in dens
        if not (v == "all" and d == "voice" and "all" in dens)
    ]
    col_of = {cell: i for i, cell in enumerate(cells)}
    # built a group's rows at a time (RowColumns), never as whole documents x specs matrices
    num = RowColumns((counts, np.array([col_of[(c, v)] for c, v, _ in specs], dtype=np.intp)))
    tokens = docs["n_tokens"].to_numpy(dtype=float)
    if any(d == "voice" for _, _, d in specs):
        vtok = voice_token_matrix(
            corpus, docs, attributions=attributions, voice_tokens=voice_tokens
        )
        # column 0 of vtok is the document's n_tokens ("all"), the others its voices' tokens
        den = RowColumns((vtok, np.array(
            [0 if d == "all" else RATE_VOICES.index(v) for _, v, d in specs], dtype=np.intp
        )))
    else:
        den = RowColumns((tokens, len(specs)))
    # Each group's rate replicates come from rate_replicates, as in rates(); counts and tokens
    # are integers, so every replicate is bit for bit the one behind the group's interval in the
    # rates table.
    per_group = {
        g: (idx, res)
        for g, idx, res in rate_replicates(
            docs,
            num,
            den,
            seed=seed,
            n_boot=n_boot,
            ci=ci,
            keep=True,
            groups=sorted({g for p in pair_list for g in p}),
        )
    }
    return DifferenceRun(pair_list, specs, per_group, num)


def difference_table(run: DifferenceRun, *, level: float, method: str) -> pd.DataFrame:
    """The :func:`rate_differences` table of a run, intervals at ``level`` by ``method``."""
    pair_list, specs, per_group = run.pairs, run.specs, run.per_group
    if not pair_list:
        return pd.DataFrame({c: [] for c in DIFFERENCES_COLUMNS})
    n_listed, s = len(pair_list), len(specs)
    # Pairs in chunks, so that the (n_boot x pairs x columns) replicate matrices stay bounded
    # (about 32 MB each) however many pairs there are.
    n_boot = next(iter(per_group.values()))[1].replicates.shape[0]
    step = max(1, _MAX_CONTRAST_CELLS // max(1, n_boot * s))
    parts: dict[str, list] = {"a": [], "b": [], "diff": [], "ratio": []}
    for start in range(0, n_listed, step):
        chunk = pair_list[start : start + step]
        side_a = _concat_boot([per_group[a][1] for a, _ in chunk])
        side_b = _concat_boot([per_group[b][1] for _, b in chunk])
        parts["a"].append(side_a.estimate)
        parts["b"].append(side_b.estimate)
        parts["diff"].append(
            bootstrap_contrast(side_a, side_b, contrast="difference", ci=level, method=method)
        )
        parts["ratio"].append(
            bootstrap_contrast(side_a, side_b, contrast="ratio", ci=level, method=method)
        )
    rate_a, rate_b = np.concatenate(parts["a"]), np.concatenate(parts["b"])
    diff, ratio = _concat_contrast(parts["diff"]), _concat_contrast(parts["ratio"])

    def per_side(values_of):
        return (
            np.concatenate([values_of(a) for a, _ in pair_list]),
            np.concatenate([values_of(b) for _, b in pair_list]),
        )

    n_docs_a, n_docs_b = per_side(lambda g: np.full(s, len(per_group[g][0])))
    hits_a, hits_b = per_side(lambda g: run.counts[per_group[g][0]].sum(axis=0))
    out = pd.DataFrame(
        {
            "group_a": np.repeat([a for a, _ in pair_list], s),
            "group_b": np.repeat([b for _, b in pair_list], s),
            "category": [c for c, _, _ in specs] * n_listed,
            "voice": [v for _, v, _ in specs] * n_listed,
            "denominator": [d for _, _, d in specs] * n_listed,
            "rate_a": rate_a,
            "rate_b": rate_b,
            "difference": diff.estimate,
            "diff_ci_low": diff.ci_low,
            "diff_ci_high": diff.ci_high,
            "ratio": ratio.estimate,
            "ratio_ci_low": ratio.ci_low,
            "ratio_ci_high": ratio.ci_high,
            "n_docs_a": n_docs_a.astype(np.int64),
            "n_docs_b": n_docs_b.astype(np.int64),
            "ci_method": diff.method.astype(str),
            "n_hits_a": hits_a.astype(np.int64),
            "n_hits_b": hits_b.astype(np.int64),
            "ratio_ci_method": ratio.method.astype(str),
            "ci_level": level,
            "n_pairs": run.family_size,
        }
    )
    return out.astype({c: str for c in ("group_a", "group_b", "category", "voice", "denominator")})


def _difference_pairs(pairs, groups: list[str]) -> list[tuple[str, str]]:
    """Every pair of groups (a < b) by default; given pairs checked and kept in order."""
    if pairs is None:
        return [(a, b) for i, a in enumerate(groups) for b in groups[i + 1 :]]
    out, seen = [], set()
    for p in pairs:
        if isinstance(p, str) or len(p) != 2:
            raise ValueError(f"pairs must be (group_a, group_b) tuples, got {p!r}")
        a, b = str(p[0]), str(p[1])
        absent = [g for g in (a, b) if g not in groups]
        if absent:
            raise ValueError(
                f"pair ({a}, {b}): group(s) {', '.join(absent)} not in the corpus "
                f"(groups: {', '.join(groups)})"
            )
        if a == b:
            raise ValueError(f"pair ({a}, {b}) compares a group with itself")
        if frozenset((a, b)) in seen:
            raise ValueError(f"pair ({a}, {b}) is listed twice")
        seen.add(frozenset((a, b)))
        out.append((a, b))
    return out


_MAX_CONTRAST_CELLS = 4_000_000


def _concat_contrast(results: Sequence[ContrastInterval]) -> ContrastInterval:
    names = [f.name for f in fields(ContrastInterval)]
    return ContrastInterval(**{n: np.concatenate([getattr(r, n) for r in results]) for n in names})


def _concat_boot(results: Sequence[RatioBootstrap]) -> RatioBootstrap:
    """The columns of several bootstrap results side by side (replicates kept)."""
    return RatioBootstrap(
        estimate=np.concatenate([r.estimate for r in results]),
        ci_low=np.concatenate([r.ci_low for r in results]),
        ci_high=np.concatenate([r.ci_high for r in results]),
        method=np.concatenate([r.method for r in results]),
        n_valid=np.concatenate([r.n_valid for r in results]),
        n_informative=np.concatenate([r.n_informative for r in results]),
        replicates=np.hstack([r.replicates for r in results]),
        se=np.concatenate([r.se for r in results]),
        se_replicates=np.hstack([r.se_replicates for r in results]),
    )
