"""``python -m analysis compare``: corpus and hits (files or datasets) to the comparison
tables."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .. import config
from .scale import add_scale_options, runner, scratch_folder, uses_cluster

log = logging.getLogger(__name__)

# analysis.comparison.differences.ADJUST_METHODS, written out so that the parser loads no stage
ADJUST_METHODS = ("none", "bonferroni")


def register(subparsers) -> None:
    """Add ``compare`` to the command line."""
    p = subparsers.add_parser(
        "compare",
        help="compare outlets: rates and pairwise differences with intervals, keyness, naming, "
        "sources, tone, distances",
        description="Score a corpus with a lexicon and write the comparison tables (rates.csv, "
        "differences.csv, keyness.csv, naming.csv, sources.csv, tone.csv, distances.csv, "
        "outlet_map.csv, comparison.json; bias.csv with --bias-model) to OUTDIR.",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="corpus files or folders, an ingested corpus .parquet, or a corpus dataset folder",
    )
    p.add_argument(
        "--lexicon",
        type=Path,
        default=config.DEFAULT_LEXICON,
        help=f"lexicon file (default: {config.DEFAULT_LEXICON.name})",
    )
    p.add_argument(
        "--hits",
        type=Path,
        default=None,
        help="hits table (.csv or .parquet) from `python -m analysis score`, with its side "
        "tables beside it when present, or a hits dataset folder (default: score INPUT now)",
    )
    p.add_argument(
        "--naming",
        type=Path,
        nargs="?",
        const=config.DEFAULT_NAMING,
        default=None,
        help=f"naming file (no value: {config.DEFAULT_NAMING.name})",
    )
    p.add_argument(
        "--actors",
        type=Path,
        nargs="*",
        default=None,
        help=f"actors file(s) (no value: {config.DEFAULT_ACTORS.name})",
    )
    p.add_argument(
        "--by", default="outlet", help="corpus column that defines groups (default: outlet)"
    )
    p.add_argument(
        "--period",
        default=None,
        help="group by calendar period of --by (a datetime column, e.g. published): "
        "D, W, M, Q or Y",
    )
    p.add_argument("--seed", type=int, default=config.DEFAULT_SEED, help="random seed")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--min-df", type=int, default=3, help="keyness document-frequency floor")
    p.add_argument(
        "--keep-self-names",
        action="store_true",
        help="keep each outlet's own name (datelines, bylines) in its keyness list",
    )
    p.add_argument(
        "--adjust",
        choices=ADJUST_METHODS,
        default="none",
        help="pairwise differences: 'bonferroni' widens each interval so that all pairs cover "
        "together at 95%% (default: none, each pair at 95%%)",
    )
    p.add_argument("--bias-model", type=Path, default=None, metavar="MODEL",
                   help="a sentence bias model (from `python -m analysis train-bias`): adds "
                   "bias.csv, the share of each group's own and quoted or reported sentences it "
                   "scores as biased")
    p.add_argument("--no-dedup", action="store_true", help="count every copy of reposted stories")
    p.add_argument("-o", "--outdir", type=Path, required=True, help="output folder")
    add_scale_options(p)
    p.set_defaults(func=_cli_compare)


def _cli_compare(args: argparse.Namespace) -> int:
    # the stages load here, not at import: `python -m analysis --help` answers without them
    from ..comparison.pipeline import compare, needs_sentences, without_text_lacks
    from ..lexicons.files import load_lexicon
    from ..models.store import load_bias_model
    from ..outputs import check_output_path
    from ..scoring.reading import lean_drops, score_tables
    from ..workspace.datasets import (
        is_dataset,
        read_corpus_input,
        read_corpus_without_text,
        read_hits_input,
    )

    check_output_path(args.outdir, folder=True)
    if args.by == "outlet" and args.period:
        args.by = "published"
    # a model file is checked before any work: format, version, sha256
    bias_model = load_bias_model(args.bias_model) if args.bias_model is not None else None
    lex = load_lexicon(args.lexicon)
    from_dataset = len(args.inputs) == 1 and is_dataset(args.inputs[0], "corpus")

    # the side tables written beside the hits are used when present (compare builds the
    # missing ones); without --hits one pass over the corpus gives the hits and all of them,
    # part by part on workers when asked or when the corpus is a dataset
    texts = naming_hits = None
    if args.hits is not None:
        # the sentences side table (the largest) serves only the tone and bias tables, and
        # its voice columns only the bias table
        skip = () if needs_sentences(args.actors, bias_model) else ("sentences",)
        hits = read_hits_input(args.hits, skip=skip, lean=lean_drops(bias=bias_model is not None))
        if from_dataset and args.naming is not None:
            # the naming terms scored part by part, as `score` does: one part's text at a time
            naming_hits = _naming_hits_in_parts(args)
        if from_dataset and not without_text_lacks(
            attributions=hits.attributions, voice_tokens=hits.voice_tokens, naming=args.naming,
            naming_hits=naming_hits, actors=args.actors, sentences=hits.sentences,
            bias_model=bias_model,
        ):
            # nothing left to read the text but keyness, the tone and the bias table: it
            # stays on disk, read a part at a time, so that memory does not hold the corpus's
            # text (issue 13)
            corpus, texts = read_corpus_without_text(args.inputs[0])
        else:
            corpus = read_corpus_input(args.inputs)
    elif uses_cluster(args) or from_dataset:
        corpus = read_corpus_input(args.inputs)
        from ..workspace.score import score_in_parts

        with scratch_folder(args.outdir / "hits") as scratch, runner(args) as r:
            hits = score_in_parts(corpus, lex, scratch, runner=r, part_size=args.part_size)
    else:
        corpus = read_corpus_input(args.inputs)
        hits = score_tables(corpus, lex)
    actors = None
    if args.actors is not None:
        actors = args.actors or [config.DEFAULT_ACTORS]
    result = compare(
        corpus,
        hits,
        lexicon=lex,
        naming=args.naming,
        naming_hits=naming_hits,
        actors=actors,
        by=args.by,
        period=args.period,
        seed=args.seed,
        n_boot=args.n_boot,
        dedup=not args.no_dedup,
        min_df=args.min_df,
        exclude_self=not args.keep_self_names,
        adjust=args.adjust,
        bias_model=bias_model,
        progress=not args.quiet,
        texts=texts,
    )
    written = result.to_dir(args.outdir)
    log.info("wrote %s", ", ".join(p.name for p in written))
    return 0


def _naming_hits_in_parts(args: argparse.Namespace):
    """The naming file's hits in the corpus dataset ``args.inputs[0]``, scored part by part
    (:func:`analysis.workspace.score.score_in_parts`, on the workers asked for) without the
    hit's sentence, which no comparison reads."""
    from ..lexicons.files import load_naming
    from ..scoring.reading import LEAN_DROPS
    from ..workspace.score import score_in_parts

    with scratch_folder(args.outdir / "naming") as scratch, runner(args) as r:
        found = score_in_parts(args.inputs[0], load_naming(args.naming), scratch, hits_only=True,
                               runner=r, part_size=args.part_size).hits
    return found.drop(columns=list(LEAN_DROPS["hits"]), errors="ignore")
