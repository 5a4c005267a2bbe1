"""``python -m analysis validate``: measure the scorer against third-party annotations."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .. import config

log = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add ``validate`` to the command line."""
    p = subparsers.add_parser(
        "validate",
        help="measure the scorer against human-annotated datasets (BABE, AllSides, PolNeAR), "
        "and lexicon induction and the sentence bias model on BABE",
        description="Score the third-party validation datasets (read by path, never copied) and "
        "write the metric tables as CSV plus manifest.json to OUTDIR. See docs/validation.md.",
    )
    p.add_argument(
        "--datasets",
        type=Path,
        default=config.DATASETS_DIR,
        help=f"datasets folder (default: {config.DATASETS_DIR})",
    )
    p.add_argument(
        "--lexicon",
        type=Path,
        default=config.DEFAULT_LEXICON,
        help=f"lexicon run beside the Recasens lexicon (default: {config.DEFAULT_LEXICON.name})",
    )
    p.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument(
        "--sample",
        type=int,
        default=None,
        help="use only this many BABE articles and AllSides events (quick runs)",
    )
    p.add_argument(
        "--min-sentences",
        type=int,
        default=30,
        help="outlets with fewer BABE sentences are left out of the correlation (default 30)",
    )
    p.add_argument(
        "--no-models",
        action="store_true",
        help="skip lexicon induction and the sentence bias model on BABE (a few minutes)",
    )
    p.add_argument(
        "--polnear-train",
        action="store_true",
        help="measure the voice on PolNeAR's train split too (where the voice rules and models "
        "were developed: in sample), beside dev",
    )
    p.add_argument(
        "--voice-tagger",
        type=Path,
        default=None,
        metavar="DIR",
        help="also measure the voice on PolNeAR with the neural tagger that `train-voice` wrote "
        "to DIR (needs the [neural] extras)",
    )
    p.add_argument("-o", "--outdir", type=Path, required=True, help="output folder")
    p.set_defaults(func=_cli_validate)


def _cli_validate(args: argparse.Namespace) -> int:
    # the stages load here, not at import: `python -m analysis --help` answers without them
    from ..evaluation.suite import validate
    from ..outputs import check_output_path

    check_output_path(args.outdir, folder=True)
    result = validate(
        args.datasets,
        lexicon=args.lexicon,
        n_boot=args.n_boot,
        seed=args.seed,
        sample=args.sample,
        min_sentences=args.min_sentences,
        models=not args.no_models,
        polnear_splits=("dev", "train") if args.polnear_train else ("dev",),
        voice_tagger=args.voice_tagger,
    )
    written = result.to_dir(args.outdir)
    log.info("wrote %s to %s", ", ".join(p.name for p in written), args.outdir)
    return 0
