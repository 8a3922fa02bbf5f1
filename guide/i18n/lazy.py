"""Texts made now and translated when shown: a `str` that remembers its template.

A diagnostic is made while the guide loads, long before anyone knows in which language it
will be read (the command line's, a trainer's editor, JSON for a tool). `lazy(N_("unknown
key '{key_name}'"), key_name="x")` is the English text "unknown key 'x'" for every purpose
(comparison, JSON, logs), and `translated(text)` gives it in the current language, fields
filled in, when it is printed. Nothing here reads a catalog until `translated` is called, so
the core may build such texts and stay free of I/O.
"""

from __future__ import annotations

from typing import Any


class LazyText(str):
    """English text, with the template and fields it was made from."""

    template: str
    fields: dict[str, Any]

    def __new__(cls, template: str, **fields: Any) -> LazyText:
        text = super().__new__(cls, template.format(**fields) if fields else template)
        text.template = template
        text.fields = fields
        return text

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (_rebuild, (self.template, self.fields))

    def __deepcopy__(self, memo: dict[int, Any]) -> LazyText:
        return self  # immutable, like str


def _rebuild(template: str, fields: dict[str, Any]) -> LazyText:
    return LazyText(template, **fields)


def N_(message: str) -> str:
    """Mark a template for the `ui` catalog where it is written; `lazy` fills it in."""
    return message


def lazy(template: str, **fields: Any) -> LazyText:
    """`template` (marked for extraction with N_ where it is written) filled with `fields`."""
    return LazyText(template, **fields)


def translated(text: str, lang: str | None = None) -> str:
    """`text` in the current language (or `lang`) when it is a LazyText, else `text` itself.

    A field that is itself a LazyText is translated too. When the translation cannot take the
    fields (a translator renamed one), the English text is shown: never a crash, never a blank.
    """
    if not isinstance(text, LazyText):
        return text
    from guide.i18n.translate import pgettext

    template = pgettext(None, text.template, lang) if text.template else text.template
    if template == text.template and not text.fields:
        return str(text)
    fields = {name: translated(value, lang) for name, value in text.fields.items()}
    try:
        return template.format(**fields) if fields else template
    except (KeyError, IndexError, ValueError):
        return text.template.format(**fields)
