"""Who is speaking: direct quotes, reported speech, speakers, negation and hedging.

Owns the word lists (``words``), the small types the rules pass around (``units``), the quote
scanner (``quotes``), noun phrases and speaker names (``phrases``), reporting constructions
(``cues``), negation and hedging (``modality``), the per-document state (``document``) and the
public annotator with ``attribution_table`` (``annotator``). Rules: ``docs/voice.md``.
May import: ``analysis.text``, ``analysis.config``.
"""
