"""Hostile and broken catalogs: a warning naming the file (and line where there is one), the
affected texts in the source language with the visible mark — never a blank, never a crash."""

import os
import shutil
from pathlib import Path

import pytest

from guide import i18n
from guide.i18n import UNTRANSLATED_MARK, _, content
from guide.paths import default_locales_dir

HEADER = """msgid ""
msgstr ""
"Language: {lang}\\n"
"Content-Type: text/plain; charset={charset}\\n"
"Plural-Forms: {plural}\\n"

"""
AR_PLURAL = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 "
    ": n%100>=11 ? 4 : 5);"
)


@pytest.fixture
def locales(tmp_path):
    root = tmp_path / "locales"
    shutil.copytree(default_locales_dir(), root)
    yield root
    i18n.set_locales_dir(None)
    i18n.set_language("en")


def write_po(
    root: Path, lang: str, body: str, *, charset="utf-8", plural=AR_PLURAL, raw: bytes | None = None
) -> Path:
    path = root / lang / "LC_MESSAGES" / "ui.po"
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text(
            HEADER.format(lang=lang, charset=charset, plural=plural) + body, encoding="utf-8"
        )
    for mo in path.parent.glob("*.mo"):
        mo.unlink()
    return path


def use(root: Path, lang: str) -> None:
    i18n.set_locales_dir(root)
    i18n.set_language(lang)


def test_syntax_error_keeps_the_other_entries(locales):
    path = write_po(locales, "ar", 'msgid "Yes"\nmsgstr "نعم"\n\nmsgid "No"\nmsgstr "لا\n')
    use(locales, "ar")
    assert _("Yes") == "نعم"
    assert _("No") == UNTRANSLATED_MARK + "No"
    (w,) = [w for w in i18n.warnings() if str(path) in str(w)]
    assert w.line is not None


def test_wrong_plural_count_falls_back(locales):
    write_po(
        locales,
        "ar",
        'msgid "{n} answer"\nmsgid_plural "{n} answers"\nmsgstr[0] "a"\nmsgstr[1] "b"\n',
    )
    use(locales, "ar")
    # Babel fills the missing forms with blanks: the entry is not used
    assert i18n.ngettext("{n} answer", "{n} answers", 3) == UNTRANSLATED_MARK + "{n} answers"


def test_lost_placeholder_falls_back(locales):
    write_po(
        locales,
        "fr",
        'msgid "{n} answered"\nmsgstr "répondu"\n',
        plural="nplurals=2; plural=(n > 1);",
    )
    use(locales, "fr")
    assert _("{n} answered") == UNTRANSLATED_MARK + "{n} answered"
    assert i18n.warnings()


@pytest.mark.parametrize("charset", ["latin-1", "no-such-charset"])
def test_wrong_charset_header_never_stops_anything(locales, charset):
    write_po(locales, "ar", 'msgid "Yes"\nmsgstr "نعم"\n', charset=charset)
    use(locales, "ar")
    text = _("Yes")
    assert text  # mangled perhaps, or marked source, but never blank and never a crash


def test_binary_garbage_po(locales):
    write_po(locales, "ar", "", raw=os.urandom(4096))
    use(locales, "ar")
    assert _("Yes") == UNTRANSLATED_MARK + "Yes"
    assert content("question.x.text", "Source text") == UNTRANSLATED_MARK + "Source text"
    assert i18n.warnings()


def test_garbage_mo_newer_than_the_po(locales):
    po = write_po(locales, "ar", 'msgid "Yes"\nmsgstr "نعم"\n')
    (po.parent / "ui.mo").write_bytes(os.urandom(512))
    use(locales, "ar")
    assert _("Yes") in ("نعم", UNTRANSLATED_MARK + "Yes")
    assert i18n.warnings()


def test_huge_catalog_is_not_read(locales):
    path = write_po(locales, "ar", "")
    with path.open("ab") as f:
        f.truncate(50 * 1024 * 1024)
    use(locales, "ar")
    assert _("Yes") == UNTRANSLATED_MARK + "Yes"
    assert any(str(path) in str(w) for w in i18n.warnings())


def test_missing_catalog_folder(tmp_path):
    use(tmp_path / "nowhere", "fr")
    try:
        assert _("Yes") == UNTRANSLATED_MARK + "Yes"
    finally:
        i18n.set_locales_dir(None)
        i18n.set_language("en")
