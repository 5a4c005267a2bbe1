"""Where the words of a reporting construction begin and end: the complement of a preposed
verb ("X said [that ...]"), the clause before a postposed one ("[...], X said"), the adverbial
tail after an attribution ("X said [on Tuesday]"), and an attribution that stands right after a
closing quotation mark. Token indices into one :class:`~analysis.voice.units.Sentence`; the
cues of :mod:`analysis.voice.cues` are built from them. Rules in docs/voice.md, "Reported
speech".
"""

from __future__ import annotations

from .phrases import noun_like, right_np, speaker_text
from .units import CLOSING_TOKENS, OPENING_QUOTES, QUOTE_MARKS, Cue, Sentence, SpeakerRef, is_word
from .words import (
    AUX,
    CLAUSE_BREAK_WORDS,
    COMPLEMENT_PARTICLES,
    DETERMINERS,
    MANNER_VERBS,
    OBJECT_PRONOUNS,
    POINT,
    POSSESSIVES,
    PREPOSITIONS,
    PRONOUNS,
    THAT_IN_CONTENT,
    TIME_WORDS,
    VERB_FORMS,
)


def trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return end


def tail_is_adverbial(sent: Sentence, k: int) -> tuple[bool, int]:
    """After a postposed "X said": only adverbials ("on Tuesday", "in a statement") until a comma
    or the end? Returns (answer, index of the token ending the tail)."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    if k >= n:
        return True, n
    first, tok = lows[k], toks[k].text
    if tok in {",", ":"} and k + 1 < n and toks[k + 1].text in OPENING_QUOTES:
        return False, k  # "Okafor replied, “If I had to guess ...”": the quote is what follows
    if not is_word(tok):
        return tok in {".", "!", "?", ",", ";", ")", "”", '"', "’", "»"}, k
    if first not in PREPOSITIONS and first not in TIME_WORDS:
        return False, k
    if first == "to" and k + 1 < n and _infinitive(toks[k + 1].text, lows[k + 1]):
        return False, k  # "Still, Holm has sought to calm the crews": an infinitive, no adverbial
    i = k
    while i < n and toks[i].text not in {",", ";", ".", "!", "?"}:
        low = lows[i]
        if low == "that" or low in VERB_FORMS or (low in AUX and low != "to") or i - k > 10:
            return False, k  # a clause, not an adverbial: "said communications had been lost"
        i += 1
    return True, i


def attribution_after(
    sent: Sentence, k: int, *, to_end: bool = False
) -> tuple[tuple[int, int], str, SpeakerRef] | None:
    """An attribution that opens at token ``k`` after a closing quotation mark: "X said", "X
    has said", "X quipped", inverted "said X", "reads the editorial", followed by nothing but
    adverbials (up to a comma, or with ``to_end`` up to the sentence's end). Verbs of the manner
    of saying (:data:`~analysis.voice.words.MANNER_VERBS`) count here only. Returns (noun phrase
    span, speaker, ref) or None."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)

    def verb(x: int) -> bool:
        return (
            x < n
            and toks[x].text[0].islower()
            and (lows[x] in VERB_FORMS or lows[x] in MANNER_VERBS)
        )

    if k >= n:
        return None
    if verb(k):
        np = right_np(sent, k + 1)
        end = np[1] + 1 if np is not None else n
    else:
        np = right_np(sent, k)
        x = np[1] + 1 if np is not None else n
        while x < n and lows[x] in AUX:
            x += 1
        if not verb(x):
            return None
        end = x + 1
    if np is None or not (lows[np[1]] in PRONOUNS or noun_like(lows, toks, np[1])):
        return None
    ok, tail_end = tail_is_adverbial(sent, end)
    if not ok or (to_end and tail_end < n - 1):
        return None
    speaker, ref = speaker_text(sent, np)
    return (np, speaker, ref) if speaker is not None else None


def _infinitive(tok: str, low: str) -> bool:
    """Is a word after "to" a verb ("to calm"), not the start of a noun phrase ("to reporters",
    "to the crowd", "to CNN")?"""
    return (
        is_word(tok)
        and tok[0].islower()
        and not tok[0].isdigit()
        and low not in DETERMINERS
        and low not in POSSESSIVES
        and low not in OBJECT_PRONOUNS
        and not low.endswith("s")
    )


def _parentheticals(sent: Sentence, a: int, b: int) -> list[tuple[int, int]]:
    """Character spans of paired dashes and parentheses between tokens a..b-1."""
    out: list[tuple[int, int]] = []
    text, toks = sent.text, sent.toks
    dash_open = None
    paren_open = None
    for k in range(a, b):
        s, e, tok = toks[k]
        is_dash = tok in {"–", "—", "--"} or (
            tok == "-" and 0 < s and e < len(text) and text[s - 1] == " " and text[e] == " "
        )
        if is_dash:
            if dash_open is None:
                dash_open = s
            else:
                out.append((dash_open, e))
                dash_open = None
        elif tok == "(":
            paren_open = s
        elif tok == ")" and paren_open is not None:
            out.append((paren_open, e))
            paren_open = None
    return out


def _clause_end(sent: Sentence, c0: int) -> int:
    """Token index where a preposed complement starting at ``c0`` ends (exclusive): at ";", at
    ", but" (and the like), at ", according to", and at ", and I/we" (indirect speech has no
    first person: that is the author again)."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    for k in range(c0, n):
        tok = toks[k].text
        if tok == ";":
            return k
        if tok != "," or k + 1 >= n:
            continue
        nxt = lows[k + 1]
        if nxt in CLAUSE_BREAK_WORDS:
            return k
        if k + 2 < n and nxt == "according" and lows[k + 2] == "to":
            return k
        if k + 2 < n and nxt == "and" and lows[k + 2] in {"i", "we"}:
            return k
    return n


def preposed(
    sent: Sentence,
    v: int,
    c0: int,
    speaker,
    ref: SpeakerRef,
    attr_start: int,
    *,
    relative: bool = False,
) -> Cue | None:
    """Cue whose complement follows the verb at token ``v`` (from token ``c0`` to the clause
    end), or None when nothing follows."""
    c1 = _clause_end(sent, c0)
    if relative:
        # "strikes that Baku insists on calling “...”, the authorities agreed ...": a relative
        # clause ends at its comma, where the main clause goes on
        # (a comma right after the verb opens the complement: "... so heated that X said, “...”")
        first = next((x for x in range(c0, c1) if is_word(sent.toks[x].text)), c1)
        c1 = next((x for x in range(first, c1) if sent.toks[x].text == ","), c1)
    # "said Wednesday that ...", "warned of ...": the complement starts after the particle
    k = c0
    while k < c1 and sent.lows[k] in TIME_WORDS:
        k += 1
    if k < c1 and sent.lows[v] in POINT and sent.lows[k] in {"out", "to"}:
        c0 = k = k + 1  # "pointed out that ...", "pointed to ...": the particle is the cue's
    if k < c1 and sent.lows[k] in COMPLEMENT_PARTICLES:
        c0 = k if THAT_IN_CONTENT and sent.lows[k] == "that" else k + 1
    if not any(is_word(sent.toks[k].text) for k in range(c0, c1)):
        return None
    return Cue(
        anchor=sent.toks[v].start,
        start=sent.toks[c0].start,
        end=sent.toks[c1 - 1].end,
        excluded=tuple(_parentheticals(sent, c0, c1)),
        speaker=speaker,
        ref=ref,
        kind="preposed",
        attribution=(attr_start, sent.toks[v].end),
    )


def postposed(
    sent: Sentence,
    anchor: int,
    before: int,
    tail_end: int,
    speaker,
    ref: SpeakerRef,
    kind,
    *,
    inverted: bool = False,
) -> Cue | None:
    """Complement before the attribution (token ``before`` is its comma or closing quote). When
    the attribution stands between commas and the sentence goes on with its verb ("The
    shelling, officials said, had ...") the rest of the sentence is reported too; not when what
    follows is a new clause or an adjunct ("..., officials said, days after ...", "..., according
    to the government, and the exodus showed ..."), not after a quote, and not after an inverted
    "said X, ...", where what follows the comma describes the speaker ("said Mira Solen, a
    teacher")."""
    text, toks = sent.text, sent.toks
    n = len(toks)
    if not any(is_word(toks[k].text) or toks[k].text in QUOTE_MARKS for k in range(0, before)):
        return None
    attr = (toks[before].start, toks[tail_end - 1].end if tail_end > 0 else toks[before].end)
    excluded: list[tuple[int, int]] = []
    end = trim_end(text, toks[0].start, toks[before].start)
    if toks[before].text in CLOSING_TOKENS:
        end = toks[before].end
    if (
        not inverted
        and toks[before].text == ","
        and tail_end + 1 < n
        and toks[tail_end].text == ","
        and (_continues_clause(sent, tail_end + 1) or _introductory(sent, before, tail_end + 1))
    ):
        attr = (toks[before].start, toks[tail_end].end)
        excluded.append(attr)
        end = toks[n - 1].end
    excluded.extend(_parentheticals(sent, 0, n))
    return Cue(
        anchor=anchor,
        start=toks[0].start,
        end=end,
        excluded=tuple(excluded),
        speaker=speaker,
        ref=ref,
        kind=kind,
        attribution=attr,
    )


INTRO_WORDS = frozenset(
    "instead still now so then yet indeed meanwhile however moreover also that this in at on "
    "for after before by with and but or".split()
)


def _introductory(sent: Sentence, before: int, k: int) -> bool:
    """Is what stands before a mid-sentence attribution only an introductory phrase ("After
    all, Ms. Brik said, the ferry ...", "And, Holm told the dockers, the pier ...", "Instead, X
    said, ...")? Then the clause after the attribution is the content too. Short (five words at most),
    opening with a connective or preposition, with no verb; and a clause follows."""
    toks, lows = sent.toks, sent.lows
    words = [x for x in range(before) if is_word(toks[x].text)]
    if not words or len(words) > 5 or lows[words[0]] not in INTRO_WORDS:
        return False
    if any(lows[x] in AUX or lows[x] in VERB_FORMS or lows[x].endswith("n't") for x in words):
        return False
    if any(not is_word(toks[x].text) for x in range(words[0], before)):
        return False  # a quote or a dash inside: no plain phrase
    nxt = lows[k]
    return is_word(toks[k].text) and nxt not in CLAUSE_BREAK_WORDS and nxt not in {"and", "or"}


def after_quote(sent: Sentence, k: int) -> bool:
    """Is token ``k`` a closing quotation mark, or a comma right after one (“...,” / “...”,)?"""
    toks = sent.toks
    if toks[k].text in CLOSING_TOKENS:
        return True
    return toks[k].text == "," and k > 0 and toks[k - 1].text in CLOSING_TOKENS


def _continues_clause(sent: Sentence, k: int) -> bool:
    """Does token ``k`` go on with the clause interrupted by an attribution, that is, is it its
    verb ("The offensive, officials said, was ...", "..., had killed", "..., starved")?"""
    low, tok = sent.lows[k], sent.toks[k].text
    if not is_word(tok) or tok[0].isupper():
        return False
    return low in AUX or low.endswith("n't") or (low.endswith("ed") and low not in PREPOSITIONS)
