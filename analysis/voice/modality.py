"""Negation and hedging of a span: "no sign of a massacre", "alleged war crimes".

Both look at a bounded window of the span's sentence that stops at clause breaks; rules in
docs/voice.md, "Negation and hedging".
"""

from __future__ import annotations

from .cues import same_of_phrase, verb_use
from .units import QUOTE_MARKS, Sentence, is_word
from .words import (
    AUX,
    DETERMINERS,
    FEAR_VERBS,
    HEDGE_ADJECTIVES,
    HEDGE_CLAUSE,
    HEDGE_MODIFIERS,
    HEDGE_NOUNS_OF,
    HEDGE_NOUNS_THAT,
    HEDGE_RIGHT,
    HEDGE_TRIGGERS,
    LEXICAL_NEGATORS,
    MODIFIER_WINDOW,
    NEGATION_EXCEPTIONS,
    NEGATION_FIXED,
    NEGATORS,
    POSSESSIVES,
    PREPOSITIONS,
    RIGHT_HEDGE_WINDOW,
    SCOPE_BREAK_PUNCT,
    SCOPE_BREAK_WORDS,
    SCOPE_WINDOW,
    SEEM,
    VERB_FORMS,
    WHAT_VERBS,
)


def scope_left(sent: Sentence, k: int) -> list[int]:
    """Token indices before token ``k`` in its clause, nearest first, at most the window."""
    toks, lows = sent.toks, sent.lows
    out: list[int] = []
    words = 0
    for i in range(k - 1, -1, -1):
        tok, low = toks[i].text, lows[i]
        if tok in SCOPE_BREAK_PUNCT or low in SCOPE_BREAK_WORDS:
            break
        if tok == "-" and i > 0 and lows[i - 1] != "so" and toks[i - 1].end < toks[i].start:
            break  # a spaced hyphen used as a dash
        if low == "that" and i > 0 and lows[i - 1] in {"and", "or"}:
            break  # "stated that there was no blockade and that the checkpoint ...": a new clause
        out.append(i)
        if tok[0].isalnum() or tok[0] == "_":
            words += 1
            if words > SCOPE_WINDOW:
                break
    return out


def is_negated(sent: Sentence, k: int, left: list[int]) -> bool:
    """Is token ``k`` under a negation? ``left``: its clause scope from :func:`scope_left`."""
    lows = sent.lows
    n = len(lows)
    label = False  # passed an "as": "dismissed the claims as disinformation"
    for i in left:
        low = lows[i]
        nxt = lows[i + 1] if i + 1 < n else ""
        prv = lows[i - 1] if i > 0 else ""
        if low == "as":
            label = True
        if low in NEGATORS or low.endswith("n't"):
            if nxt in NEGATION_EXCEPTIONS.get(low, ()):
                continue
            if low == "not" and prv in {"if", "or"}:
                continue
            if label and low in LEXICAL_NEGATORS:
                continue  # the word after "as" is the subject's label, not what it denies
            return True
        if (prv, low) in NEGATION_FIXED:
            return True
    return False


def is_hedged(
    sent: Sentence, k: int, k_end: int, left: list[int], *, backshift: bool = False
) -> bool:
    """Is the term at tokens ``k..k_end`` hedged? ``left`` as for :func:`is_negated`. With
    ``backshift`` (the term is reported after a past-tense verb), "would" is a tense, not a
    hedge."""
    lows, toks = sent.lows, sent.toks
    n = len(lows)
    words = 0  # words between token i and the term
    verb_between = False  # a modifier cannot reach over a verb ("alleged that troops had ...")
    label = False  # passed an "as": "dismissed the reports of shelling as disinformation"
    for i in left:
        low = lows[i]
        near = words <= MODIFIER_WINDOW and not verb_between
        if low == "as":
            label = True
        if low in AUX or low == "that" or low in VERB_FORMS:
            verb_between = True
        c = toks[i].text[0]
        if c.isalnum() or c == "_":
            words += 1
        if low not in HEDGE_TRIGGERS:
            continue
        prv = lows[i - 1] if i > 0 else ""
        nxt = lows[i + 1] if i + 1 < n else ""
        if low in HEDGE_CLAUSE:
            if low == "may" and toks[i].text[0].isupper():
                continue  # the month
            if low == "would" and backshift:
                continue
            return True
        if near and low in HEDGE_MODIFIERS:
            return True
        if (
            near
            and low in HEDGE_ADJECTIVES
            and (prv in DETERMINERS or prv in POSSESSIVES or prv in PREPOSITIONS or prv == "of")
        ):
            return True
        if near and low == "called" and (prv == "so" or (prv == "-" and lows[i - 2] == "so")):
            return True
        if words <= MODIFIER_WINDOW + 1 and low in HEDGE_NOUNS_OF and nxt == "of" and not label:
            return True
        if low in HEDGE_NOUNS_THAT and nxt == "that" and not verb_use(sent, i):
            return True  # "rejected accusations that it carried out ethnic cleansing"
        if low == "suspected" and nxt == "of" and same_of_phrase(lows, i + 2, k):
            return True  # "persons suspected of war crimes and of financing terrorism"
        if near and low in FEAR_VERBS and i + 1 == k:
            return True  # "fearing persecution"
        if low in SEEM and nxt == "to":
            return True
        if low == "what" and any(lows[x] in WHAT_VERBS for x in range(i + 1, k)):
            return True
    if _labelled(sent, k):
        return True
    words = 0
    for i in range(k_end + 1, n):
        tok = toks[i].text
        if tok in SCOPE_BREAK_PUNCT or lows[i] in SCOPE_BREAK_WORDS:
            break
        if is_word(tok):
            words += 1
            if words > RIGHT_HEDGE_WINDOW:
                break
            if lows[i] in HEDGE_RIGHT:
                return True
    return False


def _labelled(sent: Sentence, k: int) -> bool:
    """Is the term at ``k`` someone's label, kept at a distance: "what X called ...", however
    long the label ("what state media called the self-dissolution of the separatist regime"),
    or "that/which X calls ..." right before it ("strikes that Baku insists on calling
    “anti-terrorist measures”")?"""
    toks, lows = sent.toks, sent.lows
    if WHAT_VERBS.isdisjoint(lows[max(0, k - 24) : k]):
        return False  # the common case, decided at C speed
    j = k - 1
    while j >= 0 and (toks[j].text in QUOTE_MARKS or lows[j] in DETERMINERS):
        j -= 1
    direct = j >= 0 and lows[j] in WHAT_VERBS  # the verb governs the term itself
    words = 0
    verb = False
    for i in range(k - 1, -1, -1):
        tok, low = toks[i].text, lows[i]
        if tok in SCOPE_BREAK_PUNCT and tok not in QUOTE_MARKS:
            return False
        if low in WHAT_VERBS:
            verb = True
        elif low == "what" and verb:
            return True
        elif low in {"that", "which"} and direct and words <= 4:
            return True
        if is_word(tok):
            words += 1
            if words > 16:
                return False
    return False
