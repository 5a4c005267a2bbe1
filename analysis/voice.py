"""Who is speaking: direct quotes, reported speech, speakers, negation and hedging, per hit.

For every span of a text (a lexicon hit) :class:`VoiceAnnotator` says in whose voice it stands:

``quoted``
    inside quotation marks (any style, nested, running over paragraphs, scare quotes);
``reported``
    else inside the complement of a reporting verb ("warned of ...", "X said ...", "..., officials
    said", "according to X, ...");
``authorial``
    else: the outlet's own words.

It also gives the ``speaker`` named by the text (or ``None``), resolved to the fullest name the
article gives (pronouns, "the ministry", "Mr. Karimli", "Its foreign ministry"), and flags
``negated`` and ``hedged``. The rules are hand-written over tokens, listed and explained with
examples in ``docs/voice.md``; this docstring only sketches the machinery.
:func:`evaluate_voice` measures them against hand labels (docs/voice.md, "Measured quality").

Cost: quotation marks are found with one regular-expression scan of the document per call; only
the sentences that hold spans are found (by deciding the sentence boundaries next to each span,
see :meth:`analysis.sentences.SentenceSplitter.sentence_around`), and the reporting, negation
and hedge rules run only on those sentences (or, to resolve a pronoun such as "he said", on the
few sentences before them; a bare head such as "the ministry" looks its word up in the text).
Sentence analyses are cached per call.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from .sentences import SENTENCE_STARTERS, SentenceSplitter, paragraph_spans
from .tokens import TOKEN_PATTERN

__all__ = [
    "HEDGE_WORDS",
    "NEGATORS",
    "REPORTING_VERBS",
    "VoiceAnnotator",
    "VoiceEvaluation",
    "attribution_table",
    "attributions",
    "evaluate_voice",
]

# the values of "voice" (not exported; analysis.RATE_VOICES adds "all" for the rate tables)
VOICES = ("authorial", "quoted", "reported")

# ---------------------------------------------------------------------------------------------
# Word lists (lower case; the apostrophe is always the straight one after normalisation)
# ---------------------------------------------------------------------------------------------

# lemma -> inflected forms that introduce reported speech
REPORTING_VERBS: dict[str, tuple[str, ...]] = {
    "say": ("say", "says", "said", "saying"),
    "tell": ("tell", "tells", "told", "telling"),
    "warn": ("warn", "warns", "warned", "warning"),
    "claim": ("claim", "claims", "claimed", "claiming"),
    "accuse": ("accuse", "accuses", "accused", "accusing"),
    "allege": ("allege", "alleges", "alleged", "alleging"),
    "argue": ("argue", "argues", "argued", "arguing"),
    "insist": ("insist", "insists", "insisted", "insisting"),
    "deny": ("deny", "denies", "denied", "denying"),
    "state": ("stated", "stating"),
    "add": ("added", "adds", "adding"),
    "note": ("noted", "notes", "noting"),
    "report": ("reported", "reports", "reporting"),
    "announce": ("announce", "announces", "announced", "announcing"),
    "urge": ("urge", "urges", "urged", "urging"),
    "call": ("call", "calls", "called", "calling"),
    "describe": ("describe", "describes", "described", "describing"),
    "confirm": ("confirm", "confirms", "confirmed", "confirming"),
    "acknowledge": ("acknowledge", "acknowledges", "acknowledged", "acknowledging"),
    "admit": ("admit", "admits", "admitted", "admitting"),
    "assert": ("assert", "asserts", "asserted", "asserting"),
    "declare": ("declare", "declares", "declared", "declaring"),
    "maintain": ("maintains", "maintained"),
    "stress": ("stressed", "stresses"),
    "emphasise": ("emphasised", "emphasized", "emphasises", "emphasizes"),
    "reiterate": ("reiterated", "reiterates"),
    "explain": ("explained", "explains"),
    "write": ("wrote", "writes"),
    "tweet": ("tweeted",),
    "predict": ("predicted", "predicts"),
    "promise": ("promised", "promises"),
    "pledge": ("pledged", "pledges"),
    "vow": ("vowed", "vows"),
    "demand": ("demanded", "demands"),
    "complain": ("complained", "complains"),
    "concede": ("conceded", "concedes"),
    "contend": ("contended", "contends"),
    "counter": ("countered",),
    "reply": ("replied",),
    "ask": ("ask", "asks", "asked"),
    "believe": ("believe", "believes", "believed"),
    "fear": ("fear", "fears", "feared"),
    "suggest": ("suggested", "suggests"),
    "quote": ("quoted",),
    # speech acts that report what someone said about a thing: "Azerbaijan rejected accusations
    # that ...", "dismissed the claims as disinformation", "branded them terrorists"
    "reject": ("reject", "rejects", "rejected", "rejecting"),
    "dismiss": ("dismissed", "dismisses", "dismissing"),
    "refute": ("refuted", "refutes"),
    "denounce": ("denounced", "denounces", "denouncing"),
    "brand": ("branded",),
    "label": ("labelled", "labeled"),
    "criticize": ("criticized", "criticizes", "criticised", "criticises", "criticizing"),
    "propose": ("propose", "proposes", "proposed"),
    "cite": ("cites", "citing"),
    # only before "of"/"about": "Baku speaks of a voluntary departure"
    "speak": ("speak", "speaks", "spoke", "spoken", "speaking"),
    # only before "to": "whose state media refers to them as terrorists"
    "refer": ("refer", "refers", "referred", "referring"),
}
_VERB_FORMS: dict[str, str] = {f: lemma for lemma, forms in REPORTING_VERBS.items() for f in forms}
# Forms that are more often nouns ("rejected claims of", "amid fears that"): verbs only when
# followed by "that" or ":" or preceded directly by a pronoun or a capitalised word.
_NOUN_LIKE = frozenset(
    "claim claims report reports fear fears call calls notes demands promises pledges vows "
    "stresses counter".split()
)
# Irregular past participles that make a passive report besides the -ed forms ("It was said
# that ...", "Both were told, repeatedly, that ..."); inverted "..., said X" uses _INVERTIBLE.
_PARTICIPLES = frozenset({"said", "told"})
_TELL = frozenset(REPORTING_VERBS["tell"])
_SPEAK = frozenset(REPORTING_VERBS["speak"])
_REFER = frozenset(REPORTING_VERBS["refer"])
# Verbs that can come before their subject: "..., said X", "..., added the minister"; never
# "..., told X" (X is the listener: "..., Avetyan told Atlas") nor "..., criticized X" (X is
# the object: "Huseynli, a member of parliament, criticized the separatist leaders")
_NOT_INVERTED = frozenset(
    "tell accuse reject dismiss refute denounce brand label criticize propose cite speak call "
    "describe urge deny demand fear believe promise pledge vow quote".split()
)
_INVERTIBLE = frozenset(
    f
    for lemma, forms in REPORTING_VERBS.items()
    if lemma not in _NOT_INVERTED
    for f in forms
    if not f.endswith("ing") and f not in _NOUN_LIKE
)

NEGATORS: frozenset[str] = frozenset(
    "not no never without nor neither none nobody nothing nowhere cannot deny denies denied "
    "denying denial denials reject rejects rejected rejecting rejection refute refutes refuted "
    "refuting dismiss dismisses dismissed dismissing lack lacks lacking absence".split()
)
# negator followed by one of these is not a negation ("not only", "no doubt", "nothing but")
_NEGATION_EXCEPTIONS = {
    "not": {"only", "just", "least", "merely", "simply"},
    "no": {"doubt", "wonder", "less", "more"},
    "none": {"other"},
    "nothing": {"but", "short", "less", "more"},
    "without": {"doubt", "question"},
}
_NEGATION_FIXED = (("far", "from"), ("ruled", "out"), ("rule", "out"), ("rules", "out"))

# Hedges that modify the noun phrase right after them ("the alleged massacre"): within
# _MODIFIER_WINDOW words before the term.
_HEDGE_MODIFIERS = frozenset(
    "alleged suspected purported apparent possible potential presumed supposed unconfirmed "
    "unverified probable".split()
)
# "the claimed massacre", "a reported massacre": modifiers only after a determiner, a
# possessive or a preposition (else they are the verbs of "Armenia reported genocide")
_HEDGE_ADJECTIVES = frozenset({"claimed", "reported"})
# Hedges over the whole clause ("the shelling could amount to genocide"): within the scope.
_HEDGE_CLAUSE = frozenset(
    "allegedly reportedly possibly potentially apparently purportedly supposedly presumably "
    "seemingly perhaps maybe probably likely unlikely could may might would purports".split()
)
HEDGE_WORDS: frozenset[str] = _HEDGE_MODIFIERS | _HEDGE_ADJECTIVES | _HEDGE_CLAUSE
_MODIFIER_WINDOW = 3
# "<noun> of <term>": the term is named as a possibility or as someone's claim
_HEDGE_NOUNS_OF = frozenset(
    "risk risks threat threats danger dangers fear fears spectre specter allegation allegations "
    "claim claims accusation accusations charge charges report reports story stories rumour "
    "rumours rumor rumors".split()
)
# "<noun> that <clause with the term>": someone's claim ("accusations that it carried out ...")
_HEDGE_NOUNS_THAT = _HEDGE_NOUNS_OF - frozenset(
    "risk risks threat threats danger dangers fear fears spectre specter story stories".split()
)
# "fearing persecution", "residents fear reprisals": the term is what is feared
_FEAR_VERBS = frozenset("fear fears feared fearing".split())
# "what X called / calls / describes as / termed / dubbed / labelled / branded ..."
_WHAT_VERBS = frozenset(
    "call calls called describe describes described term terms termed dub dubs dubbed label "
    "labels labeled labelled brand brands branded characterise characterises characterised "
    "characterize characterizes characterized calling describing labelling branding".split()
)
_SEEM = frozenset("appear appears appeared seem seems seemed".split())
# negators that are verbs of saying: the word after "as" is their subject's label
_LEXICAL_NEGATORS = frozenset(
    "deny denies denied denying reject rejects rejected rejecting refute refutes refuted "
    "refuting dismiss dismisses dismissed dismissing".split()
)
_HEDGE_RIGHT = frozenset(
    "allegedly reportedly apparently purportedly supposedly possibly could may might".split()
)

_DETERMINERS = frozenset("a an the this that these those".split())
_POSSESSIVES = frozenset("his her its their our my your".split())
_PRONOUNS = frozenset("he she it they we i you".split())
_SPEAKER_PRONOUNS = frozenset("he she it they".split())
# possessive pronoun -> the pronoun it stands for ("Its foreign ministry" -> it)
_POSSESSIVE_PRONOUN = {"his": "he", "her": "she", "its": "it", "their": "they"}
# quantifiers that stand for a group named before ("Some argued that ..."): plural pronouns
_QUANTIFIER_PRONOUNS = frozenset("some others many several most few".split())
# lower-case words that stand between the capitalised words of one name ("Ministry of Foreign
# Affairs", "Ministry of Labour and Social Affairs")
_NAME_JOINERS = frozenset("of and the for de da al el von van".split())
# prepositions that place a speaker ("officials in Baku", "diplomats at the United Nations")
_PLACING = frozenset({"in", "at", "from", "for"})
# "a number of X", "dozens of X": the speakers are the X
_QUANTITY_NOUNS = frozenset(
    "number majority minority handful couple dozens hundreds thousands some many most several "
    "all both one each none few".split()
)
# never a noun phrase of their own
_NON_NP = frozenset({"there", "here"})
_PREPOSITIONS = frozenset(
    "in on at for from with by to into onto about against over under than during amid amidst "
    "since until after before through across between among without within toward towards upon "
    "via per despite like near behind beyond around following including regarding concerning "
    "late earlier".split()
)
_CONJUNCTIONS = frozenset(
    "and but or nor so yet because although though while whereas if unless when whenever where "
    "as that which who whom whose what whether then once".split()
)
_BE = frozenset("is are was were be been being am".split())
_OBJECT_PRONOUNS = frozenset("me us him her them you".split())
_PAST_FORMS = frozenset("said told wrote spoke".split())
# verbs that things do as well as speakers ("the visit confirmed", "the data suggest"): a report
# only with a speaker-like subject (a name, a speaker noun, a pronoun)
_THING_VERBS = frozenset(
    "confirm confirms confirmed suggest suggests suggested describe describes described "
    "demand demands demanded".split()
)

# "have spent years describing them as ...": the subject is that of "spent"
_SPEND = frozenset("spend spends spent spending".split())
_DURATIONS = frozenset("years months weeks days decades hours".split())
_DURATION_WORDS = frozenset(
    "the past last many several few two three four five six seven eight nine ten".split()
)
_AUX = _BE | frozenset(
    "has have had having do does did will would shall should can could may might must to "
    "also not never".split()
)
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow "
    "morning afternoon evening night earlier later last recently previously again then now "
    "week weekend month year time p.m. a.m.".split()
)
# nouns that name speakers; used to end a noun phrase read left to right
_SPEAKER_NOUNS = frozenset(
    "spokesperson spokesman spokeswoman spokespeople president minister secretary official "
    "officials government ministry office army military force forces police media agency council "
    "parliament committee court embassy mission service authorities authority leader leaders "
    "commander commanders chief head director mayor governor senator lawmaker lawmakers deputy "
    "adviser advisor advisers advisors analyst analysts expert experts researcher researchers "
    "journalist journalists reporter reporters correspondent activist activists resident "
    "residents witness witnesses soldier soldiers ombudsman negotiator diplomat diplomats premier "
    "chancellor envoy ambassador observers monitors group groups organisation organization "
    "party administration department state sources source people statement report prosecutor "
    "prosecutors investigators campaigners survivors doctors officers general commentator "
    "commentators critic critics scholar scholars lawyer lawyers historian historians economist "
    "economists volunteer volunteers delegation side presidency leadership decree document "
    "announcement communique bulletin institute centre center network university foundation "
    "commission union association institution peacekeepers troops workers staff protesters "
    "refugees nurses teachers farmers".split()
)
# plurals of the above ("governments", "ministries", "embassies") are speaker nouns too
_SPEAKER_NOUNS = (
    _SPEAKER_NOUNS
    | frozenset(w + "s" for w in _SPEAKER_NOUNS if not w.endswith(("s", "y")))
    | frozenset(w[:-1] + "ies" for w in _SPEAKER_NOUNS if w.endswith("y"))
)
_ORG_NOUNS = frozenset(
    "government ministry office army military force forces police media agency council "
    "parliament committee court embassy mission service authorities authority group groups "
    "organisation organization party administration department state delegation side "
    "presidency leadership institute centre center network".split()
)
_PERSON_NOUNS = frozenset(
    "spokesperson spokesman spokeswoman president minister secretary official leader commander "
    "chief head director mayor governor senator lawmaker deputy adviser advisor analyst expert "
    "researcher journalist reporter correspondent activist resident witness soldier ombudsman "
    "negotiator diplomat premier chancellor envoy ambassador prosecutor general".split()
)
# role nouns kept before a name ("spokesperson Dmitry Peskov"); other lower-case words before a
# name are dropped ("a triumphant Aliyev" -> "Aliyev")
_ROLE_NOUNS = _SPEAKER_NOUNS - frozenset(
    "statement report sources source people decree document announcement communique bulletin".split()
)
# "have begun to say", "refused to comment": a word before "to" that is none of these is a verb
# of the subject, not the subject
_CATENATIVE_STOP = _SPEAKER_NOUNS | _PRONOUNS
# documents that speak for whoever issued them: "According to the statement" after "..., the
# Presidential Administration said" stands for the administration
_DOCUMENT_NOUNS = frozenset("statement announcement communique".split())
# Nouns that, alone, stand for a fuller mention earlier in the text ("the ministry said" after
# "Armenia's foreign ministry"): the bare-head coreference of docs/voice.md.
_BARE_HEADS = (_ORG_NOUNS | _PERSON_NOUNS | frozenset({"officials", "spokespeople"})) - frozenset(
    {"media", "police", "state", "side", "general"}
)
# personal titles written before names ("Mr. Karimli", "Dr. Aram Zakaryan")
_PERSONAL_TITLES = frozenset("mr mrs ms miss dr prof".split()) | frozenset(
    "col gen lt maj capt sgt adm brig rev sen gov".split()
)
# capitalised words before a surname that are not given names ("said Karimli", "The Karimli")
_NOT_GIVEN_NAMES = (
    SENTENCE_STARTERS
    | _PERSONAL_TITLES
    | _ROLE_NOUNS
    | _ORG_NOUNS
    | _TIME_WORDS
    | _PREPOSITIONS
    | _CONJUNCTIONS
    | frozenset(_VERB_FORMS)
)

_COMPLEMENT_PARTICLES = frozenset({"that", "of", "about", ":", ",", "against"})
_CLAUSE_BREAK_WORDS = frozenset("but while whereas although though yet".split())
_SCOPE_BREAK_WORDS = frozenset(
    "but although though while whereas because yet however which who whom whose whereby".split()
)
# "--" is the ASCII dash of wire copy, a token of its own
_SCOPE_BREAK_PUNCT = frozenset(",;:()[]–—!?") | {"--"}
_SCOPE_WINDOW = 8  # word tokens between a negator or hedge and the term
_RIGHT_HEDGE_WINDOW = 3

# ---------------------------------------------------------------------------------------------
# Quotation marks
# ---------------------------------------------------------------------------------------------

_DOUBLE = frozenset('"“”„‟«»')
_OPEN_GLYPH = frozenset("“„«‘‚‹")
_CLOSE_GLYPH = frozenset("”»’›")
_QUOTE_MARKS = frozenset('"“”„‟«»' + "'‘’‚‛‹›")
_CLOSING_TOKENS = frozenset("”\"’'»›")
# what stands before a postposed attribution: "...,” X said", "..., said X"
_BEFORE_ATTRIBUTION = _CLOSING_TOKENS | {","}
# a single-quote mark between two word characters is an apostrophe and never matched
# (one character class first: far faster to scan than an alternation)
_QMARK = re.compile(r"[\"“”„‟«»'‘’‚‛‹›](?:(?<=[\"“”„‟«»])|(?<!\w.)|(?!\w))")
_LEFT_OPENING_CONTEXT = frozenset("([{<—–-/") | _QUOTE_MARKS
_RIGHT_CLOSING_CONTEXT = frozenset(".,;:!?)]}>—–…-") | _QUOTE_MARKS

# the words of analysis.tokens, dotted initialisms ("U.S.", "p.m.") and punctuation marks
_TOKEN = re.compile(rf"(?:[A-Za-z]\.){{2,}}|{TOKEN_PATTERN.pattern}|--|[^\w\s]")
_WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")


# How a speaker noun phrase is to be resolved (see _Document.resolve): a pronoun ("he", or a
# quantifier such as "some" standing for a group), a bare head ("the ministry"), a document
# ("the statement"), a possessive pronoun ("Its foreign ministry"), a titled surname
# ("Mr. Karimli"). None: the phrase is the speaker.
_Ref = tuple[str, str] | None


@dataclass(slots=True)
class _Quote:
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
class _Cue:
    """A reporting construction: who speaks, and the character span that is theirs."""

    anchor: int  # offset of the reporting verb / "according"
    start: int
    end: int
    excluded: tuple[tuple[int, int], ...]
    speaker: str | None
    ref: _Ref  # how to resolve the speaker (pronoun, bare head ...), None when it is final
    kind: str  # "preposed" | "coordinated" | "postposed" | "according"
    attribution: tuple[int, int]  # where the speaker and verb stand

    def covers(self, start: int, end: int) -> bool:
        if not (self.start <= start and end <= self.end):
            return False
        return not any(s < end and start < e for s, e in self.excluded)


class _Sentence:
    """One sentence; its tokens are made on first use (most sentences of a text never are)."""

    __slots__ = (
        "text",
        "start",
        "end",
        "abbreviations",
        "_toks",
        "_lows",
        "_starts",
        "cues",
        "_flags",
    )

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
        self._toks: list[tuple[int, int, str]] | None = None
        self._lows: list[str] | None = None
        self._starts: list[int] | None = None
        self.cues: list[_Cue] | None = None
        self._flags: tuple[bool, bool] | None = None

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
                apostrophe or not _NEGATION_TRIGGERS.isdisjoint(words),
                not _HEDGE_ANY.isdisjoint(words),
            )
        return self._flags

    @property
    def toks(self) -> list[tuple[int, int, str]]:
        if self._toks is None:
            self._toks = [
                (m.start(), m.end(), m.group())
                for m in _TOKEN.finditer(self.text, self.start, self.end)
            ]
        return self._toks

    @property
    def lows(self) -> list[str]:
        if self._lows is None:
            self._lows = [t[2].lower().replace("’", "'") for t in self.toks]
        return self._lows

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [t[0] for t in self.toks]
        return self._starts


def _is_word(tok: str) -> bool:
    return tok[0].isalnum() or tok[0] == "_"


def _quote_regions(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[_Quote]:
    """Top-level quotations of ``text`` in order, by one scan (rules in docs/voice.md)."""
    quotes: list[_Quote] = []
    # stack entries: [family ("d" or "s"), offset of opening mark]
    stack: list[list] = []
    skip_mark_at = -1  # opening mark of a continuation paragraph, already accounted for
    n_par = len(paragraphs)
    for p_index, (ps, pe) in enumerate(paragraphs):
        for m in _QMARK.finditer(text, ps, pe):
            i = m.start()
            if i == skip_mark_at:
                continue
            c = text[i]
            fam = "d" if c in _DOUBLE else "s"
            left = text[i - 1] if i > ps else None
            right = text[i + 1] if i + 1 < pe else None
            left_space = left is None or left.isspace()
            right_space = right is None or right.isspace()
            opening_flank = (left_space or left in _LEFT_OPENING_CONTEXT) and not right_space
            closing_flank = (right_space or right in _RIGHT_CLOSING_CONTEXT) and not left_space
            has_open = bool(stack) and (stack[-1][0] == fam or stack[0][0] == fam)
            if opening_flank and not closing_flank:
                act = "open"
            elif closing_flank and not opening_flank:
                act = "close"
            elif c in _OPEN_GLYPH:
                act = "open"
            elif c in _CLOSE_GLYPH:
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
            quotes.append(_Quote(outer_open, pe, True))
        # an unclosed single quote is taken for an apostrophe
        stack.clear()
    quotes.sort(key=lambda q: q.open)
    return quotes


def _opens_paragraph(text: str, start: int, end: int, fam: str) -> bool:
    """Does the paragraph at ``start`` open with a quote mark of family ``fam`` (a continuation
    of a quote running over paragraphs)? Closing shapes (” ’ ›) never open one; » may (German)."""
    c = text[start]
    if c not in _QUOTE_MARKS or c in "”’›" or ("d" if c in _DOUBLE else "s") != fam:
        return False
    return start + 1 < end and not text[start + 1].isspace()


def _close_family(
    text: str, stack: list[list], quotes: list[_Quote], fam: str, at: int, *, unbalanced: bool
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
        quotes.append(_Quote(open_at, end, unbalanced))


# ---------------------------------------------------------------------------------------------
# Noun phrases (speakers)
# ---------------------------------------------------------------------------------------------


def _np_stop(lows: list[str], toks: list, k: int) -> bool:
    """True when token ``k`` cannot be part of a speaker noun phrase."""
    low = lows[k]
    tok = toks[k][2]
    if not _is_word(tok):
        return True
    if low in _PREPOSITIONS or low in _CONJUNCTIONS or low in _AUX or low in NEGATORS:
        return low != "of"
    if low in _VERB_FORMS or low in _TIME_WORDS or low in HEDGE_WORDS or low in _NON_NP:
        return True
    if tok[0].islower() and low.endswith("ly") and len(low) > 4:
        return True
    return False


def _modifier_ok(lows: list[str], toks: list, k: int) -> bool:
    """An -ing/-ed word is a modifier inside a noun phrase only after a determiner, a possessive,
    a capitalised word or a hyphen ("Russia’s peacekeeping force", "Azerbaijan-backed forces")."""
    low = lows[k]
    if not (low.endswith("ing") or low.endswith("ed")) or toks[k][2][0].isupper():
        return True
    if k == 0:
        return False
    prev, prev_tok = lows[k - 1], toks[k - 1][2]
    return (
        prev in _DETERMINERS
        or prev in _POSSESSIVES
        or prev_tok == "-"
        or (_is_word(prev_tok) and prev_tok[0].isupper())
        or prev.endswith("'s")
    )


def _joins(sent: _Sentence, k: int) -> bool:
    """Punctuation that stays inside a noun phrase: a hyphen between words, a title's period."""
    text, toks, lows = sent.text, sent.toks, sent.lows
    tok = toks[k][2]
    if tok == "-":
        s, e = toks[k][0], toks[k][1]
        return s > 0 and e < len(text) and not text[s - 1].isspace() and not text[e].isspace()
    if tok == "." and k > 0:
        # the splitter's abbreviations: the news set ("Gen.", "Mr.") and any added or learned
        return lows[k - 1] in sent.abbreviations
    return False


def _left_np(sent: _Sentence, j: int, *, extend: bool = True) -> tuple[int, int] | None:
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
    if lows[j] in _PRONOUNS:
        return (j, j)
    k = j
    while k >= 0 and j - k < 10:
        if _joins(sent, k):
            k -= 1
            continue
        if _np_stop(lows, toks, k) or lows[k] in _PRONOUNS:
            break
        if not _modifier_ok(lows, toks, k):
            break
        k -= 1
    first = k + 1
    while first <= j and (lows[first] == "of" or not _is_word(toks[first][2])):
        first += 1
    if first > j or all(lows[i] in _DETERMINERS for i in range(first, j + 1)):
        return None
    if not extend or first < 2:
        return (first, j)
    before, head = lows[first - 1], first - 2
    if before == "by" and lows[head].endswith("ed") and toks[head][2][0].islower():
        # "A decree published by X said": the speaker is the decree
        np = _left_np(sent, head - 1, extend=False)
        if np is not None:
            return np
    elif before in _PLACING and lows[head] in _SPEAKER_NOUNS:
        lead = first + 1 if lows[first] in _DETERMINERS and first < j else first
        if toks[lead][2][0].isupper():  # "media in Baku", not "residents in the town"
            np = _left_np(sent, head, extend=False)
            if np is not None:
                return (np[0], j)
    elif before == "and" and _noun_like(lows, toks, head):
        np = _left_np(sent, head, extend=False)
        # only a subject that opens its clause: "Armenia and rights groups describe ..."
        if np is not None and (np[0] == 0 or not _is_word(toks[np[0] - 1][2])):
            return (np[0], j)
    return (first, j)


def _noun_like(lows: list[str], toks: list, k: int) -> bool:
    tok = toks[k][2]
    return tok[0].isupper() or tok[0].isdigit() or lows[k] in _SPEAKER_NOUNS


def _right_np(sent: _Sentence, i: int) -> tuple[int, int] | None:
    """Noun phrase starting at token ``i`` (read rightwards), as token indices, or None."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    if i >= n:
        return None
    if lows[i] in _PRONOUNS:
        return (i, i)
    k = i
    while k < n and k - i < 10:
        if _joins(sent, k):
            k += 1
            continue
        if _np_stop(lows, toks, k) or lows[k] in _PRONOUNS or not _modifier_ok(lows, toks, k):
            break
        k += 1
    last = k - 1
    if last < i:
        return None
    for x in range(i + 1, last):
        # "Petra Lind fled Orla": a lower-case word between two names is their verb
        if (
            toks[x][2][0].islower()
            and toks[x - 1][2][0].isupper()
            and toks[x + 1][2][0].isupper()
            and lows[x] not in _NAME_JOINERS
            and lows[x] not in _SPEAKER_NOUNS
        ):
            last = x - 1
            k = x
            break
    nouns = [x for x in range(i, last + 1) if _noun_like(lows, toks, x)]
    # "the Russian peacekeepers, who ...": lower-case nouns that end the phrase stay
    keep = (
        nouns
        and (k >= n or toks[k][2] in {",", ".", ";", ")"} or lows[k] in {"who", "which", "whose"})
        and all(
            _is_word(toks[x][2])
            and not lows[x].endswith(("ed", "ing"))
            and lows[x] not in _DETERMINERS
            for x in range(nouns[-1] + 1, last + 1)
        )
    )
    if nouns and nouns[-1] < last and not keep:
        last = nouns[-1]  # "Russia’s defense ministry gave" -> cut after "ministry"
    elif not nouns and (
        last - i >= 4 or (k < n and _is_word(toks[k][2]) and lows[k] not in _PREPOSITIONS)
    ):
        return None
    while last >= i and lows[last] == "of":
        last -= 1
    if last < i or all(lows[x] in _DETERMINERS for x in range(i, last + 1)):
        return None
    return (i, last)


def _name_like(tok: str, low: str) -> bool:
    """Could ``tok`` be part of a personal name (a capitalised word that is no role or
    institution noun, or a title such as "Dr")?"""
    return (
        tok[0].isupper()
        and _is_word(tok)
        and low not in _ROLE_NOUNS
        and low not in _ORG_NOUNS
        and not low.endswith("'s")
    )


def _name_start(sent: _Sentence, a: int, b: int) -> int:
    """Start of the personal name that ends the phrase ``a..b`` when a role stands right before
    it ("Foreign Ministry spokesperson Nigar Ismayilzade", "Political analyst Dr. Kamran
    Eyvazli", "President Aron Vale" -> the name); else ``a``."""
    if a == b:
        return a
    toks, lows = sent.toks, sent.lows
    i = b
    while i > a:
        t, low = toks[i - 1][2], lows[i - 1]
        if t == "." and i - 2 >= a and lows[i - 2] in _PERSONAL_TITLES:
            i -= 2
        elif _name_like(t, low):
            i -= 1
        else:
            break
    if i > a and i <= b and lows[i - 1] in _ROLE_NOUNS and _name_like(toks[b][2], lows[b]):
        return i
    return a


def _name_end(sent: _Sentence, a: int, b: int) -> int:
    """End of a personal name followed by its affiliation ("Tomas Reyes of the ICRC", "Col.
    Tural Bayramli of Azerbaijan's defense ministry" -> the name); else ``b``. Institutions keep
    theirs ("Ministry of Foreign Affairs of Armenia", "Human Rights Defender of Armenia")."""
    toks, lows = sent.toks, sent.lows
    if b - a < 3 or "of" not in lows[a + 1 : b]:
        return b
    o = lows.index("of", a + 1, b)
    name = [x for x in range(a, o) if _is_word(toks[x][2]) and lows[x] not in _PERSONAL_TITLES]
    if len(name) < 2 or not all(_name_like(toks[x][2], lows[x]) for x in name):
        return b
    rest = range(o + 1, b + 1)
    if (
        lows[o + 1] == "the"
        or any(lows[x] in _ORG_NOUNS or lows[x].endswith("'s") for x in rest)
        or (o + 1 == b and toks[b][2].isupper() and len(toks[b][2]) > 1)
    ):
        return o - 1
    return b


def _speaker_text(sent: _Sentence, span: tuple[int, int]) -> tuple[str | None, _Ref]:
    """Readable speaker for a noun phrase and how to resolve it.

    Leading articles go; before a name, descriptive words that are not roles go ("a triumphant
    Aliyev" -> "Aliyev") and so does a role right before the name ("spokesperson Lusine Avetyan"
    -> "Lusine Avetyan"), as does an affiliation after it ("Elnur Gasimzade of the Presidential
    Administration" -> "Elnur Gasimzade"), so that one person is one speaker however the text
    introduces them. Returns (speaker, ref), ref as described at :data:`_Ref`.
    """
    text, toks, lows = sent.text, sent.toks, sent.lows
    a, b = span
    if a == b:
        low = lows[a]
        if low in _PRONOUNS:
            return (low, ("pronoun", low)) if low in _SPEAKER_PRONOUNS else (None, None)
        if low in _QUANTIFIER_PRONOUNS:
            return low, ("pronoun", "some")
        if low in _NON_NP:
            return None, None
    indefinite = lows[a] in {"a", "an", "one", "another"}
    while a < b and lows[a] in _DETERMINERS:
        a += 1
    if a + 2 <= b and lows[a] in _QUANTITY_NOUNS and lows[a + 1] == "of":
        a += 2  # "a number of genocide scholars" -> "genocide scholars"
        while a < b and lows[a] in _DETERMINERS:
            a += 1
    if lows[a] in _DETERMINERS:
        return None, None
    if lows[a] in _POSSESSIVE_PRONOUN:
        if a == b:
            return None, None
        return _WS.sub(" ", text[toks[a + 1][0] : toks[b][1]]), (
            "possessive",
            _POSSESSIVE_PRONOUN[lows[a]],
        )
    placed = not _PLACING.isdisjoint(lows[a:b])  # "defence ministry in Baku"
    if toks[b][2][0].isupper() and not placed:
        k = a
        while k < b and toks[k][2][0].islower() and lows[k] not in _ROLE_NOUNS:
            k += 1
        a = _name_start(sent, k, b)
    b = _name_end(sent, a, b)
    speaker = _WS.sub(" ", text[toks[a][0] : toks[b][1]])
    ref: _Ref = None
    if a == b and not indefinite:
        if lows[a] in _DOCUMENT_NOUNS:
            ref = ("document", lows[a])
        elif lows[a] in _BARE_HEADS:
            ref = ("bare", lows[a])
    elif b == a + 2 and lows[a] in _PERSONAL_TITLES and toks[a + 1][2] == ".":
        ref = ("surname", toks[b][2])  # "Mr. Karimli"
    elif b == a + 1 and lows[a] in _PERSONAL_TITLES:
        ref = ("surname", toks[b][2])  # "Mr Karimli"
    if a == b and ref is None and _name_like(toks[a][2], lows[a]) and not toks[a][2].isupper():
        ref = ("name", toks[a][2])  # "Aliyev" -> "Ilham Aliyev" when introduced so before
    return speaker, ref


# ---------------------------------------------------------------------------------------------
# The per-document analysis
# ---------------------------------------------------------------------------------------------


class _Document:
    """Lazy analysis of one text: paragraphs and quotes at once; sentences and cues on demand.

    The sentence holding a position is found by deciding only the candidate boundaries around
    it (:meth:`SentenceSplitter.sentence_around`), so a document that is one long paragraph
    costs a few decisions per hit, not a full split.
    """

    def __init__(self, text: str, splitter: SentenceSplitter) -> None:
        self.text = text
        self.splitter = splitter
        self.paragraphs = paragraph_spans(text)
        self.par_starts = [p[0] for p in self.paragraphs]
        self.quotes = _quote_regions(text, self.paragraphs)
        self.abbreviations = splitter.abbreviation_types
        self.quote_starts = [q.start for q in self.quotes]
        # paragraph -> {sentence start: sentence} and its sorted starts
        self._known: dict[int, dict[int, _Sentence]] = {}
        self._known_starts: dict[int, list[int]] = {}
        self._quote_speakers: dict[int, str | None] = {}
        self._resolved: dict[tuple, str | None] = {}  # (speaker, ref, pos) -> resolved speaker
        # (word, case-sensitive?) -> offsets (bare heads, surnames)
        self._word_at: dict[tuple[str, bool], list[int]] = {}
        self._breaks: dict[int, tuple[int, int] | None] = {}  # boundary decisions by offset

    # --- sentences ----------------------------------------------------------------------------
    def paragraph_of(self, pos: int) -> int:
        return max(bisect_right(self.par_starts, pos) - 1, 0)

    def _remember(self, p: int, spans: Iterable[tuple[int, int]]) -> None:
        known = self._known.setdefault(p, {})
        added = False
        for s, e in spans:
            if s not in known:
                known[s] = _Sentence(self.text, s, e, self.abbreviations)
                added = True
        if added or p not in self._known_starts:
            self._known_starts[p] = sorted(known)

    def _lookup(self, p: int, pos: int) -> _Sentence | None:
        starts = self._known_starts.get(p)
        if not starts:
            return None
        k = bisect_right(starts, pos) - 1
        if k < 0:
            return None
        sent = self._known[p][starts[k]]
        return sent if pos < sent.end else None

    def all_sentences(self, p: int) -> list[_Sentence]:
        """Every sentence of paragraph ``p``, in order (splits the whole paragraph)."""
        ps, pe = self.paragraphs[p]
        spans = self.splitter.spans_in(self.text, ps, pe)
        self._remember(p, spans)
        return [self._known[p][s] for s, _ in spans]

    def sentence_at(self, pos: int) -> tuple[int, _Sentence]:
        """(paragraph index, sentence) holding ``pos``, found by deciding only the candidate
        boundaries nearest to it; cached."""
        p = self.paragraph_of(pos)
        sent = self._lookup(p, pos)
        if sent is None:
            ps, pe = self.paragraphs[p]
            pos = min(max(pos, ps), pe - 1)
            span = self.splitter.sentence_around(self.text, pos, ps, pe, cache=self._breaks)
            self._remember(p, [span])
            sent = self._known[p][span[0]]
        return p, sent

    def previous_sentence(self, p: int, sent: _Sentence) -> tuple[int, _Sentence] | None:
        pos = sent.start - 1
        ps = self.paragraphs[p][0]
        while pos >= ps and self.text[pos].isspace():
            pos -= 1
        if pos >= ps:
            return self.sentence_at(pos)
        if p == 0:
            return None
        return self.sentence_at(self.paragraphs[p - 1][1] - 1)

    def next_sentence(self, p: int, sent: _Sentence) -> tuple[int, _Sentence] | None:
        pos = sent.end
        pe = self.paragraphs[p][1]
        while pos < pe and self.text[pos].isspace():
            pos += 1
        if pos < pe:
            return self.sentence_at(pos)
        if p + 1 >= len(self.paragraphs):
            return None
        return self.sentence_at(self.paragraphs[p + 1][0])

    def previous_sentences(self, p: int, sent: _Sentence, limit: int = 6) -> Iterable[_Sentence]:
        """Sentences before ``sent``, nearest first, at most ``limit``, two paragraphs back."""
        here = (p, sent)
        for _ in range(limit):
            here = self.previous_sentence(*here)
            if here is None or here[0] < p - 2:
                return
            yield here[1]

    # --- quotes -------------------------------------------------------------------------------
    def quote_at(self, start: int, end: int) -> int | None:
        """Index of the top-level quote whose inside overlaps ``[start, end)``, else None."""
        k = bisect_right(self.quote_starts, end - 1) - 1
        if k >= 0 and self.quotes[k].end > start:
            return k
        return None

    def inside_quote(self, pos: int) -> bool:
        return self.quote_at(pos, pos + 1) is not None

    # --- reporting cues -----------------------------------------------------------------------
    def cues(self, sent: _Sentence) -> list[_Cue]:
        if sent.cues is None:
            sent.cues = _find_cues(sent, self.inside_quote)
        return sent.cues

    def cue_speaker(self, cue: _Cue) -> str | None:
        """The cue's speaker, resolved (see :meth:`resolve`)."""
        return self.resolve(cue.speaker, cue.ref, cue.anchor)

    def resolve(self, speaker: str | None, ref: _Ref, pos: int) -> str | None:
        """The speaker that a pronoun, bare head, document, possessive or titled surname before
        ``pos`` stands for (rules in docs/voice.md, "Speaker"); cached per document."""
        if ref is None or speaker is None:
            return speaker
        key = (speaker, ref, pos)
        if key in self._resolved:
            return self._resolved[key]
        kind, word = ref
        if kind == "pronoun":
            out = self.antecedent(word, pos)
        elif kind == "document":
            # "According to the statement": whoever the previous sentences quoted or reported
            out = self.antecedent("document", pos)
        elif kind == "possessive":
            owner = self.antecedent(word, pos)
            out = f"{owner}'s {speaker}" if owner else speaker
        elif kind == "bare":
            out = self.fuller_mention(word, pos) or speaker
        else:  # surname, titled ("Mr. Karimli") or not ("Aliyev")
            out = self.full_name(word, pos, titled=kind == "surname") or speaker
        self._resolved[key] = out
        return out

    def _sentence_quoted(self, sent: _Sentence) -> bool:
        """Does the sentence start inside a quotation (its words are the quote's, not the
        outlet's)?"""
        toks = sent.toks
        first = next((t for t in toks if _is_word(t[2])), None)
        return first is not None and self.inside_quote(first[0])

    def antecedent(self, pronoun: str, pos: int) -> str | None:
        """The speaker a pronoun before ``pos`` most likely stands for, or None.

        Earlier cues of the same sentence first, then the sentence's own subject ("Azerbaijan
        has suspended what it calls ..."); then, sentence by sentence backwards (at most six,
        two paragraphs), the named speakers of that sentence's cues, last first, and then its
        subject when it names a possible speaker. Words inside quotation marks are never
        searched: they are the quoted speaker's, not names the outlet gives. "he"/"she" skip
        organisations, "it" skips people and plurals, "some" ("Some argued") takes plurals.
        """
        p, sent = self.sentence_at(pos)
        for c in reversed(self.cues(sent)):
            if c.anchor < pos and not self.inside_quote(c.anchor):
                found = self._named(c.speaker, c.ref, c.anchor, pronoun)
                if found:
                    return found
        subject = _subject_np(sent)
        if subject is not None and sent.toks[subject[0][1]][1] <= pos:
            if not self.inside_quote(sent.toks[subject[0][0]][0]):
                found = self._named(subject[1], subject[2], sent.toks[subject[0][0]][0], pronoun)
                if found:
                    return found
        for prev in self.previous_sentences(p, sent):
            for c in reversed(self.cues(prev)):
                if not self.inside_quote(c.anchor):
                    found = self._named(c.speaker, c.ref, c.anchor, pronoun)
                    if found:
                        return found
            if self._sentence_quoted(prev):
                continue
            subject = _subject_np(prev)
            if subject is not None:
                found = self._named(subject[1], subject[2], prev.toks[0][0], pronoun)
                if found:
                    return found
        return None

    def _named(self, speaker: str | None, ref: _Ref, pos: int, pronoun: str) -> str | None:
        """``speaker`` as an antecedent of ``pronoun``: resolved when it is a bare head or a
        surname, refused when it is itself a pronoun or does not agree."""
        if not speaker or (ref is not None and ref[0] in ("pronoun", "document", "possessive")):
            return None
        if ref is not None:
            speaker = self.resolve(speaker, ref, pos)
        return speaker if speaker and _agrees(pronoun, speaker) else None

    def _occurrences(self, word: str, *, case: bool = False) -> list[int]:
        """Offsets of ``word`` in the text (any case unless ``case``); cached."""
        occ = self._word_at.get((word, case))
        if occ is None:
            flags = 0 if case else re.I
            occ = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", self.text, flags)]
            self._word_at[(word, case)] = occ
        return occ

    def fuller_mention(self, head: str, pos: int) -> str | None:
        """The most recent fuller mention, before ``pos`` and outside quotes, of an entity named
        by the bare ``head`` ("ministry" -> "Ministry of Foreign Affairs of Armenia"; "officials"
        -> "Azerbaijani officials"; "spokesperson" -> "Nigar Ismayilzade" from "spokesperson
        Nigar Ismayilzade" or "Nigar Ismayilzade, the ministry's spokesperson"); else None."""
        occ = self._occurrences(head)
        tried = 0
        for i in range(bisect_left(occ, pos) - 1, -1, -1):
            o = occ[i]
            if self.inside_quote(o):
                continue
            _, sent = self.sentence_at(o)
            t = bisect_right(sent.starts, o) - 1
            if t < 0 or sent.toks[t][0] != o:
                continue
            found = _mention(sent, t)
            if found is not None:
                return found
            tried += 1
            if tried >= 8:
                break
        return None

    def full_name(self, surname: str, pos: int, *, titled: bool) -> str | None:
        """The full name ("Vusal Karimli") last written before ``pos`` for a surname ("Mr.
        Karimli", "a triumphant Aliyev"); else None. Without a title, the earlier mention must
        read as a person's introduction: after a role, a title, a reporting verb or
        punctuation, and before a comma, a reporting verb or "of" ("Azerbaijani President Ilham
        Aliyev said", "Vusal Karimli, a member of ..."), so that "from Soviet Azerbaijan" never
        turns "Azerbaijan" into a name."""
        text = self.text
        occ = self._occurrences(surname, case=True)
        for i in range(bisect_left(occ, pos) - 1, -1, -1):
            o = occ[i]
            m = _GIVEN_NAME.search(text, max(0, o - 40), o)
            if not m or m.group(1).lower() in _NOT_GIVEN_NAMES:
                continue
            if not titled and not _introduces_person(text, m.start(1), o + len(surname)):
                continue
            return f"{m.group(1)} {surname}"
        return None

    def governing_cue(self, sent: _Sentence, start: int, end: int) -> _Cue | None:
        """Innermost cue of ``sent`` whose complement holds ``[start, end)``, verb not quoted."""
        best = None
        for c in self.cues(sent):
            if c.covers(start, end) and not self.inside_quote(c.anchor):
                if best is None or (c.end - c.start) < (best.end - best.start):
                    best = c
        return best

    # --- quote speakers -----------------------------------------------------------------------
    def quote_speaker(self, qi: int) -> str | None:
        if qi not in self._quote_speakers:
            self._quote_speakers[qi] = self._find_quote_speaker(self.quotes[qi])
        return self._quote_speakers[qi]

    def _find_quote_speaker(self, q: _Quote) -> str | None:
        text = self.text
        # 0. a quote inside a clause that a reporting verb governs: the innermost speaker, even
        #    when an attribution follows ("X said the operation was a response to “...”,
        #    according to diplomats" -> X)
        p, sent = self.sentence_at(q.open)
        opens_sentence = text[sent.start : q.open].strip() == ""
        cue = self.governing_cue(sent, q.open, q.open + 1)
        if cue is not None and cue.kind != "according" and not opens_sentence:
            return self.cue_speaker(cue)
        # 1. attribution right after the closing mark: “...,” X said / “...” said X
        if not q.unbalanced:
            _, closing = self.sentence_at(q.close)
            for c in self.cues(closing):
                if c.kind in ("postposed", "according") and q.close <= c.attribution[0]:
                    if text[q.close + 1 : c.attribution[0]].strip(" ,") == "":
                        return self.cue_speaker(c)
        # 2. a reporting verb earlier in the sentence governs the quote: X said: “...” / X said
        #    his forces had “punished the enemy properly”
        if cue is not None:
            return self.cue_speaker(cue)
        # 3. a quote that opens its sentence and has no attribution: the previous sentence's
        #    last speaker, else the next sentence's when it opens with "X said"
        if opens_sentence:
            for prev in self.previous_sentences(p, sent, limit=1):
                cues = [c for c in self.cues(prev) if not self.inside_quote(c.anchor)]
                if cues:
                    return self.cue_speaker(cues[-1])
            here = self.sentence_at(q.close if not q.unbalanced else q.open)
            nxt = self.next_sentence(*here)
            if nxt is not None and nxt[1].toks:
                for c in self.cues(nxt[1]):
                    if c.kind == "preposed" and c.attribution[0] == nxt[1].toks[0][0]:
                        return self.cue_speaker(c)
        return None


# ---------------------------------------------------------------------------------------------
# Reporting constructions in one sentence
# ---------------------------------------------------------------------------------------------


def _find_cues(sent: _Sentence, quoted: Callable[[int], bool]) -> list[_Cue]:
    """The reporting constructions of ``sent``. ``quoted(pos)`` tells whether a position is
    inside a quotation: verbs there are the quoted speaker's words, never a cue of the text (no
    rule uses them), so they are skipped."""
    cues: list[_Cue] = []
    text, lows, toks = sent.text, sent.lows, sent.toks
    n = len(lows)
    for v in range(n):
        low = lows[v]
        if (low in _VERB_FORMS or low == "according") and quoted(toks[v][0]):
            continue
        if low == "according" and v + 1 < n and lows[v + 1] == "to":
            cue = _according_cue(sent, v)
        elif low in _VERB_FORMS:
            cue = _verb_cue(sent, v, cues)
        else:
            continue
        if cue is not None:
            cues.append(cue)
    # a preposed complement ends where a later postposed or coordinated attribution begins
    for c in cues:
        if c.kind not in ("preposed", "coordinated"):
            continue
        for d in cues:
            if d is not c and d.kind != "preposed" and c.anchor < d.attribution[0] < c.end:
                c.end = _trim_end(text, c.start, d.attribution[0])
    return [c for c in cues if c.end > c.start]


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return end


def _tail_is_adverbial(sent: _Sentence, k: int) -> tuple[bool, int]:
    """After a postposed "X said": only adverbials ("on Tuesday", "in a statement") until a comma
    or the end? Returns (answer, index of the token ending the tail)."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    if k >= n:
        return True, n
    first, tok = lows[k], toks[k][2]
    if not _is_word(tok):
        return tok in {".", "!", "?", ",", ";", ")", "”", '"', "’", "»"}, k
    if first not in _PREPOSITIONS and first not in _TIME_WORDS:
        return False, k
    i = k
    while i < n and toks[i][2] not in {",", ";", ".", "!", "?"}:
        low = lows[i]
        if low == "that" or low in _VERB_FORMS or (low in _AUX and low != "to") or i - k > 10:
            return False, k  # a clause, not an adverbial: "said communications had been lost"
        i += 1
    return True, i


def _parentheticals(sent: _Sentence, a: int, b: int) -> list[tuple[int, int]]:
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


def _clause_end(sent: _Sentence, c0: int) -> int:
    """Token index where a preposed complement starting at ``c0`` ends (exclusive): at ";", at
    ", but" (and the like), at ", according to", and at ", and I/we" (indirect speech has no
    first person: that is the author again)."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    for k in range(c0, n):
        tok = toks[k][2]
        if tok == ";":
            return k
        if tok != "," or k + 1 >= n:
            continue
        nxt = lows[k + 1]
        if nxt in _CLAUSE_BREAK_WORDS:
            return k
        if k + 2 < n and nxt == "according" and lows[k + 2] == "to":
            return k
        if k + 2 < n and nxt == "and" and lows[k + 2] in {"i", "we"}:
            return k
    return n


def _preposed(
    sent: _Sentence,
    v: int,
    c0: int,
    speaker,
    ref: _Ref,
    attr_start: int,
    *,
    relative: bool = False,
) -> _Cue | None:
    """Cue whose complement follows the verb at token ``v`` (from token ``c0`` to the clause
    end), or None when nothing follows."""
    c1 = _clause_end(sent, c0)
    if relative:
        # "strikes that Baku insists on calling “...”, the authorities agreed ...": a relative
        # clause ends at its comma, where the main clause goes on
        c1 = next((x for x in range(c0, c1) if sent.toks[x][2] == ","), c1)
    # "said Wednesday that ...", "warned of ...": the complement starts after the particle
    k = c0
    while k < c1 and sent.lows[k] in _TIME_WORDS:
        k += 1
    if k < c1 and sent.lows[k] in _COMPLEMENT_PARTICLES:
        c0 = k + 1
    if not any(_is_word(sent.toks[k][2]) for k in range(c0, c1)):
        return None
    return _Cue(
        anchor=sent.toks[v][0],
        start=sent.toks[c0][0],
        end=sent.toks[c1 - 1][1],
        excluded=tuple(_parentheticals(sent, c0, c1)),
        speaker=speaker,
        ref=ref,
        kind="preposed",
        attribution=(attr_start, sent.toks[v][1]),
    )


def _postposed(
    sent: _Sentence,
    anchor: int,
    before: int,
    tail_end: int,
    speaker,
    ref: _Ref,
    kind,
    *,
    inverted: bool = False,
) -> _Cue | None:
    """Complement before the attribution (token ``before`` is its comma or closing quote). When
    the attribution stands between commas and the sentence goes on with its verb ("The
    shelling, officials said, had ...") the rest of the sentence is reported too; not when what
    follows is a new clause or an adjunct ("..., officials said, days after ...", "..., according
    to the government, and the exodus showed ..."), not after a quote, and not after an inverted
    "said X, ...", where what follows the comma describes the speaker ("said Mira Solen, a
    teacher")."""
    text, toks = sent.text, sent.toks
    n = len(toks)
    if not any(_is_word(toks[k][2]) or toks[k][2] in _QUOTE_MARKS for k in range(0, before)):
        return None
    attr = (toks[before][0], toks[tail_end - 1][1] if tail_end > 0 else toks[before][1])
    excluded: list[tuple[int, int]] = []
    end = _trim_end(text, toks[0][0], toks[before][0])
    if toks[before][2] in _CLOSING_TOKENS:
        end = toks[before][1]
    if (
        not inverted
        and toks[before][2] == ","
        and tail_end + 1 < n
        and toks[tail_end][2] == ","
        and _continues_clause(sent, tail_end + 1)
    ):
        attr = (toks[before][0], toks[tail_end][1])
        excluded.append(attr)
        end = toks[n - 1][1]
    excluded.extend(_parentheticals(sent, 0, n))
    return _Cue(
        anchor=anchor,
        start=toks[0][0],
        end=end,
        excluded=tuple(excluded),
        speaker=speaker,
        ref=ref,
        kind=kind,
        attribution=attr,
    )


def _continues_clause(sent: _Sentence, k: int) -> bool:
    """Does token ``k`` go on with the clause interrupted by an attribution, that is, is it its
    verb ("The offensive, officials said, was ...", "..., had killed", "..., starved")?"""
    low, tok = sent.lows[k], sent.toks[k][2]
    if not _is_word(tok) or tok[0].isupper():
        return False
    return low in _AUX or low.endswith("n't") or (low.endswith("ed") and low not in _PREPOSITIONS)


def _subject_np(sent: _Sentence) -> tuple[tuple[int, int], str, _Ref] | None:
    """The sentence's opening noun phrase when it could name a speaker (a name or a noun such as
    "ministry"): (token span, speaker, ref), else None."""
    np = _initial_np(sent)
    if np is None:
        return None
    a, b = np
    lows = sent.lows
    if lows[a] in _POSSESSIVE_PRONOUN or lows[b] in _PRONOUNS:
        return None  # "Her school ...", "It ..."
    if not _noun_like(lows, sent.toks, b):
        return None
    if b + 1 < len(sent.toks) and lows[b + 1] in _VERB_FORMS:
        return None  # "Officials said ...": already a cue
    speaker, ref = _speaker_text(sent, np)
    if speaker is None or (ref is not None and ref[0] == "pronoun"):
        return None
    return np, speaker, ref


# words that are no part of who a speaker is: articles and titles ("Dr. Aram Zakaryan" = "Aram
# Zakaryan", "the ministry" = "ministry")
_SPEAKER_DROP = frozenset({"the", "a", "an", "pres", "retired"}) | _PERSONAL_TITLES


def _speaker_words(speaker: object) -> list[str]:
    """Lower-case words of a speaker string without articles and titles ([] for None/NA)."""
    if speaker is None or speaker is pd.NA or (isinstance(speaker, float) and speaker != speaker):
        return []
    words = re.findall(r"[\w']+", str(speaker).lower().replace("’", "'"))
    return [w for w in words if w not in _SPEAKER_DROP]


def _speaker_head(words: list[str]) -> str | None:
    """Head noun of a speaker phrase (its :func:`_speaker_words`): the word before the first
    "of" ("ministry" in "Ministry of Foreign Affairs of Armenia"), else the last word; without a
    possessive "'s"."""
    if not words:
        return None
    k = words.index("of") if "of" in words[1:] else len(words)
    head = words[k - 1]
    return head[:-2] if head.endswith("'s") else head


def _agrees(pronoun: str, speaker: str) -> bool:
    """Rough agreement: "he"/"she" are not organisations, "it" is not a person or a plural,
    "some" (a quantifier standing for a group) is a plural."""
    head = _speaker_head(_speaker_words(speaker)) or ""
    if pronoun in ("he", "she"):
        return head not in _ORG_NOUNS
    if pronoun == "it":
        return head not in _PERSON_NOUNS and not (head.endswith("s") and head in _SPEAKER_NOUNS)
    if pronoun == "some":
        return head.endswith("s") or head in {"media", "people"}
    return True


def _dateline_end(sent: _Sentence) -> int | None:
    """Token index after a dateline that opens a text ("TBILISI –", "KORNIDZOR, Armenia
    (Sept 24) –"), 0 when there is none, None when the sentence is nothing but a dateline
    ("YEREVAN, SEPTEMBER 19, ARARAT BULLETIN."). A dateline names a place, not a speaker."""
    toks = sent.toks
    if sent.start > 300 or not toks:
        return 0
    first = toks[0][2]
    for k, (_, _, tok) in enumerate(toks[:20]):
        if tok in {"–", "—", "--", "-"}:
            return k + 1 if k > 0 and first.isupper() and len(first) >= 3 else 0
        if _is_word(tok) and not (tok[0].isupper() or tok[0].isdigit()):
            return 0
    words = [t[2] for t in toks if _is_word(t[2])]
    if len(toks) <= 14 and any(w[0].isdigit() for w in words):
        return None
    return 0


def _initial_np(sent: _Sentence) -> tuple[int, int] | None:
    k = _dateline_end(sent)
    if k is None:
        return None
    toks, lows = sent.toks, sent.lows
    while k < len(toks) and toks[k][2] in _QUOTE_MARKS:
        k += 1
    if (
        k + 1 < len(toks)
        and lows[k].endswith("ly")
        and (lows[k + 1] in _PREPOSITIONS or toks[k + 1][2] == ",")
    ):
        return None  # an adverb opens the sentence ("Shortly after 11 p.m., ..."): no subject
    return _right_np(sent, k)


def _mention(sent: _Sentence, t: int) -> str | None:
    """The speaker named by a fuller noun phrase around token ``t`` (used to resolve a bare head
    such as "the ministry"), or None when the phrase there is no fuller than the head."""
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    if lows[t] in _PERSON_NOUNS or lows[t] in {"officials", "spokespeople"}:
        # "spokesperson Nigar Ismayilzade": the name after the role
        if t + 1 < n and _name_like(toks[t + 1][2], lows[t + 1]):
            np = _right_np(sent, t + 1)
            if np is not None:
                speaker, ref = _speaker_text(sent, np)
                if speaker and ref is None:
                    return speaker
        # "Nigar Ismayilzade, the ministry's spokesperson": the name before the apposition
        for c in range(t - 1, max(t - 7, 0), -1):
            if toks[c][2] == ",":
                if _name_like(toks[c - 1][2], lows[c - 1]):
                    np = _left_np(sent, c - 1, extend=False)
                    if np is not None:
                        speaker, ref = _speaker_text(sent, np)
                        if speaker and ref is None:
                            return speaker
                break
            if not _is_word(toks[c][2]):
                break
    left = _left_np(sent, t, extend=False)
    if left is None:
        return None
    of = max((x for x in range(left[0], t) if lows[x] == "of"), default=None)
    if of is not None:
        # "Col. Tural Bayramli of the Ministry of Defense": the ministry, not the colonel
        left = (of + 1, t)
    end = t
    if t + 2 < n and (
        lows[t + 1] == "of" or (lows[t + 1] in _PLACING and toks[t + 2][2][0].isupper())
    ):
        # "Ministry of Foreign Affairs of Armenia", "defence ministry in Baku"
        right = _right_np(sent, t + 2)
        if right is not None:
            end = right[1]
    speaker, ref = _speaker_text(sent, (left[0], end))
    if speaker is None or ref is not None or " " not in speaker:
        return None
    return speaker


_GIVEN_NAME = re.compile(r"\b([A-Z][a-z]+(?:-[A-Z][a-z]+)?) $")
_CHUNK_BEFORE = re.compile(r"(\S+)\s*$")
_WORD_AFTER = re.compile(r"\s*([\w']+|[^\w\s])")


def _introduces_person(text: str, start: int, end: int) -> bool:
    """Does the name at ``text[start:end]`` stand where people are introduced in news (see
    :meth:`_Document.full_name`)?"""
    m = _CHUNK_BEFORE.search(text, max(0, start - 40), start)
    if m is not None:
        chunk = m.group(1)
        if chunk[-1].isalnum():
            low = chunk.lower().replace("’", "'")
            if low not in _ROLE_NOUNS and low not in _PERSONAL_TITLES and low not in _VERB_FORMS:
                return False
    m = _WORD_AFTER.match(text, end)
    if m is None:
        return True
    after = m.group(1).lower()
    return after in {",", ".", ";", ")", "of", "who"} or after in _VERB_FORMS


def _catenative(sent: _Sentence, k: int) -> bool:
    """Is token ``k``, before "to", a verb of its subject ("begun" in "have begun to say",
    "refused" in "refused to comment") rather than the subject ("officials to warn")?"""
    tok, low = sent.toks[k][2], sent.lows[k]
    return (
        _is_word(tok)
        and tok[0].islower()
        and low not in _CATENATIVE_STOP
        and low not in _DETERMINERS
        and low not in _PREPOSITIONS
        and low not in _CONJUNCTIONS
        and not low.endswith("s")  # plural nouns: "residents to leave"
    )


def _insertion_start(sent: _Sentence, c: int) -> int | None:
    """Index of the comma that opens a comma-delimited insertion closed by the comma at ``c``,
    between a subject and its verb ("Hasmik Ghukasyan, a member of the National Assembly,
    said"; "Azerbaijani officials, for their part, call ..."), or None."""
    toks, lows = sent.toks, sent.lows
    finite = False
    for j in range(c - 1, max(c - 14, 0), -1):
        tok = toks[j][2]
        if tok == ",":
            if j == c - 1 or not _is_word(toks[j - 1][2]):
                return None
            # a clause between the commas is no apposition ("In Goris, the shelling was a
            # massacre, said ..."), unless it is a relative clause ("X, who was there, said")
            if finite and lows[j + 1] not in {"who", "which", "whose"}:
                return None
            return j
        if tok in _QUOTE_MARKS or tok in {";", ":", ".", "!", "?", "(", ")"}:
            return None
        if lows[j] in _VERB_FORMS or lows[j] == "that":
            return None
        if lows[j] in _BE or lows[j] in {"has", "have", "had", "will", "would", "could", "can"}:
            finite = True
    return None


def _is_name_run(sent: _Sentence, a: int, b: int) -> bool:
    """Are tokens ``a..b`` a personal name (capitalised words, titles)?"""
    toks, lows = sent.toks, sent.lows
    words = [x for x in range(a, b + 1) if _is_word(toks[x][2])]
    return 0 < len(words) <= 4 and all(
        _name_like(toks[x][2], lows[x]) or lows[x] in _PERSONAL_TITLES for x in words
    )


def _verb_cue(sent: _Sentence, v: int, earlier: list[_Cue]) -> _Cue | None:
    toks, lows = sent.toks, sent.lows
    n = len(toks)
    low = lows[v]
    prev = lows[v - 1] if v > 0 else None
    nxt = lows[v + 1] if v + 1 < n else None
    # noun and adjective uses: "the alleged massacre", "amid fears that", "so-called",
    # "self-declared"
    if prev is not None and (
        prev in _DETERMINERS or prev in _POSSESSIVES or (prev in _PREPOSITIONS and prev != "to")
    ):
        if not (prev == "that" and low in {"said", "says"}):
            return None
    if prev == "-" and toks[v - 1][1] == toks[v][0]:
        return None
    if low in _SPEAK and nxt not in {"of", "about"}:
        return None  # "spoke to reporters", "speaking on condition of anonymity"
    if low in _REFER and nxt != "to":
        return None
    # a subject, an insertion and the verb: "X, a member of ..., said"; "X, for their part, call"
    left = v - 1
    insertion = None
    if left > 0 and toks[left][2] == "," and not low.endswith("ing"):
        j = _insertion_start(sent, left)
        if j is not None:
            insertion = (j + 1, left - 1)
            left = j - 1
            if left >= 2 and lows[left].isdigit() and toks[left - 1][2] == ",":
                left -= 2  # an age: "Seda Hakobyan, 70, from Sarnaghbyur, said"
    if low in _NOUN_LIKE and nxt not in {"that", ":"}:
        calls_on = low in {"call", "calls"} and nxt in {"on", "for"}  # "calls on X to ..."
        left_tok = toks[left][2] if left >= 0 else ""
        if not calls_on and not (
            lows[left] in _PRONOUNS
            or lows[left] in _SPEAKER_NOUNS  # "officials call the exodus a ..."
            or (left_tok and _is_word(left_tok) and left_tok[0].isupper())
        ):
            return None
    if low == "called" and nxt is not None and toks[v + 1][2][0].isupper() and prev is not None:
        # "a town called Lachin": naming, not speech
        if toks[v - 1][2][0].islower() and prev not in _PRONOUNS:
            return None
    # "..., said X." / "...” said a triumphant Aliyev in a televised address"; not after an
    # insertion that follows a subject ("Officials in Goris, the nearest town, said hotels ...")
    subject_before = insertion is not None and _noun_like(lows, toks, left)
    if (
        v > 0
        and low in _INVERTIBLE
        and toks[v - 1][2] in _BEFORE_ATTRIBUTION
        and not subject_before
    ):
        np = _right_np(sent, v + 1)
        if np is not None and np[1] + 1 <= n:
            ok, tail_end = _tail_is_adverbial(sent, np[1] + 1)
            if ok:
                speaker, ref = _speaker_text(sent, np)
                return _postposed(
                    sent,
                    toks[v][0],
                    v - 1,
                    tail_end,
                    speaker,
                    ref,
                    "postposed",
                    inverted=True,
                )
    # walk left over auxiliaries and adverbs: "has repeatedly warned", "to warn", and over a
    # verb before "to": "have begun to say"
    k = left
    passive = False
    while k >= 0 and (
        lows[k] in _AUX
        or lows[k].endswith("n't")
        or (toks[k][2][0].islower() and lows[k].endswith("ly") and lows[k] not in _CONJUNCTIONS)
    ):
        if lows[k] in _BE and k == v - 1:
            passive = True
        if lows[k] == "to" and k >= 1 and _catenative(sent, k - 1):
            k -= 1
        k -= 1
    if passive:
        # "it was reported that ...", "Both were told, repeatedly, that ...": a report without a
        # named speaker; "there are fears that" is the outlet's own framing, not a report
        c = v + 1
        if c < n and toks[c][2] == ",":
            close = next((x for x in range(c + 1, min(c + 14, n)) if toks[x][2] == ","), None)
            c = close + 1 if close is not None else c
        if c < n and lows[c] in {"that", "to", "as"}:
            if low.endswith("ed") or low in _PARTICIPLES:
                return _preposed(sent, v, c, None, None, toks[v][0])
        return None
    # "Azerbaijani officials have spent years describing them as ...": the subject of "spent"
    if low.endswith("ing") and k >= 1 and lows[k] in _DURATIONS:
        j = k - 1
        while j >= 0 and (lows[j] in _DURATION_WORDS or lows[j].isdigit()):
            j -= 1
        if j >= 0 and lows[j] in _SPEND:
            k = j - 1
            while k >= 0 and (lows[k] in _AUX or lows[k].endswith("n't")):
                k -= 1
    if insertion is not None and k == left and _is_name_run(sent, *insertion):
        np = insertion  # "The ministry's spokesperson, Lusine Avetyan, said": the name
    else:
        np = _left_np(sent, k)
    if np is not None and np[0] == np[1] and lows[np[0]] in {"i", "we"}:
        return None  # "I wrote at the time that ...": the author's own words
    if (
        np is not None
        and low in _THING_VERBS
        and lows[np[1]] not in _PRONOUNS
        and lows[np[1]] not in _QUANTIFIER_PRONOUNS
        and not _noun_like(lows, toks, np[1])
    ):
        return None  # "the self-dissolution confirmed the failure of ...": no speaker
    if np is None:
        if k >= 0 and (lows[k] in {"and", "but", "or"} or toks[k][2] == ","):
            # coordinated or participial: "... and said", ", saying ..." -> earlier subject
            if earlier:
                speaker, ref = earlier[-1].speaker, earlier[-1].ref
            else:
                init = _initial_np(sent)
                speaker, ref = _speaker_text(sent, init) if init else (None, None)
            cue = _preposed(sent, v, v + 1, speaker, ref, toks[v][0])
            if cue is not None:
                # the earlier complement ends before "and said" / ", saying"
                cue.attribution = (toks[k][0], toks[v][1])
                cue.kind = "coordinated"
            return cue
        return None
    speaker, ref = _speaker_text(sent, np)
    n0 = np[0]
    if np == insertion:  # the subject before the named apposition opens the attribution
        subject = _left_np(sent, k)
        n0 = subject[0] if subject is not None else n0
    tail = v + 1
    if low in _TELL and tail < n:
        # "..., Avetyan told Atlas.", "... told reporters in Kornidzor": the listener first
        if lows[tail] in _OBJECT_PRONOUNS:
            tail += 1
        else:
            obj = _right_np(sent, tail)
            if obj is not None:
                tail = obj[1] + 1
    if n0 > 0 and toks[n0 - 1][2] in _BEFORE_ATTRIBUTION:
        ok, tail_end = _tail_is_adverbial(sent, tail)
        if ok:
            return _postposed(sent, toks[v][0], n0 - 1, tail_end, speaker, ref, "postposed")
    c0 = v + 1
    if low in _TELL:
        for x in range(v + 1, min(v + 7, n)):
            if lows[x] == "that":
                c0 = x + 1
                break
    relative = (
        n0 >= 2
        and lows[n0 - 1] in {"that", "which", "who"}
        and _is_word(toks[n0 - 2][2])
        and lows[n0 - 2] not in _VERB_FORMS
    )
    return _preposed(sent, v, c0, speaker, ref, toks[n0][0], relative=relative)


def _according_cue(sent: _Sentence, a: int) -> _Cue | None:
    text, toks, lows = sent.text, sent.toks, sent.lows
    n = len(toks)
    np = _right_np(sent, a + 2)
    speaker, ref = _speaker_text(sent, np) if np else (None, None)
    after = (np[1] + 1) if np else a + 2
    # skip to the end of the phrase ("according to X, which ...": up to the comma)
    tail = after
    while tail < n and toks[tail][2] not in {",", ";", ".", "!", "?"}:
        tail += 1
    at_start = all(not _is_word(toks[k][2]) or lows[k] in {"but", "and"} for k in range(a))
    if at_start:
        if tail >= n or toks[tail][2] != ",":
            return None
        return _preposed(sent, a, tail + 1, speaker, ref, toks[a][0])
    before = a - 1 if toks[a - 1][2] == "," else a
    if before == a:
        # "... used force according to witnesses": the clause before
        end = _trim_end(text, toks[0][0], toks[a][0])
        return _Cue(
            toks[a][0],
            toks[0][0],
            end,
            (),
            speaker,
            ref,
            "according",
            (toks[a][0], toks[tail - 1][1]),
        )
    return _postposed(sent, toks[a][0], before, tail, speaker, ref, "according")


# ---------------------------------------------------------------------------------------------
# Negation and hedging
# ---------------------------------------------------------------------------------------------


def _scope_left(sent: _Sentence, k: int) -> list[int]:
    """Token indices before token ``k`` in its clause, nearest first, at most the window."""
    toks, lows = sent.toks, sent.lows
    out: list[int] = []
    words = 0
    for i in range(k - 1, -1, -1):
        tok, low = toks[i][2], lows[i]
        if tok in _SCOPE_BREAK_PUNCT or low in _SCOPE_BREAK_WORDS:
            break
        if tok == "-" and i > 0 and lows[i - 1] != "so" and toks[i - 1][1] < toks[i][0]:
            break  # a spaced hyphen used as a dash
        if low == "that" and i > 0 and lows[i - 1] in {"and", "or"}:
            break  # "stated that there was no blockade and that the checkpoint ...": a new clause
        out.append(i)
        if tok[0].isalnum() or tok[0] == "_":
            words += 1
            if words > _SCOPE_WINDOW:
                break
    return out


def _negated(sent: _Sentence, k: int, left: list[int]) -> bool:
    """Is token ``k`` under a negation? ``left``: its clause scope from :func:`_scope_left`."""
    lows = sent.lows
    n = len(lows)
    label = False  # passed an "as": "dismissed the claims as disinformation"
    for i in left:
        low = lows[i]
        nxt = lows[i + 1] if i + 1 < n else ""
        prv = lows[i - 1] if i > 0 else ""
        if low == "as":
            label = True
        if low in NEGATORS or low.endswith("n't"):
            if nxt in _NEGATION_EXCEPTIONS.get(low, ()):
                continue
            if low == "not" and prv in {"if", "or"}:
                continue
            if label and low in _LEXICAL_NEGATORS:
                continue  # the word after "as" is the subject's label, not what it denies
            return True
        if (prv, low) in _NEGATION_FIXED:
            return True
    return False


def _hedged(
    sent: _Sentence, k: int, k_end: int, left: list[int], *, backshift: bool = False
) -> bool:
    """Is the term at tokens ``k..k_end`` hedged? ``left`` as for :func:`_negated`. With
    ``backshift`` (the term is reported after a past-tense verb), "would" is a tense, not a
    hedge."""
    lows, toks = sent.lows, sent.toks
    n = len(lows)
    words = 0  # words between token i and the term
    verb_between = False  # a modifier cannot reach over a verb ("alleged that troops had ...")
    label = False  # passed an "as": "dismissed the reports of shelling as disinformation"
    for i in left:
        low = lows[i]
        near = words <= _MODIFIER_WINDOW and not verb_between
        if low == "as":
            label = True
        if low in _AUX or low == "that" or low in _VERB_FORMS:
            verb_between = True
        c = toks[i][2][0]
        if c.isalnum() or c == "_":
            words += 1
        if low not in _HEDGE_TRIGGERS:
            continue
        prv = lows[i - 1] if i > 0 else ""
        nxt = lows[i + 1] if i + 1 < n else ""
        if low in _HEDGE_CLAUSE:
            if low == "may" and toks[i][2][0].isupper():
                continue  # the month
            if low == "would" and backshift:
                continue
            return True
        if near and low in _HEDGE_MODIFIERS:
            return True
        if (
            near
            and low in _HEDGE_ADJECTIVES
            and (prv in _DETERMINERS or prv in _POSSESSIVES or prv in _PREPOSITIONS or prv == "of")
        ):
            return True
        if near and low == "called" and (prv == "so" or (prv == "-" and lows[i - 2] == "so")):
            return True
        if words <= _MODIFIER_WINDOW + 1 and low in _HEDGE_NOUNS_OF and nxt == "of" and not label:
            return True
        if low in _HEDGE_NOUNS_THAT and nxt == "that" and not _verb_use(sent, i):
            return True  # "rejected accusations that it carried out ethnic cleansing"
        if low == "suspected" and nxt == "of" and _same_of_phrase(lows, i + 2, k):
            return True  # "persons suspected of war crimes and of financing terrorism"
        if near and low in _FEAR_VERBS and i + 1 == k:
            return True  # "fearing persecution"
        if low in _SEEM and nxt == "to":
            return True
        if low == "what" and any(lows[x] in _WHAT_VERBS for x in range(i + 1, k)):
            return True
    if _labelled(sent, k):
        return True
    words = 0
    for i in range(k_end + 1, n):
        tok = toks[i][2]
        if tok in _SCOPE_BREAK_PUNCT or lows[i] in _SCOPE_BREAK_WORDS:
            break
        if _is_word(tok):
            words += 1
            if words > _RIGHT_HEDGE_WINDOW:
                break
            if lows[i] in _HEDGE_RIGHT:
                return True
    return False


# every word that can start a negation rule ("n't" is looked for in the text)
_NEGATION_TRIGGERS = NEGATORS | frozenset(first for first, _ in _NEGATION_FIXED)
# every word that can start one of the rules of _hedged's loop (a quick filter)
_HEDGE_TRIGGERS = (
    _HEDGE_CLAUSE
    | _HEDGE_MODIFIERS
    | _HEDGE_ADJECTIVES
    | _HEDGE_NOUNS_OF
    | _HEDGE_NOUNS_THAT
    | _FEAR_VERBS
    | _SEEM
    | frozenset({"called", "suspected", "what"})
)
# every word without which no hedge rule can fire in a sentence
_HEDGE_ANY = _HEDGE_TRIGGERS | _HEDGE_RIGHT | _WHAT_VERBS


def _is_past(form: str) -> bool:
    return form.endswith("ed") or form in _PAST_FORMS


def _same_of_phrase(lows: list[str], a: int, k: int) -> bool:
    """Do tokens ``a..k-1`` stay inside one "of" phrase ("of war crimes and of financing"), not
    passing to a new coordinated noun ("of war crimes and members of ...")?"""
    return all(lows[x] != "and" or lows[x + 1] == "of" for x in range(a, k))


def _verb_use(sent: _Sentence, i: int) -> bool:
    """Is the noun-like word at ``i`` ("claims", "reports") used as a verb, after a name or a
    pronoun ("Armenia claims that ...")?"""
    if i == 0:
        return False
    prev = sent.toks[i - 1][2]
    return sent.lows[i - 1] in _PRONOUNS or (_is_word(prev) and prev[0].isupper())


def _labelled(sent: _Sentence, k: int) -> bool:
    """Is the term at ``k`` someone's label, kept at a distance: "what X called ...", however
    long the label ("what state media called the self-dissolution of the separatist regime"),
    or "that/which X calls ..." right before it ("strikes that Baku insists on calling
    “anti-terrorist measures”")?"""
    toks, lows = sent.toks, sent.lows
    if _WHAT_VERBS.isdisjoint(lows[max(0, k - 24) : k]):
        return False  # the common case, decided at C speed
    j = k - 1
    while j >= 0 and (toks[j][2] in _QUOTE_MARKS or lows[j] in _DETERMINERS):
        j -= 1
    direct = j >= 0 and lows[j] in _WHAT_VERBS  # the verb governs the term itself
    words = 0
    verb = False
    for i in range(k - 1, -1, -1):
        tok, low = toks[i][2], lows[i]
        if tok in _SCOPE_BREAK_PUNCT and tok not in _QUOTE_MARKS:
            return False
        if low in _WHAT_VERBS:
            verb = True
        elif low == "what" and verb:
            return True
        elif low in {"that", "which"} and direct and words <= 4:
            return True
        if _is_word(tok):
            words += 1
            if words > 16:
                return False
    return False


def _token_range(sent: _Sentence, start: int, end: int) -> tuple[int, int]:
    """First and last token indices overlapping ``[start, end)``."""
    starts = sent.starts
    k0 = max(bisect_right(starts, start) - 1, 0)
    if sent.toks and sent.toks[k0][1] <= start and k0 + 1 < len(sent.toks):
        k0 += 1
    k1 = max(bisect_right(starts, end - 1) - 1, k0)
    return k0, k1


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


class VoiceAnnotator:
    """Decide the voice, speaker, negation and hedging of spans of a text.

    Parameters
    ----------
    sentence_splitter:
        A :class:`~analysis.sentences.SentenceSplitter`; a default (untrained) one when None.

    ``fit(texts)`` trains the splitter on the corpus (see :meth:`SentenceSplitter.fit`) and
    returns ``self``; annotating without fitting uses the fixed news parameters.
    """

    def __init__(self, *, sentence_splitter: SentenceSplitter | None = None) -> None:
        self.sentence_splitter = sentence_splitter
        self.splitter_ = sentence_splitter if sentence_splitter is not None else SentenceSplitter()

    def __repr__(self) -> str:
        return f"VoiceAnnotator(sentence_splitter={self.sentence_splitter!r})"

    def fit(self, texts: Iterable[str]) -> VoiceAnnotator:
        """Fit the sentence splitter on ``texts``; return ``self``."""
        self.splitter_.fit(texts)
        return self

    def annotate(self, text: str, spans: Sequence[tuple[int, int]]) -> list[dict]:
        """Return one dict per ``(start, end)`` span of ``text``, in the order given.

        Keys: ``sentence_start``, ``sentence_end`` (offsets of the sentence holding the span's
        start, widened if the span runs past it), ``voice`` ("quoted", "reported" or
        "authorial"), ``speaker`` (the speaker the text names, or None), ``negated`` and
        ``hedged`` (bools).
        """
        if not isinstance(text, str):
            raise TypeError(f"annotate expects the text as str, got {type(text).__name__}")
        checked = _check_spans(text, spans)
        if not checked:
            return []
        doc = _Document(text, self.splitter_)
        return [self._annotate_one(doc, s, e) for s, e in checked]

    def _annotate_one(self, doc: _Document, start: int, end: int) -> dict:
        _, sent = doc.sentence_at(start)
        k0, k1 = _token_range(sent, start, end)
        may_negate, may_hedge = sent.flags
        left = _scope_left(sent, k0) if may_negate or may_hedge else []
        qi = doc.quote_at(start, end)
        speaker = None
        backshift = False
        if qi is not None:
            voice = "quoted"
            speaker = doc.quote_speaker(qi)
        else:
            cue = doc.governing_cue(sent, start, end)
            if cue is not None:
                voice = "reported"
                speaker = doc.cue_speaker(cue)
                # "announced that residents would be relocated": "would" is the past tense of
                # "will" in indirect speech, not a hedge
                verb = _WORD.match(doc.text, cue.anchor)
                backshift = verb is not None and _is_past(verb.group().lower())
            else:
                voice = "authorial"
        return {
            "sentence_start": sent.start,
            "sentence_end": max(sent.end, end),
            "voice": voice,
            "speaker": speaker,
            "negated": may_negate and _negated(sent, k0, left),
            "hedged": may_hedge and _hedged(sent, k0, k1, left, backshift=backshift),
        }

    def attributions(self, text: str) -> list[dict]:
        """Every direct quote and reported-speech span of ``text`` (see :func:`attributions`)."""
        if not isinstance(text, str):
            raise TypeError(f"attributions expects the text as str, got {type(text).__name__}")
        doc = _Document(text, self.splitter_)
        rows: list[dict] = []
        for qi, q in enumerate(doc.quotes):
            rows.append(_row(text, q.start, q.end, "quoted", doc.quote_speaker(qi)))
        for p in range(len(doc.paragraphs)):
            for sent in doc.all_sentences(p):
                for cue in doc.cues(sent):
                    if doc.inside_quote(cue.anchor):
                        continue
                    speaker = doc.cue_speaker(cue)
                    for s, e in _pieces(text, cue):
                        if _has_unquoted_words(doc, s, e):
                            rows.append(_row(text, s, e, "reported", speaker))
        rows.sort(key=lambda r: (r["start"], r["kind"], r["end"]))
        return rows


def _pieces(text: str, cue: _Cue) -> list[tuple[int, int]]:
    """The complement of ``cue`` minus its excluded parts, trimmed of spaces and punctuation."""
    out = []
    pos = cue.start
    for s, e in sorted(cue.excluded):
        if e <= pos or s >= cue.end:
            continue
        out.append((pos, max(min(s, cue.end), pos)))
        pos = max(pos, e)
    out.append((pos, cue.end))
    trimmed = []
    for s, e in out:
        while s < e and (text[s].isspace() or text[s] in ",;:–—-"):
            s += 1
        e = _trim_end(text, s, e)
        if e > s:
            trimmed.append((s, e))
    return trimmed


def _has_unquoted_words(doc: _Document, start: int, end: int) -> bool:
    for m in _TOKEN.finditer(doc.text, start, end):
        if _is_word(m.group()) and not doc.inside_quote(m.start()):
            return True
    return False


def _row(text: str, start: int, end: int, kind: str, speaker: str | None) -> dict:
    return {"start": start, "end": end, "kind": kind, "speaker": speaker, "text": text[start:end]}


def _check_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    n = len(text)
    out = []
    for i, span in enumerate(spans):
        try:
            s, e = int(span[0]), int(span[1])
        except (TypeError, ValueError, IndexError):
            raise ValueError(
                f"span {i} ({span!r}) is not a (start, end) pair of integers"
            ) from None
        if not (0 <= s < e <= n):
            raise ValueError(
                f"span {i} ({s}, {e}) does not lie inside the text (length {n}) with start < end"
            )
        out.append((s, e))
    return out


_DEFAULT_ANNOTATOR: VoiceAnnotator | None = None


def _default_annotator() -> VoiceAnnotator:
    global _DEFAULT_ANNOTATOR
    if _DEFAULT_ANNOTATOR is None:
        _DEFAULT_ANNOTATOR = VoiceAnnotator()
    return _DEFAULT_ANNOTATOR


def attributions(text: str, *, annotator: VoiceAnnotator | None = None) -> list[dict]:
    """Return every direct quote and reported-speech span in ``text``, in order of ``start``.

    Each dict has ``start``, ``end`` (offsets into ``text``), ``kind`` ("quoted" or
    "reported"), ``speaker`` (str or None) and ``text`` (``text[start:end]``). A quote is its
    inside, without the marks; quotes nested in quotes belong to the outer quote. A reported
    span is the complement of a reporting construction minus asides in dashes or parentheses and
    minus the attribution itself; spans made only of direct quotes are not repeated as reported.
    """
    return (annotator or _default_annotator()).attributions(text)


ATTRIBUTION_COLUMNS = ["doc_id", "start", "end", "kind", "speaker", "text"]


def attribution_table(
    corpus: pd.DataFrame, *, annotator: VoiceAnnotator | None = None
) -> pd.DataFrame:
    """Return :func:`attributions` of every document of ``corpus`` as one table.

    Columns: doc_id, start, end, kind, speaker (<NA> when the text names nobody), text; one row
    per quote or reported span, sorted by doc_id and start. ``corpus`` needs ``doc_id`` and
    ``text`` columns.
    """
    missing = [c for c in ("doc_id", "text") if c not in corpus.columns]
    if missing:
        raise ValueError(f"attribution_table: corpus is missing column(s) {', '.join(missing)}")
    annotator = annotator or _default_annotator()
    rows: list[dict] = []
    for doc_id, text in zip(corpus["doc_id"], corpus["text"], strict=True):
        if not isinstance(text, str):
            raise ValueError(f"attribution_table: document {doc_id!r} has no text ({text!r})")
        for r in annotator.attributions(text):
            r["doc_id"] = doc_id
            rows.append(r)
    table = pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)
    table = table.astype(
        {
            "doc_id": "string",
            "start": "int64",
            "end": "int64",
            "kind": "string",
            "speaker": "string",
            "text": "string",
        }
    )
    return table.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Evaluation against hand labels
# ---------------------------------------------------------------------------------------------

GOLD_COLUMNS = [
    "doc_id",
    "start",
    "end",
    "gold_voice",
    "gold_speaker",
    "gold_negated",
    "gold_hedged",
]


def _speaker_match(gold: object, pred: object) -> tuple[bool, bool]:
    """(exact, compatible): equal after dropping case, articles and titles; or the head of one
    is a word of the other. Both empty counts as a match."""
    g, p = _speaker_words(gold), _speaker_words(pred)
    if not g or not p:
        return (not g and not p, not g and not p)
    if g == p:
        return True, True
    g_set = {w[:-2] if w.endswith("'s") else w for w in g}
    p_set = {w[:-2] if w.endswith("'s") else w for w in p}
    return False, _speaker_head(g) in p_set or _speaker_head(p) in g_set


@dataclass(frozen=True)
class VoiceEvaluation:
    """What :func:`evaluate_voice` measured.

    ``rows``: the gold table joined to the predictions (``voice``, ``speaker``, ``negated``,
    ``hedged``) with per-row ``voice_ok``, ``speaker_exact``, ``speaker_compatible``.
    ``confusion``: counts, gold voice in rows, predicted voice in columns.
    ``summary``: one row per metric: ``metric``, ``estimate``, ``low``, ``high`` (95% interval
    from a bootstrap over documents), ``k`` (successes), ``n`` (items the metric is computed on),
    ``n_docs`` and ``meaning``.
    """

    rows: pd.DataFrame
    confusion: pd.DataFrame
    summary: pd.DataFrame

    def metric(self, name: str) -> float:
        """The estimate of metric ``name`` (see ``summary``)."""
        hit = self.summary.loc[self.summary["metric"] == name, "estimate"]
        if hit.empty:
            raise KeyError(f"no metric {name!r}; known: {', '.join(self.summary['metric'])}")
        return float(hit.iloc[0])


def evaluate_voice(
    hits: pd.DataFrame, gold: pd.DataFrame, *, n_boot: int = 2000, seed: int = 0
) -> VoiceEvaluation:
    """Compare the voice, speaker, negated and hedged columns of ``hits`` with hand labels.

    ``gold`` has one row per labelled hit: ``doc_id``, ``start``, ``end`` (the hit's offsets),
    ``gold_voice``, ``gold_speaker`` (empty when the text names nobody or the voice is
    authorial), ``gold_negated`` and ``gold_hedged`` (bools). Every gold row must match a hit by
    (doc_id, start, end); a row that does not raises ``ValueError`` naming it (the corpus or the
    lexicon changed since labelling).

    Metrics (each a share, with a 95% interval from a bootstrap that resamples documents, the
    sampling unit, since hits of one article are not independent):

    * ``voice_accuracy``: predicted voice equals the gold voice, over all rows;
    * ``precision[v]`` / ``recall[v]`` for each voice v;
    * ``speaker_exact``: over rows whose gold voice is quoted or reported, the predicted speaker
      equals the gold one after dropping case, articles and titles (both empty counts);
      ``speaker_compatible``: the same, or the head noun of one is a word of the other
      ("ministry" ~ "Ministry of Foreign Affairs of Armenia", "Avetyan" ~ "Lusine Avetyan");
    * ``speaker_named_exact`` / ``speaker_named_compatible``: the same over rows whose gold names
      a speaker;
    * ``negated_precision`` / ``negated_recall`` and ``hedged_precision`` / ``hedged_recall``.
    """
    from .stats import bootstrap_ratio

    missing = [c for c in GOLD_COLUMNS if c not in gold.columns]
    if missing:
        raise ValueError(f"evaluate_voice: gold table is missing column(s) {', '.join(missing)}")
    need = ["doc_id", "start", "end", "voice", "speaker", "negated", "hedged"]
    missing = [c for c in need if c not in hits.columns]
    if missing:
        raise ValueError(f"evaluate_voice: hits table is missing column(s) {', '.join(missing)}")
    key = ["doc_id", "start", "end"]
    g = gold.copy()
    g["doc_id"] = g["doc_id"].astype(str)
    g[["start", "end"]] = g[["start", "end"]].astype("int64")
    bad = sorted(set(g["gold_voice"]) - set(VOICES))
    if bad:
        raise ValueError(f"evaluate_voice: unknown gold voice(s) {bad}; expected one of {VOICES}")
    p = hits[need].copy()
    p["doc_id"] = p["doc_id"].astype(str)
    p[["start", "end"]] = p[["start", "end"]].astype("int64")
    rows = g.merge(p, on=key, how="left", indicator=True, validate="one_to_one")
    lost = rows[rows["_merge"] != "both"]
    if not lost.empty:
        r = lost.iloc[0]
        raise ValueError(
            f"evaluate_voice: {len(lost)} gold row(s) match no hit, first {r['doc_id']!r} "
            f"[{r['start']}:{r['end']}]; the corpus or lexicon changed since labelling"
        )
    rows = rows.drop(columns="_merge")
    for c in ("gold_negated", "gold_hedged", "negated", "hedged"):
        rows[c] = rows[c].astype(bool)
    rows["voice_ok"] = rows["gold_voice"] == rows["voice"]
    matches = [
        _speaker_match(a, b) for a, b in zip(rows["gold_speaker"], rows["speaker"], strict=True)
    ]
    rows["speaker_exact"] = [m[0] for m in matches]
    rows["speaker_compatible"] = [m[1] for m in matches]

    confusion = pd.crosstab(
        pd.Categorical(rows["gold_voice"], categories=VOICES),
        pd.Categorical(rows["voice"], categories=VOICES),
        rownames=["gold"],
        colnames=["predicted"],
        dropna=False,
    )
    docs = pd.Index(sorted(rows["doc_id"].unique()))
    sayer = rows["gold_voice"] != "authorial"
    named = sayer & rows["gold_speaker"].map(lambda s: bool(_speaker_words(s)))
    specs: list[tuple[str, pd.Series, pd.Series, str]] = [
        (
            "voice_accuracy",
            rows["voice_ok"],
            pd.Series(True, index=rows.index),
            "share of hits whose voice is right",
        )
    ]
    for v in VOICES:
        specs.append(
            (
                f"precision[{v}]",
                rows["voice_ok"] & (rows["voice"] == v),
                rows["voice"] == v,
                f"share of hits predicted {v} that are {v}",
            )
        )
        specs.append(
            (
                f"recall[{v}]",
                rows["voice_ok"] & (rows["gold_voice"] == v),
                rows["gold_voice"] == v,
                f"share of {v} hits predicted {v}",
            )
        )
    specs += [
        (
            "speaker_exact",
            rows["speaker_exact"] & sayer,
            sayer,
            "quoted/reported hits whose speaker is exactly right (empty = empty)",
        ),
        (
            "speaker_compatible",
            rows["speaker_compatible"] & sayer,
            sayer,
            "quoted/reported hits whose speaker shares its head noun with the gold one",
        ),
        (
            "speaker_named_exact",
            rows["speaker_exact"] & named,
            named,
            "hits whose text names a speaker, speaker exactly right",
        ),
        (
            "speaker_named_compatible",
            rows["speaker_compatible"] & named,
            named,
            "hits whose text names a speaker, speaker compatible",
        ),
    ]
    for flag in ("negated", "hedged"):
        tp = rows[flag] & rows[f"gold_{flag}"]
        specs.append(
            (f"{flag}_precision", tp, rows[flag], f"share of hits flagged {flag} that are")
        )
        specs.append((f"{flag}_recall", tp, rows[f"gold_{flag}"], f"share of {flag} hits flagged"))
    by_doc = rows["doc_id"]
    num = pd.DataFrame({name: (ok & base) for name, ok, base, _ in specs}).groupby(by_doc).sum()
    den = pd.DataFrame({name: base for name, _, base, _ in specs}).groupby(by_doc).sum()
    num, den = num.reindex(docs, fill_value=0), den.reindex(docs, fill_value=0)
    boot = bootstrap_ratio(
        num.to_numpy(dtype=float),
        den.to_numpy(dtype=float),
        n_boot=n_boot,
        seed=seed,
        method="percentile",
        bounds=(0.0, 1.0),
    )
    summary = pd.DataFrame(
        {
            "metric": [s[0] for s in specs],
            "estimate": boot.estimate,
            "low": boot.ci_low,
            "high": boot.ci_high,
            "k": num.sum().to_numpy(dtype="int64"),
            "n": den.sum().to_numpy(dtype="int64"),
            "n_docs": (den > 0).sum().to_numpy(dtype="int64"),
            "meaning": [s[3] for s in specs],
        }
    )
    return VoiceEvaluation(rows=rows, confusion=confusion, summary=summary)
