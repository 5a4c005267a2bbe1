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
   shingle set is cut into bands, and two documents are a candidate pair when all the rows of one
   band agree. The band layout is the one :class:`datasketch.MinHashLSH` picks for a similarity
   :data:`CANDIDATE_MARGIN` (0.15) below ``threshold``, with false negatives weighted 4:1 over
   false positives, because a missed copy cannot be recovered later while a false candidate is
   removed by the next step. For the default threshold 0.55 this gives 31 bands of 3 rows: a
   pair at J = 0.55 escapes with probability (1 - 0.55^3)^31 = 0.35%, at J = 0.6 0.05%; an
   unrelated pair at J = 0.05 becomes a candidate with probability 0.4%. Each band of a sketch
   is reduced to one stable 64-bit hash (:func:`band_hashes`, 8 bytes a band, 248 bytes a
   document), and candidates are found by grouping equal band hashes (:func:`candidate_pairs`,
   a sort per band): the work grows with the corpus, not with its square, which is what lets it
   run on a million articles, and the band hashes of the parts of a corpus can be computed
   apart (one partition at a time, on several machines) and grouped together. A hash collision
   only adds a candidate, which the next step rejects, so the pairs found are exactly those
   whose sketches agree on a band.
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
    "band_hashes",
    "candidate_pairs",
    "check_ids",
    "cluster_near_duplicates",
    "duplicate_components",
    "duplicate_groups",
    "grouped_positions",
    "jaccard",
    "lsh_layout",
    "near_duplicate_pairs",
    "pairwise_agreement",
    "shingle_set",
    "verify_pairs",
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


def lsh_layout(
    threshold: float = DEFAULT_THRESHOLD,
    *,
    num_perm: int = DEFAULT_NUM_PERM,
    candidate_threshold: float | None = None,
) -> tuple[int, int]:
    """The (bands, rows) of the LSH candidate search for ``threshold`` (module docstring): the
    layout :class:`datasketch.MinHashLSH` picks for ``candidate_threshold`` (default:
    ``threshold`` minus :data:`CANDIDATE_MARGIN`)."""
    from datasketch import MinHashLSH

    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold}")
    if candidate_threshold is None:
        candidate_threshold = max(threshold - CANDIDATE_MARGIN, 0.05)
    if not 0.0 < candidate_threshold <= threshold:
        raise ValueError(
            f"candidate_threshold must be in (0, threshold={threshold}], got {candidate_threshold}"
        )
    lsh = MinHashLSH(threshold=candidate_threshold, num_perm=num_perm, weights=_LSH_WEIGHTS)
    return int(lsh.b), int(lsh.r)


def band_hashes(
    texts: Sequence[str],
    *,
    layout: tuple[int, int],
    num_perm: int = DEFAULT_NUM_PERM,
    seed: int = DEFAULT_SEED,
    shingle_size: int = DEFAULT_SHINGLE_SIZE,
) -> tuple[np.ndarray, np.ndarray]:
    """The LSH band hashes of ``texts`` (one part of a corpus or all of it): a
    (len(texts), bands) uint64 array, each band's rows of the MinHash sketch reduced to a stable
    64-bit hash, and a boolean array saying which texts have shingles (an empty text is nobody's
    copy and its row is not used). ``layout`` is :func:`lsh_layout`'s (bands, rows)."""
    from datasketch import MinHash

    bands, rows = layout
    out = np.zeros((len(texts), bands), dtype=np.uint64)
    present = np.zeros(len(texts), dtype=bool)
    template = MinHash(num_perm=num_perm, seed=seed, hashfunc=int)
    for k, text in enumerate(texts):
        shingles = shingle_set(text, shingle_size=shingle_size)
        if len(shingles) == 0:
            continue
        sketch = template.copy()
        sketch.update_batch(shingles.tolist())
        values = np.asarray(sketch.hashvalues[: bands * rows], dtype=np.uint64).reshape(bands, rows)
        mixed = np.zeros(bands, dtype=np.uint64)
        for r in range(rows):
            mixed = mixed * _MIX + values[:, r]
        out[k] = mixed
        present[k] = True
    return out, present


def candidate_pairs(hashes: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Every pair of rows of ``hashes`` (:func:`band_hashes` of a whole corpus, rows in one fixed
    order) whose hashes agree on at least one band, as a sorted (m, 2) int64 array of (i, j),
    i < j. Rows that are not ``present`` take part in no pair."""
    rows = np.flatnonzero(present)
    found: list[np.ndarray] = []
    for b in range(hashes.shape[1]):
        values = hashes[rows, b]
        order = np.argsort(values, kind="stable")
        sorted_values = values[order]
        starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
        sizes = np.diff(np.r_[starts, len(sorted_values)])
        for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
            members = np.sort(rows[order[start : start + size]])
            i, j = np.triu_indices(len(members), k=1)
            found.append(np.stack([members[i], members[j]], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(found).astype(np.int64), axis=0)


def verify_pairs(
    pairs: np.ndarray, shingles: Mapping[int, np.ndarray], threshold: float = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """The candidate ``pairs`` whose exact Jaccard similarity is at least ``threshold``, with
    columns ``i``, ``j``, ``jaccard`` in the order of ``pairs``; ``shingles`` maps each row that
    appears in a pair to its :func:`shingle_set`."""
    out = []
    for i, j in pairs:
        sim = jaccard(shingles[int(i)], shingles[int(j)])
        if sim >= threshold:
            out.append((int(i), int(j), sim))
    table = pd.DataFrame(out, columns=["i", "j", "jaccard"])
    return table.astype({"i": "int64", "j": "int64", "jaccard": "float64"})


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
    Candidates are the pairs whose MinHash sketches agree on an LSH band
    (:func:`band_hashes`, :func:`candidate_pairs`), tuned for ``candidate_threshold`` (default:
    ``threshold`` minus :data:`CANDIDATE_MARGIN`), set below ``threshold`` so that a pair just
    above the threshold is rarely missed; every candidate is then verified exactly
    (:func:`verify_pairs`), with shingle sets recomputed only for the texts in a candidate pair.
    Memory: 8 bytes a band a document (248 bytes with the defaults). ``storage_config`` is
    accepted for compatibility: candidates no longer go through an index, so only the
    in-memory ``{"type": "dict"}`` is meaningful.
    """
    if storage_config is not None and dict(storage_config).get("type", "dict") != "dict":
        raise ValueError(
            f"storage_config {dict(storage_config)!r}: candidates are found by grouping band "
            "hashes in memory (248 bytes a document); no other storage is used"
        )
    layout = lsh_layout(threshold, num_perm=num_perm, candidate_threshold=candidate_threshold)
    hashes, present = band_hashes(
        texts, layout=layout, num_perm=num_perm, seed=seed, shingle_size=shingle_size
    )
    pairs = candidate_pairs(hashes, present)
    needed = np.unique(pairs) if len(pairs) else []
    shingles = {int(k): shingle_set(texts[int(k)], shingle_size=shingle_size) for k in needed}
    return verify_pairs(pairs, shingles, threshold)


def duplicate_components(n: int, pairs: Iterable[tuple[int, int]]) -> np.ndarray:
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


def grouped_positions(comp: np.ndarray) -> np.ndarray:
    """The positions whose component (:func:`duplicate_components`) has two members or more:
    the documents whose metadata :func:`duplicate_groups` needs."""
    labels, counts = np.unique(comp, return_counts=True)
    return np.flatnonzero(np.isin(comp, labels[counts > 1]))


def duplicate_groups(
    ids: np.ndarray,
    comp: np.ndarray,
    members: pd.DataFrame,
    *,
    aliases: Mapping[str, str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """``dup_group`` and ``canonical_doc_id`` of every document, aligned with ``ids`` (the
    doc_ids, sorted) and ``comp`` (:func:`duplicate_components` over them). ``members``: the
    rows of the documents at :func:`grouped_positions`, in that order (``outlet``,
    ``origin_outlet``, ``origin_evidence``, ``published`` when present: the canonical copy's
    rules, module docstring). Groups are numbered in the order of their canonical doc_id."""
    n = len(ids)
    # component label (its smallest position) -> canonical position; alone, its own copy
    canon_of = np.arange(n, dtype=np.int64)
    grouped = grouped_positions(comp)
    if len(grouped):
        chosen = _canonical_members(members, ids[grouped], comp[grouped], aliases)
        for c, row in chosen.items():
            canon_of[c] = grouped[row]
    canon = canon_of[comp]
    # ids are sorted, so ordering groups by canonical doc_id is ordering them by position
    firsts = np.unique(canon)
    group = np.searchsorted(firsts, canon).astype(np.int64)
    return group, ids[canon]


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
    extends outlet matching (:func:`analysis.origin.outlet_key`); ``storage_config`` as for
    :func:`near_duplicate_pairs`.

    The steps are those a partitioned corpus runs one part at a time
    (:func:`band_hashes`, :func:`candidate_pairs`, :func:`verify_pairs`,
    :func:`duplicate_components`, :func:`duplicate_groups`), here on one part.
    """
    ids = check_ids(df)
    out = df.copy()
    # Rows in doc_id order, so candidate discovery and component labels do not depend on the
    # order of the input table.
    order = np.argsort(ids, kind="stable")
    texts = out["text"].astype("object").where(out["text"].notna(), "").to_numpy()[order]
    pairs = near_duplicate_pairs(
        list(texts),
        threshold=threshold,
        num_perm=num_perm,
        seed=seed,
        shingle_size=shingle_size,
        storage_config=storage_config,
    )
    comp = duplicate_components(n=len(out), pairs=zip(pairs["i"], pairs["j"], strict=True))
    members = out.iloc[order[grouped_positions(comp)]].reset_index(drop=True)
    group_sorted, canonical_sorted = duplicate_groups(ids[order], comp, members, aliases=aliases)
    group = np.empty(len(out), dtype=np.int64)
    group[order] = group_sorted
    canonical = np.empty(len(out), dtype=object)
    canonical[order] = canonical_sorted
    out["dup_group"] = pd.Series(group, index=out.index, dtype="int64")
    out["canonical_doc_id"] = pd.Series(canonical, index=out.index, dtype="string")
    out["is_canonical"] = pd.Series(ids == canonical, index=out.index, dtype="bool")
    return out


def check_ids(df: pd.DataFrame) -> np.ndarray:
    """The doc_ids of a table to cluster, as an array of str; a ValueError when the table has
    no ``doc_id`` or ``text``, or an id is missing or repeated."""
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
    return ids.to_numpy(dtype=object)


def _canonical_members(
    df: pd.DataFrame, ids: np.ndarray, comp: np.ndarray, aliases: Mapping[str, str] | None
) -> dict[int, int]:
    """Map each component label to the row position (in ``df``, aligned with ``ids`` and
    ``comp``) of its canonical copy."""
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
