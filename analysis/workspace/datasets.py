"""Partitioned datasets on disk: a folder of Parquet part files and a marker.

``-o`` naming a path without a file suffix (``WORK/corpus``, ``WORK/hits``) writes a dataset
instead of one file:

=================================  ===========================================================
``part-00000.parquet`` ...         the table, a bounded number of documents a part (a corpus:
                                   each part a corpus file of :func:`analysis.write_corpus`;
                                   hits: the hits of the documents of the corpus part of the
                                   same number)
``part-00000.attributions.parquet``  a hits dataset's side tables, beside each part
``...voice_tokens.parquet``, ``...sentences.parquet``  (:func:`analysis.scoring.reading.side_paths`)
:data:`INGEST_REPORT`              a corpus dataset's ingest report (every input record's fate,
                                   :attr:`analysis.IngestResult.report`), read back by
                                   :func:`read_ingest_report`
:data:`MARKER`                     what the folder is (``kind``: corpus or hits), its parts and
                                   rows, the schema version, the package version, and the
                                   record of what built it (:mod:`analysis.workspace.build`)
``.framing-outputs.jsonl``         the manifest of every file written (:mod:`analysis.outputs`)
=================================  ===========================================================

The marker is written last: a folder without it is not a dataset (a build that stopped half-way
is built again). A dataset is built in a hidden sibling folder and swapped in whole, so a run
stopped half-way leaves the previous dataset or none. Ingest never reads a dataset's files as raw
input (:func:`analysis.corpus.files.skip_reason`); a dataset folder named as an input is read as
the table it holds.

Read whole, a dataset is the table the single-file path writes: the same rows in the same order
(:func:`read_corpus_dataset`, :func:`read_score_dataset`).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ..about import __version__
from ..corpus.files import DATASET_MARKER, dataset_kind
from ..corpus.pipeline import corpus_from_inputs
from ..corpus.schema import SCHEMA_VERSION, validate_corpus, write_corpus
from ..outputs import MANIFEST, tidy_manifests, write_parquet, write_text, written_outputs
from ..scoring.reading import SIDE_TABLES, ScoreTables, combine_score_tables, side_paths

__all__ = [
    "DATASET_SCHEMA_VERSION",
    "INGEST_REPORT",
    "MARKER",
    "PART_DOCUMENTS",
    "DatasetTexts",
    "DatasetWriter",
    "dataset_info",
    "dataset_parts",
    "is_dataset",
    "is_dataset_path",
    "read_corpus_dataset",
    "read_corpus_input",
    "read_corpus_without_text",
    "read_hits_input",
    "read_ingest_report",
    "read_score_dataset",
]

MARKER = DATASET_MARKER
DATASET_SCHEMA_VERSION = "2"
"""Version of the dataset layout: 2 added the corpus dataset's ingest report."""
INGEST_REPORT = "ingest-report.parquet"
PART_DOCUMENTS = 1000
"""Documents a part by default: about 4 MB of news text, so a part's corpus, hits and side
tables take tens of megabytes in memory whatever the size of the corpus."""


def is_dataset_path(path: str | Path) -> bool:
    """True when an output path names a dataset (a folder: no file suffix such as ``.parquet``
    or ``.csv``), not one file."""
    return Path(path).suffix == ""


def is_dataset(path: str | Path, kind: str | None = None) -> bool:
    """True when ``path`` is a complete dataset folder (of ``kind``: corpus or hits)."""
    found = dataset_kind(Path(path))
    return found is not None and (kind is None or found == kind)


def dataset_info(path: str | Path) -> dict:
    """The marker of the dataset at ``path`` (a ValueError when it is not one)."""
    path = Path(path)
    try:
        info = json.loads((path / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ValueError(f"{path}: not a dataset written by this tool (no {MARKER})") from None
    if not isinstance(info, dict) or "kind" not in info or "parts" not in info:
        raise ValueError(f"{path}: {MARKER} is damaged; build the dataset again")
    return info


def dataset_parts(path: str | Path, kind: str | None = None) -> list[Path]:
    """The part files of the dataset at ``path`` in order (the hits parts, not their side
    tables, for a hits dataset)."""
    path = Path(path)
    info = dataset_info(path)
    if kind is not None and info["kind"] != kind:
        raise ValueError(f"{path}: a {info['kind']} dataset, not a {kind} dataset")
    parts = [path / p["name"] for p in info["parts"]]
    missing = [p.name for p in parts if not p.is_file()]
    if missing:
        raise ValueError(f"{path}: part file(s) missing: {', '.join(missing[:5])}")
    return parts


def read_corpus_dataset(path: str | Path, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """The corpus table of a corpus dataset: its parts one after the other (``columns``: only
    these, for a table without the text when it is not needed)."""
    frames = [pd.read_parquet(p, columns=list(columns) if columns else None)
              for p in dataset_parts(path, "corpus")]
    if not frames:
        raise ValueError(f"{path}: the dataset has no parts")
    corpus = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return corpus if columns else validate_corpus(corpus)


class DatasetTexts:
    """The text column of a corpus dataset, left on disk: ``take(positions)`` gives the texts at
    those rows of the corpus (the order of :func:`read_corpus_dataset`) as Python strings,
    reading the parts they lie in, one part's text at a time. Memory holds one part's text,
    not the corpus's (``analysis.keyness(..., texts=...)``)."""

    def __init__(self, path: str | Path):
        parts = dataset_info(path)["parts"]
        self._files = dataset_parts(path, "corpus")
        rows = np.array([int(p["rows"]) for p in parts], dtype=np.int64)
        self._ends = np.cumsum(rows)
        self._starts = self._ends - rows
        self._cached: tuple[int, list] | None = None

    def __len__(self) -> int:
        return int(self._ends[-1]) if len(self._ends) else 0

    def _part(self, k: int) -> list:
        if self._cached is None or self._cached[0] != k:
            column = pd.read_parquet(self._files[k], columns=["text"])["text"]
            self._cached = (k, column.tolist())
        return self._cached[1]

    def take(self, positions) -> list[str]:
        positions = np.asarray(positions, dtype=np.int64)
        if len(positions) and (positions.min() < 0 or positions.max() >= len(self)):
            raise IndexError(f"row positions outside the corpus's {len(self)} rows")
        part_of = np.searchsorted(self._ends, positions, side="right")
        return [self._part(k)[i - self._starts[k]]
                for k, i in zip(part_of, positions, strict=True)]


def read_corpus_without_text(path: str | Path) -> tuple[pd.DataFrame, DatasetTexts]:
    """The corpus table of a corpus dataset without its text column, checked like the whole
    table (but for the text, checked when it was written), and the text left on disk
    (:class:`DatasetTexts`): for the stages that read the text once, a part at a time."""
    columns = [c for c in dataset_info(path).get("columns", []) if c != "text"]
    corpus = read_corpus_dataset(path, columns=columns or None)
    if "text" in corpus.columns:  # a marker without its column list: an older dataset
        corpus = corpus.drop(columns="text")
    return validate_corpus(corpus, text=False), DatasetTexts(path)


def read_score_dataset(
    path: str | Path,
    *,
    skip: Collection[str] = (),
    lean: bool | Mapping[str, Collection[str]] = False,
) -> ScoreTables:
    """The hits and side tables of a hits dataset, as :meth:`ScoreTables.read` gives them from
    one file: the parts combined in the single-file order (:func:`combine_score_tables`); the
    side tables named in ``skip`` are not read (None), nor with ``lean`` the columns no
    comparison reads, or those it names (as :meth:`ScoreTables.read`; each part's, before the
    parts are combined)."""
    info = dataset_info(path)
    parts = [ScoreTables.read(p, skip=skip, lean=lean) for p in dataset_parts(path, "hits")]
    tables = combine_score_tables(parts)
    lexicon = info.get("lexicon")
    if lexicon and tables.hits is not None:
        tables.hits.attrs["lexicon"] = lexicon
    return tables


def read_ingest_report(path: str | Path) -> pd.DataFrame:
    """The ingest report stored in the corpus dataset at ``path``: the table
    :attr:`analysis.IngestResult.report` gives for its inputs (columns ``source, doc_id, status,
    reason``, string dtype, in the order ingest reported them); a ValueError naming the folder
    when the dataset has none (one written by an earlier version: build it again)."""
    info = dataset_info(path)
    name = info.get("ingest_report")
    if info["kind"] != "corpus" or not name or not (Path(path) / name).is_file():
        raise ValueError(
            f"{path}: no ingest report in this {info['kind']} dataset; build the corpus again "
            "(ingest --rebuild)"
        )
    return pd.read_parquet(Path(path) / name).astype("string")


def read_corpus_input(inputs: Sequence[str | Path], **ingest_options) -> pd.DataFrame:
    """The corpus of a command's INPUT...: a corpus dataset read whole, a corpus file as it is,
    anything else ingested (:func:`analysis.corpus_from_inputs`)."""
    paths = [Path(p) for p in inputs]
    if len(paths) == 1 and is_dataset(paths[0], "corpus"):
        return read_corpus_dataset(paths[0])
    return corpus_from_inputs(paths, **ingest_options)


def read_hits_input(
    path: str | Path,
    *,
    skip: Collection[str] = (),
    lean: bool | Mapping[str, Collection[str]] = False,
) -> ScoreTables:
    """The hits and side tables at ``path``: a hits dataset read whole, or a hits file with the
    side tables beside it (:meth:`ScoreTables.read`); the side tables named in ``skip`` are not
    read (None), nor with ``lean`` the columns no comparison reads, or those it names."""
    if is_dataset(path, "hits"):
        return read_score_dataset(path, skip=skip, lean=lean)
    if Path(path).is_dir():
        raise ValueError(f"{path}: a folder that is not a hits dataset written by this tool")
    return ScoreTables.read(path, skip=skip, lean=lean)


class DatasetWriter:
    """Builds a dataset in a hidden sibling folder and swaps it in when :meth:`finish` is called.

    ``part_path(i)`` is where part i goes (a worker may write it: the folder must be on a
    filesystem the workers share); ``work`` is a scratch folder inside the staging folder for
    intermediate files, removed at the end. Used as a context manager, an exception removes the
    staging folder and leaves the previous dataset as it was.
    """

    def __init__(self, path: str | Path, kind: str):
        self.path = Path(path)
        self.kind = kind
        check_replaceable(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.stage = self.path.parent / f".{self.path.name}.building-{os.getpid()}"
        shutil.rmtree(self.stage, ignore_errors=True)
        self.stage.mkdir()
        self.work = self.stage / ".work"
        self.work.mkdir()

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.abort()

    def part_path(self, i: int) -> Path:
        return self.stage / part_name(i)

    def write_corpus_part(self, i: int, df: pd.DataFrame) -> Path:
        """Write part i of a corpus dataset (a corpus file, recorded in the manifest)."""
        return write_corpus(df, self.part_path(i))

    def write_ingest_report(self, report: pd.DataFrame) -> dict:
        """Write a corpus dataset's ingest report (:data:`INGEST_REPORT`); return what
        :meth:`finish` records of it in the marker."""
        write_parquet(report, self.stage / INGEST_REPORT, kind="ingest report")
        return {"ingest_report": INGEST_REPORT}

    def finish(self, parts: Sequence[dict], **info) -> Path:
        """Write the marker (``parts``: one ``{"name", "rows"}`` a part, in order; ``info``: more
        of what the marker records) and swap the dataset in; return its path."""
        shutil.rmtree(self.work, ignore_errors=True)
        marker = {
            "format": "framing-analysis dataset",
            "kind": self.kind,
            "dataset_schema_version": DATASET_SCHEMA_VERSION,
            "corpus_schema_version": SCHEMA_VERSION,
            "package_version": __version__,
            "parts": list(parts),
            "rows": int(sum(p["rows"] for p in parts)),
            **info,
        }
        write_text(self.stage / MARKER, json.dumps(marker, indent=2, sort_keys=True) + "\n",
                   kind="dataset marker")
        tidy_manifests(self.stage)  # workers append in the order they finish
        if self.path.exists():
            old = self.path.parent / f".{self.path.name}.old-{os.getpid()}"
            os.rename(self.path, old)
            os.rename(self.stage, self.path)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(self.stage, self.path)
        return self.path

    def abort(self) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)


def part_name(i: int) -> str:
    return f"part-{i:05d}.parquet"


def check_replaceable(path: Path) -> None:
    """A ValueError unless ``path`` can be (re)written as a dataset: missing, an empty folder, or
    a folder holding only what this package wrote (a dataset, an interrupted one)."""
    if not path.exists():
        return
    if not path.is_dir():
        raise ValueError(f"{path}: exists and is not a folder; a dataset is written as a folder")
    ours = set(written_outputs(path)) | {MANIFEST, MARKER}
    foreign = sorted(p.name for p in path.iterdir() if p.name not in ours)
    if foreign:
        raise ValueError(
            f"{path}: holds files this tool did not write ({', '.join(foreign[:3])}); "
            "give a new or empty folder for the dataset"
        )


def side_table_names(hits_part: Path) -> list[str]:
    """File names of the side tables beside a hits part."""
    return [p.name for name, p in side_paths(hits_part).items() if name in SIDE_TABLES]
