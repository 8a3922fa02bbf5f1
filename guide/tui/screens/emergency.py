"""Emergency contacts (and, after an urgent answer, the immediate steps), one key away."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from guide.report.result_view import TO_VERIFY
from guide.tui.screens.base import ScrollingDialog
from guide.tui.text import _
from guide.tui.widgets.bidi_text import BidiText


class EmergencyScreen(ScrollingDialog):
    """The guide's emergency contacts; with `steps`, the immediate steps first.

    `steps` and `contacts` are texts already in the interface language: one short line per
    contact, each with its verification ("to verify before use" on every unchecked number),
    explained once; the guide's notes on them (`details`) come after, below the fold if
    need be. The close key is always on the last row.
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
        details: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.contacts = contacts
        self.steps = steps or []
        self.urgent = urgent
        # The answer's note for the officer ("Stop the interview..."), shown here, not in a
        # toast over the numbers.
        self.note = note
        self.details = details or []

    def close_hint(self) -> str:
        return _("Enter: continue the interview") if self.urgent else _("Enter: close")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog emergency"):
            rtl = self.ui_rtl()
            yield self.hint_widget()
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
            mark = _(TO_VERIFY)
            if any(mark in line for line in [*self.contacts, *self.steps]):
                legend = _(
                    "A number marked “{mark}” has not been checked: "
                    "confirm it before relying on it."
                ).format(mark=mark)
                yield BidiText(legend, id="verify-legend", classes="hint", rtl=rtl)
            if self.details:
                yield BidiText(_("About these contacts"), classes="section", rtl=rtl)
                for line in self.details:
                    yield BidiText(f"• {line}", classes="contact-note", rtl=rtl)

    def action_close(self) -> None:
        self.dismiss(None)
