"""What the scenarios exercise, and what they leave untested.

Every scenario is run through the engine and the assessment (as `dalil test` does); then
each part of the guide is *covered* when:

- question:  some scenario gives it an answer that counts (it is asked on that scenario's
             path; "don't know", "declined" and "skipped" count: the question was reached);
- answer:    some scenario gives that answer and it counts. The answers of a yes/no question
             are `yes` and `no`, of a choice question its choices; a number question's
             "answers" are its `raises_when` rules (covered when a counting number makes the
             rule hold) and "no rule holds" (a counting number for which none holds). The
             unknowns (don't know, declined, skipped) are not items of their own;
- indicator: some scenario raises it;
- element:   some scenario makes it present and some other scenario leaves it absent, so its
             rule has been seen both ways;
- verdict:   it is the result of some scenario;
- referral rule: its condition holds in some scenario (a rule without `when` holds in all).

Failing scenarios still count (what they exercise was run); the report lists them so the
trainer fixes them first. The percentage is covered items over all items, every kind
together; a guide without scenarios has 0 %.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from guide.core.model import UNKNOWN_VALUES, Guide, Question, Scenario, SourceRef
from guide.i18n.lazy import N_, lazy, translated

KINDS = ("question", "answer", "indicator", "element", "verdict", "rule")
KIND_TITLES = {
    "question": N_("questions"),
    "answer": N_("answers"),
    "indicator": N_("indicators"),
    "element": N_("elements"),
    "verdict": N_("verdicts"),
    "rule": N_("referral rules"),
}
NO_RULE = "no rule holds"


@dataclass(frozen=True)
class ScenarioTrace:
    """What one scenario did: the answers that counted and the outcome."""

    scenario: Scenario
    failures: tuple[str, ...]
    active: Mapping[str, Any]  # question id -> answer that counts
    raised: frozenset[str]
    present: frozenset[str]
    verdict: str
    rules: frozenset[str]  # referral rules that held
    steps: tuple[str, ...]
    urgent: bool
    derived: frozenset[str] = frozenset()  # derived names that hold

    @property
    def passed(self) -> bool:
        return not self.failures


def trace_scenario(guide: Guide, scenario: Scenario) -> ScenarioTrace:
    from guide.core.scenarios import interview_from_answers, run_scenario

    result = run_scenario(guide, scenario)
    iv, _ = interview_from_answers(guide, scenario.answers)
    a = result.assessment
    assert a is not None  # run_scenario always assesses
    rules = frozenset(r.id for s in a.steps for r in s.rules)
    state = iv.state()
    names = _OutcomeNames(
        guide, state.active, frozenset(state.raised), frozenset(a.present_elements)
    )
    holding = frozenset(n for n, cond in guide.derived.items() if cond(names))
    return ScenarioTrace(
        scenario,
        tuple(result.failures),
        dict(iv.state().active),
        frozenset(r.indicator.id for r in a.indicators),
        frozenset(a.present_elements),
        a.verdict.verdict.id,
        rules,
        a.step_ids,
        bool(a.urgent),
        holding,
    )


class _OutcomeNames:
    """The names a derived condition reads, after a scenario: answers that count, raised
    indicators and present elements (as the assessment sees them)."""

    def __init__(
        self,
        guide: Guide,
        active: Mapping[str, Any],
        raised: frozenset[str],
        present: frozenset[str],
    ) -> None:
        self.guide = guide
        self.active = active
        self.raised = raised
        self.present = present
        self.cache: dict[str, Any] = {}

    def value(self, name: str) -> Any:
        from guide.core.engine import scalar_value

        kind = self.guide.name_kinds.get(name)
        if kind == "question":
            return scalar_value(self.guide.question(name), self.active.get(name))
        if kind == "derived":
            if name not in self.cache:
                self.cache[name] = self.guide.derived[name](self)
            return self.cache[name]
        if kind == "indicator":
            return name in self.raised
        if kind == "element":
            return name in self.present
        return None

    def raw(self, name: str) -> Any:
        return self.active.get(name)

    def raised_count(self, elements: tuple[str, ...]) -> int:
        """For raised_in(): raised indicators in those elements (all when none given)."""
        indicators = self.guide.indicators
        return sum(1 for i in self.raised if not elements or indicators[i].element in elements)


def trace_scenarios(guide: Guide) -> list[ScenarioTrace]:
    return [trace_scenario(guide, s) for s in guide.scenarios]


@dataclass(frozen=True)
class Item:
    kind: str  # one of KINDS
    id: str  # "question=answer" for answers, "question: <rule>" for number rules
    covered: bool
    by: tuple[str, ...] = ()  # scenarios that exercise it
    ref: SourceRef | None = None
    note: str = ""  # why a partly exercised item is not covered


@dataclass
class CoverageReport:
    scenarios: int
    failing: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    def counts(self, kind: str | None = None) -> tuple[int, int]:
        chosen = [i for i in self.items if kind is None or i.kind == kind]
        return sum(1 for i in chosen if i.covered), len(chosen)

    def percent(self, kind: str | None = None) -> float:
        covered, total = self.counts(kind)
        if self.scenarios == 0:
            return 0.0
        return 100.0 * covered / total if total else 100.0

    def missing(self, kind: str | None = None) -> list[Item]:
        return [i for i in self.items if not i.covered and (kind is None or i.kind == kind)]

    def to_dict(self) -> dict[str, Any]:
        kinds: dict[str, Any] = {}
        for kind in KINDS:
            covered, total = self.counts(kind)
            kinds[kind] = {
                "covered": covered,
                "total": total,
                "percent": round(self.percent(kind), 1),
                "not_covered": [
                    {"id": i.id, "where": str(i.ref) if i.ref else None, "note": i.note}
                    for i in self.missing(kind)
                ],
            }
        covered, total = self.counts()
        return {
            "scenarios": self.scenarios,
            "failing_scenarios": self.failing,
            "covered": covered,
            "total": total,
            "percent": round(self.percent(), 1),
            "kinds": kinds,
        }


class _ValueEnv:
    """The one name a number rule reads: `value`."""

    def __init__(self, value: Any) -> None:
        self._value = value

    def value(self, name: str) -> Any:
        return self._value if name == "value" else None

    raw = value


def _number_value(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def answer_items(q: Question) -> list[tuple[str, Any]]:
    """(item id, matcher) for each answer of q: a matcher takes an active value and says
    whether it is this answer."""
    if q.type == "number":
        if not q.number_rules:
            return []
        out: list[tuple[str, Any]] = []
        for rule in q.number_rules:
            out.append(
                (
                    f"{q.id}: {' '.join(rule.when.source.split())}",
                    lambda v, r=rule: _number_value(v) and r.when(_ValueEnv(v)),
                )
            )
        out.append(
            (
                f"{q.id}: {NO_RULE}",
                lambda v, q=q: (
                    _number_value(v) and not any(r.when(_ValueEnv(v)) for r in q.number_rules)
                ),
            )
        )
        return out
    return [(f"{q.id}={o.id}", lambda v, oid=o.id: v == oid) for o in q.options]


def coverage(guide: Guide, traces: list[ScenarioTrace] | None = None) -> CoverageReport:
    traces = trace_scenarios(guide) if traces is None else traces
    report = CoverageReport(len(traces), [t.scenario.id for t in traces if not t.passed])
    items = report.items

    def who(pred: Any) -> tuple[str, ...]:
        return tuple(t.scenario.id for t in traces if pred(t))

    for q in guide.questions:
        by = who(lambda t, q=q: q.id in t.active)
        items.append(Item("question", q.id, bool(by), by, q.ref))
        for item_id, matches in answer_items(q):
            by = who(
                lambda t, q=q, m=matches: (
                    q.id in t.active and t.active[q.id] not in UNKNOWN_VALUES and m(t.active[q.id])
                )
            )
            items.append(Item("answer", item_id, bool(by), by, q.ref))
    for iid, ind in guide.indicators.items():
        by = who(lambda t, i=iid: i in t.raised)
        items.append(Item("indicator", iid, bool(by), by, ind.ref))
    for eid, el in guide.elements.items():
        present = who(lambda t, e=eid: e in t.present)
        absent = who(lambda t, e=eid: e not in t.present)
        note = ""
        if present and not absent:
            note = lazy(N_("present in every scenario: never seen absent"))
        elif absent and not present:
            note = lazy(N_("never present"))
        items.append(Item("element", eid, bool(present and absent), present, el.ref, note))
    for v in guide.verdicts:
        by = who(lambda t, v=v: t.verdict == v.id)
        items.append(Item("verdict", v.id, bool(by), by, v.ref))
    for r in guide.referrals:
        by = who(lambda t, r=r: r.id in t.rules)
        items.append(Item("rule", r.id, bool(by), by, r.ref))
    return report


def format_report(report: CoverageReport, show_missing: bool = True) -> list[str]:
    """A plain table, then every item no scenario exercises with its place."""
    from guide.i18n import _, ngettext

    n = report.scenarios
    lines = [ngettext("Coverage by {n} scenario:", "Coverage by {n} scenarios:", n).format(n=n)]
    covered_word, total_word = _("covered"), _("total")
    titles = {kind: _(KIND_TITLES[kind]) for kind in KINDS}
    width = max(16, *(len(title) + 1 for title in [*titles.values(), total_word]))
    lines.append(f"  {'':<{width}}{covered_word:>9}{total_word:>7}{'%':>7}")
    for kind in KINDS:
        covered, total = report.counts(kind)
        title = titles[kind]
        lines.append(f"  {title:<{width}}{covered:>9}{total:>7}{report.percent(kind):>6.0f}%")
    covered, total = report.counts()
    lines.append(f"  {total_word:<{width}}{covered:>9}{total:>7}{report.percent():>6.0f}%")
    if report.failing:
        lines.append(
            _("Failing scenarios (counted anyway; fix them first): {ids}").format(
                ids=", ".join(report.failing)
            )
        )
    if show_missing and report.missing():
        lines.append(_("Not exercised by any scenario:"))
        for item in report.missing():
            where = f"  ({item.ref.file}:{item.ref.line})" if item.ref else ""
            note = f" — {translated(item.note)}" if item.note else ""
            lines.append(f"  {item.kind:<10} {item.id}{note}{where}")
    return lines
