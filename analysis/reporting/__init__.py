"""Notebooks run headless into self-contained HTML reports, and what notebooks show.

Owns display helpers for notebooks (``display``), provenance records (``provenance``), corpus
summaries (``summaries``), HTML and PDF export (``html``) and the report build (``build``).
May import: ``analysis.figures``, ``analysis.evaluation`` and everything below them.
"""
