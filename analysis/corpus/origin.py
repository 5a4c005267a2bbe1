"""Origin attribution: who wrote a piece, as opposed to the site that carried this copy.

A content farm that republishes a CNN report is the ``outlet`` of its copy; CNN is the
``origin_outlet``. Counting the copy as the farm's journalism would double-count CNN and invent
an outlet, so :func:`attribute_origin` reads the raw page text (before boilerplate removal, which
cuts the attribution line) and looks for the words that name the origin.

Evidence, strongest first (the first kind found decides):

1. **Wire datelines and bylines** name who wrote the words: ``MOSCOW (Reuters) —``,
   ``Denver (AP) –`` or ``(AP) —`` at the start of one of the first :data:`DATELINE_LINES`
   non-empty lines, and a line that is only ``— AP`` / ``- Reuters``. The agency must be a known
   news organisation (see :data:`OUTLET_ALIASES`), or the dateline must carry an upper-case place
   name (``VELMORA CITY (Meridian) —``), because a bracketed aside at the start of a paragraph is
   otherwise too common. A place in mixed case (``Denver``, ``Baku, Azerbaijan``: one to four
   capitalised words, not opening with "In", "The", ...) counts only before a known agency.
2. **Republication lines** say where the copy was taken from: "This post appeared first on X",
   "This article first appeared in X", "Originally published by X", "Republished from X",
   "This article is republished from X under a Creative Commons license", and the excerpt's
   "Read the full story at X". The line must stand
   alone (the whole line is the attribution), and X must look like an outlet: a web address, or a
   short capitalised name that is not a date.
3. **"Source: X"** on a line of its own, only when X is a web address or a known news
   organisation, or, on a line in the second half of the page (a closing credit), a capitalised
   name of two to six words ending in a news word ("Source: Lakeside Tribune"; see
   ``_NEWS_WORDS``): "Source:" also labels charts and data ("Source: World Bank") and body
   sentences ("Source: officials said ..."), which must not be read as an origin.

A dateline outranks a republication line because it names who wrote the words: a farm's copy of
a newspaper's copy of a Reuters story is Reuters' story.

Canonical names (:func:`normalize_outlet`): a web address or domain becomes its registrable
domain, lower-cased (``https://edition.cnn.com/2023/...``, ``www.cnn.com`` and ``cnn.com`` all
give ``cnn.com``; ``news.bbc.co.uk`` gives ``bbc.co.uk``, using the Public Suffix List shipped with
the ``tld`` package); a known organisation's name becomes its domain (``CNN`` → ``cnn.com``,
``Associated Press`` → ``apnews.com``); any other name is kept as written, with spaces and
trailing punctuation trimmed. When the evidence names the outlet that carried the page (a CNN
page opening with ``(CNN) —``), the piece is the outlet's own: ``origin_outlet`` keeps the
``outlet`` value and ``origin_evidence`` stays "". Outlets are compared with
:func:`outlet_key`, which makes "The Northern Ledger", "northernledger.example" and
"www.northernledger.example" one outlet. When the table holds the origin's own pages under some
spelling — matched by name, or by the domain of the pages' ``url`` — ``origin_outlet`` takes
that spelling (the most frequent one), so that grouping by ``origin_outlet`` puts reposts
together with the originals. A parenthesis that holds a date where a dateline names its agency
("KORNIDZOR, Armenia (Sept 24) –") is not an origin.

Self-naming: a page read from a folder (``_outlet_source == "folder"``: the folder name was only
a guess) that names itself in a footer — "Copyright © 2023 findandfunds.com" or a disclaimer
"Disclaimer: findandfunds.com, its managers, ..." — gets that name as ``outlet``. The last
copyright line of the page wins (the site's footer comes after any copied body), then the
disclaimer. Names pass :func:`site_name` (no year, no "Copyright", no handle or template word;
a web address becomes its domain), the rule that also checks an HTML page's declared site name.

One spelling per outlet (:func:`unify_outlet_spellings`, when the table has
``_outlet_source``, i.e. at ingest): names that differ only in case, spaces or punctuation
("PolitiFact", "Politifact") take the best-sourced, then most frequent spelling; an outlet that
is only its pages' domain (the page named nothing usable) takes the name other pages on that
domain declare. When the origin names the page's own outlet, also with a trailing "News",
"Online", "Media", ... ("SOURCE: Al Jazeera News" on an Al Jazeera page), the piece is the
outlet's own.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from .schema import is_missing

__all__ = [
    "DATELINE_LINES",
    "DOMAIN_ALIASES",
    "OUTLET_ALIASES",
    "OriginPlan",
    "attribute_origin",
    "attribution_line_spans",
    "domain_label",
    "find_origin",
    "normalize_outlet",
    "origin_plan",
    "outlet_counts",
    "outlet_key",
    "page_self_name",
    "site_name",
    "unify_outlet_spellings",
]

DATELINE_LINES = 10
"""How many non-empty lines from the top of a page are searched for a wire dateline."""

# Known news organisations by the names they appear under in datelines, bylines and credits,
# mapped to their registrable domain so that "CNN", "(CNN)" and "cnn.com" agree. Keys are
# matched case-insensitively, with a leading "The" ignored.
OUTLET_ALIASES: dict[str, str] = {
    "afp": "afp.com",
    "agence france-presse": "afp.com",
    "agence france presse": "afp.com",
    "al jazeera": "aljazeera.com",
    "anadolu": "aa.com.tr",
    "anadolu agency": "aa.com.tr",
    "ansa": "ansa.it",
    "ap": "apnews.com",
    "associated press": "apnews.com",
    "apa": "apa.az",
    "armenpress": "armenpress.am",
    "azertac": "azertag.az",
    "bbc": "bbc.co.uk",
    "bbc news": "bbc.co.uk",
    "bloomberg": "bloomberg.com",
    "cnn": "cnn.com",
    "dpa": "dpa.com",
    "efe": "efe.com",
    "euronews": "euronews.com",
    "guardian": "theguardian.com",
    "interfax": "interfax.com",
    "kyodo": "kyodonews.net",
    "kyodo news": "kyodonews.net",
    "new york times": "nytimes.com",
    "pti": "ptinews.com",
    "reuters": "reuters.com",
    "ria novosti": "ria.ru",
    "tass": "tass.com",
    "upi": "upi.com",
    "united press international": "upi.com",
    "washington post": "washingtonpost.com",
    "xinhua": "xinhuanet.com",
    "yonhap": "yna.co.kr",
}

# Second domains of a known organisation, mapped to the domain its name maps to: the AP serves
# its stories to member sites from hosted.ap.org.
DOMAIN_ALIASES: dict[str, str] = {
    "ap.org": "apnews.com",
}

# --------------------------------------------------------------------------- normalisation

_URL_OR_DOMAIN = re.compile(
    r"^(?:[a-z][a-z0-9+.-]*://)?(?:www\d?\.)?(?P<host>(?:[a-z0-9-]+\.)+[a-z]{2,})"
    r"(?::\d+)?(?:[/?#].*)?$",
    re.IGNORECASE,
)
_EDGE_PUNCT = " \t.,;:!?\"'“”‘’()[]<>«»"


def _is_address(s: str) -> bool:
    """A web address or a bare domain (one word)."""
    return " " not in s and bool(_URL_OR_DOMAIN.match(s))


def _registrable_domain(host: str) -> str:
    """Registrable domain of ``host`` (eTLD+1 from the Public Suffix List), lower-cased."""
    from tld import get_fld

    host = host.lower().strip(".")
    fld = get_fld(host, fix_protocol=True, fail_silently=True)
    if fld:
        return fld
    # Suffixes the list does not know (reserved test TLDs such as .example): last two labels.
    labels = host.split(".")
    return ".".join(labels[-2:])


def normalize_outlet(name: object, *, aliases: Mapping[str, str] | None = None) -> str:
    """Return the canonical form of an outlet name, domain or URL (see the module docstring).

    ``""`` for a missing or blank name. ``aliases`` replaces :data:`OUTLET_ALIASES`.
    """
    if is_missing(name):
        return ""
    s = " ".join(str(name).split()).strip(_EDGE_PUNCT)
    if not s:
        return ""
    if _is_address(s):
        domain = _registrable_domain(_URL_OR_DOMAIN.match(s).group("host"))
        return DOMAIN_ALIASES.get(domain, domain)
    known = _alias(s, OUTLET_ALIASES if aliases is None else aliases)
    return known or s


def _alias(name: str, aliases: Mapping[str, str]) -> str | None:
    key = name.casefold()
    if key.startswith("the "):
        key = key[4:]
    return aliases.get(key)


def outlet_key(name: object, *, aliases: Mapping[str, str] | None = None) -> str:
    """Loose comparison key for outlet names, so spellings of one outlet compare equal.

    The canonical form (:func:`normalize_outlet`) reduced to letters and digits, lower-cased: a
    domain without its public suffix, a name without a leading "The". ``"CNN"``, ``"cnn"``,
    ``"www.cnn.com"`` and ``"https://edition.cnn.com/..."`` all give ``"cnn"``; ``"The Northern
    Ledger"`` and ``"northernledger.example"`` both give ``"northernledger"``; ``"bbc.co.uk"``
    and ``"bbc.com"`` give ``"bbc"``. "" for a missing name.
    """
    canon = normalize_outlet(name, aliases=aliases)
    if not canon:
        return ""
    if _is_address(canon):
        label = domain_label(canon)
    else:
        label = canon.casefold()
        if label.startswith("the "):
            label = label[4:]
    return re.sub(r"[\W_]+", "", label.casefold())


def domain_label(host: str) -> str:
    """The name part of a host's registrable domain: ``bbc`` for ``news.bbc.co.uk``,
    ``meridianwire`` for ``www.meridianwire.com`` (Public Suffix List, from the ``tld``
    package). For a suffix the list does not know (``.example``), the label before the last."""
    from tld import get_tld

    res = get_tld(host, fix_protocol=True, as_object=True, fail_silently=True)
    if res is not None and res.domain:
        return res.domain
    parts = [p for p in host.lower().strip(".").split(".") if p]
    return parts[-2] if len(parts) >= 2 else (parts[0] if parts else "")


# --------------------------------------------------------------------------- evidence patterns

_NAME = r"(?P<name>[^\n]{2,120}?)"
# "This post appeared first on X", "This article first appeared in X", "This story was originally
# published by X", "Originally published on X", "Republished (with permission) from X", and
# WordPress's feed footer "The post TITLE appeared first on X."
_REPUBLICATION = re.compile(
    r"^(?:(?:this\s+(?:post|article|story|piece|report|content)|the\s+post\s+.{1,200}?)\s+"
    r"(?:(?:has\s+)?appeared\s+first|first\s+appeared|originally\s+appeared|first\s+ran|"
    r"was\s+(?:first|originally)\s+(?:published|posted)|is\s+(?:re)?published)"
    r"|originally\s+(?:published|posted|appeared)|first\s+published"
    r"|(?:re)?published\s+(?:with\s+permission\s+)?from|reposted\s+from|syndicated\s+from"
    r"|(?:read|see)\s+the\s+(?:full|original|whole)\s+(?:story|article|report|piece))"
    r"\s+(?:(?:on|in|at|by|from)\s+)?" + _NAME +
    r"(?:\s+(?:under\s+an?\s+|with\s+permission|on\s+\d|in\s+\d).*)?[.!]?\s*$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(r"^source\s*:\s*" + _NAME + r"[.]?\s*$", re.IGNORECASE)
# "MOSCOW (Reuters) —", "BAKU, Azerbaijan (AP) -", "(CNN) —" at the start of a line.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]*[A-Z.](?:,\s*[A-Z][\w.'’ -]*?)?\s+)?"
    r"\((?P<name>[A-Z][\w.&'’ -]{0,40}?)\)\s*(?:[—–]|--?)\s*\S"
)
# "Denver (AP) –", "Baku, Azerbaijan (Reuters) -": a place written in mixed case, one to four
# capitalised words (optionally ", Region"). Read as a dateline only before a known agency.
_MIXED_PLACE_DATELINE = re.compile(
    r"^(?P<place>(?P<first>[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*){0,3}"
    r"(?:,\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})?)\s*"
    r"\((?P<name>[A-Z][\w.&'’ -]{0,40}?)\)\s*(?:[—–]|--?)\s*\S"
)
# Words that open a sentence, not a place name: "In Denver (AP) — ..." is a sentence.
_NOT_PLACE_START = {
    "a", "an", "the", "in", "on", "at", "from", "by", "for", "with", "and", "but", "or", "as",
    "when", "while", "after", "before", "since", "during", "according", "if", "this", "that",
    "he", "she", "it", "they", "we", "i", "you", "his", "her", "their", "our", "my",
}
# "— AP" / "-- Reuters" alone on a line.
_BYLINE = re.compile(r"^(?:[—–]|--?)\s*(?P<name>[A-Z][\w.&'’ -]{0,40}?)\.?\s*$")
_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE_LIKE = re.compile(rf"^(?:\d|(?:{_MONTHS})\b|(?:mon|tues|wednes|thurs|fri|satur|sun)day\b)",
                        re.IGNORECASE)
_SMALL_WORDS = {"of", "the", "and", "for", "on", "in", "de", "&", "at", "a"}


def _looks_like_outlet(name: str, *, aliases: Mapping[str, str]) -> bool:
    """A web address, a known organisation, or a short capitalised name that is not a date."""
    s = name.strip(_EDGE_PUNCT)
    if not s or _DATE_LIKE.match(s):
        return False
    if _is_known_or_address(s, aliases=aliases):
        return True
    words = s.split()
    if len(words) > 6:
        return False
    return words[0][0].isupper() and all(
        w[0].isupper() or w[0].isdigit() or w.casefold() in _SMALL_WORDS for w in words
    )


def _is_known_or_address(name: str, *, aliases: Mapping[str, str]) -> bool:
    s = name.strip(_EDGE_PUNCT)
    return bool(_alias(s, aliases)) or _is_address(s)


def _is_known(name: str, *, aliases: Mapping[str, str]) -> bool:
    return bool(_alias(name.strip(_EDGE_PUNCT), aliases))


def _lines(text: str):
    """Yield (start, end, stripped line) for every line of ``text``."""
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        yield pos, end, line.strip()
        pos = end + 1


# Standalone attribution lines, in find_origin's order of preference, each with the test its
# name must pass. The patterns exclude one another (a dash, "source:", or words open the line).
_STANDALONE = (
    (_BYLINE, _is_known),
    (_REPUBLICATION, _looks_like_outlet),
    (_SOURCE_LINE, _is_known_or_address),
)
# The last word of a news organisation's name: "Source: Lakeside Tribune" closing a page is
# an origin; "Source: World Bank" (a chart's label) is not.
_NEWS_WORDS = frozenset("""
    tribune times post herald gazette journal daily press chronicle ledger observer telegraph
    courier review wire news newspaper radio tv television broadcasting broadcast network
    magazine agency standard guardian mail express star sun mirror bulletin dispatch inquirer
    examiner record register sentinel monitor reporter today weekly online media report
    insider independent republic globe voice times-union advocate leader
""".split())


def _is_news_name(name: str, *, aliases: Mapping[str, str]) -> bool:
    """A known organisation, a web address, or a capitalised name ending in a news word."""
    if _is_known_or_address(name, aliases=aliases):
        return True
    s = name.strip(_EDGE_PUNCT)
    words = s.split()
    return (
        _looks_like_outlet(s, aliases=aliases)
        and len(words) >= 2
        and words[-1].casefold().strip(_EDGE_PUNCT) in _NEWS_WORDS
    )


def _standalone_lines(text: str, aliases: Mapping[str, str]):
    """Yield ``(rank, start, end, name)`` for every standalone attribution line of ``text``.

    ``rank`` is the line's place in :data:`_STANDALONE` (0 for a wire byline).
    """
    lines = list(_lines(text))
    nonempty = [i for i, (_, _, line) in enumerate(lines) if line]
    # a "Source: NAME" line that closes the page (in its second half) may name an outlet
    # that is neither known nor a web address ("Source: Lakeside Tribune")
    closing_from = nonempty[len(nonempty) // 2] if len(nonempty) >= 2 else len(lines)
    for i, (start, end, line) in enumerate(lines):
        if not line or len(line) > 300:
            continue
        for rank, (pattern, accept) in enumerate(_STANDALONE):
            m = pattern.match(line)
            if not m:
                continue
            name = m.group("name")
            if accept(name, aliases=aliases) or (
                pattern is _SOURCE_LINE and i >= closing_from
                and _is_news_name(name, aliases=aliases)
            ):
                yield rank, start, end, name.strip(_EDGE_PUNCT)
                break


def attribution_line_spans(text: str, *, aliases: Mapping[str, str] | None = None):
    """Return ``[(start, end, name), ...]`` for every standalone attribution line of ``text``.

    These are the lines :func:`find_origin` reads as republication lines, "Source: X" lines and
    trailing wire bylines (``— AP``); offsets cover the whole line. Datelines are not included:
    they open the lede, which is body text. :mod:`analysis.boilerplate` cuts these lines.
    """
    aliases = OUTLET_ALIASES if aliases is None else aliases
    return [(s, e, name) for _, s, e, name in _standalone_lines(text or "", aliases)]


def _dateline(text: str, aliases: Mapping[str, str]) -> tuple[str, str] | None:
    seen = 0
    for _, _, line in _lines(text):
        if not line:
            continue
        seen += 1
        if seen > DATELINE_LINES:
            break
        m = _DATELINE.match(line)
        if m:
            name = m.group("name").strip()
            place = (m.group("place") or "").strip()
            if _DATE_LIKE.match(name):
                continue  # "KORNIDZOR, Armenia (Sept 24) –": a date where the agency would stand
            if _alias(name, aliases) or (place and len(name.split()) <= 4 and name[0].isupper()):
                return name, line[: m.end() - 1].rstrip()
            continue
        # "Denver (AP) –": a place in mixed case, only before a known agency
        m = _MIXED_PLACE_DATELINE.match(line)
        if (m and m.group("first").casefold() not in _NOT_PLACE_START
                and _alias(m.group("name").strip(), aliases)):
            return m.group("name").strip(), line[: m.end() - 1].rstrip()
    return None


def find_origin(text: str, *, aliases: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """Return ``(origin name as written, evidence words)`` for ``text``, or None.

    The order of evidence is the module docstring's: dateline or wire byline, then a
    republication line, then a "Source:" line naming a web address or known organisation.
    """
    aliases = OUTLET_ALIASES if aliases is None else aliases
    text = text or ""
    found = _dateline(text, aliases)
    if found:
        return found
    # the first line of the most preferred kind (min keeps the first of equal ranks)
    best = min(_standalone_lines(text, aliases), key=lambda line: line[0], default=None)
    if best is None:
        return None
    _, start, end, name = best
    return name, text[start:end].strip()


# --------------------------------------------------------------------------- self-naming

# Copyright marks and years, in any order and number: "© Copyright 2014-2019, ".
_COPYRIGHT_MARKS = r"(?:(?:copyright|©|\(c\))\s*|\d{4}(?:\s*[-–]\s*\d{4})?\s*[,.]?\s*)"
_COPYRIGHT = re.compile(
    rf"^(?:copyright\b|©|\(c\))\s*{_COPYRIGHT_MARKS}*"
    r"(?P<name>[^\n]{2,80}?)\s*[.,]?\s*(?:all rights reserved\.?)?\s*$",
    re.IGNORECASE,
)
_DISCLAIMER = re.compile(r"^disclaimer\s*:\s*(?P<name>[^,\n]{2,80}?),\s+its\b", re.IGNORECASE)


def page_self_name(text: str, *, aliases: Mapping[str, str] | None = None) -> str | None:
    """Return the name a page gives itself in its copyright line or disclaimer, or None.

    The last copyright line wins (a site's footer follows any body it copied), then a disclaimer
    of the form "Disclaimer: NAME, its managers...". The name passes :func:`site_name` (no
    year, no "Copyright", a web address becomes its domain) and must look like an outlet.
    """
    aliases = OUTLET_ALIASES if aliases is None else aliases
    copyright_name = disclaimer_name = None
    for _, _, line in _lines(text or ""):
        m = _COPYRIGHT.match(line)
        if m:
            name = site_name(m.group("name"), aliases=aliases)
            if name and _looks_like_outlet(name, aliases=aliases):
                copyright_name = name
            continue
        m = _DISCLAIMER.match(line)
        if m and disclaimer_name is None:
            name = site_name(m.group("name"), aliases=aliases)
            if name and _looks_like_outlet(name, aliases=aliases):
                disclaimer_name = name
    return copyright_name or disclaimer_name


# Where a site's name field holds a social network's or a blogging platform's address or name
# (article:publisher is often the site's Facebook page), the field does not name the site.
_PLATFORM_DOMAINS = frozenset({
    "facebook.com", "twitter.com", "x.com", "instagram.com", "youtube.com", "linkedin.com",
    "t.co", "t.me", "tiktok.com", "pinterest.com", "google.com", "blogger.com", "blogspot.com",
    "wordpress.com", "wordpress.org",
})
# Words that templates leave in a site-name field: they name no outlet.
_GENERIC_SITE_NAMES = frozenset({
    "blogger", "wordpress", "blogspot", "home", "homepage", "hosted", "index", "website",
    "site", "web", "blog", "news", "untitled", "default", "copyright",
})
# "LinkNaija | Nigeria's popular news platform": a name, then a tagline or a section.
_TAGLINE_SPLIT = re.compile(r"\s+(?:[|·•»:]|::|[-–—])\s+")
_COPYRIGHT_START = re.compile(r"^(?:copyright\b|©|\(c\))", re.IGNORECASE)
_RIGHTS_RESERVED = re.compile(r"[\s.,;:|-]*all\s+rights\s+reserved\.?\s*$", re.IGNORECASE)
_DATE_WORD = re.compile(
    rf"^(?:\d+(?:st|nd|rd|th)?|{_MONTHS}|(?:mon|tues|wednes|thurs|fri|satur|sun)day)$",
    re.IGNORECASE,
)


def _spelling_key(name: str) -> str:
    """Letters and digits of a name, case-folded: "PolitiFact" and "Politi fact" agree."""
    return re.sub(r"[\W_]+", "", name.casefold())


def site_name(
    name: object, *, url: object = None, aliases: Mapping[str, str] | None = None
) -> str | None:
    """The outlet name that a page's site-name field (or footer) gives, or None if it names none.

    ``name`` is what a page declares (``og:site_name``, a JSON-LD publisher, a copyright
    line's name); ``url`` is the page's address when known. Rules, each because the field
    is known to hold something other than a name:

    * a social-media handle ("@politifact") is not a display name: None;
    * a web address (with a scheme, a path or "www.") becomes its registrable domain, unless it
      is a social network's or a blog platform's (article:publisher often holds the site's
      Facebook page): None;
    * copyright marks and years are dropped ("Copyright © 2014 Ascom" → "Ascom", "Copyright
      2014" → None), as is "All rights reserved";
    * a tagline after " | ", " - ", " – ", " : " goes ("LinkNaija | Nigeria's popular news
      platform" → "LinkNaija");
    * nothing but a date or a year, a template word ("Hosted" on hosted.ap.org, "Home",
      "Blogger"), or more than 8 words: None;
    * with ``url``: a name that is only the page's domain label in lower case ("nj" on nj.com,
      "cleveland" on cleveland.com) is the address without its suffix: None (the caller falls
      back to the registrable domain, "nj.com").
    """
    aliases = OUTLET_ALIASES if aliases is None else aliases
    if is_missing(name):
        return None
    s = " ".join(str(name).split())
    if not s or s.startswith("@"):
        return None
    m = _URL_OR_DOMAIN.match(s) if " " not in s else None
    if m and ("://" in s or "/" in s or s.casefold().startswith("www")):
        domain = _registrable_domain(m.group("host"))
        return None if domain in _PLATFORM_DOMAINS else domain
    if _COPYRIGHT_START.match(s):
        s = re.sub(rf"^{_COPYRIGHT_MARKS}+", "", s, flags=re.IGNORECASE)
    s = _RIGHTS_RESERVED.sub("", s)
    s = _TAGLINE_SPLIT.split(s, maxsplit=1)[0].strip(_EDGE_PUNCT)
    if not s or not any(c.isalpha() for c in s):
        return None
    words = s.split()
    if len(words) > 8 or len(s) > 80 or all(_DATE_WORD.match(w.strip(",.")) for w in words):
        return None
    key = _spelling_key(s)
    if key in _GENERIC_SITE_NAMES and not _alias(s, aliases):
        return None
    if _is_address(s) and _registrable_domain(_URL_OR_DOMAIN.match(s).group("host")) in _PLATFORM_DOMAINS:
        return None
    host = _host(url)
    if host and s == s.lower() and key == _spelling_key(domain_label(host)):
        return None
    return s


def _host(url: object) -> str | None:
    if is_missing(url):
        return None
    m = _URL_OR_DOMAIN.match(str(url).strip())
    return m.group("host").lower() if m else None


_SOURCE_RANK = {"option": 0, "metadata": 1, "domain": 2, "folder": 3}


def unify_outlet_spellings(outlets, sources, urls=None) -> list:
    """One spelling per outlet: case and spacing variants, and domain fallbacks, merged.

    ``outlets``, ``sources`` (``_outlet_source`` values: option, metadata, domain, folder) and
    ``urls`` are aligned sequences. Two rules, both within the table:

    * names that differ only in case, spaces or punctuation ("PolitiFact", "Politifact",
      "Inexhibit magazine", "Inexhibitmagazine") take one spelling: the best-sourced (given
      as an option, then declared by a page, then a domain, then a folder), then the most
      frequent, then the one with more capital letters (tools lower-case a brand's spelling,
      they do not invent capitals), then the first alphabetically;
    * an outlet that is only the registrable domain of its pages (source ``domain``: the page
      named nothing usable) takes the name that other pages on that domain declare.

    Outlets given as an option are never renamed. Returns the new outlet list. Computed from
    the counts of :func:`outlet_counts` (what a table of any size reduces to), so the answer for
    a table split in parts is that for the whole table.
    """
    outlets = list(outlets)
    sources = list(sources)
    urls = list(urls) if urls is not None else [None] * len(outlets)
    counts = _count_outlets(outlets, sources, urls, None)
    renamed = _unified_spellings(counts)
    return [_renamed(renamed, o, s) for o, s in zip(outlets, sources, strict=True)]


def _count_outlets(outlets, sources, urls, aliases) -> Counter:
    """Counter of (outlet, source, registrable domain of a declared page's URL, outlet key of the
    URL): what every table-wide rule of origin attribution needs, a few rows per site."""
    counts: Counter = Counter()
    for outlet, source, url in zip(outlets, sources, urls, strict=True):
        name = outlet if isinstance(outlet, str) else None
        host = _host(url)
        domain = (
            _registrable_domain(host)
            if host and name is not None and source in ("metadata", "option")
            else None
        )
        url_key = outlet_key(url, aliases=aliases) if isinstance(url, str) and url.strip() else None
        counts[(name, source, domain, url_key)] += 1
    return counts


def _unified_spellings(counts: Counter) -> dict[tuple[str, object], str]:
    """(outlet, source) -> the outlet's one spelling (rules of :func:`unify_outlet_spellings`)."""
    names: dict[str, Counter] = {}
    best_source: dict[str, int] = {}
    for (outlet, source, _, _), n in counts.items():
        if outlet is None or not outlet.strip():
            continue
        key = _spelling_key(outlet)
        rank = _SOURCE_RANK.get(source, 1)
        if key not in best_source or rank < best_source[key]:
            best_source[key] = rank
            names[key] = Counter()
        if rank == best_source[key]:
            names[key][outlet] += n
    chosen = {
        key: min(c.items(), key=lambda kv: (-kv[1], -sum(ch.isupper() for ch in kv[0]), kv[0]))[0]
        for key, c in names.items()
    }
    # declared names by the registrable domain of their pages
    by_domain: dict[str, Counter] = {}
    for (outlet, _, domain, _), n in counts.items():
        if domain is not None:
            by_domain.setdefault(domain, Counter())[chosen[_spelling_key(outlet)]] += n
    renamed: dict[tuple[str, object], str] = {}
    for outlet, source, _, _ in counts:
        if outlet is None or not outlet.strip() or source == "option":
            continue
        new = chosen.get(_spelling_key(outlet), outlet)
        if source == "domain" and outlet in by_domain:
            new = min(by_domain[outlet].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if new != outlet:
            renamed[(outlet, source)] = new
    return renamed


def _renamed(renamed: dict, outlet, source):
    if not isinstance(outlet, str):
        return outlet
    return renamed.get((outlet, source), outlet)


# --------------------------------------------------------------------------- the stage


@dataclass(frozen=True)
class OriginPlan:
    """What origin attribution needs to know of the whole table before it reads a page: each
    outlet's one spelling (:func:`unify_outlet_spellings`) and which name of the table an
    origin's loose key stands for. Built by :func:`origin_plan` from the :func:`outlet_counts`
    of the table, or of its parts added up."""

    renamed: dict
    spelling: dict
    unify: bool


def _self_named(df: pd.DataFrame, aliases: Mapping[str, str]) -> tuple[list, list | None]:
    """The outlets after self-naming (a page read from a folder that names itself in a footer)
    and the ``_outlet_source`` values (None when the table has no such column)."""
    outlets = list(df["outlet"].astype("object"))
    if "_outlet_source" not in df.columns:
        return outlets, None
    texts = df["text"].astype("object").where(df["text"].notna(), "")
    sources = list(df["_outlet_source"].astype("object"))
    for i, text in enumerate(texts):
        if sources[i] == "folder":
            name = page_self_name(text, aliases=aliases)
            if name:
                outlets[i] = normalize_outlet(name, aliases=aliases)
                sources[i] = "metadata"
    return outlets, sources


def outlet_counts(df: pd.DataFrame, *, aliases: Mapping[str, str] | None = None) -> Counter:
    """The table-wide facts origin attribution needs, for one part of a table: a Counter of
    (outlet, outlet source, domain of a declared page, outlet key of the page's URL) after
    self-naming. Counters of the parts of a table add up to the whole table's; a few rows per
    site, whatever the number of pages."""
    aliases = OUTLET_ALIASES if aliases is None else aliases
    outlets, sources = _self_named(df, aliases)
    urls = list(df["url"].astype("object")) if "url" in df.columns else [None] * len(df)
    return _count_outlets(outlets, sources or [None] * len(outlets), urls, aliases)


def origin_plan(
    counts: Counter, *, unify: bool = True, aliases: Mapping[str, str] | None = None
) -> OriginPlan:
    """The :class:`OriginPlan` of a table from its :func:`outlet_counts` (``unify``: the table
    has ``_outlet_source``, so spellings are unified; ``aliases`` as for :func:`outlet_key`)."""
    aliases = OUTLET_ALIASES if aliases is None else aliases
    renamed = _unified_spellings(counts) if unify else {}
    # Spellings of the outlets in this table, by loose key, so that an origin named "The Northern
    # Ledger" takes the spelling "northernledger.example" when that outlet's own pages are here,
    # and "atlasbroadcast.net" the name "Atlas Broadcast Network" of the outlet whose pages
    # have URLs on that domain. Ties go to the name first in alphabetical order.
    pairs: Counter[tuple[str, str]] = Counter()
    for (outlet, source, _, url_key), n in counts.items():
        outlet = _renamed(renamed, outlet, source)
        if outlet is None or not outlet.strip():
            continue
        pairs[(outlet_key(outlet, aliases=aliases), outlet)] += n
        if url_key is not None:
            pairs[(url_key, outlet)] += n
    best: dict[str, tuple[int, str]] = {}
    for (key, name), n in pairs.items():
        if key and (key not in best or (-n, name) < (-best[key][0], best[key][1])):
            best[key] = (n, name)
    return OriginPlan(renamed=renamed, spelling={k: v[1] for k, v in best.items()}, unify=unify)


# Words a name can end with or lose without naming another outlet: "SOURCE: Al Jazeera News" on
# an Al Jazeera page names the page's own outlet.
_NAME_SUFFIXES = frozenset({"news", "online", "digital", "media", "network", "com"})


def _core_key(name: object, aliases: Mapping[str, str]) -> str:
    words = str(name).strip(_EDGE_PUNCT).split() if not is_missing(name) else []
    while len(words) > 1 and words[-1].casefold().strip(_EDGE_PUNCT) in _NAME_SUFFIXES:
        words = words[:-1]
    return outlet_key(" ".join(words), aliases=aliases)


def _same_outlet(a: object, b: object, aliases: Mapping[str, str]) -> bool:
    """``a`` and ``b`` name one outlet: same loose key, also once a trailing "News",
    "Online", "Media", ... is dropped ("Al Jazeera News" and "Al Jazeera")."""
    key_a, key_b = outlet_key(a, aliases=aliases), outlet_key(b, aliases=aliases)
    if key_a and key_a == key_b:
        return True
    core_a, core_b = _core_key(a, aliases), _core_key(b, aliases)
    return bool(core_a) and core_a == core_b


def attribute_origin(
    df: pd.DataFrame,
    *,
    aliases: Mapping[str, str] | None = None,
    plan: OriginPlan | None = None,
) -> pd.DataFrame:
    """Return a copy of ``df`` with ``origin_outlet`` and ``origin_evidence`` set from its text.

    Reads columns ``text`` and ``outlet`` (and ``_outlet_source`` when present; see the module
    docstring for self-naming). ``origin_outlet`` is the canonical name of the origin the text
    names, or ``outlet`` unchanged when it names none or names the outlet itself;
    ``origin_evidence`` holds the words that attributed it ("" when none). Other columns are
    kept as they are. ``plan``: the table-wide facts (:func:`origin_plan`) when ``df`` is one
    part of a larger table; by default those of ``df`` itself.
    """
    for col in ("text", "outlet"):
        if col not in df.columns:
            raise ValueError(f"attribute_origin: the table has no {col!r} column")
    aliases = OUTLET_ALIASES if aliases is None else aliases
    if plan is None:
        plan = origin_plan(
            outlet_counts(df, aliases=aliases), unify="_outlet_source" in df.columns,
            aliases=aliases,
        )
    out = df.copy()
    texts = out["text"].astype("object").where(out["text"].notna(), "")
    outlets, sources = _self_named(out, aliases)
    if sources is not None and plan.unify:
        # one spelling per outlet (PolitiFact / Politifact; a domain fallback takes the name
        # the site's other pages declare)
        outlets = [_renamed(plan.renamed, o, s) for o, s in zip(outlets, sources, strict=True)]
    origins, evidence = [], []
    for text, outlet in zip(texts, outlets, strict=True):
        found = find_origin(text, aliases=aliases)
        if found is None:
            origins.append(outlet)
            evidence.append("")
            continue
        name, words = found
        key = outlet_key(name, aliases=aliases)
        if _same_outlet(name, outlet, aliases):
            origins.append(outlet)  # the outlet's own piece, under another spelling
            evidence.append("")
        else:
            origins.append(plan.spelling.get(key) or normalize_outlet(name, aliases=aliases))
            evidence.append(words)
    dtype = out["outlet"].dtype
    out["outlet"] = pd.Series(outlets, index=out.index, dtype=dtype)
    out["origin_outlet"] = pd.Series(origins, index=out.index, dtype=dtype)
    out["origin_evidence"] = pd.Series(evidence, index=out.index, dtype="string")
    return out
