"""Ingest into a partitioned corpus dataset: memory bounded by the part, not the corpus.

The steps are those of :func:`analysis.ingest`, each written in the corpus stage as a function
of one part of the records and used by the single-process path too; this module only moves the
parts and the small table-wide facts between them:

1. **Read** the inputs in order (:func:`analysis.corpus.files.input_files`), a record at a time
   (JSON lines are streamed), handing every :data:`~analysis.workspace.datasets.PART_DOCUMENTS`
   records to a raw part file (``first_records``: a doc_id met before is rejected, as ever).
2. **Origin facts**: :func:`analysis.corpus.origin.outlet_counts` of every part, added up into
   one :class:`~analysis.corpus.origin.OriginPlan` (a few rows per site).
3. **Repeated lines**: :func:`analysis.corpus.pipeline.part_line_keys` of every part (8 bytes a
   line), counted by site into one :class:`~analysis.corpus.boilerplate.LineCounts`.
4. **Prepare** every part with the plan and the counts
   (:func:`analysis.corpus.pipeline.prepare_part`: attribution, cleaning, schema) and compute its
   MinHash band hashes (:func:`analysis.corpus.dedup.band_hashes`, 248 bytes a document).
5. **Near-duplicates**: candidate pairs by grouping the band hashes of all documents in doc_id
   order, verified on the shingles of the candidates only, grouped with the metadata of the
   grouped documents only (:func:`~analysis.corpus.dedup.duplicate_groups`).
6. **Finish** every part: its duplicate columns, the corpus's extra-column dtypes, the schema
   check; written as ``part-NNNNN.parquet``.

What the driver holds for the whole corpus: per document its doc_id, band hashes and report row
(about 0.5 KB a document: 1,000,000 documents in about 0.5 GB), plus the shingles and metadata of
near-duplicate candidates only. Every other step holds one part.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..config import DEFAULT_SEED
from ..corpus.boilerplate import LineCounts, line_counts, warn_copies
from ..corpus.dedup import (
    DEFAULT_NUM_PERM,
    DEFAULT_SHINGLE_SIZE,
    DEFAULT_THRESHOLD,
    band_hashes,
    candidate_pairs,
    duplicate_components,
    duplicate_groups,
    grouped_positions,
    lsh_layout,
    shingle_set,
    verify_pairs,
)
from ..corpus.files import DEFAULT_EXCLUDE, input_files, named_inputs, skip_reason
from ..corpus.origin import OriginPlan, origin_plan, outlet_counts
from ..corpus.pipeline import (
    cast_extras,
    extra_dtypes,
    first_records,
    part_line_keys,
    prepare_part,
    read_path,
    record_outcome,
    type_extras,
)
from ..corpus.records import RecordReader
from ..corpus.schema import (
    CORPUS_COLUMNS,
    coerce_corpus,
    is_corpus_file,
    validate_corpus,
    write_corpus,
)
from .cluster import Runner
from .datasets import PART_DOCUMENTS, DatasetWriter

log = logging.getLogger(__name__)

__all__ = [
    "DatasetIngest",
    "ingest_dataset",
]

_DUP_COLUMNS = ["dup_group", "canonical_doc_id", "is_canonical"]
_MEMBER_COLUMNS = ["doc_id", "outlet", "origin_outlet", "origin_evidence", "published"]


@dataclass
class DatasetIngest:
    """What :func:`ingest_dataset` returns: the dataset's path (None when nothing was loaded),
    the ingest report (as :attr:`analysis.IngestResult.report`) and the documents written."""

    path: Path | None
    report: pd.DataFrame
    n_documents: int

    def summary(self) -> str:
        """One line: documents loaded, records rejected, files skipped."""
        status = self.report["status"]
        return (
            f"{self.n_documents} documents loaded, {int((status == 'rejected').sum())} records "
            f"rejected, {int((status == 'skipped').sum())} files skipped"
        )


@dataclass
class _Part:
    """A part on its way through the steps: the raw file, whether it holds records or rows of an
    ingested corpus, and what the preparation step said of it."""

    path: Path
    pre: bool
    rows: int = 0
    ids: np.ndarray | None = None
    hashes: np.ndarray | None = None
    present: np.ndarray | None = None


def ingest_dataset(
    paths: str | Path | Iterable[str | Path],
    out: str | Path,
    *,
    outlet: str | None = None,
    columns: Mapping[str, str] | None = None,
    encoding: str | None = None,
    clean: bool = True,
    dedup: bool = True,
    dedup_threshold: float | None = None,
    seed: int | None = None,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    part_size: int = PART_DOCUMENTS,
    runner: Runner | None = None,
    progress: bool = False,
    record: dict | None = None,
) -> DatasetIngest:
    """:func:`analysis.ingest` into the corpus dataset ``out`` (a folder of parts of at most
    ``part_size`` documents); ``runner`` (:func:`analysis.workspace.cluster.open_runner`)
    processes the parts. Returns the dataset's path (None, and no dataset written, when no
    document was loaded), the ingest report and the number of documents; the parts read one
    after the other (:func:`analysis.workspace.datasets.read_corpus_dataset`) are the table
    ``ingest`` returns for the same inputs. The ingest report is stored in the dataset too
    (:func:`analysis.workspace.datasets.read_ingest_report`). ``record``: what built the
    dataset, kept in its marker (:mod:`analysis.workspace.build`)."""
    runner = runner or Runner(progress=progress)
    if part_size < 1:
        raise ValueError(f"part size must be 1 or more documents, got {part_size}")
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    files = input_files(paths, exclude=(), outputs=True)
    named = named_inputs(paths)
    with DatasetWriter(out, "corpus") as writer:
        reader, parts, kinds = _read(files, named, exclude, writer, part_size, columns, encoding,
                                     outlet, progress)
        dtypes = _corpus_dtypes(parts, kinds)
        plan, counts = _table_facts(runner, parts, clean)
        layout = lsh_layout(dedup_threshold or DEFAULT_THRESHOLD) if dedup else None
        options = {"clean": clean, "plan": plan, "counts": counts, "dtypes": dtypes,
                   "layout": layout, "seed": DEFAULT_SEED if seed is None else seed}
        prepared = runner.map(
            _prepare_task,
            [(i, p.path, p.pre, str(writer.work / f"clean-{i:05d}.parquet"))
             for i, p in enumerate(parts)],
            runner.share(options), desc="ingest: clean", unit="part",
        )
        copies: list[str] = []
        for part, done in zip(parts, prepared, strict=True):
            part.rows, part.ids, part.hashes, part.present = (
                done["rows"], done["ids"], done["hashes"], done["present"])
            copies += done["copies"]
            record_outcome(reader, done["report"])
        warn_copies(copies)
        report = reader.report_table()
        kept = [(i, p) for i, p in enumerate(parts) if p.rows]
        if not kept:
            writer.abort()
            return DatasetIngest(path=None, report=report, n_documents=0)
        dups = _duplicates(runner, writer, kept, dedup, dedup_threshold, seed)
        written = runner.map(
            _finish_task,
            [(k, str(writer.work / f"clean-{i:05d}.parquet"), dups[k], str(writer.part_path(k)))
             for k, (i, _) in enumerate(kept)],
            runner.share(dtypes), desc="ingest: write", unit="part",
        )
        writer.finish([{"name": Path(w["path"]).name, "rows": w["rows"]} for w in written],
                      record=record or {}, columns=written[0]["columns"],
                      **writer.write_ingest_report(report))
    return DatasetIngest(path=Path(out), report=report, n_documents=sum(w["rows"] for w in written))



# --------------------------------------------------------------------------- reading


def _read(files, named, exclude, writer, part_size, columns, encoding, outlet, progress):
    """Read every input, handing records over a part at a time; return the reader (its report),
    the raw parts (ingested corpora first, as :func:`analysis.ingest` puts them) and the extra
    columns' dtypes of each part of records."""
    new: list[_Part] = []
    pre: list[_Part] = []
    kinds: list[dict] = []
    first_source = _ingested_ids(files, named, exclude)

    def spill(batch: list[dict]) -> None:
        kept = first_records(reader, batch, first_source)
        if not kept:
            return
        raw, part_kinds = type_extras(pd.DataFrame(kept))
        path = writer.work / f"raw-{len(new):05d}.parquet"
        raw.to_parquet(path, index=False)
        new.append(_Part(path=path, pre=False))
        kinds.append(part_kinds)

    reader = RecordReader.for_options(outlet=outlet, columns=columns, encoding=encoding,
                                      sink=spill, sink_size=part_size)
    items = files
    if progress:
        from tqdm.auto import tqdm

        items = tqdm(files, desc="ingest: read", unit="file", leave=False)
    for rel, path in items:
        read_path(reader, path, rel, exclude, named)
        while reader.pre_ingested:  # an ingested corpus: its rows, a part at a time
            df = reader.pre_ingested.pop(0)
            for start in range(0, len(df), part_size):
                target = writer.work / f"pre-{len(pre):05d}.parquet"
                df.iloc[start : start + part_size].to_parquet(target, index=False)
                pre.append(_Part(path=target, pre=True))
    reader.flush()
    return reader, pre + new, kinds


def _ingested_ids(files, named, exclude) -> dict[str, str]:
    """doc_id -> source of the rows of ingested corpus files among the inputs: they win over any
    record with the same id, wherever it stands (as in :func:`analysis.ingest`)."""
    import pyarrow.parquet as pq

    found: dict[str, str] = {}
    for _, path in files:
        if path.suffix.lower() != ".parquet" or skip_reason(path, exclude, named=named):
            continue
        if is_corpus_file(path):
            try:
                table = pq.read_table(path, columns=["doc_id", "source"]).to_pandas()
            except Exception:  # noqa: BLE001 - reported when the file is read
                continue
            found.update(zip(table["doc_id"].astype(str), table["source"].astype(str),
                             strict=True))
    return found


def _corpus_dtypes(parts: list[_Part], kinds: list[dict]) -> dict[str, str]:
    """Extra columns of the corpus in order, with their dtypes: those of ingested corpora first
    (as they are), then those of the records (:func:`extra_dtypes` over the parts)."""
    import pyarrow.parquet as pq

    dtypes: dict[str, str] = {}
    for part in parts:
        if part.pre:
            schema = pq.read_schema(part.path).empty_table().to_pandas()
            for col in schema.columns:
                if col not in CORPUS_COLUMNS and col not in dtypes:
                    dtypes[col] = str(schema[col].dtype)
    for col, dtype in extra_dtypes(kinds).items():
        dtypes.setdefault(col, dtype)
    return dtypes


# --------------------------------------------------------------------------- table-wide facts


def _table_facts(
    runner: Runner, parts: list[_Part], clean: bool
) -> tuple[OriginPlan | None, LineCounts | None]:
    records = [str(p.path) for p in parts if not p.pre]
    if not clean or not records:
        return None, None
    counts: Counter = Counter()
    for part_counts in runner.map(_outlet_counts_task, records, desc="ingest: outlets"):
        counts.update(part_counts)
    plan = origin_plan(counts, unify=True)
    keys = runner.map(_line_keys_task, records, runner.share(plan), desc="ingest: lines")
    return plan, line_counts(keys)


def _outlet_counts_task(path: str) -> Counter:
    return outlet_counts(pd.read_parquet(path))


def _line_keys_task(path: str, plan: OriginPlan) -> np.ndarray:
    return part_line_keys(pd.read_parquet(path), plan)


def _prepare_task(item: tuple, options: dict) -> dict:
    """One raw part: prepared (records) or checked (an ingested corpus), written as a clean
    part, with its band hashes for the near-duplicate search."""
    _, path, pre, target = item
    raw = pd.read_parquet(path)
    if pre:
        corpus, report, copies = validate_corpus(coerce_corpus(raw)), [], []
    else:
        raw = cast_extras(raw, options["dtypes"])
        done = prepare_part(raw, clean=options["clean"], plan=options["plan"],
                            counts=options["counts"])
        corpus, report, copies = done.corpus, done.report, done.copies
    corpus.to_parquet(target, index=False)
    hashes = present = None
    if options["layout"] is not None:
        hashes, present = band_hashes(
            corpus["text"].fillna("").tolist(), layout=options["layout"],
            num_perm=DEFAULT_NUM_PERM, seed=options["seed"], shingle_size=DEFAULT_SHINGLE_SIZE,
        )
    return {"rows": len(corpus), "ids": corpus["doc_id"].astype(str).to_numpy(dtype=object),
            "hashes": hashes, "present": present, "report": report, "copies": copies}


# --------------------------------------------------------------------------- near-duplicates


def _duplicates(runner, writer, kept, dedup, threshold, seed) -> list[dict]:
    """The duplicate columns of every kept part (aligned with its rows)."""
    sizes = [p.rows for _, p in kept]
    bounds = np.cumsum([0, *sizes])
    ids = np.concatenate([p.ids for _, p in kept])
    n = len(ids)
    single_pre = len(kept) == 1 and kept[0][1].pre
    if not dedup:
        if single_pre:  # one ingested corpus, taken as it is
            return [{"keep": True}]
        group = np.arange(n, dtype=np.int64)
        canonical = ids
    else:
        order = np.argsort(ids, kind="stable")
        hashes = np.concatenate([p.hashes for _, p in kept])[order]
        present = np.concatenate([p.present for _, p in kept])[order]
        pairs = candidate_pairs(hashes, present)
        del hashes
        work = [str(writer.work / f"clean-{i:05d}.parquet") for i, _ in kept]
        needed = np.unique(pairs) if len(pairs) else np.empty(0, np.int64)
        found = _gather(runner, work, bounds, order[needed], _shingles_task, "ingest: shingles")
        shingles = dict(zip(needed.tolist(), found, strict=True))
        verified = verify_pairs(pairs, shingles, threshold or DEFAULT_THRESHOLD)
        del shingles
        comp = duplicate_components(n, zip(verified["i"], verified["j"], strict=True))
        grouped = grouped_positions(comp)
        rows = _gather(runner, work, bounds, order[grouped], _members_task, "ingest: groups")
        members = pd.DataFrame(rows, columns=_MEMBER_COLUMNS)
        group_sorted, canonical_sorted = duplicate_groups(ids[order], comp, members)
        group = np.empty(n, dtype=np.int64)
        group[order] = group_sorted
        canonical = np.empty(n, dtype=object)
        canonical[order] = canonical_sorted
    return [
        {"group": group[a:b], "canonical": canonical[a:b]}
        for a, b in zip(bounds[:-1], bounds[1:], strict=True)
    ]


def _gather(runner, work, bounds, positions, task, desc) -> list:
    """``task(part file, rows)`` for the parts holding the global ``positions``; the results
    in the order of ``positions``."""
    part_of = np.searchsorted(bounds, positions, side="right") - 1
    jobs = []
    for k in np.unique(part_of):
        at = np.flatnonzero(part_of == k)
        jobs.append((at, (work[k], (positions[at] - bounds[k]).tolist())))
    results = runner.map(task, [job for _, job in jobs], desc=desc)
    out: list = [None] * len(positions)
    for (at, _), values in zip(jobs, results, strict=True):
        for a, v in zip(at, values, strict=True):
            out[a] = v
    return out


def _shingles_task(job: tuple) -> list[np.ndarray]:
    path, rows = job
    texts = pd.read_parquet(path, columns=["text"])["text"].fillna("")
    return [shingle_set(texts.iloc[r], shingle_size=DEFAULT_SHINGLE_SIZE) for r in rows]


def _members_task(job: tuple) -> list[tuple]:
    path, rows = job
    df = pd.read_parquet(path, columns=_MEMBER_COLUMNS).iloc[rows]
    return list(df.itertuples(index=False, name=None))


def _finish_task(item: tuple, dtypes: dict) -> dict:
    """A clean part with its duplicate columns and the corpus's columns, written as part k."""
    _, path, dups, target = item
    corpus = pd.read_parquet(path)
    if not dups.get("keep"):
        corpus["dup_group"] = pd.Series(dups["group"], dtype="int64")
        corpus["canonical_doc_id"] = pd.Series(dups["canonical"], dtype="string")
        corpus["is_canonical"] = corpus["doc_id"].astype(str).to_numpy() == dups["canonical"]
    corpus = cast_extras(corpus, dtypes)
    corpus = validate_corpus(coerce_corpus(corpus))
    write_corpus(corpus, target)
    return {"path": target, "rows": len(corpus), "columns": list(corpus.columns)}
