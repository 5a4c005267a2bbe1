"""Does the lexicon fit the corpus? The first thing a report says, before any comparison.

A lexicon written for one topic finds little in another, and what it finds is often off-topic
("assault weapons" counted as an offensive, tax "regimes"). :func:`lexicon_fit` measures the
fit: hits per 1,000 tokens, the share of documents with at least one hit, the share of the
lexicon's terms ever matched, and the most frequent terms with a keyword-in-context line each,
so a reader can see at once whether the counts mean what the lexicon says. The verdict applies
stated thresholds (:data:`FIT_THRESHOLDS`); the same measure serves naming and actors files.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..tables import require_columns

__all__ = ["FIT_THRESHOLDS", "LexiconFit", "lexicon_fit"]

# A lexicon fits poorly when its hits are rarer than this per 1,000 tokens, or when fewer than
# this share of the documents hold any; it is narrow when it uses fewer than this share of its
# terms. The demo's conflict lexicon on war reporting: about 10 hits per 1,000 tokens, in nearly
# every document; the same lexicon on US politics: 0.9, in 30% of the documents, 21% of terms.
FIT_THRESHOLDS = {"hits_per_1k": 2.0, "share_docs_with_hit": 0.5, "share_terms_matched": 0.2}


@dataclass
class LexiconFit:
    """How well a lexicon fits a corpus.

    ``summary``: one row (name, documents, tokens, hits, hits_per_1k, docs_with_hit,
    share_docs_with_hit, terms, terms_matched, share_terms_matched, verdict). ``terms``: the
    most frequent terms (term, category, hits, docs, share_authorial, example), ``example``
    being one keyword-in-context line. ``verdict``: "good", "narrow" or "poor"; ``warning``:
    a plain sentence for a report, or "" when the fit is good.
    """

    summary: pd.DataFrame
    terms: pd.DataFrame
    verdict: str
    warning: str


def lexicon_fit(
    corpus: pd.DataFrame, hits: pd.DataFrame, lexicon, *, top: int = 10, name: str | None = None,
    width: int = 50,
) -> LexiconFit:
    """Measure how well ``lexicon`` (a Lexicon, or anything with ``entries`` and ``name``) fits
    ``corpus`` given its ``hits`` (:func:`analysis.score`, or the voiceless
    :func:`analysis.find_terms`); see :class:`LexiconFit` and :data:`FIT_THRESHOLDS`."""
    require_columns(corpus, ("doc_id", "text", "n_tokens"), "lexicon_fit: corpus")
    require_columns(hits, ("doc_id", "term", "category", "start", "end"), "lexicon_fit: hits")
    name = name or getattr(lexicon, "name", "lexicon")
    n_docs, n_tokens = len(corpus), int(corpus["n_tokens"].sum())
    per_1k = 1000.0 * len(hits) / n_tokens if n_tokens else 0.0
    hit_docs = hits["doc_id"].astype(str)
    docs_with = int(hit_docs[hit_docs.isin(set(corpus["doc_id"].astype(str)))].nunique())
    n_terms = int(lexicon.entries["term"].nunique())
    matched = int(hits["term"].nunique())
    share_docs = docs_with / n_docs if n_docs else 0.0
    share_terms = matched / n_terms if n_terms else 0.0
    verdict, warning = _verdict(name, per_1k, share_docs, share_terms)
    summary = pd.DataFrame([{
        "lexicon": name, "documents": n_docs, "tokens": n_tokens, "hits": len(hits),
        "hits_per_1k": per_1k, "docs_with_hit": docs_with, "share_docs_with_hit": share_docs,
        "terms": n_terms, "terms_matched": matched, "share_terms_matched": share_terms,
        "verdict": verdict,
    }])
    return LexiconFit(summary, _top_terms(corpus, hits, top, width), verdict, warning)


def _verdict(name: str, per_1k: float, share_docs: float, share_terms: float) -> tuple[str, str]:
    t = FIT_THRESHOLDS
    if per_1k < t["hits_per_1k"] or share_docs < t["share_docs_with_hit"]:
        return "poor", (
            f"The lexicon {name} fits this corpus poorly: {per_1k:.2f} hits per 1,000 tokens "
            f"(below {t['hits_per_1k']:g}) and {share_docs:.0%} of the documents with a hit "
            f"(a good fit has {t['share_docs_with_hit']:.0%} or more). Read the example lines "
            "below before reading any comparison: the counts may not mean what the lexicon says."
        )
    if share_terms < t["share_terms_matched"]:
        return "narrow", (
            f"The lexicon {name} uses {share_terms:.0%} of its terms in this corpus (below "
            f"{t['share_terms_matched']:.0%}): the comparison rests on a few terms; read them below."
        )
    return "good", ""


def _top_terms(corpus: pd.DataFrame, hits: pd.DataFrame, top: int, width: int) -> pd.DataFrame:
    columns = ["term", "category", "hits", "docs", "share_authorial", "example"]
    if hits.empty:
        return pd.DataFrame(columns=columns)
    grouped = hits.groupby(["term", "category"], sort=False)
    table = pd.DataFrame({
        "hits": grouped.size(),
        "docs": grouped["doc_id"].nunique(),
        # the share in the outlets' own words, when the hits carry voices (analysis.score)
        "share_authorial": (grouped["voice"].apply(lambda v: float((v == "authorial").mean()))
                            if "voice" in hits else float("nan")),
    }).reset_index()
    table = table.sort_values(["hits", "term"], ascending=[False, True], kind="stable").head(top)
    text = dict(zip(corpus["doc_id"].astype(str), corpus["text"], strict=True))
    first = hits.sort_values(["doc_id", "start"], kind="stable").drop_duplicates(["term", "category"])
    example = {}
    for t, c, d, s, e in zip(first["term"], first["category"], first["doc_id"].astype(str),
                             first["start"], first["end"], strict=True):
        doc = text.get(d, "")
        left = " ".join(doc[max(0, s - width):s].split())
        right = " ".join(doc[e:e + width].split())
        example[(t, c)] = f"…{left} [{doc[s:e]}] {right}…"
    table["example"] = [example.get((t, c), "") for t, c in zip(table["term"], table["category"],
                                                                 strict=True)]
    return table[columns].reset_index(drop=True)
