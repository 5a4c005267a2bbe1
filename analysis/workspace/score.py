"""Score a corpus part by part: memory bounded by the part, the parts on any number of workers.

1. **Fit once.** The voice annotator's sentence model trains on a sample chosen by a hash of
   each text (:mod:`analysis.text.sentences`); every part sends the hashes and sizes of its
   candidates for that sample (:func:`analysis.text.sentences.training_keys`, 16 bytes a
   candidate), the driver picks the whole corpus's sample from them, the parts holding its
   texts send those (about 150,000 characters in all), and the annotator is fitted once on them
   (the very annotator fitted on the whole corpus) and sent to every worker once.
2. **Score every part** with it (:func:`analysis.scoring.reading.score_part`, the function the
   single-process :func:`analysis.score_tables` runs on the whole corpus); each worker reads its
   corpus part and writes the hits part and its side tables itself, so no text or table travels
   through the scheduler.
3. **Say once** what is said of the whole corpus (documents not in English).

The hits dataset's parts hold the hits of consecutive runs of the corpus's documents, in
corpus order: one hits part a corpus part, or two (its first and second half) when the corpus
has fewer than :data:`HALVE_BELOW_PARTS` parts, so that a corpus of few parts still spreads
evenly over the workers (13 parts on 2 workers leave one worker idle for a part's time; 26
halves do not). The layout depends on the corpus only, never on the number of workers. Read
whole (:func:`analysis.workspace.datasets.read_score_dataset`) it is the table of the
single-file path, row for row.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from ..corpus.schema import read_corpus
from ..lexicons.files import Lexicon
from ..lexicons.matcher import Matcher
from ..scoring.hits import (
    default_annotator,
    language_counts,
    warn_language_counts,
)
from ..scoring.reading import ScoreTables, combine_score_tables, score_part
from ..text.sentences import selected_texts, training_keys, training_selection
from .cluster import Runner
from .datasets import PART_DOCUMENTS, DatasetWriter, dataset_parts, is_dataset

log = logging.getLogger(__name__)

HALVE_BELOW_PARTS = 64
"""A corpus of fewer parts is scored in half parts (see the module docstring)."""

__all__ = [
    "corpus_part_files",
    "score_dataset",
    "score_in_parts",
    "score_parts",
]


def corpus_part_files(
    corpus: str | Path | pd.DataFrame, work: Path, part_size: int = PART_DOCUMENTS
) -> list[Path]:
    """The corpus as part files workers can read: a dataset's own parts, or a corpus file or
    table cut into parts of ``part_size`` documents written under ``work``."""
    if not isinstance(corpus, pd.DataFrame) and is_dataset(corpus, "corpus"):
        return dataset_parts(corpus, "corpus")
    table = corpus if isinstance(corpus, pd.DataFrame) else read_corpus(corpus)
    work.mkdir(parents=True, exist_ok=True)
    paths = []
    for k, start in enumerate(range(0, max(len(table), 1), part_size)):
        path = work / f"corpus-{k:05d}.parquet"
        part = table.iloc[start : start + part_size].copy()
        part.attrs = {}  # the ingest report a loaded corpus carries is not part of the table
        part.to_parquet(path, index=False)
        paths.append(path)
    return paths


def _score_pieces(parts: list[Path]) -> list[tuple[str, int, int]]:
    """What each scoring task reads: (corpus part file, first row, end row), in corpus order;
    every part whole, or in halves when there are fewer than :data:`HALVE_BELOW_PARTS`."""
    import pyarrow.parquet as pq

    pieces = []
    for p in parts:
        n = pq.ParquetFile(p).metadata.num_rows
        if len(parts) < HALVE_BELOW_PARTS and n > 1:
            half = (n + 1) // 2
            pieces += [(str(p), 0, half), (str(p), half, n)]
        else:
            pieces.append((str(p), 0, n))
    return pieces


def score_parts(
    parts: list[Path],
    lexicon: Lexicon,
    runner: Runner,
    *,
    hits_only: bool = False,
    target_of: Callable[[int], Path] | None = None,
    tagger: object | None = None,
) -> tuple[list[dict], object]:
    """Fit the annotator once on the parts' candidates and score every piece of them
    (:func:`_score_pieces`). With ``target_of``, piece k's tables are written to
    ``target_of(k)`` (:meth:`ScoreTables.write`) and the results are summaries; without, the
    results hold the tables. ``tagger``: a word tagger the annotator reads reported speech with
    (the neural voice; a loaded one travels to workers as its folder and reloads there).
    Returns the results (one a piece, in corpus order) and the annotator."""
    pieces = _score_pieces(parts)
    # the sample's two short steps may run here while a local cluster starts (early)
    keys = runner.map(_keys_task, [str(p) for p in parts], desc="score: sample", early=True)
    selection = training_selection(k for part in keys for k in part)
    holding = [str(p) for p, part in zip(parts, keys, strict=True)
               if any(d in selection for d, _ in part)]
    texts = runner.map(_texts_task, holding, runner.share(selection, early=True),
                       desc="score: sample", early=True)
    annotator = default_annotator([t for part in texts for t in part], tagger=tagger)
    del keys, texts
    shared = runner.share((lexicon, annotator, hits_only))
    jobs = [(*piece, None if target_of is None else str(target_of(k)))
            for k, piece in enumerate(pieces)]
    results = runner.map(_score_task, jobs, shared, desc="score", unit="part")
    languages: Counter = Counter()
    for r in results:
        languages.update(r["languages"])
    warn_language_counts(languages, sum(r["documents"] for r in results))
    return results, annotator


def score_dataset(
    corpus: str | Path | pd.DataFrame,
    out: str | Path,
    lexicon: Lexicon,
    *,
    hits_only: bool = False,
    runner: Runner | None = None,
    part_size: int = PART_DOCUMENTS,
    record: dict | None = None,
    tagger: object | None = None,
) -> Path:
    """Score ``corpus`` (a corpus dataset, a corpus file or table) into the hits dataset ``out``:
    its parts hold the hits (and, unless ``hits_only``, the side tables) of the corpus parts or
    their halves, in corpus order (see the module docstring). ``record``: what built it, kept
    in the marker; ``tagger``: as :func:`score_parts`. Returns ``out``."""
    runner = runner or Runner()
    with DatasetWriter(out, "hits") as writer:
        parts = corpus_part_files(corpus, writer.work / "corpus", part_size)
        results, _ = score_parts(parts, lexicon, runner, hits_only=hits_only,
                                 target_of=writer.part_path, tagger=tagger)
        info = {"name": lexicon.name, "sha256": lexicon.sha256,
                "path": None if lexicon.path is None else str(lexicon.path),
                "categories": lexicon.categories}
        writer.finish([{"name": writer.part_path(k).name, "rows": r["hits"]}
                       for k, r in enumerate(results)],
                      record=record or {}, lexicon=info, hits_only=hits_only)
    return Path(out)


def score_in_parts(
    corpus: str | Path | pd.DataFrame,
    lexicon: Lexicon,
    work: Path,
    *,
    hits_only: bool = False,
    runner: Runner | None = None,
    part_size: int = PART_DOCUMENTS,
    tagger: object | None = None,
) -> ScoreTables:
    """The tables of ``corpus`` scored part by part and combined in memory: what
    :func:`analysis.score_tables` returns (with ``hits_only``, only the hits), computed with
    the memory of one part at a time besides the tables themselves; ``tagger`` as
    :func:`score_parts`."""
    runner = runner or Runner()
    parts = corpus_part_files(corpus, work, part_size)
    results, _ = score_parts(parts, lexicon, runner, hits_only=hits_only, tagger=tagger)
    return combine_score_tables([r["tables"] for r in results])


def _keys_task(path: str) -> list[tuple[bytes, int]]:
    return training_keys(pd.read_parquet(path, columns=["text"])["text"].tolist())


def _texts_task(path: str, selection: set[bytes]) -> list[str]:
    return selected_texts(pd.read_parquet(path, columns=["text"])["text"].tolist(), selection)


def _score_task(job: tuple, shared: tuple) -> dict:
    path, start, end, target = job
    lexicon, annotator, hits_only = shared
    corpus = read_corpus(path)
    if (start, end) != (0, len(corpus)):
        corpus = corpus.iloc[start:end].reset_index(drop=True)
    tables = score_part(corpus, Matcher(lexicon), annotator, hits_only=hits_only)
    languages = language_counts(corpus)
    out = {"documents": len(corpus), "hits": len(tables.hits), "languages": languages}
    if target is None:
        out["tables"] = tables
    else:
        tables.write(target)
    return out
