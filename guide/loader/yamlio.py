"""Read one YAML file into plain data, keeping where every value came from.

Built on PyYAML's event stream (its C parser where present), not on its constructor, so that
we can: keep line and column of every key and value; refuse duplicate keys (PyYAML silently
keeps the last one); refuse anchors and aliases (no "billion laughs"); bound depth, size and
node count before any recursion happens; and resolve plain scalars the safe way (only
`true`/`false` are booleans: `yes`, `no`, `on` and `off` stay text).
"""

from __future__ import annotations

import math
import re
import sys
from array import array
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from guide.i18n.lazy import N_, lazy
from guide.loader.diagnostics import Diagnostic, Msg, Severity
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
_CONTROL_CHARS = tuple(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}


# Position and ParsedFile are plain classes with slots, not dataclasses: `@dataclass` compiles
# generated methods at every start (with guide.core.model's, a tenth of `dalil validate`).


class Position:
    """Where a value or key starts."""

    __slots__ = ("col", "line", "quoted")

    def __init__(self, line: int, col: int, quoted: bool = False) -> None:
        self.line = line  # 1-based
        self.col = col  # 1-based
        self.quoted = quoted  # a quoted scalar's text starts one column later

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Position):
            return NotImplemented
        return (self.line, self.col, self.quoted) == (other.line, other.col, other.quoted)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    def __repr__(self) -> str:
        return f"Position(line={self.line}, col={self.col}, quoted={self.quoted})"


# Where each value (and its key) came from, kept beside the data rather than in a table keyed
# by path, in three flat arrays per file and no object per node: the mappings and lists are
# numbered in the order they start (the document's own is 0); `table` holds two 64-bit ints
# per child, its value's position and its key's (0: a list item), the children of one
# mapping or list side by side; `kids` one 32-bit int per child, the number + 1 of the
# mapping or list it is (0: a scalar); `starts` where each mapping's or list's children
# begin. About 20 bytes per node. (A Position object per node, in two dicts keyed by path,
# was 60% of the parsed data; then an array per mapping or list, found by its id(), was 40%:
# the array objects and the dictionary of ids cost more than the positions.)
# A position is line << 24 | col << 1 | quoted; lines and columns stay below 2**23 (files
# are at most 4 MiB). Positions are found by walking the data along the path, so the data
# must not be changed after parsing (the loader only reads it).
_COL_MASK = (1 << 23) - 1


def _pack(line: int, col: int, quoted: bool = False) -> int:
    return line << 24 | col << 1 | quoted


def _unpack(p: int) -> Position:
    return Position(p >> 24, (p >> 1) & _COL_MASK, bool(p & 1))


class PositionTable(Mapping[Path, Position]):
    """Read-only view of a file's positions, by path: values (`key=False`) or keys."""

    __slots__ = ("_key", "_pf")

    def __init__(self, pf: ParsedFile, key: bool) -> None:
        self._pf = pf
        self._key = key

    def __getitem__(self, path: Path) -> Position:
        found = self._pf._spot(tuple(path))
        if found is None:
            raise KeyError(path)
        value, key = found
        if not self._key:
            return _unpack(value)
        if not key:
            raise KeyError(path)
        return _unpack(key)

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, tuple):
            return False
        found = self._pf._spot(path)
        return found is not None and (not self._key or bool(found[1]))

    def __iter__(self) -> Iterator[Path]:
        for path, has_key in self._pf._paths():
            if has_key or not self._key:
                yield path

    def __len__(self) -> int:
        return sum(1 for _ in self)


class ParsedFile:
    """One file as read: its data, the parser's diagnostics, and where every value is."""

    __slots__ = ("data", "diagnostics", "file", "kids", "nodes", "root_spot", "starts", "table")

    def __init__(
        self,
        file: str,
        data: Any = None,
        diagnostics: list[Diagnostic] | None = None,
        table: array[int] | None = None,
        kids: array[int] | None = None,
        starts: array[int] | None = None,
        root_spot: int = 0,
        nodes: int = 0,
    ) -> None:
        self.file = file
        self.data = data
        self.diagnostics: list[Diagnostic] = [] if diagnostics is None else diagnostics
        # (value, key) positions of every child, the children of one mapping or list together
        self.table: array[int] = array("Q") if table is None else table
        # per child: the number + 1 of the mapping or list it is, 0 for a scalar
        self.kids: array[int] = array("I") if kids is None else kids
        # per mapping or list, by number: the index of its first child in `kids`
        self.starts: array[int] = array("I") if starts is None else starts
        self.root_spot = root_spot  # the position of the whole document's value
        self.nodes = nodes  # YAML events read (values, keys, collections)

    def __repr__(self) -> str:
        return f"ParsedFile({self.file!r}, {len(self.diagnostics)} diagnostics, {self.nodes} nodes)"

    @property
    def positions(self) -> PositionTable:
        return PositionTable(self, key=False)

    @property
    def key_positions(self) -> PositionTable:
        return PositionTable(self, key=True)

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    def where(self, path: Path, *, key: bool = False) -> Position:
        """The closest known position of `path` (or of its key), walking up if needed."""
        best = (self.root_spot, 0) if self.root_spot else None
        node, number = self.data, 1
        for step in tuple(path):
            found = self._child(node, number, step)
            if found is None:
                break
            best = found[:2]
            number, node = found[2], found[3]
        if best is None:
            return Position(1, 1)
        value, key_pos = best
        return _unpack(key_pos if key and key_pos else value)

    def child_positions(self, path: Path) -> list[Position]:
        """`where((*path, i))` for every child `i` of the list at `path` (empty when there
        is none): one walk down for all of them (the loader places every question)."""
        node, number = self.data, 1
        for step in path:
            found = self._child(node, number, step)
            if found is None:
                return []
            number, node = found[2], found[3]
        if type(node) is not list or not number or number > len(self.starts):
            return []
        first, table = self.starts[number - 1], self.table
        return [_unpack(table[2 * (first + j)]) for j in range(len(node))]

    def _child(self, node: Any, number: int, step: Any) -> tuple[int, int, int, Any] | None:
        """(value position, key position, the child's number + 1 (0: a scalar), child) of one
        step down from `node`, the mapping or list numbered `number - 1`."""
        if not number or number > len(self.starts):
            return None
        if type(node) is dict:
            if step not in node:
                return None
            j = next(i for i, k in enumerate(node) if k == step)
            child = node[step]
        elif type(node) is list:
            if type(step) is not int or not 0 <= step < len(node):
                return None
            j = step
            child = node[j]
        else:
            return None
        i = self.starts[number - 1] + j
        return self.table[2 * i], self.table[2 * i + 1], self.kids[i], child

    def _spot(self, path: Path) -> tuple[int, int] | None:
        if not path:
            return (self.root_spot, 0) if self.root_spot else None
        node, number = self.data, 1
        found = None
        for step in path:
            found = self._child(node, number, step)
            if found is None:
                return None
            number, node = found[2], found[3]
        assert found is not None
        return found[0], found[1]

    def _paths(self) -> Iterator[tuple[Path, bool]]:
        """Every path that has a position, and whether it has a key."""
        if not self.root_spot:
            return
        yield (), False
        stack: list[tuple[Path, Any]] = [((), self.data)]
        while stack:
            path, node = stack.pop()
            if type(node) is dict:
                children: Iterator[tuple[Any, Any]] = iter(node.items())
                keyed = True
            elif type(node) is list:
                children = enumerate(node)
                keyed = False
            else:
                continue
            for step, child in children:
                yield (*path, step), keyed
                stack.append(((*path, step), child))


_WORDS: dict[str, Any] = {
    **dict.fromkeys(_NULLS),
    **dict.fromkeys(_TRUE, True),
    **dict.fromkeys(_FALSE, False),
}
_NUMBER_START = frozenset("0123456789+-.")


def resolve_plain(text: str) -> Any:
    if text in _WORDS:
        return _WORDS[text]
    if text[:1] not in _NUMBER_START:  # most scalars are words: no pattern to try
        return text
    if _INT.match(text):
        try:
            return int(text)
        except ValueError:  # more digits than Python converts (4,300 unless configured)
            return text  # kept as written: the schema says where a number was expected
    if _FLOAT.match(text):
        value = float(text)
        # 1.0e999 overflows to infinity: no guide needs it, and a report or JSON export
        # would then hold "Infinity". Kept as written: the schema places the mistake.
        return value if math.isfinite(value) else text
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
            lazy(N_("byte 0x{value:02x} is not valid UTF-8"), value=raw[exc.start]),
            lazy(
                N_("Save the file as UTF-8 (in most editors: File > Save with encoding > UTF-8).")
            ),
        )
        return result
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        error(
            line,
            1,
            "Y003",
            lazy(N_("the file contains a NUL byte: it looks binary, not YAML")),
            lazy(N_("Check that this is the right file.")),
        )
        return result

    has_control = any(c in text for c in _CONTROL_CHARS)  # plain `in` is many times faster
    controls = [m for m in _DIRECTION_CONTROLS.finditer(text)][:20] if has_control else []
    for m in controls:
        line = text.count("\n", 0, m.start()) + 1
        col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        error(
            line,
            col,
            "Y014",
            lazy(N_("hidden direction control U+{value:04X} in the file"), value=ord(m.group())),
            lazy(
                N_(
                    "It can make text show differently from what it says: delete it. Arabic needs "
                    "no such marks in the guide; translations live in locales/."
                )
            ),
        )
    if controls:
        return result

    tabs = 0
    for number, line_text in enumerate(text.splitlines() if "\t" in text else (), start=1):
        indent = len(line_text) - len(line_text.lstrip(" \t"))
        if "\t" in line_text[:indent]:
            tabs += 1
            if tabs <= 20:
                error(
                    number,
                    line_text.index("\t") + 1,
                    "Y002",
                    lazy(N_("a tab is used for indentation")),
                    lazy(N_("YAML indents with spaces only: replace the tab with spaces.")),
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
                lazy(N_("the file is empty")),
                lazy(N_("Remove it or add content.")),
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
            error(
                line,
                col,
                "Y005",
                lazy(N_("values are nested too deeply")),
                lazy(N_("Check the brackets.")),
            )
        else:
            error(
                line,
                col,
                "Y001",
                lazy(N_("YAML syntax: {problem}"), problem=problem),
                _syntax_hint(problem),
            )
        result.data = None
    except yaml.YAMLError as exc:
        error(
            1,
            1,
            "Y001",
            lazy(N_("YAML syntax: {exc}"), exc=exc),
            lazy(N_("Check the file in a YAML-aware editor.")),
        )
        result.data = None
    except RecursionError:
        error(
            1,
            1,
            "Y005",
            lazy(N_("the file is nested too deeply")),
            lazy(N_("Flatten the structure.")),
        )
        result.data = None
    if result.data is None:  # the positions of data that is not kept
        result.table, result.kids, result.starts = array("Q"), array("I"), array("I")
    return result


def _syntax_hint(problem: str) -> str:
    if "mapping values are not allowed" in problem:
        return lazy(N_('A text that contains ": " must be in quotes, like text: "Note: ..."'))
    if "could not find expected ':'" in problem:
        return lazy(
            N_("A key is missing its colon, or a text runs over several lines without quotes.")
        )
    if "found character '\\t'" in problem or "tab" in problem:
        return lazy(N_("YAML indents with spaces only."))
    if "expected <block end>" in problem or "did not find expected" in problem:
        return lazy(N_("Check the indentation: items of one list or mapping must line up."))
    if "found unexpected end of stream" in problem or "found unexpected end" in problem:
        return lazy(N_("A quote or bracket is opened and never closed."))
    if "unacceptable character" in problem or "special characters" in problem:
        return lazy(N_("The file contains a control character; retype the line."))
    return lazy(N_("Check indentation, colons and quotes on this line and the one before."))


def _refuse_anchor(ev: Any, error: Any) -> None:
    m = ev.start_mark
    error(
        m.line + 1,
        m.column + 1,
        "Y006",
        lazy(N_("anchors (&) and aliases (*) are not allowed")),
        lazy(N_("Write the value out in full; the guide format has no shared values.")),
    )
    raise _Stop


def _refuse_tag(ev: Any, error: Any) -> None:
    m = ev.start_mark
    error(
        m.line + 1,
        m.column + 1,
        "Y007",
        lazy(N_("explicit tag '{tag}' is not allowed"), tag=ev.tag),
        lazy(N_("Remove the tag; write plain values.")),
    )
    raise _Stop


def _build(text: str, result: ParsedFile, error: Any, max_nodes: int | None = None) -> None:
    # One pass over PyYAML's events. Each stack entry: [container, its children's positions,
    # pending key or None, the pending key's position, its children's numbers, its own
    # number]; a container's children go into the file's tables when it ends. Kept flat and
    # branch-light: this loop is most of `validate`.
    stack: list[list[Any]] = []
    table, kids, starts = result.table, result.kids, result.starts
    documents = 0
    nodes = 0
    whole = max_nodes is not None and max_nodes < MAX_NODES  # the guide's budget binds
    limit = max_nodes if max_nodes is not None and whole else MAX_NODES
    root_set = False
    intern = sys.intern
    scalar_event = yaml.ScalarEvent
    mapping_start = yaml.MappingStartEvent
    sequence_start = yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    quoted_styles = ("'", '"')
    literal_styles = ("'", '"', "|", ">")

    parser = _Loader(text)
    # get_event() alone, None after the stream's end: check_event() first was a second
    # call per event (15,000 in the shipped guide).
    next_event = parser.get_event
    try:
        while (ev := next_event()) is not None:
            nodes += 1
            kind = type(ev)
            if nodes > limit:
                m = ev.start_mark
                error(
                    m.line + 1,
                    m.column + 1,
                    "Y011",
                    lazy(
                        N_(
                            "the guide holds too many values in all (more than "
                            "{total_nodes:,} across its files)"
                        ),
                        total_nodes=TOTAL_NODES,
                    )
                    if whole
                    else lazy(
                        N_("the file holds more than {max_nodes:,} values"), max_nodes=MAX_NODES
                    ),
                    lazy(N_("Split the guide into several files."))
                    if not whole
                    else lazy(
                        N_("A guide needs far fewer; check for generated or repeated content.")
                    ),
                )
                raise _Stop
            if kind in ends:
                done = stack.pop()
                starts[done[5]] = len(kids)
                table.extend(done[1])
                kids.extend(done[4])
                continue
            if kind is scalar_event:
                if ev.anchor is not None:
                    _refuse_anchor(ev, error)
                if ev.tag and not any(ev.implicit):
                    _refuse_tag(ev, error)
                # isprintable() is False for every unsafe character (controls, bidi
                # overrides and isolates) and True for nearly every scalar: a fast screen
                if not ev.value.isprintable() and (unsafe := unsafe_characters(ev.value)):
                    # A double-quoted "\e]52;..." becomes ESC only once parsed (i16).
                    m = ev.start_mark
                    error(
                        m.line + 1,
                        m.column + 1,
                        "Y015",
                        lazy(
                            N_("the text holds the control character {value}"),
                            value=describe(unsafe[0][1]),
                        ),
                        lazy(
                            N_(
                                "Control characters can drive the officer's terminal (its title, "
                                "clipboard, screen) and hide text: delete it."
                            )
                        ),
                    )
                    raise _Stop
                style = ev.style
                if style in literal_styles:
                    value: Any = ev.value
                    quoted = style in quoted_styles
                else:
                    value = resolve_plain(ev.value)
                    quoted = False
                    if type(value) is str and len(value) <= 32:
                        value = intern(value)  # ids, answers, strengths: one copy each
            elif kind is mapping_start or kind is sequence_start:
                if ev.anchor is not None:
                    _refuse_anchor(ev, error)
                if ev.tag and not ev.implicit:
                    _refuse_tag(ev, error)
                if len(stack) >= MAX_DEPTH:
                    m = ev.start_mark
                    error(
                        m.line + 1,
                        m.column + 1,
                        "Y005",
                        lazy(
                            N_("values are nested more than {max_depth} levels deep"),
                            max_depth=MAX_DEPTH,
                        ),
                        lazy(N_("The guide format never needs this; check the indentation.")),
                    )
                    raise _Stop
                value = {} if kind is mapping_start else []
                quoted = False
                number = len(starts)
                starts.append(0)  # set when it ends
            elif kind is yaml.AliasEvent:
                _refuse_anchor(ev, error)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    m = ev.start_mark
                    error(
                        m.line + 1,
                        m.column + 1,
                        "Y009",
                        lazy(N_("a second YAML document starts here")),
                        lazy(N_("Remove the '---' line: one file holds one document.")),
                    )
                    raise _Stop
                continue
            else:  # stream start/end, document end
                continue

            m = ev.start_mark
            line = m.line + 1
            col = m.column + 1
            if not stack:
                result.data = value
                result.root_spot = line << 24 | col << 1 | quoted
                root_set = True
            else:
                top = stack[-1]
                container = top[0]
                if type(container) is list:
                    container.append(value)
                    top[1].append(line << 24 | col << 1 | quoted)
                    top[1].append(0)
                    top[4].append(0 if kind is scalar_event else number + 1)
                elif top[2] is None:  # expecting a key
                    if kind is not scalar_event:
                        error(
                            line,
                            col,
                            "Y010",
                            lazy(N_("a key must be plain text, not a list or mapping")),
                            lazy(N_("Check the indentation of this line.")),
                        )
                        raise _Stop
                    key = intern(ev.value)
                    if key in container:
                        first = list(container).index(key)
                        error(
                            line,
                            col,
                            "Y008",
                            lazy(
                                N_("duplicate key '{key}' (first at line {line})"),
                                key=key,
                                line=_unpack(top[1][2 * first + 1]).line,
                            ),
                            lazy(
                                N_(
                                    "YAML would silently keep only the last one: remove or "
                                    "rename one of them."
                                )
                            ),
                        )
                        raise _Stop
                    top[2] = key
                    top[3] = line << 24 | col << 1 | (ev.style in quoted_styles)
                    continue
                else:
                    container[top[2]] = value
                    top[1].append(line << 24 | col << 1 | quoted)
                    top[1].append(top[3])
                    top[4].append(0 if kind is scalar_event else number + 1)
                    top[2] = None
            if kind is not scalar_event:
                stack.append([value, array("Q"), None, 0, array("I"), number])
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
                lazy(N_("the file holds no data")),
                lazy(N_("Remove it or add content.")),
            )
        )
