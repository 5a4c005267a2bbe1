"""Charts for every comparison table, for the notebooks and the reports.

Each ``plot_*`` function takes the tidy table of one stage (see the table contracts in
``analysis.compare`` and ``analysis.scoring``) and returns a :class:`matplotlib.figure.Figure`.
No function touches pyplot's global state: figures are built as ``Figure`` objects inside
``matplotlib.rc_context(PLOT_STYLE)``, so nothing is left open and the style never leaks into the
caller's session.

Every figure carries a one-sentence caption that says what it shows and what to look at, read it
with :func:`caption_for`. Captions quote the data (e.g. the outlet with the highest rate and its
interval), so they change with the corpus; they are plain text and may contain outlet names taken
from the corpus, so escape them before putting them into HTML (``analysis.show_figure`` does).

Conventions shared by every chart:

* outlets (or whatever the table's ``group`` is) are listed top to bottom in alphabetical order,
  the same order in every chart, with long names wrapped;
* rates are per 1,000 tokens, of all words by default or of the same voice's words
  (``denominator="voice"``), and every axis label and caption says which; whiskers are the
  interval columns of the table (``ci_low``, ``ci_high``: 95% bootstrap intervals over
  documents unless the table was built otherwise);
* voices have fixed colours: authorial (the outlet's own words) blue, quoted orange, reported
  green (Okabe–Ito palette, readable with the common colour-vision deficiencies).

:func:`save_figure` writes a figure as PNG and SVG with fixed metadata, so the same figure gives
the same bytes on every run.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

__all__ = [
    "PLOT_STYLE",
    "VOICE_COLORS",
    "caption_for",
    "figure_png",
    "plot_corpus_overview",
    "plot_differences",
    "plot_heatmap",
    "plot_keyness",
    "plot_naming",
    "plot_outlet_map",
    "plot_rates",
    "plot_sources",
    "plot_tone",
    "plot_voice_breakdown",
    "save_figure",
]

# Matplotlib settings used while building and while saving a figure. DejaVu Sans ships with
# matplotlib, so text renders the same on every machine; a fixed SVG hash salt makes the SVG's
# internal ids (clip paths, glyphs) the same on every run.
PLOT_STYLE: dict[str, object] = {
    # Labels come from the corpus (outlet names, terms): "$" must not start mathtext.
    "text.parse_math": False,
    "font.family": "DejaVu Sans",
    "font.size": 9.5,
    "axes.titlesize": 10.5,
    "axes.titleweight": "bold",
    "axes.labelsize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "legend.fontsize": 8.5,
    "legend.frameon": False,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.facecolor": "white",
    "svg.hashsalt": "framing-analysis",
    "svg.fonttype": "path",
    "svg.id": "figure",
}

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
_OKABE_ITO = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
]
VOICE_COLORS: dict[str, str] = {
    "authorial": "#0072B2",
    "quoted": "#E69F00",
    "reported": "#009E73",
    "all": "#555555",
}
_VOICE_LABELS = {
    "authorial": "authorial (outlet's own words)",
    "quoted": "quoted (inside quotation marks)",
    "reported": "reported (attributed speech)",
    "all": "all voices",
}
_CAPTION_ATTR = "framing_caption"
# Metadata matplotlib would otherwise stamp into files (software version, date): left out so
# the same figure gives the same bytes on every run and every machine with the same versions.
_SAVE_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
_NO_DATA_COLOR = "#888888"


# ----------------------------------------------------------------------------------------------
# helpers


def caption_for(fig: Figure) -> str:
    """Return the one-sentence caption of a figure made by this module ("" for other figures)."""
    return getattr(fig, _CAPTION_ATTR, "")


def _finish(fig: Figure, caption: str) -> Figure:
    setattr(fig, _CAPTION_ATTR, " ".join(caption.split()))
    return fig


def _require(table: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(
            f"{what}: table is missing column(s) {', '.join(missing)} "
            f"(it has {', '.join(map(str, table.columns)) or 'no columns'})"
        )


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _empty_figure(title: str, message: str) -> Figure:
    """A figure that says plainly that there is nothing to draw, and why."""
    with mpl.rc_context(PLOT_STYLE):
        fig = _figure(6.5, 1.8)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_title(title, loc="left")
        ax.text(0.5, 0.45, message, ha="center", va="center", wrap=True, color=_NO_DATA_COLOR)
    return _finish(fig, f"{title}: {message}")


def _suptitle(fig: Figure, title: str) -> None:
    """The title of a figure with several panels (or a legend below): left-aligned, bold."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")


def _wrap(label: object, width: int = 24) -> str:
    text = str(label)
    return "\n".join(textwrap.wrap(text, width)) or text


def _pretty(name: object) -> str:
    """``atrocity_claim`` -> ``atrocity claim`` (category and column names on axes)."""
    return str(name).replace("_", " ")


def _order(values: Iterable[object], order: Sequence[object] | None = None) -> list[str]:
    """Groups in the caller's order if given (unknown ones appended), else alphabetical."""
    present = sorted({str(v) for v in values if not pd.isna(v)}, key=lambda s: (s.casefold(), s))
    if order is None:
        return present
    wanted = [str(o) for o in order if str(o) in present]
    return wanted + [p for p in present if p not in wanted]


def _palette(n: int) -> list[str]:
    if n <= len(_OKABE_ITO):
        return _OKABE_ITO[:n]
    cmap = mpl.colormaps["tab20"]
    return [mpl.colors.to_hex(cmap(i % 20)) for i in range(n)]


def _err(values: pd.Series, low: pd.Series, high: pd.Series) -> np.ndarray:
    """Asymmetric error-bar lengths, never negative (an interval may miss its point estimate
    by rounding)."""
    v = values.to_numpy(float)
    lo = np.clip(v - low.to_numpy(float), 0, None)
    hi = np.clip(high.to_numpy(float) - v, 0, None)
    return np.nan_to_num(np.vstack([lo, hi]))


def _fmt(x: float, digits: int = 2) -> str:
    return "n/a" if x is None or pd.isna(x) else f"{x:.{digits}f}"


def _interval(row: pd.Series, value: str = "rate_per_1k", low="ci_low", high="ci_high", d=2):
    return f"{_fmt(row[value], d)} [{_fmt(row[low], d)}, {_fmt(row[high], d)}]"


def _text_color(rgba: Sequence[float]) -> str:
    """Black or white, whichever reads better on a cell of colour ``rgba``."""
    r, g, b = rgba[:3]
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def save_figure(
    fig: Figure, stem: str | Path, *, formats: Sequence[str] = ("png", "svg")
) -> list[Path]:
    """Write ``fig`` as ``stem.png`` and ``stem.svg`` (by default); return the paths written.

    Byte-for-byte reproducible: the SVG hash salt is fixed, and the date/software metadata that
    matplotlib would otherwise embed is left out.
    """
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    with mpl.rc_context(PLOT_STYLE):
        for fmt in formats:
            if fmt not in _SAVE_METADATA:
                raise ValueError(f"save_figure: unsupported format {fmt!r} (png, svg or pdf)")
            path = stem.with_name(f"{stem.name}.{fmt}")
            fig.savefig(path, format=fmt, metadata=_SAVE_METADATA[fmt])
            written.append(path)
    return written


def figure_png(fig: Figure) -> bytes:
    """Return ``fig`` as PNG bytes, exactly as :func:`save_figure` writes them."""
    buffer = io.BytesIO()
    with mpl.rc_context(PLOT_STYLE):
        fig.savefig(buffer, format="png", metadata=_SAVE_METADATA["png"])
    return buffer.getvalue()


# ----------------------------------------------------------------------------------------------
# rates (issue 5: rates with error bars by outlet and voice; category x outlet heat map)

_RATE_COLUMNS = ("group", "category", "voice", "n_docs", "rate_per_1k", "ci_low", "ci_high")


_DENOMINATORS = ("all", "voice")


def _check_denominator(denominator: str) -> None:
    if denominator not in _DENOMINATORS:
        raise ValueError(f"denominator must be 'all' or 'voice', got {denominator!r}")


def _rate_columns(weighted: bool, denominator: str = "all") -> tuple[str, str, str]:
    """The rates table's value and interval columns for a weighting and a denominator."""
    _check_denominator(denominator)
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


def _per_tokens(denominator: str, voice: str | None = None) -> str:
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
    value, low, high = _rate_columns(weighted, denominator)
    _require(rates, (*_RATE_COLUMNS, value, low, high), "plot_rates")
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
        return _empty_figure(
            title, f"no rows for category {', '.join(categories)} and voices {', '.join(voices)}"
        )
    groups = _order(data["group"], order)
    n_docs = rates[rates["category"].isin(categories)].groupby("group")["n_docs"].max().to_dict()
    ylabels = [f"{_wrap(g)}\n(n={int(n_docs.get(g, 0))} docs)" for g in groups]
    present_cats = [c for c in categories if c in set(data["category"])]
    height = 0.8 + 0.26 * len(voices) * len(groups)
    pct = f"{ci:.0%}"
    with mpl.rc_context(PLOT_STYLE):
        fig = _figure(max(7.5, 3.3 + 3.0 * len(present_cats)), max(2.6, height))
        axes = fig.subplots(1, len(present_cats), sharey=True, squeeze=False)[0]
        bar_h = 0.8 / len(voices)
        for ax, cat in zip(axes, present_cats, strict=True):
            sub = data[data["category"] == cat]
            for k, voice in enumerate(voices):
                rows = sub[sub["voice"] == voice].set_index("group").reindex(groups)
                y = np.arange(len(groups)) - 0.4 + bar_h * (k + 0.5)
                ax.barh(
                    y,
                    rows[value].fillna(0).to_numpy(float),
                    height=bar_h * 0.92,
                    color=VOICE_COLORS[voice],
                    label=_VOICE_LABELS[voice],
                    xerr=_err(rows[value], rows[low], rows[high]),
                    error_kw={"ecolor": "#222222", "elinewidth": 0.9, "capsize": 2},
                )
            for yi, g in enumerate(groups):
                if int(n_docs.get(g, 0)) == 0:
                    # e.g. a content farm whose every article is a copy counted under its origin
                    ax.text(
                        0,
                        yi,
                        "  no document in the comparison",
                        va="center",
                        fontsize=8,
                        color=_NO_DATA_COLOR,
                    )
            ax.set_title("all loaded terms" if cat == "ALL" else _pretty(cat), loc="left")
            ax.set_xlabel(f"{'weighted hits' if weighted else 'hits'} {_per_tokens(denominator)}")
            ax.set_xlim(left=0)
            ax.xaxis.grid(True, color="#dddddd", linewidth=0.6)
            ax.set_axisbelow(True)
        axes[0].set_yticks(np.arange(len(groups)), ylabels)
        axes[0].invert_yaxis()
        _suptitle(fig, title)
        fig.legend(
            *axes[0].get_legend_handles_labels(),
            loc="outside lower center",
            ncols=len(voices) if len(present_cats) > 1 else 1,
            title=f"whiskers: {pct} bootstrap interval over documents",
            title_fontsize=8,
        )
    # Caption: the largest authorial (or first requested voice) rate in the first panel.
    lead_voice = "authorial" if "authorial" in voices else voices[0]
    lead = data[(data["category"] == present_cats[0]) & (data["voice"] == lead_voice)]
    lead = lead.sort_values([value, "group"], ascending=[False, True])
    top = ""
    if not lead.empty:
        r = lead.iloc[0]
        top = (
            f" Highest {lead_voice} rate ({'all loaded terms' if r['category'] == 'ALL' else _pretty(r['category'])}):"
            f" {r['group']}, {_interval(r, value, low, high)} {_per_tokens(denominator, lead_voice)}."
        )
    if denominator == "voice":
        split = (
            " Denominator: the words of the same voice (authorial hits per 1,000 of the"
            " outlet's own words, quoted hits per 1,000 quoted words, reported hits per 1,000"
            " reported words), so a rate does not fall just because an outlet quotes more;"
            " the voices' bars do not add up."
        )
    else:
        split = (
            " Denominator: all tokens of the outlet's documents for every voice, so the three"
            " voices add up to the outlet's total rate (an outlet that quotes more shows a"
            " lower authorial rate on this scale)."
        )
    caption = (
        f"{what} in each outlet, split by who speaks the words: the outlet itself, a direct"
        f" quote, or reported speech (bars: pooled rate; whiskers: {pct} bootstrap interval"
        f" resampling documents); compare bar lengths within a voice, and judge a difference"
        f" between two outlets by the interval of their difference, not by whether whiskers"
        f" overlap.{split}{top}"
    )
    return _finish(fig, caption)


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
    value, low, high = _rate_columns(weighted, denominator)
    _require(rates, ("group", "category", "voice", value, low, high), "plot_heatmap")
    data = rates[rates["voice"] == voice]
    if categories is None:
        categories = sorted(c for c in data["category"].dropna().unique() if c != "ALL")
    data = data[data["category"].isin(categories)]
    what = (
        "Loaded-term rate"
        if denominator == "all"
        else f"Loaded terms {_per_tokens(denominator, voice)}"
    )
    title = title or f"{what} by category and outlet ({_VOICE_LABELS.get(voice, voice)})"
    if data.empty:
        return _empty_figure(title, f"no rows for voice {voice!r}")
    groups = _order(data["group"], order)
    categories = [c for c in categories if c in set(data["category"])]
    grid, lows, highs = (
        data.pivot_table(index="group", columns="category", values=col, aggfunc="first").reindex(
            index=groups, columns=categories
        )
        for col in (value, low, high)
    )
    values = grid.to_numpy(float)
    vmax = float(np.nanmax(values)) if np.isfinite(values).any() else 1.0
    with mpl.rc_context(PLOT_STYLE):
        fig = _figure(2.2 + 1.25 * len(categories), 1.3 + 0.55 * len(groups))
        ax = fig.add_subplot()
        cmap = mpl.colormaps["Blues"]
        norm = mpl.colors.Normalize(vmin=0, vmax=vmax if vmax > 0 else 1.0)
        image = ax.imshow(np.ma.masked_invalid(values), cmap=cmap, norm=norm, aspect="auto")
        for i in range(len(groups)):
            for j in range(len(categories)):
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
                    color=_text_color(cmap(norm(v))),
                )
        ax.set_xticks(np.arange(len(categories)), [_wrap(_pretty(c), 14) for c in categories])
        ax.set_yticks(np.arange(len(groups)), [_wrap(g) for g in groups])
        ax.tick_params(length=0)
        for side in ("left", "bottom"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("lexicon category")
        ax.set_title(title, loc="left")
        bar = fig.colorbar(image, ax=ax, shrink=0.85, pad=0.02)
        per = _per_tokens(denominator, voice)
        bar.set_label(f"{'weighted hits' if weighted else 'hits'} {per}")
    stacked = data.sort_values([value, "group", "category"], ascending=[False, True, True])
    top = stacked.iloc[0]
    caption = (
        f"Rate of each lexicon category {per} ({_VOICE_LABELS.get(voice, voice)}) in"
        f" each outlet; each cell gives the pooled rate and its {ci:.0%} document-bootstrap"
        f" interval, and darker cells mean more loaded terms. Darkest cell: {top['group']},"
        f" {_pretty(top['category'])}, {_interval(top, value, low, high)}."
    )
    return _finish(fig, caption)


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
    _require(differences, _DIFF_COLUMNS, "plot_differences")
    _check_denominator(denominator)
    if sort not in ("difference", "pair"):
        raise ValueError(f"sort must be 'difference' or 'pair', got {sort!r}")
    what = "all loaded terms" if category == "ALL" else _pretty(category)
    per = _per_tokens(denominator, voice)
    voice_words = _VOICE_PHRASES.get(voice, voice)
    title = title or f"Pairwise differences: {what}, {voice_words}"
    rows = differences[
        (differences["category"] == category)
        & (differences["voice"] == voice)
        & (differences["denominator"] == denominator)
    ]
    if rows.empty:
        return _empty_figure(
            title,
            f"no rows for category {category!r}, voice {voice!r} and denominator {denominator!r}",
        )
    # A pair with a group that has no document in the comparison (e.g. a site whose every
    # article is a copy counted under its origin) has no difference to draw: say so instead.
    empty = rows["difference"].isna()
    missing = sorted(
        {str(g) for g in pd.concat([rows.loc[empty, "group_a"], rows.loc[empty, "group_b"]])}
        - {str(g) for g in pd.concat([rows.loc[~empty, "group_a"], rows.loc[~empty, "group_b"]])}
    )
    n_left_out = int(empty.sum())
    rows = rows[~empty].reset_index(drop=True)
    if rows.empty:
        return _empty_figure(title, "no pair has a rate for both groups")
    if sort == "difference":
        rows = rows.sort_values(
            ["difference", "group_a", "group_b"], ascending=[False, True, True], kind="mergesort"
        )
    d = rows["difference"].to_numpy(float)
    lo = rows["diff_ci_low"].to_numpy(float)
    hi = rows["diff_ci_high"].to_numpy(float)
    clear = (lo > 0) | (hi < 0)
    has_n = {"n_docs_a", "n_docs_b"} <= set(rows.columns)
    labels = []
    for r in rows.itertuples(index=False):
        # "A" on the first line, "− B" on the second, so the minus is never lost in a wrap
        label = f"{_wrap(r.group_a, 34)}\n\u2212 {_wrap(r.group_b, 32)}"
        if has_n:
            label += f"  ({int(r.n_docs_a)} vs {int(r.n_docs_b)} docs)"
        labels.append(label)
    level = float(rows["ci_level"].iloc[0]) if "ci_level" in rows.columns else 0.95
    n_pairs = int(rows["n_pairs"].iloc[0]) if "n_pairs" in rows.columns else len(rows)
    adjusted = n_pairs > 1 and level > 0.95 + 1e-9 and "ci_level" in rows.columns
    y = np.arange(len(rows))
    finite = np.concatenate([v[np.isfinite(v)] for v in (d, lo, hi)] + [np.zeros(1)])
    span = float(finite.max() - finite.min()) or 1.0
    with mpl.rc_context(PLOT_STYLE):
        fig = _figure(8.6, 1.3 + 0.42 * len(rows))
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
        _suptitle(fig, title)
        handles = [
            mpl.lines.Line2D([], [], color=_DIFF_CLEAR, marker="o", lw=2.2, label="excludes 0"),
            mpl.lines.Line2D([], [], color=_DIFF_UNCLEAR, marker="o", lw=2.2, label="includes 0"),
        ]
        fig.legend(
            handles=handles,
            loc="outside lower center",
            ncols=2,
            title=f"line: {level:.{_level_digits(level)}%} bootstrap interval of the difference",
            title_fontsize=8,
        )
    has_interval = np.isfinite(lo) & np.isfinite(hi)
    n_clear, n_rows = int(clear.sum()), int(has_interval.sum())
    denominator_words = "" if denominator == "voice" else " of the whole text"
    if adjusted:
        family = (
            f" Intervals are Bonferroni-widened to {level:.{_level_digits(level)}%} each, so"
            f" that all {n_pairs} pairs cover together with probability at least 95%."
        )
    else:
        family = (
            f" Each interval is {level:.0%} on its own: with {n_rows} pairs, about"
            f" {n_rows * (1 - level):.2g} would exclude 0 by chance even if no outlets"
            " differed, so read a pair chosen in advance, or the pattern, not the count."
        )
    if n_left_out:
        family += (
            f" Left out: {n_left_out} pair(s) with {', '.join(missing) or 'a group'}, which has"
            " no document in the comparison."
        )
    best = rows.loc[rows["difference"].abs().idxmax()]
    lead = (
        f" Largest: {best['group_a']} \u2212 {best['group_b']},"
        f" {_interval(best, 'difference', 'diff_ci_low', 'diff_ci_high')}."
    )
    caption = (
        f"Difference in the rate of {what} ({voice_words}; hits {per}{denominator_words})"
        " between each pair of outlets, A minus B, with a document-bootstrap interval (each"
        " outlet's documents resampled on their own); an interval that excludes 0 (blue) says"
        f" the two outlets differ. {n_clear} of {n_rows} intervals exclude 0.{family}{lead}"
    )
    return _finish(fig, caption)


def _level_digits(level: float) -> int:
    """Decimals to print a confidence level as a percentage: 95%, 99.76%."""
    return 0 if abs(level * 100 - round(level * 100)) < 1e-9 else 2


# ----------------------------------------------------------------------------------------------
# keyness, naming, outlet map


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
    _require(keyness, ("group", "term", "count", "z"), "plot_keyness")
    title = title or "Distinctive words and phrases by outlet"
    data = keyness[keyness["z"] > 0]
    if groups is not None:
        data = data[data["group"].isin(groups)]
    if data.empty:
        return _empty_figure(title, "no term is used more by any group than by the rest")
    names = _order(data["group"], groups)
    ncols = max(1, min(ncols, len(names)))
    nrows = math.ceil(len(names) / ncols)
    with mpl.rc_context(PLOT_STYLE):
        fig = _figure(4.2 * ncols, 0.6 + nrows * (0.8 + 0.22 * top))
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
            ax.set_title(_wrap(f"{name} vs {other}" if paired else name, 34), loc="left")
            ax.set_xlabel("z-score of log-odds ratio (vs the rest)")
            ax.set_xlim(left=0)
        for ax in axes[len(names) :]:
            ax.set_axis_off()
        _suptitle(fig, title)
    best = data.sort_values(["z", "group", "term"], ascending=[False, True, True]).iloc[0]
    caption = (
        f"Words and two-word phrases each outlet uses more often than the other outlets"
        f" (log-odds ratio with an informative Dirichlet prior, Monroe, Colaresi and Quinn 2008;"
        f" bar: its z-score; count in brackets); dark bars pass z = {z_threshold:g}, pale ones"
        f" do not. Most distinctive: “{best['term']}” in {best['group']} (z = {best['z']:.1f})."
    )
    return _finish(fig, caption)


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
    _require(
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
        return _empty_figure(title, "no variant of any referent was found in the corpus")
    data = data[data["referent"].isin(refs)]
    cmap = mpl.colormaps["Purples"]
    norm = mpl.colors.Normalize(0, 1)
    layout = {}
    for ref in refs:
        sub = data[data["referent"] == ref]
        used = sub.groupby("variant")["count"].sum()
        variants = sorted(used.index, key=lambda v: (-used[v], str(v)))
        mentions = sub.groupby("group")["count"].sum()
        groups = [g for g in _order(sub["group"], order) if mentions.get(g, 0) > 0]
        layout[ref] = (sub, variants, groups, mentions)
    heights = [0.9 + 0.42 * len(layout[r][2]) for r in refs]
    width = max(6.0, 2.6 + 1.15 * max(len(layout[r][1]) for r in refs))
    with mpl.rc_context(PLOT_STYLE):
        fig = _figure(width, 0.4 + sum(heights))
        axes = fig.subplots(len(refs), 1, squeeze=False, height_ratios=heights)[:, 0]
        for ax, ref in zip(axes, refs, strict=True):
            sub, variants, groups, mentions = layout[ref]
            cells = sub.set_index(["group", "variant"])
            grid = np.full((len(groups), len(variants)), np.nan)
            for i, g in enumerate(groups):
                for k, v in enumerate(variants):
                    if (g, v) in cells.index:
                        row = cells.loc[(g, v)]
                        grid[i, k] = row["share"]
                        lo, hi = row["ci_low"], row["ci_high"]
                        method = row.get("ci_method", "")
                        if method == "degenerate" and row["share"] == 0:
                            band = ""  # no document uses this name: nothing to qualify
                        elif method == "degenerate":
                            band = "\n[all docs agree]"  # resampling cannot vary it
                        elif method == "none" or pd.isna(lo):
                            band = "\n[one doc]"
                        else:
                            band = f"\n[{lo:.0%}, {hi:.0%}]"
                        ax.text(
                            k,
                            i,
                            f"{row['share']:.0%}{band}",
                            ha="center",
                            va="center",
                            fontsize=7.5,
                            color=_text_color(cmap(norm(row["share"]))),
                        )
            ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, norm=norm, aspect="auto")
            ax.set_xticks(np.arange(len(variants)), [_wrap(v, 16) for v in variants])
            ax.xaxis.tick_top()
            ax.set_yticks(
                np.arange(len(groups)),
                [f"{_wrap(g)} (n={int(mentions.get(g, 0))})" for g in groups],
            )
            ax.tick_params(length=0)
            for side in ax.spines.values():
                side.set_visible(False)
            ax.set_title(
                f"{_pretty(ref)}: {int(totals[ref])} mentions", loc="left", fontsize=9.5, pad=4
            )
        _suptitle(fig, title)
    caption = (
        f"For each place, group or event named in several ways, the share of each outlet's"
        f" mentions that uses each name, with its {ci:.0%} bootstrap interval over documents in"
        f" brackets (n = mentions; no interval where all the outlet's documents agree or it has"
        f" one document); a row with one dark cell is an outlet that always uses the same name."
    )
    left_out = len(totals) - len(refs)
    if left_out > 0 and referents is None:
        caption += f" {left_out} less mentioned referent(s) are in the table only."
    used = data[data["count"] > 0].sort_values(
        ["share", "count", "group"], ascending=[False, False, True]
    )
    if not used.empty and data["group"].nunique() > 1:
        r = used.iloc[0]
        caption += (
            f" Example: {r['group']} calls {_pretty(r['referent'])} “{r['variant']}” in"
            f" {r['share']:.0%} of {_mentions(data, r['group'], r['referent'])} mentions."
        )
    return _finish(fig, caption)


def _mentions(data: pd.DataFrame, group: str, referent: str) -> int:
    """Mentions of ``referent`` in ``group`` (sum of variant counts)."""
    sel = (data["group"] == group) & (data["referent"] == referent)
    return int(data.loc[sel, "count"].sum())


# Label offsets tried around a point, in points: right, left, above, below, then diagonals.
_LABEL_OFFSETS = [(7, 0), (-7, 0), (0, 8), (0, -8), (7, 8), (-7, 8), (7, -8), (-7, -8)]


def _place_labels(fig: Figure, ax, xs: np.ndarray, ys: np.ndarray, labels: Sequence[str]) -> None:
    """Label each point, choosing for each label the first offset whose box overlaps no label
    placed before it and no point (greedy, deterministic); the least overlapping one otherwise."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()  # settles the axis limits and the layout, so boxes are where they will be
    renderer = canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    points = [ax.transData.transform((x, y)) for x, y in zip(xs, ys, strict=True)]
    placed: list = []
    for x, y, label in zip(xs, ys, labels, strict=True):
        best, best_cost = None, None
        for dx, dy in _LABEL_OFFSETS:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
            text = ax.annotate(
                label,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                ha=ha,
                va=va,
                fontsize=8.5,
            )
            box = text.get_window_extent(renderer).expanded(1.05, 1.1)
            inside = (
                box.x0 >= frame.x0
                and box.x1 <= frame.x1
                and box.y0 >= frame.y0
                and box.y1 <= frame.y1
            )
            cost = (
                sum(box.overlaps(other) for other in placed)
                + sum(box.contains(px, py) for px, py in points)
                + (0 if inside else 1)
            )
            if best_cost is None or cost < best_cost:
                if best is not None:
                    best[0].remove()
                best, best_cost = (text, box), cost
            else:
                text.remove()
            if cost == 0:
                break
        placed.append(best[1])


def plot_outlet_map(
    outlet_map: pd.DataFrame,
    *,
    method: str = "MDS",
    title: str | None = None,
) -> Figure:
    """Return a scatter of the 2-D outlet map (group, x, y), each point labelled with its group.

    The map places outlets with similar category-rate profiles close together; the axes have no
    units (only distances between points mean something, and MDS/PCA axes can flip sign).
    """
    _require(outlet_map, ("group", "x", "y"), "plot_outlet_map")
    title = title or "Outlets by similarity of their loaded-term profiles"
    data = outlet_map.dropna(subset=["x", "y"])
    if data.empty:
        return _empty_figure(title, "no outlet has a position (need at least two outlets)")
    data = data.set_index("group").loc[_order(data["group"])].reset_index()
    with mpl.rc_context(PLOT_STYLE):
        fig = _figure(6.2, 5.0)
        ax = fig.add_subplot()
        colors = _palette(len(data))
        ax.scatter(data["x"], data["y"], s=60, c=colors, edgecolor="black", linewidth=0.6, zorder=3)
        ax.margins(x=0.25, y=0.18)
        _place_labels(
            fig,
            ax,
            data["x"].to_numpy(float),
            data["y"].to_numpy(float),
            [_wrap(g, 20) for g in data["group"]],
        )
        ax.axhline(0, color="#dddddd", linewidth=0.6, zorder=0)
        ax.axvline(0, color="#dddddd", linewidth=0.6, zorder=0)
        ax.set_xlabel(f"{method} dimension 1 (no unit: only distances matter)")
        ax.set_ylabel(f"{method} dimension 2 (no unit)")
        ax.set_title(title, loc="left")
    pairs = []
    coords = data[["x", "y"]].to_numpy(float)
    for i in range(len(data)):
        for j in range(i + 1, len(data)):
            pairs.append(
                (float(np.hypot(*(coords[i] - coords[j]))), data["group"][i], data["group"][j])
            )
    caption = (
        f"Outlets placed by {method} so that outlets with similar rates across lexicon categories"
        f" sit close together; read distances, not directions."
    )
    if pairs:
        _, a, b = min(pairs)
        caption += f" Closest pair on the map: {a} and {b}."
    return _finish(fig, caption)


# ----------------------------------------------------------------------------------------------
# notebook figures: corpus overview, voice breakdown, tone, sources


def plot_corpus_overview(corpus: pd.DataFrame, *, order: Sequence[str] | None = None) -> Figure:
    """Return two panels: articles per outlet (originals vs near-duplicate copies) and per day.

    ``corpus`` is the corpus table (outlet, published; ``is_canonical`` when present). Days are
    UTC calendar days; undated articles are counted in the caption, not drawn on the time axis.
    """
    _require(corpus, ("outlet", "published"), "plot_corpus_overview")
    title = "Corpus overview"
    if corpus.empty:
        return _empty_figure(title, "the corpus has no documents")
    outlets = _order(corpus["outlet"], order)
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
    colors = dict(zip(outlets, _palette(len(outlets)), strict=True))
    with mpl.rc_context(PLOT_STYLE):
        fig = _figure(11, max(3.2, 1.0 + 0.32 * len(outlets)))
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.6])
        y = np.arange(len(outlets))
        left.barh(y, per_outlet["original"], color="#0072B2", label="own or canonical copy")
        left.barh(
            y,
            per_outlet["copy"],
            left=per_outlet["original"],
            color="#E69F00",
            label="near-duplicate copy of another article",
        )
        for yi, total in zip(y, per_outlet.sum(axis=1), strict=True):
            left.text(total + 0.2, yi, str(int(total)), va="center", fontsize=8)
        left.set_yticks(y, [_wrap(o) for o in outlets])
        left.invert_yaxis()
        left.set_xlabel("articles")
        left.set_title("Articles per outlet", loc="left")
        left.legend(loc="upper left", bbox_to_anchor=(0, -0.18), fontsize=7.5)
        left.xaxis.get_major_locator().set_params(integer=True)
        if dated.empty:
            right.set_axis_off()
            right.text(0.5, 0.5, "no article has a publication date", ha="center", color="#888888")
        else:
            counts = dated.groupby(["day", "outlet"]).size().unstack(fill_value=0)
            days = pd.date_range(counts.index.min(), counts.index.max(), freq="D")
            counts = counts.reindex(index=days, columns=outlets, fill_value=0)
            bottom = np.zeros(len(days))
            x = mpl.dates.date2num(days.tz_localize(None).to_pydatetime())
            for outlet in outlets:
                right.bar(
                    x,
                    counts[outlet],
                    bottom=bottom,
                    width=0.8,
                    color=colors[outlet],
                    label=_wrap(outlet, 28),
                )
                bottom += counts[outlet].to_numpy()
            right.xaxis_date()
            right.xaxis.set_major_formatter(mpl.dates.DateFormatter("%d %b"))
            right.yaxis.get_major_locator().set_params(integer=True)
            right.set_ylabel("articles per day")
            right.set_xlabel("publication day (UTC)")
            right.set_title("Articles by publication day", loc="left")
            right.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), title="outlet")
            for label in right.get_xticklabels():
                label.set_rotation(45)
                label.set_horizontalalignment("right")
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
    return _finish(fig, caption)


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
    from .scoring import voice_counts  # the table behind the chart

    _require(hits, (by, "voice"), "plot_voice_breakdown")
    title = title or "Most frequent loaded terms, by who speaks them"
    if hits.empty:
        return _empty_figure(title, "no lexicon term was found in the corpus")
    voices = ["authorial", "quoted", "reported"]
    counts = voice_counts(hits, by=by).head(top).rename(columns={"total": "_total"})
    with mpl.rc_context(PLOT_STYLE):
        fig = _figure(7.5, 1.2 + 0.3 * len(counts))
        ax = fig.add_subplot()
        y = np.arange(len(counts))
        left = np.zeros(len(counts))
        for voice in voices:
            vals = counts[voice].to_numpy(float)
            ax.barh(y, vals, left=left, color=VOICE_COLORS[voice], label=_VOICE_LABELS[voice])
            left += vals
        for yi, total in zip(y, counts["_total"], strict=True):
            ax.text(total + 0.2, yi, str(int(total)), va="center", fontsize=8)
        names = counts[by] if by == "term" else counts[by].map(_pretty)
        ax.set_yticks(y, [_wrap(t, 30) for t in names])
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
        f" “{_pretty(most[by]) if by != 'term' else most[by]}”: {int(most['_outside'])} of"
        f" {int(most['_total'])} hits are quoted or reported."
    )
    return _finish(fig, caption)


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
    fig = _figure(3.4 * ncols + 1.3, 0.8 + nrows * (0.75 + 0.3 * len(groups)))
    axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True).ravel()
    y = np.arange(len(groups))
    for ax, key in zip(axes, panels, strict=False):
        sub = data[data[panel] == key].set_index("group").reindex(groups)
        ok = sub[value].notna().to_numpy()
        ax.errorbar(
            sub[value][ok],
            y[ok],
            xerr=_err(sub[value][ok], sub["ci_low"][ok], sub["ci_high"][ok]),
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
        if zero_line:
            ax.axvline(0, color="#999999", linewidth=0.8, linestyle="--")
        ax.set_title(_wrap(panel_titles.get(key, key), 34), loc="left", fontsize=9.5)
        ax.set_xlim(*xlim)
        ax.set_xlabel(xlabel)
        ax.set_yticks(y, [_wrap(g) for g in groups])
        ax.xaxis.grid(True, color="#eeeeee", linewidth=0.6)
        ax.set_axisbelow(True)
    axes[0].set_ylim(len(groups) - 0.5, -0.6)  # first group on top, room for the n labels
    for ax in axes[len(panels) :]:
        ax.set_axis_off()
    _suptitle(fig, title)
    return fig


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
    _require(tone, ("group", by, "n_sentences", "mean_compound", "ci_low", "ci_high"), "plot_tone")
    title = title or f"Tone of sentences that mention each {by}"
    data = tone[tone["n_sentences"] > 0]
    if "level" in data.columns:
        data = data[data["level"] == by]
    if actors is None:
        totals = data.groupby(by)["n_sentences"].sum()
        actors = sorted(totals.index, key=lambda a: (-totals[a], str(a)))[:top]
    data = data[data[by].isin(actors)]
    if data.empty:
        return _empty_figure(title, f"no sentence mentions any {by} of the actors file")
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
            groups=_order(data["group"], order),
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
    return _finish(fig, caption)


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
    _require(sources, ("group", by, "count", "share", "ci_low", "ci_high"), "plot_sources")
    title = title or f"Who gets to speak: quotes and reported speech by {by}"
    data = sources
    if "level" in data.columns:
        data = data[data["level"] == by]
    if "kind" in data.columns:
        data = data[data["kind"] == kind]
    data = data[data["count"] > 0].copy()
    if data.empty:
        return _empty_figure(title, "no quote or reported speech was attributed to a speaker")
    data[by] = data[by].astype("object").where(data[by].notna(), "unmapped").astype(str)
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
    totals = agg.groupby(by)["count"].sum()
    panels = sorted(totals.index, key=lambda v: (-totals[v], v))[:top]
    groups = _order(agg["group"], order)
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
    return _finish(fig, caption)
