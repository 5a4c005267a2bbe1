"""Document-bootstrap intervals for rates, shares and their differences.

Owns interval methods and helpers (``intervals``), the ratio bootstrap (``bootstrap``) and the
two-group contrast (``contrast``). What each interval means: ``docs/statistics.md``.
May import: ``analysis.config`` and numpy/scipy.
"""
