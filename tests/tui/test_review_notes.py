"""Review and jump, notes and case details, the result at a glance, resume and finish, one
screen updated in place: in Arabic, French and English on the fixture guide."""

from __future__ import annotations

from typing import Any

import pytest

from guide.tui.screens.notes import CaseScreen, NoteScreen
from guide.tui.screens.question import QuestionScreen
from guide.tui.screens.result import ResultScreen
from guide.tui.screens.resume import ResumeScreen
from guide.tui.screens.review import ReviewRow, ReviewScreen
from guide.tui.screens.start import StartScreen

TO_PROFILE = ["enter", "enter", "2", "enter", "1"]
LANGS = ["ar", "fr", "en"]
# adult, 14 hours, job not as promised, paid, documents kept, threatened: don't know
REASONABLE = [*TO_PROFILE, "2", "1", "4", "enter", "2", "1", "1", "d"]


async def press_all(pilot: Any, keys: list[str]) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def type_text(pilot: Any, text: str) -> None:
    for character in text:
        await pilot.press(character)
    await pilot.pause()


def current_id(app: Any) -> str | None:
    question = app.session.current()
    return question.id if question else None


async def unlock(app: Any, pilot: Any, passphrase: str = "correct horse") -> None:
    await pilot.press("enter", *passphrase, "enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


# --- review and jump -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_review_lists_every_answer_by_part_and_jumps_back_in_a_few_keys(
    make_app, painted_rows, lang
):
    app = make_app(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # adult, 14 hours, job: don't know, paid: yes -> documents_kept is next
        await press_all(pilot, [*TO_PROFILE, "2", "1", "4", "enter", "d", "1"])
        assert current_id(app) == "documents_kept"
        await press_all(pilot, ["v"])
        assert isinstance(app.screen, ReviewScreen)
        rows = list(app.screen.query(ReviewRow))
        assert [r.question_id for r in rows] == [
            "immediate_danger",
            "consent_given",
            "age_band",
            "hours_per_day",
            "job_as_promised",
            "paid_as_promised",
        ]
        assert [r.unknown for r in rows] == [False, False, False, False, True, False]
        # Grouped by part: the part titles are painted between the answers.
        titles = [w.text for w in app.screen.query(".section")]
        assert len(titles) == 4
        # U goes to the unknown one; Enter jumps; the answer brings the review back.
        keys = ["u", "enter"]
        await press_all(pilot, keys)
        assert isinstance(app.screen, QuestionScreen)
        assert current_id(app) == "job_as_promised"
        await press_all(pilot, ["2"])  # change: not as promised
        keys.append("2")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.focused_question() == "job_as_promised"
        assert not any(r.unknown for r in app.screen.query(ReviewRow))
        await press_all(pilot, ["c"])
        keys.append("c")
        assert current_id(app) == "documents_kept"  # back where the interview stood
        assert len(keys) + 1 <= 5  # V, U, Enter, 2, C: five keys, not eighty
        assert app.session.previous_value(app.guide.question("job_as_promised")) == "no"


async def test_review_moves_with_arrows_and_page_keys(make_app):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, "2", "1", "4", "enter", "1", "1", "v"])
        assert app.screen.focused_question() == "paid_as_promised"  # the latest
        await press_all(pilot, ["up", "up"])
        assert app.screen.focused_question() == "hours_per_day"
        await press_all(pilot, ["home"])
        assert app.screen.focused_question() == "immediate_danger"
        await press_all(pilot, ["end", "enter"])
        assert current_id(app) == "paid_as_promised"


async def test_a_jump_is_journalled_and_resume_keeps_every_answer(make_app, store, journal):
    store.initialise("correct horse")
    app = make_app("en", store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, [*TO_PROFILE[1:], "2", "1", "4", "enter", "1", "v", "up", "enter"])
        assert current_id(app) == "hours_per_day"
        await press_all(pilot, ["1", "0", "enter"])
    events = journal()
    assert {"kind": "jump", "question": "hours_per_day"} in events
    assert not any(e["kind"] in ("back", "forward") for e in events)
    again = make_app("en", store=store)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await unlock(again, pilot)
        await press_all(pilot, ["1"])  # the resume list: the first
        assert again.session.previous_value(again.guide.question("hours_per_day")) == 10
        assert current_id(again) == "paid_as_promised"


# --- notes and case details ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_notes_and_case_details_are_journalled_shown_and_reported(
    make_app, painted_rows, store, tmp_path, monkeypatch, lang, journal
):
    folder = tmp_path / "reports"
    monkeypatch.setenv("DALIL_REPORTS_DIR", str(folder))
    store.initialise("correct horse")
    app = make_app(lang, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        assert current_id(app) == "age_band"
        await press_all(pilot, ["o"])
        assert isinstance(app.screen, NoteScreen)
        await type_text(pilot, "Looks younger")
        await press_all(pilot, ["enter"])  # to the observations field
        await type_text(pilot, "Man waiting outside")
        await press_all(pilot, ["enter"])  # saved
        assert isinstance(app.screen, QuestionScreen)
        painted = "\n".join(painted_rows(app))
        assert "Looks younger" in painted  # the note is shown under the answers
        await press_all(pilot, ["i"])
        assert isinstance(app.screen, CaseScreen)
        await type_text(pilot, "PJ-2026-114")
        await press_all(pilot, ["enter"])
        await type_text(pilot, "Tanger")
        await press_all(pilot, ["enter"])
        await type_text(pilot, "B-9")
        await press_all(pilot, ["enter"])
        assert isinstance(app.screen, QuestionScreen)
    events = journal()
    assert {"kind": "note", "question": "age_band", "text": "Looks younger"} in events
    assert {"kind": "note", "question": None, "text": "Man waiting outside"} in events
    assert {"kind": "case", "reference": "PJ-2026-114", "place": "Tanger", "officer": "B-9"} in (
        events
    )
    # A resumed interview has them again; the resume list shows the case reference.
    again = make_app(lang, store=store)
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(again, pilot)
        assert isinstance(again.screen, ResumeScreen)
        assert again.screen.unfinished[0].reference == "PJ-2026-114"
        await press_all(pilot, ["enter"])  # Enter resumes the highlighted (newest) one
        assert current_id(again) == "age_band"
        assert again.session.note_for("age_band") == "Looks younger"
        assert again.session.case["place"] == "Tanger"


async def test_case_details_and_notes_reach_the_exported_report(
    make_app, store, tmp_path, monkeypatch
):
    folder = tmp_path / "reports"
    monkeypatch.setenv("DALIL_REPORTS_DIR", str(folder))
    app = make_app("en")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*REASONABLE, "i"])
        await type_text(pilot, "PJ-77")
        await press_all(pilot, ["enter", "enter", "enter", "e"])
    (markdown,) = folder.glob("*.md")
    assert "PJ-77" in markdown.read_text(encoding="utf-8")


# --- the result at a glance ----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_danger_is_never_green_and_comes_first(make_app, painted_rows, lang):
    app = make_app(lang)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        # immediate danger: yes -> urgent dialog; then no consent -> the result
        await press_all(pilot, ["enter", "enter", "1", "enter", "enter", "2"])
        assert isinstance(app.screen, ResultScreen)
        verdict = app.screen.query_one("#verdict")
        assert verdict.has_class("-urgent")
        children = list(app.screen.query_one("#result").children)
        ids = [c.id for c in children]
        assert ids.index("urgent-banner") < ids.index("verdict")
        # What to do comes before the elements.
        steps = app.screen.query_one("#steps")
        first_element = app.screen.query_one("#element-1")
        assert children.index(steps) < children.index(first_element)


def _severity(level: str, urgent: bool = False, immediate: bool = False) -> str:
    from types import SimpleNamespace as NS

    step = NS(step=NS(urgency="immediate" if immediate else "soon"))
    assessment = NS(verdict=NS(verdict=NS(level=level)), urgent=urgent, steps=[step])
    return ResultScreen.severity(NS(assessment=assessment))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("level", "urgent", "immediate", "expected"),
    [
        ("none", True, False, "-urgent"),  # "no indicators" above "act now": red
        ("low", False, True, "-urgent"),  # an immediate step: red
        ("unknown", False, False, "-unknown"),  # not assessed (no consent): amber, not green
        ("high", False, False, "-high"),
        ("medium", False, False, "-medium"),
        ("low", False, False, "-low"),
        ("none", False, False, "-low"),
    ],
)
def test_the_verdict_colour_follows_severity(level, urgent, immediate, expected):
    assert _severity(level, urgent, immediate) == expected


def test_the_shipped_no_consent_verdict_is_not_green():
    from guide.loader import load_guide
    from guide.paths import default_guide_dir

    guide = load_guide(default_guide_dir(), with_tests=False).guide
    verdict = next(v for v in guide.verdicts if v.id == "not_assessed_no_consent")
    assert _severity(verdict.level) != "-low"


async def test_the_other_unknowns_are_folded(make_app):
    app = make_app("en")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, "2", "s", "s", "s", "s", "s"])
        assert isinstance(app.screen, ResultScreen)
        rest = app.screen.query("#unknowns-rest")
        if rest:
            assert not rest.first().has_class("-open")
            await press_all(pilot, ["u"])
            assert rest.first().has_class("-open")


# --- resume and finish ---------------------------------------------------------------------


async def test_back_from_the_result_reopens_and_only_f_finishes(make_app, store, journal):
    store.initialise("correct horse")
    app = make_app("en", store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, [*REASONABLE[1:]])
        assert isinstance(app.screen, ResultScreen)
        assert app.link.unfinished()  # the result is shown, the interview is still open
        await press_all(pilot, ["b", "1"])  # back, answer on
        assert isinstance(app.screen, ResultScreen)
        assert app.link.unfinished()
        await press_all(pilot, ["f"])
        assert isinstance(app.screen, StartScreen)
        assert app.session is None
        assert not app.link.unfinished()
    events = journal()
    assert events[-1] == {"kind": "finished"}
    assert not any(e["kind"] == "result_shown" for e in events)


# --- one frame per key press ---------------------------------------------------------------


async def test_the_question_screen_is_updated_in_place(make_app, painted_rows):
    app = make_app("fr")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, "2"])
        screen = app.screen
        assert isinstance(screen, QuestionScreen) and current_id(app) == "hours_per_day"
        await press_all(pilot, ["8", "enter", "1", "2"])
        assert app.screen is screen  # the same screen, its texts replaced
        assert current_id(app) == "documents_kept"
        painted = "\n".join(painted_rows(app))
        assert "passeport" in painted
        assert "combien d'heures" not in painted.lower()


def test_gc_is_collected_when_the_officer_reads(make_app):
    import gc

    app = make_app("en")
    try:
        app.tune_gc()
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


# --- small terminals -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
async def test_cut_text_shows_a_scroll_cue_and_pgdn_scrolls(make_app, painted_rows, lang):
    app = make_app(lang, person_lang="ar" if lang != "ar" else "fr")
    async with app.run_test(size=(80, 14)) as pilot:
        await pilot.pause()
        await press_all(pilot, TO_PROFILE)
        await pilot.pause(0.1)
        bar = app.screen.query_one("#keys")
        assert any(key == "PgDn" for key, _label in bar.keys)
        scroller = app.screen._scrollers()[0]
        await press_all(pilot, ["pagedown"])
        assert scroller.scroll_y > 0
