"""The oral layer (Moroccan Darija beneath the Modern Standard Arabic): registry, catalogs,
review state, the translators' round and the shipped renderings (guide/i18n/oral.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from guide.cli import main
from guide.i18n import languages
from guide.i18n.catalogs import catalog_path
from guide.i18n.languages import Language, get_language, language_codes, oral_layers
from guide.i18n.oral import (
    ORAL_DOMAIN,
    UNREVIEWED,
    OralTexts,
    is_reviewed,
    person_texts,
)
from guide.i18n.status import project_status
from guide.i18n.workflow import Project, extract, init_catalog, update_catalog
from tests.i18n.i18n_pohelp import read

REPO = Path(__file__).resolve().parents[2]
LOCALES = REPO / "locales"


def _shipped_guide():
    from guide.loader import load_guide

    result = load_guide(REPO / "indicators")
    assert result.guide is not None
    return result.guide


# --- the registry -------------------------------------------------------------------------


def test_darija_is_an_oral_layer_of_arabic_not_a_menu_language():
    ary = get_language("ary")
    assert ary is not None and ary.oral_of == "ar" and ary.direction == "rtl"
    assert [layer.code for layer in oral_layers("ar")] == ["ary"]
    assert oral_layers("fr") == ()
    assert "ary" not in language_codes()  # not on the start screen, not a --lang choice
    assert all(language.oral_of is None for language in languages.languages())


def test_an_oral_layer_added_to_the_registry_is_found_beneath_its_language(monkeypatch):
    tamazight = Language("zgh", "Tamazight", "ⵜⴰⵎⴰⵣⵉⵖⵜ", "ltr", "zgh", oral_of="ar")
    monkeypatch.setattr(languages, "LANGUAGES", (*languages.LANGUAGES, tamazight))
    assert [layer.code for layer in oral_layers("ar")] == ["ary", "zgh"]
    assert "zgh" not in language_codes()


# --- which texts --------------------------------------------------------------------------


def test_the_layer_holds_every_text_addressed_to_the_person_and_nothing_else():
    guide = _shipped_guide()
    contexts = [ctx for ctx, _ in person_texts(guide)]
    asked = [q for m in guide.modules for q in m.questions if q.kind != "observe"]
    observed = [q for m in guide.modules for q in m.questions if q.kind == "observe"]
    assert observed and asked
    for question in asked:
        assert f"question.{question.id}.text" in contexts
    for question in observed:
        assert f"question.{question.id}.text" not in contexts
    for module in guide.modules:
        wanted = module.intro and module.intro_for == "person"
        assert (f"module.{module.id}.intro" in contexts) == bool(wanted), module.id
    assert "module.consent.intro" in contexts  # the consent script
    assert not any(".guidance" in ctx or ctx.startswith("answer.") for ctx in contexts)


def test_the_shipped_oral_template_is_current():
    """locales/oral.pot has exactly the person's texts of guide.pot, same sources."""
    guide = _shipped_guide()
    template = read_po((LOCALES / "oral.pot").open("rb"))
    guide_template = read_po((LOCALES / "guide.pot").open("rb"))
    entries = {(m.context, m.id) for m in template if m.id}
    wanted = {
        (ctx, guide_template.get(src.strip(), context=ctx).id) for ctx, src in person_texts(guide)
    }
    assert entries == wanted


# --- the shipped renderings ---------------------------------------------------------------

ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
LATIN_LETTER = re.compile(r"[A-Za-z]")


def _shipped_darija():
    return read_po(catalog_path(LOCALES, "ary", ORAL_DOMAIN).open("rb"))


def test_status_accounts_for_every_read_aloud_text():
    """Every text said to the person is in the Darija catalog, and `dalil i18n status` counts
    each one as reviewed, unreviewed, to check after a change (fuzzy) or not written. The
    layer is optional, like a translation it lags behind a change of the guide: the backlog
    is reported (and never shown to the person as outdated Darija), not a CI failure."""
    catalog = _shipped_darija()
    template = read_po((LOCALES / "oral.pot").open("rb"))
    wanted = [entry for entry in template if entry.id]
    for entry in wanted:
        assert catalog.get(entry.id, context=entry.context) is not None or not any(
            m.context == entry.context for m in catalog if m.id
        ), f"{entry.context}: run `dalil i18n update`"
    (status,) = project_status(LOCALES, ["ary"], (ORAL_DOMAIN,))
    assert status.total == len(wanted)
    assert status.translated + status.fuzzy + status.missing == status.total
    assert status.unreviewed <= status.translated
    todo = {(state, context) for state, context, _source in status.todo}
    for entry in wanted:
        message = catalog.get(entry.id, context=entry.context)
        if message is None or not message.string:
            assert ("missing", entry.context) in todo
        elif message.fuzzy:
            assert ("fuzzy", entry.context) in todo


def test_shipped_darija_is_arabic_script_with_a_review_line_and_the_source_punctuation():
    for message in _shipped_darija():
        if not message.id:
            continue
        text = message.string
        assert ARABIC_LETTER.search(text) and not LATIN_LETTER.search(text), message.context
        assert not re.search(r"[()\[\]«»]", text), f"{message.context}: no brackets in Arabic"
        assert any(c.startswith("review:") for c in message.user_comments), message.context
        if message.id.rstrip().endswith("?"):
            assert text.rstrip().endswith("؟"), message.context  # a question stays a question
        # the written text it is read beneath is shown to the translator
        assert any(c.startswith("Arabic (read first): ") for c in message.auto_comments)


def test_nothing_is_reviewed_until_a_native_speaker_has_checked_it():
    """The renderings were written by the developers: every one carries the unreviewed mark
    until a reviewer changes its review line."""
    statuses = project_status(LOCALES, ["ary"], (ORAL_DOMAIN,))
    assert len(statuses) == 1
    status = statuses[0]
    assert status.clean
    assert status.unreviewed == status.translated > 100


# --- review state -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comments", "reviewed"),
    [
        ([], False),
        ([UNREVIEWED], False),
        (["review: reviewed by Fatima Zahra B., 2026-12-02"], True),
        (["review: Reviewed"], True),
        (["review: reviewed?"], False),
        (["review: not reviewed"], False),
        (["review: reviewed by A", "review: unreviewed"], False),
        (["glossary: victim - quoted", "review: reviewed by A"], True),
        (["reviewed by A"], False),  # not a review line
    ],
)
def test_review_line(comments, reviewed):
    assert is_reviewed(comments) is reviewed


# --- the translators' round ---------------------------------------------------------------


@pytest.fixture
def oral_project(project: Project) -> Project:
    """The fixture project with Arabic guide texts and an empty Darija catalog."""
    from tests.i18n.i18n_pohelp import translate

    guide_po = catalog_path(project.locales_dir, "ar", "guide")
    translate(
        guide_po,
        {
            (m.context, m.id): "نص عربي " + str(i)
            for i, m in enumerate(read(guide_po))
            if m.id and isinstance(m.id, str)
        },
    )
    init_catalog(project, "ary", ORAL_DOMAIN)
    return project


def _fill(path: Path, text: str, reviewer: str | None = None) -> None:
    from guide.i18n.workflow import _write_po

    catalog = read_po(path.open("rb"))
    for message in catalog:
        if message.id:
            message.string = text
            if reviewer:
                message.user_comments = [f"review: reviewed by {reviewer}, 2026-12-01"]
    _write_po(path, catalog)


def test_init_writes_the_person_texts_each_unreviewed_with_the_arabic_to_read_first(
    oral_project: Project,
):
    path = catalog_path(oral_project.locales_dir, "ary", ORAL_DOMAIN)
    catalog = read_po(path.open("rb"))
    messages = [m for m in catalog if m.id]
    assert messages
    assert {m.context.split(".")[0] for m in messages} <= {"question", "module"}
    for message in messages:
        assert message.user_comments == [UNREVIEWED]
        assert any(c.startswith("Arabic (read first): نص عربي") for c in message.auto_comments)


def test_a_changed_source_makes_the_rendering_fuzzy_and_unreviewed_again(oral_project):
    project = oral_project
    path = catalog_path(project.locales_dir, "ary", ORAL_DOMAIN)
    _fill(path, "كلام بالدارجة؟", reviewer="Reviewer")
    statuses = project_status(project.locales_dir, ["ary"], (ORAL_DOMAIN,))
    assert statuses[0].unreviewed == 0 and statuses[0].translated > 0
    first = next(m for m in read(path) if m.id and m.context.startswith("question."))
    module_file = next(
        f for f in (project.guide_dir / "modules").glob("*.yaml") if first.id in f.read_text()
    )
    module_file.write_text(
        module_file.read_text(encoding="utf-8").replace(first.id, first.id.rstrip("?") + " now?"),
        encoding="utf-8",
    )
    extract(project)
    update_catalog(project, "ary", ORAL_DOMAIN)
    changed = next(m for m in read(path) if m.context == first.context)
    assert changed.fuzzy and changed.string == "كلام بالدارجة؟"
    # (Babel's reader takes the `#| msgid` line for a comment too)
    assert [c for c in changed.user_comments if not c.startswith("|")] == [UNREVIEWED]
    unchanged = [m for m in read(path) if m.id and m.context != first.context]
    assert unchanged and all(is_reviewed(m.user_comments) for m in unchanged)
    status = project_status(project.locales_dir, ["ary"], (ORAL_DOMAIN,))[0]
    assert status.fuzzy == 1 and status.clean  # a backlog, not a fault
    # At run time the outdated rendering is not shown.
    entry = OralTexts(project.locales_dir).entry("ary", first.context, first.id + " now?")
    assert entry.state == "missing" or entry.state == "outdated"
    assert not entry.shown


def test_status_counts_unreviewed_and_missing_renderings(oral_project, capsys):
    project = oral_project
    root = str(project.root)
    assert main(["i18n", "status", "--root", root, "--domain", "oral"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^ary\s+oral\s+0/\d+", out, re.MULTILINE)
    assert "Oral layer ary: 0 shown as unreviewed" in out
    _fill(catalog_path(project.locales_dir, "ary", ORAL_DOMAIN), "كلام؟")
    assert main(["i18n", "status", "--root", root, "--domain", "oral", "--strict"]) == 0
    out = capsys.readouterr().out
    total = int(re.search(r"^ary\s+oral\s+(\d+)/(\d+)", out, re.MULTILINE).group(2))
    assert re.search(rf"^ary\s+oral\s+{total}/{total}.*\s{total}\s*$", out, re.MULTILINE)


def test_the_oral_domain_belongs_to_the_oral_layers_only(oral_project, capsys):
    project = oral_project
    root = str(project.root)
    assert main(["i18n", "init", "ary", "--root", root, "--domain", "ui"]) == 0
    assert not catalog_path(project.locales_dir, "ary", "ui").exists()
    assert main(["i18n", "update", "--root", root]) == 0
    assert not catalog_path(project.locales_dir, "ary", "guide").exists()
    assert not catalog_path(project.locales_dir, "ar", ORAL_DOMAIN).exists()
    out = capsys.readouterr().out
    assert str(catalog_path(project.locales_dir, "ary", ORAL_DOMAIN)) in out


# --- run time -----------------------------------------------------------------------------


def test_run_time_states_and_a_saved_catalog_is_read_again(tmp_path: Path):
    path = catalog_path(tmp_path, "ary", ORAL_DOMAIN)
    path.parent.mkdir(parents=True)

    def write(reviewed: str) -> None:
        path.write_text(
            'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
            f"# review: {reviewed}\n"
            'msgctxt "question.a.text"\nmsgid "How old are you?"\nmsgstr "شحال فعمرك؟"\n\n'
            "#, fuzzy\n"
            'msgctxt "question.b.text"\nmsgid "Who do you live with?"\nmsgstr "مع من؟"\n\n'
            'msgctxt "question.c.text"\nmsgid "Old text?"\nmsgstr "قديم؟"\n',
            encoding="utf-8",
        )

    write("unreviewed")
    texts = OralTexts(tmp_path)
    entry = texts.entry("ary", "question.a.text", "How old are you?\n")
    assert (entry.state, entry.text, entry.shown) == ("unreviewed", "شحال فعمرك؟", True)
    assert texts.entry("ary", "question.b.text", "Who do you live with?").state == "outdated"
    assert texts.entry("ary", "question.c.text", "New text?").state == "outdated"
    assert texts.entry("ary", "question.d.text", "Other?").state == "missing"
    assert texts.entry("zgh", "question.a.text", "How old are you?").state == "missing"
    write("reviewed by R., 2026-12-02")
    import os

    os.utime(path, ns=(1, 1))  # a different time stamp: the reviewer saved the file
    assert texts.entry("ary", "question.a.text", "How old are you?").state == "reviewed"
