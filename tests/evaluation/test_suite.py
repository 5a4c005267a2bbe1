"""Validation against human annotations (analysis.validation).

Hand-made fixtures (tests/fixtures/validation/, written for this project) carry the exact
values, worked out by hand in the comments; the real datasets (../shared/datasets, read by path,
skipped when absent) are used on a small sample for structural checks.
"""

from __future__ import annotations

import json
import math
import shutil

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

import analysis
import analysis as V
from analysis.corpus.schema import coerce_corpus
from analysis.lexicons.files import Lexicon
from analysis.lexicons.terms import LexiconError
from analysis.stats.intervals import bootstrap_weights, percentile_interval
from analysis.voice.annotator import VoiceAnnotator
from tests.evaluation.test_polnear import write_split

TERMS = ["radical", "regime", "slammed", "terrorist", "ethnic cleansing"]


@pytest.fixture
def vdir(fixtures_dir):
    return fixtures_dir / "validation"


@pytest.fixture
def babe(vdir):
    return V.read_babe(vdir / "babe_tiny.csv")


@pytest.fixture
def lex():
    return Lexicon.from_frame(pd.DataFrame({"term": TERMS, "category": "loaded"}), name="tiny")


@pytest.fixture
def hits(babe, lex):
    return analysis.score(babe, lex, annotator=VoiceAnnotator())


def row(df, **where):
    sel = df
    for k, v in where.items():
        sel = sel[sel[k] == v]
    assert len(sel) == 1, f"expected one row for {where}, got {len(sel)}"
    return sel.iloc[0]


# ------------------------------------------------------------------------------------ reading


def test_read_babe_builds_a_corpus_and_reports_no_agreement(babe, caplog):
    assert babe["doc_id"].tolist() == ["T-1", "T-2", "T-3", "T-4", "T-5", "T-6"]
    assert babe.attrs["left_out"] == {"No agreement": ["T-7"]}
    assert babe["is_biased"].tolist() == [True, False, True, True, False, True]
    assert babe.loc[2, "marked_words"] == ["cleansing", "disgrace"]
    # T-1 and T-2 come from one article; T-6 has no link and is its own cluster
    assert babe.loc[0, "cluster"] == babe.loc[1, "cluster"] == "https://a.example/1"
    assert babe.loc[5, "cluster"] == "sentence:T-6"
    # token counts by hand: "The radical regime slammed the deal" = 6, "Critics called it
    # ethnic cleansing and a disgrace" = 8, "A terrorist attack left the town reeling the mayor
    # said" = 10
    assert babe["n_tokens"].tolist() == [6, 6, 8, 6, 4, 10]
    analysis.validate_corpus(babe)


@pytest.mark.parametrize(
    "cell, message",
    [
        ('"[""radical"""', "sentence T-1: biased_words is not a JSON list"),
        ('"{""a"": 1}"', "sentence T-1: biased_words must be a JSON list of strings"),
    ],
)
def test_read_babe_names_file_and_sentence_for_bad_word_lists(tmp_path, cell, message):
    path = tmp_path / "b.csv"
    path.write_text(
        "sentence_id,text,outlet,label_bias,biased_words\n"
        f"T-1,The radical regime.,A,Biased,{cell}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match=message) as err:
        V.read_babe(path)
    assert str(path) in str(err.value)


def test_read_babe_refuses_unknown_labels_missing_columns_and_empty_text(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text(
        "sentence_id,text,outlet,label_bias,biased_words\nT-1,Text.,A,Maybe,[]\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"unknown value\(s\) \['Maybe'\]"):
        V.read_babe(path)
    path.write_text("sentence_id,text,outlet,biased_words\nT-1,Text.,A,[]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"missing column\(s\) label_bias"):
        V.read_babe(path)
    path.write_text(
        "sentence_id,text,outlet,label_bias,biased_words\nT-1, ,A,Biased,[]\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"empty text in sentence\(s\) T-1"):
        V.read_babe(path)
    with pytest.raises(FileNotFoundError, match="BABE file not found"):
        V.read_babe(tmp_path / "absent.csv")


def test_read_allsides_strips_truncation_and_keeps_pairs(vdir):
    arts = V.read_allsides(vdir / "allsides_tiny.csv")
    assert arts["doc_id"].tolist() == ["1:left", "1:right", "2:left", "2:center", "2:right"]
    # AllSides' "..." and "…" are its cut, not the outlet's words
    assert arts.loc[0, "text"] == "The radical plan failed.\nOfficials said it was a disaster"
    assert arts.loc[3, "text"] == "The vote passed"
    assert arts["opinion_tag"].isna().tolist() == [True, True, False, True, True]
    assert arts["event_id"].tolist() == ["1", "1", "2", "2", "2"]


def test_read_allsides_refuses_unknown_sides_and_repeated_pairs(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("event_id,side,source,body_excerpt\n1,middle,X,Text\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"row\(s\) 2: side must be one of left, center, right"):
        V.read_allsides(path)
    path.write_text(
        "event_id,side,source,body_excerpt\n1,left,X,Text\n1,left,Y,Other\n", encoding="utf-8"
    )
    with pytest.raises(ValueError, match=r"\(event, side\) repeated: 1:left"):
        V.read_allsides(path)


# ----------------------------------------------------------------------------------- lexicon


def test_recasens_lexicon_inflects_lemmas_and_cleans_the_list(tmp_path, caplog):
    path = tmp_path / "bias-lexicon_og.txt"
    path.write_text("# a comment\nabuse\nAbuse\ns\nstop\nnew\ntry\nfar-right\n\n", "utf-8")
    with caplog.at_level("INFO"):
        lex = V.recasens_lexicon(path)
    terms = lex.entries["term"].tolist()
    # lemmas first, in file order ("Abuse" repeats "abuse"; "s" is left out), then the regular
    # inflections of each (see regular_inflections): e-final abuse -> abuses, abused, abusing; CVC stop
    # -> stops, stoped, stoping, stopped, stopping; y-final try -> tries, tried, trying; "news"
    # is not a form of "new"; a multiword term inflects its last word.
    assert terms == [
        "abuse", "stop", "new", "try", "far-right",
        "abuses", "abused", "abusing",
        "stops", "stoped", "stoping", "stopped", "stopping",
        "newed", "newing",
        "tries", "tried", "trying",
        "far-rights", "far-righted", "far-righting",
    ]  # fmt: skip
    assert set(lex.entries["category"]) == {"recasens2013"}
    assert set(lex.entries["weight"]) == {1.0}
    assert row(lex.entries, term="abused")["note"] == "form of abuse"
    assert row(lex.entries, term="abused")["source"] == "bias-lexicon_og.txt line 2"
    assert lex.name == "recasens2013_bias_lexicon_og"
    assert lex.provenance["left_out"] == ["s"] and lex.provenance["repeats"] == 1
    assert "left out single-letter entries ['s']" in caplog.text
    plain = V.recasens_lexicon(path, inflect=False)
    assert plain.entries["term"].tolist() == ["abuse", "stop", "new", "try", "far-right"]
    assert plain.name.endswith("_lemmas")


def test_recasens_lexicon_names_file_and_line_of_a_bad_entry(tmp_path):
    path = tmp_path / "lex.txt"
    path.write_text("abuse\nhttp://x/y\n", "utf-8")
    with pytest.raises(LexiconError, match=r"lex.txt: line 2: term 'http://x/y' contains"):
        V.recasens_lexicon(path)


def test_recasens_lexicon_matches_inflected_forms_in_text(tmp_path):
    path = tmp_path / "lex.txt"
    path.write_text("accuse\nregime\n", "utf-8")
    corpus = coerce_corpus(
        pd.DataFrame(
            {
                "doc_id": ["d"],
                "outlet": ["o"],
                "text": ["He accused the regime’s allies; accusing regimes is easy."],
            }
        )
    )
    got = analysis.score(corpus, V.recasens_lexicon(path), annotator=VoiceAnnotator())
    assert got["matched"].tolist() == ["accused", "regime", "accusing", "regimes"]
    plain = analysis.score(corpus, V.recasens_lexicon(path, inflect=False))
    assert plain["matched"].tolist() == ["regime"]


# ------------------------------------------------------------------ marked words: by hand


def test_hits_of_the_fixture_are_as_read_by_hand(hits):
    # T-1: radical, regime, slammed (authorial); T-2: regime (reported: "Officials said ...");
    # T-3: ethnic cleansing (quoted); T-4: radical; T-6: terrorist (reported: "the mayor said")
    assert list(zip(hits["doc_id"], hits["matched"], hits["voice"], strict=True)) == [
        ("T-1", "radical", "authorial"),
        ("T-1", "regime", "authorial"),
        ("T-1", "slammed", "authorial"),
        ("T-2", "regime", "reported"),
        ("T-3", "ethnic cleansing", "quoted"),
        ("T-4", "radical", "authorial"),
        ("T-6", "terrorist", "reported"),
    ]


def test_marked_word_overlap_by_hand(babe, hits):
    got = V.marked_word_overlap(babe, hits, n_boot=200)
    # Token level, per sentence P (tokens under hits) and G (marked tokens):
    #   T-1 P={radical, regime, slammed} G={radical, slammed}  |P∩G|=2
    #   T-2 P={regime}                   G={}                  0
    #   T-3 P={ethnic, cleansing}        G={cleansing, disgrace} 1
    #   T-4 P={radical}                  G={radical} ("Radical" lower-cased) 1
    #   T-5 P={}                         G={}                  0
    #   T-6 P={terrorist}                G={terrorist, reeling} 1
    # ΣP = 3+1+2+1+0+1 = 8, Σ|P∩G| = 5, ΣG = 2+0+2+1+0+2 = 7
    tok = row(got, level="token", subset="all")
    assert (tok["n_predicted"], tok["n_predicted_correct"], tok["n_gold"]) == (8, 5, 7)
    assert tok["precision"] == pytest.approx(5 / 8)
    assert tok["recall"] == pytest.approx(5 / 7)
    assert tok["f1"] == pytest.approx(2 * (5 / 8) * (5 / 7) / (5 / 8 + 5 / 7))
    assert tok["n_sentences"] == 6 and tok["n_gold_unreachable"] == 0
    # Span level: 7 hits; correct = radical, slammed (T-1), ethnic cleansing (covers
    # "cleansing", T-3), radical (T-4), terrorist (T-6) = 5 -> 5/7. Marked words: 7 (radical,
    # slammed, cleansing, disgrace, Radical, terrorist, reeling); found = all but disgrace and
    # reeling = 5 -> 5/7.
    span = row(got, level="span", subset="all")
    assert (span["n_predicted"], span["n_predicted_correct"]) == (7, 5)
    assert (span["n_gold"], span["n_gold_found"]) == (7, 5)
    assert span["precision"] == pytest.approx(5 / 7) and span["recall"] == pytest.approx(5 / 7)
    # Biased subset (T-1, T-3, T-4, T-6): token P = 3+2+1+1 = 7, |P∩G| = 5, G = 7 (every
    # marked word is in a Biased sentence)
    biased = row(got, level="token", subset="Biased")
    assert biased["precision"] == pytest.approx(5 / 7) and biased["recall"] == pytest.approx(5 / 7)
    # Non-biased (T-2, T-5): one predicted token, nothing marked: precision 0, recall 0/0
    nb = row(got, level="token", subset="Non-biased")
    assert nb["precision"] == 0 and math.isnan(nb["recall"])
    for _, r in got.dropna(subset=["precision_low"]).iterrows():
        assert r["precision_low"] <= r["precision"] <= r["precision_high"]


def test_marked_words_are_compared_case_and_apostrophe_folded():
    corpus = coerce_corpus(
        pd.DataFrame(
            {"doc_id": ["d"], "outlet": ["o"], "text": ["Trump’s aides left."], "cluster": ["c"]}
        )
    )
    corpus["marked_words"] = [["Trump's"]]
    lex = Lexicon.from_frame(pd.DataFrame({"term": ["trump"], "category": "x"}))
    hits = analysis.score(corpus, lex, annotator=VoiceAnnotator())
    got = V.marked_word_overlap(corpus, hits, label=None, n_boot=10)
    # the hit "Trump" lies in the token "Trump’s", normalised "trump" = the marked "Trump's"
    assert row(got, level="token")["precision"] == 1 and row(got, level="token")["recall"] == 1


def test_marked_word_voices_by_hand(babe):
    got = V.marked_word_voices(babe, annotator=VoiceAnnotator(), n_boot=200)
    # authorial: radical, slammed (T-1), Radical (T-4) = 3; quoted: cleansing (T-3) = 1;
    # reported: disgrace ("Critics called it ... a disgrace"), terrorist, reeling (T-6) = 3
    counts = got[got["subset"] == "all"].set_index("voice")["n"].to_dict()
    assert counts == {
        "authorial": 3,
        "quoted": 1,
        "reported": 3,
        "mixed": 0,
        "quoted+reported": 4,
    }
    assert row(got, subset="all", voice="quoted+reported")["share"] == pytest.approx(4 / 7)
    assert set(got["n_total"][got["subset"] == "all"]) == {7}
    assert set(got["n_not_located"]) == {0}


def test_token_voices_by_hand(babe):
    got = V.token_voices(babe, annotator=VoiceAnnotator(), n_boot=200)
    allrows = got[got["subset"] == "all"].set_index("voice")
    # Voices of the 40 tokens (see test_hits...): quoted = "ethnic cleansing" (2); reported =
    # T-2 "the regime was stable" (4), T-3 "it and a disgrace" (4), T-6 everything but "the
    # mayor said" (7) = 15; authorial = 40 - 2 - 15 = 23. Marked: authorial radical, slammed,
    # radical = 3; quoted cleansing = 1; reported disgrace, terrorist, reeling = 3.
    assert allrows["n_tokens"].to_dict() == {"authorial": 23, "quoted": 2, "reported": 15}
    assert allrows["n_marked"].to_dict() == {"authorial": 3, "quoted": 1, "reported": 3}
    assert allrows.loc["quoted", "marked_share"] == pytest.approx(0.5)
    assert allrows.loc["reported", "marked_share"] == pytest.approx(3 / 15)


def test_voice_token_counts_by_hand(babe):
    got = V.voice_token_counts(babe, annotator=VoiceAnnotator())
    # the token voices listed in test_token_voices_by_hand, per sentence
    assert got.set_index("doc_id").to_dict("index") == {
        "T-1": {"authorial_tokens": 6, "quoted_tokens": 0, "reported_tokens": 0},
        "T-2": {"authorial_tokens": 2, "quoted_tokens": 0, "reported_tokens": 4},
        "T-3": {"authorial_tokens": 2, "quoted_tokens": 2, "reported_tokens": 4},
        "T-4": {"authorial_tokens": 6, "quoted_tokens": 0, "reported_tokens": 0},
        "T-5": {"authorial_tokens": 4, "quoted_tokens": 0, "reported_tokens": 0},
        "T-6": {"authorial_tokens": 3, "quoted_tokens": 0, "reported_tokens": 7},
    }


def test_hit_voices_by_hand(babe, hits):
    got = V.hit_voices(babe, hits, n_boot=200)
    # all 7 hits: authorial 4 (T-1 x3, T-4), quoted 1 (T-3), reported 2 (T-2, T-6)
    every = got[got["hits"] == "all hits"].set_index("voice")["n"].to_dict()
    assert every == {"authorial": 4, "quoted": 1, "reported": 2, "quoted+reported": 3}
    assert row(got, hits="all hits", voice="quoted+reported")["share"] == pytest.approx(3 / 7)
    # hits on marked words: radical, slammed, radical (authorial), ethnic cleansing (quoted),
    # terrorist (reported)
    marked = got[got["hits"] == "hits on marked words"].set_index("voice")["n"].to_dict()
    assert marked == {"authorial": 3, "quoted": 1, "reported": 1, "quoted+reported": 2}


# ------------------------------------------------------------------------- sentence labels


def test_sentence_auc_by_hand(babe, hits):
    got = V.sentence_auc(babe, hits, n_boot=200)
    # n_hits: Biased T-1 3, T-3 1, T-4 1, T-6 1; Non-biased T-2 1, T-5 0.
    # 8 (biased, non-biased) pairs: 3 beats both (2); each 1 ties T-2 (3 x 0.5) and beats T-5
    # (3) -> 6.5 / 8
    assert row(got, score="n_hits")["auc"] == pytest.approx(6.5 / 8)
    assert row(got, score="weighted_hits")["auc"] == pytest.approx(6.5 / 8)  # weights all 1
    # authorial hits: Biased 3, 0, 1, 0; Non-biased 0, 0: 3 beats 2 (2), 1 beats 2 (2), the two
    # zeros tie 2 each (4 x 0.5 = 2) -> 6 / 8
    assert row(got, score="authorial_hits")["auc"] == pytest.approx(6 / 8)
    r = row(got, score="n_hits")
    assert (r["n_positive"], r["n_negative"]) == (4, 2)
    assert r["mean_positive"] == pytest.approx(6 / 4) and r["any_hit_negative"] == 0.5


def test_bootstrap_auc_equals_weighted_sklearn_replicates():
    rng = np.random.default_rng(1)
    scores = rng.integers(0, 5, 40).astype(float)
    labels = rng.random(40) < 0.5
    auc, low, high = V.bootstrap_auc(scores, labels, n_boot=60, seed=9)
    assert auc == pytest.approx(roc_auc_score(labels, scores))
    # the same resamples, computed one by one with scikit-learn's sample weights
    w = bootstrap_weights(40, 60, np.random.default_rng(9))
    reps = [roc_auc_score(labels, scores, sample_weight=wb) for wb in w]
    lo, hi = percentile_interval(np.array(reps)[:, None])
    assert (low, high) == pytest.approx((lo[0], hi[0]))


def test_bootstrap_auc_resamples_clusters_together():
    # two clusters of identical rows: every resample draws whole clusters, so AUC is one of the
    # values a draw of {c0, c0}, {c0, c1}, {c1, c1} can give; c0 alone has no negatives
    scores = np.array([2.0, 0.0, 1.0, 1.0])
    labels = np.array([True, False, True, False])
    auc, low, high = V.bootstrap_auc(
        scores, labels, clusters=["a", "a", "b", "b"], n_boot=200, seed=1
    )
    # all four rows: positives 2, 1; negatives 0, 1 -> (1 + 1 + 1 + 0.5) / 4
    assert auc == pytest.approx(3.5 / 4)
    assert {low, high} <= {1.0, 3.5 / 4, 0.5}
    assert math.isnan(V.bootstrap_auc([1.0, 2.0], [True, True])[0])


# ----------------------------------------------------------------------------------- outlets


def test_outlet_rates_by_hand(babe, hits):
    got = V.outlet_rates(babe, hits, n_boot=200)
    a, b = row(got, outlet="Outlet A"), row(got, outlet="Outlet B")
    # Outlet A: T-1..T-3, 6+6+8 = 20 tokens, 5 hits (3 authorial) -> 250 and 150 per 1,000
    assert (a["n_sentences"], a["n_articles"], a["n_tokens"], a["n_hits"]) == (3, 2, 20, 5)
    assert a["rate_per_1k"] == pytest.approx(250) and a["authorial_rate_per_1k"] == pytest.approx(
        150
    )
    # Outlet B: T-4..T-6, 6+4+10 = 20 tokens, 2 hits (1 authorial); T-6 has no link: 3 articles
    assert (b["n_articles"], b["n_hits"]) == (3, 2)
    assert b["rate_per_1k"] == pytest.approx(100) and b["authorial_rate_per_1k"] == pytest.approx(
        50
    )
    # no authorial_tokens column: no rate per own word
    assert "authorial_own_rate_per_1k" not in got.columns
    # with it: A has 6+2+2 = 10 authorial tokens -> 3 authorial hits / 10 = 300 per 1,000;
    # B has 6+4+3 = 13 -> 1 / 13
    counts = V.voice_token_counts(babe, annotator=VoiceAnnotator())
    own = V.outlet_rates(babe.assign(authorial_tokens=counts["authorial_tokens"]), hits, n_boot=50)
    assert row(own, outlet="Outlet A")["authorial_own_rate_per_1k"] == pytest.approx(300)
    assert row(own, outlet="Outlet A")["authorial_token_share"] == pytest.approx(0.5)
    assert row(own, outlet="Outlet B")["authorial_own_rate_per_1k"] == pytest.approx(1000 / 13)
    # Biased share 2/3 with the Wilson interval: centre (p + z²/2n)/(1 + z²/n), half-width
    # z sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n), z = 1.959964, n = 3
    z, n, p = 1.959964, 3, 2 / 3
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    assert a["biased_share"] == pytest.approx(p)
    assert (a["biased_share_low"], a["biased_share_high"]) == pytest.approx(
        (centre - half, centre + half), abs=1e-5
    )


def test_outlet_correlation_by_hand():
    table = pd.DataFrame(
        {
            "outlet": list("abcdef"),
            "n_sentences": [50, 50, 50, 50, 50, 3],
            "biased_share": [0.1, 0.2, 0.3, 0.4, 0.5, 0.9],
            "rate_per_1k": [1.0, 3.0, 2.0, 5.0, 4.0, 0.0],
            "authorial_rate_per_1k": [1.0, 2.0, 3.0, 4.0, 5.0, 0.0],
            "authorial_token_share": [0.7, 0.8, 0.9, 0.75, 0.95, 0.5],
        }
    )
    got = V.outlet_correlation(table, min_sentences=30)
    r = row(got, measure="rate_per_1k")
    # outlet f (3 sentences) is left out; ranks 1..5 vs 1,3,2,5,4: Σd² = 4,
    # rho = 1 - 6*4/(5*24) = 0.8; Fisher z with var (1 + rho²/2)/(n - 3) = 0.66
    assert r["n_outlets"] == 5 and r["left_out"] == "f"
    assert r["spearman_rho"] == pytest.approx(0.8)
    se = math.sqrt((1 + 0.8**2 / 2) / 2)
    assert r["rho_low"] == pytest.approx(math.tanh(math.atanh(0.8) - 1.959964 * se), abs=1e-6)
    assert r["rho_high"] == pytest.approx(math.tanh(math.atanh(0.8) + 1.959964 * se), abs=1e-6)
    # own-voice share: ranks 1, 3, 4, 2, 5 -> Σd² = 0+1+1+4+0 = 6, rho = 1 - 36/120 = 0.7
    assert row(got, measure="authorial_token_share")["spearman_rho"] == pytest.approx(0.7)
    assert list(got["measure"]) == ["rate_per_1k", "authorial_rate_per_1k", "authorial_token_share"]
    perfect = row(got, measure="authorial_rate_per_1k")
    assert perfect["spearman_rho"] == pytest.approx(1.0) and math.isnan(perfect["rho_low"])


# ---------------------------------------------------------------------------------- AllSides


def _sides_corpus_and_hits():
    """Three events, left and right, 100 tokens each; hits given by hand (no scoring). The right
    articles quote half of their words: 50 authorial tokens, against 100 for the left."""
    docs = [(e, s) for e in ("e1", "e2", "e3") for s in ("left", "right")]
    corpus = coerce_corpus(
        pd.DataFrame(
            {
                "doc_id": [f"{e}:{s}" for e, s in docs],
                "outlet": [s for _, s in docs],
                "text": ["word " * 100] * len(docs),
                "event_id": [e for e, _ in docs],
                "side": [s for _, s in docs],
                "authorial_tokens": [100 if s == "left" else 50 for _, s in docs],
            }
        )
    )
    # authorial hits: left 2, 4, 0; right 1, 1, 1; plus 2 quoted hits in every right article
    per_doc = {
        "e1:left": ["authorial"] * 2,
        "e2:left": ["authorial"] * 4,
        "e3:left": [],
        "e1:right": ["authorial"] + ["quoted"] * 2,
        "e2:right": ["authorial"] + ["quoted"] * 2,
        "e3:right": ["authorial"] + ["quoted"] * 2,
    }
    rows = [(d, v) for d, vs in per_doc.items() for v in vs]
    hits = pd.DataFrame(
        {"doc_id": [d for d, _ in rows], "voice": [v for _, v in rows], "weight": 1.0}
    )
    return corpus, hits


def test_side_differences_by_hand():
    corpus, hits = _sides_corpus_and_hits()
    got = V.side_differences(corpus, hits, pairs=[("left", "right")], n_boot=300)
    auth = row(got, counting="authorial")
    # authorial: left 6 / 300 tokens = 20 per 1,000, right 3 / 300 = 10 -> +10; the left
    # article is higher in e1 and e2, lower in e3 -> 2/3
    assert (auth["rate_a"], auth["rate_b"], auth["difference"]) == pytest.approx((20, 10, 10))
    assert auth["a_higher_share"] == pytest.approx(2 / 3) and auth["n_events"] == 3
    assert auth["difference_low"] <= 10 <= auth["difference_high"]
    # voice-blind: right also gets its 6 quoted hits -> 9 / 300 = 30 -> -10: the sign flips
    blind = row(got, counting="all")
    assert blind["difference"] == pytest.approx(-10)
    assert blind["a_higher_share"] == pytest.approx(1 / 3)
    # per own word: left 6 / 300 = 20, right 3 / 150 = 20: the authorial gap was the right
    # quoting more, not using loaded words more in its own voice
    own = row(got, counting="authorial_own")
    assert (own["rate_a"], own["rate_b"], own["difference"]) == pytest.approx((20, 20, 0))
    assert (own["tokens_a"], own["tokens_b"]) == (300, 150)


def test_side_voice_shares_by_hand():
    corpus, hits = _sides_corpus_and_hits()
    got = V.side_voice_shares(corpus, hits, n_boot=300).set_index("side")
    assert got.loc["left", "rate_per_1k"] == pytest.approx(20)
    assert got.loc["right", "rate_per_1k"] == pytest.approx(30)
    assert got.loc["right", "authorial_rate_per_1k"] == pytest.approx(10)
    assert got.loc["right", "authorial_own_rate_per_1k"] == pytest.approx(20)
    assert got.loc["right", "authorial_token_share"] == pytest.approx(0.5)
    # 6 of the right's 9 hits are quoted; none of the left's
    assert got.loc["right", "share_non_authorial"] == pytest.approx(6 / 9)
    assert got.loc["left", "share_non_authorial"] == 0


def test_side_differences_use_only_events_with_both_sides(vdir):
    arts = V.read_allsides(vdir / "allsides_tiny.csv")
    lex = Lexicon.from_frame(pd.DataFrame({"term": ["radical", "reckless"], "category": "x"}))
    hits = analysis.score(arts, lex, annotator=VoiceAnnotator())
    got = V.side_differences(arts, hits, n_boot=50)
    # event 1 has no center article: left-center and right-center use event 2 only
    assert row(got, side_a="left", side_b="right", counting="all")["n_events"] == 2
    assert row(got, side_a="left", side_b="center", counting="all")["n_events"] == 1
    # one event: no interval (one pair says nothing about how events vary)
    assert math.isnan(row(got, side_a="left", side_b="center", counting="all")["difference"])
    # "Critics called the vote “radical”": quoted, so right has 1 hit in all, 0 authorial
    lr = row(got, side_a="left", side_b="right", counting="authorial")
    assert (
        lr["hits_b"] == 0 and row(got, side_a="left", side_b="right", counting="all")["hits_b"] == 1
    )


# ---------------------------------------------------------------------------- CLI, validate


def _datasets(tmp_path, vdir, *, allsides=True, polnear=True):
    root = tmp_path / "datasets"
    if polnear:
        write_split(root / V.POLNEAR_DIR, "dev")
    (root / "babe_mbic").mkdir(parents=True)
    shutil.copy(vdir / "babe_tiny.csv", root / V.BABE_FILE)
    (root / "lexicons_recasens2013").mkdir()
    (root / V.RECASENS_FILE).write_text("radical\nregime\nslam\nterrorist\nreckless\n", "utf-8")
    if allsides:
        (root / "allsides_roundups").mkdir()
        shutil.copy(vdir / "allsides_tiny.csv", root / V.ALLSIDES_FILE)
    return root


def test_cli_validate_writes_every_table_and_a_manifest(tmp_path, vdir):
    from analysis.cli import main

    root = _datasets(tmp_path, vdir)
    out = tmp_path / "out"
    assert main(["-q", "validate", "--datasets", str(root), "--n-boot", "50", "-o", str(out)]) == 0
    for name in V.VALIDATION_TABLES:
        assert (out / f"{name}.csv").is_file(), name
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["counts"]["babe"]["sentences"] == 6
    assert manifest["counts"]["babe"]["left_out"] == {"No agreement": ["T-7"]}
    assert set(manifest["inputs"]) == {"babe", "allsides", "polnear"}
    # 5 tiny articles: too few for the model checks' 5 x 5 folds, skipped and named
    assert set(manifest["skipped"]) == {"babe_induced_lexicon", "babe_classifier"}
    assert manifest["counts"]["polnear"]["dev"]["articles"] == 2
    assert "recasens2013_bias_lexicon_og" in manifest["lexicons"]
    overlap = pd.read_csv(out / "babe_word_overlap.csv")
    # "slam" is inflected to "slammed": the Recasens-built lexicon finds the same 5 correct
    # tokens of 7 as the hand lexicon (ethnic cleansing is not in it: T-3 gives none, but
    # "radical", "regime", "slammed", "terrorist" do): P = {radical, regime, slammed} +
    # {regime} + {radical} + {terrorist} = 6 tokens, 4 correct; G = 7
    rec = row(overlap, lexicon="recasens2013_bias_lexicon_og", level="token", subset="all")
    assert (rec["n_predicted"], rec["n_predicted_correct"], rec["n_gold"]) == (6, 4, 7)
    # same inputs and seed: same bytes
    again = tmp_path / "again"
    main(["-q", "validate", "--datasets", str(root), "--n-boot", "50", "-o", str(again)])
    for name in V.VALIDATION_TABLES:
        assert (out / f"{name}.csv").read_bytes() == (again / f"{name}.csv").read_bytes()


def test_cli_validate_skips_a_missing_allsides_and_says_so(tmp_path, vdir):
    root = _datasets(tmp_path, vdir, allsides=False)
    result = V.validate(root, n_boot=20)
    assert "allsides_articles.csv not found" in result.manifest["skipped"]["allsides"]
    assert result.tables["allsides_sides"].empty
    assert not result.tables["babe_word_overlap"].empty


def test_validate_measures_the_voice_on_polnear_and_skips_it_when_absent(tmp_path, vdir):
    root = _datasets(tmp_path, vdir)
    table = V.validate(root, n_boot=20).tables["polnear_voice"].set_index("metric")
    # the tiny split (tests/evaluation/test_polnear.py): 17 \w+ tokens (9 + 8), gold: "the bridge would
    # reopen" reported (4), "We will win" quoted (3); the annotator reports the first (the
    # complement of "said") and quotes the second: every token right
    assert set(table["split"]) == {"dev"}
    assert table.loc["accuracy", "n"] == 17 and table.loc["accuracy", "estimate"] == 1.0
    assert table.loc["tokens[reported>reported]", "estimate"] == 4
    assert table.loc["tokens[quoted>quoted]", "estimate"] == 3
    assert table.loc["speaker_right_lenient", "estimate"] == 1.0  # Lind and Vale
    # --polnear-train adds the train split (here the same tiny articles)
    from analysis.cli import main

    write_split(root / V.POLNEAR_DIR, "train")
    out = tmp_path / "out_train"
    args = ["-q", "validate", "--datasets", str(root), "--n-boot", "20", "--no-models"]
    assert main([*args, "--polnear-train", "-o", str(out)]) == 0
    both = pd.read_csv(out / "polnear_voice.csv")
    assert list(both["split"].unique()) == ["dev", "train"]
    skipped = V.validate(_datasets(tmp_path / "b", vdir, polnear=False), n_boot=20)
    assert "polnear not found" in skipped.manifest["skipped"]["polnear"]
    assert skipped.tables["polnear_voice"].empty


def test_cli_validate_reports_a_missing_datasets_folder(tmp_path, capsys):
    from analysis.cli import main

    code = main(["validate", "--datasets", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o")])
    assert code == 1
    assert "validation datasets folder not found" in capsys.readouterr().err


# ------------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def real_result():
    from analysis import config

    if not (config.DATASETS_DIR / V.BABE_FILE).is_file():
        pytest.skip(f"validation datasets not found at {config.DATASETS_DIR}")
    # 200 BABE articles (~350 sentences) and 200 AllSides events: seconds, not minutes
    return V.validate(config.DATASETS_DIR, sample=200, n_boot=100)


def test_real_recasens_lexicon_reads_the_published_list(datasets_dir):
    lex = V.recasens_lexicon(datasets_dir / V.RECASENS_FILE)
    lemmas = lex.entries[lex.entries["note"].str.startswith("lemma ")]
    # 654 lemmas as published, less the single letter "s"
    assert len(lemmas) == 653 and "s" not in set(lex.entries["term"])
    assert {"abuse", "abuses", "abused", "abusing"} <= set(lex.entries["term"])
    # "news" is a lemma of its own in the list, never a form of "new"
    assert row(lex.entries, term="news")["note"] == "lemma news"
    # "good" is listed, "goods" (another word) is not generated from it
    assert "good" in set(lex.entries["term"]) and "goods" not in set(lex.entries["term"])


def test_real_validation_tables_are_consistent(real_result, datasets_dir):
    t = real_result.tables
    assert set(t) == set(V.VALIDATION_TABLES) and all(not df.empty for df in t.values())
    main = "recasens2013_bias_lexicon_og"
    overlap = t["babe_word_overlap"]
    for lo, est, hi in (("precision_low", "precision", "precision_high"),
                        ("recall_low", "recall", "recall_high")):  # fmt: skip
        ok = overlap.dropna(subset=[lo])
        assert ((ok[lo] <= ok[est] + 1e-12) & (ok[est] <= ok[hi] + 1e-12)).all()
        assert overlap[est].dropna().between(0, 1).all()
    # the span-level hits are the hits whose voices are tabled
    span = row(overlap, lexicon=main, level="span", subset="all")
    voices = t["babe_hit_voices"]
    assert (
        row(voices, lexicon=main, hits="all hits", voice="authorial")["n_total"]
        == span["n_predicted"]
    )
    assert (
        row(voices, lexicon=main, hits="hits on marked words", voice="quoted")["n_total"]
        == (span["n_predicted_correct"])
    )
    # every marked word is either located (and has a voice) or counted as not located
    mv = row(t["babe_marked_word_voices"], subset="all", voice="authorial")
    assert mv["n_total"] + mv["n_not_located"] == span["n_gold"]
    # lemmas alone find a subset of what lemmas plus inflections find
    lemmas = row(overlap, lexicon=main + "_lemmas", level="token", subset="all")
    tok = row(overlap, lexicon=main, level="token", subset="all")
    assert lemmas["n_predicted"] <= tok["n_predicted"]
    assert lemmas["n_predicted_correct"] <= tok["n_predicted_correct"]
    assert t["babe_sentence_auc"]["auc"].between(0, 1).all()
    diffs = t["allsides_differences"]
    assert set(diffs["counting"]) == {"authorial", "authorial_own", "all"}
    assert set(diffs["subset"]) == {"all", "news"}
    ok = diffs.dropna(subset=["difference_low"])
    assert (
        (ok["difference_low"] <= ok["difference"]) & (ok["difference"] <= ok["difference_high"])
    ).all()
    # the manifest pins the inputs
    assert real_result.manifest["inputs"]["babe"]["sha256"] == analysis.file_sha256(
        datasets_dir / V.BABE_FILE
    )
