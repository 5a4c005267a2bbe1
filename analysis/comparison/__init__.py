"""Hits (and their side tables) to comparison tables, with document-level uncertainty.

Owns grouping and the shared bootstrap plumbing (``groups``), rates (``rates``), pairwise
differences (``differences``), keyness (``keyness``), competing names (``naming``), who speaks
(``sources``), tone (``tone``), outlet similarity (``similarity``) and ``compare`` with its
``Comparison`` (``pipeline``).
May import: ``analysis.scoring``, ``analysis.stats`` and everything below them.
"""
