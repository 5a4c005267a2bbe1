"""The report's pages: which notebook renders which page, in what order."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "REPORT_PAGES",
    "ReportError",
    "ReportPage",
]


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
