"""Which files an ingest reads: folders searched recursively, exclusions, source names.

:func:`input_files` is the one walk of the inputs; ingest reads what it lists and the report's
corpus hash hashes the same files.
"""

from __future__ import annotations

import fnmatch
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from ..outputs import written_outputs
from .schema import is_corpus_file

__all__ = [
    "DATASET_MARKER",
    "SUPPORTED_EXTENSIONS",
    "corpus_dataset_parts",
    "dataset_kind",
    "input_files",
]


DATASET_MARKER = ".framing-dataset.json"
"""The file that makes a folder a dataset written by this package (:mod:`analysis.workspace`)."""
SUPPORTED_EXTENSIONS = (".jsonl", ".json", ".csv", ".parquet", ".txt", ".html", ".htm")
DEFAULT_EXCLUDE = ("README*", "LICENSE*", "*.md", ".*", "_*")


def input_files(
    paths: str | Path | Iterable[str | Path],
    *,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    outputs: bool = False,
) -> list[tuple[str, Path]]:
    """Return the files ingest reads under ``paths``, as ``(source name, path)`` in reading order.

    Folders are searched recursively, files in sorted path order; folders whose name starts with
    "." (``.git``, ``.ipynb_checkpoints``) are not searched; a file reached twice is listed once;
    a broken link is listed (ingest reports it as unreadable). Files whose name matches an
    ``exclude`` pattern are left out (:func:`ingest` reports them as skipped), and so are the
    outputs of this package met in a searched folder (:func:`skip_reason`) unless ``outputs``;
    a file named in ``paths`` is always listed. The source name is the path relative to the
    inputs' common folder, as in the corpus's ``source`` column. Raises ``FileNotFoundError`` for
    an input path that does not exist.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if not paths:
        raise ValueError("no input paths given")
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such file or folder")
    root = _common_root(paths)
    named = named_inputs(paths)
    return [
        (_relative(f, root), f)
        for f in _expand(paths)
        if skip_reason(f, exclude, named=named, outputs=not outputs) is None
    ]


def named_inputs(paths: Iterable[str | Path]) -> frozenset[Path]:
    """The input paths as given (absolute), which are read whatever they are; for a corpus
    dataset named as an input, its part files."""
    named = set()
    for p in paths:
        named.add(Path(os.path.abspath(p)))
        named.update(Path(os.path.abspath(f)) for f in corpus_dataset_parts(Path(p)))
    return frozenset(named)


def dataset_kind(folder: Path) -> str | None:
    """The kind of dataset (``corpus``, ``hits``) the folder holds, as its marker says; None when
    it is not a dataset written by this package."""
    try:
        info = json.loads((Path(folder) / DATASET_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return str(info.get("kind")) if isinstance(info, dict) and info.get("kind") else "dataset"


def corpus_dataset_parts(path: Path) -> list[Path]:
    """The part files of a corpus dataset folder, in order ([] for anything else)."""
    if not path.is_dir() or dataset_kind(path) != "corpus":
        return []
    info = json.loads((path / DATASET_MARKER).read_text(encoding="utf-8"))
    return [path / str(p["name"]) for p in info.get("parts", [])]


def skip_reason(
    path: Path, exclude: Sequence[str], *, named: frozenset[Path], outputs: bool = True
) -> str | None:
    """Why ``path`` is not read as input, or None: an ``exclude`` pattern matches its name, or
    (with ``outputs``) it was written by this package into a folder being searched, as the
    folder's manifest says (:mod:`analysis.outputs`) or, for a corpus written before manifests
    existed, its Parquet metadata. A file named as an input is never an output to skip: an
    ingested corpus passed by name is read as it is."""
    pattern = excluded_by(path, exclude)
    if pattern is not None:
        return f"excluded by pattern {pattern!r}"
    if not outputs or Path(os.path.abspath(path)) in named:
        return None
    dataset = dataset_kind(path.parent)
    if dataset is not None:
        return (f"part of a {dataset} dataset written by this tool, not an input: name the "
                "folder to read it")
    kind = written_outputs(path.parent).get(path.name)
    if kind is None and path.suffix.lower() == ".parquet" and is_corpus_file(path):
        kind = "corpus"
    if kind is not None:
        return f"written by this tool ({kind}), not an input: name the file to read it"
    return None


def excluded_by(path: Path, exclude: Sequence[str]) -> str | None:
    """The first ``exclude`` pattern that the file's name matches, or None."""
    return next((p for p in exclude if fnmatch.fnmatch(path.name, p)), None)


def _expand(paths: Sequence[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for p in paths:
        parts = corpus_dataset_parts(p)
        if parts:  # a corpus dataset named as an input: its parts, in order
            found = parts
        elif p.is_dir():
            found = sorted(
                # A broken link is listed too, so that it is reported as unreadable.
                (f for f in p.rglob("*")
                 if (f.is_file() or f.is_symlink()) and not f.is_dir() and not _in_hidden_dir(f, p)),
                key=lambda f: f.relative_to(p).as_posix(),
            )
        else:
            found = [p]
        for f in found:
            key = Path(os.path.abspath(f))
            if key not in seen:
                seen.add(key)
                yield f


def _in_hidden_dir(path: Path, top: Path) -> bool:
    # .git, .ipynb_checkpoints and the like are tooling, not corpus folders.
    return any(part.startswith(".") for part in path.relative_to(top).parts[:-1])


def _common_root(paths: Sequence[Path]) -> Path:
    parents = [Path(os.path.abspath(p)).parent for p in paths]
    return Path(os.path.commonpath([str(p) for p in parents]))


def _relative(path: Path, root: Path) -> str:
    try:
        # abspath, not resolve: a link is named where it stands, not where it points
        return Path(os.path.abspath(path)).relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
