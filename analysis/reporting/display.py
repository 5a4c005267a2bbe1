"""Show a figure, table or document in a notebook and save it for the report in the same call.

Every string from the corpus is escaped before it reaches HTML.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..figures.style import caption_for, figure_png, save_figure
from ..outputs import write_csv

__all__ = [
    "show_fit",
    "show_note",
    "save_table",
    "show_document",
    "show_figure",
    "show_table",
]


_NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def _check_name(name: str, what: str) -> str:
    if not isinstance(name, str) or not _NAME_PATTERN.match(name):
        raise ValueError(
            f"{what}: name {name!r} must be letters, digits, '_', '-' or '.', starting with a "
            "letter or digit (it becomes a file name)"
        )
    return name


def display_html(markup: str, plain: str, extra: Mapping[str, str] | None = None) -> None:
    from IPython.display import display

    bundle = {"text/html": markup, "text/plain": plain, **(extra or {})}
    display(bundle, raw=True)


def show_note(text: str, *, kind: str = "note") -> None:
    """Display one paragraph of plain ``text`` (escaped), styled as a note, or as a warning with
    ``kind="warning"``: what a report says when a section is left out, or a caution."""
    if kind not in ("note", "warning"):
        raise ValueError(f"show_note: kind must be 'note' or 'warning', got {kind!r}")
    css = "framing-warning" if kind == "warning" else "framing-info"
    markup = f'<p class="{css}">{html.escape(text)}</p>'
    display_html(markup, ("Warning: " if kind == "warning" else "") + text)


def show_fit(fit, name: str, *, outdir: str | Path | None = None, what: str = "lexicon") -> bool:
    """Show how well a lexicon (or naming or actors file) fits the corpus (an
    :class:`analysis.LexiconFit`): its warning when the fit is not good, the summary and the
    most frequent terms with a keyword-in-context line each, saved as ``NAME.csv`` and
    ``NAME_terms.csv``. Returns whether the fit is good enough to draw charts from ("good" or
    "narrow"); a poor fit should replace the charts by this evidence."""
    if fit.warning:
        show_note(fit.warning, kind="warning")
    show_table(fit.summary, name, outdir=outdir,
               caption=f"How well the {what} fits the corpus: hits per 1,000 tokens, documents "
               "with a hit, terms of the file ever matched, and the verdict (thresholds in "
               "docs/statistics.md, 'Lexicon fit').")
    show_table(fit.terms, f"{name}_terms", outdir=outdir, max_chars=160,
               caption=f"The {what}'s most frequent terms, each with its first keyword-in-context "
               "line: check that they mean here what the file says they mean.")
    return fit.verdict != "poor"


def show_figure(
    fig,
    name: str,
    *,
    outdir: str | Path | None = None,
    caption: str | None = None,
) -> None:
    """Display ``fig`` with its caption and, when ``outdir`` is set, save it as
    ``outdir/figures/NAME.png`` and ``NAME.svg``.

    The caption defaults to :func:`analysis.plots.caption_for`; it is escaped (it may hold outlet
    names from the corpus). The PNG shown is the PNG saved, embedded as a data URI, so the
    exported HTML needs no files beside it.
    """
    _check_name(name, "show_figure")
    caption = caption if caption is not None else caption_for(fig)
    links = ""
    if outdir is not None:
        png_path, _svg_path = save_figure(fig, Path(outdir) / "figures" / name)
        png = png_path.read_bytes()
        links = (
            f' <span class="framing-files">(<a href="figures/{name}.png">PNG</a>,'
            f' <a href="figures/{name}.svg">SVG</a>)</span>'
        )
    else:
        png = figure_png(fig)
    data = base64.b64encode(png).decode("ascii")
    # Shown at 100 CSS pixels per inch of figure (the PNG has 150 dpi, so it stays sharp), so
    # the figure's text is about the size of the page's text; narrow screens shrink it.
    width = round(fig.get_figwidth() * 100)
    text = html.escape(caption)
    markup = (
        f'<figure class="framing-figure" id="fig-{name}">'
        f'<img src="data:image/png;base64,{data}" alt="{text}" style="width: {width}px"/>'
        f"<figcaption>{text}{links}</figcaption></figure>"
    )
    display_html(markup, caption or name, {"image/png": data})


def _format_float(x: float) -> str:
    if pd.isna(x):
        return "—"
    if float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:,.1f}" if abs(x) >= 100 else f"{x:.3f}"


def save_table(
    df: pd.DataFrame, name: str, *, outdir: str | Path | None, index: bool = False
) -> Path | None:
    """Write ``df`` to ``outdir/tables/NAME.csv`` and return the path (nothing, and None, when
    ``outdir`` is None: a notebook run without an output folder saves nothing).

    UTF-8, ``\\n`` line ends, floats with 10 significant digits (enough for every statistic
    here, and free of last-bit noise), missing values as empty cells, rows in the order given
    (each stage sorts its own output), the index only when ``index`` is true.
    """
    _check_name(name, "save_table")
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"save_table({name!r}): expected a DataFrame, got {type(df).__name__}")
    if outdir is None:
        return None
    path = Path(outdir) / "tables" / f"{name}.csv"
    # formula-safe and whole or not at all (analysis.outputs)
    return write_csv(
        df, path, kind="report table", index=index, float_format="%.10g", encoding="utf-8"
    )


def _shorten(value, limit: int):
    """A text cell for display: line breaks shown as ↵, cut to ``limit`` characters with …"""
    if isinstance(value, str):
        value = value.replace("\n", " ↵ ")
        if len(value) > limit:
            return value[: limit - 1].rstrip() + "…"
    return value


# Column names whose cells are laid out as a keyword-in-context line: the left context ends at the
# keyword, so it is right-aligned; the keyword stands out.
_KWIC_CSS = {
    "left": "text-align: right; min-width: 18em",
    "matched": "font-weight: bold; text-align: center",
    "right": "min-width: 18em",
}


def _column_css(table_id: str, df: pd.DataFrame, index: bool) -> str:
    """Per-column alignment for one table: numbers right, text left, KWIC columns laid out."""
    rules = []
    offset = 2 if index else 1  # nth-child counts from 1, after the index column when shown
    for k, col in enumerate(df.columns):
        style = _KWIC_CSS.get(str(col))
        if (
            style is None
            and pd.api.types.is_numeric_dtype(df[col])
            and not pd.api.types.is_bool_dtype(df[col])
        ):
            style = "text-align: right; white-space: nowrap"
        if style:
            rules.append(
                f'.framing-table-wrap[id="{table_id}"] table.framing-table'
                f" td:nth-child({k + offset}) {{ {style} }}"
            )
    return f"<style>{' '.join(rules)}</style>" if rules else ""


def show_table(
    df: pd.DataFrame,
    name: str,
    *,
    outdir: str | Path | None = None,
    caption: str | None = None,
    max_rows: int = 25,
    max_chars: int = 240,
    columns: Sequence[str] | None = None,
    index: bool = False,
) -> None:
    """Display ``df`` (its first ``max_rows`` rows, only ``columns`` when given, text cells cut
    to ``max_chars`` characters with "…") and, when ``outdir`` is set, save all of it, every
    column and uncut, as ``outdir/tables/NAME.csv``.

    Cells are HTML-escaped (pandas ``to_html(escape=True)``), so corpus text such as titles and
    keyword-in-context lines shows as text and never runs. The CSV has the full table, UTF-8,
    ``\\n`` line ends, floats with 10 significant digits, ``index`` included only when asked.
    """
    _check_name(name, "show_table")
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"show_table({name!r}): expected a DataFrame, got {type(df).__name__}")
    note = []
    if outdir is not None:
        save_table(df, name, outdir=outdir, index=index)
        note.append(f'full table: <a href="tables/{name}.csv">tables/{name}.csv</a>')
    shown = df.head(max_rows).copy()
    if columns is not None:
        missing = [c for c in columns if c not in shown.columns]
        if missing:
            raise ValueError(f"show_table({name!r}): no column(s) {missing} to show")
        shown = shown[list(columns)]
    for col in shown.columns:
        if shown[col].dtype == object or pd.api.types.is_string_dtype(shown[col]):
            text = shown[col].astype(object)
            shown[col] = text.where(text.notna(), "—").map(lambda v: _shorten(v, max_chars))
    if len(df) > max_rows:
        note.insert(0, f"first {max_rows} of {len(df):,} rows")
    else:
        note.insert(0, f"{len(df):,} row{'s' if len(df) != 1 else ''}")
    table = shown.to_html(
        escape=True,
        index=index,
        na_rep="—",
        float_format=_format_float,
        border=0,
        classes="framing-table",
    )
    head = f"<p class='framing-caption'>{html.escape(caption)}</p>" if caption else ""
    markup = (
        f"{_column_css(f'table-{name}', shown, index)}"
        f'<div class="framing-table-wrap" id="table-{name}">{head}{table}'
        f"<p class='framing-note'>{'; '.join(note)}</p></div>"
    )
    display_html(markup, shown.to_string(index=index, max_cols=12))


def show_document(path: str | Path, *, title: str | None = None, open_: bool = False) -> None:
    """Display a Markdown file of the project (e.g. ``docs/voice.md``) inside a collapsible box.

    For project documentation only, never for corpus text (the Markdown is rendered as written).
    A missing file is shown as a visible note, not skipped.
    """
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    path = Path(path)
    label = html.escape(title or path.name)
    if not path.is_file():
        markup = f"<p class='framing-note'>{label}: {html.escape(str(path))} is not there yet.</p>"
        display_html(markup, f"{path} not found")
        return
    text = path.read_text(encoding="utf-8")
    body = markdown2html_mistune(text)
    markup = (
        f"<details class='framing-doc'{' open' if open_ else ''}><summary>{label}"
        f" <span class='framing-note'>({html.escape(path.name)})</span></summary>{body}</details>"
    )
    display_html(markup, text)
