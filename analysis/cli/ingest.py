"""``python -m analysis ingest``: files to a corpus Parquet file and an ingest report."""

from __future__ import annotations

import logging
from pathlib import Path

from ..corpus.dedup import DEFAULT_THRESHOLD
from ..corpus.pipeline import ingest, parse_column_map
from ..corpus.schema import write_corpus
from ..outputs import check_output_path, write_csv

log = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add ``ingest`` to the command line."""
    p = subparsers.add_parser(
        "ingest",
        help="read files and folders into a corpus (Parquet)",
        description="Read articles from .jsonl/.json/.csv/.parquet/.txt/.html files and folders "
        "into one corpus table. Every record is either loaded or listed in the ingest report "
        "with its reason. Exits non-zero only when nothing usable was read.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (searched recursively)")
    p.add_argument("-o", "--output", required=True, help="corpus file to write (.parquet)")
    p.add_argument("--report", metavar="CSV", help="write the ingest report (source, doc_id, status, reason)")
    p.add_argument("--outlet", help="outlet for every record (overrides metadata and folder names)")
    p.add_argument(
        "--map", action="append", default=[], metavar="COLUMN=FIELD",
        help="use input COLUMN as corpus FIELD (doc_id, outlet, title, text, published, url); repeatable",
    )
    p.add_argument(
        "--encoding", default=None,
        help="encoding of txt/csv/json/jsonl files (default: UTF-8; a byte-order mark wins; bytes "
        "that are not UTF-8 are guessed, with a note in the report)",
    )
    p.add_argument("--no-clean", dest="clean", action="store_false",
                   help="keep pages as they are: no boilerplate removal or origin attribution")
    p.add_argument("--no-dedup", dest="dedup", action="store_false",
                   help="do not cluster near-duplicate copies")

    p.add_argument("--dedup-threshold", type=float, default=None, metavar="J",
                   help="word 5-gram Jaccard at or above which two documents are copies of one "
                   f"story (default {DEFAULT_THRESHOLD}; see docs/reposts.md)")
    p.add_argument("--seed", type=int, default=None, help="seed for near-duplicate hashing")
    p.set_defaults(func=_cli_ingest)


def _cli_ingest(args) -> int:
    # every output checked before any work: a bad -o is one line, not an error after the ingest
    out = Path(args.output)
    if out.suffix.lower() != ".parquet":
        raise ValueError(f"{out}: the corpus is written as Parquet; use a .parquet file name")
    check_output_path(out)
    if args.report:
        check_output_path(args.report, suffixes=(".csv",))
    result = ingest(
        args.inputs,
        outlet=args.outlet,
        columns=parse_column_map(args.map),
        encoding=args.encoding,
        clean=args.clean,
        dedup=args.dedup,
        dedup_threshold=args.dedup_threshold,
        seed=args.seed,
        progress=not args.quiet,
    )
    if args.report:
        write_csv(result.report, args.report, kind="ingest report")
    if result.corpus.empty:
        log.error(
            "nothing usable was read from %s: %s",
            ", ".join(args.inputs), result.summary(),
        )
        return 1
    write_corpus(result.corpus, out)
    log.info("ingest: %s; corpus written to %s", result.summary(), out)
    return 0
