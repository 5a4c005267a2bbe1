"""Tests of analysis.corpus."""
