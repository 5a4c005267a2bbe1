"""The PolNeAR reader (analysis.evaluation.polnear) on a tiny folder written for the tests, and on
the real dev split when ../shared/datasets/polnear is present (skipped otherwise)."""

from __future__ import annotations

import gzip
import json

import pandas as pd
import pytest

from analysis import config
from analysis.evaluation.polnear import POLNEAR_DIR, PolnearError, read_polnear

# invented articles; offsets worked out by hand below
TEXT_A = "Mayor Lind said the bridge would reopen.\nTaxes rose."
TEXT_B = "“We will win,” Vale said.\u00a0Rain fell today."


def _span(doc_id, text, piece, kind, rel):
    s = text.index(piece)
    return {"doc_id": doc_id, "kind": kind, "start": s, "end": s + len(piece), "text": piece,
            "rel": rel}  # fmt: skip


DOCS = [
    {"doc_id": "a", "outlet": "nyt", "published": "2016-10-01", "title": "T a", "text": TEXT_A},
    {"doc_id": "b", "outlet": "politico", "published": "2016-10-02", "title": "T b",
     "text": TEXT_B},  # fmt: skip
]
SPANS = [
    _span("a", TEXT_A, "Mayor Lind", "Source", "E1"),
    _span("a", TEXT_A, "said", "Cue", "E1"),
    _span("a", TEXT_A, "the bridge would reopen", "Content", "E1"),
    _span("b", TEXT_B, "“We will win,”", "Content", "E2"),
    _span("b", TEXT_B, "Vale", "Source", "E2"),
    _span("b", TEXT_B, "said", "Cue", "E2"),
]


def write_split(folder, split="dev", docs=DOCS, spans=SPANS, *, raw_docs=None):
    folder.mkdir(parents=True, exist_ok=True)
    with gzip.open(folder / f"{split}_docs.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(raw_docs if raw_docs is not None else "".join(json.dumps(d) + "\n" for d in docs))
    with gzip.open(folder / f"{split}_spans.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(s) + "\n" for s in spans))
    return folder


def test_read_polnear_gives_the_corpus_schema_and_the_spans(tmp_path):
    articles, spans = read_polnear(write_split(tmp_path / "p"), "dev")
    assert list(articles["doc_id"]) == ["a", "b"]
    assert {"doc_id", "outlet", "title", "text", "published", "url", "source"} <= set(articles)
    # the text is exactly as given: the no-break space is not normalised
    assert articles.loc[1, "text"] == TEXT_B and "\u00a0" in articles.loc[1, "text"]
    assert articles.loc[0, "source"] == "dev_docs.jsonl.gz#1"
    assert list(spans.columns) == ["doc_id", "rel", "kind", "start", "end", "text"]
    assert len(spans) == 6 and spans["start"].dtype == "int64"
    # sorted by doc and offset; offsets point into the text
    assert list(spans["kind"][:3]) == ["Source", "Cue", "Content"]
    text_of = dict(zip(articles["doc_id"], articles["text"], strict=True))
    for r in spans.itertuples():
        assert text_of[r.doc_id][r.start : r.end] == r.text
    # "Mayor"=0-5, "Lind"=6-10, "said"=11-15, "the bridge would reopen"=16-39
    assert spans.loc[2, "start"] == 16 and spans.loc[2, "end"] == 39


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"split": "test"}, "unknown split 'test'"),
        ({"spans": [dict(SPANS[0], start=100, end=104)]}, r"span \[100, 104\) lies outside 'a'"),
        ({"spans": [dict(SPANS[0], text="Mayor Lund")]}, "text does not equal the article's"),
        ({"spans": [dict(SPANS[0], doc_id="zz")]}, "doc_id 'zz' is not in dev_docs.jsonl.gz"),
        ({"docs": [DOCS[0], DOCS[0]]}, "duplicated doc_id 'a'"),
        ({"raw_docs": "{not json\n"}, r"dev_docs.jsonl.gz, line 1: not JSON"),
        ({"raw_docs": '{"doc_id": "a"}\n'}, "missing field"),
        ({"spans": [dict(SPANS[0], start=1.5)]}, "non-integer offsets"),
    ],
)
def test_read_polnear_names_what_is_wrong(tmp_path, change, message):
    split = change.pop("split", "dev")
    folder = write_split(tmp_path / "p", **change)
    with pytest.raises(PolnearError, match=message):
        read_polnear(folder, split)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(PolnearError, match="train_docs.jsonl.gz: no such file"):
        read_polnear(write_split(tmp_path / "p"), "train")


@pytest.fixture(scope="module")
def real_dev():
    folder = config.DATASETS_DIR / POLNEAR_DIR
    if not (folder / "dev_docs.jsonl.gz").is_file():
        pytest.skip(f"PolNeAR not found at {folder}")
    return read_polnear(folder, "dev")


def test_real_dev_split(real_dev):
    articles, spans = real_dev
    assert len(articles) == 84 and len(spans) == 6866  # SOURCE.md
    assert set(spans["kind"]) >= {"Source", "Cue", "Content"}
    assert articles["doc_id"].is_unique and not articles["text"].isna().any()
    assert isinstance(articles["text"].iloc[0], str) and pd.api.types.is_string_dtype(spans["kind"])
