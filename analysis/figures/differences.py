"""Chart of pairwise differences (or ratios) of rates with their intervals."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .rates import check_denominator, per_tokens
from .style import (
    PLOT_STYLE,
    empty_figure,
    figure,
    figure_title,
    finish,
    interval,
    level_digits,
    pretty,
    require,
    wrap_label,
)

__all__ = [
    "plot_differences",
]


_DIFF_COLUMNS = (
    "group_a",
    "group_b",
    "category",
    "voice",
    "denominator",
    "difference",
    "diff_ci_low",
    "diff_ci_high",
)
_VOICE_PHRASES = {
    "authorial": "in the outlets' own voice",
    "quoted": "inside quotation marks",
    "reported": "in reported speech",
    "all": "all voices",
}
_DIFF_CLEAR = "#0072B2"  # interval excludes 0
_DIFF_UNCLEAR = "#9a9a9a"  # interval includes 0


def plot_differences(
    differences: pd.DataFrame,
    *,
    category: str = "ALL",
    voice: str = "all",
    denominator: str = "all",
    sort: str = "difference",
    title: str | None = None,
) -> Figure:
    """Return a forest plot of pairwise rate differences with their intervals and a zero line.

    ``differences`` is the table of ``analysis.rate_differences`` (or ``Comparison.differences``):
    one row per pair (group_a, group_b) and category, voice and denominator. The plot shows the
    rows of one ``category``, ``voice`` and ``denominator``: for each pair, labelled "A − B" with
    both groups' numbers of documents, a dot at ``difference`` (rate of A minus rate of B, hits
    per 1,000 tokens of the whole text, or of the voice's own words with
    ``denominator="voice"``) and a line over its interval. Intervals that exclude 0 are drawn in
    blue, those that include it in grey; each row's value and interval are written at the right.
    ``sort="difference"`` (largest first) or ``"pair"`` (the table's order).

    The caption says how many intervals exclude 0 and what that is worth with this many pairs:
    at the table's per-pair level (``ci_level``, 95% unless Bonferroni-adjusted), about one pair
    in twenty whose rates are really equal still shows an interval excluding 0.
    """
    require(differences, _DIFF_COLUMNS, "plot_differences")
    check_denominator(denominator)
    if sort not in ("difference", "pair"):
        raise ValueError(f"sort must be 'difference' or 'pair', got {sort!r}")
    what = "all loaded terms" if category == "ALL" else pretty(category)
    per = per_tokens(denominator, voice)
    voice_words = _VOICE_PHRASES.get(voice, voice)
    title = title or f"Pairwise differences: {what}, {voice_words}"
    rows = differences[
        (differences["category"] == category)
        & (differences["voice"] == voice)
        & (differences["denominator"] == denominator)
    ]
    if rows.empty:
        return empty_figure(
            title,
            f"no rows for category {category!r}, voice {voice!r} and denominator {denominator!r}",
        )
    rows, missing, n_left_out = _drop_pairs_without_data(rows)
    if rows.empty:
        return empty_figure(title, "no pair has a rate for both groups")
    if sort == "difference":
        rows = rows.sort_values(
            ["difference", "group_a", "group_b"], ascending=[False, True, True], kind="mergesort"
        )
    level = float(rows["ci_level"].iloc[0]) if "ci_level" in rows.columns else 0.95
    fig = _draw_forest(rows, title=title, per=per, level=level)
    caption = _differences_caption(
        rows,
        what=what,
        voice_words=voice_words,
        per=per,
        denominator=denominator,
        level=level,
        missing=missing,
        n_left_out=n_left_out,
    )
    return finish(fig, caption)


def _drop_pairs_without_data(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str], int]:
    """Return the rows that have a difference (index reset), the groups found only in the rows
    without one (sorted), and how many rows were dropped."""
    # A pair with a group that has no document in the comparison (e.g. a site whose every
    # article is a copy counted under its origin) has no difference to draw: say so instead.
    empty = rows["difference"].isna()
    missing = sorted(
        {str(g) for g in pd.concat([rows.loc[empty, "group_a"], rows.loc[empty, "group_b"]])}
        - {str(g) for g in pd.concat([rows.loc[~empty, "group_a"], rows.loc[~empty, "group_b"]])}
    )
    n_left_out = int(empty.sum())
    return rows[~empty].reset_index(drop=True), missing, n_left_out


def _interval_arrays(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return difference, interval low and high as float arrays, and whether each interval
    excludes 0 (``clear``: entirely above or entirely below it)."""
    d = rows["difference"].to_numpy(float)
    lo = rows["diff_ci_low"].to_numpy(float)
    hi = rows["diff_ci_high"].to_numpy(float)
    return d, lo, hi, (lo > 0) | (hi < 0)


def _pair_labels(rows: pd.DataFrame) -> list[str]:
    """Tick labels "A / − B", with both groups' document counts when the table has them."""
    has_n = {"n_docs_a", "n_docs_b"} <= set(rows.columns)
    labels = []
    for r in rows.itertuples(index=False):
        # "A" on the first line, "− B" on the second, so the minus is never lost in a wrap
        label = f"{wrap_label(r.group_a, 34)}\n\u2212 {wrap_label(r.group_b, 32)}"
        if has_n:
            label += f"  ({int(r.n_docs_a)} vs {int(r.n_docs_b)} docs)"
        labels.append(label)
    return labels


def _draw_forest(rows: pd.DataFrame, *, title: str, per: str, level: float) -> Figure:
    """The forest plot of ``rows`` (already filtered and sorted), one row per pair, top down."""
    d, lo, hi, clear = _interval_arrays(rows)
    labels = _pair_labels(rows)
    y = np.arange(len(rows))
    finite = np.concatenate([v[np.isfinite(v)] for v in (d, lo, hi)] + [np.zeros(1)])
    span = float(finite.max() - finite.min()) or 1.0
    with mpl.rc_context(PLOT_STYLE):
        fig = figure(8.6, 1.3 + 0.42 * len(rows))
        ax = fig.add_subplot()
        ax.axvline(0, color="#333333", linewidth=0.9, zorder=1)
        for yi, di, l_, h_, c in zip(y, d, lo, hi, clear, strict=True):
            color = _DIFF_CLEAR if c else _DIFF_UNCLEAR
            if np.isfinite(l_) and np.isfinite(h_):
                ax.plot([l_, h_], [yi, yi], color=color, linewidth=2.2, solid_capstyle="butt")
            ax.plot([di], [yi], "o", color=color, markersize=5.5, zorder=3)
        ax.set_yticks(y, labels)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(finite.min() - 0.05 * span, finite.max() + 0.05 * span)
        ax.xaxis.grid(True, color="#e3e3e3", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_xlabel(f"difference A \u2212 B, hits {per}")
        _write_pair_values(ax, y, rows)
        figure_title(fig, title)
        _difference_legend(fig, level)
    return fig


def _write_pair_values(ax, y: np.ndarray, rows: pd.DataFrame) -> None:
    """Each pair's difference and interval as text right of the plot area."""
    for yi, r in zip(y, rows.itertuples(index=False), strict=True):
        if not (np.isfinite(r.diff_ci_low) and np.isfinite(r.diff_ci_high)):
            text = f"{r.difference:+.2f}  (no interval)"
        else:
            text = f"{r.difference:+.2f} [{r.diff_ci_low:+.2f}, {r.diff_ci_high:+.2f}]"
        ax.text(
            1.01,
            yi,
            text,
            transform=ax.get_yaxis_transform(),
            va="center",
            ha="left",
            fontsize=8,
            color="#222222",
        )


def _difference_legend(fig: Figure, level: float) -> None:
    """The legend below the plot: blue and grey, and the level of the intervals."""
    handles = [
        mpl.lines.Line2D([], [], color=_DIFF_CLEAR, marker="o", lw=2.2, label="excludes 0"),
        mpl.lines.Line2D([], [], color=_DIFF_UNCLEAR, marker="o", lw=2.2, label="includes 0"),
    ]
    fig.legend(
        handles=handles,
        loc="outside lower center",
        ncols=2,
        title=f"line: {level:.{level_digits(level)}%} bootstrap interval of the difference",
        title_fontsize=8,
    )


def _multiplicity_note(rows: pd.DataFrame, level: float, n_rows: int) -> str:
    """The caption's sentence on what the count of intervals excluding 0 is worth: the
    Bonferroni family level when the table's intervals were widened, else the number of pairs
    expected to exclude 0 by chance at the per-pair ``level`` among ``n_rows`` intervals."""
    n_pairs = int(rows["n_pairs"].iloc[0]) if "n_pairs" in rows.columns else len(rows)
    adjusted = n_pairs > 1 and level > 0.95 + 1e-9 and "ci_level" in rows.columns
    if adjusted:
        return (
            f" Intervals are Bonferroni-widened to {level:.{level_digits(level)}%} each, so"
            f" that all {n_pairs} pairs cover together with probability at least 95%."
        )
    return (
        f" Each interval is {level:.0%} on its own: with {n_rows} pairs, about"
        f" {n_rows * (1 - level):.2g} would exclude 0 by chance even if no outlets"
        " differed, so read a pair chosen in advance, or the pattern, not the count."
    )


def _differences_caption(
    rows: pd.DataFrame,
    *,
    what: str,
    voice_words: str,
    per: str,
    denominator: str,
    level: float,
    missing: list[str],
    n_left_out: int,
) -> str:
    """The caption: what is compared, how many intervals exclude 0 and what that count is
    worth, the pairs left out for want of documents, and the largest difference."""
    _, lo, hi, clear = _interval_arrays(rows)
    has_interval = np.isfinite(lo) & np.isfinite(hi)
    n_clear, n_rows = int(clear.sum()), int(has_interval.sum())
    denominator_words = "" if denominator == "voice" else " of the whole text"
    family = _multiplicity_note(rows, level, n_rows)
    if n_left_out:
        family += (
            f" Left out: {n_left_out} pair(s) with {', '.join(missing) or 'a group'}, which has"
            " no document in the comparison."
        )
    best = rows.loc[rows["difference"].abs().idxmax()]
    lead = (
        f" Largest: {best['group_a']} \u2212 {best['group_b']},"
        f" {interval(best, 'difference', 'diff_ci_low', 'diff_ci_high')}."
    )
    return (
        f"Difference in the rate of {what} ({voice_words}; hits {per}{denominator_words})"
        " between each pair of outlets, A minus B, with a document-bootstrap interval (each"
        " outlet's documents resampled on their own); an interval that excludes 0 (blue) says"
        f" the two outlets differ. {n_clear} of {n_rows} intervals exclude 0.{family}{lead}"
    )
