"""Tests of analysis.voice."""
