"""Compare framing across outlets (or any grouping of documents), with uncertainty.

Tables, each a pure function of the corpus (and hits) table:

- :func:`rates`: loaded-term hits per 1,000 tokens by group x category x voice, with document-
  bootstrap intervals (``rates.csv``).
- :func:`rate_differences`: for pairs of groups, the difference and ratio of their rates with
  intervals from the same resamples (``differences.csv``): overlapping rate intervals are not a
  test of a difference.
- :func:`keyness`: words and phrases each group uses more than the others, by the log-odds ratio
  with informative Dirichlet prior of Monroe, Colaresi & Quinn (2008) (``keyness.csv``), each
  group's own name left out of its list (:func:`self_names`).
- :func:`naming_shares`: each group's share of each name variant of a referent (``naming.csv``).
- :func:`sources`: who each group lets speak, by side, actor and speaker (``sources.csv``).
- :func:`tone`: VADER tone of the sentences that mention each actor (``tone.csv``).
- :func:`outlet_distances` and :func:`outlet_map`: how alike the groups' category profiles are,
  and a 2-D map of them (``distances.csv``, ``outlet_map.csv``).
- :func:`compare`: all of the above in one :class:`Comparison`, written by
  :meth:`Comparison.to_dir`; ``python -m analysis compare`` on the command line.

Conventions shared by every table:

- Documents are the sampling unit: every interval comes from a bootstrap that resamples whole
  documents within a group (:func:`analysis.stats.bootstrap_ratio`; by default the expanded
  percentile interval for groups of fewer than 20 informative documents and the studentized one
  from 20 on, ``ci_method=`` for another), seeded by ``seed`` and the group's label. A
  ``ci_method`` column says how each interval was obtained.
- ``dedup=True`` keeps only canonical copies (``is_canonical``): a story reposted by five sites
  counts once, for the outlet that holds the canonical copy. ``dedup=False`` counts every copy.
- ``by`` names the corpus column that defines groups (``outlet``, ``origin_outlet``, or any extra
  column such as ``section``); ``period`` ("D", "W", "M", "Q", "Y" or any pandas period alias)
  groups by calendar period of the datetime column ``by`` (default ``published``), labelled like
  ``2023-09`` (month) or ``2023-09-18/2023-09-24`` (week, Monday to Sunday, UTC). Documents whose
  group value is missing form the group ``(missing)``: they are reported, not dropped.

docs/statistics.md explains every number and formula.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from . import config
from .origin import domain_label
from .stats import (
    CONTRAST_METHODS,
    ContrastInterval,
    RatioBootstrap,
    bootstrap_contrast,
    bootstrap_ratio,
    group_rng,
    percentile_interval,
)
from .tokens import TOKEN_PATTERN
from .voice import VOICES

__all__ = [
    "DIFFERENCES_COLUMNS",
    "DIFFERENCES_MAX_GROUPS",
    "ENGLISH_STOPWORDS",
    "GROUP_MISSING",
    "RATES_COLUMNS",
    "RATE_VOICES",
    "Comparison",
    "compare",
    "group_labels",
    "keyness",
    "keyness_terms",
    "load_actors",
    "naming_shares",
    "outlet_distances",
    "outlet_map",
    "rate_differences",
    "rates",
    "self_names",
    "sources",
    "tone",
    "vader_compound",
    "write_tables",
]

log = logging.getLogger(__name__)

RATE_VOICES = ("all", *VOICES)
GROUP_MISSING = "(missing)"
UNNAMED = "(unnamed)"
UNMAPPED = "(unmapped)"
ALL = "ALL"
_HIT_VOICES = VOICES
_KINDS = ("all", "quoted", "reported")

# A small English function-word list, written for this project (NLTK's list needs a download).
# Only grammatical words: no reporting verbs ("said", "claimed"), no negations beyond "not"/"no"
# (how an outlet negates can be a framing choice, but these two are everywhere), no content words.
ENGLISH_STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but nor so yet if then than as of in on at to for from by with about into
    onto over under after before between during through without within against among across
    up down out off above below near since until upon via per
    i me my mine we us our ours you your yours he him his she her hers it its they them their
    theirs this that these those who whom whose which what where when why how there here
    is are was were be been being am has have had having do does did doing will would shall
    should can could may might must not no
    also just very too more most such other some any each every all both either neither own
    same only than it's that's there's he's she's they're we're i'm
    """.split()
)


# ------------------------------------------------------------------------------------- groups


def group_labels(
    corpus: pd.DataFrame, by: str = "outlet", *, period: str | None = None
) -> pd.Series:
    """Return the group label of every document (a string Series aligned with ``corpus``).

    ``by`` is a corpus column. With ``period`` (a pandas period alias such as "W" or "M"), ``by``
    must be a datetime column (default use: ``by="published"``) and the label is the period
    containing the time, in UTC (``2023-09`` for "M"). Missing values get the label
    ``(missing)``, so no document silently leaves the comparison.
    """
    if by not in corpus.columns:
        raise ValueError(
            f"cannot group by {by!r}: the corpus has no such column "
            f"(columns: {', '.join(map(str, corpus.columns))})"
        )
    col = corpus[by]
    if period is not None:
        if not pd.api.types.is_datetime64_any_dtype(col):
            # format="mixed": each value parsed on its own, so one format does not turn the
            # others into NaT (unparseable values are reported below as missing).
            col = pd.to_datetime(col, utc=True, errors="coerce", format="mixed")
        if getattr(col.dt, "tz", None) is not None:
            col = col.dt.tz_convert("UTC").dt.tz_localize(None)
        try:
            labels = col.dt.to_period(period).astype("string")
        except (ValueError, TypeError) as exc:
            raise ValueError(f"period {period!r} is not a pandas period alias ({exc})") from None
    else:
        labels = col.astype("string")
    labels = labels.str.strip().replace("", pd.NA).fillna(GROUP_MISSING)
    n_missing = int((labels == GROUP_MISSING).sum())
    if n_missing:
        log.warning("%d document(s) have no %r value: grouped as %s", n_missing, by, GROUP_MISSING)
    return labels.astype(str)


def _docs(
    corpus: pd.DataFrame,
    *,
    by: str,
    period: str | None,
    dedup: bool,
    text: bool = False,
) -> pd.DataFrame:
    """Documents that enter a comparison: doc_id, group, n_tokens (+ text), in corpus order."""
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(f"corpus must be a DataFrame, got {type(corpus).__name__}")
    needed = (
        ["doc_id", "n_tokens"] + (["is_canonical"] if dedup else []) + (["text"] if text else [])
    )
    missing = [c for c in needed if c not in corpus.columns]
    if missing:
        raise ValueError(
            f"corpus is missing column(s) {', '.join(missing)} "
            "(build it with analysis.load_corpus or analysis.corpus.coerce_corpus)"
        )
    if corpus["doc_id"].duplicated().any():
        dup = corpus["doc_id"][corpus["doc_id"].duplicated()].unique()[:5]
        raise ValueError(f"corpus doc_id is not unique: {', '.join(map(str, dup))}")
    groups = group_labels(corpus, by, period=period)
    keep = corpus["is_canonical"].astype(bool).to_numpy() if dedup else np.ones(len(corpus), bool)
    n_tok = pd.to_numeric(corpus["n_tokens"], errors="coerce")
    if n_tok.isna().any() or (n_tok < 0).any():
        bad = corpus["doc_id"][n_tok.isna() | (n_tok < 0)].head(5)
        raise ValueError(f"corpus n_tokens is missing or negative for {', '.join(map(str, bad))}")
    out = pd.DataFrame(
        {
            "doc_id": corpus["doc_id"].astype(str).to_numpy(),
            "group": groups.to_numpy(),
            "n_tokens": n_tok.to_numpy(dtype=np.int64),
        }
    )
    if text:
        out["text"] = corpus["text"].fillna("").astype(str).to_numpy()
    if dedup and not keep.all():
        # DEBUG: every table calls this; compare() says it once at INFO
        log.debug("dedup: %d non-canonical cop(ies) left out", int((~keep).sum()))
    # Every group of the corpus stays in the tables, even one whose documents are all
    # non-canonical copies (it then shows n_docs = 0 rather than vanishing): the categorical
    # dtype keeps the full list of groups.
    out["group"] = pd.Categorical(out["group"], categories=_sorted_groups(out["group"]))
    return out[keep].reset_index(drop=True)


def _check_hits(
    hits: pd.DataFrame, corpus: pd.DataFrame, docs: pd.DataFrame, *, what: str = "hits"
) -> pd.DataFrame:
    """Validate a hits table against the corpus; return the rows of documents in ``docs``."""
    needed = ["doc_id", "category", "voice", "weight"]
    missing = [c for c in needed if c not in hits.columns]
    if missing:
        raise ValueError(
            f"{what} table is missing column(s) {', '.join(missing)} "
            "(expected the output of analysis.score)"
        )
    doc_ids = hits["doc_id"].astype(str)
    unknown = sorted(set(doc_ids) - set(corpus["doc_id"].astype(str)))
    if unknown:
        raise ValueError(
            f"{what} refer to {len(unknown)} doc_id(s) not in the corpus: {', '.join(unknown[:5])}"
            " (were the hits scored on another corpus?)"
        )
    voice = hits["voice"].astype("string")
    bad = sorted(set(voice.dropna()) - set(_HIT_VOICES))
    if bad or voice.isna().any():
        shown = bad[:5] + (["<missing>"] if voice.isna().any() else [])
        raise ValueError(
            f"{what} have voice value(s) {', '.join(shown)}; expected one of {', '.join(_HIT_VOICES)}"
        )
    if hits["category"].isna().any():
        raise ValueError(f"{what} have rows with no category")
    weight = pd.to_numeric(hits["weight"], errors="coerce")
    if weight.isna().any():
        raise ValueError(f"{what} have rows whose weight is not a number")
    kept = doc_ids.isin(set(docs["doc_id"]))
    if not kept.all():
        log.debug("%d %s in non-canonical copies not counted (dedup)", int((~kept).sum()), what)
    out = hits.loc[kept.to_numpy()].copy()
    out["doc_id"] = out["doc_id"].astype(str)
    out["category"] = out["category"].astype(str)
    out["voice"] = out["voice"].astype(str)
    out["weight"] = weight[kept].to_numpy(dtype=float)
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class _Boot:
    """Bootstrap options shared by a table's cells; calling it runs :func:`bootstrap_ratio`
    with a generator seeded by ``seed`` and ``key`` (table, level, group)."""

    seed: int | None
    n_boot: int
    ci: float
    method: str

    def __call__(self, num, den, *key, kind="rate", scale=1.0, bounds=(None, None), keep=False):
        return bootstrap_ratio(
            num,
            den,
            n_boot=self.n_boot,
            rng=group_rng(self.seed, *key),
            ci=self.ci,
            scale=scale,
            method=self.method,
            kind=kind,
            bounds=bounds,
            keep_replicates=keep,
        )


def _sorted_groups(groups: Iterable[str]) -> list[str]:
    return sorted(set(groups))


def _groups_of(docs: pd.DataFrame) -> list[str]:
    """Every group of the corpus (including groups left with no document by dedup), sorted."""
    return [str(g) for g in docs["group"].cat.categories]


def _group_rows(docs: pd.DataFrame, groups: Iterable[str] | None = None):
    """Yield (group, row indices into ``docs``) for ``groups`` (default: every group, sorted)."""
    group_arr = docs["group"].to_numpy()
    for g in _groups_of(docs) if groups is None else groups:
        yield g, np.flatnonzero(group_arr == g)


# -------------------------------------------------------------------------------------- rates


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


def _rate_inputs(corpus, hits, *, by, period, dedup, categories):
    """What every rate table starts from: the documents, the categories (given, recorded by
    ``analysis.score`` in the hits' attrs, or found in the hits), and the per-document counts
    of :func:`_rate_cells`. Returns (docs, categories, cells, counts, weighted)."""
    docs = _docs(corpus, by=by, period=period, dedup=dedup)
    recorded = hits.attrs.get("lexicon") if isinstance(hits, pd.DataFrame) else None
    hits = _check_hits(hits, corpus, docs)
    cats = _categories_for(hits, categories, recorded)
    cells, counts, weighted = _rate_cells(docs, hits, cats)
    return docs, cats, cells, counts, weighted


def _rate_replicates(
    docs, num, den, *, seed, n_boot, ci, ci_method="auto", keep=False, groups=None
):
    """Yield (group, row indices, RatioBootstrap) of per-1,000-token ratios for every group
    (or ``groups``): ``num`` (n_docs, k) hits, ``den`` (n_docs,) or (n_docs, k) tokens.

    The one place a group's rate resamples are drawn: the generator key ("rates", group) and
    the resampling weights do not depend on the columns (a group's weights are drawn first),
    so :func:`rates`, :func:`rate_differences` and :func:`outlet_distances` bootstrap any
    columns of a group from the very same resamples.
    """
    boot = _Boot(seed, n_boot, ci, ci_method)
    for g, idx in _group_rows(docs, groups):
        res = boot(num[idx], den[idx], "rates", g, scale=1000.0, bounds=(0.0, None), keep=keep)
        yield g, idx, res


def _voice_token_matrix(
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
    from .scoring import VOICE_TOKEN_COLUMNS

    if voice_tokens is None:
        voice_tokens = _voice_tokens(corpus, docs, attributions)
    missing = [c for c in VOICE_TOKEN_COLUMNS if c not in voice_tokens.columns]
    if missing:
        raise ValueError(
            f"voice_tokens table is missing column(s) {', '.join(missing)} "
            "(expected analysis.voice_token_counts output)"
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
    docs, _cats, cells, counts, weighted = _rate_inputs(
        corpus, hits, by=by, period=period, dedup=dedup, categories=categories
    )
    k = len(cells)
    vtok = _voice_token_matrix(corpus, docs, attributions=attributions, voice_tokens=voice_tokens)
    v_of_cell = pd.Index(RATE_VOICES).get_indexer([v for _, v in cells])
    cell_tokens = vtok[:, v_of_cell]  # (n_docs, k): each cell's denominator in its own voice
    # Columns: hits and weighted hits per all tokens, then hits per tokens of the cell's voice.
    tokens = np.repeat(docs["n_tokens"].to_numpy(dtype=float)[:, None], 2 * k, axis=1)
    num = np.hstack([counts, weighted, counts])
    den = np.hstack([tokens, cell_tokens])
    frames = []
    for g, idx, res in _rate_replicates(
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


# -------------------------------------------------------------------------------- differences

DIFFERENCES_COLUMNS = [
    "group_a",
    "group_b",
    "category",
    "voice",
    "denominator",
    "rate_a",
    "rate_b",
    "difference",
    "diff_ci_low",
    "diff_ci_high",
    "ratio",
    "ratio_ci_low",
    "ratio_ci_high",
    "n_docs_a",
    "n_docs_b",
    "ci_method",
    "n_hits_a",
    "n_hits_b",
    "ratio_ci_method",
    "ci_level",
    "n_pairs",
]
_ADJUST = ("none", "bonferroni")
# compare() computes every pair's differences up to this many groups (780 pairs).
DIFFERENCES_MAX_GROUPS = 40
_DENOMINATORS = ("all", "voice")


def rate_differences(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    pairs: Sequence[tuple[str, str]] | None = None,
    category: str | Sequence[str] = ALL,
    voice: str | Sequence[str] = "all",
    denominator: str | Sequence[str] = "all",
    categories: Sequence[str] | None = None,
    attributions: pd.DataFrame | None = None,
    voice_tokens: pd.DataFrame | None = None,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
    ci_method: str = "auto",
    adjust: str = "none",
) -> pd.DataFrame:
    """Pairwise differences (and ratios) of loaded-term rates between groups, with intervals.

    Overlapping rate intervals do not mean "no difference", and non-overlapping 95% intervals
    correspond to a much stricter test than 5%: compare two groups with the interval of their
    *difference*. For each pair (a, b) (``pairs``; default every pair of groups, a < b), each
    ``category`` (a lexicon category or "ALL"; a list for several), ``voice`` ("all",
    "authorial", "quoted", "reported"; or a list) and ``denominator`` ("all": per 1,000 tokens of
    the whole text, ``rate_per_1k`` of :func:`rates`; "voice": per 1,000 tokens of the same
    voice, ``rate_per_1k_voice``; or both) returns one row:

    - ``rate_a``, ``rate_b``: the two rates, exactly as in :func:`rates`;
    - ``difference`` = ``rate_a - rate_b`` (hits per 1,000 tokens), ``diff_ci_low``,
      ``diff_ci_high``: its interval; an interval that excludes 0 says the groups differ at
      the ``ci_level``;
    - ``ratio`` = ``rate_a / rate_b``, ``ratio_ci_low``, ``ratio_ci_high`` (log scale,
      back-transformed; NaN when either rate is 0, ``inf`` upper limit when b's rate rests on so
      few documents that resamples without any of its hits are common); ``ratio_ci_method``;
    - ``n_docs_a``, ``n_docs_b``, ``n_hits_a``, ``n_hits_b``; ``ci_method`` (of the difference);
      ``ci_level`` (the level of each interval: ``ci``, or the Bonferroni level below);
      ``n_pairs`` (the family of comparisons per category, voice and denominator: the pairs in
      the table whose groups both have 2 documents or more, i.e. that can have an interval).

    Intervals: each group's documents are resampled independently, with the *same* resamples as
    the group's own interval in :func:`rates` (same seed key, same weights: the replicates are
    identical), and the difference of the two groups' replicates is the bootstrap distribution of
    the difference (:func:`analysis.stats.bootstrap_contrast`). ``ci_method="auto"``: the
    expanded percentile interval with Welch's degrees of freedom
    (:func:`analysis.stats.welch_expanded_levels`) at every group size; "studentized" and
    "percentile" on request (docs/statistics.md, "Pairwise differences", measures all three:
    the expanded interval covered best at 8 to 40 documents per group).

    Many comparisons: with k groups there are k(k-1)/2 pairs; at 95% each, about one in twenty
    pairs whose rates are really equal still shows an interval excluding 0.
    ``adjust="bonferroni"`` widens every interval to level ``1 - (1 - ci)/n_pairs``, so that all
    pairs' intervals (of one category, voice and denominator) cover together with probability at
    least ``ci``; it needs more resamples (``n_boot`` of several thousand) for its far quantiles.
    """
    if adjust not in _ADJUST:
        raise ValueError(f"adjust must be one of {', '.join(_ADJUST)}, got {adjust!r}")
    if ci_method not in CONTRAST_METHODS:
        raise ValueError(
            f"ci_method must be one of {', '.join(CONTRAST_METHODS)} for differences, "
            f"got {ci_method!r}"
        )
    run = _difference_run(
        corpus,
        hits,
        by=by,
        period=period,
        pairs=pairs,
        category=category,
        voice=voice,
        denominator=denominator,
        categories=categories,
        attributions=attributions,
        voice_tokens=voice_tokens,
        seed=seed,
        n_boot=n_boot,
        dedup=dedup,
        ci=ci,
    )
    n_pairs = run.family_size
    level = ci if adjust == "none" or n_pairs < 2 else 1 - (1 - ci) / n_pairs
    return _difference_table(run, level=level, method=ci_method)


@dataclass(frozen=True)
class _DifferenceRun:
    """What the intervals of :func:`rate_differences` are read from: the pairs, the (category,
    voice, denominator) columns, each group's rows and bootstrap result (replicates kept; its
    own interval is the rates table's default one), and the per-document hit counts."""

    pairs: list[tuple[str, str]]
    specs: list[tuple[str, str, str]]
    per_group: dict[str, tuple[np.ndarray, RatioBootstrap]]
    counts: np.ndarray

    @property
    def family_size(self) -> int:
        """Pairs that can have an interval: both groups with 2 documents or more (a group
        emptied by deduplication compares with nothing, so it adds no comparison)."""
        size = {g: len(idx) for g, (idx, _) in self.per_group.items()}
        return sum(1 for a, b in self.pairs if size[a] >= 2 and size[b] >= 2)


def _difference_run(
    corpus,
    hits,
    *,
    by,
    period,
    pairs,
    category,
    voice,
    denominator,
    categories,
    attributions,
    voice_tokens,
    seed,
    n_boot,
    dedup,
    ci,
) -> _DifferenceRun:
    """Check the options of :func:`rate_differences` and bootstrap every group of the pairs
    (replicates kept), once; :func:`_difference_table` reads intervals from the run at any
    level and method (so does :func:`analysis.synthetic.difference_study`, for several)."""
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1 (e.g. 0.95), got {ci}")
    wanted_cats = _as_list(category, "category")
    voices = _as_list(voice, "voice")
    dens = _as_list(denominator, "denominator")
    bad = [v for v in voices if v not in RATE_VOICES]
    if bad:
        raise ValueError(f"voice must be among {', '.join(RATE_VOICES)}; got {', '.join(bad)}")
    bad = [d for d in dens if d not in _DENOMINATORS]
    if bad:
        raise ValueError(f"denominator must be 'all' or 'voice'; got {', '.join(bad)}")
    docs, cats, cells, counts, _weighted = _rate_inputs(
        corpus, hits, by=by, period=period, dedup=dedup, categories=categories
    )
    bad = [c for c in wanted_cats if c not in [*cats, ALL]]
    if bad:
        raise ValueError(
            f"category {', '.join(bad)} is not among the lexicon's categories "
            f"({', '.join([*cats, ALL])})"
        )
    pair_list = _difference_pairs(pairs, _groups_of(docs))
    # voice "all" per tokens of its own voice is the same number as per all tokens
    specs = [
        (c, v, d)
        for c in wanted_cats
        for v in voices
        for d in dens
        if not (v == "all" and d == "voice" and "all" in dens)
    ]
    col_of = {cell: i for i, cell in enumerate(cells)}
    num = counts[:, [col_of[(c, v)] for c, v, _ in specs]]
    tokens = docs["n_tokens"].to_numpy(dtype=float)
    vtok = None
    if any(d == "voice" for _, _, d in specs):
        vtok = _voice_token_matrix(
            corpus, docs, attributions=attributions, voice_tokens=voice_tokens
        )
    den = np.column_stack(
        [tokens if d == "all" else vtok[:, RATE_VOICES.index(v)] for _, v, d in specs]
    )
    # Each group's rate replicates come from _rate_replicates, as in rates(); counts and tokens
    # are integers, so every replicate is bit for bit the one behind the group's interval in the
    # rates table.
    per_group = {
        g: (idx, res)
        for g, idx, res in _rate_replicates(
            docs,
            num,
            den,
            seed=seed,
            n_boot=n_boot,
            ci=ci,
            keep=True,
            groups=sorted({g for p in pair_list for g in p}),
        )
    }
    return _DifferenceRun(pair_list, specs, per_group, num)


def _difference_table(run: _DifferenceRun, *, level: float, method: str) -> pd.DataFrame:
    """The :func:`rate_differences` table of a run, intervals at ``level`` by ``method``."""
    pair_list, specs, per_group = run.pairs, run.specs, run.per_group
    if not pair_list:
        return pd.DataFrame({c: [] for c in DIFFERENCES_COLUMNS})
    n_listed, s = len(pair_list), len(specs)
    # Pairs in chunks, so that the (n_boot x pairs x columns) replicate matrices stay bounded
    # (about 32 MB each) however many pairs there are.
    n_boot = next(iter(per_group.values()))[1].replicates.shape[0]
    step = max(1, _MAX_CONTRAST_CELLS // max(1, n_boot * s))
    parts: dict[str, list] = {"a": [], "b": [], "diff": [], "ratio": []}
    for start in range(0, n_listed, step):
        chunk = pair_list[start : start + step]
        side_a = _concat_boot([per_group[a][1] for a, _ in chunk])
        side_b = _concat_boot([per_group[b][1] for _, b in chunk])
        parts["a"].append(side_a.estimate)
        parts["b"].append(side_b.estimate)
        parts["diff"].append(
            bootstrap_contrast(side_a, side_b, contrast="difference", ci=level, method=method)
        )
        parts["ratio"].append(
            bootstrap_contrast(side_a, side_b, contrast="ratio", ci=level, method=method)
        )
    rate_a, rate_b = np.concatenate(parts["a"]), np.concatenate(parts["b"])
    diff, ratio = _concat_contrast(parts["diff"]), _concat_contrast(parts["ratio"])

    def per_side(values_of):
        return (
            np.concatenate([values_of(a) for a, _ in pair_list]),
            np.concatenate([values_of(b) for _, b in pair_list]),
        )

    n_docs_a, n_docs_b = per_side(lambda g: np.full(s, len(per_group[g][0])))
    hits_a, hits_b = per_side(lambda g: run.counts[per_group[g][0]].sum(axis=0))
    out = pd.DataFrame(
        {
            "group_a": np.repeat([a for a, _ in pair_list], s),
            "group_b": np.repeat([b for _, b in pair_list], s),
            "category": [c for c, _, _ in specs] * n_listed,
            "voice": [v for _, v, _ in specs] * n_listed,
            "denominator": [d for _, _, d in specs] * n_listed,
            "rate_a": rate_a,
            "rate_b": rate_b,
            "difference": diff.estimate,
            "diff_ci_low": diff.ci_low,
            "diff_ci_high": diff.ci_high,
            "ratio": ratio.estimate,
            "ratio_ci_low": ratio.ci_low,
            "ratio_ci_high": ratio.ci_high,
            "n_docs_a": n_docs_a.astype(np.int64),
            "n_docs_b": n_docs_b.astype(np.int64),
            "ci_method": diff.method.astype(str),
            "n_hits_a": hits_a.astype(np.int64),
            "n_hits_b": hits_b.astype(np.int64),
            "ratio_ci_method": ratio.method.astype(str),
            "ci_level": level,
            "n_pairs": run.family_size,
        }
    )
    return out.astype({c: str for c in ("group_a", "group_b", "category", "voice", "denominator")})


def _as_list(value, what: str) -> list[str]:
    values = [value] if isinstance(value, str) else [str(v) for v in value]
    if not values:
        raise ValueError(f"{what}: give at least one value")
    return list(dict.fromkeys(values))


def _difference_pairs(pairs, groups: list[str]) -> list[tuple[str, str]]:
    """Every pair of groups (a < b) by default; given pairs checked and kept in order."""
    if pairs is None:
        return [(a, b) for i, a in enumerate(groups) for b in groups[i + 1 :]]
    out, seen = [], set()
    for p in pairs:
        if isinstance(p, str) or len(p) != 2:
            raise ValueError(f"pairs must be (group_a, group_b) tuples, got {p!r}")
        a, b = str(p[0]), str(p[1])
        absent = [g for g in (a, b) if g not in groups]
        if absent:
            raise ValueError(
                f"pair ({a}, {b}): group(s) {', '.join(absent)} not in the corpus "
                f"(groups: {', '.join(groups)})"
            )
        if a == b:
            raise ValueError(f"pair ({a}, {b}) compares a group with itself")
        if frozenset((a, b)) in seen:
            raise ValueError(f"pair ({a}, {b}) is listed twice")
        seen.add(frozenset((a, b)))
        out.append((a, b))
    return out


_MAX_CONTRAST_CELLS = 4_000_000


def _concat_contrast(results: Sequence[ContrastInterval]) -> ContrastInterval:
    names = [f.name for f in fields(ContrastInterval)]
    return ContrastInterval(**{n: np.concatenate([getattr(r, n) for r in results]) for n in names})


def _concat_boot(results: Sequence[RatioBootstrap]) -> RatioBootstrap:
    """The columns of several bootstrap results side by side (replicates kept)."""
    return RatioBootstrap(
        estimate=np.concatenate([r.estimate for r in results]),
        ci_low=np.concatenate([r.ci_low for r in results]),
        ci_high=np.concatenate([r.ci_high for r in results]),
        method=np.concatenate([r.method for r in results]),
        n_valid=np.concatenate([r.n_valid for r in results]),
        n_informative=np.concatenate([r.n_informative for r in results]),
        replicates=np.hstack([r.replicates for r in results]),
        se=np.concatenate([r.se for r in results]),
        se_replicates=np.hstack([r.se_replicates for r in results]),
    )


# ------------------------------------------------------------------------------------ keyness

# Tokens may be joined into an n-gram only across plain spaces or one hyphen: any other
# character between two tokens (full stop, comma, quote mark, dash, line break) ends the phrase.
_JOIN_GAP = re.compile(r"[ \t]*(?:[-\u2010\u2011][ \t]*)?")


def keyness_terms(
    text: str,
    *,
    ngram_range: tuple[int, int] = (1, 2),
    stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
) -> list[str]:
    """Return the n-grams of ``text`` that keyness counts: all unigrams in text order, then all
    bigrams in text order, and so on up to ``ngram_range[1]``.

    Tokens are those of :mod:`analysis.tokens`, lower-cased, with curly apostrophes made straight
    ("azerbaijan’s" = "azerbaijan's"). An n-gram joins n consecutive tokens separated only by
    spaces or a single hyphen ("russia brokered" from "Russia-brokered"), so phrases never cross a
    sentence end, a paragraph break, a comma, a quote mark or a dash. Unigrams that are stopwords
    are left out, and so are n-grams that begin or end with a stopword ("of the", "the enemy"),
    which keeps "iron fist" and "crushing victory" and drops function-word pairs.
    """
    lo, hi = ngram_range
    if not 1 <= lo <= hi:
        raise ValueError(f"ngram_range must be (min, max) with 1 <= min <= max, got {ngram_range}")
    stop = frozenset(stopwords or ())
    text = text or ""
    raw = TOKEN_PATTERN.findall(text)
    if not raw:
        return []
    # Tokens never contain a space, so one lower() over the joined tokens does them all (and
    # lower-casing after tokenising keeps the token boundaries of analysis.tokens).
    toks = " ".join(raw).lower().replace("\u2019", "'").split(" ")
    # gaps[i] is the text between token i-1 and token i (re.split keeps the pieces around tokens).
    gaps = TOKEN_PATTERN.split(text)[1:-1]
    joinable = [g == " " or _JOIN_GAP.fullmatch(g) is not None for g in gaps]  # token i-1 ~ i
    out: list[str] = []
    if lo <= 1:
        out += [t for t in toks if t not in stop]
    for n in range(max(lo, 2), hi + 1):
        # window starting at token i is allowed when tokens i..i+n-1 are all joined
        ok = joinable
        for k in range(1, n - 1):
            ok = [a and b for a, b in zip(ok, joinable[k:], strict=False)]
        firsts, lasts = toks[: len(toks) - n + 1], toks[n - 1 :]
        if n == 2:
            out += [
                f"{a} {b}"
                for a, b, j in zip(firsts, lasts, ok, strict=True)
                if j and a not in stop and b not in stop
            ]
        else:
            out += [
                " ".join(toks[i : i + n])
                for i, (a, b, j) in enumerate(zip(firsts, lasts, ok, strict=True))
                if j and a not in stop and b not in stop
            ]
    return out


def keyness(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    groups: Sequence[str] | None = None,
    ngram_range: tuple[int, int] = (1, 2),
    min_df: int = 3,
    prior: str = "corpus",
    prior_scale: float = 1.0,
    stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
    dedup: bool = True,
    top_n: int | None = None,
    exclude_self: bool | str = True,
) -> pd.DataFrame:
    r"""Words and phrases each group uses more than the others ("Fightin' Words").

    Log-odds ratio with informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, eq. 16-22).
    For a term w, a group i and the comparison set j (the rest of the corpus, or the other group
    of a pair), with counts y (occurrences of w) and n (all n-grams of the same length):

    .. math::

        \alpha_w = s \cdot y_w^{corpus}, \qquad \alpha_0 = s \cdot n^{corpus}

        \delta_w = \ln\frac{y_w^i + \alpha_w}{n^i + \alpha_0 - y_w^i - \alpha_w}
                 - \ln\frac{y_w^j + \alpha_w}{n^j + \alpha_0 - y_w^j - \alpha_w}

        \sigma^2_w \approx \frac{1}{y_w^i + \alpha_w} + \frac{1}{y_w^j + \alpha_w},
        \qquad z_w = \delta_w / \sqrt{\sigma^2_w}

    The prior is the pooled (deduplicated) corpus: ``prior="corpus"`` sets
    ``alpha_w = prior_scale * (count of w in the whole corpus)``, so the prior mean of every
    term's share is its corpus share and ``prior_scale`` (s) is the prior's weight in units of the
    corpus (1 = as much as the data themselves, the tidylo / Hessel default; smaller = less
    shrinkage of rare terms). ``prior="uniform"`` gives every term of the same length
    ``alpha_w = prior_scale`` (Monroe et al.'s uninformative variant). Unigrams and bigrams have
    separate n and prior (the odds of a bigram are against all bigrams).

    ``groups=None`` compares each group with the rest of the corpus; ``groups=(a, b)`` compares
    a with b and b with a. Terms are those of :func:`keyness_terms`. Document-frequency floor:
    a row is kept only when the side the term leans to uses it in at least ``min_df`` documents
    (``doc_freq >= min_df`` when z > 0, ``doc_freq_rest >= min_df`` when z <= 0), so one article
    repeating a word cannot make it "key". ``top_n`` keeps each group's ``top_n`` terms with the
    highest z (positive only); ``None`` keeps every row.

    Returns columns group, term, count (in the group), count_rest (in the comparison set),
    log_odds (delta), z, doc_freq, doc_freq_rest, ngram (n), other ("rest" or the pair's other
    group), sorted by group, z descending, term. z is a per-term Wald statistic: with thousands of
    terms some |z| > 1.96 by chance, so read it as a ranking, not a test.

    Self-names (``exclude_self=True``, the default): an outlet's own name tops its list
    (datelines "(Meridian Wire) -", bylines, "told Atlas"), which is true but says nothing about
    framing. A row is left out when every token of its term is one of the *row's own group's*
    self-name tokens (:func:`self_names`: the group label's words and initialisms, and, grouping
    by outlet, the stems of its URL domains; a possessive "'s" is ignored), so "Meridian Wire"
    drops "meridian", "wire", "meridian wire", "wire's"; "Caspian State Wire" also "csw".
    Phrases that combine a self-name with another word ("told atlas") stay, as do other groups'
    names in a group's list (citing a rival is an editorial choice); ``exclude_self="any"`` drops
    every term containing a self-name token. Only rows are left out, never counts: the z of every
    other term is what it is without the option. ``attrs["self_names"]`` ({group: tokens}) and
    ``attrs["excluded_self"]`` (the rows left out: group, term, count, count_rest, z, with
    z > 0 only when ``top_n`` is set) say what was removed.
    """
    if exclude_self not in (True, False, "all", "any"):
        raise ValueError(f"exclude_self must be True, False, 'all' or 'any', got {exclude_self!r}")
    if min_df < 1:
        raise ValueError(f"min_df must be at least 1, got {min_df}")
    if prior not in ("corpus", "uniform"):
        raise ValueError(f"prior must be 'corpus' or 'uniform', got {prior!r}")
    if not prior_scale > 0:
        raise ValueError(f"prior_scale must be > 0, got {prior_scale}")
    docs = _docs(corpus, by=by, period=period, dedup=dedup, text=True)
    all_groups = _sorted_groups(docs["group"])
    empty = sorted(set(_groups_of(docs)) - set(all_groups))
    if empty:
        log.info("keyness: no canonical document in group(s) %s (all copies)", ", ".join(empty))
    if groups is not None:
        groups = [str(g) for g in groups]
        if len(groups) != 2 or groups[0] == groups[1]:
            raise ValueError(f"groups must name two different groups, got {groups}")
        absent = [g for g in groups if g not in all_groups]
        if absent:
            raise ValueError(
                f"group(s) {', '.join(absent)} not in the corpus (groups: {', '.join(all_groups)})"
            )
    elif len(all_groups) < 2:
        return _empty_keyness()

    stop = frozenset(stopwords or ())
    X, terms = _count_matrix(
        docs["text"].tolist(),
        lambda t: keyness_terms(t, ngram_range=ngram_range, stopwords=stop),
    )
    if X.shape[1] == 0:
        return _empty_keyness()
    order_full = pd.Series(terms, dtype="string").str.count(" ").to_numpy(dtype=np.int64) + 1
    orders, order_col = np.unique(order_full, return_inverse=True)
    # n-grams of each length per document, over the whole vocabulary: the n of the formula
    # counts every n-gram, also those the floor below leaves out.
    indicator = np.zeros((len(terms), len(orders)))
    indicator[np.arange(len(terms)), order_col] = 1.0
    doc_totals = np.asarray(X @ indicator)
    vocab_size = indicator.sum(axis=0)
    # A term used in fewer than min_df documents of the whole corpus cannot reach min_df in a
    # group: drop it now (it still counts in the totals above).
    doc_freq_all = np.asarray((X > 0).sum(axis=0)).ravel()
    cols = np.flatnonzero(doc_freq_all >= min_df)
    if not len(cols):
        return _empty_keyness()
    X = X[:, cols].tocsc()
    terms, order_col = terms[cols], order_col[cols]
    order_of = order_full[cols]
    group_arr = docs["group"].to_numpy()

    def totals(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        rows = np.flatnonzero(mask)
        sub = X[rows]
        y = np.asarray(sub.sum(axis=0)).ravel()
        df = np.asarray((sub > 0).sum(axis=0)).ravel()
        return y, df, doc_totals[rows].sum(axis=0)[order_col]

    y_all, _, n_all = totals(np.ones(len(docs), bool))
    if prior == "corpus":
        alpha = prior_scale * y_all
        alpha0 = prior_scale * n_all  # per term: the total of its n-gram length
    else:
        alpha = np.full_like(y_all, prior_scale)
        alpha0 = prior_scale * vocab_size[order_col]

    pairs = (
        [(groups[0], groups[1]), (groups[1], groups[0])]
        if groups is not None
        else [(g, None) for g in all_groups]
    )
    names = self_names(corpus, by=by, period=period, docs=docs) if exclude_self else {}
    if exclude_self:
        # Every term's tokens (a possessive "'s" ignored), split once for all groups.
        split = pd.Series(terms, dtype=object).str.split(" ").explode()
        tok_term = split.index.to_numpy(dtype=np.int64)  # the term of each token
        tok = split.str.removesuffix("'s").to_numpy(dtype=object)
        n_tok = np.bincount(tok_term, minlength=len(terms))
    frames, excluded = [], []
    for g, other in pairs:
        in_g = group_arr == g
        in_other = group_arr == other if other is not None else ~in_g
        y_i, df_i, n_i = totals(in_g)
        y_j, df_j, n_j = totals(in_other)
        delta, z = _log_odds_z(y_i, n_i, y_j, n_j, alpha, alpha0)
        keep = ((z > 0) & (df_i >= min_df)) | ((z <= 0) & (df_j >= min_df))
        keep &= (y_i + y_j) > 0
        frame = pd.DataFrame(
            {
                "group": g,
                "term": terms[keep],
                "count": y_i[keep].astype(np.int64),
                "count_rest": y_j[keep].astype(np.int64),
                "log_odds": delta[keep],
                "z": z[keep],
                "doc_freq": df_i[keep].astype(np.int64),
                "doc_freq_rest": df_j[keep].astype(np.int64),
                "ngram": order_of[keep].astype(np.int64),
                "other": other if other is not None else "rest",
            }
        )
        if exclude_self:
            # Self-name tokens among each term's tokens: all of them ("all") or any ("any").
            own = np.isin(tok, names.get(g, []))
            n_own = np.bincount(tok_term, weights=own, minlength=len(terms))
            is_self = n_own > 0 if exclude_self == "any" else n_own == n_tok
            drop = is_self[keep]
            gone = frame[drop]
            excluded.append(gone[gone["z"] > 0] if top_n is not None else gone)
            frame = frame[~drop]
        frame = frame.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
        if top_n is not None:
            frame = frame[frame["z"] > 0].head(top_n)
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(
        ["group", "z", "term"], ascending=[True, False, True], kind="mergesort"
    ).reset_index(drop=True)
    out = out.astype({"group": str, "term": str, "other": str})
    if exclude_self:
        out.attrs["self_names"] = {g: sorted(names.get(g, ())) for g in all_groups}
        gone = pd.concat(excluded, ignore_index=True) if excluded else _empty_keyness()
        gone = gone.sort_values(["group", "z", "term"], ascending=[True, False, True])
        out.attrs["excluded_self"] = [
            {
                "group": str(r.group),
                "term": str(r.term),
                "count": int(r.count),
                "count_rest": int(r.count_rest),
                "z": float(r.z),
            }
            for r in gone.itertuples(index=False)
        ]
    return out


_DOMAIN_LABEL = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")


def _name_tokens(text: str) -> list[str]:
    return keyness_terms(text, ngram_range=(1, 1), stopwords=())


def _label_self_names(label: str) -> set[str]:
    """The words of a group label, its initialisms, or its stem if the label is a domain."""
    label = label.strip()
    if _DOMAIN_LABEL.fullmatch(label):
        return set(_name_tokens(domain_label(label)))
    words = [w.removesuffix("'s") for w in _name_tokens(label)]
    names = set(words)
    content = [w for w in words if w not in ENGLISH_STOPWORDS]
    for seq in (words, content):  # "The Lantern Review": "tlr" and "lr"
        if len(seq) >= 2:
            names.add("".join(w[0] for w in seq))
    return names


def self_names(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    dedup: bool = True,
    docs: pd.DataFrame | None = None,
) -> dict[str, list[str]]:
    """Each group's self-name tokens, as :func:`keyness` uses them with ``exclude_self``.

    Returns ``{group: sorted tokens}`` (lower case, tokens of :mod:`analysis.tokens`; English
    function words left out, so "The" in "The Lantern Review" never counts as a name):

    - the words of the group label ("Caspian State Wire": caspian, state, wire) and, for a label
      of two words or more, its initialisms, with and without function words ("csw"; "The
      Lantern Review": "tlr", "lr"). A label that is a domain name ("finpulsewatch.net") gives
      its stem ("finpulsewatch"), not its top-level domain;
    - grouping by ``outlet``: the stems of the URL domains of the group's documents
      (``www.meridianwire.com`` -> "meridianwire", ``news.bbc.co.uk`` -> "bbc"), split at
      hyphens; grouping by ``origin_outlet``: the same from the documents the origin published
      itself (``outlet == origin_outlet``), since a repost's URL names the reposting site.
    """
    if docs is None:
        docs = _docs(corpus, by=by, period=period, dedup=dedup)
    out: dict[str, set[str]] = {
        g: _label_self_names(g) if g != GROUP_MISSING else set() for g in _groups_of(docs)
    }
    if by in ("outlet", "origin_outlet") and period is None and "url" in corpus.columns:
        frame = corpus.assign(doc_id=corpus["doc_id"].astype(str)).set_index("doc_id")
        sub = frame.loc[docs["doc_id"]]
        own = np.ones(len(sub), dtype=bool)
        if by == "origin_outlet" and "outlet" in sub.columns:
            own = (sub["outlet"].astype(str) == sub["origin_outlet"].astype(str)).to_numpy()
        for g, url, mine in zip(docs["group"].astype(str), sub["url"], own, strict=True):
            if not mine or pd.isna(url) or not str(url).strip():
                continue
            host = urlsplit(str(url).strip()).hostname
            if host:
                out[g].update(_name_tokens(domain_label(host)))
    return {g: sorted(n - ENGLISH_STOPWORDS) for g, n in out.items()}


def _excluded_by_group(table: pd.DataFrame) -> dict[str, list[str]]:
    """{group: [terms]} of the self-name rows :func:`keyness` left out (from its attrs)."""
    out: dict[str, list[str]] = {}
    for row in table.attrs.get("excluded_self", []):
        out.setdefault(row["group"], []).append(row["term"])
    return out


def _count_matrix(texts: list[str], analyzer, chunk: int = 500):
    """Document x term count matrix (CSR, float) and the terms, in order of first appearance.

    What ``CountVectorizer(analyzer=...)`` does, about twice as fast: the terms of a chunk of
    documents are hashed at C speed by ``pd.factorize`` and only each chunk's distinct terms go
    through a Python dict, instead of every occurrence.
    """
    import scipy.sparse as sp

    vocab: dict[str, int] = {}
    rows, cols = [], []
    for start in range(0, len(texts), chunk):
        per_doc = [analyzer(t) for t in texts[start : start + chunk]]
        flat = [term for terms in per_doc for term in terms]
        if not flat:
            continue
        codes, uniques = pd.factorize(pd.Series(flat, dtype=object))
        ids = np.fromiter(
            (vocab.setdefault(u, len(vocab)) for u in uniques), dtype=np.int64, count=len(uniques)
        )
        cols.append(ids[codes])
        rows.append(np.repeat(np.arange(start, start + len(per_doc)), [len(t) for t in per_doc]))
    terms = np.array(list(vocab), dtype=object).astype(str)
    if not rows:
        return sp.csr_matrix((len(texts), 0)), terms
    r, c = np.concatenate(rows), np.concatenate(cols)
    X = sp.csr_matrix((np.ones(len(r)), (r, c)), shape=(len(texts), len(vocab)))
    X.sum_duplicates()
    return X, terms


def _log_odds_z(y_i, n_i, y_j, n_j, alpha, alpha0) -> tuple[np.ndarray, np.ndarray]:
    """delta and z of Monroe et al. (2008) eq. 16-22, vectorised over terms."""
    a_i = y_i + alpha
    a_j = y_j + alpha
    # A term that is every n-gram of its length (a one-word vocabulary) has no odds: NaN, and
    # the floor's comparisons leave the row out.
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log(a_i / (n_i + alpha0 - a_i)) - np.log(a_j / (n_j + alpha0 - a_j))
        delta = np.where(np.isfinite(delta), delta, np.nan)
    var = 1.0 / a_i + 1.0 / a_j
    return delta, delta / np.sqrt(var)


def _empty_keyness() -> pd.DataFrame:
    cols = [
        "group",
        "term",
        "count",
        "count_rest",
        "log_odds",
        "z",
        "doc_freq",
        "doc_freq_rest",
        "ngram",
        "other",
    ]
    return pd.DataFrame({c: [] for c in cols})


# ------------------------------------------------------------------------------------- naming


def naming_shares(
    corpus: pd.DataFrame,
    naming,
    *,
    hits: pd.DataFrame | None = None,
    by: str = "outlet",
    period: str | None = None,
    voice: str | Sequence[str] = "all",
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
    ci_method: str = "auto",
) -> pd.DataFrame:
    """Each group's share of each name variant of each referent, with bootstrap intervals.

    ``naming``: a naming file path or the Lexicon of :func:`analysis.lexicon.load_naming`
    (category = referent, term = variant). ``hits``: that lexicon's hits table, as
    ``analysis.score(corpus, naming)`` returns it (computed when not given). ``voice``: "all"
    counts every mention (the default: the outlet chose to print the name, even inside a quote);
    a voice or list of voices counts only those (e.g. "authorial" for the outlet's own naming).

    Returns one row per group x referent x variant (every variant of the file, so a variant a
    group never uses appears with count 0): ``count`` (mentions with this variant), ``share``
    (count / the group's mentions of the referent in any variant), ``ci_low``, ``ci_high``
    (document bootstrap; NaN when the group never names the referent or has one document),
    ``n_docs`` (documents in the group), ``n_docs_referent`` (documents naming the referent),
    ``referent_count`` (mentions of the referent). Nested variants count once, as the longest
    ("Nagorno-Karabakh" is not also "Karabakh"): that is the matcher's rule.
    """
    from .lexicon import Lexicon, load_naming

    lex = naming if isinstance(naming, Lexicon) else load_naming(naming)
    docs = _docs(corpus, by=by, period=period, dedup=dedup)
    if hits is None:
        from .scoring import score

        hits = score(_docs_rows(corpus, docs), lex, annotator=_corpus_annotator(corpus))
    hits = _check_hits(hits, corpus, docs, what="naming hits")
    if "term" not in hits.columns:
        raise ValueError("naming hits table is missing column term (the variant as listed)")
    voices = _voice_filter(voice)
    hits = hits[hits["voice"].isin(voices)]
    entries = lex.entries[["category", "term"]].astype(str)
    variants = list(entries.itertuples(index=False, name=None))  # (referent, variant)
    unknown = set(zip(hits["category"], hits["term"].astype(str), strict=True)) - set(variants)
    if unknown:
        shown = ", ".join(f"{r}/{v}" for r, v in sorted(unknown)[:5])
        raise ValueError(f"naming hits have referent/variant pairs not in {lex.name}: {shown}")
    col_of = {rv: i for i, rv in enumerate(variants)}
    referents = list(dict.fromkeys(r for r, _ in variants))
    ref_col = np.array([referents.index(r) for r, _ in variants])

    counts = np.zeros((len(docs), len(variants)))
    if len(hits):
        row = pd.Index(docs["doc_id"]).get_indexer(hits["doc_id"])
        col = np.array(
            [col_of[rv] for rv in zip(hits["category"], hits["term"].astype(str), strict=True)]
        )
        np.add.at(counts, (row, col), 1.0)
    per_ref = np.zeros((len(docs), len(referents)))
    np.add.at(per_ref.T, ref_col, counts.T)
    denom = per_ref[:, ref_col]  # each variant's referent total, per document

    frames = []
    boot = _Boot(seed, n_boot, ci, ci_method)
    for g, idx in _group_rows(docs):
        res = boot(counts[idx], denom[idx], "naming", g, kind="share", bounds=(0.0, 1.0))
        frames.append(
            pd.DataFrame(
                {
                    "group": g,
                    "referent": [r for r, _ in variants],
                    "variant": [v for _, v in variants],
                    "count": counts[idx].sum(axis=0).astype(np.int64),
                    "share": res.estimate,
                    "ci_low": res.ci_low,
                    "ci_high": res.ci_high,
                    "n_docs": len(idx),
                    "n_docs_referent": (denom[idx] > 0).sum(axis=0).astype(np.int64),
                    "referent_count": denom[idx].sum(axis=0).astype(np.int64),
                    "ci_method": res.method.astype(str),
                }
            )
        )
    if not frames:
        return pd.DataFrame(
            columns=[
                "group",
                "referent",
                "variant",
                "count",
                "share",
                "ci_low",
                "ci_high",
                "n_docs",
                "n_docs_referent",
                "referent_count",
                "ci_method",
            ]
        )
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["group", "referent", "variant"], kind="mergesort").reset_index(
        drop=True
    )


def _voice_filter(voice: str | Sequence[str]) -> list[str]:
    voices = [voice] if isinstance(voice, str) else list(voice)
    if "all" in voices:
        return list(_HIT_VOICES)
    bad = [v for v in voices if v not in _HIT_VOICES]
    if bad or not voices:
        raise ValueError(f"voice must be 'all' or among {', '.join(_HIT_VOICES)}, got {voice!r}")
    return voices


# ------------------------------------------------------------------------------------- actors


def load_actors(actors) -> pd.DataFrame:
    """Read one or more actors files (``name,actor,side[,note]``) into a Lexicon-like table.

    ``actors``: a path, a list of paths (e.g. ``[config.DEFAULT_ACTORS, config.DEMO_ACTORS]``),
    a DataFrame with columns name, actor, side, or a Lexicon with a ``side`` column. Returns the
    :class:`analysis.lexicon.Lexicon` whose terms are the names, categories the actors, with a
    ``side`` column. A name is matched like a lexicon term (case-insensitive, ``*`` ending a name
    matches any continuation). The same name mapped to two different actors or sides in two
    files is an error naming both files; the same mapping twice is kept once.
    """
    from .lexicon import Lexicon, LexiconError, load_actors_file
    from .matching import term_key

    if isinstance(actors, Lexicon):
        if "side" not in actors.entries.columns:
            raise LexiconError(f"{actors.name}: an actors lexicon needs a 'side' column")
        return actors
    if isinstance(actors, pd.DataFrame):
        df = actors.rename(columns=lambda c: str(c).strip().lower())
        missing = [c for c in ("name", "actor", "side") if c not in df.columns]
        if missing:
            raise LexiconError(f"actors table is missing column(s) {', '.join(missing)}")
        empty = df.index[df["side"].astype("string").fillna("").str.strip() == ""]
        if len(empty):
            raise LexiconError(
                f"actors table: empty side in row(s) {', '.join(map(str, empty[:5]))}"
            )
        return Lexicon.from_frame(
            df.rename(columns={"name": "term", "actor": "category"}), name="actors"
        )
    paths = [Path(actors)] if isinstance(actors, (str, Path)) else [Path(p) for p in actors]
    if not paths:
        raise LexiconError("no actors file given")
    frames, seen = [], {}
    for path in paths:
        if not path.is_file():
            raise LexiconError(f"{path}: actors file not found")
        lex = load_actors_file(path)
        keep = []
        for term, actor, side in lex.entries[["term", "category", "side"]].itertuples(index=False):
            key = term_key(term)
            if key in seen:
                first_path, first = seen[key]
                if first != (actor, side):
                    raise LexiconError(
                        f"{path}: name {term!r} maps to {actor}/{side}, but {first_path} maps it "
                        f"to {first[0]}/{first[1]}"
                    )
                keep.append(False)
            else:
                seen[key] = (path, (actor, side))
                keep.append(True)
        frames.append(lex.entries[keep])
    entries = pd.concat(frames, ignore_index=True)
    name = "+".join(p.stem for p in paths)
    return Lexicon(entries, name=name, path=paths[0] if len(paths) == 1 else tuple(paths))


def _actor_matcher(actors):
    """(matcher of the actor names, actor of each name entry, side of each actor)."""
    from .matching import Matcher

    lex = load_actors(actors)
    matcher = Matcher(lex)
    actor_of = lex.entries["category"].astype(str).tolist()
    side_of = lex.entries["side"].astype(str).tolist()
    side_by_actor = dict(zip(actor_of, side_of, strict=True))
    conflicts = {a for a, s in zip(actor_of, side_of, strict=True) if side_by_actor.get(a) != s}
    if conflicts:
        raise ValueError(f"actors file gives actor(s) {sorted(conflicts)} more than one side")
    return matcher, actor_of, side_by_actor


def _speaker_actor(speaker: str, matcher, actor_of) -> str | None:
    """The actor named in a speaker string: the longest name found (ties: first listed)."""
    found = matcher.find(speaker)
    if not found:
        return None
    best = max(found, key=lambda m: (m.end - m.start, -m.entry_index))
    return actor_of[best.entry_index]


# ------------------------------------------------------------------------------------ sources


def sources(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    actors=None,
    attributions: pd.DataFrame | None = None,
    levels: str | Sequence[str] = ("side", "actor", "speaker"),
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
    ci_method: str = "auto",
) -> pd.DataFrame:
    """Who each group lets speak: direct quotes and reported speech by side, actor and speaker.

    ``attributions``: the table of ``analysis.voice.attribution_table(corpus)`` (doc_id, start,
    end, kind, speaker, text), computed when not given. ``actors``: an actors file, list of files
    or table (see :func:`load_actors`) mapping speaker strings to actors and sides; the actor of a
    speaker is the longest actor name found in the speaker string ("Armenian Prime Minister
    Nikol Pashinyan" -> the actor of "Nikol Pashinyan" rather than of "Armenian").

    Returns one row per group x level x entity x kind with columns group, level ("side",
    "actor" or "speaker"), side, actor, speaker (the entity's own and enclosing labels; NA below
    the level), kind ("all", "quoted", "reported"), count (attributed spans), share (count / the
    group's spans of that kind), ci_low, ci_high (document bootstrap), n_docs (documents in the
    group), n_docs_with (documents where this entity speaks). Spans with no identified speaker are
    counted under ``(unnamed)``; speakers the actors file does not cover under ``(unmapped)``
    side and actor, so shares within a level and kind add up to 1. Side and actor rows cover every
    side and actor of the actors file (count 0 when silent); speaker rows only speakers heard in
    the group. Without ``actors`` only speaker rows are returned.
    """
    levels = [levels] if isinstance(levels, str) else list(levels)
    bad = [lv for lv in levels if lv not in ("side", "actor", "speaker")]
    if bad or not levels:
        raise ValueError(f"levels must be among side, actor, speaker; got {levels}")
    if actors is None:
        levels = [lv for lv in levels if lv == "speaker"] or ["speaker"]
    docs = _docs(corpus, by=by, period=period, dedup=dedup)
    if attributions is None:
        attributions = _default_attributions(corpus, docs)
    att = _check_attributions(attributions, corpus, docs)
    speaker = att["speaker"].astype("string").str.strip().replace("", pd.NA)
    att["speaker"] = speaker.fillna(UNNAMED).astype(str)

    if actors is not None:
        matcher, actor_of, side_by_actor = _actor_matcher(actors)
        cache: dict[str, str | None] = {}
        mapped = []
        for s in att["speaker"]:
            if s not in cache:
                cache[s] = None if s == UNNAMED else _speaker_actor(s, matcher, actor_of)
            mapped.append(cache[s])
        att["actor"] = [
            a if a is not None else (UNNAMED if s == UNNAMED else UNMAPPED)
            for a, s in zip(mapped, att["speaker"], strict=True)
        ]
        att["side"] = [side_by_actor.get(a, a) for a in att["actor"]]
        side_of = {**side_by_actor, UNMAPPED: UNMAPPED, UNNAMED: UNNAMED}
    else:
        att["actor"] = pd.NA
        att["side"] = pd.NA
        side_of = {}

    frames = []
    for lv in levels:
        frames.append(_sources_level(docs, att, lv, side_of, _Boot(seed, n_boot, ci, ci_method)))
    out = pd.concat(frames, ignore_index=True)
    level_rank = {"side": 0, "actor": 1, "speaker": 2}
    out["_lv"] = out["level"].map(level_rank)
    out["_k"] = out["kind"].map({k: i for i, k in enumerate(_KINDS)})
    out = out.sort_values(
        ["group", "_lv", "side", "actor", "speaker", "_k"], kind="mergesort", na_position="first"
    )
    return out.drop(columns=["_lv", "_k"]).reset_index(drop=True)


def _check_attributions(
    att: pd.DataFrame, corpus: pd.DataFrame, docs: pd.DataFrame
) -> pd.DataFrame:
    missing = [c for c in ("doc_id", "kind", "speaker") if c not in att.columns]
    if missing:
        raise ValueError(
            f"attributions table is missing column(s) {', '.join(missing)} "
            "(expected analysis.voice.attribution_table output)"
        )
    unknown = sorted(set(att["doc_id"].astype(str)) - set(corpus["doc_id"].astype(str)))
    if unknown:
        raise ValueError(
            f"attributions refer to doc_id(s) not in the corpus: {', '.join(unknown[:5])}"
        )
    kinds = sorted(set(att["kind"].astype(str)) - {"quoted", "reported"})
    if kinds:
        raise ValueError(
            f"attributions have kind value(s) {', '.join(kinds)}; expected quoted, reported"
        )
    out = att[att["doc_id"].astype(str).isin(set(docs["doc_id"]))].copy()
    out["doc_id"] = out["doc_id"].astype(str)
    out["kind"] = out["kind"].astype(str)
    return out.reset_index(drop=True)


def _docs_rows(corpus: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``corpus`` whose documents enter the comparison (``docs``), in corpus order."""
    return corpus[corpus["doc_id"].astype(str).isin(set(docs["doc_id"]))]


def _corpus_annotator(corpus: pd.DataFrame):
    """The voice annotator ``analysis.score`` uses by default on ``corpus``: fitted on all its
    texts (copies included, as when the corpus is scored)."""
    from .scoring import default_annotator

    return default_annotator(corpus["text"].fillna("").astype(str).tolist())


def _default_attributions(corpus: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Attributions of the documents in ``docs``, read by :func:`_corpus_annotator`, so that
    sources, token voices and the hits' voices come from the same reading of the text."""
    from .voice import attribution_table

    return attribution_table(_docs_rows(corpus, docs), annotator=_corpus_annotator(corpus))


def _voice_tokens(
    corpus: pd.DataFrame, docs: pd.DataFrame, attributions: pd.DataFrame | None
) -> pd.DataFrame:
    """:func:`analysis.voice_token_counts` of the documents in ``docs``, from ``attributions``
    (checked against the corpus; default :func:`_default_attributions`)."""
    from .scoring import voice_token_counts

    if attributions is None:
        att = _default_attributions(corpus, docs)
    else:
        att = _check_attributions(attributions, corpus, docs)
    return voice_token_counts(_docs_rows(corpus, docs), attributions=att)


def _sources_level(docs, att, level, side_of, boot: _Boot) -> pd.DataFrame:
    """Rows of one level of :func:`sources`; ``side_of`` maps every actor to its side."""
    special = [UNMAPPED, UNNAMED]
    if level == "side":
        keys = list(zip(att["side"], strict=True))
        sides = sorted({s for a, s in side_of.items() if a not in special})
        universe = [(s,) for s in sides + special] if side_of else []
    elif level == "actor":
        keys = list(zip(att["side"], att["actor"], strict=True))
        actors_ = sorted(a for a in side_of if a not in special)
        universe = [(side_of[a], a) for a in actors_ + special] if side_of else []
    else:
        keys = list(zip(att["side"], att["actor"], att["speaker"], strict=True))
        universe = []
    att = att.assign(_key=keys)
    frames = []
    for g, idx in _group_rows(docs):
        gdocs = docs["doc_id"].to_numpy()[idx]
        sub = att[att["doc_id"].isin(set(gdocs))]
        entities = list(dict.fromkeys(universe + sorted(set(sub["_key"]), key=_na_sort_key)))
        cols = [(e, k) for e in entities for k in _KINDS]
        num = np.zeros((len(idx), len(cols)))
        den = np.zeros((len(idx), len(cols)))
        if len(sub):
            row = pd.Index(gdocs).get_indexer(sub["doc_id"])
            position = {e: i for i, e in enumerate(entities)}
            e_idx = np.array([position[e] for e in sub["_key"]])
            k_idx = pd.Index(_KINDS).get_indexer(sub["kind"])
            for kk in (k_idx, 0):
                np.add.at(num, (row, e_idx * len(_KINDS) + kk), 1.0)
            per_kind = np.zeros((len(idx), len(_KINDS)))
            for kk in (k_idx, 0):
                np.add.at(per_kind, (row, kk), 1.0)
            den = np.tile(per_kind, len(entities))
        res = boot(num, den, "sources", level, g, kind="share", bounds=(0.0, 1.0))
        ent = [e for e, _ in cols]
        frames.append(
            pd.DataFrame(
                {
                    "group": g,
                    "level": level,
                    "side": [e[0] for e in ent],
                    "actor": [e[1] if len(e) > 1 else pd.NA for e in ent],
                    "speaker": [e[2] if len(e) > 2 else pd.NA for e in ent],
                    "kind": [k for _, k in cols],
                    "count": num.sum(axis=0).astype(np.int64),
                    "share": res.estimate,
                    "ci_low": res.ci_low,
                    "ci_high": res.ci_high,
                    "n_docs": len(idx),
                    "n_docs_with": (num > 0).sum(axis=0).astype(np.int64),
                    "ci_method": res.method.astype(str),
                }
            )
        )
    if not frames:
        return pd.DataFrame(
            columns=[
                "group",
                "level",
                "side",
                "actor",
                "speaker",
                "kind",
                "count",
                "share",
                "ci_low",
                "ci_high",
                "n_docs",
                "n_docs_with",
                "ci_method",
            ]
        )
    out = pd.concat(frames, ignore_index=True)
    for c in ("side", "actor", "speaker"):
        out[c] = out[c].astype("string")
    return out


def _na_sort_key(key: tuple) -> tuple:
    return tuple("" if pd.isna(k) else str(k) for k in key)


# --------------------------------------------------------------------------------------- tone


@lru_cache(maxsize=1)
def _vader():
    """NLTK's VADER reading the lexicon file shipped by the vaderSentiment package.

    NLTK's own copy needs a download (unreachable offline), and NLTK 3.10 refuses absolute paths
    outside its data folders, so the package folder is added to ``nltk.data.path`` and the file
    is named relative to it.
    """
    import nltk
    import vaderSentiment
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    folder = str(Path(vaderSentiment.__file__).resolve().parent)
    if folder not in nltk.data.path:
        nltk.data.path.append(folder)
    return SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt")


def vader_compound(texts: Iterable[str]) -> np.ndarray:
    """Return VADER's compound score (-1 most negative .. +1 most positive) of each text."""
    sia = _vader()
    return np.array([sia.polarity_scores(t)["compound"] for t in texts], dtype=float)


def tone(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    actors=None,
    splitter=None,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
    ci_method: str = "auto",
) -> pd.DataFrame:
    """Mean VADER tone of the sentences that mention each actor (and each side), per group.

    A sentence mentions an actor when one of the actor's names (actors file, matched like lexicon
    terms) occurs in it; a sentence naming two actors counts for both, a sentence naming one
    actor twice counts once. Sentences come from ``splitter`` (an object with ``.spans(text)``;
    default ``analysis.sentences.SentenceSplitter`` fitted on the corpus texts).

    Returns one row per group x level ("actor", "side") x actor/side with columns group, level,
    side, actor (NA on side rows), n_docs (documents in the group), n_docs_mentioning,
    n_sentences, mean_compound (sum of the sentences' compound scores / n_sentences), ci_low,
    ci_high (document bootstrap of that ratio; NaN when fewer than 2 documents or no sentence).
    This is the tone of the sentences around a mention, not a stance toward the actor: see
    docs/statistics.md.
    """
    if actors is None:
        raise ValueError("tone needs an actors file (name,actor,side): pass actors=...")
    matcher, actor_of, side_by_actor = _actor_matcher(actors)
    docs = _docs(corpus, by=by, period=period, dedup=dedup, text=True)
    if splitter is None:
        from .sentences import SentenceSplitter

        splitter = SentenceSplitter().fit(docs["text"].tolist())
    actor_names = sorted(side_by_actor)
    side_names = sorted(set(side_by_actor.values()))
    a_col = {a: i for i, a in enumerate(actor_names)}
    s_col = {s: i for i, s in enumerate(side_names)}

    n = len(docs)
    a_sum = np.zeros((n, len(actor_names)))
    a_cnt = np.zeros_like(a_sum)
    s_sum = np.zeros((n, len(side_names)))
    s_cnt = np.zeros_like(s_sum)
    outside = 0
    for d, text in enumerate(docs["text"]):
        found = matcher.find(text)
        if not found:
            continue
        spans = list(splitter.spans(text))
        starts = np.array([s for s, _ in spans])
        per_sentence: dict[int, set[str]] = {}
        for m in found:
            k = int(np.searchsorted(starts, m.start, side="right")) - 1
            if k < 0 or m.start >= spans[k][1]:
                outside += 1  # the splitter left this stretch out of every sentence
                continue
            per_sentence.setdefault(k, set()).add(actor_of[m.entry_index])
        keys = sorted(per_sentence)
        scores = vader_compound(text[spans[k][0] : spans[k][1]] for k in keys)
        for k, score in zip(keys, scores, strict=True):
            acts = per_sentence[k]
            for a in acts:
                a_sum[d, a_col[a]] += score
                a_cnt[d, a_col[a]] += 1
            for s in {side_by_actor[a] for a in acts}:
                s_sum[d, s_col[s]] += score
                s_cnt[d, s_col[s]] += 1

    if outside:
        log.warning(
            "tone: %d actor mention(s) fall outside every sentence span: not scored", outside
        )
    frames = []
    boot = _Boot(seed, n_boot, ci, ci_method)
    for g, idx in _group_rows(docs):
        for level, names, sums, cnts in (
            ("side", side_names, s_sum, s_cnt),
            ("actor", actor_names, a_sum, a_cnt),
        ):
            res = boot(sums[idx], cnts[idx], "tone", level, g, kind="mean", bounds=(-1.0, 1.0))
            frames.append(
                pd.DataFrame(
                    {
                        "group": g,
                        "level": level,
                        "side": names if level == "side" else [side_by_actor[a] for a in names],
                        "actor": pd.NA if level == "side" else names,
                        "n_docs": len(idx),
                        "n_docs_mentioning": (cnts[idx] > 0).sum(axis=0).astype(np.int64),
                        "n_sentences": cnts[idx].sum(axis=0).astype(np.int64),
                        "mean_compound": res.estimate,
                        "ci_low": res.ci_low,
                        "ci_high": res.ci_high,
                        "ci_method": res.method.astype(str),
                    }
                )
            )
    cols = [
        "group",
        "level",
        "side",
        "actor",
        "n_docs",
        "n_docs_mentioning",
        "n_sentences",
        "mean_compound",
        "ci_low",
        "ci_high",
        "ci_method",
    ]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)
    out["actor"] = out["actor"].astype("string")
    out["_lv"] = (out["level"] == "actor").astype(int)
    out = out.sort_values(["group", "_lv", "side", "actor"], kind="mergesort", na_position="first")
    return out.drop(columns="_lv").reset_index(drop=True)[cols]


# ---------------------------------------------------------------------------------- similarity

_METRICS = ("hellinger", "euclidean")


def _profiles(rates_table: pd.DataFrame, *, voice: str, weighted: bool) -> pd.DataFrame:
    """Group x category matrix of rates (categories other than ALL) for one voice."""
    value = "weighted_rate_per_1k" if weighted else "rate_per_1k"
    needed = ["group", "category", "voice", value]
    missing = [c for c in needed if c not in rates_table.columns]
    if missing:
        raise ValueError(f"rates table is missing column(s) {', '.join(missing)}")
    if voice not in RATE_VOICES:
        raise ValueError(f"voice must be one of {', '.join(RATE_VOICES)}, got {voice!r}")
    sub = rates_table[(rates_table["voice"] == voice) & (rates_table["category"] != ALL)]
    return sub.pivot_table(index="group", columns="category", values=value, aggfunc="first")


def _features(profile: np.ndarray, metric: str) -> np.ndarray:
    """Rows in a space where Euclidean distance is the chosen metric.

    hellinger: sqrt of each group's category shares, divided by sqrt(2) (so distances lie in
    [0, 1]); a group with no hit has no shares (NaN row). euclidean: rates standardised per
    category across groups (z-scores); categories that do not vary are left out.
    """
    if metric == "hellinger":
        total = profile.sum(axis=-1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            shares = np.where(total > 0, profile / total, np.nan)
        return np.sqrt(shares) / np.sqrt(2.0)
    mean = profile.mean(axis=-2, keepdims=True)
    sd = profile.std(axis=-2, ddof=0, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(sd > 0, (profile - mean) / sd, 0.0)
    return z


def outlet_distances(
    rates_table: pd.DataFrame,
    *,
    voice: str = "all",
    metric: str = "hellinger",
    weighted: bool = False,
    corpus: pd.DataFrame | None = None,
    hits: pd.DataFrame | None = None,
    by: str = "outlet",
    period: str | None = None,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Distance between every pair of groups' category-rate profiles.

    ``metric="hellinger"`` (default) compares the *mix* of categories: the Hellinger distance
    between the groups' category shares, ``sqrt(1/2 * sum_c (sqrt(p_c) - sqrt(q_c))^2)``, in
    [0, 1] (0 = the same mix, 1 = no category in common); how loaded an outlet is overall does
    not enter (that is in the rates). NaN for a group with no hit. ``metric="euclidean"``
    compares levels: Euclidean distance between rates standardised per category across groups
    (z-scores), so each category weighs the same whatever its scale.

    Returns columns group_a, group_b (group_a < group_b, each pair once), distance; with
    ``corpus`` and ``hits`` (the inputs of the rates table) also ci_low, ci_high: a document
    bootstrap that resamples each group's documents (same seeds as :func:`rates`, so the
    replicates are the very ones behind the rates' intervals) and recomputes the distance.
    Sampling noise adds distance, so the interval is for reading how stable a distance is, not
    a test of "distance > 0".
    """
    if metric not in _METRICS:
        raise ValueError(f"metric must be one of {', '.join(_METRICS)}, got {metric!r}")
    prof = _profiles(rates_table, voice=voice, weighted=weighted)
    groups = [str(g) for g in prof.index]
    cats = [str(c) for c in prof.columns]
    feats = _features(prof.to_numpy(dtype=float), metric)
    ia, ib = np.triu_indices(len(groups), k=1)
    dist = np.sqrt(((feats[ia] - feats[ib]) ** 2).sum(axis=1))
    dist = np.where(np.isnan(feats[ia]).any(axis=1) | np.isnan(feats[ib]).any(axis=1), np.nan, dist)
    out = pd.DataFrame(
        {"group_a": [groups[i] for i in ia], "group_b": [groups[j] for j in ib], "distance": dist}
    )
    if corpus is not None and hits is not None and len(groups) > 1:
        reps = _profile_replicates(
            corpus,
            hits,
            groups=groups,
            categories=cats,
            voice=voice,
            weighted=weighted,
            by=by,
            period=period,
            seed=seed,
            n_boot=n_boot,
            dedup=dedup,
            ci=ci,
        )
        f = _features(reps, metric)  # (n_boot, groups, cats)
        d = np.sqrt(((f[:, ia] - f[:, ib]) ** 2).sum(axis=2))
        low, high = percentile_interval(d, ci)
        out["ci_low"] = low
        out["ci_high"] = high
    return out.sort_values(["group_a", "group_b"], kind="mergesort").reset_index(drop=True)


def _profile_replicates(
    corpus, hits, *, groups, categories, voice, weighted, by, period, seed, n_boot, dedup, ci
) -> np.ndarray:
    """(n_boot, groups, categories) bootstrap replicates of the rates, as in :func:`rates`
    (the same resamples; only the profile's columns are bootstrapped)."""
    docs, _cats, cells, counts, wcounts = _rate_inputs(
        corpus, hits, by=by, period=period, dedup=dedup, categories=categories
    )
    num = (wcounts if weighted else counts)[:, [cells.index((c, voice)) for c in categories]]
    out = np.full((n_boot, len(groups), len(categories)), np.nan)
    for i, (_g, _idx, res) in enumerate(
        _rate_replicates(
            docs,
            num,
            docs["n_tokens"].to_numpy(dtype=float),
            seed=seed,
            n_boot=n_boot,
            ci=ci,
            keep=True,
            groups=groups,
        )
    ):
        out[:, i, :] = res.replicates
    return out


def outlet_map(
    rates_table: pd.DataFrame,
    *,
    method: str = "mds",
    voice: str = "all",
    metric: str = "hellinger",
    weighted: bool = False,
    seed: int | None = config.DEFAULT_SEED,
) -> pd.DataFrame:
    """A 2-D map of the groups from their category-rate profiles (columns group, x, y).

    ``method="mds"``: metric multidimensional scaling (scikit-learn, classical-MDS start) of the
    :func:`outlet_distances` matrix, so map distances approximate profile distances.
    ``method="pca"``: the first two principal components of the profile features (square-root
    shares for hellinger, z-scored rates for euclidean). Axes have no unit; each axis is
    oriented so that its largest coordinate is positive, which makes the map reproducible.
    Groups without a profile (no hit, for hellinger) get NaN coordinates. Fewer than 3 groups:
    coordinates on x only (y = 0).
    """
    if method not in ("mds", "pca"):
        raise ValueError(f"method must be 'mds' or 'pca', got {method!r}")
    if metric not in _METRICS:
        raise ValueError(f"metric must be one of {', '.join(_METRICS)}, got {metric!r}")
    prof = _profiles(rates_table, voice=voice, weighted=weighted)
    groups = [str(g) for g in prof.index]
    feats = _features(prof.to_numpy(dtype=float), metric)
    ok = ~np.isnan(feats).any(axis=1)
    xy = np.full((len(groups), 2), np.nan)
    m = int(ok.sum())
    if m == 1:
        xy[ok] = 0.0
    elif m == 2:
        d = float(np.sqrt(((feats[ok][0] - feats[ok][1]) ** 2).sum()))
        xy[ok] = [[-d / 2, 0.0], [d / 2, 0.0]]
    elif m >= 3:
        F = feats[ok]
        if method == "pca":
            from sklearn.decomposition import PCA

            coords = PCA(n_components=2, svd_solver="full").fit_transform(F)
        else:
            coords = _mds(F, seed)
        xy[ok] = coords
    for j in range(2):  # orient: the coordinate largest in size is positive
        col = xy[ok, j]
        if col.size and col[np.argmax(np.abs(col))] < 0:
            xy[:, j] = -xy[:, j]
    xy = np.where(np.abs(xy) < 1e-12, 0.0, xy)
    return pd.DataFrame({"group": groups, "x": xy[:, 0], "y": xy[:, 1]})


def _mds(features: np.ndarray, seed: int | None) -> np.ndarray:
    import inspect

    from sklearn.manifold import MDS

    diff = features[:, None, :] - features[None, :, :]
    dist = np.sqrt((diff**2).sum(axis=2))
    params = inspect.signature(MDS).parameters
    kwargs: dict = {"n_components": 2, "random_state": seed if seed is None else int(seed) % 2**32}
    if "metric_mds" in params:  # scikit-learn >= 1.8
        kwargs.update(metric="precomputed", metric_mds=True, init="classical_mds", n_init=1)
    else:
        kwargs.update(dissimilarity="precomputed", n_init=4)
    return MDS(**kwargs).fit_transform(dist)


# ------------------------------------------------------------------------------------ compare


@dataclass
class Comparison:
    """The tables of one comparison and the parameters that produced them.

    Attributes: ``rates``, ``differences`` (pairwise, :func:`rate_differences`), ``keyness``,
    ``naming`` (None without a naming file), ``sources`` (None when attributions are
    unavailable), ``tone`` (None without an actors file), ``distances``, ``outlet_map``
    (DataFrames documented by the function of the same name) and ``params`` (dict: by, period,
    seed, n_boot, dedup, ci, lexicon name and sha256, the self-names keyness left out, ...).
    """

    rates: pd.DataFrame
    keyness: pd.DataFrame
    distances: pd.DataFrame
    outlet_map: pd.DataFrame
    naming: pd.DataFrame | None = None
    sources: pd.DataFrame | None = None
    tone: pd.DataFrame | None = None
    params: dict = field(default_factory=dict)
    differences: pd.DataFrame | None = None

    TABLES = (
        "rates",
        "differences",
        "keyness",
        "naming",
        "sources",
        "tone",
        "distances",
        "outlet_map",
    )
    FLOAT_DECIMALS = 6

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return {name: DataFrame} for every table present, in a fixed order."""
        return {n: getattr(self, n) for n in self.TABLES if getattr(self, n) is not None}

    def to_dir(self, outdir: str | Path) -> list[Path]:
        """Write each table as ``NAME.csv`` and the parameters as ``comparison.json``.

        Floats are rounded to 6 decimals, rows are in the tables' sorted order, so the same
        comparison always gives the same bytes. Returns the paths written.
        """
        return write_tables(
            self.tables(), outdir, record=("comparison.json", self.params),
            decimals=self.FLOAT_DECIMALS,
        )


def write_tables(
    tables: dict[str, pd.DataFrame],
    outdir: str | Path,
    *,
    record: tuple[str, dict] | None = None,
    decimals: int = 6,
) -> list[Path]:
    """Write each table as ``OUTDIR/NAME.csv`` (floats rounded to ``decimals``, LF line ends)
    and ``record`` (file name, dict) as sorted JSON, so the same tables give the same bytes.
    Returns the paths written."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        path = outdir / f"{name}.csv"
        round_floats(df, decimals).to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    if record is not None:
        name, data = record
        path = outdir / name
        path.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")
        written.append(path)
    return written


def round_floats(df: pd.DataFrame, decimals: int) -> pd.DataFrame:
    """``df`` with every float column rounded to ``decimals`` (stable CSV bytes)."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(decimals)
    return out


def compare(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    lexicon=None,
    naming=None,
    naming_hits: pd.DataFrame | None = None,
    actors=None,
    attributions: pd.DataFrame | None = None,
    by: str = "outlet",
    period: str | None = None,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
    ci_method: str = "auto",
    keyness_top: int | None = 100,
    min_df: int = 3,
    exclude_self: bool | str = True,
    adjust: str = "none",
    metric: str = "hellinger",
    map_method: str = "mds",
    splitter=None,
) -> Comparison:
    """Every comparison table for ``corpus`` and its ``hits`` (``analysis.score`` output).

    ``lexicon`` (path or Lexicon) fixes the categories so that categories without hits appear in
    the rates. ``naming`` (naming file or Lexicon) adds the naming table (its hits are computed
    with ``analysis.score`` unless ``naming_hits`` is given). ``actors`` (file(s) or table, see
    :func:`load_actors`) adds sides and actors to the sources table and the tone table.
    ``attributions`` (``analysis.voice.attribution_table`` output) is computed when not given,
    once, with a voice annotator fitted on the corpus as ``analysis.score`` does by default: the
    sources table and the rates' per-voice token counts use the same spans.

    ``differences``: :func:`rate_differences` for every pair of groups, every category and
    "ALL", voice "all" per 1,000 tokens and each voice per 1,000 tokens of the whole text and of
    its own words (``adjust`` as there); None, with a warning, beyond
    :data:`DIFFERENCES_MAX_GROUPS` groups (call :func:`rate_differences` with chosen pairs). ``keyness`` leaves each group's own name out of its
    list (``exclude_self``, see :func:`keyness`); what was left out is in
    ``params["keyness_excluded_self"]``.
    The other options are those of the table functions; see their docstrings.
    """
    categories = None
    params: dict = {
        "by": by,
        "period": period,
        "seed": seed,
        "n_boot": n_boot,
        "dedup": dedup,
        "ci": ci,
        "ci_method": ci_method,
        "keyness_top": keyness_top,
        "min_df": min_df,
        "exclude_self": exclude_self,
        "adjust": adjust,
        "metric": metric,
        "map_method": map_method,
        "n_docs": int(len(corpus)),
        "n_hits": int(len(hits)),
    }
    if lexicon is not None:
        from .lexicon import load_lexicon

        lex = load_lexicon(lexicon)
        categories = lex.categories
        params.update(lexicon=lex.name, lexicon_sha256=lex.sha256)
    common = {"by": by, "period": period, "dedup": dedup}
    boot = {"seed": seed, "n_boot": n_boot, "ci": ci}
    boot_m = {**boot, "ci_method": ci_method}
    docs = _docs(corpus, **common)
    if dedup and len(docs) < len(corpus):
        log.info("dedup: %d non-canonical cop(ies) left out", len(corpus) - len(docs))
    if attributions is None:
        attributions = _default_attributions(corpus, docs)
    # The tokens of each voice, counted once for the rates and the differences.
    voice_tokens = _voice_tokens(corpus, docs, attributions)
    rates_t = rates(
        corpus, hits, categories=categories, voice_tokens=voice_tokens, **common, **boot_m
    )
    cats = [c for c in dict.fromkeys(rates_t["category"]) if c != ALL]
    n_groups = rates_t["group"].nunique()
    diff_t = None
    if n_groups <= DIFFERENCES_MAX_GROUPS:
        diff_t = rate_differences(
            corpus,
            hits,
            categories=categories,
            category=[*cats, ALL],
            voice=list(RATE_VOICES),
            denominator=["all", "voice"],
            voice_tokens=voice_tokens,
            adjust=adjust,
            **common,
            **boot_m,
        )
    else:
        # k groups give k(k-1)/2 pairs x categories x voices rows: past this many groups the
        # table is too big to read (e.g. daily periods); the caller picks pairs instead.
        log.warning(
            "%d groups (%d pairs): pairwise differences not computed; call "
            "analysis.rate_differences(..., pairs=[...]) for the pairs you need",
            n_groups,
            n_groups * (n_groups - 1) // 2,
        )
        params["differences"] = f"not computed: more than {DIFFERENCES_MAX_GROUPS} groups"
    key_t = keyness(corpus, min_df=min_df, top_n=keyness_top, exclude_self=exclude_self, **common)
    params["keyness_self_names"] = key_t.attrs.get("self_names", {})
    params["keyness_excluded_self"] = _excluded_by_group(key_t)
    dist_t = outlet_distances(rates_t, metric=metric, corpus=corpus, hits=hits, **common, **boot)
    map_t = outlet_map(rates_t, method=map_method, metric=metric, seed=seed)
    naming_t = None
    if naming is not None:
        from .lexicon import Lexicon, load_naming

        nlex = naming if isinstance(naming, Lexicon) else load_naming(naming)
        params.update(naming=nlex.name, naming_sha256=nlex.sha256)
        naming_t = naming_shares(corpus, nlex, hits=naming_hits, **common, **boot_m)
    tone_t = None
    if actors is not None:
        alex = load_actors(actors)
        params.update(actors=alex.name, actors_sha256=alex.sha256)
        actors = alex
        tone_t = tone(corpus, actors=alex, splitter=splitter, **common, **boot_m)
    sources_t = sources(corpus, actors=actors, attributions=attributions, **common, **boot_m)
    return Comparison(
        rates=rates_t,
        differences=diff_t,
        keyness=key_t,
        distances=dist_t,
        outlet_map=map_t,
        naming=naming_t,
        sources=sources_t,
        tone=tone_t,
        params=params,
    )


# ---------------------------------------------------------------------------------------- CLI


def register_cli(subparsers) -> None:
    """Add ``compare`` to the command line."""
    p = subparsers.add_parser(
        "compare",
        help="compare outlets: rates and pairwise differences with intervals, keyness, naming, "
        "sources, tone, distances",
        description="Score a corpus with a lexicon and write the comparison tables (rates.csv, "
        "differences.csv, keyness.csv, naming.csv, sources.csv, tone.csv, distances.csv, "
        "outlet_map.csv, comparison.json) to OUTDIR.",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="corpus files or folders, or an ingested corpus .parquet",
    )
    p.add_argument(
        "--lexicon",
        type=Path,
        default=config.DEFAULT_LEXICON,
        help=f"lexicon file (default: {config.DEFAULT_LEXICON.name})",
    )
    p.add_argument(
        "--hits",
        type=Path,
        default=None,
        help="hits table (.csv or .parquet) from `python -m analysis score` "
        "(default: score INPUT now)",
    )
    p.add_argument(
        "--naming",
        type=Path,
        nargs="?",
        const=config.DEFAULT_NAMING,
        default=None,
        help=f"naming file (no value: {config.DEFAULT_NAMING.name})",
    )
    p.add_argument(
        "--actors",
        type=Path,
        nargs="*",
        default=None,
        help=f"actors file(s) (no value: {config.DEFAULT_ACTORS.name})",
    )
    p.add_argument(
        "--by", default="outlet", help="corpus column that defines groups (default: outlet)"
    )
    p.add_argument(
        "--period",
        default=None,
        help="group by calendar period of --by (a datetime column, e.g. published): "
        "D, W, M, Q or Y",
    )
    p.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--min-df", type=int, default=3, help="keyness document-frequency floor")
    p.add_argument(
        "--keep-self-names",
        action="store_true",
        help="keep each outlet's own name (datelines, bylines) in its keyness list",
    )
    p.add_argument(
        "--adjust",
        choices=_ADJUST,
        default="none",
        help="pairwise differences: 'bonferroni' widens each interval so that all pairs cover "
        "together at 95%% (default: none, each pair at 95%%)",
    )
    p.add_argument("--no-dedup", action="store_true", help="count every copy of reposted stories")
    p.add_argument("-o", "--outdir", type=Path, required=True, help="output folder")
    p.set_defaults(func=_cli_compare)


def _cli_compare(args: argparse.Namespace) -> int:
    from .corpus import corpus_from_inputs
    from .lexicon import load_lexicon

    if args.by == "outlet" and args.period:
        args.by = "published"
    corpus = corpus_from_inputs(args.inputs)
    lex = load_lexicon(args.lexicon)
    from .scoring import read_hits, score

    hits = read_hits(args.hits) if args.hits is not None else score(corpus, lex)
    actors = None
    if args.actors is not None:
        actors = args.actors or [config.DEFAULT_ACTORS]
    result = compare(
        corpus,
        hits,
        lexicon=lex,
        naming=args.naming,
        actors=actors,
        by=args.by,
        period=args.period,
        seed=args.seed,
        n_boot=args.n_boot,
        dedup=not args.no_dedup,
        min_df=args.min_df,
        exclude_self=not args.keep_self_names,
        adjust=args.adjust,
    )
    written = result.to_dir(args.outdir)
    log.info("wrote %s", ", ".join(p.name for p in written))
    return 0


