"""Lexicon files, their provenance sidecars, and the one-pass multi-term matcher.

Owns the term syntax (``terms``), reading CSV and LIWC ``.dic`` lexicons (``files``), provenance
and checksums (``provenance``) and Aho-Corasick matching with exact offsets (``matcher``).
May import: ``analysis.text``, ``analysis.config``.
"""
