"""``report --workspace``: the flags reach build_report, the workspace is built once before the
notebooks run (which then find it up to date), reused by the next report, rebuilt when the
lexicon changes, and recorded in the provenance. The notebooks are not executed here (a stand-in
for papermill reads what a notebook reads); tests/reporting/test_build.py runs them for real."""

from __future__ import annotations

import shutil

import pytest

import analysis
from analysis import config
from analysis.cli import main as cli_main
from analysis.reporting import build as reporting_build
from analysis.workspace.report_inputs import study_tables
from tests import FIXTURES

CORPUS = FIXTURES / "report" / "corpus"


@pytest.fixture
def kernels(monkeypatch):
    """Stand-in for papermill: each "notebook" calls study_tables with its parameters, as the
    notebooks do, and records which datasets that call built; then it fails, so no page is
    exported (the test is about the workspace, not the pages)."""
    seen: list[dict] = []

    def execute_notebook(source, output, *, parameters, **kwargs):
        p = parameters
        tables = study_tables(p["corpus_paths"], p["lexicon_path"], seed=p["seed"],
                              workspace=p["workspace"])
        seen.append({"notebook": source, "built": tables.workspace.built,
                     "documents": len(tables.corpus)})
        raise RuntimeError("stand-in kernel")

    monkeypatch.setattr("papermill.execute_notebook", execute_notebook)
    return seen


def _report(tmp_path, lexicon, **kwargs):
    return analysis.build_report(
        tmp_path / "out", corpus=[CORPUS], lexicon=lexicon, actors=False, progress=False,
        notebooks=["01_corpus", "03_outlet_comparison"], jobs=1,
        workspace=tmp_path / "work", **kwargs,
    )


def test_the_workspace_is_built_once_reused_and_rebuilt_when_the_lexicon_changes(
    tmp_path, kernels
):
    lexicon = tmp_path / "terms.csv"
    shutil.copy(config.DEFAULT_LEXICON, lexicon)
    first = _report(tmp_path, lexicon)
    work = str(tmp_path / "work")
    assert first.provenance["workspace"] == {
        "path": work, "corpus": f"{work}/corpus", "hits": f"{work}/hits",
        "built": ["corpus", "hits"], "reused": [],
    }
    # every notebook found it up to date: built once, before them
    assert [k["built"] for k in kernels] == [[], []]
    assert [k["documents"] for k in kernels] == [12, 12]
    marker = tmp_path / "work" / "hits" / analysis.MARKER
    stamp = marker.stat().st_mtime_ns
    second = _report(tmp_path, lexicon)
    assert second.provenance["workspace"]["built"] == []
    assert second.provenance["workspace"]["reused"] == ["corpus", "hits"]
    assert marker.stat().st_mtime_ns == stamp
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f"{work}; built: nothing; reused: corpus, hits" in index
    lexicon.write_text("term,category\ngenocide,atrocity\n", encoding="utf-8")
    third = _report(tmp_path, lexicon)
    assert third.provenance["workspace"]["built"] == ["hits"]
    assert third.provenance["workspace"]["reused"] == ["corpus"]
    assert marker.stat().st_mtime_ns != stamp
    assert [k["built"] for k in kernels] == [[]] * 6


def test_workers_or_a_scheduler_without_a_workspace_is_an_error(tmp_path, kernels):
    with pytest.raises(ValueError, match="give --workspace"):
        analysis.build_report(tmp_path / "out", corpus=[CORPUS], workers=2, progress=False)
    assert kernels == [] and not (tmp_path / "out").exists()


def test_cli_passes_the_workspace_and_dask_options(tmp_path, monkeypatch):
    given = {}

    def fake_build_report(outdir, **kwargs):
        given.update(kwargs, outdir=outdir)
        return analysis.ReportResult(outdir=tmp_path / "out")

    monkeypatch.setattr(reporting_build, "build_report", fake_build_report)
    argv = ["-q", "report", "--corpus", str(CORPUS), "--workspace", str(tmp_path / "work"),
            "--workers", "2", "--part-size", "5", "-o", str(tmp_path / "out")]
    assert cli_main(argv) == 0
    assert given["workspace"] == str(tmp_path / "work")
    assert (given["workers"], given["scheduler"], given["part_size"]) == (2, None, 5)
    given.clear()
    argv = ["-q", "report", "--workspace", "w", "--scheduler", "tcp://h:8786", "-o",
            str(tmp_path / "out")]
    assert cli_main(argv) == 0
    assert (given["workers"], given["scheduler"], given["part_size"]) == (None, "tcp://h:8786",
                                                                         1000)
    given.clear()
    assert cli_main(["-q", "report", "-o", str(tmp_path / "out")]) == 0
    assert (given["workspace"], given["workers"], given["scheduler"]) == (None, None, None)
    with pytest.raises(SystemExit):  # one or the other
        cli_main(["report", "--workers", "2", "--scheduler", "tcp://h:8786"])
