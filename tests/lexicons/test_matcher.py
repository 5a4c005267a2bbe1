"""Matching rules, one short article per rule, plus a check against an independent regex matcher."""

from __future__ import annotations

import random
import re

import pandas as pd
import pytest

from analysis import config
from analysis.lexicons.files import Lexicon, load_lexicon, load_naming
from analysis.lexicons.matcher import Match, Matcher
from analysis.lexicons.terms import fold_text, term_key


def lex(*rows: tuple[str, str]) -> Lexicon:
    return Lexicon.from_frame(pd.DataFrame(rows, columns=["term", "category"]))


def found(matcher: Matcher, text: str) -> list[tuple[str, str]]:
    """(matched text, term) for every match; also checks the offsets are exact."""
    out = []
    for m in matcher.find(text):
        assert 0 <= m.start < m.end <= len(text)
        out.append((text[m.start : m.end], matcher.lexicon.entries["term"].iloc[m.entry_index]))
    return out


def test_fold_text_keeps_length_and_maps_separators():
    text = "Ethnic-Cleansing\nof\tTHE İ region"
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert folded == "ethnic cleansing of the i region"


def test_term_key():
    assert term_key("Ethnic-Cleansing") == ("ethnic cleansing", False)
    assert term_key("  war   crime* ") == ("war crime", True)
    assert term_key("Azerbaijan’s") == ("azerbaijan's", False)


def test_wildcard_matches_continuations_to_the_word_end():
    m = Matcher(lex(("massacre*", "atrocity")))
    text = "A massacre, two massacres; villagers massacred. The massacre’s toll. Premassacre."
    assert found(m, text) == [
        ("massacre", "massacre*"),
        ("massacres", "massacre*"),
        ("massacred", "massacre*"),
        ("massacre", "massacre*"),  # the continuation stops at the apostrophe
    ]  # "Premassacre" does not start on a word boundary


def test_wildcard_on_multiword_term():
    m = Matcher(lex(("war crime*", "atrocity")))
    assert found(m, "War crimes and a war crime. Warcrimes.") == [
        ("War crimes", "war crime*"),
        ("war crime", "war crime*"),
    ]


@pytest.mark.parametrize(
    "gap", ["-", " ", "\n", "  ", "\n\n", "\t", " - ", "\u2010", "\u2011", "\u00a0", " \n "]
)
def test_multiword_term_matches_across_whitespace_and_hyphens(gap):
    m = Matcher(lex(("ethnic cleansing", "atrocity")))
    text = f"Officials warned of ethnic{gap}cleansing in the region."
    start = text.index("ethnic")
    end = text.index("cleansing") + len("cleansing")
    assert m.find(text) == [Match(start, end, 0)]


@pytest.mark.parametrize("gap", [", ", ". ", "/", " and ", "—", "_"])
def test_multiword_term_does_not_match_across_punctuation_or_words(gap):
    m = Matcher(lex(("ethnic cleansing", "atrocity")))
    assert m.find(f"ethnic{gap}cleansing") == []


def test_hyphenated_term_matches_spaced_text():
    m = Matcher(lex(("anti-terrorist measures", "euphemism")))
    text = "so-called anti terrorist measures and anti-terrorist\nmeasures"
    assert [t for t, _ in found(m, text)] == ["anti terrorist measures", "anti-terrorist\nmeasures"]


def test_word_boundaries():
    m = Matcher(lex(("regime", "label"), ("puppet", "label"), ("war", "x")))
    text = "A regimen, a puppeteer and software toward a puppet regime; war-torn, the war’s end."
    assert found(m, text) == [
        ("puppet", "puppet"),
        ("regime", "regime"),
        ("war", "war"),  # the hyphen is a boundary ("war-torn")
        ("war", "war"),  # so is the apostrophe ("war’s")
    ]


def test_digits_and_underscores_are_word_characters():
    m = Matcher(lex(("war", "x")))
    assert m.find("war2 2war _war war_") == []


@pytest.mark.parametrize("mark", ["'", "\u2019", "\u2018", "\u02bc"])
def test_apostrophes_are_equivalent(mark):
    straight = Matcher(lex(("Azerbaijan's", "x")))
    curly = Matcher(lex(("Azerbaijan’s", "x")))
    text = f"In Azerbaijan{mark}s view."
    assert [t for t, _ in found(straight, text)] == [f"Azerbaijan{mark}s"]
    assert [t for t, _ in found(curly, text)] == [f"Azerbaijan{mark}s"]


def test_case_insensitive_both_ways():
    m = Matcher(lex(("Genocide", "x"), ("iron fist", "y")))
    assert [t for t, _ in found(m, "GENOCIDE, genocide, Genocide; an IRON Fist")] == [
        "GENOCIDE",
        "genocide",
        "Genocide",
        "IRON Fist",
    ]


def test_unicode_lowercasing_that_lengthens_does_not_shift_offsets():
    # "İ".lower() is two characters; offsets after it must still be exact
    m = Matcher(lex(("genocide", "x"), ("İstanbul", "city")))
    text = "İİİ In İSTANBUL they spoke of genocide."
    assert found(m, text) == [("İSTANBUL", "İstanbul"), ("genocide", "genocide")]


def test_offsets_exact_after_many_whitespace_runs():
    m = Matcher(lex(("blockade", "x"), ("lachin corridor", "y")))
    text = (
        "Para one.\n\n\nPara  two.\n\n  The blockade of the Lachin\n\n\ncorridor.\n\nEnd blockade"
    )
    got = m.find(text)
    assert [text[g.start : g.end] for g in got] == ["blockade", "Lachin\n\n\ncorridor", "blockade"]
    assert got[0].start == text.index("blockade")
    assert got[2].start == text.rindex("blockade")


def test_long_multiword_term_across_runs_of_every_length():
    # 8 words: too many gaps for two-space key variants, so this matcher collapses every run
    term = "one two three four five six seven eight"
    m = Matcher(lex((term, "long"), ("iron fist", "short")))
    for gap in (" ", "\n\n", " - ", "\n\n\n\n"):
        text = "x " + gap.join(term.split()) + ". An iron\n\nfist."
        assert [t for t, _ in found(m, text)] == [gap.join(term.split()), "iron\n\nfist"], gap


# ----------------------------------------------------------------------------------- overlaps


def test_leftmost_longest_across_the_lexicon():
    m = Matcher(lex(("ethnic cleansing", "atrocity"), ("cleansing", "euphemism"), ("ethnic", "z")))
    assert found(m, "ethnic cleansing, then cleansing") == [
        ("ethnic cleansing", "ethnic cleansing"),
        ("cleansing", "cleansing"),
    ]


def test_leftmost_wins_over_longer_later_match():
    m = Matcher(lex(("crushing victory", "a"), ("victory parade", "b")))
    # "crushing victory" starts first, so "victory parade" (overlapping) is dropped
    assert found(m, "a crushing victory parade") == [("crushing victory", "crushing victory")]


def test_term_in_two_categories_gives_one_hit_per_category(tmp_path):
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv"
    a.write_text("term,category\ngenocide,atrocity\n", encoding="utf-8")
    b.write_text("term,category\ngenocide,legal\ngenocid*,legal\n", encoding="utf-8")
    both = load_lexicon([a, b])
    m = Matcher(both)
    got = m.find("genocide")
    assert [(g.start, g.end) for g in got] == [(0, 8), (0, 8)]
    cats = [both.entries["category"].iloc[g.entry_index] for g in got]
    terms = [both.entries["term"].iloc[g.entry_index] for g in got]
    # one hit per category; within 'legal' the exact term beats the wildcard
    assert cats == ["atrocity", "legal"]
    assert terms == ["genocide", "genocide"]


def test_exact_and_wildcard_in_one_category_count_once():
    m = Matcher(lex(("separatists", "label"), ("separatist*", "label")))
    assert found(m, "separatists and separatist forces") == [
        ("separatists", "separatists"),
        ("separatist", "separatist*"),
    ]


def test_naming_nested_variants_count_once_as_the_longest():
    m = Matcher(load_naming(config.DEFAULT_NAMING))
    entries = m.lexicon.entries
    text = (
        "Nagorno-Karabakh, which Armenians call Artsakh, lies in Karabakh. The Karabakh Defense "
        "Army left the Lachin-Khankendi road; Khankendi fell. Nagorno\nKarabakh."
    )
    got = [
        (
            text[x.start : x.end],
            entries["term"].iloc[x.entry_index],
            entries["category"].iloc[x.entry_index],
        )
        for x in m.find(text)
    ]
    assert got == [
        ("Nagorno-Karabakh", "Nagorno-Karabakh", "karabakh_region"),
        ("Artsakh", "Artsakh", "karabakh_region"),
        ("Karabakh", "Karabakh", "karabakh_region"),
        ("Karabakh Defense Army", "Karabakh Defense Army", "karabakh_armenian_forces"),
        ("Lachin-Khankendi road", "Lachin-Khankendi road", "lachin_corridor"),
        ("Khankendi", "Khankendi", "stepanakert_city"),
        ("Nagorno\nKarabakh", "Nagorno-Karabakh", "karabakh_region"),
    ]


def test_empty_inputs():
    m = Matcher(lex(("genocide", "x")))
    assert m.find("") == []
    assert m.find("nothing here") == []
    assert m.find_all(["genocide", "", "x genocide"]) == [[Match(0, 8, 0)], [], [Match(2, 10, 0)]]


def test_matcher_accepts_a_path():
    m = Matcher(config.DEFAULT_LEXICON)
    assert len(m.lexicon) == len(load_lexicon(config.DEFAULT_LEXICON))


def test_large_lexicon_gives_the_same_matches():
    small = [("genocide", "a"), ("iron fist", "b"), ("massacre*", "a")]
    filler = [(f"zq{i:05d}", "filler") for i in range(5000)]
    text = "An iron fist, then massacres and genocide. zq00017 was also there."
    got_small = found(Matcher(lex(*small)), text)
    got_large = found(Matcher(lex(*small, *filler)), text)
    assert got_large == [*got_small[:3], ("zq00017", "zq00017")]


def test_seed_page_terms(seed_text):
    from analysis.text.normalize import normalize_text

    text = normalize_text(seed_text)
    m = Matcher(config.DEFAULT_LEXICON)
    terms = [t for _, t in found(m, text)]
    assert terms.count("iron fist") == 2
    assert terms.count("ethnic cleansing") == 1
    assert terms.count("genocide") == 1
    assert terms.count("crushing victory") == 1
    assert terms.count("blockade") == 1


# ------------------------------------------------------- independent reference implementation

_APOS = "['\u2019\u2018\u02bc]"


def _reference_find(lexicon: Lexicon, text: str) -> list[tuple[int, int, str, str]]:
    """The rules written out as one regex per term plus leftmost-longest, slow but obvious."""
    cands = []
    for term, category in zip(lexicon.entries["term"], lexicon.entries["category"], strict=True):
        wildcard = term.endswith("*")
        words = re.split(r"[\s\-]+", term.rstrip("*"))
        parts = [_APOS.join(re.escape(p) for p in re.split(_APOS, w)) for w in words]
        body = r"[\s\-\u2010\u2011]+".join(parts)
        tail = r"\w*" if wildcard else r"(?!\w)"
        pattern = rf"(?<!\w)(?=({body}{tail}))"
        for mt in re.finditer(pattern, text, flags=re.IGNORECASE):
            cands.append((mt.start(1), mt.end(1), wildcard, term, category))
    cands.sort(key=lambda c: (c[0], -c[1], c[2]))
    out, span, span_end, cats = [], None, -1, set()
    for s, e, _w, term, cat in cands:
        if (s, e) == span and cat not in cats:
            cats.add(cat)
            out.append((s, e, term, cat))
        elif s >= span_end:
            span, span_end, cats = (s, e), e, {cat}
            out.append((s, e, term, cat))
    return out


def test_agrees_with_reference_on_random_texts():
    lexicon = lex(
        ("ethnic cleansing", "atrocity"),
        ("cleansing", "euphemism"),
        ("war crime*", "atrocity"),
        ("war", "force"),
        ("regime", "label"),
        ("massacre*", "atrocity"),
        ("Nagorno-Karabakh", "place"),
        ("Karabakh", "place2"),
        ("don't", "neg"),
        ("Azerbaijan's army", "actor"),
        ("iron fist", "force"),
        ("fist", "body"),
    )
    words = (
        "ethnic cleansing Cleansing war WAR wars crime crimes regime regimen massacre "
        "Massacred premassacre Nagorno Karabakh Karabakhs don't don’t Azerbaijan's Azerbaijan’s "
        "army iron fist fisted the of"
    ).split()
    gaps = [" ", " ", " ", "-", "\n", "  ", "\n\n", ", ", ". ", " – ", "’", "("]
    rng = random.Random(20231919)
    m = Matcher(lexicon)
    for _ in range(400):
        n = rng.randint(1, 25)
        text = "".join(rng.choice(words) + rng.choice(gaps) for _ in range(n))
        mine = [
            (
                x.start,
                x.end,
                lexicon.entries["term"].iloc[x.entry_index],
                lexicon.entries["category"].iloc[x.entry_index],
            )
            for x in m.find(text)
        ]
        assert mine == _reference_find(lexicon, text), text


def test_abbreviations_with_full_stops():
    # Actors and naming files name "U.N. official"; the full stops belong to the term.
    m = Matcher(lex(("U.N. official", "un"), ("U.S.", "us"), ("U.S.-backed forces", "proxy")))
    text = (
        "A U.N. official spoke. The U.S. agreed; U.S.-backed forces moved; U.S.A. and AU.N. "
        "official."
    )
    # "U.S.A." is another word and "AU.N." starts inside a word: neither matches.
    assert found(m, text) == [
        ("U.N. official", "U.N. official"),
        ("U.S.", "U.S."),
        ("U.S.-backed forces", "U.S.-backed forces"),
    ]
