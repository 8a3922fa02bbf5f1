"""Arabic typed into the wizard's fields (notes, observations, case details) is painted
joined and in reading order, while the value, the cursor and what is journalled stay the
logical text the officer typed."""

from __future__ import annotations

from typing import Any

import pytest

from guide.i18n.bidi import BidiMode, visual_lines
from guide.tui.screens.notes import CaseScreen, NoteScreen
from guide.tui.widgets.bidi_input import (
    BidiInput,
    caret_cell,
    end_slot,
    index_at_cell,
    visual_clusters,
    visual_text,
)
from tests.tui.test_review_notes import TO_PROFILE, press_all, type_text, unlock

NOTE = "يبدو أصغر سنا"  # "looks younger"
PLACE = "طنجة (الميناء)"  # Tangier (the port): brackets in a right-to-left value


def test_letters_are_joined_and_put_in_reading_order():
    assert visual_text("سلام") == "\ufee1\ufefc\ufeb3"  # م لا س: lam-alef as one ligature
    assert visual_text("لا") == "\ufefb"
    assert visual_text("بِسْم") == "\ufee2\ufeb4\u0652\ufe91\u0650"  # marks stay on their letter
    # A number and a Latin reference keep their own order inside the Arabic line.
    assert visual_text("ملف 2026/14 PJ") == "PJ 2026/14 \ufed2\ufee0\ufee3"
    # Brackets are mirrored in a right-to-left run.
    assert visual_text("(نعم)") == "(\ufee2\ufecc\ufee7)"


@pytest.mark.parametrize("text", [NOTE, PLACE, "اللغة · Langue", "هل تتقاضى 16 ساعة؟", "لَا"])
def test_the_same_transform_as_every_other_arabic_line(text):
    """What a field paints is what a BidiText paints for the same text."""
    assert visual_text(text) == visual_lines(text, 200, BidiMode.APP, None)[0].text


def test_every_character_of_the_value_is_painted_once_and_found_again():
    value = "ملاحظة: لا 12 (نعم) abc"
    clusters = visual_clusters(value)
    covered = sorted(i for c in clusters for i in range(c.start, c.end))
    assert covered == list(range(len(value)))
    slot = end_slot(clusters)
    x = 0
    for index, cluster in enumerate(clusters):
        x += 1 if index == slot else 0  # the cell of the cursor at the end
        assert index_at_cell(clusters, x) == cluster.start
        assert caret_cell(clusters, cluster.start) == x
        x += cluster.cells
    # The end of the value is right after its last character, on the side it reads
    # towards: here the Latin "abc" that ends it (painted first, on the left), on its right.
    assert visual_text(value).startswith("abc ")
    assert caret_cell(clusters, len(value)) == 3
    assert index_at_cell(clusters, caret_cell(clusters, len(value))) == len(value)
    # An Arabic word at the end: on its left; a Latin value: on its right.
    assert caret_cell(visual_clusters("abc سلام"), 8) == 4
    assert caret_cell(visual_clusters("سلام"), 4) == 0
    assert caret_cell(visual_clusters("abc"), 3) == 3


def field_row(app: Any, field: BidiInput) -> str:
    """The painted characters of the field's text row (inside its border)."""
    region = field.content_region
    rows = [strip.text for strip in app.screen._compositor.render_strips()]
    return rows[region.y][region.x : region.x + region.width]


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
async def test_an_arabic_note_is_painted_joined_and_journalled_as_typed(
    make_app, painted_rows, store, journal, lang
):
    store.initialise("correct horse")
    app = make_app(lang, store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        await press_all(pilot, ["o"])
        assert isinstance(app.screen, NoteScreen)
        field = app.screen.query_one("#note", BidiInput)
        await type_text(pilot, NOTE)
        assert field.value == NOTE  # the value is the logical text
        row = field_row(app, field)
        assert visual_text(NOTE) in row  # joined, in reading order
        assert NOTE not in row  # never the raw, unjoined memory order
        assert row.rstrip().endswith(visual_text(NOTE))  # a right-to-left value on the right
        # Backspace removes the last letter typed (the leftmost one painted).
        await press_all(pilot, ["backspace"])
        assert field.value == NOTE[:-1]
        assert visual_text(NOTE[:-1]) in field_row(app, field)
        await type_text(pilot, NOTE[-1])
        await press_all(pilot, ["enter", "enter"])  # to observations, then saved
    events = journal()
    assert {"kind": "note", "question": "age_band", "text": NOTE} in events


async def test_case_details_mix_arabic_and_latin_and_keep_the_cursor_on_what_it_edits(
    make_app, store
):
    store.initialise("correct horse")
    app = make_app("ar", store=store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await unlock(app, pilot)
        await press_all(pilot, TO_PROFILE[1:])
        await press_all(pilot, ["i", "enter"])  # case details; the reference stays empty
        assert isinstance(app.screen, CaseScreen)
        field = app.screen.query_one("#case-place", BidiInput)
        await type_text(pilot, PLACE)
        assert visual_text(PLACE) in field_row(app, field)
        # In a right-to-left value the Right arrow moves towards its start: 9 presses go
        # back over "(الميناء)" and a space, so the next letters go after طنجة.
        await press_all(pilot, ["right"] * 10)
        assert field.cursor_position == len("طنجة")
        await type_text(pilot, "ـ")  # a tatweel, typed where the cursor shows
        assert field.value == "طنجةـ (الميناء)"
        await press_all(pilot, ["left"])  # and Left moves towards its end
        assert field.cursor_position == len("طنجةـ") + 1


async def test_terminal_mode_and_hidden_fields_keep_textual_s_own_painting(make_app):
    app = make_app("ar", bidi="terminal")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.push_screen(CaseScreen({}))
        await pilot.pause()
        field = app.screen.query_one("#case-reference", BidiInput)
        await type_text(pilot, NOTE)
        # The terminal shapes and orders: the characters go out in logical order.
        assert NOTE in field_row(app, field)
        field.password = True
        await pilot.pause()
        assert "•" * len(NOTE) in field_row(app, field)
