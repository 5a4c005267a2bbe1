"""Charts of words: keyness bars and naming shares."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .style import (
    PLOT_STYLE,
    display_order,
    empty_figure,
    figure,
    figure_title,
    finish,
    pretty,
    require,
    text_color,
    wrap_label,
)

__all__ = [
    "plot_keyness",
    "plot_naming",
]


def plot_keyness(
    keyness: pd.DataFrame,
    *,
    top: int = 10,
    groups: Sequence[str] | None = None,
    ncols: int = 2,
    z_threshold: float = 1.96,
    title: str | None = None,
) -> Figure:
    """Return one panel per group with the ``top`` terms by keyness z-score (bars).

    ``keyness`` is the table of ``analysis.compare`` (group, term, count, count_rest, log_odds,
    z; optionally ``other``, the group compared against when a pair was asked for). Only terms the
    group over-uses (z > 0) are drawn; the dashed line marks ``z_threshold`` (1.96: two-sided 5%
    level for one term, not corrected for the many terms looked at).
    """
    require(keyness, ("group", "term", "count", "z"), "plot_keyness")
    title = title or "Distinctive words and phrases by outlet"
    data = keyness[keyness["z"] > 0]
    if groups is not None:
        data = data[data["group"].isin(groups)]
    if data.empty:
        return empty_figure(title, "no term is used more by any group than by the rest")
    names = display_order(data["group"], groups)
    ncols = max(1, min(ncols, len(names)))
    nrows = math.ceil(len(names) / ncols)
    with mpl.rc_context(PLOT_STYLE):
        fig = figure(4.2 * ncols, 0.6 + nrows * (0.8 + 0.22 * top))
        axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
        for ax, name in zip(axes, names, strict=False):
            sub = data[data["group"] == name].sort_values(["z", "term"], ascending=[False, True])
            sub = sub.head(top)
            y = np.arange(len(sub))
            colors = np.where(sub["z"] >= z_threshold, "#0072B2", "#9ecae1")
            ax.barh(y, sub["z"].to_numpy(float), color=colors, height=0.75)
            labels = [f"{t}  ({int(c)})" for t, c in zip(sub["term"], sub["count"], strict=True)]
            ax.set_yticks(y, labels)
            ax.set_ylim(top - 0.5, -0.5)  # same bar thickness in every panel, top term first
            ax.axvline(z_threshold, color="#444444", linestyle="--", linewidth=0.8)
            other = sub["other"].iloc[0] if "other" in sub.columns and len(sub) else None
            # Group-vs-rest needs no "vs" (the axis label says it); a chosen pair does.
            paired = other is not None and not pd.isna(other) and str(other) != "rest"
            ax.set_title(wrap_label(f"{name} vs {other}" if paired else name, 34), loc="left")
            ax.set_xlabel("z-score of log-odds ratio (vs the rest)")
            ax.set_xlim(left=0)
        for ax in axes[len(names) :]:
            ax.set_axis_off()
        figure_title(fig, title)
    best = data.sort_values(["z", "group", "term"], ascending=[False, True, True]).iloc[0]
    caption = (
        f"Words and two-word phrases each outlet uses more often than the other outlets"
        f" (log-odds ratio with an informative Dirichlet prior, Monroe, Colaresi and Quinn 2008;"
        f" bar: its z-score; count in brackets); dark bars pass z = {z_threshold:g}, pale ones"
        f" do not. Most distinctive: “{best['term']}” in {best['group']} (z = {best['z']:.1f})."
    )
    return finish(fig, caption)


def plot_naming(
    naming: pd.DataFrame,
    *,
    referents: Sequence[str] | None = None,
    top: int = 6,
    order: Sequence[str] | None = None,
    ci: float = 0.95,
    title: str | None = None,
) -> Figure:
    """Return one small heat map per referent: each group's share of each name variant, with
    its interval written in the cell.

    ``naming`` is the table of ``analysis.compare`` (group, referent, variant, count, share,
    ci_low, ci_high). Rows are groups, columns the variants (most used first), cells the share
    (0-100%) of the referent's mentions in that group with the interval below it; row labels give
    the number of mentions. Variants no group used are left out (they are in the table with count
    0), and so are groups that never mention the referent. Without ``referents``, the ``top``
    referents with the most mentions are drawn; the caption says how many were left out.
    """
    require(
        naming,
        ("group", "referent", "variant", "count", "share", "ci_low", "ci_high"),
        "plot_naming",
    )
    title = title or "Which name each outlet uses"
    data = naming[naming.groupby(["referent", "variant"])["count"].transform("sum") > 0]
    totals = data.groupby("referent")["count"].sum()
    if referents is None:
        refs = sorted(totals.index, key=lambda r: (-totals[r], str(r)))[:top]
    else:
        refs = [r for r in referents if r in totals.index]
    if data.empty or not refs:
        return empty_figure(title, "no variant of any referent was found in the corpus")
    data = data[data["referent"].isin(refs)]
    cmap = mpl.colormaps["Purples"]
    norm = mpl.colors.Normalize(0, 1)
    layout = {ref: _naming_layout(data[data["referent"] == ref], order) for ref in refs}
    heights = [0.9 + 0.42 * len(layout[r][2]) for r in refs]
    width = max(6.0, 2.6 + 1.15 * max(len(layout[r][1]) for r in refs))
    with mpl.rc_context(PLOT_STYLE):
        fig = figure(width, 0.4 + sum(heights))
        axes = fig.subplots(len(refs), 1, squeeze=False, height_ratios=heights)[:, 0]
        for ax, ref in zip(axes, refs, strict=True):
            _draw_naming_panel(ax, *layout[ref], cmap=cmap, norm=norm)
            ax.set_title(
                f"{pretty(ref)}: {int(totals[ref])} mentions", loc="left", fontsize=9.5, pad=4
            )
        figure_title(fig, title)
    caption = (
        f"For each place, group or event named in several ways, the share of each outlet's"
        f" mentions that uses each name, with its {ci:.0%} bootstrap interval over documents in"
        f" brackets (n = mentions; no interval where all the outlet's documents agree or it has"
        f" one document); a row with one dark cell is an outlet that always uses the same name."
    )
    left_out = len(totals) - len(refs)
    if left_out > 0 and referents is None:
        caption += f" {left_out} less mentioned referent(s) are in the table only."
    return finish(fig, caption + _naming_example(data))


def _naming_layout(
    sub: pd.DataFrame, order: Sequence[str] | None
) -> tuple[pd.DataFrame, list, list[str], pd.Series]:
    """One referent's panel layout: its rows, its variants (most used first), the groups that
    mention it (in display order) and each group's number of mentions."""
    used = sub.groupby("variant")["count"].sum()
    variants = sorted(used.index, key=lambda v: (-used[v], str(v)))
    mentions = sub.groupby("group")["count"].sum()
    groups = [g for g in display_order(sub["group"], order) if mentions.get(g, 0) > 0]
    return sub, variants, groups, mentions


def _draw_naming_panel(
    ax,
    sub: pd.DataFrame,
    variants: list,
    groups: list[str],
    mentions: pd.Series,
    *,
    cmap,
    norm,
) -> None:
    """One referent's heat map: groups down, variants across, each cell's share and interval
    written in it; the panel title is left to the caller."""
    cells = sub.set_index(["group", "variant"])
    grid = np.full((len(groups), len(variants)), np.nan)
    for i, g in enumerate(groups):
        for k, v in enumerate(variants):
            if (g, v) in cells.index:
                row = cells.loc[(g, v)]
                grid[i, k] = row["share"]
                ax.text(
                    k,
                    i,
                    f"{row['share']:.0%}{_share_band(row)}",
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color=text_color(cmap(norm(row["share"]))),
                )
    ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, norm=norm, aspect="auto")
    ax.set_xticks(np.arange(len(variants)), [wrap_label(v, 16) for v in variants])
    ax.xaxis.tick_top()
    ax.set_yticks(
        np.arange(len(groups)),
        [f"{wrap_label(g)} (n={int(mentions.get(g, 0))})" for g in groups],
    )
    ax.tick_params(length=0)
    for side in ax.spines.values():
        side.set_visible(False)


def _share_band(row: pd.Series) -> str:
    """The second line of a naming cell: the share's interval, or why it has none ("" when the
    share is 0 in every document)."""
    lo, hi = row["ci_low"], row["ci_high"]
    method = row.get("ci_method", "")
    if method == "degenerate" and row["share"] == 0:
        return ""  # no document uses this name: nothing to qualify
    if method == "degenerate":
        return "\n[all docs agree]"  # resampling cannot vary it
    if method == "none" or pd.isna(lo):
        return "\n[one doc]"
    return f"\n[{lo:.0%}, {hi:.0%}]"


def _naming_example(data: pd.DataFrame) -> str:
    """The caption's example: the largest share of a used name (ties: more mentions, then
    group), when more than one group is drawn; else ""."""
    used = data[data["count"] > 0].sort_values(
        ["share", "count", "group"], ascending=[False, False, True]
    )
    if used.empty or data["group"].nunique() <= 1:
        return ""
    r = used.iloc[0]
    return (
        f" Example: {r['group']} calls {pretty(r['referent'])} “{r['variant']}” in"
        f" {r['share']:.0%} of {_mentions(data, r['group'], r['referent'])} mentions."
    )


def _mentions(data: pd.DataFrame, group: str, referent: str) -> int:
    """Mentions of ``referent`` in ``group`` (sum of variant counts)."""
    sel = (data["group"] == group) & (data["referent"] == referent)
    return int(data.loc[sel, "count"].sum())
