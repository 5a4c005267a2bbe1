"""Bias models stored as JSON, never pickle (analysis.models.store), on invented sentences."""

from __future__ import annotations

import json

import numpy as np
import pytest

import analysis
from tests.models.test_bias import fitted, invented

PROVENANCE = {
    "trained_on": "invented test sentences",
    "caveat": "A test model: it knows five loaded adjectives.",
    "cv": {"macro_f1": 0.9, "ci_low": 0.8, "ci_high": 0.95, "folds": 5, "n": 40},
}


def test_json_round_trip_predicts_identically(tmp_path):
    model = fitted()
    path = analysis.save_bias_model(model, tmp_path / "m.json", provenance=PROVENANCE)
    text = path.read_text()
    doc = json.loads(text)
    assert doc["format"] == analysis.BIAS_MODEL_FORMAT and doc["positive"] == "Biased"
    assert doc["provenance"] == PROVENANCE
    assert "pickle" not in text and "__reduce__" not in text
    loaded = analysis.load_bias_model(path)
    texts = invented()["text"].tolist() + ["A disgraceful and reckless report.", "Nothing."]
    np.testing.assert_array_equal(model.predict_proba(texts), loaded.pipeline.predict_proba(texts))
    np.testing.assert_array_equal(model.predict(texts), loaded.pipeline.predict(texts))
    # probability of the positive class, and the model's own decision
    col = list(model.classes_).index("Biased")
    np.testing.assert_array_equal(loaded.probability(texts), model.predict_proba(texts)[:, col])
    assert loaded.predict(texts).tolist() == (model.predict(texts) == "Biased").tolist()
    assert loaded.path == path and loaded.sha256 == doc["sha256"]
    assert loaded.probability([]).shape == (0,)


def test_an_edited_or_foreign_file_is_refused(tmp_path):
    path = analysis.save_bias_model(fitted(), tmp_path / "m.json", provenance=PROVENANCE)
    doc = json.loads(path.read_text())
    # a better score written into the file: the digest no longer matches
    doc["provenance"]["cv"]["macro_f1"] = 0.99
    (tmp_path / "edited.json").write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="sha256"):
        analysis.load_bias_model(tmp_path / "edited.json")
    (tmp_path / "other.json").write_text(json.dumps({"format": "other"}))
    with pytest.raises(ValueError, match="not a bias model"):
        analysis.load_bias_model(tmp_path / "other.json")
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(ValueError, match="invalid JSON"):
        analysis.load_bias_model(tmp_path / "broken.json")
    newer = {**json.loads(path.read_text()), "version": 99}
    (tmp_path / "newer.json").write_text(json.dumps(newer))
    with pytest.raises(ValueError, match="newer"):
        analysis.load_bias_model(tmp_path / "newer.json")


def test_a_tampered_lexicon_is_refused(tmp_path):
    doc = analysis.models.store.model_document(fitted())
    part = next(p for p in doc["features"] if p["kind"] == "lexicon")
    part["entries"]["term"][0] = "changed"
    with pytest.raises(ValueError, match="sha256"):
        analysis.models.store.pipeline_from_document(doc)


def test_caveat_comes_from_the_file(tmp_path):
    path = analysis.save_bias_model(fitted(), tmp_path / "m.json", provenance=PROVENANCE)
    text = analysis.bias_model_caveat(path)
    assert text.startswith("A test model: it knows five loaded adjectives.")
    assert "macro-F1 0.900 (95% CI 0.800 to 0.950)" in text and "40 sentences" in text
    with pytest.raises(ValueError, match="positive class"):
        analysis.save_bias_model(fitted(), tmp_path / "x.json", provenance={}, positive="Yes")
