"""Tone of the sentences that mention each actor (VADER compound score, from the vaderSentiment
package's lexicon read through NLTK, no download).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from .groups import GroupBootstrap, RowTexts, group_documents, group_rows
from .inputs import SentenceSpans, side_inputs
from .sources import actor_matcher

log = logging.getLogger(__name__)

__all__ = [
    "tone",
    "vader_compound",
]


@lru_cache(maxsize=1)
def _vader():
    """NLTK's VADER reading the lexicon file shipped by the vaderSentiment package.

    NLTK's own copy needs a download (unreachable offline), and NLTK 3.10 refuses absolute paths
    outside its data folders, so the package folder is added to ``nltk.data.path`` and the file
    is named relative to it.
    """
    import nltk
    import vaderSentiment
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    folder = str(Path(vaderSentiment.__file__).resolve().parent)
    if folder not in nltk.data.path:
        nltk.data.path.append(folder)
    return SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt")


def vader_compound(texts: Iterable[str]) -> np.ndarray:
    """Return VADER's compound score (-1 most negative .. +1 most positive) of each text."""
    sia = _vader()
    return np.array([sia.polarity_scores(t)["compound"] for t in texts], dtype=float)


# Columns of the tone table, in order.
_TONE_COLUMNS = [
    "group",
    "level",
    "side",
    "actor",
    "n_docs",
    "n_docs_mentioning",
    "n_sentences",
    "mean_compound",
    "ci_low",
    "ci_high",
    "ci_method",
]


def tone(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    actors=None,
    sentences: pd.DataFrame | None = None,
    splitter=None,
    texts=None,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
    ci_method: str = "auto",
) -> pd.DataFrame:
    """Mean VADER tone of the sentences that mention each actor (and each side), per group.

    A sentence mentions an actor when one of the actor's names (actors file, matched like lexicon
    terms) occurs in it; a sentence naming two actors counts for both, a sentence naming one
    actor twice counts once. Sentences are those of ``sentences`` (the sentence table of
    :func:`analysis.score_tables`; built once with :func:`analysis.side_tables` when not given),
    or of ``splitter`` (an object with ``.spans(text)``) when one is given. ``texts``: where the
    text is read when ``corpus`` has no text column (anything whose ``take(positions)`` gives
    the texts at those rows of the corpus, such as a workspace's text left on disk); the text is
    read :data:`TONE_CHUNK` documents at a time either way.

    Returns one row per group x level ("actor", "side") x actor/side with columns group, level,
    side, actor (NA on side rows), n_docs (documents in the group), n_docs_mentioning,
    n_sentences, mean_compound (sum of the sentences' compound scores / n_sentences), ci_low,
    ci_high (document bootstrap of that ratio; NaN when fewer than 2 documents or no sentence).
    This is the tone of the sentences around a mention, not a stance toward the actor: see
    docs/statistics.md.
    """
    if actors is None:
        raise ValueError("tone needs an actors file (name,actor,side): pass actors=...")
    matcher, actor_of, side_by_actor = actor_matcher(actors)
    docs = group_documents(corpus, by=by, period=period, dedup=dedup, rows=True)
    rows = RowTexts.of(corpus, docs, texts, what="tone")
    spans_of = _sentence_spans(corpus, docs, sentences, splitter)
    actor_names = sorted(side_by_actor)
    side_names = sorted(set(side_by_actor.values()))
    a_sum, a_cnt, s_sum, s_cnt = _mention_scores(
        rows, spans_of, matcher, actor_of, side_by_actor, actor_names, side_names
    )
    frames = []
    boot = GroupBootstrap(seed, n_boot, ci, ci_method)
    for g, idx in group_rows(docs):
        for level, names, all_sums, all_cnts in (
            ("side", side_names, s_sum, s_cnt),
            ("actor", actor_names, a_sum, a_cnt),
        ):
            # one group's documents made dense at a time: the whole corpus's would be 8 bytes
            # a document an actor, mostly zeros
            sums, cnts = all_sums[idx].toarray(), all_cnts[idx].toarray()
            res = boot(sums, cnts, "tone", level, g, kind="mean", bounds=(-1.0, 1.0))
            frames.append(
                pd.DataFrame(
                    {
                        "group": g,
                        "level": level,
                        "side": names if level == "side" else [side_by_actor[a] for a in names],
                        "actor": pd.NA if level == "side" else names,
                        "n_docs": len(idx),
                        "n_docs_mentioning": (cnts > 0).sum(axis=0).astype(np.int64),
                        "n_sentences": cnts.sum(axis=0).astype(np.int64),
                        "mean_compound": res.estimate,
                        "ci_low": res.ci_low,
                        "ci_high": res.ci_high,
                        "ci_method": res.method.astype(str),
                    }
                )
            )
    if not frames:
        return pd.DataFrame(columns=_TONE_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    out["actor"] = out["actor"].astype("string")
    out["_lv"] = (out["level"] == "actor").astype(int)
    out = out.sort_values(["group", "_lv", "side", "actor"], kind="mergesort", na_position="first")
    return out.drop(columns="_lv").reset_index(drop=True)[_TONE_COLUMNS]


TONE_CHUNK = 2_000
"""Documents whose text :func:`tone` holds at a time."""


def _sentence_spans(
    corpus: pd.DataFrame, docs: pd.DataFrame, sentences: pd.DataFrame | None, splitter
):
    """A function of (document position in ``docs``, its text) giving that document's
    sentences as (start, end) pairs: from the sentence table (built when not given), or from
    ``splitter`` when one is given."""
    if splitter is None:
        table = side_inputs(corpus, docs, sentences=sentences, need=("sentences",)).sentences
        return SentenceSpans(table, docs["doc_id"])
    return lambda d, text: list(splitter.spans(text))


def _mention_scores(
    rows: RowTexts,
    spans_of,
    matcher,
    actor_of,
    side_by_actor: dict[str, str],
    actor_names: list[str],
    side_names: list[str],
) -> tuple:
    """Per document (the texts ``rows``, read :data:`TONE_CHUNK` at a time): the sum of the
    compound scores of the sentences that mention each actor, the number of those sentences,
    and the same per side (a sentence counts once per actor and once per side it mentions).
    Sparse (CSR) matrices of shape ``(documents, actors)`` and ``(documents, sides)``: actor
    sums, actor counts, side sums, side counts; a cell is stored only where a sentence
    mentions the actor or side."""
    a_col = {a: i for i, a in enumerate(actor_names)}
    s_col = {s: i for i, s in enumerate(side_names)}
    actor_cells, side_cells = _Cells(), _Cells()
    outside = 0
    for first in range(0, len(rows), TONE_CHUNK):
        for d, text in enumerate(rows[first : first + TONE_CHUNK], start=first):
            found = matcher.find(text)
            if not found:
                continue
            spans = spans_of(d, text)
            per_sentence, n_out = _actors_by_sentence(found, spans, actor_of)
            outside += n_out
            keys = sorted(per_sentence)
            scores = vader_compound(text[spans[k][0] : spans[k][1]] for k in keys)
            a_doc: dict[int, list[float]] = {}
            s_doc: dict[int, list[float]] = {}
            for k, score in zip(keys, scores, strict=True):
                acts = per_sentence[k]
                for a in acts:
                    _add(a_doc, a_col[a], score)
                for s in {side_by_actor[a] for a in acts}:
                    _add(s_doc, s_col[s], score)
            actor_cells.extend(d, a_doc)
            side_cells.extend(d, s_doc)
    if outside:
        log.warning(
            "tone: %d actor mention(s) fall outside every sentence span: not scored", outside
        )
    a_sum, a_cnt = actor_cells.matrices((len(rows), len(actor_names)))
    s_sum, s_cnt = side_cells.matrices((len(rows), len(side_names)))
    return a_sum, a_cnt, s_sum, s_cnt


def _add(cells: dict[int, list[float]], col: int, score: float) -> None:
    # summed in sentence order from 0.0, as a dense array's += would
    cell = cells.setdefault(col, [0.0, 0.0])
    cell[0] += score
    cell[1] += 1


class _Cells:
    """The nonzero (document, column) cells of a sum and a count, a document at a time."""

    def __init__(self):
        self.rows: list[int] = []
        self.cols: list[int] = []
        self.sums: list[float] = []
        self.counts: list[float] = []

    def extend(self, d: int, cells: dict[int, list[float]]) -> None:
        for col, (total, count) in cells.items():
            self.rows.append(d)
            self.cols.append(col)
            self.sums.append(total)
            self.counts.append(count)

    def matrices(self, shape: tuple[int, int]):
        """The sums and the counts as sparse (CSR) matrices of ``shape``."""
        import scipy.sparse as sp

        where = (np.array(self.rows, dtype=np.int64), np.array(self.cols, dtype=np.int64))
        return (sp.csr_matrix((np.array(self.sums, dtype=float), where), shape=shape),
                sp.csr_matrix((np.array(self.counts, dtype=float), where), shape=shape))


def _actors_by_sentence(found, spans: list, actor_of) -> tuple[dict[int, set[str]], int]:
    """{sentence index: actors mentioned in it} for the matches ``found`` in a document with
    sentence ``spans``, and the number of matches that fall outside every sentence."""
    starts = np.array([s for s, _ in spans])
    per_sentence: dict[int, set[str]] = {}
    outside = 0
    for m in found:
        k = int(np.searchsorted(starts, m.start, side="right")) - 1
        if k < 0 or m.start >= spans[k][1]:
            outside += 1  # the splitter left this stretch out of every sentence
            continue
        per_sentence.setdefault(k, set()).add(actor_of[m.entry_index])
    return per_sentence, outside
