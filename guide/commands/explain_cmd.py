"""dalil explain ID: where a part of the guide is defined, when it applies, what raises it,
what it feeds, and which scenarios touch it."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from guide.commands.common import add_guide_argument, load_or_report
from guide.i18n import _
from guide.i18n.quantities import join

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
    what = {"rule": _("referral rule"), "scoring": _("scoring")}.get(u.kind, u.kind)
    return f"{what} {u.id}: {u.source}"


def _where(ref: SourceRef | None) -> str:
    return f"{ref.file}:{ref.line}" if ref else _("(place unknown)")


def _section(title: str, lines: list[str], empty: str = "") -> list[str]:
    if not lines:
        return ["  " + _("{title}: {value}").format(title=title, value=empty)] if empty else []
    return ["  " + _("{title}:").format(title=title), *(f"    {x}" for x in lines)]


def _inline(title: str, ids: list[str], empty: str = "") -> list[str]:
    """A list of ids on one line (wrapped), for lists that can be long."""
    import textwrap

    if not ids:
        return ["  " + _("{title}: {value}").format(title=title, value=empty)] if empty else []
    return textwrap.wrap(
        _("{title}: {value}").format(title=title, value=join(ids)),
        96,
        initial_indent="  ",
        subsequent_indent="    ",
    )


# --------------------------------------------------------------------------- per kind


def explain_question(ctx: _Context, qid: str) -> list[str]:
    from guide.trainer.graph import answer_labels

    g = ctx.guide
    q = g.question(qid)
    m = g.module_by_id[q.module]
    out = [_("question {id} — {place}").format(id=q.id, place=_where(q.ref)), f"  {q.text}"]
    how = _("observed by the officer") if q.kind == "observe" else _("asked to the person")
    out.append(
        "  "
        + _("module {module} ({title}), question {number} of {total}; {how}").format(
            module=m.id, title=m.title, number=q.index + 1, total=len(g.questions), how=how
        )
    )
    if q.guidance:
        out.append("  " + _("guidance: {text}").format(text=q.guidance))
    asked = []
    if m.when is not None:
        asked.append(
            _("module {module} applies: {condition}").format(module=m.id, condition=m.when.source)
        )
    if q.when is not None:
        asked.append(_("its own condition holds: {condition}").format(condition=q.when.source))
    out += _section(_("asked when"), asked, _("always (no condition)"))
    if q.type == "number":
        low = q.min if q.min is not None else "…"
        high = q.max if q.max is not None else "…"
        out.append(
            "  "
            + _("answers: a number, {low} to {high}").format(low=low, high=high)
            + (f" {q.unit}" if q.unit else "")
        )
    else:
        out.append(
            "  "
            + _("answers: {ids} (+ dont_know, declined)").format(
                ids=", ".join(o.id for o in q.options)
            )
        )
    raised = []
    for label, raises, urgent in answer_labels(q):
        parts = []
        if raises:
            parts.append(_("raises {ids}").format(ids=", ".join(raises)))
        if urgent:
            parts.append(_("URGENT (emergency steps)"))
        raised.append(f"{label} → {'; '.join(parts)}")
    out += _section(_("answers that raise indicators or are urgent"), raised, _("none"))
    reads = read_names(g, q.when) if q.when is not None else []
    out += _inline(_("its condition reads"), reads)
    out += _section(_("read by"), ctx.used_by(qid), _("no condition reads it"))
    touched = []
    for t in ctx.traces:
        given = t.scenario.answers.get(qid)
        if given is None:
            continue
        state = _("counts") if qid in t.active else _("NOT ASKED on this path")
        touched.append(f"{t.scenario.id}: {given} ({state})")
    out += _section(_("scenarios"), touched, _("no scenario answers it"))
    return out


def explain_derived(ctx: _Context, name: str) -> list[str]:
    g = ctx.guide
    cond = g.derived[name]
    out = [
        _("derived {id} — {place}").format(id=name, place=_derived_place(g, name)),
        f"  = {cond.source}",
    ]
    term = getattr(g, "terms", {}).get(name)
    if term is not None:
        out.append("  " + _("term: {label}").format(label=term.label))
        if term.explanation:
            out.append(f"  {term.explanation}")
        out.append("  " + _basis(term.basis))
    out += _inline(_("reads"), read_names(g, cond))
    out += _section(_("read by"), ctx.used_by(name), _("no condition reads it"))
    for setting, when in (
        ("scoring.child_when", g.child_when),
        ("scoring.sexual_list_when", g.sexual_list_when),
    ):
        if when is not None and name in read_names(g, when):
            out.append(
                "  "
                + _("decides which indicator strength applies ({setting})").format(setting=setting)
            )
    holds = [t.scenario.id for t in ctx.traces if name in t.derived]
    out += _inline(_("holds in scenarios"), holds, _("none"))
    return out


def _basis(basis: str | None) -> str:
    return _("basis: {text}").format(text=basis) if basis else _("basis: none given")


def _by_age(adult: str, child: str) -> str:
    """One strength, or the strength for adults and the one for children."""
    if adult == child:
        return adult
    return _("{adult} for adults, {child} for children").format(adult=adult, child=child)


def explain_indicator(ctx: _Context, iid: str) -> list[str]:
    from guide.trainer.graph import answer_labels

    g = ctx.guide
    ind = g.indicators[iid]
    out = [_("indicator {id} — {place}").format(id=iid, place=_where(ind.ref)), f"  {ind.label}"]
    out.append("  " + _("strength: {strength}").format(strength=_by_age(ind.adult, ind.child)))
    if ind.sexual_adult is not None:
        sexual = _by_age(ind.sexual_adult, ind.sexual_child or ind.sexual_adult)
        out.append(
            "  "
            + _("in the sexual-exploitation lists (scoring.sexual_list_when): {strength}").format(
                strength=sexual
            )
        )
    raised_by = [
        _("question {id} = {answer}").format(id=q.id, answer=label)
        for q in g.questions
        for label, raises, _urgent in answer_labels(q)
        if iid in raises
    ]
    out += _section(_("raised by"), raised_by, _("no answer raises it"))
    el = g.elements[ind.element]
    feeds = [
        _("element {id} ({label}), present when {condition}").format(
            id=el.id, label=el.label, condition=el.present_when.source
        )
    ]
    feeds += ctx.used_by(iid)
    out += _section(_("feeds"), feeds)
    touched = [f"{t.scenario.id}" for t in ctx.traces if iid in t.raised]
    out += _inline(_("raised in scenarios"), touched, _("none"))
    return out


def explain_element(ctx: _Context, eid: str) -> list[str]:
    g = ctx.guide
    el = g.elements[eid]
    out = [_("element {id} — {place}").format(id=eid, place=_where(el.ref)), f"  {el.label}"]
    if el.description:
        out.append(f"  {el.description}")
    out.append("  " + _("present when: {condition}").format(condition=el.present_when.source))
    inds = [
        f"{i.id} ({_by_age(i.adult, i.child)})" for i in g.indicators.values() if i.element == eid
    ]
    out += _section(_("indicators"), inds, _("none: it can never be present"))
    out += _section(_("read by"), ctx.used_by(eid), _("no condition reads it"))
    present = [t.scenario.id for t in ctx.traces if eid in t.present]
    absent = [t.scenario.id for t in ctx.traces if eid not in t.present]
    out += _inline(_("present in scenarios"), present, _("none"))
    out += _inline(_("absent in scenarios"), absent, _("none"))
    return out


def explain_verdict(ctx: _Context, vid: str) -> list[str]:
    g = ctx.guide
    order = [v.id for v in g.verdicts]
    v = g.verdicts[order.index(vid)]
    n = order.index(vid) + 1
    out = [
        _("verdict {id} — {place}").format(id=vid, place=_where(v.ref)),
        "  " + _("{title} (level {level})").format(title=v.title, level=v.level),
    ]
    out.append(f"  {v.explanation}")
    out.append("  " + _basis(getattr(v, "basis", None)))
    if v.when is not None:
        position = _("verdict {number} of {total}").format(number=n, total=len(order))
        if n > 1:
            position += "; " + _("tried after {ids}").format(ids=", ".join(order[: n - 1]))
        out.append(
            "  "
            + _("result when: {condition} ({position})").format(
                condition=v.when.source, position=position
            )
        )
        out += _inline(_("reads"), read_names(g, v.when))
    else:
        out.append("  " + _("result when no verdict before it holds (the last, unconditional one)"))
    out += _section(_("read by"), ctx.used_by(f"verdict:{vid}"), _("no referral rule reads it"))
    result = [t.scenario.id for t in ctx.traces if t.verdict == vid]
    expected = [s.id for s in g.scenarios if s.expect.verdict == vid]
    out += _inline(_("result of scenarios"), result, _("none"))
    out += _inline(_("expected by scenarios"), expected, _("none"))
    return out


def explain_rule(ctx: _Context, rid: str) -> list[str]:
    g = ctx.guide
    r = next(x for x in g.referrals if x.id == rid)
    out = [_("referral rule {id} — {place}").format(id=rid, place=_where(r.ref))]
    out.append("  " + _applies(r.when))
    if r.when is not None:
        out += _inline(_("reads"), read_names(g, r.when))
    steps = [f"{s} [{_urgency(g.steps[s].urgency)}] {g.steps[s].text}" for s in r.steps]
    out += _section(_("adds steps"), steps)
    fired = [t.scenario.id for t in ctx.traces if rid in t.rules]
    out += _inline(_("holds in scenarios"), fired, _("none"))
    return out


def _applies(when: Condition | None) -> str:
    if when is None:
        return _("applies always")
    return _("applies when: {condition}").format(condition=when.source)


def explain_step(ctx: _Context, sid: str) -> list[str]:
    g = ctx.guide
    s = g.steps[sid]
    out = [
        _("step {id} — {place}").format(id=sid, place=_where(s.ref)),
        f"  [{_urgency(s.urgency)}] {s.text}",
    ]
    out.append("  " + _basis(getattr(s, "basis", None)))
    contacts = [f"{c} ({g.contacts[c].name})" for c in s.contacts]
    out += _section(_("contacts"), contacts, _("none"))
    rules = [
        f"{r.id}: {r.when.source if r.when else _('always')}" for r in g.referrals if sid in r.steps
    ]
    out += _section(_("added by referral rules"), rules)
    shown = [t.scenario.id for t in ctx.traces if sid in t.steps]
    out += _inline(_("shown in scenarios"), shown, _("none"))
    return out


def _urgency(urgency: str) -> str:
    """The urgency in the words of the wizard and the reports ("Immediate")."""
    from guide.report.result_view import URGENCIES, word

    return word(URGENCIES, urgency, _)


def explain_contact(ctx: _Context, cid: str) -> list[str]:
    g = ctx.guide
    c = g.contacts[cid]
    from guide.report.result_view import contact_line, contact_parts, source_words

    out = [_("contact {id} — {place}").format(id=cid, place=_where(c.ref))]
    # The parts every front end shows (guide.report.result_view.contact_parts), one a line.
    out += [f"  {text}" for _kind, text in contact_parts(contact_line(c), source_words())]
    uses = [_("step {id}").format(id=s.id) for s in g.steps.values() if cid in s.contacts]
    if cid in g.emergency_contacts:
        uses.append(_("the emergency key (guide.emergency_contacts)"))
    out += _section(_("used by"), uses, _("nothing: no step lists it"))
    step_ids = {s.id for s in g.steps.values() if cid in s.contacts}
    shown = [t.scenario.id for t in ctx.traces if step_ids & set(t.steps)]
    out += _inline(_("shown in scenarios"), shown, _("none"))
    return out


def explain_module(ctx: _Context, mid: str) -> list[str]:
    g = ctx.guide
    m = g.module_by_id[mid]
    n = [x.id for x in g.modules].index(mid) + 1
    out = [
        _("module {id} — {place}").format(id=mid, place=_where(m.ref)),
        "  "
        + _("{title} (module {number} of {total})").format(
            title=m.title, number=n, total=len(g.modules)
        ),
    ]
    out.append("  " + _applies(m.when))
    out += _inline(_("questions"), [q.id for q in m.questions])
    qids = {q.id for q in m.questions}
    touched = [t.scenario.id for t in ctx.traces if qids & set(t.active)]
    out += _inline(_("scenarios that answer its questions"), touched, _("none"))
    return out


def explain_scenario(ctx: _Context, sid: str) -> list[str]:
    t = next(x for x in ctx.traces if x.scenario.id == sid)
    s = t.scenario
    out = [_("scenario {id} — {place}").format(id=sid, place=_where(s.ref)), f"  {s.title}"]
    not_asked = "  (" + _("NOT ASKED on this path") + ")"
    answers = [f"{q} = {v}{'' if q in t.active else not_asked}" for q, v in s.answers.items()]
    out += _section(_("answers"), answers, _("none"))
    out.append(
        "  "
        + _("outcome: verdict {verdict}; elements {elements}").format(
            verdict=t.verdict, elements=", ".join(sorted(t.present)) or "-"
        )
    )
    out.append(
        "  "
        + _("steps {steps}; urgent {urgent}").format(
            steps=", ".join(t.steps) or "-", urgent=_("yes") if t.urgent else _("no")
        )
    )
    out.append("  " + (_("passes") if t.passed else _("FAILS:")))
    out += [f"    {f}" for f in t.failures]
    return out


def explain_answer(ctx: _Context, item: str) -> list[str]:
    g = ctx.guide
    qid, _sep, aid = item.partition("=")
    q = g.question(qid)
    opt = q.option(aid)
    assert opt is not None  # find() only returns answers the question has
    out = [
        _("answer {id} — {place}").format(id=item, place=_where(q.ref)),
        f"  {q.text} → {opt.text or aid}",
    ]
    raises = [
        _("{id} (element {element})").format(id=i, element=g.indicators[i].element)
        for i in opt.raises
    ]
    out += _section(_("raises"), raises, _("no indicator"))
    if opt.urgent:
        out.append("  " + _("URGENT: interrupts the interview with the emergency steps"))
    if opt.note:
        out.append("  " + _("note to the officer: {text}").format(text=opt.note))
    out += _section(_("conditions that read the question"), ctx.used_by(qid), _("none"))
    counts = [t.scenario.id for t in ctx.traces if t.active.get(qid) == aid]
    ignored = [
        t.scenario.id
        for t in ctx.traces
        if t.scenario.answers.get(qid) == aid and t.active.get(qid) != aid
    ]
    out += _inline(_("given in scenarios"), counts, _("none"))
    out += _inline(_("given but not asked in scenarios"), ignored)
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
        text = _("Nothing in the guide has the id '{id}'.").format(id=wanted)
        if suggestions:
            text += " " + _("Did you mean {ids}?").format(
                ids=join((f"'{s}'" for s in suggestions), style="or")
            )
        else:
            text += " " + _("Ids are lower_snake_case; 'dalil graph' shows them all.")
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
    return _("(place unknown)")


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
