"""Building the model: each section of the parsed files becomes frozen model objects.

`build` is the order of the whole build; each `build_*` function makes one kind of part and
reports the problems only it can see (duplicate ids, unknown references while resolving).
Checks over the built parts are in `guide.loader.checks`, names and scoping of conditions in
`guide.loader.names`, the trainers' scenarios in `guide.loader.scenarios`.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Any, cast

from guide.core.conditions import Condition, ConditionError, parse_condition
from guide.core.model import (
    Contact,
    Element,
    Guide,
    Indicator,
    Invariant,
    Module,
    NumberRule,
    Question,
    ReferralRule,
    Step,
    Strength,
    Term,
    Verdict,
    frozen_map,
    replace,
)
from guide.loader import checks
from guide.loader.compact import ABSENT, ModuleEntry, QuestionEntry
from guide.loader.context import Item, LoadContext, NameInfo
from guide.loader.diagnostics import Msg, has_errors
from guide.loader.names import (
    check_comparison,
    check_name,
    check_raised_in,
    check_special_calls,
    condition,
    optional_condition,
    register_ids,
    register_name,
)
from guide.loader.replacements import build_replacements
from guide.loader.scenarios import build_scenarios

# Derived names built on derived names: deeper chains are refused (G023), so evaluating one
# can never exhaust Python's stack (a chain of 250 did, before this limit).
MAX_DERIVED_DEPTH = 64


def build(ctx: LoadContext) -> Guide | None:
    """Build the Guide from the parsed files; None when any error was reported."""
    meta = build_meta(ctx)
    elements_raw = list(ctx.items("elements", placed=True))
    indicators_raw = list(ctx.items("indicators", placed=True))
    register_ids(ctx, elements_raw, indicators_raw)
    modules = build_modules(ctx, meta)
    derived = build_derived(ctx)
    resolve_question_conditions(ctx, modules)
    ctx.report(checks.never_asked(ctx, modules))
    ctx.report(checks.empty_number_ranges(ctx, modules))
    element_rule, child_when, sexual_list_when = build_scoring(ctx)
    elements = build_elements(ctx, elements_raw, element_rule)
    indicators = build_indicators(ctx, indicators_raw, elements)
    ctx.report(checks.unknown_raised_indicators(ctx, modules, indicators))
    verdicts = build_verdicts(ctx)
    ctx.report(checks.unreachable_verdicts(ctx, verdicts))
    ctx.report(checks.conditional_last_verdict(ctx, verdicts))
    contacts = build_contacts(ctx)
    steps, referrals = build_referrals(ctx, contacts)
    ctx.step_ids = set(steps)
    terms = build_terms(ctx, derived)
    invariants = build_invariants(ctx)
    ctx.report(checks.unknown_emergency_contacts(ctx, meta, contacts))
    emergency = tuple(c for c in (meta or {}).get("emergency_contacts", ()) if c in contacts)
    ctx.report(checks.indicators_never_raised(ctx, modules, indicators))
    ctx.report(checks.elements_without_indicators(ctx, indicators, elements))
    ctx.report(checks.contacts_never_used(ctx, steps, emergency))
    questions = tuple(q for m in modules for q in m.questions)
    replaced = build_replacements(ctx)
    scenarios = build_scenarios(ctx, ctx.questions, elements, steps, indicators, terms)
    if meta is None or element_rule is None or has_errors(ctx.diagnostics):
        return None
    # What only the build needed goes before the guide's own tables are made (a load's peak
    # of memory is here): the files as read; then the tables of names and of questions
    # become the guide's (no second table of 20,000 entries).
    ctx.release()
    depend = dependents(ctx, modules)
    return Guide(
        id=meta["id"],
        version=str(meta["version"]),
        title=meta["title"],
        source_language=meta["source_language"],
        languages=tuple(meta["languages"]),
        modules=tuple(modules),
        questions=questions,
        indicators=frozen_map(indicators),
        elements=frozen_map(elements),
        verdicts=tuple(verdicts),
        referrals=tuple(referrals),
        steps=frozen_map(steps),
        contacts=frozen_map(contacts),
        derived=frozen_map(derived),
        element_rule=element_rule,
        child_when=child_when,
        sexual_list_when=sexual_list_when,
        emergency_contacts=emergency,
        scenarios=tuple(scenarios),
        root=ctx.root,
        name_kinds=MappingProxyType(ctx.take_name_kinds()),
        question_by_id=MappingProxyType(ctx.take_questions()),
        module_by_id=frozen_map({m.id: m for m in modules}),
        dependents=frozen_map(depend),
        terms=frozen_map(terms),
        invariants=tuple(invariants),
        replaced=frozen_map(replaced),
    )


def build_meta(ctx: LoadContext) -> dict[str, Any] | None:
    metas = [(pf, pf.data["guide"]) for pf in ctx.files if "guide" in pf.data]
    if not metas:
        pf = ctx.files[0] if ctx.files else None
        place = (pf.file, 1, 1) if pf else (ctx.root, 0, 1)
        ctx.diagnostics.append(Msg.G011_NO_GUIDE.at(*place))
        return None
    for pf, _ in metas[1:]:
        ctx.diag(pf, ("guide",), Msg.G011_GUIDE_REPEATED, key=True, first=metas[0][0].file)
    ctx.meta_pf = metas[0][0]
    return metas[0][1]


def build_modules(ctx: LoadContext, meta: dict[str, Any] | None) -> list[Module]:
    """The modules in the guide's order, with their questions (made as their files were read,
    `guide.loader.compact`): each question named, its number rules checked, in interview
    order. The questions' index and condition are set by `resolve_question_conditions`."""
    defined: dict[str, Item] = {}
    for it in ctx.items("modules"):
        mid = it.data.id
        if mid in defined:
            ctx.diag(
                it, (*it.path, "id"), Msg.G001_MODULE_TWICE, name=mid, first=defined[mid].pf.file
            )
            continue
        defined[mid] = it
    order: list[str] = [] if meta is not None else list(defined)
    if meta is not None:
        meta_pf = ctx.first_file
        for i, mid in enumerate(meta["modules"]):
            if ctx.resolve(meta_pf, ("guide", "modules", i), mid, defined, Msg.G012_NO_SUCH_MODULE):
                order.append(mid)
        for mid, it in defined.items():
            if mid not in meta["modules"]:
                ctx.diag(it, (*it.path, "id"), Msg.G012_NOT_LISTED, name=mid)
    modules: list[Module] = []
    index = 0
    for mid in order:
        it = defined[mid]
        entry: ModuleEntry = it.data
        ctx.module_items[mid] = it
        questions: list[Question] = []
        for qe in entry.questions:
            item = Item(it.pf, (*it.path, "questions", qe.number), None)
            rules = build_number_rules(ctx, item, qe)
            question = qe.question
            qe.index = index
            if not register_name(ctx, item, question.id, "question", qe):
                continue
            ctx.questions[question.id] = qe
            if rules:
                ctx.number_rules[question.id] = rules
            questions.append(question)
            index += 1
        modules.append(
            Module(
                id=mid,
                title=entry.title,
                questions=tuple(questions),
                intro=entry.intro,
                when=None,
                ref=entry.ref,
                intro_for=entry.intro_for,
            )
        )
    return modules


def build_number_rules(ctx: LoadContext, item: Item, qe: QuestionEntry) -> tuple[NumberRule, ...]:
    """The diagnostics of the question's answers (found as its file was read), then its
    number rules, each condition checked where it stands (`value` only)."""
    extra = qe.extra
    if extra is None:
        return ()
    ctx.diagnostics.extend(extra.diagnostics)
    rules: list[NumberRule] = []
    for ri, (source, raises, urgent) in enumerate(extra.rules):
        path = (*item.path, "raises_when", ri, "when")
        cond = condition(ctx, item, path, "number", source=source)
        if cond is not None:
            rules.append(NumberRule(cond, raises, urgent))
    return tuple(rules)


def _visit_derived(
    ctx: LoadContext,
    parsed: dict[str, tuple[Item, Condition]],
    state: dict[str, int],
    order: list[str],
    name: str,
    chain: list[str],
) -> None:
    """Put `name` after the derived names it uses (depth first), reporting a cycle (G006).

    A function of the module, not a closure: a closure that calls itself is a reference
    cycle, which held the load's context and every parsed file until the next full
    collection (the loader pauses the cyclic collector while it loads)."""
    if state.get(name) == 2:
        return
    if state.get(name) == 1:
        item, _ = parsed[name]
        cycle = " → ".join([*chain[chain.index(name) :], name])
        ctx.diag(item, item.path, Msg.G006_DERIVED_CYCLE, key=True, cycle=cycle)
        raise _Cycle
    state[name] = 1
    _, cond = parsed[name]
    # Sorted: `names` is a set, whose order changes from run to run with string hashing; the
    # order of the derived names (and of a cycle's report) must not.
    for dep in sorted(cond.names):
        if dep in parsed:
            _visit_derived(ctx, parsed, state, order, dep, [*chain, name])
    state[name] = 2
    order.append(name)


def build_derived(ctx: LoadContext) -> dict[str, Condition]:
    entries: dict[str, tuple[Item, Condition]] = {}
    parsed: dict[str, tuple[Item, Condition]] = {}
    for pf in ctx.files:
        section = pf.data.get("derived")
        if not isinstance(section, dict):
            continue
        for name, source in section.items():
            item = Item(pf, ("derived", name), source)
            if isinstance(source, dict):  # a term: a condition with words of its own
                ctx.term_data[name] = (item, source)
                item = Item(pf, ("derived", name, "when"), source["when"])
                source = source["when"]
            if isinstance(source, bool):
                source = "true" if source else "false"
            try:
                cond = parse_condition(source)
            except ConditionError as exc:
                ctx.diag(
                    item,
                    item.path,
                    Msg.G003_SYNTAX,
                    hint=exc.hint,
                    offset=exc.offset,
                    message=exc.message,
                )
                # Known all the same: a condition using it is not also "unknown name".
                if register_name(ctx, item, name, "derived", NameInfo("derived")):
                    ctx.mark_broken("derived", name)
                continue
            if not register_name(ctx, item, name, "derived", NameInfo("derived")):
                continue
            parsed[name] = (item, cond)
    # Resolve in dependency order, finding cycles.
    state: dict[str, int] = {}  # 1 visiting, 2 done
    order: list[str] = []

    for name in list(parsed):
        try:
            _visit_derived(ctx, parsed, state, order, name, [])
        except _Cycle:
            for n in list(state):
                if state[n] == 1:
                    state[n] = 2
        except RecursionError:  # a chain far deeper than MAX_DERIVED_DEPTH
            item, _ = parsed[name]
            ctx.diag(item, item.path, Msg.G023_FAR_TOO_DEEP, key=True, limit=MAX_DERIVED_DEPTH)
            for n in list(state):
                if state[n] == 1:
                    state[n] = 2
    # Derived names on derived names are bounded: evaluating one recurses (i16).
    depth: dict[str, int] = {}
    for name in order:
        item, cond = parsed[name]
        deps = [dep for dep in cond.names if dep in parsed]
        depth[name] = 1 + max((depth.get(dep, 0) for dep in deps), default=0)
        if depth[name] == MAX_DERIVED_DEPTH + 1:
            ctx.diag(
                item, item.path, Msg.G023_TOO_DEEP, key=True, name=name, limit=MAX_DERIVED_DEPTH
            )
    for name in order:
        item, cond = parsed[name]
        info = ctx.names[name]
        ok = True
        max_q, uses = -1, False
        qs: set[str] = set()
        for dep, offset in cond.name_offsets:
            if not check_name(ctx, item, item.path, dep, offset, "derived", None, ""):
                ok = False
                continue
            d = ctx.names[dep]
            max_q = max(max_q, d.max_question)
            uses = uses or d.uses_results
            qs.update(d.questions if d.questions is not None else (dep,))
        for dep, literal, offset in cond.compared:
            check_comparison(ctx, item, item.path, dep, literal, offset)
        if "raised_in" in cond.calls:
            uses = True
            ok = check_raised_in(ctx, item, item.path, cond, "derived", None) and ok
        ok = check_special_calls(ctx, item, item.path, cond, "derived") and ok
        assert isinstance(info, NameInfo)  # a derived name's, made above
        info.max_question, info.uses_results, info.questions = max_q, uses, frozenset(qs)
        if ok:
            entries[name] = (item, cond)
    return {n: c for n, (_, c) in entries.items()}


def resolve_question_conditions(ctx: LoadContext, modules: list[Module]) -> None:
    """Compile `when` of modules and questions, now that every name is known, and make each
    question as the guide holds it (its index in the interview, its condition and rules)."""
    for mi, module in enumerate(modules):
        it = ctx.module_items[module.id]
        entry: ModuleEntry = it.data
        first = ctx.names[module.questions[0].id].index if module.questions else 0
        mwhen = None
        if entry.when is not ABSENT:
            mwhen = condition(
                ctx,
                it,
                (*it.path, "when"),
                "question",
                before=first,
                context=f"module '{module.id}'",
                source=entry.when,
            )
        questions = []
        for q in module.questions:
            qe = ctx.questions[q.id]
            index = ctx.names[q.id].index
            qwhen = None
            if qe.when is not ABSENT:
                qwhen = condition(
                    ctx,
                    it,
                    (*it.path, "questions", qe.number, "when"),
                    "question",
                    before=index,
                    context=f"question '{q.id}'",
                    source=qe.when,
                )
            # the question as made when read, with what the whole guide decides (the
            # constructor, not dataclasses.replace: a third of the time, for every question)
            rules = ctx.number_rules.get(q.id, ())
            made = Question(
                q.id, q.module, index, q.kind, q.type, q.text, q.guidance, qwhen,
                q.options, q.min, q.max, q.unit, rules, q.ref,
            )  # fmt: skip
            questions.append(made)
            qe.question = made
        modules[mi] = replace(module, when=mwhen, questions=tuple(questions))


def build_scoring(ctx: LoadContext) -> tuple[Condition | None, Condition | None, Condition | None]:
    items = [(pf, pf.data["scoring"]) for pf in ctx.files if "scoring" in pf.data]
    if not items:
        ctx.diag(
            ctx.first_file,
            (),
            Msg.S002_NO_SCORING,
        )
        return None, None, None
    for pf, _ in items[1:]:
        ctx.diag(
            pf,
            ("scoring",),
            Msg.G011_SCORING_REPEATED,
            key=True,
        )
    pf, data = items[0]
    item = Item(pf, ("scoring",), data)
    rule = condition(ctx, item, ("scoring", "element_rule"), "element_rule")
    child = sexual = None
    ctx.has_sexual_list = "sexual_list_when" in data
    if "child_when" in data:
        child = condition(ctx, item, ("scoring", "child_when"), "child_when")
    if "sexual_list_when" in data:
        # like child_when, it decides the grades: answers only, never indicators
        sexual = condition(ctx, item, ("scoring", "sexual_list_when"), "sexual_list_when")
    return rule, child, sexual


def build_elements(
    ctx: LoadContext, items: list[Item], default: Condition | None
) -> dict[str, Element]:
    elements: dict[str, Element] = {}
    for it in items:
        eid = it.data["id"]
        if ctx.names.get(eid) is None or ctx.names[eid].kind != "element" or eid in elements:
            continue
        _, rule = optional_condition(ctx, it, "present_when", "element_rule", default)
        if rule is None:
            ctx.mark_broken("element", eid)
            continue
        elements[eid] = Element(
            eid,
            it.data["label"],
            rule,
            it.data.get("description"),
            it.data.get("group"),
            it.ref(),
        )
    return elements


def build_indicators(
    ctx: LoadContext, items: list[Item], elements: dict[str, Element]
) -> dict[str, Indicator]:
    indicators: dict[str, Indicator] = {}
    for it in items:
        iid, eid = it.data["id"], it.data["element"]
        if ctx.names.get(iid) is None or ctx.names[iid].kind != "indicator" or iid in indicators:
            continue
        if eid not in elements:
            # Kept known, so that the answers raising it and the scenarios expecting it
            # are no further errors: one mistake, one diagnostic.
            ctx.mark_broken("indicator", iid)
            # An element whose own definition failed is known: no second error.
            known = ctx.known("element", elements)
            path = (*it.path, "element")
            ctx.resolve(it, path, eid, known, Msg.G002_NO_ELEMENT, candidates=elements)
            continue
        strength = it.data["strength"]
        adult, child = (
            (strength, strength)
            if isinstance(strength, str)
            else (strength["adult"], strength["child"])
        )
        sexual = strength.get("sexual") if isinstance(strength, dict) else None
        if sexual is not None and not ctx.has_sexual_list:
            ctx.diag(
                it,
                (*it.path, "strength", "sexual"),
                Msg.G022_SEXUAL_UNUSED,
                key=True,
                name=iid,
            )
        s_adult, s_child = (
            (sexual, sexual)
            if isinstance(sexual, str)
            else (sexual["adult"], sexual["child"])
            if isinstance(sexual, dict)
            else (None, None)
        )
        # The schema allows only strong, medium and weak here.
        indicators[iid] = Indicator(
            iid,
            eid,
            cast(Strength, adult),
            cast(Strength, child),
            it.data["label"],
            it.ref(),
            cast("Strength | None", s_adult),
            cast("Strength | None", s_child),
        )
    return indicators


def build_verdicts(ctx: LoadContext) -> list[Verdict]:
    verdicts: list[Verdict] = []
    items = list(ctx.items("verdicts", placed=True))
    for it in items:
        vid = it.data["id"]
        if ctx.defined_again(it, ctx.verdict_items, "verdict", "verdict"):
            continue
        ctx.verdict_items[vid] = it
        usable, when = optional_condition(ctx, it, "when", "verdict")
        if not usable:
            ctx.mark_broken("verdict", vid)
            continue
        verdicts.append(
            Verdict(
                vid,
                it.data["level"],
                it.data["title"],
                it.data["explanation"],
                when,
                it.ref(),
                it.data.get("basis"),
            )
        )
    if not items:
        ctx.diag(
            ctx.first_file,
            (),
            Msg.S002_NO_VERDICTS,
        )
    return verdicts


def build_terms(ctx: LoadContext, derived: dict[str, Condition]) -> dict[str, Term]:
    """Derived names written as a mapping: their words, for the reasons of a result."""
    terms: dict[str, Term] = {}
    for name, (it, data) in ctx.term_data.items():
        if name not in derived:
            continue  # its condition had an error, already reported
        usable, shown = optional_condition(ctx, it, "shown_when", "referral")
        if not usable:
            continue
        terms[name] = Term(
            name,
            data.get("label", name),
            derived[name],
            data.get("explanation"),
            data.get("basis"),
            it.ref(),
            shown,
        )
    return terms


def build_invariants(ctx: LoadContext) -> list[Invariant]:
    invariants: list[Invariant] = []
    seen: set[str] = set()
    for it in ctx.items("invariants", placed=True):
        d = it.data
        if ctx.defined_again(it, seen, "invariant", "invariant"):
            continue
        seen.add(d["id"])
        shape = checks.invariant_shape_problem(d)
        if shape:
            ctx.diag(it, (*it.path, "id"), shape, name=d["id"])
            continue
        usable, when = optional_condition(ctx, it, "when", "invariant")
        if not usable:
            continue
        usable, require = optional_condition(ctx, it, "require", "invariant")
        if not usable:
            continue
        invariants.append(
            Invariant(
                d["id"], d["title"], when, require, d.get("monotone"), d.get("basis"), it.ref()
            )
        )
    return invariants


def build_contacts(ctx: LoadContext) -> dict[str, Contact]:
    contacts: dict[str, Contact] = {}
    for it in ctx.items("contacts", placed=True):
        d = it.data
        if ctx.defined_again(it, contacts, "contact", "contact"):
            continue
        verified = d["verified"] if isinstance(d["verified"], str) else None
        contacts[d["id"]] = Contact(
            d["id"],
            d["name"],
            d["region"],
            verified,
            d.get("phone"),
            d.get("hours"),
            d.get("source"),
            d.get("note"),
            it.ref(),
        )
        ctx.contact_items[d["id"]] = it
    return contacts


def build_referrals(
    ctx: LoadContext, contacts: dict[str, Contact]
) -> tuple[dict[str, Step], list[ReferralRule]]:
    steps: dict[str, Step] = {}
    step_items: dict[str, Item] = {}
    rules_raw = list(ctx.items("referrals", placed=True))
    for it in rules_raw:
        for si, s in enumerate(it.data["steps"]):
            if "ref" in s:
                continue
            spath = (*it.path, "steps", si)
            for ci, cid in enumerate(s.get("contacts", ())):
                ctx.resolve(it, (*spath, "contacts", ci), cid, contacts, Msg.G002_NO_CONTACT)
            step = Step(
                s["id"],
                s["urgency"],
                s["text"],
                tuple(s.get("contacts", ())),
                Item(it.pf, spath, s).ref(),
                s.get("basis"),
            )
            if step.id in steps:
                old = steps[step.id]
                if (old.urgency, old.text, old.contacts, old.basis) != (
                    step.urgency,
                    step.text,
                    step.contacts,
                    step.basis,
                ):
                    ctx.diag(
                        it,
                        (*spath, "id"),
                        Msg.G017_STEP_AGAIN,
                        name=step.id,
                        first=old.ref,
                    )
                continue
            steps[step.id] = step
            step_items[step.id] = it
    rules: list[ReferralRule] = []
    seen: set[str] = set()
    for it in rules_raw:
        rid = it.data["id"]
        if ctx.defined_again(it, seen, "referral rule", "rule"):
            continue
        seen.add(rid)
        ids: list[str] = []
        for si, s in enumerate(it.data["steps"]):
            sid = s.get("ref", s.get("id"))
            if ctx.resolve(it, (*it.path, "steps", si, "ref"), sid, steps, Msg.G002_NO_STEP):
                ids.append(sid)
        usable, when = optional_condition(ctx, it, "when", "referral")
        if not usable:
            continue
        rules.append(ReferralRule(rid, when, tuple(ids), it.ref()))
    return steps, rules


def dependents(ctx: LoadContext, modules: list[Module]) -> dict[str, tuple[str, ...]]:
    """Question id -> later questions whose asking depends on it directly."""
    deps: dict[str, list[str]] = {}
    for m in modules:
        for q in m.questions:
            needed: set[str] = set()
            for cond in (m.when, q.when):
                if cond is None:
                    continue
                for name in cond.names:
                    info = ctx.names.get(name)
                    if info is not None:
                        needed.update(info.questions if info.questions is not None else (name,))
            for src in needed:
                deps.setdefault(src, []).append(q.id)
    return {k: tuple(v) for k, v in deps.items()}


class _Cycle(Exception):
    pass
