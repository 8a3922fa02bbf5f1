"""What reading one catalog gives: its usable translations and the problems found.

Plain data, shared by the reader (`guide.i18n.catalogs`) and its cache (`guide.i18n.cache`),
so that neither needs the other to describe it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

MessageKey = tuple[str | None, str]  # (msgctxt, msgid); msgid is the singular for plurals


@dataclass(frozen=True)
class CatalogWarning:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class Translations:
    """The usable translations of one catalog: no fuzzy, no empty, no broken placeholders."""

    language: str
    domain: str
    messages: dict[MessageKey, str | tuple[str, ...]] = field(default_factory=dict)
    plural: Callable[[int], int] = field(default=lambda n: int(n != 1))
    file: Path | None = None
    plural_expr: str = "(n != 1)"  # the C expression `plural` was made from (for the cache)
    nplurals: int = 2

    def get(self, context: str | None, msgid: str) -> str | tuple[str, ...] | None:
        return self.messages.get((context, msgid))
