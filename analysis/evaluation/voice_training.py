"""Train the learned parts of the voice analysis (:mod:`analysis.voice.learned`) on PolNeAR's
train split.

``python -m analysis.evaluation.voice_training [--datasets DIR] [-o DIR]`` reads
``DIR/polnear/train_*`` (default ``config.DATASETS_DIR``) and writes to ``-o`` (default
``data/voice``):

``voice_model.json``
    the model as plain data: the word forms the cue detector scores, and for the cue detector,
    the report filter and the speaker chooser feature -> weight, bias and threshold;
``voice_model.provenance.json``
    the source dataset and split, this script, the parameters, the date, the sha256 of the two
    data files, a licence note;
``cue_counts.csv``
    per word form: how often it stands outside quotation marks in train, and how often as the
    head word of an annotated Cue (derived counts only, no article text).

The same inputs give the same model bytes on one machine (articles in file order, a
deterministic solver, weights rounded to 6 decimals); the solver runs to the optimum, so that
another machine's floating point changes the weights only in their last decimals (within 1e-4,
where the default tolerance left differences in the third). Only train is read; dev stays for
measuring.

The cue detector learns, for every occurrence outside quotation marks of a word form that was
the head of an annotated Cue at least :data:`MIN_CUE` times in train and is none of the rules'
reporting verbs, whether that occurrence is a Cue's head ("said" in "has also said", "expected"
in "is expected to"). The report filter learns, for every reporting construction the annotator
builds on a learned cue (from a detector fitted on the *other* half of the train articles, so
that its cues are out of sample, as they are on new text), how many of its complement's words
are annotated Content (positive weight) and how many are not (negative weight). The speaker
chooser learns, for the spans the annotator (with both) leaves without a speaker, which noun
phrase of the sentence the coders name as Source (:mod:`analysis.evaluation.speaker_training`).
All three are L2-regularised logistic regressions (scikit-learn, lbfgs).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..text.sentences import SentenceSplitter
from ..voice.document import Document
from ..voice.learned import LinearModel, VoiceModel, cue_features, span_features
from ..voice.tagged import word_spans
from ..voice.units import WORD, is_word
from ..voice.words import AUX, DETERMINERS, POSSESSIVES, PREPOSITIONS, PRONOUNS, VERB_FORMS
from .polnear import POLNEAR_DIR, article_bucket, read_polnear
from .speaker_training import speaker_training_rows
from .voice_metrics import gold_token_labels

__all__ = [
    "CUE_THRESHOLD",
    "SPAN_THRESHOLD",
    "SPEAKER_THRESHOLD",
    "cue_form_counts",
    "fit_linear_model",
    "fit_speaker_chooser",
    "train_voice_model",
    "write_voice_model",
]

# Chosen on PolNeAR train only: the model fitted on one half of the train articles, the
# annotator measured on the other half (docs/voice.md, "The learned parts").
CUE_THRESHOLD = 0.5
SPAN_THRESHOLD = 0.6
# Chosen on PolNeAR train out of fold (five folds of articles by a hash of the doc_id): the
# lowest of 0.2, 0.3 ... 0.6 at which the speakers the chooser gives to judged attributions the
# rules leave without one are right at least 7 times in 10 (0.725 at 0.4; 0.645 at 0.3);
# docs/voice.md, section 8, "The fourth pass".
SPEAKER_THRESHOLD = 0.4
MIN_CUE = 3  # a form must head a Cue at least this often in train to be scored ...
MIN_RATE = 0.02  # ... and in at least this share of its occurrences outside quotes
MIN_FIRED = 2  # ... and be taken for a cue at least this often in train by the detector
C_CUES = 1.0  # inverse L2 strength of the cue detector
C_SPANS = 1.0  # ... and of the report filter
C_SPEAKERS = 0.3  # ... and of the speaker chooser
# The solver runs to the optimum (a regularised logistic regression has one), not to
# scikit-learn's default tolerance: stopped early, where it stops depends on the machine's
# floating-point arithmetic (BLAS), and the weights differed in the third decimal between two
# machines. Converged, the weights rounded to 6 decimals are the same wherever it runs.
_TOL = 1e-10
_MAX_ITER = 100_000

# words of a Cue span that are not its head ("has also said", "did not mention", "in a
# statement", "is expected to"): the head is the first word of the Cue that is none of these
_NOT_HEAD = (
    AUX
    | DETERMINERS
    | POSSESSIVES
    | PREPOSITIONS
    | PRONOUNS
    | frozenset(
        "also not just still even already then again now only further first all both each more "
        "most less long later so no well yet back too very much many some".split()
    )
)


def cue_heads(spans: pd.DataFrame) -> dict[str, set[int]]:
    """Per article, the offsets of the head word of every annotated Cue (see ``_NOT_HEAD``)."""
    cues = spans[spans["kind"] == "Cue"].sort_values(["doc_id", "rel", "start"])
    heads: dict[str, set[int]] = {}
    for (doc_id, _), x in cues.groupby(["doc_id", "rel"], sort=False):
        for start, text in zip(x["start"], x["text"], strict=True):
            words = (m for m in WORD.finditer(text) if _head_like(m.group().lower()))
            m = next(words, None)
            if m is not None:
                heads.setdefault(doc_id, set()).add(start + m.start())
                break
    return heads


def _head_like(low: str) -> bool:
    return low not in _NOT_HEAD and not low.endswith("ly")


def _documents(articles: pd.DataFrame, model: VoiceModel | None):
    splitter = SentenceSplitter()
    for doc_id, text in zip(articles["doc_id"], articles["text"], strict=True):
        yield doc_id, text, Document(text, splitter, model)


def _occurrences(articles: pd.DataFrame, spans: pd.DataFrame):
    """Yield (sentence, token index, lower-case form, the head of a Cue?, doc_id) for every word
    token outside quotation marks of every article (the annotator's sentences and quotes)."""
    heads = cue_heads(spans)
    for doc_id, _, doc in _documents(articles, None):
        here = heads.get(doc_id, set())
        for p in range(len(doc.paragraphs)):
            for sent in doc.all_sentences(p):
                for v, tok in enumerate(sent.toks):
                    if is_word(tok.text) and not doc.inside_quote(tok.start):
                        yield sent, v, sent.lows[v], tok.start in here, doc_id


def cue_form_counts(articles: pd.DataFrame, spans: pd.DataFrame) -> pd.DataFrame:
    """Per lower-case word form heading a Cue at least twice: ``n`` occurrences outside quotation
    marks, ``n_cue`` of them the head of an annotated Cue, ``rate`` = n_cue / n; sorted by
    n_cue (descending), then form."""
    total: Counter[str] = Counter()
    in_cue: Counter[str] = Counter()
    for _, _, low, label, _ in _occurrences(articles, spans):
        total[low] += 1
        in_cue[low] += label
    rows = [(w, total[w], in_cue[w]) for w in total if in_cue[w] > 1]
    out = pd.DataFrame(rows, columns=["form", "n", "n_cue"])
    out["rate"] = (out["n_cue"] / out["n"]).round(4)
    return out.sort_values(["n_cue", "form"], ascending=[False, True]).reset_index(drop=True)


def candidate_forms(counts: pd.DataFrame) -> frozenset[str]:
    """The forms the cue detector scores: heading a Cue often enough, no rule verb already."""
    keep = (counts["n_cue"] >= MIN_CUE) & (counts["rate"] >= MIN_RATE)
    return frozenset(
        f
        for f in counts.loc[keep, "form"]
        if f not in VERB_FORMS and f != "according" and _head_like(f) and f.isalpha()
    )


def fit_linear_model(
    rows: list[list[str]], labels, weights, *, c: float, threshold: float
) -> LinearModel | None:
    """L2 logistic regression on binary features; features seen in fewer than two rows are
    left out (they cannot generalise). None when the examples hold only one class."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        return None

    seen = Counter(f for row in rows for f in set(row))
    dicts = [{f: 1 for f in row if seen[f] >= 2} for row in rows]
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform(dicts)
    lr = LogisticRegression(C=c, max_iter=_MAX_ITER, tol=_TOL, solver="lbfgs")
    lr.fit(x, np.asarray(labels, dtype=bool), sample_weight=weights)
    names = vec.get_feature_names_out()
    coef = {n: float(w) for n, w in zip(names, lr.coef_[0], strict=True) if abs(w) >= 1e-4}
    return LinearModel(coef, float(lr.intercept_[0]), threshold)


def fit_cue_detector(
    articles: pd.DataFrame, spans: pd.DataFrame, candidates: frozenset[str], threshold: float
) -> LinearModel | None:
    rows, labels = [], []
    for sent, v, low, label, _ in _occurrences(articles, spans):
        if low in candidates:
            rows.append(cue_features(sent, v))
            labels.append(label)
    return fit_linear_model(rows, labels, None, c=C_CUES, threshold=threshold)


def span_training_rows(
    articles: pd.DataFrame, spans: pd.DataFrame, model: VoiceModel
) -> tuple[list[list[str]], list[bool], list[float]]:
    """For every reporting construction the annotator (with ``model``'s cue detector, no
    filter) builds on a learned cue outside quotes: its features twice, once as a positive example weighted by
    its complement's words annotated as reported Content, once as a negative weighted by its
    words that are the outlet's (words the annotator quotes are left out)."""
    content = spans[spans["kind"] == "Content"]
    by_doc = {d: list(zip(x["start"], x["end"], strict=True)) for d, x in content.groupby("doc_id")}
    rows, labels, weights = [], [], []
    for doc_id, text, doc in _documents(articles, model):
        spans_ = word_spans(text)
        toks, starts = spans_.tolist(), spans_[:, 0]
        gold = gold_token_labels(text, by_doc.get(doc_id, []))
        for p in range(len(doc.paragraphs)):
            for sent in doc.all_sentences(p):
                cues = doc.cues(sent)
                for c in cues:
                    if not c.learned or doc.inside_quote(c.anchor):
                        continue
                    a, b = np.searchsorted(starts, c.start), np.searchsorted(starts, c.end)
                    inside = [
                        k
                        for k in range(a, b)
                        if c.covers(*toks[k]) and not doc.inside_quote(toks[k][0])
                    ]
                    n_rep = sum(1 for k in inside if gold[k] == "reported")
                    n_auth = sum(1 for k in inside if gold[k] == "authorial")
                    feats = span_features(sent, c, doc.quoted_share, len(cues))
                    for label, w in ((True, n_rep), (False, n_auth)):
                        if w:
                            rows.append(feats)
                            labels.append(label)
                            weights.append(float(w))
    return rows, labels, weights


def fit_speaker_chooser(
    articles: pd.DataFrame,
    spans: pd.DataFrame,
    model: VoiceModel,
    *,
    threshold: float = SPEAKER_THRESHOLD,
) -> LinearModel | None:
    """The speaker chooser fitted on the spans that the annotator with ``model`` (its speaker
    chooser ignored) leaves without a speaker in ``articles``
    (:func:`~analysis.evaluation.speaker_training.speaker_training_rows`)."""
    rules = replace(model, speakers=None)
    rows, labels, _ = speaker_training_rows(
        ((doc_id, doc) for doc_id, _, doc in _documents(articles, rules)), spans
    )
    return fit_linear_model(rows, labels, None, c=C_SPEAKERS, threshold=threshold)


def _halves(doc_ids) -> tuple[list[str], list[str]]:
    """Two halves of the articles, by a hash of the doc_id (independent of file order)."""
    h = [article_bucket(d, 2) for d in doc_ids]
    return [d for d, x in zip(doc_ids, h, strict=True) if x == 0], [
        d for d, x in zip(doc_ids, h, strict=True) if x == 1
    ]


def _subset(articles, spans, ids):
    ids = set(ids)
    return articles[articles["doc_id"].isin(ids)].reset_index(drop=True), spans[
        spans["doc_id"].isin(ids)
    ]


def train_voice_model(
    directory: str | Path,
    *,
    doc_ids=None,
    cue_threshold: float = CUE_THRESHOLD,
    span_threshold: float = SPAN_THRESHOLD,
    speaker_threshold: float = SPEAKER_THRESHOLD,
) -> tuple[VoiceModel, pd.DataFrame]:
    """The voice model and the cue form counts from PolNeAR train in ``directory`` (the
    polnear folder); ``doc_ids`` restricts training to those articles (to choose thresholds on
    held-out train articles)."""
    articles, spans = read_polnear(directory, "train")
    if doc_ids is not None:
        articles, spans = _subset(articles, spans, doc_ids)
    counts = cue_form_counts(articles, spans)
    candidates = candidate_forms(counts)
    cues = fit_cue_detector(articles, spans, candidates, cue_threshold)
    # score at run time only the forms the detector takes at least MIN_FIRED times in train:
    # the others (almost) never reach the threshold and would cost a scoring each time
    fired = Counter(
        low
        for sent, v, low, _, _ in _occurrences(articles, spans)
        if low in candidates and cues is not None and cues(cue_features(sent, v))
    )
    candidates = frozenset(f for f in candidates if fired[f] >= MIN_FIRED)
    rows, labels, weights = [], [], []
    half_a, half_b = _halves(list(articles["doc_id"]))
    for fit_on, apply_to in ((half_a, half_b), (half_b, half_a)):
        detector = fit_cue_detector(*_subset(articles, spans, fit_on), candidates, cue_threshold)
        part = span_training_rows(
            *_subset(articles, spans, apply_to), VoiceModel(candidates, detector, None, {})
        )
        for acc, new in zip((rows, labels, weights), part, strict=True):
            acc.extend(new)
    filt = fit_linear_model(rows, labels, weights, c=C_SPANS, threshold=span_threshold)
    speakers = fit_speaker_chooser(
        articles, spans, VoiceModel(candidates, cues, filt, {}), threshold=speaker_threshold
    )
    meta = {
        "source": "PolNeAR v1.0.0 (networkdynamics/PolNeAR c3eee83), train split, "
        f"{len(articles)} articles",
        "script": "analysis/evaluation/voice_training.py",
        "candidates": len(candidates),
        "min_cue": MIN_CUE,
        "min_rate": MIN_RATE,
        "min_fired": MIN_FIRED,
        "C_cues": C_CUES,
        "C_spans": C_SPANS,
        "C_speakers": C_SPEAKERS,
    }
    return VoiceModel(candidates, cues, filt, meta, speakers), counts


def write_voice_model(model: VoiceModel, counts: pd.DataFrame, outdir: str | Path) -> list[Path]:
    """Write ``voice_model.json``, ``cue_counts.csv`` and the provenance sidecar to ``outdir``."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    model_path = outdir / "voice_model.json"
    body = json.dumps(model.to_json(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    model_path.write_text(body, encoding="utf-8", newline="\n")
    counts_path = outdir / "cue_counts.csv"
    counts.to_csv(counts_path, index=False, lineterminator="\n")
    provenance = {
        "files": {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (model_path, counts_path)
        },
        "source": "PolNeAR (Newell, Margolin and Ruths, LREC 2018), repository "
        "networkdynamics/PolNeAR, commit c3eee833c035bf7b8c84f55b58c0bf7346cfae76 (v1.0.0), "
        "train split only (the first 10 months, 840 articles), read from "
        "../shared/datasets/polnear",
        "script": "python -m analysis.evaluation.voice_training (deterministic)",
        "date": datetime.date.today().isoformat(),
        "parameters": model.meta,
        "licence": "PolNeAR states no licence; the article text belongs to its publishers. "
        "These files hold derived word-form counts and feature weights only, no article text.",
    }
    sidecar = outdir / "voice_model.provenance.json"
    sidecar.write_text(json.dumps(provenance, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return [model_path, counts_path, sidecar]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--datasets", type=Path, default=config.DATASETS_DIR)
    parser.add_argument("-o", "--outdir", type=Path, default=config.DATA_DIR / "voice")
    args = parser.parse_args(argv)
    model, counts = train_voice_model(args.datasets / POLNEAR_DIR)
    for path in write_voice_model(model, counts, args.outdir):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
