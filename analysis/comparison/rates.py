"""Loaded-term rates per 1,000 tokens by group x category x voice, with document-bootstrap intervals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import config
from ..scoring.summaries import VOICE_TOKEN_COLUMNS
from ..tables import require_columns
from .groups import ALL, RATE_VOICES, GroupBootstrap, check_hits, group_documents, group_rows
from .inputs import side_inputs

__all__ = [
    "RATES_COLUMNS",
    "rates",
]


def _rate_cells(
    docs: pd.DataFrame, hits: pd.DataFrame, categories: Sequence[str]
) -> tuple[list[tuple[str, str]], np.ndarray, np.ndarray]:
    """Per-document hit counts for every (category, voice) cell, plain and weighted.

    Returns (cells, counts, weighted) with counts of shape (n_docs, n_cells). Cells are each
    category and "ALL", times "all" and each voice.
    """
    cats = [*categories, ALL]
    cells = [(c, v) for c in cats for v in RATE_VOICES]
    n_v = len(RATE_VOICES)
    counts = np.zeros((len(docs), len(cells)))
    weighted = np.zeros_like(counts)
    if len(hits):
        row = pd.Index(docs["doc_id"]).get_indexer(hits["doc_id"])
        c_idx = pd.Index(cats).get_indexer(hits["category"])
        v_idx = pd.Index(RATE_VOICES).get_indexer(hits["voice"])
        w = hits["weight"].to_numpy(dtype=float)
        all_c = len(cats) - 1
        for c_part, v_part in ((c_idx, v_idx), (c_idx, 0), (all_c, v_idx), (all_c, 0)):
            col = c_part * n_v + v_part
            np.add.at(counts, (row, col), 1.0)
            np.add.at(weighted, (row, col), w)
    return cells, counts, weighted


def _categories_for(
    hits: pd.DataFrame, categories: Sequence[str] | None, recorded: dict | None = None
) -> list[str]:
    """The lexicon's categories: given, else recorded by ``analysis.score`` in the hits' attrs
    (``recorded``), else those present in the (validated) hits, sorted."""
    found = list(dict.fromkeys(hits["category"].astype(str)))
    if categories is None:
        categories = (recorded or {}).get("categories")
    if categories is None:
        return sorted(found)
    categories = [str(c) for c in categories]
    if ALL in categories:
        raise ValueError(f"{ALL!r} is reserved for the total over categories")
    extra = sorted(set(found) - set(categories))
    if extra:
        raise ValueError(
            f"hits have categories not in the lexicon: {', '.join(extra[:5])} "
            "(were the hits scored with another lexicon?)"
        )
    return categories


def rate_inputs(corpus, hits, *, by, period, dedup, categories):
    """What every rate table starts from: the documents, the categories (given, recorded by
    ``analysis.score`` in the hits' attrs, or found in the hits), and the per-document counts
    of :func:`_rate_cells`. Returns (docs, categories, cells, counts, weighted)."""
    docs = group_documents(corpus, by=by, period=period, dedup=dedup)
    recorded = hits.attrs.get("lexicon") if isinstance(hits, pd.DataFrame) else None
    hits = check_hits(hits, corpus, docs)
    cats = _categories_for(hits, categories, recorded)
    cells, counts, weighted = _rate_cells(docs, hits, cats)
    return docs, cats, cells, counts, weighted


def rate_replicates(
    docs, num, den, *, seed, n_boot, ci, ci_method="auto", keep=False, groups=None
):
    """Yield (group, row indices, RatioBootstrap) of per-1,000-token ratios for every group
    (or ``groups``): ``num`` (n_docs, k) hits, ``den`` (n_docs,) or (n_docs, k) tokens.

    The one place a group's rate resamples are drawn: the generator key ("rates", group) and
    the resampling weights do not depend on the columns (a group's weights are drawn first),
    so :func:`rates`, :func:`rate_differences` and :func:`outlet_distances` bootstrap any
    columns of a group from the very same resamples.
    """
    boot = GroupBootstrap(seed, n_boot, ci, ci_method)
    for g, idx in group_rows(docs, groups):
        res = boot(num[idx], den[idx], "rates", g, scale=1000.0, bounds=(0.0, None), keep=keep)
        yield g, idx, res


def voice_token_matrix(
    corpus: pd.DataFrame,
    docs: pd.DataFrame,
    *,
    attributions: pd.DataFrame | None,
    voice_tokens: pd.DataFrame | None,
) -> np.ndarray:
    """(n_docs, 4) tokens of each document of ``docs`` in each of RATE_VOICES ("all" first).

    From ``voice_tokens`` (:func:`analysis.voice_token_counts` output) when given, else computed
    from ``attributions`` (or, without them, from a voice annotator fitted on the corpus, as
    ``analysis.score`` does by default). The voices must add up to the corpus ``n_tokens``.
    """
    if voice_tokens is None:
        voice_tokens = side_inputs(
            corpus, docs, attributions=attributions, need=("voice_tokens",)
        ).voice_tokens
    require_columns(
        voice_tokens, VOICE_TOKEN_COLUMNS, "voice_tokens table",
        hint="expected analysis.voice_token_counts output",
    )
    vt = voice_tokens.assign(doc_id=voice_tokens["doc_id"].astype(str)).drop_duplicates("doc_id")
    vt = vt.set_index("doc_id").reindex(docs["doc_id"])
    absent = vt.index[vt[VOICE_TOKEN_COLUMNS[1:]].isna().any(axis=1)]
    if len(absent):
        raise ValueError(
            f"voice_tokens has no row for {len(absent)} document(s): {', '.join(absent[:5])}"
        )
    parts = vt[VOICE_TOKEN_COLUMNS[1:]].to_numpy(dtype=float)
    n_tok = docs["n_tokens"].to_numpy(dtype=float)
    off = np.flatnonzero(parts.sum(axis=1) != n_tok)
    if len(off):
        shown = ", ".join(
            f"{docs['doc_id'].iloc[i]} ({int(parts[i].sum())} vs {int(n_tok[i])})" for i in off[:5]
        )
        raise ValueError(
            f"tokens by voice do not add up to the corpus n_tokens for {len(off)} document(s): "
            f"{shown}; was n_tokens computed with analysis.tokens.count_tokens on this text?"
        )
    return np.column_stack([n_tok, parts])


def rates(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    categories: Sequence[str] | None = None,
    attributions: pd.DataFrame | None = None,
    voice_tokens: pd.DataFrame | None = None,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
    ci_method: str = "auto",
) -> pd.DataFrame:
    """Loaded-term rates per 1,000 tokens by group x category x voice, with bootstrap intervals.

    Returns one row per group x category (each of ``categories`` — default: those in the hits —
    and ``"ALL"``) x voice (``"all"``, ``"authorial"``, ``"quoted"``, ``"reported"``):

    - ``n_docs``, ``n_tokens``: documents in the group and their tokens (``analysis.tokens``);
    - ``n_hits``: hits in that category and voice; ``n_docs_with_hits``: documents with >= 1;
    - ``rate_per_1k``: pooled rate over **all tokens**, ``1000 * n_hits / n_tokens``;
    - ``ci_low``, ``ci_high``: ``ci`` document-bootstrap interval, resampling the group's
      documents ``n_boot`` times (NaN when the group has one document; [0, 0] when it has no hit,
      which says nothing was seen in ``n_docs`` documents, not that the rate is known to be 0);
      ``ci_method`` says how it was obtained (see :func:`analysis.stats.bootstrap_ratio`; the
      default ``"auto"`` uses the expanded percentile interval below 20 documents and the
      studentized one from 20 on);
    - ``weighted_hits``, ``weighted_rate_per_1k``, ``weighted_ci_low``, ``weighted_ci_high``: the
      same with each hit counted at its lexicon weight;
    - ``n_tokens_voice``: tokens of the group's documents that stand in the row's voice (all
      tokens for "all"); ``share_tokens_voice`` = ``n_tokens_voice / n_tokens``;
      ``n_docs_voice``: documents with at least one token in that voice;
    - ``rate_per_1k_voice``: the rate **per 1,000 tokens of the same voice**, ``1000 * n_hits /
      n_tokens_voice`` (authorial hits per 1,000 of the outlet's own words; quoted hits per
      1,000 quoted words); ``ci_low_voice``, ``ci_high_voice``, ``ci_method_voice``: its
      interval, from the same resamples.

    Two denominators, two questions. ``rate_per_1k`` divides every voice by all tokens, so the
    voices' rates add up to the "all" rate and show how an outlet's loaded words divide between
    its own voice and its sources'; but an outlet's authorial rate then falls whenever it quotes
    more. ``rate_per_1k_voice`` asks how loaded each voice's own words are, whatever their share
    of the text (docs/statistics.md, "Two denominators").

    The voice of each token comes from the quote and reported-speech spans of ``attributions``
    (``analysis.voice.attribution_table`` of this corpus) or from ``voice_tokens``
    (``analysis.voice_token_counts``); without either they are computed with a voice annotator
    fitted on the corpus, as ``analysis.score`` does (see :func:`analysis.voice_token_counts`).

    Groups with no hit still appear, with rate 0; groups whose documents are all non-canonical
    copies appear with ``n_docs`` 0 and NaN rates.
    """
    docs, _cats, cells, counts, weighted = rate_inputs(
        corpus, hits, by=by, period=period, dedup=dedup, categories=categories
    )
    k = len(cells)
    vtok = voice_token_matrix(corpus, docs, attributions=attributions, voice_tokens=voice_tokens)
    v_of_cell = pd.Index(RATE_VOICES).get_indexer([v for _, v in cells])
    # (n_docs, k): each cell's denominator in its own voice
    cell_tokens = RowColumns((vtok, v_of_cell))
    # Columns: hits and weighted hits per all tokens, then hits per tokens of the cell's voice,
    # built a group's rows at a time (the whole matrices would take 2 KB a document)
    tokens = docs["n_tokens"].to_numpy(dtype=float)
    num = RowColumns((counts, None), (weighted, None), (counts, None))
    den = RowColumns((tokens, 2 * k), (vtok, v_of_cell))
    frames = []
    for g, idx, res in rate_replicates(
        docs, num, den, seed=seed, n_boot=n_boot, ci=ci, ci_method=ci_method
    ):
        n_tok = int(docs["n_tokens"].to_numpy()[idx].sum())
        tok_v = cell_tokens[idx].sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            share_v = tok_v / n_tok if n_tok else np.full(k, np.nan)
        own = slice(2 * k, 3 * k)
        frames.append(
            pd.DataFrame(
                {
                    "group": g,
                    "category": [c for c, _ in cells],
                    "voice": [v for _, v in cells],
                    "n_docs": len(idx),
                    "n_tokens": n_tok,
                    "n_hits": counts[idx].sum(axis=0).astype(np.int64),
                    "rate_per_1k": res.estimate[:k],
                    "ci_low": res.ci_low[:k],
                    "ci_high": res.ci_high[:k],
                    "weighted_hits": weighted[idx].sum(axis=0),
                    "weighted_rate_per_1k": res.estimate[k : 2 * k],
                    "weighted_ci_low": res.ci_low[k : 2 * k],
                    "weighted_ci_high": res.ci_high[k : 2 * k],
                    "n_docs_with_hits": (counts[idx] > 0).sum(axis=0).astype(np.int64),
                    "ci_method": res.method[:k].astype(str),
                    "n_tokens_voice": tok_v.astype(np.int64),
                    "share_tokens_voice": share_v,
                    "n_docs_voice": (cell_tokens[idx] > 0).sum(axis=0).astype(np.int64),
                    "rate_per_1k_voice": res.estimate[own],
                    "ci_low_voice": res.ci_low[own],
                    "ci_high_voice": res.ci_high[own],
                    "ci_method_voice": res.method[own].astype(str),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True) if frames else _empty_rates()
    return out.astype({"group": str, "category": str, "voice": str})


class RowColumns:
    """A documents x columns matrix built only for the rows asked: ``m[idx]`` stacks, side by
    side, the rows ``idx`` of each part ``(array, cols)``: a 2-D array's columns ``cols`` (all
    when None), or a 1-D array repeated ``cols`` times. The same numbers as the whole matrix's
    rows, without holding the whole matrix."""

    def __init__(self, *parts: tuple[np.ndarray, object]):
        self._parts = parts

    def __getitem__(self, idx) -> np.ndarray:
        blocks = []
        for array, cols in self._parts:
            rows = array[idx]
            if array.ndim == 1:
                blocks.append(np.repeat(rows[:, None], cols, axis=1))
            else:
                blocks.append(rows if cols is None else rows[:, cols])
        return np.hstack(blocks)


RATES_COLUMNS = [
    "group",
    "category",
    "voice",
    "n_docs",
    "n_tokens",
    "n_hits",
    "rate_per_1k",
    "ci_low",
    "ci_high",
    "weighted_hits",
    "weighted_rate_per_1k",
    "weighted_ci_low",
    "weighted_ci_high",
    "n_docs_with_hits",
    "ci_method",
    "n_tokens_voice",
    "share_tokens_voice",
    "n_docs_voice",
    "rate_per_1k_voice",
    "ci_low_voice",
    "ci_high_voice",
    "ci_method_voice",
]


def _empty_rates() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in RATES_COLUMNS})
