"""Tests of analysis.plots: what each chart draws, its caption, its errors, and reproducible files.

Every expected value is read off the small hand-made tables below (the table contracts of
analysis.compare / analysis.score), so a chart that drew the wrong column, dropped an interval or
mislabelled an outlet fails.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

import analysis

# Two outlets, one category, three voices plus "all". Rates and intervals chosen by hand.
RATES = pd.DataFrame(
    [
        # group, category, voice, n_docs, n_tokens, n_hits, rate, lo, hi
        ("Zeta Daily", "ALL", "all", 4, 2000, 8, 4.0, 2.5, 6.0),
        ("Zeta Daily", "ALL", "authorial", 4, 2000, 2, 1.0, 0.2, 1.9),
        ("Zeta Daily", "ALL", "quoted", 4, 2000, 4, 2.0, 1.1, 3.2),
        ("Zeta Daily", "ALL", "reported", 4, 2000, 2, 1.0, 0.0, 2.0),
        ("Alpha Wire", "ALL", "all", 3, 1000, 3, 3.0, 1.0, 5.0),
        ("Alpha Wire", "ALL", "authorial", 3, 1000, 3, 3.0, 1.0, 5.0),
        ("Alpha Wire", "ALL", "quoted", 3, 1000, 0, 0.0, 0.0, 0.0),
        ("Alpha Wire", "ALL", "reported", 3, 1000, 0, 0.0, 0.0, 0.0),
        ("Zeta Daily", "atrocity_claim", "all", 4, 2000, 4, 2.0, 1.0, 3.0),
        ("Alpha Wire", "atrocity_claim", "all", 3, 1000, 1, 1.0, 0.0, 2.5),
        ("Zeta Daily", "force_triumph", "all", 4, 2000, 4, 2.0, 0.5, 3.5),
        ("Alpha Wire", "force_triumph", "all", 3, 1000, 2, 2.0, 0.8, 4.0),
    ],
    columns=[
        "group",
        "category",
        "voice",
        "n_docs",
        "n_tokens",
        "n_hits",
        "rate_per_1k",
        "ci_low",
        "ci_high",
    ],
)
RATES["weighted_rate_per_1k"] = RATES["rate_per_1k"] * 2
RATES["weighted_ci_low"] = RATES["ci_low"] * 2
RATES["weighted_ci_high"] = RATES["ci_high"] * 2


@pytest.fixture(autouse=True)
def no_pyplot_figures_left_open():
    """No plotting function may leave a figure in pyplot's registry (global state)."""
    import matplotlib.pyplot as plt

    before = set(plt.get_fignums())
    yield
    assert set(plt.get_fignums()) == before


def _bars(ax) -> list:
    return [c for c in ax.containers if isinstance(c, matplotlib.container.BarContainer)]


def _whiskers(container) -> list[tuple[float, float]]:
    """(left, right) x of each whisker of a horizontal bar container with xerr."""
    segments = container.errorbar.lines[2][0].get_segments()
    return [(float(s[0][0]), float(s[1][0])) for s in segments]


def _segments(ax) -> list[tuple[float, float]]:
    """(left, right) x of each whisker drawn by errorbar on ``ax``."""
    return [(float(s[0][0]), float(s[1][0])) for s in ax.collections[0].get_segments()]


def _close(actual, expected) -> None:
    np.testing.assert_allclose(np.asarray(actual, float), np.asarray(expected, float))


def test_plot_rates_draws_rates_and_document_intervals_per_voice():
    fig = analysis.plot_rates(RATES)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    # Alphabetical order, top to bottom: Alpha Wire first; tick labels carry n docs.
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Alpha Wire\n(n=3 docs)", "Zeta Daily\n(n=4 docs)"]
    bars = _bars(ax)
    assert [b.get_label() for b in bars] == [
        "authorial (outlet's own words)",
        "quoted (inside quotation marks)",
        "reported (attributed speech)",
    ]
    # authorial bars: Alpha 3.0 [1.0, 5.0], Zeta 1.0 [0.2, 1.9] (rows 5 and 1 of RATES)
    assert [p.get_width() for p in bars[0].patches] == pytest.approx([3.0, 1.0])
    _close(_whiskers(bars[0]), [(1.0, 5.0), (0.2, 1.9)])
    # quoted: Alpha 0 [0, 0], Zeta 2.0 [1.1, 3.2]
    _close(_whiskers(bars[1]), [(0.0, 0.0), (1.1, 3.2)])
    assert ax.get_xlabel() == "hits per 1,000 tokens"
    caption = analysis.caption_for(fig)
    assert "95% bootstrap" in caption and "documents" in caption
    # Highest authorial rate is Alpha Wire's 3.00 [1.00, 5.00].
    assert "Alpha Wire, 3.00 [1.00, 5.00] per 1,000 tokens" in caption


def test_plot_rates_weighted_uses_weighted_columns_and_one_panel_per_category():
    fig = analysis.plot_rates(
        RATES, category=["atrocity_claim", "force_triumph"], voices=["all"], weighted=True
    )
    assert len(fig.axes) == 2
    left, right = fig.axes
    assert (
        left.get_title(loc="left") == "atrocity claim"
        and right.get_title(loc="left") == "force triumph"
    )
    # weighted = 2 x rate: Alpha 2.0 [0, 5.0], Zeta 4.0 [2.0, 6.0] for atrocity_claim
    assert [p.get_width() for p in _bars(left)[0].patches] == pytest.approx([2.0, 4.0])
    _close(_whiskers(_bars(left)[0]), [(0.0, 5.0), (2.0, 6.0)])
    assert left.get_xlabel() == "weighted hits per 1,000 tokens"


def test_plot_rates_errors_and_empty_input():
    with pytest.raises(ValueError, match="missing column.*ci_high"):
        analysis.plot_rates(RATES.drop(columns="ci_high"))
    with pytest.raises(ValueError, match="unknown voice"):
        analysis.plot_rates(RATES, voices=["shouted"])
    empty = analysis.plot_rates(RATES, category="no_such_category")
    assert "no rows for category no_such_category" in analysis.caption_for(empty)


def test_plot_heatmap_cells_are_rates_with_intervals():
    fig = analysis.plot_heatmap(RATES, voice="all")
    ax = fig.axes[0]
    image = ax.get_images()[0]
    # rows Alpha, Zeta; columns atrocity_claim, force_triumph ("ALL" left out)
    np.testing.assert_allclose(np.asarray(image.get_array()), [[1.0, 2.0], [2.0, 2.0]])
    texts = {t.get_text() for t in ax.texts}
    assert "1.00\n[0.00, 2.50]" in texts and "2.00\n[0.50, 3.50]" in texts
    assert [t.get_text() for t in ax.get_xticklabels()] == ["atrocity claim", "force triumph"]
    # Darkest cell, ties broken by group then category: Alpha Wire, force triumph 2.00 [0.80, 4.00].
    assert "Alpha Wire, force triumph, 2.00 [0.80, 4.00]" in analysis.caption_for(fig)
    assert fig.axes[1].get_ylabel() == "hits per 1,000 tokens"  # the colour bar


KEYNESS = pd.DataFrame(
    {
        "group": ["A", "A", "A", "B", "B"],
        "term": ["iron fist", "separatists", "ceasefire", "genocide", "blockade"],
        "count": [5, 9, 2, 7, 3],
        "count_rest": [0, 1, 6, 0, 1],
        "log_odds": [2.0, 1.5, -0.5, 1.8, 0.4],
        "z": [3.5, 2.4, -1.0, 4.1, 0.9],
    }
)


def test_plot_keyness_shows_overused_terms_by_z():
    fig = analysis.plot_keyness(KEYNESS, top=5)
    a, b = fig.axes[:2]
    # Only z > 0, largest first: A -> iron fist (3.5), separatists (2.4); ceasefire (z<0) left out.
    assert [t.get_text() for t in a.get_yticklabels()] == ["iron fist  (5)", "separatists  (9)"]
    assert [p.get_width() for p in _bars(a)[0].patches] == pytest.approx([3.5, 2.4])
    assert [p.get_width() for p in _bars(b)[0].patches] == pytest.approx([4.1, 0.9])
    # z >= 1.96 is dark blue, below it pale.
    colors = [matplotlib.colors.to_hex(p.get_facecolor()) for p in _bars(b)[0].patches]
    assert colors == ["#0072b2", "#9ecae1"]
    assert "“genocide” in B (z = 4.1)" in analysis.caption_for(fig)


NAMING = pd.DataFrame(
    {
        "group": ["A", "A", "B", "B", "A", "B"],
        "referent": ["city"] * 4 + ["region"] * 2,
        "variant": ["Stepanakert", "Khankendi", "Stepanakert", "Khankendi", "Artsakh", "Artsakh"],
        "count": [3, 1, 0, 4, 0, 0],
        "share": [0.75, 0.25, 0.0, 1.0, np.nan, np.nan],
        "ci_low": [0.5, 0.0, 0.0, 1.0, np.nan, np.nan],
        "ci_high": [1.0, 0.5, 0.0, 1.0, np.nan, np.nan],
    }
)


def test_plot_naming_shares_with_intervals_and_mention_counts():
    fig = analysis.plot_naming(NAMING)
    # "region" has no mention at all: no panel for it.
    titled = [ax for ax in fig.axes if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left") for ax in titled] == ["city: 8 mentions"]
    ax = titled[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A (n=4)", "B (n=4)"]
    # Khankendi used 5 times in all, Stepanakert 3: Khankendi is the first column.
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Khankendi", "Stepanakert"]
    # cells: rows A, B x columns Khankendi, Stepanakert = shares from the table
    np.testing.assert_allclose(
        np.asarray(ax.get_images()[0].get_array()), [[0.25, 0.75], [1.0, 0.0]]
    )
    cells = {t.get_text() for t in ax.texts}
    assert {"75%\n[50%, 100%]", "25%\n[0%, 50%]", "100%\n[100%, 100%]"} <= cells
    # B uses Khankendi in 100% of its 4 mentions (largest share).
    assert "B calls city “Khankendi” in 100% of 4 mentions" in analysis.caption_for(fig)
    # compare marks intervals it could not estimate: no bracket pretends to be one.
    marked = NAMING.assign(
        ci_method=["studentized", "studentized", "degenerate", "degenerate"] + ["none"] * 2
    )
    texts = {t.get_text() for t in analysis.plot_naming(marked).axes[0].texts}
    assert (
        "100%\n[all docs agree]" in texts and "0%" in texts
    )  # B: always Khankendi, never Stepanakert
    only = analysis.plot_naming(NAMING, referents=["region"])
    assert "no variant" in analysis.caption_for(only)


def test_plot_outlet_map_places_points_and_names_the_closest_pair():
    omap = pd.DataFrame({"group": ["C", "A", "B"], "x": [0.0, 3.0, 0.0], "y": [0.0, 0.0, 1.0]})
    fig = analysis.plot_outlet_map(omap)
    ax = fig.axes[0]
    # Points in alphabetical order A, B, C.
    np.testing.assert_allclose(ax.collections[0].get_offsets(), [[3, 0], [0, 1], [0, 0]])
    assert {t.get_text() for t in ax.texts} == {"A", "B", "C"}
    # distances: A-B sqrt(10), A-C 3, B-C 1 -> closest B and C
    assert analysis.caption_for(fig).endswith("Closest pair on the map: B and C.")
    assert "no unit" in ax.get_xlabel()


def test_plot_corpus_overview_counts_articles_copies_and_days():
    corpus = pd.DataFrame(
        {
            "outlet": ["B", "A", "A", "A"],
            "published": pd.to_datetime(
                ["2023-09-19T10:00Z", "2023-09-19T23:00Z", "2023-09-21T01:00Z", None], utc=True
            ),
            "is_canonical": [True, True, False, True],
        }
    )
    fig = analysis.plot_corpus_overview(corpus)
    left, right = fig.axes[:2]
    originals, copies = _bars(left)
    # A: 2 own/canonical + 1 copy; B: 1 + 0
    assert [p.get_width() for p in originals.patches] == [2, 1]
    assert [p.get_width() for p in copies.patches] == [1, 0]
    # Days 19, 20, 21 Sept; A has one dated article on the 19th and one (the copy) on the 21st.
    a_bars = [b for b in _bars(right) if b.get_label() == "A"][0]
    assert [p.get_height() for p in a_bars.patches] == [1, 0, 1]
    caption = analysis.caption_for(fig)
    assert caption.startswith("4 articles from 2 outlets from 19 Sep 2023 to 21 Sep 2023 (UTC)")
    assert "near-duplicate copies of another article (1 in all)" in caption
    assert "1 undated article not on the time axis" in caption


HITS = pd.DataFrame(
    {
        "term": ["iron fist", "iron fist", "genocide", "genocide", "genocide", "blockade"],
        "category": ["force_triumph"] * 2 + ["atrocity_claim"] * 3 + ["victimhood"],
        "voice": ["quoted", "quoted", "reported", "authorial", "reported", "authorial"],
        "negated": [False, False, True, False, False, False],
        "hedged": [False, True, False, False, False, False],
    }
)


def test_voice_counts_by_term_and_category():
    counts = analysis.voice_counts(HITS)
    # genocide: 1 authorial, 2 reported (3 hits); iron fist: 2 quoted; blockade: 1 authorial
    assert counts["term"].tolist() == ["genocide", "iron fist", "blockade"]
    row = counts.iloc[0]
    assert (row["authorial"], row["quoted"], row["reported"], row["total"]) == (1, 0, 2, 3)
    assert row["share_authorial"] == pytest.approx(1 / 3)
    assert row["negated"] == 1 and row["category"] == "atrocity_claim"
    assert counts.set_index("term").loc["iron fist", "hedged"] == 1
    by_cat = analysis.voice_counts(HITS, by="category")
    assert by_cat.set_index("category").loc["force_triumph", "quoted"] == 2


def test_voice_counts_of_a_corpus_without_hits():
    # What analysis.score returns when no term matches: no rows, string columns. Notebook 02
    # tables these counts whatever the corpus, so this is an empty table, not an error.
    corpus = analysis.coerce_corpus(
        pd.DataFrame({"doc_id": ["a"], "outlet": ["X"], "text": ["Nothing loaded."], "source": ["s"]})
    )
    lexicon = analysis.Lexicon.from_frame(
        pd.DataFrame({"term": ["genocide"], "category": ["atrocity_claim"]})
    )
    no_hits = analysis.score(corpus, lexicon)
    assert no_hits.empty
    counts = analysis.voice_counts(no_hits)
    assert counts.empty
    assert counts.columns.tolist() == [
        "term", "category", "authorial", "quoted", "reported", "total", "share_authorial",
        "negated", "hedged",
    ]


def test_plot_voice_breakdown_stacks_voices_and_names_attributed_terms():
    fig = analysis.plot_voice_breakdown(HITS)
    ax = fig.axes[0]
    authorial, quoted, reported = _bars(ax)
    assert [p.get_width() for p in authorial.patches] == [1, 0, 1]
    assert [p.get_width() for p in quoted.patches] == [0, 2, 0]
    assert [p.get_x() for p in reported.patches] == [1, 2, 1]  # stacked after the others
    # genocide has 2 of 3 hits outside the outlet's voice, iron fist 2 of 2: tie on 2 -> "genocide"
    assert "“genocide”: 2 of 3 hits are quoted or reported" in analysis.caption_for(fig)
    assert "no lexicon term" in analysis.caption_for(analysis.plot_voice_breakdown(HITS.iloc[:0]))


def test_plot_tone_points_and_intervals_per_actor():
    tone = pd.DataFrame(
        {
            "group": ["A", "B", "A", "B"],
            "actor": ["army", "army", "ministry", "ministry"],
            "side": ["X", "X", "Y", "Y"],
            "n_sentences": [10, 4, 2, 0],
            "mean_compound": [-0.4, 0.1, 0.3, np.nan],
            "ci_low": [-0.6, -0.2, 0.1, np.nan],
            "ci_high": [-0.1, 0.5, 0.5, np.nan],
        }
    )
    fig = analysis.plot_tone(tone)
    army = fig.axes[0]
    assert army.get_title(loc="left") == "army (X)"  # 14 sentences: first panel
    line = army.lines[0]
    _close(line.get_xdata(), [-0.4, 0.1])
    _close(_segments(army), [(-0.6, -0.1), (-0.2, 0.5)])
    assert {t.get_text() for t in army.texts} == {"n=10", "n=4"}
    assert army.get_xlim() == pytest.approx((-1.05, 1.05))


def test_plot_sources_uses_table_intervals_or_sums_several_rows():
    sources = pd.DataFrame(
        {
            "group": ["A", "A", "A", "B"],
            "speaker": ["minister", "spokesman", "refugee", "refugee"],
            "actor": ["gov", "gov", "civilians", "civilians"],
            "side": ["X", "X", "Y", "Y"],
            "count": [2, 1, 1, 5],
            "share": [0.5, 0.25, 0.25, 1.0],
            "ci_low": [0.2, 0.0, 0.0, 1.0],
            "ci_high": [0.8, 0.6, 0.6, 1.0],
        }
    )
    fig = analysis.plot_sources(sources, by="side")
    # Y has 6 spans, X 3: Y first.
    y_ax, x_ax = fig.axes[:2]
    assert y_ax.get_title(loc="left") == "Y (6 spans)"
    # Y: A one row (share 0.25 [0, 0.6]), B one row (1.0 [1, 1])
    _close(y_ax.lines[0].get_xdata(), [0.25, 1.0])
    _close(_segments(y_ax), [(0.0, 0.6), (1.0, 1.0)])
    # X for A: two rows summed, 3 of A's 4 spans = 0.75, no whisker (zero length).
    _close(x_ax.lines[0].get_xdata(), [0.75])
    _close(_segments(x_ax), [(0.75, 0.75)])
    assert "summed from several rows have no whisker" in analysis.caption_for(fig)


def test_save_figure_is_byte_reproducible_without_dates(tmp_path):
    first = analysis.save_figure(analysis.plot_rates(RATES), tmp_path / "a")
    second = analysis.save_figure(analysis.plot_rates(RATES), tmp_path / "b")
    assert [p.suffix for p in first] == [".png", ".svg"]
    for p, q in zip(first, second, strict=True):
        assert p.read_bytes() == q.read_bytes()
    svg = first[1].read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"Software" not in first[0].read_bytes()
    assert analysis.figure_png(analysis.plot_rates(RATES)) == first[0].read_bytes()
    with pytest.raises(ValueError, match="unsupported format"):
        analysis.save_figure(analysis.plot_rates(RATES), tmp_path / "c", formats=["bmp"])


def test_corpus_text_in_labels_is_not_mathtext(tmp_path):
    # "$...$" in an outlet name would start matplotlib mathtext (and fail on "$5 $"): it must not.
    omap = pd.DataFrame({"group": ["$5 $ News", "x_1^2 Post"], "x": [0.0, 1.0], "y": [0.0, 1.0]})
    fig = analysis.plot_outlet_map(omap)
    analysis.save_figure(fig, tmp_path / "m")
    assert "$5 $ News" in {t.get_text() for t in fig.axes[0].texts}


def test_caption_for_other_figures_is_empty():
    assert analysis.caption_for(Figure()) == ""


def test_every_plot_function_rejects_a_non_table():
    for name in analysis.__all__:
        if name.startswith("plot_"):
            with pytest.raises(TypeError, match="expected a pandas DataFrame"):
                getattr(analysis, name)([1, 2, 3])


def test_plot_sources_and_tone_pick_the_level_and_kind_of_the_compare_tables():
    # analysis.compare gives one row per group x level x entity x kind; only level == by and
    # kind == "all" are drawn (the quoted-only row below, share 0.9, must not appear).
    sources = pd.DataFrame(
        {
            "group": ["A", "A", "A", "A"],
            "level": ["side", "side", "actor", "side"],
            "side": ["X", "(unmapped)", "X", "X"],
            "actor": [pd.NA, pd.NA, "gov", pd.NA],
            "speaker": [pd.NA] * 4,
            "kind": ["all", "all", "all", "quoted"],
            "count": [3, 1, 3, 2],
            "share": [0.75, 0.25, 0.75, 0.9],
            "ci_low": [0.5, 0.0, 0.5, 0.6],
            "ci_high": [1.0, 0.5, 1.0, 1.0],
        }
    )
    fig = analysis.plot_sources(sources, by="side")
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert titles == ["X (3 spans)", "(unmapped) (1 spans)"]
    _close(fig.axes[0].lines[0].get_xdata(), [0.75])
    _close(_segments(fig.axes[0]), [(0.5, 1.0)])
    quoted = analysis.plot_sources(sources, by="side", kind="quoted")
    _close(quoted.axes[0].lines[0].get_xdata(), [0.9])
    tone = pd.DataFrame(
        {
            "group": ["A", "A"],
            "level": ["side", "actor"],
            "side": ["X", "X"],
            "actor": [pd.NA, "gov"],
            "n_sentences": [5, 4],
            "mean_compound": [-0.2, 0.3],
            "ci_low": [-0.4, 0.1],
            "ci_high": [0.0, 0.5],
        }
    )
    by_actor = analysis.plot_tone(tone)
    assert by_actor.axes[0].get_title(loc="left") == "gov (X)"
    _close(by_actor.axes[0].lines[0].get_xdata(), [0.3])
    by_side = analysis.plot_tone(tone, by="side")
    assert by_side.axes[0].get_title(loc="left") == "X"
    _close(by_side.axes[0].lines[0].get_xdata(), [-0.2])


# Pairwise differences (analysis.rate_differences): three outlets with data, one without.
DIFFS = pd.DataFrame(
    [
        # group_a, group_b, difference, low, high, n_docs_a, n_docs_b
        ("Alpha Wire", "Beta Post", 3.0, 1.0, 5.0, 9, 8),
        ("Alpha Wire", "Gamma Daily", -1.0, -4.0, 2.0, 9, 7),
        ("Beta Post", "Gamma Daily", -4.0, -6.5, -0.5, 8, 7),
        ("Alpha Wire", "copies.example", np.nan, np.nan, np.nan, 9, 0),
    ],
    columns=[
        "group_a",
        "group_b",
        "difference",
        "diff_ci_low",
        "diff_ci_high",
        "n_docs_a",
        "n_docs_b",
    ],
).assign(category="ALL", voice="authorial", denominator="voice", ci_level=0.95, n_pairs=6)


def test_plot_differences_draws_each_pair_with_its_interval_and_a_zero_line():
    fig = analysis.plot_differences(DIFFS, voice="authorial", denominator="voice")
    ax = fig.axes[0]
    # Rows sorted by difference, largest first; the pair without data is left out.
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [label.split("\n")[0] for label in labels] == ["Alpha Wire", "Alpha Wire", "Beta Post"]
    assert labels[0] == "Alpha Wire\n\u2212 Beta Post  (9 vs 8 docs)"
    # One interval line and one dot per pair, plus the zero line.
    zero = [ln for ln in ax.lines if list(ln.get_xdata()) == [0, 0]]
    assert len(zero) == 1
    spans = [tuple(ln.get_xdata()) for ln in ax.lines if len(ln.get_xdata()) == 2]
    spans = [s for s in spans if s != (0, 0)]
    _close(spans, [(1.0, 5.0), (-4.0, 2.0), (-6.5, -0.5)])
    dots = [ln.get_xdata()[0] for ln in ax.lines if ln.get_marker() == "o"]
    _close(dots, [3.0, -1.0, -4.0])
    # Blue where the interval excludes 0, grey where it includes it.
    colours = [ln.get_color() for ln in ax.lines if ln.get_marker() == "o"]
    assert colours == ["#0072B2", "#9a9a9a", "#0072B2"]
    assert "per 1,000 of the outlet's own words" in ax.get_xlabel()
    texts = [t.get_text() for t in ax.texts]
    assert "+3.00 [+1.00, +5.00]" in texts
    caption = analysis.caption_for(fig)
    assert "2 of 3 intervals exclude 0" in caption
    assert "with 3 pairs, about 0.15 would exclude 0 by chance" in caption  # 3 x 0.05
    assert "Left out: 1 pair(s) with copies.example" in caption
    assert "Largest: Beta Post \u2212 Gamma Daily, -4.00 [-6.50, -0.50]" in caption


def test_plot_differences_bonferroni_caption_other_voice_and_errors():
    adjusted = DIFFS.assign(ci_level=1 - 0.05 / 6)
    caption = analysis.caption_for(
        analysis.plot_differences(adjusted, voice="authorial", denominator="voice")
    )
    assert "Bonferroni-widened to 99.17% each" in caption
    assert "all 6 pairs cover together" in caption
    empty = analysis.plot_differences(DIFFS)  # voice "all": no such rows
    assert "no rows for category 'ALL', voice 'all'" in analysis.caption_for(empty)
    with pytest.raises(ValueError, match="missing column"):
        analysis.plot_differences(DIFFS.drop(columns="diff_ci_low"))
    with pytest.raises(ValueError, match="sort must be"):
        analysis.plot_differences(DIFFS, voice="authorial", denominator="voice", sort="size")
    by_pair = analysis.plot_differences(
        DIFFS, voice="authorial", denominator="voice", sort="pair"
    )
    labels = [t.get_text().split("\n")[1] for t in by_pair.axes[0].get_yticklabels()]
    assert labels[0].startswith("\u2212 Beta Post") and labels[1].startswith("\u2212 Gamma")
