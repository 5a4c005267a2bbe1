"""Framing over time: rates per period and outlet, with bands and event markers."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .rates import check_denominator, per_tokens, rate_columns
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

__all__ = ["plot_rates_over_time"]


def plot_rates_over_time(
    table: pd.DataFrame,
    *,
    category: str = "ALL",
    voice: str = "all",
    denominator: str = "all",
    events: pd.DataFrame | None = None,
    order: Sequence[str] | None = None,
    title: str | None = None,
) -> Figure:
    """Lines of each group's rate per period (``analysis.rates_over_time`` output) for one
    ``category`` and ``voice``, with the 95% bootstrap interval as a band; ``events`` (``date``,
    ``label``) as dashed vertical lines. Periods with no document are gaps, not zeros.
    """
    require(table, ("group", "period_start", "category", "voice", "n_docs", "rate_per_1k",
                    "ci_low", "ci_high"), "plot_rates_over_time")
    check_denominator(denominator)
    value, low, high = rate_columns(False, denominator)
    data = table[(table["category"] == category) & (table["voice"] == voice)]
    data = data[data["n_docs"] > 0]
    if data.empty:
        return empty_figure("Rates over time", f"no documents for {category} / {voice}")
    groups = display_order(data["group"], order)
    colors = dict(zip(groups, palette(len(groups)), strict=True))
    when = pd.to_datetime(data["period_start"], utc=True).dt.tz_localize(None)
    with mpl.rc_context(PLOT_STYLE):
        fig = figure(9.5, 4.8)
        ax = fig.add_subplot(1, 1, 1)
        for g in groups:
            rows = data["group"] == g
            x = mpl.dates.date2num(when[rows].to_numpy())
            ax.plot(x, data.loc[rows, value], marker="o", ms=3, lw=1.4, color=colors[g],
                    label=wrap_label(g, 28))
            band = np.isfinite(data.loc[rows, low].to_numpy(dtype=float))
            ax.fill_between(x[band], data.loc[rows, low][band], data.loc[rows, high][band],
                            color=colors[g], alpha=0.15, lw=0)
        _draw_events(ax, events, when.min(), when.max())
        date_axis(ax, when.min(), when.max())
        period = table.attrs.get("period", "")
        ax.set_ylabel(f"hits per 1,000 {per_tokens(denominator, voice)}")
        ax.set_xlabel(f"period start ({_PERIOD_NAMES.get(period, 'period')}, UTC)")
        who = "every voice" if voice == "all" else f"{voice} voice"
        ax.set_title(title or f"{'All loaded terms' if category == 'ALL' else category}, "
                     f"{who}, over time", loc="left")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="group")
        ax.set_ylim(bottom=0)
    caption = (
        f"Rate of {'all loaded terms' if category == 'ALL' else category} ({voice}) per "
        f"{_PERIOD_NAMES.get(period, 'period')} for each of {len(groups)} groups, with 95% "
        "document-bootstrap bands (no band where a period has fewer than 2 documents)"
        + (f"; dashed lines mark {len(events)} event(s)." if events is not None and len(events)
           else ".")
    )
    return finish(fig, caption)


_PERIOD_NAMES = {"D": "day", "W": "week", "M": "month", "Q": "quarter", "Y": "year"}


def _draw_events(ax, events: pd.DataFrame | None, first, last) -> None:
    if events is None or events.empty:
        return
    for ev in events.itertuples(index=False):
        date = pd.Timestamp(ev.date)
        date = date.tz_convert("UTC").tz_localize(None) if date.tzinfo else date
        x = mpl.dates.date2num(date.to_pydatetime())
        ax.axvline(x, color="#555555", lw=0.9, ls="--")
        ax.annotate(wrap_label(ev.label, 22), (x, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(3, -3), textcoords="offset points", va="top", fontsize=8,
                    color="#333333")
