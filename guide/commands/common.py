"""Helpers shared by the commands: the guide argument and loading with diagnostics."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from guide.i18n import _

if TYPE_CHECKING:
    from guide.loader import LoadResult


def add_guide_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", nargs="?", default=None, help=_("the guide folder (default: the shipped guide)")
    )


def guide_path(args: argparse.Namespace) -> str:
    from guide.paths import default_guide_dir

    if not args.path:
        return str(default_guide_dir())
    return _guide_folder_in(args.path)


def _guide_folder_in(path: str) -> str:
    """`dalil test .` at the root of a checkout (or of a trainer's copy, the folder that
    `update-guide --build` takes) means its indicators/ folder, not every YAML file below
    (tests/broken would give 16 errors)."""
    from pathlib import Path

    try:
        folder = Path(path)
        inner = folder / "indicators"
        if inner.is_dir() and not (folder / "guide.yaml").exists():
            print(_("Using the guide in {folder}.").format(folder=inner), file=sys.stderr)
            return str(inner)
    except (OSError, ValueError):
        pass  # the loader words the problem
    return path


def load_or_report(args: argparse.Namespace, *, with_tests: bool = True) -> LoadResult:
    """Load the guide (with_tests=False: without its scenarios folder); print its
    diagnostics to stderr."""
    from guide.loader import load_guide

    result = load_guide(guide_path(args), with_tests=with_tests)
    for d in result.diagnostics:
        print(d.format(), file=sys.stderr)
    return result
