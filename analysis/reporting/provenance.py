"""Provenance of a report: package version and commit, library versions, input hashes, parameters."""

from __future__ import annotations

import datetime as _dt
import hashlib
import html
import json
import platform
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from .. import config
from ..about import __version__, installed_version
from ..corpus.files import input_files
from ..lexicons.provenance import file_sha256, sidecar_path
from ..voice.neural import PARAMS_FILE as TAGGER_PARAMS_FILE
from .display import display_html

__all__ = [
    "parameters_from",
    "corpus_sha256",
    "default_parameters",
    "git_commit",
    "provenance",
    "show_provenance",
]


# Key libraries whose versions go into the provenance block (distribution names).
_KEY_LIBRARIES = (
    "pandas",
    "numpy",
    "scipy",
    "scikit-learn",
    "matplotlib",
    "nltk",
    "vaderSentiment",
    "pyahocorasick",
    "datasketch",
    "trafilatura",
    "papermill",
    "nbconvert",
)


def _input_files(paths: Iterable[str | Path]) -> list[tuple[str, Path]]:
    """The files ingest reads under ``paths`` (:func:`analysis.ingest.input_files`: its file
    discovery, default exclude patterns and source names), as (name, path) sorted by name.
    A broken link has no bytes to hash and is left out (ingest rejects it as unreadable)."""
    paths = [Path(p) for p in paths]
    for p in paths:
        if not p.exists():
            raise FileNotFoundError(f"{p}: no such file or folder (corpus)")
    if not paths:
        return []
    return sorted((name, f) for name, f in input_files(paths) if f.is_file())


def corpus_sha256(paths: str | Path | Iterable[str | Path]) -> tuple[str, int]:
    """Return ``(sha256, number of files)`` identifying the corpus inputs.

    The hash is over the input files' bytes, not over the ingested table (so it names the data
    exactly, whatever version of the cleaning code ran): for every file ingest would read, in
    sorted order of its name as the ingest report gives it (relative to the folder that holds
    every input: ``demo/wire/a.jsonl`` for the input ``data/demo``), the line
    ``NAME<TAB>SHA256-OF-BYTES<LF>``; the sha256 of all those lines is the corpus hash. Renaming
    or editing any input file changes it; the order inputs are given in does not.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    digest = hashlib.sha256()
    files = _input_files(paths)
    for rel, path in files:
        digest.update(f"{rel}\t{file_sha256(path)}\n".encode())
    return digest.hexdigest(), len(files)


def git_commit(repo: str | Path | None = None) -> str:
    """Return the repository's commit (``abc123…``, ``+dirty`` when tracked files changed), or
    a short explanation when it cannot be known (no git, not a checkout). Never raises."""
    repo = Path(repo or config.REPO_ROOT)
    git = shutil.which("git")
    if git is None:
        return "unknown (git not installed)"
    try:
        head = subprocess.run(
            [git, "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            [git, "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown (not a git checkout)"
    return head + ("+dirty" if dirty else "")


def as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, Path)):
        return [str(value)]
    return [str(v) for v in value]


def _lexicon_record(path: str, role: str) -> dict:
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"{p}: no such file ({role})")
    record = {"role": role, "path": str(p), "sha256": file_sha256(p)}
    sidecar = sidecar_path(p)
    if sidecar.is_file():
        try:
            side = json.loads(sidecar.read_text(encoding="utf-8"))
            record["version"] = str(side.get("version", ""))
            record["source"] = str(side.get("source", ""))
        except (OSError, ValueError) as exc:
            record["version"] = f"unreadable sidecar: {exc}"
    return record


def default_parameters(**overrides) -> dict:
    """Return the report parameters with defaults from :mod:`analysis.config` (the demo corpus,
    the default lexicon, naming and actors files, the default seed), updated by ``overrides``.

    These are the names of the notebooks' ``parameters`` cell: ``corpus_paths``,
    ``lexicon_path``, ``naming_path`` (None: no naming section), ``actors_paths`` ([]: no
    sources or tone sections), ``seed``, ``by``, ``n_boot``, ``title``, ``output_dir``,
    ``period`` (None: chosen from the corpus), ``events_path`` (a ``date,label`` CSV or None),
    ``coded_path`` (hand-coded hits from ``sample-hits`` or None), ``bias_model_path`` (a model
    from ``train-bias`` or None), ``voice_tagger_path`` (a neural voice tagger folder from
    ``train-voice`` or None: the rules alone), ``workspace`` (a workspace folder or None) and ``study_path``
    (the study file the parameters came from, or None).
    """
    params = {
        "corpus_paths": as_list(config.DEMO_CORPUS),
        "lexicon_path": str(config.DEFAULT_LEXICON),
        "naming_path": str(config.DEFAULT_NAMING),
        "actors_paths": [str(config.DEFAULT_ACTORS), str(config.DEMO_ACTORS)],
        "seed": config.DEFAULT_SEED,
        "by": "outlet",
        "n_boot": 1000,
        "title": "Framing analysis of the demo corpus",
        "output_dir": None,
        "period": None,
        "events_path": str(config.DEMO_EVENTS),
        "coded_path": None,
        "bias_model_path": None,
        "voice_tagger_path": None,
        "workspace": None,
        "study_path": None,
    }
    unknown = sorted(set(overrides) - set(params))
    if unknown:
        raise ValueError(f"unknown report parameter(s) {unknown}; known: {sorted(params)}")
    params.update(overrides)
    return params


def parameters_from(namespace: Mapping[str, object]) -> dict:
    """The report parameters as a notebook holds them (its globals after the parameters cell):
    what :func:`show_provenance` records."""
    return {k: namespace[k] for k in default_parameters() if k in namespace}


def provenance(parameters: Mapping[str, object], *, run_at: str | None = None) -> dict:
    """Return the provenance record of a run with these ``parameters`` (see
    :func:`default_parameters` for the names).

    Keys: ``package`` (name and version), ``commit`` (see :func:`git_commit`), ``python``,
    ``platform``, ``libraries`` (versions of the key libraries), ``corpus`` (input paths, number
    of files, sha256 as defined in :func:`corpus_sha256`), ``lexicons`` (path, sha256 of the file
    bytes, and version/source from its provenance sidecar, for the lexicon, naming and actors
    files), ``files`` (role, path and sha256 of the study file, events, hand-coded hits, bias
    model, and the voice tagger's description when given), ``parameters``, ``seed``, ``run_at`` (UTC, ISO 8601). Only ``run_at`` changes between
    two runs on the same inputs. :func:`analysis.build_report` adds ``workspace`` (its folder,
    corpus and hits datasets, and which of them the run ``built`` and which it ``reused``) when
    the report has one.
    """
    corpus_paths = as_list(parameters.get("corpus_paths"))
    corpus_hash, n_files = corpus_sha256(corpus_paths) if corpus_paths else ("", 0)
    lexicons = {}
    for key in ("lexicon_path", "naming_path", "actors_paths"):
        role = key.removesuffix("_path").removesuffix("_paths")
        for path in as_list(parameters.get(key)):
            lexicons[path] = _lexicon_record(path, role)
    files = [
        {"role": role, "path": str(parameters[key]), "sha256": file_sha256(parameters[key])}
        for key, role in (("study_path", "study file"), ("events_path", "events"),
                          ("coded_path", "hand-coded hits"), ("bias_model_path", "bias model"))
        if parameters.get(key)
    ]
    if parameters.get("voice_tagger_path"):
        # the tagger's description records its weights' sha256: its hash names both
        described = Path(str(parameters["voice_tagger_path"])) / TAGGER_PARAMS_FILE
        files.append({"role": "voice tagger", "path": str(described),
                      "sha256": file_sha256(described)})  # fmt: skip
    return {
        "package": {"name": "framing-analysis", "version": __version__},
        "commit": git_commit(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "libraries": {name: installed_version(name) or "not installed" for name in _KEY_LIBRARIES},
        "corpus": {"paths": corpus_paths, "files": n_files, "sha256": corpus_hash},
        "lexicons": list(lexicons.values()),
        "files": files,
        "parameters": {k: v for k, v in parameters.items() if k != "output_dir"},
        "seed": parameters.get("seed"),
        "run_at": run_at or _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def provenance_rows(record: Mapping[str, object]) -> list[tuple[str, str]]:
    rows = [
        ("package", f"{record['package']['name']} {record['package']['version']}"),
        ("commit", str(record["commit"])),
        ("Python", f"{record['python']} on {record['platform']}"),
        ("libraries", ", ".join(f"{k} {v}" for k, v in record["libraries"].items())),
        (
            "corpus",
            f"{', '.join(record['corpus']['paths'])} ({record['corpus']['files']} files);"
            f" sha256 {record['corpus']['sha256']}",
        ),
    ]
    for lex in record["lexicons"]:
        version = f" version {lex['version']}" if lex.get("version") else ""
        rows.append((lex["role"], f"{lex['path']}{version}; sha256 {lex['sha256']}"))
    for f in record.get("files", []):
        rows.append((f["role"], f"{f['path']}; sha256 {f['sha256']}"))
    workspace = record.get("workspace")
    if workspace:  # added by build_report when the report built or reused one
        rows.append(("workspace", f"{workspace['path']}; built: "
                     f"{', '.join(workspace['built']) or 'nothing'}; reused: "
                     f"{', '.join(workspace['reused']) or 'nothing'}"))
    params = ", ".join(
        f"{k}={v!r}" for k, v in record["parameters"].items()
        if not k.endswith(("_path", "_paths")) and v is not None
    )
    rows += [
        ("parameters", params),
        ("seed", str(record["seed"])),
        ("run at (UTC)", record["run_at"]),
    ]
    return rows


def show_provenance(parameters: Mapping[str, object]) -> None:
    """Display the provenance block for a notebook run with ``parameters``.

    Shown as a table: package version and commit, Python and library versions, corpus and
    lexicon sha256, parameters, seed, time of run (see :func:`provenance`).
    """
    record = provenance(parameters)
    body = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
        for k, v in provenance_rows(record)
    )
    markup = (
        '<section class="framing-provenance"><h3>Provenance</h3>'
        f'<table class="framing-provenance-table">{body}</table>'
        "<p class='framing-note'>The corpus sha256 is taken over the input files' bytes (each"
        " file's name and sha256, in sorted name order), not over the ingested table. Everything"
        " but the time of run is the same when the report is rebuilt from the same inputs.</p>"
        "</section>"
    )
    display_html(markup, json.dumps(record, indent=2, default=str))
