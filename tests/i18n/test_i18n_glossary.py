"""The translators' glossary (locales/glossary.tbx) and the check `dalil i18n status` makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guide.cli import main
from guide.i18n.glossary import (
    DEPRECATED,
    GlossaryError,
    check_translation,
    read_glossary,
)
from guide.i18n.status import project_status

REPO = Path(__file__).resolve().parents[2]
GLOSSARY = REPO / "locales" / "glossary.tbx"


@pytest.fixture(scope="module")
def concepts():
    return read_glossary(GLOSSARY)


def test_the_key_terms_are_in_the_glossary_in_three_languages(concepts):
    by_id = {c.id: c for c in concepts}
    for concept in (
        "trafficking",
        "smuggling",
        "victim",
        "presumed_victim",
        "prosecutor",
        "prosecutor_general",
        "referral_mechanism",
        "child_protection",
        "forced_labour",
        "sexual_exploitation",
        "debt_bondage",
        "forced_begging",
        "domestic_servitude",
        "reasonable_grounds",
        "assess_further",
        "could_not_assess",
    ):
        assert concept in by_id, concept
        for language in ("en", "fr", "ar"):
            assert by_id[concept].preferred(language), (concept, language)
    # trafficking and smuggling are kept apart: each rules out the other's word
    assert "trafic" in by_id["trafficking"].deprecated("fr")
    assert "تهريب" in by_id["trafficking"].deprecated("ar")
    assert "الاتجار" in by_id["smuggling"].deprecated("ar")
    assert all(t.status != DEPRECATED for t in by_id["victim"].terms["ar"])


def test_a_deprecated_word_is_named(concepts):
    found = check_translation(
        concepts, "Call the trafficking hotline.", "Appelez la ligne contre le trafic.", "fr"
    )
    assert [f.concept for f in found] == ["trafficking"]
    assert "trafic" in found[0].message and "traite" in found[0].message


def test_a_missing_rendering_is_named_and_arabic_forms_count(concepts):
    source = "Report to the prosecutor."
    assert [f.concept for f in check_translation(concepts, source, "أبلغ الشرطة.", "ar")] == [
        "prosecutor"
    ]
    # vowel marks, alef shapes and prefixes do not hide the agreed term
    assert not check_translation(concepts, source, "أبلِغ وَكيلَ المَلِك.", "ar")
    assert not check_translation(concepts, "Victims of trafficking", "ضحايا الاتجار بالبشر", "ar")
    assert not check_translation(concepts, "a trafficking case", "حالة اتجار بالبشر", "ar")


def test_words_inside_code_and_placeholders_are_not_terms(concepts):
    assert not check_translation(concepts, "{n} indicator", "{n} مؤشر", "ar")
    assert not check_translation(
        concepts, "Define it under indicators:.", "عرّفه تحت indicators:.", "ar"
    )
    assert not check_translation(
        concepts, "like raised_in(exploitation)", "مثل raised_in(exploitation)", "ar"
    )


def test_a_translator_can_explain_a_departure_in_the_entry(concepts):
    source = "the prosecutor"
    findings = check_translation(concepts, source, "la police", "fr")
    assert findings
    assert not check_translation(
        concepts, source, "la police", "fr", "glossary: prosecutor — the police relays it here"
    )


def test_status_reports_a_glossary_problem_and_strict_fails(tmp_path, capsys):
    locales = tmp_path / "locales"
    shutil.copytree(REPO / "locales", locales)
    po = locales / "fr" / "LC_MESSAGES" / "ui.po"
    text = po.read_text(encoding="utf-8")
    # The export's description mentions no glossary term; this entry does (referral report).
    before = "msgstr \"écrire le rapport d'orientation d'un entretien\""
    assert before in text
    po.write_text(text.replace(before, 'msgstr "écrire le rapport d\'un entretien"'), "utf-8")
    statuses = project_status(locales, ["fr"], ("ui",))
    problems = [p for s in statuses for p in s.problems if p.kind == "glossary"]
    assert len(problems) == 1 and "referral" in problems[0].message and problems[0].line
    args = ["i18n", "status", "--strict", "--locales-dir", str(locales), "-l", "fr"]
    assert main([*args, "--domain", "ui"]) == 1
    out = capsys.readouterr().out
    assert "glossary: the source uses 'referral'" in out


def test_a_broken_glossary_is_a_problem_not_a_crash(tmp_path):
    locales = tmp_path / "locales"
    shutil.copytree(REPO / "locales", locales)
    (locales / "glossary.tbx").write_text("<martif><text><body><termEntry>", "utf-8")
    with pytest.raises(GlossaryError):
        read_glossary(locales / "glossary.tbx")
    statuses = project_status(locales, ["fr"], ("ui",))
    assert any(p.kind == "file" and "glossary.tbx" in p.message for p in statuses[0].problems)
