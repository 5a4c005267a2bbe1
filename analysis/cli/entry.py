"""The top-level parser and ``main``: each subcommand module registers its own parser."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import warnings

from ..about import __version__
from . import (
    agreement,
    compare,
    induce,
    ingest,
    lexicon,
    report,
    sample_hits,
    score,
    train_bias,
    train_voice,
    validate,
)

# Order here is the order in ``--help``.
_SUBCOMMANDS = (
    ingest, lexicon, score, compare, induce, report, validate, train_bias, train_voice,
    sample_hits, agreement,
)


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
    _add_quiet(sub)  # -q also after the subcommand: `report -o x -q`
    return parser


def _add_quiet(subparsers) -> None:
    for command in subparsers.choices.values():
        command.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                             help="only print errors")
        for action in command._actions:  # nested subcommands (lexicon check, lexicon hash)
            if isinstance(action, argparse._SubParsersAction):
                _add_quiet(action)


@contextlib.contextmanager
def _warnings_as_lines():
    """Show Python warnings as one ``warning: ...`` line each (not with a line of the library's
    source under it), through the same handler as every other message."""
    log = logging.getLogger("analysis")

    def show(message, category, filename, lineno, file=None, line=None):
        log.warning("%s (%s)", message, category.__name__)

    previous = warnings.showwarning
    warnings.showwarning = show
    try:
        yield
    finally:
        warnings.showwarning = previous


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
        with _warnings_as_lines():
            return int(args.func(args) or 0)
    except (OSError, ValueError) as exc:  # user errors: one clear line, no traceback
        print(f"error: {exc}", file=sys.stderr)
        return 1
