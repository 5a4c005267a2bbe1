"""Accuracy on your own corpus: a sample of hits for a person to code, and the agreement of the
product's voice and speaker with that coding.

Real studies are not about US elections or the demo's war: measured accuracy elsewhere says
little about a new corpus. :func:`sample_hits` draws hits stratified by outlet and voice (so
rare voices and small outlets are represented), with the sentence and empty ``voice_coded`` and
``speaker_coded`` columns; a person fills them (``authorial``, ``quoted`` or ``reported``; the
speaker's name, or empty for none). :func:`coding_agreement` then reports how often the product
agrees, per voice and per outlet, with intervals from a bootstrap over documents (hits of one
document are not independent), so a paper can state the accuracy measured on its own data.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import config
from ..outputs import read_csv
from ..stats.bootstrap import bootstrap_ratio
from ..stats.intervals import group_rng
from ..tables import require_columns

__all__ = ["CODING_COLUMNS", "coding_agreement", "read_coded", "sample_hits"]

VOICES = ("authorial", "quoted", "reported")
CODING_COLUMNS = ["sample_id", "doc_id", "outlet", "start", "end", "matched", "term", "voice",
                  "speaker", "sentence", "voice_coded", "speaker_coded", "note"]
_WORD = re.compile(r"\w+")
_STOP = frozenset({"the", "a", "an", "of", "mr", "mrs", "ms", "dr", "s"})


def sample_hits(
    hits: pd.DataFrame, n: int = 200, *, seed: int | None = config.DEFAULT_SEED,
    by: tuple[str, ...] = ("outlet", "voice"),
) -> pd.DataFrame:
    """A sample of ``n`` hits to code by hand, stratified by ``by`` (outlet and voice): the
    strata share ``n`` as equally as their sizes allow (a stratum smaller than its share gives
    all its hits, the rest goes to the others), drawn without replacement with ``seed``.

    Returns :data:`CODING_COLUMNS`: the hit's place and text, the product's ``voice`` and
    ``speaker``, its sentence, and empty ``voice_coded``, ``speaker_coded`` and ``note`` columns
    to fill. Rows are in a random order (so the coder does not see the strata in blocks) with a
    ``sample_id`` from 1.
    """
    require_columns(hits, ("doc_id", "start", "end", "matched", "term", "voice", "speaker",
                           "sentence", *by), "sample_hits: hits")
    if n < 1:
        raise ValueError(f"sample_hits: n must be at least 1, got {n}")
    rng = np.random.default_rng(seed)
    keys = hits[list(by)].astype(str).agg("\x1f".join, axis=1)
    strata = {k: np.flatnonzero((keys == k).to_numpy()) for k in sorted(set(keys))}
    quota = _quotas({k: len(v) for k, v in strata.items()}, min(n, len(hits)))
    chosen = np.concatenate([
        rng.choice(strata[k], size=quota[k], replace=False) for k in strata if quota[k]
    ]) if strata else np.array([], dtype=int)
    chosen = chosen[rng.permutation(len(chosen))]
    out = hits.iloc[chosen].reset_index(drop=True)
    out = out.assign(sample_id=np.arange(1, len(out) + 1), voice_coded="", speaker_coded="",
                     note="")
    for col in CODING_COLUMNS:
        if col not in out:
            out[col] = ""
    return out[CODING_COLUMNS]


def _quotas(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Share ``n`` among strata as equally as their sizes allow (water-filling)."""
    quota = dict.fromkeys(sizes, 0)
    left, open_ = n, sorted(sizes, key=lambda k: (sizes[k], k))
    while left and open_:
        share = max(left // len(open_), 1)
        for k in list(open_):
            take = min(share, sizes[k] - quota[k], left)
            quota[k] += take
            left -= take
            if quota[k] == sizes[k]:
                open_.remove(k)
            if not left:
                break
    return quota


def read_coded(path) -> pd.DataFrame:
    """Read a :func:`sample_hits` file a person filled (CSV, as ``sample-hits`` writes it)."""
    return read_csv(path, dtype={"doc_id": "string", "speaker": "string", "outlet": "string",
                                 "speaker_coded": "string", "voice_coded": "string"},
                    keep_default_na=False, na_values=[""])


def coding_agreement(
    coded: pd.DataFrame, *, seed: int | None = config.DEFAULT_SEED, n_boot: int = 1000,
    ci: float = 0.95,
) -> pd.DataFrame:
    """How often the product agrees with the hand coding of a :func:`sample_hits` file.

    Only rows with a ``voice_coded`` (authorial, quoted or reported) count. ``voice``: the
    product's voice equals the coded one. ``speaker``: over the hits coded as quoted or reported
    with a speaker, the product's speaker shares a word with the coded one (case-insensitive,
    "the", "of", titles aside: the lenient rule of docs/voice.md); ``speaker_none``: the product
    named nobody for them. One row per measure x level (``by`` is "all", "voice" (the coded
    voice) or "outlet"): ``measure, by, level, n_hits, n_docs, accuracy, ci_low, ci_high``, the
    interval (95% by default) from a bootstrap over documents.
    """
    require_columns(coded, ("doc_id", "outlet", "voice", "speaker", "voice_coded",
                            "speaker_coded"), "coding_agreement: coded hits")
    coded = coded.copy()
    for col in ("voice", "speaker", "voice_coded", "speaker_coded", "outlet", "doc_id"):
        # plain strings, "" for empty cells, whatever dtype the reader chose
        coded[col] = [("" if _blank(v) else str(v)) for v in coded[col].astype(object)]
    coded["voice_coded"] = coded["voice_coded"].str.strip().str.lower()
    unknown = sorted(set(coded["voice_coded"]) - {"", *VOICES})
    if unknown:
        raise ValueError(f"coding_agreement: voice_coded must be one of {', '.join(VOICES)} "
                         f"(or empty for uncoded), got {', '.join(unknown)}")
    done = coded[coded["voice_coded"] != ""].reset_index(drop=True)
    voice_ok = (done["voice"].astype(str) == done["voice_coded"]).to_numpy(dtype=float)
    named = done["voice_coded"].isin(["quoted", "reported"]) & (
        done["speaker_coded"].str.strip() != "")
    speaker_ok = np.array([_shares_word(p, g) for p, g in zip(done["speaker"], done["speaker_coded"],
                                                              strict=True)], dtype=float)
    speaker_none = done["speaker"].str.strip() == ""
    rows = []
    levels = [("all", "all", np.ones(len(done), dtype=bool))]
    levels += [("voice", v, (done["voice_coded"] == v).to_numpy()) for v in VOICES]
    levels += [("outlet", o, (done["outlet"].astype(str) == o).to_numpy())
               for o in sorted(set(done["outlet"].astype(str)))]
    for measure, ok, base in (("voice", voice_ok, np.ones(len(done), dtype=bool)),
                              ("speaker", speaker_ok, named.to_numpy()),
                              ("speaker_none", speaker_none.to_numpy(dtype=float), named.to_numpy())):
        for kind, level, mask in levels:
            take = mask & base
            rows.append(_agreement_row(done, ok, take, measure, kind, level, seed, n_boot, ci))
    return pd.DataFrame(rows)


def _agreement_row(done, ok, take, measure, kind, level, seed, n_boot, ci) -> dict:
    docs = done.loc[take, "doc_id"].astype(str)
    row = {"measure": measure, "by": kind, "level": level, "n_hits": int(take.sum()),
           "n_docs": int(docs.nunique())}
    if not take.any():
        return {**row, "accuracy": np.nan, "ci_low": np.nan, "ci_high": np.nan}
    per_doc = pd.DataFrame({"d": docs, "ok": ok[take]}).groupby("d", sort=True)["ok"]
    res = bootstrap_ratio(per_doc.sum().to_numpy(), per_doc.size().to_numpy(dtype=float),
                          n_boot=n_boot, rng=group_rng(seed, "coding", measure, kind, level),
                          ci=ci, kind="share", bounds=(0.0, 1.0))
    return {**row, "accuracy": float(res.estimate), "ci_low": float(res.ci_low),
            "ci_high": float(res.ci_high)}


def _blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _shares_word(product, coded) -> bool:
    if _blank(product) or _blank(coded):
        return False
    a = {w.lower() for w in _WORD.findall(str(product))} - _STOP
    b = {w.lower() for w in _WORD.findall(str(coded))} - _STOP
    return bool(a & b)
