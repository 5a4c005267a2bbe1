"""The optional neural voice (analysis.voice.neural, analysis.evaluation.tagger_training, the
train-voice command). The parts that need PyTorch skip cleanly where the [neural] extras are not
installed (as in CI); what the product says without them is tested everywhere."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

import analysis.voice.neural as neural
from analysis.cli import main
from analysis.evaluation.polnear import POLNEAR_DIR
from tests.evaluation.test_polnear import TEXT_A, TEXT_B, write_split

needs_torch = pytest.mark.skipif(
    not neural.neural_available(), reason="the [neural] extras (torch, transformers) are not installed"
)


def test_without_the_extras_the_tagger_says_what_to_install(monkeypatch):
    monkeypatch.setattr(neural, "_spec", lambda name: name not in {"torch", "transformers"})
    assert not neural.neural_available()
    with pytest.raises(ImportError, match=r"torch, transformers: install them with .*\[neural\]"):
        neural.NeuralVoiceTagger().fit(["a b"], [np.array(["authorial"] * 2)],
                                       [np.array(["authorial"] * 2)])  # fmt: skip


def test_loading_names_a_missing_or_broken_tagger_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"voice_tagger.json: no neural voice tagger .*train-voice"):
        neural.load_voice_tagger(tmp_path)
    (tmp_path / neural.PARAMS_FILE).write_text(json.dumps({"params": {}}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a neural voice tagger description"):
        neural.load_voice_tagger(tmp_path)


def test_unfitted_tagger_refuses_to_tag_or_save(tmp_path):
    tagger = neural.NeuralVoiceTagger(window=64)
    assert tagger.get_params()["window"] == 64 and "window=64" in repr(tagger)
    with pytest.raises(RuntimeError, match="not fitted"):
        tagger.tag("a", np.array([[0, 1]]), np.array(["authorial"]))
    with pytest.raises(RuntimeError, match="not fitted"):
        tagger.save(tmp_path)


def test_reported_needs_its_share_of_the_voice_probability():
    # rows: summed probabilities of authorial, quoted, reported
    rows = np.array([[0.2, 0.1, 0.7], [0.35, 0.1, 0.55], [0.3, 0.2, 0.5], [0.1, 0.6, 0.3]])
    # the most probable voice
    assert neural._decide(rows, 0.0).tolist() == [2, 2, 2, 1]
    # reported needs 0.55 of the row: the third row (0.5) goes to authorial, the likelier other
    assert neural._decide(rows, 0.55).tolist() == [2, 2, 0, 1]
    # shares, not raw sums: the same rows scaled by 4 decide alike
    assert neural._decide(rows * 4, 0.55).tolist() == [2, 2, 0, 1]
    assert neural.NeuralVoiceTagger().get_params()["min_reported"] == 0.55


@pytest.mark.parametrize(
    ("extra", "message"),
    [(["--hits-only"], "drop --hits-only"),
     (["--workers", "2"], "voice_tagger.json: no neural voice tagger here")],
)
def test_score_refuses_a_voice_tagger_where_it_cannot_honour_it(tmp_path, capsys, extra, message):
    corpus = tmp_path / "a.txt"
    corpus.write_text("Lena Brik said the bridge would close.", encoding="utf-8")
    args = ["score", str(corpus), "--voice-tagger", str(tmp_path / "none"), *extra,
            "-o", str(tmp_path / "hits.csv")]  # fmt: skip
    assert main(args) != 0
    assert message in capsys.readouterr().err
    assert not (tmp_path / "hits.csv").exists()


def test_fitting_checks_that_every_word_has_its_voices():
    with pytest.raises(ValueError, match="2 texts, 1 voice arrays"):
        neural.NeuralVoiceTagger().fit(["a", "b"], [np.array(["authorial"])],
                                       [np.array(["authorial"])] * 2)  # fmt: skip


# --- with PyTorch ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_polnear(tmp_path_factory):
    root = tmp_path_factory.mktemp("datasets")
    write_split(root / POLNEAR_DIR, "train")
    write_split(root / POLNEAR_DIR, "dev")
    return root


@pytest.fixture(scope="module")
def fitted(tiny_polnear, tmp_path_factory):
    from analysis.evaluation.tagger_training import train_voice_tagger

    # the two tiny articles (17 words), learned by heart: many passes at a high learning rate
    tagger, provenance = train_voice_tagger(
        tiny_polnear, window=32, epochs=60, learning_rate=1e-3, batch_size=8, seed=0,
        speaker_holdout=0,  # one fit (two articles leave nothing to hold out)
    )
    folder = tmp_path_factory.mktemp("tagger")
    tagger.save(folder, provenance=provenance)
    return tagger, folder


@pytest.fixture
def articles(tmp_path):
    """A folder of the two tiny articles as text files, for ingest."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(TEXT_A + "\n", encoding="utf-8")
    (docs / "b.txt").write_text(TEXT_B + "\n", encoding="utf-8")
    return docs


@needs_torch
def test_a_tagger_fitted_on_two_articles_learns_their_voices(fitted):
    from analysis.voice.tagged import word_spans

    tagger, _ = fitted
    words = word_spans(TEXT_A)
    # Mayor Lind said | the bridge would reopen | Taxes rose; the rules' voices given as gold
    gold = ["authorial"] * 3 + ["reported"] * 4 + ["authorial"] * 2
    voices, named = tagger.tag(TEXT_A, words, np.array(gold, dtype=object))
    assert voices.tolist() == gold
    # the Source "Mayor Lind" names the speaker
    assert named.tolist() == [True, True] + [False] * 7
    assert tagger.with_sources_ and tagger.n_texts_ == 2
    assert tagger.n_steps_ == 60  # one batch of 2 windows a pass
    empty = tagger.tag("", np.zeros((0, 2), dtype=np.int64), np.array([]))
    assert [x.tolist() for x in empty] == [[], []]


@needs_torch
def test_saved_tagger_loads_to_the_same_voices_and_refuses_changed_weights(fitted, tmp_path):
    from analysis.voice.annotator import VoiceAnnotator

    tagger, folder = fitted
    info = json.loads((folder / neural.PARAMS_FILE).read_text(encoding="utf-8"))
    assert info["params"]["window"] == 32 and info["labels"] == ["authorial", "quoted", "reported"]
    assert "train split only: 2 articles" in info["provenance"]["source"]
    loaded = neural.load_voice_tagger(folder)
    for text in (TEXT_A, TEXT_B):
        assert (VoiceAnnotator(tagger=loaded).attributions(text)
                == VoiceAnnotator(tagger=tagger).attributions(text))  # fmt: skip
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    weights = copy / neural.WEIGHTS_FILE
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1
    weights.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="sha256 differs"):
        neural.load_voice_tagger(copy)


@needs_torch
def test_a_run_chooser_is_saved_in_the_description_and_loaded(fitted, tmp_path):
    from analysis.voice.learned import LinearModel

    tagger, folder = fitted
    assert not hasattr(neural.load_voice_tagger(folder), "run_speakers_")  # fitted without
    chooser = LinearModel({"isnamed=1": 1.5}, bias=-0.5, threshold=0.0)
    tagger.run_speakers_ = chooser
    try:
        tagger.save(tmp_path / "with")
    finally:
        del tagger.run_speakers_
    info = json.loads((tmp_path / "with" / neural.PARAMS_FILE).read_text(encoding="utf-8"))
    assert info["run_speakers"] == chooser.to_json()
    assert neural.load_voice_tagger(tmp_path / "with").run_speakers_ == chooser
    info["run_speakers"] = {"weights": {}}  # no bias, no threshold
    (tmp_path / "with" / neural.PARAMS_FILE).write_text(json.dumps(info), encoding="utf-8")
    with pytest.raises(ValueError, match="run speaker chooser is not readable"):
        neural.load_voice_tagger(tmp_path / "with")


@needs_torch
def test_validate_measures_the_tagger_beside_the_rules(tiny_polnear, fitted):
    from analysis.evaluation.suite import _validate_polnear

    _, folder = fitted
    manifest = {"inputs": {}, "counts": {}, "skipped": {}}
    tables = {"polnear_voice": []}
    _validate_polnear(tiny_polnear, ["dev"], None, 0, {"n_boot": 20, "seed": 0, "ci": 0.95},
                      manifest, tables, folder)  # fmt: skip
    rules, tagged = tables["polnear_voice"]
    assert set(rules["voice"]) == {"rules"} and set(tagged["voice"]) == {"rules+tagger"}
    acc = tagged.set_index("metric").loc["accuracy"]
    # dev is the same two articles here, learned by heart: every one of the 17 tokens right
    assert acc["estimate"] == 1.0 and acc["n"] == 17
    assert "dev (rules+tagger)" in manifest["counts"]["polnear"]


@needs_torch
def test_a_study_reads_voice_with_the_tagger_it_is_given(fitted, articles):
    import analysis
    from analysis.voice.annotator import VoiceAnnotator, attribution_table

    tagger, folder = fitted
    docs = articles
    study = analysis.study_tables([docs], voice_tagger=folder)
    reader = VoiceAnnotator(tagger=tagger).fit(study.corpus["text"].tolist())
    expected = attribution_table(study.corpus, annotator=reader)
    got = study.scored.attributions
    cols = ["start", "end", "kind", "speaker"]
    assert got[cols].astype(str).values.tolist() == expected[cols].astype(str).values.tolist()
    assert len(got) >= 1


@needs_torch
def test_a_loaded_tagger_travels_as_its_folder_and_reloads(fitted, tmp_path):
    import pickle

    from analysis.voice.tagged import word_spans

    _, folder = fitted
    loaded = neural.load_voice_tagger(folder)
    data = pickle.dumps(loaded)
    # the weights stay on disk: the pickle holds the folder and the description's sha256
    assert len(data) < 10_000 and loaded.source_ == str(folder.resolve())
    again = pickle.loads(data)
    words = word_spans(TEXT_A)
    rules = np.array(["authorial"] * len(words), dtype=object)
    assert [x.tolist() for x in again.tag(TEXT_A, words, rules)] == [
        x.tolist() for x in loaded.tag(TEXT_A, words, rules)]  # fmt: skip
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    moved = pickle.dumps(neural.load_voice_tagger(copy))
    described = json.loads((copy / neural.PARAMS_FILE).read_text(encoding="utf-8"))
    described["provenance"] = {"changed": True}
    (copy / neural.PARAMS_FILE).write_text(json.dumps(described), encoding="utf-8")
    with pytest.raises(ValueError, match="changed while in use"):
        pickle.loads(moved)


@needs_torch
def test_a_workspace_study_reads_voice_with_the_tagger_as_the_files_do(fitted, articles, tmp_path):
    import analysis

    _, folder = fitted
    docs = articles
    files = analysis.study_tables([docs], voice_tagger=folder).scored
    work = tmp_path / "work"
    stored = analysis.study_tables([docs], voice_tagger=folder, workspace=work).scored
    cols = ["doc_id", "start", "end", "kind", "speaker"]
    assert (stored.attributions[cols].astype(str).values.tolist()
            == files.attributions[cols].astype(str).values.tolist())  # fmt: skip
    # the same workspace read with the rules is built again, with the rules' spans
    rules = analysis.study_tables([docs], workspace=work).scored
    assert rules.attributions[cols].astype(str).values.tolist() == analysis.score_tables(
        analysis.study_tables([docs]).corpus).attributions[cols].astype(str).values.tolist()
