"""From answers to a result: indicators → elements → verdict → referral steps, with reasons.

Nothing here decides that a person *is* a victim: the verdicts are what the guide's trainers
wrote, and every outcome carries why it came out that way.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from guide.core.engine import InterviewState, scalar_value
from guide.core.model import (
    UNKNOWN_VALUES,
    URGENCY_ORDER,
    Contact,
    Element,
    Guide,
    Indicator,
    Question,
    ReferralRule,
    Step,
    Term,
    Verdict,
)
from guide.core.persistent import LEAF_BITS, LEAF_MASK


class RaisedIndicator(NamedTuple):  # a NamedTuple: made by the hundred at every step
    """An indicator raised by the answers, the grade that applied, and the (question id,
    answer) pairs that raised it."""

    indicator: Indicator
    strength: str  # the grade that applied (adult or child)
    sources: tuple[tuple[str, Any], ...]  # (question id, answer) that raised it


@dataclass(frozen=True)
class ElementResult:
    """One element in the result: present or not, the counts of its raised indicators by
    grade, and its rule's text."""

    element: Element
    present: bool
    counts: dict[str, int]  # strong/medium/weak
    rule: str  # the rule's source text
    # the raised indicators of this element, built only when someone looks at them
    _indicators: Callable[[], tuple[RaisedIndicator, ...]] = field(repr=False, compare=False)

    @property
    def indicators(self) -> tuple[RaisedIndicator, ...]:
        """The raised indicators of this element (built on first use)."""
        return self._indicators()


@dataclass(frozen=True)
class VerdictResult:
    """The verdict, the condition that made it (None: the last, unconditional verdict), and
    the verdicts tried before it whose conditions did not hold."""

    verdict: Verdict
    rule: str | None  # the condition that held; None: the last, unconditional verdict
    # verdicts tried before it, whose conditions did not hold
    not_held: tuple[Verdict, ...]


@dataclass(frozen=True)
class StepResult:
    """A referral step in the result, its contacts, and every rule that added it (why)."""

    step: Step
    contacts: tuple[Contact, ...]
    rules: tuple[ReferralRule, ...]  # why: every rule that added it


@dataclass(frozen=True)
class Unknown:
    """A question that applies but has no usable answer (`status`: not_asked, dont_know,
    declined, skipped), with what answering it could change."""

    question: Question
    status: str  # not_asked | dont_know | declined | skipped
    # single answers that would change the verdict, with the verdict they would give
    could_change: tuple[tuple[str, str], ...] = ()
    # the size of the smallest set of answers with this question that would change the
    # verdict (1, 2, 3); None: none found (or not searched: see Assessment.what_if_search)
    rank: int | None = None


@dataclass(frozen=True)
class ChangeSet:
    """Answers to unknown questions that, given together, would change the verdict; no
    smaller part of them would."""

    answers: tuple[tuple[Question, Any], ...]  # (question, value), in guide order
    verdict: Verdict  # the verdict these answers would give

    @property
    def size(self) -> int:
        """How many answers the set holds."""
        return len(self.answers)


@dataclass(frozen=True)
class WhatIfSearch:
    """How far the search for change sets went, so that a screen can say it honestly.
    Made by guide.core.what_if.with_what_if(); held by the Assessment it completes."""

    change_sets: tuple[ChangeSet, ...]  # smallest first, then in guide order
    max_size: int  # the largest set size looked for
    searched_size: int  # every set up to this size was tried (0: not even single answers)
    evaluated: int  # assessments made
    budget: int | None  # the assessments allowed (None: no limit)
    questions: int  # unknown questions searched
    questions_total: int  # unknown questions in all (more than `questions` when limited)

    @property
    def complete(self) -> bool:
        """Every set of up to `max_size` answers to every unknown question was tried."""
        return self.searched_size >= self.max_size and self.questions >= self.questions_total

    def sets_of_size(self, size: int) -> tuple[ChangeSet, ...]:
        """The change sets of exactly `size` answers."""
        return tuple(s for s in self.change_sets if s.size == size)


@dataclass(frozen=True)
class Assessment:
    """The result of an interview, with its reasons: the verdict and why, every element with
    its counts, the referral steps with their contacts, the urgent answers; indicators
    and unknowns are built when first asked for. `with_what_if()` adds what could change
    the verdict."""

    child: bool
    _indicators: Callable[[], tuple[RaisedIndicator, ...]] = field(repr=False, compare=False)
    elements: tuple[ElementResult, ...]
    verdict: VerdictResult
    steps: tuple[StepResult, ...]
    urgent: tuple[tuple[Question, Any], ...]
    guide: Guide = field(repr=False, compare=False)
    state: InterviewState = field(repr=False, compare=False)
    # filled by with_what_if(); otherwise computed on first use, without what-if
    what_if: tuple[Unknown, ...] | None = field(default=None, repr=False, compare=False)
    # filled by with_what_if(): the sets of answers that would change the verdict
    what_if_search: WhatIfSearch | None = field(default=None, repr=False, compare=False)
    # the ILO/EC sexual-exploitation grades applied (scoring.sexual_list_when held)
    sexual_list: bool = False
    # the names worked out while assessing, for who evaluates more conditions on the result
    _env: _ResultEnv | None = field(default=None, repr=False, compare=False)

    @cached_property
    def unknowns(self) -> tuple[Unknown, ...]:
        """Questions that apply but have no usable answer: not asked yet, don't know,
        declined or skipped. Computed on demand: it walks the whole guide."""
        if self.what_if is not None:
            return self.what_if
        return tuple(_unknowns(self.guide, self.state))

    @property
    def change_sets(self) -> tuple[ChangeSet, ...]:
        """The smallest sets of answers to unknown questions that would change the verdict
        (empty unless guide.core.what_if.with_what_if() filled them)."""
        return self.what_if_search.change_sets if self.what_if_search is not None else ()

    @property
    def indicators(self) -> tuple[RaisedIndicator, ...]:
        """Every raised indicator, in guide order, with the strength that applied and the
        answers that raised it."""
        return self._indicators()

    @property
    def present_elements(self) -> tuple[str, ...]:
        """The ids of the elements present, in guide order."""
        return tuple(e.element.id for e in self.elements if e.present)

    @property
    def step_ids(self) -> tuple[str, ...]:
        """The ids of the referral steps, in the order the result lists them."""
        return tuple(s.step.id for s in self.steps)


class _RaisedCache:
    """Builds the RaisedIndicator records once, when first asked for."""

    def __init__(self, guide: Guide, state: InterviewState, child: bool, sexual: bool) -> None:
        self._args = (guide, state, child, sexual)
        self._all: tuple[RaisedIndicator, ...] | None = None

    def _build(self) -> tuple[RaisedIndicator, ...]:
        if self._all is None:
            guide, state, child, sexual = self._args
            self._all = tuple(
                RaisedIndicator(ind, ind.strength(child, sexual), state.raised[iid])
                for iid, ind in guide.indicators.items()
                if iid in state.raised
            )
        return self._all

    def of(self, element: str | None) -> Callable[[], tuple[RaisedIndicator, ...]]:
        if element is None:
            return self._build
        return lambda: tuple(r for r in self._build() if r.indicator.element == element)


class _Counts(dict[str, int]):
    """strong / medium / weak, for an element's rule: `value` and `raw` are the
    dictionary's own get (no Python call)."""

    value = raw = dict.get


_QUESTION, _DERIVED, _INDICATOR, _ELEMENT = range(4)
_UNUSABLE = (None, *UNKNOWN_VALUES)


@dataclass(frozen=True)
class _Names:
    """What reading a result's names needs, built once per guide (the invariant search
    reads them millions of times)."""

    # name -> (kind, the question or the derived condition)
    table: dict[str, tuple[int, Any]]
    # derived names whose value may depend on the elements (read directly or through
    # other derived names), and those that may depend on the verdict or the steps
    on_elements: frozenset[str]
    on_verdict: frozenset[str]
    # by step id: its urgency's rank, and its contacts
    urgency: dict[str, int]
    contacts: dict[str, tuple[Contact, ...]]


_NAME_TABLES: dict[int, tuple[weakref.ref[Guide], _Names]] = {}


def _names(guide: Guide) -> _Names:
    entry = _NAME_TABLES.get(id(guide))
    if entry is not None and entry[0]() is guide:
        return entry[1]
    table: dict[str, tuple[int, Any]] = {}
    for name, kind in guide.name_kinds.items():
        if kind == "question":
            table[name] = (_QUESTION, guide.question_by_id[name])
        elif kind == "derived":
            table[name] = (_DERIVED, guide.derived[name])
        elif kind == "indicator":
            table[name] = (_INDICATOR, None)
        elif kind == "element":
            table[name] = (_ELEMENT, None)

    def depends(direct: Callable[[str], bool]) -> frozenset[str]:
        found = {n for n in guide.derived if direct(n)}
        grew = True
        while grew:
            more = {n for n, c in guide.derived.items() if n not in found and c.names & found}
            found |= more
            grew = bool(more)
        return frozenset(found)

    def reads_elements(name: str) -> bool:
        return any(table.get(n, (None,))[0] == _ELEMENT for n in guide.derived[name].names)

    def reads_verdict(name: str) -> bool:
        cond = guide.derived[name]
        return any(n not in table for n in cond.names) or "step" in cond.calls

    names = _Names(
        table,
        depends(reads_elements),
        depends(reads_verdict),
        {sid: URGENCY_ORDER[step.urgency] for sid, step in guide.steps.items()},
        {sid: tuple(guide.contacts[c] for c in step.contacts) for sid, step in guide.steps.items()},
    )
    key = id(guide)
    _NAME_TABLES[key] = (weakref.ref(guide, lambda _ref: _NAME_TABLES.pop(key, None)), names)
    return names


class _ResultEnv(dict[str, Any]):
    """Names for verdicts, referral rules, derived names and child_when.

    The environment is itself the dictionary of what conditions have read: answers and
    indicators (they never change for one state) and derived names (forgotten when what
    they depend on changes). `value` is the dictionary's own lookup, so reading a name
    already read costs no Python call; a name not read yet is worked out by `__missing__`.
    """

    value = dict.__getitem__

    def __init__(self, guide: Guide, state: InterviewState, like: _ResultEnv | None = None) -> None:
        super().__init__()
        self.guide = guide
        self.state = state
        self.elements: dict[str, bool] = {}
        self.verdict: str | None = None
        self._info = _names(guide)
        self._names = self._info.table
        if like is not None:
            # `like` assessed the same state: what it read and worked out holds here too,
            # except derived names that may depend on the verdict (or the steps). O(names
            # read), never O(guide): a step's assessment must not grow with the guide.
            self.update(like)
            for name in self._info.on_verdict:
                self.pop(name, None)

    @property
    def _derived(self) -> dict[str, Any]:
        """What has been read and worked out (clear() it to work everything out again)."""
        return self

    def __missing__(self, name: str) -> Any:
        entry = self._names.get(name)
        if entry is None:
            return self.verdict if name == "verdict" else None
        kind, what = entry
        if kind == _QUESTION:
            seen = self.state.seen  # the engine keeps each answer as conditions see it
            if seen is None:
                value = scalar_value(what, self.state.active.get(name))
            else:
                value = seen._leaves[what.index >> LEAF_BITS][what.index & LEAF_MASK]
        elif kind == _DERIVED:
            value = bool(what.evaluate(self))  # a derived name is true or false
        elif kind == _INDICATOR:
            value = name in self.state.raised
        else:  # an element: set by the assessment as it decides them, never kept here
            return self.elements.get(name, False)
        self[name] = value
        return value

    def raw(self, name: str) -> Any:
        return self.state.active.get(name)

    def elements_decided(self) -> None:
        """The elements are set: forget the derived values that may depend on them (the
        others stay what they are)."""
        for name in self._info.on_elements:
            self.pop(name, None)

    def unanswered(self, name: str) -> bool:
        """The question applies and has no usable answer (not reached, unknown, skipped)."""
        entry = self._names.get(name)
        if entry is None or entry[0] != _QUESTION:
            return False
        if entry[1].index not in self.state.applicable_indices:
            return False
        return self.state.active.get(name, None) in _UNUSABLE

    def raised_count(self, elements: tuple[str, ...]) -> int:
        if not elements:
            return len(self.state.raised)
        if self.state.element_ids:
            return self.state.raised_in(elements)
        indicators = self.guide.indicators
        return sum(1 for iid in self.state.raised if indicators[iid].element in elements)


def graded_counts(
    guide: Guide, state: InterviewState, env: _ResultEnv
) -> tuple[bool, bool, dict[str, dict[str, int]]]:
    """Who is a child, whether the sexual-exploitation lists apply, and how many strong,
    medium and weak indicators each element has with the grades that apply. Counting is
    the hot path (every answer re-assesses): plain dictionaries, no records."""
    child = bool(guide.child_when(env)) if guide.child_when is not None else False
    sexual = bool(guide.sexual_list_when(env)) if guide.sexual_list_when is not None else False
    if state.element_ids:  # counted by the engine as indicators are raised: O(elements)
        return child, sexual, state.counts(child, sexual)
    counts: dict[str, dict[str, int]] = {
        eid: {"strong": 0, "medium": 0, "weak": 0} for eid in guide.elements
    }
    indicators = guide.indicators
    for iid in state.raised:
        ind = indicators[iid]
        counts[ind.element][ind.strength(child, sexual)] += 1
    return child, sexual, counts


def assess(guide: Guide, state: InterviewState) -> Assessment:
    """The result of an interview state (`Interview.state()`): indicators raised by the
    answers that count, graded for an adult or a child, the elements they make present,
    the first verdict that holds, and the steps of every referral rule that holds. Pure
    and cheap (plain counts); the records behind each reason are built on demand."""
    env = _ResultEnv(guide, state)
    # the RaisedIndicator records with their reasons are built on demand
    child, sexual, counts_by_element = graded_counts(guide, state, env)
    raised_all = _RaisedCache(guide, state, child, sexual)

    elements: list[ElementResult] = []
    for eid, element in guide.elements.items():
        counts = counts_by_element[eid]
        present = bool(element.present_when.evaluate(_Counts(counts)))
        env.elements[eid] = present
        elements.append(
            ElementResult(element, present, counts, element.present_when.source, raised_all.of(eid))
        )
    env.elements_decided()  # derived names may use elements: compute those afresh

    not_held: list[Verdict] = []
    chosen: VerdictResult | None = None
    for verdict in guide.verdicts:
        if verdict.when is None or verdict.when.evaluate(env):
            chosen = VerdictResult(
                verdict, verdict.when.source if verdict.when else None, tuple(not_held)
            )
            break
        not_held.append(verdict)
    assert chosen is not None, "the loader guarantees an unconditional last verdict"
    env.verdict = chosen.verdict.id

    order: dict[str, int] = {}
    why: dict[str, list[ReferralRule]] = {}
    for rule in guide.referrals:
        if rule.when is not None and not rule.when.evaluate(env):
            continue
        for sid in rule.steps:
            order.setdefault(sid, len(order))
            why.setdefault(sid, []).append(rule)
    info = env._info
    step_ids = sorted(order, key=lambda s: (info.urgency[s], order[s]))
    steps = tuple(StepResult(guide.steps[s], info.contacts[s], tuple(why[s])) for s in step_ids)

    urgent = tuple((guide.question_by_id[q], v) for q, v in state.urgent)
    return Assessment(
        child,
        raised_all.of(None),
        tuple(elements),
        chosen,
        steps,
        urgent,
        guide=guide,
        state=state,
        sexual_list=sexual,
        _env=env,
    )


def _unknowns(guide: Guide, state: InterviewState) -> list[Unknown]:
    out: list[Unknown] = []
    pending = set(state.pending)
    for q in guide.questions:
        if q.id in pending:
            out.append(Unknown(q, "not_asked"))
        elif state.active.get(q.id) in UNKNOWN_VALUES:
            out.append(Unknown(q, str(state.active[q.id])))
    return out


def term_results(assessment: Assessment) -> tuple[tuple[Term, bool | None], ...]:
    """The guide's named terms (the act, the means, the purpose...) for this result: True
    (holds), False (does not) or None (unknown: an answer it needs is missing), evaluated
    with the same elements and verdict as the result itself. Terms whose `shown_when` does
    not hold are left out."""
    guide = assessment.guide
    terms = getattr(guide, "terms", None)
    if not terms:
        return ()
    env = _ResultEnv(guide, assessment.state)
    for result in assessment.elements:
        env.elements[result.element.id] = result.present
    env.verdict = assessment.verdict.verdict.id
    out: list[tuple[Term, bool | None]] = []
    for term in terms.values():
        if term.shown_when is not None and not term.shown_when(env):
            continue  # e.g. the child's act, for an adult
        value = term.when.evaluate(env)
        out.append((term, None if value is None else bool(value)))
    return tuple(out)
