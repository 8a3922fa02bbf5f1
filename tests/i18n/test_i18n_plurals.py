"""Counts, units and lists in the reader's language: the six Arabic forms, CLDR list patterns,
and `i18n status` naming a half-written plural entry as a plural problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guide.i18n import ngettext, set_language
from guide.i18n.quantities import count, join, quantity, strength_counts
from guide.i18n.status import project_status

REPO = Path(__file__).resolve().parents[2]

# What an Arabic reader expects for 0, 1, 2, 3, 11 and 100 (CLDR: zero, one, two, few,
# many, other): the noun changes form and number, never "14 ساعات".
ARABIC_HOURS = {
    0: "0 ساعة",
    1: "ساعة واحدة",
    2: "ساعتان",
    3: "3 ساعات",
    11: "11 ساعة",
    14: "14 ساعة",
    100: "100 ساعة",
}
ARABIC_ANSWERS = {
    0: "لا أجوبة",
    1: "جواب واحد",
    2: "جوابان",
    3: "3 أجوبة",
    11: "11 جوابًا",
    100: "100 جواب",
}


@pytest.mark.parametrize(("n", "expected"), sorted(ARABIC_HOURS.items()))
def test_arabic_hours_take_the_form_of_their_number(n, expected):
    assert quantity(n, "hours", "ساعات", "ar") == expected


@pytest.mark.parametrize(("n", "expected"), sorted(ARABIC_ANSWERS.items()))
def test_arabic_counts_in_the_ui_catalog(n, expected):
    set_language("ar")
    assert ngettext("{n} answer", "{n} answers", n).format(n=n) == expected


def test_every_arabic_plural_entry_has_six_distinct_enough_forms():
    """0, 1, 2, 3, 11 and 100 each pick their own form, and the form for 1 or 2 never shows
    a digit glued to a dual or singular noun («2 ساعتان»)."""
    set_language("ar")
    forms = {n: ngettext("{n} hour", "{n} hours", n) for n in (0, 1, 2, 3, 11, 100)}
    assert len({forms[1], forms[2], forms[3], forms[11]}) == 4
    assert "{n}" not in forms[1] and "{n}" not in forms[2]


def test_french_and_english_units():
    assert quantity(7.5, "hours", "heures", "fr") == "7,5 heures"
    assert quantity(1, "hours", "heures", "fr") == "1 heure"
    assert quantity(0, "hours", "heures", "fr") == "0 heure"
    assert quantity(1, "hours", "hours", "en") == "1 hour"
    assert quantity(12, "hours", "hours", "en") == "12 hours"
    # a unit Dalil has no forms for keeps the guide's translation
    assert quantity(3, "crates", "صناديق", "ar") == "3 صناديق"
    assert quantity(1234.5, None, "", "ar") == "1.234,5"  # ar_MA: Western digits, Moroccan marks


def test_french_plural_never_says_de_after_digits():
    set_language("fr")
    assert count(1000000, "{n} answer", "{n} answers") == "1\u202f000\u202f000 réponses"
    assert ngettext("{n} answered", "{n} answered", 2).format(n=2) == "2 réponses données"


def test_strength_counts_and_lists_follow_the_locale():
    counts = {"strong": 3, "medium": 0, "weak": 1}
    arabic = strength_counts(counts, "ar")
    assert arabic == "3 مؤشرات قوية، لا مؤشرات متوسطة، مؤشر ضعيف واحد"
    assert "," not in arabic
    assert strength_counts(counts, "fr") == (
        "3 indicateurs forts, 0 indicateur moyen, 1 indicateur faible"
    )
    assert join(["أ", "ب", "ج"], "ar") == "أ، ب، ج"
    assert join(["a", "b", "c"], "fr", "and") == "a, b et c"
    assert join(["a", "b"], "en", "or") == "a or b"


def test_status_names_a_plural_entry_with_five_of_six_forms(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(REPO / "locales", locales)
    po = locales / "ar" / "LC_MESSAGES" / "ui.po"
    text = po.read_text(encoding="utf-8")
    entry = text.index('msgid "{n} answer"\n')
    end = text.index("\n\n", entry)
    block = text[entry:end]
    damaged = "\n".join(line for line in block.splitlines() if not line.startswith("msgstr[5]"))
    po.write_text(text.replace(block, damaged), encoding="utf-8")
    (status,) = project_status(locales, ["ar"], ("ui",))
    assert status.missing == 0
    plural = [p for p in status.problems if p.kind == "plural"]
    assert len(plural) == 1 and "5 of 6 plural forms" in plural[0].message
    assert "msgstr[5]" in plural[0].message
    assert ("plural", "", "{n} answer") in status.todo
    assert not status.clean


def test_languages_are_named_in_the_readers_language():
    from guide.i18n.names import language_name

    assert language_name("fr", "ar") == "الفرنسية"
    assert language_name("ar", "fr") == "arabe"
    assert language_name("fr", "fr") == "français"  # not "Français" inside a sentence
    assert language_name("ar", "en") == "Arabic"


def test_a_french_label_takes_its_space_before_the_colon():
    set_language("fr")
    assert ngettext("{n} hour", "{n} hours", 2).format(n=2) == "2 heures"
    from guide.i18n import gettext

    assert gettext("{label}:").format(label="Date") == "Date\u202f:"
