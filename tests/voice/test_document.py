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
        "''I have backed Rina from the start,'' said Senator Ann Holm, Republican of Ostland and "
        "one of her few allies in the chamber.\n\n''She listens, and she keeps her word.''"
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
        ("After a long pause, Dorn replied, “If I had to choose today, I would choose Vale.”", "Dorn"),
        # "went on to say"
        ("Tomas Moor went on to say he is “confident that the two men will agree.”", "Tomas Moor"),
        # "According to X:" opens the sentence with a colon
        ("According to Harbour News: “The senator has changed course on wages twice.”",
         "Harbour News"),
        # a colon after "X continued" in a sentence that opens with a participle clause
        ("Turning to the crowd, Mr. Dorn continued: “The worst attack ever came then.”",
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
    text = "The water board now says the shortage will arrive sooner."
    assert rows(text) == [("reported", "water board", "the shortage will arrive sooner.")]


def test_quotes_that_open_their_sentence_take_the_last_speaker_up_to_three_sentences_back():
    text = (
        "“We will rebuild,” the mayor said. “The bridge comes first.” “Then the school.” "
        "“Then the market.”"
    )
    assert quote_speakers(text) == ["mayor"] * 4


def test_a_statement_quote_with_no_reporting_verb_takes_the_clause_subject():
    # four words or more: a statement, the subject's ("set out a plan for" is no reporting
    # verb); a one-word scare quote stays without a speaker
    text = "Ms. Varga set out a plan for “a simpler permit system that favours builders.”"
    assert quote_speakers(text) == ["Ms. Varga"]
    assert quote_speakers("Troops entered the “liberated” town.") == [None]
