"""Hostile texts at full size (issue 11; ``python -m benchmarks.hostile``, part of ``make bench``).

The tests (``tests/scoring/test_bounded_cost.py``) run these cases at sizes that take seconds
and assert what must hold; here they run at the sizes where the old costs were observed, each
case in a fresh process so that its peak memory is its own, and each at two sizes so that the
growth shows whether the cost is linear:

``long_line``
    one document that is a single line of about 19 MB (and one of a quarter of that) beside an
    ordinary one: scored with the default lexicon. Once, NLTK's tokenizer refused it and the
    whole corpus failed. Compared with the floor (``re.findall(r"\\w+")`` on the same text) in
    the same process.
``dense_line``
    a line without any sentence break, 1.25 MB (and 0.31 MB), a lexicon hit every five words.
    Once, every hit stored its whole sentence: 0.2 MB took 2.3 GB and 1.25 MB was killed at
    23 GB.
``one_word_sentences``
    100,000 (and 25,000) one-word sentences in one paragraph. Once quadratic: 149 s.
``compare_tiny``
    ``analysis.compare`` on 100,000 (and 25,000) two-sentence documents from 20 outlets with
    the default actors. Once 302 s and 8 GB, most of it in the sources table's bootstrap.

For each case: seconds and peak resident memory at both sizes, and their growth; a cost
growing faster than ``GROWTH_LIMIT`` times the growth of the input fails the run (exit 1),
since linear growth is the target and a quadratic cost would show as the square.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time

import pandas as pd

CASES = {
    # name: (small size, large size, unit)
    "long_line": (4_750_000, 19_000_000, "bytes"),
    "dense_line": (312_500, 1_250_000, "bytes"),
    "one_word_sentences": (25_000, 100_000, "sentences"),
    "compare_tiny": (25_000, 100_000, "documents"),
}
GROWTH_LIMIT = 1.6  # allowed (cost growth) / (input growth); a quadratic cost gives 4.0 here
WORDS = ("the council met on tuesday and officials said talks would continue while residents "
         "waited for news from the border towns where roads stayed closed").split()


def _one_doc_corpus(*texts: str) -> pd.DataFrame:
    import analysis

    return analysis.coerce_corpus(pd.DataFrame({
        "doc_id": [f"d{i}" for i in range(len(texts))], "outlet": ["X"] * len(texts),
        "text": list(texts),
    }))


def _line(n_bytes: int, rng: random.Random, term_every: int | None, terms: list[str]) -> str:
    """A single line of about ``n_bytes`` of words, no sentence break; a lexicon term every
    ``term_every`` words (None: plain words only)."""
    out, size, i = [], 0, 0
    while size < n_bytes:
        word = terms[i // term_every % len(terms)] if term_every and i % term_every == 0 else (
            rng.choice(WORDS))
        out.append(word)
        size += len(word) + 1
        i += 1
    return " ".join(out)


def _tiny_corpus(n_docs: int, rng: random.Random) -> pd.DataFrame:
    import analysis

    outlets = [f"Outlet {k:02d}" for k in range(20)]
    sentences = [
        "Officials said the massacre was under investigation.",
        "The blockade of the town continued, residents said.",
        "Separatists reported shelling near the border.",
        "Talks resumed on Tuesday.",
        "\u201cThis is ethnic cleansing,\u201d a minister said.",
    ]
    docs = {
        "doc_id": [f"t{i:07d}" for i in range(n_docs)],
        "outlet": [outlets[i % len(outlets)] for i in range(n_docs)],
        "text": [" ".join(rng.sample(sentences, 2)) for _ in range(n_docs)],
    }
    return analysis.coerce_corpus(pd.DataFrame(docs))


def run_case(name: str, size: int, seed: int) -> dict:
    """Run one case at one size in this process; return seconds, peak MB and what was found."""
    import analysis

    rng = random.Random(seed)
    lexicon = analysis.load_lexicon(analysis.config.DEFAULT_LEXICON)
    terms = ["massacre", "genocide", "ethnic cleansing", "blockade", "separatists"]
    out: dict = {"case": name, "size": size}
    if name == "long_line":
        text = _line(size, rng, 997, terms)
        t0 = time.perf_counter()
        n_words = len(re.findall(r"\w+", text))
        out["floor_s"] = time.perf_counter() - t0
        corpus = _one_doc_corpus(text, "An ordinary massacre. Another sentence.")
        t0 = time.perf_counter()
        st = analysis.score_tables(corpus, lexicon)
        out["seconds"] = time.perf_counter() - t0
        out["found"] = f"{len(st.hits):,} hits in {n_words:,} words"
    elif name == "dense_line":
        text = _line(size, rng, 5, terms)
        corpus = _one_doc_corpus(text)
        t0 = time.perf_counter()
        st = analysis.score_tables(corpus, lexicon)
        out["seconds"] = time.perf_counter() - t0
        stored = int(st.hits["sentence"].str.len().sum())
        out["found"] = f"{len(st.hits):,} hits, {stored / 1e6:.1f} MB of stored sentence text"
    elif name == "one_word_sentences":
        text = " ".join(f"Word{i}." for i in range(size)) + " The massacre."
        corpus = _one_doc_corpus(text)
        t0 = time.perf_counter()
        st = analysis.score_tables(corpus, lexicon)
        out["seconds"] = time.perf_counter() - t0
        out["found"] = f"{len(st.sentences):,} sentences, {len(st.hits)} hit"
    elif name == "compare_tiny":
        corpus = _tiny_corpus(size, rng)
        st = analysis.score_tables(corpus, lexicon)
        t0 = time.perf_counter()
        comp = analysis.compare(corpus, st, lexicon=lexicon, actors=analysis.config.DEFAULT_ACTORS,
                                seed=seed, n_boot=1000)
        out["seconds"] = time.perf_counter() - t0
        out["found"] = f"{len(st.hits):,} hits; sources table {len(comp.sources):,} rows"
    else:
        raise ValueError(f"unknown case {name!r}; expected one of {', '.join(CASES)}")
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _in_fresh_process(name: str, size: int, seed: int) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.hostile", "--case", name, "--size", str(size),
           "--seed", str(seed)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["(no message)"])[-1]
        return {"case": name, "size": size, "error": f"exit {done.returncode}: {tail}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.hostile", description=__doc__.split(
        "\n\n")[0])
    ap.add_argument("--case", choices=list(CASES), help="run one case in this process (JSON out)")
    ap.add_argument("--size", type=int, help="with --case: the input size")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--only", nargs="+", choices=list(CASES), help="cases to run (default all)")
    args = ap.parse_args(argv)
    if args.case:
        print(json.dumps(run_case(args.case, args.size or CASES[args.case][1], args.seed)))
        return 0
    print("Hostile texts at full size (issue 11): each case in a fresh process, two sizes; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    failed = []
    for name in args.only or list(CASES):
        small, large, unit = CASES[name]
        a = _in_fresh_process(name, small, args.seed)
        b = _in_fresh_process(name, large, args.seed)
        for r in (a, b):
            if "error" in r:
                print(f"  {name:<20} {r['size']:>11,} {unit}: FAILED ({r['error']})")
                failed.append(name)
        if "error" in a or "error" in b:
            continue
        grow_in = large / small
        grow_t, grow_m = b["seconds"] / a["seconds"], b["peak_mb"] / a["peak_mb"]
        for r in (a, b):
            floor = f", floor {r['floor_s']:.2f} s ({r['seconds'] / r['floor_s']:.0f}x)" if (
                "floor_s" in r) else ""
            print(f"  {name:<20} {r['size']:>11,} {unit}: {r['seconds']:7.2f} s, peak "
                  f"{r['peak_mb']:7.0f} MB{floor}; {r['found']}")
        verdict = "linear" if grow_t <= GROWTH_LIMIT * grow_in else "FASTER THAN LINEAR"
        print(f"  {'':<20} input x{grow_in:.1f}: time x{grow_t:.2f}, peak memory x{grow_m:.2f} "
              f"({verdict}; limit x{GROWTH_LIMIT * grow_in:.1f})")
        if verdict != "linear" or grow_m > GROWTH_LIMIT * grow_in:
            failed.append(name)
    if failed:
        print(f"FAILED: {', '.join(sorted(set(failed)))}")
        return 1
    print("all hostile cases linear in their input")
    return 0


if __name__ == "__main__":
    sys.exit(main())
