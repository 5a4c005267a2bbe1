"""Own-voice denominators: tokens by voice (voice_token_counts) and the rates per 1,000 tokens
of the same voice (rates: n_tokens_voice, share_tokens_voice, rate_per_1k_voice and interval)."""

from __future__ import annotations

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest

import analysis
from analysis.comparison.groups import RATE_VOICES
from analysis.comparison.rates import RATES_COLUMNS, rates
from analysis.corpus.schema import coerce_corpus
from analysis.scoring.summaries import voice_token_counts
from analysis.stats.bootstrap import bootstrap_ratio
from analysis.stats.intervals import group_rng
from analysis.text.tokens import iter_tokens
from analysis.voice.annotator import VoiceAnnotator

HIT_COLS = ["doc_id", "category", "voice", "weight"]


def build(doc_id, segments):
    """A document from segments (kind, n_words): "a" authorial words, "q" a quote of n words
    (inside curly quotes), "r" n words of reported speech. Returns (text, attribution rows)."""
    text, rows = "", []
    for kind, n in segments:
        words = " ".join(["word"] * n)
        if text:
            text += " "
        if kind == "q":
            text += "\u201c"
            rows.append((doc_id, len(text), len(text) + len(words), "quoted", pd.NA, words))
            text += words + "\u201d"
        else:
            if kind == "r":
                rows.append((doc_id, len(text), len(text) + len(words), "reported", "x", words))
            text += words
    return text, rows


def corpus_and_attributions(docs):
    """docs: (doc_id, outlet, segments)."""
    texts, att = [], []
    for doc_id, _, segments in docs:
        t, rows = build(doc_id, segments)
        texts.append(t)
        att += rows
    corpus = coerce_corpus(
        pd.DataFrame(
            {"doc_id": [d[0] for d in docs], "outlet": [d[1] for d in docs], "text": texts}
        )
    )
    attributions = pd.DataFrame(att, columns=["doc_id", "start", "end", "kind", "speaker", "text"])
    return corpus, attributions


# Outlet A writes plainly; outlet B quotes a lot. Both use 10 loaded words per 1,000 of their
# own words in their own voice.
DOCS = [
    ("a1", "A", [("a", 300), ("q", 50), ("a", 150)]),  # 500 tokens: 450 authorial, 50 quoted
    ("a2", "A", [("a", 200), ("r", 60), ("a", 240)]),  # 500: 440 authorial, 60 reported
    ("a3", "A", [("a", 110)]),  # 110: all authorial
    ("b1", "B", [("a", 100), ("q", 150), ("a", 100), ("r", 150)]),  # 500: 200 a, 150 q, 150 r
    ("b2", "B", [("q", 100), ("a", 300), ("q", 100)]),  # 500: 300 authorial, 200 quoted
]
CORPUS, ATTRIBUTIONS = corpus_and_attributions(DOCS)
HITS = pd.DataFrame(
    # A: authorial 4 + 5 + 1 = 10 hits on 1,000 authorial tokens; B: 2 + 3 = 5 on 500.
    [("a1", "atrocity", "authorial", 1.0)] * 4
    + [("a2", "atrocity", "authorial", 1.0)] * 5
    + [("a3", "atrocity", "authorial", 1.0)]
    + [("a1", "atrocity", "quoted", 1.0)] * 2
    + [("b1", "atrocity", "authorial", 1.0)] * 2
    + [("b2", "atrocity", "authorial", 1.0)] * 3
    + [("b1", "atrocity", "quoted", 1.0)] * 6
    + [("b2", "atrocity", "quoted", 1.0)] * 2
    + [("b1", "atrocity", "reported", 1.0)] * 3,
    columns=HIT_COLS,
)


@pytest.fixture(scope="module")
def table():
    return rates(CORPUS, HITS, attributions=ATTRIBUTIONS, categories=["atrocity"], n_boot=300)


def row(t, group, voice, category="atrocity"):
    r = t[(t["group"] == group) & (t["category"] == category) & (t["voice"] == voice)]
    assert len(r) == 1
    return r.iloc[0]


def test_token_voices_from_attribution_spans_by_hand():
    got = voice_token_counts(CORPUS, attributions=ATTRIBUTIONS).set_index("doc_id")
    # segment sizes of DOCS
    assert got.loc["a1"].tolist() == [450, 50, 0]
    assert got.loc["a2"].tolist() == [440, 0, 60]
    assert got.loc["a3"].tolist() == [110, 0, 0]
    assert got.loc["b1"].tolist() == [200, 150, 150]
    assert got.loc["b2"].tolist() == [300, 200, 0]
    assert list(got.columns) == ["authorial_tokens", "quoted_tokens", "reported_tokens"]


def test_token_voices_from_codes_given_by_the_caller_by_hand():
    from analysis.scoring.summaries import token_voice_codes

    spans = {d: [] for d in CORPUS["doc_id"]}
    for d, k, a, b in zip(ATTRIBUTIONS["doc_id"], ATTRIBUTIONS["kind"], ATTRIBUTIONS["start"],
                          ATTRIBUTIONS["end"], strict=True):
        spans[d].append((k, a, b))
    codes = [token_voice_codes(t, spans[d])[2] if spans[d] else None
             for d, t in zip(CORPUS["doc_id"], CORPUS["text"], strict=True)]
    got = voice_token_counts(CORPUS, codes=codes).set_index("doc_id")
    assert got.loc["b1"].tolist() == [200, 150, 150]  # the segment sizes of DOCS again
    pd.testing.assert_frame_equal(
        got, voice_token_counts(CORPUS, attributions=ATTRIBUTIONS).set_index("doc_id")
    )
    with pytest.raises(ValueError, match="4 code arrays for 5 documents"):
        voice_token_counts(CORPUS, codes=codes[:4])


def test_token_voices_from_the_annotator_by_hand():
    texts = [
        "The army said the town was safe. Residents described \u201ca massacre\u201d in the "
        "square. The road is closed.",
        "According to the ministry, 40 people died. \u201cWe will rebuild,\u201d the mayor said.",
    ]
    corpus = coerce_corpus(pd.DataFrame({"doc_id": ["d1", "d2"], "outlet": "A", "text": texts}))
    got = voice_token_counts(corpus).set_index("doc_id")
    # d1 (18 tokens): reported "the town was safe" (4) and "in the square" (3), after
    # "described"; quoted "a massacre" (2); authorial: The army said, Residents described, The
    # road is closed (3 + 2 + 4 = 9).
    assert got.loc["d1"].tolist() == [9, 2, 7]
    # d2 (13 tokens): reported "40 people died" (3); quoted "We will rebuild" (3); authorial:
    # According to the ministry, the mayor said (4 + 3 = 7).
    assert got.loc["d2"].tolist() == [7, 3, 3]


def test_token_voices_agree_with_the_voice_of_a_hit_on_each_token(seed_text):
    # The rule voice_token_counts applies to spans must give every token the voice that
    # VoiceAnnotator.annotate gives a hit on that token (the hits' voices in analysis.score).
    corpus = coerce_corpus(pd.DataFrame({"doc_id": ["seed"], "outlet": "x", "text": [seed_text]}))
    annotator = VoiceAnnotator().fit([seed_text])
    spans = [(s, e) for s, e, _ in iter_tokens(seed_text)]
    voices = [a["voice"] for a in annotator.annotate(seed_text, spans)]
    got = voice_token_counts(corpus, annotator=annotator).iloc[0]
    assert got["quoted_tokens"] > 0 and got["reported_tokens"] > 0
    assert [got[f"{v}_tokens"] for v in RATE_VOICES[1:]] == [
        voices.count(v) for v in RATE_VOICES[1:]
    ]


def test_own_voice_denominators_by_hand(table):
    a = row(table, "A", "authorial")
    # A: 1,110 tokens, 1,000 authorial (450 + 440 + 110); 10 authorial hits
    assert (a["n_tokens"], a["n_tokens_voice"], a["n_hits"]) == (1110, 1000, 10)
    assert a["share_tokens_voice"] == pytest.approx(1000 / 1110)
    assert a["rate_per_1k"] == pytest.approx(10 / 1110 * 1000)  # 9.009 per 1,000 tokens
    assert a["rate_per_1k_voice"] == pytest.approx(10.0)  # per 1,000 of its own words
    b = row(table, "B", "authorial")
    # B: 1,000 tokens, 500 authorial (200 + 300); 5 authorial hits: 5 per 1,000 tokens, but
    # the same 10 per 1,000 own words as A. The all-token rate halves because B quotes half.
    assert (b["n_tokens"], b["n_tokens_voice"], b["n_hits"]) == (1000, 500, 5)
    assert b["rate_per_1k"] == pytest.approx(5.0)
    assert b["rate_per_1k_voice"] == pytest.approx(10.0)
    assert b["share_tokens_voice"] == pytest.approx(0.5)
    # B quoted: 8 hits on 350 quoted tokens (150 + 200) -> 22.857 per 1,000 quoted words
    q = row(table, "B", "quoted")
    assert (q["n_tokens_voice"], q["n_hits"], q["n_docs_voice"]) == (350, 8, 2)
    assert q["rate_per_1k_voice"] == pytest.approx(8 / 350 * 1000)
    # A reported: no reported hit, 60 reported tokens in one document
    r = row(table, "A", "reported")
    assert (r["n_tokens_voice"], r["n_docs_voice"], r["rate_per_1k_voice"]) == (60, 1, 0.0)


def test_token_shares_add_up_and_all_voice_is_the_plain_rate(table):
    for g in ("A", "B"):
        sub = table[(table["group"] == g) & (table["category"] == "atrocity")].set_index("voice")
        assert sub.loc[list(RATE_VOICES[1:]), "n_tokens_voice"].sum() == sub.loc["all", "n_tokens"]
        assert sub.loc[list(RATE_VOICES[1:]), "share_tokens_voice"].sum() == pytest.approx(1.0)
        every = sub.loc["all"]
        assert every["n_tokens_voice"] == every["n_tokens"]
        assert every["share_tokens_voice"] == 1.0
        # same numerator, same denominator, same resamples: the same interval
        assert every["rate_per_1k_voice"] == every["rate_per_1k"]
        assert (every["ci_low_voice"], every["ci_high_voice"]) == (
            every["ci_low"],
            every["ci_high"],
        )


def test_own_voice_interval_comes_from_the_same_resamples(table):
    # The group's weights are drawn first from group_rng(seed, "rates", group), whatever the
    # columns, so bootstrapping the authorial column alone with that generator reproduces it.
    tokens = {"a1": 450.0, "a2": 440.0, "a3": 110.0}
    hits = {"a1": 4.0, "a2": 5.0, "a3": 1.0}
    alone = bootstrap_ratio(
        np.array(list(hits.values())),
        np.array(list(tokens.values())),
        n_boot=300,
        rng=group_rng(analysis.config.DEFAULT_SEED, "rates", "A"),
        scale=1000.0,
        bounds=(0.0, None),
    )
    a = row(table, "A", "authorial")
    assert (a["ci_low_voice"], a["ci_high_voice"]) == pytest.approx((alone.ci_low, alone.ci_high))
    assert a["ci_method_voice"] == alone.method == "expanded-percentile"  # 3 documents
    assert a["ci_low_voice"] <= 10.0 <= a["ci_high_voice"]


def test_rates_columns_keep_the_issue_order_then_add_the_voice_columns(table):
    # the first nine columns are fixed by the issue (tested in tests/comparison/test_rates.py); the own-voice
    # columns come last
    assert list(table.columns) == RATES_COLUMNS
    assert RATES_COLUMNS[-7:] == [
        "n_tokens_voice",
        "share_tokens_voice",
        "n_docs_voice",
        "rate_per_1k_voice",
        "ci_low_voice",
        "ci_high_voice",
        "ci_method_voice",
    ]


def test_voice_tokens_table_gives_the_same_rates(table):
    vt = voice_token_counts(CORPUS, attributions=ATTRIBUTIONS)
    other = rates(CORPUS, HITS, voice_tokens=vt, categories=["atrocity"], n_boot=300)
    pd.testing.assert_frame_equal(other, table)


def test_voice_tokens_that_do_not_match_the_corpus_are_reported():
    vt = voice_token_counts(CORPUS, attributions=ATTRIBUTIONS)
    with pytest.raises(ValueError, match="no row for 1 document.*b2"):
        rates(CORPUS, HITS, voice_tokens=vt[vt["doc_id"] != "b2"], n_boot=10)
    off = vt.copy()
    off.loc[off["doc_id"] == "a3", "authorial_tokens"] = 100
    with pytest.raises(ValueError, match=r"do not add up .* a3 \(100 vs 110\)"):
        rates(CORPUS, HITS, voice_tokens=off, n_boot=10)
    with pytest.raises(ValueError, match="missing column.*quoted_tokens"):
        rates(CORPUS, HITS, voice_tokens=vt.drop(columns="quoted_tokens"), n_boot=10)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"doc_id": "zz"}, "doc_id.*zz"),
        ({"kind": "paraphrase"}, "kind.*paraphrase"),
        ({"end": 10_000}, "does not lie inside the text"),
    ],
)
def test_bad_attributions_are_named(bad, message):
    att = ATTRIBUTIONS.head(1).assign(**bad)
    with pytest.raises(ValueError, match=message):
        voice_token_counts(CORPUS, attributions=att)


def test_token_voices_agree_with_hit_voices_on_the_demo_corpus():
    # Same check as above over every token of the demo corpus (25,000 tokens), with the
    # annotator analysis.score fits by default.
    corpus = analysis.load_corpus(analysis.config.DEMO_DIR)
    annotator = VoiceAnnotator().fit(corpus["text"].tolist())
    got = voice_token_counts(corpus, annotator=annotator)
    for text, (_, row) in zip(corpus["text"], got.iterrows(), strict=True):
        spans = [(s, e) for s, e, _ in iter_tokens(text)]
        voices = [a["voice"] for a in annotator.annotate(text, spans)] if spans else []
        assert [row[f"{v}_tokens"] for v in RATE_VOICES[1:]] == [
            voices.count(v) for v in RATE_VOICES[1:]
        ], row["doc_id"]


def test_plots_say_which_denominator_they_use(table):
    fig = analysis.plot_rates(table, category="atrocity")
    assert fig.axes[0].get_xlabel() == "hits per 1,000 tokens"
    assert "Denominator: all tokens" in analysis.caption_for(fig)
    own = analysis.plot_rates(table, category="atrocity", denominator="voice")
    assert own.axes[0].get_xlabel() == "hits per 1,000 words in the same voice"
    caption = analysis.caption_for(own)
    assert "Denominator: the words of the same voice" in caption
    # the caption quotes the highest authorial rate on this scale: A and B both 10.00
    assert "A, 10.00 [" in caption and "per 1,000 of the outlet's own words" in caption
    # the bars are the own-voice rates: B's authorial bar is 10 (5 on the all-token scale)
    blue = mpl.colors.to_rgba(analysis.VOICE_COLORS["authorial"])
    widths = [b.get_width() for b in own.axes[0].patches if b.get_facecolor() == blue]
    assert widths == pytest.approx([10.0, 10.0])  # A, B
    widths = [b.get_width() for b in fig.axes[0].patches if b.get_facecolor() == blue]
    assert widths == pytest.approx([10 / 1110 * 1000, 5.0])
    heat = analysis.plot_heatmap(table, voice="authorial", denominator="voice")
    assert "per 1,000 of the outlet's own words" in analysis.caption_for(heat)
    with pytest.raises(ValueError, match="no weighted rate per 1,000 tokens of the same voice"):
        analysis.plot_rates(table, weighted=True, denominator="voice")
    with pytest.raises(ValueError, match="denominator must be 'all' or 'voice'"):
        analysis.plot_rates(table, denominator="quoted")
