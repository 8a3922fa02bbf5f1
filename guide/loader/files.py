"""Finding and reading the guide's files: which files belong to a guide, how they are named in
diagnostics, and the limits checked before anything is parsed."""

from __future__ import annotations

import os
from pathlib import Path

from guide.diagnostics import Diagnostic, Msg
from guide.yamlio import MAX_BYTES, ParsedFile, parse_yaml

MAX_FILES = 500

# The trainers' tests (docs/format.md: scenarios/*.yaml); an interview does not need them.
TESTS_FOLDER = "scenarios"


def guide_files(root: Path, with_tests: bool = True) -> list[Path]:
    """The YAML files of a guide folder, in a stable order (or `[root]` for one file).

    Hidden files and folders are skipped; `with_tests=False` leaves out the top-level
    `scenarios/` folder."""
    if root.is_file():
        return [root]
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (with_tests or Path(dirpath) != root or d != TESTS_FOLDER)
        )
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                found.append(Path(dirpath) / name)
    return found


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
    files: list[Path], base: Path, names: list[str], diagnostics: list[Diagnostic]
) -> tuple[list[ParsedFile], int]:
    """Read and parse every file. The display name of each file goes into `names`, problems
    into `diagnostics`. Returns the files that hold a mapping of sections, and how many bytes
    were read."""
    parsed: list[ParsedFile] = []
    total = 0
    for file in files:
        name = display_name(file, base)
        names.append(name)
        try:
            size = file.stat().st_size
            # Checked before reading, so a huge file costs no memory.
            raw = file.read_bytes() if size <= MAX_BYTES else b""
        except OSError as exc:
            diagnostics.append(Msg.Y013_UNREADABLE.at(name, 0, 0, reason=exc.strerror))
            continue
        if size > MAX_BYTES:
            diagnostics.append(Msg.Y004_TOO_LARGE.at(name, 1, 1, size=size, limit=MAX_BYTES))
            continue
        total += size
        pf = parse_yaml(raw, name)
        diagnostics.extend(pf.diagnostics)
        if not pf.ok or pf.data is None:
            continue
        if not isinstance(pf.data, dict):
            pos = pf.where(())
            diagnostics.append(Msg.S003_NOT_SECTIONS.at(name, pos.line, pos.col))
            continue
        parsed.append(pf)
    return parsed, total


def display_name(file: Path, root: Path) -> str:
    """How a file is named in diagnostics: relative to the folder above the guide folder
    (indicators/modules/work.yaml), or as given for a single file."""
    if file == root:
        return str(file)
    try:
        return str(file.relative_to(root.parent))
    except ValueError:
        return str(file)
