"""The three renderers: self-contained HTML, Markdown for mail, JSON valid against its schema."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from guide.report.formats import render_html, render_json, render_markdown
from guide.report.json_report import SCHEMA_ID

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "guide" / "report" / "report.schema.json"


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")])
def test_html_language_and_direction(report, lang, direction):
    page = render_html(report, lang)
    assert page.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}" dir="{direction}">' in page
    assert "@media print" in page
    assert '"Noto Naskh Arabic"' in page and "html:lang(ar)" in page


def test_html_is_self_contained(report):
    page = render_html(report, "ar")
    # Nothing to fetch: no links, sources, imports or url(); and a policy forbidding any.
    for pattern in (r"\bsrc\s*=", r"\bhref\s*=", r"@import", r"url\(", r"<script", r"<link"):
        assert not re.search(pattern, page, re.IGNORECASE), pattern
    assert "default-src 'none'" in page
    assert "http://" not in page and "https://" not in page


@pytest.fixture
def casablanca(monkeypatch):
    """The laptop's time zone: Morocco (UTC+1)."""
    import time

    monkeypatch.setenv("TZ", "Africa/Casablanca")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_html_holds_what_a_referral_needs(report, casablanca):
    page = render_html(report, "en")
    for text in (
        "DALIL-5F286E73",
        "Agent 17",
        "الدار البيضاء",
        "Reasonable grounds",
        "Deceived about the job",
        "Is the job the one you were promised?",
        "Is the age uncertain?",
        "Call the hotline.",
        "0800 00 47 47",
        "to verify before use",
        "verified on",
        # the journal's 09:00 UTC, in the laptop's time zone, British style
        "28 Nov 2026, 10:00:00 (GMT+01:00)",
        "Changed the answer",
    ):
        assert text in page, text
    assert "Name</dt>" not in page  # no name unless the officer records one


def test_person_written_values_are_escaped(report):
    hostile = replace(
        report, case=replace(report.case, officer="<script>alert(1)</script>", person_name="A&B")
    )
    page = render_html(hostile, "fr")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "A&amp;B" in page
    markdown = render_markdown(hostile, "fr")
    assert "\\<script\\>" in markdown


def test_markdown_for_mail(report, casablanca):
    text = render_markdown(report, "en")
    assert text.startswith("# Referral report\n")
    assert "- **Case reference:** DALIL-5F286E73" in text
    assert "**Urgent** — Call the hotline." in text
    assert "**to verify before use**" in text
    table = [line for line in text.splitlines() if line.startswith("| 28 Nov 2026, ")]
    assert len(table) == len(report.audit)


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_json_is_valid_against_its_schema(report, validator, lang):
    document = json.loads(render_json(report, lang))
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    assert document["$schema"] == SCHEMA_ID
    assert document["language"] == lang
    assert document["case"]["person_name"] is None
    hotline = document["steps"][1]["contacts"][0]
    assert hotline["to_verify"] is True and hotline["verified"] is None


def test_schema_rejects_what_it_should(report, validator):
    document = json.loads(render_json(report, "en"))
    document["verdict"]["level"] = "certain"
    document["case"]["home_address"] = "somewhere"
    messages = [e.message for e in validator.iter_errors(document)]
    assert any("certain" in m for m in messages)
    assert any("home_address" in m for m in messages)


def test_questions_not_asked_are_counted_not_listed(report):
    from guide.report.model import Text, UnknownLine

    pending = tuple(
        UnknownLine(f"q{n}", Text(f"question.q{n}.text", f"Pending question {n}?"), "not_asked")
        for n in range(3)
    )
    result = replace(report.result, unknowns=report.unknowns + pending)
    unfinished = replace(report, result=result, finished=False)
    for text in (render_html(unfinished, "en"), render_markdown(unfinished, "en")):
        assert "Questions not asked (the interview stopped before them): 3" in text
        assert "Pending question" not in text
        assert "Is the age uncertain?" in text
        assert "The interview was not finished." in text
    document = json.loads(render_json(unfinished, "en"))
    assert [u["reason"] for u in document["unknowns"]].count("not_asked") == 3


def test_report_language_goes_through_the_catalogs(report, monkeypatch):
    """Guide texts through content(), interface words through pgettext(), both in the
    report's language, whatever the application's language is."""

    seen = []

    def content(context, source, lang=None):
        seen.append(("content", context, lang))
        return f"«{lang}:{source}»"

    def pgettext(context, message, lang=None):
        seen.append(("ui", message, lang))
        return f"‹{lang}:{message}›"

    import guide.report.texts as texts

    monkeypatch.setattr(texts, "_content", content)
    monkeypatch.setattr(texts, "_pgettext", pgettext)
    page = render_html(report, "fr")
    assert "‹fr:Referral report›" in page
    assert "«fr:Reasonable grounds»" in page
    assert "«fr:Is the job the one you were promised?»" in page
    assert {lang for _, _, lang in seen} == {"fr"}
    assert ("content", "verdict.grounds.title", "fr") in seen
    document = json.loads(render_json(report, "ar"))
    assert document["verdict"]["title"] == "«ar:Reasonable grounds»"
    assert document["urgent"][0]["text"] == "‹ar:Yes›"


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_no_format_shows_an_earlier_answer_unless_asked(
    mini_guide, interview_and_events, validator, lang
):
    """The mini interview changed two answers: by default no format gives their earlier
    values (no "Before" column, `previous` null) and each says so; asked for, each does."""
    from guide.core.assessment import assess
    from guide.report.build import ReportContext, build_report
    from guide.report.texts import interface_language, report_words

    interview, events = interview_and_events
    with interface_language(lang) as _:
        words = report_words(_)
    note = words.earlier_answers_left_out
    for earlier in (False, True):
        context = ReportContext(
            "5f286e73a9b7", "ar", "2026-11-28T10:00:00Z", earlier_answers=earlier
        )
        report = build_report(mini_guide, events, assess(mini_guide, interview.state()), context)
        columns = 5 if earlier else 4

        document = json.loads(render_json(report, lang))
        assert not list(validator.iter_errors(document))
        assert document["earlier_answers_shown"] is earlier
        changed = [a["previous"] for a in document["audit"] if a["kind"] == "change"]
        assert len(changed) == 2 and all((p is not None) is earlier for p in changed)

        markdown = render_markdown(report, lang)
        trail = markdown.split(words.audit_trail)[-1]
        rows = [line for line in trail.splitlines() if line.startswith("|")]
        assert len(rows) == 2 + len(report.audit)
        assert all(row.count(" | ") == columns - 1 for row in rows if "---" not in row)
        assert (note in markdown) is not earlier

        page = render_html(report, lang)
        audit = page[page.index('<section class="audit">') :]
        audit = audit[: audit.index("</section>")]
        assert audit.count("<th>") == columns
        assert audit.count("<td") == columns * len(report.audit)
        assert (html.escape(note) in page) is not earlier
