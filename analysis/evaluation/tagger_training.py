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
from ..voice.document import Document
from ..voice.learned import VOICE_MODEL_FILE
from ..voice.neural import NeuralVoiceTagger
from ..voice.tagged import tagged_attributions, word_spans, word_voices, words_in
from .polnear import POLNEAR_DIR, article_bucket, read_polnear
from .speaker_training import gold_attributions
from .voice_metrics import gold_token_labels, is_pronoun_source, speaker_outcome
from .voice_training import fit_linear_model

__all__ = ["SPEAKER_HOLDOUT", "polnear_word_voices", "run_speaker_rows", "train_voice_tagger"]

# The share of train held out to fit the run chooser on a tagger that did not see it, and the
# chooser's inverse L2 strength: the design measured on 168 held-out train articles
# (docs/voice.md, "The neural voice", fourth pass).
SPEAKER_HOLDOUT = 0.2
C_RUNS = 0.3


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


def run_speaker_rows(
    articles: pd.DataFrame, spans: pd.DataFrame, tagger: NeuralVoiceTagger
) -> tuple[list[list[str]], list[bool]]:
    """Training examples for a tagger's run chooser: for every run of words that ``tagger``
    calls reported and no span of the shipped rules overlaps, in ``articles`` (which it was not
    fitted on), matched to the coders' attribution whose Content shares most words with it and
    whose Source is not only pronouns: each candidate of
    :func:`~analysis.voice.tagged.run_candidates`, a positive when it shares a word with the
    Source (:func:`~analysis.evaluation.voice_metrics.speaker_outcome`, lenient), else a
    negative. Runs that no such attribution overlaps give no examples."""
    rules = VoiceAnnotator()
    gold = gold_attributions(spans)
    rows, labels = [], []
    for doc_id, text in zip(articles["doc_id"], articles["text"], strict=True):
        source_of = gold(doc_id, word_spans(text))
        found: list[tuple[int, int, list]] = []
        doc = Document(text, rules.splitter_, rules.model_)
        tagged_attributions(
            doc, rules.attributions(text), tagger, on_run=lambda *run, into=found: into.append(run)
        )
        for s, e, candidates in found:
            _, source = source_of(s, e)
            if source is None or is_pronoun_source(source):
                continue
            for speaker, feats in candidates:
                rows.append(feats)
                labels.append(speaker_outcome(source, speaker) in ("exact", "lenient"))
    return rows, labels


def _held_out(doc_ids, share: float) -> set:
    """About ``share`` of the articles, by a hash of the doc_id (independent of file order)."""
    cut = int(share * 1000)
    return {d for d in doc_ids if article_bucket(d, 1000) < cut}


def train_voice_tagger(
    datasets_dir: str | Path,
    *,
    limit: int | None = None,
    progress: Callable[[int, int, float], None] | None = None,
    speaker_holdout: float = SPEAKER_HOLDOUT,
    **params,
) -> tuple[NeuralVoiceTagger, dict]:
    """Fit a :class:`NeuralVoiceTagger` (``params``: its parameters) on PolNeAR train in
    ``datasets_dir``/polnear (the first ``limit`` articles when given: a quick run). Returns the
    fitted tagger and its provenance (source, split, articles, input files' sha256, the rules
    model it read over).

    With ``speaker_holdout`` (a share of the articles, 0 for none) the tagger also gets a run
    chooser (``run_speakers_``): a tagger fitted on the other articles tags the held-out ones,
    and a logistic regression learns from its runs which candidate is the coders' Source
    (:func:`run_speaker_rows`); then the tagger is fitted on all the articles. About
    ``1 + (1 - speaker_holdout)`` times the time of one fit."""
    folder = Path(datasets_dir) / POLNEAR_DIR
    articles, spans = read_polnear(folder, "train")
    if limit is not None:
        articles = articles.head(limit)
        spans = spans[spans["doc_id"].isin(set(articles["doc_id"]))]
    chooser = None
    held = _held_out(articles["doc_id"], speaker_holdout) if speaker_holdout > 0 else set()
    inside = ~articles["doc_id"].isin(held)
    if held and inside.any():  # (a quick run of a few articles may hold out none, or all)
        part = polnear_word_voices(articles[inside], spans[~spans["doc_id"].isin(held)])
        first = NeuralVoiceTagger(**params).fit(*part, progress=progress)
        rows, labels = run_speaker_rows(
            articles[~inside], spans[spans["doc_id"].isin(held)], first
        )
        chooser = fit_linear_model(rows, labels, None, c=C_RUNS, threshold=0.0)
    texts, gold, rules, sources = polnear_word_voices(articles, spans)
    tagger = NeuralVoiceTagger(**params).fit(texts, gold, rules, sources, progress=progress)
    if chooser is not None:
        tagger.run_speakers_ = chooser
    provenance = {
        "source": "PolNeAR (Newell, Margolin and Ruths, LREC 2018), repository "
        "networkdynamics/PolNeAR, commit c3eee833c035bf7b8c84f55b58c0bf7346cfae76 (v1.0.0), "
        f"train split only: {len(texts)} articles",
        "inputs": {p.name: file_sha256(p) for p in sorted(folder.glob("train_*.jsonl.gz"))},
        "rules": {"file": VOICE_MODEL_FILE.name, "sha256": file_sha256(VOICE_MODEL_FILE)}
        if VOICE_MODEL_FILE.is_file() else None,
        "command": "python -m analysis train-voice",
        "run_speakers": {"held_out_share": speaker_holdout, "held_out_articles": len(held),
                         "C": C_RUNS} if chooser is not None else None,
        "licence": "PolNeAR states no licence; the article text belongs to its publishers. The "
        "weights derive from its annotations: keep them out of any repository.",
    }
    return tagger, provenance
