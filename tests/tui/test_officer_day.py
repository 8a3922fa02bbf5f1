"""The wizard on an officer's real day: quick exit with a toast and a note showing, notes where
the officer looks, the keys of the keyboards officers have, and one display path for toasts
and dialogs. Each in Arabic, French and English, with the painted cells asserted."""

from __future__ import annotations

from typing import Any

import pytest
from textual import events

from guide.i18n.bidi import display_line, wrap_cells
from guide.tui.keys import normalise_key
from guide.tui.screens.cover import CoverScreen
from guide.tui.screens.emergency import EmergencyScreen
from guide.tui.screens.help import HelpScreen
from guide.tui.screens.passphrase import PassphraseScreen
from guide.tui.screens.question import AnswerRow, QuestionScreen

TO_PROFILE = ["enter", "enter", "2", "enter", "1"]
# adult, 8 hours, job as promised, paid: documents_kept is next (its "yes" has a note).
TO_DOCUMENTS = [*TO_PROFILE, "2", "8", "enter", "1", "1"]
LANGS = ["ar", "fr", "en"]
NOTES = {
    "en": "Note it for the referral.",
    "fr": "Notez-le pour l'orientation.",
    "ar": "دوّن ذلك من أجل الإحالة.",
}


async def press_all(pilot: Any, keys: list[str]) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def current_id(app: Any) -> str | None:
    question = app.session.current()
    return question.id if question else None


def painted(app: Any, painted_rows: Any) -> str:
    return "\n".join(painted_rows(app))


# --- quick exit ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_quick_exit_with_a_note_a_toast_and_a_dialog_showing_hides_all(
    make_app, painted_rows, store, lang
):
    store.initialise("correct horse")
    app = make_app(lang, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"correct horse", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await press_all(pilot, [*TO_DOCUMENTS[1:], "1"])  # documents kept: the note shows
        assert current_id(app) == "threatened"
        assert app.screen.query_one("#officer-note").text
        app.tell("A toast that must not stay readable", severity="error", timeout=15)
        await press_all(pilot, ["f2"])  # a dialog open as well
        assert isinstance(app.screen, EmergencyScreen)
        await pilot.pause()
        assert app._notifications
        await press_all(pilot, ["escape"])
        assert isinstance(app.screen, CoverScreen)
        assert not app._notifications
        assert not any(isinstance(s, EmergencyScreen) for s in app.screen_stack)
        assert painted(app, painted_rows).split() == ["F5"]
        # The journal is locked and the interview is no longer in memory.
        assert not store.is_unlocked and app.session is None
        await press_all(pilot, ["enter", "1", "f1", "f2", "ctrl+q"])
        assert isinstance(app.screen, CoverScreen)
        await press_all(pilot, ["f5"])
        assert isinstance(app.screen, PassphraseScreen)  # asked again
        await pilot.press(*"correct horse", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert current_id(app) == "threatened"  # the same question, every answer kept
        assert app.session.previous_value(app.guide.question("documents_kept")) == "yes"


@pytest.mark.parametrize("lang", LANGS)
async def test_esc_inside_help_hides_everything_and_f5_returns_to_the_question(
    make_app, painted_rows, lang
):
    app = make_app(lang)  # no journal: nothing to lock, the interview stays
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, "f1"])
        assert isinstance(app.screen, HelpScreen)
        await press_all(pilot, ["escape"])
        assert isinstance(app.screen, CoverScreen)
        assert not any(isinstance(s, HelpScreen) for s in app.screen_stack)
        await press_all(pilot, ["f5"])
        # Help comes back with the question beneath it (wizard review 6); Enter closes it.
        assert isinstance(app.screen, HelpScreen)
        await press_all(pilot, ["enter"])
        assert isinstance(app.screen, QuestionScreen)
        assert current_id(app) == "age_band"


# --- notes where the officer looks ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_an_answer_note_is_in_the_guidance_pane_of_the_next_question(
    make_app, painted_rows, lang
):
    app = make_app(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_DOCUMENTS, "1"])
        assert current_id(app) == "threatened"
        assert not app._notifications  # no toast over the numbers and keys
        note = app.screen.query_one("#officer-note")
        assert note.text == NOTES[lang]
        assert note.parent.id == "guidance-pane"
        # Painted through the display path: in Arabic, shaped and in visual order.
        screen = painted(app, painted_rows)
        for line in note.painted_lines():
            assert line.strip() in screen
        if lang == "ar":  # joined letters (presentation forms), right-aligned
            assert any("\ufe70" <= ch <= "\ufeff" for ch in "".join(note.painted_lines()))
            assert all(line == line.rstrip() for line in note.painted_lines())
        await press_all(pilot, ["b"])  # the next intent clears it
        assert not app.screen.query_one("#officer-note").display


@pytest.mark.parametrize("lang", LANGS)
async def test_an_urgent_answer_note_is_in_the_urgent_dialog(make_app, painted_rows, lang):
    app = make_app(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, ["enter", "enter", "1"])
        assert isinstance(app.screen, EmergencyScreen) and app.screen.urgent
        assert not app._notifications
        note = app.screen.query_one("#urgent-note").text
        assert note == app.texts.note(
            app.guide.question("immediate_danger"),
            app.guide.question("immediate_danger").option("yes"),
            lang,
        )
        # The arrow before each contact points into the text: from the right in Arabic.
        arrows = "".join(step for step in app.screen.steps if "19" in step)
        assert ("←" in arrows and "→" not in arrows) if lang == "ar" else ("→" in arrows)


# --- keys ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pressed", "meant"),
    [
        ("D", "d"),
        ("shift+d", "d"),
        ("ampersand", "1"),
        ("é", "2"),
        ("quotation_mark", "3"),
        ("à", "0"),
        ("ي", "d"),
        ("ق", "r"),
        ("س", "s"),
        ("ى", "n"),
        ("م", "l"),
        ("١", "1"),
        ("۲", "2"),
        ("\ufefb", "b"),
        ("؟", "question_mark"),
        ("f1", "f1"),
        ("x", "x"),
    ],
)
def test_keys_of_the_keyboards_officers_have(pressed, meant):
    assert normalise_key(pressed) == meant


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["D"], "dont_know"),  # Caps Lock
        (["ي"], "dont_know"),  # Arabic layout
        (["ampersand"], "under_18"),  # AZERTY, no Shift
        (["é"], "adult"),
        (["ق"], "declined"),
    ],
)
async def test_answer_keys_work_with_caps_lock_azerty_and_arabic(make_app, lang, keys, expected):
    app = make_app(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, TO_PROFILE)
        assert current_id(app) == "age_band"
        await press_all(pilot, keys)
        assert app.session.previous_value(app.guide.question("age_band")) == expected


async def test_the_arabic_b_key_sends_lam_alef_and_goes_back(make_app):
    app = make_app("ar")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, "2"])
        assert current_id(app) == "hours_per_day"
        # What the B key types on the Arabic layout: two characters in one read.
        for character in ("ل", "ا"):
            event = events.Key(character, character)
            event.set_sender(app)
            app._driver.send_message(event)
        await pilot.pause(0.1)
        assert current_id(app) == "age_band"
        # A lone ل is the G key: the guidance is hidden.
        await pilot.press("ل")
        await pilot.pause(0.1)
        assert app.screen.has_class("-no-guidance")


@pytest.mark.parametrize("lang", LANGS)
async def test_a_key_that_does_nothing_says_so(make_app, painted_rows, lang):
    app = make_app(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, "x"])
        bar = app.screen.query_one("#keys")
        assert bar.message
        assert "x" in bar.message
        assert current_id(app) == "age_band"
        # A digit with no answer behind it says so too.
        await press_all(pilot, ["7"])
        assert "7" in app.screen.query_one("#message").text


@pytest.mark.parametrize("lang", LANGS)
async def test_arrows_and_tab_move_a_visible_focus_and_enter_confirms_it(
    make_app, painted_rows, lang
):
    app = make_app(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, TO_PROFILE)
        assert app.focused is None  # Enter alone must not answer
        await press_all(pilot, ["enter"])
        assert current_id(app) == "age_band"
        await press_all(pilot, ["down", "down"])
        focused = app.focused
        assert isinstance(focused, AnswerRow) and focused.value == "adult"
        # The focus is visible: the row is painted in another style than its neighbours.
        assert focused.styles.background != app.screen.query(AnswerRow).first().styles.background
        await press_all(pilot, ["up", "tab"])
        assert app.focused.value == "adult"
        await press_all(pilot, ["enter"])
        assert app.session.previous_value(app.guide.question("age_band")) == "adult"
        assert current_id(app) == "hours_per_day"


async def test_a_bouncing_key_does_not_answer_the_next_question(make_app):
    app = make_app("en")
    app.BOUNCE_SECONDS = 0.5
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, "2", "8", "enter"])
        assert current_id(app) == "job_as_promised"
        await pilot.press("1", "1")  # one press, bounced
        await pilot.pause()
        assert current_id(app) == "paid_as_promised"
        assert app.session.previous_value(app.guide.question("paid_as_promised")) is None


# --- one display path ----------------------------------------------------------------------


def test_lines_never_break_at_no_break_spaces():
    assert wrap_cells("Vous travaillez aujourd'hui\u202f?", 27) == [
        "Vous travaillez",
        "aujourd'hui\u202f?",
    ]
    assert wrap_cells("F2\u00a0طوارئ   Esc\u00a0إخفاء", 9) == ["F2\u00a0طوارئ", "Esc\u00a0إخفاء"]


async def test_arabic_toasts_are_shaped_ordered_and_not_markup(make_app):
    app = make_app("ar")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.tell("تعذر الحفظ [x=1] الآن", title="ملاحظة", severity="error")
        await pilot.pause()
        toast = app._notifications
        (note,) = list(toast)
        assert not note.markup
        assert note.title == display_line("ملاحظة")
        assert display_line("تعذر الحفظ [x=1] الآن") in note.message  # shaped, visual order
        assert note.message.startswith(" ")  # right-aligned in an Arabic interface


@pytest.mark.parametrize("screen_keys", [["f1"], ["ctrl+q"], ["f2"]])
async def test_arabic_dialog_lines_starting_with_a_key_name_read_right_to_left(
    make_app, painted_rows, screen_keys
):
    app = make_app("ar")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, *screen_keys])
        hints = [w for w in app.screen.query(".hint")]
        assert hints
        for hint in hints:
            assert hint.rtl is True
            for line in hint.lines(60):
                assert line.rtl
            # Right-aligned: the painted text ends at the right edge of the widget.
            rows = hint.painted_lines()
            assert all(row == row.rstrip() for row in rows)
