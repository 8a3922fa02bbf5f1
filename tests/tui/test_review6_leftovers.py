"""What the last wizard review (review 6: an officer's day in tmux at 100x30 and 80x24, in
Arabic, French and English) left open, each as the officer sees it, on the painted cells:

- an introduction's key bar fits one line at 80 columns, the emergency key always on it;
- Help open at quick exit comes back with the interview (F5 and the passphrase);
- a number question refuses a digit that would go past its maximum, says so, and keeps
  what was typed;
- the officer's own observation offers "not sure", never "declined" (the person cannot
  decline what the officer saw), and an interview saved earlier with "declined" there
  still opens and shows it;
- the resume list reads in order in every language: the time with its offset "+00:00", the
  language name and the count each in place;
- a phone number typed into a note in Arabic reads left to right as it is typed, with the
  cursor where the next digit goes.
"""

from __future__ import annotations

from typing import Any

import pytest

from guide.i18n.bidi import visual_lines
from guide.tui.guide_text import answer_word
from guide.tui.screens.cover import CoverScreen
from guide.tui.screens.help import HelpScreen
from guide.tui.screens.intro import IntroScreen
from guide.tui.screens.passphrase import PassphraseScreen
from guide.tui.screens.question import QuestionScreen
from guide.tui.text import _, set_language
from guide.tui.widgets.key_bar import KeyBar

LANGS = ["ar", "fr", "en"]
TO_CONSENT = ["enter", "enter", "2"]  # safety intro, the observation answered: consent intro
TO_PROFILE = [*TO_CONSENT, "enter", "1"]  # consent given: the age question
TO_HOURS = [*TO_PROFILE, "2"]  # adult: hours a day (0 to 24)


async def press_all(pilot: Any, keys: list[str]) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def unlock(app: Any, pilot: Any) -> None:
    await pilot.press("enter", *"correct horse", "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


def shown(text: str, width: int = 200) -> str:
    """A fragment as the app-mode bidi paints it (Arabic shaped, in visual order)."""
    return visual_lines(text, width)[0].text.strip()


def key_pair(key: str, label: str) -> str:
    """A key and its label as the key bar paints them."""
    return shown(KeyBar.format([(key, label)]))


# --- 6. an introduction's key bar on one line at 80 columns ----------------------------------


def intro_keys(lang: str) -> list[tuple[str, str]]:
    """Every key an introduction can show, in `lang`: the cue for text below, its own keys
    (the Darija key when the person speaks Arabic) and the keys of every screen."""
    from guide.tui.screens.base import global_keys

    set_language(lang)
    return [
        ("PgDn", _("More below")),
        ("Enter", _("Continue")),
        ("T", "الدارجة / Darija"),
        ("O", _("Notes")),
        ("B", _("Back")),
        ("L", _("Language")),
        *global_keys(),
    ]


@pytest.mark.parametrize("lang", LANGS)
def test_every_key_of_an_introduction_does_not_fit_80_columns(lang):
    """Why the bar must choose: in every language the whole set is wider than 78 cells."""
    keys = intro_keys(lang)
    assert len(visual_lines(KeyBar.format(keys), 78)) > 1


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_an_introduction_key_bar_is_one_line_with_the_emergency_key(
    make_app, painted_rows, lang, size
):
    from guide.i18n.oral import OralTexts
    from tests.tui.test_oral_layer import ORAL_FIXTURE

    # The person speaks Arabic: the Darija key is offered too (the longest bar).
    app = make_app(lang, person_lang="ar")
    app.oral_texts = OralTexts(ORAL_FIXTURE)
    async with app.run_test(size=size) as pilot:
        await press_all(pilot, [*TO_CONSENT, "t"])
        assert isinstance(app.screen, IntroScreen)
        bar = app.screen.query_one(KeyBar)
        assert bar.size.height == 1
        rows = painted_rows(app)
        set_language(lang)
        line = rows[bar.region.y]
        for key, label in [("F2", _("Emergency")), ("Esc", _("Hide")), ("F1", _("Help"))]:
            assert shown(f"{key}\u00a0{label}") in line, line
        assert shown(f"Enter\u00a0{_('Continue')}") in line
        assert bar.shown_keys()[-3:] == ["F1", "F2", "Esc"] or "Ctrl+Q" in bar.shown_keys()
        # The consent text is read to the person: its Darija key stays among the first.
        assert bar.shown_keys()[:2] == ["Enter", "T"]
        # A key left out still works: O opens the observations.
        await press_all(pilot, ["o"])
        from guide.tui.screens.notes import NoteScreen

        assert isinstance(app.screen, NoteScreen)


@pytest.mark.parametrize("lang", LANGS)
def test_the_bar_leaves_out_the_last_keys_first_and_keeps_the_essential_ones(lang):
    bar = KeyBar(intro_keys(lang), one_line=True, keep={"PgDn", "Enter", "F1", "F2", "Esc"})
    kept = [key for key, _label in bar.fitted(78)]
    assert {"PgDn", "Enter", "F1", "F2", "Esc"} <= set(kept)
    assert "Ctrl+Q" not in kept  # the last key goes first
    assert len(visual_lines(KeyBar.format(bar.fitted(78), "  "), 78)) == 1
    # The order is kept: the keys shown are the bar's keys, some left out.
    order = [key for key, _label in intro_keys(lang)]
    assert kept == [key for key in order if key in kept]


# --- 5. Help comes back after quick exit -----------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_help_open_at_quick_exit_comes_back_after_the_passphrase(
    make_app, painted_rows, store, lang
):
    store.initialise("correct horse")
    app = make_app(lang, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, [*TO_PROFILE[1:], "f1", "pagedown"])
        assert isinstance(app.screen, HelpScreen)
        scroller = app.screen.query_one("#dialog")
        scrolled = scroller.scroll_y
        assert scrolled > 0
        await press_all(pilot, ["escape"])
        assert isinstance(app.screen, CoverScreen)
        assert not any(isinstance(s, HelpScreen) for s in app.screen_stack)
        assert "".join(painted_rows(app)).split() == ["F5"]
        await press_all(pilot, ["f5"])
        assert isinstance(app.screen, PassphraseScreen)
        await pilot.press(*"correct horse", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        # Help again, over the same question, where it was scrolled to.
        assert isinstance(app.screen, HelpScreen)
        assert isinstance(app.screen_stack[-2], QuestionScreen)
        assert app.screen.query_one("#dialog").scroll_y == scrolled
        set_language(lang)
        hint = app.screen.query_one("#close-hint").text
        assert hint.endswith(_("Enter or F1: close    Esc: hide everything"))
        await press_all(pilot, ["enter"])
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.current().id == "age_band"


async def test_help_open_before_any_interview_comes_back_too(make_app, painted_rows):
    """Without a journal (nothing to lock), F5 shows the screen again at once: Help too."""
    app = make_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        await press_all(pilot, ["f1", "escape"])
        assert isinstance(app.screen, CoverScreen)
        await press_all(pilot, ["f5"])
        assert isinstance(app.screen, HelpScreen)


# --- 4. a number question refuses digits beyond its maximum ----------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_hours_refuse_a_digit_past_the_maximum_and_keep_what_was_typed(
    make_app, painted_rows, lang
):
    app = make_app(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_all(pilot, TO_HOURS)
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.question.id == "hours_per_day"
        await press_all(pilot, ["1", "6", "5", "5", "5"])
        assert screen.typed == "16"  # 165 hours a day cannot be: the 5 is not added
        set_language(lang)
        message = screen.query_one("#message").text
        assert message == _(
            "At most {high} here: {digit} was not added. Enter confirms {typed},"
            " Backspace corrects it."
        ).format(high="24", digit="5", typed="16")
        rows = "\n".join(painted_rows(app))
        assert shown(message, 60)[:20] in rows or shown(message, 40)[:10] in rows
        assert "> 16" in rows or "16 <" in rows
        # 24 is allowed, 24.5 is not; 2.5 is.
        await press_all(pilot, ["backspace", "backspace", "2", "4", "full_stop", "5"])
        assert screen.typed == "24."
        await press_all(pilot, ["backspace", "backspace", "backspace", "2", "full_stop", "5"])
        assert screen.typed == "2.5"
        # A digit that fits again clears the message.
        assert screen.query_one("#message").text == ""
        await press_all(pilot, ["backspace", "backspace", "backspace", "1", "6", "enter"])
        assert app.session.interview.answers["hours_per_day"] == 16


@pytest.mark.parametrize("lang", LANGS)
async def test_a_number_given_before_is_replaced_by_the_first_digit_not_refused(make_app, lang):
    app = make_app(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_all(pilot, [*TO_HOURS, "2", "0", "enter", "b"])
        screen = app.screen
        assert screen.question.id == "hours_per_day" and screen.typed == "20"
        await press_all(pilot, ["9"])  # replaces the 20 shown: 9, not "209" refused
        assert screen.typed == "9" and screen.query_one("#message").text == ""


# --- 3. the officer's own observation: not sure, never declined ------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_an_observation_offers_not_sure_and_no_declined(make_app, painted_rows, lang):
    app = make_app(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_all(pilot, ["enter", "enter"])  # the observation "in danger here and now?"
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.question.kind == "observe"
        set_language(lang)
        rows = "\n".join(painted_rows(app))
        assert key_pair("D", _("Not sure")) in rows  # in the key bar
        assert shown(_("Not sure")) in rows  # and as an answer row
        assert shown(answer_word("declined")) not in rows
        assert key_pair("R", _("Declined")) not in rows
        # R does not answer: the officer is told why, and what to press instead.
        await press_all(pilot, ["r"])
        assert app.session.previous_value(screen.question) is None
        assert screen.query_one("#message").text == _(
            "This is your own observation: the person cannot decline it. Answer it,"
            " or press D if you are not sure."
        )
        # Nor can the arrows reach a hidden "declined".
        await press_all(pilot, ["up", "enter"])
        assert app.session.interview.answers.get("immediate_danger") == "dont_know"
        # The review lists it as the officer chose it: not sure.
        await press_all(pilot, ["b", "v"])
        rows = "\n".join(painted_rows(app))
        assert shown(_("Not sure")) in rows and shown(answer_word("dont_know")) not in rows


@pytest.mark.parametrize("lang", LANGS)
async def test_a_question_read_to_the_person_still_offers_declined(make_app, painted_rows, lang):
    app = make_app(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await press_all(pilot, TO_PROFILE)
        assert app.screen.question.kind == "ask"
        set_language(lang)
        rows = "\n".join(painted_rows(app))
        assert shown(answer_word("declined")) in rows and key_pair("R", _("Declined")) in rows
        assert shown(answer_word("dont_know")) in rows
        assert shown(_("Not sure")) not in rows
        await press_all(pilot, ["r"])
        assert app.session.interview.answers["age_band"] == "declined"


@pytest.mark.parametrize("lang", LANGS)
async def test_an_observation_saved_as_declined_before_still_opens_and_shows_it(
    make_app, painted_rows, store, seed, lang
):
    from guide.tui.screens.review import ReviewScreen

    store.initialise("correct horse")
    seed(
        [
            {"kind": "answer", "question": "immediate_danger", "value": "declined"},
            {"kind": "answer", "question": "consent_given", "value": "yes"},
        ]
    )
    app = make_app(lang, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, ["1"])  # resume it
        assert app.session.current().id == "age_band"
        set_language(lang)
        declined = answer_word("declined")
        await press_all(pilot, ["v"])  # the review lists it as it was saved
        assert isinstance(app.screen, ReviewScreen)
        assert shown(declined) in "\n".join(painted_rows(app))
        await press_all(pilot, ["c", "b", "b"])  # back to the observation itself
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and screen.question.id == "immediate_danger"
        row = next(r for r in screen.query("AnswerRow") if r.value == "declined")
        assert row.display and row.has_class("-chosen")
        assert shown(declined) in "\n".join(painted_rows(app))
        # It can be changed to what the officer now knows; then "declined" is gone.
        await press_all(pilot, ["2"])
        assert app.session.interview.answers["immediate_danger"] == "no"
        await press_all(pilot, ["b"])
        assert app.screen.question.id == "immediate_danger"
        assert shown(declined) not in "\n".join(painted_rows(app))


# --- 1. a phone number typed into a note reads left to right in Arabic -----------------------

PREFIX = "هاتف الأخ: "  # "the brother's phone: "


@pytest.mark.parametrize("number", ["0612345678", "+212 5 37 00 00 00", "448-9", "06 12 34"])
def test_a_number_in_an_arabic_value_is_painted_left_to_right_at_every_key(number):
    from guide.tui.widgets.bidi_input import caret_cell, visual_clusters, visual_text

    for typed in range(1, len(number) + 1):
        part = number[:typed]
        value = PREFIX + part
        painted = visual_text(value)
        assert painted.startswith(part), (part, painted)  # in the order typed, on the left
        # The cursor at the end is right after the last character typed: where the next
        # digit goes.
        assert caret_cell(visual_clusters(value), len(value)) == len(part)
    # Once written, the note is painted as every Arabic line (the spaces of a phone number
    # are no-break there): the same order as while it was typed.
    saved = visual_lines(PREFIX + number, 80)[0].text.replace("\u00a0", " ")
    assert saved == visual_text(PREFIX + number).strip()


def test_an_arabic_word_after_a_number_goes_back_to_the_left():
    from guide.tui.widgets.bidi_input import caret_cell, visual_clusters, visual_text

    value = PREFIX + "0612345678 غدا"
    assert visual_text(value) == visual_lines(value, 80)[0].text
    assert caret_cell(visual_clusters(value), len(value)) == 0


@pytest.mark.parametrize("lang", LANGS)
async def test_a_phone_number_typed_into_an_arabic_note_reads_as_typed(make_app, store, lang):
    from guide.tui.screens.notes import NoteScreen
    from guide.tui.widgets.bidi_input import BidiInput
    from tests.tui.test_bidi_input import field_row

    store.initialise("correct horse")
    app = make_app(lang, store=store)
    number = "+212 5 37 00 00 00"
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, [*TO_PROFILE[1:], "o"])
        assert isinstance(app.screen, NoteScreen)
        field = app.screen.query_one("#note", BidiInput)
        for character in PREFIX:
            await pilot.press(character)
        for typed in range(1, len(number) + 1):
            await pilot.press(number[typed - 1])
            await pilot.pause()
            part = number[:typed]
            row = field_row(app, field)
            assert part.rstrip() in row, (part, row)
            start = row.index(part.rstrip())
            # The cursor shows where the next character goes: right after the last one.
            x = field.cursor_screen_offset.x - field.content_region.x
            assert x == start + len(part), (part, row, x)
            # The painted number is on the left of the Arabic words, as it is read.
            assert row.index(shown(PREFIX.strip())) > start
        assert field.value == PREFIX + number


# --- 2. the resume list reads in order in every language -------------------------------------


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The laptop's clock in UTC: the list shows times in its time zone, with the offset."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("lang", LANGS)
async def test_the_resume_list_reads_in_order(make_app, painted_rows, store, seed, utc, lang):
    from guide.tui.screens.resume import ResumeScreen

    store.initialise("correct horse")
    seed(
        [
            {"kind": "answer", "question": "immediate_danger", "value": "no"},
            {"kind": "answer", "question": "consent_given", "value": "yes"},
            {"kind": "answer", "question": "age_band", "value": "adult"},
            {"kind": "case", "reference": "PJ-2026/14"},
        ],
        language="ar",
    )
    app = make_app(lang, store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        assert isinstance(app.screen, ResumeScreen)
        set_language(lang)
        (row,) = [r for r in painted_rows(app) if "28/11/2026" in r]
        answers = {"en": "3 answers", "fr": "3 réponses", "ar": "3 أجوبة"}[lang]
        # The offset of the time zone reads "+00:00", never "00:00+".
        assert "+00:00" in row and "00:00+" not in row
        assert "PJ-2026/14" in "\n".join(painted_rows(app))  # the reference as typed
        language, count_shown = shown("العربية"), shown(answers)
        assert language in row and count_shown in row
        if lang == "ar":
            # Read from the right: number, started, date, time, zone; then the language,
            # the count, the case.
            assert row.index("28/11/2026") > row.index("10:00") > row.index("+00:00")
            assert row.index(language) > row.index(count_shown) > row.index("PJ-2026/14")
            assert "PJ-2026/14" in row
            assert row.rstrip(" █").endswith(".1")
        else:
            # Read from the left, the count after the language's name: "· العربية · 3 …".
            assert f"· {language} · {answers}" in row
            assert row.index("28/11/2026") < row.index("10:00") < row.index("+00:00")
            assert row.lstrip(" █").startswith("1. ")


def test_a_time_in_arabic_keeps_each_number_and_the_offset_in_order(utc):
    from guide.tui.screens.resume import readable_time

    text = readable_time("2026-11-28T10:00:00Z", "ar")
    painted = visual_lines(text, 80, rtl=True)[0].text.strip()
    assert "+00:00" in painted and "00:00+" not in painted
    assert painted.index("28/11/2026") > painted.index("10:00") > painted.index("+00:00")
    for lang in ("fr", "en"):
        painted = visual_lines(readable_time("2026-11-28T10:00:00Z", lang), 80)[0].text
        assert painted.replace("\u00a0", " ") in (
            "28/11/2026 10:00 (UTC+00:00)",
            "28/11/2026, 10:00 (GMT+00:00)",
        )
