"""Compare framing across outlets (or any grouping of documents), with uncertainty.

Tables, each a pure function of the corpus (and hits) table:

- :func:`rates`: loaded-term hits per 1,000 tokens by group x category x voice, with document-
  bootstrap intervals (``rates.csv``).
- :func:`rate_differences`: for pairs of groups, the difference and ratio of their rates with
  intervals from the same resamples (``differences.csv``): overlapping rate intervals are not a
  test of a difference.
- :func:`keyness`: words and phrases each group uses more than the others, by the log-odds ratio
  with informative Dirichlet prior of Monroe, Colaresi & Quinn (2008) (``keyness.csv``), each
  group's own name left out of its list (:func:`self_names`).
- :func:`naming_shares`: each group's share of each name variant of a referent (``naming.csv``).
- :func:`sources`: who each group lets speak, by side, actor and speaker (``sources.csv``).
- :func:`tone`: VADER tone of the sentences that mention each actor (``tone.csv``).
- :func:`outlet_distances` and :func:`outlet_map`: how alike the groups' category profiles are,
  and a 2-D map of them (``distances.csv``, ``outlet_map.csv``).
- :func:`bias_rates`: with a sentence bias model, the share of each group's own and of its
  quoted or reported sentences that the model scores as biased (``bias.csv``).
- :func:`compare`: all of the above in one :class:`Comparison`, written by
  :meth:`Comparison.to_dir`; ``python -m analysis compare`` on the command line.

Conventions shared by every table:

- Documents are the sampling unit: every interval comes from a bootstrap that resamples whole
  documents within a group (:func:`analysis.bootstrap_ratio`; by default the expanded
  percentile interval for groups of fewer than 20 informative documents and the studentized one
  from 20 on, ``ci_method=`` for another), seeded by ``seed`` and the group's label. A
  ``ci_method`` column says how each interval was obtained.
- ``dedup=True`` keeps only canonical copies (``is_canonical``): a story reposted by five sites
  counts once, for the outlet that holds the canonical copy. ``dedup=False`` counts every copy.
- ``by`` names the corpus column that defines groups (``outlet``, ``origin_outlet``, or any extra
  column such as ``section``); ``period`` ("D", "W", "M", "Q", "Y" or any pandas period alias)
  groups by calendar period of the datetime column ``by`` (default ``published``), labelled like
  ``2023-09`` (month) or ``2023-09-18/2023-09-24`` (week, Monday to Sunday, UTC). Documents whose
  group value is missing form the group ``(missing)``: they are reported, not dropped.

docs/statistics.md explains every number and formula.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import config
from ..lexicons.files import Lexicon, load_lexicon, load_naming
from ..models.store import load_bias_model
from ..outputs import write_csv, write_text
from ..scoring.reading import ScoreTables
from .bias import bias_rates
from .differences import DIFFERENCES_MAX_GROUPS, rate_differences
from .groups import ALL, RATE_VOICES, group_documents
from .inputs import SideInputs, side_inputs
from .keyness import excluded_by_group, keyness
from .naming import naming_shares
from .rates import rates
from .similarity import outlet_distances, outlet_map
from .sources import load_actors, sources
from .tone import tone

log = logging.getLogger(__name__)

__all__ = [
    "Comparison",
    "compare",
    "write_tables",
]


@dataclass
class Comparison:
    """The tables of one comparison and the parameters that produced them.

    Attributes: ``rates``, ``differences`` (pairwise, :func:`rate_differences`), ``keyness``,
    ``naming`` (None without a naming file), ``sources`` (None when attributions are
    unavailable), ``tone`` (None without an actors file), ``distances``, ``outlet_map``,
    ``bias`` (None without a bias model; :func:`bias_rates`) (DataFrames documented by the
    function of the same name) and ``params`` (dict: by, period, seed, n_boot, dedup, ci,
    lexicon name and sha256, the self-names keyness left out, the bias model's provenance, ...).
    """

    rates: pd.DataFrame
    keyness: pd.DataFrame
    distances: pd.DataFrame
    outlet_map: pd.DataFrame
    naming: pd.DataFrame | None = None
    sources: pd.DataFrame | None = None
    tone: pd.DataFrame | None = None
    params: dict = field(default_factory=dict)
    differences: pd.DataFrame | None = None
    bias: pd.DataFrame | None = None

    TABLES = (
        "rates",
        "differences",
        "keyness",
        "naming",
        "sources",
        "tone",
        "bias",
        "distances",
        "outlet_map",
    )
    FLOAT_DECIMALS = 6

    def tables(self) -> dict[str, pd.DataFrame]:
        """Return {name: DataFrame} for every table present, in a fixed order."""
        return {n: getattr(self, n) for n in self.TABLES if getattr(self, n) is not None}

    def to_dir(self, outdir: str | Path) -> list[Path]:
        """Write each table as ``NAME.csv`` and the parameters as ``comparison.json``.

        Floats are rounded to 6 decimals, rows are in the tables' sorted order, so the same
        comparison always gives the same bytes. Returns the paths written.
        """
        return write_tables(
            self.tables(), outdir, record=("comparison.json", self.params),
            decimals=self.FLOAT_DECIMALS,
        )


def write_tables(
    tables: dict[str, pd.DataFrame],
    outdir: str | Path,
    *,
    record: tuple[str, dict] | None = None,
    decimals: int = 6,
) -> list[Path]:
    """Write each table as ``OUTDIR/NAME.csv`` (floats rounded to ``decimals``, LF line ends)
    and ``record`` (file name, dict) as sorted JSON, so the same tables give the same bytes.
    Returns the paths written."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, df in tables.items():
        path = outdir / f"{name}.csv"
        write_csv(round_floats(df, decimals), path, kind=f"{name} table")
        written.append(path)
    if record is not None:
        name, data = record
        path = outdir / name
        write_text(path, json.dumps(data, indent=2, sort_keys=True, default=str) + "\n",
                   kind="record")
        written.append(path)
    return written


def round_floats(df: pd.DataFrame, decimals: int) -> pd.DataFrame:
    """``df`` with every float column rounded to ``decimals`` (stable CSV bytes)."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(decimals)
    return out


def compare(
    corpus: pd.DataFrame,
    hits: pd.DataFrame | ScoreTables,
    *,
    lexicon=None,
    naming=None,
    naming_hits: pd.DataFrame | None = None,
    actors=None,
    attributions: pd.DataFrame | None = None,
    voice_tokens: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
    by: str = "outlet",
    period: str | None = None,
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
    ci_method: str = "auto",
    keyness_top: int | None = 100,
    min_df: int = 3,
    exclude_self: bool | str = True,
    adjust: str = "none",
    metric: str = "hellinger",
    map_method: str = "mds",
    splitter=None,
    bias_model=None,
    progress: bool = False,
    texts=None,
) -> Comparison:
    """Every comparison table for ``corpus`` and its ``hits`` (``analysis.score`` output, or the
    :class:`analysis.ScoreTables` of ``analysis.score_tables``, whose side tables are then used).

    ``lexicon`` (path or Lexicon) fixes the categories so that categories without hits appear in
    the rates. ``naming`` (naming file or Lexicon) adds the naming table (its hits are computed
    with ``analysis.score`` unless ``naming_hits`` is given). ``actors`` (file(s) or table, see
    :func:`load_actors`) adds sides and actors to the sources table and the tone table.
    ``attributions``, ``voice_tokens`` and ``sentences`` are scoring's side tables
    (:mod:`analysis.scoring.reading`); any that is missing is built once for the documents
    compared (:func:`analysis.comparison.inputs.side_inputs`), so the sources table, the rates'
    per-voice token counts and the tone's sentences come from one reading of the text.

    ``differences``: :func:`rate_differences` for every pair of groups, every category and
    "ALL", voice "all" per 1,000 tokens and each voice per 1,000 tokens of the whole text and of
    its own words (``adjust`` as there); None, with a warning, beyond
    :data:`DIFFERENCES_MAX_GROUPS` groups (call :func:`rate_differences` with chosen pairs). ``keyness`` leaves each group's own name out of its
    list (``exclude_self``, see :func:`keyness`); what was left out is in
    ``params["keyness_excluded_self"]``. ``bias_model`` (a :class:`analysis.BiasModel` or its
    file) adds the ``bias`` table (:func:`bias_rates`, from the sentence side table) and the
    model's sha256, provenance and caveat to ``params``. ``progress``: a bar (tqdm, stderr)
    over these steps, naming the one running.

    A corpus without its text column (a workspace's corpus read by
    ``analysis.workspace.datasets.read_corpus_without_text``, for a corpus too large to hold
    its text) needs ``texts`` (where keyness, the tone and the bias table read the text, a part
    at a time), the attributions and voice tokens, the naming hits when ``naming`` is given,
    and the sentences when ``actors`` or ``bias_model`` are.
    The other options are those of the table functions; see their docstrings.
    """
    hits, attributions, voice_tokens, sentences = _unpack_score_tables(
        hits, attributions, voice_tokens, sentences
    )
    # The parameters that produced the tables (comparison.json); the steps below add to them.
    params: dict = {
        "by": by, "period": period, "seed": seed, "n_boot": n_boot, "dedup": dedup, "ci": ci,
        "ci_method": ci_method, "keyness_top": keyness_top, "min_df": min_df,
        "exclude_self": exclude_self, "adjust": adjust, "metric": metric,
        "map_method": map_method, "n_docs": int(len(corpus)), "n_hits": int(len(hits)),
    }
    categories = None
    if lexicon is not None:
        lex = load_lexicon(lexicon)
        categories = lex.categories
        params.update(lexicon=lex.name, lexicon_sha256=lex.sha256)
    common = {"by": by, "period": period, "dedup": dedup}
    boot = {"seed": seed, "n_boot": n_boot, "ci": ci}
    boot_m = {**boot, "ci_method": ci_method}
    need_sentences = needs_sentences(actors, bias_model, splitter)
    if "text" not in corpus.columns:
        lacks = without_text_lacks(
            attributions=attributions, voice_tokens=voice_tokens, naming=naming,
            naming_hits=naming_hits, actors=actors, sentences=sentences, splitter=splitter,
            bias_model=bias_model,
        ) + (["texts must be given"] if texts is None else [])
        if lacks:
            raise ValueError("compare: the corpus has no text column, so " + "; ".join(lacks))
    with _StepBar(progress) as step:
        step("side tables")
        side = _side_tables(corpus, attributions, voice_tokens, sentences, need_sentences,
                            common)
        step("rates")
        rates_t = rates(corpus, hits, categories=categories, voice_tokens=side.voice_tokens,
                        **common, **boot_m)
        step("differences")
        diff_t = _all_differences(
            corpus, hits, rates_t, categories, side.voice_tokens, adjust, {**common, **boot_m}
        )
        if diff_t is None:
            params["differences"] = f"not computed: more than {DIFFERENCES_MAX_GROUPS} groups"
        step("keyness")
        key_t = keyness(corpus, min_df=min_df, top_n=keyness_top, exclude_self=exclude_self,
                        texts=texts, **common)
        params["keyness_self_names"] = key_t.attrs.get("self_names", {})
        params["keyness_excluded_self"] = excluded_by_group(key_t)
        step("distances")
        dist_t = outlet_distances(rates_t, metric=metric, corpus=corpus, hits=hits, **common,
                                  **boot)
        map_t = outlet_map(rates_t, method=map_method, metric=metric, seed=seed)
        step("naming")
        naming_t = _naming_table(corpus, naming, naming_hits, params, {**common, **boot_m})
        step("sources and tone")
        tone_t, sources_t = _actor_tables(corpus, actors, side, splitter, texts, params,
                                          {**common, **boot_m})
        step("bias")
        bias_t = _bias_table(corpus, bias_model, side, texts, params, {**common, **boot_m})
    return Comparison(
        rates=rates_t, differences=diff_t, keyness=key_t, distances=dist_t, outlet_map=map_t,
        naming=naming_t, sources=sources_t, tone=tone_t, bias=bias_t, params=params,
    )


def without_text_lacks(
    *, attributions, voice_tokens, naming, naming_hits, actors, sentences, splitter=None,
    bias_model=None,
) -> list[str]:
    """What keeps :func:`compare` with these inputs from running on a corpus without its text
    column (besides ``texts``, where keyness, the tone and the bias table read it a part at a
    time), each as a clause of an error message; empty when nothing does. The command line
    reads a workspace's corpus without its text when this is empty."""
    lacks = [f"{name} must be given" for name, table in
             (("attributions", attributions), ("voice_tokens", voice_tokens)) if table is None]
    if naming is not None and naming_hits is None:
        lacks.append("naming_hits must be given")
    if actors is not None and sentences is None and splitter is None:
        lacks.append("sentences must be given with actors (the tone's sentences)")
    if bias_model is not None and sentences is None:
        lacks.append("sentences must be given with bias_model (the sentences it scores)")
    return lacks


def needs_sentences(actors, bias_model, splitter=None) -> bool:
    """Does :func:`compare` with these options read scoring's sentences side table? Only the
    tone table (with ``actors``, unless a ``splitter`` is given to split the text again) and
    the bias table (with ``bias_model``) do."""
    return (actors is not None and splitter is None) or bias_model is not None


class _StepBar:
    """A progress bar over :func:`compare`'s steps, as a context: ``bar(name)`` ends the step
    before and names the next; log lines are written above the bar, not through it. Off (no
    output at all) unless ``enabled``."""

    STEPS = 8

    def __init__(self, enabled: bool):
        self._enabled = enabled
        self._bar = None
        self._redirect = None
        self._running = False

    def __enter__(self) -> _StepBar:
        if self._enabled:
            from tqdm.auto import tqdm
            from tqdm.contrib.logging import logging_redirect_tqdm

            self._redirect = logging_redirect_tqdm()
            self._redirect.__enter__()
            self._bar = tqdm(total=self.STEPS, desc="compare", unit="step", leave=False)
        return self

    def __call__(self, name: str) -> None:
        if self._bar is None:
            return
        if self._running:
            self._bar.update()
        self._running = True
        self._bar.set_postfix_str(name)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.update(self.STEPS - self._bar.n)
            self._bar.close()
            self._redirect.__exit__(*exc)


def _unpack_score_tables(
    hits: pd.DataFrame | ScoreTables,
    attributions: pd.DataFrame | None,
    voice_tokens: pd.DataFrame | None,
    sentences: pd.DataFrame | None,
) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.DataFrame | None, pd.DataFrame | None]:
    """The hits table and the side tables: those passed, else a ScoreTables' own."""
    if isinstance(hits, ScoreTables):
        attributions = hits.attributions if attributions is None else attributions
        voice_tokens = hits.voice_tokens if voice_tokens is None else voice_tokens
        sentences = hits.sentences if sentences is None else sentences
        hits = hits.hits
    return hits, attributions, voice_tokens, sentences


def _side_tables(
    corpus: pd.DataFrame,
    attributions: pd.DataFrame | None,
    voice_tokens: pd.DataFrame | None,
    sentences: pd.DataFrame | None,
    need_sentences: bool,
    common: dict,
) -> SideInputs:
    """Scoring's side tables for the documents compared (``common``: by, period, dedup), any
    missing one built once: the tokens of each voice for the rates and the differences, the
    spans for the sources, the sentences for the tone (when ``need_sentences``)."""
    docs = group_documents(corpus, **common)
    if common["dedup"] and len(docs) < len(corpus):
        log.info("dedup: %d non-canonical cop(ies) left out", len(corpus) - len(docs))
    need = ["attributions", "voice_tokens"]
    if need_sentences:
        need.append("sentences")
    return side_inputs(
        corpus, docs, attributions=attributions, voice_tokens=voice_tokens, sentences=sentences,
        need=need,
    )


def _all_differences(
    corpus: pd.DataFrame,
    hits: pd.DataFrame,
    rates_t: pd.DataFrame,
    categories,
    voice_tokens: pd.DataFrame | None,
    adjust: str,
    options: dict,
) -> pd.DataFrame | None:
    """:func:`rate_differences` for every pair of groups, every category of ``rates_t`` and
    "ALL", every voice and both denominators; None (with a warning) beyond
    :data:`DIFFERENCES_MAX_GROUPS` groups. ``options``: grouping and bootstrap keywords."""
    cats = [c for c in dict.fromkeys(rates_t["category"]) if c != ALL]
    n_groups = rates_t["group"].nunique()
    if n_groups <= DIFFERENCES_MAX_GROUPS:
        return rate_differences(
            corpus,
            hits,
            categories=categories,
            category=[*cats, ALL],
            voice=list(RATE_VOICES),
            denominator=["all", "voice"],
            voice_tokens=voice_tokens,
            adjust=adjust,
            **options,
        )
    # k groups give k(k-1)/2 pairs x categories x voices rows: past this many groups the
    # table is too big to read (e.g. daily periods); the caller picks pairs instead.
    log.warning(
        "%d groups (%d pairs): pairwise differences not computed; call "
        "analysis.rate_differences(..., pairs=[...]) for the pairs you need",
        n_groups,
        n_groups * (n_groups - 1) // 2,
    )
    return None


def _naming_table(
    corpus: pd.DataFrame,
    naming,
    naming_hits: pd.DataFrame | None,
    params: dict,
    options: dict,
) -> pd.DataFrame | None:
    """:func:`naming_shares` for the naming file or Lexicon ``naming`` (None without one);
    records its name and sha256 in ``params``. ``options``: grouping and bootstrap keywords."""
    if naming is None:
        return None
    nlex = naming if isinstance(naming, Lexicon) else load_naming(naming)
    params.update(naming=nlex.name, naming_sha256=nlex.sha256)
    return naming_shares(corpus, nlex, hits=naming_hits, **options)


def _actor_tables(
    corpus: pd.DataFrame,
    actors,
    side: SideInputs,
    splitter,
    texts,
    params: dict,
    options: dict,
) -> tuple[pd.DataFrame | None, pd.DataFrame]:
    """The tone table (None without ``actors``) and the sources table (sides and actors only
    with ``actors``), from the side tables ``side``; records the actors' name and sha256 in
    ``params``. ``options``: grouping and bootstrap keywords."""
    tone_t = None
    if actors is not None:
        actors = load_actors(actors)
        params.update(actors=actors.name, actors_sha256=actors.sha256)
        tone_t = tone(
            corpus, actors=actors, sentences=side.sentences, splitter=splitter, texts=texts,
            **options
        )
    sources_t = sources(corpus, actors=actors, attributions=side.attributions, **options)
    return tone_t, sources_t


def _bias_table(
    corpus: pd.DataFrame, bias_model, side: SideInputs, texts, params: dict, options: dict
) -> pd.DataFrame | None:
    """:func:`bias_rates` with ``bias_model`` (None without one) on the sentence side table;
    records the model's file, sha256 and provenance in ``params``."""
    if bias_model is None:
        return None
    model = load_bias_model(bias_model)
    params.update(
        bias_model=str(model.path) if model.path is not None else None,
        bias_model_sha256=model.sha256,
        bias_model_provenance=model.provenance,
    )
    return bias_rates(corpus, model, sentences=side.sentences, texts=texts, **options)
