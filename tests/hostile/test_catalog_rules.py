"""Catalog entries that could crash or abuse the wizard are refused at load (the source text
shows, with the mark), reported by `dalil i18n status` and refused by `update-guide`."""

from __future__ import annotations

import re

import pytest

from guide import i18n
from guide.i18n import UNTRANSLATED_MARK, _
from guide.i18n.checks import plural_rule, translation_problems
from tests.hostile.test_hostile_catalogs import locales, use, write_po  # noqa: F401

BAD_FIELDS = [
    "Partie {part} sur {parts} : {title:d}",
    "{part} {parts} {title} {title.__class__.__mro__}",
    "{part} {parts} {title[99]}",
    "{part:>300000000} {parts} {title}",
    "{part!r} {parts} {title}",
    "{part} {parts} {title} {0}",
    "{part} {parts} {title} {}",
    "{part} {parts} {title",
]
SOURCE = "Part {part} of {parts}: {title}"


@pytest.mark.parametrize("bad", BAD_FIELDS)
def test_only_plain_name_fields_are_allowed(bad):
    kinds = [kind for kind, _ in translation_problems([SOURCE], [bad])]
    assert kinds and set(kinds) <= {"placeholder"}


@pytest.mark.parametrize("bad", BAD_FIELDS)
def test_a_bad_field_falls_back_to_the_source(locales, bad):  # noqa: F811
    write_po(
        locales,
        "fr",
        f'msgid "{SOURCE}"\nmsgstr "{bad}"\n',
        plural="nplurals=2; plural=(n > 1);",
    )
    use(locales, "fr")
    assert _(SOURCE) == UNTRANSLATED_MARK + SOURCE
    assert _(SOURCE).format(part=1, parts=2, title="t")  # never a crash
    assert i18n.warnings()


def test_escape_in_a_translation_falls_back(locales):  # noqa: F811
    write_po(
        locales,
        "fr",
        'msgid "Yes"\nmsgstr "\x1b]52;c;UE9GSUxF\x1b\\\\Oui"\n',
        plural="nplurals=2; plural=(n > 1);",
    )
    use(locales, "fr")
    assert _("Yes") == UNTRANSLATED_MARK + "Yes"
    assert any("control character" in str(w) for w in i18n.warnings())


@pytest.mark.parametrize(
    "expression",
    ["n/0", "n%0", "(n > 2 ? n/0 : 0)", "n", "n+2", "(n == 1 ? 0 : 7)", "((((n))))/(n-5)"],
)
def test_bad_plural_rules_are_refused(expression):
    rule, why = plural_rule(expression, 3)
    assert rule is None and why


def test_good_plural_rules_pass():
    assert plural_rule("(n > 1)", 2)[0] is not None
    arabic = "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)"
    assert plural_rule(arabic, 6)[0] is not None


def test_plural_rule_dividing_by_zero_never_crashes(locales):  # noqa: F811
    write_po(
        locales,
        "fr",
        'msgid "{n} answer"\nmsgid_plural "{n} answers"\nmsgstr[0] "{n} réponse"\n'
        'msgstr[1] "{n} réponses"\nmsgstr[2] "{n} réponses"\n',
        plural="nplurals=3; plural=n/0;",
    )
    use(locales, "fr")
    for n in (0, 1, 2, 5):
        shown = i18n.ngettext("{n} answer", "{n} answers", n)
        assert shown.startswith(UNTRANSLATED_MARK)
    assert any("Plural-Forms" in str(w) for w in i18n.warnings())


def test_status_reports_each_problem(tmp_path):
    import shutil

    from guide.i18n.status import catalog_status
    from guide.paths import default_locales_dir

    root = tmp_path / "locales"
    shutil.copytree(default_locales_dir(), root)
    po = root / "fr" / "LC_MESSAGES" / "ui.po"
    text = po.read_text("utf-8")
    text = re.sub(
        r'"Plural-Forms:.*?\\n"\n',
        '"Plural-Forms: nplurals=3; plural=n/0;\\n"\n',
        text,
        count=1,
        flags=re.S,
    )
    assert "n/0" in text
    text += '\nmsgid "zz control"\nmsgstr "\x1b[2J zz"\n\nmsgid "zz {a}"\nmsgstr "zz {a:>9}"\n'
    po.write_text(text, "utf-8")
    status = catalog_status(root, None, "fr", "ui")
    kinds = {p.kind for p in status.problems}
    assert {"plural", "control", "placeholder"} <= kinds
    assert status.errors >= 2
