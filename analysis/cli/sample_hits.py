"""``python -m analysis sample-hits``: a stratified sample of hits for a person to code."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add ``sample-hits`` to the command line."""
    p = subparsers.add_parser(
        "sample-hits",
        help="draw hits, stratified by outlet and voice, for a person to code (voice, speaker)",
        description="Score the corpus and write a sample of its hits with their sentences and "
        "empty voice_coded and speaker_coded columns; fill them in, then run "
        "`python -m analysis agreement` on the file (or pass it to `report --coded`).",
    )
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT",
                   help="files or folders that ingest accepts, or a corpus written by ingest")
    p.add_argument("--lexicon", nargs="+", type=Path, metavar="LEX",
                   help="lexicon file(s) (default: the shipped conflict lexicon)")
    p.add_argument("-n", type=int, default=200, help="hits to draw (default 200)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the package's)")
    p.add_argument("-o", "--output", type=Path, required=True, help="CSV file to write")
    p.set_defaults(func=_cli_sample)


def _cli_sample(args) -> int:
    # stages are imported here, not at the top: `python -m analysis --help` stays fast
    from .. import config
    from ..corpus.pipeline import corpus_from_inputs
    from ..evaluation.coding import sample_hits
    from ..lexicons.files import load_lexicon
    from ..outputs import check_output_path, write_csv
    from ..scoring.hits import score

    check_output_path(args.output, suffixes=(".csv",))
    corpus = corpus_from_inputs(args.inputs)
    hits = score(corpus, load_lexicon(args.lexicon or config.DEFAULT_LEXICON))
    seed = config.DEFAULT_SEED if args.seed is None else args.seed
    sample = sample_hits(hits, args.n, seed=seed)
    write_csv(sample, args.output, kind="hits to code")
    log.info("%d of %d hits drawn (by outlet and voice) -> %s; fill voice_coded (authorial, "
             "quoted, reported) and speaker_coded", len(sample), len(hits), args.output)
    return 0
