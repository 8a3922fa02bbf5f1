"""The review screen of a long interview (the shipped guide) at 80x24: PgUp/PgDn and
Home/End move the highlight, not only the view, so Enter opens the question highlighted and
going dozens of answers back takes a few keys."""

from __future__ import annotations

from typing import Any

import pytest

from guide.tui.screens.question import QuestionScreen
from guide.tui.screens.review import ReviewRow, ReviewScreen
from tests.tui.test_emergency_fits import make, shipped  # noqa: F401  (a fixture)
from tests.tui.test_officer_day import press_all


async def answer_many(app: Any, pilot: Any, count: int) -> None:
    """Start, say "no" to danger here and now and "1" up to the quick screen, then "don't
    know" until `count` answers."""
    await press_all(pilot, ["enter"])
    for _step in range(4 * count):
        if app.session is not None and len(app.session.interview.path()) >= count:
            return
        if not isinstance(app.screen, QuestionScreen):
            await press_all(pilot, ["enter"])  # an introduction
        elif app.session.current().id == "immediate_danger":
            await press_all(pilot, ["2"])
        elif app.session.current().module in ("consent", "profile", "quick_screen"):
            await press_all(pilot, ["1"])  # consent given, and the screening goes on
        else:
            await press_all(pilot, ["d"])
    raise AssertionError(
        (app.screen, app.session and app.session.current(), len(app.session.interview.path()))
    )


def visible(screen: Any, row: ReviewRow) -> bool:
    scroller = screen.query_one("#review")
    return scroller.region.contains_region(row.region)


@pytest.mark.parametrize("lang", ["ar", "fr"])
async def test_page_keys_move_the_highlight_in_a_long_review(shipped, lang):  # noqa: F811
    app = make(shipped, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer_many(app, pilot, 30)
        path = [q.id for q in app.session.interview.path()]
        await press_all(pilot, ["v"])
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.focused_question() == path[-1]
        await press_all(pilot, ["pageup"])
        moved = screen.focused_question()
        assert moved in path[:-2]  # more than a row back: a page
        assert visible(screen, screen.focused)
        presses = 1
        while screen.focused_question() != path[0]:
            await press_all(pilot, ["pageup"])
            presses += 1
            assert visible(screen, screen.focused)
            assert presses < 12
        await press_all(pilot, ["pagedown"])
        assert path.index(screen.focused_question()) > 1
        await press_all(pilot, ["end"])
        assert screen.focused_question() == path[-1]
        await press_all(pilot, ["home"])
        assert screen.focused_question() == path[0]
        assert visible(screen, screen.focused)
        await press_all(pilot, ["enter"])  # the question highlighted, not another
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.current().id == path[0]


@pytest.mark.parametrize("lang", ["ar", "fr"])
async def test_more_below_is_said_only_while_something_is_below(shipped, lang):  # noqa: F811
    from guide.i18n import set_language
    from guide.tui.text import _
    from guide.tui.widgets.key_bar import KeyBar

    app = make(shipped, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer_many(app, pilot, 30)
        await press_all(pilot, ["v"])
        set_language(lang)
        more = ("PgDn", _("More below"))
        keys = app.screen.query_one("#keys", KeyBar)
        await pilot.pause()
        sc = app.screen.query_one("#review")
        assert more not in keys.keys, (sc.scroll_y, sc.max_scroll_y)  # the end of the list
        await press_all(pilot, ["home"])
        await pilot.pause()
        assert more in keys.keys
        await press_all(pilot, ["end"])
        await pilot.pause()
        assert more not in keys.keys


@pytest.mark.parametrize("lang", ["ar", "fr"])
async def test_the_result_stops_saying_more_below_at_its_end(shipped, lang):  # noqa: F811
    from guide.i18n import set_language
    from guide.tui.screens.result import ResultScreen
    from guide.tui.text import _
    from guide.tui.widgets.key_bar import KeyBar

    app = make(shipped, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await answer_many(app, pilot, 30)
        for _step in range(80):  # "don't know" to the end
            if isinstance(app.screen, ResultScreen):
                break
            await press_all(pilot, ["d" if isinstance(app.screen, QuestionScreen) else "enter"])
        assert isinstance(app.screen, ResultScreen)
        set_language(lang)
        more = ("PgDn", _("More below"))
        keys = app.screen.query_one("#keys", KeyBar)
        await pilot.pause()
        assert more in keys.keys
        for _step in range(40):
            if more not in keys.keys:
                break
            await press_all(pilot, ["pagedown"])
        assert more not in keys.keys  # at the end, said so
        await press_all(pilot, ["pageup"])
        assert more in keys.keys
