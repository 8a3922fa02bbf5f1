"""The guide as frozen data: what the loader builds and everything else reads.

The records are `guide.core.record.Record`s (slots and a hand-written `__init__`), not
dataclasses: `@dataclass` compiled six generated functions for each of the 17 classes, and
the class again for its slots, when the module was imported: 12 ms, a tenth of every
`dalil validate`. A new field goes in three places: its annotation (the order of the
annotations is the order of the fields), `__slots__`, and `__init__`;
`tests/core/test_model_records.py` checks that they agree. `replace()` stands for
`dataclasses.replace`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal

from guide.core.conditions import Condition
from guide.core.record import Record as Record  # re-exported, with replace
from guide.core.record import _set
from guide.core.record import replace as replace

Strength = Literal["strong", "medium", "weak"]
Urgency = Literal["immediate", "urgent", "soon", "routine"]
URGENCY_ORDER: dict[str, int] = {"immediate": 0, "urgent": 1, "soon": 2, "routine": 3}
STRENGTHS: tuple[Strength, ...] = ("strong", "medium", "weak")

_EMPTY: Mapping[str, Any] = MappingProxyType({})  # read-only, so one can be shared

# Answers every question accepts besides its own; never scored as "no".
DONT_KNOW = "dont_know"
DECLINED = "declined"
SKIPPED = "skipped"
UNKNOWN_VALUES = (DONT_KNOW, DECLINED, SKIPPED)


class SourceRef(Record):
    """Where a part of the guide was written: file, line and column (1-based), for
    diagnostics and for `dalil explain`."""

    __slots__ = ("col", "file", "line")

    file: str
    line: int
    col: int

    def __init__(self, file: str, line: int, col: int) -> None:
        _set(self, "file", file)
        _set(self, "line", line)
        _set(self, "col", col)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


def frozen_map(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """A read-only view of a copy of `data`: the mappings a frozen Guide holds."""
    return MappingProxyType(dict(data or {}))


class Contact(Record):
    """A service the officer may call, from the guide's directory. `verified` is the date
    its number was last checked; None means "to verify before use", and a contact without
    `phone` has no number on file (none is ever made up)."""

    __slots__ = ("hours", "id", "name", "note", "phone", "ref", "region", "source", "verified")

    id: str
    name: str
    region: str
    verified: str | None  # date last checked, or None: "to verify before use"
    phone: str | None
    hours: str | None
    source: str | None
    note: str | None
    ref: SourceRef | None

    def __init__(
        self,
        id: str,
        name: str,
        region: str,
        verified: str | None,
        phone: str | None = None,
        hours: str | None = None,
        source: str | None = None,
        note: str | None = None,
        ref: SourceRef | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "name", name)
        _set(self, "region", region)
        _set(self, "verified", verified)
        _set(self, "phone", phone)
        _set(self, "hours", hours)
        _set(self, "source", source)
        _set(self, "note", note)
        _set(self, "ref", ref)

    @property
    def is_verified(self) -> bool:
        """Was the number checked (on the date in `verified`)?"""
        return self.verified is not None


class Step(Record):
    """A referral step: what the officer does, how urgently, and whom to call (contact ids)."""

    __slots__ = ("basis", "contacts", "id", "ref", "text", "urgency")

    id: str
    urgency: Urgency
    text: str
    contacts: tuple[str, ...]
    ref: SourceRef | None
    # the legal or professional ground of the step (an article, an ILO/EC list, a WHO
    # principle, or "guide policy — configurable"); shown with the step
    basis: str | None

    def __init__(
        self,
        id: str,
        urgency: Urgency,
        text: str,
        contacts: tuple[str, ...] = (),
        ref: SourceRef | None = None,
        basis: str | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "urgency", urgency)
        _set(self, "text", text)
        _set(self, "contacts", contacts)
        _set(self, "ref", ref)
        _set(self, "basis", basis)


class ReferralRule(Record):
    """When `when` holds (None: always), the result lists these steps (step ids)."""

    __slots__ = ("id", "ref", "steps", "when")

    id: str
    when: Condition | None
    steps: tuple[str, ...]
    ref: SourceRef | None

    def __init__(
        self,
        id: str,
        when: Condition | None,
        steps: tuple[str, ...],
        ref: SourceRef | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "when", when)
        _set(self, "steps", steps)
        _set(self, "ref", ref)


class Verdict(Record):
    """One possible result. Verdicts are tried in guide order; the first whose `when` holds
    is the result (the last one has no condition). `level` ranks it (LEVEL_ORDER)."""

    __slots__ = ("basis", "explanation", "id", "level", "ref", "title", "when")

    id: str
    level: str
    title: str
    explanation: str
    when: Condition | None
    ref: SourceRef | None
    basis: str | None  # the legal or professional ground of the verdict's rule

    def __init__(
        self,
        id: str,
        level: str,
        title: str,
        explanation: str,
        when: Condition | None,
        ref: SourceRef | None = None,
        basis: str | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "level", level)
        _set(self, "title", title)
        _set(self, "explanation", explanation)
        _set(self, "when", when)
        _set(self, "ref", ref)
        _set(self, "basis", basis)


# How serious a verdict is. "unknown" (not assessed, too few answers) ranks above a few
# weak signs and below "assess further": not knowing is never a reassurance.
LEVEL_ORDER: dict[str, int] = {"none": 0, "low": 1, "unknown": 2, "medium": 3, "high": 4}


class Term(Record):
    """A derived name a trainer gave words to (e.g. the act, the means and the purpose of
    Law 27-14): shown among the reasons of a result, with its basis."""

    __slots__ = ("basis", "explanation", "id", "label", "ref", "shown_when", "when")

    id: str
    label: str
    when: Condition
    explanation: str | None
    basis: str | None
    ref: SourceRef | None
    # listed among the reasons only when this holds (None: always)
    shown_when: Condition | None

    def __init__(
        self,
        id: str,
        label: str,
        when: Condition,
        explanation: str | None = None,
        basis: str | None = None,
        ref: SourceRef | None = None,
        shown_when: Condition | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "label", label)
        _set(self, "when", when)
        _set(self, "explanation", explanation)
        _set(self, "basis", basis)
        _set(self, "ref", ref)
        _set(self, "shown_when", shown_when)


class Invariant(Record):
    """A property every possible interview must satisfy; `dalil test` searches for
    counterexamples. Either `require` (under `when`) holds for every result, or a
    `monotone` change of one answer never moves the verdict level the wrong way."""

    __slots__ = ("basis", "id", "monotone", "ref", "require", "title", "when")

    id: str
    title: str
    when: Condition | None
    require: Condition | None
    monotone: str | None  # "more_signs" | "unknown_to_no"
    basis: str | None
    ref: SourceRef | None

    def __init__(
        self,
        id: str,
        title: str,
        when: Condition | None = None,
        require: Condition | None = None,
        monotone: str | None = None,
        basis: str | None = None,
        ref: SourceRef | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "title", title)
        _set(self, "when", when)
        _set(self, "require", require)
        _set(self, "monotone", monotone)
        _set(self, "basis", basis)
        _set(self, "ref", ref)


MONOTONE_KINDS = ("more_signs", "unknown_to_no")


class Element(Record):
    """One dimension of trafficking (recruitment, exploitation, coercion...): present when
    its rule holds over the counts of its raised indicators by grade."""

    __slots__ = ("description", "group", "id", "label", "present_when", "ref")

    id: str
    label: str
    present_when: Condition
    description: str | None
    group: str | None
    ref: SourceRef | None

    def __init__(
        self,
        id: str,
        label: str,
        present_when: Condition,
        description: str | None = None,
        group: str | None = None,
        ref: SourceRef | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "label", label)
        _set(self, "present_when", present_when)
        _set(self, "description", description)
        _set(self, "group", group)
        _set(self, "ref", ref)


class Indicator(Record):
    """A sign an answer can raise, belonging to one element, with its grade (strong, medium,
    weak) for an adult and for a child, and where they differ, in the ILO/EC
    sexual-exploitation lists."""

    __slots__ = ("adult", "child", "element", "id", "label", "ref", "sexual_adult", "sexual_child")

    id: str
    element: str
    adult: Strength
    child: Strength
    label: str
    ref: SourceRef | None
    # grades in the ILO/EC sexual-exploitation lists, where they differ from the labour
    # lists (None: the same as adult / child)
    sexual_adult: Strength | None
    sexual_child: Strength | None

    def __init__(
        self,
        id: str,
        element: str,
        adult: Strength,
        child: Strength,
        label: str,
        ref: SourceRef | None = None,
        sexual_adult: Strength | None = None,
        sexual_child: Strength | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "element", element)
        _set(self, "adult", adult)
        _set(self, "child", child)
        _set(self, "label", label)
        _set(self, "ref", ref)
        _set(self, "sexual_adult", sexual_adult)
        _set(self, "sexual_child", sexual_child)

    def strength(self, child: bool, sexual: bool = False) -> Strength:
        """The grade that applies: for a child or an adult, in the sexual-exploitation lists
        when `sexual` and they grade it."""
        if sexual:
            grade = self.sexual_child if child else self.sexual_adult
            if grade is not None:
                return grade
        return self.child if child else self.adult


class AnswerOption(Record):
    """One answer a question offers: the indicators it raises, whether it is urgent (the
    wizard interrupts with the emergency steps), and a note for the officer."""

    __slots__ = ("id", "note", "raises", "text", "urgent")

    id: str
    text: str | None  # None for yes/no: the UI supplies "Yes"/"No"
    raises: tuple[str, ...]
    urgent: bool
    note: str | None

    def __init__(
        self,
        id: str,
        text: str | None = None,
        raises: tuple[str, ...] = (),
        urgent: bool = False,
        note: str | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "text", text)
        _set(self, "raises", raises)
        _set(self, "urgent", urgent)
        _set(self, "note", note)


class NumberRule(Record):
    """For a number question: when `when` holds over `value`, these indicators are raised."""

    __slots__ = ("raises", "urgent", "when")

    when: Condition
    raises: tuple[str, ...]
    urgent: bool

    def __init__(self, when: Condition, raises: tuple[str, ...], urgent: bool = False) -> None:
        _set(self, "when", when)
        _set(self, "raises", raises)
        _set(self, "urgent", urgent)


class Question(Record):
    """One question (`kind` "ask": read to the person) or observation ("observe": the
    officer's own), asked when `when` holds over earlier answers. `index` is its place in
    the whole interview."""

    __slots__ = (
        "guidance",
        "id",
        "index",
        "kind",
        "max",
        "min",
        "module",
        "number_rules",
        "options",
        "ref",
        "text",
        "type",
        "unit",
        "when",
    )

    id: str
    module: str
    index: int  # position in the whole interview
    kind: Literal["ask", "observe"]
    type: Literal["yes_no", "choice", "number"]
    text: str
    guidance: str | None
    when: Condition | None
    options: tuple[AnswerOption, ...]
    min: float | None
    max: float | None
    unit: str | None
    number_rules: tuple[NumberRule, ...]
    ref: SourceRef | None

    def __init__(
        self,
        id: str,
        module: str,
        index: int,
        kind: Literal["ask", "observe"],
        type: Literal["yes_no", "choice", "number"],
        text: str,
        guidance: str | None = None,
        when: Condition | None = None,
        options: tuple[AnswerOption, ...] = (),
        min: float | None = None,
        max: float | None = None,
        unit: str | None = None,
        number_rules: tuple[NumberRule, ...] = (),
        ref: SourceRef | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "module", module)
        _set(self, "index", index)
        _set(self, "kind", kind)
        _set(self, "type", type)
        _set(self, "text", text)
        _set(self, "guidance", guidance)
        _set(self, "when", when)
        _set(self, "options", options)
        _set(self, "min", min)
        _set(self, "max", max)
        _set(self, "unit", unit)
        _set(self, "number_rules", number_rules)
        _set(self, "ref", ref)

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


class Replacement(Record):
    """How this guide reads an answer saved under an older question id, or an older answer
    id of the same question (a question's `replaces`, docs/trainers.md): `question` asks it
    now; `answers` maps old answer ids to new ones (None: the same ids). An answer the map
    leaves out is not carried over: the question is asked again. "Don't know", "declined"
    and "skipped" are carried over as they are."""

    __slots__ = ("answers", "old", "question", "ref")

    old: str
    question: str
    answers: Mapping[str, str] | None
    ref: SourceRef | None

    def __init__(
        self,
        old: str,
        question: str,
        answers: Mapping[str, str] | None = None,
        ref: SourceRef | None = None,
    ) -> None:
        _set(self, "old", old)
        _set(self, "question", question)
        _set(self, "answers", answers)
        _set(self, "ref", ref)

    def carry(self, value: Any) -> Any | None:
        """The answer to `question` that `value` (an answer to `old`) stands for; None when
        it stands for none."""
        if value in UNKNOWN_VALUES or self.answers is None:
            return value
        if self.old == self.question:  # old answer ids of the same question
            return self.answers.get(value, value)
        return self.answers.get(value) if isinstance(value, str) else None


class Module(Record):
    """A part of the interview: its questions in order, and an introduction read to the
    person (or, `intro_for` "officer", an instruction to the officer)."""

    __slots__ = ("id", "intro", "intro_for", "questions", "ref", "title", "when")

    id: str
    title: str
    questions: tuple[Question, ...]
    intro: str | None
    when: Condition | None
    ref: SourceRef | None
    # Who the intro is for: "person" (read aloud) or "officer" (an instruction to the officer).
    intro_for: str

    def __init__(
        self,
        id: str,
        title: str,
        questions: tuple[Question, ...],
        intro: str | None = None,
        when: Condition | None = None,
        ref: SourceRef | None = None,
        intro_for: str = "person",
    ) -> None:
        _set(self, "id", id)
        _set(self, "title", title)
        _set(self, "questions", questions)
        _set(self, "intro", intro)
        _set(self, "when", when)
        _set(self, "ref", ref)
        _set(self, "intro_for", intro_for)


class ScenarioExpect(Record):
    """What a scenario expects: the verdict, and optionally the exact elements and steps,
    steps that must or must not be there, indicators raised, and urgency."""

    __slots__ = (
        "elements",
        "indicators_include",
        "steps",
        "steps_exclude",
        "steps_include",
        "terms_shown",
        "urgent",
        "verdict",
    )

    verdict: str
    elements: tuple[str, ...] | None
    steps: tuple[str, ...] | None
    steps_include: tuple[str, ...]
    indicators_include: tuple[str, ...]
    urgent: bool | None
    steps_exclude: tuple[str, ...]
    # named terms expected among the reasons of the result, holding (e.g. where and when)
    terms_shown: tuple[str, ...]

    def __init__(
        self,
        verdict: str,
        elements: tuple[str, ...] | None = None,
        steps: tuple[str, ...] | None = None,
        steps_include: tuple[str, ...] = (),
        indicators_include: tuple[str, ...] = (),
        urgent: bool | None = None,
        steps_exclude: tuple[str, ...] = (),
        terms_shown: tuple[str, ...] = (),
    ) -> None:
        _set(self, "verdict", verdict)
        _set(self, "elements", elements)
        _set(self, "steps", steps)
        _set(self, "steps_include", steps_include)
        _set(self, "indicators_include", indicators_include)
        _set(self, "urgent", urgent)
        _set(self, "steps_exclude", steps_exclude)
        _set(self, "terms_shown", terms_shown)


class Scenario(Record):
    """A trainer's test case: answers by question id, and what the result must be (`dalil
    test`)."""

    __slots__ = ("answers", "description", "expect", "id", "ref", "title")

    id: str
    title: str
    answers: Mapping[str, Any]
    expect: ScenarioExpect
    description: str | None
    ref: SourceRef | None

    def __init__(
        self,
        id: str,
        title: str,
        answers: Mapping[str, Any],
        expect: ScenarioExpect,
        description: str | None = None,
        ref: SourceRef | None = None,
    ) -> None:
        _set(self, "id", id)
        _set(self, "title", title)
        _set(self, "answers", answers)
        _set(self, "expect", expect)
        _set(self, "description", description)
        _set(self, "ref", ref)


class Guide(Record):
    """A loaded, checked guide (guide.loader.load_guide), frozen: modules and questions in
    interview order, the indicators, elements, verdicts, referral rules, steps and
    contacts by id, the derived names and the terms, and the trainers' scenarios and
    invariants. Every condition in it is compiled and its names were checked by the
    loader."""

    __slots__ = (
        "__weakref__",
        "child_when",
        "contacts",
        "dependents",
        "derived",
        "element_rule",
        "elements",
        "emergency_contacts",
        "id",
        "indicators",
        "invariants",
        "languages",
        "module_by_id",
        "modules",
        "name_kinds",
        "question_by_id",
        "questions",
        "referrals",
        "replaced",
        "root",
        "scenarios",
        "sexual_list_when",
        "source_language",
        "steps",
        "terms",
        "title",
        "verdicts",
        "version",
    )

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
    child_when: Condition | None
    # when it holds, indicators use their sexual-exploitation grades (ILO/EC lists)
    sexual_list_when: Condition | None
    emergency_contacts: tuple[str, ...]
    scenarios: tuple[Scenario, ...]
    root: str
    # name -> "question" | "derived" | "indicator" | "element"
    name_kinds: Mapping[str, str]
    question_by_id: Mapping[str, Question]
    module_by_id: Mapping[str, Module]
    # question id -> ids of later questions whose asking depends on it (directly or not)
    dependents: Mapping[str, tuple[str, ...]]
    # derived names with words of their own (a subset of `derived`), in guide order
    terms: Mapping[str, Term]
    invariants: tuple[Invariant, ...]
    # older question id (or a question's own id, for older answer ids) -> how to read it
    replaced: Mapping[str, tuple[Replacement, ...]]

    def __init__(
        self,
        id: str,
        version: str,
        title: str,
        source_language: str,
        languages: tuple[str, ...],
        modules: tuple[Module, ...],
        questions: tuple[Question, ...],
        indicators: Mapping[str, Indicator],
        elements: Mapping[str, Element],
        verdicts: tuple[Verdict, ...],
        referrals: tuple[ReferralRule, ...],
        steps: Mapping[str, Step],
        contacts: Mapping[str, Contact],
        derived: Mapping[str, Condition],
        element_rule: Condition,
        child_when: Condition | None = None,
        sexual_list_when: Condition | None = None,
        emergency_contacts: tuple[str, ...] = (),
        scenarios: tuple[Scenario, ...] = (),
        root: str = "",
        name_kinds: Mapping[str, str] = _EMPTY,
        question_by_id: Mapping[str, Question] = _EMPTY,
        module_by_id: Mapping[str, Module] = _EMPTY,
        dependents: Mapping[str, tuple[str, ...]] = _EMPTY,
        terms: Mapping[str, Term] = _EMPTY,
        invariants: tuple[Invariant, ...] = (),
        replaced: Mapping[str, tuple[Replacement, ...]] = _EMPTY,
    ) -> None:
        _set(self, "id", id)
        _set(self, "version", version)
        _set(self, "title", title)
        _set(self, "source_language", source_language)
        _set(self, "languages", languages)
        _set(self, "modules", modules)
        _set(self, "questions", questions)
        _set(self, "indicators", indicators)
        _set(self, "elements", elements)
        _set(self, "verdicts", verdicts)
        _set(self, "referrals", referrals)
        _set(self, "steps", steps)
        _set(self, "contacts", contacts)
        _set(self, "derived", derived)
        _set(self, "element_rule", element_rule)
        _set(self, "child_when", child_when)
        _set(self, "sexual_list_when", sexual_list_when)
        _set(self, "emergency_contacts", emergency_contacts)
        _set(self, "scenarios", scenarios)
        _set(self, "root", root)
        _set(self, "name_kinds", name_kinds)
        _set(self, "question_by_id", question_by_id)
        _set(self, "module_by_id", module_by_id)
        _set(self, "dependents", dependents)
        _set(self, "terms", terms)
        _set(self, "invariants", invariants)
        _set(self, "replaced", replaced)

    def question(self, qid: str) -> Question:
        """The question with this id (KeyError when there is none)."""
        return self.question_by_id[qid]
