"""``python -m analysis agreement``: the product's voice and speaker against a person's coding."""

from __future__ import annotations

import logging
from pathlib import Path

log = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add ``agreement`` to the command line."""
    p = subparsers.add_parser(
        "agreement",
        help="accuracy of voice and speaker on hand-coded hits (from sample-hits), with intervals",
        description="Read a sample-hits file whose voice_coded and speaker_coded columns a person "
        "filled, and print how often the product agrees, in all, per coded voice and per outlet, "
        "with 95% intervals from a bootstrap over documents.",
    )
    p.add_argument("coded", type=Path, metavar="CODED.csv", help="the filled sample-hits file")
    p.add_argument("-o", "--output", type=Path, help="also write the table to this CSV")
    p.add_argument("--seed", type=int, default=None, help="bootstrap seed (default: the package's)")
    p.set_defaults(func=_cli_agreement)


def _cli_agreement(args) -> int:
    # stages are imported here, not at the top: `python -m analysis --help` stays fast
    from .. import config
    from ..evaluation.coding import coding_agreement, read_coded
    from ..outputs import check_output_path, write_csv

    if args.output is not None:
        check_output_path(args.output, suffixes=(".csv",))
    if not args.coded.is_file():
        raise FileNotFoundError(f"{args.coded}: no such file")
    coded = read_coded(args.coded)
    table = coding_agreement(coded, seed=config.DEFAULT_SEED if args.seed is None else args.seed)
    shown = table.assign(accuracy=table["accuracy"].round(3), ci_low=table["ci_low"].round(3),
                         ci_high=table["ci_high"].round(3))
    print(shown.to_string(index=False))
    if args.output is not None:
        write_csv(table, args.output, kind="coding agreement")
    return 0
