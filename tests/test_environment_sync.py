"""environment.yml (conda users) and pyproject.toml (pip users) declare the same dependencies."""

from __future__ import annotations

import re
import tomllib

from analysis import config

# conda-forge names that differ from the PyPI name.
CONDA_TO_PYPI = {"lxml-html-clean": "lxml-html-clean"}
NOT_PACKAGES = {"python", "pip"}


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def split_req(req: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(.*)$", req)
    assert m, f"cannot parse requirement {req!r}"
    return norm(m.group(1)), m.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((config.REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    reqs = list(data["project"]["dependencies"]) + list(data["project"]["optional-dependencies"]["dev"])
    return dict(split_req(r) for r in reqs)


def conda_requirements() -> tuple[dict[str, str], list[str]]:
    """Parse the dependency list of environment.yml (a flat list plus a nested pip list)."""
    conda, pip, in_deps, in_pip = {}, [], False, False
    for line in (config.REPO_ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        stripped = line.split("#", 1)[0].rstrip()
        if not stripped:
            continue
        if not line.startswith(" "):
            in_deps = stripped.startswith("dependencies:")
            in_pip = False
            continue
        if not in_deps:
            continue
        item = stripped.strip()
        if item == "- pip:":
            in_pip = True
            continue
        if in_pip and line.startswith("      -"):
            pip.append(item[1:].strip())
            continue
        in_pip = False
        name, spec = split_req(item[1:].strip())
        if name not in NOT_PACKAGES:
            conda[CONDA_TO_PYPI.get(name, name)] = spec
    return conda, pip


def test_same_packages_and_versions():
    pyproject = pyproject_requirements()
    conda, _ = conda_requirements()
    assert sorted(set(pyproject) - set(conda)) == [], "in pyproject.toml, missing from environment.yml"
    assert sorted(set(conda) - set(pyproject)) == [], "in environment.yml, missing from pyproject.toml"
    differing = {k: (pyproject[k], conda[k]) for k in pyproject if pyproject[k] != conda[k]}
    assert differing == {}, "version bounds differ (pyproject, environment.yml)"


def test_environment_installs_the_package_with_pip_and_uses_conda_forge():
    text = (config.REPO_ROOT / "environment.yml").read_text(encoding="utf-8")
    assert re.search(r"^channels:\n\s+- conda-forge\s*$", text, re.M)
    _, pip = conda_requirements()
    assert pip == ["-e ."]


def test_sync_check_detects_drift(monkeypatch, tmp_path):
    """The parser really reads the files: a dropped package shows up as a difference."""
    env = (config.REPO_ROOT / "environment.yml").read_text(encoding="utf-8")
    fake_root = tmp_path
    (fake_root / "environment.yml").write_text(env.replace("  - datasketch>=1.6\n", ""), encoding="utf-8")
    (fake_root / "pyproject.toml").write_text(
        (config.REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.setattr(config, "REPO_ROOT", fake_root)
    conda, _ = conda_requirements()
    assert "datasketch" in pyproject_requirements() and "datasketch" not in conda
