"""English, the source language, is the source text: no catalog is read or cached for it
(issue 18: the wizard read en/ui.po, a megabyte of entries identical to their source, and
every command looked up its cache). Other languages keep their catalogs and the marked
fallback (tests/i18n)."""

import subprocess
import sys

from guide import i18n
from guide.i18n import translate as state


def test_english_texts_are_the_source_whatever_its_catalog_says(tmp_path):
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "ui.po").write_text('msgid "Next"\nmsgstr "Onward"\n', encoding="utf-8")
    (folder / "guide.po").write_text("not a catalog", encoding="utf-8")
    i18n.set_locales_dir(tmp_path)
    try:
        for code in ("en", "en_GB"):
            i18n.set_language(code)
            assert i18n._("Next") == "Next"
            assert i18n.pgettext("verb", "Open") == "Open"
            assert i18n.ngettext("{n} file", "{n} files", 1) == "{n} file"
            assert i18n.ngettext("{n} file", "{n} files", 2) == "{n} files"
            assert i18n.content("question.age.text", "How old are you?") == "How old are you?"
            assert i18n.is_translated("question.age.text", "How old are you?")
        assert state._loaded == {}  # nothing read, nothing cached
        assert i18n.warnings() == []  # the broken file was never opened
        i18n.set_language("fr")  # another language still falls back, marked
        assert i18n._("Next") == i18n.UNTRANSLATED_MARK + "Next"
    finally:
        i18n.set_locales_dir(None)
        i18n.set_language("en")


def test_importing_and_using_the_package_in_english_imports_no_catalog_reader():
    code = (
        "import sys\n"
        "from guide.i18n import _, ngettext, set_language\n"
        "set_language('en')\n"
        "_('Next'); ngettext('a', 'b', 2)\n"
        "heavy = ['guide.i18n.catalogs', 'guide.i18n.cache', 'guide.i18n.formatting', 'babel']\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
