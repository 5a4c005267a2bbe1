"""A study file: one TOML file naming what a study analyses, so a report fits any topic.

    # study.toml: paths are relative to this file
    title = "Housing policy in three city papers, 2022-2023"
    corpus = ["articles/"]            # files or folders that ingest reads
    lexicon = "housing_terms.csv"     # one file or a list
    naming = false                    # a naming file, or false: no naming section
    actors = false                    # an actors file or a list, or false: no sources/tone
    by = "outlet"                     # the grouping column
    period = "M"                      # D, W, M, Q or Y; left out: chosen from the corpus's span
    events = "events.csv"             # date,label: markers and before/after differences
    coded = "coded_hits.csv"          # hand-coded hits (sample-hits): accuracy on this corpus
    seed = 7
    n_boot = 1000
    workspace = "work"                # corpus and hits stored on disk, built once (may not exist)

Every key is optional. A key that is left out takes the command's default; ``false`` for
``naming`` or ``actors`` leaves that part of the report out (the report says why). Command-line
flags override the file. :func:`load_study` checks every key and every path, naming the file and
the key in its error.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Study", "StudyError", "load_study"]

_PERIODS = ("D", "W", "M", "Q", "Y")


class StudyError(ValueError):
    """A study file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Study:
    """A loaded study file. Paths are absolute; ``None`` means "not given" (the command's
    default applies); an empty ``naming``/``actors`` (``False`` in the file) means "none"."""

    path: Path
    sha256: str
    title: str | None = None
    corpus: list[Path] | None = None
    lexicon: list[Path] | None = None
    naming: Path | bool | None = None  # False: none
    actors: list[Path] | bool | None = None  # False: none
    by: str | None = None
    period: str | None = None
    events: Path | None = None
    coded: Path | None = None
    bias_model: Path | None = None
    voice_tagger: Path | None = None  # a folder written by train-voice
    seed: int | None = None
    n_boot: int | None = None
    workspace: Path | None = None  # need not exist: built by the report


_KEYS = {"title", "corpus", "lexicon", "naming", "actors", "by", "period", "events", "coded",
         "bias_model", "voice_tagger", "seed", "n_boot", "workspace"}


def load_study(path: str | Path) -> Study:
    """Read and check the study file at ``path``; return a :class:`Study`."""
    path = Path(path).expanduser().resolve()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise StudyError(f"{path}: cannot read the study file ({exc.strerror or exc})") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StudyError(f"{path}: not a TOML file ({exc})") from None
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise StudyError(f"{path}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}")
    base = path.parent

    def paths(key: str, *, many: bool, optional_false: bool = False):
        if key not in data:
            return None
        value = data[key]
        if value is False and optional_false:
            return False
        items = value if isinstance(value, list) else [value]
        if not items or not all(isinstance(v, str) and v for v in items):
            raise StudyError(f"{path}: '{key}' must be a path{' or a list of paths' if many else ''}"
                             + (" or false" if optional_false else ""))
        if not many and len(items) != 1:
            raise StudyError(f"{path}: '{key}' takes one path")
        resolved = [(base / v).resolve() for v in items]
        for p in resolved:
            if not p.exists():
                raise StudyError(f"{path}: '{key}' names {p}, which does not exist")
        return resolved if many else resolved[0]

    def scalar(key: str, kind: type, check=None):
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise StudyError(f"{path}: '{key}' must be a {kind.__name__}, got {value!r}")
        if check is not None and not check(value):
            raise StudyError(f"{path}: '{key}' = {value!r} is not allowed")
        return value

    def folder(key: str):
        """A folder the report may create (it need not exist yet), relative to the study file."""
        if key not in data:
            return None
        value = data[key]
        if not isinstance(value, str) or not value:
            raise StudyError(f"{path}: '{key}' must be a path")
        resolved = (base / value).resolve()
        if resolved.exists() and not resolved.is_dir():
            raise StudyError(f"{path}: '{key}' names {resolved}, which is not a folder")
        return resolved

    return Study(
        path=path,
        sha256=hashlib.sha256(raw).hexdigest(),
        title=scalar("title", str),
        corpus=paths("corpus", many=True),
        lexicon=paths("lexicon", many=True),
        naming=paths("naming", many=False, optional_false=True),
        actors=paths("actors", many=True, optional_false=True),
        by=scalar("by", str, lambda v: bool(v.strip())),
        period=(scalar("period", str, lambda v: v.upper() in _PERIODS) or "").upper() or None,
        events=paths("events", many=False),
        coded=paths("coded", many=False),
        bias_model=paths("bias_model", many=False),
        voice_tagger=paths("voice_tagger", many=False),
        seed=scalar("seed", int),
        n_boot=scalar("n_boot", int, lambda v: v >= 1),
        workspace=folder("workspace"),
    )
