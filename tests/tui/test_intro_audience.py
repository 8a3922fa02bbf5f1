"""Module intros say who they are for: an officer's instruction is never framed as
read-aloud and, in two-language mode, is shown in the officer's language only."""

from __future__ import annotations

from typing import Any

import pytest

from guide.core.model import replace
from guide.tui.screens.intro import IntroScreen


@pytest.fixture
def officer_intro_guide(fixture_guide: Any) -> Any:
    guide = replace(fixture_guide)
    modules = tuple(
        replace(m, intro_for="officer") if m.id == "safety" else m for m in fixture_guide.modules
    )
    object.__setattr__(guide, "modules", modules)
    object.__setattr__(guide, "module_by_id", {m.id: m for m in modules})
    return guide


async def test_officer_intro_is_labelled_and_in_the_officer_language(
    officer_intro_guide, painted_rows
):
    from tests.tui.conftest import _make_app

    app = _make_app(officer_intro_guide, "en", person_lang="fr")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, IntroScreen) and app.screen.module.id == "safety"
        painted = "\n".join(painted_rows(app))
        assert "For the officer:" in painted
        assert "Read this to the person" not in painted
        assert "Before any question, make sure the person is safe." in painted
        assert not app.screen.query("#intro-text-ui")  # no second, person-language copy


async def test_person_intro_keeps_the_read_aloud_frame(fixture_guide, painted_rows):
    from tests.tui.conftest import _make_app

    app = _make_app(fixture_guide, "en", person_lang="fr")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, IntroScreen)
        painted = "\n".join(painted_rows(app))
        assert "Read this to the person:" in painted
        assert "For the officer:" not in painted
        assert app.screen.query("#intro-text-ui")  # the officer's language comes second


async def test_observation_question_in_the_officer_language_only(fixture_guide, painted_rows):
    from guide.tui.screens.question import QuestionScreen
    from tests.tui.conftest import _make_app

    app = _make_app(fixture_guide, "en", person_lang="fr")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # start
        await pilot.pause()
        await pilot.press("enter")  # the safety intro
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.screen.question.kind == "observe"
        painted = "\n".join(painted_rows(app))
        assert "Your own observation" in painted
        question = app.screen.question
        # one text, the officer's: the person-language copy is not shown
        assert all(not w.display for w in app.screen.query("#question-text-ui"))
        assert app.texts.question(question, "en") in painted
        assert app.texts.question(question, "fr") not in painted
