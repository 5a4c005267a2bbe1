"""End to end: execute every notebook (real kernels, papermill) and check the HTML reports.

Slow (each build starts four kernels). Four builds: the demo corpus through the command line
(what `make report` runs), and the hostile fixture corpus (tests/fixtures/report) twice, to check
escaping and byte-for-byte reproducibility of figures and tables, and once more from a workspace
(the corpus and hits stored on disk), which must give the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from lxml import etree

import analysis
from analysis import config
from analysis.cli import main as cli_main
from tests import FIXTURES
from tests.reporting.test_notebooks import saved_names
from tests.reporting.test_report import live_elements

pytestmark = pytest.mark.slow

FIXTURE = FIXTURES / "report"
N_BOOT = 200  # enough for the checks here; the reports themselves default to 1000


def _bias_model(folder: Path) -> Path:
    """A small bias model fitted on invented sentences (tests/models), stored as JSON."""
    from tests.models.test_bias import fitted

    return analysis.save_bias_model(
        fitted(),
        folder / "bias_model.json",
        provenance={"caveat": "Invented <b>caveat</b> for the fixture.",
                    "cv": {"macro_f1": 0.5, "ci_low": 0.4, "ci_high": 0.6, "folds": 5, "n": 12}},
    )


def _build_fixture(outdir: Path, bias_model: Path, **options) -> analysis.ReportResult:
    return analysis.build_report(
        outdir,
        corpus=[FIXTURE / "corpus"],
        actors=[FIXTURE / "actors.csv"],
        bias_model=bias_model,
        title="Fixture <script>alert('title')</script>",
        n_boot=N_BOOT,
        progress=False,
        **options,
    )


def _same_files(first: Path, second: Path) -> None:
    """The figures and tables of two reports: the same names, byte for byte."""
    for sub in ("figures", "tables"):
        names = sorted(p.name for p in (first / sub).iterdir())
        assert names == sorted(p.name for p in (second / sub).iterdir())
        assert names, sub
        for name in names:
            assert (first / sub / name).read_bytes() == (second / sub / name).read_bytes(), name


@pytest.fixture(scope="module")
def bias_model(tmp_path_factory) -> Path:
    return _bias_model(tmp_path_factory.mktemp("bias_model"))


@pytest.fixture(scope="module")
def fixture_report(tmp_path_factory, bias_model) -> analysis.ReportResult:
    return _build_fixture(tmp_path_factory.mktemp("fixture_report"), bias_model)


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory) -> Path:
    outdir = tmp_path_factory.mktemp("demo_report")
    code = cli_main(["-q", "report", "--n-boot", str(N_BOOT), "-o", str(outdir)])
    assert code == 0, f"`python -m analysis report` failed; see {outdir / 'index.html'}"
    return outdir


def _headings(notebook: Path) -> list[str]:
    """The ## section headings of a notebook's Markdown cells."""
    nb = nbformat.read(notebook, as_version=4)
    return [
        line[3:].strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("## ")
    ]


# What a report without a naming file or events leaves out (each with a sentence saying why).
NO_NAMING = {"figures": {"naming"},
             "tables": {"naming", "naming_used", "naming_fit", "naming_fit_terms"}}
NO_EVENTS = {"figures": set(), "tables": {"event_differences"}}
NO_CODED = {"figures": set(), "tables": {"coded_agreement"}}
NO_BIAS = {"figures": {"bias_rates"}, "tables": {"bias", "bias_rates_summary"}}


def _check_pages(outdir: Path, absent: dict[str, set[str]] | None = None) -> None:
    """Every page: its sections, one embedded PNG per figure, the saved files, offline, no JS;
    ``absent``: the figures and tables the parameters leave out."""
    absent = absent or {"figures": set(), "tables": set()}
    for page in analysis.REPORT_PAGES:
        notebook = config.NOTEBOOKS_DIR / f"{page.notebook}.ipynb"
        body = (outdir / page.html).read_text(encoding="utf-8")
        for heading in _headings(notebook):
            assert re.search(rf"<h2[^>]*>{re.escape(heading)}", body), f"{page.html}: {heading}"
        names = {kind: [n for n in found if n not in absent[kind]]
                 for kind, found in saved_names(notebook).items()}
        embedded = re.findall(r'<img[^>]*\ssrc="data:image/png;base64,', body)
        assert len(embedded) == len(names["figures"]), page.html
        for kind in ("figures", "tables"):
            for name in absent[kind]:
                assert not (outdir / kind / f"{name}.{'png' if kind == 'figures' else 'csv'}").exists()
        for name in names["figures"]:
            assert (outdir / "figures" / f"{name}.png").stat().st_size > 1000
            assert (outdir / "figures" / f"{name}.svg").stat().st_size > 1000
        for name in names["tables"]:
            assert (outdir / "tables" / f"{name}.csv").is_file(), name
        assert "<script" not in body.lower(), page.html
        assert not re.search(r"<(link|img|iframe|source)[^>]+(src|href)=[\"']?(https?:)?//", body)
        assert '<details class="framing-code"><summary>code</summary>' in body
        assert "<h3>Provenance</h3>" in body
        assert (outdir / "notebooks" / f"{page.notebook}.ipynb").is_file()
    index = (outdir / "index.html").read_text(encoding="utf-8")
    for page in analysis.REPORT_PAGES:
        assert f'href="{page.html}"' in index
    assert "not built" not in index


def test_demo_report_has_every_page_section_figure_and_table(demo_report):
    # the demo has no hand-coded sample and no bias model (BABE's licence keeps it out)
    _check_pages(demo_report, {k: NO_CODED[k] | NO_BIAS[k] for k in NO_CODED})
    comparison = (demo_report / "outlet_comparison.html").read_text(encoding="utf-8")
    assert "No bias model was given" in comparison
    corpus = (demo_report / "corpus.html").read_text(encoding="utf-8")
    # The first page of issue 2: outlets, articles, tokens, date range, and the ingest report.
    for text in (
        "Outlets, articles, tokens, dates",
        "first_published",
        "Ingest report",
        "rejected",
    ):
        assert text in corpus
    record = analysis.provenance(analysis.default_parameters())
    assert record["corpus"]["sha256"] in corpus


def test_fixture_report_builds_and_records_provenance(fixture_report):
    assert fixture_report.ok, fixture_report.failures
    # the fixture names an actors file but no naming file and no events: those parts are left
    # out, and the comparison page says why
    _check_pages(fixture_report.outdir,
                 {k: NO_NAMING[k] | NO_EVENTS[k] | NO_CODED[k] for k in NO_NAMING})
    comparison = (fixture_report.outdir / "outlet_comparison.html").read_text(encoding="utf-8")
    assert "No naming file was given" in comparison and "No events were given" in comparison
    # the bias model's section: its caveat (escaped) and measured error beside the chart
    assert "Invented &lt;b&gt;caveat&lt;/b&gt; for the fixture." in comparison
    assert "macro-F1 0.500 (95% CI 0.400 to 0.600)" in comparison
    bias = (fixture_report.outdir / "tables" / "bias.csv").read_text(encoding="utf-8")
    assert bias.splitlines()[0].startswith("group,")
    corpus_sha, n_files = analysis.corpus_sha256(FIXTURE / "corpus")
    assert fixture_report.provenance["corpus"] == {
        "paths": [str((FIXTURE / "corpus").resolve())],
        "files": n_files,
        "sha256": corpus_sha,
    }
    page = (fixture_report.outdir / "methods.html").read_text(encoding="utf-8")
    assert corpus_sha in page


def test_corpus_text_cannot_run_in_any_page(fixture_report):
    outdir = fixture_report.outdir
    for path in [outdir / "index.html", *(outdir / p.html for p in analysis.REPORT_PAGES)]:
        body = path.read_text(encoding="utf-8")
        assert live_elements(body.split("<body", 1)[1]) == [], path.name
        assert "<script" not in body.lower() and "onerror=alert" not in body.replace(
            "&lt;img src=x onerror=alert(1)&gt;", ""
        ).replace("onerror=alert(1)&gt;", ""), path.name
    # The payloads are there, as text: an outlet name, a title, a KWIC line, the page title.
    corpus = (outdir / "corpus.html").read_text(encoding="utf-8")
    assert "Evil &lt;img src=x onerror=alert(1)&gt; Net" in corpus
    assert "&lt;img src=x onerror=alert(1)&gt;" in (outdir / "loaded_terms.html").read_text()
    assert "Fixture &lt;script&gt;alert('title')&lt;/script&gt;" in corpus
    # SVG figures carry outlet names only as escaped comments: no element or handler.
    for svg in (outdir / "figures").glob("*.svg"):
        tree = etree.parse(str(svg))
        for el in tree.iter():
            if isinstance(el.tag, str):
                assert etree.QName(el).localname != "script", svg.name
                assert not any(a.lower().startswith("on") for a in el.attrib), svg.name


def test_same_inputs_give_byte_identical_figures_and_tables(fixture_report, bias_model, tmp_path):
    again = _build_fixture(tmp_path / "again", bias_model)
    assert again.ok, again.failures
    _same_files(fixture_report.outdir, again.outdir)
    # Only the time of run differs (and the commit, when someone commits meanwhile).
    a, b = fixture_report.provenance, again.provenance
    assert {k: v for k, v in a.items() if k not in ("run_at", "commit")} == {
        k: v for k, v in b.items() if k not in ("run_at", "commit")
    }


def test_a_workspace_gives_the_same_figures_and_tables(fixture_report, bias_model, tmp_path):
    # the notebooks read the stored corpus, ingest report and hits instead of ingesting and
    # scoring in each kernel: the same bytes (parts of 5 documents: the fixture's 12 make three)
    stored = _build_fixture(tmp_path / "stored", bias_model, workspace=tmp_path / "work",
                            part_size=5)
    assert stored.ok, stored.failures
    assert stored.provenance["workspace"]["built"] == ["corpus", "hits"]
    assert len(analysis.dataset_info(tmp_path / "work" / "corpus")["parts"]) == 3
    _same_files(fixture_report.outdir, stored.outdir)
    # the ingest audit, from the report stored in the workspace, has rejected records to show
    assert "rejected" in (stored.outdir / "tables" / "ingest_audit.csv").read_text()
    assert f"{tmp_path / 'work'}; built: corpus, hits; reused: nothing" in (
        stored.outdir / "index.html").read_text(encoding="utf-8")


def test_pdf_from_the_pages_when_chromium_is_installed(fixture_report):
    if not analysis.CHROMIUM_PATH.is_file():
        pytest.skip(f"no Chromium at {analysis.CHROMIUM_PATH} (PDF is optional)")
    pytest.importorskip("playwright")
    pdfs = analysis.render_pdf([fixture_report.outdir / "corpus.html"])
    assert pdfs[0].read_bytes().startswith(b"%PDF") and pdfs[0].stat().st_size > 10_000


def test_a_failing_notebook_is_reported_and_the_others_still_built(tmp_path):
    # A lexicon file without a "category" column: 02 fails when it loads it; 01 never reads it.
    bad = tmp_path / "bad_lexicon.csv"
    bad.write_text("term\ngenocide\n", encoding="utf-8")
    result = analysis.build_report(
        tmp_path / "out",
        corpus=[FIXTURE / "corpus"],
        lexicon=bad,
        actors=[FIXTURE / "actors.csv"],
        notebooks=["01_corpus", "02_loaded_terms"],
        n_boot=N_BOOT,
        progress=False,
    )
    assert list(result.pages) == ["01_corpus"]
    assert list(result.failures) == ["02_loaded_terms"]
    assert "LexiconError" in result.failures["02_loaded_terms"]
    assert "category" in result.failures["02_loaded_terms"]
    assert (tmp_path / "out" / "notebooks" / "02_loaded_terms.ipynb").is_file()
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="corpus.html"' in index and 'href="loaded_terms.html"' not in index
    assert "not built: LexiconError" in index


@pytest.mark.parametrize("notebook", [p.notebook for p in analysis.REPORT_PAGES], ids=lambda n: n)
def test_each_notebook_runs_as_it_is_in_jupyterlab(notebook, tmp_path):
    """No parameters injected (the defaults: demo corpus, default lexicons), run from another
    working directory: every cell runs, figures are shown, nothing is written anywhere."""
    from nbclient import NotebookClient

    nb = nbformat.read(config.NOTEBOOKS_DIR / f"{notebook}.ipynb", as_version=4)
    NotebookClient(
        nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = sum("image/png" in o.get("data", {}) for o in outputs)
    # the defaults have no bias model (BABE's licence keeps one out of the repository)
    figures = [n for n in saved_names(config.NOTEBOOKS_DIR / f"{notebook}.ipynb")["figures"]
               if n not in NO_BIAS["figures"]]
    assert shown == len(figures)
    assert list(tmp_path.iterdir()) == []  # output_dir is None: nothing saved
