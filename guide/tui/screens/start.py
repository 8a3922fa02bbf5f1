"""The first screen: language, the guide in use, and a check that Arabic reads correctly."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical

from guide.i18n.bidi import BidiMode
from guide.i18n.languages import by_key, key_range, language_codes, languages, native_name
from guide.tui.screens.base import WizardScreen
from guide.tui.text import _
from guide.tui.widgets.bidi_text import BidiText

# Read with the officer: if this line looks wrong (letters apart, words backwards), switch
# the display mode. "لا" tests the one ligature kept, the brackets test mirroring.
ARABIC_SAMPLE = "هل يظهر هذا السطر بشكل صحيح؟ (نعم أو لا) 19"


class StartScreen(WizardScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        # The digits choose a language by its key in guide.i18n.languages.
        *(Binding(str(d), f"language_key('{d}')", show=False) for d in range(1, 10)),
        Binding("p", "person_language", show=False),
        Binding("m", "display_mode", show=False),
        Binding("enter", "begin", show=False),
    ]

    def screen_keys(self) -> list[tuple[str, str]]:
        return [
            (key_range(), _("Language")),
            ("P", _("Person's language")),
            ("M", _("Display mode")),
            ("Enter", _("Start")),
        ]

    def compose(self) -> ComposeResult:
        # Few widgets and no scrolling container: this screen's first paint is the startup
        # time (it fits in 80x24).
        with Vertical(id="start"):
            yield BidiText("Dalil — دليل", classes="app-title")
            yield BidiText(_("Screening and referral guide"), classes="subtitle")
            yield BidiText(self._guide_line(), id="guide-line")
            yield BidiText("اللغة · Langue · Language", classes="section")
            yield BidiText(self._language_lines(), id="language-list", rtl=False)
            yield BidiText(self._person_line(), id="person-line")
            yield BidiText(_("Does this Arabic line read correctly?"), classes="section")
            yield BidiText(ARABIC_SAMPLE, id="arabic-sample", rtl=True)
            yield BidiText(self._mode_line(), id="mode-line")
            yield BidiText(self._start_hint(), id="start-hint", classes="hint")
        yield self.key_bar()

    def _language_lines(self) -> str:
        current = self.dalil.languages.ui
        return "\n".join(
            f"{'▶' if language.code == current else ' '} {language.key}  {language.native_name}"
            for language in languages()
        )

    def _guide_line(self) -> str:
        app = self.dalil
        if app.guide_error:
            return _("The guide could not be loaded:") + "\n" + app.guide_error
        if app.guide is None:
            return _("Loading the guide…")
        title = app.texts.guide_title(app.guide, app.languages.ui)
        return _("Guide: {title} (version {version})").format(
            title=title, version=app.guide.version
        )

    def _person_line(self) -> str:
        langs = self.dalil.languages
        if not langs.two_languages:
            return _("The person's language: the same (P to choose another)")
        return _("The person's language: {name} (questions shown in both languages)").format(
            name=native_name(langs.person)
        )

    def _mode_line(self) -> str:
        if self.dalil.bidi_mode is BidiMode.APP:
            mode = _("Dalil joins and orders the Arabic letters")
        else:
            mode = _("the terminal joins and orders the Arabic letters")
        return _("Display mode: {mode}. If the line above looks wrong, press M.").format(mode=mode)

    def _start_hint(self) -> str:
        if self.dalil.guide is None:
            return ""
        return _("Press Enter to start the interview.")

    def guide_loaded(self) -> None:
        self.query_one("#guide-line", BidiText).update(self._guide_line())
        self.query_one("#start-hint", BidiText).update(self._start_hint())

    def action_language_key(self, key: str) -> None:
        language = by_key(key)
        if language is not None:
            self.action_language(language.code)

    def action_language(self, code: str) -> None:
        app = self.dalil
        person = app.languages.person if app.languages.two_languages else code
        app.change_languages(code, person)

    def action_person_language(self) -> None:
        app = self.dalil
        order = language_codes()
        nxt = order[(order.index(app.languages.person) + 1) % len(order)]
        app.change_languages(app.languages.ui, nxt)

    def action_display_mode(self) -> None:
        self.dalil.switch_bidi_mode()

    def action_begin(self) -> None:
        if self.dalil.guide is not None:
            self.dalil.begin()
