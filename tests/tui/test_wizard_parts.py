"""The wizard's small parts: command-line options, terminal detection, the journal link."""

from __future__ import annotations

import io
import sys

import pytest

from guide.cli import build_parser
from guide.commands.wizard import run_wizard
from guide.i18n.bidi import BidiMode
from guide.sessions.errors import SessionBusy, message_for
from guide.tui.session_link import SessionError, SessionLink
from guide.tui.terminal import (
    IMPLICIT_BIDI_OFF,
    IMPLICIT_BIDI_ON,
    choose_bidi_mode,
    explicit_bidi,
    honours_bidi_mode_switch,
)


def test_top_level_wizard_options_parse():
    args = build_parser().parse_args(
        ["--lang", "ar", "--person-lang", "fr", "--guide", "x", "--bidi", "terminal"]
    )
    assert (args.lang, args.person_lang, str(args.guide), args.bidi) == (
        "ar",
        "fr",
        "x",
        "terminal",
    )
    assert args.theme == "default"
    assert build_parser().parse_args([]).bidi == "auto"


def test_unknown_language_is_refused(capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--lang", "de"])
    assert "invalid choice" in capsys.readouterr().err


def test_missing_guide_folder_gives_a_message_not_a_traceback(tmp_path, capsys):
    args = build_parser().parse_args(["--guide", str(tmp_path / "nowhere")])
    assert run_wizard(args) == 2
    assert "is not a guide folder" in capsys.readouterr().err


def test_wizard_needs_a_terminal(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert run_wizard(build_parser().parse_args([])) == 2
    assert "interactive terminal" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("environ", "mode"),
    [
        ({"VTE_VERSION": "7600"}, BidiMode.TERMINAL),
        ({"KONSOLE_VERSION": "230800"}, BidiMode.TERMINAL),
        ({"TERM_PROGRAM": "mintty"}, BidiMode.TERMINAL),
        ({"TERM": "mlterm"}, BidiMode.TERMINAL),
        ({"TERM": "xterm-256color"}, BidiMode.APP),
        ({"TERM_PROGRAM": "vscode"}, BidiMode.APP),
        ({}, BidiMode.APP),
    ],
)
def test_auto_mode_follows_the_terminal(environ, mode):
    assert choose_bidi_mode("auto", environ) is mode


def test_explicit_modes_win_over_the_environment():
    assert choose_bidi_mode("app", {"VTE_VERSION": "7600"}) is BidiMode.APP
    assert choose_bidi_mode("terminal", {}) is BidiMode.TERMINAL


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_app_mode_on_vte_turns_terminal_bidi_off_and_back_on(monkeypatch):
    out = FakeTty()
    monkeypatch.setattr(sys, "stdout", out)
    with explicit_bidi(BidiMode.APP, {"VTE_VERSION": "7600"}):
        assert out.getvalue() == IMPLICIT_BIDI_OFF
    assert out.getvalue() == IMPLICIT_BIDI_OFF + IMPLICIT_BIDI_ON
    assert honours_bidi_mode_switch({"TERM_PROGRAM": "mintty"})


def test_no_escape_sequences_where_the_terminal_has_no_such_switch(monkeypatch):
    out = FakeTty()
    monkeypatch.setattr(sys, "stdout", out)
    with explicit_bidi(BidiMode.APP, {"KONSOLE_VERSION": "1"}):
        pass
    with explicit_bidi(BidiMode.APP, {"TERM": "xterm"}):
        pass
    assert out.getvalue() == ""


def test_terminal_mode_on_vte_leaves_its_bidi_on(monkeypatch):
    out = FakeTty()
    monkeypatch.setattr(sys, "stdout", out)
    with explicit_bidi(BidiMode.TERMINAL, {"VTE_VERSION": "7600"}):
        assert out.getvalue() == ""
    # On the way out the terminal's own bidi is (re)stated on, in case M switched modes.
    assert out.getvalue() == IMPLICIT_BIDI_ON


def test_link_without_a_store_records_nothing():
    link = SessionLink(enabled=False)
    assert not link.available and not link.recording
    link.start("g", "1", "en")
    link.record({"kind": "answer"})
    assert link.unfinished() == [] and link.resume("x") == []


def test_link_reports_wrong_passphrase_and_write_failures(store, disk):
    store.initialise("right one")
    link = SessionLink(store)
    with pytest.raises(SessionError, match="wrong_passphrase"):
        link.unlock("wrong")
    link.unlock("right one")
    link.start("g", "1", "en")
    disk.full = True
    # The store's own error (AnswerNotSaved), in the store's own words.
    with pytest.raises(SessionError, match=r"io:.*could not be saved"):
        link.record({"kind": "answer"})


async def test_a_click_chooses_an_answer(make_app):
    app = make_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter")
        await pilot.pause()
        await pilot.click("AnswerRow", offset=(3, 0))  # the first answer: yes
        await pilot.pause()
        assert app.session.interview.answers["immediate_danger"] == "yes"


async def unlocked(pilot) -> None:
    """Wait for the passphrase check, which runs in a worker thread."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_journal_failure_is_shown_and_the_answer_is_not_kept(
    make_app, store, journal, disk, painted_rows
):
    """A journal that cannot take the answer (the real store on a full disk) stops it: the
    question stays with the store's reason under it (tests/tui/test_store_errors.py has the
    retry, in three languages)."""
    store.initialise("correct horse")
    app = make_app("en", store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"correct horse", "enter")
        await unlocked(pilot)
        await pilot.press("enter")
        await pilot.pause()
        disk.full = True
        await pilot.press("2")
        await pilot.pause()
        assert "immediate_danger" not in app.session.interview.answers
        assert app.session.current().id == "immediate_danger"
        painted = "\n".join(painted_rows(app))
        assert "not saved" in painted and "the disk is full" in painted
    assert journal() == []  # nothing half-written: the answer is not in the journal


async def test_an_interview_open_in_another_dalil_is_not_resumed_and_the_officer_is_told(
    make_app, store, seed
):
    from guide.sessions import SessionStore
    from guide.tui.screens.resume import ResumeScreen

    store.initialise("correct horse")
    interview = seed([{"kind": "answer", "question": "immediate_danger", "value": "no"}])
    other = SessionStore(store.data_dir)  # another Dalil window, with the interview open
    other.unlock("correct horse")
    app = make_app("en", store=store)
    with other.resume(interview):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("enter", *"correct horse", "enter")
            await unlocked(pilot)
            assert isinstance(app.screen, ResumeScreen)
            await pilot.press("1")
            await pilot.pause()
            # The store's lock refused it (SessionBusy): the officer reads why, in the store's
            # own words, and stays on the list; nothing was written to the other's journal.
            said = " ".join(message_for(SessionBusy(interview)).split())
            assert said in [" ".join(n.message.split()) for n in app._notifications]
            assert isinstance(app.screen, ResumeScreen) and app.session is None


async def test_an_interview_that_cannot_be_read_is_named_on_the_resume_list(
    make_app, store, seed, painted_rows
):
    """A journal cut short (entries lost) cannot be resumed, but the officer is told it
    exists and where to see why, instead of the list leaving it out without a word."""
    from guide.tui.screens.resume import ResumeScreen

    store.initialise("correct horse")
    seed([{"kind": "answer", "question": "immediate_danger", "value": "no"}])
    cut = seed(
        [
            {"kind": "answer", "question": "immediate_danger", "value": "no"},
            {"kind": "answer", "question": "immediate_danger", "value": "dont_know"},
        ]
    )
    path = store.journal_dir / f"{cut}.journal"
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])
    app = make_app("en", store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"correct horse", "enter")
        await unlocked(pilot)
        assert isinstance(app.screen, ResumeScreen)
        painted = " ".join(" ".join(painted_rows(app)).split())
        assert "1. started" in painted and "2. started" not in painted
        assert "1 saved interview cannot be opened here" in painted
        assert "dalil sessions list" in painted


async def test_only_unreadable_interviews_still_show_the_notice_and_enter_starts_anew(
    make_app, store, seed, painted_rows
):
    from guide.tui.screens.resume import ResumeScreen

    store.initialise("correct horse")
    cut = seed([{"kind": "answer", "question": "immediate_danger", "value": "no"}])
    path = store.journal_dir / f"{cut}.journal"
    path.write_bytes(path.read_bytes()[:40])
    app = make_app("en", store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"correct horse", "enter")
        await unlocked(pilot)
        assert isinstance(app.screen, ResumeScreen)
        assert "cannot be opened here" in " ".join(" ".join(painted_rows(app)).split())
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is not None and not isinstance(app.screen, ResumeScreen)


async def test_the_guide_loads_in_a_worker_and_a_broken_one_is_explained(tmp_path, painted_rows):
    from guide.tui.app import DalilApp
    from guide.tui.options import WizardOptions

    (tmp_path / "guide.yaml").write_text("guide: [not, a, mapping\n", encoding="utf-8")
    app = DalilApp(
        WizardOptions(lang="en", guide_dir=tmp_path), link=SessionLink(enabled=False), environ={}
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.guide is None and app.guide_error
        painted = "\n".join(painted_rows(app))
        assert "The guide could not be loaded:" in painted
        assert "guide.yaml" in painted
        await pilot.press("enter")  # nothing to start
        assert type(app.screen).__name__ == "StartScreen"


async def test_the_shipped_guide_loads_off_the_ui_thread():
    from guide.tui.app import DalilApp
    from guide.tui.options import WizardOptions

    app = DalilApp(WizardOptions(lang="en"), link=SessionLink(enabled=False), environ={})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.guide is not None and app.guide_load_seconds is not None
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "QuestionScreen"


def test_an_unusable_data_folder_leaves_the_wizard_running(monkeypatch):
    import types

    def refuse(data_dir: object = None) -> None:
        raise PermissionError(13, "Permission denied")

    fake = types.ModuleType("guide.sessions")
    fake.SessionStore = refuse  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "guide.sessions", fake)
    link = SessionLink()
    assert not link.available
    assert link.problem is not None and "permission denied" in link.problem
