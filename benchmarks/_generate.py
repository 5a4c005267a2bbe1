"""A deterministic, news-like corpus for the benchmarks, and a large generated lexicon.

The text is English news prose assembled from templates and a fixed vocabulary: wire-style
authorial sentences, direct quotations in curly and straight quotes (some running over several
paragraphs), reported speech ("X said that ...", "according to X", "X warned of ..."),
negations and hedges, news abbreviations ("Gen.", "U.S.", "p.m."), and terms of the default
lexicon at a density of a few per 1,000 tokens, so voice analysis has the work it has on real
coverage. Everything comes from one seeded ``random.Random``: the same seed gives the same bytes.
"""

from __future__ import annotations

import functools
import random
import re

import pandas as pd

SUBJECTS = (
    "The government",
    "The defense ministry",
    "Local officials",
    "The army",
    "Police",
    "Residents",
    "Aid groups",
    "The foreign ministry",
    "Peacekeepers",
    "The Red Cross",
    "Opposition lawmakers",
    "Human rights groups",
    "The United Nations",
    "Diplomats",
    "Witnesses",
    "Refugees",
    "The prime minister",
    "The president's office",
    "Analysts",
    "Journalists",
    "Farmers",
    "Border guards",
    "Emergency services",
    "The central bank",
)
SPEAKERS = (
    "Gen. Ivan Petrov",
    "Foreign Minister Anna Kovacs",
    "President Ilham Aliyev",
    "Prime Minister Nikol Pashinyan",
    "spokesperson Dmitry Peskov",
    "Sen. Mark Duval",
    "a senior U.S. official",
    "the U.N. envoy",
    "Dr. Lena Hart",
    "Col. Omar Said",
    "Maria Lopez, a local teacher",
    "the ministry's spokesman",
    "an EU diplomat",
    "a Red Cross official",
    "Armen Grigoryan",
    "Hikmet Hajiyev",
    "Rep. Jo Baines",
)
VERBS = (
    "announced",
    "confirmed",
    "rejected",
    "discussed",
    "approved",
    "delayed",
    "reviewed",
    "restored",
    "expanded",
    "suspended",
    "opened",
    "closed",
    "inspected",
    "reported",
    "denied",
    "planned",
    "organized",
    "funded",
    "blocked",
    "repaired",
)
OBJECTS = (
    "the new budget",
    "a road project",
    "the border crossing",
    "talks on the agreement",
    "an aid convoy",
    "the power grid",
    "fuel deliveries",
    "the school year",
    "the airport",
    "the water supply",
    "a prisoner exchange",
    "the trade deal",
    "a new checkpoint",
    "the election timetable",
    "the peace plan",
    "emergency shelters",
    "grain exports",
    "the rail link",
    "medical supplies",
    "the curfew",
    "the mine-clearing effort",
)
PLACES = (
    "the capital",
    "the northern districts",
    "the mountain villages",
    "the border region",
    "the coastal city",
    "the southern provinces",
    "the disputed territory",
    "the regional center",
    "the river valley",
    "the old town",
    "the industrial zone",
    "the eastern front",
)
TIMES = (
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "over the weekend",
    "late on Sunday",
    "at 1 p.m. local time",
    "before dawn",
    "in September",
    "in Jan. 2023",
    "earlier this month",
    "last year",
    "at about 10 a.m.",
    "this week",
)
CLAUSES = (
    "the situation remained tense",
    "supplies were running low",
    "talks would resume soon",
    "the road had been reopened",
    "the convoy was turned back",
    "prices had doubled",
    "civilians were moving to shelters",
    "the agreement would hold",
    "more troops were arriving",
    "the hospital lacked fuel",
    "the ceasefire was holding",
    "the vote would be postponed",
    "schools would stay closed",
    "the bridge was damaged",
    "no decision had been made",
)
CONNECTIVES = (
    "Meanwhile,",
    "However,",
    "In addition,",
    "Separately,",
    "Earlier,",
    "By contrast,",
    "Later,",
)
REPORT_VERBS = ("said", "warned", "claimed", "told reporters", "stated", "insisted", "added")
HEDGES = ("alleged", "so-called", "possible", "what officials called")


def _expand(term: str, rng: random.Random) -> str:
    """A surface form of a lexicon term: wildcards completed, sometimes capitalised."""
    if term.endswith("*"):
        stem = term[:-1]
        term = stem + rng.choice(("", "s", "ed", "ing", "ion"))
    if rng.random() < 0.1:
        term = term[:1].upper() + term[1:]
    return term


def _authorial(rng: random.Random) -> str:
    who, did, what = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)
    s = f"{who} {did} {what} in {rng.choice(PLACES)} {rng.choice(TIMES)}"
    if rng.random() < 0.3:
        s = f"{rng.choice(CONNECTIVES)} {s[0].lower()}{s[1:]}"
    if rng.random() < 0.4:
        s += f", and {rng.choice(CLAUSES)}"
    return s + "."


def _with_term(rng: random.Random, term: str) -> str:
    """A sentence carrying one lexicon term in one of the voices, maybe negated or hedged."""
    speaker = rng.choice(SPEAKERS)
    form = rng.random()
    if rng.random() < 0.15:
        term = f"{rng.choice(HEDGES)} {term}"
    if form < 0.35:  # authorial
        who, did, what = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS)
        return f"{who} {did} {what} amid the {term} in {rng.choice(PLACES)}."
    if form < 0.55:  # direct quotation, curly or straight
        q1, q2 = ("“", "”") if rng.random() < 0.7 else ('"', '"')
        verb = rng.choice(REPORT_VERBS)
        return f"{q1}This is {term}, and the world must see it,{q2} {speaker} {verb}."
    if form < 0.65:
        return f"{speaker} said: “We will not accept {term} in {rng.choice(PLACES)}.”"
    if form < 0.8:  # reported speech
        cue = rng.choice(("warned of", "accused the army of", "spoke of"))
        return f"{speaker} {cue} {term} in {rng.choice(PLACES)} {rng.choice(TIMES)}."
    if form < 0.9:
        return f"According to {speaker}, the {term} continued {rng.choice(TIMES)}."
    # negation
    where = rng.choice(PLACES)
    return f"There was no sign of {term} in {where}, {speaker} {rng.choice(REPORT_VERBS)}."


def _paragraph(rng: random.Random, terms: list[str], hit_share: float) -> str:
    sentences = []
    for _ in range(rng.randint(2, 5)):
        if rng.random() < hit_share:
            sentences.append(_with_term(rng, _expand(rng.choice(terms), rng)))
        else:
            sentences.append(_authorial(rng))
    return " ".join(sentences)


def _multi_paragraph_quote(rng: random.Random) -> list[str]:
    """News convention: an opening mark on each paragraph, a closing mark only at the end."""
    speaker = rng.choice(SPEAKERS)
    return [
        f"{speaker} {rng.choice(REPORT_VERBS)}: "
        f"“{rng.choice(CLAUSES).capitalize()}. {rng.choice(CLAUSES).capitalize()}.",
        f"“{rng.choice(CLAUSES).capitalize()}, and {rng.choice(CLAUSES)}.”",
    ]


def generate_texts(
    target_bytes: int, *, seed: int, terms: list[str], hit_share: float = 0.09
) -> list[str]:
    """Return news-like article bodies totalling at least ``target_bytes`` of UTF-8.

    ``hit_share`` is the share of sentences that carry a lexicon term; 0.09 gives about
    5 hits per 1,000 tokens, the density of loaded terms in conflict coverage.
    """
    rng = random.Random(seed)
    texts: list[str] = []
    size = 0
    while size < target_bytes:
        paragraphs = [_paragraph(rng, terms, hit_share) for _ in range(rng.randint(6, 18))]
        if rng.random() < 0.3:
            at = rng.randrange(len(paragraphs))
            paragraphs[at:at] = _multi_paragraph_quote(rng)
        text = "\n\n".join(paragraphs)
        texts.append(text)
        size += len(text.encode("utf-8"))
    return texts


def corpus_frame(texts: list[str]) -> pd.DataFrame:
    """A corpus table of the texts, spread over eight outlets."""
    from analysis.corpus.schema import coerce_corpus

    n = len(texts)
    return coerce_corpus(
        pd.DataFrame(
            {
                "doc_id": [f"bench-{i:06d}" for i in range(n)],
                "outlet": [f"outlet{i % 8}.example" for i in range(n)],
                "text": texts,
                "source": [f"bench.jsonl#{i + 1}" for i in range(n)],
            }
        )
    )


_SYLLABLES = (
    "ka",
    "ro",
    "vin",
    "mes",
    "tra",
    "dol",
    "bek",
    "sur",
    "lan",
    "mi",
    "zor",
    "pel",
    "qua",
    "nit",
    "gos",
    "fer",
    "ul",
    "ban",
    "tek",
    "wy",
    "rha",
    "jun",
    "cor",
    "ix",
)


def _pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3)))


def vary_words(text: str, rng: random.Random, *, share: float, keep: set[str]) -> str:
    """``text`` with each word of the templates' open vocabulary (objects, places, times,
    clauses, verbs: lower-case words of four letters or more, minus ``keep``) replaced, with
    probability ``share``, by a pseudo-word of two or three syllables.

    Why: the templates share their word 5-grams across every document, so unrelated generated
    documents look alike to the near-duplicate search, far more than real news does. On 3,983
    documents (MinHash LSH with the product's defaults, bands 31 of 3 rows), the share of
    document pairs that become candidates was 1.8e-6 on the Article-Bias-Prediction subset (real
    articles of many outlets), 5.7e-4 on the short generated articles unvaried, and 4.2e-6 with
    ``share=0.5``: close to real news instead of 300 times above it. Lexicon terms are in
    ``keep``, so the hits are those of the unvaried text.
    """
    pattern = _open_vocabulary(frozenset(keep))
    return pattern.sub(lambda m: _pseudo_word(rng) if rng.random() < share else m.group(0), text)


@functools.lru_cache(maxsize=4)
def _open_vocabulary(keep: frozenset[str]) -> re.Pattern:
    words = {
        w
        for phrase in OBJECTS + PLACES + CLAUSES + TIMES + VERBS
        for w in re.findall(r"[a-z]{4,}", phrase)
    }
    return re.compile(r"\b(?:" + "|".join(sorted(words - keep)) + r")\b")


def big_lexicon_frame(base: pd.DataFrame, n_terms: int, *, seed: int) -> pd.DataFrame:
    """``base`` plus generated terms up to ``n_terms`` entries.

    The added terms are pseudo-words (some with a wildcard) and two-word phrases of a
    pseudo-word and a real vocabulary word, so they exercise the automaton (shared prefixes with
    real words, multiword keys) while matching almost nothing: the benchmark then measures what
    the number of terms costs, not what extra hits cost.
    """
    rng = random.Random(seed)
    words = sorted({w.lower().strip(".,") for s in OBJECTS + PLACES + CLAUSES for w in s.split()})
    seen = {t.lower() for t in base["term"]}
    rows = []
    while len(base) + len(rows) < n_terms:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        kind = rng.random()
        if kind < 0.5:
            term = word
        elif kind < 0.7:
            term = word + "*"
        else:
            term = (
                f"{word} {rng.choice(words)}"
                if rng.random() < 0.5
                else f"{rng.choice(words)} {word}"
            )
        if term in seen:
            continue
        seen.add(term)
        rows.append({"term": term, "category": f"generated_{len(rows) % 10}"})
    return pd.concat([base[["term", "category"]], pd.DataFrame(rows)], ignore_index=True)
