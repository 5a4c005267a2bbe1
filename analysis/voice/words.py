"""Word lists of the voice rules (lower case; the apostrophe is the straight one after
normalisation).

Each list is plain data; docs/voice.md says which rule reads it and why.
"""

from __future__ import annotations

from ..text.sentences import SENTENCE_STARTERS

__all__ = [
    "HEDGE_WORDS",
    "NEGATORS",
    "REPORTING_VERBS",
]


# the values of "voice" (not exported; analysis.RATE_VOICES adds "all" for the rate tables)
VOICES = ("authorial", "quoted", "reported")

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
# More verbs of Recasens et al.'s (2013) report-verb list, for what news attributes besides
# speech (PolNeAR's guidelines, Newell et al. 2018: statements, beliefs, knowledge, intentions,
# stances and the findings of polls, studies, courts and reports are attributed content).
# Only forms that are cues most of the time in PolNeAR's train split (data/voice/cue_counts.csv);
# "points", "shows", "estimates" ... are guarded (NOUN_LIKE, THING_VERBS, the particles below).
REPORTING_VERBS.update(
    {
        "agree": ("agreed", "agrees"),
        "blame": ("blamed", "blames", "blaming"),
        "boast": ("boasted", "boasts", "boasting"),
        "caution": ("cautioned", "cautions"),
        "conclude": ("concluded", "concludes", "concluding"),
        "defend": ("defended", "defends", "defending"),
        "discuss": ("discussed",),
        "disclose": ("disclosed", "discloses"),
        "endorse": ("endorsed", "endorses", "endorsing"),
        "estimate": ("estimated",),
        "expect": ("expect", "expects", "expected", "expecting"),
        "express": ("expressed", "expresses", "expressing"),
        "find": ("found", "finds"),
        "hope": ("hope", "hoped", "hopes", "hoping"),
        "indicate": ("indicated", "indicates"),
        "learn": ("learned",),
        "mention": ("mentioned", "mentions", "mentioning"),
        "offer": ("offered",),
        "oppose": ("opposed", "opposes", "opposing"),
        "order": ("ordered",),
        "point": ("pointed", "pointing", "points"),  # only before "out" or "to"
        "praise": ("praised", "praises", "praising"),
        "recall": ("recalled", "recalls", "recalling"),
        "recommend": ("recommended", "recommends"),
        "refuse": ("refused", "refuses"),
        "remember": ("remembered", "remembers"),
        "reveal": ("revealed", "reveals"),
        "rule": ("ruled",),
        "show": ("show", "showed", "shows", "showing"),
        "slam": ("slammed", "slams", "slamming"),
        "speculate": ("speculated", "speculates"),
        "respond": ("responded", "responds"),
        "remind": ("reminded", "reminding", "reminds"),
        "question": ("questioned",),
        "think": ("think", "thinks", "thought"),
        "threaten": ("threatened", "threatens"),
        "welcome": ("welcomed",),
        "wonder": ("wondered", "wonders", "wondering"),
        "worry": ("worry", "worries"),
    }
)
for _lemma, _forms in {
    "predict": ("predicting",),
    "suggest": ("suggesting",),
    "explain": ("explaining", "explain"),
    "cite": ("cited", "cite"),
    "tweet": ("tweeting",),
    "admit": ("admits",),
}.items():
    REPORTING_VERBS[_lemma] = REPORTING_VERBS[_lemma] + _forms
# Verbs of the manner of saying that attribute a quotation they stand right after ("“...,” Lind
# quipped", "“...,” reads the editorial", "“...?” reacted Vale") but are no cue elsewhere ("the
# crowd shouted at the police"): used only next to a closing quotation mark (written for this
# project).
MANNER_VERBS = frozenset(
    "quipped quips joked jokes mused muses retorted retorts shouted shouts screamed screams "
    "yelled yells chanted chants exclaimed exclaims snapped snaps barked barks read reads "
    "recounted recounts observed observes remarked remarks continued continues reasoned reasons "
    "sighed sighs laughed laughs marveled marvelled marvels deadpanned gushed gushes boomed "
    "booms interjected interjects reacted reacts opined opines scoffed scoffs lamented laments "
    "posted posts agreed agrees cracked cracks whispered whispers muttered mutters".split()
)
# Verbs of intention, desire, knowledge and stance that are not on Recasens et al.'s list but
# that PolNeAR's guidelines count ("plans to ...", "wants to ...", "knows that ...", "declined to
# comment", "sought the nomination"): kept apart so that REPORTING_VERBS stays the report-verb
# list. "want", "plan" and "intend" only before "to" (TO_ONLY), "talk" only before "about".
ATTITUDE_VERBS: dict[str, tuple[str, ...]] = {
    "want": ("want", "wants", "wanted"),
    "plan": ("plans", "planned"),
    "intend": ("intends", "intended"),
    "seek": ("seeks", "seeking", "sought"),
    "know": ("knows", "knew"),
    "decline": ("declined",),
    "attack": ("attacked",),
    "blast": ("blasted", "blasts", "blasting"),
    "mock": ("mocked",),
    "condemn": ("condemned", "condemns", "condemning"),
    "lament": ("lamented", "laments", "lamenting"),
    "tout": ("touted", "touts", "touting"),
    "decry": ("decried", "decrying", "decries"),
    "talk": ("talked", "talking", "talks", "talk"),  # only before "about"
}
VERB_FORMS: dict[str, str] = {
    f: lemma
    for table in (REPORTING_VERBS, ATTITUDE_VERBS)
    for lemma, forms in table.items()
    for f in forms
}
# verbs that report only before "to" ("wants to", "plans to"), before "about" ("talked
# about"), or before "out"/"to" ("pointed out", "points to"): otherwise they are no cue
TO_ONLY = frozenset(ATTITUDE_VERBS["want"] + ATTITUDE_VERBS["plan"] + ATTITUDE_VERBS["intend"])
ABOUT_ONLY = frozenset(ATTITUDE_VERBS["talk"])
POINT = frozenset(REPORTING_VERBS["point"])
# the lemmas added for PolNeAR (both tables): no nested cues of their own (PolNeAR annotates only
# the outermost attribution), and not inverted ("..., praised X": X is the object) except the
# verbs of saying that news does invert ("..., recalled Smith", "..., cautioned the mayor")
ATTITUDE_LEMMAS = frozenset(
    "agree blame boast caution conclude defend discuss disclose endorse estimate expect express "
    "find hope indicate learn mention offer oppose order point praise recall recommend refuse "
    "remember reveal rule show slam speculate respond remind question think threaten welcome "
    "wonder worry".split()
) | frozenset(ATTITUDE_VERBS)
_ATTITUDE_INVERTIBLE = frozenset("boast caution conclude recall respond speculate wonder".split())
# Forms that are more often nouns ("rejected claims of", "amid fears that"): verbs only when
# followed by "that" or ":" or preceded directly by a pronoun or a capitalised word.
NOUN_LIKE = frozenset(
    "claim claims report reports fear fears call calls notes demands promises pledges vows "
    "stresses counter".split()
) | frozenset("hopes hope show shows points plans thought worry".split())
# Irregular past participles that make a passive report besides the -ed forms ("It was said
# that ...", "Both were told, repeatedly, that ..."); inverted "..., said X" uses INVERTIBLE.
PARTICIPLES = frozenset({"said", "told"})
# Adjectives and participles of a stance whose subject holds it: after "be" they are no passive
# ("Some Democrats are concerned that ...", "The ministry is confident that ..." -> the subject
# speaks, as PolNeAR's guidelines attribute beliefs), unlike "It was reported that ...".
STANCE_WORDS = frozenset(
    "concerned worried convinced confident hopeful optimistic pessimistic skeptical sceptical "
    "sure certain unsure uncertain afraid fearful doubtful adamant aware persuaded "
    "disappointed frustrated pleased surprised alarmed".split()
)
TELL = frozenset(REPORTING_VERBS["tell"])
SPEAK = frozenset(REPORTING_VERBS["speak"])
REFER = frozenset(REPORTING_VERBS["refer"])
# Verbs that can come before their subject: "..., said X", "..., added the minister"; never
# "..., told X" (X is the listener: "..., Avetyan told Atlas") nor "..., criticized X" (X is
# the object: "Huseynli, a member of parliament, criticized the separatist leaders")
_NOT_INVERTED = frozenset(
    "tell accuse reject dismiss refute denounce brand label criticize propose cite speak call "
    "describe urge deny demand fear believe promise pledge vow quote".split()
) | (ATTITUDE_LEMMAS - _ATTITUDE_INVERTIBLE)
INVERTIBLE = frozenset(
    f
    for lemma, forms in (*REPORTING_VERBS.items(), *ATTITUDE_VERBS.items())
    if lemma not in _NOT_INVERTED
    for f in forms
    if not f.endswith("ing") and f not in NOUN_LIKE
)

NEGATORS: frozenset[str] = frozenset(
    "not no never without nor neither none nobody nothing nowhere cannot deny denies denied "
    "denying denial denials reject rejects rejected rejecting rejection refute refutes refuted "
    "refuting dismiss dismisses dismissed dismissing lack lacks lacking absence".split()
)
# negator followed by one of these is not a negation ("not only", "no doubt", "nothing but")
NEGATION_EXCEPTIONS = {
    "not": {"only", "just", "least", "merely", "simply"},
    "no": {"doubt", "wonder", "less", "more"},
    "none": {"other"},
    "nothing": {"but", "short", "less", "more"},
    "without": {"doubt", "question"},
}
NEGATION_FIXED = (("far", "from"), ("ruled", "out"), ("rule", "out"), ("rules", "out"))

# Hedges that modify the noun phrase right after them ("the alleged massacre"): within
# MODIFIER_WINDOW words before the term.
HEDGE_MODIFIERS = frozenset(
    "alleged suspected purported apparent possible potential presumed supposed unconfirmed "
    "unverified probable".split()
)
# "the claimed massacre", "a reported massacre": modifiers only after a determiner, a
# possessive or a preposition (else they are the verbs of "Armenia reported genocide")
HEDGE_ADJECTIVES = frozenset({"claimed", "reported"})
# Hedges over the whole clause ("the shelling could amount to genocide"): within the scope.
HEDGE_CLAUSE = frozenset(
    "allegedly reportedly possibly potentially apparently purportedly supposedly presumably "
    "seemingly perhaps maybe probably likely unlikely could may might would purports".split()
)
HEDGE_WORDS: frozenset[str] = HEDGE_MODIFIERS | HEDGE_ADJECTIVES | HEDGE_CLAUSE
MODIFIER_WINDOW = 3
# "<noun> of <term>": the term is named as a possibility or as someone's claim
HEDGE_NOUNS_OF = frozenset(
    "risk risks threat threats danger dangers fear fears spectre specter allegation allegations "
    "claim claims accusation accusations charge charges report reports story stories rumour "
    "rumours rumor rumors".split()
)
# "<noun> that <clause with the term>": someone's claim ("accusations that it carried out ...")
HEDGE_NOUNS_THAT = HEDGE_NOUNS_OF - frozenset(
    "risk risks threat threats danger dangers fear fears spectre specter story stories".split()
)
# "fearing persecution", "residents fear reprisals": the term is what is feared
FEAR_VERBS = frozenset("fear fears feared fearing".split())
# "what X called / calls / describes as / termed / dubbed / labelled / branded ..."
WHAT_VERBS = frozenset(
    "call calls called describe describes described term terms termed dub dubs dubbed label "
    "labels labeled labelled brand brands branded characterise characterises characterised "
    "characterize characterizes characterized calling describing labelling branding".split()
)
SEEM = frozenset("appear appears appeared seem seems seemed".split())
# negators that are verbs of saying: the word after "as" is their subject's label
LEXICAL_NEGATORS = frozenset(
    "deny denies denied denying reject rejects rejected rejecting refute refutes refuted "
    "refuting dismiss dismisses dismissed dismissing".split()
)
HEDGE_RIGHT = frozenset(
    "allegedly reportedly apparently purportedly supposedly possibly could may might".split()
)

DETERMINERS = frozenset("a an the this that these those".split())
POSSESSIVES = frozenset("his her its their our my your".split())
PRONOUNS = frozenset("he she it they we i you".split())
SPEAKER_PRONOUNS = frozenset("he she it they".split())
# possessive pronoun -> the pronoun it stands for ("Its foreign ministry" -> it)
POSSESSIVE_PRONOUN = {"his": "he", "her": "she", "its": "it", "their": "they"}
# quantifiers that stand for a group named before ("Some argued that ..."): plural pronouns
QUANTIFIER_PRONOUNS = frozenset("some others many several most few".split())
# lower-case words that stand between the capitalised words of one name ("Ministry of Foreign
# Affairs", "Ministry of Labour and Social Affairs")
NAME_JOINERS = frozenset("of and the for de da al el von van".split())
# prepositions that place a speaker ("officials in Baku", "diplomats at the United Nations")
PLACING = frozenset({"in", "at", "from", "for"})
# "a number of X", "dozens of X": the speakers are the X
QUANTITY_NOUNS = frozenset(
    "number majority minority handful couple dozens hundreds thousands some many most several "
    "all both one each none few".split()
)
# never a noun phrase of their own
NON_NP = frozenset({"there", "here"})
PREPOSITIONS = frozenset(
    "in on at for from with by to into onto about against over under than during amid amidst "
    "since until after before through across between among without within toward towards upon "
    "via per despite like near behind beyond around following including regarding concerning "
    "late earlier".split()
)
CONJUNCTIONS = frozenset(
    "and but or nor so yet because although though while whereas if unless when whenever where "
    "as that which who whom whose what whether then once".split()
)
BE = frozenset("is are was were be been being am".split())
OBJECT_PRONOUNS = frozenset("me us him her them you".split())
PAST_FORMS = frozenset("said told wrote spoke".split())
# verbs that things do as well as speakers ("the visit confirmed", "the data suggest"): a report
# only with a speaker-like subject (a name, a speaker noun, a pronoun)
THING_VERBS = frozenset(
    "confirm confirms confirmed suggest suggests suggested describe describes described "
    "demand demands demanded show showed shows showing found finds indicated indicates revealed "
    "reveals expected expects offered ordered ruled estimated suggesting".split()
) | frozenset(  # stances: a verbal act only when a speaker does it ("the regime slammed")
    f
    for lemma in "blame defend endorse oppose praise slam attack blast mock condemn tout decry".split()
    for f in (REPORTING_VERBS.get(lemma) or ATTITUDE_VERBS[lemma])
)

# adverbs that stand between a subject and its verb ("The budget office now says", "he
# again warned", "officials often describe"), walked over like auxiliaries
VERB_ADVERBS = frozenset(
    "now still again then later often once first previously recently already even just only "
    "earlier long never always since soon seldom".split()
)
# words in -ly that are nouns or adjectives, not adverbs: inside a noun phrase they do not end
# it ("the victim's family said", "a yearly poll", "the assembly said"), and they are not
# walked over as adverbs between a subject and its verb (written for this project)
LY_NOT_ADVERBS = frozenset(
    "family assembly supply reply rally tally monopoly anomaly bully homily melancholy jelly "
    "belly folly gully lily daily weekly biweekly monthly bimonthly quarterly yearly hourly "
    "nightly early elderly friendly unfriendly deadly costly likely unlikely lonely lovely "
    "orderly disorderly ugly holy unholy scholarly timely untimely lowly burly silly jolly oily "
    "wily chilly sickly stately worldly cowardly neighborly neighbourly motherly fatherly "
    "brotherly sisterly ghastly homely leisurely lively masterly miserly northerly southerly "
    "easterly westerly heavenly earthly portly princely saintly surly kindly godly ungodly "
    "unruly seemly unseemly".split()
)


def ly_adverb(low: str) -> bool:
    """Is the lower-cased word ``low`` an adverb in -ly ("repeatedly", "reportedly"), not a noun
    or adjective (:data:`LY_NOT_ADVERBS`)?"""
    return low.endswith("ly") and low not in LY_NOT_ADVERBS


# "went on to say": the subject is that of "went"
GO = frozenset("go goes went gone going".split())
# "have spent years describing them as ...": the subject is that of "spent"
SPEND = frozenset("spend spends spent spending".split())
DURATIONS = frozenset("years months weeks days decades hours".split())
DURATION_WORDS = frozenset(
    "the past last many several few two three four five six seven eight nine ten".split()
)
AUX = BE | frozenset(
    "has have had having do does did will would shall should can could may might must to "
    "also not never".split()
)
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow "
    "morning afternoon evening night earlier later last recently previously again then now "
    "week weekend month year time p.m. a.m.".split()
)
# nouns that name speakers; used to end a noun phrase read left to right
# people of campaigns and politics, speakers and persons (added from speaker errors on PolNeAR
# train)
_CAMPAIGN_PEOPLE = frozenset(
    "supporter candidate voter aide strategist pollster consultant chairman chairwoman member "
    "delegate superdelegate donor advocate organizer opponent rival host moderator professor "
    "attorney founder executive manager".split()
)
SPEAKER_NOUNS = frozenset(
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
    "refugees nurses teachers farmers poll polls survey surveys study studies analysis data "
    "research figures records memo letter filing panel jury judge judges results review audit "
    "investigation campaign".split()
) | _CAMPAIGN_PEOPLE
# documents and counts speak too ("the editorial says", "according to a lawsuit filed by",
# "statistics show", "according to recent polling"); speaker nouns, but no roles
_DOCUMENT_SPEAKERS = frozenset(
    "editorial article column ad book tweet statistics numbers polling census estimates "
    "projections tally agreement ruling lawsuit complaint indictment affidavit transcript video "
    "footage speech remarks interview platform website".split()
)
SPEAKER_NOUNS = SPEAKER_NOUNS | _DOCUMENT_SPEAKERS


def _plural(noun: str) -> str:
    if noun.endswith("man"):
        return noun[:-3] + "men"  # "chairman" -> "chairmen"
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"  # "ministry" -> "ministries"; "survey" -> "surveys"
    return noun + "s"


# plurals of the above ("governments", "ministries", "embassies") are speaker nouns too
SPEAKER_NOUNS = SPEAKER_NOUNS | frozenset(_plural(w) for w in SPEAKER_NOUNS if not w.endswith("s"))
ORG_NOUNS = frozenset(
    "government ministry office army military force forces police media agency council "
    "parliament committee court embassy mission service authorities authority group groups "
    "organisation organization party administration department state delegation side "
    "presidency leadership institute centre center network".split()
)
PERSON_NOUNS = frozenset(
    "spokesperson spokesman spokeswoman president minister secretary official leader commander "
    "chief head director mayor governor senator lawmaker deputy adviser advisor analyst expert "
    "researcher journalist reporter correspondent activist resident witness soldier ombudsman "
    "negotiator diplomat premier chancellor envoy ambassador prosecutor general".split()
) | _CAMPAIGN_PEOPLE
# role nouns kept before a name ("spokesperson Dmitry Peskov"); other lower-case words before a
# name are dropped ("a triumphant Aliyev" -> "Aliyev")
ROLE_NOUNS = SPEAKER_NOUNS - frozenset(
    "statement report sources source people decree document announcement communique bulletin "
    "poll polls survey surveys study studies analysis data research figures records memo letter "
    "filing results review audit investigation".split()
) - _DOCUMENT_SPEAKERS
# "have begun to say", "refused to comment": a word before "to" that is none of these is a verb
# of the subject, not the subject
CATENATIVE_STOP = SPEAKER_NOUNS | PRONOUNS
# documents that speak for whoever issued them: "According to the statement" after "..., the
# Presidential Administration said" stands for the administration
DOCUMENT_NOUNS = frozenset("statement announcement communique".split())
# Nouns that, alone, stand for a fuller mention earlier in the text ("the ministry said" after
# "Armenia's foreign ministry"): the bare-head coreference of docs/voice.md.
BARE_HEADS = (ORG_NOUNS | PERSON_NOUNS | frozenset({"officials", "spokespeople"})) - frozenset(
    {"media", "police", "state", "side", "general"}
)
# personal titles written before names ("Mr. Karimli", "Dr. Aram Zakaryan")
PERSONAL_TITLES = frozenset("mr mrs ms miss dr prof".split()) | frozenset(
    "col gen lt maj capt sgt adm brig rev sen gov".split()
)
# capitalised words before a surname that are not given names ("said Karimli", "The Karimli")
# an auxiliary that opens a question before its subject ("Does Rubio think ...?", "Did Clinton
# say ...?"): no part of a name; not "Will" or "May", which open names ("Will Hurd said")
QUESTION_AUX = frozenset("do does did has have had is are was were can could would should".split())

NOT_GIVEN_NAMES = (
    QUESTION_AUX
    | SENTENCE_STARTERS
    | PERSONAL_TITLES
    | ROLE_NOUNS
    | ORG_NOUNS
    | TIME_WORDS
    | PREPOSITIONS
    | CONJUNCTIONS
    | frozenset(VERB_FORMS)
)

COMPLEMENT_PARTICLES = frozenset({"that", "of", "about", ":", ",", "against"})
# Does the complementizer "that" belong to the reported span ("said [that the plan failed]")?
# Yes: it is the first word of the reported clause, and PolNeAR's guidelines put it in the
# content ("“That” is not a preposition!"). No lexicon term is ever "that", so hits do not change.
THAT_IN_CONTENT = True
CLAUSE_BREAK_WORDS = frozenset("but while whereas although though yet".split())
SCOPE_BREAK_WORDS = frozenset(
    "but although though while whereas because yet however which who whom whose whereby".split()
)
# "--" is the ASCII dash of wire copy, a token of its own
SCOPE_BREAK_PUNCT = frozenset(",;:()[]–—!?") | {"--"}
SCOPE_WINDOW = 8  # word tokens between a negator or hedge and the term
RIGHT_HEDGE_WINDOW = 3


# every word that can start a negation rule ("n't" is looked for in the text)
NEGATION_TRIGGERS = NEGATORS | frozenset(first for first, _ in NEGATION_FIXED)
# every word that can start one of the rules of is_hedged's loop (a quick filter)
HEDGE_TRIGGERS = (
    HEDGE_CLAUSE
    | HEDGE_MODIFIERS
    | HEDGE_ADJECTIVES
    | HEDGE_NOUNS_OF
    | HEDGE_NOUNS_THAT
    | FEAR_VERBS
    | SEEM
    | frozenset({"called", "suspected", "what"})
)
# every word without which no hedge rule can fire in a sentence
HEDGE_ANY = HEDGE_TRIGGERS | HEDGE_RIGHT | WHAT_VERBS


# words that open no noun phrase naming a speaker: adverbs and connectives that a phrase read
# off the text can start with ("Even", "already", "However"), auxiliaries, time words
NOT_SPEAKER_WORDS = (
    frozenset(
        "however even already often first still always also just only more long never later soon "
        "once again ever yet instead meanwhile indeed perhaps maybe thus therefore moreover "
        "furthermore nonetheless nevertheless finally eventually initially ultimately n t s d ll "
        "ve re m began begun".split()
    )
    | AUX
    | TIME_WORDS
)

# Labels that open a paragraph with a colon but name no speaker ("UPDATE:", "Editor's Note:",
# "Q:" names nobody either but is a turn): headings, places (US states as section heads of
# election copy), interjections
NOT_TURNS = frozenset(
    "update updated note photo photos video watch related source sources via correction "
    "clarification disclosure warning tags follow breaking exclusive analysis opinion column "
    "q&a listen subscribe advertisement ad caption credit image images file background context "
    "quote alabama alaska arizona arkansas california colorado connecticut delaware florida "
    "georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland "
    "massachusetts michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma "
    "oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming boom "
    "look wow so revealed contributing bombshell latest editor's editors' read more fact check "
    "bottom line the why it matters what's next getty q a".split()
) | frozenset(
    {
        "editor's note", "editors' note", "read more", "fact check", "bottom line",
        "the bottom line", "why it matters", "what's next", "getty images", "new hampshire",
        "new jersey", "new mexico", "new york", "north carolina", "south carolina",
        "north dakota", "south dakota", "rhode island", "west virginia", "the latest", "just in",
        "just leaked", "paid notice",
    }
)  # fmt: skip
NOT_TURN_WORDS = TIME_WORDS | frozenset(
    "january february march april june july august september october november december jan feb "
    "mar apr jun jul aug sep sept oct nov dec update note photo video p.m a.m".split()
)
