"""The one definition of a token, used for ``n_tokens``, rates per 1,000 tokens and keyness.

A token is a run of word characters (letters, digits, underscore, in any script), with internal
apostrophes kept: "Azerbaijan's" and "don’t" are one token each. Hyphenated compounds count as
their parts ("Russia-brokered" is two tokens), as most news-corpus tokenisers do. Punctuation is
not a token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = [
    "TOKEN_PATTERN",
    "count_tokens",
    "iter_tokens",
    "tokenize",
]


TOKEN_PATTERN = re.compile(r"\w+(?:['’]\w+)*")


def tokenize(text: str, *, lowercase: bool = False) -> list[str]:
    """Return the tokens of ``text`` in order (lower-cased when asked)."""
    tokens = TOKEN_PATTERN.findall(text or "")
    return [t.lower() for t in tokens] if lowercase else tokens


def iter_tokens(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, token)`` for every token, offsets into ``text``."""
    for m in TOKEN_PATTERN.finditer(text or ""):
        yield m.start(), m.end(), m.group()


def count_tokens(text: str) -> int:
    """Return the number of tokens in ``text`` (the denominator of every rate)."""
    return sum(1 for _ in TOKEN_PATTERN.finditer(text or ""))
