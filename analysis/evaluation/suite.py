"""Validation against third-party human annotations: how far to trust the scorer.

The scorer counts lexicon terms and says who speaks them. This module measures both parts on
human-annotated datasets that live *beside* the repository (``config.DATASETS_DIR``; they are
read by path and never copied, as their licences differ):

BABE (Spinde et al. 2021), ``babe_mbic/babe_sg2_final.csv``
    3,674 news sentences labelled Biased / Non-biased by experts, with the words the annotators
    marked as bias-inducing. Each sentence is scored as a one-sentence document.

    * :func:`marked_word_overlap`: precision and recall of lexicon hits against the marked words,
      at token level and at span level (definitions in the function's docstring);
    * :func:`sentence_auc`: ROC-AUC of per-sentence hit counts against the Biased label;
    * :func:`outlet_rates` and :func:`outlet_correlation`: per-outlet share of Biased sentences
      against per-outlet hit rate, Spearman's rho over outlets;
    * :func:`marked_word_voices`, :func:`token_voices`, :func:`hit_voices`: where the marked
      words and the hits sit according to :mod:`analysis.voice` (the scorer's own voice).

PolNeAR (Newell et al. 2018), ``polnear/`` (dev split; train on request)
    Political news in which annotators marked every attribution (Source, Cue, Content).
    :func:`~analysis.evaluation.voice_metrics.evaluate_polnear_voice` measures the voice
    analysis on it: tokens (quoted, reported, authorial), attributions and speakers.

AllSides headline roundups (NeuS, Lee et al. 2022), ``allsides_roundups/allsides_articles.csv``
    One left-, one center- and one right-rated article per event (opening paragraphs only).
    :func:`side_differences` compares the rates of the three sides within events (paired),
    counting only the outlet's own words and counting every hit; :func:`side_voice_shares`
    shows how much of each side's count is quoted or reported speech.

Lexicons: :func:`recasens_lexicon` builds, at run time, a lexicon from the bias lexicon of
Recasens et al. (2013), read from ``lexicons_recasens2013/``; the shipped default lexicon
(conflict reporting) is run too. :func:`validate` runs everything and returns the tables;
``python -m analysis validate -o OUTDIR`` writes them as CSV with a ``manifest.json``.

Sampling units: the intervals come from bootstraps that resample **source articles** for BABE
(sentences of one article are drawn together: 3,674 sentences come from 2,095 articles, and
sentences of one article share its author and topic) and **events** for AllSides (the three
articles of an event are drawn together, so the comparison stays paired). docs/validation.md has
the results, what they mean and their limits.
"""

from __future__ import annotations

import logging
import platform
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..comparison.pipeline import write_tables
from ..lexicons.files import Lexicon, load_lexicon
from ..lexicons.provenance import file_sha256
from ..scoring.hits import default_annotator, score
from ..scoring.summaries import voice_token_counts
from ..stats.intervals import group_rng
from ..voice.annotator import VoiceAnnotator
from ..voice.neural import PARAMS_FILE, load_voice_tagger
from .babe_classifier import babe_classifier
from .babe_induction import babe_folds, babe_induced_lexicon
from .datasets import (
    ALLSIDES_FILE,
    BABE_FILE,
    RECASENS_FILE,
    RECASENS_MODIFIED_FILE,
    read_allsides,
    read_babe,
    recasens_lexicon,
)
from .lexicon_checks import marked_word_overlap, outlet_correlation, outlet_rates, sentence_auc
from .polnear import POLNEAR_DIR, read_polnear
from .voice_checks import (
    hit_voices,
    marked_word_voices,
    side_differences,
    side_voice_shares,
    token_voices,
)
from .voice_metrics import evaluate_polnear_voice

log = logging.getLogger(__name__)

__all__ = [
    "VALIDATION_TABLES",
    "ValidationResult",
    "validate",
]


VALIDATION_TABLES = {
    "babe_word_overlap": "precision and recall of lexicon hits against the annotators' marked words",
    "babe_sentence_auc": "ROC-AUC of per-sentence hit counts against the Biased label",
    "babe_outlets": "per outlet: share of Biased sentences and lexicon rate per 1,000 tokens",
    "babe_outlet_correlation": "Spearman's rho over outlets: Biased share vs lexicon rate",
    "babe_marked_word_voices": "voice (analysis.voice) of the annotators' marked words",
    "babe_token_voices": "share of tokens the annotators marked, by voice",
    "babe_hit_voices": "voice of lexicon hits: all hits, and hits on marked words",
    "allsides_sides": "per side: rates (all hits, authorial only) and share of non-authorial hits",
    "allsides_differences": "paired within-event rate differences between sides",
    "polnear_voice": "voice and speakers against PolNeAR's attributions: token confusion, "
    "precision/recall/F1 per voice, attribution overlap, speaker agreement",
    "babe_induced_lexicon": "token precision/recall/F1 of lexicons induced on training folds "
    "against the experts' marked words in the held-out folds",
    "babe_classifier": "macro-F1 of sentence bias models (n-grams, induced lexicon, both), "
    "stratified 5-fold cross-validation grouped by article",
}
# BABE's model checks need enough source articles for 5 folds, each split again in 5
BABE_MODELS_MIN_ARTICLES = 50


@dataclass
class ValidationResult:
    """The tables of :func:`validate` (names and meanings in :data:`VALIDATION_TABLES`) and a
    manifest: inputs with their sha256, lexicons, parameters, counts, what was skipped."""

    tables: dict[str, pd.DataFrame]
    manifest: dict = field(default_factory=dict)

    FLOAT_DECIMALS = 6

    def to_dir(self, outdir: str | Path) -> list[Path]:
        """Write each table as ``NAME.csv`` (floats rounded to 6 decimals, so the same run
        gives the same bytes) and the manifest as ``manifest.json``; return the paths."""
        return write_tables(
            self.tables, outdir, record=("manifest.json", self.manifest),
            decimals=self.FLOAT_DECIMALS,
        )


def _sample(
    corpus: pd.DataFrame, n: int | None, seed: int | None, key: str, by: str
) -> pd.DataFrame:
    """A deterministic sample of ``n`` clusters (``by``) of ``corpus``, all rows of each."""
    if n is None:
        return corpus
    units = sorted(corpus[by].astype(str).unique())
    if n >= len(units):
        return corpus
    rng = group_rng(seed, "sample", key)
    chosen = set(rng.choice(units, size=n, replace=False).tolist())
    out = corpus[corpus[by].astype(str).isin(chosen)].reset_index(drop=True)
    out.attrs = dict(corpus.attrs)
    return out


def _with_voice_tokens(corpus: pd.DataFrame, annotator: VoiceAnnotator) -> pd.DataFrame:
    counts = voice_token_counts(corpus, annotator=annotator)
    out = corpus.copy()
    for col in counts.columns[1:]:
        out[col] = counts[col].to_numpy()
    return out


def _tag(df: pd.DataFrame, **cols) -> pd.DataFrame:
    df = df.copy()
    for i, (k, v) in enumerate(cols.items()):
        df.insert(i, k, v)
    return df


def _lexicon_info(lex: Lexicon) -> dict:
    info = {"name": lex.name, "entries": len(lex), "sha256": lex.sha256}
    if lex.path is not None:
        info["path"] = str(lex.path)
    if lex.provenance:
        info["provenance"] = lex.provenance
    return info


def validate(
    datasets_dir: str | Path | None = None,
    *,
    lexicon: Lexicon | str | Path | None = None,
    n_boot: int = 1000,
    seed: int | None = config.DEFAULT_SEED,
    sample: int | None = None,
    min_sentences: int = 30,
    ci: float = 0.95,
    polnear_splits: Sequence[str] = ("dev",),
    models: bool = True,
    voice_tagger: str | Path | None = None,
) -> ValidationResult:
    """Run every validation and return the tables (see :data:`VALIDATION_TABLES`).

    ``datasets_dir`` defaults to ``config.DATASETS_DIR``. BABE is scored with the Recasens
    lexicon built at run time (inflected lemmas: the main row), the same lemmas without
    inflections, the 704-entry modified copy of the list, and ``lexicon`` (default: the shipped
    ``config.DEFAULT_LEXICON``); AllSides with the Recasens lexicon and ``lexicon``, on all
    articles and on news articles only (no OPINION/ANALYSIS/... tag). ``sample`` limits BABE to
    that many source articles and AllSides to that many events (deterministic given ``seed``), for
    quick runs and tests. PolNeAR (``polnear/`` in the folder) is measured on
    ``polnear_splits`` (default: the dev split; ``sample`` limits it to that many articles), by
    the rules (``voice`` "rules") and, when ``voice_tagger`` names a folder that
    ``python -m analysis train-voice`` wrote, by the rules with that neural tagger too
    (``voice`` "rules+tagger"; needs the ``[neural]`` extras). A
    missing dataset is skipped with a warning and named in ``manifest["skipped"]``; a missing
    BABE file or Recasens lexicon is an error. With ``models`` (default) BABE also measures
    lexicon induction (``babe_induced_lexicon``, :func:`babe_induced_lexicon`) and the sentence
    bias model (``babe_classifier``, :func:`babe_classifier`) on the same 5 folds grouped by
    article; with fewer than :data:`BABE_MODELS_MIN_ARTICLES` articles (a small ``sample``) they
    are skipped and named in ``manifest["skipped"]``.
    """
    started = time.perf_counter()
    root = Path(datasets_dir) if datasets_dir is not None else config.DATASETS_DIR
    if not root.is_dir():
        raise FileNotFoundError(
            f"{root}: validation datasets folder not found (expected {BABE_FILE} and "
            f"{RECASENS_FILE} inside it)"
        )
    options = {"n_boot": n_boot, "seed": seed, "ci": ci}
    main_lex = recasens_lexicon(root / RECASENS_FILE)
    other_lex = load_lexicon(lexicon if lexicon is not None else config.DEFAULT_LEXICON)
    babe_lexicons = [main_lex, recasens_lexicon(root / RECASENS_FILE, inflect=False)]
    if (root / RECASENS_MODIFIED_FILE).is_file():
        babe_lexicons.append(recasens_lexicon(root / RECASENS_MODIFIED_FILE))
    babe_lexicons.append(other_lex)
    manifest: dict = {
        "datasets_dir": str(root),
        "parameters": {**options, "sample": sample, "min_sentences": min_sentences},
        "lexicons": {lex.name: _lexicon_info(lex) for lex in babe_lexicons},
        "inputs": {},
        "skipped": {},
        "counts": {},
    }
    tables: dict[str, list[pd.DataFrame]] = {name: [] for name in VALIDATION_TABLES}
    babe_run = _validate_babe(
        root, babe_lexicons, sample, seed, min_sentences, options, manifest, tables
    )
    if models:
        _validate_babe_models(*babe_run, options, manifest, tables)
    _validate_allsides(root, (main_lex, other_lex), sample, seed, options, manifest, tables)
    _validate_polnear(root, polnear_splits, sample, seed, options, manifest, tables, voice_tagger)
    out = {
        name: pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        for name, parts in tables.items()
    }
    manifest["tables"] = {name: VALIDATION_TABLES[name] for name in out}
    manifest["python"] = platform.python_version()
    manifest["seconds"] = round(time.perf_counter() - started, 1)
    return ValidationResult(out, manifest)


def _validate_babe(
    root: Path,
    lexicons: list[Lexicon],
    sample: int | None,
    seed: int | None,
    min_sentences: int,
    options: dict,
    manifest: dict,
    tables: dict[str, list[pd.DataFrame]],
) -> tuple[pd.DataFrame, VoiceAnnotator]:
    """The BABE part of :func:`validate`: scores the (sampled) sentences with each lexicon and
    adds the ``babe_*`` tables to ``tables`` and the input and its counts to ``manifest``;
    returns the sentences and the voice annotator fitted on them."""
    babe_path = root / BABE_FILE
    babe = _sample(read_babe(babe_path), sample, seed, "babe", "cluster")
    manifest["inputs"]["babe"] = {"path": str(babe_path), "sha256": file_sha256(babe_path)}
    manifest["counts"]["babe"] = {
        "sentences": len(babe),
        "articles": int(babe["cluster"].nunique()),
        "biased": int(babe["is_biased"].sum()),
        "left_out": babe.attrs.get("left_out", {}),
    }
    annotator = default_annotator(babe["text"].tolist())
    babe = _with_voice_tokens(babe, annotator)
    for lex in lexicons:
        log.info("validate: scoring %d BABE sentences with %s", len(babe), lex.name)
        hits = score(babe, lex, annotator=annotator)
        tables["babe_word_overlap"].append(
            _tag(marked_word_overlap(babe, hits, **options), lexicon=lex.name)
        )
        tables["babe_sentence_auc"].append(
            _tag(sentence_auc(babe, hits, **options), lexicon=lex.name)
        )
        tables["babe_outlets"].append(_tag(outlet_rates(babe, hits, **options), lexicon=lex.name))
        tables["babe_hit_voices"].append(_tag(hit_voices(babe, hits, **options), lexicon=lex.name))
    outlets = pd.concat(tables["babe_outlets"], ignore_index=True)
    tables["babe_outlet_correlation"].append(
        outlet_correlation(outlets, min_sentences=min_sentences, ci=options["ci"])
    )
    log.info("validate: voices of marked words and tokens")
    tables["babe_marked_word_voices"].append(
        marked_word_voices(babe, annotator=annotator, **options)
    )
    tables["babe_token_voices"].append(token_voices(babe, annotator=annotator, **options))
    return babe, annotator


def _validate_babe_models(
    babe: pd.DataFrame,
    annotator: VoiceAnnotator,
    options: dict,
    manifest: dict,
    tables: dict[str, list[pd.DataFrame]],
) -> None:
    """Lexicon induction and the sentence bias model measured on BABE, on the same folds:
    adds ``babe_induced_lexicon`` and ``babe_classifier`` to ``tables`` and what was chosen
    and how long it took to ``manifest["babe_models"]``; skipped with too few articles."""
    n_articles = babe["cluster"].nunique()
    if n_articles < BABE_MODELS_MIN_ARTICLES:
        reason = f"{n_articles} BABE articles; the model checks need {BABE_MODELS_MIN_ARTICLES}"
        for name in ("babe_induced_lexicon", "babe_classifier"):
            manifest["skipped"][name] = reason
        log.warning("validate: BABE model checks skipped: %s", reason)
        return
    seed, n_boot = options["seed"], options["n_boot"]
    folds = babe_folds(babe, seed=seed)
    started = time.perf_counter()
    log.info("validate: lexicon induction on %d BABE folds", len(folds))
    induced, info = babe_induced_lexicon(babe, folds, seed=seed, n_boot=n_boot, annotator=annotator)
    info["seconds"] = round(time.perf_counter() - started, 1)
    tables["babe_induced_lexicon"].append(induced)
    started = time.perf_counter()
    log.info("validate: sentence bias models on %d BABE folds", len(folds))
    classifier, cinfo = babe_classifier(babe, folds, seed=seed, n_boot=n_boot)
    cinfo["seconds"] = round(time.perf_counter() - started, 1)
    tables["babe_classifier"].append(classifier)
    manifest["babe_models"] = {"induced_lexicon": info, "classifier": cinfo}


def _validate_allsides(
    root: Path,
    lexicons: tuple[Lexicon, ...],
    sample: int | None,
    seed: int | None,
    options: dict,
    manifest: dict,
    tables: dict[str, list[pd.DataFrame]],
) -> None:
    """The AllSides part of :func:`validate`: scores the (sampled) articles with each lexicon
    and adds the ``allsides_*`` tables (all articles, news only) to ``tables`` and the input and
    its counts to ``manifest``; when the file is missing, a warning and ``manifest["skipped"]``.
    """
    allsides_path = root / ALLSIDES_FILE
    if not allsides_path.is_file():
        reason = f"{allsides_path} not found"
        log.warning("validate: AllSides part skipped: %s", reason)
        manifest["skipped"]["allsides"] = reason
        return
    articles = _sample(read_allsides(allsides_path), sample, seed, "allsides", "event_id")
    manifest["inputs"]["allsides"] = {
        "path": str(allsides_path),
        "sha256": file_sha256(allsides_path),
    }
    news = articles["opinion_tag"].isna().to_numpy()
    manifest["counts"]["allsides"] = {
        "articles": len(articles),
        "events": int(articles["event_id"].nunique()),
        "news_articles": int(news.sum()),
        "left_out": articles.attrs.get("left_out", {}),
    }
    annotator = default_annotator(articles["text"].tolist())
    articles = _with_voice_tokens(articles, annotator)
    for lex in lexicons:
        log.info("validate: scoring %d AllSides articles with %s", len(articles), lex.name)
        hits = score(articles, lex, annotator=annotator)
        for subset, mask in (("all", np.ones(len(articles), bool)), ("news", news)):
            part = articles[mask].reset_index(drop=True)
            part_hits = hits[hits["doc_id"].isin(set(part["doc_id"]))]
            tag = {"lexicon": lex.name, "subset": subset}
            tables["allsides_sides"].append(
                _tag(side_voice_shares(part, part_hits, **options), **tag)
            )
            tables["allsides_differences"].append(
                _tag(side_differences(part, part_hits, **options), **tag)
            )


def _validate_polnear(
    root: Path,
    splits: Sequence[str],
    sample: int | None,
    seed: int | None,
    options: dict,
    manifest: dict,
    tables: dict[str, list[pd.DataFrame]],
    voice_tagger: str | Path | None = None,
) -> None:
    """The PolNeAR part of :func:`validate`: the voice analysis (``attribution_table`` with the
    default annotator, and with the neural tagger in ``voice_tagger`` when given) against the
    annotators' attributions on each split, as the ``polnear_voice`` table (metrics with
    intervals, then the token confusion counts); the headline numbers are logged. A missing
    folder is skipped with a warning."""
    folder = root / POLNEAR_DIR
    if not folder.is_dir():
        reason = f"{folder} not found"
        log.warning("validate: PolNeAR part skipped: %s", reason)
        manifest["skipped"]["polnear"] = reason
        return
    manifest["inputs"]["polnear"] = {}
    manifest["counts"]["polnear"] = {}
    readers: list[tuple[str, VoiceAnnotator | None]] = [("rules", None)]
    if voice_tagger is not None:
        tagger = load_voice_tagger(voice_tagger)
        readers.append(("rules+tagger", VoiceAnnotator(tagger=tagger)))
        params = Path(voice_tagger) / PARAMS_FILE
        manifest["inputs"]["polnear"]["voice_tagger"] = {
            "path": str(params), "sha256": file_sha256(params)}  # fmt: skip
    for split in splits:
        articles, spans = read_polnear(folder, split)
        articles = _sample(articles, sample, seed, f"polnear_{split}", "doc_id")
        spans = spans[spans["doc_id"].isin(set(articles["doc_id"]))]
        for kind in ("docs", "spans"):
            path = folder / f"{split}_{kind}.jsonl.gz"
            manifest["inputs"]["polnear"][f"{split}_{kind}"] = {
                "path": str(path),
                "sha256": file_sha256(path),
            }
        for voice, annotator in readers:
            log.info("validate: voice of %d PolNeAR %s articles (%s)", len(articles), split, voice)
            ev = evaluate_polnear_voice(
                articles, spans, annotator=annotator, n_boot=options["n_boot"],
                seed=options["seed"] or 0, ci=options["ci"],
            )
            tables["polnear_voice"].append(_tag(_polnear_table(ev), split=split, voice=voice))
            key = split if voice == "rules" else f"{split} ({voice})"
            manifest["counts"]["polnear"][key] = {
                "articles": len(articles),
                "tokens": int(ev.confusion.to_numpy().sum()),
                "gold_attributions": len(ev.attributions),
                "predicted_spans": len(ev.spans),
                "speaker_judged": len(ev.speakers),
            }
            log.info("validate: PolNeAR %s, %s: %s", split, voice, _polnear_headline(ev.summary))


def _polnear_table(ev) -> pd.DataFrame:
    """The rows of ``polnear_voice`` for one evaluation: the metrics with their intervals, then
    the nine token confusion counts."""
    confusion = pd.DataFrame(
        {
            "metric": [f"tokens[{g}>{p}]" for g in ev.confusion.index
                       for p in ev.confusion.columns],
            "estimate": ev.confusion.to_numpy().ravel().astype(float),
            "meaning": "tokens of this gold voice (left) given this voice (right)",
        }
    )  # fmt: skip
    table = pd.concat([ev.summary, confusion], ignore_index=True)
    return table.astype({"n": "Int64", "n_boot": "Int64"})


def _polnear_headline(summary: pd.DataFrame) -> str:
    """One line of the PolNeAR numbers the issue sets targets for (estimate [interval])."""
    s = summary.set_index("metric")

    def fmt(name: str) -> str:
        r = s.loc[name]
        return f"{r['estimate']:.3f} [{r['low']:.3f}, {r['high']:.3f}]"

    return (
        f"token accuracy {fmt('accuracy')}; reported precision {fmt('precision[reported]')}, "
        f"recall {fmt('recall[reported]')}; quoted precision {fmt('precision[quoted]')}, "
        f"recall {fmt('recall[quoted]')}; speaker right (lenient) "
        f"{fmt('speaker_right_lenient')}, none {fmt('speaker_none')}"
    )
