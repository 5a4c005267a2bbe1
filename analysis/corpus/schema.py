"""The corpus table: its schema, validation, and Parquet round trip.

One row per document. Every later stage (scoring, comparison, reports) takes this table.

==================  ==========================  ===================================================
column              dtype                       meaning
==================  ==========================  ===================================================
doc_id              string, unique              stable identifier; from the input when it has one,
                                                else derived from the source (file and record)
outlet              string                      who published this copy (the site or paper that
                                                carried it)
origin_outlet       string                      who wrote it: equals ``outlet`` unless the piece is
                                                syndicated or reposted (then e.g. ``cnn.com``)
title               string or <NA>              headline, kept apart from the body
text                string, non-empty           the article body as analysed (normalised, with
                                                boilerplate removed unless cleaning is off)
published           datetime64[ns, UTC] or NaT  publication time in UTC; naive times are read as UTC
url                 string or <NA>              canonical URL when known
source              string                      where the record came from: ``path`` for a one-
                                                article file, ``path#N`` for record N (1-based) of a
                                                table file; paths relative to the input root
n_tokens            int64                       tokens in ``text`` (see ``analysis.text.tokens``)
language            string                      ISO 639-1 code of the text's language ("en"), or
                                                "und" when undetermined (:mod:`analysis.text.
                                                language`); an input's own ``language`` is kept
removed_text        string                      text cut as boilerplate ("" when nothing was cut),
                                                kept so the cut can be audited
origin_evidence     string                      the words that attributed the piece to
                                                ``origin_outlet`` ("" when it is the outlet's own)
dup_group           int64                       near-duplicate cluster id; a story alone in its
                                                cluster still has its own id
canonical_doc_id    string                      the cluster's canonical copy: the origin outlet's
                                                own copy where present, else the earliest
is_canonical        bool                        ``doc_id == canonical_doc_id``
==================  ==========================  ===================================================

Any other columns of a table input (for example ``section`` or ``author``) are kept as they are,
so comparisons can group by them.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..outputs import atomic_path
from ..tables import require_columns
from ..text.language import detect_language
from ..text.tokens import count_tokens

__all__ = [
    "CORPUS_COLUMNS",
    "CORPUS_SCHEMA",
    "CorpusError",
    "coerce_corpus",
    "empty_corpus",
    "is_corpus_file",
    "read_corpus",
    "validate_corpus",
    "write_corpus",
]


SCHEMA_VERSION = "2"  # 2: the language column
_PARQUET_KEY = b"framing_analysis.corpus"

# column -> (pandas dtype, one-line meaning); the table in the module docstring says more.
CORPUS_SCHEMA: dict[str, tuple[str, str]] = {
    "doc_id": ("string", "unique document identifier"),
    "outlet": ("string", "who published this copy"),
    "origin_outlet": ("string", "who wrote it (differs from outlet for syndicated copies)"),
    "title": ("string", "headline"),
    "text": ("string", "article body as analysed"),
    "published": ("datetime64[ns, UTC]", "publication time, UTC"),
    "url": ("string", "canonical URL"),
    "source": ("string", "file and record it came from"),
    "n_tokens": ("int64", "tokens in text"),
    "language": ("string", "ISO 639-1 code of the text's language, 'und' when undetermined"),
    "removed_text": ("string", "boilerplate cut from the page"),
    "origin_evidence": ("string", "words that attributed the origin outlet"),
    "dup_group": ("int64", "near-duplicate cluster id"),
    "canonical_doc_id": ("string", "canonical copy of the cluster"),
    "is_canonical": ("bool", "this row is its cluster's canonical copy"),
}
CORPUS_COLUMNS: list[str] = list(CORPUS_SCHEMA)
REQUIRED_NON_NULL = ("doc_id", "outlet", "origin_outlet", "text", "source")


class CorpusError(ValueError):
    """A corpus table that breaks the schema; the message names the column and the rows."""


def is_missing(value: object) -> bool:
    """True for a cell that holds no value: None, NA, NaN, NaT or a blank string.

    For single values of any type (a JSON record's field may be a list), where ``pd.isna`` would
    answer element by element.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def empty_corpus() -> pd.DataFrame:
    """Return a corpus table with the schema's columns and dtypes and no rows."""
    return pd.DataFrame({c: pd.Series(dtype=d) for c, (d, _) in CORPUS_SCHEMA.items()})


def coerce_corpus(df: pd.DataFrame) -> pd.DataFrame:
    """Return ``df`` with schema columns first, in schema order, cast to the schema's dtypes.

    Missing derived columns are filled with their defaults (no boilerplate removed, own origin,
    every document its own cluster), so a hand-made table with only the required columns works.
    """
    df = df.copy()
    n = len(df)
    if "source" not in df and "doc_id" in df:
        df["source"] = df["doc_id"]  # a hand-made table: its ids are the only provenance it has
    if "origin_outlet" not in df and "outlet" in df:
        df["origin_outlet"] = df["outlet"]
    for col, default in (("removed_text", ""), ("origin_evidence", "")):
        if col not in df:
            df[col] = default
    if "n_tokens" not in df and "text" in df:
        df["n_tokens"] = [count_tokens(t) for t in df["text"].fillna("")]
    if "text" in df:  # detected where not given (an input may name its own language)
        given = df["language"] if "language" in df else pd.Series(pd.NA, index=df.index)
        df["language"] = [
            str(g).strip().lower() if not is_missing(g) else detect_language(t)
            for g, t in zip(given, df["text"].fillna(""), strict=True)
        ]
    if "dup_group" not in df:
        df["dup_group"] = range(n)
    if "canonical_doc_id" not in df and "doc_id" in df:
        df["canonical_doc_id"] = df["doc_id"]
    if "is_canonical" not in df and "doc_id" in df:
        df["is_canonical"] = df["doc_id"].astype("string") == df["canonical_doc_id"].astype(
            "string"
        )
    for col in ("title", "url"):
        if col not in df:
            df[col] = pd.NA
    if "published" not in df:
        df["published"] = pd.NaT
    for col, (dtype, _) in CORPUS_SCHEMA.items():
        if col not in df:
            continue
        if dtype.startswith("datetime"):
            df[col] = pd.to_datetime(df[col], utc=True, errors="coerce", format="mixed").astype(dtype)
        else:
            df[col] = df[col].astype(dtype)
    extra = [c for c in df.columns if c not in CORPUS_SCHEMA]
    ordered = [c for c in CORPUS_COLUMNS if c in df.columns] + extra
    return df[ordered].reset_index(drop=True)


def validate_corpus(df: pd.DataFrame, *, text: bool = True) -> pd.DataFrame:
    """Check ``df`` against the schema and return it unchanged; raise :class:`CorpusError` if not.

    Checks: every schema column present; required columns have no missing values; ``text`` is
    never empty; ``doc_id`` unique; ``n_tokens`` non-negative. ``text=False``: a corpus table
    read without its text column (the checks of the text left out).
    """
    columns = CORPUS_COLUMNS if text else [c for c in CORPUS_COLUMNS if c != "text"]
    require_columns(df, columns, "corpus", error=CorpusError)
    for col in REQUIRED_NON_NULL:
        if col not in columns:
            continue
        bad = df.index[df[col].isna()]
        if len(bad):
            raise CorpusError(f"corpus column {col!r} is missing in rows {_rows(bad)}")
    empty = df.index[df["text"].str.strip().str.len() == 0] if text else []
    if len(empty):
        raise CorpusError(f"corpus column 'text' is empty in rows {_rows(empty)}")
    dup = df["doc_id"][df["doc_id"].duplicated()]
    if len(dup):
        raise CorpusError(f"corpus doc_id is not unique: {', '.join(map(str, dup.unique()[:5]))}")
    if (df["n_tokens"] < 0).any():
        raise CorpusError("corpus column 'n_tokens' has negative values")
    return df


def _rows(index: Sequence) -> str:
    shown = ", ".join(str(i) for i in list(index)[:5])
    return shown + (f" and {len(index) - 5} more" if len(index) > 5 else "")


def write_corpus(df: pd.DataFrame, path: str | Path) -> Path:
    """Write the corpus to Parquet, marking the file as an ingested corpus; return the path."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    validate_corpus(df)
    # attrs (e.g. the ingest report) are not part of the corpus and pyarrow cannot store frames
    df = df.copy()
    df.attrs = {}
    table = pa.Table.from_pandas(df, preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[_PARQUET_KEY] = json.dumps({"schema_version": SCHEMA_VERSION}).encode()
    # whole or not at all: a run killed while writing leaves the previous corpus
    with atomic_path(path, kind="corpus") as tmp:
        pq.write_table(table.replace_schema_metadata(meta), tmp)
    return path


def is_corpus_file(path: str | Path) -> bool:
    """True when ``path`` is a Parquet file written by :func:`write_corpus`."""
    path = Path(path)
    if path.suffix.lower() != ".parquet" or not path.is_file():
        return False
    import pyarrow.parquet as pq

    try:
        meta = pq.read_schema(path).metadata or {}
    except Exception:  # not a readable Parquet file: let ingest report it
        return False
    return _PARQUET_KEY in meta


def read_corpus(path: str | Path) -> pd.DataFrame:
    """Read a corpus written by :func:`write_corpus`, with schema dtypes restored."""
    df = pd.read_parquet(path)
    return validate_corpus(coerce_corpus(df))
