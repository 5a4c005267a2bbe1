"""Voice, speaker, negation and hedging of spans (analysis.voice).

Every text below except the seed page was written for these tests (fictional places and people).
Expected values are worked out by hand from the rules in docs/voice.md; the comment on each case
names the rule that decides it.
"""

from __future__ import annotations

import re

import pytest

from analysis.voice.annotator import VoiceAnnotator
from analysis.voice.words import VOICES

ANNOTATOR = VoiceAnnotator()


def annotate(text: str, term: str, nth: int = 0) -> dict:
    """Annotation of the ``nth`` occurrence of ``term`` in ``text``."""
    starts = [m.start() for m in re.finditer(re.escape(term), text)]
    assert len(starts) > nth, f"{term!r} occurs {len(starts)} times"
    s = starts[nth]
    return ANNOTATOR.annotate(text, [(s, s + len(term))])[0]


def check(text, term, voice, speaker, negated=False, hedged=False, nth=0):
    got = annotate(text, term, nth)
    assert (got["voice"], got["speaker"], got["negated"], got["hedged"]) == (
        voice,
        speaker,
        negated,
        hedged,
    ), f"{term!r} in {text!r}: {got}"
    return got


# ---------------------------------------------------------------------------------------------
# The seed page (CNN via a content farm): exactly the voices stated in the issue
# ---------------------------------------------------------------------------------------------


def _seed_body(seed_text: str) -> str:
    start = seed_text.index("Azerbaijan said it had taken back")
    end_marker = "could also take place if necessary."
    end = seed_text.index(end_marker) + len(end_marker)
    return seed_text[start:end]


def test_seed_page_voices(seed_text):
    body = _seed_body(seed_text)
    terms = ["iron fist", "ethnic cleansing", "genocide", "crushing victory", "blockade"]
    spans, labels = [], []
    for term in terms:
        for m in re.finditer(term, body, flags=re.IGNORECASE):
            spans.append((m.start(), m.end()))
            labels.append(term)
    got = [
        (label, a["voice"], a["speaker"], a["negated"], a["hedged"])
        for label, a in zip(labels, VoiceAnnotator().annotate(body, spans), strict=True)
    ]
    assert got == [
        # "...Baku had restored its sovereignty “with an iron fist.”": inside curly quotes,
        # governed by "Azerbaijani President Ilham Aliyev said" earlier in the sentence; the
        # role before the name is dropped (one person, one speaker string)
        ("iron fist", "quoted", "Ilham Aliyev", False, False),
        # "“Let those ... the iron fist is in place. ...!” said a triumphant Aliyev": inverted
        # attribution after the closing mark; "a triumphant" dropped before the name, and the
        # surname takes the full name the article introduced earlier ("President Ilham Aliyev
        # said")
        ("iron fist", "quoted", "Ilham Aliyev", False, False),
        # "Armenia’s government has repeatedly warned of the risk of ethnic cleansing":
        # complement of "warned"; hedged by "risk of"
        ("ethnic cleansing", "reported", "Armenia’s government", False, True),
        # "prompting Western officials to warn that genocide was being committed"
        ("genocide", "reported", "Western officials", False, False),
        # "Azerbaijan won a crushing victory in 44 days": the outlet's own words
        ("crushing victory", "authorial", None, False, False),
        # "complicated by the ongoing blockade of Nagorno-Karabakh": the outlet's own words
        ("blockade", "authorial", None, False, False),
    ]


def test_seed_separatists_only_in_the_headline(seed_text):
    body = _seed_body(seed_text)
    assert "separatist" not in body.lower()
    headline = (
        "Azerbaijan says it has retaken breakaway Armenian enclave after separatists surrender"
    )
    assert headline in seed_text
    # the headline, as text of its own: the report of "Azerbaijan says" covers it
    check(headline, "separatists", "reported", "Azerbaijan")


def test_seed_sentences_of_hits(seed_text):
    body = _seed_body(seed_text)
    s = body.index("crushing victory")
    a = VoiceAnnotator().annotate(body, [(s, s + len("crushing victory"))])[0]
    assert body[a["sentence_start"] : a["sentence_end"]] == (
        "During that conflict, Azerbaijan won a crushing victory in 44 days, reclaiming about a "
        "third of Nagorno-Karabakh before Russia, historically the dominant power in the region, "
        "brokered a ceasefire which saw both sides lay down their weapons."
    )


# ---------------------------------------------------------------------------------------------
# Quotation marks
# ---------------------------------------------------------------------------------------------

QUOTE_CASES = [
    # straight double quotes around a phrase inside a report
    ('Vale said "the iron fist" would fall.', "iron fist", "quoted", "Vale"),
    # curly double quotes, attribution after the closing mark
    ("“The iron fist will fall,” Vale said.", "iron fist", "quoted", "Vale"),
    # French guillemets (with the usual inner spaces)
    ("Lind called it « a genocide » on Tuesday.", "genocide", "quoted", "Lind"),
    # German style »...«: the direction comes from the spaces around the marks
    ("The paper printed »iron fist« in its headline.", "iron fist", "quoted", None),
    # single curly quotes nested in double quotes: the outer quote's speaker
    ("“He told us ‘the iron fist is coming’ and left,” Lind said.", "iron fist", "quoted", "Lind"),
    # straight single quotes nested in straight double quotes
    (
        "\"He told us 'the iron fist is coming' and left,\" Lind said.",
        "iron fist",
        "quoted",
        "Lind",
    ),
    # British style: single quotes as the outer quotation marks
    ("The mayor called it ‘ethnic cleansing’ on Tuesday.", "ethnic cleansing", "quoted", "mayor"),
    # a scare quote around one word, no speaker named
    ("Troops entered the “liberated” town at dawn.", "liberated", "quoted", None),
    # X said: “...”
    ("Vale said: “The iron fist will fall.”", "iron fist", "quoted", "Vale"),
]


@pytest.mark.parametrize("text, term, voice, speaker", QUOTE_CASES)
def test_quote_styles(text, term, voice, speaker):
    check(text, term, voice, speaker)


def test_words_after_a_closed_quote_are_not_quoted():
    text = "The mayor called it ‘ethnic cleansing’ and the council agreed."
    check(text, "council", "reported", "mayor")  # complement of "called", outside the quote
    check("Troops entered the “liberated” town at dawn.", "town", "authorial", None)


@pytest.mark.parametrize(
    "text",
    [
        "Estmark’s army, which didn’t stop in the ’90s, shelled the students’ siege camp.",
        "Norland's army, which didn't stop in the '90s, shelled the students' siege camp.",
    ],
)
def test_apostrophes_are_not_quote_marks(text):
    # possessive ’s, n’t, the ’90s and a plural possessive students’: none opens or closes a quote
    check(text, "siege", "authorial", None)


def test_apostrophe_inside_a_single_quoted_phrase():
    text = "‘Estmark’s iron fist’ was the phrase on every poster."
    check(text, "iron fist", "quoted", None)
    check(text, "poster", "authorial", None)


def test_multi_paragraph_quote():
    # news convention: opening mark at each paragraph start, closing mark only at the end
    text = (
        "“The siege will end,” Lind said. “The blockade is over.\n\n"
        "“There will be no massacre,” she added.\n\n"
        "The curfew stayed."
    )
    check(text, "siege", "quoted", "Lind")  # “The siege will end,” Lind said.
    # runs over the paragraph break (the next paragraph opens with “); "she added" resolves to
    # the nearest named speaker before it, Lind
    check(text, "blockade", "quoted", "Lind")
    check(text, "massacre", "quoted", "Lind", negated=True)  # "no massacre"
    check(text, "curfew", "authorial", None)  # after the closing mark


def test_unbalanced_quote_ends_at_its_paragraph():
    # recovery rule: an unclosed double quote ends with its paragraph unless the next paragraph
    # opens with a quote mark
    text = "He described it as “a massacre and left.\n\nThe blockade continued."
    check(text, "massacre", "quoted", None)
    check(text, "blockade", "authorial", None)


def test_unclosed_quote_before_a_new_quote_ends_there():
    # same-family quotes do not nest: a new opening mark ends the unclosed one
    text = "He said “genocide. Later she said “iron fist” again."
    check(text, "genocide", "quoted", None)
    check(text, "iron fist", "quoted", None)
    check(text, "again", "authorial", None)


def test_stray_marks_do_not_open_quotes():
    # an inch mark after a number can only close; with nothing open it is ignored
    check('A 12" barrage hit the blockade lines.', "blockade", "authorial", None)
    # an unclosed single quote is taken for an apostrophe, not a quote to the paragraph end
    check("The ‘rebels held the siege lines for weeks.", "siege", "authorial", None)


def test_quote_standing_alone_takes_the_previous_or_next_speaker():
    check(
        "Lind said the talks had failed. “They chose a massacre over peace.”",
        "massacre",
        "quoted",
        "Lind",
    )
    check(
        "“We were betrayed by a blockade.” Lind said the talks had failed.",
        "blockade",
        "quoted",
        "Lind",
    )


# ---------------------------------------------------------------------------------------------
# Reported speech and speakers
# ---------------------------------------------------------------------------------------------

REPORTED_CASES = [
    # preposed "X said ..."; speaker keeps the possessive noun phrase
    (
        "Estmark’s foreign minister said the offensive amounted to ethnic cleansing.",
        "ethnic cleansing",
        "Estmark’s foreign minister",
    ),
    ("Aid groups warned of a looming genocide.", "genocide", "Aid groups"),
    ("Estmark accused the rebels of provocation.", "provocation", "Estmark"),
    ("The ministry claimed the village had been shelled in a massacre.", "massacre", "ministry"),
    # a role or title right before a name is dropped: the speaker is the person
    ("President Aron Vale called the rebels a terrorist gang.", "terrorist gang", "Aron Vale"),
    (
        "Mayor Petra Lind described the siege as collective punishment.",
        "collective punishment",
        "Petra Lind",
    ),
    ("The general insisted the shelling was lawful.", "shelling", "general"),
    ("Rebels alleged that troops had looted the town.", "looted", "Rebels"),
    ("The envoy argued the blockade was illegal.", "blockade", "envoy"),
    ("Vale told reporters that the blockade was lawful.", "blockade", "Vale"),
    ("Officials urged residents to flee the shelling.", "shelling", "Officials"),
    ("The league announced that the siege had been lifted.", "siege", "league"),
    ("The council stated that the shelling had stopped.", "shelling", "council"),
    ("Lind added that the blockade had starved the city.", "blockade", "Lind"),
    ("The observers noted that the ceasefire was holding.", "ceasefire", "observers"),
    ("State television reported that rebels had surrendered.", "rebels", "State television"),
    # present tense
    ("Vale says the rebels are terrorists.", "terrorists", "Vale"),
    # "according to X": preposed, postposed, parenthetical
    ("According to the Red Cross, the siege has starved thousands.", "siege", "Red Cross"),
    ("The siege starved thousands, according to aid workers.", "siege", "aid workers"),
    ("The siege, according to aid workers, starved thousands.", "siege", "aid workers"),
    # postposed attribution
    ("The shelling was indiscriminate, officials said.", "shelling", "officials"),
    ("The enclave faces genocide, the ombudsman said on Tuesday.", "genocide", "ombudsman"),
    ("The shelling was a massacre, said Petra Lind, the mayor.", "massacre", "Petra Lind"),
    ("The offensive, officials said, was a crushing victory.", "crushing victory", "officials"),
    # a coordinated verb takes the sentence's subject; a participle clause too
    ("Lind condemned the attack and said it was a massacre.", "massacre", "Lind"),
    ("The army shelled the town, saying it was rooting out terrorists.", "terrorists", "army"),
    # speaker noun phrases: descriptive words before a name go, and so does a role
    ("A triumphant Vale said the iron fist had prevailed.", "iron fist", "Vale"),
    ("Ministry spokesperson Ina Berg said the blockade was over.", "blockade", "Ina Berg"),
    (
        "At 1 p.m. local time Gen. Ivo Smith said the blockade would end.",
        "blockade",
        "Gen. Ivo Smith",
    ),
    # a pronoun takes the nearest named speaker before it
    (
        "The Estmark ministry announced a ceasefire on Monday. It said the blockade would end.",
        "blockade",
        "Estmark ministry",
    ),
    # ... or the previous sentence's subject when that names a possible speaker
    (
        "The Estmark ministry rejected the accusations. It said the siege had ended.",
        "siege",
        "Estmark ministry",
    ),
    # --- speaker resolution (the measured quality pass, tests/evaluation/test_voice_gold.py) ---
    # a bare head takes the last fuller mention with the same head noun
    (
        "Norland’s foreign ministry condemned the shelling on Monday. "
        "The ministry said the blockade was illegal.",
        "blockade",
        "Norland’s foreign ministry",
    ),
    (
        "Estmark officials met on Monday. Officials said the siege was over.",
        "siege",
        "Estmark officials",
    ),
    (
        "The Government of Norland reported 200 dead. "
        "The Government said the blockade would be lifted.",
        "blockade",
        "Government of Norland",
    ),
    # ... the ministry itself, not the colonel it belongs to
    (
        "“We are done,” said Col. Ivo Smith of the Ministry of Defense. "
        "The ministry reported that the separatists had surrendered.",
        "separatists",
        "Ministry of Defense",
    ),
    # an indefinite "a resident" is somebody new, never resolved
    (
        "Residents of Orla fled the town. A resident said the shelling was a massacre.",
        "massacre",
        "resident",
    ),
    # a statement stands for whoever issued it; a bare role for the person introduced with it
    (
        "Residents may leave freely, the Presidential Administration said on Monday. "
        "According to the statement, the voluntary departure is a personal decision.",
        "voluntary departure",
        "Presidential Administration",
    ),
    (
        "Foreign Ministry spokesperson Nigar Aslan rejected the accusations. "
        "According to the spokesperson, the evacuation was a provocation.",
        "provocation",
        "Nigar Aslan",
    ),
    # "she" goes to the nearest person-like speaker, skipping the army
    (
        "Mayor Petra Lind visited the town. Estmark’s army shelled it on Monday. "
        "She said it was a massacre.",
        "massacre",
        "Petra Lind",
    ),
    # a titled surname takes the full name introduced earlier
    (
        "Aron Vale, a delegate, said talks would continue. Mr. Vale said the blockade was over.",
        "blockade",
        "Aron Vale",
    ),
    # a country after "Soviet" is not a person's name
    (
        "Norland left Soviet Estmark in 1991. Estmark said the siege was over.",
        "siege",
        "Estmark",
    ),
    # a possessive pronoun takes its antecedent
    (
        "Estmark said the talks had failed. Its foreign ministry accused the rebels of a massacre.",
        "massacre",
        "Estmark's foreign ministry",
    ),
    # roles before a name and a person's affiliation after it go; institutions keep theirs
    (
        "Political analyst Dr. Kamal Ertan said the blockade was lawful.",
        "blockade",
        "Dr. Kamal Ertan",
    ),
    ("Tomas Rey of the Red Cross said the blockade had ended.", "blockade", "Tomas Rey"),
    (
        "The Human Rights Defender of Norland said the siege was a crime.",
        "siege",
        "Human Rights Defender of Norland",
    ),
]


@pytest.mark.parametrize("text, term, speaker", REPORTED_CASES)
def test_reported_speech_and_speaker(text, term, speaker):
    check(text, term, "reported", speaker)


def test_reported_without_a_named_speaker():
    check("It was reported that the siege had ended.", "siege", "reported", None)  # passive
    check("He said the siege was genocide.", "genocide", "reported", None)  # no antecedent


def test_what_before_a_reporting_verb_is_no_speaker():
    # "what" is the subject of "promised", not someone who speaks: no report
    check("The town braced for what promised to be a massacre.", "massacre", "authorial", None)


def test_complement_ends_at_but_with_a_new_clause():
    text = "Officials said the convoy had left, but the blockade continues."
    check(text, "convoy", "reported", "Officials")
    check(text, "blockade", "authorial", None)


def test_speaker_noun_phrase_and_aside_are_not_reported():
    text = "Separatist leaders said the town had fallen."
    check(text, "Separatist", "authorial", None)  # the outlet describes the speaker
    check(text, "fallen", "reported", "Separatist leaders")
    text = "Vale said the offensive – launched after a blockade of nine months – was defensive."
    check(text, "blockade", "authorial", None)  # aside between paired dashes
    check(text, "defensive", "reported", "Vale")


def test_nouns_that_look_like_reporting_verbs():
    # "fears" after "there are" is a noun: the outlet's framing, not a report
    check(
        "There are fears that the siege will turn into a massacre.", "massacre", "authorial", None
    )
    # "claims" after "rejected" is a noun too; "rejected" itself reports what the ministry
    # said about the claims (as "denied" does), so the term is reported, negated and hedged
    check(
        "The ministry rejected claims of genocide.",
        "genocide",
        "reported",
        "ministry",
        negated=True,
        hedged=True,
    )


def test_inverted_attribution_does_not_report_the_apposition():
    text = "“We lived through a massacre,” said a weary Mira Solen, a teacher who fled the siege."
    check(text, "massacre", "quoted", "Mira Solen")
    check(text, "siege", "authorial", None)


# ---------------------------------------------------------------------------------------------
# Negation and hedging
# ---------------------------------------------------------------------------------------------

NEGATION_CASES = [
    ("There was no sign of a massacre.", "massacre", True),
    ("The shelling did not amount to genocide.", "genocide", True),
    ("It was never a blockade.", "blockade", True),
    ("It wasn’t a massacre.", "massacre", True),
    ("They left without bloodshed.", "bloodshed", True),
    # scope: a negator before ", but" does not reach past it
    ("No one disputed it, but the massacre was real.", "massacre", False),
    # scope: a dash ends the clause, written – or as an ASCII double hyphen
    ("There was no ceasefire – the blockade continued.", "blockade", False),
    ("There was no ceasefire -- the blockade continued.", "blockade", False),
    # scope: more than 8 words between the negator and the term
    (
        "Not one of the dozens of villagers who fled the burning town that night saw the massacre.",
        "massacre",
        False,
    ),
    # intensifiers, not negations
    ("There is no doubt it was a massacre.", "massacre", False),
    ("It was not only a blockade but a siege.", "blockade", False),
    ("The strikes were nothing short of genocide.", "genocide", False),
    # fixed negating phrases
    ("The deal is far from a surrender.", "surrender", True),
    ("Officials ruled out a blockade.", "blockade", True),
]


@pytest.mark.parametrize("text, term, negated", NEGATION_CASES)
def test_negation(text, term, negated):
    assert annotate(text, term)["negated"] is negated


def test_denied_is_reported_and_negated():
    check("The army denied committing atrocities.", "atrocities", "reported", "army", negated=True)


HEDGE_CASES = [
    ("The alleged massacre shocked the region.", "massacre", True),
    ("The so-called separatists held the town.", "separatists", True),
    ("A massacre reportedly took place.", "massacre", True),  # adverb after the term
    ("It was a possible genocide.", "genocide", True),
    ("The shelling could amount to genocide.", "genocide", True),
    ("The offensive may end in a massacre.", "massacre", True),
    ("The offensive might end in a massacre.", "massacre", True),
    ("The apparent massacre left no survivors.", "massacre", True),
    ("Police arrested a suspected terrorist.", "terrorist", True),
    ("The claimed massacre was never verified.", "massacre", True),  # "claimed" as adjective
    ("The purported genocide shocked observers.", "genocide", True),
    ("The siege is likely to become a massacre.", "massacre", True),
    # scope limits: ";" ends the clause; a modifier reaches only the next few words
    ("The alleged smuggler was caught; the blockade continued.", "blockade", False),
    ("The alleged smuggler from the northern hills crossed the blockade.", "blockade", False),
    ("Troops may come back -- the blockade continued.", "blockade", False),  # a dash, as ";"
    # "appears to", "seems to"
    ("It appears to be a massacre.", "massacre", True),
    ("The shelling seemed to amount to genocide.", "genocide", True),
    # "May" the month is no hedge
    ("On May 5 the blockade began.", "blockade", False),
    # "Estmark reported genocide": the verb, not the adjective
    ("Rebels claimed victory.", "victory", False),
]


@pytest.mark.parametrize("text, term, hedged", HEDGE_CASES)
def test_hedging(text, term, hedged):
    assert annotate(text, term)["hedged"] is hedged


def test_what_x_called_is_reported_and_hedged():
    check(
        "Troops held what critics called a genocide.",
        "genocide",
        "reported",
        "critics",
        hedged=True,
    )
    check(
        "Troops entered what Norland calls its ancestral land.",
        "ancestral land",
        "reported",
        "Norland",
        hedged=True,
    )
    # "some" with no group in the sentence before is the speaker as written (PolNeAR's
    # annotators mark the Source "some"); with one, it stands for that group
    check(
        "This is what some describe as ethnic cleansing.",
        "ethnic cleansing",
        "reported",
        "some",
        hedged=True,
    )
    check(
        "Local historians met on Sunday. Some described the expulsion as ethnic cleansing.",
        "ethnic cleansing",
        "reported",
        "Local historians",
    )


# ---------------------------------------------------------------------------------------------
# Interactions
# ---------------------------------------------------------------------------------------------


def test_quote_inside_a_reported_clause_is_quoted():
    check("Vale said the army had used “an iron fist”.", "iron fist", "quoted", "Vale")


def test_negated_term_inside_a_quote():
    check(
        "“There was no genocide,” the minister said.",
        "genocide",
        "quoted",
        "minister",
        negated=True,
    )


def test_hedged_and_reported():
    check(
        "Officials said the alleged massacre was staged.",
        "massacre",
        "reported",
        "Officials",
        hedged=True,
    )


def test_scare_quote_with_so_called_is_quoted_and_hedged():
    text = "The so-called “anti-terrorist measures” began at dawn."
    check(text, "anti-terrorist measures", "quoted", None, hedged=True)
    check(text, "dawn", "authorial", None)  # "so-called" reaches only the phrase after it


def test_abbreviations_do_not_cut_the_sentence_of_a_hit():
    text = "At 1 p.m. local time Gen. Smith said the blockade would end. Troops left."
    a = annotate(text, "blockade")
    assert text[a["sentence_start"] : a["sentence_end"]] == (
        "At 1 p.m. local time Gen. Smith said the blockade would end."
    )
    assert a["voice"] == "reported" and a["speaker"] == "Gen. Smith"


# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------


def test_annotate_returns_one_dict_per_span_in_order():
    text = "Vale said the siege was over. The blockade continued."
    spans = [(text.index("blockade"), text.index("blockade") + 8), (14, 19)]
    out = ANNOTATOR.annotate(text, spans)
    assert [sorted(d) for d in out] == [
        ["hedged", "negated", "sentence_end", "sentence_start", "speaker", "voice"]
    ] * 2
    assert [d["voice"] for d in out] == ["authorial", "reported"]
    assert all(d["voice"] in VOICES for d in out)
    assert ANNOTATOR.annotate(text, []) == []


def test_annotate_rejects_bad_spans_and_text():
    with pytest.raises(ValueError, match=r"span 1 \(5, 500\) does not lie inside the text"):
        ANNOTATOR.annotate("Vale said so.", [(0, 4), (5, 500)])
    with pytest.raises(ValueError, match=r"span 0 \(3, 3\)"):
        ANNOTATOR.annotate("Vale said so.", [(3, 3)])
    with pytest.raises(ValueError, match="span 0 .* is not a \\(start, end\\) pair"):
        ANNOTATOR.annotate("Vale said so.", [("a", "b")])
    with pytest.raises(TypeError, match="as str"):
        ANNOTATOR.annotate(None, [(0, 1)])


def test_fit_returns_self_and_annotations_stay_deterministic():
    texts = ["Vale said the siege was over. The blockade continued."] * 3
    a = VoiceAnnotator()
    assert a.fit(texts) is a
    b = VoiceAnnotator().fit(texts)
    text = texts[0]
    spans = [(14, 19), (34, 42)]
    assert a.annotate(text, spans) == b.annotate(text, spans) == ANNOTATOR.annotate(text, spans)


def test_annotator_uses_a_given_splitter():
    from analysis.text.sentences import SentenceSplitter

    splitter = SentenceSplitter(abbreviations=["Cllr."])
    annotator = VoiceAnnotator(sentence_splitter=splitter)
    assert annotator.sentence_splitter is splitter
    text = "Cllr. Holm said the blockade was over."
    s = text.index("blockade")
    a = annotator.annotate(text, [(s, s + 8)])[0]
    assert (a["sentence_start"], a["sentence_end"]) == (0, len(text))
    assert a["speaker"] == "Cllr. Holm"
