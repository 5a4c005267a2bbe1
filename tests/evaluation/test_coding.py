"""Accuracy on the user's own corpus: sample-hits and agreement (issue 10, point 5); by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.cli import main as cli_main
from analysis.evaluation.coding import coding_agreement, read_coded, sample_hits


def _hits(n_per):
    rows = []
    for (outlet, voice), n in n_per.items():
        rows += [{"doc_id": f"{outlet}{voice}{i % 3}", "outlet": outlet, "start": i, "end": i + 1,
                  "matched": "x", "term": "x", "voice": voice, "speaker": None,
                  "sentence": "x."} for i in range(n)]
    return pd.DataFrame(rows)


def test_sample_is_stratified_by_outlet_and_voice():
    hits = _hits({("A", "authorial"): 50, ("A", "quoted"): 3, ("B", "authorial"): 10,
                  ("B", "reported"): 20})
    s = sample_hits(hits, 20, seed=1)
    counts = s.groupby(["outlet", "voice"]).size().to_dict()
    # 4 strata share 20: the small one (3) gives all it has; the other three share the rest
    assert counts == {("A", "authorial"): 6, ("A", "quoted"): 3, ("B", "authorial"): 5,
                      ("B", "reported"): 6} or sum(counts.values()) == 20
    assert counts[("A", "quoted")] == 3 and sum(counts.values()) == 20
    assert s["sample_id"].tolist() == list(range(1, 21))
    assert (s["voice_coded"] == "").all() and sample_hits(hits, 20, seed=1).equals(s)


def test_agreement_by_hand():
    coded = pd.DataFrame({
        "doc_id": ["d1", "d1", "d2", "d3"], "outlet": ["A", "A", "B", "B"],
        "voice": ["quoted", "authorial", "reported", "authorial"],
        "speaker": ["Ann Lee", None, "the ministry", None],
        "voice_coded": ["quoted", "reported", "reported", ""],  # the last is uncoded
        "speaker_coded": ["Lee", "", "Ministry of Defence", ""],
    })
    table = coding_agreement(coded, n_boot=200).set_index(["measure", "by", "level"])
    assert table.loc[("voice", "all", "all"), "accuracy"] == pytest.approx(2 / 3)
    assert table.loc[("voice", "all", "all"), "n_hits"] == 3
    assert table.loc[("voice", "voice", "reported"), "accuracy"] == pytest.approx(1 / 2)
    assert table.loc[("voice", "outlet", "B"), "accuracy"] == 1.0
    # speakers over the coded quoted/reported hits with a coded speaker: both share a word
    assert table.loc[("speaker", "all", "all"), "accuracy"] == 1.0
    assert table.loc[("speaker_none", "all", "all"), "accuracy"] == 0.0
    with pytest.raises(ValueError, match="voice_coded must be one of"):
        coding_agreement(coded.assign(voice_coded="quote"))


def test_cli_round_trip(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text('{"doc_id": "a", "outlet": "X", "text": "The ministry warned of genocide against the people of the region. '
                   'The siege went on."}\n', encoding="utf-8")
    out = tmp_path / "to_code.csv"
    assert cli_main(["-q", "sample-hits", str(src), "-n", "5", "-o", str(out)]) == 0
    sample = read_coded(out)
    assert len(sample) == 2 and set(sample["voice"]) == {"reported", "authorial"}
    sample["voice_coded"] = sample["voice"]
    sample.to_csv(tmp_path / "coded.csv", index=False)
    capsys.readouterr()
    assert cli_main(["agreement", str(tmp_path / "coded.csv"), "-o", str(tmp_path / "a.csv")]) == 0
    assert "voice" in capsys.readouterr().out
    assert pd.read_csv(tmp_path / "a.csv").set_index(["measure", "by", "level"]).loc[
        ("voice", "all", "all"), "accuracy"] == 1.0
