"""The top-level parser and ``main``: each subcommand module registers its own parser."""

from __future__ import annotations

import argparse
import logging
import sys

from ..about import __version__
from . import compare, ingest, lexicon, report, score, validate

# Order here is the order in ``--help``.
_SUBCOMMANDS = (ingest, lexicon, score, compare, report, validate)


class _Formatter(logging.Formatter):
    """Plain lines for progress and per-record notes; a level prefix for warnings and errors."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.WARNING:
            return f"{record.levelname.lower()}: {message}"
        return message


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level parser with every stage's subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Framing analysis for news corpora: ingest, score, compare, report.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("-q", "--quiet", action="store_true", help="only print errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _SUBCOMMANDS:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.INFO, handlers=[handler])
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except (OSError, ValueError) as exc:  # user errors: one clear line, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
