"""80x24: the key bar never splits a key from its label (nor a label in two), and the
dialogs with fields (passphrase, notes, case details) show every field and their hints."""

from __future__ import annotations

from typing import Any

import pytest

from guide.i18n.bidi import BidiMode, visual_lines
from guide.tui.screens.notes import CaseScreen, NoteScreen
from guide.tui.screens.passphrase import PassphraseScreen
from guide.tui.text import set_language
from guide.tui.widgets.key_bar import KeyBar
from tests.tui.test_review_notes import TO_PROFILE, press_all

LANGS = ["ar", "fr", "en"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_key_and_its_label_stay_on_one_line(lang):
    from guide.tui.screens.base import global_keys

    set_language(lang)
    try:
        keys = [
            ("B", {"ar": "الرجوع إلى الأسئلة", "fr": "Retour aux questions"}.get(lang, "Back")),
            ("I", {"ar": "تفاصيل الملف", "fr": "Détails du dossier"}.get(lang, "Case details")),
            *global_keys(),
        ] * 3
        text = KeyBar.format(keys)
        for width in (40, 60, 78):
            # In logical order (terminal mode), so that each pair can be looked for as typed.
            lines = [line.text for line in visual_lines(text, width, BidiMode.TERMINAL, None)]
            plain = [line.replace("\u00a0", " ") for line in lines]
            for key, label in set(keys):
                pair = f"{key} {label}"  # every time it comes, whole on one line
                whole = sum(line.count(pair) for line in plain)
                assert whole == keys.count((key, label)), (pair, lines)
    finally:
        set_language("en")


def _texts(app: Any, painted_rows: Any) -> str:
    return "\n".join(painted_rows(app))


@pytest.mark.parametrize("lang", LANGS)
async def test_case_details_fit_at_80x24(make_app, painted_rows, store, lang):
    store.initialise("correct horse")
    app = make_app(lang, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        from tests.tui.test_review_notes import unlock

        await unlock(app, pilot)
        await press_all(pilot, [*TO_PROFILE[1:], "i"])
        assert isinstance(app.screen, CaseScreen)
        rows = painted_rows(app)
        # Every field whole (its bottom edge painted) and the save/cancel hint shown.
        assert sum(row.count("▁▁▁▁") > 0 for row in rows) == 3
        assert any("F3" in row for row in rows)
        await press_all(pilot, ["f3", "o"])
        assert isinstance(app.screen, NoteScreen)
        rows = painted_rows(app)
        assert sum(row.count("▁▁▁▁") > 0 for row in rows) == 2
        assert any("F3" in row for row in rows)


@pytest.mark.parametrize("lang", LANGS)
async def test_the_first_passphrase_fits_at_80x24(make_app, painted_rows, store, lang):
    app = make_app(lang, store=store)  # a store not set up yet: a new passphrase, twice
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, ["enter"])
        assert isinstance(app.screen, PassphraseScreen) and app.screen.first_use
        rows = painted_rows(app)
        assert sum(row.count("▁▁▁▁") > 0 for row in rows) == 2  # both fields whole
