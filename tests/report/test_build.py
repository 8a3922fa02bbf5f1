"""The report model: built from the real assessment, holding what a referral needs."""

from __future__ import annotations

import json
from dataclasses import replace

from guide.core.assessment import assess
from guide.core.engine import Interview
from guide.report.build import ReportContext, build_report, default_reference

from .conftest import journal_events


def test_case_details_reference_and_no_name_by_default(report):
    case = report.case
    assert case.reference == "DALIL-5F286E73" == default_reference("5f286e73a9b7")
    assert case.place == "الدار البيضاء"
    assert case.officer == "Agent 17"
    assert case.person_name is None
    assert report.finished


def test_options_override_recorded_details(mini_guide):
    interview, events = journal_events(mini_guide)
    context = ReportContext(
        "5f286e73a9b7", "fr", "2026-11-28T10:00:00Z", officer="B-2", reference="RABAT-2026-41"
    )
    report = build_report(mini_guide, events, assess(mini_guide, interview.state()), context)
    assert (report.case.officer, report.case.place) == ("B-2", "الدار البيضاء")
    assert report.case.reference == "RABAT-2026-41"


def test_verdict_elements_and_the_answers_that_raised_them(report):
    assert report.verdict.id == "grounds"
    assert report.verdict.title.context == "verdict.grounds.title"
    present = {e.id for e in report.elements if e.present}
    assert present == {"recruitment", "exploitation"}
    exploitation = next(e for e in report.elements if e.id == "exploitation")
    hours, no_pay = exploitation.indicators
    assert hours.id == "long_hours" and hours.strength == "strong"
    assert [(r.question_id, r.value) for r in hours.raised_by] == [("hours", 14)]
    assert (no_pay.id, no_pay.strength) == ("no_pay", "medium")  # the adult grade


def test_unknowns_urgent_and_steps_with_contacts(report):
    assert [(u.question_id, u.reason) for u in report.unknowns] == [("age_uncertain", "dont_know")]
    assert [(r.question_id, r.value) for r in report.urgent] == [("danger", "yes")]
    assert [s.id for s in report.steps] == ["call_police", "hotline", "explain_rights"]
    police = report.steps[0].contacts[0]
    hotline = report.steps[1].contacts[0]
    assert police.verified == "2026-11-28" and police.phone == "19"
    assert hotline.verified is None  # shown "to verify before use"


def test_audit_trail_has_every_event_with_its_time(report, interview_and_events):
    """Every event is in the trail with its time, except the earlier answers to a question
    answered again: by default a question appears once, at its last answer, marked as changed
    when it was answered before (the earlier values stay in the encrypted journal)."""
    _, events = interview_and_events
    value_kinds = ("answer", "change", "skip", "urgent")
    last = {e["question"]: i for i, e in enumerate(events) if e["kind"] in value_kinds}
    kept = [
        e for i, e in enumerate(events) if e["kind"] not in value_kinds or last[e["question"]] == i
    ]
    assert [a.time for a in report.audit] == [e["time"] for e in kept]
    shown = [a for a in report.audit if a.question_id is not None and a.value is not None]
    assert len({a.question_id for a in shown}) == len(shown)  # each question once
    hours = next(a for a in shown if a.question_id == "hours")
    paid = next(a for a in shown if a.question_id == "paid")
    assert (hours.kind, hours.value.value, hours.previous) == ("change", 14, None)
    assert (paid.kind, paid.value.value, paid.previous) == ("change", "no", None)
    assert not report.earlier_answers_shown
    assert all(a.value.value != 15 for a in shown if a.question_id == "hours")


def test_audit_trail_with_earlier_answers_has_every_event(mini_guide, interview_and_events):
    interview, events = interview_and_events
    context = ReportContext("5f286e73a9b7", "ar", "2026-11-28T10:00:00Z", earlier_answers=True)
    report = build_report(mini_guide, events, assess(mini_guide, interview.state()), context)
    assert [(a.time, a.kind) for a in report.audit] == [(e["time"], e["kind"]) for e in events]
    assert any(a.kind == "skip" and a.value.value == "skipped" for a in report.audit)
    assert next(a for a in report.audit if a.kind == "language").detail == "fr"
    # The case details are in the case section, not repeated in the trail.
    case = next(a for a in report.audit if a.kind == "case")
    assert case.question is None and case.detail is None


def test_a_question_no_longer_in_the_guide_still_reads(report, mini_guide):
    events = [{"kind": "answer", "question": "removed_q", "value": "yes", "time": None}]
    interview, _ = journal_events(mini_guide)
    rebuilt = build_report(
        mini_guide,
        events,
        assess(mini_guide, interview.state()),
        replace(ReportContext("abcd1234", "en", "2026-11-28T10:00:00Z")),
    )
    (entry,) = rebuilt.audit
    assert entry.question.source == "removed_q" and entry.value.value == "yes"


def test_earlier_answers_only_when_asked_for(mini_guide, interview_and_events):
    interview, events = interview_and_events
    context = ReportContext("5f286e73a9b7", "ar", "2026-11-28T10:00:00Z", earlier_answers=True)
    report = build_report(mini_guide, events, assess(mini_guide, interview.state()), context)
    assert report.earlier_answers_shown
    hours, paid = (a for a in report.audit if a.kind == "change")
    assert (hours.value.value, hours.previous.value) == (14, 15)
    assert (paid.value.value, paid.previous.value) == ("no", "skipped")


def test_an_answer_given_again_after_going_back_shows_only_its_last_value(mini_guide):
    """The wizard review's case: an answer, back, another answer, then a change from the
    review screen. The report handed over gives the question once, with its final value."""
    from guide.report.formats import render_json

    events = [
        {"kind": "answer", "question": "danger", "value": "no"},
        {"kind": "answer", "question": "age_band", "value": "adult"},
        {"kind": "back"},
        {"kind": "answer", "question": "danger", "value": "dont_know"},
        {"kind": "change", "question": "danger", "value": "yes", "previous": "dont_know"},
    ]
    events = [{**e, "time": f"2026-11-28T09:0{i}:00Z"} for i, e in enumerate(events)]
    interview = Interview(mini_guide)
    interview.answer("danger", "yes")
    interview.answer("age_band", "adult")
    context = ReportContext("5f286e73a9b7", "fr", "2026-11-28T10:00:00Z")
    report = build_report(mini_guide, events, assess(mini_guide, interview.state()), context)
    document = json.loads(render_json(report, "fr"))
    danger = [a for a in document["audit"] if a["question_id"] == "danger"]
    assert [(a["kind"], a["value"]["value"], a["previous"]) for a in danger] == [
        ("change", "yes", None)
    ]
    assert [a["kind"] for a in document["audit"]] == ["answer", "back", "change"]
