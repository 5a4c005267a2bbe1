"""Provenance sidecars of lexicon files: ``NAME.provenance.json`` beside ``NAME.csv``.

:func:`read_provenance` reads and checks a sidecar's keys (:data:`PROVENANCE_KEYS`);
:func:`verify_provenance` also checks that the recorded sha256 is the file's, so an edited
lexicon cannot keep an old description.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..outputs import file_sha256
from .terms import ProvenanceError

__all__ = [
    "PROVENANCE_KEYS",
    "file_sha256",
    "read_provenance",
    "sidecar_path",
    "verify_provenance",
]


PROVENANCE_KEYS = ("name", "version", "source", "licence", "sha256", "description", "created")


def sidecar_path(path: str | Path) -> Path:
    """Return the provenance sidecar of a lexicon file: ``NAME.provenance.json`` beside it."""
    path = Path(path)
    if path.name.endswith(".provenance.json"):
        return path
    return path.with_name(f"{path.stem}.provenance.json")


def read_provenance(path: str | Path) -> dict:
    """Return the provenance sidecar of lexicon ``path`` as a dict, checked for completeness.

    Raises :class:`ProvenanceError` when the sidecar is missing, is not a JSON object, or lacks
    one of :data:`PROVENANCE_KEYS` (or has it empty). Does not check the sha256: see
    :func:`verify_provenance`.
    """
    side = sidecar_path(path)
    if not side.is_file():
        raise ProvenanceError(f"{path}: no provenance sidecar (expected {side.name} beside it)")
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProvenanceError(f"{side}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ProvenanceError(f"{side}: expected a JSON object")
    missing = [k for k in PROVENANCE_KEYS if not str(data.get(k) or "").strip()]
    if missing:
        raise ProvenanceError(f"{side}: missing or empty key(s) {', '.join(missing)}")
    return data


def verify_provenance(path: str | Path) -> dict:
    """Check that lexicon ``path`` matches its sidecar; return the sidecar dict.

    Raises :class:`ProvenanceError` naming both digests when the file's sha256 differs from the
    recorded one (the lexicon was edited without updating its provenance), and for everything
    :func:`read_provenance` refuses.
    """
    path = Path(path)
    data = read_provenance(path)
    actual = file_sha256(path)
    recorded = str(data["sha256"]).strip().lower()
    if actual != recorded:
        raise ProvenanceError(
            f"{path}: sha256 is {actual} but {sidecar_path(path).name} records {recorded}; "
            "update the sidecar (version, description, sha256) after editing a lexicon "
            f"(python -m analysis lexicon hash {path})"
        )
    return data
