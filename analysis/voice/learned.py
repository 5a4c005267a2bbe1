"""The learned parts of the voice analysis: where the rules are unsure, two small logistic
regressions trained on PolNeAR's train split decide.

The cue detector
    News attributes content with a long tail of words ("conceded", "lamented", "seemed to", "is
    expected to", "cast doubt" ...). The rules list the common reporting verbs; the cue detector
    scores the other word forms that were the head of an annotated Cue often enough in train
    (:func:`cue_features`: the word itself, its ending, the words before and after as classes
    such as pronoun, name, "that", "to", a closing quote, and the word combined with those). A
    word scored at or above the threshold is read as a reporting verb by the same rules as the
    listed ones (subject, complement, speaker).
The report filter
    A construction built on a learned cue is then scored as a whole (:func:`span_features`:
    the verb, the construction, what the speaker is, how long the complement is, how it begins,
    how much of it is quoted ...); one scored below the threshold still gives quotes their
    speaker, but its complement is not reported speech (the outlet's voice). Trained with
    every complement word as an example, it keeps a construction when its words are likely
    enough to be annotated Content. The rules' own constructions are never filtered: what the
    rules decide stays predictable from docs/voice.md.

A third part, the speaker chooser (:mod:`analysis.voice.chooser`), gives a speaker to a span the
rules leave without one.

The weights are plain data, ``data/voice/voice_model.json`` (feature -> weight), with a
provenance sidecar; ``python -m analysis.evaluation.voice_training`` regenerates them from
PolNeAR train. No scikit-learn at run time: a score is a sum of dictionary lookups.
docs/voice.md, "The learned parts", has what they change and what they cost.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import config
from .units import CLOSING_TOKENS, QUOTE_MARKS, Cue, Sentence, is_word, token_at, token_range
from .words import AUX, DETERMINERS, POSSESSIVES, PREPOSITIONS, PRONOUNS, SPEAKER_NOUNS

log = logging.getLogger(__name__)

__all__ = [
    "LinearModel",
    "VOICE_MODEL_FILE",
    "VoiceModel",
    "cue_features",
    "load_voice_model",
    "span_features",
]

VOICE_MODEL_FILE = config.VOICE_DIR / "voice_model.json"

_NEXT_WORDS = frozenset("that to about of on for in with out by as at from if whether".split())
_PREV_WORDS = frozenset("to and who which that not also has have had will would".split())
_PUNCT = frozenset({",", ":", ".", ";", "(", ")", "?", "!"})


def _word_class(words: list[str], lows: list[str], k: int, *, after: bool) -> str:
    """A coarse class of token ``k`` seen from a word before or after it."""
    if k < 0:
        return "START"
    if k >= len(words):
        return "END"
    tok, low = words[k], lows[k]
    if not is_word(tok):
        if tok in CLOSING_TOKENS and not after:
            return "CLOSEQ"
        if tok in QUOTE_MARKS:
            return "QUOTE"
        return tok if tok in _PUNCT else "PUNCT"
    if low in (_NEXT_WORDS if after else _PREV_WORDS):
        return low
    if low in PRONOUNS:
        return "PRON"
    if low in DETERMINERS:
        return "DET"
    if low in POSSESSIVES:
        return "POSS"
    if low in SPEAKER_NOUNS:
        return "SPK"
    if low in AUX or low.endswith("n't"):
        return "AUX"
    if low in PREPOSITIONS:
        return "PREP"
    if tok[0].isupper():
        return "CAP"
    if low.endswith("ly"):
        return "LY"
    return "W"


def _ending(low: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if low.endswith(suffix):
            return suffix
    return "-"


def cue_context(sent: Sentence, v: int) -> tuple:
    """What the cue detector looks at around token ``v`` of ``sent``: (form, class of the word
    before, of the word after and of the one after that, a closing quote within six tokens
    before, first token, capitalised). Equal contexts get equal scores."""
    words, lows = sent.words, sent.lows
    return (
        lows[v],
        _word_class(words, lows, v - 1, after=False),
        _word_class(words, lows, v + 1, after=True),
        _word_class(words, lows, v + 2, after=True),
        any(words[k] in CLOSING_TOKENS for k in range(max(v - 6, 0), v)),
        v == 0,
        words[v][0].isupper(),
    )


def context_features(context: tuple) -> list[str]:
    """The features of a :func:`cue_context`."""
    low, prev, nxt, nxt2, quote_before, first, capitalised = context
    end = _ending(low)
    feats = [
        f"w={low}",
        f"end={end}",
        f"prev={prev}",
        f"next={nxt}",
        f"next2={nxt2}",
        f"prev={prev}|next={nxt}",
        f"w={low}|next={nxt}",
        f"w={low}|prev={prev}",
        f"end={end}|next={nxt}",
        f"end={end}|prev={prev}",
    ]
    if quote_before:
        feats.append("quote_before")
    if first:
        feats.append("first")
    if capitalised:
        feats.append("capitalised")
    return feats


def cue_features(sent: Sentence, v: int) -> list[str]:
    """The features of token ``v`` of ``sent`` as a candidate reporting cue (see the module
    docstring); the same function serves training and scoring."""
    return context_features(cue_context(sent, v))


def _bin(n: float, edges: tuple[float, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _speaker_class(cue: Cue) -> str:
    if cue.speaker is None:
        return "none"
    if cue.ref is not None:
        return cue.ref[0]
    first = cue.speaker[0]
    if first.isupper():
        return "name" if " " in cue.speaker else "cap"
    return "noun" if cue.speaker.split()[-1].lower() in SPEAKER_NOUNS else "lower"


def span_features(
    sent: Sentence, cue: Cue, quoted_share: Callable[[int, int], float], n_cues: int
) -> list[str]:
    """The features of a reporting construction ``cue`` of ``sent`` for the report filter
    (``quoted_share(start, end)``: the share of those characters inside quotations;
    ``n_cues``: the sentence's cues)."""
    toks, lows, texts = sent.toks, sent.lows, sent.words
    v = token_at(sent, cue.anchor)
    verb = lows[v]
    k0, k1 = token_range(sent, cue.start, cue.end)
    n_words = sum(1 for k in range(k0, k1 + 1) if texts[k][0].isalnum())
    share = quoted_share(cue.start, cue.end)
    first = _word_class(texts, lows, k0, after=True) if k0 > v else "BEFORE"
    kind = "passive" if cue.kind == "preposed" and cue.speaker is None else cue.kind
    feats = [
        f"w={verb}",
        f"kind={kind}",
        f"kind={kind}|w={verb}",
        f"spk={_speaker_class(cue)}",
        f"spk={_speaker_class(cue)}|kind={kind}",
        f"len={_bin(n_words, (2, 5, 10, 20, 40))}",
        f"len={_bin(n_words, (2, 5, 10, 20, 40))}|kind={kind}",
        f"first={first}",
        f"w={verb}|first={first}",
        f"quoted={_bin(share, (0.0, 0.5, 0.99))}",
        f"next={_word_class(texts, lows, v + 1, after=True)}",
        f"prev={_word_class(texts, lows, v - 1, after=False)}",
        f"ncues={min(n_cues, 3)}",
        f"end={_ending(verb)}",
    ]
    if cue.learned:
        feats.append("learned")
    if cue.excluded:
        feats.append("excluded")
    if k1 == len(toks) - 1 or (k1 + 1 < len(toks) and not is_word(texts[k1 + 1])
                                and k1 + 2 >= len(toks)):  # fmt: skip
        feats.append("to_sentence_end")
    if cue.attribution[0] <= toks[0].end:
        feats.append("opens_sentence")
    return feats


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression over binary features: ``weights`` (feature -> weight), ``bias``
    and the ``threshold`` on the probability."""

    weights: dict[str, float]
    bias: float
    threshold: float

    def probability(self, features: list[str]) -> float:
        w = self.weights
        z = self.bias + sum(w.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))

    def __call__(self, features: list[str]) -> bool:
        return self.probability(features) >= self.threshold

    def to_json(self) -> dict:
        return {
            "bias": round(self.bias, 6),
            "threshold": self.threshold,
            "weights": {k: round(v, 6) for k, v in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        return cls(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
        )


@dataclass(frozen=True)
class VoiceModel:
    """The cue detector (``cues``, scoring the word forms in ``candidates``), the report
    filter (``spans``) and the speaker chooser (``speakers``, see :mod:`analysis.voice.chooser`);
    any may be None (that part is left to the rules). ``meta`` says where the model came from."""

    candidates: frozenset[str]
    cues: LinearModel | None
    spans: LinearModel | None
    meta: dict
    speakers: LinearModel | None = None
    _decided: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def is_cue(self, sent: Sentence, v: int) -> bool:
        """Is token ``v`` of ``sent`` (a candidate form) a reporting cue? Decisions are kept
        per context (:func:`cue_context`), which recur: most cost one dictionary lookup."""
        if self.cues is None:
            return False
        context = cue_context(sent, v)
        decided = self._decided.get(context)
        if decided is None:
            decided = self.cues(context_features(context))
            if len(self._decided) < 200_000:
                self._decided[context] = decided
        return decided

    def to_json(self) -> dict:
        """The model as plain data (sorted, rounded: the same model gives the same bytes)."""
        return {
            "meta": self.meta,
            "candidates": sorted(self.candidates),
            "cues": self.cues.to_json() if self.cues is not None else None,
            "spans": self.spans.to_json() if self.spans is not None else None,
            "speakers": self.speakers.to_json() if self.speakers is not None else None,
        }

    @classmethod
    def from_json(cls, data: dict) -> VoiceModel:
        return cls(
            candidates=frozenset(data["candidates"]),
            cues=LinearModel.from_json(data["cues"]) if data.get("cues") else None,
            spans=LinearModel.from_json(data["spans"]) if data.get("spans") else None,
            meta=dict(data.get("meta", {})),
            speakers=LinearModel.from_json(data["speakers"]) if data.get("speakers") else None,
        )


def load_voice_model(path: str | Path | None = None) -> VoiceModel | None:
    """The model stored at ``path`` (default :data:`VOICE_MODEL_FILE`). With no ``path`` and no
    file there (an installed wheel without ``data/``), None with a warning: the annotator then
    uses the rules alone."""
    if path is None:
        path = VOICE_MODEL_FILE
        if not path.is_file():
            log.warning("voice: no model at %s; the rules alone decide", path)
            return None
    path = Path(path)
    try:
        return VoiceModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ValueError(f"{path}: not a voice model ({err})") from None


_DEFAULT: list[VoiceModel | None] = []


def default_voice_model() -> VoiceModel | None:
    """The shipped model, loaded once (None when it is not there)."""
    if not _DEFAULT:
        _DEFAULT.append(load_voice_model())
    return _DEFAULT[0]
