"""Reproducible reports: run the notebooks headless, export them to offline HTML, index them.

``python -m analysis report -o DIR`` (and :func:`build_report`) executes every notebook of
``notebooks/`` in one Python process with papermill (a real Jupyter kernel per notebook), with
the same parameters injected into each, and writes::

    DIR/index.html                 links to every page, figure and table; provenance summary
    DIR/corpus.html                01_corpus: corpus overview and ingest audit
    DIR/loaded_terms.html          02_loaded_terms: top terms, voice, keyword in context
    DIR/outlet_comparison.html     03_outlet_comparison: rates, heat map, keyness, naming, ...
    DIR/methods.html               04_methods: what every number means, and the limits
    DIR/figures/NAME.png, .svg     every figure shown in the pages
    DIR/tables/NAME.csv            every table shown in the pages, in full
    DIR/notebooks/NN_name.ipynb    the executed notebooks (open them in JupyterLab)
    DIR/provenance.json            versions, commit, input hashes, parameters, time of run

With a **workspace** (``workspace``, ``report --workspace WORK``), the corpus and hits are built
once before the notebooks run (:func:`analysis.ensure_workspace` with the report's corpus,
lexicon and seed; ``workers`` / ``scheduler``: where its parts are processed), or reused when
up to date, and every notebook reads them (:func:`analysis.study_tables`) instead of ingesting
and scoring again in its own kernel; the tables are the same either way.
    DIR/*.pdf                      with ``--pdf``, when Debian's chromium is installed

The pages are self-contained: figures are embedded as PNG, styles are inline, nothing is fetched
from the network and the pages carry no JavaScript at all. Code is hidden in a collapsed
"code" box above each output.

Notebooks stay thin by calling :func:`show_figure`, :func:`show_table` and
:func:`show_provenance`: they display the figure or table in the notebook and, when the notebook's
``output_dir`` parameter is set, also save it under ``figures/`` or ``tables/``.

Reproducibility: figures are saved with fixed metadata and SVG hash salt
(:func:`analysis.save_figure`); tables are written with a fixed float format and line
ending, in the row order the analysis gives (each stage sorts its own output); every random step
takes the ``seed`` parameter. Only the time of run (in the provenance block and
``provenance.json``) changes between two runs.

Corpus text is untrusted: every string that reaches a page goes through ``html.escape`` or
pandas ``to_html(escape=True)``; nothing from the corpus reaches a shell.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import tempfile
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from ..lexicons.files import load_lexicon
from ..outputs import register_output, write_text
from ..study import load_study
from ..workspace.build import ensure_workspace
from ..workspace.datasets import PART_DOCUMENTS
from .html import export_html, render_pdf, write_index
from .pages import REPORT_PAGES, ReportError, ReportPage
from .provenance import as_list, default_parameters, provenance
from .staging import staged

log = logging.getLogger(__name__)

__all__ = [
    "report_parameters",
    "ReportResult",
    "build_report",
]


@dataclass
class ReportResult:
    """What :func:`build_report` returns: the folder, the pages written (notebook stem → HTML
    path), the PDFs, the notebooks that failed (stem → message), the provenance record, and a
    note on PDF when it was asked for but not made."""

    outdir: Path
    pages: dict[str, Path] = field(default_factory=dict)
    pdfs: list[Path] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)
    provenance: dict = field(default_factory=dict)
    pdf_note: str = ""

    @property
    def index(self) -> Path:
        return self.outdir / "index.html"

    @property
    def ok(self) -> bool:
        return not self.failures


def _kernel_manager_class(runtime_dir: str):
    """Kernel manager for the notebooks: on POSIX, IPC sockets in ``runtime_dir`` (a private
    temporary folder) instead of TCP ports on localhost, so no network port is opened and
    ipykernel does not warn about unencrypted TCP; elsewhere jupyter_client's default."""
    from jupyter_client.manager import AsyncKernelManager

    if os.name != "posix":
        return AsyncKernelManager

    class IPCKernelManager(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            # The kernel's own log (its stderr) goes to a file in the private runtime folder:
            # on a clean stop it prints "KeyboardInterrupt caught in kernel", which is no news
            # to a user; errors of the notebook itself come back through papermill.
            log_path = os.path.join(runtime_dir, f"kernel-{uuid.uuid4().hex[:12]}.log")
            with open(log_path, "ab") as log_file:
                kw.setdefault("stderr", log_file)
                return await super()._async_launch_kernel(kernel_cmd, **kw)

        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            # A busy machine can take more than the default 5 s to stop a kernel; it is then
            # interrupted and prints a KeyboardInterrupt message after the report is done.
            kwargs.setdefault("shutdown_wait_time", 20.0)
            kwargs.setdefault("ip", os.path.join(runtime_dir, f"kernel-{uuid.uuid4().hex[:12]}"))
            super().__init__(**kwargs)

    return IPCKernelManager


def _execution_error(exc: Exception) -> str:
    ename = getattr(exc, "ename", type(exc).__name__)
    evalue = getattr(exc, "evalue", str(exc))
    cell = getattr(exc, "exec_count", None)
    where = f" (cell [{cell}])" if cell is not None else ""
    return f"{ename}: {evalue}{where}".strip()


def _default_actors(demo: bool) -> list[str]:
    """The demo's actors files that exist, for the demo corpus; none for any other corpus (a
    missing default is logged, not an error: the comparison then maps fewer speakers, and the
    provenance block lists the files used)."""
    wanted = [config.DEFAULT_ACTORS, config.DEMO_ACTORS] if demo else []
    for path in wanted:
        if not path.is_file():
            log.warning("report: default actors file %s not found; continuing without it", path)
    return [str(p) for p in wanted if p.is_file()]


def build_report(
    outdir: str | Path | None = None,
    *,
    study: str | Path | None = None,
    corpus: str | Path | Sequence[str | Path] | None = None,
    lexicon: str | Path | Sequence[str | Path] | None = None,
    naming: str | Path | bool | None = None,
    actors: str | Path | Sequence[str | Path] | bool | None = None,
    title: str | None = None,
    seed: int | None = None,
    by: str | None = None,
    n_boot: int | None = None,
    period: str | None = None,
    events: str | Path | None = None,
    coded: str | Path | None = None,
    bias_model: str | Path | None = None,
    voice_tagger: str | Path | None = None,
    workspace: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    part_size: int = PART_DOCUMENTS,
    pdf: bool = False,
    notebooks: Sequence[str] | None = None,
    progress: bool = True,
    kernel_name: str = "python3",
    timeout: int = 1800,
    jobs: int | None = None,
) -> ReportResult:
    """Execute the report notebooks with these parameters and write the pages; return a
    :class:`ReportResult`.

    ``study``: a study file (:mod:`analysis.study`) naming the corpus, lexicon, naming and actors
    files, grouping, period, events and the rest; every other argument given overrides it.
    Defaults when neither says: ``outdir`` REPORTS_DIR; ``corpus`` the demo corpus; ``lexicon``
    DEFAULT_LEXICON; ``seed`` DEFAULT_SEED; ``by`` "outlet"; ``n_boot`` 1000. ``naming`` and
    ``actors``: the Karabakh files only for the demo corpus; for any other corpus none unless
    given (``False`` leaves them out even for the demo), and the report says that those
    sections are left out and why. ``notebooks`` selects pages by notebook stem (default: all of
    :data:`REPORT_PAGES`).

    ``workspace`` (or the study file's): a folder whose corpus and hits datasets are built
    before any notebook runs, or reused when their inputs, lexicon, seed and versions are
    unchanged (:func:`analysis.ensure_workspace`; ``workers`` processes of a local Dask cluster
    or a running ``scheduler`` build them, in parts of ``part_size`` documents); the notebooks
    then read them. The provenance record says which were built and which reused
    (``workspace``). ``workers`` and ``scheduler`` without a workspace are a ValueError.

    ``voice_tagger`` (or the study file's): a folder written by ``train-voice``; the notebooks
    then read voice with the optional neural tagger over the rules (docs/voice.md, "The neural
    voice"; needs the ``[neural]`` extras), and a workspace's hits are built with it.

    ``jobs`` notebooks run at the same time, each in its own kernel (default: the number of
    CPUs, at most 4). Every notebook runs even when another fails; a failure is recorded in the result and on the
    index page, and the failed notebook is kept under ``outdir/notebooks/`` for inspection. With
    ``pdf``, pages are rendered to PDF when a Chromium is installed; otherwise ``pdf_note`` says
    why not and the HTML reports stand.
    """
    import papermill

    # papermill logs every notebook's paths at INFO; the progress bar says the same, once.
    logging.getLogger("papermill").setLevel(logging.WARNING)

    outdir = Path(outdir or config.REPORTS_DIR).resolve()
    params = report_parameters(
        outdir,
        study=study,
        corpus=corpus,
        lexicon=lexicon,
        naming=naming,
        actors=actors,
        title=title,
        seed=seed,
        by=by,
        n_boot=n_boot,
        period=period,
        events=events,
        coded=coded,
        bias_model=bias_model,
        voice_tagger=voice_tagger,
        workspace=workspace,
    )
    # Hashing every input checks it before any kernel starts: a missing file is one clear line
    # naming it and its role, not a traceback from inside a notebook.
    record = provenance(params)
    selected = _select_pages(notebooks)
    if params["workspace"] is not None:
        # built (or found up to date) once here, so the notebooks only read it
        record["workspace"] = _workspace(params, workers=workers, scheduler=scheduler,
                                         part_size=part_size, progress=progress)
    elif workers is not None or scheduler is not None:
        raise ValueError(
            "report: --workers and --scheduler process a workspace's parts; give --workspace "
            "WORK (or a study file's workspace) too"
        )
    # Built in a hidden sibling folder and swapped in whole (analysis.reporting.staging): the
    # notebooks run there and save relative to it ("output_dir" "."), so no temporary path
    # reaches the pages.
    with staged(outdir) as stage:
        _prepare_outdir(stage, record)
        result = ReportResult(outdir=stage, provenance=record)
        done = _run_notebooks(
            selected,
            papermill.execute_notebook,
            outdir=stage,
            params={**params, "output_dir": "."},
            kernel_name=kernel_name,
            timeout=timeout,
            jobs=jobs,
            progress=progress,
        )
        _export_pages(selected, done, outdir=stage, title=params["title"], result=result)
        _render_pdfs(result, pdf)
        write_index(
            stage,
            title=params["title"],
            pages=REPORT_PAGES,
            record=record,
            failures=result.failures,
            built=result.pages,
        )
    return _moved(result, stage, outdir)


def _workspace(params: Mapping, *, workers, scheduler, part_size, progress) -> dict:
    """Build or reuse the report's workspace (what every notebook's
    :func:`analysis.study_tables` then finds up to date); return its provenance entry: the
    folder, its corpus and hits datasets, and which of them this run built and which it
    reused."""
    paths = ensure_workspace(
        params["workspace"], params["corpus_paths"], load_lexicon(params["lexicon_path"]),
        {"seed": params["seed"]}, workers=workers, scheduler=scheduler, part_size=part_size,
        progress=progress, voice_tagger=params["voice_tagger_path"],
    )
    return {
        "path": str(params["workspace"]),
        "corpus": str(paths.corpus),
        "hits": str(paths.hits),
        "built": list(paths.built),
        "reused": [name for name in ("corpus", "hits") if name not in paths.built],
    }


def _moved(result: ReportResult, stage: Path, outdir: Path) -> ReportResult:
    """``result`` with its paths in ``outdir``, where the staged report now lives."""
    def move(path: Path) -> Path:
        return outdir / path.relative_to(stage)

    result.outdir = outdir
    result.pages = {k: move(v) for k, v in result.pages.items()}
    result.pdfs = [move(p) for p in result.pdfs]
    return result


def report_parameters(outdir: Path | None = None, *, study=None, **given) -> dict:
    """The parameters injected into every notebook (:func:`default_parameters`' names): the
    arguments of :func:`build_report` (``given``) over the ``study`` file's values over the
    defaults, paths made absolute. The demo corpus (no corpus given anywhere) brings its
    naming and actors files and its events; any other corpus has none unless they are given."""
    st = load_study(study) if study is not None else None

    def pick(name: str, study_name: str | None = None):
        value = given.get(name)
        if value is None and st is not None:
            value = getattr(st, study_name or name)
        return value

    corpus = pick("corpus")
    demo = corpus is None
    naming = pick("naming")
    actors = pick("actors")
    title = pick("title")
    by, n_boot, seed = pick("by"), pick("n_boot"), pick("seed")
    overrides = {
        "corpus_paths": _absolute(corpus) if corpus is not None else as_list(config.DEMO_CORPUS),
        "lexicon_path": _one_or_many(pick("lexicon")) or str(config.DEFAULT_LEXICON),
        "naming_path": None if naming is False else (
            _one_or_many(naming) if naming is not None else
            (str(config.DEFAULT_NAMING) if demo else None)),
        "actors_paths": [] if actors is False else (
            _absolute(actors) if actors is not None else _default_actors(demo)),
        "seed": config.DEFAULT_SEED if seed is None else int(seed),
        "by": by or "outlet",
        "n_boot": 1000 if n_boot is None else int(n_boot),
        "title": title or ("Framing analysis of the demo corpus" if demo else "Framing analysis"),
        "output_dir": None if outdir is None else str(outdir),
        "period": (pick("period") or None) and str(pick("period")).upper(),
        "events_path": _one_or_many(pick("events")) or (
            str(config.DEMO_EVENTS) if demo and config.DEMO_EVENTS.is_file() else None),
        "coded_path": _one_or_many(pick("coded")),
        "bias_model_path": _one_or_many(pick("bias_model")),
        "voice_tagger_path": _one_or_many(pick("voice_tagger")),
        "workspace": _one_or_many(pick("workspace")),
        "study_path": str(st.path) if st is not None else None,
    }
    return default_parameters(**overrides)


def _absolute(paths) -> list[str]:
    return [str(Path(p).resolve()) for p in as_list(paths)]


def _one_or_many(paths):
    """None, one absolute path as a string, or a list of them."""
    if paths is None:
        return None
    found = _absolute(paths)
    return found[0] if len(found) == 1 else found


def _select_pages(notebooks: Sequence[str] | None) -> list[ReportPage]:
    """The report pages to build, in the order asked for (default: all, in page order)."""
    if notebooks is None:
        return list(REPORT_PAGES)
    known = {p.notebook: p for p in REPORT_PAGES}
    unknown = [n for n in notebooks if n not in known]
    if unknown:
        raise ValueError(f"unknown notebook(s) {unknown}; known: {sorted(known)}")
    return [known[n] for n in notebooks]


def _prepare_outdir(outdir: Path, record: dict) -> None:
    """Create the output folders and write ``provenance.json``."""
    for sub in ("figures", "tables", "notebooks"):
        (outdir / sub).mkdir(parents=True, exist_ok=True)
    write_text(
        outdir / "provenance.json",
        json.dumps(record, indent=2, sort_keys=True, default=str) + "\n",
        kind="provenance",
    )


def _execute_notebook(
    page: ReportPage,
    *,
    execute_notebook: Callable,
    outdir: Path,
    params: dict,
    kernel_name: str,
    timeout: int,
    kernel_manager_class: type,
) -> tuple[object | None, str | None]:
    """Run one notebook with papermill's ``execute_notebook``; return (the executed notebook,
    None), or (None, the failure message)."""
    source = config.NOTEBOOKS_DIR / f"{page.notebook}.ipynb"
    if not source.is_file():
        return None, f"notebook not found: {source}"
    try:
        nb = execute_notebook(
            str(source),
            str(outdir / "notebooks" / f"{page.notebook}.ipynb"),
            parameters=params,
            kernel_name=kernel_name,
            progress_bar=False,
            request_save_on_cell_execute=False,
            cwd=str(outdir),  # the notebooks save relative to it (output_dir ".")
            execution_timeout=timeout,
            kernel_manager_class=kernel_manager_class,
        )
    except Exception as exc:  # any kernel-side error: record it, build the other pages
        register_output(outdir / "notebooks" / f"{page.notebook}.ipynb", "executed notebook")
        return None, _execution_error(exc)
    register_output(outdir / "notebooks" / f"{page.notebook}.ipynb", "executed notebook")
    return nb, None


def _run_notebooks(
    selected: Sequence[ReportPage],
    execute_notebook: Callable,
    *,
    outdir: Path,
    params: dict,
    kernel_name: str,
    timeout: int,
    jobs: int | None,
    progress: bool,
) -> dict[str, tuple]:
    """Run the ``selected`` notebooks, ``jobs`` at a time; return notebook stem → (executed
    notebook or None, failure message or None), with a progress bar on stderr."""
    from tqdm.auto import tqdm

    runtime_dir = tempfile.TemporaryDirectory(prefix="framing-kernels-")
    run = functools.partial(
        _execute_notebook,
        execute_notebook=execute_notebook,
        outdir=outdir,
        params=params,
        kernel_name=kernel_name,
        timeout=timeout,
        kernel_manager_class=_kernel_manager_class(runtime_dir.name),
    )
    # Notebooks are independent (each saves under its own names), so they may run side by side,
    # each in its own kernel; the outputs do not depend on the order.
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(selected), 4))
    bar = tqdm(
        total=len(selected), desc="report", unit="page", disable=not progress, file=sys.stderr
    )
    done: dict[str, tuple] = {}
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            futures = {pool.submit(run, page): page for page in selected}
            for future in as_completed(futures):
                page = futures[future]
                done[page.notebook] = future.result()
                bar.set_postfix_str(page.notebook)
                bar.update()
    finally:
        bar.close()
        runtime_dir.cleanup()
    return done


def _export_pages(
    selected: Sequence[ReportPage],
    done: Mapping[str, tuple],
    *,
    outdir: Path,
    title: str,
    result: ReportResult,
) -> None:
    """Write each executed notebook as its HTML page and record it in ``result.pages``; record
    each failure in ``result.failures`` (and log it)."""
    for page in selected:  # export in page order, so logs and results read in order
        nb, failure = done[page.notebook]
        if failure is not None:
            result.failures[page.notebook] = failure
            log.error("report: %s failed: %s", page.notebook, failure)
            continue
        target = outdir / page.html
        write_text(target, export_html(nb, title=title, page=page), kind="report page")
        result.pages[page.notebook] = target


def _render_pdfs(result: ReportResult, pdf: bool) -> None:
    """With ``pdf``, render the pages built to PDF (``result.pdfs``, or ``result.pdf_note``
    saying why not); without, delete the PDFs of those pages left by an earlier run."""
    if not pdf:  # a PDF left by an earlier run would no longer match its page
        for path in result.pages.values():
            path.with_suffix(".pdf").unlink(missing_ok=True)
    if pdf and result.pages:
        try:
            result.pdfs = render_pdf(list(result.pages.values()))
        except ReportError as exc:
            result.pdf_note = str(exc)
            log.warning("%s", exc)
