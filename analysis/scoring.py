"""Scoring: the hits table (one row per lexicon hit, with its voice), per-document rates, KWIC.

Data flow: corpus table → :func:`score` → hits table → :func:`doc_summary` → per-document rates.

The hits table
--------------
One row per hit, sorted by ``doc_id`` then ``start``:

==================  ========  ================================================================
column              dtype     meaning
==================  ========  ================================================================
doc_id              string    the document (corpus ``doc_id``)
outlet              string    who published this copy
origin_outlet       string    who wrote it (differs from ``outlet`` for reposted copies)
start, end          int64     character offsets into corpus ``text``: ``text[start:end]`` is
                              ``matched``
matched             string    the text as it stands ("Massacres", "ethnic-cleansing")
term                string    the lexicon entry as written (``massacre*``)
category            string    the entry's category
weight              float64   the entry's weight (1 unless the lexicon says otherwise)
voice               string    ``authorial`` (the outlet's own words), ``quoted`` (inside
                              quotation marks) or ``reported`` (indirect speech: "X warned of
                              ...", "according to X")
speaker             string    who is quoted or reported, when the text names them, else <NA>
negated             bool      the term is under a negation ("did not amount to genocide")
hedged              bool      the term is hedged ("alleged", "so-called", "reportedly")
sentence            string    the sentence holding the hit
sentence_start/end  int64     offsets of that sentence in ``text``
==================  ========  ================================================================

Matching rules (case, wildcards, hyphens, overlaps) are in :mod:`analysis.matching`; voice,
speaker, negation and hedging come from :class:`analysis.voice.VoiceAnnotator`. Unless an
annotator is given, one is fitted on the texts of the corpus being scored (its sentence
splitter learns abbreviations from the corpus, on a deterministic sample), so the same corpus
always gives the same hits.

``hits.attrs["lexicon"]`` records the lexicon's name, sha256, path and categories, so later
stages can report what was counted and include categories that had no hits.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import config
from .corpus import CORPUS_COLUMNS, coerce_corpus, validate_corpus
from .lexicon import Lexicon, load_lexicon
from .matching import Matcher
from .tokens import TOKEN_PATTERN, count_tokens
from .voice import VOICES, VoiceAnnotator  # VOICES: the voices a hit can have

__all__ = [
    "HITS_COLUMNS",
    "HITS_DTYPES",
    "SUMMARY_COLUMNS",
    "VOICE_TOKEN_COLUMNS",
    "default_annotator",
    "doc_summary",
    "kwic",
    "read_hits",
    "score",
    "voice_counts",
    "voice_token_counts",
]

log = logging.getLogger(__name__)


HITS_DTYPES: dict[str, str] = {
    "doc_id": "string",
    "outlet": "string",
    "origin_outlet": "string",
    "start": "int64",
    "end": "int64",
    "matched": "string",
    "term": "string",
    "category": "string",
    "weight": "float64",
    "voice": "string",
    "speaker": "string",
    "negated": "bool",
    "hedged": "bool",
    "sentence": "string",
    "sentence_start": "int64",
    "sentence_end": "int64",
}
HITS_COLUMNS: list[str] = list(HITS_DTYPES)

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
_ANNOTATION_KEYS = ("sentence_start", "sentence_end", "voice", "speaker", "negated", "hedged")


def _as_corpus(corpus: pd.DataFrame) -> pd.DataFrame:
    """Return a schema-valid corpus; a hand-made table with doc_id, outlet, text is completed."""
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(
            f"corpus must be a DataFrame (the corpus table), got {type(corpus).__name__}"
        )
    if any(c not in corpus.columns for c in CORPUS_COLUMNS):
        corpus = coerce_corpus(corpus)
    return validate_corpus(corpus)


def _as_matcher(lexicon: Lexicon | Matcher | str | Path | Iterable | None) -> Matcher:
    """The matcher of ``lexicon`` (a Matcher as it is; None: ``config.DEFAULT_LEXICON``)."""
    if isinstance(lexicon, Matcher):
        return lexicon
    return Matcher(config.DEFAULT_LEXICON if lexicon is None else lexicon)


def default_annotator(texts: Sequence[str]) -> VoiceAnnotator:
    """The default voice annotator: a VoiceAnnotator fitted on ``texts`` (the corpus being
    scored; its sentence splitter learns abbreviations from a deterministic sample)."""
    return VoiceAnnotator().fit(texts)


def _annotate(annotator: Any, text: str, spans: list[tuple[int, int]], doc_id: str) -> list[dict]:
    """Run the annotator on one document's hit spans and check what comes back."""
    notes = annotator.annotate(text, spans)
    if len(notes) != len(spans):
        raise RuntimeError(
            f"document {doc_id!r}: the voice annotator returned {len(notes)} annotations "
            f"for {len(spans)} hits"
        )
    return notes


def score(
    corpus: pd.DataFrame,
    lexicon: Lexicon | Matcher | str | Path | Iterable | None = None,
    *,
    annotator: Any = None,
    progress: bool = False,
) -> pd.DataFrame:
    """Return the hits table of ``corpus`` for ``lexicon`` (see the module docstring).

    Parameters
    ----------
    corpus:
        The corpus table (:mod:`analysis.corpus`); a table with only ``doc_id``, ``outlet`` and
        ``text`` is completed with the schema's defaults.
    lexicon:
        A :class:`~analysis.lexicon.Lexicon`, a path (or list of paths) to load, a prepared
        :class:`~analysis.matching.Matcher` (reused across calls), or None for
        ``config.DEFAULT_LEXICON``.
    annotator:
        Object with ``annotate(text, spans) -> list[dict]`` giving, per span, sentence_start,
        sentence_end, voice, speaker, negated and hedged. Default: a
        :class:`analysis.voice.VoiceAnnotator` fitted on this corpus's texts.
    progress:
        Show a progress bar (tqdm) over documents.

    Every document is matched in one pass; the annotator sees only the spans of hits, so
    documents without hits cost one matching pass and nothing more.
    """
    corpus = _as_corpus(corpus)
    matcher = _as_matcher(lexicon)
    entries = matcher.lexicon.entries
    e_term = entries["term"].tolist()
    e_category = entries["category"].tolist()
    e_weight = entries["weight"].tolist()
    texts = corpus["text"].tolist()
    if annotator is None:
        annotator = default_annotator(texts)

    cols: dict[str, list] = {c: [] for c in HITS_COLUMNS}
    rows = zip(corpus["doc_id"], corpus["outlet"], corpus["origin_outlet"], texts, strict=True)
    if progress:
        from tqdm.auto import tqdm

        rows = tqdm(rows, total=len(corpus), desc="scoring", unit="doc")
    for doc_id, outlet, origin, text in rows:
        matches = matcher.find(text)
        if not matches:
            continue
        notes = _annotate(annotator, text, [(m.start, m.end) for m in matches], doc_id)
        for m, note in zip(matches, notes, strict=True):
            s0, s1 = int(note["sentence_start"]), int(note["sentence_end"])
            cols["doc_id"].append(doc_id)
            cols["outlet"].append(outlet)
            cols["origin_outlet"].append(origin)
            cols["start"].append(m.start)
            cols["end"].append(m.end)
            cols["matched"].append(text[m.start : m.end])
            cols["term"].append(e_term[m.entry_index])
            cols["category"].append(e_category[m.entry_index])
            cols["weight"].append(e_weight[m.entry_index])
            cols["voice"].append(note["voice"])
            speaker = note["speaker"]
            cols["speaker"].append(pd.NA if speaker is None or speaker is pd.NA else speaker)
            cols["negated"].append(bool(note["negated"]))
            cols["hedged"].append(bool(note["hedged"]))
            cols["sentence"].append(text[s0:s1])
            cols["sentence_start"].append(s0)
            cols["sentence_end"].append(s1)
    bad = set(cols["voice"]) - set(VOICES)
    if bad:
        raise RuntimeError(f"the voice annotator returned unknown voice(s) {sorted(bad)}")
    hits = pd.DataFrame({c: pd.Series(v, dtype=HITS_DTYPES[c]) for c, v in cols.items()})
    hits = hits.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
    lex = matcher.lexicon
    hits.attrs["lexicon"] = {
        "name": lex.name,
        "sha256": lex.sha256,
        "path": None if lex.path is None else str(lex.path),
        "categories": lex.categories,
    }
    return hits


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
    corpus = _as_corpus(corpus)
    missing = [
        c for c in ("doc_id", "category", "voice", "weight", "negated", "hedged") if c not in hits
    ]
    if missing:
        raise ValueError(f"hits table is missing column(s) {', '.join(missing)}")
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
    same reading of the text.
    """
    from .voice import attribution_table

    missing = [c for c in ("doc_id", "text") if c not in corpus.columns]
    if missing:
        raise ValueError(f"voice_token_counts: corpus is missing column(s) {', '.join(missing)}")
    doc_ids = corpus["doc_id"].astype(str).tolist()
    texts = corpus["text"].tolist()
    for d, t in zip(doc_ids, texts, strict=True):
        if not isinstance(t, str):
            raise ValueError(f"voice_token_counts: document {d!r} has no text ({t!r})")
    if attributions is None:
        if annotator is None:
            annotator = default_annotator(texts)
        attributions = attribution_table(corpus, annotator=annotator)
    spans = _attribution_spans(attributions, dict(zip(doc_ids, texts, strict=True)))
    # The corpus already counts each document's tokens (ingest, coerce_corpus); recounting them
    # was most of this function's time. A table without the column is counted here.
    if "n_tokens" in corpus.columns:
        totals = corpus["n_tokens"].astype("int64").tolist()
    else:
        totals = [count_tokens(t) for t in texts]
    counts = np.zeros((len(doc_ids), 3), dtype=np.int64)
    for i, (doc_id, text, n_tok) in enumerate(zip(doc_ids, texts, totals, strict=True)):
        doc_spans = spans.get(doc_id)
        if not doc_spans or not n_tok:
            counts[i] = (n_tok, 0, 0)
            continue
        # Only the stretch from the first span to the last needs token offsets: widened to
        # whole tokens, tokenising it alone gives the tokens the whole text has there.
        lo = min(a for _, a, _ in doc_spans)
        hi = max(b for _, _, b in doc_spans)
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
        for kind, a, b in doc_spans:
            if kind == "quoted":  # tokens overlapping [a, b)
                i0, i1 = np.searchsorted(ends, a, "right"), np.searchsorted(starts, b, "left")
                quoted[i0:i1] = True
            else:  # tokens inside [a, b)
                i0, i1 = np.searchsorted(starts, a, "left"), np.searchsorted(ends, b, "right")
                reported[i0:i1] = True
        n_quoted = int(quoted.sum())
        n_reported = int((reported & ~quoted).sum())
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


def _attribution_spans(
    attributions: pd.DataFrame, text_of: dict[str, str]
) -> dict[str, list[tuple[str, int, int]]]:
    """Check an attribution table against the corpus; return doc_id -> [(kind, start, end)]."""
    missing = [c for c in ("doc_id", "start", "end", "kind") if c not in attributions.columns]
    if missing:
        raise ValueError(
            f"attributions table is missing column(s) {', '.join(missing)} "
            "(expected analysis.voice.attribution_table output)"
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
    missing = [c for c in (by, "voice") if c not in hits.columns]
    if missing:
        raise ValueError(f"voice_counts: hits table is missing column(s) {', '.join(missing)}")
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
    corpus = _as_corpus(corpus)
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


# ---------------------------------------------------------------------------------------- CLI


def register_cli(subparsers) -> None:
    """Add ``score`` to the command line."""
    parser = subparsers.add_parser(
        "score",
        help="score a corpus with a lexicon: one row per hit, with its voice",
        description="Find every lexicon term in the corpus and write the hits table (one row "
        "per hit: offsets, term, category, voice, speaker, negation, hedging, sentence).",
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="files or folders that ingest accepts, or one corpus Parquet written by ingest",
    )
    parser.add_argument(
        "--lexicon",
        action="append",
        type=Path,
        metavar="LEX",
        help="lexicon file (.csv or .dic); repeat to combine several "
        f"(default: {config.DEFAULT_LEXICON.name})",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="hits table to write (.csv or .parquet)",
    )
    parser.add_argument(
        "--summary",
        type=Path,
        help="also write per-document rates (doc_summary) to this .csv or .parquet",
    )
    parser.add_argument("--progress", action="store_true", help="show a progress bar")
    parser.set_defaults(func=_cli_score)


def read_hits(path: str | Path) -> pd.DataFrame:
    """Read a hits table as ``python -m analysis score -o`` writes it (.parquet, else CSV).

    Text columns (ids, terms, categories, voices, speakers) are read as strings, so a ``doc_id``
    such as "101" is not turned into a number. Raises ``FileNotFoundError`` for a missing file
    and ``ValueError`` when the table lacks the columns every later stage needs.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: hits file not found")
    if path.suffix.lower() == ".parquet":
        df = pd.read_parquet(path)
    else:
        text_cols = [c for c, t in HITS_DTYPES.items() if t == "string"]
        df = pd.read_csv(path, dtype=dict.fromkeys(text_cols, "string"))
    missing = [c for c in ("doc_id", "category", "voice", "weight") if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: not a hits table (missing column(s) {', '.join(missing)})")
    return df


def _write_table(df: pd.DataFrame, path: Path) -> None:
    """Write ``df`` to ``path``, .csv or .parquet (checked by ``_cli_score`` before scoring)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".csv":
        df.to_csv(path, index=False)
    else:
        df.to_parquet(path, index=False)


def _cli_score(args) -> int:
    from .corpus import corpus_from_inputs

    for out in (args.output, args.summary):
        if out is not None and out.suffix.lower() not in (".csv", ".parquet"):
            raise ValueError(f"{out}: output must end in .csv or .parquet")
    lexicon = load_lexicon(args.lexicon or config.DEFAULT_LEXICON)
    corpus = corpus_from_inputs(args.inputs)
    if corpus.empty:
        raise ValueError("no documents to score: the inputs gave an empty corpus")
    hits = score(corpus, lexicon, progress=args.progress)
    _write_table(hits, args.output)
    log.info(
        "scored %d documents with %s (sha256 %s): %d hits -> %s",
        len(corpus),
        lexicon.name,
        lexicon.sha256[:12],
        len(hits),
        args.output,
    )
    if args.summary is not None:
        _write_table(doc_summary(corpus, hits), args.summary)
        log.info("per-document rates -> %s", args.summary)
    return 0
