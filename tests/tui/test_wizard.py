"""Whole interviews driven through the wizard with Pilot, on the fixture guide."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest

from guide.i18n.bidi import visual_lines
from guide.tui.screens.confirm_quit import ConfirmQuitScreen
from guide.tui.screens.cover import CoverScreen
from guide.tui.screens.emergency import EmergencyScreen
from guide.tui.screens.help import HelpScreen
from guide.tui.screens.intro import IntroScreen
from guide.tui.screens.passphrase import session_error_text
from guide.tui.screens.question import QuestionScreen
from guide.tui.screens.result import ResultScreen
from guide.tui.screens.start import StartScreen

# From the start screen: safety intro, no danger, consent intro, consent given.
TO_PROFILE = ["enter", "enter", "2", "enter", "1"]
PATHS = {
    # adult, 14 hours, job not as promised, paid, documents kept, not threatened
    "reasonable_grounds": [*TO_PROFILE, "2", "1", "4", "enter", "2", "1", "1", "2"],
    # adult, 8 hours, job as promised, not paid as promised, documents not kept, no threats
    "assess_further": [*TO_PROFILE, "2", "8", "enter", "1", "2", "2", "2"],
    # no consent: the remaining modules do not apply
    "stay_alert": ["enter", "enter", "2", "enter", "2"],
}


async def unlocked(pilot: Any) -> None:
    """Wait for the passphrase check, which runs in a worker thread."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press_all(pilot: Any, keys: list[str]) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


def current_id(app: Any) -> str | None:
    question = app.session.current()
    return question.id if question else None


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
@pytest.mark.parametrize("verdict", sorted(PATHS))
async def test_interview_reaches_each_verdict(make_app, painted_rows, lang, verdict):
    app = make_app(lang)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await press_all(pilot, PATHS[verdict])
        assert isinstance(app.screen, ResultScreen)
        assert app.screen.assessment.verdict.verdict.id == verdict
        title = app.texts.verdict_title(app.screen.assessment.verdict.verdict, lang)
        painted = "\n".join(painted_rows(app))
        # The verdict is painted in the interview's language, as the terminal shows it.
        assert visual_lines(title, 96)[0].text.strip() in painted


async def test_back_change_skip_dont_know_and_declined_are_journaled(make_app, store, journal):
    store.initialise("correct horse")
    app = make_app("en", store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await press_all(pilot, ["enter"])
        await pilot.pause()
        # The passphrase screen.
        await pilot.press(*"correct horse", "enter")
        await unlocked(pilot)
        await press_all(pilot, [*TO_PROFILE[1:], "1"])  # age: under 18
        assert current_id(app) == "hours_per_day"
        await press_all(pilot, ["b"])
        assert current_id(app) == "age_band"
        await press_all(pilot, ["2"])  # change to adult
        assert current_id(app) == "hours_per_day"
        await press_all(pilot, ["s"])  # skip the hours
        await press_all(pilot, ["d", "r"])  # don't know, declined
        assert current_id(app) == "documents_kept"
        assert app.session.interview.answers["job_as_promised"] == "dont_know"
        assert app.session.interview.answers["paid_as_promised"] == "declined"
    events = journal()
    kinds = [e["kind"] for e in events]
    assert kinds[:3] == ["answer", "answer", "answer"]
    assert "back" in kinds and "change" in kinds and "skip" in kinds
    change = next(e for e in events if e["kind"] == "change")
    assert change == {
        "kind": "change",
        "question": "age_band",
        "value": "adult",
        "previous": "under_18",
    }
    assert events[-1] == {"kind": "answer", "question": "paid_as_promised", "value": "declined"}


async def test_urgent_answer_interrupts_then_the_interview_continues(make_app, painted_rows):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, ["enter", "enter", "1"])  # immediate danger: yes
        assert isinstance(app.screen, EmergencyScreen) and app.screen.urgent
        painted = "\n".join(painted_rows(app))
        assert "Call the police now." in painted
        # every part of a contact, as in the report: region, and the verification
        assert "Police — 19 — national — verified on 1 November 2026" in painted
        assert "(SAMU) — 141 — national — to verify" in painted  # SAMU has no verified date
        await press_all(pilot, ["enter"])
        assert isinstance(app.screen, IntroScreen)
        assert app.screen.module.id == "consent"


async def test_number_question_validates_typed_input(make_app, painted_rows):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, "2", "9", "9"])
        assert current_id(app) == "hours_per_day"
        # 99 hours a day cannot be: the second 9 is refused, the first one kept.
        assert app.screen.typed == "9"
        assert "At most 24 here: 9 was not added." in " ".join(painted_rows(app))
        await press_all(pilot, ["backspace", "1", "2", "full_stop", "5", "enter"])
        assert app.session.interview.answers["hours_per_day"] == 12.5
        assert current_id(app) == "job_as_promised"


async def test_language_switch_keeps_every_answer(make_app, painted_rows, store, journal):
    store.initialise("correct horse")
    app = make_app("en", store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"correct horse", "enter")
        await unlocked(pilot)
        await press_all(pilot, [*TO_PROFILE[1:], "2"])
        before = app.session.interview.answers
        await press_all(pilot, ["l", "2"])  # everything in French
        assert app.languages.ui == "fr" and app.languages.person == "fr"
        assert app.session.interview.answers == before
        assert isinstance(app.screen, QuestionScreen)
        assert "Combien d'heures par jour travaillez-vous ?" in "\n".join(painted_rows(app))
        await press_all(pilot, ["l", "4"])  # the person now in Arabic: both languages
        assert app.languages.two_languages
        painted = "\n".join(painted_rows(app))
        assert "Combien d'heures par jour travaillez-vous ?" in painted
        assert visual_lines("كم ساعة تعمل في اليوم؟", 60)[0].text in painted
    events = journal()
    assert {"kind": "language", "lang": "fr", "person": "ar"} in events


async def test_quick_exit_hides_everything_and_f5_brings_it_back(make_app, painted_rows):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, TO_PROFILE)
        await press_all(pilot, ["escape"])
        assert isinstance(app.screen, CoverScreen)
        painted = "\n".join(painted_rows(app))
        assert painted.strip() == "F5"  # the one way back, in a corner, nothing else
        await press_all(pilot, ["f1", "f2", "1", "ctrl+q"])  # nothing reacts behind the cover
        assert isinstance(app.screen, CoverScreen)
        assert current_id(app) == "age_band"
        await press_all(pilot, ["f5"])
        assert isinstance(app.screen, QuestionScreen)
        assert "How old are you?" in "\n".join(painted_rows(app))


async def test_help_emergency_and_quit_confirmation(make_app, painted_rows):
    app = make_app("en")
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, ["f1"])
        assert isinstance(app.screen, HelpScreen)
        await press_all(pilot, ["end"])  # every key: the list scrolls at this size
        assert "Hide the interview at once" in "\n".join(painted_rows(app))
        await press_all(pilot, ["enter", "f2"])
        assert isinstance(app.screen, EmergencyScreen) and not app.screen.urgent
        await press_all(pilot, ["enter", "ctrl+q"])
        assert isinstance(app.screen, ConfirmQuitScreen)
        await press_all(pilot, ["n"])
        assert isinstance(app.screen, StartScreen)
        await press_all(pilot, ["ctrl+q", "y"])
    assert app.return_code == 0 or app.return_code is None
    assert not app.is_running


async def test_wrong_passphrase_then_resume_an_unfinished_interview(make_app, store, journal):
    store.initialise("correct horse")
    first = make_app("fr", store=store)
    async with first.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"wrong one", "enter")
        await unlocked(pilot)
        # (in the interface language, whatever the catalogs say)
        assert first.screen.query_one("#pass-error").text == session_error_text("wrong_passphrase")
        await pilot.press(*"correct horse", "enter")
        await unlocked(pilot)
        await press_all(pilot, [*TO_PROFILE[1:], "2"])
        assert current_id(first) == "hours_per_day"
    second = make_app("en", store=store)
    async with second.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"correct horse", "enter")
        await unlocked(pilot)
        await press_all(pilot, ["1"])  # resume the first unfinished interview
        assert isinstance(second.screen, QuestionScreen)
        assert current_id(second) == "hours_per_day"
        assert second.session.interview.answers["age_band"] == "adult"
        await press_all(pilot, ["5", "enter"])
    events = journal()
    assert events[-1] == {"kind": "answer", "question": "hours_per_day", "value": 5}


async def test_result_details_expand_and_export_writes_a_text_report(
    make_app, painted_rows, tmp_path, monkeypatch
):
    folder = tmp_path / "reports"
    monkeypatch.setenv("DALIL_REPORTS_DIR", str(folder))
    monkeypatch.chdir(tmp_path)
    app = make_app("en")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await press_all(pilot, PATHS["reasonable_grounds"])
        assert "because:" not in "\n".join(painted_rows(app))
        await press_all(pilot, ["1"])
        assert "because: “Is the job the one you were promised?” → No" in "\n".join(
            painted_rows(app)
        )
        await press_all(pilot, ["e"])
        # Confirmed on screen, with the path and the one-line warning.
        from guide.tui.screens.exported import ExportedScreen

        assert isinstance(app.screen, ExportedScreen)
        shown = "\n".join(painted_rows(app))
        assert str(folder) in shown and "Not encrypted" in shown
        await press_all(pilot, ["enter"])
        assert isinstance(app.screen, ResultScreen)
    assert not list(tmp_path.glob("dalil-report-*"))  # never the current folder
    assert (folder.stat().st_mode & 0o777) == 0o700
    for written in folder.iterdir():
        assert (written.stat().st_mode & 0o777) == 0o600
    tmp_path = folder
    texts = list(tmp_path.glob("dalil-report-*.txt"))
    if importlib.util.find_spec("guide.report") is None:
        # Without the report renderers: one plain-text summary.
        assert len(texts) == 1
        report = texts[0].read_text(encoding="utf-8")
        assert "Trafficking hotline — \u20660800 00 47 47\u2069 — free call" in report
        assert "Medical emergency (SAMU) — \u2066141\u2069 — to verify before use" in report
    else:
        # With them: the Markdown and HTML reports of guide.report.
        assert not texts
        (markdown,) = tmp_path.glob("dalil-report-*.md")
        assert len(list(tmp_path.glob("dalil-report-*.html"))) == 1
        report = markdown.read_text(encoding="utf-8")
        assert "0800 00 47 47" in report
    assert "Reasonable grounds to presume trafficking" in report


async def test_arabic_cells_are_shaped_reordered_and_right_aligned(make_app, painted_rows):
    app = make_app("ar")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, TO_PROFILE)
        question = "كم عمرك؟"
        for width in (100, 60, 120):
            await pilot.resize_terminal(width, 30)
            await pilot.pause()
            widget = app.screen.query_one("#question-text")
            expected = visual_lines(question, widget.content_size.width)[0].text
            row = next(r for r in painted_rows(app) if expected in r)
            # Right-aligned: the painted text ends at the right edge of its pane.
            region = widget.content_region
            assert (
                row[region.x : region.right].rstrip()
                == row[region.x : region.right].strip().rjust(region.width).rstrip()
            )
            assert row[region.x : region.right].endswith(expected)
        # Shaped presentation forms are painted, never the logical letters.
        assert "ﻙﺮﻤﻋ ﻢﻛ" in "\n".join(painted_rows(app))


async def test_arabic_layout_swaps_back_and_next(make_app, painted_rows):
    app = make_app("ar")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, TO_PROFILE)
        back = app.screen.query_one("#nav-back").painted_lines()[0].strip()
        forward = app.screen.query_one("#nav-next").painted_lines()[0].strip()
        nav = next(r for r in painted_rows(app) if back in r and forward in r)
        assert nav.index(forward) < nav.index(back)
        assert nav.rstrip().endswith(back)
        # The arrow on the right goes back in Arabic.
        await press_all(pilot, ["2", "right"])
        assert current_id(app) == "age_band"


async def test_an_answer_note_is_shown_to_the_officer(make_app):
    app = make_app("en")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, "2", "8", "enter", "1", "1", "2"])
        assert current_id(app) == "threatened"
        assert not app._notifications
        await press_all(pilot, ["1"])
        # On the next screen (here the result), where the officer looks; never a toast.
        assert not app._notifications
        assert app.screen.query_one("#officer-note").text == "Offer to stop for a moment."


async def test_the_result_scrolls_with_the_keyboard_at_80x24(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*PATHS["reasonable_grounds"], "a"])  # all details open
        scroller = app.screen.query_one("#result")
        assert scroller.max_scroll_y > 0
        await press_all(pilot, ["pagedown"])
        assert scroller.scroll_y > 0


async def test_a_number_given_before_is_shown_and_replaced_by_typing(make_app):
    app = make_app("en")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, "2", "1", "4", "enter", "b"])
        assert current_id(app) == "hours_per_day"
        assert app.screen.typed == "14"
        await press_all(pilot, ["enter"])  # unchanged: confirmed as it was
        assert app.session.interview.answers["hours_per_day"] == 14
        await press_all(pilot, ["b", "9", "enter"])
        assert app.session.interview.answers["hours_per_day"] == 9


async def test_urgent_answers_are_journaled(make_app, store, journal):
    store.initialise("correct horse")
    app = make_app("en", store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"correct horse", "enter")
        await unlocked(pilot)
        await press_all(pilot, ["enter", "1"])
        assert isinstance(app.screen, EmergencyScreen)
    events = journal()
    assert events == [
        {"kind": "answer", "question": "immediate_danger", "value": "yes"},
        {"kind": "urgent", "question": "immediate_danger", "value": "yes"},
    ]


async def test_sessions_resume_goes_straight_back_with_a_passphrase_file(
    make_app, store, tmp_path, seed
):
    store.initialise("correct horse")
    interview = seed(
        [
            {"kind": "answer", "question": "immediate_danger", "value": "no"},
            {"kind": "answer", "question": "consent_given", "value": "yes"},
        ]
    )
    secret = tmp_path / "passphrase.txt"
    secret.write_text("correct horse\n", encoding="utf-8")
    secret.chmod(0o600)  # a passphrase file others can read is refused (i16)
    app = make_app("en", store=store)
    app.options = app.options._replace(resume=interview, passphrase_file=secret)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await unlocked(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert current_id(app) == "age_band"
