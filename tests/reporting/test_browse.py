"""analysis.browse: filtering, the escaped table with the term marked, and the widget (issue 12)."""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.reporting.browse import browse_rows, hits_html


@pytest.fixture
def hits():
    corpus = analysis.coerce_corpus(pd.DataFrame({
        "doc_id": ["a", "b"], "outlet": ["X", "Y<script>"],
        "text": ["The siege went on. \u201cA massacre,\u201d she said.", "No <b>siege</b> here."]}))
    lex = analysis.Lexicon.from_frame(pd.DataFrame(
        {"term": ["siege", "massacre"], "category": ["force", "atrocity"]}))
    return analysis.score(corpus, lex), corpus


def test_rows_follow_the_filters(hits):
    h, _ = hits
    assert len(browse_rows(h)) == 3
    assert browse_rows(h, voice="quoted")["matched"].tolist() == ["massacre"]
    assert browse_rows(h, outlet=["X"], category="force")["matched"].tolist() == ["siege"]
    assert browse_rows(h, negated=True)["doc_id"].tolist() == ["b"]
    limited = browse_rows(h, limit=1)
    assert len(limited) == 1 and limited.attrs["n_matching"] == 3


def test_table_marks_the_term_and_escapes_corpus_text(hits):
    h, _ = hits
    markup = hits_html(browse_rows(h))
    assert "<mark>siege</mark> went on." in markup
    assert "Y&lt;script&gt;" in markup and "<script>" not in markup
    assert "No &lt;b&gt;<mark>siege</mark>&lt;/b&gt; here." in markup


def test_browse_returns_a_widget(hits):
    pytest.importorskip("ipywidgets")
    h, corpus = hits
    view = analysis.browse(h, corpus)
    assert type(view).__name__ == "VBox" and len(view.children) == 4
