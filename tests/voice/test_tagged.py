"""Attribution spans from a word tagger (analysis.voice.tagged), with a tagger written for the
tests: which words it calls reported is given by hand, so every span and speaker below is worked
out from the module's rules, not from a model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.voice.annotator import VoiceAnnotator
from analysis.voice.tagged import word_spans, word_voices, words_in


class HandTagger:
    """Calls the words at the given indices ``voice`` and every other word authorial; keeps the
    rules' voices it was given."""

    def __init__(self, indices, voice="reported"):
        self.indices = set(indices)
        self.voice = voice
        self.seen = []

    def tag(self, text, words, voices):
        self.seen.append(list(voices))
        out = np.full(len(words), "authorial", dtype=object)
        for i in self.indices:
            out[i] = self.voice
        return out


def spans(annotator, text):
    return [(r["text"], r["kind"], r["speaker"]) for r in annotator.attributions(text)]


def test_word_spans_and_voices_by_hand():
    text = "He said it was fine, “truly” so."
    assert word_spans(text).tolist() == [[0, 2], [3, 7], [8, 10], [11, 14], [15, 19],
                                         [22, 27], [29, 31]]  # fmt: skip
    # "it was fine" reported (8-19), "truly" quoted (22-27): quoted wins where both cover
    voices = word_voices(text, [(8, 27, "reported"), (22, 27, "quoted")])
    assert voices.tolist() == ["authorial", "authorial", "reported", "reported", "reported",
                               "quoted", "authorial"]  # fmt: skip
    # a word counts as covered when any of its characters is: "fine" by (18, 19)
    assert words_in(len(text), [(18, 19)], word_spans(text)).tolist() == [
        False, False, False, False, True, False, False]  # fmt: skip
    with pytest.raises(ValueError, match="'quoted' or 'reported'"):
        word_voices(text, [(0, 2, "authorial")])


def test_the_tagger_reads_the_rules_voices_and_adds_reported_speech_the_rules_missed():
    text = "In a town hall, Lena Brik took aim at the council's budget."
    # words: In a town hall Lena Brik took aim at the council s budget (0..12)
    assert spans(VoiceAnnotator(), text) == []  # the rules see no reporting construction
    tagger = HandTagger({9, 10, 11, 12})
    # the run "the council's budget"; no verb-subject right before it ("aim at"), so the
    # subject of its clause: the phrase after the comma, before the lower-case "took"
    assert spans(VoiceAnnotator(tagger=tagger), text) == [
        ("the council's budget", "reported", "Lena Brik")
    ]
    assert tagger.seen == [["authorial"] * 13]


def test_a_run_that_opens_a_sentence_continues_the_speaker_of_the_run_before_it():
    text = "Lena Brik said the bridge would close. It will reopen in May. The council met."
    # the rules report "the bridge would close." for Lena Brik; the tagger also takes the next
    # sentence, which names nobody: it continues the run that closed the sentence before
    tagger = HandTagger(range(3, 12))
    assert spans(VoiceAnnotator(tagger=tagger), text) == [
        ("the bridge would close", "reported", "Lena Brik"),
        ("It will reopen in May", "reported", "Lena Brik"),
    ]
    # a gap (an authorial sentence) between them breaks the continuation
    text2 = "Lena Brik said the bridge would close. The council met. It will reopen in May."
    # words: Lena Brik said the bridge would close The council met It will reopen in May
    tagger2 = HandTagger({3, 4, 5, 6, 10, 11, 12, 13, 14})
    assert spans(VoiceAnnotator(tagger=tagger2), text2) == [
        ("the bridge would close", "reported", "Lena Brik"),
        ("It will reopen in May", "reported", None),
    ]


def test_quotations_stay_the_rules_and_an_authorial_tagger_takes_reported_speech_away():
    text = "Residents said the plan was “a disgrace” and would fail."
    # words: Residents said the plan was a disgrace and would fail (0..9)
    rules = spans(VoiceAnnotator(), text)
    assert rules == [
        ("the plan was “a disgrace” and would fail.", "reported", "Residents"),
        ("a disgrace", "quoted", "Residents"),
    ]
    # the tagger calls everything authorial: the quotation stays (its marks decide it)
    assert spans(VoiceAnnotator(tagger=HandTagger(())), text) == [
        ("a disgrace", "quoted", "Residents")
    ]
    # reported on both sides of the quotation: one run over it (the quote neither breaks nor
    # ends it), trimmed to its last word (no final full stop, unlike the rules' span)
    both = VoiceAnnotator(tagger=HandTagger({2, 3, 4, 7, 8, 9}))
    assert spans(both, text) == [
        ("the plan was “a disgrace” and would fail", "reported", "Residents"),
        ("a disgrace", "quoted", "Residents"),
    ]
    # a tagger's "quoted" outside quotation marks is read as reported
    assert spans(VoiceAnnotator(tagger=HandTagger({2, 3}, "quoted")), text) == [
        ("the plan", "reported", "Residents"),
        ("a disgrace", "quoted", "Residents"),
    ]


def test_hit_voices_follow_the_tagged_spans_and_negation_stays_the_rules():
    text = "In a town hall, Lena Brik took aim at the council's budget. It was not cut."
    annotator = VoiceAnnotator(tagger=HandTagger({9, 10, 11, 12}))
    budget = text.index("budget")
    hall = text.index("hall")
    cut = text.index("cut")
    notes = annotator.annotate(text, [(budget, budget + 6), (hall, hall + 4), (cut, cut + 3)])
    assert [(n["voice"], n["speaker"]) for n in notes] == [
        ("reported", "Lena Brik"), ("authorial", None), ("authorial", None)]  # fmt: skip
    assert [n["negated"] for n in notes] == [False, False, True]
    reading = annotator.read(text, [(budget, budget + 6)])
    assert reading.annotations == notes[:1]
    assert [(r["kind"], r["speaker"]) for r in reading.attributions] == [("reported", "Lena Brik")]


def test_a_tagger_that_answers_wrongly_is_named():
    class Short:
        def tag(self, text, words, voices):
            return np.array(["authorial"], dtype=object)

    class Odd:
        def tag(self, text, words, voices):
            return np.array(["neutral"] * len(words), dtype=object)

    text = "Lena Brik said the bridge would close."
    with pytest.raises(ValueError, match=r"returned \(1,\) voices .* for 7 words"):
        VoiceAnnotator(tagger=Short()).attributions(text)
    with pytest.raises(ValueError, match="neutral"):
        VoiceAnnotator(tagger=Odd()).attributions(text)
    # a text without words never asks the tagger
    assert VoiceAnnotator(tagger=Odd()).attributions("— … —") == []


class NamingTagger(HandTagger):
    """A HandTagger that also says which words name a speaker."""

    def __init__(self, indices, named):
        super().__init__(indices)
        self.named = set(named)

    def tag(self, text, words, voices):
        flags = np.array([i in self.named for i in range(len(words))])
        return super().tag(text, words, voices), flags


def test_a_run_with_no_speaker_by_the_rules_takes_the_one_the_tagger_names():
    text = "Higher tolls for everyone, in the words of Councillor Lena Brik."
    # words: Higher tolls for everyone in the words of Councillor Lena Brik (0..10)
    run = {0, 1, 2, 3}
    # no rules' span, no cue, nothing before the run: no speaker without names
    assert spans(VoiceAnnotator(tagger=HandTagger(run)), text) == [
        ("Higher tolls for everyone", "reported", None)
    ]
    # the tagger names "Lena Brik": read as a noun phrase, the nearest named words to the run
    named = VoiceAnnotator(tagger=NamingTagger(run, {9, 10}))
    assert spans(named, text) == [("Higher tolls for everyone", "reported", "Lena Brik")]
    # named words that open with a preposition are mended; "of" alone names no one
    named = VoiceAnnotator(tagger=NamingTagger(run, {7, 8, 9, 10}))
    assert spans(named, text) == [
        ("Higher tolls for everyone", "reported", "Councillor Lena Brik")
    ]
    named = VoiceAnnotator(tagger=NamingTagger(run, {7}))
    assert spans(named, text) == [("Higher tolls for everyone", "reported", None)]
    # the rules' speaker comes first where the rules have one
    said = "Lena Brik said the bridge would close. The council met on Monday."
    # words: Lena Brik said the bridge would close The council met on Monday (0..11)
    assert spans(VoiceAnnotator(tagger=NamingTagger({3, 4, 5, 6}, {7, 8})), said) == [
        ("the bridge would close", "reported", "Lena Brik")
    ]


def test_named_words_before_the_run_come_before_nearer_ones_after_it():
    text = "The mayor, in a long speech on Monday: higher tolls for all, Brik too."
    # words: The mayor in a long speech on Monday higher tolls for all Brik too (0..13)
    run = {8, 9, 10, 11}
    # "The mayor" ends six words before the run, "Brik" stands right after it
    got = spans(VoiceAnnotator(tagger=NamingTagger(run, {0, 1, 12})), text)
    assert got == [("higher tolls for all", "reported", "mayor")]
    # with nothing named before the run, the words after it
    got = spans(VoiceAnnotator(tagger=NamingTagger(run, {12})), text)
    assert got == [("higher tolls for all", "reported", "Brik")]


def test_a_tagger_naming_speakers_for_the_wrong_number_of_words_is_named():
    class Wrong:
        def tag(self, text, words, voices):
            return np.full(len(words), "authorial", dtype=object), np.array([True])

    with pytest.raises(ValueError, match=r"named speakers for \(1,\) words"):
        VoiceAnnotator(tagger=Wrong()).attributions("Lena Brik said the bridge would close.")


class AfterUrged:
    """The rules' voices, and every word after "urged" in its text reported (a tagger that
    depends on the text only, so that any process reading the same text tags it the same)."""

    def tag(self, text, words, voices):
        out = np.array(voices, dtype=object)
        at = text.find(" urged ")
        if at >= 0:
            out[(words[:, 0] > at) & (out == "authorial")] = "reported"
        return out


def test_a_corpus_scored_in_parts_with_a_tagger_gives_the_tables_of_the_whole(tmp_path):
    import analysis
    from analysis import config
    from analysis.scoring.hits import default_annotator
    from analysis.workspace.cluster import Runner
    from analysis.workspace.score import score_in_parts

    corpus = analysis.load_corpus(config.DEMO_DIR)
    texts = corpus["text"].tolist()
    assert sum(" urged " in t for t in texts) >= 2  # the tagger changes something
    tagger = AfterUrged()
    whole = analysis.score_tables(corpus, config.DEFAULT_LEXICON,
                                  annotator=default_annotator(texts, tagger=tagger))  # fmt: skip
    rules = analysis.score_tables(corpus, config.DEFAULT_LEXICON)
    assert len(whole.attributions) != len(rules.attributions)
    parts = score_in_parts(corpus, analysis.load_lexicon(config.DEFAULT_LEXICON), tmp_path,
                           runner=Runner(), part_size=10, tagger=tagger)  # fmt: skip
    for name in ("hits", "attributions", "voice_tokens", "sentences"):
        a, b = getattr(whole, name), getattr(parts, name)
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def test_a_run_with_no_speaker_in_its_sentence_takes_the_last_one_named_before():
    text = "Lena Brik spoke to the council on Monday. Higher tolls for everyone."
    # words: Lena Brik spoke to the council on Monday Higher tolls for everyone (0..11)
    run = {8, 9, 10, 11}
    assert spans(VoiceAnnotator(tagger=NamingTagger(run, set())), text) == [
        ("Higher tolls for everyone", "reported", None)
    ]
    # named in the sentence before: its last named words ("the council", not "Lena Brik")
    assert spans(VoiceAnnotator(tagger=NamingTagger(run, {0, 1, 4, 5})), text) == [
        ("Higher tolls for everyone", "reported", "council")
    ]


def test_a_hit_takes_the_last_quotation_holding_it_else_the_first_attribution():
    from analysis.voice.annotator import _voices_from

    found = [  # sorted by start, as the annotator gives them
        {"start": 0, "end": 50, "kind": "reported", "speaker": "Lind"},
        {"start": 10, "end": 40, "kind": "quoted", "speaker": "Vale"},
        {"start": 12, "end": 20, "kind": "quoted", "speaker": "Brik"},  # a quote inside
        {"start": 30, "end": 60, "kind": "reported", "speaker": "Orla"},
    ]
    spans = [(45, 46), (15, 16), (5, 6), (25, 26), (55, 56), (70, 71), (12, 13)]
    notes = _voices_from(found, [{} for _ in spans], spans)
    assert [(n["voice"], n["speaker"]) for n in notes] == [
        ("reported", "Lind"),  # 45: Lind's and Orla's reports hold it; the first
        ("quoted", "Brik"),  # 15: inside both quotes; the last (the inner one)
        ("reported", "Lind"),  # 5: before any quote
        ("quoted", "Vale"),  # 25: the inner quote ended at 20
        ("reported", "Orla"),  # 55: Lind's ended at 50
        ("authorial", None),  # 70: nothing holds it
        ("quoted", "Brik"),  # 12: a quote holds its own first character
    ]


# --- the run chooser: the speaker of a run no rules' span overlaps, learned (train-voice) ------

VALE = "Mayor Vale, in a harbour speech with Lena Brik: higher tolls for all."
# words: Mayor Vale in a harbour speech with Lena Brik higher tolls for all (0..12)
VALE_RUN, VALE_NAMED = {9, 10, 11, 12}, {7, 8}


def _vale_runs():
    from analysis.voice.document import Document
    from analysis.voice.tagged import tagged_attributions

    rules = VoiceAnnotator()
    found = []
    doc = Document(VALE, rules.splitter_, rules.model_)
    tagged_attributions(doc, rules.attributions(VALE), NamingTagger(VALE_RUN, VALE_NAMED),
                        on_run=lambda *run: found.append(run))  # fmt: skip
    return found


def test_run_candidates_say_what_the_tagger_names_and_which_is_the_context_speaker():
    (run,) = _vale_runs()
    s, e, found = run
    assert VALE[s:e] == "higher tolls for all"
    marks = {sp: [f for f in feats if f.startswith(("cov=", "isnamed=", "isctx=", "only="))]
             for sp, feats in found}  # fmt: skip
    assert marks["Vale"] == ["cov=0", "isnamed=0", "isctx=0", "isnamed=0|side=B"]
    assert marks["harbour speech"] == ["cov=0", "isnamed=0", "isctx=0", "isnamed=0|side=B"]
    # both words of "Lena Brik" are named: 4 quarters; it is the tagger's nearby speaker
    assert marks["Lena Brik"] == ["cov=4", "isnamed=1", "isctx=0", "isnamed=1|side=B"]
    # the context speaker is no candidate phrase: a row of its own, which does not agree with
    # the named one
    assert found[-1][1] == ["only=ctx", "only=ctx|0"]
    assert [sp for sp, _ in found][:3] == ["Vale", "harbour speech", "Lena Brik"]


def test_a_tagger_with_a_run_chooser_takes_its_pick():
    from analysis.voice.learned import LinearModel

    tagger = NamingTagger(VALE_RUN, VALE_NAMED)
    # without a chooser: the words the tagger names
    assert spans(VoiceAnnotator(tagger=tagger), VALE) == [
        ("higher tolls for all", "reported", "Lena Brik")]  # fmt: skip
    # a chooser that prefers phrases the tagger does not name: Vale and "harbour speech" score
    # z = -1 + 2 = 1, "Lena Brik" and the context row z = -1; the first of the best wins
    tagger.run_speakers_ = LinearModel({"isnamed=0|side=B": 2.0}, bias=-1.0, threshold=0.0)
    assert spans(VoiceAnnotator(tagger=tagger), VALE) == [
        ("higher tolls for all", "reported", "Vale")]  # fmt: skip


def test_run_chooser_examples_are_labelled_by_the_coders_source():
    from analysis.evaluation.tagger_training import run_speaker_rows

    source = VALE.index("Mayor Vale")
    content = VALE.index("higher tolls for all")
    articles = pd.DataFrame({"doc_id": ["a1", "a2"], "text": [VALE, VALE]})
    gold = pd.DataFrame({  # a1: the coders attribute the run to Mayor Vale; a2: to no one
        "doc_id": ["a1", "a1"], "rel": ["E1", "E1"], "kind": ["Source", "Content"],
        "start": [source, content], "end": [source + 10, content + 20],
        "text": ["Mayor Vale", "higher tolls for all"]})  # fmt: skip
    rows, labels = run_speaker_rows(articles, gold, NamingTagger(VALE_RUN, VALE_NAMED))
    # one run, in a1 only: Vale, harbour speech, Lena Brik, the context row
    assert labels == [True, False, False, False]
    assert rows[0][0] == "side=B" and "isnamed=0" in rows[0]
