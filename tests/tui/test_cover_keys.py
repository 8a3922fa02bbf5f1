"""Keys pressed behind the quick-exit cover do nothing, and nothing typed there (or just
before Esc) acts after F5 brings the interview back.

A terminal delivers keys faster than Textual handles them on a busy computer: a key goes to
the screen and comes back up to the app for its bindings, and F5 (a priority binding) can be
handled in between. Posting the keys back to back, without a pause, is that case made
certain: before the fix, F1 on the cover then F5 opened the help over the passphrase."""

from __future__ import annotations

import gc
from typing import Any

import pytest
from textual import events
from textual.screen import Screen

from guide.tui.screens.cover import CoverScreen
from guide.tui.screens.passphrase import PassphraseScreen
from guide.tui.screens.question import QuestionScreen
from tests.tui.test_officer_day import LANGS, TO_PROFILE, current_id, press_all

PASSPHRASE = "correct horse"


def post_keys(app: Any, *keys: str) -> None:
    """Keys as a busy terminal sends them: all in the app's queue before any is handled."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def settle(app: Any, pilot: Any) -> None:
    for _ in range(4):
        await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def unlocked_at_age_band(app: Any, pilot: Any) -> None:
    await pilot.pause()
    await pilot.press("enter", *PASSPHRASE, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    await press_all(pilot, TO_PROFILE[1:])
    assert current_id(app) == "age_band"


@pytest.mark.parametrize("lang", LANGS)
async def test_f1_on_the_cover_then_f5_asks_the_passphrase_and_nothing_else(make_app, store, lang):
    store.initialise(PASSPHRASE)
    app = make_app(lang, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlocked_at_age_band(app, pilot)
        await press_all(pilot, ["escape"])
        assert isinstance(app.screen, CoverScreen)
        # Every kind of key the wizard binds: help, emergency, quit, notes, an answer.
        post_keys(app, "f1", "question_mark", "f2", "ctrl+q", "o", "i", "v", "1", "f5")
        await settle(app, pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [PassphraseScreen]
        await pilot.press(*PASSPHRASE, "enter")
        await settle(app, pilot)
        # The same question, as it was: nothing typed on the cover answered or opened anything.
        assert [type(s) for s in app.screen_stack[1:]] == [QuestionScreen]
        assert current_id(app) == "age_band"
        assert app.session.note_for(None) == ""


@pytest.mark.parametrize("lang", LANGS)
async def test_keys_on_the_cover_do_nothing_without_a_journal_either(make_app, lang):
    app = make_app(lang)  # no journal: F5 returns straight to the interview
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, TO_PROFILE)
        assert current_id(app) == "age_band"
        await press_all(pilot, ["escape"])
        post_keys(app, "f1", "f2", "2", "d", "b", "f5")
        await settle(app, pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [QuestionScreen]
        assert current_id(app) == "age_band"  # not answered, not gone back
        assert app.session.previous_value(app.guide.question("age_band")) is None


async def test_a_key_pressed_just_before_esc_does_not_act_after_f5(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, TO_PROFILE)
        assert current_id(app) == "age_band"
        # "2" (adult) and F1 are still on their way through the screen when Esc hides it:
        # the officer hid the screen, so they are dropped, not applied after F5.
        post_keys(app, "2", "f1", "escape", "f5")
        await settle(app, pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [QuestionScreen]
        assert current_id(app) == "age_band"
        assert app.session.previous_value(app.guide.question("age_band")) is None


async def test_keys_after_f5_work(make_app, store):
    """Only what came before F5 is dropped: the passphrase typed at once after it counts."""
    store.initialise(PASSPHRASE)
    app = make_app("en", store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlocked_at_age_band(app, pilot)
        await press_all(pilot, ["escape"])
        post_keys(app, "f1", "f5", *PASSPHRASE, "enter")
        await settle(app, pilot)
        await settle(app, pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [QuestionScreen]
        await press_all(pilot, ["f1"])  # and the help opens again once the interview is back
        assert type(app.screen).__name__ == "HelpScreen"


def _sessions_of(app: Any) -> list[object]:
    """The interview sessions of this app still in memory (other tests' may be too)."""
    from guide.tui.interview_session import InterviewSession

    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, InterviewSession) and o.link is app.link]


@pytest.mark.parametrize("where", ["question", "review", "result"])
async def test_nothing_of_the_interview_stays_in_memory_behind_the_cover(make_app, store, where):
    """Quick exit drops the interview from memory: no screen kept under the cover holds it
    (the question, the review or the result screen, with their texts), until F5 and the
    passphrase bring it back from the journal."""

    store.initialise(PASSPHRASE)
    app = make_app("en", store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlocked_at_age_band(app, pilot)
        keys = {
            "question": [],
            "review": ["v"],
            "result": ["2", "1", "4", "enter", "2", "1", "1", "d"],
        }
        await press_all(pilot, keys[where])
        await app.workers.wait_for_complete()
        assert _sessions_of(app)
        await press_all(pilot, ["escape"])
        await settle(app, pilot)
        assert isinstance(app.screen, CoverScreen)
        assert not _sessions_of(app)
        assert [type(s) for s in app.screen_stack[1:]] == [Screen, CoverScreen]
        await press_all(pilot, ["f5"])
        await pilot.press(*PASSPHRASE, "enter")
        await settle(app, pilot)
        assert app.session is not None  # and the interview is back from the journal
        assert app.session.interview.answers


@pytest.mark.parametrize("lang", LANGS)
async def test_f5_asks_the_passphrase_even_with_a_passphrase_file(make_app, store, tmp_path, lang):
    """Wizard review 6: with --passphrase-file, F5 unlocked from the file, so anyone at the
    laptop got the interview back with one key. The file serves the start; after quick exit
    the passphrase is typed (docs/officers.md: F5 asks for the passphrase)."""
    store.initialise(PASSPHRASE)
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o600)
    app = make_app(lang, store=store)
    app.options = app.options._replace(passphrase_file=secret)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # unlocked from the file: no typing
        await settle(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        assert current_id(app) == "age_band"
        await press_all(pilot, ["escape"])
        assert isinstance(app.screen, CoverScreen)
        await press_all(pilot, ["f5"])
        await settle(app, pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [PassphraseScreen]
        assert app.session is None  # still locked
        await pilot.press(*PASSPHRASE, "enter")
        await settle(app, pilot)
        assert [type(s) for s in app.screen_stack[1:]] == [QuestionScreen]
        assert current_id(app) == "age_band"


@pytest.mark.parametrize("lang", LANGS)
async def test_f5_returns_to_the_review_screen_with_its_highlight(make_app, store, lang):
    """Wizard review 6: quick exit from the review screen came back to the question."""
    from guide.tui.screens.review import ReviewScreen

    store.initialise(PASSPHRASE)
    app = make_app(lang, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await unlocked_at_age_band(app, pilot)
        await press_all(pilot, ["2", "v"])  # adult; the review of what was answered
        assert isinstance(app.screen, ReviewScreen)
        await press_all(pilot, ["up"])
        highlighted = app.screen.focused_question()
        assert highlighted is not None
        await press_all(pilot, ["escape"])
        assert isinstance(app.screen, CoverScreen)
        await press_all(pilot, ["f5"])
        await pilot.press(*PASSPHRASE, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.focused_question() == highlighted
