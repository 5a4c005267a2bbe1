"""Bias rates per group: the share of sentences a sentence bias model scores as biased, for
the outlet's own sentences and for quoted or reported ones, with document-bootstrap intervals.

Sentences come from scoring's ``sentences`` side table (doc_id, sentence, start, end, n_tokens,
authorial_share, quoted_share, reported_share), so the text is not split again. **The voice of
a sentence:** "own" when at least half of its tokens are in the outlet's own voice
(``authorial_share >= 0.5``); otherwise "reported" when more of its tokens are reported than
quoted (``reported_share > quoted_share``), else "quoted". Sentences without tokens are left
out. Every kept sentence is scored by the model (:class:`analysis.BiasModel`); "biased" is the
model's own decision (probability of the biased class at least 0.5).

The share of a group is a ratio of sums over its documents (biased sentences / sentences), so
its interval resamples whole documents, like every other comparison table
(:class:`~analysis.comparison.groups.GroupBootstrap`, ``kind="share"``). The model is a proxy
for expert judgement with a measured error (:func:`analysis.bias_model_caveat`): read the
shares as the model's reading of the outlets, next to its cross-validated score.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import config
from ..models.store import BiasModel, load_bias_model
from ..scoring.reading import SENTENCE_VOICE_COLUMNS
from ..tables import require_columns
from .groups import GroupBootstrap, RowTexts, group_documents, group_rows
from .inputs import SentenceSpans, side_inputs

__all__ = [
    "BIAS_COLUMNS",
    "BIAS_VOICES",
    "bias_rates",
    "bias_summary",
    "sentence_voices",
]

BIAS_VOICES = ("all", "own", "quoted_or_reported", "quoted", "reported")
BIAS_COLUMNS = [
    "group", "voice", "n_docs", "n_sentences", "n_biased", "share_biased", "ci_low", "ci_high",
    "ci_method",
]  # fmt: skip


def sentence_voices(sentences: pd.DataFrame) -> np.ndarray:
    """The voice of each row of a sentence table: "own" (authorial_share >= 0.5), else
    "reported" (reported_share > quoted_share) or "quoted"; an array of str."""
    own = sentences["authorial_share"].to_numpy(float) >= 0.5
    reported = sentences["reported_share"].to_numpy(float) > sentences["quoted_share"].to_numpy(
        float
    )
    return np.where(own, "own", np.where(reported, "reported", "quoted"))


BIAS_CHUNK = 2_000
"""Documents whose text :func:`bias_rates` holds at a time."""


def _sentence_decisions(rows: RowTexts, spans: SentenceSpans, model: BiasModel) -> np.ndarray:
    """The model's decision (bool) for each sentence of ``spans``, in its order; the texts
    ``rows`` are read :data:`BIAS_CHUNK` documents at a time, and each chunk's sentences scored
    together (the model scores every sentence on its own, so the chunking changes nothing)."""
    biased = np.zeros(len(spans.index), bool)
    for first in range(0, len(rows), BIAS_CHUNK):
        last = min(first + BIAS_CHUNK, len(rows))
        texts = [
            text[a:b]
            for d, text in enumerate(rows[first:last], start=first)
            for a, b in spans(d, text)
        ]
        if texts:
            biased[spans.offsets[first] : spans.offsets[last]] = model.predict(texts)
    return biased


def bias_rates(
    corpus: pd.DataFrame,
    model: BiasModel | str,
    *,
    sentences: pd.DataFrame | None = None,
    texts=None,
    by: str = "outlet",
    period: str | None = None,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
    ci_method: str = "auto",
) -> pd.DataFrame:
    """Share of each group's sentences that ``model`` (a :class:`analysis.BiasModel` or its
    file) scores as biased, by the voice of the sentence (see the module docstring).

    ``sentences`` is scoring's sentence table (``analysis.score_tables(...).sentences``); built
    once for the documents compared when not given. ``texts``: where the text is read when
    ``corpus`` has no text column (anything whose ``take(positions)`` gives the texts at those
    rows, such as a workspace's text left on disk); the text is read :data:`BIAS_CHUNK`
    documents at a time either way. Returns one row per group and voice
    (:data:`BIAS_VOICES`: "all", "own", "quoted_or_reported", "quoted", "reported") with the
    columns :data:`BIAS_COLUMNS`: n_docs (documents in the group), n_sentences and n_biased (of
    that voice), share_biased = n_biased / n_sentences, ci_low and ci_high (document bootstrap
    of that ratio of sums at level ``ci``; NaN with fewer than 2 documents) and ci_method.
    """
    model = load_bias_model(model)
    docs = group_documents(corpus, by=by, period=period, dedup=dedup, rows=True)
    rows = RowTexts.of(corpus, docs, texts, what="bias_rates")
    table = side_inputs(corpus, docs, sentences=sentences, need=("sentences",)).sentences
    require_columns(
        table, SENTENCE_VOICE_COLUMNS, "bias_rates: sentences table",
        hint="the bias table reads each sentence's voice; read the table whole",
    )
    table = table[table["n_tokens"] > 0]
    spans = SentenceSpans(table, docs["doc_id"])
    biased = _sentence_decisions(rows, spans, model)
    voice = sentence_voices(table)[spans.index]
    doc_idx = np.repeat(np.arange(len(docs)), np.diff(spans.offsets))
    n_sent = np.zeros((len(docs), len(BIAS_VOICES)))
    n_bias = np.zeros_like(n_sent)
    for j, v in enumerate(BIAS_VOICES):
        if v == "all":
            mask = np.ones(len(voice), bool)
        elif v == "quoted_or_reported":
            mask = voice != "own"
        else:
            mask = voice == v
        n_sent[:, j] = np.bincount(doc_idx[mask], minlength=len(docs))
        n_bias[:, j] = np.bincount(doc_idx[mask & biased], minlength=len(docs))
    boot = GroupBootstrap(seed, n_boot, ci, ci_method)
    frames = []
    for g, idx in group_rows(docs):
        res = boot(n_bias[idx], n_sent[idx], "bias", g, kind="share", bounds=(0.0, 1.0))
        frames.append(
            pd.DataFrame(
                {
                    "group": g, "voice": list(BIAS_VOICES), "n_docs": len(idx),
                    "n_sentences": n_sent[idx].sum(axis=0).astype(np.int64),
                    "n_biased": n_bias[idx].sum(axis=0).astype(np.int64),
                    "share_biased": res.estimate, "ci_low": res.ci_low, "ci_high": res.ci_high,
                    "ci_method": res.method.astype(str),
                }
            )  # fmt: skip
        )
    if not frames:
        return pd.DataFrame(columns=BIAS_COLUMNS)
    return pd.concat(frames, ignore_index=True)[BIAS_COLUMNS]


def bias_summary(bias: pd.DataFrame, *, digits: int = 2) -> pd.DataFrame:
    """A paragraph-ready table of :func:`bias_rates`: one row per group with its sentences and,
    for its own sentences, its quoted or reported ones and all of them, the share scored biased
    as text ("0.31 [0.25, 0.37]": estimate and 95% interval; "–" where there is no sentence).

    Columns: group, sentences, own, quoted or reported, all."""

    def cell(r) -> str:
        if not r.n_sentences or pd.isna(r.share_biased):
            return "–"
        if pd.isna(r.ci_low):
            return f"{r.share_biased:.{digits}f}"
        return f"{r.share_biased:.{digits}f} [{r.ci_low:.{digits}f}, {r.ci_high:.{digits}f}]"

    rows = []
    for g, part in bias.groupby("group", sort=True):
        by_voice = {r.voice: r for r in part.itertuples(index=False)}
        rows.append(
            {
                "group": g,
                "sentences": int(by_voice["all"].n_sentences),
                "own": cell(by_voice["own"]),
                "quoted or reported": cell(by_voice["quoted_or_reported"]),
                "all": cell(by_voice["all"]),
            }
        )
    return pd.DataFrame(rows, columns=["group", "sentences", "own", "quoted or reported", "all"])
