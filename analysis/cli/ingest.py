"""``python -m analysis ingest``: files to a corpus (one Parquet file or a dataset) and an
ingest report."""

from __future__ import annotations

import logging
from pathlib import Path

from .scale import add_scale_options, is_dataset_output, runner, scratch_folder, uses_cluster

log = logging.getLogger(__name__)

# analysis.corpus.dedup.DEFAULT_THRESHOLD, written out so that the parser loads no stage
DEFAULT_THRESHOLD = 0.55


def register(subparsers) -> None:
    """Add ``ingest`` to the command line."""
    p = subparsers.add_parser(
        "ingest",
        help="read files and folders into a corpus (Parquet, or a partitioned dataset)",
        description="Read articles from .jsonl/.json/.csv/.parquet/.txt/.html files and folders "
        "into one corpus table. Every record is either loaded or listed in the ingest report "
        "with its reason. Exits non-zero only when nothing usable was read.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (searched recursively)")
    p.add_argument(
        "-o", "--output", required=True,
        help="corpus file to write (.parquet), or a folder (no suffix, e.g. WORK/corpus) for a "
        "partitioned dataset",
    )
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
    add_scale_options(p, rebuild=True)
    p.set_defaults(func=_cli_ingest)


def _cli_ingest(args) -> int:
    # the stages load here, not at import: `python -m analysis --help` answers without them
    from ..corpus.pipeline import parse_column_map
    from ..outputs import check_output_path

    # every output checked before any work: a bad -o is one line, not an error after the ingest
    out = Path(args.output)
    dataset = is_dataset_output(out)
    if not dataset and out.suffix.lower() != ".parquet":
        raise ValueError(
            f"{out}: the corpus is written as Parquet; use a .parquet file name, or a folder "
            "name without a suffix for a partitioned dataset"
        )
    check_output_path(out, folder=dataset)
    if args.report:
        check_output_path(args.report, suffixes=(".csv",))
    options = {
        "outlet": args.outlet, "columns": parse_column_map(args.map), "encoding": args.encoding,
        "clean": args.clean, "dedup": args.dedup, "dedup_threshold": args.dedup_threshold,
        "seed": args.seed,
    }
    if dataset:
        return _ingest_dataset(args, out, options)
    if uses_cluster(args):
        return _ingest_file_in_parts(args, out, options)
    from ..corpus.pipeline import ingest
    from ..corpus.schema import write_corpus

    result = ingest(args.inputs, **options, progress=not args.quiet)
    _write_report(args, result.report)
    if result.corpus.empty:
        return _nothing_read(args, result.summary())
    write_corpus(result.corpus, out)
    log.info("ingest: %s; corpus written to %s", result.summary(), out)
    return 0


def _ingest_dataset(args, out: Path, options: dict) -> int:
    from ..workspace.build import corpus_record, up_to_date
    from ..workspace.ingest import ingest_dataset

    record = corpus_record(args.inputs, options)
    if not args.rebuild and up_to_date(out, record):
        log.info("ingest: %s is up to date (same input files, options and version): kept; "
                 "--rebuild builds it again", out)
        return 0
    with runner(args) as r:
        result = ingest_dataset(args.inputs, out, **options, part_size=args.part_size, runner=r,
                                progress=not args.quiet, record=record)
    _write_report(args, result.report)
    if result.path is None:
        return _nothing_read(args, result.summary())
    log.info("ingest: %s; corpus dataset written to %s", result.summary(), out)
    return 0


def _ingest_file_in_parts(args, out: Path, options: dict) -> int:
    """One corpus file, its parts processed on workers: a dataset built beside it, then read."""
    from ..corpus.schema import write_corpus
    from ..workspace.datasets import read_corpus_dataset
    from ..workspace.ingest import ingest_dataset

    with scratch_folder(out) as scratch, runner(args) as r:
        result = ingest_dataset(args.inputs, scratch / "corpus", **options,
                                part_size=args.part_size, runner=r, progress=not args.quiet)
        _write_report(args, result.report)
        if result.path is None:
            return _nothing_read(args, result.summary())
        write_corpus(read_corpus_dataset(result.path), out)
    log.info("ingest: %s; corpus written to %s", result.summary(), out)
    return 0


def _write_report(args, report) -> None:
    if args.report:
        from ..outputs import write_csv

        write_csv(report, args.report, kind="ingest report")


def _nothing_read(args, summary: str) -> int:
    log.error("nothing usable was read from %s: %s", ", ".join(args.inputs), summary)
    return 1
