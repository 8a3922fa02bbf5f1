"""dalil explain ID: where a part of the guide is defined, when it applies, what raises it,
what it feeds, and which scenarios touch it."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from guide.commands.common import add_guide_argument, load_or_report
from guide.i18n import _

if TYPE_CHECKING:
    from guide.core.conditions import Condition
    from guide.core.model import Guide, SourceRef
    from guide.trainer.coverage import ScenarioTrace
    from guide.trainer.graph import ConditionUse

# The kinds an id can name, in the order matches are shown. Names used in conditions share
# one namespace; the others each have their own, so one id can name several things.
KINDS = (
    "question",
    "derived",
    "indicator",
    "element",
    "verdict",
    "rule",
    "step",
    "contact",
    "module",
    "scenario",
    "answer",  # written QUESTION=ANSWER
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "explain",
        help=_("explain one part of the guide: where, when, what feeds it, what it feeds"),
        description=_(
            "Explain a question, derived name, indicator, element, verdict, referral "
            "rule, step, contact, module or scenario: where it is defined (file:line), when it "
            "is asked or applies, what raises it, what it feeds, and which scenarios touch it. "
            "When an id names several things, all are shown; write KIND:ID (e.g. rule:danger) "
            "for one. QUESTION=ANSWER (e.g. paid=no) explains one answer."
        ),
    )
    p.add_argument("id", metavar="ID", help=_("the id, KIND:ID, or QUESTION=ANSWER"))
    add_guide_argument(p)
    p.set_defaults(func=run)


class _Context:
    """What every explanation reads: the guide, who reads which name, scenario runs."""

    def __init__(self, guide: Guide) -> None:
        from guide.trainer.coverage import trace_scenarios
        from guide.trainer.graph import condition_users

        self.guide = guide
        self.users = condition_users(guide)
        self.traces: list[ScenarioTrace] = trace_scenarios(guide)

    def used_by(self, name: str) -> list[str]:
        return [_use_line(u) for u in self.users.get(name, [])]


def read_names(guide: Guide, cond: Condition) -> list[str]:
    from guide.trainer.graph import read_names as names_of

    return names_of(guide, cond)


def _use_line(u: ConditionUse) -> str:
    what = {"rule": "referral rule", "scoring": "scoring"}.get(u.kind, u.kind)
    return f"{what} {u.id}: {u.source}"


def _where(ref: SourceRef | None) -> str:
    return f"{ref.file}:{ref.line}" if ref else "(place unknown)"


def _section(title: str, lines: list[str], empty: str = "") -> list[str]:
    if not lines:
        return [f"  {title}: {empty}"] if empty else []
    return [f"  {title}:", *(f"    {x}" for x in lines)]


def _inline(title: str, ids: list[str], empty: str = "") -> list[str]:
    """A list of ids on one line (wrapped), for lists that can be long."""
    import textwrap

    if not ids:
        return [f"  {title}: {empty}"] if empty else []
    return textwrap.wrap(
        f"{title}: " + ", ".join(ids), 96, initial_indent="  ", subsequent_indent="    "
    )


# --------------------------------------------------------------------------- per kind


def explain_question(ctx: _Context, qid: str) -> list[str]:
    from guide.trainer.graph import answer_labels

    g = ctx.guide
    q = g.question(qid)
    m = g.module_by_id[q.module]
    out = [f"question {q.id} — {_where(q.ref)}", f"  {q.text}"]
    how = "observed by the officer" if q.kind == "observe" else "asked to the person"
    out.append(f"  module {m.id} ({m.title}), question {q.index + 1} of {len(g.questions)}; {how}")
    if q.guidance:
        out.append(f"  guidance: {q.guidance}")
    asked = []
    if m.when is not None:
        asked.append(f"module {m.id} applies: {m.when.source}")
    if q.when is not None:
        asked.append(f"its own condition holds: {q.when.source}")
    out += _section("asked when", asked, "always (no condition)")
    if q.type == "number":
        rng = f"{q.min if q.min is not None else '…'} to {q.max if q.max is not None else '…'}"
        out.append(f"  answers: a number, {rng}{' ' + q.unit if q.unit else ''}")
    else:
        out.append("  answers: " + ", ".join(o.id for o in q.options) + " (+ dont_know, declined)")
    raised = []
    for label, raises, urgent in answer_labels(q):
        parts = []
        if raises:
            parts.append("raises " + ", ".join(raises))
        if urgent:
            parts.append("URGENT (emergency steps)")
        raised.append(f"{label} → {'; '.join(parts)}")
    out += _section("answers that raise indicators or are urgent", raised, "none")
    reads = read_names(g, q.when) if q.when is not None else []
    out += _inline("its condition reads", reads)
    out += _section("read by", ctx.used_by(qid), "no condition reads it")
    touched = []
    for t in ctx.traces:
        given = t.scenario.answers.get(qid)
        if given is None:
            continue
        state = "counts" if qid in t.active else "NOT ASKED on this path"
        touched.append(f"{t.scenario.id}: {given} ({state})")
    out += _section("scenarios", touched, "no scenario answers it")
    return out


def explain_derived(ctx: _Context, name: str) -> list[str]:
    g = ctx.guide
    cond = g.derived[name]
    out = [f"derived {name} — {_derived_place(g, name)}", f"  = {cond.source}"]
    term = getattr(g, "terms", {}).get(name)
    if term is not None:
        out.append(f"  term: {term.label}")
        if term.explanation:
            out.append(f"  {term.explanation}")
        out.append(f"  basis: {term.basis}" if term.basis else "  basis: none given")
    out += _inline("reads", read_names(g, cond))
    out += _section("read by", ctx.used_by(name), "no condition reads it")
    if g.child_when is not None and name in read_names(g, g.child_when):
        out.append("  decides which indicator strength applies (scoring.child_when)")
    if g.sexual_list_when is not None and name in read_names(g, g.sexual_list_when):
        out.append("  decides which indicator strength applies (scoring.sexual_list_when)")
    holds = [t.scenario.id for t in ctx.traces if name in t.derived]
    out += _inline("holds in scenarios", holds, "none")
    return out


def explain_indicator(ctx: _Context, iid: str) -> list[str]:
    from guide.trainer.graph import answer_labels

    g = ctx.guide
    ind = g.indicators[iid]
    out = [f"indicator {iid} — {_where(ind.ref)}", f"  {ind.label}"]
    strength = (
        ind.adult if ind.adult == ind.child else f"{ind.adult} for adults, {ind.child} for children"
    )
    out.append(f"  strength: {strength}")
    if ind.sexual_adult is not None:
        sexual = (
            ind.sexual_adult
            if ind.sexual_adult == ind.sexual_child
            else f"{ind.sexual_adult} for adults, {ind.sexual_child} for children"
        )
        out.append(f"  in the sexual-exploitation lists (scoring.sexual_list_when): {sexual}")
    raised_by = [
        f"question {q.id} = {label}"
        for q in g.questions
        for label, raises, _ in answer_labels(q)
        if iid in raises
    ]
    out += _section("raised by", raised_by, "no answer raises it")
    el = g.elements[ind.element]
    feeds = [f"element {el.id} ({el.label}), present when {el.present_when.source}"]
    feeds += ctx.used_by(iid)
    out += _section("feeds", feeds)
    touched = [f"{t.scenario.id}" for t in ctx.traces if iid in t.raised]
    out += _inline("raised in scenarios", touched, "none")
    return out


def explain_element(ctx: _Context, eid: str) -> list[str]:
    g = ctx.guide
    el = g.elements[eid]
    out = [f"element {eid} — {_where(el.ref)}", f"  {el.label}"]
    if el.description:
        out.append(f"  {el.description}")
    out.append(f"  present when: {el.present_when.source}")
    inds = [
        f"{i.id} ({i.adult if i.adult == i.child else f'adult {i.adult}, child {i.child}'})"
        for i in g.indicators.values()
        if i.element == eid
    ]
    out += _section("indicators", inds, "none: it can never be present")
    out += _section("read by", ctx.used_by(eid), "no condition reads it")
    present = [t.scenario.id for t in ctx.traces if eid in t.present]
    absent = [t.scenario.id for t in ctx.traces if eid not in t.present]
    out += _inline("present in scenarios", present, "none")
    out += _inline("absent in scenarios", absent, "none")
    return out


def explain_verdict(ctx: _Context, vid: str) -> list[str]:
    g = ctx.guide
    order = [v.id for v in g.verdicts]
    v = g.verdicts[order.index(vid)]
    n = order.index(vid) + 1
    out = [f"verdict {vid} — {_where(v.ref)}", f"  {v.title} (level {v.level})"]
    out.append(f"  {v.explanation}")
    basis = getattr(v, "basis", None)
    out.append(f"  basis: {basis}" if basis else "  basis: none given")
    if v.when is not None:
        before = f"; tried after {', '.join(order[: n - 1])}" if n > 1 else ""
        out.append(f"  result when: {v.when.source} (verdict {n} of {len(order)}{before})")
        out += _inline("reads", read_names(g, v.when))
    else:
        out.append("  result when no verdict before it holds (the last, unconditional one)")
    out += _section("read by", ctx.used_by(f"verdict:{vid}"), "no referral rule reads it")
    result = [t.scenario.id for t in ctx.traces if t.verdict == vid]
    expected = [s.id for s in g.scenarios if s.expect.verdict == vid]
    out += _inline("result of scenarios", result, "none")
    out += _inline("expected by scenarios", expected, "none")
    return out


def explain_rule(ctx: _Context, rid: str) -> list[str]:
    g = ctx.guide
    r = next(x for x in g.referrals if x.id == rid)
    out = [f"referral rule {rid} — {_where(r.ref)}"]
    out.append(f"  applies when: {r.when.source}" if r.when else "  applies always")
    if r.when is not None:
        out += _inline("reads", read_names(g, r.when))
    steps = [f"{s} [{_urgency(g.steps[s].urgency)}] {g.steps[s].text}" for s in r.steps]
    out += _section("adds steps", steps)
    fired = [t.scenario.id for t in ctx.traces if rid in t.rules]
    out += _inline("holds in scenarios", fired, "none")
    return out


def explain_step(ctx: _Context, sid: str) -> list[str]:
    g = ctx.guide
    s = g.steps[sid]
    out = [f"step {sid} — {_where(s.ref)}", f"  [{_urgency(s.urgency)}] {s.text}"]
    basis = getattr(s, "basis", None)
    out.append(f"  basis: {basis}" if basis else "  basis: none given")
    contacts = [f"{c} ({g.contacts[c].name})" for c in s.contacts]
    out += _section("contacts", contacts, "none")
    rules = [
        f"{r.id}: {r.when.source if r.when else 'always'}" for r in g.referrals if sid in r.steps
    ]
    out += _section("added by referral rules", rules)
    shown = [t.scenario.id for t in ctx.traces if sid in t.steps]
    out += _inline("shown in scenarios", shown, "none")
    return out


def _urgency(urgency: str) -> str:
    """The urgency in the words of the wizard and the reports ("Immediate")."""
    from guide.report.result_view import URGENCIES, word

    return word(URGENCIES, urgency, str)


def explain_contact(ctx: _Context, cid: str) -> list[str]:
    g = ctx.guide
    c = g.contacts[cid]
    from guide.report.result_view import contact_line, contact_parts, source_words

    out = [f"contact {cid} — {_where(c.ref)}"]
    # The parts every front end shows (guide.report.result_view.contact_parts), one a line.
    out += [f"  {text}" for _kind, text in contact_parts(contact_line(c), source_words())]
    uses = [f"step {s.id}" for s in g.steps.values() if cid in s.contacts]
    if cid in g.emergency_contacts:
        uses.append("the emergency key (guide.emergency_contacts)")
    out += _section("used by", uses, "nothing: no step lists it")
    step_ids = {s.id for s in g.steps.values() if cid in s.contacts}
    shown = [t.scenario.id for t in ctx.traces if step_ids & set(t.steps)]
    out += _inline("shown in scenarios", shown, "none")
    return out


def explain_module(ctx: _Context, mid: str) -> list[str]:
    g = ctx.guide
    m = g.module_by_id[mid]
    n = [x.id for x in g.modules].index(mid) + 1
    out = [f"module {mid} — {_where(m.ref)}", f"  {m.title} (module {n} of {len(g.modules)})"]
    out.append(f"  applies when: {m.when.source}" if m.when else "  applies always")
    out += _inline("questions", [q.id for q in m.questions])
    qids = {q.id for q in m.questions}
    touched = [t.scenario.id for t in ctx.traces if qids & set(t.active)]
    out += _inline("scenarios that answer its questions", touched, "none")
    return out


def explain_scenario(ctx: _Context, sid: str) -> list[str]:
    t = next(x for x in ctx.traces if x.scenario.id == sid)
    s = t.scenario
    out = [f"scenario {sid} — {_where(s.ref)}", f"  {s.title}"]
    answers = [
        f"{q} = {v}{'' if q in t.active else '  (NOT ASKED on this path)'}"
        for q, v in s.answers.items()
    ]
    out += _section("answers", answers, "none")
    out.append(f"  outcome: verdict {t.verdict}; elements {', '.join(sorted(t.present)) or '-'}")
    out.append(f"  steps {', '.join(t.steps) or '-'}; urgent {str(t.urgent).lower()}")
    out.append("  passes" if t.passed else "  FAILS:")
    out += [f"    {f}" for f in t.failures]
    return out


def explain_answer(ctx: _Context, item: str) -> list[str]:
    g = ctx.guide
    qid, _sep, aid = item.partition("=")
    q = g.question(qid)
    opt = q.option(aid)
    assert opt is not None  # find() only returns answers the question has
    out = [f"answer {item} — {_where(q.ref)}", f"  {q.text} → {opt.text or aid}"]
    raises = [f"{i} (element {g.indicators[i].element})" for i in opt.raises]
    out += _section("raises", raises, "no indicator")
    if opt.urgent:
        out.append("  URGENT: interrupts the interview with the emergency steps")
    if opt.note:
        out.append(f"  note to the officer: {opt.note}")
    out += _section("conditions that read the question", ctx.used_by(qid), "none")
    counts = [t.scenario.id for t in ctx.traces if t.active.get(qid) == aid]
    ignored = [
        t.scenario.id
        for t in ctx.traces
        if t.scenario.answers.get(qid) == aid and t.active.get(qid) != aid
    ]
    out += _inline("given in scenarios", counts, "none")
    out += _inline("given but not asked in scenarios", ignored)
    return out


_EXPLAINERS = {
    "question": explain_question,
    "derived": explain_derived,
    "indicator": explain_indicator,
    "element": explain_element,
    "verdict": explain_verdict,
    "rule": explain_rule,
    "step": explain_step,
    "contact": explain_contact,
    "module": explain_module,
    "scenario": explain_scenario,
    "answer": explain_answer,
}


def ids_by_kind(guide: Guide) -> dict[str, list[str]]:
    return {
        "question": [q.id for q in guide.questions],
        "derived": list(guide.derived),
        "indicator": list(guide.indicators),
        "element": list(guide.elements),
        "verdict": [v.id for v in guide.verdicts],
        "rule": [r.id for r in guide.referrals],
        "step": list(guide.steps),
        "contact": list(guide.contacts),
        "module": [m.id for m in guide.modules],
        "scenario": [s.id for s in guide.scenarios],
        "answer": [f"{q.id}={o.id}" for q in guide.questions for o in q.options],
    }


def find(guide: Guide, wanted: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Matches as (kind, id), and suggestions when there is none."""
    import difflib

    known = ids_by_kind(guide)
    kind, _sep, ident = wanted.rpartition(":")
    kinds = [kind] if kind in known else list(KINDS)
    if kind and kind not in known:
        ident = wanted  # not a kind prefix: look the whole text up
    matches = [(k, ident) for k in kinds if ident in known[k]]
    if matches:
        return matches, []
    # Suggest answers (QUESTION=ANSWER) only for a text that looks like one.
    kinds = [k for k in kinds if (k == "answer") == ("=" in ident)] or kinds
    candidates = {i for k in kinds for i in known[k]}
    return [], difflib.get_close_matches(ident, sorted(candidates), n=3, cutoff=0.6)


def explain_id(guide: Guide, wanted: str) -> tuple[list[str], bool]:
    """The explanation of every part named `wanted`, or a message; True when found."""
    matches, suggestions = find(guide, wanted)
    if not matches:
        text = f"Nothing in the guide has the id '{wanted}'."
        if suggestions:
            text += " Did you mean " + " or ".join(f"'{s}'" for s in suggestions) + "?"
        else:
            text += " Ids are lower_snake_case; 'dalil graph' shows them all."
        return [text], False
    ctx = _Context(guide)
    out: list[str] = []
    for n, (kind, ident) in enumerate(matches):
        if n:
            out.append("")
        out += _EXPLAINERS[kind](ctx, ident)
    return out, True


def _derived_place(guide: Guide, name: str) -> str:
    """Derived names keep no place in the model; read it back from the YAML."""
    from pathlib import Path

    from guide.loader import guide_files
    from guide.loader.yamlio import MAX_BYTES, parse_yaml
    from guide.safe_files import read_bounded

    root = Path(guide.root)
    base = root.parent
    for file in guide_files(root):
        try:
            raw = read_bounded(file, MAX_BYTES)
        except OSError:
            continue
        if b"derived" not in raw:
            continue
        pf = parse_yaml(raw, str(file))
        pos = pf.key_positions.get(("derived", name))
        if pos is not None:
            try:
                shown = file.relative_to(base)
            except ValueError:
                shown = file
            return f"{shown}:{pos.line}"
    return "(place unknown)"


def run(args: argparse.Namespace) -> int:
    result = load_or_report(args)
    if result.guide is None:
        print(_("The guide has errors; fix them first (dalil validate)."), file=sys.stderr)
        return 1
    lines, found = explain_id(result.guide, args.id)
    if not found:
        print(lines[0], file=sys.stderr)
        return 1
    print("\n".join(lines))
    return 0
