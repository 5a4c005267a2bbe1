"""Boilerplate removal: markers, teaser blocks, repeated lines within a site, headlines."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analysis.corpus.boilerplate import clean_corpus, clean_page, line_support
from analysis.corpus.origin import attribute_origin
from analysis.text.normalize import normalize_text

SEED_TITLE = (
    "Azerbaijan says it has retaken breakaway Armenian enclave after separatists surrender"
)
SEED_LEDE = "Azerbaijan said it had taken back the breakaway region of Nagorno-Karabakh"
SEED_END = "could also take place if necessary."

# The five pages of the fictional repost site QuillPost (tests/fixtures/reposts/README.md) and
# the Northern Ledger pages whose bodies three of them carry verbatim.
QUILLPOST = ["e1-qp", "e2-qp", "e3-qp", "e4-qp", "e5-qp"]
QUILLPOST_FURNITURE = [
    "QUILLPOST",
    "Markets · World · Energy · Opinion · Podcasts",
    "The stories moving money, from newsrooms we trust",
    "◆ The story continues after this message from our partners ◆",
    "Start every weekday with the QuillPost Morning Brief — free, five minutes, no noise",
    "Elsewhere on QuillPost",
    "Copper prices climb as southern mines shut for repairs",
    "Why shipping insurers are quietly raising premiums",
    "Five charts that explain this year’s grain harvest",
    "The pension funds betting on river freight",
    "QuillPost reposts journalism from partner newsrooms; views are the authors’ own",
    "QuillPost Media · 14 Wharf Lane · Kessel Free Zone",
]
BACKGROUND = "The Kessel valley, home to about 90,000 people, has been disputed by Ostravia"


def _read(fixtures_dir, outlet: str, doc_id: str) -> str:
    path = fixtures_dir / "reposts" / "sites" / outlet / f"{doc_id}.txt"
    return normalize_text(path.read_text(encoding="utf-8"))


def _quillpost_frame(fixtures_dir, doc_ids=QUILLPOST) -> pd.DataFrame:
    texts = [_read(fixtures_dir, "quillpost.example", d) for d in doc_ids]
    return pd.DataFrame(
        {"doc_id": list(doc_ids), "outlet": "quillpost.example", "title": None, "text": texts}
    )


# --------------------------------------------------------------------------- the seed page


def test_seed_page_is_cleaned(seed_text):
    raw = pd.DataFrame(
        {
            "doc_id": ["seed"],
            "outlet": ["seeds"],
            "title": [None],
            "text": [normalize_text(seed_text)],
            "_outlet_source": ["folder"],
        }
    )
    out = clean_corpus(attribute_origin(raw))
    row = out.iloc[0]
    assert row["title"] == SEED_TITLE
    assert row["text"].startswith(SEED_LEDE)
    assert row["text"].endswith(SEED_END)
    for furniture in (
        "Enter Your Information",
        "You May Also Like",
        "Italian holiday",
        "Disclaimer",
        "Copyright",
        "Editor's Pick",
        "Connect with us",
        "This post appeared first",
        "Hi, what are you looking for?",
        "opt-out any time",
    ):
        assert furniture not in row["text"], furniture
    assert "Disclaimer: findandfunds.com, its managers" in row["removed_text"]
    assert "Copyright © 2023 findandfunds.com" in row["removed_text"]
    assert row["origin_outlet"] == "cnn.com"
    assert row["outlet"] == "findandfunds.com"
    # the sub-heading inside the body is article text, not furniture
    assert "\n\nRussia’s influence\n\n" in row["text"]
    # the headline moved to `title` is not boilerplate
    assert SEED_TITLE not in row["removed_text"]


def test_seed_removed_text_keeps_page_order(seed_text):
    _, removed, _ = clean_page(normalize_text(seed_text))
    lines = removed.split("\n")
    # 3 header lines, the attribution line, 2 form lines, "You May Also Like", 4 x ("Editor's
    # Pick" + teaser), disclaimer, copyright = 17
    assert len(lines) == 17
    assert lines[:3] == ["Connect with us", "Hi, what are you looking for?", "Editor's Pick"]
    assert lines[-1] == "Copyright © 2023 findandfunds.com"
    assert lines.index("You May Also Like") < lines.index(
        next(ln for ln in lines if ln.startswith("An Italian holiday"))
    )


# --------------------------------------------------------------------------- repeated lines


def test_repeated_line_rule_cleans_furniture_no_marker_matches(fixtures_dir):
    frame = _quillpost_frame(fixtures_dir)
    # markers alone (one page at a time) leave the site's furniture in place ...
    for text in frame["text"]:
        body, _, _ = clean_page(text)
        assert "QUILLPOST" in body and "Elsewhere on QuillPost" in body
    # ... the rule across the site's five pages removes all of it
    out = clean_corpus(frame)
    for _, row in out.iterrows():
        for line in QUILLPOST_FURNITURE:
            assert line not in row["text"], (row["doc_id"], line)
        assert "first appeared in" not in row["text"]
        assert "◆" not in row["text"]


def test_repost_body_equals_the_original_page(fixtures_dir):
    # QuillPost carried the Northern Ledger's stories verbatim: after cleaning, the repost's
    # body must be exactly the Ledger's own page, and the headline must be in `title`.
    manifest = pd.read_csv(fixtures_dir / "reposts" / "manifest.csv", keep_default_na=False)
    titles = dict(zip(manifest["doc_id"], manifest["title"], strict=True))
    out = clean_corpus(_quillpost_frame(fixtures_dir)).set_index("doc_id")
    for repost, original in (("e1-qp", "e1-nl"), ("e4-qp", "e4-nl"), ("e5-qp", "e5-nl")):
        assert out.loc[repost, "text"] == _read(fixtures_dir, "northernledger.example", original)
        assert out.loc[repost, "title"] == titles[original]


def test_repeated_body_paragraph_is_kept(fixtures_dir):
    # The Ledger's background paragraph stands in three QuillPost pages, between article
    # paragraphs: repeated, but prose inside the body, so it is journalism and stays.
    frame = _quillpost_frame(fixtures_dir)
    assert sum(BACKGROUND in t for t in frame["text"]) == 3
    out = clean_corpus(frame)
    assert sum(BACKGROUND in t for t in out["text"]) == 3
    assert not any(BACKGROUND in r for r in out["removed_text"])


def test_repetition_needs_min_pages(fixtures_dir):
    # On two pages a line is repeated only twice: below k = 3, nothing is cut by repetition.
    out = clean_corpus(_quillpost_frame(fixtures_dir, ["e1-qp", "e2-qp"]))
    assert all("QUILLPOST" in t for t in out["text"])
    # with the rule off, five pages are not enough either
    off = clean_corpus(_quillpost_frame(fixtures_dir), min_pages=0)
    assert all("QUILLPOST" in t for t in off["text"])


def test_repetition_is_counted_per_outlet(fixtures_dir):
    # the same five pages split across five outlets: every line is on one page of its outlet
    frame = _quillpost_frame(fixtures_dir).assign(outlet=[f"site{i}" for i in range(5)])
    out = clean_corpus(frame)
    assert all("Elsewhere on QuillPost" in t for t in out["text"])


def test_copies_of_one_story_are_not_cleaned_as_furniture():
    story = "\n\n".join(
        f"Paragraph {i} tells the reader something new about the flood and the rescue effort."
        for i in range(6)
    )
    frame = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "outlet": "x.example", "title": "A headline", "text": story}
    )
    with pytest.warns(UserWarning, match=r"3 page\(s\).*: a, b, c"):
        out = clean_corpus(frame)
    assert list(out["text"]) == [story] * 3
    assert list(out["removed_text"]) == [""] * 3


def test_line_support_counts_pages_of_the_same_outlet():
    texts = ["Menu\nAlpha story.\nFooter", "menu\nBeta story.\nFooter", "Menu\nGamma.", "Menu"]
    support = line_support(texts, ["a", "a", "a", "b"])
    # "Menu"/"menu" are one line (case-folded) on 3 pages of outlet a; "Footer" on 2 of them;
    # the body lines on 1; outlet b's "Menu" counts only outlet b's pages.
    assert [list(s) for s in support] == [[3, 1, 2], [3, 1, 2], [3, 1], [1]]


# --------------------------------------------------------------------------- negatives


ORDINARY = """Rescue crews searched the flooded villages on Friday as the number of missing rose to 40.

Water still stood two metres deep in the streets, and volunteers stacked sandbags around the school.

Related talks between the two governments, which had stalled in the spring, resumed by video link.

“We heard a noise like thunder and then the water was in the street,” said one farmer.

He declined to comment further.

Source: officials said the second wave arrived at noon, though this could not be confirmed.

A questionnaire sent to residents asks whether they want to sign up for the council’s newsletter, so that updates reach them without relying on social media.

Editing by hand of the casualty lists has caused delays, the agency said."""


def test_ordinary_article_keeps_all_its_text():
    body, removed, title = clean_page(ORDINARY, title="Rescuers search flooded villages")
    assert body == ORDINARY
    assert removed == ""
    assert title == "Rescuers search flooded villages"


def test_ordinary_articles_of_one_outlet_are_untouched():
    frame = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "outlet": "x", "title": ["T1", "T2", "T3"],
         "text": [ORDINARY + f"\n\nClosing line number {i}." for i in range(3)]}
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the three pages share most lines: a copy warning
        out = clean_corpus(frame)
    assert list(out["text"]) == list(frame["text"])
    assert list(out["removed_text"]) == ["", "", ""]


# --------------------------------------------------------------------------- markers


def test_teaser_block_ends_where_the_article_resumes():
    text = (
        "The first paragraph of the story says what happened and where it happened today.\n\n"
        "Related\n\n"
        "Dam breach floods villages below the lake\n\n"
        "Why engineers warned about the reservoir?\n\n"
        "The ministry said the inquiry would start next week.\n\n"
        "The last paragraph of the story gives the forecast for rain over the weekend ahead."
    )
    body, removed, _ = clean_page(text, title="T")
    assert removed.split("\n") == [
        "Related",
        "Dam breach floods villages below the lake",
        "Why engineers warned about the reservoir?",
    ]
    # a short sentence ending in a full stop is article text and ends the block
    assert "The ministry said the inquiry would start next week." in body


def test_block_heading_before_the_article_is_only_a_label():
    text = "Trending\n\nDam breach floods villages\n\n" + ORDINARY
    body, removed, title = clean_page(text)
    assert removed == "Trending"
    assert title == "Dam breach floods villages"
    assert body == ORDINARY


@pytest.mark.parametrize(
    "line",
    [
        "Reporting by Jane Roe in Tarsk; Editing by John Doe",
        "(Additional reporting by Jane Roe)",
        "READ MORE: Dam breach floods villages",
        "Sign up for our free newsletter and never miss a story!",
        "By Jane Roe, Harbour Times",
        "Updated 9:45 a.m. ET, 4/11/2024",
        "© 2024 Harbour Times. All rights reserved.",
        "Advertisement",
        "Share this article",
        "Tags: floods, Veldan",
    ],
)
def test_marker_lines_are_cut(line):
    body, removed, _ = clean_page(ORDINARY + "\n\n" + line, title="T")
    assert removed == line
    assert body == ORDINARY


def test_title_repeated_as_first_line_moves_out_of_the_body():
    body, removed, title = clean_page("Dam breach floods villages\n\n" + ORDINARY,
                                      title="Dam breach floods villages")
    assert body == ORDINARY
    assert removed == ""
    assert title == "Dam breach floods villages"


def test_no_headline_when_the_page_starts_with_prose():
    _, _, title = clean_page(ORDINARY)
    assert title is None


def test_clean_corpus_appends_to_removed_text_and_keeps_columns(seed_text):
    frame = pd.DataFrame(
        {"doc_id": ["s"], "outlet": ["findandfunds.com"], "title": [None],
         "text": [normalize_text(seed_text)], "removed_text": ["<nav>from html</nav>"],
         "section": ["World"]}
    )
    before = frame.copy()
    out = clean_corpus(frame)
    pd.testing.assert_frame_equal(frame, before)  # pure: the input is not changed
    assert out.loc[0, "removed_text"].startswith("<nav>from html</nav>\nConnect with us\n")
    assert out.loc[0, "section"] == "World"


def test_clean_corpus_names_a_missing_column():
    with pytest.raises(ValueError, match="'outlet'"):
        clean_corpus(pd.DataFrame({"text": ["x"]}))
    with pytest.raises(ValueError, match="min_pages"):
        clean_corpus(pd.DataFrame({"text": ["x"], "outlet": ["o"]}), min_pages=1)


def test_line_counts_of_parts_add_up_to_the_whole():
    from analysis.corpus.boilerplate import line_counts, line_keys

    texts = [f"Menu\nStory {i} starts here with words.\nSubscribe now\nFooter line" for i in range(9)]
    texts += ["Menu\nOther site page.\nFooter line"] * 2
    outlets = ["a.example"] * 9 + ["b.example"] * 2
    whole = line_support(texts, outlets)
    counts = line_counts(
        [line_keys(texts[k : k + 4], outlets[k : k + 4]) for k in range(0, len(texts), 4)]
    )
    for k in range(0, len(texts), 4):
        got = line_support(texts[k : k + 4], outlets[k : k + 4], counts)
        for a, b in zip(got, whole[k : k + 4], strict=True):
            assert a.tolist() == b.tolist()
    assert whole[0].tolist() == [9, 1, 9, 9]  # per site: "Menu" on b.example counts apart
    assert whole[9].tolist() == [2, 2, 2]
