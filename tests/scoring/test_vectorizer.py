"""LexiconVectorizer follows scikit-learn's conventions and counts what score() counts."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from analysis.lexicons.files import Lexicon
from analysis.scoring.vectorizer import LexiconVectorizer

LEX = Lexicon.from_frame(
    pd.DataFrame(
        {
            "term": ["genocide", "massacre*", "iron fist", "blockade"],
            "category": ["atrocity", "atrocity", "force", "victim"],
            "weight": [2.0, 1.0, 3.0, 1.0],
        }
    ),
    name="tiny",
)
# Token counts by hand (analysis.tokens: runs of word characters):
#   "A genocide and two massacres." -> A genocide and two massacres = 5 tokens
#   "The iron fist, the iron fist, a blockade!" -> The iron fist the iron fist a blockade = 8
#   "Nothing to see." -> 3 tokens
TEXTS = pd.Series(
    [
        "A genocide and two massacres.",
        "The iron fist, the iron fist, a blockade!",
        "Nothing to see.",
    ],
    index=["d1", "d7", "d3"],
)


def test_init_stores_parameters_untouched():
    v = LexiconVectorizer(LEX, voice="authorial", norm="count", weighted=True)
    assert v.get_params() == {
        "lexicon": LEX,
        "voice": "authorial",
        "norm": "count",
        "weighted": True,
    }
    # nothing is validated or loaded before fit, as scikit-learn requires
    bad = LexiconVectorizer("no/such/file.csv", voice="nonsense")
    assert bad.lexicon == "no/such/file.csv"
    assert not hasattr(bad, "lexicon_")


def test_fit_returns_self_and_sets_fitted_attributes():
    v = LexiconVectorizer(LEX)
    assert v.fit(TEXTS) is v
    assert list(v.categories_) == ["atrocity", "force", "victim"]
    assert v.lexicon_ is LEX
    assert v.annotator_ is None


def test_counts_per_1k_and_l1():
    count = LexiconVectorizer(LEX, norm="count").fit_transform(TEXTS)
    np.testing.assert_array_equal(count, [[2, 0, 0], [0, 2, 1], [0, 0, 0]])
    per_1k = LexiconVectorizer(LEX).fit_transform(TEXTS)
    np.testing.assert_allclose(per_1k, [[400, 0, 0], [0, 2000 / 8, 1000 / 8], [0, 0, 0]])
    l1 = LexiconVectorizer(LEX, norm="l1").fit_transform(TEXTS)
    np.testing.assert_allclose(l1, [[1, 0, 0], [0, 2 / 3, 1 / 3], [0, 0, 0]])


def test_weighted():
    # doc 1: genocide (2) + massacres (1) = 3; doc 2: two iron fists (3 each) + blockade (1)
    w = LexiconVectorizer(LEX, norm="count", weighted=True).fit_transform(TEXTS)
    np.testing.assert_array_equal(w, [[3, 0, 0], [0, 6, 1], [0, 0, 0]])


def test_empty_text_gives_zeros():
    out = LexiconVectorizer(LEX).fit_transform(["", "   ", "genocide"])
    np.testing.assert_array_equal(out, [[0, 0, 0], [0, 0, 0], [1000, 0, 0]])


def test_get_feature_names_out():
    v = LexiconVectorizer(LEX).fit(TEXTS)
    assert list(v.get_feature_names_out()) == ["atrocity", "force", "victim"]
    with pytest.raises(NotFittedError):
        LexiconVectorizer(LEX).get_feature_names_out()


def test_transform_before_fit_raises():
    with pytest.raises(NotFittedError):
        LexiconVectorizer(LEX).transform(TEXTS)


def test_set_output_pandas_keeps_the_index():
    v = LexiconVectorizer(LEX, norm="count").set_output(transform="pandas")
    out = v.fit_transform(TEXTS)
    assert isinstance(out, pd.DataFrame)
    assert list(out.index) == ["d1", "d7", "d3"]
    assert list(out.columns) == ["atrocity", "force", "victim"]
    assert out.loc["d7", "force"] == 2


def test_clone_gives_an_unfitted_copy_with_equal_params():
    v = LexiconVectorizer(LEX, norm="l1", weighted=True).fit(TEXTS)
    c = clone(v)
    assert c is not v
    assert not hasattr(c, "matcher_")
    assert c.get_params()["norm"] == "l1"
    assert c.get_params()["weighted"] is True
    np.testing.assert_array_equal(c.fit_transform(TEXTS), v.transform(TEXTS))


def test_in_a_pipeline():
    y = [1, 0, 0]
    pipe = Pipeline([("lex", LexiconVectorizer(LEX, norm="count")), ("clf", LogisticRegression())])
    pipe.fit(TEXTS, y)
    assert pipe.predict(TEXTS).shape == (3,)
    assert list(pipe[:-1].get_feature_names_out()) == ["atrocity", "force", "victim"]


def test_in_a_column_transformer_on_a_dataframe_column():
    df = pd.DataFrame({"body": TEXTS, "length": [5, 9, 3]})
    ct = ColumnTransformer(
        [("lex", LexiconVectorizer(LEX, norm="count"), "body")], remainder="passthrough"
    ).set_output(transform="pandas")
    out = ct.fit_transform(df)
    assert list(out.columns) == ["lex__atrocity", "lex__force", "lex__victim", "remainder__length"]
    assert list(out.index) == ["d1", "d7", "d3"]
    assert out["lex__force"].tolist() == [0, 2, 0]


def test_one_column_dataframe_and_2d_array_are_accepted():
    v = LexiconVectorizer(LEX, norm="count").fit(TEXTS)
    expected = v.transform(TEXTS)
    np.testing.assert_array_equal(v.transform(TEXTS.to_frame("t")), expected)
    np.testing.assert_array_equal(v.transform(TEXTS.to_numpy().reshape(-1, 1)), expected)
    np.testing.assert_array_equal(v.transform(list(TEXTS)), expected)


def test_bad_inputs_have_clear_errors():
    v = LexiconVectorizer(LEX).fit(TEXTS)
    with pytest.raises(ValueError, match="single string"):
        v.transform("genocide")
    with pytest.raises(ValueError, match="one column of texts, got 2 columns"):
        v.transform(pd.DataFrame({"a": ["x"], "b": ["y"]}))
    with pytest.raises(ValueError, match="text 1 is missing"):
        v.transform(["genocide", None])
    with pytest.raises(ValueError, match="text 0 is a int"):
        v.transform([3])
    with pytest.raises(ValueError, match="voice must be one of"):
        LexiconVectorizer(LEX, voice="quoted").fit(TEXTS)
    with pytest.raises(ValueError, match="norm must be one of"):
        LexiconVectorizer(LEX, norm="l2").fit(TEXTS)


def test_default_lexicon_and_path():
    from analysis import config

    v = LexiconVectorizer().fit(["The blockade."])
    assert "victimhood" in v.categories_
    assert list(LexiconVectorizer(config.DEFAULT_LEXICON).fit(["x"]).categories_) == list(
        v.categories_
    )


def test_fitted_vectorizer_pickles():
    # model persistence of a fitted estimator (the vectorizer itself, never corpus text)
    v = LexiconVectorizer(LEX, norm="count").fit(TEXTS)
    again = pickle.loads(pickle.dumps(v))
    np.testing.assert_array_equal(again.transform(TEXTS), v.transform(TEXTS))
