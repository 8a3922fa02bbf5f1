"""The Darija panel beneath the Modern Standard Arabic (guide/tui/widgets/oral_layer.py).

The fixture catalog (fixtures/oral) renders the consent script (reviewed), the consent
question and the age question (unreviewed), the hours question (outdated: fuzzy) and nothing
else. Snapshots in both bidi modes; the painted cells are asserted here too, since SVG viewers
apply their own bidi to Arabic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from guide.i18n.bidi import visual_lines
from guide.i18n.oral import OralTexts

ORAL_FIXTURE = Path(__file__).parent / "fixtures" / "oral"
TO_CONSENT = ["enter", "enter", "2"]  # safety intro, the observation answered, consent intro
TO_AGE = [*TO_CONSENT, "enter", "1"]  # consent intro, consent given: the age question
DARIJA_AGE = "شحال فعمرك؟"
DARIJA_CONSENT = "غادي نسولك شي أسئلة على الخدمة ديالك"


def _app(make_app: Any, lang: str, **kwargs: Any) -> Any:
    app = make_app(lang, **kwargs)
    app.oral_texts = OralTexts(ORAL_FIXTURE)
    return app


def _shown(text: str, width: int = 90) -> str:
    """A fragment of Arabic as the app-mode bidi paints it (visual order, shaped)."""
    return visual_lines(text, width)[0].text.strip()


def _panel_text(app: Any) -> str:
    return app.screen.query_one("#oral-text-ary").text


def _row_of(rows: list[str], fragment: str) -> int:
    found = [i for i, row in enumerate(rows) if fragment in row]
    assert found, f"{fragment!r} not painted:\n" + "\n".join(rows)
    return found[0]


# --- snapshots ----------------------------------------------------------------------------


@pytest.mark.parametrize("bidi", ["app", "terminal"])
@pytest.mark.parametrize(
    ("ui", "screen"),
    [("ar", "question"), ("ar", "intro_consent"), ("fr", "question"), ("ar", "outdated")],
)
def test_darija_panel(snap_compare, make_app, bidi, ui, screen):
    keys = {
        "question": [*TO_AGE, "t"],
        "intro_consent": [*TO_CONSENT, "t"],
        "outdated": [*TO_AGE, "t", "2", "1", "4"],  # to the number question, whose text changed
    }[screen]
    app = _app(make_app, ui, person_lang="ar", bidi=bidi)
    assert snap_compare(app, press=keys, terminal_size=(100, 30))


def test_darija_panel_at_80x24(snap_compare, make_app):
    app = _app(make_app, "ar")
    assert snap_compare(app, press=[*TO_AGE, "t"], terminal_size=(80, 24))


# --- behaviour, on the painted cells --------------------------------------------------------


async def test_off_at_first_then_beneath_the_arabic_with_the_unreviewed_mark(
    make_app, painted_rows
):
    app = _app(make_app, "ar")
    async with app.run_test(size=(100, 30)) as pilot:
        for key in TO_AGE:
            await pilot.press(key)
            await pilot.pause()
        rows = painted_rows(app)
        assert not any(_shown(DARIJA_AGE) in row for row in rows)  # off until asked for
        assert "T" in rows[-2] + rows[-1] and _shown("الدارجة") in "\n".join(rows[-3:])
        await pilot.press("t")
        await pilot.pause()
        rows = painted_rows(app)
        msa = _row_of(rows, _shown("كم عمرك؟"))
        mark = _row_of(rows, _shown("الدارجة · غير مراجَع"))
        darija = _row_of(rows, _shown(DARIJA_AGE))
        assert msa < mark < darija  # beneath the Modern Standard Arabic, never instead
        # right to left: the Darija ends at the right edge of its pane, like the question
        assert rows[darija].rstrip().endswith(_shown(DARIJA_AGE) + "  ▎") or rows[
            darija
        ].rstrip().endswith(_shown(DARIJA_AGE))


async def test_terminal_mode_gives_the_terminal_logical_order(make_app, painted_rows):
    app = _app(make_app, "ar", bidi="terminal")
    async with app.run_test(size=(100, 30)) as pilot:
        for key in [*TO_AGE, "t"]:
            await pilot.press(key)
            await pilot.pause()
        painted = "\n".join(painted_rows(app))
        assert DARIJA_AGE in painted  # logical order, unshaped: the terminal does the bidi
        assert "الدارجة · غير مراجَع" in painted


async def test_stays_on_for_the_next_question_and_says_when_there_is_none(make_app, painted_rows):
    app = _app(make_app, "en", person_lang="ar")
    async with app.run_test(size=(100, 30)) as pilot:
        for key in [*TO_AGE, "t", "2"]:  # Darija on, then answer: the number question
            await pilot.press(key)
            await pilot.pause()
        painted = "\n".join(painted_rows(app))
        # its English changed since the Darija was written (fuzzy): not shown, and said so
        assert "Darija · outdated" in painted
        assert _panel_text(app).startswith("The spoken version is being revised after a change")
        assert _shown("شحال من ساعة") not in painted
        await pilot.press("1", "4", "enter")  # the next question has no Darija yet
        await pilot.pause()
        painted = "\n".join(painted_rows(app))
        assert "Darija · not written yet" in painted
        assert _panel_text(app) == "No spoken version of this text yet: read the Arabic text above."
        await pilot.press("t")
        await pilot.pause()
        assert "Darija" not in "\n".join(painted_rows(app)[:-3])  # off again


async def test_a_reviewed_rendering_has_no_mark(make_app, painted_rows):
    app = _app(make_app, "fr", person_lang="ar")
    async with app.run_test(size=(100, 30)) as pilot:
        for key in [*TO_CONSENT, "t"]:
            await pilot.press(key)
            await pilot.pause()
        rows = painted_rows(app)
        darija = _row_of(rows, _shown(DARIJA_CONSENT))
        label = rows[darija - 1]
        assert "Darija" in label and "non relu" not in label


async def test_not_offered_for_a_person_in_french_nor_under_an_observation(make_app, painted_rows):
    app = _app(make_app, "fr")
    async with app.run_test(size=(100, 30)) as pilot:
        for key in [*TO_AGE, "t"]:
            await pilot.press(key)
            await pilot.pause()
        painted = "\n".join(painted_rows(app))
        assert "T Darija" not in painted and "Darija ·" not in painted
        assert "Aucune version parlée" in painted  # the key says why it does nothing
    app = _app(make_app, "ar")
    async with app.run_test(size=(100, 30)) as pilot:
        for key in ["enter", "enter", "t"]:  # the first question: the officer's observation
            await pilot.press(key)
            await pilot.pause()
        assert not app.screen.query_one("#oral").display


async def test_help_lists_the_key(make_app, painted_rows):
    app = _app(make_app, "en")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        painted = "\n".join(painted_rows(app))
        assert "Show or hide the spoken version (Darija) under a text read aloud" in painted
