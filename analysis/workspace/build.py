"""What built a dataset, and a workspace built once and reused.

A dataset's marker keeps a **record** of what built it (:func:`corpus_record`,
:func:`hits_record`): the sha256 of every input file ingest reads, the options that change the
result (``outlet``, ``columns``, ``encoding``, ``clean``, ``dedup``, ``dedup_threshold``,
``seed``; for hits the lexicon's sha256, ``hits_only`` and the voice model's sha256), the
package version, the schema versions and the sha256 of the code that builds it (the package
version is not bumped for every change of the rules). A dataset whose record equals the one the same command would write now is up to date
(:func:`up_to_date`) and is kept; anything else is built again.

:func:`ensure_workspace` is the one call a notebook or ``report --workspace`` makes: it returns
the paths of the workspace's corpus and hits, building either only when it is missing or out of
date.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .. import config
from ..about import __version__
from ..corpus.files import input_files
from ..corpus.schema import SCHEMA_VERSION
from ..lexicons.files import Lexicon, load_lexicon
from ..lexicons.provenance import file_sha256
from ..scoring.reading import ScoreTables
from ..voice import learned
from ..voice.neural import PARAMS_FILE, load_voice_tagger
from .cluster import open_runner
from .datasets import (
    DATASET_SCHEMA_VERSION,
    PART_DOCUMENTS,
    dataset_info,
    is_dataset,
    read_corpus_dataset,
    read_score_dataset,
)
from .ingest import ingest_dataset
from .score import score_dataset

log = logging.getLogger(__name__)

__all__ = [
    "CORPUS_CODE",
    "HITS_CODE",
    "INGEST_OPTIONS",
    "WorkspacePaths",
    "code_sha256",
    "corpus_record",
    "ensure_workspace",
    "hits_record",
    "record_digest",
    "up_to_date",
    "workspace_tables",
]

INGEST_OPTIONS = {
    "outlet": None, "columns": None, "encoding": None, "clean": True, "dedup": True,
    "dedup_threshold": None, "seed": None,
}
"""The ingest options that change a corpus, with their defaults (the options of
:func:`analysis.ingest`)."""


def _versions() -> dict:
    return {"package_version": __version__, "corpus_schema_version": SCHEMA_VERSION,
            "dataset_schema_version": DATASET_SCHEMA_VERSION}


def ingest_options(options: Mapping | None) -> dict:
    """``options`` completed with the defaults of :data:`INGEST_OPTIONS`; a ValueError for an
    option ingest does not have."""
    options = dict(options or {})
    unknown = sorted(set(options) - set(INGEST_OPTIONS))
    if unknown:
        raise ValueError(
            f"unknown ingest option(s) {', '.join(unknown)}; expected {', '.join(INGEST_OPTIONS)}"
        )
    out = {**INGEST_OPTIONS, **options}
    if out["columns"]:
        out["columns"] = dict(sorted(dict(out["columns"]).items()))
    return out


# the subpackages whose code decides a corpus table and a hits table (a change there changes
# results without a new package version, so the datasets they built are built again)
CORPUS_CODE = ("text", "corpus")
HITS_CODE = ("text", "lexicons", "voice", "scoring")


@lru_cache(maxsize=8)
def code_sha256(subpackages: tuple[str, ...], root: Path = config.PACKAGE_DIR) -> str:
    """sha256 of the Python source of ``subpackages`` of the package at ``root``: every ``.py``
    file's path (relative to ``root``) and bytes, in path order. Read once per process."""
    digest = hashlib.sha256()
    for sub in sorted(subpackages):
        for path in sorted((root / sub).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def corpus_record(inputs: str | Path | Iterable[str | Path], options: Mapping | None = None) -> dict:
    """What a corpus built from ``inputs`` with ingest ``options`` depends on: every input
    file's source name and sha256 (the files ingest reads), the options, the versions and the
    code of ingest (:func:`code_sha256` of :data:`CORPUS_CODE`)."""
    files = input_files(inputs)
    return {
        "kind": "corpus",
        "inputs": [{"source": rel, "sha256": file_sha256(path)} for rel, path in files],
        "options": ingest_options(options),
        "code_sha256": code_sha256(CORPUS_CODE),
        **_versions(),
    }


def hits_record(
    corpus: dict | str, lexicon: Lexicon, *, hits_only: bool = False, voice_tagger: str | None = None
) -> dict:
    """What hits depend on: the corpus (the :func:`record_digest` of its record, or a corpus
    file's sha256), the lexicon's sha256, ``hits_only``, the versions, the code of scoring
    (:func:`code_sha256` of :data:`HITS_CODE`), the sha256 of the voice model the annotator reads (its learned parts; None when there is none: the rules alone), and
    ``voice_tagger`` (the sha256 of the neural voice tagger's description) when one reads the
    voice. A refitted voice model changes voices and speakers without a new package version, so
    hits scored with another one are built again."""
    model_file = learned.VOICE_MODEL_FILE
    record = {
        "kind": "hits",
        "corpus": corpus if isinstance(corpus, str) else record_digest(corpus),
        "lexicon_sha256": lexicon.sha256,
        "hits_only": bool(hits_only),
        "voice_model_sha256": file_sha256(model_file) if model_file.is_file() else None,
        "code_sha256": code_sha256(HITS_CODE),
        **_versions(),
    }
    if voice_tagger is not None:
        record["voice_tagger_sha256"] = voice_tagger
    return record


def record_digest(record: Mapping) -> str:
    """sha256 of a record (its sorted JSON)."""
    data = json.dumps(record, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def up_to_date(path: str | Path, record: Mapping) -> bool:
    """True when ``path`` is a complete dataset built with exactly ``record``."""
    if not is_dataset(path, record.get("kind")):
        return False
    try:
        return dataset_info(path).get("record") == json.loads(json.dumps(record, default=str))
    except ValueError:
        return False


@dataclass
class WorkspacePaths:
    """A workspace's corpus and hits datasets, and which of them this call built."""

    corpus: Path
    hits: Path
    built: list[str] = field(default_factory=list)


def ensure_workspace(
    workdir: str | Path,
    inputs: str | Path | Iterable[str | Path] | None = None,
    lexicon: str | Path | Lexicon | None = None,
    options: Mapping | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    hits_only: bool = False,
    part_size: int = PART_DOCUMENTS,
    progress: bool = False,
    voice_tagger: str | Path | None = None,
) -> WorkspacePaths:
    """The corpus (``WORKDIR/corpus``) and hits (``WORKDIR/hits``) datasets of a workspace,
    built when missing or out of date and reused otherwise.

    ``inputs``: what ingest reads (default: the demo corpus); ``lexicon``: a path or Lexicon
    (default ``config.DEFAULT_LEXICON``); ``options``: ingest options (:data:`INGEST_OPTIONS`:
    outlet, columns, encoding, clean, dedup, dedup_threshold, seed). The corpus is built again
    when an input file's sha256, an option or a version changes; the hits when the corpus was
    built again, or the lexicon's sha256 or ``hits_only`` changed. ``workers`` / ``scheduler``:
    where the parts are processed (:func:`analysis.workspace.cluster.open_runner`; default this
    process). ``voice_tagger``: a folder written by ``train-voice``: the hits' voice is read with
    that neural tagger, and the hits are built again when its description's sha256 changes.
    Returns the paths and which datasets were built (``built``)."""
    workdir = Path(workdir)
    inputs = [config.DEMO_DIR] if inputs is None else inputs
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon or config.DEFAULT_LEXICON)
    options = ingest_options(options)
    paths = WorkspacePaths(corpus=workdir / "corpus", hits=workdir / "hits")
    crec = corpus_record(inputs, options)
    described = None if voice_tagger is None else file_sha256(Path(voice_tagger) / PARAMS_FILE)
    hrec = hits_record(crec, lex, hits_only=hits_only, voice_tagger=described)
    need_corpus = not up_to_date(paths.corpus, crec)
    need_hits = need_corpus or not up_to_date(paths.hits, hrec)
    if not need_hits:
        log.info("workspace %s is up to date: corpus and hits kept", workdir)
        return paths
    with open_runner(workers, scheduler, progress=progress) as runner:
        if need_corpus:
            log.info("workspace: building the corpus %s", paths.corpus)
            result = ingest_dataset(inputs, paths.corpus, **options, part_size=part_size,
                                    runner=runner, progress=progress, record=crec)
            if result.path is None:
                raise ValueError(f"nothing usable was read from the inputs: {result.summary()}")
            paths.built.append("corpus")
        log.info("workspace: scoring into %s", paths.hits)
        tagger = None if voice_tagger is None else load_voice_tagger(voice_tagger)
        score_dataset(paths.corpus, paths.hits, lex, hits_only=hits_only, runner=runner,
                      record=hrec, tagger=tagger)
        paths.built.append("hits")
    return paths


def workspace_tables(
    paths: WorkspacePaths, *, columns: list[str] | None = None
) -> tuple[pd.DataFrame, ScoreTables]:
    """The corpus table and the :class:`ScoreTables` of a workspace, read whole (what a notebook
    computes with): the same tables ``load_corpus`` and ``score_tables`` give for its inputs."""
    return read_corpus_dataset(paths.corpus, columns), read_score_dataset(paths.hits)
