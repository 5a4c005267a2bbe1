"""analysis.compare(): the Comparison, its files, determinism, and `python -m analysis compare`."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

import analysis
from analysis.cli import main
from analysis.comparison.pipeline import Comparison
from analysis.corpus.schema import write_corpus
from analysis.evaluation.synthetic import synthetic_corpus

PLANTED = {
    "north": {"atrocity_claim": 6.0, "force_triumph": 1.0},
    "south": {"atrocity_claim": 1.5, "force_triumph": 5.0},
    "east": {"atrocity_claim": 3.0, "force_triumph": 3.0},
}


@pytest.fixture(scope="module")
def synth():
    return synthetic_corpus(PLANTED, n_docs=25, mean_tokens=250, seed=4)


ACTORS = pd.DataFrame({"name": ["officials"], "actor": ["officials"], "side": ["unspecified"]})


class Sentences:
    def spans(self, text):
        out, start = [], 0
        for i, ch in enumerate(text):
            if ch == ".":
                out.append((start, i + 1))
                start = i + 2
        return out


@pytest.fixture(scope="module")
def comparison(synth):
    return analysis.compare(
        synth.corpus,
        synth.hits,
        lexicon=analysis.Lexicon.from_frame(synth.lexicon),
        actors=ACTORS,
        attributions=synth.attributions,  # the planted voices
        splitter=Sentences(),
        n_boot=200,
        seed=11,
    )


def test_compare_returns_every_table(comparison, synth):
    assert isinstance(comparison, Comparison)
    assert set(comparison.tables()) == {
        "rates",
        "differences",
        "keyness",
        "sources",
        "tone",
        "distances",
        "outlet_map",
    }
    r = comparison.rates
    # Lexicon categories without a planted hit still appear (delegitimising_label is unused).
    assert set(r["category"]) == {"atrocity_claim", "force_triumph", "delegitimising_label", "ALL"}
    north = r[(r["group"] == "north") & (r["category"] == "atrocity_claim") & (r["voice"] == "all")]
    assert north["ci_low"].iloc[0] < 6.0 < north["ci_high"].iloc[0]
    assert set(comparison.outlet_map["group"]) == set(PLANTED)
    # Pairwise differences: 3 pairs x (3 categories + ALL) x (voice "all" per all tokens, and
    # each of 3 voices per all tokens and per its own words) = 3 x 4 x 7 rows.
    d = comparison.differences
    assert len(d) == 3 * 4 * 7
    ns = d[
        (d["group_a"] == "east")
        & (d["group_b"] == "north")
        & (d["category"] == "atrocity_claim")
        & (d["voice"] == "all")
    ].iloc[0]
    # Planted: east 3.0, north 6.0 atrocity claims per 1,000 tokens, so east - north = -3.0;
    # the rates themselves are those of the rates table.
    assert ns["rate_b"] == pytest.approx(north["rate_per_1k"].iloc[0])
    assert ns["diff_ci_low"] < -3.0 < ns["diff_ci_high"]
    assert ns["diff_ci_high"] < 0  # 25 documents each: the planted gap is clearly seen
    assert ns["ratio_ci_low"] < 0.5 < ns["ratio_ci_high"]
    # Keyness self-names (the outlets' labels) are recorded with the parameters.
    assert comparison.params["keyness_self_names"]["north"] == ["north"]
    assert len(comparison.distances) == 3
    assert comparison.params["seed"] == 11 and comparison.params["lexicon_sha256"]
    # Reported speech by "officials" is the only named source: side "unspecified".
    s = comparison.sources
    row = s[
        (s["group"] == "north")
        & (s["level"] == "side")
        & (s["side"] == "unspecified")
        & (s["kind"] == "reported")
    ]
    assert row["share"].iloc[0] == 1.0


def test_progress_names_every_step_on_stderr_and_changes_no_table(comparison, synth, capsys):
    with_bar = analysis.compare(
        synth.corpus, synth.hits, lexicon=analysis.Lexicon.from_frame(synth.lexicon),
        actors=ACTORS, attributions=synth.attributions, splitter=Sentences(), n_boot=200,
        seed=11, progress=True,
    )
    err = capsys.readouterr().err
    for step in ("side tables", "rates", "differences", "keyness", "distances", "naming",
                 "sources and tone", "bias"):
        assert step in err
    assert "/8 [" in err  # a bar of eight steps (tqdm may skip redrawing the last update)
    for name, table in comparison.tables().items():
        pd.testing.assert_frame_equal(with_bar.tables()[name], table)
    analysis.compare(synth.corpus, synth.hits, n_boot=50, seed=1)
    assert capsys.readouterr().err == ""  # off by default


def test_the_outlet_most_unlike_the_others_is_farthest(comparison):
    # north leans to atrocity claims, south to triumph language, east is even: north-south is
    # the largest distance.
    d = comparison.distances.set_index(["group_a", "group_b"])["distance"]
    assert d.idxmax() == ("north", "south")
    assert (comparison.distances["ci_low"] <= comparison.distances["ci_high"]).all()


def test_to_dir_writes_the_issue_columns_and_identical_bytes_twice(comparison, synth, tmp_path):
    first = comparison.to_dir(tmp_path / "one")
    names = sorted(p.name for p in first)
    assert names == sorted(
        [
            "rates.csv",
            "differences.csv",
            "keyness.csv",
            "sources.csv",
            "tone.csv",
            "distances.csv",
            "outlet_map.csv",
            "comparison.json",
        ]
    )
    with open(tmp_path / "one" / "rates.csv", newline="") as f:
        header = next(csv.reader(f))
    assert header[:9] == [
        "group",
        "category",
        "voice",
        "n_docs",
        "n_tokens",
        "n_hits",
        "rate_per_1k",
        "ci_low",
        "ci_high",
    ]
    with open(tmp_path / "one" / "differences.csv", newline="") as f:
        assert next(csv.reader(f)) == analysis.DIFFERENCES_COLUMNS
    with open(tmp_path / "one" / "keyness.csv", newline="") as f:
        assert next(csv.reader(f))[:6] == ["group", "term", "count", "count_rest", "log_odds", "z"]
    params = json.loads((tmp_path / "one" / "comparison.json").read_text())
    assert params["n_boot"] == 200
    # Recompute from scratch: same inputs and seed -> byte-identical files.
    again = analysis.compare(
        synth.corpus,
        synth.hits,
        lexicon=analysis.Lexicon.from_frame(synth.lexicon),
        actors=ACTORS,
        attributions=synth.attributions,  # the planted voices
        splitter=Sentences(),
        n_boot=200,
        seed=11,
    )
    second = again.to_dir(tmp_path / "two")
    for a, b in zip(sorted(first), sorted(second), strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_floats_are_rounded_in_files(comparison, tmp_path):
    comparison.to_dir(tmp_path)
    text = (tmp_path / "rates.csv").read_text()
    decimals = [
        len(x.split(".")[1])
        for x in text.replace("\n", ",").split(",")
        if "." in x and x.replace(".", "").replace("-", "").isdigit()
    ]
    assert decimals and max(decimals) <= 6


def test_cli_compare_end_to_end(synth, tmp_path):
    corpus_path = write_corpus(synth.corpus, tmp_path / "corpus.parquet")
    lexicon_path = tmp_path / "terms.csv"
    synth.lexicon[["term", "category"]].to_csv(lexicon_path, index=False)
    naming_path = tmp_path / "names.csv"
    naming_path.write_text(
        "referent,variant\nforce,iron fist\nforce,crushing victory\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    code = main(
        [
            "-q",
            "compare",
            str(corpus_path),
            "--lexicon",
            str(lexicon_path),
            "--naming",
            str(naming_path),
            "--n-boot",
            "50",
            "--seed",
            "3",
            "--adjust",
            "bonferroni",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    for name in (
        "rates.csv",
        "differences.csv",
        "keyness.csv",
        "naming.csv",
        "sources.csv",
        "distances.csv",
        "outlet_map.csv",
        "comparison.json",
    ):
        assert (out / name).is_file(), name
    naming = pd.read_csv(out / "naming.csv")
    assert list(naming.columns[:7]) == [
        "group",
        "referent",
        "variant",
        "count",
        "share",
        "ci_low",
        "ci_high",
    ]
    # The scorer found exactly the planted occurrences of each variant.
    planted = (
        synth.hits[synth.hits["category"] == "force_triumph"].groupby(["outlet", "term"]).size()
    )
    got = naming.set_index(["group", "variant"])["count"]
    for (outlet, term), n in planted.items():
        assert got[(outlet, term)] == n
    rates = pd.read_csv(out / "rates.csv")
    assert set(rates["group"]) == set(PLANTED)
    # --adjust bonferroni: 3 pairs, each interval at 1 - 0.05 / 3
    diffs = pd.read_csv(out / "differences.csv")
    assert diffs["ci_level"].round(6).eq(round(1 - 0.05 / 3, 6)).all()
    assert json.loads((out / "comparison.json").read_text())["adjust"] == "bonferroni"


def test_cli_compare_with_precomputed_hits_and_period(synth, tmp_path):
    corpus_path = write_corpus(synth.corpus, tmp_path / "corpus.parquet")
    hits_path = tmp_path / "hits.csv"
    synth.hits.to_csv(hits_path, index=False)
    lexicon_path = tmp_path / "terms.csv"
    synth.lexicon[["term", "category"]].to_csv(lexicon_path, index=False)
    out = tmp_path / "weekly"
    code = main(
        [
            "-q",
            "compare",
            str(corpus_path),
            "--lexicon",
            str(lexicon_path),
            "--hits",
            str(hits_path),
            "--period",
            "W",
            "--n-boot",
            "20",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    groups = set(pd.read_csv(out / "rates.csv")["group"])
    assert groups and all("/" in g for g in groups)  # week labels: 2023-09-04/2023-09-10


def test_cli_compare_reports_bad_input(tmp_path, capsys):
    code = main(["compare", str(tmp_path / "nowhere.parquet"), "-o", str(tmp_path / "o")])
    assert code == 1
    assert "nowhere" in capsys.readouterr().err
    bad_hits = tmp_path / "hits.csv"
    bad_hits.write_text("doc_id,term\nx,y\n", encoding="utf-8")
    corpus = synthetic_corpus({"o": {"atrocity_claim": 1.0}}, n_docs=3, seed=1).corpus
    corpus_path = write_corpus(corpus, tmp_path / "c.parquet")
    code = main(["compare", str(corpus_path), "--hits", str(bad_hits), "-o", str(tmp_path / "o")])
    assert code == 1
    assert "not a hits table" in capsys.readouterr().err


def test_cli_compare_reads_hits_written_as_parquet(synth, tmp_path):
    # `python -m analysis score -o hits.parquet` writes Parquet as well as CSV; --hits reads both.
    corpus_path = write_corpus(synth.corpus, tmp_path / "corpus.parquet")
    lexicon_path = tmp_path / "terms.csv"
    synth.lexicon[["term", "category"]].to_csv(lexicon_path, index=False)
    hits_path = tmp_path / "hits.parquet"
    code = main(
        ["-q", "score", str(corpus_path), "--lexicon", str(lexicon_path), "-o", str(hits_path)]
    )
    assert code == 0
    out = tmp_path / "out"
    args = ["-q", "compare", str(corpus_path), "--lexicon", str(lexicon_path), "--n-boot", "20"]
    assert main([*args, "--hits", str(hits_path), "-o", str(out)]) == 0
    # The same tables as scoring now: the hits table was read whole.
    assert main([*args, "-o", str(tmp_path / "scored")]) == 0
    assert (out / "rates.csv").read_bytes() == (tmp_path / "scored" / "rates.csv").read_bytes()


def test_without_text_lacks_names_each_input_that_needs_the_text():
    from analysis.comparison.pipeline import without_text_lacks

    table = pd.DataFrame()
    given = dict(attributions=table, voice_tokens=table, naming=None, naming_hits=None,
                 actors=None, sentences=None, bias_model=None)
    assert without_text_lacks(**given) == []
    assert without_text_lacks(**{**given, "voice_tokens": None, "actors": ["a.csv"]}) == [
        "voice_tokens must be given", "sentences must be given with actors (the tone's sentences)"]
    # the tone reads the text a part at a time given the sentences, or a splitter of its own
    assert without_text_lacks(**{**given, "actors": ["a.csv"], "sentences": table}) == []
    assert without_text_lacks(**{**given, "actors": ["a.csv"], "splitter": object()}) == []
    # the bias table reads the text a part at a time, given the sentences it scores
    assert without_text_lacks(**{**given, "bias_model": "m.joblib", "sentences": table}) == []
    assert without_text_lacks(**{**given, "bias_model": "m.joblib"}) == [
        "sentences must be given with bias_model (the sentences it scores)"]
    # naming needs its hits scored from the text, unless they are given
    assert without_text_lacks(**{**given, "naming": "n.csv"}) == ["naming_hits must be given"]
    assert without_text_lacks(**{**given, "naming": "n.csv", "naming_hits": table}) == []
