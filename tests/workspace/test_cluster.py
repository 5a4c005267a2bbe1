"""The distributed path: a dask.distributed LocalCluster started here and passed as
--scheduler gives the bytes of the single-process path; an unreachable scheduler is one line.

The cluster runs its workers as threads of this process (processes=False): starting worker
processes costs several seconds each on a shared machine, and the tasks, the scheduler and the
TCP connection are the same. benchmarks/README.md measures real worker processes."""

from __future__ import annotations

import pytest

from analysis import config
from analysis.cli import main


@pytest.fixture(scope="module")
def scheduler():
    # imported here, not at collection: importing distributed before import-linter runs in
    # the same process (tests/test_architecture.py) leaves the package's loggers disabled
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
        dashboard_address=None,
    ) as cluster:
        yield cluster.scheduler_address


def _same_bytes(a, b):
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_ingest_and_score_on_a_scheduler_give_the_same_bytes(demo_runs, scheduler, tmp_path):
    corpus, hits = tmp_path / "corpus", tmp_path / "hits"
    assert main(["ingest", str(config.DEMO_DIR), "-o", str(corpus), "--part-size", "20",
                 "--scheduler", scheduler, "-q"]) == 0
    _same_bytes(corpus, demo_runs / "work" / "corpus")
    assert main(["score", str(corpus), "-o", str(hits), "--scheduler", scheduler, "-q"]) == 0
    _same_bytes(hits, demo_runs / "work" / "hits")


def test_compare_on_a_scheduler_gives_the_same_tables(demo_runs, scheduler, tmp_path):
    # no --hits: compare scores the corpus dataset part by part on the workers
    out = tmp_path / "comparison"
    assert main(["compare", str(demo_runs / "work" / "corpus"), "--n-boot", "50", "--naming",
                 "--actors", "--scheduler", scheduler, "-o", str(out), "-q"]) == 0
    single = demo_runs / "single" / "comparison"
    for path in single.glob("*.csv"):
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


def test_an_unreachable_scheduler_is_one_line(tmp_path, capsys, monkeypatch):
    from analysis.workspace import cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT_S", 2)
    code = main(["score", str(config.DEMO_DIR), "-o", str(tmp_path / "hits"),
                 "--scheduler", "tcp://127.0.0.1:9", "-q"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 1
    assert err[0].startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9 "
                             "(within 2 s)")


def test_early_steps_run_in_this_process_while_the_cluster_starts():
    from concurrent.futures import Future

    from analysis.workspace.cluster import Runner

    starting: Future = Future()
    runner = Runner(starting=starting)
    # not started yet: an early step runs here, a shared value is passed as it is
    assert runner.share({"k": 3}, early=True) == {"k": 3}
    assert runner.map(lambda x, m: x * m["k"], [1, 2], {"k": 3}, early=True) == [3, 6]
    assert not starting.done()
    # any other step waits for the start; a failed start is raised there
    starting.set_exception(RuntimeError("nanny failed to start"))
    with pytest.raises(RuntimeError, match="nanny failed"):
        runner.map(abs, [-1])
