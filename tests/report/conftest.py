from __future__ import annotations

from typing import Any

import pytest

from guide.core.assessment import assess
from guide.core.engine import Interview
from guide.report.build import ReportContext, build_report
from guide.report.model import Report

# Answers giving "reasonable grounds": the hotline step (a contact to verify) and the police.
ANSWERS: list[tuple[str, Any]] = [
    ("danger", "yes"),
    ("age_band", "adult"),
    ("age_uncertain", "dont_know"),
    ("job_as_promised", "no"),
    ("pay_as_promised", "no"),
    ("hours", 15),
]


def journal_events(guide) -> tuple[Interview, list[dict[str, Any]]]:
    """An interview with a change, a skip, a language switch and case details, stamped."""
    interview = Interview(guide)
    events: list[dict[str, Any]] = []

    def stamp(event: dict[str, Any]) -> None:
        events.append({**event, "time": f"2026-11-28T09:{len(events):02d}:00Z"})

    events_seen = 0
    for qid, value in ANSWERS:
        interview.answer(qid, value)
        for event in interview.events[events_seen:]:
            stamp(event.to_dict())
        events_seen = len(interview.events)
    stamp({"kind": "language", "lang": "fr"})
    interview.answer("hours", 14)
    interview.skip("paid")
    interview.answer("paid", "no")
    for event in interview.events[events_seen:]:
        stamp(event.to_dict())
    stamp({"kind": "case", "place": "الدار البيضاء", "officer": "Agent 17"})
    stamp({"kind": "result_shown"})
    return interview, events


@pytest.fixture
def interview_and_events(mini_guide):
    return journal_events(mini_guide)


@pytest.fixture
def report(mini_guide, interview_and_events) -> Report:
    interview, events = interview_and_events
    context = ReportContext(
        session_id="5f286e73a9b7",
        interview_language="ar",
        created="2026-11-28T10:00:00Z",
        interview_started="2026-11-28T08:59:00Z",
        finished=interview.finished,
    )
    return build_report(mini_guide, events, assess(mini_guide, interview.state()), context)
