"""Experiment: the speaker chooser measured on PolNeAR train articles it was not fitted on.

``python -m analysis.evaluation.voice_training`` fits the speaker chooser (the third learned part
of the voice model, :mod:`analysis.voice.chooser`) on all of PolNeAR train. This script is how
its threshold was chosen without reading dev: the train articles are split into five folds by a
hash of the doc_id; for each fold the chooser is fitted on the other four
(:func:`analysis.fit_speaker_chooser`, with the shipped cue detector and report filter) and the
annotator is measured on the fold with the product's own speaker judgement
(:func:`analysis.speaker_agreement`). Printed per threshold, over all 840 articles:

* speaker right (lenient), none and wrong, as ``validate`` defines them;
* how many judged attributions the rules leave without a speaker and the chooser fills, and the
  share of those that are right.

The rule fixed before measuring: ship the lowest threshold at which the filled speakers are right
at least 7 times in 10. docs/voice.md, section 8, "The fourth pass", reports what it measured::

    python docs/experiments/speaker_chooser.py [--folds 5] [--thresholds 0.2,0.3,0.4,0.5,0.6]

About a minute on 2 CPU cores. Nothing is written.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

import pandas as pd

from analysis import (
    POLNEAR_DIR,
    VoiceAnnotator,
    article_bucket,
    config,
    fit_speaker_chooser,
    load_voice_model,
    read_polnear,
    speaker_agreement,
)

RIGHT = ("exact", "lenient")


def _judged(articles: pd.DataFrame, spans: pd.DataFrame, model) -> pd.Series:
    annotator = VoiceAnnotator(model=model)
    rows = [
        {"doc_id": doc_id, **r}
        for doc_id, text in zip(articles["doc_id"], articles["text"], strict=True)
        for r in annotator.attributions(text)
    ]
    return speaker_agreement(articles, spans, pd.DataFrame(rows)).set_index(["doc_id", "rel"])[
        "outcome"
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--thresholds", default="0.2,0.3,0.4,0.5,0.6")
    args = parser.parse_args()
    thresholds = [float(t) for t in args.thresholds.split(",")]
    articles, spans = read_polnear(config.DATASETS_DIR / POLNEAR_DIR, "train")
    shipped = load_voice_model()
    if shipped is None:
        raise SystemExit("no shipped voice model (data/voice/voice_model.json)")
    rules = replace(shipped, speakers=None)
    fold = articles["doc_id"].map(lambda d: article_bucket(d, args.folds))
    outcomes: dict[str, list[pd.Series]] = {"rules": []} | {f"{t}": [] for t in thresholds}
    for k in range(args.folds):
        train = articles[fold != k].reset_index(drop=True)
        test = articles[fold == k].reset_index(drop=True)
        chooser = fit_speaker_chooser(train, spans[spans["doc_id"].isin(train["doc_id"])], rules)
        test_spans = spans[spans["doc_id"].isin(test["doc_id"])]
        outcomes["rules"].append(_judged(test, test_spans, rules))
        for t in thresholds:
            model = replace(shipped, speakers=replace(chooser, threshold=t))
            outcomes[f"{t}"].append(_judged(test, test_spans, model))
        print(f"fold {k + 1} of {args.folds}: {len(test)} articles measured", flush=True)
    base = pd.concat(outcomes.pop("rules"))
    print(f"\n{len(base)} judged attributions; the rules: speaker right "
          f"{base.isin(RIGHT).mean():.4f}, none {(base == 'none').mean():.4f}, wrong "
          f"{(base == 'wrong').mean():.4f}")  # fmt: skip
    print("threshold  right   none    wrong   filled  filled right")
    for t, parts in outcomes.items():
        got = pd.concat(parts).reindex(base.index)
        filled = got[(base == "none") & (got != "none")]
        print(f"{t:>9}  {got.isin(RIGHT).mean():.4f}  {(got == 'none').mean():.4f}  "
              f"{(got == 'wrong').mean():.4f}  {len(filled):6d}  "
              f"{filled.isin(RIGHT).mean():.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
