"""The voice analysis against PolNeAR's attributions: tokens, attributions and speakers.

Definitions (issue 10; docs/validation.md, "PolNeAR"):

Tokens
    ``\\w+`` runs of the text. A token is *in* a span when at least one of its characters is.
Gold voice of a token
    ``quoted`` when it is in a Content span and inside quotation marks
    (:func:`gold_quote_regions`), ``reported`` when it is in a Content span otherwise,
    ``authorial`` everywhere else (Source, Cue, unlabelled text and the upstream's other labels).
Predicted voice of a token
    ``quoted`` when it is in a predicted span of kind ``quoted``, else ``reported`` when it is in
    one of kind ``reported``, else ``authorial`` (quoted wins, as in the product).
Speakers
    judged over the gold attributions whose Source is not only pronouns and whose Content a
    predicted span overlaps (:func:`speaker_agreement`).

Every count is kept per article, so that :func:`bootstrap_articles` resamples articles, the
sampling unit (tokens and attributions of one article are not independent).
:func:`evaluate_polnear_voice` runs everything and returns one table of metrics with intervals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..stats.intervals import bootstrap_weights
from ..tables import require_columns
from ..voice.annotator import VoiceAnnotator, attribution_table
from ..voice.tagged import word_spans, word_voices, words_in
from ..voice.words import VOICES

__all__ = [
    "PolnearVoiceEvaluation",
    "attribution_overlap",
    "bootstrap_articles",
    "confusion_from_labels",
    "evaluate_polnear_voice",
    "gold_quote_regions",
    "gold_token_labels",
    "is_pronoun_source",
    "label_tokens",
    "predicted_token_labels",
    "speaker_agreement",
    "source_texts",
    "speaker_outcome",
    "voice_confusion",
    "word_range",
    "voice_scores",
]

_CODE = {v: i for i, v in enumerate(VOICES)}
_WORD = re.compile(r"\w+")

# --- quotation marks of the gold side ---------------------------------------------------------
_DQ = frozenset('"“”„‟«»')
_OPEN_SHAPE = frozenset("“„«")
_CLOSE_SHAPE = frozenset("”»")
_OPEN_LEFT = frozenset("([{—–-/")  # what may stand before an opening mark
_CLOSE_RIGHT = frozenset(".,;:!?)]}—–-…")  # what may stand after a closing mark
_PARAGRAPH = re.compile(r"[^\n]+")
# a double mark: one of _DQ, or two straight apostrophes typed for one (the NYT archive's '')
_DQ_MARK = re.compile("''|[" + "".join(sorted(_DQ)) + "]")


def _mark_action(c: str, left: str | None, right: str | None, is_open: bool) -> str:
    """"open" or "close" for a double mark ``c`` between ``left`` and ``right`` characters."""
    left_space = left is None or left.isspace()
    right_space = right is None or right.isspace()
    opening = (left_space or left in _OPEN_LEFT) and not right_space
    closing = (right_space or right in _CLOSE_RIGHT) and not left_space
    if opening and not closing:
        return "open"
    if closing and not opening:
        return "close"
    if c in _OPEN_SHAPE:
        return "open"
    if c in _CLOSE_SHAPE:
        return "close"
    return "close" if is_open else "open"


def gold_quote_regions(text: str) -> list[tuple[int, int]]:
    """Character intervals ``[start, end)`` of ``text`` inside double quotation marks: the gold
    side's definition of "inside quotation marks", deliberately simple and independent of the
    product's quote scanner.

    * Only double marks count: straight ``"``, curly ``“ ”`` (and ``„ ‟ « »``), and two straight
      apostrophes ``''`` typed for one (the New York Times archive text writes every double
      quote so). Single marks are not quotation marks here: in US news they are mostly
      apostrophes, and as quotes they stand inside double quotes or in headlines.
    * Each paragraph (a run of text between line breaks) is scanned on its own, left to right.
    * A mark opens in opening position (paragraph start, or after whitespace or ``( [ { — – -
      /``, and before a non-space) and closes in closing position (after a non-space, and
      before whitespace, the paragraph end or ``. , ; : ! ? ) ] } — – - …``); when the position
      does not decide, the shape does (``“ „ «`` open, ``” »`` close), and for a straight mark
      the state (it closes an open quote, else opens one).
    * An opening mark while a quote is open, and a closing mark while none is, change nothing.
    * A quote still open at the end of its paragraph runs to the paragraph end (also the news
      convention for a quotation over several paragraphs).

    Returns the intervals between the marks (the marks themselves are outside), in order.
    """
    out: list[tuple[int, int]] = []
    for pm in _PARAGRAPH.finditer(text):
        ps, pe = pm.span()
        open_at: int | None = None
        for mm in _DQ_MARK.finditer(text, ps, pe):
            i, j = mm.span()
            left = text[i - 1] if i > ps else None
            right = text[j] if j < pe else None
            act = _mark_action(mm.group(), left, right, open_at is not None)
            if act == "open" and open_at is None:
                open_at = j
            elif act == "close" and open_at is not None:
                out.append((open_at, i))
                open_at = None
        if open_at is not None and open_at < pe:
            out.append((open_at, pe))
    return out


# --- token labels -----------------------------------------------------------------------------


def gold_token_labels(text: str, content_spans: Iterable[tuple[int, int]]) -> np.ndarray:
    """Gold voice of every ``\\w+`` token of ``text`` (an array of :data:`VOICES` strings):
    ``quoted`` in a Content span and in a :func:`gold_quote_regions` interval, ``reported`` in a
    Content span otherwise, ``authorial`` elsewhere."""
    toks = word_spans(text)
    content = words_in(len(text), content_spans, toks)
    quoted = words_in(len(text), gold_quote_regions(text), toks)
    labels = np.full(len(toks), "authorial", dtype=object)
    labels[content] = "reported"
    labels[content & quoted] = "quoted"
    return labels


def predicted_token_labels(text: str, spans: Iterable[tuple[int, int, str]]) -> np.ndarray:
    """Predicted voice of every ``\\w+`` token of ``text`` from ``(start, end, kind)`` spans,
    kind "quoted" or "reported": quoted wins over reported, a token in no span is authorial
    (:func:`analysis.voice.tagged.word_voices`)."""
    return word_voices(text, list(spans))


def _by_doc(df: pd.DataFrame) -> dict:
    return {d: x for d, x in df.groupby("doc_id", sort=False)}


def label_tokens(
    articles: pd.DataFrame, gold_spans: pd.DataFrame, predicted: pd.DataFrame
) -> pd.DataFrame:
    """One row per ``\\w+`` token of every article: doc_id, start, end, gold, pred.

    ``articles``: doc_id, text. ``gold_spans``: doc_id, kind, start, end (only kind "Content"
    is read). ``predicted``: doc_id, start, end, kind ("quoted"/"reported"), as
    :func:`~analysis.voice.annotator.attribution_table` gives.
    """
    content = _by_doc(gold_spans[gold_spans["kind"] == "Content"])
    preds = _by_doc(predicted)
    parts = []
    for doc_id, text in zip(articles["doc_id"], articles["text"], strict=True):
        toks = word_spans(text)
        g = content.get(doc_id)
        p = preds.get(doc_id)
        gold = [] if g is None else zip(g["start"], g["end"], strict=True)
        pred = [] if p is None else zip(p["start"], p["end"], p["kind"], strict=True)
        parts.append(
            pd.DataFrame(
                {
                    "doc_id": doc_id,
                    "start": toks[:, 0],
                    "end": toks[:, 1],
                    "gold": gold_token_labels(text, gold),
                    "pred": predicted_token_labels(text, pred),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=["doc_id", "start", "end", "gold", "pred"])
    return pd.concat(parts, ignore_index=True)


# --- confusion and scores -----------------------------------------------------------------------


def _cells() -> list[str]:
    return [f"{g}>{p}" for g in VOICES for p in VOICES]


def voice_confusion(tokens: pd.DataFrame) -> pd.DataFrame:
    """Per-article confusion counts: index doc_id, one column "gold>pred" for each of the 9
    pairs of :data:`VOICES` (``tokens`` as :func:`label_tokens` gives)."""
    if tokens.empty:
        return pd.DataFrame(columns=_cells(), dtype="int64")
    bad = (set(tokens["gold"]) | set(tokens["pred"])) - set(VOICES)
    if bad:
        raise ValueError(f"labels must be among {VOICES}, got {sorted(bad)}")
    code = tokens["gold"].map(_CODE).to_numpy() * 3 + tokens["pred"].map(_CODE).to_numpy()
    dummies = pd.DataFrame(np.eye(9, dtype=np.int64)[code], columns=_cells())
    return dummies.groupby(tokens["doc_id"].to_numpy()).sum()


def voice_scores(counts: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Accuracy and per-voice precision, recall and F1 from summed confusion cells.

    ``counts``: the 9 "gold>pred" cells of :func:`voice_confusion` summed (a Series), or a
    DataFrame with one such row per replicate. ``accuracy`` = share of tokens whose predicted
    voice is the gold one; ``precision[v]`` = share of tokens predicted v that are gold v;
    ``recall[v]`` = share of gold-v tokens predicted v; ``f1[v]`` their harmonic mean. NaN where
    a denominator is 0.
    """
    frame = counts.to_frame().T if isinstance(counts, pd.Series) else counts
    c = {k: frame[k].astype(float) for k in _cells()}
    total = sum(c.values())
    out = {"accuracy": sum(c[f"{v}>{v}"] for v in VOICES) / total.replace(0, np.nan)}
    for v in VOICES:
        tp = c[f"{v}>{v}"]
        prec = tp / sum(c[f"{g}>{v}"] for g in VOICES).replace(0, np.nan)
        rec = tp / sum(c[f"{v}>{p}"] for p in VOICES).replace(0, np.nan)
        out[f"precision[{v}]"] = prec
        out[f"recall[{v}]"] = rec
        out[f"f1[{v}]"] = 2 * prec * rec / (prec + rec).replace(0, np.nan)
    res = pd.DataFrame(out)
    return res.iloc[0] if isinstance(counts, pd.Series) else res


# --- attributions -------------------------------------------------------------------------------


def word_range(toks: np.ndarray, s: int, e: int) -> tuple[int, int]:
    """Indices [a, b) of the tokens with at least one character in [s, e)."""
    a = int(np.searchsorted(toks[:, 1], s, "right"))
    return a, int(np.searchsorted(toks[:, 0], e, "left"))


def _gold_attribution_rows(doc_id, toks, gold, pred, content) -> list[dict]:
    right = (gold == pred) & (gold != "authorial")
    any_pred = pred != "authorial"
    rows = []
    for rel, x in content.groupby("rel", dropna=False):
        m = np.zeros(len(toks), dtype=bool)
        for s, e in zip(x["start"], x["end"], strict=True):
            a, b = word_range(toks, s, e)
            m[a:b] = True
        k = int(m.sum())
        if k == 0:
            continue
        rows.append(
            {
                "doc_id": doc_id,
                "rel": rel,
                "n_tokens": k,
                "voice": "quoted" if (gold[m] == "quoted").sum() * 2 > k else "reported",
                "found": bool(any_pred[m].any()),
                "found_kind": bool(right[m].any()),
                "covered": float(right[m].sum()) / k,
            }
        )
    return rows


def attribution_overlap(
    articles: pd.DataFrame, gold_spans: pd.DataFrame, predicted: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Content-span overlap, per gold attribution and per predicted span.

    Returns ``(gold_rows, predicted_rows)``. ``gold_rows``: one row per gold attribution
    (doc_id, rel) with Content tokens: ``n_tokens``, ``voice`` (quoted when most of its Content
    tokens are gold-quoted, else reported), ``found`` (some predicted span covers one of its
    Content tokens), ``found_kind`` (one of its Content tokens is predicted with its gold voice)
    and ``covered`` (share of its Content tokens predicted with their gold voice).
    ``predicted_rows``: one row per predicted span holding a token (doc_id, start, end, kind):
    ``hit`` (one of its tokens is in gold Content), ``hit_kind`` (one of its tokens has the
    span's kind as its gold voice). Attribution recall = mean of ``found``; span precision =
    mean of ``hit``.
    """
    content = _by_doc(gold_spans[gold_spans["kind"] == "Content"])
    preds = _by_doc(predicted)
    g_rows: list[dict] = []
    p_rows: list[dict] = []
    for doc_id, text in zip(articles["doc_id"], articles["text"], strict=True):
        toks = word_spans(text)
        gc = content.get(doc_id, gold_spans.iloc[:0])
        pc = preds.get(doc_id, predicted.iloc[:0])
        gold = gold_token_labels(text, zip(gc["start"], gc["end"], strict=True))
        pred = predicted_token_labels(text, zip(pc["start"], pc["end"], pc["kind"], strict=True))
        g_rows += _gold_attribution_rows(doc_id, toks, gold, pred, gc)
        for s, e, kind in zip(pc["start"], pc["end"], pc["kind"], strict=True):
            a, b = word_range(toks, s, e)
            if b > a:
                g = gold[a:b]
                p_rows.append(
                    {
                        "doc_id": doc_id,
                        "start": int(s),
                        "end": int(e),
                        "kind": kind,
                        "hit": bool((g != "authorial").any()),
                        "hit_kind": bool((g == kind).any()),
                    }
                )
    g_cols = ["doc_id", "rel", "n_tokens", "voice", "found", "found_kind", "covered"]
    p_cols = ["doc_id", "start", "end", "kind", "hit", "hit_kind"]
    return pd.DataFrame(g_rows, columns=g_cols), pd.DataFrame(p_rows, columns=p_cols)


# --- speakers -----------------------------------------------------------------------------------

_PRONOUNS = frozenset(
    "i me my mine we us our ours you your yours he him his she her hers it its they them their "
    "theirs who whom whose which that this these those one itself himself herself themselves "
    "myself ourselves".split()
)
_DETERMINERS = frozenset("the a an this that these those".split())
_TITLES = frozenset("mr mrs ms miss dr prof sen gov rep gen col lt sgt capt adm rev pres".split())
# words that never make two speaker names "share a word"
_STOPWORDS = (
    _DETERMINERS
    | _TITLES
    | frozenset(
        "of and or in on at for to from by with s his her its their our my your who which whose "
        "as about into over than said says".split()
    )
)


def _words(s: object) -> list[str]:
    if s is None or s is pd.NA or (isinstance(s, float) and s != s):
        return []
    s = re.sub(r"['’]s\b", "", str(s))  # possessive: "Trump's" -> "Trump"
    return [w.lower() for w in _WORD.findall(s)]


def is_pronoun_source(source: str) -> bool:
    """Is a gold Source text nothing but pronouns ("he", "They", "his", "who")?"""
    w = _words(source)
    return bool(w) and all(x in _PRONOUNS for x in w)


def speaker_outcome(gold_source: str, speaker: object) -> str:
    """Compare a predicted speaker with a gold Source text. Returns

    ``exact``: equal after lower-casing, taking ``\\w+`` words, dropping a possessive "'s",
    determiners (the, a, an, this, that, these, those) and personal titles (Mr, Sen., Dr ...);
    ``lenient``: not exact, but sharing a word that is not a stopword (determiners, titles,
    prepositions, possessive pronouns ...);
    ``wrong``: a speaker sharing no such word;
    ``none``: no speaker (None, NA or blank).
    """
    p = _words(speaker)
    if not p:
        return "none"
    g = _words(gold_source)
    strip = _DETERMINERS | _TITLES
    if [w for w in g if w not in strip] == [w for w in p if w not in strip]:
        return "exact"
    if (set(g) - _STOPWORDS) & (set(p) - _STOPWORDS):
        return "lenient"
    return "wrong"


_SPEAKER_COLUMNS = ["doc_id", "rel", "source", "content_start", "speaker", "pred_kind", "outcome"]


def _best_span(toks: np.ndarray, content: pd.DataFrame, ranges: list) -> tuple | None:
    """The predicted (kind, speaker) sharing most tokens with ``content`` (earliest on ties)."""
    m = np.zeros(len(toks) + 1, dtype=np.int64)
    for s, e in zip(content["start"], content["end"], strict=True):
        a, b = word_range(toks, s, e)
        m[a:b] = 1
    if not m.any():
        return None
    csum = np.concatenate([[0], np.cumsum(m)])
    best, best_n = None, 0
    for (a, b), kind, spk in ranges:
        k = int(csum[max(b, a)] - csum[a])
        if k > best_n:
            best, best_n = (kind, spk), k
    return best


def source_texts(gold_spans: pd.DataFrame) -> dict[tuple[str, str], str]:
    """The Source text of every gold attribution, ``(doc_id, rel) -> text`` (its pieces in text
    order, joined by a space); attributions with no Source are absent."""
    src = gold_spans[gold_spans["kind"] == "Source"].sort_values(["doc_id", "rel", "start"])
    return {k: " ".join(x["text"]) for k, x in src.groupby(["doc_id", "rel"])}


def speaker_agreement(
    articles: pd.DataFrame, gold_spans: pd.DataFrame, predicted: pd.DataFrame
) -> pd.DataFrame:
    """One row per judged gold attribution: those (doc_id, rel) with a Source that is not only
    pronouns and whose Content some predicted span overlaps (shares a ``\\w+`` token with). The
    predicted span judged is the one sharing most Content tokens (the earliest on ties).

    Columns: doc_id, rel, source (the gold Source text, pieces joined by a space),
    content_start, speaker (the judged span's), pred_kind, outcome (:func:`speaker_outcome`).
    Rates: right (lenient) = outcome exact or lenient; exact; none; wrong.
    """
    texts = dict(zip(articles["doc_id"], articles["text"], strict=True))
    sources = source_texts(gold_spans)
    preds = _by_doc(predicted)
    rows = []
    cached: tuple = (None, None, None)
    content = gold_spans[gold_spans["kind"] == "Content"]
    for (doc_id, rel), x in content.groupby(["doc_id", "rel"]):
        source = sources.get((doc_id, rel))
        if source is None or is_pronoun_source(source) or doc_id not in texts:
            continue
        if cached[0] != doc_id:
            toks = word_spans(texts[doc_id])
            pc = preds.get(doc_id, predicted.iloc[:0])
            spans = zip(pc["start"], pc["end"], pc["kind"], pc["speaker"], strict=True)
            cached = (doc_id, toks, [(word_range(toks, s, e), k, p) for s, e, k, p in spans])
        best = _best_span(cached[1], x, cached[2])
        if best is None:
            continue
        speaker = None if best[1] is pd.NA else best[1]
        rows.append(
            {
                "doc_id": doc_id,
                "rel": rel,
                "source": source,
                "content_start": int(x["start"].min()),
                "speaker": speaker,
                "pred_kind": best[0],
                "outcome": speaker_outcome(source, speaker),
            }
        )
    return pd.DataFrame(rows, columns=_SPEAKER_COLUMNS)


# --- the bootstrap over articles ----------------------------------------------------------------


def bootstrap_articles(
    counts: pd.DataFrame,
    statistic: Callable[[pd.DataFrame], pd.DataFrame],
    *,
    n_boot: int = 2000,
    seed: int = 0,
    ci: float = 0.95,
) -> pd.DataFrame:
    """Percentile bootstrap intervals over articles.

    ``counts``: one row per article (every article of the sample, also those with zero
    counts), numeric columns. ``statistic`` maps a DataFrame of summed counts (one row per
    replicate, the same columns) to a DataFrame of metrics (one column each). Each replicate
    draws as many articles as there are, with replacement (``seed`` fixes the draws), sums their
    counts and applies ``statistic``.

    Returns one row per metric: ``estimate`` (on the sample as it is), ``low`` and ``high`` (the
    (1-ci)/2 and (1+ci)/2 quantiles of the replicates; NaN replicates left out), ``n_boot``.
    """
    x = counts.to_numpy(dtype=float)
    n = len(x)
    if n == 0:
        raise ValueError("bootstrap_articles needs at least one article")
    rng = np.random.default_rng(seed)
    weights = bootstrap_weights(n, n_boot, rng).astype(float)
    reps = statistic(pd.DataFrame(weights @ x, columns=counts.columns))
    est = statistic(pd.DataFrame([x.sum(axis=0)], columns=counts.columns)).iloc[0]
    a = (1 - ci) / 2
    return pd.DataFrame(
        {"estimate": est, "low": reps.quantile(a), "high": reps.quantile(1 - a), "n_boot": n_boot}
    )


def _ratios(pairs: dict[str, tuple[str, str]]) -> Callable[[pd.DataFrame], pd.DataFrame]:
    """A statistic for :func:`bootstrap_articles`: metric -> (numerator, denominator) column."""

    def stat(df: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({k: df[a] / df[b].replace(0, np.nan) for k, (a, b) in pairs.items()})

    return stat


# --- everything at once -------------------------------------------------------------------------

_MEANINGS = {
    "accuracy": "share of tokens whose predicted voice is the gold one",
    "precision": "share of tokens predicted {v} that are gold {v}",
    "recall": "share of gold {v} tokens predicted {v}",
    "f1": "harmonic mean of precision and recall, {v}",
    "attr_recall_any": "gold attributions with a Content token in some predicted span",
    "attr_recall_kind": "gold attributions with a Content token predicted with its gold voice",
    "attr_mean_covered": "mean share of an attribution's Content tokens predicted right",
    "span_precision_any": "predicted spans with a token in gold Content",
    "span_precision_kind": "predicted spans with a token whose gold voice is the span's kind",
    "speaker_right_lenient": "judged attributions whose speaker shares a word with the Source",
    "speaker_exact": "judged attributions whose speaker equals the Source (articles, titles off)",
    "speaker_none": "judged attributions given no speaker",
    "speaker_wrong": "judged attributions given a speaker sharing no word with the Source",
}


def _meaning(metric: str) -> str:
    base, _, rest = metric.partition("[")
    return _MEANINGS[base].format(v=rest.rstrip("]"))


@dataclass(frozen=True)
class PolnearVoiceEvaluation:
    """What :func:`evaluate_polnear_voice` measured.

    ``summary``: one row per metric: ``metric``, ``estimate``, ``low``, ``high`` (95% percentile
    interval of a bootstrap over articles), ``n`` (the items the metric is a share of: tokens,
    attributions or spans) and ``meaning``. ``confusion``: token counts, gold voice in rows,
    predicted voice in columns. ``tokens``, ``attributions``, ``spans`` and ``speakers``: the
    per-token, per-gold-attribution, per-predicted-span and per-judged-attribution rows.
    """

    summary: pd.DataFrame
    confusion: pd.DataFrame
    tokens: pd.DataFrame
    attributions: pd.DataFrame
    spans: pd.DataFrame
    speakers: pd.DataFrame

    def metric(self, name: str) -> float:
        """The estimate of metric ``name`` (see ``summary``)."""
        hit = self.summary.loc[self.summary["metric"] == name, "estimate"]
        if hit.empty:
            raise KeyError(f"no metric {name!r}; known: {', '.join(self.summary['metric'])}")
        return float(hit.iloc[0])


def _attribution_counts(docs: pd.Index, g_rows: pd.DataFrame, p_rows: pd.DataFrame):
    counts = pd.DataFrame(index=docs)
    gg = g_rows.groupby("doc_id")
    counts["gold"] = gg.size()
    for c in ("found", "found_kind", "covered"):
        counts[c] = gg[c].sum()
    pp = p_rows.groupby("doc_id")
    counts["pred"] = pp.size()
    for c in ("hit", "hit_kind"):
        counts[c] = pp[c].sum()
    return counts.fillna(0).astype(float)


def _speaker_counts(docs: pd.Index, speakers: pd.DataFrame) -> pd.DataFrame:
    counts = pd.DataFrame(index=docs)
    outcome = speakers["outcome"]
    for o in ("exact", "lenient", "wrong", "none"):
        counts[o] = (outcome == o).groupby(speakers["doc_id"]).sum()
    counts["n"] = speakers.groupby("doc_id").size()
    counts = counts.fillna(0).astype(float)
    counts["right"] = counts["exact"] + counts["lenient"]
    return counts


def evaluate_polnear_voice(
    articles: pd.DataFrame,
    gold_spans: pd.DataFrame,
    predicted: pd.DataFrame | None = None,
    *,
    annotator: VoiceAnnotator | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    ci: float = 0.95,
) -> PolnearVoiceEvaluation:
    """Measure voice spans against PolNeAR's attributions (see the module docstring).

    ``articles`` and ``gold_spans`` as :func:`~analysis.evaluation.polnear.read_polnear`
    returns them; ``predicted``: doc_id, start, end, kind, speaker (default:
    :func:`~analysis.voice.annotator.attribution_table` of ``articles`` with ``annotator``).
    Metrics: token ``accuracy`` and ``precision[v]``, ``recall[v]``, ``f1[v]`` for each voice;
    attribution level ``attr_recall_any``, ``attr_recall_kind``, ``attr_mean_covered``,
    ``span_precision_any``, ``span_precision_kind``; speakers ``speaker_right_lenient``,
    ``speaker_exact``, ``speaker_none``, ``speaker_wrong``. Intervals: percentile bootstrap over
    articles (``n_boot`` replicates, ``seed``).
    """
    require_columns(articles, ("doc_id", "text"), "evaluate_polnear_voice: articles")
    require_columns(gold_spans, ("doc_id", "rel", "kind", "start", "end", "text"),
                    "evaluate_polnear_voice: gold spans")  # fmt: skip
    if predicted is None:
        predicted = attribution_table(articles, annotator=annotator)
    require_columns(predicted, ("doc_id", "start", "end", "kind", "speaker"),
                    "evaluate_polnear_voice: predicted spans")  # fmt: skip
    docs = pd.Index(articles["doc_id"])
    tokens = label_tokens(articles, gold_spans, predicted)
    cells = voice_confusion(tokens).reindex(docs, fill_value=0)
    g_rows, p_rows = attribution_overlap(articles, gold_spans, predicted)
    speakers = speaker_agreement(articles, gold_spans, predicted)
    options = {"n_boot": n_boot, "seed": seed, "ci": ci}
    parts = [
        bootstrap_articles(cells, voice_scores, **options),
        bootstrap_articles(
            _attribution_counts(docs, g_rows, p_rows),
            _ratios({"attr_recall_any": ("found", "gold"),
                     "attr_recall_kind": ("found_kind", "gold"),
                     "attr_mean_covered": ("covered", "gold"),
                     "span_precision_any": ("hit", "pred"),
                     "span_precision_kind": ("hit_kind", "pred")}),  # fmt: skip
            **options,
        ),
        bootstrap_articles(
            _speaker_counts(docs, speakers),
            _ratios({"speaker_right_lenient": ("right", "n"), "speaker_exact": ("exact", "n"),
                     "speaker_none": ("none", "n"), "speaker_wrong": ("wrong", "n")}),  # fmt: skip
            **options,
        ),
    ]
    summary = pd.concat(parts).rename_axis("metric").reset_index()
    summary["n"] = [_denominator(m, cells, g_rows, p_rows, speakers) for m in summary["metric"]]
    summary["meaning"] = [_meaning(m) for m in summary["metric"]]
    summary = summary[["metric", "estimate", "low", "high", "n", "n_boot", "meaning"]]
    confusion = pd.DataFrame(
        cells.sum().to_numpy().reshape(3, 3),
        index=pd.Index(VOICES, name="gold"),
        columns=pd.Index(VOICES, name="predicted"),
    )
    return PolnearVoiceEvaluation(summary, confusion, tokens, g_rows, p_rows, speakers)


def _denominator(metric: str, cells, g_rows, p_rows, speakers) -> int:
    """How many items ``metric`` is a share of."""
    total = cells.sum()
    base, _, rest = metric.partition("[")
    v = rest.rstrip("]")
    if base == "accuracy":
        return int(total.sum())
    if base == "precision":
        return int(sum(total[f"{g}>{v}"] for g in VOICES))
    if base in ("recall", "f1"):
        return int(sum(total[f"{v}>{p}"] for p in VOICES))
    if base.startswith("attr_"):
        return len(g_rows)
    if base.startswith("span_"):
        return len(p_rows)
    return len(speakers)


def confusion_from_labels(gold: Sequence[str], pred: Sequence[str]) -> pd.DataFrame:
    """3×3 counts of (gold, predicted) voice labels, rows gold, columns predicted."""
    tokens = pd.DataFrame({"doc_id": "all", "gold": list(gold), "pred": list(pred)})
    cells = voice_confusion(tokens).sum()
    return pd.DataFrame(
        cells.to_numpy().reshape(3, 3),
        index=pd.Index(VOICES, name="gold"),
        columns=pd.Index(VOICES, name="predicted"),
    )
