"""The sentence bias model measured on BABE, and trained on it with its provenance.

:func:`babe_classifier` cross-validates three models on the folds of
:func:`analysis.babe_folds` (stratified by label, grouped by article): n-grams only (word and
character TF-IDF), the cross-fitted induced lexicon only, and both (:func:`analysis.make_bias_model`),
each macro-F1 with a bootstrap interval over articles (:func:`macro_f1_interval`).
:func:`train_bias_model` fits the full model on all of BABE and returns it with a provenance
that holds its cross-validated score and :data:`BABE_MODEL_CAVEAT`.

A model trained on BABE carries BABE-derived vocabulary (AGPL-3.0): never commit one.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn
from sklearn.metrics import f1_score
from sklearn.pipeline import Pipeline

from .. import config
from ..about import __version__
from ..lexicons.provenance import file_sha256
from ..models.bias import make_bias_model
from ..stats.intervals import bootstrap_weights, group_rng, percentile_interval
from .babe_induction import BABE_FOLDS, babe_folds
from .datasets import BABE_FILE, read_babe

log = logging.getLogger(__name__)

__all__ = [
    "BABE_MODEL_CAVEAT",
    "BIAS_MODELS",
    "babe_classifier",
    "cross_validate_bias_model",
    "macro_f1_interval",
    "train_bias_model",
]

BABE_MODEL_CAVEAT = (
    "This model was trained on the BABE sentences (Spinde et al. 2021): about 3,700 sentences "
    "of US political news (abortion, gun control, immigration, vaccines, Black Lives Matter and "
    "similar topics) from a dozen outlets, each labelled Biased or Non-biased by expert "
    "annotators. Its decisions are a proxy for expert judgement, not that judgement: on "
    "held-out BABE articles it disagrees with the experts on a measured share of sentences "
    "(the cross-validated score stored with it), and it may not transfer to other topics, other "
    "kinds of news (war and conflict reporting among them), other outlets or other periods, "
    "where its error has not been measured."
)

# The ablation: name -> factory, given the seed (each model is built fresh for every fold)
BIAS_MODELS: dict[str, Callable[[int], Pipeline]] = {
    "n-grams only (word + char TF-IDF)": lambda seed: make_bias_model(lexicon=None, seed=seed),
    "lexicon only (induced, cross-fitted)": lambda seed: make_bias_model(
        ngrams=(), lexicon="induced", seed=seed
    ),
    "both (n-grams + induced lexicon)": lambda seed: make_bias_model(lexicon="induced", seed=seed),
}
MAIN_MODEL = "both (n-grams + induced lexicon)"
_POSITIVE = "Biased"


def _macro_f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    """Macro-F1 from per-class counts, arrays (..., classes)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), 0.0)
    return f1.mean(axis=-1)


def macro_f1_interval(
    y_true: Sequence,
    y_pred: Sequence,
    *,
    clusters: Sequence | None = None,
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> tuple[float, float, float]:
    """Macro-F1 (the mean over classes of each class's F1) with a percentile bootstrap interval.

    The bootstrap resamples ``clusters`` (source articles: the sentences of one article are
    drawn together; default: every row its own cluster) ``n_boot`` times and recomputes
    macro-F1 from the resampled confusion counts. Returns ``(macro_f1, low, high)``; the point
    equals ``sklearn.metrics.f1_score(average="macro")``.
    """
    yt, yp = np.asarray(y_true).astype(str), np.asarray(y_pred).astype(str)
    classes = np.unique(np.concatenate([yt, yp]))
    codes = np.arange(len(yt)) if clusters is None else pd.factorize(np.asarray(clusters))[0]
    k = int(codes.max()) + 1
    per = np.zeros((3, k, len(classes)))  # tp, fp, fn per cluster and class
    for j, c in enumerate(classes):
        per[0, :, j] = np.bincount(codes, weights=(yt == c) & (yp == c), minlength=k)
        per[1, :, j] = np.bincount(codes, weights=(yt != c) & (yp == c), minlength=k)
        per[2, :, j] = np.bincount(codes, weights=(yt == c) & (yp != c), minlength=k)
    point = float(_macro_f1(*per.sum(axis=1)))
    rng = group_rng(seed, "macro_f1")
    reps = np.empty(n_boot)
    block = max(1, 2_000_000 // k)
    for start in range(0, n_boot, block):
        stop = min(n_boot, start + block)
        w = bootstrap_weights(k, stop - start, rng).astype(float)  # (b, k)
        reps[start:stop] = _macro_f1(*(w @ per[i] for i in range(3)))
    low, high = percentile_interval(reps[:, None], ci)
    return point, float(low[0]), float(high[0])


def cross_validate_bias_model(
    data: pd.DataFrame,
    models: dict[str, Callable[[], Pipeline]],
    folds: list[tuple[np.ndarray, np.ndarray]],
    *,
    label: str = "label_bias",
    groups: str = "cluster",
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cross-validate several model factories on the same ``folds``.

    Each model is built fresh (``models[name]()``) and fitted on the training folds only, with
    X = ``data[["text", "marked_words", groups]]`` (the marked words feed an induced lexicon);
    the held-out fold is predicted from its texts alone. Returns ``(table, predictions)``:
    ``table`` has one row per model: model, macro_f1, ci_low, ci_high (95% bootstrap over
    ``groups``, :func:`macro_f1_interval`), n (sentences), n_articles, fold_f1 (each fold's
    macro-F1, ";"-joined), seconds (fit and predict, all folds); ``predictions`` holds the
    out-of-fold prediction of every model for every row, with its fold.
    """
    y = data[label].astype(str).to_numpy()
    cols = [c for c in ("text", "marked_words", groups) if c in data.columns]
    X = data[cols].reset_index(drop=True)
    pred = pd.DataFrame({"fold": -1, "label": y}, index=X.index)
    for f, (_, te) in enumerate(folds):
        pred.loc[te, "fold"] = f
    rows = []
    for name, factory in models.items():
        t0 = time.perf_counter()
        out = np.empty(len(y), dtype=object)
        fold_f1 = []
        for tr, te in folds:
            model = factory().fit(X.iloc[tr].reset_index(drop=True), y[tr])
            out[te] = model.predict(X.iloc[te][["text"]].reset_index(drop=True))
            fold_f1.append(f1_score(y[te], out[te].astype(str), average="macro"))
        seconds = time.perf_counter() - t0
        pred[name] = out
        f1, lo, hi = macro_f1_interval(
            y, out.astype(str), clusters=data[groups].astype(str).to_numpy(), n_boot=n_boot,
            seed=seed,
        )
        rows.append(
            {
                "model": name, "macro_f1": f1, "ci_low": lo, "ci_high": hi, "n": len(y),
                "n_articles": int(data[groups].nunique()),
                "fold_f1": ";".join(f"{v:.4f}" for v in fold_f1), "seconds": round(seconds, 1),
            }
        )  # fmt: skip
        log.info("validate: %s: macro-F1 %.3f [%.3f, %.3f] (%.0f s)", name, f1, lo, hi, seconds)
    return pd.DataFrame(rows), pred


def babe_classifier(
    babe: pd.DataFrame,
    folds: list[tuple[np.ndarray, np.ndarray]] | None = None,
    *,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
) -> tuple[pd.DataFrame, dict]:
    """The ablation on BABE: :data:`BIAS_MODELS` (n-grams only, lexicon only, both), stratified
    5-fold cross-validation grouped by article (``folds`` default to :func:`babe_folds`).

    Returns ``(table, info)``: the table ``babe_classifier`` (model, macro_f1, ci_low, ci_high,
    n, n_articles, fold_f1; see :func:`cross_validate_bias_model`) and the run time of each
    model (it varies, so it is kept out of the table)."""
    folds = babe_folds(babe, seed=seed) if folds is None else folds
    s = seed if seed is not None else 0
    models = {name: (lambda f=f: f(s)) for name, f in BIAS_MODELS.items()}
    table, _ = cross_validate_bias_model(babe, models, folds, seed=seed, n_boot=n_boot)
    info = {"seconds_per_model": dict(zip(table["model"], table["seconds"], strict=True))}
    return table.drop(columns="seconds"), info


def train_bias_model(
    datasets_dir: str | Path | None = None,
    *,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
) -> tuple[Pipeline, dict]:
    """Train the sentence bias model (word and character TF-IDF with the cross-fitted induced
    lexicon) on all of BABE, after measuring it by the same cross-validation as
    :func:`babe_classifier`.

    Returns ``(pipeline, provenance)``: the fitted Pipeline and a dict for
    :func:`analysis.save_bias_model`: trained_on, inputs (path and sha256), parameters, seed,
    created (UTC time), versions, cv (macro_f1, ci_low, ci_high, folds, n, n_articles,
    fold_f1) and caveat (:data:`BABE_MODEL_CAVEAT`).
    """
    root = Path(datasets_dir) if datasets_dir is not None else config.DATASETS_DIR
    path = root / BABE_FILE
    babe = read_babe(path)
    s = seed if seed is not None else 0
    folds = babe_folds(babe, seed=seed)
    table, _ = cross_validate_bias_model(
        babe, {MAIN_MODEL: lambda: BIAS_MODELS[MAIN_MODEL](s)}, folds, seed=seed, n_boot=n_boot
    )
    cv = table.iloc[0]
    t0 = time.perf_counter()
    pipeline = BIAS_MODELS[MAIN_MODEL](s).fit(
        babe[["text", "marked_words", "cluster"]], babe["label_bias"].astype(str).to_numpy()
    )
    log.info("train-bias: fitted on %d sentences in %.0f s", len(babe), time.perf_counter() - t0)
    provenance = {
        "trained_on": "BABE SG2 (Spinde et al. 2021), babe_sg2_final.csv: "
        f"{len(babe)} sentences, {babe['cluster'].nunique()} articles, "
        f"{babe['outlet'].nunique()} outlets; labels Biased / Non-biased by experts "
        "(AGPL-3.0: do not commit or distribute this model)",
        "inputs": [{"path": str(path), "sha256": file_sha256(path)}],
        "left_out": babe.attrs.get("left_out", {}),
        "model": MAIN_MODEL,
        "parameters": {"ngrams": ["word", "char"], "lexicon": "induced", "lexicon_weight": 0.2,
                       "C": 1.0, "positive": _POSITIVE},
        "seed": seed,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "versions": {"analysis": __version__, "sklearn": sklearn.__version__,
                     "python": platform.python_version()},
        "cv": {"macro_f1": float(cv["macro_f1"]), "ci_low": float(cv["ci_low"]),
               "ci_high": float(cv["ci_high"]), "folds": BABE_FOLDS, "n": int(cv["n"]),
               "n_articles": int(cv["n_articles"]), "fold_f1": cv["fold_f1"],
               "method": "stratified 5-fold cross-validation grouped by article; 95% "
               "percentile bootstrap over articles"},
        "caveat": BABE_MODEL_CAVEAT,
    }  # fmt: skip
    return pipeline, provenance
