"""Tables computed from hits: per-document rates, voice token counts, per-term voice split, KWIC."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..tables import require_columns
from ..text.tokens import TOKEN_PATTERN, count_tokens
from ..voice.annotator import attribution_table
from ..voice.words import VOICES
from .hits import as_corpus, default_annotator

__all__ = [
    "SUMMARY_COLUMNS",
    "VOICE_TOKEN_COLUMNS",
    "doc_summary",
    "kwic",
    "voice_counts",
    "voice_token_counts",
]


SUMMARY_COLUMNS = [
    "doc_id",
    "outlet",
    "origin_outlet",
    "category",
    "voice",
    "n_tokens",
    "n_hits",
    "weighted_hits",
    "rate_per_1k",
    "weighted_rate_per_1k",
    "n_negated",
    "n_hedged",
]


def doc_summary(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    categories: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Return per-document counts and rates of hits, tidy: one row per document × category ×
    voice, every document of the corpus included (zero rows where it has no hits).

    ``voice`` is ``"all"`` (every hit) or one of :data:`VOICES`. Columns:

    - ``n_tokens``: the document's tokens (:mod:`analysis.tokens`), the denominator;
    - ``n_hits``, ``weighted_hits``: hits, and the sum of their weights;
    - ``rate_per_1k`` = n_hits / n_tokens × 1000, ``weighted_rate_per_1k`` likewise: hits per
      1,000 tokens of the *whole* document, for every voice, so the voice rates add up to the
      "all" rate (NaN for a document with no tokens);
    - ``n_negated``, ``n_hedged``: how many of those hits are negated / hedged (counted in
      ``n_hits`` too; subtract them if a study wants to leave them out).

    ``categories`` fixes the category list (default: the lexicon's, from
    ``hits.attrs["lexicon"]``, else the categories present in ``hits``), so categories without
    a single hit still get rows of zeros. Hits of documents or categories outside the corpus or
    the list raise an error rather than being dropped.
    """
    corpus = as_corpus(corpus)
    require_columns(
        hits, ("doc_id", "category", "voice", "weight", "negated", "hedged"), "hits table"
    )
    if categories is None:
        categories = (hits.attrs.get("lexicon") or {}).get("categories")
    if categories is None:
        categories = sorted(hits["category"].dropna().unique().tolist())
    categories = list(dict.fromkeys(categories))
    # ids compared as strings: hits read back from CSV may hold "101" as the integer 101
    hit_docs = hits["doc_id"].astype(str)
    unknown_docs = set(hit_docs) - set(corpus["doc_id"])
    if unknown_docs:
        raise ValueError(
            f"hits name documents that are not in the corpus: {sorted(unknown_docs)[:5]}"
        )
    unknown_cats = set(hits["category"]) - set(categories)
    if unknown_cats:
        raise ValueError(
            f"hits have categories {sorted(unknown_cats)} that are not in categories=; "
            "filter the hits first if you mean to leave them out"
        )
    unknown_voices = set(hits["voice"]) - set(VOICES)
    if unknown_voices:
        raise ValueError(f"hits have unknown voice values {sorted(unknown_voices)}")

    h = pd.DataFrame(
        {
            "doc_id": hit_docs,
            "category": hits["category"].astype(str),
            "voice": hits["voice"].astype(str),
            "n_hits": 1,
            "weighted_hits": hits["weight"].astype(float),
            "n_negated": hits["negated"].astype(int),
            "n_hedged": hits["hedged"].astype(int),
        }
    )
    by_voice = h.groupby(["doc_id", "category", "voice"]).sum()
    overall = h.drop(columns="voice").groupby(["doc_id", "category"]).sum()
    overall["voice"] = "all"
    overall = overall.set_index("voice", append=True)
    counts = pd.concat([by_voice, overall])

    doc_ids = corpus["doc_id"].astype(str).tolist()
    grid = pd.MultiIndex.from_product(
        [doc_ids, categories, ["all", *VOICES]], names=["doc_id", "category", "voice"]
    )
    counts = counts.reindex(grid, fill_value=0).reset_index()
    docs = pd.DataFrame(
        {
            "doc_id": doc_ids,
            "outlet": corpus["outlet"].astype(str).tolist(),
            "origin_outlet": corpus["origin_outlet"].astype(str).tolist(),
            "n_tokens": corpus["n_tokens"].astype("int64").tolist(),
        }
    )
    out = docs.merge(counts, on="doc_id", how="right", validate="one_to_many")
    per_1k = 1000.0 / out["n_tokens"].where(out["n_tokens"] > 0)
    out["rate_per_1k"] = out["n_hits"] * per_1k
    out["weighted_rate_per_1k"] = out["weighted_hits"] * per_1k
    out = out[SUMMARY_COLUMNS]
    for col in ("doc_id", "outlet", "origin_outlet", "category", "voice"):
        out[col] = out[col].astype("string")
    for col in ("n_hits", "n_negated", "n_hedged"):
        out[col] = out[col].astype("int64")
    out["weighted_hits"] = out["weighted_hits"].astype("float64")
    return out.reset_index(drop=True)


VOICE_TOKEN_COLUMNS = ["doc_id", "authorial_tokens", "quoted_tokens", "reported_tokens"]
# a character that can belong to a token (analysis.tokens: word characters, inner apostrophes)
_WORDISH = re.compile(r"[\w'’]")


def voice_token_counts(
    corpus: pd.DataFrame,
    *,
    attributions: pd.DataFrame | None = None,
    annotator: Any = None,
    codes: Sequence[np.ndarray | None] | None = None,
) -> pd.DataFrame:
    """Per document, how many tokens stand in each voice: the denominators of own-voice rates.

    Returns one row per corpus document, in corpus order, with ``doc_id``, ``authorial_tokens``,
    ``quoted_tokens`` and ``reported_tokens`` (tokens of :mod:`analysis.tokens`; the three add up
    to the tokens of ``text``). ``authorial_tokens`` is the denominator of a rate of the outlet's
    own loaded words *per 1,000 of its own words*: the rate per 1,000 tokens of the whole
    document also falls when an outlet simply quotes more.

    A token's voice follows the rules a hit's voice follows in :func:`score`
    (:class:`analysis.voice.VoiceAnnotator`): **quoted** when it overlaps a direct quote,
    else **reported** when it lies inside a reported-speech span, else **authorial** (the
    attribution itself, "officials said", is the outlet's own text). The spans are those of
    ``attributions`` (:func:`analysis.voice.attribution_table` of this corpus); when not given
    they are computed with ``annotator``, by default a ``VoiceAnnotator`` fitted on the corpus
    texts, as :func:`score` does, so that the hits and the tokens get their voices from the
    same reading of the text. ``codes``: instead of the spans, each document's token voice
    codes over its whole text (the third array of :func:`token_voice_codes`; None for a
    document without spans), for a caller that has them already.
    """
    require_columns(corpus, ("doc_id", "text"), "voice_token_counts: corpus")
    doc_ids = corpus["doc_id"].astype(str).tolist()
    texts = corpus["text"].tolist()
    for d, t in zip(doc_ids, texts, strict=True):
        if not isinstance(t, str):
            raise ValueError(f"voice_token_counts: document {d!r} has no text ({t!r})")
    if codes is not None:
        if len(codes) != len(doc_ids):
            raise ValueError(f"voice_token_counts: {len(codes)} code arrays for {len(doc_ids)} "
                             "documents")
        spans = {}
    else:
        if attributions is None:
            if annotator is None:
                annotator = default_annotator(texts)
            attributions = attribution_table(corpus, annotator=annotator)
        spans = attribution_spans(attributions, dict(zip(doc_ids, texts, strict=True)))
    # The corpus already counts each document's tokens (ingest, coerce_corpus); recounting them
    # was most of this function's time. A table without the column is counted here.
    if "n_tokens" in corpus.columns:
        totals = corpus["n_tokens"].astype("int64").tolist()
    else:
        totals = [count_tokens(t) for t in texts]
    counts = np.zeros((len(doc_ids), 3), dtype=np.int64)
    for i, (doc_id, text, n_tok) in enumerate(zip(doc_ids, texts, totals, strict=True)):
        if codes is not None:
            doc_codes = codes[i]
        else:
            doc_spans = spans.get(doc_id)
            if doc_spans and n_tok:
                # Only the stretch from the first span to the last needs token offsets: widened
                # to whole tokens, tokenising it alone gives the tokens the whole text has there.
                lo = min(a for _, a, _ in doc_spans)
                hi = max(b for _, _, b in doc_spans)
                doc_codes = token_voice_codes(text, doc_spans, lo=lo, hi=hi)[2]
            else:
                doc_codes = None
        if doc_codes is None or not n_tok:
            counts[i] = (n_tok, 0, 0)
            continue
        quoted, reported = doc_codes == 1, doc_codes == 2
        n_quoted = int(quoted.sum())
        n_reported = int(reported.sum())
        if n_quoted + n_reported > n_tok:
            raise ValueError(
                f"voice_token_counts: document {doc_id!r} has n_tokens {n_tok}, fewer than the "
                f"{n_quoted + n_reported} tokens in its quotes and reports; was its text edited "
                "after ingest? (analysis.coerce_corpus recounts when n_tokens is dropped)"
            )
        counts[i] = (n_tok - n_quoted - n_reported, n_quoted, n_reported)
    out = pd.DataFrame(counts, columns=VOICE_TOKEN_COLUMNS[1:])
    out.insert(0, "doc_id", pd.array(doc_ids, dtype="string"))
    return out


def token_voice_codes(
    text: str, spans: Sequence[tuple[str, int, int]], *, lo: int = 0, hi: int | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tokens of ``text[lo:hi]`` (widened to whole tokens) and the voice of each.

    ``spans``: ``(kind, start, end)`` of one document's attributions. Returns ``(starts, ends,
    codes)``: token offsets and a code per token, 0 authorial, 1 quoted (the token overlaps a
    quote), 2 reported (inside a reported span and not quoted), the rule of
    :func:`voice_token_counts`.
    """
    hi = len(text) if hi is None else hi
    while lo > 0 and _WORDISH.match(text, lo - 1):
        lo -= 1
    while hi < len(text) and _WORDISH.match(text, hi):
        hi += 1
    bounds = np.array(
        [m.span() for m in TOKEN_PATTERN.finditer(text, lo, hi)], dtype=np.int64
    ).reshape(-1, 2)
    starts, ends = bounds[:, 0], bounds[:, 1]
    quoted = np.zeros(len(bounds), dtype=bool)
    reported = np.zeros(len(bounds), dtype=bool)
    for kind, a, b in spans:
        if kind == "quoted":  # tokens overlapping [a, b)
            i0, i1 = np.searchsorted(ends, a, "right"), np.searchsorted(starts, b, "left")
            quoted[i0:i1] = True
        else:  # tokens inside [a, b)
            i0, i1 = np.searchsorted(starts, a, "left"), np.searchsorted(ends, b, "right")
            reported[i0:i1] = True
    codes = np.where(quoted, 1, np.where(reported, 2, 0)).astype(np.int8)
    return starts, ends, codes


def attribution_spans(
    attributions: pd.DataFrame, text_of: dict[str, str]
) -> dict[str, list[tuple[str, int, int]]]:
    """Check an attribution table against the corpus; return doc_id -> [(kind, start, end)]."""
    require_columns(
        attributions, ("doc_id", "start", "end", "kind"), "attributions table",
        hint="expected analysis.attribution_table output",
    )
    out: dict[str, list[tuple[str, int, int]]] = {}
    rows = zip(
        attributions["doc_id"].astype(str),
        attributions["kind"].astype(str),
        pd.to_numeric(attributions["start"], errors="coerce"),
        pd.to_numeric(attributions["end"], errors="coerce"),
        strict=True,
    )
    for doc_id, kind, a, b in rows:
        if doc_id not in text_of:
            raise ValueError(f"attributions refer to doc_id {doc_id!r}, which is not in the corpus")
        if kind not in ("quoted", "reported"):
            raise ValueError(
                f"attributions of {doc_id!r} have kind {kind!r}; expected quoted or reported"
            )
        if not (pd.notna(a) and pd.notna(b) and 0 <= a <= b <= len(text_of[doc_id])):
            raise ValueError(
                f"attributions of {doc_id!r}: span ({a}, {b}) does not lie inside the text "
                f"(length {len(text_of[doc_id])})"
            )
        out.setdefault(doc_id, []).append((kind, int(a), int(b)))
    return out


_SPACES = re.compile(r"\s+")


def _select(values: pd.Series, wanted, *, casefold: bool = False) -> pd.Series:
    if wanted is None:
        return pd.Series(True, index=values.index)
    wanted = [wanted] if isinstance(wanted, str) else list(wanted)
    if casefold:
        return values.str.lower().isin([w.lower() for w in wanted])
    return values.isin(wanted)


def voice_counts(hits: pd.DataFrame, *, by: str = "term") -> pd.DataFrame:
    """Return hits counted by ``by`` (a hits column: term, category, outlet, ...) and voice.

    One row per ``by`` value with columns ``by``, ``authorial``, ``quoted``, ``reported``,
    ``total`` (hits), ``share_authorial`` (authorial / total: how often the loaded term is the
    outlet's own word rather than someone else's), plus ``category`` when ``by`` is ``term`` and
    ``negated`` / ``hedged`` (hits in a negated or hedged clause) when the hits table has them.
    Sorted by total (descending), then ``by``. Counts, not rates: every hit counts once.
    """
    require_columns(hits, (by, "voice"), "voice_counts: hits table")
    voices = list(VOICES)
    counts = (
        pd.crosstab(hits[by], hits["voice"])
        .reindex(columns=voices, fill_value=0)
        .astype("int64")  # also when there is no hit at all (no rows, no voice columns)
        .rename_axis(columns=None)
    )
    counts["total"] = counts[voices].sum(axis=1).astype("int64")
    counts["share_authorial"] = counts["authorial"] / counts["total"].where(counts["total"] > 0)
    for flag in ("negated", "hedged"):
        if flag in hits.columns:
            counts[flag] = hits.groupby(by)[flag].sum().astype("int64")
    if by == "term" and "category" in hits.columns:
        counts.insert(0, "category", hits.groupby(by)["category"].first())
    counts = counts.reset_index()
    return counts.sort_values(["total", by], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def kwic(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    term: str | Sequence[str] | None = None,
    category: str | Sequence[str] | None = None,
    voice: str | Sequence[str] | None = None,
    width: int = 60,
) -> pd.DataFrame:
    """Return a keyword-in-context table of the hits, for reading in a notebook.

    Filters (each a value or a list): ``term`` (the lexicon entry as written, e.g.
    ``"massacre*"``, case-insensitive), ``category``, ``voice``. Columns: doc_id, outlet,
    left, matched, right, voice, speaker, negated, hedged, term, category. ``left`` and
    ``right`` are the context within the hit's sentence, at most ``width`` characters each;
    where the sentence goes on beyond ``width`` the cut is marked with "…". Line breaks and
    runs of spaces are shown as one space. Plain text: display it, never render it as HTML
    unescaped (corpus text is untrusted).
    """
    if width < 0:
        raise ValueError("width must be >= 0")
    corpus = as_corpus(corpus)
    keep = (
        _select(hits["term"], term, casefold=True)
        & _select(hits["category"], category)
        & _select(hits["voice"], voice)
    )
    sel = hits[keep]
    text_of = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    sel_docs = sel["doc_id"].astype(str)  # as in doc_summary: CSV may give integer ids
    unknown = set(sel_docs) - set(text_of)
    if unknown:
        raise ValueError(f"hits name documents that are not in the corpus: {sorted(unknown)[:5]}")
    lefts, rights = [], []
    for doc_id, start, end, s0, s1 in zip(
        sel_docs,
        sel["start"],
        sel["end"],
        sel["sentence_start"],
        sel["sentence_end"],
        strict=True,
    ):
        text = text_of[doc_id]
        a = max(s0, start - width)
        b = min(s1, end + width)
        left = _SPACES.sub(" ", text[a:start])
        right = _SPACES.sub(" ", text[end:b])
        lefts.append(("…" if a > s0 else "") + left)
        rights.append(right + ("…" if b < s1 else ""))
    out = pd.DataFrame(
        {
            "doc_id": sel["doc_id"].to_numpy(),
            "outlet": sel["outlet"].to_numpy(),
            "left": pd.array(lefts, dtype="string"),
            "matched": sel["matched"].to_numpy(),
            "right": pd.array(rights, dtype="string"),
            "voice": sel["voice"].to_numpy(),
            "speaker": sel["speaker"].to_numpy(),
            "negated": sel["negated"].to_numpy(),
            "hedged": sel["hedged"].to_numpy(),
            "term": sel["term"].to_numpy(),
            "category": sel["category"].to_numpy(),
        }
    )
    return out.astype({c: hits[c].dtype for c in out.columns if c in hits.columns})
