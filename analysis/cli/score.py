"""``python -m analysis score``: corpus and lexicon to a hits table (and a per-document summary)."""

from __future__ import annotations

import logging
from pathlib import Path

from .. import config
from ..corpus.pipeline import corpus_from_inputs
from ..lexicons.files import load_lexicon
from ..outputs import check_output_path
from ..scoring.hits import score, write_frame
from ..scoring.reading import ScoreTables, score_tables
from ..scoring.summaries import doc_summary

log = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add ``score`` to the command line."""
    parser = subparsers.add_parser(
        "score",
        help="score a corpus with a lexicon: one row per hit, with its voice",
        description="Find every lexicon term in the corpus and write the hits table (one row "
        "per hit: offsets, term, category, voice, speaker, negation, hedging, sentence).",
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="files or folders that ingest accepts, or one corpus Parquet written by ingest",
    )
    parser.add_argument(
        "--lexicon",
        action="append",
        type=Path,
        metavar="LEX",
        help="lexicon file (.csv or .dic); repeat to combine several "
        f"(default: {config.DEFAULT_LEXICON.name})",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="hits table to write (.csv or .parquet); the side tables (attributions, tokens "
        "by voice, sentences) are written beside it as NAME.attributions.csv, "
        "NAME.voice_tokens.csv, NAME.sentences.csv (or .parquet)",
    )
    parser.add_argument(
        "--hits-only",
        action="store_true",
        help="write the hits table alone (faster: only the hits' sentences are read for voice; "
        "compare then builds the side tables itself)",
    )
    parser.add_argument(
        "--summary",
        type=Path,
        help="also write per-document rates (doc_summary) to this .csv or .parquet",
    )
    parser.add_argument("--progress", action="store_true", help="show a progress bar")
    parser.set_defaults(func=_cli_score)


def _cli_score(args) -> int:
    for out in (args.output, args.summary):
        if out is not None:
            check_output_path(out, suffixes=(".csv", ".parquet"))
    lexicon = load_lexicon(args.lexicon or config.DEFAULT_LEXICON)
    corpus = corpus_from_inputs(args.inputs)
    if corpus.empty:
        raise ValueError("no documents to score: the inputs gave an empty corpus")
    if args.hits_only:
        tables = ScoreTables(hits=score(corpus, lexicon, progress=args.progress))
    else:
        tables = score_tables(corpus, lexicon, progress=args.progress)
    hits = tables.hits
    written = tables.write(args.output)
    log.info(
        "scored %d documents with %s (sha256 %s): %d hits -> %s",
        len(corpus),
        lexicon.name,
        lexicon.sha256[:12],
        len(hits),
        args.output,
    )
    if len(written) > 1:
        log.info("side tables -> %s", ", ".join(p.name for p in written[1:]))
    if args.summary is not None:
        write_frame(doc_summary(corpus, hits), args.summary)
        log.info("per-document rates -> %s", args.summary)
    return 0
