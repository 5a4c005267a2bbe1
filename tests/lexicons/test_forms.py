"""Word forms shared by the validation and lexicon induction (analysis.lexicons.forms)."""

from __future__ import annotations

import analysis


def test_marked_form_folds_case_apostrophes_and_possessives():
    assert analysis.marked_form("Trump\u2019s") == "trump"
    assert analysis.marked_form("DON'T") == "don't"
    assert analysis.marked_form("'s") == "'s"  # nothing left to drop
    assert analysis.marked_word_forms("anti-police") == ("anti", "police")
    assert analysis.marked_word_forms("...") == ()


def test_regular_inflections_by_hand():
    assert analysis.regular_inflections("abuse") == ["abuses", "abused", "abusing"]
    assert analysis.regular_inflections("tie") == ["ties", "tied", "tying"]
    assert analysis.regular_inflections("deny") == ["denies", "denied", "denying"]
    assert analysis.regular_inflections("push") == ["pushes", "pushed", "pushing"]
    # consonant-vowel-consonant: both spellings (stress decides: "stopped" but "visited")
    assert analysis.regular_inflections("stop") == [
        "stops", "stoped", "stoping", "stopped", "stopping"
    ]  # fmt: skip
