"""Every path the package uses, resolved from this file's location, never from the working directory.

Notebooks, the command line and the tests all import paths from here, so a notebook opened from
any folder (JupyterLab, papermill, nbmake) finds the demo corpus and the lexicons.

Environment overrides, for running against other data without editing code:

``FRAMING_DATA_DIR``     folder holding ``demo/``, ``lexicons/`` and ``voice/`` (default: ``<repo>/data``)
``FRAMING_REPORTS_DIR``  where reports are written (default: ``<repo>/reports``)
``FRAMING_SHARED_DIR``   third-party validation datasets (default: ``<repo>/../shared``)
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


DATA_DIR = _env_path("FRAMING_DATA_DIR", REPO_ROOT / "data")
DEMO_DIR = DATA_DIR / "demo"
# A source checkout reads data/lexicons; an installed wheel (no data/ beside the package) reads
# the copy shipped inside it (pyproject.toml, [tool.setuptools.package-dir]); the voice model too.
SHIPPED_LEXICON_DIR = PACKAGE_DIR / "lexicons" / "shipped"
LEXICON_DIR = (
    DATA_DIR / "lexicons"
    if (DATA_DIR / "lexicons").is_dir() or not SHIPPED_LEXICON_DIR.is_dir()
    else SHIPPED_LEXICON_DIR
)
SHIPPED_VOICE_DIR = PACKAGE_DIR / "voice" / "shipped"
VOICE_DIR = (
    DATA_DIR / "voice"
    if (DATA_DIR / "voice").is_dir() or not SHIPPED_VOICE_DIR.is_dir()
    else SHIPPED_VOICE_DIR
)
REPORTS_DIR = _env_path("FRAMING_REPORTS_DIR", REPO_ROOT / "reports")
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
BENCHMARKS_DIR = REPO_ROOT / "benchmarks"

# Third-party, human-annotated datasets that live beside the repository (never copied into it).
SHARED_DIR = _env_path("FRAMING_SHARED_DIR", REPO_ROOT.parent / "shared")
SEEDS_DIR = SHARED_DIR / "seeds"
DATASETS_DIR = SHARED_DIR / "datasets"
SEED_PAGE = SEEDS_DIR / "000_3ed2ac33a6168454.txt"

# Shipped defaults (each has a provenance sidecar, see analysis.lexicon).
DEFAULT_LEXICON = LEXICON_DIR / "conflict_terms.csv"
DEFAULT_NAMING = LEXICON_DIR / "naming_karabakh.csv"
DEFAULT_ACTORS = LEXICON_DIR / "actors_karabakh.csv"
DEMO_ACTORS = DATA_DIR / "demo_actors.csv"
DEMO_EVENTS = DATA_DIR / "demo_events.csv"  # dates of the 2023 offensive, for the over-time chart
DEMO_STUDY = DATA_DIR / "demo_study.toml"

# The demo corpus is every file under DEMO_DIR; its side files (actors list) live beside it.
DEMO_CORPUS = DEMO_DIR

DEFAULT_SEED = 20231919
