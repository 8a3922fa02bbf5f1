"""The translation functions the wizard uses, in one place.

The UI marks its strings with `_()` (Babel's Python extractor finds them) and reads guide
texts through `content()`. Until the translation runtime (guide.i18n) is available, the
fallbacks below return the source text unchanged, so the wizard still runs in English.
"""

from __future__ import annotations

from collections.abc import Callable

_language = "en"

try:  # the real runtime, once guide.i18n provides it
    from guide.i18n import _ as _gettext  # type: ignore[attr-defined]
    from guide.i18n import content as _content  # type: ignore[attr-defined]
    from guide.i18n import ngettext as _ngettext  # type: ignore[attr-defined]
    from guide.i18n import set_language as _set_language  # type: ignore[attr-defined]

    HAVE_CATALOGS = True
except ImportError:
    HAVE_CATALOGS = False

    def _gettext(message: str) -> str:
        return message

    def _ngettext(singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural

    def _content(context: str, source: str, lang: str | None = None) -> str:
        return source

    def _set_language(lang: str) -> None:
        return None


def _(message: str) -> str:
    """A UI string in the current UI language."""
    return _gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A UI string that depends on a count (Arabic has six forms, French two)."""
    return _ngettext(singular, plural, n)


def set_language(lang: str) -> None:
    global _language
    _language = lang
    _set_language(lang)


def current_language() -> str:
    return _language


# A guide-text lookup: (context id, source text, language) -> text to show.
ContentLookup = Callable[[str, str, str], str]


def content(context: str, source: str, lang: str) -> str:
    """A guide text (question, guidance, verdict...) in `lang`."""
    return _content(context, source, lang=lang)


# Each language named in its own script, for the language chooser.
LANGUAGE_NAMES: dict[str, str] = {"ar": "العربية", "fr": "Français", "en": "English"}
RTL_LANGUAGES = frozenset({"ar"})


def ltr(fragment: str) -> str:
    """Keep a left-to-right fragment (a date, a phone number, a file name) in one piece
    inside a right-to-left sentence: a Unicode isolate, stripped again when painted."""
    return f"\u2066{fragment}\u2069"
