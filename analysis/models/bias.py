"""A sentence-level bias classifier as a scikit-learn Pipeline.

:func:`make_bias_model` builds::

    X (texts, or a DataFrame with "text" [+ "marked_words", "cluster" for fitting])
      ├─ word TF-IDF (1-2 grams, sublinear tf, min_df 2)             ┐
      ├─ character TF-IDF (2-5 grams inside word boundaries)          ├─ FeatureUnion ─▶ LogisticRegression
      └─ LexiconFeatures: lexicon hits per category                   ┘     (C = 1, L2)
         (analysis.LexiconVectorizer, norm="count"), standardised × 0.2

:class:`LexiconFeatures` either counts a fixed lexicon (the shipped conflict lexicon, the
Recasens lexicon) or *induces* one from the training texts' marked words
(:class:`analysis.MarkedLexiconInducer`), with the bins of the terms' marked rate as
categories. An induced lexicon describes its own training sentences too well (a word marked
once in one sentence gets rate 1 there), so in ``fit_transform`` the training features are
**cross-fitted**: each text's counts come from a lexicon induced without its fold (as
scikit-learn's ``TargetEncoder`` does); new texts get the lexicon induced from all training
texts. Measured on BABE, without cross-fitting the lexicon *lowered* macro-F1 (0.742 to about
0.72); with it macro-F1 rises to 0.763 (docs/validation.md).

Storage without pickle: :mod:`analysis.models.store`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, KFold, StratifiedGroupKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from ..lexicons.files import Lexicon
from ..scoring.vectorizer import LexiconVectorizer
from .marked import MarkedCorpus, MarkedLexiconInducer

__all__ = [
    "LexiconFeatures",
    "TextColumn",
    "make_bias_model",
]


def column_texts(X, column: str) -> list[str]:
    """The texts of X: a DataFrame's ``column``, or a 1-d sequence of strings (a list of
    str); a ValueError for a single string, a missing column or a value that is not text."""
    if isinstance(X, str):
        raise ValueError("expected a sequence of texts, got a single string; wrap it in a list")
    if isinstance(X, pd.DataFrame):
        if column not in X.columns:
            raise ValueError(
                f"X has no {column!r} column (columns: {', '.join(map(str, X.columns))})"
            )
        values = X[column].tolist()
    else:
        values = list(np.asarray(X, dtype=object).ravel())
    for i, v in enumerate(values):
        if not isinstance(v, str):
            raise ValueError(f"text {i} is a {type(v).__name__}, not a string")
    return values


class TextColumn(TransformerMixin, BaseEstimator):
    """Stateless: pass on the texts of X (a DataFrame's ``column``, or a 1-d sequence), so a
    text vectorizer can sit beside transformers that read other columns of the same X."""

    def __init__(self, column="text"):
        self.column = column

    def fit(self, X, y=None):
        """Nothing to learn; returns self."""
        self.n_features_in_ = 1
        return self

    def transform(self, X):
        """Return the list of texts (str)."""
        return column_texts(X, self.column)

    def get_feature_names_out(self, input_features=None):
        """The one input column's name."""
        return np.asarray([self.column], dtype=object)


DEFAULT_BINS = (0.1, 0.2, 0.3, 0.5, 0.7)


def bin_names(bins: Sequence[float]) -> list[str]:
    """Category names of the p_marked bins: "p<0.1", "p0.1-0.2", ..., "p>=0.7"."""
    edges = [float(b) for b in bins]
    names = [f"p<{edges[0]:g}"]
    names += [f"p{a:g}-{b:g}" for a, b in zip(edges[:-1], edges[1:], strict=True)]
    return names + [f"p>={edges[-1]:g}"]


class LexiconFeatures(TransformerMixin, BaseEstimator):
    """Lexicon hit counts per category, standardised and scaled, for a linear model.

    Parameters
    ----------
    lexicon : Lexicon, path or None
        A fixed lexicon to count (anything :class:`analysis.LexiconVectorizer` accepts). None:
        induce one from the marked words of the training texts (``marked_column`` of X).
    inducer : MarkedLexiconInducer or None
        How to induce (None: ``MarkedLexiconInducer(threshold=0.1, family_prior=0.5,
        form_prior=4.0, phrase_threshold=0.4)``: a low threshold, because the bins keep the
        strength of the evidence).
    bins : tuple of float
        Induced terms get the category of their ``p_marked`` bin: "p<0.1" (when the threshold
        is below it), "p0.1-0.2", ..., "p>=0.7".
    cv : int
        Folds for cross-fitting the training features of an induced lexicon (grouped by
        ``group_column`` when X has it, stratified by y when given, else shuffled KFold).
    weight : float
        Multiplier applied after standardisation: how strongly these few dense columns speak
        next to tens of thousands of TF-IDF columns under the same L2 penalty.
    text_column, marked_column, group_column : str
        Columns of X when it is a DataFrame. Marked words and groups are read only when fitting.
    random_state : int
        Seed of the cross-fitting folds.

    Fitted attributes
    -----------------
    lexicon_ : Lexicon (the given one, or the one induced from all training texts)
    vectorizer_ : LexiconVectorizer (norm="count") on ``lexicon_``
    categories_ : ndarray of str, the feature names
    mean_, scale_ : ndarray, standardisation of the (cross-fitted) training features
    inducer_ : the fitted MarkedLexiconInducer (None for a fixed lexicon)
    """

    def __init__(
        self,
        lexicon=None,
        *,
        inducer=None,
        bins=DEFAULT_BINS,
        cv=5,
        weight=0.2,
        text_column="text",
        marked_column="marked_words",
        group_column="cluster",
        random_state=0,
    ):
        self.lexicon = lexicon
        self.inducer = inducer
        self.bins = bins
        self.cv = cv
        self.weight = weight
        self.text_column = text_column
        self.marked_column = marked_column
        self.group_column = group_column
        self.random_state = random_state

    def _new_inducer(self) -> MarkedLexiconInducer:
        if self.inducer is not None:
            return clone(self.inducer)
        return MarkedLexiconInducer(
            threshold=0.1, family_prior=0.5, form_prior=4.0, phrase_threshold=0.4
        )

    def _binned_lexicon(self, inducer: MarkedLexiconInducer) -> Lexicon | None:
        """The inducer's terms with their p_marked bin as category (None when it kept none)."""
        t = inducer.terms_
        if not len(t):
            return None
        names = bin_names(self.bins)
        idx = np.searchsorted(np.asarray(self.bins, float), t["p_marked"].to_numpy(), side="right")
        entries = pd.DataFrame(
            {"term": t.index, "category": [names[i] for i in idx], "weight": 1.0}
        )
        return Lexicon.from_frame(entries, name="induced_marked")

    def _counts(self, vectorizer: LexiconVectorizer | None, texts: list[str]) -> np.ndarray:
        """Hit counts in the order of ``categories_`` (a category may be absent from a lexicon;
        no vectorizer, i.e. an empty induced lexicon: zeros)."""
        out = np.zeros((len(texts), len(self.categories_)))
        if vectorizer is None:
            return out
        raw = vectorizer.transform(texts)
        have = {c: j for j, c in enumerate(vectorizer.get_feature_names_out())}
        for j, c in enumerate(self.categories_):
            if c in have:
                out[:, j] = raw[:, have[c]]
        return out

    def _splits(self, X, n: int, y) -> list[tuple[np.ndarray, np.ndarray]]:
        if isinstance(X, pd.DataFrame) and self.group_column in X.columns:
            groups = X[self.group_column].astype(str).to_numpy()
            if y is not None:
                cv = StratifiedGroupKFold(self.cv, shuffle=True, random_state=self.random_state)
                return list(cv.split(np.zeros(n), np.asarray(y), groups))
            cv = GroupKFold(self.cv, shuffle=True, random_state=self.random_state)
            return list(cv.split(np.zeros(n), groups=groups))
        return list(KFold(self.cv, shuffle=True, random_state=self.random_state).split(np.zeros(n)))

    def fit(self, X, y=None):
        """Fit on X (see :meth:`fit_transform`); returns self."""
        self.fit_transform(X, y)
        return self

    def fit_transform(self, X, y=None):
        """Fit, and return the training features (array texts x categories): cross-fitted when
        the lexicon is induced (each text's counts from a lexicon induced without its fold),
        plain counts of the fixed lexicon otherwise; standardised and times ``weight``."""
        texts = column_texts(X, self.text_column)
        if self.lexicon is not None:
            self.inducer_ = None
            self.vectorizer_ = LexiconVectorizer(self.lexicon, norm="count").fit(texts)
            self.lexicon_ = self.vectorizer_.lexicon_
            self.categories_ = np.asarray(self.vectorizer_.get_feature_names_out(), dtype=object)
            feats = self._counts(self.vectorizer_, texts)
        else:
            feats = self._fit_induced(X, texts, y)
        self.mean_ = feats.mean(axis=0)
        sd = feats.std(axis=0)
        self.scale_ = np.where(sd > 0, sd, 1.0)
        self.n_features_in_ = 1
        return (feats - self.mean_) / self.scale_ * self.weight

    def _fit_induced(self, X, texts: list[str], y) -> np.ndarray:
        """Induce the lexicon from all of X and return the cross-fitted training counts."""
        if not isinstance(X, pd.DataFrame) or self.marked_column not in X.columns:
            raise ValueError(
                "inducing a lexicon needs the annotators' marked words: pass X as a DataFrame "
                f"with a {self.marked_column!r} column, or give lexicon="
            )
        corpus = MarkedCorpus(texts, X[self.marked_column].tolist(), int(self._new_inducer().max_n))
        self.categories_ = np.asarray(bin_names(self.bins), dtype=object)
        feats = np.zeros((len(texts), len(self.categories_)))
        for tr, te in self._splits(X, len(texts), y):
            part = self._binned_lexicon(self._new_inducer().fit_corpus(corpus, tr))
            vec = None if part is None else LexiconVectorizer(part, norm="count").fit([])
            feats[te] = self._counts(vec, [texts[i] for i in te])
        self.inducer_ = self._new_inducer().fit_corpus(corpus, np.arange(len(texts)))
        self.lexicon_ = self._binned_lexicon(self.inducer_)
        if self.lexicon_ is None:
            raise ValueError("no term of the training texts reached the inducer's threshold")
        self.vectorizer_ = LexiconVectorizer(self.lexicon_, norm="count").fit([])
        return feats

    def transform(self, X):
        """Standardised, scaled counts per category for new texts (array texts x categories);
        only the texts of X are read."""
        check_is_fitted(self, "vectorizer_")
        feats = self._counts(self.vectorizer_, column_texts(X, self.text_column))
        return (feats - self.mean_) / self.scale_ * self.weight

    def get_feature_names_out(self, input_features=None):
        """The lexicon categories (for an induced lexicon: the p_marked bins)."""
        check_is_fitted(self, "categories_")
        return self.categories_.copy()


def word_tfidf() -> TfidfVectorizer:
    """TF-IDF of 1-2 word grams, sublinear tf, in at least 2 training texts."""
    return TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)


def char_tfidf() -> TfidfVectorizer:
    """TF-IDF of 2-5 character grams within word boundaries, sublinear tf, min_df 2."""
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)


def make_bias_model(
    *,
    ngrams: Sequence[str] = ("word", "char"),
    lexicon: str | Lexicon | Path | None = "induced",
    lexicon_weight: float = 0.2,
    C: float = 1.0,
    seed: int = 0,
    text_column: str = "text",
) -> Pipeline:
    """Return an unfitted Pipeline: FeatureUnion(word/char TF-IDF, lexicon features) ->
    LogisticRegression.

    ``ngrams``: any of "word" (1-2 grams), "char" (2-5 character grams within word
    boundaries); ``lexicon``: "induced" (from the marked words of the training texts,
    cross-fitted), a Lexicon or path (counted as given), or None (n-grams only). At least one
    of the two must be present. ``lexicon_weight`` multiplies the standardised lexicon columns;
    ``C`` is the inverse L2 penalty of the logistic regression (lbfgs, 3,000 iterations);
    ``seed`` fixes the cross-fitting folds.

    Fit with ``X`` = a DataFrame (``text``; with an induced lexicon also ``marked_words`` and,
    to cross-fit by article, ``cluster``) and ``y`` = labels; predict from a DataFrame with
    ``text`` or from a plain list of texts. ``predict_proba`` columns follow ``classes_``.
    """
    parts = []
    for kind in ngrams:
        if kind not in ("word", "char"):
            raise ValueError(f"ngrams must be 'word' and/or 'char', got {kind!r}")
        vec = word_tfidf() if kind == "word" else char_tfidf()
        parts.append((kind, Pipeline([("text", TextColumn(text_column)), ("tfidf", vec)])))
    if lexicon is not None:
        fixed = None if isinstance(lexicon, str) and lexicon == "induced" else lexicon
        step = LexiconFeatures(
            fixed, weight=lexicon_weight, text_column=text_column, random_state=seed
        )
        parts.append(("lexicon", step))
    if not parts:
        raise ValueError("a model needs n-grams, a lexicon, or both")
    return Pipeline(
        [
            ("features", FeatureUnion(parts)),
            ("classifier", LogisticRegression(C=C, max_iter=3000)),
        ]
    )
