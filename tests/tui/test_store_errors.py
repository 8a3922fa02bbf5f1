"""When the journal cannot take an answer (disk full, drive removed), the wizard stays on the
question, says truthfully that the answer is not saved, and the same key retries it: in
Arabic, French and English, on the fixture guide, with the store's own AnswerNotSaved."""

from __future__ import annotations

from typing import Any

import pytest

from guide.sessions.errors import AnswerNotSaved
from guide.tui.screens.emergency import EmergencyScreen
from guide.tui.screens.question import QuestionScreen
from tests.tui.conftest import FakeStore, FakeWriter
from tests.tui.test_review_notes import TO_PROFILE, current_id, press_all, unlock

LANGS = ["ar", "fr", "en"]
REASON = "disk full"


class FullDiskWriter(FakeWriter):
    def append(self, event: dict[str, Any]) -> None:
        if self.store.full:  # type: ignore[attr-defined]
            raise AnswerNotSaved(REASON)
        super().append(event)


class FullDiskStore(FakeStore):
    """The fake store, whose disk can fill up: then every write raises AnswerNotSaved, as
    guide.sessions does when write or fsync fails (the part-written record cut off)."""

    def __init__(self) -> None:
        super().__init__()
        self.full = False

    def create(self, guide_id: str, guide_version: str, language: str) -> FakeWriter:
        writer = super().create(guide_id, guide_version, language)
        return FullDiskWriter(self, writer.id)

    def events(self) -> list[dict[str, Any]]:
        return next(iter(self.sessions.values()))["events"]


def painted(app: Any, painted_rows: Any) -> str:
    return "\n".join(painted_rows(app))


@pytest.mark.parametrize("lang", LANGS)
async def test_an_answer_the_disk_refused_stays_unanswered_and_the_same_key_retries(
    make_app, painted_rows, lang
):
    store = FullDiskStore()
    store.initialise("correct horse")
    app = make_app(lang, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        question = current_id(app)
        assert question == "age_band"
        written = len(store.events())

        store.full = True
        await press_all(pilot, ["1"])
        assert isinstance(app.screen, QuestionScreen)
        assert current_id(app) == question  # not moved on
        assert app.session.interview.answer_of(question) is None  # not kept in memory
        assert len(store.events()) == written  # nothing half-written
        shown = painted(app, painted_rows)
        assert REASON in shown  # the store's reason, on the question screen itself
        assert not app._notifications  # where the officer looks: no toast over the keys

        store.full = False
        await press_all(pilot, ["1"])  # the same key again: now saved
        assert current_id(app) != question
        assert app.session.interview.answer_of(question) is not None
        answers = [e for e in store.events() if e.get("question") == question]
        assert [e["kind"] for e in answers] == ["answer"]  # once, when it was saved
        assert REASON not in painted(app, painted_rows)


@pytest.mark.parametrize("lang", LANGS)
async def test_skip_and_back_refused_by_the_disk_do_not_move(make_app, painted_rows, lang):
    store = FullDiskStore()
    store.initialise("correct horse")
    app = make_app(lang, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        question = current_id(app)
        store.full = True
        for key in ("s", "b"):
            await press_all(pilot, [key])
            assert current_id(app) == question, key
            assert not app.session.interview.reviewing
            assert REASON in painted(app, painted_rows)
        store.full = False
        await press_all(pilot, ["s"])
        assert current_id(app) != question


@pytest.mark.parametrize("lang", LANGS)
async def test_danger_shown_by_an_unsaved_answer_still_brings_the_emergency_steps(
    make_app, painted_rows, lang
):
    store = FullDiskStore()
    store.initialise("correct horse")
    app = make_app(lang, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, ["enter"])  # the safety introduction
        assert current_id(app) == "immediate_danger"
        store.full = True
        await press_all(pilot, ["1"])  # yes: in danger here and now
        assert isinstance(app.screen, EmergencyScreen)
        assert app.screen.urgent and app.screen.steps  # the steps of that danger
        await press_all(pilot, ["enter"])
        assert current_id(app) == "immediate_danger"  # the answer waits to be saved
        assert REASON in painted(app, painted_rows)
        store.full = False
        await press_all(pilot, ["1"])
        assert app.session.interview.answer_of("immediate_danger") == "yes"


async def test_a_note_the_disk_refused_is_not_shown_as_kept(make_app, painted_rows):
    store = FullDiskStore()
    store.initialise("correct horse")
    app = make_app("en", store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        store.full = True
        await press_all(pilot, ["o"])
        for character in "Looks younger":
            await pilot.press(character)
        await press_all(pilot, ["enter", "enter"])
        assert app.session.note_for("age_band") == ""  # not in memory as if saved
        # The form comes back with what was typed, and says it was not saved.
        assert app.screen.query_one("#note").value == "Looks younger"
        assert REASON in painted(app, painted_rows)
        store.full = False
        await press_all(pilot, ["ctrl+s"])
        assert app.session.note_for("age_band") == "Looks younger"
        assert {"kind": "note", "question": "age_band", "text": "Looks younger"} in (store.events())
