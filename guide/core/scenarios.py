"""Run a guide's scenarios: answers in, expected outcome checked. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from guide.core.assessment import Assessment, assess, term_results
from guide.core.engine import AnswerError, Interview
from guide.core.model import SKIPPED, Guide, Scenario
from guide.i18n.lazy import N_, lazy


@dataclass
class ScenarioResult:
    """A scenario run: the assessment it gave (None if it could not run) and every way it
    differed from what was expected."""

    scenario: Scenario
    assessment: Assessment | None
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Did the scenario give what it expects?"""
        return not self.failures


def interview_from_answers(guide: Guide, answers: Mapping[str, Any]) -> tuple[Interview, list[str]]:
    """Answer in interview order, as an officer would. Problems are returned, not raised."""
    iv = Interview(guide)
    problems: list[str] = []
    unknown = [k for k in answers if k not in guide.question_by_id]
    problems.extend(lazy(N_("there is no question '{id}'"), id=k) for k in unknown)
    for q in guide.questions:
        if q.id not in answers:
            continue
        value = answers[q.id]
        try:
            if value == SKIPPED:
                iv.skip(q.id)
            else:
                iv.answer(q.id, value)
        except AnswerError as exc:
            problems.append(exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc))
    return iv, problems


def run_scenario(guide: Guide, scenario: Scenario) -> ScenarioResult:
    """Answer the scenario's questions in interview order, assess, and compare with what it
    expects (verdict, elements, steps, indicators, urgency). Answers to questions that
    are not asked are a failure too."""
    iv, problems = interview_from_answers(guide, scenario.answers)
    a = assess(guide, iv.state())
    res = ScenarioResult(scenario, a, list(problems))
    e = scenario.expect
    ignored = [q for q in scenario.answers if q in guide.question_by_id and not iv.is_active(q)]
    if ignored:
        res.failures.append(
            lazy(N_("answers given to questions that are not asked: {ids}"), ids=", ".join(ignored))
        )
    if a.verdict.verdict.id != e.verdict:
        res.failures.append(
            lazy(
                N_("verdict: expected {expected}, got {got}"),
                expected=e.verdict,
                got=a.verdict.verdict.id,
            )
        )
    if e.elements is not None:
        _compare_sets(res, "elements", e.elements, a.present_elements)
    if e.steps is not None:
        _compare_sets(res, "steps", e.steps, a.step_ids)
    missing = [s for s in e.steps_include if s not in a.step_ids]
    if missing:
        res.failures.append(lazy(N_("steps missing: {ids}"), ids=", ".join(missing)))
    present = [s for s in e.steps_exclude if s in a.step_ids]
    if present:
        res.failures.append(
            lazy(N_("steps that should not be there: {ids}"), ids=", ".join(present))
        )
    raised = {r.indicator.id for r in a.indicators}
    missing = [i for i in e.indicators_include if i not in raised]
    if missing:
        res.failures.append(lazy(N_("indicators not raised: {ids}"), ids=", ".join(missing)))
    if e.terms_shown:
        shown = {term.id for term, holds in term_results(a) if holds}
        missing = [t for t in e.terms_shown if t not in shown]
        if missing:
            res.failures.append(
                lazy(N_("terms not shown as holding: {ids}"), ids=", ".join(missing))
            )
    if e.urgent is not None and bool(a.urgent) != e.urgent:
        res.failures.append(
            lazy(
                N_("urgent: expected {expected}, got {got}"),
                expected=str(e.urgent).lower(),
                got=str(bool(a.urgent)).lower(),
            )
        )
    return res


def _compare_sets(
    res: ScenarioResult, what: str, expected: tuple[str, ...], got: tuple[str, ...]
) -> None:
    extra = [x for x in got if x not in expected]
    missing = [x for x in expected if x not in got]
    if missing and extra:
        res.failures.append(
            lazy(
                N_("{what}: missing {missing}; unexpected {extra}"),
                what=what,
                missing=", ".join(missing),
                extra=", ".join(extra),
            )
        )
    elif missing:
        res.failures.append(
            lazy(N_("{what}: missing {missing}"), what=what, missing=", ".join(missing))
        )
    elif extra:
        res.failures.append(
            lazy(N_("{what}: unexpected {extra}"), what=what, extra=", ".join(extra))
        )


def run_scenarios(guide: Guide) -> list[ScenarioResult]:
    """Every scenario of the guide, in guide order."""
    return [run_scenario(guide, s) for s in guide.scenarios]
