"""Read one YAML file into plain data, keeping where every value came from.

Built on PyYAML's event stream (its C parser where present), not on its constructor, so that
we can: keep line and column of every key and value; refuse duplicate keys (PyYAML silently
keeps the last one); refuse anchors and aliases (no "billion laughs"); bound depth, size and
node count before any recursion happens; and resolve plain scalars the safe way (only
`true`/`false` are booleans: `yes`, `no`, `on` and `off` stay text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from guide.diagnostics import Diagnostic, Msg, Severity
from guide.safe_text import describe, unsafe_characters

try:  # the C parser is many times faster; fall back to the pure-Python one
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

Path = tuple[str | int, ...]

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 1_000_000
# Values in all the files of one guide together (the shipped guide has about 15,000).
TOTAL_NODES = 2_000_000

_INT = re.compile(r"[-+]?[0-9]+\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
# Embeddings, overrides and isolates (the "Trojan Source" characters): never needed in a guide.
_DIRECTION_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


@dataclass
class Position:
    line: int  # 1-based
    col: int  # 1-based
    quoted: bool = False  # a quoted scalar's text starts one column later


@dataclass
class ParsedFile:
    file: str
    data: Any = None
    positions: dict[Path, Position] = field(default_factory=dict)
    key_positions: dict[Path, Position] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    nodes: int = 0  # YAML events read (values, keys, collections)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    def where(self, path: Path, *, key: bool = False) -> Position:
        """The closest known position of `path` (or of its key), walking up if needed."""
        table = self.key_positions if key else self.positions
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if key and p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), Position(1, 1))


def resolve_plain(text: str) -> Any:
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    return text


class _Stop(Exception):
    """Parsing stopped at the first problem that makes the rest meaningless."""


def parse_yaml(
    raw: bytes, file: str, *, max_bytes: int = MAX_BYTES, max_nodes: int | None = None
) -> ParsedFile:
    """Parse one file; `max_nodes` is what is left of the guide's total budget of values."""
    result = ParsedFile(file)

    def error(line: int, col: int, code: str, message: str, hint: str = "") -> None:
        result.diagnostics.append(Diagnostic(file, line, col, Severity.ERROR, code, message, hint))

    if len(raw) > max_bytes:
        result.diagnostics.append(Msg.Y004_TOO_LARGE.at(file, 1, 1, size=len(raw), limit=max_bytes))
        return result
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        error(
            line,
            col,
            "Y003",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
            "Save the file as UTF-8 (in most editors: File > Save with encoding > UTF-8).",
        )
        return result
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        error(
            line,
            1,
            "Y003",
            "the file contains a NUL byte: it looks binary, not YAML",
            "Check that this is the right file.",
        )
        return result

    controls = [m for m in _DIRECTION_CONTROLS.finditer(text)][:20]
    for m in controls:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        error(
            line,
            col,
            "Y014",
            f"hidden direction control U+{ord(m.group()):04X} in the file",
            "It can make text show differently from what it says: delete it. Arabic needs "
            "no such marks in the guide; translations live in locales/.",
        )
    if controls:
        return result

    tabs = 0
    for number, line_text in enumerate(text.splitlines(), start=1):
        indent = len(line_text) - len(line_text.lstrip(" \t"))
        if "\t" in line_text[:indent]:
            tabs += 1
            if tabs <= 20:
                error(
                    number,
                    line_text.index("\t") + 1,
                    "Y002",
                    "a tab is used for indentation",
                    "YAML indents with spaces only: replace the tab with spaces.",
                )
    if tabs:
        return result
    if not text.strip():
        result.diagnostics.append(
            Diagnostic(
                file,
                1,
                1,
                Severity.WARNING,
                "Y012",
                "the file is empty",
                "Remove it or add content.",
            )
        )
        return result

    try:
        _build(text, result, error, max_nodes)
    except _Stop:
        result.data = None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if "nesting depth" in problem:
            error(line, col, "Y005", "values are nested too deeply", "Check the brackets.")
        else:
            error(line, col, "Y001", f"YAML syntax: {problem}", _syntax_hint(problem))
        result.data = None
    except yaml.YAMLError as exc:
        error(1, 1, "Y001", f"YAML syntax: {exc}", "Check the file in a YAML-aware editor.")
        result.data = None
    except RecursionError:
        error(1, 1, "Y005", "the file is nested too deeply", "Flatten the structure.")
        result.data = None
    return result


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return 'A text that contains ": " must be in quotes, like text: "Note: ..."'
    if "could not find expected ':'" in problem:
        return "A key is missing its colon, or a text runs over several lines without quotes."
    if "found character '\\t'" in problem or "tab" in problem:
        return "YAML indents with spaces only."
    if "expected <block end>" in problem or "did not find expected" in problem:
        return "Check the indentation: items of one list or mapping must line up."
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return "A quote or bracket is opened and never closed."
    if "unacceptable character" in problem or "special characters" in problem:
        return "The file contains a control character; retype the line."
    return "Check indentation, colons and quotes on this line and the one before."


def _build(text: str, result: ParsedFile, error: Any, max_nodes: int | None = None) -> None:
    # Each stack entry: [container, path, pending_key or None, key_position]
    stack: list[list[Any]] = []
    whole = max_nodes is not None and max_nodes < MAX_NODES  # the guide's budget binds
    limit = max_nodes if max_nodes is not None and whole else MAX_NODES
    documents = 0
    nodes = 0
    root_set = False

    def place(ev: Any) -> Position:
        m = ev.start_mark
        quoted = isinstance(ev, yaml.ScalarEvent) and ev.style in ("'", '"')
        return Position(m.line + 1, m.column + 1, quoted)

    def add(value: Any, ev: Any) -> Path | None:
        nonlocal root_set
        pos = place(ev)
        if not stack:
            result.data = value
            result.positions[()] = pos
            root_set = True
            return ()
        top = stack[-1]
        container, path = top[0], top[1]
        if isinstance(container, list):
            child = (*path, len(container))
            container.append(value)
            result.positions[child] = pos
            return child
        if top[2] is None:  # expecting a key
            if not isinstance(ev, yaml.ScalarEvent):
                error(
                    pos.line,
                    pos.col,
                    "Y010",
                    "a key must be plain text, not a list or mapping",
                    "Check the indentation of this line.",
                )
                raise _Stop
            key = ev.value
            if key in container:
                first = result.key_positions[(*path, key)]
                error(
                    pos.line,
                    pos.col,
                    "Y008",
                    f"duplicate key '{key}' (first at line {first.line})",
                    "YAML would silently keep only the last one: remove or rename one of them.",
                )
                raise _Stop
            top[2] = key
            top[3] = pos
            return None
        key = top[2]
        child = (*path, key)
        container[key] = value
        result.positions[child] = pos
        result.key_positions[child] = top[3]
        top[2] = None
        return child

    parser = _Loader(text)
    try:
        while parser.check_event():
            ev = parser.get_event()
            nodes += 1
            if nodes > limit:
                m = ev.start_mark
                error(
                    m.line + 1,
                    m.column + 1,
                    "Y011",
                    "the guide holds too many values in all (more than "
                    f"{TOTAL_NODES:,} across its files)"
                    if whole
                    else f"the file holds more than {MAX_NODES:,} values",
                    "Split the guide into several files."
                    if not whole
                    else "A guide needs far fewer; check for generated or repeated content.",
                )
                raise _Stop
            if isinstance(ev, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    m = ev.start_mark
                    error(
                        m.line + 1,
                        m.column + 1,
                        "Y009",
                        "a second YAML document starts here",
                        "Remove the '---' line: one file holds one document.",
                    )
                    raise _Stop
                continue
            if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
                m = ev.start_mark
                error(
                    m.line + 1,
                    m.column + 1,
                    "Y006",
                    "anchors (&) and aliases (*) are not allowed",
                    "Write the value out in full; the guide format has no shared values.",
                )
                raise _Stop
            tag = getattr(ev, "tag", None)
            implicit = getattr(ev, "implicit", True)
            explicit = (isinstance(ev, yaml.ScalarEvent) and tag and not any(implicit)) or (
                isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
                and tag
                and not implicit
            )
            if explicit:
                m = ev.start_mark
                error(
                    m.line + 1,
                    m.column + 1,
                    "Y007",
                    f"explicit tag '{tag}' is not allowed",
                    "Remove the tag; write plain values.",
                )
                raise _Stop
            if isinstance(ev, yaml.ScalarEvent):
                unsafe = unsafe_characters(ev.value)
                if unsafe:
                    # A double-quoted "\e]52;..." becomes ESC only once parsed (i16).
                    m = ev.start_mark
                    error(
                        m.line + 1,
                        m.column + 1,
                        "Y015",
                        f"the text holds the control character {describe(unsafe[0][1])}",
                        "Control characters can drive the officer's terminal (its title, "
                        "clipboard, screen) and hide text: delete it.",
                    )
                    raise _Stop
                plain = ev.style not in ("'", '"', "|", ">")
                value = resolve_plain(ev.value) if plain else ev.value
                add(value, ev)
            elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                container: Any = {} if isinstance(ev, yaml.MappingStartEvent) else []
                if len(stack) >= MAX_DEPTH:
                    m = ev.start_mark
                    error(
                        m.line + 1,
                        m.column + 1,
                        "Y005",
                        f"values are nested more than {MAX_DEPTH} levels deep",
                        "The guide format never needs this; check the indentation.",
                    )
                    raise _Stop
                path = add(container, ev)
                stack.append([container, path, None, None])
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
    finally:
        result.nodes = nodes
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    if not root_set:
        result.data = None
        result.diagnostics.append(
            Diagnostic(
                result.file,
                1,
                1,
                Severity.WARNING,
                "Y012",
                "the file holds no data",
                "Remove it or add content.",
            )
        )
