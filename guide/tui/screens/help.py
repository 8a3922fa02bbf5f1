"""Every key of the wizard, one per line."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from guide.tui.screens.base import WizardModal
from guide.tui.text import _
from guide.tui.widgets.bidi_text import BidiText


def all_keys() -> list[tuple[str, str]]:
    return [
        ("1-9", _("Choose an answer (or type a number)")),
        ("D", _("Don't know")),
        ("R", _("Declined to answer")),
        ("S", _("Skip this question")),
        ("B", _("Back to the previous question")),
        ("N", _("Next (a question already answered)")),
        ("←/→", _("Back and next (mirrored in Arabic)")),
        ("Enter", _("Confirm")),
        ("L", _("Change the language")),
        ("G", _("Show or hide the officer's guidance")),
        ("F1 ?", _("This help")),
        ("F2", _("Emergency contacts")),
        ("Esc", _("Hide the interview at once (it stays saved)")),
        ("F5", _("Show the interview again after hiding it")),
        ("1-9 A", _("Show the reasons for one element, or for all (on the result screen)")),
        ("E", _("Export the report (on the result screen)")),
        ("Ctrl+Q", _("Quit (asks first)")),
    ]


class HelpScreen(WizardModal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark,enter,q", "dismiss", _("Close"), show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog"):
            yield BidiText(_("Keys"), classes="title")
            for key, label in all_keys():
                yield BidiText(f"{key}  {label}", classes="key-line")
            yield BidiText(_("Enter or F1: close"), classes="hint")
