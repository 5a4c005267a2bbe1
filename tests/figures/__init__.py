"""Tests of analysis.figures."""
