"""Does the lexicon find what people marked? Hits against BABE's annotated words and labels.

:func:`marked_word_overlap` (token- and span-level precision and recall), :func:`sentence_auc`,
:func:`outlet_rates` and :func:`outlet_correlation`, each with intervals from an article
bootstrap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy import stats as sps

from .. import config
from ..lexicons.forms import marked_form, marked_word_forms
from ..stats.bootstrap import bootstrap_ratio
from ..stats.intervals import bootstrap_weights, group_rng, percentile_interval
from ..text.tokens import iter_tokens
from .datasets import VOICE_ORDER

__all__ = [
    "bootstrap_auc",
    "marked_token_counts",
    "marked_word_overlap",
    "outlet_correlation",
    "outlet_rates",
    "sentence_auc",
]


@dataclass
class _Doc:
    """One document's tokens and marked words, normalised for comparison."""

    tokens: list[tuple[int, int, str]]  # (start, end, normalised form)
    gold: set[str]  # normalised tokens of every marked word
    words: list[tuple[str, ...]]  # distinct marked words, as normalised token tuples
    n_empty_words: int = 0  # marked "words" without a single token (punctuation only)


def marked_documents(corpus: pd.DataFrame, marked: str) -> list[_Doc]:
    if marked not in corpus.columns:
        raise ValueError(f"corpus has no {marked!r} column (the annotators' marked words)")
    out = []
    for doc_id, text, words in zip(corpus["doc_id"], corpus["text"], corpus[marked], strict=True):
        if not isinstance(words, (list, tuple)):
            raise ValueError(f"document {doc_id!r}: {marked} must be a list, got {words!r}")
        toks = [(s, e, marked_form(t)) for s, e, t in iter_tokens(text)]
        norms = [marked_word_forms(w) for w in words]
        distinct = list(dict.fromkeys(n for n in norms if n))
        gold = {t for n in distinct for t in n}
        out.append(_Doc(toks, gold, distinct, sum(1 for n in norms if not n)))
    return out


def hit_spans(corpus: pd.DataFrame, hits: pd.DataFrame) -> list[list[tuple[int, int, str]]]:
    """Per corpus row, the (start, end, voice) of its hits."""
    index = {d: i for i, d in enumerate(corpus["doc_id"])}
    unknown = set(hits["doc_id"]) - set(index)
    if unknown:
        raise ValueError(f"hits name documents that are not in the corpus: {sorted(unknown)[:5]}")
    spans: list[list[tuple[int, int, str]]] = [[] for _ in range(len(corpus))]
    for d, s, e, v in zip(hits["doc_id"], hits["start"], hits["end"], hits["voice"], strict=True):
        spans[index[d]].append((int(s), int(e), str(v)))
    return spans


def overlapping(tokens: list[tuple[int, int, str]], start: int, end: int) -> list[str]:
    return [t for s, e, t in tokens if s < end and e > start]


def _predicted_tokens(doc: _Doc, doc_hits: list[tuple[int, int, str]]) -> tuple[set[str], int]:
    """The distinct normalised tokens of ``doc`` that its hits overlap (P of the token level),
    and how many hits overlap a marked token (the correct hits of the span level)."""
    predicted: set[str] = set()
    correct_hits = 0
    for s, e, _ in doc_hits:
        covered = overlapping(doc.tokens, s, e)
        predicted.update(covered)
        correct_hits += any(t in doc.gold for t in covered)
    return predicted, correct_hits


def marked_token_counts(
    corpus: pd.DataFrame, hits: pd.DataFrame, *, marked: str = "marked_words"
) -> np.ndarray:
    """Per corpus row, the token-level counts of :func:`marked_word_overlap`: an integer array
    of shape (rows, 3) holding |P| (distinct normalised tokens a hit overlaps), |P ∩ G| (those
    the annotators marked) and |G| (distinct marked tokens). Summed over rows they give
    ``n_predicted``, ``n_predicted_correct`` and ``n_gold`` of the token level; per row they
    let a caller bootstrap F1 = 2 Σ|P∩G| / (Σ|P| + Σ|G|) as a ratio of sums."""
    docs = marked_documents(corpus, marked)
    out = np.zeros((len(docs), 3), dtype=np.int64)
    for i, (doc, doc_hits) in enumerate(zip(docs, hit_spans(corpus, hits), strict=True)):
        predicted, _ = _predicted_tokens(doc, doc_hits)
        out[i] = (len(predicted), len(predicted & doc.gold), len(doc.gold))
    return out


def cluster_codes(corpus: pd.DataFrame, cluster: str | None) -> np.ndarray:
    """Integer cluster code per row (each row its own cluster when ``cluster`` is None)."""
    if cluster is None:
        return np.arange(len(corpus))
    if cluster not in corpus.columns:
        raise ValueError(f"corpus has no {cluster!r} column to resample by")
    values = corpus[cluster].astype("string")
    filled = values.fillna(pd.Series([f"\0row{i}" for i in range(len(corpus))], index=corpus.index))
    codes, _ = pd.factorize(filled, sort=True)
    return codes


def clustered_ratio(
    num: np.ndarray,
    den: np.ndarray,
    codes: np.ndarray,
    *,
    n_boot: int,
    rng: np.random.Generator,
    ci: float,
    scale: float = 1.0,
    bounds: tuple[float | None, float | None] = (None, None),
) -> tuple[float, float, float]:
    """Ratio of sums with a cluster bootstrap: sums per cluster, then :func:`bootstrap_ratio`
    (a ratio of sums is the same whether summed by row or by cluster)."""
    if len(codes) == 0:
        return math.nan, math.nan, math.nan
    _, codes = np.unique(codes, return_inverse=True)
    k = codes.max() + 1
    n_c = np.bincount(codes, weights=np.asarray(num, float), minlength=k)
    d_c = np.bincount(codes, weights=np.asarray(den, float), minlength=k)
    r = bootstrap_ratio(n_c, d_c, n_boot=n_boot, rng=rng, ci=ci, scale=scale, bounds=bounds)
    return float(r.estimate), float(r.ci_low), float(r.ci_high)


def subsets(corpus: pd.DataFrame, label: str | None) -> list[tuple[str, np.ndarray]]:
    out = [("all", np.ones(len(corpus), dtype=bool))]
    if label is not None:
        if label not in corpus.columns:
            raise ValueError(f"corpus has no {label!r} column")
        values = corpus[label].astype("string")
        for v in sorted(values.dropna().unique()):
            out.append((str(v), (values == v).fillna(False).to_numpy()))
    return out


def marked_word_overlap(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    marked: str = "marked_words",
    label: str | None = "label_bias",
    cluster: str | None = "cluster",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Precision and recall of lexicon hits against the words annotators marked as biased.

    Words are compared as tokens (:mod:`analysis.tokens`) after lower-casing, folding
    apostrophes and dropping a possessive "'s" ("Trump’s" = "trump"). Annotators list words,
    not positions, so every occurrence of a marked word in its sentence counts as marked.

    ``level="token"`` (per sentence s, sets of distinct normalised tokens):
        G_s = tokens of the marked words; P_s = tokens overlapping a hit.
        precision = Σ|P_s ∩ G_s| / Σ|P_s|, recall = Σ|P_s ∩ G_s| / Σ|G_s|.
    ``level="span"`` (lenient overlap):
        a hit is correct when one of its tokens is in G_s (precision = correct hits / hits);
        a marked word (distinct per sentence) is found when one of its tokens is in P_s
        (recall = found words / marked words).

    Rows: level × subset ("all", then each value of ``label``). Columns: ``n_sentences``,
    ``n_predicted`` (tokens or hits), ``n_predicted_correct``, ``precision`` with
    ``precision_low``/``precision_high``, ``n_gold`` (tokens or words), ``n_gold_found``,
    ``recall`` with interval, ``f1`` (2PR/(P+R), no interval), ``n_gold_unreachable`` (marked
    tokens that do not occur in their sentence: annotators' typos such as "gullibe"; kept in the
    recall denominator). Intervals: ratio-of-sums bootstrap (:func:`analysis.stats.bootstrap_ratio`,
    studentized) resampling ``cluster`` (source articles), ``n_boot`` times, level ``ci``.
    """
    docs = marked_documents(corpus, marked)
    spans = hit_spans(corpus, hits)
    n = len(docs)
    tok = np.zeros((n, 4))  # |P|, |P∩G|, |G|, unreachable
    span = np.zeros((n, 4))  # hits, correct hits, words, found words
    for i, (doc, doc_hits) in enumerate(zip(docs, spans, strict=True)):
        present = {t for _, _, t in doc.tokens}
        predicted, correct_hits = _predicted_tokens(doc, doc_hits)
        found = sum(1 for w in doc.words if any(t in predicted for t in w))
        tok[i] = (len(predicted), len(predicted & doc.gold), len(doc.gold), len(doc.gold - present))
        span[i] = (len(doc_hits), correct_hits, len(doc.words), found)
    codes = cluster_codes(corpus, cluster)
    rows = []
    for level, arr in (("token", tok), ("span", span)):
        for subset, mask in subsets(corpus, label):
            a, c = arr[mask], codes[mask]
            rng = group_rng(seed, "babe_word_overlap", level, subset)
            p = clustered_ratio(a[:, 1], a[:, 0], c, n_boot=n_boot, rng=rng, ci=ci, bounds=(0, 1))
            r_num = a[:, 1] if level == "token" else a[:, 3]
            r = clustered_ratio(r_num, a[:, 2], c, n_boot=n_boot, rng=rng, ci=ci, bounds=(0, 1))
            f1 = 2 * p[0] * r[0] / (p[0] + r[0]) if p[0] + r[0] > 0 else math.nan
            rows.append(
                {
                    "level": level,
                    "subset": subset,
                    "n_sentences": int(mask.sum()),
                    "n_predicted": int(a[:, 0].sum()),
                    "n_predicted_correct": int(a[:, 1].sum()),
                    "precision": p[0],
                    "precision_low": p[1],
                    "precision_high": p[2],
                    "n_gold": int(a[:, 2].sum()),
                    "n_gold_found": int(r_num.sum()),
                    "recall": r[0],
                    "recall_low": r[1],
                    "recall_high": r[2],
                    "f1": f1,
                    "n_gold_unreachable": int(a[:, 3].sum()) if level == "token" else 0,
                }
            )
    return pd.DataFrame(rows)


def bootstrap_auc(
    scores: Sequence[float] | np.ndarray,
    labels: Sequence[bool] | np.ndarray,
    *,
    clusters: Sequence | np.ndarray | None = None,
    n_boot: int = 1000,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
    ci: float = 0.95,
) -> tuple[float, float, float]:
    """ROC-AUC of ``scores`` for binary ``labels`` with a percentile bootstrap interval.

    Returns ``(auc, low, high)``. AUC is the probability that a random positive scores higher
    than a random negative, ties counting one half (0.5 = no better than chance); the point
    value is scikit-learn's ``roc_auc_score``. The bootstrap resamples ``clusters`` (rows of one
    cluster together; default: every row its own) and computes the AUC of each resample from
    the resampling weights (a weighted Mann-Whitney count over the distinct score values), so
    1,000 resamples cost a few matrix products. NaN when a class is empty.
    """
    from sklearn.metrics import roc_auc_score

    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=bool)
    if s.shape != y.shape or s.ndim != 1:
        raise ValueError(f"scores and labels must be 1-D of one length, got {s.shape}, {y.shape}")
    if np.isnan(s).any():
        raise ValueError("scores contain NaN")
    if y.all() or not y.any():
        return math.nan, math.nan, math.nan
    auc = float(roc_auc_score(y, s))
    if rng is None:
        rng = np.random.default_rng(seed)
    codes = np.arange(len(s)) if clusters is None else pd.factorize(np.asarray(clusters))[0]
    k = codes.max() + 1
    values, inv = np.unique(s, return_inverse=True)
    # cluster x value counts of positives and of negatives
    pos = sparse.csr_matrix((y.astype(float), (codes, inv)), shape=(k, len(values)))
    neg = sparse.csr_matrix(((~y).astype(float), (codes, inv)), shape=(k, len(values)))
    reps = np.empty(n_boot)
    block = max(1, 2_000_000 // k)
    for start in range(0, n_boot, block):
        stop = min(n_boot, start + block)
        w = bootstrap_weights(k, stop - start, rng).astype(float)
        p = (pos.T @ w.T).T  # replicate x value: weighted positives at each score value
        q = (neg.T @ w.T).T
        below = np.cumsum(q, axis=1) - q  # negatives scoring strictly lower
        num = (p * (below + 0.5 * q)).sum(axis=1)
        den = p.sum(axis=1) * q.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            reps[start:stop] = np.where(den > 0, num / den, np.nan)
    low, high = percentile_interval(reps[:, None], ci)
    return auc, float(low[0]), float(high[0])


def doc_counts(corpus: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """Per corpus row: n_hits, weighted_hits, and hits by voice."""
    ids = corpus["doc_id"].astype(str)
    h = pd.DataFrame(
        {
            "doc_id": hits["doc_id"].astype(str),
            "weight": hits["weight"].astype(float),
            "voice": hits["voice"].astype(str),
        }
    )
    out = pd.DataFrame(index=pd.Index(ids, name="doc_id"))
    out["n_hits"] = h.groupby("doc_id").size().reindex(ids, fill_value=0).to_numpy()
    out["weighted_hits"] = (
        h.groupby("doc_id")["weight"].sum().reindex(ids, fill_value=0.0).to_numpy()
    )
    for v in VOICE_ORDER:
        sel = h[h["voice"] == v]
        out[f"{v}_hits"] = sel.groupby("doc_id").size().reindex(ids, fill_value=0).to_numpy()
    out["n_tokens"] = corpus["n_tokens"].to_numpy()
    if "authorial_tokens" in corpus.columns:  # from voice_token_counts
        out["authorial_tokens"] = corpus["authorial_tokens"].to_numpy()
    return out.reset_index(drop=True)


_AUC_SCORES = {
    "n_hits": "hits in the sentence",
    "weighted_hits": "sum of the hits' weights",
    "rate_per_1k": "hits per 1,000 tokens of the sentence",
    "authorial_hits": "hits in the outlet's own voice only",
}


def sentence_auc(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    label: str = "is_biased",
    cluster: str | None = "cluster",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """How well per-sentence lexicon scores separate Biased from Non-biased sentences.

    One row per score: ``n_hits``, ``weighted_hits``, ``rate_per_1k`` (hits per 1,000 tokens),
    ``authorial_hits`` (hits the voice analysis gives to the outlet). Columns: ``meaning``,
    ``n_positive``/``n_negative`` (sentences with ``label`` true / false), ``auc`` with
    ``auc_low``/``auc_high`` (:func:`bootstrap_auc`, resampling ``cluster``),
    ``mean_positive``/``mean_negative`` (mean score per class), ``any_hit_positive``/
    ``any_hit_negative`` (share of sentences with at least one hit).
    """
    if label not in corpus.columns:
        raise ValueError(f"corpus has no {label!r} column")
    y = corpus[label].astype(bool).to_numpy()
    counts = doc_counts(corpus, hits)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(counts["n_tokens"] > 0, 1000.0 * counts["n_hits"] / counts["n_tokens"], 0.0)
    columns = {
        "n_hits": counts["n_hits"].to_numpy(float),
        "weighted_hits": counts["weighted_hits"].to_numpy(float),
        "rate_per_1k": rate,
        "authorial_hits": counts["authorial_hits"].to_numpy(float),
    }
    codes = cluster_codes(corpus, cluster)
    any_hit = counts["n_hits"].to_numpy() > 0
    rows = []
    for name, s in columns.items():
        rng = group_rng(seed, "babe_sentence_auc", name)
        auc, low, high = bootstrap_auc(s, y, clusters=codes, n_boot=n_boot, rng=rng, ci=ci)
        rows.append(
            {
                "score": name,
                "meaning": _AUC_SCORES[name],
                "n_positive": int(y.sum()),
                "n_negative": int((~y).sum()),
                "auc": auc,
                "auc_low": low,
                "auc_high": high,
                "mean_positive": float(s[y].mean()) if y.any() else math.nan,
                "mean_negative": float(s[~y].mean()) if (~y).any() else math.nan,
                "any_hit_positive": float(any_hit[y].mean()) if y.any() else math.nan,
                "any_hit_negative": float(any_hit[~y].mean()) if (~y).any() else math.nan,
            }
        )
    return pd.DataFrame(rows)


# (column, numerator, denominator) of the rates per 1,000 tokens; the last one only when the corpus
# has authorial_tokens (voice_token_counts)
_RATES = (
    ("rate_per_1k", "n_hits", "n_tokens"),
    ("authorial_rate_per_1k", "authorial_hits", "n_tokens"),
    ("authorial_own_rate_per_1k", "authorial_hits", "authorial_tokens"),
)


COUNTING = {
    "rate_per_1k": "all",
    "authorial_rate_per_1k": "authorial",
    "authorial_own_rate_per_1k": "authorial_own",
}


def rates_for(counts: pd.DataFrame) -> list[tuple[str, str, str]]:
    return [r for r in _RATES if r[2] in counts.columns]


def outlet_rates(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    label: str = "is_biased",
    cluster: str | None = "cluster",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Per outlet: the annotators' share of Biased sentences and the lexicon's hit rate.

    Columns: ``outlet``, ``n_sentences``, ``n_articles`` (distinct ``cluster`` values),
    ``n_biased``, ``biased_share`` with a Wilson interval (``biased_share_low``/``_high``;
    sentences as independent trials, which is optimistic when an article gives several),
    ``n_tokens``, ``n_hits``, ``rate_per_1k`` (hits per 1,000 tokens, all voices),
    ``authorial_rate_per_1k`` (authorial hits per 1,000 tokens) and, when the corpus has
    ``authorial_tokens`` (:func:`voice_token_counts`), ``authorial_token_share`` (share of the
    tokens in the outlet's own voice) and ``authorial_own_rate_per_1k`` (authorial hits per
    1,000 *authorial* tokens: how loaded the outlet's own words are, whatever it quotes), each
    with a bootstrap interval resampling articles within the outlet. Sorted by outlet.
    """
    counts = doc_counts(corpus, hits)
    y = corpus[label].astype(bool).to_numpy()
    codes = cluster_codes(corpus, cluster)
    outlets = corpus["outlet"].astype(str).to_numpy()
    rows = []
    for outlet in sorted(set(outlets)):
        m = outlets == outlet
        k, n = int(y[m].sum()), int(m.sum())
        wilson = sps.binomtest(k, n).proportion_ci(confidence_level=ci, method="wilson")
        row = {
            "outlet": outlet,
            "n_sentences": n,
            "n_articles": len(set(codes[m])),
            "n_biased": k,
            "biased_share": k / n,
            "biased_share_low": wilson.low,
            "biased_share_high": wilson.high,
            "n_tokens": int(counts["n_tokens"][m].sum()),
            "n_hits": int(counts["n_hits"][m].sum()),
        }
        if "authorial_tokens" in counts.columns:
            row["authorial_token_share"] = float(
                counts["authorial_tokens"][m].sum() / max(row["n_tokens"], 1)
            )
        for col, num, den in rates_for(counts):
            rng = group_rng(seed, "babe_outlets", outlet, col)
            est, low, high = clustered_ratio(
                counts[num].to_numpy(float)[m],
                counts[den].to_numpy(float)[m],
                codes[m],
                n_boot=n_boot,
                rng=rng,
                ci=ci,
                scale=1000.0,
                bounds=(0, None),
            )
            row.update({col: est, f"{col}_low": low, f"{col}_high": high})
        rows.append(row)
    return pd.DataFrame(rows)


def outlet_correlation(
    outlets: pd.DataFrame, *, min_sentences: int = 30, ci: float = 0.95
) -> pd.DataFrame:
    """Spearman's rho over outlets between ``biased_share`` and each lexicon rate (and the
    share of the outlet's tokens in its own voice, which needs no lexicon).

    ``outlets`` is :func:`outlet_rates`'s table (optionally with a ``lexicon`` column: one
    correlation per lexicon). Outlets with fewer than ``min_sentences`` sentences are left out
    of the correlation (their shares are too noisy to rank) and named in ``left_out``. One row
    per (lexicon,) measure: ``measure`` ("rate_per_1k", "authorial_rate_per_1k" and, when
    present, "authorial_own_rate_per_1k" and "authorial_token_share"),
    ``n_outlets``, ``spearman_rho``, ``rho_low``/``rho_high`` (Fisher z interval with the
    Bonett-Wright variance (1 + rho²/2)/(n - 3); NaN for n ≤ 3), ``p_value`` (scipy's, two-
    sided; with so few outlets read it as a rough guide), ``left_out``.
    """
    groups = outlets.groupby("lexicon", sort=False) if "lexicon" in outlets else [(None, outlets)]
    z = sps.norm.ppf((1 + ci) / 2)
    rows = []
    for lex, table in groups:
        keep = table["n_sentences"] >= min_sentences
        used = table[keep]
        measures = [r[0] for r in _RATES] + ["authorial_token_share"]
        for col in [m for m in measures if m in table.columns]:
            n = len(used)
            rho = p = low = high = math.nan
            if n >= 3 and used["biased_share"].nunique() > 1 and used[col].nunique() > 1:
                res = sps.spearmanr(used["biased_share"], used[col])
                rho, p = float(res.statistic), float(res.pvalue)
                if n > 3 and abs(rho) < 1 - 1e-9:  # |rho| = 1: no interval
                    se = math.sqrt((1 + rho**2 / 2) / (n - 3))
                    low, high = (
                        math.tanh(math.atanh(rho) - z * se),
                        math.tanh(math.atanh(rho) + z * se),
                    )
            row = {} if lex is None else {"lexicon": lex}
            row.update(
                {
                    "measure": col,
                    "n_outlets": n,
                    "spearman_rho": rho,
                    "rho_low": low,
                    "rho_high": high,
                    "p_value": p,
                    "min_sentences": min_sentences,
                    "left_out": "; ".join(table.loc[~keep, "outlet"].astype(str)),
                }
            )
            rows.append(row)
    return pd.DataFrame(rows)
