"""analysis.keyness: Monroe et al. (2008) log-odds with informative Dirichlet prior."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.comparison.keyness import keyness, keyness_terms
from analysis.corpus.schema import coerce_corpus
from analysis.evaluation.synthetic import synthetic_corpus


def corpus_of(rows):
    return coerce_corpus(pd.DataFrame(rows, columns=["doc_id", "outlet", "text"]))


TINY = corpus_of(
    [
        ("a1", "A", "war war peace"),
        ("a2", "A", "war peace"),
        ("b1", "B", "peace peace war"),
        ("b2", "B", "peace calm"),
    ]
)


def test_terms_join_only_across_spaces_and_hyphens():
    text = "Iron fist. Crushing victory, Russia-brokered truce\nnext line “iron fist” ends"
    got = keyness_terms(text, ngram_range=(2, 2), stopwords=())
    assert "iron fist" in got  # first sentence
    assert "crushing victory" in got
    assert "russia brokered" in got and "brokered truce" in got  # hyphen joins
    assert "fist crushing" not in got  # full stop
    assert "victory russia" not in got  # comma
    assert "truce next" not in got  # line break
    assert "line iron" not in got and "fist ends" not in got  # quote marks


def test_terms_drop_stopword_unigrams_and_edges_and_unify_apostrophes():
    got = keyness_terms("The war of the Azerbaijan’s army", ngram_range=(1, 2))
    assert "the" not in got and "of the" not in got and "the war" not in got
    assert "war" in got and "azerbaijan's" in got and "azerbaijan's army" in got
    # Unigrams, then bigrams, then trigrams; a stopword inside a phrase is fine ("war of words").
    assert keyness_terms("war of words", ngram_range=(1, 3)) == ["war", "words", "war of words"]
    assert keyness_terms("war of words, more words", ngram_range=(3, 3)) == ["war of words"]
    assert keyness_terms("", ngram_range=(1, 2)) == []


def test_log_odds_and_z_by_hand_group_vs_rest():
    # Unigrams only, no stopwords, no floor, prior_scale 1 (alpha_w = corpus count of w).
    # Counts: A: war 3, peace 2 (n_A = 5); B: peace 3, war 1, calm 1 (n_B = 5).
    # Corpus: war 4, peace 5, calm 1; alpha_0 = n = 10.
    # war, A vs B:   a_i = 3 + 4 = 7, rest of A's odds mass 5 + 10 - 7 = 8
    #                a_j = 1 + 4 = 5, rest 5 + 10 - 5 = 10
    #                delta = ln(7/8) - ln(5/10) = ln(7/4) = 0.559616
    #                var = 1/7 + 1/5 = 12/35; z = 0.559616 / sqrt(12/35) = 0.955725
    # peace, A vs B: a_i = 2 + 5 = 7, 8; a_j = 3 + 5 = 8, 7
    #                delta = ln(7/8) - ln(8/7) = 2 ln(7/8) = -0.267063; var = 1/7 + 1/8
    # calm, A vs B:  a_i = 0 + 1 = 1, 14; a_j = 1 + 1 = 2, 13
    #                delta = ln(1/14) - ln(2/13) = ln(13/28) = -0.767255; var = 1 + 1/2
    k = keyness(TINY, ngram_range=(1, 1), min_df=1, stopwords=None)
    a = k[k["group"] == "A"].set_index("term")
    assert a.loc["war", "log_odds"] == pytest.approx(math.log(7 / 4))
    assert a.loc["war", "z"] == pytest.approx(math.log(7 / 4) / math.sqrt(1 / 7 + 1 / 5))
    assert a.loc["peace", "log_odds"] == pytest.approx(2 * math.log(7 / 8))
    assert a.loc["peace", "z"] == pytest.approx(2 * math.log(7 / 8) / math.sqrt(1 / 7 + 1 / 8))
    assert a.loc["calm", "log_odds"] == pytest.approx(math.log(13 / 28))
    assert a.loc["calm", "z"] == pytest.approx(math.log(13 / 28) / math.sqrt(1.5))
    assert a.loc["war", ["count", "count_rest", "doc_freq", "doc_freq_rest"]].tolist() == [
        3,
        1,
        2,
        1,
    ]
    assert (a["other"] == "rest").all()
    # Two groups: B against the rest is the mirror image.
    b = k[k["group"] == "B"].set_index("term")
    assert b.loc["war", "z"] == pytest.approx(-a.loc["war", "z"])
    # Sorted by group, then z descending.
    assert list(a.index) == ["war", "peace", "calm"]


def test_uniform_prior_by_hand():
    # prior="uniform", prior_scale 1: alpha_w = 1 for each of the 3 unigrams, alpha_0 = 3.
    # war, A vs B: a_i = 3 + 1 = 4, 5 + 3 - 4 = 4; a_j = 1 + 1 = 2, 5 + 3 - 2 = 6
    #              delta = ln(4/4) - ln(2/6) = ln 3; var = 1/4 + 1/2
    k = keyness(TINY, ngram_range=(1, 1), min_df=1, stopwords=None, prior="uniform")
    war = k[(k["group"] == "A") & (k["term"] == "war")].iloc[0]
    assert war["log_odds"] == pytest.approx(math.log(3))
    assert war["z"] == pytest.approx(math.log(3) / math.sqrt(0.75))


def test_pair_comparison_uses_the_pair_and_the_corpus_prior():
    three = corpus_of(
        [
            ("a1", "A", "war war peace"),
            ("a2", "A", "war peace"),
            ("b1", "B", "peace peace war"),
            ("b2", "B", "peace calm"),
            ("c1", "C", "calm calm calm calm"),
        ]
    )
    # Corpus counts: war 4, peace 5, calm 5; n = 14 (prior from all three groups).
    # war, A vs B: a_i = 3 + 4 = 7, 5 + 14 - 7 = 12; a_j = 1 + 4 = 5, 5 + 14 - 5 = 14
    #              delta = ln(7/12) - ln(5/14) = ln(98/60)
    k = keyness(three, groups=("A", "B"), ngram_range=(1, 1), min_df=1, stopwords=None)
    assert set(k["group"]) == {"A", "B"}
    war_a = k[(k["group"] == "A") & (k["term"] == "war")].iloc[0]
    assert war_a["other"] == "B"
    assert war_a["count_rest"] == 1  # B's count only, not B + C
    assert war_a["log_odds"] == pytest.approx(math.log(98 / 60))
    war_b = k[(k["group"] == "B") & (k["term"] == "war")].iloc[0]
    assert war_b["other"] == "A" and war_b["z"] == pytest.approx(-war_a["z"])


def test_bigram_odds_are_against_bigrams():
    # Bigrams: A has "iron fist" x2 out of 2 bigrams; B has "green field" x1 out of 1.
    # Corpus bigram counts: iron fist 2, green field 1; n = 3.
    # iron fist, A vs B: a_i = 2 + 2 = 4, 2 + 3 - 4 = 1; a_j = 0 + 2 = 2, 1 + 3 - 2 = 2
    #                    delta = ln(4/1) - ln(2/2) = ln 4
    corpus = corpus_of([("a1", "A", "iron fist. iron fist."), ("b1", "B", "green field.")])
    k = keyness(corpus, ngram_range=(2, 2), min_df=1, stopwords=None)
    row = k[(k["group"] == "A") & (k["term"] == "iron fist")].iloc[0]
    assert row["ngram"] == 2
    assert row["log_odds"] == pytest.approx(math.log(4))


def test_document_frequency_floor_stops_one_article_dominating():
    rows = [("a1", "A", "blockade " * 20 + "road")]
    rows += [(f"a{i}", "A", "road news today") for i in range(2, 5)]
    rows += [(f"b{i}", "B", "road news blockade") for i in range(1, 5)]
    corpus = corpus_of(rows)
    # "blockade": 20 times in ONE A article, once in each of 4 B articles.
    loose = keyness(corpus, ngram_range=(1, 1), min_df=1, stopwords=None)
    strict = keyness(corpus, ngram_range=(1, 1), min_df=2, stopwords=None)
    a_loose = loose[loose["group"] == "A"].set_index("term")
    assert a_loose.loc["blockade", "z"] > 0  # raw counts say A uses it more
    a_strict = strict[strict["group"] == "A"]
    assert "blockade" not in set(a_strict["term"])  # but only one A article does
    # For B the term leans to the rest (A's 20), so it would be listed for B only if A used it
    # in 2+ documents: the one article's repetition leaves no trace on either list.
    b_strict = strict[strict["group"] == "B"]
    assert "blockade" not in set(b_strict["term"])
    assert "road" in set(strict["term"])


def test_planted_signature_words_top_their_outlets_list():
    sc = synthetic_corpus(
        {o: {"atrocity_claim": 3.0, "force_triumph": 2.0} for o in ("north", "south", "east")},
        n_docs=40,
        seed=8,
        signatures={"north": ["kravonic", "telmarine"], "south": ["dusovar"]},
    )
    k = keyness(sc.corpus, min_df=3, top_n=10)
    top_north = k[k["group"] == "north"]["term"].head(2).tolist()
    assert sorted(top_north) == ["kravonic", "telmarine"]
    assert k[k["group"] == "south"]["term"].iloc[0] == "dusovar"
    assert "kravonic" not in set(k[k["group"] == "east"]["term"])


def test_deduplication_counts_copies_once():
    corpus = corpus_of(
        [("a1", "A", "peace talks"), ("b1", "B", "war news"), ("b2", "B", "peace talks")]
    )
    corpus["is_canonical"] = [True, True, False]
    k = keyness(corpus, ngram_range=(1, 1), min_df=1, stopwords=None)
    assert k[(k["group"] == "B") & (k["term"] == "talks")].empty or (
        k[(k["group"] == "B") & (k["term"] == "talks")]["count"].iloc[0] == 0
    )
    kd = keyness(corpus, ngram_range=(1, 1), min_df=1, stopwords=None, dedup=False)
    assert kd[(kd["group"] == "B") & (kd["term"] == "talks")]["count"].iloc[0] == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"groups": ("A",)}, "two different groups"),
        ({"groups": ("A", "Z")}, "group\\(s\\) Z not in the corpus"),
        ({"min_df": 0}, "min_df must be at least 1"),
        ({"prior": "flat"}, "prior must be"),
        ({"by": "section"}, "no such column"),
        ({"ngram_range": (2, 1)}, "ngram_range"),
    ],
)
def test_bad_options_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        keyness(TINY, **kwargs)


def test_single_group_gives_empty_table_with_columns():
    one = corpus_of([("a1", "A", "war"), ("a2", "A", "peace")])
    k = keyness(one)
    assert k.empty
    assert list(k.columns)[:6] == ["group", "term", "count", "count_rest", "log_odds", "z"]


# ------------------------------------------------------------------------------ self-names


def _outlets_corpus():
    """Three outlets, three articles each. Each names itself in a dateline or credit; Atlas
    also credits Meridian Wire's reporting (a rival's name) and its own interviews ("told
    Atlas")."""
    rows = []
    for i in range(3):
        rows.append(
            (
                f"mw{i}",
                "Meridian Wire",
                f"https://www.meridianwire.com/world/{i}",
                f"STEPANAKERT, Sept {19 + i} (Meridian Wire) - Shelling hit the town. "
                "Meridian Wire's reporter saw convoys leave.",
            )
        )
        rows.append(
            (
                f"csw{i}",
                "Caspian State Wire",
                f"https://caspianstatewire.az/en/{i}",
                f"BAKU (CSW) - Local anti-terrorist measures continued on day {i}, CSW reports. "
                "Illegal formations laid down arms.",
            )
        )
        rows.append(
            (
                f"abn{i}",
                "Atlas Broadcast Network",
                f"https://www.atlasbroadcast.net/{i}",
                "A resident told Atlas the city was empty. Convoys left, Meridian Wire "
                "reported. Aid trucks waited at the border.",
            )
        )
    return coerce_corpus(pd.DataFrame(rows, columns=["doc_id", "outlet", "url", "text"]))


def test_self_names_are_label_words_initialisms_and_domain_stems():
    from analysis.comparison.keyness import self_names

    names = self_names(_outlets_corpus())
    assert names["Meridian Wire"] == ["meridian", "meridianwire", "mw", "wire"]
    assert names["Caspian State Wire"] == ["caspian", "caspianstatewire", "csw", "state", "wire"]
    assert names["Atlas Broadcast Network"] == [
        "abn",
        "atlas",
        "atlasbroadcast",
        "broadcast",
        "network",
    ]
    other = coerce_corpus(
        pd.DataFrame(
            {
                "doc_id": ["1", "2", "3", "4"],
                "outlet": ["The Lantern Review", "BBC News", "finpulsewatch.net", "Al Manar"],
                "url": [
                    "https://lanternreview.org/a",
                    "https://news.bbc.co.uk/b",
                    "https://finpulsewatch.net/c",
                    "https://www.al-manar.com.lb/d",
                ],
                "text": ["x"] * 4,
            }
        )
    )
    names = self_names(other)
    # "the" is a function word, never a name; both initialisms are kept
    assert names["The Lantern Review"] == ["lantern", "lanternreview", "lr", "review", "tlr"]
    assert names["BBC News"] == ["bbc", "bn", "news"]  # news.bbc.co.uk -> bbc
    assert names["finpulsewatch.net"] == ["finpulsewatch"]  # a domain label: its stem, not "net"
    # al-manar.com.lb -> "al", "manar"; the initialism "am" is a function word, so not a name
    assert names["Al Manar"] == ["al", "manar"]


def test_origin_grouping_takes_domains_from_the_origin_s_own_copies():
    from analysis.comparison.keyness import self_names

    corpus = coerce_corpus(
        pd.DataFrame(
            {
                "doc_id": ["own", "repost"],
                "outlet": ["Meridian Wire", "finpulsewatch.net"],
                "origin_outlet": ["Meridian Wire", "Meridian Wire"],
                "url": ["https://www.meridianwire.com/a", "https://finpulsewatch.net/b"],
                "text": ["x", "y"],
            }
        )
    )
    names = self_names(corpus, by="origin_outlet", dedup=False)
    assert names == {"Meridian Wire": ["meridian", "meridianwire", "mw", "wire"]}


def test_keyness_leaves_out_each_group_s_own_name_only():
    corpus = _outlets_corpus()
    kept = keyness(corpus, min_df=3, exclude_self=False)
    k = keyness(corpus, min_df=3)

    def terms(table, group, positive=True):
        sub = table[table["group"] == group]
        return set(sub[sub["z"] > 0]["term"]) if positive else set(sub["term"])

    # Without the option the outlets' names are among their distinctive terms (the problem).
    assert {"meridian", "meridian wire", "wire's", "meridian wire's"} <= terms(
        kept, "Meridian Wire"
    )
    assert "csw" in terms(kept, "Caspian State Wire")
    assert {"atlas", "told atlas"} <= terms(kept, "Atlas Broadcast Network")
    # With it (the default) they are gone from their own lists ...
    assert not {"meridian", "wire", "meridian wire", "wire's", "meridian wire's"} & terms(
        k, "Meridian Wire", positive=False
    )
    assert not {"csw", "baku csw"} & terms(k, "Caspian State Wire", positive=False)
    assert "atlas" not in terms(k, "Atlas Broadcast Network", positive=False)
    # ... but a phrase with another word stays ("told atlas": Atlas's own interviews) ...
    assert "told atlas" in terms(k, "Atlas Broadcast Network")
    # ... and a rival's name in another outlet's list stays: Atlas credits Meridian Wire, so
    # its row for "meridian wire" (used less than by the rest, which is Meridian itself) is kept.
    assert "meridian wire" in terms(k, "Atlas Broadcast Network", positive=False)
    # Only rows are removed, never counts: every remaining z is the same as without the option.
    both = k.merge(kept, on=["group", "term"], suffixes=("", "_kept"))
    assert len(both) == len(k)
    assert np.allclose(both["z"], both["z_kept"])
    # What was left out is listed, with its numbers.
    gone = pd.DataFrame(k.attrs["excluded_self"])
    assert set(gone["term"][gone["group"] == "Meridian Wire"]) >= {"meridian", "meridian wire"}
    assert set(gone["term"][gone["group"] == "Caspian State Wire"]) >= {"csw"}
    assert len(gone) == len(kept) - len(k)
    assert k.attrs["self_names"]["Caspian State Wire"][:3] == ["caspian", "caspianstatewire", "csw"]


def test_keyness_exclude_self_any_and_pairs():
    corpus = _outlets_corpus()
    strict = keyness(corpus, min_df=3, exclude_self="any")
    atlas = strict[strict["group"] == "Atlas Broadcast Network"]
    assert "told atlas" not in set(atlas["term"])  # contains a self-name token
    # A pair comparison: Atlas against Caspian State Wire. Atlas names Meridian Wire, CSW never
    # does, so "meridian wire" is key for Atlas: another outlet's name, kept.
    pair = keyness(corpus, groups=("Atlas Broadcast Network", "Caspian State Wire"), min_df=3)
    atlas_vs = pair[(pair["group"] == "Atlas Broadcast Network") & (pair["z"] > 0)]
    assert "meridian wire" in set(atlas_vs["term"]) and "atlas" not in set(atlas_vs["term"])
    csw_vs = pair[pair["group"] == "Caspian State Wire"]
    assert "csw" not in set(csw_vs["term"])
    with pytest.raises(ValueError, match="exclude_self must be"):
        keyness(corpus, exclude_self="some")


def test_term_counts_by_hand_from_a_series_read_in_chunks():
    from analysis.comparison.keyness import _count_matrix, term_counts

    texts = pd.Series(["war war peace", "peace calm", "war peace"], index=[10, 11, 12])
    analyzer = str.split
    # chunks of one document: the terms in order of first appearance, counts per document
    X, _, terms = _count_matrix(texts, analyzer, chunk=1)
    assert terms.tolist() == ["war", "peace", "calm"]
    assert X.toarray().tolist() == [[2, 1, 0], [0, 1, 1], [1, 1, 0]]
    assert X.dtype == np.int32
    X_list, _, _ = _count_matrix(texts.tolist(), analyzer, chunk=2)
    assert (X_list != X).nnz == 0
    # min_df 2: "calm" (one document) is left out of X but counted in the unigram totals
    counts = term_counts(texts, (1, 1), stopwords=(), min_df=2)
    assert counts.terms.tolist() == ["war", "peace"]
    assert counts.X.toarray().tolist() == [[2, 1], [0, 1], [1, 1]]
    assert counts.doc_totals.ravel().tolist() == [3, 2, 2]
    assert counts.row_groups is None and counts.doc_freq is None


def test_term_counts_per_group_sum_the_documents_rows():
    from analysis.comparison.keyness import _count_matrix, term_counts

    texts = pd.Series(["war war peace", "peace calm", "war peace", "calm"])
    groups = pd.Series(["b", "a", "b", "a"])
    # rows a, b (sorted labels); a = texts 1 and 3, b = texts 0 and 2
    X, DF, terms = _count_matrix(texts, str.split, chunk=1, row_codes=np.array([1, 0, 1, 0]),
                                 n_rows=2, merge_at=1)  # merged after every chunk
    assert terms.tolist() == ["war", "peace", "calm"]
    assert X.toarray().tolist() == [[0, 1, 2], [3, 2, 0]]
    assert DF.toarray().tolist() == [[0, 1, 2], [2, 2, 0]]
    # min_df 3 over the corpus: only peace (3 texts) stays; war and calm are in 2
    counts = term_counts(texts, (1, 1), stopwords=(), min_df=3, groups=groups)
    assert counts.terms.tolist() == ["peace"]
    assert counts.row_groups.tolist() == ["a", "b"]
    assert counts.X.toarray().tolist() == [[1], [2]]
    assert counts.doc_freq.toarray().tolist() == [[1], [2]]
    # the n-gram totals count every unigram of the group, floored ones included
    assert counts.doc_totals.ravel().tolist() == [3, 5]
    y, df, n = counts.totals(np.array([False, True]))
    assert (y.tolist(), df.tolist(), n.tolist()) == ([2], [2], [5])
    # a categorical keeps its categories' order and its empty groups (a zero row)
    cat = pd.Series(pd.Categorical(groups, categories=["b", "a", "c"]))
    by_cat = term_counts(texts, (1, 1), stopwords=(), min_df=3, groups=cat)
    assert by_cat.row_groups.tolist() == ["b", "a", "c"]
    assert by_cat.X.toarray().tolist() == [[2], [1], [0]]


def test_the_first_pass_counts_texts_per_term_by_hash_and_floors_nothing_else():
    from analysis.comparison.keyness import (
        _count_matrix,
        _scan_vocabulary,
        _term_hashes,
        keyness_terms,
    )

    texts = ["war crimes war", "war crimes", "peace talks", "war"]
    analyzer = lambda t: keyness_terms(t, ngram_range=(1, 2), stopwords=())  # noqa: E731
    # unigrams and bigrams: war (texts 0, 1, 3), crimes (0, 1), peace, talks (2),
    # "war crimes" (0, 1), "crimes war" (0), "peace talks" (2)
    for merge_at in (1, 1 << 20):  # merged after every chunk, or once at the end
        scan = _scan_vocabulary(texts, analyzer, 2, row_codes=None, n_rows=4, chunk=1,
                                merge_at=merge_at)
        assert sorted(scan.kept.tolist()) == sorted(
            _term_hashes(["war", "crimes", "war crimes"]).tolist())
        assert scan.orders.tolist() == [1, 2]
        # every n-gram counts in the totals and the vocabulary, floored or not
        assert scan.totals.tolist() == [[3, 2], [2, 1], [2, 1], [1, 0]]
        assert scan.vocab_size.tolist() == [4, 3]
    # by group rows: texts 0 and 2 in row 1, texts 1 and 3 in row 0
    scan = _scan_vocabulary(texts, analyzer, 3, row_codes=np.array([1, 0, 1, 0]), n_rows=2,
                            chunk=3)
    assert scan.kept.tolist() == _term_hashes(["war"]).tolist()
    assert scan.totals.tolist() == [[3, 1], [5, 3]]
    # the second pass counts only the kept terms, in order of first appearance
    X, _, terms = _count_matrix(texts, analyzer, chunk=1, kept=np.sort(
        _term_hashes(["crimes", "war crimes"])))
    assert terms.tolist() == ["crimes", "war crimes"]
    assert X.toarray().tolist() == [[1, 1], [1, 1], [0, 0], [0, 0]]
    assert _scan_vocabulary(["", "..."], analyzer, 1, row_codes=None, n_rows=2) is None


def test_one_pass_and_two_passes_count_the_same(monkeypatch):
    import analysis.comparison.keyness as k

    texts = pd.Series(["war crimes war", "war crimes", "peace talks", "war", "", "talks war"])
    groups = pd.Series(["b", "a", "b", "a", "a", "b"])
    for by in (None, groups):
        one = k.term_counts(texts, (1, 2), stopwords=(), min_df=2, groups=by)
        monkeypatch.setattr(k, "ONE_PASS_MAX_TEXTS", 0)  # every corpus read twice
        two = k.term_counts(texts, (1, 2), stopwords=(), min_df=2, groups=by)
        monkeypatch.undo()
        # in order of first appearance; peace and the other bigrams are in one text each
        assert one.terms.tolist() == two.terms.tolist() == ["war", "crimes", "war crimes",
                                                             "talks"]
        assert (one.X != two.X).nnz == 0
        for name in ("order_col", "order_of", "doc_totals", "vocab_size"):
            assert getattr(one, name).tolist() == getattr(two, name).tolist(), name
    # by hand: row a = texts 1, 3, 4 (2 + 1 + 0 unigrams, 1 + 0 + 0 bigrams), row b = texts 0,
    # 2, 5 (3 + 2 + 2, 2 + 1 + 1); 4 distinct unigrams and 4 distinct bigrams, floored or not
    assert one.doc_totals.tolist() == [[3, 1], [7, 4]]
    assert one.vocab_size.tolist() == [4, 4]


def test_row_texts_read_the_chosen_rows_a_slice_at_a_time():
    from analysis.comparison.groups import RowTexts

    col = pd.Series(["a b", None, "c", "d e"], dtype="string")
    texts = RowTexts(col, np.array([3, 1, 0]))
    assert len(texts) == 3
    # positions 3, 1, 0 in that order; the missing text reads as ""
    assert texts[0:2] == ["d e", ""]
    assert texts[2:5] == ["a b"]
    obj = RowTexts(pd.Series(["x", float("nan"), 7], dtype=object), np.array([0, 1, 2]))
    assert obj[0:3] == ["x", "", "7"]
