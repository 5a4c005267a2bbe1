"""LexiconVectorizer: a scikit-learn transformer from texts to per-category lexicon rates.

One feature per lexicon category, in the lexicon's category order. Use it as any other text
vectorizer::

    from sklearn.pipeline import make_pipeline
    from sklearn.linear_model import LogisticRegression
    model = make_pipeline(LexiconVectorizer(voice="authorial"), LogisticRegression())

or on a DataFrame column inside a ``ColumnTransformer`` (pass the column name as a string, so
the transformer receives a 1-d column of texts).

Counting follows :func:`analysis.score` exactly (same matcher, same voice annotator), and the
denominator of ``per_1k`` is the token count of :mod:`analysis.text.tokens`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from ..text.tokens import count_tokens
from .hits import annotate_spans, as_matcher, default_annotator

__all__ = [
    "LexiconVectorizer",
]


_VOICES = ("all", "authorial")
_NORMS = ("per_1k", "count", "l1")


class LexiconVectorizer(TransformerMixin, BaseEstimator):
    """Turn texts into per-category lexicon rates.

    Parameters
    ----------
    lexicon : Lexicon, path, list of paths, or None
        The lexicon (None: ``config.DEFAULT_LEXICON``). Loaded in :meth:`fit`, not before.
    voice : {"all", "authorial"}
        Count every hit, or only hits in the author's own voice (not quoted, not reported).
        "authorial" fits a voice annotator on the texts given to :meth:`fit` (sentence
        splitting learns the corpus's abbreviations) and costs sentence analysis of every hit.
    norm : {"per_1k", "count", "l1"}
        ``per_1k``: hits per 1,000 tokens of the whole text (0 for a text without tokens);
        ``count``: raw hits; ``l1``: each row divided by its sum, i.e. each category's share of
        the text's hits (a row of zeros where there are none).
    weighted : bool
        Sum entry weights instead of counting hits.

    Fitted attributes
    -----------------
    lexicon_ : Lexicon
    categories_ : ndarray of str, the feature names
    matcher_ : Matcher
    annotator_ : the voice annotator (None when ``voice="all"``)
    """

    def __init__(self, lexicon=None, *, voice="all", norm="per_1k", weighted=False):
        self.lexicon = lexicon
        self.voice = voice
        self.norm = norm
        self.weighted = weighted

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        return tags

    def _texts(self, X) -> list[str]:
        """The 1-d sequence of texts in X (list, array, Series, or one-column DataFrame)."""
        if isinstance(X, str):
            raise ValueError(
                "LexiconVectorizer expects a sequence of texts, got a single string; "
                "wrap it in a list"
            )
        if isinstance(X, pd.DataFrame):
            if X.shape[1] != 1:
                raise ValueError(
                    f"LexiconVectorizer expects one column of texts, got {X.shape[1]} columns "
                    f"({', '.join(map(str, X.columns))}); select the text column"
                )
            X = X.iloc[:, 0]
        values = np.asarray(X, dtype=object)
        if values.ndim == 2 and values.shape[1] == 1:
            values = values[:, 0]
        if values.ndim != 1:
            raise ValueError(
                f"LexiconVectorizer expects a 1-d sequence of texts, got shape {values.shape}"
            )
        texts = []
        for i, v in enumerate(values):
            if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
                raise ValueError(f"text {i} is missing (None/NaN); fill or drop it first")
            if not isinstance(v, str):
                raise ValueError(f"text {i} is a {type(v).__name__}, not a string")
            texts.append(v)
        return texts

    def fit(self, X, y=None):
        """Load the lexicon (and, for ``voice="authorial"``, fit the voice annotator on X)."""
        if self.voice not in _VOICES:
            raise ValueError(f"voice must be one of {_VOICES}, got {self.voice!r}")
        if self.norm not in _NORMS:
            raise ValueError(f"norm must be one of {_NORMS}, got {self.norm!r}")
        texts = self._texts(X)
        self.matcher_ = as_matcher(self.lexicon)  # the lexicon as score() takes it
        self.lexicon_ = self.matcher_.lexicon
        self.categories_ = np.asarray(self.lexicon_.categories, dtype=object)
        self.annotator_ = default_annotator(texts) if self.voice == "authorial" else None
        return self

    def transform(self, X):
        """Return an array (n_texts, n_categories) of rates, counts or shares (see ``norm``)."""
        check_is_fitted(self, "matcher_")
        texts = self._texts(X)
        column = {c: j for j, c in enumerate(self.categories_)}
        entries = self.lexicon_.entries
        entry_col = [column[c] for c in entries["category"]]
        entry_val = entries["weight"].to_numpy(float) if self.weighted else np.ones(len(entries))
        out = np.zeros((len(texts), len(column)), dtype=float)
        for i, text in enumerate(texts):
            matches = self.matcher_.find(text)
            if matches and self.annotator_ is not None:
                notes = annotate_spans(
                    self.annotator_, text, [(m.start, m.end) for m in matches], str(i)
                )
                matches = [
                    m for m, n in zip(matches, notes, strict=True) if n["voice"] == "authorial"
                ]
            for m in matches:
                out[i, entry_col[m.entry_index]] += entry_val[m.entry_index]
            if self.norm == "per_1k" and matches:
                out[i] *= 1000.0 / count_tokens(text)  # a text with a hit has at least one token
        if self.norm == "l1":
            sums = np.abs(out).sum(axis=1, keepdims=True)
            np.divide(out, sums, out=out, where=sums > 0)
        return out

    def get_feature_names_out(self, input_features=None):
        """Return the category names, the output's column names."""
        check_is_fitted(self, "categories_")
        return self.categories_.copy()
