"""Near-duplicate clustering: copies of one story across sites get one ``dup_group``.

A story reposted by content farms, carried by several papers from a wire, or republished with
a new headline is one piece of journalism; counted once per copy it weighs several times in an
outlet comparison. :func:`cluster_near_duplicates` groups the copies and names a canonical copy
so that later stages can keep one copy a story (``is_canonical``) or weight copies.

Method (run on the cleaned text, after boilerplate removal):

1. **Shingles.** Each text becomes the set of its word n-grams (``shingle_size`` = 5 tokens by
   default, tokens as defined in :mod:`analysis.text.tokens`, lower-cased). Five-word shingles are
   long enough that two different reports on one event share few of them even when they quote
   the same official, and short enough that a light edit (a changed word, a cut paragraph)
   spoils only the shingles around it. A text shorter than one shingle is a single shingle.
2. **Candidates by LSH.** A MinHash sketch (``num_perm`` = 128 permutations, ``seed``) of every
   shingle set goes into a :class:`datasketch.MinHashLSH` index. The index is tuned for a
   similarity :data:`CANDIDATE_MARGIN` (0.15) below ``threshold``, with false negatives weighted
   4:1 over false positives, because a missed copy cannot be recovered later while a false
   candidate is removed by the next step. For the default threshold 0.55 this gives 31 bands of
   3 rows: a pair at J = 0.55 escapes the index with probability (1 - 0.55^3)^31 = 0.35%, at
   J = 0.6 0.05%; an unrelated pair at J = 0.05 becomes a candidate with probability 0.4%. Each
   document queries the index before it is inserted, so every candidate pair is found once and
   no pair is compared unless the sketches collide in a band: the work grows with the corpus,
   not with its square, which is what lets it run on a million articles.
3. **Verification.** A candidate pair is joined when the exact Jaccard similarity of the two
   shingle sets is at least ``threshold`` (default 0.55; ``docs/reposts.md`` explains the
   choice). The decision is therefore exact and does not depend on the sketch's noise; the
   sketch only decides which pairs are looked at.
4. **Groups.** Joined pairs are merged into connected components (union-find). Groups are
   numbered 0, 1, 2, ... in the order of their canonical ``doc_id``, so the numbering does not
   depend on row order.

Canonical copy: the origin outlet's own copy where the group has one, else the earliest.
Precisely: the group's origins are the ``origin_outlet`` values that members attribute with
evidence (``origin_evidence`` not empty), most often named first; the first of them for which a
member's ``outlet`` is that origin (compared with :func:`analysis.corpus.origin.outlet_key`, so "CNN"
matches "cnn.com") supplies the candidates. Among the candidates (or all members when there is
none), the earliest ``published`` wins, a missing date counting as latest, then the smallest
``doc_id``.

The threshold, its measured precision and recall, and the trade-off behind it are in
``docs/reposts.md``; :func:`pairwise_agreement` computes them for any labelled set.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ..config import DEFAULT_SEED
from ..text.tokens import tokenize
from .origin import outlet_key

__all__ = [
    "CANDIDATE_MARGIN",
    "DEFAULT_NUM_PERM",
    "DEFAULT_SHINGLE_SIZE",
    "DEFAULT_THRESHOLD",
    "cluster_near_duplicates",
    "jaccard",
    "near_duplicate_pairs",
    "pairwise_agreement",
    "shingle_set",
]


DEFAULT_THRESHOLD = 0.55
DEFAULT_SHINGLE_SIZE = 5
DEFAULT_NUM_PERM = 128
# Weights of false positives and false negatives when datasketch picks the band layout.
_LSH_WEIGHTS = (0.2, 0.8)
CANDIDATE_MARGIN = 0.15
"""The LSH index is tuned for ``threshold - CANDIDATE_MARGIN`` so that pairs at the threshold are
rarely missed (0.35% at J = 0.55 with 128 permutations; module docstring)."""
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit constant (golden ratio), for n-gram hashing


def shingle_set(text: str, *, shingle_size: int = DEFAULT_SHINGLE_SIZE) -> np.ndarray:
    """Return the sorted, unique 32-bit hashes of the word n-grams of ``text``.

    Tokens are hashed with pandas' SipHash under its fixed key, and an n-gram's hash mixes its
    tokens' hashes in order, so hashes are stable across processes and machines (they do not
    depend on ``PYTHONHASHSEED``). A text shorter than ``shingle_size`` tokens is one shingle;
    an empty text gives an empty array.
    """
    if shingle_size < 1:
        raise ValueError(f"shingle_size must be at least 1, got {shingle_size}")
    tokens = tokenize(text or "", lowercase=True)
    if not tokens:
        return np.empty(0, dtype=np.uint32)
    token_hashes = pd.util.hash_array(np.asarray(tokens, dtype=object), categorize=False)
    k = min(shingle_size, len(tokens))
    # Hash of an n-gram: a fixed linear mix of its token hashes (uint64 arithmetic wraps
    # modulo 2**64), vectorised instead of joining n-gram strings.
    n = len(tokens) - k + 1
    mixed = np.zeros(n, dtype=np.uint64)
    for pos in range(k):
        mixed = mixed * _MIX + token_hashes[pos : pos + n]
    folded = (mixed >> np.uint64(32)) ^ (mixed & np.uint64(0xFFFFFFFF))
    return np.unique(folded.astype(np.uint32))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique hash arrays (0.0 when both are empty)."""
    if len(a) == 0 and len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def near_duplicate_pairs(
    texts: Sequence[str],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = DEFAULT_SEED,
    shingle_size: int = DEFAULT_SHINGLE_SIZE,
    candidate_threshold: float | None = None,
    storage_config: Mapping | None = None,
) -> pd.DataFrame:
    """Return every verified near-duplicate pair among ``texts``.

    One row a pair with columns ``i``, ``j`` (positions in ``texts``, ``i < j``) and
    ``jaccard`` (exact similarity of the shingle sets, at least ``threshold``), sorted by i, j.
    Candidates come from MinHash LSH tuned for ``candidate_threshold`` (default: ``threshold``
    minus :data:`CANDIDATE_MARGIN`), set below ``threshold`` so that a pair just above the
    threshold is rarely missed; every candidate is then verified exactly.

    Two passes keep memory small: the first sketches each text, queries the index with it and
    inserts it (the index keeps band hashes only, no sketches or shingles); the second recomputes
    shingle sets only for the texts that appear in a candidate pair. The index lives in memory
    (about 10 KB a document with the default settings); ``storage_config`` is handed to
    :class:`datasketch.MinHashLSH` for its other back ends (e.g. Redis) when that is too much.
    """
    from datasketch import MinHash, MinHashLSH

    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    if candidate_threshold is None:
        candidate_threshold = max(threshold - CANDIDATE_MARGIN, 0.05)
    if not 0.0 < candidate_threshold <= threshold:
        raise ValueError(
            f"candidate_threshold must be in (0, threshold={threshold}], got {candidate_threshold}"
        )
    lsh = MinHashLSH(
        threshold=candidate_threshold,
        num_perm=num_perm,
        weights=_LSH_WEIGHTS,
        storage_config=dict(storage_config) if storage_config else None,
    )
    template = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
    candidates: list[tuple[int, int]] = []
    for i, text in enumerate(texts):
        shingles = shingle_set(text, shingle_size=shingle_size)
        if len(shingles) == 0:
            continue  # an empty text has no shingles and is nobody's copy
        sketch = template.copy()
        sketch.update_batch(shingles.tolist())
        candidates.extend((j, i) for j in lsh.query(sketch))
        lsh.insert(i, sketch, check_duplication=False)
    candidates.sort()
    cache: dict[int, np.ndarray] = {}

    def shingles_of(k: int) -> np.ndarray:
        if k not in cache:
            cache[k] = shingle_set(texts[k], shingle_size=shingle_size)
        return cache[k]

    rows = []
    for i, j in candidates:
        sim = jaccard(shingles_of(i), shingles_of(j))
        if sim >= threshold:
            rows.append((i, j, sim))
    pairs = pd.DataFrame(rows, columns=["i", "j", "jaccard"])
    return pairs.astype({"i": "int64", "j": "int64", "jaccard": "float64"})


def _components(n: int, pairs: Iterable[tuple[int, int]]) -> np.ndarray:
    """Union-find: a component label (the smallest member position) for each of n items."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(int(a)), find(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([find(x) for x in range(n)], dtype=np.int64)


def cluster_near_duplicates(
    df: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = DEFAULT_SEED,
    shingle_size: int = DEFAULT_SHINGLE_SIZE,
    aliases: Mapping[str, str] | None = None,
    storage_config: Mapping | None = None,
) -> pd.DataFrame:
    """Return a copy of ``df`` with ``dup_group``, ``canonical_doc_id`` and ``is_canonical`` set.

    ``dup_group`` (int64) numbers the near-duplicate groups, every document in exactly one (a
    story without copies has its own); ``canonical_doc_id`` is the group's canonical copy and
    ``is_canonical`` marks it (rules in the module docstring). Reads ``doc_id`` and ``text``,
    and ``outlet``, ``origin_outlet``, ``origin_evidence``, ``published`` when present; keeps
    every other column and replaces earlier values of the three it sets. Deterministic: the same
    texts, parameters and ``seed`` give the same groups, whatever the row order. ``aliases``
    extends outlet matching (:func:`analysis.origin.outlet_key`); ``storage_config`` is passed
    to the LSH index (:func:`near_duplicate_pairs`).
    """
    for col in ("doc_id", "text"):
        if col not in df.columns:
            raise ValueError(f"cluster_near_duplicates: the table has no {col!r} column")
    ids = df["doc_id"].astype("object")
    if ids.isna().any():
        raise ValueError(
            f"cluster_near_duplicates: doc_id is missing in rows {list(df.index[ids.isna()][:5])}"
        )
    ids = ids.astype(str)
    dup = ids[ids.duplicated()]
    if len(dup):
        raise ValueError(
            f"cluster_near_duplicates: doc_id is not unique: {', '.join(dup.unique()[:5])}"
        )
    out = df.copy()
    n = len(out)
    # Rows in doc_id order, so candidate discovery and component labels do not depend on the
    # order of the input table.
    order = np.argsort(ids.to_numpy(), kind="stable")
    texts = out["text"].astype("object").where(out["text"].notna(), "").to_numpy()[order]
    pairs = near_duplicate_pairs(
        list(texts),
        threshold=threshold,
        num_perm=num_perm,
        seed=seed,
        shingle_size=shingle_size,
        storage_config=storage_config,
    )
    comp_sorted = _components(n, zip(pairs["i"], pairs["j"], strict=True))
    comp = np.empty(n, dtype=np.int64)
    comp[order] = comp_sorted

    canon = _canonical_members(out, ids.to_numpy(), comp, aliases)
    canonical_id = np.array([ids.iloc[canon[c]] for c in comp], dtype=object)
    # Number groups by their canonical doc_id.
    ranks = {c: r for r, c in enumerate(sorted(canon, key=lambda c: ids.iloc[canon[c]]))}
    out["dup_group"] = pd.Series([ranks[c] for c in comp], index=out.index, dtype="int64")
    out["canonical_doc_id"] = pd.Series(canonical_id, index=out.index, dtype="string")
    out["is_canonical"] = pd.Series(ids.to_numpy() == canonical_id, index=out.index, dtype="bool")
    return out


def _canonical_members(
    df: pd.DataFrame, ids: np.ndarray, comp: np.ndarray, aliases: Mapping[str, str] | None
) -> dict[int, int]:
    """Map each component label to the row position of its canonical copy."""
    n = len(df)
    outlets = df["outlet"].astype("object").to_numpy() if "outlet" in df.columns else [None] * n
    origins = outlets
    if "origin_outlet" in df.columns:
        origins = df["origin_outlet"].astype("object").to_numpy()
    evidence = (
        df["origin_evidence"].astype("object").fillna("").to_numpy()
        if "origin_evidence" in df.columns
        else [""] * n
    )
    # Sort key for "earliest": (missing?, nanoseconds since the epoch); a missing date is latest.
    if "published" in df.columns:
        published = pd.to_datetime(df["published"], utc=True, errors="coerce")
        when = [(1, 0) if pd.isna(t) else (0, t.value) for t in published]
    else:
        when = [(1, 0)] * n
    members: dict[int, list[int]] = {}
    for pos, c in enumerate(comp):
        members.setdefault(int(c), []).append(pos)
    canon: dict[int, int] = {}
    for c, rows in members.items():
        if len(rows) == 1:
            canon[c] = rows[0]
            continue
        named = Counter(
            outlet_key(origins[r], aliases=aliases) for r in rows if str(evidence[r]).strip()
        )
        pool = rows
        for origin, _ in sorted(named.items(), key=lambda kv: (-kv[1], kv[0])):
            own = [r for r in rows if outlet_key(outlets[r], aliases=aliases) == origin]
            if own:
                pool = own
                break
        canon[c] = min(pool, key=lambda r: (when[r], ids[r]))
    return canon


def pairwise_agreement(predicted: Sequence[object], truth: Sequence[object]) -> dict[str, float]:
    """Precision and recall of pairwise "same story" decisions against labelled truth.

    ``predicted`` and ``truth`` give each document's group label (e.g. ``dup_group`` and a
    hand-assigned story id). A pair of documents is a predicted positive when they share a
    predicted group and a true positive when they also share a true group. Returns
    ``precision``, ``recall`` (1.0 when there is nothing to find or nothing predicted), and the
    counts ``tp``, ``fp``, ``fn`` and ``pairs`` (all pairs).
    """
    if len(predicted) != len(truth):
        raise ValueError(f"{len(predicted)} predicted labels for {len(truth)} truth labels")
    p = pd.Series(list(predicted), dtype="object")
    t = pd.Series(list(truth), dtype="object")

    def same_pairs(counts: pd.Series) -> int:
        return int((counts * (counts - 1) // 2).sum())

    both = same_pairs(pd.Series(list(zip(p, t, strict=True))).value_counts())
    pred = same_pairs(p.value_counts())
    true = same_pairs(t.value_counts())
    n = len(p)
    return {
        "precision": both / pred if pred else 1.0,
        "recall": both / true if true else 1.0,
        "tp": both,
        "fp": pred - both,
        "fn": true - both,
        "pairs": n * (n - 1) // 2,
    }
