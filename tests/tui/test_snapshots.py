"""Snapshots of every screen in Arabic, French and English (pytest-textual-snapshot).

SVG viewers apply their own bidi to Arabic, so the pictures are for layout review; the
painted Arabic cells are asserted in test_wizard.py.
"""

from __future__ import annotations

import pytest

TO_PROFILE = ["enter", "enter", "2", "enter", "1"]
SCREENS = {
    "start": [],
    "intro_safety": ["enter"],
    "question_observe": ["enter", "enter"],
    "urgent": ["enter", "enter", "1"],
    "intro_consent": ["enter", "enter", "2"],
    "question_choice": TO_PROFILE,
    "question_number": [*TO_PROFILE, "2", "1", "5"],
    "result": [*TO_PROFILE, "2", "1", "4", "enter", "2", "1", "1", "d"],
    "help": ["f1"],
    "emergency": ["f2"],
    "language": [*TO_PROFILE, "l"],
    "quit": ["ctrl+q"],
    "cover": [*TO_PROFILE, "escape"],
}


def settled(keys):
    """The keys, then every worker done (the result's search for what could change it
    runs in a thread): the picture is of the screen as it ends, never half-way."""

    async def run_before(pilot):
        await pilot.pause()
        await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_screen(snap_compare, make_app, lang, screen):
    app = make_app(lang)
    assert snap_compare(app, run_before=settled(SCREENS[screen]), terminal_size=(100, 30))


SMALL = {
    "question": TO_PROFILE,
    "intro_consent": ["enter", "enter", "2"],
    "review": [*TO_PROFILE, "2", "1", "4", "enter", "d", "v"],
    "result": [*TO_PROFILE, "2", "1", "4", "enter", "2", "1", "1", "d"],
    "urgent_result": ["enter", "enter", "1", "enter", "enter", "2"],
    "notes": [*TO_PROFILE, "o"],
    "help": [*TO_PROFILE, "f1"],
}


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
@pytest.mark.parametrize("screen", sorted(SMALL))
def test_at_80x24(snap_compare, make_app, lang, screen):
    """Every screen usable at 80x24; where text is cut, the key bar says PgDn."""
    app = make_app(lang)
    assert snap_compare(app, run_before=settled(SMALL[screen]), terminal_size=(80, 24))


@pytest.mark.parametrize("screen", ["question", "intro_consent", "review"])
@pytest.mark.parametrize(("ui", "person"), [("fr", "ar"), ("ar", "fr"), ("en", "ar")])
def test_two_languages_at_80x24(snap_compare, make_app, ui, person, screen):
    app = make_app(ui, person_lang=person)
    assert snap_compare(app, press=SMALL[screen], terminal_size=(80, 24))


def test_two_languages(snap_compare, make_app):
    app = make_app("fr", person_lang="ar")
    assert snap_compare(app, press=TO_PROFILE, terminal_size=(120, 30))


def test_high_contrast(snap_compare, make_app):
    from guide.tui.options import WizardOptions

    app = make_app("en")
    app.options = WizardOptions(lang="en", theme="high-contrast")
    assert snap_compare(app, press=TO_PROFILE, terminal_size=(100, 30))


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
@pytest.mark.parametrize("first_use", [True, False])
def test_passphrase(snap_compare, make_app, store, lang, first_use):
    if not first_use:
        store.initialise("correct horse")
    app = make_app(lang, store=store)
    assert snap_compare(app, press=["enter", "_"], terminal_size=(100, 30))


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_resume_offer(snap_compare, make_app, store, seed, lang):
    store.initialise("correct horse")
    seed([{"kind": "answer", "question": "immediate_danger", "value": "no"}], language="fr")
    app = make_app(lang, store=store)

    async def unlock(pilot):
        await pilot.press("enter", *"correct horse", "enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=unlock, terminal_size=(100, 30))
