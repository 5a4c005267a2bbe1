"""``python -m analysis``: the command line (see ``analysis.cli``)."""

from .cli import main

raise SystemExit(main())
