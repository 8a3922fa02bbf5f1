"""Change the language mid-interview; every answer given so far is kept."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical

from guide.i18n.languages import by_key, languages, person_key
from guide.tui.screens.base import WizardModal
from guide.tui.text import _
from guide.tui.widgets.bidi_text import BidiText


class LanguageScreen(WizardModal):
    """1-3: one language for everything. 4-6: the person's language only (the questions are
    then shown in both, the guidance stays in the officer's language). The keys come from
    guide.i18n.languages: each language's own key, then the keys after them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(d), f"key('{d}')", show=False) for d in range(1, 10)),
        Binding("enter,l,q", "close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            rtl = self.ui_rtl()
            yield BidiText(_("Language"), classes="title", rtl=rtl)
            yield BidiText(_("One language for the interview:"), classes="section", rtl=rtl)
            for language in languages():
                yield BidiText(f"{language.key}  {language.native_name}", rtl=False)
            yield BidiText(
                _("Or keep the interface and guidance, and ask the person in:"),
                classes="section",
                rtl=rtl,
            )
            for language in languages():
                key = person_key(language)
                if key is not None:
                    yield BidiText(f"{key}  {language.native_name}", rtl=False)
            yield BidiText(_("Enter: close without changing"), classes="hint", rtl=rtl)

    def action_key(self, key: str) -> None:
        language = by_key(key)
        if language is not None:
            self.action_one(language.code)
            return
        for language in languages():
            if person_key(language) == key:
                self.action_person(language.code)
                return

    def action_one(self, code: str) -> None:
        self.dismiss((code, code))

    def action_person(self, code: str) -> None:
        self.dismiss((self.dalil.languages.ui, code))

    def action_close(self) -> None:
        self.dismiss(None)
