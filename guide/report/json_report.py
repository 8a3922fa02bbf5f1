"""The report as JSON for the electronic referral platform; see report.schema.json.

Ids are stable across languages (a platform matches on them); texts are in the report's
language. Absent values are null, never left out, so the shape is always the same.
"""

from __future__ import annotations

import json
from typing import Any

from guide import __version__
from guide.report.model import AnswerRef, ContactLine, Report, VerdictLine, WhatIfLine
from guide.report.texts import (
    Gettext,
    answer_words,
    content_text,
    interface_language,
    what_if_summary,
)

FORMAT = "dalil-referral-report"
FORMAT_VERSION = 1
SCHEMA_ID = "https://dalil.invalid/schema/report-1.schema.json"


def _answer(ref: AnswerRef | None, lang: str, _: Gettext) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {
        "question_id": ref.question_id,
        "question": content_text(ref.question, lang),
        "value": ref.value,
        "text": answer_words(ref, lang, _),
    }


def _contact(contact: ContactLine, lang: str) -> dict[str, Any]:
    return {
        "id": contact.id,
        "name": content_text(contact.name, lang),
        "phone": contact.phone,
        "region": contact.region,
        "hours": content_text(contact.hours, lang) or None,
        "note": content_text(contact.note, lang) or None,
        "verified": contact.verified,
        "to_verify": contact.verified is None,
    }


def _verdict(verdict: VerdictLine, lang: str) -> dict[str, Any]:
    return {
        "id": verdict.id,
        "level": verdict.level,
        "title": content_text(verdict.title, lang),
        "explanation": content_text(verdict.explanation, lang) or None,
        "basis": content_text(verdict.basis, lang) or None,
    }


def _what_if(what_if: WhatIfLine | None, lang: str, _: Gettext) -> dict[str, Any] | None:
    if what_if is None:
        return None
    return {
        "complete": what_if.complete,
        "searched_size": what_if.searched_size,
        "max_size": what_if.max_size,
        "summary": what_if_summary(what_if, _) or None,
        "change_sets": [
            {
                "answers": [_answer(ref, lang, _) for ref in change.answers],
                "verdict": _verdict(change.verdict, lang),
            }
            for change in what_if.change_sets
        ],
    }


def report_document(report: Report, lang: str) -> dict[str, Any]:
    with interface_language(lang) as _:
        case = report.case
        return {
            "$schema": SCHEMA_ID,
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "language": lang,
            "generator": {"name": "dalil", "version": __version__},
            "case": {
                "reference": case.reference,
                "created": case.created,
                "place": case.place,
                "officer": case.officer,
                "person_name": case.person_name,
                "observations": case.observations,
                "notes": [
                    {
                        "question_id": note.question_id,
                        "question": content_text(note.question, lang),
                        "text": note.text,
                    }
                    for note in case.notes
                ],
            },
            "interview": {
                "language": report.interview_language,
                "started": report.interview_started,
                "finished": report.finished,
                "child": report.child,
            },
            "guide": {
                "id": report.guide_id,
                "version": report.guide_version,
                "title": content_text(report.guide_title, lang),
            },
            "verdict": _verdict(report.verdict, lang),
            "terms": [
                {
                    "id": term.id,
                    "label": content_text(term.label, lang),
                    "holds": term.holds,
                    "explanation": content_text(term.explanation, lang) or None,
                    "basis": content_text(term.basis, lang) or None,
                }
                for term in report.terms
            ],
            "urgent": [_answer(ref, lang, _) for ref in report.urgent],
            "elements": [
                {
                    "id": element.id,
                    "label": content_text(element.label, lang),
                    "present": element.present,
                    "indicators": [
                        {
                            "id": indicator.id,
                            "label": content_text(indicator.label, lang),
                            "strength": indicator.strength,
                            "raised_by": [_answer(ref, lang, _) for ref in indicator.raised_by],
                        }
                        for indicator in element.indicators
                    ],
                }
                for element in report.elements
            ],
            "unknowns": [
                {
                    "question_id": unknown.question_id,
                    "question": content_text(unknown.question, lang),
                    "reason": unknown.reason,
                    "rank": unknown.rank,
                }
                for unknown in report.unknowns
            ],
            "what_if": _what_if(report.what_if, lang, _),
            "steps": [
                {
                    "id": step.id,
                    "urgency": step.urgency,
                    "text": content_text(step.text, lang),
                    "basis": content_text(step.basis, lang) or None,
                    "contacts": [_contact(contact, lang) for contact in step.contacts],
                }
                for step in report.steps
            ],
            "earlier_answers_shown": report.earlier_answers_shown,
            "audit": [
                {
                    "time": entry.time,
                    "kind": entry.kind,
                    "question_id": entry.question_id,
                    "question": content_text(entry.question, lang) or None,
                    "value": _answer(entry.value, lang, _),
                    "previous": _answer(entry.previous, lang, _),
                    "detail": entry.detail,
                }
                for entry in report.audit
            ],
        }


def render_json(report: Report, lang: str) -> str:
    return json.dumps(report_document(report, lang), ensure_ascii=False, indent=2) + "\n"
