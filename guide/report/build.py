"""Build the report model from the guide, the journal's events and the assessment.

Pure: the caller passes the moment the report is made and what the officer recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from guide.assessment import Assessment, term_results
from guide.model import Contact, Guide, Question, Verdict
from guide.report.model import (
    AnswerRef,
    AuditEntry,
    CaseDetails,
    ChangeSetLine,
    ContactLine,
    ElementLine,
    IndicatorLine,
    QuestionNote,
    Report,
    StepLine,
    TermLine,
    Text,
    UnknownLine,
    VerdictLine,
    WhatIfLine,
)

# The wizard records the case details as an event of its own; the latest value of each wins.
CASE_EVENT = "case"
CASE_FIELDS = ("reference", "place", "officer", "person_name")


@dataclass(frozen=True)
class ReportContext:
    """What the report needs besides the guide, the events and the assessment."""

    session_id: str
    interview_language: str
    created: str  # ISO 8601 UTC: when the report is made
    interview_started: str | None = None
    finished: bool = False
    reference: str | None = None
    place: str | None = None
    officer: str | None = None
    person_name: str | None = None


def default_reference(session_id: str) -> str:
    """Stable for one interview, so every export of it carries the same reference."""
    return f"DALIL-{session_id[:8].upper()}"


def case_details_from_events(events: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    details: dict[str, str] = {}
    for event in events:
        if event.get("kind") != CASE_EVENT:
            continue
        for name in CASE_FIELDS:
            value = event.get(name)
            if isinstance(value, str):
                if value.strip():
                    details[name] = value.strip()
                else:
                    details.pop(name, None)  # cleared by the officer
    return details


NOTE_EVENT = "note"


def notes_from_events(
    guide: Guide, events: Iterable[Mapping[str, Any]]
) -> tuple[str | None, tuple[QuestionNote, ...]]:
    """The officer's observations and notes as last written (an empty text removes one)."""
    notes: dict[str | None, str] = {}
    for event in events:
        if event.get("kind") != NOTE_EVENT or not isinstance(event.get("text"), str):
            continue
        question = event.get("question")
        key = question if isinstance(question, str) else None
        if event["text"].strip():
            notes[key] = event["text"].strip()
        else:
            notes.pop(key, None)
    order = {q.id: i for i, q in enumerate(guide.questions)}
    on_questions = sorted((k for k in notes if k is not None), key=lambda k: order.get(k, 10**9))
    return notes.get(None), tuple(
        QuestionNote(qid, _question_text(guide, qid), notes[qid]) for qid in on_questions
    )


def _question_text(guide: Guide, qid: str) -> Text:
    question = guide.question_by_id.get(qid)
    return Text(f"question.{qid}.text", question.text if question else qid)


def answer_ref(guide: Guide, qid: str, value: Any) -> AnswerRef:
    question: Question | None = guide.question_by_id.get(qid)
    text = _question_text(guide, qid)
    if question is None:
        return AnswerRef(qid, text, _plain(value))
    option = question.option(value) if isinstance(value, str) else None
    answer = (
        Text(f"answer.{qid}.{option.id}.text", option.text)
        if option is not None and option.text
        else None
    )
    unit = (
        Text(f"question.{qid}.unit", question.unit)
        if question.type == "number" and question.unit
        else None
    )
    return AnswerRef(qid, text, _plain(value), answer, unit)


def _plain(value: Any) -> str | int | float | bool | None:
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def _contact(contact: Contact) -> ContactLine:
    cid = contact.id
    return ContactLine(
        id=cid,
        name=Text(f"contact.{cid}.name", contact.name),
        phone=contact.phone,
        region=contact.region,
        hours=Text(f"contact.{cid}.hours", contact.hours) if contact.hours else None,
        note=Text(f"contact.{cid}.note", contact.note) if contact.note else None,
        verified=contact.verified,
    )


def _audit(guide: Guide, events: Sequence[Mapping[str, Any]]) -> tuple[AuditEntry, ...]:
    entries = []
    for event in events:
        kind = str(event.get("kind"))
        time = event.get("time") if isinstance(event.get("time"), str) else None
        qid = event.get("question") if isinstance(event.get("question"), str) else None
        if kind in (CASE_EVENT, NOTE_EVENT):
            # The details themselves are in the case section, not repeated in the trail.
            entries.append(AuditEntry(time, kind))
            continue
        value = previous = None
        if qid is not None and kind in ("answer", "change", "skip", "urgent"):
            default = "skipped" if kind == "skip" else None
            value = answer_ref(guide, qid, event.get("value", default))
            if kind == "change" and event.get("previous") is not None:
                previous = answer_ref(guide, qid, event.get("previous"))
        lang = event.get("lang")
        detail = lang if kind == "language" and isinstance(lang, str) else None
        entries.append(
            AuditEntry(
                time=time,
                kind=kind,
                question_id=qid,
                question=_question_text(guide, qid) if qid else None,
                value=value,
                previous=previous,
                detail=detail,
            )
        )
    return tuple(entries)


def _text(context: str, source: str | None) -> Text | None:
    return Text(context, source) if source else None


def verdict_line(verdict: Verdict) -> VerdictLine:
    return VerdictLine(
        id=verdict.id,
        level=verdict.level,
        title=Text(f"verdict.{verdict.id}.title", verdict.title),
        explanation=_text(f"verdict.{verdict.id}.explanation", verdict.explanation),
        basis=_text(f"verdict.{verdict.id}.basis", getattr(verdict, "basis", None)),
    )


def _what_if(guide: Guide, assessment: Assessment) -> WhatIfLine | None:
    search = getattr(assessment, "what_if_search", None)
    if search is None:
        return None
    return WhatIfLine(
        change_sets=tuple(
            ChangeSetLine(
                tuple(answer_ref(guide, q.id, value) for q, value in change.answers),
                verdict_line(change.verdict),
            )
            for change in search.change_sets
        ),
        complete=search.complete,
        searched_size=search.searched_size,
        max_size=search.max_size,
    )


def _terms(assessment: Assessment) -> tuple[TermLine, ...]:
    return tuple(
        TermLine(
            id=term.id,
            label=Text(f"term.{term.id}.label", term.label),
            holds=held,
            explanation=_text(f"term.{term.id}.explanation", term.explanation),
            basis=_text(f"term.{term.id}.basis", term.basis),
        )
        for term, held in term_results(assessment)
    )


def build_report(
    guide: Guide,
    events: Sequence[Mapping[str, Any]],
    assessment: Assessment,
    context: ReportContext,
) -> Report:
    recorded = case_details_from_events(events)
    observations, notes = notes_from_events(guide, events)

    def pick(name: str) -> str | None:
        given = getattr(context, name)
        return given if given else recorded.get(name)

    case = CaseDetails(
        reference=pick("reference") or default_reference(context.session_id),
        created=context.created,
        place=pick("place"),
        officer=pick("officer"),
        person_name=pick("person_name"),
        observations=observations,
        notes=notes,
    )
    verdict = assessment.verdict.verdict
    elements = tuple(
        ElementLine(
            id=result.element.id,
            label=Text(f"element.{result.element.id}.label", result.element.label),
            present=result.present,
            indicators=tuple(
                IndicatorLine(
                    id=raised.indicator.id,
                    label=Text(f"indicator.{raised.indicator.id}.label", raised.indicator.label),
                    strength=raised.strength,
                    raised_by=tuple(answer_ref(guide, q, v) for q, v in raised.sources),
                )
                for raised in result.indicators
            ),
        )
        for result in assessment.elements
    )
    return Report(
        case=case,
        interview_language=context.interview_language,
        interview_started=context.interview_started,
        guide_id=guide.id,
        guide_version=guide.version,
        guide_title=Text("guide.title", guide.title),
        verdict=verdict_line(verdict),
        finished=context.finished,
        child=assessment.child,
        urgent=tuple(answer_ref(guide, q.id, v) for q, v in assessment.urgent),
        elements=elements,
        unknowns=tuple(
            UnknownLine(
                u.question.id,
                _question_text(guide, u.question.id),
                u.status,
                getattr(u, "rank", None),
            )
            for u in assessment.unknowns
        ),
        steps=tuple(
            StepLine(
                id=result.step.id,
                urgency=result.step.urgency,
                text=Text(f"step.{result.step.id}.text", result.step.text),
                contacts=tuple(_contact(c) for c in result.contacts),
                basis=_text(f"step.{result.step.id}.basis", getattr(result.step, "basis", None)),
            )
            for result in assessment.steps
        ),
        audit=_audit(guide, events),
        terms=_terms(assessment),
        what_if=_what_if(guide, assessment),
    )
