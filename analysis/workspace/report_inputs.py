"""What a report's notebooks compute with, from the input files or from a workspace.

A notebook calls :func:`study_tables` with its parameters (``corpus_paths``, ``lexicon_path``,
``seed``, ``workspace``) and takes what its page needs: the ingest result (corpus and ingest
report), the lexicon, the whole corpus's hits and side tables, or the canonical documents and
their hits. Without a workspace these are computed here, as the notebooks always computed them
(:func:`analysis.ingest`, :func:`analysis.score_tables`); with one, they are read from its
stored corpus and hits (:func:`analysis.ensure_workspace` builds them first only when missing
or out of date). The two sources give the same tables: the same rows in the same order.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import config
from ..corpus.pipeline import IngestResult, ingest
from ..lexicons.files import Lexicon, load_lexicon
from ..scoring.hits import default_annotator
from ..scoring.reading import ScoreTables, score_tables
from ..voice.neural import load_voice_tagger
from .build import WorkspacePaths, ensure_workspace
from .datasets import read_corpus_dataset, read_ingest_report, read_score_dataset

__all__ = [
    "StudyTables",
    "study_tables",
]


@dataclass
class StudyTables:
    """The tables of a study, from the input files (``workspace`` None) or a workspace.

    ``ingest``: the :class:`analysis.IngestResult` (``.corpus``, ``.report``). The lexicon and
    the scored tables are computed (or read) on first use, so a page that shows only the corpus
    never loads the lexicon or scores."""

    ingest: IngestResult
    lexicon_path: str | Path | Sequence[str | Path] | Lexicon
    workspace: WorkspacePaths | None = None
    voice_tagger: str | Path | None = None

    @property
    def corpus(self) -> pd.DataFrame:
        """The corpus table (every document, near-duplicate copies included)."""
        return self.ingest.corpus

    @functools.cached_property
    def lexicon(self) -> Lexicon:
        """The lexicon of ``lexicon_path`` (:func:`analysis.load_lexicon`)."""
        return load_lexicon(self.lexicon_path)

    @functools.cached_property
    def scored(self) -> ScoreTables:
        """The hits and side tables of the whole corpus: the workspace's stored hits, or
        :func:`analysis.score_tables` of the corpus with the lexicon (its voice read with the
        neural tagger in ``voice_tagger`` when given)."""
        if self.workspace is not None:
            return read_score_dataset(self.workspace.hits)
        annotator = None
        if self.voice_tagger is not None:
            tagger = load_voice_tagger(self.voice_tagger)
            annotator = default_annotator(self.corpus["text"].tolist(), tagger=tagger)
        return score_tables(self.corpus, self.lexicon, annotator=annotator)

    @property
    def hits(self) -> pd.DataFrame:
        """The hits table of the whole corpus (``scored.hits``)."""
        return self.scored.hits

    @functools.cached_property
    def canonical(self) -> pd.DataFrame:
        """The canonical documents (one copy of each near-duplicate group), renumbered from 0."""
        corpus = self.corpus
        return corpus[corpus["is_canonical"]].reset_index(drop=True)

    @functools.cached_property
    def canonical_hits(self) -> pd.DataFrame:
        """The hits of the canonical documents only, in the order of :attr:`hits`."""
        hits = self.hits
        keep = hits["doc_id"].isin(set(self.canonical["doc_id"].astype(str)))
        return hits[keep].reset_index(drop=True)


def study_tables(
    corpus_paths: str | Path | Iterable[str | Path],
    lexicon_path: str | Path | Sequence[str | Path] | Lexicon | None = None,
    *,
    seed: int | None = None,
    workspace: str | Path | None = None,
    voice_tagger: str | Path | None = None,
) -> StudyTables:
    """What a notebook analyses, from the files or from a workspace; returns a
    :class:`StudyTables` (``.ingest``, ``.corpus``, ``.lexicon``, ``.scored``, ``.hits``,
    ``.canonical``, ``.canonical_hits``).

    Without ``workspace``: :func:`analysis.ingest` of ``corpus_paths`` with ``seed``, scored on
    first use with :func:`analysis.score_tables`. With ``workspace`` (a folder): its corpus and
    hits (:func:`analysis.ensure_workspace` with these inputs, lexicon and seed: built when
    missing or when an input's or the lexicon's sha256 changed, reused otherwise), read whole,
    with the ingest report stored beside the corpus. Both give the same tables.
    ``lexicon_path``: one file, several, or a Lexicon (None: ``config.DEFAULT_LEXICON``).
    ``voice_tagger``: a folder written by ``train-voice``: the voice is read with that neural
    tagger over the rules (a workspace's hits are built again with it when they were not)."""
    lexicon_path = config.DEFAULT_LEXICON if lexicon_path is None else lexicon_path
    if workspace is None:
        return StudyTables(ingest=ingest(corpus_paths, seed=seed), lexicon_path=lexicon_path,
                           voice_tagger=voice_tagger)  # fmt: skip
    lexicon = load_lexicon(lexicon_path)
    paths = ensure_workspace(workspace, corpus_paths, lexicon, {"seed": seed},
                             voice_tagger=voice_tagger)  # fmt: skip
    found = IngestResult(corpus=read_corpus_dataset(paths.corpus),
                         report=read_ingest_report(paths.corpus))
    tables = StudyTables(ingest=found, lexicon_path=lexicon, workspace=paths)
    return tables
