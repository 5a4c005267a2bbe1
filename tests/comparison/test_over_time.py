"""analysis.rates_over_time, event_differences, choose_period; values by hand (issue 12)."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.comparison.over_time import choose_period


def _corpus(rows):
    df = pd.DataFrame(rows, columns=["doc_id", "outlet", "published", "text"])
    return analysis.coerce_corpus(df)


LEX = analysis.Lexicon.from_frame(pd.DataFrame({"term": ["siege"], "category": ["c"]}))


def test_rates_per_outlet_and_month_by_hand():
    corpus = _corpus([
        ("a1", "A", "2022-01-05", "siege one two three"),       # 4 tokens, 1 hit
        ("a2", "A", "2022-01-20", "siege siege x y z w v u"),   # 8 tokens, 2 hits
        ("a3", "A", "2022-02-10", "calm words only here"),      # 4 tokens, 0 hits
        ("b1", "B", "2022-01-07", "siege a b c d"),             # 5 tokens, 1 hit
        ("u1", "B", None, "siege undated"),                     # no date: left out
    ])
    hits = analysis.score(corpus, LEX)
    t = analysis.rates_over_time(corpus, hits, period="M", n_boot=100, seed=1)
    assert t.attrs == {"period": "M", "n_undated": 1}
    cell = t[(t["category"] == "ALL") & (t["voice"] == "all")].set_index(["group", "period"])
    assert cell.loc[("A", "2022-01"), "rate_per_1k"] == pytest.approx(1000 * 3 / 12)
    assert cell.loc[("A", "2022-02"), "rate_per_1k"] == 0.0
    assert cell.loc[("B", "2022-01"), "rate_per_1k"] == pytest.approx(1000 / 5)
    assert cell.loc[("A", "2022-01"), "n_docs"] == 2
    assert str(cell.loc[("A", "2022-02"), "period_start"]) == "2022-02-01 00:00:00+00:00"


def test_event_differences_by_hand():
    corpus = _corpus([
        ("a1", "A", "2022-03-04", "siege x x x x x x x x x"),   # before: 1 hit / 10 tokens
        ("a2", "A", "2022-03-05", "calm x x x x x x x x x"),    # before: 0 / 10
        ("a3", "A", "2022-03-12", "siege siege x x x x x x x x"),  # after: 2 / 10
        ("a4", "A", "2022-03-14", "siege siege x x x x x x x x"),  # after: 2 / 10
        ("a5", "A", "2022-06-01", "siege far away from the event"),  # outside the window
    ])
    hits = analysis.score(corpus, LEX)
    events = pd.DataFrame({"date": pd.to_datetime(["2022-03-10"], utc=True), "label": ["E"]})
    d = analysis.event_differences(corpus, hits, events, window_days=7, voice="all",
                                   denominator="all", n_boot=200, seed=1)
    row = d.iloc[0]
    assert (row["event"], row["group"], row["window_days"]) == ("E", "A", 7)
    assert row["rate_before"] == pytest.approx(50.0) and row["rate_after"] == pytest.approx(200.0)
    assert row["difference"] == pytest.approx(150.0)
    assert (row["n_docs_before"], row["n_docs_after"]) == (2, 2)


def test_read_events_names_a_bad_row(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("date,label\n2022-01-01,ok\nsoon,bad\n")
    with pytest.raises(ValueError, match=r"e.csv: row 3: date 'soon' not understood"):
        analysis.read_events(path)


def test_period_follows_the_density_of_the_dates():
    days = pd.Series(pd.date_range("2023-09-01", "2023-09-21", freq="4h", tz="UTC"))
    assert choose_period(days) == "D"  # 6 documents a day over 3 weeks: 5 or more a day
    assert choose_period(days[::3]) == "W"  # 2 a day: weeks hold 14
    sparse = pd.Series(pd.date_range("2010-01-01", "2019-12-31", periods=300, tz="UTC"))
    assert choose_period(sparse, pd.Series(["a", "b", "c"] * 100)) == "Y"
    assert choose_period(pd.Series([pd.NaT, pd.NaT])) == "M"
