"""Every scenario of the shipped guide gives a report in every language and format, and the
JSON is valid against its schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from guide.core.assessment import assess
from guide.core.scenarios import interview_from_answers
from guide.loader import load_guide
from guide.paths import default_guide_dir
from guide.report.build import ReportContext, build_report
from guide.report.formats import render_html, render_json, render_markdown

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "guide" / "report" / "report.schema.json").read_text()
)


@pytest.fixture(scope="module")
def shipped():
    result = load_guide(default_guide_dir())
    assert result.guide is not None, [d.format() for d in result.errors]
    return result.guide


def test_every_scenario_reports_in_every_language(shipped):
    validator = Draft202012Validator(SCHEMA)
    assert shipped.scenarios
    for number, scenario in enumerate(shipped.scenarios):
        interview, _ = interview_from_answers(shipped, scenario.answers)
        events = [
            {**event.to_dict(), "time": f"2026-11-28T09:{n % 60:02d}:00Z"}
            for n, event in enumerate(interview.events)
        ]
        context = ReportContext(
            "0123456789ab", "ar", "2026-11-28T10:00:00Z", finished=interview.finished
        )
        report = build_report(shipped, events, assess(shipped, interview.state()), context)
        assert report.verdict.id == scenario.expect.verdict, scenario.id
        for lang in shipped.languages:
            assert f'lang="{lang}"' in render_html(report, lang)
            assert render_markdown(report, lang).startswith("# ")
        # The shape does not depend on the language: validate one per scenario, in turn.
        lang = shipped.languages[number % len(shipped.languages)]
        document = json.loads(render_json(report, lang))
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]
        assert not errors, (scenario.id, lang, errors)
        # Every step's contacts are either verified with a date or marked to verify, in the
        # words the officer reads, and a number is never made up.
        page = render_markdown(report, "en")
        for step in document["steps"]:
            for contact in step["contacts"]:
                if contact["verified"] is None:
                    assert contact["to_verify"] is True
                else:
                    assert dt.date.fromisoformat(contact["verified"]) <= dt.date.today()
                assert contact["phone"] is None or contact["phone"] in page
        if any(c["verified"] is None for s in document["steps"] for c in s["contacts"]):
            assert "**to verify before use**" in page


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_an_observation_not_sure_reads_as_the_wizard_offered_it(shipped, lang):
    """The wizard offers the officer "not sure" on their own observation (kind: observe),
    kept as don't know; the exported report says "not sure" there too, and "don't know"
    for the person's own answers."""
    from guide.i18n.translate import pgettext
    from guide.report.result_view import BUILT_IN_ANSWERS, NOT_SURE, answer_ref
    from guide.report.texts import report_words_in

    assert shipped.question_by_id["signs_of_control"].kind == "observe"
    assert shipped.question_by_id["sq_debt"].kind != "observe"
    words = report_words_in(lang, lambda message: pgettext(None, message, lang))
    observed = words.answer(answer_ref(shipped, "signs_of_control", "dont_know"))
    asked = words.answer(answer_ref(shipped, "sq_debt", "dont_know"))
    assert observed == pgettext(None, NOT_SURE, lang)
    assert asked == pgettext(None, BUILT_IN_ANSWERS["dont_know"], lang)
    assert observed != asked
