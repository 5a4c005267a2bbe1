"""Every shipped lexicon carries provenance that matches its bytes."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from analysis import config
from analysis.lexicons.checks import lexicon_files
from analysis.lexicons.files import load_actors_file, load_lexicon, load_naming
from analysis.lexicons.provenance import (
    PROVENANCE_KEYS,
    read_provenance,
    sidecar_path,
    verify_provenance,
)
from analysis.lexicons.terms import ProvenanceError

SHIPPED = lexicon_files(config.LEXICON_DIR)


def test_the_shipped_lexicons_are_found():
    names = {p.name for p in SHIPPED}
    assert {"conflict_terms.csv", "naming_karabakh.csv"} <= names


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_lexicon_file_has_complete_matching_provenance(path):
    side = sidecar_path(path)
    assert side.is_file(), f"{path.name} has no sidecar {side.name}"
    data = json.loads(side.read_text(encoding="utf-8"))
    for key in PROVENANCE_KEYS:
        assert str(data.get(key) or "").strip(), f"{side.name}: key {key!r} missing or empty"
    # the sha256 is recomputed here, independently of analysis.lexicon
    assert data["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), (
        f"{path.name} was edited without updating {side.name} "
        f"(python -m analysis lexicon hash {path})"
    )
    assert verify_provenance(path) == data


@pytest.mark.parametrize(
    "path", [config.DEFAULT_LEXICON, config.DEFAULT_NAMING], ids=lambda p: p.name
)
def test_term_lexicons_have_their_build_notes(path):
    assert path.with_suffix(".md").is_file(), f"{path.name} needs {path.stem}.md beside it"


def test_edited_lexicon_fails_verification(tmp_path):
    lex = tmp_path / "conflict_terms.csv"
    shutil.copy(config.DEFAULT_LEXICON, lex)
    shutil.copy(sidecar_path(config.DEFAULT_LEXICON), sidecar_path(lex))
    verify_provenance(lex)  # an exact copy verifies
    with lex.open("a", encoding="utf-8") as fh:
        fh.write("new term,blame,1,added without updating provenance\n")
    with pytest.raises(ProvenanceError) as info:
        verify_provenance(lex)
    msg = str(info.value)
    assert hashlib.sha256(lex.read_bytes()).hexdigest() in msg
    assert "conflict_terms.provenance.json records" in msg


def test_missing_sidecar_and_missing_keys(tmp_path):
    lex = tmp_path / "mine.csv"
    lex.write_text("term,category\ngenocide,x\n", encoding="utf-8")
    with pytest.raises(ProvenanceError, match="no provenance sidecar"):
        read_provenance(lex)
    sidecar_path(lex).write_text(json.dumps({"name": "mine", "licence": " "}), encoding="utf-8")
    with pytest.raises(ProvenanceError, match="missing or empty key.*licence"):
        read_provenance(lex)
    sidecar_path(lex).write_text("{not json", encoding="utf-8")
    with pytest.raises(ProvenanceError, match="not valid JSON"):
        read_provenance(lex)


def test_loaded_lexicons_carry_their_sidecar(tmp_path):
    # every reader of a single file (terms, naming, actors) attaches the sidecar it finds
    for lex, path in (
        (load_lexicon(config.DEFAULT_LEXICON), config.DEFAULT_LEXICON),
        (load_naming(config.DEFAULT_NAMING), config.DEFAULT_NAMING),
        (load_actors_file(config.DEFAULT_ACTORS), config.DEFAULT_ACTORS),
    ):
        assert lex.provenance == json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    mine = tmp_path / "mine.csv"
    mine.write_text("term,category\ngenocide,x\n", encoding="utf-8")
    assert load_lexicon(mine).provenance is None  # no sidecar
