"""Boilerplate removal: cut site furniture from scraped pages so only the article is scored.

A scraped page carries navigation, sign-up forms, teasers of other stories, disclaimers and
copyright lines. Scored as text, the teasers charge the outlet with words from other stories.
:func:`clean_corpus` works line by line (a line is a paragraph in ingested text) and uses two
signals, as template-detection tools do:

**(a) Markers.** Lines whose shape says "furniture" wherever they appear:

* labels that are the whole line: "Connect with us", "Share", "Advertisement", "Editor's Pick",
  "Related", "Read more", "You May Also Like", "Hi, what are you looking for?" (:data:`LABELS`);
* line openings: "Disclaimer:", "Copyright", "©", "READ MORE: ...", "Tags:", "Updated ..."
  time stamps (:data:`PREFIXES`), and bylines ("By Jane Doe, CNN", short and without a full
  stop);
* sign-up and consent phrases ("sign up for our", "enter your information", "by opting in",
  "we hate spam", "all rights reserved": :data:`PHRASES`) in a line of at most
  :data:`PHRASE_MAX_WORDS` words, when the line opens with one, or holds two different ones, or
  has one within its first :data:`PHRASE_LEAD_WORDS` words and speaks to the reader ("you",
  "your", "our", "us"). A phrase in a sentence about someone else is left alone: it is
  reported speech ("residents are asked whether they want to sign up for the council's
  newsletter");
* credit lines naming people: "Reporting by Jane Roe; Editing by John Doe", "(Additional
  reporting by ...)" (a capitalised name must follow "by": "Editing by hand of the lists" is
  article text);
* the origin attribution line itself ("This post appeared first on cnn.com"; see
  :func:`analysis.corpus.origin.attribution_line_spans`);
* teaser blocks: after the article has started, a block heading (:data:`BLOCK_HEADINGS`:
  "You May Also Like", "Related stories", "Read more", "More from ...") opens a block in which
  every line is a teaser until a line of article text ends it: prose (a sentence-like line — it
  ends in . ! or ?, possibly inside a closing quote, and is not cut off with "..." or "…" — of
  at least ``short_line_words`` words) or a sentence of four or more words ending in . or !
  (teaser headlines do not end in a full stop; they do ask questions). Before the article
  starts, the same headings are plain labels, so a "Trending" bar above the headline does not
  swallow the headline.

**(b) Repetition within a site.** A line (compared case-insensitively, spaces collapsed) that
appears on at least ``min_pages`` different pages of the same ``outlet`` is site furniture,
whatever its words — this is what cleans a site whose furniture no marker knows. Journalism
repeats too, so the rule is held back in three ways:

* ``min_pages`` defaults to 3: two copies of one story on a site do not make its sentences
  furniture;
* a repeated line is cut when it is *not prose* (shorter than ``short_line_words`` words, or not
  sentence-like: "— Story continues below —", a site slogan, a nav bar) or when it belongs to
  the run of furniture that reaches the top or the bottom of the page (headers, footers, promo
  blocks). A repeated *prose* line inside the body, with article text before and after it — a
  background paragraph an outlet reuses across its stories on one conflict, a quote it repeats
  in follow-ups — is kept: it is the outlet's own framing and must be scored;
* a page whose prose lines are mostly (more than ``max_copy_share``) repeated elsewhere on the
  site is a copy of another page, not a page of furniture; the repetition rule is not applied to
  it (markers still are) and a warning names it.

The rule needs several pages of the site in the corpus; with one page only markers apply.

**Headline.** When ``title`` is missing, the first line left at the top of the page (before the
first prose line) becomes the title when it looks like a headline: :data:`TITLE_MIN_WORDS` to
:data:`TITLE_MAX_WORDS` words, not ending in . , ; or :, not a byline, with article text after
it. For the seed page this is
the line after "Editor's Pick". When ``title`` is given and the page repeats it as its first
line, that line is taken out of the body. A headline moved to ``title`` is not boilerplate and is
not added to ``removed_text``.

Every line cut is appended, in page order, to ``removed_text`` so a researcher can audit the cut.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .origin import attribution_line_spans
from .schema import is_missing

__all__ = [
    "BLOCK_HEADINGS",
    "LABELS",
    "PHRASES",
    "PHRASE_LEAD_WORDS",
    "PHRASE_MAX_WORDS",
    "PREFIXES",
    "TITLE_MAX_WORDS",
    "TITLE_MIN_WORDS",
    "LineCounts",
    "clean_corpus",
    "clean_page",
    "clean_pages",
    "line_counts",
    "line_keys",
    "line_support",
    "warn_copies",
]


# Block headings: each is also a label (cut wherever it stands alone on a line).
BLOCK_HEADINGS = (
    r"(?:related|more)(?:\s+(?:articles?|stories|news|posts|content|coverage|reading|links))?"
    r"|read\s+(?:more|next|also)|also\s+read|see\s+also|more\s+from\s+[\w .&'’-]{1,40}"
    r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)|don['’]?t\s+miss|what\s+to\s+read\s+next"
    r"|recommended(?:\s+(?:for\s+you|stories|reading|articles))?"
    r"|most\s+(?:popular|read|viewed|shared)|popular(?:\s+(?:posts|stories|now))?"
    r"|trending(?:\s+(?:now|stories|topics))?|top\s+stories|latest(?:\s+(?:news|posts|stories))?"
    r"|editor['’]?s\s+picks?|in\s+case\s+you\s+missed\s+it|further\s+reading"
)
LABELS = (
    BLOCK_HEADINGS
    + r"|connect\s+with\s+us|follow\s+us|share(?:\s+this(?:\s+(?:article|story|post|page))?)?"
    r"|share\s+(?:on|via)\s+(?:facebook|twitter|x|whatsapp|linkedin|telegram|email|reddit)"
    r"|tweet|e-?mail|print|comments?|\d+\s+comments?|advertisement|advertising|ad"
    r"|sponsored(?:\s+content)?|skip\s+to(?:\s+main)?\s+content|menu|home|search|close"
    r"|log\s*in|sign\s*in|register|subscribe(?:\s+now)?|newsletters?|sign\s+up"
    r"|leave\s+a\s+(?:comment|reply)|load\s+more|show\s+more|back\s+to\s+top"
    r"|cookie\s+(?:settings|policy|preferences)|accept(?:\s+all)?\s+cookies|privacy\s+policy"
    r"|terms\s+(?:of\s+(?:use|service)|and\s+conditions)|contact\s+us|about\s+us"
    r"|advertise\s+with\s+us|all\s+rights\s+reserved|photo\s+gallery|watch|listen"
    r"|listen\s+to\s+this\s+article|\d+\s+min(?:ute)?s?\s+read"
    r"|(?:hi,?\s+)?what\s+are\s+you\s+looking\s+for\??|type\s+(?:here\s+)?to\s+search"
    r"|press\s+enter\s+to\s+search"
)
PREFIXES = (
    r"disclaimer\s*:|copyright\b|©|\(c\)\s*\d{4}"
    r"|(?:read\s+(?:more|also|next)|also\s+read|related|see\s+also|more|watch|listen"
    r"|recommended|don['’]?t\s+miss)\s*(?::|\||»|›|>|→)"
    r"|(?:tags|filed\s+under|topics|categories)\s*:"
    r"|(?:updated|published|last\s+updated|posted)\b[^\n]{0,60}\d[^\n.!?]{0,40}$"
)
PHRASES = (
    r"sign\s+up\s+(?:for|to)\s+(?:our|the|free)|subscribe\s+to\s+(?:our|the)"
    r"|enter\s+your\s+(?:email|e-mail|information|details)|by\s+opting\s+in"
    r"|opt[- ]?out\s+(?:at\s+)?any\s*time|unsubscribe\s+at\s+any\s+time|we\s+hate\s+spam"
    r"|your\s+information\s+is\s+secure|your\s+privacy\s+is\s+(?:protected|important)"
    r"|all\s+rights\s+reserved|delivered\s+(?:straight\s+)?to\s+your\s+inbox"
    r"|follow\s+us\s+on\s+(?:twitter|facebook|x|instagram|telegram|linkedin|youtube)"
    r"|click\s+here\s+to|(?:this|our)\s+(?:site|website)\s+uses\s+cookies|we\s+use\s+cookies"
    r"|join\s+our\s+(?:mailing\s+list|newsletter|telegram)|download\s+(?:our|the)\s+app"
)
PHRASE_MAX_WORDS = 60
"""Sign-up and consent phrases mark a line only when the line is at most this long."""
PHRASE_LEAD_WORDS = 12
"""... and only when the first phrase starts within this many words of the line's start, or
the line holds two different phrases."""
TITLE_MIN_WORDS = 3
TITLE_MAX_WORDS = 30

_TRAIL = r"\s*[:|»›>→.…-]*\s*"
_LABEL_RE = re.compile(rf"^(?:{LABELS}){_TRAIL}$", re.IGNORECASE)
_BLOCK_RE = re.compile(rf"^(?:{BLOCK_HEADINGS}){_TRAIL}$", re.IGNORECASE)
_PREFIX_RE = re.compile(rf"^(?:{PREFIXES})", re.IGNORECASE)
_PHRASE_RE = re.compile(PHRASES, re.IGNORECASE)
# Credit lines name people: "Reporting by Jane Roe; Editing by John Doe", "(Additional reporting
# by ...)". The name must be capitalised, so "Editing by hand of the lists ..." is not a credit.
_CREDIT_RE = re.compile(
    r"^\(?(?i:additional\s+)?(?i:reporting|writing|editing|edited|compiled)\s+(?i:by)\s+[A-Z]"
)
# Every phrase of PHRASES contains one of these words.
_PHRASE_KEYWORDS = ("sign", "subscri", "enter", "opt", "spam", "information", "privacy",
                    "rights", "inbox", "follow", "click", "cookie", "join", "download")
_READER_RE = re.compile(r"\b(?:you|your|our|us)\b", re.IGNORECASE)
_BYLINE_RE = re.compile(
    r"^(?i:by)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}(?:\s*(?:,|and|&|\|)\s*.*)?$"
)
_SENTENCE_END = re.compile(r"[.!?][”’\"')\]]*$")
_STATEMENT_END = re.compile(r"[.!][”’\"')\]]*$")
_TRUNCATED = re.compile(r"(?:\.\.\.|…)[”’\"')\]]*$")
_NOT_HEADLINE_END = re.compile(r"[.,;:][”’\"')\]]*$")


def _words(line: str) -> int:
    return len(line.split())


def _sentence_like(line: str) -> bool:
    return bool(_SENTENCE_END.search(line)) and not _TRUNCATED.search(line)


def _is_prose(line: str, short_line_words: int) -> bool:
    return _sentence_like(line) and _words(line) >= short_line_words


def _ends_block(line: str, prose: bool) -> bool:
    """Article text after a teaser block: prose, or a short sentence ending in . or !.

    Teaser headlines do not end in a full stop and teaser blurbs are cut off with "...";
    a question mark ends a block only on a long line, since headlines ask questions.
    """
    if prose:
        return True
    return _words(line) >= 4 and bool(_STATEMENT_END.search(line)) and not _TRUNCATED.search(line)


def _is_marker(line: str) -> bool:
    if _LABEL_RE.match(line) or _PREFIX_RE.match(line):
        return True
    n = _words(line)
    if n <= 60 and _CREDIT_RE.match(line):
        return True
    if n <= 10 and not _SENTENCE_END.search(line) and _BYLINE_RE.match(line):
        return True
    if n > PHRASE_MAX_WORDS:
        return False
    low = line.casefold()
    if not any(k in low for k in _PHRASE_KEYWORDS):
        return False  # cheap test first: scanning every line with the phrase regex is slow
    hits = list(_PHRASE_RE.finditer(line))
    if not hits:
        return False
    # A sign-up pitch opens its line, or speaks to the reader early on, or piles up phrases;
    # a phrase in a sentence about someone else is reported speech ("residents are asked
    # whether they want to sign up for the council's newsletter").
    lead = _words(line[: hits[0].start()])
    return (
        lead == 0
        or (lead < PHRASE_LEAD_WORDS and bool(_READER_RE.search(line)))
        or len({h.group().casefold() for h in hits}) >= 2
    )


def _norm_line(line: str) -> str:
    return " ".join(line.casefold().split())


def _headline_shaped(line: str) -> bool:
    return (
        TITLE_MIN_WORDS <= _words(line) <= TITLE_MAX_WORDS
        and len(line) <= 250
        and not _NOT_HEADLINE_END.search(line)
        and not _TRUNCATED.search(line)
        and (line[0].isupper() or line[0].isdigit() or line[0] in "“\"‘'")
        and not _BYLINE_RE.match(line)
    )

_BLANK, _BODY, _CUT, _TITLE = 0, 1, 2, 3


class _Lines:
    """A page's lines with the per-line verdicts every rule needs, computed once."""

    __slots__ = ("lines", "marker", "prose")

    def __init__(self, text: str, short_line_words: int, aliases: Mapping[str, str] | None):
        self.lines = [ln.strip() for ln in text.split("\n")]
        attribution = _attribution_lines(text, aliases)
        self.prose = [bool(ln) and _is_prose(ln, short_line_words) for ln in self.lines]
        self.marker = [
            bool(ln) and (i in attribution or _is_marker(ln)) for i, ln in enumerate(self.lines)
        ]

    def is_copy(self, repeated: Sequence[bool], max_copy_share: float) -> bool:
        """Most of the page's prose lines (not markers) repeat on other pages of its outlet."""
        prose = [i for i, p in enumerate(self.prose) if p and not self.marker[i]]
        shared = sum(1 for i in prose if repeated[i])
        return bool(prose) and shared > max_copy_share * len(prose)


def _page_kinds(page: _Lines, repeated: Sequence[bool]) -> list[int]:
    """Kind of every line: blank, body or cut (furniture).

    ``repeated[i]`` says line i passes the repetition test; the position rules of the module
    docstring decide whether it is cut.
    """
    lines, prose = page.lines, page.prose
    n = len(lines)
    kinds = [_BLANK if not ln else _BODY for ln in lines]
    marker = list(page.marker)
    # Teaser blocks, only once the article has started.
    started = in_block = False
    for i in range(n):
        if kinds[i] == _BLANK:
            continue
        if marker[i]:
            if started and _BLOCK_RE.match(lines[i]):
                in_block = True
            continue
        if in_block:
            if _ends_block(lines[i], prose[i]):
                in_block = False
            else:
                marker[i] = True
                continue
        if not started and prose[i] and not repeated[i]:
            started = True
    # Repeated lines: cut when not prose, or when in the furniture run touching an edge.
    edge = [False] * n
    for order in (range(n), range(n - 1, -1, -1)):
        for i in order:
            if kinds[i] == _BLANK:
                continue
            if not (marker[i] or repeated[i]):
                break
            edge[i] = True
    for i in range(n):
        if kinds[i] != _BODY:
            continue
        if marker[i] or (repeated[i] and (edge[i] or not prose[i])):
            kinds[i] = _CUT
    return kinds


def _set_title(page: _Lines, kinds: list[int], title: object) -> str | None:
    """Mark the headline line (kind _TITLE); return the title to store (None: unchanged)."""
    first = next((i for i, k in enumerate(kinds) if k == _BODY), None)
    if first is None:
        return None
    line = page.lines[first]
    if not is_missing(title):
        if _norm_line(line) == _norm_line(str(title)):
            kinds[first] = _TITLE
        return None
    has_body_after = any(k == _BODY for k in kinds[first + 1 :])
    if has_body_after and not page.prose[first] and _headline_shaped(line):
        kinds[first] = _TITLE
        return line
    return None


def _assemble(lines: Sequence[str], kinds: Sequence[int]) -> tuple[str, str]:
    body = "\n".join(ln for ln, k in zip(lines, kinds, strict=True) if k in (_BODY, _BLANK))
    body = re.sub(r"\n{3,}", "\n\n", body).strip()
    removed = "\n".join(ln for ln, k in zip(lines, kinds, strict=True) if k == _CUT)
    return body, removed


def clean_page(
    text: str,
    *,
    title: object = None,
    repeated: Sequence[bool] | None = None,
    short_line_words: int = 12,
    extract_title: bool = True,
    aliases: Mapping[str, str] | None = None,
) -> tuple[str, str, str | None]:
    """Clean one page with the marker rules; return ``(body, removed, title)``.

    ``repeated`` (one flag a line of ``text.split("\\n")``) adds the repetition rule's verdicts,
    as :func:`clean_corpus` computes them across a site. ``title`` is the page's title when
    known; the returned title is the headline found on the page when ``title`` was missing
    (None when there was none), else ``title`` unchanged. ``removed`` holds the cut lines in page
    order, one per line. ``extract_title=False`` leaves the title and the page's first line alone;
    ``aliases`` replaces :data:`analysis.origin.OUTLET_ALIASES` in finding attribution lines.
    """
    page = _Lines(text or "", short_line_words, aliases)
    return _clean(page, title, repeated, extract_title)


def _clean(page: _Lines, title: object, repeated: Sequence[bool] | None, extract_title: bool):
    n = len(page.lines)
    if repeated is None:
        repeated = [False] * n
    if len(repeated) != n:
        raise ValueError(f"clean_page: {len(repeated)} repetition flags for {n} lines")
    kinds = _page_kinds(page, repeated)
    found = _set_title(page, kinds, title) if extract_title else None
    body, removed = _assemble(page.lines, kinds)
    new_title = found if found is not None else (None if is_missing(title) else str(title))
    return body, removed, new_title


def _attribution_lines(text: str, aliases: Mapping[str, str] | None) -> set[int]:
    # a span covers one whole line: its index is the number of line breaks before it
    return {text.count("\n", 0, s) for s, _, _ in attribution_line_spans(text, aliases=aliases)}


_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant: an outlet's hash mixed with a line's


def _normalized_lines(texts: Sequence[str]) -> tuple[list[str], np.ndarray, list[int]]:
    keys: list[str] = []
    page_of: list[int] = []
    sizes: list[int] = []
    for p, text in enumerate(texts):
        lines = [_norm_line(ln) for ln in (text or "").split("\n")]
        sizes.append(len(lines))
        keys.extend(lines)
        page_of.extend([p] * len(lines))
    return keys, np.asarray(page_of, dtype=np.int64), sizes


def _line_hashes(texts: Sequence[str], outlets: Sequence[object]):
    """Every line's key (its outlet's and its normalised text's stable 64-bit hashes mixed), the
    page of each line, the pages' line counts and which lines are blank."""
    names = pd.Series(list(outlets), dtype="object").fillna("").astype(str).to_numpy(dtype=object)
    outlet_hash = pd.util.hash_array(names, categorize=True) if len(names) else np.empty(0, np.uint64)
    lines, page_of, sizes = _normalized_lines(texts)
    if not lines:
        return np.empty(0, np.uint64), page_of, sizes, np.empty(0, bool)
    hashes = pd.util.hash_array(np.asarray(lines, dtype=object))
    keys = outlet_hash[page_of] * _MIX + hashes  # uint64 arithmetic wraps
    blank = np.fromiter((k == "" for k in lines), dtype=bool, count=len(lines))
    return keys, page_of, sizes, blank


def line_keys(texts: Sequence[str], outlets: Sequence[object]) -> np.ndarray:
    """The (outlet, line) keys of one part of a corpus, each page's distinct non-blank lines once:
    what :func:`line_counts` counts. Lines are compared case-insensitively with spaces collapsed;
    a key is a stable 64-bit hash (the same in every process), 8 bytes a line."""
    keys, page_of, _, blank = _line_hashes(texts, outlets)
    if not len(keys):
        return keys
    table = pd.DataFrame({"p": page_of[~blank], "k": keys[~blank]}).drop_duplicates()
    return table["k"].to_numpy(dtype=np.uint64)


@dataclass(frozen=True)
class LineCounts:
    """How many pages of its outlet hold each line that is on two pages or more (sorted keys of
    :func:`line_keys` and their counts); a line not listed is on its own page only."""

    keys: np.ndarray
    counts: np.ndarray


def line_counts(parts: Iterable[np.ndarray]) -> LineCounts:
    """Add up the :func:`line_keys` of the parts of a corpus: the number of pages of its outlet
    holding each line, kept for the lines on two pages or more (the rest are on one page)."""
    parts = [np.asarray(p, dtype=np.uint64) for p in parts]
    keys = np.concatenate(parts) if parts else np.empty(0, np.uint64)
    uniq, counts = np.unique(keys, return_counts=True)
    shared = counts >= 2
    return LineCounts(keys=uniq[shared], counts=counts[shared].astype(np.int64))


def line_support(
    texts: Sequence[str], outlets: Sequence[object], counts: LineCounts | None = None
) -> list[np.ndarray]:
    """For every page, the number of pages of its outlet that contain each of its lines.

    Lines are compared case-insensitively with spaces collapsed; blank lines get 0. Returns one
    int64 array a page, aligned with ``text.split("\\n")``. ``counts``: the :class:`LineCounts`
    of the whole corpus when ``texts`` are one part of it (default: those of ``texts``). Counting
    is vectorised (stable 64-bit hashes of the lines, by outlet), in memory proportional to the
    number of lines, not to pairs of pages.
    """
    if counts is None:
        counts = line_counts([line_keys(texts, outlets)])
    keys, _, sizes, blank = _line_hashes(texts, outlets)
    if not len(keys):
        return [np.zeros(s, dtype=np.int64) for s in sizes]
    support = np.ones(len(keys), dtype=np.int64)
    if len(counts.keys):
        at = np.minimum(np.searchsorted(counts.keys, keys), len(counts.keys) - 1)
        found = counts.keys[at] == keys
        support[found] = counts.counts[at[found]]
    support[blank] = 0
    out, pos = [], 0
    for s in sizes:
        out.append(support[pos : pos + s])
        pos += s
    return out


def clean_corpus(
    df: pd.DataFrame,
    *,
    min_pages: int = 3,
    short_line_words: int = 12,
    max_copy_share: float = 0.5,
    extract_title: bool = True,
    aliases: Mapping[str, str] | None = None,
    counts: LineCounts | None = None,
) -> pd.DataFrame:
    """Return a copy of ``df`` with site furniture cut from ``text`` (rules: module docstring).

    ``text`` becomes the article body; ``removed_text`` gets the cut lines appended in page order
    ("" when nothing was cut); ``title`` is filled from the page's headline where it was missing.
    ``min_pages`` is k of the repetition rule (a line on k or more pages of one outlet is
    furniture; ``None`` or 0 turns the rule off); ``short_line_words`` is the length below which
    a line is never article prose; ``max_copy_share`` is the share of a page's prose lines that,
    when repeated on other pages of its outlet, marks the page as a copy exempt from the rule;
    ``extract_title`` and ``aliases`` are as for :func:`clean_page`; ``counts`` are the
    :class:`LineCounts` of the whole corpus when ``df`` is one part of it. Reads ``text`` and
    ``outlet``; keeps every other column. ``n_tokens`` is not recomputed here. A warning names
    the pages the repetition rule was not applied to (:func:`clean_pages` returns them instead).
    """
    out, copies = clean_pages(
        df, min_pages=min_pages, short_line_words=short_line_words,
        max_copy_share=max_copy_share, extract_title=extract_title, aliases=aliases,
        counts=counts,
    )
    warn_copies(copies)
    return out


def warn_copies(copies: Sequence[str]) -> None:
    """One warning naming the pages that :func:`clean_pages` found to be copies."""
    if copies:
        more = f" and {len(copies) - 10} more" if len(copies) > 10 else ""
        shown = ", ".join(copies[:10]) + more
        warnings.warn(
            f"clean_corpus: the repeated-line rule was not applied to {len(copies)} page(s) whose "
            f"sentences mostly repeat on other pages of the same outlet (copies of one story, "
            f"not site furniture; markers were still applied): {shown}",
            stacklevel=3,
        )


def clean_pages(
    df: pd.DataFrame,
    *,
    min_pages: int = 3,
    short_line_words: int = 12,
    max_copy_share: float = 0.5,
    extract_title: bool = True,
    aliases: Mapping[str, str] | None = None,
    counts: LineCounts | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """:func:`clean_corpus` without the warning: the cleaned copy of ``df`` and the doc_ids of
    the pages found to be copies of others (the repetition rule was not applied to them)."""
    for col in ("text", "outlet"):
        if col not in df.columns:
            raise ValueError(f"clean_corpus: the table has no {col!r} column")
    if min_pages is not None and min_pages != 0 and min_pages < 2:
        raise ValueError(
            f"clean_corpus: min_pages must be 2 or more (or 0 to turn off), got {min_pages}"
        )
    out = df.copy()
    texts = [t if isinstance(t, str) else "" for t in out["text"].astype("object")]
    titles = list(out["title"].astype("object")) if "title" in out.columns else [None] * len(out)
    prior = (
        list(out["removed_text"].astype("object"))
        if "removed_text" in out.columns
        else [""] * len(out)
    )
    use_repetition = bool(min_pages)
    support = (
        line_support(texts, out["outlet"].astype("object"), counts) if use_repetition else None
    )
    copies: list[str] = []
    bodies, removed_all, new_titles = [], [], []
    for i, text in enumerate(texts):
        page = _Lines(text, short_line_words, aliases)
        repeated = None
        if use_repetition:
            repeated = [bool(n >= min_pages) for n in support[i]]
            if page.is_copy(repeated, max_copy_share):
                repeated = None
                copies.append(str(out["doc_id"].iloc[i]) if "doc_id" in out.columns else str(i))
        body, removed, title = _clean(page, titles[i], repeated, extract_title)
        bodies.append(body)
        before = "" if is_missing(prior[i]) else str(prior[i])
        removed_all.append("\n".join(p for p in (before, removed) if p))
        new_titles.append(title)
    text_dtype = out["text"].dtype
    out["text"] = pd.Series(bodies, index=out.index, dtype=text_dtype)
    out["removed_text"] = pd.Series(removed_all, index=out.index, dtype="string")
    title_dtype = out["title"].dtype if "title" in out.columns else "string"
    out["title"] = pd.Series(new_titles, index=out.index, dtype="object").astype(title_dtype)
    return out, copies
