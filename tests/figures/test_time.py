"""plot_rates_over_time, and date axes that carry years when the dates span several (issue 12)."""

from __future__ import annotations

import pandas as pd

import analysis


def _labels(ax) -> list[str]:
    ax.figure.canvas.draw()
    return [t.get_text() for t in ax.get_xticklabels() if t.get_text()]


def _table():
    starts = pd.date_range("2022-01-01", "2023-10-01", freq="QS", tz="UTC")
    rows = [{"group": g, "period": str(s.to_period("Q")), "period_start": s, "category": "ALL",
             "voice": "all", "n_docs": 3, "rate_per_1k": 10.0 + i, "ci_low": 8.0 + i,
             "ci_high": 12.0 + i} for g in ("A", "B") for i, s in enumerate(starts)]
    t = pd.DataFrame(rows)
    t.attrs["period"] = "Q"
    return t


def test_over_time_chart_has_years_bands_and_events():
    events = pd.DataFrame({"date": pd.to_datetime(["2022-06-15"], utc=True), "label": ["Vote"]})
    fig = analysis.plot_rates_over_time(_table(), events=events)
    ax = fig.axes[0]
    labels = _labels(ax)
    assert "2022" in labels and "2023" in labels
    assert len(ax.lines) == 2 + 1  # two groups and the event line
    assert "Vote" in [t.get_text() for t in ax.texts]
    assert "per quarter" in analysis.caption_for(fig) and "1 event" in analysis.caption_for(fig)


def test_corpus_overview_labels_years_over_a_multi_year_span():
    corpus = analysis.coerce_corpus(pd.DataFrame({
        "doc_id": ["a", "b", "c"], "outlet": ["X", "X", "Y"],
        "published": ["2021-03-01", "2022-07-01", "2023-11-20"], "text": ["a b", "c d", "e f"]}))
    fig = analysis.plot_corpus_overview(corpus)
    labels = _labels(fig.axes[1])
    assert any(label.isdigit() and len(label) == 4 for label in labels), labels
    assert fig.axes[1].get_ylabel() == "articles per month"
