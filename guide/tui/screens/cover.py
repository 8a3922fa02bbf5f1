"""The quick-exit screen: nothing on it says what was on the screen before."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static


class CoverScreen(Screen[None]):
    """A plain, neutral page. Only F5 brings the interview back; every other key is ignored
    here, so a stray key press reveals nothing."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("f5", "uncover", show=False, priority=True)]

    def compose(self) -> ComposeResult:
        yield Static("", id="cover")

    def action_uncover(self) -> None:
        self.dismiss(None)
