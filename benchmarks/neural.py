"""The optional neural voice against the rules: ``python -m benchmarks.neural --tagger DIR``
(``make bench-neural TAGGER=DIR``).

Never part of ``make test``, and not of ``make bench`` (it needs the ``[neural]`` extras and a
tagger that ``python -m analysis train-voice`` wrote). In one run, on the generated news-like
corpus of ``make bench`` (default 1 MB here: the tagger reads about 6,000 words a second on 2
cores):

1. floor: read the texts from disk and ``re.findall(r"\\w+", text)`` on each (best of 3);
2. ``score_tables`` with the rules (the default), the voice annotator fitted on the corpus;
3. ``score_tables`` with the rules and the neural tagger over them.

Prints seconds, words a second and the ratios: the tagger's run against the rules' run and
against the floor. There is no target: the tagger is an option bought with time, and the numbers
say how much (docs/voice.md, "The neural voice").
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from analysis import config
from analysis.lexicons.files import load_lexicon
from analysis.scoring.hits import default_annotator
from analysis.scoring.reading import score_tables
from analysis.voice.neural import load_voice_tagger, neural_available

from . import floor, write_jsonl
from ._generate import corpus_frame, generate_texts

DATA_DIR = config.BENCHMARKS_DIR / "_data"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--tagger", required=True, help="a folder written by train-voice")
    ap.add_argument("--size-mb", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=config.DEFAULT_SEED)
    args = ap.parse_args(argv)
    if not neural_available():
        print("the neural voice needs the [neural] extras (pip install -e '.[neural]')")
        return 1
    lexicon = load_lexicon(config.DEFAULT_LEXICON)
    texts = generate_texts(int(args.size_mb * 1_000_000), seed=args.seed,
                           terms=list(lexicon.entries["term"]))  # fmt: skip
    path = write_jsonl(DATA_DIR / f"neural-{args.seed}-{args.size_mb:g}MB.jsonl",
                       ({"text": t} for t in texts))  # fmt: skip
    floor_s, words = floor(path)
    corpus = corpus_frame(texts)
    tagger = load_voice_tagger(args.tagger)
    runs = {}
    for name, tag in (("rules", None), ("rules + neural tagger", tagger)):
        t0 = time.perf_counter()
        tables = score_tables(corpus, lexicon, annotator=default_annotator(texts, tagger=tag))
        runs[name] = (time.perf_counter() - t0, len(tables.hits), len(tables.attributions))
    size = path.stat().st_size / 1e6
    print(f"corpus: {len(texts):,} texts, {size:.1f} MB, {words:,} words (seed {args.seed})")
    print(f"{'stage':<26}{'seconds':>9}{'words/s':>11}{'x floor':>9}{'x rules':>9}  hits, spans")
    print(f"{'floor':<26}{floor_s:>9.2f}{words / floor_s:>11,.0f}{1:>9.2f}")
    rules_s = runs["rules"][0]
    for name, (secs, hits, spans) in runs.items():
        print(f"{name:<26}{secs:>9.2f}{words / secs:>11,.0f}{secs / floor_s:>9.1f}"
              f"{secs / rules_s:>9.1f}  {hits:,}, {spans:,}")  # fmt: skip
    record = {"words": words, "floor": floor_s, **{k: v[0] for k, v in runs.items()}}
    (DATA_DIR / "neural-last.json").write_text(json.dumps(record, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
