"""F2 and the urgent dialog at 80x24 on the shipped guide: the trafficking hotline and the
child line are on the first view, the close key always shows (with "PgDn More below" while
text is below), every unchecked number keeps its "to verify before use", and a contact's
verification is said once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from guide.i18n import set_language
from guide.report.result_view import TO_VERIFY
from guide.tui.screens.emergency import EmergencyScreen
from guide.tui.screens.question import QuestionScreen
from guide.tui.text import _
from tests.tui.test_officer_day import press_all

SHIPPED = Path(__file__).resolve().parents[2] / "indicators"
LANGS = ["ar", "fr", "en"]


@pytest.fixture(scope="module")
def shipped() -> Any:
    from guide.loader import load_guide

    result = load_guide(SHIPPED, with_tests=False)
    assert result.guide is not None
    return result.guide


def make(shipped: Any, lang: str) -> Any:
    from guide.tui.app import DalilApp
    from guide.tui.options import WizardOptions
    from guide.tui.session_link import SessionLink

    options = WizardOptions(lang=lang, bidi="app")
    return DalilApp(options, link=SessionLink(enabled=False), guide=shipped, environ={})


def rows(app: Any) -> str:
    """The painted screen, row by row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def close_hint_row(app: Any) -> str:
    return app.screen.query_one("#close-hint").text


@pytest.mark.parametrize("lang", LANGS)
async def test_f2_at_80x24_shows_the_hotline_and_the_close_key(shipped, lang):
    app = make(shipped, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, ["f2"])
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EmergencyScreen)
        painted = rows(app)
        hotline = shipped.contacts["trafficking_hotline"]
        child = shipped.contacts["child_helpline"]
        # on the first view, without scrolling (digits as painted, whatever the direction)
        digits = ["".join(ch for ch in row if ch.isdigit()) for row in painted.splitlines()]
        for phone in (hotline.phone, child.phone):
            assert any(phone.replace(" ", "") in row for row in digits), painted
        set_language(lang)
        mark, close = _(TO_VERIFY), _("Enter: close")
        assert close in close_hint_row(app)
        assert _("More below") in close_hint_row(app)  # the notes are below: said
        for cid, line in zip(shipped.emergency_contacts, screen.contacts, strict=True):
            contact = shipped.contacts[cid]
            # never an unchecked number shown as checked, and the check said once
            assert (mark in line) is not contact.is_verified
            assert line.count(contact.verified or mark) <= 1
            assert contact.verified is None or line.count("2026") == 1
        assert any(mark in line for line in screen.contacts)
        assert screen.query_one("#verify-legend").text.count(mark) == 1
        # the guide's notes come once, after the list
        notes = [c.note for c in shipped.contacts.values() if c.note]
        assert notes and not any("—" in line and "2026-" in line for line in screen.contacts)
        await press_all(pilot, ["end"])
        assert close in close_hint_row(app)
        assert _("More below") not in close_hint_row(app)
        painted = rows(app)
        assert close.replace("\u00a0", " ") in painted.replace("\u00a0", " ") or lang == "ar"
        await press_all(pilot, ["enter"])
        assert not isinstance(app.screen, EmergencyScreen)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_urgent_dialog_at_80x24_keeps_its_continue_key_in_view(shipped, lang):
    app = make(shipped, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, ["enter"])
        assert app.session is not None
        # the first question asks about danger here and now (after the introduction)
        for _step in range(5):
            if isinstance(app.screen, QuestionScreen):
                break
            await press_all(pilot, ["enter"])
        assert app.session.current().id == "immediate_danger"
        await press_all(pilot, ["1"])  # yes
        screen = app.screen
        assert isinstance(screen, EmergencyScreen) and screen.urgent
        set_language(lang)
        assert _("Enter: continue the interview") in close_hint_row(app)
        assert _("More below") in close_hint_row(app)
        # the hint is on the dialog's last row, painted
        hint_region = screen.query_one("#close-hint").region
        assert 0 < hint_region.y < 24 and hint_region.height >= 1
