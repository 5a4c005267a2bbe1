"""Lexicon loading and validation: formats, every error kind, duplicates, the shipped lexicons."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.cli import main as cli_main
from analysis.lexicons.files import Lexicon, load_lexicon, load_naming
from analysis.lexicons.terms import LexiconError, LexiconWarning


def write(tmp_path: Path, text: str, name: str = "lex.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> str:
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    return str(info.value)


# --------------------------------------------------------------------------------- CSV format


def test_csv_defaults_and_extra_columns(tmp_path):
    path = write(
        tmp_path,
        "term,category,weight,note,region\n"
        "genocide,atrocity,2.5,legal charge,any\n"
        "massacre*,atrocity,,,\n"
        "Ethnic Cleansing,atrocity,1,,\n",
    )
    lex = load_lexicon(path)
    e = lex.entries
    assert list(e.columns) == ["term", "category", "weight", "note", "source", "region"]
    assert e["term"].tolist() == ["genocide", "massacre*", "Ethnic Cleansing"]  # as written
    assert e["weight"].tolist() == [2.5, 1.0, 1.0]  # empty weight cell means 1
    assert e["note"].tolist() == ["legal charge", "", ""]
    assert e["source"].tolist() == ["", "", ""]  # absent column -> ""
    assert lex.categories == ["atrocity"]
    assert lex.name == "lex"
    assert lex.path == path
    assert lex.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert len(lex) == 3


def test_header_is_case_and_space_insensitive_and_bom_is_ignored(tmp_path):
    path = tmp_path / "lex.csv"
    path.write_bytes("\ufeff Term , CATEGORY\ngenocide,atrocity\n".encode())
    assert load_lexicon(path).entries["term"].tolist() == ["genocide"]


def test_categories_in_order_of_first_appearance(tmp_path):
    path = write(tmp_path, "term,category\nb1,beta\na1,alpha\nb2,beta\n")
    assert load_lexicon(path).categories == ["beta", "alpha"]


# ------------------------------------------------------------------------------- error kinds


def test_missing_column_names_file_line_and_column(tmp_path):
    path = write(tmp_path, "term,weight\ngenocide,1\n")
    msg = error_of(path)
    assert str(path) in msg
    assert "line 1" in msg
    assert "missing column(s) category" in msg
    assert "found: term, weight" in msg


@pytest.mark.parametrize("header", ["term,category,Category", "term,Term ,category"])
def test_repeated_column_is_an_error(tmp_path, header):
    # headers are read case- and space-insensitively, so both spellings name one column; the
    # second used to overwrite the first silently (genocide filed under 'legal')
    path = write(tmp_path, f"{header}\ngenocide,atrocity,legal\n")
    msg = error_of(path)
    assert f"{path}: line 1: column(s) " in msg
    assert "more than once" in msg
    df = pd.DataFrame([["genocide", "atrocity", "legal"]], columns=header.split(","))
    with pytest.raises(LexiconError, match=r"<in-memory>: line 1: column\(s\) .* more than once"):
        Lexicon.from_frame(df)


def test_empty_term_names_line(tmp_path):
    path = write(tmp_path, "term,category\ngenocide,atrocity\n  ,atrocity\n")
    msg = error_of(path)
    assert f"{path}: line 3: empty term" in msg


def test_empty_category_names_line_and_term(tmp_path):
    path = write(tmp_path, "term,category\ngenocide,\n")
    assert f"{path}: line 2: empty category for 'genocide'" in error_of(path)


@pytest.mark.parametrize("weight", ["heavy", "1,5", "nan", "inf"])
def test_weight_not_a_finite_number(tmp_path, weight):
    path = write(tmp_path, f'term,category,weight\ngenocide,atrocity,"{weight}"\n')
    msg = error_of(path)
    assert f"{path}: line 2: weight {weight!r} for 'genocide' is not a finite number" in msg


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("...", "cannot match anything"),  # full stops only inside or after a word ("U.S.")
        ("U.S./EU", "contains '/'"),
        ("9/11", "contains '/'"),
        ("*", "only a wildcard"),
        ("**", "only a wildcard"),
        ("*cide", "starts with '*'"),
        ("mass*acre", "'*' in the middle"),
        ("war* crime", "'*' in the middle"),
        ("-cleansing", "cannot match anything"),
        ("ethnic-", "cannot match anything"),
        ("'genocide", "cannot match anything"),
    ],
)
def test_term_that_cannot_match(tmp_path, term, expected):
    path = write(tmp_path, f'term,category\ngenocide,atrocity\n"{term}",x\n')
    msg = error_of(path)
    assert f"{path}: line 3: " in msg
    assert expected in msg


def test_valid_term_shapes_are_accepted(tmp_path):
    terms = [
        "Azerbaijan's",
        "don’t",
        "self-defense",
        "ethnic  cleansing",
        "war crime*",
        "Şuşa",
        "x",
    ]
    body = "".join(f"{t},c{i}\n" for i, t in enumerate(terms))
    assert load_lexicon(write(tmp_path, "term,category\n" + body)).entries["term"].tolist() == [
        t.strip() for t in terms
    ]


def test_conflicting_category_is_an_error_naming_both_lines(tmp_path):
    path = write(
        tmp_path, "term,category\nseparatists,label\ngenocide,atrocity\nSeparatists,blame\n"
    )
    msg = error_of(path)
    assert (
        f"{path}: line 4: 'Separatists' is already listed at line 2 under category 'label'" in msg
    )
    assert "here under 'blame'" in msg


def test_spellings_that_match_the_same_text_are_the_same_term(tmp_path):
    # hyphen vs space and curly vs straight apostrophe give the same matching key
    path = write(
        tmp_path, "term,category\nethnic cleansing,a\nethnic-cleansing,b\ndon't,a\ndon’t,b\n"
    )
    msg = error_of(path)
    assert "line 3: 'ethnic-cleansing' is already listed at line 2" in msg
    assert "line 5: 'don’t' is already listed at line 4" in msg


def test_wildcard_and_exact_are_different_terms(tmp_path):
    lex = load_lexicon(write(tmp_path, "term,category\nseparatist,a\nseparatist*,b\n"))
    assert len(lex) == 2


def test_exact_repeat_warns_and_keeps_one(tmp_path):
    path = write(tmp_path, "term,category\ngenocide,atrocity\nother,x\nGenocide,atrocity\n")
    with pytest.warns(LexiconWarning, match=r"line 4: 'Genocide' under 'atrocity' repeats line 2"):
        lex = load_lexicon(path)
    assert lex.entries["term"].tolist() == ["genocide", "other"]


def test_repeat_with_other_weight_is_an_error(tmp_path):
    path = write(tmp_path, "term,category,weight\ngenocide,atrocity,1\ngenocide,atrocity,2\n")
    msg = error_of(path)
    assert "line 3: 'genocide' is already listed at line 2 under 'atrocity' with weight 1" in msg


def test_all_problems_of_a_file_are_reported_at_once(tmp_path):
    path = write(tmp_path, "term,category,weight\n,a,1\nb,,1\nc,c,x\n9/11,d,1\n")
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert [p.split(": ")[1] for p in info.value.problems] == [
        "line 2",
        "line 3",
        "line 4",
        "line 5",
    ]


def test_line_numbers_count_line_breaks_inside_quoted_fields(tmp_path):
    path = write(tmp_path, 'term,category,note\ngenocide,a,"two\nlines"\n,b,\n')
    assert "line 4: empty term" in error_of(path)


def test_surplus_fields_are_an_error(tmp_path):
    path = write(tmp_path, "term,category\ngenocide,atrocity,extra\n")
    assert "line 2: more fields than the header has columns" in error_of(path)


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "lex.csv"
    path.write_bytes(b"term,category\ngenocide,a\nmassacre,\xff\n")
    assert f"{path}: line 3: not valid UTF-8" in error_of(path)


def test_empty_lexicon_and_missing_file_and_wrong_suffix(tmp_path):
    assert "has no entries" in error_of(write(tmp_path, "term,category\n"))
    assert "lexicon file not found" in error_of(tmp_path / "nope.csv")
    assert "not a lexicon file" in error_of(write(tmp_path, "x", name="lex.txt"))


# -------------------------------------------------------------------------------- .dic files


def test_dic_file(fixtures_dir):
    lex = load_lexicon(fixtures_dir / "scoring" / "tiny_mfd.dic")
    pairs = list(zip(lex.entries["term"], lex.entries["category"], strict=True))
    # worked out from the fixture: 'protect' has codes 1 and 3, 'guard' 03 and 1 (03 == 3),
    # 'peace keeper 1' has no tab so the trailing number is its code
    assert pairs == [
        ("safe*", "care.virtue"),
        ("protect", "care.virtue"),
        ("protect", "authority.virtue"),
        ("kill*", "care.vice"),
        ("war crime", "care.vice"),
        ("peace keeper", "care.virtue"),
        ("guard", "authority.virtue"),
        ("guard", "care.virtue"),
    ]
    assert lex.categories == ["care.virtue", "authority.virtue", "care.vice"]
    assert set(lex.entries["weight"]) == {1.0}


def test_dic_without_header(tmp_path):
    path = write(tmp_path, "safe*\t1\n", name="x.dic")
    assert f"{path}: line 1: a .dic file starts with a line holding only '%'" in error_of(path)


def test_dic_unclosed_header(tmp_path):
    path = write(tmp_path, "%\n1\tcare\nsafe*\t1\n", name="x.dic")
    assert "never closed" in error_of(path)


def test_dic_unknown_category_number(tmp_path):
    path = write(tmp_path, "%\n1\tcare\n%\nsafe*\t1\nkill\t2\n", name="x.dic")
    assert f"{path}: line 5: category number(s) 2 are not in the header" in error_of(path)


def test_dic_conditional_codes_are_refused(tmp_path):
    path = write(tmp_path, "%\n1\ta\n2\tb\n%\nlike\t1 2/1 (1 2)1\n", name="x.dic")
    assert "line 5: category codes" in error_of(path)
    assert "not plain numbers" in error_of(path)


def test_dic_entry_without_codes_and_bad_header_line(tmp_path):
    assert "line 4: 'safe' has no category numbers" in error_of(
        write(tmp_path, "%\n1\tcare\n%\nsafe\n", name="a.dic")
    )
    assert "line 2: header line should be 'number<TAB>category'" in error_of(
        write(tmp_path, "%\ncare\n%\nsafe\t1\n", name="b.dic")
    )


# ------------------------------------------------------------------------------ several files


def test_several_files_give_a_term_several_categories(tmp_path):
    a = write(tmp_path, "term,category\ngenocide,atrocity\nblockade,victimhood\n", "a.csv")
    b = write(tmp_path, "term,category\ngenocide,legal\nblockade,victimhood\n", "b.csv")
    with pytest.warns(LexiconWarning, match="'blockade' under 'victimhood' is already in"):
        lex = load_lexicon([a, b])
    assert list(zip(lex.entries["term"], lex.entries["category"], strict=True)) == [
        ("genocide", "atrocity"),
        ("blockade", "victimhood"),
        ("genocide", "legal"),
    ]
    assert lex.name == "a+b"
    assert lex.path == (a, b)
    expected = hashlib.sha256(
        (
            hashlib.sha256(a.read_bytes()).hexdigest()
            + "\n"
            + hashlib.sha256(b.read_bytes()).hexdigest()
        ).encode()
    ).hexdigest()
    assert lex.sha256 == expected


def test_load_lexicon_passes_a_lexicon_through():
    lex = Lexicon.from_frame(pd.DataFrame({"term": ["x"], "category": ["c"]}))
    assert load_lexicon(lex) is lex


# ------------------------------------------------------------------------------- in memory


def test_from_frame_validates_with_row_numbers():
    df = pd.DataFrame({"term": ["genocide", "9/11", None], "category": ["a", "b", "c"]})
    with pytest.raises(LexiconError) as info:
        Lexicon.from_frame(df, name="mine")
    msg = str(info.value)
    assert "<mine>: row 1: term '9/11' contains '/'" in msg
    assert "<mine>: row 2: empty term" in msg


def test_from_frame_defaults_and_stable_sha():
    df = pd.DataFrame({"term": ["genocide"], "category": ["a"], "weight": [None]})
    lex = Lexicon.from_frame(df)
    assert lex.entries["weight"].tolist() == [1.0]
    assert lex.path is None
    assert lex.sha256 == Lexicon.from_frame(df.copy()).sha256
    assert "1 entries" in repr(lex)


# ------------------------------------------------------------------------------------ naming


def test_load_naming(tmp_path):
    path = write(
        tmp_path,
        "referent,variant,note\nregion,Nagorno-Karabakh,intl\nregion,Artsakh,arm\n"
        "city,Stepanakert,arm\n",
    )
    lex = load_naming(path)
    assert lex.entries["term"].tolist() == ["Nagorno-Karabakh", "Artsakh", "Stepanakert"]
    assert lex.categories == ["region", "city"]
    assert lex.entries["note"].tolist() == ["intl", "arm", "arm"]


def test_naming_variant_under_two_referents_is_an_error(tmp_path):
    path = write(tmp_path, "referent,variant\nregion,Karabakh\nforces,karabakh\n")
    with pytest.raises(LexiconError, match=r"line 3: 'karabakh' is already listed at line 2"):
        load_naming(path)


def test_naming_missing_column(tmp_path):
    path = write(tmp_path, "referent,name\nregion,Karabakh\n")
    with pytest.raises(LexiconError, match=r"line 1: missing column\(s\) variant"):
        load_naming(path)


# ------------------------------------------------------------------------- shipped lexicons


def test_default_lexicon_contents():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the shipped file has no repeats either
        lex = load_lexicon(config.DEFAULT_LEXICON)
    e = lex.entries
    assert 150 <= len(e) <= 300
    assert set(lex.categories) == {
        "atrocity_claim",
        "delegitimising_label",
        "legitimising_label",
        "force_triumph",
        "blame",
        "victimhood",
        "euphemism",
    }
    category = dict(zip(e["term"], e["category"], strict=True))
    assert category["iron fist"] == "force_triumph"
    assert category["crushing victory"] == "force_triumph"
    assert category["ethnic cleansing"] == "atrocity_claim"
    assert category["genocide"] == "atrocity_claim"
    assert category["blockade"] == "victimhood"
    assert category["separatists"] == "delegitimising_label"
    assert (e["note"].str.len() > 10).all(), "every term needs a note on why it is loaded"


def test_default_lexicon_avoids_unsafe_wildcards():
    terms = set(load_lexicon(config.DEFAULT_LEXICON).entries["term"])
    # each of these prefixes would hit an innocent word: regiment, puppeteer, heroin, Nazir
    assert not {"regime*", "puppet*", "hero*", "nazi*", "terror*"} & terms


def test_default_lexicon_has_no_hedges_or_reporting_verbs(datasets_dir):
    """Hedges and reporting verbs are voice markers; a loaded-term lexicon must not count them."""
    folder = datasets_dir / "lexicons_recasens2013"
    if not folder.is_dir():
        pytest.skip("Recasens et al. 2013 lexicons not present")
    terms = {t.lower() for t in load_lexicon(config.DEFAULT_LEXICON).entries["term"]}
    for name in ("hedges_hyland2005.txt", "report_verbs.txt"):
        words = {
            line.strip().lower()
            for line in (folder / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        }
        assert len(words) > 50, name  # the lists hold 100 and 181 entries
        assert not terms & words, name


def test_default_naming_file():
    lex = load_naming(config.DEFAULT_NAMING)
    variants = dict(zip(lex.entries["term"], lex.entries["category"], strict=True))
    assert variants["Artsakh"] == variants["Nagorno-Karabakh"] == variants["Garabagh"]
    assert variants["Stepanakert"] == variants["Khankendi"]
    assert variants["separatists"] == variants["Karabakh Defense Army"]
    assert variants["offensive"] == variants["anti-terrorist measures"]
    assert variants["exodus"] == variants["voluntary departure"]
    assert variants["Shusha"] == variants["Shushi"]
    assert variants["Lachin corridor"] == variants["Lachin road"]


# ------------------------------------------------------------------------------------- CLI


def test_cli_check_default_folder(capsys):
    assert cli_main(["lexicon", "check"]) == 0
    out = capsys.readouterr().out
    assert "conflict_terms.csv: 299 entries, 7 categories (terms), provenance v" in out


def test_cli_check_reports_a_bad_file(tmp_path, capsys):
    bad = write(tmp_path, "term,category\n9/11,x\n")
    assert cli_main(["lexicon", "check", "--no-provenance", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"FAIL {bad}" in out
    assert "line 2: term '9/11' contains '/'" in out


def test_cli_check_needs_provenance_unless_told(tmp_path, capsys):
    good = write(tmp_path, "term,category\ngenocide,x\n")
    assert cli_main(["lexicon", "check", str(good)]) == 1
    assert (
        "no provenance sidecar (expected lex.provenance.json beside it)" in capsys.readouterr().out
    )
    assert cli_main(["lexicon", "check", "--no-provenance", str(good)]) == 0


def test_cli_check_recognises_naming_and_actors_files(tmp_path, capsys):
    naming = write(tmp_path, "referent,variant\nregion,Artsakh\n", "names.csv")
    actors = write(tmp_path, "name,actor,side\nAliyev,Ilham Aliyev,Azerbaijan\n", "actors.csv")
    assert cli_main(["lexicon", "check", "--no-provenance", str(naming), str(actors)]) == 0
    out = capsys.readouterr().out
    assert "names.csv: 1 entries, 1 categories (naming)" in out
    assert "actors.csv: 1 entries, 1 categories (actors)" in out
    no_side = write(tmp_path, "name,actor,side\nAliyev,Ilham Aliyev,\n", "bad_actors.csv")
    assert cli_main(["lexicon", "check", "--no-provenance", str(no_side)]) == 1
    assert "line 2: empty side for 'Aliyev'" in capsys.readouterr().out


def test_cli_hash(tmp_path, capsys):
    path = write(tmp_path, "term,category\ngenocide,x\n")
    assert cli_main(["lexicon", "hash", str(path)]) == 0
    assert capsys.readouterr().out.strip() == hashlib.sha256(path.read_bytes()).hexdigest()
