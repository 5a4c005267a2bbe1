"""The record collector every reader feeds: one row per input record, in the corpus or in the report.

:class:`RecordReader` holds the records read so far and the ingest report (:data:`REPORT_COLUMNS`);
:func:`add_record` turns one raw record (a dict of fields) into a corpus row, repairing what it
can (an unparseable date is left missing, with a note) and rejecting what it cannot, each with
its reason.
"""

from __future__ import annotations

import codecs
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from ..text.normalize import normalize_text
from .schema import CORPUS_COLUMNS, is_missing

log = logging.getLogger(__name__)

__all__ = [
    "REPORT_COLUMNS",
]


REPORT_COLUMNS = ["source", "doc_id", "status", "reason"]
KNOWN_FIELDS = ("doc_id", "outlet", "title", "text", "published", "url", "language")
# Bookkeeping columns of the records, dropped before the corpus table is built.
INTERNAL_COLUMNS = ("_outlet_source", "_note", "_seq")
# An input field named like a column that ingest sets itself is kept under this prefix.
_RENAMED = "input_"
_RESERVED = frozenset(CORPUS_COLUMNS).difference(KNOWN_FIELDS).union(INTERNAL_COLUMNS)
FORMAT_OF = {".htm": "html"}


@dataclass
class RecordReader:
    """Accumulates records and report rows while files are read."""

    outlet: str | None
    columns: Mapping[str, str]
    encoding: str  # the declared encoding of text files (analysis.corpus.decoding)
    encoding_given: bool = False  # named by the user (--encoding), not the default
    records: list[dict] = field(default_factory=list)
    report: list[dict] = field(default_factory=list)
    pre_ingested: list[pd.DataFrame] = field(default_factory=list)
    seq: int = 0  # reading order, so the report lists records in the order they were met
    # A partitioned ingest hands the records over every ``sink_size`` records (memory bounded by
    # the partition, not the corpus); without a sink they stay in ``records``.
    sink: Callable[[list[dict]], None] | None = None
    sink_size: int = 0
    n_records: int = 0  # records kept so far, handed over or not

    @classmethod
    def for_options(
        cls, *, outlet: str | None, columns: Mapping[str, str] | None, encoding: str | None,
        **kwargs,
    ) -> RecordReader:
        """A reader for ingest's options (``kwargs``: the sink); a ValueError for a column mapped
        to something that is not a corpus field, or an encoding Python does not know."""
        columns = dict(columns or {})
        for target in columns.values():
            if target not in KNOWN_FIELDS:
                raise ValueError(
                    f"column mapping target {target!r} is not a corpus field "
                    f"({', '.join(KNOWN_FIELDS)})"
                )
        try:
            codecs.lookup(encoding or "utf-8")
        except LookupError:
            raise ValueError(f"unknown encoding {encoding!r}") from None
        return cls(outlet=outlet, columns=columns, encoding=encoding or "utf-8",
                   encoding_given=encoding is not None, **kwargs)

    def report_table(self) -> pd.DataFrame:
        """The ingest report: one row per record or file (:data:`REPORT_COLUMNS`, string dtype),
        in the order they were met."""
        return (
            pd.DataFrame(self.report, columns=[*REPORT_COLUMNS, "_seq"])
            .sort_values("_seq", kind="stable")[REPORT_COLUMNS]
            .reset_index(drop=True)
            .astype("string")
        )

    def keep(self, record: dict) -> None:
        """Keep one record read (for the sink once ``sink_size`` are waiting)."""
        self.records.append(record)
        self.n_records += 1
        if self.sink is not None and len(self.records) >= self.sink_size:
            self.flush()

    def flush(self) -> None:
        """Hand the records waiting to the sink (nothing without a sink)."""
        if self.sink is not None and self.records:
            batch, self.records = self.records, []
            self.sink(batch)

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


def missing_text_reason(found: Iterable[str], noun: str = "column") -> str:
    cols = ", ".join(found) or "(none)"
    return f"missing required {noun} 'text' ({noun}s: {cols}; map one with --map {noun.upper()}=text)"


class JSONNumber(str):
    """A number of a JSON input kept as written: an id ``1.0`` stays "1.0" rather than becoming
    1 (and colliding with an id ``1``); :attr:`value` is the number, used for every other field."""

    __slots__ = ()

    @property
    def value(self) -> int | float:
        return float(self) if any(c in self for c in ".eE") else int(self)


def add_record(
    reader: RecordReader, rec: Mapping, source: str, folder: str, *, table: bool,
    outlet_source: str = "metadata", note: str | None = None,
) -> None:
    """Validate one record, normalise its text, and keep it or report why not.

    ``note``: what the reader has to say of the record (how its bytes were decoded, ...), kept in
    the ingest report with the record's other notes.
    """
    if table and reader.columns:
        rec = {reader.columns.get(str(k), str(k)): v for k, v in rec.items()}
    rec = {
        str(k): (v.value if isinstance(v, JSONNumber) and str(k) != "doc_id" else v)
        for k, v in rec.items()
    }
    doc_id = _as_id(rec.get("doc_id"))
    if "text" not in rec:
        reader.reject(source, missing_text_reason(rec.keys(), "field"), doc_id)
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
    notes: list[str] = [note] if note else []
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
        outlet = named  # outlet_source: "metadata", or "domain" for a page's URL (HTML)
    else:
        outlet, outlet_source = folder, "folder"
    record = {
        "doc_id": doc_id or source,
        "outlet": outlet,
        "title": _optional_text(rec.get("title")),
        "text": text,
        "published": published,
        "url": _optional_text(rec.get("url")),
        "language": _optional_text(rec.get("language")),
        "source": source,
        "_outlet_source": outlet_source,
        "_note": "; ".join(notes),
        "_seq": reader.next_seq(),
        **extra,
    }
    reader.keep(record)


def _as_id(value: object) -> str | None:
    """An id as written (a JSON ``1.0`` stays "1.0"); a float that a table column made of an
    integer id (NaN elsewhere in the column) is written as the integer."""
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
    if not DATE_RANGE[0] <= ts < DATE_RANGE[1]:
        # a template's "0001-01-01", a year 9999: not a publication date, and often beyond what
        # the corpus's nanosecond timestamps can hold
        notes.append(
            f"published {str(value)[:40]!r} outside {DATE_RANGE[0].year}-{DATE_RANGE[1].year - 1}: "
            "left missing"
        )
        return None
    if ts in _PLACEHOLDER_DATES:
        notes.append(
            f"published {str(value)[:40]!r} is a placeholder date (Unix or spreadsheet zero): "
            "left missing"
        )
        return None
    return ts


# Publication dates the corpus accepts: anything else is a placeholder or a typo.
DATE_RANGE = (pd.Timestamp("1800-01-01", tz="UTC"), pd.Timestamp("2100-01-01", tz="UTC"))
# Midnight of the days that systems write when they have no date: Unix time 0 and the zero
# dates of spreadsheets (a real article published at exactly that instant is vanishingly rare).
_PLACEHOLDER_DATES = frozenset(
    pd.Timestamp(d, tz="UTC") for d in ("1970-01-01", "1900-01-01", "1899-12-30", "1899-12-31")
)
