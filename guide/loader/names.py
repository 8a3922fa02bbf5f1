"""Names and scoping: which names a condition may use where, and what each name depends on.

A question's `when` may only use answers given before it; element rules count strengths;
`raises_when` sees `value`; referral rules and invariants see `verdict`; `raised_in()` and
indicator or element names are only known at the end of the interview. Each problem is
reported where the name stands in the condition's text.
"""

from __future__ import annotations

from typing import Any

from guide.conditions import FUNCTIONS, Condition, ConditionError, parse_condition
from guide.loader.context import SPELLING, Item, LoadContext, NameInfo
from guide.model import UNKNOWN_VALUES

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


def register_ids(ctx: LoadContext, elements: list[Item], indicators: list[Item]) -> None:
    for kind, items in (("element", elements), ("indicator", indicators)):
        for it in items:
            register_name(ctx, it, it.data["id"], kind)


def register_name(
    ctx: LoadContext, item: Item, name: str, kind: str, info: NameInfo | None = None
) -> bool:
    path = (*item.path, "id") if kind != "derived" else item.path
    if name in RESERVED:
        ctx.diag(
            item,
            path,
            "G001",
            f"'{name}' is a reserved word and cannot be an id",
            "Choose another id.",
        )
        return False
    if name in ctx.names:
        other = ctx.names[name].kind
        ctx.diag(
            item,
            path,
            "G001",
            f"the id '{name}' is already used by a{'n' if other[0] in 'aeiou' else ''} {other}",
            "Names used in conditions (questions, derived names, indicators, "
            "elements) must be unique across the guide.",
        )
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
) -> Condition | None:
    source = get(item.pf.data, path)
    if isinstance(source, bool):  # `when: true` written without quotes
        source = "true" if source else "false"
    try:
        cond = parse_condition(source)
    except ConditionError as exc:
        ctx.diag(item, path, "G003", exc.message, exc.hint, offset=exc.offset)
        return None
    ok = check_raised_in(ctx, item, path, cond, allowed, before)
    ok = check_special_calls(ctx, item, path, cond, allowed) and ok
    for name, offset in cond.name_offsets:
        if not check_name(ctx, item, path, name, offset, allowed, before, context):
            ok = False
    for name, literal, offset in cond.compared:
        check_comparison(ctx, item, path, name, literal, offset)
    return cond if ok else None


def check_special_calls(
    ctx: LoadContext, item: Item, path: tuple[Any, ...], cond: Condition, allowed: str
) -> bool:
    """step() only in invariants, naming a step; unanswered() only names questions."""
    ok = True
    for sid, offset in cond.steps:
        if allowed != "invariant":
            ctx.diag(
                item,
                path,
                "G004",
                "step() can only be used in invariants",
                "Referral rules decide the steps; an invariant checks them.",
                offset=offset,
            )
            ok = False
        elif sid not in ctx.step_ids:
            ctx.diag(
                item,
                path,
                "G004",
                f"there is no step '{sid}'",
                ctx.suggest(sid, ctx.step_ids) or SPELLING,
                offset=offset,
            )
            ok = False
    for name, offset in cond.unanswered:
        info = ctx.names.get(name)
        if info is not None and info.kind != "question":
            ctx.diag(
                item,
                path,
                "G004",
                f"'{name}' is not a question",
                "unanswered() counts questions that apply and have no usable answer.",
                offset=offset,
            )
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
    if "raised_in" not in cond.calls:
        return True
    ok = True
    for name, offset in cond.raised_in:
        info = ctx.names.get(name)
        if info is None or info.kind != "element":
            ctx.diag(
                item,
                path,
                "G004",
                f"'{name}' is not an element",
                "raised_in() counts the raised indicators of the elements named.",
                offset=offset,
            )
            ok = False
    if allowed in ("element_rule", "number"):
        ctx.diag(
            item,
            path,
            "G004",
            "raised_in() cannot be used here",
            "Use it in verdicts, referral rules and derived names.",
        )
        return False
    if before is not None:
        ctx.diag(
            item,
            path,
            "G005",
            "raised_in() counts indicators, which are only known at the end",
            "Base the condition on earlier answers.",
        )
        return False
    if allowed in ("child_when", "sexual_list_when"):
        ctx.diag(
            item,
            path,
            "G006",
            "raised_in() depends on indicator strengths, which "
            f"depend on {allowed}: that is a cycle",
            f"Base {allowed} on answers only.",
        )
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
    local = {
        "element_rule": {"strong", "medium", "weak"},
        "number": {"value"},
        "referral": {"verdict"},
        "invariant": {"verdict"},
    }.get(allowed, set())
    if name in local:
        return True
    if allowed in ("element_rule", "number"):
        hint = (
            "Element rules count indicators: use strong, medium and weak."
            if allowed == "element_rule"
            else "Use `value`, the number answered."
        )
        ctx.diag(item, path, "G004", f"'{name}' cannot be used here", hint, offset=offset)
        return False
    info = ctx.names.get(name)
    if info is None:
        if name in ("value", "strong", "medium", "weak", "verdict"):
            ctx.diag(
                item,
                path,
                "G004",
                f"'{name}' cannot be used in this condition",
                "value is for raises_when, strong/medium/weak for element rules, "
                "verdict for referral rules.",
                offset=offset,
            )
            return False
        hint = ctx.suggest(name, ctx.names) or (
            "Names are question ids, derived names, indicator ids and element ids."
        )
        ctx.diag(item, path, "G004", f"unknown name '{name}'", hint, offset=offset)
        return False
    if before is not None:
        if info.uses_results:
            ctx.diag(
                item,
                path,
                "G005",
                f"'{name}' depends on indicators or elements, which are only known "
                f"at the end; {context} cannot wait for them",
                "Base the condition on earlier answers.",
                offset=offset,
            )
            return False
        if info.max_question >= before:
            later = name if info.kind == "question" else "a question it uses"
            ctx.diag(
                item,
                path,
                "G005",
                f"'{name}' is not known yet here: {later} comes later in the interview",
                "Move that question earlier, or this condition later.",
                offset=offset,
            )
            return False
    if allowed in ("child_when", "sexual_list_when") and info.uses_results:
        ctx.diag(
            item,
            path,
            "G006",
            f"'{name}' depends on indicators or elements, whose strength depends on "
            f"{allowed}: that is a cycle",
            f"Base {allowed} on answers only.",
            offset=offset,
        )
        return False
    return True


def check_comparison(
    ctx: LoadContext, item: Item, path: tuple[Any, ...], name: str, literal: str, offset: int
) -> None:
    if name == "verdict":
        if literal not in ctx.verdict_ids:
            ctx.diag(
                item,
                path,
                "G002",
                f"there is no verdict '{literal}'",
                ctx.suggest(literal, ctx.verdict_ids) or SPELLING,
                offset=offset,
            )
        return
    q = ctx.question_map.get(name)
    if q is None:
        return
    if q.type == "yes_no":
        ctx.diag(
            item,
            path,
            "G010",
            f"'{name}' is a yes/no question: it is true or false, not a text",
            f"Write `{name}` or `not {name}`; for don't know use unknown({name}).",
            offset=offset,
        )
    elif q.type == "choice" and q.option(literal) is None:
        hint = ctx.suggest(literal, [o.id for o in q.options])
        if literal in UNKNOWN_VALUES:
            hint = f"Unknown answers compare as none: use unknown({name}) or {literal}({name})."
        ctx.diag(
            item,
            path,
            "G010",
            f"question '{name}' has no answer '{literal}'",
            hint or "Answers: " + ", ".join(o.id for o in q.options),
            offset=offset,
        )
    elif q.type == "number":
        ctx.diag(
            item,
            path,
            "G010",
            f"'{name}' is a number question, compared with a text",
            "Compare it with a number, e.g. >= 18.",
            offset=offset,
        )


def get(data: Any, path: tuple[Any, ...]) -> Any:
    """The value at `path` in a file's data."""
    for part in path:
        data = data[part]
    return data
