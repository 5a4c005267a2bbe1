"""What the notebooks compute with: the same tables from the input files and from a workspace,
and the workspace built once, reused, and rebuilt when the lexicon changes."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from analysis import config
from analysis.corpus.pipeline import ingest
from analysis.lexicons.files import load_lexicon
from analysis.scoring.hits import score
from analysis.workspace.datasets import INGEST_REPORT, read_ingest_report
from analysis.workspace.report_inputs import study_tables
from tests import FIXTURES

CORPUS = FIXTURES / "report" / "corpus"
SEED = config.DEFAULT_SEED


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """(from the files, from a workspace) for the fixture corpus and the default lexicon."""
    work = tmp_path_factory.mktemp("study") / "work"
    files = study_tables([CORPUS], config.DEFAULT_LEXICON, seed=SEED)
    stored = study_tables([CORPUS], config.DEFAULT_LEXICON, seed=SEED, workspace=work)
    return files, stored


def test_files_and_workspace_give_the_same_tables(both):
    files, stored = both
    assert files.workspace is None and stored.workspace.built == ["corpus", "hits"]
    # the fixture has near-duplicates, rejected records and hits: the comparison means something
    assert len(files.corpus) == 12 and len(files.canonical) == 10
    assert (files.ingest.report["status"] == "rejected").sum() == 2
    assert len(files.hits) == 35 and len(files.canonical_hits) == 31
    pd.testing.assert_frame_equal(stored.corpus, files.corpus)
    pd.testing.assert_frame_equal(stored.ingest.report, files.ingest.report)
    assert stored.ingest.summary() == files.ingest.summary()
    assert stored.lexicon.sha256 == files.lexicon.sha256
    for name, table in files.scored.tables().items():
        pd.testing.assert_frame_equal(stored.scored.tables()[name], table, obj=name)
    assert stored.hits.attrs == files.hits.attrs
    pd.testing.assert_frame_equal(stored.canonical, files.canonical)
    pd.testing.assert_frame_equal(stored.canonical_hits, files.canonical_hits)


def test_the_canonical_hits_are_what_scoring_the_canonical_documents_gives(both):
    # notebook 02 scored the canonical documents alone before it took this view
    files, _ = both
    want = score(files.canonical, load_lexicon(config.DEFAULT_LEXICON))
    pd.testing.assert_frame_equal(files.canonical_hits, want)
    assert want.attrs == files.canonical_hits.attrs


def test_the_ingest_report_is_stored_in_the_corpus_dataset(both):
    _, stored = both
    corpus = stored.workspace.corpus
    assert (corpus / INGEST_REPORT).is_file()
    pd.testing.assert_frame_equal(read_ingest_report(corpus), ingest([CORPUS], seed=SEED).report)
    with pytest.raises(ValueError, match="no ingest report in this hits dataset"):
        read_ingest_report(stored.workspace.hits)


def test_a_workspace_is_reused_and_rebuilt_when_the_lexicon_changes(tmp_path):
    lexicon = tmp_path / "terms.csv"
    shutil.copy(config.DEFAULT_LEXICON, lexicon)
    work = tmp_path / "work"
    first = study_tables([CORPUS], lexicon, seed=SEED, workspace=work)
    assert first.workspace.built == ["corpus", "hits"]
    stamp = (work / "corpus" / "part-00000.parquet").stat().st_mtime_ns
    again = study_tables([CORPUS], lexicon, seed=SEED, workspace=work)
    assert again.workspace.built == []
    assert (work / "corpus" / "part-00000.parquet").stat().st_mtime_ns == stamp
    lexicon.write_text("term,category\ngenocide,atrocity\n", encoding="utf-8")
    changed = study_tables([CORPUS], lexicon, seed=SEED, workspace=work)
    assert changed.workspace.built == ["hits"]
    assert set(changed.hits["term"]) == {"genocide"}
    assert (work / "corpus" / "part-00000.parquet").stat().st_mtime_ns == stamp


def test_the_lexicon_is_loaded_only_when_a_page_uses_it(tmp_path):
    # the corpus page reads no lexicon: a broken one fails the pages that score, not that one
    bad = tmp_path / "bad.csv"
    bad.write_text("term\ngenocide\n", encoding="utf-8")
    tables = study_tables([CORPUS], bad, seed=SEED)
    assert len(tables.corpus) == 12
    with pytest.raises(ValueError, match="category"):
        tables.hits  # noqa: B018 - the property loads the lexicon
