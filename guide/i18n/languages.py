"""The languages Dalil offers: the one place to add a language.

Adding a language takes this one line and a catalog (`dalil i18n init CODE`); everything
else (menus, plural rules, number and date formats, text direction) follows from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Language:
    code: str  # gettext code, also the folder name under locales/
    name: str  # the language's own name, in its own script, as shown in menus
    direction: Literal["ltr", "rtl"]
    locale: str  # Babel/CLDR locale for numbers and dates (Moroccan usage where it exists)


# The source language of the UI strings and of the shipped guide: shown without a marker.
SOURCE_LANGUAGE = "en"

LANGUAGES: tuple[Language, ...] = (
    Language("ar", "العربية", "rtl", "ar_MA"),
    Language("fr", "Français", "ltr", "fr_MA"),
    Language("en", "English", "ltr", "en_GB"),
)


def get_language(code: str) -> Language | None:
    for language in LANGUAGES:
        if language.code == code:
            return language
    return None


def language_codes() -> list[str]:
    return [language.code for language in LANGUAGES]


def is_rtl(code: str) -> bool:
    language = get_language(code)
    return language is not None and language.direction == "rtl"


def babel_locale(code: str) -> str:
    """The CLDR locale for `code`; a language not listed here uses its bare code."""
    language = get_language(code)
    return language.locale if language is not None else code
