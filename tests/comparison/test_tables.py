"""analysis.compare: naming shares, sources, tone, distances, outlet map; values by hand."""

from __future__ import annotations

import math
import os
import re
from pathlib import Path

import nltk
import numpy as np
import pandas as pd
import pytest

import analysis
from analysis import config
from analysis.comparison.groups import UNMAPPED, UNNAMED
from analysis.comparison.naming import naming_shares
from analysis.comparison.similarity import outlet_distances, outlet_map
from analysis.comparison.sources import load_actors, sources
from analysis.comparison.tone import tone, vader_compound
from analysis.corpus.schema import coerce_corpus
from analysis.lexicons.files import Lexicon
from analysis.lexicons.terms import LexiconError


def corpus_of(rows):
    df = pd.DataFrame(rows, columns=["doc_id", "outlet", "text"])
    return coerce_corpus(df.assign(source=[f"test#{i + 1}" for i in range(len(df))]))


# ------------------------------------------------------------------------------------ naming

NAMING = Lexicon.from_frame(
    pd.DataFrame(
        {
            "category": ["region", "region", "region", "city", "city"],
            "term": ["Nagorno-Karabakh", "Artsakh", "Garabagh", "Stepanakert", "Khankendi"],
        }
    ),
    name="naming-test",
)
NAMING_CORPUS = corpus_of(
    [("n1", "A", "some text"), ("n2", "A", "more text"), ("n3", "B", "other text")]
)
NAMING_HITS = pd.DataFrame(
    [
        ("n1", "region", "Nagorno-Karabakh", "authorial"),
        ("n1", "region", "Nagorno-Karabakh", "authorial"),
        ("n1", "region", "Artsakh", "quoted"),
        ("n2", "region", "Nagorno-Karabakh", "authorial"),
        ("n2", "city", "Stepanakert", "authorial"),
        ("n3", "region", "Garabagh", "authorial"),
        ("n3", "region", "Garabagh", "reported"),
        ("n3", "region", "Garabagh", "authorial"),
        ("n3", "city", "Khankendi", "quoted"),
    ],
    columns=["doc_id", "category", "term", "voice"],
).assign(weight=1.0)


def share_row(t, group, referent, variant):
    r = t[(t["group"] == group) & (t["referent"] == referent) & (t["variant"] == variant)]
    assert len(r) == 1
    return r.iloc[0]


def test_naming_shares_by_hand():
    t = naming_shares(NAMING_CORPUS, NAMING, hits=NAMING_HITS, n_boot=100, seed=1)
    assert list(t.columns[:7]) == [
        "group",
        "referent",
        "variant",
        "count",
        "share",
        "ci_low",
        "ci_high",
    ]
    # Every variant appears for every group: 2 groups x 5 variants.
    assert len(t) == 10
    # A names the region 4 times: Nagorno-Karabakh 3 (0.75), Artsakh 1 (0.25), Garabagh 0.
    nk = share_row(t, "A", "region", "Nagorno-Karabakh")
    assert (nk["count"], nk["share"], nk["referent_count"], nk["n_docs_referent"]) == (
        3,
        0.75,
        4,
        2,
    )
    assert share_row(t, "A", "region", "Artsakh")["share"] == 0.25
    assert share_row(t, "A", "region", "Garabagh")["share"] == 0.0
    assert share_row(t, "A", "city", "Stepanakert")["share"] == 1.0
    # B: one document, so shares without intervals.
    g = share_row(t, "B", "region", "Garabagh")
    assert g["share"] == 1.0 and np.isnan(g["ci_low"]) and g["n_docs"] == 1
    # Shares of a referent add up to 1 within a group.
    sums = t.groupby(["group", "referent"])["share"].sum()
    assert np.allclose(sums, 1.0)


def test_naming_voice_filter():
    t = naming_shares(NAMING_CORPUS, NAMING, hits=NAMING_HITS, voice="authorial", n_boot=50, seed=1)
    # A's authorial naming: Nagorno-Karabakh 3 of 3 (the Artsakh was inside a quote).
    assert share_row(t, "A", "region", "Nagorno-Karabakh")["share"] == 1.0
    # B never names the city in its own voice: share undefined, not 0.
    k = share_row(t, "B", "city", "Khankendi")
    assert k["count"] == 0 and k["referent_count"] == 0 and np.isnan(k["share"])
    with pytest.raises(ValueError, match="voice must be"):
        naming_shares(NAMING_CORPUS, NAMING, hits=NAMING_HITS, voice="narrator")


def test_naming_hits_must_belong_to_the_naming_file():
    bad = NAMING_HITS.assign(term=["Karabakh"] + NAMING_HITS["term"].tolist()[1:])
    with pytest.raises(ValueError, match="region/Karabakh"):
        naming_shares(NAMING_CORPUS, NAMING, hits=bad)


def test_naming_from_a_file_scores_with_longest_variant(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text(
        "referent,variant\nregion,Nagorno-Karabakh\nregion,Karabakh\nregion,Artsakh\n",
        encoding="utf-8",
    )
    corpus = corpus_of(
        [
            ("d1", "A", "Fighting in Nagorno-Karabakh. Karabakh is tense."),
            ("d2", "A", "Artsakh officials spoke. Nagorno-Karabakh again."),
            ("d3", "B", "Karabakh, Karabakh."),
        ]
    )
    t = naming_shares(corpus, path, n_boot=50, seed=1)
    # A: Nagorno-Karabakh 2 (not also counted as Karabakh), Karabakh 1, Artsakh 1 -> 4 mentions.
    assert share_row(t, "A", "region", "Nagorno-Karabakh")["count"] == 2
    assert share_row(t, "A", "region", "Karabakh")["count"] == 1
    assert share_row(t, "A", "region", "Nagorno-Karabakh")["share"] == 0.5
    assert share_row(t, "B", "region", "Karabakh")["share"] == 1.0


# ------------------------------------------------------------------------------------ actors

ACTORS = pd.DataFrame(
    [
        ("Ilham Aliyev", "Ilham Aliyev", "Azerbaijan"),
        ("Aliyev", "Ilham Aliyev", "Azerbaijan"),
        ("Armenia's government", "Armenian government", "Armenia"),
        ("Armenia", "Armenia (state)", "Armenia"),
        ("Western officials", "Western officials", "West"),
        ("Dmitry Peskov", "Kremlin", "Russia"),
        ("Peskov", "Kremlin", "Russia"),
    ],
    columns=["name", "actor", "side"],
)


def test_shipped_actors_file_loads_and_combines_with_a_second_file(tmp_path):
    lex = load_actors(config.DEFAULT_ACTORS)
    assert {
        "Azerbaijan",
        "Armenia",
        "Karabakh Armenians",
        "Russia",
        "West",
        "International",
    } <= set(lex.entries["side"])
    extra = tmp_path / "more.csv"
    extra.write_text(
        "name,actor,side\nIlham Aliyev,Ilham Aliyev,Azerbaijan\nTeodor Vask,Vask Institute,International\n",
        encoding="utf-8",
    )
    both = load_actors([config.DEFAULT_ACTORS, extra])
    assert len(both.entries) == len(lex.entries) + 1  # the repeated mapping is kept once
    clash = tmp_path / "clash.csv"
    clash.write_text("name,actor,side\nAliyev,Someone Else,Armenia\n", encoding="utf-8")
    with pytest.raises(
        LexiconError, match=r"clash.csv: name 'Aliyev' maps to Someone Else/Armenia"
    ):
        load_actors([config.DEFAULT_ACTORS, clash])


def test_actors_table_needs_name_actor_side():
    with pytest.raises(LexiconError, match="missing column.*side"):
        load_actors(ACTORS.drop(columns="side"))
    with pytest.raises(LexiconError, match="empty side"):
        load_actors(
            ACTORS.assign(side=["Azerbaijan", "", "Armenia", "Armenia", "West", "Russia", "Russia"])
        )


# ----------------------------------------------------------------------------------- sources

SRC_CORPUS = corpus_of([("s1", "A", "x"), ("s2", "A", "y"), ("s3", "B", "z")])
ATTRIBUTIONS = pd.DataFrame(
    [
        ("s1", "quoted", "Ilham Aliyev"),
        ("s1", "reported", "Armenia's government"),
        ("s1", "quoted", None),
        ("s2", "reported", "Western officials briefed by Aliyev"),
        ("s2", "quoted", "a triumphant Aliyev"),
        ("s2", "quoted", "Mr. Nobody"),
        ("s3", "reported", "spokesperson Dmitry Peskov"),
    ],
    columns=["doc_id", "kind", "speaker"],
).assign(start=0, end=1, text="t")


def src_row(t, group, level, key, kind):
    col = {"side": "side", "actor": "actor", "speaker": "speaker"}[level]
    r = t[(t["group"] == group) & (t["level"] == level) & (t[col] == key) & (t["kind"] == kind)]
    assert len(r) == 1, (group, level, key, kind)
    return r.iloc[0]


def test_sources_by_side_actor_and_speaker_by_hand():
    t = sources(SRC_CORPUS, actors=ACTORS, attributions=ATTRIBUTIONS, n_boot=100, seed=1)
    # A has 6 spans: Azerbaijan 2 (Aliyev twice), Armenia 1, West 1 (the longest name in
    # "Western officials briefed by Aliyev" is "Western officials"), unnamed 1, unmapped 1.
    az = src_row(t, "A", "side", "Azerbaijan", "all")
    assert (az["count"], az["share"]) == (2, pytest.approx(2 / 6))
    assert src_row(t, "A", "side", "West", "all")["count"] == 1
    assert src_row(t, "A", "side", UNNAMED, "all")["count"] == 1
    assert src_row(t, "A", "side", UNMAPPED, "all")["count"] == 1
    assert src_row(t, "A", "side", "Russia", "all")["count"] == 0  # silent sides are listed
    # Quotes only: 4 in A, 2 of them Aliyev's.
    assert src_row(t, "A", "side", "Azerbaijan", "quoted")["share"] == pytest.approx(0.5)
    assert src_row(t, "A", "side", "Armenia", "reported")["share"] == pytest.approx(0.5)
    # Shares within a group, level and kind add up to 1.
    sums = t[t["count"] > 0].groupby(["group", "level", "kind"])["share"].sum()
    assert np.allclose(sums, 1.0)
    # Actor and speaker levels.
    assert src_row(t, "A", "actor", "Ilham Aliyev", "all")["side"] == "Azerbaijan"
    assert src_row(t, "B", "actor", "Kremlin", "reported")["share"] == 1.0
    sp = src_row(t, "A", "speaker", "a triumphant Aliyev", "quoted")
    assert (sp["actor"], sp["side"], sp["count"]) == ("Ilham Aliyev", "Azerbaijan", 1)
    assert src_row(t, "A", "speaker", UNNAMED, "all")["actor"] == UNNAMED


def test_sources_without_actors_lists_speakers_only():
    t = sources(SRC_CORPUS, attributions=ATTRIBUTIONS, n_boot=20, seed=1)
    assert set(t["level"]) == {"speaker"}
    assert t["side"].isna().all()
    assert src_row(t, "A", "speaker", "Ilham Aliyev", "all")["share"] == pytest.approx(1 / 6)


def test_sources_reject_unknown_documents_and_kinds():
    bad = ATTRIBUTIONS.assign(doc_id=["zz"] + ATTRIBUTIONS["doc_id"].tolist()[1:])
    with pytest.raises(ValueError, match="doc_id.*zz"):
        sources(SRC_CORPUS, attributions=bad)
    with pytest.raises(ValueError, match="kind value.*paraphrase"):
        sources(SRC_CORPUS, attributions=ATTRIBUTIONS.assign(kind="paraphrase"))


# -------------------------------------------------------------------------------------- tone


class SplitOnFullStops:
    """A transparent sentence splitter for the test: a sentence ends at '.'."""

    def spans(self, text):
        return [(m.start(), m.end()) for m in re.finditer(r"[^.\s][^.]*\.?", text)]


TONE_CORPUS = corpus_of(
    [
        (
            "t1",
            "A",
            "Aliyev praised the wonderful victory. The weather was mild. "
            "Peskov condemned the horrible attack.",
        ),
        ("t2", "A", "Aliyev spoke. Aliyev and Peskov met."),
        ("t3", "B", "Peskov smiled happily."),
    ]
)


def test_vader_reads_the_vadersentiment_lexicon_offline():
    scores = vader_compound(["a wonderful, happy day", "a horrible, deadly attack", "the table"])
    assert scores[0] > 0.5 and scores[1] < -0.5 and scores[2] == 0.0


def _independent_compound(sentence):
    # The same scorer built here from scratch, so the test checks the bookkeeping of tone().
    import vaderSentiment
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    folder = os.path.dirname(vaderSentiment.__file__)
    if folder not in nltk.data.path:
        nltk.data.path.append(folder)
    return SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt").polarity_scores(sentence)[
        "compound"
    ]


def test_tone_averages_the_sentences_that_mention_each_actor():
    t = tone(TONE_CORPUS, actors=ACTORS, splitter=SplitOnFullStops(), n_boot=100, seed=1)
    assert list(t.columns[:10]) == [
        "group",
        "level",
        "side",
        "actor",
        "n_docs",
        "n_docs_mentioning",
        "n_sentences",
        "mean_compound",
        "ci_low",
        "ci_high",
    ]
    s = {
        k: _independent_compound(v)
        for k, v in {
            "praised": "Aliyev praised the wonderful victory.",
            "condemned": "Peskov condemned the horrible attack.",
            "spoke": "Aliyev spoke.",
            "met": "Aliyev and Peskov met.",
            "smiled": "Peskov smiled happily.",
        }.items()
    }
    assert s["praised"] > 0 > s["condemned"]  # sanity of the hand-picked sentences
    a = t[(t["group"] == "A") & (t["level"] == "actor")].set_index("actor")
    # Aliyev in A: "praised", "spoke", "met" (the weather sentence names nobody).
    assert a.loc["Ilham Aliyev", "n_sentences"] == 3
    assert a.loc["Ilham Aliyev", "mean_compound"] == pytest.approx(
        (s["praised"] + s["spoke"] + s["met"]) / 3
    )
    # Kremlin in A: "condemned" and "met" (a sentence naming two actors counts for both).
    assert a.loc["Kremlin", "mean_compound"] == pytest.approx((s["condemned"] + s["met"]) / 2)
    assert a.loc["Kremlin", "n_docs_mentioning"] == 2
    assert a.loc["Western officials", "n_sentences"] == 0
    assert np.isnan(a.loc["Western officials", "mean_compound"])
    b = t[(t["group"] == "B") & (t["level"] == "side")].set_index("side")
    assert b.loc["Russia", "mean_compound"] == pytest.approx(s["smiled"])
    assert np.isnan(b.loc["Russia", "ci_low"])  # one document
    bounded = t.dropna(subset=["ci_low"])
    assert ((bounded["ci_low"] >= -1) & (bounded["ci_high"] <= 1)).all()


def test_tone_needs_actors():
    with pytest.raises(ValueError, match="needs an actors file"):
        tone(TONE_CORPUS)


# ------------------------------------------------------------------------ distances and map

PROFILE = pd.DataFrame(
    [
        ("X", "c1", "all", 1.0),
        ("X", "c2", "all", 1.0),
        ("Y", "c1", "all", 2.0),
        ("Y", "c2", "all", 0.0),
        ("Z", "c1", "all", 0.0),
        ("Z", "c2", "all", 0.0),
        ("X", "ALL", "all", 2.0),
        ("Y", "ALL", "all", 2.0),
        ("Z", "ALL", "all", 0.0),
    ],
    columns=["group", "category", "voice", "rate_per_1k"],
)


def test_hellinger_distance_by_hand():
    d = outlet_distances(PROFILE).set_index(["group_a", "group_b"])["distance"]
    # X shares (0.5, 0.5), Y (1, 0):
    # H = sqrt(1/2 * ((sqrt(.5) - 1)^2 + (sqrt(.5) - 0)^2)) = sqrt(1/2 * (0.085786 + 0.5))
    assert d[("X", "Y")] == pytest.approx(math.sqrt(0.5 * ((math.sqrt(0.5) - 1) ** 2 + 0.5)))
    # Z has no hit: no category mix, no distance.
    assert np.isnan(d[("X", "Z")]) and np.isnan(d[("Y", "Z")])


def test_euclidean_distance_on_standardised_rates_by_hand():
    d = outlet_distances(PROFILE, metric="euclidean").set_index(["group_a", "group_b"])["distance"]
    # c1 = (1, 2, 0): mean 1, sd sqrt(2/3) -> z = (0, 1.2247, -1.2247)
    # c2 = (1, 0, 0): mean 1/3, sd sqrt(2/9) -> z = (1.4142, -0.7071, -0.7071)
    # X-Y: sqrt(1.2247^2 + 2.1213^2) = sqrt(1.5 + 4.5) = sqrt(6)
    assert d[("X", "Y")] == pytest.approx(math.sqrt(6))
    assert d[("Y", "Z")] == pytest.approx(math.sqrt(6))  # (2.4495, 0)


def test_outlet_map_reproduces_the_distances():
    prof = pd.concat(
        [
            PROFILE[PROFILE["group"] != "Z"],
            pd.DataFrame(
                [("W", "c1", "all", 1.0), ("W", "c2", "all", 3.0), ("W", "ALL", "all", 4.0)],
                columns=PROFILE.columns,
            ),
        ]
    )
    d = outlet_distances(prof).set_index(["group_a", "group_b"])["distance"]
    m = outlet_map(prof, seed=1).set_index("group")
    assert list(m.columns) == ["x", "y"]
    for (a, b), dist in d.items():
        # Three points embed exactly in the plane: MDS map distances equal profile distances.
        got = math.hypot(m.loc[a, "x"] - m.loc[b, "x"], m.loc[a, "y"] - m.loc[b, "y"])
        assert got == pytest.approx(dist, abs=1e-3)
    pd.testing.assert_frame_equal(outlet_map(prof, seed=1), outlet_map(prof, seed=1))
    for col in ("x", "y"):  # orientation rule: the largest coordinate is positive
        assert m[col].iloc[np.argmax(np.abs(m[col].to_numpy()))] > 0
    pca = outlet_map(prof, method="pca", metric="euclidean")
    assert pca[["x", "y"]].notna().all().all()


def test_outlet_map_with_two_groups_and_a_group_without_hits():
    m = outlet_map(PROFILE).set_index("group")
    d = outlet_distances(PROFILE).set_index(["group_a", "group_b"])["distance"][("X", "Y")]
    assert abs(m.loc["X", "x"] - m.loc["Y", "x"]) == pytest.approx(d)
    assert m.loc["X", "y"] == 0 and np.isnan(m.loc["Z", "x"])


def test_distance_and_map_options_are_checked():
    with pytest.raises(ValueError, match="metric must be"):
        outlet_distances(PROFILE, metric="cosine")
    with pytest.raises(ValueError, match="method must be"):
        outlet_map(PROFILE, method="tsne")
    with pytest.raises(ValueError, match="voice must be"):
        outlet_distances(PROFILE, voice="narrator")


def test_reading_paths_never_depends_on_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(load_actors(config.DEFAULT_ACTORS).entries) > 100
    assert Path(config.DEFAULT_ACTORS).is_absolute()


# How the seed page (CNN via a content farm) names its speakers, verbatim, and who they are.
SEED_SPEAKERS = {
    "Azerbaijani President Ilham Aliyev": ("Ilham Aliyev", "Azerbaijan"),
    "a triumphant Aliyev": ("Ilham Aliyev", "Azerbaijan"),
    "Azerbaijani state media": ("Azerbaijani state media", "Azerbaijan"),
    "Armenia’s government": ("Armenian government", "Armenia"),
    "Armenian Prime Minister Nikol Pashinyan": ("Nikol Pashinyan", "Armenia"),
    "Armenia’s Security Council Secretary Armen Grigoruyan": (
        "Armenian Security Council",
        "Armenia",
    ),
    "Nagorno-Karabakh’s presidential office": ("Karabakh authorities", "Karabakh Armenians"),
    "Russia’s peacekeeping force": ("Russian peacekeeping contingent", "Russia"),
    "spokesperson Dmitry Peskov": ("Kremlin", "Russia"),
    "Russia’s defense ministry": ("Russian defence ministry", "Russia"),
    "The Kremlin": ("Kremlin", "Russia"),
    "Western officials": ("Western officials", "West"),
}


def test_shipped_actors_file_maps_the_seed_pages_speakers(seed_text):
    for speaker in SEED_SPEAKERS:
        assert speaker in seed_text, speaker  # the strings are the page's own
    corpus = corpus_of([("seed", "findandfunds.com", seed_text)])
    att = pd.DataFrame(
        {
            "doc_id": "seed",
            "start": 0,
            "end": 1,
            "kind": "reported",
            "text": "t",
            "speaker": list(SEED_SPEAKERS),
        }
    )
    t = sources(corpus, actors=config.DEFAULT_ACTORS, attributions=att, levels="speaker", n_boot=10)
    got = t[t["kind"] == "all"].set_index("speaker")[["actor", "side"]]
    for speaker, (actor, side) in SEED_SPEAKERS.items():
        assert tuple(got.loc[speaker]) == (actor, side), speaker


def test_sources_reads_speakers_as_score_and_compare_do():
    # Without attributions, sources() must read the text with the voice annotator that
    # analysis.score and compare() use: one fitted on the corpus (its sentence splitter learns
    # the corpus's abbreviations). An unfitted one ends a sentence at "U.N." in the demo's
    # Caucasus Crossroads story on U.N. access and credits "U.N. Azerbaijan’s foreign ministry"
    # with two reported statements the page gives to "Azerbaijan’s foreign ministry".
    from analysis.voice.annotator import VoiceAnnotator, attribution_table

    corpus = analysis.load_corpus(config.DEMO_DIR)
    canonical = corpus[corpus["is_canonical"]]
    fitted = attribution_table(canonical, annotator=VoiceAnnotator().fit(corpus["text"].tolist()))
    t = sources(corpus, levels="speaker", n_boot=10, seed=1)
    expected = sources(corpus, attributions=fitted, levels="speaker", n_boot=10, seed=1)
    pd.testing.assert_frame_equal(t, expected)
    assert "U.N. Azerbaijan’s foreign ministry" not in set(t["speaker"])
