"""The languages Dalil offers: the one place to add a language.

Adding a language takes one line here and a catalog (`dalil i18n init CODE`); everything
else reads this table at the moment it needs it: the start screen and the language dialog
(names and keys), the reports (direction, names), numbers, dates and times (the Babel
locale), the command line's choices, `dalil i18n status` and the catalogs workflow.
`tests/i18n/test_fourth_language.py` adds a fourth, right-to-left language in a fixture and
sees it everywhere without touching any other file.

An *oral layer* (`oral_of` set) is not a language of the menus: it is a spoken rendering of
the texts read aloud to the person, shown beneath the written language it belongs to when the
officer switches it on (Moroccan Darija beneath Modern Standard Arabic). It has one catalog,
`locales/CODE/LC_MESSAGES/oral.po` (guide/i18n/oral.py).
"""

from __future__ import annotations

from typing import Literal

from guide.core.record import Record, _set

Direction = Literal["ltr", "rtl"]


def N_(message: str) -> str:
    """Mark a name for the ui catalog where it is written (Babel's N_ keyword). Not imported
    from guide.i18n.lazy: this registry imports nothing of the package, because the catalogs
    and the translation that LazyText calls read it (no import circle)."""
    return message


class Language(Record):
    """One language (a frozen record: guide/core/record.py, no dataclass compiled at start)."""

    __slots__ = ("code", "direction", "key", "locale", "name", "native_name", "oral_of")

    code: str  # gettext code, also the folder name under locales/
    name: str  # the language's name in English (documentation, command-line help)
    native_name: str  # the language's own name, in its own script, as shown in menus
    direction: Direction
    locale: str  # Babel/CLDR locale for numbers, dates and plurals (Moroccan usage)
    key: str  # the digit that chooses it on the start screen and in the language dialog
    # For an oral layer: the written language it is read beneath ("ar"); None for a language
    # of the menus. An oral layer has no key and no ui/guide catalogs.
    oral_of: str | None

    def __init__(
        self,
        code: str,
        name: str,
        native_name: str,
        direction: Direction,
        locale: str,
        key: str = "",
        oral_of: str | None = None,
    ) -> None:
        _set(self, "code", code)
        _set(self, "name", name)
        _set(self, "native_name", native_name)
        _set(self, "direction", direction)
        _set(self, "locale", locale)
        _set(self, "key", key)
        _set(self, "oral_of", oral_of)


# The source language of the UI strings and of the shipped guide: shown without a marker.
SOURCE_LANGUAGE = "en"

LANGUAGES: tuple[Language, ...] = (
    Language("ar", "Arabic", "العربية", "rtl", "ar_MA", "1"),
    Language("fr", "French", "Français", "ltr", "fr_MA", "2"),
    Language("en", "English", "English", "ltr", "en_GB", "3"),
    # Moroccan Darija in Arabic script: the spoken rendering of the read-aloud texts, beneath
    # the Modern Standard Arabic. Its English name is also its label in the wizard, through
    # the ui catalog («الدارجة», "darija").
    Language("ary", N_("Darija"), "الدارجة", "rtl", "ar_MA", oral_of="ar"),
)


def languages() -> tuple[Language, ...]:
    """The languages offered in the menus, in menu order (read at call time, so a test may
    add one); oral layers are not among them (see `oral_layers`)."""
    return tuple(language for language in LANGUAGES if language.oral_of is None)


def oral_layers(of: str | None = None) -> tuple[Language, ...]:
    """The oral layers, in table order; with `of`, those read beneath that language."""
    return tuple(
        language
        for language in LANGUAGES
        if language.oral_of is not None and (of is None or language.oral_of == of)
    )


def is_oral_layer(code: str) -> bool:
    language = get_language(code)
    return language is not None and language.oral_of is not None


def get_language(code: str) -> Language | None:
    """The registry's entry for `code`: a language of the menus or an oral layer."""
    for language in LANGUAGES:
        if language.code == code:
            return language
    return None


def language_codes() -> list[str]:
    return [language.code for language in languages()]


def by_key(key: str) -> Language | None:
    """The language chosen by a digit key on the start screen, or None."""
    for language in languages():
        if language.key == key:
            return language
    return None


def person_key(language: Language) -> str | None:
    """The digit that chooses `language` for the person only in the language dialog: the
    keys after the offered languages' own (4-6 for three languages), None past 9."""
    codes = language_codes()
    number = len(codes) + codes.index(language.code) + 1
    return str(number) if number <= 9 else None


def key_range() -> str:
    """The keys of the offered languages, for a key bar: "1-3"."""
    keys = [language.key for language in languages()]
    return f"{keys[0]}-{keys[-1]}" if len(keys) > 1 else keys[0]


def native_name(code: str) -> str:
    """The language's own name ("العربية"); the code itself for a language not offered."""
    language = get_language(code)
    return language.native_name if language is not None else code


def direction(code: str) -> Direction:
    """The writing direction of `code`: from this table, else from Babel's CLDR data (so a
    report in a language not offered in the wizard, e.g. "ur", still reads right to left)."""
    language = get_language(code)
    if language is not None:
        return language.direction
    from babel import Locale, UnknownLocaleError

    try:
        order = Locale.parse(code.replace("-", "_")).character_order
    except (UnknownLocaleError, ValueError, TypeError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def is_rtl(code: str) -> bool:
    return direction(code) == "rtl"


def babel_locale(code: str) -> str:
    """The CLDR locale for `code`; a language not listed here uses its bare code."""
    language = get_language(code)
    return language.locale if language is not None else code
