"""Speed benchmarks (``python -m benchmarks``); what their modules share: the JSON-lines files
they time and the floor every stage is measured against."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from pathlib import Path


def write_jsonl(path: Path, records: Iterable[dict]) -> Path:
    """Write ``records`` to ``path``, one JSON object a line, through a temporary file.

    Rewritten on every run (the generators are seeded, so the bytes are the same for the same
    inputs): a file kept from an earlier run could hold text made for another lexicon.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def floor(path: Path, repeat: int = 3) -> tuple[float, int]:
    """The floor: read the JSON-lines file and ``re.findall(r"\\w+", text)`` on every record.

    Returns (seconds of the best of ``repeat`` runs, the least disturbed, and the words found).
    """
    best = float("inf")
    n = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        n = 0
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                n += len(re.findall(r"\w+", json.loads(line)["text"]))
        best = min(best, time.perf_counter() - t0)
    return best, n
