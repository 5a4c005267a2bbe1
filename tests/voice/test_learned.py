"""The learned parts of the voice analysis (analysis.voice.learned): features, scoring, the
model file, and what a model changes in the annotator. Texts written for these tests; models
made by hand here, with their scores worked out in the comments."""

from __future__ import annotations

import hashlib
import json
import math
import re

import pytest

from analysis import config
from analysis.voice import learned
from analysis.voice.annotator import VoiceAnnotator
from analysis.voice.learned import LinearModel, VoiceModel, cue_features, load_voice_model
from analysis.voice.units import Sentence
from analysis.voice.words import VERB_FORMS


def sentence(text: str) -> Sentence:
    return Sentence(text, 0, len(text), frozenset())


def test_cue_features_name_the_word_and_its_neighbours():
    sent = sentence("Officials grumbled that the bridge was closed.")
    feats = cue_features(sent, 1)  # "grumbled"
    assert feats[:10] == [
        "w=grumbled",
        "end=ed",
        "prev=SPK",  # "officials" is a speaker noun
        "next=that",
        "next2=DET",
        "prev=SPK|next=that",
        "w=grumbled|next=that",
        "w=grumbled|prev=SPK",
        "end=ed|next=that",
        "end=ed|prev=SPK",
    ]
    assert "quote_before" not in feats and "first" not in feats
    quoted = sentence("“It is over,” Vale grumbled.")
    feats = cue_features(quoted, 6)  # “ It is over , ” Vale grumbled
    assert quoted.words[6] == "Vale" and "capitalised" in feats and "quote_before" in feats
    assert cue_features(sentence("Grumbled by many, it fell."), 0)[-2:] == ["first", "capitalised"]


def test_a_linear_model_is_a_logistic_regression():
    m = LinearModel({"a": 1.0, "b": -0.5}, bias=-0.25, threshold=0.5)
    # z = -0.25 + 1.0 (a) + 0 (c is unknown) = 0.75
    assert m.probability(["a", "c"]) == pytest.approx(1 / (1 + math.exp(-0.75)))
    assert m(["a"]) and not m(["b"])  # z = 0.75 > 0; z = -0.75 < 0
    assert LinearModel.from_json(m.to_json()) == m


def _model(cue_bias: float, span_bias: float | None) -> VoiceModel:
    cues = LinearModel({"w=grumbled": 1.0}, bias=cue_bias, threshold=0.5)
    spans = None if span_bias is None else LinearModel({}, bias=span_bias, threshold=0.5)
    return VoiceModel(frozenset({"grumbled"}), cues, spans, {"made": "by hand"})


TEXT = "Officials grumbled that the bridge was closed. “It is over,” Vale grumbled."


def _rows(model):
    return [(r["kind"], r["speaker"], r["text"]) for r in VoiceAnnotator(model=model).attributions(TEXT)]


def test_a_learned_cue_is_read_as_a_reporting_verb():
    # "grumbled" is no rule verb: the rules report nothing in the first sentence and leave the
    # quote without a speaker
    assert "grumbled" not in VERB_FORMS
    assert _rows(None) == [("quoted", None, "It is over,")]
    # a detector that takes it (z = 2 + 1 > 0) makes it a verb like "said": the complement
    # (with "that") is reported, the quote is Vale's
    assert _rows(_model(2.0, None)) == [
        ("reported", "Officials", "that the bridge was closed."),
        ("quoted", "Vale", "It is over,"),
    ]
    # one that does not (z = -5 + 1 < 0) changes nothing
    assert _rows(_model(-5.0, None)) == _rows(None)


def test_the_report_filter_gives_a_learned_complement_back_to_the_outlet():
    # the filter refuses every learned construction (bias -5): no reported span, but the quote
    # keeps the speaker that the construction names
    assert _rows(_model(2.0, -5.0)) == [("quoted", "Vale", "It is over,")]
    assert _rows(_model(2.0, 5.0)) == _rows(_model(2.0, None))
    # annotate agrees with the attributions, span by span
    annotator = VoiceAnnotator(model=_model(2.0, 5.0))
    s = TEXT.index("bridge")
    assert annotator.annotate(TEXT, [(s, s + 6)])[0]["voice"] == "reported"
    annotator = VoiceAnnotator(model=_model(2.0, -5.0))
    assert annotator.annotate(TEXT, [(s, s + 6)])[0]["voice"] == "authorial"


def test_the_rules_own_constructions_are_never_filtered():
    model = VoiceModel(frozenset(), None, LinearModel({}, bias=-5.0, threshold=0.5), {})
    text = "The enclave faces genocide, the ombudsman said on Tuesday."
    rows = VoiceAnnotator(model=model).attributions(text)
    assert [(r["kind"], r["speaker"]) for r in rows] == [("reported", "ombudsman")]


def test_model_files(tmp_path, monkeypatch):
    model = _model(2.0, 5.0)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    assert load_voice_model(path) == model
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="not a voice model"):
        load_voice_model(path)
    # no shipped file (an installed wheel without data/): the rules alone, with a warning
    monkeypatch.setattr(learned, "VOICE_MODEL_FILE", tmp_path / "absent.json")
    assert load_voice_model() is None
    with pytest.raises(ValueError, match="model must be"):
        VoiceAnnotator(model="shipped")


# ---------------------------------------------------------------------------------------------
# The shipped model (data/voice): what its sidecar says it is
# ---------------------------------------------------------------------------------------------

VOICE_DIR = config.DATA_DIR / "voice"
FEATURE = re.compile(r"^(?:[a-z0-9]+=[^|\s]+(?:\|[a-z0-9]+=[^|\s]+)?|[a-z_]+)$")


def test_the_shipped_model_matches_its_provenance():
    provenance = json.loads((VOICE_DIR / "voice_model.provenance.json").read_text("utf-8"))
    for name, digest in provenance["files"].items():
        assert hashlib.sha256((VOICE_DIR / name).read_bytes()).hexdigest() == digest, name
    assert "train split" in provenance["source"] and "no article text" in provenance["licence"]
    assert provenance["script"].startswith("python -m analysis.evaluation.voice_training")


def test_the_shipped_model_holds_feature_weights_only():
    model = load_voice_model(VOICE_DIR / "voice_model.json")
    assert model is not None and model.cues is not None and model.spans is not None
    assert model.cues.threshold == 0.5 and model.spans.threshold == 0.6
    # the forms it scores are single lower-case words, none of them a rule verb
    assert all(re.fullmatch(r"[a-z]+", w) for w in model.candidates)
    assert not model.candidates & set(VERB_FORMS)
    for part in (model.cues, model.spans):
        assert all(FEATURE.match(f) for f in part.weights), [
            f for f in part.weights if not FEATURE.match(f)
        ][:5]
    # the speaker chooser's features: "name=value", joined by "|" (analysis.voice.chooser)
    assert model.speakers is not None and model.speakers.threshold == 0.4
    assert all(re.fullmatch(r"[a-z]+=[^\s|]+(\|[^\s|]+)*", f) for f in model.speakers.weights)
    assert VoiceAnnotator().model_ == model  # the default annotator uses it
