"""One line in guide/i18n/languages.py offers a language everywhere.

A fourth language, written right to left (Persian), is added to the registry in a fixture
only, and nothing else is touched: the start screen lists it under its key and switches to
it, the language dialog offers it for everything and for the person only, the reports are
written right to left with its locale's dates, and `dalil i18n status` reports its catalog.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from guide.i18n import languages
from guide.i18n.bidi import visual_lines
from guide.i18n.languages import Language

PERSIAN = Language("fa", "Persian", "فارسی", "rtl", "fa_IR", "4")


@pytest.fixture
def fourth_language(monkeypatch):
    monkeypatch.setattr(languages, "LANGUAGES", (*languages.LANGUAGES, PERSIAN))
    return PERSIAN


async def test_start_screen_lists_it_and_switches_to_it(fourth_language, make_app, painted_rows):
    from guide.tui.screens.start import StartScreen

    app = make_app("en")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        painted = "\n".join(painted_rows(app))
        persian = visual_lines("فارسی", 40)[0].text.strip()
        assert persian in painted
        assert "1-4" in painted  # the key bar names the four keys
        await pilot.press("4")
        await pilot.pause()
        assert app.languages.ui == "fa" and app.languages.person == "fa"
        assert app.screen.has_class("-rtl")
        await pilot.press("2")  # the others keep their keys
        await pilot.pause()
        assert app.languages.ui == "fr" and not app.screen.has_class("-rtl")


async def test_language_dialog_offers_it_for_everything_and_for_the_person(
    fourth_language, make_app, painted_rows
):
    from guide.tui.screens.language import LanguageScreen

    app = make_app("en")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        for key in ["enter", "enter", "2", "enter", "1"]:  # to the first profile question
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LanguageScreen)
        painted = "\n".join(painted_rows(app))
        assert painted.count(visual_lines("فارسی", 40)[0].text.strip()) == 2
        # four languages: 1-4 for everything, then 5-8 for the person only
        await pilot.press("8")
        await pilot.pause()
        assert (app.languages.ui, app.languages.person) == ("en", "fa")
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert (app.languages.ui, app.languages.person) == ("fa", "fa")


def test_reports_are_right_to_left_with_its_dates(fourth_language, mini_guide):
    from guide.core.assessment import assess
    from guide.core.engine import Interview
    from guide.i18n.formatting import format_date
    from guide.report.build import ReportContext, build_report
    from guide.report.formats import render_html, render_json, render_markdown

    interview = Interview(mini_guide)
    interview.answer("danger", "no")
    context = ReportContext(
        session_id="5f286e73a9b7", interview_language="fa", created="2026-11-28T10:00:00Z"
    )
    report = build_report(mini_guide, [], assess(mini_guide, interview.state()), context)
    page = render_html(report, "fa")
    assert '<html lang="fa" dir="rtl">' in page
    import datetime as dt

    persian_date = format_date(dt.date(2026, 11, 28), "fa", marks=False)
    assert persian_date != format_date(dt.date(2026, 11, 28), "en")
    assert persian_date in page
    assert persian_date in render_markdown(report, "fa")
    assert json.loads(render_json(report, "fa"))["language"] == "fa"


def test_i18n_status_reports_its_catalogs(fourth_language, capsys):
    from guide.cli import main

    root = Path(__file__).parents[2]
    code = main(["i18n", "status", "--root", str(root), "--format", "json"])
    rows: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
    assert code == 0
    persian = [row for row in rows if row["language"] == "fa"]
    assert {row["domain"] for row in persian} == {"ui", "guide"}
    assert all(row["errors"] for row in persian)  # no catalog yet: `dalil i18n init fa`
