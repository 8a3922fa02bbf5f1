"""Numbers and dates in the reader's language, through Babel's CLDR data."""

from __future__ import annotations

import datetime as dt

from guide.i18n.languages import SOURCE_LANGUAGE, babel_locale


def _locale(lang: str | None) -> str:
    from babel import Locale, UnknownLocaleError

    from guide.i18n.translate import current_language

    code = babel_locale(lang or current_language())
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return babel_locale(SOURCE_LANGUAGE)
    return code


def format_number(value: float, lang: str | None = None) -> str:
    """`1234.5` as "1.234,5" in Arabic (Morocco), "1 234,5" in French (Morocco)..."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_locale(lang))


def format_date(value: dt.date, lang: str | None = None, format: str = "long") -> str:
    """A date as "28 نونبر 2026", "28 novembre 2026" or "28 November 2026" ("long")."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format=format, locale=_locale(lang))


def format_datetime(value: dt.datetime, lang: str | None = None, format: str = "medium") -> str:
    from babel.dates import format_datetime as babel_format_datetime

    return babel_format_datetime(value, format=format, locale=_locale(lang))
