"""When the rules name no speaker: a learned choice among the noun phrases of the sentence.

The rules leave a quote or a reported span without a speaker when no construction they know
names one: a quote with no reporting verb near it, a passive ("it was reported that"), a subject
they refuse as a fragment. The sentence mostly names the speaker all the same ("In a rally
speech Mayor Lind, hoarse, again: “...”"). For such a span, :func:`speaker_candidates` lists the
noun phrases of its sentence that stand outside the span and outside quotation marks (read by
:func:`~analysis.voice.phrases.right_np`, made readable and never a fragment by
:func:`~analysis.voice.phrases.speaker_text`, pronouns and bare heads resolved as the rules
resolve them) and describes each by binary features:

* where it stands: before or after the span, how far (in tokens, binned), how many candidates
  stand nearer on its side;
* what stands next to it: a reporting verb or a verb of the manner of saying after it (or one
  word later, or a passive one: "were told"), "said"/"says"/"told" after it, a comma or a quotation mark after it; a verb,
  "according to", "by", another preposition or a comma before it;
* what it is: a person noun, an organisation noun, another speaker noun, capitalised or not,
  its length, how it is to be resolved (pronoun, bare head, surname ...), whether resolving
  changed it, whether it opens the sentence;
* what the span is: quoted or reported, its length in words, whether it fills the sentence,
  whether its reporting verb is passive ("were told").

:func:`choose_speaker` scores every candidate with a logistic regression
(:class:`~analysis.voice.learned.LinearModel`, the ``speakers`` part of the shipped voice model,
trained on PolNeAR train by ``python -m analysis.evaluation.voice_training``) and gives the best
when its probability reaches the model's threshold, else None. The training examples are the
spans the rules leave without a speaker: the candidate that shares a word with the coders'
Source is a positive, every other candidate a negative, and every candidate of a span the coders
attribute to no one is a negative too (so that a scare quote keeps no speaker).
docs/voice.md (section 4; section 8, "The fourth pass"; section 9) has what it changes and what
it costs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from .learned import LinearModel
from .phrases import names_someone, noun_like, right_np, speaker_text
from .units import WORD, Sentence, SpeakerRef, is_word, token_at, token_range
from .words import (
    BE,
    CONJUNCTIONS,
    MANNER_VERBS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PREPOSITIONS,
    SPEAKER_NOUNS,
    VERB_FORMS,
)

_VERBS = frozenset(VERB_FORMS) | MANNER_VERBS
_SAID = frozenset({"said", "says", "told"})
_OPENING_MARKS = frozenset({",", "(", "—", "–"})
_QUOTES = frozenset('“"”')
_NOT_OPENERS = PREPOSITIONS | {"of"}  # a speaker never opens with one
_REFS = ("pronoun", "quantifier", "bare", "document", "possessive", "surname")


def _bin(n: float, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _after(lows: list[str], toks, b: int) -> str:
    """A class of what follows a candidate ending at token ``b``."""
    n = len(lows)
    nxt = lows[b + 1] if b + 1 < n else ""
    if nxt in _SAID:
        return "said"
    if nxt in _VERBS:
        return "verb"
    if b + 2 < n and lows[b + 2] in _VERBS:
        # "Both were told that": the subject of a passive is who hears, not who speaks
        return "passive" if nxt in BE else "verb2"
    if nxt in (",", "("):
        return "comma"
    if b + 1 < n and toks[b + 1].text in _QUOTES:
        return "quote"
    return "o"


def _before(lows: list[str], a: int) -> str:
    """A class of what precedes a candidate starting at token ``a``."""
    prv = lows[a - 1] if a >= 1 else ""
    if prv == "to" and a >= 2 and lows[a - 2] == "according":
        return "acc"
    if prv == "by":
        return "by"
    if prv in _VERBS:
        return "verb"
    if prv in _OPENING_MARKS:
        return "comma"
    if prv in PREPOSITIONS:
        return "prep"  # "told on social media that": a place or a channel, rarely a speaker
    return "o"


class _Phrase(NamedTuple):
    a: int  # first and last token
    b: int
    dist: int  # tokens between it and the span
    speaker: str  # as the rules give it, resolved
    ref: SpeakerRef
    before: bool  # stands before the span
    resolved: bool  # resolving changed it


def _phrases(
    sent: Sentence,
    k0: int,
    k1: int,
    inside_quote: Callable[[int], bool],
    resolve: Callable[[str, SpeakerRef, int], str | None],
) -> list[_Phrase]:
    """The candidate noun phrases of ``sent`` for the span of tokens ``k0..k1``: one per speaker
    (the first), none inside the span or inside quotation marks, never a fragment."""
    toks, lows = sent.toks, sent.lows
    found: dict[str, _Phrase] = {}
    covered = -1
    for i in range(len(toks)):
        if i <= covered or k0 <= i <= k1 or not is_word(toks[i].text):
            continue
        if lows[i] in PREPOSITIONS or lows[i] in CONJUNCTIONS:
            continue  # "of speeches" is no phrase of its own
        if inside_quote(toks[i].start):
            continue
        np = right_np(sent, i)
        if np is None:
            continue
        a, b = np
        if a < k0 <= b:
            b = k0 - 1  # a phrase running into the span ends before it
            if b < a:
                continue
        if not names_someone(sent, (a, b)):
            # "Lind went further" -> "Lind"; "entered the", "hoarse": no one
            nouns = [x for x in range(a, b + 1) if noun_like(lows, toks, x)]
            if not nouns:
                continue
            b = nouns[-1]
        text, ref = speaker_text(sent, (a, b))
        if not text or text.split()[0].lower() in _NOT_OPENERS:
            continue  # "(a week) of speeches" names no one
        covered = b
        speaker = resolve(text, ref, toks[a].start) if ref is not None else text
        if speaker and speaker.lower() not in found:
            before = b < k0
            dist = k0 - b if before else a - k1
            found[speaker.lower()] = _Phrase(a, b, dist, speaker, ref, before, speaker != text)
    return list(found.values())


def _shape(sent: Sentence, a: int, b: int) -> str:
    """What the phrase ``a..b`` is: a person (P), organisation (O) or other speaker (S) noun,
    capitalised (C) or not (l), and its length in tokens."""
    toks, lows = sent.toks, sent.lows
    head = lows[b]
    noun = ("P" if head in PERSON_NOUNS else "O" if head in ORG_NOUNS else "") or (
        "S"
        if any(lows[x] in SPEAKER_NOUNS for x in range(a, b + 1) if is_word(toks[x].text))
        else ""
    )
    return noun + ("C" if toks[a].text[0].isupper() else "l") + _bin(b - a + 1, (1, 2, 3, 5))


def speaker_candidates(
    sent: Sentence,
    start: int,
    end: int,
    kind: str,
    *,
    anchor: int | None = None,
    inside_quote: Callable[[int], bool],
    resolve: Callable[[str, SpeakerRef, int], str | None],
) -> list[tuple[str, list[str], tuple[int, int]]]:
    """The noun phrases of ``sent`` that could speak the span ``[start, end)`` (``kind``
    "quoted" or "reported"; ``anchor``: the offset of a reported span's reporting verb), each as
    ``(speaker, features, (start, end))``: the speaker as the rules would give it (resolved by
    ``resolve(speaker, ref, offset)``; a pronoun with no antecedent is no candidate), its binary
    features (module docstring) and the phrase's character offsets. One candidate per speaker
    (the first); phrases inside quotation marks (``inside_quote(offset)``) or inside the span
    are never candidates."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    if not n:
        return []
    k0, k1 = token_range(sent, start, min(end, sent.end))
    if end > sent.end:
        k1 = n - 1
    span_words = len(WORD.findall(sent.text, start, end))
    whole = int(start <= sent.start + 2 and end >= sent.end - 2)
    # "Both were told, again, that ...": the subject of a passive reporting verb hears
    v = token_at(sent, anchor) if anchor is not None else 0
    passive = anchor is not None and v >= 1 and lows[v - 1] in BE
    span_feats = [
        f"spanw={kind}{_bin(span_words, (1, 3, 6, 12, 25))}",
        f"whole={kind}{whole}",
        f"passive={int(passive)}",
    ]
    items = _phrases(sent, k0, k1, inside_quote, resolve)
    rank: dict[int, int] = {}
    for side in (True, False):
        near = sorted((x for x in items if x.before == side), key=lambda x: x.dist)
        for r, x in enumerate(near, start=1):
            rank[x.a] = r
    k = "q" if kind == "quoted" else "r"
    out = []
    for x in items:
        side = "B" if x.before else "A"
        nxt, prv = _after(lows, toks, x.b), _before(lows, x.a)
        shape = _shape(sent, x.a, x.b)
        refkind = x.ref[0] if x.ref is not None and x.ref[0] in _REFS else "none"
        r = min(rank[x.a], 4)
        feats = [
            f"side={side}",
            f"sk={side}{k}",
            f"rank={side}{k}{r}",
            f"dist={side}{_bin(x.dist, (1, 2, 4, 8, 16))}",
            f"nxt={nxt}",
            f"nxt={nxt}|{side}",
            f"prv={prv}",
            f"prv={prv}|{side}",
            f"nxt={nxt}|{kind}",
            f"prv={prv}|{kind}",
            f"shape={shape}",
            f"shape={shape}|{side}",
            f"ref={refkind}",
            f"ref={refkind}|{side}",
            f"initial={int(x.a == 0)}|{side}",
            f"n={min(len(items), 6)}",
            f"resolved={int(x.resolved)}",
            f"nxt={nxt}|rank={r}|{side}",
            *span_feats,
        ]
        out.append((x.speaker, feats, (toks[x.a].start, toks[x.b].end)))
    return out


def choose_speaker(candidates: Sequence[Sequence], model: LinearModel) -> str | None:
    """The candidate (``(speaker, features, ...)``) ``model`` scores highest (the first on
    ties), when its probability reaches ``model.threshold``; else None (the span keeps no
    speaker)."""
    best, best_p = None, -1.0
    for speaker, feats, *_ in candidates:
        p = model.probability(feats)
        if p > best_p:
            best, best_p = speaker, p
    return best if best is not None and best_p >= model.threshold else None
