"""The house rules of the package layout (docs/architecture.md), checked.

Imports flow one way (the import-linter contracts in pyproject.toml); no module takes another's
private names or hides an import of the package inside a function; the flat namespace keeps
every public name it has had; packaging finds every subpackage, also without an editable install.
"""

from __future__ import annotations

import ast
import importlib
import logging
import os
import shutil
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import pytest

import analysis
from analysis import config
from tests import FIXTURES

PACKAGE = config.PACKAGE_DIR
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "shipped" not in p.parts)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _internal_target(node: ast.ImportFrom, path: Path) -> str | None:
    """The package module an ImportFrom reads from, or None when it is a third-party import."""
    if node.level == 0:
        return node.module if (node.module or "").split(".")[0] == "analysis" else None
    base = _module_name(path).split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def test_import_contracts_are_kept(monkeypatch):
    from importlinter.cli import lint_imports

    monkeypatch.chdir(config.REPO_ROOT)
    # lint_imports configures logging with dictConfig, which disables every logger that exists
    # already (the package's own, when a test module imported a stage at collection): put them
    # back as they were, so that later tests still see the package's log lines
    loggers = [lg for lg in logging.root.manager.loggerDict.values()
               if isinstance(lg, logging.Logger)]
    disabled = [lg.disabled for lg in loggers]
    try:
        assert lint_imports(no_cache=True, no_logo=True) == 0  # `lint-imports` prints the details
    finally:
        for lg, was in zip(loggers, disabled, strict=True):
            lg.disabled = was


def test_layers_contract_lists_every_subpackage():
    pyproject = tomllib.loads((config.REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in pyproject["tool"]["importlinter"]["contracts"] if c["id"] == "layers")
    listed = {p.strip() for layer in contract["layers"] for p in layer.split("|")}
    actual = {f"analysis.{p.parent.name}" for p in PACKAGE.glob("*/__init__.py")}
    actual |= {f"analysis.{p.stem}" for p in PACKAGE.glob("*.py") if not p.stem.startswith("__")}
    assert actual - {"analysis.lexicons.shipped"} == listed


def test_no_package_import_inside_a_function():
    # Third-party libraries may load where they are used (start-up time); the package's own
    # modules never do: a function-level import is how a cycle used to be hidden.
    # The command line is the one exception: a subcommand loads its stage when it runs, so that
    # `python -m analysis --help` answers at once (start-up time, not a hidden cycle: the cli is
    # the top layer and may import everything).
    found = []
    for path in MODULES:
        if path.relative_to(PACKAGE).parts[0] == "cli":
            continue
        for fn in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(fn):
                    if isinstance(node, ast.ImportFrom) and _internal_target(node, path):
                        found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} in {fn.name}")
    assert not found


def test_no_module_takes_another_modules_private_names():
    found = []
    for path in MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and _internal_target(node, path):
                found += [f"{path.relative_to(PACKAGE)}: {a.name}" for a in node.names
                          if a.name.startswith("_") and a.name != "__version__"]
    assert not found


def test_flat_namespace_keeps_every_public_name():
    before = set((FIXTURES / "public_names.txt").read_text(encoding="utf-8").split())
    now = {n for n in dir(analysis)
           if not n.startswith("_") and not isinstance(getattr(analysis, n), types.ModuleType)}
    assert before <= now, sorted(before - now)
    assert set(analysis.__all__) <= now
    for name in analysis.__all__:  # each name resolves to the object its module defines
        module = importlib.import_module(analysis._MODULE_OF[name], "analysis")
        assert getattr(analysis, name) is getattr(module, name)


def test_every_modules_all_is_in_the_flat_namespace_exactly_once():
    exported: dict[str, str] = {}
    for path in MODULES:
        name = _module_name(path)
        if name.startswith("analysis.cli") or path.name == "__init__.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "__all__":
                for public in ast.literal_eval(node.value):
                    assert public not in exported, f"{public} in {exported.get(public)} and {name}"
                    exported[public] = name.removeprefix("analysis")
    assert exported == analysis._MODULE_OF


def test_submodules_are_not_shadowed_by_functions():
    # the star imports of the flat layout replaced analysis.compare (module) by compare()
    import analysis.comparison.rates as rates_module

    assert callable(analysis.compare) and callable(analysis.rates)
    assert rates_module.rates is analysis.rates
    for sub in ("text", "corpus", "lexicons", "voice", "scoring", "stats", "comparison",
                "figures", "evaluation", "reporting", "cli"):
        assert isinstance(importlib.import_module(f"analysis.{sub}"), types.ModuleType)
        assert sub not in analysis.__all__


def test_import_analysis_loads_no_stage():
    code = "import analysis, sys; print(sorted(m for m in sys.modules if m.startswith(('analysis.', 'pandas', 'matplotlib'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['analysis.about', 'analysis.config']"


def test_setuptools_lists_every_subpackage():
    pyproject = tomllib.loads((config.REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    actual = {"analysis"} | {f"analysis.{p.parent.name}" for p in PACKAGE.glob("*/__init__.py")}
    assert listed == actual | {"analysis.lexicons.shipped", "analysis.voice.shipped"}


@pytest.mark.slow
def test_a_plain_non_editable_install_works(tmp_path):
    wheels, target, source = tmp_path / "wheels", tmp_path / "site", tmp_path / "source"
    # built from a copy: setuptools leaves a build/ folder in the tree it builds
    shutil.copytree(config.REPO_ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "reports", "*.egg-info", "__pycache__", "_data"))
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(wheels), str(source)],
                   check=True, capture_output=True)
    wheel = next(wheels.glob("*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("FRAMING_DATA_DIR", None)
    code = (
        "import analysis, importlib, pkgutil;"
        "mods = [m.name for m in pkgutil.walk_packages(analysis.__path__, 'analysis.')"
        " if not m.name.endswith('__main__')];"
        "[importlib.import_module(m) for m in mods];"
        "print(analysis.__file__); print(len(mods));"
        "print(len(analysis.load_lexicon(analysis.config.DEFAULT_LEXICON)));"
        "print(len(analysis.load_voice_model().candidates))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, cwd=tmp_path, check=True).stdout.split()
    assert out[0].startswith(str(target))  # the installed copy, not the source tree
    assert int(out[1]) == len([p for p in MODULES if p.name != "__main__.py"]) - 1
    assert int(out[2]) > 100  # the shipped default lexicon travels inside the wheel
    assert int(out[3]) > 100  # and so does the voice model (the annotator is not rules-only)
    check = subprocess.run([sys.executable, "-m", "analysis", "lexicon", "check"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "file(s) ok" in check.stdout and "error" not in check.stdout
