"""analysis.text.language and the corpus's language column (issue 12)."""

from __future__ import annotations

import json
import logging

import pandas as pd

import analysis
from analysis.text.language import UNDETERMINED, detect_language


def test_languages_are_detected_offline_and_short_texts_are_undetermined():
    assert detect_language("The army said the offensive was over and the siege had ended.") == "en"
    assert detect_language("Die Armee sagte, die Offensive sei vorbei und die Belagerung beendet.") == "de"
    assert detect_language("Армия заявила, что наступление окончено и осада снята.") == "ru"
    assert detect_language("ok then") == UNDETERMINED
    assert detect_language("") == UNDETERMINED


def test_ingest_records_the_language_and_keeps_an_inputs_own(tmp_path):
    rows = [{"doc_id": "a", "text": "The ministry said the blockade had ended after talks."},
            {"doc_id": "b", "text": "Le ministère a dénoncé un nettoyage ethnique dans la région."},
            {"doc_id": "c", "text": "Short.", "language": "EN"}]
    (tmp_path / "x.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    corpus = analysis.ingest(tmp_path / "x.jsonl", clean=False, dedup=False).corpus
    assert corpus["language"].tolist() == ["en", "fr", "en"]


def test_scoring_warns_once_about_documents_not_in_english(caplog):
    corpus = analysis.coerce_corpus(pd.DataFrame({
        "doc_id": ["a", "b"], "outlet": ["X", "Y"],
        "text": ["Officials warned of a massacre in the besieged town on Monday.",
                 "Die Regierung sprach von einem Massaker in der belagerten Stadt."]}))
    # another test's tool (import-linter) may have configured logging and disabled this logger
    logging.getLogger("analysis.scoring.hits").disabled = False
    with caplog.at_level(logging.WARNING):
        analysis.score(corpus)
    lines = [r.getMessage() for r in caplog.records if "not in English" in r.getMessage()]
    assert lines == ["1 of 2 documents are not in English (de 1): the voice rules were written "
                     "for English, so the voices and speakers of their hits are not reliable"]
