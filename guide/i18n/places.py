"""The context id (msgctxt) of every translatable text of a loaded guide.

The same ids as the YAML extractor (guide.i18n.extract) gives the catalogs, built here from
the model, so the UI, the reports and the tests can ask for every text of a guide, and a
test can prove the two sides agree.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from guide.core.text_context import context

if TYPE_CHECKING:
    from guide.core.model import Guide


def guide_places(guide: Guide) -> Iterator[tuple[str, str]]:
    """(context, source text) of each text a person may read, in interview order."""

    def some(context: str, text: str | None) -> Iterator[tuple[str, str]]:
        if text and text.strip():
            yield context, text

    yield from some(context("guide", field="title"), guide.title)
    for verdict in guide.verdicts:
        yield from some(context("verdict", verdict.id, field="title"), verdict.title)
        yield from some(context("verdict", verdict.id, field="explanation"), verdict.explanation)
        yield from some(context("verdict", verdict.id, field="basis"), verdict.basis)
    for term in guide.terms.values():
        yield from some(
            context("term", term.id, field="label"), term.label if term.label != term.id else None
        )
        yield from some(context("term", term.id, field="explanation"), term.explanation)
        yield from some(context("term", term.id, field="basis"), term.basis)
    for element in guide.elements.values():
        yield from some(context("element", element.id, field="label"), element.label)
        yield from some(context("element", element.id, field="description"), element.description)
    for indicator in guide.indicators.values():
        yield from some(context("indicator", indicator.id, field="label"), indicator.label)
    for module in guide.modules:
        yield from some(context("module", module.id, field="title"), module.title)
        yield from some(context("module", module.id, field="intro"), module.intro)
        for question in module.questions:
            yield from some(context("question", question.id, field="text"), question.text)
            yield from some(context("question", question.id, field="guidance"), question.guidance)
            yield from some(context("question", question.id, field="unit"), question.unit)
            for option in question.options:
                yield from some(
                    context("answer", question.id, option.id, field="text"), option.text
                )
                yield from some(
                    context("answer", question.id, option.id, field="note"), option.note
                )
    for step in guide.steps.values():
        yield from some(context("step", step.id, field="text"), step.text)
        yield from some(context("step", step.id, field="basis"), step.basis)
    for contact in guide.contacts.values():
        yield from some(context("contact", contact.id, field="name"), contact.name)
        yield from some(context("contact", contact.id, field="hours"), contact.hours)
        yield from some(context("contact", contact.id, field="note"), contact.note)
