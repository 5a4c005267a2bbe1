"""Per-format readers: JSON lines, JSON, CSV, Parquet and text files to records.

Each reader turns one file into records for :class:`analysis.corpus.records.RecordReader`; an
unreadable file or record is a report row naming the file and the record, never an exception
that stops the ingest. HTML pages are read by :mod:`analysis.corpus.html`.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd

from .html import read_html
from .records import FORMAT_OF, RecordReader, add_record, missing_text_reason
from .schema import CorpusError, is_corpus_file, read_corpus


def read_file(reader: RecordReader, path: Path, rel: str, suffix: str) -> None:
    fmt = FORMAT_OF.get(suffix, suffix.lstrip("."))
    folder = Path(os.path.abspath(path)).parent.name
    if fmt == "parquet":
        _read_parquet(reader, path, rel, folder)
    elif fmt == "html":
        read_html(reader, path, rel, folder)
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


def _decode(reader: RecordReader, data: bytes, rel: str) -> str | None:
    try:
        return data.decode(reader.codec)
    except UnicodeDecodeError as exc:
        reader.reject(
            rel,
            f"undecodable bytes: not valid {reader.encoding} at byte {exc.start} "
            f"(pass --encoding if the file uses another encoding)",
        )
        return None


def _read_jsonl(reader: RecordReader, data: bytes, rel: str, folder: str) -> None:
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
        add_record(reader, obj, source, folder, table=True)


def _read_json(reader: RecordReader, text: str, rel: str, folder: str) -> None:
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
        add_record(reader, obj, rel, folder, table=True)
        return
    if not isinstance(obj, list):
        reader.reject(rel, "JSON file holds neither an array of records nor one record object")
        return
    for i, item in enumerate(obj, start=1):
        source = f"{rel}#{i}"
        if not isinstance(item, dict):
            reader.reject(source, f"record is a JSON {type(item).__name__}, not an object")
            continue
        add_record(reader, item, source, folder, table=True)


def _has_text_field(obj: dict, columns: Mapping[str, str]) -> bool:
    return "text" in obj or any(t == "text" and s in obj for s, t in columns.items())


def _read_csv(reader: RecordReader, text: str, rel: str, folder: str) -> None:
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
        _reject_all(reader, rel, sum(1 for _ in _safe_rows(rows)), missing_text_reason(header))
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
        add_record(reader, dict(zip(header, row, strict=True)), source, folder, table=True)


def _safe_rows(rows: Iterator[list[str]]) -> Iterator[list[str]]:
    while True:
        try:
            row = next(rows)
        except (StopIteration, csv.Error):
            return
        if row and any(c.strip() for c in row):
            yield row


def _reject_all(reader: RecordReader, rel: str, n: int, reason: str) -> None:
    """Reject records 1..n of a table file, or the file itself when it has none.

    Every record is accounted for even though none can be used.
    """
    for i in range(1, n + 1):
        reader.reject(f"{rel}#{i}", reason)
    if n == 0:
        reader.reject(rel, reason)


def _read_parquet(reader: RecordReader, path: Path, rel: str, folder: str) -> None:
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
        _reject_all(reader, rel, len(df), missing_text_reason(map(str, df.columns)))
        return
    for i, rec in enumerate(df.to_dict(orient="records"), start=1):
        add_record(reader, rec, f"{rel}#{i}", folder, table=True)


def _read_txt(reader: RecordReader, text: str, rel: str, folder: str) -> None:
    meta, body = _split_front_matter(text)
    rec = {reader.columns.get(k, k): v for k, v in meta.items()}
    rec["text"] = body
    add_record(reader, rec, rel, folder, table=False)


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
