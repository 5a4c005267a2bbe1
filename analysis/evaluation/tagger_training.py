"""Fit the neural voice (:class:`analysis.voice.neural.NeuralVoiceTagger`) on PolNeAR train.

``python -m analysis train-voice -o DIR`` (see :mod:`analysis.cli.train_voice`) calls
:func:`train_voice_tagger`: every ``\\w+`` word of the train articles gets its gold voice
(:func:`~analysis.evaluation.voice_metrics.gold_token_labels`: quoted inside a Content span and
quotation marks, reported inside a Content span otherwise, authorial elsewhere) and the voice
the shipped rules give it (``VoiceAnnotator()``, the rules and their learned parts), and whether
it lies in an annotated Source; the tagger learns the first and the third from the text and the
second. Only train is read; dev stays for measuring.
The weights derive from PolNeAR's annotations: they are written where ``-o`` says, never into
the repository.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ..outputs import file_sha256
from ..voice.annotator import VoiceAnnotator
from ..voice.learned import VOICE_MODEL_FILE
from ..voice.neural import NeuralVoiceTagger
from ..voice.tagged import word_spans, word_voices, words_in
from .polnear import POLNEAR_DIR, read_polnear
from .voice_metrics import gold_token_labels

__all__ = ["polnear_word_voices", "train_voice_tagger"]


def polnear_word_voices(
    articles: pd.DataFrame, spans: pd.DataFrame, annotator: VoiceAnnotator | None = None
) -> tuple[list[str], list[np.ndarray], list[np.ndarray], list[np.ndarray]]:
    """For each article with words: its text, the gold voice of each ``\\w+`` word, the voice
    ``annotator`` (default: the shipped rules, ``VoiceAnnotator()``) gives it, and whether it
    lies in an annotated Source (names a speaker)."""
    annotator = annotator or VoiceAnnotator()
    by_kind = {
        kind: {d: list(zip(x["start"], x["end"], strict=True))
               for d, x in spans[spans["kind"] == kind].groupby("doc_id", sort=False)}
        for kind in ("Content", "Source")
    }  # fmt: skip
    texts, gold, rules, sources = [], [], [], []
    for doc_id, text in zip(articles["doc_id"], articles["text"], strict=True):
        labels = gold_token_labels(text, by_kind["Content"].get(doc_id, []))
        if not len(labels):
            continue
        found = annotator.attributions(text)
        words = word_spans(text)
        texts.append(text)
        gold.append(labels)
        rules.append(word_voices(text, [(r["start"], r["end"], r["kind"]) for r in found], words))
        sources.append(words_in(len(text), by_kind["Source"].get(doc_id, []), words))
    return texts, gold, rules, sources


def train_voice_tagger(
    datasets_dir: str | Path,
    *,
    limit: int | None = None,
    progress: Callable[[int, int, float], None] | None = None,
    **params,
) -> tuple[NeuralVoiceTagger, dict]:
    """Fit a :class:`NeuralVoiceTagger` (``params``: its parameters) on PolNeAR train in
    ``datasets_dir``/polnear (the first ``limit`` articles when given: a quick run). Returns the
    fitted tagger and its provenance (source, split, articles, input files' sha256, the rules
    model it read over)."""
    folder = Path(datasets_dir) / POLNEAR_DIR
    articles, spans = read_polnear(folder, "train")
    if limit is not None:
        articles = articles.head(limit)
        spans = spans[spans["doc_id"].isin(set(articles["doc_id"]))]
    texts, gold, rules, sources = polnear_word_voices(articles, spans)
    tagger = NeuralVoiceTagger(**params).fit(texts, gold, rules, sources, progress=progress)
    provenance = {
        "source": "PolNeAR (Newell, Margolin and Ruths, LREC 2018), repository "
        "networkdynamics/PolNeAR, commit c3eee833c035bf7b8c84f55b58c0bf7346cfae76 (v1.0.0), "
        f"train split only: {len(texts)} articles",
        "inputs": {p.name: file_sha256(p) for p in sorted(folder.glob("train_*.jsonl.gz"))},
        "rules": {"file": VOICE_MODEL_FILE.name, "sha256": file_sha256(VOICE_MODEL_FILE)}
        if VOICE_MODEL_FILE.is_file() else None,
        "command": "python -m analysis train-voice",
        "licence": "PolNeAR states no licence; the article text belongs to its publishers. The "
        "weights derive from its annotations: keep them out of any repository.",
    }
    return tagger, provenance
