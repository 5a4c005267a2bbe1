"""Corpus and lexicon to hits, and the side tables every later stage reads instead of text.

Owns the hits table (``hits``: ``score``), per-document and per-term summaries and keyword in
context (``summaries``), and ``LexiconVectorizer`` for scikit-learn pipelines (``vectorizer``).
May import: ``analysis.voice``, ``analysis.lexicons``, ``analysis.corpus``, ``analysis.text``,
``analysis.config``.
"""
