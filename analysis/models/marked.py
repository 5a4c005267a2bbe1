"""A lexicon learned from the words annotators marked (BABE's ``biased_words``).

:class:`MarkedLexiconInducer` keeps a term when its smoothed *marked rate* (the estimated
probability that an occurrence of it is marked) reaches a threshold:

1. **Marked rate.** For each word form w of the training texts, n_w is the number of texts
   containing it and k_w the number of those in which it is marked: distinct normalised tokens
   per text (:func:`analysis.marked_form`), exactly the events the validation's token level
   counts (``analysis.marked_word_overlap``).
2. **Hierarchical Beta smoothing.** p0 is the share of marked (text, token) pairs; a family is
   the Snowball stem of a form (NLTK, no download). ``p_family = (k_f + a_f p0) / (n_f + a_f)``
   and ``p_marked = (k_w + a_w p_family) / (n_w + a_w)``: a form seen once inherits its
   family's evidence, a family seen little is pulled towards p0.
3. **Unseen inflections.** Regular inflections (:func:`analysis.regular_inflections`) of marked
   words that the training texts never showed are added with their family's rate, when the
   stemmer puts them in the same family ("news" is not a form of "new"). Over-generated
   non-words never match.
4. **Phrases of 2-3 words** (joined only by whitespace or hyphens, as the matcher joins them)
   are kept when the tokens they *add* beyond the kept words are marked at a smoothed rate
   ``(k_add + a p0) / (n_add + a)`` of at least the phrase threshold, and they occur in at least
   ``min_phrase_docs`` texts ("far left" kept where "left" alone is not). The matcher's
   leftmost-longest rule makes the phrase win over its words.

:func:`tune_marked_inducer` chooses the threshold and the prior strengths by grouped
cross-validation on the data it is given (call it on training folds only).
:func:`token_f1_counts` is the fast emulation of the matcher the tuning scores with; every
reported number comes from ``analysis.score`` and ``analysis.marked_word_overlap`` instead.
:func:`marked_term_rates` gives the rates of every word and phrase (for a candidates table).

This module reads no dataset; ``analysis.evaluation.babe_induction`` applies it to BABE.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import product

import numpy as np
import pandas as pd
from nltk.stem.snowball import SnowballStemmer
from sklearn.base import BaseEstimator
from sklearn.model_selection import GroupKFold, StratifiedGroupKFold

from ..lexicons.files import Lexicon
from ..lexicons.forms import marked_form, marked_word_forms, regular_inflections
from ..lexicons.terms import APOSTROPHES, term_problem
from ..text.tokens import TOKEN_PATTERN

__all__ = [
    "MARKED_INDUCER_GRID",
    "MarkedLexiconInducer",
    "marked_term_rates",
    "token_f1_counts",
    "tune_marked_inducer",
]

_APOSTROPHES = str.maketrans({c: "'" for c in APOSTROPHES})
# What the matcher (analysis.lexicons.matcher) lets a multiword term span: whitespace and hyphens.
_PHRASE_GAP = re.compile(r"[\s\-\u2010\u2011]+")
_STEMMER = SnowballStemmer("english")


# ------------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class _Seq:
    """A text as the matcher sees it: lower-cased tokens, their normalised forms, and whether
    token i-1 and token i are separated only by whitespace or hyphens (a phrase may span them)."""

    raw: tuple[str, ...]  # lower case, apostrophes straight: the spelling of a phrase term
    norm: tuple[str, ...]  # _norm_token: the spelling of a one-word term, compared with gold
    join: tuple[bool, ...]  # len(raw) - 1 flags


def _seq(text: str) -> _Seq:
    ms = list(TOKEN_PATTERN.finditer(text or ""))
    raw = tuple(m.group().lower().translate(_APOSTROPHES) for m in ms)
    norm = tuple(marked_form(m.group()) for m in ms)
    join = tuple(
        _PHRASE_GAP.fullmatch(text[ms[i - 1].end() : ms[i].start()]) is not None
        for i in range(1, len(ms))
    )
    return _Seq(raw, norm, join)


def _grams(seq: _Seq, max_n: int) -> Iterable[tuple[int, int, str]]:
    """(n, start, term) of every n-gram a lexicon term could match: a one-word term is the
    normalised token ("trump" matches "Trump's": the apostrophe is a word boundary for the
    matcher); a phrase is the lower-cased tokens joined by one space, only across gaps of
    whitespace or hyphens."""
    n_tok = len(seq.raw)
    for i in range(n_tok):
        yield 1, i, seq.norm[i]
        for n in range(2, max_n + 1):
            if i + n > n_tok or not seq.join[i + n - 2]:
                break
            yield n, i, " ".join(seq.raw[i : i + n])


def _gold(words: Sequence[str]) -> frozenset[str]:
    """Normalised tokens of an annotator's word list (as marked_word_overlap's G_s)."""
    if not isinstance(words, (list, tuple)):
        raise ValueError(f"marked words must be a list of strings, got {words!r}")
    return frozenset(t for w in words for t in marked_word_forms(w))


class MarkedCorpus:
    """Tokenised texts, their marked tokens, and every distinct (document, term) occurrence with
    terms coded as integers. Built once; any subset of documents (a training fold) is then
    aggregated with ``np.bincount``, so a cross-validation grid never re-tokenises.

    Arrays over occurrences: ``occ_doc``, ``occ_term`` (code), ``occ_ntok`` (distinct
    normalised tokens covered), ``occ_ngold`` (how many of them are marked in that document).
    Arrays over (phrase occurrence, distinct token): ``pt_occ``, ``pt_tok`` (code of the
    token's one-word term), ``pt_gold``. Over codes: ``terms``, ``ngram``, ``family`` (code of
    the Snowball stem for one-word terms, -1 for phrases).
    """

    def __init__(self, texts: Sequence[str], marked: Sequence[Sequence[str]], max_n: int):
        texts, marked = list(texts), list(marked)
        if len(texts) != len(marked):
            raise ValueError(f"{len(texts)} texts but {len(marked)} marked-word lists")
        if not 1 <= int(max_n) <= 5:
            raise ValueError(f"max_n must be 1..5, got {max_n}")
        self.max_n = int(max_n)
        self.seqs = [_seq(t) for t in texts]
        self.golds = [_gold(w) for w in marked]
        vocab: dict[str, int] = {}
        ngram: list[int] = []

        def code(term: str, n: int) -> int:
            c = vocab.get(term)
            if c is None:
                c = vocab[term] = len(ngram)
                ngram.append(n)
            return c

        o_doc, o_term, o_ntok, o_ngold = [], [], [], []
        p_occ, p_tok, p_gold = [], [], []
        for d, (seq, gold) in enumerate(zip(self.seqs, self.golds, strict=True)):
            seen: set[str] = set()
            for n, i, term in _grams(seq, self.max_n):
                if term in seen:
                    continue
                seen.add(term)
                toks = set(seq.norm[i : i + n])
                if n > 1:
                    k = len(o_doc)
                    for t in toks:
                        p_occ.append(k)
                        p_tok.append(code(t, 1))
                        p_gold.append(t in gold)
                o_doc.append(d)
                o_term.append(code(term, n))
                o_ntok.append(len(toks))
                o_ngold.append(len(toks & gold))
        self.vocab = vocab
        self.terms = np.array(list(vocab), dtype=object)
        self.ngram = np.asarray(ngram, dtype=np.int64)
        self.occ_doc = np.asarray(o_doc, dtype=np.int64)
        self.occ_term = np.asarray(o_term, dtype=np.int64)
        self.occ_ntok = np.asarray(o_ntok, dtype=np.int64)
        self.occ_ngold = np.asarray(o_ngold, dtype=np.int64)
        self.pt_occ = np.asarray(p_occ, dtype=np.int64)
        self.pt_tok = np.asarray(p_tok, dtype=np.int64)
        self.pt_gold = np.asarray(p_gold, dtype=bool)
        uni = np.flatnonzero(self.ngram == 1)
        stems = [_stem(t) for t in self.terms[uni]]
        fam_codes, self.family_names = pd.factorize(pd.Series(stems, dtype=object))
        self.family = np.full(len(self.terms), -1, dtype=np.int64)
        self.family[uni] = fam_codes
        self._inflections: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self.seqs)

    def inflections(self, c: int) -> list[str]:
        """Regular inflections of one-word term ``c`` that the stemmer puts in its family."""
        forms = self._inflections.get(c)
        if forms is None:
            w = self.terms[c]
            fam = self.family_names[self.family[c]]
            forms = []
            if len(w) >= 3 and w.isalpha():
                forms = [f for f in regular_inflections(w) if _stem(f) == fam]
            self._inflections[c] = forms
        return forms


@dataclass
class _Stats:
    """Counts of one subset of documents (a training set)."""

    n_docs: np.ndarray  # per code: documents containing the term
    n_gold: np.ndarray  # per code: marked tokens summed over those documents
    n_tok: np.ndarray  # per code: tokens covered, summed
    fam_docs: np.ndarray  # per family
    fam_gold: np.ndarray
    p0: float
    gen_forms: np.ndarray  # unseen inflections of marked words (str)
    gen_family: np.ndarray  # their family codes
    pt_term: np.ndarray  # phrase-token rows of the subset: phrase code, token code, gold
    pt_tok: np.ndarray
    pt_gold: np.ndarray
    n_subset: int


def _subset_stats(corpus: MarkedCorpus, docs: np.ndarray, *, inflect: bool) -> _Stats:
    mask = np.zeros(len(corpus), dtype=bool)
    mask[docs] = True
    occ_in = mask[corpus.occ_doc]
    v = len(corpus.terms)
    t = corpus.occ_term[occ_in]
    n_docs = np.bincount(t, minlength=v)
    n_gold = np.bincount(t, weights=corpus.occ_ngold[occ_in], minlength=v)
    n_tok = np.bincount(t, weights=corpus.occ_ntok[occ_in], minlength=v)
    uni = (corpus.ngram == 1) & (n_docs > 0)
    n_fam = len(corpus.family_names)
    fam_docs = np.bincount(corpus.family[uni], weights=n_docs[uni], minlength=n_fam)
    fam_gold = np.bincount(corpus.family[uni], weights=n_gold[uni], minlength=n_fam)
    p0 = float(n_gold[uni].sum() / max(n_docs[uni].sum(), 1))
    forms: dict[str, int] = {}
    if inflect:
        for c in np.flatnonzero(uni & (n_gold > 0)):
            for f in corpus.inflections(int(c)):
                fc = corpus.vocab.get(f)
                if (fc is None or n_docs[fc] == 0) and f not in forms:
                    forms[f] = corpus.family[c]
    pt_in = occ_in[corpus.pt_occ]
    return _Stats(
        n_docs=n_docs,
        n_gold=n_gold,
        n_tok=n_tok,
        fam_docs=fam_docs,
        fam_gold=fam_gold,
        p0=p0,
        gen_forms=np.array(list(forms), dtype=object),
        gen_family=np.array(list(forms.values()), dtype=np.int64),
        pt_term=corpus.occ_term[corpus.pt_occ[pt_in]],
        pt_tok=corpus.pt_tok[pt_in],
        pt_gold=corpus.pt_gold[pt_in],
        n_subset=int(mask.sum()),
    )


@dataclass
class _Rates:
    p_family: np.ndarray  # per family
    p_marked: np.ndarray  # per code (NaN where not a one-word term seen in the subset)
    gen_p: np.ndarray  # per generated form


def _rates(corpus: MarkedCorpus, st: _Stats, *, family_prior: float, form_prior: float) -> _Rates:
    """Hierarchical Beta smoothing of the marked rates.

    p_family = (k_f + a_f p0) / (n_f + a_f);  p_marked = (k_w + a_w p_family) / (n_w + a_w);
    an inflection never seen in training gets p_family.
    """
    p_fam = (st.fam_gold + family_prior * st.p0) / (st.fam_docs + family_prior)
    uni = (corpus.ngram == 1) & (st.n_docs > 0)
    p = np.full(len(corpus.terms), np.nan)
    pf = p_fam[corpus.family[uni]]
    p[uni] = (st.n_gold[uni] + form_prior * pf) / (st.n_docs[uni] + form_prior)
    return _Rates(p_fam, p, p_fam[st.gen_family] if len(st.gen_family) else np.zeros(0))


@dataclass
class _Selection:
    words: np.ndarray  # codes of kept one-word terms
    gen: np.ndarray  # indices into st.gen_forms
    phrases: np.ndarray  # codes of kept phrases
    phrase_added: np.ndarray  # per code: tokens added beyond kept words (summed)
    phrase_added_marked: np.ndarray
    phrase_p: np.ndarray  # per code: smoothed rate of the added tokens


def _select(
    corpus: MarkedCorpus,
    st: _Stats,
    r: _Rates,
    *,
    threshold: float,
    phrase_threshold: float | None,
    phrase_prior: float,
    min_phrase_docs: int,
) -> _Selection:
    """One-word terms with p_marked >= threshold (seen and generated), then phrases whose
    *added* tokens (not covered by a kept word) are marked at a smoothed rate
    (k_add + a p0) / (n_add + a) >= phrase_threshold (None: threshold; inf: no phrases)."""
    v = len(corpus.terms)
    kept = np.zeros(v, dtype=bool)
    with np.errstate(invalid="ignore"):
        kept |= r.p_marked >= threshold
    gen = np.flatnonzero(r.gen_p >= threshold)
    pthr = threshold if phrase_threshold is None else float(phrase_threshold)
    added = np.zeros(v)
    added_marked = np.zeros(v)
    p_ph = np.full(v, np.nan)
    phrases = np.zeros(0, dtype=np.int64)
    if len(st.pt_term) and math.isfinite(pthr):
        new = ~kept[st.pt_tok]
        added = np.bincount(st.pt_term, weights=new, minlength=v)
        added_marked = np.bincount(st.pt_term, weights=new & st.pt_gold, minlength=v)
        cand = (corpus.ngram > 1) & (st.n_docs >= min_phrase_docs) & (added > 0)
        p_ph[cand] = (added_marked[cand] + phrase_prior * st.p0) / (added[cand] + phrase_prior)
        with np.errstate(invalid="ignore"):
            phrases = np.flatnonzero(cand & (p_ph >= pthr))
    return _Selection(np.flatnonzero(kept), gen, phrases, added, added_marked, p_ph)


class _Scorer:
    """Token-level counts (|P|, |P∩G|, |G|) of a selection on a set of test documents of a
    :class:`MarkedCorpus`, as ``marked_word_overlap`` counts them. Documents where no kept phrase
    occurs are counted with arrays (each token whose form is a kept word is flagged); the few
    with a kept phrase are re-matched leftmost-longest by :func:`_match_counts`."""

    def __init__(self, corpus: MarkedCorpus, docs: np.ndarray):
        self.corpus = corpus
        self.docs = np.asarray(docs)
        mask = np.zeros(len(corpus), dtype=bool)
        mask[self.docs] = True
        rows = mask[corpus.occ_doc]
        uni = rows & (corpus.ngram[corpus.occ_term] == 1)
        self.u_doc = corpus.occ_doc[uni]
        self.u_term = corpus.occ_term[uni]
        self.u_gold = corpus.occ_ngold[uni] > 0
        ph = rows & (corpus.ngram[corpus.occ_term] > 1)
        self.p_doc = corpus.occ_doc[ph]
        self.p_term = corpus.occ_term[ph]
        self.n_gold = sum(len(corpus.golds[d]) for d in self.docs)

    def counts(self, sel: _Selection, st: _Stats) -> np.ndarray:
        c = self.corpus
        v = np.zeros(len(c.terms), dtype=bool)
        v[sel.words] = True
        for f in st.gen_forms[sel.gen]:
            fc = c.vocab.get(f)
            if fc is not None:
                v[fc] = True
        hit = v[self.u_term]
        pv = np.zeros(len(c.terms), dtype=bool)
        pv[sel.phrases] = True
        special = np.unique(self.p_doc[pv[self.p_term]])
        out = np.array([hit.sum(), (hit & self.u_gold).sum(), self.n_gold], dtype=np.int64)
        if len(special):
            in_special = np.isin(self.u_doc, special)
            out[0] -= (hit & in_special).sum()
            out[1] -= (hit & self.u_gold & in_special).sum()
            terms = set(c.terms[v]) | set(c.terms[pv])
            for d in special:
                p, k, _ = _match_counts(c.seqs[d], c.golds[d], terms, c.max_n)
                out[0] += p
                out[1] += k
        return out


def _match_counts(seq: _Seq, gold: frozenset, terms: set, max_n: int) -> tuple[int, int, int]:
    """Leftmost-longest matching of plain terms on one token sequence: (|P|, |P∩G|, |G|)."""
    n_tok = len(seq.raw)
    pred: set[str] = set()
    i = 0
    while i < n_tok:
        took = 0
        for n in range(min(max_n, n_tok - i), 0, -1):
            if n > 1 and not all(seq.join[i : i + n - 1]):
                continue
            if (seq.norm[i] if n == 1 else " ".join(seq.raw[i : i + n])) in terms:
                took = n
                break
        if took:
            pred.update(seq.norm[i : i + took])
            i += took
        else:
            i += 1
    return len(pred), len(pred & gold), len(gold)


def _stem(word: str) -> str:
    return _STEMMER.stem(word)


# ------------------------------------------------------------------------ marked rates


_INDUCER_PARAMS = (
    "threshold",
    "phrase_threshold",
    "family_prior",
    "form_prior",
    "phrase_prior",
    "max_n",
    "min_phrase_docs",
    "inflect",
)


class MarkedLexiconInducer(BaseEstimator):
    """Learn a lexicon of the words annotators mark, from texts and their marked-word lists.

    Parameters
    ----------
    threshold : float
        Keep a one-word term when its smoothed marked rate ``p_marked`` (the estimated
        probability that an occurrence of it is marked) is at least this. For calibrated
        probabilities the F1-optimal rule keeps items above half the attainable F1, so values
        near 0.2-0.3 are expected; :func:`tune_marked_inducer` chooses it by cross-validation.
    phrase_threshold : float or None
        The same for the tokens a phrase adds beyond kept words (None: ``threshold``;
        ``float("inf")``: no phrases).
    family_prior, form_prior, phrase_prior : float
        Prior strengths, in pseudo-occurrences, of the hierarchical Beta smoothing: a family
        (Snowball stem) is shrunk towards the corpus marked share ``p0_`` with
        ``family_prior``, a word form towards its family's rate with ``form_prior``, the tokens
        a phrase adds towards ``p0_`` with ``phrase_prior``.
    max_n : int
        Longest phrase, in words (1 = words only).
    min_phrase_docs : int
        A phrase must occur in at least this many training documents (a minimum count).
    inflect : bool
        Add the regular inflections (:func:`analysis.regular_inflections`) of marked words that
        the training texts never showed, when the stemmer puts them in the word's family; they
        get the family's rate (over-generated non-words never match).

    Fitted attributes
    -----------------
    terms_ : DataFrame, one row per kept term (index ``term``): ngram, kind ("seen",
        "inflection", "phrase"), n_docs (training documents containing it), n_marked (marked
        tokens there), p_family, p_marked, n_added / n_added_marked (phrases: tokens added
        beyond kept words, and how many were marked); sorted by p_marked, then n_docs.
    p0_ : float, share of (document, token) pairs marked in the training data.
    n_docs_ : int, training documents.
    """

    def __init__(
        self,
        *,
        threshold=0.3,
        phrase_threshold=None,
        family_prior=1.0,
        form_prior=2.0,
        phrase_prior=2.0,
        max_n=3,
        min_phrase_docs=2,
        inflect=True,
    ):
        self.threshold = threshold
        self.phrase_threshold = phrase_threshold
        self.family_prior = family_prior
        self.form_prior = form_prior
        self.phrase_prior = phrase_prior
        self.max_n = max_n
        self.min_phrase_docs = min_phrase_docs
        self.inflect = inflect

    def fit(self, texts, marked):
        """Learn the terms from ``texts`` (sequence of str) and ``marked`` (one list of
        annotators' words per text). Returns self."""
        corpus = MarkedCorpus(texts, marked, int(self.max_n))
        return self.fit_corpus(corpus, np.arange(len(corpus)))

    def fit_corpus(self, corpus: MarkedCorpus, docs: np.ndarray) -> MarkedLexiconInducer:
        """Learn the terms from the texts ``docs`` (row indices) of an already tokenised
        :class:`MarkedCorpus` (cross-validation re-uses one tokenisation); returns self."""
        st = _subset_stats(corpus, docs, inflect=bool(self.inflect))
        r = _rates(corpus, st, family_prior=self.family_prior, form_prior=self.form_prior)
        sel = _select(corpus, st, r, **self._selection_params())
        fam_p = r.p_family
        w = sel.words
        gen_fam = st.gen_family[sel.gen]
        p = sel.phrases
        self.terms_ = (
            pd.DataFrame(
                {
                    "term": np.concatenate(
                        [corpus.terms[w], st.gen_forms[sel.gen], corpus.terms[p]]
                    ),
                    "ngram": np.concatenate(
                        [np.ones(len(w) + len(gen_fam), np.int64), corpus.ngram[p]]
                    ),
                    "kind": ["seen"] * len(w) + ["inflection"] * len(gen_fam) + ["phrase"] * len(p),
                    "n_docs": np.concatenate(
                        [st.n_docs[w], np.zeros(len(gen_fam)), st.n_docs[p]]
                    ).astype(np.int64),
                    "n_marked": np.concatenate(
                        [st.n_gold[w], np.zeros(len(gen_fam)), st.n_gold[p]]
                    ).astype(np.int64),
                    "p_family": np.concatenate(
                        [fam_p[corpus.family[w]], fam_p[gen_fam], np.full(len(p), np.nan)]
                    ),
                    "p_marked": np.concatenate([r.p_marked[w], r.gen_p[sel.gen], sel.phrase_p[p]]),
                    "n_added": np.concatenate(
                        [st.n_docs[w], np.zeros(len(gen_fam)), sel.phrase_added[p]]
                    ).astype(np.int64),
                    "n_added_marked": np.concatenate(
                        [st.n_gold[w], np.zeros(len(gen_fam)), sel.phrase_added_marked[p]]
                    ).astype(np.int64),
                }
            )
            .sort_values(
                ["p_marked", "n_docs", "term"], ascending=[False, False, True], kind="mergesort"
            )
            .set_index("term")
        )
        ok = np.array([term_problem(t) is None for t in self.terms_.index], dtype=bool)
        self.terms_ = self.terms_[ok]
        self.p0_ = st.p0
        self.n_docs_ = st.n_subset
        return self

    def _selection_params(self) -> dict:
        return {
            "threshold": float(self.threshold),
            "phrase_threshold": self.phrase_threshold,
            "phrase_prior": float(self.phrase_prior),
            "min_phrase_docs": int(self.min_phrase_docs),
        }

    def get_feature_names_out(self, input_features=None):
        """The kept terms, in the order of ``terms_``."""
        return np.asarray(self.terms_.index, dtype=object)

    def to_lexicon(self, *, category="marked", weight="p_marked", name="induced_marked"):
        """Return the kept terms as an :class:`analysis.Lexicon` (term, category, weight, note).

        ``weight``: "p_marked" (the smoothed marked rate: a weighted count is then the expected
        number of marked tokens) or a number for every entry. ``note`` records the evidence.
        """
        t = self.terms_
        if not len(t):
            raise ValueError("no term reached the threshold: the lexicon would be empty")
        w = t["p_marked"].to_numpy(float) if weight == "p_marked" else float(weight)
        table = pd.DataFrame(
            {
                "term": t.index,
                "category": category,
                "weight": np.round(w, 4),
                "note": [
                    f"{k}: {int(m)} marked token(s) in {int(n)} training document(s); p={p:.3f}"
                    for k, m, n, p in zip(
                        t["kind"], t["n_marked"], t["n_docs"], t["p_marked"], strict=True
                    )
                ],
            }
        )
        return Lexicon.from_frame(table, name=name)


def marked_term_rates(
    texts: Sequence[str],
    marked: Sequence[Sequence[str]],
    *,
    family_prior: float = 1.0,
    form_prior: float = 2.0,
    max_n: int = 3,
) -> pd.DataFrame:
    """How often annotators marked each word and phrase of ``texts``.

    Returns one row per term (index ``term``): ``ngram``; ``n_docs`` (documents containing it);
    ``n_marked`` (marked tokens summed over those documents; for a word, the documents in which
    it is marked); ``marked_rate`` (marked tokens / tokens covered: the token precision an entry
    for it would have had on these texts); for words ``family`` (Snowball stem) and the
    hierarchical Beta estimates ``p_family`` and ``p_marked`` of :class:`MarkedLexiconInducer`
    (NaN for phrases).
    """
    corpus = MarkedCorpus(texts, marked, max_n)
    st = _subset_stats(corpus, np.arange(len(corpus)), inflect=False)
    r = _rates(corpus, st, family_prior=family_prior, form_prior=form_prior)
    fam = np.where(corpus.family >= 0, corpus.family, 0)
    out = pd.DataFrame(
        {
            "ngram": corpus.ngram,
            "n_docs": st.n_docs,
            "n_marked": st.n_gold.astype(np.int64),
            "marked_rate": st.n_gold / np.maximum(st.n_tok, 1),
            "family": np.where(corpus.family >= 0, np.asarray(corpus.family_names)[fam], ""),
            "p_family": np.where(corpus.family >= 0, r.p_family[fam], np.nan),
            "p_marked": r.p_marked,
        },
        index=pd.Index(corpus.terms, name="term"),
    )
    return out[out["n_docs"] > 0]


# ------------------------------------------------------------------ fast token-level F1


def token_f1_counts(
    texts: Sequence[str],
    marked: Sequence[Sequence[str]],
    terms: Iterable[str],
    *,
    max_n: int = 3,
) -> np.ndarray:
    """(|P|, |P∩G|, |G|) summed over documents, as ``marked_word_overlap`` counts them at token
    level, for a lexicon of plain ``terms`` (no wildcards) of up to ``max_n`` words.

    An emulation of the product's matcher on token sequences (leftmost-longest; phrases span
    whitespace and hyphens only), fast enough for a cross-validation grid. It is used only to
    *choose* parameters; every reported number comes from ``analysis.score`` and
    ``analysis.marked_word_overlap``. On the BABE folds it agrees with them to within 0.5% of
    flagged tokens (the matcher also finds a term inside a few tokens, e.g. "don" in "don't").
    """
    terms = {marked_form(t) if " " not in t else t.lower().translate(_APOSTROPHES) for t in terms}
    out = np.zeros(3, dtype=np.int64)
    for text, words in zip(texts, marked, strict=True):
        out += _match_counts(_seq(text), _gold(words), terms, max_n)
    return out


def _f1(counts) -> tuple[float, float, float]:
    p_n, c, g = (float(x) for x in counts)
    p = c / p_n if p_n else 0.0
    r = c / g if g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


MARKED_INDUCER_GRID = {
    "family_prior": (0.5, 2.0),
    "form_prior": (1.0, 2.0, 4.0),
    "threshold": (0.2, 0.25, 0.3, 0.35, 0.4),
    "phrase_threshold": (None, 0.4),  # None = same as threshold
}


def tune_marked_inducer(
    texts: Sequence[str],
    marked: Sequence[Sequence[str]],
    *,
    groups: Sequence,
    stratify: Sequence | None = None,
    n_splits: int = 5,
    seed: int = 0,
    grid: dict | None = None,
    base: MarkedLexiconInducer | None = None,
) -> tuple[MarkedLexiconInducer, pd.DataFrame]:
    """Choose the parameters of a :class:`MarkedLexiconInducer` by grouped cross-validation.

    The data given are split into ``n_splits`` folds that keep each ``groups`` value (the source
    article) in one fold (StratifiedGroupKFold on ``stratify`` when given, e.g. the sentence
    label, else shuffled GroupKFold; ``seed`` fixes the split). For every combination of
    ``grid`` (default :data:`MARKED_INDUCER_GRID`; other parameters from ``base``) the inducer
    is fitted on each training part and scored on the held-out part (token level, as
    ``marked_word_overlap``; see :func:`token_f1_counts`). Counts are summed over the folds; the
    combination with the highest pooled F1 wins (ties: the first in grid order).

    Returns ``(inducer, table)``: an *unfitted* inducer with the winning parameters (fit it on
    all the data given) and one row per combination (precision, recall, f1, n_terms = mean
    number of kept terms), sorted by f1. Call it on training folds only: the fold an outer
    evaluation holds out must not be seen here.
    """
    grid = dict(MARKED_INDUCER_GRID if grid is None else grid)
    base = base or MarkedLexiconInducer()
    unknown = set(grid) - set(_INDUCER_PARAMS) or set(grid) & {"max_n", "inflect"}
    if unknown:
        raise ValueError(f"grid may not vary {sorted(unknown)} (set them on base)")
    corpus = MarkedCorpus(texts, marked, int(base.max_n))
    groups = np.asarray(groups)
    x = np.zeros(len(corpus))
    if stratify is not None:
        cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
        splits = list(cv.split(x, np.asarray(stratify), groups))
    else:
        splits = list(
            GroupKFold(n_splits=n_splits, shuffle=True, random_state=seed).split(x, groups=groups)
        )
    keys = list(grid)
    combos = [dict(zip(keys, v, strict=True)) for v in product(*(grid[k] for k in keys))]
    totals = np.zeros((len(combos), 3), dtype=np.int64)
    n_terms = np.zeros(len(combos))
    for tr, te in splits:
        st = _subset_stats(corpus, tr, inflect=bool(base.inflect))
        scorer = _Scorer(corpus, te)
        cache: dict = {}
        for c, combo in enumerate(combos):
            est = MarkedLexiconInducer(**{**base.get_params(), **combo})
            key = (float(est.family_prior), float(est.form_prior))
            if key not in cache:
                cache[key] = _rates(corpus, st, family_prior=key[0], form_prior=key[1])
            sel = _select(corpus, st, cache[key], **est._selection_params())
            totals[c] += scorer.counts(sel, st)
            n_terms[c] += (len(sel.words) + len(sel.gen) + len(sel.phrases)) / len(splits)
    rows = []
    for c, combo in enumerate(combos):
        p, r, f = _f1(totals[c])
        rows.append(
            {**combo, "precision": p, "recall": r, "f1": f, "n_terms": n_terms[c], "_order": c}
        )
    table = pd.DataFrame(rows).sort_values(["f1", "_order"], ascending=[False, True])
    best = combos[int(table["_order"].iloc[0])]
    inducer = MarkedLexiconInducer(**{**base.get_params(), **best})
    return inducer, table.drop(columns="_order").reset_index(drop=True)
