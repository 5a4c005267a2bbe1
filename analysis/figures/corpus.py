"""The corpus overview: documents per outlet and over time, tokens, reposts."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .style import (
    PLOT_STYLE,
    date_axis,
    display_order,
    empty_figure,
    figure,
    finish,
    palette,
    require,
    wrap_label,
)

__all__ = [
    "plot_corpus_overview",
]


def plot_corpus_overview(corpus: pd.DataFrame, *, order: Sequence[str] | None = None) -> Figure:
    """Return two panels: articles per outlet (originals vs near-duplicate copies) and per day.

    ``corpus`` is the corpus table (outlet, published; ``is_canonical`` when present). Days are
    UTC calendar days; undated articles are counted in the caption, not drawn on the time axis.
    """
    require(corpus, ("outlet", "published"), "plot_corpus_overview")
    title = "Corpus overview"
    if corpus.empty:
        return empty_figure(title, "the corpus has no documents")
    outlets = display_order(corpus["outlet"], order)
    canonical = (
        corpus["is_canonical"].astype(bool)
        if "is_canonical" in corpus
        else pd.Series(True, index=corpus.index)
    )
    per_outlet = (
        pd.DataFrame(
            {
                "original": corpus[canonical].groupby("outlet").size(),
                "copy": corpus[~canonical].groupby("outlet").size(),
            }
        )
        .reindex(outlets)
        .fillna(0)
    )
    published = pd.to_datetime(corpus["published"], utc=True, errors="coerce")
    dated = corpus.assign(day=published.dt.floor("D")).dropna(subset=["day"])
    n_undated = int(published.isna().sum())
    colors = dict(zip(outlets, palette(len(outlets)), strict=True))
    with mpl.rc_context(PLOT_STYLE):
        fig = figure(11, max(3.2, 1.0 + 0.32 * len(outlets)))
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.6])
        _draw_articles_per_outlet(left, per_outlet, outlets)
        if dated.empty:
            right.set_axis_off()
            right.text(0.5, 0.5, "no article has a publication date", ha="center", color="#888888")
        else:
            _draw_articles_per_day(right, dated, outlets, colors)
    n_copies = int((~canonical).sum())
    span = (
        f" from {published.min():%d %b %Y} to {published.max():%d %b %Y} (UTC)"
        if not dated.empty
        else ""
    )
    caption = (
        f"{len(corpus)} articles from {len(outlets)} outlets{span}; orange marks near-duplicate"
        f" copies of another article ({n_copies} in all), which count once in the comparisons."
        f" {n_undated} undated article{'s' if n_undated != 1 else ''} not on the time axis."
    )
    return finish(fig, caption)


def _draw_articles_per_outlet(ax, per_outlet: pd.DataFrame, outlets: list[str]) -> None:
    """Left panel: stacked bars of each outlet's originals and copies, with the total written."""
    y = np.arange(len(outlets))
    ax.barh(y, per_outlet["original"], color="#0072B2", label="own or canonical copy")
    ax.barh(
        y,
        per_outlet["copy"],
        left=per_outlet["original"],
        color="#E69F00",
        label="near-duplicate copy of another article",
    )
    for yi, total in zip(y, per_outlet.sum(axis=1), strict=True):
        ax.text(total + 0.2, yi, str(int(total)), va="center", fontsize=8)
    ax.set_yticks(y, [wrap_label(o) for o in outlets])
    ax.invert_yaxis()
    ax.set_xlabel("articles")
    ax.set_title("Articles per outlet", loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(0, -0.18), fontsize=7.5)
    ax.xaxis.get_major_locator().set_params(integer=True)


def _draw_articles_per_day(
    ax, dated: pd.DataFrame, outlets: list[str], colors: dict[str, str]
) -> None:
    """Right panel: articles per UTC day (``dated`` has a ``day`` column), stacked by outlet,
    every day from the first to the last drawn, days without articles included."""
    span = dated["day"].max() - dated["day"].min()
    # a bar a day over a few months; over longer spans a bar a week or a month stays readable
    freq, unit, width = next(
        (f, u, w) for limit, f, u, w in _BINS if limit is None or span <= limit
    )
    binned = dated.assign(day=dated["day"].dt.tz_localize(None).dt.to_period(freq).dt.start_time)
    counts = binned.groupby(["day", "outlet"]).size().unstack(fill_value=0)
    days = pd.period_range(counts.index.min(), counts.index.max(), freq=freq).start_time
    counts = counts.reindex(index=days, columns=outlets, fill_value=0)
    bottom = np.zeros(len(days))
    x = mpl.dates.date2num(days.to_pydatetime())
    for outlet in outlets:
        ax.bar(
            x,
            counts[outlet],
            bottom=bottom,
            width=width,
            color=colors[outlet],
            label=wrap_label(outlet, 28),
        )
        bottom += counts[outlet].to_numpy()
    date_axis(ax, days.min(), days.max())
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_ylabel(f"articles per {unit}")
    ax.set_xlabel(f"publication {unit} (UTC)")
    ax.set_title(f"Articles by publication {unit}", loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="outlet")


# (longest span, pandas period, unit, bar width in days) for the articles-over-time panel
_BINS = ((pd.Timedelta(days=120), "D", "day", 0.8), (pd.Timedelta(days=400), "W", "week", 5.6),
         (None, "M", "month", 24.0))
