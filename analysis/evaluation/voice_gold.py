"""The voice analysis measured against hand labels of hits (voice and speaker per hit)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..stats.bootstrap import bootstrap_ratio
from ..tables import require_columns
from ..voice.phrases import speaker_head, speaker_words
from ..voice.words import VOICES

__all__ = [
    "VoiceEvaluation",
    "evaluate_voice",
]


GOLD_COLUMNS = [
    "doc_id",
    "start",
    "end",
    "gold_voice",
    "gold_speaker",
    "gold_negated",
    "gold_hedged",
]


def _speaker_match(gold: object, pred: object) -> tuple[bool, bool]:
    """(exact, compatible): equal after dropping case, articles and titles; or the head of one
    is a word of the other. Both empty counts as a match."""
    g, p = speaker_words(gold), speaker_words(pred)
    if not g or not p:
        return (not g and not p, not g and not p)
    if g == p:
        return True, True
    g_set = {w[:-2] if w.endswith("'s") else w for w in g}
    p_set = {w[:-2] if w.endswith("'s") else w for w in p}
    return False, speaker_head(g) in p_set or speaker_head(p) in g_set


@dataclass(frozen=True)
class VoiceEvaluation:
    """What :func:`evaluate_voice` measured.

    ``rows``: the gold table joined to the predictions (``voice``, ``speaker``, ``negated``,
    ``hedged``) with per-row ``voice_ok``, ``speaker_exact``, ``speaker_compatible``.
    ``confusion``: counts, gold voice in rows, predicted voice in columns.
    ``summary``: one row per metric: ``metric``, ``estimate``, ``low``, ``high`` (95% interval
    from a bootstrap over documents), ``k`` (successes), ``n`` (items the metric is computed on),
    ``n_docs`` and ``meaning``.
    """

    rows: pd.DataFrame
    confusion: pd.DataFrame
    summary: pd.DataFrame

    def metric(self, name: str) -> float:
        """The estimate of metric ``name`` (see ``summary``)."""
        hit = self.summary.loc[self.summary["metric"] == name, "estimate"]
        if hit.empty:
            raise KeyError(f"no metric {name!r}; known: {', '.join(self.summary['metric'])}")
        return float(hit.iloc[0])


def evaluate_voice(
    hits: pd.DataFrame, gold: pd.DataFrame, *, n_boot: int = 2000, seed: int = 0
) -> VoiceEvaluation:
    """Compare the voice, speaker, negated and hedged columns of ``hits`` with hand labels.

    ``gold`` has one row per labelled hit: ``doc_id``, ``start``, ``end`` (the hit's offsets),
    ``gold_voice``, ``gold_speaker`` (empty when the text names nobody or the voice is
    authorial), ``gold_negated`` and ``gold_hedged`` (bools). Every gold row must match a hit by
    (doc_id, start, end); a row that does not raises ``ValueError`` naming it (the corpus or the
    lexicon changed since labelling).

    Metrics (each a share, with a 95% interval from a bootstrap that resamples documents, the
    sampling unit, since hits of one article are not independent):

    * ``voice_accuracy``: predicted voice equals the gold voice, over all rows;
    * ``precision[v]`` / ``recall[v]`` for each voice v;
    * ``speaker_exact``: over rows whose gold voice is quoted or reported, the predicted speaker
      equals the gold one after dropping case, articles and titles (both empty counts);
      ``speaker_compatible``: the same, or the head noun of one is a word of the other
      ("ministry" ~ "Ministry of Foreign Affairs of Armenia", "Avetyan" ~ "Lusine Avetyan");
    * ``speaker_named_exact`` / ``speaker_named_compatible``: the same over rows whose gold names
      a speaker;
    * ``negated_precision`` / ``negated_recall`` and ``hedged_precision`` / ``hedged_recall``.
    """
    rows = _joined_rows(hits, gold)
    confusion = pd.crosstab(
        pd.Categorical(rows["gold_voice"], categories=VOICES),
        pd.Categorical(rows["voice"], categories=VOICES),
        rownames=["gold"],
        colnames=["predicted"],
        dropna=False,
    )
    docs = pd.Index(sorted(rows["doc_id"].unique()))
    specs = _metric_specs(rows)
    by_doc = rows["doc_id"]
    num = pd.DataFrame({name: (ok & base) for name, ok, base, _ in specs}).groupby(by_doc).sum()
    den = pd.DataFrame({name: base for name, _, base, _ in specs}).groupby(by_doc).sum()
    num, den = num.reindex(docs, fill_value=0), den.reindex(docs, fill_value=0)
    boot = bootstrap_ratio(
        num.to_numpy(dtype=float),
        den.to_numpy(dtype=float),
        n_boot=n_boot,
        seed=seed,
        method="percentile",
        bounds=(0.0, 1.0),
    )
    summary = pd.DataFrame(
        {
            "metric": [s[0] for s in specs],
            "estimate": boot.estimate,
            "low": boot.ci_low,
            "high": boot.ci_high,
            "k": num.sum().to_numpy(dtype="int64"),
            "n": den.sum().to_numpy(dtype="int64"),
            "n_docs": (den > 0).sum().to_numpy(dtype="int64"),
            "meaning": [s[3] for s in specs],
        }
    )
    return VoiceEvaluation(rows=rows, confusion=confusion, summary=summary)


def _joined_rows(hits: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """The gold rows joined to their hits by (doc_id, start, end), with ``voice_ok``,
    ``speaker_exact`` and ``speaker_compatible``; a gold row matching no hit is an error."""
    require_columns(gold, GOLD_COLUMNS, "evaluate_voice: gold table")
    need = ["doc_id", "start", "end", "voice", "speaker", "negated", "hedged"]
    require_columns(hits, need, "evaluate_voice: hits table")
    key = ["doc_id", "start", "end"]
    g = gold.copy()
    g["doc_id"] = g["doc_id"].astype(str)
    g[["start", "end"]] = g[["start", "end"]].astype("int64")
    bad = sorted(set(g["gold_voice"]) - set(VOICES))
    if bad:
        raise ValueError(f"evaluate_voice: unknown gold voice(s) {bad}; expected one of {VOICES}")
    p = hits[need].copy()
    p["doc_id"] = p["doc_id"].astype(str)
    p[["start", "end"]] = p[["start", "end"]].astype("int64")
    rows = g.merge(p, on=key, how="left", indicator=True, validate="one_to_one")
    lost = rows[rows["_merge"] != "both"]
    if not lost.empty:
        r = lost.iloc[0]
        raise ValueError(
            f"evaluate_voice: {len(lost)} gold row(s) match no hit, first {r['doc_id']!r} "
            f"[{r['start']}:{r['end']}]; the corpus or lexicon changed since labelling"
        )
    rows = rows.drop(columns="_merge")
    for c in ("gold_negated", "gold_hedged", "negated", "hedged"):
        rows[c] = rows[c].astype(bool)
    rows["voice_ok"] = rows["gold_voice"] == rows["voice"]
    matches = [
        _speaker_match(a, b) for a, b in zip(rows["gold_speaker"], rows["speaker"], strict=True)
    ]
    rows["speaker_exact"] = [m[0] for m in matches]
    rows["speaker_compatible"] = [m[1] for m in matches]

    return rows


def _metric_specs(rows: pd.DataFrame) -> list[tuple[str, pd.Series, pd.Series, str]]:
    """(metric, success mask, base mask, meaning) for every metric of :func:`evaluate_voice`."""
    sayer = rows["gold_voice"] != "authorial"
    named = sayer & rows["gold_speaker"].map(lambda s: bool(speaker_words(s)))
    specs: list[tuple[str, pd.Series, pd.Series, str]] = [
        (
            "voice_accuracy",
            rows["voice_ok"],
            pd.Series(True, index=rows.index),
            "share of hits whose voice is right",
        )
    ]
    for v in VOICES:
        specs.append(
            (
                f"precision[{v}]",
                rows["voice_ok"] & (rows["voice"] == v),
                rows["voice"] == v,
                f"share of hits predicted {v} that are {v}",
            )
        )
        specs.append(
            (
                f"recall[{v}]",
                rows["voice_ok"] & (rows["gold_voice"] == v),
                rows["gold_voice"] == v,
                f"share of {v} hits predicted {v}",
            )
        )
    specs += [
        (
            "speaker_exact",
            rows["speaker_exact"] & sayer,
            sayer,
            "quoted/reported hits whose speaker is exactly right (empty = empty)",
        ),
        (
            "speaker_compatible",
            rows["speaker_compatible"] & sayer,
            sayer,
            "quoted/reported hits whose speaker shares its head noun with the gold one",
        ),
        (
            "speaker_named_exact",
            rows["speaker_exact"] & named,
            named,
            "hits whose text names a speaker, speaker exactly right",
        ),
        (
            "speaker_named_compatible",
            rows["speaker_compatible"] & named,
            named,
            "hits whose text names a speaker, speaker compatible",
        ),
    ]
    for flag in ("negated", "hedged"):
        tp = rows[flag] & rows[f"gold_{flag}"]
        specs.append(
            (f"{flag}_precision", tp, rows[flag], f"share of hits flagged {flag} that are")
        )
        specs.append((f"{flag}_recall", tp, rows[f"gold_{flag}"], f"share of {flag} hits flagged"))
    return specs
