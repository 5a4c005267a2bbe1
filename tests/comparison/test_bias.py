"""Bias rates per outlet (analysis.comparison.bias): sentences of the side table, their voice
by the stated rule, and a model that calls a sentence biased when it says "awful"."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.figures.style import caption_for


class AwfulModel:
    """A stand-in for a fitted pipeline: Biased exactly when the sentence says "awful"."""

    classes_ = np.array(["Biased", "Non-biased"])

    def predict_proba(self, texts):
        p = np.array([1.0 if "awful" in t else 0.0 for t in texts])
        return np.column_stack([p, 1 - p])


MODEL = analysis.BiasModel(AwfulModel(), "Biased", {"caveat": "test"}, "0" * 64)

TEXTS = {
    # Alpha: 2 own sentences (1 awful), 1 quoted sentence (awful)
    "a1": 'The plan is awful. Officials met on Monday. "It is awful and wrong," said Ann Lee.',
    "a2": "Talks resumed in the capital.",
    # Beta: 1 own sentence, 1 reported sentence (awful)
    "b1": "The talks resumed. Ann Lee said that the plan was awful and would fail soon.",
    "b2": "Prices rose sharply.",
}


def corpus() -> pd.DataFrame:
    return analysis.coerce_corpus(
        pd.DataFrame(
            {"doc_id": list(TEXTS), "outlet": ["Alpha", "Alpha", "Beta", "Beta"],
             "text": list(TEXTS.values())}
        )  # fmt: skip
    )


def test_sentence_voice_rule():
    table = pd.DataFrame(
        {
            "authorial_share": [1.0, 0.5, 0.4, 0.2, 0.0],
            "quoted_share": [0.0, 0.5, 0.3, 0.4, 0.5],
            "reported_share": [0.0, 0.0, 0.3, 0.4, 0.5],
        }
    )
    # at least half authorial: own; else the larger of quoted and reported, a tie quoted
    assert analysis.sentence_voices(table).tolist() == [
        "own", "own", "quoted", "quoted", "quoted"
    ]  # fmt: skip
    table.loc[4, "reported_share"] = 0.6
    assert analysis.sentence_voices(table)[4] == "reported"


def test_bias_rates_count_sentences_by_voice():
    c = corpus()
    tables = analysis.score_tables(c, analysis.config.DEFAULT_LEXICON)
    voices = dict(zip(tables.sentences["start"].astype(str) + tables.sentences["doc_id"],
                      analysis.sentence_voices(tables.sentences), strict=True))
    assert len(voices) == 7  # 3 + 1 + 2 + 1 sentences
    bias = analysis.bias_rates(c, MODEL, sentences=tables.sentences, n_boot=200)
    assert list(bias.columns) == analysis.BIAS_COLUMNS
    r = bias.set_index(["group", "voice"])
    assert r.loc[("Alpha", "all"), ["n_sentences", "n_biased"]].tolist() == [4, 2]
    assert r.loc[("Alpha", "own"), ["n_sentences", "n_biased"]].tolist() == [3, 1]
    assert r.loc[("Alpha", "quoted"), ["n_sentences", "n_biased"]].tolist() == [1, 1]
    assert r.loc[("Alpha", "quoted_or_reported"), "share_biased"] == 1.0
    assert r.loc[("Beta", "reported"), ["n_sentences", "n_biased"]].tolist() == [1, 1]
    assert r.loc[("Beta", "own"), "share_biased"] == 0.0
    assert r.loc[("Beta", "all"), "share_biased"] == pytest.approx(1 / 3)
    ok = bias.dropna(subset=["ci_low"])
    assert (ok["ci_low"] <= ok["share_biased"] + 1e-12).all()
    assert (ok["share_biased"] <= ok["ci_high"] + 1e-12).all()
    # without the side table: built once, same numbers
    again = analysis.bias_rates(c, MODEL, n_boot=200)
    pd.testing.assert_frame_equal(bias, again)
    summary = analysis.bias_summary(bias)
    assert summary.columns.tolist() == ["group", "sentences", "own", "quoted or reported", "all"]
    assert summary.iloc[0]["sentences"] == 4 and summary.iloc[0]["own"].startswith("0.33")


def test_bias_rates_read_the_text_a_chunk_at_a_time_and_without_the_text_column(monkeypatch):
    from analysis.comparison import bias as bias_module

    c = corpus()
    sentences = analysis.score_tables(c, analysis.config.DEFAULT_LEXICON).sentences
    whole = analysis.bias_rates(c, MODEL, sentences=sentences, n_boot=200)
    # one document's text at a time: the same counts (Alpha 4 sentences, 2 biased) and table
    monkeypatch.setattr(bias_module, "BIAS_CHUNK", 1)
    chunked = analysis.bias_rates(c, MODEL, sentences=sentences, n_boot=200)
    pd.testing.assert_frame_equal(whole, chunked)
    # the text held elsewhere (as a workspace leaves it on disk), the sentence table reversed
    texts = c["text"].copy()
    reversed_sentences = sentences.iloc[::-1].reset_index(drop=True)
    apart = analysis.bias_rates(c.drop(columns="text"), MODEL, sentences=reversed_sentences,
                                texts=texts, n_boot=200)
    pd.testing.assert_frame_equal(whole, apart)
    r = apart.set_index(["group", "voice"])
    assert r.loc[("Alpha", "all"), ["n_sentences", "n_biased"]].tolist() == [4, 2]
    with pytest.raises(ValueError, match="bias_rates: the corpus has no text column"):
        analysis.bias_rates(c.drop(columns="text"), MODEL, sentences=sentences)
    # the spans alone (as compare reads them without a bias model) are not enough
    with pytest.raises(ValueError, match="bias_rates: sentences table.*n_tokens"):
        analysis.bias_rates(c, MODEL, sentences=sentences[["doc_id", "start", "end"]])


def test_bias_rates_refuse_a_sentence_beyond_its_text():
    c = corpus()
    sentences = analysis.score_tables(c, analysis.config.DEFAULT_LEXICON).sentences
    bad = sentences.copy()
    row = bad.index[bad["doc_id"] == "a2"][0]
    bad.loc[row, "end"] = len(TEXTS["a2"]) + 5  # checked where the text is read
    with pytest.raises(ValueError, match=r"sentences of 'a2': span \(0, 34\)"):
        analysis.bias_rates(c.drop(columns="text"), MODEL, sentences=bad, texts=c["text"])


def test_compare_adds_the_bias_table_and_the_models_provenance(tmp_path):
    from tests.models.test_bias import fitted

    path = analysis.save_bias_model(
        fitted(), tmp_path / "m.json", provenance={"caveat": "invented", "cv": {}}
    )
    result = analysis.compare(corpus(), analysis.score_tables(corpus()), bias_model=path,
                              n_boot=50)  # fmt: skip
    assert set(result.bias["voice"]) == set(analysis.BIAS_VOICES)
    assert result.params["bias_model_sha256"] == analysis.load_bias_model(path).sha256
    assert result.params["bias_model_provenance"]["caveat"] == "invented"
    written = {p.name for p in result.to_dir(tmp_path / "out")}
    assert "bias.csv" in written
    assert analysis.compare(corpus(), analysis.score_tables(corpus()), n_boot=50).bias is None


def test_bias_chart_has_a_caption_with_the_models_error():
    bias = analysis.bias_rates(corpus(), MODEL, n_boot=50)
    fig = analysis.plot_bias_rates(bias, model_score="macro-F1 0.76 [0.75, 0.78]")
    assert "macro-F1 0.76" in caption_for(fig) and "may not transfer" in caption_for(fig)
    empty = analysis.plot_bias_rates(bias.assign(n_sentences=0))
    assert caption_for(empty)


def test_cli_compare_with_a_bias_model(tmp_path):
    from analysis.cli import main
    from tests.models.test_bias import fitted

    model = analysis.save_bias_model(fitted(), tmp_path / "m.json", provenance={"caveat": "x"})
    src = tmp_path / "corpus.csv"
    corpus()[["doc_id", "outlet", "text"]].to_csv(src, index=False)
    out = tmp_path / "out"
    args = ["-q", "compare", str(src), "--bias-model", str(model), "--n-boot", "20", "-o", str(out)]
    assert main(args) == 0
    bias = analysis.read_csv(out / "bias.csv")
    assert list(bias.columns) == analysis.BIAS_COLUMNS
    (tmp_path / "bad.json").write_text("{}")
    assert main([*args[:4], str(tmp_path / "bad.json"), *args[5:]]) == 1  # refused before work
