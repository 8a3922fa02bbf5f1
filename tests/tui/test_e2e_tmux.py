"""The `dalil` command in a real terminal (tmux): a short interview, read off the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
import warnings
from pathlib import Path
from typing import Any

import pytest

from guide.i18n.bidi import visual_lines
from guide.tui.screens.start import ARABIC_SAMPLE

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_GUIDE = Path(__file__).parent / "fixtures" / "guide"
PASSPHRASE = "correct horse battery"

if shutil.which("tmux") is None:
    pytest.skip("tmux is not installed (apt-get install tmux)", allow_module_level=True)


def dalil_command() -> list[str]:
    installed = shutil.which("dalil")
    return [installed] if installed else [sys.executable, "-m", "guide"]


class Terminal:
    """One `dalil` in its own tmux server (its own socket), started with a clean environment.

    A shared tmux server keeps the environment of whoever started it (another test, another
    checkout's test run, a person's own session): a session started in it inherits that
    environment (DALIL_REPORTS_DIR, DALIL_DATA_DIR, DALIL_PASSPHRASE_FILE...), and the wizard
    then writes, reads or unlocks somewhere else. Nothing here may come from outside tmp."""

    def __init__(self, args: list[str], home: Path, size: tuple[int, int] = (100, 30)) -> None:
        self.name = f"dalil-{uuid.uuid4().hex[:8]}"
        self.socket = f"dalil-test-{uuid.uuid4().hex[:12]}"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "TERM": "xterm-256color",
            "PYTHONPATH": str(ROOT),
            "LANG": "C.UTF-8",
            "TZ": "UTC",
        }
        # `env -i`: the wizard sees exactly these variables, whatever the server holds.
        command = " ".join(
            [
                "env",
                "-i",
                *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
                *(shlex.quote(a) for a in [*dalil_command(), *args]),
            ]
        )
        subprocess.run(
            [
                *self.tmux("new-session", "-d", "-s", self.name, "-c", str(ROOT)),
                *("-x", str(size[0]), "-y", str(size[1]), command),
            ],
            check=True,
            env=env,
        )

    def tmux(self, *args: str) -> list[str]:
        return ["tmux", "-L", self.socket, *args]

    def _run(self, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self.tmux(*args), text=True, **kwargs)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._run("send-keys", "-t", self.name, key, check=True)
            time.sleep(0.15)

    def text(self, *keys: str) -> None:
        self._run("send-keys", "-t", self.name, "-l", *keys, check=True)

    def capture(self) -> str:
        return self._run("capture-pane", "-p", "-t", self.name, capture_output=True).stdout

    def wait_for(self, *needles: str, timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture()
            if any(n in screen for n in needles):
                return screen
            time.sleep(0.2)
        raise AssertionError(f"none of {needles!r} appeared; the screen shows:\n{screen}")

    def resize(self, width: int, height: int) -> None:
        self._run("resize-window", "-t", self.name, "-x", str(width), "-y", str(height), check=True)

    def width(self) -> int:
        out = self._run(
            "display-message", "-p", "-t", self.name, "#{pane_width}", capture_output=True
        )
        return int(out.stdout.strip())

    def alive(self) -> bool:
        return self._run("has-session", "-t", self.name, capture_output=True).returncode == 0

    def close(self) -> None:
        self._run("kill-server", capture_output=True)
        # tmux leaves its socket file behind: /tmp/tmux-UID/NAME (or under $TMUX_TMPDIR).
        folder = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
        (folder / self.socket).unlink(missing_ok=True)


# The passphrase screen in English and French (the interface catalogs' wording).
PASSPHRASE_WORDS = ("passphrase", "phrase secrète")
TYPE_AGAIN_WORDS = ("Type it again", "Saisissez-la de nouveau")


def _past_passphrase(term: Terminal, screen: str) -> None:
    """When the journal is installed, set its passphrase (first use) before the interview."""
    if any(word in screen.lower() for word in PASSPHRASE_WORDS):
        term.text(PASSPHRASE)
        term.keys("Enter")
        if any(word in screen for word in TYPE_AGAIN_WORDS):
            term.text(PASSPHRASE)
            term.keys("Enter")


@pytest.fixture
def terminal(tmp_path):
    made: list[Terminal] = []

    def start(*args: str) -> Terminal:
        term = Terminal(list(args), tmp_path)
        made.append(term)
        return term

    yield start
    for term in made:
        term.close()


def test_short_interview_in_english_to_the_result(terminal):
    term = terminal("--lang", "en", "--bidi", "app", "--guide", str(FIXTURE_GUIDE))
    term.wait_for("Press Enter to start")
    term.keys("Enter")
    _past_passphrase(term, term.wait_for(*PASSPHRASE_WORDS, "Safety first"))
    term.wait_for("Safety first")
    term.keys("Enter")
    term.wait_for("Is the person in immediate danger")
    term.keys("2")
    term.wait_for("Consent")
    term.keys("Enter")
    term.wait_for("Do you agree to answer")
    term.keys("2")
    screen = term.wait_for("No indicators found")
    assert "Explain the person's rights" in screen
    assert "to verify before use" in screen
    term.keys("Escape")
    time.sleep(0.5)
    hidden = term.capture()
    assert "indicators" not in hidden and "Dalil" not in hidden
    term.keys("F5")
    # Quick exit locked the journal: the passphrase is asked again, then the same screen.
    term.wait_for("Enter the passphrase")
    term.text(PASSPHRASE)
    term.keys("Enter")
    term.wait_for("No indicators found")
    term.keys("C-q")
    term.wait_for("Quit Dalil?")
    term.keys("y")
    deadline = time.monotonic() + 10
    while term.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not term.alive()


def test_arabic_is_painted_in_visual_order(terminal):
    term = terminal("--lang", "ar", "--bidi", "app", "--guide", str(FIXTURE_GUIDE))
    term.wait_for("Dalil")
    for width in (100, 72, 120):  # the line stays right-aligned as the window changes size
        term.resize(width, 30)
        time.sleep(1.0)
        assert term.width() == width
        screen = term.capture()
        # The sample sits in a container with 2 cells of padding each side, and 2 more inside.
        expected = visual_lines(ARABIC_SAMPLE, width - 8)[0].text
        rows = [row.rstrip() for row in screen.splitlines()]
        row = next((r for r in rows if expected in r), None)
        assert row is not None, screen
        # Right-aligned in the Arabic interface: the line ends at the right padding.
        assert len(row) == width - 4, screen


def test_french_start_then_switch_language_mid_interview(terminal):
    term = terminal("--lang", "fr", "--bidi", "terminal", "--guide", str(FIXTURE_GUIDE))
    screen = term.wait_for("Press Enter", "Appuyez sur Entrée")
    # Terminal mode: Dalil leaves the Arabic in logical order for the terminal to reorder.
    assert ARABIC_SAMPLE in screen
    term.keys("Enter")
    _past_passphrase(term, term.wait_for(*PASSPHRASE_WORDS, "Safety first", "La sécurité"))
    term.wait_for("Safety first", "La sécurité")  # the unlock (slow on purpose) is done
    term.keys("Enter")
    term.wait_for("immediate danger", "danger immédiat")
    term.keys("l")
    term.wait_for("4")
    term.keys("3")
    screen = term.wait_for("Is the person in immediate danger")
    assert "Part 1 of 4" in screen


def _visible(screen: str) -> list[str]:
    return [line.strip() for line in screen.splitlines() if line.strip()]


def test_a_whole_interview_with_a_note_a_jump_quick_exit_and_export(terminal, tmp_path):
    """An officer's day in a real terminal: a note, the answer note shown, quick exit that
    leaves only "F5" (and locks), a jump back from the review screen, export, then a resume
    whose toast is showing when Esc is pressed."""
    guide = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, guide)
    term = terminal("--lang", "en", "--bidi", "app", "--guide", str(guide))
    term.wait_for("Press Enter to start")
    term.keys("Enter")
    _past_passphrase(term, term.wait_for(*PASSPHRASE_WORDS, "Safety first"))
    term.wait_for("Safety first")
    term.keys("Enter")
    term.wait_for("Is the person in immediate danger")
    term.keys("2")
    term.wait_for("I will ask you some questions")
    term.keys("Enter")
    term.wait_for("Do you agree to answer")
    term.keys("1")
    term.wait_for("How old are you?")
    term.keys("2")
    term.wait_for("How many hours")
    term.keys("8", "Enter")
    term.wait_for("Is the job the one")
    term.keys("1")
    term.wait_for("Are you paid what")
    term.keys("1")
    term.wait_for("Does someone else keep your passport")
    # A note on this question and an observation.
    term.keys("o")
    term.wait_for("Note on this question")
    term.text("Passport seen with employer")
    term.keys("Enter")
    term.text("Man waiting outside")
    term.keys("Enter")
    term.wait_for("Your note: Passport seen with employer")
    term.keys("1")  # documents kept: a note for the officer follows the answer
    screen = term.wait_for("Note it for the referral")
    assert "Note for the officer" in screen and "Has anyone threatened" in screen
    # Quick exit: nothing but the way back.
    term.keys("Escape")
    time.sleep(0.6)
    assert _visible(term.capture()) == ["F5"]
    # Keys behind the cover are ignored, and stay ignored after F5: under load an F1 pressed
    # here used to come back up to the app after F5 and open the help over the passphrase
    # (about one run in six; see DalilApp._behind_cover).
    term.keys("Enter", "1", "F1", "F2", "o")
    time.sleep(0.4)
    assert _visible(term.capture()) == ["F5"]
    term.keys("F5")
    screen = term.wait_for("Enter the passphrase")
    time.sleep(1.0)  # anything typed on the cover would have acted by now
    screen = term.capture()
    assert "Enter the passphrase" in screen, screen
    for opened in ("Keys", "Emergency contacts", "Note on this question"):
        assert opened not in screen, screen  # not the help, F2 or the notes
    # A person reads the prompt before typing; tmux types at once, and under load the text
    # could reach the screen while it was still being set up (a wrong passphrase once).
    time.sleep(0.5)
    term.text(PASSPHRASE)
    time.sleep(0.3)
    term.keys("Enter")
    screen = term.wait_for("Has anyone threatened", "Wrong passphrase")
    if "Wrong passphrase" in screen:
        # Seen in full-suite CI runs while every test shared one tmux server (whose
        # environment came from another test); never since each Terminal has its own server
        # and a clean environment. If it comes back, it shows in the warnings summary with
        # the screen, and a second try must still open the same interview.
        warnings.warn(f"the passphrase after F5 was refused once; screen:\n{screen}", stacklevel=1)
        term.text(PASSPHRASE)
        time.sleep(0.3)
        term.keys("Enter")
    term.wait_for("Has anyone threatened")
    # Review: three up from the latest answer is the hours; change 8 to 14 and come back.
    term.keys("v")
    term.wait_for("Review the answers")
    term.keys("Up", "Up", "Up", "Enter")
    term.wait_for("How many hours")
    term.keys("1", "4", "Enter")
    screen = term.wait_for("Review the answers")
    assert "14 hours" in screen
    term.keys("c")
    term.wait_for("Has anyone threatened")
    term.keys("d")
    term.wait_for("What to do next")
    # Export: a dialog with the path and the warning; owner-only files in ~/dalil-reports.
    term.keys("e")
    screen = term.wait_for("Not encrypted")
    assert "Report written" in screen
    reports = sorted((tmp_path / "dalil-reports").iterdir())
    assert reports and all(p.stat().st_mode & 0o777 == 0o600 for p in reports)
    text = next(p for p in reports if p.suffix in (".md", ".txt")).read_text(encoding="utf-8")
    assert "Passport seen with employer" in text and "Man waiting outside" in text
    term.keys("Enter", "C-q")
    term.wait_for("Quit Dalil?")
    term.keys("y")
    deadline = time.monotonic() + 10
    while term.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    # The guide changed meanwhile: resuming shows a warning toast; Esc hides it with the rest.
    for changed, old, new in (
        (guide / "modules" / "02-profile.yaml", "{id: adult,", "{id: grown_up,"),
        (guide / "scenarios.yaml", "age_band: adult", "age_band: grown_up"),
    ):
        changed.write_text(changed.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    again = terminal("--lang", "en", "--bidi", "app", "--guide", str(guide))
    again.wait_for("Press Enter to start")
    again.keys("Enter")
    again.wait_for("Enter the passphrase")
    again.text(PASSPHRASE)
    again.keys("Enter")
    again.wait_for("Unfinished interviews")
    again.keys("Enter")  # the highlighted (newest) one
    screen = again.wait_for("no longer", "not an answer")
    again.keys("Escape")
    time.sleep(0.6)
    assert _visible(again.capture()) == ["F5"]
