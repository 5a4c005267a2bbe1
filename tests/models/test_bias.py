"""The sentence bias Pipeline (analysis.models.bias) on tiny invented sentences (no BABE text)."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

import analysis

LOADED = ["awful", "disgraceful", "shameful", "reckless", "outrageous"]
NEUTRAL = ["new", "annual", "quarterly", "final", "revised"]


def invented(n_articles: int = 20) -> pd.DataFrame:
    """Invented sentences: "Biased" ones use a loaded adjective (marked), others do not; two
    sentences per article."""
    rows = []
    for a in range(n_articles):
        for k in range(2):
            biased = (a + k) % 2 == 0
            adj = (LOADED if biased else NEUTRAL)[(a + k) % 5]
            rows.append(
                {
                    "text": f"The council published its {adj} budget report number {a}.",
                    "marked_words": [adj] if biased else [],
                    "cluster": f"article{a}",
                    "label_bias": "Biased" if biased else "Non-biased",
                }
            )
    return pd.DataFrame(rows)


def fitted(**kwargs):
    data = invented()
    model = analysis.make_bias_model(seed=0, **kwargs)
    return model.fit(data[["text", "marked_words", "cluster"]], data["label_bias"].to_numpy())


def test_text_column_reads_frames_and_lists():
    tc = analysis.TextColumn("text")
    assert tc.fit(None) is tc
    assert tc.transform(pd.DataFrame({"text": ["a b", "c"]})) == ["a b", "c"]
    assert tc.transform(["x", "y"]) == ["x", "y"]
    with pytest.raises(ValueError, match="single string"):
        tc.transform("abc")
    with pytest.raises(ValueError, match="no 'text' column"):
        tc.transform(pd.DataFrame({"body": ["x"]}))


def test_fixed_lexicon_features_by_hand():
    lex = analysis.Lexicon.from_frame(
        pd.DataFrame({"term": ["awful", "new"], "category": ["loaded", "plain"]})
    )
    f = analysis.LexiconFeatures(lex, weight=1.0)
    texts = ["awful awful", "new", "nothing here", "awful"]
    out = f.fit_transform(texts)
    # loaded counts 2, 0, 0, 1: mean 0.75, population sd sqrt(0.6875)
    assert f.categories_.tolist() == ["loaded", "plain"]
    assert f.mean_.tolist() == [0.75, 0.25]
    assert out[0, 0] == pytest.approx((2 - 0.75) / np.sqrt(0.6875))
    np.testing.assert_allclose(f.transform(texts), out)
    assert f.get_feature_names_out().tolist() == ["loaded", "plain"]
    # weight scales the standardised columns
    half = analysis.LexiconFeatures(lex, weight=0.5).fit_transform(texts)
    np.testing.assert_allclose(half, out * 0.5)


def test_params_stored_untouched_and_clone():
    f = analysis.LexiconFeatures(None, bins=(0.2, 0.5), weight=0.3, cv=3)
    assert f.get_params()["bins"] == (0.2, 0.5)
    g = clone(f)
    assert g.get_params() == f.get_params()
    assert not hasattr(g, "lexicon_")
    lex = analysis.Lexicon.from_frame(pd.DataFrame({"term": ["awful"], "category": ["x"]}))
    h = copy.deepcopy(analysis.LexiconFeatures(lex).fit(["awful day", "fine day"]))
    assert h.lexicon is not lex and h.lexicon.sha256 == lex.sha256
    assert h.transform(["awful"]).shape == (1, 1)


def test_induced_features_are_cross_fitted():
    # "awful" is marked in one sentence only. Cross-fitted, that sentence's own mark cannot
    # reach its feature; after fitting, a new text with "awful" does get it.
    texts = [f"Plain sentence number {i}." for i in range(9)] + ["An awful plan."]
    X = pd.DataFrame(
        {
            "text": texts,
            "marked_words": [[]] * 9 + [["awful"]],
            "cluster": [f"a{i}" for i in range(10)],
        }
    )
    f = analysis.LexiconFeatures(None, cv=5, weight=1.0)
    train = f.fit_transform(X)
    assert "awful" in f.lexicon_.entries["term"].tolist()
    assert np.allclose(train, 0.0)  # no sentence had an out-of-fold lexicon hit: all constant
    assert f.get_feature_names_out().tolist() == [
        "p<0.1", "p0.1-0.2", "p0.2-0.3", "p0.3-0.5", "p0.5-0.7", "p>=0.7"
    ]  # fmt: skip
    raw = f.vectorizer_.transform(["What an awful day."])
    assert raw.sum() == 1  # one hit, in the bin of awful's p_marked
    assert f.transform(["What an awful day."]).shape == (1, 6)
    with pytest.raises(ValueError, match="marked words"):
        analysis.LexiconFeatures(None).fit(["no marked words given"])


def test_model_fits_predicts_and_names_features():
    model = fitted()
    names = model.named_steps["features"].get_feature_names_out()
    assert any(n.startswith("lexicon__") for n in names)
    assert any(n.startswith("word__") for n in names) and any(n.startswith("char__") for n in names)
    pred = model.predict(["The council published its reckless budget report number 99."])
    assert pred.tolist() == ["Biased"]
    # a plain list of texts and a DataFrame with only "text" give the same predictions
    texts = invented()["text"].tolist()[:6]
    np.testing.assert_array_equal(
        model.predict_proba(texts), model.predict_proba(pd.DataFrame({"text": texts}))
    )


def test_ngram_only_and_lexicon_only_models():
    data = invented()
    X, y = data[["text", "marked_words", "cluster"]], data["label_bias"].to_numpy()
    ngr = analysis.make_bias_model(lexicon=None).fit(X, y)
    assert not any(
        n.startswith("lexicon__") for n in ngr.named_steps["features"].get_feature_names_out()
    )
    lex_only = analysis.make_bias_model(ngrams=(), lexicon="induced").fit(X, y)
    assert all(
        n.startswith("lexicon__")
        for n in lex_only.named_steps["features"].get_feature_names_out()
    )
    with pytest.raises(ValueError, match="needs n-grams"):
        analysis.make_bias_model(ngrams=(), lexicon=None)
    with pytest.raises(ValueError, match="'word' and/or 'char'"):
        analysis.make_bias_model(ngrams=("words",))
