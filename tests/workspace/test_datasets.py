"""Datasets: a folder of parts and a marker, read whole as the single-file table, never ingested
as raw input; every command reads either form."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main
from analysis.corpus.pipeline import ingest
from analysis.corpus.schema import read_corpus
from analysis.scoring.reading import ScoreTables
from analysis.workspace.datasets import (
    MARKER,
    dataset_info,
    dataset_parts,
    is_dataset,
    read_corpus_dataset,
    read_score_dataset,
)


def test_a_corpus_dataset_is_the_single_file_corpus_in_parts(demo_runs):
    work = demo_runs / "work" / "corpus"
    assert is_dataset(work, "corpus")
    info = dataset_info(work)
    assert len(info["parts"]) == 4 and info["rows"] == 61
    assert all(p["rows"] <= 20 for p in info["parts"])
    single = read_corpus(demo_runs / "single" / "corpus.parquet")
    pd.testing.assert_frame_equal(read_corpus_dataset(work), single)
    # the same report, byte for byte
    assert (demo_runs / "work" / "report.csv").read_bytes() == (
        demo_runs / "single" / "report.csv"
    ).read_bytes()


def test_a_hits_dataset_is_the_single_file_hits_in_parts(demo_runs):
    got = read_score_dataset(demo_runs / "work" / "hits")
    want = ScoreTables.read(demo_runs / "single" / "hits.parquet")
    for name in ("hits", "attributions", "voice_tokens", "sentences"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(want, name))
    # the 61 documents are in corpus parts of 19, 20, 20 and 2; fewer than 64 parts: each is
    # scored in halves (the first half takes the odd document), one hits part a half
    corpus_parts = dataset_info(demo_runs / "work" / "corpus")["parts"]
    assert [p["rows"] for p in corpus_parts] == [19, 20, 20, 2]
    info = dataset_info(demo_runs / "work" / "hits")
    docs_per_part = [
        len(pd.read_parquet(p.with_name(p.stem + ".voice_tokens.parquet")))
        for p in dataset_parts(demo_runs / "work" / "hits", "hits")
    ]
    assert docs_per_part == [10, 9, 10, 10, 10, 10, 1, 1]
    assert sum(p["rows"] for p in info["parts"]) == len(want.hits)
    assert [len(pd.read_parquet(p)) for p in dataset_parts(demo_runs / "work" / "hits",
                                                            "hits")] == [p["rows"] for p in
                                                                         info["parts"]]
    assert got.hits.attrs["lexicon"]["name"] == want.hits.attrs.get("lexicon", {}).get(
        "name", got.hits.attrs["lexicon"]["name"]
    )


def test_compare_gives_the_same_bytes_from_datasets_and_from_files(demo_runs):
    single = demo_runs / "single" / "comparison"
    work = demo_runs / "work" / "comparison"
    names = sorted(p.name for p in single.glob("*.csv"))
    assert "rates.csv" in names and "sources.csv" in names and "tone.csv" in names
    for name in names:
        assert (work / name).read_bytes() == (single / name).read_bytes(), name


def test_single_file_outputs_from_a_dataset_input(demo_runs, tmp_path):
    # score a dataset into one file: the single-file hits, byte for byte
    out = tmp_path / "hits.parquet"
    assert main(["score", str(demo_runs / "work" / "corpus"), "-o", str(out), "-q"]) == 0
    for name in ("hits", "hits.attributions", "hits.voice_tokens", "hits.sentences"):
        want = demo_runs / "single" / f"{name}.parquet"
        assert (tmp_path / f"{name}.parquet").read_bytes() == want.read_bytes(), name


def test_a_dataset_named_as_input_is_read_as_a_corpus(demo_runs, tmp_path):
    out = tmp_path / "again.parquet"
    assert main(["ingest", str(demo_runs / "work" / "corpus"), "-o", str(out), "-q"]) == 0
    pd.testing.assert_frame_equal(
        read_corpus(out), read_corpus(demo_runs / "single" / "corpus.parquet")
    )


def test_a_dataset_met_in_a_searched_folder_is_never_ingested(demo_runs, tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(config.DEMO_DIR, inputs)
    shutil.copytree(demo_runs / "work" / "corpus", inputs / "work" / "corpus")
    shutil.copytree(demo_runs / "work" / "hits", inputs / "work" / "hits")
    result = ingest(inputs)
    assert len(result.corpus) == 61
    skipped = result.report[result.report["source"].str.startswith("inputs/work/")]
    assert len(skipped) and (skipped["status"] == "skipped").all()
    parts = skipped[skipped["source"].str.endswith(".parquet")]
    assert parts["reason"].str.contains("part of a (?:corpus|hits) dataset").all()


def test_the_marker_records_what_built_the_dataset(demo_runs):
    info = json.loads((demo_runs / "work" / "corpus" / MARKER).read_text())
    record = info["record"]
    assert record["kind"] == "corpus" and record["options"]["dedup"] is True
    assert all(len(f["sha256"]) == 64 for f in record["inputs"])
    hits = dataset_info(demo_runs / "work" / "hits")
    assert hits["record"]["lexicon_sha256"] == hits["lexicon"]["sha256"]
    assert {"package_version", "corpus_schema_version", "dataset_schema_version"} <= set(info)


def test_an_up_to_date_dataset_is_kept_unless_rebuild(demo_runs, tmp_path, caplog):
    work = tmp_path / "corpus"
    shutil.copytree(demo_runs / "work" / "corpus", work)
    before = {p.name: p.stat().st_mtime_ns for p in work.iterdir()}
    caplog.set_level("INFO")
    assert main(["ingest", str(config.DEMO_DIR), "-o", str(work), "--part-size", "20"]) == 0
    assert "up to date" in caplog.text
    assert {p.name: p.stat().st_mtime_ns for p in work.iterdir()} == before
    assert main(["ingest", str(config.DEMO_DIR), "-o", str(work), "--part-size", "30",
                 "--rebuild", "-q"]) == 0
    assert len(dataset_info(work)["parts"]) == 3


def test_a_folder_of_other_files_is_not_replaced(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    assert main(["ingest", str(config.DEMO_DIR), "-o", str(tmp_path / "mine"), "-q"]) == 1
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"


def test_a_folder_that_is_not_a_hits_dataset_is_refused(tmp_path, demo_runs):
    (tmp_path / "hits").mkdir()
    assert main(["compare", str(demo_runs / "work" / "corpus"), "--hits",
                 str(tmp_path / "hits"), "-o", str(tmp_path / "out"), "-q"]) == 1


@pytest.mark.parametrize("bad", ["0", "-3"])
def test_bad_part_sizes_are_refused(tmp_path, bad):
    assert main(["ingest", str(config.DEMO_DIR), "-o", str(tmp_path / "c"), "--part-size", bad,
                 "-q"]) == 1


def test_corpus_from_inputs_reads_a_dataset_as_it_is(demo_runs):
    from analysis.corpus.pipeline import corpus_from_inputs

    pd.testing.assert_frame_equal(
        corpus_from_inputs(demo_runs / "work" / "corpus"),
        read_corpus(demo_runs / "single" / "corpus.parquet"),
    )


def test_dataset_texts_read_the_text_a_part_at_a_time(demo_runs):
    from analysis.workspace.datasets import DatasetTexts, read_corpus_without_text

    work = demo_runs / "work" / "corpus"
    whole = read_corpus_dataset(work)
    corpus, texts = read_corpus_without_text(work)
    assert "text" not in corpus.columns and len(texts) == len(whole) == 61
    pd.testing.assert_frame_equal(corpus, whole.drop(columns="text"))
    # parts of 19, 20, 20 and 2 rows: positions on both sides of every boundary, in any order
    picks = [60, 0, 18, 19, 38, 39, 59, 5]
    assert texts.take(picks) == whole["text"].iloc[picks].tolist()
    assert texts.take([]) == []
    with pytest.raises(IndexError, match="61 rows"):
        DatasetTexts(work).take([61])


def test_compare_of_a_dataset_leaves_the_text_on_disk_and_gives_the_same_bytes(
    demo_runs, tmp_path, monkeypatch
):
    import analysis.workspace.datasets as datasets

    calls = []
    real = datasets.read_corpus_without_text
    monkeypatch.setattr(datasets, "read_corpus_without_text",
                        lambda path: calls.append(path) or real(path))
    single, work = demo_runs / "single", demo_runs / "work"
    # --actors without a bias model: the sentences read without their voice columns
    assert main(["compare", str(single / "corpus.parquet"), "--hits",
                 str(single / "hits.parquet"), "--actors", "--n-boot", "50", "-o",
                 str(tmp_path / "a"), "-q"]) == 0
    assert calls == []  # a corpus file is read whole
    assert main(["compare", str(work / "corpus"), "--hits", str(work / "hits"), "--actors",
                 "--n-boot", "50", "-o", str(tmp_path / "b"), "-q"]) == 0
    assert len(calls) == 1  # no text in memory
    names = sorted(p.name for p in (tmp_path / "a").glob("*.csv"))
    assert "keyness.csv" in names and "sources.csv" in names and "tone.csv" in names
    for name in names:
        assert (tmp_path / "b" / name).read_bytes() == (tmp_path / "a" / name).read_bytes(), name
    # the naming hits scored part by part, the tone and the bias model's sentences read a
    # part at a time: the same bytes
    from analysis.models.store import save_bias_model
    from tests.models.test_bias import fitted

    model = save_bias_model(fitted(), tmp_path / "m.json", provenance={"caveat": "test"})
    extra = ["--naming", "--actors", "--bias-model", str(model), "--n-boot", "50", "-q"]
    assert main(["compare", str(single / "corpus.parquet"), "--hits",
                 str(single / "hits.parquet"), *extra, "-o", str(tmp_path / "c")]) == 0
    assert main(["compare", str(work / "corpus"), "--hits", str(work / "hits"), *extra,
                 "-o", str(tmp_path / "d")]) == 0
    assert len(calls) == 2
    names = sorted(p.name for p in (tmp_path / "c").glob("*.csv"))
    assert "naming.csv" in names and "tone.csv" in names and "bias.csv" in names
    assert len(pd.read_csv(tmp_path / "c" / "tone.csv")) > 0
    assert pd.read_csv(tmp_path / "c" / "bias.csv")["n_sentences"].sum() > 0
    assert pd.read_csv(tmp_path / "c" / "naming.csv")["count"].sum() > 0
    for name in names:
        assert (tmp_path / "d" / name).read_bytes() == (tmp_path / "c" / name).read_bytes(), name


def test_compare_without_text_says_what_it_needs(demo_runs):
    from analysis.comparison.pipeline import compare
    from analysis.workspace.datasets import read_corpus_without_text

    corpus, texts = read_corpus_without_text(demo_runs / "work" / "corpus")
    tables = ScoreTables.read(demo_runs / "single" / "hits.parquet", lean=True)
    assert "sentence" not in tables.hits.columns and "text" not in tables.attributions.columns
    with pytest.raises(ValueError, match="no text column, so texts must be given"):
        compare(corpus, tables, n_boot=10)
    no_sentences = ScoreTables.read(demo_runs / "single" / "hits.parquet", lean=True,
                                    skip=("sentences",))
    with pytest.raises(ValueError, match="sentences must be given with actors"):
        compare(corpus, no_sentences, n_boot=10, texts=texts, actors=[config.DEFAULT_ACTORS])
    with pytest.raises(ValueError, match="sentences must be given with bias_model"):
        compare(corpus, no_sentences, n_boot=10, texts=texts, bias_model="any.joblib")
    with pytest.raises(ValueError, match="naming_hits must be given"):
        compare(corpus, tables.hits, n_boot=10, texts=texts, naming=config.DEFAULT_NAMING,
                attributions=tables.attributions, voice_tokens=tables.voice_tokens)


def test_tone_without_the_text_checks_the_sentences_where_it_reads_the_text(demo_runs):
    from analysis.comparison.tone import tone
    from analysis.workspace.datasets import read_corpus_without_text

    corpus, texts = read_corpus_without_text(demo_runs / "work" / "corpus")
    whole = read_corpus_dataset(demo_runs / "work" / "corpus")
    sentences = ScoreTables.read(demo_runs / "single" / "hits.parquet").sentences
    options = dict(actors=[config.DEFAULT_ACTORS], sentences=sentences, n_boot=20)
    # the text on disk, read a chunk at a time: the table of the corpus held whole
    pd.testing.assert_frame_equal(tone(corpus, texts=texts, **options), tone(whole, **options))
    # a sentence reaching past its document's end, as from another corpus: named, not sliced
    doc = whole["doc_id"].iloc[0]
    length = len(whole["text"].iloc[0])
    last = sentences.index[sentences["doc_id"] == doc][-1]
    bad = sentences.copy()
    bad.loc[last, "end"] = length + 5
    options["sentences"] = bad
    with pytest.raises(ValueError, match=f"sentences of '{doc}'.*does not lie inside the text"):
        tone(whole, **options)
    with pytest.raises(ValueError, match=f"sentences of '{doc}'.*does not lie inside the text"):
        tone(corpus, texts=texts, **options)
