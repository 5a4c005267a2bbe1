"""Validation against third-party human annotations: how far to trust the scorer.

The scorer counts lexicon terms and says who speaks them. This module measures both parts on
human-annotated datasets that live *beside* the repository (``config.DATASETS_DIR``; they are
read by path and never copied, as their licences differ):

BABE (Spinde et al. 2021), ``babe_mbic/babe_sg2_final.csv``
    3,674 news sentences labelled Biased / Non-biased by experts, with the words the annotators
    marked as bias-inducing. Each sentence is scored as a one-sentence document.

    * :func:`marked_word_overlap`: precision and recall of lexicon hits against the marked words,
      at token level and at span level (definitions in the function's docstring);
    * :func:`sentence_auc`: ROC-AUC of per-sentence hit counts against the Biased label;
    * :func:`outlet_rates` and :func:`outlet_correlation`: per-outlet share of Biased sentences
      against per-outlet hit rate, Spearman's rho over outlets;
    * :func:`marked_word_voices`, :func:`token_voices`, :func:`hit_voices`: where the marked
      words and the hits sit according to :mod:`analysis.voice` (the scorer's own voice).

AllSides headline roundups (NeuS, Lee et al. 2022), ``allsides_roundups/allsides_articles.csv``
    One left-, one center- and one right-rated article per event (opening paragraphs only).
    :func:`side_differences` compares the rates of the three sides within events (paired),
    counting only the outlet's own words and counting every hit; :func:`side_voice_shares`
    shows how much of each side's count is quoted or reported speech.

Lexicons: :func:`recasens_lexicon` builds, at run time, a lexicon from the bias lexicon of
Recasens et al. (2013), read from ``lexicons_recasens2013/``; the shipped default lexicon
(conflict reporting) is run too. :func:`validate` runs everything and returns the tables;
``python -m analysis validate -o OUTDIR`` writes them as CSV with a ``manifest.json``.

Sampling units: the intervals come from bootstraps that resample **source articles** for BABE
(sentences of one article are drawn together: 3,674 sentences come from 2,095 articles, and
sentences of one article share its author and topic) and **events** for AllSides (the three
articles of an event are drawn together, so the comparison stays paired). docs/validation.md has
the results, what they mean and their limits.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy import stats as sps

from . import config
from .compare import write_tables  # the rounding compare's tables get
from .corpus import coerce_corpus
from .lexicon import Lexicon, LexiconError, file_sha256, load_lexicon, term_problem
from .matching import APOSTROPHES
from .scoring import default_annotator, score, voice_token_counts  # last one: re-exported
from .stats import bootstrap_ratio, bootstrap_weights, group_rng, percentile_interval
from .textnorm import normalize_text
from .tokens import iter_tokens, tokenize
from .voice import VOICES, VoiceAnnotator

__all__ = [
    "ALLSIDES_FILE",
    "BABE_FILE",
    "RECASENS_FILE",
    "RECASENS_MODIFIED_FILE",
    "VALIDATION_TABLES",
    "ValidationResult",
    "bootstrap_auc",
    "hit_voices",
    "marked_word_overlap",
    "marked_word_voices",
    "outlet_correlation",
    "outlet_rates",
    "read_allsides",
    "read_babe",
    "recasens_lexicon",
    "sentence_auc",
    "side_differences",
    "side_voice_shares",
    "token_voices",
    "validate",
]

log = logging.getLogger(__name__)

# Dataset files, relative to config.DATASETS_DIR.
BABE_FILE = Path("babe_mbic/babe_sg2_final.csv")
ALLSIDES_FILE = Path("allsides_roundups/allsides_articles.csv")
# The 654 lemmas as published (SOURCE.md: "prefer _og"), and the 704-entry copy modified in the
# NeuS repository, which adds entries such as "Empire", "Wedding", "certificate".
RECASENS_FILE = Path("lexicons_recasens2013/bias-lexicon_og.txt")
RECASENS_MODIFIED_FILE = Path("lexicons_recasens2013/bias-lexicon.txt")

RECASENS_CATEGORY = "recasens2013"
VOICE_ORDER = VOICES  # the order tables list the voices in
SIDES = ("left", "center", "right")
DEFAULT_PAIRS = (("left", "right"), ("left", "center"), ("right", "center"))
BABE_LABELS = ("Biased", "Non-biased")

VALIDATION_TABLES = {
    "babe_word_overlap": "precision and recall of lexicon hits against the annotators' marked words",
    "babe_sentence_auc": "ROC-AUC of per-sentence hit counts against the Biased label",
    "babe_outlets": "per outlet: share of Biased sentences and lexicon rate per 1,000 tokens",
    "babe_outlet_correlation": "Spearman's rho over outlets: Biased share vs lexicon rate",
    "babe_marked_word_voices": "voice (analysis.voice) of the annotators' marked words",
    "babe_token_voices": "share of tokens the annotators marked, by voice",
    "babe_hit_voices": "voice of lexicon hits: all hits, and hits on marked words",
    "allsides_sides": "per side: rates (all hits, authorial only) and share of non-authorial hits",
    "allsides_differences": "paired within-event rate differences between sides",
}

_APOSTROPHE_FOLD = str.maketrans({c: "'" for c in APOSTROPHES})
_VOWELS = "aeiou"
_NON_AUTHORIAL = "quoted+reported"


# ---------------------------------------------------------------------------------- tokens


def _norm_token(token: str) -> str:
    """The form compared with annotators' words: lower case, one apostrophe, no possessive 's.

    "Trump’s" and "trump" are the same word for this purpose: annotators type a word, not the
    exact characters of the sentence.
    """
    t = token.lower().translate(_APOSTROPHE_FOLD)
    if t.endswith("'s") and len(t) > 2:
        t = t[:-2]
    return t


def _word_norms(word: str) -> tuple[str, ...]:
    """The normalised tokens of an annotator's word ("anti-police" → ("anti", "police"))."""
    return tuple(_norm_token(t) for t in tokenize(word))


# --------------------------------------------------------------------------------- reading


def _require(path: Path, what: str) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"{path}: {what} not found")
    return path


def _read_table(path: Path, required: Sequence[str]) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: unreadable CSV ({exc})") from None
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValueError(
            f"{path}: missing column(s) {', '.join(missing)} (found: {', '.join(df.columns)})"
        )
    return df


def _parse_word_list(raw: str, path: Path, sid: str) -> list[str]:
    try:
        words = json.loads(raw) if raw.strip() else []
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"{path}: sentence {sid}: biased_words is not a JSON list ({exc.msg}): {raw[:80]!r}"
        ) from None
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise ValueError(f"{path}: sentence {sid}: biased_words must be a JSON list of strings")
    return words


def read_babe(path: str | Path | None = None) -> pd.DataFrame:
    """Return BABE (SG2) as a corpus table of one-sentence documents.

    ``path`` defaults to ``config.DATASETS_DIR / BABE_FILE``. Columns: the corpus schema
    (``doc_id`` = ``sentence_id``, ``outlet``, ``text`` normalised as at ingest, ``url`` =
    ``news_link``, ...) plus ``label_bias`` ("Biased"/"Non-biased"), ``is_biased`` (bool),
    ``marked_words`` (list of the annotators' words, as written), ``leaning`` (the outlet's
    left/center/right from ``type_filled``, <NA> where BABE gives none), ``topic`` and
    ``cluster`` (the source article, ``news_link``; a sentence without a link is its own
    cluster): the unit the bootstraps resample.

    Sentences labelled "No agreement" are left out; how many, and which, is logged and kept in
    ``attrs["left_out"]``. Raises ValueError naming the file and sentence for a missing column,
    an empty sentence, a duplicate id, an unknown label or a ``biased_words`` value that is not
    a JSON list of strings.
    """
    path = Path(path) if path is not None else config.DATASETS_DIR / BABE_FILE
    df = _read_table(
        _require(path, "BABE file"), ("sentence_id", "text", "outlet", "label_bias", "biased_words")
    )
    dup = df["sentence_id"][df["sentence_id"].duplicated()]
    if len(dup):
        raise ValueError(f"{path}: sentence_id repeated: {', '.join(dup.unique()[:5])}")
    texts = [normalize_text(t) for t in df["text"]]
    empty = [sid for sid, t in zip(df["sentence_id"], texts, strict=True) if not t]
    if empty:
        raise ValueError(f"{path}: empty text in sentence(s) {', '.join(empty[:5])}")
    labels = df["label_bias"].str.strip()
    unknown = sorted(set(labels) - {*BABE_LABELS, "No agreement"})
    if unknown:
        raise ValueError(
            f"{path}: label_bias has unknown value(s) {unknown}; expected Biased, Non-biased "
            "or No agreement"
        )
    words = [
        _parse_word_list(raw, path, sid)
        for sid, raw in zip(df["sentence_id"], df["biased_words"], strict=True)
    ]
    links = df["news_link"].str.strip() if "news_link" in df else pd.Series("", index=df.index)
    # a sentence without a link is its own cluster (never pooled with other link-less rows)
    cluster = [
        link or f"sentence:{sid}" for sid, link in zip(df["sentence_id"], links, strict=True)
    ]
    leaning = (
        df["type_filled"] if "type_filled" in df else df.get("type", pd.Series("", index=df.index))
    )
    out = pd.DataFrame(
        {
            "doc_id": df["sentence_id"],
            "outlet": df["outlet"].str.strip().replace("", "(unknown)"),
            "text": texts,
            "url": links.replace("", pd.NA),
            "source": [f"{path.name}#{sid}" for sid in df["sentence_id"]],
            "label_bias": labels,
            "is_biased": labels == "Biased",
            "marked_words": words,
            "leaning": leaning.str.strip().replace("", pd.NA),
            "topic": df["topic"] if "topic" in df else pd.NA,
            "cluster": cluster,
        }
    )
    keep = out["label_bias"].isin(BABE_LABELS)
    left_out = out.loc[~keep, "doc_id"].tolist()
    if left_out:
        log.info(
            "%s: %d sentence(s) labelled 'No agreement' left out: %s",
            path.name,
            len(left_out),
            ", ".join(left_out[:10]),
        )
    corpus = coerce_corpus(out[keep].reset_index(drop=True))
    corpus["marked_words"] = out.loc[keep, "marked_words"].tolist()
    corpus.attrs["left_out"] = {"No agreement": left_out}
    corpus.attrs["path"] = str(path)
    return corpus


def read_allsides(path: str | Path | None = None) -> pd.DataFrame:
    """Return the AllSides roundup articles as a corpus table, one document per (event, side).

    ``path`` defaults to ``config.DATASETS_DIR / ALLSIDES_FILE``. ``text`` is the article's
    opening paragraphs as AllSides shows them (``body_excerpt``, about 570 characters),
    normalised as at ingest, with AllSides' truncation mark (a final "..." or "…") removed: it
    is AllSides' cut, not the outlet's words. ``outlet`` is the AllSides source name; extra
    columns: ``event_id`` (str), ``side`` (left/center/right, the roundup slot),
    ``stance_specific`` (the outlet's AllSides rating), ``opinion_tag`` (<NA>, OPINION,
    ANALYSIS, ...), ``title``, ``cluster`` (= ``event_id``, the unit the bootstrap resamples).

    Rows with an empty excerpt are left out and logged (kept in ``attrs["left_out"]``). Raises
    ValueError naming the file and row for a missing column, an unknown side or a repeated
    (event, side).
    """
    path = Path(path) if path is not None else config.DATASETS_DIR / ALLSIDES_FILE
    df = _read_table(
        _require(path, "AllSides articles file"), ("event_id", "side", "source", "body_excerpt")
    )
    side = df["side"].str.strip().str.lower()
    bad = df.index[~side.isin(SIDES)]
    if len(bad):
        raise ValueError(
            f"{path}: row(s) {', '.join(str(i + 2) for i in bad[:5])}: side must be one of "
            f"{', '.join(SIDES)}, got {sorted(set(side[bad]))}"
        )
    key = df["event_id"].str.strip() + ":" + side
    dup = key[key.duplicated()]
    if len(dup):
        raise ValueError(f"{path}: (event, side) repeated: {', '.join(dup.unique()[:5])}")
    texts = [_strip_truncation(normalize_text(t)) for t in df["body_excerpt"]]
    out = pd.DataFrame(
        {
            "doc_id": key,
            "outlet": df["source"].str.strip().replace("", "(unknown)"),
            "text": texts,
            "title": df["title"] if "title" in df else pd.NA,
            "url": df["url"].replace("", pd.NA) if "url" in df else pd.NA,
            "source": [f"{path.name}#{i + 1}" for i in range(len(df))],
            "event_id": df["event_id"].str.strip(),
            "side": side,
            "stance_specific": df.get("stance_specific", pd.Series("", index=df.index)),
            "opinion_tag": df.get("opinion_tag", pd.Series("", index=df.index))
            .str.strip()
            .replace("", pd.NA),
            "cluster": df["event_id"].str.strip(),
        }
    )
    empty = out["text"].str.len() == 0
    left_out = out.loc[empty, "doc_id"].tolist()
    if left_out:
        log.warning(
            "%s: %d article(s) with no excerpt left out: %s",
            path.name,
            len(left_out),
            ", ".join(left_out[:10]),
        )
    corpus = coerce_corpus(out[~empty].reset_index(drop=True))
    corpus.attrs["left_out"] = {"empty excerpt": left_out}
    corpus.attrs["path"] = str(path)
    return corpus


def _strip_truncation(text: str) -> str:
    for mark in ("...", "…"):
        if text.endswith(mark):
            return text[: -len(mark)].rstrip()
    return text


# -------------------------------------------------------------------------------- lexicons


def _inflections(word: str) -> list[str]:
    """Regular English inflections of a lower-case word of three or more letters, in order:
    -s/-es/-ies (plural, third person), -ed/-d/-ied (past), -ing (dropping a final e; -ie →
    -ying), and the doubled final consonant after consonant-vowel-consonant (stop → stopped,
    stopping; both spellings are kept, as stress decides: "visited").

    Over-generation is harmless (a non-word never matches); irregular forms (say → said, take
    → took) are missed. Possessives need nothing: the matcher treats an apostrophe as a word
    boundary, so "regime" already matches the "regime" of "regime’s".
    """
    w = word
    if w.endswith("ie"):
        return [w + "s", w + "d", w[:-2] + "ying"]
    if w.endswith("e"):
        return [w + "s", w + "d", w[:-1] + "ing"]
    if w.endswith("y") and w[-2] not in _VOWELS:
        return [w[:-1] + "ies", w[:-1] + "ied", w + "ing"]
    plural = w + "es" if w.endswith(("s", "x", "z", "ch", "sh")) else w + "s"
    out = [plural, w + "ed", w + "ing"]
    if w[-1] not in _VOWELS + "wxy" and w[-2] in _VOWELS and w[-3] not in _VOWELS:
        out += [w + w[-1] + "ed", w + w[-1] + "ing"]
    return out


# Regular-looking forms of listed lemmas that are other words ("new" → "news", "good" →
# "goods"), decided by reading every generated form found in BABE and AllSides.
_NOT_INFLECTIONS = frozenset({"news", "goods", "olds", "mrs", "frances", "irelands", "americas"})
_MIN_INFLECTED_LENGTH = 3  # "st" (from "St.") is not inflected


def recasens_lexicon(path: str | Path | None = None, *, inflect: bool = True) -> Lexicon:
    """Build a lexicon from a Recasens et al. (2013) bias-lexicon file, at run time.

    ``path`` defaults to ``config.DATASETS_DIR / RECASENS_FILE`` (the 654 lemmas as published).
    One entry per lemma, category ``recasens2013``, weight 1 (the list has no weights), ``note``
    the lemma it comes from, ``source`` ``FILE line N``. The file is read, never copied: its
    licence is not stated.

    The list holds *lemmas* ("abuse", "accuse"), and the matcher matches words as written. With
    ``inflect=True`` (default) each lemma of three or more letters also gets its regular
    inflections (see :func:`_inflections`: "abuses", "abused", "abusing"), except a few
    regular-looking forms that are other words ("news" is not a form of "new"). Wildcards are
    not used: ``act*`` would match "activist" and "actually". With ``inflect=False`` only the
    lemmas as written are matched.

    Cleaning, logged: blank lines and ``#`` comments are skipped; an entry repeated (case
    folded) is kept once; single-letter entries ("s", an artefact of tokenising "'s" upstream)
    are left out, because the matcher would find them after every apostrophe ("Trump’s").
    An entry that cannot be a lexicon term raises :class:`LexiconError` naming file and line.
    """
    path = Path(path) if path is not None else config.DATASETS_DIR / RECASENS_FILE
    text = _require(path, "Recasens lexicon file").read_text(encoding="utf-8-sig")
    lemmas: dict[str, str] = {}  # lemma (lower case) -> where it is listed
    problems: list[str] = []
    skipped: list[str] = []
    repeats = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        lemma = line.strip()
        if not lemma or lemma.startswith("#"):
            continue
        why = term_problem(lemma)
        if why:
            problems.append(f"{path}: line {lineno}: {why}")
        elif len(lemma) == 1:
            skipped.append(lemma)
        elif lemma.lower() in lemmas:
            repeats += 1
        else:
            lemmas[lemma.lower()] = f"{path.name} line {lineno}"
    rows = [{"term": k, "note": f"lemma {k}", "source": src} for k, src in lemmas.items()]
    if inflect:
        seen = set(lemmas)  # a form that is itself a listed lemma stays that lemma's entry
        for key, src in lemmas.items():
            if len(key) < _MIN_INFLECTED_LENGTH:
                continue
            head, last = _split_last_word(key)
            for form in _inflections(last):
                full = head + form
                if form not in _NOT_INFLECTIONS and full not in seen:
                    seen.add(full)
                    rows.append({"term": full, "note": f"form of {key}", "source": src})
    if problems:
        raise LexiconError("\n".join(problems[:20]), problems)
    if skipped or repeats:
        log.info(
            "%s: left out single-letter entries %s; %d repeated entr%s kept once",
            path.name,
            skipped,
            repeats,
            "y" if repeats == 1 else "ies",
        )
    entries = pd.DataFrame(rows)
    entries.insert(1, "category", RECASENS_CATEGORY)
    entries.insert(2, "weight", 1.0)
    name = f"recasens2013_{path.stem.replace('-', '_')}" + ("" if inflect else "_lemmas")
    lex = Lexicon.from_frame(entries, name=name)
    lex.provenance = {
        "source": str(path),
        "sha256": file_sha256(path),
        "built": "inflected lemmas" if inflect else "lemmas as listed",
        "left_out": skipped,
        "repeats": repeats,
    }
    return lex


def _split_last_word(term: str) -> tuple[str, str]:
    """("far-", "right") for "far-right": inflect the last word of a multiword term."""
    cut = max(term.rfind(" "), term.rfind("-"))
    return term[: cut + 1], term[cut + 1 :]


# --------------------------------------------------------------------------- per-document data


@dataclass
class _Doc:
    """One document's tokens and marked words, normalised for comparison."""

    tokens: list[tuple[int, int, str]]  # (start, end, normalised form)
    gold: set[str]  # normalised tokens of every marked word
    words: list[tuple[str, ...]]  # distinct marked words, as normalised token tuples
    n_empty_words: int = 0  # marked "words" without a single token (punctuation only)


def _docs(corpus: pd.DataFrame, marked: str) -> list[_Doc]:
    if marked not in corpus.columns:
        raise ValueError(f"corpus has no {marked!r} column (the annotators' marked words)")
    out = []
    for doc_id, text, words in zip(corpus["doc_id"], corpus["text"], corpus[marked], strict=True):
        if not isinstance(words, (list, tuple)):
            raise ValueError(f"document {doc_id!r}: {marked} must be a list, got {words!r}")
        toks = [(s, e, _norm_token(t)) for s, e, t in iter_tokens(text)]
        norms = [_word_norms(w) for w in words]
        distinct = list(dict.fromkeys(n for n in norms if n))
        gold = {t for n in distinct for t in n}
        out.append(_Doc(toks, gold, distinct, sum(1 for n in norms if not n)))
    return out


def _hit_spans(corpus: pd.DataFrame, hits: pd.DataFrame) -> list[list[tuple[int, int, str]]]:
    """Per corpus row, the (start, end, voice) of its hits."""
    index = {d: i for i, d in enumerate(corpus["doc_id"])}
    unknown = set(hits["doc_id"]) - set(index)
    if unknown:
        raise ValueError(f"hits name documents that are not in the corpus: {sorted(unknown)[:5]}")
    spans: list[list[tuple[int, int, str]]] = [[] for _ in range(len(corpus))]
    for d, s, e, v in zip(hits["doc_id"], hits["start"], hits["end"], hits["voice"], strict=True):
        spans[index[d]].append((int(s), int(e), str(v)))
    return spans


def _overlapping(tokens: list[tuple[int, int, str]], start: int, end: int) -> list[str]:
    return [t for s, e, t in tokens if s < end and e > start]


def _cluster_codes(corpus: pd.DataFrame, cluster: str | None) -> np.ndarray:
    """Integer cluster code per row (each row its own cluster when ``cluster`` is None)."""
    if cluster is None:
        return np.arange(len(corpus))
    if cluster not in corpus.columns:
        raise ValueError(f"corpus has no {cluster!r} column to resample by")
    values = corpus[cluster].astype("string")
    filled = values.fillna(pd.Series([f"\0row{i}" for i in range(len(corpus))], index=corpus.index))
    codes, _ = pd.factorize(filled, sort=True)
    return codes


def _clustered_ratio(
    num: np.ndarray,
    den: np.ndarray,
    codes: np.ndarray,
    *,
    n_boot: int,
    rng: np.random.Generator,
    ci: float,
    scale: float = 1.0,
    bounds: tuple[float | None, float | None] = (None, None),
) -> tuple[float, float, float]:
    """Ratio of sums with a cluster bootstrap: sums per cluster, then :func:`bootstrap_ratio`
    (a ratio of sums is the same whether summed by row or by cluster)."""
    if len(codes) == 0:
        return math.nan, math.nan, math.nan
    _, codes = np.unique(codes, return_inverse=True)
    k = codes.max() + 1
    n_c = np.bincount(codes, weights=np.asarray(num, float), minlength=k)
    d_c = np.bincount(codes, weights=np.asarray(den, float), minlength=k)
    r = bootstrap_ratio(n_c, d_c, n_boot=n_boot, rng=rng, ci=ci, scale=scale, bounds=bounds)
    return float(r.estimate), float(r.ci_low), float(r.ci_high)


def _subsets(corpus: pd.DataFrame, label: str | None) -> list[tuple[str, np.ndarray]]:
    out = [("all", np.ones(len(corpus), dtype=bool))]
    if label is not None:
        if label not in corpus.columns:
            raise ValueError(f"corpus has no {label!r} column")
        values = corpus[label].astype("string")
        for v in sorted(values.dropna().unique()):
            out.append((str(v), (values == v).fillna(False).to_numpy()))
    return out


# --------------------------------------------------------------------- 1. words marked by humans


def marked_word_overlap(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    marked: str = "marked_words",
    label: str | None = "label_bias",
    cluster: str | None = "cluster",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Precision and recall of lexicon hits against the words annotators marked as biased.

    Words are compared as tokens (:mod:`analysis.tokens`) after lower-casing, folding
    apostrophes and dropping a possessive "'s" ("Trump’s" = "trump"). Annotators list words,
    not positions, so every occurrence of a marked word in its sentence counts as marked.

    ``level="token"`` (per sentence s, sets of distinct normalised tokens):
        G_s = tokens of the marked words; P_s = tokens overlapping a hit.
        precision = Σ|P_s ∩ G_s| / Σ|P_s|, recall = Σ|P_s ∩ G_s| / Σ|G_s|.
    ``level="span"`` (lenient overlap):
        a hit is correct when one of its tokens is in G_s (precision = correct hits / hits);
        a marked word (distinct per sentence) is found when one of its tokens is in P_s
        (recall = found words / marked words).

    Rows: level × subset ("all", then each value of ``label``). Columns: ``n_sentences``,
    ``n_predicted`` (tokens or hits), ``n_predicted_correct``, ``precision`` with
    ``precision_low``/``precision_high``, ``n_gold`` (tokens or words), ``n_gold_found``,
    ``recall`` with interval, ``f1`` (2PR/(P+R), no interval), ``n_gold_unreachable`` (marked
    tokens that do not occur in their sentence: annotators' typos such as "gullibe"; kept in the
    recall denominator). Intervals: ratio-of-sums bootstrap (:func:`analysis.stats.bootstrap_ratio`,
    studentized) resampling ``cluster`` (source articles), ``n_boot`` times, level ``ci``.
    """
    docs = _docs(corpus, marked)
    spans = _hit_spans(corpus, hits)
    n = len(docs)
    tok = np.zeros((n, 4))  # |P|, |P∩G|, |G|, unreachable
    span = np.zeros((n, 4))  # hits, correct hits, words, found words
    for i, (doc, doc_hits) in enumerate(zip(docs, spans, strict=True)):
        present = {t for _, _, t in doc.tokens}
        predicted: set[str] = set()
        correct_hits = 0
        for s, e, _ in doc_hits:
            covered = _overlapping(doc.tokens, s, e)
            predicted.update(covered)
            correct_hits += any(t in doc.gold for t in covered)
        found = sum(1 for w in doc.words if any(t in predicted for t in w))
        tok[i] = (len(predicted), len(predicted & doc.gold), len(doc.gold), len(doc.gold - present))
        span[i] = (len(doc_hits), correct_hits, len(doc.words), found)
    codes = _cluster_codes(corpus, cluster)
    rows = []
    for level, arr in (("token", tok), ("span", span)):
        for subset, mask in _subsets(corpus, label):
            a, c = arr[mask], codes[mask]
            rng = group_rng(seed, "babe_word_overlap", level, subset)
            p = _clustered_ratio(a[:, 1], a[:, 0], c, n_boot=n_boot, rng=rng, ci=ci, bounds=(0, 1))
            r_num = a[:, 1] if level == "token" else a[:, 3]
            r = _clustered_ratio(r_num, a[:, 2], c, n_boot=n_boot, rng=rng, ci=ci, bounds=(0, 1))
            f1 = 2 * p[0] * r[0] / (p[0] + r[0]) if p[0] + r[0] > 0 else math.nan
            rows.append(
                {
                    "level": level,
                    "subset": subset,
                    "n_sentences": int(mask.sum()),
                    "n_predicted": int(a[:, 0].sum()),
                    "n_predicted_correct": int(a[:, 1].sum()),
                    "precision": p[0],
                    "precision_low": p[1],
                    "precision_high": p[2],
                    "n_gold": int(a[:, 2].sum()),
                    "n_gold_found": int(r_num.sum()),
                    "recall": r[0],
                    "recall_low": r[1],
                    "recall_high": r[2],
                    "f1": f1,
                    "n_gold_unreachable": int(a[:, 3].sum()) if level == "token" else 0,
                }
            )
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------ 2. sentence labels


def bootstrap_auc(
    scores: Sequence[float] | np.ndarray,
    labels: Sequence[bool] | np.ndarray,
    *,
    clusters: Sequence | np.ndarray | None = None,
    n_boot: int = 1000,
    rng: np.random.Generator | None = None,
    seed: int | None = None,
    ci: float = 0.95,
) -> tuple[float, float, float]:
    """ROC-AUC of ``scores`` for binary ``labels`` with a percentile bootstrap interval.

    Returns ``(auc, low, high)``. AUC is the probability that a random positive scores higher
    than a random negative, ties counting one half (0.5 = no better than chance); the point
    value is scikit-learn's ``roc_auc_score``. The bootstrap resamples ``clusters`` (rows of one
    cluster together; default: every row its own) and computes the AUC of each resample from
    the resampling weights (a weighted Mann-Whitney count over the distinct score values), so
    1,000 resamples cost a few matrix products. NaN when a class is empty.
    """
    from sklearn.metrics import roc_auc_score

    s = np.asarray(scores, dtype=float)
    y = np.asarray(labels, dtype=bool)
    if s.shape != y.shape or s.ndim != 1:
        raise ValueError(f"scores and labels must be 1-D of one length, got {s.shape}, {y.shape}")
    if np.isnan(s).any():
        raise ValueError("scores contain NaN")
    if y.all() or not y.any():
        return math.nan, math.nan, math.nan
    auc = float(roc_auc_score(y, s))
    if rng is None:
        rng = np.random.default_rng(seed)
    codes = np.arange(len(s)) if clusters is None else pd.factorize(np.asarray(clusters))[0]
    k = codes.max() + 1
    values, inv = np.unique(s, return_inverse=True)
    # cluster x value counts of positives and of negatives
    pos = sparse.csr_matrix((y.astype(float), (codes, inv)), shape=(k, len(values)))
    neg = sparse.csr_matrix(((~y).astype(float), (codes, inv)), shape=(k, len(values)))
    reps = np.empty(n_boot)
    block = max(1, 2_000_000 // k)
    for start in range(0, n_boot, block):
        stop = min(n_boot, start + block)
        w = bootstrap_weights(k, stop - start, rng).astype(float)
        p = (pos.T @ w.T).T  # replicate x value: weighted positives at each score value
        q = (neg.T @ w.T).T
        below = np.cumsum(q, axis=1) - q  # negatives scoring strictly lower
        num = (p * (below + 0.5 * q)).sum(axis=1)
        den = p.sum(axis=1) * q.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            reps[start:stop] = np.where(den > 0, num / den, np.nan)
    low, high = percentile_interval(reps[:, None], ci)
    return auc, float(low[0]), float(high[0])


def _doc_counts(corpus: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """Per corpus row: n_hits, weighted_hits, and hits by voice."""
    ids = corpus["doc_id"].astype(str)
    h = pd.DataFrame(
        {
            "doc_id": hits["doc_id"].astype(str),
            "weight": hits["weight"].astype(float),
            "voice": hits["voice"].astype(str),
        }
    )
    out = pd.DataFrame(index=pd.Index(ids, name="doc_id"))
    out["n_hits"] = h.groupby("doc_id").size().reindex(ids, fill_value=0).to_numpy()
    out["weighted_hits"] = (
        h.groupby("doc_id")["weight"].sum().reindex(ids, fill_value=0.0).to_numpy()
    )
    for v in VOICE_ORDER:
        sel = h[h["voice"] == v]
        out[f"{v}_hits"] = sel.groupby("doc_id").size().reindex(ids, fill_value=0).to_numpy()
    out["n_tokens"] = corpus["n_tokens"].to_numpy()
    if "authorial_tokens" in corpus.columns:  # from voice_token_counts
        out["authorial_tokens"] = corpus["authorial_tokens"].to_numpy()
    return out.reset_index(drop=True)


_AUC_SCORES = {
    "n_hits": "hits in the sentence",
    "weighted_hits": "sum of the hits' weights",
    "rate_per_1k": "hits per 1,000 tokens of the sentence",
    "authorial_hits": "hits in the outlet's own voice only",
}


def sentence_auc(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    label: str = "is_biased",
    cluster: str | None = "cluster",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """How well per-sentence lexicon scores separate Biased from Non-biased sentences.

    One row per score: ``n_hits``, ``weighted_hits``, ``rate_per_1k`` (hits per 1,000 tokens),
    ``authorial_hits`` (hits the voice analysis gives to the outlet). Columns: ``meaning``,
    ``n_positive``/``n_negative`` (sentences with ``label`` true / false), ``auc`` with
    ``auc_low``/``auc_high`` (:func:`bootstrap_auc`, resampling ``cluster``),
    ``mean_positive``/``mean_negative`` (mean score per class), ``any_hit_positive``/
    ``any_hit_negative`` (share of sentences with at least one hit).
    """
    if label not in corpus.columns:
        raise ValueError(f"corpus has no {label!r} column")
    y = corpus[label].astype(bool).to_numpy()
    counts = _doc_counts(corpus, hits)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(counts["n_tokens"] > 0, 1000.0 * counts["n_hits"] / counts["n_tokens"], 0.0)
    columns = {
        "n_hits": counts["n_hits"].to_numpy(float),
        "weighted_hits": counts["weighted_hits"].to_numpy(float),
        "rate_per_1k": rate,
        "authorial_hits": counts["authorial_hits"].to_numpy(float),
    }
    codes = _cluster_codes(corpus, cluster)
    any_hit = counts["n_hits"].to_numpy() > 0
    rows = []
    for name, s in columns.items():
        rng = group_rng(seed, "babe_sentence_auc", name)
        auc, low, high = bootstrap_auc(s, y, clusters=codes, n_boot=n_boot, rng=rng, ci=ci)
        rows.append(
            {
                "score": name,
                "meaning": _AUC_SCORES[name],
                "n_positive": int(y.sum()),
                "n_negative": int((~y).sum()),
                "auc": auc,
                "auc_low": low,
                "auc_high": high,
                "mean_positive": float(s[y].mean()) if y.any() else math.nan,
                "mean_negative": float(s[~y].mean()) if (~y).any() else math.nan,
                "any_hit_positive": float(any_hit[y].mean()) if y.any() else math.nan,
                "any_hit_negative": float(any_hit[~y].mean()) if (~y).any() else math.nan,
            }
        )
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------- 3. outlets


# (column, numerator, denominator) of the rates per 1,000 tokens; the last one only when the corpus
# has authorial_tokens (voice_token_counts)
_RATES = (
    ("rate_per_1k", "n_hits", "n_tokens"),
    ("authorial_rate_per_1k", "authorial_hits", "n_tokens"),
    ("authorial_own_rate_per_1k", "authorial_hits", "authorial_tokens"),
)


_COUNTING = {
    "rate_per_1k": "all",
    "authorial_rate_per_1k": "authorial",
    "authorial_own_rate_per_1k": "authorial_own",
}


def _rates_for(counts: pd.DataFrame) -> list[tuple[str, str, str]]:
    return [r for r in _RATES if r[2] in counts.columns]


def outlet_rates(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    label: str = "is_biased",
    cluster: str | None = "cluster",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Per outlet: the annotators' share of Biased sentences and the lexicon's hit rate.

    Columns: ``outlet``, ``n_sentences``, ``n_articles`` (distinct ``cluster`` values),
    ``n_biased``, ``biased_share`` with a Wilson interval (``biased_share_low``/``_high``;
    sentences as independent trials, which is optimistic when an article gives several),
    ``n_tokens``, ``n_hits``, ``rate_per_1k`` (hits per 1,000 tokens, all voices),
    ``authorial_rate_per_1k`` (authorial hits per 1,000 tokens) and, when the corpus has
    ``authorial_tokens`` (:func:`voice_token_counts`), ``authorial_token_share`` (share of the
    tokens in the outlet's own voice) and ``authorial_own_rate_per_1k`` (authorial hits per
    1,000 *authorial* tokens: how loaded the outlet's own words are, whatever it quotes), each
    with a bootstrap interval resampling articles within the outlet. Sorted by outlet.
    """
    counts = _doc_counts(corpus, hits)
    y = corpus[label].astype(bool).to_numpy()
    codes = _cluster_codes(corpus, cluster)
    outlets = corpus["outlet"].astype(str).to_numpy()
    rows = []
    for outlet in sorted(set(outlets)):
        m = outlets == outlet
        k, n = int(y[m].sum()), int(m.sum())
        wilson = sps.binomtest(k, n).proportion_ci(confidence_level=ci, method="wilson")
        row = {
            "outlet": outlet,
            "n_sentences": n,
            "n_articles": len(set(codes[m])),
            "n_biased": k,
            "biased_share": k / n,
            "biased_share_low": wilson.low,
            "biased_share_high": wilson.high,
            "n_tokens": int(counts["n_tokens"][m].sum()),
            "n_hits": int(counts["n_hits"][m].sum()),
        }
        if "authorial_tokens" in counts.columns:
            row["authorial_token_share"] = float(
                counts["authorial_tokens"][m].sum() / max(row["n_tokens"], 1)
            )
        for col, num, den in _rates_for(counts):
            rng = group_rng(seed, "babe_outlets", outlet, col)
            est, low, high = _clustered_ratio(
                counts[num].to_numpy(float)[m],
                counts[den].to_numpy(float)[m],
                codes[m],
                n_boot=n_boot,
                rng=rng,
                ci=ci,
                scale=1000.0,
                bounds=(0, None),
            )
            row.update({col: est, f"{col}_low": low, f"{col}_high": high})
        rows.append(row)
    return pd.DataFrame(rows)


def outlet_correlation(
    outlets: pd.DataFrame, *, min_sentences: int = 30, ci: float = 0.95
) -> pd.DataFrame:
    """Spearman's rho over outlets between ``biased_share`` and each lexicon rate (and the
    share of the outlet's tokens in its own voice, which needs no lexicon).

    ``outlets`` is :func:`outlet_rates`'s table (optionally with a ``lexicon`` column: one
    correlation per lexicon). Outlets with fewer than ``min_sentences`` sentences are left out
    of the correlation (their shares are too noisy to rank) and named in ``left_out``. One row
    per (lexicon,) measure: ``measure`` ("rate_per_1k", "authorial_rate_per_1k" and, when
    present, "authorial_own_rate_per_1k" and "authorial_token_share"),
    ``n_outlets``, ``spearman_rho``, ``rho_low``/``rho_high`` (Fisher z interval with the
    Bonett-Wright variance (1 + rho²/2)/(n - 3); NaN for n ≤ 3), ``p_value`` (scipy's, two-
    sided; with so few outlets read it as a rough guide), ``left_out``.
    """
    groups = outlets.groupby("lexicon", sort=False) if "lexicon" in outlets else [(None, outlets)]
    z = sps.norm.ppf((1 + ci) / 2)
    rows = []
    for lex, table in groups:
        keep = table["n_sentences"] >= min_sentences
        used = table[keep]
        measures = [r[0] for r in _RATES] + ["authorial_token_share"]
        for col in [m for m in measures if m in table.columns]:
            n = len(used)
            rho = p = low = high = math.nan
            if n >= 3 and used["biased_share"].nunique() > 1 and used[col].nunique() > 1:
                res = sps.spearmanr(used["biased_share"], used[col])
                rho, p = float(res.statistic), float(res.pvalue)
                if n > 3 and abs(rho) < 1 - 1e-9:  # |rho| = 1: no interval
                    se = math.sqrt((1 + rho**2 / 2) / (n - 3))
                    low, high = (
                        math.tanh(math.atanh(rho) - z * se),
                        math.tanh(math.atanh(rho) + z * se),
                    )
            row = {} if lex is None else {"lexicon": lex}
            row.update(
                {
                    "measure": col,
                    "n_outlets": n,
                    "spearman_rho": rho,
                    "rho_low": low,
                    "rho_high": high,
                    "p_value": p,
                    "min_sentences": min_sentences,
                    "left_out": "; ".join(table.loc[~keep, "outlet"].astype(str)),
                }
            )
            rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------- 4. voices


def _annotate_spans(
    annotator: VoiceAnnotator, text: str, spans: list[tuple[int, int]]
) -> list[str]:
    if not spans:
        return []
    return [a["voice"] for a in annotator.annotate(text, spans)]


def _fitted(annotator: VoiceAnnotator | None, corpus: pd.DataFrame) -> VoiceAnnotator:
    return annotator if annotator is not None else default_annotator(corpus["text"].tolist())


def _voice_rows(
    counts: np.ndarray,
    codes: np.ndarray,
    categories: Sequence[str],
    *,
    key: Sequence[object],
    n_boot: int,
    seed: int | None,
    ci: float,
) -> list[dict]:
    """Rows of shares: counts is (n_docs, len(categories)); shares of the row total, and the
    combined quoted+reported share."""
    total = counts.sum(axis=1)
    cats = list(categories)
    cols = [counts[:, i] for i in range(len(cats))]
    if "quoted" in cats and "reported" in cats:
        cats.append(_NON_AUTHORIAL)
        cols.append(counts[:, cats.index("quoted")] + counts[:, cats.index("reported")])
    rows = []
    for cat, num in zip(cats, cols, strict=True):
        rng = group_rng(seed, *key, cat)
        est, low, high = _clustered_ratio(
            num, total, codes, n_boot=n_boot, rng=rng, ci=ci, bounds=(0, 1)
        )
        rows.append(
            {
                "voice": cat,
                "n": int(num.sum()),
                "n_total": int(total.sum()),
                "share": est,
                "share_low": low,
                "share_high": high,
            }
        )
    return rows


def marked_word_voices(
    corpus: pd.DataFrame,
    *,
    annotator: VoiceAnnotator | None = None,
    marked: str = "marked_words",
    label: str | None = "label_bias",
    cluster: str | None = "cluster",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """In whose voice the annotators' marked words stand, according to :mod:`analysis.voice`.

    Each distinct marked word of a sentence is located in the sentence (its normalised tokens
    as a consecutive run) and every occurrence is given a voice by ``annotator`` (default: a
    :class:`~analysis.voice.VoiceAnnotator` fitted on the corpus, as :func:`analysis.score`
    does). A word whose occurrences all have one voice gets that voice; occurrences in
    different voices give "mixed". Rows: subset ("all", then each ``label`` value) × voice
    (authorial, quoted, reported, mixed, and quoted+reported); columns ``n`` (words),
    ``n_total`` (located words), ``share`` with interval (bootstrap over ``cluster``),
    ``n_not_located`` (marked words not found in their sentence, left out of the shares).

    Limit: a BABE sentence is cut from its article, so a quote opened in an earlier sentence or
    a speaker named before it is invisible here; quoted and reported shares are lower bounds.
    """
    annotator = _fitted(annotator, corpus)
    docs = _docs(corpus, marked)
    cats = (*VOICE_ORDER, "mixed")
    counts = np.zeros((len(docs), len(cats)))
    not_located = np.zeros(len(docs))
    for i, (doc, text) in enumerate(zip(docs, corpus["text"], strict=True)):
        forms = [t for _, _, t in doc.tokens]
        occurrences: list[list[tuple[int, int]]] = []
        for word in doc.words:
            k = len(word)
            occ = [
                (doc.tokens[j][0], doc.tokens[j + k - 1][1])
                for j in range(len(forms) - k + 1)
                if tuple(forms[j : j + k]) == word
            ]
            if occ:
                occurrences.append(occ)
            else:
                not_located[i] += 1
        flat = [span for occ in occurrences for span in occ]
        voices = iter(_annotate_spans(annotator, text, flat))
        for occ in occurrences:
            vs = {next(voices) for _ in occ}
            counts[i, cats.index(vs.pop()) if len(vs) == 1 else cats.index("mixed")] += 1
    codes = _cluster_codes(corpus, cluster)
    rows = []
    for subset, mask in _subsets(corpus, label):
        for row in _voice_rows(
            counts[mask],
            codes[mask],
            cats,
            key=("babe_marked_voice", subset),
            n_boot=n_boot,
            seed=seed,
            ci=ci,
        ):
            rows.append({"subset": subset, **row, "n_not_located": int(not_located[mask].sum())})
    return pd.DataFrame(rows)


def _token_voice_lists(annotator: VoiceAnnotator, corpus: pd.DataFrame) -> list[list[str]]:
    """The voice of every token (:mod:`analysis.tokens`) of every document, in order."""
    return [
        _annotate_spans(annotator, text, [(s, e) for s, e, _ in iter_tokens(text)])
        for text in corpus["text"]
    ]


def token_voices(
    corpus: pd.DataFrame,
    *,
    annotator: VoiceAnnotator | None = None,
    marked: str = "marked_words",
    label: str | None = "label_bias",
    cluster: str | None = "cluster",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Do annotators mark quoted words? The share of tokens marked, by the token's voice.

    Every token of every sentence gets a voice from ``annotator`` (as in
    :func:`marked_word_voices`); a token is marked when its normalised form is one of its
    sentence's marked tokens. Rows: subset × voice (authorial, quoted, reported). Columns:
    ``n_tokens`` (tokens in that voice), ``n_marked``, ``marked_share`` = n_marked / n_tokens
    with interval (bootstrap over ``cluster``). If annotators judged only the outlet's own words,
    quoted tokens would have a share near zero.
    """
    annotator = _fitted(annotator, corpus)
    docs = _docs(corpus, marked)
    n = len(docs)
    tokens = np.zeros((n, len(VOICE_ORDER)))
    marked_n = np.zeros((n, len(VOICE_ORDER)))
    for i, (doc, voices) in enumerate(
        zip(docs, _token_voice_lists(annotator, corpus), strict=True)
    ):
        for (_, _, t), v in zip(doc.tokens, voices, strict=True):
            j = VOICE_ORDER.index(v)
            tokens[i, j] += 1
            marked_n[i, j] += t in doc.gold
    codes = _cluster_codes(corpus, cluster)
    rows = []
    for subset, mask in _subsets(corpus, label):
        for j, voice in enumerate(VOICE_ORDER):
            rng = group_rng(seed, "babe_token_voice", subset, voice)
            est, low, high = _clustered_ratio(
                marked_n[mask, j],
                tokens[mask, j],
                codes[mask],
                n_boot=n_boot,
                rng=rng,
                ci=ci,
                bounds=(0, 1),
            )
            rows.append(
                {
                    "subset": subset,
                    "voice": voice,
                    "n_tokens": int(tokens[mask, j].sum()),
                    "n_marked": int(marked_n[mask, j].sum()),
                    "marked_share": est,
                    "marked_share_low": low,
                    "marked_share_high": high,
                }
            )
    return pd.DataFrame(rows)


def hit_voices(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    marked: str | None = "marked_words",
    cluster: str | None = "cluster",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """How often a voice-blind count charges the outlet with a source's word.

    Rows: hit set × voice. Hit sets: ``all hits``, and (when ``marked`` names a column) ``hits
    on marked words`` (hits that are correct at span level in :func:`marked_word_overlap`).
    Voices: authorial, quoted, reported and quoted+reported (the share a voice-blind count
    wrongly gives to the outlet). Columns ``n``, ``n_total``, ``share`` with interval
    (bootstrap over ``cluster``).
    """
    spans = _hit_spans(corpus, hits)
    docs = _docs(corpus, marked) if marked is not None else None
    sets = ["all hits"] + (["hits on marked words"] if docs is not None else [])
    counts = {s: np.zeros((len(corpus), len(VOICE_ORDER))) for s in sets}
    for i, doc_hits in enumerate(spans):
        for s, e, v in doc_hits:
            j = VOICE_ORDER.index(v)
            counts["all hits"][i, j] += 1
            if docs is not None and any(
                t in docs[i].gold for t in _overlapping(docs[i].tokens, s, e)
            ):
                counts["hits on marked words"][i, j] += 1
    codes = _cluster_codes(corpus, cluster)
    rows = []
    for name in sets:
        for row in _voice_rows(
            counts[name],
            codes,
            VOICE_ORDER,
            key=("hit_voices", name),
            n_boot=n_boot,
            seed=seed,
            ci=ci,
        ):
            rows.append({"hits": name, **row})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------- 5. AllSides


def side_voice_shares(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    side: str = "side",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Per side: rates counting every hit and only authorial hits, and the share of hits that
    are quoted or reported.

    Columns: ``side``, ``n_articles``, ``n_tokens``, ``n_hits``, then, each with ``_low`` and
    ``_high``: ``rate_per_1k`` (all hits per 1,000 tokens), ``authorial_rate_per_1k``
    (authorial hits per 1,000 tokens), ``share_non_authorial`` (quoted + reported hits / all
    hits) and, when the corpus has ``authorial_tokens`` (:func:`voice_token_counts`),
    ``authorial_own_rate_per_1k`` (authorial hits per 1,000 authorial tokens) and
    ``authorial_token_share`` (authorial tokens / tokens). Intervals: ratio-of-sums bootstrap
    over the side's articles.
    """
    counts = _doc_counts(corpus, hits)
    sides = corpus[side].astype(str).to_numpy()
    order = [s for s in SIDES if s in set(sides)] + sorted(set(sides) - set(SIDES))
    rows = []
    for s in order:
        m = sides == s
        c = counts[m]
        row = {
            "side": s,
            "n_articles": int(m.sum()),
            "n_tokens": int(c["n_tokens"].sum()),
            "n_hits": int(c["n_hits"].sum()),
        }
        ratios = [(col, c[num], c[den], 1000.0, (0, None)) for col, num, den in _rates_for(c)]
        ratios.append(
            ("share_non_authorial", c["quoted_hits"] + c["reported_hits"], c["n_hits"], 1.0, (0, 1))
        )
        if "authorial_tokens" in c.columns:
            ratios.append(
                ("authorial_token_share", c["authorial_tokens"], c["n_tokens"], 1.0, (0, 1))
            )
        for col, num, den, scale, bounds in ratios:
            r = bootstrap_ratio(
                np.asarray(num, float),
                np.asarray(den, float),
                n_boot=n_boot,
                rng=group_rng(seed, "allsides_sides", s, col),
                ci=ci,
                scale=scale,
                bounds=bounds,
            )
            row.update(
                {
                    col: float(r.estimate),
                    f"{col}_low": float(r.ci_low),
                    f"{col}_high": float(r.ci_high),
                }
            )
        rows.append(row)
    return pd.DataFrame(rows)


def side_differences(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    pairs: Sequence[tuple[str, str]] = DEFAULT_PAIRS,
    event: str = "event_id",
    side: str = "side",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Paired within-event comparison of sides: is one side's rate higher on the same events?

    For a pair (a, b), only events with an article from both sides are used. Rates are ratios of
    sums over those events: rate_a = 1000 × Σ hits_a / Σ tokens_a (likewise b); the
    ``difference`` is rate_a - rate_b, per 1,000 tokens. The interval is a percentile bootstrap
    that resamples *events* (both articles of an event together, so the pairing is kept).
    ``counting``: ``all`` (voice-blind: quotes and reported speech counted as the outlet's;
    denominator all tokens), ``authorial`` (only the outlet's own words, per 1,000 tokens of
    the whole article) and, when the corpus has ``authorial_tokens``
    (:func:`voice_token_counts`), ``authorial_own`` (authorial hits per 1,000 authorial
    tokens: a side that quotes more has fewer own words in which to use loaded terms, and this
    rate is not lowered by that). ``tokens_a``/``tokens_b`` are the denominators used. Also
    ``a_higher_share``: the share of events in which a's article has the higher rate (ties
    count one half; events where either rate is undefined are left out).
    """
    counts = _doc_counts(corpus, hits)
    counts["event"] = corpus[event].astype(str).to_numpy()
    counts["side"] = corpus[side].astype(str).to_numpy()
    rows = []
    for a, b in pairs:
        left = counts[counts["side"] == a].set_index("event")
        right = counts[counts["side"] == b].set_index("event")
        events = sorted(set(left.index) & set(right.index))
        la, rb = left.loc[events], right.loc[events]
        for rate, col, den in _rates_for(counts):
            counting = _COUNTING[rate]
            ya, ta = la[col].to_numpy(float), la[den].to_numpy(float)
            yb, tb = rb[col].to_numpy(float), rb[den].to_numpy(float)
            row = {
                "side_a": a,
                "side_b": b,
                "counting": counting,
                "n_events": len(events),
                "hits_a": int(ya.sum()),
                "tokens_a": int(ta.sum()),
                "hits_b": int(yb.sum()),
                "tokens_b": int(tb.sum()),
            }
            if len(events) < 2 or ta.sum() == 0 or tb.sum() == 0:
                row.update(
                    rate_a=math.nan,
                    rate_b=math.nan,
                    difference=math.nan,
                    difference_low=math.nan,
                    difference_high=math.nan,
                    a_higher_share=math.nan,
                )
                rows.append(row)
                continue
            # Both sides' rates from the same resamples of events (one weight per event for
            # both columns), so each replicate of the difference keeps the pairing.
            boot = bootstrap_ratio(
                np.column_stack([ya, yb]),
                np.column_stack([ta, tb]),
                n_boot=n_boot,
                rng=group_rng(seed, "allsides_differences", a, b, counting),
                scale=1000.0,
                keep_replicates=True,
            )
            rate_a, rate_b = (float(x) for x in boot.estimate)
            difference = boot.replicates[:, 0] - boot.replicates[:, 1]
            low, high = percentile_interval(difference[:, None], ci)
            with np.errstate(invalid="ignore", divide="ignore"):
                ra, rb_ = ya / ta, yb / tb
            both = np.isfinite(ra) & np.isfinite(rb_)
            higher = np.where(ra > rb_, 1.0, np.where(ra == rb_, 0.5, 0.0))[both]
            row.update(
                rate_a=rate_a,
                rate_b=rate_b,
                difference=rate_a - rate_b,
                difference_low=float(low[0]),
                difference_high=float(high[0]),
                a_higher_share=float(higher.mean()) if len(higher) else math.nan,
            )
            rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------ everything


@dataclass
class ValidationResult:
    """The tables of :func:`validate` (names and meanings in :data:`VALIDATION_TABLES`) and a
    manifest: inputs with their sha256, lexicons, parameters, counts, what was skipped."""

    tables: dict[str, pd.DataFrame]
    manifest: dict = field(default_factory=dict)

    FLOAT_DECIMALS = 6

    def to_dir(self, outdir: str | Path) -> list[Path]:
        """Write each table as ``NAME.csv`` (floats rounded to 6 decimals, so the same run
        gives the same bytes) and the manifest as ``manifest.json``; return the paths."""
        return write_tables(
            self.tables, outdir, record=("manifest.json", self.manifest),
            decimals=self.FLOAT_DECIMALS,
        )


def _sample(
    corpus: pd.DataFrame, n: int | None, seed: int | None, key: str, by: str
) -> pd.DataFrame:
    """A deterministic sample of ``n`` clusters (``by``) of ``corpus``, all rows of each."""
    if n is None:
        return corpus
    units = sorted(corpus[by].astype(str).unique())
    if n >= len(units):
        return corpus
    rng = group_rng(seed, "sample", key)
    chosen = set(rng.choice(units, size=n, replace=False).tolist())
    out = corpus[corpus[by].astype(str).isin(chosen)].reset_index(drop=True)
    out.attrs = dict(corpus.attrs)
    return out


def _with_voice_tokens(corpus: pd.DataFrame, annotator: VoiceAnnotator) -> pd.DataFrame:
    counts = voice_token_counts(corpus, annotator=annotator)
    out = corpus.copy()
    for col in counts.columns[1:]:
        out[col] = counts[col].to_numpy()
    return out


def _tag(df: pd.DataFrame, **cols) -> pd.DataFrame:
    df = df.copy()
    for i, (k, v) in enumerate(cols.items()):
        df.insert(i, k, v)
    return df


def _lexicon_info(lex: Lexicon) -> dict:
    info = {"name": lex.name, "entries": len(lex), "sha256": lex.sha256}
    if lex.path is not None:
        info["path"] = str(lex.path)
    if lex.provenance:
        info["provenance"] = lex.provenance
    return info


def validate(
    datasets_dir: str | Path | None = None,
    *,
    lexicon: Lexicon | str | Path | None = None,
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    sample: int | None = None,
    min_sentences: int = 30,
    ci: float = 0.95,
) -> ValidationResult:
    """Run every validation and return the tables (see :data:`VALIDATION_TABLES`).

    ``datasets_dir`` defaults to ``config.DATASETS_DIR``. BABE is scored with the Recasens
    lexicon built at run time (inflected lemmas: the main row), the same lemmas without
    inflections, the 704-entry modified copy of the list, and ``lexicon`` (default: the shipped
    ``config.DEFAULT_LEXICON``); AllSides with the Recasens lexicon and ``lexicon``, on all
    articles and on news articles only (no OPINION/ANALYSIS/... tag). ``sample`` limits BABE to
    that many source articles and AllSides to that many events (deterministic given ``seed``), for
    quick runs and tests. A missing dataset is skipped with a warning and named in
    ``manifest["skipped"]``; a missing BABE file or Recasens lexicon is an error.
    """
    started = time.perf_counter()
    root = Path(datasets_dir) if datasets_dir is not None else config.DATASETS_DIR
    if not root.is_dir():
        raise FileNotFoundError(
            f"{root}: validation datasets folder not found (expected {BABE_FILE} and "
            f"{RECASENS_FILE} inside it)"
        )
    options = {"n_boot": n_boot, "seed": seed, "ci": ci}
    main_lex = recasens_lexicon(root / RECASENS_FILE)
    other_lex = load_lexicon(lexicon if lexicon is not None else config.DEFAULT_LEXICON)
    babe_lexicons = [main_lex, recasens_lexicon(root / RECASENS_FILE, inflect=False)]
    if (root / RECASENS_MODIFIED_FILE).is_file():
        babe_lexicons.append(recasens_lexicon(root / RECASENS_MODIFIED_FILE))
    babe_lexicons.append(other_lex)
    manifest: dict = {
        "datasets_dir": str(root),
        "parameters": {**options, "sample": sample, "min_sentences": min_sentences},
        "lexicons": {lex.name: _lexicon_info(lex) for lex in babe_lexicons},
        "inputs": {},
        "skipped": {},
        "counts": {},
    }
    tables: dict[str, list[pd.DataFrame]] = {name: [] for name in VALIDATION_TABLES}

    babe_path = root / BABE_FILE
    babe = _sample(read_babe(babe_path), sample, seed, "babe", "cluster")
    manifest["inputs"]["babe"] = {"path": str(babe_path), "sha256": file_sha256(babe_path)}
    manifest["counts"]["babe"] = {
        "sentences": len(babe),
        "articles": int(babe["cluster"].nunique()),
        "biased": int(babe["is_biased"].sum()),
        "left_out": babe.attrs.get("left_out", {}),
    }
    annotator = default_annotator(babe["text"].tolist())
    babe = _with_voice_tokens(babe, annotator)
    for lex in babe_lexicons:
        log.info("validate: scoring %d BABE sentences with %s", len(babe), lex.name)
        hits = score(babe, lex, annotator=annotator)
        tables["babe_word_overlap"].append(
            _tag(marked_word_overlap(babe, hits, **options), lexicon=lex.name)
        )
        tables["babe_sentence_auc"].append(
            _tag(sentence_auc(babe, hits, **options), lexicon=lex.name)
        )
        tables["babe_outlets"].append(_tag(outlet_rates(babe, hits, **options), lexicon=lex.name))
        tables["babe_hit_voices"].append(_tag(hit_voices(babe, hits, **options), lexicon=lex.name))
    outlets = pd.concat(tables["babe_outlets"], ignore_index=True)
    tables["babe_outlet_correlation"].append(
        outlet_correlation(outlets, min_sentences=min_sentences, ci=ci)
    )
    log.info("validate: voices of marked words and tokens")
    tables["babe_marked_word_voices"].append(
        marked_word_voices(babe, annotator=annotator, **options)
    )
    tables["babe_token_voices"].append(token_voices(babe, annotator=annotator, **options))

    allsides_path = root / ALLSIDES_FILE
    if allsides_path.is_file():
        articles = _sample(read_allsides(allsides_path), sample, seed, "allsides", "event_id")
        manifest["inputs"]["allsides"] = {
            "path": str(allsides_path),
            "sha256": file_sha256(allsides_path),
        }
        news = articles["opinion_tag"].isna().to_numpy()
        manifest["counts"]["allsides"] = {
            "articles": len(articles),
            "events": int(articles["event_id"].nunique()),
            "news_articles": int(news.sum()),
            "left_out": articles.attrs.get("left_out", {}),
        }
        annotator = default_annotator(articles["text"].tolist())
        articles = _with_voice_tokens(articles, annotator)
        for lex in (main_lex, other_lex):
            log.info("validate: scoring %d AllSides articles with %s", len(articles), lex.name)
            hits = score(articles, lex, annotator=annotator)
            for subset, mask in (("all", np.ones(len(articles), bool)), ("news", news)):
                part = articles[mask].reset_index(drop=True)
                part_hits = hits[hits["doc_id"].isin(set(part["doc_id"]))]
                tag = {"lexicon": lex.name, "subset": subset}
                tables["allsides_sides"].append(
                    _tag(side_voice_shares(part, part_hits, **options), **tag)
                )
                tables["allsides_differences"].append(
                    _tag(side_differences(part, part_hits, **options), **tag)
                )
    else:
        reason = f"{allsides_path} not found"
        log.warning("validate: AllSides part skipped: %s", reason)
        manifest["skipped"]["allsides"] = reason
    out = {
        name: pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        for name, parts in tables.items()
    }
    manifest["tables"] = {name: VALIDATION_TABLES[name] for name in out}
    manifest["python"] = platform.python_version()
    manifest["seconds"] = round(time.perf_counter() - started, 1)
    return ValidationResult(out, manifest)


# ---------------------------------------------------------------------------------------- CLI


def register_cli(subparsers) -> None:
    """Add ``validate`` to the command line."""
    p = subparsers.add_parser(
        "validate",
        help="measure the scorer against human-annotated datasets (BABE, AllSides)",
        description="Score the third-party validation datasets (read by path, never copied) and "
        "write the metric tables as CSV plus manifest.json to OUTDIR. See docs/validation.md.",
    )
    p.add_argument(
        "--datasets",
        type=Path,
        default=config.DATASETS_DIR,
        help=f"datasets folder (default: {config.DATASETS_DIR})",
    )
    p.add_argument(
        "--lexicon",
        type=Path,
        default=config.DEFAULT_LEXICON,
        help=f"lexicon run beside the Recasens lexicon (default: {config.DEFAULT_LEXICON.name})",
    )
    p.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument(
        "--sample",
        type=int,
        default=None,
        help="use only this many BABE articles and AllSides events (quick runs)",
    )
    p.add_argument(
        "--min-sentences",
        type=int,
        default=30,
        help="outlets with fewer BABE sentences are left out of the correlation (default 30)",
    )
    p.add_argument("-o", "--outdir", type=Path, required=True, help="output folder")
    p.set_defaults(func=_cli_validate)


def _cli_validate(args: argparse.Namespace) -> int:
    result = validate(
        args.datasets,
        lexicon=args.lexicon,
        n_boot=args.n_boot,
        seed=args.seed,
        sample=args.sample,
        min_sentences=args.min_sentences,
    )
    written = result.to_dir(args.outdir)
    log.info("wrote %s to %s", ", ".join(p.name for p in written), args.outdir)
    return 0
