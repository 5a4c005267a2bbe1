"""HTML pages to records: the main text and metadata extracted with trafilatura.

The publication time is read from the page's own meta tags first (htmldate sometimes drops the
time of day); the body is assembled from trafilatura's extraction with the title kept apart.
"""

from __future__ import annotations

import json
from pathlib import Path

from .records import RecordReader, add_record


def read_html(reader: RecordReader, path: Path, rel: str, folder: str) -> None:
    import trafilatura

    data = path.read_bytes()
    doc = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params={"original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    if doc is None or doc.body is None:
        reader.reject(rel, "no main text found in the HTML page")
        return
    title = doc.title
    rec = {
        "title": title,
        "text": _html_body_text(doc.body, title),
        # htmldate keeps only the day for some pages; the page's own timestamp is more precise
        "published": _html_published_time(data) or doc.date,
        "url": doc.url,
    }
    if doc.sitename:
        rec["outlet"] = doc.sitename
    add_record(reader, rec, rel, folder, table=False)


_PUBLISHED_XPATHS = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@property='og:article:published_time']/@content",
    "//meta[@name='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='pubdate']/@content",
    "//meta[@name='date']/@content",
    "//*[@itemprop='datePublished']/@datetime",
    "//article//time/@datetime",
)


def _html_published_time(data: bytes) -> str | None:
    """The publication timestamp a page declares in its metadata, with time and offset."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(data)
    except (ValueError, lxml.etree.ParserError):
        return None
    for xpath in _PUBLISHED_XPATHS:
        for value in tree.xpath(xpath):
            if str(value).strip():
                return str(value).strip()
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            obj = json.loads(script)
        except json.JSONDecodeError:
            continue
        for item in obj if isinstance(obj, list) else [obj]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                return item["datePublished"]
    return None


def _html_body_text(body, title: str | None) -> str:
    """Join trafilatura's block elements as paragraphs separated by a blank line.

    Paragraph breaks matter downstream: a quotation that runs over several paragraphs is marked
    by an opening quote at each paragraph start.
    """
    blocks: list[str] = []
    for el in body:
        if el.tag == "list":
            items = el.iter("item")
        else:
            items = [el]
        for item in items:
            for lb in item.iter("lb"):
                lb.tail = "\n" + (lb.tail or "")
            block = "".join(item.itertext()).strip()
            if block:
                blocks.append(block)
    if blocks and title and body[0].tag == "head" and blocks[0].strip() == title.strip():
        blocks = blocks[1:]  # the headline is kept in `title`, not repeated in the body
    return "\n\n".join(blocks)
