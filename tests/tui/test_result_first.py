"""The result is painted at once, however long the search for what could change it takes
(about 0.4 s on the shipped guide after many "don't know"): the verdict, its reasons and
the steps first; what could change the result is added when found, and keys work meanwhile.
In Arabic, French and English."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import guide.core.what_if as what_if
from guide.i18n.bidi import visual_lines
from guide.tui.screens.exported import ExportedScreen
from guide.tui.screens.result import ResultScreen
from tests.tui.test_officer_day import LANGS, TO_PROFILE, press_all

# Through the fixture guide to a result with an unknown answer (the last "don't know").
TO_RESULT = [*TO_PROFILE, "2", "1", "4", "enter", "2", "1", "1", "d"]
SEARCHING = {
    "en": "Looking for the answers that would change the result…",
    "fr": "Recherche des réponses qui changeraient le résultat…",
    "ar": "جارٍ البحث عن الإجابات التي قد تغيّر النتيجة…",
}


@pytest.fixture
def held_search(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The search waits until the test releases it: a slow laptop, made certain."""
    release = threading.Event()
    real = what_if.with_what_if

    def slow(*args, **kwargs):
        assert release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(what_if, "with_what_if", slow)
    return release


@pytest.mark.parametrize("lang", LANGS)
async def test_the_verdict_comes_first_and_keys_work_while_the_search_runs(
    make_app, painted_rows, held_search, tmp_path: Path, lang
):
    app = make_app(lang)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await press_all(pilot, TO_RESULT)
        screen = app.screen
        assert isinstance(screen, ResultScreen) and not screen.what_if_done
        # The verdict is on the screen, and the search says it is running.
        verdict = screen.query_one("#verdict").painted_lines()[0].strip()
        painted = "\n".join(painted_rows(app))
        assert verdict and verdict in painted
        searching = screen.query_one("#what-if-searching")
        assert searching.text == SEARCHING[lang]
        # Painted through the display path: shaped, in visual order, right-aligned in Arabic.
        width = searching.content_size.width
        (expected,) = visual_lines(
            SEARCHING[lang], width, app.bidi_mode, True if lang == "ar" else None
        )
        (row,) = searching.painted_lines()
        assert row.strip() == expected.text
        assert row.endswith(expected.text) if lang == "ar" else row.startswith(expected.text)
        assert not screen.query("#what-if")
        # Keys work meanwhile: an element's reasons open, and export waits for the search.
        await press_all(pilot, ["1"])
        assert screen.query_one("#details-1").has_class("-open")
        await press_all(pilot, ["e"])
        assert app.screen is screen
        assert not (tmp_path / "dalil-reports").exists()
        held_search.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        # Then what could change the result is added, the rest of the screen as it was.
        assert screen.what_if_done
        assert not screen.query("#what-if-searching")
        assert screen.query("#what-if") or screen.query(".unknown")
        assert screen.query_one("#details-1").has_class("-open")
        # ...and the report asked for meanwhile is written, with the search in it.
        assert isinstance(app.screen, ExportedScreen)
        assert any((tmp_path / "dalil-reports").iterdir())


async def test_going_back_while_the_search_runs_loses_nothing(make_app, held_search):
    app = make_app("en")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await press_all(pilot, TO_RESULT)
        assert isinstance(app.screen, ResultScreen)
        await press_all(pilot, ["b"])  # back to the last question, the search still running
        assert not isinstance(app.screen, ResultScreen)
        held_search.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await press_all(pilot, ["d"])  # the same answer again: the result once more
        assert isinstance(app.screen, ResultScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.what_if_done
        assert app.session.interview.answers  # every answer kept


@pytest.mark.parametrize("lang", LANGS)
async def test_an_urgent_step_under_a_low_verdict_comes_before_the_elements(make_app, lang):
    """Wizard review 6: an urgent step (here the child line, for a child with no indicator)
    sat below the elements, two pages down at 80x24, under a green bar. What to do comes
    first whenever a step is urgent; the bar keeps the verdict's colour."""
    from guide.tui.screens.result import ElementRow

    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # A child (under 18), 4 hours a day, the job and the pay as promised, nothing else.
        await press_all(pilot, [*TO_PROFILE, "1", "4", "enter", "1", "1"])
        for _ in range(6):
            if isinstance(app.screen, ResultScreen):
                break
            await press_all(pilot, ["2"])
        screen = app.screen
        assert isinstance(screen, ResultScreen)
        assert screen.assessment.verdict.verdict.level == "low"
        assert any(step.urgency == "urgent" for step in screen.view.steps)
        assert "-low" in screen.query_one("#verdict").classes
        order = list(screen.query_one("#result").children)
        steps = screen.query_one("#steps")
        first_element = screen.query(ElementRow).first()
        assert order.index(steps) < order.index(first_element)
