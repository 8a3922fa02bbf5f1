"""The interview: which question comes next, answers, changes, back, skip. Pure state.

Rules:
- A question is *applicable* when its module's and its own `when` hold. Conditions may only
  use earlier questions (the loader checks), so applicability is decided in interview order.
- An answer *counts* (is active) only while its question is applicable. Changing an earlier
  answer can make later answers stop counting; they stay in `answers` and in the history and
  count again if the question applies again.
- "Don't know", "declined" and "skipped" are answers that move the interview on but are never
  scored: conditions see them as unknown (`none`).
- The *path* is every applicable question answered so far, in interview order, up to the
  first applicable question not yet answered (the frontier). Back and forward move along it.

Cost: the interview's state is held in persistent vectors indexed by question and by
indicator (`guide.core.persistent.PVec`: a change copies O(log32 n) small tuples and shares the
rest), counters, tuples and a chain of events. So a step costs what the answer affects (the
questions that depend on it, the indicators it raises), not the size of the guide;
`state()` and `copy()` share everything and cost O(1); and nothing a snapshot or a copy
holds can change under it. The raised indicators are also counted by element and grade as
they change, so the assessment counts without walking them.

Conditions read names through an environment that keeps what it has read (`_Env`, a
dictionary: a name read again costs no Python call). One environment serves a whole
re-decision; questions are decided in interview order and a condition reads only earlier
questions, so what it keeps stays true, and `changed()` forgets, all the same, what a change
of applicability touches (the question and the derived names that read it).
"""

from __future__ import annotations

import heapq
import weakref
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from guide.core.model import DECLINED, DONT_KNOW, SKIPPED, UNKNOWN_VALUES, Guide, Question
from guide.core.persistent import LEAF_BITS, LEAF_MASK, MISSING, IndexedMap, IndexSet, PVec
from guide.i18n.lazy import N_, lazy

__all__ = [
    "DECLINED",
    "DONT_KNOW",
    "SKIPPED",
    "UNKNOWN_VALUES",
    "AnswerError",
    "Event",
    "Interview",
    "InterviewState",
]

EVENT_KINDS = ("answer", "change", "skip", "back", "forward")


class AnswerError(ValueError):
    """An answer the question does not accept (a UI or a damaged journal sent it)."""


@dataclass(frozen=True, slots=True)
class Event:
    """One thing that happened in an interview, as the journal stores it: `answer`, `change`
    (with the `previous` value), `skip`, `back`, `forward`. Events carry no time: the
    sessions layer stamps them."""

    kind: str
    question: str | None = None
    value: Any = None
    previous: Any = None

    def to_dict(self) -> dict[str, Any]:
        """The event as a journal entry (only the fields its kind has)."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.question is not None:
            data["question"] = self.question
        if self.kind in ("answer", "change", "skip"):
            data["value"] = self.value
        if self.kind == "change":
            data["previous"] = self.previous
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        """The event a journal entry describes (fields it lacks are None)."""
        return cls(
            str(data.get("kind")), data.get("question"), data.get("value"), data.get("previous")
        )


@dataclass(frozen=True)
class InterviewState:
    """A snapshot of what counts, for the assessment. Taking one costs O(1): it shares the
    interview's persistent maps, which later answers never change. The lists derived from
    it (applicable, pending) are computed only when asked for."""

    active: Mapping[str, Any]  # question id -> answer, for answers that count (unknowns too)
    raised: Mapping[str, tuple[tuple[str, Any], ...]]  # indicator -> (question, answer) sources
    urgent: tuple[tuple[str, Any], ...]  # (question, answer) that are urgent and count
    applicable_indices: AbstractSet[int]  # indices of the questions that apply
    answered: Mapping[str, Any]  # every question with an answer, counting or not
    questions: tuple[Question, ...] = field(repr=False, compare=False, default=())
    # raised indicators counted by (child?, sexual lists?), element and grade; see counts()
    grade_counts: tuple[int, ...] = field(repr=False, compare=False, default=())
    element_ids: tuple[str, ...] = field(repr=False, compare=False, default=())
    # by question index, the active answer as conditions see it (scalar_value)
    seen: PVec | None = field(repr=False, compare=False, default=None)

    def is_applicable(self, q: Question) -> bool:
        """Does question `q` apply (its `when` and its module's hold)?"""
        return q.index in self.applicable_indices

    def counts(self, child: bool, sexual: bool) -> dict[str, dict[str, int]]:
        """Element id -> {strong, medium, weak}: how many raised indicators of each grade,
        with the grades that apply to a child or not and in the sexual-exploitation lists or
        not. O(elements), whatever the number of raised indicators."""
        n = len(self.element_ids)
        base = _combo(child, sexual) * n * 3
        c = self.grade_counts
        return {
            eid: {"strong": c[k], "medium": c[k + 1], "weak": c[k + 2]}
            for eid, k in zip(self.element_ids, range(base, base + 3 * n, 3), strict=True)
        }

    def raised_in(self, elements: Iterable[str]) -> int:
        """How many raised indicators belong to these elements."""
        wanted = set(elements)
        c = self.grade_counts
        return sum(
            c[3 * e] + c[3 * e + 1] + c[3 * e + 2]
            for e, eid in enumerate(self.element_ids)
            if eid in wanted
        )

    @cached_property
    def flags(self) -> tuple[bool, ...]:
        """Applicability by question index (O(guide size): for reports, not per step)."""
        on = self.applicable_indices
        return tuple(q.index in on for q in self.questions)

    @cached_property
    def applicable(self) -> frozenset[str]:
        """The ids of the questions that apply (O(guide size), computed once)."""
        return frozenset(q.id for q in self.questions if q.index in self.applicable_indices)

    @cached_property
    def pending(self) -> tuple[str, ...]:
        """Applicable questions not answered at all, in interview order."""
        on = self.applicable_indices
        return tuple(q.id for q in self.questions if q.index in on and q.id not in self.answered)


def scalar_value(question: Question, answer: Any) -> Any:
    """What a condition sees for an answer: yes/no → bool, choice → id, number → number."""
    if answer is None or answer in UNKNOWN_VALUES:
        return None
    if question.type == "yes_no":
        return answer == "yes"
    return answer


class _Env(dict[str, Any]):
    """Names for `when` conditions: earlier questions and derived names. The environment
    is the dictionary of the names read so far (`value` is its own lookup: no Python call
    for a name read before); `changed()` forgets what a change of applicability touches."""

    __slots__ = ("_active", "_applicable", "_derived", "_names", "_seen")

    value = dict.__getitem__

    def __init__(self, interview: Interview) -> None:
        super().__init__()
        self._active = interview._active
        self._applicable = interview._applicable
        self._seen = interview._seen
        self._names = interview._t.names
        self._derived = interview.guide.derived

    def changed(self, interview: Interview, qid: str) -> None:
        """Question `qid` of `interview` has just started or stopped applying: forget its
        value and the derived names that read it."""
        self._active = interview._active
        self._applicable = interview._applicable
        self._seen = interview._seen
        self.pop(qid, None)
        for name in interview._t.derived_on.get(qid, ()):
            self.pop(name, None)

    def __missing__(self, name: str) -> Any:
        index = self._names.get(name)
        if index is None:
            return None
        # a question: its answer as conditions see it; a derived name: true or false
        value = _at(self._seen, index) if index >= 0 else bool(self._derived[name].evaluate(self))
        self[name] = value
        return value

    def raw(self, name: str) -> Any:
        index = self._names.get(name)
        if index is None or index < 0:
            return None
        value = _at(self._active, index)
        return None if value is MISSING else value

    def unanswered(self, name: str) -> bool:
        """As in the result: the question applies and has no usable answer (a question
        that does not apply is not counted)."""
        index = self._names.get(name)
        if index is None or index < 0 or not _at(self._applicable, index):
            return False
        return _at(self._active, index) in (MISSING, *UNKNOWN_VALUES)


_NO_EVENTS: tuple[Any, ...] = ()


def _at(vec: PVec, i: int) -> Any:
    """vec[i] without the bounds check and the method call: the engine's hot reads (its
    indices come from the guide)."""
    return vec._leaves[i >> LEAF_BITS][i & LEAF_MASK]


_GRADES = {"strong": 0, "medium": 1, "weak": 2}
_COMBOS = ((False, False), (False, True), (True, False), (True, True))


def _combo(child: bool, sexual: bool) -> int:
    return (2 if child else 0) + (1 if sexual else 0)


@dataclass(frozen=True, slots=True)
class _Tables:
    """What the engine needs to index a guide's questions and indicators; built once per
    guide and never changed (frozen, read-only mappings and tuples)."""

    question_ids: tuple[str, ...]
    question_index: Mapping[str, int]
    indicator_ids: tuple[str, ...]
    indicator_index: Mapping[str, int]
    element_ids: tuple[str, ...]
    # for each indicator, where it counts in InterviewState.grade_counts, for each
    # combination of (child?, sexual lists?)
    grade_slots: tuple[tuple[int, ...], ...]
    # name -> its question's index, or -1 for a derived name (for _Env)
    names: Mapping[str, int]
    # question id -> the derived names that read it, directly or through other ones
    derived_on: Mapping[str, tuple[str, ...]]
    # by question index: the indices of the questions whose applicability may depend on it
    dependents: tuple[tuple[int, ...], ...]


def _build_tables(guide: Guide) -> _Tables:
    indicator_ids = tuple(guide.indicators)
    element_ids = tuple(guide.elements)
    element_index = {eid: e for e, eid in enumerate(element_ids)}
    n = len(element_ids)
    return _Tables(
        tuple(q.id for q in guide.questions),
        MappingProxyType({q.id: q.index for q in guide.questions}),
        indicator_ids,
        MappingProxyType({iid: i for i, iid in enumerate(indicator_ids)}),
        element_ids,
        tuple(
            tuple(
                (c * n + element_index[ind.element]) * 3 + _GRADES[ind.strength(child, sexual)]
                for c, (child, sexual) in enumerate(_COMBOS)
            )
            for ind in guide.indicators.values()
        ),
        MappingProxyType(
            {
                **{q.id: q.index for q in guide.questions},
                **{name: -1 for name in guide.derived},
            }
        ),
        MappingProxyType(_derived_on(guide)),
        tuple(
            tuple(sorted(guide.question_by_id[d].index for d in guide.dependents.get(q.id, ())))
            for q in guide.questions
        ),
    )


def _derived_on(guide: Guide) -> dict[str, tuple[str, ...]]:
    readers: dict[str, set[str]] = {}  # name -> derived names reading it directly
    for name, cond in guide.derived.items():
        for read in cond.names:
            readers.setdefault(read, set()).add(name)
    out: dict[str, tuple[str, ...]] = {}
    for q in guide.questions:
        found: set[str] = set()
        todo = list(readers.get(q.id, ()))
        while todo:
            name = todo.pop()
            if name not in found:
                found.add(name)
                todo.extend(readers.get(name, ()))
        if found:
            out[q.id] = tuple(sorted(found))
    return out


_TABLES: dict[int, tuple[weakref.ref[Guide], _Tables]] = {}


def _tables(guide: Guide) -> _Tables:
    entry = _TABLES.get(id(guide))
    if entry is not None and entry[0]() is guide:
        return entry[1]
    tables = _build_tables(guide)
    key = id(guide)
    _TABLES[key] = (weakref.ref(guide, lambda _ref: _TABLES.pop(key, None)), tables)
    return tables


class Interview:
    """One interview. Every attribute holds a value that is never changed once shared:
    copy-on-write vectors (frozen before a snapshot or a copy shares them), tuples, ints and
    the frozen guide; so `copy()` shares them all and the two interviews never affect each
    other."""

    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        self._questions = guide.questions
        t = self._t = _tables(guide)
        n = len(self._questions)
        self._answers = PVec.filled(n)  # by question index: the answer, counting or not
        self._n_answers = 0
        self._active = PVec.filled(n)  # the answers whose question applies
        self._n_active = 0
        # what conditions see of each question: scalar_value() of its active answer
        self._seen = PVec.filled(n, None)
        self._applicable = PVec.filled(n, False)
        self._n_applicable = 0
        self._contrib = PVec.filled(n)  # (indicators the active answer raises, urgent?)
        # by indicator index: ((question id, answer), ...) in the order they raised it
        self._raised = PVec.filled(len(t.indicator_ids))
        self._n_raised = 0
        self._grades: tuple[int, ...] = (0,) * (4 * len(t.element_ids) * 3)
        self._urgent: tuple[tuple[str, Any], ...] = ()  # in the order they became urgent
        self._events: tuple[Any, ...] = _NO_EVENTS  # (earlier chain, event): shared by copies
        self._position: int | None = None  # index into path while reviewing
        self._frontier = 0  # no pending question before this index
        self._recompute(range(n))

    # ------------------------------------------------------------------ reading
    @property
    def answers(self) -> dict[str, Any]:
        """Every answer given, counting or not (a new dict: O(guide size))."""
        return dict(self._answer_map().items())

    def answer_of(self, qid: str) -> Any:
        """The answer given to `qid` (counting or not), or None."""
        value = _at(self._answers, self.guide.question_by_id[qid].index)
        return None if value is MISSING else value

    def _answer_map(self) -> IndexedMap:
        return IndexedMap(self._answers, self._n_answers, self._qindex, self._t.question_ids)

    @property
    def _qindex(self) -> Mapping[str, int]:
        return self._t.question_index

    @property
    def events(self) -> list[Event]:
        """Everything that happened, oldest first (a new list)."""
        out: list[Event] = []
        link = self._events
        while link:
            link, event = link
            out.append(event)
        out.reverse()
        return out

    def is_applicable(self, qid: str) -> bool:
        """Does question `qid` apply now, given the answers so far?"""
        return bool(_at(self._applicable, self.guide.question_by_id[qid].index))

    def is_active(self, qid: str) -> bool:
        """Does the answer to `qid` count (it was given and its question still applies)? An
        answer that stops counting is kept and counts again if its question applies
        again."""
        return _at(self._active, self.guide.question_by_id[qid].index) is not MISSING

    def _active_value(self, q: Question) -> Any:
        value = _at(self._active, q.index)
        return None if value is MISSING else value

    def frontier(self) -> Question | None:
        """The first applicable question with no answer: where the interview stands."""
        qs, app, ans = self._questions, self._applicable, self._answers
        i = self._frontier
        while i < len(qs):
            if _at(app, i) and _at(ans, i) is MISSING:
                self._frontier = i
                return qs[i]
            i += 1
        self._frontier = len(qs)
        return None

    def path(self) -> list[Question]:
        """Applicable questions answered so far, in order, before the frontier."""
        end = self.frontier()
        stop = end.index if end else len(self._questions)
        active = self._active
        return [q for q in self._questions[:stop] if _at(active, q.index) is not MISSING]

    def current(self) -> Question | None:
        """The question to show: while reviewing (after `back`), the one reviewed; otherwise
        the frontier. None when the interview is finished."""
        if self._position is not None:
            path = self.path()
            if self._position < len(path):
                return path[self._position]
            self._position = None
        return self.frontier()

    @property
    def reviewing(self) -> bool:
        """Has the officer gone back to an earlier question (`back` without returning)?"""
        return self._position is not None

    @property
    def finished(self) -> bool:
        """No question left to ask: the result can be shown."""
        return self.current() is None

    def progress(self) -> tuple[int, int]:
        """(answered, likely remaining): remaining counts applicable unanswered questions,
        which can grow or shrink as answers open or close later questions. O(1): the
        answers that count are exactly the applicable questions answered."""
        return self._n_active, self._n_applicable - self._n_active

    def urgent_answers(self) -> list[tuple[Question, Any]]:
        """The answers that count and are urgent, with their questions, in the order they
        became urgent."""
        g = self.guide
        return [(g.question_by_id[qid], v) for qid, v in self._urgent]

    def _share(self) -> None:
        """A snapshot or a copy is about to hold the vectors: freeze them (O(1) each), so
        that the next write makes new ones and what is shared never changes."""
        self._answers.freeze()
        self._active.freeze()
        self._seen.freeze()
        self._applicable.freeze()
        self._contrib.freeze()
        self._raised.freeze()

    def state(self) -> InterviewState:
        """A snapshot of what counts now, for `assess()`: O(1), shared, never changed by
        later answers."""
        self._share()
        t = self._t
        qindex = self._qindex
        return InterviewState(
            IndexedMap(self._active, self._n_active, qindex, t.question_ids),
            IndexedMap(self._raised, self._n_raised, t.indicator_index, t.indicator_ids),
            self._urgent,
            IndexSet(self._applicable, self._n_applicable),
            IndexedMap(self._answers, self._n_answers, qindex, t.question_ids),
            self._questions,
            self._grades,
            t.element_ids,
            self._seen,
        )

    # ------------------------------------------------------------------ intents
    def answer(self, qid: str, value: Any) -> list[tuple[Question, Any]]:
        """Record an answer; returns the urgent answers it raised (to interrupt with)."""
        q = self._question(qid)
        if isinstance(value, str) and q.type == "number" and value not in UNKNOWN_VALUES:
            value = _number(value)
        if value == SKIPPED or not q.accepts(value):
            raise AnswerError(
                lazy(N_("'{value}' is not an answer to '{qid}'"), value=value, qid=qid)
            )
        return self._set(q, value, "answer")

    def skip(self, qid: str) -> None:
        """Skip question `qid`: it stays unanswered ("skipped" counts as unknown)."""
        q = self._question(qid)
        self._set(q, SKIPPED, "skip")

    def back(self) -> Question | None:
        """Go to the previous answered question (to change it); the answers stay. Returns
        the question now current."""
        path = self.path()
        if not path:
            return self.current()
        if self._position is None:
            self._position = len(path) - 1
        elif self._position > 0:
            self._position -= 1
        else:
            return self.current()
        self._log(Event("back", path[self._position].id))
        return self.current()

    def forward(self) -> Question | None:
        """After `back`: on to the next answered question, or back to the frontier. Returns
        the question now current."""
        if self._position is None:
            return self.current()
        self._position += 1
        if self._position >= len(self.path()):
            self._position = None
        cur = self.current()
        self._log(Event("forward", cur.id if cur else None))
        return cur

    def copy(self) -> Interview:
        """An independent interview with the same answers and history, in O(1): the two
        share frozen vectors, tuples and ints, and each copies what it writes."""
        self._share()
        other = Interview.__new__(Interview)
        other.__dict__.update(self.__dict__)
        return other

    @classmethod
    def replay(
        cls, guide: Guide, events: Iterable[Event | Mapping[str, Any]]
    ) -> tuple[Interview, list[str]]:
        """Rebuild an interview from its history. Returns it and what could not be replayed
        (e.g. a question the guide no longer has)."""
        iv = cls(guide)
        problems: list[str] = []
        # (old id, question) whose saved answer the guide cannot carry over
        asked_again: dict[tuple[str, str], None] = {}
        for raw in events:
            ev = raw if isinstance(raw, Event) else Event.from_dict(raw)
            if ev.kind not in EVENT_KINDS:
                continue  # events of the wizard's own (language, result shown...)
            if ev.kind == "back":
                iv.back()
                continue
            if ev.kind == "forward":
                iv.forward()
                continue
            qid = str(ev.question)
            value = SKIPPED if ev.kind == "skip" else ev.value
            # an answer saved under an id the question had before (its `replaces`)
            replacements = guide.replaced.get(qid, ())
            if qid not in guide.question_by_id and not replacements:
                problems.append(
                    lazy(N_("question '{question}' is no longer in the guide"), question=qid)
                )
                continue
            targets = [(r.question, r.carry(value)) for r in replacements] or [(qid, value)]
            for target, carried in targets:
                if carried is None or (
                    replacements and not guide.question_by_id[target].accepts(carried)
                ):
                    asked_again[qid, target] = None
                    continue
                try:
                    if carried == SKIPPED:
                        iv.skip(target)
                    else:
                        iv.answer(target, carried)
                except AnswerError as exc:
                    # the message itself: a LazyText the command line shows in its language
                    problems.append(exc.args[0] if exc.args else str(exc))
        # said once, and only while the question has no answer of its own yet
        problems.extend(
            lazy(
                N_(
                    "the saved answer to '{question}' cannot be read as an answer to "
                    "'{target}', which this guide asks instead: ask it again"
                ),
                question=old,
                target=target,
            )
            for old, target in asked_again
            if iv.answer_of(target) is None
        )
        return iv, problems

    # ------------------------------------------------------------------ internals
    def _question(self, qid: str) -> Question:
        q = self.guide.question_by_id.get(qid)
        if q is None:
            raise AnswerError(lazy(N_("there is no question '{qid}'"), qid=qid))
        return q

    def _log(self, event: Event) -> None:
        self._events = (self._events, event)

    def _set(self, q: Question, value: Any, kind: str) -> list[tuple[Question, Any]]:
        i = q.index
        previous = _at(self._answers, i)
        if previous is MISSING:
            previous = None
            self._n_answers += 1
        reviewing_this = self._position is not None and self.current() is q
        if previous is not None and previous != value:
            kind = "change"
        self._answers = self._answers.set(i, value)
        if _at(self._applicable, i):
            if _at(self._active, i) is MISSING:
                self._n_active += 1
            self._active = self._active.set(i, value)
            self._seen = self._seen.set(i, scalar_value(q, value))
        self._log(Event(kind, q.id, value, previous))
        urgent_before = {qid for qid, _ in self._urgent}
        self._contribute(q)
        self._recompute(self.guide.dependents.get(q.id, ()), ids=True)
        self._frontier = min(self._frontier, i)
        if reviewing_this:
            path = self.path()
            where = next((n for n, p in enumerate(path) if p is q), None)
            self._position = None if where is None or where + 1 >= len(path) else where + 1
        else:
            self._position = None
        return [
            (self.guide.question_by_id[qid], v)
            for qid, v in self._urgent
            if qid not in urgent_before
        ]

    def _count(self, slot: int, by: int) -> None:
        """An indicator starts (+1) or stops (-1) being raised: update the grade counts."""
        grades = list(self._grades)
        for k in self._t.grade_slots[slot]:
            grades[k] += by
        self._grades = tuple(grades)
        self._n_raised += by

    def _contribute(self, q: Question) -> None:
        """Bring q's raised indicators and urgency in line with its current active answer."""
        qid = q.id
        index = self._t.indicator_index
        old = _at(self._contrib, q.index)
        raised = self._raised
        if old is not MISSING:
            self._contrib = self._contrib.set(q.index, MISSING)
            for iid in old[0]:
                slot = index[iid]
                sources = _at(raised, slot)
                if sources is not MISSING:
                    kept = tuple(s for s in sources if s[0] != qid)
                    if kept:
                        raised = raised.set(slot, kept)
                    else:
                        raised = raised.set(slot, MISSING)
                        self._count(slot, -1)
        if any(u == qid for u, _ in self._urgent):
            self._urgent = tuple(pair for pair in self._urgent if pair[0] != qid)
        value = self._active_value(q)
        raises, urgent = q.raised_by(value)
        if raises or urgent:
            self._contrib = self._contrib.set(q.index, (raises, urgent))
            for iid in raises:
                slot = index[iid]
                sources = _at(raised, slot)
                if sources is MISSING:
                    sources = ()
                    self._count(slot, +1)
                else:
                    sources = tuple(s for s in sources if s[0] != qid)
                raised = raised.set(slot, (*sources, (qid, value)))
            if urgent:
                self._urgent = (*self._urgent, (qid, value))
        self._raised = raised

    def _recompute(self, targets: Iterable[Any], ids: bool = False) -> None:
        """Re-decide applicability of the given questions and, in order, of whatever
        depends on those that change."""
        qs = self._questions
        by_id = self.guide.question_by_id
        whens = _whens(self.guide)
        dependents = self._t.dependents
        heap = list({by_id[t].index if ids else t for t in targets})
        heapq.heapify(heap)
        queued = set(heap)
        env = _Env(self)
        while heap:
            i = heapq.heappop(heap)
            module_when, own_when = whens[i]
            now = (module_when is None or bool(module_when(env))) and (
                own_when is None or bool(own_when(env))
            )
            if now != _at(self._applicable, i):
                q = qs[i]
                self._applicable = self._applicable.set(i, now)
                self._n_applicable += 1 if now else -1
                answer = _at(self._answers, i)
                was_active = _at(self._active, i) is not MISSING
                if now and answer is not MISSING:
                    self._active = self._active.set(i, answer)
                    self._seen = self._seen.set(i, scalar_value(q, answer))
                    self._n_active += 0 if was_active else 1
                elif was_active:
                    self._active = self._active.set(i, MISSING)
                    self._seen = self._seen.set(i, None)
                    self._n_active -= 1
                env.changed(self, q.id)  # its value and derived names may change
                self._frontier = min(self._frontier, i)
                if answer is not MISSING:
                    self._contribute(q)
                for dep in dependents[i]:
                    if dep not in queued:
                        queued.add(dep)
                        heapq.heappush(heap, dep)


_WHENS: dict[int, tuple[weakref.ref[Guide], tuple[tuple[Any, Any], ...]]] = {}


def _whens(guide: Guide) -> tuple[tuple[Any, Any], ...]:
    """By question index: the evaluators of its module's `when` and of its own (None when
    there is none), taken once per guide."""
    entry = _WHENS.get(id(guide))
    if entry is not None and entry[0]() is guide:
        return entry[1]
    modules = guide.module_by_id
    whens = tuple(
        (
            None if (m := modules[q.module].when) is None else m.evaluate,
            None if q.when is None else q.when.evaluate,
        )
        for q in guide.questions
    )
    key = id(guide)
    _WHENS[key] = (weakref.ref(guide, lambda _ref: _WHENS.pop(key, None)), whens)
    return whens


def _number(text: str) -> Any:
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        raise AnswerError(lazy(N_("'{text}' is not a number"), text=text)) from None
    return int(number) if number.is_integer() else number
