"""Reader of PolNeAR, the Political News Attribution Relations corpus (Newell, Margolin and Ruths,
LREC 2018), as laid out in ``config.DATASETS_DIR / "polnear"`` (read by path, never copied).

:func:`read_polnear` returns two tables:

articles
    one row per article in the corpus schema (doc_id, outlet, title, text, published, url,
    source), passed through :func:`~analysis.corpus.schema.coerce_corpus` and
    :func:`~analysis.corpus.schema.validate_corpus`. ``text`` is exactly the upstream text: the
    span offsets refer to it, so it is *not* normalised (``normalize_text`` would change most
    texts: no-break spaces, spaces before line breaks); the reader checks that coercion left
    every character as it was.
spans
    one row per labelled span: doc_id, rel (the attribution id "E..." that ties a Source, a Cue
    and a Content together; <NA> for the few spans tied to none), kind (Source, Cue, Content,
    and the upstream's other labels as they are), start, end (character offsets, end
    exclusive), text (``article[start:end]``). A discontinuous span is several rows with one rel.

Errors name the file: a missing file, a line that is not JSON, a missing field, a span whose
offsets fall outside its article or whose text is not the article's, a span of an unknown
article, a duplicated doc_id. The voice evaluation on these tables is
:mod:`analysis.evaluation.voice_metrics`; docs/validation.md has the numbers.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pandas as pd

from ..corpus.schema import coerce_corpus, validate_corpus

__all__ = [
    "POLNEAR_DIR",
    "POLNEAR_SPLITS",
    "PolnearError",
    "article_bucket",
    "read_polnear",
]

def article_bucket(doc_id: object, buckets: int) -> int:
    """A fixed bucket in ``0 .. buckets - 1`` for an article, from the sha256 of its doc_id: the
    same article falls in the same bucket whatever the file order (how train is split into
    halves, folds or a held-out share without reading dev)."""
    return int(hashlib.sha256(str(doc_id).encode()).hexdigest(), 16) % buckets


# The dataset's folder, relative to config.DATASETS_DIR.
POLNEAR_DIR = Path("polnear")
# The splits kept beside the repository (the upstream test split is deliberately not there).
POLNEAR_SPLITS = ("train", "dev")
_DOC_FIELDS = ("doc_id", "outlet", "published", "title", "text")
_SPAN_FIELDS = ("doc_id", "kind", "start", "end", "text", "rel")


class PolnearError(ValueError):
    """Bad PolNeAR input; the message names the file (and the line when it is one line)."""


def _read_jsonl(path: Path, fields: tuple[str, ...]) -> pd.DataFrame:
    """The records of a gzipped JSON-lines file, only ``fields``, every field required."""
    if not path.is_file():
        raise PolnearError(f"{path}: no such file")
    rows = []
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for i, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as err:
                    raise PolnearError(f"{path}, line {i}: not JSON ({err.msg})") from None
                if not isinstance(rec, dict):
                    raise PolnearError(f"{path}, line {i}: expected a JSON object")
                missing = [f for f in fields if f not in rec]
                if missing:
                    raise PolnearError(f"{path}, line {i}: missing field(s) {', '.join(missing)}")
                rows.append({f: rec[f] for f in fields})
    except (OSError, EOFError, UnicodeDecodeError) as err:
        raise PolnearError(f"{path}: cannot read as gzipped UTF-8 JSON lines ({err})") from None
    if not rows:
        raise PolnearError(f"{path}: no records")
    return pd.DataFrame(rows, columns=list(fields))


def _check_docs(docs: pd.DataFrame, path: Path) -> None:
    bad = docs[[not isinstance(t, str) or not t.strip() for t in docs["text"]]]
    if len(bad):
        raise PolnearError(f"{path}: empty or non-string text for doc_id {bad['doc_id'].iloc[0]!r}")
    dup = docs["doc_id"][docs["doc_id"].duplicated()]
    if len(dup):
        raise PolnearError(f"{path}: duplicated doc_id {dup.iloc[0]!r}")


def _check_spans(spans: pd.DataFrame, texts: dict[str, str], path: Path, docs_name: str) -> None:
    for col in ("start", "end"):
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in spans[col]):
            raise PolnearError(f"{path}: column {col!r} holds non-integer offsets")
    rows = zip(spans["doc_id"], spans["start"], spans["end"], spans["text"], strict=True)
    for i, (doc_id, s, e, t) in enumerate(rows, 1):
        text = texts.get(doc_id)
        if text is None:
            raise PolnearError(f"{path}, record {i}: doc_id {doc_id!r} is not in {docs_name}")
        if not (0 <= s < e <= len(text)):
            raise PolnearError(
                f"{path}, record {i}: span [{s}, {e}) lies outside {doc_id!r} "
                f"(length {len(text)})"
            )
        if text[s:e] != t:
            raise PolnearError(f"{path}, record {i}: text does not equal the article's [{s}:{e}]")


def read_polnear(directory: str | Path, split: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return ``(articles, spans)`` of one split ("train" or "dev") of the PolNeAR folder
    ``directory`` (files ``{split}_docs.jsonl.gz`` and ``{split}_spans.jsonl.gz``); the tables
    are described in the module docstring."""
    if split not in POLNEAR_SPLITS:
        raise PolnearError(f"unknown split {split!r}; expected one of {POLNEAR_SPLITS}")
    directory = Path(directory)
    docs_path = directory / f"{split}_docs.jsonl.gz"
    spans_path = directory / f"{split}_spans.jsonl.gz"
    docs = _read_jsonl(docs_path, _DOC_FIELDS)
    spans = _read_jsonl(spans_path, _SPAN_FIELDS)
    _check_docs(docs, docs_path)
    texts = dict(zip(docs["doc_id"], docs["text"], strict=True))
    _check_spans(spans, texts, spans_path, docs_path.name)
    articles = pd.DataFrame(
        {
            "doc_id": docs["doc_id"],
            "outlet": docs["outlet"],
            "title": docs["title"],
            "text": docs["text"],
            "published": docs["published"],
            "url": None,
            "source": [f"{docs_path.name}#{i}" for i in range(1, len(docs) + 1)],
        }
    )
    articles = validate_corpus(coerce_corpus(articles))
    # the offsets refer to the texts as given: coercion must not have changed a character
    for doc_id, text in zip(articles["doc_id"], articles["text"], strict=True):
        if text != texts[doc_id]:
            raise PolnearError(f"{docs_path}: coerce_corpus changed the text of {doc_id!r}")
    spans = spans.astype(
        {"doc_id": "string", "kind": "string", "text": "string", "rel": "string"}
    ).astype({"start": "int64", "end": "int64"})
    spans = spans[["doc_id", "rel", "kind", "start", "end", "text"]]
    spans = spans.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    return articles, spans
