"""Synthetic corpora with planted per-outlet rates, for testing statistics and pipelines.

:func:`synthetic_corpus` writes articles whose loaded-term rates are known, so a test can check
that an estimate lands near the truth and that an interval covers it as often as it claims.

How a document is made (all draws from one seeded generator):

1. Length: ``n_tokens = max(min_tokens, round(mean_tokens * exp(N(-s^2/2, s))))`` with
   ``s = length_sd`` (log-normal, mean ``mean_tokens``), so documents differ in length as news
   articles do.
2. Burstiness: for each category c, a document multiplier ``g ~ Gamma(shape=k, scale=1/k)``
   (mean 1, variance ``1/k``) with ``k = overdispersion``; ``k=None`` means no overdispersion
   (g = 1). Small k (0.3-1) is what loaded terms in real news look like: most articles never
   say "genocide", a few say it five times.
3. Hits: ``count_c ~ Poisson(rate[outlet][c] / 1000 * n_tokens * g)``, each an occurrence of a
   term of category c chosen uniformly, with a voice drawn from ``voice_shares``:
   quoted hits are written inside curly quotes (“iron fist”), reported hits after "officials
   warned of", authorial hits bare.
4. Signature words (optional): each word planted for an outlet occurs
   ``Poisson(signature_rate / 1000 * n_tokens)`` times in each of that outlet's documents.
5. The remaining tokens are filler pseudo-words (``"bavoke"``, ``"tulami"``...) drawn from a
   Zipf-like distribution over ``vocabulary_size`` words, which never collide with a term or a
   signature word. Sentences of about ``sentence_length`` tokens end with a full stop.

So the expected pooled rate of category c in an outlet is exactly the planted rate: the number
of tokens is fixed before the hits are drawn and the hits occupy some of those tokens. (If the
hits of a document need more tokens than its length, which only happens with absurd rates, the
document is lengthened and ``params["n_docs_lengthened"]`` says how often.)

The returned hits table follows the contract of ``analysis.score`` (offsets exact,
``text[start:end] == matched``), so tests of later stages can use it without running the scorer,
and tests of the scorer can compare its output with the planted hits.

:func:`interval_study` and :func:`interval_summary` use such corpora (and simpler per-document
generators for naming shares and tone) to measure how well each interval method of
:func:`analysis.stats.bootstrap_ratio` covers a planted value, how wide and how erratic it is,
and whether a total's interval stays above its parts' (docs/statistics.md, "Choosing the
interval"). :func:`difference_study` and :func:`difference_summary` do the same for the pairwise
differences of :func:`analysis.compare.rate_differences` ("Pairwise differences").
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .corpus import coerce_corpus
from .scoring import HITS_COLUMNS, HITS_DTYPES
from .voice import VOICES

__all__ = [
    "DEFAULT_SYNTHETIC_TERMS",
    "INTERVAL_METHODS",
    "STUDY_BURSTINESS",
    "SyntheticCorpus",
    "difference_study",
    "difference_summary",
    "interval_study",
    "interval_summary",
    "synthetic_corpus",
]

DEFAULT_SYNTHETIC_TERMS: dict[str, tuple[str, ...]] = {
    "atrocity_claim": ("genocide", "ethnic cleansing"),
    "force_triumph": ("iron fist", "crushing victory"),
    "delegitimising_label": ("separatists",),
}

_REPORTED_PREFIX = "officials warned of "
_REPORTED_SPEAKER = "officials"
_QUOTE_OPEN, _QUOTE_CLOSE = "\u201c", "\u201d"


@dataclass(frozen=True)
class SyntheticCorpus:
    """A generated corpus and what was planted in it.

    ``corpus``: corpus table (schema of ``analysis.corpus``). ``hits``: hits table (contract of
    ``analysis.score``), one row per planted term occurrence. ``truth``: one row per outlet x
    category (each category and "ALL") x voice ("all" and each voice) with ``rate_per_1k``, the
    planted expected hits per 1,000 tokens, and ``weighted_rate_per_1k``. ``lexicon``: the terms
    used (columns term, category, weight, note, source), ready for ``Lexicon.from_frame``.
    ``signatures``: outlet -> planted signature words. ``params``: the arguments and counters.
    ``attributions``: the planted attribution table (columns of
    ``analysis.voice.attribution_table``): each quoted hit a quote with no named speaker, each
    reported hit a reported span (the term) by "officials"; everything else is authorial. Pass
    it to ``analysis.rates`` / ``analysis.compare`` to use the planted voices of tokens instead of
    running the voice annotator on pseudo-text.
    """

    corpus: pd.DataFrame
    hits: pd.DataFrame
    truth: pd.DataFrame
    lexicon: pd.DataFrame
    signatures: dict[str, list[str]] = field(default_factory=dict)
    params: dict = field(default_factory=dict)
    attributions: pd.DataFrame | None = None


def synthetic_corpus(
    rates: Mapping[str, Mapping[str, float]],
    *,
    n_docs: int | Mapping[str, int] = 50,
    mean_tokens: float = 400.0,
    length_sd: float = 0.5,
    min_tokens: int = 30,
    overdispersion: float | None = 0.5,
    voice_shares: Mapping[str, float] | Mapping[str, Mapping[str, float]] | None = None,
    terms: Mapping[str, Sequence[str]] | None = None,
    weights: Mapping[str, float] | None = None,
    signatures: Mapping[str, Sequence[str]] | None = None,
    signature_rate: float = 3.0,
    vocabulary_size: int = 3000,
    sentence_length: int = 18,
    start: str = "2023-09-01",
    days: int = 30,
    seed: int = 0,
) -> SyntheticCorpus:
    """Generate a corpus whose loaded-term rates per outlet and category are ``rates``.

    ``rates``: ``{outlet: {category: planted hits per 1,000 tokens}}``; every category must have
    terms (``terms``, default :data:`DEFAULT_SYNTHETIC_TERMS`). ``n_docs``: documents per outlet
    (an int, or a mapping outlet -> int). ``voice_shares``: probability of each voice for a hit,
    ``{"authorial": p, "quoted": q, "reported": r}`` (default 0.5/0.3/0.2), or a mapping outlet ->
    such a dict. ``weights``: term -> weight (default 1). ``signatures``: outlet -> words planted
    at ``signature_rate`` per 1,000 tokens each. See the module docstring for the model.

    Returns a :class:`SyntheticCorpus`. Deterministic: the same arguments give the same tables.
    """
    terms = {c: tuple(ts) for c, ts in (terms or DEFAULT_SYNTHETIC_TERMS).items()}
    weights = dict(weights or {})
    signatures = {o: list(ws) for o, ws in (signatures or {}).items()}
    _check_arguments(rates, terms, n_docs, overdispersion, signatures)
    outlets = list(rates)
    categories = sorted({c for r in rates.values() for c in r} | set(terms))
    per_outlet_voice = _voice_shares(voice_shares, outlets)

    rng = np.random.default_rng(seed)
    vocab, vocab_p = _filler_vocabulary(vocabulary_size, terms, signatures)
    vocab_cdf = np.cumsum(vocab_p)
    vocab_cdf[-1] = 1.0
    t0 = pd.Timestamp(start, tz="UTC")

    docs: list[dict] = []
    hit_rows: list[dict] = []
    lengthened = 0
    for outlet in outlets:
        n = n_docs[outlet] if isinstance(n_docs, Mapping) else int(n_docs)
        lengths = np.maximum(
            min_tokens,
            np.rint(mean_tokens * np.exp(rng.normal(-(length_sd**2) / 2, length_sd, n))),
        ).astype(np.int64)
        cat_rates = np.array([float(rates[outlet].get(c, 0.0)) for c in categories])
        if overdispersion is None:
            g = np.ones((n, len(categories)))
        else:
            g = rng.gamma(overdispersion, 1 / overdispersion, size=(n, len(categories)))
        counts = rng.poisson(cat_rates[None, :] / 1000 * lengths[:, None] * g)
        sig_words = signatures.get(outlet, [])
        sig_counts = rng.poisson(signature_rate / 1000 * lengths[:, None], (n, len(sig_words)))
        offsets = rng.uniform(0, days * 86400, n)
        doc_units = [
            _hit_units(
                rng,
                categories,
                counts[i],
                terms,
                per_outlet_voice[outlet],
                sig_words,
                sig_counts[i],
            )
            for i in range(n)
        ]
        used = np.array([sum(u[1] for u in units) for units, _ in doc_units], dtype=np.int64)
        n_filler = lengths - used
        lengthened += int((n_filler < 1).sum())
        n_filler = np.maximum(n_filler, 1)
        texts, placements = _assemble_outlet(
            rng, [units for units, _ in doc_units], n_filler, vocab, vocab_cdf, sentence_length
        )
        for i in range(n):
            doc_id = f"{outlet}-{i + 1:04d}"
            text = texts[i]
            docs.append(
                {
                    "doc_id": doc_id,
                    "outlet": outlet,
                    "title": f"Synthetic article {i + 1} of {outlet}",
                    "text": text,
                    "published": t0 + pd.Timedelta(seconds=float(offsets[i])),
                    "source": f"synthetic:{doc_id}",
                    "n_tokens": int(used[i] + n_filler[i]),
                }
            )
            for unit_index, (term, category, voice) in doc_units[i][1].items():
                start_, end_, s_start, s_end = placements[i][unit_index]
                hit_rows.append(
                    {
                        "doc_id": doc_id,
                        "outlet": outlet,
                        "origin_outlet": outlet,
                        "start": start_,
                        "end": end_,
                        "matched": text[start_:end_],
                        "term": term,
                        "category": category,
                        "weight": float(weights.get(term, 1.0)),
                        "voice": voice,
                        "speaker": _REPORTED_SPEAKER if voice == "reported" else pd.NA,
                        "negated": False,
                        "hedged": False,
                        "sentence": text[s_start:s_end],
                        "sentence_start": s_start,
                        "sentence_end": s_end,
                    }
                )

    corpus = coerce_corpus(pd.DataFrame(docs))
    hits = _hits_frame(hit_rows)
    lexicon = pd.DataFrame(
        [
            {
                "term": t,
                "category": c,
                "weight": float(weights.get(t, 1.0)),
                "note": "synthetic",
                "source": "analysis.synthetic",
            }
            for c in categories
            for t in terms.get(c, ())
        ]
    )
    truth = _truth(rates, outlets, categories, terms, weights, per_outlet_voice)
    params = {
        "n_docs": n_docs,
        "mean_tokens": mean_tokens,
        "length_sd": length_sd,
        "overdispersion": overdispersion,
        "signature_rate": signature_rate,
        "seed": seed,
        "n_docs_lengthened": lengthened,
    }
    return SyntheticCorpus(
        corpus, hits, truth, lexicon, signatures, params, attributions=_planted_attributions(hits)
    )


def _planted_attributions(hits: pd.DataFrame) -> pd.DataFrame:
    """Attributions implied by the planted text: a quote per quoted hit (no speaker named),
    a reported span per reported hit (the term, speaker "officials")."""
    h = hits[hits["voice"] != "authorial"]
    return pd.DataFrame(
        {
            "doc_id": h["doc_id"].astype("string"),
            "start": h["start"].astype("int64"),
            "end": h["end"].astype("int64"),
            "kind": h["voice"].astype("string"),
            "speaker": h["speaker"].astype("string"),
            "text": h["matched"].astype("string"),
        }
    ).reset_index(drop=True)


def _check_arguments(rates, terms, n_docs, overdispersion, signatures) -> None:
    if not rates:
        raise ValueError("rates must name at least one outlet")
    for outlet, cats in rates.items():
        for c, r in cats.items():
            if c not in terms or not terms[c]:
                raise ValueError(f"category {c!r} of outlet {outlet!r} has no terms to plant")
            if not np.isfinite(r) or r < 0:
                raise ValueError(f"rate of {c!r} in {outlet!r} must be >= 0, got {r}")
    if isinstance(n_docs, Mapping):
        missing = [o for o in rates if o not in n_docs]
        if missing:
            raise ValueError(f"n_docs has no entry for outlet(s) {', '.join(missing)}")
    if overdispersion is not None and not overdispersion > 0:
        raise ValueError(f"overdispersion (gamma shape) must be > 0 or None, got {overdispersion}")
    unknown = [o for o in signatures if o not in rates]
    if unknown:
        raise ValueError(f"signatures name outlet(s) not in rates: {', '.join(unknown)}")


def _voice_shares(voice_shares, outlets) -> dict[str, np.ndarray]:
    default = {"authorial": 0.5, "quoted": 0.3, "reported": 0.2}
    if voice_shares is None:
        voice_shares = default
    if all(isinstance(v, Mapping) for v in voice_shares.values()):
        per = {o: voice_shares.get(o, default) for o in outlets}
    else:
        per = dict.fromkeys(outlets, voice_shares)
    out = {}
    for o, shares in per.items():
        bad = [v for v in shares if v not in VOICES]
        if bad:
            raise ValueError(f"voice_shares: unknown voice(s) {bad}; use {VOICES}")
        p = np.array([float(shares.get(v, 0.0)) for v in VOICES])
        if (p < 0).any() or not np.isclose(p.sum(), 1.0):
            raise ValueError(
                f"voice_shares for {o!r} must be >= 0 and sum to 1, got {dict(shares)}"
            )
        out[o] = p
    return out


def _filler_vocabulary(size: int, terms, signatures) -> tuple[np.ndarray, np.ndarray]:
    """Pseudo-words from consonant-vowel syllables (fixed, independent of the seed)."""
    reserved = {w.lower() for ts in terms.values() for t in ts for w in t.split()}
    reserved |= {w.lower() for ws in signatures.values() for w in ws}
    reserved |= set(_REPORTED_PREFIX.split())
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"]
    gen = np.random.default_rng(12345)
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < size:
        k = int(gen.integers(2, 4))
        w = "".join(syllables[j] for j in gen.integers(0, len(syllables), k))
        if w not in seen and w not in reserved:
            seen.add(w)
            words.append(w)
    ranks = np.arange(1, size + 1)
    p = 1.0 / (ranks + 2.7) ** 1.07  # Zipf-Mandelbrot, roughly English-like
    return np.array(words, dtype=object), p / p.sum()


def _hit_units(rng, categories, counts, terms, voices_p, sig_words, sig_counts):
    """Return (units, hit_units): units are (text, n_tokens, prefix_len, core_len) tuples."""
    units: list[tuple[str, int, int, int]] = []
    hit_units: dict[int, tuple[str, str, str]] = {}
    for c_index, c in enumerate(categories):
        k = int(counts[c_index])
        if not k:
            continue
        chosen = rng.integers(0, len(terms[c]), k)
        voices = rng.choice(len(VOICES), size=k, p=voices_p)
        for t_index, v_index in zip(chosen, voices, strict=True):
            term, voice = terms[c][t_index], VOICES[v_index]
            n_tok = len(term.split())
            if voice == "quoted":
                unit = (_QUOTE_OPEN + term + _QUOTE_CLOSE, n_tok, 1, len(term))
            elif voice == "reported":
                unit = (_REPORTED_PREFIX + term, n_tok + 3, len(_REPORTED_PREFIX), len(term))
            else:
                unit = (term, n_tok, 0, len(term))
            hit_units[len(units)] = (term, c, voice)
            units.append(unit)
    for w, k in zip(sig_words, sig_counts, strict=True):
        units.extend([(w, len(w.split()), 0, len(w))] * int(k))
    return units, hit_units


def _assemble_outlet(rng, doc_units, n_filler, vocab, vocab_cdf, sentence_length):
    """Write the texts of one outlet's documents; return (texts, placements).

    Each document's slots are its hit/signature units plus ``n_filler[i]`` filler words, shuffled;
    a sentence ends after a slot with probability ``1/sentence_length`` and after the last slot.
    ``placements[i]`` maps a unit index of document i to (start, end, sentence_start,
    sentence_end) of its core term. Vectorised over all slots of the outlet at once.
    """
    n_docs = len(doc_units)
    n_units = np.array([len(u) for u in doc_units], dtype=np.int64)
    n_items = n_units + n_filler
    total = int(n_items.sum())
    doc_of = np.repeat(np.arange(n_docs), n_items)
    doc_first = np.concatenate(([0], np.cumsum(n_items)[:-1]))
    local = np.arange(total) - doc_first[doc_of]  # item index within its document
    is_unit = local < n_units[doc_of]

    items = np.empty(total, dtype=object)
    items[is_unit] = [u[0] for units in doc_units for u in units]
    n_fill_total = int((~is_unit).sum())
    items[~is_unit] = vocab[np.searchsorted(vocab_cdf, rng.random(n_fill_total), side="right")]

    # Shuffle within each document: sort by (document, random key).
    order = np.lexsort((rng.random(total), doc_of))
    strs = items[order]
    slot_doc = doc_of  # slots are laid out document by document, like items
    ends = rng.random(total) < 1.0 / sentence_length
    doc_last = doc_first + n_items - 1
    ends[doc_last] = True
    starts_sentence = np.concatenate(([True], ends[:-1]))
    for j in np.flatnonzero(starts_sentence):  # capitalise (after an opening quote)
        w = strs[j]
        k = 1 if w.startswith(_QUOTE_OPEN) else 0
        strs[j] = w[:k] + w[k : k + 1].upper() + w[k + 1 :]
    seps = np.where(ends, ". ", " ").astype(object)
    seps[doc_last] = "."
    lens = np.fromiter(map(len, strs), dtype=np.int64, count=total)
    step = lens + np.fromiter(map(len, seps), dtype=np.int64, count=total)
    cum = np.cumsum(step)
    slot_start = cum - step - (cum - step)[doc_first][slot_doc]  # offset within its document

    sentence_id = np.cumsum(starts_sentence) - 1
    sent_first = np.flatnonzero(starts_sentence)
    sent_last = np.flatnonzero(ends)
    sent_start = slot_start[sent_first]
    sent_end = slot_start[sent_last] + lens[sent_last] + 1  # through the full stop

    pieces = np.empty(2 * total, dtype=object)
    pieces[0::2] = strs
    pieces[1::2] = seps
    pieces = pieces.tolist()
    texts = ["".join(pieces[2 * a : 2 * (a + m)]) for a, m in zip(doc_first, n_items, strict=True)]

    placements: list[dict[int, tuple[int, int, int, int]]] = [{} for _ in range(n_docs)]
    item_local = local[order]  # item index (within document) occupying each slot
    for slot in np.flatnonzero(is_unit[order]):
        d = int(slot_doc[slot])
        item = int(item_local[slot])
        _, _, prefix, core = doc_units[d][item]
        c_start = int(slot_start[slot]) + prefix
        sid = sentence_id[slot]
        placements[d][item] = (c_start, c_start + core, int(sent_start[sid]), int(sent_end[sid]))
    return texts, placements


def _hits_frame(rows: list[dict]) -> pd.DataFrame:
    """The planted hits as a hits table: the columns and dtypes of ``analysis.score``."""
    df = pd.DataFrame(rows, columns=HITS_COLUMNS).astype(HITS_DTYPES)
    return df.sort_values(["doc_id", "start"], kind="mergesort").reset_index(drop=True)


def _truth(rates, outlets, categories, terms, weights, per_outlet_voice) -> pd.DataFrame:
    rows = []
    for o in outlets:
        p = dict(zip(VOICES, per_outlet_voice[o], strict=True))
        total = total_w = 0.0
        for c in categories:
            r = float(rates[o].get(c, 0.0))
            mean_w = (
                float(np.mean([weights.get(t, 1.0) for t in terms[c]])) if terms.get(c) else 1.0
            )
            total += r
            total_w += r * mean_w
            rows += _truth_rows(o, c, r, r * mean_w, p)
        rows += _truth_rows(o, "ALL", total, total_w, p)
    return pd.DataFrame(rows)


def _truth_rows(outlet, category, rate, weighted, p) -> list[dict]:
    rows = [
        {
            "outlet": outlet,
            "category": category,
            "voice": "all",
            "rate_per_1k": rate,
            "weighted_rate_per_1k": weighted,
        }
    ]
    for v in VOICES:
        rows.append(
            {
                "outlet": outlet,
                "category": category,
                "voice": v,
                "rate_per_1k": rate * p[v],
                "weighted_rate_per_1k": weighted * p[v],
            }
        )
    return rows


# ------------------------------------------------------------------------ interval studies

# The methods each study compares by default: every method of analysis.stats.bootstrap_ratio
# that suits the statistic (the log scale for a positive rate, the logit for a share).
INTERVAL_METHODS: dict[str, tuple[str, ...]] = {
    "rate": (
        "studentized",
        "studentized-log",
        "percentile",
        "expanded-percentile",
        "bca",
        "auto",
    ),
    "share": (
        "studentized",
        "studentized-logit",
        "percentile",
        "expanded-percentile",
        "bca",
        "auto",
    ),
    "mean": ("studentized", "percentile", "expanded-percentile", "bca", "auto"),
}
# What "high" and "low" burstiness mean for each statistic (the between-document variation):
# rate: gamma shape k of a document's multiplier (variance 1/k); share: concentration phi of the
# Beta distribution of a document's propensity to use the variant (small: a document sticks to
# one name); mean: standard deviation tau of a document's tone on the score's latent scale.
STUDY_BURSTINESS = {
    "rate": {"high": 0.5, "low": 2.0},
    "share": {"high": 0.5, "low": 5.0},
    "mean": {"high": 0.8, "low": 0.3},
}
# The rate harness (interval_study("rate") and difference_study): outlets of ~150-token
# documents with two categories, each planted at a rate drawn from U(4, 16) per 1,000 tokens.
_STUDY_CATEGORIES = ("atrocity_claim", "force_triumph")
_STUDY_MEAN_TOKENS = 150


def _planted_rates(rng: np.random.Generator) -> dict[str, float]:
    return {c: float(rng.uniform(4, 16)) for c in _STUDY_CATEGORIES}


def _bootstrap_seed(cell_seed) -> int:
    """The bootstrap seed of a study cell, derived from (not equal to) the corpus seed."""
    return int(np.random.SeedSequence(cell_seed).generate_state(1)[0])


def interval_study(
    statistic: str = "rate",
    *,
    sizes: Sequence[int] = (5, 8, 12, 20, 40),
    burstiness: Sequence[str] = ("high", "low"),
    methods: Sequence[str] | None = None,
    n_cells: int = 400,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Measure document-bootstrap intervals on synthetic data with a known truth.

    For each group size in ``sizes`` (documents per group) and each ``burstiness`` setting
    (:data:`STUDY_BURSTINESS`), generate ``n_cells`` independent cells with a planted value and
    compute the interval of every method in ``methods`` (those of
    :func:`analysis.stats.bootstrap_ratio`; default :data:`INTERVAL_METHODS` of the statistic)
    from the same data.

    ``statistic="rate"``: the text harness: :func:`synthetic_corpus` with ``n_cells / 2``
    outlets of ``size`` documents (~150 tokens, log-normal lengths), two categories with planted
    rates drawn from U(4, 16) per 1,000 tokens, and :func:`analysis.compare.rates` on them (voice
    "all"). Its ALL rows (the sum of the categories) are kept to measure coherence: ``incoherent``
    is True when the ALL/all lower limit lies below the lower limit of one of its parts (a
    category, or ALL in one voice).

    ``statistic="share"``: a naming share. Each document mentions the referent
    Poisson(2 x Gamma(1, 1)) times (so many documents never do) and uses the variant with a
    propensity drawn from Beta(pi phi, (1 - pi) phi); planted share pi ~ U(0.05, 0.95).

    ``statistic="mean"``: a mean tone. Each document has Poisson(3 x Gamma(1, 1)) scored sentences
    and a latent tone a ~ N(alpha, tau); a sentence scores 0 with probability 0.35 (no rated
    word), else tanh(a + N(0, 0.7)), so scores lie in (-1, 1) like VADER's compound; alpha ~
    U(-0.8, 0.3). Truth: 0.65 E[tanh(N(alpha, sqrt(tau^2 + 0.49)))] by Gauss-Hermite quadrature.

    Returns one row per cell and method: statistic, burstiness, n_docs, method, method_used (the
    ``ci_method`` reported, after "auto" and fallbacks), cell, truth, estimate, ci_low, ci_high,
    covered, n_informative (documents with a positive denominator), n_docs_with (documents with
    a non-zero numerator), total (rate study: the row is an ALL total, kept for coherence and
    left out of coverage), incoherent. Summarise with :func:`interval_summary`. Deterministic for
    a seed.
    """
    if statistic not in STUDY_BURSTINESS:
        raise ValueError(
            f"statistic must be one of {', '.join(STUDY_BURSTINESS)}, got {statistic!r}"
        )
    unknown = [b for b in burstiness if b not in STUDY_BURSTINESS[statistic]]
    if unknown:
        raise ValueError(f"burstiness must be among high, low; got {unknown}")
    if n_cells < 2:
        raise ValueError(f"n_cells must be at least 2, got {n_cells}")
    methods = list(INTERVAL_METHODS[statistic] if methods is None else methods)
    frames = []
    for b_index, level in enumerate(burstiness):
        param = STUDY_BURSTINESS[statistic][level]
        for size in sizes:
            if int(size) < 2:
                raise ValueError(f"group sizes must be at least 2 documents, got {size}")
            cell_seed = [int(seed), int(size), b_index]
            if statistic == "rate":
                frame = _rate_study(int(size), param, methods, n_cells, n_boot, ci, cell_seed)
            else:
                frame = _ratio_study(
                    statistic, int(size), param, methods, n_cells, n_boot, ci, cell_seed
                )
            frame.insert(0, "burstiness", level)
            frame.insert(0, "statistic", statistic)
            frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    lo, hi, truth = out["ci_low"], out["ci_high"], out["truth"]
    out["covered"] = (lo <= truth) & (truth <= hi)
    return out


def _rate_study(size, k, methods, n_cells, n_boot, ci, seed) -> pd.DataFrame:
    from .compare import rates

    rng = np.random.default_rng(seed)
    n_outlets = max(1, n_cells // 2)
    planted = {f"o{i:04d}": _planted_rates(rng) for i in range(n_outlets)}
    sc = synthetic_corpus(
        planted, n_docs=size, mean_tokens=_STUDY_MEAN_TOKENS, overdispersion=k, seed=seed
    )
    truth = sc.truth.rename(columns={"outlet": "group", "rate_per_1k": "truth"})
    frames = []
    for m in methods:
        t = rates(
            sc.corpus,
            sc.hits,
            attributions=sc.attributions,
            n_boot=n_boot,
            ci=ci,
            ci_method=m,
            seed=_bootstrap_seed(seed),
        )
        t = t.merge(
            truth[["group", "category", "voice", "truth"]], on=["group", "category", "voice"]
        )
        parts = t[
            ((t["voice"] == "all") & (t["category"] != "ALL"))
            | ((t["category"] == "ALL") & (t["voice"] != "all"))
        ]
        part_low = parts.groupby("group")["ci_low"].max()
        keep = t[t["voice"] == "all"].copy()
        keep["total"] = keep["category"] == "ALL"
        total_low = keep["ci_low"].where(keep["total"])
        keep["incoherent"] = np.where(
            keep["total"], total_low < keep["group"].map(part_low) - 1e-9, np.nan
        )
        frames.append(
            pd.DataFrame(
                {
                    "n_docs": size,
                    "method": m,
                    "method_used": keep["ci_method"].to_numpy(),
                    "cell": (keep["group"] + "/" + keep["category"]).to_numpy(),
                    "truth": keep["truth"].to_numpy(float),
                    "estimate": keep["rate_per_1k"].to_numpy(float),
                    "ci_low": keep["ci_low"].to_numpy(float),
                    "ci_high": keep["ci_high"].to_numpy(float),
                    "n_informative": keep["n_docs"].to_numpy(np.int64),
                    "n_docs_with": keep["n_docs_with_hits"].to_numpy(np.int64),
                    "total": keep["total"].to_numpy(bool),
                    "incoherent": keep["incoherent"].to_numpy(object),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _ratio_study(statistic, size, param, methods, n_cells, n_boot, ci, seed) -> pd.DataFrame:
    from .stats import bootstrap_ratio

    rng = np.random.default_rng(seed)
    if statistic == "share":
        truth = rng.uniform(0.05, 0.95, n_cells)
        den = rng.poisson(2.0 * rng.gamma(1.0, 1.0, (size, n_cells))).astype(float)
        p = rng.beta(truth * param, (1 - truth) * param, (size, n_cells))
        num = rng.binomial(den.astype(np.int64), p).astype(float)
        bounds, kind = (0.0, 1.0), "share"
    else:
        alpha = rng.uniform(-0.8, 0.3, n_cells)
        sd = np.sqrt(param**2 + 0.7**2)
        x, w = np.polynomial.hermite_e.hermegauss(60)  # E[f(Z)], Z ~ N(0, 1)
        truth = 0.65 * (np.tanh(alpha[:, None] + sd * x[None, :]) @ w) / np.sqrt(2 * np.pi)
        den = rng.poisson(3.0 * rng.gamma(1.0, 1.0, (size, n_cells))).astype(float)
        latent = rng.normal(alpha, param, (size, n_cells))
        num = np.zeros((size, n_cells))
        n_max = int(den.max()) if den.size else 0
        for j in range(n_max):  # sentence j of each document that has one
            has = den > j
            score = np.tanh(latent + rng.normal(0.0, 0.7, latent.shape))
            score *= rng.random(latent.shape) >= 0.35
            num += np.where(has, score, 0.0)
        bounds, kind = (-1.0, 1.0), "mean"
    frames = []
    batch = 25  # cells per bootstrap call (they share resampling weights within a call)
    for m_index, m in enumerate(methods):
        est, low, high = np.empty(n_cells), np.empty(n_cells), np.empty(n_cells)
        used = np.empty(n_cells, dtype=object)
        boot_rng = np.random.default_rng([*seed, 7919 + m_index])
        for a in range(0, n_cells, batch):
            b = min(n_cells, a + batch)
            res = bootstrap_ratio(
                num[:, a:b],
                den[:, a:b],
                n_boot=n_boot,
                rng=boot_rng,
                ci=ci,
                method=m,
                kind=kind,
                bounds=bounds,
            )
            est[a:b], low[a:b], high[a:b], used[a:b] = (
                res.estimate,
                res.ci_low,
                res.ci_high,
                res.method,
            )
        frames.append(
            pd.DataFrame(
                {
                    "n_docs": size,
                    "method": m,
                    "method_used": used,
                    "cell": [f"c{j:05d}" for j in range(n_cells)],
                    "truth": truth,
                    "estimate": est,
                    "ci_low": low,
                    "ci_high": high,
                    "n_informative": (den > 0).sum(axis=0),
                    "n_docs_with": (num != 0).sum(axis=0),
                    "total": False,
                    "incoherent": np.nan,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def interval_summary(cells: pd.DataFrame, *, by: Sequence[str] | None = None) -> pd.DataFrame:
    """Summarise :func:`interval_study` rows, one row per statistic x burstiness x size x method.

    Coverage and widths count the cells with a resampled interval; the others are counted
    apart: ``n_degenerate`` (every informative document gives the same ratio, e.g. every mention
    uses one variant: the interval is [estimate, estimate]; ``degenerate_covered`` says how often
    that point is the truth) and ``n_none`` (no interval: fewer than 2 documents, or no document
    naming the referent). Columns:

    - ``coverage``: share of intervals containing the truth; ``miss_low``: truth below the
      interval; ``miss_high``: truth above it (the two add up to 1 - coverage);
    - ``width_median``, ``width_p95``: median and 95th percentile of the interval width, for
      rates relative to the true rate (1.0 = as wide as the rate itself), for shares and means
      in the statistic's own units;
    - ``down_heavy`` (rates): share of intervals whose lower arm (estimate - low) is more than
      twice the upper arm, the opposite of the right skew a positive rate has;
    - ``incoherent`` (rates): share of groups whose ALL/all lower limit lies below the lower
      limit of one of its parts;
    - ``fallback``: share of cells whose interval came from another method than the one asked
      (or, for "auto", than the rule's choice, e.g. a bootstrap-t with unbounded t quantiles);
    - ``n_cells``, ``n_undefined``.
    """
    from .stats import auto_method

    by = list(by) if by is not None else ["statistic", "burstiness", "n_docs", "method"]
    rows = []
    for key, g in cells.groupby(by, sort=False):
        parts = g[~g["total"].astype(bool)]
        totals = g[g["total"].astype(bool)]
        used = parts["method_used"]
        defined = parts[~used.isin(["degenerate", "none"])]
        truth = defined["truth"].to_numpy(float)
        lo, hi = defined["ci_low"].to_numpy(float), defined["ci_high"].to_numpy(float)
        est = defined["estimate"].to_numpy(float)
        is_rate = (defined["statistic"] == "rate").to_numpy()
        width = np.where(is_rate, (hi - lo) / truth, hi - lo)
        method = defined["method"].to_numpy(object)
        asked = np.where(
            method == "auto",
            auto_method(defined["n_informative"].to_numpy(), _kind_of(defined)),
            method,
        )
        with np.errstate(invalid="ignore"):
            down_heavy = np.where(is_rate, (est - lo) > 2 * (hi - est), np.nan)
        inc = totals["incoherent"].dropna().astype(bool)
        rows.append(
            {
                **dict(zip(by, key if isinstance(key, tuple) else (key,), strict=True)),
                "coverage": float(np.mean((lo <= truth) & (truth <= hi))) if len(truth) else np.nan,
                "miss_low": float(np.mean(truth < lo)) if len(truth) else np.nan,
                "miss_high": float(np.mean(truth > hi)) if len(truth) else np.nan,
                "width_median": float(np.median(width)) if len(width) else np.nan,
                "width_p95": float(np.quantile(width, 0.95)) if len(width) else np.nan,
                "down_heavy": float(np.nanmean(down_heavy)) if is_rate.any() else np.nan,
                "incoherent": float(inc.mean()) if len(inc) else np.nan,
                "fallback": float(np.mean(defined["method_used"].to_numpy(object) != asked))
                if len(defined)
                else np.nan,
                "n_cells": int(len(defined)),
                "n_degenerate": int((used == "degenerate").sum()),
                "degenerate_covered": float(
                    parts.loc[used == "degenerate", "covered"].astype(bool).mean()
                )
                if (used == "degenerate").any()
                else np.nan,
                "n_none": int((used == "none").sum()),
            }
        )
    return pd.DataFrame(rows)


def _kind_of(cells: pd.DataFrame) -> str:
    kinds = set(cells["statistic"])
    if len(kinds) > 1:
        raise ValueError("summarise one statistic at a time when method='auto' is among them")
    return kinds.pop() if kinds else "rate"


# ------------------------------------------------------------------- difference studies


def difference_study(
    *,
    sizes: Sequence[int | tuple[int, int]] = (8, 12, 20, 40),
    burstiness: Sequence[str] = ("high", "low"),
    methods: Sequence[str] = ("auto", "studentized", "expanded-percentile", "percentile"),
    n_pairs: int = 500,
    null_share: float = 0.5,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Measure the intervals of :func:`analysis.compare.rate_differences` on synthetic pairs with
    known truth.

    The design of the rate harness of :func:`interval_study`: for each group size in ``sizes``
    (documents per group: ``n`` for both groups, or ``(n_a, n_b)``) and each ``burstiness``
    (:data:`STUDY_BURSTINESS` of a rate: "high", gamma shape k = 0.5 of a document's
    multiplier; "low", k = 2), :func:`synthetic_corpus` writes ``n_pairs`` pairs of outlets of
    ~150-token documents, two categories each, with rates drawn from U(4, 16) per 1,000 tokens;
    in the first ``null_share`` of the pairs b's planted rates equal a's (true difference 0), in
    the others both are drawn independently. Each method of ``methods`` is applied to the same
    resamples (those of each group's rates).

    Returns one row per pair x category x method x contrast ("difference", "ratio") with the
    columns of ``interval_study`` (statistic, burstiness, n_docs (a label: "8", or "8/40" for
    unequal groups), method, method_used, cell, truth, estimate, ci_low, ci_high, covered,
    n_informative (the smaller group's documents), n_docs_with (the smaller group's documents
    with a hit), total, incoherent), so :func:`interval_summary` summarises it, and also
    n_docs_a, n_docs_b, null (the planted difference is 0), excludes_null (the interval excludes
    0, or 1 for a ratio), right_side (it excludes it on the side of the truth),
    overlap_excludes (the two groups' own rate intervals, as :func:`analysis.compare.rates`
    gives them, do not overlap: the eyeball test) and overlap_right_side (they do not overlap,
    the truly higher group's interval above). :func:`difference_summary` adds error rates.
    Deterministic for a seed.
    """
    # The run (each group's resamples) is computed once and read by every method, as
    # rate_differences would read it with each ci_method.
    from .compare import _difference_run

    unknown = [b for b in burstiness if b not in STUDY_BURSTINESS["rate"]]
    if unknown:
        raise ValueError(f"burstiness must be among high, low; got {unknown}")
    if n_pairs < 1:
        raise ValueError(f"n_pairs must be at least 1, got {n_pairs}")
    if not 0 <= null_share <= 1:
        raise ValueError(f"null_share must be between 0 and 1, got {null_share}")
    frames = []
    for b_index, level in enumerate(burstiness):
        for size in sizes:
            n_a, n_b = (size, size) if isinstance(size, int) else (int(size[0]), int(size[1]))
            if min(n_a, n_b) < 2:
                raise ValueError(f"group sizes must be at least 2 documents, got {size}")
            label = str(n_a) if n_a == n_b else f"{n_a}/{n_b}"
            cell_seed = [int(seed), n_a, n_b, b_index]
            rng = np.random.default_rng(cell_seed)
            planted, n_docs = {}, {}
            n_null = int(round(null_share * n_pairs))
            for i in range(n_pairs):
                ra = _planted_rates(rng)
                rb = dict(ra) if i < n_null else _planted_rates(rng)
                planted[f"p{i:04d}a"], planted[f"p{i:04d}b"] = ra, rb
                n_docs[f"p{i:04d}a"], n_docs[f"p{i:04d}b"] = n_a, n_b
            sc = synthetic_corpus(
                planted,
                n_docs=n_docs,
                mean_tokens=_STUDY_MEAN_TOKENS,
                overdispersion=STUDY_BURSTINESS["rate"][level],
                seed=cell_seed,
            )
            run = _difference_run(
                sc.corpus,
                sc.hits,
                by="outlet",
                period=None,
                pairs=[(f"p{i:04d}a", f"p{i:04d}b") for i in range(n_pairs)],
                category=list(_STUDY_CATEGORIES),
                voice="all",
                denominator="all",
                categories=None,
                attributions=sc.attributions,
                voice_tokens=None,
                seed=_bootstrap_seed(cell_seed),
                n_boot=n_boot,
                dedup=True,
                ci=ci,
            )
            frames += _difference_rows(run, planted, methods, ci, level, label, n_a, n_b)
    return pd.concat(frames, ignore_index=True)


def _difference_rows(run, planted, methods, ci, level, label, n_a, n_b) -> list[pd.DataFrame]:
    from .compare import _difference_table

    pairs, cats = run.pairs, [c for c, _, _ in run.specs]
    own = {g: res for g, (_, res) in run.per_group.items()}  # each group's rates interval
    idx = {g: rows for g, (rows, _) in run.per_group.items()}

    def per_pair(values_of):
        return np.concatenate([values_of(a, b) for a, b in pairs])

    truth_a = np.array([planted[a][c] for a, _ in pairs for c in cats])
    truth_b = np.array([planted[b][c] for _, b in pairs for c in cats])
    a_above = per_pair(lambda a, b: own[a].ci_low > own[b].ci_high)
    b_above = per_pair(lambda a, b: own[b].ci_low > own[a].ci_high)
    overlap_excludes = a_above | b_above
    overlap_right = np.where(truth_a > truth_b, a_above, b_above)
    n_informative = per_pair(lambda a, b: np.minimum(own[a].n_informative, own[b].n_informative))
    with_hits = per_pair(
        lambda a, b: np.minimum(
            (run.counts[idx[a]] > 0).sum(axis=0), (run.counts[idx[b]] > 0).sum(axis=0)
        )
    )
    cells = [f"{a[:-1]}/{c}" for a, _ in pairs for c in cats]
    frames = []
    for m in methods:
        t = _difference_table(run, level=ci, method=m)
        for statistic, est, lo, hi, used, truth, null_value in (
            (
                "difference",
                t["difference"],
                t["diff_ci_low"],
                t["diff_ci_high"],
                t["ci_method"],
                truth_a - truth_b,
                0.0,
            ),
            (
                "ratio",
                t["ratio"],
                t["ratio_ci_low"],
                t["ratio_ci_high"],
                t["ratio_ci_method"],
                truth_a / truth_b,
                1.0,
            ),
        ):
            lo, hi = lo.to_numpy(float), hi.to_numpy(float)
            null = np.isclose(truth, null_value)
            excl = (lo > null_value) | (hi < null_value)
            right = np.where(truth > null_value, lo > null_value, hi < null_value)
            frames.append(
                pd.DataFrame(
                    {
                        "statistic": statistic,
                        "burstiness": level,
                        "n_docs": label,
                        "method": m,
                        "method_used": used.to_numpy(object),
                        "cell": cells,
                        "truth": truth,
                        "estimate": est.to_numpy(float),
                        "ci_low": lo,
                        "ci_high": hi,
                        "covered": (lo <= truth) & (truth <= hi),
                        "n_informative": n_informative,
                        "n_docs_with": with_hits,
                        "total": False,
                        "incoherent": np.nan,
                        "n_docs_a": n_a,
                        "n_docs_b": n_b,
                        "null": null,
                        "excludes_null": excl,
                        "right_side": ~null & right,
                        "overlap_excludes": overlap_excludes,
                        "overlap_right_side": ~null & overlap_right,
                    }
                )
            )
    return frames


def difference_summary(cells: pd.DataFrame) -> pd.DataFrame:
    """Summarise :func:`difference_study` rows: one row per statistic x burstiness x size x
    method, the columns of :func:`interval_summary` (coverage, miss_low, miss_high, widths,
    fallback, counts) and:

    - ``false_difference``: among pairs with equal planted rates, the share whose interval
      excludes 0 (1 for a ratio): the error a reader makes by calling such a pair different
      (nominal ``1 - ci``);
    - ``power``: among pairs with different planted rates, the share whose interval excludes 0
      on the side of the truth;
    - ``overlap_false_difference``, ``overlap_power``: the same for the eyeball rule "the two
      groups' own 95% rate intervals do not overlap".

    Cells without an interval (method "none" or "degenerate") are left out of the error rates,
    as interval_summary leaves them out of coverage.
    """
    by = ["statistic", "burstiness", "n_docs", "method"]
    # widths relative to a truth of 0, and of unbounded ratio intervals, are inf/NaN: expected
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        base = interval_summary(cells, by=by)
    rows = []
    for key, g in cells.groupby(by, sort=False):
        g = g[~g["method_used"].isin(["none", "degenerate"])]
        null, alt = g[g["null"].astype(bool)], g[~g["null"].astype(bool)]
        rows.append(
            {
                **dict(zip(by, key, strict=True)),
                "false_difference": _share(null["excludes_null"]),
                "power": _share(alt["right_side"]),
                "overlap_false_difference": _share(null["overlap_excludes"]),
                "overlap_power": _share(alt["overlap_right_side"]),
                "n_null": int(len(null)),
            }
        )
    return base.merge(pd.DataFrame(rows), on=by, how="left")


def _share(values: pd.Series) -> float:
    return float(values.astype(bool).mean()) if len(values) else float("nan")
