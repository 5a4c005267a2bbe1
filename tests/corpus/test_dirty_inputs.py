"""Dirty and hostile inputs (issue 11): every record accounted for, a bad record costs itself only.

Each test reproduces one observation made on the flat-layout code (which lost or garbled the
records without a word) and checks what happens now.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from analysis import ingest, write_corpus
from analysis.cli import main as cli_main
from analysis.outputs import MANIFEST

RAW = {"clean": False, "dedup": False}


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def reasons(report: pd.DataFrame) -> dict[str, tuple[str, str]]:
    return {s: (st, r) for s, st, r in zip(report["source"], report["status"], report["reason"],
                                            strict=True)}


def test_csv_unbalanced_quote_costs_its_row_only(tmp_path):
    # before: 5 records in, 2 loaded, 0 rejected, the second swallowing the next three rows
    write(tmp_path / "u.csv", 'doc_id,text\n1,one\n2,"two never closed\n3,three\n4,four\n5,"five"\n')
    r = ingest(tmp_path / "u.csv", **RAW)
    assert r.corpus["doc_id"].tolist() == ["1", "3", "4", "5"]
    assert r.corpus.set_index("doc_id").loc["3", "text"] == "three"
    status, reason = reasons(r.report)["u.csv#2"]
    assert status == "rejected" and reason.startswith("line 3: malformed CSV record")
    assert len(r.report) == 5  # every record of the file is in the report, once


def test_csv_unbalanced_quote_closed_by_a_later_quote_is_caught_by_the_field_count(tmp_path):
    # the stray quote is closed at the end of row 4: one "record" of 2 fields over 3 lines; it
    # is refused and rows 3 and 4 are read again on their own (a quote ending an unquoted
    # field is allowed: row 4's last field is 'f"')
    write(tmp_path / "c.csv", 'doc_id,text,x\n1,a,b\n2,"open,b\n3,c,d\n4,e,f"\n5,g,h\n')
    r = ingest(tmp_path / "c.csv", **RAW)
    assert r.corpus["doc_id"].tolist() == ["1", "3", "4", "5"]
    assert "unbalanced quote" in reasons(r.report)["c.csv#2"][1]


def test_stray_quote_inside_a_quoted_field_rejects_that_row_instead_of_garbling_it(tmp_path):
    # before: loaded as 'bad quote" in middle"'
    write(tmp_path / "q.csv", 'doc_id,text\n1,"bad "quote" in middle"\n2,fine\n')
    r = ingest(tmp_path / "q.csv", **RAW)
    assert r.corpus["doc_id"].tolist() == ["2"]
    assert "malformed CSV record" in reasons(r.report)["q.csv#1"][1]


def test_bare_carriage_return_is_a_space_not_a_record_break(tmp_path):
    # before: the text was cut at the CR and the rest became a phantom rejected record
    write(tmp_path / "cr.csv", b"doc_id,text\r\n1,first half\rsecond half\r\n2,next\r\n")
    r = ingest(tmp_path / "cr.csv", **RAW)
    assert r.corpus["text"].tolist() == ["first half second half", "next"]
    assert r.corpus["source"].tolist() == ["cr.csv#1", "cr.csv#2"]
    assert "carriage return" in reasons(r.report)["cr.csv#1"][1]


def test_classic_mac_line_ends_are_line_ends(tmp_path):
    write(tmp_path / "mac.csv", b"doc_id,text\r1,one\r2,two\r")
    assert ingest(tmp_path / "mac.csv", **RAW).corpus["text"].tolist() == ["one", "two"]


def test_header_only_csv_and_empty_files_get_a_report_row(tmp_path):
    write(tmp_path / "h.csv", "doc_id,text\n")
    write(tmp_path / "e.jsonl", "\n\n")
    write(tmp_path / "a.json", "[]")
    r = ingest(tmp_path, **RAW)
    got = reasons(r.report)
    for name in ("h.csv", "e.jsonl", "a.json"):
        assert got[f"{tmp_path.name}/{name}"] == ("skipped", "no records in the file")


def test_semicolon_separated_csv_is_read_with_a_note(tmp_path):
    write(tmp_path / "s.csv", "doc_id;text\n1;un texte, avec virgule\n")
    r = ingest(tmp_path / "s.csv", **RAW)
    assert r.corpus["text"].tolist() == ["un texte, avec virgule"]
    assert "semicolon-separated" in reasons(r.report)["s.csv#1"][1]


def test_one_row_of_invalid_utf8_costs_a_note_on_that_row_only(tmp_path):
    # before: the whole CSV was rejected
    data = "doc_id,text\n1,génocide\n2,caf".encode() + b"\xe9" + "\n3,déjà vu\n".encode()
    write(tmp_path / "b.csv", data)
    r = ingest(tmp_path / "b.csv", **RAW)
    assert r.corpus["text"].tolist() == ["génocide", "caf\ufffd", "déjà vu"]
    got = reasons(r.report)
    assert "replaced by U+FFFD" in got["b.csv#2"][1]
    assert got["b.csv#1"][1] is pd.NA and got["b.csv#3"][1] is pd.NA


def test_utf16_jsonl_is_decoded_before_it_is_split(tmp_path):
    # before: with --encoding utf-16 a good record was rejected and a phantom one appeared
    lines = "\n".join(json.dumps({"doc_id": f"d{i}", "text": f"génocide {i}"}) for i in (1, 2))
    write(tmp_path / "w.jsonl", lines.encode("utf-16"))
    for encoding in ("utf-16", None):
        r = ingest(tmp_path / "w.jsonl", encoding=encoding, **RAW)
        assert r.corpus["doc_id"].tolist() == ["d1", "d2"]
        assert r.corpus["text"].tolist() == ["génocide 1", "génocide 2"]
        assert len(r.report) == 2


def test_declared_single_byte_encoding_does_not_garble_utf8_or_utf16_files(tmp_path):
    # before: --encoding cp1252 on a mixed folder loaded 'gÃ©nocide' and 'ÿþUTF-16', no note
    write(tmp_path / "m" / "a.txt", "génocide".encode())
    write(tmp_path / "m" / "b.txt", "UTF-16 génocide".encode("utf-16"))
    write(tmp_path / "m" / "c.txt", "génocide".encode("cp1252"))
    r = ingest(tmp_path / "m", encoding="cp1252", **RAW)
    assert r.corpus["text"].tolist() == ["génocide", "UTF-16 génocide", "génocide"]
    got = reasons(r.report)
    assert "read as UTF-8, not the declared cp1252" in got["m/a.txt"][1]
    assert "byte-order mark says utf-16" in got["m/b.txt"][1]
    assert got["m/c.txt"][1] is pd.NA  # the declared encoding, as declared


def test_ids_are_kept_as_written(tmp_path):
    # before: 1, 1.0 and "1" collapsed into one id and two records were rejected
    write(tmp_path / "i.jsonl", '{"doc_id": 1, "text": "a"}\n{"doc_id": 1.0, "text": "b"}\n'
                                '{"doc_id": "1", "text": "c"}\n{"doc_id": 7, "text": "d", "n": 2.5}\n')
    r = ingest(tmp_path / "i.jsonl", **RAW)
    assert r.corpus["doc_id"].tolist() == ["1", "1.0", "7"]
    assert "duplicate doc_id '1'" in reasons(r.report)["i.jsonl#3"][1]
    assert r.corpus.set_index("doc_id").loc["7", "n"] == 2.5  # other numbers stay numbers


def test_an_output_in_an_input_folder_is_never_read_back(tmp_path):
    # before: after editing an article, a rerun exited 0 and kept the old text
    folder = tmp_path / "articles"
    write(folder / "a.jsonl", json.dumps({"doc_id": "a", "text": "old text"}))
    assert cli_main(["-q", "ingest", str(folder), "-o", str(folder / "corpus.parquet"),
                     "--report", str(folder / "ingest.csv")]) == 0
    assert (folder / MANIFEST).is_file()
    write(folder / "a.jsonl", json.dumps({"doc_id": "a", "text": "new text"}))
    r = ingest(folder, **RAW)
    assert r.corpus["text"].tolist() == ["new text"]
    got = reasons(r.report)
    assert got["articles/corpus.parquet"] == (
        "skipped", "written by this tool (corpus), not an input: name the file to read it")
    assert got["articles/ingest.csv"][0] == "skipped"
    # named directly, an ingested corpus is read as it is
    assert ingest(folder / "corpus.parquet").corpus["text"].tolist() == ["old text"]


def test_a_corpus_written_before_manifests_is_recognised_by_its_metadata(tmp_path):
    folder = tmp_path / "in"
    write(folder / "a.txt", "fresh")
    corpus = ingest(folder, **RAW).corpus
    write_corpus(corpus.assign(text="stale"), tmp_path / "stale.parquet")
    (folder / "old.parquet").write_bytes((tmp_path / "stale.parquet").read_bytes())
    r = ingest(folder, **RAW)
    assert r.corpus["text"].tolist() == ["fresh"]
    assert reasons(r.report)["in/old.parquet"][0] == "skipped"
