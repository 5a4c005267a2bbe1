"""Comparison tables to matplotlib figures (pure functions returning ``Figure`` objects).

Owns the house style and saving (``style``) and one module per kind of chart.
May import: ``analysis.comparison`` and everything below it.
"""
