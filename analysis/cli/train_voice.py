"""``python -m analysis train-voice``: fit the neural voice on PolNeAR train and save it."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .. import config

log = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add ``train-voice`` to the command line."""
    p = subparsers.add_parser(
        "train-voice",
        help="fit the neural voice tagger on PolNeAR train (for validate --voice-tagger; needs "
        "the [neural] extras)",
        description="Fine-tune all-MiniLM-L6-v2 as a word tagger of voice over the rules' "
        "reading on PolNeAR's train split, and write its weights (safetensors) and "
        "voice_tagger.json (parameters, provenance, sha256) to OUTDIR. About 35 minutes on 2 "
        "CPU cores (20 with --speaker-holdout 0). The weights derive from PolNeAR's annotations: never commit them. Needs "
        "`pip install -e '.[neural]'`. See docs/voice.md, 'The neural voice'.",
    )
    p.add_argument(
        "--data",
        type=Path,
        default=config.DATASETS_DIR,
        metavar="DIR",
        help=f"datasets folder holding polnear/ (default: {config.DATASETS_DIR})",
    )
    p.add_argument("--epochs", type=float, default=2.0, help="passes over the data (default 2)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--limit", type=int, default=None, metavar="N",
                   help="fit on the first N train articles only (a quick run)")
    p.add_argument("--speaker-holdout", type=float, default=0.2, metavar="SHARE",
                   help="share of the articles held out to fit the chooser of the speakers of "
                   "the tagger's own runs on a first tagger that did not see them (default 0.2; "
                   "0: no chooser, one fit instead of two)")
    p.add_argument("-o", "--outdir", type=Path, required=True, help="output folder")
    p.set_defaults(func=_cli_train_voice)


def _cli_train_voice(args: argparse.Namespace) -> int:
    # the stages load here, not at import: `python -m analysis --help` answers without them
    from ..evaluation.tagger_training import train_voice_tagger
    from ..outputs import check_output_path

    check_output_path(args.outdir, folder=True)
    every = [0]

    def progress(step: int, steps: int, loss: float) -> None:
        if step == 1:
            every[0] = 0  # a new fit (train-voice fits twice: held-out tagger, then the final)
        if step * 10 // steps > every[0] or step == steps:
            every[0] = step * 10 // steps
            log.info("train-voice: step %d of %d, loss %.3f", step, steps, loss)

    if not 0 <= args.speaker_holdout < 1:
        raise ValueError(f"train-voice: --speaker-holdout must be in [0, 1), not {args.speaker_holdout}")
    tagger, provenance = train_voice_tagger(
        args.data, limit=args.limit, progress=progress, epochs=args.epochs, seed=args.seed,
        speaker_holdout=args.speaker_holdout,
    )
    written = tagger.save(args.outdir, provenance=provenance)
    log.info("wrote %s (%d articles, %d steps)", ", ".join(str(p) for p in written),
             tagger.n_texts_, tagger.n_steps_)  # fmt: skip
    return 0
