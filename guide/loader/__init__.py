"""Load a guide folder: YAML → positions → JSON Schema → semantic checks → frozen Guide.

Every problem becomes a Diagnostic with file, line, column, a stable code and a hint; the
loader never raises on bad input. Syntax and schema problems stop the load before the
semantic checks, and a definition with an error stays known to the checks after it, so a
trainer sees the cause and not a cascade of consequences.

The steps, one module each:

- `files`: which files make the guide, reading them, the size limits;
- `schema_messages`: JSON Schema errors told in the trainer's terms;
- `context`: the state of one build, set up in one place;
- `names`: names and scoping of conditions;
- `build`: the model, section by section;
- `checks`: checks over the built parts, each a function yielding diagnostics;
- `scenarios`: the trainers' scenarios.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path

from guide.core.model import DONT_KNOW, Guide
from guide.loader.compact import GuideFile, Reparsed, Shared, compact_file
from guide.loader.diagnostics import Diagnostic, Severity, has_errors, sort_key
from guide.loader.files import (
    MAX_FILES,
    TESTS_FOLDER,
    bad_path,
    guide_files,
    no_data,
    no_files,
    read_files,
    unreadable_folders,
)
from guide.loader.schema_messages import check_schema, schema_diagnostics
from guide.loader.yamlio import ParsedFile, Position


class LoadResult:
    """What `load_guide` found: the guide (None when any error was reported), every
    diagnostic sorted by place, and the display names of the files read. (A plain class,
    not a dataclass: see guide/core/record.py.)"""

    def __init__(
        self,
        guide: Guide | None,
        diagnostics: list[Diagnostic] | None = None,
        files: list[str] | None = None,
    ) -> None:
        self.guide = guide
        self.diagnostics: list[Diagnostic] = [] if diagnostics is None else diagnostics
        self.files: list[str] = [] if files is None else files

    def __repr__(self) -> str:
        return (
            f"LoadResult(guide={self.guide!r}, diagnostics={self.diagnostics!r}, "
            f"files={self.files!r})"
        )

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not LoadResult:
            return NotImplemented
        assert isinstance(other, LoadResult)
        return (self.guide, self.diagnostics, self.files) == (
            other.guide,
            other.diagnostics,
            other.files,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable

    @property
    def ok(self) -> bool:
        return self.guide is not None and not has_errors(self.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


def load_guide(path: str | os.PathLike[str], *, with_tests: bool = True) -> LoadResult:
    """Load a guide folder (or one file); never raises on bad input.

    Args:
        path: the guide folder, or a single YAML file.
        with_tests: False leaves out the `scenarios/` folder, which the wizard does not need
            (it is most of the YAML to read).

    Returns:
        A LoadResult; `result.guide` is None when any error was found.
    """
    # The cyclic garbage collector is paused while loading: a load allocates objects that
    # all stay alive (or die by reference counting), and each full collection walked every
    # one of them again, which made loading a big guide grow faster than its size
    # (docs/performance.md, scaling). It runs again, as before, once the guide is built.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _load(path, with_tests)
    finally:
        if paused:
            gc.enable()


def _load(path: str | os.PathLike[str], with_tests: bool) -> LoadResult:
    from guide.loader.build import build
    from guide.loader.context import LoadContext

    root = Path(path)
    result = LoadResult(None)
    problem = bad_path(root)
    if problem is not None:
        result.diagnostics.append(problem)
        return result
    display_root = root if root.is_dir() else root.parent
    unreadable: list[OSError] = []
    files = guide_files(root, with_tests, unreadable) if root.exists() else []
    if unreadable:
        result.diagnostics.extend(unreadable_folders(unreadable, root))
        return result
    problem = no_files(root, files)
    if problem is not None:
        result.diagnostics.append(problem)
        return result
    reading = _Reading(result.diagnostics)
    taken, _ = read_files(
        files,
        root if root.is_file() else display_root,
        result.files,
        result.diagnostics,
        reading.take,
    )
    if not taken and not has_errors(result.diagnostics):
        result.diagnostics.append(no_data(root))
    if has_errors(result.diagnostics):
        result.diagnostics.sort(key=sort_key)
        return result
    ctx = LoadContext(reading.files, str(root))
    del taken, reading
    guide = build(ctx)
    result.diagnostics.extend(ctx.diagnostics)
    result.diagnostics.sort(key=sort_key)
    result.guide = None if has_errors(result.diagnostics) else guide
    return result


class _Reading:
    """Each file as soon as it is parsed: its schema checked, then, while no error has been
    found in any file, what the build needs of it kept (`guide.loader.compact`: its
    questions made, and nothing else of a file of modules). After an error nothing is
    built, so the files after it are only checked."""

    __slots__ = ("diagnostics", "files", "reparsed", "shared")

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        self.files: list[GuideFile] = []
        self.shared = Shared()
        self.reparsed = Reparsed()

    def take(self, pf: ParsedFile, raw: bytes, path: Path) -> bool:
        self.diagnostics.extend(check_schema([pf], 0))
        if has_errors(self.diagnostics):
            self.files.clear()  # nothing will be built: keep nothing
        else:
            self.files.append(
                compact_file(pf, raw, path, len(self.files), self.shared, self.reparsed)
            )
        return True


__all__ = [
    "DONT_KNOW",
    "MAX_FILES",
    "TESTS_FOLDER",
    "LoadResult",
    "Position",
    "guide_files",
    "load_guide",
    "schema_diagnostics",
]
