"""One set of runs of the command line on the demo corpus, shared by the workspace tests: the
single-file path and the dataset path (parts of 20 documents, so the demo's 61 make four)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import config
from analysis.cli import main

PART_SIZE = "20"


@pytest.fixture(scope="session")
def demo_runs(tmp_path_factory) -> Path:
    """Folder holding ``single/`` (corpus.parquet, hits.parquet and side tables, comparison)
    and ``work/`` (corpus and hits datasets, comparison), built from the demo corpus."""
    root = tmp_path_factory.mktemp("demo_runs")
    single, work = root / "single", root / "work"
    demo = str(config.DEMO_DIR)
    assert main(["ingest", demo, "-o", str(single / "corpus.parquet"),
                 "--report", str(single / "report.csv"), "-q"]) == 0
    assert main(["score", str(single / "corpus.parquet"), "-o", str(single / "hits.parquet"),
                 "-q"]) == 0
    assert main(["compare", str(single / "corpus.parquet"), "--hits",
                 str(single / "hits.parquet"), "--n-boot", "50", "--naming", "--actors",
                 "-o", str(single / "comparison"), "-q"]) == 0
    assert main(["ingest", demo, "-o", str(work / "corpus"), "--part-size", PART_SIZE,
                 "--report", str(work / "report.csv"), "-q"]) == 0
    assert main(["score", str(work / "corpus"), "-o", str(work / "hits"), "-q"]) == 0
    assert main(["compare", str(work / "corpus"), "--hits", str(work / "hits"), "--n-boot",
                 "50", "--naming", "--actors", "-o", str(work / "comparison"), "-q"]) == 0
    return root
