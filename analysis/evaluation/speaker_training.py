"""Training examples for the speaker chooser (:mod:`analysis.voice.chooser`) from PolNeAR train.

The examples are the spans the rules leave without a speaker, as the product builds them: every
quote whose speaker the rules do not find, every reporting construction (outside quotes, its
complement reported) whose cue names no one or whose pronoun finds no antecedent. Each span is
matched to the coders' attribution whose Content shares most words with it:

* an attribution with a Source that is not only pronouns: each candidate is a positive example
  when it shares a word with the Source (the lenient match of
  :func:`~analysis.evaluation.voice_metrics.speaker_outcome`), else a negative;
* an attribution with no Source ("it was reported that"), or no attribution at all (the coders
  give the words to the outlet; mostly scare quotes): every candidate is a negative, so that
  such spans keep no speaker;
* an attribution whose Source is only pronouns: left out (who they stand for is not marked).

:func:`speaker_training_rows` is called by :mod:`analysis.evaluation.voice_training`, which fits
the chooser with the other learned parts.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..voice.chooser import speaker_candidates
from ..voice.document import Document
from ..voice.tagged import word_spans
from .voice_metrics import is_pronoun_source, source_texts, speaker_outcome, word_range

__all__ = ["gold_attributions", "speaker_training_rows", "speakerless_spans"]


def speakerless_spans(doc: Document) -> list[tuple[int, int, str, int | None]]:
    """``(start, end, kind, anchor)`` (``anchor``: a reported span's reporting verb) of every
    quote of a statement (:meth:`Document.is_statement`; a scare quote keeps no speaker) and
    every reported complement of ``doc`` that the rules leave without a speaker (``doc``'s
    model must have no speaker chooser)."""
    out = []
    for qi, q in enumerate(doc.quotes):
        if doc.quote_speaker(qi) is None and doc.is_statement(q):
            out.append((q.start, q.end, "quoted", None))
    for p in range(len(doc.paragraphs)):
        for sent in doc.all_sentences(p):
            for cue in doc.cues(sent):
                if cue.reports and not doc.inside_quote(cue.anchor):
                    if doc.cue_speaker(cue) is None:
                        out.append((cue.start, cue.end, "reported", cue.anchor))
    return out


def gold_attributions(
    spans: pd.DataFrame,
) -> Callable[[str, np.ndarray], Callable[[int, int], tuple[bool, str | None]]]:
    """A reader of PolNeAR's ``spans``: given an article's doc_id and its ``\\w+`` words
    (:func:`~analysis.voice.tagged.word_spans`), a function of a character span ``(start,
    end)`` that returns (whether some coders' attribution's Content shares a word with it, the
    Source text of the one sharing most words, the first on ties; None when it has none)."""
    sources = source_texts(spans)
    content = {d: x for d, x in spans[spans["kind"] == "Content"].groupby("doc_id")}

    def for_article(doc_id: str, words: np.ndarray):
        owner = np.full(len(words), -1, dtype=np.int64)  # word -> gold attribution
        rels: dict[str, int] = {}
        x = content.get(doc_id)
        if x is not None:
            for s, e, rel in zip(x["start"], x["end"], x["rel"], strict=True):
                if isinstance(rel, str):
                    a, b = word_range(words, s, e)
                    owner[a:b] = rels.setdefault(rel, len(rels))
        names = list(rels)

        def source_of(start: int, end: int) -> tuple[bool, str | None]:
            a, b = word_range(words, start, end)
            hit = owner[a:b][owner[a:b] >= 0]
            if not len(hit):
                return False, None
            return True, sources.get((doc_id, names[int(np.bincount(hit).argmax())]))

        return source_of

    return for_article


def speaker_training_rows(
    documents, spans: pd.DataFrame
) -> tuple[list[list[str]], list[bool], list[str]]:
    """(features, label, doc_id) per candidate of every speakerless span of ``documents``
    (pairs ``(doc_id, Document)``, the documents built without a speaker chooser) matched to
    ``spans`` (PolNeAR's table) as the module docstring says."""
    gold = gold_attributions(spans)
    rows, labels, groups = [], [], []
    for doc_id, doc in documents:
        source_of = gold(doc_id, word_spans(doc.text))
        for start, end, kind, anchor in speakerless_spans(doc):
            _, source = source_of(start, end)
            if source is not None and is_pronoun_source(source):
                continue
            _, sent = doc.sentence_at(start)
            for speaker, feats, _ in speaker_candidates(
                sent,
                start,
                end,
                kind,
                anchor=anchor,
                inside_quote=doc.inside_quote,
                resolve=doc.resolve,
            ):
                right = source is not None and speaker_outcome(source, speaker) in (
                    "exact",
                    "lenient",
                )
                rows.append(feats)
                labels.append(right)
                groups.append(doc_id)
    return rows, labels, groups
