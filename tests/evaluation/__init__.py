"""Tests of analysis.evaluation."""
