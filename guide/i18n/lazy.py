"""Texts made now and translated when shown: a `str` that remembers its template.

A diagnostic is made while the guide loads, long before anyone knows in which language it
will be read (the command line's, a trainer's editor, JSON for a tool). `lazy(N_("unknown
key '{key_name}'"), key_name="x")` is the English text "unknown key 'x'" for every purpose
(comparison, JSON, logs), and `translated(text)` gives it in the current language, fields
filled in, when it is printed. Nothing here reads a catalog until `translated` is called, so
the core may build such texts and stay free of I/O.
"""

from __future__ import annotations

from guide.i18n.lazytext import N_, LazyText, _rebuild, lazy

__all__ = ["N_", "LazyText", "_rebuild", "lazy", "translated"]


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
