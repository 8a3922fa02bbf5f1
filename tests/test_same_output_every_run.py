"""The same guide gives the same output in every run.

Python orders sets of strings by their hashes, which change from one process to the next
(PYTHONHASHSEED). An order taken from a set once made `dalil graph` print the derived names in
a different order from run to run, so a trainer's committed diagram changed without any change
to the guide. Each command runs here under several hash seeds, as separate processes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ("1", "2", "3", "4")

# Derived names in a cycle with two ways round it: the order the cycle is reported in, and
# which name it starts from, came from a set.
BROKEN = ROOT / "tests" / "broken" / "G006-cycle.yaml"
CYCLES = BROKEN.read_text(encoding="utf-8").replace(
    '  late: "asked_late or loop"  # <-- G006\n  loop: "late"\n',
    '  late: "asked_late or loop or other"\n  loop: "late"\n  other: "late"\n',
)


def _run(args: list[str], seed: str, cwd: Path) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "LANGUAGE": "en", "LC_ALL": "C.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-m", "guide", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"


@pytest.mark.parametrize(
    "args",
    [
        ["graph", "--format", "dot"],
        ["graph", "--format", "mermaid"],
        ["graph", "--collapse"],
    ],
    ids=lambda args: " ".join(args),
)
def test_the_shipped_guide_draws_the_same_in_every_run(args: list[str]) -> None:
    outputs = {_run(args, seed, ROOT) for seed in SEEDS}
    assert len(outputs) == 1


def test_a_cycle_is_reported_the_same_in_every_run(tmp_path: Path) -> None:
    assert "other:" in CYCLES  # the two-way cycle is really there
    (tmp_path / "cycles.yaml").write_text(CYCLES, encoding="utf-8")
    outputs = {_run(["validate", "cycles.yaml"], seed, tmp_path) for seed in SEEDS}
    assert len(outputs) == 1
    assert "G006" in outputs.pop()
