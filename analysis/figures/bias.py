"""Chart of the bias table: the share of each outlet's own and of its quoted or reported
sentences that a sentence bias model scores as biased."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .style import (
    PLOT_STYLE,
    VOICE_COLORS,
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
    "plot_bias_rates",
]

_COLUMNS = ("group", "voice", "n_docs", "n_sentences", "share_biased", "ci_low", "ci_high")
_SHOWN = {
    "own": ("outlet's own sentences", VOICE_COLORS["authorial"]),
    "quoted_or_reported": ("quoted or reported sentences", VOICE_COLORS["quoted"]),
}


def plot_bias_rates(
    bias: pd.DataFrame,
    *,
    order: Sequence[str] | None = None,
    ci: float = 0.95,
    model_score: str | None = None,
    title: str | None = None,
) -> Figure:
    """Return horizontal bars: per group, the share of its own sentences and of its quoted or
    reported sentences that the bias model scores as biased, with interval whiskers.

    ``bias`` is the table of :func:`analysis.bias_rates` (``Comparison.bias``). The tick label
    gives each group's documents and sentences. ``model_score`` (e.g. "macro-F1 0.76 [0.75,
    0.78] on BABE") is added to the caption, so the chart never travels without the model's
    measured error.
    """
    require(bias, _COLUMNS, "plot_bias_rates")
    title = title or "Sentences a bias model scores as biased, by outlet and voice"
    data = bias[bias["voice"].isin(list(_SHOWN))]
    if data.empty or not data["n_sentences"].sum():
        return empty_figure(title, "no sentences were scored")
    groups = display_order(data["group"], order)
    totals = bias[bias["voice"] == "all"].set_index("group")
    ylabels = [
        f"{wrap_label(g)}\n(n={int(totals.loc[g, 'n_docs'])} docs, "
        f"{int(totals.loc[g, 'n_sentences'])} sentences)"
        for g in groups
    ]
    bar_h = 0.8 / len(_SHOWN)
    pct = f"{ci:.0%}"
    with mpl.rc_context(PLOT_STYLE):
        fig = figure(7.5, max(2.6, 0.8 + 0.55 * len(groups)))
        ax = fig.subplots()
        for k, (voice, (label, colour)) in enumerate(_SHOWN.items()):
            rows = data[data["voice"] == voice].set_index("group").reindex(groups)
            y = np.arange(len(groups)) - 0.4 + bar_h * (k + 0.5)
            ax.barh(
                y, rows["share_biased"].fillna(0).to_numpy(float), height=bar_h * 0.92,
                color=colour, label=label,
                xerr=error_bars(rows["share_biased"], rows["ci_low"], rows["ci_high"]),
                error_kw={"ecolor": "#222222", "elinewidth": 0.9, "capsize": 2},
            )  # fmt: skip
        ax.set_yticks(np.arange(len(groups)), ylabels)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of sentences scored biased")
        ax.xaxis.grid(True, color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        figure_title(fig, title)
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncols=2,
                   title=f"whiskers: {pct} bootstrap interval over documents", title_fontsize=8)
    caption = (
        "Share of each outlet's sentences that a sentence-level bias model scores as biased: "
        "its own sentences (at least half of the tokens in the outlet's own voice) and the "
        f"quoted or reported ones (bars: pooled share; whiskers: {pct} bootstrap interval "
        "resampling documents). The model is a proxy for the judgement of the annotators it "
        "was trained on, with a measured error"
        + (f" ({model_score})" if model_score else "")
        + ", and may not transfer to topics unlike its training data."
    )
    return finish(fig, caption)
