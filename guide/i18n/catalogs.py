"""Reading one language's catalog for one domain into a lookup table, with no build step.

A compiled `.mo` is used when it is at least as new as its `.po`; otherwise the `.po` is
parsed in memory with Babel. Fuzzy and empty translations are left out, so the caller falls
back to the source text. Nothing here raises on a bad file: every problem becomes a
`CatalogWarning` naming the file and line, and what could be read is still used.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from guide.i18n import cache
from guide.i18n.checks import plural_rule, translation_problems
from guide.i18n.table import CatalogWarning, MessageKey, Translations
from guide.safe_files import describe_os_error, read_bounded

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

DOMAINS: tuple[str, ...] = ("ui", "guide")

# The shipped catalogs are a few hundred KiB; a bigger file is damaged or hostile, and is
# refused before it is read, so it costs no memory.
MAX_CATALOG_BYTES = 8 * 1024 * 1024


def catalog_path(locales_dir: Path, language: str, domain: str, suffix: str = ".po") -> Path:
    return locales_dir / language / "LC_MESSAGES" / f"{domain}{suffix}"


def _too_big(path: Path) -> CatalogWarning | None:
    size = path.stat().st_size
    if size <= MAX_CATALOG_BYTES:
        return None
    return CatalogWarning(
        str(path),
        None,
        f"the catalog is {size // (1024 * 1024)} MiB, more than the "
        f"{MAX_CATALOG_BYTES // (1024 * 1024)} MiB allowed: not read",
    )


_PROBLEM_LINE = re.compile(r"Problem on line (\d+)")


def _drop_entries_at(catalog: Catalog, lines: list[int]) -> None:
    """Remove the entries that contain the given (1-based) lines: each starts at the last
    entry line at or before the problem."""
    starts = sorted((m.lineno, m) for m in catalog if m.id and m.lineno)
    for line in lines:
        owner = None
        for lineno, message in starts:
            if lineno > line:
                break
            owner = message
        if owner is not None and owner.id in catalog:
            catalog.delete(owner.id, context=owner.context)


def _unclosed_quotes(text: str) -> list[int]:
    """Lines whose quoted text is not closed. Babel reads `msgstr "abc` as "ab" without a
    word; GNU msgfmt refuses it. Such an entry must not be shown half-read."""
    bad: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        quote = stripped.find('"')
        if quote < 0:
            continue
        body = stripped[quote + 1 :]
        # closed when the last character is a quote not escaped by an odd run of backslashes
        closed = body.endswith('"') and (len(body[:-1]) - len(body[:-1].rstrip("\\"))) % 2 == 0
        if not closed:
            bad.append(number)
    return bad


def read_po_file(path: Path) -> tuple[Catalog | None, list[CatalogWarning]]:
    """Parse a .po file; on a syntax error, warn with its line and keep what parses; an
    entry with a problem is dropped (shown in the source language), never shown half-read."""
    from babel.messages.pofile import PoFileError, read_po

    warnings: list[CatalogWarning] = []
    try:
        too_big = _too_big(path)
        if too_big:
            return None, [too_big]
        # A regular file, read within the limit: a FIFO or a device is refused, not read.
        data = read_bounded(path, MAX_CATALOG_BYTES)
    except OSError as error:
        return None, [
            CatalogWarning(str(path), None, f"cannot read the catalog: {describe_os_error(error)}")
        ]
    unclosed = _unclosed_quotes(data.decode("utf-8", errors="replace"))
    for line in unclosed:
        warnings.append(CatalogWarning(str(path), line, "a quoted text is not closed"))
    problems: list[int] = []
    try:
        catalog = read_po(io.BytesIO(data), abort_invalid=True)
    except PoFileError as error:
        # Babel counts lines from 0 in PoFileError.
        warnings.append(
            CatalogWarning(
                str(path),
                error.lineno + 1,
                f"{str(error.args[0]).removesuffix(f' on {error.lineno}')}: {error.line.strip()!r}",
            )
        )
        # Read again, leniently, so the valid entries still count. Babel prints each
        # problem ("Problem on line N"); the first is already reported.
        try:
            printed = io.StringIO()
            with contextlib.redirect_stdout(printed):
                catalog = read_po(io.BytesIO(data), abort_invalid=False)
        except Exception as error:
            warnings.append(CatalogWarning(str(path), None, f"cannot parse the catalog: {error}"))
            return None, warnings
        problems = sorted({int(n) for n in _PROBLEM_LINE.findall(printed.getvalue())})
        for line in problems[1:]:
            warnings.append(CatalogWarning(str(path), line, "cannot read this line"))
    except Exception as error:  # a damaged file must never stop the wizard
        return None, [CatalogWarning(str(path), None, f"cannot parse the catalog: {error}")]
    _drop_entries_at(catalog, sorted(set(problems) | set(unclosed)))
    return catalog, warnings


def _read_mo_file(path: Path) -> tuple[Catalog | None, list[CatalogWarning]]:
    from babel.messages.mofile import read_mo

    try:
        too_big = _too_big(path)
        if too_big:
            return None, [too_big]
        return read_mo(io.BytesIO(read_bounded(path, MAX_CATALOG_BYTES))), []
    except Exception as error:
        return None, [CatalogWarning(str(path), None, f"cannot read the compiled catalog: {error}")]


PluralRule = Callable[[int], int]


def _plural_function(
    catalog: Catalog, file: Path
) -> tuple[PluralRule | None, list[CatalogWarning]]:
    """The catalog's plural rule, or None (with a warning) when it is not safe to use: then
    every plural entry shows in the source language."""
    try:
        expression, nplurals = catalog.plural_expr, catalog.num_plurals
    except Exception as error:  # Babel reads the header lazily; a bad one raises here
        expression, nplurals = "", 0
        reason: str | None = f"the Plural-Forms header cannot be read ({error})"
    else:
        rule, reason = plural_rule(expression, nplurals)
        if rule is not None:
            return rule, []
    return None, [
        CatalogWarning(
            str(file), None, f"bad Plural-Forms header: {reason}; plural texts shown in the source"
        )
    ]


def usable_translations(
    catalog: Catalog, language: str, domain: str, file: Path
) -> tuple[Translations, list[CatalogWarning]]:
    """Keep the translations that are safe to show; warn about the ones that are not."""
    plural, warnings = _plural_function(catalog, file)
    table = Translations(language, domain, file=file)
    nplurals = 0
    if plural is not None:
        table.plural, table.plural_expr = plural, catalog.plural_expr
        table.nplurals = nplurals = catalog.num_plurals
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (list, tuple)):
            if plural is None:
                continue
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
    fresh_mo = mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime)
    if fresh_mo or po.is_file():
        hit = cache.read(mo if fresh_mo else po, language, domain)
        if hit is not None:
            return hit
    if fresh_mo:
        catalog, warnings = _read_mo_file(mo)
        source = mo
    if catalog is None and po.is_file():
        catalog, po_warnings = read_po_file(po)
        warnings += po_warnings
        source = po
    if catalog is None:
        return Translations(language, domain, file=None), warnings
    table, table_warnings = usable_translations(catalog, language, domain, source)
    cache.write(source, table, warnings + table_warnings)
    return table, warnings + table_warnings
