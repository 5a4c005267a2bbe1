"""Paragraphs and sentences of news text, as character offsets, with NLTK's Punkt and no downloads.

Two levels, both returned as ``(start, end)`` offsets into the text (``text[start:end]`` has no
leading or trailing whitespace):

Paragraphs (:func:`paragraph_spans`)
    A blank line always ends a paragraph. A single line break also ends one, because extractors
    such as trafilatura write one paragraph per line, unless the document is *hard-wrapped*
    (plain-text wires and e-mail copies broken at ~70 characters). A document counts as
    hard-wrapped when it has at least three line breaks inside blank-line blocks, at least half
    of the lines before them end without sentence-final punctuation, and at least 60% of those
    lines are 30-100 characters long; its single line breaks are then read as spaces. A sentence
    never crosses a paragraph boundary.

Sentences (:class:`SentenceSplitter`)
    Punkt (Kiss & Strunk 2006) runs on each paragraph with parameters that need no data:

    * a fixed news abbreviation set (:data:`NEWS_ABBREVIATIONS`: titles such as "Gen.", months,
      "U.S.", "p.m." ...), so "At 1 p.m. local time Gen. Smith said" stays one sentence;
    * orthographic evidence for a few function words (:data:`SENTENCE_STARTERS`: "The", "He",
      "But", "In" ...), seeded as if seen lower-case inside sentences and capitalised at their
      start. After an abbreviation Punkt only starts a new sentence when the next word is known
      to begin sentences, so "in the U.S. The next day" splits, while "the U.S. Army" and
      "Gen. Smith" do not. The limit: "at 1 p.m. Azerbaijan said" stays one sentence, because
      nothing tells a name that begins a sentence from one that continues it.
    * optionally, parameters learned from the corpus itself (:meth:`SentenceSplitter.fit`), only
      when the corpus holds at least ``train_min_chars`` characters (Punkt learns junk
      abbreviations from small samples), always joined to the fixed set, and keeping learned
      abbreviations only when they look like abbreviations (see :func:`_filter_learned`).

    Quotation marks that close a sentence stay with it (``... fist.” The next`` splits after the
    closing mark). Curly quotes and guillemets are shown to Punkt as straight quotes (one
    character for one, so offsets do not move), which every NLTK version handles. Punkt breaks
    after "!" and "?" even inside a quotation; a piece that then starts with a lower-case letter
    after a closing quote, "!" or "?" is joined back to the sentence before it, so
    ``“... is Azerbaijan!” said a triumphant Aliyev.`` is one sentence.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from nltk.tokenize.punkt import (
    _ORTHO_BEG_UC,
    _ORTHO_MID_LC,
    PunktParameters,
    PunktSentenceTokenizer,
    PunktTrainer,
)

__all__ = [
    "NEWS_ABBREVIATIONS",
    "SENTENCE_STARTERS",
    "SentenceSplitter",
    "paragraph_spans",
    "split_sentences",
    "selected_texts",
    "training_candidates",
    "training_keys",
    "training_selection",
]


# Lower-case, without the final period, as Punkt stores them ("U.S." -> "u.s").
NEWS_ABBREVIATIONS: frozenset[str] = frozenset(
    # titles and ranks
    "mr mrs ms dr gen lt col maj capt sgt cpl adm cmdr brig rep sen gov pres prof st rev jr sr "
    "hon amb supt insp fr"
    # months (May is never abbreviated)
    " jan feb mar apr jun jul aug sep sept oct nov dec"
    # initialisms and times
    " u.s u.s.a u.k u.n e.u d.c p.m a.m i.e e.g a.d b.c"
    # other news abbreviations
    " no vs etc inc corp co ltd dept govt approx est fig vol al ft mt".split()
)

# Function words that begin sentences but are written lower-case inside them.
SENTENCE_STARTERS: frozenset[str] = frozenset(
    "the a an this that these those he she it we they his her its their our there here "
    "but and or so yet in on at for from with by after before during when while as if "
    "however meanwhile then some many most all both each".split()
)

_CURLY_TO_STRAIGHT = str.maketrans("“”„‟«»‹›‘’‚‛", '""""""' + "''''''")
# a non-empty line without its surrounding whitespace
_LINE = re.compile(r"\S(?:[^\n]*\S)?")
_SENTENCE_FINAL = frozenset(".!?:;\"”’»)]…'")
# a word ending with a period, and what follows it (a word after spaces, or punctuation)
_PERIOD_FINAL = re.compile(r"(?<![^\s\"'(])([^\s\"'(]+)\.(\s+\S|[\"'),;:\]]|$)")
_CLOSERS = frozenset("\"”’»›'")
# Punkt's candidate boundary (its period context) with curly quotes counted as punctuation
_CANDIDATE = re.compile(r"[.?!](?=(?P<after>[)\"';}\]*:@({\[?!“”‘’«»]|\s+(?P<next>\S+)))")
# closing punctuation that Punkt moves back onto the sentence it follows
_REALIGN = re.compile(r"[\"')\]}“”‘’«»]+?(?:\s+|(?=--)|$)")
_SPACE = re.compile(r"\s")
_PLAIN_WORD = re.compile(r"[\"'“”‘’«»(\[{]*([^\W\d_]{2,}(?:['’-][^\W\d_]+)*)")
_LEADING_PUNCT = re.compile(r"[\"“”‘’'«»(\[\s]*")
# punctuation that no sentence opens with
_NO_OPENERS = frozenset(",;:)]}")
# a sentence piece that ends with an initialism ("C.I.A.", "N.H.", "Ph.D."), not a lone initial
_INITIALISM_END = re.compile(r"(?<![\w.])(?:[A-Za-z][a-z]?\.){2,}$")

_DEFAULT_TRAIN_MIN = 100_000
_DEFAULT_TRAIN_MAX = 150_000
# No text contributes more than this to training: one huge document (a 19 MB page without line
# breaks) cannot take the sample over, nor run Punkt's regular expressions into their time limit.
_TRAIN_TEXT_MAX = 20_000
# Longer "sentences" are cut into pieces of at most this many characters (at a space when there
# is one): a sentence of news is a few hundred characters, a longer one is a page that lost its
# punctuation, and every per-sentence rule and stored sentence stays bounded by it.
MAX_SENTENCE_CHARS = 2_000


def _norm_abbreviation(a: str) -> str:
    a = a.strip().lower()
    return a[:-1] if a.endswith(".") else a


def _base_parameters(abbreviations: Iterable[str]) -> PunktParameters:
    params = PunktParameters()
    params.abbrev_types = set(NEWS_ABBREVIATIONS) | {_norm_abbreviation(a) for a in abbreviations}
    for word in SENTENCE_STARTERS:
        # seen capitalised at sentence starts and lower-case inside sentences
        params.ortho_context[word] |= _ORTHO_BEG_UC | _ORTHO_MID_LC
    return params


def _is_hard_wrapped(text: str, lines: Sequence[tuple[int, int]], single: Sequence[bool]) -> bool:
    """True when single line breaks look like line wrapping, not paragraph ends.

    ``lines`` are the non-empty lines (stripped); ``single[i]`` says whether line ``i`` is
    followed by a single line break (not a blank line, not the end).
    """
    n_breaks = n_mid = n_wrap_len = 0
    for (s, e), one in zip(lines, single, strict=True):
        if one:
            n_breaks += 1
            if text[e - 1] not in _SENTENCE_FINAL:
                n_mid += 1
            if 30 <= e - s <= 100:
                n_wrap_len += 1
    return n_breaks >= 3 and n_mid >= 0.5 * n_breaks and n_wrap_len >= 0.6 * n_breaks


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of every paragraph of ``text``, in order (see the module docstring).

    Offsets exclude surrounding whitespace; empty paragraphs are skipped.
    """
    if not text:
        return []
    lines = [m.span() for m in _LINE.finditer(text)]
    if len(lines) < 2:
        return lines
    # is line i followed by a single line break (True) or a blank line / the end (False)?
    single = [text.count("\n", lines[i][1], lines[i + 1][0]) == 1 for i in range(len(lines) - 1)]
    single.append(False)
    if not _is_hard_wrapped(text, lines, single):
        return lines
    paragraphs: list[tuple[int, int]] = []
    start = None
    for (s, e), one in zip(lines, single, strict=True):
        if start is None:
            start = s
        if not one:
            paragraphs.append((start, e))
            start = None
    return paragraphs


class SentenceSplitter:
    """Punkt sentence splitter for news, with a fixed abbreviation set and optional training.

    Parameters
    ----------
    abbreviations:
        Extra abbreviations ("Brig.", "Gov") added to :data:`NEWS_ABBREVIATIONS`.
    train_min_chars:
        :meth:`fit` trains Punkt only when the texts hold at least this many characters.
    train_max_chars:
        At most this many characters are used for training (Punkt trains at roughly 0.3 MB/s);
        larger corpora are sampled by taking every k-th text, which is deterministic.

    Fitted attributes: ``trained_`` (whether Punkt parameters were learned), ``learned_
    abbreviations_`` (sorted, those kept).
    """

    def __init__(
        self,
        *,
        abbreviations: Iterable[str] | None = None,
        train_min_chars: int = _DEFAULT_TRAIN_MIN,
        train_max_chars: int = _DEFAULT_TRAIN_MAX,
    ) -> None:
        self.abbreviations = abbreviations
        self.train_min_chars = train_min_chars
        self.train_max_chars = train_max_chars
        self.trained_ = False
        self.learned_abbreviations_: list[str] = []
        self._set_parameters(_base_parameters(abbreviations or ()))

    def __repr__(self) -> str:
        return (
            f"SentenceSplitter(abbreviations={self.abbreviations!r}, "
            f"train_min_chars={self.train_min_chars}, train_max_chars={self.train_max_chars})"
        )

    def fit(self, texts: Iterable[str]) -> SentenceSplitter:
        """Learn Punkt parameters from ``texts`` when they are large enough; return ``self``.

        Below ``train_min_chars`` nothing is learned and the fixed parameters stay. The result
        depends only on the texts and their order.
        """
        texts = [t for t in texts if isinstance(t, str) and t]
        sample = _training_sample(texts, self.train_max_chars)
        params = _base_parameters(self.abbreviations or ())
        self.trained_ = False
        self.learned_abbreviations_ = []
        if sum(len(t) for t in texts) >= self.train_min_chars and sample:
            trainer = PunktTrainer()
            # One paragraph per block, so Punkt sees paragraph starts as sentence starts; curly
            # quotes shown straight, as at splitting time.
            corpus = "\n\n".join(t[i:j] for t in sample for i, j in paragraph_spans(t))
            corpus = corpus.translate(_CURLY_TO_STRAIGHT)
            trainer.train(corpus, finalize=True)
            learned = trainer.get_params()
            kept = _filter_learned(learned.abbrev_types, corpus)
            params.abbrev_types |= set(kept)
            params.collocations |= set(learned.collocations)
            params.sent_starters |= set(learned.sent_starters)
            for word, flags in learned.ortho_context.items():
                params.ortho_context[word] |= flags
            self.trained_ = True
            self.learned_abbreviations_ = kept
        self._set_parameters(params)
        return self

    @property
    def abbreviation_types(self) -> set[str]:
        """The abbreviations in use (lower case, no final period: "u.s", "gen")."""
        return self._tokenizer._params.abbrev_types

    def _set_parameters(self, params: PunktParameters) -> None:
        self._tokenizer = PunktSentenceTokenizer(params)
        self._colloc_first = frozenset(a for a, _ in params.collocations)
        self._plain_cache: dict[str, bool] = {}
        self._break_cache: dict[str, bool] = {}

    # --- boundaries ---------------------------------------------------------------------------
    # Punkt's own span_tokenize asks its decision procedure about every candidate (a . ? or !
    # followed by punctuation or by whitespace and a token), at ~30-60 µs each. For the common
    # candidate, an ordinary word of two or more letters that is no known abbreviation and starts
    # no learned collocation, followed by a period, Punkt's rules always answer "break", and so
    # do they for ? and !: those answers are given without the call. Every other candidate
    # (abbreviations, initials, numbers, ellipses) goes to Punkt. Slicing and the realignment of
    # closing quotes follow Punkt's span_tokenize; tests check the result equals it on news text.

    def _plain_word(self, word: str) -> bool:
        """Is ``word`` (before a period) one after which Punkt always breaks? Cached per word."""
        known = self._plain_cache.get(word)
        if known is not None:
            return known
        m = _PLAIN_WORD.fullmatch(word)
        if m is None:
            plain = False
        else:
            core = m.group(1).lower().replace("’", "'")
            abbrev = self._tokenizer._params.abbrev_types
            plain = not (
                core in abbrev
                or word.lower() in abbrev
                or core in self._colloc_first
                or any(part in abbrev for part in core.split("-"))
            )
        if len(self._plain_cache) > 200_000:
            self._plain_cache.clear()
        self._plain_cache[word] = plain
        return plain

    def _sentbreak(self, context: str) -> bool:
        """Punkt's decision on a candidate's context ("Gen. Ivan"), cached per context: the
        same few thousand contexts (abbreviations and the word after them) recur through a
        corpus, and each decision costs NLTK's time-guarded regular expressions (nltk.redos),
        which on a busy machine spend several times their CPU time waiting."""
        known = self._break_cache.get(context)
        if known is None:
            known = bool(self._tokenizer.text_contains_sentbreak(context))
            if len(self._break_cache) > 200_000:
                self._break_cache.clear()
            self._break_cache[context] = known
        return known

    def _break(self, text: str, m: re.Match, ps: int, pe: int) -> tuple[int, int] | None:
        """(end of this sentence, start of the next) if candidate ``m`` is a boundary, else None."""
        b = m.start()
        ws = max(text.rfind(" ", ps, b), text.rfind("\n", ps, b)) + 1
        if ws < ps:
            ws = ps
        if text[b] == "." and not self._plain_word(text[ws:b]):
            context = text[ws : m.end("after")].translate(_CURLY_TO_STRAIGHT)
            if not self._sentbreak(context):
                return None
        end = b + 1
        start = m.start("next") if m.group("next") is not None else end
        r = _REALIGN.match(text, start, pe)
        if r:
            end = start + len(r.group().rstrip())
            start = r.end()
        if start >= pe or _continues(text, end, start, pe):
            return None
        return end, start

    def _candidates(self, text: str, lo: int, hi: int, pe: int):
        """Candidate matches starting in [lo, hi). As in Punkt, of several candidates in one
        whitespace-delimited word ("S.C.).", "embedding!).", "?!") only the last counts."""
        pending = None
        for m in _CANDIDATE.finditer(text, lo, pe):
            if pending is not None:
                if pending.start() >= hi:
                    return
                if _SPACE.search(text, pending.start(), m.start()):
                    yield pending
            pending = m
        if pending is not None and pending.start() < hi:
            yield pending

    def spans_in(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Return the sentence spans of one paragraph ``text[start:end]``, as offsets into
        ``text``; a sentence longer than :data:`MAX_SENTENCE_CHARS` comes as its pieces
        (:func:`cut_long`)."""
        out: list[tuple[int, int]] = []
        s0 = start
        for m in self._candidates(text, start, end, end):
            br = self._break(text, m, start, end)
            if br is not None and br[0] > s0:
                out.extend(cut_long(text, s0, br[0]))
                s0 = br[1]
        if s0 < end:
            out.extend(cut_long(text, s0, end))
        return out

    def sentence_around(
        self, text: str, pos: int, start: int, end: int, *, cache: dict | None = None
    ) -> tuple[int, int]:
        """Return the span of the sentence of paragraph ``text[start:end]`` that holds ``pos``,
        deciding only the candidate boundaries nearest to ``pos`` (same result as
        :meth:`spans_in`). ``cache`` (a dict kept per text) remembers decisions between calls."""
        s0, e0 = start, end
        if cache is None:
            cache = {}

        def decide(m: re.Match) -> tuple[int, int] | None:
            b = m.start()
            if b not in cache:
                cache[b] = self._break(text, m, start, end)
            return cache[b]

        # forwards: the first boundary whose sentence end lies beyond pos
        for m in self._candidates(text, max(start, pos - 4), end, end):
            br = decide(m)
            if br is not None and br[0] > pos:
                e0 = br[0]
                break
        # backwards: the last boundary before pos whose next sentence starts at or before pos
        hi, lo = pos, max(start, pos - 400)
        while True:
            found = None
            for m in reversed(list(self._candidates(text, lo, hi, end))):
                br = decide(m)
                if br is not None and br[1] <= pos:
                    found = br
                    break
            if found is not None:
                s0 = found[1]
                break
            if lo == start:
                break
            hi, lo = lo, max(start, lo - 1600)
        for piece in cut_long(text, s0, e0):
            if pos < piece[1]:
                return piece
        return s0, e0

    def _punkt_spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Punkt's own span_tokenize on the paragraph, with the closing-quote merge (reference
        for tests of :meth:`spans_in`)."""
        view = text[start:end].translate(_CURLY_TO_STRAIGHT)
        merged: list[tuple[int, int]] = []
        for s, e in self._tokenizer.span_tokenize(view):
            s, e = start + s, start + e
            if merged and _continues(text, merged[-1][1], s, end):
                merged[-1] = (merged[-1][0], e)
            else:
                merged.append((s, e))
        return merged

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Return ``(start, end)`` of every sentence of ``text``, in order, within paragraphs."""
        out: list[tuple[int, int]] = []
        for start, end in paragraph_spans(text):
            out.extend(self.spans_in(text, start, end))
        return out

    def split(self, text: str) -> list[str]:
        """Return the sentences of ``text`` as strings."""
        return [text[s:e] for s, e in self.spans(text)]


def cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[(start, end)]``, or, for a span longer than :data:`MAX_SENTENCE_CHARS`, its pieces: each
    ends at the last whitespace within the limit (at the limit when there is none), the next
    starts after that whitespace. Depends only on the span, so the pieces are the same whichever
    way the sentence was found."""
    if end - start <= MAX_SENTENCE_CHARS:
        return [(start, end)]
    pieces = []
    s = start
    while end - s > MAX_SENTENCE_CHARS:
        limit = s + MAX_SENTENCE_CHARS
        cut = max(text.rfind(" ", s + 1, limit), text.rfind("\n", s + 1, limit))
        if cut <= s:
            cut = limit
            pieces.append((s, cut))
            s = cut
        else:
            pieces.append((s, cut))
            s = cut + 1
        while s < end and text[s].isspace():
            s += 1
    if s < end:
        pieces.append((s, end))
    return pieces


def _continues(text: str, end: int, start: int, pe: int) -> bool:
    """Does the piece at ``start`` continue the sentence that ends at ``end``, rather than begin
    a new one? Yes when it starts with a lower-case letter after a closing quote, "!" or "?"
    (``“... is Azerbaijan!” said a triumphant Aliyev``), after a parenthesis closed on a period
    (the party label in ``Sen. Ann Lake (D-Va.) said``) or after an initialism (``a former
    C.I.A. analyst``, ``Nashua, N.H. on Monday``); ``pe``: the paragraph end. Always when it
    starts with punctuation that opens no sentence (``Sen. Ann Lake (D-R.I.|), said``)."""
    if text[start] in _NO_OPENERS:
        return True
    last = text[end - 1]
    if (
        last not in _CLOSERS
        and last not in "!?)"
        and not _INITIALISM_END.search(text, max(0, end - 16), end)
    ):
        return False
    lead = _LEADING_PUNCT.match(text, start, pe).end()
    return lead < pe and text[lead].islower()


def _filter_learned(abbrev_types: Iterable[str], corpus: str) -> list[str]:
    """Learned abbreviations worth keeping, sorted.

    Punkt accepts words seen once with a period ("bag.", "hub.") and, in repetitive text, words
    that often end sentences ("low.", "back."). Kept: forms seen with a period at least twice,
    dotted or hyphenated ("u.k", "d-n.y") or at most four letters long, and at least once
    followed by something that cannot start a sentence (a lower-case word, a number, or a
    comma, semicolon or colon), as real abbreviations are.
    """
    seen: Counter[str] = Counter()
    mid_sentence: set[str] = set()
    for word, after in _PERIOD_FINAL.findall(corpus):
        w = word.lower()
        seen[w] += 1
        nxt = after.lstrip()[:1]
        if nxt in {",", ";", ":"} or nxt.islower() or nxt.isdigit():
            mid_sentence.add(w)
    return sorted(
        a
        for a in abbrev_types
        if seen[a] >= 2
        and a in mid_sentence
        and ("." in a or "-" in a or len(a) <= 4)
        and not a.isdigit()
    )


def _rank(text: str) -> tuple[bytes, str]:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), text


def _train_text(text: str) -> str:
    if len(text) > _TRAIN_TEXT_MAX:
        cut = text.rfind("\n\n", 0, _TRAIN_TEXT_MAX)
        text = text[: cut if cut > 0 else _TRAIN_TEXT_MAX]
    return text


def _training_sample(texts: list[str], max_chars: int) -> list[str]:
    """About ``max_chars`` of text to train on, whatever the order of ``texts``.

    Texts are taken in the order of a hash of their content (so the sample, and the splitter,
    do not change when the corpus is read in another order), each cut to its first
    ``_TRAIN_TEXT_MAX`` characters at a paragraph end, until ``max_chars`` are reached.
    """
    sample: list[str] = []
    size = 0
    for t in sorted(texts, key=_rank):
        t = _train_text(t)
        if size + len(t) > max_chars and sample:
            break
        sample.append(t)
        size += len(t)
    return sample


def training_candidates(texts: Iterable[str], max_chars: int = _DEFAULT_TRAIN_MAX) -> list[str]:
    """The texts of one part of a corpus that can enter the training sample of
    :meth:`SentenceSplitter.fit` (``max_chars``: its ``train_max_chars``).

    The sample is the texts of lowest content hash up to ``max_chars``, so a part contributes at
    most its own lowest-hash texts up to that size, and the first one past it: fitting on the
    candidates of all the parts of a corpus gives the splitter fitted on the whole corpus, while
    only these texts (about ``max_chars`` characters a part) travel. Texts as given (the sample
    cuts long ones itself)."""
    texts = [t for t in texts if isinstance(t, str) and t]
    out: list[str] = []
    size = 0
    for t in sorted(texts, key=_rank):
        out.append(t)
        size += len(_train_text(t))
        if size > max_chars:
            break
    return out


def training_keys(
    texts: Iterable[str], max_chars: int = _DEFAULT_TRAIN_MAX
) -> list[tuple[bytes, int]]:
    """(content hash, characters it would add to the sample) of each of the
    :func:`training_candidates` of one part of a corpus: 16 bytes a candidate, what a part sends
    so that the whole corpus's sample can be chosen without moving texts."""
    return [(_rank(t)[0], len(_train_text(t))) for t in training_candidates(texts, max_chars)]


def training_selection(
    keys: Iterable[tuple[bytes, int]], max_chars: int = _DEFAULT_TRAIN_MAX
) -> set[bytes]:
    """The content hashes of the texts :meth:`SentenceSplitter.fit` trains on, from the
    :func:`training_keys` of every part of the corpus: fitting on those texts
    (:func:`selected_texts`) is fitting on the whole corpus."""
    chosen: set[bytes] = set()
    size = 0
    for digest, n in sorted(keys):
        chosen.add(digest)
        size += n
        if size > max_chars:
            break
    return chosen


def selected_texts(texts: Iterable[str], selection: set[bytes]) -> list[str]:
    """The texts of one part whose content hash is in ``selection`` (:func:`training_selection`)."""
    return [t for t in texts if isinstance(t, str) and t and _rank(t)[0] in selection]


@lru_cache(maxsize=1)
def _default_splitter() -> SentenceSplitter:
    return SentenceSplitter()


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` with the default (untrained) :class:`SentenceSplitter`."""
    return _default_splitter().split(text)
