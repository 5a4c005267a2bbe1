"""Who is speaking: direct quotes, reported speech, speakers, negation and hedging, per hit.

For every span of a text (a lexicon hit) :class:`VoiceAnnotator` says in whose voice it stands:

``quoted``
    inside quotation marks (any style, nested, running over paragraphs, scare quotes);
``reported``
    else inside the complement of a reporting verb ("warned of ...", "X said ...", "..., officials
    said", "according to X, ...");
``authorial``
    else: the outlet's own words.

It also gives the ``speaker`` named by the text (or ``None``), resolved to the fullest name the
article gives (pronouns, "the ministry", "Mr. Karimli", "Its foreign ministry"), and flags
``negated`` and ``hedged``. The rules are hand-written over tokens, listed and explained with
examples in ``docs/voice.md``; this docstring only sketches the machinery.
:func:`evaluate_voice` measures them against hand labels (docs/voice.md, "Measured quality").

Cost: quotation marks are found with one regular-expression scan of the document per call; only
the sentences that hold spans are found (by deciding the sentence boundaries next to each span,
see :meth:`analysis.text.sentences.SentenceSplitter.sentence_around`), and the reporting, negation
and hedge rules run only on those sentences (or, to resolve a pronoun such as "he said", on the
few sentences before them; a bare head such as "the ministry" looks its word up in the text).
Sentence analyses are cached per call.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from ..tables import require_columns
from ..text.sentences import SentenceSplitter
from .complements import trim_end
from .cues import is_past
from .document import Document
from .learned import VoiceModel, default_voice_model
from .modality import is_hedged, is_negated, scope_left
from .tagged import WordTagger, tagged_attributions
from .units import WORD, Cue, token_range

__all__ = [
    "Reading",
    "VoiceAnnotator",
    "attribution_table",
    "attributions",
]


@dataclass(frozen=True, slots=True)
class Reading:
    """One text read by :meth:`VoiceAnnotator.read`."""

    annotations: list[dict]  # per span asked about, as VoiceAnnotator.annotate returns them
    attributions: list[dict]  # every quote and reported span, as VoiceAnnotator.attributions
    sentences: list[tuple[int, int]]  # every sentence's (start, end), in text order


class VoiceAnnotator:
    """Decide the voice, speaker, negation and hedging of spans of a text.

    Parameters
    ----------
    sentence_splitter:
        A :class:`~analysis.sentences.SentenceSplitter`; a default (untrained) one when None.

    model:
        The learned parts (:class:`~analysis.voice.learned.VoiceModel`: a cue detector for
        reporting words beyond the rules' lists, a filter of reporting constructions):
        ``"default"`` (the shipped ``data/voice/voice_model.json``; the rules alone when it is
        not there), a model, or None for the rules alone.

    tagger:
        A word tagger (:class:`~analysis.voice.tagged.WordTagger`, such as a fitted
        :class:`~analysis.voice.neural.NeuralVoiceTagger`) that decides which words outside
        quotation marks are reported speech, given the rules' reading
        (:func:`~analysis.voice.tagged.tagged_attributions`); None: the rules alone. With a
        tagger every call reads the whole text, and a span's voice and speaker are those of the
        attribution holding its start.

    ``fit(texts)`` trains the splitter on the corpus (see :meth:`SentenceSplitter.fit`) and
    returns ``self``; annotating without fitting uses the fixed news parameters.
    """

    def __init__(
        self,
        *,
        sentence_splitter: SentenceSplitter | None = None,
        model: VoiceModel | str | None = "default",
        tagger: WordTagger | None = None,
    ) -> None:
        self.sentence_splitter = sentence_splitter
        self.splitter_ = sentence_splitter if sentence_splitter is not None else SentenceSplitter()
        if isinstance(model, str) and model != "default":
            raise ValueError(f"model must be 'default', a VoiceModel or None, not {model!r}")
        self.model = model
        self.model_ = default_voice_model() if model == "default" else model
        self.tagger = tagger

    def __repr__(self) -> str:
        return (
            f"VoiceAnnotator(sentence_splitter={self.sentence_splitter!r}, "
            f"model={self.model!r}, tagger={self.tagger!r})"
        )

    def fit(self, texts: Iterable[str]) -> VoiceAnnotator:
        """Fit the sentence splitter on ``texts``; return ``self``."""
        self.splitter_.fit(texts)
        return self

    def annotate(self, text: str, spans: Sequence[tuple[int, int]]) -> list[dict]:
        """Return one dict per ``(start, end)`` span of ``text``, in the order given.

        Keys: ``sentence_start``, ``sentence_end`` (offsets of the sentence holding the span's
        start, widened if the span runs past it), ``voice`` ("quoted", "reported" or
        "authorial"), ``speaker`` (the speaker the text names, or None), ``negated`` and
        ``hedged`` (bools).
        """
        if not isinstance(text, str):
            raise TypeError(f"annotate expects the text as str, got {type(text).__name__}")
        checked = _check_spans(text, spans)
        if not checked:
            return []
        doc = Document(text, self.splitter_, self.model_)
        if self.tagger is not None:
            return _voices_from(self._attributions(doc), [self._annotate_one(doc, s, e)
                                                          for s, e in checked], checked)
        return [self._annotate_one(doc, s, e) for s, e in checked]

    def _annotate_one(self, doc: Document, start: int, end: int) -> dict:
        _, sent = doc.sentence_at(start)
        k0, k1 = token_range(sent, start, end)
        may_negate, may_hedge = sent.flags
        left = scope_left(sent, k0) if may_negate or may_hedge else []
        qi = doc.quote_at(start, end)
        speaker = None
        backshift = False
        if qi is not None:
            voice = "quoted"
            speaker = doc.quote_speaker(qi)
        else:
            cue = doc.governing_cue(sent, start, end, reporting=True)
            if cue is not None:
                voice = "reported"
                speaker = doc.reported_speaker(cue)
                # "announced that residents would be relocated": "would" is the past tense of
                # "will" in indirect speech, not a hedge
                verb = WORD.match(doc.text, cue.anchor)
                backshift = verb is not None and is_past(verb.group().lower())
            else:
                voice = "authorial"
                turn = doc.turn(doc.paragraph_of(start))
                if turn is not None and turn[0] <= start:
                    voice, speaker = "reported", turn[1]  # "TAPPER: ...": the speaker's turn
        return {
            "sentence_start": sent.start,
            "sentence_end": max(sent.end, end),
            "voice": voice,
            "speaker": speaker,
            "negated": may_negate and is_negated(sent, k0, left),
            "hedged": may_hedge and is_hedged(sent, k0, k1, left, backshift=backshift),
        }

    def attributions(self, text: str) -> list[dict]:
        """Every direct quote and reported-speech span of ``text`` (see :func:`attributions`)."""
        if not isinstance(text, str):
            raise TypeError(f"attributions expects the text as str, got {type(text).__name__}")
        return self._attributions(Document(text, self.splitter_, self.model_))

    def read(self, text: str, spans: Sequence[tuple[int, int]] = ()) -> Reading:
        """The whole reading of ``text`` in one pass: what :meth:`annotate` says of ``spans``,
        every attribution (:meth:`attributions`) and every sentence's ``(start, end)``.

        One document analysis serves all three, so a hit's voice and the attribution spans that
        give the tokens their voices never disagree. Costs a full sentence split of the text,
        which :meth:`annotate` alone avoids.
        """
        if not isinstance(text, str):
            raise TypeError(f"read expects the text as str, got {type(text).__name__}")
        checked = _check_spans(text, spans)
        doc = Document(text, self.splitter_, self.model_)
        found = self._attributions(doc)
        sentences = [
            (sent.start, sent.end)
            for p in range(len(doc.paragraphs))
            for sent in doc.all_sentences(p)
        ]
        notes = [self._annotate_one(doc, s, e) for s, e in checked]
        if self.tagger is not None:
            notes = _voices_from(found, notes, checked)
        return Reading(annotations=notes, attributions=found, sentences=sentences)

    def _attributions(self, doc: Document) -> list[dict]:
        text = doc.text
        rows: list[dict] = []
        for qi, q in enumerate(doc.quotes):
            rows.append(_row(text, q.start, q.end, "quoted", doc.quote_speaker(qi)))
        for p in range(len(doc.paragraphs)):
            turn = doc.turn(p)
            if turn is not None:
                ts, te = turn[0], trim_end(text, turn[0], doc.paragraphs[p][1])
                if te > ts and _has_unquoted_words(doc, ts, te):
                    rows.append(_row(text, ts, te, "reported", turn[1]))
            for sent in doc.all_sentences(p):
                for cue in doc.cues(sent):
                    if doc.inside_quote(cue.anchor) or not cue.reports:
                        continue
                    speaker = doc.reported_speaker(cue)
                    for s, e in _pieces(text, cue):
                        if _has_unquoted_words(doc, s, e):
                            rows.append(_row(text, s, e, "reported", speaker))
        rows.sort(key=lambda r: (r["start"], r["kind"], r["end"]))
        if self.tagger is not None:
            return tagged_attributions(doc, rows, self.tagger)
        return rows


def _voices_from(
    found: list[dict], notes: list[dict], spans: list[tuple[int, int]]
) -> list[dict]:
    """``notes`` with each span's voice and speaker those of the attribution in ``found`` (sorted
    by start) that holds its start: the last quotation holding it, else the first attribution
    holding it; else authorial with no speaker.

    One sweep over the span starts in order, with the attributions begun so far in two heaps
    (the earliest of all, the latest quotation); one that has ended is dropped when it comes
    to the top, as a later start cannot be inside it again. O((attributions + spans) log n),
    where scanning every earlier attribution for every span grew with their product."""
    first: list[int] = []  # indices into found, smallest on top
    last_quote: list[int] = []  # negated indices of quotations, largest index on top
    k = 0
    for t in sorted(range(len(spans)), key=lambda t: spans[t][0]):
        s = spans[t][0]
        while k < len(found) and found[k]["start"] <= s:
            heapq.heappush(first, k)
            if found[k]["kind"] == "quoted":
                heapq.heappush(last_quote, -k)
            k += 1
        while last_quote and found[-last_quote[0]]["end"] <= s:
            heapq.heappop(last_quote)
        while first and found[first[0]]["end"] <= s:
            heapq.heappop(first)
        r = found[-last_quote[0]] if last_quote else found[first[0]] if first else None
        voice, speaker = (r["kind"], r["speaker"]) if r is not None else ("authorial", None)
        notes[t]["voice"], notes[t]["speaker"] = voice, speaker
    return notes


def _pieces(text: str, cue: Cue) -> list[tuple[int, int]]:
    """The complement of ``cue`` minus its excluded parts, trimmed of spaces and punctuation."""
    out = []
    pos = cue.start
    for s, e in sorted(cue.excluded):
        if e <= pos or s >= cue.end:
            continue
        out.append((pos, max(min(s, cue.end), pos)))
        pos = max(pos, e)
    out.append((pos, cue.end))
    trimmed = []
    for s, e in out:
        while s < e and (text[s].isspace() or text[s] in ",;:–—-"):
            s += 1
        e = trim_end(text, s, e)
        if e > s:
            trimmed.append((s, e))
    return trimmed


def _has_unquoted_words(doc: Document, start: int, end: int) -> bool:
    """Does ``[start, end)`` hold a word outside quotations? Searched in the stretches between
    the quotes (a quotation mark is never inside a word, so no word straddles a quote's edge)."""
    pos = start
    k = max(bisect_right(doc.quote_starts, start) - 1, 0)
    quotes = doc.quotes
    while pos < end:
        while k < len(quotes) and quotes[k].end <= pos:
            k += 1
        stop = min(end, quotes[k].start) if k < len(quotes) else end
        if stop > pos and WORD.search(doc.text, pos, stop):
            return True
        if k >= len(quotes) or quotes[k].start >= end:
            return False
        pos = max(pos, quotes[k].end)
    return False


def _row(text: str, start: int, end: int, kind: str, speaker: str | None) -> dict:
    return {"start": start, "end": end, "kind": kind, "speaker": speaker, "text": text[start:end]}


def _check_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    n = len(text)
    out = []
    for i, span in enumerate(spans):
        try:
            s, e = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError):
            raise ValueError(
                f"span {i} ({span!r}) is not a (start, end) pair of integers"
            ) from None
        if not (0 <= s < e <= n):
            raise ValueError(
                f"span {i} ({s}, {e}) does not lie inside the text (length {n}) with start < end"
            )
        out.append((s, e))
    return out


_DEFAULT_ANNOTATOR: VoiceAnnotator | None = None


def _default_annotator() -> VoiceAnnotator:
    global _DEFAULT_ANNOTATOR
    if _DEFAULT_ANNOTATOR is None:
        _DEFAULT_ANNOTATOR = VoiceAnnotator()
    return _DEFAULT_ANNOTATOR


def attributions(text: str, *, annotator: VoiceAnnotator | None = None) -> list[dict]:
    """Return every direct quote and reported-speech span in ``text``, in order of ``start``.

    Each dict has ``start``, ``end`` (offsets into ``text``), ``kind`` ("quoted" or
    "reported"), ``speaker`` (str or None) and ``text`` (``text[start:end]``). A quote is its
    inside, without the marks; quotes nested in quotes belong to the outer quote. A reported
    span is the complement of a reporting construction minus asides in dashes or parentheses and
    minus the attribution itself; spans made only of direct quotes are not repeated as reported.
    """
    return (annotator or _default_annotator()).attributions(text)


ATTRIBUTION_COLUMNS = ["doc_id", "start", "end", "kind", "speaker", "text"]


def attribution_table(
    corpus: pd.DataFrame, *, annotator: VoiceAnnotator | None = None
) -> pd.DataFrame:
    """Return :func:`attributions` of every document of ``corpus`` as one table.

    Columns: doc_id, start, end, kind, speaker (<NA> when the text names nobody), text; one row
    per quote or reported span, sorted by doc_id and start. ``corpus`` needs ``doc_id`` and
    ``text`` columns.
    """
    require_columns(corpus, ("doc_id", "text"), "attribution_table: corpus")
    annotator = annotator or _default_annotator()
    rows: list[dict] = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"], strict=True):
        if not isinstance(text, str):
            raise ValueError(f"attribution_table: document {doc_id!r} has no text ({text!r})")
        for r in annotator.attributions(text):
            r["doc_id"] = doc_id
            rows.append(r)
    table = pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)
    table = table.astype(
        {
            "doc_id": "string",
            "start": "int64",
            "end": "int64",
            "kind": "string",
            "speaker": "string",
            "text": "string",
        }
    )
    return table.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
