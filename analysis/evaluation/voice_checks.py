"""Where annotated words and hits stand by voice, and outlet sides compared within events
(AllSides), counting the outlet's own words apart from quoted and reported speech.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import config
from ..scoring.hits import default_annotator
from ..stats.bootstrap import bootstrap_ratio
from ..stats.intervals import group_rng, percentile_interval
from ..text.tokens import iter_tokens
from ..voice.annotator import VoiceAnnotator
from .datasets import DEFAULT_PAIRS, SIDES, VOICE_ORDER
from .lexicon_checks import (
    COUNTING,
    cluster_codes,
    clustered_ratio,
    doc_counts,
    hit_spans,
    marked_documents,
    overlapping,
    rates_for,
    subsets,
)

__all__ = [
    "hit_voices",
    "marked_word_voices",
    "side_differences",
    "side_voice_shares",
    "token_voices",
]


_NON_AUTHORIAL = "quoted+reported"


def _annotate_spans(
    annotator: VoiceAnnotator, text: str, spans: list[tuple[int, int]]
) -> list[str]:
    if not spans:
        return []
    return [a["voice"] for a in annotator.annotate(text, spans)]


def _fitted(annotator: VoiceAnnotator | None, corpus: pd.DataFrame) -> VoiceAnnotator:
    return annotator if annotator is not None else default_annotator(corpus["text"].tolist())


def _voice_rows(
    counts: np.ndarray,
    codes: np.ndarray,
    categories: Sequence[str],
    *,
    key: Sequence[object],
    n_boot: int,
    seed: int | None,
    ci: float,
) -> list[dict]:
    """Rows of shares: counts is (n_docs, len(categories)); shares of the row total, and the
    combined quoted+reported share."""
    total = counts.sum(axis=1)
    cats = list(categories)
    cols = [counts[:, i] for i in range(len(cats))]
    if "quoted" in cats and "reported" in cats:
        cats.append(_NON_AUTHORIAL)
        cols.append(counts[:, cats.index("quoted")] + counts[:, cats.index("reported")])
    rows = []
    for cat, num in zip(cats, cols, strict=True):
        rng = group_rng(seed, *key, cat)
        est, low, high = clustered_ratio(
            num, total, codes, n_boot=n_boot, rng=rng, ci=ci, bounds=(0, 1)
        )
        rows.append(
            {
                "voice": cat,
                "n": int(num.sum()),
                "n_total": int(total.sum()),
                "share": est,
                "share_low": low,
                "share_high": high,
            }
        )
    return rows


def marked_word_voices(
    corpus: pd.DataFrame,
    *,
    annotator: VoiceAnnotator | None = None,
    marked: str = "marked_words",
    label: str | None = "label_bias",
    cluster: str | None = "cluster",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """In whose voice the annotators' marked words stand, according to :mod:`analysis.voice`.

    Each distinct marked word of a sentence is located in the sentence (its normalised tokens
    as a consecutive run) and every occurrence is given a voice by ``annotator`` (default: a
    :class:`~analysis.voice.VoiceAnnotator` fitted on the corpus, as :func:`analysis.score`
    does). A word whose occurrences all have one voice gets that voice; occurrences in
    different voices give "mixed". Rows: subset ("all", then each ``label`` value) × voice
    (authorial, quoted, reported, mixed, and quoted+reported); columns ``n`` (words),
    ``n_total`` (located words), ``share`` with interval (bootstrap over ``cluster``),
    ``n_not_located`` (marked words not found in their sentence, left out of the shares).

    Limit: a BABE sentence is cut from its article, so a quote opened in an earlier sentence or
    a speaker named before it is invisible here; quoted and reported shares are lower bounds.
    """
    annotator = _fitted(annotator, corpus)
    docs = marked_documents(corpus, marked)
    cats = (*VOICE_ORDER, "mixed")
    counts = np.zeros((len(docs), len(cats)))
    not_located = np.zeros(len(docs))
    for i, (doc, text) in enumerate(zip(docs, corpus["text"], strict=True)):
        forms = [t for _, _, t in doc.tokens]
        occurrences: list[list[tuple[int, int]]] = []
        for word in doc.words:
            k = len(word)
            occ = [
                (doc.tokens[j][0], doc.tokens[j + k - 1][1])
                for j in range(len(forms) - k + 1)
                if tuple(forms[j : j + k]) == word
            ]
            if occ:
                occurrences.append(occ)
            else:
                not_located[i] += 1
        flat = [span for occ in occurrences for span in occ]
        voices = iter(_annotate_spans(annotator, text, flat))
        for occ in occurrences:
            vs = {next(voices) for _ in occ}
            counts[i, cats.index(vs.pop()) if len(vs) == 1 else cats.index("mixed")] += 1
    codes = cluster_codes(corpus, cluster)
    rows = []
    for subset, mask in subsets(corpus, label):
        for row in _voice_rows(
            counts[mask],
            codes[mask],
            cats,
            key=("babe_marked_voice", subset),
            n_boot=n_boot,
            seed=seed,
            ci=ci,
        ):
            rows.append({"subset": subset, **row, "n_not_located": int(not_located[mask].sum())})
    return pd.DataFrame(rows)


def _token_voice_lists(annotator: VoiceAnnotator, corpus: pd.DataFrame) -> list[list[str]]:
    """The voice of every token (:mod:`analysis.tokens`) of every document, in order."""
    return [
        _annotate_spans(annotator, text, [(s, e) for s, e, _ in iter_tokens(text)])
        for text in corpus["text"]
    ]


def token_voices(
    corpus: pd.DataFrame,
    *,
    annotator: VoiceAnnotator | None = None,
    marked: str = "marked_words",
    label: str | None = "label_bias",
    cluster: str | None = "cluster",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Do annotators mark quoted words? The share of tokens marked, by the token's voice.

    Every token of every sentence gets a voice from ``annotator`` (as in
    :func:`marked_word_voices`); a token is marked when its normalised form is one of its
    sentence's marked tokens. Rows: subset × voice (authorial, quoted, reported). Columns:
    ``n_tokens`` (tokens in that voice), ``n_marked``, ``marked_share`` = n_marked / n_tokens
    with interval (bootstrap over ``cluster``). If annotators judged only the outlet's own words,
    quoted tokens would have a share near zero.
    """
    annotator = _fitted(annotator, corpus)
    docs = marked_documents(corpus, marked)
    n = len(docs)
    tokens = np.zeros((n, len(VOICE_ORDER)))
    marked_n = np.zeros((n, len(VOICE_ORDER)))
    for i, (doc, voices) in enumerate(
        zip(docs, _token_voice_lists(annotator, corpus), strict=True)
    ):
        for (_, _, t), v in zip(doc.tokens, voices, strict=True):
            j = VOICE_ORDER.index(v)
            tokens[i, j] += 1
            marked_n[i, j] += t in doc.gold
    codes = cluster_codes(corpus, cluster)
    rows = []
    for subset, mask in subsets(corpus, label):
        for j, voice in enumerate(VOICE_ORDER):
            rng = group_rng(seed, "babe_token_voice", subset, voice)
            est, low, high = clustered_ratio(
                marked_n[mask, j],
                tokens[mask, j],
                codes[mask],
                n_boot=n_boot,
                rng=rng,
                ci=ci,
                bounds=(0, 1),
            )
            rows.append(
                {
                    "subset": subset,
                    "voice": voice,
                    "n_tokens": int(tokens[mask, j].sum()),
                    "n_marked": int(marked_n[mask, j].sum()),
                    "marked_share": est,
                    "marked_share_low": low,
                    "marked_share_high": high,
                }
            )
    return pd.DataFrame(rows)


def hit_voices(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    marked: str | None = "marked_words",
    cluster: str | None = "cluster",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """How often a voice-blind count charges the outlet with a source's word.

    Rows: hit set × voice. Hit sets: ``all hits``, and (when ``marked`` names a column) ``hits
    on marked words`` (hits that are correct at span level in :func:`marked_word_overlap`).
    Voices: authorial, quoted, reported and quoted+reported (the share a voice-blind count
    wrongly gives to the outlet). Columns ``n``, ``n_total``, ``share`` with interval
    (bootstrap over ``cluster``).
    """
    spans = hit_spans(corpus, hits)
    docs = marked_documents(corpus, marked) if marked is not None else None
    sets = ["all hits"] + (["hits on marked words"] if docs is not None else [])
    counts = {s: np.zeros((len(corpus), len(VOICE_ORDER))) for s in sets}
    for i, doc_hits in enumerate(spans):
        for s, e, v in doc_hits:
            j = VOICE_ORDER.index(v)
            counts["all hits"][i, j] += 1
            if docs is not None and any(
                t in docs[i].gold for t in overlapping(docs[i].tokens, s, e)
            ):
                counts["hits on marked words"][i, j] += 1
    codes = cluster_codes(corpus, cluster)
    rows = []
    for name in sets:
        for row in _voice_rows(
            counts[name],
            codes,
            VOICE_ORDER,
            key=("hit_voices", name),
            n_boot=n_boot,
            seed=seed,
            ci=ci,
        ):
            rows.append({"hits": name, **row})
    return pd.DataFrame(rows)


def side_voice_shares(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    side: str = "side",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Per side: rates counting every hit and only authorial hits, and the share of hits that
    are quoted or reported.

    Columns: ``side``, ``n_articles``, ``n_tokens``, ``n_hits``, then, each with ``_low`` and
    ``_high``: ``rate_per_1k`` (all hits per 1,000 tokens), ``authorial_rate_per_1k``
    (authorial hits per 1,000 tokens), ``share_non_authorial`` (quoted + reported hits / all
    hits) and, when the corpus has ``authorial_tokens`` (:func:`voice_token_counts`),
    ``authorial_own_rate_per_1k`` (authorial hits per 1,000 authorial tokens) and
    ``authorial_token_share`` (authorial tokens / tokens). Intervals: ratio-of-sums bootstrap
    over the side's articles.
    """
    counts = doc_counts(corpus, hits)
    sides = corpus[side].astype(str).to_numpy()
    order = [s for s in SIDES if s in set(sides)] + sorted(set(sides) - set(SIDES))
    rows = []
    for s in order:
        m = sides == s
        c = counts[m]
        row = {
            "side": s,
            "n_articles": int(m.sum()),
            "n_tokens": int(c["n_tokens"].sum()),
            "n_hits": int(c["n_hits"].sum()),
        }
        ratios = [(col, c[num], c[den], 1000.0, (0, None)) for col, num, den in rates_for(c)]
        ratios.append(
            ("share_non_authorial", c["quoted_hits"] + c["reported_hits"], c["n_hits"], 1.0, (0, 1))
        )
        if "authorial_tokens" in c.columns:
            ratios.append(
                ("authorial_token_share", c["authorial_tokens"], c["n_tokens"], 1.0, (0, 1))
            )
        for col, num, den, scale, bounds in ratios:
            r = bootstrap_ratio(
                np.asarray(num, float),
                np.asarray(den, float),
                n_boot=n_boot,
                rng=group_rng(seed, "allsides_sides", s, col),
                ci=ci,
                scale=scale,
                bounds=bounds,
            )
            row.update(
                {
                    col: float(r.estimate),
                    f"{col}_low": float(r.ci_low),
                    f"{col}_high": float(r.ci_high),
                }
            )
        rows.append(row)
    return pd.DataFrame(rows)


def side_differences(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    *,
    pairs: Sequence[tuple[str, str]] = DEFAULT_PAIRS,
    event: str = "event_id",
    side: str = "side",
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Paired within-event comparison of sides: is one side's rate higher on the same events?

    For a pair (a, b), only events with an article from both sides are used. Rates are ratios of
    sums over those events: rate_a = 1000 × Σ hits_a / Σ tokens_a (likewise b); the
    ``difference`` is rate_a - rate_b, per 1,000 tokens. The interval is a percentile bootstrap
    that resamples *events* (both articles of an event together, so the pairing is kept).
    ``counting``: ``all`` (voice-blind: quotes and reported speech counted as the outlet's;
    denominator all tokens), ``authorial`` (only the outlet's own words, per 1,000 tokens of
    the whole article) and, when the corpus has ``authorial_tokens``
    (:func:`voice_token_counts`), ``authorial_own`` (authorial hits per 1,000 authorial
    tokens: a side that quotes more has fewer own words in which to use loaded terms, and this
    rate is not lowered by that). ``tokens_a``/``tokens_b`` are the denominators used. Also
    ``a_higher_share``: the share of events in which a's article has the higher rate (ties
    count one half; events where either rate is undefined are left out).
    """
    counts = doc_counts(corpus, hits)
    counts["event"] = corpus[event].astype(str).to_numpy()
    counts["side"] = corpus[side].astype(str).to_numpy()
    rows = []
    for a, b in pairs:
        left = counts[counts["side"] == a].set_index("event")
        right = counts[counts["side"] == b].set_index("event")
        events = sorted(set(left.index) & set(right.index))
        la, rb = left.loc[events], right.loc[events]
        for rate, col, den in rates_for(counts):
            counting = COUNTING[rate]
            ya, ta = la[col].to_numpy(float), la[den].to_numpy(float)
            yb, tb = rb[col].to_numpy(float), rb[den].to_numpy(float)
            row = {
                "side_a": a,
                "side_b": b,
                "counting": counting,
                "n_events": len(events),
                "hits_a": int(ya.sum()),
                "tokens_a": int(ta.sum()),
                "hits_b": int(yb.sum()),
                "tokens_b": int(tb.sum()),
            }
            if len(events) < 2 or ta.sum() == 0 or tb.sum() == 0:
                row.update(
                    rate_a=math.nan,
                    rate_b=math.nan,
                    difference=math.nan,
                    difference_low=math.nan,
                    difference_high=math.nan,
                    a_higher_share=math.nan,
                )
                rows.append(row)
                continue
            # Both sides' rates from the same resamples of events (one weight per event for
            # both columns), so each replicate of the difference keeps the pairing.
            boot = bootstrap_ratio(
                np.column_stack([ya, yb]),
                np.column_stack([ta, tb]),
                n_boot=n_boot,
                rng=group_rng(seed, "allsides_differences", a, b, counting),
                scale=1000.0,
                keep_replicates=True,
            )
            rate_a, rate_b = (float(x) for x in boot.estimate)
            difference = boot.replicates[:, 0] - boot.replicates[:, 1]
            low, high = percentile_interval(difference[:, None], ci)
            with np.errstate(invalid="ignore", divide="ignore"):
                ra, rb_ = ya / ta, yb / tb
            both = np.isfinite(ra) & np.isfinite(rb_)
            higher = np.where(ra > rb_, 1.0, np.where(ra == rb_, 0.5, 0.0))[both]
            row.update(
                rate_a=rate_a,
                rate_b=rate_b,
                difference=rate_a - rate_b,
                difference_low=float(low[0]),
                difference_high=float(high[0]),
                a_higher_share=float(higher.mean()) if len(higher) else math.nan,
            )
            rows.append(row)
    return pd.DataFrame(rows)
