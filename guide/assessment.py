"""From answers to a result: indicators → elements → verdict → referral steps, with reasons.

Nothing here decides that a person *is* a victim: the verdicts are what the guide's trainers
wrote, and every outcome carries why it came out that way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import combinations, product
from typing import Any, NamedTuple

from guide.engine import Interview, InterviewState, scalar_value
from guide.model import (
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


class RaisedIndicator(NamedTuple):  # a NamedTuple: made by the hundred at every step
    indicator: Indicator
    strength: str  # the grade that applied (adult or child)
    sources: tuple[tuple[str, Any], ...]  # (question id, answer) that raised it


@dataclass(frozen=True)
class ElementResult:
    element: Element
    present: bool
    counts: dict[str, int]  # strong/medium/weak
    rule: str  # the rule's source text
    # the raised indicators of this element, built only when someone looks at them
    _indicators: Callable[[], tuple[RaisedIndicator, ...]] = field(repr=False, compare=False)

    @property
    def indicators(self) -> tuple[RaisedIndicator, ...]:
        return self._indicators()


@dataclass(frozen=True)
class VerdictResult:
    verdict: Verdict
    rule: str | None  # the condition that held; None: the last, unconditional verdict
    # verdicts tried before it, whose conditions did not hold
    not_held: tuple[Verdict, ...]


@dataclass(frozen=True)
class StepResult:
    step: Step
    contacts: tuple[Contact, ...]
    rules: tuple[ReferralRule, ...]  # why: every rule that added it


@dataclass(frozen=True)
class Unknown:
    question: Question
    status: str  # not_asked | dont_know | declined | skipped
    # single answers that would change the verdict, with the verdict they would give
    could_change: tuple[tuple[str, str], ...] = ()
    # the size of the smallest set of answers with this question that would change the
    # verdict (1, 2, 3); None: none found (or not searched: see Assessment.what_if_search)
    rank: int | None = None


@dataclass(frozen=True)
class Assessment:
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
        (empty unless with_what_if() filled them)."""
        return self.what_if_search.change_sets if self.what_if_search is not None else ()

    @property
    def indicators(self) -> tuple[RaisedIndicator, ...]:
        """Every raised indicator, in guide order, with the strength that applied and the
        answers that raised it."""
        return self._indicators()

    @property
    def present_elements(self) -> tuple[str, ...]:
        return tuple(e.element.id for e in self.elements if e.present)

    @property
    def step_ids(self) -> tuple[str, ...]:
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
                for iid, ind in guide.indicators.items() if iid in state.raised)
        return self._all

    def of(self, element: str | None) -> Callable[[], tuple[RaisedIndicator, ...]]:
        if element is None:
            return self._build
        return lambda: tuple(r for r in self._build() if r.indicator.element == element)


class _Counts:
    __slots__ = ("counts",)

    def __init__(self, counts: dict[str, int]) -> None:
        self.counts = counts

    def value(self, name: str) -> Any:
        return self.counts.get(name)

    def raw(self, name: str) -> Any:
        return self.counts.get(name)


class _ResultEnv:
    """Names for verdicts, referral rules, derived names and child_when."""

    def __init__(self, guide: Guide, state: InterviewState) -> None:
        self.guide = guide
        self.state = state
        self.elements: dict[str, bool] = {}
        self.verdict: str | None = None
        self._derived: dict[str, Any] = {}

    def value(self, name: str) -> Any:
        kind = self.guide.name_kinds.get(name)
        if kind == "question":
            q = self.guide.question_by_id[name]
            return scalar_value(q, self.state.active.get(name))
        if kind == "derived":
            if name not in self._derived:
                self._derived[name] = self.guide.derived[name](self)
            return self._derived[name]
        if kind == "indicator":
            return name in self.state.raised
        if kind == "element":
            return self.elements.get(name, False)
        if name == "verdict":
            return self.verdict
        return None

    def raw(self, name: str) -> Any:
        return self.state.active.get(name)

    def unanswered(self, name: str) -> bool:
        """The question applies and has no usable answer (not reached, unknown, skipped)."""
        q = self.guide.question_by_id.get(name)
        if q is None or not self.state.flags[q.index]:
            return False
        return self.state.active.get(name, None) in (None, *UNKNOWN_VALUES)

    def raised_count(self, elements: tuple[str, ...]) -> int:
        if not elements:
            return len(self.state.raised)
        indicators = self.guide.indicators
        return sum(1 for iid in self.state.raised if indicators[iid].element in elements)


def assess(guide: Guide, state: InterviewState) -> Assessment:
    env = _ResultEnv(guide, state)
    child = bool(guide.child_when(env)) if guide.child_when is not None else False
    sexual = bool(guide.sexual_list_when(env)) if guide.sexual_list_when is not None else False

    # Counting is the hot path (every answer re-assesses): plain tuples here; the
    # RaisedIndicator records with their reasons are built on demand.
    counts_by_element: dict[str, dict[str, int]] = {
        eid: {"strong": 0, "medium": 0, "weak": 0} for eid in guide.elements}
    indicators = guide.indicators
    for iid in state.raised:
        ind = indicators[iid]
        counts_by_element[ind.element][ind.strength(child, sexual)] += 1
    raised_all = _RaisedCache(guide, state, child, sexual)

    elements: list[ElementResult] = []
    for eid, element in guide.elements.items():
        counts = counts_by_element[eid]
        present = element.present_when(_Counts(counts))
        env.elements[eid] = present
        elements.append(ElementResult(element, present, counts, element.present_when.source,
                                      raised_all.of(eid)))
    env._derived.clear()  # derived names may use elements: compute them afresh

    not_held: list[Verdict] = []
    chosen: VerdictResult | None = None
    for verdict in guide.verdicts:
        if verdict.when is None or verdict.when(env):
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
        if rule.when is not None and not rule.when(env):
            continue
        for sid in rule.steps:
            order.setdefault(sid, len(order))
            why.setdefault(sid, []).append(rule)
    step_ids = sorted(order, key=lambda s: (URGENCY_ORDER[guide.steps[s].urgency], order[s]))
    steps = tuple(
        StepResult(
            guide.steps[s], tuple(guide.contacts[c] for c in guide.steps[s].contacts), tuple(why[s])
        )
        for s in step_ids
    )

    urgent = tuple((guide.question_by_id[q], v) for q, v in state.urgent)
    return Assessment(child, raised_all.of(None), tuple(elements), chosen, steps, urgent,
                      guide=guide, state=state, sexual_list=sexual)


def _unknowns(guide: Guide, state: InterviewState) -> list[Unknown]:
    out: list[Unknown] = []
    pending = set(state.pending)
    for q in guide.questions:
        if q.id in pending:
            out.append(Unknown(q, "not_asked"))
        elif state.active.get(q.id) in UNKNOWN_VALUES:
            out.append(Unknown(q, str(state.active[q.id])))
    return out


def assess_interview(interview: Interview) -> Assessment:
    return assess(interview.guide, interview.state())


# ---------------------------------------------------------------------------- what-if
# "What could change the result": for the unknown questions, the smallest sets of answers
# (one, two, then three answers) that would give another verdict. Costly on big guides, so
# bounded by a count of assessments (the core reads no clock; a caller may pass one).

MAX_CHANGE_SET_SIZE = 3
DEFAULT_WHAT_IF_BUDGET = 3000  # assessments; about 0.1 ms each on the shipped guide


@dataclass(frozen=True)
class ChangeSet:
    """Answers to unknown questions that, given together, would change the verdict; no
    smaller part of them would."""

    answers: tuple[tuple[Question, Any], ...]  # (question, value), in guide order
    verdict: Verdict  # the verdict these answers would give

    @property
    def size(self) -> int:
        return len(self.answers)

    @property
    def question_ids(self) -> tuple[str, ...]:
        return tuple(q.id for q, _ in self.answers)


@dataclass(frozen=True)
class WhatIfSearch:
    """How far the search for change sets went, so that a screen can say it honestly."""

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
        return tuple(s for s in self.change_sets if s.size == size)


class _Budget(Exception):
    """The search ran out of assessments or of time."""


def _verdict_only(guide: Guide, state: InterviewState) -> Verdict:
    """The verdict assess() would give, without the records, the referral rules and the
    steps: what the what-if search needs, at half the cost. Kept equal to assess() by
    tests/core/test_what_if.py."""
    env = _ResultEnv(guide, state)
    child = bool(guide.child_when(env)) if guide.child_when is not None else False
    sexual = bool(guide.sexual_list_when(env)) if guide.sexual_list_when is not None else False
    counts: dict[str, dict[str, int]] = {
        eid: {"strong": 0, "medium": 0, "weak": 0} for eid in guide.elements}
    indicators = guide.indicators
    for iid in state.raised:
        ind = indicators[iid]
        counts[ind.element][ind.strength(child, sexual)] += 1
    for eid, element in guide.elements.items():
        env.elements[eid] = element.present_when(_Counts(counts[eid]))
    env._derived.clear()
    for verdict in guide.verdicts:
        if verdict.when is None or verdict.when(env):
            return verdict
    raise AssertionError("the loader guarantees an unconditional last verdict")


class _Search:
    """Counts the assessments against the budget (and the time, when given a clock)."""

    def __init__(
        self,
        interview: Interview,
        current: str,
        budget: int | None,
        clock: Callable[[], float] | None,
        time_budget: float | None,
    ) -> None:
        self.interview = interview
        self.guide = interview.guide
        self.current = current
        self.budget = budget
        self.evaluated = 0
        self.clock = clock if time_budget is not None else None
        self.deadline = clock() + time_budget if self.clock is not None else 0.0
        self.memo: dict[Any, Verdict] = {}
        self.searched_size = 0  # every set up to this size has been tried

    def _spend(self) -> None:
        if self.budget is not None and self.evaluated >= self.budget:
            raise _Budget
        if self.clock is not None and self.clock() > self.deadline:
            raise _Budget
        self.evaluated += 1

    def verdict_of(self, trial: _Trial, key: Any = None) -> Verdict | None:
        """The verdict with the trial's answers (None: an answer was refused); the same
        key, the same verdict, without assessing again."""
        if key is not None and key in self.memo:
            return self.memo[key]
        built = trial.get()
        if built is None:
            return None
        self._spend()
        verdict = _verdict_only(self.guide, built.state())
        if key is not None:
            self.memo[key] = verdict
        return verdict


def _candidates(q: Question) -> list[Any]:
    """The answers worth trying for a question: its options; for a number question, its
    bounds and the numbers around each constant of its rules."""
    if q.type == "number":
        values = sorted({v for v in (q.min, q.max) if v is not None})
        for rule in q.number_rules:
            values.extend(_probe_numbers(rule.when.source))
        inside = (v for v in values
                  if (q.min is None or v >= q.min) and (q.max is None or v <= q.max))
        return [int(v) if float(v).is_integer() else v for v in sorted(set(inside))]
    return [o.id for o in q.options]


def _verdict_names(guide: Guide) -> tuple[frozenset[str], frozenset[str]]:
    """Names the verdicts read, directly or through derived names (and who is a child);
    and of those, the questions whose applicability they read (`unanswered()`)."""
    seen: set[str] = set()
    applies: set[str] = set()
    todo = [v.when for v in guide.verdicts if v.when is not None]
    if guide.child_when is not None:
        todo.append(guide.child_when)
    if guide.sexual_list_when is not None:
        todo.append(guide.sexual_list_when)
    while todo:
        condition = todo.pop()
        applies.update(name for name, _ in getattr(condition, "unanswered", ()))
        for name in condition.names:
            if name in seen:
                continue
            seen.add(name)
            derived = guide.derived.get(name)
            if derived is not None:
                todo.append(derived)
    return frozenset(seen), frozenset(applies)


_STRENGTH_SCORE = {"strong": 3, "medium": 2, "weak": 1}


@dataclass
class _Unit:
    """What the search combines: one answer that the verdict rules read (or that changes
    whether other answers count), or every answer that only raises the same indicators
    (equivalent for the verdict: it counts indicators, not who raised them)."""

    members: list[tuple[Question, Any]]
    raises: frozenset[str] | None  # None: an answer read by the rules, tried as itself
    score: int
    first: int  # guide order of its first member


def _units(
    search: _Search, unknowns: list[Unknown], singles: set[tuple[str, Any]]
) -> list[_Unit]:
    """The answers that could take part in changing the verdict with others. An answer that
    raises no indicator not raised already, that no verdict rule reads (directly, through
    derived names, or through who is a child), and that changes whether no given answer or
    no question those rules read applies, cannot change the verdict, alone or with others:
    left out. So are answers that change it alone: a set with one is not the smallest."""
    guide = search.guide
    read, applies = _verdict_names(guide)
    given = search.interview.answers
    raised_now = set(search.interview.state().raised)
    units: list[_Unit] = []
    classes: dict[frozenset[str], _Unit] = {}
    for unk in unknowns:
        q = unk.question
        reads_it = q.id in read or any(
            d in given or d in applies for d in guide.dependents.get(q.id, ()))
        seen: set[frozenset[str]] = set()
        for value in _candidates(q):
            if (q.id, value) in singles:
                continue
            raises = frozenset(q.raised_by(value)[0])
            if reads_it:
                units.append(_Unit([(q, value)], None, 4, q.index))
                continue
            if raises <= raised_now or raises in seen:
                continue
            seen.add(raises)
            score = max((_STRENGTH_SCORE.get(guide.indicators[i].adult, 0) for i in raises
                         if i in guide.indicators), default=0)
            unit = classes.get(raises)
            if unit is None:
                unit = classes[raises] = _Unit([], raises, score, q.index)
                units.append(unit)
            unit.members.append((q, value))
    # The most promising first, so that a search cut short has tried those.
    units.sort(key=lambda u: (-u.score, u.first))
    return units


class _Trial:
    """An interview with some answers added, built only when first needed."""

    __slots__ = ("_built", "answers", "parent", "search")

    def __init__(self, search: _Search, parent: _Trial | None, answers: list[tuple[str, Any]]):
        self.search = search
        self.parent = parent
        self.answers = answers
        self._built: Interview | bool | None = False

    def get(self) -> Interview | None:
        if self._built is False:
            base = self.parent.get() if self.parent is not None else self.search.interview
            self._built = None if base is None else _answered(base, self.answers)
        return self._built  # type: ignore[return-value]


def _answered(base: Interview, answers: list[tuple[str, Any]]) -> Interview | None:
    trial = base.copy()
    try:
        for qid, value in answers:
            trial.answer(qid, value)
    except ValueError:  # AnswerError: a value the question does not take
        return None
    return trial


def _search_sets(
    search: _Search,
    searched: list[Unknown],
    max_size: int,
    found: list[tuple[tuple[tuple[Question, Any], ...], Verdict]],
) -> None:
    """Sets of 2..max_size answers that change the verdict and contain no smaller one, added
    to `found`; `search.searched_size` follows each size searched to the end (raises
    _Budget when the budget runs out)."""
    singles = {(a[0][0].id, a[0][1]) for a, _ in found}
    units = _units(search, searched, singles)
    raised_now = frozenset(search.interview.state().raised)
    found_units: set[frozenset[int]] = set()

    def skip(combo: list[int]) -> bool:
        # parts without the newest unit were checked when the prefix was chosen
        new, rest = combo[-1], combo[:-1]
        for k in range(len(rest) + 1):
            for part in combinations(rest, k):
                if frozenset((*part, new)) in found_units:
                    return True  # contains a smaller change set
        return _redundant([units[n] for n in combo], raised_now)

    def walk(size: int, start: int, combo: list[int], prefix: _Trial | None) -> None:
        for n in range(start, len(units)):
            picked = [*combo, n]
            if len(picked) > 1 and skip(picked):
                continue
            chosen = [units[m] for m in picked]
            picks = _distinct_questions(chosen)
            if picks is None:
                continue
            trial = _Trial(search, prefix, [(picks[-1][0].id, picks[-1][1])])
            if len(picked) < size:
                walk(size, n + 1, picked, trial)
                continue
            read_answers = tuple(sorted(
                (q.id, v) for u, (q, v) in zip(chosen, picks, strict=True) if u.raises is None))
            union = raised_now.union(*(u.raises for u in chosen if u.raises is not None))
            key = (union, read_answers)
            if key not in search.memo:
                built = trial.get()
                if built is None:
                    continue
            verdict = search.verdict_of(trial, key)
            if verdict is None or verdict.id == search.current:
                continue
            found_units.add(frozenset(picked))
            for answers in _expand(chosen):
                found.append((answers, verdict))

    for size in range(2, max_size + 1):
        walk(size, 0, [], None)
        search.searched_size = size


def _redundant(chosen: list[_Unit], raised_now: frozenset[str]) -> bool:
    """An indicator-only answer whose indicators the others raise anyway adds nothing."""
    for n, unit in enumerate(chosen):
        if unit.raises is None:
            continue
        others = raised_now.union(*(u.raises for m, u in enumerate(chosen)
                                    if m != n and u.raises is not None))
        if unit.raises <= others:
            return True
    return False


def _distinct_questions(chosen: list[_Unit]) -> list[tuple[Question, Any]] | None:
    """One member of each unit, no question twice; None when there is no such choice."""
    picks: list[tuple[Question, Any]] = []
    used: set[str] = set()
    for unit in chosen:
        member = next((m for m in unit.members if m[0].id not in used), None)
        if member is None:
            return None
        picks.append(member)
        used.add(member[0].id)
    return picks


def _expand(chosen: list[_Unit]) -> list[tuple[tuple[Question, Any], ...]]:
    """Every set of answers a set of units stands for (one answer per question)."""
    out = []
    for picks in product(*(u.members for u in chosen)):
        if len({q.id for q, _ in picks}) == len(picks):
            out.append(tuple(sorted(picks, key=lambda a: a[0].index)))
    return out


def with_what_if(
    interview: Interview,
    assessment: Assessment,
    limit: int = 200,
    *,
    max_size: int = MAX_CHANGE_SET_SIZE,
    budget: int | None = DEFAULT_WHAT_IF_BUDGET,
    clock: Callable[[], float] | None = None,
    time_budget: float | None = None,
) -> Assessment:
    """What could change the result. For each unknown question (up to `limit`), which
    single answer would change the verdict (`Unknown.could_change`); then the smallest sets
    of two, then three answers that would (`Assessment.change_sets`), never a set that
    contains one already found; the unknowns ordered by how much they matter
    (`Unknown.rank`: the size of the smallest change set they are in).

    Bounded: at most `budget` assessments, and, when a `clock` (e.g. time.monotonic) is
    given with `time_budget` seconds, no longer than that. `assessment.what_if_search`
    says how far the search went. For the result screen and the report, not every step."""
    unknowns = list(assessment.unknowns)
    current = assessment.verdict.verdict.id
    search = _Search(interview, current, budget, clock, time_budget)
    searched = unknowns[:limit]
    singles: dict[str, list[tuple[str, str]]] = {}
    found: list[tuple[tuple[tuple[Question, Any], ...], Verdict]] = []
    try:
        # Size 1: every answer (could_change lists all of them).
        for unk in searched:
            q = unk.question
            changes = singles.setdefault(q.id, [])
            for value in _candidates(q):
                verdict = search.verdict_of(_Trial(search, None, [(q.id, value)]))
                if verdict is not None and verdict.id != current:
                    changes.append((str(value), verdict.id))
                    found.append((((q, value),), verdict))
        search.searched_size = min(max_size, 1)
        if max_size >= 2:
            _search_sets(search, searched, max_size, found)
    except _Budget:
        pass
    search_result = _search_result(found, max_size, search, len(searched), len(unknowns))
    rank: dict[str, int] = {}
    for change in search_result.change_sets:
        for q, _ in change.answers:
            rank[q.id] = min(rank.get(q.id, change.size), change.size)
    out = [
        Unknown(u.question, u.status, tuple(singles.get(u.question.id, ())),
                rank.get(u.question.id))
        for u in unknowns
    ]
    position = {u.question.id: n for n, u in enumerate(out)}
    out.sort(key=lambda u: (u.rank or max_size + 1, position[u.question.id]))
    return replace(assessment, what_if=tuple(out), what_if_search=search_result)


def _search_result(
    found: list[tuple[tuple[tuple[Question, Any], ...], Verdict]],
    max_size: int,
    search: _Search,
    questions: int,
    questions_total: int,
) -> WhatIfSearch:
    sets = sorted(
        (ChangeSet(answers, verdict) for answers, verdict in found),
        key=lambda s: (s.size, tuple(q.index for q, _ in s.answers)),
    )
    return WhatIfSearch(tuple(sets), max_size, search.searched_size, search.evaluated,
                        search.budget,
                        questions, questions_total)


def term_results(assessment: Assessment) -> tuple[tuple[Term, bool | None], ...]:
    """The guide's named terms (the act, the means, the purpose...) for this result: True
    (holds), False (does not) or None (unknown: an answer it needs is missing), evaluated
    with the same elements and verdict as the result itself."""
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
        value = term.when.evaluate(env)
        out.append((term, None if value is None else bool(value)))
    return tuple(out)


def _probe_numbers(source: str) -> list[float]:
    """Numbers worth trying for a number rule: each constant in it and its neighbours."""
    import re

    found = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", source)]
    return [v for x in found for v in (x - 1, x, x + 1)]
