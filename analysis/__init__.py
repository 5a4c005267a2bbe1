"""Framing analysis for news corpora.

Data flow, one module per stage, each a function of the tables before it::

    files ──ingest──▶ corpus ──score──▶ hits ──compare──▶ comparison tables ──plots──▶ figures
                                                                         └──report──▶ HTML

The public names of every module are re-exported here, so ``import analysis`` is enough in a
notebook: ``analysis.load_corpus``, ``analysis.score``, ``analysis.compare``, ...
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("framing-analysis")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"

from . import config as config  # the paths module, as analysis.config
from .boilerplate import *  # noqa: F403
from .compare import *  # noqa: F403
from .corpus import *  # noqa: F403
from .dedup import *  # noqa: F403
from .ingest import *  # noqa: F403
from .lexicon import *  # noqa: F403
from .matching import *  # noqa: F403
from .origin import *  # noqa: F403
from .plots import *  # noqa: F403
from .report import *  # noqa: F403
from .scoring import *  # noqa: F403
from .sentences import *  # noqa: F403
from .stats import *  # noqa: F403
from .synthetic import *  # noqa: F403
from .textnorm import *  # noqa: F403
from .tokens import *  # noqa: F403
from .validation import *  # noqa: F403
from .vectorizer import *  # noqa: F403
from .voice import *  # noqa: F403
