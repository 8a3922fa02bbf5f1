"""Finding and reading the guide's files: which files belong to a guide, how they are named in
diagnostics, and the limits checked before anything is parsed."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from guide.i18n.oserrors import os_reason
from guide.loader.diagnostics import Diagnostic, Msg
from guide.loader.yamlio import MAX_BYTES, TOTAL_NODES, ParsedFile, parse_yaml
from guide.safe_files import UnreadableFile, read_bounded

MAX_FILES = 500
# All the files of one guide together (the shipped guide has 0.3 MB).
MAX_TOTAL_BYTES = 32 * 1024 * 1024

# The trainers' tests (docs/format.md: scenarios/*.yaml); an interview does not need them.
TESTS_FOLDER = "scenarios"


def guide_files(
    root: Path, with_tests: bool = True, unreadable: list[OSError] | None = None
) -> list[Path]:
    """The YAML files of a guide folder, in a stable order (or `[root]` for one file).

    Hidden files and folders are skipped; `with_tests=False` leaves out the top-level
    `scenarios/` folder. Folders that cannot be listed are added to `unreadable` (one
    "cannot read" diagnostic, not hundreds of unknown names)."""
    if root.is_file():
        return [root]
    found: list[Path] = []
    onerror = unreadable.append if unreadable is not None else None
    for dirpath, dirnames, filenames in os.walk(root, onerror=onerror):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (with_tests or Path(dirpath) != root or d != TESTS_FOLDER)
        )
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                found.append(Path(dirpath) / name)
    return found


def unreadable_folders(errors: list[OSError], root: Path) -> list[Diagnostic]:
    """Y013 for each folder of the guide that could not be listed."""
    return [
        Msg.Y013_UNREADABLE_FOLDER.at(str(error.filename or root), 0, 0, reason=os_reason(error))
        for error in errors
    ]


def bad_path(root: Path) -> Diagnostic | None:
    """G019 for a path that cannot even be looked at (a name too long, a loop of links)."""
    try:
        root.exists()
        root.is_dir()
    except (OSError, ValueError) as error:
        reason = os_reason(error) if isinstance(error, OSError) else str(error)
        return Msg.G019_BAD_PATH.at(str(root)[:300], 0, 0, reason=reason)
    return None


def no_files(root: Path, files: list[Path]) -> Diagnostic | None:
    """G019 when the path does not exist, holds no YAML, or holds implausibly many files."""
    if not root.exists():
        return Msg.G019_NOT_FOUND.at(str(root), 0, 0)
    if not files:
        return Msg.G019_NO_YAML.at(str(root), 0, 0)
    if len(files) > MAX_FILES:
        return Msg.G019_TOO_MANY.at(str(root), 0, 0, limit=MAX_FILES)
    return None


def no_data(root: Path) -> Diagnostic:
    """G019 when no file read holds any data."""
    return Msg.G019_NO_DATA.at(str(root), 0, 0)


def read_files(
    files: list[Path],
    base: Path,
    names: list[str],
    diagnostics: list[Diagnostic],
    take: Callable[[ParsedFile, bytes, Path], Any] | None = None,
) -> tuple[list[Any], int]:
    """Read and parse every file. The display name of each file goes into `names`, problems
    into `diagnostics`. Returns the files that hold a mapping of sections (or what `take`
    makes of each such file, its bytes and its path, as soon as it is parsed: the loader
    keeps only what it needs of each), and how many bytes were read. A file whose exact
    bytes were parsed before without a diagnostic comes from the cache of parsed files
    (`parse_cache`), unless it is switched off."""
    from guide.loader.parse_cache import ParseCache

    cache = ParseCache.open(base)
    parse = cache.parse if cache is not None else _parse
    parsed: list[Any] = []
    total = 0
    nodes_left = TOTAL_NODES
    for file in files:
        name = display_name(file, base)
        names.append(name)
        try:
            # Type and size checked on the open file before reading: a FIFO, a device
            # (/dev/zero) or a huge sparse file costs neither time nor memory.
            raw = read_bounded(file, MAX_BYTES)
            size = len(raw)
        except UnreadableFile as exc:
            if exc.errno != errno.EFBIG:
                diagnostics.append(Msg.Y013_NOT_A_FILE.at(name, 0, 0, reason=os_reason(exc)))
                continue
            size, raw = _size_of(file), b""
        except OSError as exc:
            diagnostics.append(Msg.Y013_UNREADABLE.at(name, 0, 0, reason=os_reason(exc)))
            continue
        if size > MAX_BYTES:
            diagnostics.append(Msg.Y004_TOO_LARGE.at(name, 1, 1, size=size, limit=MAX_BYTES))
            continue
        total += size
        if total > MAX_TOTAL_BYTES:
            diagnostics.append(Msg.Y004_GUIDE_TOO_LARGE.at(name, 1, 1, limit=MAX_TOTAL_BYTES))
            break
        pf = parse(raw, name, nodes_left)
        nodes_left -= pf.nodes
        diagnostics.extend(pf.diagnostics)
        if not pf.ok or pf.data is None:
            continue
        if not isinstance(pf.data, dict):
            pos = pf.where(())
            diagnostics.append(Msg.S003_NOT_SECTIONS.at(name, pos.line, pos.col))
            continue
        parsed.append(pf if take is None else take(pf, raw, file))
    if cache is not None:
        cache.trim()
    return parsed, total


def _parse(raw: bytes, name: str, max_nodes: int) -> ParsedFile:
    return parse_yaml(raw, name, max_nodes=max_nodes)


def _size_of(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return MAX_BYTES + 1


def display_name(file: Path, root: Path) -> str:
    """How a file is named in diagnostics: relative to the folder above the guide folder
    (indicators/modules/work.yaml), or as given for a single file."""
    if file == root:
        return str(file)
    try:
        return str(file.relative_to(root.parent))
    except ValueError:
        return str(file)
