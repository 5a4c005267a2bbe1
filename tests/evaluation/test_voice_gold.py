"""Measured quality of voice and speaker attribution (analysis.voice).

Two parts:

* the hand-labelled gold set tests/fixtures/voice/gold_demo.csv (250 hits of the demo corpus,
  labelled by reading, see tests/fixtures/voice/README.md) scored with
  :func:`analysis.voice.evaluate_voice`; the floors sit a little below what the annotator
  reaches (docs/voice.md, "Measured quality"), so a regression fails;
* one short article per error class the evaluation found, written for these tests (fictional
  places and people), with the expected values worked out by hand from docs/voice.md.
"""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis import config
from analysis.evaluation.voice_gold import evaluate_voice
from tests import FIXTURES
from tests.voice.test_annotator import check

GOLD = FIXTURES / "voice" / "gold_demo.csv"


@pytest.fixture(scope="module")
def demo():
    corpus = analysis.load_corpus(config.DEMO_DIR)
    hits = analysis.score(corpus, config.DEFAULT_LEXICON)
    return corpus, hits


@pytest.fixture(scope="module")
def gold():
    return pd.read_csv(GOLD, keep_default_na=False)


# ---------------------------------------------------------------------------------------------
# The gold set
# ---------------------------------------------------------------------------------------------


def test_gold_rows_point_at_their_words(demo, gold):
    corpus, _ = demo
    text_of = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    for row in gold.itertuples():
        assert row.doc_id in text_of, f"gold row {row.Index}: no document {row.doc_id!r}"
        assert text_of[row.doc_id][row.start : row.end] == row.matched, f"gold row {row.Index}"
    assert set(gold["gold_voice"]) == {"authorial", "quoted", "reported"}
    assert set(gold["split"]) == {"dev", "holdout"}
    # speakers only where someone speaks
    assert (gold.loc[gold["gold_voice"] == "authorial", "gold_speaker"] == "").all()
    assert len(gold) == 250 and not gold.duplicated(["doc_id", "start"]).any()


# split -> metric -> floor. Measured (docs/voice.md): dev voice 0.994, speaker exact 0.951,
# compatible 0.951, negated P/R 0.923/1.0, hedged P/R 1.0/1.0; holdout voice 0.986, speaker
# exact 0.933, compatible 0.956, negated P/R 1.0/1.0, hedged P/R 1.0/0.833 (5 of 6).
FLOORS = {
    "dev": {
        "voice_accuracy": 0.97,
        "speaker_exact": 0.92,
        "speaker_compatible": 0.92,
        "negated_precision": 0.85,
        "negated_recall": 0.95,
        "hedged_precision": 0.95,
        "hedged_recall": 0.95,
        "recall[reported]": 0.95,
        "precision[authorial]": 0.95,
    },
    "holdout": {
        "voice_accuracy": 0.95,
        "speaker_exact": 0.88,
        "speaker_compatible": 0.9,
        "negated_precision": 0.95,
        "negated_recall": 0.95,
        "hedged_precision": 0.8,
        "hedged_recall": 0.8,
    },
}


@pytest.mark.parametrize("split", ["dev", "holdout"])
def test_quality_on_the_gold_set(demo, gold, split):
    _, hits = demo
    ev = evaluate_voice(hits, gold[gold["split"] == split])
    for metric, floor in FLOORS[split].items():
        assert ev.metric(metric) >= floor, (split, metric, ev.summary.to_string())
    # quotes are found exactly: a quotation mark is never missed in the demo corpus
    assert ev.metric("precision[quoted]") == 1.0 and ev.metric("recall[quoted]") == 1.0


def test_attributions_name_the_same_speakers_as_the_hits(demo):
    corpus, hits = demo
    table = analysis.attribution_table(corpus)
    spoken = hits[hits["voice"] != "authorial"]
    checked = 0
    for row in spoken.itertuples():
        att = table[
            (table["doc_id"] == row.doc_id)
            & (table["kind"] == row.voice)
            & (table["start"] <= row.start)
            & (table["end"] >= row.end)
        ]
        if att.empty:
            continue  # a reported hit inside an aside or the attribution itself is not listed
        # the narrowest span holding the hit is the one that decided it
        narrowest = att.loc[(att["end"] - att["start"]).idxmin()]
        want = None if pd.isna(row.speaker) else row.speaker
        got = None if pd.isna(narrowest["speaker"]) else narrowest["speaker"]
        assert got == want, (row.doc_id, row.start, row.matched, want, got)
        checked += 1
    assert checked >= 0.9 * len(spoken)


# ---------------------------------------------------------------------------------------------
# evaluate_voice on a table small enough to work out by hand
# ---------------------------------------------------------------------------------------------


def _tables():
    gold = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b"],
            "start": [0, 10, 20, 5],
            "end": [5, 15, 25, 9],
            "gold_voice": ["authorial", "quoted", "reported", "reported"],
            "gold_speaker": ["", "Lusine Avetyan", "Ministry of Foreign Affairs of Armenia", ""],
            "gold_negated": [True, False, False, False],
            "gold_hedged": [False, False, True, False],
        }
    )
    hits = pd.DataFrame(
        {
            "doc_id": ["a", "a", "a", "b", "b"],
            "start": [0, 10, 20, 5, 30],
            "end": [5, 15, 25, 9, 35],
            "voice": ["authorial", "quoted", "reported", "authorial", "quoted"],
            "speaker": [pd.NA, "Ms. Avetyan", "ministry", pd.NA, "X"],
            "negated": [True, True, False, False, False],
            "hedged": [False, False, True, False, False],
        }
    )
    return gold, hits


def test_evaluate_voice_by_hand():
    gold, hits = _tables()
    ev = evaluate_voice(hits, gold, n_boot=200)
    m = ev.metric
    # 3 of 4 voices right (b's reported hit was called authorial); the extra hit at b:30 has no
    # gold row and is not counted
    assert m("voice_accuracy") == pytest.approx(3 / 4)
    assert m("precision[authorial]") == pytest.approx(1 / 2)  # a:0 right, b:5 wrong
    assert m("recall[reported]") == pytest.approx(1 / 2)
    assert m("precision[reported]") == 1.0
    # speakers over the 3 quoted/reported gold rows: "Ms. Avetyan" = "Lusine Avetyan"? no
    # (exact drops the title, not the given name) but compatible (head "avetyan"); "ministry" is
    # the head of "Ministry of Foreign Affairs of Armenia": compatible, not exact; b:5 has no
    # gold speaker and none predicted: exact
    assert m("speaker_exact") == pytest.approx(1 / 3)
    assert m("speaker_compatible") == pytest.approx(3 / 3)
    assert m("speaker_named_exact") == 0.0
    # negated: predicted at a:0 (right) and a:10 (wrong); the one gold negation is found
    assert m("negated_precision") == pytest.approx(1 / 2) and m("negated_recall") == 1.0
    assert m("hedged_precision") == 1.0 and m("hedged_recall") == 1.0
    assert ev.confusion.loc["reported", "authorial"] == 1
    assert ev.confusion.to_numpy().sum() == 4
    row = ev.summary.set_index("metric").loc["voice_accuracy"]
    assert (row["k"], row["n"], row["n_docs"]) == (3, 4, 2)
    assert row["low"] <= row["estimate"] <= row["high"]


def test_evaluate_voice_names_what_is_wrong():
    gold, hits = _tables()
    with pytest.raises(ValueError, match=r"match no hit, first 'a' \[20:25\]"):
        evaluate_voice(hits.drop(index=2), gold)
    with pytest.raises(ValueError, match="gold table is missing column"):
        evaluate_voice(hits, gold.drop(columns="gold_hedged"))
    with pytest.raises(ValueError, match="unknown gold voice"):
        evaluate_voice(hits, gold.assign(gold_voice="spoken"))


# ---------------------------------------------------------------------------------------------
# One short article per error class found by the evaluation
# ---------------------------------------------------------------------------------------------


def test_a_dateline_is_not_a_speaker():
    # "it" in "what it calls" is the sentence's own subject, Estmark, not the dateline city
    text = (
        "VELDT – The fighting in Norland stopped on Wednesday. "
        "Estmark has suspended what it calls a local counter-terror operation."
    )
    check(text, "counter-terror operation", "reported", "Estmark", hedged=True)
    # a dateline standing as its own sentence names nobody either
    check(
        "VELDT, March 3, Norland Bulletin. It said the siege was over.", "siege", "reported", None
    )


def test_the_listener_of_told_is_not_the_speaker():
    text = (
        "“The siege is over,” Ina Berg, a spokeswoman for Norland’s foreign ministry, "
        "told Harbour Radio."
    )
    check(text, "siege", "quoted", "Ina Berg")
    text = "Ina Berg, a spokeswoman for the ministry, told reporters the blockade was lawful."
    check(text, "blockade", "reported", "Ina Berg")
    check("“It was a massacre,” a resident told me last week.", "massacre", "quoted", "resident")


def test_pronouns_never_take_words_inside_a_quote():
    text = (
        "Foreign ministry spokeswoman Ina Berg rejected the accusations. "
        "“The rebels spent months lying to people. Now they are afraid,” she said. "
        "She called the claims of genocide “absurd”."
    )
    check(text, "lying", "quoted", "Ina Berg")
    check(text, "genocide", "reported", "Ina Berg", hedged=True)
    text = (
        "Aron Vale said the talks had failed. “There is no genocide. There is only a war,” he said."
    )
    check(text, "war", "quoted", "Aron Vale")


def test_dismissed_rejected_branded_as_report_the_subject():
    text = "The ministry dismissed the reports of shelling as disinformation."
    # the label after "as" is the ministry's word, not what it denies
    check(text, "disinformation", "reported", "ministry")
    check(text, "shelling", "reported", "ministry", negated=True, hedged=True)
    check("Estmark branded the rebels terrorists.", "terrorists", "reported", "Estmark")
    check("Vale denounced the vote as a sham.", "sham", "reported", "Vale")
    check("Lind labelled the siege a crime.", "crime", "reported", "Lind")
    text = "Estmark has rejected accusations that it carried out a massacre."
    check(text, "massacre", "reported", "Estmark", negated=True, hedged=True)


def test_subjects_the_text_widens_or_narrows():
    check(
        "Norland and rights groups describe this as a blockade.",
        "blockade",
        "reported",
        "Norland and rights groups",
    )
    check(
        "Pro-government media in Veldt described the decree as a surrender.",
        "surrender",
        "reported",
        "Pro-government media in Veldt",
    )
    check(
        "A decree published by the presidential office said all institutions would be dissolved.",
        "dissolved",
        "reported",
        "decree",
    )
    check("A number of lawyers warned of genocide.", "genocide", "reported", "lawyers")
    check(
        "Estmark officials have spent years describing them as terrorists.",
        "terrorists",
        "reported",
        "Estmark officials",
    )
    check(
        "Diplomats have begun to say privately that this is a tragedy.",
        "tragedy",
        "reported",
        "Diplomats",
    )
    check(
        "Norland officials, for their part, call the exodus a voluntary departure.",
        "voluntary departure",
        "reported",
        "Norland officials",
    )
    check(
        "The ministry’s spokesperson, Ina Berg, said the blockade was over.",
        "blockade",
        "reported",
        "Ina Berg",
    )


def test_more_reporting_constructions():
    check("Veldt speaks of a voluntary departure.", "voluntary departure", "reported", "Veldt")
    check("Vale spoke to reporters in Orla about the siege.", "siege", "authorial", None)
    check("State media refers to them as terrorists.", "terrorists", "reported", "State media")
    check(
        "The document calls on residents to accept reintegration.",
        "reintegration",
        "reported",
        "document",
    )
    check(
        "Refugees fled Orla in 1992, Lind said, citing fear of persecution.",
        "persecution",
        "reported",
        "Lind",
        hedged=True,
    )
    # the author's own earlier words are the author's
    check("I wrote at the time that a blockade is a method.", "blockade", "authorial", None)
    check(
        "Officials said the vote was fair, and we think the vote was a sham.",
        "sham",
        "authorial",
        None,
    )


def test_an_attribution_between_commas_reports_the_rest_only_when_the_clause_goes_on():
    text = "Refugees crossed the border, officials said, days after the siege ended."
    check(text, "Refugees", "reported", "officials")
    check(text, "siege", "authorial", None)
    text = "The blast killed 20 people, officials said, as thousands queued for the exodus."
    check(text, "exodus", "authorial", None)
    text = "The siege, officials said, had starved the town."
    check(text, "starved", "reported", "officials")


def test_a_quote_in_a_reported_clause_keeps_its_speaker_before_according_to():
    text = (
        "Estmark’s envoy said the operation answered “terrorist provocations”, "
        "according to diplomats."
    )
    check(text, "terrorist provocations", "quoted", "Estmark’s envoy")


def test_a_relative_clause_report_ends_at_its_comma():
    text = (
        "After strikes that Estmark insists on calling “counter-terror measures”, "
        "the rebels agreed to negotiate their “reintegration”."
    )
    check(text, "counter-terror measures", "quoted", "Estmark", hedged=True)
    # not Estmark's: it stands in what the rebels agreed to ("agreed to negotiate ...", an
    # intention PolNeAR counts), so theirs (before issue 10's infinitive rule: no speaker)
    check(text, "reintegration", "quoted", "rebels")


def test_negation_scope_fixes():
    text = "Estmark stated that there was no blockade and that the checkpoint was legal."
    check(text, "blockade", "reported", "Estmark", negated=True)
    check(text, "checkpoint", "reported", "Estmark")  # "and that" opens a new clause
    text = "The operation is nothing more than aggression, experts said."
    check(text, "aggression", "reported", "experts")  # "nothing more than" is no negation


def test_hedge_fixes():
    text = "The authorities said residents did not want to stay, fearing persecution."
    check(text, "persecution", "reported", "authorities", hedged=True)
    check(
        "The stories of atrocities are invented, she said.",
        "atrocities",
        "reported",
        None,
        hedged=True,
    )
    text = (
        "Officials welcomed what state media called the self-dissolution of the separatist regime."
    )
    check(text, "separatist regime", "reported", "state media", hedged=True)
    text = "Police detained persons suspected of war crimes and of financing terrorism."
    check(text, "terrorism", "authorial", None, hedged=True)
    text = "Guards check persons suspected of war crimes and members of armed groups."
    check(text, "armed groups", "authorial", None)
    # "would" after a past-tense reporting verb is the tense of indirect speech, no hedge ...
    text = "The authorities announced that residents would be relocated."
    check(text, "relocated", "reported", "authorities")
    # ... while in the outlet's own voice it still hedges
    check(
        "Residents would be relocated under the plan.", "relocated", "authorial", None, hedged=True
    )


def test_insertions_ages_and_clauses_before_the_verb():
    text = "Seda Arev, 70, from Orla, said she had fled the siege twice."
    check(text, "siege", "reported", "Seda Arev")
    # "said hotels ..." after an apposition is not an inverted "said X"
    text = "Officials in Orla, the nearest town, said hotels had become shelters for the exodus."
    check(text, "exodus", "reported", "Officials in Orla")
    # what follows "said X" is a clause, not an adverbial: X is the subject before the verb
    text = (
        "Ruzanna Berg, spokesperson of the emergency service, said communications had been "
        "lost during the siege."
    )
    check(text, "siege", "reported", "Ruzanna Berg")
    # things confirm too, without speaking
    check(
        "The self-dissolution confirmed the failure of the separatist project.",
        "separatist project",
        "authorial",
        None,
    )
    # lower-case nouns that end the phrase belong to it
    text = "The siege had ended, according to the Estmark peacekeepers, who patrol the road."
    check(text, "siege", "reported", "Estmark peacekeepers")


def test_noun_phrases_end_where_the_subject_ends():
    # an adverb opening a sentence is no subject: "she" goes back to Petra Lind
    text = (
        "Petra Lind said the siege was over. Shortly after noon, her phone rang. "
        "“It was a massacre,” she said."
    )
    check(text, "massacre", "quoted", "Petra Lind")
    # a verb before a quotation mark does not join the subject
    text = "Statements deplore “the escalation” and call on “all sides” to talk."
    check(text, "all sides", "quoted", "Statements")
    # a lower-case word between two names is their verb, not part of one name
    text = "Petra Lind fled Orla in March. “It was a massacre,” she said."
    check(text, "massacre", "quoted", "Petra Lind")
