"""The officer writes an observation from any screen of the interview (an introduction, a
question, the review, the result), and a note on any earlier question from the review
screen; the report shows which question each note belongs to. In Arabic, French and
English."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from guide.tui.screens.intro import IntroScreen
from guide.tui.screens.notes import NoteScreen
from guide.tui.screens.review import ReviewScreen
from tests.tui.conftest import lookup
from tests.tui.test_officer_day import LANGS, TO_PROFILE, current_id, press_all

# The fixture guide: the age answered (adult), then the hours question.
TO_HOURS = [*TO_PROFILE, "2"]


async def type_text(pilot: Any, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


@pytest.mark.parametrize("lang", LANGS)
async def test_an_observation_from_an_introduction(make_app, lang):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, ["enter"])
        assert isinstance(app.screen, IntroScreen)  # the safety checks, for the officer
        await press_all(pilot, ["o"])
        assert isinstance(app.screen, NoteScreen)
        assert not app.screen.query("#note")  # no question on screen: observations only
        await type_text(pilot, "man at the door")
        await press_all(pilot, ["enter"])  # the one field: saved
        assert isinstance(app.screen, IntroScreen)  # back where it was, still to be read
        assert app.session.note_for(None) == "man at the door"


@pytest.mark.parametrize("lang", LANGS)
async def test_a_note_on_an_earlier_question_from_the_review_reaches_the_report(
    make_app, tmp_path, lang
):
    app = make_app(lang)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await press_all(pilot, TO_HOURS)
        later = current_id(app)
        await press_all(pilot, ["v"])
        assert isinstance(app.screen, ReviewScreen)
        age = app.screen.focused_question()  # the latest answer: the age
        assert age == "age_band"
        await press_all(pilot, ["o"])
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.question.id == "age_band"  # the note is on the highlighted one
        await type_text(pilot, "looks younger")
        await press_all(pilot, ["ctrl+s"])
        assert isinstance(app.screen, ReviewScreen)
        assert app.session.note_for("age_band") == "looks younger"
        assert app.session.note_for(later) == ""
        await press_all(pilot, ["c"])
        assert current_id(app) == later  # the interview where it stood
        # The report names the question each note is on (in the officer's language).
        await press_all(pilot, ["4", "enter", "2", "1", "1", "d"])
        await app.workers.wait_for_complete()
        await pilot.pause()
        await press_all(pilot, ["e"])
        await app.workers.wait_for_complete()
        await pilot.pause()
    (markdown,) = (tmp_path / "dalil-reports").glob("*.md")
    text = markdown.read_text(encoding="utf-8")
    question = lookup("question.age_band.text", app.guide.question("age_band").text, lang)
    line = next(line for line in text.splitlines() if "looks younger" in line)

    # French typography may put a no-break space before "?" (the report keeps it).
    def spaces(s: str) -> str:
        return s.replace("\u202f", " ").replace("\u00a0", " ")

    assert spaces(question) in spaces(line)


async def test_the_observation_typed_in_the_review_keeps_the_notes_field_first(make_app):
    app = make_app("en")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_HOURS, "v", "o"])
        assert app.screen.focused is app.screen.query_one("#note", Input)


@pytest.mark.parametrize("lang", LANGS)
async def test_adding_to_the_observations_keeps_what_was_written(make_app, lang):
    """Wizard review 6 (high): the observations field selected its text when reached, so the
    first key typed replaced what the officer had written earlier. Reaching a field with text
    puts the cursor at its end; nothing is selected."""
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, ["enter", "o"])
        await type_text(pilot, "man at the door")
        await press_all(pilot, ["enter"])
        assert app.session.note_for(None) == "man at the door"
        await press_all(pilot, [*TO_HOURS[1:], "o"])
        assert isinstance(app.screen, NoteScreen) and app.screen.query("#note")
        await type_text(pilot, "tired")
        await press_all(pilot, ["enter"])  # on to the observations, as written before
        field = app.screen.query_one("#observations", Input)
        assert field.has_focus and field.selection.is_empty
        assert field.cursor_position == len("man at the door")
        await type_text(pilot, " ADDED")
        await press_all(pilot, ["enter"])
        assert app.session.note_for(None) == "man at the door ADDED"
