"""Every answer so far, grouped by part, to jump to any question and change it.

V opens it from a question (or the result). Up/Down (or PgUp/PgDn, Home/End) move the
highlight; Enter jumps to that question; once it is answered the wizard comes back here, with
the changed answer highlighted. U moves to the next answer that is still unknown; C (or V)
goes back to where the interview stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.events import Click
from textual.message import Message

from guide.tui.guide_text import answer_word
from guide.tui.screens.base import WizardScreen
from guide.tui.text import _, ngettext
from guide.tui.widgets.bidi_text import BidiText

if TYPE_CHECKING:
    from guide.core.model import Question
    from guide.tui.wizard import Answer

UNKNOWN_VALUES = frozenset({"dont_know", "declined", "skipped"})


class ReviewRow(BidiText):
    """One answered question: its text and the answer; focusable, Enter or a click
    (`ReviewRow.Chosen`) jumps to it."""

    can_focus = True

    @dataclass
    class Chosen(Message):
        row: ReviewRow
        question_id: str

        @property
        def control(self) -> ReviewRow:
            return self.row

    def __init__(self, text: str, question_id: str, *, unknown: bool, rtl: bool | None) -> None:
        super().__init__(text, rtl=rtl, classes="review-row -unknown" if unknown else "review-row")
        self.question_id = question_id
        self.unknown = unknown

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Chosen(self, self.question_id))


class ReviewScreen(WizardScreen):
    AUTO_FOCUS = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,tab", "move(1)", show=False, priority=True),
        Binding("up,shift+tab", "move(-1)", show=False, priority=True),
        # Before the list's own scrolling keys (priority): they move the highlight, and the
        # view with it, so Enter opens the question seen highlighted.
        Binding("pagedown", "page_rows(1)", show=False, priority=True),
        Binding("pageup", "page_rows(-1)", show=False, priority=True),
        Binding("home", "move(-100000)", show=False, priority=True),
        Binding("end", "move(100000)", show=False, priority=True),
        Binding("enter", "jump_focused", show=False),
        Binding("u", "next_unknown", show=False),
        Binding("c,v", "continue", show=False),
        Binding("o", "notes", show=False),
    ]

    def __init__(self, highlight: str | None = None) -> None:
        super().__init__()
        self.highlight = highlight

    def screen_keys(self) -> list[tuple[str, str]]:
        return [
            ("↑↓", _("Move")),
            ("Enter", _("Change this answer")),
            ("U", _("Next unknown")),
            ("C", _("Continue the interview")),
            ("O", _("Notes")),
        ]

    def compose(self) -> ComposeResult:
        app = self.dalil
        session = app.session
        assert session is not None  # reviewing answers happens during an interview
        texts = app.texts
        lang = app.languages.ui
        rtl = self.ui_rtl()
        path = session.interview.path()
        unknown = sum(1 for q in path if session.previous_value(q) in UNKNOWN_VALUES)
        with VerticalScroll(id="review"):
            yield BidiText(_("Review the answers"), classes="title", rtl=rtl)
            yield BidiText(
                ngettext("{n} answer", "{n} answers", len(path)).format(n=len(path))
                + " · "
                + ngettext("{n} still unknown", "{n} still unknown", unknown).format(n=unknown),
                classes="hint",
                rtl=rtl,
            )
            module_id = None
            for question in path:
                if question.module != module_id:
                    module_id = question.module
                    module = session.module(question)
                    yield BidiText(texts.module_title(module, lang), classes="section", rtl=rtl)
                value = session.previous_value(question)
                assert value is not None  # the path holds the questions answered
                mark = "?" if value in UNKNOWN_VALUES else "·"
                answer = self._answer_text(question, value)
                yield ReviewRow(
                    f"{mark} {texts.question(question, lang)} — {answer}",
                    question.id,
                    unknown=value in UNKNOWN_VALUES,
                    rtl=rtl,
                )
            if not path:
                yield BidiText(_("No answer yet."), rtl=rtl)
        yield self.key_bar()

    def _answer_text(self, question: Question, value: Answer) -> str:
        app = self.dalil
        if isinstance(value, str):
            if value == "dont_know" and question.kind == "observe":
                return _("Not sure")  # the officer's own observation, as its screen says
            if value in UNKNOWN_VALUES:
                return answer_word(value)
            option = question.option(value)
            if option is not None:
                return app.texts.option(question, option, app.languages.ui)
            return value
        unit = app.texts.unit(question, app.languages.ui)
        number = str(int(value)) if float(value).is_integer() else str(value)
        return f"{number} {unit}".strip()

    def on_mount(self) -> None:
        super().on_mount()
        rows = list(self.query(ReviewRow))
        if not rows:
            return
        target = next((r for r in rows if r.question_id == self.highlight), rows[-1])
        target.focus()
        self.call_after_refresh(self._show_row, rows.index(target), len(rows))

    def _show_row(self, index: int, count: int) -> None:
        """Scroll to the highlighted row; at the first or last, to the very top or end (so
        the key bar no longer says "More below" at the end)."""
        scroller = self.query_one("#review", VerticalScroll)
        if index == count - 1:
            scroller.scroll_end(animate=False)
        elif index == 0:
            scroller.scroll_home(animate=False)
        else:
            self._rows()[index].scroll_visible(animate=False)

    def action_notes(self) -> None:
        """O: a note on the highlighted question (an earlier one, reached from here), and
        the observations on the whole interview."""
        session = self.dalil.session
        qid = self.focused_question()
        question = session.guide.question(qid) if session is not None and qid else None
        self.dalil.open_notes(question)

    def focused_question(self) -> str | None:
        return self.focused.question_id if isinstance(self.focused, ReviewRow) else None

    def _rows(self) -> list[ReviewRow]:
        return list(self.query(ReviewRow))

    def action_move(self, step: int) -> None:
        rows = self._rows()
        if not rows:
            return
        focused = self.focused
        index = rows.index(focused) if isinstance(focused, ReviewRow) else len(rows) - 1
        index = max(0, min(len(rows) - 1, index + step))
        rows[index].focus()
        self._show_row(index, len(rows))

    def action_page_rows(self, direction: int) -> None:
        """PgDn/PgUp: the highlight moves by the rows one view holds (at least one)."""
        scroller = self.query_one("#review", VerticalScroll)
        view = scroller.region
        shown = sum(1 for row in self._rows() if view.contains_region(row.region))
        self.action_move(direction * max(1, shown - 1))

    def action_next_unknown(self) -> None:
        rows = self._rows()
        focused = self.focused
        start = rows.index(focused) + 1 if isinstance(focused, ReviewRow) else 0
        for row in rows[start:] + rows[:start]:
            if row.unknown:
                row.focus()
                row.scroll_visible(animate=False)
                return
        self.say(_("No answer is still unknown."))

    def action_jump_focused(self) -> None:
        if isinstance(self.focused, ReviewRow):
            self.jump(self.focused.question_id)

    @on(ReviewRow.Chosen)
    def _clicked(self, event: ReviewRow.Chosen) -> None:
        self.jump(event.question_id)

    def jump(self, question_id: str) -> None:
        self.dalil.jump_to(question_id)

    def action_continue(self) -> None:
        self.dalil.continue_interview()
