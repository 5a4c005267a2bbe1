"""Executed notebooks to self-contained HTML pages (no scripts, no remote resources), the index
page, and PDFs through Debian's Chromium.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from ..outputs import atomic_path, write_text
from .pages import REPORT_PAGES, ReportError, ReportPage
from .provenance import provenance_rows

__all__ = [
    "CHROMIUM_PATH",
    "export_html",
    "render_pdf",
    "write_index",
]


CHROMIUM_PATH = Path("/usr/bin/chromium")


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
.framing-info { font-size: 14px; color: #333; max-width: 900px; }
.framing-warning { font-size: 14px; color: #6b3400; background: #fff4e5; max-width: 900px;
  border-left: 4px solid #e69f00; padding: 6px 10px; }
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
    items = [_page_item(outdir, page, failures, built) for page in pages]
    figures = sorted({Path(n).stem for n in _file_links(outdir / "figures", "*.png")})
    tables = _file_links(outdir / "tables", "*.csv")
    markup = _index_html(title, items=items, figures=figures, tables=tables, record=record,
                         fit=_fit_line(outdir / "tables" / "lexicon_fit.csv"))
    path = outdir / "index.html"
    write_text(path, markup, kind="report index")
    return path


def _fit_line(path: Path) -> str:
    """The lexicon's fit to the corpus in one escaped paragraph (from the loaded-terms page's
    ``lexicon_fit`` table), so the report opens with it; "" when that table is absent."""
    if not path.is_file():
        return ""
    try:
        row = pd.read_csv(path).iloc[0]
        text = (
            f"Lexicon {row['lexicon']}: {float(row['hits_per_1k']):.2f} hits per 1,000 tokens; "
            f"{float(row['share_docs_with_hit']):.0%} of the {int(row['documents']):,} documents "
            f"have a hit; {int(row['terms_matched'])} of its {int(row['terms'])} terms occur. "
            f"Fit: {row['verdict']}."
        )
    except (ValueError, KeyError, IndexError, pd.errors.ParserError):
        return ""
    warn = row["verdict"] != "good"
    style = ' style="background:#fff4e5;border-left:4px solid #e69f00;padding:6px 10px"'
    extra = " Read the loaded-terms page's examples before any comparison." if warn else ""
    return f"<h2>Lexicon fit</h2><p{style if warn else ''}>{html.escape(text + extra)}</p>"


def _page_item(
    outdir: Path, page: ReportPage, failures: Mapping[str, str], built: set[str]
) -> str:
    """The index's ``<li>`` for one page: its links (HTML, PDF when present, notebook) and
    description, marked when it is from an earlier run, or why it was not built."""
    esc = html.escape
    if page.notebook in failures or not (outdir / page.html).is_file():
        reason = failures.get(page.notebook, "not part of this run")
        return (
            f"<li><b>{esc(page.title)}</b> — <span class='failed'>not built:"
            f" {esc(reason)}</span></li>"
        )
    pdf = Path(page.html).with_suffix(".pdf").name
    pdf_link = f' (<a href="{esc(pdf)}">PDF</a>)' if (outdir / pdf).is_file() else ""
    nb_link = f' (<a href="notebooks/{esc(page.notebook)}.ipynb">notebook</a>)'
    earlier = (
        "" if page.notebook in built else " <span class='failed'>(from an earlier run)</span>"
    )
    return (
        f'<li><a href="{esc(page.html)}"><b>{esc(page.title)}</b></a>{pdf_link}{nb_link}'
        f"{earlier}<br><span class='desc'>{esc(page.description)}</span></li>"
    )


def _index_html(
    title: str,
    *,
    items: Sequence[str],
    figures: Sequence[str],
    tables: Sequence[str],
    record: Mapping[str, object],
    fit: str = "",
) -> str:
    """The index page: ``items`` (one ``<li>`` per report page, already escaped), links to the
    ``figures`` (stems with a PNG and an SVG) and ``tables`` (CSV file names), and the
    provenance summary of ``record``."""
    esc = html.escape
    fig_items = "".join(
        f'<li>{esc(n)}: <a href="figures/{esc(n)}.png">PNG</a>, <a href="figures/{esc(n)}.svg">SVG</a></li>'
        for n in figures
    )
    table_items = "".join(f'<li><a href="tables/{esc(n)}">{esc(n)}</a></li>' for n in tables)
    prov = "".join(
        f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in provenance_rows(record)
    )
    return f"""<!DOCTYPE html>
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
{fit}
<h2>Reports</h2>
<ul>{"".join(items)}</ul>
<h2>Figures ({len(figures)})</h2>
<ul class="columns">{fig_items}</ul>
<h2>Tables ({len(tables)})</h2>
<ul class="columns">{table_items}</ul>
<h2>Provenance</h2>
<table>{prov}</table>
<p class="desc">Full record: <a href="provenance.json">provenance.json</a>.</p>
</body>
</html>
"""


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
                    with atomic_path(target, kind="report PDF") as tmp:
                        page.pdf(
                            path=str(tmp),
                            format="A4",
                            print_background=True,
                            margin={"top": "12mm", "bottom": "12mm", "left": "10mm",
                                    "right": "10mm"},
                        )
                    written.append(target)
            finally:
                browser.close()
    except PlaywrightError as exc:
        raise ReportError(f"PDF rendering with {chromium} failed: {exc}") from exc
    return written
