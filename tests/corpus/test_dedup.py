"""Near-duplicate clustering: copies of one story get one group and a canonical copy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.corpus.boilerplate import clean_corpus
from analysis.corpus.dedup import (
    DEFAULT_THRESHOLD,
    cluster_near_duplicates,
    jaccard,
    near_duplicate_pairs,
    pairwise_agreement,
    shingle_set,
)
from analysis.corpus.origin import attribute_origin
from analysis.text.normalize import normalize_text


def _reposts_raw(fixtures_dir: Path) -> tuple[pd.DataFrame, pd.Series]:
    """The fixture set as ingest would hand it over (outlet = folder), and the truth labels."""
    root = fixtures_dir / "reposts"
    manifest = pd.read_csv(root / "manifest.csv", keep_default_na=False)
    raw = pd.DataFrame(
        {
            "doc_id": manifest["doc_id"],
            "outlet": [Path(p).parent.name for p in manifest["path"]],
            "title": manifest["title"].replace("", None),
            "text": [normalize_text((root / p).read_text(encoding="utf-8")) for p in manifest["path"]],
            "published": pd.to_datetime(manifest["published"], utc=True),
            "_outlet_source": "folder",
        }
    )
    return raw, manifest["story"]


@pytest.fixture
def reposts(fixtures_dir):
    raw, truth = _reposts_raw(fixtures_dir)
    return cluster_near_duplicates(clean_corpus(attribute_origin(raw))), truth


# --------------------------------------------------------------------------- measured quality


def test_precision_and_recall_on_the_fixture_set(reposts):
    # docs/reposts.md reports these numbers: 16 same-story pairs among 28 pages (E1: 3 pages ->
    # 3 pairs, E1-MER: 2 -> 1, E2: 3 -> 3, E3: 3 -> 3, E4: 3 -> 3, E5: 3 -> 3), all found, and
    # no pair of different stories merged.
    out, truth = reposts
    assert DEFAULT_THRESHOLD == 0.55
    scores = pairwise_agreement(out["dup_group"], truth)
    assert scores["tp"] == 16
    assert scores["fp"] == 0
    assert scores["fn"] == 0
    assert scores["precision"] == 1.0
    assert scores["recall"] == 1.0


def test_same_event_stories_from_different_outlets_are_not_merged(reposts):
    out, truth = reposts
    group = dict(zip(out["doc_id"], out["dup_group"], strict=True))
    # each event's original against other outlets' reports of the same event, and against the
    # same outlet's follow-up that reuses paragraphs of it
    for original, others in {
        "e1-nl": ["e1-ht", "e1-mer", "e1-eg", "e1-nl-follow"],
        "e2-mer": ["e2-eg", "e2-nl"],
        "e3-eg": ["e3-nl"],
        "e4-nl": ["e4-ht", "e4-mer"],
        "e5-nl": ["e5-ch", "e5-nl-follow"],
    }.items():
        for other in others:
            assert group[original] != group[other], (original, other)
    # and the copies are together
    assert group["e1-nl"] == group["e1-qp"] == group["e1-mt"]
    assert group["e2-mer"] == group["e2-ch"] == group["e2-qp"]
    assert group["e3-eg"] == group["e3-qp"] == group["e3-mt"]


def test_canonical_copy_is_the_origin_outlets_own(reposts):
    out, _ = reposts
    canon = dict(zip(out["doc_id"], out["canonical_doc_id"], strict=True))
    assert canon["e1-qp"] == canon["e1-mt"] == "e1-nl"
    assert canon["e2-ch"] == canon["e2-qp"] == "e2-mer"  # the wire's own copy
    assert canon["e3-mt"] == "e3-eg"
    assert canon["e4-nl-update"] == "e4-nl"  # the outlet's own earlier version
    assert out.loc[out["doc_id"] == "e1-nl", "is_canonical"].item()
    assert not out.loc[out["doc_id"] == "e1-qp", "is_canonical"].item()
    # exactly one canonical copy a group
    assert (out.groupby("dup_group")["is_canonical"].sum() == 1).all()


def test_cleaning_is_what_lets_short_reposts_match(fixtures_dir):
    # Without boilerplate removal the farm furniture (about 80 words on 250-word stories)
    # pulls some copies below the threshold: recall drops, precision does not.
    raw, truth = _reposts_raw(fixtures_dir)
    scores = pairwise_agreement(cluster_near_duplicates(raw)["dup_group"], truth)
    assert scores["precision"] == 1.0
    assert scores["recall"] < 1.0


# --------------------------------------------------------------------------- canonical rules


def _frame(**cols) -> pd.DataFrame:
    return pd.DataFrame(cols)


STORY = " ".join(f"word{i}" for i in range(60))  # 60 distinct tokens -> 56 five-word shingles


def test_own_copy_wins_even_when_a_repost_is_earlier():
    df = _frame(
        doc_id=["farm", "own"],
        outlet=["farm.example", "CNN"],
        origin_outlet=["cnn.com", "CNN"],
        origin_evidence=["This post appeared first on cnn.com", ""],
        text=[STORY, STORY],
        published=pd.to_datetime(["2024-01-01", "2024-01-02"], utc=True),
    )
    out = cluster_near_duplicates(df)
    assert list(out["canonical_doc_id"]) == ["own", "own"]
    assert list(out["is_canonical"]) == [False, True]


def test_earliest_copy_without_an_own_copy_then_doc_id():
    df = _frame(
        doc_id=["c", "b", "a", "d"],
        outlet=["x", "y", "z", "w"],
        text=[STORY] * 4,
        published=pd.to_datetime(["2024-01-03", "2024-01-01", None, "2024-01-01"], utc=True),
    )
    out = cluster_near_duplicates(df)
    # b and d share the earliest date; b < d. a has no date and counts as latest.
    assert set(out["canonical_doc_id"]) == {"b"}


def test_group_ids_do_not_depend_on_row_order():
    other = " ".join(f"term{i}" for i in range(40))
    df = _frame(doc_id=["z", "y", "x", "w"], outlet="o", text=[STORY, other, STORY, "short text"])
    a = cluster_near_duplicates(df)
    b = cluster_near_duplicates(df.sample(frac=1.0, random_state=3).reset_index(drop=True))
    as_map = lambda f: dict(zip(f["doc_id"], f["dup_group"], strict=True))  # noqa: E731
    assert as_map(a) == as_map(b)
    # groups numbered by canonical doc_id: "short text" (w) 0, STORY pair (canonical x) 1, y 2
    assert as_map(a) == {"w": 0, "x": 1, "z": 1, "y": 2}
    assert a["dup_group"].dtype == np.int64


def test_every_document_has_a_group_even_empty_and_short_ones():
    df = _frame(doc_id=["a", "b", "c", "d"], outlet="o", text=["", "", "Fire kills two.", "Fire kills two."])
    out = cluster_near_duplicates(df)
    group = dict(zip(out["doc_id"], out["dup_group"], strict=True))
    assert group["a"] != group["b"]  # empty texts are nobody's copy
    assert group["c"] == group["d"]  # shorter than a shingle: the whole text is one shingle
    assert out["canonical_doc_id"].notna().all()


def test_results_do_not_depend_on_the_seed_for_clear_pairs(fixtures_dir):
    raw, _ = _reposts_raw(fixtures_dir)
    clean = clean_corpus(attribute_origin(raw))
    a = cluster_near_duplicates(clean, seed=1)
    b = cluster_near_duplicates(clean, seed=987654)
    pd.testing.assert_series_equal(a["dup_group"], b["dup_group"])


def test_cluster_keeps_other_columns_and_replaces_old_groups():
    df = _frame(doc_id=["a", "b"], outlet="o", text=[STORY, STORY], section=["World", "World"],
                dup_group=[7, 8], canonical_doc_id=["a", "b"], is_canonical=[True, True])
    before = df.copy()
    out = cluster_near_duplicates(df)
    pd.testing.assert_frame_equal(df, before)
    assert list(out["section"]) == ["World", "World"]
    assert list(out["dup_group"]) == [0, 0]
    assert list(out["is_canonical"]) == [True, False]


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"doc_id": ["a"]}), "'text'"),
        (pd.DataFrame({"doc_id": ["a", "a"], "text": ["x", "y"]}), "not unique: a"),
        (pd.DataFrame({"doc_id": ["a", None], "text": ["x", "y"]}), "missing in rows"),
    ],
)
def test_bad_tables_are_named(frame, message):
    with pytest.raises(ValueError, match=message):
        cluster_near_duplicates(frame)


def test_bad_threshold_is_refused():
    with pytest.raises(ValueError, match="threshold"):
        near_duplicate_pairs(["a b c"], threshold=0)
    with pytest.raises(ValueError, match="candidate_threshold"):
        near_duplicate_pairs(["a b c"], threshold=0.5, candidate_threshold=0.7)


# --------------------------------------------------------------------------- building blocks


def test_shingle_set_counts_distinct_word_ngrams():
    # 7 tokens -> 7 - 5 + 1 = 3 five-word shingles; case and punctuation do not matter
    assert len(shingle_set("One two three four five six seven.")) == 3
    assert np.array_equal(shingle_set("ONE two, three four five six seven"),
                          shingle_set("one two three four five six seven"))
    # a repeated passage adds no new shingles
    assert len(shingle_set("a b c d e a b c d e")) == 5  # abcde bcdea cdeab deabc eabcd
    assert len(shingle_set("")) == 0
    assert len(shingle_set("two words")) == 1


def test_shingle_hashes_are_stable_across_processes():
    # Load analysis.dedup without the package __init__ (which imports every stage), so the two
    # interpreters start quickly; PYTHONHASHSEED differs between them.
    code = (
        "import sys, types; pkg = types.ModuleType('analysis'); pkg.__path__ = ['analysis'];"
        "sys.modules['analysis'] = pkg;"
        "from analysis.corpus.dedup import shingle_set;"
        "print(shingle_set('the quick brown fox jumps over the lazy dog').tolist())"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
            cwd=Path(__file__).resolve().parents[2],
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1]
    assert runs[0].strip() == str(shingle_set("the quick brown fox jumps over the lazy dog").tolist())


def test_jaccard_by_hand():
    a = np.array([1, 2, 3, 4], dtype=np.uint32)
    b = np.array([3, 4, 5], dtype=np.uint32)
    assert jaccard(a, b) == pytest.approx(2 / 5)  # {3, 4} / {1, 2, 3, 4, 5}
    assert jaccard(a[:0], b[:0]) == 0.0


def test_near_duplicate_pairs_reports_exact_similarity():
    base = [f"w{i}" for i in range(24)]  # 20 shingles
    edited = base[:20] + ["x1", "x2", "x3", "x4"]  # shares the first 16 shingles, adds 4 new
    pairs = near_duplicate_pairs([" ".join(base), " ".join(edited), "unrelated words here"],
                                 threshold=0.5)
    assert list(zip(pairs["i"], pairs["j"], strict=True)) == [(0, 1)]
    assert pairs["jaccard"].item() == pytest.approx(16 / 24)  # 16 shared of 20 + 20 - 16


def test_storage_config_is_only_the_in_memory_one():
    # candidates come from grouping band hashes in memory: no index back end to configure
    texts = [STORY, STORY, "other words entirely"]
    explicit = near_duplicate_pairs(texts, storage_config={"type": "dict"})
    pd.testing.assert_frame_equal(explicit, near_duplicate_pairs(texts))
    with pytest.raises(ValueError, match="in memory"):
        near_duplicate_pairs(texts, storage_config={"type": "redis"})


def test_pairwise_agreement_by_hand():
    # truth: {a, b, c} one story, d alone. predicted: {a, b} and {c, d}.
    # true pairs ab ac bc; predicted ab cd -> tp 1 (ab), fp 1 (cd), fn 2 (ac, bc)
    scores = pairwise_agreement([0, 0, 1, 1], ["s", "s", "s", "t"])
    assert (scores["tp"], scores["fp"], scores["fn"], scores["pairs"]) == (1, 1, 2, 6)
    assert scores["precision"] == pytest.approx(0.5)
    assert scores["recall"] == pytest.approx(1 / 3)
    with pytest.raises(ValueError, match="3 predicted labels for 2"):
        pairwise_agreement([0, 1, 2], ["a", "b"])


# --------------------------------------------------------------------------- the demo corpus

# data/README.md, "Reposts (finpulsewatch.net)": each repost page and the original it copies.
# Atlas pages carry no doc_id, so they are named by their file; Meridian records by doc_id.
DEMO_REPOSTS = {
    "azerbaijan-launches-military-offensive-in-nagorno-karabakh-demands-armenian-surrender.txt":
        ("Atlas Broadcast Network", "azerbaijan-offensive-nagorno-karabakh.html"),
    "karabakh-armenian-forces-agree-to-disarm-under-russian-brokered-ceasefire.txt":
        ("Meridian Wire", "mw-20230920-ceasefire"),
    "karabakh-armenians-lay-down-arms-handing-azerbaijan-a-crushing-victory.txt":
        ("Atlas Broadcast Network", "karabakh-ceasefire-azerbaijan-victory.html"),
    "first-refugees-from-nagorno-karabakh-cross-into-armenia.txt":
        ("Meridian Wire", "mw-20230924-first-refugees"),
    "exodus-from-nagorno-karabakh-begins-as-first-convoys-reach-armenia.html":
        ("Atlas Broadcast Network", "exodus-nagorno-karabakh-begins.html"),
    "fuel-depot-blast-near-stepanakert-kills-at-least-20-hundreds-injured.txt":
        ("Meridian Wire", "mw-20230926-depot-blast"),
    "dozens-killed-in-fuel-depot-explosion-in-nagorno-karabakh.txt":
        ("Atlas Broadcast Network", "fuel-depot-explosion-nagorno-karabakh.html"),
    "nagorno-karabakhs-separatist-government-to-dissolve-itself-by-january-1.html":
        ("Meridian Wire", "mw-20230928-dissolution"),
}


@pytest.fixture(scope="module")
def demo_corpus():
    from analysis import config
    from analysis.corpus.pipeline import load_corpus

    farm = config.DEMO_DIR / "finpulsewatch.net"
    if not farm.is_dir():
        pytest.skip(f"demo corpus not found at {config.DEMO_DIR}")
    return load_corpus(config.DEMO_DIR)


def _row(corpus: pd.DataFrame, outlet: str, name: str) -> pd.Series:
    hits = corpus[(corpus["outlet"] == outlet)
                  & ((corpus["doc_id"] == name) | corpus["source"].str.endswith("/" + name))]
    assert len(hits) == 1, (outlet, name, len(hits))
    return hits.iloc[0]


def test_demo_reposts_cluster_with_their_originals(demo_corpus):
    c = demo_corpus
    for page, (origin, original) in DEMO_REPOSTS.items():
        repost = _row(c, "finpulsewatch.net", page)
        orig = _row(c, origin, original)
        assert repost["dup_group"] == orig["dup_group"], page
        assert repost["canonical_doc_id"] == orig["doc_id"], page
        assert orig["is_canonical"] and not repost["is_canonical"]
        # attribution points at the original outlet under the name the corpus gives it
        assert repost["origin_outlet"] == origin, page


def test_demo_same_event_stories_are_not_merged(demo_corpus):
    c = demo_corpus
    sizes = c.groupby("dup_group").size()
    # the eight repost pairs are the only groups with more than one member
    assert sorted(sizes[sizes > 1]) == [2] * 8
    for _, members in c[c["dup_group"].isin(sizes[sizes > 1].index)].groupby("dup_group"):
        assert sorted(members["outlet"] == "finpulsewatch.net") == [False, True]


def test_demo_farm_pages_are_cleaned(demo_corpus):
    farm = demo_corpus[demo_corpus["outlet"] == "finpulsewatch.net"]
    assert len(farm) == 8
    for _, row in farm.iterrows():
        assert isinstance(row["title"], str) and row["title"]
        for furniture in ("Enter Your Information", "You May Also Like", "Disclaimer",
                          "Copyright", "Editor's Pick", "Connect with us", "Source:"):
            assert furniture not in row["text"], (row["doc_id"], furniture)
        if row["source"].endswith(".txt"):  # in .html pages trafilatura already dropped it
            assert "Disclaimer: finpulsewatch.net" in row["removed_text"]


def _reposts_texts():
    from analysis.corpus.pipeline import load_corpus

    corpus = load_corpus([Path(__file__).parents[1] / "fixtures" / "reposts" / "sites"])
    return corpus["text"].tolist()


def test_band_hash_candidates_are_the_lsh_index_candidates():
    # grouping equal band hashes finds exactly the pairs datasketch's MinHashLSH index returns
    from datasketch import MinHash, MinHashLSH

    from analysis.config import DEFAULT_SEED
    from analysis.corpus.dedup import (
        CANDIDATE_MARGIN,
        DEFAULT_THRESHOLD,
        band_hashes,
        candidate_pairs,
        lsh_layout,
        shingle_set,
    )

    texts = _reposts_texts() + [STORY, STORY + " One more sentence here.", ""]
    lsh = MinHashLSH(threshold=DEFAULT_THRESHOLD - CANDIDATE_MARGIN, num_perm=128,
                     weights=(0.2, 0.8))
    expected = set()
    for i, text in enumerate(texts):
        shingles = shingle_set(text)
        if not len(shingles):
            continue
        sketch = MinHash(num_perm=128, seed=DEFAULT_SEED, hashfunc=int)
        sketch.update_batch(shingles.tolist())
        expected |= {(j, i) for j in lsh.query(sketch)}
        lsh.insert(i, sketch)
    layout = lsh_layout()
    assert layout == (lsh.b, lsh.r)
    hashes, present = band_hashes(texts, layout=layout)
    assert not present[-1]
    assert {tuple(p) for p in candidate_pairs(hashes, present).tolist()} == expected
    assert expected  # the reposts have copies


def test_band_hashes_of_parts_are_those_of_the_whole():
    from analysis.corpus.dedup import band_hashes, lsh_layout

    texts = _reposts_texts()
    whole, present = band_hashes(texts, layout=lsh_layout())
    parts = [band_hashes(texts[k : k + 5], layout=lsh_layout()) for k in range(0, len(texts), 5)]
    np.testing.assert_array_equal(np.concatenate([h for h, _ in parts]), whole)
    np.testing.assert_array_equal(np.concatenate([p for _, p in parts]), present)
