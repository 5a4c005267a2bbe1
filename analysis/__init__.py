"""Framing analysis for news corpora.

Data flows one way, one subpackage per stage (``docs/architecture.md`` draws it)::

    files ─▶ corpus ─▶ hits (+ attributions, voice tokens, sentences) ─▶ comparison tables
          ─▶ figures ─▶ reports

``analysis.text``        normalisation, tokens, sentences
``analysis.corpus``      reading files into the corpus table: readers, boilerplate, origin,
                         near-duplicates
``analysis.lexicons``    lexicon files, their provenance, and the multi-term matcher
``analysis.voice``       who speaks: quotes, reporting cues, speakers, negation and hedging
``analysis.scoring``     hits and the side tables later stages read
``analysis.models``      a lexicon learned from annotators' marked words, a sentence bias model
``analysis.stats``       document bootstrap intervals
``analysis.comparison``  rates, differences, keyness, naming, sources, tone, similarity
``analysis.figures``     matplotlib figures of those tables
``analysis.evaluation``  validation on third-party datasets and planted synthetic corpora
``analysis.reporting``   notebooks run headless into self-contained HTML reports
``analysis.cli``         ``python -m analysis SUBCOMMAND``

Every public function and class is also a name of this package (``analysis.score``,
``analysis.compare``, ...), so ``import analysis`` is enough in a notebook. The names are
loaded on first use (PEP 562), so ``import analysis`` and ``python -m analysis --help`` stay
fast and a stage's third-party libraries (matplotlib, nbconvert, trafilatura) load only when
that stage is used.
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version  # noqa: F401  (public since 0.1)

from . import config as config  # the paths module, as analysis.config
from .about import __version__ as __version__

# public name -> the module that defines it (one module per name; tests/test_namespace.py checks
# that every module's __all__ is listed here and that nothing else is)
_EXPORTS: dict[str, tuple[str, ...]] = {
    ".comparison.bias": (
        "BIAS_COLUMNS", "BIAS_VOICES", "bias_rates", "bias_summary", "sentence_voices",
    ),
    ".comparison.differences": (
        "DIFFERENCES_COLUMNS", "DIFFERENCES_MAX_GROUPS", "rate_differences",
    ),
    ".comparison.fit": ("FIT_THRESHOLDS", "LexiconFit", "lexicon_fit",),
    ".comparison.groups": ("GROUP_MISSING", "RATE_VOICES", "group_labels",),
    ".comparison.induction": (
        "CANDIDATE_COLUMNS", "induce_candidates", "induced_provenance", "select_lexicon",
    ),
    ".comparison.keyness": ("ENGLISH_STOPWORDS", "keyness", "keyness_terms", "self_names",),
    ".comparison.naming": ("naming_shares",),
    ".comparison.over_time": (
        "EVENT_COLUMNS", "choose_period", "event_differences", "rates_over_time", "read_events",
    ),
    ".comparison.pipeline": ("Comparison", "compare", "write_tables",),
    ".comparison.rates": ("RATES_COLUMNS", "rates",),
    ".comparison.similarity": ("outlet_distances", "outlet_map",),
    ".comparison.sources": ("load_actors", "sources",),
    ".comparison.tone": ("tone", "vader_compound",),
    ".corpus.boilerplate": (
        "BLOCK_HEADINGS", "LABELS", "LineCounts", "PHRASES", "PHRASE_LEAD_WORDS",
        "PHRASE_MAX_WORDS", "PREFIXES", "TITLE_MAX_WORDS", "TITLE_MIN_WORDS", "clean_corpus",
        "clean_page", "clean_pages", "line_counts", "line_keys", "line_support", "warn_copies",
    ),
    ".corpus.dedup": (
        "CANDIDATE_MARGIN", "DEFAULT_NUM_PERM", "DEFAULT_SHINGLE_SIZE", "DEFAULT_THRESHOLD",
        "band_hashes", "candidate_pairs", "check_ids", "cluster_near_duplicates",
        "duplicate_components", "duplicate_groups", "grouped_positions", "jaccard", "lsh_layout",
        "near_duplicate_pairs", "pairwise_agreement", "shingle_set", "verify_pairs",
    ),
    ".corpus.files": (
        "DATASET_MARKER", "SUPPORTED_EXTENSIONS", "corpus_dataset_parts", "dataset_kind",
        "input_files",
    ),
    ".corpus.html": ("html_body_text",),
    ".corpus.origin": (
        "DATELINE_LINES", "DOMAIN_ALIASES", "OUTLET_ALIASES", "OriginPlan", "attribute_origin",
        "attribution_line_spans", "domain_label", "find_origin", "normalize_outlet", "origin_plan",
        "outlet_counts", "outlet_key", "page_self_name", "site_name", "unify_outlet_spellings",
    ),
    ".corpus.pipeline": (
        "IngestResult", "PreparedPart", "cast_extras", "corpus_from_inputs", "dedup_options",
        "extra_dtypes", "first_records", "ingest", "load_corpus", "part_line_keys", "prepare_part",
        "read_path", "record_outcome", "type_extras",
    ),
    ".corpus.records": ("REPORT_COLUMNS",),
    ".corpus.schema": (
        "CORPUS_COLUMNS", "CORPUS_SCHEMA", "CorpusError", "coerce_corpus", "empty_corpus",
        "is_corpus_file", "read_corpus", "validate_corpus", "write_corpus",
    ),
    ".evaluation.babe_classifier": (
        "BABE_MODEL_CAVEAT", "BIAS_MODELS", "babe_classifier", "cross_validate_bias_model",
        "macro_f1_interval", "train_bias_model",
    ),
    ".evaluation.babe_induction": ("BABE_FOLDS", "babe_folds", "babe_induced_lexicon",),
    ".evaluation.coding": ("CODING_COLUMNS", "coding_agreement", "read_coded", "sample_hits",),
    ".evaluation.datasets": (
        "ALLSIDES_FILE", "BABE_FILE", "RECASENS_FILE", "RECASENS_MODIFIED_FILE", "read_allsides",
        "read_babe", "recasens_lexicon",
    ),
    ".evaluation.interval_studies": (
        "INTERVAL_METHODS", "STUDY_BURSTINESS", "difference_study", "difference_summary",
        "interval_study", "interval_summary",
    ),
    ".evaluation.lexicon_checks": (
        "bootstrap_auc", "marked_token_counts", "marked_word_overlap", "outlet_correlation",
        "outlet_rates", "sentence_auc",
    ),
    ".evaluation.polnear": (
        "POLNEAR_DIR", "POLNEAR_SPLITS", "PolnearError", "article_bucket", "read_polnear",
    ),
    ".evaluation.suite": ("VALIDATION_TABLES", "ValidationResult", "validate",),
    ".evaluation.speaker_training": (
        "gold_attributions", "speaker_training_rows", "speakerless_spans",
    ),
    ".evaluation.tagger_training": (
        "SPEAKER_HOLDOUT", "polnear_word_voices", "run_speaker_rows", "train_voice_tagger",
    ),
    ".evaluation.synthetic": ("DEFAULT_SYNTHETIC_TERMS", "SyntheticCorpus", "synthetic_corpus",),
    ".evaluation.voice_checks": (
        "hit_voices", "marked_word_voices", "side_differences", "side_voice_shares", "token_voices",
    ),
    ".evaluation.voice_gold": ("VoiceEvaluation", "evaluate_voice",),
    ".evaluation.voice_metrics": (
        "PolnearVoiceEvaluation", "attribution_overlap", "bootstrap_articles",
        "confusion_from_labels", "evaluate_polnear_voice", "gold_quote_regions",
        "gold_token_labels", "is_pronoun_source", "label_tokens", "predicted_token_labels",
        "source_texts", "speaker_agreement", "speaker_outcome", "voice_confusion", "voice_scores",
        "word_range",
    ),
    ".evaluation.voice_training": (
        "CUE_THRESHOLD", "SPAN_THRESHOLD", "SPEAKER_THRESHOLD", "cue_form_counts",
        "fit_linear_model", "fit_speaker_chooser", "train_voice_model",
        "write_voice_model",
    ),
    ".figures.actors": ("plot_sources", "plot_tone",),
    ".figures.bias": ("plot_bias_rates",),
    ".figures.corpus": ("plot_corpus_overview",),
    ".figures.differences": ("plot_differences",),
    ".figures.maps": ("plot_outlet_map",),
    ".figures.rates": ("plot_heatmap", "plot_rates", "plot_voice_breakdown",),
    ".figures.style": ("PLOT_STYLE", "VOICE_COLORS", "caption_for", "figure_png", "save_figure",),
    ".figures.time": ("plot_rates_over_time",),
    ".figures.words": ("plot_keyness", "plot_naming",),
    ".lexicons.checks": ("lexicon_files",),
    ".lexicons.files": (
        "ENTRY_COLUMNS", "Lexicon", "load_actors_file", "load_lexicon", "load_naming",
        "write_lexicon",
    ),
    ".lexicons.forms": ("marked_form", "marked_word_forms", "regular_inflections",),
    ".lexicons.matcher": ("Match", "Matcher",),
    ".lexicons.provenance": (
        "PROVENANCE_KEYS", "file_sha256", "read_provenance", "sidecar_path", "verify_provenance",
    ),
    ".lexicons.terms": (
        "APOSTROPHES", "LexiconError", "LexiconWarning", "ProvenanceError", "fold_text", "term_key",
        "term_problem",
    ),
    ".models.bias": ("LexiconFeatures", "TextColumn", "make_bias_model",),
    ".models.marked": (
        "MARKED_INDUCER_GRID", "MarkedLexiconInducer", "marked_term_rates", "token_f1_counts",
        "tune_marked_inducer",
    ),
    ".models.store": (
        "BIAS_MODEL_FORMAT", "BiasModel", "bias_model_caveat", "load_bias_model", "save_bias_model",
    ),
    ".outputs": (
        "FORMULA_PREFIXES", "MANIFEST", "atomic_path", "read_csv", "write_csv", "written_outputs",
    ),
    ".reporting.browse": ("browse", "browse_rows", "hits_html",),
    ".reporting.build": ("ReportResult", "build_report", "report_parameters",),
    ".reporting.display": (
        "save_table", "show_document", "show_figure", "show_fit", "show_note", "show_table",
    ),
    ".reporting.html": ("CHROMIUM_PATH", "export_html", "render_pdf", "write_index",),
    ".reporting.pages": ("REPORT_PAGES", "ReportError", "ReportPage",),
    ".reporting.provenance": (
        "corpus_sha256", "default_parameters", "git_commit", "parameters_from", "provenance",
        "show_provenance",
    ),
    ".reporting.summaries": ("corpus_summary", "ingest_audit", "language_summary",),
    ".scoring.hits": (
        "HITS_COLUMNS", "HITS_DTYPES", "annotator_candidates", "default_annotator", "find_terms",
        "language_counts", "read_hits", "score", "warn_language_counts",
    ),
    ".scoring.reading": (
        "LEAN_DROPS", "SENTENCE_COLUMNS", "SENTENCE_VOICE_COLUMNS", "SIDE_TABLES", "ScoreTables",
        "combine_score_tables", "lean_drops", "score_part", "score_tables", "side_paths",
        "side_tables",
    ),
    ".scoring.summaries": (
        "SUMMARY_COLUMNS", "VOICE_TOKEN_COLUMNS", "doc_summary", "kwic", "voice_counts",
        "voice_token_counts",
    ),
    ".scoring.vectorizer": ("LexiconVectorizer",),
    ".stats.bootstrap": ("RatioBootstrap", "bootstrap_ratio",),
    ".stats.contrast": ("CONTRAST_METHODS", "ContrastInterval", "bootstrap_contrast",),
    ".stats.intervals": (
        "AUTO_METHODS", "BOOTSTRAP_METHODS", "auto_method", "bootstrap_weights", "expanded_levels",
        "group_rng", "percentile_interval", "poisson_rate_interval", "welch_expanded_levels",
    ),
    ".study": ("Study", "StudyError", "load_study",),
    ".text.language": ("UNDETERMINED", "detect_language",),
    ".text.normalize": ("normalize_text",),
    ".text.sentences": (
        "NEWS_ABBREVIATIONS", "SENTENCE_STARTERS", "SentenceSplitter", "paragraph_spans",
        "selected_texts", "split_sentences", "training_candidates", "training_keys",
        "training_selection",
    ),
    ".text.tokens": ("TOKEN_PATTERN", "count_tokens", "iter_tokens", "tokenize",),
    ".voice.annotator": ("Reading", "VoiceAnnotator", "attribution_table", "attributions",),
    ".voice.learned": (
        "LinearModel", "VOICE_MODEL_FILE", "VoiceModel", "cue_features", "load_voice_model",
        "span_features",
    ),
    ".voice.neural": ("NeuralVoiceTagger", "load_voice_tagger", "neural_available",),
    ".voice.tagged": (
        "WordTagger", "run_candidates", "tagged_attributions", "word_spans", "word_voices",
        "words_in",
    ),
    ".voice.words": ("HEDGE_WORDS", "NEGATORS", "REPORTING_VERBS",),
    ".workspace.build": (
        "CORPUS_CODE", "HITS_CODE", "INGEST_OPTIONS", "WorkspacePaths", "code_sha256",
        "corpus_record", "ensure_workspace", "hits_record",
        "record_digest", "up_to_date", "workspace_tables",
    ),
    ".workspace.cluster": ("Runner", "SchedulerUnreachable", "open_runner",),
    ".workspace.datasets": (
        "DATASET_SCHEMA_VERSION", "DatasetTexts", "DatasetWriter", "INGEST_REPORT", "MARKER",
        "PART_DOCUMENTS", "dataset_info", "dataset_parts", "is_dataset", "is_dataset_path",
        "read_corpus_dataset", "read_corpus_input", "read_corpus_without_text", "read_hits_input",
        "read_ingest_report", "read_score_dataset",
    ),
    ".workspace.ingest": ("DatasetIngest", "ingest_dataset",),
    ".workspace.report_inputs": ("StudyTables", "study_tables",),
    ".workspace.score": ("corpus_part_files", "score_dataset", "score_in_parts", "score_parts",),
}
_MODULE_OF: dict[str, str] = {name: mod for mod, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
