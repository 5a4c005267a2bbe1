"""HTML pages to records: the main text and metadata extracted with trafilatura.

The publication time is read from the page's own meta tags first (htmldate sometimes drops the
time of day); the body is assembled from trafilatura's extraction with the title kept apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from .origin import normalize_outlet, site_name
from .records import RecordReader, add_record

__all__ = ["html_body_text"]


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
    tree = _html_tree(data)
    rec = {
        "title": title,
        "text": html_body_text(doc.body, title),
        # htmldate keeps only the day for some pages; the page's own timestamp is more precise
        "published": _html_published_time(tree) or doc.date,
        "url": doc.url,
    }
    outlet, outlet_source = _html_outlet(tree, doc)
    if outlet:
        rec["outlet"] = outlet
    add_record(reader, rec, rel, folder, table=False, outlet_source=outlet_source)


def _html_tree(data: bytes):
    import lxml.html

    try:
        return lxml.html.fromstring(data)
    except (ValueError, lxml.etree.ParserError):
        return None


def _json_ld_items(tree) -> Iterator[dict]:
    """The objects of a page's JSON-LD blocks, including those in an ``@graph``."""
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            obj = json.loads(script)
        except json.JSONDecodeError:
            continue
        stack = obj if isinstance(obj, list) else [obj]
        for item in stack:
            if isinstance(item, dict):
                yield item
                graph = item.get("@graph")
                if isinstance(graph, list):
                    yield from (g for g in graph if isinstance(g, dict))


def _declared_site_names(tree) -> tuple[list[str], set[str]]:
    """The names a page declares for its site, most authoritative first, and its handles.

    Names: ``og:site_name`` (the field meant for the site's display name), then
    ``application-name``. Handles: values of ``og:site_name`` and ``twitter:site`` that start
    with "@", as spelling keys (trafilatura drops the "@" and would offer them as names).
    """
    if tree is None:
        return [], set()
    names = [str(v) for v in tree.xpath("//meta[@property='og:site_name']/@content")]
    names += [str(v) for v in tree.xpath("//meta[@name='application-name']/@content")]
    handles = {
        _spelling_key(str(v)) for v in tree.xpath(
            "//meta[@property='og:site_name' or @name='twitter:site' or @property='twitter:site']"
            "/@content")
        if str(v).strip().startswith("@")
    }
    return [n for n in (" ".join(n.split()) for n in names) if n], handles


def _spelling_key(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def _html_outlet(tree, doc) -> tuple[str | None, str]:
    """The page's outlet and where it came from (``metadata`` or ``domain``).

    The outlet is the site that carried the page, so the site's own declaration comes first:
    the first of ``og:site_name`` and ``application-name`` that names an outlet
    (:func:`analysis.origin.site_name`: no handle, year, copyright line, template word or
    bare sub-domain). Then trafilatura's site name (from a JSON-LD publisher, other meta
    fields or the title), unless it is a handle or a variant of a name turned down above.
    Then the registrable domain of the page's URL (source ``domain``). ``(None, "folder")``
    when the page has none of these: the folder name stands.

    A JSON-LD publisher comes after ``og:site_name`` because on a syndicated page it names who
    published the article (an SFGate page of an AP story declares "Associated Press"), which is
    the origin, not the outlet.
    """
    declared, turned_down = _declared_site_names(tree)
    for candidate in declared:
        name = site_name(candidate, url=doc.url)
        if name:
            return name, "metadata"
        turned_down.add(_spelling_key(candidate))
    if doc.sitename and _spelling_key(doc.sitename) not in turned_down:
        name = site_name(doc.sitename, url=doc.url)
        if name:
            return name, "metadata"
    if doc.url:
        domain = normalize_outlet(doc.url)
        if domain:
            return domain, "domain"
    return None, "folder"


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
# A date field left at a template's zero value ("0001-01-01T00:00:00Z") is no date.
_PLACEHOLDER_DATE = re.compile(r"^0{0,3}[01]-0?1-0?1(?:$|[T ])|^0{4}")


def _html_published_time(tree) -> str | None:
    """The publication timestamp a page declares in its metadata, with time and offset.

    ``tree`` is the parsed page (or the page's bytes). Placeholder values such as
    "0001-01-01T00:00:00Z" are skipped.
    """
    if isinstance(tree, (bytes, str)):
        tree = _html_tree(tree)
    if tree is None:
        return None
    for xpath in _PUBLISHED_XPATHS:
        for value in tree.xpath(xpath):
            value = str(value).strip()
            if value and not _PLACEHOLDER_DATE.match(value):
                return value
    for item in _json_ld_items(tree):
        value = item.get("datePublished")
        if isinstance(value, str) and value.strip() and not _PLACEHOLDER_DATE.match(value.strip()):
            return value.strip()
    return None


# Tags of trafilatura's output (and of raw HTML it leaves in some fallback extractions) that
# stand on their own: a paragraph break before and after them. Anything else is inline.
_BLOCK_TAGS = frozenset({
    "p", "head", "list", "item", "quote", "div", "table", "row", "body", "doc",
    "main", "article", "section", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "caption", "header", "footer",
})


class _Break:
    """A break in the stream of text pieces (identity-compared, so never confused with text)."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name


_PARA, _LINE = _Break("paragraph"), _Break("line")
# Inline styles that hide an element from the reader. trafilatura's own output has no
# attributes, but a fallback extraction can keep raw HTML, e.g. a hidden schema.org copy of the
# headline, dates and image addresses.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _hidden(el) -> bool:
    """The element is hidden from the reader (``hidden``, ``aria-hidden="true"``, or a style)."""
    attrib = el.attrib
    return (
        "hidden" in attrib
        or attrib.get("aria-hidden", "").strip().lower() == "true"
        or bool(_HIDDEN_STYLE.search(attrib.get("style", "")))
    )


_CELL_SEP = "\t"  # between table cells; normalize_text turns it into a space
_SPACE_RUN = re.compile(r"\s+")


def _pieces(el, out: list, keep_lines: bool = False) -> None:
    """Append the text of ``el`` and of everything inside it, then its tail, to ``out``."""
    _inside(el, out, keep_lines)
    _text(el.tail, out, keep_lines)


def _inside(el, out: list, keep_lines: bool = False) -> None:
    """Append the text inside ``el`` (its text, its children and their tails), in page order.

    Block elements are framed by :data:`_PARA`; ``<lb/>`` gives :data:`_LINE`; a table gives
    one line a row (:func:`_row`). Comments, processing instructions and hidden elements
    (:func:`_hidden`) add only their tail.
    """
    tag = el.tag if isinstance(el.tag, str) else None
    if tag is None or _hidden(el):
        return
    keep_lines = keep_lines or tag in ("code", "pre")
    if tag in ("lb", "br"):
        out.append(_LINE)
        return
    block = tag in _BLOCK_TAGS
    if block:
        out.append(_PARA)
    _text(el.text, out, keep_lines)
    for child in el:
        if tag == "table" and child.tag == "row":
            _row(child, out)
        else:
            _pieces(child, out, keep_lines)
    if block:
        out.append(_PARA)


def _text(text: str | None, out: list, keep_lines: bool) -> None:
    if not text:
        return
    if keep_lines:  # preformatted text: its line breaks are the author's
        for i, line in enumerate(text.split("\n")):
            if i:
                out.append(_LINE)
            out.append(line)
    else:
        out.append(_SPACE_RUN.sub(" ", text))


def _flat(pieces: list) -> str:
    """Pieces as one line: breaks become spaces."""
    return _SPACE_RUN.sub(" ", "".join(" " if isinstance(p, _Break) else p for p in pieces)).strip()


def _row(row, out: list) -> None:
    """A table row as one line of its own: each cell flattened, cells joined by a tab."""
    cells = [row.text or ""]
    for cell in row:
        inner: list = []
        _inside(cell, inner)
        cells.append(_flat(inner))
        cells.append(cell.tail or "")  # text trafilatura left between cells
    line = _CELL_SEP.join(c for c in (_SPACE_RUN.sub(" ", c).strip() for c in cells) if c)
    out.extend((_LINE, line, _LINE))
    _text(row.tail, out, False)


def _paragraphs(pieces: list) -> list[str]:
    """Join a piece stream into paragraphs: lines joined by a line break, empty lines dropped."""
    paragraphs: list[str] = []
    lines: list[str] = []
    current: list[str] = []
    for p in [*pieces, _PARA]:
        if isinstance(p, _Break):
            line = "".join(current).strip()
            current.clear()
            if line:
                lines.append(line)
            if p is _PARA and lines:
                paragraphs.append("\n".join(lines))
                lines.clear()
        else:
            current.append(p)
    return paragraphs


def html_body_text(body, title: str | None) -> str:
    """The text of trafilatura's body tree, paragraphs separated by a blank line.

    Every text node of the tree is kept once, in page order (:func:`_inside`): the text of
    each element, of its children and the children's tails, i.e. text that trafilatura keeps
    after a heading or a paragraph. Each block (paragraph, heading, list item, quote, nested
    block) is a paragraph of its own; ``<lb/>`` is a line break inside a paragraph; a table
    is a paragraph with one line a row, its cells separated by a space.
    Paragraph breaks matter downstream: a quotation that runs over several paragraphs is marked
    by an opening quote at each paragraph start.
    """
    pieces: list = []
    _inside(body, pieces)
    blocks = _paragraphs(pieces)
    if blocks and title and len(body) and body[0].tag == "head" and blocks[0].strip() == title.strip():
        blocks = blocks[1:]  # the headline is kept in `title`, not repeated in the body
    return "\n\n".join(blocks)
