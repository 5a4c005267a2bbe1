"""No third-party dataset text in the repository: PolNeAR's articles and BABE's and AllSides'
sentences belong to their publishers (and BABE is AGPL), so the code, tests, docs and shipped data
may hold word forms and counts from them, never their sentences (issue 10, point 4; the guide's
rule for ../shared/datasets). Checked as shared runs of 8 words (a run that long is a sentence
fragment, not a common phrase) between every dataset text and every text file git tracks."""

from __future__ import annotations

import re
import subprocess

import pytest

from analysis import config
from analysis.evaluation.datasets import read_allsides, read_babe
from analysis.evaluation.polnear import read_polnear

RUN = 8
WORD = re.compile(r"\w+")


def _runs(text: str) -> set[str]:
    words = WORD.findall(text.lower())
    return {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}


def _tracked_text_files() -> list:
    try:
        out = subprocess.run(["git", "ls-files"], cwd=config.REPO_ROOT, capture_output=True,
                             text=True, check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    keep = (".py", ".md", ".csv", ".json", ".jsonl", ".txt", ".html", ".ipynb", ".toml", ".dic")
    return [config.REPO_ROOT / p for p in out if p.endswith(keep)]


def test_the_shared_run_check_finds_a_fragment():
    text = "one two three four five six seven eight nine"
    assert _runs("Two three four five six seven eight nine ten.") & _runs(text) == {
        "two three four five six seven eight nine"}
    assert not _runs("one two three four five six seven") & _runs(text)


def _found_in_repository(texts) -> dict[str, list[str]]:
    runs = set()
    for text in texts:
        runs |= _runs(text)
    found = {}
    for path in _tracked_text_files():
        try:
            shared = _runs(path.read_text(encoding="utf-8")) & runs
        except (OSError, UnicodeDecodeError):
            continue
        if shared:
            found[str(path.relative_to(config.REPO_ROOT))] = sorted(shared)[:3]
    return found


def test_no_polnear_sentence_is_in_the_repository(datasets_dir):
    folder = datasets_dir / "polnear"
    if not folder.is_dir():
        pytest.skip(f"PolNeAR not found at {folder}")
    texts = [t for split in ("train", "dev") for t in read_polnear(folder, split)[0]["text"]]
    found = _found_in_repository(texts)
    assert not found, f"PolNeAR article text in the repository: {found}"


def test_no_babe_or_allsides_sentence_is_in_the_repository(datasets_dir):
    texts = []
    for reader in (read_babe, read_allsides):
        try:
            texts += list(reader()["text"])
        except FileNotFoundError:
            continue
    if not texts:
        pytest.skip(f"neither BABE nor AllSides found under {datasets_dir}")
    found = _found_in_repository(texts)
    assert not found, f"BABE or AllSides text in the repository: {found}"
