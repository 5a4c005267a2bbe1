"""Origin attribution: who wrote a page, as opposed to the site that carried it."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus.origin import (
    attribute_origin,
    attribution_line_spans,
    find_origin,
    normalize_outlet,
    outlet_key,
    page_self_name,
    site_name,
    unify_outlet_spellings,
)
from analysis.text.normalize import normalize_text


def _frame(texts, outlets, sources=None, **extra) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n)],
            "outlet": outlets,
            "text": texts,
            "_outlet_source": sources or ["metadata"] * n,
            **extra,
        }
    )


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("cnn.com", "cnn.com"),
        ("www.cnn.com", "cnn.com"),
        ("https://edition.cnn.com/2023/09/20/europe/karabakh/index.html", "cnn.com"),
        ("CNN", "cnn.com"),  # known organisation -> its domain
        ("The Associated Press", "apnews.com"),
        ("news.bbc.co.uk", "bbc.co.uk"),  # public suffix co.uk: eTLD+1 keeps three labels
        ("quillpost.example", "quillpost.example"),  # suffix unknown to the list: last two labels
        ("  The Northern Ledger. ", "The Northern Ledger"),  # unknown name: as written, trimmed
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_outlet(given, expected):
    assert normalize_outlet(given) == expected


def test_outlet_key_makes_spellings_of_one_outlet_equal():
    assert {outlet_key(n) for n in ("CNN", "cnn", "www.cnn.com", "https://edition.cnn.com/x")} == {
        "cnn"
    }
    assert outlet_key("The Northern Ledger") == outlet_key("northernledger.example")
    assert outlet_key("bbc.com") == outlet_key("bbc.co.uk") == "bbc"
    assert outlet_key("Harbour Times") != outlet_key("northernledger.example")


# --------------------------------------------------------------------------- evidence


@pytest.mark.parametrize(
    ("text", "name", "evidence"),
    [
        ("Body.\n\nThis post appeared first on cnn.com", "cnn.com", "This post appeared first on cnn.com"),
        ("Body.\n\nOriginally published by The Northern Ledger.", "The Northern Ledger",
         "Originally published by The Northern Ledger."),
        ("Body.\nThis article first appeared in East Gazette", "East Gazette",
         "This article first appeared in East Gazette"),
        ("The post Dam bursts appeared first on Harbour Times.", "Harbour Times",
         "The post Dam bursts appeared first on Harbour Times."),
        ("Body.\n\nRead the full story at eastgazette.example", "eastgazette.example",
         "Read the full story at eastgazette.example"),
        ("Body.\n\nSource: Reuters", "Reuters", "Source: Reuters"),
        ("Body.\n\nSource: https://www.reuters.com/world/x", "https://www.reuters.com/world/x",
         "Source: https://www.reuters.com/world/x"),
        ("MOSCOW (Reuters) - Russia said on Tuesday ...", "Reuters", "MOSCOW (Reuters) -"),
        ("BAKU, Azerbaijan (AP) — Azerbaijan said ...", "AP", "BAKU, Azerbaijan (AP) —"),
        ("(CNN) — Azerbaijan said ...", "CNN", "(CNN) —"),
        # unknown agency, but an upper-case place makes it a dateline
        ("TARSK (Meridian) — Veldan recalled ...", "Meridian", "TARSK (Meridian) —"),
        ("Body of the story.\n\n— AP", "AP", "— AP"),
    ],
)
def test_find_origin_reads_each_kind_of_evidence(text, name, evidence):
    assert find_origin(text) == (name, evidence)


@pytest.mark.parametrize(
    "text",
    [
        # "Source:" in a body sentence, or labelling data rather than an outlet
        "The convoy was hit twice. Source: officials said the second strike came at noon.",
        "Source: officials said the convoy was hit twice.",
        "The figures (source: the interior ministry) could not be checked.",
        "Source: World Bank",
        # a date, not an outlet
        "First published on 21 September 2023",
        # an attribution phrase inside a sentence, not a line of its own
        "He said this post appeared first on cnn.com and was copied without permission.",
        "The report first appeared in Le Monde.",
        # a bracketed aside at a paragraph start, unknown name and no upper-case place
        "(Updated) — The ministry said ...",
        # a list item, not a wire byline
        "Countries at the talks:\n- Armenia\n- Azerbaijan",
        # a date where a dateline names its agency
        "KORNIDZOR, Armenia (Sept 24) – The first group of refugees crossed ...",
    ],
)
def test_find_origin_negatives(text):
    assert find_origin(text) is None


@pytest.mark.parametrize(
    ("text", "name", "evidence"),
    [
        # a place written in mixed case, before a known agency, with any dash
        ("Denver (AP) – A man was arrested ...", "AP", "Denver (AP) –"),
        ("Denver (AP) — A man was arrested ...", "AP", "Denver (AP) —"),
        ("DENVER (AP) – A man was arrested ...", "AP", "DENVER (AP) –"),
        ("WASHINGTON (Reuters) - The Senate ...", "Reuters", "WASHINGTON (Reuters) -"),
        ("New York (Reuters) -- Shares fell ...", "Reuters", "New York (Reuters) --"),
        ("Baku, Azerbaijan (AFP) — Officials said ...", "AFP", "Baku, Azerbaijan (AFP) —"),
        ("São Paulo (AP) — Brazil's ...", "AP", "São Paulo (AP) —"),
    ],
)
def test_find_origin_reads_mixed_case_datelines(text, name, evidence):
    assert find_origin(text) == (name, evidence)


@pytest.mark.parametrize(
    "text",
    [
        # sentences with a bracket and a dash at the start of a line: not datelines
        "In Denver (AP) — a man was arrested on Tuesday.",
        "The company (AP) — said nothing more.",
        "Officials said (AP) — that the road was closed.",
        "Apple (AAPL) – shares rose 2% on Tuesday.",
        "Mr. Jones (R-Texas) — who chairs the panel — objected.",
        "Smith (left) — and Jones (right) — at the launch.",
        "The Associated Press (AP) — founded in 1846 — is a cooperative.",
        # mixed-case place, unknown agency: too weak (an upper-case place is needed for those)
        "Denver (Meridian) — A man was arrested ...",
        # a date where the agency would stand
        "Denver (Sept 24) – The first group crossed ...",
    ],
)
def test_find_origin_mixed_case_negatives(text):
    assert find_origin(text) is None


def test_closing_source_line_may_name_an_outlet():
    body = "First paragraph of the copy.\n\nSecond paragraph.\n\nThird paragraph."
    # an outlet's name (ends in a news word), closing the page: an origin, like a domain is
    assert find_origin(body + "\n\nSource: Lakeside Tribune") == (
        "Lakeside Tribune", "Source: Lakeside Tribune")
    assert find_origin(body + "\n\nSource: lakesidetribune.com") == (
        "lakesidetribune.com", "Source: lakesidetribune.com")
    spans = attribution_line_spans(body + "\n\nSource: Lakeside Tribune")
    assert [name for _, _, name in spans] == ["Lakeside Tribune"]  # cut by boilerplate removal
    # not an outlet's name, or not closing the page: no origin
    assert find_origin(body + "\n\nSource: World Bank") is None
    assert find_origin(body + "\n\nSource: officials at the Daily News") is None
    assert find_origin("Source: Lakeside Tribune\n\n" + body + "\n\nMore.\n\nEnd.") is None
    # in a table: origin_outlet takes the name; a repost on another site
    out = attribute_origin(_frame([body + "\n\nSource: Lakeside Tribune"], ["farm.example"]))
    assert out.loc[0, "origin_outlet"] == "Lakeside Tribune"
    assert out.loc[0, "origin_evidence"] == "Source: Lakeside Tribune"


def test_an_outlet_naming_itself_with_a_suffix_is_its_own_piece():
    out = attribute_origin(_frame(["Body.\n\nMore body.\n\nSOURCE: Al Jazeera News"], ["Al Jazeera"]))
    assert out.loc[0, "origin_outlet"] == "Al Jazeera"
    assert out.loc[0, "origin_evidence"] == ""


def test_dateline_is_searched_only_near_the_top():
    # 10 non-empty lines of body, then a line that looks like a dateline (e.g. a quoted teaser)
    body = "\n".join(f"Paragraph {i} of the story." for i in range(10))
    assert find_origin(body + "\nMOSCOW (Reuters) - Other story") is None
    assert find_origin("MOSCOW (Reuters) - Story\n" + body) == ("Reuters", "MOSCOW (Reuters) -")


def test_dateline_outranks_republication_line():
    # a farm's copy of a newspaper's copy of a Reuters story is Reuters' story
    text = "MOSCOW (Reuters) - Russia said ...\n\nThis article first appeared in The Northern Ledger"
    assert find_origin(text)[0] == "Reuters"


def test_attribution_line_spans_cover_standalone_lines_only():
    text = "MOSCOW (Reuters) - Lede.\n\nBody.\n\nOriginally published by The Northern Ledger."
    spans = attribution_line_spans(text)
    # the dateline opens the lede and is not a line to cut; the republication line is
    assert [(text[s:e], name) for s, e, name in spans] == [
        ("Originally published by The Northern Ledger.", "The Northern Ledger")
    ]


def test_page_self_name_prefers_last_copyright_line_then_disclaimer():
    copied = "Body.\n\n© 2023 Cable News Network\n\nCopyright © 2023 findandfunds.com"
    assert page_self_name(copied) == "findandfunds.com"
    assert page_self_name("Body.\n\nDisclaimer: findandfunds.com, its managers, ...") == (
        "findandfunds.com"
    )
    assert page_self_name("Copyright 2024 Harbour Times. All rights reserved.") == "Harbour Times"
    assert page_self_name("Body without any footer.") is None


@pytest.mark.parametrize(
    "line",
    [
        "© Copyright 2014",
        "Copyright 2014",
        "Copyright © 2014 - 2019",
        "© 2014 Copyright",
        "Copyright © 2019 https://www.facebook.com/harbourtimes",
    ],
)
def test_page_self_name_never_gives_a_year_or_copyright(line):
    assert page_self_name("Body.\n\n" + line) is None


def test_page_self_name_reads_past_copyright_marks_and_addresses():
    assert page_self_name("© Copyright 2014 Ascom Holding. All rights reserved.") == "Ascom Holding"
    assert page_self_name("Copyright ©2014 www.lakesidetribune.com All Rights Reserved") == (
        "lakesidetribune.com"
    )


@pytest.mark.parametrize(
    ("name", "url", "expected"),
    [
        ("Harbour Times", None, "Harbour Times"),
        ("9To5Mac", None, "9To5Mac"),  # a digit first is not a date
        ("1843 Magazine", None, "1843 Magazine"),
        ("Sportsnet.ca", None, "Sportsnet.ca"),  # a name written as a domain stays as written
        ("Copyright 2014", None, None),
        ("© Copyright 2014 Ascom", None, "Ascom"),
        ("Nov. 2019", None, None),
        ("2014", None, None),
        ("Hosted", "https://hosted.ap.org/x", None),
        ("Home", None, None),
        ("@politifact", None, None),  # a handle
        ("https://www.facebook.com/harbour", None, None),  # a platform page
        ("https://www.harbourtimes.example/about", None, "harbourtimes.example"),
        ("www.harbourtimes.example", None, "harbourtimes.example"),
        ("LinkNews | Your daily news platform", None, "LinkNews"),
        ("Times Union - Albany", None, "Times Union"),
        ("San Antonio Express-News", None, "San Antonio Express-News"),  # no spaces: kept
        ("nj", "https://www.nj.com/a", None),  # the domain label in lower case
        ("NJ Advance", "https://www.nj.com/a", "NJ Advance"),
        ("CNBC", "https://www.cnbc.com/a", "CNBC"),  # capitals: a name, not an address
        ("", None, None),
        (None, None, None),
    ],
)
def test_site_name(name, url, expected):
    assert site_name(name, url=url) == expected


def test_unify_outlet_spellings():
    outlets = ["PolitiFact", "Politifact", "politifact.example", "Politifact", "Given",
               "Inexhibit magazine", "Inexhibitmagazine", "harbour"]
    sources = ["metadata", "metadata", "domain", "metadata", "option",
               "metadata", "metadata", "folder"]
    urls = ["https://www.politifact.example/a", None, "https://politifact.example/c", None, None,
            None, None, None]
    assert unify_outlet_spellings(outlets, sources, urls) == [
        # the most frequent spelling among declared names ("Politifact" twice)
        "Politifact", "Politifact", "Politifact", "Politifact", "Given",
        "Inexhibit magazine", "Inexhibit magazine", "harbour",
    ]
    # a tie goes to the spelling with more capitals (a tool lower-cases, it does not capitalise)
    assert unify_outlet_spellings(["Politifact", "PolitiFact"], ["metadata"] * 2) == [
        "PolitiFact", "PolitiFact"]
    # an option is never renamed; a folder guess takes a page's declared spelling
    assert unify_outlet_spellings(["cnn", "CNN"], ["option", "folder"]) == ["cnn", "cnn"]


# --------------------------------------------------------------------------- the stage


def test_seed_page_is_cnn_via_findandfunds(seed_text):
    raw = _frame([normalize_text(seed_text)], ["seeds"], ["folder"])
    out = attribute_origin(raw)
    row = out.iloc[0]
    assert row["origin_outlet"] == "cnn.com"
    assert row["origin_evidence"] == "This post appeared first on cnn.com"
    # the folder name "seeds" was a guess; the page names itself in disclaimer and copyright
    assert row["outlet"] == "findandfunds.com"


def test_self_naming_only_replaces_a_folder_guess():
    text = "Body.\n\nCopyright © 2024 markettidings.example. All rights reserved."
    out = attribute_origin(_frame([text, text], ["farm", "Given Name"], ["folder", "option"]))
    assert list(out["outlet"]) == ["markettidings.example", "Given Name"]


def test_own_piece_keeps_outlet_and_no_evidence():
    # a CNN page opening with CNN's own dateline is not a repost
    out = attribute_origin(_frame(["(CNN) — Azerbaijan said ..."], ["CNN"]))
    assert out.loc[0, "origin_outlet"] == "CNN"
    assert out.loc[0, "origin_evidence"] == ""


def test_no_evidence_means_origin_is_outlet():
    out = attribute_origin(_frame(["An ordinary story.\n\nNothing else."], ["harbourtimes.example"]))
    assert out.loc[0, "origin_outlet"] == "harbourtimes.example"
    assert out.loc[0, "origin_evidence"] == ""


def test_origin_takes_the_spelling_of_an_outlet_in_the_table():
    texts = [
        "The original story.",
        "The original story.\n\nThis article first appeared in The Northern Ledger",
        "Another copy.\n\nThis post appeared first on cnn.com",
    ]
    out = attribute_origin(_frame(texts, ["northernledger.example", "quillpost.example", "farm"]))
    # the Ledger's own pages are in the table, so reposts point to them by that spelling;
    # cnn.com has no pages here and keeps its canonical form
    assert list(out["origin_outlet"]) == [
        "northernledger.example",
        "northernledger.example",
        "cnn.com",
    ]


def test_origin_matches_an_outlet_by_the_domain_of_its_pages():
    # "Atlas Broadcast Network" and "atlasbroadcast.net" share no name; its pages' URLs do
    raw = _frame(
        ["The original.", "The copy.\n\nSource: atlasbroadcast.net"],
        ["Atlas Broadcast Network", "finpulsewatch.net"],
        url=["https://www.atlasbroadcast.net/world/2023/09/19/offensive/", None],
    )
    out = attribute_origin(raw)
    assert list(out["origin_outlet"]) == ["Atlas Broadcast Network", "Atlas Broadcast Network"]
    assert list(out["origin_evidence"]) == ["", "Source: atlasbroadcast.net"]


def test_attribute_origin_is_pure_and_keeps_other_columns():
    raw = _frame(["Body.\n\nSource: Reuters"], ["x.example"], section=["World"])
    before = raw.copy()
    out = attribute_origin(raw)
    pd.testing.assert_frame_equal(raw, before)
    assert out.loc[0, "section"] == "World"
    assert out.loc[0, "origin_outlet"] == "reuters.com"


def test_attribute_origin_names_a_missing_column():
    with pytest.raises(ValueError, match="'outlet'"):
        attribute_origin(pd.DataFrame({"text": ["x"]}))


def test_fixture_reposts_are_attributed(fixtures_dir):
    site = fixtures_dir / "reposts" / "sites"
    texts = [
        (site / "quillpost.example" / "e1-qp.txt").read_text(encoding="utf-8"),
        (site / "markettidings" / "e1-mt.txt").read_text(encoding="utf-8"),
        (site / "quillpost.example" / "e2-qp.txt").read_text(encoding="utf-8"),
        (site / "markettidings" / "e3-mt.txt").read_text(encoding="utf-8"),
    ]
    out = attribute_origin(
        _frame(
            [normalize_text(t) for t in texts],
            ["quillpost.example", "markettidings", "quillpost.example", "markettidings"],
            ["metadata", "folder", "metadata", "folder"],
        )
    )
    assert list(out["origin_outlet"]) == [
        "The Northern Ledger",  # no Ledger page in this small table: the name as written
        "northernledger.example",
        "Meridian",  # the wire's dateline inside the reposted body
        "eastgazette.example",  # the excerpt's "Read the full story at ..."
    ]
    assert list(out["outlet"]) == [
        "quillpost.example",
        "markettidings.example",  # named by its copyright line
        "quillpost.example",
        "markettidings.example",
    ]


@pytest.mark.parametrize(
    ("host", "label"),
    [
        ("www.meridianwire.com", "meridianwire"),
        ("news.bbc.co.uk", "bbc"),  # two-level public suffix
        ("foo.github.io", "foo"),  # a private suffix of the Public Suffix List
        ("benchfarm.example", "benchfarm"),  # suffix the list does not know
        ("news.site.example", "site"),
    ],
)
def test_domain_label(host, label):
    # one rule serves origin attribution and keyness self-names
    from analysis.corpus.origin import domain_label

    assert domain_label(host) == label


def test_origin_plan_of_parts_is_the_plan_of_the_whole():
    from collections import Counter

    from analysis.corpus.origin import origin_plan, outlet_counts

    df = pd.DataFrame({
        "text": ["Body.\n\nThis post appeared first on The Northern Ledger", "Own story.",
                 "Other.", "(Reuters) - A report.", "Plain."],
        "outlet": ["farm.example", "Northern Ledger", "northern ledger", "PolitiFact",
                   "Politifact"],
        "_outlet_source": ["metadata", "metadata", "folder", "metadata", "metadata"],
        "url": [None, "https://northernledger.example/a", None, None, None],
    })
    whole = attribute_origin(df)
    counts = Counter()
    for k in range(0, len(df), 2):
        counts.update(outlet_counts(df.iloc[k : k + 2]))
    plan = origin_plan(counts)
    parts = pd.concat([attribute_origin(df.iloc[k : k + 2], plan=plan)
                       for k in range(0, len(df), 2)])
    pd.testing.assert_frame_equal(parts, whole)
    assert whole["outlet"].tolist()[3:] == ["PolitiFact", "PolitiFact"]
