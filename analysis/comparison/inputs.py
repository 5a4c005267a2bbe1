"""What comparison reads besides the corpus and the hits: the side tables of scoring.

Comparison never reads text through the voice analysis itself. The attribution spans, the
tokens of each voice and the sentences come from scoring (:func:`analysis.score_tables`, or the
files ``python -m analysis score`` writes beside the hits). A table that is not given is built
once, for the documents being compared, by :func:`analysis.side_tables` with the annotator
:func:`analysis.score` uses by default (fitted on the whole corpus), so the hits, the spans and
the tokens' voices come from the same reading of the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..scoring.hits import default_annotator
from ..scoring.reading import SIDE_TABLES, side_tables
from ..scoring.summaries import voice_token_counts
from ..tables import require_columns


@dataclass
class SideInputs:
    """The side tables one comparison uses, restricted to the documents compared."""

    attributions: pd.DataFrame | None
    voice_tokens: pd.DataFrame | None
    sentences: pd.DataFrame | None


def docs_rows(corpus: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``corpus`` whose documents enter the comparison (``docs``), in corpus order."""
    return corpus[corpus["doc_id"].astype(str).isin(set(docs["doc_id"]))]


def corpus_annotator(corpus: pd.DataFrame):
    """The voice annotator ``analysis.score`` uses by default on ``corpus``: fitted on all its
    texts (copies included, as when the corpus is scored)."""
    return default_annotator(corpus["text"].fillna("").astype(str).tolist())


def side_inputs(
    corpus: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    attributions: pd.DataFrame | None = None,
    voice_tokens: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
    need: Sequence[str] = SIDE_TABLES,
) -> SideInputs:
    """The side tables named in ``need`` for the documents of ``docs``: those given, checked
    against the corpus, and the missing ones built once.

    Token counts by voice come from the attribution spans when those are given (no reading of the
    text); anything else missing costs one :func:`analysis.side_tables` over the documents.
    Tables not in ``need`` are returned as None.
    """
    unknown = set(need) - set(SIDE_TABLES)
    if unknown:
        raise ValueError(f"unknown side table(s) {sorted(unknown)}; expected {SIDE_TABLES}")
    given = {"attributions": attributions, "voice_tokens": voice_tokens, "sentences": sentences}
    if given["voice_tokens"] is None and "voice_tokens" in need and attributions is not None:
        att = check_attributions(attributions, corpus, docs)
        given["voice_tokens"] = voice_token_counts(docs_rows(corpus, docs), attributions=att)
    if any(given[name] is None for name in need):
        built = side_tables(docs_rows(corpus, docs), annotator=corpus_annotator(corpus))
        given = {name: built.tables()[name] if given[name] is None else given[name]
                 for name in SIDE_TABLES}
    out = {name: given[name] if name in need else None for name in SIDE_TABLES}
    if out["attributions"] is not None:
        out["attributions"] = check_attributions(out["attributions"], corpus, docs)
    if out["sentences"] is not None:
        out["sentences"] = check_sentences(out["sentences"], corpus, docs)
    return SideInputs(**out)


def check_attributions(
    att: pd.DataFrame, corpus: pd.DataFrame, docs: pd.DataFrame
) -> pd.DataFrame:
    """The rows of an attribution table (``analysis.attribution_table`` output) that belong to
    the documents of ``docs``; a ValueError for missing columns, unknown documents or kinds."""
    require_columns(
        att, ("doc_id", "kind", "speaker"), "attributions table",
        hint="expected analysis.attribution_table output",
    )
    unknown = sorted(set(att["doc_id"].astype(str)) - set(corpus["doc_id"].astype(str)))
    if unknown:
        raise ValueError(
            f"attributions refer to doc_id(s) not in the corpus: {', '.join(unknown[:5])}"
        )
    kinds = sorted(set(att["kind"].astype(str)) - {"quoted", "reported"})
    if kinds:
        raise ValueError(
            f"attributions have kind value(s) {', '.join(kinds)}; expected quoted, reported"
        )
    out = att[att["doc_id"].astype(str).isin(set(docs["doc_id"]))].copy()
    out["doc_id"] = out["doc_id"].astype(str)
    out["kind"] = out["kind"].astype(str)
    return out.reset_index(drop=True)


def check_sentences(
    sentences: pd.DataFrame, corpus: pd.DataFrame, docs: pd.DataFrame
) -> pd.DataFrame:
    """The rows of a sentence table (``ScoreTables.sentences``) for the documents of ``docs``,
    sorted by document and start; a ValueError for missing columns, unknown documents, or
    offsets outside a document's text (:func:`sentence_outside_text`; for a corpus without
    its text column, whoever reads the text checks the offsets against it)."""
    require_columns(
        sentences, ("doc_id", "start", "end"), "sentences table",
        hint="expected analysis.score_tables(...).sentences",
    )
    # a string dtype, not Python str objects: one per sentence would be the table's largest part
    doc_id = sentences["doc_id"]
    if not isinstance(doc_id.dtype, pd.StringDtype):
        doc_id = doc_id.astype(str).astype("string")
    unknown = sorted(set(doc_id.unique()) - set(corpus["doc_id"].astype(str)))
    if unknown:
        raise ValueError(f"sentences refer to doc_id(s) not in the corpus: {', '.join(unknown[:5])}")
    out = sentences.assign(doc_id=doc_id)
    out = out[out["doc_id"].isin(set(docs["doc_id"]))]
    outside = (out["start"] < 0) | (out["end"] < out["start"])
    if "text" in corpus.columns:
        length = dict(zip(corpus["doc_id"].astype(str), corpus["text"].str.len(), strict=True))
        outside |= out["end"] > out["doc_id"].map(length)
    bad = out[outside]
    if len(bad):
        raise sentence_outside_text(bad["doc_id"].iloc[0], bad["start"].iloc[0], bad["end"].iloc[0])
    return out.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def sentence_outside_text(doc_id: str, start: int, end: int) -> ValueError:
    """The error for a sentence span (start, end) of ``doc_id`` that does not lie inside its
    document's text."""
    return ValueError(
        f"sentences of {doc_id!r}: span ({start}, {end}) does not lie inside the text; were they "
        "computed on this corpus?"
    )


class SentenceSpans:
    """The sentence spans of a sentence table by document (positions in ``doc_ids``), in the
    table's order within each document: two int64 arrays (16 bytes a sentence) and an offset a
    document, not a Python tuple a sentence (issue 13, compare's memory). Sentences of
    documents not in ``doc_ids`` are left out.

    ``spans(d, text)`` (or calling the object) gives document ``d``'s (start, end) pairs,
    checked against its text where the text is read (a corpus may be held without it).
    Sentence ``k`` of this order is row ``index[k]`` of the table; document ``d``'s sentences
    are ``offsets[d]:offsets[d + 1]``."""

    def __init__(self, table: pd.DataFrame, doc_ids: pd.Series):
        self._doc_ids = doc_ids
        position = pd.Index(doc_ids).get_indexer(table["doc_id"])
        kept = np.flatnonzero(position >= 0)
        order = np.argsort(position[kept], kind="stable")
        self.index = kept[order]
        self._starts = table["start"].to_numpy(np.int64)[self.index]
        self._ends = table["end"].to_numpy(np.int64)[self.index]
        self.offsets = np.searchsorted(position[self.index], np.arange(len(doc_ids) + 1))

    def spans(self, d: int, text: str) -> list[tuple[int, int]]:
        lo, hi = self.offsets[d], self.offsets[d + 1]
        starts, ends = self._starts[lo:hi].tolist(), self._ends[lo:hi].tolist()
        if ends and max(ends) > len(text):
            k = int(np.argmax(self._ends[lo:hi] > len(text)))
            raise sentence_outside_text(self._doc_ids.iloc[d], starts[k], ends[k])
        return list(zip(starts, ends, strict=True))

    __call__ = spans
