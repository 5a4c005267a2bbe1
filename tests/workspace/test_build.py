"""A workspace is built once and reused; changing the lexicon rebuilds the hits, changing an
input rebuilds both."""

from __future__ import annotations

import json

import pandas as pd

from analysis import config
from analysis.corpus.pipeline import load_corpus
from analysis.scoring.reading import score_tables
from analysis.workspace.build import ensure_workspace, workspace_tables

TEXTS = [
    "Officials said the massacre in the valley was planned. Residents fled.",
    "The army denied any atrocities and called the reports propaganda.",
    "“This is genocide,” a witness said. The government rejected the claim.",
    "Aid groups warned of ethnic cleansing in the north.",
]


def _inputs(tmp_path, texts=TEXTS):
    path = tmp_path / "in" / "articles.jsonl"
    path.parent.mkdir(exist_ok=True)
    path.write_text("".join(json.dumps({"doc_id": f"a{i}", "outlet": f"o{i % 2}", "text": t})
                            + "\n" for i, t in enumerate(texts)), encoding="utf-8")
    return path


def _lexicon(tmp_path, terms):
    path = tmp_path / "lex.csv"
    path.write_text("term,category\n" + "".join(f"{t},atrocity\n" for t in terms))
    return path


def test_built_once_then_reused(tmp_path):
    inputs, lex = _inputs(tmp_path), _lexicon(tmp_path, ["massacre", "genocide"])
    first = ensure_workspace(tmp_path / "work", [inputs], lex, part_size=3)
    assert first.built == ["corpus", "hits"]
    stamp = (first.hits / "part-00000.parquet").stat().st_mtime_ns
    again = ensure_workspace(tmp_path / "work", [inputs], lex, part_size=3)
    assert again.built == []
    assert (again.hits / "part-00000.parquet").stat().st_mtime_ns == stamp
    corpus, tables = workspace_tables(again)
    want_corpus = load_corpus([inputs])
    pd.testing.assert_frame_equal(corpus, want_corpus)
    want = score_tables(want_corpus, lex)
    pd.testing.assert_frame_equal(tables.hits, want.hits)


def test_a_changed_lexicon_rebuilds_the_hits_only(tmp_path):
    inputs, lex = _inputs(tmp_path), _lexicon(tmp_path, ["massacre"])
    ensure_workspace(tmp_path / "work", [inputs], lex)
    _lexicon(tmp_path, ["massacre", "ethnic cleansing"])
    paths = ensure_workspace(tmp_path / "work", [inputs], lex)
    assert paths.built == ["hits"]
    _, tables = workspace_tables(paths)
    assert set(tables.hits["term"]) == {"massacre", "ethnic cleansing"}


def test_a_changed_input_or_option_rebuilds_both(tmp_path):
    lex = _lexicon(tmp_path, ["massacre"])
    inputs = _inputs(tmp_path)
    ensure_workspace(tmp_path / "work", [inputs], lex)
    _inputs(tmp_path, TEXTS[:2])
    assert ensure_workspace(tmp_path / "work", [inputs], lex).built == ["corpus", "hits"]
    paths = ensure_workspace(tmp_path / "work", [inputs], lex, options={"dedup": False})
    assert paths.built == ["corpus", "hits"]
    assert ensure_workspace(tmp_path / "work", [inputs], lex, options={"dedup": False}).built == []


def test_the_default_is_the_demo_corpus_and_lexicon(tmp_path):
    paths = ensure_workspace(tmp_path / "work")
    corpus, tables = workspace_tables(paths)
    assert len(corpus) == len(load_corpus([config.DEMO_DIR]))
    assert tables.hits.attrs["lexicon"]["name"] == config.DEFAULT_LEXICON.stem or len(tables.hits)
