"""A module's introduction (safety, consent...), large enough to read aloud."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll

from guide.i18n.names import language_name
from guide.tui.screens.base import WizardScreen
from guide.tui.text import _
from guide.tui.widgets.bidi_text import BidiText
from guide.tui.widgets.oral_layer import ORAL_KEY, OralPanel, oral_keys, toggle_oral

if TYPE_CHECKING:
    from guide.core.model import Module
    from guide.tui.guide_text import GuideText
    from guide.tui.languages import Languages


class IntroScreen(WizardScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,n", "next", show=False),
        Binding("b", "back", show=False),
        Binding("l", "language", show=False),
        Binding(ORAL_KEY, "toggle_oral", show=False),
        Binding("o", "notes", show=False),
    ]
    # At 80x24 every key of an introduction does not fit one line in Arabic or French: the
    # bar keeps Enter, PgDn, F1, F2 and Esc, and leaves out the last keys (wizard review 6).
    KEYS_ON_ONE_LINE = True

    def __init__(self, module: Module) -> None:
        super().__init__()
        self.module = module

    def screen_keys(self) -> list[tuple[str, str]]:
        # In the order they are left out of a narrow key bar, last first: the Darija of a
        # text read to the person stays longest (see KEYS_ON_ONE_LINE).
        oral = oral_keys(self) if self._read_to_person() else []
        return [
            ("Enter", _("Continue")),
            *oral,
            ("O", _("Notes")),
            ("B", _("Back")),
            ("L", _("Language")),
        ]

    def _read_to_person(self) -> bool:
        return self.module.intro_for != "officer"

    def compose(self) -> ComposeResult:
        app = self.dalil
        langs = app.languages
        texts = app.texts
        with VerticalScroll(id="intro"):
            yield BidiText(
                texts.module_title(self.module, langs.ui), classes="module-title", rtl=self.ui_rtl()
            )
            yield from self.note_widgets()
            if not self._read_to_person():
                # An instruction to the officer: never framed as read-aloud, and shown in the
                # officer's language only.
                yield BidiText(_("For the officer:"), classes="label", rtl=self.ui_rtl())
                yield BidiText(
                    texts.module_intro(self.module, langs.ui),
                    classes="read-aloud",
                    id="intro-text",
                    rtl=self.ui_rtl(),
                )
            else:
                yield from self._read_aloud(langs, texts)
        yield self.key_bar()

    def _read_aloud(self, langs: Languages, texts: GuideText) -> ComposeResult:
        yield BidiText(_("Read this to the person:"), classes="label", rtl=self.ui_rtl())
        yield BidiText(
            texts.module_intro(self.module, langs.person), classes="read-aloud", id="intro-text"
        )
        yield OralPanel.for_intro(self.module)
        if langs.two_languages:
            yield BidiText(
                _("In {language}:").format(language=language_name(langs.ui, langs.ui)),
                classes="label",
                rtl=self.ui_rtl(),
            )
            yield BidiText(
                texts.module_intro(self.module, langs.ui),
                classes="read-aloud-second",
                id="intro-text-ui",
            )

    def action_next(self) -> None:
        self.dalil.intro_done(self.module.id)

    def action_back(self) -> None:
        self.dalil.go_back()

    def action_toggle_oral(self) -> None:
        if self._read_to_person():
            toggle_oral(self)

    def action_notes(self) -> None:
        """O: the observations on the whole interview (no question is on screen)."""
        self.dalil.open_notes(None)

    def action_language(self) -> None:
        self.dalil.choose_language()
