"""The Dalil screening wizard: a Textual app that renders interview state and sends intents.

The app holds no rule of the product: it asks the engine for the next question, writes every
event to the journal through SessionLink, and shows the assessment.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.theme import Theme

from guide.i18n.bidi import BidiMode
from guide.safe_text import guard_rich_and_textual
from guide.tui.guide_text import GuideText, Lookup
from guide.tui.languages import Languages
from guide.tui.options import WizardOptions
from guide.tui.screens.base import WizardScreen
from guide.tui.screens.start import StartScreen
from guide.tui.session_link import SessionError, SessionLink
from guide.tui.terminal import choose_bidi_mode
from guide.tui.text import _, set_language

if TYPE_CHECKING:
    from guide.tui.interview_session import InterviewSession

# Control characters from a guide or a catalog are painted as U+FFFD, never sent raw (i16).
guard_rich_and_textual()

HIGH_CONTRAST = Theme(
    name="dalil-high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFAA00",
    error="#FF5555",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    dark=True,
)


class DalilApp(App[None]):
    # Absolute, so that subclasses elsewhere (tests, benchmarks) find the stylesheet too.
    CSS_PATH = Path(__file__).with_name("dalil.tcss")
    TITLE = "Dalil"
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "hide", show=False, priority=True),
        Binding("f1,question_mark", "help", show=False),
        Binding("f2", "emergency", show=False),
        Binding("ctrl+q", "request_quit", show=False, priority=True),
    ]

    def __init__(
        self,
        options: WizardOptions | None = None,
        *,
        link: SessionLink | None = None,
        lookup: Lookup | None = None,
        environ: Mapping[str, str] | None = None,
        guide: Any = None,
    ) -> None:
        super().__init__()
        self.options = options or WizardOptions()
        self.link = link if link is not None else SessionLink(data_dir=self.options.data_dir)
        self.texts = GuideText(lookup)
        self._environ = environ
        self.bidi_mode: BidiMode = choose_bidi_mode(self.options.bidi, environ)
        ui = self.options.lang or "en"
        self.languages = Languages(ui=ui, person=self.options.person_lang or ui)
        set_language(ui)
        self.guide: Any = guide
        self.guide_error: str | None = None
        self.guide_load_seconds: float | None = None
        self.session: InterviewSession | None = None
        self.hidden = False

    # --- start ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.options.theme == "high-contrast":
            self.theme = HIGH_CONTRAST.name
        self.push_screen(StartScreen())
        if self.guide is None:
            # Loading and checking the YAML takes a while: never on the UI thread, and only
            # once the first screen is painted (the worker would compete for the GIL).
            self.call_after_refresh(self._start_loading)

    def on_unmount(self) -> None:
        # However the app ends, release the interview's journal (it holds a lock).
        self.link.close()

    def _start_loading(self) -> None:
        self.run_worker(self._load_guide, thread=True, exclusive=True, name="load-guide")

    def _load_guide(self) -> None:
        started = time.perf_counter()
        from guide.loader import load_guide
        from guide.paths import default_guide_dir

        path = self.options.guide_dir or default_guide_dir()
        try:
            result = load_guide(path, with_tests=False)  # scenarios are for trainers
        except Exception as exc:  # an unreadable folder must not kill the app
            self.call_from_thread(self._guide_failed, f"{path}: {exc}")
            return
        elapsed = time.perf_counter() - started
        if result.guide is None:
            errors = [d for d in result.diagnostics if d.severity == "error"] or result.diagnostics
            problems = [d.format() for d in errors[:5]]
            self.call_from_thread(self._guide_failed, "\n".join(problems) or str(path))
            return
        self.call_from_thread(self._guide_ready, result.guide, elapsed)

    def _guide_ready(self, guide: Any, seconds: float) -> None:
        self.guide = guide
        self.guide_load_seconds = seconds
        if isinstance(self.screen, StartScreen):
            self.screen.guide_loaded()

    def _guide_failed(self, message: str) -> None:
        self.guide_error = message
        if isinstance(self.screen, StartScreen):
            self.screen.guide_loaded()

    def begin(self) -> None:
        """Enter on the start screen: unlock the journal, offer to resume, or start."""
        if self.link.available:
            from guide.tui.screens.passphrase import PassphraseScreen

            screen = PassphraseScreen()
            self.switch_screen(screen)
            try:
                passphrase = self.link.passphrase_from_file(self.options.passphrase_file)
            except SessionError as exc:
                screen.call_after_refresh(screen.refused, str(exc))
                return
            if passphrase is not None:  # a passphrase file: no typing
                screen.call_after_refresh(screen.unlock_with, passphrase)
        else:
            # Nothing to save to: the question screens say so in their header.
            if self.link.problem:
                from guide.tui.screens.passphrase import session_error_text

                self.notify(
                    session_error_text(self.link.problem),
                    severity="error",
                    timeout=15,
                    markup=False,
                )
            self.new_interview()

    def after_unlock(self) -> None:
        if self.options.resume:  # `dalil sessions resume ID`: straight back into it
            self.resume(self.options.resume)
            if self.session is not None:
                return
        try:
            unfinished = self.link.unfinished()
        except SessionError:
            unfinished = []
        if unfinished:
            from guide.tui.screens.resume import ResumeScreen

            self.switch_screen(ResumeScreen(unfinished))
        else:
            self.new_interview()

    def new_interview(self) -> None:
        try:
            self.link.start(self.guide.id, self.guide.version, self.languages.person)
        except SessionError as exc:
            from guide.tui.screens.passphrase import session_error_text

            self.notify(session_error_text(str(exc)), severity="error", timeout=10, markup=False)
        from guide.tui.interview_session import InterviewSession

        self.session = InterviewSession(self.guide, self.link, self.languages)
        if self.languages.two_languages:
            self.session.set_languages(self.languages)
        self.show_current()

    def resume(self, session_id: str) -> None:
        try:
            events = self.link.resume(session_id)
        except SessionError as exc:
            from guide.tui.screens.passphrase import session_error_text

            self.notify(session_error_text(str(exc)), severity="error", timeout=10, markup=False)
            return
        from guide.tui.interview_session import InterviewSession

        self.session = InterviewSession.resumed(self.guide, self.link, self.languages, events)
        if self.session.languages != self.languages:
            self.languages = self.session.languages
            set_language(self.languages.ui)
        for problem in self.session.replay_problems:
            self.notify(problem, severity="warning", timeout=10, markup=False)
        self.show_current()

    # --- the interview flow ---------------------------------------------------------------

    def show_current(self) -> None:
        """Show whatever comes now: a module's introduction, a question, or the result."""
        session = self.session
        assert session is not None
        question = session.current()
        if question is None:
            from guide.tui.screens.result import ResultScreen

            session.result_shown()
            self.switch_screen(ResultScreen())
            return
        module = session.module(question)
        if module.intro and module.id not in session.intros_seen:
            from guide.tui.screens.intro import IntroScreen

            self.switch_screen(IntroScreen(module))
            return
        from guide.tui.screens.question import QuestionScreen

        self.switch_screen(QuestionScreen(question))

    def intro_done(self, module_id: str) -> None:
        assert self.session is not None
        self.session.intros_seen.add(module_id)
        self.show_current()

    def give_answer(self, value: Any) -> None:
        assert self.session is not None
        question = self.session.current()
        try:
            self.session.answer(value)
        except SessionError as exc:
            self._journal_failed(exc)
        except ValueError as exc:  # the engine refused the answer
            self.notify(str(exc), severity="error", markup=False)
            return
        self.show_current()
        self._show_note(question, value)
        if self.session.last_urgent:
            self.show_urgent()

    def _show_note(self, question: Any, value: Any) -> None:
        """An answer's note for the officer (e.g. "offer to stop for a moment")."""
        option = question.option(value) if question is not None and isinstance(value, str) else None
        if option is not None and option.note:
            note = self.texts.note(question, option, self.languages.ui)
            self.notify(note, title=_("Note for the officer"), timeout=12, markup=False)

    def skip_question(self) -> None:
        assert self.session is not None
        self._guarded(self.session.skip)
        self.show_current()

    def go_back(self) -> None:
        assert self.session is not None
        self._guarded(self.session.back)
        self.show_current()

    def go_forward(self) -> bool:
        assert self.session is not None
        moved = self._guarded(self.session.forward)
        if moved:
            self.show_current()
        return bool(moved)

    def _guarded(self, intent: Any) -> Any:
        try:
            return intent()
        except SessionError as exc:
            self._journal_failed(exc)
            return None

    def _journal_failed(self, exc: SessionError) -> None:
        from guide.tui.screens.passphrase import session_error_text

        self.notify(session_error_text(str(exc)), severity="error", timeout=15, markup=False)

    # --- languages and display ------------------------------------------------------------

    def change_languages(self, ui: str, person: str) -> None:
        self.languages = Languages(ui=ui, person=person)
        set_language(ui)
        if self.session is not None:
            self._guarded(lambda: self.session.set_languages(self.languages))
        self.refresh_screen()

    def choose_language(self) -> None:
        from guide.tui.screens.language import LanguageScreen

        def chosen(result: tuple[str, str] | None) -> None:
            if result is not None:
                self.change_languages(*result)

        self.push_screen(LanguageScreen(), chosen)

    def switch_bidi_mode(self) -> None:
        """App mode <-> terminal mode, from the start screen's Arabic check."""
        from guide.tui.terminal import IMPLICIT_BIDI_OFF, IMPLICIT_BIDI_ON, honours_bidi_mode_switch

        app_mode = self.bidi_mode is BidiMode.APP
        self.bidi_mode = BidiMode.TERMINAL if app_mode else BidiMode.APP
        if honours_bidi_mode_switch(self._environ) and self._driver is not None:
            # Let the terminal reorder again in terminal mode; stop it in app mode.
            self._driver.write(IMPLICIT_BIDI_ON if app_mode else IMPLICIT_BIDI_OFF)
        self.refresh_screen()

    def refresh_screen(self) -> None:
        """Paint the current screen again (new language or display mode); no answer is lost
        because screens keep no state of their own."""
        screen = self.screen
        if isinstance(screen, StartScreen):
            self.switch_screen(StartScreen())
        elif isinstance(screen, WizardScreen) and self.session is not None:
            self.show_current()

    # --- anywhere -------------------------------------------------------------------------

    def emergency_contact_lines(self) -> list[str]:
        if self.guide is None:
            return []
        lines = []
        for cid in self.guide.emergency_contacts:
            contact = self.guide.contacts.get(cid)
            if contact is not None:
                lines.append(self.texts.contact_line(contact, self.languages.ui))
        return lines

    def show_urgent(self) -> None:
        steps: list[str] = []
        assert self.session is not None
        assessment = self.session.assessment()
        for result in assessment.steps:
            if result.step.urgency == "immediate":
                steps.append(self.step_text(result))
        from guide.tui.screens.emergency import EmergencyScreen

        self.push_screen(EmergencyScreen(self.emergency_contact_lines(), steps, urgent=True))

    def step_text(self, result: Any) -> str:
        """A referral step with its contacts, one per line, in the interface language."""
        lang = self.languages.ui
        lines = [self.texts.step(result.step, lang)]
        lines += [
            _("→ {contact}").format(contact=self.texts.contact_line(c, lang))
            for c in result.contacts
        ]
        return "\n".join(lines)

    def action_help(self) -> None:
        from guide.tui.screens.help import HelpScreen

        if self.hidden or isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen())

    def action_emergency(self) -> None:
        from guide.tui.screens.emergency import EmergencyScreen

        if self.hidden or isinstance(self.screen, EmergencyScreen):
            return
        self.push_screen(EmergencyScreen(self.emergency_contact_lines()))

    def action_hide(self) -> None:
        from guide.tui.screens.cover import CoverScreen

        if self.hidden:
            return
        self.hidden = True

        def shown(_: object) -> None:
            self.hidden = False

        self.push_screen(CoverScreen(), shown)

    def action_request_quit(self) -> None:
        from guide.tui.screens.confirm_quit import ConfirmQuitScreen

        if self.hidden or isinstance(self.screen, ConfirmQuitScreen):
            return

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.link.close()
                self.exit()

        self.push_screen(ConfirmQuitScreen(), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Behind the cover nothing but F5 may react (the cover's own binding).
        return not (self.hidden and action != "uncover")


def run(options: WizardOptions) -> int:
    from guide.tui.terminal import explicit_bidi

    app = DalilApp(options)
    with explicit_bidi(app.bidi_mode):
        app.run()
    # Textual prints the traceback of a crash and sets return_code to 1: not a clean exit.
    return app.return_code or 0
