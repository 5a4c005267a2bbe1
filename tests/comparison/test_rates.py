"""analysis.compare: rates, grouping, deduplication, validation; values worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.comparison.groups import GROUP_MISSING, group_labels
from analysis.comparison.rates import rates
from analysis.corpus.schema import coerce_corpus

HIT_COLS = ["doc_id", "category", "voice", "weight"]


def make_corpus(rows, **extra):
    """rows: (doc_id, outlet, n_tokens); text is n_tokens words, so n_tokens is exact."""
    df = pd.DataFrame(
        {
            "doc_id": [r[0] for r in rows],
            "outlet": [r[1] for r in rows],
            "text": [" ".join(["word"] * r[2]) for r in rows],
            **extra,
        }
    )
    return coerce_corpus(df)


CORPUS = make_corpus(
    [
        ("a1", "A", 100),
        ("a2", "A", 200),
        ("a3", "A", 300),
        ("b1", "B", 400),
        ("b2", "B", 100),
        ("c1", "C", 50),
    ]
)
HITS = pd.DataFrame(
    [
        ("a1", "atrocity", "authorial", 1.0),
        ("a1", "atrocity", "quoted", 2.0),
        ("a2", "euphemism", "reported", 0.5),
        ("a3", "atrocity", "quoted", 2.0),
        ("a3", "atrocity", "quoted", 2.0),
        ("a3", "euphemism", "authorial", 0.5),
        ("c1", "atrocity", "authorial", 1.0),
    ],
    columns=HIT_COLS,
)
CATS = ["atrocity", "euphemism"]


@pytest.fixture(scope="module")
def table():
    return rates(CORPUS, HITS, categories=CATS, n_boot=200, seed=1)


def cell(t, group, category, voice):
    row = t[(t["group"] == group) & (t["category"] == category) & (t["voice"] == voice)]
    assert len(row) == 1
    return row.iloc[0]


def test_columns_in_issue_order(table):
    assert list(table.columns[:9]) == [
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
    assert {"weighted_hits", "weighted_rate_per_1k", "weighted_ci_low", "weighted_ci_high"} <= set(
        table.columns
    )
    # 3 groups x (2 categories + ALL) x 4 voices
    assert len(table) == 3 * 3 * 4


def test_rates_by_hand(table):
    # A: 600 tokens. atrocity: 4 hits (1 authorial, 3 quoted) -> 4/600*1000 = 6.667;
    # euphemism 2 (1 authorial, 1 reported) -> 3.333; ALL 6 -> 10.
    a = cell(table, "A", "atrocity", "all")
    assert (a["n_docs"], a["n_tokens"], a["n_hits"]) == (3, 600, 4)
    assert a["rate_per_1k"] == pytest.approx(4 / 600 * 1000)
    assert cell(table, "A", "atrocity", "quoted")["rate_per_1k"] == pytest.approx(5.0)
    assert cell(table, "A", "atrocity", "reported")["n_hits"] == 0
    assert cell(table, "A", "euphemism", "all")["rate_per_1k"] == pytest.approx(2 / 600 * 1000)
    assert cell(table, "A", "ALL", "all")["rate_per_1k"] == pytest.approx(10.0)
    assert cell(table, "A", "ALL", "quoted")["n_hits"] == 3
    # weights: atrocity 1 + 2 + 2 + 2 = 7 -> 11.667; ALL 7 + 0.5 + 0.5 = 8 -> 13.333
    assert a["weighted_hits"] == pytest.approx(7.0)
    assert a["weighted_rate_per_1k"] == pytest.approx(7 / 600 * 1000)
    assert cell(table, "A", "ALL", "all")["weighted_rate_per_1k"] == pytest.approx(8 / 600 * 1000)
    assert a["n_docs_with_hits"] == 2  # a1 and a3


def test_voices_add_up_to_all(table):
    sub = table[table["voice"] != "all"].groupby(["group", "category"])["rate_per_1k"].sum()
    total = table[table["voice"] == "all"].set_index(["group", "category"])["rate_per_1k"]
    pd.testing.assert_series_equal(sub.sort_index(), total.sort_index(), check_names=False)


def test_group_without_hits_has_zero_rate_and_degenerate_interval(table):
    b = cell(table, "B", "atrocity", "all")
    assert (b["n_docs"], b["n_tokens"], b["n_hits"], b["rate_per_1k"]) == (2, 500, 0, 0.0)
    assert (b["ci_low"], b["ci_high"], b["ci_method"]) == (0.0, 0.0, "degenerate")


def test_single_document_group_has_no_interval(table):
    c = cell(table, "C", "atrocity", "all")
    assert c["rate_per_1k"] == pytest.approx(20.0)  # 1 / 50 * 1000
    assert np.isnan(c["ci_low"]) and np.isnan(c["ci_high"]) and c["ci_method"] == "none"


def test_intervals_are_ordered_and_reproducible(table):
    ok = table.dropna(subset=["ci_low"])
    assert (ok["ci_low"] <= ok["ci_high"]).all()
    assert (ok["ci_low"] >= 0).all()
    again = rates(CORPUS, HITS, categories=CATS, n_boot=200, seed=1)
    pd.testing.assert_frame_equal(table, again)
    one = rates(CORPUS, HITS, categories=CATS, n_boot=200, seed=1, ci_method="percentile")
    other = rates(CORPUS, HITS, categories=CATS, n_boot=200, seed=2, ci_method="percentile")
    assert not other["ci_high"].equals(one["ci_high"])


def test_three_documents_get_the_range_of_their_rates(table):
    # Group A has 3 documents, so the default interval is the expanded percentile one at levels
    # Phi(-sqrt(3/2) * t_{2, 0.975}) = Phi(-5.27) = 7e-8 and 1 - 7e-8: the smallest and largest
    # resampled rate. Those are the resamples drawing one document three times (each has
    # probability 1/27, so 200 resamples hold several): atrocity per document a1 2/100, a2 0/200,
    # a3 2/300 -> [0, 20] per 1,000. Seed-independent for that reason.
    a = cell(table, "A", "atrocity", "all")
    assert a["ci_method"] == "expanded-percentile"
    assert (a["ci_low"], a["ci_high"]) == pytest.approx((0.0, 20.0), abs=1e-3)
    again = rates(CORPUS, HITS, categories=CATS, n_boot=200, seed=2)
    assert cell(again, "A", "atrocity", "all")["ci_high"] == pytest.approx(20.0, abs=1e-3)


def test_one_groups_interval_does_not_depend_on_other_groups(table):
    only_a = CORPUS[CORPUS["outlet"] == "A"]
    t = rates(only_a, HITS[HITS["doc_id"].str.startswith("a")], categories=CATS, n_boot=200, seed=1)
    pd.testing.assert_frame_equal(
        t.reset_index(drop=True), table[table["group"] == "A"].reset_index(drop=True)
    )


def test_categories_default_to_those_of_the_hits():
    t = rates(CORPUS, HITS[HITS["category"] == "atrocity"], n_boot=20, seed=1)
    assert sorted(set(t["category"])) == ["ALL", "atrocity"]


def test_copies_count_once_unless_asked():
    corpus = make_corpus(
        [("a1", "A", 100), ("a2", "A", 100), ("f1", "Farm", 100)],
        canonical_doc_id=["a1", "a2", "a1"],
        is_canonical=[True, True, False],
    )
    hits = pd.DataFrame(
        [("a1", "atrocity", "authorial", 1.0), ("f1", "atrocity", "authorial", 1.0)],
        columns=HIT_COLS,
    )
    t = rates(corpus, hits, n_boot=20, seed=1)
    farm = cell(t, "Farm", "atrocity", "all")
    # The farm's only document is a copy: it stays in the table with no documents.
    assert (farm["n_docs"], farm["n_hits"]) == (0, 0)
    assert np.isnan(farm["rate_per_1k"]) and farm["ci_method"] == "none"
    assert cell(t, "A", "atrocity", "all")["n_hits"] == 1
    t2 = rates(corpus, hits, n_boot=20, seed=1, dedup=False)
    assert cell(t2, "Farm", "atrocity", "all")["rate_per_1k"] == pytest.approx(10.0)


def test_group_by_origin_outlet_and_any_column():
    corpus = make_corpus(
        [("a1", "A", 100), ("f1", "Farm", 100)],
        origin_outlet=["A", "A"],
        section=["world", None],
    )
    hits = pd.DataFrame([("f1", "x", "authorial", 1.0)], columns=HIT_COLS)
    t = rates(corpus, hits, by="origin_outlet", n_boot=20, seed=1)
    assert set(t["group"]) == {"A"}
    assert cell(t, "A", "x", "all")["n_hits"] == 1
    t = rates(corpus, hits, by="section", n_boot=20, seed=1)
    assert set(t["group"]) == {"world", GROUP_MISSING}


def test_group_by_period():
    corpus = make_corpus(
        [("d1", "A", 10), ("d2", "A", 10), ("d3", "A", 10), ("d4", "A", 10)],
        published=[
            "2023-09-19T10:00:00Z",
            "2023-09-30T23:30:00-02:00",
            "2023-10-02T00:00:00Z",
            None,
        ],
    )
    months = group_labels(corpus, "published", period="M").tolist()
    # 2023-09-30T23:30-02:00 is 2023-10-01T01:30 UTC: October.
    assert months == ["2023-09", "2023-10", "2023-10", GROUP_MISSING]
    weeks = group_labels(corpus, "published", period="W").tolist()
    assert weeks[0] == "2023-09-18/2023-09-24"
    hits = pd.DataFrame([("d2", "x", "quoted", 1.0)], columns=HIT_COLS)
    t = rates(corpus, hits, by="published", period="M", n_boot=20, seed=1)
    assert cell(t, "2023-10", "x", "quoted")["n_docs"] == 2


def test_bad_period_is_named():
    corpus = make_corpus([("d1", "A", 10)], published=["2023-09-19"])
    with pytest.raises(ValueError, match="period 'fortnight'"):
        group_labels(corpus, "published", period="fortnight")


@pytest.mark.parametrize(
    ("hits", "message"),
    [
        (pd.DataFrame([("zz9", "x", "authorial", 1.0)], columns=HIT_COLS), "doc_id.*zz9"),
        (pd.DataFrame([("a1", "x", "narrator", 1.0)], columns=HIT_COLS), "voice value.*narrator"),
        (
            pd.DataFrame([("a1", "x", "quoted", "heavy")], columns=HIT_COLS),
            "weight is not a number",
        ),
        (pd.DataFrame({"doc_id": ["a1"], "voice": ["quoted"]}), "missing column.*category"),
    ],
)
def test_bad_hits_are_reported(hits, message):
    with pytest.raises(ValueError, match=message):
        rates(CORPUS, hits, n_boot=10)


def test_hits_outside_the_lexicon_are_reported():
    with pytest.raises(ValueError, match="categories not in the lexicon: euphemism"):
        rates(CORPUS, HITS, categories=["atrocity"], n_boot=10)


def test_bad_corpus_is_reported():
    with pytest.raises(ValueError, match="no such column"):
        rates(CORPUS, HITS, by="desk", n_boot=10)
    with pytest.raises(ValueError, match="missing column.*n_tokens"):
        rates(CORPUS.drop(columns="n_tokens"), HITS, n_boot=10)


def test_row_columns_build_only_the_rows_asked():
    from analysis.comparison.rates import RowColumns

    counts = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
    tokens = np.array([10.0, 20.0, 30.0])
    m = RowColumns((counts, None), (tokens, 2), (counts, np.array([2, 0])))
    # rows 2 and 0: all of counts, tokens twice, then counts' columns 2 and 0
    assert m[np.array([2, 0])].tolist() == [
        [7.0, 8.0, 9.0, 30.0, 30.0, 9.0, 7.0],
        [1.0, 2.0, 3.0, 10.0, 10.0, 3.0, 1.0],
    ]
    assert m[np.array([], dtype=int)].shape == (0, 7)
