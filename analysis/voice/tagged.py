"""Attribution spans from a word tagger: a learned second opinion on who speaks each word.

The rules find quotations with near certainty (quotation marks) but miss much reported speech
whose cue is an ordinary verb or noun ("push for ...", "the support of ..."): on PolNeAR about
40% of reported attributions overlap no rule span (docs/voice.md). A *word tagger* (any object
with a :meth:`WordTagger.tag` method; :class:`analysis.voice.neural.NeuralVoiceTagger` is the
one this project trains) reads a text with the rules' voice of each ``\\w+`` word and returns its
own voice for every word, and may also say which words name a speaker (a tuple ``(voices,
names)``). :func:`tagged_attributions` turns those word voices back into the product's spans:

- quotations stay the rules' (their marks decide them; a tagger's "quoted" outside marks is read
  as reported, its "authorial" inside marks is ignored);
- a reported span is a run of words the tagger calls quoted or reported, outside the rules'
  quotations, within one sentence, with no word it calls authorial between them (a quotation
  inside the run neither breaks nor ends it), trimmed to its first and last such word;
- a run's speaker is, in this order: the speaker of the rules' reported span sharing most words
  with it; the words the tagger names nearest to it in its sentence (before it on a tie), read
  as a noun phrase; the speaker of a reporting construction of its sentence whose complement
  overlaps it (also one the rules' filter set aside); the subject right before the run ("She
  *wants* to ...") or of its clause ("In a town hall, Clinton took aim at ..."), each resolved
  as a cue's subject is (pronouns to their antecedents); the speaker of the run it continues (a
  run that opens its sentence right after a run that closed the previous one); the words the
  tagger names last in the sentence before; the speaker chooser's pick among the noun phrases
  of its sentence (:mod:`analysis.voice.chooser`); else none. The order was chosen on PolNeAR
  train articles the tagger was not fitted on (docs/voice.md).

Negation and hedging stay the rules'. The rules alone run when no tagger is given.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

import numpy as np

from .chooser import choose_speaker, speaker_candidates
from .document import Document
from .phrases import speaker_text, subject_before
from .subjects import clause_subject
from .units import WORD, Sentence, is_word, token_at, token_range
from .words import PREPOSITIONS, VOICES

__all__ = [
    "WordTagger",
    "run_candidates",
    "tagged_attributions",
    "word_spans",
    "word_voices",
    "words_in",
]


class WordTagger(Protocol):
    """What :class:`~analysis.voice.annotator.VoiceAnnotator` needs of a word tagger."""

    def tag(
        self, text: str, words: np.ndarray, voices: np.ndarray
    ) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
        """The voice ("authorial", "quoted" or "reported") of each of ``words`` (an (n, 2)
        array of the ``\\w+`` runs' [start, end) offsets in ``text``), given ``voices``, the
        rules' voice of each word; or a tuple of those voices and a boolean array, True for the
        words that name a speaker."""
        ...


def word_spans(text: str) -> np.ndarray:
    """The ``\\w+`` words of ``text`` as an (n, 2) int64 array of [start, end) offsets."""
    spans = [m.span() for m in WORD.finditer(text)]
    return np.asarray(spans, dtype=np.int64).reshape(-1, 2)


def words_in(n: int, spans: Iterable[tuple[int, int]], words: np.ndarray) -> np.ndarray:
    """For each of ``words`` ((n, 2) offsets), does any of its characters lie in one of
    ``spans`` (in a text of length ``n``)? A boolean array."""
    if len(words) == 0:
        return np.zeros(0, dtype=bool)
    mask = np.zeros(n + 1, dtype=np.int64)
    for s, e in spans:
        mask[max(int(s), 0) : min(int(e), n)] = 1
    csum = np.concatenate([[0], np.cumsum(mask)])
    return (csum[words[:, 1]] - csum[words[:, 0]]) > 0


def word_voices(
    text: str, spans: Sequence[tuple[int, int, str]], words: np.ndarray | None = None
) -> np.ndarray:
    """The voice of every ``\\w+`` word of ``text`` (an object array of "authorial", "quoted",
    "reported") from ``(start, end, kind)`` spans of kind "quoted" or "reported": a word with a
    character in a quoted span is quoted, else in a reported span reported, else authorial.
    ``words``: the words' offsets when already known (:func:`word_spans`)."""
    spans = list(spans)
    bad = {k for _, _, k in spans} - {"quoted", "reported"}
    if bad:
        raise ValueError(f"span kinds must be 'quoted' or 'reported', got {sorted(bad)}")
    words = word_spans(text) if words is None else words
    n = len(text)
    quoted = words_in(n, [(s, e) for s, e, k in spans if k == "quoted"], words)
    reported = words_in(n, [(s, e) for s, e, k in spans if k == "reported"], words)
    labels = np.full(len(words), "authorial", dtype=object)
    labels[reported] = "reported"
    labels[quoted] = "quoted"
    return labels


def tagged_attributions(
    doc: Document,
    rows: list[dict],
    tagger: WordTagger,
    *,
    on_run: Callable[[int, int, list[tuple[str, list[str]]]], None] | None = None,
) -> list[dict]:
    """The attributions of ``doc`` with reported speech as ``tagger`` reads it.

    ``rows``: the rules' attributions (dicts with start, end, kind, speaker, text, as
    :meth:`VoiceAnnotator.attributions` gives them). Returns the rules' quotations and the
    tagger's reported runs (see the module docstring), sorted as the rules' rows are.
    """
    text = doc.text
    words = word_spans(text)
    if len(words) == 0:
        return rows
    rules = word_voices(text, [(r["start"], r["end"], r["kind"]) for r in rows], words)
    answer = tagger.tag(text, words, rules)
    named = None
    if isinstance(answer, tuple):
        answer, named = answer
        named = np.asarray(named, dtype=bool)
        if named.shape != (len(words),):
            raise ValueError(f"the word tagger named speakers for {named.shape} words; expected "
                             f"one flag for each of {len(words)} words")  # fmt: skip
    tags = np.asarray(answer, dtype=object)
    if tags.shape != (len(words),) or not set(tags) <= set(VOICES):
        raise ValueError(
            f"the word tagger returned {tags.shape} voices among {sorted(set(map(str, tags)))}"
            f" for {len(words)} words; expected one of {VOICES} per word"
        )
    in_quote = words_in(len(text), [(q.start, q.end) for q in doc.quotes], words)
    theirs = (tags != "authorial") & ~in_quote
    runs_model = getattr(tagger, "run_speakers_", None) if named is not None else None
    # the character spans of the words the tagger names (for run_candidates)
    named_words = words[named] if named is not None else words[:0]
    reported_rows = [r for r in rows if r["kind"] == "reported"]
    out = [r for r in rows if r["kind"] == "quoted"]
    word_starts = words[:, 0]
    carried: list[str | None] = []  # the speaker of a run that closed the previous sentence
    before = None  # (sentence, first word, end word) of the sentence before
    for p in range(len(doc.paragraphs)):
        for sent in doc.all_sentences(p):
            a = bisect_left(word_starts, sent.start)
            b = bisect_left(word_starts, sent.end)
            closing: list[str | None] = []
            for i, j in _runs(theirs[a:b], in_quote[a:b]):
                s, e = int(words[a + i, 0]), int(words[a + j - 1, 1])
                speaker = _rules_speaker(s, e, reported_rows, words)
                if speaker is None:
                    nearby = _named_speaker(doc, sent, words, named, a, b, a + i, a + j) if (
                        named is not None
                    ) else None
                    context = _context_speaker(doc, sent, s, e)
                    if runs_model is not None or on_run is not None:
                        found = run_candidates(doc, sent, s, e, named_words, nearby, context)
                        if on_run is not None:
                            on_run(s, e, found)
                        if runs_model is not None and found:
                            nearby = context = choose_speaker(found, runs_model)
                    speaker = nearby if nearby is not None else context
                if speaker is None and i == 0 and carried:
                    speaker = carried[0]
                if speaker is None and named is not None and before is not None:
                    # the words the tagger names last in the sentence before
                    ps, pa, pb = before
                    speaker = _named_speaker(doc, ps, words, named, pa, pb, pb, pb)
                if speaker is None:
                    speaker = doc.chosen_speaker(s, e, "reported")
                out.append(
                    {
                        "start": s,
                        "end": e,
                        "kind": "reported",
                        "speaker": speaker,
                        "text": text[s:e],
                    }  # fmt: skip
                )
                if in_quote[a + j : b].all():
                    closing = [speaker]
            carried = closing
            before = (sent, a, b)
    out.sort(key=lambda r: (r["start"], r["kind"], r["end"]))
    return out


def run_candidates(
    doc: Document,
    sent: Sentence,
    start: int,
    end: int,
    named_words: np.ndarray,
    nearby: str | None,
    context: str | None,
) -> list[tuple[str, list[str]]]:
    """The candidate speakers of a run ``[start, end)`` that no rules' span overlaps, for the
    tagger's run chooser: the speaker chooser's noun phrases of the sentence with its features
    (:func:`~analysis.voice.chooser.speaker_candidates`), each also marked by how much of it the
    tagger names (``named_words``: their character spans; in quarters), whether it is the
    ``nearby`` speaker the tagger names (:func:`_named_speaker`) and whether it is the
    ``context`` speaker (:func:`_context_speaker`); then ``nearby`` and ``context`` themselves
    when no phrase gives them."""
    found = speaker_candidates(
        sent, start, end, "reported", inside_quote=doc.inside_quote, resolve=doc.resolve
    )
    out = []
    for speaker, feats, (cs, ce) in found:
        inside = (named_words[:, 0] >= cs) & (named_words[:, 1] <= ce) if len(named_words) else []
        n_words = len(WORD.findall(doc.text, cs, ce))
        share = int(np.count_nonzero(inside)) / n_words if n_words else 0.0
        is_nearby = int(nearby is not None and speaker.lower() == nearby.lower())
        is_context = int(context is not None and speaker.lower() == context.lower())
        out.append(
            (
                speaker,
                [*feats, f"cov={min(int(share * 4), 4)}", f"isnamed={is_nearby}",
                 f"isctx={is_context}", f"isnamed={is_nearby}|{feats[0]}"],  # fmt: skip
            )
        )
    agree = int(nearby is not None and context is not None and nearby.lower() == context.lower())
    for extra, flag in ((nearby, "named"), (context, "ctx")):
        if extra is not None and all(extra.lower() != sp.lower() for sp, _ in out):
            out.append((extra, [f"only={flag}", f"only={flag}|{agree}"]))
    return out


def _runs(theirs: np.ndarray, in_quote: np.ndarray) -> list[tuple[int, int]]:
    """[i, j) word ranges: from a word marked ``theirs`` to the last one before a word that is
    neither theirs nor inside a quotation."""
    runs = []
    i = None
    last = -1
    for k in range(len(theirs)):
        if theirs[k]:
            if i is None:
                i = k
            last = k
        elif not in_quote[k] and i is not None:
            runs.append((i, last + 1))
            i = None
    if i is not None:
        runs.append((i, last + 1))
    return runs


def _rules_speaker(
    start: int, end: int, reported_rows: list[dict], words: np.ndarray
) -> str | None:
    """The speaker of the rules' reported span sharing most words with [start, end), if any."""
    best, best_n = None, 0
    for r in reported_rows:
        if r["end"] <= start or r["start"] >= end:
            continue
        lo, hi = max(r["start"], start), min(r["end"], end)
        n = bisect_left(words[:, 0], hi) - bisect_right(words[:, 1], lo)
        if n > best_n and r["speaker"] is not None:
            best, best_n = r["speaker"], n
    return best


def _context_speaker(doc: Document, sent: Sentence, start: int, end: int) -> str | None:
    """The speaker the sentence gives the run [start, end): a reporting construction's whose
    complement overlaps it, else the subject right before it or of its clause; else None."""
    for cue in doc.cues(sent):
        if cue.start < end and start < cue.end and cue.speaker is not None:
            return doc.cue_speaker(cue)
    r = token_at(sent, start)
    k = r - 1
    while k >= 0 and sent.lows[k] in _LINKS:
        k -= 1
    found = subject_before(sent, k) if k >= 1 else None
    if found is None:
        found = clause_subject(sent, r, nearest=True)
    if found is None:
        return None
    (a, _), speaker, ref = found
    return doc.resolve(speaker, ref, sent.toks[a].start)


def _named_speaker(
    doc: Document,
    sent: Sentence,
    words: np.ndarray,
    named: np.ndarray,
    a: int,
    b: int,
    i: int,
    j: int,
) -> str | None:
    """The speaker the tagger names in the sentence of words [a, b) for the run of words [i, j):
    the nearest run of named words before it, else the nearest after it (a speaker mostly
    stands before what is reported), read as a noun phrase (:func:`_named_phrase`) and
    resolved as a cue's subject is (a pronoun to its antecedent); else None. A named run with
    no words left once its edges are mended ("of", "who") gives way to the next nearest."""
    found = []
    k = a
    while k < b:
        if not named[k] or i <= k < j:
            k += 1
            continue
        m = k
        while m < b and named[m] and not (i <= m < j):
            m += 1
        # (chosen on 168 held-out train articles: speaker right 0.858 -> 0.863 against the
        # nearest on either side)
        found.append((i - m if m <= i else len(words) + k - j, k, m))
        k = m
    for _, k, m in sorted(found):
        np_ = _named_phrase(sent, token_range(sent, int(words[k, 0]), int(words[m - 1, 1])))
        if np_ is None:
            continue
        speaker, ref = speaker_text(sent, np_)
        if speaker is not None:
            return doc.resolve(speaker, ref, sent.toks[np_[0]].start)
    return None


def _named_phrase(sent: Sentence, span: tuple[int, int]) -> tuple[int, int] | None:
    """The noun phrase in tokens ``span`` that the tagger marked as naming a speaker, its
    edges mended (a preposition before it, a relative clause or apposition after it: "by
    Miller", "John Ulzheimer, who writes"), or None when no word is left ("of", "who").
    (Refusing phrases that :func:`names_someone` does not take as well was measured on 168
    held-out train articles and lowered speaker right 0.863 -> 0.858: the tagger's lower-case
    groups, "students", "the couple", are often right.)"""
    toks, lows = sent.toks, sent.lows
    a, b = span
    while a <= b and (
        lows[a] in PREPOSITIONS or lows[a] in _NOT_OPENING or not is_word(toks[a].text)
    ):
        a += 1
    cut = next(
        (x for x in range(a, b + 1) if toks[x].text == "," or lows[x] in _NOT_OPENING), b + 1
    )
    b = cut - 1
    while b >= a and (not is_word(toks[b].text) or lows[b] == "of"):
        b -= 1
    if b < a:
        return None
    return a, b


# words that open no speaker's noun phrase and end one: relative pronouns, "that"
_NOT_OPENING = frozenset({"who", "which", "whose", "that", "whom"})


# words between a verb and the run it governs ("showed that ...", "wants to ...")
_LINKS = frozenset({"that", "to", ",", ":", "whether", "if", "how", "why"})
