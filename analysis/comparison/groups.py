"""Grouping documents for comparison, and the bootstrap plumbing every table shares.

:func:`group_labels` turns a corpus column (or a calendar period of a date column) into group
labels; :func:`group_documents` is the per-document table every comparison starts from (group,
tokens, canonical copies only unless ``dedup=False``); :class:`GroupBootstrap` draws each group's
resampling weights once, seeded by the group's label.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..stats.bootstrap import bootstrap_ratio
from ..stats.intervals import group_rng
from ..tables import require_columns
from ..voice.words import VOICES

log = logging.getLogger(__name__)

__all__ = [
    "GROUP_MISSING",
    "RATE_VOICES",
    "group_labels",
]


RATE_VOICES = ("all", *VOICES)
GROUP_MISSING = "(missing)"
UNNAMED = "(unnamed)"
UNMAPPED = "(unmapped)"
ALL = "ALL"
_HIT_VOICES = VOICES
SOURCE_KINDS = ("all", "quoted", "reported")


class RowTexts:
    """The texts of the documents compared, at positions ``rows`` of the corpus, as a sequence
    whose slices are lists of Python strings (a missing text is ""), read a slice at a time from
    ``column``: the corpus's text column (a Series), or anything whose ``take(positions)`` gives
    the texts at those rows (a workspace's text left on disk,
    :class:`analysis.workspace.datasets.DatasetTexts`). The text is never copied whole: a
    Python string per document is several times the text's size (issue 13, compare's memory).
    """

    def __init__(self, column, rows: np.ndarray):
        self._column = column
        self._rows = rows

    @staticmethod
    def check(corpus: pd.DataFrame, texts, *, what: str) -> None:
        """ValueError naming ``what`` when there is no text to read: no text column, no
        ``texts``."""
        if texts is None and "text" not in corpus.columns:
            raise ValueError(f"{what}: the corpus has no text column and no texts= were given")

    @classmethod
    def of(cls, corpus: pd.DataFrame, docs: pd.DataFrame, texts, *, what: str) -> RowTexts:
        """The texts of ``docs`` (:func:`group_documents` with ``rows=True``): from ``texts``
        when given, else from the corpus's text column."""
        cls.check(corpus, texts, what=what)
        return cls(corpus["text"] if texts is None else texts, docs["row"].to_numpy())

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, part: slice) -> list[str]:
        return [
            "" if t is None or t is pd.NA or (isinstance(t, float) and np.isnan(t)) else str(t)
            for t in self._column.take(self._rows[part])
        ]


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


def group_documents(
    corpus: pd.DataFrame,
    *,
    by: str,
    period: str | None,
    dedup: bool,
    text: bool = False,
    rows: bool = False,
) -> pd.DataFrame:
    """Documents that enter a comparison: doc_id, group, n_tokens (+ text; + row, each
    document's position in ``corpus``), in corpus order."""
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(f"corpus must be a DataFrame, got {type(corpus).__name__}")
    needed = (
        ["doc_id", "n_tokens"] + (["is_canonical"] if dedup else []) + (["text"] if text else [])
    )
    require_columns(
        corpus, needed, "corpus", hint="build it with analysis.load_corpus or analysis.coerce_corpus"
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
        col = corpus["text"]
        if not isinstance(col.dtype, pd.StringDtype):
            col = col.fillna("").astype(str)
        elif col.hasnans:
            col = col.fillna("")
        # the corpus's own storage: Arrow-backed text stays Arrow, read a chunk at a time by
        # whoever needs Python strings (a Python string per document is several times the
        # text's size: 0.5 GB at 100,000 documents; issue 13, compare's memory)
        out["text"] = col.array
    if rows:
        out["row"] = np.arange(len(corpus), dtype=np.int64)
    if dedup and not keep.all():
        # DEBUG: every table calls this; compare() says it once at INFO
        log.debug("dedup: %d non-canonical cop(ies) left out", int((~keep).sum()))
    # Every group of the corpus stays in the tables, even one whose documents are all
    # non-canonical copies (it then shows n_docs = 0 rather than vanishing): the categorical
    # dtype keeps the full list of groups.
    out["group"] = pd.Categorical(out["group"], categories=sorted_groups(out["group"]))
    return out[keep].reset_index(drop=True)


def check_hits(
    hits: pd.DataFrame, corpus: pd.DataFrame, docs: pd.DataFrame, *, what: str = "hits"
) -> pd.DataFrame:
    """Validate a hits table against the corpus; return the rows of documents in ``docs``."""
    require_columns(
        hits, ["doc_id", "category", "voice", "weight"], f"{what} table",
        hint="expected the output of analysis.score",
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
class GroupBootstrap:
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


def sorted_groups(groups: Iterable[str]) -> list[str]:
    return sorted(set(groups))


def groups_of(docs: pd.DataFrame) -> list[str]:
    """Every group of the corpus (including groups left with no document by dedup), sorted."""
    return [str(g) for g in docs["group"].cat.categories]


def group_rows(docs: pd.DataFrame, groups: Iterable[str] | None = None):
    """Yield (group, row indices into ``docs``) for ``groups`` (default: every group, sorted)."""
    group_arr = docs["group"].to_numpy()
    for g in groups_of(docs) if groups is None else groups:
        yield g, np.flatnonzero(group_arr == g)


def as_list(value, what: str) -> list[str]:
    values = [value] if isinstance(value, str) else [str(v) for v in value]
    if not values:
        raise ValueError(f"{what}: give at least one value")
    return list(dict.fromkeys(values))


def voice_filter(voice: str | Sequence[str]) -> list[str]:
    voices = [voice] if isinstance(voice, str) else list(voice)
    if "all" in voices:
        return list(_HIT_VOICES)
    bad = [v for v in voices if v not in _HIT_VOICES]
    if bad or not voices:
        raise ValueError(f"voice must be 'all' or among {', '.join(_HIT_VOICES)}, got {voice!r}")
    return voices


def na_sort_key(key: tuple) -> tuple:
    return tuple("" if pd.isna(k) else str(k) for k in key)
