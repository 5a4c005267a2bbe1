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

The hits dataset's part i holds the hits of the documents of corpus part i; read whole
(:func:`analysis.workspace.datasets.read_score_dataset`) it is the table of the single-file
path, row for row.
"""

from __future__ import annotations

import logging
from collections import Counter
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


def score_parts(
    parts: list[Path],
    lexicon: Lexicon,
    runner: Runner,
    *,
    hits_only: bool = False,
    targets: list[Path] | None = None,
) -> tuple[list[dict], object]:
    """Fit the annotator once on the parts' candidates and score every part. With ``targets``,
    each part's tables are written there (:meth:`ScoreTables.write`) and the results are
    summaries; without, the results hold the tables. Returns the results and the annotator."""
    keys = runner.map(_keys_task, [str(p) for p in parts], desc="score: sample")
    selection = training_selection(k for part in keys for k in part)
    holding = [str(p) for p, part in zip(parts, keys, strict=True)
               if any(d in selection for d, _ in part)]
    texts = runner.map(_texts_task, holding, runner.share(selection), desc="score: sample")
    annotator = default_annotator([t for part in texts for t in part])
    del keys, texts
    shared = runner.share((lexicon, annotator, hits_only))
    jobs = [(str(p), None if targets is None else str(t))
            for p, t in zip(parts, targets or [None] * len(parts), strict=True)]
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
) -> Path:
    """Score ``corpus`` (a corpus dataset, a corpus file or table) into the hits dataset ``out``:
    part i holds the hits (and, unless ``hits_only``, the side tables) of corpus part i.
    ``record``: what built it, kept in the marker. Returns ``out``."""
    runner = runner or Runner()
    with DatasetWriter(out, "hits") as writer:
        parts = corpus_part_files(corpus, writer.work / "corpus", part_size)
        targets = [writer.part_path(k) for k in range(len(parts))]
        results, _ = score_parts(parts, lexicon, runner, hits_only=hits_only, targets=targets)
        info = {"name": lexicon.name, "sha256": lexicon.sha256,
                "path": None if lexicon.path is None else str(lexicon.path),
                "categories": lexicon.categories}
        writer.finish([{"name": t.name, "rows": r["hits"]} for t, r in zip(targets, results,
                                                                            strict=True)],
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
) -> ScoreTables:
    """The tables of ``corpus`` scored part by part and combined in memory: what
    :func:`analysis.score_tables` returns (with ``hits_only``, only the hits), computed with
    the memory of one part at a time besides the tables themselves."""
    runner = runner or Runner()
    parts = corpus_part_files(corpus, work, part_size)
    results, _ = score_parts(parts, lexicon, runner, hits_only=hits_only)
    return combine_score_tables([r["tables"] for r in results])


def _keys_task(path: str) -> list[tuple[bytes, int]]:
    return training_keys(pd.read_parquet(path, columns=["text"])["text"].tolist())


def _texts_task(path: str, selection: set[bytes]) -> list[str]:
    return selected_texts(pd.read_parquet(path, columns=["text"])["text"].tolist(), selection)


def _score_task(job: tuple, shared: tuple) -> dict:
    path, target = job
    lexicon, annotator, hits_only = shared
    corpus = read_corpus(path)
    tables = score_part(corpus, Matcher(lexicon), annotator, hits_only=hits_only)
    languages = language_counts(corpus)
    out = {"documents": len(corpus), "hits": len(tables.hits), "languages": languages}
    if target is None:
        out["tables"] = tables
    else:
        tables.write(target)
    return out
