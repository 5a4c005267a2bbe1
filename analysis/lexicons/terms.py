"""Term syntax shared by lexicons and the matcher: what a term may contain and how it is folded.

:func:`term_problem` says why a term cannot match anything; :func:`term_key` is the matching key
(two spellings with the same key match the same text); :func:`fold_text` lower-cases without
moving offsets. The lexicon errors and warnings live here too, so every lexicon module can raise
them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "APOSTROPHES",
    "LexiconError",
    "LexiconWarning",
    "ProvenanceError",
    "fold_text",
    "term_key",
    "term_problem",
]


APOSTROPHES = "'\u2019\u2018\u02bc"
"""Characters treated as the same apostrophe inside a term: ' ’ ‘ ʼ."""

# Whitespace other than the plain space, and hyphens: all become one plain space in the folded
# copy, so a multiword key "ethnic cleansing" meets "ethnic-cleansing" and "ethnic\ncleansing".
# The plain space is left out of the class on purpose: replacing it with itself would make the
# substitution touch every word (measured: 2x slower on news text).
_SEPARATOR = re.compile(
    r"[\t\n\r\f\v\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
    r"\-\u2010\u2011]"
)
WORD_RUN = re.compile(r"\w*")
_TERM_SPLIT = re.compile(r"[\s\-\u2010\u2011]+")


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):  # lower() never shortens a character, so equal length = 1:1
        return low
    return "".join(c.lower()[0] for c in text)


def fold_text(text: str) -> str:
    """Return the same-length matching form of ``text``: lower-cased, with every whitespace
    character and hyphen replaced by a plain space. ``fold_text(t)[i]`` stands for ``t[i]``."""
    return _SEPARATOR.sub(" ", _lower_same_length(text))


def term_key(term: str) -> tuple[str, bool]:
    """Return ``(key, wildcard)`` for a lexicon term: the folded words joined by one space, with
    apostrophes made straight, and whether the term ends with ``*``.

    Two terms with the same key match exactly the same text (``Ethnic-cleansing`` and
    ``ethnic cleansing``); :mod:`analysis.lexicon` uses the key to find duplicates.
    """
    term = term.strip()
    wildcard = term.endswith("*")
    if wildcard:
        term = term[:-1]
    words = [w for w in _TERM_SPLIT.split(_lower_same_length(term)) if w]
    key = " ".join(words)
    for a in APOSTROPHES[1:]:
        key = key.replace(a, "'")
    return key, wildcard


# A word: letters/digits with apostrophes or full stops inside ("don't", "U.N"), and a final full
# stop for abbreviations ("U.S.", "Gen.").
_WORD = r"\w+(?:['\u2019\u2018\u02bc.]\w+)*\.?"
_TERM = re.compile(rf"{_WORD}(?:[\s\-\u2010\u2011]+{_WORD})*\*?")
_ALLOWED_CHAR = re.compile(r"[\w\s\-\u2010\u2011'\u2019\u2018\u02bc.*]")


class LexiconError(ValueError):
    """A lexicon file or table that cannot be used; the message names file, line and problem.

    ``problems`` holds one message per problem found.
    """

    def __init__(self, message: str, problems: Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.problems = list(problems) if problems else [message]


class ProvenanceError(LexiconError):
    """A missing, incomplete or out-of-date provenance sidecar."""


class LexiconWarning(UserWarning):
    """Something in a lexicon that is kept working but deserves a look (e.g. a repeated entry)."""


def term_problem(term: str) -> str | None:
    """Return why ``term`` cannot be a lexicon term, or None when it is fine."""
    t = term.strip()
    if not t:
        return "empty term"
    if t.strip("*") == "":
        return f"term {term!r} is only a wildcard and would match every word"
    if t.startswith("*"):
        return (
            f"term {term!r} starts with '*'; '*' may only end a term "
            "(prefix wildcards are not supported)"
        )
    if "*" in t[:-1]:
        return f"term {term!r} has '*' in the middle; '*' may only end a term"
    if _TERM.fullmatch(t):
        return None
    bad = sorted({c for c in t if not _ALLOWED_CHAR.match(c)})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        return (
            f"term {term!r} contains {shown}, which never occur inside a word, so it cannot "
            "match; a term is words of letters or digits (with apostrophes or the full stops of "
            "abbreviations such as U.N.) joined by spaces or hyphens"
        )
    return (
        f"term {term!r} cannot match anything: each word must start and end with a letter or "
        "digit (apostrophes only inside a word, hyphens only between words)"
    )
