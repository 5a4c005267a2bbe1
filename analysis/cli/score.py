"""``python -m analysis score``: corpus and lexicon to a hits table (and a per-document summary),
as files or as a partitioned dataset."""

from __future__ import annotations

import logging
from pathlib import Path

from .. import config
from .scale import add_scale_options, is_dataset_output, runner, scratch_folder, uses_cluster

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
        help="files or folders that ingest accepts, one corpus Parquet written by ingest, or a "
        "corpus dataset folder (ingest -o WORK/corpus)",
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
        "NAME.voice_tokens.csv, NAME.sentences.csv (or .parquet). A folder name without a "
        "suffix (WORK/hits) writes a hits dataset: one part per corpus part, side tables beside",
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
    parser.add_argument(
        "--voice-tagger",
        type=Path,
        metavar="DIR",
        help="read reported speech with the neural voice tagger that `train-voice` wrote to DIR "
        "(needs the [neural] extras; side tables written, so not with --hits-only; about 30 "
        "times slower; docs/voice.md, 'The neural voice')",
    )
    parser.add_argument("--progress", action="store_true",
                        help="show the progress bar (the default; -q hides it)")
    add_scale_options(parser, rebuild=True)
    parser.set_defaults(func=_cli_score)


def _cli_score(args) -> int:
    # the stages load here, not at import: `python -m analysis --help` answers without them
    from ..lexicons.files import load_lexicon
    from ..outputs import check_output_path

    dataset = is_dataset_output(args.output)
    check_output_path(args.output, folder=dataset,
                      suffixes=() if dataset else (".csv", ".parquet"))
    if args.summary is not None:
        check_output_path(args.summary, suffixes=(".csv", ".parquet"))
    lexicon = load_lexicon(args.lexicon or config.DEFAULT_LEXICON)
    args.tagger = None
    if args.voice_tagger is not None:
        if args.hits_only:
            raise ValueError("score: --voice-tagger needs the side tables (compare would read the "
                             "own-voice tokens without the tagger): drop --hits-only")
        from ..voice.neural import load_voice_tagger

        args.tagger = load_voice_tagger(args.voice_tagger)
        log.info("score: reported speech read by the neural voice tagger in %s",
                 args.voice_tagger)  # fmt: skip
    if dataset:
        return _score_dataset(args, lexicon)
    corpus, tables = _score_to_tables(args, lexicon)
    written = tables.write(args.output)
    _done(args, lexicon, corpus, tables.hits, written)
    return 0


def _score_to_tables(args, lexicon):
    """The corpus and its ScoreTables, in this process or part by part."""
    from ..workspace.datasets import is_dataset, read_corpus_input

    single_dataset = len(args.inputs) == 1 and is_dataset(args.inputs[0], "corpus")
    if single_dataset or uses_cluster(args):
        from ..workspace.score import score_in_parts

        if single_dataset:
            source = args.inputs[0]
            corpus = None if args.summary is None else read_corpus_input(args.inputs)
        else:
            source = corpus = _read_corpus(args.inputs)
        with scratch_folder(args.output) as scratch, runner(args) as r:
            tables = score_in_parts(source, lexicon, scratch, hits_only=args.hits_only,
                                    runner=r, part_size=args.part_size, tagger=args.tagger)
        return corpus, tables
    from ..scoring.hits import default_annotator, score
    from ..scoring.reading import ScoreTables, score_tables

    corpus = _read_corpus(args.inputs)
    progress = args.progress or not args.quiet
    if args.hits_only:
        return corpus, ScoreTables(hits=score(corpus, lexicon, progress=progress))
    annotator = None
    if args.tagger is not None:
        annotator = default_annotator(corpus["text"].tolist(), tagger=args.tagger)
    return corpus, score_tables(corpus, lexicon, annotator=annotator, progress=progress)


def _read_corpus(inputs):
    from ..workspace.datasets import read_corpus_input

    corpus = read_corpus_input(inputs)
    if corpus.empty:
        raise ValueError("no documents to score: the inputs gave an empty corpus")
    return corpus


def _score_dataset(args, lexicon) -> int:
    from ..workspace.build import corpus_record, hits_record, record_digest, up_to_date
    from ..workspace.datasets import dataset_info, is_dataset, read_corpus_input
    from ..workspace.score import score_dataset

    inputs = args.inputs
    if len(inputs) == 1 and is_dataset(inputs[0], "corpus"):
        info = dataset_info(inputs[0])
        source, corpus_id = inputs[0], record_digest(info.get("record") or info)
    elif len(inputs) == 1 and inputs[0].suffix.lower() == ".parquet" and inputs[0].is_file():
        from ..lexicons.provenance import file_sha256

        source, corpus_id = inputs[0], file_sha256(inputs[0])
    else:
        source, corpus_id = _read_corpus(inputs), record_digest(corpus_record(inputs))
    record = hits_record(corpus_id, lexicon, hits_only=args.hits_only,
                         voice_tagger=None if args.tagger is None
                         else args.tagger.described_sha256_)  # fmt: skip
    if not args.rebuild and up_to_date(args.output, record):
        log.info("score: %s is up to date (same corpus, lexicon and version): kept; "
                 "--rebuild builds it again", args.output)
        return 0
    with runner(args) as r:
        score_dataset(source, args.output, lexicon, hits_only=args.hits_only, runner=r,
                      part_size=args.part_size, record=record, tagger=args.tagger)
    info = dataset_info(args.output)
    log.info("scored %s with %s (sha256 %s): %d hits -> dataset %s (%d parts)",
             source if isinstance(source, Path) else f"{len(source)} documents", lexicon.name,
             lexicon.sha256[:12], info["rows"], args.output, len(info["parts"]))
    if args.summary is not None:
        from ..scoring.hits import write_frame
        from ..scoring.summaries import doc_summary
        from ..workspace.datasets import read_hits_input

        corpus = read_corpus_input(inputs)
        write_frame(doc_summary(corpus, read_hits_input(args.output).hits), args.summary)
        log.info("per-document rates -> %s", args.summary)
    return 0


def _done(args, lexicon, corpus, hits, written) -> None:
    log.info(
        "scored %s with %s (sha256 %s): %d hits -> %s",
        "the corpus" if corpus is None else f"{len(corpus)} documents",
        lexicon.name,
        lexicon.sha256[:12],
        len(hits),
        args.output,
    )
    if len(written) > 1:
        log.info("side tables -> %s", ", ".join(p.name for p in written[1:]))
    if args.summary is not None:
        from ..scoring.hits import write_frame
        from ..scoring.summaries import doc_summary

        write_frame(doc_summary(corpus, hits), args.summary)
        log.info("per-document rates -> %s", args.summary)
