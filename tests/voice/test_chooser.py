"""The speaker chooser (analysis.voice.chooser): candidates, their features, the choice, where
the annotator uses it, and its training examples. Texts written for these tests (fictional
names and places); models made by hand here, their scores worked out in the comments."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.evaluation.speaker_training import speaker_training_rows, speakerless_spans
from analysis.text.sentences import SentenceSplitter
from analysis.voice.annotator import VoiceAnnotator
from analysis.voice.chooser import choose_speaker, speaker_candidates
from analysis.voice.document import Document
from analysis.voice.learned import LinearModel, VoiceModel
from analysis.voice.units import WORD
from analysis.voice.words import PREPOSITIONS
from tests.voice.test_tagged import HandTagger  # the tests' hand-made word tagger

LIND = "In a speech, Lind went further, saying the toll was unfair."


def _doc(text: str) -> Document:
    return Document(text, SentenceSplitter(), None)


def _candidates(doc: Document, start: int, end: int, kind: str, anchor: int | None = None):
    _, sent = doc.sentence_at(start)
    return speaker_candidates(
        sent, start, end, kind, anchor=anchor, inside_quote=doc.inside_quote, resolve=doc.resolve
    )


def _only_cue(doc: Document):
    _, sent = doc.sentence_at(0)
    (cue,) = doc.cues(sent)
    return cue


def test_candidates_are_whole_noun_phrases_before_and_after_the_span():
    doc = _doc(LIND)
    cue = _only_cue(doc)
    # the rules refuse "Lind went further" (a fragment) and name no one
    assert cue.speaker is None and LIND[cue.start : cue.end] == "the toll was unfair."
    found = _candidates(doc, cue.start, cue.end, "reported", cue.anchor)
    # tokens: In a speech , Lind went further , saying the toll was unfair .
    #         0  1  2     3 4    5    6       7 8      9 ...
    # "Lind went further" runs into a verb: cut back to its last noun-like word, "Lind"
    assert [s for s, *_ in found] == ["speech", "Lind"]
    assert found[1][1] == [
        "side=B",  # before the span (token 9)
        "sk=Br",
        "rank=Br1",  # 5 tokens before it; "speech" is 7 before: Lind is nearer
        "dist=B<=8",
        "nxt=o",  # "went" is no reporting verb, nor is "further"
        "nxt=o|B",
        "prv=comma",
        "prv=comma|B",
        "nxt=o|reported",
        "prv=comma|reported",
        "shape=C<=1",  # capitalised, one token, no person / organisation / speaker noun
        "shape=C<=1|B",
        "ref=none",
        "ref=none|B",
        "initial=0|B",
        "n=2",
        "resolved=0",
        "nxt=o|rank=1|B",
        "spanw=reported<=6",  # the toll was unfair: 4 words
        "whole=reported0",
        "passive=0",  # "saying" follows a comma, not a form of "be"
    ]
    assert "prv=prep" in found[0][1]  # "a speech" follows "In"


def test_words_in_quotation_marks_and_in_the_span_are_never_candidates():
    text = "At the quay, Harbourmaster Ana Brik: “Mayor Vale keeps the bridge open to every ferry.”"
    doc = _doc(text)
    q = doc.quotes[0]
    assert [s for s, *_ in _candidates(doc, q.start, q.end, "quoted")] == [
        "quay",
        "Harbourmaster Ana Brik",
    ]


def test_a_passive_reporting_verb_and_its_subject_are_marked():
    text = "Port officials were told, on the radio, that the pier would close."
    doc = _doc(text)
    cue = _only_cue(doc)
    found = {s: f for s, f, _ in _candidates(doc, cue.start, cue.end, "reported", cue.anchor)}
    assert set(found) == {"Port officials", "radio"}
    assert "nxt=passive" in found["Port officials"]  # "were told": who hears, not who speaks
    assert "prv=prep" in found["radio"]  # "on the radio"
    assert all("passive=1" in f for f in found.values())


def test_the_best_candidate_is_chosen_when_likely_enough():
    found = _candidates(*(lambda d, c: (d, c.start, c.end, "reported", c.anchor))(
        _doc(LIND), _only_cue(_doc(LIND))))
    model = LinearModel({"rank=Br1": 2.0}, bias=-1.0, threshold=0.5)
    # Lind: z = -1 + 2 = 1, p = 0.73; speech: z = -1, p = 0.27
    assert model.probability(found[1][1]) == pytest.approx(1 / (1 + math.exp(-1.0)))
    assert choose_speaker(found, model) == "Lind"
    assert choose_speaker(found, LinearModel({"rank=Br1": 2.0}, -1.0, 0.8)) is None  # 0.73 < 0.8
    # equal scores: the first candidate
    assert choose_speaker(found, LinearModel({}, bias=0.0, threshold=0.5)) == "speech"
    assert choose_speaker([], model) is None


def _chooser(weights: dict[str, float], bias: float) -> VoiceModel:
    return VoiceModel(frozenset(), None, None, {}, LinearModel(weights, bias, 0.5))


def test_the_annotator_asks_the_chooser_only_where_the_rules_name_no_one():
    picks_nearest = _chooser({"rank=Br1": 2.0, "rank=Bq1": 2.0}, -1.0)
    rows = VoiceAnnotator(model=picks_nearest).attributions(LIND)
    assert [(r["kind"], r["speaker"]) for r in rows] == [("reported", "Lind")]
    assert VoiceAnnotator(model=None).attributions(LIND)[0]["speaker"] is None
    # a hit in the span gets the same speaker as its attribution
    s = LIND.index("toll")
    note = VoiceAnnotator(model=picks_nearest).annotate(LIND, [(s, s + 4)])[0]
    assert (note["voice"], note["speaker"]) == ("reported", "Lind")
    # a speaker the rules find stays, whatever the chooser would prefer
    text = "In a speech, Lind said the toll was unfair."
    prefers_speech = _chooser({"rank=Br2": 5.0}, 0.0)
    assert VoiceAnnotator(model=prefers_speech).attributions(text)[0]["speaker"] == "Lind"
    # a scare quote (fewer than four words) keeps no speaker, even with a chooser that says yes
    # to everything
    text = "Troops entered the “liberated” town at dawn."
    rows = VoiceAnnotator(model=_chooser({}, 5.0)).attributions(text)
    assert [(r["kind"], r["speaker"]) for r in rows] == [("quoted", None)]


def test_the_shipped_chooser_gives_no_speaker_to_a_passive_report():
    text = "Port officials were told, on the radio, that the pier would close."
    assert VoiceAnnotator().attributions(text)[0]["speaker"] is None


def test_training_examples_label_each_candidate_by_the_coders_source():
    text = (
        "In a speech, Lind went further, saying the toll was unfair. "
        "Port officials were told, on the radio, that the pier would close. "
        "Harbour officials were warned, on the radio, that the fee would rise."
    )
    doc = _doc(text)
    spans = speakerless_spans(doc)
    assert [(text[s:e], k) for s, e, k, _ in spans] == [
        ("the toll was unfair.", "reported"),
        ("that the pier would close.", "reported"),
        ("that the fee would rise.", "reported"),
    ]

    def row(rel, kind, part):
        s = text.index(part)
        return {"doc_id": "d1", "rel": rel, "kind": kind, "start": s, "end": s + len(part),
                "text": part}

    gold = pd.DataFrame([
        row("E1", "Content", "the toll was unfair"),
        row("E1", "Source", "Lind"),
        # a Source that is only a pronoun: who it is is not marked, so no example
        row("E2", "Content", "the pier would close"),
        {**row("E2", "Source", "on"), "text": "they"},  # offsets do not matter here
        # the third report is no attribution for the coders: every candidate is a negative
    ])
    rows, labels, groups = speaker_training_rows([("d1", doc)], gold)
    assert groups == ["d1"] * 4
    # speech, Lind; then Harbour officials, radio
    assert labels == [False, True, False, False]
    assert "rank=Br1" in rows[1] and "nxt=passive" in rows[2] and "prv=prep" in rows[3]


def test_a_tagged_run_with_no_other_speaker_asks_the_chooser():
    text = "On the quay, among the ferry crews, the end of the toll by spring."
    # words: On the quay among the ferry crews the end of the toll by spring (0..13)
    run = range(7, 14)  # "the end of the toll by spring": no reporting verb, no subject
    alone = VoiceAnnotator(model=None, tagger=HandTagger(run)).attributions(text)
    assert [(r["text"], r["speaker"]) for r in alone] == [("the end of the toll by spring", None)]
    chooser = _chooser({"rank=Br1": 2.0}, -1.0)  # the nearest phrase before: p = 0.73
    rows = VoiceAnnotator(model=chooser, tagger=HandTagger(run)).attributions(text)
    assert [(r["text"], r["speaker"]) for r in rows] == [
        ("the end of the toll by spring", "ferry crews")
    ]


def test_the_chooser_is_stored_with_the_voice_model_and_older_files_load_without_it():
    model = _chooser({"rank=Br1": 2.0}, -1.0)
    data = model.to_json()
    assert data["speakers"] == {"bias": -1.0, "threshold": 0.5, "weights": {"rank=Br1": 2.0}}
    assert VoiceModel.from_json(data) == model
    del data["speakers"]  # a model file written before the chooser existed
    assert VoiceModel.from_json(data).speakers is None


# newsy pieces: names, speaker nouns, reporting verbs, prepositions, quotes, punctuation
PIECES = st.sampled_from(
    ["Lind", "Mayor Vale", "the ministry", "officials", "port", "he", "they", "said", "told",
     "were", "warned", "of", "on", "by", "according to", "that", "the toll", "was", "unfair",
     ",", ".", ":", "“", "”", '"', "(", ")", "U.N.", "\n\n", "again", "Both"]
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, min_size=1, max_size=60).map(" ".join))
def test_a_chosen_speaker_is_words_of_the_text_and_never_opens_with_a_preposition(text):
    # a chooser that says yes to every candidate: whatever it names must come from the text
    rows = VoiceAnnotator(model=_chooser({}, 5.0)).attributions(text)
    words = set(WORD.findall(text.lower()))
    for r in rows:
        if r["speaker"] is not None:
            got = WORD.findall(r["speaker"].lower())
            assert got and set(got) <= words, (text, r)
            assert got[0] not in PREPOSITIONS and got[0] != "of", (text, r)
