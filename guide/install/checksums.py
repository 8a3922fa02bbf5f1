"""SHA-256 sums, written in the format `sha256sum -c` and `shasum -a 256 -c` read."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def write_sums(root: Path, files: Iterable[Path], out: Path) -> None:
    """One line per file: the hex digest, two spaces, the path relative to root with '/'."""
    lines = [f"{sha256_file(f)}  {f.relative_to(root).as_posix()}\n" for f in sorted(files)]
    # Newline "\n" on every platform: PowerShell's reader and sha256sum both accept it.
    out.write_text("".join(lines), encoding="ascii", newline="\n")


def verify_sums(root: Path, sums_file: Path) -> list[str]:
    """Check every listed file; return the problems (empty when all match)."""
    problems: list[str] = []
    for number, line in enumerate(sums_file.read_text(encoding="ascii").splitlines(), 1):
        if not line.strip():
            continue
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            problems.append(f"{sums_file.name}:{number}: malformed line")
            continue
        target = root / name
        if not target.is_file():
            problems.append(f"{name}: missing")
        elif sha256_file(target) != digest.lower():
            problems.append(f"{name}: checksum does not match (damaged copy?)")
    return problems
