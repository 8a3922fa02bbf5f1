"""Every interface word of the report reaches the translators: Babel extracts it."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from babel.messages.extract import extract_from_file

from guide.report.texts import (
    BUILT_IN_ANSWERS,
    EVENT_KINDS,
    STRENGTHS,
    UNKNOWN_STATUSES,
    URGENCIES,
    report_words,
)

GUIDE = Path(__file__).resolve().parents[2] / "guide"
# The report's own words, and the vocabulary it shares with every front end.
SOURCES = sorted((GUIDE / "report").glob("*.py"))  # result_view.py is among them


def extracted() -> set[str]:
    found: set[str] = set()
    for path in SOURCES:
        for _line, message, _comments, _context in extract_from_file("python", str(path)):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_report_word_is_extracted():
    messages = extracted()
    words = report_words(lambda message: message)
    missing = {getattr(words, f.name) for f in fields(words)} - messages
    for table in (STRENGTHS, URGENCIES, UNKNOWN_STATUSES, BUILT_IN_ANSWERS, EVENT_KINDS):
        missing |= set(table.values()) - messages
    assert not missing, sorted(missing)
