"""Checks over the built parts of a guide, each a function that yields its diagnostics.

A check reads what the build made (and `LoadContext` for where things were written); it never
changes the guide. The build runs them in `build.build` with `ctx.report(check(...))`; a new
check is one more function here and one more line there.

References to things whose own definition had an error (`ctx.broken`) are not reported
again, and things a "Did you mean" hint pointed to (`ctx.meant`) are not reported as unused:
one mistake gives one diagnostic.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from guide.core.model import Contact, Element, Indicator, Module, Step, Verdict
from guide.loader.context import LoadContext
from guide.loader.diagnostics import Detail, Diagnostic, Msg


def never_asked(ctx: LoadContext, modules: list[Module]) -> Iterator[Diagnostic]:
    """G007: a module or question whose condition is always false."""
    for module in modules:
        it = ctx.module_items[module.id]
        if module.when is not None and module.when.is_constant and not module.when.constant:
            yield ctx.at(it, (*it.path, "when"), Msg.G007_MODULE, name=module.id)
        for q in module.questions:
            if q.when is not None and q.when.is_constant and not q.when.constant:
                file, qpath = ctx.question_at(q.id)
                yield ctx.at(file, (*qpath, "when"), Msg.G007_QUESTION, name=q.id)


def empty_number_ranges(ctx: LoadContext, modules: list[Module]) -> Iterator[Diagnostic]:
    """G018: a number question whose min is greater than its max."""
    for module in modules:
        for q in module.questions:
            if q.type == "number" and q.min is not None and q.max is not None and q.min > q.max:
                file, qpath = ctx.question_at(q.id)
                yield ctx.at(
                    file,
                    (*qpath, "min"),
                    Msg.G018_EMPTY_RANGE,
                    min=q.min,
                    max=q.max,
                )


def unknown_raised_indicators(
    ctx: LoadContext, modules: list[Module], indicators: dict[str, Indicator]
) -> Iterator[Diagnostic]:
    """G002: an answer or a number rule raises an indicator the guide does not define."""
    known = ctx.known("indicator", indicators)
    for module in modules:
        for q in module.questions:
            file = ctx.files[ctx.questions[q.id].file]
            places = ctx.questions[q.id].raise_places()
            for path, ids in places:
                for k, iid in enumerate(ids):
                    unknown = ctx.unresolved(
                        file, (*path, k), iid, known, Msg.G002_NO_INDICATOR, candidates=indicators
                    )
                    if unknown is not None:
                        yield unknown


def unreachable_verdicts(ctx: LoadContext, verdicts: list[Verdict]) -> Iterator[Diagnostic]:
    """G008: a verdict whose condition is always false, or that comes after a verdict that
    always holds (verdicts are tried in order; the first that holds is the result).

    The verdicts after one that always holds are told in one diagnostic: the mistake is one."""
    always_at: str | None = None
    after: list[Verdict] = []
    for v in verdicts:
        if always_at is not None:
            after.append(v)
        elif v.when is not None and v.when.is_constant and not v.when.constant:
            it = ctx.verdict_items[v.id]
            yield ctx.at(it, (*it.path, "when"), Msg.G008_ALWAYS_FALSE, name=v.id)
        if v.when is None or (v.when.is_constant and v.when.constant):
            always_at = always_at or v.id
    if after:
        it = ctx.verdict_items[after[0].id]
        if len(after) == 1:
            yield ctx.at(
                it, (*it.path, "id"), Msg.G008_AFTER_ALWAYS, name=after[0].id, always=always_at
            )
        else:
            names = ", ".join(f"'{v.id}'" for v in after)
            yield ctx.at(
                it, (*it.path, "id"), Msg.G008_ALL_AFTER_ALWAYS, names=names, always=always_at
            )


def conditional_last_verdict(ctx: LoadContext, verdicts: list[Verdict]) -> Iterator[Diagnostic]:
    """G013: the last verdict has a condition, so some interviews would have no result."""
    items = list(ctx.items("verdicts"))
    if not items or not verdicts:
        return
    last = items[-1]
    vid = last.data["id"]
    built = {v.id for v in verdicts}
    first = ctx.verdict_items.get(vid)
    is_first = first is not None and first.pf is last.pf and first.path == last.path
    if vid in built and is_first and "when" in last.data:
        yield ctx.at(
            last,
            (*last.path, "when"),
            Msg.G013_LAST_CONDITIONAL,
            name=vid,
        )


def invariant_shape_problem(d: dict[str, Any]) -> Detail | None:
    """G021: an invariant is `require` (with an optional `when`) or `monotone`, never both.
    Returns the message to report (field `name`), or None when the shape is right."""
    if "require" in d and "monotone" in d:
        return Msg.G021_BOTH
    if "monotone" in d and "when" in d:
        return Msg.G021_WHEN_WITH_MONOTONE
    if "require" not in d and "monotone" not in d:
        return Msg.G021_NOTHING
    return None


def unknown_emergency_contacts(
    ctx: LoadContext, meta: dict[str, Any] | None, contacts: dict[str, Contact]
) -> Iterator[Diagnostic]:
    """G002: guide.emergency_contacts names a contact the directory does not have."""
    if meta is None or ctx.meta_pf is None:
        return
    for i, cid in enumerate(meta.get("emergency_contacts", ())):
        path = ("guide", "emergency_contacts", i)
        unknown = ctx.unresolved(ctx.meta_pf, path, cid, contacts, Msg.G002_NO_CONTACT)
        if unknown is not None:
            yield unknown


def indicators_never_raised(
    ctx: LoadContext, modules: list[Module], indicators: dict[str, Indicator]
) -> Iterator[Diagnostic]:
    """G009 (warning): an indicator no answer raises."""
    raised: set[str] = set()
    for m in modules:
        for q in m.questions:
            for o in q.options:
                raised.update(o.raises)
            for r in q.number_rules:
                raised.update(r.raises)
    yield from ctx.unused(ctx.items("indicators"), indicators, raised, Msg.G009_NEVER_RAISED)


def elements_without_indicators(
    ctx: LoadContext, indicators: dict[str, Indicator], elements: dict[str, Element]
) -> Iterator[Diagnostic]:
    """G014 (warning): an element no indicator belongs to."""
    used = {i.element for i in indicators.values()}
    yield from ctx.unused(ctx.items("elements"), elements, used, Msg.G014_NO_INDICATORS)


def contacts_never_used(
    ctx: LoadContext, steps: dict[str, Step], emergency: tuple[str, ...]
) -> Iterator[Diagnostic]:
    """G020 (warning): a contact no referral step and no emergency list names."""
    used = set(emergency) | {c for s in steps.values() for c in s.contacts}
    contacts = ctx.contact_items
    yield from ctx.unused(contacts.values(), contacts, used, Msg.G020_UNUSED_CONTACT)
