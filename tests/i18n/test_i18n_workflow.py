"""The translator's round: extract, update (fuzzy on change), init, status."""

from __future__ import annotations

import json
import re

from i18n_pohelp import read, translate

import guide.i18n as i18n
from guide.cli import main
from guide.i18n.catalogs import catalog_path
from guide.i18n.status import project_status
from guide.i18n.workflow import extract, init_catalog, update_catalog

QUESTION = ("question.age_band.text", "How old are you?")


def _edit_yaml(project, relative: str, old: str, new: str) -> None:
    path = project.guide_dir / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _update_all(project) -> None:
    extract(project)
    for language in ("ar", "fr", "en"):
        for domain in ("ui", "guide"):
            update_catalog(project, language, domain)


def _message(path, context):
    return next(m for m in read(path) if m.id and m.context == context)


def test_changed_source_text_turns_its_translations_fuzzy(project):
    fr = catalog_path(project.locales_dir, "fr", "guide")
    ar = catalog_path(project.locales_dir, "ar", "guide")
    translate(fr, {QUESTION: "Quel âge avez-vous ?"})
    translate(ar, {QUESTION: "كم عمرك؟"})
    # A new wording unlike the old one: Babel's similarity guess would not find it.
    _edit_yaml(project, "modules/01-safety.yaml", "How old are you?", "Tell me your age, please.")
    _update_all(project)
    for path, old_translation in ((fr, "Quel âge avez-vous ?"), (ar, "كم عمرك؟")):
        message = _message(path, "question.age_band.text")
        assert message.id == "Tell me your age, please."
        assert message.fuzzy
        assert message.string == old_translation
        # The translator sees what changed (Babel writes it; its reader does not keep it).
        assert '#| msgid "How old are you?"\nmsgctxt "question.age_band.text"' in path.read_text(
            encoding="utf-8"
        )
    # A second update before the translator looked keeps the hint.
    _update_all(project)
    assert '#| msgid "How old are you?"' in fr.read_text(encoding="utf-8")
    # Until the translator checks it, the officer sees the new source text, marked.
    i18n.set_locales_dir(project.locales_dir)
    i18n.set_language("fr")
    assert i18n.content("question.age_band.text", "Tell me your age, please.") == (
        i18n.UNTRANSLATED_MARK + "Tell me your age, please."
    )
    # The source-language catalog follows the source by itself.
    en = _message(catalog_path(project.locales_dir, "en", "guide"), "question.age_band.text")
    assert en.string == "Tell me your age, please." and not en.fuzzy


def test_a_translation_never_moves_to_another_place(project):
    fr = catalog_path(project.locales_dir, "fr", "guide")
    translate(fr, {("answer.age_band.adult.text", "18 or older"): "18 ans ou plus"})
    # A new answer whose text is close to the translated one, in another place.
    _edit_yaml(
        project,
        "modules/01-safety.yaml",
        "          - {id: adult, text: 18 or older}",
        "          - {id: adult, text: 18 or older}\n          - {id: elder, text: 80 or older}",
    )
    _update_all(project)
    elder = _message(fr, "answer.age_band.elder.text")
    assert elder.string == "" and not elder.fuzzy
    assert _message(fr, "answer.age_band.adult.text").string == "18 ans ou plus"


def test_new_question_without_translation_runs_with_marked_source(project):
    _edit_yaml(
        project,
        "modules/02-work.yaml",
        "      - id: documents_taken",
        "      - id: paid_on_time\n        text: Are you paid on time?\n"
        "      - id: documents_taken",
    )
    _update_all(project)
    fr = catalog_path(project.locales_dir, "fr", "guide")
    assert _message(fr, "question.paid_on_time.text").string == ""
    i18n.set_locales_dir(project.locales_dir)
    i18n.set_language("ar")
    shown = i18n.content("question.paid_on_time.text", "Are you paid on time?")
    assert shown == i18n.UNTRANSLATED_MARK + "Are you paid on time?"
    [status] = project_status(project.locales_dir, ["fr"], ("guide",))
    assert status.missing == status.total


def test_removed_text_is_counted_obsolete_until_dropped(project):
    fr = catalog_path(project.locales_dir, "fr", "guide")
    translate(fr, {("contact.police.note", "For immediate danger only."): "Danger immédiat."})
    _edit_yaml(project, "modules/02-work.yaml", "    note: For immediate danger only.\n", "")
    extract(project)
    update_catalog(project, "fr", "guide")
    [status] = project_status(project.locales_dir, ["fr"], ("guide",))
    assert status.obsolete == 1
    update_catalog(project, "fr", "guide", keep_obsolete=False)
    [status] = project_status(project.locales_dir, ["fr"], ("guide",))
    assert status.obsolete == 0


def test_status_counts_and_strict_exit(project, capsys):
    fr_ui = catalog_path(project.locales_dir, "fr", "ui")
    translate(
        fr_ui,
        {
            (None, "Next"): "Suivant",
            (None, "Back"): "Retour",
            (None, "Welcome, {name}"): "Bienvenue, {nom}",
            (None, "Screening"): "Repérage",
        },
        fuzzy={(None, "Screening")},
    )
    [status] = project_status(project.locales_dir, ["fr"], ("ui",))
    assert (status.translated, status.fuzzy, status.missing, status.obsolete) == (3, 1, 1, 0)
    assert status.count("placeholder") == 1
    assert not status.clean
    root = ["--root", str(project.root)]
    assert main(["i18n", "status", *root, "--language", "en"]) == 0
    assert main(["i18n", "status", *root, "--language", "en", "--strict"]) == 0
    assert main(["i18n", "status", *root, "--language", "fr", "--strict"]) == 1
    assert "To do in: fr/ui, fr/guide" in capsys.readouterr().out
    assert main(["i18n", "status", *root, "-l", "fr", "--domain", "ui", "--format", "json"]) == 0
    [data] = json.loads(capsys.readouterr().out)
    assert data["language"] == "fr" and data["placeholders"] == 1 and data["fuzzy"] == 1


def test_markup_mismatch_is_reported(project):
    path = project.package_dir / "ui_strings.py"
    path.write_text(
        path.read_text(encoding="utf-8") + '\nWARN = _("[b]Stop[/b] now")\n', encoding="utf-8"
    )
    _update_all(project)
    translate(catalog_path(project.locales_dir, "fr", "ui"), {(None, "[b]Stop[/b] now"): "Stop"})
    [status] = project_status(project.locales_dir, ["fr"], ("ui",))
    assert status.count("markup") == 1


def test_fourth_language_needs_only_init(project, capsys):
    assert main(["i18n", "init", "es", "--root", str(project.root)]) == 0
    assert "LANGUAGES" in capsys.readouterr().out
    assert catalog_path(project.locales_dir, "es", "guide").is_file()
    assert "es" in project.catalog_languages()
    translate(catalog_path(project.locales_dir, "es", "guide"), {QUESTION: "¿Cuántos años tienes?"})
    i18n.set_locales_dir(project.locales_dir)
    assert i18n.content(*QUESTION, lang="es") == "¿Cuántos años tienes?"
    assert main(["i18n", "init", "es", "--root", str(project.root)]) == 2
    assert main(["i18n", "init", "xx_nowhere", "--root", str(project.root)]) == 2


def test_broken_catalog_is_reported_by_status_and_not_updated(project, capsys):
    path = catalog_path(project.locales_dir, "fr", "ui")
    broken = path.read_text(encoding="utf-8") + '\nmsgstr "orphan"\nbogus\n'
    path.write_text(broken, encoding="utf-8")
    [status] = project_status(project.locales_dir, ["fr"], ("ui",))
    assert status.count("syntax") == 1
    assert main(["i18n", "update", "--root", str(project.root), "-l", "fr", "--domain", "ui"]) == 2
    assert "fix the catalog" in capsys.readouterr().err


def test_source_language_catalog_is_complete_after_init(project):
    statuses = project_status(project.locales_dir, ["en"], ("ui", "guide"))
    assert all(status.clean for status in statuses)
    plural = next(m for m in read(catalog_path(project.locales_dir, "en", "ui")) if m.pluralizable)
    assert plural.string == ("{count} question left", "{count} questions left")


def test_compile_command_writes_mo_files(project):
    assert main(["i18n", "compile", "--root", str(project.root), "-l", "ar"]) == 0
    assert catalog_path(project.locales_dir, "ar", "ui", ".mo").is_file()


def test_new_catalogs_start_from_babel_plural_rules(project):
    ar = read(catalog_path(project.locales_dir, "ar", "ui"))
    assert ar.num_plurals == 6
    assert read(catalog_path(project.locales_dir, "fr", "ui")).num_plurals == 3
    init_catalog(project, "zgh", "ui")
    assert read(catalog_path(project.locales_dir, "zgh", "ui")).num_plurals >= 1


def test_untranslated_text_that_changed_leaves_no_obsolete_entry(project):
    _edit_yaml(project, "modules/02-work.yaml", "Work and pay", "Work, pay and hours")
    _update_all(project)
    for language in ("ar", "fr", "en"):
        [status] = project_status(project.locales_dir, [language], ("guide",))
        assert status.obsolete == 0, language


def test_previous_source_lines_do_not_turn_into_translator_comments(project):
    fr = catalog_path(project.locales_dir, "fr", "guide")
    translate(fr, {QUESTION: "Quel âge avez-vous ?"})
    _edit_yaml(project, "modules/01-safety.yaml", "How old are you?", "Your age, please?")
    _update_all(project)
    _update_all(project)
    text = fr.read_text(encoding="utf-8")
    assert "# |" not in text
    assert text.count('#| msgid "How old are you?"') == 1


def test_extract_with_nothing_new_leaves_the_template_untouched(project):
    template = project.template("guide")
    text = template.read_text(encoding="utf-8")
    old = re.sub(
        r'"POT-Creation-Date: [^"]*"', '"POT-Creation-Date: 2000-01-01 00:00+0000\\\\n"', text
    )
    assert "2000-01-01 00:00+0000\\n" in old and old != text
    template.write_text(old, encoding="utf-8")
    extract(project)
    assert template.read_text(encoding="utf-8") == old
    _edit_yaml(project, "modules/02-work.yaml", "Work and pay", "Work and wages")
    extract(project)
    assert "2000-01-01" not in template.read_text(encoding="utf-8")


def test_status_describes_each_problem_in_the_command_lines_language(project, capsys):
    """The descriptions of a broken translation (guide/i18n/checks.py) are LazyText: English
    for the loader's warnings and the tests, translated when `dalil --lang fr i18n status`
    shows them. The kind ('placeholder') stays a code that scripts grep."""
    translate(
        catalog_path(project.locales_dir, "fr", "ui"),
        {(None, "Welcome, {name}"): "Bienvenue, {nom}", (None, "Next"): "Suivant {x!r}"},
    )
    root = ["--root", str(project.root), "--language", "fr", "--domain", "ui"]
    main(["--lang", "fr", "i18n", "status", *root])
    out = capsys.readouterr().out
    assert "placeholder: variables différentes\u202f: manquant\u202f: {name}" in out, out
    assert "en trop\u202f: {nom}" in out and "n'est pas permise" in out, out
    assert "mismatch" not in out and "not allowed" not in out, out
    main(["--lang", "en", "i18n", "status", *root])
    assert "placeholder mismatch: missing {name}; unexpected {nom}" in capsys.readouterr().out
