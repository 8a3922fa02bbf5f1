"""The trainers' scenarios: each answer must fit its question (G015) and each expectation
must name a verdict, element, step, indicator or named term the guide has (G016)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guide.core.model import (
    UNKNOWN_VALUES,
    Element,
    Indicator,
    Scenario,
    ScenarioExpect,
    Step,
    Term,
    frozen_map,
)
from guide.loader.compact import QuestionEntry
from guide.loader.context import LoadContext
from guide.loader.diagnostics import Msg


def build_scenarios(
    ctx: LoadContext,
    by_id: Mapping[str, QuestionEntry],
    elements: dict[str, Element],
    steps: dict[str, Step],
    indicators: dict[str, Indicator],
    terms: Mapping[str, Term] | None = None,
) -> list[Scenario]:
    """The trainers' scenarios (G015, G016); one with any error is left out. `by_id`: the
    guide's questions by id (the build's entries: no second table of a big guide's
    questions)."""
    # What an expectation may name, per kind: the same for every scenario (nothing here
    # marks a definition broken), so made once, not seven sets per scenario.
    known = {
        kind: ctx.known(kind, built)
        for kind, built in [
            ("verdict", ctx.verdict_ids),
            ("element", elements),
            ("step", steps),
            ("indicator", indicators),
            ("term", terms or {}),
        ]
    }
    scenarios: list[Scenario] = []
    seen: set[str] = set()
    for it in ctx.items("scenarios", placed=True):
        d = it.data
        ok = True
        if ctx.defined_again(it, seen, "scenario", "scenario"):
            continue
        seen.add(d["id"])
        answers: dict[str, Any] = {}
        # The place of an answer is made only for a diagnostic: a scenario names tens of
        # answers, and nearly all of them fit their questions.
        for qid, value in d["answers"].items():
            entry = by_id.get(qid)
            q = None if entry is None else entry.question
            if q is not None and not isinstance(value, bool) and q.accepts(value):
                answers[qid] = value
                continue
            ok = False
            apath = (*it.path, "answers", qid)
            if q is None:
                ctx.resolve(it, apath, qid, by_id, Msg.G015_NO_QUESTION, key=True)
            elif isinstance(value, bool):
                ctx.diag(it, apath, Msg.G015_BOOLEAN, value=str(value).lower(), question=qid)
            elif q.type == "number":
                ctx.diag(
                    it,
                    apath,
                    Msg.G015_NOT_A_NUMBER,
                    value=value,
                    question=qid,
                    min=q.min,
                    max=q.max,
                )
            else:
                ctx.diag(
                    it,
                    apath,
                    Msg.G015_NOT_AN_ANSWER,
                    hint=ctx.suggest(str(value), [o.id for o in q.options]),
                    value=value,
                    question=qid,
                    answers=", ".join([o.id for o in q.options] + list(UNKNOWN_VALUES)),
                )
        e = d["expect"]
        checks = [
            ("verdict", [e["verdict"]], ctx.verdict_ids, "verdict"),
            ("elements", e.get("elements", ()), elements, "element"),
            ("steps", e.get("steps", ()), steps, "step"),
            ("steps_include", e.get("steps_include", ()), steps, "step"),
            ("steps_exclude", e.get("steps_exclude", ()), steps, "step"),
            ("indicators_include", e.get("indicators_include", ()), indicators, "indicator"),
            ("terms_shown", e.get("terms_shown", ()), terms or {}, "term"),
        ]
        for key, ids, built, kind in checks:
            for k, x in enumerate(ids):
                if x in known[kind]:  # as for answers: the place only for a diagnostic
                    continue
                where = (
                    (*it.path, "expect", key) if key == "verdict" else (*it.path, "expect", key, k)
                )
                ctx.resolve(
                    it, where, x, known[kind], Msg.G016_NO_SUCH, candidates=built, kind=kind
                )
                ok = False
        both = sorted(set(e.get("steps_include", ())) & set(e.get("steps_exclude", ())))
        if both:
            ctx.diag(
                it,
                (*it.path, "expect", "steps_exclude"),
                Msg.G016_STEP_BOTH,
                key=True,
                name=d["id"],
                step=both[0],
            )
            ok = False
        if not ok:
            continue
        expect = ScenarioExpect(
            verdict=e["verdict"],
            elements=tuple(e["elements"]) if "elements" in e else None,
            steps=tuple(e["steps"]) if "steps" in e else None,
            steps_include=tuple(e.get("steps_include", ())),
            indicators_include=tuple(e.get("indicators_include", ())),
            urgent=e.get("urgent"),
            steps_exclude=tuple(e.get("steps_exclude", ())),
            terms_shown=tuple(e.get("terms_shown", ())),
        )
        scenarios.append(
            Scenario(
                d["id"], d["title"], frozen_map(answers), expect, d.get("description"), it.ref()
            )
        )
    return scenarios
