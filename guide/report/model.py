"""The report model: what a referral needs and no more, independent of language and format.

Texts from the guide are kept as `Text(context, source)` so that one model renders in any
language: the renderer looks each one up with guide.i18n.content(). Values the officer typed
(place, officer, name) are kept as they were written.
"""

from __future__ import annotations

from dataclasses import dataclass

Value = str | int | float | bool | None


@dataclass(frozen=True)
class Text:
    """A guide text: its translation context id and its source-language text."""

    context: str
    source: str


@dataclass(frozen=True)
class AnswerRef:
    """One answer as the person gave it: the question, the raw value and its text."""

    question_id: str
    question: Text
    value: Value
    # The answer's own text for choice questions; None for yes/no, numbers and unknowns,
    # whose words come from the interface catalog.
    answer: Text | None = None
    unit: Text | None = None


@dataclass(frozen=True)
class IndicatorLine:
    id: str
    label: Text
    strength: str  # strong | medium | weak, as counted for this person (adult or child)
    raised_by: tuple[AnswerRef, ...] = ()


@dataclass(frozen=True)
class ElementLine:
    id: str
    label: Text
    present: bool
    indicators: tuple[IndicatorLine, ...] = ()


@dataclass(frozen=True)
class UnknownLine:
    """A question left open (not asked yet, don't know, declined, skipped)."""

    question_id: str
    question: Text
    reason: str  # not_asked | dont_know | declined | skipped
    # the size of the smallest set of answers with this question that would change the
    # result (1: alone); None: none found or not searched
    rank: int | None = None


@dataclass(frozen=True)
class ContactLine:
    id: str
    name: Text
    phone: str | None = None
    region: str | None = None
    hours: Text | None = None
    note: Text | None = None
    verified: str | None = None  # ISO date it was last checked; None: "to verify before use"


@dataclass(frozen=True)
class StepLine:
    id: str
    urgency: str  # immediate | urgent | soon | routine
    text: Text
    contacts: tuple[ContactLine, ...] = ()
    basis: Text | None = None  # the legal or professional ground of the step


@dataclass(frozen=True)
class VerdictLine:
    id: str
    level: str  # high | medium | low | none
    title: Text
    explanation: Text | None = None
    basis: Text | None = None  # the legal or professional ground of the verdict's rule


@dataclass(frozen=True)
class TermLine:
    """A named term of the guide (the act, the means, the purpose...) for this person."""

    id: str
    label: Text
    holds: bool | None  # None: not known (an answer it needs is missing)
    explanation: Text | None = None
    basis: Text | None = None


@dataclass(frozen=True)
class ChangeSetLine:
    """Answers to open questions that, together, would give another result."""

    answers: tuple[AnswerRef, ...]
    verdict: VerdictLine


@dataclass(frozen=True)
class WhatIfLine:
    """What could change the result, and how far the search for it went."""

    change_sets: tuple[ChangeSetLine, ...]  # fewest answers first
    complete: bool  # every set of up to max_size answers was tried
    searched_size: int  # every set up to this size was tried
    max_size: int


@dataclass(frozen=True)
class AuditEntry:
    """One journal event: when it was written and what it did."""

    time: str | None
    kind: str
    question_id: str | None = None
    question: Text | None = None
    value: AnswerRef | None = None
    previous: AnswerRef | None = None
    detail: str | None = None  # e.g. the language switched to


@dataclass(frozen=True)
class CaseDetails:
    """What the officer records about the case; only the reference is required."""

    reference: str
    created: str  # ISO 8601 UTC, when the report was made
    place: str | None = None
    officer: str | None = None
    person_name: str | None = None
    # The officer's own words from the wizard: observations on the whole interview, and
    # notes on questions (in question order).
    observations: str | None = None
    notes: tuple[QuestionNote, ...] = ()


@dataclass(frozen=True)
class QuestionNote:
    """A note the officer wrote on one question."""

    question_id: str
    question: Text
    text: str


@dataclass(frozen=True)
class Report:
    case: CaseDetails
    interview_language: str
    interview_started: str | None
    guide_id: str
    guide_version: str
    guide_title: Text
    verdict: VerdictLine
    finished: bool
    child: bool | None = None
    urgent: tuple[AnswerRef, ...] = ()
    elements: tuple[ElementLine, ...] = ()
    unknowns: tuple[UnknownLine, ...] = ()
    steps: tuple[StepLine, ...] = ()
    audit: tuple[AuditEntry, ...] = ()
    terms: tuple[TermLine, ...] = ()
    what_if: WhatIfLine | None = None  # None: not searched
