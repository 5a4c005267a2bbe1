"""Tests of analysis.comparison."""
