"""The translation functions the wizard uses, in one place.

The UI marks its strings with `_()` / `ngettext()` (Babel's Python extractor finds them) and
reads guide texts through `content()`; all come from the translation runtime, guide.i18n.
"""

from __future__ import annotations

from collections.abc import Callable

from guide.i18n import _ as _gettext
from guide.i18n import content as _content
from guide.i18n import current_language as _current_language
from guide.i18n import ngettext as _ngettext
from guide.i18n import set_language as _set_language


def _(message: str) -> str:
    """A UI string in the current UI language."""
    return _gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A UI string that depends on a count (Arabic has six forms, French two)."""
    return _ngettext(singular, plural, n)


def set_language(lang: str) -> None:
    _set_language(lang)


def current_language() -> str:
    return _current_language()


# A guide-text lookup: (context id, source text, language) -> text to show.
ContentLookup = Callable[[str, str, str], str]


def content(context: str, source: str, lang: str) -> str:
    """A guide text (question, guidance, verdict...) in `lang`."""
    return _content(context, source, lang=lang)


def ltr(fragment: str) -> str:
    """Keep a left-to-right fragment (a date, a phone number, a file name) in one piece
    inside a right-to-left sentence: a Unicode isolate, stripped again when painted."""
    return f"\u2066{fragment}\u2069"


def isolate(fragment: str) -> str:
    """Keep a fragment whose direction is its own (a language's name in its own script, a
    case reference the officer typed) in one piece, in its own direction, inside a sentence
    of either direction: a first-strong isolate, stripped again when painted."""
    return f"\u2068{fragment}\u2069"
