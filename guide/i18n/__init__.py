"""Translations: gettext catalogs through Babel, loaded lazily with a marked fallback.

Importing this package is cheap: it imports the translation state (`translate`, which every
command needs for `_()`) and nothing else. The catalog reader, Babel, the formatting of
numbers and dates are imported the first time they are used (PEP 562 `__getattr__` for the
names below that live in other submodules).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from guide.i18n.languages import LANGUAGES, SOURCE_LANGUAGE, Language, get_language, is_rtl
from guide.i18n.translate import (
    N_,
    UNTRANSLATED_MARK,
    _,
    content,
    current_language,
    gettext,
    is_translated,
    ngettext,
    npgettext,
    pgettext,
    reload,
    set_language,
    set_locales_dir,
    warnings,
)

if TYPE_CHECKING:
    from guide.i18n.formatting import format_date, format_datetime, format_number
    from guide.i18n.table import CatalogWarning

# name -> the submodule that defines it, imported on first use
_LAZY = {
    "CatalogWarning": "guide.i18n.table",
    "format_date": "guide.i18n.formatting",
    "format_datetime": "guide.i18n.formatting",
    "format_number": "guide.i18n.formatting",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # found directly from now on
    return value


__all__ = [
    "LANGUAGES",
    "N_",
    "SOURCE_LANGUAGE",
    "UNTRANSLATED_MARK",
    "CatalogWarning",
    "Language",
    "_",
    "content",
    "current_language",
    "format_date",
    "format_datetime",
    "format_number",
    "get_language",
    "gettext",
    "is_rtl",
    "is_translated",
    "ngettext",
    "npgettext",
    "pgettext",
    "reload",
    "set_language",
    "set_locales_dir",
    "warnings",
]
