"""Guide texts in a given language, by the context ids the catalogs use (docs/architecture.md).

Widgets never read model fields for display directly: they ask here, so that every text a
person reads goes through the translation lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from guide.core.text_context import context
from guide.tui.text import _, content, ltr

if TYPE_CHECKING:
    from guide.report.result_view import ContactLine, Words

if TYPE_CHECKING:  # the model is imported by the loader, after the first screen is painted
    from guide.core.model import Contact

Lookup = Callable[[str, str, str], str]


class GuideText:
    def __init__(self, lookup: Lookup | None = None) -> None:
        self._lookup: Lookup = lookup or content

    @property
    def lookup(self) -> Lookup:
        """The guide-text lookup this object reads through."""
        return self._lookup

    def _t(self, context: str, source: str | None, lang: str) -> str:
        return self._lookup(context, source, lang) if source else ""

    def guide_title(self, guide: Any, lang: str) -> str:
        return self._t(context("guide", field="title"), guide.title, lang)

    def module_title(self, module: Any, lang: str) -> str:
        return self._t(context("module", module.id, field="title"), module.title, lang)

    def module_intro(self, module: Any, lang: str) -> str:
        return self._t(context("module", module.id, field="intro"), module.intro, lang)

    def question(self, question: Any, lang: str) -> str:
        return self._t(context("question", question.id, field="text"), question.text, lang)

    def guidance(self, question: Any, lang: str) -> str:
        return self._t(context("question", question.id, field="guidance"), question.guidance, lang)

    def unit(self, question: Any, lang: str) -> str:
        return self._t(context("question", question.id, field="unit"), question.unit, lang)

    def option(self, question: Any, option: Any, lang: str) -> str:
        if option.text:
            return self._t(
                context("answer", question.id, option.id, field="text"), option.text, lang
            )
        return answer_word(option.id)

    def note(self, question: Any, option: Any, lang: str) -> str:
        return self._t(context("answer", question.id, option.id, field="note"), option.note, lang)

    def indicator(self, indicator: Any, lang: str) -> str:
        return self._t(context("indicator", indicator.id, field="label"), indicator.label, lang)

    def element(self, element: Any, lang: str) -> str:
        return self._t(context("element", element.id, field="label"), element.label, lang)

    def verdict_title(self, verdict: Any, lang: str) -> str:
        return self._t(context("verdict", verdict.id, field="title"), verdict.title, lang)

    def verdict_explanation(self, verdict: Any, lang: str) -> str:
        return self._t(
            context("verdict", verdict.id, field="explanation"), verdict.explanation, lang
        )

    def step(self, step: Any, lang: str) -> str:
        return self._t(context("step", step.id, field="text"), step.text, lang)

    def contact_line(self, contact: Contact, lang: str) -> str:
        """One line for a contact, with the parts every renderer shows (name, number or
        "no number on file", region, hours, note, verification): guide.report.result_view."""
        from guide.report.result_view import Words
        from guide.report.result_view import contact_line as view_line

        return contact_text(view_line(contact), Words(lang, self._lookup, _))

    def contact_short(self, contact: Contact, lang: str) -> tuple[str, str]:
        """A contact for a short list: the line without the guide's note (name, number or
        "no number on file", region, hours, and always its verification: "verified on" or
        "to verify before use"), and the guide's note on it, after its name ("" without one)."""
        from guide.report.result_view import Words, contact_parts
        from guide.report.result_view import contact_line as view_line

        words = Words(lang, self._lookup, _)
        parts = contact_parts(view_line(contact), words)
        line = " — ".join(
            ltr(text) if kind == "phone" else text for kind, text in parts if kind != "note"
        )
        note = next((text for kind, text in parts if kind == "note"), "")
        return line, f"{parts[0][1]}: {note}" if note else ""


def contact_text(contact: ContactLine, words: Words) -> str:
    """A contact on one line, its parts as in every renderer; the phone number kept in
    one piece inside a right-to-left line."""
    from guide.report.result_view import contact_parts

    return " — ".join(
        ltr(text) if kind == "phone" else text for kind, text in contact_parts(contact, words)
    )


def answer_word(value: Any) -> str:
    """The built-in answer words: yes, no, don't know, declined, skipped."""
    from guide.report.result_view import BUILT_IN_ANSWERS, word

    return word(BUILT_IN_ANSWERS, str(value), _)
