"""The quick-exit screen: nothing on it says what was on the screen before."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

# The one way back, in a corner, in the colour of the background but a shade lighter: the
# officer knows it from training and docs/officers.md; to anyone else it is a meaningless
# key name, and no word says "interview" or "Dalil".
WAY_BACK = "F5"


class CoverScreen(Screen[None]):
    """A plain, neutral page. Only F5 brings the interview back (then the passphrase is asked
    again); every other key is ignored here, so a stray key press reveals nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("f5", "uncover", show=False, priority=True)]

    def compose(self) -> ComposeResult:
        yield Static("", id="cover")
        yield Static(WAY_BACK, id="cover-way-back")

    def action_uncover(self) -> None:
        self.dismiss(None)
