"""Bytes to text, one file at a time, saying how: the declared encoding, a byte-order mark, or a
guess, and which lines had bytes that could not be decoded.

Rules, in order:

1. A byte-order mark decides (UTF-8, UTF-16 or UTF-32, either byte order), whatever encoding was
   declared: the mark is written by the program that wrote the file.
2. The declared encoding (``--encoding``; UTF-8 by default) when the bytes are valid in it.
   One exception: when a single-byte encoding such as cp1252 was declared but the file is valid
   UTF-8 with characters beyond ASCII, it is read as UTF-8 (such bytes are almost never meant as
   cp1252, and reading them so writes "gÃ©nocide" for "génocide").
3. Bytes that are not valid in the declared encoding:

   * a UTF-8 file (declared or by default) that holds valid multi-byte characters is UTF-8 with
     a few damaged bytes: they are replaced by U+FFFD and the lines holding them are named, so
     only those records carry a note;
   * otherwise the encoding is guessed (charset-normalizer, whose tables ship in its package),
     falling back to cp1252, and every record of the file says so.

Nothing here rejects a file: a decoding problem costs a note on the records it touches.
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field

_BOMS = (  # longest first: the UTF-32 LE mark begins with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_UNICODE = frozenset({"utf-8", "utf-8-sig", "utf-16", "utf-32", "utf-16-le", "utf-16-be",
                      "utf-32-le", "utf-32-be"})
_SURROGATE = re.compile("[\udc80-\udcff]")


@dataclass
class Decoded:
    """A file's text and how it was obtained.

    ``encoding``: the codec used. ``note``: set when the text was not read with the declared
    encoding as it is (a byte-order mark, a guess, UTF-8 instead of a declared single-byte
    encoding); every record of the file carries it. ``bad_lines``: 1-based numbers of the lines
    (split on "\\n") that held undecodable bytes, each replaced by U+FFFD.
    """

    text: str
    encoding: str
    note: str | None = None
    bad_lines: set[int] = field(default_factory=set)

    @property
    def garbled(self) -> str | None:
        """Why the text is not worth reading (most of it undecodable), or None."""
        bad = self.text.count("\ufffd") if self.bad_lines else 0
        if bad and bad > 0.1 * len(self.text):
            return (
                f"undecodable bytes: {bad} of {len(self.text)} characters are not valid "
                f"{self.encoding} (pass --encoding if the file uses another encoding)"
            )
        return None

    def line_note(self, first: int, last: int | None = None) -> str | None:
        """The note for a record on lines ``first``..``last``: the file's note and, when any of
        its lines had undecodable bytes, that too."""
        last = first if last is None else last
        notes = [self.note] if self.note else []
        if any(first <= n <= last for n in self.bad_lines):
            notes.append(f"bytes not valid {self.encoding} replaced by U+FFFD")
        return "; ".join(notes) or None


def plain_utf8(path, declared: str = "utf-8") -> bool:
    """True when a file would be read by :func:`decode_bytes` as plain UTF-8 with nothing to
    say: UTF-8 declared (or by default), no byte-order mark, every byte valid. Checked in chunks
    of 1 MB, so a reader can then stream the file line by line instead of decoding it whole."""
    if codecs.lookup(declared).name != "utf-8":
        return False
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as fh:
        first = True
        while chunk := fh.read(1 << 20):
            if first and any(chunk.startswith(bom) for bom, _ in _BOMS):
                return False
            first = False
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def decode_bytes(data: bytes, *, declared: str = "utf-8", given: bool = False) -> Decoded:
    """Decode one file's ``data`` by the rules of the module docstring.

    ``declared``: the encoding the user named (or the default); ``given``: whether the user
    named it, which only changes the wording of notes.
    """
    declared_codec = codecs.lookup(declared).name
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text, bad = _decode_marking(data, codec)
            note = None
            if given and declared_codec not in _UNICODE:
                note = f"byte-order mark says {codec.removesuffix('-sig')}: read as such, not {declared}"
            return Decoded(text.lstrip("\ufeff"), codec.removesuffix("-sig"), note, bad)
    try:
        text = data.decode(declared_codec)
    except UnicodeDecodeError:
        return _undecodable(data, declared, declared_codec, given)
    if declared_codec not in _UNICODE and _is_utf8_beyond_ascii(data):
        return Decoded(
            data.decode("utf-8"), "utf-8",
            f"valid UTF-8 with non-ASCII characters: read as UTF-8, not the declared {declared}",
        )
    return Decoded(text, declared_codec)


def _undecodable(data: bytes, declared: str, codec: str, given: bool) -> Decoded:
    if codec == "utf-8":
        text, bad = _decode_marking(data, "utf-8")
        if any(ord(c) > 127 and c != "\ufffd" for c in text):
            return Decoded(text, "utf-8", None, bad)  # UTF-8 with a few damaged bytes
        guess = _guess(data)
        how = "not valid UTF-8" + ("" if given else " (the default)")
        return Decoded(data.decode(guess, errors="replace"), guess,
                       f"{how}: encoding guessed as {guess} (pass --encoding to choose)")
    text, bad = _decode_marking(data, codec)
    return Decoded(text, codec, None, bad)


def _decode_marking(data: bytes, codec: str) -> tuple[str, set[int]]:
    """Decode, replacing bad bytes by U+FFFD; return the text and the lines that had them."""
    if codec in ("utf-8", "utf-8-sig"):
        raw = data.decode(codec, errors="surrogateescape")
        return _SURROGATE.sub("\ufffd", raw), _lines_of(raw, (m.start() for m in _SURROGATE.finditer(raw)))
    text = data.decode(codec, errors="replace")
    return text, _lines_of(text, (i for i, c in enumerate(text) if c == "\ufffd"))


def _lines_of(text: str, positions) -> set[int]:
    """1-based line numbers (lines split on "\n") of character ``positions`` of ``text``."""
    positions = list(positions)
    if not positions:
        return set()
    breaks = [m.start() for m in re.finditer("\n", text)]
    return {bisect.bisect_left(breaks, pos) + 1 for pos in positions}


def _is_utf8_beyond_ascii(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _guess(data: bytes) -> str:
    """The most likely encoding of bytes that are not UTF-8.

    cp1252 (Windows Western European, the usual legacy encoding of news text) when the bytes read
    as Western European text in it; otherwise charset-normalizer's guess, whose statistics tell
    Cyrillic, Greek or East Asian encodings apart but often take short Western text for cp1250.
    """
    try:
        latin = data.decode("cp1252")
    except UnicodeDecodeError:
        latin = None
    if latin is not None and all(c.isascii() or c in _WESTERN for c in latin):
        letters = [c for c in latin if c.isalpha()]
        # Western text is mostly ASCII letters with some accented ones; Cyrillic or Greek
        # bytes read as cp1252 give accented letters almost only
        if sum(not c.isascii() for c in letters) <= 0.3 * max(len(letters), 1):
            return "cp1252"
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a dependency; the fallback keeps ingest working
        return "cp1252"
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in ("utf_8", "ascii"):
        return "cp1252"
    return codecs.lookup(best.encoding).name


# Letters of Western European languages and the typographic marks cp1252 adds to Latin-1.
_WESTERN = frozenset(
    "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿŒœŠšŽžŸƒ"
    "‘’‚“”„†‡•…‰‹›€™–—˜ˆ «»°±²³´µ¶·¸¹º¼½¾¿¡¢£¤¥¦§¨©ª¬®¯×÷"
)
