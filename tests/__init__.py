"""The test suite mirrors the package: tests/<subpackage>/ tests analysis/<subpackage>/."""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"  # small inputs written for the tests
