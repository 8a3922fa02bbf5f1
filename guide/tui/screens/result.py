"""The result: the verdict in plain words, why, what is unknown, and what to do next."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.events import Click
from textual.message import Message

from guide.tui.result_text import ResultText
from guide.tui.screens.base import WizardScreen
from guide.tui.screens.exported import ExportedScreen
from guide.tui.session_link import SessionError, SessionLink
from guide.tui.text import _, ltr, ngettext
from guide.tui.widgets.bidi_text import BidiText

if TYPE_CHECKING:
    from guide.core.assessment import Assessment
    from guide.tui.interview_session import InterviewSession

# The longest the result screen waits for "what could change the result".
WHAT_IF_SECONDS = 1.0


class ElementRow(BidiText):
    """An element's summary; its number key or a click (`ElementRow.Clicked`) shows the
    indicators behind it."""

    @dataclass
    class Clicked(Message):
        row: ElementRow

        @property
        def control(self) -> ElementRow:
            return self.row

    def __init__(self, text: str, number: int, *, rtl: bool | None, present: bool) -> None:
        super().__init__(
            text,
            rtl=rtl,
            id=f"element-{number}",
            classes="element -present" if present else "element",
        )
        self.number = number

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(self.Clicked(self))


class ResultScreen(WizardScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"toggle_element({n})", show=False) for n in range(1, 10)),
        Binding("a", "toggle_all", show=False),
        Binding("u", "toggle_unknowns", show=False),
        Binding("e", "export", show=False),
        Binding("b", "back", show=False),
        Binding("v", "review", show=False),
        Binding("o", "notes", show=False),
        Binding("i", "case", show=False),
        Binding("f", "finish", show=False),
        Binding("l", "language", show=False),
    ]

    @dataclass
    class WhatIfFound(Message):
        """The search for what could change the result is done (posted from its thread)."""

        assessment: Assessment

    def __init__(self) -> None:
        super().__init__()
        from guide.report.result_view import build_result_view

        session = self.dalil.session
        assert session is not None  # the result is shown at the end of an interview
        self.session: InterviewSession = session
        # The verdict, its reasons and the steps are painted at once. What could change the
        # result (a search of the unknown answers, up to WHAT_IF_SECONDS after many "don't
        # know") comes in a thread and is added below when found; keys work meanwhile.
        self.assessment: Assessment = session.assessment()
        self.what_if_done = False
        # The search's own copy: the officer may go back and answer while it runs.
        self._searched = session.interview.copy()
        self._export_when_found = False
        # What the screen shows is the result view every front end renders.
        self.view = build_result_view(session.guide, self.assessment)
        self.words = ResultText(session.guide, self.dalil.texts, self.dalil.languages.ui)

    def screen_keys(self) -> list[tuple[str, str]]:
        return [
            ("1-9", _("Details")),
            ("E", _("Export")),
            ("F", _("Finish")),
            ("B", _("Back to the questions")),
            ("V", _("Review")),
            ("O", _("Notes")),
            ("I", _("Case details")),
            ("L", _("Language")),
        ]

    def severity(self) -> str:
        """The verdict bar's colour class. Danger always reads as danger: an urgent answer
        or an immediate step makes it red whatever the verdict; a verdict that assessed
        nothing is never green."""
        a = self.assessment
        level = a.verdict.verdict.level
        immediate = any(step.step.urgency == "immediate" for step in a.steps)
        if a.urgent or immediate or level == "high":
            return "-urgent" if (a.urgent or immediate) else "-high"
        if level in ("medium", "unknown"):
            return f"-{level}"
        return "-low"

    def compose(self) -> ComposeResult:
        a = self.view
        words = self.words
        rtl = self.ui_rtl()
        severity = self.severity()
        # What to do comes before why when the verdict is high or danger showed, and also
        # when a step is urgent under a lower verdict (an urgent step for images shared, for
        # a child's guardian, for an injury): it is not left below the elements (wizard
        # review 6). The bar's colour stays the verdict's.
        urgent_step = any(step.urgency in ("immediate", "urgent") for step in a.steps)
        act_now = severity in ("-urgent", "-high") or urgent_step
        with VerticalScroll(id="result"):
            yield from self.note_widgets()
            if a.urgent:
                yield BidiText(
                    _("An answer showed immediate danger: follow the first steps now."),
                    id="urgent-banner",
                    classes="urgent banner",
                    rtl=rtl,
                )
            yield BidiText(_("Result"), classes="label", rtl=rtl)
            yield BidiText(
                words.verdict_title(a), id="verdict", classes=f"verdict {severity}", rtl=rtl
            )
            yield BidiText(words.verdict_explanation(a), id="verdict-explanation", rtl=rtl)
            basis = words.verdict_basis(a)
            if basis:
                yield BidiText(basis, id="verdict-basis", classes="hint", rtl=rtl)
            if act_now:  # what to do comes before why
                yield from self._steps(rtl)
            terms = words.term_lines(a, with_basis=False)
            if terms:
                yield BidiText(_("The terms behind the result"), classes="section", rtl=rtl)
                yield BidiText("\n".join(terms), id="terms", classes="terms", rtl=rtl)
            yield BidiText(
                _("Elements (press the number for the reasons)"), classes="section", rtl=rtl
            )
            shown = sorted(a.elements, key=lambda e: not e.present)[:9]
            self.element_results = shown
            for number, result in enumerate(shown, start=1):
                yield ElementRow(
                    f"{number}  {words.element_summary(result)}",
                    number,
                    rtl=rtl,
                    present=result.present,
                )
                details = "\n".join(words.indicator_lines(result)) or _("No indicator raised.")
                yield BidiText(details, id=f"details-{number}", classes="details", rtl=rtl)
            if not act_now:
                yield from self._steps(rtl)
            with Vertical(id="what-if-part"):
                yield from self._what_if_part(rtl)
            yield BidiText(
                _("Dalil shows indicators; it does not decide that a person is a victim."),
                classes="hint",
                rtl=rtl,
            )
            yield BidiText("", id="export-line", classes="hint", rtl=rtl)
        yield self.key_bar()

    def _what_if_part(self, rtl: bool | None) -> ComposeResult:
        """What could change the result and the unknowns, the ones that matter first; while
        the search runs, a line that says so (when there is anything unknown)."""
        if not self.what_if_done:
            if self.view.unknowns:
                yield BidiText(_("What could change the result"), classes="section", rtl=rtl)
                yield BidiText(
                    _("Looking for the answers that would change the result…"),
                    id="what-if-searching",
                    classes="hint",
                    rtl=rtl,
                )
            return
        what_if = self.words.what_if_lines(self.view)
        if what_if:
            yield BidiText(_("What could change the result"), classes="section", rtl=rtl)
            yield BidiText("\n".join(what_if), id="what-if", classes="unknown", rtl=rtl)
        yield from self._unknowns(rtl, compact=bool(what_if))

    def on_mount(self) -> None:
        super().on_mount()
        # Once the verdict is painted: a thread started now would share the interpreter with
        # the first paint and slow it down.
        self.call_after_refresh(self._start_search)

    def _start_search(self) -> None:
        # Started by the app, with a weak reference to this screen only: Textual keeps a
        # finished worker (its node, its task and the context it was started in, where this
        # screen would be the active one) alive for a while, and quick exit must leave
        # nothing of the interview in memory.
        search = partial(_search_what_if, weakref.ref(self))
        self.app.call_later(
            self.app.run_worker,
            search,
            thread=True,
            exclusive=True,
            exit_on_error=False,
            name="what-if",
        )

    @on(WhatIfFound)
    async def _what_if_found(self, message: WhatIfFound) -> None:
        from guide.report.result_view import build_result_view

        self.assessment = message.assessment
        self.view = build_result_view(self.session.guide, self.assessment)
        self.what_if_done = True
        part = self.query_one("#what-if-part", Vertical)
        with self.app.batch_update():
            await part.remove_children()
            await part.mount_all(list(self._what_if_part(self.ui_rtl())))
        self.call_after_refresh(self.update_scroll_cue)
        if self._export_when_found:
            self._export_when_found = False
            self.action_export()

    def _steps(self, rtl: bool | None) -> ComposeResult:
        yield BidiText(_("What to do next"), classes="section", rtl=rtl)
        with Vertical(id="steps"):
            for number, step in enumerate(self.view.steps, start=1):
                lines = self.words.step_lines(number, step)
                if self.rtl:  # the arrow before a contact points into the Arabic text
                    lines = [line.replace(" → ", " ← ", 1) for line in lines]
                yield BidiText("\n".join(lines), classes=f"step -{step.urgency}", rtl=rtl)

    def _unknowns(self, rtl: bool | None, compact: bool) -> ComposeResult:
        """The unknowns that could change the verdict first; the others folded (U)."""
        unknowns = list(self.view.unknowns)
        if not unknowns:
            return
        matter = [u for u in unknowns if u.matters]
        rest = [u for u in unknowns if u not in matter]
        heading = _("Still unknown (the ones that matter first)") if matter else _("Still unknown")
        yield BidiText(heading, classes="section", rtl=rtl)
        for unknown in matter:
            yield BidiText(
                self.words.unknown_line(unknown, compact), classes="unknown -matters", rtl=rtl
            )
        if rest:
            yield BidiText(
                ngettext(
                    "U: show {count} other question without an answer",
                    "U: show {count} other questions without an answer",
                    len(rest),
                ).format(count=len(rest)),
                id="unknowns-fold",
                classes="hint",
                rtl=rtl,
            )
            yield BidiText(
                "\n".join(self.words.unknown_line(u, compact) for u in rest),
                id="unknowns-rest",
                classes="details unknown",
                rtl=rtl,
            )

    @on(ElementRow.Clicked)
    def _element_clicked(self, event: ElementRow.Clicked) -> None:
        self.action_toggle_element(event.row.number)

    def action_toggle_element(self, number: int) -> None:
        """Show or hide the indicators behind element `number` (not Textual's own
        `action_toggle`, which toggles an attribute by name)."""
        for details in self.query(f"#details-{number}"):
            details.toggle_class("-open")

    def action_toggle_all(self) -> None:
        for details in self.query(".details"):
            details.toggle_class("-open")

    def action_toggle_unknowns(self) -> None:
        for rest in self.query("#unknowns-rest"):
            rest.toggle_class("-open")

    def action_back(self) -> None:
        self.dalil.go_back()

    def action_review(self) -> None:
        self.dalil.open_review()

    def action_notes(self) -> None:
        self.dalil.open_notes(None)

    def action_case(self) -> None:
        self.dalil.open_case()

    def action_finish(self) -> None:
        self.dalil.finish_interview()

    def action_language(self) -> None:
        self.dalil.choose_language()

    def action_export(self) -> None:
        from guide.tui.export import export_report, reports_dir

        if not self.what_if_done:
            # The report says what could change the result too: written once that is known.
            self._export_when_found = True
            self.query_one("#export-line", BidiText).update(
                _(
                    "The report will be written once the search for what could change the "
                    "result is done…"
                )
            )
            return
        app = self.dalil
        session = self.session
        try:
            paths = export_report(
                app.options.reports_dir or reports_dir(),
                guide=session.guide,
                assessment=self.assessment,
                events=journal_events(app.link, session),
                session_id=app.link.session_id,
                person_lang=app.languages.person,
                ui_lang=app.languages.ui,
                finished=session.current() is None,
            )
        except OSError as exc:
            from guide.i18n.lazy import translated
            from guide.i18n.oserrors import os_reason

            message = _("The report could not be written: {error}").format(
                error=translated(os_reason(exc))
            )
            self.app.push_screen(ExportedScreen([], message))
        else:
            message = _("Report written to {path}").format(
                path=", ".join(ltr(str(path)) for path in paths)
            )
            self.app.push_screen(ExportedScreen([str(path) for path in paths]))
        self.query_one("#export-line", BidiText).update(message)


def _search_what_if(screen_ref: weakref.ReferenceType[ResultScreen]) -> None:
    """In a worker thread, on the screen's own copy of the interview (the core is pure); the
    result is posted to the screen if it is still there."""
    import time

    from guide.core.what_if import with_what_if

    screen = screen_ref()
    if screen is None:
        return
    interview, assessment = screen._searched, screen.assessment
    del screen
    # Bounded by the assessments it may make and, on a slow laptop, by the time too.
    try:
        found = with_what_if(
            interview, assessment, clock=time.monotonic, time_budget=WHAT_IF_SECONDS
        )
    except Exception:  # a fault in the search must not cost the officer the result
        found = assessment  # the unknowns, listed without what they would change
    screen = screen_ref()
    if screen is not None:
        screen.post_message(ResultScreen.WhatIfFound(found))


def journal_events(link: SessionLink, session: InterviewSession) -> list[dict[str, Any]]:
    """The journal as written (with times) when there is one, else the interview's events."""
    try:
        recorded = link.recorded_events()
    except SessionError:
        recorded = None
    return recorded if recorded is not None else session.journal_events()
