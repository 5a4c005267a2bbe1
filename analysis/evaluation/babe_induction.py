"""Does an induced lexicon find the words experts marked? Lexicon induction measured on BABE.

For each of 5 folds grouped by article (:func:`babe_folds`), a lexicon is induced from the
four training folds only (:class:`analysis.MarkedLexiconInducer`, its threshold and priors
chosen by :func:`analysis.tune_marked_inducer` with an inner grouped cross-validation of those
training folds) and the held-out sentences are scored with it by the product itself
(``analysis.score``); the hits are compared with the experts' marked words at token level
(``analysis.marked_word_overlap``, docs/validation.md). The pooled row scores every held-out
sentence with its own fold's lexicon. A baseline induced without smoothing, inflections,
phrases or tuning (every training word marked in at least 30% of its sentences) is measured on
the same folds.

F1 = 2 Σ|P∩G| / (Σ|P| + Σ|G|) is a ratio of sums, so its interval is the same article
bootstrap as precision and recall (:func:`analysis.stats.bootstrap_ratio`, studentized).
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold

from .. import config
from ..lexicons.files import Lexicon
from ..lexicons.terms import term_problem
from ..models.marked import MARKED_INDUCER_GRID, marked_term_rates, tune_marked_inducer
from ..scoring.hits import score
from ..stats.intervals import group_rng
from .lexicon_checks import cluster_codes, clustered_ratio, marked_token_counts, marked_word_overlap

log = logging.getLogger(__name__)

__all__ = [
    "BABE_FOLDS",
    "babe_folds",
    "babe_induced_lexicon",
]

BABE_FOLDS = 5
INDUCED = "induced (tuned marked rate)"
BASELINE = "baseline (raw marked rate >= 0.3)"
_BASELINE_RATE = 0.3


def babe_folds(
    babe: pd.DataFrame, *, n_splits: int = BABE_FOLDS, seed: int | None = config.DEFAULT_SEED
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The folds both BABE model checks use: ``StratifiedGroupKFold(n_splits, shuffle=True,
    random_state=seed)`` on ``label_bias``, grouped by ``cluster`` (the source article, so the
    sentences of one article are never split). Returns (train, test) row indices per fold."""
    cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    groups = babe["cluster"].astype(str).to_numpy()
    return list(cv.split(np.zeros(len(babe)), babe["label_bias"].astype(str), groups))


def _lexicon_of(terms, name: str) -> Lexicon:
    terms = [t for t in dict.fromkeys(terms) if term_problem(t) is None]
    return Lexicon.from_frame(pd.DataFrame({"term": terms, "category": name}), name=name)


def overlap_row(
    corpus: pd.DataFrame, hits: pd.DataFrame, *, n_boot: int, seed: int | None, key: str
) -> dict:
    """Token-level counts, precision, recall and F1 of ``hits`` against the marked words of
    ``corpus``, each with a 95% article-bootstrap interval (a dict of the table's columns).
    Precision and recall are ``marked_word_overlap``'s; F1's interval comes from the
    per-sentence counts, whose totals must equal that function's (checked)."""
    ov = marked_word_overlap(corpus, hits, n_boot=n_boot, seed=seed, label=None)
    row = ov[(ov["level"] == "token") & (ov["subset"] == "all")].iloc[0]
    counts = marked_token_counts(corpus, hits)
    tot = counts.sum(axis=0)
    if tuple(tot) != (row["n_predicted"], row["n_predicted_correct"], row["n_gold"]):
        raise AssertionError(f"{key}: per-sentence counts {tot} differ from marked_word_overlap")
    f1 = clustered_ratio(
        2 * counts[:, 1], counts[:, 0] + counts[:, 2], cluster_codes(corpus, "cluster"),
        n_boot=n_boot, rng=group_rng(seed, "babe_induced_f1", key), ci=0.95, bounds=(0, 1),
    )
    return {
        "n_sentences": int(row["n_sentences"]),
        "n_articles": int(corpus["cluster"].nunique()),
        "n_flagged": int(row["n_predicted"]),
        "n_flagged_marked": int(row["n_predicted_correct"]),
        "n_marked": int(row["n_gold"]),
        "precision": row["precision"],
        "precision_low": row["precision_low"],
        "precision_high": row["precision_high"],
        "recall": row["recall"],
        "recall_low": row["recall_low"],
        "recall_high": row["recall_high"],
        "f1": f1[0],
        "f1_low": f1[1],
        "f1_high": f1[2],
    }


def _fold_lexicons(
    babe: pd.DataFrame, folds, seed: int | None
) -> tuple[dict[str, list[Lexicon]], list[dict]]:
    """Per method, the lexicon of each fold (from its training sentences only), and the
    parameters the inner cross-validation chose for the induced one."""
    lexicons: dict[str, list[Lexicon]] = {INDUCED: [], BASELINE: []}
    chosen = []
    for f, (tr, _) in enumerate(folds):
        train = babe.iloc[tr]
        texts, marked = train["text"].tolist(), train["marked_words"].tolist()
        est, table = tune_marked_inducer(
            texts, marked, groups=train["cluster"].astype(str).to_numpy(),
            stratify=train["label_bias"].astype(str).to_numpy(), n_splits=BABE_FOLDS,
            seed=seed if seed is not None else 0,
        )  # fmt: skip
        est.fit(texts, marked)
        kinds = est.terms_["kind"].value_counts()
        chosen.append(
            {
                "fold": f,
                **{k: v for k, v in est.get_params().items() if k in MARKED_INDUCER_GRID},
                "inner_f1": round(float(table["f1"].iloc[0]), 6),
                "terms": {k: int(kinds.get(k, 0)) for k in ("seen", "inflection", "phrase")},
            }
        )
        lexicons[INDUCED].append(est.to_lexicon(name=f"induced_fold{f}"))
        rates = marked_term_rates(texts, marked, max_n=1)
        keep = rates[(rates["n_marked"] > 0) & (rates["marked_rate"] >= _BASELINE_RATE)].index
        lexicons[BASELINE].append(_lexicon_of(keep, "marked_rate_baseline"))
    return lexicons, chosen


def babe_induced_lexicon(
    babe: pd.DataFrame,
    folds: list[tuple[np.ndarray, np.ndarray]] | None = None,
    *,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    annotator=None,
) -> tuple[pd.DataFrame, dict]:
    """Token-level precision, recall and F1 of lexicons induced on training folds, on the
    held-out folds of BABE (``babe`` as :func:`analysis.read_babe` returns it).

    ``folds`` default to :func:`babe_folds`. Returns ``(table, info)``: the table
    ``babe_induced_lexicon`` has one row per method (the induced lexicon, then the baseline) and
    fold (0-4, then "pooled"): method, fold, n_terms, n_sentences, n_articles, n_flagged (tokens
    a hit overlaps), n_flagged_marked, n_marked (marked tokens), precision, recall and f1, each
    with ``_low``/``_high`` (95% article bootstrap, ``n_boot`` resamples); ``info`` records the
    parameters chosen in each fold and the terms kept. ``annotator`` is passed to
    ``analysis.score`` (voices do not change which tokens are flagged).
    """
    folds = babe_folds(babe, seed=seed) if folds is None else folds
    lexicons, chosen = _fold_lexicons(babe, folds, seed)
    rows = []
    for method, per_fold in lexicons.items():
        pooled = []
        for f, ((_, te), lex) in enumerate(zip(folds, per_fold, strict=True)):
            test = babe.iloc[te].reset_index(drop=True)
            hits = score(test, lex, annotator=annotator)
            pooled.append(hits)
            stats = overlap_row(test, hits, n_boot=n_boot, seed=seed, key=f"{method}/{f}")
            rows.append({"method": method, "fold": str(f), "n_terms": len(lex), **stats})
        hits = pd.concat(pooled, ignore_index=True)
        stats = overlap_row(babe, hits, n_boot=n_boot, seed=seed, key=f"{method}/pooled")
        n_terms = int(round(np.mean([len(lex) for lex in per_fold])))
        rows.append({"method": method, "fold": "pooled", "n_terms": n_terms, **stats})
        log.info("validate: %s: pooled token F1 %.3f [%.3f, %.3f]", method, stats["f1"],
                 stats["f1_low"], stats["f1_high"])
    info = {
        "folds": f"StratifiedGroupKFold(n_splits={len(folds)}, shuffle=True, random_state={seed}) "
        "on label_bias, groups = cluster (source article)",
        "fold_sizes": [int(len(te)) for _, te in folds],
        "chosen_per_fold": chosen,
        "grid": {k: list(v) for k, v in MARKED_INDUCER_GRID.items()},
    }
    return pd.DataFrame(rows), info
