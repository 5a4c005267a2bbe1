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
:func:`analysis.bootstrap_ratio` covers a planted value, how wide and how erratic it is,
and whether a total's interval stays above its parts' (docs/statistics.md, "Choosing the
interval"). :func:`difference_study` and :func:`difference_summary` do the same for the pairwise
differences of :func:`analysis.rate_differences` ("Pairwise differences").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..corpus.schema import coerce_corpus
from ..scoring.hits import HITS_COLUMNS, HITS_DTYPES
from ..voice.words import VOICES

__all__ = [
    "DEFAULT_SYNTHETIC_TERMS",
    "SyntheticCorpus",
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
    plan = _Plan(
        categories=categories,
        terms=terms,
        voice_p=per_outlet_voice,
        signatures=signatures,
        weights=weights,
        mean_tokens=mean_tokens,
        length_sd=length_sd,
        min_tokens=min_tokens,
        overdispersion=overdispersion,
        signature_rate=signature_rate,
        vocab=vocab,
        vocab_cdf=vocab_cdf,
        sentence_length=sentence_length,
        t0=pd.Timestamp(start, tz="UTC"),
        days=days,
    )
    docs, hit_rows, lengthened = _write_outlets(rng, plan, rates, n_docs)

    corpus = coerce_corpus(pd.DataFrame(docs))
    hits = _hits_frame(hit_rows)
    lexicon = _lexicon_frame(categories, terms, weights)
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


@dataclass(frozen=True)
class _Plan:
    """What every outlet's documents are drawn with: the arguments of :func:`synthetic_corpus`
    (``voice_p``: outlet -> probabilities of :data:`VOICES`; ``t0``: the first publication
    time) and the filler vocabulary with its cumulative probabilities."""

    categories: list[str]
    terms: dict[str, tuple[str, ...]]
    voice_p: dict[str, np.ndarray]
    signatures: dict[str, list[str]]
    weights: dict[str, float]
    mean_tokens: float
    length_sd: float
    min_tokens: int
    overdispersion: float | None
    signature_rate: float
    vocab: np.ndarray
    vocab_cdf: np.ndarray
    sentence_length: int
    t0: pd.Timestamp
    days: int


def _write_outlets(
    rng: np.random.Generator, plan: _Plan, rates, n_docs
) -> tuple[list[dict], list[dict], int]:
    """Every outlet's documents, in the order of ``rates``: the corpus rows, the hit rows and
    the number of documents lengthened to hold their hits."""
    docs: list[dict] = []
    hit_rows: list[dict] = []
    lengthened = 0
    for outlet in rates:
        n = n_docs[outlet] if isinstance(n_docs, Mapping) else int(n_docs)
        draw = _draw_outlet(rng, plan, outlet, rates[outlet], n)
        lengthened += draw.n_lengthened
        outlet_docs, outlet_hits = _outlet_rows(outlet, draw, plan)
        docs += outlet_docs
        hit_rows += outlet_hits
    return docs, hit_rows, lengthened


@dataclass(frozen=True)
class _OutletDraw:
    """One outlet's generated documents: ``texts``; ``placements`` and ``hit_units`` (per
    document, unit index -> (start, end, sentence_start, sentence_end) of the core term, and
    -> (term, category, voice) for the units that are hits); ``n_tokens`` and the publication
    ``offsets`` (seconds after ``t0``) per document; ``n_lengthened``: documents lengthened to
    hold their hits."""

    texts: list[str]
    placements: list[dict[int, tuple[int, int, int, int]]]
    hit_units: list[dict[int, tuple[str, str, str]]]
    n_tokens: np.ndarray
    offsets: np.ndarray
    n_lengthened: int


def _draw_outlet(
    rng: np.random.Generator, plan: _Plan, outlet: str, outlet_rates: Mapping[str, float], n: int
) -> _OutletDraw:
    """Draw the ``n`` documents of ``outlet`` (steps 1-5 of the module docstring), in a fixed
    order of draws from ``rng``: lengths, burstiness, hit and signature counts, publication
    times, then each document's terms and voices, then the filler and the layout."""
    sd = plan.length_sd
    lengths = np.maximum(
        plan.min_tokens, np.rint(plan.mean_tokens * np.exp(rng.normal(-(sd**2) / 2, sd, n)))
    ).astype(np.int64)
    categories = plan.categories
    cat_rates = np.array([float(outlet_rates.get(c, 0.0)) for c in categories])
    if plan.overdispersion is None:
        g = np.ones((n, len(categories)))
    else:
        k = plan.overdispersion
        g = rng.gamma(k, 1 / k, size=(n, len(categories)))
    counts = rng.poisson(cat_rates[None, :] / 1000 * lengths[:, None] * g)
    sig_words = plan.signatures.get(outlet, [])
    sig_counts = rng.poisson(plan.signature_rate / 1000 * lengths[:, None], (n, len(sig_words)))
    offsets = rng.uniform(0, plan.days * 86400, n)
    doc_units = [
        _hit_units(
            rng, categories, counts[i], plan.terms, plan.voice_p[outlet], sig_words, sig_counts[i]
        )
        for i in range(n)
    ]
    used = np.array([sum(u[1] for u in units) for units, _ in doc_units], dtype=np.int64)
    n_filler = lengths - used
    n_lengthened = int((n_filler < 1).sum())
    n_filler = np.maximum(n_filler, 1)
    texts, placements = _assemble_outlet(
        rng,
        [units for units, _ in doc_units],
        n_filler,
        plan.vocab,
        plan.vocab_cdf,
        plan.sentence_length,
    )
    return _OutletDraw(
        texts=texts,
        placements=placements,
        hit_units=[hit_units for _, hit_units in doc_units],
        n_tokens=used + n_filler,
        offsets=offsets,
        n_lengthened=n_lengthened,
    )


def _outlet_rows(outlet: str, draw: _OutletDraw, plan: _Plan) -> tuple[list[dict], list[dict]]:
    """The corpus rows and the hit rows (contract of ``analysis.score``) of one outlet."""
    docs: list[dict] = []
    hit_rows: list[dict] = []
    for i, text in enumerate(draw.texts):
        doc_id = f"{outlet}-{i + 1:04d}"
        docs.append(
            {
                "doc_id": doc_id,
                "outlet": outlet,
                "title": f"Synthetic article {i + 1} of {outlet}",
                "text": text,
                "published": plan.t0 + pd.Timedelta(seconds=float(draw.offsets[i])),
                "source": f"synthetic:{doc_id}",
                "n_tokens": int(draw.n_tokens[i]),
            }
        )
        for unit_index, (term, category, voice) in draw.hit_units[i].items():
            start_, end_, s_start, s_end = draw.placements[i][unit_index]
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
                    "weight": float(plan.weights.get(term, 1.0)),
                    "voice": voice,
                    "speaker": _REPORTED_SPEAKER if voice == "reported" else pd.NA,
                    "negated": False,
                    "hedged": False,
                    "sentence": text[s_start:s_end],
                    "sentence_start": s_start,
                    "sentence_end": s_end,
                }
            )
    return docs, hit_rows


def _lexicon_frame(categories, terms, weights) -> pd.DataFrame:
    """The planted terms as a lexicon table (term, category, weight, note, source)."""
    return pd.DataFrame(
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
