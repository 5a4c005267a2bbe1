"""Where the parts of a dataset are processed: in this process, on a local Dask cluster, or on an
existing dask.distributed scheduler.

:func:`open_runner` gives a :class:`Runner` whose :meth:`Runner.map` applies a plain function of
a stage to every part and returns the results in the order of the parts, whoever ran them; the
functions are the ones the single-process path calls, so the results do not depend on where
they ran. ``workers=None`` (the default) runs in this process, one part after the other:
never more processes than asked for. ``workers=N`` starts a local cluster of N worker processes
(one thread each) for the duration of the command; ``scheduler=ADDRESS`` connects to a running
``dask.distributed`` scheduler, whose workers must be able to read and write the workspace (a
shared filesystem) and import this package.

Dask is imported here only, and only when a cluster is asked for (start-up time).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

log = logging.getLogger(__name__)

__all__ = [
    "Runner",
    "SchedulerUnreachable",
    "open_runner",
]

CONNECT_TIMEOUT_S = 10
WORKER_PRELOAD = ("analysis.workspace.score", "analysis.workspace.ingest")
"""Modules a local cluster's workers import as they start (the stages' part functions)."""


class SchedulerUnreachable(ConnectionError):
    """The scheduler address given cannot be reached (one line on the command line)."""


class Runner:
    """Maps functions over parts, in this process or on a Dask client (:func:`open_runner`).

    ``starting``: a future of the client while a local cluster starts in the background; steps
    mapped with ``early=True`` run in this process until it is up (the driver's own work then
    overlaps the workers' start-up, several seconds), every other step waits for it.
    """

    def __init__(
        self,
        client: Any = None,
        *,
        progress: bool = False,
        description: str = "",
        starting: Future | None = None,
    ):
        self._client = client
        self._starting = starting
        self.progress = progress
        self.description = description or "this process"

    @property
    def client(self) -> Any:
        """The Dask client (None in this process), waiting for a cluster still starting."""
        if self._client is None and self._starting is not None:
            self._client = self._starting.result()
            self._starting = None
        return self._client

    def _here(self, early: bool) -> bool:
        """Run in this process: no cluster, or an early step while the cluster still starts."""
        if early and self._starting is not None and not self._starting.done():
            return True
        return self.client is None

    @property
    def n_workers(self) -> int:
        """Processes working on parts (1 in this process)."""
        if self.client is None:
            return 1
        return max(len(self.client.scheduler_info().get("workers", {})), 1)

    def share(self, value: Any, *, early: bool = False) -> Any:
        """``value`` as an argument for every task: sent to each worker once (a fitted model, a
        lexicon), not once a task. ``early``: for a step mapped early (as it is, while the
        cluster starts)."""
        if self._here(early):
            return value
        # a one-item list, so that a dict or list is sent whole, not item by item
        return self.client.scatter([value], broadcast=True, hash=False)[0]

    def map(
        self,
        func: Callable,
        items: Sequence,
        *args: Any,
        desc: str = "",
        unit: str = "part",
        early: bool = False,
    ) -> list:
        """``[func(item, *args) for item in items]``, in the order of ``items``, with a progress
        bar when the runner shows progress. ``early``: run in this process while the cluster is
        still starting (for short steps before the long one; the results are the same
        wherever they run)."""
        items = list(items)
        bar = self._bar(len(items), desc, unit)
        try:
            if self._here(early):
                out = []
                for item in items:
                    out.append(func(item, *args))
                    bar.update(1)
                return out
            from distributed import as_completed

            futures = [self.client.submit(func, item, *args, pure=False) for item in items]
            for _ in as_completed(futures):
                bar.update(1)
            return self.client.gather(futures)
        finally:
            bar.close()

    def _bar(self, total: int, desc: str, unit: str):
        from tqdm.auto import tqdm

        return tqdm(total=total, desc=desc, unit=unit, disable=not self.progress or total == 0,
                    leave=False)


@contextlib.contextmanager
def open_runner(
    workers: int | None = None, scheduler: str | None = None, *, progress: bool = False
) -> Iterator[Runner]:
    """A :class:`Runner` for the duration of the block: in this process (neither given), on a
    local cluster of ``workers`` processes, or on the scheduler at ``scheduler``
    (``tcp://host:8786``). A scheduler that cannot be reached is a
    :class:`SchedulerUnreachable` naming the address."""
    if workers is not None and scheduler is not None:
        raise ValueError("give --workers or --scheduler, not both")
    if workers is not None and workers < 1:
        raise ValueError(f"--workers must be 1 or more, got {workers}")
    if scheduler is None and (workers is None or workers == 1):
        yield Runner(progress=progress)
        return
    with _quiet_dask(), _cluster_runner(workers, scheduler, progress) as runner:
        yield runner


@contextlib.contextmanager
def _quiet_dask() -> Iterator[None]:
    """Dask's own start-up and shut-down lines (scheduler, nannies, connections) stay out of
    the console: a command prints its own lines and its progress bars, and Dask's warnings."""
    import distributed  # noqa: F401  (its loggers exist once it is imported)

    prefixes = ("distributed", "tornado", "bokeh")
    manager = logging.root.manager
    loggers = [logging.getLogger(n) for n in prefixes] + [
        lg for name, lg in list(manager.loggerDict.items())
        if isinstance(lg, logging.Logger) and name.split(".")[0] in prefixes
    ]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.setLevel(level)


@contextlib.contextmanager
def _cluster_runner(workers: int | None, scheduler: str | None, progress: bool) -> Iterator[Runner]:
    if scheduler is not None:
        client = _connect(scheduler)
        try:
            yield Runner(client, progress=progress, description=f"scheduler {scheduler}")
        finally:
            client.close()
        return
    cores = os.cpu_count() or 1
    if workers > cores:
        log.warning("%d workers on %d cores: they will share the cores", workers, cores)
    from distributed import Client, LocalCluster

    def start() -> Any:
        import dask

        # the workers' statistical profiler samples every task's stack every 10 ms, for a
        # dashboard this command does not show: on 2 cores it took CPU from the work itself
        with dask.config.set({"distributed.worker.profile.enabled": False}):
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
                # each worker imports the scoring and ingest stages as it starts, while this
                # process does its first steps, not when the first part arrives
                preload=list(WORKER_PRELOAD),
            )
        started.append(cluster)
        client = Client(cluster)
        started.append(client)
        return client

    # the workers start (several seconds: processes spawned, the package imported) while the
    # command does its first steps in this process
    started: list = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dask-start") as pool:
        starting = pool.submit(start)
        try:
            yield Runner(progress=progress, description=f"{workers} local workers",
                         starting=starting)
        finally:
            with contextlib.suppress(Exception):
                starting.result()  # an exception here is the block's, already raised
            for thing in reversed(started):
                thing.close()


def _connect(address: str):
    from distributed import Client

    try:
        return Client(address, timeout=f"{CONNECT_TIMEOUT_S}s")
    except (OSError, TimeoutError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SchedulerUnreachable(
            f"cannot reach the Dask scheduler at {address} "
            f"(within {CONNECT_TIMEOUT_S} s): {reason}"
        ) from None
