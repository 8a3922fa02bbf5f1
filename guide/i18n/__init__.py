"""Translations: gettext catalogs through Babel, loaded lazily with a marked fallback.

Importing this package is cheap (no Babel import until a catalog or a format is needed).
"""

from guide.i18n.catalogs import CatalogWarning
from guide.i18n.formatting import format_date, format_datetime, format_number
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
