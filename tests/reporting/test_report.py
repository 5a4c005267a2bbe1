"""Fast tests of analysis.report: display-and-save helpers, provenance, summaries, HTML export,
index page, PDF availability and the command line's input checks. No kernel is started here
(tests/reporting/test_build.py runs the notebooks)."""

from __future__ import annotations

import hashlib
import json
import re

import nbformat
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

import analysis
import analysis.reporting.display as reporting_display
import analysis.reporting.provenance as reporting_provenance
from analysis import config
from analysis.cli import main as cli_main

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")


@pytest.fixture
def shown(monkeypatch):
    """Capture what the show_* helpers display (the HTML markup and plain text)."""
    captured: list[dict] = []

    def fake(markup, plain, extra=None):
        captured.append({"html": markup, "plain": plain, **(extra or {})})

    # every show_* helper displays through display_html; patch it where each module looks it up
    monkeypatch.setattr(reporting_display, "display_html", fake)
    monkeypatch.setattr(reporting_provenance, "display_html", fake)
    return captured


def live_elements(markup: str) -> list[str]:
    """Elements or attributes that would run code if the HTML were opened in a browser."""
    from lxml import html as lxml_html

    found = []
    tree = lxml_html.fromstring(f"<div>{markup}</div>")
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag.lower() in {"script", "iframe", "object", "embed"}:
            found.append(el.tag)
        for attr, value in el.attrib.items():
            if attr.lower().startswith("on"):
                found.append(f"{el.tag}@{attr}")
            if attr.lower() in {"src", "href"} and value.strip().lower().startswith("javascript:"):
                found.append(f"{el.tag}@{attr}=javascript")
    return found


# ------------------------------------------------------------------------------------ show_table


def test_show_table_escapes_corpus_text_and_saves_full_csv(tmp_path, shown):
    df = pd.DataFrame(
        {"title": [PAYLOADS[0], PAYLOADS[1], "plain"], "rate": [1.23456789, 0.5, None]}
    )
    analysis.show_table(
        df, "hostile", outdir=tmp_path, caption=f"caption {PAYLOADS[1]}", max_rows=2
    )
    markup = shown[0]["html"]
    assert live_elements(markup) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "caption &lt;img src=x onerror=alert(1)&gt;" in markup
    assert "first 2 of 3 rows" in markup and 'href="tables/hostile.csv"' in markup
    assert "1.235" in markup  # floats shown with 3 decimals
    # The CSV has every row, the payload as plain text, 10 significant digits, \n line ends.
    csv = (tmp_path / "tables" / "hostile.csv").read_bytes()
    assert csv == (
        b"title,rate\n<script>alert(1)</script>,1.23456789\n"
        b"<img src=x onerror=alert(1)>,0.5\nplain,\n"
    )


def test_show_table_cuts_long_cells_for_display_only(tmp_path, shown):
    df = pd.DataFrame({"text": ["x" * 300]})
    analysis.show_table(df, "long", outdir=tmp_path, max_chars=10)
    assert "xxxxxxxxx…" in shown[0]["html"] and "x" * 11 not in shown[0]["html"]
    assert pd.read_csv(tmp_path / "tables" / "long.csv")["text"][0] == "x" * 300


def test_names_cannot_escape_the_output_folder(tmp_path, shown):
    for bad in ("../evil", "a/b", "", ".hidden", "name with space"):
        with pytest.raises(ValueError, match="becomes a file name"):
            analysis.show_table(pd.DataFrame({"a": [1]}), bad, outdir=tmp_path)
    with pytest.raises(TypeError, match="expected a DataFrame"):
        analysis.show_table([1, 2], "ok", outdir=tmp_path)
    assert not (tmp_path / "tables").exists() or not any((tmp_path / "tables").iterdir())


def test_save_table_without_folder_saves_nothing(tmp_path):
    assert analysis.save_table(pd.DataFrame({"a": [1]}), "t", outdir=None) is None
    assert analysis.save_table(pd.DataFrame({"a": [1]}), "t", outdir=tmp_path).is_file()


# ----------------------------------------------------------------------------------- show_figure


def test_show_figure_embeds_the_saved_png_and_escapes_the_caption(tmp_path, shown):
    omap = pd.DataFrame({"group": [PAYLOADS[0], "B"], "x": [0.0, 1.0], "y": [0.0, 1.0]})
    fig = analysis.plot_outlet_map(omap)
    analysis.show_figure(fig, "map", outdir=tmp_path)
    png = (tmp_path / "figures" / "map.png").read_bytes()
    assert (tmp_path / "figures" / "map.svg").read_text().startswith("<?xml")
    markup = shown[0]["html"]
    import base64

    assert f"data:image/png;base64,{base64.b64encode(png).decode()}" in markup
    assert live_elements(markup) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup  # in the caption (closest pair)
    assert 'href="figures/map.svg"' in markup
    # Without a folder: shown, nothing written.
    analysis.show_figure(fig, "map2")
    assert not (tmp_path / "figures" / "map2.png").exists()
    assert shown[1]["image/png"] == base64.b64encode(png).decode()


def test_show_document_renders_project_markdown_and_notes_a_missing_file(tmp_path, shown):
    doc = tmp_path / "doc.md"
    doc.write_text("# Title\n\nSome *words*.\n", encoding="utf-8")
    analysis.show_document(doc, title="Doc")
    assert "<em>words</em>" in shown[0]["html"] and "<details" in shown[0]["html"]
    analysis.show_document(tmp_path / "absent.md", title="Absent")
    assert "is not there yet" in shown[1]["html"]


# ------------------------------------------------------------------------------------ provenance


def test_corpus_sha256_is_over_names_and_bytes_in_sorted_order(tmp_path):
    root = tmp_path / "news"
    (root / "b").mkdir(parents=True)
    (root / "a.jsonl").write_bytes(b'{"text": "one"}\n')
    (root / "b" / "c.txt").write_bytes(b"two")
    (root / "README.md").write_bytes(b"not corpus")  # excluded, as ingest excludes it
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_bytes(b"tooling")  # hidden folder: excluded
    # By hand: lines "news/a.jsonl\t<sha of bytes>\n" and "news/b/c.txt\t<sha>\n", sorted.
    lines = "".join(
        f"{name}\t{hashlib.sha256(data).hexdigest()}\n"
        for name, data in [("news/a.jsonl", b'{"text": "one"}\n'), ("news/b/c.txt", b"two")]
    )
    assert analysis.corpus_sha256(root) == (hashlib.sha256(lines.encode()).hexdigest(), 2)
    # Order of inputs does not matter; content does.
    files = [root / "b" / "c.txt", root / "a.jsonl"]
    assert analysis.corpus_sha256(files)[0] == analysis.corpus_sha256(files[::-1])[0]
    before = analysis.corpus_sha256(root)[0]
    (root / "b" / "c.txt").write_bytes(b"two!")
    assert analysis.corpus_sha256(root)[0] != before
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        analysis.corpus_sha256(tmp_path / "missing")


def test_corpus_sha256_counts_every_file_ingest_reads(tmp_path):
    # Two input folders with the same name and the same file names inside: ingest reads both
    # files (its report names them a/x/d.jsonl and b/x/d.jsonl), so both are in the hash.
    inputs = [tmp_path / "a" / "x", tmp_path / "b" / "x"]
    for folder, text in zip(inputs, ("one", "two"), strict=True):
        folder.mkdir(parents=True)
        (folder / "d.jsonl").write_text(f'{{"text": "{text}"}}\n', encoding="utf-8")
    read = analysis.ingest(inputs, clean=False, dedup=False).report["source"]
    assert sorted(s.split("#")[0] for s in read) == ["a/x/d.jsonl", "b/x/d.jsonl"]
    # By hand: one line per file, its name as ingest gives it, sorted.
    lines = "".join(
        f"{name}\t{hashlib.sha256(data).hexdigest()}\n"
        for name, data in [
            ("a/x/d.jsonl", b'{"text": "one"}\n'),
            ("b/x/d.jsonl", b'{"text": "two"}\n'),
        ]
    )
    assert analysis.corpus_sha256(inputs) == (hashlib.sha256(lines.encode()).hexdigest(), 2)
    before = analysis.corpus_sha256(inputs)[0]
    (inputs[1] / "d.jsonl").write_text('{"text": "changed"}\n', encoding="utf-8")
    assert analysis.corpus_sha256(inputs)[0] != before
    # The same file given twice, or inside a folder also given, is read (and hashed) once.
    assert analysis.corpus_sha256([inputs[0], inputs[0] / "d.jsonl"])[1] == 1


def test_git_commit_never_fails(tmp_path, monkeypatch):
    commit = analysis.git_commit()
    assert re.fullmatch(r"[0-9a-f]{40}(\+dirty)?", commit) or commit.startswith("unknown")
    assert analysis.git_commit(tmp_path) == "unknown (not a git checkout)"
    monkeypatch.setattr(reporting_provenance.shutil, "which", lambda name: None)
    assert analysis.git_commit() == "unknown (git not installed)"


def _lexicon_files(tmp_path):
    lex = tmp_path / "lex.csv"
    lex.write_text("term,category\ngenocide,atrocity_claim\n", encoding="utf-8")
    (tmp_path / "lex.provenance.json").write_text(json.dumps({"version": "7"}), encoding="utf-8")
    naming = tmp_path / "names.csv"
    naming.write_text("referent,variant\ncity,Stepanakert\n", encoding="utf-8")
    actors = tmp_path / "actors.csv"
    actors.write_text("name,actor,side\nministry,gov,X\n", encoding="utf-8")
    return lex, naming, actors


def test_provenance_record(tmp_path):
    lex, naming, actors = _lexicon_files(tmp_path)
    corpus = tmp_path / "c.txt"
    corpus.write_text("A text.", encoding="utf-8")
    params = analysis.default_parameters(
        corpus_paths=[str(corpus)],
        lexicon_path=str(lex),
        naming_path=str(naming),
        actors_paths=[str(actors)],
        seed=7,
        output_dir=str(tmp_path),
    )
    record = analysis.provenance(params, run_at="2024-01-01T00:00:00Z")
    assert record["package"]["version"] == analysis.__version__
    assert record["corpus"]["files"] == 1
    assert record["corpus"]["sha256"] == analysis.corpus_sha256(corpus)[0]
    roles = {lx["role"]: lx for lx in record["lexicons"]}
    assert set(roles) == {"lexicon", "naming", "actors"}
    assert roles["lexicon"]["sha256"] == hashlib.sha256(lex.read_bytes()).hexdigest()
    assert roles["lexicon"]["version"] == "7"
    assert record["seed"] == 7 and record["run_at"] == "2024-01-01T00:00:00Z"
    assert "output_dir" not in record["parameters"]  # where it was written is not provenance
    assert set(record["libraries"]) >= {"pandas", "numpy", "matplotlib", "scikit-learn", "nltk"}
    # Same inputs, another time: everything but run_at is identical.
    again = analysis.provenance(params, run_at="2025-01-01T00:00:00Z")
    assert {k: v for k, v in again.items() if k != "run_at"} == {
        k: v for k, v in record.items() if k != "run_at"
    }
    with pytest.raises(FileNotFoundError, match="no such file"):
        analysis.provenance(dict(params, naming_path=str(tmp_path / "gone.csv")))
    with pytest.raises(ValueError, match="unknown report parameter"):
        analysis.default_parameters(colour="red")


def test_show_provenance_block(tmp_path, shown):
    lex, naming, actors = _lexicon_files(tmp_path)
    (tmp_path / "c.txt").write_text("A text.", encoding="utf-8")
    analysis.show_provenance(
        analysis.default_parameters(
            corpus_paths=[str(tmp_path / "c.txt")],
            lexicon_path=str(lex),
            naming_path=str(naming),
            actors_paths=[str(actors)],
            title=PAYLOADS[0],
        )
    )
    markup = shown[0]["html"]
    for label in (
        "package",
        "commit",
        "Python",
        "libraries",
        "corpus",
        "lexicon",
        "seed",
        "run at",
    ):
        assert f"<th>{label}" in markup
    assert live_elements(markup) == []
    assert "&lt;script&gt;" in markup


# ------------------------------------------------------------------------------------- summaries


def test_corpus_summary_by_hand():
    corpus = analysis.coerce_corpus(
        pd.DataFrame(
            {
                "doc_id": ["a1", "a2", "b1", "b2"],
                "outlet": ["A", "A", "B", "B"],
                "origin_outlet": ["A", "A", "A", "B"],
                "text": ["one two three", "four five", "one two three", "six"],
                "source": ["s1", "s2", "s3", "s4"],
                "published": ["2023-09-19", "2023-09-21", "2023-09-20", None],
                "removed_text": ["", "", "Subscribe now", ""],
                "dup_group": [0, 1, 0, 2],
                "canonical_doc_id": ["a1", "a2", "a1", "b2"],
            }
        )
    )
    table = analysis.corpus_summary(corpus).set_index("outlet")
    # A: 2 articles, 3 + 2 = 5 tokens, median 2.5, 19-21 Sept; B: b1 is a reposted, cleaned copy.
    assert table.loc["A", ["articles", "canonical", "copies", "tokens"]].tolist() == [2, 2, 0, 5]
    assert table.loc["A", "median_tokens"] == 2.5
    assert (table.loc["A", "first_published"], table.loc["A", "last_published"]) == (
        "2023-09-19",
        "2023-09-21",
    )
    assert table.loc["B", ["copies", "reposted", "cleaned", "undated", "tokens"]].tolist() == [
        1,
        1,
        1,
        1,
        4,
    ]
    assert table.loc["ALL", ["articles", "tokens", "undated"]].tolist() == [4, 9, 1]
    assert list(table.index) == ["A", "B", "ALL"]
    with pytest.raises(ValueError, match="missing column"):
        analysis.corpus_summary(corpus.drop(columns="removed_text"))


def test_ingest_audit_groups_records_by_status_and_reason():
    rep = pd.DataFrame(
        {
            "source": ["a.jsonl#1", "a.jsonl#2", "b.json", "c.docx", "d.txt", "a.jsonl#3"],
            "doc_id": ["1", "2", None, None, "d", None],
            "status": ["loaded", "loaded", "rejected", "rejected", "skipped", "rejected"],
            "reason": [None, None, "invalid JSON", "unsupported extension", "README", "empty text"],
        }
    )
    audit = analysis.ingest_audit(rep)
    assert audit.columns.tolist() == ["status", "reason", "records", "examples"]
    assert audit["status"].tolist() == ["rejected", "rejected", "rejected", "skipped", "loaded"]
    # Rejected reasons with one record each, alphabetical; loaded: 2 records, 2 examples.
    assert audit["reason"].tolist()[:3] == ["empty text", "invalid JSON", "unsupported extension"]
    assert audit.iloc[-1][["records", "examples"]].tolist() == [2, "a.jsonl#1, a.jsonl#2"]
    assert audit["records"].sum() == len(rep)  # every record accounted for


# ----------------------------------------------------------------------------------- HTML export


def _executed_notebook():
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    code = new_code_cell("analysis.show_table(df, 't')", execution_count=1)
    code.outputs = [
        new_output(
            "display_data",
            data={
                "text/html": "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
                "text/plain": "<script>alert(1)</script>",
            },
        ),
        new_output("stream", name="stdout", text="<img src=x onerror=alert(1)>\n"),
    ]
    nb.cells = [new_markdown_cell("# Heading\n\nSome text with $x$ in it."), code]
    return nb


def test_export_html_is_offline_scriptless_and_hides_code():
    page = analysis.REPORT_PAGES[0]
    body = analysis.export_html(_executed_notebook(), title="My <b>report</b>", page=page)
    assert "<script" not in body.lower()
    # No stylesheet, script or image fetched from the network.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=[\"']?(https?:)?//", body, re.I)
    assert "@import" not in body
    assert live_elements(body.split("<body", 1)[1]) == []
    assert '<details class="framing-code"><summary>code</summary>' in body
    assert "show_table" in body  # the code is there (highlighted), folded
    assert 'href="index.html"' in body and 'class="current"' in body
    assert "My &lt;b&gt;report&lt;/b&gt;" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body  # stream output escaped
    assert "<title>My &lt;b&gt;report&lt;/b&gt; — Corpus and ingest audit</title>" in body


def test_write_index_links_pages_files_and_failures(tmp_path):
    (tmp_path / "figures").mkdir()
    (tmp_path / "tables").mkdir()
    (tmp_path / "figures" / "rates.png").write_bytes(b"png")
    (tmp_path / "figures" / "rates.svg").write_bytes(b"svg")
    (tmp_path / "tables" / "rates.csv").write_text("a\n1\n")
    (tmp_path / "corpus.pdf").write_bytes(b"%PDF")
    for page in analysis.REPORT_PAGES[:3]:
        (tmp_path / page.html).write_text("<html></html>")
    record = {
        "package": {"name": "framing-analysis", "version": "1"},
        "commit": "abc",
        "python": "3.11",
        "platform": "Linux",
        "libraries": {"pandas": "3"},
        "corpus": {"paths": [PAYLOADS[1]], "files": 1, "sha256": "f" * 64},
        "lexicons": [{"role": "lexicon", "path": "l.csv", "sha256": "e" * 64}],
        "parameters": {"by": "outlet"},
        "seed": 1,
        "run_at": "2024-01-01T00:00:00Z",
    }
    path = analysis.write_index(
        tmp_path,
        title=PAYLOADS[0],
        pages=analysis.REPORT_PAGES,
        record=record,
        failures={"04_methods": "NameError: x"},
        built=["01_corpus", "02_loaded_terms", "04_methods"],
    )
    body = path.read_text()
    for page in analysis.REPORT_PAGES[:3]:
        assert f'href="{page.html}"' in body
    # 03 was not rebuilt by this run but its page is there from an earlier one.
    assert body.count("(from an earlier run)") == 1
    assert 'href="corpus.pdf"' in body and 'href="loaded_terms.pdf"' not in body
    assert "not built: NameError: x" in body and 'href="methods.html"' not in body
    assert 'href="figures/rates.svg"' in body and 'href="tables/rates.csv"' in body
    assert "<script" not in body.lower() and live_elements(body.split("<body>", 1)[1]) == []


# ------------------------------------------------------------------------------------------- PDF


def test_render_pdf_says_clearly_when_chromium_is_missing(tmp_path):
    with pytest.raises(analysis.ReportError, match="PDF not available: no Chromium at"):
        analysis.render_pdf([tmp_path / "a.html"], chromium=tmp_path / "no-chromium")


@pytest.mark.slow
def test_render_pdf_with_debian_chromium(tmp_path):
    if not analysis.CHROMIUM_PATH.is_file():
        pytest.skip(f"no Chromium at {analysis.CHROMIUM_PATH}")
    pytest.importorskip("playwright")
    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><body><h1>Hello</h1></body></html>", encoding="utf-8")
    [pdf] = analysis.render_pdf([page])
    assert pdf == tmp_path / "page.pdf" and pdf.read_bytes().startswith(b"%PDF")


# ------------------------------------------------------------------------------ command line


def test_cli_report_names_a_missing_input(tmp_path, capsys):
    code = cli_main(
        ["-q", "report", "--lexicon", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "out")]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "nope.csv: no such file (lexicon)" in err and "Traceback" not in err
    code = cli_main(["-q", "report", "--corpus", str(tmp_path / "none"), "-o", str(tmp_path)])
    assert code == 1 and "no such file or folder (corpus)" in capsys.readouterr().err


def test_build_report_rejects_unknown_notebooks(tmp_path):
    if not (config.DEFAULT_ACTORS.is_file() and config.DEFAULT_NAMING.is_file()):
        pytest.skip("default lexicons not in place yet")
    with pytest.raises(ValueError, match="unknown notebook"):
        analysis.build_report(tmp_path, notebooks=["99_nothing"], progress=False)


def test_report_pages_match_the_notebooks_folder():
    standalone = {"05_lexicon_induction"}  # a walk-through, not (yet) a report page
    stems = sorted(p.stem for p in config.NOTEBOOKS_DIR.glob("*.ipynb"))
    assert [s for s in stems if s not in standalone] == sorted(
        page.notebook for page in analysis.REPORT_PAGES
    )
    assert "corpus.html" in {page.html for page in analysis.REPORT_PAGES}
    for page in analysis.REPORT_PAGES:
        nbformat.validate(nbformat.read(config.NOTEBOOKS_DIR / f"{page.notebook}.ipynb", 4))
