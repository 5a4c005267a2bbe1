"""Speakers of quotes and reports (analysis.voice.document, cues, phrases): the rules added from
the error classes of PolNeAR's train split (docs/voice.md, "Measured on real news"). Every text
was written for these tests (fictional people); expected values worked out from the rules."""

from __future__ import annotations

import pytest

from analysis.voice.annotator import VoiceAnnotator

RULES = VoiceAnnotator(model=None)


def rows(text: str) -> list[tuple[str, str | None, str]]:
    return [(r["kind"], r["speaker"], r["text"]) for r in RULES.attributions(text)]


def quote_speakers(text: str) -> list[str | None]:
    return [spk for kind, spk, _ in rows(text) if kind == "quoted"]


def test_a_quote_in_two_apostrophes_after_an_attribution_continues_it():
    # the New York Times writes a double quote as two apostrophes; the second quote opens its
    # paragraph and takes the speaker of the sentence before
    text = (
        "''I'm a big fan of Paul,'' said Senator Ann Holm, Republican of Ostland and one of "
        "the few supporters in the chamber.\n\n''He's a good person, and he's smart.''"
    )
    assert quote_speakers(text) == ["Ann Holm", "Ann Holm"]


def test_a_quote_inside_the_tail_of_an_attribution_after_a_comma():
    text = (
        '"The risk," said Edvard Lemm, an economist who directs the forecast, "is that we '
        'attract the wrong workers."'
    )
    assert quote_speakers(text) == ["Edvard Lemm", "Edvard Lemm"]
    # a scare quote in the tail is no continuation of Estmark's quote: it stands in what the
    # rebels agreed to ("agreed to negotiate ...", an intention PolNeAR counts; docs/voice.md
    # section 3), so it is theirs
    text = (
        "After strikes that Estmark insists on calling “counter-terror measures”, the rebels "
        "agreed to negotiate their “reintegration”."
    )
    assert quote_speakers(text) == ["Estmark", "rebels"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # "replied," before a quote introduces it: not a postposed attribution of what precedes
        ("After a long pause, Dorn replied, “If I had to bet now, I would bet on Vale.”", "Dorn"),
        # "went on to say"
        ("Pence Moor went on to say he is “confident that the two men will agree.”", "Pence Moor"),
        # "According to X:" opens the sentence with a colon
        ("According to Harbour News: “The senator has had a mixed record on taxes.”",
         "Harbour News"),
        # a colon after "X continued" in a sentence that opens with a participle clause
        ("Growing sharper as he spoke, Mr. Dorn continued: “The worst attack ever came then.”",
         "Mr. Dorn"),
        # a sentence that ends with its reporting verb, then the quote
        ("Ostland University's Lena Brik agreed. “Mainstream voters are running out of time.”",
         "Ostland University's Lena Brik"),
    ],
)
def test_quote_introductions(text, speaker):
    assert quote_speakers(text) == [speaker]


def test_middle_initials_stay_in_the_name():
    text = "“Some courses are adapting,” said Paul H. Chipmunk, a lawyer in Orla."
    assert quote_speakers(text) == ["Paul H. Chipmunk"]


def test_an_adverb_between_subject_and_verb():
    text = "The budget office now says the reckoning will arrive sooner."
    assert rows(text) == [("reported", "budget office", "the reckoning will arrive sooner.")]


def test_quotes_that_open_their_sentence_take_the_last_speaker_up_to_three_sentences_back():
    text = (
        "“We will rebuild,” the mayor said. “The bridge comes first.” “Then the school.” "
        "“Then the market.”"
    )
    assert quote_speakers(text) == ["mayor"] * 4


def test_a_statement_quote_with_no_reporting_verb_takes_the_clause_subject():
    # four words or more: a statement, the subject's ("laid out a vision for" is no reporting
    # verb); a one-word scare quote stays without a speaker
    text = "Mr. Ryan laid out a vision for “a reformed tax code that rewards work.”"
    assert quote_speakers(text) == ["Mr. Ryan"]
    assert quote_speakers("Troops entered the “liberated” town.") == [None]
