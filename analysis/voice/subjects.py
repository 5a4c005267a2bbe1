"""What stands between a reporting verb and its subject: an insertion between commas, dashes or
parentheses ("X, a member of ..., said"; "Sen. X (D-Va.) said"), auxiliaries and adverbs ("has
repeatedly warned", "have both urged"), a time adverbial ("X on Friday said"), "spent years";
and :func:`clause_subject`, the subject of the clause that ", saying" or "and said" continue.
Token indices into one :class:`~analysis.voice.units.Sentence`; :mod:`analysis.voice.cues`
reads the subject where these functions say it ends. Rules in docs/voice.md, "Speaker".
"""

from __future__ import annotations

from .phrases import dateline_end, initial_np, names_someone, noun_like, right_np, speaker_text
from .units import QUOTE_MARKS, Sentence, SpeakerRef, is_word
from .words import (
    AUX,
    BE,
    CATENATIVE_STOP,
    CONJUNCTIONS,
    DETERMINERS,
    DURATION_WORDS,
    DURATIONS,
    GO,
    PREPOSITIONS,
    SPEAKER_NOUNS,
    SPEND,
    STANCE_WORDS,
    TIME_WORDS,
    VERB_ADVERBS,
    VERB_FORMS,
    ly_adverb,
)


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


DASHES = frozenset({"–", "—", "--"})
# quantifiers that float after their subject ("have both urged", "all agreed")
FLOATING = frozenset({"all", "both", "each"})


# words that open a time adverbial ("on Thursday", "last week", "this morning", "earlier today")
TIME_LEADS = frozenset("on last this earlier late early".split())


def skip_insertion(sent: Sentence, v: int) -> tuple[int, tuple[int, int] | None]:
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


def party_label(sent: Sentence, a: int, b: int) -> bool:
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


def walk_left(sent: Sentence, v: int, left: int) -> tuple[int, bool]:
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


def over_spent_years(sent: Sentence, v: int, k: int) -> int:
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


# what may follow a subject before its verb besides a lower-case word: an apposition, a party
# label, an aside ("Lind, angry at the fees, walked out", "Sen. Ann Lake (D-Va.) said")
_AFTER_SUBJECT = frozenset({",", "(", "—", "–", "--"})


def clause_subject(
    sent: Sentence, r: int, *, nearest: bool
) -> tuple[tuple[int, int], str, SpeakerRef] | None:
    """The subject of a clause before token ``r``: a noun phrase that opens the sentence (after
    a dateline and "And", "But") or follows one of its commas, is followed by its verb (a
    lower-case word; or a comma, after the sentence's opening phrase: "Lind, angry at the
    fees, walked out") and can name someone (:func:`names_someone`). With ``nearest``, the
    candidate nearest ``r`` (the clause holding a run: "In a town hall, Lind took ..."), else
    the first (the main clause that "..., saying" continues). Commas inside a place name ("in
    Orla, North Cape, Lind said") open no clause. Returns (token span, speaker, ref) or None."""
    toks = sent.toks
    start = dateline_end(sent) or 0
    opens = [start] + [
        x + 1 for x in range(start, r - 1) if toks[x].text == "," and not _place_part(sent, x)
    ]
    # a phrase right before its verb first; one before a comma ("Lind, angry at the fees,
    # walked out") only when there is none: "in Ames, Iowa, on Sunday, Mrs. Vale tried ..."
    later = None
    for i in reversed(opens) if nearest else opens:
        np = initial_np(sent) if i == start else right_np(sent, i)
        if np is None or np[1] + 1 >= r:
            continue
        after = toks[np[1] + 1].text
        verb_next = after[0].islower() and is_word(after)
        if not verb_next and (after not in _AFTER_SUBJECT or later is not None):
            continue
        if names_someone(sent, np):
            speaker, ref = speaker_text(sent, np)
            if speaker is not None:
                if verb_next:
                    return np, speaker, ref
                later = (np, speaker, ref)
    return later


def _place_part(sent: Sentence, c: int) -> bool:
    """Does the comma at token ``c`` open the second part of a place name ("in Orla, North
    Cape, Lind said", "in Harlow, Ore., Mr. Vale"): a capitalised word before it that is no day,
    and a comma two tokens on? (One word between commas, "in Iowa, Trump, who ...", is as
    often the speaker, so it stays a candidate.)"""
    toks, lows = sent.toks, sent.lows
    if c < 1 or not toks[c - 1].text[0].isupper() or lows[c - 1] in TIME_WORDS:
        return False
    return c + 3 < len(toks) and toks[c + 3].text == "," and toks[c + 1].text[0].isupper()
