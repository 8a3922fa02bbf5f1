"""Names and scoping: which names a condition may use where, and what each name depends on.

A question's `when` may only use answers given before it; element rules count strengths;
`raises_when` sees `value`; referral rules and invariants see `verdict`; `raised_in()` and
indicator or element names are only known at the end of the interview. Each problem is
reported where the name stands in the condition's text.
"""

from __future__ import annotations

from typing import Any

from guide.core.conditions import FUNCTIONS, Condition, ConditionError, parse_condition
from guide.core.model import UNKNOWN_VALUES
from guide.i18n.lazy import N_, lazy
from guide.loader.compact import ABSENT, QuestionEntry
from guide.loader.context import Item, LoadContext, NameInfo
from guide.loader.diagnostics import Msg

RESERVED = {
    "true",
    "false",
    "none",
    "value",
    "strong",
    "medium",
    "weak",
    "verdict",
    "and",
    "or",
    "not",
    "in",
    *FUNCTIONS,
}


# What already holds an id, in words (a LazyText field of G001, translated when printed).
TAKEN_BY = {
    "question": N_("a question"),
    "derived": N_("a derived name"),
    "indicator": N_("an indicator"),
    "element": N_("an element"),
}


def register_ids(ctx: LoadContext, elements: list[Item], indicators: list[Item]) -> None:
    """Elements and indicators are names from the start: any condition may use them."""
    for kind, items in (("element", elements), ("indicator", indicators)):
        for it in items:
            register_name(ctx, it, it.data["id"], kind)


def register_name(
    ctx: LoadContext,
    item: Item,
    name: str,
    kind: str,
    info: NameInfo | QuestionEntry | None = None,
) -> bool:
    """Make `name` usable in conditions; False (and G001) if it is reserved or taken."""
    path = (*item.path, "id") if kind != "derived" else item.path
    if name in RESERVED:
        ctx.diag(item, path, Msg.G001_RESERVED, name=name)
        return False
    if name in ctx.names:
        other = ctx.names[name].kind
        taken_by = lazy(TAKEN_BY[other]) if other in TAKEN_BY else other
        ctx.diag(item, path, Msg.G001_NAME_TAKEN, name=name, other=taken_by)
        return False
    ctx.names[name] = info or NameInfo(kind, uses_results=kind in ("indicator", "element"))
    return True


def condition(
    ctx: LoadContext,
    item: Item,
    path: tuple[Any, ...],
    allowed: str,
    *,
    before: int | None = None,
    context: str = "",
    source: Any = ABSENT,
) -> Condition | None:
    """Parse the condition at `path` and check every name in it for the place `allowed`
    (question, verdict, referral, invariant, element_rule, number, child_when...); `before`
    is the index of the question it decides, for conditions that may only look back.
    `source` is its text when the caller has it (a question's, kept as its file was read),
    otherwise it is read at `path`. None (with the diagnostics reported) when it cannot be
    used."""
    if source is ABSENT:
        source = get(item.pf.data, path)
    if isinstance(source, bool):  # `when: true` written without quotes
        source = "true" if source else "false"
    cond = ctx.conditions.get(source) if isinstance(source, str) else None
    if cond is None:
        try:
            cond = parse_condition(source)
        except ConditionError as exc:
            ctx.diag(
                item, path, Msg.G003_SYNTAX, offset=exc.offset, message=exc.message, hint=exc.hint
            )
            return None
        if isinstance(source, str):
            ctx.conditions[source] = cond
    ok = check_raised_in(ctx, item, path, cond, allowed, before)
    ok = check_special_calls(ctx, item, path, cond, allowed) and ok
    for name, offset in cond.name_offsets:
        if not check_name(ctx, item, path, name, offset, allowed, before, context):
            ok = False
    for name, literal, offset in cond.compared:
        check_comparison(ctx, item, path, name, literal, offset)
    return cond if ok else None


def optional_condition(
    ctx: LoadContext, item: Item, key: str, allowed: str, default: Condition | None = None
) -> tuple[bool, Condition | None]:
    """The condition written under `key` of `item` (`default` when there is none), and
    whether the definition can be used: False when it has an error (already reported)."""
    if key not in item.data:
        return True, default
    cond = condition(ctx, item, (*item.path, key), allowed)
    return cond is not None, cond


def check_special_calls(
    ctx: LoadContext, item: Item, path: tuple[Any, ...], cond: Condition, allowed: str
) -> bool:
    """step() only in invariants, naming a step; unanswered() only names questions."""
    ok = True
    for sid, offset in cond.steps:
        if allowed != "invariant":
            ctx.diag(item, path, Msg.G004_STEP_OUTSIDE_INVARIANT, offset=offset)
            ok = False
        elif not ctx.resolve(item, path, sid, ctx.step_ids, Msg.G004_NO_STEP, offset=offset):
            ok = False
    for name, offset in cond.unanswered:
        info = ctx.names.get(name)
        if info is not None and info.kind != "question":
            ctx.diag(item, path, Msg.G004_NOT_A_QUESTION, offset=offset, name=name)
            ok = False
    return ok


def check_raised_in(
    ctx: LoadContext,
    item: Item,
    path: tuple[Any, ...],
    cond: Condition,
    allowed: str,
    before: int | None,
) -> bool:
    """raised_in() names elements, and only where results are known and decide nothing
    they depend on."""
    if "raised_in" not in cond.calls:
        return True
    ok = True
    for name, offset in cond.raised_in:
        info = ctx.names.get(name)
        if info is None or info.kind != "element":
            ctx.diag(item, path, Msg.G004_NOT_AN_ELEMENT, offset=offset, name=name)
            ok = False
    if allowed in ("element_rule", "number"):
        ctx.diag(item, path, Msg.G004_RAISED_IN_HERE)
        return False
    if before is not None:
        ctx.diag(item, path, Msg.G005_RAISED_IN_EARLY)
        return False
    if allowed in ("child_when", "sexual_list_when"):
        ctx.diag(item, path, Msg.G006_RAISED_IN_CYCLE, rule=allowed)
        return False
    return ok


def check_name(
    ctx: LoadContext,
    item: Item,
    path: tuple[Any, ...],
    name: str,
    offset: int,
    allowed: str,
    before: int | None,
    context: str,
) -> bool:
    """One name of a condition: known, allowed at this place, and known in time."""
    local = {
        "element_rule": {"strong", "medium", "weak"},
        "number": {"value"},
        "referral": {"verdict"},
        "invariant": {"verdict"},
    }.get(allowed, set())
    if name in local:
        return True
    if allowed in ("element_rule", "number"):
        detail = (
            Msg.G004_NOT_IN_ELEMENT_RULE
            if allowed == "element_rule"
            else Msg.G004_NOT_IN_NUMBER_RULE
        )
        ctx.diag(item, path, detail, offset=offset, name=name)
        return False
    info = ctx.names.get(name)
    if info is None:
        if name in ("value", "strong", "medium", "weak", "verdict"):
            ctx.diag(item, path, Msg.G004_LOCAL_ELSEWHERE, offset=offset, name=name)
            return False
        ctx.resolve(item, path, name, ctx.names, Msg.G004_UNKNOWN_NAME, offset=offset)
        return False
    if before is not None:
        if info.uses_results:
            ctx.diag(item, path, Msg.G005_RESULTS_EARLY, offset=offset, name=name, context=context)
            return False
        if info.max_question >= before:
            later = name if info.kind == "question" else "a question it uses"
            ctx.diag(item, path, Msg.G005_LATER, offset=offset, name=name, later=later)
            return False
    if allowed in ("child_when", "sexual_list_when") and info.uses_results:
        ctx.diag(item, path, Msg.G006_RESULTS_CYCLE, offset=offset, name=name, rule=allowed)
        return False
    return True


def check_comparison(
    ctx: LoadContext, item: Item, path: tuple[Any, ...], name: str, literal: str, offset: int
) -> None:
    """`name == "text"`: the text must be an answer of that question (or a verdict id)."""
    if name == "verdict":
        verdicts = ctx.verdict_ids
        ctx.resolve(item, path, literal, verdicts, Msg.G002_NO_SUCH, offset=offset, kind="verdict")
        return
    q = ctx.question(name)
    if q is None:
        return
    if q.type == "yes_no":
        ctx.diag(item, path, Msg.G010_YES_NO, offset=offset, name=name)
    elif q.type == "choice" and q.option(literal) is None:
        if literal in UNKNOWN_VALUES:
            ctx.diag(item, path, Msg.G010_UNKNOWN_ANSWER, offset=offset, name=name, answer=literal)
        else:
            ctx.diag(
                item,
                path,
                Msg.G010_NO_ANSWER,
                hint=ctx.suggest(literal, [o.id for o in q.options]),
                offset=offset,
                name=name,
                answer=literal,
                answers=", ".join(o.id for o in q.options),
            )
    elif q.type == "number":
        ctx.diag(item, path, Msg.G010_NUMBER, offset=offset, name=name)


def get(data: Any, path: tuple[Any, ...]) -> Any:
    """The value at `path` in a file's data."""
    for part in path:
        data = data[part]
    return data
