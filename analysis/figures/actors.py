"""Charts of actors: who each group lets speak (sources) and the tone of sentences about them."""

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
    error_bars,
    figure,
    figure_title,
    finish,
    require,
    wrap_label,
)

__all__ = [
    "plot_sources",
    "plot_tone",
]


def _dot_panels(
    data: pd.DataFrame,
    *,
    panel: str,
    panels: Sequence[str],
    panel_titles: dict[str, str],
    groups: Sequence[str],
    value: str,
    n: str,
    xlim: tuple[float, float],
    xlabel: str,
    title: str,
    ncols: int,
    zero_line: bool,
) -> Figure:
    """Small multiples: one panel per ``panel`` value, groups down the y axis, a dot at
    ``value`` with whiskers from ci_low to ci_high, and each dot labelled ``n=...``."""
    ncols = max(1, min(ncols, len(panels)))
    nrows = math.ceil(len(panels) / ncols)
    fig = figure(3.4 * ncols + 1.3, 0.8 + nrows * (0.75 + 0.3 * len(groups)))
    axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True).ravel()
    y = np.arange(len(groups))
    for ax, key in zip(axes, panels, strict=False):
        sub = data[data[panel] == key].set_index("group").reindex(groups)
        _draw_dots(ax, sub, y, value=value, n=n)
        if zero_line:
            ax.axvline(0, color="#999999", linewidth=0.8, linestyle="--")
        ax.set_title(wrap_label(panel_titles.get(key, key), 34), loc="left", fontsize=9.5)
        ax.set_xlim(*xlim)
        ax.set_xlabel(xlabel)
        ax.set_yticks(y, [wrap_label(g) for g in groups])
        ax.xaxis.grid(True, color="#eeeeee", linewidth=0.6)
        ax.set_axisbelow(True)
    axes[0].set_ylim(len(groups) - 0.5, -0.6)  # first group on top, room for the n labels
    for ax in axes[len(panels) :]:
        ax.set_axis_off()
    figure_title(fig, title)
    return fig


def _draw_dots(ax, sub: pd.DataFrame, y: np.ndarray, *, value: str, n: str) -> None:
    """One panel's dots: ``sub`` has one row per group at positions ``y`` (NaN where the group
    has no value, not drawn); whiskers from ci_low to ci_high, hollow dots where there is no
    interval, and ``n=...`` above each dot."""
    ok = sub[value].notna().to_numpy()
    ax.errorbar(
        sub[value][ok],
        y[ok],
        xerr=error_bars(sub[value][ok], sub["ci_low"][ok], sub["ci_high"][ok]),
        fmt="o",
        color="#0072B2",
        ecolor="#333333",
        elinewidth=0.9,
        capsize=2,
        markersize=5,
    )
    # A point without an interval (too few documents to resample) is drawn hollow on top.
    bare = ok & sub["ci_low"].isna().to_numpy()
    if "ci_method" in sub.columns:
        # "degenerate": every document gives the same value, so resampling cannot vary it
        bare |= ok & sub["ci_method"].isin(["none", "degenerate"]).to_numpy()
    if bare.any():
        ax.plot(
            sub[value][bare],
            y[bare],
            "o",
            markersize=5,
            markerfacecolor="white",
            markeredgecolor="#0072B2",
            zorder=4,
        )
    for yi, count, v in zip(y[ok], sub[n][ok], sub[value][ok], strict=True):
        ax.annotate(
            f"n={int(count)}",
            (v, yi),
            xytext=(0, 5),
            textcoords="offset points",
            ha="center",
            fontsize=6.5,
            color="#555555",
        )


def plot_tone(
    tone: pd.DataFrame,
    *,
    by: str = "actor",
    actors: Sequence[str] | None = None,
    top: int = 6,
    order: Sequence[str] | None = None,
    ncols: int = 3,
    ci: float = 0.95,
    title: str | None = None,
) -> Figure:
    """Return one panel per actor (or side, ``by="side"``): mean VADER compound tone of the
    sentences mentioning it, per group, with interval whiskers.

    ``tone`` is the table of ``analysis.compare`` (group, actor, n_sentences, mean_compound,
    ci_low, ci_high; ``side`` and ``level`` optional: with a ``level`` column, only the rows of
    level ``by`` are drawn). Without ``actors`` (the panels wanted, as values of ``by``), the
    ``top`` ones with the most sentences are drawn. Compound tone runs from -1 (most negative)
    to +1; each point is labelled with the number of sentences it averages.
    """
    require(tone, ("group", by, "n_sentences", "mean_compound", "ci_low", "ci_high"), "plot_tone")
    title = title or f"Tone of sentences that mention each {by}"
    data = tone[tone["n_sentences"] > 0]
    if "level" in data.columns:
        data = data[data["level"] == by]
    if actors is None:
        totals = data.groupby(by)["n_sentences"].sum()
        actors = sorted(totals.index, key=lambda a: (-totals[a], str(a)))[:top]
    data = data[data[by].isin(actors)]
    if data.empty:
        return empty_figure(title, f"no sentence mentions any {by} of the actors file")
    actors = [a for a in actors if a in set(data[by])]
    sides = (
        data.groupby(by)["side"].first()
        if "side" in data and by != "side"
        else pd.Series(dtype=object)
    )
    # "Armenian government (Armenia)", but not "Armenia (state) (Armenia)".
    titles = {
        a: f"{a} ({sides[a]})"
        if a in sides and not pd.isna(sides[a]) and str(sides[a]) not in str(a)
        else str(a)
        for a in actors
    }
    with mpl.rc_context(PLOT_STYLE):
        fig = _dot_panels(
            data,
            panel=by,
            panels=actors,
            panel_titles=titles,
            groups=display_order(data["group"], order),
            value="mean_compound",
            n="n_sentences",
            xlim=(-1.05, 1.05),
            xlabel="mean VADER compound (−1 to +1)",
            title=title,
            ncols=ncols,
            zero_line=True,
        )
    caption = (
        f"Average tone (VADER compound score, −1 most negative to +1 most positive) of the"
        f" sentences in which each outlet mentions each {by}, with {ci:.0%} bootstrap intervals"
        f" over documents (hollow: no interval, as fewer than two documents or all documents"
        f" give the same value) and n = sentences;"
        f" VADER scores words like “killed” or “crisis” as"
        f" negative whoever is blamed, so compare outlets within a panel rather than reading the"
        f" sign."
    )
    return finish(fig, caption)


def plot_sources(
    sources: pd.DataFrame,
    *,
    by: str = "side",
    kind: str = "all",
    order: Sequence[str] | None = None,
    top: int = 6,
    ncols: int = 3,
    ci: float = 0.95,
    title: str | None = None,
) -> Figure:
    """Return one panel per side (or actor, ``by="actor"``): the share of each group's quotes
    and reported-speech spans attributed to it, with interval whiskers.

    ``sources`` is the table of ``analysis.compare`` (group, level, side, actor, speaker, kind,
    count, share, ci_low, ci_high): with ``level`` and ``kind`` columns, the rows of level ``by``
    and kind ``kind`` ("all", "quoted" or "reported") are drawn. When the table has one row per
    group and ``by`` value, its shares and intervals are drawn as they are. When it has several (e.g. one per speaker), their counts
    are summed and the share recomputed, and no whisker is drawn for that cell (a sum of several
    rows' intervals is not an interval). Speakers the actors file does not map are shown as
    "unmapped"; the ``top`` most frequent values get a panel each.
    """
    require(sources, ("group", by, "count", "share", "ci_low", "ci_high"), "plot_sources")
    title = title or f"Who gets to speak: quotes and reported speech by {by}"
    data = sources
    if "level" in data.columns:
        data = data[data["level"] == by]
    if "kind" in data.columns:
        data = data[data["kind"] == kind]
    data = data[data["count"] > 0].copy()
    if data.empty:
        return empty_figure(title, "no quote or reported speech was attributed to a speaker")
    data[by] = data[by].astype("object").where(data[by].notna(), "unmapped").astype(str)
    agg, several = _sources_by_group(data, by)
    totals = agg.groupby(by)["count"].sum()
    panels = sorted(totals.index, key=lambda v: (-totals[v], v))[:top]
    groups = display_order(agg["group"], order)
    with mpl.rc_context(PLOT_STYLE):
        fig = _dot_panels(
            agg,
            panel=by,
            panels=panels,
            panel_titles={p: f"{p} ({int(totals[p])} spans)" for p in panels},
            groups=groups,
            value="share",
            n="count",
            xlim=(-0.02, 1.02),
            xlabel="share of the outlet's attributed spans (0–1)",
            title=title,
            ncols=ncols,
            zero_line=False,
        )
    left_out = len(totals) - len(panels)
    caption = (
        f"Share of each outlet's quotes and reported speech attributed to each {by}, with"
        f" {ci:.0%} bootstrap intervals over documents (hollow: no interval could be estimated;"
        f" n = spans); an"
        f" outlet whose dots sit far"
        f" right in one panel mostly lets that {by} speak."
    )
    if left_out:
        caption += f" {left_out} less frequent {by} value(s) not drawn (see the table)."
    if several.any():
        caption += " Cells summed from several rows have no whisker."
    return finish(fig, caption)


def _sources_by_group(data: pd.DataFrame, by: str) -> tuple[pd.DataFrame, pd.Series]:
    """Return one row per group and ``by`` value, and whether each was summed from several
    rows: such a row's count is the sum, its share that sum over the group's total count, and
    its interval collapsed onto the share (a sum of several rows' intervals is not one)."""
    agg = data.groupby(["group", by], as_index=False).agg(
        count=("count", "sum"),
        rows=("count", "size"),
        share=("share", "first"),
        ci_low=("ci_low", "first"),
        ci_high=("ci_high", "first"),
    )
    group_total = data.groupby("group")["count"].sum()
    several = agg["rows"] > 1
    recomputed = agg["count"].to_numpy(float) / agg["group"].map(group_total).to_numpy(float)
    agg["share"] = np.where(several, recomputed, agg["share"].to_numpy(float))
    for col in ("ci_low", "ci_high"):
        agg[col] = np.where(several, agg["share"], agg[col].to_numpy(float))
    return agg, several
