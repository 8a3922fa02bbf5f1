"""Finding and reading the guide's files: which files belong to a guide, how they are named in
diagnostics, and the limits checked before anything is parsed."""

from __future__ import annotations

import os
from pathlib import Path

from guide.diagnostics import Diagnostic, Severity
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
        return _g019(
            root, "no such file or folder", "Give the folder that holds the guide's YAML files."
        )
    if not files:
        return _g019(
            root, "no .yaml files found here", "Give the folder that holds the guide's YAML files."
        )
    if len(files) > MAX_FILES:
        return _g019(
            root, f"more than {MAX_FILES} YAML files in the guide", "Is this the right folder?"
        )
    return None


def no_data(root: Path) -> Diagnostic:
    return _g019(
        root, "no file holds any guide data", "Give the folder that holds the guide's YAML files."
    )


def _g019(root: Path, message: str, hint: str) -> Diagnostic:
    return Diagnostic(str(root), 0, 0, Severity.ERROR, "G019", message, hint)


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
            diagnostics.append(
                Diagnostic(
                    name,
                    0,
                    0,
                    Severity.ERROR,
                    "Y013",
                    f"cannot read the file: {exc.strerror}",
                    "Check the file's permissions.",
                )
            )
            continue
        if size > MAX_BYTES:
            diagnostics.append(
                Diagnostic(
                    name,
                    1,
                    1,
                    Severity.ERROR,
                    "Y004",
                    f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                    "Split the guide into several files, one module each.",
                )
            )
            continue
        total += size
        pf = parse_yaml(raw, name)
        diagnostics.extend(pf.diagnostics)
        if not pf.ok or pf.data is None:
            continue
        if not isinstance(pf.data, dict):
            pos = pf.where(())
            diagnostics.append(
                Diagnostic(
                    name,
                    pos.line,
                    pos.col,
                    Severity.ERROR,
                    "S003",
                    "a guide file must be a mapping of sections (guide:, modules:, ...)",
                    "Start the file with a section name such as 'modules:'.",
                )
            )
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
