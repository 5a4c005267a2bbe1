"""Charts for every comparison table, for the notebooks and the reports.

Each ``plot_*`` function takes the tidy table of one stage (see the table contracts in
``analysis.comparison`` and ``analysis.scoring``) and returns a :class:`matplotlib.figure.Figure`.
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
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..outputs import atomic_path
from ..tables import require_columns

__all__ = [
    "PLOT_STYLE",
    "VOICE_COLORS",
    "caption_for",
    "figure_png",
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
VOICE_LABELS = {
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
NO_DATA_COLOR = "#888888"


def caption_for(fig: Figure) -> str:
    """Return the one-sentence caption of a figure made by this module ("" for other figures)."""
    return getattr(fig, _CAPTION_ATTR, "")


def finish(fig: Figure, caption: str) -> Figure:
    setattr(fig, _CAPTION_ATTR, " ".join(caption.split()))
    return fig


def require(table: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{what}: expected a pandas DataFrame, got {type(table).__name__}")
    has = ", ".join(map(str, table.columns)) or "no columns"
    require_columns(table, columns, f"{what}: table", hint=f"it has {has}")


def figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def empty_figure(title: str, message: str) -> Figure:
    """A figure that says plainly that there is nothing to draw, and why."""
    with mpl.rc_context(PLOT_STYLE):
        fig = figure(6.5, 1.8)
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_title(title, loc="left")
        ax.text(0.5, 0.45, message, ha="center", va="center", wrap=True, color=NO_DATA_COLOR)
    return finish(fig, f"{title}: {message}")


def figure_title(fig: Figure, title: str) -> None:
    """The title of a figure with several panels (or a legend below): left-aligned, bold."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=11, fontweight="bold")


def wrap_label(label: object, width: int = 24) -> str:
    text = str(label)
    return "\n".join(textwrap.wrap(text, width)) or text


def pretty(name: object) -> str:
    """``atrocity_claim`` -> ``atrocity claim`` (category and column names on axes)."""
    return str(name).replace("_", " ")


def display_order(values: Iterable[object], order: Sequence[object] | None = None) -> list[str]:
    """Groups in the caller's order if given (unknown ones appended), else alphabetical."""
    present = sorted({str(v) for v in values if not pd.isna(v)}, key=lambda s: (s.casefold(), s))
    if order is None:
        return present
    wanted = [str(o) for o in order if str(o) in present]
    return wanted + [p for p in present if p not in wanted]


def palette(n: int) -> list[str]:
    if n <= len(_OKABE_ITO):
        return _OKABE_ITO[:n]
    cmap = mpl.colormaps["tab20"]
    return [mpl.colors.to_hex(cmap(i % 20)) for i in range(n)]


def error_bars(values: pd.Series, low: pd.Series, high: pd.Series) -> np.ndarray:
    """Asymmetric error-bar lengths, never negative (an interval may miss its point estimate
    by rounding)."""
    v = values.to_numpy(float)
    lo = np.clip(v - low.to_numpy(float), 0, None)
    hi = np.clip(high.to_numpy(float) - v, 0, None)
    return np.nan_to_num(np.vstack([lo, hi]))


def _fmt(x: float, digits: int = 2) -> str:
    return "n/a" if x is None or pd.isna(x) else f"{x:.{digits}f}"


def interval(row: pd.Series, value: str = "rate_per_1k", low="ci_low", high="ci_high", d=2):
    return f"{_fmt(row[value], d)} [{_fmt(row[low], d)}, {_fmt(row[high], d)}]"


def text_color(rgba: Sequence[float]) -> str:
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
            with atomic_path(path, kind="figure") as tmp:
                fig.savefig(tmp, format=fmt, metadata=_SAVE_METADATA[fmt])
            written.append(path)
    return written


def figure_png(fig: Figure) -> bytes:
    """Return ``fig`` as PNG bytes, exactly as :func:`save_figure` writes them."""
    buffer = io.BytesIO()
    with mpl.rc_context(PLOT_STYLE):
        fig.savefig(buffer, format="png", metadata=_SAVE_METADATA["png"])
    return buffer.getvalue()


def date_axis(ax, start: pd.Timestamp, end: pd.Timestamp, *, rotate: bool = True) -> None:
    """Date ticks on ``ax``'s x axis that carry the year whenever the dates span more than one:
    "18 Sep" within one year, else ticks placed and labelled by matplotlib's concise date
    formatter (years at year changes, "Mar 2021", "2019")."""
    ax.xaxis_date()
    if pd.Timestamp(start).year == pd.Timestamp(end).year:
        ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%d %b"))
    else:
        locator = mpl.dates.AutoDateLocator(minticks=4, maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mpl.dates.ConciseDateFormatter(locator, show_offset=False))
    if rotate:
        for label in ax.get_xticklabels():
            label.set_rotation(45)
            label.set_horizontalalignment("right")


def level_digits(level: float) -> int:
    """Decimals to print a confidence level as a percentage: 95%, 99.76%."""
    return 0 if abs(level * 100 - round(level * 100)) < 1e-9 else 2
