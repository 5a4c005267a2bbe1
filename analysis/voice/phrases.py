"""Noun phrases around reporting cues: who speaks, and how a speaker phrase is to be resolved.

Functions read a :class:`~analysis.voice.units.Sentence`'s tokens left or right of a position and
return token index ranges; :func:`speaker_text` turns a range into the speaker string and a
:data:`~analysis.voice.units.SpeakerRef` saying whether it still needs resolving (a pronoun, a
bare head such as "the ministry", a titled surname).
"""

from __future__ import annotations

import re

import pandas as pd

from .units import QUOTE_MARKS, WS, Sentence, SpeakerRef, Token, is_word
from .words import (
    AUX,
    BARE_HEADS,
    CONJUNCTIONS,
    DETERMINERS,
    DOCUMENT_NOUNS,
    HEDGE_WORDS,
    NAME_JOINERS,
    NEGATORS,
    NON_NP,
    NOT_SPEAKER_WORDS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PERSONAL_TITLES,
    PLACING,
    POSSESSIVE_PRONOUN,
    POSSESSIVES,
    PREPOSITIONS,
    PRONOUNS,
    QUANTIFIER_PRONOUNS,
    QUANTITY_NOUNS,
    QUESTION_AUX,
    ROLE_NOUNS,
    SPEAKER_NOUNS,
    SPEAKER_PRONOUNS,
    TIME_WORDS,
    VERB_FORMS,
    ly_adverb,
)


def _np_stop(lows: list[str], toks: list[Token], k: int) -> bool:
    """True when token ``k`` cannot be part of a speaker noun phrase."""
    low = lows[k]
    tok = toks[k].text
    if not is_word(tok):
        # "38% say": a percentage is a noun phrase
        return not (tok == "%" and k > 0 and toks[k - 1].text[0].isdigit())
    if low in PREPOSITIONS or low in CONJUNCTIONS or low in AUX or low in NEGATORS:
        return low != "of"
    if (
        low in VERB_FORMS
        and tok[0].isupper()
        and k > 0
        and (
            toks[k - 1].text[0].isupper()
            or (lows[k - 1] in ROLE_NOUNS and k + 1 < len(toks) and toks[k + 1].text[0].isupper())
        )
    ):
        return False  # "Spokeswoman Hope Hicks", "spokeswoman Hope Hicks": a verb form in a name
    if _hyphenated(toks, k):
        return False  # "the 43-year-old", "a two-week": a word joined by hyphens is a modifier
    if low in VERB_FORMS or low in TIME_WORDS or low in HEDGE_WORDS or low in NON_NP:
        return True
    if tok[0].islower() and ly_adverb(low) and len(low) > 4:
        return True
    return False


def _hyphenated(toks: list[Token], k: int) -> bool:
    """Is token ``k`` joined to a neighbour by a hyphen with no space ("year" in "43-year-old")?"""
    after = k + 1 < len(toks) and toks[k + 1].text == "-" and toks[k + 1].start == toks[k].end
    before = k > 0 and toks[k - 1].text == "-" and toks[k - 1].end == toks[k].start
    return after or before


def _modifier_ok(lows: list[str], toks: list[Token], k: int) -> bool:
    """An -ing/-ed word is a modifier inside a noun phrase only after a determiner, a possessive,
    a capitalised word or a hyphen ("Russia’s peacekeeping force", "Azerbaijan-backed forces")."""
    low = lows[k]
    if not (low.endswith("ing") or low.endswith("ed")) or toks[k].text[0].isupper():
        return True
    if low in SPEAKER_NOUNS:
        return True  # "recent polling", "a court ruling"
    if k == 0:
        return False
    prev, prev_tok = lows[k - 1], toks[k - 1].text
    return (
        prev in DETERMINERS
        or prev in _NP_OPENERS  # "another leading advocate"
        or prev in POSSESSIVES
        or prev_tok == "-"
        or (is_word(prev_tok) and prev_tok[0].isupper())
        or prev.endswith("'s")
    )


def _joins(sent: Sentence, k: int) -> bool:
    """Punctuation that stays inside a noun phrase: a hyphen between words, a title's period."""
    text, toks, lows = sent.text, sent.toks, sent.lows
    tok = toks[k].text
    if tok == "-":
        s, e = toks[k].start, toks[k].end
        return s > 0 and e < len(text) and not text[s - 1].isspace() and not text[e].isspace()
    if tok == "." and k > 0:
        # the splitter's abbreviations: the news set ("Gen.", "Mr.") and any added or learned;
        # a middle initial before a name ("Paul H. Chipok", "C. Stewart Verdery")
        prev = toks[k - 1].text
        if len(prev) == 1 and prev.isupper():
            return k + 1 < len(toks) and toks[k + 1].text[0].isupper()
        return lows[k - 1] in sent.abbreviations
    return False


def left_np(sent: Sentence, j: int, *, extend: bool = True) -> tuple[int, int] | None:
    """Noun phrase ending at token ``j`` (read leftwards), as token indices, or None.

    With ``extend``, three constructions widen it: a coordinated subject at the start of a
    clause ("Armenia and international rights groups"), a speaker noun placed by a preposition
    ("Pro-government media in Baku", "officials in Goris"), and a noun phrase that only names
    who published or quoted the speaker ("A decree published by the region's presidential
    office said" -> "decree"; "officials quoted by Reuters said" -> "officials").
    """
    toks, lows = sent.toks, sent.lows
    if j < 0:
        return None
    if lows[j] in PRONOUNS:
        return (j, j)
    k = j
    while k >= 0 and j - k < 10:
        if _joins(sent, k):
            k -= 1
            continue
        if _np_stop(lows, toks, k) or lows[k] in PRONOUNS:
            break
        if not _modifier_ok(lows, toks, k):
            break
        k -= 1
    first = k + 1
    while first <= j and (lows[first] == "of" or not is_word(toks[first].text)):
        first += 1
    if first > j or all(lows[i] in DETERMINERS for i in range(first, j + 1)):
        return None
    if first >= 2 and lows[first - 1] == "in" and _number(lows[first - 2]) and _number(lows[first]):
        return (first - 2, j)  # "About three in 10 said", "6 in 10 voters say"
    if not extend or first < 2:
        return (first, j)
    before, head = lows[first - 1], first - 2
    if before == "by" and lows[head].endswith("ed") and toks[head].text[0].islower():
        # "A decree published by X said": the speaker is the decree
        np = left_np(sent, head - 1, extend=False)
        if np is not None:
            return np
    elif before in PLACING and lows[head] in SPEAKER_NOUNS:
        lead = first + 1 if lows[first] in DETERMINERS and first < j else first
        # "media in Baku", "a spokesman for committee Democrats"; not "residents in the town"
        if toks[lead].text[0].isupper() or (before == "for" and lows[head] in PERSON_NOUNS):
            np = left_np(sent, head, extend=False)
            if np is not None:
                return (np[0], j)
    elif before == "and" and noun_like(lows, toks, head):
        np = left_np(sent, head, extend=False)
        # only a subject that opens its clause: "Armenia and rights groups describe ..."
        if np is not None and (np[0] == 0 or not is_word(toks[np[0] - 1].text)):
            return (np[0], j)
    return (first, j)


_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten".split())


def _number(low: str) -> bool:
    return low.isdigit() or low in _NUMBER_WORDS


def noun_like(lows: list[str], toks: list[Token], k: int) -> bool:
    tok = toks[k].text
    return tok[0].isupper() or tok[0].isdigit() or lows[k] in SPEAKER_NOUNS


def right_np(sent: Sentence, i: int) -> tuple[int, int] | None:
    """Noun phrase starting at token ``i`` (read rightwards), as token indices, or None."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    if i >= n:
        return None
    if lows[i] in PRONOUNS:
        return (i, i)
    k = i
    while k < n and k - i < 10:
        if _joins(sent, k):
            k += 1
            continue
        if _np_stop(lows, toks, k) or lows[k] in PRONOUNS or not _modifier_ok(lows, toks, k):
            break
        k += 1
    last = k - 1
    if last < i:
        return None
    for x in range(i + 1, last):
        # "Petra Lind fled Orla": a lower-case word between two names is their verb
        if (
            toks[x].text[0].islower()
            and toks[x - 1].text[0].isupper()
            and toks[x + 1].text[0].isupper()
            and lows[x] not in NAME_JOINERS
            and lows[x] not in SPEAKER_NOUNS
        ):
            last = x - 1
            k = x
            break
    nouns = [x for x in range(i, last + 1) if noun_like(lows, toks, x)]
    # "the Russian peacekeepers, who ...": lower-case nouns that end the phrase stay
    keep = (
        nouns
        and (k >= n or toks[k].text in {",", ".", ";", ")"} or lows[k] in {"who", "which", "whose"})
        and all(
            is_word(toks[x].text)
            and not lows[x].endswith(("ed", "ing"))
            and lows[x] not in DETERMINERS
            for x in range(nouns[-1] + 1, last + 1)
        )
    )
    if nouns and nouns[-1] < last and not keep:
        last = nouns[-1]  # "Russia’s defense ministry gave" -> cut after "ministry"
    elif not nouns and (
        last - i >= 4 or (k < n and is_word(toks[k].text) and lows[k] not in PREPOSITIONS)
    ):
        return None
    while last >= i and lows[last] == "of":
        last -= 1
    if last < i or all(lows[x] in DETERMINERS for x in range(i, last + 1)):
        return None
    return (i, last)


def _name_like(tok: str, low: str) -> bool:
    """Could ``tok`` be part of a personal name (a capitalised word that is no role or
    institution noun, or a title such as "Dr")?"""
    return (
        tok[0].isupper()
        and is_word(tok)
        and low not in ROLE_NOUNS
        and low not in ORG_NOUNS
        and not low.endswith("'s")
    )


def _name_start(sent: Sentence, a: int, b: int) -> int:
    """Start of the personal name that ends the phrase ``a..b`` when a role stands right before
    it ("Foreign Ministry spokesperson Nigar Ismayilzade", "Political analyst Dr. Kamran
    Eyvazli", "President Aron Vale" -> the name); else ``a``."""
    if a == b:
        return a
    toks, lows = sent.toks, sent.lows
    i = b
    while i > a:
        t, low = toks[i - 1].text, lows[i - 1]
        if t == "." and i - 2 >= a and lows[i - 2] in PERSONAL_TITLES:
            i -= 2
        elif _name_like(t, low):
            i -= 1
        else:
            break
    if i > a and i <= b and lows[i - 1] in ROLE_NOUNS and _name_like(toks[b].text, lows[b]):
        return i
    return a


def _name_end(sent: Sentence, a: int, b: int) -> int:
    """End of a personal name followed by its affiliation ("Tomas Reyes of the ICRC", "Col.
    Tural Bayramli of Azerbaijan's defense ministry" -> the name); else ``b``. Institutions keep
    theirs ("Ministry of Foreign Affairs of Armenia", "Human Rights Defender of Armenia")."""
    toks, lows = sent.toks, sent.lows
    if b - a < 3 or "of" not in lows[a + 1 : b]:
        return b
    o = lows.index("of", a + 1, b)
    name = [x for x in range(a, o) if is_word(toks[x].text) and lows[x] not in PERSONAL_TITLES]
    if len(name) < 2 or not all(_name_like(toks[x].text, lows[x]) for x in name):
        return b
    rest = range(o + 1, b + 1)
    if (
        lows[o + 1] == "the"
        or any(lows[x] in ORG_NOUNS or lows[x].endswith("'s") for x in rest)
        or (o + 1 == b and toks[b].text.isupper() and len(toks[b].text) > 1)
    ):
        return o - 1
    return b


# a pronoun written with a contraction ("he’s", "it’d", lower case and straight apostrophe)
_CONTRACTION = re.compile(r"^(he|she|it|they|i|we|you)'(s|d|ll|re|ve|m)$")


def _filler(sent: Sentence, x: int, b: int) -> bool:
    """Is token ``x`` (of a phrase ending at ``b``) an adverb or connective that opens no noun
    phrase ("Even", "already", "Interestingly")? A capitalised word is one only where a
    sentence opens ("Theresa May", "Kelly Ayotte" keep theirs)."""
    toks, lows = sent.toks, sent.lows
    low, tok = lows[x], toks[x].text
    if tok[0].isupper() and x > 0 and is_word(toks[x - 1].text):
        return False
    return low in NOT_SPEAKER_WORDS or (
        ly_adverb(low)
        and len(low) > 4
        and (tok[0].islower() or x == 0)
        and low not in SPEAKER_NOUNS
        and b > x
    ) or (low in QUESTION_AUX and tok[0].isupper() and b > x)


def _opening_participle(sent: Sentence, a: int) -> bool:
    """"Facing criticism, ...", "Growing sharper as he spoke, ...": a participle opening the
    sentence, no subject."""
    toks, lows = sent.toks, sent.lows
    first = toks[a].text
    return (
        a == 0
        and first[0].isupper()
        and lows[a].endswith("ing")
        and len(lows[a]) > 5
        and a + 1 < len(toks)
        and is_word(toks[a + 1].text)
        and toks[a + 1].text[0].islower()
        and lows[a + 1] not in VERB_FORMS
        and lows[a + 1] not in SPEAKER_NOUNS
    )


def speaker_text(sent: Sentence, span: tuple[int, int]) -> tuple[str | None, SpeakerRef]:
    """Readable speaker for a noun phrase, never a fragment: (None, None) when the phrase names
    no one (an adverb such as "already", a bare number or year, a participle opening the
    sentence such as "Facing ...", a bare -ed verb); leading adverbs go ("Even X" -> X); a
    pronoun with a contraction ("he’s") is the pronoun. See :func:`_speaker_text`."""
    toks, lows = sent.toks, sent.lows
    a, b = span
    if a == b:
        m = _CONTRACTION.match(lows[a])
        if m is not None:
            low = m.group(1)
            return (low, ("pronoun", low)) if low in SPEAKER_PRONOUNS else (None, None)
    while a < b and _filler(sent, a, b):
        a += 1  # "Interestingly Blocher" is Blocher
    if _filler(sent, a, b) or (a == b and lows[a] in NOT_SPEAKER_WORDS):
        return None, None
    words = [x for x in range(a, b + 1) if is_word(toks[x].text)]
    if words and all(lows[x].isdigit() for x in words) and toks[b].text != "%":
        return None, None  # "2012", "10"; but "38%" (of those polled) say
    if _opening_participle(sent, a):
        return None, None
    if (
        a == 0
        and a + 1 < len(toks)
        and lows[a].endswith("ed")
        and toks[a].text[0].isupper()
        and lows[a + 1] == "by"
    ):
        return None, None  # "Courted by most of the candidates, ...": a participle, no subject
    if (
        a == b
        and toks[a].text[0].islower()
        and lows[a].endswith("ed")
        and lows[a] not in SPEAKER_NOUNS
    ):
        return None, None  # "surveyed", "began"
    return _speaker_text(sent, (a, b))


def _speaker_text(sent: Sentence, span: tuple[int, int]) -> tuple[str | None, SpeakerRef]:
    """Readable speaker for a noun phrase and how to resolve it.

    Leading articles go; before a name, descriptive words that are not roles go ("a triumphant
    Aliyev" -> "Aliyev") and so does a role right before the name ("spokesperson Lusine Avetyan"
    -> "Lusine Avetyan"), as does an affiliation after it ("Elnur Gasimzade of the Presidential
    Administration" -> "Elnur Gasimzade"), so that one person is one speaker however the text
    introduces them. Returns (speaker, ref), ref as described at :data:`SpeakerRef`.
    """
    text, toks, lows = sent.text, sent.toks, sent.lows
    a, b = span
    if a == b:
        low = lows[a]
        if low in PRONOUNS:
            return (low, ("pronoun", low)) if low in SPEAKER_PRONOUNS else (None, None)
        if low in QUANTIFIER_PRONOUNS:
            return toks[a].text, ("quantifier", low)
        if low in NON_NP:
            return None, None
    indefinite = lows[a] in {"a", "an", "one", "another"}
    while a < b and lows[a] in DETERMINERS:
        a += 1
    if a + 2 <= b and lows[a] in QUANTITY_NOUNS and lows[a + 1] == "of":
        a += 2  # "a number of genocide scholars" -> "genocide scholars"
        while a < b and lows[a] in DETERMINERS:
            a += 1
    if lows[a] in DETERMINERS:
        return None, None
    if lows[a] in POSSESSIVE_PRONOUN:
        if a == b:
            return None, None
        return WS.sub(" ", text[toks[a + 1].start : toks[b].end]), (
            "possessive",
            POSSESSIVE_PRONOUN[lows[a]],
        )
    placed = not PLACING.isdisjoint(lows[a:b])  # "defence ministry in Baku"
    if toks[b].text[0].isupper() and not placed:
        k = a
        while k < b and toks[k].text[0].islower() and lows[k] not in ROLE_NOUNS:
            k += 1
        a = _name_start(sent, k, b)
    b = _name_end(sent, a, b)
    speaker = WS.sub(" ", text[toks[a].start : toks[b].end])
    owner = _OWNER.fullmatch(speaker) if a == b else None
    if owner is not None:
        # a possessive with no head: "Trump's [call for ...]" is Trump's; "That's", "There's",
        # "Let's" are contractions that name no one
        if owner.group(1).lower() in _NOT_OWNERS or owner.group(1).lower() in TIME_WORDS:
            return None, None  # ... nor does "Saturday's [call]"
        speaker = owner.group(1)
    ref: SpeakerRef = None
    if a == b and not indefinite:
        if lows[a] in DOCUMENT_NOUNS:
            ref = ("document", lows[a])
        elif lows[a] in BARE_HEADS:
            ref = ("bare", lows[a])
    elif b == a + 2 and lows[a] in PERSONAL_TITLES and toks[a + 1].text == ".":
        ref = ("surname", toks[b].text)  # "Mr. Karimli"
    elif b == a + 1 and lows[a] in PERSONAL_TITLES:
        ref = ("surname", toks[b].text)  # "Mr Karimli"
    if a == b and ref is None and _name_like(toks[a].text, lows[a]) and not toks[a].text.isupper():
        ref = ("name", speaker)  # "Aliyev" -> "Ilham Aliyev" when introduced so before
    return speaker, ref


_OWNER = re.compile(r"(\w[\w.-]*)['’]s")
_NOT_OWNERS = frozenset("that there here what it let who where how this".split())


def subject_before(sent: Sentence, v: int) -> tuple[tuple[int, int], str, SpeakerRef] | None:
    """The subject of the verb at token ``v`` when it stands right before it, over auxiliaries
    and adverbs ("Mr. Trump continued", "Dianne Bystrom agreed", "he has also said"): (token
    span, speaker, ref), else None."""
    toks, lows = sent.toks, sent.lows
    k = v - 1
    while k >= 0 and (
        lows[k] in AUX or (toks[k].text[0].islower() and ly_adverb(lows[k]))
    ):
        k -= 1
    np = left_np(sent, k)
    if np is None or not (lows[np[1]] in PRONOUNS or noun_like(lows, toks, np[1])):
        return None
    speaker, ref = speaker_text(sent, np)
    return (np, speaker, ref) if speaker is not None else None


def subject_np(
    sent: Sentence, *, allow_cue: bool = False
) -> tuple[tuple[int, int], str, SpeakerRef] | None:
    """The sentence's opening noun phrase when it could name a speaker (a name or a noun such as
    "ministry"): (token span, speaker, ref), else None. Unless ``allow_cue``, not when a
    reporting verb follows it (that is a cue's subject already)."""
    np = initial_np(sent)
    if np is None:
        return None
    a, b = np
    lows = sent.lows
    if lows[a] in POSSESSIVE_PRONOUN or lows[b] in PRONOUNS:
        return None  # "Her school ...", "It ..."
    if not noun_like(lows, sent.toks, b):
        return None
    if not allow_cue and b + 1 < len(sent.toks) and lows[b + 1] in VERB_FORMS:
        return None  # "Officials said ...": already a cue
    speaker, ref = speaker_text(sent, np)
    if speaker is None or (ref is not None and ref[0] == "pronoun"):
        return None
    return np, speaker, ref


# words that are no part of who a speaker is: articles and titles ("Dr. Aram Zakaryan" = "Aram
# Zakaryan", "the ministry" = "ministry")
_SPEAKER_DROP = frozenset({"the", "a", "an", "pres", "retired"}) | PERSONAL_TITLES


def speaker_words(speaker: object) -> list[str]:
    """Lower-case words of a speaker string without articles and titles ([] for None/NA)."""
    if speaker is None or speaker is pd.NA or (isinstance(speaker, float) and speaker != speaker):
        return []
    words = re.findall(r"[\w']+", str(speaker).lower().replace("’", "'"))
    return [w for w in words if w not in _SPEAKER_DROP]


def speaker_head(words: list[str]) -> str | None:
    """Head noun of a speaker phrase (its :func:`speaker_words`): the word before the first
    "of" ("ministry" in "Ministry of Foreign Affairs of Armenia"), else the last word; without a
    possessive "'s"."""
    if not words:
        return None
    k = words.index("of") if "of" in words[1:] else len(words)
    head = words[k - 1]
    return head[:-2] if head.endswith("'s") else head


def agrees(pronoun: str, speaker: str) -> bool:
    """Rough agreement: "he"/"she" are not organisations, "it" is not a person or a plural,
    "some" (a quantifier standing for a group) is a plural."""
    head = speaker_head(speaker_words(speaker)) or ""
    if pronoun in ("he", "she"):
        return head not in ORG_NOUNS
    if pronoun == "it":
        return head not in PERSON_NOUNS and not (head.endswith("s") and head in SPEAKER_NOUNS)
    if pronoun == "some":
        return head.endswith("s") or head in {"media", "people"}
    return True


def dateline_end(sent: Sentence) -> int | None:
    """Token index after a dateline that opens a text ("TBILISI –", "KORNIDZOR, Armenia
    (Sept 24) –"), 0 when there is none, None when the sentence is nothing but a dateline
    ("YEREVAN, SEPTEMBER 19, ARARAT BULLETIN."). A dateline names a place, not a speaker."""
    toks = sent.toks
    if sent.start > 300 or not toks:
        return 0
    first = toks[0].text
    for k, (_, _, tok) in enumerate(toks[:20]):
        if tok in {"–", "—", "--", "-"}:
            # "TBILISI –"; "Washington (AFP) –": a place in title case before a news agency
            agency = k > 2 and toks[k - 1].text == ")" and toks[k - 2].text.isupper()
            return k + 1 if k > 0 and (first.isupper() and len(first) >= 3 or agency) else 0
        if is_word(tok) and not (tok[0].isupper() or tok[0].isdigit()):
            return 0
    words = [t.text for t in toks if is_word(t.text)]
    if len(toks) <= 14 and any(w[0].isdigit() for w in words):
        return None
    return 0


_OPENERS = frozenset("and but or so yet then".split())


def initial_np(sent: Sentence) -> tuple[int, int] | None:
    k = dateline_end(sent)
    if k is None:
        return None
    toks, lows = sent.toks, sent.lows
    while k < len(toks) and toks[k].text in QUOTE_MARKS:
        k += 1
    # "And then Lind went on the attack", "But Vale said": a coordinator opens no noun phrase
    while k + 1 < len(toks) and lows[k] in _OPENERS and is_word(toks[k + 1].text):
        k += 1
    if (
        k + 1 < len(toks)
        and lows[k].endswith("ly")
        and (lows[k + 1] in PREPOSITIONS or toks[k + 1].text == ",")
    ):
        return None  # an adverb opens the sentence ("Shortly after 11 p.m., ..."): no subject
    return right_np(sent, k)


_REFLEXIVES = frozenset("himself herself itself themselves".split())
_OWNER_WORD = re.compile(r"[A-Z][\w.-]*['’]s")
# words that open a noun phrase whatever its last word ("Other Republican candidates", "Some
# staunch defenders of globalization", "One attendee")
_NP_OPENERS = DETERMINERS | QUANTIFIER_PRONOUNS | {
    "other", "one", "all", "both", "each", "another", "every", "any", "no"
}


def names_someone(sent: Sentence, np: tuple[int, int]) -> bool:
    """Can phrase ``np``, read rightwards from a clause start by :func:`right_np`, be a subject
    naming someone? A pronoun, a phrase ending in a name or speaker noun, or one that opens as a
    noun phrase; not one that runs into a verb the word lists do not know ("Sanders went
    further", "held up her signs", "albeit severe")."""
    toks, lows = sent.toks, sent.lows
    a, b = np
    return (
        lows[b] in PRONOUNS
        or noun_like(lows, toks, b)
        or lows[a] in _NP_OPENERS
        or (lows[b] in _REFLEXIVES and b > a and noun_like(lows, toks, b - 1))
        or any(_OWNER_WORD.fullmatch(toks[x].text) for x in range(a, b))  # "Trump's willingness"
    )


def mention(sent: Sentence, t: int) -> str | None:
    """The speaker named by a fuller noun phrase around token ``t`` (used to resolve a bare head
    such as "the ministry"), or None when the phrase there is no fuller than the head."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    if lows[t] in PERSON_NOUNS or lows[t] in {"officials", "spokespeople"}:
        # "spokesperson Nigar Ismayilzade": the name after the role
        if t + 1 < n and _name_like(toks[t + 1].text, lows[t + 1]):
            np = right_np(sent, t + 1)
            if np is not None:
                speaker, ref = speaker_text(sent, np)
                if speaker and ref is None:
                    return speaker
        # "Nigar Ismayilzade, the ministry's spokesperson": the name before the apposition
        for c in range(t - 1, max(t - 7, 0), -1):
            if toks[c].text == ",":
                if _name_like(toks[c - 1].text, lows[c - 1]):
                    np = left_np(sent, c - 1, extend=False)
                    if np is not None:
                        speaker, ref = speaker_text(sent, np)
                        if speaker and ref is None:
                            return speaker
                break
            if not is_word(toks[c].text):
                break
    left = left_np(sent, t, extend=False)
    if left is None:
        return None
    of = max((x for x in range(left[0], t) if lows[x] == "of"), default=None)
    if of is not None:
        # "Col. Tural Bayramli of the Ministry of Defense": the ministry, not the colonel
        left = (of + 1, t)
    end = t
    if t + 2 < n and (
        lows[t + 1] == "of" or (lows[t + 1] in PLACING and toks[t + 2].text[0].isupper())
    ):
        # "Ministry of Foreign Affairs of Armenia", "defence ministry in Baku"
        right = right_np(sent, t + 2)
        if right is not None:
            end = right[1]
    speaker, ref = speaker_text(sent, (left[0], end))
    if speaker is None or ref is not None or " " not in speaker:
        return None
    return speaker


GIVEN_NAME = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) $")
_CHUNK_BEFORE = re.compile(r"(\S+)\s*$")
_WORD_AFTER = re.compile(r"\s*([\w']+|[^\w\s])")


def introduces_person(text: str, start: int, end: int) -> bool:
    """Does the name at ``text[start:end]`` stand where people are introduced in news (see
    :meth:`Document.full_name`)?"""
    m = _CHUNK_BEFORE.search(text, max(0, start - 40), start)
    if m is not None:
        chunk = m.group(1)
        if chunk[-1].isalnum():
            low = chunk.lower().replace("’", "'")
            if low not in ROLE_NOUNS and low not in PERSONAL_TITLES and low not in VERB_FORMS:
                return False
    m = _WORD_AFTER.match(text, end)
    if m is None:
        return True
    after = m.group(1).lower()
    return after in {",", ".", ";", ")", "of", "who"} or after in VERB_FORMS


def is_name_run(sent: Sentence, a: int, b: int) -> bool:
    """Are tokens ``a..b`` a personal name (capitalised words, titles)?"""
    toks, lows = sent.toks, sent.lows
    words = [x for x in range(a, b + 1) if is_word(toks[x].text)]
    return 0 < len(words) <= 4 and all(
        _name_like(toks[x].text, lows[x]) or lows[x] in PERSONAL_TITLES for x in words
    )
