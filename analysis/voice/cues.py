"""Reporting constructions in one sentence: who speaks, and which characters are theirs.

:func:`find_cues` returns the sentence's :class:`~analysis.voice.units.Cue` objects: a reporting
verb with its complement (preposed "X said that ...", postposed "..., X said", inverted "...,
said X", coordinated), and "according to X". Rules in docs/voice.md, "Reported speech".
"""

from __future__ import annotations

from collections.abc import Callable

from .phrases import (
    clause_subject,
    is_name_run,
    left_np,
    noun_like,
    right_np,
    speaker_text,
)
from .units import (
    BEFORE_ATTRIBUTION,
    CLOSING_TOKENS,
    OPENING_QUOTES,
    QUOTE_MARKS,
    Cue,
    Sentence,
    SpeakerRef,
    is_word,
    token_at,
)
from .words import (
    ABOUT_ONLY,
    ATTITUDE_LEMMAS,
    AUX,
    BE,
    CATENATIVE_STOP,
    CLAUSE_BREAK_WORDS,
    COMPLEMENT_PARTICLES,
    CONJUNCTIONS,
    DETERMINERS,
    DURATION_WORDS,
    DURATIONS,
    GO,
    INVERTIBLE,
    MANNER_VERBS,
    NOUN_LIKE,
    OBJECT_PRONOUNS,
    PARTICIPLES,
    PAST_FORMS,
    POINT,
    POSSESSIVES,
    PREPOSITIONS,
    PRONOUNS,
    QUANTIFIER_PRONOUNS,
    REFER,
    SPEAK,
    SPEAKER_NOUNS,
    SPEND,
    STANCE_WORDS,
    TELL,
    THAT_IN_CONTENT,
    THING_VERBS,
    TIME_WORDS,
    TO_ONLY,
    VERB_ADVERBS,
    VERB_FORMS,
    ly_adverb,
)


def find_cues(
    sent: Sentence,
    quoted: Callable[[int], bool],
    is_cue: Callable[[Sentence, int], bool] | None = None,
    candidates: frozenset[str] = frozenset(),
) -> list[Cue]:
    """The reporting constructions of ``sent``. ``quoted(pos)`` tells whether a position is
    inside a quotation: verbs there are the quoted speaker's words, never a cue of the text (no
    rule uses them), so they are skipped. ``is_cue(sent, v)``: the learned cue detector, asked
    about the words in ``candidates``; a word it takes is read as a reporting verb (see
    :mod:`analysis.voice.learned`)."""
    lows = sent.lows
    learned_at: set[int] = set()
    if is_cue is not None and not candidates.isdisjoint(lows):
        learned_at = {v for v, low in enumerate(lows) if low in candidates and is_cue(sent, v)}
    if VERB_FORMS.keys().isdisjoint(lows) and "according" not in lows and not learned_at:
        return []  # no reporting word: the sentence's tokens are never made
    cues: list[Cue] = []
    learned: list[Cue] = []
    text, toks = sent.text, sent.toks
    n = len(lows)
    for v in range(n):
        low = lows[v]
        if low in VERB_FORMS or low == "according":
            if quoted(toks[v].start):
                continue
            if low == "according":
                if v + 1 >= n or lows[v + 1] != "to":
                    continue
                cue = _according_cue(sent, v)
            else:
                cue = _verb_cue(sent, v, cues)
        elif v in learned_at and not quoted(toks[v].start):
            cue = _verb_cue(sent, v, cues)
            if cue is not None:
                cue.learned = True
                learned.append(cue)
        else:
            continue
        if cue is not None:
            cues.append(cue)
    # No nested attributions for the verbs of belief, intention and stance (PolNeAR annotates
    # only the outermost): in "X said it had lifted the siege two days after rebels agreed to a
    # ceasefire" the whole clause is X's, "agreed" is no cue of its own.
    nested = [
        c
        for c in cues
        if (c in learned or VERB_FORMS.get(lows[token_at(sent, c.anchor)]) in ATTITUDE_LEMMAS)
        and any(d is not c and d.covers(c.anchor, c.anchor + 1) for d in cues)
    ]
    if nested:
        cues = [c for c in cues if c not in nested]
    # a preposed complement ends where a later postposed or coordinated attribution begins
    for c in cues:
        if c.kind not in ("preposed", "coordinated"):
            continue
        for d in cues:
            if d is not c and d.kind != "preposed" and c.anchor < d.attribution[0] < c.end:
                c.end = trim_end(text, c.start, d.attribution[0])
    return [c for c in cues if c.end > c.start]


def trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return end


def _tail_is_adverbial(sent: Sentence, k: int) -> tuple[bool, int]:
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
    ok, tail_end = _tail_is_adverbial(sent, end)
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


def _preposed(
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


def _postposed(
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


def _after_quote(sent: Sentence, k: int) -> bool:
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


def _catenative(sent: Sentence, k: int) -> bool:
    """Is token ``k``, before "to", a verb of its subject ("begun" in "have begun to say",
    "refused" in "refused to comment") rather than the subject ("officials to warn")?"""
    tok, low = sent.toks[k].text, sent.lows[k]
    return (
        is_word(tok)
        and tok[0].islower()
        and low not in CATENATIVE_STOP
        and low not in DETERMINERS
        and low not in PREPOSITIONS
        and low not in CONJUNCTIONS
        and not low.endswith("s")  # plural nouns: "residents to leave"
    )


def _insertion_start(sent: Sentence, c: int) -> int | None:
    """Index of the comma that opens a comma-delimited insertion closed by the comma at ``c``,
    between a subject and its verb ("Hasmik Ghukasyan, a member of the National Assembly,
    said"; "Azerbaijani officials, for their part, call ..."), or None."""
    toks, lows = sent.toks, sent.lows
    finite = verb = False
    for j in range(c - 1, max(c - 20, 0), -1):
        tok = toks[j].text
        if tok == ",":
            if j == c - 1 or not is_word(toks[_word_before(sent, j - 1)].text):
                return None
            if _state_after_place(sent, j, c):
                continue  # "Mr. Dalin, a pilot from Portland, Ore., said": one place
            # a clause between the commas is no apposition ("In Goris, the shelling was a
            # massacre, said ..."), unless it is a relative clause ("X, who was there, said";
            # "a source, who was not authorized to speak, told ...")
            if lows[j + 1] in {"who", "which", "whose"}:
                return j
            if finite or verb or c - j > 14:
                return None
            return j
        # (a period inside the sentence is an abbreviation's: "Mr. Obama's adviser")
        if tok in QUOTE_MARKS or tok in {";", ":", "!", "?", "(", ")"}:
            return None
        if lows[j] in VERB_FORMS or lows[j] == "that":
            verb = True
        if lows[j] in BE or lows[j] in {"has", "have", "had", "will", "would", "could", "can"}:
            finite = True
    return None


def _not_a_verb(sent: Sentence, v: int) -> bool:
    """Is the reporting word at ``v`` used as no verb of saying: a noun or adjective ("the
    alleged massacre", "amid fears that", "so-called", "self-declared"), "spoke to reporters",
    "refer" without "to"?"""
    toks, lows = sent.toks, sent.lows
    low = lows[v]
    prev = lows[v - 1] if v > 0 else None
    nxt = lows[v + 1] if v + 1 < len(toks) else None
    if prev is not None and (
        prev in DETERMINERS or prev in POSSESSIVES or (prev in PREPOSITIONS and prev != "to")
    ):
        if not (prev == "that" and low in {"said", "says"}):
            return True
    if prev == "-" and toks[v - 1].end == toks[v].start:
        return True
    if low in SPEAK and nxt not in {"of", "about"}:
        return True  # "spoke to reporters", "speaking on condition of anonymity"
    if low in REFER and nxt != "to":
        return True
    tok = toks[v].text
    if tok[0].isupper() and v > 0 and is_word(toks[v - 1].text) and not tok.isupper():
        # "spokeswoman Hope Hicks said": a name, not the verb; unless the sentence is a
        # headline in title case ("Clinton Says Russians Hacked DNC")
        return not _title_case(sent)
    if low in TO_ONLY and nxt != "to":
        return True  # "wants a wall" is no intention reported; "wants to build" is
    if low in ABOUT_ONLY and nxt != "about":
        return True
    return low in POINT and nxt not in {"out", "to"}


DASHES = frozenset({"–", "—", "--"})
# after these a form that is usually a noun is a verb ("may have thought", "has shown")
VERB_AUX = frozenset("has have had do does did will would shall should can could may might must".split())
# words that open a time adverbial ("on Thursday", "last week", "this morning", "earlier today")
TIME_LEADS = frozenset("on last this earlier late early".split())


def _title_case(sent: Sentence) -> bool:
    """Is the sentence a headline in title case: short, nearly every word capitalised?"""
    words = [w for w in sent.words if w[0].isalpha() and len(w) > 3]
    return 3 <= len(words) <= 20 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _insertion(sent: Sentence, v: int) -> tuple[int, tuple[int, int] | None]:
    """(last token of what stands before the verb, the insertion skipped or None): a subject,
    an insertion and the verb, "X, a member of ..., said"; "X, for their part, call"."""
    toks, lows = sent.toks, sent.lows
    left = v - 1
    insertion = None
    # "Several guests at the dinner — including farmers and traders — said ...": an insertion
    # between paired dashes; "Brik (a former harbour master) said ...": an aside in parentheses
    if left > 1 and toks[left].text in DASHES and not lows[v].endswith("ing"):
        opens = DASHES
    elif left > 1 and toks[left].text == ")":
        opens = frozenset({"("})
    else:
        opens = None
    if opens is not None:
        j = next((x for x in range(left - 1, max(left - 40, 0), -1) if toks[x].text in opens), None)
        if j is not None and j > 0 and is_word(toks[j - 1].text):
            return j - 1, (j + 1, left - 1)
    if left > 0 and toks[left].text == "," and not lows[v].endswith("ing"):
        j = _insertion_start(sent, left)
        if j is not None:
            insertion = (j + 1, left - 1)
            left = _word_before(sent, j - 1)
            if left >= 2 and lows[left].isdigit() and toks[left - 1].text == ",":
                left -= 2  # an age: "Seda Hakobyan, 70, from Sarnaghbyur, said"
        elif toks[left - 1].text == ")" and _word_before(sent, left - 1) < left - 1:
            left = _word_before(sent, left - 1)  # "Sen. Ann Lake (D-Va.), said"
    return left, insertion


def _party_label(sent: Sentence, a: int, b: int) -> bool:
    """Are tokens ``a..b`` a party label ("R-Iowa", "D-Calif.", "I")?"""
    toks = sent.toks
    return toks[a].text in {"R", "D", "I"} and (a == b or toks[a + 1].text == "-")


def _state_after_place(sent: Sentence, j: int, c: int) -> bool:
    """Are the tokens between the commas at ``j`` and ``c`` an abbreviated state or country
    after a place name ("Portland, Ore.,", "Washington, D.C.,")?"""
    toks = sent.toks
    inner = [t.text for t in toks[j + 1 : c]]
    if not toks[j - 1].text[0].isupper():
        return False
    if len(inner) == 1:
        return inner[0].endswith(".") and inner[0][0].isupper()  # "D.C."
    return len(inner) == 2 and inner[0][0].isupper() and is_word(inner[0]) and inner[1] == "."


def _word_before(sent: Sentence, k: int) -> int:
    """The last word of a subject that ends at token ``k``, past what closes it there: a
    parenthesis ("Sen. Ann Lake (D-Va.)", an aside; when a word stands before it) or an
    abbreviation's period ("James B. Comey Jr."); else ``k``."""
    toks = sent.toks
    if toks[k].text == "." and k > 0:
        return k - 1
    if k < 2 or toks[k].text != ")":
        return k
    j = next((x for x in range(k - 1, max(k - 40, 0), -1) if toks[x].text in "()"), None)
    if j is None or toks[j].text != "(" or not is_word(toks[j - 1].text):
        return k
    return j - 1


def _noun_use(sent: Sentence, v: int, left: int) -> bool:
    """Is a form that is usually a noun ("claims", "calls") a noun here, or "called" naming a
    place ("a town called Lachin")?"""
    toks, lows = sent.toks, sent.lows
    low = lows[v]
    prev = lows[v - 1] if v > 0 else None
    nxt = lows[v + 1] if v + 1 < len(toks) else None
    if low in NOUN_LIKE and nxt not in {"that", ":"} and prev not in VERB_AUX:
        calls_on = low in {"call", "calls"} and nxt in {"on", "for"}  # "calls on X to ..."
        left_tok = toks[left].text if left >= 0 else ""
        if not calls_on and not (
            lows[left] in PRONOUNS
            or lows[left] in SPEAKER_NOUNS  # "officials call the exodus a ..."
            or (left_tok and is_word(left_tok) and left_tok[0].isupper())
        ):
            return True
    if low == "called" and nxt is not None and toks[v + 1].text[0].isupper() and prev is not None:
        # "a town called Lachin": naming, not speech
        if toks[v - 1].text[0].islower() and prev not in PRONOUNS:
            return True
    return False


def _inverted_cue(
    sent: Sentence, v: int, left: int, insertion: tuple[int, int] | None
) -> Cue | None:
    """"..., said X." / "...” said a triumphant Aliyev in a televised address"; not after an
    insertion that follows a subject ("Officials in Goris, the nearest town, said hotels ...")."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    subject_before = insertion is not None and noun_like(lows, toks, left)
    if v == 0 or lows[v] not in INVERTIBLE or toks[v - 1].text not in BEFORE_ATTRIBUTION:
        return None
    if subject_before:
        return None
    np = right_np(sent, v + 1)
    if np is None or np[1] + 1 > n:
        return None
    ok, tail_end = _tail_is_adverbial(sent, np[1] + 1)
    if not ok and _after_quote(sent, v - 1):
        # "“...,” said Hank Sheinkopf, a strategist who ...": the rest describes the speaker and
        # the occasion
        ok, tail_end = True, n
    if not ok:
        return None
    speaker, ref = speaker_text(sent, _named_apposition(sent, np))
    return _postposed(
        sent, toks[v].start, v - 1, tail_end, speaker, ref, "postposed", inverted=True
    )


def _named_apposition(sent: Sentence, np: tuple[int, int]) -> tuple[int, int]:
    """The name in apposition after a role ("said another leading advocate, Andrew J. Pinn of
    the law firm" -> the name), else ``np``."""
    toks = sent.toks
    a, b = np
    if toks[b].text[0].isupper() or b + 2 >= len(toks) or toks[b + 1].text != ",":
        return np
    name = right_np(sent, b + 2)
    if name is None:
        return np
    end = next((x - 1 for x in range(name[0] + 1, name[1] + 1) if sent.lows[x] == "of"), name[1])
    return (name[0], end) if is_name_run(sent, name[0], end) else np


def _walk_left(sent: Sentence, v: int, left: int) -> tuple[int, bool]:
    """Walk left from ``left`` over auxiliaries and adverbs ("has repeatedly warned", "to
    warn") and over a verb before "to" ("have begun to say"); (where the subject ends, passive?)."""
    toks, lows = sent.toks, sent.lows
    k = left
    passive = False
    while k >= 0 and (
        lows[k] in AUX
        or lows[k].endswith("n't")
        or (toks[k].text[0].islower() and ly_adverb(lows[k]) and lows[k] not in CONJUNCTIONS)
        or (lows[k] in VERB_ADVERBS and toks[k].text[0].islower())
        # a floating quantifier, "in particular": "X and Y have both urged", "Britain and
        # France in particular feared"
        or (
            lows[k] in FLOATING
            and k > 0
            and (lows[k - 1] in AUX or toks[k - 1].text[0].isupper())
        )
        or (lows[k] == "particular" and k > 0 and lows[k - 1] == "in")
    ):
        if (
            lows[k] in BE
            and k == v - 1
            and not lows[v].endswith("ing")
            and lows[v] not in STANCE_WORDS
        ):
            passive = True  # "was reported"; "is calling for" is the progressive, not a passive
        if lows[k] == "particular":
            k -= 1  # and "in"
        if lows[k] == "to" and k >= 1 and _catenative(sent, k - 1):
            k -= 1
        elif lows[k] == "to" and k >= 2 and lows[k - 1] == "on" and lows[k - 2] in GO:
            k -= 2  # "Pence went on to say ..."
        k -= 1
    if not passive:
        k = _before_time_adverbial(sent, k)
    return k, passive


def _before_time_adverbial(sent: Sentence, k: int) -> int:
    """Where the subject ends when tokens ..``k`` end with a time adverbial ("Rosa Meyer on
    Friday morning said", "the governor last week said"); else ``k``."""
    lows = sent.lows
    j = k
    while j >= 0 and lows[j] in TIME_WORDS:
        j -= 1
    if j == k or j < 0:
        return k
    if lows[j] in TIME_LEADS and j >= 1:  # "on Thursday evening", "this week"
        j -= 1
    elif lows[j + 1] not in TIME_LEADS and not _published(sent, j):  # "last week", "earlier today"
        return k
    if _published(sent, j):
        j -= 1  # "the audit released Monday showed", "a poll conducted last week found"
    return j if noun_like(lows, sent.toks, j) else k


PUBLISHED_FORMS = frozenset("released published conducted issued taken filed".split())


def _published(sent: Sentence, j: int) -> bool:
    """Is token ``j`` a participle that dates a speaker noun before it ("the audit **released**
    Monday", "polls **released** Sunday", "a poll **out** this week")?"""
    lows, toks = sent.lows, sent.toks
    if j < 1:
        return False
    if lows[j] in PUBLISHED_FORMS or lows[j] == "out":
        if toks[j].text[0].islower() and lows[j - 1] in SPEAKER_NOUNS:
            return True
    return lows[j] in PUBLISHED_FORMS and toks[j - 1].text[0].isupper() and is_word(toks[j - 1].text)


def _passive_cue(sent: Sentence, v: int) -> Cue | None:
    """"it was reported that ...", "Both were told, repeatedly, that ...": a report without a
    named speaker; "there are fears that" is the outlet's own framing, not a report."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    low = lows[v]
    c = v + 1
    if c < n and toks[c].text == ",":
        close = next((x for x in range(c + 1, min(c + 14, n)) if toks[x].text == ","), None)
        c = close + 1 if close is not None else c
    if c < n and lows[c] in {"that", "to", "as"}:
        if low.endswith("ed") or low in PARTICIPLES:
            return _preposed(sent, v, c, None, None, toks[v].start)
    return None


def _over_spent_years(sent: Sentence, v: int, k: int) -> int:
    """"Azerbaijani officials have spent years describing them as ...": the subject is that of
    "spent"; returns where it ends (``k`` when the construction is not there)."""
    lows = sent.lows
    if not (lows[v].endswith("ing") and k >= 1 and lows[k] in DURATIONS):
        return k
    j = k - 1
    while j >= 0 and (lows[j] in DURATION_WORDS or lows[j].isdigit()):
        j -= 1
    if j >= 0 and lows[j] in SPEND:
        k = j - 1
        while k >= 0 and (lows[k] in AUX or lows[k].endswith("n't")):
            k -= 1
    return k


def _relative_cue(sent: Sentence, v: int, k: int) -> Cue | None:
    """"Dana Voss, who told reporters she'd ...", "the F.B.I., which said ...": the relative
    pronoun's antecedent speaks; the complement is the relative clause's."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    if not (k >= 2 and lows[k] in {"who", "which"}):
        return None
    # "X, who said ..." or, restrictive, "voters who said ...", "groups who say ..."
    ante = left_np(sent, k - 2 if toks[k - 1].text == "," else k - 1, extend=False)
    if ante is None or not noun_like(lows, toks, ante[1]):
        return None
    speaker, ref = speaker_text(sent, ante)
    c0 = v + 1
    if lows[v] in TELL:
        obj = right_np(sent, c0) if c0 < n else None
        if obj is not None and lows[c0] != "that":
            c0 = obj[1] + 1
    return _preposed(sent, v, c0, speaker, ref, toks[ante[0]].start, relative=True)


def _coordinated_cue(sent: Sentence, v: int, k: int, earlier: list[Cue]) -> Cue | None:
    """Coordinated or participial: "... and said", ", saying ..." -> the earlier subject."""
    toks, lows = sent.toks, sent.lows
    if not (k >= 0 and (lows[k] in {"and", "but", "or"} or toks[k].text == ",")):
        return None
    if earlier:
        speaker, ref = earlier[-1].speaker, earlier[-1].ref
    else:
        speaker, ref = _clause_subject(sent, v)
    cue = _preposed(sent, v, v + 1, speaker, ref, toks[v].start)
    if cue is not None:
        # the earlier complement ends before "and said" / ", saying"
        cue.attribution = (toks[k].start, toks[v].end)
        cue.kind = "coordinated"
    return cue


def _subject_cue(
    sent: Sentence,
    v: int,
    k: int,
    np: tuple[int, int],
    insertion: tuple[int, int] | None,
) -> Cue | None:
    """The cue of a verb whose subject ``np`` stands before it: postposed ("..., X said") when a
    comma or closing quote precedes the subject and only adverbials follow, else preposed."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    low = lows[v]
    speaker, ref = speaker_text(sent, np)
    n0 = np[0]
    if np == insertion:  # the subject before the named apposition opens the attribution
        subject = left_np(sent, k)
        n0 = subject[0] if subject is not None else n0
    tail = v + 1
    if low in TELL and tail < n:
        # "..., Avetyan told Atlas.", "... told reporters in Kornidzor": the listener first
        if lows[tail] in OBJECT_PRONOUNS:
            tail += 1
        else:
            obj = right_np(sent, tail)
            if obj is not None:
                tail = obj[1] + 1
    if n0 > 0 and toks[n0 - 1].text in BEFORE_ATTRIBUTION:
        ok, tail_end = _tail_is_adverbial(sent, tail)
        if ok:
            return _postposed(sent, toks[v].start, n0 - 1, tail_end, speaker, ref, "postposed")
        opens = next(
            (x for x in range(tail, n) if lows[x] in {"that", ":", ","} or toks[x].text in QUOTE_MARKS),
            n,
        )
        if _after_quote(sent, n0 - 1) and not (opens < n and lows[opens] != ","):
            # "“...,” Ms. Brandt said at the first meeting of the panel, held this year on ...":
            # after a quote, what follows "X said" is where and when it was said, however long,
            # unless it opens a clause of its own ("that ...", ": ...")
            return _postposed(sent, toks[v].start, n0 - 1, n, speaker, ref, "postposed")
    if VERB_FORMS.get(low) in BARE_SAY and not any(is_word(toks[x].text) for x in range(n0)):
        ok, tail_end = _tail_is_adverbial(sent, tail)
        setting = tail >= n or not is_word(toks[tail].text) or lows[tail] in SETTING
        if ok and tail_end >= n - 1 and setting:
            return None  # "Lind said in response.": nothing of Lind's in this sentence
    c0 = v + 1
    if low in TELL:
        for x in range(v + 1, min(v + 7, n)):
            if lows[x] == "that":
                c0 = x if THAT_IN_CONTENT else x + 1
                break
        else:
            c0 = tail  # "told reporters the rally was full": the listener is no content
    relative = (
        n0 >= 2
        and lows[n0 - 1] in {"that", "which", "who"}
        and is_word(toks[n0 - 2].text)
        and lows[n0 - 2] not in VERB_FORMS
    )
    return _preposed(sent, v, c0, speaker, ref, toks[n0].start, relative=relative)


def _verb_cue(sent: Sentence, v: int, earlier: list[Cue]) -> Cue | None:
    """The cue of the reporting verb at token ``v`` (``earlier``: the sentence's cues before
    it), or None when the word is no reporting verb here. The steps, in order: uses that are
    no verb of saying; an insertion before the verb; inverted "..., said X"; the passive; the
    subject (over auxiliaries, "spent years", a named apposition); coordinated "and said"."""
    lows = sent.lows
    low = lows[v]
    if low.endswith("ing") and v > 0 and lows[v - 1] in GERUND_PREPS:
        return _gerund_cue(sent, v, earlier)
    if _not_a_verb(sent, v):
        return None
    left, insertion = _insertion(sent, v)
    if _noun_use(sent, v, left):
        return None
    inverted = _inverted_cue(sent, v, left, insertion)
    if inverted is not None:
        return inverted
    k, passive = _walk_left(sent, v, left)
    if passive:
        return _passive_cue(sent, v)
    k = _over_spent_years(sent, v, k)
    if (
        insertion is not None
        and k == left
        and sent.toks[insertion[0] - 1].text != "("  # "Tom Marsh (R) said": a party, no name
        and not _party_label(sent, *insertion)  # "Sen. Chuck Ross, R-Iowa, said"
        and is_name_run(sent, *insertion)
    ):
        np = insertion  # "The ministry's spokesperson, Lusine Avetyan, said": the name
    else:
        np = left_np(sent, k)
    if np is None:
        relative = _relative_cue(sent, v, k)
        return relative if relative is not None else _coordinated_cue(sent, v, k, earlier)
    if lows[np[0]] in {"i", "we"} and np[0] == np[1]:
        return None  # "I wrote at the time that ...": the author's own words
    if (
        low in THING_VERBS
        and lows[np[1]] not in PRONOUNS
        and lows[np[1]] not in QUANTIFIER_PRONOUNS
        and not noun_like(lows, sent.toks, np[1])
        and not _of_head_speaks(lows, np)
    ):
        return None  # "the self-dissolution confirmed the failure of ...": no speaker
    return _subject_cue(sent, v, k, np, insertion)


# verbs whose sentence "X said on Tuesday." holds no words of X (they were in the quotation
# before it), and the prepositions of such a setting; not "refers to them as ...", "warned of
# ...", "calls on residents to ...", whose prepositional phrase is what was said
BARE_SAY = frozenset(
    "say tell add write note explain reply counter tweet recall agree respond insist concede "
    "acknowledge confirm ask announce state declare argue".split()
)
SETTING = frozenset("in on at during after before via by through from".split()) | TIME_WORDS


# quantifiers that float after their subject ("have both urged", "all agreed")
FLOATING = frozenset({"all", "both", "each"})


# prepositions before a gerund of saying whose subject is the clause's: "by saying that ...",
# "while saying ...", "After saying that ..., X left"
GERUND_PREPS = frozenset("by while after before".split())


def _gerund_cue(sent: Sentence, v: int, earlier: list[Cue]) -> Cue | None:
    """"Holm angered the crews by saying that ...", "After saying that ..., Lind left ...":
    the subject of the clause says; a gerund that opens the sentence reports up to its comma,
    and its speaker is the subject after that comma."""
    toks = sent.toks
    n = len(toks)
    fronted = not any(is_word(toks[x].text) for x in range(v - 1))
    if fronted:
        comma = next((x for x in range(v + 1, n) if toks[x].text == ","), None)
        if comma is None or comma + 1 >= n:
            return None
        np = right_np(sent, comma + 1)
        speaker, ref = speaker_text(sent, np) if np else (None, None)
        return _preposed(sent, v, v + 1, speaker, ref, toks[v - 1].start, relative=True)
    if earlier:
        speaker, ref = earlier[-1].speaker, earlier[-1].ref
    else:
        speaker, ref = _clause_subject(sent, v)
    return _preposed(sent, v, v + 1, speaker, ref, toks[v - 1].start)


def _clause_subject(sent: Sentence, v: int) -> tuple[str | None, SpeakerRef]:
    """(speaker, ref) of the clause a verb at token ``v`` continues ("..., saying", "by
    saying", "smiled and said"): the sentence's main subject, the first candidate of
    :func:`~analysis.voice.phrases.clause_subject`; (None, None) when there is none."""
    found = clause_subject(sent, v, nearest=False)
    return (found[1], found[2]) if found is not None else (None, None)


def _of_head_speaks(lows: list[str], np: tuple[int, int]) -> bool:
    """Is the head of an "X of Y" subject a speaker noun ("a survey of ferry captains found")?"""
    of = next((x for x in range(np[0] + 1, np[1]) if lows[x] == "of"), None)
    return of is not None and lows[of - 1] in SPEAKER_NOUNS


def _according_cue(sent: Sentence, a: int) -> Cue | None:
    text, toks, lows = sent.text, sent.toks, sent.lows
    n = len(toks)
    np = right_np(sent, a + 2)
    if np is not None and np[1] + 2 < n and lows[np[1] + 1] == "by":
        # "according to a count by the Harbour Institute": who made it speaks
        agent = right_np(sent, np[1] + 2)
        np = (np[0], agent[1]) if agent is not None else np
    speaker, ref = speaker_text(sent, np) if np else (None, None)
    after = (np[1] + 1) if np else a + 2
    # skip to the end of the phrase ("according to X, which ...": up to the comma)
    tail = after
    while tail < n and toks[tail].text not in {",", ";", ".", "!", "?", ":"}:
        tail += 1
    at_start = all(not is_word(toks[k].text) or lows[k] in {"but", "and"} for k in range(a))
    if at_start:
        if tail >= n or toks[tail].text not in {",", ":"}:  # "According to X: “...”"
            return None
        return _preposed(sent, a, tail + 1, speaker, ref, toks[a].start)
    before = a - 1 if toks[a - 1].text == "," else a
    if before == a:
        # "... used force according to witnesses": the clause before
        end = trim_end(text, toks[0].start, toks[a].start)
        return Cue(
            toks[a].start,
            toks[0].start,
            end,
            (),
            speaker,
            ref,
            "according",
            (toks[a].start, toks[tail - 1].end),
        )
    return _postposed(sent, toks[a].start, before, tail, speaker, ref, "according")


def is_past(form: str) -> bool:
    return form.endswith("ed") or form in PAST_FORMS


def same_of_phrase(lows: list[str], a: int, k: int) -> bool:
    """Do tokens ``a..k-1`` stay inside one "of" phrase ("of war crimes and of financing"), not
    passing to a new coordinated noun ("of war crimes and members of ...")?"""
    return all(lows[x] != "and" or lows[x + 1] == "of" for x in range(a, k))


def verb_use(sent: Sentence, i: int) -> bool:
    """Is the noun-like word at ``i`` ("claims", "reports") used as a verb, after a name or a
    pronoun ("Armenia claims that ...")?"""
    if i == 0:
        return False
    prev = sent.toks[i - 1].text
    return sent.lows[i - 1] in PRONOUNS or (is_word(prev) and prev[0].isupper())
