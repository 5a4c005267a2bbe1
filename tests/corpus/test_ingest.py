"""Ingest: every format, every rejection reason, and the full account of a mixed folder.

Inputs are written into tmp_path by each test so the bytes under test are visible here.
Cleaning and near-duplicate clustering have their own tests; most tests here turn them off so
that what is asserted is ingest's own behaviour.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import ingest, input_files, load_corpus
from analysis.corpus.schema import CORPUS_COLUMNS, is_corpus_file, read_corpus, write_corpus

RAW = {"clean": False, "dedup": False}


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def row(report: pd.DataFrame, source: str) -> dict:
    hits = report[report["source"] == source]
    assert len(hits) == 1, f"expected one report row for {source}, got {len(hits)}"
    return hits.iloc[0].to_dict()


# --------------------------------------------------------------------------- formats


def test_jsonl_records_fields_and_sources(tmp_path):
    lines = [
        {"doc_id": "w1", "outlet": "Meridian Wire", "title": "Ceasefire", "text": "One two.",
         "published": "2023-09-20T14:05:00+04:00", "url": "https://meridianwire.com/1"},
        {"doc_id": 2, "text": "Three four five.", "section": "world"},
    ]
    write(tmp_path / "wire" / "a.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n\n")
    r = ingest(tmp_path / "wire", **RAW)
    c = r.corpus.set_index("doc_id")
    assert list(r.corpus.columns[: len(CORPUS_COLUMNS)]) == CORPUS_COLUMNS
    assert c.loc["w1", "outlet"] == "Meridian Wire"  # metadata beats the folder name
    assert c.loc["2", "outlet"] == "wire"  # no metadata: the folder's name
    # 14:05 at +04:00 is 10:05 UTC
    assert c.loc["w1", "published"] == pd.Timestamp("2023-09-20T10:05:00Z")
    assert pd.isna(c.loc["2", "published"])
    assert c.loc["w1", "source"] == "wire/a.jsonl#1"
    assert c.loc["2", "source"] == "wire/a.jsonl#2"
    assert c.loc["w1", "n_tokens"] == 2 and c.loc["2", "n_tokens"] == 3
    assert c.loc["2", "section"] == "world"  # extra columns are kept
    assert c.loc["w1", "origin_outlet"] == "Meridian Wire"
    assert r.report["status"].tolist() == ["loaded", "loaded"]


def test_jsonl_bad_lines_are_reported_with_line_numbers(tmp_path):
    good = json.dumps({"doc_id": "a", "text": "fine"}).encode()
    data = b"\n".join([good, b"{not json", b"[1, 2]", b'{"doc_id": "c", "text": "caf\xe9"}'])
    write(tmp_path / "a.jsonl", data)
    r = ingest(tmp_path / "a.jsonl", **RAW)
    assert r.corpus["doc_id"].tolist() == ["a"]
    assert row(r.report, "a.jsonl#2")["reason"].startswith("invalid JSON")
    assert row(r.report, "a.jsonl#3")["reason"] == "record is a JSON list, not an object"
    assert "undecodable bytes" in row(r.report, "a.jsonl#4")["reason"]


def test_json_array_wrapped_array_and_single_object(tmp_path):
    write(tmp_path / "arr.json", json.dumps([{"doc_id": "a1", "text": "x"}, "oops"]))
    write(tmp_path / "wrapped.json", json.dumps({"articles": [{"doc_id": "w1", "text": "y"}]}))
    write(tmp_path / "one.json", json.dumps({"doc_id": "o1", "text": "z", "title": "T"}))
    write(tmp_path / "neither.json", json.dumps({"a": 1}))
    r = ingest(tmp_path, **RAW)
    assert sorted(r.corpus["doc_id"]) == ["a1", "o1", "w1"]
    assert row(r.report, f"{tmp_path.name}/arr.json#2")["reason"] == "record is a JSON str, not an object"
    assert row(r.report, f"{tmp_path.name}/neither.json")["reason"] == (
        "missing required field 'text' (fields: a; map one with --map FIELD=text)"
    )
    assert r.corpus.set_index("doc_id").loc["w1", "source"] == f"{tmp_path.name}/wrapped.json#1"
    write(tmp_path / "neither.json", json.dumps(3))
    r = ingest(tmp_path / "neither.json", **RAW)
    assert "neither an array" in row(r.report, "neither.json")["reason"]


def test_csv_multiline_fields_column_map_and_bad_rows(tmp_path):
    write(
        tmp_path / "state.csv",
        'id,headline,body,date\n'
        '1,"First","Line one\nline two, with comma",2023-09-21\n'
        '2,Second,,2023-09-22\n'
        '3,Third,"too",many,fields\n'
        '4,Fourth,"ok",not a date\n',
    )
    r = ingest(
        tmp_path / "state.csv", columns={"id": "doc_id", "headline": "title", "body": "text",
                                         "date": "published"}, **RAW,
    )
    c = r.corpus.set_index("doc_id")
    assert c.loc["1", "text"] == "Line one\nline two, with comma"
    assert c.loc["1", "title"] == "First"
    assert row(r.report, "state.csv#2")["reason"] == "empty text"
    assert "has 5 fields, header has 4" in row(r.report, "state.csv#3")["reason"]
    note = row(r.report, "state.csv#4")
    assert note["status"] == "loaded" and "not understood: left missing" in note["reason"]
    assert pd.isna(c.loc["4", "published"])


def test_input_columns_named_like_ingests_own_are_kept_renamed(tmp_path):
    # A dataset whose `source` column names the outlet (as AllSides' does): ingest sets `source`
    # itself (the file and record), so the input's column is kept as `input_source`, and said so;
    # a column ingest does not set (`format`, `_id`) is kept as it is.
    write(tmp_path / "t.csv", "_id,source,format,n_tokens,text\n7,Fox News,print,99,a b\n")
    r = ingest(tmp_path / "t.csv", **RAW)
    d = r.corpus.iloc[0]
    assert (d["source"], d["n_tokens"]) == ("t.csv#1", 2)
    assert (d["input_source"], d["input_n_tokens"]) == ("Fox News", "99")
    assert (d["format"], d["_id"]) == ("print", "7")
    assert row(r.report, "t.csv#1")["reason"] == (
        "input field 'source' kept as 'input_source' (ingest sets 'source' itself); "
        "input field 'n_tokens' kept as 'input_n_tokens' (ingest sets 'n_tokens' itself)"
    )
    # mapped to a corpus field, the column is used as that field and nothing is renamed
    r = ingest(tmp_path / "t.csv", columns={"source": "outlet"}, **RAW)
    assert r.corpus.loc[0, "outlet"] == "Fox News" and "input_source" not in r.corpus


def test_table_without_text_column_rejects_every_record_and_says_how_to_fix(tmp_path):
    write(tmp_path / "t.csv", "id,body\n1,a\n2,b\n")
    r = ingest(tmp_path / "t.csv", **RAW)
    assert r.corpus.empty
    assert r.report["source"].tolist() == ["t.csv#1", "t.csv#2"]
    assert set(r.report["reason"]) == {
        "missing required column 'text' (columns: id, body; map one with --map COLUMN=text)"
    }
    # the same account for a Parquet table; a table with no records is rejected as a file
    pd.DataFrame({"id": [1, 2, 3], "body": ["a", "b", "c"]}).to_parquet(tmp_path / "t.parquet")
    write(tmp_path / "h.csv", "id,body\n")
    r = ingest([tmp_path / "t.parquet", tmp_path / "h.csv"], **RAW)
    assert r.report["source"].tolist() == ["t.parquet#1", "t.parquet#2", "t.parquet#3", "h.csv"]
    assert r.report["status"].eq("rejected").all()


def test_parquet_table_and_ingested_corpus_round_trip(tmp_path):
    pd.DataFrame({"doc_id": ["p1", "p2"], "text": ["alpha beta", "gamma"],
                  "outlet": ["X", "Y"]}).to_parquet(tmp_path / "t.parquet")
    r = ingest(tmp_path / "t.parquet", **RAW)
    assert r.corpus["outlet"].tolist() == ["X", "Y"]
    assert r.corpus["source"].tolist() == ["t.parquet#1", "t.parquet#2"]
    out = write_corpus(r.corpus, tmp_path / "corpus.parquet")
    assert is_corpus_file(out) and not is_corpus_file(tmp_path / "t.parquet")
    again = ingest(out, **RAW)
    pd.testing.assert_frame_equal(again.corpus, read_corpus(out))
    pd.testing.assert_frame_equal(read_corpus(out), r.corpus)


def test_a_corpus_file_that_breaks_the_schema_is_a_row_of_the_report(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    write(tmp_path / "ok.txt", "words here")
    out = write_corpus(ingest(tmp_path / "ok.txt", **RAW).corpus, tmp_path / "c.parquet")
    # blank the text but keep the file's mark: a corpus edited by hand since it was written
    table = pq.read_table(out)
    pos = table.schema.get_field_index("text")
    field = table.schema.field(pos)
    pq.write_table(table.set_column(pos, field, pa.array([" "], type=field.type)), out)
    assert is_corpus_file(out)
    r = ingest([out, tmp_path / "ok.txt"], **RAW)  # used to raise CorpusError naming no file
    assert row(r.report, "c.parquet") == {
        "source": "c.parquet", "doc_id": None, "status": "rejected",
        "reason": "invalid corpus file: corpus column 'text' is empty in rows 0",
    }
    assert r.corpus["source"].tolist() == ["ok.txt"]


def test_txt_front_matter_and_plain_page(tmp_path):
    write(tmp_path / "opinion" / "col.txt",
          "---\ntitle: The Word We Avoid\npublished: 2023-09-22T09:00:00+00:00\n"
          "url: https://op.example/col\ndoc_id: op-1\nauthor: A. Writer\n---\nBody text.\n")
    write(tmp_path / "farm" / "page.txt", "Connect with us\n\nHeadline\n\nBody.\n")
    r = ingest(tmp_path, **RAW)
    c = r.corpus.set_index("doc_id")
    assert c.loc["op-1", "title"] == "The Word We Avoid"
    assert c.loc["op-1", "text"] == "Body text."
    assert c.loc["op-1", "url"] == "https://op.example/col"
    assert c.loc["op-1", "author"] == "A. Writer"
    page = f"{tmp_path.name}/farm/page.txt"
    assert c.loc[page, "outlet"] == "farm" and pd.isna(c.loc[page, "title"])
    assert c.loc[page, "text"] == "Connect with us\n\nHeadline\n\nBody."


def test_outlet_option_overrides_metadata_and_folder(tmp_path):
    write(tmp_path / "f" / "a.jsonl", json.dumps({"text": "x", "outlet": "Meta"}) + "\n")
    write(tmp_path / "f" / "b.txt", "y")
    r = ingest(tmp_path / "f", outlet="Chosen", **RAW)
    assert set(r.corpus["outlet"]) == {"Chosen"}
    # an outlet field with nothing visible in it is no outlet: the folder's name stands
    write(tmp_path / "g" / "a.jsonl", json.dumps({"text": "x", "outlet": "\u200b\u00ad"}) + "\n")
    assert ingest(tmp_path / "g", **RAW).corpus["outlet"].tolist() == ["g"]


HTML = """<!doctype html>
<html><head><title>Exodus grows - Global News</title>
<meta property="og:title" content="Exodus from Karabakh grows">
<meta property="og:site_name" content="Global News Network">
<meta property="article:published_time" content="2023-09-26T08:30:00+00:00">
<link rel="canonical" href="https://globalnewsnet.com/2023/09/26/exodus">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Exodus from Karabakh grows</h1>
<p>Tens of thousands of people have left the region, officials said on Tuesday, as the road west filled with cars.</p>
<p>“We left everything behind,” said one resident, who gave only her first name.</p>
<p>Aid groups said they were preparing for more arrivals in the coming days across the border.</p>
</article>
<footer>© Global News Network</footer>
</body></html>"""


def test_html_main_text_and_metadata(tmp_path):
    write(tmp_path / "bcast" / "exodus.html", HTML)
    r = ingest(tmp_path / "bcast", **RAW)
    d = r.corpus.iloc[0]
    assert d["title"] == "Exodus from Karabakh grows"
    assert d["outlet"] == "Global News Network"
    assert d["url"] == "https://globalnewsnet.com/2023/09/26/exodus"
    assert d["published"] == pd.Timestamp("2023-09-26T08:30:00Z")
    paragraphs = d["text"].split("\n\n")
    assert len(paragraphs) == 3  # paragraphs stay apart; the headline is not repeated in the body
    assert paragraphs[0].startswith("Tens of thousands")
    assert "“We left everything behind,”" in d["text"]  # curly quotes survive
    assert "Home" not in d["text"] and "©" not in d["text"]


def test_normalisation_keeps_quotes_and_removes_invisible_characters(tmp_path):
    text = "Cafe\u0301 \u201cquoted\u201d\u00a0geno\u00adcide\u200b and\r\nnext\r\n\r\n\r\n\r\nlast  "
    write(tmp_path / "n.jsonl", json.dumps({"doc_id": "n", "text": text}))
    d = ingest(tmp_path / "n.jsonl", **RAW).corpus.iloc[0]
    assert d["text"] == "Café \u201cquoted\u201d genocide and\nnext\n\nlast"


def test_encoding_is_checked_once_and_a_byte_order_mark_is_dropped(tmp_path):
    bom = b"\xef\xbb\xbf"
    write(tmp_path / "a.jsonl", bom + json.dumps({"doc_id": "j", "text": "caf\u00e9"}).encode())
    write(tmp_path / "b.csv", bom + b"doc_id,text\nc,plain\n")
    # "UTF8" is utf-8 under another spelling: the mark is dropped in both kinds of file
    r = ingest([tmp_path / "a.jsonl", tmp_path / "b.csv"], encoding="UTF8", **RAW)
    assert r.corpus["doc_id"].tolist() == ["j", "c"]
    assert r.corpus["text"].tolist() == ["caf\u00e9", "plain"]
    # an unknown encoding is one clear error whatever the files are (a .jsonl file used to
    # raise LookupError from its first line)
    for name in ("a.jsonl", "b.csv"):
        with pytest.raises(ValueError, match="unknown encoding 'no-such-codec'"):
            ingest(tmp_path / name, encoding="no-such-codec", **RAW)


def test_empty_duplicate_unsupported_unreadable_and_excluded(tmp_path):
    write(tmp_path / "d" / "a.jsonl",
          json.dumps({"doc_id": "x", "text": "first"}) + "\n"
          + json.dumps({"doc_id": "x", "text": "second"}) + "\n"
          + json.dumps({"doc_id": "e", "text": " \u200b "}) + "\n"
          + json.dumps({"doc_id": "n", "text": 42}) + "\n")
    write(tmp_path / "d" / "notes.docx", "word file")
    write(tmp_path / "d" / "README.md", "about")
    write(tmp_path / "d" / ".hidden.txt", "secret")
    os.symlink(tmp_path / "missing.txt", tmp_path / "d" / "link.txt")
    r = ingest(tmp_path / "d", **RAW)
    assert r.corpus["text"].tolist() == ["first"]
    reasons = dict(zip(r.report["source"], r.report["reason"], strict=True))
    assert reasons["d/a.jsonl#2"] == "duplicate doc_id 'x' (first loaded from d/a.jsonl#1)"
    assert reasons["d/a.jsonl#3"] == "empty text"
    assert reasons["d/a.jsonl#4"] == "text is not a string (got int)"
    assert reasons["d/notes.docx"].startswith("unsupported extension '.docx'")
    assert reasons["d/link.txt"].startswith("unreadable file")
    assert reasons["d/README.md"] == "excluded by pattern 'README*'"
    assert reasons["d/.hidden.txt"] == "excluded by pattern '.*'"


def test_input_files_lists_what_ingest_reads_under_its_source_names(tmp_path):
    write(tmp_path / "c" / "b" / "2.txt", "two")
    write(tmp_path / "c" / "a.txt", "one")
    write(tmp_path / "c" / "README.md", "about")  # excluded by name
    write(tmp_path / "c" / ".ipynb_checkpoints" / "a-checkpoint.txt", "old")  # hidden folder
    # sorted by path inside the folder; names relative to the inputs' common folder
    assert input_files(tmp_path / "c") == [
        ("c/a.txt", tmp_path / "c" / "a.txt"), ("c/b/2.txt", tmp_path / "c" / "b" / "2.txt"),
    ]
    assert [n for n, _ in input_files(tmp_path / "c", exclude=())] == [
        "c/README.md", "c/a.txt", "c/b/2.txt",
    ]
    # the same names as the corpus's `source`; a file given again is read once
    r = ingest([tmp_path / "c", tmp_path / "c" / "a.txt"], **RAW)
    assert r.corpus["source"].tolist() == ["c/a.txt", "c/b/2.txt"]


def test_every_record_of_a_mixed_folder_is_accounted_for(tmp_path):
    """Records written: 3 + 2 + 1 + 1 + 1 + 1 + 1 = 10 items; each appears exactly once."""
    write(tmp_path / "m" / "wire" / "w.jsonl",  # 3 records: 2 good, 1 broken
          '{"doc_id": "w1", "text": "a"}\n{"doc_id": "w2", "text": "b"}\n{oops\n')
    write(tmp_path / "m" / "state" / "s.csv", "doc_id,text\ns1,c\ns2,\n")  # 1 good, 1 empty
    write(tmp_path / "m" / "op" / "o.txt", "d")  # good
    write(tmp_path / "m" / "op" / "bad.txt", b"\xff\xfe\x00")  # undecodable
    write(tmp_path / "m" / "op" / "x.pdf", b"%PDF")  # unsupported
    write(tmp_path / "m" / "bc" / "b.json", "[")  # invalid JSON
    write(tmp_path / "m" / "bc" / "README.txt", "excluded")  # skipped
    r = ingest(tmp_path / "m", **RAW)
    assert len(r.report) == 10
    assert r.report["source"].is_unique
    loaded = r.report[r.report["status"] == "loaded"]
    assert sorted(loaded["doc_id"]) == sorted(r.corpus["doc_id"]) == ["m/op/o.txt", "s1", "w1", "w2"]
    assert r.n_rejected == 5 and r.n_skipped == 1
    assert r.report.loc[r.report["status"] != "loaded", "reason"].notna().all()
    assert r.summary() == "4 documents loaded, 5 records rejected, 1 files skipped"


def test_load_corpus_attaches_report_and_missing_path_is_an_error(tmp_path):
    write(tmp_path / "a.txt", "words here")
    corpus = load_corpus(tmp_path / "a.txt", **RAW)
    assert corpus.attrs["ingest_report"]["status"].tolist() == ["loaded"]
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pyarrow warns when it meets a frame in attrs
        assert read_corpus(write_corpus(corpus, tmp_path / "c.parquet")).attrs == {}
    with pytest.raises(FileNotFoundError, match="nope"):
        load_corpus(tmp_path / "nope", **RAW)
    with pytest.raises(ValueError, match="not a corpus field"):
        load_corpus(tmp_path / "a.txt", columns={"body": "txt"}, **RAW)


# --------------------------------------------------------------------------- command line


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=cwd, capture_output=True, text=True,
        timeout=120,
    )


def test_cli_ingest_writes_corpus_and_report(tmp_path):
    write(tmp_path / "in" / "w.jsonl", '{"doc_id": "w1", "body": "a b c"}\n{bad\n')
    proc = run_cli("ingest", "in", "-o", "out/c.parquet", "--report", "out/ingest.csv",
                   "--map", "body=text", "--no-clean", "--no-dedup", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "in/w.jsonl#2: invalid JSON" in proc.stderr
    corpus = read_corpus(tmp_path / "out" / "c.parquet")
    assert corpus["doc_id"].tolist() == ["w1"] and corpus["n_tokens"].tolist() == [3]
    rep = pd.read_csv(tmp_path / "out" / "ingest.csv")
    assert list(rep.columns) == ["source", "doc_id", "status", "reason"]
    assert rep["status"].tolist() == ["loaded", "rejected"]


def test_cli_ingest_fails_only_when_nothing_usable(tmp_path, monkeypatch, capsys, caplog):
    # In-process (analysis.cli.main) to keep the suite fast; the test above runs a real process.
    from analysis.cli import main

    monkeypatch.chdir(tmp_path)
    write(tmp_path / "in" / "empty.jsonl", '{"text": ""}\n')
    assert main(["ingest", "in", "-o", "c.parquet", "--no-clean", "--no-dedup"]) == 1
    assert "nothing usable was read from in" in caplog.text
    assert not (tmp_path / "c.parquet").exists()
    assert main(["ingest", "in", "-o", "c.csv"]) == 1
    assert "use a .parquet file name" in capsys.readouterr().err
    assert main(["ingest", "nowhere", "-o", "c.parquet"]) == 1
    assert "nowhere: no such file or folder" in capsys.readouterr().err
    assert main(["ingest", "in", "-o", "c.parquet", "--map", "bodytext"]) == 1
    assert "expected COLUMN=FIELD" in capsys.readouterr().err


def test_cli_dedup_threshold_is_passed_on(tmp_path, monkeypatch):
    from analysis.cli import main

    monkeypatch.chdir(tmp_path)
    words = [f"w{i}" for i in range(80)]
    edited = words.copy()
    edited[40] = "changed"  # one word in 80: 5 of 76 word 5-grams differ, Jaccard 71/81 = 0.88
    write(tmp_path / "in" / "a.jsonl",
          json.dumps({"doc_id": "a", "text": " ".join(words)}) + "\n"
          + json.dumps({"doc_id": "b", "text": " ".join(edited)}) + "\n")
    assert main(["ingest", "in", "-o", "default.parquet"]) == 0
    assert read_corpus(tmp_path / "default.parquet")["dup_group"].nunique() == 1
    assert main(["ingest", "in", "-o", "strict.parquet", "--dedup-threshold", "0.95"]) == 0
    assert read_corpus(tmp_path / "strict.parquet")["dup_group"].nunique() == 2
