"""The small types the voice rules pass around: quotes, reporting cues, sentences and their
tokens, and the glyph classes of quotation marks.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from typing import NamedTuple

from ..text.tokens import TOKEN_PATTERN
from .words import HEDGE_ANY, NEGATION_TRIGGERS

DOUBLE = frozenset('"“”„‟«»')
OPEN_GLYPH = frozenset("“„«‘‚‹")
CLOSE_GLYPH = frozenset("”»’›")
QUOTE_MARKS = frozenset('"“”„‟«»' + "'‘’‚‛‹›")
CLOSING_TOKENS = frozenset("”\"’'»›")
# marks that can open a quotation right after "said," / "said:"
OPENING_QUOTES = frozenset("“\"„«‘'‹")
# what stands before a postposed attribution: "...,” X said", "..., said X"
BEFORE_ATTRIBUTION = CLOSING_TOKENS | {","}
# a single-quote mark between two word characters is an apostrophe and never matched
# (one character class first: far faster to scan than an alternation)
QMARK = re.compile(r"[\"“”„‟«»'‘’‚‛‹›](?:(?<=[\"“”„‟«»])|(?<!\w.)|(?!\w))")
LEFT_OPENING_CONTEXT = frozenset("([{<—–-/") | QUOTE_MARKS
RIGHT_CLOSING_CONTEXT = frozenset(".,;:!?)]}>—–…-") | QUOTE_MARKS

# the words of analysis.tokens, dotted initialisms ("U.S.", "p.m.") and punctuation marks
TOKEN = re.compile(rf"(?:[A-Za-z]\.){{2,}}|{TOKEN_PATTERN.pattern}|--|[^\w\s]")
WORD = re.compile(r"\w+")
WS = re.compile(r"\s+")


class Token(NamedTuple):
    """One token of a sentence: its offsets into the document's text and its characters."""

    start: int
    end: int
    text: str


# How a speaker noun phrase is to be resolved (see Document.resolve): a pronoun ("he"), a
# quantifier standing for a group ("Some argued"), a bare head ("the ministry"), a document
# ("the statement"), a possessive pronoun ("Its foreign ministry"), a titled surname
# ("Mr. Karimli"). None: the phrase is the speaker.
SpeakerRef = tuple[str, str] | None


@dataclass(slots=True)
class Quote:
    open: int  # offset of the opening mark
    close: int  # offset of the closing mark (paragraph end when unbalanced)
    unbalanced: bool

    @property
    def start(self) -> int:
        return self.open + 1

    @property
    def end(self) -> int:
        return self.close


@dataclass(slots=True)
class Cue:
    """A reporting construction: who speaks, and the character span that is theirs."""

    anchor: int  # offset of the reporting verb / "according"
    start: int
    end: int
    excluded: tuple[tuple[int, int], ...]
    speaker: str | None
    ref: SpeakerRef  # how to resolve the speaker (pronoun, bare head ...), None when it is final
    kind: str  # "preposed" | "coordinated" | "postposed" | "according"
    attribution: tuple[int, int]  # where the speaker and verb stand
    learned: bool = False  # the verb was found by the learned cue detector, not the word lists
    reports: bool = True  # False: the report filter gives its complement to the outlet

    def covers(self, start: int, end: int) -> bool:
        if not (self.start <= start and end <= self.end):
            return False
        return not any(s < end and start < e for s, e in self.excluded)


class Sentence:
    """One sentence. Its words, lower-cased words, tokens and token starts are made on first
    use (most sentences of a text never need tokens) and kept in plain slots, so that reading
    them again costs no property call (:meth:`__getattr__` fills a slot once)."""

    __slots__ = (
        "text",
        "start",
        "end",
        "abbreviations",
        "toks",
        "lows",
        "words",
        "starts",
        "cues",
        "_flags",
    )

    toks: list[Token]  # the tokens, with offsets into the text
    lows: list[str]  # their lower-cased characters (straight apostrophe)
    words: list[str]  # their characters as in the text
    starts: list[int]  # their start offsets

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        abbreviations: frozenset[str] | set[str],
    ) -> None:
        self.text = text
        self.abbreviations = abbreviations  # the splitter's: "Cllr." in "Cllr. Holm said"
        self.start = start
        self.end = end
        self.cues: list[Cue] | None = None
        self._flags: tuple[bool, bool] | None = None

    def __getattr__(self, name: str):
        # called only while a lazy slot is still empty: fill it, then it is a plain read
        if name == "words":
            # one C-level findall; no offsets
            value = TOKEN.findall(self.text, self.start, self.end)
        elif name == "lows":
            words = self.words
            # lower-cased in one call over the words joined by a line break (no token holds
            # white space, so the split gives the words back one for one)
            value = "\n".join(words).lower().replace("’", "'").split("\n") if words else []
        elif name == "toks":
            value = self._make_tokens()
        elif name == "starts":
            value = [t.start for t in self.toks]
        else:
            raise AttributeError(name)
        setattr(self, name, value)
        return value

    def _make_tokens(self) -> list[Token]:
        # Every character that is no space belongs to a token, so what lies between two tokens
        # is white space: the offsets are the running sum of the lengths of the gaps
        # (TOKEN.split) and of the words. All of it runs in C, as does tuple.__new__ mapped
        # over the triples (Token(...) costs a Python frame per token, and sentences make
        # hundreds of thousands of tokens on a large corpus).
        words = self.words
        gaps = TOKEN.split(self.text[self.start : self.end])
        bounds = list(
            accumulate(
                chain.from_iterable(zip(map(len, gaps), map(len, words), strict=False)),
                initial=self.start,
            )
        )
        triples = zip(bounds[1::2], bounds[2::2], words, strict=True)
        return list(map(tuple.__new__, repeat(Token), triples))

    @property
    def flags(self) -> tuple[bool, bool]:
        """(may hold a negation, may hold a hedge): False when none of the words that start a
        negation or hedge rule occurs in the sentence, so most sentences skip those rules."""
        if self._flags is None:
            words = set(self.lows)
            apostrophe = (
                "n't" in self.text[self.start : self.end]
                or "n’t" in self.text[self.start : self.end]
            )
            self._flags = (
                apostrophe or not NEGATION_TRIGGERS.isdisjoint(words),
                not HEDGE_ANY.isdisjoint(words),
            )
        return self._flags


def is_word(tok: str) -> bool:
    return tok[0].isalnum() or tok[0] == "_"


def token_range(sent: Sentence, start: int, end: int) -> tuple[int, int]:
    """First and last token indices overlapping ``[start, end)``."""
    starts = sent.starts
    k0 = max(bisect_right(starts, start) - 1, 0)
    if sent.toks and sent.toks[k0].end <= start and k0 + 1 < len(sent.toks):
        k0 += 1
    k1 = max(bisect_right(starts, end - 1) - 1, k0)
    return k0, k1


def token_at(sent: Sentence, pos: int) -> int:
    """Index of the token of ``sent`` that starts at or last before offset ``pos``."""
    return max(bisect_right(sent.starts, pos) - 1, 0)
