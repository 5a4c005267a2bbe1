"""Corpus summaries for the corpus page: documents, tokens and dates per outlet; the ingest audit."""

from __future__ import annotations

import pandas as pd

from ..figures.style import display_order
from ..tables import require_columns

__all__ = [
    "language_summary",
    "corpus_summary",
    "ingest_audit",
]


def corpus_summary(corpus: pd.DataFrame, *, by: str = "outlet") -> pd.DataFrame:
    """Return one row per ``by`` value (outlet by default) and a final ``ALL`` row.

    Columns: ``articles`` (rows), ``canonical`` (articles that count in comparisons: own pieces
    and the canonical copy of each near-duplicate cluster), ``copies`` (near-duplicate copies
    counted once), ``reposted`` (articles whose ``origin_outlet`` differs from ``outlet``),
    ``cleaned`` (articles with boilerplate cut), ``tokens`` (sum of ``n_tokens``),
    ``median_tokens``, ``first_published`` / ``last_published`` (UTC dates, ISO format, "" when no
    article of the row is dated), ``undated``. Sorted by ``by``, then ``ALL``.
    """
    needed = [
        by,
        "outlet",
        "origin_outlet",
        "n_tokens",
        "published",
        "is_canonical",
        "removed_text",
    ]
    require_columns(corpus, needed, "corpus_summary: corpus")
    work = pd.DataFrame(
        {
            "key": corpus[by].astype("string").fillna("(missing)"),
            "canonical": corpus["is_canonical"].astype(bool),
            "reposted": (
                corpus["origin_outlet"].astype("string") != corpus["outlet"].astype("string")
            ).fillna(False),
            "cleaned": corpus["removed_text"].fillna("").astype(str).str.len() > 0,
            "tokens": corpus["n_tokens"].astype("int64"),
            "published": pd.to_datetime(corpus["published"], utc=True),
        }
    )

    def _row(part: pd.DataFrame) -> dict:
        dates = part["published"].dropna()
        return {
            "articles": len(part),
            "canonical": int(part["canonical"].sum()),
            "copies": int((~part["canonical"]).sum()),
            "reposted": int(part["reposted"].sum()),
            "cleaned": int(part["cleaned"].sum()),
            "tokens": int(part["tokens"].sum()),
            "median_tokens": float(part["tokens"].median()) if len(part) else 0.0,
            "first_published": dates.min().strftime("%Y-%m-%d") if len(dates) else "",
            "last_published": dates.max().strftime("%Y-%m-%d") if len(dates) else "",
            "undated": int(part["published"].isna().sum()),
        }


    parts = work.groupby("key")
    rows = [{by: key, **_row(parts.get_group(key))} for key in display_order(work["key"])]
    rows.append({by: "ALL", **_row(work)})
    return pd.DataFrame(rows)


def ingest_audit(report: pd.DataFrame) -> pd.DataFrame:
    """Return the ingest report summarised: one row per (status, reason), with the number of
    records and up to three example sources.

    ``report`` is :attr:`analysis.ingest.IngestResult.report` (source, doc_id, status, reason).
    A reason that names its own file ("…: line 3") is kept as it is, so nothing is merged that
    says something different. Sorted by status (rejected first, then skipped, loaded) and count.
    """
    require_columns(report, ("source", "status", "reason"), "ingest_audit: report")
    work = report.assign(reason=report["reason"].fillna("").astype(str))
    grouped = (
        work.groupby(["status", "reason"], sort=False)["source"]
        .agg(records="size", examples=lambda s: ", ".join(map(str, list(s)[:3])))
        .reset_index()
    )
    rank = {"rejected": 0, "skipped": 1, "loaded": 2}
    grouped["_rank"] = grouped["status"].map(lambda s: rank.get(str(s), 3))
    grouped = grouped.sort_values(["_rank", "records", "reason"], ascending=[True, False, True])
    return grouped.drop(columns="_rank").reset_index(drop=True)


def language_summary(corpus: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Documents by language (``language, documents``, most first) and a warning sentence when
    some are not in English ("" when all are): the voice rules, the sentence model and the
    shipped lexicons were written for English."""
    require_columns(corpus, ("language",), "language_summary: corpus")
    counts = corpus["language"].astype(str).value_counts()
    table = pd.DataFrame({"language": counts.index, "documents": counts.to_numpy()})
    table = table.sort_values(["documents", "language"], ascending=[False, True], kind="stable")
    other = int(counts.drop("en", errors="ignore").sum())
    note = "" if not other else (
        f"{other} of {len(corpus)} documents are not in English ('und': too short or unclear to "
        "tell). Their loaded terms are counted, but the voice rules, the sentence model and the "
        "shipped lexicons were written for English: their voices and speakers are not reliable, "
        "and a lexicon in English finds little in them."
    )
    return table.reset_index(drop=True), note
