"""How good is it: third-party datasets, validation runs and planted synthetic corpora.

Owns dataset readers (``datasets``), lexicon checks against annotated words and labels
(``lexicon_checks``), voice checks (``voice_checks``, ``voice_gold``), the validation suite
(``suite``), synthetic corpora with known rates (``synthetic``) and interval coverage studies
(``interval_studies``).
May import: ``analysis.comparison`` and everything below it.
"""
