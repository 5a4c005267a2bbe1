"""Checks every stage makes of the tables handed to it.

One function says "this table lacks these columns" the same way everywhere, naming the table and,
where it helps, what was expected, so a user who passes the wrong table learns which one.
"""

from __future__ import annotations

from collections.abc import Iterable


def require_columns(
    table, columns: Iterable[str], what: str, *, hint: str = "", error: type = ValueError
) -> None:
    """Raise ``error("{what} is missing column(s) a, b ({hint})")`` when ``table`` (a DataFrame)
    lacks any of ``columns``; return None when it has them all."""
    missing = [c for c in dict.fromkeys(columns) if c not in table.columns]
    if missing:
        raise error(f"{what} is missing column(s) {', '.join(missing)}" + (f" ({hint})" if hint else ""))
