"""A crash in the wizard leaves one line and the path of its details, not a traceback.

Textual prints a crash's traceback, with a dump of local variables (guide objects, catalogs),
on the terminal as it closes; it stays in the scrollback for the next person at the laptop.
What must be true (docs/security.md, "Hostile command-line input"): the wizard, like every
command, prints one short line and the path of a private (0600) file with the details, and
exits with status 70. Run in a real pseudo-terminal, as an officer would.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import pytest

from .terminal import private_env, run_in_terminal

CRASHING_WIZARD = """
import sys
import guide.tui.app as app

def on_mount(self):
    raise RuntimeError("simulated wizard failure: 0123456789")

app.DalilApp.on_mount = on_mount
from guide.cli import main
sys.exit(main(["--lang", "en"]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")
def test_a_wizard_crash_prints_one_line_and_the_path_of_its_details(tmp_path):
    status, screen = run_in_terminal([sys.executable, "-c", CRASHING_WIZARD], private_env(tmp_path))
    assert status == 70, screen[-2000:]
    assert "Traceback" not in screen
    assert "simulated wizard failure" not in screen  # the details are in the file only
    assert "on_mount" not in screen
    assert "an unexpected error stopped Dalil (RuntimeError)" in screen
    found = re.search(r"The details are in (\S+crash-\S+\.txt)\.", screen)
    assert found, screen[-2000:]
    details = Path(found.group(1))
    assert "simulated wizard failure: 0123456789" in details.read_text("utf-8")
    assert stat.S_IMODE(details.stat().st_mode) == 0o600


# -- `dalil graph --format svg`: Graphviz's bytes ------------------------------------------------

# Graphviz stands in for any program whose output Dalil passes on: an SVG holding an OSC 52
# clipboard write, a screen clear, a title change, and a byte that is not UTF-8.
HOSTILE_DOT = """#!/bin/sh
cat >/dev/null
printf '<svg>\\033]52;c;SEFDS0VE\\007 \\033[2J \\033]0;PWNED\\033\\\\ \\233 \\377</svg>\\n'
"""


@pytest.fixture
def hostile_graphviz(tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "dot").write_text(HOSTILE_DOT)
    (folder / "dot").chmod(0o755)
    return f"{folder}:{os.environ.get('PATH', '/usr/bin:/bin')}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a Linux pty")
def test_svg_is_never_written_to_a_terminal(tmp_path, hostile_graphviz):
    env = private_env(tmp_path, PATH=hostile_graphviz)
    status, screen = run_in_terminal(
        [sys.executable, "-m", "guide", "graph", "--format", "svg"], env
    )
    assert status == 2
    assert "-o guide.svg" in screen
    assert "\x1b]" not in screen and "\x1b[2J" not in screen and "<svg>" not in screen


def test_svg_through_a_pipe_shows_escapes_as_text(tmp_path, hostile_graphviz, monkeypatch, capsys):
    from guide.cli import main

    monkeypatch.setenv("PATH", hostile_graphviz)
    assert main(["graph", "--format", "svg"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<svg>") and "\\x1b]52;c;SEFDS0VE\\x07" in out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    output = tmp_path / "guide.svg"
    assert main(["graph", "--format", "svg", "-o", str(output)]) == 0
    assert output.read_bytes().startswith(b"<svg>\x1b]52")  # a file gets Graphviz's output as is
