"""Reporting constructions (analysis.voice.cues) added from PolNeAR train's error classes: texts
written for these tests (fictional people), expected spans worked out from docs/voice.md."""

from __future__ import annotations

import pytest

from analysis.voice.annotator import VoiceAnnotator

RULES = VoiceAnnotator(model=None)


def reported(text: str) -> list[tuple[str | None, str]]:
    return [(r["speaker"], r["text"]) for r in RULES.attributions(text) if r["kind"] == "reported"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an insertion between paired dashes, like one between commas
        ("Local officials — including the mayor and two councillors — said the loss was "
         "painful.", [("Local officials", "the loss was painful.")]),
        # a restrictive relative clause: "who say" without a comma
        ("Harbour leaders who say the law targets farmers marched on Friday.",
         [("Harbour leaders", "the law targets farmers marched on Friday.")]),
        # a time adverbial between the subject and the verb
        ("Club spokesman Sean Moor on Friday morning said the league had no budget gap.",
         [("Sean Moor", "the league had no budget gap.")]),
        ("The governor last week said the bridge would reopen.",
         [("governor", "the bridge would reopen.")]),
        # a headline in title case: "Says" is the verb there, not a name
        ("Vale Says Estmark Hacked The Harbour Council", [("Vale", "Estmark Hacked The Harbour "
                                                                    "Council")]),
        # the progressive "is telling" is no passive: the subject speaks
        ("Holm is telling the crews that the ferry tax is unfair.",
         [("Holm", "that the ferry tax is unfair.")]),
        ("Lind was saying that the plan would fail.", [("Lind", "that the plan would fail.")]),
        # the passive still has no speaker
        ("It was reported that the siege had ended.", [(None, "that the siege had ended.")]),
        # findings: a dated report or poll, and "a survey of X", speak
        ("The audit released Monday showed that the harbour fund was empty.",
         [("audit", "that the harbour fund was empty.")]),
        ("A survey of ferry captains found that most back Lind.",
         [("survey of ferry captains", "that most back Lind.")]),
        ("A poll from Orla College released Friday found Lind ahead of Holm.",
         [("poll from Orla College", "Lind ahead of Holm.")]),
        # an aside in parentheses between the subject and the verb
        ("Brik (a former harbour master) said the pier was unsafe.",
         [("Brik", "the pier was unsafe.")]),
        # a form that is usually a noun is a verb after "may have"
        ("Holm may have thought the storm had passed.", [("Holm", "the storm had passed.")]),
        # "to" + verb after an intention verb is its complement, not an adverbial of a postposed
        # "X has sought"
        ("Still, Holm has sought to calm the crews in the north.",
         [("Holm", "to calm the crews in the north.")]),
        # a short introductory phrase before a mid-sentence attribution: the clause after it is
        # reported too
        ("After all, Ms. Brik said, the ferry will run on time.",
         [("Ms. Brik", "After all"), ("Ms. Brik", "the ferry will run on time.")]),
        # a gerund of saying after "by", "while", "after", "before": the clause's subject says
        ("Holm angered the crews by saying that the quota was fair.",
         [("Holm", "that the quota was fair.")]),
        ("After saying that the pier was safe, Lind left the quay.",
         [("Lind", "that the pier was safe")]),
        # a percentage is a noun phrase, and a speaker
        ("In the harbour towns, 38% say the fares are too high.", [("38%", "the fares are too high.")]),
        ("A harbour memo filed Monday says that the pier will close.",
         [("harbour memo", "that the pier will close.")]),
        # ... but not a clause, nor an adjunct after a clause
        ("The shelling was indiscriminate, officials said, days after the siege ended.",
         [("officials", "The shelling was indiscriminate")]),
    ],
)  # fmt: skip
def test_reporting_constructions(text, expected):
    assert reported(text) == expected


def test_a_capitalised_verb_form_inside_a_sentence_is_a_name():
    assert reported("Spokeswoman Hope Hicks told reporters the rally was full.") == [
        ("Hope Hicks", "the rally was full.")
    ]
