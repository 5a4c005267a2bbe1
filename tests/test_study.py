"""analysis.study: a study file's keys, paths relative to it, and clear errors (issue 12)."""

from __future__ import annotations

import hashlib

import pytest

from analysis import config
from analysis.reporting.build import report_parameters
from analysis.study import StudyError, load_study


def _study(tmp_path, body: str):
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / "a.jsonl").write_text('{"text": "x"}\n')
    (tmp_path / "lex.csv").write_text("term,category\nx,c\n")
    (tmp_path / "events.csv").write_text("date,label\n2023-01-01,E\n")
    path = tmp_path / "study.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_keys_and_paths_relative_to_the_file(tmp_path):
    path = _study(tmp_path, 'title = "T"\ncorpus = ["docs"]\nlexicon = "lex.csv"\nnaming = false\n'
                            'actors = false\nby = "section"\nperiod = "m"\nevents = "events.csv"\n'
                            "seed = 3\nn_boot = 50\n")
    st = load_study(path)
    assert st.corpus == [tmp_path / "docs"] and st.lexicon == [tmp_path / "lex.csv"]
    assert st.naming is False and st.actors is False
    assert (st.by, st.period, st.seed, st.n_boot, st.title) == ("section", "M", 3, 50, "T")
    assert st.events == tmp_path / "events.csv"
    assert st.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("body", "message"), [
    ('lexcon = "lex.csv"\n', r"unknown key\(s\) lexcon"),
    ('corpus = ["nowhere"]\n', "'corpus' names .*nowhere, which does not exist"),
    ("seed = \"seven\"\n", "'seed' must be a int"),
    ('period = "fortnight"\n', "'period' = 'fortnight' is not allowed"),
    ("naming = true\n", "'naming' must be a path or false"),
    ("title = [\n", "not a TOML file"),
])
def test_errors_name_the_file_and_the_key(tmp_path, body, message):
    path = _study(tmp_path, body)
    with pytest.raises(StudyError, match=message) as err:
        load_study(path)
    assert str(path) in str(err.value)


def test_report_parameters_from_a_study_and_flags(tmp_path):
    path = _study(tmp_path, 'corpus = ["docs"]\nlexicon = "lex.csv"\nnaming = false\nactors = false\n')
    params = report_parameters(tmp_path / "out", study=path)
    assert params["corpus_paths"] == [str(tmp_path / "docs")]
    assert params["lexicon_path"] == str(tmp_path / "lex.csv")
    assert params["naming_path"] is None and params["actors_paths"] == []
    assert params["study_path"] == str(path) and params["title"] == "Framing analysis"
    # a flag overrides the file
    again = report_parameters(None, study=path, by="section", lexicon=config.DEFAULT_LEXICON)
    assert again["by"] == "section" and again["lexicon_path"] == str(config.DEFAULT_LEXICON)


def test_naming_and_actors_come_with_the_demo_corpus_only(tmp_path):
    demo = report_parameters(None)
    assert demo["naming_path"] == str(config.DEFAULT_NAMING) and len(demo["actors_paths"]) == 2
    other = report_parameters(None, corpus=[tmp_path])
    assert other["naming_path"] is None and other["actors_paths"] == []
    no_naming = report_parameters(None, naming=False)
    assert no_naming["naming_path"] is None and len(no_naming["actors_paths"]) == 2
    given = report_parameters(None, corpus=[tmp_path], naming=config.DEFAULT_NAMING)
    assert given["naming_path"] == str(config.DEFAULT_NAMING)


def test_the_shipped_study_files_load():
    for name in ("demo_study.toml", "housing_study.toml"):
        st = load_study(config.DATA_DIR / name)
        assert st.corpus and st.lexicon


def test_a_workspace_is_a_folder_relative_to_the_file_that_need_not_exist(tmp_path):
    path = _study(tmp_path, 'corpus = ["docs"]\nworkspace = "work"\n')
    assert load_study(path).workspace == tmp_path / "work"
    assert not (tmp_path / "work").exists()
    assert report_parameters(None, study=path)["workspace"] == str(tmp_path / "work")
    # a flag overrides the file; no workspace anywhere: None
    flag = report_parameters(None, study=path, workspace=tmp_path / "elsewhere")
    assert flag["workspace"] == str(tmp_path / "elsewhere")
    assert report_parameters(None, corpus=[tmp_path / "docs"])["workspace"] is None
    (tmp_path / "file").write_text("x")
    for body, message in [("workspace = 3\n", "'workspace' must be a path"),
                          ('workspace = "file"\n', "which is not a folder")]:
        with pytest.raises(StudyError, match=message):
            load_study(_study(tmp_path, body))


def test_a_voice_tagger_from_the_study_file_reaches_the_notebooks_and_the_provenance(tmp_path):
    from analysis.reporting.provenance import provenance

    tagger = tmp_path / "tagger"
    tagger.mkdir()
    (tagger / "voice_tagger.json").write_text('{"weights": {"sha256": "ab"}}\n', encoding="utf-8")
    path = _study(tmp_path, 'corpus = ["docs"]\nlexicon = "lex.csv"\nvoice_tagger = "tagger"\n')
    assert load_study(path).voice_tagger == tagger
    params = report_parameters(None, study=path)
    assert params["voice_tagger_path"] == str(tagger)
    assert report_parameters(None)["voice_tagger_path"] is None  # the rules by default
    record = provenance(params)
    described = tagger / "voice_tagger.json"
    assert {"role": "voice tagger", "path": str(described),
            "sha256": hashlib.sha256(described.read_bytes()).hexdigest()} in record["files"]
    # a tagger folder that does not exist is the study file's error, named
    missing = _study(tmp_path, 'voice_tagger = "nowhere"\n')
    with pytest.raises(StudyError, match="'voice_tagger' names .*nowhere, which does not exist"):
        load_study(missing)


def test_a_workspace_scored_by_the_rules_is_not_up_to_date_for_a_tagger():
    from analysis.lexicons.files import load_lexicon
    from analysis.workspace.build import hits_record

    lex = load_lexicon(config.DEFAULT_LEXICON)
    rules = hits_record("c0ffee", lex)
    tagged = hits_record("c0ffee", lex, voice_tagger="ab" * 32)
    assert "voice_tagger_sha256" not in rules and tagged["voice_tagger_sha256"] == "ab" * 32
    assert {k: v for k, v in tagged.items() if k != "voice_tagger_sha256"} == rules


def test_hits_scored_with_another_voice_model_are_not_up_to_date(tmp_path, monkeypatch):
    from analysis.lexicons.files import load_lexicon
    from analysis.lexicons.provenance import file_sha256
    from analysis.voice import learned
    from analysis.workspace.build import hits_record

    lex = load_lexicon(config.DEFAULT_LEXICON)
    shipped = hits_record("c0ffee", lex)
    assert shipped["voice_model_sha256"] == file_sha256(learned.VOICE_MODEL_FILE)
    other = tmp_path / "voice_model.json"
    other.write_text("{}", encoding="utf-8")  # a refitted model: other bytes
    monkeypatch.setattr(learned, "VOICE_MODEL_FILE", other)
    refitted = hits_record("c0ffee", lex)
    assert refitted["voice_model_sha256"] == file_sha256(other) != shipped["voice_model_sha256"]
    monkeypatch.setattr(learned, "VOICE_MODEL_FILE", tmp_path / "absent.json")
    assert hits_record("c0ffee", lex)["voice_model_sha256"] is None  # the rules alone


def test_datasets_built_by_other_code_are_not_up_to_date(tmp_path):
    from analysis.lexicons.files import load_lexicon
    from analysis.workspace.build import (
        CORPUS_CODE,
        HITS_CODE,
        code_sha256,
        corpus_record,
        hits_record,
    )

    (tmp_path / "voice").mkdir()
    (tmp_path / "voice" / "rules.py").write_text("SAID = 1\n", encoding="utf-8")
    (tmp_path / "voice" / "notes.txt").write_text("not code", encoding="utf-8")
    before = code_sha256(("voice",), tmp_path)
    (tmp_path / "voice" / "notes.txt").write_text("other words", encoding="utf-8")
    code_sha256.cache_clear()  # read once per process: forget, as a new process would
    assert code_sha256(("voice",), tmp_path) == before  # only Python source counts
    (tmp_path / "voice" / "rules.py").write_text("SAID = 2\n", encoding="utf-8")
    code_sha256.cache_clear()
    assert code_sha256(("voice",), tmp_path) != before  # a changed rule: another digest
    # the records name the code of their stage
    corpus = tmp_path / "a.txt"
    corpus.write_text("Some text.", encoding="utf-8")
    assert corpus_record([corpus])["code_sha256"] == code_sha256(CORPUS_CODE)
    lex = load_lexicon(config.DEFAULT_LEXICON)
    assert hits_record("c0ffee", lex)["code_sha256"] == code_sha256(HITS_CODE)
    assert code_sha256(CORPUS_CODE) != code_sha256(HITS_CODE)
