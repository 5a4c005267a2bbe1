"""Tests of analysis.stats."""
