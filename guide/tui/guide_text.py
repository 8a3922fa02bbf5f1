"""Guide texts in a given language, by the context ids the catalogs use (docs/architecture.md).

Widgets never read model fields for display directly: they ask here, so that every text a
person reads goes through the translation lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from guide.tui.text import _, content, ltr

Lookup = Callable[[str, str, str], str]


class GuideText:
    def __init__(self, lookup: Lookup | None = None) -> None:
        self._lookup: Lookup = lookup or content

    def _t(self, context: str, source: str | None, lang: str) -> str:
        return self._lookup(context, source, lang) if source else ""

    def guide_title(self, guide: Any, lang: str) -> str:
        return self._t("guide.title", guide.title, lang)

    def module_title(self, module: Any, lang: str) -> str:
        return self._t(f"module.{module.id}.title", module.title, lang)

    def module_intro(self, module: Any, lang: str) -> str:
        return self._t(f"module.{module.id}.intro", module.intro, lang)

    def question(self, question: Any, lang: str) -> str:
        return self._t(f"question.{question.id}.text", question.text, lang)

    def guidance(self, question: Any, lang: str) -> str:
        return self._t(f"question.{question.id}.guidance", question.guidance, lang)

    def unit(self, question: Any, lang: str) -> str:
        return self._t(f"question.{question.id}.unit", question.unit, lang)

    def option(self, question: Any, option: Any, lang: str) -> str:
        if option.text:
            return self._t(f"answer.{question.id}.{option.id}.text", option.text, lang)
        return answer_word(option.id)

    def note(self, question: Any, option: Any, lang: str) -> str:
        return self._t(f"answer.{question.id}.{option.id}.note", option.note, lang)

    def indicator(self, indicator: Any, lang: str) -> str:
        return self._t(f"indicator.{indicator.id}.label", indicator.label, lang)

    def element(self, element: Any, lang: str) -> str:
        return self._t(f"element.{element.id}.label", element.label, lang)

    def verdict_title(self, verdict: Any, lang: str) -> str:
        return self._t(f"verdict.{verdict.id}.title", verdict.title, lang)

    def verdict_explanation(self, verdict: Any, lang: str) -> str:
        return self._t(f"verdict.{verdict.id}.explanation", verdict.explanation, lang)

    def step(self, step: Any, lang: str) -> str:
        return self._t(f"step.{step.id}.text", step.text, lang)

    def contact_name(self, contact: Any, lang: str) -> str:
        return self._t(f"contact.{contact.id}.name", contact.name, lang)

    def contact_hours(self, contact: Any, lang: str) -> str:
        return self._t(f"contact.{contact.id}.hours", contact.hours, lang)

    def contact_note(self, contact: Any, lang: str) -> str:
        return self._t(f"contact.{contact.id}.note", contact.note, lang)

    def contact_line(self, contact: Any, lang: str) -> str:
        """One line for a contact: name, number, hours; marked when not verified."""
        parts = [self.contact_name(contact, lang)]
        if contact.phone:
            # An isolate keeps the digit groups of a phone number in order inside Arabic.
            parts.append(ltr(contact.phone))
        else:
            parts.append(_("no number on file"))
        hours = self.contact_hours(contact, lang)
        if hours:
            parts.append(hours)
        line = " — ".join(parts)
        if not getattr(contact, "is_verified", bool(getattr(contact, "verified", None))):
            line += " — " + _("to verify before use")
        return line


def answer_word(value: Any) -> str:
    """The built-in answer words: yes, no, don't know, declined, skipped."""
    words = {
        "yes": _("Yes"),
        "no": _("No"),
        "dont_know": _("Don't know"),
        "declined": _("Declined to answer"),
        "skipped": _("Skipped"),
    }
    return words.get(str(value), str(value))
