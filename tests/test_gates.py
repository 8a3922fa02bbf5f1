"""The rules of docs/architecture.md as gates that fail the test run (and so CI, which runs the
README's test command): lint, formatting, types (strict on the pure core), the import-layer
contract, and start-up imports kept lazy.

The tools come with `pip install '.[test]'`. Where one is missing outside CI the test is
skipped with the command to install it; in CI (CI set) a missing tool fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SOURCES = ["guide", "tests", "benchmarks"]


def tool(name: str) -> str:
    for candidate in (BIN / name, shutil.which(name)):
        if candidate and Path(candidate).exists():
            return str(candidate)
    message = f"{name} is not installed: pip install '.[test]'"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=900)


def test_ruff_finds_nothing():
    result = run(tool("ruff"), "check", *SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_tree_is_ruff_formatted():
    result = run(tool("ruff"), "format", "--check", *SOURCES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_strict_on_the_core():
    # The configuration ([tool.mypy] in pyproject.toml) names the files and the strict core.
    result = run(tool("mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_import_layer_contract_holds():
    # [tool.importlinter] in pyproject.toml: the core imports no UI, file, clock or
    # catalog module; loading, reports, sessions and translations never need the wizard;
    # the layers (front ends > trainer > report > sessions | loader > core) import only
    # downwards; no two modules of a package import each other.
    result = run(tool("lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


# What each command may not load: the wizard's framework never, and `--version` no YAML or
# schema either (start-up time is the officer's wait, docs/performance.md). Babel may come
# with the command line's own translations (a warm catalog cache is unpickled). Nor does
# `validate` import dataclasses (with inspect; guide/core/record.py), shutil (argparse's
# terminal width, guide/cli.py), hashlib (OpenSSL) or platformdirs: 15 ms of each run.
START_UP = {
    "--version": ("textual", "rich", "jsonschema", "yaml", "guide.tui"),
    "validate": (
        "textual",
        "rich",
        "guide.tui",
        "guide.sessions",
        "guide.report",
        "dataclasses",
        "inspect",
        "shutil",
        "hashlib",
        "platformdirs",
    ),
}


@pytest.mark.parametrize("command", sorted(START_UP))
def test_start_up_imports_stay_lazy(command):
    argv = ["--version"] if command == "--version" else ["validate", str(ROOT / "indicators")]
    probe = (
        "import sys\n"
        "from guide.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"loaded = [m for m in {START_UP[command]!r} if m in sys.modules]\n"
        "print('LOADED=' + ','.join(loaded), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LANG")}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=120
    )
    line = [x for x in result.stderr.splitlines() if x.startswith("LOADED=")]
    assert line, result.stderr
    assert line[-1] == "LOADED=", f"dalil {command} imported {line[-1][7:]}"


def test_no_module_imports_itself_back():
    # The strictest form of "no import circles": at module level, across every package
    # (the support packages too, which the layers contract leaves out), TYPE_CHECKING and
    # in-function imports included, no chain of imports leads from a module back to it.
    grimp = pytest.importorskip("grimp", reason="grimp comes with import-linter")
    graph = grimp.build_graph("guide", cache_dir=None)
    circles = _strongly_connected(
        {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    )
    assert not circles, "import circles: " + "; ".join(" <-> ".join(c) for c in circles)


def _strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """The groups of two or more modules that import each other (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups
