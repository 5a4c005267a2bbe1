"""One-pass matching of lexicon terms in text, with exact character offsets into the text.

A :class:`Matcher` compiles every term of a lexicon into one Aho-Corasick automaton
(pyahocorasick) and finds all of them in a single left-to-right pass over each text, so the cost
of matching does not grow with the number of terms.

Matching rules
--------------
- **Case-insensitive.** Text and terms are lower-cased the same way (``str.lower``, character by
  character, so offsets never move; where Unicode lower-casing would lengthen a character, e.g.
  "İ", the first character of its lower-case form is used).
- **Wildcard.** A ``*`` ending a term matches any continuation of the last word up to the end of
  the word: ``massacre*`` matches "massacre", "massacres", "massacred". The continuation covers
  word characters only, so "massacre’s" gives the match "massacre".
- **Multiword terms.** The words of a term match across any run of whitespace (spaces, tabs, line
  and paragraph breaks) and hyphens: ``ethnic cleansing`` matches "ethnic-cleansing",
  "ethnic\\ncleansing" and "ethnic  cleansing"; ``anti-terrorist operation`` matches
  "anti terrorist operation" too.
- **Word boundaries.** A match neither starts nor ends inside a word: ``regime`` does not match
  "regimen", ``puppet`` does not match "puppeteer". A hyphen is a boundary, as it is for the
  token definition in :mod:`analysis.text.tokens`, so ``Karabakh`` can match the second half of
  "Nagorno-Karabakh" (see overlaps). An apostrophe is a boundary too, so ``Armenia`` matches the
  "Armenia" of "Armenia’s".
- **Apostrophes.** Straight ('), right and left single quotation marks (’ ‘) and the modifier
  letter apostrophe (ʼ) are the same character inside a term: ``Azerbaijan's`` matches
  "Azerbaijan’s".

Overlaps: leftmost-longest, across the whole lexicon
-----------------------------------------------------
Among candidate matches, the one that starts first wins; among those starting at the same place,
the longest wins; a match that overlaps a winner is dropped. So "Nagorno-Karabakh" counts once,
as ``Nagorno-Karabakh``, not also as ``Karabakh``; "ethnic cleansing" counts as
``ethnic cleansing`` and not also as ``cleansing``. When several entries match exactly the winning
span (a term listed under two categories, or ``separatist`` and ``separatist*`` both matching
"separatist"), every *category* gets one hit: within one category the exact term is preferred to
a wildcard, then the entry listed first. A span is therefore never counted twice in one category.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from .files import Lexicon, load_lexicon
from .terms import APOSTROPHES, WORD_RUN, fold_text, term_key

__all__ = [
    "Match",
    "Matcher",
]


class Match(NamedTuple):
    """One hit: ``text[start:end]`` is the matched text; ``entry_index`` is the position of the
    lexicon entry in ``Lexicon.entries`` (``entries.iloc[entry_index]``)."""

    start: int
    end: int
    entry_index: int


def _key_variants(key: str, *, double_gaps: bool) -> list[str]:
    """Every spelling of ``key`` that the automaton should know.

    Each apostrophe in each of its accepted forms; with ``double_gaps``, each gap between words
    as one or two spaces too. Two spaces is what a paragraph break ("\\n\\n") or a spaced
    hyphen folds to; knowing it in the keys lets :meth:`Matcher.find` skip collapsing the runs of
    spaces of a text unless it has a run of three or more. Expanding the keys costs a few extra
    automaton entries and saves a pass over every text.
    """
    parts = key.split("'")
    spellings = [key]
    if len(parts) > 1:
        spellings = []
        for marks in itertools.product(APOSTROPHES, repeat=len(parts) - 1):
            pieces = [parts[0]]
            for mark, part in zip(marks, parts[1:], strict=True):
                pieces += [mark, part]
            spellings.append("".join(pieces))
    if not double_gaps or " " not in key:
        return spellings
    variants = []
    for spelling in spellings:
        words = spelling.split(" ")
        for gaps in itertools.product((" ", "  "), repeat=len(words) - 1):
            pieces = [words[0]]
            for gap, word in zip(gaps, words[1:], strict=True):
                pieces += [gap, word]
            variants.append("".join(pieces))
    return variants


# Keys with more gaps than this get no two-space variants (2**gaps of them); a matcher that has
# such a key collapses runs of spaces in every text that has one.
_MAX_DOUBLE_GAPS = 6


def _compress_spaces(folded: str) -> tuple[str, list[int], list[int]]:
    """Collapse runs of spaces to one space; return the short text and the offset map.

    ``positions[k]`` is the index, in the short text, of the space kept for the k-th run and
    ``removed[k]`` the number of characters removed by runs 0..k. Runs are rare (paragraph
    breaks), so a ``str.find`` loop beats a regular expression here.
    """
    find = folded.find
    i = find("  ")
    if i < 0:
        return folded, [], []
    pieces: list[str] = []
    positions: list[int] = []
    removed: list[int] = []
    total = 0
    prev = 0
    n = len(folded)
    while i >= 0:
        j = i + 2
        while j < n and folded[j] == " ":
            j += 1
        pieces.append(folded[prev : i + 1])
        positions.append(i - total)
        total += j - i - 1
        removed.append(total)
        prev = j
        i = find("  ", j)
    pieces.append(folded[prev:])
    return "".join(pieces), positions, removed


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class Matcher:
    """Find every term of a lexicon in a text in one pass (see the module docstring for rules).

    Build once per lexicon (building is the costly part: about 1 s per 100,000 terms) and call
    :meth:`find` for each text. ``lexicon`` is a :class:`analysis.lexicon.Lexicon` or anything
    :func:`analysis.lexicon.load_lexicon` accepts.
    """

    def __init__(self, lexicon: Lexicon | str | Path | list) -> None:
        self.lexicon = lexicon = load_lexicon(lexicon)  # a Lexicon passes through
        entries = lexicon.entries
        categories = entries["category"].tolist()
        # key -> entries with that key, exact ones and wildcard ones apart
        groups: dict[str, tuple[list[int], list[int]]] = {}
        for i, term in enumerate(entries["term"].tolist()):
            key, wildcard = term_key(term)
            groups.setdefault(key, ([], []))[1 if wildcard else 0].append(i)
        self._automaton = ahocorasick.Automaton()
        # the shortest run of spaces that forces collapsing before matching: 3, or 2 when a key
        # is too long to carry two-space variants
        self._collapse_at = "   "
        for key, (exact, wild) in groups.items():
            double_gaps = key.count(" ") <= _MAX_DOUBLE_GAPS
            if not double_gaps:
                self._collapse_at = "  "
            for variant in _key_variants(key, double_gaps=double_gaps):
                self._automaton.add_word(variant, (len(variant), tuple(exact), tuple(wild)))
        self._empty = not groups
        if not self._empty:
            self._automaton.make_automaton()
        self._category_of = categories

    def __repr__(self) -> str:
        return f"Matcher({self.lexicon!r})"

    def find(self, text: str) -> list[Match]:
        """Return the matches in ``text``, sorted by start, leftmost-longest and non-overlapping
        across categories (see module docstring); ``text[m.start:m.end]`` is the matched text."""
        if self._empty or not text:
            return []
        short = fold_text(text)
        positions: list[int] = []
        removed: list[int] = []
        if self._collapse_at in short:
            short, positions, removed = _compress_spaces(short)
        n = len(short)
        candidates: list[tuple[int, int, bool, int]] = []
        add = candidates.append
        word_run = WORD_RUN.match
        for last, (length, exact, wild) in self._automaton.iter(short):
            start = last - length + 1
            if start > 0 and _is_word_char(short[start - 1]):
                continue
            end = last + 1
            if exact and (end == n or not _is_word_char(short[end])):
                for i in exact:
                    add((start, end, False, i))
            if wild:
                stop = word_run(short, end).end()
                for i in wild:
                    add((start, stop, True, i))
        if not candidates:
            return []
        candidates.sort(key=lambda c: (c[0], -c[1], c[2], c[3]))
        matches: list[Match] = []
        category_of = self._category_of
        span_end = -1
        span: tuple[int, int] | None = None
        seen: set[str] = set()
        for start, end, _wild, i in candidates:
            if (start, end) == span:  # same winning span: one hit per category
                if category_of[i] not in seen:
                    seen.add(category_of[i])
                    matches.append(Match(start, end, i))
            elif start >= span_end:
                span, span_end, seen = (start, end), end, {category_of[i]}
                matches.append(Match(start, end, i))
        if positions:
            matches = [_restore(m, positions, removed) for m in matches]
        return matches

    def find_all(self, texts) -> list[list[Match]]:
        """Return :meth:`find` for each text of an iterable, in order."""
        return [self.find(t) for t in texts]


def _restore(m: Match, positions: list[int], removed: list[int]) -> Match:
    """Map a match in the space-compressed text back to offsets in the original text."""

    def original(i: int) -> int:  # i is never a kept space: matches start and end on words
        k = bisect_left(positions, i)
        return i + (removed[k - 1] if k else 0)

    return Match(original(m.start), original(m.end - 1) + 1, m.entry_index)
