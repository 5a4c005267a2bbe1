"""Readers of the third-party datasets used for validation, read by path (never copied):
BABE, AllSides roundups, and the Recasens et al. (2013) bias lexicon.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .. import config
from ..corpus.schema import coerce_corpus
from ..lexicons.files import Lexicon
from ..lexicons.forms import regular_inflections
from ..lexicons.provenance import file_sha256
from ..lexicons.terms import LexiconError, term_problem
from ..tables import require_columns
from ..text.normalize import normalize_text
from ..voice.words import VOICES

log = logging.getLogger(__name__)

__all__ = [
    "ALLSIDES_FILE",
    "BABE_FILE",
    "RECASENS_FILE",
    "RECASENS_MODIFIED_FILE",
    "read_allsides",
    "read_babe",
    "recasens_lexicon",
]


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


def _require(path: Path, what: str) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"{path}: {what} not found")
    return path


def _read_table(path: Path, required: Sequence[str]) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: unreadable CSV ({exc})") from None
    require_columns(df, required, str(path), hint=f"found: {', '.join(df.columns)}")
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
    inflections (:func:`analysis.regular_inflections`: "abuses", "abused", "abusing"), except a few
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
            head, last = split_last_word(key)
            for form in regular_inflections(last):
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


def split_last_word(term: str) -> tuple[str, str]:
    """("far-", "right") for "far-right": inflect the last word of a multiword term."""
    cut = max(term.rfind(" "), term.rfind("-"))
    return term[: cut + 1], term[cut + 1 :]
