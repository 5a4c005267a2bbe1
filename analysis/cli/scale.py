"""The options every data command shares for large corpora: datasets, workers, a scheduler.

Imports nothing of the stages at import time: ``python -m analysis --help`` builds every
subcommand's parser and must answer without loading pandas or the stages (start-up time).
"""

from __future__ import annotations

import argparse
import contextlib
from pathlib import Path

# analysis.workspace.datasets.PART_DOCUMENTS, written out here so the parser does not load it
PART_DOCUMENTS = 1000


_DATASETS = ("-o naming a path without a file suffix writes a dataset: a folder of Parquet parts "
             "of at most --part-size documents (every command reads either form)")


def add_scale_options(
    parser: argparse.ArgumentParser, *, rebuild: bool = False, description: str = _DATASETS
) -> argparse._ArgumentGroup:
    """``--workers``, ``--scheduler``, ``--part-size`` (and ``--rebuild`` for commands whose
    output is a dataset) in a group "large corpora" with ``description``; return the group
    (a command adds its own options of the kind to it)."""
    group = parser.add_argument_group("large corpora", description)
    where = group.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=int, metavar="N", default=None,
        help="process the parts on a local Dask cluster of N worker processes "
        "(default: this process only)",
    )
    where.add_argument(
        "--scheduler", metavar="ADDRESS", default=None,
        help="process the parts on a running dask.distributed scheduler (tcp://host:8786); "
        "its workers must read and write the same files (a shared filesystem)",
    )
    group.add_argument(
        "--part-size", type=int, metavar="N", default=PART_DOCUMENTS,
        help=f"documents a part (default {PART_DOCUMENTS:,})",
    )
    if rebuild:
        group.add_argument(
            "--rebuild", action="store_true",
            help="build the output dataset even when it is up to date (same inputs, options, "
            "lexicon and versions)",
        )
    return group


def is_dataset_output(path: str | Path) -> bool:
    """An output path without a file suffix names a dataset folder."""
    return Path(path).suffix == ""


def uses_cluster(args: argparse.Namespace) -> bool:
    """Whether the command was asked to process parts on workers."""
    return args.scheduler is not None or (args.workers is not None and args.workers > 1)


@contextlib.contextmanager
def runner(args: argparse.Namespace):
    """The :class:`analysis.workspace.cluster.Runner` the options ask for, for the block."""
    # loaded here, not at import: start-up time (dask loads only when workers are asked for)
    from ..workspace.cluster import open_runner

    with open_runner(args.workers, args.scheduler, progress=not args.quiet) as r:
        yield r


@contextlib.contextmanager
def scratch_folder(near: str | Path):
    """A hidden scratch folder beside ``near`` (on the filesystem the workers share), removed
    at the end."""
    import os
    import shutil

    target = Path(near)
    folder = target.parent / f".{target.name}.scratch-{os.getpid()}"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
