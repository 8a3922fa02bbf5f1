"""The Arabic layout on the keyboards Moroccan officers have: on AZERTY (Windows "Arabic
(102) AZERTY") the Arabic letters sit on the same physical keys as on QWERTY, but the keys
labelled A, Q, Z, W and M there carry ض, ش, ص, ئ and ك. Every letter key the wizard uses
must work from the Arabic layout on both keyboards."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from textual.binding import Binding

import guide.tui.screens
from guide.i18n.bidi import BidiMode
from guide.tui.app import DalilApp
from guide.tui.keys import ARABIC_AZERTY_QWERTY, ARABIC_POSITIONS, LAM_ALEF_KEY, normalise_key
from guide.tui.screens.confirm_quit import ConfirmQuitScreen
from guide.tui.screens.question import QuestionScreen
from guide.tui.screens.result import ResultScreen
from tests.tui.test_review_notes import TO_PROFILE, press_all

# The Latin label of the key each Arabic letter is on, on a Moroccan AZERTY keyboard.
AZERTY_ARABIC = {"ض": "a", "ش": "q", "ص": "z", "ئ": "w", "ك": "m", "ة": "comma"}


@pytest.mark.parametrize(("letter", "label"), AZERTY_ARABIC.items())
def test_the_azerty_arabic_positions(letter, label):
    assert normalise_key(letter, keyboard="azerty") == label
    assert normalise_key(letter) == label  # AZERTY unless told or shown otherwise
    assert normalise_key(letter, keyboard="qwerty") == ARABIC_AZERTY_QWERTY[letter][1]


def test_a_screen_that_takes_only_the_qwerty_reading_gets_it():
    # ش is Q on AZERTY and A on QWERTY: where only A means something, it meant A.
    assert normalise_key("ش", bound=lambda key: key == "a") == "a"
    assert normalise_key("ش", bound=lambda key: key in ("a", "q")) == "q"
    assert normalise_key("ش", bound=lambda key: False) == "q"  # (then: "does nothing here")
    assert normalise_key("ش", bound=lambda key: key == "a", keyboard="azerty") == "q"


def _letter_bindings() -> set[str]:
    letters: set[str] = set()
    classes = [DalilApp]
    for info in pkgutil.iter_modules(guide.tui.screens.__path__):
        module = importlib.import_module(f"guide.tui.screens.{info.name}")
        classes += [c for c in vars(module).values() if isinstance(c, type)]
    for cls in classes:
        for binding in getattr(cls, "BINDINGS", []):
            keys = binding.key if isinstance(binding, Binding) else binding[0]
            letters |= {k for k in keys.split(",") if len(k) == 1 and k.isalpha()}
    return letters


@pytest.mark.parametrize("keyboard", ["azerty", "qwerty"])
def test_every_letter_the_wizard_binds_can_be_typed_on_the_arabic_layout(keyboard):
    letters = _letter_bindings()
    assert {"a", "b", "d", "m", "n", "q", "r", "s"} <= letters  # (the lookup found them)
    reachable = {normalise_key(ch, keyboard=keyboard) for ch in ARABIC_POSITIONS}
    reachable |= {normalise_key(ch, keyboard=keyboard) for ch in ARABIC_AZERTY_QWERTY}
    reachable.add(LAM_ALEF_KEY)  # the B key sends لا
    assert letters <= reachable


def test_no_screen_binds_both_readings_of_one_arabic_key():
    """Otherwise the letter alone could not say which was meant on an unknown keyboard."""
    for info in pkgutil.iter_modules(guide.tui.screens.__path__):
        module = importlib.import_module(f"guide.tui.screens.{info.name}")
        for cls in [c for c in vars(module).values() if isinstance(c, type)]:
            keys = {
                k
                for b in getattr(cls, "BINDINGS", [])
                for k in (b.key if isinstance(b, Binding) else b[0]).split(",")
            }
            for azerty, qwerty in ARABIC_AZERTY_QWERTY.values():
                assert not {azerty, qwerty} <= keys, (cls.__name__, azerty, qwerty)


async def test_arabic_azerty_keys_on_the_start_screen_and_the_quit_dialog(make_app):
    app = make_app("ar")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.bidi_mode is BidiMode.APP
        await press_all(pilot, ["ك"])  # the M key: display mode
        assert app.bidi_mode is BidiMode.TERMINAL
        await press_all(pilot, ["ctrl+q"])
        assert isinstance(app.screen, ConfirmQuitScreen)
        await press_all(pilot, ["ش"])  # the Q key: stay
        assert not isinstance(app.screen, ConfirmQuitScreen)
        assert app.is_running


async def test_arabic_azerty_a_key_opens_every_detail_of_the_result(make_app):
    app = make_app("ar")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*TO_PROFILE, "2", "s", "s", "s", "s", "s"])
        assert isinstance(app.screen, ResultScreen)
        details = list(app.screen.query(".details"))
        assert details and not any(d.has_class("-open") for d in details)
        await press_all(pilot, ["ض"])  # the A key on AZERTY-Arabic
        assert all(d.has_class("-open") for d in details)


async def test_a_qwerty_keyboard_can_be_told(make_app):
    app = make_app("ar")
    app.keyboard = "qwerty"  # DALIL_KEYBOARD=qwerty
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, ["ك"])  # the ; key there: nothing
        assert app.bidi_mode is BidiMode.APP
        await press_all(pilot, ["ة"])  # the M key on QWERTY-Arabic
        assert app.bidi_mode is BidiMode.TERMINAL


def test_the_keyboard_setting_comes_from_the_environment(fixture_guide):
    from guide.tui.options import WizardOptions
    from guide.tui.session_link import SessionLink

    def made(environ):
        return DalilApp(
            WizardOptions(lang="ar"), link=SessionLink(enabled=False), environ=environ
        ).keyboard

    assert made({"DALIL_KEYBOARD": "QWERTY"}) == "qwerty"
    assert made({"DALIL_KEYBOARD": "dvorak"}) == "auto"
    assert made({}) == "auto"


async def test_an_azerty_digit_row_tells_the_keyboard(make_app):
    app = make_app("ar")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press_all(pilot, TO_PROFILE)
        assert isinstance(app.screen, QuestionScreen)
        assert app.keyboard == "auto"
        await press_all(pilot, ["ampersand"])  # the 1 key without Shift on AZERTY
        assert app.keyboard == "azerty"
