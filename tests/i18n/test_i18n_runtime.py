"""Run time: lazy catalogs, marked fallback, plurals, broken files, compiled catalogs."""

from __future__ import annotations

import datetime as dt
import os
import time

import pytest
from i18n_pohelp import translate

import guide.i18n as i18n
from guide.i18n import translate as state
from guide.i18n.catalogs import catalog_path
from guide.i18n.workflow import compile_catalog

MARK = i18n.UNTRANSLATED_MARK
QUESTION = ("question.age_band.text", "How old are you?")


def _use(project, language: str) -> None:
    i18n.set_locales_dir(project.locales_dir)
    i18n.set_language(language)


def test_translated_text_is_shown_and_missing_one_is_marked_source(project):
    translate(catalog_path(project.locales_dir, "fr", "guide"), {QUESTION: "Quel âge avez-vous ?"})
    _use(project, "fr")
    assert i18n.content(*QUESTION) == "Quel âge avez-vous ?"
    assert i18n.is_translated(*QUESTION)
    untranslated = i18n.content("answer.age_band.adult.text", "18 or older")
    assert untranslated == MARK + "18 or older"
    assert i18n.current_language() == "fr"


def test_fuzzy_translation_is_not_shown(project):
    path = catalog_path(project.locales_dir, "fr", "guide")
    translate(path, {QUESTION: "Quel âge avez-vous ?"}, fuzzy={QUESTION})
    _use(project, "fr")
    assert i18n.content(*QUESTION) == MARK + "How old are you?"


def test_changed_source_text_does_not_use_the_old_translation(project):
    translate(catalog_path(project.locales_dir, "fr", "guide"), {QUESTION: "Quel âge ?"})
    _use(project, "fr")
    assert i18n.content(QUESTION[0], "What is your age?") == MARK + "What is your age?"


def test_source_language_shows_the_source_without_mark(project):
    _use(project, "en")
    assert i18n.content("question.new_one.text", "A new question?") == "A new question?"
    assert i18n._("Next") == "Next"


def test_ui_strings_and_explicit_language_for_content(project):
    translate(catalog_path(project.locales_dir, "ar", "ui"), {(None, "Next"): "التالي"})
    translate(catalog_path(project.locales_dir, "ar", "guide"), {QUESTION: "كم عمرك؟"})
    _use(project, "fr")
    assert i18n._("Next") == MARK + "Next"
    assert i18n.content(*QUESTION, lang="ar") == "كم عمرك؟"
    i18n.set_language("ar")
    assert i18n._("Next") == "التالي"
    assert i18n.N_("Next") == "Next"


def test_arabic_has_six_plural_forms_chosen_by_babels_rule(project):
    forms = ("لا أسئلة", "سؤال واحد", "سؤالان", "{count} أسئلة", "{count} سؤالًا", "{count} سؤال")
    translate(
        catalog_path(project.locales_dir, "ar", "ui"), {(None, "{count} question left"): forms}
    )
    _use(project, "ar")
    table = state.translations("ar", "ui")
    assert len(table.get(None, "{count} question left")) == 6
    picked = {
        n: i18n.ngettext("{count} question left", "{count} questions left", n)
        for n in (0, 1, 2, 3, 10, 11, 99, 100, 101, 102, 103)
    }
    assert [picked[n] for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103)] == [
        forms[0], forms[1], forms[2], forms[3], forms[3], forms[4], forms[4], forms[5],
        forms[5], forms[3],
    ]  # fmt: skip


def test_french_plural_and_untranslated_plural_fallback(project):
    forms = ("{count} question restante", "{count} questions restantes", "{count} de questions")
    translate(
        catalog_path(project.locales_dir, "fr", "ui"), {(None, "{count} question left"): forms}
    )
    _use(project, "fr")
    assert i18n.ngettext("{count} question left", "{count} questions left", 0) == forms[0]
    assert i18n.ngettext("{count} question left", "{count} questions left", 1) == forms[0]
    assert i18n.ngettext("{count} question left", "{count} questions left", 2) == forms[2]
    i18n.set_language("ar")  # not translated there
    assert i18n.ngettext("{count} question left", "{count} questions left", 5) == (
        MARK + "{count} questions left"
    )


def test_catalog_loads_lazily_on_first_use(project):
    _use(project, "fr")
    assert ("fr", "guide") not in state._loaded
    i18n.content(*QUESTION)
    assert ("fr", "guide") in state._loaded
    assert ("fr", "ui") not in state._loaded


def test_broken_po_warns_with_file_and_line_and_keeps_the_rest(project, caplog):
    path = catalog_path(project.locales_dir, "fr", "guide")
    translate(path, {QUESTION: "Quel âge avez-vous ?"})
    lines = path.read_text(encoding="utf-8").splitlines()
    broken_at = len(lines) + 2
    path.write_text("\n".join([*lines, "", 'msgid_oops "half an entry"', ""]), encoding="utf-8")
    _use(project, "fr")
    with caplog.at_level("WARNING", logger="guide.i18n"):
        assert i18n.content(*QUESTION) == "Quel âge avez-vous ?"
    [warning] = i18n.warnings()
    assert warning.file == str(path)
    assert warning.line == broken_at
    assert f"{path}:{broken_at}" in caplog.text


def test_unreadable_catalog_falls_back_to_marked_source(project):
    path = catalog_path(project.locales_dir, "fr", "guide")
    path.write_bytes(b"\xff\xfe\x00garbage\x00" * 20)
    _use(project, "fr")
    assert i18n.content(*QUESTION) == MARK + "How old are you?"
    assert i18n.warnings() and i18n.warnings()[0].file == str(path)


def test_translation_with_a_wrong_placeholder_falls_back(project):
    translate(
        catalog_path(project.locales_dir, "fr", "ui"),
        {(None, "Welcome, {name}"): "Bienvenue, {nom}"},
    )
    _use(project, "fr")
    shown = i18n._("Welcome, {name}")
    assert shown == MARK + "Welcome, {name}"
    assert shown.format(name="Amina")  # never a KeyError in the UI
    assert "placeholder mismatch" in str(i18n.warnings()[0])


def test_fresh_mo_is_used_and_stale_mo_is_ignored(project):
    po = catalog_path(project.locales_dir, "fr", "guide")
    translate(po, {QUESTION: "Quel âge avez-vous ?"})
    mo = compile_catalog(project, "fr", "guide")
    assert mo is not None and mo.is_file()
    _use(project, "fr")
    assert i18n.content(*QUESTION) == "Quel âge avez-vous ?"
    assert state.translations("fr", "guide").file == mo
    translate(po, {QUESTION: "Votre âge ?"})
    later = time.time() + 10
    os.utime(po, (later, later))
    i18n.reload()
    assert i18n.content(*QUESTION) == "Votre âge ?"
    assert state.translations("fr", "guide").file == po


def test_unknown_language_shows_marked_source_without_error(project):
    _use(project, "es")
    assert i18n._("Next") == MARK + "Next"
    assert i18n.warnings() == []


@pytest.mark.parametrize(
    ("language", "number", "date"),
    [
        ("ar", "1.234,5", "28 نونبر 2026"),
        ("fr", "1\u202f234,5", "28 novembre 2026"),
        ("en", "1,234.5", "28 November 2026"),
    ],
)
def test_numbers_and_dates_follow_the_language(language, number, date):
    assert i18n.format_number(1234.5, lang=language) == number
    assert i18n.format_date(dt.date(2026, 11, 28), lang=language) == date


def test_language_list_has_names_in_their_own_script_and_direction():
    arabic = i18n.get_language("ar")
    assert arabic is not None and arabic.native_name == "العربية" and arabic.direction == "rtl"
    assert arabic.name == "Arabic" and arabic.locale == "ar_MA" and arabic.key == "1"
    assert i18n.is_rtl("ar") and not i18n.is_rtl("fr")
    assert i18n.SOURCE_LANGUAGE == "en"


def test_ui_string_with_context_and_datetime_format(project):
    path = project.package_dir / "ui_strings.py"
    path.write_text(
        path.read_text(encoding="utf-8")
        + '\nfrom guide.i18n import pgettext\nMAY = pgettext("month", "May")\n',
        encoding="utf-8",
    )
    from guide.i18n.workflow import extract, update_catalog

    extract(project)
    update_catalog(project, "fr", "ui")
    translate(catalog_path(project.locales_dir, "fr", "ui"), {("month", "May"): "Mai"})
    _use(project, "fr")
    assert i18n.pgettext("month", "May") == "Mai"
    assert i18n.pgettext(None, "May") == MARK + "May"
    moment = dt.datetime(2026, 11, 28, 14, 5)
    assert i18n.format_datetime(moment, "fr").startswith("28 nov. 2026")
    assert i18n.format_datetime(moment).startswith("28 nov. 2026")  # the current language


def test_regional_code_falls_back_to_the_language_catalog(project):
    translate(catalog_path(project.locales_dir, "fr", "guide"), {QUESTION: "Quel âge avez-vous ?"})
    _use(project, "fr_MA")
    assert i18n.content(*QUESTION) == "Quel âge avez-vous ?"


def test_oversized_catalog_is_refused_unread(project, monkeypatch):
    from guide.i18n import catalogs

    po = catalog_path(project.locales_dir, "fr", "guide")
    translate(po, {QUESTION: "Quel âge avez-vous ?"})
    monkeypatch.setattr(catalogs, "MAX_CATALOG_BYTES", po.stat().st_size - 1)
    read = []
    monkeypatch.setattr(type(po), "read_bytes", lambda self: read.append(self) or b"")
    _use(project, "fr")
    assert i18n.content(*QUESTION) == MARK + "How old are you?"
    assert read == []
    [warning] = i18n.warnings()
    assert warning.file == str(po) and "not read" in warning.message


def test_oversized_compiled_catalog_falls_back_to_the_po(project, monkeypatch):
    from guide.i18n import catalogs

    po = catalog_path(project.locales_dir, "fr", "guide")
    translate(po, {QUESTION: "Quel âge avez-vous ?"})
    mo = compile_catalog(project, "fr", "guide")
    with mo.open("ab") as handle:  # a sparse 9 MiB file: big on paper, cheap on disk
        handle.truncate(9 * 1024 * 1024)
    assert mo.stat().st_size > catalogs.MAX_CATALOG_BYTES > po.stat().st_size
    _use(project, "fr")
    assert i18n.content(*QUESTION) == "Quel âge avez-vous ?"
    assert "not read" in str(i18n.warnings()[0])
