"""Lexicon induction measured on BABE's design (analysis.evaluation.babe_induction): invented
sentences for exact checks; the real BABE file, on a sample, when ../shared is present."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import config

LOADED = ["awful", "disgraceful", "shameful", "reckless", "outrageous", "vile"]
PLAIN = ["new", "annual", "quarterly", "final", "revised", "local"]


def invented_babe(n_articles: int = 40) -> pd.DataFrame:
    """BABE-like invented sentences: two per article; a Biased one uses a loaded adjective,
    which the "experts" marked; a Non-biased one a plain adjective. Columns as read_babe's."""
    rows = []
    for a in range(n_articles):
        for k in range(2):
            biased = (a + k) % 2 == 0
            adj = (LOADED if biased else PLAIN)[(a * 2 + k) % 6]
            rows.append(
                {
                    "doc_id": f"S-{a}-{k}",
                    "outlet": f"Outlet {a % 4}",
                    "text": f"The council published its {adj} budget report on item {a}.",
                    "marked_words": [adj] if biased else [],
                    "cluster": f"https://example.org/{a}",
                    "label_bias": "Biased" if biased else "Non-biased",
                }
            )
    df = pd.DataFrame(rows)
    corpus = analysis.coerce_corpus(df.drop(columns=["marked_words", "cluster", "label_bias"]))
    for col in ("marked_words", "cluster", "label_bias"):
        corpus[col] = df[col].to_numpy()
    corpus["is_biased"] = corpus["label_bias"] == "Biased"
    return corpus


def test_folds_keep_articles_together_and_cover_every_sentence():
    babe = invented_babe()
    folds = analysis.babe_folds(babe, seed=7)
    assert len(folds) == analysis.BABE_FOLDS
    test_rows = np.concatenate([te for _, te in folds])
    assert sorted(test_rows.tolist()) == list(range(len(babe)))
    fold_of = np.empty(len(babe), int)
    for f, (_, te) in enumerate(folds):
        fold_of[te] = f
    assert pd.Series(fold_of).groupby(babe["cluster"].to_numpy()).nunique().max() == 1
    again = analysis.babe_folds(babe, seed=7)
    assert all((a[1] == b[1]).all() for a, b in zip(folds, again, strict=True))


def test_induced_lexicon_table_on_invented_sentences():
    babe = invented_babe()
    table, info = analysis.babe_induced_lexicon(babe, seed=7, n_boot=100)
    assert table.columns[:3].tolist() == ["method", "fold", "n_terms"]
    assert table["fold"].tolist() == ["0", "1", "2", "3", "4", "pooled"] * 2
    pooled = table[table["fold"] == "pooled"].set_index("method")
    # 40 Biased sentences, one marked word each: 40 marked tokens in all
    assert (pooled["n_marked"] == 40).all()
    folds = table[table["fold"] != "pooled"].groupby("method")
    # the pooled row counts every held-out hit once, each from its own fold's lexicon
    for col in ("n_flagged", "n_flagged_marked", "n_marked", "n_sentences"):
        assert (folds[col].sum().sort_index() == pooled[col].sort_index()).all()
    # F1 = 2 |P∩G| / (|P| + |G|), inside its interval
    f1 = 2 * table["n_flagged_marked"] / (table["n_flagged"] + table["n_marked"])
    assert np.allclose(table["f1"], f1)
    assert ((table["f1_low"] <= table["f1"] + 1e-12) & (table["f1"] <= table["f1_high"] + 1e-12)).all()
    # six loaded adjectives, each marked in every sentence using it: learned from training folds
    assert pooled.loc["induced (tuned marked rate)", "f1"] > 0.9
    assert len(info["chosen_per_fold"]) == 5 and sum(info["fold_sizes"]) == len(babe)


@pytest.fixture(scope="module")
def real_sample():
    if not (config.DATASETS_DIR / analysis.BABE_FILE).is_file():
        pytest.skip(f"validation datasets not found at {config.DATASETS_DIR}")
    babe = analysis.read_babe()
    keep = sorted(babe["cluster"].unique())[::10]  # every tenth article: about 210
    return babe[babe["cluster"].isin(set(keep))].reset_index(drop=True)


def test_real_babe_sample_induction(real_sample):
    table, info = analysis.babe_induced_lexicon(real_sample, n_boot=50)
    pooled = table[table["fold"] == "pooled"].set_index("method")
    assert (pooled["n_sentences"] == len(real_sample)).all()
    # about 370 sentences cannot reach the full data's 0.41, but an induced lexicon finds marked
    # words far better than chance and than nothing
    assert 0.1 < pooled.loc["induced (tuned marked rate)", "f1"] < 0.6
    assert info["chosen_per_fold"][0]["threshold"] in analysis.MARKED_INDUCER_GRID["threshold"]
