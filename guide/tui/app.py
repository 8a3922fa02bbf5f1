"""The Dalil screening wizard: a Textual app that renders interview state and sends intents.

The app holds no rule of the product: it asks the engine for the next question, writes every
event to the journal through SessionLink, and shows the assessment.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events, on
from textual._time import get_time
from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.theme import Theme

from guide.i18n.bidi import BidiMode, display_line, visual_lines
from guide.i18n.languages import is_rtl
from guide.i18n.lazy import translated
from guide.safe_text import guard_rich_and_textual
from guide.tui import screens
from guide.tui.guide_text import GuideText, Lookup
from guide.tui.keys import (
    ALEF,
    KEYBOARDS,
    LAM,
    LAM_ALEF_KEY,
    is_azerty_evidence,
    is_printable_key,
    normalise_key,
)
from guide.tui.languages import Languages
from guide.tui.options import WizardOptions
from guide.tui.session_link import SessionError, SessionLink, session_error_text
from guide.tui.terminal import choose_bidi_mode
from guide.tui.text import _, current_language, set_language

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.timer import Timer

    from guide.core.assessment import StepResult
    from guide.core.model import Guide, Question
    from guide.tui.interview_session import InterviewSession
    from guide.tui.screens.question import QuestionScreen
    from guide.tui.wizard import Answer, Wizard

T = TypeVar("T")

# A neutral window title, set at start and again on quick exit (the shell may have put
# "dalil --lang ar" there), and the sequence that clears the terminal's scrollback.
NEUTRAL_TITLE = "Terminal"
SET_TITLE = "\x1b]2;{title}\x07"
CLEAR_SCROLLBACK = "\x1b[3J"
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


class JournalRefused(Message):
    """The journal's writer thread could not write an intent's events (disk full, drive
    removed): the interview goes back to before that intent (DalilApp.check_saved)."""


class DalilApp(App[None]):
    # Absolute, so that subclasses elsewhere (tests, benchmarks) find the stylesheet too.
    CSS_PATH = Path(__file__).with_name("dalil.tcss")
    TITLE = "Dalil"
    ENABLE_COMMAND_PALETTE = False
    # The same answer key again within this time is a bounce of the key, not a new answer.
    BOUNCE_SECONDS = 0.1
    # The Arabic layout's B key sends ل then ا at once; a lone ل (the G key) waits this long.
    LAM_ALEF_SECONDS = 0.04
    # Garbage is collected while the officer reads: this long after the last key press.
    IDLE_GC_SECONDS = 0.25

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
        guide: Guide | None = None,
    ) -> None:
        super().__init__()
        self.options = options or WizardOptions()
        self.link = link if link is not None else SessionLink(data_dir=self.options.data_dir)
        # Posted from the writer thread (it must not wait for this one).
        self.link.on_refused = lambda: self.post_message(JournalRefused())
        self.texts = GuideText(lookup)
        self._environ = environ
        # "azerty", "qwerty" or "auto" (learnt from the keys: see guide.tui.keys).
        keyboard = (environ if environ is not None else os.environ).get("DALIL_KEYBOARD", "")
        self.keyboard = keyboard.lower() if keyboard.lower() in KEYBOARDS else "auto"
        self.bidi_mode: BidiMode = choose_bidi_mode(self.options.bidi, environ)
        ui = self.options.lang or "en"
        self.languages = Languages(ui=ui, person=self.options.person_lang or ui)
        set_language(ui)
        self.guide: Guide | None = guide
        self.guide_error: str | None = None
        self.guide_load_seconds: float | None = None
        self.session: InterviewSession | None = None
        self.hidden = False
        # What the officer must read after the last answer ("Do not go on until..."): shown
        # on the next screen, in the guidance pane, until the next intent.
        self.officer_note: str | None = None
        # Quick exit locked the journal: the interview to reopen once it is unlocked again.
        self.return_to: str | None = None
        self._last_answer: tuple[str, float] = ("", 0.0)
        self._held_lam: Timer | None = None
        self._gc_timer: Timer | None = None
        # Set when the officer jumped to a question from the review screen: once it is
        # answered, the review screen comes back with that answer highlighted.
        self.review_return: str | None = None
        # The question screen of the interview (see _show_question) and the ones to remove.
        self._question_screen: QuestionScreen | None = None
        self._dropped_screens: list[Any] = []
        # Quick exit came while an answer was refused by the disk: said when it reopens.
        self._unsaved_on_return: str | None = None
        # An answer was refused while a dialog was open: its question, once it is closed.
        self._reshow_after_dialog: str | None = None
        # Quick exit came over dialogs the officer must not lose (the urgent steps, a note or
        # case details being typed): they open again once the interview is back (F5).
        # (opens without an interview, how to open it again): see _dialogs_to_reopen.
        self._reopen_after_hide: list[tuple[bool, Callable[[], None]]] = []
        # The last answer's note for the officer, shown again with the interview after F5.
        self._note_after_hide: str | None = None
        # The introductions passed, so that F5 returns to a part's first question, not to
        # its introduction again (module ids only: nothing of the interview).
        self._intros_after_hide: set[str] = set()
        # Keys pressed before this time (Textual's clock) are dropped: see _behind_cover.
        self._keys_valid_from = 0.0

    # --- start ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._neutral_title()
        self.register_theme(HIGH_CONTRAST)
        if self.options.theme == "high-contrast":
            self.theme = HIGH_CONTRAST.name
        self.push_screen(screens.StartScreen())
        if self.guide is None:
            # Loading and checking the YAML takes a while: never on the UI thread, and only
            # once the first screen is painted (the worker would compete for the GIL).
            self.call_after_refresh(self._start_loading)

    def _neutral_title(self) -> None:
        if self._driver is not None and not self.is_headless:
            self._driver.write(SET_TITLE.format(title=NEUTRAL_TITLE))

    def tell(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        """A toast (an error, a warning) through the display path every other text takes:
        wrapped, shaped and ordered for Arabic, right-aligned in an Arabic interface, never
        read as markup. Quick exit clears them all."""
        width = max(10, min(60, self.size.width // 2) - 4)
        rtl = True if is_rtl(current_language()) else None
        lines = visual_lines(message, width, self.bidi_mode, rtl)
        painted = "\n".join(
            " " * max(0, width - line.cells) + line.text if line.rtl else line.text
            for line in lines
        )
        self.notify(
            painted,
            title=display_line(title, self.bidi_mode),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    # --- keys -----------------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.Paste)) and self._behind_cover(event):
            return
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and not _types_text(self.focused)
        ):
            key = self._wizard_key(event)
            if key is None:
                return
            if key != event.key:
                pressed_at = event.time
                event = events.Key(key, event.character)
                event.time = pressed_at  # (when it was pressed: see _behind_cover)
            if self._unbound(key) and is_printable_key(key, event.character):
                self._say_key_does_nothing(event.character or key)
        await super().on_event(event)

    def _behind_cover(self, event: events.Key | events.Paste) -> bool:
        """Is this key press (or paste) one to drop because of quick exit? Behind the cover
        only F5 counts. And a key pressed before Esc or on the cover never acts afterwards.

        Textual handles a key in two rounds: the app's priority bindings (Esc, F5) when the
        key arrives, then the screen's and the app's other bindings (F1, answers...) once
        the screen has passed the key back up, which can come after keys that arrived later.
        On a busy computer an F1 pressed on the cover came back up after F5 had already
        unlocked, and opened the help over the passphrase (check_action had let it through
        because the cover was gone by then). So keys are judged here, on arrival and on their
        way back up, by whether the cover is up and by when they were pressed."""
        if self.hidden:
            if isinstance(event, events.Key) and event.key == "f5" and not event.is_forwarded:
                self._keys_valid_from = event.time  # what was typed before F5 stays dropped
                return False
            return True
        return event.time < self._keys_valid_from

    def _wizard_key(self, event: events.Key) -> str | None:
        """The wizard key for a key press (Caps Lock, AZERTY, Arabic layout), or None when
        the press is to be ignored (a bounce, or the first half of the Arabic B key)."""
        if event.key == LAM:
            self._hold_lam()
            return None
        if event.key == ALEF and self._held_lam is not None:
            self._held_lam.stop()
            self._held_lam = None
            return LAM_ALEF_KEY
        if self._held_lam is not None:  # something else came: the ل was the G key
            self._release_lam()
        if self.keyboard == "auto" and is_azerty_evidence(event.key):
            self.keyboard = "azerty"
        return normalise_key(event.key, lambda key: not self._unbound(key), self.keyboard)

    def _hold_lam(self) -> None:
        if self._held_lam is not None:
            self._release_lam()
        self._held_lam = self.set_timer(self.LAM_ALEF_SECONDS, self._release_lam)

    def _release_lam(self) -> None:
        timer, self._held_lam = self._held_lam, None
        if timer is not None:
            timer.stop()
            self.post_message(events.Key("g", "g"))

    def _unbound(self, key: str) -> bool:
        """No binding of the current screen (or the app) takes this key."""
        for _namespace, bindings in self.screen._modal_binding_chain:
            if key in bindings.key_to_bindings:
                return False
        return True

    def _say_key_does_nothing(self, character: str) -> None:
        if self.hidden:
            return
        if isinstance(self.screen, screens.WizardScreen):
            self.screen.say(
                _("The key {key} does nothing here. F1 shows the keys.").format(key=character)
            )

    def is_bounce(self, key: str) -> bool:
        """The same answer key again right after it answered: a bouncing key, ignored."""
        last_key, last_time = self._last_answer
        return key == last_key and time.monotonic() - last_time < self.BOUNCE_SECONDS

    def answered_with(self, key: str) -> None:
        self._last_answer = (key, time.monotonic())

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

    def _guide_ready(self, guide: Guide, seconds: float) -> None:
        self.guide = guide
        self.guide_load_seconds = seconds
        if isinstance(self.screen, screens.StartScreen):
            self.screen.guide_loaded()
        if self.options.tune_gc:
            self.call_after_refresh(self.tune_gc)

    def _guide_failed(self, message: str) -> None:
        self.guide_error = message
        if isinstance(self.screen, screens.StartScreen):
            self.screen.guide_loaded()

    def begin(self) -> None:
        """Enter on the start screen: unlock the journal, offer to resume, or start."""
        if self.link.available:
            self.ask_passphrase()
        else:
            # Nothing to save to: the question screens say so in their header.
            if self.link.problem:
                self.tell(session_error_text(self.link.problem), severity="error", timeout=15)
            self.new_interview()

    def ask_passphrase(self) -> None:
        screen = screens.PassphraseScreen()
        self.switch_screen(screen)
        if self.return_to:
            # Back from quick exit: the passphrase is typed, never read from the file, or
            # anyone at the laptop would get the interview back with F5 (wizard review 6).
            return
        try:
            passphrase = self.link.passphrase_from_file(self.options.passphrase_file)
        except SessionError as exc:
            screen.call_after_refresh(screen.refused, str(exc))
            return
        if passphrase is not None:  # a passphrase file: no typing
            screen.call_after_refresh(screen.unlock_with, passphrase)

    def after_unlock(self) -> None:
        if self.return_to:  # back from quick exit: the same interview, the same question
            session_id, self.return_to = self.return_to, None
            self.officer_note, self._note_after_hide = self._note_after_hide, None
            intros, self._intros_after_hide = self._intros_after_hide, set()
            self.resume(session_id, intros_seen=intros)
            unsaved, self._unsaved_on_return = self._unsaved_on_return, None
            if self.session is not None:
                if unsaved:  # the interview resumed from the disk: that answer is not there
                    self.tell(unsaved, severity="error", timeout=15)
                self._reopen_dialogs()
                return
            self._reopen_after_hide = []
        if self.options.resume:  # `dalil sessions resume ID`: straight back into it
            self.resume(self.options.resume)
            if self.session is not None:
                return
        try:
            unfinished = self.link.unfinished()
        except SessionError:
            unfinished = []
        if unfinished or self.link.unreadable:
            self.switch_screen(screens.ResumeScreen(unfinished, unreadable=self.link.unreadable))
        else:
            self.new_interview()

    def new_interview(self) -> None:
        guide = self.guide
        assert guide is not None  # Enter starts an interview only once the guide is loaded
        try:
            self.link.start(guide.id, guide.version, self.languages.person)
        except SessionError as exc:
            self.tell(session_error_text(str(exc)), severity="error", timeout=10)
        from guide.tui.interview_session import InterviewSession

        self.session = InterviewSession(guide, self.link, self.languages)
        if self.languages.two_languages:
            self.session.set_languages(self.languages)
        self.show_current()

    def resume(self, session_id: str, intros_seen: set[str] | None = None) -> None:
        """Open a saved interview where it stands. `intros_seen`: the parts whose
        introduction the officer already passed (after quick exit: the journal knows only
        the parts with an answer, so a part's first question would show its introduction
        again)."""
        guide = self.guide
        assert guide is not None  # resuming comes after the start screen, once it is loaded
        try:
            events = self.link.resume(session_id)
        except SessionError as exc:
            self.tell(session_error_text(str(exc)), severity="error", timeout=10)
            return
        from guide.i18n.languages import languages as known_languages
        from guide.tui.interview_session import InterviewSession

        # The person's language is the interview's, from its journal, whatever language this
        # wizard was started in (the officer keeps theirs: two-language mode if they differ).
        languages = self.languages
        person = self.link.resumed_person_language
        if person and person in {language.code for language in known_languages()}:
            languages = Languages(ui=languages.ui, person=person)
        self.session = InterviewSession.resumed(guide, self.link, languages, events)
        self.session.intros_seen.update(intros_seen or ())
        if self.session.languages != self.languages:
            self.languages = self.session.languages
            set_language(self.languages.ui)
        for problem in self.session.replay_problems:
            self.tell(problem, severity="warning", timeout=10)
        self.show_current()

    # --- the interview flow ---------------------------------------------------------------

    def show_current(self, rebuild: bool = False) -> None:
        """Show whatever comes now: a module's introduction, a question, or the result.
        A question after a question is shown on the same screen unless `rebuild` (a new
        language or display mode changes the whole layout)."""
        session = self.session
        assert session is not None
        if rebuild:
            self.drop_question_screen()
        question = session.current()
        if question is None:
            session.result_shown()
            self.switch_screen(screens.ResultScreen())
            return
        module = session.module(question)
        if module.intro and module.id not in session.intros_seen:
            self.switch_screen(screens.IntroScreen(module))
            return
        self._show_question(question)
        self.collect_when_idle()

    # --- the one question screen --------------------------------------------------------------

    def _show_question(self, question: Question) -> None:
        """One question screen serves the whole interview: after an answer it is updated in
        place, and after an introduction, the review or the result it is shown again with
        the new question (kept installed meanwhile), so no key press builds a screen. A new
        one is built only for a new language or display mode (`rebuild`)."""
        screen = self._question_screen
        if screen is not None:
            screen.load(question)  # texts replaced before it shows: one paint
            if self.screen is not screen:
                self.switch_screen(screen)
            return
        screen = self._question_screen = screens.QuestionScreen(question)
        self.install_screen(screen, name=f"question-{id(screen)}")
        self.switch_screen(screen)

    def drop_question_screen(self) -> None:
        """Forget the question screen (new layout, interview closed or locked): it is removed
        once it is off the screen stack."""
        screen, self._question_screen = self._question_screen, None
        if screen is not None:
            self._dropped_screens.append(screen)
            self.call_after_refresh(self._remove_dropped_screens)

    def _remove_dropped_screens(self) -> None:
        for screen in list(self._dropped_screens):
            if screen in self.screen_stack:
                self.call_after_refresh(self._remove_dropped_screens)  # still shown: later
                continue
            self._dropped_screens.remove(screen)
            self.uninstall_screen(screen)
            screen.remove()

    # --- garbage collection off the key path ------------------------------------------------

    def tune_gc(self) -> None:
        """Once start-up is done: everything alive now (Textual, the guide, the catalogs) is
        moved out of the collector's sight, and automatic collection stops, so a full
        collection never lands between a key press and its paint. Collection happens while
        the officer reads instead (collect_when_idle)."""
        gc.collect()
        gc.freeze()
        gc.disable()

    def collect_when_idle(self) -> None:
        if gc.isenabled():
            return  # not tuned (tests, or before start-up is done)
        if self._gc_timer is not None:
            self._gc_timer.stop()
        self._gc_timer = self.set_timer(self.IDLE_GC_SECONDS, self._idle_collect)

    def _idle_collect(self) -> None:
        self._gc_timer = None
        gc.collect()

    # --- answers written while the next question is painted ---------------------------------

    @on(JournalRefused)
    def _journal_refused(self) -> None:
        self.check_saved()

    def check_saved(self, wait: bool = True) -> bool:
        """Wait for the intents being written; True when all are on disk. When the journal
        refused one, the interview is back where it stood before it (InterviewSession.saved):
        that question is shown again, with the store's reason, and the same key retries.
        Every intent that writes, reads or closes the journal asks this first; an answer,
        skip, back or forward does not wait (`wait` False): it is written after the ones
        pending, and undone with them if one of those is refused."""
        session = self.session
        if session is None:
            return True
        refused = session.saved(wait)
        if refused is None:
            return True
        error, answer = refused
        self.officer_note = None
        self.review_return = None
        text = self._not_saved_text(error, answer=answer)
        if isinstance(self.screen, ModalScreen):
            # A dialog over it (the emergency steps an answer raised) stays open; the
            # question comes back, with the reason, as soon as it is closed.
            self._reshow_after_dialog = text
            return False
        self._back_to_unsaved(text)
        return False

    def _dialog_closed(self, _result: object = None) -> None:
        """After the emergency steps or the help: the question an answer refused by the disk
        took the interview back to, if that happened while the dialog was open."""
        text, self._reshow_after_dialog = self._reshow_after_dialog, None
        if text is None or self.session is None or self.hidden:
            return
        if isinstance(self.screen, ModalScreen):  # another dialog beneath: after that one
            self._reshow_after_dialog = text
            return
        self._back_to_unsaved(text)

    def _back_to_unsaved(self, text: str) -> None:
        """Show the question the interview went back to, with why (`text`)."""
        self.show_current()
        if isinstance(self.screen, screens.QuestionScreen):
            self.screen.show_message(text)
        else:
            self.tell(text, severity="error", timeout=15)

    def intro_done(self, module_id: str) -> None:
        assert self.session is not None
        if not self.check_saved(wait=False):
            return
        self.session.intros_seen.add(module_id)
        self.show_current()

    def give_answer(self, value: Answer) -> None:
        assert self.session is not None
        if not self.check_saved(wait=False):
            return  # the answer before was not saved: its question is shown again
        question = self.session.current()
        try:
            self.session.answer(value)
        except SessionError as exc:
            # Not on disk, so not given: the same question stays, and says so. An answer
            # showing danger still brings the emergency steps up.
            self._not_saved(exc, answer=True)
            if self.session.last_urgent:
                self.show_urgent(self.session.unsaved)
            return
        except ValueError as exc:  # the engine refused the answer
            self.tell(str(exc), severity="error")
            return
        self.officer_note = self._note_for(question, value)
        if self._back_to_review(question):
            pass
        else:
            self.show_current()
        if self.session.last_urgent:
            self.show_urgent()

    def _not_saved(self, exc: SessionError, *, answer: bool = False) -> None:
        """The journal refused an intent (disk full, drive removed): the interview has not
        moved. Say so where the officer looks, in the question's message line, truthfully:
        nothing was recorded, and the same key again retries."""
        text = self._not_saved_text(exc, answer=answer)
        if isinstance(self.screen, screens.QuestionScreen):
            self.screen.show_message(text)
        else:
            self.tell(text, severity="error", timeout=15)

    def _not_saved_text(self, exc: SessionError, *, answer: bool = False) -> str:
        reason = getattr(exc.__cause__, "reason", None)
        if reason is None:  # not the disk: the store's own words
            text = session_error_text(str(exc))
        elif answer:
            text = _(
                "This answer was not saved ({reason}), so it is not recorded: the question "
                "stays. Free some disk space or check the drive, then answer again."
            ).format(reason=translated(reason))
        else:
            text = _(
                "Not saved ({reason}): the interview stays on this question. Free some disk "
                "space or check the drive, then try again."
            ).format(reason=translated(reason))
        return text

    def _back_to_review(self, question: Question | None) -> bool:
        """After a jump from the review screen, the answer given takes the officer back there."""
        target, self.review_return = self.review_return, None
        if target is None or question is None or question.id != target:
            return False
        self.open_review(target)
        return True

    def _note_for(self, question: Question | None, value: Answer) -> str | None:
        """An answer's note for the officer (e.g. "offer to stop for a moment"): it goes on
        the next screen, where the officer looks, never in a toast over the numbers."""
        option = question.option(value) if question is not None and isinstance(value, str) else None
        if option is not None and option.note:
            return self.texts.note(question, option, self.languages.ui)
        return None

    def skip_question(self) -> None:
        assert self.session is not None
        question = self.session.current()
        if not self._moved(self.session.skip):
            return
        self.officer_note = None
        if not self._back_to_review(question):
            self.show_current()

    def go_back(self) -> None:
        assert self.session is not None
        if not self._moved(self.session.back):
            return
        self.officer_note = None
        self.review_return = None
        self.show_current()

    def _moved(self, intent: Callable[[], object]) -> bool:
        """Run a navigation intent; False (and said) when the journal refused it."""
        if not self.check_saved(wait=False):
            return False
        try:
            intent()
        except SessionError as exc:
            self._not_saved(exc)
            return False
        return True

    def go_forward(self) -> bool:
        assert self.session is not None
        if not self.check_saved(wait=False):
            return True  # (not "answer first": the question shown again says why)
        try:
            moved = self.session.forward()
        except SessionError as exc:
            self._not_saved(exc)
            return True  # (not "answer first": the message says why it did not move)
        if moved:
            self.officer_note = None
            self.review_return = None
            self.show_current()
        return bool(moved)

    # --- review, notes, case details ----------------------------------------------------------

    def open_review(self, highlight: str | None = None) -> None:
        assert self.session is not None
        if not self.check_saved():
            return
        self.switch_screen(screens.ReviewScreen(highlight))

    def jump_to(self, question_id: str) -> None:
        """From the review screen: to that question, to change its answer."""
        session = self.session
        assert session is not None
        if not self.check_saved():
            return
        self.officer_note = None
        if self._guarded(partial(session.jump_to, question_id)):
            self.review_return = question_id
        self.show_current()

    def continue_interview(self) -> None:
        """From the review screen: back to where the interview stands."""
        assert self.session is not None
        if not self.check_saved():
            return
        self.review_return = None
        self._guarded(self.session.to_frontier)
        self.show_current()

    def open_notes(
        self,
        question: Question | None,
        typed: dict[str, Any] | None = None,
        problem: str = "",
    ) -> None:
        """O: the note form. `typed` and `problem`: the form again, with what the officer
        typed, when the journal refused to save it."""
        session = self.session
        assert session is not None
        if typed is None and not self.check_saved():
            return
        text = self.texts.question(question, self.languages.ui) if question is not None else ""
        note = session.note_for(question.id) if question is not None else ""
        observations = session.note_for(None)
        if typed is not None:
            note, observations = typed.get("note") or "", typed["observations"]

        def saved(result: dict[str, Any] | None) -> None:
            if result is None or self.session is None:
                return
            try:
                if question is not None and result.get("note") is not None:
                    self.session.set_note(question.id, result["note"])
                self.session.set_note(None, result["observations"])
            except SessionError as exc:
                self.open_notes(question, result, self._form_not_saved(exc))
                return
            if self.screen is self._question_screen:
                self.show_current()  # the note line, updated in place
            else:
                self.refresh_screen()

        screen = screens.NoteScreen(question, text, note, observations, problem=problem)
        self.push_screen(screen, saved)

    def open_case(self, typed: dict[str, str] | None = None, problem: str = "") -> None:
        session = self.session
        assert session is not None
        if typed is None and not self.check_saved():
            return

        def saved(result: dict[str, str] | None) -> None:
            if result is None or self.session is None:
                return
            try:
                self.session.set_case(result)
            except SessionError as exc:
                self.open_case(result, self._form_not_saved(exc))

        self.push_screen(screens.CaseScreen(typed or dict(session.case), problem=problem), saved)

    def _form_not_saved(self, exc: SessionError) -> str:
        reason = getattr(exc.__cause__, "reason", None)
        if reason is None:
            return session_error_text(str(exc))
        return _(
            "Not saved ({reason}). What you typed is still here: free some disk space or "
            "check the drive, then save again."
        ).format(reason=translated(reason))

    def finish_interview(self) -> None:
        """F on the result screen: the officer closes the interview for good (not when the
        journal refused to record it: then the result stays, and says so)."""
        assert self.session is not None
        if not self.check_saved():
            return  # an answer was not saved after all: its question is shown again
        try:
            self.session.finish()
        except SessionError as exc:
            self._journal_failed(exc)
            return
        self.link.close()
        self.session = None
        self.officer_note = None
        self.drop_question_screen()
        self.switch_screen(screens.StartScreen())

    def _guarded(self, intent: Callable[[], T]) -> T | None:
        try:
            return intent()
        except SessionError as exc:
            self._journal_failed(exc)
            return None

    def _journal_failed(self, exc: SessionError) -> None:
        self.tell(session_error_text(str(exc)), severity="error", timeout=15)

    # --- languages and display ------------------------------------------------------------

    def change_languages(self, ui: str, person: str) -> None:
        self.languages = Languages(ui=ui, person=person)
        set_language(ui)
        if self.session is not None:
            self._guarded(partial(self.session.set_languages, self.languages))
        self.refresh_screen()

    def choose_language(self) -> None:
        if not self.check_saved():
            return

        def chosen(result: tuple[str, str] | None) -> None:
            if result is not None:
                self.change_languages(*result)

        self.push_screen(screens.LanguageScreen(), chosen)

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
        self.drop_question_screen()  # its texts and layout are the old ones
        screen = self.screen
        if isinstance(screen, screens.StartScreen):
            self.switch_screen(screens.StartScreen())
        elif isinstance(screen, screens.ReviewScreen) and self.session is not None:
            self.open_review(screen.focused_question())
        elif isinstance(screen, screens.WizardScreen) and self.session is not None:
            self.show_current(rebuild=True)

    # --- anywhere -------------------------------------------------------------------------

    def emergency_contacts(self, extra: Sequence[Any] = ()) -> tuple[list[str], list[str]]:
        """The guide's emergency contacts as short lines (every one with its verification),
        and their notes ("name: note"), with those of `extra` contacts (an urgent step's)."""
        if self.guide is None:
            return [], []
        lang = self.languages.ui
        lines, details, seen = [], [], set()
        contacts = [self.guide.contacts.get(cid) for cid in self.guide.emergency_contacts]
        for index, contact in enumerate([*contacts, *extra]):
            if contact is None or contact.id in seen:
                continue
            seen.add(contact.id)
            line, detail = self.texts.contact_short(contact, lang)
            if index < len(contacts):
                lines.append(line)
            if detail:
                details.append(detail)
        return lines, details

    def show_urgent(self, interview: Any = None) -> None:
        """The emergency steps of the danger an answer showed (`interview`: as that answer
        made it, when it could not be saved)."""
        steps: list[str] = []
        step_contacts: list[Any] = []
        assert self.session is not None
        assessment = self.session.assessment(interview)
        for result in assessment.steps:
            if result.step.urgency == "immediate":
                steps.append(self.step_text(result))
                step_contacts += result.contacts
        contacts, details = self.emergency_contacts(step_contacts)
        self._push_urgent(contacts, steps, self.officer_note, details)

    def _push_urgent(
        self, contacts: list[str], steps: list[str], note: str | None, details: list[str]
    ) -> None:
        self.push_screen(
            screens.EmergencyScreen(contacts, steps, urgent=True, note=note, details=details),
            self._dialog_closed,
        )

    def step_text(self, result: StepResult) -> str:
        """A referral step with its contacts, one per line, in the interface language (their
        notes are under the contacts, once)."""
        lang = self.languages.ui
        lines = [self.texts.step(result.step, lang)]
        # An arrow pointing into the text: from the right in an Arabic interface.
        arrow = "←" if is_rtl(lang) else "→"
        lines += [f"{arrow} {self.texts.contact_short(c, lang)[0]}" for c in result.contacts]
        return "\n".join(lines)

    def action_help(self) -> None:
        if self.hidden or isinstance(self.screen, screens.HelpScreen):
            return
        self.push_screen(screens.HelpScreen(), self._dialog_closed)

    def action_emergency(self) -> None:
        if self.hidden or isinstance(self.screen, screens.EmergencyScreen):
            return
        contacts, details = self.emergency_contacts()
        self.push_screen(screens.EmergencyScreen(contacts, details=details), self._dialog_closed)

    def action_hide(self) -> None:
        """Quick exit: everything hidden in one go. Toasts and dialogs are removed (not just
        covered), the title is made neutral and the scrollback cleared; the journal is locked
        and the interview dropped from memory, so coming back (F5) asks for the passphrase."""
        if self.hidden:
            return
        self.hidden = True
        # A key pressed before Esc, still on its way through the screen, is dropped too.
        self._keys_valid_from = get_time()
        self.clear_notifications()
        if self._held_lam is not None:
            self._held_lam.stop()
            self._held_lam = None
        self._reopen_after_hide = self._dialogs_to_reopen()
        while len(self.screen_stack) > 1 and isinstance(self.screen, ModalScreen):
            self.pop_screen()
        if self._driver is not None and not self.is_headless:
            self._driver.write(CLEAR_SCROLLBACK + SET_TITLE.format(title=NEUTRAL_TITLE))
        locked = self._lock_journal()
        if locked and len(self.screen_stack) > 1:
            # The screen beneath the cover goes too (a question, the review, the result: its
            # texts, and the result's reference to the interview); F5 rebuilds it from the
            # journal once the passphrase is given.
            self.switch_screen(Screen())

        def shown(_: object) -> None:
            self.hidden = False
            if locked:
                self.ask_passphrase()  # the dialogs come back after the passphrase
            else:
                self._reopen_dialogs()

        self.push_screen(screens.CoverScreen(), shown)

    def _dialogs_to_reopen(self) -> list[tuple[bool, Callable[[], None]]]:
        """The open dialogs quick exit must not throw away, as ways to open them again: the
        review screen, the urgent steps (danger is the likeliest reason to hide the screen)
        and the note or case details being typed (kept in memory only, as typed, until the
        officer saves them), and Help. Each with whether it opens without an interview (Help
        may have been open on the first screen; the others come back only with it)."""
        reopen: list[Callable[[], None]] = []
        anywhere: set[int] = set()
        for screen in self.screen_stack:
            if isinstance(screen, screens.ReviewScreen):
                # The review the officer was reading, at the same row (wizard review 6).
                highlight = screen.focused_question() or screen.highlight
                reopen.append(partial(self.open_review, highlight))
            elif isinstance(screen, screens.EmergencyScreen) and screen.urgent:
                reopen.append(
                    partial(
                        self._push_urgent,
                        screen.contacts,
                        screen.steps,
                        screen.note,
                        screen.details,
                    )
                )
            elif isinstance(screen, screens.NoteScreen):
                reopen.append(partial(self.open_notes, screen.question, screen.draft()))
            elif isinstance(screen, screens.CaseScreen):
                reopen.append(partial(self.open_case, screen.draft()))
            elif isinstance(screen, screens.HelpScreen):
                # Help comes back too, where it was scrolled to (wizard review 6): the
                # officer was looking up a key, and the person is still there.
                anywhere.add(len(reopen))
                reopen.append(partial(self._reopen_help, screen.scroll_position()))
        return [(index in anywhere, open_again) for index, open_again in enumerate(reopen)]

    def _reopen_dialogs(self) -> None:
        reopen, self._reopen_after_hide = self._reopen_after_hide, []
        for anywhere, open_again in reopen:
            if anywhere or self.session is not None:
                open_again()

    def _reopen_help(self, scrolled: float) -> None:
        if isinstance(self.screen, screens.HelpScreen):
            return
        self.push_screen(screens.HelpScreen(scrolled=scrolled), self._dialog_closed)

    def _lock_journal(self) -> bool:
        """Forget the journal's key and the interview in memory; True when there was one.
        Without a journal (nothing saved) the interview stays, or it would be lost."""
        if not self.link.recording or self.session is None:
            return False
        # The answers being written go to the disk first; one it refused is said on return.
        refused = self.session.saved()
        self._unsaved_on_return = None
        if refused is not None:
            error, answer = refused
            self._unsaved_on_return = self._not_saved_text(error, answer=answer)
        self.return_to = self.link.session_id
        self._intros_after_hide = set(self.session.intros_seen)
        self.link.lock()
        self.session = None
        self._note_after_hide, self.officer_note = self.officer_note, None
        self.drop_question_screen()  # its texts go too
        return True

    def action_request_quit(self) -> None:
        if self.hidden or isinstance(self.screen, screens.ConfirmQuitScreen):
            return
        if not self.check_saved():
            return  # the officer first sees the answer that was not saved

        def answered(quit_now: bool | None) -> None:
            if quit_now:
                self.link.close()
                self.exit()

        self.push_screen(screens.ConfirmQuitScreen(), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Behind the cover nothing but F5 may react (the cover's own binding).
        return not (self.hidden and action != "uncover")


_TEXT_FIELDS = (("textual.widgets._input", "Input"), ("textual.widgets._text_area", "TextArea"))


if TYPE_CHECKING:
    # The screens know the app only as a Wizard (guide.tui.wizard); mypy checks it is one.
    _the_app_is_a_wizard: type[Wizard] = DalilApp


def _types_text(widget: Any) -> bool:
    """Is `widget` a field the officer types into (its keys are letters, not commands)?
    Textual's text widgets are not imported for this (it would slow the first paint): a
    widget of a kind never imported cannot be the one focused."""
    if widget is None:
        return False
    kinds = [
        getattr(module, name)
        for module_name, name in _TEXT_FIELDS
        if (module := sys.modules.get(module_name)) is not None
    ]
    return bool(kinds) and isinstance(widget, tuple(kinds))


def work_around_textual_6665() -> None:
    """Textual caches StylesCache.get_inner_outer with lru_cache on the method, so the cache
    keeps every widget's StylesCache (and its rendered lines) alive: the heap grows with every
    screen and full collections get slower (Textualize/textual#6665). The result depends on
    the two colours only, so cache it on them. Skipped if Textual changes that method."""
    from functools import lru_cache

    from textual import _styles_cache
    from textual.style import Style

    method = _styles_cache.StylesCache.__dict__.get("get_inner_outer")
    if method is None or not hasattr(method, "cache_info"):
        return

    @lru_cache(1024)
    def inner_outer(base_background: Any, background: Any) -> tuple[Style, Style]:
        return (
            Style(background=base_background + background),
            Style(background=base_background),
        )

    def get_inner_outer(self: Any, base_background: Any, background: Any) -> tuple[Style, Style]:
        return inner_outer(base_background, background)

    _styles_cache.StylesCache.get_inner_outer = get_inner_outer  # type: ignore[method-assign,assignment]


def run(options: WizardOptions) -> int:
    from guide.crash import keep_tracebacks_off_the_screen, report_crash, wizard_crash
    from guide.tui.terminal import explicit_bidi

    work_around_textual_6665()
    app = DalilApp(options._replace(tune_gc=True))
    # A crash: one line and the path of a private file, not a traceback left in the scrollback.
    keep_tracebacks_off_the_screen(app)
    with explicit_bidi(app.bidi_mode):
        app.run()
    # However the app ended (a crash included), what the writer thread holds goes to disk.
    app.link.close()
    error = wizard_crash(app)
    if error is not None:
        return report_crash(error, "dalil")
    return app.return_code or 0
