"""Storing a fitted bias model as JSON (never pickle), with its provenance and measured score.

:func:`save_bias_model` writes a fitted :func:`analysis.make_bias_model` pipeline as one JSON
file:

* for each TF-IDF part its parameters, its terms in column order and ``idf_``;
* for the lexicon part the lexicon entries (term, category, weight) with their sha256, the
  category order, ``mean_``, ``scale_`` and the weight;
* the classifier's classes, ``coef_`` and ``intercept_``;
* ``provenance``: what the model was trained on (inputs with sha256, parameters, seed, date),
  its cross-validated score with an interval, and the caveat text :func:`bias_model_caveat`
  returns;
* ``sha256``: the digest of the model and provenance sections, checked on loading.

Floats are written by Python's repr, which round-trips exactly, so the loaded model predicts
identically. :func:`load_bias_model` executes no stored code: it rebuilds the scikit-learn
objects from numbers and strings, re-validates the lexicon and checks both digests.

A model trained on BABE carries BABE-derived vocabulary (word and character n-grams of AGPL
sentences, the induced lexicon): never commit one (``make validate`` writes it under
``reports/``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.utils.validation import check_is_fitted

from ..lexicons.files import Lexicon
from ..outputs import write_text
from ..scoring.vectorizer import LexiconVectorizer
from .bias import LexiconFeatures, TextColumn, column_texts

__all__ = [
    "BIAS_MODEL_FORMAT",
    "BiasModel",
    "bias_model_caveat",
    "load_bias_model",
    "save_bias_model",
]

BIAS_MODEL_FORMAT = "framing-analysis/bias-model"
_VERSION = 1

# TfidfVectorizer parameters that can be written as JSON and rebuilt (callables and dtype are
# refused by save_bias_model rather than silently dropped)
_TFIDF_PARAMS = (
    "analyzer", "binary", "decode_error", "encoding", "input", "lowercase", "max_df",
    "max_features", "min_df", "ngram_range", "norm", "smooth_idf", "strip_accents",
    "sublinear_tf", "token_pattern", "use_idf", "stop_words",
)  # fmt: skip


@dataclass
class BiasModel:
    """A loaded bias model: the fitted ``pipeline``, the label it calls biased (``positive``),
    its ``provenance`` (dict: trained_on, inputs, parameters, seed, created, cv score, caveat),
    ``sha256`` (the stored digest of model and provenance) and the ``path`` it came from."""

    pipeline: Pipeline
    positive: str
    provenance: dict
    sha256: str
    path: Path | None = None

    def probability(self, texts) -> np.ndarray:
        """The model's probability that each text (a list of str) is ``positive`` (biased),
        an array of floats in [0, 1]."""
        texts = column_texts(texts, "text")
        if not texts:
            return np.zeros(0)
        proba = self.pipeline.predict_proba(texts)
        col = list(self.pipeline.classes_).index(self.positive)
        return proba[:, col]

    def predict(self, texts) -> np.ndarray:
        """Whether each text is scored biased (bool array): the classifier's own decision,
        probability of ``positive`` at least 0.5."""
        return self.probability(texts) >= 0.5


def _tfidf_part(name: str, step: Pipeline) -> dict:
    vec: TfidfVectorizer = step.named_steps["tfidf"]
    if callable(vec.analyzer) or callable(vec.tokenizer) or callable(vec.preprocessor):
        raise ValueError(f"{name}: a vectorizer with callables cannot be stored as JSON")
    params = {
        k: (list(v) if isinstance(v, tuple) else v)
        for k, v in vec.get_params().items()
        if k in _TFIDF_PARAMS
    }
    terms = [None] * len(vec.vocabulary_)
    for t, i in vec.vocabulary_.items():
        terms[i] = t
    return {
        "name": name, "kind": "tfidf", "column": step.named_steps["text"].column,
        "params": params, "terms": terms, "idf": vec.idf_.tolist(),
    }  # fmt: skip


def _lexicon_part(name: str, step: LexiconFeatures) -> dict:
    e = step.lexicon_.entries
    return {
        "name": name,
        "kind": "lexicon",
        "params": {"weight": step.weight, "text_column": step.text_column,
                   "bins": list(step.bins)},
        "lexicon_name": step.lexicon_.name,
        "lexicon_sha256": step.lexicon_.sha256,
        "entries": {
            "term": e["term"].astype(str).tolist(),
            "category": e["category"].astype(str).tolist(),
            "weight": e["weight"].astype(float).tolist(),
        },
        "categories": [str(c) for c in step.categories_],
        "mean": step.mean_.tolist(),
        "scale": step.scale_.tolist(),
    }  # fmt: skip


def model_document(pipeline: Pipeline) -> dict:
    """The ``model`` section of the JSON file for a fitted pipeline (features, classifier,
    scikit-learn version): plain lists, numbers and strings."""
    check_is_fitted(pipeline)
    union: FeatureUnion = pipeline.named_steps["features"]
    clf: LogisticRegression = pipeline.named_steps["classifier"]
    parts = []
    for name, step in union.transformer_list:
        if isinstance(step, Pipeline) and "tfidf" in step.named_steps:
            parts.append(_tfidf_part(name, step))
        elif isinstance(step, LexiconFeatures):
            parts.append(_lexicon_part(name, step))
        else:
            raise ValueError(f"{name}: cannot store a {type(step).__name__} as JSON")
    return {
        "sklearn_version": sklearn.__version__,
        "features": parts,
        "transformer_weights": union.transformer_weights,
        "classifier": {
            "params": {"C": clf.C, "max_iter": clf.max_iter},
            "classes": [c.item() if hasattr(c, "item") else c for c in clf.classes_],
            "coef": clf.coef_.tolist(),
            "intercept": clf.intercept_.tolist(),
        },
    }


def _digest(model: dict, provenance: dict) -> str:
    canonical = json.dumps({"model": model, "provenance": provenance}, sort_keys=True,
                           ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def save_bias_model(
    pipeline: Pipeline,
    path: str | Path,
    *,
    provenance: dict,
    positive: str = "Biased",
) -> Path:
    """Write a fitted :func:`analysis.make_bias_model` pipeline as JSON to ``path`` (atomic) and
    return the path.

    ``provenance`` (JSON-serialisable dict) should say what the model was trained on, the
    inputs' sha256, the parameters, seed and date, the cross-validated score and the caveat
    (``analysis.evaluation.babe_classifier.train_bias_model`` fills it); ``positive`` is the
    class the model calls biased. The file also holds the sha256 of the model and provenance
    sections, which :func:`load_bias_model` checks.
    """
    model = model_document(pipeline)
    if positive not in model["classifier"]["classes"]:
        raise ValueError(f"positive class {positive!r} is not one of {model['classifier']['classes']}")
    provenance = json.loads(json.dumps(provenance, default=str))  # plain JSON types only
    doc = {
        "format": BIAS_MODEL_FORMAT,
        "version": _VERSION,
        "positive": positive,
        "sha256": _digest(model, provenance),
        "provenance": provenance,
        "model": model,
    }
    return write_text(path, json.dumps(doc, ensure_ascii=False) + "\n", kind="bias model")


def _tfidf_from(d: dict) -> Pipeline:
    params = dict(d["params"])
    params["ngram_range"] = tuple(params["ngram_range"])
    vec = TfidfVectorizer(**params)
    vec.vocabulary_ = {t: i for i, t in enumerate(d["terms"])}
    vec.idf_ = np.asarray(d["idf"], dtype=np.float64)
    return Pipeline([("text", TextColumn(d["column"]).fit(None)), ("tfidf", vec)])


def _lexicon_from(d: dict) -> LexiconFeatures:
    lex = Lexicon.from_frame(pd.DataFrame(d["entries"]), name=d["lexicon_name"])
    if lex.sha256 != d["lexicon_sha256"]:
        raise ValueError("bias model: the lexicon entries do not match their stored sha256")
    p = d["params"]
    step = LexiconFeatures(lex, weight=p["weight"], text_column=p["text_column"],
                           bins=tuple(p["bins"]))
    step.lexicon_ = lex
    step.vectorizer_ = LexiconVectorizer(lex, norm="count").fit([])
    step.categories_ = np.asarray(d["categories"], dtype=object)
    step.mean_ = np.asarray(d["mean"], dtype=np.float64)
    step.scale_ = np.asarray(d["scale"], dtype=np.float64)
    step.inducer_ = None
    step.n_features_in_ = 1
    return step


def pipeline_from_document(model: dict) -> Pipeline:
    """Rebuild the fitted pipeline from a ``model`` section (:func:`model_document`)."""
    parts = []
    for d in model["features"]:
        if d["kind"] == "tfidf":
            parts.append((d["name"], _tfidf_from(d)))
        elif d["kind"] == "lexicon":
            parts.append((d["name"], _lexicon_from(d)))
        else:
            raise ValueError(f"bias model: unknown feature kind {d['kind']!r}")
    union = FeatureUnion(parts, transformer_weights=model.get("transformer_weights"))
    c = model["classifier"]
    clf = LogisticRegression(**c["params"])
    clf.classes_ = np.asarray(c["classes"])
    clf.coef_ = np.asarray(c["coef"], dtype=np.float64)
    clf.intercept_ = np.asarray(c["intercept"], dtype=np.float64)
    clf.n_features_in_ = clf.coef_.shape[1]
    clf.n_iter_ = np.zeros(1, dtype=np.int32)
    return Pipeline([("features", union), ("classifier", clf)])


def load_bias_model(source: str | Path | BiasModel) -> BiasModel:
    """Read a model written by :func:`save_bias_model` (a path; a BiasModel is returned as it
    is) and return it as a :class:`BiasModel`.

    Raises ValueError for another format, a newer version, a sha256 that does not match the
    stored sections (the file was edited or damaged) or a lexicon that does not match its own
    sha256. No stored code is executed.
    """
    if isinstance(source, BiasModel):
        return source
    path = Path(source)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not a bias model (invalid JSON: {exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != BIAS_MODEL_FORMAT:
        raise ValueError(f"{path}: not a bias model file (format {BIAS_MODEL_FORMAT!r} expected)")
    if int(doc.get("version", 0)) > _VERSION:
        raise ValueError(f"{path}: bias model version {doc['version']} is newer than {_VERSION}")
    if _digest(doc["model"], doc["provenance"]) != doc.get("sha256"):
        raise ValueError(f"{path}: the model's sha256 does not match its contents (edited?)")
    pipeline = pipeline_from_document(doc["model"])
    return BiasModel(pipeline, doc["positive"], doc["provenance"], doc["sha256"], path)


def bias_model_caveat(model: BiasModel | str | Path) -> str:
    """A paragraph on what the model's numbers mean, for a report: what it was trained on, its
    cross-validated score with interval, that it is a proxy for expert judgement with that
    error, and that it may not transfer to other topics. The text comes from the model file
    itself (``provenance["caveat"]``, written when it was trained), followed by the score."""
    model = load_bias_model(model)
    prov = model.provenance
    text = str(prov.get("caveat") or "This model's provenance gives no caveat; read it with care.")
    cv = prov.get("cv") or {}
    if "macro_f1" in cv:
        text += (
            f" Measured error: macro-F1 {cv['macro_f1']:.3f} (95% CI {cv['ci_low']:.3f} to "
            f"{cv['ci_high']:.3f}) in {cv.get('folds', 5)}-fold cross-validation grouped by "
            f"article on {cv.get('n', '?')} sentences."
        )
    return text
