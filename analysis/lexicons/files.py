"""Lexicons: loading, validation and provenance of the word lists that scoring counts.

File formats
------------
**CSV lexicon** (UTF-8, header row): ``term,category`` and optionally ``weight`` (a number,
default 1; an empty cell means 1), ``note`` (why the term is loaded) and ``source`` (where the
term comes from). Any other column is kept in ``Lexicon.entries`` after these five.

**LIWC-style .dic** (the format of the Moral Foundations dictionaries): a header block between
two lines holding only ``%`` that maps category numbers to names (``1<TAB>care.virtue``), then
one line per word: ``word<TAB>num num ...``. A word in several categories gives one entry per
(term, category). Multiword entries are allowed when the fields are tab-separated, or, without
tabs, the trailing numbers are the categories. LIWC 2007's conditional codes
(``134/125`` or ``(02 134)126``) are refused with an error rather than guessed at.

**Naming file** (:func:`load_naming`): ``referent,variant`` (+ optional ``note``): competing names
for the same referent; loaded as a Lexicon whose category is the referent.

Terms
-----
A term is one or more words joined by spaces or hyphens; a word is letters/digits/underscore,
with apostrophes or full stops allowed inside it ("Azerbaijan's", "U.N") and a full stop at its
end for abbreviations ("U.S.", "Gen."); a ``*`` may end the term (``massacre*``).
Matching rules (case, wildcards, hyphens, apostrophes, overlaps) are the matcher's business:
see :mod:`analysis.lexicons.matcher`.

Validation
----------
Errors raise :class:`LexiconError` naming the file, the line and the problem, with every problem
of a file listed at once: missing column, a column named twice, empty term or category, weight
that is not a finite number, a term that cannot match anything (only punctuation, ``*`` alone,
``*`` in the middle, characters that never occur inside words such as ``/`` or ``,``), and a term
listed twice with conflicting categories or weights. Two spellings that match the same text are
the same term (``Ethnic-cleansing`` = ``ethnic cleansing``; ``don't`` = ``don’t``).

Duplicates, decided: within one CSV file a term belongs to one category, so the same term under
a second category is an **error** (the usual cause is a copy-paste slip). The very same entry
twice (same term, category and weight) is harmless: a :class:`LexiconWarning` names both lines
and the second copy is dropped. To put one term in several categories, list it in two files and
load them together (``load_lexicon([a, b])``), or use a .dic file, whose format is built for it.
Across files, the same (term, category) twice is warned about and kept once.

Provenance
----------
Every shipped lexicon ``NAME.csv`` has a sidecar ``NAME.provenance.json`` with the keys
:data:`PROVENANCE_KEYS` (name, version, source, licence, sha256 of the file's bytes, description,
created). :func:`verify_provenance` raises when the file's bytes no longer match the recorded
sha256, so an edited lexicon cannot silently keep an old description. Command line::

    python -m analysis lexicon check [PATHS]   # validate files and provenance
    python -m analysis lexicon hash PATH       # print the sha256 to put in the sidecar
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from ..outputs import write_csv, write_text
from .provenance import PROVENANCE_KEYS, file_sha256, read_provenance, sidecar_path
from .terms import LexiconError, LexiconWarning, ProvenanceError, term_key, term_problem

__all__ = [
    "ENTRY_COLUMNS",
    "Lexicon",
    "load_actors_file",
    "load_lexicon",
    "load_naming",
    "write_lexicon",
]


ENTRY_COLUMNS = ["term", "category", "weight", "note", "source"]


LEXICON_SUFFIXES = {".csv", ".dic"}
_MAX_PROBLEMS_SHOWN = 20


class Lexicon:
    """A validated list of terms and their categories.

    Attributes
    ----------
    entries : DataFrame
        One row per (term, category): ``term`` (as written in the file, e.g. ``massacre*``),
        ``category``, ``weight`` (float, default 1), ``note``, ``source`` (strings, "" when
        absent), then any extra columns of the file. Row position is the ``entry_index`` of
        :class:`analysis.matching.Match`.
    name : str
        File stem (``conflict_terms``), stems joined by ``+`` for several files, or the name
        given to :meth:`from_frame`.
    path : Path, tuple of Path, or None
        Where it was read from (None for an in-memory lexicon).
    sha256 : str
        sha256 of the file's bytes; for several files, of their sha256s joined by newlines in
        load order; for an in-memory lexicon, of its entries written as CSV.
    provenance : dict or None
        The sidecar's contents for a single file that has one (not verified here; see
        :func:`verify_provenance`).
    """

    def __init__(
        self,
        entries: pd.DataFrame,
        *,
        name: str,
        path: Path | tuple[Path, ...] | None = None,
        sha256: str | None = None,
        provenance: dict | None = None,
    ) -> None:
        self.entries = entries
        self.name = name
        self.path = path
        self.sha256 = sha256 or hashlib.sha256(entries.to_csv(index=False).encode()).hexdigest()
        self.provenance = provenance

    @property
    def categories(self) -> list[str]:
        """Category names in order of first appearance."""
        return list(dict.fromkeys(self.entries["category"].tolist()))

    def __len__(self) -> int:
        return len(self.entries)

    def __repr__(self) -> str:
        return (
            f"Lexicon({self.name!r}, {len(self)} entries, {len(self.categories)} categories, "
            f"sha256={self.sha256[:12]}…)"
        )

    @classmethod
    def from_frame(cls, df: pd.DataFrame, *, name: str = "in-memory") -> Lexicon:
        """Return a validated Lexicon from a DataFrame with at least ``term`` and ``category``.

        Problems are reported by row number (``row 3`` is ``df.iloc[3]``), with the same rules
        as files.
        """
        if not isinstance(df, pd.DataFrame):
            raise LexiconError(f"{name}: expected a DataFrame, got {type(df).__name__}")
        columns = [str(c).strip().lower() for c in df.columns]
        # rows as tuples: a repeated column must reach _build_entries, which refuses it
        records = [
            (f"row {i}", dict(zip(columns, map(_cell, values), strict=True)))
            for i, values in enumerate(df.itertuples(index=False, name=None))
        ]
        entries = _build_entries(f"<{name}>", columns, records)
        return cls(entries, name=name)


def _cell(value) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):  # lists and other non-scalars: let validation name them
        pass
    return str(value)


def _build_entries(
    where: str,
    columns: list[str],
    records: list[tuple[str, dict[str, str]]],
    *,
    term_col: str = "term",
    category_col: str = "category",
    required_extra: Sequence[str] = (),
    allow_multi_category: bool = False,
) -> pd.DataFrame:
    """Validate rows (each with a location label like ``line 5``) and return the entries table."""
    _check_header(where, columns, (term_col, category_col, *required_extra))
    problems: list[str] = []
    seen_terms: dict[str, tuple[str, str]] = {}  # term key -> (location, category), first seen
    seen_pairs: dict[tuple[str, str], tuple[str, float]] = {}  # (key, category) -> (loc, weight)
    rows = []
    extra_cols = list(
        dict.fromkeys(
            c for c in columns if c not in (term_col, category_col, "weight", "note", "source")
        )
    )
    for loc, rec in records:
        if None in rec:  # csv.DictReader puts surplus fields under None
            problems.append(f"{where}: {loc}: more fields than the header has columns")
            continue
        term = (rec.get(term_col) or "").strip()
        category = (rec.get(category_col) or "").strip()
        weight, row_problems = _read_row(
            rec, term, category, term_col, category_col, required_extra
        )
        if row_problems:
            problems += [f"{where}: {loc}: {p}" for p in row_problems]
            continue
        key, wildcard = term_key(term)
        key_str = key + ("*" if wildcard else "")
        if (key_str, category) in seen_pairs:
            first = seen_pairs[(key_str, category)]
            problem = _repeated_entry(f"{where}: {loc}", term, category, weight, first)
            if problem:
                problems.append(problem)
            continue
        if key_str in seen_terms and not allow_multi_category:
            prev_loc, prev_cat = seen_terms[key_str]
            problems.append(
                f"{where}: {loc}: {term!r} is already listed at {prev_loc} under category "
                f"{prev_cat!r}, here under {category!r}; a term has one category per CSV file "
                "(load a second file to give it another)"
            )
            continue
        seen_terms.setdefault(key_str, (loc, category))
        seen_pairs[(key_str, category)] = (loc, weight)
        row = {
            "term": term,
            "category": category,
            "weight": weight,
            "note": (rec.get("note") or "").strip(),
            "source": (rec.get("source") or "").strip(),
        }
        row.update({c: rec.get(c) or "" for c in extra_cols})
        rows.append(row)
    if problems:
        _raise_problems(problems)
    if not rows:
        raise LexiconError(f"{where}: has no entries")
    return _entries_frame(rows, extra_cols)


def _check_header(where: str, columns: list[str], required: Sequence[str]) -> None:
    """Raise LexiconError when a ``required`` column is missing or a column name repeats."""
    missing = [c for c in required if c not in columns]
    if missing:
        found = ", ".join(columns) if columns else "none"
        raise LexiconError(
            f"{where}: line 1: missing column(s) {', '.join(missing)} (found: {found})"
        )
    # a row would keep only the last of two same-named columns (unnamed ones carry nothing)
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        raise LexiconError(
            f"{where}: line 1: column(s) {', '.join(repeated)} appear more than once in the "
            "header (column names are read without case and surrounding spaces)"
        )


def _read_row(
    rec: dict[str, str],
    term: str,
    category: str,
    term_col: str,
    category_col: str,
    required_extra: Sequence[str],
) -> tuple[float, list[str]]:
    """A row's weight (1 when blank, NaN when unreadable) and what is wrong with the row (bad
    or empty term, empty category or required column, weight not a finite number)."""
    row_problems = []
    why = term_problem(term)
    if why:
        row_problems.append(why if term else f"empty {term_col}")
    if not category:
        row_problems.append(f"empty {category_col}" + (f" for {term!r}" if term else ""))
    for col in required_extra:
        if not (rec.get(col) or "").strip():
            row_problems.append(f"empty {col}" + (f" for {term!r}" if term else ""))
    raw_weight = (rec.get("weight") or "").strip()
    weight = 1.0
    if raw_weight:
        try:
            weight = float(raw_weight)
        except ValueError:
            weight = math.nan
        if not math.isfinite(weight):
            row_problems.append(f"weight {raw_weight!r} for {term!r} is not a finite number")
    return weight, row_problems


def _repeated_entry(
    at: str, term: str, category: str, weight: float, first: tuple[str, float]
) -> str | None:
    """A term listed again under the same category (``at``: "file: line n"; ``first``: where and
    with what weight it was first listed): a problem when the weights differ, else a
    LexiconWarning (the repeat is ignored) and None."""
    first_loc, first_weight = first
    if first_weight != weight:
        return (
            f"{at}: {term!r} is already listed at {first_loc} under {category!r} "
            f"with weight {first_weight:g}, here with weight {weight:g}"
        )
    # stacklevel: the warning points at the caller of the loader, as it did from _build_entries
    warnings.warn(
        LexiconWarning(
            f"{at}: {term!r} under {category!r} repeats {first_loc}; the repeat is ignored"
        ),
        stacklevel=5,
    )
    return None


def _entries_frame(rows: list[dict], extra_cols: Sequence[str] = ()) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=[*ENTRY_COLUMNS, *extra_cols])
    for col in df.columns:
        df[col] = df[col].astype("float64" if col == "weight" else "string")
    return df.reset_index(drop=True)


def _raise_problems(problems: list[str]) -> None:
    shown = problems[:_MAX_PROBLEMS_SHOWN]
    more = len(problems) - len(shown)
    message = "\n".join(shown) + (f"\n... and {more} more problem(s)" if more > 0 else "")
    raise LexiconError(message, problems)


def read_lexicon_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LexiconError(f"{path}: lexicon file not found") from None
    except IsADirectoryError:
        raise LexiconError(f"{path}: is a folder, not a lexicon file") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise LexiconError(f"{path}: line {line}: not valid UTF-8 ({exc.reason})") from None


def _read_csv_records(path: Path) -> tuple[list[str], list[tuple[str, dict[str, str]]]]:
    """Return (lower-cased header, [(``line N``, row dict)]) with each record's first line."""
    text = read_lexicon_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:
        raise LexiconError(f"{path}: line 1: unreadable CSV header ({exc})") from None
    reader.fieldnames = [h.strip().lower() for h in header]
    records = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise LexiconError(f"{path}: line {reader.line_num}: unreadable CSV ({exc})") from None
        # line_num is the record's last line; quoted fields may hold line breaks
        inner = sum(v.count("\n") for v in row.values() if isinstance(v, str))
        records.append((f"line {reader.line_num - inner}", row))
    return reader.fieldnames, records


def _read_dic_records(path: Path) -> list[tuple[str, dict[str, str]]]:
    """Parse a LIWC-style .dic file into one record per (term, category)."""
    lines = read_lexicon_text(path).splitlines()
    problems: list[str] = []
    numbered = [(i + 1, line) for i, line in enumerate(lines) if line.strip()]
    if not numbered or numbered[0][1].strip() != "%":
        first = numbered[0][0] if numbered else 1
        raise LexiconError(
            f"{path}: line {first}: a .dic file starts with a line holding only '%', then "
            "'number<TAB>category' lines, then another '%'"
        )
    categories: dict[int, str] = {}
    pos = 1
    while pos < len(numbered) and numbered[pos][1].strip() != "%":
        lineno, line = numbered[pos]
        parts = line.split(None, 1)
        if len(parts) != 2 or not parts[0].isdigit():
            problems.append(
                f"{path}: line {lineno}: header line should be 'number<TAB>category', got {line!r}"
            )
        elif int(parts[0]) in categories:
            problems.append(f"{path}: line {lineno}: category number {parts[0]} defined twice")
        else:
            categories[int(parts[0])] = parts[1].strip()
        pos += 1
    if pos == len(numbered):
        raise LexiconError(f"{path}: the category header opened on line 1 is never closed by '%'")
    records: list[tuple[str, dict[str, str]]] = []
    for lineno, line in numbered[pos + 1 :]:
        if "\t" in line:
            fields = line.split("\t")
            term, codes = fields[0], " ".join(fields[1:]).split()
        else:
            tokens = line.split()
            k = len(tokens)
            while k > 0 and tokens[k - 1].isdigit():
                k -= 1
            term, codes = " ".join(tokens[:k]), tokens[k:]
        if any(not c.isdigit() for c in codes):
            problems.append(
                f"{path}: line {lineno}: category codes {' '.join(codes)!r} are not plain numbers "
                "(LIWC 2007 conditional codes are not supported)"
            )
            continue
        if not codes:
            problems.append(f"{path}: line {lineno}: {term.strip()!r} has no category numbers")
            continue
        unknown = [c for c in codes if int(c) not in categories]
        if unknown:
            problems.append(
                f"{path}: line {lineno}: category number(s) {', '.join(unknown)} are not in the "
                "header"
            )
            continue
        for code in dict.fromkeys(int(c) for c in codes):
            records.append((f"line {lineno}", {"term": term, "category": categories[code]}))
    if problems:
        _raise_problems(problems)
    return records


def _load_file(path: Path) -> pd.DataFrame:
    """The validated entries of one term lexicon (.csv or .dic)."""
    if path.suffix.lower() == ".dic":
        records = _read_dic_records(path)
        return _build_entries(str(path), ["term", "category"], records, allow_multi_category=True)
    header, records = _read_csv_records(path)
    return _build_entries(str(path), header, records)


def _file_lexicon(path: Path, entries: pd.DataFrame) -> Lexicon:
    """The Lexicon of one file's validated entries: named by the file's stem, with its sha256 and
    its provenance sidecar when it has a complete one (not verified: see verify_provenance)."""
    try:
        provenance = read_provenance(path)
    except ProvenanceError:
        provenance = None
    return Lexicon(
        entries, name=path.stem, path=path, sha256=file_sha256(path), provenance=provenance
    )


def load_lexicon(path_or_paths: str | Path | Lexicon | Iterable[str | Path]) -> Lexicon:
    """Read one lexicon file (.csv or .dic) or several, validated; return a :class:`Lexicon`.

    Several files are concatenated in the order given: this is how a term gets several
    categories. The same (term, category) in two files is warned about and kept once (the
    first). A Lexicon passed in is returned as it is.
    """
    if isinstance(path_or_paths, Lexicon):
        return path_or_paths
    if isinstance(path_or_paths, (str, Path)):
        paths = [Path(path_or_paths)]
    else:
        paths = [Path(p) for p in path_or_paths]
    if not paths:
        raise LexiconError("no lexicon file given")
    for p in paths:
        if p.suffix.lower() not in LEXICON_SUFFIXES:
            raise LexiconError(f"{p}: not a lexicon file (expected .csv or .dic)")
    frames = [_load_file(p) for p in paths]
    if len(paths) == 1:
        return _file_lexicon(paths[0], frames[0])
    combined = _combine(frames, paths)
    digest = hashlib.sha256("\n".join(file_sha256(p) for p in paths).encode()).hexdigest()
    return Lexicon(combined, name="+".join(p.stem for p in paths), path=tuple(paths), sha256=digest)


def _combine(frames: list[pd.DataFrame], paths: list[Path]) -> pd.DataFrame:
    keep = []
    seen: dict[tuple[str, str], Path] = {}
    for frame, path in zip(frames, paths, strict=True):
        mask = []
        for term, category in zip(frame["term"], frame["category"], strict=True):
            key = term_key(term)
            pair = (key[0] + ("*" if key[1] else ""), category)
            if pair in seen:
                warnings.warn(
                    LexiconWarning(
                        f"{path}: {term!r} under {category!r} is already in {seen[pair]}; kept once"
                    ),
                    stacklevel=3,
                )
                mask.append(False)
            else:
                seen[pair] = path
                mask.append(True)
        keep.append(frame[mask])
    combined = pd.concat(keep, ignore_index=True)
    for col in combined.columns:
        if col != "weight":
            combined[col] = combined[col].astype("string").fillna("")
    return combined


def load_naming(path: str | Path) -> Lexicon:
    """Read a naming file (``referent,variant[,note]``) as a Lexicon whose category is the
    referent and whose terms are the variants (weight 1).

    A variant belongs to one referent; the same variant under two referents is an error. Nested
    variants of one referent ("Karabakh" inside "Nagorno-Karabakh") count once, as the longest
    (see :mod:`analysis.matching`).
    """
    path = Path(path)
    header, records = _read_csv_records(path)
    entries = _build_entries(
        str(path), header, records, term_col="variant", category_col="referent"
    )
    return _file_lexicon(path, entries)


def load_actors_file(path: Path) -> Lexicon:
    """Read and validate one actors file (``name,actor,side[,note]``) as a Lexicon: names are
    the terms, the actor is the category, ``side`` an extra column. (``analysis.load_actors``
    combines several files and checks them against each other.)"""
    header, records = _read_csv_records(path)
    entries = _build_entries(
        str(path),
        header,
        records,
        term_col="name",
        category_col="actor",
        required_extra=("side",),
    )
    return _file_lexicon(path, entries)


def write_lexicon(table: pd.DataFrame, path: str | Path, *, provenance: dict) -> Lexicon:
    """Write a lexicon table as ``path`` (a CSV lexicon: term, category, weight, note) with its
    provenance sidecar ``NAME.provenance.json`` beside it; return the lexicon as written.

    ``table`` is validated as :meth:`Lexicon.from_frame` validates any lexicon (an error names
    the row). ``provenance`` gives the sidecar's keys (:data:`PROVENANCE_KEYS`: name, version,
    source, licence, description, created; ``sha256`` is computed here from the bytes written)
    and any others (inputs with their sha256, parameters, seed). Both files are written
    atomically and formula-safe (:mod:`analysis.outputs`); ``python -m analysis lexicon check``
    accepts the pair.
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ValueError(f"{path}: a lexicon is written as .csv")
    missing = [k for k in PROVENANCE_KEYS if k != "sha256" and not str(provenance.get(k) or "").strip()]
    if missing:
        raise ValueError(f"{path}: provenance lacks {', '.join(missing)}")
    lex = Lexicon.from_frame(table, name=path.stem)
    write_csv(lex.entries[["term", "category", "weight", "note"]], path, kind="lexicon")
    record = {**provenance, "sha256": file_sha256(path)}
    text = json.dumps(record, indent=2, ensure_ascii=False, default=str) + "\n"
    write_text(sidecar_path(path), text, kind="lexicon provenance")
    return load_lexicon(path)
