"""The sentence bias model measured and trained on BABE's design
(analysis.evaluation.babe_classifier): invented sentences for exact checks; the real BABE file,
on a sample, when ../shared is present."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import f1_score

import analysis
from analysis import config
from analysis.cli import main
from tests.evaluation.test_babe_induction import invented_babe


def test_macro_f1_interval_matches_sklearn_and_resamples_articles():
    y = np.array(["B", "B", "N", "N", "B", "N", "B", "N"])
    p = np.array(["B", "N", "N", "N", "B", "B", "B", "N"])
    f1, lo, hi = analysis.macro_f1_interval(y, p, n_boot=500, seed=1)
    # B: tp 3, fp 1, fn 1 -> 6/8; N: tp 3, fp 1, fn 1 -> 6/8; macro 0.75
    assert f1 == pytest.approx(0.75) == pytest.approx(f1_score(y, p, average="macro"))
    assert lo <= f1 <= hi
    clusters = [0, 0, 1, 1, 2, 2, 3, 3]
    again = analysis.macro_f1_interval(y, p, clusters=clusters, n_boot=500, seed=1)
    assert again[0] == f1
    assert again == analysis.macro_f1_interval(y, p, clusters=clusters, n_boot=500, seed=1)


def test_ablation_on_invented_sentences():
    babe = invented_babe()
    table, info = analysis.babe_classifier(babe, seed=7, n_boot=100)
    assert table.columns[:5].tolist() == ["model", "macro_f1", "ci_low", "ci_high", "n"]
    assert table["model"].tolist() == list(analysis.BIAS_MODELS)
    assert (table["n"] == 80).all() and (table["n_articles"] == 40).all()
    assert ((table["ci_low"] <= table["macro_f1"]) & (table["macro_f1"] <= table["ci_high"])).all()
    # the loaded adjectives are learned from the training folds' marked words
    both = table.set_index("model").loc["both (n-grams + induced lexicon)"]
    assert both["macro_f1"] > 0.9
    assert set(info["seconds_per_model"]) == set(analysis.BIAS_MODELS)


def test_cross_validation_predicts_each_article_in_one_fold():
    babe = invented_babe()
    folds = analysis.babe_folds(babe, seed=7)
    models = {"lex": lambda: analysis.make_bias_model(ngrams=(), lexicon="induced")}
    _, pred = analysis.cross_validate_bias_model(babe, models, folds, n_boot=20)
    assert set(pred["fold"]) == set(range(5))
    assert pred.groupby(babe["cluster"].to_numpy())["fold"].nunique().max() == 1
    assert set(pred["lex"]) <= {"Biased", "Non-biased"}


def write_babe_csv(root, babe: pd.DataFrame) -> None:
    path = root / analysis.BABE_FILE
    path.parent.mkdir(parents=True)
    pd.DataFrame(
        {
            "sentence_id": babe["doc_id"], "text": babe["text"], "news_link": babe["cluster"],
            "outlet": babe["outlet"], "topic": "test", "type": "", "type_filled": "",
            "label_bias": babe["label_bias"], "label_opinion": "",
            "biased_words": babe["marked_words"].map(json.dumps),
            "n_biased_words": babe["marked_words"].map(len),
        }
    ).to_csv(path, index=False)  # fmt: skip


def test_train_bias_writes_a_model_with_its_score_and_caveat(tmp_path):
    babe = invented_babe()
    write_babe_csv(tmp_path / "datasets", babe)
    out = tmp_path / "models" / "bias_model.json"
    args = ["-q", "train-bias", "--data", str(tmp_path / "datasets"), "--n-boot", "50",
            "--seed", "7", "-o", str(out)]  # fmt: skip
    assert main(args) == 0
    model = analysis.load_bias_model(out)
    prov = model.provenance
    assert prov["cv"]["n"] == 80 and prov["cv"]["folds"] == 5 and prov["seed"] == 7
    assert prov["cv"]["ci_low"] <= prov["cv"]["macro_f1"] <= prov["cv"]["ci_high"]
    assert prov["inputs"][0]["sha256"] == analysis.file_sha256(
        tmp_path / "datasets" / analysis.BABE_FILE
    )
    assert prov["caveat"] == analysis.BABE_MODEL_CAVEAT
    caveat = analysis.bias_model_caveat(model)
    assert "US political news" in caveat and "may not transfer" in caveat
    assert "macro-F1" in caveat
    assert model.predict(["The council published its vile budget report on item 99."]).tolist() == [
        True
    ]
    assert main(["-q", "train-bias", "--data", str(tmp_path), "-o", str(tmp_path / "m.txt")]) == 1


def test_real_babe_sample_classifier():
    if not (config.DATASETS_DIR / analysis.BABE_FILE).is_file():
        pytest.skip(f"validation datasets not found at {config.DATASETS_DIR}")
    babe = analysis.read_babe()
    keep = sorted(babe["cluster"].unique())[::10]  # every tenth article: about 210
    sample = babe[babe["cluster"].isin(set(keep))].reset_index(drop=True)
    models = {"n-grams": lambda: analysis.make_bias_model(lexicon=None)}
    table, _ = analysis.cross_validate_bias_model(
        sample, models, analysis.babe_folds(sample), n_boot=50
    )
    # about 370 sentences: well above chance, below the full data's 0.74
    assert 0.55 < table["macro_f1"].iloc[0] < 0.85
