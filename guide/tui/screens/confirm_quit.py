"""Quit asks first: an interview closed by mistake is saved, but the person waits."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical

from guide.tui.screens.base import WizardModal
from guide.tui.text import _
from guide.tui.widgets.bidi_text import BidiText


class ConfirmQuitScreen(WizardModal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,o,enter", "answer(True)", show=False),
        Binding("n,q", "answer(False)", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            rtl = self.ui_rtl()
            yield BidiText(_("Quit Dalil?"), classes="title", rtl=rtl)
            yield BidiText(_("The interview is saved and can be resumed later."), rtl=rtl)
            yield BidiText(_("Y or Enter: quit    N: stay"), classes="hint", rtl=rtl)

    def action_answer(self, quit_now: bool) -> None:
        self.dismiss(quit_now)
