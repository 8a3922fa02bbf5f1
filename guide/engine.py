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
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from guide.conditions import Condition
from guide.model import DECLINED, DONT_KNOW, SKIPPED, UNKNOWN_VALUES, Guide, Question

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
    kind: str
    question: str | None = None
    value: Any = None
    previous: Any = None

    def to_dict(self) -> dict[str, Any]:
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
        return cls(
            str(data.get("kind")), data.get("question"), data.get("value"), data.get("previous")
        )


@dataclass(frozen=True)
class InterviewState:
    """A snapshot of what counts, for the assessment. Cheap to take: the lists derived from
    it (applicable, pending) are computed only when asked for."""

    active: Mapping[str, Any]  # question id -> answer, for answers that count (unknowns too)
    raised: Mapping[str, tuple[tuple[str, Any], ...]]  # indicator -> (question, answer) sources
    urgent: tuple[tuple[str, Any], ...]  # (question, answer) that are urgent and count
    flags: tuple[bool, ...]  # applicability, by question index
    answered: frozenset[str]  # every question with an answer, counting or not
    questions: tuple[Question, ...] = field(repr=False, compare=False, default=())

    @cached_property
    def applicable(self) -> frozenset[str]:
        return frozenset(q.id for q, ok in zip(self.questions, self.flags, strict=True) if ok)

    @cached_property
    def pending(self) -> tuple[str, ...]:
        """Applicable questions not answered at all, in interview order."""
        return tuple(
            q.id
            for q, ok in zip(self.questions, self.flags, strict=True)
            if ok and q.id not in self.answered
        )


def scalar_value(question: Question, answer: Any) -> Any:
    """What a condition sees for an answer: yes/no → bool, choice → id, number → number."""
    if answer is None or answer in UNKNOWN_VALUES:
        return None
    if question.type == "yes_no":
        return answer == "yes"
    return answer


class _Env:
    """Names for `when` conditions: earlier questions and derived names."""

    __slots__ = ("_cache", "_iv")

    def __init__(self, interview: Interview) -> None:
        self._iv = interview
        self._cache: dict[str, Any] = {}

    def value(self, name: str) -> Any:
        iv = self._iv
        q = iv.guide.question_by_id.get(name)
        if q is not None:
            return scalar_value(q, iv._active_value(q))
        derived = iv.guide.derived.get(name)
        if derived is not None:
            if name not in self._cache:
                self._cache[name] = derived(self)
            return self._cache[name]
        return None

    def raw(self, name: str) -> Any:
        q = self._iv.guide.question_by_id.get(name)
        return self._iv._active_value(q) if q is not None else None

    def unanswered(self, name: str) -> bool:
        """As in the result: the question applies and has no usable answer (a question
        that does not apply is not counted)."""
        q = self._iv.guide.question_by_id.get(name)
        if q is None or not self._iv._applicable[q.index]:
            return False
        return self._iv._active_value(q) in (None, *UNKNOWN_VALUES)


class Interview:
    def __init__(self, guide: Guide) -> None:
        self.guide = guide
        self._questions = guide.questions
        self._answers: dict[str, Any] = {}
        self._active: dict[str, Any] = {}  # answers whose question applies
        self._applicable: list[bool] = [False] * len(self._questions)
        self._contrib: dict[str, tuple[tuple[str, ...], bool]] = {}
        self._raised: dict[str, dict[str, Any]] = {}
        # indicator -> sources as a tuple, rebuilt only for indicators that changed
        self._raised_view: dict[str, tuple[tuple[str, Any], ...]] = {}
        self._dirty: set[str] = set()
        self._urgent: dict[str, Any] = {}
        self._events: list[Event] = []
        self._position: int | None = None  # index into path while reviewing
        self._frontier = 0  # no pending question before this index
        self._module_conditions: dict[str, Condition | None] = {m.id: m.when for m in guide.modules}
        self._recompute(range(len(self._questions)))

    # ------------------------------------------------------------------ reading
    @property
    def answers(self) -> dict[str, Any]:
        return dict(self._answers)

    @property
    def events(self) -> list[Event]:
        return list(self._events)

    def is_applicable(self, qid: str) -> bool:
        return self._applicable[self.guide.question_by_id[qid].index]

    def is_active(self, qid: str) -> bool:
        return qid in self._answers and self.is_applicable(qid)

    def _active_value(self, q: Question) -> Any:
        return self._active.get(q.id)

    def frontier(self) -> Question | None:
        """The first applicable question with no answer: where the interview stands."""
        qs, app, ans = self._questions, self._applicable, self._answers
        i = self._frontier
        while i < len(qs):
            if app[i] and qs[i].id not in ans:
                self._frontier = i
                return qs[i]
            i += 1
        self._frontier = len(qs)
        return None

    def path(self) -> list[Question]:
        """Applicable questions answered so far, in order, before the frontier."""
        end = self.frontier()
        stop = end.index if end else len(self._questions)
        return [
            q for q in self._questions[:stop] if self._applicable[q.index] and q.id in self._answers
        ]

    def current(self) -> Question | None:
        if self._position is not None:
            path = self.path()
            if self._position < len(path):
                return path[self._position]
            self._position = None
        return self.frontier()

    @property
    def reviewing(self) -> bool:
        return self._position is not None

    @property
    def finished(self) -> bool:
        return self.current() is None

    def progress(self) -> tuple[int, int]:
        """(answered, likely remaining): remaining counts applicable unanswered questions,
        which can grow or shrink as answers open or close later questions."""
        answered = sum(
            1 for q in self._questions if self._applicable[q.index] and q.id in self._answers
        )
        remaining = sum(
            1 for q in self._questions if self._applicable[q.index] and q.id not in self._answers
        )
        return answered, remaining

    def urgent_answers(self) -> list[tuple[Question, Any]]:
        g = self.guide
        return [(g.question_by_id[qid], v) for qid, v in self._urgent.items()]

    def state(self) -> InterviewState:
        for iid in self._dirty:
            sources = self._raised.get(iid)
            if sources:
                self._raised_view[iid] = tuple(sources.items())
            else:
                self._raised_view.pop(iid, None)
        self._dirty.clear()
        return InterviewState(
            dict(self._active),
            dict(self._raised_view),
            tuple(self._urgent.items()),
            tuple(self._applicable),
            frozenset(self._answers),
            self._questions,
        )

    # ------------------------------------------------------------------ intents
    def answer(self, qid: str, value: Any) -> list[tuple[Question, Any]]:
        """Record an answer; returns the urgent answers it raised (to interrupt with)."""
        q = self._question(qid)
        if isinstance(value, str) and q.type == "number" and value not in UNKNOWN_VALUES:
            value = _number(value)
        if value == SKIPPED or not q.accepts(value):
            raise AnswerError(f"'{value}' is not an answer to '{qid}'")
        return self._set(q, value, "answer")

    def skip(self, qid: str) -> None:
        q = self._question(qid)
        self._set(q, SKIPPED, "skip")

    def back(self) -> Question | None:
        path = self.path()
        if not path:
            return self.current()
        if self._position is None:
            self._position = len(path) - 1
        elif self._position > 0:
            self._position -= 1
        else:
            return self.current()
        self._events.append(Event("back", path[self._position].id))
        return self.current()

    def forward(self) -> Question | None:
        if self._position is None:
            return self.current()
        self._position += 1
        if self._position >= len(self.path()):
            self._position = None
        cur = self.current()
        self._events.append(Event("forward", cur.id if cur else None))
        return cur

    def copy(self) -> Interview:
        other = Interview.__new__(Interview)
        other.guide = self.guide
        other._questions = self._questions
        other._answers = dict(self._answers)
        other._active = dict(self._active)
        other._applicable = list(self._applicable)
        other._contrib = dict(self._contrib)
        other._raised = {k: dict(v) for k, v in self._raised.items()}
        other._raised_view = dict(self._raised_view)
        other._dirty = set(self._dirty)
        other._urgent = dict(self._urgent)
        other._events = list(self._events)
        other._position = self._position
        other._frontier = self._frontier
        other._module_conditions = self._module_conditions
        return other

    @classmethod
    def replay(
        cls, guide: Guide, events: Iterable[Event | Mapping[str, Any]]
    ) -> tuple[Interview, list[str]]:
        """Rebuild an interview from its history. Returns it and what could not be replayed
        (e.g. a question the guide no longer has)."""
        iv = cls(guide)
        problems: list[str] = []
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
            if ev.question not in guide.question_by_id:
                problems.append(f"question '{ev.question}' is no longer in the guide")
                continue
            try:
                if ev.kind == "skip" or ev.value == SKIPPED:
                    iv.skip(str(ev.question))
                else:
                    iv.answer(str(ev.question), ev.value)
            except AnswerError as exc:
                problems.append(str(exc))
        return iv, problems

    # ------------------------------------------------------------------ internals
    def _question(self, qid: str) -> Question:
        q = self.guide.question_by_id.get(qid)
        if q is None:
            raise AnswerError(f"there is no question '{qid}'")
        return q

    def _set(self, q: Question, value: Any, kind: str) -> list[tuple[Question, Any]]:
        previous = self._answers.get(q.id)
        reviewing_this = self._position is not None and self.current() is q
        if previous is not None and previous != value:
            kind = "change"
        self._answers[q.id] = value
        if self._applicable[q.index]:
            self._active[q.id] = value
        self._events.append(Event(kind, q.id, value, previous))
        urgent_before = set(self._urgent)
        self._contribute(q)
        self._recompute(self.guide.dependents.get(q.id, ()), ids=True)
        self._frontier = min(self._frontier, q.index)
        if reviewing_this:
            path = self.path()
            where = next((i for i, p in enumerate(path) if p is q), None)
            self._position = None if where is None or where + 1 >= len(path) else where + 1
        else:
            self._position = None
        return [
            (self.guide.question_by_id[qid], v)
            for qid, v in self._urgent.items()
            if qid not in urgent_before
        ]

    def _contribute(self, q: Question) -> None:
        """Bring q's raised indicators and urgency in line with its current active answer."""
        old = self._contrib.pop(q.id, ((), False))
        for iid in old[0]:
            sources = self._raised.get(iid)
            if sources:
                sources.pop(q.id, None)
            self._dirty.add(iid)
        self._urgent.pop(q.id, None)
        value = self._active_value(q)
        raises, urgent = q.raised_by(value)
        if raises or urgent:
            self._contrib[q.id] = (raises, urgent)
            for iid in raises:
                self._raised.setdefault(iid, {})[q.id] = value
                self._dirty.add(iid)
            if urgent:
                self._urgent[q.id] = value

    def _recompute(self, targets: Iterable[Any], ids: bool = False) -> None:
        """Re-decide applicability of the given questions and, in order, of whatever
        depends on those that change."""
        qs = self._questions
        by_id = self.guide.question_by_id
        heap = [by_id[t].index if ids else t for t in targets]
        heapq.heapify(heap)
        seen: set[int] = set()
        env = _Env(self)
        while heap:
            i = heapq.heappop(heap)
            if i in seen:
                continue
            seen.add(i)
            q = qs[i]
            mwhen = self._module_conditions[q.module]
            now = (mwhen is None or mwhen(env)) and (q.when is None or q.when(env))
            if now != self._applicable[i]:
                self._applicable[i] = now
                if now and q.id in self._answers:
                    self._active[q.id] = self._answers[q.id]
                else:
                    self._active.pop(q.id, None)
                env = _Env(self)  # derived values may have changed
                self._frontier = min(self._frontier, i)
                if q.id in self._answers:
                    self._contribute(q)
                for dep in self.guide.dependents.get(q.id, ()):
                    heapq.heappush(heap, by_id[dep].index)


def _number(text: str) -> Any:
    try:
        number = float(text.strip().replace(",", "."))
    except ValueError:
        raise AnswerError(f"'{text}' is not a number") from None
    return int(number) if number.is_integer() else number
