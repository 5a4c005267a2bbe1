"""CSV text to records, where a malformed record costs that record only.

Python's ``csv`` module, left to itself, lets one unbalanced quote swallow every following row
into one field, reads ``"bad "quote" in middle"`` as ``bad quote" in middle"``, and turns a bare
carriage return into a record break. Here records are read with ``strict=True`` (RFC 4180
quoting, doubled quotes inside quoted fields, fields that span lines) and checked:

* a record the strict reader refuses (a stray quote, end of file inside quotes) is an error
  naming its first line;
* a record with another number of fields than the header is an error too; when it spans several
  lines it is almost always an unbalanced quote that swallowed the next rows;

and reading starts again on the line after the first line of the failed record, so the rows the
bad one had swallowed are read as the rows they are.

Line ends: ``\\n`` and ``\\r\\n`` end lines; a file that uses only ``\\r`` (classic Mac) has its
``\\r`` read as line ends; otherwise a bare ``\\r`` inside a line is read as a space, with a note.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass

csv.field_size_limit(2**31 - 1)  # articles are long; the limit guards no one here


@dataclass(frozen=True, slots=True)
class CSVRecord:
    """One record: its first and last line (1-based) and its fields, or why it was refused."""

    first: int
    last: int
    fields: list[str] | None
    error: str | None = None


def csv_lines(text: str) -> tuple[list[str], str | None]:
    """The physical lines of a CSV text (line ends kept) and a note when bare ``\\r`` were read
    as spaces."""
    note = None
    if "\r" in text:
        if "\n" not in text:
            text = text.replace("\r", "\n")  # classic Mac line ends
        else:
            text = text.replace("\r\n", "\n")
            if "\r" in text:
                text = text.replace("\r", " ")
                note = "bare carriage return(s) read as spaces"
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line + "\n" for line in lines], note


class _Feed:
    """The lines from ``start`` on, for a csv reader; ``pos`` is the next line's index."""

    __slots__ = ("lines", "pos")

    def __init__(self, lines: list[str], start: int) -> None:
        self.lines, self.pos = lines, start

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def csv_records(
    lines: list[str], start: int, delimiter: str, n_fields: int | None
) -> Iterator[CSVRecord]:
    """The records of ``lines[start:]``; blank lines are no records. ``n_fields``: the header's
    number of fields (None: any number)."""
    feed = _Feed(lines, start)
    reader = csv.reader(feed, delimiter=delimiter, strict=True)
    while True:
        first = feed.pos
        while first < len(lines) and not lines[first].strip():
            first += 1  # blank lines are skipped by the reader too; a record starts after them
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield CSVRecord(first + 1, feed.pos, None, f"malformed CSV record ({exc})")
            feed.pos = first + 1
            reader = csv.reader(feed, delimiter=delimiter, strict=True)
            continue
        if not fields or all(not f.strip() for f in fields):
            continue
        last = feed.pos
        if n_fields is not None and len(fields) != n_fields:
            spans = last - first > 1
            why = f"CSV record has {len(fields)} fields, header has {n_fields}" + (
                f" (it runs over lines {first + 1}-{last}: an unbalanced quote?)" if spans
                else " (check quoting)"
            )
            yield CSVRecord(first + 1, last, None, why)
            if spans:  # the rows the bad record swallowed are read again on their own
                feed.pos = first + 1
                reader = csv.reader(feed, delimiter=delimiter, strict=True)
            continue
        yield CSVRecord(first + 1, last, fields)
