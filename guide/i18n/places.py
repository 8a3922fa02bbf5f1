"""The context id (msgctxt) of every translatable text of a loaded guide.

The same ids as the YAML extractor (guide.i18n.extract) gives the catalogs, built here from
the model, so the UI, the reports and the tests can ask for every text of a guide, and a
test can prove the two sides agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from guide.model import Guide


def guide_places(guide: Guide) -> Iterator[tuple[str, str]]:
    """(context, source text) of each text a person may read, in interview order."""

    def some(context: str, text: str | None) -> Iterator[tuple[str, str]]:
        if text and text.strip():
            yield context, text

    yield from some("guide.title", guide.title)
    for verdict in guide.verdicts:
        yield from some(f"verdict.{verdict.id}.title", verdict.title)
        yield from some(f"verdict.{verdict.id}.explanation", verdict.explanation)
        yield from some(f"verdict.{verdict.id}.basis", verdict.basis)
    for term in guide.terms.values():
        yield from some(f"term.{term.id}.label", term.label if term.label != term.id else None)
        yield from some(f"term.{term.id}.explanation", term.explanation)
        yield from some(f"term.{term.id}.basis", term.basis)
    for element in guide.elements.values():
        yield from some(f"element.{element.id}.label", element.label)
        yield from some(f"element.{element.id}.description", element.description)
    for indicator in guide.indicators.values():
        yield from some(f"indicator.{indicator.id}.label", indicator.label)
    for module in guide.modules:
        yield from some(f"module.{module.id}.title", module.title)
        yield from some(f"module.{module.id}.intro", module.intro)
        for question in module.questions:
            yield from some(f"question.{question.id}.text", question.text)
            yield from some(f"question.{question.id}.guidance", question.guidance)
            yield from some(f"question.{question.id}.unit", question.unit)
            for option in question.options:
                yield from some(f"answer.{question.id}.{option.id}.text", option.text)
                yield from some(f"answer.{question.id}.{option.id}.note", option.note)
    for step in guide.steps.values():
        yield from some(f"step.{step.id}.text", step.text)
        yield from some(f"step.{step.id}.basis", step.basis)
    for contact in guide.contacts.values():
        yield from some(f"contact.{contact.id}.name", contact.name)
        yield from some(f"contact.{contact.id}.hours", contact.hours)
        yield from some(f"contact.{contact.id}.note", contact.note)
