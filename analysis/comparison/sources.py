"""Who each group lets speak: attributions by side, actor and speaker, with intervals.

Speakers are mapped to actors and sides by an actors file (``name,actor,side``); a speaker no
name matches is ``(unmapped)``, an attribution with no speaker ``(unnamed)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse

from .. import config
from ..lexicons.files import Lexicon, load_actors_file
from ..lexicons.matcher import Matcher
from ..lexicons.terms import LexiconError, term_key
from ..stats.bootstrap import SPARSE_MIN_DOCS
from ..tables import require_columns
from .groups import (
    SOURCE_KINDS,
    UNMAPPED,
    UNNAMED,
    GroupBootstrap,
    group_documents,
    group_rows,
    na_sort_key,
)
from .inputs import side_inputs

__all__ = [
    "load_actors",
    "sources",
]


def load_actors(actors) -> pd.DataFrame:
    """Read one or more actors files (``name,actor,side[,note]``) into a Lexicon-like table.

    ``actors``: a path, a list of paths (e.g. ``[config.DEFAULT_ACTORS, config.DEMO_ACTORS]``),
    a DataFrame with columns name, actor, side, or a Lexicon with a ``side`` column. Returns the
    :class:`analysis.lexicon.Lexicon` whose terms are the names, categories the actors, with a
    ``side`` column. A name is matched like a lexicon term (case-insensitive, ``*`` ending a name
    matches any continuation). The same name mapped to two different actors or sides in two
    files is an error naming both files; the same mapping twice is kept once.
    """
    if isinstance(actors, Lexicon):
        if "side" not in actors.entries.columns:
            raise LexiconError(f"{actors.name}: an actors lexicon needs a 'side' column")
        return actors
    if isinstance(actors, pd.DataFrame):
        df = actors.rename(columns=lambda c: str(c).strip().lower())
        require_columns(df, ("name", "actor", "side"), "actors table", error=LexiconError)
        empty = df.index[df["side"].astype("string").fillna("").str.strip() == ""]
        if len(empty):
            raise LexiconError(
                f"actors table: empty side in row(s) {', '.join(map(str, empty[:5]))}"
            )
        return Lexicon.from_frame(
            df.rename(columns={"name": "term", "actor": "category"}), name="actors"
        )
    paths = [Path(actors)] if isinstance(actors, (str, Path)) else [Path(p) for p in actors]
    if not paths:
        raise LexiconError("no actors file given")
    frames, seen = [], {}
    for path in paths:
        if not path.is_file():
            raise LexiconError(f"{path}: actors file not found")
        lex = load_actors_file(path)
        keep = []
        for term, actor, side in lex.entries[["term", "category", "side"]].itertuples(index=False):
            key = term_key(term)
            if key in seen:
                first_path, first = seen[key]
                if first != (actor, side):
                    raise LexiconError(
                        f"{path}: name {term!r} maps to {actor}/{side}, but {first_path} maps it "
                        f"to {first[0]}/{first[1]}"
                    )
                keep.append(False)
            else:
                seen[key] = (path, (actor, side))
                keep.append(True)
        frames.append(lex.entries[keep])
    entries = pd.concat(frames, ignore_index=True)
    name = "+".join(p.stem for p in paths)
    return Lexicon(entries, name=name, path=paths[0] if len(paths) == 1 else tuple(paths))


def actor_matcher(actors):
    """(matcher of the actor names, actor of each name entry, side of each actor)."""
    lex = load_actors(actors)
    matcher = Matcher(lex)
    actor_of = lex.entries["category"].astype(str).tolist()
    side_of = lex.entries["side"].astype(str).tolist()
    side_by_actor = dict(zip(actor_of, side_of, strict=True))
    conflicts = {a for a, s in zip(actor_of, side_of, strict=True) if side_by_actor.get(a) != s}
    if conflicts:
        raise ValueError(f"actors file gives actor(s) {sorted(conflicts)} more than one side")
    return matcher, actor_of, side_by_actor


def _speaker_actor(speaker: str, matcher, actor_of) -> str | None:
    """The actor named in a speaker string: the longest name found (ties: first listed)."""
    found = matcher.find(speaker)
    if not found:
        return None
    best = max(found, key=lambda m: (m.end - m.start, -m.entry_index))
    return actor_of[best.entry_index]


def sources(
    corpus: pd.DataFrame,
    *,
    by: str = "outlet",
    period: str | None = None,
    actors=None,
    attributions: pd.DataFrame | None = None,
    levels: str | Sequence[str] = ("side", "actor", "speaker"),
    seed: int | None = config.DEFAULT_SEED,
    n_boot: int = 1000,
    dedup: bool = True,
    ci: float = 0.95,
    ci_method: str = "auto",
) -> pd.DataFrame:
    """Who each group lets speak: direct quotes and reported speech by side, actor and speaker.

    ``attributions``: the table of ``analysis.voice.attribution_table(corpus)`` (doc_id, start,
    end, kind, speaker, text), computed when not given. ``actors``: an actors file, list of files
    or table (see :func:`load_actors`) mapping speaker strings to actors and sides; the actor of a
    speaker is the longest actor name found in the speaker string ("Armenian Prime Minister
    Nikol Pashinyan" -> the actor of "Nikol Pashinyan" rather than of "Armenian").

    Returns one row per group x level x entity x kind with columns group, level ("side",
    "actor" or "speaker"), side, actor, speaker (the entity's own and enclosing labels; NA below
    the level), kind ("all", "quoted", "reported"), count (attributed spans), share (count / the
    group's spans of that kind), ci_low, ci_high (document bootstrap), n_docs (documents in the
    group), n_docs_with (documents where this entity speaks). Spans with no identified speaker are
    counted under ``(unnamed)``; speakers the actors file does not cover under ``(unmapped)``
    side and actor, so shares within a level and kind add up to 1. Side and actor rows cover every
    side and actor of the actors file (count 0 when silent); speaker rows only speakers heard in
    the group. Without ``actors`` only speaker rows are returned.
    """
    levels = [levels] if isinstance(levels, str) else list(levels)
    bad = [lv for lv in levels if lv not in ("side", "actor", "speaker")]
    if bad or not levels:
        raise ValueError(f"levels must be among side, actor, speaker; got {levels}")
    if actors is None:
        levels = [lv for lv in levels if lv == "speaker"] or ["speaker"]
    docs = group_documents(corpus, by=by, period=period, dedup=dedup)
    att = side_inputs(corpus, docs, attributions=attributions, need=("attributions",)).attributions
    speaker = att["speaker"].astype("string").str.strip().replace("", pd.NA)
    att["speaker"] = speaker.fillna(UNNAMED).astype(str)

    if actors is not None:
        matcher, actor_of, side_by_actor = actor_matcher(actors)
        cache: dict[str, str | None] = {}
        mapped = []
        for s in att["speaker"]:
            if s not in cache:
                cache[s] = None if s == UNNAMED else _speaker_actor(s, matcher, actor_of)
            mapped.append(cache[s])
        att["actor"] = [
            a if a is not None else (UNNAMED if s == UNNAMED else UNMAPPED)
            for a, s in zip(mapped, att["speaker"], strict=True)
        ]
        att["side"] = [side_by_actor.get(a, a) for a in att["actor"]]
        side_of = {**side_by_actor, UNMAPPED: UNMAPPED, UNNAMED: UNNAMED}
    else:
        att["actor"] = pd.NA
        att["side"] = pd.NA
        side_of = {}

    frames = []
    for lv in levels:
        frames.append(_sources_level(docs, att, lv, side_of, GroupBootstrap(seed, n_boot, ci, ci_method)))
    out = pd.concat(frames, ignore_index=True)
    level_rank = {"side": 0, "actor": 1, "speaker": 2}
    out["_lv"] = out["level"].map(level_rank)
    out["_k"] = out["kind"].map({k: i for i, k in enumerate(SOURCE_KINDS)})
    out = out.sort_values(
        ["group", "_lv", "side", "actor", "speaker", "_k"], kind="mergesort", na_position="first"
    )
    return out.drop(columns=["_lv", "_k"]).reset_index(drop=True)


def _sources_level(docs, att, level, side_of, boot: GroupBootstrap) -> pd.DataFrame:
    """Rows of one level of :func:`sources`; ``side_of`` maps every actor to its side."""
    keys, universe = _level_keys(att, level, side_of)
    att = att.assign(_key=keys)
    frames = []
    for g, idx in group_rows(docs):
        gdocs = docs["doc_id"].to_numpy()[idx]
        sub = att[att["doc_id"].isin(set(gdocs))]
        entities = list(dict.fromkeys(universe + sorted(set(sub["_key"]), key=na_sort_key)))
        cols = [(e, k) for e in entities for k in SOURCE_KINDS]
        counts, per_kind = _attribution_counts(gdocs, sub, entities)
        res = _share_intervals(counts, per_kind, boot, ("sources", level, g))
        ent = [e for e, _ in cols]
        frames.append(
            pd.DataFrame(
                {
                    "group": g,
                    "level": level,
                    "side": [e[0] for e in ent],
                    "actor": [e[1] if len(e) > 1 else pd.NA for e in ent],
                    "speaker": [e[2] if len(e) > 2 else pd.NA for e in ent],
                    "kind": [k for _, k in cols],
                    "count": res["count"],
                    "share": res["share"],
                    "ci_low": res["ci_low"],
                    "ci_high": res["ci_high"],
                    "n_docs": len(idx),
                    "n_docs_with": res["n_docs_with"],
                    "ci_method": res["ci_method"],
                }
            )
        )
    if not frames:
        return pd.DataFrame(columns=_SOURCES_COLUMNS)
    out = pd.concat(frames, ignore_index=True)
    for c in ("side", "actor", "speaker"):
        out[c] = out[c].astype("string")
    return out


# Columns of the sources table, in order.
_SOURCES_COLUMNS = [
    "group",
    "level",
    "side",
    "actor",
    "speaker",
    "kind",
    "count",
    "share",
    "ci_low",
    "ci_high",
    "n_docs",
    "n_docs_with",
    "ci_method",
]


def _level_keys(att: pd.DataFrame, level: str, side_of: dict) -> tuple[list[tuple], list[tuple]]:
    """Each attribution's entity at ``level`` ((side,), (side, actor) or (side, actor,
    speaker)) and the entities every group lists even without attributions (every side or
    actor of the actors file, then the unmapped and unnamed ones; none for speakers)."""
    special = [UNMAPPED, UNNAMED]
    if level == "side":
        keys = list(zip(att["side"], strict=True))
        sides = sorted({s for a, s in side_of.items() if a not in special})
        universe = [(s,) for s in sides + special] if side_of else []
    elif level == "actor":
        keys = list(zip(att["side"], att["actor"], strict=True))
        actors_ = sorted(a for a in side_of if a not in special)
        universe = [(side_of[a], a) for a in actors_ + special] if side_of else []
    else:
        keys = list(zip(att["side"], att["actor"], att["speaker"], strict=True))
        universe = []
    return keys, universe


def _attribution_counts(
    gdocs: np.ndarray, sub: pd.DataFrame, entities: list[tuple]
) -> tuple[list[sparse.csr_matrix], np.ndarray]:
    """Per document of a group (``gdocs``), for each kind of :data:`SOURCE_KINDS`: attributions
    to each entity (a sparse ``(documents, entities)`` matrix: most speakers speak in few
    documents), and the document's attributions of each kind to anyone (``(documents,
    kinds)``, the share's denominator). The first kind counts every attribution."""
    n, n_ent, n_kinds = len(gdocs), len(entities), len(SOURCE_KINDS)
    per_kind = np.zeros((n, n_kinds))
    if not len(sub):
        return [sparse.csr_matrix((n, n_ent)) for _ in SOURCE_KINDS], per_kind
    row = pd.Index(gdocs).get_indexer(sub["doc_id"])
    position = {e: i for i, e in enumerate(entities)}
    e_idx = np.array([position[e] for e in sub["_key"]])
    k_idx = pd.Index(SOURCE_KINDS).get_indexer(sub["kind"])
    counts = []
    for kk in range(n_kinds):
        take = np.ones(len(row), dtype=bool) if kk == 0 else k_idx == kk
        counts.append(sparse.csr_matrix(
            (np.ones(int(take.sum())), (row[take], e_idx[take])), shape=(n, n_ent)
        ))
        np.add.at(per_kind[:, kk], row[take], 1.0)
    return counts, per_kind


def _share_intervals(
    counts: list[sparse.csr_matrix], per_kind: np.ndarray, boot: GroupBootstrap, key: tuple
) -> dict[str, np.ndarray]:
    """Count, share with its interval, method and documents with the entity, for every column
    (entity, kind) in entity-major order. One bootstrap per kind, each seeded by ``key``: every
    kind resamples the same documents, as one bootstrap over all columns would."""
    n_ent, n_kinds = counts[0].shape[1], len(counts)
    out = {c: np.empty(n_ent * n_kinds, dtype=object if c == "ci_method" else float)
           for c in ("count", "share", "ci_low", "ci_high", "n_docs_with", "ci_method")}
    for kk, num in enumerate(counts):
        # small groups stay dense: the same numbers, to the last digit, as always
        cells = num if num.shape[0] >= SPARSE_MIN_DOCS else num.toarray()
        res = boot(cells, per_kind[:, kk], *key, kind="share", bounds=(0.0, 1.0))
        at = slice(kk, None, n_kinds)
        out["count"][at] = np.asarray(num.sum(axis=0)).ravel()
        out["n_docs_with"][at] = np.diff(num.tocsc().indptr)
        out["share"][at], out["ci_low"][at], out["ci_high"][at] = (
            res.estimate, res.ci_low, res.ci_high)
        out["ci_method"][at] = res.method.astype(str)
    out["count"] = out["count"].astype(np.int64)
    out["n_docs_with"] = out["n_docs_with"].astype(np.int64)
    out["ci_method"] = out["ci_method"].astype(str)
    return out
