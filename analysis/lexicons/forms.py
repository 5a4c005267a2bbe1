"""Word forms: how a token is compared with a word in a list, and a word's regular inflections.

:func:`marked_form` is the form in which a text's token is compared with the words annotators
marked (and with one-word lexicon terms learned from them): lower case, one apostrophe, no
possessive "'s". :func:`marked_word_forms` splits an annotator's word into such forms.
:func:`regular_inflections` generates the regular English inflections of a lemma, so a list of
lemmas can be matched against words as written. The validation (``analysis.evaluation``) and
lexicon induction (``analysis.models.marked``) share these rules, so an induced lexicon is
learned from exactly the events the validation counts.
"""

from __future__ import annotations

from ..text.tokens import tokenize
from .terms import APOSTROPHES

__all__ = [
    "marked_form",
    "marked_word_forms",
    "regular_inflections",
]


_VOWELS = "aeiou"
_APOSTROPHE_FOLD = str.maketrans({c: "'" for c in APOSTROPHES})


def marked_form(token: str) -> str:
    """Return the form compared with annotators' words: lower case, one apostrophe, no
    possessive 's.

    "Trump’s" and "trump" are the same word for this purpose: annotators type a word, not the
    exact characters of the sentence (and the matcher treats an apostrophe as a word boundary,
    so the one-word term "trump" also matches "Trump’s").
    """
    t = token.lower().translate(_APOSTROPHE_FOLD)
    if t.endswith("'s") and len(t) > 2:
        t = t[:-2]
    return t


def marked_word_forms(word: str) -> tuple[str, ...]:
    """Return the :func:`marked_form` of each token of an annotator's word ("anti-police" →
    ("anti", "police")); an empty tuple for a "word" without tokens (punctuation only)."""
    return tuple(marked_form(t) for t in tokenize(word))


def regular_inflections(word: str) -> list[str]:
    """Return the regular English inflections of a lower-case word of three or more letters, in
    order: -s/-es/-ies (plural, third person), -ed/-d/-ied (past), -ing (dropping a final e; -ie
    → -ying), and the doubled final consonant after consonant-vowel-consonant (stop → stopped,
    stopping; both spellings are kept, as stress decides: "visited").

    Over-generation is harmless (a non-word never matches); irregular forms (say → said, take
    → took) are missed. Possessives need nothing: the matcher treats an apostrophe as a word
    boundary, so "regime" already matches the "regime" of "regime’s".
    """
    w = word
    if w.endswith("ie"):
        return [w + "s", w + "d", w[:-2] + "ying"]
    if w.endswith("e"):
        return [w + "s", w + "d", w[:-1] + "ing"]
    if w.endswith("y") and w[-2] not in _VOWELS:
        return [w[:-1] + "ies", w[:-1] + "ied", w + "ing"]
    plural = w + "es" if w.endswith(("s", "x", "z", "ch", "sh")) else w + "s"
    out = [plural, w + "ed", w + "ing"]
    if w[-1] not in _VOWELS + "wxy" and w[-2] in _VOWELS and w[-3] not in _VOWELS:
        out += [w + w[-1] + "ed", w + w[-1] + "ing"]
    return out
