"""The language of a text, from a model that ships inside its PyPI package (py3langid), offline.

The voice rules, the sentence model's abbreviations and the shipped lexicons are written for
English; ingest records each document's language so that a report can say how many documents
are not English instead of scoring them silently as if they were.
"""

from __future__ import annotations

from functools import lru_cache

__all__ = ["UNDETERMINED", "detect_language"]

UNDETERMINED = "und"  # ISO 639-2 "undetermined": too short, or no language clearly ahead
_MIN_LETTERS = 20
_MIN_PROBABILITY = 0.5
_SAMPLE_CHARS = 3_000  # the opening of a text decides; cost stays bounded on long documents


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)  # numpy arrays, no pickle


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language of ``text`` ("en", "de", ...), or ``"und"`` when the text
    has fewer than 20 letters or no language reaches a probability of 0.5. Reads the first
    3,000 characters."""
    sample = text[:_SAMPLE_CHARS] if isinstance(text, str) else ""
    if sum(c.isalpha() for c in sample) < _MIN_LETTERS:
        return UNDETERMINED
    code, probability = _identifier().classify(sample)
    return code if probability >= _MIN_PROBABILITY else UNDETERMINED
