"""Benchmark of ingest with cleaning and near-duplicate clustering (part of ``make bench``).

Pages: the generated articles as a wire service's own copies, plus, for every fifth article, a
content-farm repost wrapped in the furniture of the seed page (navigation, "Editor's Pick",
newsletter form, teasers, disclaimer, copyright) with an attribution line and one sentence
edited. Written as JSON lines under ``benchmarks/_data/`` on every run.

Measured in the same run, on the same file:

- floor: read the file and ``re.findall(r"\\w+", text)`` on every page;
- ``ingest`` with cleaning and clustering off (reading, normalising, counting tokens);
- ``ingest`` with both on (the default), and the share taken by cleaning and clustering;
- scaling: the default ``ingest`` on the first half of the pages and on all of them. Cleaning
  and clustering must grow linearly (LSH, no all-pairs comparison): target, doubling the pages
  costs at most 2.5x the time.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from analysis.corpus.pipeline import ingest

from . import floor, write_jsonl

TARGET_DOUBLING = 2.5

_FURNITURE_TOP = ["Connect with us", "Hi, what are you looking for?", "Editor's Pick"]
_FURNITURE_BOTTOM = [
    "Enter Your Information Below To Receive Free Trading Ideas, Latest News And Articles.",
    "Your information is secure and your privacy is protected. By opting in you agree to "
    "receive emails from us. Remember that you can opt-out any time, we hate spam too!",
    "You May Also Like",
    "Editor's Pick",
    "Markets slipped on Monday as traders weighed the outlook for interest rates and...",
    "Editor's Pick",
    "A late summer heatwave is expected to break records across the south this week as...",
    "Disclaimer: benchfarm.example, its managers, its employees, and assigns (collectively "
    "“The Company”) do not make any guarantee or warranty about what is advertised above.",
    "Copyright © 2023 benchfarm.example",
]


def write_pages(texts: list[str], path: Path, seed: int) -> int:
    """Write the pages file; return the number of pages."""
    rng = random.Random(seed)
    pages = []
    for i, text in enumerate(texts):
        doc_id = f"wire-{i:06d}"
        day = f"2023-09-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00"
        pages.append({"doc_id": doc_id, "outlet": "Bench Wire", "text": text, "published": day,
                      "url": f"https://benchwire.example/{doc_id}"})
        if i % 5 == 0:
            paragraphs = text.split("\n\n")
            k = rng.randrange(len(paragraphs))
            paragraphs[k] = paragraphs[k] + " Officials gave no further details on Monday."
            body = "\n\n".join(paragraphs)
            farm = "\n\n".join([*_FURNITURE_TOP, f"Headline of story {i}", body,
                                "This post appeared first on benchwire.example",
                                *_FURNITURE_BOTTOM])
            pages.append({"doc_id": f"farm-{i:06d}", "outlet": "benchfarm.example", "text": farm})
    write_jsonl(path, pages)
    return len(pages)


def _timed_ingest(path: Path, **options) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = ingest(path, **options)
    return time.perf_counter() - t0, result


def run(texts: list[str], data_dir: Path, seed: int) -> dict:
    """Run the ingest benchmark; print a table; return the numbers."""
    full = data_dir / f"pages-{seed}-{len(texts)}.jsonl"
    half = data_dir / f"pages-{seed}-{len(texts) // 2}.jsonl"
    n_full = write_pages(texts, full, seed)
    n_half = write_pages(texts[: len(texts) // 2], half, seed)
    mb = full.stat().st_size / 1e6

    floor_s, _ = floor(full)
    raw_s, _ = _timed_ingest(full, clean=False, dedup=False)
    full_s, result = _timed_ingest(full)
    half_s, _ = _timed_ingest(half)
    corpus = result.corpus
    reposts = corpus[corpus["outlet"] == "benchfarm.example"]
    attributed = int((reposts["origin_outlet"] == "Bench Wire").sum())
    clustered = int((~reposts["is_canonical"]).sum())

    print()
    print(f"ingest: {n_full:,} pages ({mb:.1f} MB), {len(reposts):,} of them reposts with furniture")
    print(f"{'stage':<70} {'seconds':>9} {'MB/s':>8} {'x floor':>8}")
    for name, secs in (
        ("floor: read + re.findall(\\w+)", floor_s),
        ("ingest, cleaning and clustering off", raw_s),
        ("ingest, default (clean + attribute + cluster)", full_s),
    ):
        print(f"{name:<70} {secs:9.2f} {mb / secs:8.2f} {secs / floor_s:8.2f}")
    per_page_ms = (full_s - raw_s) / n_full * 1000
    print(f"cleaning + clustering: {full_s - raw_s:.2f} s, {per_page_ms:.2f} ms per page; "
          f"{attributed:,}/{len(reposts):,} reposts attributed to their origin, "
          f"{clustered:,}/{len(reposts):,} clustered with it")
    ratio = full_s / half_s
    ok = ratio <= TARGET_DOUBLING
    print(f"target: ingest of {n_full:,} pages <= {TARGET_DOUBLING}x the time of {n_half:,}: "
          f"{ratio:.2f}x  " + ("PASS" if ok else "FAIL"))
    return {
        "pages": n_full,
        "pages_mb": mb,
        "reposts": len(reposts),
        "reposts_attributed": attributed,
        "reposts_clustered": clustered,
        "floor_s": floor_s,
        "ingest_raw_s": raw_s,
        "ingest_default_s": full_s,
        "ingest_half_s": half_s,
        "ratio_doubling": ratio,
        "ok": ok,
    }
