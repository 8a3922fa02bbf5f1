"""The guide as frozen data: what the loader builds and everything else reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

from guide.core.conditions import Condition

Strength = Literal["strong", "medium", "weak"]
Urgency = Literal["immediate", "urgent", "soon", "routine"]
URGENCY_ORDER: dict[str, int] = {"immediate": 0, "urgent": 1, "soon": 2, "routine": 3}
STRENGTHS: tuple[Strength, ...] = ("strong", "medium", "weak")

# Answers every question accepts besides its own; never scored as "no".
DONT_KNOW = "dont_know"
DECLINED = "declined"
SKIPPED = "skipped"
UNKNOWN_VALUES = (DONT_KNOW, DECLINED, SKIPPED)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a part of the guide was written: file, line and column (1-based), for
    diagnostics and for `dalil explain`."""

    file: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


def frozen_map(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only view of a copy of `data`: the mappings a frozen Guide holds."""
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True, slots=True)
class Contact:
    """A service the officer may call, from the guide's directory. `verified` is the date
    its number was last checked; None means "to verify before use", and a contact without
    `phone` has no number on file (none is ever made up)."""

    id: str
    name: str
    region: str
    verified: str | None  # date last checked, or None: "to verify before use"
    phone: str | None = None
    hours: str | None = None
    source: str | None = None
    note: str | None = None
    ref: SourceRef | None = None

    @property
    def is_verified(self) -> bool:
        """Was the number checked (on the date in `verified`)?"""
        return self.verified is not None


@dataclass(frozen=True, slots=True)
class Step:
    """A referral step: what the officer does, how urgently, and whom to call (contact ids)."""

    id: str
    urgency: Urgency
    text: str
    contacts: tuple[str, ...] = ()
    ref: SourceRef | None = None
    # the legal or professional ground of the step (an article, an ILO/EC list, a WHO
    # principle, or "guide policy — configurable"); shown with the step
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class ReferralRule:
    """When `when` holds (None: always), the result lists these steps (step ids)."""

    id: str
    when: Condition | None
    steps: tuple[str, ...]
    ref: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """One possible result. Verdicts are tried in guide order; the first whose `when` holds
    is the result (the last one has no condition). `level` ranks it (LEVEL_ORDER)."""

    id: str
    level: str
    title: str
    explanation: str
    when: Condition | None
    ref: SourceRef | None = None
    basis: str | None = None  # the legal or professional ground of the verdict's rule


# How serious a verdict is. "unknown" (not assessed, too few answers) ranks above a few
# weak signs and below "assess further": not knowing is never a reassurance.
LEVEL_ORDER: dict[str, int] = {"none": 0, "low": 1, "unknown": 2, "medium": 3, "high": 4}


@dataclass(frozen=True, slots=True)
class Term:
    """A derived name a trainer gave words to (e.g. the act, the means and the purpose of
    Law 27-14): shown among the reasons of a result, with its basis."""

    id: str
    label: str
    when: Condition
    explanation: str | None = None
    basis: str | None = None
    ref: SourceRef | None = None
    # listed among the reasons only when this holds (None: always)
    shown_when: Condition | None = None


@dataclass(frozen=True, slots=True)
class Invariant:
    """A property every possible interview must satisfy; `dalil test` searches for
    counterexamples. Either `require` (under `when`) holds for every result, or a
    `monotone` change of one answer never moves the verdict level the wrong way."""

    id: str
    title: str
    when: Condition | None = None
    require: Condition | None = None
    monotone: str | None = None  # "more_signs" | "unknown_to_no"
    basis: str | None = None
    ref: SourceRef | None = None


MONOTONE_KINDS = ("more_signs", "unknown_to_no")


@dataclass(frozen=True, slots=True)
class Element:
    """One dimension of trafficking (recruitment, exploitation, coercion...): present when
    its rule holds over the counts of its raised indicators by grade."""

    id: str
    label: str
    present_when: Condition
    description: str | None = None
    group: str | None = None
    ref: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """A sign an answer can raise, belonging to one element, with its grade (strong, medium,
    weak) for an adult and for a child, and where they differ, in the ILO/EC
    sexual-exploitation lists."""

    id: str
    element: str
    adult: Strength
    child: Strength
    label: str
    ref: SourceRef | None = None
    # grades in the ILO/EC sexual-exploitation lists, where they differ from the labour
    # lists (None: the same as adult / child)
    sexual_adult: Strength | None = None
    sexual_child: Strength | None = None

    def strength(self, child: bool, sexual: bool = False) -> Strength:
        """The grade that applies: for a child or an adult, in the sexual-exploitation lists
        when `sexual` and they grade it."""
        if sexual:
            grade = self.sexual_child if child else self.sexual_adult
            if grade is not None:
                return grade
        return self.child if child else self.adult


@dataclass(frozen=True, slots=True)
class AnswerOption:
    """One answer a question offers: the indicators it raises, whether it is urgent (the
    wizard interrupts with the emergency steps), and a note for the officer."""

    id: str
    text: str | None = None  # None for yes/no: the UI supplies "Yes"/"No"
    raises: tuple[str, ...] = ()
    urgent: bool = False
    note: str | None = None


@dataclass(frozen=True, slots=True)
class NumberRule:
    """For a number question: when `when` holds over `value`, these indicators are raised."""

    when: Condition
    raises: tuple[str, ...]
    urgent: bool = False


@dataclass(frozen=True, slots=True)
class Question:
    """One question (`kind` "ask": read to the person) or observation ("observe": the
    officer's own), asked when `when` holds over earlier answers. `index` is its place in
    the whole interview."""

    id: str
    module: str
    index: int  # position in the whole interview
    kind: Literal["ask", "observe"]
    type: Literal["yes_no", "choice", "number"]
    text: str
    guidance: str | None = None
    when: Condition | None = None
    options: tuple[AnswerOption, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    number_rules: tuple[NumberRule, ...] = ()
    ref: SourceRef | None = None

    def option(self, answer_id: str) -> AnswerOption | None:
        """The answer option with this id, or None."""
        for opt in self.options:
            if opt.id == answer_id:
                return opt
        return None

    def accepts(self, value: Any) -> bool:
        """Is `value` a valid answer to this question (unknowns included)?"""
        if value in UNKNOWN_VALUES:
            return True
        if self.type == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return False
            if value != value:  # NaN
                return False
            return (self.min is None or value >= self.min) and (
                self.max is None or value <= self.max
            )
        return isinstance(value, str) and self.option(value) is not None

    def raised_by(self, value: Any) -> tuple[tuple[str, ...], bool]:
        """(indicators raised, urgent?) by answering `value`."""
        if value in UNKNOWN_VALUES or value is None:
            return (), False
        if self.type == "number":
            raises: list[str] = []
            urgent = False
            env = _ValueEnv(value)
            for rule in self.number_rules:
                if rule.when(env):
                    raises.extend(rule.raises)
                    urgent = urgent or rule.urgent
            return tuple(raises), urgent
        opt = self.option(value)
        return (opt.raises, opt.urgent) if opt else ((), False)


class _ValueEnv:
    __slots__ = ("_value",)

    def __init__(self, value: Any) -> None:
        self._value = value

    def value(self, name: str) -> Any:
        return self._value if name == "value" else None

    def raw(self, name: str) -> Any:
        return self.value(name)


@dataclass(frozen=True, slots=True)
class Replacement:
    """How this guide reads an answer saved under an older question id, or an older answer
    id of the same question (a question's `replaces`, docs/trainers.md): `question` asks it
    now; `answers` maps old answer ids to new ones (None: the same ids). An answer the map
    leaves out is not carried over: the question is asked again. "Don't know", "declined"
    and "skipped" are carried over as they are."""

    old: str
    question: str
    answers: Mapping[str, str] | None = None
    ref: SourceRef | None = None

    def carry(self, value: Any) -> Any | None:
        """The answer to `question` that `value` (an answer to `old`) stands for; None when
        it stands for none."""
        if value in UNKNOWN_VALUES or self.answers is None:
            return value
        if self.old == self.question:  # old answer ids of the same question
            return self.answers.get(value, value)
        return self.answers.get(value) if isinstance(value, str) else None


@dataclass(frozen=True, slots=True)
class Module:
    """A part of the interview: its questions in order, and an introduction read to the
    person (or, `intro_for` "officer", an instruction to the officer)."""

    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str | None = None
    when: Condition | None = None
    ref: SourceRef | None = None
    # Who the intro is for: "person" (read aloud) or "officer" (an instruction to the officer).
    intro_for: str = "person"


@dataclass(frozen=True, slots=True)
class ScenarioExpect:
    """What a scenario expects: the verdict, and optionally the exact elements and steps,
    steps that must or must not be there, indicators raised, and urgency."""

    verdict: str
    elements: tuple[str, ...] | None = None
    steps: tuple[str, ...] | None = None
    steps_include: tuple[str, ...] = ()
    indicators_include: tuple[str, ...] = ()
    urgent: bool | None = None
    steps_exclude: tuple[str, ...] = ()
    # named terms expected among the reasons of the result, holding (e.g. where and when)
    terms_shown: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Scenario:
    """A trainer's test case: answers by question id, and what the result must be (`dalil
    test`)."""

    id: str
    title: str
    answers: Mapping[str, Any]
    expect: ScenarioExpect
    description: str | None = None
    ref: SourceRef | None = None


@dataclass(frozen=True, slots=True, weakref_slot=True)
class Guide:
    """A loaded, checked guide (guide.loader.load_guide), frozen: modules and questions in
    interview order, the indicators, elements, verdicts, referral rules, steps and
    contacts by id, the derived names and the terms, and the trainers' scenarios and
    invariants. Every condition in it is compiled and its names were checked by the
    loader."""

    id: str
    version: str
    title: str
    source_language: str
    languages: tuple[str, ...]
    modules: tuple[Module, ...]
    questions: tuple[Question, ...]
    indicators: Mapping[str, Indicator]
    elements: Mapping[str, Element]
    verdicts: tuple[Verdict, ...]
    referrals: tuple[ReferralRule, ...]
    steps: Mapping[str, Step]
    contacts: Mapping[str, Contact]
    derived: Mapping[str, Condition]  # in an order where each only uses those before it
    element_rule: Condition
    child_when: Condition | None = None
    # when it holds, indicators use their sexual-exploitation grades (ILO/EC lists)
    sexual_list_when: Condition | None = None
    emergency_contacts: tuple[str, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    root: str = ""
    # name -> "question" | "derived" | "indicator" | "element"
    name_kinds: Mapping[str, str] = field(default_factory=frozen_map)
    question_by_id: Mapping[str, Question] = field(default_factory=frozen_map)
    module_by_id: Mapping[str, Module] = field(default_factory=frozen_map)
    # question id -> ids of later questions whose asking depends on it (directly or not)
    dependents: Mapping[str, tuple[str, ...]] = field(default_factory=frozen_map)
    # derived names with words of their own (a subset of `derived`), in guide order
    terms: Mapping[str, Term] = field(default_factory=frozen_map)
    invariants: tuple[Invariant, ...] = ()
    # older question id (or a question's own id, for older answer ids) -> how to read it
    replaced: Mapping[str, tuple[Replacement, ...]] = field(default_factory=frozen_map)

    def question(self, qid: str) -> Question:
        """The question with this id (KeyError when there is none)."""
        return self.question_by_id[qid]
