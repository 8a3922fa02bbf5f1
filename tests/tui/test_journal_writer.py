"""The journal's writer thread, on the real store: an answer is painted before its entry is on
disk, the entries keep the order of the keys, nothing follows an entry the disk refused (the
interview goes back to its question, with the store's reason, and the same key retries), and
quitting, quick exit and finishing wait for what is being written.

These tests do not wait for each write (make_app(wait_for_writes=False)); a `held` disk keeps
the writer thread waiting until the test lets it go on."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from guide.tui.screens.cover import CoverScreen
from guide.tui.screens.passphrase import PassphraseScreen
from guide.tui.screens.question import QuestionScreen
from tests.tui.test_review_notes import TO_PROFILE, current_id, press_all, unlock

# The full disk (ENOSPC) in the catalog's words (as tests/tui/test_store_errors.py reads it).
REASONS = {"en": "the disk is full", "fr": "le disque est plein"}
REASON = REASONS["en"]


class Held:
    """While `held` is set, every journal write waits (on the writer thread) until `go()`."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.open.set()
        self.waiting = threading.Event()

    def hold(self) -> None:
        self.open.clear()

    def go(self) -> None:
        self.open.set()

    def go_later(self, seconds: float) -> threading.Timer:
        """Let the writes go on from another thread (for a UI thread that waits for them)."""
        timer = threading.Timer(seconds, self.go)
        timer.start()
        return timer


@pytest.fixture
def held(disk: Any, monkeypatch: pytest.MonkeyPatch) -> Held:
    import guide.sessions.store as store_module

    held = Held()
    write = store_module._write_all  # the `disk` fixture's: it fails while the disk is full

    def held_write(fd: int, data: bytes) -> None:
        if threading.current_thread() is not threading.main_thread():
            held.waiting.set()
            assert held.open.wait(10), "the test never let the write go on"
        write(fd, data)

    monkeypatch.setattr(store_module, "_write_all", held_write)
    return held


async def settled(app: Any, pilot: Any) -> None:
    """Until the writer thread is done, its message (if any) handled and the screen painted."""
    app.link.wait()
    await pilot.pause()
    await pilot.pause()


def answers(journal: Any) -> list[tuple[str, Any]]:
    return [(e["question"], e["value"]) for e in journal() if e["kind"] == "answer"]


def painted(app: Any, painted_rows: Any) -> str:
    """The rows as painted, and the screen's texts (a reason wrapped across two rows)."""
    from guide.tui.widgets.bidi_text import BidiText

    texts = [widget.text for widget in app.screen.query(BidiText) if widget.display]
    return "\n".join([*painted_rows(app), *texts])


async def test_answers_are_painted_before_they_are_on_disk_and_written_in_order(
    make_app, store, held, journal
):
    store.initialise("correct horse")
    app = make_app("en", store=store, wait_for_writes=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        app.link.wait()
        assert current_id(app) == "age_band"
        before = answers(journal)

        held.hold()
        await press_all(pilot, ["2", "1", "4", "enter"])  # adult, then 14 hours a day
        assert held.waiting.is_set()  # the first entry is still being written...
        assert current_id(app) not in ("age_band", None)  # ...and the questions moved on
        assert app.link.pending
        assert answers(journal) == before  # nothing on disk yet

        held.go()
        await settled(app, pilot)
        written = answers(journal)[len(before) :]
        assert [q for q, _ in written] == [q for q, _ in app.session.interview.answers.items()][
            len(before) :
        ]
        assert written == [("age_band", "adult"), (written[1][0], 14)]
        assert not app.link.pending


async def test_nothing_follows_a_refused_entry_and_the_officer_is_back_on_its_question(
    make_app, store, held, disk, journal, painted_rows
):
    store.initialise("correct horse")
    app = make_app("en", store=store, wait_for_writes=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        app.link.wait()
        assert current_id(app) == "age_band"
        before = answers(journal)

        held.hold()
        await press_all(pilot, ["2"])  # adult: being written
        second = current_id(app)
        assert second != "age_band"
        # The next key comes while the first answer is still being written: it is taken and
        # queued after it. Then the disk refuses the first.
        await press_all(pilot, ["1", "4", "enter"])  # 14 hours a day
        assert app.session.interview.answer_of(second) == 14
        disk.full = True
        held.go()
        await settled(app, pilot)

        assert isinstance(app.screen, QuestionScreen)
        assert current_id(app) == "age_band"  # back to the question not saved
        assert app.session.interview.answer_of("age_band") is None
        assert app.session.interview.answer_of(second) is None  # the key after it: not taken
        assert answers(journal) == before  # neither entry on disk, nothing half-written
        assert REASON in painted(app, painted_rows)
        assert not app._notifications

        disk.full = False
        await press_all(pilot, ["2"])  # the same key again
        await settled(app, pilot)
        assert current_id(app) == second
        assert answers(journal)[len(before) :] == [("age_band", "adult")]
        assert REASON not in painted(app, painted_rows)


async def test_a_refusal_found_by_the_writer_alone_brings_the_question_back(
    make_app, store, held, disk, journal, painted_rows
):
    """No key after the answer: the writer thread's own message takes the officer back."""
    store.initialise("correct horse")
    app = make_app("fr", store=store, wait_for_writes=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        app.link.wait()
        disk.full = True
        await press_all(pilot, ["2"])
        await settled(app, pilot)  # refused on the writer thread, which posts a message
        assert current_id(app) == "age_band"
        assert REASONS["fr"] in painted(app, painted_rows)


async def test_quitting_waits_for_the_answers_being_written(make_app, store, held, journal):
    store.initialise("correct horse")
    app = make_app("en", store=store, wait_for_writes=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        app.link.wait()
        held.hold()
        await press_all(pilot, ["2"])
        timer = held.go_later(0.2)
        await press_all(pilot, ["ctrl+q"])  # waits for the entry before asking
        await press_all(pilot, ["y"])
        timer.join()
    assert ("age_band", "adult") in answers(journal)


async def test_quick_exit_waits_and_a_refused_answer_is_said_on_return(
    make_app, store, held, disk, journal
):
    store.initialise("correct horse")
    app = make_app("en", store=store, wait_for_writes=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        app.link.wait()
        before = answers(journal)
        held.hold()
        await press_all(pilot, ["2"])
        disk.full = True
        timer = held.go_later(0.2)
        await press_all(pilot, ["escape"])  # the journal is locked once the entry is done
        timer.join()
        assert isinstance(app.screen, CoverScreen)
        assert not app._notifications  # nothing readable on the cover
        disk.full = False
        await press_all(pilot, ["f5"])
        assert isinstance(app.screen, PassphraseScreen)
        await pilot.press(*"correct horse", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert current_id(app) == "age_band"  # the question whose answer the disk refused
        assert answers(journal) == before
        assert any(REASON in " ".join(str(n.message).split()) for n in app._notifications), [
            n.message for n in app._notifications
        ]


async def test_finishing_waits_for_the_last_answer(make_app, store, held, journal):
    from tests.tui.test_review_notes import REASONABLE

    store.initialise("correct horse")
    app = make_app("en", store=store, wait_for_writes=False)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, REASONABLE[1:])
        app.link.wait()
        while current_id(app) is not None:
            await press_all(pilot, ["d"])
            app.link.wait()
        held.hold()
        timer = held.go_later(0.2)
        await press_all(pilot, ["f"])
        timer.join()
    kinds = [e["kind"] for e in journal()]
    assert kinds[-1] == "finished"
