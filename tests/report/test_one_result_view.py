"""One result view, one vocabulary, one contact: the wizard's result screen, the three report
formats, `dalil simulate` and `dalil explain` say the same thing in the same words.

Before, a step read "[now]" on the screen and "Immediate" in the report; a contact without a
number read "no number on file", "no number yet: fill in locally", "none (template: fill in
locally)" or nothing at all; the screen left out a contact's region and note; "don't know"
and "Don't know" were two words for one answer (review H2c, H3)."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from guide.cli import main
from guide.core.assessment import assess
from guide.core.engine import Interview
from guide.loader import load_guide
from guide.report.build import ReportContext, build_report
from guide.report.formats import render_html, render_json, render_markdown
from guide.report.result_view import build_result_view
from guide.tui.guide_text import GuideText
from guide.tui.result_text import ResultText

MINI = Path(__file__).parents[1] / "fixtures" / "mini" / "guide.yaml"


@pytest.fixture
def guide_dir(tmp_path):
    """The mini guide with a hotline that has no number yet, and a note."""
    text = MINI.read_text(encoding="utf-8").replace(
        '{id: hotline, name: Hotline, phone: "0800 00 47 47", region: national, verified: false}',
        "{id: hotline, name: Hotline, region: Tanger, verified: false, note: Ask for Leila.}",
    )
    (tmp_path / "guide.yaml").write_text(text, encoding="utf-8")
    return tmp_path


ANSWERS = {
    "danger": "yes",
    "age_band": "adult",
    "age_uncertain": "dont_know",
    "job_as_promised": "no",
    "pay_as_promised": "no",
    "hours": 15,
    "paid": "no",
}


def renderings(guide_dir, capsys) -> dict[str, str]:
    from guide.i18n import set_language

    set_language("en")
    guide = load_guide(guide_dir).guide
    assert guide is not None
    iv = Interview(guide)
    for qid, value in ANSWERS.items():
        iv.answer(qid, value)
    assessment = assess(guide, iv.state())
    view = build_result_view(guide, assessment)
    words = ResultText(guide, GuideText(lambda context, source, lang: source), "en")
    screen = "\n".join(
        line
        for number, step in enumerate(view.steps, start=1)
        for line in words.step_lines(number, step)
    )
    screen += "\n" + "\n".join(words.unknown_lines(view))
    report = build_report(
        guide,
        [],
        assessment,
        ReportContext(session_id="5f286e73", interview_language="en", created="2026-11-28"),
    )
    answers = guide_dir / "answers.json"
    answers.write_text(json.dumps(ANSWERS))
    assert main(["simulate", str(guide_dir), "--answers", str(answers)]) == 0
    simulate = capsys.readouterr().out
    assert main(["explain", "hotline", str(guide_dir)]) == 0
    explain = capsys.readouterr().out
    return {
        "screen": screen,
        "html": html.unescape(render_html(report, "en")),
        "markdown": render_markdown(report, "en"),
        "json": render_json(report, "en"),
        "simulate": simulate,
        "explain": explain,
    }


def test_one_word_for_an_urgency(guide_dir, capsys):
    out = renderings(guide_dir, capsys)
    for name in ("screen", "html", "markdown", "simulate"):
        assert "Immediate" in out[name], name
        assert "[now]" not in out[name], name


def test_one_phrase_for_a_contact_without_a_number(guide_dir, capsys):
    out = renderings(guide_dir, capsys)
    for name in ("screen", "html", "markdown", "simulate", "explain"):
        assert "no number on file" in out[name], name
        assert "fill in locally" not in out[name], name
        assert "Tanger" in out[name] and "Ask for Leila." in out[name], name
        assert "to verify before use" in out[name], name
    contact = json.loads(out["json"])["steps"][1]["contacts"][0]
    assert (contact["phone"], contact["region"], contact["to_verify"]) == (None, "Tanger", True)


def test_one_word_for_an_unknown_answer(guide_dir, capsys):
    out = renderings(guide_dir, capsys)
    for name in ("screen", "html", "markdown", "simulate"):
        assert "Don't know" in out[name], name
        assert "(dont know)" not in out[name] and "(don't know)" not in out[name], name


def test_label_and_value_follow_the_readers_punctuation():
    """French puts a (narrow) no-break space before a colon; English and Arabic do not.
    The spacing is the catalog's, never a hard-coded ': '."""
    from guide import i18n
    from guide.report.result_view import labelled

    try:
        for lang, expected in (("fr", "Acte\u202f: établi"), ("en", "Acte: établi")):
            i18n.set_language(lang)
            assert labelled("Acte", "établi", i18n.gettext) == expected
        i18n.set_language("ar")
        assert labelled("الفعل", "ثابت", i18n.gettext) == "الفعل: ثابت"
    finally:
        i18n.set_language("en")
