"""docs/security.md names the test behind each promise: every test it names exists.

A promise whose test was renamed or removed would read as still shown. References are
`tests/folder/file.py::test_name`, `file.py::test_name` (a file name unique under tests/), or
`::test_name` (in the file named last before it, in the same table cell or paragraph).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "security.md"
REFERENCE = re.compile(r"`((?:tests/[\w/]+\.py)|(?:\w+\.py))?((?:::\w+)?)")


def functions_in(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def resolve(name: str) -> Path:
    if name.startswith("tests/"):
        return ROOT / name
    matches = list((ROOT / "tests").rglob(name))
    assert len(matches) == 1, f"{name}: {len(matches)} files of that name under tests/"
    return matches[0]


def test_every_test_named_in_security_md_exists():
    checked = 0
    for block in re.split(r"\n\s*\n|\n\|", DOC.read_text("utf-8")):
        current: Path | None = None
        for match in REFERENCE.finditer(block):
            file_part, test_part = match.group(1), match.group(2)
            if file_part:
                if not file_part.startswith("tests/") and not file_part.startswith("test_"):
                    continue  # a source file (guide/...py), not a test
                current = resolve(file_part)
                assert current.exists(), file_part
                checked += 1
            if test_part:
                assert current is not None, f"{test_part} names no file before it"
                assert test_part[2:] in functions_in(current), f"{current.name}{test_part}"
                checked += 1
    assert checked > 40
