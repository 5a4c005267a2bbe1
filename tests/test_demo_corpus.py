"""The synthetic demo corpus in data/demo/ has the shape data/README.md promises.

The files are read directly with json, csv and lxml, not through ``analysis.ingest``: these tests
check the data, so that an ingest bug cannot hide a data bug (or the other way round).
"""

from __future__ import annotations

import csv
import itertools
import json
import re
from datetime import datetime
from pathlib import Path

import lxml.html
import pytest

from analysis import config
from analysis.text.tokens import tokenize

DEMO = config.DEMO_DIR
README = config.DATA_DIR / "README.md"
FARM = "finpulsewatch.net"
SIDE_FILES: set[str] = set()  # the actors list lives beside the corpus folder (config.DEMO_ACTORS)
SIDES = {
    "Azerbaijan",
    "Armenia",
    "Karabakh Armenians",
    "Russia",
    "West",
    "International",
    "Civilians",
}

# The deliberate flaws listed in data/README.md: (path under demo/, record locator).
INVALID_JSONL = ("meridian_wire/meridian_wire_2023-09_2023-10.jsonl", 10)  # 1-based line
EMPTY_TEXT_CSV = ("caspian_state_wire/csw_english_service.csv", "csw-20230930-mfa-statement")
DUPLICATE_ID_JSON = ("ararat_bulletin/ararat_bulletin_en.json", "anb-20230920-ceasefire")
UNSUPPORTED = "lantern_review/draft_column_lachin_corridor.docx"

# The four attribution formulas the content farm uses (one per line, after the body).
ATTRIBUTION = re.compile(
    r"^(?:This post appeared first on|Originally published by|This article first appeared in|"
    r"Source:)\s+(?P<origin>\S.*)$"
)
# Quoted spans in every quotation style the corpus uses.
QUOTED = re.compile(r"“[^”]*”|«[^»]*»|\"[^\"\n]*\"|‘[^’]*’")
REAL_LEADERS = [
    "Aliyev",
    "Pashinyan",
    "Putin",
    "Erdogan",
    "Blinken",
    "Macron",
    "Hikmet Hajiyev",
    "Ruben Vardanyan",
    "Samvel Shahramanyan",
    "Arayik Harutyunyan",
]


# ------------------------------------------------------------------------------------ reading
def _record(path: Path, rec: dict, kind: str) -> dict:
    return {**rec, "folder": path.parent.name, "path": path, "kind": kind}


def _read_jsonl(path: Path) -> list[dict]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            out.append(_record(path, json.loads(line), "original"))
        except json.JSONDecodeError:
            continue  # the deliberate invalid line; test_flaws_exist checks it is exactly one
    return out


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [_record(path, row, "original") for row in csv.DictReader(fh)]


def _read_json(path: Path) -> list[dict]:
    return [_record(path, rec, "original") for rec in json.loads(path.read_text(encoding="utf-8"))]


def _read_front_matter(path: Path) -> list[dict]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in head.strip().splitlines())
    return [_record(path, {**meta, "text": body.strip()}, "original")]


def _farm_txt(path: Path) -> dict:
    """Headline, body and attribution of a scraped content-farm page (no metadata in the file)."""
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    first_pick = lines.index("Editor's Pick")
    rest = [ln for ln in lines[first_pick + 1 :] if ln]
    headline, rest = rest[0], rest[1:]
    cut = next(i for i, ln in enumerate(rest) if ATTRIBUTION.match(ln))
    return {"title": headline, "text": "\n\n".join(rest[:cut]), "attribution": rest[cut]}


def _html_page(path: Path) -> dict:
    tree = lxml.html.parse(str(path)).getroot()

    def meta(prop: str) -> str | None:
        found = tree.xpath(f'//meta[@property="{prop}"]/@content')
        return found[0] if found else None

    rec = {
        "title": meta("og:title"),
        "outlet": meta("og:site_name"),
        "published": meta("article:published_time"),
        "url": (tree.xpath('//link[@rel="canonical"]/@href') or [None])[0],
    }
    if path.parent.name == FARM:
        paras = tree.xpath('//div[@class="entry-content"]/p[not(@class="source-line")]')
        rec["attribution"] = tree.xpath('//p[@class="source-line"]')[0].text_content().strip()
    else:
        paras = tree.xpath('//div[@class="article-body"]/p')
    rec["text"] = "\n\n".join(p.text_content().strip() for p in paras)
    return rec


def _read_farm(path: Path) -> list[dict]:
    rec = _farm_txt(path) if path.suffix == ".txt" else _html_page(path)
    return [_record(path, {**rec, "outlet": FARM}, "repost")]


def _read_html(path: Path) -> list[dict]:
    return [_record(path, _html_page(path), "original")]


def load_demo() -> list[dict]:
    """Every good article in data/demo/: the deliberate flaws are left out (see README)."""
    readers = {
        ".jsonl": _read_jsonl,
        ".csv": _read_csv,
        ".json": _read_json,
        ".txt": _read_front_matter,
        ".html": _read_html,
    }
    records, seen = [], set()
    for path in sorted(DEMO.rglob("*")):
        if not path.is_file() or path.name in SIDE_FILES or path.suffix not in readers:
            continue
        reader = _read_farm if path.parent.name == FARM else readers[path.suffix]
        for rec in reader(path):
            if not rec["text"].strip():
                continue  # the deliberate empty-text record
            key = _key(rec)
            if key in seen:
                continue  # the deliberate duplicate doc_id (its first occurrence is the good one)
            seen.add(key)
            records.append(rec)
    return records


def _grams(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = tokenize(text, lowercase=True)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _key(rec: dict) -> str:
    """doc_id where the file gives one, else the path (HTML pages and scraped pages have none)."""
    return rec.get("doc_id") or str(rec["path"].relative_to(DEMO))


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b)


def _domain(url: str) -> str:
    return re.sub(r"^www\.", "", url.split("/")[2])


@pytest.fixture(scope="module")
def demo() -> list[dict]:
    if not DEMO.is_dir():
        pytest.fail(f"demo corpus folder missing: {DEMO}")
    return load_demo()


@pytest.fixture(scope="module")
def originals(demo) -> list[dict]:
    return [r for r in demo if r["kind"] == "original"]


# ------------------------------------------------------------------------------------ tests
def test_outlet_folders_and_article_counts(demo):
    # Counted by hand from data/README.md's outlet table: 11 + 9 + 9 + 9 + 7 + 8 + 8 = 61 good
    # articles in 7 folders (the brief asks for at least 7 outlets and 56 articles).
    per_folder = {}
    for rec in demo:
        per_folder[rec["folder"]] = per_folder.get(rec["folder"], 0) + 1
    assert per_folder == {
        "meridian_wire": 11,
        "atlas_broadcast": 9,
        "caspian_state_wire": 9,
        "ararat_bulletin": 9,
        "lantern_review": 7,
        "caucasus_crossroads": 8,
        FARM: 8,
    }
    assert len(per_folder) >= 7 and len(demo) >= 56


def test_articles_are_complete_dated_and_of_news_length(demo):
    for rec in demo:
        where = _key(rec)
        assert rec["title"] and rec["outlet"], where
        words = len(rec["text"].split())  # words as a writer counts them, not analysis tokens
        assert 250 <= words <= 700, f"{where}: {words} words"
        if rec.get("published"):  # the farm's scraped .txt pages carry no date
            when = datetime.fromisoformat(rec["published"])
            assert when.utcoffset() is not None, f"{where}: published has no UTC offset"
            assert "2023-09-19" <= when.date().isoformat() <= "2023-10-05", where
    originals = [r for r in demo if r["kind"] == "original"]
    assert all(r.get("url") and r.get("published") for r in originals)
    ids = [r["doc_id"] for r in originals if r.get("doc_id")]
    assert len(ids) == len(set(ids))


def test_each_repost_copies_one_original_of_another_outlet_and_names_it(demo, originals):
    reposts = [r for r in demo if r["kind"] == "repost"]
    assert len(reposts) >= 6
    grams = {_key(r): _grams(r["text"]) for r in originals}
    by_id = {_key(r): r for r in originals}
    for rep in reposts:
        where = rep["path"].name
        scores = sorted(
            ((_jaccard(_grams(rep["text"]), g), i) for i, g in grams.items()), reverse=True
        )
        (best, best_id), (second, _) = scores[0], scores[1]
        orig = by_id[best_id]
        # Light edits to one or two sentences of a ~400-word story leave > 0.9 (measured 0.92-0.98);
        # 0.8 is the brief's threshold. No other original comes close (independent writing).
        assert best > 0.8, f"{where}: best match {best_id} only {best:.2f}"
        assert second < 0.2, f"{where}: also resembles another original ({second:.2f})"
        assert orig["outlet"] != FARM and orig["folder"] != rep["folder"]
        origin = ATTRIBUTION.match(rep["attribution"]).group("origin")
        assert origin in (orig["outlet"], _domain(orig["url"])), (
            f"{where}: attributes to {origin!r}"
        )


def test_same_event_stories_from_different_outlets_are_not_copies(originals):
    # Independent writing shares almost no 5-grams (measured maximum 0.04); reposts share > 0.9.
    grams = [(r, _grams(r["text"])) for r in originals]
    for (a, ga), (b, gb) in itertools.combinations(grams, 2):
        if a["outlet"] != b["outlet"]:
            assert _jaccard(ga, gb) < 0.2, (_key(a), _key(b))


@pytest.mark.parametrize(
    ("event", "first_day", "last_day", "pattern"),
    [
        ("offensive", "2023-09-19", "2023-09-19", r"anti-terrorist|offensive|aggression"),
        ("ceasefire", "2023-09-20", "2023-09-20", r"ceasefire|cease hostilities|lay down"),
        ("exodus", "2023-09-24", "2023-09-25", r"Kornidzor|crossed into Armenia|departure"),
        ("fuel depot", "2023-09-26", "2023-09-27", r"fuel (?:depot|warehouse|storage)"),
        ("dissolution decree", "2023-09-28", "2023-09-29", r"decree|self-dissolution"),
        ("UN visit", "2023-10-01", "2023-10-02", r"U\.?N\.? (?:mission|team)|United Nations"),
    ],
)
def test_each_key_event_is_covered_by_at_least_four_outlets(
    originals, event, first_day, last_day, pattern
):
    outlets = {
        r["outlet"]
        for r in originals
        if first_day <= r["published"][:10] <= last_day and re.search(pattern, r["text"])
    }
    assert len(outlets) >= 4, f"{event}: {sorted(outlets)}"


def test_flaws_listed_in_readme_exist():
    readme = README.read_text(encoding="utf-8")
    jsonl, line_no = INVALID_JSONL
    lines = (DEMO / jsonl).read_text(encoding="utf-8").splitlines()
    bad = [i for i, line in enumerate(lines, 1) if not _parses(line)]
    assert bad == [line_no]

    csv_path, empty_id = EMPTY_TEXT_CSV
    with (DEMO / csv_path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["doc_id"] for r in rows if not r["text"].strip()] == [empty_id]

    json_path, dup_id = DUPLICATE_ID_JSON
    ids = [r["doc_id"] for r in json.loads((DEMO / json_path).read_text(encoding="utf-8"))]
    assert ids.count(dup_id) == 2 and len(ids) - len(set(ids)) == 1

    assert (DEMO / UNSUPPORTED).is_file()
    for path in (jsonl, csv_path, json_path, UNSUPPORTED):
        assert f"`{path}`" in readme, f"data/README.md does not list {path}"


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def test_no_real_leader_is_quoted(demo):
    for rec in demo:
        for span in QUOTED.findall(rec["title"] + "\n" + rec["text"]):
            for name in REAL_LEADERS:
                assert name.lower() not in span.lower(), f"{rec['path'].name}: {name} in {span!r}"


def test_quoted_fixture_of_the_leader_check_can_fail():
    # The check above must see every quote style; a planted name in each style is found.
    planted = '“x Aliyev”, «y Putin», "z Macron", ‘w Blinken’'
    assert [s for s in QUOTED.findall(planted)] == [
        "“x Aliyev”",
        "«y Putin»",
        '"z Macron"',
        "‘w Blinken’",
    ]


def test_corpus_contains_the_promised_hard_cases(demo):
    text = "\n".join(r["text"] for r in demo)
    promised = [
        # abbreviations that trip naive sentence splitters
        "p.m.",
        "a.m.",
        "U.S.",
        "U.N.",
        "Gen. ",
        "Lt. Col.",
        "Sept.",
        "Dr.",
        "Mr.",
        "No. 3",
        # negation and hedging
        "no evidence of a massacre",
        "did not amount to genocide",
        "alleged war crimes",
        "so-called",
        "What officials called",
        "reportedly",
        "possible ethnic cleansing",
        "could amount to",
        # competing names
        "Artsakh",
        "Garabagh",
        "Karabakh economic region",
        "Stepanakert",
        "Khankendi",
        "Shusha",
        "Shushi",
        "Lachin corridor",
        "Lachin road",
        "Karabakh Defense Army",
        "Artsakh Defense Army",
        "illegal armed formations",
        "anti-terrorist measures",
        "local anti-terrorist operation",
        "voluntary departure",
        "forced displacement",
        "exodus",
        "relocation",
        "evacuation",
        # quotation styles: guillemets, nested single quotes, scare quotes
        "«",
        "‘humanitarian corridor’",
        "so-called “humanitarian corridor”",
        'so-called "blockade"',
    ]
    missing = [p for p in promised if p not in text]
    assert not missing
    # A multi-paragraph quote: a paragraph opens a quote it does not close, the next reopens it.
    paras = [p for r in demo for p in r["text"].split("\n\n")]
    assert any(
        a.startswith("“") and "”" not in a and b.startswith("“")
        for a, b in itertools.pairwise(paras)
    )


def test_actors_file_maps_names_that_occur_to_known_sides(demo):
    with config.DEMO_ACTORS.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["name", "actor", "side", "note"]
        rows = list(reader)
    text = "\n".join(r["text"] for r in demo).replace("’", "'").lower()
    names = [r["name"].lower() for r in rows]
    assert len(names) == len(set(names)), "duplicate names in demo_actors.csv"
    for row in rows:
        assert row["side"] in SIDES, row
        assert row["actor"].strip(), row
        assert row["name"].rstrip("*").replace("’", "'").lower() in text, (
            f"{row['name']} never occurs"
        )


def test_every_named_quote_speaker_is_in_the_actors_file(demo):
    # "..., said Anahit Petrosyan" / "said Dr. Miriam Kessler": the two capitalised words after
    # "said" (titles skipped) must be a row of demo_actors.csv, so speaker attribution can be tested.
    with config.DEMO_ACTORS.open(encoding="utf-8", newline="") as fh:
        names = {r["name"] for r in csv.DictReader(fh)}
    after_said = re.compile(
        r"\bsaid (?:(?:Dr|Col|Lt|Maj|Gen|Mr|Ms)\. )*([A-Z][a-z]+ [A-Z][a-z]+)\b"
    )
    found = {m for r in demo for m in after_said.findall(r["text"])}
    titles = {"Deputy Minister"}
    assert len(found) > 20  # counted: more than 20 distinct named speakers are introduced this way
    assert found - titles <= names, sorted(found - titles - names)
