"""One document's voice analysis state: paragraphs, quotes, sentences found so far, speakers.

:class:`Document` decides sentence boundaries only next to the spans asked about, caches every
analysis, and resolves speakers (pronouns, bare heads, titled surnames) from earlier sentences.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable

from ..text.sentences import SentenceSplitter, paragraph_spans
from .chooser import choose_speaker, speaker_candidates
from .complements import attribution_after
from .cues import find_cues
from .learned import VoiceModel, span_features
from .phrases import (
    GIVEN_NAME,
    agrees,
    introduces_person,
    mention,
    subject_before,
    subject_np,
)
from .quotes import quote_regions
from .units import QUOTE_MARKS, WORD, Cue, Quote, Sentence, SpeakerRef, is_word, token_at
from .words import MANNER_VERBS, NOT_GIVEN_NAMES, NOT_TURN_WORDS, NOT_TURNS, VERB_FORMS

# A quotation of at least this many words is a statement, not a scare quote ("the “liberated”
# town"): one governed by no reporting verb takes its clause's subject as speaker.
STATEMENT_WORDS = 4
# Paragraphs longer than this are split whole on first use (see Document.sentence_at).
LONG_PARAGRAPH = 20_000
# A speaker's turn: a paragraph that opens with a short label of capitalised words and a colon
# ("TAPPER:", "Sen. Jeff Sessions:", the headline "Poll: ..."), then the turn's words.
TURN = re.compile(r"((?:[A-Z][\w.'’&-]*)(?: (?:[A-Z][\w.'’&-]*|of|the|and)){0,4}):[ \t]+(?=\S)")


class Document:
    """Lazy analysis of one text: paragraphs and quotes at once; sentences and cues on demand.

    The sentence holding a position is found by deciding only the candidate boundaries around
    it (:meth:`SentenceSplitter.sentence_around`), so a document that is one long paragraph
    costs a few decisions per hit, not a full split.
    """

    def __init__(
        self, text: str, splitter: SentenceSplitter, model: VoiceModel | None = None
    ) -> None:
        self.text = text
        self.splitter = splitter
        self.model = model
        self.paragraphs = paragraph_spans(text)
        self.par_starts = [p[0] for p in self.paragraphs]
        self.quotes = quote_regions(text, self.paragraphs)
        self.abbreviations = splitter.abbreviation_types
        self.quote_starts = [q.start for q in self.quotes]
        # paragraph -> {sentence start: sentence} and its sorted starts
        self._known: dict[int, dict[int, Sentence]] = {}
        self._known_starts: dict[int, list[int]] = {}
        self._quote_speakers: dict[int, str | None] = {}
        self._chosen: dict[tuple[int, int, str], str | None] = {}  # chooser's, by span
        self._resolved: dict[tuple, str | None] = {}  # (speaker, ref, pos) -> resolved speaker
        # (word, case-sensitive?) -> offsets (bare heads, surnames)
        self._word_at: dict[tuple[str, bool], list[int]] = {}
        self._breaks: dict[int, tuple[int, int] | None] = {}  # boundary decisions by offset
        self._turns: dict[int, tuple[int, str] | None] = {}
        self._lowered: str | None = None  # the text lower-cased, made on first use

    # --- sentences ----------------------------------------------------------------------------
    def paragraph_of(self, pos: int) -> int:
        return max(bisect_right(self.par_starts, pos) - 1, 0)

    def _remember(self, p: int, spans: Iterable[tuple[int, int]]) -> None:
        known = self._known.setdefault(p, {})
        starts = self._known_starts.setdefault(p, [])
        for s, e in spans:
            if s not in known:
                known[s] = Sentence(self.text, s, e, self.abbreviations)
                # one insertion, not a sort of the paragraph's starts per new sentence: a text
                # of 100,000 one-word sentences was quadratic
                insort(starts, s)

    def _lookup(self, p: int, pos: int) -> Sentence | None:
        starts = self._known_starts.get(p)
        if not starts:
            return None
        k = bisect_right(starts, pos) - 1
        if k < 0:
            return None
        sent = self._known[p][starts[k]]
        return sent if pos < sent.end else None

    def all_sentences(self, p: int) -> list[Sentence]:
        """Every sentence of paragraph ``p``, in order (splits the whole paragraph)."""
        ps, pe = self.paragraphs[p]
        spans = self.splitter.spans_in(self.text, ps, pe)
        self._remember(p, spans)
        return [self._known[p][s] for s, _ in spans]

    def sentence_at(self, pos: int) -> tuple[int, Sentence]:
        """(paragraph index, sentence) holding ``pos``, found by deciding only the candidate
        boundaries nearest to it; cached."""
        p = self.paragraph_of(pos)
        sent = self._lookup(p, pos)
        if sent is None and self.paragraphs[p][1] - self.paragraphs[p][0] > LONG_PARAGRAPH:
            # in a long paragraph, deciding boundaries near each position again and again costs
            # more than splitting it once (linear), after which every lookup is a bisection
            self.all_sentences(p)
            sent = self._lookup(p, pos)
        if sent is None:
            ps, pe = self.paragraphs[p]
            pos = min(max(pos, ps), pe - 1)
            span = self.splitter.sentence_around(self.text, pos, ps, pe, cache=self._breaks)
            self._remember(p, [span])
            sent = self._known[p][span[0]]
        return p, sent

    def previous_sentence(self, p: int, sent: Sentence) -> tuple[int, Sentence] | None:
        pos = sent.start - 1
        ps = self.paragraphs[p][0]
        while pos >= ps and self.text[pos].isspace():
            pos -= 1
        if pos >= ps:
            return self.sentence_at(pos)
        if p == 0:
            return None
        return self.sentence_at(self.paragraphs[p - 1][1] - 1)

    def next_sentence(self, p: int, sent: Sentence) -> tuple[int, Sentence] | None:
        pos = sent.end
        pe = self.paragraphs[p][1]
        while pos < pe and self.text[pos].isspace():
            pos += 1
        if pos < pe:
            return self.sentence_at(pos)
        if p + 1 >= len(self.paragraphs):
            return None
        return self.sentence_at(self.paragraphs[p + 1][0])

    def previous_sentences(self, p: int, sent: Sentence, limit: int = 6) -> Iterable[Sentence]:
        """Sentences before ``sent``, nearest first, at most ``limit``, two paragraphs back."""
        here = (p, sent)
        for _ in range(limit):
            here = self.previous_sentence(*here)
            if here is None or here[0] < p - 2:
                return
            yield here[1]

    # --- speaker turns ------------------------------------------------------------------------
    def turn(self, p: int) -> tuple[int, str] | None:
        """(start of the turn's words, speaker) when paragraph ``p`` opens with a speaker label
        and a colon ("TAPPER: ...", "Sen. Ted Cruz: ...", a headline "Poll: ..."), else None.
        Labels that name no one ("UPDATE:", "Editor's Note:", "Q:", US states as section heads)
        are none. The paragraph after the colon is the speaker's (PolNeAR: a colon is a cue,
        "Romeo: ‘Is the day so young?’")."""
        if p in self._turns:
            return self._turns[p]
        ps, pe = self.paragraphs[p]
        m = TURN.match(self.text, ps, pe)
        out = None
        if m is not None:
            label = m.group(1)
            low = label.lower().replace("’", "'")
            if (
                low not in NOT_TURNS
                and not any(w in NOT_TURN_WORDS for w in low.split())
                and len(WORD.findall(self.text, m.end(), pe)) >= 3
                and not self.inside_quote(ps)
            ):
                out = (m.end(), label)
        self._turns[p] = out
        return out

    # --- quotes -------------------------------------------------------------------------------
    def quote_at(self, start: int, end: int) -> int | None:
        """Index of the top-level quote whose inside overlaps ``[start, end)``, else None."""
        k = bisect_right(self.quote_starts, end - 1) - 1
        if k >= 0 and self.quotes[k].end > start:
            return k
        return None

    def inside_quote(self, pos: int) -> bool:
        return self.quote_at(pos, pos + 1) is not None

    def quoted_share(self, start: int, end: int) -> float:
        """Share of the characters of ``[start, end)`` inside top-level quotations."""
        if end <= start:
            return 0.0
        inside = 0
        k = bisect_right(self.quote_starts, end - 1) - 1
        while k >= 0 and self.quotes[k].end > start:
            q = self.quotes[k]
            inside += max(0, min(end, q.end) - max(start, q.start))
            k -= 1
        return inside / (end - start)

    # --- reporting cues -----------------------------------------------------------------------
    def cues(self, sent: Sentence) -> list[Cue]:
        """The sentence's reporting constructions (rules', and the learned detector's when a
        model is given), each marked ``reports`` or not by the report filter; cached."""
        if sent.cues is None:
            model = self.model
            if model is None:
                sent.cues = find_cues(sent, self.inside_quote)
            else:
                sent.cues = find_cues(sent, self.inside_quote, model.is_cue, model.candidates)
                if model.spans is not None and any(c.learned for c in sent.cues):
                    n = len(sent.cues)
                    for c in sent.cues:
                        if c.learned:
                            c.reports = model.spans(span_features(sent, c, self.quoted_share, n))
        return sent.cues

    def cue_speaker(self, cue: Cue) -> str | None:
        """The cue's speaker, resolved (see :meth:`resolve`)."""
        return self.resolve(cue.speaker, cue.ref, cue.anchor)

    def resolve(self, speaker: str | None, ref: SpeakerRef, pos: int) -> str | None:
        """The speaker that a pronoun, bare head, document, possessive or titled surname before
        ``pos`` stands for (rules in docs/voice.md, "Speaker"); cached per document."""
        if ref is None or speaker is None:
            return speaker
        key = (speaker, ref, pos)
        if key in self._resolved:
            return self._resolved[key]
        kind, word = ref
        if kind == "pronoun":
            out = self.antecedent(word, pos)
        elif kind == "quantifier":
            # "Commentators blamed Yerevan. Some argued that ...": the group of the sentence
            # before, else the quantifier as written (PolNeAR's Source is then "Some")
            out = self.antecedent("some", pos, limit=1) or speaker
        elif kind == "document":
            # "According to the statement": whoever the previous sentences quoted or reported
            out = self.antecedent("document", pos)
        elif kind == "possessive":
            owner = self.antecedent(word, pos)
            out = f"{owner}'s {speaker}" if owner else speaker
        elif kind == "bare":
            out = self.fuller_mention(word, pos) or speaker
        else:  # surname, titled ("Mr. Karimli") or not ("Aliyev")
            out = self.full_name(word, pos, titled=kind == "surname") or speaker
        self._resolved[key] = out
        return out

    def _sentence_quoted(self, sent: Sentence) -> bool:
        """Does the sentence start inside a quotation (its words are the quote's, not the
        outlet's)?"""
        toks = sent.toks
        first = next((t for t in toks if is_word(t.text)), None)
        return first is not None and self.inside_quote(first.start)

    def antecedent(self, pronoun: str, pos: int, *, limit: int = 6) -> str | None:
        """The speaker a pronoun before ``pos`` most likely stands for, or None.

        Earlier cues of the same sentence first, then the sentence's own subject ("Azerbaijan
        has suspended what it calls ..."); then, sentence by sentence backwards (at most six,
        two paragraphs), the named speakers of that sentence's cues, last first, and then its
        subject when it names a possible speaker. Words inside quotation marks are never
        searched: they are the quoted speaker's, not names the outlet gives. "he"/"she" skip
        organisations, "it" skips people and plurals, "some" ("Some argued") takes plurals.
        """
        p, sent = self.sentence_at(pos)
        for c in reversed(self.cues(sent)):
            if c.anchor < pos and not self.inside_quote(c.anchor):
                found = self._named(c.speaker, c.ref, c.anchor, pronoun)
                if found:
                    return found
        subject = subject_np(sent)
        if subject is not None and sent.toks[subject[0][1]].end <= pos:
            if not self.inside_quote(sent.toks[subject[0][0]].start):
                found = self._named(subject[1], subject[2], sent.toks[subject[0][0]].start, pronoun)
                if found:
                    return found
        for prev in self.previous_sentences(p, sent, limit=limit):
            for c in reversed(self.cues(prev)):
                if not self.inside_quote(c.anchor):
                    found = self._named(c.speaker, c.ref, c.anchor, pronoun)
                    if found:
                        return found
            if self._sentence_quoted(prev):
                continue
            subject = subject_np(prev)
            if subject is not None:
                found = self._named(subject[1], subject[2], prev.toks[0].start, pronoun)
                if found:
                    return found
        return None

    def _named(self, speaker: str | None, ref: SpeakerRef, pos: int, pronoun: str) -> str | None:
        """``speaker`` as an antecedent of ``pronoun``: resolved when it is a bare head or a
        surname, refused when it is itself a pronoun or does not agree."""
        if not speaker or (
            ref is not None and ref[0] in ("pronoun", "quantifier", "document", "possessive")
        ):
            return None
        if ref is not None:
            speaker = self.resolve(speaker, ref, pos)
        return speaker if speaker and agrees(pronoun, speaker) else None

    def _occurrences(self, word: str, *, case: bool = False) -> list[int]:
        """Offsets of ``word`` in the text (any case unless ``case``); cached."""
        occ = self._word_at.get((word, case))
        if occ is None:
            if case:
                occ = _whole_word_offsets(self.text, word)
            else:
                if self._lowered is None:
                    self._lowered = self.text.lower()
                if len(self._lowered) == len(self.text):
                    occ = _whole_word_offsets(self._lowered, word.lower())
                else:  # lower-casing moved offsets ("İ"): the regular expression
                    pattern = rf"\b{re.escape(word)}\b"
                    occ = [m.start() for m in re.finditer(pattern, self.text, re.I)]
            self._word_at[(word, case)] = occ
        return occ

    def fuller_mention(self, head: str, pos: int) -> str | None:
        """The most recent fuller mention, before ``pos`` and outside quotes, of an entity named
        by the bare ``head`` ("ministry" -> "Ministry of Foreign Affairs of Armenia"; "officials"
        -> "Azerbaijani officials"; "spokesperson" -> "Nigar Ismayilzade" from "spokesperson
        Nigar Ismayilzade" or "Nigar Ismayilzade, the ministry's spokesperson"); else None."""
        occ = self._occurrences(head)
        tried = 0
        for i in range(bisect_left(occ, pos) - 1, -1, -1):
            o = occ[i]
            if self.inside_quote(o):
                continue
            _, sent = self.sentence_at(o)
            t = bisect_right(sent.starts, o) - 1
            if t < 0 or sent.toks[t].start != o:
                continue
            found = mention(sent, t)
            if found is not None:
                return found
            tried += 1
            if tried >= 8:
                break
        return None

    def full_name(self, surname: str, pos: int, *, titled: bool) -> str | None:
        """The full name ("Vusal Karimli") last written before ``pos`` for a surname ("Mr.
        Karimli", "a triumphant Aliyev"); else None. Without a title, the earlier mention must
        read as a person's introduction: after a role, a title, a reporting verb or
        punctuation, and before a comma, a reporting verb or "of" ("Azerbaijani President Ilham
        Aliyev said", "Vusal Karimli, a member of ..."), so that "from Soviet Azerbaijan" never
        turns "Azerbaijan" into a name."""
        text = self.text
        occ = self._occurrences(surname, case=True)
        for i in range(bisect_left(occ, pos) - 1, -1, -1):
            o = occ[i]
            m = GIVEN_NAME.search(text, max(0, o - 40), o)
            if not m or m.group(1).lower() in NOT_GIVEN_NAMES:
                continue
            if not titled and not introduces_person(text, m.start(1), o + len(surname)):
                continue
            return f"{m.group(1)} {surname}"
        return None

    def governing_cue(
        self, sent: Sentence, start: int, end: int, *, reporting: bool = False
    ) -> Cue | None:
        """Innermost cue of ``sent`` whose complement holds ``[start, end)``, verb not quoted;
        with ``reporting``, only cues whose complement is reported speech (see ``cues``)."""
        best = None
        for c in self.cues(sent):
            if reporting and not c.reports:
                continue
            if c.covers(start, end) and not self.inside_quote(c.anchor):
                if best is None or (c.end - c.start) < (best.end - best.start):
                    best = c
        return best

    # --- quote speakers -----------------------------------------------------------------------
    def quote_speaker(self, qi: int) -> str | None:
        """The speaker of quote ``qi``: the rules' (below), else the speaker chooser's."""
        if qi not in self._quote_speakers:
            q = self.quotes[qi]
            found = self._find_quote_speaker(q)
            # a scare quote ("the “liberated” town") keeps no speaker: only a quoted statement
            # goes to the chooser
            if found is None and self.is_statement(q):
                found = self.chosen_speaker(q.start, q.end, "quoted")
            self._quote_speakers[qi] = found
        return self._quote_speakers[qi]

    def is_statement(self, q: Quote) -> bool:
        """Is quote ``q`` a quoted statement (at least :data:`STATEMENT_WORDS` words), not a
        scare quote?"""
        return len(WORD.findall(self.text, q.start, q.end)) >= STATEMENT_WORDS

    def reported_speaker(self, cue: Cue) -> str | None:
        """The speaker of a reporting construction's complement: the cue's (resolved), else the
        speaker chooser's."""
        found = self.cue_speaker(cue)
        if found is None:
            found = self.chosen_speaker(cue.start, cue.end, "reported", anchor=cue.anchor)
        return found

    def chosen_speaker(
        self, start: int, end: int, kind: str, *, anchor: int | None = None
    ) -> str | None:
        """The speaker the model's speaker chooser (:mod:`analysis.voice.chooser`) picks among
        the noun phrases of the sentence of the span ``[start, end)`` that the rules leave
        without one (``anchor``: a reported span's reporting verb); None without a chooser or
        when no candidate is likely enough."""
        chooser = self.model.speakers if self.model is not None else None
        if chooser is None:
            return None
        key = (start, end, kind)
        if key not in self._chosen:
            _, sent = self.sentence_at(start)
            found = speaker_candidates(
                sent,
                start,
                end,
                kind,
                anchor=anchor,
                inside_quote=self.inside_quote,
                resolve=self.resolve,
            )
            self._chosen[key] = choose_speaker(found, chooser)
        return self._chosen[key]

    def _find_quote_speaker(self, q: Quote) -> str | None:
        text = self.text
        # 0. a quote inside a clause that a reporting verb governs: the innermost speaker, even
        #    when an attribution follows ("X said the operation was a response to “...”,
        #    according to diplomats" -> X)
        p, sent = self.sentence_at(q.open)
        # ignoring marks before it: the New York Times writes a double quote as two apostrophes
        opens_sentence = text[sent.start : q.open].strip(" \t\n'\"‘“„«‹‚") == ""
        cue = self.governing_cue(sent, q.open, q.open + 1)
        if cue is not None and cue.kind != "according" and not opens_sentence:
            return self.cue_speaker(cue)
        # 1. attribution right after the closing mark: “...,” X said / “...” said X
        if not q.unbalanced:
            _, closing = self.sentence_at(q.close)
            for c in self.cues(closing):
                if c.kind in ("postposed", "according") and q.close <= c.attribution[0]:
                    if text[q.close + 1 : c.attribution[0]].strip(" ,") == "":
                        return self.cue_speaker(c)
        # 1a. a verb of the manner of saying right after the closing mark: “...,” Lind quipped;
        #     else an attribution that is a sentence of its own after a quote that ends with
        #     its own "!", "?" or ".": “... coming!” Lind said. (a capital after the mark ends
        #     the sentence for the splitter; a reader joins them)
        if not q.unbalanced:
            spoken = self._manner_after(q) or self._next_said(q)
            if spoken is not None:
                return spoken
        # 1b. a quote that goes on right after an attribution that closed the quote before it:
        #     “...,” Obama said, “they ...” / “...,” Mr. McCain recalled. “But ...” (PolNeAR's
        #     content continuations: one attribution, one speaker)
        found, speaker = self._continuation_speaker(q, p, sent)
        if found:
            return speaker
        # 2. a reporting verb earlier in the sentence governs the quote: X said: “...” / X said
        #    his forces had “punished the enemy properly”
        if cue is not None:
            return self.cue_speaker(cue)
        # 2b. a colon introduces the quote: “Mr. Trump continued: ‘...’”, “a spokesman could
        #     only quip: ‘...’” -> the subject of the clause before the colon
        lead = text[sent.start : q.open].rstrip(" '\"‘“")
        if lead.endswith((":", ",")) and not opens_sentence:
            mark = token_at(sent, len(lead) - 1 + sent.start)
            # "his wife whispered to him: ‘...’", "Mayor Vale cracked, ‘...’": a verb of the
            # manner of saying, its listener between; a colon takes any verb
            v = next(
                (x for x in range(mark - 1, max(mark - 4, 0), -1) if sent.lows[x] in MANNER_VERBS),
                mark - 1,
            )
            subject = self._verb_subject(sent, v, any_verb=lead.endswith(":") or v < mark - 1)
            if subject is None and lead.endswith(":"):
                subject = subject_np(sent, allow_cue=True)
            if subject is not None and not self.inside_quote(sent.toks[subject[0][0]].start):
                return self.resolve(subject[1], subject[2], sent.toks[subject[0][0]].start)
        # 2c. a speaker's turn: the paragraph opens with "NAME:" (transcripts, headlines)
        turn = self.turn(p)
        if turn is not None and turn[0] <= q.open:
            return turn[1]
        # 3. a quote that opens its sentence and has no attribution: the previous sentence's
        #    last speaker, else the next sentence's when it opens with "X said"
        if opens_sentence:
            for prev in self.previous_sentences(p, sent, limit=3):
                cues = [c for c in self.cues(prev) if not self.inside_quote(c.anchor)]
                if cues:
                    return self.cue_speaker(cues[-1])
                # "Lind said in response. “...”": a sentence that is nothing but an attribution
                found = attribution_after(prev, 0, to_end=True)
                if found is not None:
                    return self.resolve(found[1], found[2], prev.toks[found[0][0]].start)
                # "Dianne Bystrom agreed. “...”": a sentence that ends with its reporting verb
                words = [k for k, t in enumerate(prev.toks) if is_word(t.text)]
                subject = self._verb_subject(prev, words[-1]) if words else None
                if subject is not None and not self._sentence_quoted(prev):
                    return self.resolve(subject[1], subject[2], prev.toks[subject[0][0]].start)
            here = self.sentence_at(q.close if not q.unbalanced else q.open)
            nxt = self.next_sentence(*here)
            if nxt is not None and nxt[1].toks:
                for c in self.cues(nxt[1]):
                    if c.kind == "preposed" and c.attribution[0] == nxt[1].toks[0].start:
                        return self.cue_speaker(c)
        elif self.is_statement(q):
            # 4. a quotation of a statement (not a scare quote) inside a clause that no
            #    reporting verb governs ("Ms. Varga set out a plan for “a simpler permit system
            #    that favours ...”"): the clause's subject, when it names someone
            subject = subject_np(sent, allow_cue=True)
            if subject is not None and not self.inside_quote(sent.toks[subject[0][0]].start):
                return self.resolve(subject[1], subject[2], sent.toks[subject[0][0]].start)
        return None

    def _next_said(self, q: Quote) -> str | None:
        """The speaker of a short sentence "X said." right after a quote that ends its own
        sentence, else None."""
        p, closing = self.sentence_at(q.close)
        if self.text[q.close + 1 : closing.end].strip(" '\"”’»") != "":
            return None
        nxt = self.next_sentence(p, closing)
        if nxt is None or self._sentence_quoted(nxt[1]):
            return None
        found = attribution_after(nxt[1], 0, to_end=True)
        if found is None:
            return None
        return self.resolve(found[1], found[2], nxt[1].toks[found[0][0]].start)

    def _manner_after(self, q: Quote) -> str | None:
        """The speaker of "X quipped" / "reads the editorial" right after a quote's closing mark
        (and a comma), else None; the cues of :meth:`cues` cover the reporting verbs."""
        _, closing = self.sentence_at(q.close)
        k = token_at(closing, q.close) + 1
        toks = closing.toks
        while k < len(toks) and (toks[k].text == "," or toks[k].text in QUOTE_MARKS):
            k += 1
        found = attribution_after(closing, k)
        if found is None or self.inside_quote(toks[found[0][0]].start):
            return None
        return self.resolve(found[1], found[2], toks[found[0][0]].start)

    def _verb_subject(self, sent: Sentence, v: int, *, any_verb: bool = False):
        """The subject right before token ``v`` when ``v`` is a reporting verb (or a learned
        cue word; with ``any_verb``, any lower-case word: "Mr. Dorn continued:" before a
        colon), outside quotes ("Lena Brik agreed."); else None."""
        if v < 1 or not is_word(sent.toks[v].text) or self.inside_quote(sent.toks[v].start):
            return None
        low = sent.lows[v]
        known = (
            any_verb
            or low in VERB_FORMS
            or low in MANNER_VERBS
            or (self.model is not None and low in self.model.candidates)
        )
        if not known or not sent.toks[v].text[0].islower():
            return None
        return subject_before(sent, v)

    def _char_before(self, pos: int) -> str:
        """The last character before ``pos`` that is neither a space nor a quotation mark."""
        text = self.text
        k = pos - 1
        while k >= 0 and (text[k].isspace() or text[k] in QUOTE_MARKS):
            k -= 1
        return text[k] if k >= 0 else ""

    def _continuation_speaker(self, q: Quote, p: int, sent: Sentence) -> tuple[bool, str | None]:
        """(found, speaker) for a quote that continues right after a postposed attribution that
        closed the quote before it, in this sentence or the previous one."""
        before = self.previous_sentence(p, sent)
        cands = (self.cues(before[1]) if before is not None else []) + self.cues(sent)
        for c in reversed(cands):
            if c.kind == "postposed" and c.anchor < q.open:
                if self.inside_quote(c.anchor):
                    continue
                if q.open <= c.attribution[1]:
                    # “...,” said X, a strategist who ..., “and ...”: the quote goes on inside
                    # the attribution's tail, after a comma (not "... agreed to negotiate their
                    # “reintegration”", a scare quote in the tail)
                    if self._char_before(q.open) in {",", ":", "."}:
                        return True, self.cue_speaker(c)
                    return False, None
                gap = self.text[c.attribution[1] : q.open]
                if "\n" not in gap and (
                    gap.strip(" ,.;:–—-'\"‘“") == "" or _apposition(gap.strip(" '\"‘“"))
                ):
                    return True, self.cue_speaker(c)
                break
        return False, None


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _whole_word_offsets(text: str, word: str) -> list[int]:
    """Offsets of ``word`` in ``text`` where it stands as a whole word (no word character
    before or after): the matches of ``\\bword\\b`` for a word that starts and ends with word
    characters, found with ``str.find`` (far faster than a regular expression per word)."""
    out = []
    n = len(word)
    if n == 0:
        return out
    check_start = _is_word_char(word[0])
    check_end = _is_word_char(word[-1])
    i = text.find(word)
    while i >= 0:
        j = i + n
        if not (check_start and i > 0 and _is_word_char(text[i - 1])) and not (
            check_end and j < len(text) and _is_word_char(text[j])
        ):
            out.append(i)
        i = text.find(word, i + 1)
    return out


def _apposition(gap: str) -> bool:
    """Is ``gap`` (between an attribution and the next quote) an apposition describing the
    speaker: ", an economist who directs the forecast," (between commas, no clause end, no
    quotation mark)?"""
    return (
        len(gap) > 2
        and gap[0] == ","
        and gap[-1] == ","
        and not any(c in gap for c in ".;!?\"“”«»")
        and len(gap) < 200
    )
