"""An interview resumed from a wizard started in another interface language keeps the
person's language of its journal: the officer reads theirs, the questions to read aloud stay
in the person's (two-language mode)."""

from __future__ import annotations

import pytest

from guide.i18n.bidi import visual_lines
from guide.tui.screens.question import QuestionScreen
from tests.tui.test_officer_day import current_id, press_all
from tests.tui.test_wizard import unlocked

ANSWERS = [
    {"kind": "answer", "question": "immediate_danger", "value": "no"},
    {"kind": "answer", "question": "consent_given", "value": "yes"},
]


@pytest.mark.parametrize("ui", ["fr", "en"])
async def test_the_persons_arabic_comes_back_from_the_journal(
    make_app, painted_rows, store, seed, ui
):
    store.initialise("correct horse")
    seed(ANSWERS, language="ar")  # started in Arabic, one language for both
    app = make_app(ui, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"correct horse", "enter")
        await unlocked(pilot)
        await press_all(pilot, ["1"])  # the resume list: the one interview
        assert isinstance(app.screen, QuestionScreen)
        assert current_id(app) == "age_band"
        assert app.languages.ui == ui and app.languages.person == "ar"
        assert app.languages.two_languages
        painted = "\n".join(painted_rows(app))
        assert visual_lines("كم عمرك؟", 60)[0].text in painted  # read aloud in Arabic


async def test_a_language_change_in_the_journal_wins(make_app, store, seed):
    store.initialise("correct horse")
    seed([*ANSWERS, {"kind": "language", "lang": "ar", "person": "fr"}], language="ar")
    app = make_app("en", store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("enter", *"correct horse", "enter")
        await unlocked(pilot)
        await press_all(pilot, ["1"])
        assert app.languages.person == "fr"
