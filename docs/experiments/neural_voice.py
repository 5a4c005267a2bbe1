"""Experiment: the neural voice measured on PolNeAR train articles it was not fitted on.

``python -m analysis train-voice`` fits :class:`analysis.NeuralVoiceTagger` on all of PolNeAR
train, and ``validate --voice-tagger`` measures it on dev. This script is how the tagger was
developed without reading dev: it splits the train articles 80/20 by a seeded shuffle (the 20%
held out, never fitted), fits the tagger on the 80% with the product's own training data
(:func:`analysis.polnear_word_voices`) and measures the rules and the rules with the tagger on the
held-out articles with the product's evaluation (:func:`analysis.evaluate_polnear_voice`: token
voices, attributions and speakers, 95% intervals from 2,000 bootstrap replicates over articles).
docs/voice.md, "The neural voice", reports what it measured.

It needs the ``[neural]`` extras, in a virtual environment of its own if you like (pip takes
torch from a CPU wheel: a plain ``torch`` from PyPI is a multi-GB CUDA build)::

    python -m venv .venv-nn
    .venv-nn/bin/pip install -e '.[neural]'
    .venv-nn/bin/python docs/experiments/neural_voice.py [--epochs 2] [--save DIR]

About 15 minutes on 2 CPU cores. No article text is written anywhere; the fitted weights are
written only when ``--save`` names a folder.
"""

from __future__ import annotations

import argparse
import random
import time

from analysis import (
    NeuralVoiceTagger,
    VoiceAnnotator,
    evaluate_polnear_voice,
    polnear_word_voices,
    read_polnear,
)

SHOWN = ["accuracy", "precision[reported]", "recall[reported]", "precision[quoted]",
         "recall[quoted]", "speaker_right_lenient", "speaker_none"]  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--polnear", default="../shared/datasets/polnear")
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--save", default="", help="write the fitted tagger to this folder")
    args = ap.parse_args()
    articles, spans = read_polnear(args.polnear, "train")
    order = sorted(articles["doc_id"])
    random.Random(13).shuffle(order)
    held = set(order[: len(order) // 5])
    fit = articles[~articles["doc_id"].isin(held)]
    start = time.time()
    tagger = NeuralVoiceTagger(epochs=args.epochs).fit(*polnear_word_voices(fit, spans))
    print(f"fitted on {tagger.n_texts_} articles, {tagger.n_steps_} steps, "
          f"{time.time() - start:.0f} s", flush=True)  # fmt: skip
    test = articles[articles["doc_id"].isin(held)]
    gold = spans[spans["doc_id"].isin(held)]
    for name, annotator in (("rules", None), ("rules+tagger", VoiceAnnotator(tagger=tagger))):
        start = time.time()
        summary = evaluate_polnear_voice(test, gold, annotator=annotator, n_boot=2000).summary
        s = summary.set_index("metric")
        print(f"{name} on {len(test)} held-out train articles ({time.time() - start:.0f} s): "
              + "; ".join(f"{m} {s.loc[m, 'estimate']:.3f} [{s.loc[m, 'low']:.3f}, "
                          f"{s.loc[m, 'high']:.3f}]" for m in SHOWN), flush=True)  # fmt: skip
    if args.save:
        tagger.save(args.save, provenance={"experiment": "docs/experiments/neural_voice.py",
                                           "held_out": sorted(held)})  # fmt: skip


if __name__ == "__main__":
    main()
