"""analysis.outputs: whole-or-nothing files, formula-safe CSV that reads back exactly (issue 11)."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

import analysis
from analysis import outputs
from analysis.cli import main as cli_main

HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3",
           "\tstarts with a tab", "\rstarts with a CR", "'=already escaped", "', he said"]


@given(st.lists(st.text(max_size=12), min_size=1, max_size=6))
def test_escape_then_unescape_gives_back_every_text(cells):
    df = pd.DataFrame({"c": cells})
    back = outputs.unescape_formulas(outputs.escape_formulas(df))
    assert back["c"].tolist() == cells


@given(st.text(max_size=12))
def test_no_escaped_cell_begins_with_a_formula_character(cell):
    out = outputs.escape_formulas(pd.DataFrame({"c": [cell]}))["c"].iloc[0]
    assert not out.startswith(outputs.FORMULA_PREFIXES)


def test_numbers_stay_numbers_and_plain_text_is_untouched(tmp_path):
    df = pd.DataFrame({"n": [-1.5, 2.0], "t": ["-x", "', he said"]})
    path = outputs.write_csv(df, tmp_path / "t.csv", kind="test")
    assert path.read_text().splitlines() == ["n,t", "-1.5,'-x", "2.0,\"', he said\""]
    pd.testing.assert_frame_equal(outputs.read_csv(path), df)


def test_an_interrupted_write_leaves_the_previous_file(tmp_path):
    target = tmp_path / "corpus.parquet"
    target.write_bytes(b"the previous, complete file")
    with pytest.raises(KeyboardInterrupt), outputs.atomic_path(target, kind="corpus") as tmp:
        tmp.write_bytes(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"the previous, complete file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.parquet"]  # no temp left
    assert outputs.written_outputs(tmp_path) == {}  # nor a manifest line for a file not written


def test_written_files_are_listed_in_the_folder_manifest(tmp_path):
    outputs.write_text(tmp_path / "a.json", "{}", kind="record")
    outputs.write_csv(pd.DataFrame({"x": [1]}), tmp_path / "b.csv", kind="table")
    (tmp_path / outputs.MANIFEST).open("a").write('{"name": "torn')  # a killed writer's line
    assert outputs.written_outputs(tmp_path) == {"a.json": "record", "b.csv": "table"}


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return cell.strip() == cell


def test_every_csv_the_pipeline_writes_is_formula_safe_and_reads_back_exactly(tmp_path):
    rows = [
        {"doc_id": f"={i}", "outlet": h if i % 2 else "Wire", "title": h,
         "text": f"{h} The massacre was reported. Officials said the siege was a genocide."}
        for i, h in enumerate(HOSTILE)
    ]
    src = tmp_path / "in" / "a.jsonl"
    src.parent.mkdir()
    src.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    assert cli_main(["-q", "ingest", str(src.parent), "-o", str(out / "corpus.parquet"),
                     "--report", str(out / "ingest.csv")]) == 0
    assert cli_main(["-q", "score", str(out / "corpus.parquet"), "-o", str(out / "hits.csv")]) == 0
    assert cli_main(["-q", "score", str(out / "corpus.parquet"), "-o",
                     str(out / "hits.parquet")]) == 0
    assert cli_main(["-q", "compare", str(out / "corpus.parquet"), "--hits", str(out / "hits.csv"),
                     "--n-boot", "20", "-o", str(out / "cmp")]) == 0
    written = sorted(out.rglob("*.csv"))
    assert len(written) >= 10
    for path in written:
        with open(path, newline="", encoding="utf-8") as fh:
            for row in csv.reader(fh):
                for cell in row:
                    if _is_number(cell):
                        continue  # a number ("-3.5") is shown as a number, never run
                    assert not cell.startswith(outputs.FORMULA_PREFIXES), (path.name, cell)
    # the product reads back exactly what it wrote: ids, matched text and offsets
    corpus = analysis.read_corpus(out / "corpus.parquet")
    from_csv = analysis.ScoreTables.read(out / "hits.csv")
    from_parquet = analysis.ScoreTables.read(out / "hits.parquet")
    for name in ("hits", "attributions", "voice_tokens", "sentences"):
        a, b = getattr(from_csv, name), getattr(from_parquet, name)
        for col in ("doc_id", "start", "end", "matched", "text"):
            if col in a.columns:
                assert a[col].astype(str).tolist() == b[col].astype(str).tolist(), (name, col)
    text = dict(zip(corpus["doc_id"], corpus["text"], strict=True))
    hits = from_csv.hits
    assert set(hits["doc_id"]) == {r["doc_id"] for r in rows}
    assert all(text[d][s:e] == m for d, s, e, m in
               zip(hits["doc_id"], hits["start"], hits["end"], hits["matched"], strict=True))
