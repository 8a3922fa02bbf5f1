"""LazyText itself: an English `str` that remembers its template and fields.

A leaf module (it imports nothing of Dalil), so that the catalog loader's own checks
(guide.i18n.checks) can make LazyText without an import circle through the translations.
guide.i18n.lazy re-exports everything here and adds `translated`; import from there.
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
