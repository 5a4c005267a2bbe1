"""A report is built beside its folder and swapped in whole: an interrupted run leaves the
previous complete report (or none), never a folder mixing new and old pages.

:func:`staged` gives a hidden sibling folder (``.NAME.building-PID``) to build in; when the build
ends without an exception, :func:`swap_in` puts it in place of the report folder with two
renames. Files in the old folder that this package did not write (``reports/README.md``, a
user's own notes) are carried over, as hard links when the filesystem allows, before the swap:
the package never deletes what it did not write. What it wrote is known from the manifests
(:mod:`analysis.outputs`) of the old folder and its subfolders.
"""

from __future__ import annotations

import contextlib
import html
import logging
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from ..outputs import MANIFEST, tidy_manifests, written_outputs

log = logging.getLogger(__name__)

# Names a report writes at its top level besides the pages; older reports wrote them before
# manifests existed, so they are known by name as well.
_REPORT_FILES = ("index.html", "provenance.json")


@contextlib.contextmanager
def staged(outdir: Path) -> Iterator[Path]:
    """Yield an empty folder beside ``outdir`` to build the report in; on success swap it in
    (:func:`swap_in`), on failure or interruption delete it and leave ``outdir`` as it was."""
    outdir = Path(outdir)
    outdir.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(outdir)
    stage = outdir.parent / f".{outdir.name}.building-{os.getpid()}"
    stage.mkdir()
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    tidy_manifests(stage)  # parallel notebooks append in the order they finish
    swap_in(stage, outdir)


def swap_in(stage: Path, outdir: Path) -> None:
    """Replace ``outdir`` by ``stage``, keeping the files of ``outdir`` this package did not
    write."""
    if outdir.exists() and not outdir.is_dir():
        raise NotADirectoryError(f"{outdir}: exists and is not a folder")
    if outdir.is_dir():
        for rel in _not_ours(outdir):
            target = stage / rel
            if target.exists():
                log.warning("report: %s is a file of yours that the report now writes; the "
                            "report's copy wins, yours is kept as %s.yours", rel, rel)
                target = target.with_name(target.name + ".yours")
            target.parent.mkdir(parents=True, exist_ok=True)
            _link_or_copy(outdir / rel, target)
        old = outdir.parent / f".{outdir.name}.old-{os.getpid()}"
        os.rename(outdir, old)
        os.rename(stage, outdir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(stage, outdir)


def _not_ours(outdir: Path) -> list[Path]:
    """Files under ``outdir`` (relative paths) that this package did not write: not in their
    folder's manifest, nor, in a folder without one (a report written before manifests
    existed), linked from the old ``index.html`` or named like the report's own files."""
    legacy = _legacy_report_files(outdir)
    found = []
    for folder, dirs, files in os.walk(outdir):
        here = Path(folder)
        ours = written_outputs(here)
        has_manifest = (here / MANIFEST).is_file()
        for name in files:
            rel = (here / name).relative_to(outdir)
            if name == MANIFEST or name in ours or (not has_manifest and rel in legacy):
                continue
            found.append(rel)
        dirs.sort()
    return sorted(found)


def _legacy_report_files(outdir: Path) -> set[Path]:
    """What a report written before manifests existed wrote: the files its index links (it
    listed every page, figure and table), the index, provenance.json and executed notebooks."""
    out = {Path(name) for name in _REPORT_FILES}
    try:
        index = (outdir / "index.html").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return out
    for href in re.findall(r'href="([^"#?:]+)"', index):
        out.add(Path(html.unescape(href)))
        out.add(Path(html.unescape(href)).with_suffix(".pdf"))
    out |= {p.relative_to(outdir) for p in (outdir / "notebooks").glob("*.ipynb")}
    return out


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another filesystem, or links not allowed
        shutil.copy2(src, dst)


def _remove_leftovers(outdir: Path) -> None:
    """Delete what an interrupted earlier build left beside ``outdir`` (its hidden staging or
    old folders); never anything else."""
    for path in outdir.parent.glob(f".{outdir.name}.building-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in outdir.parent.glob(f".{outdir.name}.old-*"):
        shutil.rmtree(path, ignore_errors=True)
