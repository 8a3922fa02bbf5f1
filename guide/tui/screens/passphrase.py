"""Unlock the encrypted journal (or set its passphrase on first use)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from guide.tui.screens.base import WizardScreen
from guide.tui.session_link import SessionError, session_error_text
from guide.tui.text import _
from guide.tui.widgets.bidi_text import BidiText

__all__ = ["PassphraseScreen", "session_error_text"]

MIN_PASSPHRASE = 8


class PassphraseScreen(WizardScreen):
    def __init__(self) -> None:
        super().__init__()
        self.first_use = not self.dalil.link.is_initialised()

    def screen_keys(self) -> list[tuple[str, str]]:
        return [("Enter", _("Confirm"))]

    def compose(self) -> ComposeResult:
        with Vertical(id="passphrase", classes="dialog"):
            if self.first_use:
                yield BidiText(_("Choose a passphrase"), classes="title")
                yield BidiText(
                    _(
                        "Interviews are saved encrypted on this computer. Choose a passphrase "
                        "of at least 8 characters and keep it safe: without it nobody, you "
                        "included, can open them."
                    )
                )
            else:
                yield BidiText(_("Passphrase"), classes="title")
                yield BidiText(_("Enter the passphrase that protects the saved interviews."))
            yield Input(password=True, id="pass1")
            if self.first_use:
                yield BidiText(_("Type it again:"))
                yield Input(password=True, id="pass2")
            yield BidiText("", id="pass-error", classes="error")
        yield self.key_bar()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#pass1", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        first = self.query_one("#pass1", Input).value
        error = self.query_one("#pass-error", BidiText)
        if self.first_use:
            if event.input.id == "pass1":
                self.query_one("#pass2", Input).focus()
                return
            if len(first) < MIN_PASSPHRASE:
                error.update(_("The passphrase needs at least 8 characters."))
                return
            if first != self.query_one("#pass2", Input).value:
                error.update(_("The two passphrases differ. Type them again."))
                return
        self.unlock_with(first)

    def unlock_with(self, passphrase: str) -> None:
        # Deriving the key from the passphrase is slow on purpose: not on the UI thread.
        self.query_one("#pass-error", BidiText).update(_("Opening the saved interviews…"))
        for field in self.query(Input):
            field.disabled = True
        self.run_worker(lambda: self._unlock(passphrase), thread=True, exclusive=True)

    def _unlock(self, passphrase: str) -> None:
        try:
            self.dalil.link.unlock(passphrase)
        except SessionError as exc:
            self.app.call_from_thread(self.refused, str(exc))
            return
        self.app.call_from_thread(self.dalil.after_unlock)

    def refused(self, code: str) -> None:
        for field in self.query(Input):
            field.disabled = False
        first = self.query_one("#pass1", Input)
        first.value = ""
        first.focus()
        self.query_one("#pass-error", BidiText).update(session_error_text(code))
