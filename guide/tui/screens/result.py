"""The result: the verdict in plain words, why, what is unknown, and what to do next."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.events import Click

from guide.tui.result_text import ResultText
from guide.tui.screens.base import WizardScreen
from guide.tui.session_link import SessionError
from guide.tui.text import _, ltr
from guide.tui.widgets.bidi_text import BidiText

# The longest the result screen waits for "what could change the result".
WHAT_IF_SECONDS = 1.0


class ElementRow(BidiText):
    """An element's summary; its number key or a click shows the indicators behind it."""

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
        self.screen.action_toggle(self.number)  # type: ignore[attr-defined]


class ResultScreen(WizardScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"toggle({n})", show=False) for n in range(1, 10)),
        Binding("a", "toggle_all", show=False),
        Binding("e", "export", show=False),
        Binding("b", "back", show=False),
        Binding("l", "language", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        import time

        from guide.what_if import with_what_if

        session = self.dalil.session
        assert session is not None
        # Bounded by the assessments it may make and, on a slow laptop, by the time too.
        self.assessment: Any = with_what_if(
            session.interview,
            session.assessment(),
            clock=time.monotonic,
            time_budget=WHAT_IF_SECONDS,
        )
        self.words = ResultText(self.dalil.guide, self.dalil.texts, self.dalil.languages.ui)

    def screen_keys(self) -> list[tuple[str, str]]:
        return [
            ("1-9", _("Details")),
            ("E", _("Export")),
            ("B", _("Back to the questions")),
            ("L", _("Language")),
        ]

    def compose(self) -> ComposeResult:
        a = self.assessment
        words = self.words
        rtl = self.ui_rtl()
        level = a.verdict.verdict.level
        with VerticalScroll(id="result"):
            yield from self.note_widgets()
            yield BidiText(_("Result"), classes="label", rtl=rtl)
            yield BidiText(
                words.verdict_title(a), id="verdict", classes=f"verdict -{level}", rtl=rtl
            )
            yield BidiText(words.verdict_explanation(a), id="verdict-explanation", rtl=rtl)
            basis = words.verdict_basis(a)
            if basis:
                yield BidiText(basis, id="verdict-basis", classes="hint", rtl=rtl)
            terms = words.term_lines(a, with_basis=False)
            if terms:
                yield BidiText(_("The terms behind the result"), classes="section", rtl=rtl)
                yield BidiText("\n".join(terms), id="terms", classes="terms", rtl=rtl)
            if a.urgent:
                yield BidiText(
                    _("An answer showed immediate danger: follow the first steps now."),
                    classes="urgent",
                    rtl=rtl,
                )
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
            yield BidiText(_("What to do next"), classes="section", rtl=rtl)
            with Vertical(id="steps"):
                for number, step in enumerate(a.steps, start=1):
                    yield BidiText(
                        "\n".join(words.step_lines(number, step)),
                        classes=f"step -{step.step.urgency}",
                        rtl=rtl,
                    )
            what_if = words.what_if_lines(a)
            if what_if:
                yield BidiText(_("What could change the result"), classes="section", rtl=rtl)
                yield BidiText("\n".join(what_if), id="what-if", classes="unknown", rtl=rtl)
            if a.unknowns:
                matter = any(u.rank is not None or u.could_change for u in a.unknowns)
                heading = (
                    _("Still unknown (the ones that matter first)")
                    if matter
                    else _("Still unknown")
                )
                yield BidiText(heading, classes="section", rtl=rtl)
                for line in words.unknown_lines(a, compact=bool(what_if)):
                    yield BidiText(line, classes="unknown", rtl=rtl)
            yield BidiText(
                _("Dalil shows indicators; it does not decide that a person is a victim."),
                classes="hint",
                rtl=rtl,
            )
            yield BidiText("", id="export-line", classes="hint", rtl=rtl)
        yield self.key_bar()

    def action_toggle(self, number: int) -> None:
        for details in self.query(f"#details-{number}"):
            details.toggle_class("-open")

    def action_toggle_all(self) -> None:
        for details in self.query(".details"):
            details.toggle_class("-open")

    def action_back(self) -> None:
        self.dalil.go_back()

    def action_language(self) -> None:
        self.dalil.choose_language()

    def action_export(self) -> None:
        from guide.tui.export import export_report, reports_dir
        from guide.tui.screens.exported import ExportedScreen

        app = self.dalil
        session = app.session
        assert session is not None
        try:
            paths = export_report(
                app.options.reports_dir or reports_dir(),
                guide=app.guide,
                assessment=self.assessment,
                events=journal_events(app),
                words=self.words,
                session_id=app.link.session_id,
                person_lang=app.languages.person,
                ui_lang=app.languages.ui,
                finished=session.current() is None,
            )
        except OSError as exc:
            message = _("The report could not be written: {error}").format(
                error=exc.strerror or exc
            )
            app.push_screen(ExportedScreen([], message))
        else:
            message = _("Report written to {path}").format(
                path=", ".join(ltr(str(path)) for path in paths)
            )
            app.push_screen(ExportedScreen([str(path) for path in paths]))
        self.query_one("#export-line", BidiText).update(message)


def journal_events(app: Any) -> list[dict[str, Any]]:
    """The journal as written (with times) when there is one, else the interview's events."""
    try:
        recorded = app.link.recorded_events()
    except SessionError:
        recorded = None
    return recorded if recorded is not None else app.session.journal_events()
