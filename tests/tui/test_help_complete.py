"""F1 at 80x24: every key of the wizard (review, notes, case details, finish, continue
included), scrollable, with the close key always shown and "More below" while keys are below."""

from __future__ import annotations

import pytest

from guide.i18n import set_language
from guide.tui.screens.help import HelpScreen, all_keys
from guide.tui.text import _
from tests.tui.test_officer_day import LANGS, TO_PROFILE, press_all


@pytest.mark.parametrize("lang", LANGS)
async def test_help_lists_every_key_and_scrolls_with_its_close_key_in_view(make_app, lang):
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, "f1"])
        screen = app.screen
        assert isinstance(screen, HelpScreen)
        set_language(lang)
        keys = {key for key, _label in all_keys()}
        assert {"V", "O", "I", "F", "C", "U", "E", "L", "G", "Esc", "F5", "F2"} <= keys
        hint = screen.query_one("#close-hint")
        close = _("Enter or F1: close    Esc: hide everything")
        assert close in hint.text and _("More below") in hint.text
        dialog = screen.query_one("#dialog")
        assert dialog.region.contains_region(hint.region)  # on the dialog's last rows
        await press_all(pilot, ["end"])
        assert close in hint.text and _("More below") not in hint.text
        last = list(screen.query(".key-line"))[-1]
        assert dialog.region.contains_region(last.region)  # the last key, now in view
        await press_all(pilot, ["home"])
        assert _("More below") in hint.text
        await press_all(pilot, ["enter"])
        assert not isinstance(app.screen, HelpScreen)
