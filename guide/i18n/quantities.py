"""Counts, quantities and lists in the reader's language: plural rules and list patterns.

Never build "3 strong, 0 medium" or "14 hours" by hand: Arabic has six plural forms
(«14 ساعة», not «14 ساعات») and its own comma («،»), French writes "7,5 heures". Each
function takes the language explicitly, or the current one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from guide.i18n.formatting import format_number
from guide.i18n.translate import current_language, ngettext, set_language


def _in_language(lang: str | None):  # type: ignore[no-untyped-def]
    """Run the enclosed lookups in `lang` (the current language when None)."""
    from contextlib import contextmanager

    @contextmanager
    def scope():  # type: ignore[no-untyped-def]
        previous = current_language()
        if lang is not None and lang != previous:
            set_language(lang)
        try:
            yield
        finally:
            if lang is not None and lang != previous:
                set_language(previous)

    return scope()


def _number(value: float) -> str:
    return format_number(value, current_language())


def _whole(value: float) -> bool:
    return float(value).is_integer()


# The units a guide may give a number question (`unit:` in the YAML), by their English
# source word. Each is one ngettext entry, so every language writes its own forms.
def _unit_forms(unit: str, n: int) -> str | None:
    if unit in ("hour", "hours"):
        return ngettext("{n} hour", "{n} hours", n)
    if unit in ("hours per day", "hours a day"):
        return ngettext("{n} hour a day", "{n} hours a day", n)
    if unit in ("day", "days"):
        return ngettext("{n} day", "{n} days", n)
    if unit in ("days per week", "days a week"):
        return ngettext("{n} day a week", "{n} days a week", n)
    if unit in ("week", "weeks"):
        return ngettext("{n} week", "{n} weeks", n)
    if unit in ("month", "months"):
        return ngettext("{n} month", "{n} months", n)
    if unit in ("year", "years"):
        return ngettext("{n} year", "{n} years", n)
    if unit in ("dirham", "dirhams", "MAD"):
        return ngettext("{n} dirham", "{n} dirhams", n)
    if unit in ("person", "people", "persons"):
        return ngettext("{n} person", "{n} people", n)
    return None


def quantity(
    value: float, unit: str | None, translated_unit: str = "", lang: str | None = None
) -> str:
    """A number answer with its unit: «14 ساعة», «ساعتان», "7,5 heures", "1 hour".

    `unit` is the guide's source word (e.g. "hours"); `translated_unit` its translation from
    the guide catalog, used as is for a unit Dalil has no plural forms for. A fraction takes
    the form CLDR gives fractions (Arabic: the 11-99 form; French: the plural).
    """
    with _in_language(lang):
        shown = _number(value)
        if not unit:
            return shown
        n = int(value) if _whole(value) else 100 if current_language().startswith("ar") else 2
        forms = _unit_forms(unit.strip().lower(), n)
        if forms is not None:
            return forms.format(n=shown)
        return f"{shown} {translated_unit or unit}".strip()


def count(value: int, singular: str, plural: str, lang: str | None = None) -> str:
    """`ngettext(singular, plural, value)` with `{n}` filled in in the language's digits."""
    with _in_language(lang):
        return ngettext(singular, plural, value).format(n=_number(value))


def strength_counts(counts: Mapping[str, int], lang: str | None = None) -> str:
    """«3 مؤشرات قوية، ولا مؤشر متوسط، ولا مؤشر ضعيف» / "3 strong indicators, 0 medium, 0 weak"."""
    with _in_language(lang):
        parts = []
        for strength in ("strong", "medium", "weak"):
            n = counts.get(strength, 0)
            if strength == "strong":
                text = ngettext("{n} strong indicator", "{n} strong indicators", n)
            elif strength == "medium":
                text = ngettext("{n} medium indicator", "{n} medium indicators", n)
            else:
                text = ngettext("{n} weak indicator", "{n} weak indicators", n)
            parts.append(text.format(n=_number(n)))
        return join(parts)


def join(items: Iterable[str], lang: str | None = None, style: str = "plain") -> str:
    """A list in the language's pattern.

    "plain": an enumeration, "a, b, c" («أ، ب، ج» with the Arabic comma); "and": CLDR's
    standard pattern, "a, b and c" / "a, b et c" / «أ وب وج»; "or": "a, b or c".
    """
    items = [item for item in items if item]
    if not items:
        return ""
    from babel import Locale, UnknownLocaleError
    from babel.lists import format_list

    from guide.i18n.languages import SOURCE_LANGUAGE, babel_locale

    code = babel_locale(lang or current_language())
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse(babel_locale(SOURCE_LANGUAGE))
    if style == "plain":
        return _plain_separator(locale).join(items)
    return format_list(items, style="standard" if style == "and" else "or", locale=locale)


def _plain_separator(locale) -> str:  # type: ignore[no-untyped-def]
    """The comma of CLDR's list pattern without its conjunction: «، » in Arabic, ", "."""
    middle = "{0}, {1}"
    for style in ("unit-short", "unit", "standard"):
        try:
            middle = locale.list_patterns[style]["middle"]
            break
        except KeyError:
            continue
    between = middle.split("{0}", 1)[-1].split("{1}", 1)[0]
    separator = "".join(ch for ch in between if not ch.isalpha())
    return separator if separator.strip() else ", "
