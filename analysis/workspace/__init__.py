"""The workspace: partitioned datasets on disk, what built them, and the parts processed in this
process or on Dask workers.

``datasets`` (a folder of Parquet parts and a marker), ``cluster`` (where the parts are
processed: this process, a local Dask cluster, a running scheduler), ``ingest`` and ``score``
(the stages' own per-part functions mapped over the parts), ``build`` (what built a dataset, and
``ensure_workspace``: a workspace's corpus and hits, built once and reused while their inputs,
lexicon, options and versions stay the same), ``report_inputs`` (``study_tables``: what a
report's notebook analyses, from the input files or from a workspace). The distributed path is
the single-process path mapped over parts: every step that changes a table is a function of the
stage that owns it.
May import: comparison and below.
"""
