"""``python -m analysis train-bias``: train the sentence bias model on BABE and save it as JSON."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .. import config

log = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add ``train-bias`` to the command line."""
    p = subparsers.add_parser(
        "train-bias",
        help="train the sentence bias model on BABE (for compare --bias-model)",
        description="Cross-validate the sentence bias model on BABE (5 folds grouped by "
        "article), fit it on all of BABE and write it as JSON (no pickle) with its provenance, "
        "its cross-validated score and its caveat. The model carries BABE-derived vocabulary "
        "(AGPL-3.0): never commit it.",
    )
    p.add_argument(
        "--data",
        type=Path,
        default=config.DATASETS_DIR,
        metavar="DIR",
        help=f"datasets folder holding babe_mbic/ (default: {config.DATASETS_DIR})",
    )
    p.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="MODEL",
                   help="model file (.json)")
    p.set_defaults(func=_cli_train_bias)


def _cli_train_bias(args: argparse.Namespace) -> int:
    # the stages load here, not at import: `python -m analysis --help` answers without them
    from ..evaluation.babe_classifier import train_bias_model
    from ..models.store import save_bias_model
    from ..outputs import check_output_path

    check_output_path(args.output, suffixes=(".json",))
    pipeline, provenance = train_bias_model(args.data, seed=args.seed, n_boot=args.n_boot)
    save_bias_model(pipeline, args.output, provenance=provenance)
    cv = provenance["cv"]
    log.info(
        "wrote %s: cross-validated macro-F1 %.3f [%.3f, %.3f] on %d sentences",
        args.output, cv["macro_f1"], cv["ci_low"], cv["ci_high"], cv["n"],
    )
    return 0
