"""The report model: what a referral needs and no more, independent of language and format.

Texts from the guide are kept as `Text(context, source)` so that one model renders in any
language: the renderer looks each one up with guide.i18n.content(). Values the officer typed
(place, officer, name) are kept as they were written.
"""

from __future__ import annotations

from dataclasses import dataclass

from guide.report.result_view import (
    AnswerRef,
    ChangeSetLine,
    ContactLine,
    ElementLine,
    IndicatorLine,
    ResultView,
    StepLine,
    TermLine,
    Text,
    UnknownLine,
    Value,
    VerdictLine,
    WhatIfLine,
)


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
    """The result view of the screening (shared with the wizard and `dalil simulate`),
    with what only a referral report has: the case details and the audit trail."""

    case: CaseDetails
    interview_language: str
    interview_started: str | None
    guide_id: str
    guide_version: str
    guide_title: Text
    finished: bool
    result: ResultView
    audit: tuple[AuditEntry, ...] = ()
    # Whether the audit trail gives the earlier value of a changed answer (off by default).
    earlier_answers_shown: bool = False

    # The parts of the result, as the renderers read them.
    @property
    def verdict(self) -> VerdictLine:
        return self.result.verdict

    @property
    def child(self) -> bool | None:
        return self.result.child

    @property
    def urgent(self) -> tuple[AnswerRef, ...]:
        return self.result.urgent

    @property
    def elements(self) -> tuple[ElementLine, ...]:
        return self.result.elements

    @property
    def unknowns(self) -> tuple[UnknownLine, ...]:
        return self.result.unknowns

    @property
    def steps(self) -> tuple[StepLine, ...]:
        return self.result.steps

    @property
    def terms(self) -> tuple[TermLine, ...]:
        return self.result.terms

    @property
    def what_if(self) -> WhatIfLine | None:
        return self.result.what_if


__all__ = [
    "AnswerRef",
    "AuditEntry",
    "CaseDetails",
    "ChangeSetLine",
    "ContactLine",
    "ElementLine",
    "IndicatorLine",
    "Report",
    "ResultView",
    "StepLine",
    "TermLine",
    "Text",
    "UnknownLine",
    "Value",
    "VerdictLine",
    "WhatIfLine",
]
