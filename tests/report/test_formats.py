"""Reports format numbers, dates and times with the language registry's Moroccan (or
British) locale, like the rest of Dalil (review H2b: they used the bare language code, so
Arabic reports showed Mashriq month names and "1,234.5", English ones US dates)."""

import time

import pytest

from guide.i18n import formatting
from guide.report.texts import direction, format_date, format_number, format_time


@pytest.mark.parametrize(
    ("lang", "number", "date"),
    [
        ("ar", "1.234,5", "28 نونبر 2026"),  # Moroccan month name, not Mashriq "نوفمبر"
        ("fr", "1\u202f234,5", "28 novembre 2026"),
        ("en", "1,234.5", "28 November 2026"),  # British, not "November 28, 2026"
    ],
)
def test_report_numbers_and_dates_use_the_registry_locale(lang, number, date):
    assert format_number(1234.5, lang) == number == formatting.format_number(1234.5, lang)
    assert format_date("2026-11-28T10:00:00Z", lang) == date


def test_audit_times_are_in_the_laptops_time_zone(monkeypatch):
    monkeypatch.setenv("TZ", "Africa/Casablanca")
    time.tzset()
    try:
        assert format_time("2026-11-28T09:00:00Z", "en") == "28 Nov 2026, 10:00:00 (GMT+01:00)"
        assert format_time("2026-11-28T09:00:00Z", "fr") == "28 nov. 2026, 10:00:00 (UTC+01:00)"
        # no direction marks: the document sets its own direction
        assert "\u200f" not in format_time("2026-11-28T09:00:00Z", "ar")
        # just before midnight UTC is already the next day in Casablanca
        assert format_date("2026-11-28T23:30:00Z", "en") == "29 November 2026"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_direction_comes_from_the_registry_then_babel():
    assert (direction("ar"), direction("fr"), direction("en")) == ("rtl", "ltr", "ltr")
    assert direction("ur") == "rtl"  # not offered in the wizard; Babel knows its direction
    assert direction("xx") == "ltr"
