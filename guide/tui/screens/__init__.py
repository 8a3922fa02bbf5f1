"""The wizard's screens, imported on first use: the one place their laziness lives.

`from guide.tui import screens` costs nothing; `screens.ResultScreen` imports
`guide.tui.screens.result` the first time it is named (PEP 562, as Textual's own
`textual.widgets` does). A screen that is never shown (the result, the review, the
passphrase without a journal) is never imported, so the first screen paints sooner.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

# Each screen class, and the module it lives in (guide.tui.screens.<module>).
_MODULES = {
    "ConfirmQuitScreen": "confirm_quit",
    "CoverScreen": "cover",
    "EmergencyScreen": "emergency",
    "ExportedScreen": "exported",
    "HelpScreen": "help",
    "IntroScreen": "intro",
    "LanguageScreen": "language",
    "NoteScreen": "notes",
    "CaseScreen": "notes",
    "PassphraseScreen": "passphrase",
    "QuestionScreen": "question",
    "ResultScreen": "result",
    "ResumeScreen": "resume",
    "ReviewScreen": "review",
    "StartScreen": "start",
    "WizardScreen": "base",
    "WizardModal": "base",
}

__all__ = [
    "CaseScreen",
    "ConfirmQuitScreen",
    "CoverScreen",
    "EmergencyScreen",
    "ExportedScreen",
    "HelpScreen",
    "IntroScreen",
    "LanguageScreen",
    "NoteScreen",
    "PassphraseScreen",
    "QuestionScreen",
    "ResultScreen",
    "ResumeScreen",
    "ReviewScreen",
    "StartScreen",
    "WizardModal",
    "WizardScreen",
]

if TYPE_CHECKING:
    from guide.tui.screens.base import WizardModal, WizardScreen
    from guide.tui.screens.confirm_quit import ConfirmQuitScreen
    from guide.tui.screens.cover import CoverScreen
    from guide.tui.screens.emergency import EmergencyScreen
    from guide.tui.screens.exported import ExportedScreen
    from guide.tui.screens.help import HelpScreen
    from guide.tui.screens.intro import IntroScreen
    from guide.tui.screens.language import LanguageScreen
    from guide.tui.screens.notes import CaseScreen, NoteScreen
    from guide.tui.screens.passphrase import PassphraseScreen
    from guide.tui.screens.question import QuestionScreen
    from guide.tui.screens.result import ResultScreen
    from guide.tui.screens.resume import ResumeScreen
    from guide.tui.screens.review import ReviewScreen
    from guide.tui.screens.start import StartScreen


def __getattr__(name: str) -> type:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no screen {name!r}")
    screen: type = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = screen  # found once; later lookups do not come here
    return screen
