"""Corpus ingest: files and folders in, one corpus table out, and an account of every record.

Accepted inputs (folders are searched recursively, files in sorted path order, folders whose name
starts with "." left out; :func:`input_files` lists what is read):

=============  ==============================================================================
``.jsonl``     one JSON object per line (blank lines ignored)
``.json``      a JSON array of objects, an object holding one such array, or one article object
``.csv``       a header row, then one article per row (RFC 4180 quoting, multi-line fields)
``.parquet``   a table; a corpus written by :func:`analysis.corpus.write_corpus` is taken as it is
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
(:func:`analysis.origin.attribute_origin`, :func:`analysis.boilerplate.clean_corpus`); when
``dedup`` is on (the default), near-duplicate copies are clustered
(:func:`analysis.dedup.cluster_near_duplicates`).
"""

from __future__ import annotations

import codecs
import csv
import fnmatch
import io
import json
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .corpus import (
    CORPUS_COLUMNS,
    CorpusError,
    coerce_corpus,
    empty_corpus,
    is_corpus_file,
    is_missing,
    read_corpus,
    validate_corpus,
    write_corpus,
)
from .textnorm import normalize_text

__all__ = [
    "IngestResult",
    "REPORT_COLUMNS",
    "SUPPORTED_EXTENSIONS",
    "ingest",
    "input_files",
    "load_corpus",
]

log = logging.getLogger(__name__)

SUPPORTED_EXTENSIONS = (".jsonl", ".json", ".csv", ".parquet", ".txt", ".html", ".htm")
DEFAULT_EXCLUDE = ("README*", "LICENSE*", "*.md", ".*", "_*")
REPORT_COLUMNS = ["source", "doc_id", "status", "reason"]
KNOWN_FIELDS = ("doc_id", "outlet", "title", "text", "published", "url")
# Bookkeeping columns of the records, dropped before the corpus table is built.
_INTERNAL = ("_outlet_source", "_note", "_seq")
# An input field named like a column that ingest sets itself is kept under this prefix.
_RENAMED = "input_"
_RESERVED = frozenset(CORPUS_COLUMNS).difference(KNOWN_FIELDS).union(_INTERNAL)
_FORMAT_OF = {".htm": "html"}


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


@dataclass
class _Reader:
    """Accumulates records and report rows while files are read."""

    outlet: str | None
    columns: Mapping[str, str]
    encoding: str  # as the user named it, for messages
    codec: str  # what bytes are decoded with: utf-8-sig for utf-8, so a byte-order mark goes
    records: list[dict] = field(default_factory=list)
    report: list[dict] = field(default_factory=list)
    pre_ingested: list[pd.DataFrame] = field(default_factory=list)
    seq: int = 0  # reading order, so the report lists records in the order they were met

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    def add_row(self, source: str, doc_id: object, status: str, reason: str | None,
                seq: int | None = None) -> None:
        self.report.append({"source": source, "doc_id": _as_id(doc_id), "status": status,
                            "reason": reason, "_seq": self.next_seq() if seq is None else seq})

    def reject(self, source: str, reason: str, doc_id: object = None, seq: int | None = None) -> None:
        # One line per record at INFO: the command line shows them; in a notebook the report
        # table lists them and load_corpus warns once with the totals.
        log.info("%s: %s", source, reason)
        self.add_row(source, doc_id, "rejected", reason, seq)

    def skip(self, source: str, reason: str) -> None:
        self.add_row(source, None, "skipped", reason)


def ingest(
    paths: str | Path | Iterable[str | Path],
    *,
    outlet: str | None = None,
    columns: Mapping[str, str] | None = None,
    encoding: str = "utf-8",
    clean: bool = True,
    dedup: bool = True,
    dedup_threshold: float | None = None,
    seed: int | None = None,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    progress: bool = False,
) -> IngestResult:
    """Read files and folders into a corpus; return the corpus and the ingest report.

    ``outlet`` overrides every record's outlet. ``columns`` maps input column names to corpus
    names (``{"body": "text"}``). ``encoding`` is the text encoding of txt/csv/json/jsonl files
    (HTML pages declare their own). ``clean`` turns origin attribution and boilerplate removal on
    or off; ``dedup`` near-duplicate clustering (``dedup_threshold`` and ``seed`` are passed to
    it). ``exclude`` holds file-name patterns reported as skipped rather than read.

    Raises ``FileNotFoundError`` when an input path does not exist; every other problem is a row
    of the report.
    """
    files = input_files(paths, exclude=())  # excluded names too: the report lists them
    columns = dict(columns or {})
    for target in columns.values():
        if target not in KNOWN_FIELDS:
            raise ValueError(
                f"column mapping target {target!r} is not a corpus field ({', '.join(KNOWN_FIELDS)})"
            )
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise ValueError(f"unknown encoding {encoding!r}") from None
    reader = _Reader(outlet=outlet, columns=columns, encoding=encoding,
                     codec="utf-8-sig" if codec == "utf-8" else codec)
    if progress:
        from tqdm.auto import tqdm
        from tqdm.contrib.logging import logging_redirect_tqdm

        # per-record lines are written above the bar instead of through it
        with logging_redirect_tqdm():
            for rel, path in tqdm(files, desc="ingest", unit="file"):
                _read_path(reader, path, rel, exclude)
    else:
        for rel, path in files:
            _read_path(reader, path, rel, exclude)
    corpus = _build_corpus(reader, clean=clean, dedup=dedup, threshold=dedup_threshold, seed=seed)
    report = (
        pd.DataFrame(reader.report, columns=[*REPORT_COLUMNS, "_seq"])
        .sort_values("_seq", kind="stable")[REPORT_COLUMNS]
        .reset_index(drop=True)
        .astype("string")
    )
    return IngestResult(corpus=corpus, report=report)


def _read_path(reader: _Reader, path: Path, rel: str, exclude: Sequence[str]) -> None:
    pattern = _excluded_by(path, exclude)
    if pattern is not None:
        reader.skip(rel, f"excluded by pattern {pattern!r}")
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
        _read_file(reader, path, rel, suffix)
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


# --------------------------------------------------------------------------- file discovery


def input_files(
    paths: str | Path | Iterable[str | Path], *, exclude: Sequence[str] = DEFAULT_EXCLUDE
) -> list[tuple[str, Path]]:
    """Return the files ingest reads under ``paths``, as ``(source name, path)`` in reading order.

    Folders are searched recursively, files in sorted path order; folders whose name starts with
    "." (``.git``, ``.ipynb_checkpoints``) are not searched; a file reached twice is listed once;
    a broken link is listed (ingest reports it as unreadable). Files whose name matches an
    ``exclude`` pattern are left out (:func:`ingest` reports them as skipped). The source name is
    the path relative to the inputs' common folder, as in the corpus's ``source`` column.
    Raises ``FileNotFoundError`` for an input path that does not exist.
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
    return [(_relative(f, root), f) for f in _expand(paths) if _excluded_by(f, exclude) is None]


def _excluded_by(path: Path, exclude: Sequence[str]) -> str | None:
    """The first ``exclude`` pattern that the file's name matches, or None."""
    return next((p for p in exclude if fnmatch.fnmatch(path.name, p)), None)


def _expand(paths: Sequence[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for p in paths:
        if p.is_dir():
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


# --------------------------------------------------------------------------- readers


def _read_file(reader: _Reader, path: Path, rel: str, suffix: str) -> None:
    fmt = _FORMAT_OF.get(suffix, suffix.lstrip("."))
    folder = Path(os.path.abspath(path)).parent.name
    if fmt == "parquet":
        _read_parquet(reader, path, rel, folder)
    elif fmt == "html":
        _read_html(reader, path, rel, folder)
    else:
        data = path.read_bytes()
        if fmt == "jsonl":
            _read_jsonl(reader, data, rel, folder)
            return
        text = _decode(reader, data, rel)
        if text is None:
            return
        if fmt == "json":
            _read_json(reader, text, rel, folder)
        elif fmt == "csv":
            _read_csv(reader, text, rel, folder)
        elif fmt == "txt":
            _read_txt(reader, text, rel, folder)


def _decode(reader: _Reader, data: bytes, rel: str) -> str | None:
    try:
        return data.decode(reader.codec)
    except UnicodeDecodeError as exc:
        reader.reject(
            rel,
            f"undecodable bytes: not valid {reader.encoding} at byte {exc.start} "
            f"(pass --encoding if the file uses another encoding)",
        )
        return None


def _read_jsonl(reader: _Reader, data: bytes, rel: str, folder: str) -> None:
    for lineno, raw in enumerate(data.splitlines(), start=1):
        source = f"{rel}#{lineno}"
        try:
            line = raw.decode(reader.codec)
        except UnicodeDecodeError as exc:
            reader.reject(
                source,
                f"undecodable bytes: not valid {reader.encoding} at byte {exc.start} of the line",
            )
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            reader.reject(source, f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            reader.reject(source, f"record is a JSON {type(obj).__name__}, not an object")
            continue
        _add_record(reader, obj, source, folder, table=True)


def _read_json(reader: _Reader, text: str, rel: str, folder: str) -> None:
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        reader.reject(rel, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    if isinstance(obj, dict) and not _has_text_field(obj, reader.columns):
        lists = [v for v in obj.values() if isinstance(v, list)]
        if len(lists) == 1:
            obj = lists[0]
    if isinstance(obj, dict):
        _add_record(reader, obj, rel, folder, table=True)
        return
    if not isinstance(obj, list):
        reader.reject(rel, "JSON file holds neither an array of records nor one record object")
        return
    for i, item in enumerate(obj, start=1):
        source = f"{rel}#{i}"
        if not isinstance(item, dict):
            reader.reject(source, f"record is a JSON {type(item).__name__}, not an object")
            continue
        _add_record(reader, item, source, folder, table=True)


def _has_text_field(obj: dict, columns: Mapping[str, str]) -> bool:
    return "text" in obj or any(t == "text" and s in obj for s, t in columns.items())


def _read_csv(reader: _Reader, text: str, rel: str, folder: str) -> None:
    csv.field_size_limit(2**31 - 1)
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows)
    except StopIteration:
        reader.reject(rel, "empty CSV file (no header row)")
        return
    except csv.Error as exc:
        reader.reject(rel, f"unreadable CSV header: {exc}")
        return
    header = [h.strip() for h in header]
    mapped = [reader.columns.get(h, h) for h in header]
    if "text" not in mapped:
        _reject_all(reader, rel, sum(1 for _ in _safe_rows(rows)), _missing_text_reason(header))
        return
    i = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            i += 1
            reader.reject(f"{rel}#{i}", f"malformed CSV record near line {rows.line_num}: {exc}")
            break
        if not row or all(not c.strip() for c in row):
            continue
        i += 1
        source = f"{rel}#{i}"
        if len(row) != len(header):
            reader.reject(
                source,
                f"CSV record has {len(row)} fields, header has {len(header)} "
                f"(near line {rows.line_num}; check quoting)",
            )
            continue
        _add_record(reader, dict(zip(header, row, strict=True)), source, folder, table=True)


def _safe_rows(rows: Iterator[list[str]]) -> Iterator[list[str]]:
    while True:
        try:
            row = next(rows)
        except (StopIteration, csv.Error):
            return
        if row and any(c.strip() for c in row):
            yield row


def _reject_all(reader: _Reader, rel: str, n: int, reason: str) -> None:
    """Reject records 1..n of a table file, or the file itself when it has none.

    Every record is accounted for even though none can be used.
    """
    for i in range(1, n + 1):
        reader.reject(f"{rel}#{i}", reason)
    if n == 0:
        reader.reject(rel, reason)


def _missing_text_reason(found: Iterable[str], noun: str = "column") -> str:
    cols = ", ".join(found) or "(none)"
    return f"missing required {noun} 'text' ({noun}s: {cols}; map one with --map {noun.upper()}=text)"


def _read_parquet(reader: _Reader, path: Path, rel: str, folder: str) -> None:
    ingested = is_corpus_file(path)
    try:
        df = read_corpus(path) if ingested else pd.read_parquet(path)
    except CorpusError as exc:  # a corpus file edited or damaged since it was written
        reader.reject(rel, f"invalid corpus file: {exc}")
        return
    except Exception as exc:  # pyarrow raises several types for a broken file
        reader.reject(rel, f"unreadable Parquet file: {exc}")
        return
    if ingested:
        # Already ingested: taken as it is (its sources and cleaning are kept).
        reader.pre_ingested.append(df)
        for doc_id, source in zip(df["doc_id"], df["source"], strict=True):
            reader.add_row(source, doc_id, "loaded", f"from ingested corpus {rel}")
        return
    mapped = [reader.columns.get(str(c), str(c)) for c in df.columns]
    if "text" not in mapped:
        _reject_all(reader, rel, len(df), _missing_text_reason(map(str, df.columns)))
        return
    for i, rec in enumerate(df.to_dict(orient="records"), start=1):
        _add_record(reader, rec, f"{rel}#{i}", folder, table=True)


def _read_txt(reader: _Reader, text: str, rel: str, folder: str) -> None:
    meta, body = _split_front_matter(text)
    rec = {reader.columns.get(k, k): v for k, v in meta.items()}
    rec["text"] = body
    _add_record(reader, rec, rel, folder, table=False)


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split an optional ``---`` / ``key: value`` / ``---`` header from the body."""
    stripped = text.lstrip("\ufeff")
    lines = stripped.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return {}, text
    meta: dict[str, str] = {}
    for i, line in enumerate(lines[1:60], start=1):
        if line.strip() == "---":
            return meta, "".join(lines[i + 1 :])
        key, sep, value = line.partition(":")
        if not sep or not key.strip() or " " in key.strip():
            return {}, text  # not a front-matter block after all
        meta[key.strip().lower()] = value.strip().strip('"')
    return {}, text


def _read_html(reader: _Reader, path: Path, rel: str, folder: str) -> None:
    import trafilatura

    data = path.read_bytes()
    doc = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    if doc is None or doc.body is None:
        reader.reject(rel, "no main text found in the HTML page")
        return
    title = doc.title
    rec = {
        "title": title,
        "text": _html_body_text(doc.body, title),
        # htmldate keeps only the day for some pages; the page's own timestamp is more precise
        "published": _html_published_time(data) or doc.date,
        "url": doc.url,
    }
    if doc.sitename:
        rec["outlet"] = doc.sitename
    _add_record(reader, rec, rel, folder, table=False)


_PUBLISHED_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@property='og:article:published_time']/@content",
    "//meta[@name='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='pubdate']/@content",
    "//meta[@name='date']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//article//time/@datetime",
)


def _html_published_time(data: bytes) -> str | None:
    """The publication timestamp a page declares in its metadata, with time and offset."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(data)
    except (ValueError, lxml.etree.ParserError):
        return None
    for xpath in _PUBLISHED_XPATHS:
        for value in tree.xpath(xpath):
            if str(value).strip():
                return str(value).strip()
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            obj = json.loads(script)
        except json.JSONDecodeError:
            continue
        for item in obj if isinstance(obj, list) else [obj]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                return item["datePublished"]
    return None


def _html_body_text(body, title: str | None) -> str:
    """Join trafilatura's block elements as paragraphs separated by a blank line.

    Paragraph breaks matter downstream: a quotation that runs over several paragraphs is marked
    by an opening quote at each paragraph start.
    """
    blocks: list[str] = []
    for el in body:
        if el.tag == "list":
            items = el.iter("item")
        else:
            items = [el]
        for item in items:
            for lb in item.iter("lb"):
                lb.tail = "\n" + (lb.tail or "")
            block = "".join(item.itertext()).strip()
            if block:
                blocks.append(block)
    if blocks and title and body[0].tag == "head" and blocks[0].strip() == title.strip():
        blocks = blocks[1:]  # the headline is kept in `title`, not repeated in the body
    return "\n\n".join(blocks)


# --------------------------------------------------------------------------- records


def _add_record(
    reader: _Reader, rec: Mapping, source: str, folder: str, *, table: bool
) -> None:
    """Validate one record, normalise its text, and keep it or report why not."""
    if table and reader.columns:
        rec = {reader.columns.get(str(k), str(k)): v for k, v in rec.items()}
    rec = {str(k): v for k, v in rec.items()}
    doc_id = _as_id(rec.get("doc_id"))
    if "text" not in rec:
        reader.reject(source, _missing_text_reason(rec.keys(), "field"), doc_id)
        return
    raw = rec["text"]
    if is_missing(raw):
        reader.reject(source, "empty text", doc_id)
        return
    if not isinstance(raw, str):
        reader.reject(source, f"text is not a string (got {type(raw).__name__})", doc_id)
        return
    text = normalize_text(raw)
    if not text:
        reader.reject(source, "empty text", doc_id)
        return
    notes: list[str] = []
    published = _parse_published(rec.get("published"), notes)
    extra = {}
    for k, v in rec.items():
        if k in KNOWN_FIELDS:
            continue
        if k in _RESERVED:
            notes.append(f"input field {k!r} kept as {_RENAMED + k!r} (ingest sets {k!r} itself)")
            k = _RENAMED + k
        extra[k] = None if is_missing(v) else v
    if reader.outlet:
        outlet, outlet_source = reader.outlet, "option"
    elif (named := _optional_text(rec.get("outlet"))) is not None:
        outlet, outlet_source = named, "metadata"
    else:
        outlet, outlet_source = folder, "folder"
    record = {
        "doc_id": doc_id or source,
        "outlet": outlet,
        "title": _optional_text(rec.get("title")),
        "text": text,
        "published": published,
        "url": _optional_text(rec.get("url")),
        "source": source,
        "_outlet_source": outlet_source,
        "_note": "; ".join(notes),
        "_seq": reader.next_seq(),
        **extra,
    }
    reader.records.append(record)


def _as_id(value: object) -> str | None:
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = str(value).strip()
    return s or None


def _optional_text(value: object) -> str | None:
    if is_missing(value):
        return None
    s = normalize_text(str(value))
    return s or None


def _parse_published(value: object, notes: list[str]) -> pd.Timestamp | None:
    """Parse a date to UTC; naive times are taken as UTC; numbers as Unix seconds."""
    if is_missing(value):
        return None
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            ts = pd.Timestamp(value, unit="s", tz="UTC")
        else:
            ts = pd.Timestamp(value)
            ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    except (ValueError, TypeError, OverflowError):
        notes.append(f"published {str(value)[:40]!r} not understood: left missing")
        return None
    if ts is pd.NaT:
        return None
    return ts


# --------------------------------------------------------------------------- corpus assembly


def _build_corpus(
    reader: _Reader, *, clean: bool, dedup: bool, threshold: float | None, seed: int | None
) -> pd.DataFrame:
    raw = _dedupe_ids(reader)
    if raw is not None and len(raw):
        if clean:
            from .boilerplate import clean_corpus
            from .origin import attribute_origin

            raw = clean_corpus(attribute_origin(raw))
            raw = _drop_emptied(reader, raw)
        for source, doc_id, note, seq in zip(
            raw["source"], raw["doc_id"], raw["_note"], raw["_seq"], strict=True
        ):
            reader.add_row(source, doc_id, "loaded", note or None, seq)
        # coerce_corpus fills what is not set yet: n_tokens, and without cleaning the outlet's
        # own origin and nothing removed
        new = _extra_dtypes(coerce_corpus(raw.drop(columns=list(_INTERNAL))))
    else:
        new = empty_corpus()
    frames = [f for f in [*reader.pre_ingested, new] if len(f)]
    if not frames:
        return empty_corpus()
    corpus = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if dedup and len(corpus):
        from .dedup import cluster_near_duplicates

        options = {}
        if threshold is not None:
            options["threshold"] = threshold
        if seed is not None:
            options["seed"] = seed
        corpus = cluster_near_duplicates(corpus, **options)
    elif len(frames) > 1:
        corpus = corpus.drop(columns=["dup_group", "canonical_doc_id", "is_canonical"])
    return validate_corpus(coerce_corpus(corpus))


def _dedupe_ids(reader: _Reader) -> pd.DataFrame | None:
    """Keep the first record of each doc_id; report the later ones."""
    first_source: dict[str, str] = {}
    for df in reader.pre_ingested:
        first_source.update(zip(df["doc_id"], df["source"], strict=True))
    kept = []
    for rec in reader.records:
        prior = first_source.get(rec["doc_id"])
        if prior is not None:
            reader.reject(
                rec["source"], f"duplicate doc_id {rec['doc_id']!r} (first loaded from {prior})",
                rec["doc_id"], rec["_seq"],
            )
            continue
        first_source[rec["doc_id"]] = rec["source"]
        kept.append(rec)
    if not kept:
        return None
    return pd.DataFrame(kept)


def _drop_emptied(reader: _Reader, df: pd.DataFrame) -> pd.DataFrame:
    emptied = df["text"].fillna("").str.strip() == ""
    for source, doc_id, seq in zip(
        df.loc[emptied, "source"], df.loc[emptied, "doc_id"], df.loc[emptied, "_seq"], strict=True
    ):
        reader.reject(source, "empty text after boilerplate removal", doc_id, seq)
    return df[~emptied].reset_index(drop=True)


def _extra_dtypes(df: pd.DataFrame) -> pd.DataFrame:
    """Give extra (non-schema) columns a Parquet-safe dtype."""
    for col in df.columns:
        if col in CORPUS_COLUMNS:
            continue
        converted = df[col].convert_dtypes()
        if converted.dtype == object:
            converted = df[col].map(lambda v: None if is_missing(v) else str(v)).astype("string")
        df[col] = converted
    return df


# --------------------------------------------------------------------------- command line


def register_cli(subparsers) -> None:
    """Add ``ingest`` to the command line."""
    p = subparsers.add_parser(
        "ingest",
        help="read files and folders into a corpus (Parquet)",
        description="Read articles from .jsonl/.json/.csv/.parquet/.txt/.html files and folders "
        "into one corpus table. Every record is either loaded or listed in the ingest report "
        "with its reason. Exits non-zero only when nothing usable was read.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (searched recursively)")
    p.add_argument("-o", "--output", required=True, help="corpus file to write (.parquet)")
    p.add_argument("--report", metavar="CSV", help="write the ingest report (source, doc_id, status, reason)")
    p.add_argument("--outlet", help="outlet for every record (overrides metadata and folder names)")
    p.add_argument(
        "--map", action="append", default=[], metavar="COLUMN=FIELD",
        help="use input COLUMN as corpus FIELD (doc_id, outlet, title, text, published, url); repeatable",
    )
    p.add_argument("--encoding", default="utf-8", help="encoding of txt/csv/json/jsonl files (default utf-8)")
    p.add_argument("--no-clean", dest="clean", action="store_false",
                   help="keep pages as they are: no boilerplate removal or origin attribution")
    p.add_argument("--no-dedup", dest="dedup", action="store_false",
                   help="do not cluster near-duplicate copies")
    from .dedup import DEFAULT_THRESHOLD

    p.add_argument("--dedup-threshold", type=float, default=None, metavar="J",
                   help="word 5-gram Jaccard at or above which two documents are copies of one "
                   f"story (default {DEFAULT_THRESHOLD}; see docs/reposts.md)")
    p.add_argument("--seed", type=int, default=None, help="seed for near-duplicate hashing")
    p.set_defaults(func=_cli_ingest)


def parse_column_map(items: Iterable[str]) -> dict[str, str]:
    """Parse ``COLUMN=FIELD`` strings into a mapping; raise ValueError on a malformed item."""
    mapping = {}
    for item in items:
        src, sep, dest = item.partition("=")
        if not sep or not src.strip() or not dest.strip():
            raise ValueError(f"--map {item!r}: expected COLUMN=FIELD, e.g. body=text")
        mapping[src.strip()] = dest.strip()
    return mapping


def _cli_ingest(args) -> int:
    out = Path(args.output)
    if out.suffix.lower() != ".parquet":
        raise ValueError(f"{out}: the corpus is written as Parquet; use a .parquet file name")
    result = ingest(
        args.inputs,
        outlet=args.outlet,
        columns=parse_column_map(args.map),
        encoding=args.encoding,
        clean=args.clean,
        dedup=args.dedup,
        dedup_threshold=args.dedup_threshold,
        seed=args.seed,
        progress=not args.quiet,
    )
    if args.report:
        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        result.report.to_csv(args.report, index=False)
    if result.corpus.empty:
        log.error(
            "nothing usable was read from %s: %s",
            ", ".join(args.inputs), result.summary(),
        )
        return 1
    write_corpus(result.corpus, out)
    log.info("ingest: %s; corpus written to %s", result.summary(), out)
    return 0
