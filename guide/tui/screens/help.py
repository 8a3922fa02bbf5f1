"""Every key of the wizard, one per line."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from guide.tui.screens.base import ScrollingDialog
from guide.tui.text import _
from guide.tui.widgets.bidi_text import BidiText
from guide.tui.widgets.oral_layer import oral_help_keys


def all_keys() -> list[tuple[str, str]]:
    return [
        ("1-9", _("Choose an answer (or type a number)")),
        ("D", _("Don't know (on your own observation: not sure)")),
        ("R", _("Declined to answer (not on your own observations)")),
        ("S", _("Skip this question")),
        ("B", _("Back to the previous question")),
        ("N", _("Next (a question already answered)")),
        ("←/→", _("Back and next (mirrored in Arabic)")),
        ("↑/↓ Tab", _("Move between the answers")),
        ("Enter", _("Confirm the highlighted answer, or the number typed")),
        ("L", _("Change the language")),
        ("G", _("Show or hide the officer's guidance")),
        *oral_help_keys(),
        ("V", _("Review every answer so far, to change one")),
        ("U", _("The next answer still unknown (on the review screen)")),
        ("C", _("Continue the interview (from the review screen)")),
        ("O", _("Notes: on this question, and on the whole interview")),
        ("I", _("Case details: case reference, place, officer")),
        ("Ctrl+S", _("Save the note or the case details")),
        ("F3", _("Cancel the note or the case details")),
        ("PgUp PgDn", _("Scroll text that does not fit")),
        ("F1 ?", _("This help")),
        ("F2", _("Emergency contacts")),
        ("Esc", _("Hide the interview at once, from anywhere (it stays saved and locked)")),
        ("F5", _("Show the interview again after hiding it (asks for the passphrase)")),
        ("1-9 A", _("Show the reasons for one element, or for all (on the result screen)")),
        ("E", _("Export the report (on the result screen)")),
        ("F", _("Finish the interview (on the result screen)")),
        ("Ctrl+Q", _("Quit (asks first)")),
    ]


class HelpScreen(ScrollingDialog):
    """Every key; at 80x24 it scrolls (PgDn, the arrows), with the close key always on its
    last row and "PgDn More below" beside it while keys are below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark,enter,q", "dismiss", _("Close"), show=False),
    ]

    def __init__(self, scrolled: float = 0.0) -> None:
        super().__init__()
        # Where the list was scrolled to (Help open again after quick exit).
        self._scrolled = scrolled

    def scroll_position(self) -> float:
        scroller = self._scroller()
        return scroller.scroll_y if scroller is not None else 0.0

    def on_mount(self) -> None:
        super().on_mount()
        if self._scrolled:
            self.call_after_refresh(self._scroll_back)

    def _scroll_back(self) -> None:
        scroller = self._scroller()
        if scroller is not None:
            scroller.scroll_to(y=self._scrolled, animate=False)
            self.call_after_refresh(self.update_scroll_cue)

    def close_hint(self) -> str:
        return _("Enter or F1: close    Esc: hide everything")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog", classes="dialog wide"):
            rtl = self.ui_rtl()
            yield self.hint_widget()
            yield BidiText(_("Keys"), classes="title", rtl=rtl)
            for key, label in all_keys():
                yield BidiText(f"\u2068{key}\u2069  {label}", classes="key-line", rtl=rtl)
            yield BidiText(
                _("Caps Lock, the AZERTY digit row and the Arabic layout work too."),
                classes="hint",
                rtl=rtl,
            )
