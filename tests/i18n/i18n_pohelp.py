"""Small helpers to edit catalogs in tests the way a translator's editor would."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.pofile import read_po, write_po


def translate(path: Path, entries: dict[tuple[str | None, str], object], fuzzy=()) -> None:
    """Set msgstr of (context, msgid) entries; keys in `fuzzy` are flagged fuzzy."""
    catalog = read_po(path.open("rb"))
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        key = (message.context, msgid)
        if key in entries:
            message.string = entries[key]
            if key in fuzzy:
                message.flags.add("fuzzy")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76)
    path.write_bytes(buffer.getvalue())


def read(path: Path):
    return read_po(path.open("rb"))
