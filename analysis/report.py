"""Reproducible reports: run the notebooks headless, export them to offline HTML, index them.

``python -m analysis report -o DIR`` (and :func:`build_report`) executes every notebook of
``notebooks/`` in one Python process with papermill (a real Jupyter kernel per notebook), with
the same parameters injected into each, and writes::

    DIR/index.html                 links to every page, figure and table; provenance summary
    DIR/corpus.html                01_corpus: corpus overview and ingest audit
    DIR/loaded_terms.html          02_loaded_terms: top terms, voice, keyword in context
    DIR/outlet_comparison.html     03_outlet_comparison: rates, heat map, keyness, naming, ...
    DIR/methods.html               04_methods: what every number means, and the limits
    DIR/figures/NAME.png, .svg     every figure shown in the pages
    DIR/tables/NAME.csv            every table shown in the pages, in full
    DIR/notebooks/NN_name.ipynb    the executed notebooks (open them in JupyterLab)
    DIR/provenance.json            versions, commit, input hashes, parameters, time of run
    DIR/*.pdf                      with ``--pdf``, when Debian's chromium is installed

The pages are self-contained: figures are embedded as PNG, styles are inline, nothing is fetched
from the network and the pages carry no JavaScript at all. Code is hidden in a collapsed
"code" box above each output.

Notebooks stay thin by calling :func:`show_figure`, :func:`show_table` and
:func:`show_provenance`: they display the figure or table in the notebook and, when the notebook's
``output_dir`` parameter is set, also save it under ``figures/`` or ``tables/``.

Reproducibility: figures are saved with fixed metadata and SVG hash salt
(:func:`analysis.plots.save_figure`); tables are written with a fixed float format and line
ending, in the row order the analysis gives (each stage sorts its own output); every random step
takes the ``seed`` parameter. Only the time of run (in the provenance block and
``provenance.json``) changes between two runs.

Corpus text is untrusted: every string that reaches a page goes through ``html.escape`` or
pandas ``to_html(escape=True)``; nothing from the corpus reaches a shell.
"""

from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import html
import json
import logging
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import config
from .lexicon import file_sha256, sidecar_path

__all__ = [
    "CHROMIUM_PATH",
    "REPORT_PAGES",
    "ReportError",
    "ReportPage",
    "ReportResult",
    "build_report",
    "corpus_sha256",
    "corpus_summary",
    "default_parameters",
    "export_html",
    "git_commit",
    "ingest_audit",
    "provenance",
    "render_pdf",
    "save_table",
    "show_document",
    "show_figure",
    "show_provenance",
    "show_table",
    "write_index",
]

log = logging.getLogger(__name__)

CHROMIUM_PATH = Path("/usr/bin/chromium")
_NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
# Key libraries whose versions go into the provenance block (distribution names).
_KEY_LIBRARIES = (
    "pandas",
    "numpy",
    "scipy",
    "scikit-learn",
    "matplotlib",
    "nltk",
    "vaderSentiment",
    "pyahocorasick",
    "datasketch",
    "trafilatura",
    "papermill",
    "nbconvert",
)


@dataclass(frozen=True)
class ReportPage:
    """One notebook and the page it renders to."""

    notebook: str  # file stem in config.NOTEBOOKS_DIR
    html: str  # file name in the output folder
    title: str
    description: str


REPORT_PAGES: tuple[ReportPage, ...] = (
    ReportPage(
        "01_corpus",
        "corpus.html",
        "Corpus and ingest audit",
        "Outlets, articles, tokens and dates; what was loaded, rejected, cleaned and "
        "deduplicated, with reasons.",
    ),
    ReportPage(
        "02_loaded_terms",
        "loaded_terms.html",
        "Loaded terms",
        "The most frequent loaded terms, by category and by voice (the outlet's own words, "
        "quotes, reported speech), with keyword-in-context lines.",
    ),
    ReportPage(
        "03_outlet_comparison",
        "outlet_comparison.html",
        "Outlet comparison",
        "Rates per 1,000 tokens with bootstrap intervals by voice, category heat map, "
        "distinctive words, naming choices, sources and tone, outlet map.",
    ),
    ReportPage(
        "04_methods",
        "methods.html",
        "Methods and limits",
        "What every number means, how voice is decided, and what the analysis cannot tell.",
    ),
)


class ReportError(RuntimeError):
    """A PDF could not be made (:func:`render_pdf`); the message says why. :func:`build_report`
    keeps it as :attr:`ReportResult.pdf_note` and the HTML pages stand."""


# ----------------------------------------------------------------------------------------------
# showing and saving from notebooks


def _check_name(name: str, what: str) -> str:
    if not isinstance(name, str) or not _NAME_PATTERN.match(name):
        raise ValueError(
            f"{what}: name {name!r} must be letters, digits, '_', '-' or '.', starting with a "
            "letter or digit (it becomes a file name)"
        )
    return name


def _display_html(markup: str, plain: str, extra: Mapping[str, str] | None = None) -> None:
    from IPython.display import display

    bundle = {"text/html": markup, "text/plain": plain, **(extra or {})}
    display(bundle, raw=True)


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
    from .plots import caption_for, figure_png, save_figure

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
    _display_html(markup, caption or name, {"image/png": data})


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
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=index, lineterminator="\n", float_format="%.10g", encoding="utf-8")
    return path


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
    _display_html(markup, shown.to_string(index=index, max_cols=12))


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
        _display_html(markup, f"{path} not found")
        return
    text = path.read_text(encoding="utf-8")
    body = markdown2html_mistune(text)
    markup = (
        f"<details class='framing-doc'{' open' if open_ else ''}><summary>{label}"
        f" <span class='framing-note'>({html.escape(path.name)})</span></summary>{body}</details>"
    )
    _display_html(markup, text)


# ----------------------------------------------------------------------------------------------
# provenance


def _input_files(paths: Iterable[str | Path]) -> list[tuple[str, Path]]:
    """The files ingest reads under ``paths`` (:func:`analysis.ingest.input_files`: its file
    discovery, default exclude patterns and source names), as (name, path) sorted by name.
    A broken link has no bytes to hash and is left out (ingest rejects it as unreadable)."""
    from .ingest import input_files

    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such file or folder (corpus)")
    if not paths:
        return []
    return sorted((name, f) for name, f in input_files(paths) if f.is_file())


def corpus_sha256(paths: str | Path | Iterable[str | Path]) -> tuple[str, int]:
    """Return ``(sha256, number of files)`` identifying the corpus inputs.

    The hash is over the input files' bytes, not over the ingested table (so it names the data
    exactly, whatever version of the cleaning code ran): for every file ingest would read, in
    sorted order of its name as the ingest report gives it (relative to the folder that holds
    every input: ``demo/wire/a.jsonl`` for the input ``data/demo``), the line
    ``NAME<TAB>SHA256-OF-BYTES<LF>``; the sha256 of all those lines is the corpus hash. Renaming
    or editing any input file changes it; the order inputs are given in does not.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    digest = hashlib.sha256()
    files = _input_files(paths)
    for rel, path in files:
        digest.update(f"{rel}\t{file_sha256(path)}\n".encode())
    return digest.hexdigest(), len(files)


def git_commit(repo: str | Path | None = None) -> str:
    """Return the repository's commit (``abc123…``, ``+dirty`` when tracked files changed), or
    a short explanation when it cannot be known (no git, not a checkout). Never raises."""
    repo = Path(repo or config.REPO_ROOT)
    git = shutil.which("git")
    if git is None:
        return "unknown (git not installed)"
    try:
        head = subprocess.run(
            [git, "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            [git, "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return head + ("+dirty" if dirty else "")


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, Path)):
        return [str(value)]
    return [str(v) for v in value]


def _lexicon_record(path: str, role: str) -> dict:
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such file ({role})")
    record = {"role": role, "path": str(p), "sha256": file_sha256(p)}
    sidecar = sidecar_path(p)
    if sidecar.is_file():
        try:
            side = json.loads(sidecar.read_text(encoding="utf-8"))
            record["version"] = str(side.get("version", ""))
            record["source"] = str(side.get("source", ""))
        except (OSError, ValueError) as exc:
            record["version"] = f"unreadable sidecar: {exc}"
    return record


def default_parameters(**overrides) -> dict:
    """Return the report parameters with defaults from :mod:`analysis.config` (the demo corpus,
    the default lexicon, naming and actors files, the default seed), updated by ``overrides``.

    These are the names of the notebooks' ``parameters`` cell: ``corpus_paths``,
    ``lexicon_path``, ``naming_path``, ``actors_paths``, ``seed``, ``by``, ``n_boot``, ``title``,
    ``output_dir``.
    """
    params = {
        "corpus_paths": _as_list(config.DEMO_CORPUS),
        "lexicon_path": str(config.DEFAULT_LEXICON),
        "naming_path": str(config.DEFAULT_NAMING),
        "actors_paths": [str(config.DEFAULT_ACTORS), str(config.DEMO_ACTORS)],
        "seed": config.DEFAULT_SEED,
        "by": "outlet",
        "n_boot": 1000,
        "title": "Framing analysis of the demo corpus",
        "output_dir": None,
    }
    unknown = sorted(set(overrides) - set(params))
    if unknown:
        raise ValueError(f"unknown report parameter(s) {unknown}; known: {sorted(params)}")
    params.update(overrides)
    return params


def provenance(parameters: Mapping[str, object], *, run_at: str | None = None) -> dict:
    """Return the provenance record of a run with these ``parameters`` (see
    :func:`default_parameters` for the names).

    Keys: ``package`` (name and version), ``commit`` (see :func:`git_commit`), ``python``,
    ``platform``, ``libraries`` (versions of the key libraries), ``corpus`` (input paths, number
    of files, sha256 as defined in :func:`corpus_sha256`), ``lexicons`` (path, sha256 of the file
    bytes, and version/source from its provenance sidecar, for the lexicon, naming and actors
    files), ``parameters``, ``seed``, ``run_at`` (UTC, ISO 8601). Only ``run_at`` changes between
    two runs on the same inputs.
    """
    from . import __version__

    corpus_paths = _as_list(parameters.get("corpus_paths"))
    corpus_hash, n_files = corpus_sha256(corpus_paths) if corpus_paths else ("", 0)
    lexicons = {}
    for key in ("lexicon_path", "naming_path", "actors_paths"):
        role = key.removesuffix("_path").removesuffix("_paths")
        for path in _as_list(parameters.get(key)):
            lexicons[path] = _lexicon_record(path, role)
    return {
        "package": {"name": "framing-analysis", "version": __version__},
        "commit": git_commit(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "libraries": {name: _version(name) for name in _KEY_LIBRARIES},
        "corpus": {"paths": corpus_paths, "files": n_files, "sha256": corpus_hash},
        "lexicons": list(lexicons.values()),
        "parameters": {k: v for k, v in parameters.items() if k != "output_dir"},
        "seed": parameters.get("seed"),
        "run_at": run_at or _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def _provenance_rows(record: Mapping[str, object]) -> list[tuple[str, str]]:
    rows = [
        ("package", f"{record['package']['name']} {record['package']['version']}"),
        ("commit", str(record["commit"])),
        ("Python", f"{record['python']} on {record['platform']}"),
        ("libraries", ", ".join(f"{k} {v}" for k, v in record["libraries"].items())),
        (
            "corpus",
            f"{', '.join(record['corpus']['paths'])} ({record['corpus']['files']} files);"
            f" sha256 {record['corpus']['sha256']}",
        ),
    ]
    for lex in record["lexicons"]:
        version = f" version {lex['version']}" if lex.get("version") else ""
        rows.append((lex["role"], f"{lex['path']}{version}; sha256 {lex['sha256']}"))
    params = ", ".join(
        f"{k}={v!r}" for k, v in record["parameters"].items() if not k.endswith(("_path", "_paths"))
    )
    rows += [
        ("parameters", params),
        ("seed", str(record["seed"])),
        ("run at (UTC)", record["run_at"]),
    ]
    return rows


def show_provenance(parameters: Mapping[str, object]) -> None:
    """Display the provenance block for a notebook run with ``parameters``.

    Shown as a table: package version and commit, Python and library versions, corpus and
    lexicon sha256, parameters, seed, time of run (see :func:`provenance`).
    """
    record = provenance(parameters)
    body = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in _provenance_rows(record)
    )
    markup = (
        '<section class="framing-provenance"><h3>Provenance</h3>'
        f'<table class="framing-provenance-table">{body}</table>'
        "<p class='framing-note'>The corpus sha256 is taken over the input files' bytes (each"
        " file's name and sha256, in sorted name order), not over the ingested table. Everything"
        " but the time of run is the same when the report is rebuilt from the same inputs.</p>"
        "</section>"
    )
    _display_html(markup, json.dumps(record, indent=2, default=str))


# ----------------------------------------------------------------------------------------------
# corpus and ingest summaries (tables for 01_corpus)


def corpus_summary(corpus: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Return one row per ``by`` value (outlet by default) and a final ``ALL`` row.

    Columns: ``articles`` (rows), ``canonical`` (articles that count in comparisons: own pieces
    and the canonical copy of each near-duplicate cluster), ``copies`` (near-duplicate copies
    counted once), ``reposted`` (articles whose ``origin_outlet`` differs from ``outlet``),
    ``cleaned`` (articles with boilerplate cut), ``tokens`` (sum of ``n_tokens``),
    ``median_tokens``, ``first_published`` / ``last_published`` (UTC dates, ISO format, "" when no
    article of the row is dated), ``undated``. Sorted by ``by``, then ``ALL``.
    """
    needed = [
        by,
        "outlet",
        "origin_outlet",
        "n_tokens",
        "published",
        "is_canonical",
        "removed_text",
    ]
    missing = [c for c in dict.fromkeys(needed) if c not in corpus.columns]
    if missing:
        raise ValueError(f"corpus_summary: corpus is missing column(s) {', '.join(missing)}")
    work = pd.DataFrame(
        {
            "key": corpus[by].astype("string").fillna("(missing)"),
            "canonical": corpus["is_canonical"].astype(bool),
            "reposted": (
                corpus["origin_outlet"].astype("string") != corpus["outlet"].astype("string")
            ).fillna(False),
            "cleaned": corpus["removed_text"].fillna("").astype(str).str.len() > 0,
            "tokens": corpus["n_tokens"].astype("int64"),
            "published": pd.to_datetime(corpus["published"], utc=True),
        }
    )

    def _row(part: pd.DataFrame) -> dict:
        dates = part["published"].dropna()
        return {
            "articles": len(part),
            "canonical": int(part["canonical"].sum()),
            "copies": int((~part["canonical"]).sum()),
            "reposted": int(part["reposted"].sum()),
            "cleaned": int(part["cleaned"].sum()),
            "tokens": int(part["tokens"].sum()),
            "median_tokens": float(part["tokens"].median()) if len(part) else 0.0,
            "first_published": dates.min().strftime("%Y-%m-%d") if len(dates) else "",
            "last_published": dates.max().strftime("%Y-%m-%d") if len(dates) else "",
            "undated": int(part["published"].isna().sum()),
        }

    from .plots import _order  # the charts' order: alphabetical, ignoring case

    parts = work.groupby("key")
    rows = [{by: key, **_row(parts.get_group(key))} for key in _order(work["key"])]
    rows.append({by: "ALL", **_row(work)})
    return pd.DataFrame(rows)


def ingest_audit(report: pd.DataFrame) -> pd.DataFrame:
    """Return the ingest report summarised: one row per (status, reason), with the number of
    records and up to three example sources.

    ``report`` is :attr:`analysis.ingest.IngestResult.report` (source, doc_id, status, reason).
    A reason that names its own file ("…: line 3") is kept as it is, so nothing is merged that
    says something different. Sorted by status (rejected first, then skipped, loaded) and count.
    """
    needed = ("source", "status", "reason")
    missing = [c for c in needed if c not in report.columns]
    if missing:
        raise ValueError(f"ingest_audit: report is missing column(s) {', '.join(missing)}")
    work = report.assign(reason=report["reason"].fillna("").astype(str))
    grouped = (
        work.groupby(["status", "reason"], sort=False)["source"]
        .agg(records="size", examples=lambda s: ", ".join(map(str, list(s)[:3])))
        .reset_index()
    )
    rank = {"rejected": 0, "skipped": 1, "loaded": 2}
    grouped["_rank"] = grouped["status"].map(lambda s: rank.get(str(s), 3))
    grouped = grouped.sort_values(["_rank", "records", "reason"], ascending=[True, False, True])
    return grouped.drop(columns="_rank").reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# HTML export

_TEMPLATE_NAME = "framing_report.html.j2"
_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{#- No script is fetched or inlined: require.js, MathJax, mermaid and widget loaders are left out,
    so the page opens offline and runs nothing. -#}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block extra_css -%}
<style type="text/css">
__CSS__
</style>
{%- endblock extra_css -%}
{%- block body_header -%}
{{ super() }}
{{ resources.framing_nav }}
{%- endblock body_header -%}
{%- block input_group -%}
<details class="framing-code"><summary>code</summary>
{{ super() }}
</details>
{%- endblock input_group -%}
"""

_CSS = """
body.jp-Notebook { max-width: 1180px; margin: 0 auto; padding: 0 24px 48px; }
.framing-nav { font: 14px/1.5 var(--jp-ui-font-family, sans-serif); padding: 12px 0;
  border-bottom: 1px solid #ddd; margin-bottom: 16px; }
.framing-nav a { margin-right: 14px; }
.framing-nav .framing-title { font-weight: bold; margin-right: 18px; }
.framing-nav .current { font-weight: bold; color: #333; text-decoration: none; }
details.framing-code > summary { cursor: pointer; color: #777; font-size: 12px;
  font-family: var(--jp-code-font-family, monospace); margin: 2px 0; }
details.framing-code[open] > summary { color: #333; }
.framing-figure { margin: 8px 0 18px; }
.framing-figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
.framing-figure figcaption, .framing-caption { font-size: 13px; color: #333; max-width: 900px;
  margin-top: 4px; }
.framing-files, .framing-note { font-size: 12px; color: #666; }
table.framing-table, table.framing-provenance-table { border-collapse: collapse; font-size: 12px;
  margin: 4px 0; }
.jp-RenderedHTMLCommon table.framing-table th, .jp-RenderedHTMLCommon table.framing-table td,
.jp-RenderedHTMLCommon table.framing-provenance-table th,
.jp-RenderedHTMLCommon table.framing-provenance-table td { border-bottom: 1px solid #e4e4e4;
  padding: 3px 8px; text-align: left; vertical-align: top; max-width: 520px; }
table.framing-table thead th { background: #f4f6f8; }
table.framing-provenance-table th { white-space: nowrap; color: #444; }
table.framing-provenance-table td { font-family: var(--jp-code-font-family, monospace);
  font-size: 11px; word-break: break-all; }
.framing-provenance { margin-top: 12px; padding: 8px 12px; background: #fafafa;
  border: 1px solid #eee; }
details.framing-doc { border: 1px solid #e4e4e4; padding: 6px 12px; margin: 8px 0; }
details.framing-doc > summary { cursor: pointer; font-weight: bold; }
@media print { details.framing-code { display: none; } body.jp-Notebook { max-width: none; } }
"""


def _nav_html(title: str, current: str | None, pages: Sequence[ReportPage]) -> str:
    links = [
        f'<span class="framing-title">{html.escape(title)}</span>',
        '<a href="index.html">index</a>',
    ]
    for page in pages:
        cls = ' class="current"' if page.html == current else ""
        links.append(f'<a href="{html.escape(page.html)}"{cls}>{html.escape(page.title)}</a>')
    return f'<nav class="framing-nav">{"".join(links)}</nav>'


def export_html(
    nb,
    *,
    title: str,
    page: ReportPage | None = None,
    pages: Sequence[ReportPage] = REPORT_PAGES,
) -> str:
    """Return an executed notebook as one self-contained HTML page.

    nbconvert's JupyterLab template with: no script of any kind (no MathJax, require.js, mermaid
    or widget loaders, which would be fetched from a CDN), inline CSS, images embedded, prompts
    hidden, each code cell folded into a closed ``<details>`` box ("code") above its output, and a
    navigation bar linking the index and the other pages.
    """
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        template_file=_TEMPLATE_NAME,
        extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE.replace("__CSS__", _CSS)})],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    page_title = f"{title} — {page.title}" if page else title
    nb.metadata["title"] = page_title
    resources = {
        "framing_nav": _nav_html(title, page.html if page else None, pages),
        "metadata": {"name": page_title},
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


# ----------------------------------------------------------------------------------------------
# index page


def _file_links(folder: Path, pattern: str) -> list[str]:
    return sorted(p.name for p in folder.glob(pattern)) if folder.is_dir() else []


def write_index(
    outdir: str | Path,
    *,
    title: str,
    pages: Sequence[ReportPage],
    record: Mapping[str, object],
    failures: Mapping[str, str] | None = None,
    built: Iterable[str] | None = None,
) -> Path:
    """Write ``outdir/index.html``: a link to every page (and its PDF when present), every figure
    (PNG and SVG) and table (CSV) in ``outdir``, and the provenance summary; return its path.

    ``built``: the notebooks built by this run (default: all ``pages``); a page whose HTML is in
    ``outdir`` from an earlier run is linked and marked so, a page that is not there is listed as
    not built. Self-contained like the pages: inline CSS, no script, every string escaped.
    """
    outdir = Path(outdir)
    failures = dict(failures or {})
    built = {p.notebook for p in pages} if built is None else set(built)
    esc = html.escape
    items = []
    for page in pages:
        if page.notebook in failures or not (outdir / page.html).is_file():
            reason = failures.get(page.notebook, "not part of this run")
            items.append(
                f"<li><b>{esc(page.title)}</b> — <span class='failed'>not built:"
                f" {esc(reason)}</span></li>"
            )
            continue
        pdf = Path(page.html).with_suffix(".pdf").name
        pdf_link = f' (<a href="{esc(pdf)}">PDF</a>)' if (outdir / pdf).is_file() else ""
        nb_link = f' (<a href="notebooks/{esc(page.notebook)}.ipynb">notebook</a>)'
        earlier = (
            "" if page.notebook in built else " <span class='failed'>(from an earlier run)</span>"
        )
        items.append(
            f'<li><a href="{esc(page.html)}"><b>{esc(page.title)}</b></a>{pdf_link}{nb_link}'
            f"{earlier}<br><span class='desc'>{esc(page.description)}</span></li>"
        )
    figures = sorted({Path(n).stem for n in _file_links(outdir / "figures", "*.png")})
    fig_items = "".join(
        f'<li>{esc(n)}: <a href="figures/{esc(n)}.png">PNG</a>, <a href="figures/{esc(n)}.svg">SVG</a></li>'
        for n in figures
    )
    table_items = "".join(
        f'<li><a href="tables/{esc(n)}">{esc(n)}</a></li>'
        for n in _file_links(outdir / "tables", "*.csv")
    )
    prov = "".join(
        f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in _provenance_rows(record)
    )
    markup = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{esc(title)}</title>
<style>
body {{ font: 15px/1.5 -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; max-width: 980px;
  margin: 0 auto; padding: 24px; color: #222; }}
h1 {{ font-size: 24px; margin-bottom: 4px; }}
h2 {{ font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }}
li {{ margin: 6px 0; }}
.desc {{ color: #555; font-size: 14px; }}
.failed {{ color: #b00020; }}
.columns {{ columns: 2; font-size: 13px; }}
table {{ border-collapse: collapse; font-size: 12px; }}
th, td {{ border-bottom: 1px solid #e4e4e4; padding: 3px 8px; text-align: left; vertical-align: top; }}
td {{ font-family: "DejaVu Sans Mono", monospace; font-size: 11px; word-break: break-all; }}
</style>
</head>
<body>
<h1>{esc(title)}</h1>
<p class="desc">Reports generated by <code>python -m analysis report</code>. Every page opens
offline; code is folded under "code" boxes. Figures and tables are also saved as files below.</p>
<h2>Reports</h2>
<ul>{"".join(items)}</ul>
<h2>Figures ({len(figures)})</h2>
<ul class="columns">{fig_items}</ul>
<h2>Tables ({len(_file_links(outdir / "tables", "*.csv"))})</h2>
<ul class="columns">{table_items}</ul>
<h2>Provenance</h2>
<table>{prov}</table>
<p class="desc">Full record: <a href="provenance.json">provenance.json</a>.</p>
</body>
</html>
"""
    path = outdir / "index.html"
    path.write_text(markup, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------------------------
# PDF


def render_pdf(
    html_paths: Sequence[str | Path],
    *,
    chromium: str | Path = CHROMIUM_PATH,
) -> list[Path]:
    """Render each HTML page to a PDF beside it with a local Chromium; return the PDFs written.

    Uses Playwright driving the Chromium at ``chromium`` (Debian's ``chromium`` package installs
    it at /usr/bin/chromium); no browser is downloaded. Raises :class:`ReportError` with a clear
    message when Chromium or Playwright is not available.
    """
    chromium = Path(chromium)
    if not chromium.is_file():
        raise ReportError(
            f"PDF not available: no Chromium at {chromium} (on Debian/Ubuntu: "
            "apt-get install chromium); the HTML reports are complete without it"
        )
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise ReportError(
            "PDF not available: the playwright package is not installed "
            "(pip install 'framing-analysis[pdf]')"
        ) from exc
    written = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(chromium),
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-extensions",
                    "--no-first-run",
                ],
            )
            try:
                page = browser.new_page()
                for src in html_paths:
                    src = Path(src).resolve()
                    page.goto(src.as_uri(), wait_until="load")
                    target = src.with_suffix(".pdf")
                    page.pdf(
                        path=str(target),
                        format="A4",
                        print_background=True,
                        margin={"top": "12mm", "bottom": "12mm", "left": "10mm", "right": "10mm"},
                    )
                    written.append(target)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise ReportError(f"PDF rendering with {chromium} failed: {exc}") from exc
    return written


# ----------------------------------------------------------------------------------------------
# the whole report


@dataclass
class ReportResult:
    """What :func:`build_report` returns: the folder, the pages written (notebook stem → HTML
    path), the PDFs, the notebooks that failed (stem → message), the provenance record, and a
    note on PDF when it was asked for but not made."""

    outdir: Path
    pages: dict[str, Path] = field(default_factory=dict)
    pdfs: list[Path] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    pdf_note: str = ""

    @property
    def index(self) -> Path:
        return self.outdir / "index.html"

    @property
    def ok(self) -> bool:
        return not self.failures


def _kernel_manager_class(runtime_dir: str):
    """Kernel manager for the notebooks: on POSIX, IPC sockets in ``runtime_dir`` (a private
    temporary folder) instead of TCP ports on localhost, so no network port is opened and
    ipykernel does not warn about unencrypted TCP; elsewhere jupyter_client's default."""
    from jupyter_client.manager import AsyncKernelManager

    if os.name != "posix":
        return AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            # A busy machine can take more than the default 5 s to stop a kernel; it is then
            # interrupted and prints a KeyboardInterrupt message after the report is done.
            kwargs.setdefault("shutdown_wait_time", 20.0)
            kwargs.setdefault("ip", os.path.join(runtime_dir, f"kernel-{uuid.uuid4().hex[:12]}"))
            super().__init__(**kwargs)

    return IPCKernelManager


def _execution_error(exc: Exception) -> str:
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    cell = getattr(exc, "exec_count", None)
    where = f" (cell [{cell}])" if cell is not None else ""
    return f"{ename}: {evalue}{where}".strip()


def _default_actors(demo: bool) -> list[str]:
    """The default actors files that exist (a missing default is logged, not an error: the
    comparison then maps fewer speakers, and the provenance block lists the files used)."""
    wanted = [config.DEFAULT_ACTORS] + ([config.DEMO_ACTORS] if demo else [])
    for path in wanted:
        if not path.is_file():
            log.warning("report: default actors file %s not found; continuing without it", path)
    return [str(p) for p in wanted if p.is_file()]


def build_report(
    outdir: str | Path | None = None,
    *,
    corpus: str | Path | Sequence[str | Path] | None = None,
    lexicon: str | Path | None = None,
    naming: str | Path | None = None,
    actors: str | Path | Sequence[str | Path] | None = None,
    title: str | None = None,
    seed: int | None = None,
    by: str = "outlet",
    n_boot: int = 1000,
    pdf: bool = False,
    notebooks: Sequence[str] | None = None,
    progress: bool = True,
    kernel_name: str = "python3",
    timeout: int = 1800,
    jobs: int | None = None,
) -> ReportResult:
    """Execute the report notebooks with these parameters and write the pages; return a
    :class:`ReportResult`.

    Defaults (from :mod:`analysis.config`): ``outdir`` REPORTS_DIR; ``corpus`` the demo corpus;
    ``lexicon`` DEFAULT_LEXICON; ``naming`` DEFAULT_NAMING; ``actors`` DEFAULT_ACTORS, plus
    DEMO_ACTORS when the corpus is the demo corpus; ``seed`` DEFAULT_SEED. ``notebooks`` selects
    pages by notebook stem (default: all of :data:`REPORT_PAGES`).

    ``jobs`` notebooks run at the same time, each in its own kernel (default: the number of
    CPUs, at most 4). Every notebook runs even when another fails; a failure is recorded in the result and on the
    index page, and the failed notebook is kept under ``outdir/notebooks/`` for inspection. With
    ``pdf``, pages are rendered to PDF when a Chromium is installed; otherwise ``pdf_note`` says
    why not and the HTML reports stand.
    """
    import papermill

    # papermill logs every notebook's paths at INFO; the progress bar says the same, once.
    logging.getLogger("papermill").setLevel(logging.WARNING)

    outdir = Path(outdir or config.REPORTS_DIR).resolve()
    demo = corpus is None
    overrides = {
        "corpus_paths": [str(Path(p).resolve()) for p in _as_list(corpus)]
        if corpus is not None
        else _as_list(config.DEMO_CORPUS),
        "lexicon_path": str(Path(lexicon).resolve()) if lexicon else str(config.DEFAULT_LEXICON),
        "naming_path": str(Path(naming).resolve()) if naming else str(config.DEFAULT_NAMING),
        "actors_paths": [str(Path(p).resolve()) for p in _as_list(actors)]
        if actors is not None
        else _default_actors(demo),
        "seed": config.DEFAULT_SEED if seed is None else int(seed),
        "by": by,
        "n_boot": int(n_boot),
        "title": title or ("Framing analysis of the demo corpus" if demo else "Framing analysis"),
        "output_dir": str(outdir),
    }
    params = default_parameters(**overrides)
    # Hashing every input checks it before any kernel starts: a missing file is one clear line
    # naming it and its role, not a traceback from inside a notebook.
    record = provenance(params)

    selected = list(REPORT_PAGES)
    if notebooks is not None:
        known = {p.notebook: p for p in REPORT_PAGES}
        unknown = [n for n in notebooks if n not in known]
        if unknown:
            raise ValueError(f"unknown notebook(s) {unknown}; known: {sorted(known)}")
        selected = [known[n] for n in notebooks]

    for sub in ("figures", "tables", "notebooks"):
        (outdir / sub).mkdir(parents=True, exist_ok=True)
    (outdir / "provenance.json").write_text(
        json.dumps(record, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8"
    )
    result = ReportResult(outdir=outdir, provenance=record)

    from tqdm.auto import tqdm

    runtime_dir = tempfile.TemporaryDirectory(prefix="framing-kernels-")
    kernel_manager_class = _kernel_manager_class(runtime_dir.name)

    def execute(page: ReportPage):
        """Run one notebook; return the executed notebook, or the failure message."""
        source = config.NOTEBOOKS_DIR / f"{page.notebook}.ipynb"
        if not source.is_file():
            return None, f"notebook not found: {source}"
        try:
            nb = papermill.execute_notebook(
                str(source),
                str(outdir / "notebooks" / f"{page.notebook}.ipynb"),
                parameters=params,
                kernel_name=kernel_name,
                progress_bar=False,
                request_save_on_cell_execute=False,
                cwd=str(config.NOTEBOOKS_DIR),
                execution_timeout=timeout,
                kernel_manager_class=kernel_manager_class,
            )
        except Exception as exc:  # any kernel-side error: record it, build the other pages
            return None, _execution_error(exc)
        return nb, None

    # Notebooks are independent (each saves under its own names), so they may run side by side,
    # each in its own kernel; the outputs do not depend on the order.
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(selected), 4))
    bar = tqdm(
        total=len(selected), desc="report", unit="page", disable=not progress, file=sys.stderr
    )
    done: dict[str, tuple] = {}
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(execute, page): page for page in selected}
            for future in as_completed(futures):
                page = futures[future]
                done[page.notebook] = future.result()
                bar.set_postfix_str(page.notebook)
                bar.update()
    finally:
        bar.close()
        runtime_dir.cleanup()
    for page in selected:  # export in page order, so logs and results read in order
        nb, failure = done[page.notebook]
        if failure is not None:
            result.failures[page.notebook] = failure
            log.error("report: %s failed: %s", page.notebook, failure)
            continue
        target = outdir / page.html
        target.write_text(export_html(nb, title=params["title"], page=page), encoding="utf-8")
        result.pages[page.notebook] = target

    if not pdf:  # a PDF left by an earlier run would no longer match its page
        for path in result.pages.values():
            path.with_suffix(".pdf").unlink(missing_ok=True)
    if pdf and result.pages:
        try:
            result.pdfs = render_pdf(list(result.pages.values()))
        except ReportError as exc:
            result.pdf_note = str(exc)
            log.warning("%s", exc)
    write_index(
        outdir,
        title=params["title"],
        pages=REPORT_PAGES,
        record=record,
        failures=result.failures,
        built=result.pages,
    )
    return result


# ----------------------------------------------------------------------------------------------
# command line


def register_cli(subparsers) -> None:
    """Add ``report`` to the command line."""
    p = subparsers.add_parser(
        "report",
        help="run the notebooks and write HTML reports (index, corpus, terms, comparison, methods)",
        description="Execute the notebooks headless with these inputs and write self-contained "
        "HTML pages, an index, every figure as PNG and SVG, every table as CSV, and a "
        "provenance record. With no inputs: the demo corpus and the default lexicons.",
    )
    p.add_argument(
        "--corpus",
        nargs="+",
        metavar="INPUT",
        help="corpus files or folders, or a corpus .parquet (default: the demo corpus)",
    )
    p.add_argument("--lexicon", metavar="LEX", help="lexicon file (default: conflict_terms.csv)")
    p.add_argument("--naming", metavar="NAMES", help="naming file (default: naming_karabakh.csv)")
    p.add_argument(
        "--actors",
        nargs="+",
        metavar="ACTORS",
        help="actors files (default: actors_karabakh.csv, plus actors_demo.csv for the demo)",
    )
    p.add_argument("--title", help="title on every page")
    p.add_argument("--seed", type=int, help=f"random seed (default {config.DEFAULT_SEED})")
    p.add_argument("--by", default="outlet", help="corpus column to compare (default outlet)")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument(
        "--only",
        nargs="+",
        metavar="NOTEBOOK",
        choices=[page.notebook for page in REPORT_PAGES],
        help="build only these notebooks' pages",
    )
    p.add_argument(
        "--jobs", type=int, metavar="N", help="notebooks run at once (default: CPUs, at most 4)"
    )
    p.add_argument("--pdf", action="store_true", help="also render PDFs with /usr/bin/chromium")
    p.add_argument(
        "-o",
        "--output",
        default=str(config.REPORTS_DIR),
        metavar="DIR",
        help="output folder (default: reports/)",
    )
    p.set_defaults(func=_cli_report)


def _cli_report(args) -> int:
    # A missing input raises FileNotFoundError (one line from analysis.cli); a PDF that cannot be
    # made is a note, a failed notebook an error line and exit code 1, the other pages stand.
    result = build_report(
        args.output,
        corpus=args.corpus,
        lexicon=args.lexicon,
        naming=args.naming,
        actors=args.actors,
        title=args.title,
        seed=args.seed,
        by=args.by,
        n_boot=args.n_boot,
        pdf=args.pdf,
        notebooks=args.only,
        progress=not args.quiet,
        jobs=args.jobs,
    )
    if not args.quiet:
        for stem, path in result.pages.items():
            print(f"wrote {path}  ({stem})")
    if args.pdf:
        if not result.pdfs:
            print(f"note: {result.pdf_note or 'no PDF written'}", file=sys.stderr)
        elif not args.quiet:
            print(f"wrote {len(result.pdfs)} PDF(s) beside the pages")
    for stem, message in result.failures.items():
        print(
            f"error: notebook {stem} failed: {message} "
            f"(executed notebook: {result.outdir / 'notebooks' / (stem + '.ipynb')})",
            file=sys.stderr,
        )
    if not args.quiet:
        print(f"index: {result.index}")
    return 0 if result.ok else 1
