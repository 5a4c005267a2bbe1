"""Per-format readers: JSON lines, JSON, CSV, Parquet and text files to records.

Each reader turns one file into records for :class:`analysis.corpus.records.RecordReader`; an
unreadable file or record is a report row naming the file and the record, never an exception
that stops the ingest. HTML pages are read by :mod:`analysis.corpus.html`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from .csvrows import csv_lines, csv_records
from .decoding import Decoded, decode_bytes, plain_utf8
from .html import read_html
from .records import FORMAT_OF, JSONNumber, RecordReader, add_record, missing_text_reason
from .schema import CorpusError, is_corpus_file, read_corpus


def read_file(reader: RecordReader, path: Path, rel: str, suffix: str) -> None:
    fmt = FORMAT_OF.get(suffix, suffix.lstrip("."))
    folder = Path(os.path.abspath(path)).parent.name
    if fmt == "parquet":
        _read_parquet(reader, path, rel, folder)
    elif fmt == "html":
        read_html(reader, path, rel, folder)
    elif fmt == "jsonl" and plain_utf8(path, reader.encoding):
        # plain UTF-8 JSON lines are read a line at a time: memory bounded by a record, not by
        # the file (the same records and notes as decoding the file whole)
        before = len(reader.report) + reader.n_records
        with path.open("rb") as fh:
            lines = (raw.removesuffix(b"\n").decode("utf-8") for raw in fh)
            _read_jsonl_lines(reader, lines, rel, folder, lambda lineno: None)
        if len(reader.report) + reader.n_records == before:
            reader.skip(rel, "no records in the file")
    else:
        # every text format is decoded whole, then split: a UTF-16 file has "\n" bytes inside
        # its characters, and an undecodable byte costs a note on its record, not the file
        decoded = decode_bytes(
            path.read_bytes(), declared=reader.encoding, given=reader.encoding_given
        )
        if decoded.garbled:
            reader.reject(rel, decoded.garbled)
            return
        read = {"jsonl": _read_jsonl, "json": _read_json, "csv": _read_csv, "txt": _read_txt}[fmt]
        before = len(reader.report) + reader.n_records
        read(reader, decoded, rel, folder)
        if len(reader.report) + reader.n_records == before:
            reader.skip(rel, "no records in the file")


def _read_jsonl(reader: RecordReader, decoded: Decoded, rel: str, folder: str) -> None:
    # "\n" only: U+2028 and other characters str.splitlines breaks on may stand inside a JSON
    # string, and the source numbers are the lines of the file as an editor shows them
    _read_jsonl_lines(reader, decoded.text.split("\n"), rel, folder, decoded.line_note)


def _read_jsonl_lines(reader: RecordReader, lines, rel: str, folder: str, line_note) -> None:
    for lineno, line in enumerate(lines, start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        source = f"{rel}#{lineno}"
        try:
            obj = json.loads(line, parse_int=JSONNumber, parse_float=JSONNumber)
        except json.JSONDecodeError as exc:
            reader.reject(source, f"invalid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            reader.reject(source, f"record is a JSON {type(obj).__name__}, not an object")
            continue
        add_record(reader, obj, source, folder, table=True, note=line_note(lineno))


def _read_json(reader: RecordReader, decoded: Decoded, rel: str, folder: str) -> None:
    try:
        obj = json.loads(decoded.text, parse_int=JSONNumber, parse_float=JSONNumber)
    except json.JSONDecodeError as exc:
        reader.reject(rel, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    note = decoded.line_note(1, decoded.text.count("\n") + 1)
    if isinstance(obj, dict) and not _has_text_field(obj, reader.columns):
        lists = [v for v in obj.values() if isinstance(v, list)]
        if len(lists) == 1:
            obj = lists[0]
    if isinstance(obj, dict):
        add_record(reader, obj, rel, folder, table=True, note=note)
        return
    if not isinstance(obj, list):
        reader.reject(rel, "JSON file holds neither an array of records nor one record object")
        return
    for i, item in enumerate(obj, start=1):
        source = f"{rel}#{i}"
        if not isinstance(item, dict):
            reader.reject(source, f"record is a JSON {type(item).__name__}, not an object")
            continue
        add_record(reader, item, source, folder, table=True, note=note)


def _has_text_field(obj: dict, columns: Mapping[str, str]) -> bool:
    return "text" in obj or any(t == "text" and s in obj for s, t in columns.items())


def _read_csv(reader: RecordReader, decoded: Decoded, rel: str, folder: str) -> None:
    lines, cr_note = csv_lines(decoded.text)
    if not any(line.strip() for line in lines):
        reader.reject(rel, "empty CSV file (no header row)")
        return
    header, delimiter, first = _csv_header(lines, reader.columns)
    if header is None:
        reader.reject(rel, f"unreadable CSV header: {delimiter}")
        return
    mapped = [reader.columns.get(h, h) for h in header]
    n = 0
    if "text" not in mapped:
        rows = [r for r in csv_records(lines, first, delimiter, len(header))]
        reason = missing_text_reason(header)
        guess = _other_delimiter(lines, reader.columns)
        if guess:
            reason += f"; the header reads as {guess}-separated, which this reader does not guess"
        _reject_all(reader, rel, len(rows), reason)
        return
    file_note = "; ".join(filter(None, [_delimiter_note(delimiter), cr_note])) or None
    for rec in csv_records(lines, first, delimiter, len(header)):
        n += 1
        source = f"{rel}#{n}"
        if rec.error is not None:
            reader.reject(source, f"line {rec.first}: {rec.error}; this record is left out")
            continue
        note = "; ".join(filter(None, [file_note, decoded.line_note(rec.first, rec.last)]))
        add_record(reader, dict(zip(header, rec.fields, strict=True)), source, folder,
                   table=True, note=note or None)


def _csv_header(lines: list[str], columns: Mapping[str, str]):
    """(header, delimiter, index of the first data line): the header is split on commas, or on
    the first of ; tab | that gives it a text column when commas do not."""
    delimiters = [",", ";", "\t", "|"]
    first_line = next(i for i, line in enumerate(lines) if line.strip())
    best = None
    for d in delimiters:
        got = next(csv_records(lines, first_line, d, None), None)
        if got is None or got.error is not None:
            if d == ",":
                return None, got.error if got else "no header", 0
            continue
        header = [h.strip() for h in got.fields]
        if best is None:
            best = (header, d, got.last)
        if "text" in [columns.get(h, h) for h in header]:
            return header, d, got.last
    return best


def _other_delimiter(lines: list[str], columns: Mapping[str, str]) -> str | None:
    header, delimiter, _ = _csv_header(lines, columns)
    if header is not None and delimiter == "," and len(header) == 1:
        for d, name in ((";", "semicolon"), ("\t", "tab"), ("|", "bar")):
            if d in header[0]:
                return name
    return None


def _delimiter_note(delimiter: str) -> str | None:
    if delimiter == ",":
        return None
    name = {";": "semicolon", "\t": "tab", "|": "bar"}[delimiter]
    return f"read as {name}-separated (split on commas the header has no text column)"


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


def _read_txt(reader: RecordReader, decoded: Decoded, rel: str, folder: str) -> None:
    meta, body = _split_front_matter(decoded.text)
    rec = {reader.columns.get(k, k): v for k, v in meta.items()}
    rec["text"] = body
    note = decoded.line_note(1, decoded.text.count("\n") + 1)
    add_record(reader, rec, rel, folder, table=False, note=note)


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
