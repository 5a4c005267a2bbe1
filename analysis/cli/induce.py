"""``python -m analysis induce``: candidate words and phrases for a lexicon, and the kept ones
written as a lexicon file with its provenance."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from .. import config

log = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add ``induce`` to the command line."""
    p = subparsers.add_parser(
        "induce",
        help="candidate words and phrases that distinguish groups of documents, for a lexicon",
        description="List the words and phrases (up to three words) each group of documents "
        "uses more than the others, with log-odds, z, document frequency, outlets, hits by "
        "voice and keyword-in-context lines (candidates.csv); optionally write the kept rows "
        "as a lexicon with a provenance sidecar.",
    )
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT",
                   help="corpus files or folders, or an ingested corpus .parquet")
    p.add_argument("--by", required=True, help="corpus column that defines the groups")
    p.add_argument("--groups", default=None, metavar="A,B",
                   help="compare two groups with each other (default: each group with the rest)")
    p.add_argument("--label", default=None, metavar="COLUMN",
                   help="a true/false column (e.g. is_biased): adds label_share and label_z")
    p.add_argument("--marked", default=None, metavar="COLUMN",
                   help="a column of annotators' marked words (lists): adds marked_docs, "
                   "marked_rate and p_marked")
    p.add_argument("--min-df", type=int, default=3, help="documents of the group (default 3)")
    p.add_argument("--top", type=int, default=100,
                   help="candidates per group, by z (default 100; 0 = every term with z > 0)")
    p.add_argument("--prior-scale", type=float, default=1.0,
                   help="weight of the corpus prior, in corpora (default 1)")
    p.add_argument("--seed", type=int, default=config.DEFAULT_SEED,
                   help="seed for drawing the keyword-in-context examples")
    p.add_argument("--no-dedup", action="store_true", help="count every copy of reposted stories")
    p.add_argument("-o", "--output", type=Path, required=True, help="candidates .csv")
    _register_lexicon_options(p)
    p.set_defaults(func=_cli_induce)


def _register_lexicon_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("writing the kept rows as a lexicon (--as-lexicon)")
    g.add_argument("--as-lexicon", type=Path, default=None, metavar="LEXICON.csv",
                   help="write the kept rows as a lexicon file with NAME.provenance.json")
    g.add_argument("--min-z", type=float, default=2.0, help="keep rows with z >= this (2)")
    g.add_argument("--min-outlets", type=int, default=2,
                   help="keep terms used by at least this many outlets (2)")
    g.add_argument("--max-source-share", type=float, default=0.5,
                   help="keep terms whose hits are at most this share quoted or reported (0.5)")
    g.add_argument("--min-p-marked", type=float, default=None,
                   help="with --marked: keep words whose smoothed marked rate is at least this")
    g.add_argument("--keep-groups", default=None, metavar="A,B",
                   help="keep only these groups' rows (default: every group)")
    g.add_argument("--category", default=None,
                   help="category of every kept term (default: its group)")
    g.add_argument("--licence", default=None,
                   help="licence recorded in the sidecar (default: a reminder that the input "
                   "texts' licence decides)")


def _pair(value: str | None) -> list[str] | None:
    if value is None:
        return None
    parts = [v.strip() for v in value.split(",") if v.strip()]
    if not parts:
        raise ValueError(f"expected comma-separated group names, got {value!r}")
    return parts


def _cli_induce(args: argparse.Namespace) -> int:
    # the stages load here, not at import: `python -m analysis --help` answers without them
    from ..comparison.induction import induce_candidates, induced_provenance, select_lexicon
    from ..comparison.pipeline import round_floats
    from ..corpus.pipeline import corpus_from_inputs
    from ..lexicons.files import write_lexicon
    from ..outputs import check_output_path, write_csv

    check_output_path(args.output, suffixes=(".csv",))
    if args.as_lexicon is not None:
        check_output_path(args.as_lexicon, suffixes=(".csv",))
    corpus = corpus_from_inputs(args.inputs)
    params = {
        "by": args.by, "groups": _pair(args.groups), "label": args.label, "marked": args.marked,
        "min_df": args.min_df, "top_n": args.top or None, "prior_scale": args.prior_scale,
        "dedup": not args.no_dedup,
    }  # fmt: skip
    cand = induce_candidates(corpus, **params, seed=args.seed)
    write_csv(round_floats(cand, 6), args.output, kind="candidates table")
    log.info("wrote %d candidates for %d group(s) to %s", len(cand), cand["group"].nunique(),
             args.output)
    if args.as_lexicon is None:
        return 0
    kept = {
        "group": _pair(args.keep_groups), "min_z": args.min_z, "min_outlets": args.min_outlets,
        "max_source_share": args.max_source_share, "min_p_marked": args.min_p_marked,
        "category": args.category,
    }  # fmt: skip
    table = select_lexicon(cand, **kept)
    if table.empty:
        raise ValueError("no candidate passes the --as-lexicon filters: lexicon not written")
    prov = induced_provenance(
        args.inputs, parameters={**params, "selection": kept}, seed=args.seed,
        name=args.as_lexicon.stem, licence=args.licence,
    )
    lex = write_lexicon(table, args.as_lexicon, provenance=prov)
    log.info("wrote %d terms to %s (and its provenance sidecar)", len(lex), args.as_lexicon)
    return 0
