"""What a screen may see of the wizard and ask of it: the app as its screens know it.

The screens are built by the app (`guide.tui.app.DalilApp`) and call back into it; to keep
the arrows one way (the app imports its screens, never the reverse), the screens know the
app only through this Protocol. `DalilApp` satisfies it, and mypy checks that it does
(`guide/tui/app.py`). Intents go through the app because each one may change the screen
(a question after a question, the result, the review), write the journal and show a toast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from guide.core.model import Guide, Question
    from guide.i18n.bidi import BidiMode
    from guide.tui.guide_text import GuideText
    from guide.tui.interview_session import InterviewSession
    from guide.tui.languages import Languages
    from guide.tui.options import WizardOptions
    from guide.tui.session_link import SessionLink

# An answer as the engine takes it: an answer id, a built-in ("dont_know"...), or a number.
Answer = str | int | float


class Wizard(Protocol):
    """The wizard's state a screen reads, and the intents it sends."""

    options: WizardOptions
    link: SessionLink
    texts: GuideText
    languages: Languages
    bidi_mode: BidiMode
    # None while the guide is loading, or when it could not be loaded (guide_error says why).
    guide: Guide | None
    guide_error: str | None
    # None before an interview starts and after quick exit or F (finish).
    session: InterviewSession | None
    # What the officer must read after the last answer, shown on the next screen.
    officer_note: str | None

    # --- start, unlock, resume
    def begin(self) -> None: ...
    def after_unlock(self) -> None: ...
    def new_interview(self) -> None: ...
    def resume(self, session_id: str) -> None: ...

    # --- the interview
    def intro_done(self, module_id: str) -> None: ...
    def is_bounce(self, key: str) -> bool: ...
    def answered_with(self, key: str) -> None: ...
    def give_answer(self, value: Answer) -> None: ...
    def skip_question(self) -> None: ...
    def go_back(self) -> None: ...
    def go_forward(self) -> bool: ...
    def open_review(self, highlight: str | None = None) -> None: ...
    def jump_to(self, question_id: str) -> None: ...
    def continue_interview(self) -> None: ...
    def open_notes(self, question: Question | None) -> None: ...
    def open_case(self) -> None: ...
    def finish_interview(self) -> None: ...

    # --- languages and display
    def change_languages(self, ui: str, person: str) -> None: ...
    def choose_language(self) -> None: ...
    def switch_bidi_mode(self) -> None: ...
