"""(module under construction in this session: see the issue tracker)."""

__all__: list[str] = []
