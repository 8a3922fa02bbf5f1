"""Reports: what could change the result (fewest answers first, or an honest word), the
unknowns ranked, and the basis of the verdict, the steps and the named terms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from guide.core.assessment import assess
from guide.core.engine import Interview
from guide.core.what_if import with_what_if
from guide.report.build import ReportContext, build_report
from guide.report.formats import render_html, render_json, render_markdown

from ..interviews import declined_first_screen as declined_all

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "guide" / "report" / "report.schema.json").read_text()
)
SHIPPED = Path(__file__).resolve().parents[2] / "indicators"
CONTEXT = ReportContext("0123456789ab", "fr", "2026-11-28T10:00:00Z", finished=True)


@pytest.fixture(scope="module")
def shipped():
    from guide.loader import load_guide

    result = load_guide(SHIPPED)
    assert result.guide is not None
    return result.guide


def report_of(guide, iv, what_if=True, **search):
    a = assess(guide, iv.state())
    if what_if:
        a = with_what_if(iv, a, **search)
    events = [{**e.to_dict(), "time": "2026-11-28T09:00:00Z"} for e in iv.events]
    return build_report(guide, events, a, CONTEXT)


def test_declined_first_screen_report_says_what_could_change_it(shipped):
    report = report_of(shipped, declined_all(shipped))
    assert report.what_if is not None and report.what_if.change_sets
    ranks = [u.rank for u in report.unknowns]
    assert ranks[0] is not None
    assert [r for r in ranks if r is not None] == sorted(r for r in ranks if r is not None)
    validator = Draft202012Validator(SCHEMA)
    for lang in shipped.languages:
        document = json.loads(render_json(report, lang))
        validator.validate(document)
        assert document["what_if"]["change_sets"][0]["answers"][0]["question_id"]
    markdown = render_markdown(report, "en")
    section = markdown[markdown.index("## What could change the result") :]
    assert section.index("would give:") < section.index("## Questions left open")
    assert "could change the result alone" in section or "in a set of" in section
    html = render_html(report, "en")
    assert '<section class="what-if">' in html
    assert html.index('class="what-if"') < html.index('class="unknowns"')


def test_basis_and_terms_in_every_format(shipped):
    report = report_of(shipped, declined_all(shipped, sq_papers_kept="yes", continue_anyway="yes"))
    assert report.verdict.basis is not None
    assert any(step.basis for step in report.steps)
    basis = report.verdict.basis.source
    markdown = render_markdown(report, "en")
    assert f"*Basis: {basis}*".replace("—", "—") in markdown or "Basis:" in markdown
    html = render_html(report, "en")
    assert '<p class="basis">Basis: <bdi>' in html
    assert '<div class="basis">Basis: <bdi>' in html  # a step's
    document = json.loads(render_json(report, "en"))
    Draft202012Validator(SCHEMA).validate(document)
    assert document["verdict"]["basis"] == basis
    assert any(step["basis"] for step in document["steps"])
    if shipped.terms:
        from guide.core.assessment import term_results

        iv = declined_all(shipped, sq_papers_kept="yes", continue_anyway="yes")
        listed = [t.id for t, _ in term_results(assess(shipped, iv.state()))]
        assert listed and [t["id"] for t in document["terms"]] == listed
        assert "The terms behind the result" in markdown
        means = next((t for t in document["terms"] if t["id"] == "means"), None)
        if means is not None:
            assert means["holds"] is True


def test_honest_words_when_nothing_found(mini_guide):
    iv = Interview(mini_guide)
    for qid, value in [
        ("danger", "dont_know"),
        ("age_band", "adult"),
        ("age_uncertain", "no"),
        ("job_as_promised", "no"),
        ("pay_as_promised", "no"),
        ("hours", 14),
        ("paid", "no"),
    ]:
        iv.answer(qid, value)
    complete = report_of(mini_guide, iv)
    words = "No combination of up to three of the unanswered questions would change the result."
    assert words in render_markdown(complete, "en")
    assert words in render_html(complete, "en")
    assert json.loads(render_json(complete, "en"))["what_if"]["summary"] == words
    stopped = report_of(mini_guide, iv, budget=0)
    text = render_markdown(stopped, "en")
    assert "No combination" not in text and "stopped before" in text


def test_without_what_if_the_report_is_as_before(mini_guide):
    iv = Interview(mini_guide)
    iv.answer("danger", "yes")
    report = report_of(mini_guide, iv, what_if=False)
    assert report.what_if is None
    assert "What could change the result" not in render_markdown(report, "en")
    document = json.loads(render_json(report, "en"))
    Draft202012Validator(SCHEMA).validate(document)
    assert document["what_if"] is None and document["terms"] == []
    assert document["verdict"]["basis"] is None


def test_where_and_when_is_among_the_reasons_in_every_format(shipped):
    """The situation the answers are about (situation_frame) is shown, in the reader's
    language, among the reasons of the HTML, Markdown and JSON reports; a situation other
    than the one recorded is not."""
    from guide.core.scenarios import interview_from_answers

    scenario = next(
        s for s in shipped.scenarios if s.id == "place_migrant_forced_labour_on_the_journey"
    )
    iv, problems = interview_from_answers(shipped, scenario.answers)
    assert problems == []
    report = report_of(shipped, iv, what_if=False)
    label = shipped.terms["situation_journey"].label
    assert label in render_markdown(report, "en") and label in render_html(report, "en")
    assert shipped.terms["situation_abroad"].label not in render_markdown(report, "en")
    document = json.loads(render_json(report, "en"))
    Draft202012Validator(SCHEMA).validate(document)
    terms = {t["id"]: t for t in document["terms"]}
    assert terms["situation_journey"]["holds"] is True
    assert not {"situation_here_now", "situation_abroad", "situation_earlier_morocco"} & set(terms)
    assert "الرحلة" in render_markdown(report, "ar")  # "the journey", in Arabic
    assert "voyage" in render_html(report, "fr")
