"""Offer to resume an unfinished interview."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from guide.i18n.languages import native_name
from guide.tui.screens.base import WizardScreen
from guide.tui.session_link import Unfinished
from guide.tui.text import _, ltr, ngettext
from guide.tui.widgets.bidi_text import BidiText


class ResumeScreen(WizardScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"resume({n})", show=False) for n in range(1, 10)),
        Binding("n,enter", "new", show=False),
    ]

    def __init__(self, unfinished: list[Unfinished]) -> None:
        super().__init__()
        self.unfinished = unfinished[:9]

    def screen_keys(self) -> list[tuple[str, str]]:
        return [("1-9", _("Resume")), ("N", _("New interview"))]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="resume", classes="dialog"):
            yield BidiText(_("Unfinished interviews"), classes="title")
            for number, item in enumerate(self.unfinished, start=1):
                yield BidiText(
                    _("{n}. started {started} · {language} · {answers}").format(
                        n=number,
                        started=ltr(readable_time(item.started, self.dalil.languages.ui)),
                        language=native_name(item.language),
                        answers=ngettext("{n} answer", "{n} answers", item.answered).format(
                            n=item.answered
                        ),
                    ),
                    classes="resume-item",
                )
            yield BidiText(_("Press a number to resume, or N for a new interview."), classes="hint")
        yield self.key_bar()

    def action_resume(self, number: int) -> None:
        if 1 <= number <= len(self.unfinished):
            self.dalil.resume(self.unfinished[number - 1].id)

    def action_new(self) -> None:
        self.dalil.new_interview()


def readable_time(stamp: str, lang: str) -> str:
    """'2026-11-28T10:00:00Z' -> '28/11/2026, 11:00 (GMT+01:00)': the journal's UTC moment
    in the laptop's time zone, through Babel with the registry's locale."""
    from guide.i18n.formatting import format_time, parse_time

    moment = parse_time(stamp)
    return format_time(moment, lang, seconds=False, marks=False) if moment else stamp
