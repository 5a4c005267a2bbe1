"""Framing over time: rates per period and outlet with document-bootstrap bands, and the change
around dated events.

:func:`rates_over_time` is :func:`analysis.rates` with the group split into an outlet (``by``)
and a calendar period of the publication date: the same rates, the same intervals, one row per
outlet x period x category x voice. :func:`event_differences` compares, for each event of a
``date,label`` table and each outlet, the documents of a window after the event with those of
the window before it (the difference of rates with its interval, as in
:func:`analysis.rate_differences`). Documents without a publication date are left out of both,
and counted in ``attrs["n_undated"]``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .. import config
from ..tables import require_columns
from .differences import rate_differences
from .groups import ALL, GROUP_MISSING, group_labels
from .rates import rates

__all__ = [
    "EVENT_COLUMNS",
    "choose_period",
    "event_differences",
    "read_events",
    "rates_over_time",
]

_SEP = "\x1f"  # joins outlet and period in one group label; never in a label from text
_PERIODS = ("D", "W", "M", "Q", "Y")
# A period is fine enough when a group's period holds about this many documents (median).
_MIN_DOCS_PER_CELL = 5
# The window on each side of an event, by period.
_WINDOW = {"D": 7, "W": 28, "M": 90, "Q": 180, "Y": 365}
EVENT_COLUMNS = ["event", "date", "group", "category", "voice", "denominator", "window_days",
                 "rate_before", "rate_after", "difference", "diff_ci_low", "diff_ci_high",
                 "n_docs_before", "n_docs_after", "ci_method", "ci_level"]


def choose_period(dates: pd.Series, groups: pd.Series | None = None) -> str:
    """The period for a corpus, among day, week, month, quarter and year with at least 3
    periods in the dates' span: the finest at which a group's period holds 5 documents or more
    (median over the group x period cells), else the one whose cells hold the most (the finer
    on a tie); the coarsest with 2 periods when none spans 3; "M" when there are no dates.
    ``groups``: each document's group (default: one group)."""
    dates = pd.to_datetime(dates, utc=True, errors="coerce")
    keep = dates.notna()
    if not keep.any():
        return "M"
    naive = dates[keep].dt.tz_localize(None)
    groups = (pd.Series("all", index=dates.index) if groups is None else groups.astype(str))[keep]
    medians = {}
    for period in _PERIODS:
        labels = naive.dt.to_period(period)
        n = labels.nunique()
        if n < 3:
            if not medians:
                return period if n == 2 else "Y"
            break
        cells = pd.DataFrame({"g": groups.to_numpy(), "p": labels.to_numpy()}).value_counts()
        medians[period] = float(cells.median())
        if medians[period] >= _MIN_DOCS_PER_CELL:
            return period
    return max(medians, key=lambda p: (medians[p], -_PERIODS.index(p)))


def _dated(corpus: pd.DataFrame, date: str) -> tuple[pd.DataFrame, int]:
    require_columns(corpus, (date,), "corpus")
    when = pd.to_datetime(corpus[date], utc=True, errors="coerce")
    return corpus[when.notna()].assign(**{date: when[when.notna()]}), int(when.isna().sum())


def rates_over_time(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    date: str = "published",
    categories: Sequence[str] | None = None,
    voice_tokens: pd.DataFrame | None = None,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
    ci_method: str = "auto",
) -> pd.DataFrame:
    """Loaded-term rates per ``by`` group and calendar ``period`` of ``date``, with intervals.

    Returns the columns of :func:`analysis.rates` with ``group`` split into ``group`` (the value
    of ``by``) and ``period`` (its label, e.g. "2023-09"), plus ``period_start`` (the period's
    first day, UTC, for plotting); rows sorted by group, period, category and voice. ``period``
    defaults to :func:`choose_period` of the dates and groups; ``attrs`` holds ``period`` and
    ``n_undated`` (documents left out for want of a date).
    """
    dated, n_undated = _dated(corpus, date)
    period = (period or choose_period(dated[date], dated[by])).upper()
    label = group_labels(dated, date, period=period)
    naive = dated[date].dt.tz_convert("UTC").dt.tz_localize(None)
    starts = dict(zip(label, naive.dt.to_period(period).dt.start_time, strict=True))
    work = dated.assign(_over_time=dated[by].astype(str) + _SEP + label)
    table = rates(
        work, hits[hits["doc_id"].astype(str).isin(set(work["doc_id"].astype(str)))],
        by="_over_time", categories=categories, voice_tokens=voice_tokens, seed=seed,
        n_boot=n_boot, dedup=dedup, ci=ci, ci_method=ci_method,
    )
    parts = table["group"].str.split(_SEP, n=1, expand=True)
    table.insert(1, "period", parts[1].astype("string"))
    table["group"] = parts[0].astype("string")
    table.insert(2, "period_start", pd.to_datetime(table["period"].map(starts)).dt.tz_localize("UTC"))
    table = table.sort_values(["group", "period_start"], kind="stable").reset_index(drop=True)
    table.attrs.update(period=period, n_undated=n_undated)
    return table


def read_events(path) -> pd.DataFrame:
    """Read an events file (CSV with ``date,label``): one row per event, ``date`` as a UTC
    timestamp, sorted by date; a ValueError naming the file and the row for a bad date."""
    events = pd.read_csv(path, dtype=str, keep_default_na=False)
    require_columns(events, ("date", "label"), f"{path}")
    when = pd.to_datetime(events["date"], utc=True, errors="coerce", format="mixed")
    bad = events.index[when.isna()]
    if len(bad):
        raise ValueError(f"{path}: row {bad[0] + 2}: date {events['date'][bad[0]]!r} not understood")
    return (pd.DataFrame({"date": when, "label": events["label"].str.strip()})
            .sort_values("date", kind="stable").reset_index(drop=True))


def event_differences(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    events: pd.DataFrame,
    *,
    by: str = "outlet",
    window_days: int | None = None,
    period: str | None = None,
    date: str = "published",
    category: str | Sequence[str] = ALL,
    voice: str | Sequence[str] = ("all", "authorial"),
    denominator: str | Sequence[str] = ("all", "voice"),
    categories: Sequence[str] | None = None,
    voice_tokens: pd.DataFrame | None = None,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
) -> pd.DataFrame:
    """For each event (``events``: ``date``, ``label``) and each ``by`` group: the rate in the
    ``window_days`` after the event minus the rate in the ``window_days`` before it, with its
    document-bootstrap interval (columns :data:`EVENT_COLUMNS`; an interval that excludes 0 says
    the group's framing changed around the event, at the level ``ci_level``).

    ``window_days`` defaults to 7, 28, 90, 180 or 365 days for a daily, weekly, monthly,
    quarterly or yearly ``period`` (default :func:`choose_period` of the dates). A group with
    fewer than 2 documents on a side has no interval (NaN).
    """
    dated, n_undated = _dated(corpus, date)
    period = (period or choose_period(dated[date], dated[by])).upper()
    window = pd.Timedelta(days=window_days or _WINDOW.get(period, 90))
    frames = []
    for ev in events.itertuples(index=False):
        before = (dated[date] >= ev.date - window) & (dated[date] < ev.date)
        after = (dated[date] >= ev.date) & (dated[date] < ev.date + window)
        side = pd.Series(GROUP_MISSING, index=dated.index).mask(before, "before").mask(after, "after")
        work = dated[before | after].assign(
            _event=dated[by].astype(str) + _SEP + side[before | after])
        if work.empty:
            continue
        groups = sorted(set(work[by].astype(str)))
        pairs = [(f"{g}{_SEP}after", f"{g}{_SEP}before") for g in groups
                 if {f"{g}{_SEP}after", f"{g}{_SEP}before"} <= set(work["_event"])]
        if not pairs:
            continue
        diff = rate_differences(
            work, hits[hits["doc_id"].astype(str).isin(set(work["doc_id"].astype(str)))],
            by="_event", pairs=pairs, category=category, voice=list(_as_tuple(voice)),
            denominator=list(_as_tuple(denominator)), categories=categories,
            voice_tokens=voice_tokens, seed=seed, n_boot=n_boot, dedup=dedup, ci=ci,
        )
        frames.append(pd.DataFrame({
            "event": ev.label, "date": ev.date, "group": diff["group_a"].str.split(_SEP).str[0],
            "category": diff["category"], "voice": diff["voice"],
            "denominator": diff["denominator"], "window_days": window.days,
            "rate_before": diff["rate_b"], "rate_after": diff["rate_a"],
            "difference": diff["difference"], "diff_ci_low": diff["diff_ci_low"],
            "diff_ci_high": diff["diff_ci_high"], "n_docs_before": diff["n_docs_b"],
            "n_docs_after": diff["n_docs_a"], "ci_method": diff["ci_method"],
            "ci_level": diff["ci_level"],
        }))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=EVENT_COLUMNS)
    out.attrs.update(period=period, window_days=window.days, n_undated=n_undated)
    return out[EVENT_COLUMNS]


def _as_tuple(value) -> tuple:
    return (value,) if isinstance(value, str) else tuple(value)
