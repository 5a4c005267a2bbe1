"""Keyness: the words and phrases each group uses more than the others.

Log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008) and their
z-scores; each group's own name (datelines, bylines) left out of its own list by
:func:`self_names`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from ..corpus.origin import domain_label
from ..text.tokens import TOKEN_PATTERN
from .groups import GROUP_MISSING, RowTexts, group_documents, groups_of, sorted_groups

log = logging.getLogger(__name__)

__all__ = [
    "ENGLISH_STOPWORDS",
    "keyness",
    "keyness_terms",
    "self_names",
]


# A small English function-word list, written for this project (NLTK's list needs a download).
# Only grammatical words: no reporting verbs ("said", "claimed"), no negations beyond "not"/"no"
# (how an outlet negates can be a framing choice, but these two are everywhere), no content words.
ENGLISH_STOPWORDS: frozenset[str] = frozenset(
    """
    a an the and or but nor so yet if then than as of in on at to for from by with about into
    onto over under after before between during through without within against among across
    up down out off above below near since until upon via per
    i me my mine we us our ours you your yours he him his she her hers it its they them their
    theirs this that these those who whom whose which what where when why how there here
    is are was were be been being am has have had having do does did doing will would shall
    should can could may might must not no
    also just very too more most such other some any each every all both either neither own
    same only than it's that's there's he's she's they're we're i'm
    """.split()
)


# Tokens may be joined into an n-gram only across plain spaces or one hyphen: any other
# character between two tokens (full stop, comma, quote mark, dash, line break) ends the phrase.
_JOIN_GAP = re.compile(r"[ \t]*(?:[-\u2010\u2011][ \t]*)?")


def keyness_terms(
    text: str,
    *,
    ngram_range: tuple[int, int] = (1, 2),
    stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
) -> list[str]:
    """Return the n-grams of ``text`` that keyness counts: all unigrams in text order, then all
    bigrams in text order, and so on up to ``ngram_range[1]``.

    Tokens are those of :mod:`analysis.tokens`, lower-cased, with curly apostrophes made straight
    ("azerbaijan’s" = "azerbaijan's"). An n-gram joins n consecutive tokens separated only by
    spaces or a single hyphen ("russia brokered" from "Russia-brokered"), so phrases never cross a
    sentence end, a paragraph break, a comma, a quote mark or a dash. Unigrams that are stopwords
    are left out, and so are n-grams that begin or end with a stopword ("of the", "the enemy"),
    which keeps "iron fist" and "crushing victory" and drops function-word pairs.
    """
    lo, hi = ngram_range
    if not 1 <= lo <= hi:
        raise ValueError(f"ngram_range must be (min, max) with 1 <= min <= max, got {ngram_range}")
    stop = frozenset(stopwords or ())
    text = text or ""
    raw = TOKEN_PATTERN.findall(text)
    if not raw:
        return []
    # Tokens never contain a space, so one lower() over the joined tokens does them all (and
    # lower-casing after tokenising keeps the token boundaries of analysis.tokens).
    toks = " ".join(raw).lower().replace("\u2019", "'").split(" ")
    # gaps[i] is the text between token i-1 and token i (re.split keeps the pieces around tokens).
    gaps = TOKEN_PATTERN.split(text)[1:-1]
    joinable = [g == " " or _JOIN_GAP.fullmatch(g) is not None for g in gaps]  # token i-1 ~ i
    out: list[str] = []
    if lo <= 1:
        out += [t for t in toks if t not in stop]
    for n in range(max(lo, 2), hi + 1):
        # window starting at token i is allowed when tokens i..i+n-1 are all joined
        ok = joinable
        for k in range(1, n - 1):
            ok = [a and b for a, b in zip(ok, joinable[k:], strict=False)]
        firsts, lasts = toks[: len(toks) - n + 1], toks[n - 1 :]
        if n == 2:
            out += [
                f"{a} {b}"
                for a, b, j in zip(firsts, lasts, ok, strict=True)
                if j and a not in stop and b not in stop
            ]
        else:
            out += [
                " ".join(toks[i : i + n])
                for i, (a, b, j) in enumerate(zip(firsts, lasts, ok, strict=True))
                if j and a not in stop and b not in stop
            ]
    return out


def keyness(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    groups: Sequence[str] | None = None,
    ngram_range: tuple[int, int] = (1, 2),
    min_df: int = 3,
    prior: str = "corpus",
    prior_scale: float = 1.0,
    stopwords: Iterable[str] | None = ENGLISH_STOPWORDS,
    dedup: bool = True,
    top_n: int | None = None,
    exclude_self: bool | str = True,
    texts=None,
) -> pd.DataFrame:
    r"""Words and phrases each group uses more than the others ("Fightin' Words").

    Log-odds ratio with informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, eq. 16-22).
    For a term w, a group i and the comparison set j (the rest of the corpus, or the other group
    of a pair), with counts y (occurrences of w) and n (all n-grams of the same length):

    .. math::

        \alpha_w = s \cdot y_w^{corpus}, \qquad \alpha_0 = s \cdot n^{corpus}

        \delta_w = \ln\frac{y_w^i + \alpha_w}{n^i + \alpha_0 - y_w^i - \alpha_w}
                 - \ln\frac{y_w^j + \alpha_w}{n^j + \alpha_0 - y_w^j - \alpha_w}

        \sigma^2_w \approx \frac{1}{y_w^i + \alpha_w} + \frac{1}{y_w^j + \alpha_w},
        \qquad z_w = \delta_w / \sqrt{\sigma^2_w}

    The prior is the pooled (deduplicated) corpus: ``prior="corpus"`` sets
    ``alpha_w = prior_scale * (count of w in the whole corpus)``, so the prior mean of every
    term's share is its corpus share and ``prior_scale`` (s) is the prior's weight in units of the
    corpus (1 = as much as the data themselves, the tidylo / Hessel default; smaller = less
    shrinkage of rare terms). ``prior="uniform"`` gives every term of the same length
    ``alpha_w = prior_scale`` (Monroe et al.'s uninformative variant). Unigrams and bigrams have
    separate n and prior (the odds of a bigram are against all bigrams).

    ``groups=None`` compares each group with the rest of the corpus; ``groups=(a, b)`` compares
    a with b and b with a. Terms are those of :func:`keyness_terms`. Document-frequency floor:
    a row is kept only when the side the term leans to uses it in at least ``min_df`` documents
    (``doc_freq >= min_df`` when z > 0, ``doc_freq_rest >= min_df`` when z <= 0), so one article
    repeating a word cannot make it "key". ``top_n`` keeps each group's ``top_n`` terms with the
    highest z (positive only); ``None`` keeps every row.

    Returns columns group, term, count (in the group), count_rest (in the comparison set),
    log_odds (delta), z, doc_freq, doc_freq_rest, ngram (n), other ("rest" or the pair's other
    group), sorted by group, z descending, term. z is a per-term Wald statistic: with thousands of
    terms some |z| > 1.96 by chance, so read it as a ranking, not a test.

    Self-names (``exclude_self=True``, the default): an outlet's own name tops its list
    (datelines "(Meridian Wire) -", bylines, "told Atlas"), which is true but says nothing about
    framing. A row is left out when every token of its term is one of the *row's own group's*
    self-name tokens (:func:`self_names`: the group label's words and initialisms, and, grouping
    by outlet, the stems of its URL domains; a possessive "'s" is ignored), so "Meridian Wire"
    drops "meridian", "wire", "meridian wire", "wire's"; "Caspian State Wire" also "csw".
    Phrases that combine a self-name with another word ("told atlas") stay, as do other groups'
    names in a group's list (citing a rival is an editorial choice); ``exclude_self="any"`` drops
    every term containing a self-name token. Only rows are left out, never counts: the z of every
    other term is what it is without the option. ``attrs["self_names"]`` ({group: tokens}) and
    ``attrs["excluded_self"]`` (the rows left out: group, term, count, count_rest, z, with
    z > 0 only when ``top_n`` is set) say what was removed.

    ``texts``: where the text is read when ``corpus`` has no text column, anything with
    ``take(positions)`` giving the texts at those rows of the corpus (a workspace's corpus
    dataset: ``analysis.workspace.datasets.read_corpus_without_text``). The text is read 500
    documents at a time either way.
    """
    _check_keyness_args(exclude_self, min_df, prior, prior_scale)
    RowTexts.check(corpus, texts, what="keyness")
    docs = group_documents(corpus, by=by, period=period, dedup=dedup, rows=True)
    all_groups = sorted_groups(docs["group"])
    empty = sorted(set(groups_of(docs)) - set(all_groups))
    if empty:
        log.info("keyness: no canonical document in group(s) %s (all copies)", ", ".join(empty))
    if groups is not None:
        groups = check_group_pair(groups, all_groups)
    elif len(all_groups) < 2:
        return _empty_keyness()

    # counted per group, not per document: keyness needs only the groups' totals, and a
    # documents x terms matrix would grow with the corpus (issue 13: compare's memory)
    rows = RowTexts.of(corpus, docs, texts, what="keyness")
    counts = term_counts(rows, ngram_range, stopwords, min_df, groups=docs["group"])
    return keyness_rows(
        corpus, docs, counts, by=by, period=period, groups=groups, min_df=min_df, prior=prior,
        prior_scale=prior_scale, top_n=top_n, exclude_self=exclude_self,
    )


def keyness_rows(
    corpus: pd.DataFrame,
    docs: pd.DataFrame,
    counts: TermCounts | None,
    *,
    by: str,
    period: str | None,
    groups: Sequence[str] | None,
    min_df: int,
    prior: str,
    prior_scale: float,
    top_n: int | None,
    exclude_self: bool | str,
) -> pd.DataFrame:
    """The rows of :func:`keyness` from documents already grouped and counted: ``docs`` from
    ``group_documents`` (its categorical ``group``), ``counts`` from :func:`term_counts` on
    their texts, ``groups`` a checked pair or None (each group against the rest). ``counts``
    holds a row per document, or a row per group (``term_counts(..., groups=docs["group"])``):
    the rows are the same either way. Returns the table :func:`keyness` documents, with its
    ``attrs``; an empty table when ``counts`` is None. Lexicon induction calls it on
    per-document counts, from which it also reads document frequencies."""
    if counts is None:
        return _empty_keyness()
    all_groups = sorted_groups(docs["group"])
    alpha, alpha0 = _keyness_prior(counts, prior, prior_scale)
    pairs = (
        [(groups[0], groups[1]), (groups[1], groups[0])]
        if groups is not None
        else [(g, None) for g in all_groups]
    )
    names = self_names(corpus, by=by, period=period, docs=docs) if exclude_self else {}
    tokens = _TermTokens.of(counts.terms) if exclude_self else None
    group_arr = counts.row_groups if counts.row_groups is not None else docs["group"].to_numpy()
    frames, excluded = [], []
    for g, other in pairs:
        frame, keep = _pair_frame(counts, group_arr, g, other, alpha, alpha0, min_df)
        if tokens is not None:
            drop = tokens.self_terms(names.get(g, []), any_token=exclude_self == "any")[keep]
            gone = frame[drop]
            excluded.append(gone[gone["z"] > 0] if top_n is not None else gone)
            frame = frame[~drop]
        frame = frame.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
        if top_n is not None:
            frame = frame[frame["z"] > 0].head(top_n)
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out = out.sort_values(
        ["group", "z", "term"], ascending=[True, False, True], kind="mergesort"
    ).reset_index(drop=True)
    out = out.astype({"group": str, "term": str, "other": str})
    if exclude_self:
        out.attrs["self_names"] = {g: sorted(names.get(g, ())) for g in all_groups}
        out.attrs["excluded_self"] = _excluded_records(excluded)
    return out


def _check_keyness_args(
    exclude_self: bool | str, min_df: int, prior: str, prior_scale: float
) -> None:
    """Raise ValueError for an option value :func:`keyness` does not accept."""
    if exclude_self not in (True, False, "all", "any"):
        raise ValueError(f"exclude_self must be True, False, 'all' or 'any', got {exclude_self!r}")
    if min_df < 1:
        raise ValueError(f"min_df must be at least 1, got {min_df}")
    if prior not in ("corpus", "uniform"):
        raise ValueError(f"prior must be 'corpus' or 'uniform', got {prior!r}")
    if not prior_scale > 0:
        raise ValueError(f"prior_scale must be > 0, got {prior_scale}")


def check_group_pair(groups: Sequence[str], all_groups: list[str]) -> list[str]:
    """The two groups of a pairwise comparison as strings; ValueError unless they are two
    different groups of the corpus."""
    groups = [str(g) for g in groups]
    if len(groups) != 2 or groups[0] == groups[1]:
        raise ValueError(f"groups must name two different groups, got {groups}")
    absent = [g for g in groups if g not in all_groups]
    if absent:
        raise ValueError(
            f"group(s) {', '.join(absent)} not in the corpus (groups: {', '.join(all_groups)})"
        )
    return groups


@dataclass(frozen=True)
class TermCounts:
    """Term counts of the documents, for the terms that pass the corpus-wide ``min_df`` floor.

    A row per document, or (``row_groups`` set) a row per group of documents. ``X``: row x term
    counts (CSC); ``terms``; ``order_col``: each term's column in ``doc_totals`` (its n-gram
    length's position among the lengths present); ``order_of``: each term's n-gram length;
    ``doc_totals``: n-grams of each length per row, over the whole vocabulary (floored terms
    included); ``vocab_size``: distinct terms of each length, also over the whole vocabulary;
    ``row_groups``: each row's group label when rows are groups (else None);
    ``doc_freq``: then the row x term document frequencies (CSC).
    """

    X: object
    terms: np.ndarray
    order_col: np.ndarray
    order_of: np.ndarray
    doc_totals: np.ndarray
    vocab_size: np.ndarray
    row_groups: np.ndarray | None = None
    doc_freq: object | None = None

    def totals(self, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Over the rows in ``mask``: each term's count, its document frequency and the number
        of n-grams of its length (the n of the log-odds formula)."""
        rows = np.flatnonzero(mask)
        sub = self.X[rows]
        y = np.asarray(sub.sum(axis=0)).ravel()
        if self.doc_freq is None:
            df = np.asarray((sub > 0).sum(axis=0)).ravel()
        else:
            df = np.asarray(self.doc_freq[rows].sum(axis=0)).ravel()
        return y, df, self.doc_totals[rows].sum(axis=0)[self.order_col]


def term_counts(
    texts: Sequence[str] | pd.Series,
    ngram_range: tuple[int, int],
    stopwords: Iterable[str] | None,
    min_df: int,
    *,
    groups: pd.Series | None = None,
) -> TermCounts | None:
    """Count the keyness terms (:func:`keyness_terms`) of ``texts`` (a list or a Series, read
    a chunk at a time): a :class:`TermCounts` of the terms used in at least ``min_df`` texts
    (row x term counts, n-gram totals), or None when no term is left after that floor.

    The rows are the texts; with ``groups`` (each text's group label, a Series aligned with
    ``texts``, categorical or not) they are the groups, in sorted order of their labels, with
    their document frequencies beside the counts: memory then grows with groups x terms, not
    with documents x terms."""
    stop = frozenset(stopwords or ())
    row_groups = codes = None
    if groups is not None:
        groups = pd.Series(groups)
        if isinstance(groups.dtype, pd.CategoricalDtype):
            codes, row_groups = groups.cat.codes.to_numpy(), groups.cat.categories
        else:
            codes, row_groups = pd.factorize(groups, sort=True)
        if (codes < 0).any():
            raise ValueError("term_counts: a text without a group label")
        row_groups = np.asarray(row_groups, dtype=object)
    analyzer = partial(keyness_terms, ngram_range=ngram_range, stopwords=stop)
    n_rows = len(texts) if row_groups is None else len(row_groups)
    matrix_rows = {"row_codes": codes, "n_rows": 0 if row_groups is None else n_rows}
    if len(texts) > ONE_PASS_MAX_TEXTS:
        # first pass: how often each term is used, kept as 64-bit hashes, so that the second
        # holds only the terms that can pass the floor (a Python dict of every n-gram of a
        # large corpus would be gigabytes: issue 13, compare's memory)
        vocab = _scan_vocabulary(texts, analyzer, min_df, row_codes=codes, n_rows=n_rows)
        counted = None if vocab is None else _count_matrix(
            texts, analyzer, **matrix_rows, kept=vocab.kept)
    else:  # one pass: every term counted, and scanned on the way
        scan = _VocabularyScan(min_df, row_codes=codes, n_rows=n_rows)
        counted = _count_matrix(texts, analyzer, **matrix_rows, scan=scan)
        vocab = scan.result()
    if vocab is None:
        return None
    X, DF, terms = counted
    order_full = pd.Series(terms, dtype="string").str.count(" ").to_numpy(dtype=np.int64) + 1
    # The floor, exact (a first pass's hashes only narrowed the terms counted).
    # Per document, X holds one entry per (document, term) used, so a term's document
    # frequency is its number of entries (no boolean copy of the matrix)
    if DF is None:
        doc_freq_all = np.bincount(X.indices, minlength=X.shape[1])
    else:
        doc_freq_all = np.asarray(DF.sum(axis=0)).ravel()
    cols = np.flatnonzero(doc_freq_all >= min_df)
    if not len(cols):
        return None
    X = X.tocsc()  # columns are cheap to select from CSC; one copy of the matrix at a time
    return TermCounts(
        X=X[:, cols],
        terms=terms[cols].astype(str),
        order_col=np.searchsorted(vocab.orders, order_full[cols]),
        order_of=order_full[cols],
        doc_totals=vocab.totals,
        vocab_size=vocab.vocab_size,
        row_groups=row_groups,
        doc_freq=None if DF is None else DF.tocsc()[:, cols],
    )


@dataclass(frozen=True)
class _Vocabulary:
    """What :func:`_scan_vocabulary` learns of every term, floored or not: ``kept``, the sorted
    64-bit hashes (:func:`_term_hashes`) of the terms used in at least ``min_df`` texts;
    ``orders``, the n-gram lengths present; ``totals``, the n-grams of each of those lengths
    per row (float); ``vocab_size``, the distinct terms of each length (float)."""

    kept: np.ndarray
    orders: np.ndarray
    totals: np.ndarray
    vocab_size: np.ndarray


def _term_hashes(terms) -> np.ndarray:
    """A stable 64-bit hash of each term (pandas' SipHash with its fixed key)."""
    return pd.util.hash_array(np.asarray(terms, dtype=object), categorize=False)


ONE_PASS_MAX_TEXTS = 20_000
""":func:`term_counts` of at most this many texts counts every term in one pass (the dict of
every term stays small: 352,691 unigrams and bigrams for 10,000 short articles); above, it
reads the texts twice, the first time only to find the terms that can pass the floor."""


class _VocabularyScan:
    """Counts, chunk by chunk, the texts using every distinct term, by its hash: 13 bytes a
    distinct term instead of a Python string and a dict entry; with the n-grams of each length
    per row (``row_codes``: each text's row; None: a row per text). :meth:`result` gives the
    :class:`_Vocabulary`, None when no text had a term.

    Two terms whose hashes collide (about one chance in 10^5 among 50 million distinct terms)
    would share their document frequency and count once in ``vocab_size``; the floor itself
    stays exact, applied again to the terms' own counts."""

    def __init__(self, min_df: int, *, row_codes: np.ndarray | None, n_rows: int,
                 merge_at: int = 1 << 20):
        self.min_df = min_df
        self.row_codes = row_codes
        self.n_rows = n_rows
        self.merge_at = merge_at
        self._hashes: list[np.ndarray] = []
        self._dfs: list[np.ndarray] = []
        self._orders: list[np.ndarray] = []
        self._totals: np.ndarray | None = None
        self._pending = self._merged = 0

    def add(self, start: int, per_doc: list[list[str]], codes, uniques) -> None:
        """One chunk of :func:`_analysed`: texts ``start`` .. of ``per_doc`` terms."""
        if codes is None:
            return
        order = pd.Series(uniques, dtype="string").str.count(" ").to_numpy(np.int64) + 1
        docs = np.repeat(np.arange(len(per_doc)), [len(t) for t in per_doc])
        rows = docs + start if self.row_codes is None else self.row_codes[start + docs]
        width = int(order.max())
        if self._totals is None or self._totals.shape[1] < width:
            wider = np.zeros((self.n_rows, width))
            if self._totals is not None:
                wider[:, : self._totals.shape[1]] = self._totals
            self._totals = wider
        np.add.at(self._totals, (rows, order[codes] - 1), 1.0)
        used = np.unique(docs * len(uniques) + codes) % len(uniques)  # (text, term) once
        self._hashes.append(_term_hashes(uniques))
        self._dfs.append(np.bincount(used, minlength=len(uniques)).astype(np.int32))
        self._orders.append(order.astype(np.int8))
        self._pending += len(uniques)
        if len(self._hashes) > 1 and self._pending > 2 * max(self._merged, self.merge_at):
            merged = _merge_hashes(self._hashes, self._dfs, self._orders)
            self._hashes, self._dfs, self._orders = ([a] for a in merged)
            self._pending = self._merged = len(merged[0])

    def result(self) -> _Vocabulary | None:
        if self._totals is None:
            return None
        h, df, order = _merge_hashes(self._hashes, self._dfs, self._orders)
        present = np.unique(order).astype(np.int64)
        return _Vocabulary(
            kept=h[df >= self.min_df],
            orders=present,
            totals=self._totals[:, present - 1],
            vocab_size=np.bincount(order, minlength=int(present.max()) + 1)[present].astype(
                float),
        )


def _scan_vocabulary(
    texts: Sequence[str] | pd.Series,
    analyzer,
    min_df: int,
    *,
    row_codes: np.ndarray | None,
    n_rows: int,
    chunk: int = 500,
    merge_at: int = 1 << 20,
) -> _Vocabulary | None:
    """:class:`_VocabularyScan` of ``texts``, read a chunk at a time."""
    scan = _VocabularyScan(min_df, row_codes=row_codes, n_rows=n_rows, merge_at=merge_at)
    for piece in _analysed(texts, analyzer, chunk):
        scan.add(*piece)
    return scan.result()


def _analysed(texts: Sequence[str] | pd.Series, analyzer, chunk: int = 500):
    """Yield ``(start, per_doc, codes, uniques)`` for each chunk of ``texts``: the terms of each
    text, and the chunk's terms factorised at C speed (``codes`` into ``uniques``, an object
    array); both None when the chunk has no term."""
    for start in range(0, len(texts), chunk):
        if isinstance(texts, pd.Series):  # Python strings for one chunk only, not the corpus
            part = texts.iloc[start : start + chunk].tolist()
        else:
            part = texts[start : start + chunk]
        per_doc = [analyzer(t) for t in part]
        flat = [term for terms in per_doc for term in terms]
        if not flat:
            yield start, per_doc, None, None
            continue
        codes, uniques = pd.factorize(pd.Series(flat, dtype=object))
        yield start, per_doc, codes, np.asarray(uniques, dtype=object)


def _merge_hashes(hashes, dfs, orders) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The chunks' (hash, texts using it, n-gram length) arrays summed by hash, sorted."""
    h = np.concatenate(hashes)
    unique, first, inverse = np.unique(h, return_index=True, return_inverse=True)
    df = np.bincount(inverse, weights=np.concatenate(dfs), minlength=len(unique))
    return unique, df.astype(np.int32), np.concatenate(orders)[first]


def _keyness_prior(
    counts: TermCounts, prior: str, prior_scale: float
) -> tuple[np.ndarray, np.ndarray]:
    """The Dirichlet prior per term: ``alpha_w`` and ``alpha_0`` (the latter for the term's
    n-gram length)."""
    y_all, _, n_all = counts.totals(np.ones(counts.X.shape[0], bool))
    if prior == "corpus":
        alpha = prior_scale * y_all
        alpha0 = prior_scale * n_all  # per term: the total of its n-gram length
    else:
        alpha = np.full_like(y_all, prior_scale)
        alpha0 = prior_scale * counts.vocab_size[counts.order_col]
    return alpha, alpha0


def _pair_frame(
    counts: TermCounts,
    group_arr: np.ndarray,
    g: str,
    other: str | None,
    alpha: np.ndarray,
    alpha0: np.ndarray,
    min_df: int,
) -> tuple[pd.DataFrame, np.ndarray]:
    """Group ``g`` against ``other`` (None: the rest of the corpus): the rows of :func:`keyness`
    that pass the document-frequency floor, unsorted, and the mask of terms they are."""
    in_g = group_arr == g
    in_other = group_arr == other if other is not None else ~in_g
    y_i, df_i, n_i = counts.totals(in_g)
    y_j, df_j, n_j = counts.totals(in_other)
    delta, z = _log_odds_z(y_i, n_i, y_j, n_j, alpha, alpha0)
    keep = ((z > 0) & (df_i >= min_df)) | ((z <= 0) & (df_j >= min_df))
    keep &= (y_i + y_j) > 0
    frame = pd.DataFrame(
        {
            "group": g,
            "term": counts.terms[keep],
            "count": y_i[keep].astype(np.int64),
            "count_rest": y_j[keep].astype(np.int64),
            "log_odds": delta[keep],
            "z": z[keep],
            "doc_freq": df_i[keep].astype(np.int64),
            "doc_freq_rest": df_j[keep].astype(np.int64),
            "ngram": counts.order_of[keep].astype(np.int64),
            "other": other if other is not None else "rest",
        }
    )
    return frame, keep


@dataclass(frozen=True)
class _TermTokens:
    """Every term's tokens (a possessive "'s" ignored), split once for all groups:
    ``tok_term`` (the term of each token), ``tok`` and ``n_tok`` (tokens per term)."""

    tok_term: np.ndarray
    tok: np.ndarray
    n_tok: np.ndarray

    @classmethod
    def of(cls, terms: np.ndarray) -> _TermTokens:
        split = pd.Series(terms, dtype=object).str.split(" ").explode()
        tok_term = split.index.to_numpy(dtype=np.int64)
        tok = split.str.removesuffix("'s").to_numpy(dtype=object)
        return cls(tok_term, tok, np.bincount(tok_term, minlength=len(terms)))

    def self_terms(self, names: list[str], *, any_token: bool) -> np.ndarray:
        """Mask of the terms whose tokens are all self-name tokens (any of them: ``any_token``)."""
        own = np.isin(self.tok, names)
        n_own = np.bincount(self.tok_term, weights=own, minlength=len(self.n_tok))
        return n_own > 0 if any_token else n_own == self.n_tok


def _excluded_records(excluded: list[pd.DataFrame]) -> list[dict]:
    """The self-name rows left out, as the records of ``attrs["excluded_self"]``."""
    gone = pd.concat(excluded, ignore_index=True) if excluded else _empty_keyness()
    gone = gone.sort_values(["group", "z", "term"], ascending=[True, False, True])
    return [
        {
            "group": str(r.group),
            "term": str(r.term),
            "count": int(r.count),
            "count_rest": int(r.count_rest),
            "z": float(r.z),
        }
        for r in gone.itertuples(index=False)
    ]


_DOMAIN_LABEL = re.compile(r"^[\w-]+(?:\.[\w-]+)+$")


def _name_tokens(text: str) -> list[str]:
    return keyness_terms(text, ngram_range=(1, 1), stopwords=())


def _label_self_names(label: str) -> set[str]:
    """The words of a group label, its initialisms, or its stem if the label is a domain."""
    label = label.strip()
    if _DOMAIN_LABEL.fullmatch(label):
        return set(_name_tokens(domain_label(label)))
    words = [w.removesuffix("'s") for w in _name_tokens(label)]
    names = set(words)
    content = [w for w in words if w not in ENGLISH_STOPWORDS]
    for seq in (words, content):  # "The Lantern Review": "tlr" and "lr"
        if len(seq) >= 2:
            names.add("".join(w[0] for w in seq))
    return names


def self_names(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    dedup: bool = True,
    docs: pd.DataFrame | None = None,
) -> dict[str, list[str]]:
    """Each group's self-name tokens, as :func:`keyness` uses them with ``exclude_self``.

    Returns ``{group: sorted tokens}`` (lower case, tokens of :mod:`analysis.tokens`; English
    function words left out, so "The" in "The Lantern Review" never counts as a name):

    - the words of the group label ("Caspian State Wire": caspian, state, wire) and, for a label
      of two words or more, its initialisms, with and without function words ("csw"; "The
      Lantern Review": "tlr", "lr"). A label that is a domain name ("finpulsewatch.net") gives
      its stem ("finpulsewatch"), not its top-level domain;
    - grouping by ``outlet``: the stems of the URL domains of the group's documents
      (``www.meridianwire.com`` -> "meridianwire", ``news.bbc.co.uk`` -> "bbc"), split at
      hyphens; grouping by ``origin_outlet``: the same from the documents the origin published
      itself (``outlet == origin_outlet``), since a repost's URL names the reposting site.
    """
    if docs is None:
        docs = group_documents(corpus, by=by, period=period, dedup=dedup)
    out: dict[str, set[str]] = {
        g: _label_self_names(g) if g != GROUP_MISSING else set() for g in groups_of(docs)
    }
    if by in ("outlet", "origin_outlet") and period is None and "url" in corpus.columns:
        mine_only = by == "origin_outlet" and "outlet" in corpus.columns
        # only the columns read here: a copy of the corpus would copy its text
        frame = corpus[["url", "outlet", "origin_outlet"] if mine_only else ["url"]]
        sub = frame.set_axis(corpus["doc_id"].astype(str), axis=0).loc[docs["doc_id"]]
        own = np.ones(len(sub), dtype=bool)
        if mine_only:
            own = (sub["outlet"].astype(str) == sub["origin_outlet"].astype(str)).to_numpy()
        for g, url, mine in zip(docs["group"].astype(str), sub["url"], own, strict=True):
            if not mine or pd.isna(url) or not str(url).strip():
                continue
            host = urlsplit(str(url).strip()).hostname
            if host:
                out[g].update(_name_tokens(domain_label(host)))
    return {g: sorted(n - ENGLISH_STOPWORDS) for g, n in out.items()}


def excluded_by_group(table: pd.DataFrame) -> dict[str, list[str]]:
    """{group: [terms]} of the self-name rows :func:`keyness` left out (from its attrs)."""
    out: dict[str, list[str]] = {}
    for row in table.attrs.get("excluded_self", []):
        out.setdefault(row["group"], []).append(row["term"])
    return out


def _count_matrix(
    texts: Sequence[str] | pd.Series,
    analyzer,
    chunk: int = 500,
    *,
    row_codes: np.ndarray | None = None,
    n_rows: int = 0,
    merge_at: int = 1 << 18,
    kept: np.ndarray | None = None,
    scan: _VocabularyScan | None = None,
):
    """Count matrix (CSR, int32), document frequencies and the terms (an object array, in order
    of first appearance): ``(X, DF, terms)``. ``kept``: only the terms whose hash
    (:func:`_term_hashes`) is in this sorted array are counted; ``scan``: every chunk is also
    added to it.

    Without ``row_codes`` a row per text and DF None. With ``row_codes`` (each text's row,
    ``0 <= code < n_rows``) a row per code: X sums the counts of its texts and DF counts its
    texts that use each term; each chunk is summed into those rows before the next is read, and
    the chunks' sums are merged once they hold more than twice the entries of the merged
    ones (at least ``merge_at``), so that memory holds about one entry per (row, term).

    What ``CountVectorizer(analyzer=...)`` does, about twice as fast: the terms of a chunk of
    documents are hashed at C speed by ``pd.factorize`` and only each chunk's distinct terms go
    through a Python dict, instead of every occurrence. Each chunk is summed into its own
    matrix before the next is read, so memory holds one entry per distinct (row, term), never
    one per token occurrence of the whole corpus (issue 13: compare's peak memory).
    """
    import scipy.sparse as sp

    vocab: dict[str, int] = {}
    blocks: list = []
    used: list = []
    pending = 0  # entries in the row-summed blocks not yet merged
    for start, per_doc, codes, uniques in _analysed(texts, analyzer, chunk):
        if scan is not None:
            scan.add(start, per_doc, codes, uniques)
        if codes is None:
            if row_codes is None:
                blocks.append(sp.csr_matrix((len(per_doc), 0), dtype=np.int32))
            continue
        rows = np.repeat(np.arange(len(per_doc)), [len(t) for t in per_doc])
        if kept is not None:
            wanted = np.isin(_term_hashes(uniques), kept, assume_unique=True)
            counted = wanted[codes]
            rows, codes = rows[counted], codes[counted]
            uniques = np.where(wanted, uniques, None)
        ids = np.fromiter(
            (-1 if u is None else vocab.setdefault(u, len(vocab)) for u in uniques),
            dtype=np.int64, count=len(uniques),
        )
        # int32 counts: a third less memory per entry than float, and sums come out int64
        block = sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, ids[codes])),
                              shape=(len(per_doc), len(vocab)))
        block.sum_duplicates()
        if row_codes is None:
            blocks.append(block)
            continue
        into = sp.csr_matrix(
            (np.ones(len(per_doc), dtype=np.int32),
             (row_codes[start : start + len(per_doc)], np.arange(len(per_doc)))),
            shape=(n_rows, len(per_doc)),
        )
        blocks.append((into @ block).tocoo())
        block.data[:] = 1
        used.append((into @ block).tocoo())
        pending += blocks[-1].nnz
        if len(blocks) > 1 and pending > 2 * max(blocks[0].nnz, merge_at):
            # merge so that the summed rows, not one block per chunk, are what is kept
            blocks, used = [_sum_coo(blocks, len(vocab))], [_sum_coo(used, len(vocab))]
            pending = 0
    # object, not a fixed-width str array: one long term would make every entry as wide
    terms = np.array(list(vocab), dtype=object)
    if row_codes is not None:
        return _sum_coo(blocks, len(vocab), n_rows).tocsr(), _sum_coo(
            used, len(vocab), n_rows).tocsr(), terms
    if not vocab:
        return sp.csr_matrix((len(texts), 0), dtype=np.int32), None, terms
    for block in blocks:
        block.resize((block.shape[0], len(vocab)))  # later chunks met more terms
    X = sp.vstack(blocks, format="csr")
    X.sum_duplicates()
    return X, None, terms


def _sum_coo(blocks: list, n_terms: int, n_rows: int | None = None):
    """The sum of same-row COO blocks, widened to ``n_terms`` columns, as one COO matrix."""
    import scipy.sparse as sp

    if not blocks:
        return sp.coo_matrix((n_rows or 0, n_terms), dtype=np.int32)
    shape = (blocks[0].shape[0], n_terms)
    out = sp.coo_matrix(
        (np.concatenate([b.data for b in blocks]),
         (np.concatenate([b.row for b in blocks]), np.concatenate([b.col for b in blocks]))),
        shape=shape,
    )
    out.sum_duplicates()
    return out


def _log_odds_z(y_i, n_i, y_j, n_j, alpha, alpha0) -> tuple[np.ndarray, np.ndarray]:
    """delta and z of Monroe et al. (2008) eq. 16-22, vectorised over terms."""
    a_i = y_i + alpha
    a_j = y_j + alpha
    # A term that is every n-gram of its length (a one-word vocabulary) has no odds: NaN, and
    # the floor's comparisons leave the row out.
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log(a_i / (n_i + alpha0 - a_i)) - np.log(a_j / (n_j + alpha0 - a_j))
        delta = np.where(np.isfinite(delta), delta, np.nan)
    var = 1.0 / a_i + 1.0 / a_j
    return delta, delta / np.sqrt(var)


def _empty_keyness() -> pd.DataFrame:
    cols = [
        "group",
        "term",
        "count",
        "count_rest",
        "log_odds",
        "z",
        "doc_freq",
        "doc_freq_rest",
        "ngram",
        "other",
    ]
    return pd.DataFrame({c: [] for c in cols})
