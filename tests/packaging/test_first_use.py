"""The small mismatches a new user meets (reviews/first-use-and-install.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from guide.cli import main

ROOT = Path(__file__).parents[2]


def test_validate_dot_at_a_checkout_root_means_its_indicators(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert main(["validate", "."]) == 0
    captured = capsys.readouterr()
    assert "0 errors" in captured.out + captured.err
    assert "indicators" in captured.err  # it says which folder it used


def test_output_piped_to_head_is_not_an_error():
    done = subprocess.run(
        f"{sys.executable} -m guide update-guide --list-keys --help | head -1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert "Broken pipe" not in done.stderr and "Traceback" not in done.stderr
