"""Tests of analysis.text."""
