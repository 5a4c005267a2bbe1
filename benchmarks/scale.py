"""Scale benchmarks of the workspace (``make bench-scale``; never part of ``make test``).

Each stage runs as a user runs it, a fresh ``python -m analysis`` process (start-up included),
timed from outside, its peak memory read with ``getrusage(RUSAGE_CHILDREN)`` around it (the
largest process of the stage, workers included). Three measurements:

``scale`` (default)
    corpora of ``--docs`` documents (default 10,000 and 100,000; add 1000000 by hand) of short
    news-like articles (2 to 5 paragraphs, about 0.9 KB; half of the templates' open vocabulary
    replaced by pseudo-words, so that unrelated articles share about as few word 5-grams, and
    the vocabulary grows with the corpus, as in real news: ``vary_words``), each run through
    ``ingest -o WORK/corpus``, ``score WORK/corpus -o WORK/hits`` and ``compare WORK/corpus
    --hits WORK/hits``; prints seconds and peak memory per stage and how they grow from one size to the next.
``memory``
    the memory target: hit-dense text (about 15 hits per 1,000 tokens) at 20 and 40 MB of JSON
    lines (about 4,700 and 9,400 documents), partitioned workspace, in this process (no
    workers): the peak of ingest, score and compare (given the stored hits) may grow by at most
    25% when the corpus doubles.
``speed``
    the speed targets, against the floor measured in the same run (a fresh process reading the
    same JSON lines and running ``re.findall(r"\\w+")`` on each text): ``score`` on 25 MB of
    hit-dense text, a fresh process with start-up, within 5x the floor; ``--workers 2`` at least
    1.6x faster than one worker on a 50 MB corpus (also alone: ``workers``); ``python -m
    analysis --help`` under 0.5 s.

``replicated``
    compare at up to 1,000,000 documents without ingesting and scoring them: the 100,000-document
    workspace of ``scale`` (built first when missing) copied ``--copies`` times (default 1, 3
    and 10) under new doc_ids (``-r1``, ``-r2`` ... appended; every part, side table and marker
    rewritten), then ``compare WORK/corpus --hits WORK/hits`` on each, timed and its peak
    memory read as above. The copies share the vocabulary of the original, so keyness's
    vocabulary does not grow as a real corpus's would; every table that grows with the number
    of documents does.

The machine's load average is printed with every measurement, and each waits until the 1-minute
load average is below ``--max-load`` (default 1.0; at most ``--max-wait`` seconds).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from analysis import config

from ._generate import generate_texts, vary_words

DATA_DIR = config.BENCHMARKS_DIR / "_data" / "scale"
PY = sys.executable
MEMORY_GROWTH_TARGET = 1.25
SPEED_TARGET = 5.0
WORKERS_TARGET = 1.6
HELP_TARGET_S = 0.5
VARY_SHARE = 0.5  # short articles: share of open-vocabulary words varied (vary_words)
DENSE_SHARE = 0.22  # share of sentences with a lexicon term: about 15 hits per 1,000 tokens


QUIET = {"max_load": 1.0, "max_wait": 900.0}  # set from --max-load and --max-wait


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def wait_quiet() -> None:
    """Wait (at most ``--max-wait`` seconds) until the 1-minute load average is below
    ``--max-load``: on a shared machine another session's processes take a core, and the
    kernel shares the cores between sessions (autogroup) whatever their nice value, so two
    workers would get one core between them."""
    waited = 0.0
    while os.getloadavg()[0] >= QUIET["max_load"] and waited < QUIET["max_wait"]:
        if waited == 0:
            print(f"  waiting for a 1-minute load average below {QUIET['max_load']} ({load()})",
                  flush=True)
        time.sleep(15)
        waited += 15
    if waited:
        print(f"  waited {waited:.0f} s; {load()}", flush=True)


def busy_cpu_seconds() -> float:
    """CPU seconds spent by every process of the machine since boot (/proc/stat; 0 elsewhere)."""
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except OSError:
        return 0.0
    user, nice, system, _idle, _iowait, irq, softirq, steal = (fields + [0] * 8)[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


OTHERS: list[float] = [0.0]  # CPU seconds other processes used during the last run()


def run(args: list[str], *, quiet: bool = True) -> tuple[float, float]:
    """Run ``python ARGS`` in a fresh process measured by a fresh process; return (seconds,
    peak MB of its largest process). ``OTHERS[0]`` is then the CPU time the rest of the machine
    used meanwhile (another session's work: the measurement's noise)."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:]).returncode\n"
        "s = time.perf_counter() - t\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(s, r.ru_maxrss / 1024, r.ru_utime + r.ru_stime, code)\n"
    )
    cmd = [PY, "-c", probe, PY, *args] + (["-q"] if quiet else [])
    busy = busy_cpu_seconds()
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    busy = busy_cpu_seconds() - busy
    line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
    try:
        seconds, peak, cpu, code = line.split()
    except ValueError:
        raise RuntimeError(f"{' '.join(args)} failed:\n{out.stderr[-2000:]}") from None
    if code != "0":
        raise RuntimeError(f"{' '.join(args)} exited {code}:\n{out.stderr[-2000:]}")
    OTHERS[0] = max(busy - float(cpu), 0.0)
    return float(seconds), float(peak)


def write_corpus(path: Path, n_docs: int | None = None, *, target_mb: float | None = None,
                 hit_share: float = 0.09, short: bool = False, seed: int = 1) -> Path:
    """A JSON-lines corpus (doc_id, outlet over 12 outlets, published, text) of ``n_docs``
    documents or ``target_mb`` MB; ``short``: 2 to 5 paragraphs a document, half of the
    templates' open vocabulary varied (:func:`vary_words`), so that unrelated documents share
    about as few word 5-grams as real news does."""
    from analysis.lexicons.files import load_lexicon

    if path.is_file():
        return path
    terms = load_lexicon(config.DEFAULT_LEXICON).entries["term"].tolist()
    keep = {w for t in terms for w in re.findall(r"\w+", t.lower())}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    rng = random.Random(seed)
    with tmp.open("w", encoding="utf-8") as fh:
        i = size = 0
        while (n_docs is not None and i < n_docs) or (target_mb is not None and size < target_mb * 1e6):
            batch = generate_texts(200_000 if short else 1_000_000, seed=seed * 1_000_003 + i,
                                   terms=terms, hit_share=hit_share)
            for text in batch:
                if short:
                    text = "\n\n".join(text.split("\n\n")[: rng.randint(2, 5)])
                    text = vary_words(text, rng, share=VARY_SHARE, keep=keep)
                line = json.dumps({"doc_id": f"d{i:07d}", "outlet": f"outlet{i % 12}.example",
                                   "published": f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
                                   "text": text}, ensure_ascii=False) + "\n"
                fh.write(line)
                size += len(line.encode("utf-8"))
                i += 1
                if (n_docs is not None and i >= n_docs) or (
                        target_mb is not None and size >= target_mb * 1e6):
                    break
    tmp.replace(path)
    return path


def floor_seconds(path: Path) -> float:
    """The floor as a fresh process: read the JSON lines, ``re.findall(r"\\w+")`` on each text."""
    code = (
        "import json, re, sys\n"
        "n = 0\n"
        "for line in open(sys.argv[1], encoding='utf-8'):\n"
        "    n += len(re.findall(r'\\w+', json.loads(line)['text']))\n"
    )
    return min(run(["-c", code, str(path)], quiet=False)[0] for _ in range(3))


def stages(corpus: Path, work: Path, extra: list[str] | None = None) -> dict:
    """ingest, score and compare (with the stored hits) on a partitioned workspace."""
    extra = extra or []
    shutil.rmtree(work, ignore_errors=True)
    out = {}
    wait_quiet()
    out["ingest"] = run(["-m", "analysis", "ingest", str(corpus), "-o", str(work / "corpus"),
                         *extra])
    wait_quiet()
    out["score"] = run(["-m", "analysis", "score", str(work / "corpus"), "-o",
                        str(work / "hits"), *extra])
    wait_quiet()
    out["compare"] = run(["-m", "analysis", "compare", str(work / "corpus"), "--hits",
                          str(work / "hits"), "-o", str(work / "comparison"), *extra])
    return out


def bench_scale(sizes: list[int]) -> dict:
    results = {}
    print(f"{'documents':>10} {'MB':>7}  {'stage':<8} {'seconds':>9} {'peak MB':>8}  "
          f"{'x time':>7} {'x memory':>8}   (growth from the previous size)")
    previous = None
    for n in sizes:
        path = write_corpus(DATA_DIR / f"scale-v2-{n}.jsonl", n, short=True)
        mb = path.stat().st_size / 1e6
        t0 = time.perf_counter()
        got = stages(path, DATA_DIR / f"work-{n}")
        for stage, (secs, peak) in got.items():
            growth = ""
            if previous is not None:
                ps, pp = previous[stage]
                growth = f"{secs / ps:7.2f} {peak / pp:8.2f}"
            print(f"{n:>10,} {mb:7.1f}  {stage:<8} {secs:9.1f} {peak:8.0f}  {growth}")
        print(f"{'':>10} {'':>7}  all stages {time.perf_counter() - t0:.0f} s; {load()}")
        results[n] = {"mb": mb, **{k: {"seconds": s, "peak_mb": p} for k, (s, p) in got.items()}}
        previous = got
    if len(sizes) > 1:
        print(extrapolation(sizes[-2], sizes[-1], results))
    return results


def extrapolation(small: int, large: int, results: dict, target: int = 1_000_000) -> str:
    """What each stage adds per document between the two largest sizes (peak memory in KB a
    document, seconds per 1,000 documents) and the linear estimate at ``target`` documents."""
    lines = [f"growth per document from {small:,} to {large:,}, and linear estimate at "
             f"{target:,} documents:"]
    for stage in ("ingest", "score", "compare"):
        a, b = results[small][stage], results[large][stage]
        kb = (b["peak_mb"] - a["peak_mb"]) * 1024 / (large - small)
        per_k = (b["seconds"] - a["seconds"]) / (large - small) * 1000
        peak = b["peak_mb"] + kb / 1024 * (target - large)
        secs = b["seconds"] + per_k / 1000 * (target - large)
        lines.append(f"  {stage:<8} {kb:6.2f} KB/document, {per_k:5.2f} s per 1,000 documents; "
                     f"at {target:,}: about {peak / 1024:.1f} GB peak, {secs / 60:.0f} min")
    return "\n".join(lines)


def bench_memory() -> dict:
    rows = {}
    for mb in (20, 40):
        path = write_corpus(DATA_DIR / f"dense-{mb}MB.jsonl", target_mb=mb, hit_share=DENSE_SHARE)
        rows[mb] = stages(path, DATA_DIR / f"work-dense-{mb}")
        docs = sum(1 for _ in path.open(encoding="utf-8"))
        print(f"hit-dense {mb} MB ({docs:,} documents): " + ", ".join(
            f"{s} {p:.0f} MB / {t:.1f} s" for s, (t, p) in rows[mb].items()) + f"; {load()}")
    ok = True
    for stage in ("ingest", "score", "compare"):
        growth = rows[40][stage][1] / rows[20][stage][1]
        passed = growth <= MEMORY_GROWTH_TARGET
        ok &= passed
        print(f"target: peak memory of {stage} 20 -> 40 MB <= {MEMORY_GROWTH_TARGET}x: "
              f"{growth:.2f}x  " + ("PASS" if passed else "FAIL"))
    return {"rows": {str(k): {s: {"seconds": t, "peak_mb": p} for s, (t, p) in v.items()}
                     for k, v in rows.items()}, "ok": ok}


def bench_speed() -> dict:
    out: dict = {}
    wait_quiet()
    helps = [run(["-m", "analysis", "--help"], quiet=False)[0] for _ in range(5)]
    out["help_s"] = min(helps)
    print(f"python -m analysis --help: {out['help_s']:.2f} s (best of 5)  "
          + ("PASS" if out["help_s"] < HELP_TARGET_S else "FAIL") + f"; {load()}")

    dense = write_corpus(DATA_DIR / "dense-25MB.jsonl", target_mb=25, hit_share=DENSE_SHARE)
    work = DATA_DIR / "work-speed"
    shutil.rmtree(work, ignore_errors=True)
    run(["-m", "analysis", "ingest", str(dense), "-o", str(work / "corpus.parquet"),
         "--no-clean", "--no-dedup"])
    wait_quiet()
    floor = floor_seconds(dense)
    score_s = min(run(["-m", "analysis", "score", str(work / "corpus.parquet"), "-o",
                       str(work / "hits.parquet")])[0] for _ in range(2))
    hits_only_s = run(["-m", "analysis", "score", str(work / "corpus.parquet"), "-o",
                       str(work / "hits-only.parquet"), "--hits-only"])[0]
    out.update(floor_s=floor, score_s=score_s, score_hits_only_s=hits_only_s,
               ratio=score_s / floor, ratio_hits_only=hits_only_s / floor)
    print(f"25 MB hit-dense: floor {floor:.2f} s, score {score_s:.2f} s = {score_s / floor:.1f}x"
          f" (target {SPEED_TARGET}x: " + ("PASS" if score_s / floor <= SPEED_TARGET else "FAIL")
          + f"), score --hits-only {hits_only_s:.2f} s = {hits_only_s / floor:.1f}x; {load()}")

    return out


def bench_workers(tries: int = 3) -> dict:
    """``score`` of a 50 MB hit-dense corpus dataset on one process and with ``--workers 2``,
    tried again (up to ``tries`` times) while other processes used more than a tenth of a core
    during either run."""
    work = DATA_DIR / "work-speed"
    big = write_corpus(DATA_DIR / "dense-50MB.jsonl", target_mb=50, hit_share=DENSE_SHARE)
    shutil.rmtree(work / "big", ignore_errors=True)
    run(["-m", "analysis", "ingest", str(big), "-o", str(work / "big"), "--no-clean",
         "--no-dedup"])
    out: dict = {}
    for attempt in range(1, tries + 1):
        got = []
        for label, extra in (("one process", []), ("--workers 2", ["--workers", "2"])):
            wait_quiet()
            before = load()
            secs = run(["-m", "analysis", "score", str(work / "big"), "-o",
                        str(work / f"hits-{len(got)}"), "--rebuild", *extra])[0]
            got.append((label, secs, OTHERS[0], before))
        (_, one, o1, _), (_, two, o2, _) = got
        noisy = max(o1 / one, o2 / two) > 0.1
        print(f"50 MB, try {attempt}: " + "; ".join(
            f"{label} {secs:.1f} s (other processes {other / secs:.2f} cores; {before} before)"
            for label, secs, other, before in got)
            + f": {one / two:.2f}x faster (target {WORKERS_TARGET}x: "
            + ("PASS" if one / two >= WORKERS_TARGET else "FAIL")
            + (", noisy" if noisy else "") + ")", flush=True)
        out = {"one_worker_s": one, "two_workers_s": two, "speedup": one / two,
               "other_cores": [o1 / one, o2 / two], "load_before": [g[3] for g in got],
               "noisy": noisy, "tries": attempt}
        if not noisy:
            break
    return out


def replicate_workspace(src: Path, dst: Path, copies: int) -> None:
    """Write to ``dst`` the corpus and hits datasets of the workspace ``src`` ``copies`` times
    over, copy r's doc_ids (and canonical_doc_ids, and dup_group numbers) made distinct; each
    dataset is written as the stages write theirs (``DatasetWriter``: parts, marker, manifest)."""
    import pandas as pd

    from analysis.scoring.reading import ScoreTables
    from analysis.workspace.datasets import DatasetWriter, dataset_info, dataset_parts

    def renamed(table: pd.DataFrame | None, r: int) -> pd.DataFrame | None:
        if table is None or not r:
            return table
        table = table.copy()
        for col in ("doc_id", "canonical_doc_id"):
            if col in table.columns:
                table[col] = table[col] + f"-r{r}"
        if "dup_group" in table.columns:
            table["dup_group"] = table["dup_group"].where(table["dup_group"] < 0,
                                                          table["dup_group"] + r * 10**9)
        return table

    generated = {"format", "kind", "dataset_schema_version", "corpus_schema_version",
                 "package_version", "parts", "rows"}
    shutil.rmtree(dst, ignore_errors=True)
    for kind in ("corpus", "hits"):
        info = dataset_info(src / kind)
        files = dataset_parts(src / kind, kind)
        with DatasetWriter(dst / kind, kind) as writer:
            parts = []
            for r in range(copies):
                for i, (source, part) in enumerate(zip(files, info["parts"], strict=True)):
                    j = r * len(files) + i
                    if kind == "corpus":
                        writer.write_corpus_part(j, renamed(pd.read_parquet(source), r))
                    else:
                        tables = ScoreTables.read(source)
                        ScoreTables(**{name: renamed(table, r) for name, table in
                                       vars(tables).items()}).write(writer.part_path(j))
                    parts.append({"name": writer.part_path(j).name, "rows": part["rows"]})
            if kind == "corpus" and info.get("ingest_report"):
                writer.write_ingest_report(pd.read_parquet(src / kind / info["ingest_report"]))
            writer.finish(parts, **{k: v for k, v in info.items() if k not in generated})


def bench_replicated(copies: list[int]) -> dict:
    """compare --hits on the 100,000-document workspace copied k times, for each k."""
    base = 100_000
    src = DATA_DIR / f"work-{base}"
    if not (src / "hits" / ".framing-dataset.json").is_file():
        stages(write_corpus(DATA_DIR / f"scale-v2-{base}.jsonl", base, short=True), src)
    results, previous = {}, None
    print(f"{'documents':>10}  {'compare s':>9} {'peak MB':>8}  {'x time':>7} {'x memory':>8}")
    for k in copies:
        work = DATA_DIR / f"work-{base}x{k}"
        replicate_workspace(src, work, k)
        wait_quiet()
        secs, peak = run(["-m", "analysis", "compare", str(work / "corpus"), "--hits",
                          str(work / "hits"), "-o", str(work / "comparison")])
        growth = "" if previous is None else f"{secs / previous[0]:7.2f} {peak / previous[1]:8.2f}"
        print(f"{base * k:>10,}  {secs:9.1f} {peak:8.0f}  {growth}   {load()}")
        results[base * k] = {"seconds": secs, "peak_mb": peak}
        previous = (secs, peak)
        shutil.rmtree(work, ignore_errors=True)  # about 1 GB a copy of 10
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="*", default=["scale"],
                        choices=["scale", "memory", "speed", "workers", "replicated"],
                        help="what to measure (speed includes workers)")
    parser.add_argument("--docs", type=int, nargs="+", default=[10_000, 100_000],
                        help="corpus sizes for the scale run (add 1000000 by hand)")
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 3, 10],
                        help="copies of the 100,000-document workspace for the replicated run")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--max-load", type=float, default=1.0,
                        help="wait before each measurement until the 1-minute load average is "
                        "below this (default 1.0)")
    parser.add_argument("--max-wait", type=float, default=900.0,
                        help="seconds to wait for that at most, then measure anyway (default 900)")
    args = parser.parse_args(argv)
    QUIET.update(max_load=args.max_load, max_wait=args.max_wait)
    print(f"{os.cpu_count()} cores; {load()}")
    results: dict = {}
    if "scale" in args.what:
        results["scale"] = bench_scale(args.docs)
    if "replicated" in args.what:
        results["replicated"] = bench_replicated(args.copies)
    if "memory" in args.what:
        results["memory"] = bench_memory()
    if "speed" in args.what:
        results["speed"] = bench_speed()
    if "speed" in args.what or "workers" in args.what:
        results["workers"] = bench_workers()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
