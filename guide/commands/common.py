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

    return args.path or str(default_guide_dir())


def load_or_report(args: argparse.Namespace) -> LoadResult:
    """Load the guide; print its diagnostics to stderr."""
    from guide.loader import load_guide

    result = load_guide(guide_path(args))
    for d in result.diagnostics:
        print(d.format(), file=sys.stderr)
    return result
