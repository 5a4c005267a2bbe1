"""Training the learned parts of the voice analysis (analysis.evaluation.voice_training) on a
tiny PolNeAR-shaped folder of invented articles (tests/evaluation/test_polnear.py writes it);
counts worked out by hand."""

from __future__ import annotations

import hashlib
import json

import pytest

from analysis.evaluation import voice_training as vt
from analysis.evaluation.polnear import read_polnear
from tests.evaluation.test_polnear import write_split

ARTICLE = (
    "Mayor Lind grumbled that the bridge was closed. The grumbled complaint was ignored. "
    "Vale has also said the plan failed."
)


def _span(doc_id, piece, kind, rel, nth=0):
    s = -1
    for _ in range(nth + 1):
        s = ARTICLE.index(piece, s + 1)
    return {"doc_id": doc_id, "kind": kind, "start": s, "end": s + len(piece), "text": piece,
            "rel": rel}  # fmt: skip


def _folder(tmp_path, n=8):
    docs, spans = [], []
    for i in range(n):
        d = f"a{i}"
        docs.append({"doc_id": d, "outlet": "x", "published": "2016-01-01", "title": "t",
                     "text": ARTICLE})  # fmt: skip
        spans += [
            _span(d, "Mayor Lind", "Source", "E1"),
            _span(d, "grumbled", "Cue", "E1"),
            _span(d, "that the bridge was closed", "Content", "E1"),
            _span(d, "Vale", "Source", "E2"),
            _span(d, "has also said", "Cue", "E2"),
            _span(d, "the plan failed", "Content", "E2"),
        ]
    return write_split(tmp_path / "polnear", "train", docs, spans)


def test_cue_heads_skip_auxiliaries_and_adverbs(tmp_path):
    _, spans = read_polnear(_folder(tmp_path, n=1), "train")
    heads = vt.cue_heads(spans)
    # "has also said" -> "said"; "grumbled" -> itself
    assert heads == {"a0": {ARTICLE.index("grumbled"), ARTICLE.index("said")}}


def test_cue_form_counts(tmp_path):
    articles, spans = read_polnear(_folder(tmp_path), "train")
    counts = vt.cue_form_counts(articles, spans).set_index("form")
    # 8 articles: "grumbled" twice each (once a Cue head), "said" once each (a Cue head)
    assert counts.loc["grumbled", ["n", "n_cue"]].tolist() == [16, 8]
    assert counts.loc["grumbled", "rate"] == 0.5
    assert counts.loc["said", ["n", "n_cue"]].tolist() == [8, 8]
    assert set(counts.index) == {"grumbled", "said"}


def test_train_and_write_a_model_deterministically(tmp_path):
    folder = _folder(tmp_path)
    model, counts = vt.train_voice_model(folder)
    # "said" is a rule verb: only "grumbled" is scored, and the detector takes the verb use
    # ("Lind grumbled that") but not the adjective ("The grumbled complaint")
    assert model.candidates == frozenset({"grumbled"})
    assert model.cues is not None and model.cues.threshold == vt.CUE_THRESHOLD
    again, _ = vt.train_voice_model(folder)
    assert json.dumps(again.to_json()) == json.dumps(model.to_json())
    paths = vt.write_voice_model(model, counts, tmp_path / "out")
    names = sorted(p.name for p in paths)
    assert names == ["cue_counts.csv", "voice_model.json", "voice_model.provenance.json"]
    sidecar = json.loads((tmp_path / "out" / "voice_model.provenance.json").read_text())
    for name, digest in sidecar["files"].items():
        assert hashlib.sha256((tmp_path / "out" / name).read_bytes()).hexdigest() == digest
    assert "no article text" in sidecar["licence"]


@pytest.mark.slow
def test_the_shipped_model_is_what_the_script_makes_from_train(datasets_dir):
    from analysis import config
    from analysis.evaluation.polnear import POLNEAR_DIR

    folder = datasets_dir / POLNEAR_DIR
    if not (folder / "train_docs.jsonl.gz").is_file():
        pytest.skip(f"PolNeAR not found at {folder}")
    made = vt.train_voice_model(folder)[0].to_json()
    shipped = json.loads((config.DATA_DIR / "voice" / "voice_model.json").read_text("utf-8"))
    # The same words scored, the same thresholds; weights equal up to the last decimals: the
    # solver runs to the optimum, but floating point differs from one machine to another
    # (two solvers run to 1e-10 agree within 2.4e-5 here), so exact bytes would hold only on
    # the machine that made the file. A model left stale by a change of the rules or the
    # features differs by far more.
    assert made["candidates"] == shipped["candidates"]
    for part in ("cues", "spans"):
        a, b = made[part], shipped[part]
        assert a["threshold"] == b["threshold"]
        assert a["bias"] == pytest.approx(b["bias"], abs=1e-3)
        assert set(a["weights"]) ^ set(b["weights"]) <= {  # only weights near the cut-off
            f for f in set(a["weights"]) | set(b["weights"])
            if abs(a["weights"].get(f, 0.0)) + abs(b["weights"].get(f, 0.0)) < 1e-3
        }
        far = {f: (a["weights"].get(f, 0.0), w) for f, w in b["weights"].items()
               if abs(a["weights"].get(f, 0.0) - w) > 1e-3}
        assert not far, sorted(far.items())[:5]
