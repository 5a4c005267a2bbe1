"""Tests of analysis.workspace: partitioned datasets, what built them, and Dask workers."""
