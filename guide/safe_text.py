"""Terminal-safe text: the one layer between Dalil's texts and a terminal.

A guide or a catalog comes from a trainer's archive or a translator, so its texts are not
trusted to be harmless on a terminal. ESC starts sequences that set the window title, write
the clipboard (OSC 52), clear the screen or draw links; other C0 and C1 controls move the
cursor; bidi embeddings and overrides ("Trojan Source") make text show differently from what
it says. `validate` and `i18n status` report such characters (see `unsafe_characters`), and
the readers refuse them, but output never relies on that:

* the commands print through `SafeStream` (installed by `guide.cli.main` on stdout and
  stderr), which shows each dangerous character as a visible escape such as ``\\x1b``;
* the wizard paints through Rich and Textual, whose control-code filters
  `guard_rich_and_textual` extends to every C0 and C1 control (shown as U+FFFD).

Dalil's own direction isolates (U+2066-U+2069, added around phone numbers) and the marks
Babel puts in Arabic dates (U+200E, U+200F, U+061C) are kept: they cannot escape their line.
Pure apart from `guard_rich_and_textual`: no I/O.
"""

from __future__ import annotations

import io
import re
from typing import Any, TextIO

# C0 controls except TAB and LF, DEL, and the C1 controls (U+0080-U+009F: CSI, OSC and ST
# have one-character forms there).
_CONTROL_POINTS = [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]
# Embeddings and overrides: they reorder text up to the end of the paragraph.
_OVERRIDE_POINTS = list(range(0x202A, 0x202F))
# Isolates: harmless on output (they end with the line) but never needed in a source text.
_ISOLATE_POINTS = list(range(0x2066, 0x206A))

_VISIBLE = str.maketrans(
    {cp: f"\\x{cp:02x}" for cp in _CONTROL_POINTS} | {cp: f"\\u{cp:04x}" for cp in _OVERRIDE_POINTS}
)
# Exactly the characters _VISIBLE replaces: a search in C finds nearly every text clean.
_NEEDS_ESCAPE = re.compile(
    "[" + "".join(re.escape(chr(cp)) for cp in (*_CONTROL_POINTS, *_OVERRIDE_POINTS)) + "]"
)
_UNSAFE_IN_SOURCE = re.compile(
    "["
    + "".join(re.escape(chr(cp)) for cp in (*_CONTROL_POINTS, *_OVERRIDE_POINTS, *_ISOLATE_POINTS))
    + "]"
)


def unsafe_characters(text: str, *, allow_carriage_return: bool = False) -> list[tuple[int, str]]:
    """(index, character) of each character a guide text or a translation must not hold:
    control characters (TAB and LF are fine) and bidi embeddings, overrides and isolates."""
    found = []
    for match in _UNSAFE_IN_SOURCE.finditer(text):
        if allow_carriage_return and match.group() == "\r":
            continue
        found.append((match.start(), match.group()))
    return found


def describe(character: str) -> str:
    """`U+001B (ESC)` style name of a character for a diagnostic."""
    names = {0x1B: "ESC", 0x07: "BEL", 0x08: "BS", 0x0D: "CR", 0x7F: "DEL", 0x9B: "CSI"}
    names |= {0x9D: "OSC", 0x202E: "RIGHT-TO-LEFT OVERRIDE", 0x202D: "LEFT-TO-RIGHT OVERRIDE"}
    name = names.get(ord(character))
    code = f"U+{ord(character):04X}"
    return f"{code} ({name})" if name else code


def visible(text: str) -> str:
    """`text` with every control character and bidi override shown as an escape (``\\x1b``,
    ``\\u202e``); TAB, LF and everything else unchanged."""
    # str.translate looks each character up in a dict: 8 ms (23 under load) for the
    # shipped guide's 115 kB graph, which holds no such character; the search, 0.5 ms.
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return text.translate(_VISIBLE)


class SafeStream(io.TextIOBase):
    """A text stream that writes `visible(text)` to the stream it wraps."""

    def __init__(self, target: TextIO) -> None:
        self._target = target

    @property
    def target(self) -> TextIO:
        return self._target

    def write(self, text: str) -> int:
        self._target.write(visible(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._target.flush()

    def isatty(self) -> bool:
        return self._target.isatty()

    def fileno(self) -> int:
        return self._target.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._target, "encoding", "utf-8")

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._target, "errors", None)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target, name)


_GUARDED = False


def guard_rich_and_textual() -> None:
    """Make Rich and Textual replace every C0/C1 control (except TAB and LF) with U+FFFD in
    any text they paint: their own filters drop only BEL, BS, VT, FF and CR, so ESC and the
    C1 controls would reach the terminal. Idempotent; the wizard calls it before it paints."""
    global _GUARDED
    if _GUARDED:
        return
    import rich.control
    import textual.content

    table = {cp: "\ufffd" for cp in _CONTROL_POINTS}
    for module in (rich.control, textual.content):
        existing = getattr(module, "_CONTROL_STRIP_TRANSLATE", None)
        if isinstance(existing, dict):
            # CR, BEL... stay removed as the libraries do; the rest become visible.
            for cp, replacement in table.items():
                existing.setdefault(cp, replacement)
    _GUARDED = True
