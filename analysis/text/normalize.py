"""Text normalisation applied once, at ingest, so every later stage sees the same characters.

What changes: Unicode NFC; CR/LF and CR become LF; no-break and other fixed-width spaces become a
plain space; zero-width spaces, word joiners, byte-order marks and soft hyphens are removed (they
are invisible and split words, so "geno\u00adcide" would not match "genocide"); other control
characters are removed; runs of spaces and tabs inside a line collapse to one space; spaces at
line ends are dropped; three or more line breaks collapse to a paragraph break; the whole text is
stripped.

What does not change: letters, punctuation and quotation marks. Curly quotes, guillemets and
dashes stay as they are, because the voice analysis needs to tell an opening from a closing quote.
Zero-width joiner and non-joiner (U+200D, U+200C) also stay: they are meaningful in Persian,
Arabic and Indic scripts.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "normalize_text",
]


# Fixed-width and no-break spaces: NBSP, en/em quads and spaces, thin, hair, narrow NBSP,
# medium mathematical space, ideographic space, Ogham space mark.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\f\v"
# Invisible characters that split words: zero-width space, word joiner, BOM / zero-width
# no-break space, soft hyphen, Mongolian vowel separator.
_INVISIBLE = "\u200b\u2060\ufeff\u00ad\u180e"

_TRANSLATE = {ord(c): " " for c in _SPACES}
_TRANSLATE.update({ord(c): None for c in _INVISIBLE})
# C0/C1 controls other than line feed (tab and form feed are mapped to space above).
_TRANSLATE.update({c: None for c in range(0x20) if c not in (0x0A, 0x09, 0x0C, 0x0B)})
_TRANSLATE.update({c: None for c in range(0x7F, 0xA0)})


_MULTI_SPACE = re.compile(r" {2,}")
_SPACE_AT_LINE_EDGE = re.compile(r" *\n *")
_MANY_BREAKS = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Return ``text`` normalised as described in the module docstring.

    Idempotent: ``normalize_text(normalize_text(t)) == normalize_text(t)``.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_TRANSLATE)
    # NFC after the invisible characters are gone: "e\u00ad\u0301" composes only once the soft
    # hyphen between the letter and its accent is removed.
    text = unicodedata.normalize("NFC", text)
    text = _MULTI_SPACE.sub(" ", text)
    text = _SPACE_AT_LINE_EDGE.sub("\n", text)
    text = _MANY_BREAKS.sub("\n\n", text)
    return text.strip()
