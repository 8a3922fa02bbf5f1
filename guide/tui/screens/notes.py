"""The officer's own words: a note on a question, free observations, and the case details
(reference, place, officer). Each is written to the encrypted journal like an answer, and
appears in every report."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input

from guide.tui.screens.base import WizardModal
from guide.tui.text import _
from guide.tui.widgets.bidi_input import BidiInput
from guide.tui.widgets.bidi_text import BidiText

if TYPE_CHECKING:
    from guide.core.model import Question

# Long enough for what an officer writes on paper; the journal stays small.
MAX_NOTE = 2000
CASE_FIELDS = ("reference", "place", "officer")


class _FormScreen(WizardModal):
    """A small form of fields: Enter in a field goes to the next, Enter in the last saves,
    Ctrl+S saves from anywhere, F3 cancels; Esc hides everything, like everywhere."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", show=False, priority=True),
        Binding("f3", "cancel", show=False, priority=True),
    ]

    problem = ""  # why the last save failed (the journal refused it), shown in red

    def footer(self, rtl: bool | None) -> ComposeResult:
        if self.problem:
            yield BidiText(self.problem, id="form-problem", classes="error", rtl=rtl)
        yield BidiText(
            _("Saved encrypted with the answers, and shown in the report."),
            classes="hint",
            rtl=rtl,
        )
        yield BidiText(_("Enter: next field, then save    F3: cancel"), classes="hint", rtl=rtl)

    def on_mount(self) -> None:
        super().on_mount()
        self.query(Input).first().focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        fields = list(self.query(Input))
        index = fields.index(event.input)
        if index + 1 < len(fields):
            fields[index + 1].focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        raise NotImplementedError

    def draft(self) -> dict[str, Any]:
        """What is typed now, as saving would take it: quick exit keeps it (in memory, never
        on the cover) and opens the form again with it after the passphrase."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)


class NoteScreen(_FormScreen):
    """O: a note on the current question (when there is one) and free observations about the
    whole interview. Enter in a field goes to the next; Enter in the last saves; Ctrl+S saves
    from anywhere; Esc hides everything, like everywhere."""

    def __init__(
        self,
        question: Question | None,
        question_text: str,
        note: str,
        observations: str,
        *,
        problem: str = "",
    ) -> None:
        super().__init__()
        self.problem = problem
        self.question = question
        self.question_text = question_text
        self.note = note
        self.observations = observations

    def compose(self) -> ComposeResult:
        rtl = self.ui_rtl()
        with Vertical(id="dialog", classes="dialog"):
            yield BidiText(_("Notes"), classes="title", rtl=rtl)
            if self.question is not None:
                yield BidiText(_("Note on this question:"), classes="section", rtl=rtl)
                yield BidiText(self.question_text, classes="hint", rtl=rtl)
                yield BidiInput(self.note, id="note", max_length=MAX_NOTE)
            yield BidiText(_("Observations on the whole interview:"), classes="section", rtl=rtl)
            yield BidiInput(self.observations, id="observations", max_length=MAX_NOTE)
            yield from self.footer(rtl)

    def draft(self) -> dict[str, Any]:
        note = self.query("#note")
        return {
            "note": note.first(Input).value if note else None,
            "observations": self.query_one("#observations", Input).value,
        }

    def action_save(self) -> None:
        self.dismiss({k: v.strip() if v is not None else None for k, v in self.draft().items()})


class CaseScreen(_FormScreen):
    """I: the case reference, the place and the officer, for the report's header."""

    def __init__(self, current: dict[str, str], *, problem: str = "") -> None:
        super().__init__()
        self.problem = problem
        self.current = current

    def labels(self) -> dict[str, str]:
        return {
            "reference": _("Case reference:"),
            "place": _("Place:"),
            "officer": _("Officer:"),
        }

    def compose(self) -> ComposeResult:
        rtl = self.ui_rtl()
        with Vertical(id="dialog", classes="dialog"):
            yield BidiText(_("Case details"), classes="title", rtl=rtl)
            for name, label in self.labels().items():
                yield BidiText(label, classes="section", rtl=rtl)
                yield BidiInput(self.current.get(name, ""), id=f"case-{name}", max_length=200)
            yield from self.footer(rtl)

    def draft(self) -> dict[str, Any]:
        return {name: self.query_one(f"#case-{name}", Input).value for name in CASE_FIELDS}

    def action_save(self) -> None:
        self.dismiss({name: value.strip() for name, value in self.draft().items()})
