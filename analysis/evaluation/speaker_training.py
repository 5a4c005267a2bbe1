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

import numpy as np
import pandas as pd

from ..voice.chooser import speaker_candidates
from ..voice.document import STATEMENT_WORDS, Document
from ..voice.tagged import word_spans
from ..voice.units import WORD
from .voice_metrics import is_pronoun_source, speaker_outcome, word_range

__all__ = ["speaker_training_rows", "speakerless_spans"]


def speakerless_spans(doc: Document) -> list[tuple[int, int, str, int | None]]:
    """``(start, end, kind, anchor)`` (``anchor``: a reported span's reporting verb) of every quote of a statement (at least ``STATEMENT_WORDS`` words;
    shorter ones are scare quotes and keep no speaker) and every reported complement of ``doc``
    that the rules leave without a speaker (``doc``'s model must have no speaker chooser)."""
    out = []
    for qi, q in enumerate(doc.quotes):
        if doc.quote_speaker(qi) is None and len(WORD.findall(doc.text, q.start, q.end)) >= (
            STATEMENT_WORDS
        ):
            out.append((q.start, q.end, "quoted", None))
    for p in range(len(doc.paragraphs)):
        for sent in doc.all_sentences(p):
            for cue in doc.cues(sent):
                if cue.reports and not doc.inside_quote(cue.anchor):
                    if doc.cue_speaker(cue) is None:
                        out.append((cue.start, cue.end, "reported", cue.anchor))
    return out


def speaker_training_rows(
    documents, spans: pd.DataFrame
) -> tuple[list[list[str]], list[bool], list[str]]:
    """(features, label, doc_id) per candidate of every speakerless span of ``documents``
    (pairs ``(doc_id, Document)``, the documents built without a speaker chooser) matched to
    ``spans`` (PolNeAR's table) as the module docstring says."""
    src = spans[spans["kind"] == "Source"].sort_values(["doc_id", "rel", "start"])
    sources = {k: " ".join(x["text"]) for k, x in src.groupby(["doc_id", "rel"])}
    content = spans[spans["kind"] == "Content"]
    by_doc = {d: x for d, x in content.groupby("doc_id")}
    rows, labels, groups = [], [], []
    for doc_id, doc in documents:
        text = doc.text
        toks = word_spans(text)
        owner = np.full(len(toks), -1, dtype=np.int64)  # token -> gold attribution (rel index)
        rels: dict[str, int] = {}
        x = by_doc.get(doc_id)
        if x is not None:
            for s, e, rel in zip(x["start"], x["end"], x["rel"], strict=True):
                if isinstance(rel, str):
                    a, b = word_range(toks, s, e)
                    owner[a:b] = rels.setdefault(rel, len(rels))
        names = list(rels)
        for start, end, kind, anchor in speakerless_spans(doc):
            a, b = word_range(toks, start, end)
            hit = owner[a:b]
            hit = hit[hit >= 0]
            if len(hit):
                rel = names[int(np.bincount(hit).argmax())]
                source = sources.get((doc_id, rel))
                if source is not None and is_pronoun_source(source):
                    continue
            else:
                source = None
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
