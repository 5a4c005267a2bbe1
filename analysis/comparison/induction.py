"""Lexicon induction: candidate words and phrases that distinguish groups, for a person to review.

:func:`induce_candidates` lists, for each group of documents (outlets, leanings, or sentence
labels such as Biased / Non-biased), the words and phrases of up to three words it uses more
than the others, with what a reviewer needs to judge each one:

* ``log_odds`` and ``z``: the log-odds ratio with an informative Dirichlet prior of
  :func:`analysis.keyness` (Monroe, Colaresi & Quinn 2008; the same code), the group against
  the rest of the corpus or against the other group of a pair;
* ``df`` (documents of the group that use it) and ``n_outlets`` (distinct outlets using it
  anywhere in the corpus): a term one outlet's template repeats is a house style, not framing;
* ``authorial``, ``quoted``, ``reported``: its hits in the group's documents by voice (the
  scorer's own voice analysis): a term that appears mostly inside quotes is a source's word,
  not the outlet's;
* ``examples``: three keyword-in-context lines.

**The prior, and why function words do not dominate.** The prior is the corpus itself,
``alpha_w = prior_scale × (count of w in the corpus)``: every term is pulled towards its corpus
share with the weight of ``prior_scale`` corpora (1: as much as the data). Every term's log-odds
is then shrunk by the same factor, and a frequent word's z still grows like the square root of
its count whatever the scale: measured on BABE (Biased vs Non-biased), 42-46% of the top 50 by z
are function words for scales 0.01, 0.1, 1 and 10 and for a uniform prior. So no prior scale
keeps function words out; the stopword rule of :func:`analysis.keyness_terms` does: stopword
unigrams are not candidates and a phrase may not begin or end with one ("of the", "the enemy"),
while "rule of law" stays. ``prior_scale`` then only sets how much rare terms are shrunk.

:func:`select_lexicon` keeps reviewed rows as a lexicon table; :func:`write_lexicon` (with
:func:`induced_provenance`) writes it as an ordinary lexicon file with a provenance sidecar.
``python -m analysis induce`` does all of it from the command line.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .. import config
from ..corpus.files import input_files
from ..lexicons.files import Lexicon
from ..lexicons.forms import marked_form
from ..lexicons.provenance import file_sha256
from ..lexicons.terms import term_problem
from ..models.marked import marked_term_rates
from ..scoring.hits import default_annotator, score
from ..scoring.summaries import kwic
from ..stats.intervals import group_rng
from ..tables import require_columns
from ..voice.words import VOICES
from .groups import group_documents, sorted_groups
from .keyness import ENGLISH_STOPWORDS, check_group_pair, keyness_rows, term_counts

__all__ = [
    "CANDIDATE_COLUMNS",
    "induce_candidates",
    "induced_provenance",
    "select_lexicon",
]

CANDIDATE_COLUMNS = [
    "group", "term", "log_odds", "z", "df", "n_outlets", "authorial", "quoted", "reported",
    "examples",
]  # fmt: skip
_EXAMPLE_SEPARATOR = " | "


def induce_candidates(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    groups: Sequence[str] | None = None,
    label: str | None = None,
    marked: str | None = None,
    outlet: str = "outlet",
    ngram_range: tuple[int, int] = (1, 3),
    min_df: int = 3,
    prior_scale: float = 1.0,
    stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
    top_n: int | None = 100,
    dedup: bool = True,
    n_examples: int = 3,
    width: int = 40,
    seed: int | None = config.DEFAULT_SEED,
    annotator=None,
) -> pd.DataFrame:
    """Candidate words and phrases (up to three words) that distinguish groups of documents.

    ``corpus`` is a corpus table with the column ``by`` (outlet, a leaning, a sentence label).
    Each group is compared with the rest of the corpus; ``groups=(a, b)`` compares a with b and
    b with a. A term enters when the group uses it in at least ``min_df`` documents; each
    group keeps its ``top_n`` terms with the highest positive z (None: every term with z > 0).
    Grouping by outlet, each outlet's own name is left out of its list (:func:`keyness`).

    Returns one row per group and term, each group's rows by descending z, with the columns
    :data:`CANDIDATE_COLUMNS` (see the module docstring): ``authorial``, ``quoted``,
    ``reported`` count the term's hits in the group's documents (``analysis.score``, one pass
    per phrase length, so "fist" is counted also inside "iron fist"; two candidates of one
    length that overlap in the text, rare, share their match, leftmost-longest); ``examples`` holds up to ``n_examples`` keyword-in-context lines from
    different documents, drawn with ``seed``, as ``doc_id: …left [match] right…`` joined by
    " | ". z ranks: with thousands of terms some |z| > 1.96 by chance, so it is not a test.

    Supervision, added as columns:

    * ``label`` (a true/false column, e.g. ``is_biased``): ``label_share`` (share of the
      documents containing the term that are labelled true) and ``label_z`` (the term's z in
      the comparison of true against false documents).
    * ``marked`` (a column of lists of annotators' words): ``marked_docs`` (documents
      containing the term), ``marked_rate`` (share of its tokens annotators marked there) and,
      for words, ``p_marked`` (the smoothed estimate of :class:`analysis.MarkedLexiconInducer`).
    """
    require_columns(corpus, ("doc_id", "text", by), "corpus")
    docs = group_documents(corpus, by=by, period=None, dedup=dedup, text=True)
    pair = check_group_pair(groups, sorted_groups(docs["group"])) if groups is not None else None
    counts = term_counts(docs["text"].tolist(), ngram_range, stopwords, min_df)
    key = keyness_rows(
        corpus, docs, counts, by=by, period=None, groups=pair, min_df=min_df, prior="corpus",
        prior_scale=prior_scale, top_n=top_n, exclude_self=by in ("outlet", "origin_outlet"),
    )
    if counts is None or key.empty:
        return pd.DataFrame(columns=CANDIDATE_COLUMNS)
    rows = corpus.set_index(corpus["doc_id"].astype(str)).loc[docs["doc_id"]].reset_index(drop=True)
    out = key.rename(columns={"doc_freq": "df"})[["group", "term", "log_odds", "z", "df"]].copy()
    out["n_outlets"] = _n_outlets(counts, rows, outlet, out["term"])
    voices, examples = _voices_and_examples(rows, docs, out, n_examples, width, seed, annotator)
    out = pd.concat([out, voices], axis=1)
    out["examples"] = examples
    if label is not None:
        out = _with_label(out, corpus, docs, counts, rows, label, by, min_df, prior_scale)
    if marked is not None:
        out = _with_marked(out, rows, marked, ngram_range)
    out = out.sort_values(["group", "z", "term"], ascending=[True, False, True], kind="mergesort")
    return out.reset_index(drop=True)


def _n_outlets(counts, rows: pd.DataFrame, outlet: str, terms: pd.Series) -> np.ndarray:
    """Distinct ``outlet`` values of the documents that use each term (NaN without the column)."""
    if outlet not in rows.columns:
        return np.full(len(terms), np.nan)
    codes, _ = pd.factorize(rows[outlet].astype(str))
    col = {t: j for j, t in enumerate(counts.terms)}
    X = counts.X.tocsc()
    out = np.zeros(len(terms), dtype=np.int64)
    for i, t in enumerate(terms):
        j = col[t]
        docs = X.indices[X.indptr[j] : X.indptr[j + 1]]
        out[i] = len(np.unique(codes[docs]))
    return out


def _voices_and_examples(
    rows: pd.DataFrame,
    docs: pd.DataFrame,
    cand: pd.DataFrame,
    n_examples: int,
    width: int,
    seed: int | None,
    annotator,
) -> tuple[pd.DataFrame, list[str]]:
    """Hits of the candidate terms in each group's documents, counted by voice (a frame with
    the columns authorial, quoted, reported, aligned with ``cand``), and the examples column."""
    terms = [t for t in dict.fromkeys(cand["term"]) if term_problem(t) is None]
    zeros = pd.DataFrame(0, index=cand.index, columns=list(VOICES), dtype=np.int64)
    if not terms:
        return zeros, [""] * len(cand)
    if annotator is None:
        annotator = default_annotator(rows["text"].fillna("").astype(str).tolist())
    parts = []
    for batch in matching_passes(terms):
        entries = pd.DataFrame({"term": batch, "category": "candidate"})
        parts.append(score(rows, Lexicon.from_frame(entries, name="candidates"),
                           annotator=annotator))
    hits = pd.concat(parts, ignore_index=True)
    group_of = dict(zip(docs["doc_id"], docs["group"].astype(str), strict=True))
    hits = hits.assign(group=hits["doc_id"].astype(str).map(group_of))
    counts = hits.groupby(["group", "term", "voice"]).size().unstack("voice", fill_value=0)
    counts = counts.reindex(columns=list(VOICES), fill_value=0)
    keys = pd.MultiIndex.from_arrays([cand["group"], cand["term"]])
    voices = counts.reindex(keys, fill_value=0).astype(np.int64).reset_index(drop=True)
    voices.index = cand.index
    lines = kwic(rows, hits, width=width).assign(group=hits["group"].to_numpy())
    examples = _examples(lines, cand, n_examples, seed)
    return voices, examples


def matching_passes(terms: Sequence[str]) -> list[list[str]]:
    """Split terms (lower-case words joined by single spaces) into batches that each match every
    occurrence of each of its terms: no term of a batch can overlap another in a text.

    One matcher gives an overlapping stretch of text to one term only (leftmost-longest), so
    "forcibly displaced" would hide "displaced persons" and "displaced". Terms of different
    lengths go to different batches; two terms of one length conflict when the end of one can
    be the start of the other ("forcibly displaced", "displaced persons"), and conflicting terms
    are put in different batches (greedy colouring, terms in the order given). Returns the
    batches, shortest terms first."""
    by_length: dict[int, list[tuple[str, ...]]] = {}
    for t in dict.fromkeys(terms):
        words = tuple(t.split(" "))
        by_length.setdefault(len(words), []).append(words)
    batches: list[list[str]] = []
    for n in sorted(by_length):
        starting: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        ending: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for w in by_length[n]:
            for k in range(1, n):
                starting.setdefault(w[:k], []).append(w)
                ending.setdefault(w[n - k :], []).append(w)
        colour: dict[tuple[str, ...], int] = {}
        for w in by_length[n]:
            near = [v for k in range(1, n) for v in starting.get(w[n - k :], [])]
            near += [v for k in range(1, n) for v in ending.get(w[:k], [])]
            used = {colour[v] for v in near if v in colour and v != w}
            colour[w] = next(c for c in range(len(used) + 1) if c not in used)
        for c in range(max(colour.values()) + 1):
            batches.append([" ".join(w) for w in by_length[n] if colour[w] == c])
    return batches


def _examples(lines: pd.DataFrame, cand: pd.DataFrame, n: int, seed: int | None) -> list[str]:
    """Up to ``n`` keyword-in-context lines per (group, term), from different documents where
    there are enough, drawn with a generator seeded by ``seed``, group and term."""
    text = (
        lines["doc_id"].astype(str) + ": " + lines["left"].fillna("") + "["
        + lines["matched"].astype(str) + "]" + lines["right"].fillna("")
    )  # fmt: skip
    by_key = {k: idx for k, idx in lines.groupby(["group", "term"], sort=False).indices.items()}
    doc_ids = lines["doc_id"].astype(str).to_numpy()
    out = []
    for g, t in zip(cand["group"], cand["term"], strict=True):
        idx = by_key.get((g, t))
        if idx is None or n <= 0:
            out.append("")
            continue
        order = group_rng(seed, "induce_examples", g, t).permutation(idx)
        first = pd.Series(doc_ids[order]).duplicated().to_numpy()  # one line per document first
        chosen = np.concatenate([order[~first], order[first]])[:n]
        out.append(_EXAMPLE_SEPARATOR.join(text.iloc[np.sort(chosen)]))
    return out


def _label_values(corpus: pd.DataFrame, label: str) -> pd.Series:
    """The ``label`` column as booleans; ValueError for a value that is not true or false."""
    if label not in corpus.columns:
        raise ValueError(f"corpus has no {label!r} column")
    col = corpus[label]
    if pd.api.types.is_bool_dtype(col):
        return col.astype(bool)
    words = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
    mapped = col.astype(str).str.strip().str.lower().map(words)
    if mapped.isna().any():
        bad = col[mapped.isna()].iloc[0]
        raise ValueError(f"{label}: {bad!r} is not true or false (a label column holds booleans)")
    return mapped.astype(bool)


def _with_label(
    out: pd.DataFrame,
    corpus: pd.DataFrame,
    docs: pd.DataFrame,
    counts,
    rows: pd.DataFrame,
    label: str,
    by: str,
    min_df: int,
    prior_scale: float,
) -> pd.DataFrame:
    """``out`` with label_share and label_z (true against false documents, same counts)."""
    y = _label_values(rows, label).to_numpy()
    col = {t: j for j, t in enumerate(counts.terms)}
    used = (counts.X > 0).astype(np.float64).tocsc()
    n_with = np.asarray(used.sum(axis=0)).ravel()
    n_true = np.asarray(used.T @ y.astype(np.float64)).ravel()
    j = out["term"].map(col).to_numpy()
    out["label_share"] = n_true[j] / np.maximum(n_with[j], 1)
    labelled = docs.assign(
        group=pd.Categorical(np.where(y, "true", "false"), categories=["false", "true"])
    )
    lab = keyness_rows(
        corpus, labelled, counts, by=by, period=None, groups=["true", "false"], min_df=1,
        prior="corpus", prior_scale=prior_scale, top_n=None, exclude_self=False,
    )
    z = lab[lab["group"] == "true"].set_index("term")["z"]
    out["label_z"] = out["term"].map(z).to_numpy()
    return out


def _with_marked(
    out: pd.DataFrame, rows: pd.DataFrame, marked: str, ngram_range: tuple[int, int]
) -> pd.DataFrame:
    """``out`` with marked_docs, marked_rate and p_marked from the annotators' words."""
    if marked not in rows.columns:
        raise ValueError(f"corpus has no {marked!r} column (the annotators' marked words)")
    rates = marked_term_rates(
        rows["text"].fillna("").astype(str).tolist(), _word_lists(rows[marked], marked),
        max_n=ngram_range[1],
    )
    # keyness spells terms with straight apostrophes and possessives kept ("trump's"); a word's
    # rate is kept under its marked form ("trump"), which the matcher also finds there
    one_word = ~out["term"].str.contains(" ", regex=False)
    lookup = out["term"].where(~one_word, out["term"].map(marked_form))
    out["marked_docs"] = lookup.map(rates["n_docs"]).fillna(0).astype(np.int64).to_numpy()
    out["marked_rate"] = lookup.map(rates["marked_rate"]).to_numpy()
    out["p_marked"] = lookup.map(rates["p_marked"]).to_numpy()
    return out


def _word_lists(values: pd.Series, column: str) -> list[list[str]]:
    """Each cell as a list of words: a list as it is, text written as a JSON list (a CSV cell
    '["radical", "slammed"]'); empty or missing cells are empty lists. ValueError otherwise."""
    out = []
    for v in values:
        if isinstance(v, str):
            try:
                v = json.loads(v) if v.strip() else []
            except json.JSONDecodeError:
                raise ValueError(f"{column}: {v!r} is not a JSON list of words") from None
        elif v is None or (isinstance(v, float) and np.isnan(v)):
            v = []
        if not isinstance(v, (list, tuple, np.ndarray)) or not all(isinstance(w, str) for w in v):
            raise ValueError(f"{column}: {v!r} is not a list of words")
        out.append(list(v))
    return out


def select_lexicon(
    candidates: pd.DataFrame,
    *,
    group: str | Sequence[str] | None = None,
    min_z: float | None = None,
    top_n: int | None = None,
    min_df: int = 1,
    min_outlets: int = 1,
    max_source_share: float | None = None,
    min_p_marked: float | None = None,
    category: str | None = None,
    weight: str | float = 1.0,
) -> pd.DataFrame:
    """Keep reviewed rows of :func:`induce_candidates` and return them as a lexicon table.

    Rows are kept when their group is in ``group`` (default: all), ``z >= min_z``, ``df >=
    min_df``, ``n_outlets >= min_outlets``, the share of their hits that are quoted or reported
    is at most ``max_source_share`` (terms without hits stay) and ``p_marked >= min_p_marked``
    (when given); then the ``top_n`` highest-z rows of each group. A term kept for several
    groups stays with the group where its z is highest (a term has one category per file).

    Returns columns ``term, category, weight, note``: category ``category`` or the group label;
    weight a number, or the name of a column ("z", "log_odds", "p_marked"); ``note`` records the
    evidence ("z=4.1, log-odds=1.20, df=12, outlets=5, hits 9/2/1 authorial/quoted/reported").
    ``analysis.Lexicon.from_frame`` and :func:`analysis.write_lexicon` accept it.
    """
    c = candidates
    if group is not None:
        c = c[c["group"].isin([group] if isinstance(group, str) else list(group))]
    if min_z is not None:
        c = c[c["z"] >= min_z]
    c = c[c["df"] >= min_df]
    if min_outlets > 1:
        c = c[c["n_outlets"].fillna(0) >= min_outlets]
    if max_source_share is not None:
        total = c[list(VOICES)].sum(axis=1)
        share = (c["quoted"] + c["reported"]) / total.where(total > 0)
        c = c[share.isna() | (share <= max_source_share)]
    if min_p_marked is not None:
        if "p_marked" not in c:
            raise ValueError("min_p_marked needs candidates computed with marked=")
        c = c[c["p_marked"] >= min_p_marked]
    c = c.sort_values(["group", "z", "term"], ascending=[True, False, True], kind="mergesort")
    if top_n is not None:
        c = c.groupby("group", sort=False).head(top_n)
    c = c.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
    c = c.drop_duplicates("term")
    w = c[weight].astype(float).round(4).to_numpy() if isinstance(weight, str) else float(weight)
    notes = [
        f"z={r.z:.1f}, log-odds={r.log_odds:.2f}, df={r.df}, outlets={r.n_outlets}, "
        f"hits {r.authorial}/{r.quoted}/{r.reported} authorial/quoted/reported"
        for r in c.itertuples(index=False)
    ]
    return pd.DataFrame(
        {
            "term": c["term"].to_numpy(),
            "category": category if category is not None else c["group"].astype(str).to_numpy(),
            "weight": w,
            "note": notes,
        }
    ).reset_index(drop=True)


def induced_provenance(
    inputs: Sequence[str | Path],
    *,
    parameters: dict,
    seed: int | None,
    name: str,
    description: str | None = None,
    licence: str | None = None,
) -> dict:
    """The provenance sidecar of an induced lexicon (for :func:`analysis.write_lexicon`): the
    keys every sidecar has (name, version, source, licence, description, created: today, UTC)
    and ``inputs`` (each file read, with its sha256), ``parameters`` and ``seed``.

    ``licence`` defaults to a reminder that an induced lexicon carries the terms of its input
    texts, so their licence decides whether it may be shared (a lexicon induced from BABE is
    AGPL-3.0 and must not be committed here)."""
    files = [{"path": str(p), "sha256": file_sha256(p)} for _, p in input_files(inputs)]
    return {
        "name": name,
        "version": "1.0.0",
        "source": "induced by analysis.induce_candidates from the inputs listed under 'inputs'",
        "licence": licence
        or "derived from the input texts: their licence decides whether it may be shared",
        "description": description
        or "Candidate terms kept after review; the note column records each term's evidence.",
        "created": dt.datetime.now(dt.UTC).date().isoformat(),
        "inputs": files,
        "parameters": parameters,
        "seed": seed,
    }
