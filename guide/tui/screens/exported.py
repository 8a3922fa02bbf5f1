"""After E on the result screen: where the report went, and that it is not encrypted."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical

from guide.tui.screens.base import WizardModal
from guide.tui.text import _, ltr
from guide.tui.widgets.bidi_text import BidiText


class ExportedScreen(WizardModal):
    """A dialog the officer cannot miss: the paths written (or why nothing was), one line of
    warning, and Enter to close."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,q,e", "close", show=False),
    ]

    def __init__(self, paths: list[str], error: str | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.error = error

    def compose(self) -> ComposeResult:
        rtl = self.ui_rtl()
        with Vertical(id="dialog", classes="dialog"):
            if self.error is not None:
                yield BidiText(_("The report was not written"), classes="title urgent", rtl=rtl)
                yield BidiText(self.error, id="export-error", rtl=rtl)
            else:
                yield BidiText(_("Report written"), classes="title", rtl=rtl)
                for path in self.paths:
                    # A path is left to right even inside an Arabic line.
                    yield BidiText(ltr(path), classes="export-path", rtl=False)
                yield BidiText(
                    _("Not encrypted: keep it safe and delete it once it is handed over."),
                    id="export-warning",
                    classes="urgent",
                    rtl=rtl,
                )
            yield BidiText(_("Enter: close"), classes="hint", rtl=rtl)

    def action_close(self) -> None:
        self.dismiss(None)
