"""The notebooks: kept diffable and thin (fast checks), and executed end to end (slow checks).

Policy: notebooks are committed without outputs, stripped by nbstripout (`make strip`); this
file fails when a notebook with outputs, execution counts or logic is committed.
"""

from __future__ import annotations

import ast
import subprocess
import sys

import nbformat
import pytest

import analysis
from analysis import config

NOTEBOOKS = sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))
SAVERS = {"show_figure": "figures", "show_table": "tables", "save_table": "tables"}


def code_cells(path):
    nb = nbformat.read(path, as_version=4)
    return [c for c in nb.cells if c.cell_type == "code"]


def saved_names(path) -> dict[str, list[str]]:
    """{"figures": [...], "tables": [...]}: the names a notebook's cells save under."""
    found: dict[str, list[str]] = {"figures": [], "tables": []}
    for cell in code_cells(path):
        for node in ast.walk(ast.parse(cell.source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in SAVERS
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
            ):
                found[SAVERS[node.func.attr]].append(node.args[1].value)
    return found


# Notebooks that are not report pages (yet): walk-throughs run on their own
STANDALONE = {"05_lexicon_induction"}


def test_there_are_the_four_report_notebooks():
    pages = [p.notebook for p in analysis.REPORT_PAGES]
    assert [p.stem for p in NOTEBOOKS if p.stem not in STANDALONE] == pages
    assert STANDALONE <= {p.stem for p in NOTEBOOKS}


@pytest.mark.slow
def test_the_standalone_notebooks_run(tmp_path):
    from nbclient import NotebookClient

    for stem in sorted(STANDALONE):
        nb = nbformat.read(config.NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4)
        NotebookClient(nb, timeout=600, kernel_name="python3",
                       resources={"metadata": {"path": str(tmp_path)}}).execute()
        errors = [o for c in code_cells_of(nb) for o in c.outputs if o.output_type == "error"]
        assert not errors, stem


def code_cells_of(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in code_cells(path):
        assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: run `make strip`"
    assert set(nb.metadata) <= {"kernelspec", "language_info"}
    assert nb.metadata["kernelspec"]["name"] == "python3"


def test_nbstripout_would_change_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--verify", *map(str, NOTEBOOKS)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_notebooks_pass_ruff():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", str(config.NOTEBOOKS_DIR)],
        capture_output=True,
        text=True,
        cwd=config.REPO_ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_code_cell_is_the_parameters_cell(path):
    first = code_cells(path)[0]
    assert first.metadata.get("tags") == ["parameters"]
    assigned = {
        target.id
        for node in ast.parse(first.source).body
        if isinstance(node, ast.Assign)
        for target in node.targets
    }
    # The same names build_report injects, each with a default so the notebook runs as it is.
    assert assigned == set(analysis.default_parameters())
    # Defaults come from analysis.config, never from paths relative to the working directory.
    assert "analysis.config." in first.source
    for node in ast.walk(ast.parse(first.source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            assert "/" not in node.value and "\\" not in node.value, node.value


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_cells_are_thin(path):
    for cell in code_cells(path):
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)
            ), f"{path.name}: define functions in analysis/, not in notebooks"
            assert not isinstance(node, (ast.For, ast.While)), f"{path.name}: loop in a notebook"
        assert len(cell.source.splitlines()) <= 24, f"{path.name}: cell too long"
        assert "open(" not in cell.source and "../" not in cell.source


def test_saved_names_are_unique_across_notebooks():
    seen: dict[str, set[tuple[str, str]]] = {"figures": set(), "tables": set()}
    for path in NOTEBOOKS:
        for kind, names in saved_names(path).items():
            # show_table and save_table of the same name in one notebook would overwrite each other
            assert len(names) == len(set(names)), f"{path.name}: repeated {kind} name"
            for name in names:
                clash = [p for n, p in seen[kind] if n == name]
                assert not clash, f"{kind}/{name} saved by {path.name} and {clash}"
                seen[kind].add((name, path.name))


def test_methods_notebook_points_to_the_documentation():
    methods = config.NOTEBOOKS_DIR / "04_methods.ipynb"
    source = "\n".join(c.source for c in nbformat.read(methods, as_version=4).cells)
    for doc in ("voice.md", "statistics.md", "reposts.md"):
        assert doc in source
