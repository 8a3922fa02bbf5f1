"""`dalil bundle`: build the offline installation bundle (on a connected machine)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bundle",
        help="build the offline installation bundle (needs a package registry, once)",
        description=(
            "Build one zip with Dalil's wheel, every dependency's wheel for the chosen "
            "platforms and Python versions, the installer (install.py, started by install.sh "
            "or install.bat) and SHA256SUMS. Run it on a connected machine; the laptops that "
            "install from it need no network. See docs/install.md."
        ),
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("dist"), metavar="DIR",
        help="folder to write the bundle to (default: dist)",
    )  # fmt: skip
    parser.add_argument(
        "--platform", action="append", dest="platforms", metavar="NAME",
        help="target platform, repeatable: linux-x86_64, windows-x86_64, linux-aarch64, "
        "macos-arm64, macos-x86_64 (default: linux-x86_64 and windows-x86_64)",
    )  # fmt: skip
    parser.add_argument(
        "--python", action="append", dest="pythons", metavar="X.Y",
        help="target Python version, repeatable: 3.11, 3.12, 3.13 (default: all three)",
    )  # fmt: skip
    parser.add_argument(
        "--current", action="store_true",
        help="only this machine's platform and Python version (a quick test build)",
    )  # fmt: skip
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--project", type=Path, metavar="DIR",
        help="Dalil source checkout to build the wheel from (default: the one running)",
    )  # fmt: skip
    source.add_argument(
        "--wheel", type=Path, metavar="FILE", help="use this Dalil wheel instead of building one"
    )
    parser.add_argument(
        "--include", action="append", type=Path, default=[], metavar="FILE",
        help="add FILE to the bundle's extras/ folder (repeatable), for example the python.org "
        "installer for Windows, python-3.12.x-amd64.exe: install.bat runs it when the laptop "
        "has no Python",
    )  # fmt: skip
    parser.set_defaults(func=run_bundle)


def run_bundle(args: argparse.Namespace) -> int:
    from guide.install import bundle

    try:
        platforms = list(args.platforms or [])
        pythons = list(args.pythons or [])
        if args.current:
            platforms = platforms or [bundle.current_platform()]
            pythons = pythons or [bundle.current_python()]
        started = time.monotonic()
        result = bundle.build_bundle(
            args.output,
            platforms=platforms or list(bundle.DEFAULT_PLATFORMS),
            pythons=pythons or list(bundle.PYTHON_VERSIONS),
            project=args.project,
            wheel=args.wheel,
            extras=args.include,
            progress=lambda message: print(message, file=sys.stderr),
        )
    except bundle.BundleError as exc:
        print(f"dalil bundle: {exc}", file=sys.stderr)
        return 1
    elapsed = time.monotonic() - started
    print(f"{result.archive}  ({result.size_bytes / 1_048_576:.1f} MiB, "
          f"{len(result.wheels)} wheels, {elapsed:.0f} s)")  # fmt: skip
    print(f"{result.checksum_file}  (SHA-256 of the bundle)")
    return 0
