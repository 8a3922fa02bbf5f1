"""A cache of parsed catalogs, so that starting Dalil does not parse .po files with Babel.

Parsing a catalog with Babel (and importing Babel) costs 40–120 ms, a third of Textual's own
start-up. The usable translations of a catalog are saved as JSON in the user's cache folder,
keyed by the catalog's path, size and modification time and by Dalil's version: any change
to the file makes a new key. The cache holds only the translations shipped with Dalil (no
interview data). Anything wrong with it — missing, damaged, unwritable — just means the
catalog is parsed again. `DALIL_CACHE_DIR` moves it; `DALIL_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from guide.i18n.table import CatalogWarning, Translations

FORMAT = 2


def cache_dir() -> Path | None:
    if os.environ.get("DALIL_NO_CACHE"):
        return None
    from guide.paths import user_cache_dir

    return user_cache_dir() / "catalogs"


def _key_file(source: Path, language: str, domain: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    from guide import __version__

    try:
        st = source.stat()
    except OSError:
        return None
    parts = (FORMAT, __version__, source.resolve(), st.st_size, st.st_mtime_ns, language, domain)
    key = "|".join(str(p) for p in parts)
    return folder / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".json")


def read(
    source: Path, language: str, domain: str
) -> tuple[Translations, list[CatalogWarning]] | None:
    path = _key_file(source, language, domain)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        import gettext

        messages: dict[Any, Any] = {}
        for context, msgid, value in data["messages"]:
            messages[(context, msgid)] = tuple(value) if isinstance(value, list) else value
        # The rule was checked for n in 0..1000 before it was cached; npgettext still
        # catches an error and an index out of range (an edited cache file).
        rule = gettext.c2py(data["plural"])
        table = Translations(
            language, domain, messages, rule, source, data["plural"], int(data["nplurals"])
        )
        warnings = [CatalogWarning(f, line, message) for f, line, message in data["warnings"]]
        return table, warnings
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write(source: Path, table: Translations, warnings: list[CatalogWarning]) -> None:
    path = _key_file(source, table.language, table.domain)
    if path is None:
        return
    data = {
        "messages": [
            [ctx, msgid, list(v) if isinstance(v, tuple) else v]
            for (ctx, msgid), v in table.messages.items()
        ],
        "plural": table.plural_expr,
        "nplurals": table.nplurals,
        "warnings": [[w.file, w.line, w.message] for w in warnings],
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only or full disk: the catalog is simply parsed next time
