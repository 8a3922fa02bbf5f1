"""Build the report model from the guide, the journal's events and the assessment.

Pure: the caller passes the moment the report is made and what the officer recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from guide.core.assessment import Assessment
from guide.core.model import Guide
from guide.core.text_context import context as text_context
from guide.report.model import AuditEntry, CaseDetails, QuestionNote, Report, Text
from guide.report.result_view import answer_ref, build_result_view, question_text

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
    # Earlier values of answers changed during the interview: left out unless asked for. A
    # referral needs the answers as they stand; a first, frightened "no" later changed to
    # "yes" is the person's, and stays in the encrypted journal (wizard review, M8).
    earlier_answers: bool = False


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
        QuestionNote(qid, question_text(guide, qid), notes[qid]) for qid in on_questions
    )


# Journal events that carry an answer's value.
_VALUE_KINDS = ("answer", "change", "skip", "urgent")


def _audit(
    guide: Guide, events: Sequence[Mapping[str, Any]], earlier_answers: bool
) -> tuple[AuditEntry, ...]:
    # Without the earlier answers, a question answered more than once (changed on the
    # review screen, or answered again after going back) appears once, at its last answer,
    # marked as changed: its earlier values stay in the encrypted journal.
    last: dict[str, int] = {}
    for index, event in enumerate(events):
        qid = event.get("question")
        if isinstance(qid, str) and event.get("kind") in _VALUE_KINDS:
            last[qid] = index
    answered_before: set[str] = set()
    entries = []
    for index, event in enumerate(events):
        kind = str(event.get("kind"))
        time = event.get("time") if isinstance(event.get("time"), str) else None
        qid = event.get("question") if isinstance(event.get("question"), str) else None
        if kind in (CASE_EVENT, NOTE_EVENT):
            # The details themselves are in the case section, not repeated in the trail.
            entries.append(AuditEntry(time, kind))
            continue
        if not earlier_answers and qid is not None and kind in _VALUE_KINDS:
            if last[qid] != index:
                answered_before.add(qid)
                continue
            if kind == "answer" and qid in answered_before:
                kind = "change"
        value = previous = None
        if qid is not None and kind in _VALUE_KINDS:
            default = "skipped" if kind == "skip" else None
            value = answer_ref(guide, qid, event.get("value", default))
            if earlier_answers and kind == "change" and event.get("previous") is not None:
                previous = answer_ref(guide, qid, event.get("previous"))
        lang = event.get("lang")
        detail = lang if kind == "language" and isinstance(lang, str) else None
        entries.append(
            AuditEntry(
                time=time,
                kind=kind,
                question_id=qid,
                question=question_text(guide, qid) if qid else None,
                value=value,
                previous=previous,
                detail=detail,
            )
        )
    return tuple(entries)


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
    return Report(
        case=case,
        interview_language=context.interview_language,
        interview_started=context.interview_started,
        guide_id=guide.id,
        guide_version=guide.version,
        guide_title=Text(text_context("guide", field="title"), guide.title),
        finished=context.finished,
        result=build_result_view(guide, assessment),
        audit=_audit(guide, events, context.earlier_answers),
        earlier_answers_shown=context.earlier_answers,
    )
