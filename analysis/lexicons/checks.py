"""Whole-file checks behind ``python -m analysis lexicon check``: every shipped lexicon loads and
matches its provenance.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .. import config
from .files import LEXICON_SUFFIXES, load_actors_file, load_lexicon, load_naming, read_lexicon_text
from .provenance import verify_provenance

__all__ = [
    "lexicon_files",
]


def lexicon_files(folder: str | Path | None = None) -> list[Path]:
    """Return every lexicon-like file (.csv, .dic) in ``folder`` (default: config.LEXICON_DIR),
    sorted by name."""
    folder = Path(folder) if folder is not None else config.LEXICON_DIR
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in LEXICON_SUFFIXES
    )


def _file_kind(path: Path) -> str:
    """'dic', 'naming', 'actors' or 'terms', from the suffix and the CSV header."""
    if path.suffix.lower() == ".dic":
        return "dic"
    first = read_lexicon_text(path).splitlines()[:1]
    header = {h.strip().lower() for h in next(csv.reader(first), [])}
    if {"referent", "variant"} <= header:
        return "naming"
    if {"name", "actor", "side"} <= header:
        return "actors"
    return "terms"


def check_file(path: Path, *, provenance: bool = True) -> str:
    """Validate one file; return a one-line summary, raise LexiconError on a problem."""
    kind = _file_kind(path)
    if kind == "naming":
        lex = load_naming(path)
    elif kind == "actors":
        lex = load_actors_file(path)
    else:
        lex = load_lexicon(path)
    summary = f"{len(lex)} entries, {len(lex.categories)} categories ({kind})"
    if provenance:
        data = verify_provenance(path)
        summary += f", provenance v{data['version']} ok"
    return summary
