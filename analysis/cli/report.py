"""``python -m analysis report``: run the notebooks headless and render the report pages."""

from __future__ import annotations

import sys

from .. import config
from ..reporting.pages import REPORT_PAGES
from .scale import add_scale_options


def register(subparsers) -> None:
    """Add ``report`` to the command line."""
    p = subparsers.add_parser(
        "report",
        help="run the notebooks and write HTML reports (index, corpus, terms, comparison, methods)",
        description="Execute the notebooks headless with these inputs and write self-contained "
        "HTML pages, an index, every figure as PNG and SVG, every table as CSV, and a "
        "provenance record. With no inputs: the demo corpus and the default lexicons.",
    )
    p.add_argument(
        "--study",
        metavar="STUDY.toml",
        help="a study file naming the corpus, lexicon, naming and actors files, grouping, period, "
        "events and more (paths relative to it; the flags below override it)",
    )
    p.add_argument(
        "--corpus",
        nargs="+",
        metavar="INPUT",
        help="corpus files or folders, or a corpus .parquet (default: the demo corpus)",
    )
    p.add_argument("--lexicon", nargs="+", metavar="LEX",
                   help="lexicon file(s) (default: conflict_terms.csv)")
    naming = p.add_mutually_exclusive_group()
    naming.add_argument("--naming", metavar="NAMES",
                        help="naming file (default: naming_karabakh.csv for the demo corpus, "
                        "none for any other)")
    naming.add_argument("--no-naming", action="store_true",
                        help="leave the naming section out")
    actors = p.add_mutually_exclusive_group()
    actors.add_argument("--actors", nargs="+", metavar="ACTORS",
                        help="actors files (default: the Karabakh actors for the demo corpus, "
                        "none for any other)")
    actors.add_argument("--no-actors", action="store_true",
                        help="leave the sources and actor-tone sections out")
    p.add_argument("--title", help="title on every page")
    p.add_argument("--seed", type=int, help=f"random seed (default {config.DEFAULT_SEED})")
    p.add_argument("--by", help="corpus column to compare (default outlet)")
    p.add_argument("--n-boot", type=int, help="bootstrap resamples (default 1000)")
    p.add_argument("--period", type=str.upper, choices=["D", "W", "M", "Q", "Y"],
                   help="period of the rates-over-time chart (default: chosen from the dates)")
    p.add_argument("--events", metavar="EVENTS.csv",
                   help="date,label events: markers and before/after differences")
    p.add_argument("--coded", metavar="CODED.csv",
                   help="hand-coded hits (from sample-hits): voice and speaker accuracy")
    p.add_argument("--bias-model", metavar="MODEL.json",
                   help="a sentence bias model from train-bias: biased-sentence shares per group")
    p.add_argument("--voice-tagger", metavar="DIR",
                   help="read voice with the neural tagger that train-voice wrote to DIR (the "
                   "[neural] extras)")
    p.add_argument(
        "--only",
        nargs="+",
        metavar="NOTEBOOK",
        choices=[page.notebook for page in REPORT_PAGES],
        help="build only these notebooks' pages",
    )
    p.add_argument(
        "--jobs", type=int, metavar="N", help="notebooks run at once (default: CPUs, at most 4)"
    )
    p.add_argument("--pdf", action="store_true", help="also render PDFs with /usr/bin/chromium")
    scale = add_scale_options(
        p,
        description="--workspace WORK keeps the corpus and hits on disk (WORK/corpus, WORK/hits: "
        "partitioned datasets), built once before the notebooks run and reused while the inputs, "
        "lexicon and seed are unchanged; the notebooks read them instead of ingesting and scoring "
        "again. --workers and --scheduler process its parts.",
    )
    scale.add_argument(
        "--workspace", metavar="WORK",
        help="a workspace folder for the stored corpus and hits (default: none; a study file's "
        "workspace when it names one)",
    )
    p.add_argument(
        "-o",
        "--output",
        default=str(config.REPORTS_DIR),
        metavar="DIR",
        help="output folder (default: reports/)",
    )
    p.set_defaults(func=_cli_report)


def _cli_report(args) -> int:
    # A missing input raises FileNotFoundError (one line from analysis.cli); a PDF that cannot be
    # made is a note, a failed notebook an error line and exit code 1, the other pages stand.
    # loaded here, not at import: start-up time (python -m analysis --help loads no stage)
    from ..outputs import check_output_path
    from ..reporting.build import build_report

    check_output_path(args.output or config.REPORTS_DIR, folder=True)
    result = build_report(
        args.output,
        study=args.study,
        corpus=args.corpus,
        lexicon=args.lexicon,
        naming=False if args.no_naming else args.naming,
        actors=False if args.no_actors else args.actors,
        title=args.title,
        seed=args.seed,
        by=args.by,
        n_boot=args.n_boot,
        period=args.period,
        events=args.events,
        coded=args.coded,
        bias_model=args.bias_model,
        voice_tagger=args.voice_tagger,
        workspace=args.workspace,
        workers=args.workers,
        scheduler=args.scheduler,
        part_size=args.part_size,
        pdf=args.pdf,
        notebooks=args.only,
        progress=not args.quiet,
        jobs=args.jobs,
    )
    if not args.quiet:
        for stem, path in result.pages.items():
            print(f"wrote {path}  ({stem})")
    if args.pdf:
        if not result.pdfs:
            print(f"note: {result.pdf_note or 'no PDF written'}", file=sys.stderr)
        elif not args.quiet:
            print(f"wrote {len(result.pdfs)} PDF(s) beside the pages")
    for stem, message in result.failures.items():
        print(
            f"error: notebook {stem} failed: {message} "
            f"(executed notebook: {result.outdir / 'notebooks' / (stem + '.ipynb')})",
            file=sys.stderr,
        )
    if not args.quiet:
        print(f"index: {result.index}")
    return 0 if result.ok else 1
