"""Reading one language's catalog for one domain into a lookup table, with no build step.

A compiled `.mo` is used when it is at least as new as its `.po`; otherwise the `.po` is
parsed in memory with Babel. Fuzzy and empty translations are left out, so the caller falls
back to the source text. Nothing here raises on a bad file: every problem becomes a
`CatalogWarning` naming the file and line, and what could be read is still used.
"""

from __future__ import annotations

import contextlib
import gettext
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from guide.i18n.checks import translation_problems

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DOMAINS: tuple[str, ...] = ("ui", "guide")

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

    def get(self, context: str | None, msgid: str) -> str | tuple[str, ...] | None:
        return self.messages.get((context, msgid))


def catalog_path(locales_dir: Path, language: str, domain: str, suffix: str = ".po") -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{domain}{suffix}"


def read_po_file(path: Path) -> tuple[Catalog | None, list[CatalogWarning]]:
    """Parse a .po file; on a syntax error, warn with its line and keep what parses."""
    from babel.messages.pofile import PoFileError, read_po

    warnings: list[CatalogWarning] = []
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [CatalogWarning(str(path), None, f"cannot read the catalog: {error}")]
    try:
        return read_po(io.BytesIO(data), abort_invalid=True), warnings
    except PoFileError as error:
        # Babel counts lines from 0 in PoFileError.
        warnings.append(
            CatalogWarning(str(path), error.lineno + 1, f"{error.args[0]}: {error.line.strip()!r}")
        )
    except Exception as error:  # a damaged file must never stop the wizard
        return None, [CatalogWarning(str(path), None, f"cannot parse the catalog: {error}")]
    # Read again, leniently, so the valid entries still count. Babel prints each problem;
    # the first one is already in the warnings, so its output is dropped.
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return read_po(io.BytesIO(data), abort_invalid=False), warnings
    except Exception as error:
        warnings.append(CatalogWarning(str(path), None, f"cannot parse the catalog: {error}"))
        return None, warnings


def _read_mo_file(path: Path) -> tuple[Catalog | None, list[CatalogWarning]]:
    from babel.messages.mofile import read_mo

    try:
        with path.open("rb") as handle:
            return read_mo(handle), []
    except Exception as error:
        return None, [CatalogWarning(str(path), None, f"cannot read the compiled catalog: {error}")]


PluralRule = Callable[[int], int]


def _plural_function(catalog: Catalog, file: Path) -> tuple[PluralRule, list[CatalogWarning]]:
    try:
        return gettext.c2py(catalog.plural_expr), []
    except (ValueError, TypeError) as error:
        return (lambda n: int(n != 1)), [
            CatalogWarning(str(file), None, f"bad Plural-Forms header ({error}); using n != 1")
        ]


def usable_translations(
    catalog: Catalog, language: str, domain: str, file: Path
) -> tuple[Translations, list[CatalogWarning]]:
    """Keep the translations that are safe to show; warn about the ones that are not."""
    plural, warnings = _plural_function(catalog, file)
    table = Translations(language, domain, plural=plural, file=file)
    nplurals = catalog.num_plurals
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (list, tuple)):
            forms = message.string if isinstance(message.string, (list, tuple)) else ()
            if not forms or not all(forms):
                continue
            if len(forms) != nplurals:
                warnings.append(
                    CatalogWarning(
                        str(file),
                        message.lineno,
                        f"{len(forms)} plural forms where the catalog declares {nplurals}; "
                        "shown in the source language",
                    )
                )
                continue
            key: MessageKey = (message.context, message.id[0])
            value: str | tuple[str, ...] = tuple(forms)
        else:
            if not isinstance(message.string, str) or not message.string:
                continue
            key, value = (message.context, message.id), message.string
        sources = list(message.id) if isinstance(message.id, (list, tuple)) else [message.id]
        found = translation_problems(sources, list(value) if isinstance(value, tuple) else [value])
        problem = "; ".join(description for _kind, description in found)
        if problem:
            warnings.append(
                CatalogWarning(
                    str(file), message.lineno, f"{problem}; shown in the source language"
                )
            )
            continue
        table.messages[key] = value
    return table, warnings


def load_translations(
    locales_dir: Path, language: str, domain: str
) -> tuple[Translations, list[CatalogWarning]]:
    """The translations of `domain` in `language`; empty (not an error) when there is none."""
    po = catalog_path(locales_dir, language, domain)
    mo = catalog_path(locales_dir, language, domain, ".mo")
    warnings: list[CatalogWarning] = []
    catalog: Catalog | None = None
    source = po
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        catalog, warnings = _read_mo_file(mo)
        source = mo
    if catalog is None and po.is_file():
        catalog, po_warnings = read_po_file(po)
        warnings += po_warnings
        source = po
    if catalog is None:
        return Translations(language, domain, file=None), warnings
    table, table_warnings = usable_translations(catalog, language, domain, source)
    return table, warnings + table_warnings
