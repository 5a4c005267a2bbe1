"""Naming shares: each group's share of each competing name of a referent (Artsakh / Karabakh)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import config
from ..lexicons.files import Lexicon, load_naming
from ..scoring.hits import score
from .groups import GroupBootstrap, check_hits, group_documents, group_rows, voice_filter
from .inputs import corpus_annotator, docs_rows

__all__ = [
    "naming_shares",
]


# Columns of the naming table, in order.
_NAMING_COLUMNS = [
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
    lex = naming if isinstance(naming, Lexicon) else load_naming(naming)
    docs = group_documents(corpus, by=by, period=period, dedup=dedup)
    hits = _naming_hits(corpus, docs, lex, hits, voice)
    entries = lex.entries[["category", "term"]].astype(str)
    variants = list(entries.itertuples(index=False, name=None))  # (referent, variant)
    unknown = set(zip(hits["category"], hits["term"].astype(str), strict=True)) - set(variants)
    if unknown:
        shown = ", ".join(f"{r}/{v}" for r, v in sorted(unknown)[:5])
        raise ValueError(f"naming hits have referent/variant pairs not in {lex.name}: {shown}")
    counts, denom = _variant_counts(docs, hits, variants)

    frames = []
    boot = GroupBootstrap(seed, n_boot, ci, ci_method)
    for g, idx in group_rows(docs):
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
        return pd.DataFrame(columns=_NAMING_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["group", "referent", "variant"], kind="mergesort").reset_index(
        drop=True
    )


def _naming_hits(
    corpus: pd.DataFrame,
    docs: pd.DataFrame,
    lex: Lexicon,
    hits: pd.DataFrame | None,
    voice: str | Sequence[str],
) -> pd.DataFrame:
    """The naming hits of ``docs`` in the chosen voices (scored with ``lex`` when ``hits`` is
    None); ValueError when the table lacks the variant column."""
    if hits is None:
        hits = score(docs_rows(corpus, docs), lex, annotator=corpus_annotator(corpus))
    hits = check_hits(hits, corpus, docs, what="naming hits")
    if "term" not in hits.columns:
        raise ValueError("naming hits table is missing column term (the variant as listed)")
    voices = voice_filter(voice)
    return hits[hits["voice"].isin(voices)]


def _variant_counts(
    docs: pd.DataFrame, hits: pd.DataFrame, variants: list[tuple[str, str]]
) -> tuple[np.ndarray, np.ndarray]:
    """Mentions of each variant per document, ``(documents, variants)``, and, in the same shape,
    each variant's referent total per document (mentions of the referent in any variant)."""
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
    return counts, per_ref[:, ref_col]
