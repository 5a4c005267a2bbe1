"""Charts of rates: dot-and-whisker rates by group, a group x category heat map, voice breakdown."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..scoring.summaries import voice_counts
from .style import (
    NO_DATA_COLOR,
    PLOT_STYLE,
    VOICE_COLORS,
    VOICE_LABELS,
    display_order,
    empty_figure,
    error_bars,
    figure,
    figure_title,
    finish,
    interval,
    pretty,
    require,
    text_color,
    wrap_label,
)

__all__ = [
    "plot_heatmap",
    "plot_rates",
    "plot_voice_breakdown",
]


_RATE_COLUMNS = ("group", "category", "voice", "n_docs", "rate_per_1k", "ci_low", "ci_high")


_DENOMINATORS = ("all", "voice")


def check_denominator(denominator: str) -> None:
    if denominator not in _DENOMINATORS:
        raise ValueError(f"denominator must be 'all' or 'voice', got {denominator!r}")


def rate_columns(weighted: bool, denominator: str = "all") -> tuple[str, str, str]:
    """The rates table's value and interval columns for a weighting and a denominator."""
    check_denominator(denominator)
    if denominator == "voice":
        if weighted:
            raise ValueError(
                "the rates table has no weighted rate per 1,000 tokens of the same voice: "
                "use weighted=False with denominator='voice'"
            )
        return "rate_per_1k_voice", "ci_low_voice", "ci_high_voice"
    if weighted:
        return "weighted_rate_per_1k", "weighted_ci_low", "weighted_ci_high"
    return "rate_per_1k", "ci_low", "ci_high"


def per_tokens(denominator: str, voice: str | None = None) -> str:
    """What a rate is per: the axis label's and caption's words for the denominator."""
    if denominator == "all":
        return "per 1,000 tokens"  # of the whole documents; captions spell it out
    if voice == "authorial":
        return "per 1,000 of the outlet's own words"
    if voice in ("quoted", "reported"):
        return f"per 1,000 {voice} words"
    return "per 1,000 words in the same voice"


def plot_rates(
    rates: pd.DataFrame,
    *,
    category: str | Sequence[str] = "ALL",
    voices: Sequence[str] = ("authorial", "quoted", "reported"),
    weighted: bool = False,
    denominator: str = "all",
    order: Sequence[str] | None = None,
    ci: float = 0.95,
    title: str | None = None,
) -> Figure:
    """Return horizontal bars of loaded-term rates per group and voice, with interval whiskers.

    ``rates`` is the table of ``analysis.compare`` (columns group, category, voice, n_docs,
    rate_per_1k, ci_low, ci_high; the ``weighted_*`` columns when ``weighted``). One panel per
    category in ``category`` (default: the "ALL" category, every loaded term). Bar length: hits
    per 1,000 tokens, pooled over the group's documents; whisker: the ``ci`` bootstrap interval.
    The tick label gives each group's number of documents.

    ``denominator="all"`` (default): every voice per 1,000 tokens of the whole documents
    (``rate_per_1k``), so the voices' bars add up to the outlet's total rate.
    ``denominator="voice"``: each voice per 1,000 tokens *in that voice* (``rate_per_1k_voice``:
    authorial hits per 1,000 of the outlet's own words), which does not fall when an outlet
    simply quotes more; the bars then do not add up. The axis label and caption say which.
    """
    value, low, high = rate_columns(weighted, denominator)
    require(rates, (*_RATE_COLUMNS, value, low, high), "plot_rates")
    categories = [category] if isinstance(category, str) else list(category)
    unknown_voice = sorted(set(voices) - set(VOICE_COLORS))
    if unknown_voice:
        raise ValueError(f"plot_rates: unknown voice(s) {unknown_voice}; use {list(VOICE_COLORS)}")
    data = rates[rates["category"].isin(categories) & rates["voice"].isin(voices)]
    what = "Weighted loaded-term rate" if weighted else "Loaded-term rate"
    if denominator == "voice":
        title = title or f"{what} per 1,000 words of each voice, by outlet"
    else:
        title = title or f"{what} by outlet and voice"
    if data.empty:
        return empty_figure(
            title, f"no rows for category {', '.join(categories)} and voices {', '.join(voices)}"
        )
    groups = display_order(data["group"], order)
    n_docs = rates[rates["category"].isin(categories)].groupby("group")["n_docs"].max().to_dict()
    ylabels = [f"{wrap_label(g)}\n(n={int(n_docs.get(g, 0))} docs)" for g in groups]
    present_cats = [c for c in categories if c in set(data["category"])]
    height = 0.8 + 0.26 * len(voices) * len(groups)
    pct = f"{ci:.0%}"
    with mpl.rc_context(PLOT_STYLE):
        fig = figure(max(7.5, 3.3 + 3.0 * len(present_cats)), max(2.6, height))
        axes = fig.subplots(1, len(present_cats), sharey=True, squeeze=False)[0]
        for ax, cat in zip(axes, present_cats, strict=True):
            _draw_rate_bars(ax, data[data["category"] == cat], groups, voices, (value, low, high))
            _mark_groups_without_documents(ax, groups, n_docs)
            ax.set_title("all loaded terms" if cat == "ALL" else pretty(cat), loc="left")
            ax.set_xlabel(f"{'weighted hits' if weighted else 'hits'} {per_tokens(denominator)}")
            ax.set_xlim(left=0)
            ax.xaxis.grid(True, color="#dddddd", linewidth=0.6)
            ax.set_axisbelow(True)
        axes[0].set_yticks(np.arange(len(groups)), ylabels)
        axes[0].invert_yaxis()
        figure_title(fig, title)
        fig.legend(
            *axes[0].get_legend_handles_labels(),
            loc="outside lower center",
            ncols=len(voices) if len(present_cats) > 1 else 1,
            title=f"whiskers: {pct} bootstrap interval over documents",
            title_fontsize=8,
        )
    top = _highest_rate_note(data, present_cats[0], voices, (value, low, high), denominator)
    caption = (
        f"{what} in each outlet, split by who speaks the words: the outlet itself, a direct"
        f" quote, or reported speech (bars: pooled rate; whiskers: {pct} bootstrap interval"
        f" resampling documents); compare bar lengths within a voice, and judge a difference"
        f" between two outlets by the interval of their difference, not by whether whiskers"
        f" overlap.{_denominator_note(denominator)}{top}"
    )
    return finish(fig, caption)


def _draw_rate_bars(
    ax,
    sub: pd.DataFrame,
    groups: Sequence[str],
    voices: Sequence[str],
    columns: tuple[str, str, str],
) -> None:
    """One panel's bars: for each voice, one bar per group (in ``groups`` order, a missing row
    drawn as 0) with whiskers from the interval columns; ``columns`` is (value, low, high)."""
    value, low, high = columns
    bar_h = 0.8 / len(voices)
    for k, voice in enumerate(voices):
        rows = sub[sub["voice"] == voice].set_index("group").reindex(groups)
        y = np.arange(len(groups)) - 0.4 + bar_h * (k + 0.5)
        ax.barh(
            y,
            rows[value].fillna(0).to_numpy(float),
            height=bar_h * 0.92,
            color=VOICE_COLORS[voice],
            label=VOICE_LABELS[voice],
            xerr=error_bars(rows[value], rows[low], rows[high]),
            error_kw={"ecolor": "#222222", "elinewidth": 0.9, "capsize": 2},
        )


def _mark_groups_without_documents(ax, groups: Sequence[str], n_docs: dict) -> None:
    """Say so on a group's row when it has no document (its bars would silently be 0)."""
    for yi, g in enumerate(groups):
        if int(n_docs.get(g, 0)) == 0:
            # e.g. a content farm whose every article is a copy counted under its origin
            ax.text(
                0,
                yi,
                "  no document in the comparison",
                va="center",
                fontsize=8,
                color=NO_DATA_COLOR,
            )


def _highest_rate_note(
    data: pd.DataFrame,
    category: str,
    voices: Sequence[str],
    columns: tuple[str, str, str],
    denominator: str,
) -> str:
    """The caption's sentence on the largest authorial (or first requested voice) rate in
    ``category`` (the first panel), with its interval; "" when that voice has no row."""
    value, low, high = columns
    lead_voice = "authorial" if "authorial" in voices else voices[0]
    lead = data[(data["category"] == category) & (data["voice"] == lead_voice)]
    lead = lead.sort_values([value, "group"], ascending=[False, True])
    if lead.empty:
        return ""
    r = lead.iloc[0]
    return (
        f" Highest {lead_voice} rate ({'all loaded terms' if r['category'] == 'ALL' else pretty(r['category'])}):"
        f" {r['group']}, {interval(r, value, low, high)} {per_tokens(denominator, lead_voice)}."
    )


def _denominator_note(denominator: str) -> str:
    """The caption's sentence on what the rates are per, and whether the voices add up."""
    if denominator == "voice":
        return (
            " Denominator: the words of the same voice (authorial hits per 1,000 of the"
            " outlet's own words, quoted hits per 1,000 quoted words, reported hits per 1,000"
            " reported words), so a rate does not fall just because an outlet quotes more;"
            " the voices' bars do not add up."
        )
    return (
        " Denominator: all tokens of the outlet's documents for every voice, so the three"
        " voices add up to the outlet's total rate (an outlet that quotes more shows a"
        " lower authorial rate on this scale)."
    )


def plot_heatmap(
    rates: pd.DataFrame,
    *,
    voice: str = "all",
    categories: Sequence[str] | None = None,
    weighted: bool = False,
    denominator: str = "all",
    order: Sequence[str] | None = None,
    ci: float = 0.95,
    title: str | None = None,
) -> Figure:
    """Return a category × outlet heat map of rates per 1,000 tokens for one ``voice``.

    Rows are groups (outlets), columns lexicon categories (the "ALL" total is left out unless
    listed in ``categories``). Each cell is coloured by the pooled rate and labelled with the rate
    and its interval, so the uncertainty is read with the value. ``denominator``: "all" (per
    1,000 tokens of the whole documents) or "voice" (per 1,000 tokens of ``voice``, e.g. per
    1,000 of the outlet's own words); see :func:`plot_rates`.
    """
    value, low, high = rate_columns(weighted, denominator)
    require(rates, ("group", "category", "voice", value, low, high), "plot_heatmap")
    data = rates[rates["voice"] == voice]
    if categories is None:
        categories = sorted(c for c in data["category"].dropna().unique() if c != "ALL")
    data = data[data["category"].isin(categories)]
    what = (
        "Loaded-term rate"
        if denominator == "all"
        else f"Loaded terms {per_tokens(denominator, voice)}"
    )
    title = title or f"{what} by category and outlet ({VOICE_LABELS.get(voice, voice)})"
    if data.empty:
        return empty_figure(title, f"no rows for voice {voice!r}")
    groups = display_order(data["group"], order)
    categories = [c for c in categories if c in set(data["category"])]
    grid, lows, highs = (
        data.pivot_table(index="group", columns="category", values=col, aggfunc="first").reindex(
            index=groups, columns=categories
        )
        for col in (value, low, high)
    )
    values = grid.to_numpy(float)
    vmax = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    per = per_tokens(denominator, voice)
    with mpl.rc_context(PLOT_STYLE):
        fig = figure(2.2 + 1.25 * len(categories), 1.3 + 0.55 * len(groups))
        ax = fig.add_subplot()
        cmap = mpl.colormaps["Blues"]
        norm = mpl.colors.Normalize(vmin=0, vmax=vmax if vmax > 0 else 1.0)
        image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, aspect="auto")
        _write_heatmap_cells(ax, values, lows, highs, cmap, norm)
        ax.set_xticks(np.arange(len(categories)), [wrap_label(pretty(c), 14) for c in categories])
        ax.set_yticks(np.arange(len(groups)), [wrap_label(g) for g in groups])
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("lexicon category")
        ax.set_title(title, loc="left")
        bar = fig.colorbar(image, ax=ax, shrink=0.85, pad=0.02)
        bar.set_label(f"{'weighted hits' if weighted else 'hits'} {per}")
    stacked = data.sort_values([value, "group", "category"], ascending=[False, True, True])
    top = stacked.iloc[0]
    caption = (
        f"Rate of each lexicon category {per} ({VOICE_LABELS.get(voice, voice)}) in"
        f" each outlet; each cell gives the pooled rate and its {ci:.0%} document-bootstrap"
        f" interval, and darker cells mean more loaded terms. Darkest cell: {top['group']},"
        f" {pretty(top['category'])}, {interval(top, value, low, high)}."
    )
    return finish(fig, caption)


def _write_heatmap_cells(
    ax, values: np.ndarray, lows: pd.DataFrame, highs: pd.DataFrame, cmap, norm
) -> None:
    """Label each cell with its rate and interval (text black or white to read on the cell's
    colour), or "no data" where the group has no row for the category."""
    n_groups, n_categories = values.shape
    for i in range(n_groups):
        for j in range(n_categories):
            v = values[i, j]
            if np.isnan(v):
                ax.text(j, i, "no data", ha="center", va="center", fontsize=7, color="#666666")
                continue
            ax.text(
                j,
                i,
                f"{v:.2f}\n[{lows.iat[i, j]:.2f}, {highs.iat[i, j]:.2f}]",
                ha="center",
                va="center",
                fontsize=7.5,
                color=text_color(cmap(norm(v))),
            )


def plot_voice_breakdown(
    hits: pd.DataFrame,
    *,
    top: int = 15,
    by: str = "term",
    title: str | None = None,
) -> Figure:
    """Return stacked bars of the ``top`` most frequent lexicon terms, split by voice.

    ``hits`` is the hits table of ``analysis.score`` (columns ``by`` and voice). Bars are counts
    of hits (not rates), from :func:`voice_counts`: the split shows how often a loaded term is
    the outlet's own word and how often it is someone else's, quoted or reported.
    """
    require(hits, (by, "voice"), "plot_voice_breakdown")
    title = title or "Most frequent loaded terms, by who speaks them"
    if hits.empty:
        return empty_figure(title, "no lexicon term was found in the corpus")
    voices = ["authorial", "quoted", "reported"]
    counts = voice_counts(hits, by=by).head(top).rename(columns={"total": "_total"})
    with mpl.rc_context(PLOT_STYLE):
        fig = figure(7.5, 1.2 + 0.3 * len(counts))
        ax = fig.add_subplot()
        y = np.arange(len(counts))
        left = np.zeros(len(counts))
        for voice in voices:
            vals = counts[voice].to_numpy(float)
            ax.barh(y, vals, left=left, color=VOICE_COLORS[voice], label=VOICE_LABELS[voice])
            left += vals
        for yi, total in zip(y, counts["_total"], strict=True):
            ax.text(total + 0.2, yi, str(int(total)), va="center", fontsize=8)
        names = counts[by] if by == "term" else counts[by].map(pretty)
        ax.set_yticks(y, [wrap_label(t, 30) for t in names])
        ax.invert_yaxis()
        ax.set_xlabel("hits in the corpus (count)")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_title(title, loc="left")
        ax.legend(loc="lower right")
    counts["_outside"] = counts["quoted"] + counts["reported"]
    most = counts.sort_values(["_outside", by], ascending=[False, True]).iloc[0]
    noun = {"term": "loaded terms", "category": "lexicon categories"}.get(by, f"{by} values")
    caption = (
        f"The {len(counts)} most frequent {noun}, each bar split by voice: blue is the"
        f" outlet's own words, orange words inside quotation marks, green reported speech;"
        f" a bar that is mostly orange or green is being attributed, not asserted. For example"
        f" “{pretty(most[by]) if by != 'term' else most[by]}”: {int(most['_outside'])} of"
        f" {int(most['_total'])} hits are quoted or reported."
    )
    return finish(fig, caption)
