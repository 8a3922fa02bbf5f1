"""The run-time translation state: the current language and its lazily loaded catalogs.

UI strings live in the domain "ui" (marked with `_()` in Python); the guide's texts live in
the domain "guide", looked up by their place (msgctxt) and source text. A missing or fuzzy
translation never shows a blank: the source text comes back with `UNTRANSLATED_MARK` in
front. The source language itself shows the source with no mark, and reads no catalog: its
texts are the source texts (its catalogs, kept for the translators' workflow, hold each text
unchanged), so English starts without Babel, the catalog cache or a megabyte of entries.

Light to import: the catalog reader (Babel, the cache, logging) is imported the first time a
catalog of another language is needed.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from guide.i18n.languages import SOURCE_LANGUAGE

if TYPE_CHECKING:
    from guide.i18n.catalogs import CatalogWarning, Translations

# ASCII, not a bracket (brackets get mirrored in right-to-left lines), renders on every
# terminal font, and rarely starts a real sentence in Arabic, French or English.
UNTRANSLATED_MARK = "~ "

_lock = threading.RLock()
_language: str = SOURCE_LANGUAGE
_locales_dir: Path | None = None
_loaded: dict[tuple[str, str], Translations] = {}
_warnings: list[CatalogWarning] = []


def set_language(code: str) -> None:
    """Make `code` the UI language; its catalogs load the first time a text is needed."""
    global _language
    with _lock:
        _language = code


def current_language() -> str:
    return _language


def set_locales_dir(path: Path | str | None) -> None:
    """Read catalogs from `path` (None: the shipped ones) and forget those already loaded."""
    global _locales_dir
    with _lock:
        _locales_dir = Path(path) if path is not None else None
        _loaded.clear()
        _warnings.clear()


def locales_dir() -> Path:
    if _locales_dir is not None:
        return _locales_dir
    from guide.paths import default_locales_dir

    return default_locales_dir()


def reload() -> None:
    """Forget the loaded catalogs (after a translator saved a file) and their warnings."""
    with _lock:
        _loaded.clear()
        _warnings.clear()


def warnings() -> list[CatalogWarning]:
    """Problems met while loading catalogs so far (broken lines, bad placeholders...)."""
    with _lock:
        return list(_warnings)


def translations(language: str, domain: str) -> Translations:
    key = (language, domain)
    table = _loaded.get(key)
    if table is not None:
        return table
    with _lock:
        table = _loaded.get(key)
        if table is None:
            from guide.i18n.catalogs import load_translations

            table, problems = load_translations(locales_dir(), language, domain)
            base = _base(language)
            if table.file is None and base != language:
                return _loaded.setdefault(key, translations(base, domain))  # ar_MA -> ar
            if problems:
                import logging

                log = logging.getLogger("guide.i18n")
                for problem in problems:
                    log.warning("%s", problem)
            _warnings.extend(problems)
            _loaded[key] = table
    return table


def _base(language: str) -> str:
    return language.replace("-", "_").split("_")[0]


def _untranslated(language: str, source: str) -> str:
    if _base(language) == SOURCE_LANGUAGE or not source:
        return source
    return UNTRANSLATED_MARK + source


def is_source(language: str) -> bool:
    """Is `language` the source language (or a variant of it, en_GB)? Its texts are the
    source texts: no catalog is read for it."""
    return language == SOURCE_LANGUAGE or _base(language) == SOURCE_LANGUAGE


def pgettext(context: str | None, message: str, lang: str | None = None) -> str:
    language = lang or _language
    if is_source(language):
        return message
    found = translations(language, "ui").get(context, message)
    if isinstance(found, str):
        return found
    return _untranslated(language, message)


def gettext(message: str) -> str:
    """Translate a UI string into the current language."""
    return pgettext(None, message)


_ = gettext


def N_(message: str) -> str:
    """Mark a UI string for extraction where it is defined; translate it with `_()` later."""
    return message


def npgettext(context: str | None, singular: str, plural: str, n: int) -> str:
    language = _language
    if is_source(language):  # the source's own plural rule: one, other
        return singular if n == 1 else plural
    table = translations(language, "ui")
    found = table.get(context, singular)
    if isinstance(found, tuple):
        try:
            index = table.plural(n)
        except (ArithmeticError, ValueError, TypeError):  # checked at load; never a crash
            index = -1
        if 0 <= index < len(found):
            return found[index]
    return _untranslated(language, singular if n == 1 else plural)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a UI string for the number `n`, by the language's plural rule."""
    return npgettext(None, singular, plural, n)


def content(context: str, source: str, lang: str | None = None) -> str:
    """A text of the guide (domain "guide") at its place `context`, e.g. "question.age.text".

    The lookup uses the source text too: when the trainer changes a text, its old
    translation no longer matches and the new source text shows, marked, until the
    translator has checked it.
    """
    language = lang or _language
    if is_source(language):
        return source
    found = translations(language, "guide").get(context, source.strip())
    if isinstance(found, str):
        return found
    return _untranslated(language, source)


def is_translated(context: str, source: str, lang: str | None = None) -> bool:
    language = lang or _language
    return is_source(language) or isinstance(
        translations(language, "guide").get(context, source.strip()), str
    )
