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
sentence            string    the sentence holding the hit (of a sentence longer than
                              :data:`SENTENCE_WINDOW` characters, the words around the hit)
sentence_start/end  int64     offsets of ``sentence`` in ``text``
==================  ========  ================================================================

Matching rules (case, wildcards, hyphens, overlaps) are in :mod:`analysis.lexicons.matcher`; voice,
speaker, negation and hedging come from :class:`analysis.VoiceAnnotator`. Unless an
annotator is given, one is fitted on the texts of the corpus being scored (its sentence
splitter learns abbreviations from the corpus, on a deterministic sample), so the same corpus
always gives the same hits.

``hits.attrs["lexicon"]`` records the lexicon's name, sha256, path and categories, so later
stages can report what was counted and include categories that had no hits.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from .. import config
from ..corpus.schema import CORPUS_COLUMNS, coerce_corpus, validate_corpus
from ..lexicons.files import Lexicon
from ..lexicons.matcher import Matcher
from ..outputs import read_csv, write_table
from ..text.sentences import training_candidates
from ..voice.annotator import VoiceAnnotator
from ..voice.words import VOICES

log = logging.getLogger(__name__)

__all__ = [
    "find_terms",
    "HITS_COLUMNS",
    "HITS_DTYPES",
    "annotator_candidates",
    "default_annotator",
    "language_counts",
    "read_hits",
    "score",
    "warn_language_counts",
]


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


_ANNOTATION_KEYS = ("sentence_start", "sentence_end", "voice", "speaker", "negated", "hedged")


def as_corpus(corpus: pd.DataFrame) -> pd.DataFrame:
    """Return a schema-valid corpus; a hand-made table with doc_id, outlet, text is completed."""
    if not isinstance(corpus, pd.DataFrame):
        raise TypeError(
            f"corpus must be a DataFrame (the corpus table), got {type(corpus).__name__}"
        )
    if any(c not in corpus.columns for c in CORPUS_COLUMNS):
        corpus = coerce_corpus(corpus)
    return validate_corpus(corpus)


def as_matcher(lexicon: Lexicon | Matcher | str | Path | Iterable | None) -> Matcher:
    """The matcher of ``lexicon`` (a Matcher as it is; None: ``config.DEFAULT_LEXICON``)."""
    if isinstance(lexicon, Matcher):
        return lexicon
    return Matcher(config.DEFAULT_LEXICON if lexicon is None else lexicon)


def default_annotator(texts: Sequence[str], *, tagger: Any = None) -> VoiceAnnotator:
    """The default voice annotator: a VoiceAnnotator fitted on ``texts`` (the corpus being
    scored; its sentence splitter learns abbreviations from a deterministic sample), reading
    reported speech with ``tagger`` when given (a word tagger such as the neural voice,
    :class:`analysis.voice.tagged.WordTagger`)."""
    return VoiceAnnotator(tagger=tagger).fit(texts)


def annotate_spans(
    annotator: Any, text: str, spans: list[tuple[int, int]], doc_id: str
) -> list[dict]:
    """Run the annotator on one document's hit spans and check what comes back."""
    return check_annotations(annotator.annotate(text, spans), spans, doc_id)


def check_annotations(notes: list[dict], spans: list[tuple[int, int]], doc_id: str) -> list[dict]:
    """``notes`` when there is one per span; else a RuntimeError naming the document."""
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
        A :class:`~analysis.Lexicon`, a path (or list of paths) to load, a prepared
        :class:`~analysis.Matcher` (reused across calls), or None for
        ``config.DEFAULT_LEXICON``.
    annotator:
        Object with ``annotate(text, spans) -> list[dict]`` giving, per span, sentence_start,
        sentence_end, voice, speaker, negated and hedged. Default: a
        :class:`analysis.VoiceAnnotator` fitted on this corpus's texts.
    progress:
        Show a progress bar (tqdm) over documents.

    Every document is matched in one pass; the annotator sees only the spans of hits, so
    documents without hits cost one matching pass and nothing more.
    :func:`analysis.score_tables` also returns the side tables later stages read.
    """
    hits, _ = scan_corpus(corpus, lexicon, annotator=annotator, progress=progress)
    return hits


def find_terms(
    corpus: pd.DataFrame, lexicon: Lexicon | Matcher | str | Path | Iterable | None = None
) -> pd.DataFrame:
    """Where the terms of ``lexicon`` occur in ``corpus``, without reading who speaks them: one
    row per match with ``doc_id, start, end, matched, term, category`` (``text[start:end] ==
    matched``). The cheap pass behind a lexicon's fit to a corpus (:func:`analysis.lexicon_fit`)
    and, for a naming or actors file, before any voice is needed."""
    corpus = as_corpus(corpus)
    matcher = as_matcher(lexicon)
    entries = matcher.lexicon.entries
    terms, categories = entries["term"].tolist(), entries["category"].tolist()
    rows = [
        (doc_id, m.start, m.end, text[m.start:m.end], terms[m.entry_index], categories[m.entry_index])
        for doc_id, text in zip(corpus["doc_id"], corpus["text"], strict=True)
        for m in matcher.find(text)
    ]
    out = pd.DataFrame(rows, columns=["doc_id", "start", "end", "matched", "term", "category"])
    for c in ("doc_id", "matched", "term", "category"):
        out[c] = out[c].astype("string")
    return out


def warn_languages(corpus: pd.DataFrame) -> None:
    """Log one warning when documents are not in English: they are scored (their terms are
    found), but the voice rules, the sentence model and the shipped lexicons were written for
    English, so their voices and speakers are not to be trusted."""
    warn_language_counts(language_counts(corpus), len(corpus))


def language_counts(corpus: pd.DataFrame) -> Counter:
    """How many documents of ``corpus`` (or of one part of it) are in each language other than
    English; the counts of the parts add up."""
    if "language" not in corpus:
        return Counter()
    languages = corpus["language"].astype(str)
    return Counter(languages[languages != "en"].tolist())


def warn_language_counts(other: Counter, n_documents: int) -> None:
    """The warning of :func:`warn_languages` from counts (:func:`language_counts`)."""
    if other:
        ranked = sorted(other.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ", ".join(f"{lang} {n}" for lang, n in ranked)
        log.warning(
            "%d of %d documents are not in English (%s): the voice rules were written for "
            "English, so the voices and speakers of their hits are not reliable",
            sum(other.values()), n_documents, shown,
        )


def annotator_candidates(texts: Sequence[str]) -> list[str]:
    """The texts of one part of a corpus that :func:`default_annotator` can train on
    (:func:`analysis.text.sentences.training_candidates`): the default annotator fitted on the
    candidates of every part is the one fitted on the whole corpus, so a partitioned corpus fits
    it once and sends it to every part."""
    return training_candidates(texts)


def scan_corpus(
    corpus: pd.DataFrame,
    lexicon: Lexicon | Matcher | str | Path | Iterable | None = None,
    *,
    annotator: Any = None,
    progress: bool = False,
    read: bool = False,
    warn: bool = True,
) -> tuple[pd.DataFrame, list]:
    """The one pass over the documents behind :func:`score` and
    :func:`analysis.score_tables`: returns ``(hits, readings)``.

    With ``read``, every document is read whole by ``annotator.read(text, spans)``
    (:meth:`analysis.VoiceAnnotator.read`) and ``readings`` holds each document's
    :class:`analysis.Reading`, in corpus order; without it only the hits' spans are annotated
    and ``readings`` is empty. Either way the hits are the same. ``warn``: say when documents
    are not in English (:func:`warn_languages`; a partitioned corpus says it once for all parts).
    """
    corpus = as_corpus(corpus)
    if warn:
        warn_languages(corpus)
    matcher = as_matcher(lexicon)
    entries = matcher.lexicon.entries
    e_term = entries["term"].tolist()
    e_category = entries["category"].tolist()
    e_weight = entries["weight"].tolist()
    texts = corpus["text"].tolist()
    if annotator is None:
        annotator = default_annotator(texts)

    cols: dict[str, list] = {c: [] for c in HITS_COLUMNS}
    readings: list = []
    rows = zip(corpus["doc_id"], corpus["outlet"], corpus["origin_outlet"], texts, strict=True)
    if progress:
        from tqdm.auto import tqdm

        rows = tqdm(rows, total=len(corpus), desc="scoring", unit="doc")
    for doc_id, outlet, origin, text in rows:
        matches = matcher.find(text)
        spans = [(m.start, m.end) for m in matches]
        if read:
            reading = annotator.read(text, spans)
            readings.append(reading)
            notes = check_annotations(reading.annotations, spans, doc_id)
        elif matches:
            notes = annotate_spans(annotator, text, spans, doc_id)
        else:
            continue
        for m, note in zip(matches, notes, strict=True):
            s0, s1 = hit_window(
                text, int(note["sentence_start"]), int(note["sentence_end"]), m.start, m.end
            )
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
    return hits, readings


# A hit keeps its sentence up to this length; of a longer one, the stretch around the hit.
SENTENCE_WINDOW = 600


def hit_window(text: str, s0: int, s1: int, start: int, end: int) -> tuple[int, int]:
    """The span of ``text`` a hit stores as its ``sentence``: the sentence ``[s0, s1)`` when it
    has at most :data:`SENTENCE_WINDOW` characters, else about that many around the hit
    ``[start, end)``, widened to whole words (so memory grows with the hits, never with hits x
    sentence length)."""
    if s1 - s0 <= SENTENCE_WINDOW:
        return s0, s1
    half = max((SENTENCE_WINDOW - (end - start)) // 2, 0)
    w0, w1 = max(s0, start - half), min(s1, end + half)
    cut = text.find(" ", w0, start)  # begin after a space, not inside a word
    if w0 > s0 and cut != -1:
        w0 = cut + 1
    cut = text.rfind(" ", end, w1)
    if w1 < s1 and cut != -1:
        w1 = cut
    return w0, w1


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
        df = read_csv(path, dtype=dict.fromkeys(text_cols, "string"))
    missing = [c for c in ("doc_id", "category", "voice", "weight") if c not in df.columns]
    if missing:  # a file-format check, worded for the file rather than the table
        raise ValueError(f"{path}: not a hits table (missing column(s) {', '.join(missing)})")
    return df


def write_frame(df: pd.DataFrame, path: Path, *, kind: str = "hits") -> None:
    """Write ``df`` to ``path``, .csv (formula-safe) or .parquet, whole or not at all
    (:mod:`analysis.outputs`)."""
    write_table(df, path, kind=kind)
