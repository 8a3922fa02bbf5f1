"""Numbers, dates and times in the reader's language, through Babel's CLDR data.

The locale comes from the language registry (`guide.i18n.languages`: ar_MA, fr_MA, en_GB),
so Arabic reads "1.234,5" and "28 نونبر 2026" as in Morocco and English is British. Times
are shown in the laptop's local time zone, with its offset, so that an audit trail stays
unambiguous; the journal itself stores UTC.
"""

from __future__ import annotations

import datetime as dt

from guide.i18n.languages import SOURCE_LANGUAGE, babel_locale

# Babel's Arabic and Persian patterns carry direction marks; a document or widget that sets
# its own direction does not want them.
_MARKS = str.maketrans("", "", "\u200e\u200f\u061c")


def _locale(lang: str | None) -> str:
    from babel import Locale, UnknownLocaleError

    if lang is None:
        from guide.i18n.translate import current_language

        lang = current_language()
    code = babel_locale(lang)
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return babel_locale(SOURCE_LANGUAGE)
    return code


def strip_marks(text: str) -> str:
    """Remove the invisible direction marks Babel puts in right-to-left dates."""
    return text.translate(_MARKS)


def format_number(value: float, lang: str | None = None) -> str:
    """`1234.5` as "1.234,5" in Arabic (Morocco), "1 234,5" in French (Morocco)..."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_locale(lang))


def format_date(
    value: dt.date, lang: str | None = None, format: str = "long", *, marks: bool = True
) -> str:
    """A date as "28 نونبر 2026", "28 novembre 2026" or "28 November 2026" ("long");
    `marks=False` leaves out Babel's direction marks."""
    from babel.dates import format_date as babel_format_date

    text = babel_format_date(value, format=format, locale=_locale(lang))
    return text if marks else strip_marks(text)


def format_datetime(value: dt.datetime, lang: str | None = None, format: str = "medium") -> str:
    from babel.dates import format_datetime as babel_format_datetime

    return babel_format_datetime(value, format=format, locale=_locale(lang))


def local_time(value: dt.datetime) -> dt.datetime:
    """`value` in the laptop's local time zone (a naive moment is taken as UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone()


def format_time(
    value: dt.datetime, lang: str | None = None, *, seconds: bool = True, marks: bool = True
) -> str:
    """A moment in the laptop's local time zone, with the zone's offset:
    "28 Nov 2026, 11:03:12 (GMT+01:00)"; `seconds=False` gives the short form
    "28/11/2026, 11:03 (GMT+01:00)". `marks=False` leaves out direction marks."""
    from babel.dates import format_datetime as babel_format_datetime
    from babel.dates import get_timezone_gmt

    locale = _locale(lang)
    moment = local_time(value)
    text = babel_format_datetime(moment, "medium" if seconds else "short", locale=locale)
    text = f"{text} ({get_timezone_gmt(moment, 'long', locale=locale)})"
    return text if marks else strip_marks(text)


def parse_time(value: str | None) -> dt.datetime | None:
    """A journal timestamp ("2026-11-28T10:03:12Z") as an aware moment, or None."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
