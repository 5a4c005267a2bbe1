"""Tests of analysis.lexicons."""
