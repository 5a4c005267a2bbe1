"""Quotation marks to quotations: one scan of a document finds its top-level quotes.

Curly, straight and angle quotes, nesting, quotes running over paragraphs (each new paragraph
reopening the quote), unbalanced quotes and apostrophes that look like closing single quotes;
rules in docs/voice.md, "Quotes".
"""

from __future__ import annotations

from collections.abc import Sequence

from .units import (
    CLOSE_GLYPH,
    DOUBLE,
    LEFT_OPENING_CONTEXT,
    OPEN_GLYPH,
    QMARK,
    QUOTE_MARKS,
    RIGHT_CLOSING_CONTEXT,
    Quote,
)


def quote_regions(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[Quote]:
    """Top-level quotations of ``text`` in order, by one scan (rules in docs/voice.md)."""
    quotes: list[Quote] = []
    # stack entries: [family ("d" or "s"), offset of opening mark]
    stack: list[list] = []
    skip_mark_at = -1  # opening mark of a continuation paragraph, already accounted for
    n_par = len(paragraphs)
    for p_index, (ps, pe) in enumerate(paragraphs):
        for m in QMARK.finditer(text, ps, pe):
            i = m.start()
            if i == skip_mark_at:
                continue
            c = text[i]
            fam = "d" if c in DOUBLE else "s"
            left = text[i - 1] if i > ps else None
            right = text[i + 1] if i + 1 < pe else None
            left_space = left is None or left.isspace()
            right_space = right is None or right.isspace()
            opening_flank = (left_space or left in LEFT_OPENING_CONTEXT) and not right_space
            closing_flank = (right_space or right in RIGHT_CLOSING_CONTEXT) and not left_space
            has_open = bool(stack) and (stack[-1][0] == fam or stack[0][0] == fam)
            if opening_flank and not closing_flank:
                act = "open"
            elif closing_flank and not opening_flank:
                act = "close"
            elif c in OPEN_GLYPH:
                act = "open"
            elif c in CLOSE_GLYPH:
                act = "close"
            else:
                act = "close" if has_open else "open"
            if fam == "s":
                # ’90s, ’em, students’: apostrophes, not quotation marks
                if act == "open" and (c in "’›" or (right is not None and right.isdigit())):
                    continue
                if act == "close" and not has_open:
                    continue
            if act == "open":
                if has_open:
                    # same-family nesting does not happen: the earlier quote lost its closing
                    # mark; end it here (double) or drop it (single, an apostrophe after all)
                    _close_family(text, stack, quotes, fam, i, unbalanced=True)
                stack.append([fam, i])
            elif has_open:
                _close_family(text, stack, quotes, fam, i, unbalanced=False)
        if not stack:
            continue
        outer_fam, outer_open = stack[0]
        nxt = paragraphs[p_index + 1][0] if p_index + 1 < n_par else None
        if nxt is not None and _opens_paragraph(text, nxt, paragraphs[p_index + 1][1], outer_fam):
            # news convention: a quote runs on while each new paragraph opens with a mark
            del stack[1:]
            skip_mark_at = nxt
            continue
        if outer_fam == "d":
            quotes.append(Quote(outer_open, pe, True))
        # an unclosed single quote is taken for an apostrophe
        stack.clear()
    quotes.sort(key=lambda q: q.open)
    return quotes


def _opens_paragraph(text: str, start: int, end: int, fam: str) -> bool:
    """Does the paragraph at ``start`` open with a quote mark of family ``fam`` (a continuation
    of a quote running over paragraphs)? Closing shapes (” ’ ›) never open one; » may (German)."""
    c = text[start]
    if c not in QUOTE_MARKS or c in "”’›" or ("d" if c in DOUBLE else "s") != fam:
        return False
    return start + 1 < end and not text[start + 1].isspace()


def _close_family(
    text: str, stack: list[list], quotes: list[Quote], fam: str, at: int, *, unbalanced: bool
) -> None:
    """Pop the innermost open quote of ``fam`` (and anything opened inside it), closing at ``at``."""
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][0] == fam:
            break
    else:
        return
    _, open_at = stack[k]
    del stack[k:]
    if k == 0 and not (unbalanced and fam == "s"):
        end = at
        if unbalanced:  # end before the whitespace that precedes the next opening mark
            while end > open_at + 1 and text[end - 1].isspace():
                end -= 1
        quotes.append(Quote(open_at, end, unbalanced))
