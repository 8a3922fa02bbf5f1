"""Quick exit never costs the officer what was on the screen: the emergency steps of a danger
just shown, and a note or case details being typed, come back after F5 and the passphrase
(and nothing of them is on the cover). On the real store, in Arabic, French and English."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from guide.tui.screens.cover import CoverScreen
from guide.tui.screens.emergency import EmergencyScreen
from guide.tui.screens.notes import CaseScreen, NoteScreen
from guide.tui.screens.passphrase import PassphraseScreen
from tests.tui.test_officer_day import LANGS, TO_PROFILE, current_id, painted, press_all

PASSPHRASE = "correct horse"


async def unlock(app: Any, pilot: Any) -> None:
    await pilot.pause()
    await pilot.press(*PASSPHRASE, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def hide_and_come_back(app: Any, pilot: Any, painted_rows: Any) -> None:
    await press_all(pilot, ["escape"])
    assert isinstance(app.screen, CoverScreen)
    assert painted(app, painted_rows).split() == ["F5"]  # nothing of it on the cover
    assert app.session is None
    await press_all(pilot, ["f5"])
    assert isinstance(app.screen, PassphraseScreen)
    await unlock(app, pilot)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_urgent_steps_come_back_after_quick_exit(make_app, painted_rows, store, lang):
    store.initialise(PASSPHRASE)
    app = make_app(lang, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await unlock(app, pilot)
        await press_all(pilot, ["enter", "1"])  # in danger here and now: yes
        assert isinstance(app.screen, EmergencyScreen) and app.screen.urgent
        steps, note = app.screen.steps, app.screen.note
        assert steps and note
        await hide_and_come_back(app, pilot, painted_rows)
        assert isinstance(app.screen, EmergencyScreen) and app.screen.urgent
        assert app.screen.steps == steps and app.screen.note == note
        assert app.screen.query_one("#urgent-note").text == note
        await press_all(pilot, ["enter"])  # then the interview goes on, as before
        assert not isinstance(app.screen, EmergencyScreen)
        assert app.session is not None and app.session.current() is not None


@pytest.mark.parametrize("lang", LANGS)
async def test_a_note_being_typed_comes_back_after_quick_exit(
    make_app, painted_rows, store, journal, lang
):
    store.initialise(PASSPHRASE)
    app = make_app(lang, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        assert current_id(app) == "age_band"
        await press_all(pilot, ["o"])
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"scared")
        await pilot.press("enter")  # to the observations
        await pilot.press(*"bruise")
        await pilot.pause()
        await hide_and_come_back(app, pilot, painted_rows)
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one("#note", Input).value == "scared"
        assert app.screen.query_one("#observations", Input).value == "bruise"
        assert not any(e["kind"] == "note" for e in journal())  # not saved until it is
        await press_all(pilot, ["ctrl+s"])
        assert not isinstance(app.screen, NoteScreen)
        assert current_id(app) == "age_band"
        assert app.session.note_for("age_band") == "scared"
        assert app.session.note_for(None) == "bruise"


@pytest.mark.parametrize("lang", LANGS)
async def test_case_details_being_typed_come_back_after_quick_exit(
    make_app, painted_rows, store, lang
):
    store.initialise(PASSPHRASE)
    app = make_app(lang, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        await press_all(pilot, ["i"])
        assert isinstance(app.screen, CaseScreen)
        await pilot.press(*"R-12", "enter", *"Tanger")
        await pilot.pause()
        await hide_and_come_back(app, pilot, painted_rows)
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.query_one("#case-reference", Input).value == "R-12"
        assert app.screen.query_one("#case-place", Input).value == "Tanger"
        await press_all(pilot, ["ctrl+s"])
        assert app.session.case["reference"] == "R-12"
        assert app.session.case["place"] == "Tanger"


async def test_without_a_journal_the_urgent_steps_stay_after_quick_exit(make_app, painted_rows):
    app = make_app("ar")  # nothing to lock: F5 brings it back at once
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, ["enter", "enter", "1"])
        assert isinstance(app.screen, EmergencyScreen) and app.screen.urgent
        await press_all(pilot, ["escape"])
        assert painted(app, painted_rows).split() == ["F5"]
        await press_all(pilot, ["f5"])
        assert isinstance(app.screen, EmergencyScreen) and app.screen.urgent


@pytest.mark.parametrize("lang", ["ar", "fr"])
async def test_the_answer_note_for_the_officer_comes_back_after_quick_exit(
    make_app, painted_rows, store, lang
):
    from tests.tui.test_officer_day import NOTES, TO_DOCUMENTS

    store.initialise(PASSPHRASE)
    app = make_app(lang, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await unlock(app, pilot)
        await press_all(pilot, [*TO_DOCUMENTS[1:], "1"])  # documents kept: a note
        assert app.screen.query_one("#officer-note").text == NOTES[lang]
        await hide_and_come_back(app, pilot, painted_rows)
        assert current_id(app) == "threatened"
        assert app.screen.query_one("#officer-note").text == NOTES[lang]


@pytest.mark.parametrize("lang", LANGS)
async def test_f5_on_a_parts_first_question_returns_to_that_question(
    make_app, painted_rows, store, lang
):
    """The journal knows the parts with an answer; a part whose introduction was just read
    has none yet. F5 comes back to its first question, not to its introduction."""
    from guide.tui.screens.intro import IntroScreen
    from guide.tui.screens.question import QuestionScreen

    store.initialise(PASSPHRASE)
    app = make_app(lang, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await unlock(app, pilot)
        assert isinstance(app.screen, IntroScreen)  # the safety checks, before any answer
        await hide_and_come_back(app, pilot, painted_rows)
        assert isinstance(app.screen, IntroScreen)  # not passed yet: shown again
        await press_all(pilot, ["enter"])
        assert current_id(app) == "immediate_danger"
        await hide_and_come_back(app, pilot, painted_rows)
        assert isinstance(app.screen, QuestionScreen)
        assert current_id(app) == "immediate_danger"
        await press_all(pilot, ["2", "enter"])  # no danger; past the consent introduction
        first = current_id(app)
        assert isinstance(app.screen, QuestionScreen)
        await hide_and_come_back(app, pilot, painted_rows)
        assert isinstance(app.screen, QuestionScreen)
        assert current_id(app) == first
