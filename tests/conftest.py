"""Shared fixtures. Tests that read ../shared skip cleanly when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import config
from tests import FIXTURES


@pytest.fixture
def fixtures_dir() -> Path:
    """Folder of small inputs written for the tests."""
    return FIXTURES


@pytest.fixture
def seed_page() -> Path:
    """The CNN-via-content-farm seed page; skips the test when ../shared is absent."""
    if not config.SEED_PAGE.is_file():
        pytest.skip(f"seed page not found at {config.SEED_PAGE}")
    return config.SEED_PAGE


@pytest.fixture
def seed_text(seed_page: Path) -> str:
    return seed_page.read_text(encoding="utf-8")


@pytest.fixture
def datasets_dir() -> Path:
    """Third-party validation datasets; skips the test when ../shared/datasets is absent."""
    if not config.DATASETS_DIR.is_dir():
        pytest.skip(f"validation datasets not found at {config.DATASETS_DIR}")
    return config.DATASETS_DIR
