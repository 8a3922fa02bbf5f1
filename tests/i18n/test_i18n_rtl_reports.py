"""Right-to-left details in every Arabic output (issue 17, What to build 6): the HTML,
Markdown and JSON reports and the wizard's result screen (the terminal) use the Arabic comma,
Western digits as in Moroccan administration, Moroccan month names, arrows that point at the
text, and brackets that pair up once the line is laid out right to left.

The report is the shipped guide's, for two scenarios (one with grounds and contacts, one
with many unknowns and the "what could change" section), in Arabic.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest

from guide.i18n.bidi import BidiMode, visual_lines
from guide.i18n.formatting import format_date

MOROCCAN_MONTHS = [
    "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
    "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر",
]  # fmt: skip
# The Middle-Eastern names Babel's plain "ar" would give instead.
EASTERN_MONTHS = ["مايو", "يوليو", "أغسطس", "سبتمبر", "نوفمبر", "ديسمبر"]
ARABIC_INDIC_DIGITS = re.compile(r"[\u0660-\u0669\u06f0-\u06f9]")
ARABIC_LETTER = r"[\u0621-\u064a]"
# A Latin comma written between two Arabic words (the list pattern gives «، »).
LATIN_COMMA_IN_ARABIC = re.compile(rf"{ARABIC_LETTER}[\u064b-\u0652]*, {ARABIC_LETTER}")
SCENARIOS = ["adult_foreign_domestic_worker_servitude", "adult_many_unknowns"]


@pytest.fixture(scope="module")
def shipped():
    from guide.loader import load_guide
    from guide.paths import default_guide_dir

    result = load_guide(default_guide_dir())
    assert result.guide is not None
    return result.guide


def _report(guide, scenario_id: str):
    from guide.core.assessment import assess
    from guide.core.scenarios import interview_from_answers
    from guide.report.build import ReportContext, build_report

    scenario = next(s for s in guide.scenarios if s.id == scenario_id)
    interview, _problems = interview_from_answers(guide, scenario.answers)
    events = [
        {**event.to_dict(), "time": f"2026-05-03T09:{n % 60:02d}:00Z"}
        for n, event in enumerate(interview.events)
    ]
    events.append({"kind": "case", "place": "الدار البيضاء", "time": "2026-05-03T10:00:00Z"})
    context = ReportContext(
        "0123456789ab",
        "ar",
        "2026-11-28T10:00:00Z",
        interview_started="2026-05-03T08:59:00Z",
        finished=interview.finished,
    )
    assessment = assess(guide, interview.state())
    return build_report(guide, events, assessment, context), assessment


def _terminal(guide, assessment) -> list[str]:
    """The result screen's lines (guide.tui.result_text), in the interface language."""
    from guide.report.result_view import build_result_view
    from guide.tui.guide_text import GuideText
    from guide.tui.result_text import ResultText

    view = build_result_view(guide, assessment)
    words = ResultText(guide, GuideText(), "ar")
    lines = [words.verdict_title(view), words.verdict_explanation(view), words.verdict_basis(view)]
    lines += words.term_lines(view)
    lines += words.what_if_lines(view)
    for element in view.elements:
        lines.append(words.element_summary(element))
        lines += words.indicator_lines(element)
    lines += words.unknown_lines(view)
    for number, step in enumerate(view.steps, start=1):
        lines += words.step_lines(number, step)
    return [part for line in lines for part in line.split("\n")]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.root: dict[str, str | None] = {}
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.root = dict(attrs)
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _json_strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _json_strings(v)]
    return []


def _outputs(guide, scenario_id: str) -> dict[str, str]:
    from guide.i18n import set_language
    from guide.report.formats import render_html, render_json, render_markdown

    report, assessment = _report(guide, scenario_id)
    parser = _Text()
    html = render_html(report, "ar")
    parser.feed(html)
    assert parser.root.get("dir") == "rtl" and parser.root.get("lang") == "ar"
    set_language("ar")
    try:
        terminal = "\n".join(_terminal(guide, assessment))
    finally:
        set_language("en")
    return {
        "html": "".join(parser.parts),
        "markdown": render_markdown(report, "ar"),
        "json": "\n".join(_json_strings(json.loads(render_json(report, "ar")))),
        "terminal": terminal,
    }


@pytest.fixture(scope="module")
def outputs(shipped):
    return {scenario: _outputs(shipped, scenario) for scenario in SCENARIOS}


FORMATS = ["html", "markdown", "json", "terminal"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_western_digits_and_the_arabic_comma(outputs, scenario, fmt):
    text = outputs[scenario][fmt]
    assert re.search(ARABIC_LETTER, text)
    assert not ARABIC_INDIC_DIGITS.search(text)
    found = [m.group(0) for m in LATIN_COMMA_IN_ARABIC.finditer(text)]
    assert not found, found


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_arrows_point_at_the_text(outputs, scenario, fmt):
    """In Arabic an arrow before a contact or an answer points left, at the text: «← …»;
    "→" would point away from it (the catalogs avoid arrows or write ←)."""
    text = outputs[scenario][fmt]
    assert "→" not in text and "⇒" not in text


@pytest.mark.parametrize("fmt", ["markdown", "terminal"])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_brackets_pair_up_when_laid_out_right_to_left(outputs, scenario, fmt):
    """Each Arabic line as a terminal without bidi would paint it (app mode: reordered and
    mirrored by Dalil): read left to right, every bracket opens before it closes."""
    checked = 0
    for line in outputs[scenario][fmt].splitlines():
        if not re.search(ARABIC_LETTER, line) or not re.search(r"[()\[\]]", line):
            continue
        for painted in visual_lines(line, 400, BidiMode.APP):
            depth = 0
            for char in painted.text:
                depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
                assert depth >= 0, (line, painted.text)
            assert depth == 0, (line, painted.text)
            checked += 1
    assert checked, "no bracketed Arabic line to check"


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_dates_use_moroccan_month_names(outputs, scenario):
    for fmt in ("html", "markdown"):
        text = outputs[scenario][fmt]
        assert "28 نونبر 2026" in text, fmt  # the report's date
        for eastern in EASTERN_MONTHS:
            assert eastern not in text, (fmt, eastern)


def test_every_month_has_its_moroccan_name():
    for month, name in enumerate(MOROCCAN_MONTHS, start=1):
        assert format_date(dt.date(2026, month, 3), "ar") == f"3 {name} 2026"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_unknown_mark_is_the_arabic_question_mark(outputs, fmt):
    """A term not known yet is marked «؟» in Arabic, not "?" (which reads backwards there)."""
    text = outputs["adult_many_unknowns"][fmt]
    if fmt == "json":
        return  # JSON carries the state, not the mark
    assert "؟ " in text
    assert not re.search(rf"\? {ARABIC_LETTER}", text)


def test_phone_numbers_and_addresses_keep_their_order_in_the_arabic_html(shipped):
    """A browser lays an Arabic paragraph out right to left and, by the bidi algorithm alone,
    paints the child helpline's 0800 00 2511 as 2511 00 0800 and 2511.ma as ma.2511: every
    such run in the Arabic HTML report sits in its own left-to-right span (wizard review H1)."""
    from guide.report.formats import render_html

    report, _assessment = _report(shipped, "child_domestic_servant_girl")
    html = render_html(report, "ar")
    assert '<span dir="ltr">0800 00 2511</span>' in html
    assert '<span dir="ltr">2511.ma</span>' in html
    # No phone-like run of digit groups is left bare between Arabic words.
    bare = re.findall(rf"{ARABIC_LETTER} (\d+(?: \d+)+) {ARABIC_LETTER}", html)
    assert not bare, bare
