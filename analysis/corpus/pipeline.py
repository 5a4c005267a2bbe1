"""Corpus ingest: files and folders in, one corpus table out, and an account of every record.

Accepted inputs (folders are searched recursively, files in sorted path order, folders whose name
starts with "." left out; :func:`input_files` lists what is read):

=============  ==============================================================================
``.jsonl``     one JSON object per line (blank lines ignored)
``.json``      a JSON array of objects, an object holding one such array, or one article object
``.csv``       a header row, then one article per row (RFC 4180 quoting, multi-line fields)
``.parquet``   a table; a corpus written by :func:`analysis.write_corpus` is taken as it is
``.txt``       one article per file, optionally opened by a front-matter block of ``key: value``
               lines between two ``---`` lines (title, outlet, published, url, doc_id, ...)
``.html``      one page per file; main text and metadata (title, date, canonical URL, site name)
               extracted with trafilatura
=============  ==============================================================================

Table inputs need a ``text`` column; ``columns={"body": "text", "headline": "title"}`` (``--map
body=text``) renames others. Known columns are ``doc_id, outlet, title, text, published, url``;
any other column (or front-matter key) is kept as an extra corpus column, except that one named
like a column ingest sets itself (``source``, ``n_tokens``, ``origin_outlet``, ...) is kept as
``input_NAME`` with a note in the report: a dataset whose ``source`` column names the outlet keeps
it as ``input_source`` (map it with ``--map source=outlet``).

Who published a record (``outlet``): the ``outlet`` option when given (it overrides everything),
else the record's own metadata (an ``outlet`` field, or an HTML page's site name), else the name of
the folder holding the file.

Every record ends up either in the corpus or in the ingest report (:data:`REPORT_COLUMNS`) with
its reason; loaded records appear in the report too (status ``loaded``), with a note when something
was repaired (for example an unparseable date left missing). Rejections: unreadable file,
unsupported extension, undecodable bytes, invalid JSON, a corpus file that breaks the schema,
missing required column, text that is not a string, empty text (before or after boilerplate
removal), duplicate ``doc_id`` (the first one in path order is kept). Files matching an
``exclude`` pattern (README, hidden files, ...) are reported as ``skipped``.

``source`` is the path relative to the common folder of all inputs, with ``#N`` for record N of a
table file: N is the line number for ``.jsonl`` and the 1-based record number for ``.csv``,
``.json`` and ``.parquet``. A record with no ``doc_id`` gets its ``source`` as ``doc_id``.

After reading, when ``clean`` is on (the default), origin attribution and boilerplate removal run
(:func:`analysis.corpus.origin.attribute_origin`, :func:`analysis.corpus.boilerplate.clean_corpus`); when
``dedup`` is on (the default), near-duplicate copies are clustered
(:func:`analysis.corpus.dedup.cluster_near_duplicates`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .boilerplate import LineCounts, clean_pages, line_keys, warn_copies
from .dedup import cluster_near_duplicates
from .files import (
    DEFAULT_EXCLUDE,
    SUPPORTED_EXTENSIONS,
    corpus_dataset_parts,
    input_files,
    named_inputs,
    skip_reason,
)
from .origin import OriginPlan, attribute_origin
from .readers import read_file
from .records import INTERNAL_COLUMNS, RecordReader
from .schema import (
    CORPUS_COLUMNS,
    coerce_corpus,
    empty_corpus,
    is_corpus_file,
    is_missing,
    read_corpus,
    validate_corpus,
)

log = logging.getLogger(__name__)

__all__ = [
    "IngestResult",
    "PreparedPart",
    "cast_extras",
    "corpus_from_inputs",
    "dedup_options",
    "extra_dtypes",
    "first_records",
    "ingest",
    "load_corpus",
    "part_line_keys",
    "prepare_part",
    "read_path",
    "record_outcome",
    "type_extras",
]


@dataclass
class IngestResult:
    """What :func:`ingest` returns.

    ``corpus``: the corpus table (schema in :mod:`analysis.corpus`).
    ``report``: one row per input record (or per file when a file could not be read as records),
    columns ``source, doc_id, status, reason``; status is ``loaded``, ``rejected`` or ``skipped``.
    """

    corpus: pd.DataFrame
    report: pd.DataFrame

    @property
    def n_loaded(self) -> int:
        return int((self.report["status"] == "loaded").sum())

    @property
    def n_rejected(self) -> int:
        return int((self.report["status"] == "rejected").sum())

    @property
    def n_skipped(self) -> int:
        return int((self.report["status"] == "skipped").sum())

    def summary(self) -> str:
        """One line: documents loaded, records rejected, files skipped."""
        return (
            f"{len(self.corpus)} documents loaded, {self.n_rejected} records rejected, "
            f"{self.n_skipped} files skipped"
        )


def ingest(
    paths: str | Path | Iterable[str | Path],
    *,
    outlet: str | None = None,
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
    clean: bool = True,
    dedup: bool = True,
    dedup_threshold: float | None = None,
    seed: int | None = None,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    progress: bool = False,
) -> IngestResult:
    """Read files and folders into a corpus; return the corpus and the ingest report.

    ``outlet`` overrides every record's outlet. ``columns`` maps input column names to corpus
    names (``{"body": "text"}``). ``encoding`` is the declared text encoding of txt/csv/json/jsonl
    files (default UTF-8; HTML pages declare their own); how each file is actually decoded, and
    the notes that say so, is in :mod:`analysis.corpus.decoding`. ``clean`` turns origin attribution and boilerplate removal on
    or off; ``dedup`` near-duplicate clustering (``dedup_threshold`` and ``seed`` are passed to
    it). ``exclude`` holds file-name patterns reported as skipped rather than read.

    Raises ``FileNotFoundError`` when an input path does not exist; every other problem is a row
    of the report.
    """
    # excluded names and outputs met in folders too: the report lists them as skipped
    files = input_files(paths, exclude=(), outputs=True)
    named = named_inputs([paths] if isinstance(paths, (str, Path)) else paths)
    reader = RecordReader.for_options(outlet=outlet, columns=columns, encoding=encoding)
    if progress:
        from tqdm.auto import tqdm
        from tqdm.contrib.logging import logging_redirect_tqdm

        # per-record lines are written above the bar instead of through it
        with logging_redirect_tqdm():
            for rel, path in tqdm(files, desc="ingest", unit="file"):
                read_path(reader, path, rel, exclude, named)
    else:
        for rel, path in files:
            read_path(reader, path, rel, exclude, named)
    corpus = _build_corpus(reader, clean=clean, dedup=dedup, threshold=dedup_threshold, seed=seed)
    return IngestResult(corpus=corpus, report=reader.report_table())


def read_path(
    reader: RecordReader, path: Path, rel: str, exclude: Sequence[str], named: frozenset[Path]
) -> None:
    """Read one input file into ``reader`` (or report why it is skipped or rejected)."""
    reason = skip_reason(path, exclude, named=named)
    if reason is not None:
        reader.skip(rel, reason)
        return
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        reader.reject(
            rel,
            f"unsupported extension {suffix or '(none)'!r}; "
            f"supported: {', '.join(SUPPORTED_EXTENSIONS)}",
        )
        return
    try:
        read_file(reader, path, rel, suffix)
    except OSError as exc:
        reader.reject(rel, f"unreadable file: {exc.strerror or exc}")


def load_corpus(paths: str | Path | Iterable[str | Path], **options) -> pd.DataFrame:
    """Return the corpus table read from ``paths`` (options as for :func:`ingest`).

    The ingest report is attached as ``corpus.attrs["ingest_report"]`` and each rejected record
    is logged as a warning; use :func:`ingest` to get the report as a return value.
    """
    result = ingest(paths, **options)
    result.corpus.attrs["ingest_report"] = result.report
    if result.n_rejected:
        log.warning("ingest: %s", result.summary())
    return result.corpus


def _build_corpus(
    reader: RecordReader, *, clean: bool, dedup: bool, threshold: float | None, seed: int | None
) -> pd.DataFrame:
    raw = _dedupe_ids(reader)
    if raw is not None and len(raw):
        # the steps a partitioned ingest runs one part at a time (analysis.workspace), on one part
        raw, kinds = type_extras(raw)
        prepared = prepare_part(cast_extras(raw, extra_dtypes([kinds])), clean=clean)
        record_outcome(reader, prepared.report)
        warn_copies(prepared.copies)
        new = prepared.corpus
    else:
        new = empty_corpus()
    frames = [f for f in [*reader.pre_ingested, new] if len(f)]
    if not frames:
        return empty_corpus()
    corpus = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if dedup and len(corpus):
        corpus = cluster_near_duplicates(corpus, **dedup_options(threshold, seed))
    elif len(frames) > 1:
        corpus = corpus.drop(columns=["dup_group", "canonical_doc_id", "is_canonical"])
    return validate_corpus(coerce_corpus(corpus))


def dedup_options(threshold: float | None, seed: int | None) -> dict:
    """The keyword arguments of :func:`cluster_near_duplicates` for ingest's options."""
    options = {}
    if threshold is not None:
        options["threshold"] = threshold
    if seed is not None:
        options["seed"] = seed
    return options


def _dedupe_ids(reader: RecordReader) -> pd.DataFrame | None:
    """Keep the first record of each doc_id; report the later ones."""
    first_source: dict[str, str] = {}
    for df in reader.pre_ingested:
        first_source.update(zip(df["doc_id"], df["source"], strict=True))
    kept = first_records(reader, reader.records, first_source)
    if not kept:
        return None
    return pd.DataFrame(kept)


def first_records(reader: RecordReader, records: list[dict], first_source: dict) -> list[dict]:
    """The records whose doc_id was not met before (``first_source``: doc_id -> source of the
    records kept so far, updated); each later one is reported as a duplicate."""
    kept = []
    for rec in records:
        prior = first_source.get(rec["doc_id"])
        if prior is not None:
            reader.reject(
                rec["source"], f"duplicate doc_id {rec['doc_id']!r} (first loaded from {prior})",
                rec["doc_id"], rec["_seq"],
            )
            continue
        first_source[rec["doc_id"]] = rec["source"]
        kept.append(rec)
    return kept


@dataclass
class PreparedPart:
    """One part of the records after origin attribution, boilerplate removal and the schema's
    coercion (:func:`prepare_part`): the corpus rows, the report rows of its records
    (``source, doc_id, status, reason, seq``) and the doc_ids of the pages found to be copies."""

    corpus: pd.DataFrame
    report: list[tuple]
    copies: list[str]


def prepare_part(
    raw: pd.DataFrame,
    *,
    clean: bool,
    plan: OriginPlan | None = None,
    counts: LineCounts | None = None,
) -> PreparedPart:
    """Records (one part of them, or all) to corpus rows: origin attribution and boilerplate
    removal when ``clean``, with the whole corpus's :class:`OriginPlan` and :class:`LineCounts`
    when ``raw`` is one part of it (default: those of ``raw`` itself); pages emptied by the
    cleaning are rejected; the rest coerced to the schema. Near-duplicate columns are the
    defaults (:func:`cluster_near_duplicates` sets them over the whole corpus)."""
    report: list[tuple] = []
    copies: list[str] = []
    if clean:
        raw, copies = clean_pages(attribute_origin(raw, plan=plan), counts=counts)
        emptied = (raw["text"].fillna("").str.strip() == "").to_numpy()
        for source, doc_id, seq in zip(
            raw["source"][emptied], raw["doc_id"][emptied], raw["_seq"][emptied], strict=True
        ):
            report.append((source, doc_id, "rejected", "empty text after boilerplate removal", seq))
        raw = raw[~emptied].reset_index(drop=True)
    for source, doc_id, note, seq in zip(
        raw["source"], raw["doc_id"], raw["_note"], raw["_seq"], strict=True
    ):
        report.append((source, doc_id, "loaded", note or None, seq))
    # coerce_corpus fills what is not set yet: n_tokens, and without cleaning the outlet's own
    # origin and nothing removed
    corpus = coerce_corpus(raw.drop(columns=list(INTERNAL_COLUMNS)))
    return PreparedPart(corpus=corpus, report=report, copies=copies)


def part_line_keys(raw: pd.DataFrame, plan: OriginPlan) -> np.ndarray:
    """The :func:`line_keys` of one part of the records, under the outlet names origin
    attribution gives them with the whole corpus's ``plan``."""
    attributed = attribute_origin(raw, plan=plan)
    return line_keys(attributed["text"].fillna("").tolist(), attributed["outlet"].astype("object"))


def record_outcome(reader: RecordReader, rows: Iterable[tuple]) -> None:
    """Add a prepared part's report rows (:attr:`PreparedPart.report`) to the ingest report (a
    rejection logged, as ever)."""
    for source, doc_id, status, reason, seq in rows:
        if status == "rejected":
            reader.reject(source, reason, doc_id, seq)
        else:
            reader.add_row(source, doc_id, status, reason, seq)


def type_extras(raw: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """Give the extra (non-schema) columns of records a Parquet-safe dtype; return the table and
    each extra column's dtype (None for a column with no value): the dtype pandas infers
    (``convert_dtypes``), and text ("object") for mixed values, which are written as strings."""
    kinds: dict[str, str | None] = {}
    raw = raw.copy()
    for col in raw.columns:
        if col in CORPUS_COLUMNS or col in INTERNAL_COLUMNS:
            continue
        if raw[col].map(is_missing).all():
            kinds[col] = None
        converted = raw[col].convert_dtypes()
        if converted.dtype == object:
            converted = raw[col].map(lambda v: None if is_missing(v) else str(v)).astype("string")
            kinds.setdefault(col, "object")
        else:
            kinds.setdefault(col, str(converted.dtype))
        raw[col] = converted
    return raw, kinds


def extra_dtypes(kinds: Iterable[Mapping[str, str | None]]) -> dict[str, str]:
    """The dtype of each extra column of the whole corpus, in the order of first appearance, from
    the :func:`type_extras` kinds of its parts: the parts' dtype when they agree, Float64 for
    integers and decimals, else text."""
    seen: dict[str, set] = {}
    for part in kinds:
        for col, kind in part.items():
            seen.setdefault(col, set())
            if kind is not None:
                seen[col].add(kind)
    out = {}
    for col, found in seen.items():
        if len(found) == 1:
            out[col] = next(iter(found))
        elif found == {"Int64", "Float64"}:
            out[col] = "Float64"
        else:
            out[col] = "object"
    return out


def cast_extras(df: pd.DataFrame, dtypes: Mapping[str, str]) -> pd.DataFrame:
    """``df`` (records or corpus rows of one part) with every extra column of the corpus, in
    the corpus's order, of the corpus's dtype (:func:`extra_dtypes`)."""
    df = df.copy()
    for col, dtype in dtypes.items():
        if col not in df.columns:
            df[col] = pd.Series(pd.NA, index=df.index, dtype="object")
        if dtype == "object":
            df[col] = df[col].map(lambda v: None if is_missing(v) else str(v)).astype("string")
        elif str(df[col].dtype) != dtype:
            df[col] = df[col].astype(dtype)
    others = [c for c in df.columns if c not in dtypes]
    return df[others + list(dtypes)]


def parse_column_map(items: Iterable[str]) -> dict[str, str]:
    """Parse ``COLUMN=FIELD`` strings into a mapping; raise ValueError on a malformed item."""
    mapping = {}
    for item in items:
        src, sep, dest = item.partition("=")
        if not sep or not src.strip() or not dest.strip():
            raise ValueError(f"--map {item!r}: expected COLUMN=FIELD, e.g. body=text")
        mapping[src.strip()] = dest.strip()
    return mapping


def corpus_from_inputs(paths: str | Path | Iterable[str | Path], **ingest_options) -> pd.DataFrame:
    """Return a corpus from anything the command line accepts as INPUT.

    A single Parquet file written by :func:`write_corpus` is read as it is, and so is a single
    corpus dataset folder (``ingest -o WORK/corpus``); anything else (files, folders, raw tables)
    goes through :func:`analysis.ingest.load_corpus` with ``ingest_options``.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    paths = [Path(p) for p in paths]
    if len(paths) == 1 and is_corpus_file(paths[0]):
        return read_corpus(paths[0])
    parts = corpus_dataset_parts(paths[0]) if len(paths) == 1 else []
    if parts:  # a corpus dataset (analysis.workspace): its parts one after the other
        frames = [read_corpus(p) for p in parts]
        return validate_corpus(pd.concat(frames, ignore_index=True) if len(frames) > 1
                               else frames[0])

    return load_corpus(paths, **ingest_options)
