"""Writing output files: whole or not at all, formula-safe, and never read back as input.

Every file the package writes goes through this module:

* **Atomic.** A file is written to a temporary file in the same folder and renamed over the
  target when complete (:func:`atomic_path`), so a run killed half-way leaves the previous file
  or none, never a truncated one.
* **Formula-safe CSV.** Corpus text reaches CSV cells (``matched``, ``sentence``, titles), and a
  spreadsheet runs a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
  as a formula (OWASP, "CSV injection"). :func:`write_csv` writes such text cells with a leading
  ``'``, which spreadsheets show as text (a cell that already begins with apostrophes and then
  such a character gets one more), and :func:`read_csv` drops that one ``'`` again, so the
  package reads back exactly the text it wrote. Numbers are written as numbers. Parquet stays
  exact.
* **Marked as outputs.** Each folder the package writes to holds a manifest,
  :data:`MANIFEST` (one JSON line per file written: name and kind). Ingest skips the files a
  manifest lists, with that reason in its report, so a corpus or table written into an input
  folder is never read back as articles on the next run (:func:`written_outputs`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

__all__ = [
    "FORMULA_PREFIXES",
    "MANIFEST",
    "atomic_path",
    "read_csv",
    "write_csv",
    "written_outputs",
]

MANIFEST = ".framing-outputs.jsonl"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_ESCAPE = "'"


def check_output_path(
    path: str | Path, *, folder: bool = False, suffixes: tuple[str, ...] = ()
) -> Path:
    """``path`` as a Path when it can be written (as a folder with ``folder``); else a
    ValueError naming the problem, so a command can refuse a bad ``-o`` before any work."""
    path = Path(path)
    what = "output folder" if folder else "output file"
    if folder:
        if path.exists() and not path.is_dir():
            raise ValueError(f"{path}: exists and is not a folder; give a folder for the {what}")
    else:
        if path.is_dir():
            raise ValueError(f"{path}: is a folder; give a file name for the {what}")
        if suffixes and path.suffix.lower() not in suffixes:
            raise ValueError(f"{path}: output must end in {' or '.join(suffixes)}")
    ancestor = path.parent if not folder else path
    while not ancestor.exists():
        ancestor = ancestor.parent
    if not ancestor.is_dir():
        raise ValueError(f"{path}: cannot write the {what}: {ancestor} is a file, not a folder")
    if not os.access(ancestor, os.W_OK):
        raise ValueError(f"{path}: cannot write the {what}: no permission to write in {ancestor}")
    return path


@contextlib.contextmanager
def atomic_path(path: str | Path, *, kind: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it to ``path`` when the block ends without
    an exception, delete it otherwise. With ``kind``, record the file in the folder's manifest."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if kind is not None:
        register_output(path, kind)


def register_output(path: str | Path, kind: str) -> None:
    """Add ``path`` to the manifest of its folder (one appended line, safe from parallel writers)."""
    path = Path(path)
    line = json.dumps({"name": path.name, "kind": kind}, sort_keys=True) + "\n"
    fd = os.open(path.parent / MANIFEST, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)


def written_outputs(folder: str | Path) -> dict[str, str]:
    """{file name: kind} of the files this package recorded writing in ``folder``."""
    manifest = Path(folder) / MANIFEST
    out: dict[str, str] = {}
    try:
        lines = manifest.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return out
    for line in lines:
        try:
            entry = json.loads(line)
            out[str(entry["name"])] = str(entry["kind"])
        except (ValueError, KeyError, TypeError):
            continue  # a torn line from a killed writer: the file it named is not trusted either
    return out


def tidy_manifests(folder: str | Path) -> None:
    """Rewrite the manifests under ``folder`` sorted and without repeats, so that a folder
    written by parallel workers has the same bytes whatever the order they finished in."""
    for manifest in sorted(Path(folder).rglob(MANIFEST)):
        entries = written_outputs(manifest.parent)
        lines = [json.dumps({"name": n, "kind": k}, sort_keys=True) + "\n"
                 for n, k in sorted(entries.items())]
        with atomic_path(manifest) as tmp:
            tmp.write_text("".join(lines), encoding="utf-8")


def write_text(path: str | Path, text: str, *, kind: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; return the path."""
    with atomic_path(path, kind=kind) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(path)


def write_bytes(path: str | Path, data: bytes, *, kind: str) -> Path:
    """Write ``data`` to ``path`` atomically; return the path."""
    with atomic_path(path, kind=kind) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def escape_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell that a spreadsheet would run as a formula, or that begins with
    ``'``, prefixed with ``'`` (only text columns: numbers stay numbers)."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_escape_cell)
    return out


# A cell a spreadsheet would run, or one that already looks escaped (apostrophes, then such a
# character), gets one more apostrophe; nothing else changes, so "', he said" stays as it is.
_NEEDS_ESCAPE = re.compile("^'*[" + re.escape("".join(FORMULA_PREFIXES)) + "]")


def _escape_cell(value):
    if isinstance(value, str) and _NEEDS_ESCAPE.match(value):
        return _ESCAPE + value
    return value


def unescape_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """The inverse of :func:`escape_formulas` for a table read back from CSV."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(_unescape_cell)
    return out


def _unescape_cell(value):
    if isinstance(value, str) and value.startswith(_ESCAPE) and _NEEDS_ESCAPE.match(value[1:]):
        return value[1:]
    return value


def write_csv(df: pd.DataFrame, path: str | Path, *, kind: str, **to_csv) -> Path:
    """Write ``df`` as CSV (no index, LF line ends) atomically and formula-safe; return the path.

    ``to_csv`` options pass through (``float_format``, ...)."""
    options = {"index": False, "lineterminator": "\n", **to_csv}
    with atomic_path(path, kind=kind) as tmp:
        escape_formulas(df).to_csv(tmp, **options)
    return Path(path)


def read_csv(path: str | Path, **read_csv_options) -> pd.DataFrame:
    """Read a CSV that :func:`write_csv` wrote, giving back exactly the cells written."""
    return unescape_formulas(pd.read_csv(path, **read_csv_options))


def write_parquet(df: pd.DataFrame, path: str | Path, *, kind: str) -> Path:
    """Write ``df`` as Parquet (no index) atomically; return the path."""
    with atomic_path(path, kind=kind) as tmp:
        df.to_parquet(tmp, index=False)
    return Path(path)


def write_table(df: pd.DataFrame, path: str | Path, *, kind: str) -> Path:
    """Write ``df`` as CSV or Parquet by the suffix of ``path`` (``.csv`` or ``.parquet``)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return write_csv(df, path, kind=kind)
    if suffix == ".parquet":
        return write_parquet(df, path, kind=kind)
    raise ValueError(f"{path}: a table is written as .csv or .parquet")


def file_sha256(path: str | Path) -> str:
    """Return the sha256 hex digest of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
