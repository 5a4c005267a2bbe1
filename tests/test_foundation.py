"""Text normalisation, the token definition, the corpus schema and the project wiring."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import config
from analysis.corpus.schema import (
    CORPUS_COLUMNS,
    CorpusError,
    coerce_corpus,
    empty_corpus,
    validate_corpus,
)
from analysis.text.normalize import normalize_text
from analysis.text.tokens import count_tokens, iter_tokens, tokenize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),  # line endings
        ("e\u0301", "\u00e9"),  # NFC composes e + combining acute
        ("iron\u00a0fist", "iron fist"),  # no-break space
        ("iron\u202ffist", "iron fist"),  # narrow no-break space
        ("geno\u200bcide", "genocide"),  # zero-width space splits a word otherwise
        ("\ufeffStart", "Start"),  # byte-order mark
        ("geno\u00adcide", "genocide"),  # soft hyphen
        ("e\u00ad\u0301", "\u00e9"),  # accent after a soft hyphen composes once the hyphen goes
        ("A\u2060\u030a", "\u00c5"),  # ... and after a word joiner
        ("a  \t b", "a b"),  # runs of spaces and tabs
        ("line \n next", "line\nnext"),  # spaces at line edges
        ("p1\n\n\n\n\np2", "p1\n\np2"),  # paragraph breaks collapse to one blank line
        ("\u201cquoted\u201d \u2018single\u2019 \u00abg\u00bb \u2014 dash", "\u201cquoted\u201d \u2018single\u2019 \u00abg\u00bb \u2014 dash"),
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),  # ZWNJ kept (Persian)
        ("bell\x07 char", "bell char"),
        ("", ""),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected
    assert normalize_text(normalize_text(raw)) == normalize_text(raw)


def test_tokens():
    text = "Azerbaijan’s \u201ciron fist\u201d: Russia-brokered truce, 1 p.m. don't"
    # Azerbaijan’s | iron | fist | Russia | brokered | truce | 1 | p | m | don't = 10
    assert tokenize(text) == ["Azerbaijan’s", "iron", "fist", "Russia", "brokered", "truce", "1",
                              "p", "m", "don't"]
    assert count_tokens(text) == 10
    assert tokenize("ABC Def", lowercase=True) == ["abc", "def"]
    assert [(s, e) for s, e, _ in iter_tokens("ab cd")] == [(0, 2), (3, 5)]
    assert count_tokens("") == 0 and count_tokens("— … !") == 0


def test_coerce_fills_derived_columns_and_validate_catches_errors():
    df = coerce_corpus(pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["X", "Y"],
                                     "text": ["one two", "three"], "section": ["w", "e"]}))
    assert df["source"].tolist() == ["a", "b"]  # a hand-made table's ids are its provenance
    assert list(df.columns) == [*CORPUS_COLUMNS, "section"]
    assert df["origin_outlet"].tolist() == ["X", "Y"]
    assert df["n_tokens"].tolist() == [2, 1]
    assert df["dup_group"].tolist() == [0, 1]
    assert df["is_canonical"].tolist() == [True, True]
    assert str(df["published"].dtype) == "datetime64[ns, UTC]"
    validate_corpus(df)
    with pytest.raises(CorpusError, match="not unique: a"):
        validate_corpus(df.assign(doc_id=["a", "a"]))
    with pytest.raises(CorpusError, match="'text' is empty in rows 1"):
        validate_corpus(df.assign(text=["x", "  "]))
    with pytest.raises(CorpusError, match="missing column\\(s\\) n_tokens"):
        validate_corpus(df.drop(columns="n_tokens"))
    with pytest.raises(CorpusError, match="'outlet' is missing in rows 0"):
        validate_corpus(df.assign(outlet=pd.array([None, "Y"], dtype="string")))
    assert list(empty_corpus().columns) == CORPUS_COLUMNS


def test_schema_documented_in_code_and_readme():
    import analysis.corpus.schema as corpus_module

    readme = (config.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    for col in CORPUS_COLUMNS:
        assert re.search(rf"^{col}\s", corpus_module.__doc__, re.M), f"{col} not in corpus docstring"
        assert f"`{col}`" in readme, f"{col} not in README schema table"


def test_readme_quick_start_and_ci_use_the_same_commands():
    readme = (config.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^make \w+", quick, re.M) == ["make report", "make test"]
    ci = (config.REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)
    makefile = (config.REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("help", "report", "test", "bench"):
        assert re.search(rf"^{target}:", makefile, re.M)
    # `make bench` is never part of `make test`
    assert "bench" not in re.search(r"^test:.*$", makefile, re.M).group(0)


def test_no_code_downloads_nltk_data():
    for path in list((config.REPO_ROOT / "analysis").rglob("*.py")) + list(
        config.NOTEBOOKS_DIR.glob("*.ipynb")
    ):
        assert "nltk.download(" not in path.read_text(encoding="utf-8"), path


def test_code_passes_ruff():
    """`make lint` for the code (the notebooks have their own check in tests/reporting/test_notebooks.py)."""
    import subprocess
    import sys

    dirs = [str(config.REPO_ROOT / d) for d in ("analysis", "tests", "benchmarks")]
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", *dirs], capture_output=True,
                          text=True, cwd=config.REPO_ROOT, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
