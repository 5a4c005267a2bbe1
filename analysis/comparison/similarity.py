"""How alike the groups' category profiles are: distances, and a 2-D map of them."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import config
from ..stats.intervals import percentile_interval
from ..tables import require_columns
from .groups import ALL, RATE_VOICES
from .rates import rate_inputs, rate_replicates

__all__ = [
    "outlet_distances",
    "outlet_map",
]


_METRICS = ("hellinger", "euclidean")


def _profiles(rates_table: pd.DataFrame, *, voice: str, weighted: bool) -> pd.DataFrame:
    """Group x category matrix of rates (categories other than ALL) for one voice."""
    value = "weighted_rate_per_1k" if weighted else "rate_per_1k"
    require_columns(rates_table, ["group", "category", "voice", value], "rates table")
    if voice not in RATE_VOICES:
        raise ValueError(f"voice must be one of {', '.join(RATE_VOICES)}, got {voice!r}")
    sub = rates_table[(rates_table["voice"] == voice) & (rates_table["category"] != ALL)]
    return sub.pivot_table(index="group", columns="category", values=value, aggfunc="first")


def _features(profile: np.ndarray, metric: str) -> np.ndarray:
    """Rows in a space where Euclidean distance is the chosen metric.

    hellinger: sqrt of each group's category shares, divided by sqrt(2) (so distances lie in
    [0, 1]); a group with no hit has no shares (NaN row). euclidean: rates standardised per
    category across groups (z-scores); categories that do not vary are left out.
    """
    if metric == "hellinger":
        total = profile.sum(axis=-1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = np.where(total > 0, profile / total, np.nan)
        return np.sqrt(shares) / np.sqrt(2.0)
    mean = profile.mean(axis=-2, keepdims=True)
    sd = profile.std(axis=-2, ddof=0, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(sd > 0, (profile - mean) / sd, 0.0)
    return z


def outlet_distances(
    rates_table: pd.DataFrame,
    *,
    voice: str = "all",
    metric: str = "hellinger",
    weighted: bool = False,
    corpus: pd.DataFrame | None = None,
    hits: pd.DataFrame | None = None,
    by: str = "outlet",
    period: str | None = None,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Distance between every pair of groups' category-rate profiles.

    ``metric="hellinger"`` (default) compares the *mix* of categories: the Hellinger distance
    between the groups' category shares, ``sqrt(1/2 * sum_c (sqrt(p_c) - sqrt(q_c))^2)``, in
    [0, 1] (0 = the same mix, 1 = no category in common); how loaded an outlet is overall does
    not enter (that is in the rates). NaN for a group with no hit. ``metric="euclidean"``
    compares levels: Euclidean distance between rates standardised per category across groups
    (z-scores), so each category weighs the same whatever its scale.

    Returns columns group_a, group_b (group_a < group_b, each pair once), distance; with
    ``corpus`` and ``hits`` (the inputs of the rates table) also ci_low, ci_high: a document
    bootstrap that resamples each group's documents (same seeds as :func:`rates`, so the
    replicates are the very ones behind the rates' intervals) and recomputes the distance.
    Sampling noise adds distance, so the interval is for reading how stable a distance is, not
    a test of "distance > 0".
    """
    if metric not in _METRICS:
        raise ValueError(f"metric must be one of {', '.join(_METRICS)}, got {metric!r}")
    prof = _profiles(rates_table, voice=voice, weighted=weighted)
    groups = [str(g) for g in prof.index]
    cats = [str(c) for c in prof.columns]
    feats = _features(prof.to_numpy(dtype=float), metric)
    ia, ib = np.triu_indices(len(groups), k=1)
    dist = np.sqrt(((feats[ia] - feats[ib]) ** 2).sum(axis=1))
    dist = np.where(np.isnan(feats[ia]).any(axis=1) | np.isnan(feats[ib]).any(axis=1), np.nan, dist)
    out = pd.DataFrame(
        {"group_a": [groups[i] for i in ia], "group_b": [groups[j] for j in ib], "distance": dist}
    )
    if corpus is not None and hits is not None and len(groups) > 1:
        reps = _profile_replicates(
            corpus,
            hits,
            groups=groups,
            categories=cats,
            voice=voice,
            weighted=weighted,
            by=by,
            period=period,
            seed=seed,
            n_boot=n_boot,
            dedup=dedup,
            ci=ci,
        )
        f = _features(reps, metric)  # (n_boot, groups, cats)
        d = np.sqrt(((f[:, ia] - f[:, ib]) ** 2).sum(axis=2))
        low, high = percentile_interval(d, ci)
        out["ci_low"] = low
        out["ci_high"] = high
    return out.sort_values(["group_a", "group_b"], kind="mergesort").reset_index(drop=True)


def _profile_replicates(
    corpus, hits, *, groups, categories, voice, weighted, by, period, seed, n_boot, dedup, ci
) -> np.ndarray:
    """(n_boot, groups, categories) bootstrap replicates of the rates, as in :func:`rates`
    (the same resamples; only the profile's columns are bootstrapped)."""
    docs, _cats, cells, counts, wcounts = rate_inputs(
        corpus, hits, by=by, period=period, dedup=dedup, categories=categories
    )
    num = (wcounts if weighted else counts)[:, [cells.index((c, voice)) for c in categories]]
    out = np.full((n_boot, len(groups), len(categories)), np.nan)
    for i, (_g, _idx, res) in enumerate(
        rate_replicates(
            docs,
            num,
            docs["n_tokens"].to_numpy(dtype=float),
            seed=seed,
            n_boot=n_boot,
            ci=ci,
            keep=True,
            groups=groups,
        )
    ):
        out[:, i, :] = res.replicates
    return out


def outlet_map(
    rates_table: pd.DataFrame,
    *,
    method: str = "mds",
    voice: str = "all",
    metric: str = "hellinger",
    weighted: bool = False,
    seed: int | None = config.DEFAULT_SEED,
) -> pd.DataFrame:
    """A 2-D map of the groups from their category-rate profiles (columns group, x, y).

    ``method="mds"``: metric multidimensional scaling (scikit-learn, classical-MDS start) of the
    :func:`outlet_distances` matrix, so map distances approximate profile distances.
    ``method="pca"``: the first two principal components of the profile features (square-root
    shares for hellinger, z-scored rates for euclidean). Axes have no unit; each axis is
    oriented so that its largest coordinate is positive, which makes the map reproducible.
    Groups without a profile (no hit, for hellinger) get NaN coordinates. Fewer than 3 groups:
    coordinates on x only (y = 0).
    """
    if method not in ("mds", "pca"):
        raise ValueError(f"method must be 'mds' or 'pca', got {method!r}")
    if metric not in _METRICS:
        raise ValueError(f"metric must be one of {', '.join(_METRICS)}, got {metric!r}")
    prof = _profiles(rates_table, voice=voice, weighted=weighted)
    groups = [str(g) for g in prof.index]
    feats = _features(prof.to_numpy(dtype=float), metric)
    ok = ~np.isnan(feats).any(axis=1)
    xy = np.full((len(groups), 2), np.nan)
    m = int(ok.sum())
    if m == 1:
        xy[ok] = 0.0
    elif m == 2:
        d = float(np.sqrt(((feats[ok][0] - feats[ok][1]) ** 2).sum()))
        xy[ok] = [[-d / 2, 0.0], [d / 2, 0.0]]
    elif m >= 3:
        F = feats[ok]
        if method == "pca":
            from sklearn.decomposition import PCA

            coords = PCA(n_components=2, svd_solver="full").fit_transform(F)
        else:
            coords = _mds(F, seed)
        xy[ok] = coords
    for j in range(2):  # orient: the coordinate largest in size is positive
        col = xy[ok, j]
        if col.size and col[np.argmax(np.abs(col))] < 0:
            xy[:, j] = -xy[:, j]
    xy = np.where(np.abs(xy) < 1e-12, 0.0, xy)
    return pd.DataFrame({"group": groups, "x": xy[:, 0], "y": xy[:, 1]})


def _mds(features: np.ndarray, seed: int | None) -> np.ndarray:
    import inspect

    from sklearn.manifold import MDS

    diff = features[:, None, :] - features[None, :, :]
    dist = np.sqrt((diff**2).sum(axis=2))
    params = inspect.signature(MDS).parameters
    kwargs: dict = {"n_components": 2, "random_state": seed if seed is None else int(seed) % 2**32}
    if "metric_mds" in params:  # scikit-learn >= 1.8
        kwargs.update(metric="precomputed", metric_mds=True, init="classical_mds", n_init=1)
    else:
        kwargs.update(dissimilarity="precomputed", n_init=4)
    return MDS(**kwargs).fit_transform(dist)
