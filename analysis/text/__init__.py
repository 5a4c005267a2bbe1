"""Text utilities shared by every stage: Unicode normalisation, word tokens, sentence boundaries.

Owns: ``normalize`` (the one normalisation applied at ingest), ``tokens`` (the token definition
behind every per-1,000-token rate), ``sentences`` (Punkt with news parameters, no download).
May import: ``analysis.config`` and third-party libraries only.
"""
