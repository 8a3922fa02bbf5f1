"""Change the language mid-interview; every answer given so far is kept."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical

from guide.tui.screens.base import WizardModal
from guide.tui.text import LANGUAGE_NAMES, _
from guide.tui.widgets.bidi_text import BidiText

ORDER = ("ar", "fr", "en")


class LanguageScreen(WizardModal):
    """1-3: one language for everything. 4-6: the person's language only (the questions are
    then shown in both, the guidance stays in the officer's language)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(i + 1), f"one('{code}')", show=False) for i, code in enumerate(ORDER)),
        *(Binding(str(i + 4), f"person('{code}')", show=False) for i, code in enumerate(ORDER)),
        Binding("enter,l,q", "close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            rtl = self.ui_rtl()
            yield BidiText(_("Language"), classes="title", rtl=rtl)
            yield BidiText(_("One language for the interview:"), classes="section", rtl=rtl)
            for i, code in enumerate(ORDER):
                yield BidiText(f"{i + 1}  {LANGUAGE_NAMES[code]}", rtl=False)
            yield BidiText(
                _("Or keep the interface and guidance, and ask the person in:"),
                classes="section",
                rtl=rtl,
            )
            for i, code in enumerate(ORDER):
                yield BidiText(f"{i + 4}  {LANGUAGE_NAMES[code]}", rtl=False)
            yield BidiText(_("Enter: close without changing"), classes="hint", rtl=rtl)

    def action_one(self, code: str) -> None:
        self.dismiss((code, code))

    def action_person(self, code: str) -> None:
        self.dismiss((self.app.languages.ui, code))  # type: ignore[attr-defined]

    def action_close(self) -> None:
        self.dismiss(None)
