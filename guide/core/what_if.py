"""What could change the result: for the unknown questions of an interview, the smallest
sets of answers (one, two, then three) that would give another verdict, and the unknowns
ranked by how much they matter. Costly on big guides, so bounded by a count of
assessments (the core reads no clock; a caller may pass one). For the result screen, the
reports and `dalil simulate`, not for every step.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import combinations, product
from typing import Any

from guide.core.assessment import (
    Assessment,
    ChangeSet,
    Unknown,
    WhatIfSearch,
    _Counts,
    _ResultEnv,
    graded_counts,
)
from guide.core.engine import Interview, InterviewState
from guide.core.model import Guide, Question, Verdict

MAX_CHANGE_SET_SIZE = 3
DEFAULT_WHAT_IF_BUDGET = 3000  # assessments; about 0.1 ms each on the shipped guide


class _Budget(Exception):
    """The search ran out of assessments or of time."""


def _verdict_only(guide: Guide, state: InterviewState) -> Verdict:
    """The verdict assess() would give, without the records, the referral rules and the
    steps: what the what-if search needs, at half the cost. Kept equal to assess() by
    tests/core/test_what_if.py."""
    env = _ResultEnv(guide, state)
    _, _, counts = graded_counts(guide, state, env)
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
        self.deadline = (
            self.clock() + time_budget
            if self.clock is not None and time_budget is not None
            else 0.0
        )
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
        inside = (
            v for v in values if (q.min is None or v >= q.min) and (q.max is None or v <= q.max)
        )
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


def _units(search: _Search, unknowns: list[Unknown], singles: set[tuple[str, Any]]) -> list[_Unit]:
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
            d in given or d in applies for d in guide.dependents.get(q.id, ())
        )
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
            score = max(
                (
                    _STRENGTH_SCORE.get(guide.indicators[i].adult, 0)
                    for i in raises
                    if i in guide.indicators
                ),
                default=0,
            )
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
            read_answers = tuple(
                sorted(
                    (q.id, v) for u, (q, v) in zip(chosen, picks, strict=True) if u.raises is None
                )
            )
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
        others = raised_now.union(
            *(u.raises for m, u in enumerate(chosen) if m != n and u.raises is not None)
        )
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
        Unknown(
            u.question, u.status, tuple(singles.get(u.question.id, ())), rank.get(u.question.id)
        )
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
    return WhatIfSearch(
        tuple(sets),
        max_size,
        search.searched_size,
        search.evaluated,
        search.budget,
        questions,
        questions_total,
    )


def answer_candidates(q: Question) -> list[Any]:
    """The answers worth trying for a question: its options; for a number question, its
    bounds and the numbers around each constant of its rules. Shared with the invariant
    search (guide.trainer.invariants)."""
    return _candidates(q)


def _probe_numbers(source: str) -> list[float]:
    """Numbers worth trying for a number rule: each constant in it and its neighbours."""
    found = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?", source)]
    return [v for x in found for v in (x - 1, x, x + 1)]
