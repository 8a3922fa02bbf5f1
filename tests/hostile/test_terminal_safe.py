"""Nothing from a guide, a catalog or an argument drives the terminal: control characters
are a diagnostic in `validate` and `i18n status`, and whatever is printed goes through one
layer (guide.safe_text) that shows them as escapes; the wizard paints them as U+FFFD."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from guide.cli import main
from guide.safe_text import SafeStream, guard_rich_and_textual, unsafe_characters, visible

ROOT = Path(__file__).parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
OSC52 = "\x1b]52;c;SEFDS0VE\x1b\\"
ATTACKS = [
    OSC52,
    "\x1b[2J",
    "\x1b]0;TITLE\x07",
    "\x9b2J",
    "\x9d0;T\x9c",
    "\x1b]8;;http://evil\x1b\\",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_visible_shows_every_escape_and_keeps_the_rest(attack):
    text = f"Q1 {attack} سؤال\tend\n"
    shown = visible(text)
    assert "\x1b" not in shown and "\x07" not in shown
    assert not any(0x80 <= ord(c) < 0xA0 for c in shown)
    assert shown.startswith("Q1 ") and "سؤال\tend\n" in shown


def test_bidi_overrides_are_shown_isolates_and_marks_kept():
    assert visible("a\u202eb") == "a\\u202eb"
    assert visible("\u2066+212 5\u2069 \u200f") == "\u2066+212 5\u2069 \u200f"
    assert unsafe_characters("a\u2066b")  # but a source text may not hold one


def test_safe_stream_writes_visible_text(tmp_path):
    with open(tmp_path / "out", "w", encoding="utf-8") as raw:
        stream = SafeStream(raw)
        print("x\x1b]0;T\x07y", file=stream)
    assert (tmp_path / "out").read_text() == "x\\x1b]0;T\\x07y\n"


def hostile_guide(tmp_path: Path, text: str) -> Path:
    guide = tmp_path / "g"
    shutil.copytree(MINI, guide)
    path = guide / "guide.yaml"
    source = path.read_text("utf-8")
    first = source.index("text:")
    end = source.index("\n", first)
    path.write_text(source[:first] + f"text: {text}" + source[end:], "utf-8")
    return guide


@pytest.mark.parametrize(
    "escape", [r"\e]52;c;SEFDS0VE\e\\", r"\e[2J", r"\x9b2J", r"\u202e", r"\u2066", r"\x07"]
)
def test_escape_in_a_guide_text_is_a_diagnostic(tmp_path, capsys, escape):
    guide = hostile_guide(tmp_path, f'"Q1 {escape} end"')
    assert main(["validate", str(guide)]) == 1
    captured = capsys.readouterr()
    err = captured.out + captured.err
    assert "Y015" in err
    assert "\x1b" not in err and "\x07" not in err and "\u202e" not in err


def test_escape_in_a_key_is_printed_visibly(tmp_path, capsys):
    guide = hostile_guide(tmp_path, '"fine"')
    path = guide / "guide.yaml"
    path.write_text(path.read_text("utf-8") + '"\\e]2;VALTITLE\\e\\\\": 1\n', "utf-8")
    assert main(["validate", str(guide)]) == 1
    out = capsys.readouterr()
    assert "\x1b" not in out.out + out.err
    assert "U+001B" in out.out + out.err


def test_argument_echoed_by_argparse_is_visible():
    done = subprocess.run(
        [sys.executable, "-m", "guide", "--lang", "\x1b]0;PWN\x07"],
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2
    assert b"\x1b" not in done.stderr and b"\\x1b" in done.stderr


def test_rich_and_textual_paint_controls_as_replacement_characters():
    guard_rich_and_textual()
    from rich.console import Console
    from rich.text import Text
    from textual.content import Content

    console = Console(record=True, width=80, force_terminal=True, color_system=None)
    console.print(Text("A" + OSC52 + "B\x9b2J C"))
    painted = console.export_text()
    assert "\x1b" not in painted and "\x9b" not in painted
    assert "A" in painted and "\ufffd" in painted
    content = Content("x\x1b]0;T\x07y")
    assert "\x1b" not in content.plain
    # markup characters in a guide text stay as written when not parsed as markup
    assert Content("[unconfirmed] [x=1]").plain == "[unconfirmed] [x=1]"


def test_clean_text_is_returned_as_is_and_every_unsafe_character_still_escaped():
    """visible() skips str.translate when a search finds nothing to escape: the search must
    find exactly the characters the translation replaces."""
    from guide.safe_text import _NEEDS_ESCAPE, _VISIBLE, visible

    for cp in [*range(0x3000), *range(0xFFF0, 0x10000), 0x1F600]:
        text = f"a{chr(cp)}b"
        assert visible(text) == text.translate(_VISIBLE), hex(cp)
        assert (_NEEDS_ESCAPE.search(text) is not None) == (cp in _VISIBLE), hex(cp)
    clean = "graph — ٢٧.١٤ Kénitra\n\t" * 1000
    assert visible(clean) is clean
