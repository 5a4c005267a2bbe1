"""The package version, read once from the installed distribution's metadata, and the version
of any installed distribution (for provenance records)."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("framing-analysis")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0+unknown"


def installed_version(dist: str) -> str | None:
    """The installed version of the distribution ``dist``, or None when it is not installed."""
    try:
        return version(dist)
    except PackageNotFoundError:
        return None
