"""A report is swapped in whole, and keeps what the package did not write (issue 11)."""

from __future__ import annotations

import pytest

import analysis.reporting.build as build
from analysis.outputs import write_text
from analysis.reporting.staging import staged, swap_in


def _old_report(folder):
    write_text(folder / "index.html", "old index", kind="report index")
    write_text(folder / "corpus.html", "old page", kind="report page")
    write_text(folder / "tables" / "rates.csv", "old table", kind="report table")
    (folder / "README.md").write_text("the user's own notes")
    (folder / "tables" / "mine.csv").write_text("a user's table")


def test_an_interrupted_build_leaves_the_previous_report(tmp_path):
    out = tmp_path / "reports"
    _old_report(out)
    with pytest.raises(KeyboardInterrupt), staged(out) as stage:
        write_text(stage / "index.html", "new index", kind="report index")
        raise KeyboardInterrupt
    assert (out / "index.html").read_text() == "old index"
    assert (out / "corpus.html").read_text() == "old page"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]  # no staging left


def test_a_complete_build_replaces_the_report_and_keeps_the_users_files(tmp_path):
    out = tmp_path / "reports"
    _old_report(out)
    with staged(out) as stage:
        write_text(stage / "index.html", "new index", kind="report index")
        write_text(stage / "tables" / "rates.csv", "new table", kind="report table")
    assert (out / "index.html").read_text() == "new index"
    assert (out / "tables" / "rates.csv").read_text() == "new table"
    assert not (out / "corpus.html").exists()  # a page this run did not build is not left stale
    assert (out / "README.md").read_text() == "the user's own notes"
    assert (out / "tables" / "mine.csv").read_text() == "a user's table"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]


def test_leftovers_of_a_killed_build_are_cleared_and_a_file_named_like_the_folder_refused(tmp_path):
    out = tmp_path / "reports"
    (tmp_path / ".reports.building-999").mkdir()
    (tmp_path / ".reports.old-999").mkdir()
    (tmp_path / "elsewhere.txt").write_text("not ours")
    with staged(out) as stage:
        write_text(stage / "index.html", "x", kind="report index")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere.txt", "reports"]
    blocked = tmp_path / "file"
    blocked.write_text("x")
    with pytest.raises(NotADirectoryError):
        swap_in(tmp_path / "reports", blocked)


def test_build_report_interrupted_while_running_notebooks(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    _old_report(out)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "_run_notebooks", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build.build_report(out, progress=False)
    assert (out / "index.html").read_text() == "old index"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports"]
