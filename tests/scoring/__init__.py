"""Tests of analysis.scoring."""
