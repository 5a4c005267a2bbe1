"""`make fuzz`: feed random and mutated CSV, JSON lines, JSON, HTML and text files to ingest and
score for a while, and stop at the first input that breaks a contract (issue 11).

    python -m tests.fuzz [--seconds 300] [--seed 1] [--out fuzz-failures]

Each round writes one to three mutated files into a fresh folder, ingests it and scores the
corpus, and checks: no exception escapes; every file is in the ingest report; the corpus passes
its schema; every hit and attribution lies in its document (``text[start:end] == matched``); the
tokens of each document add up over the voices. A failing input is saved under ``--out`` with
the traceback, and the run exits with status 1. Not part of `make test`: it runs for as long as
it is told to.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
import traceback
from pathlib import Path

import analysis

SEEDS = {
    "a.csv": 'doc_id,title,text,published\n1,"A ""quoted"" title","Officials said the siege, '
    'a \u201cmassacre\u201d, went on.\nSecond line.",2023-09-20\n2,Plain,"The army called it '
    'an anti-terror operation.",not a date\n',
    "b.jsonl": json.dumps({"doc_id": "j1", "text": "Armenia warned of ethnic cleansing.",
                           "outlet": "Wire", "published": 1695168000}) + "\n"
    + json.dumps({"doc_id": 2, "text": "\u201cIt was genocide,\u201d she said. No one denied it."}),
    "c.json": json.dumps([{"doc_id": "k", "text": "According to the ministry, the blockade ended."}]),
    "d.html": "<html><head><title>T</title><meta property='og:site_name' content='Lakeside "
    "Tribune'></head><body><article><h1>T</h1><p>The separatists said \u201cnever\u201d.</p>"
    "<table><tr><td>a</td><td>b</td></tr></table><p>This post appeared first on cnn.com"
    "</p></article></body></html>",
    "e.txt": "---\ntitle: Front matter\noutlet: Txt Daily\n---\nThe offensive was a crushing "
    "victory, officials said.\n\nAn alleged massacre was not confirmed.",
}
INSERTS = [b'"', b"'", b"\r", b"\n", b"\x00", b"\xff", b"\xef\xbb\xbf", b"\xe2\x80\xa8",
           b",", b";", b"\t", b"{", b"}", b"<p>", b"</td>", "\u201c".encode(), b"=cmd|",
           b"\\", b"---\n", b"\n\n\n"]


def mutate(data: bytes, rnd: random.Random) -> bytes:
    """One to four random edits of ``data``."""
    buf = bytearray(data)
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randrange(7)
        pos = rnd.randrange(len(buf) + 1)
        if op == 0 and buf:  # flip a byte
            buf[min(pos, len(buf) - 1)] = rnd.randrange(256)
        elif op == 1:
            buf[pos:pos] = rnd.choice(INSERTS)
        elif op == 2 and buf:  # cut a stretch
            buf[pos:pos + rnd.randint(1, 40)] = b""
        elif op == 3:  # repeat a stretch (long lines, duplicated rows)
            piece = bytes(buf[pos:pos + rnd.randint(1, 60)])
            buf[pos:pos] = piece * rnd.randint(2, 400)
        elif op == 4:  # truncate
            del buf[pos:]
        elif op == 5:  # re-encode as UTF-16, with or without a BOM
            text = bytes(buf).decode("utf-8", errors="replace")
            buf = bytearray(text.encode(rnd.choice(["utf-16", "utf-16-le"])))
        else:  # random bytes
            buf[pos:pos] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 30)))
    return bytes(buf)


def check(folder: Path) -> None:
    """Run ingest and score on ``folder`` and assert the contracts of the module docstring."""
    result = analysis.ingest(folder)
    files = {p.relative_to(folder.parent).as_posix() for p in folder.iterdir()}
    reported = {s.split("#")[0] for s in result.report["source"]}
    assert files <= reported, f"files missing from the report: {files - reported}"
    corpus = analysis.validate_corpus(result.corpus)
    if corpus.empty:
        return
    tables = analysis.score_tables(corpus)
    text = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    hits = tables.hits
    for d, s, e, m in zip(hits["doc_id"], hits["start"], hits["end"], hits["matched"], strict=True):
        assert text[d][s:e] == m, (d, s, e, m)
    att = tables.attributions
    for d, s, e in zip(att["doc_id"], att["start"], att["end"], strict=True):
        assert 0 <= s <= e <= len(text[d]), (d, s, e)
    totals = tables.voice_tokens.set_index("doc_id").sum(axis=1)
    assert (totals.reindex(corpus["doc_id"]).to_numpy() == corpus["n_tokens"].to_numpy()).all()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    args = parser.parse_args(argv)
    rnd = random.Random(args.seed)
    names = sorted(SEEDS)
    started, rounds = time.monotonic(), 0
    while time.monotonic() - started < args.seconds:
        rounds += 1
        with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
            folder = Path(tmp) / "inputs"
            folder.mkdir()
            for name in rnd.sample(names, rnd.randint(1, 3)):
                (folder / name).write_bytes(mutate(SEEDS[name].encode("utf-8"), rnd))
            try:
                check(folder)
            except Exception:  # a broken contract: keep the input and say how it broke
                target = args.out / f"round-{rounds}"
                shutil.copytree(folder, target, dirs_exist_ok=True)
                (target / "TRACEBACK.txt").write_text(traceback.format_exc(), encoding="utf-8")
                print(f"round {rounds}: FAILED, input and traceback in {target}")
                return 1
    print(f"{rounds} rounds in {time.monotonic() - started:.0f} s (seed {args.seed}): no failure")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
