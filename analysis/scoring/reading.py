"""The whole reading of a scored corpus: the hits and the side tables every later stage reads.

Comparison, tone and sentence-level models need more than the hits: who speaks where (the
attribution spans), how many of each document's words are in each voice (the denominators of
own-voice rates) and the sentences with the share of each voice in them. :func:`score_tables`
produces all four in one pass over the documents, each document read once by
:meth:`analysis.VoiceAnnotator.read`, so later stages never read text through the voice
analysis again. On disk they sit beside the hits file (:func:`side_paths`):

=====================  ===============================================  =========================
table                  one row per                                      columns
=====================  ===============================================  =========================
``hits``               lexicon hit                                      :data:`HITS_COLUMNS`
``attributions``       direct quote or reported-speech span             :data:`ATTRIBUTION_COLUMNS`
``voice_tokens``       document                                         :data:`VOICE_TOKEN_COLUMNS`
``sentences``          sentence                                         :data:`SENTENCE_COLUMNS`
=====================  ===============================================  =========================

``sentences``: ``sentence`` is the sentence's 0-based index in its document, ``start``/``end``
its offsets in ``text``, ``n_tokens`` its tokens (:mod:`analysis.text.tokens`), and
``authorial_share``, ``quoted_share``, ``reported_share`` the share of those tokens in each voice
(the rule of :func:`analysis.voice_token_counts`; 0 for a sentence without tokens).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..lexicons.files import Lexicon
from ..lexicons.matcher import Matcher
from ..outputs import read_csv
from ..voice.annotator import ATTRIBUTION_COLUMNS
from .hits import as_corpus, default_annotator, read_hits, scan_corpus, write_frame
from .summaries import token_voice_codes, voice_token_counts

__all__ = [
    "LEAN_DROPS",
    "SENTENCE_COLUMNS",
    "SENTENCE_VOICE_COLUMNS",
    "SIDE_TABLES",
    "ScoreTables",
    "combine_score_tables",
    "lean_drops",
    "score_part",
    "score_tables",
    "side_paths",
    "side_tables",
]

SENTENCE_COLUMNS = [
    "doc_id",
    "sentence",
    "start",
    "end",
    "n_tokens",
    "authorial_share",
    "quoted_share",
    "reported_share",
]
SIDE_TABLES = ("attributions", "voice_tokens", "sentences")
_TEXT_COLUMNS = {  # read back as strings, so an id such as "101" stays one
    "attributions": ["doc_id", "kind", "speaker", "text"],
    "voice_tokens": ["doc_id"],
    "sentences": ["doc_id"],
}

LEAN_DROPS = {"hits": ("sentence",), "attributions": ("text",), "sentences": ("sentence",)}
"""The columns of the stored tables that no comparison reads (the hit's sentence and the span's
words, for a reader: a report's keyword-in-context lines; a sentence's number in its document);
:meth:`ScoreTables.read` with ``lean=True`` leaves them out, so that a large corpus's
comparison does not hold them."""

SENTENCE_VOICE_COLUMNS = ("n_tokens", "authorial_share", "quoted_share", "reported_share")
"""The sentence table's columns that only the bias table reads (a sentence's voice); the tone
reads only where each sentence lies. A comparison without a bias model leaves them out
(:meth:`ScoreTables.read` with ``lean=lean_drops(bias=False)``)."""


def lean_drops(*, bias: bool) -> dict[str, tuple[str, ...]]:
    """The columns a comparison need not read, table by table: :data:`LEAN_DROPS`, and the
    sentences' voice columns (:data:`SENTENCE_VOICE_COLUMNS`) unless the bias table will be
    made (``bias``)."""
    if bias:
        return dict(LEAN_DROPS)
    return {**LEAN_DROPS, "sentences": (*LEAN_DROPS["sentences"], *SENTENCE_VOICE_COLUMNS)}


@dataclass
class ScoreTables:
    """The hits of a corpus and its side tables (see the module docstring).

    A table that was not computed or not found on disk is None: ``hits`` for the side tables
    alone (:func:`side_tables`), a side table that :meth:`read` did not find beside the hits.
    """

    hits: pd.DataFrame | None
    attributions: pd.DataFrame | None = None
    voice_tokens: pd.DataFrame | None = None
    sentences: pd.DataFrame | None = None

    def tables(self) -> dict[str, pd.DataFrame]:
        """{name: table} of every table present, hits first."""
        return {
            f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None
        }

    def write(self, hits_path: str | Path) -> list[Path]:
        """Write the hits to ``hits_path`` (.csv or .parquet) and each side table beside it
        (:func:`side_paths`); return the paths written."""
        paths = {"hits": Path(hits_path), **side_paths(hits_path)}
        written = []
        for name, table in self.tables().items():
            write_frame(table, paths[name], kind=name)
            written.append(paths[name])
        return written

    @classmethod
    def read(
        cls,
        hits_path: str | Path,
        *,
        skip: Collection[str] = (),
        lean: bool | Mapping[str, Collection[str]] = False,
    ) -> ScoreTables:
        """Read the hits at ``hits_path`` and whichever side tables lie beside it (the others
        are None). Side tables named in ``skip`` are not read (None): a caller that will not
        use one need not hold it in memory; ``lean``: nor the columns of :data:`LEAN_DROPS`
        (True) or of the mapping given ({table: columns}, as :func:`lean_drops` makes)."""
        _check_side_names(skip)
        drops = (LEAN_DROPS if lean is True else lean) or {}
        tables = {
            name: _read_side(name, path, drops.get(name, ()))
            for name, path in side_paths(hits_path).items()
            if name not in skip and path.is_file()
        }
        tables["hits"] = read_hits(hits_path)
        if drops.get("hits"):
            tables["hits"] = tables["hits"].drop(columns=list(drops["hits"]), errors="ignore")
        return cls(**tables)


def _check_side_names(names: Collection[str]) -> None:
    unknown = sorted(set(names) - set(SIDE_TABLES))
    if unknown:
        raise ValueError(f"unknown side table(s) {unknown}: the side tables are {list(SIDE_TABLES)}")


def combine_score_tables(parts: Sequence[ScoreTables]) -> ScoreTables:
    """The tables of a corpus from those of its parts (each part's documents scored apart, the
    parts in corpus order), in the order the whole corpus scored at once gives them: hits and
    attributions by document and offset, voice tokens and sentences in corpus order. A table
    missing from any part is None."""
    out = {}
    for f in fields(ScoreTables):
        frames = [getattr(p, f.name) for p in parts]
        if not frames or any(t is None for t in frames):
            out[f.name] = None
            continue
        table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        if f.name in ("hits", "attributions") and len(frames) > 1:
            table = table.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
        out[f.name] = table
    combined = ScoreTables(**out)
    if combined.hits is not None and parts and "lexicon" in parts[0].hits.attrs:
        combined.hits.attrs["lexicon"] = parts[0].hits.attrs["lexicon"]
    return combined


def side_paths(hits_path: str | Path) -> dict[str, Path]:
    """Where the side tables of the hits file ``hits_path`` live: ``hits.csv`` ->
    ``hits.attributions.csv``, ``hits.voice_tokens.csv``, ``hits.sentences.csv`` (same folder,
    same format)."""
    p = Path(hits_path)
    return {name: p.with_name(f"{p.stem}.{name}{p.suffix}") for name in SIDE_TABLES}


def score_tables(
    corpus: pd.DataFrame,
    lexicon: Lexicon | Matcher | str | Path | Iterable | None = None,
    *,
    annotator: Any = None,
    progress: bool = False,
) -> ScoreTables:
    """:func:`analysis.score` and the side tables, from one reading of each document.

    ``hits`` is exactly what :func:`analysis.score` returns for the same arguments; the side
    tables cover every document of ``corpus`` (see the module docstring for their columns).
    ``annotator`` needs ``read(text, spans)`` (:class:`analysis.VoiceAnnotator`; default: one
    fitted on the corpus texts).
    """
    corpus = as_corpus(corpus)
    if annotator is None:
        annotator = default_annotator(corpus["text"].tolist())
    return score_part(corpus, lexicon, annotator, progress=progress, warn=True)


def score_part(
    corpus: pd.DataFrame,
    lexicon: Lexicon | Matcher | str | Path | Iterable | None,
    annotator: Any,
    *,
    hits_only: bool = False,
    progress: bool = False,
    warn: bool = False,
) -> ScoreTables:
    """Score one part of a corpus (or all of it) with an annotator fitted beforehand: the hits
    and, unless ``hits_only``, the side tables (:func:`score_tables`; with ``hits_only`` only
    the hits' sentences are read, as :func:`analysis.score`). A partitioned corpus runs this on
    every part with one annotator fitted on the whole corpus
    (:func:`analysis.scoring.hits.annotator_candidates`), so its parts together hold exactly
    the tables of the whole. ``warn``: say here when documents are not in English."""
    corpus = as_corpus(corpus)
    if hits_only:
        hits, _ = scan_corpus(corpus, lexicon, annotator=annotator, progress=progress, warn=warn)
        return ScoreTables(hits=hits)
    hits, readings = scan_corpus(
        corpus, lexicon, annotator=annotator, progress=progress, read=True, warn=warn
    )
    return ScoreTables(hits=hits, **_side_frames(corpus, readings))


def side_tables(
    corpus: pd.DataFrame, *, annotator: Any = None, progress: bool = False
) -> ScoreTables:
    """The side tables of ``corpus`` without hits (``ScoreTables.hits`` is None): what a later
    stage builds, once, when it is given hits but not their side tables."""
    corpus = as_corpus(corpus)
    if annotator is None:
        annotator = default_annotator(corpus["text"].tolist())
    texts = corpus["text"].tolist()
    if progress:
        from tqdm.auto import tqdm

        texts = tqdm(texts, desc="reading", unit="doc")
    readings = [annotator.read(text) for text in texts]
    return ScoreTables(hits=None, **_side_frames(corpus, readings))


def _side_frames(corpus: pd.DataFrame, readings: list) -> dict[str, pd.DataFrame]:
    doc_ids = corpus["doc_id"].astype(str).tolist()
    att_rows = [
        {**row, "doc_id": doc_id}
        for doc_id, reading in zip(doc_ids, readings, strict=True)
        for row in reading.attributions
    ]
    attributions = _attribution_frame(att_rows)
    texts = corpus["text"].tolist()
    # each text tokenised once, for both the voice token counts and the sentences' shares
    tokens = [
        token_voice_codes(text, [(r["kind"], r["start"], r["end"]) for r in reading.attributions])
        if reading.attributions or reading.sentences else None
        for text, reading in zip(texts, readings, strict=True)
    ]
    voice_tokens = voice_token_counts(corpus, codes=[None if t is None else t[2] for t in tokens])
    sentences = _sentence_frame(doc_ids, tokens, readings)
    return {"attributions": attributions, "voice_tokens": voice_tokens, "sentences": sentences}


def _attribution_frame(rows: list[dict]) -> pd.DataFrame:
    """The rows as :func:`analysis.attribution_table` returns them (same columns, order, dtypes)."""
    df = pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)
    df = df.sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)
    for c in ("doc_id", "kind", "speaker", "text"):
        df[c] = df[c].astype("string")
    for c in ("start", "end"):
        df[c] = df[c].astype("int64")
    return df


def _sentence_frame(doc_ids: list[str], tokens: list, readings: list) -> pd.DataFrame:
    """The sentences table; ``tokens``: each document's :func:`token_voice_codes` of its whole
    text (None for a document without sentences)."""
    cols: dict[str, list] = {c: [] for c in SENTENCE_COLUMNS}
    for doc_id, toks, reading in zip(doc_ids, tokens, readings, strict=True):
        if not reading.sentences:
            continue
        starts, _, codes = toks
        bounds = np.array(reading.sentences, dtype=np.int64).reshape(-1, 2)
        first = np.searchsorted(starts, bounds[:, 0], "left")
        last = np.searchsorted(starts, bounds[:, 1], "left")
        # tokens per sentence and voice, by cumulative counts of each voice code
        cum = np.zeros((len(codes) + 1, 3), dtype=np.int64)
        cum[1:] = np.cumsum(codes[:, None] == np.arange(3)[None, :], axis=0)
        per_voice = cum[last] - cum[first]
        n_tok = per_voice.sum(axis=1)
        share = per_voice / np.maximum(n_tok, 1)[:, None]
        cols["doc_id"] += [doc_id] * len(bounds)
        cols["sentence"] += list(range(len(bounds)))
        cols["start"] += bounds[:, 0].tolist()
        cols["end"] += bounds[:, 1].tolist()
        cols["n_tokens"] += n_tok.tolist()
        for j, voice in enumerate(("authorial", "quoted", "reported")):
            cols[f"{voice}_share"] += share[:, j].tolist()
    df = pd.DataFrame(cols, columns=SENTENCE_COLUMNS)
    df["doc_id"] = df["doc_id"].astype("string")
    for c in ("sentence", "start", "end", "n_tokens"):
        df[c] = df[c].astype("int64")
    for c in SENTENCE_COLUMNS[5:]:
        df[c] = df[c].astype("float64")
    return df


def _read_side(name: str, path: Path, drop: Collection[str] = ()) -> pd.DataFrame:
    """The side table ``name`` stored at ``path``, without the columns ``drop`` (a Parquet
    file's are never read)."""
    if path.suffix.lower() == ".parquet":
        if not drop:
            return pd.read_parquet(path)
        import pyarrow.parquet as pq

        names = pq.read_schema(path).names
        return pd.read_parquet(path, columns=[c for c in names if c not in set(drop)])
    table = read_csv(path, dtype=dict.fromkeys(_TEXT_COLUMNS[name], "string"))
    return table.drop(columns=list(drop), errors="ignore")

