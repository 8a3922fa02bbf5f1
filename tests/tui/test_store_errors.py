"""When the journal cannot take an answer (disk full, drive removed), the wizard stays on the
question, says truthfully that the answer is not saved, and the same key retries it: in
Arabic, French and English, on the fixture guide, with the real store's own AnswerNotSaved."""

from __future__ import annotations

from typing import Any

import pytest

from guide.tui.screens.emergency import EmergencyScreen
from guide.tui.screens.question import QuestionScreen
from tests.tui.test_review_notes import TO_PROFILE, current_id, press_all, unlock

LANGS = ["ar", "fr", "en"]
# The full disk (ENOSPC) in the catalog's words, in the officer's language (the `disk`
# fixture fills the real store's disk; the system's own English words are not shown).
REASONS = {"en": "the disk is full", "fr": "le disque est plein", "ar": "القرص ممتلئ"}
REASON = REASONS["en"]


def painted(app: Any, painted_rows: Any) -> str:
    """The rows as painted, and the screen's texts in logical order (Arabic as written, a
    reason wrapped across two rows in one piece)."""
    from guide.tui.widgets.bidi_text import BidiText

    texts = [widget.text for widget in app.screen.query(BidiText) if widget.display]
    return "\n".join([*painted_rows(app), *texts])


@pytest.mark.parametrize("lang", LANGS)
async def test_an_answer_the_disk_refused_stays_unanswered_and_the_same_key_retries(
    make_app, painted_rows, store, disk, journal, lang
):
    store.initialise("correct horse")
    app = make_app(lang, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        question = current_id(app)
        assert question == "age_band"
        written = len(journal())

        disk.full = True
        await press_all(pilot, ["1"])
        assert isinstance(app.screen, QuestionScreen)
        assert current_id(app) == question  # not moved on
        assert app.session.interview.answer_of(question) is None  # not kept in memory
        assert len(journal()) == written  # nothing half-written
        shown = painted(app, painted_rows)
        assert REASONS[lang] in shown  # the store's reason, on the question screen itself
        assert not app._notifications  # where the officer looks: no toast over the keys

        disk.full = False
        await press_all(pilot, ["1"])  # the same key again: now saved
        assert current_id(app) != question
        assert app.session.interview.answer_of(question) is not None
        answers = [e for e in journal() if e.get("question") == question]
        assert [e["kind"] for e in answers] == ["answer"]  # once, when it was saved
        assert REASONS[lang] not in painted(app, painted_rows)


@pytest.mark.parametrize("lang", LANGS)
async def test_skip_and_back_refused_by_the_disk_do_not_move(
    make_app, painted_rows, store, disk, lang
):
    store.initialise("correct horse")
    app = make_app(lang, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        question = current_id(app)
        disk.full = True
        for key in ("s", "b"):
            await press_all(pilot, [key])
            assert current_id(app) == question, key
            assert not app.session.interview.reviewing
            assert REASONS[lang] in painted(app, painted_rows)
        disk.full = False
        await press_all(pilot, ["s"])
        assert current_id(app) != question


@pytest.mark.parametrize("lang", LANGS)
async def test_danger_shown_by_an_unsaved_answer_still_brings_the_emergency_steps(
    make_app, painted_rows, store, disk, journal, lang
):
    store.initialise("correct horse")
    app = make_app(lang, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, ["enter"])  # the safety introduction
        assert current_id(app) == "immediate_danger"
        disk.full = True
        await press_all(pilot, ["1"])  # yes: in danger here and now
        assert isinstance(app.screen, EmergencyScreen)
        assert app.screen.urgent and app.screen.steps  # the steps of that danger
        await press_all(pilot, ["enter"])
        assert current_id(app) == "immediate_danger"  # the answer waits to be saved
        assert REASONS[lang] in painted(app, painted_rows)
        disk.full = False
        await press_all(pilot, ["1"])
        assert app.session.interview.answer_of("immediate_danger") == "yes"


async def test_a_note_the_disk_refused_is_not_shown_as_kept(
    make_app, painted_rows, store, disk, journal
):
    store.initialise("correct horse")
    app = make_app("en", store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        disk.full = True
        await press_all(pilot, ["o"])
        for character in "Looks younger":
            await pilot.press(character)
        await press_all(pilot, ["enter", "enter"])
        assert app.session.note_for("age_band") == ""  # not in memory as if saved
        # The form comes back with what was typed, and says it was not saved.
        assert app.screen.query_one("#note").value == "Looks younger"
        assert REASON in painted(app, painted_rows)
        disk.full = False
        await press_all(pilot, ["ctrl+s"])
        assert app.session.note_for("age_band") == "Looks younger"
        assert {"kind": "note", "question": "age_band", "text": "Looks younger"} in (journal())
