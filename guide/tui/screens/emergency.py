"""Emergency contacts (and, after an urgent answer, the immediate steps), one key away."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from guide.tui.screens.base import WizardModal
from guide.tui.text import _
from guide.tui.widgets.bidi_text import BidiText


class EmergencyScreen(WizardModal):
    """The guide's emergency contacts; with `steps`, the immediate steps first.

    `steps` and `contacts` are texts already in the interface language.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,f2,q", "close", _("Continue"), show=False)
    ]

    def __init__(
        self,
        contacts: list[str],
        steps: list[str] | None = None,
        *,
        urgent: bool = False,
        note: str | None = None,
    ) -> None:
        super().__init__()
        self.contacts = contacts
        self.steps = steps or []
        self.urgent = urgent
        # The answer's note for the officer ("Stop the interview..."), shown here, not in a
        # toast over the numbers.
        self.note = note

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog emergency"):
            rtl = self.ui_rtl()
            if self.urgent:
                yield BidiText(_("Urgent: act now"), classes="title urgent", rtl=rtl)
                if self.note:
                    yield BidiText(self.note, id="urgent-note", classes="note", rtl=rtl)
                for number, step in enumerate(self.steps, start=1):
                    yield BidiText(f"{number}. {step}", classes="step", rtl=rtl)
            yield BidiText(_("Emergency contacts"), classes="title", rtl=rtl)
            if not self.contacts:
                yield BidiText(_("The guide lists no emergency contact."), rtl=rtl)
            for line in self.contacts:
                yield BidiText(f"• {line}", classes="contact", rtl=rtl)
            hint = _("Enter: continue the interview") if self.urgent else _("Enter: close")
            yield BidiText(hint, classes="hint", rtl=rtl)

    def action_close(self) -> None:
        self.dismiss(None)
