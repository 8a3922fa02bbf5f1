"""Offer to resume an unfinished interview."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Click
from textual.message import Message

from guide.i18n.languages import is_rtl, native_name
from guide.tui.screens.base import WizardScreen
from guide.tui.session_link import Unfinished
from guide.tui.text import _, isolate, ltr, ngettext
from guide.tui.widgets.bidi_text import BidiText


class ResumeRow(BidiText):
    """One unfinished interview; the arrows highlight it, Enter or a click
    (`ResumeRow.Chosen`) resumes it."""

    can_focus = True

    @dataclass
    class Chosen(Message):
        row: ResumeRow
        session_id: str

        @property
        def control(self) -> ResumeRow:
            return self.row

    def __init__(self, text: str, session_id: str, *, rtl: bool | None) -> None:
        super().__init__(text, rtl=rtl, classes="resume-item")
        self.session_id = session_id

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Chosen(self, self.session_id))


class ResumeScreen(WizardScreen):
    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"resume({n})", show=False) for n in range(1, 10)),
        Binding("down,tab", "move(1)", show=False, priority=True),
        Binding("up,shift+tab", "move(-1)", show=False, priority=True),
        Binding("enter", "resume_highlighted", show=False),
        Binding("n", "new", show=False),
    ]

    def __init__(self, unfinished: list[Unfinished], *, unreadable: int = 0) -> None:
        super().__init__()
        self.unfinished = unfinished[:9]
        # Saved interviews the store could not read: named, never silently left out.
        self.unreadable = unreadable

    def screen_keys(self) -> list[tuple[str, str]]:
        return [
            ("Enter", _("Resume the highlighted one")),
            ("1-9", _("Resume")),
            ("N", _("New interview")),
        ]

    def compose(self) -> ComposeResult:
        rtl = self.ui_rtl()
        with VerticalScroll(id="resume", classes="dialog"):
            yield BidiText(_("Unfinished interviews"), classes="title", rtl=rtl)
            for number, item in enumerate(self.unfinished, start=1):
                yield ResumeRow(
                    resume_line(number, item, self.dalil.languages.ui), item.id, rtl=rtl
                )
            if self.unreadable:
                yield BidiText(
                    ngettext(
                        "{n} saved interview cannot be opened here: it is damaged or entries"
                        " are missing. 'dalil sessions list' says what happened to it.",
                        "{n} saved interviews cannot be opened here: they are damaged or"
                        " entries are missing. 'dalil sessions list' says what happened to each.",
                        self.unreadable,
                    ).format(n=self.unreadable),
                    classes="hint warning",
                    rtl=rtl,
                )
            yield BidiText(
                _("Enter resumes the highlighted interview; N starts a new one."),
                classes="hint",
                rtl=rtl,
            )
        yield self.key_bar()

    def on_mount(self) -> None:
        super().on_mount()
        rows = list(self.query(ResumeRow))
        if rows:
            rows[0].focus()  # the newest: Enter resumes it

    def action_move(self, step: int) -> None:
        rows = list(self.query(ResumeRow))
        if not rows:
            return
        index = rows.index(self.focused) if self.focused in rows else 0
        rows[(index + step) % len(rows)].focus()

    @on(ResumeRow.Chosen)
    def _clicked(self, event: ResumeRow.Chosen) -> None:
        self.dalil.resume(event.session_id)

    def action_resume_highlighted(self) -> None:
        if isinstance(self.focused, ResumeRow):
            self.dalil.resume(self.focused.session_id)
        elif not self.unfinished:  # only the notice about unreadable ones: Enter goes on
            self.dalil.new_interview()

    def action_resume(self, number: int) -> None:
        if 1 <= number <= len(self.unfinished):
            self.dalil.resume(self.unfinished[number - 1].id)

    def action_new(self) -> None:
        self.dalil.new_interview()


def resume_line(number: int, item: Unfinished, lang: str) -> str:
    """One unfinished interview, every part in the interface language and isolated, so that
    each reads in place whatever the direction around it (wizard review 6: in Arabic the
    count and the language's name changed places, and the offset read "00:00+")."""
    line = _("{n}. started {started} · {language} · {answers}").format(
        n=number,
        started=readable_time(item.started, lang),
        language=isolate(native_name(item.language)),
        answers=isolate(
            ngettext("{n} answer", "{n} answers", item.answered).format(n=item.answered)
        ),
    )
    if item.reference:
        line += " · " + _("case {reference}").format(reference=isolate(item.reference))
    return line


# The numbers of a formatted moment: a date, a time, a time zone's offset (+01:00).
_NUMBERS = re.compile(r"[+\-\u2212]?\d[\d/:.\-]*\d|\d")


def readable_time(stamp: str, lang: str) -> str:
    """'2026-11-28T10:00:00Z' -> '28/11/2026, 11:00 (GMT+01:00)': the journal's UTC moment
    in the laptop's time zone, through Babel with the registry's locale."""
    from guide.i18n.formatting import format_time, parse_time

    moment = parse_time(stamp)
    if moment is None:
        return ltr(stamp)
    text = format_time(moment, lang, seconds=False, marks=False)
    if not is_rtl(lang):
        return ltr(text)
    # In Arabic the words stay in the sentence ("غرينتش", the comma), and each number is
    # kept left to right on its own: the offset reads "+01:00", not "01:00+".
    return _NUMBERS.sub(lambda match: ltr(match.group()), text)
