"""Command line: ``python -m analysis SUBCOMMAND ...`` (also installed as ``framing``).

One module per subcommand, each with ``register(subparsers)`` adding its parser; ``entry``
builds the parser and runs the chosen command. May import every other subpackage.
"""

from .entry import build_parser, main

__all__ = ["build_parser", "main"]
