"""analysis.score_tables: the hits and the side tables later stages read, from one pass."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.cli import main as cli_main
from analysis.scoring import reading

TEXT_A = "Officials said the siege ended. \u201cIt was a massacre,\u201d she said."
TEXT_B = "No one spoke."
RATES = {"A": {"atrocity_claim": 8.0, "force_triumph": 4.0}, "B": {"atrocity_claim": 2.0}}


@pytest.fixture
def tiny():
    corpus = pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"], "text": [TEXT_A, TEXT_B]})
    lexicon = analysis.Lexicon.from_frame(
        pd.DataFrame({"term": ["massacre", "siege"], "category": ["atrocity", "force"]})
    )
    return corpus, lexicon


def test_side_tables_by_hand(tiny):
    corpus, lexicon = tiny
    st = analysis.score_tables(corpus, lexicon)
    # "the siege ended." is reported (3 tokens), "It was a massacre," quoted (4 tokens)
    att = st.attributions
    assert att[["doc_id", "kind", "text"]].values.tolist() == [
        ["a", "reported", "the siege ended."],
        ["a", "quoted", "It was a massacre,"],
    ]
    assert st.voice_tokens.values.tolist() == [["a", 4, 4, 3], ["b", 3, 0, 0]]
    s = st.sentences
    assert s[["doc_id", "sentence", "start", "n_tokens"]].values.tolist() == [
        ["a", 0, 0, 5], ["a", 1, 32, 6], ["b", 0, 0, 3],
    ]
    assert s["end"].tolist() == [31, len(TEXT_A), len(TEXT_B)]
    # sentence 0: Officials said | the siege ended -> 2/5 authorial, 3/5 reported
    # sentence 1: It was a massacre | she said -> 4/6 quoted, 2/6 authorial
    assert s["authorial_share"].tolist() == pytest.approx([0.4, 2 / 6, 1.0])
    assert s["quoted_share"].tolist() == pytest.approx([0.0, 4 / 6, 0.0])
    assert s["reported_share"].tolist() == pytest.approx([0.6, 0.0, 0.0])
    assert list(s.columns) == reading.SENTENCE_COLUMNS


def test_score_tables_hits_are_score_hits_and_sides_match_the_standalone_functions(tiny):
    corpus, lexicon = tiny
    st = analysis.score_tables(corpus, lexicon)
    pd.testing.assert_frame_equal(st.hits, analysis.score(corpus, lexicon))
    annotator = analysis.scoring.hits.default_annotator(corpus["text"].tolist())
    att = analysis.attribution_table(corpus, annotator=annotator)
    pd.testing.assert_frame_equal(st.attributions, att.reset_index(drop=True))
    pd.testing.assert_frame_equal(
        st.voice_tokens, analysis.voice_token_counts(analysis.coerce_corpus(corpus), attributions=att)
    )
    alone = analysis.side_tables(corpus)
    assert alone.hits is None
    for name in reading.SIDE_TABLES:
        pd.testing.assert_frame_equal(getattr(alone, name), getattr(st, name))


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_written_beside_the_hits_and_read_back(tiny, tmp_path, suffix):
    corpus, lexicon = tiny
    st = analysis.score_tables(corpus, lexicon)
    hits_path = tmp_path / f"hits{suffix}"
    written = st.write(hits_path)
    assert [p.name for p in written] == [
        f"hits{suffix}", f"hits.attributions{suffix}", f"hits.voice_tokens{suffix}",
        f"hits.sentences{suffix}",
    ]
    back = analysis.ScoreTables.read(hits_path)
    for name in reading.SIDE_TABLES:
        pd.testing.assert_frame_equal(
            getattr(back, name).reset_index(drop=True), getattr(st, name), check_dtype=False
        )
    skipped = analysis.ScoreTables.read(hits_path, skip=("sentences",))
    assert skipped.sentences is None and skipped.attributions is not None
    with pytest.raises(ValueError, match=r"unknown side table\(s\) \['sentence'\]"):
        analysis.ScoreTables.read(hits_path, skip=("sentence",))
    # lean: the columns no comparison reads; without a bias model, the sentences' voice too
    lean = analysis.ScoreTables.read(hits_path, lean=True)
    assert "sentence" not in lean.hits.columns and "text" not in lean.attributions.columns
    assert list(lean.sentences.columns) == [c for c in reading.SENTENCE_COLUMNS if c != "sentence"]
    spans_only = analysis.ScoreTables.read(hits_path, lean=analysis.lean_drops(bias=False))
    assert list(spans_only.sentences.columns) == ["doc_id", "start", "end"]
    assert spans_only.sentences["end"].tolist() == [31, len(TEXT_A), len(TEXT_B)]
    assert "sentence" not in spans_only.hits.columns
    pd.testing.assert_frame_equal(spans_only.voice_tokens, lean.voice_tokens)
    assert analysis.lean_drops(bias=True) == reading.LEAN_DROPS
    (tmp_path / f"hits.sentences{suffix}").unlink()
    assert analysis.ScoreTables.read(hits_path).sentences is None


def test_compare_reads_the_side_tables_instead_of_the_text(monkeypatch):
    syn = analysis.synthetic_corpus(RATES, n_docs=6, seed=3)
    corpus = syn.corpus
    st = analysis.score_tables(corpus)
    before = analysis.compare(corpus, st.hits, n_boot=50, seed=1)

    def no_reading(*args, **kwargs):
        raise AssertionError("compare read the text again")

    monkeypatch.setattr(analysis.comparison.inputs, "side_tables", no_reading)
    after = analysis.compare(corpus, st, n_boot=50, seed=1)
    for name, table in before.tables().items():
        pd.testing.assert_frame_equal(table, after.tables()[name], obj=name)
    with pytest.raises(AssertionError, match="read the text again"):
        analysis.compare(corpus, st.hits, n_boot=50, seed=1)  # without them it must build them


def test_tone_from_the_sentence_table_equals_tone_from_the_splitter():
    syn = analysis.synthetic_corpus(RATES, n_docs=4, seed=5)
    corpus = syn.corpus
    actors = pd.DataFrame({"name": ["officials"], "actor": ["officials"], "side": ["state"]})
    st = analysis.side_tables(corpus)
    splitter = analysis.scoring.hits.default_annotator(corpus["text"].tolist()).splitter_
    by_table = analysis.tone(corpus, actors=actors, sentences=st.sentences, n_boot=50)
    by_splitter = analysis.tone(corpus, actors=actors, splitter=splitter, n_boot=50)
    pd.testing.assert_frame_equal(by_table, by_splitter)
    # the tone reads only where the sentences lie (compare without a bias model reads no more)
    spans_only = st.sentences[["doc_id", "start", "end"]]
    by_spans = analysis.tone(corpus, actors=actors, sentences=spans_only, n_boot=50)
    pd.testing.assert_frame_equal(by_table, by_spans)
    assert by_table["n_sentences"].sum() > 0


def test_score_cli_writes_side_tables_and_compare_uses_them(tmp_path, monkeypatch):
    syn = analysis.synthetic_corpus(RATES, n_docs=4, seed=2)
    corpus_path = tmp_path / "corpus.parquet"
    analysis.write_corpus(syn.corpus, corpus_path)
    assert cli_main(["-q", "score", str(corpus_path), "-o", str(tmp_path / "hits.csv")]) == 0
    assert sorted(p.name for p in tmp_path.glob("hits*.csv")) == [
        "hits.attributions.csv", "hits.csv", "hits.sentences.csv", "hits.voice_tokens.csv",
    ]
    monkeypatch.setattr(
        analysis.comparison.inputs, "side_tables",
        lambda *a, **k: (_ for _ in ()).throw(AssertionError("read the text again")),
    )
    code = cli_main(["-q", "compare", str(corpus_path), "--hits", str(tmp_path / "hits.csv"),
                     "--n-boot", "50", "-o", str(tmp_path / "cmp")])
    assert code == 0 and (tmp_path / "cmp" / "rates.csv").is_file()
    # without actors or a bias model no table needs the sentences: compare does not read them
    read = []
    real = reading.ScoreTables.read.__func__
    monkeypatch.setattr(reading.ScoreTables, "read", classmethod(
        lambda cls, path, **kw: read.append(kw.get("skip", ())) or real(cls, path, **kw)))
    assert cli_main(["-q", "compare", str(corpus_path), "--hits", str(tmp_path / "hits.csv"),
                     "--n-boot", "50", "-o", str(tmp_path / "cmp2")]) == 0
    assert read == [("sentences",)]
    assert cli_main(["-q", "score", str(corpus_path), "--hits-only",
                     "-o", str(tmp_path / "only.csv")]) == 0
    assert sorted(p.name for p in tmp_path.glob("only*")) == ["only.csv"]


def test_scoring_parts_with_one_annotator_gives_the_tables_of_the_whole():
    from analysis.scoring.hits import annotator_candidates, default_annotator
    from analysis.scoring.reading import combine_score_tables, score_part

    corpus = analysis.load_corpus([analysis.config.DEMO_DIR])
    lexicon = analysis.load_lexicon(analysis.config.DEFAULT_LEXICON)
    whole = analysis.score_tables(corpus, lexicon)
    parts = [corpus.iloc[k : k + 17] for k in range(0, len(corpus), 17)]
    annotator = default_annotator([t for p in parts for t in annotator_candidates(p["text"])])
    combined = combine_score_tables([score_part(p, lexicon, annotator) for p in parts])
    for name in ("hits", "attributions", "voice_tokens", "sentences"):
        pd.testing.assert_frame_equal(getattr(combined, name), getattr(whole, name))
    hits_only = combine_score_tables(
        [score_part(p, lexicon, annotator, hits_only=True) for p in parts])
    pd.testing.assert_frame_equal(hits_only.hits, whole.hits)
    assert hits_only.attributions is None
