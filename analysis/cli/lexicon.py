"""``python -m analysis lexicon check|hash``: validate lexicon files and their provenance."""

from __future__ import annotations

import warnings
from pathlib import Path


def register(subparsers) -> None:
    """Add ``lexicon check`` and ``lexicon hash`` to the command line."""
    parser = subparsers.add_parser(
        "lexicon",
        help="validate lexicon files and their provenance; print a file's sha256",
        description="Validate lexicon files (CSV, .dic, naming and actors files) and their "
        "provenance sidecars.",
    )
    sub = parser.add_subparsers(dest="lexicon_command", metavar="ACTION", required=True)
    check = sub.add_parser(
        "check",
        help="validate files and provenance (default: every lexicon in the lexicon folder)",
    )
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.add_argument(
        "--no-provenance",
        action="store_true",
        help="validate contents only (for your own lexicons that have no sidecar)",
    )
    check.set_defaults(func=_cli_check)
    hsh = sub.add_parser("hash", help="print the sha256 of a file (for its provenance sidecar)")
    hsh.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    hsh.set_defaults(func=_cli_hash)


def _cli_check(args) -> int:
    # the stage loads here, not at import: `python -m analysis --help` answers without it
    from ..lexicons.checks import check_file, lexicon_files
    from ..lexicons.terms import LexiconError, LexiconWarning

    paths = args.paths or lexicon_files()
    if not paths:
        print("error: no lexicon files to check")
        return 1
    failed = 0
    for path in paths:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", LexiconWarning)
                summary = check_file(path, provenance=not args.no_provenance)
        except LexiconError as exc:
            failed += 1
            print(f"FAIL {path}")
            for problem in exc.problems:
                print(f"  {problem}")
            continue
        print(f"ok   {path}: {summary}")
        for w in caught:
            print(f"  warning: {w.message}")
    print(f"{len(paths) - failed} of {len(paths)} file(s) ok")
    return 1 if failed else 0


def _cli_hash(args) -> int:
    from ..lexicons.provenance import file_sha256

    for path in args.paths:
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such file")
        print(file_sha256(path) if len(args.paths) == 1 else f"{file_sha256(path)}  {path}")
    return 0
