"""Reporting constructions in one sentence: who speaks, and which characters are theirs.

:func:`find_cues` returns the sentence's :class:`~analysis.voice.units.Cue` objects: a reporting
verb with its complement (preposed "X said that ...", postposed "..., X said", inverted "...,
said X", coordinated), and "according to X". Rules in docs/voice.md, "Reported speech".
"""
from __future__ import annotations

from collections.abc import Callable

from .complements import after_quote, postposed, preposed, tail_is_adverbial, trim_end
from .phrases import is_name_run, left_np, noun_like, right_np, speaker_text
from .subjects import clause_subject, over_spent_years, party_label, skip_insertion, walk_left
from .units import BEFORE_ATTRIBUTION, QUOTE_MARKS, Cue, Sentence, SpeakerRef, is_word, token_at
from .words import (
    ABOUT_ONLY,
    ATTITUDE_LEMMAS,
    DETERMINERS,
    INVERTIBLE,
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
    TELL,
    THAT_IN_CONTENT,
    THING_VERBS,
    TIME_WORDS,
    TO_ONLY,
    VERB_FORMS,
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


# after these a form that is usually a noun is a verb ("may have thought", "has shown")
VERB_AUX = frozenset("has have had do does did will would shall should can could may might must".split())


def _title_case(sent: Sentence) -> bool:
    """Is the sentence a headline in title case: short, nearly every word capitalised?"""
    words = [w for w in sent.words if w[0].isalpha() and len(w) > 3]
    return 3 <= len(words) <= 20 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


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
    ok, tail_end = tail_is_adverbial(sent, np[1] + 1)
    if not ok and after_quote(sent, v - 1):
        # "“...,” said Hank Sheinkopf, a strategist who ...": the rest describes the speaker and
        # the occasion
        ok, tail_end = True, n
    if not ok:
        return None
    speaker, ref = speaker_text(sent, _named_apposition(sent, np))
    return postposed(
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
            return preposed(sent, v, c, None, None, toks[v].start)
    return None


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
    return preposed(sent, v, c0, speaker, ref, toks[ante[0]].start, relative=True)


def _coordinated_cue(sent: Sentence, v: int, k: int, earlier: list[Cue]) -> Cue | None:
    """Coordinated or participial: "... and said", ", saying ..." -> the earlier subject."""
    toks, lows = sent.toks, sent.lows
    if not (k >= 0 and (lows[k] in {"and", "but", "or"} or toks[k].text == ",")):
        return None
    if earlier:
        speaker, ref = earlier[-1].speaker, earlier[-1].ref
    else:
        speaker, ref = _clause_subject(sent, v)
    cue = preposed(sent, v, v + 1, speaker, ref, toks[v].start)
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
        ok, tail_end = tail_is_adverbial(sent, tail)
        if ok:
            return postposed(sent, toks[v].start, n0 - 1, tail_end, speaker, ref, "postposed")
        opens = next(
            (x for x in range(tail, n) if lows[x] in {"that", ":", ","} or toks[x].text in QUOTE_MARKS),
            n,
        )
        if after_quote(sent, n0 - 1) and not (opens < n and lows[opens] != ","):
            # "“...,” Ms. Brandt said at the first meeting of the panel, held this year on ...":
            # after a quote, what follows "X said" is where and when it was said, however long,
            # unless it opens a clause of its own ("that ...", ": ...")
            return postposed(sent, toks[v].start, n0 - 1, n, speaker, ref, "postposed")
    if VERB_FORMS.get(low) in BARE_SAY and not any(is_word(toks[x].text) for x in range(n0)):
        ok, tail_end = tail_is_adverbial(sent, tail)
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
    return preposed(sent, v, c0, speaker, ref, toks[n0].start, relative=relative)


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
    left, insertion = skip_insertion(sent, v)
    if _noun_use(sent, v, left):
        return None
    inverted = _inverted_cue(sent, v, left, insertion)
    if inverted is not None:
        return inverted
    k, passive = walk_left(sent, v, left)
    if passive:
        return _passive_cue(sent, v)
    k = over_spent_years(sent, v, k)
    if (
        insertion is not None
        and k == left
        and sent.toks[insertion[0] - 1].text != "("  # "Tom Marsh (R) said": a party, no name
        and not party_label(sent, *insertion)  # "Sen. Chuck Ross, R-Iowa, said"
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
        return preposed(sent, v, v + 1, speaker, ref, toks[v - 1].start, relative=True)
    if earlier:
        speaker, ref = earlier[-1].speaker, earlier[-1].ref
    else:
        speaker, ref = _clause_subject(sent, v)
    return preposed(sent, v, v + 1, speaker, ref, toks[v - 1].start)


def _clause_subject(sent: Sentence, v: int) -> tuple[str | None, SpeakerRef]:
    """(speaker, ref) of the clause a verb at token ``v`` continues ("..., saying", "by
    saying", "smiled and said"): the sentence's main subject, the first candidate of
    :func:`~analysis.voice.subjects.clause_subject`; (None, None) when there is none."""
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
        return preposed(sent, a, tail + 1, speaker, ref, toks[a].start)
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
    return postposed(sent, toks[a].start, before, tail, speaker, ref, "according")


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
