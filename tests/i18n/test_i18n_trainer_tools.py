"""The trainers' tools speak the command line's language: `dalil explain`, `dalil test`
(scenarios, coverage, invariants) and `dalil validate --watch`. Ids, file places, conditions
and the test-runner words that scripts grep (PASS, FAIL, BROKEN, NOT CHECKED) stay as they
are, and `--format json` stays English."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from guide.cli import main

FIXTURE_GUIDE = Path(__file__).parent / "fixtures" / "guide"


@pytest.fixture
def guide_copy(tmp_path: Path) -> Path:
    target = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, target)
    return target


def _run(capsys, *args: str) -> str:
    main(list(args))
    out = capsys.readouterr()
    return out.out + out.err


ENGLISH_HEADINGS = ("asked when", "read by", "raised by", "answers that raise", "scenarios:")


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["question hours_per_day — ", "posée quand", "lu par", "réponses", "scénarios"]),
        ("ar", ["السؤال hours_per_day – ", "يُطرح عندما", "يقرؤه", "الأجوبة", "السيناريوهات"]),
    ],
)
def test_explain_speaks_the_language(capsys, guide_copy, lang, words):
    out = _run(capsys, "--lang", lang, "explain", "hours_per_day", str(guide_copy))
    for word in words:
        assert word in out, out
    for english in ENGLISH_HEADINGS:
        assert english not in out, out
    assert "modules/02-work.yaml:" in out  # places unchanged
    assert "value >= 12" in out  # conditions are the guide's own text


def test_explain_not_found_speaks_the_language(capsys, guide_copy):
    out = _run(capsys, "--lang", "fr", "explain", "hours_per_dya", str(guide_copy))
    assert "Rien dans le guide n'a l'identifiant « hours_per_dya »" in out
    assert "Vouliez-vous dire 'hours_per_day'" in out


def _break_a_scenario(guide: Path) -> None:
    """Expect another (existing) verdict than the one the answers give: it fails."""
    scenario = guide / "scenarios" / "basic.yaml"
    text = scenario.read_text(encoding="utf-8")
    assert "verdict: reasonable_grounds" in text
    scenario.write_text(text.replace("verdict: reasonable_grounds", "verdict: stay_alert", 1))


def test_test_speaks_the_language_and_json_stays_english(capsys, guide_copy):
    _break_a_scenario(guide_copy)
    out = _run(capsys, "--lang", "fr", "test", str(guide_copy), "--coverage", "--time-limit", "0")
    assert "FAIL " in out  # the runner's word, for scripts
    assert "elements\u202f: manquants " in out or "résultat\u202f: attendu stay_alert" in out
    assert "Couverture par" in out and "questions" in out and "total" in out
    assert "expected" not in out and "missing" not in out and "Coverage by" not in out
    out = _run(
        capsys,
        "--lang",
        "ar",
        "test",
        str(guide_copy),
        "--format",
        "json",
        "--time-limit",
        "0",
    )
    data = json.loads(out[out.index("{") :])
    failures = [f for s in data["scenarios"] for f in s["failures"]]
    assert failures
    assert all(
        f.startswith(("verdict: expected", "elements: missing", "steps: missing")) for f in failures
    )


def test_watch_speaks_the_language(guide_copy, monkeypatch):
    from guide.i18n import set_language
    from guide.trainer.watch import watch

    lines: list[str] = []
    set_language("ar")
    try:
        code = watch(guide_copy, out=lines.append, sleep=lambda _s: None, max_polls=0)
    finally:
        set_language("en")
    text = "\n".join(lines)
    assert code in (0, 1)
    assert f"مراقبة {guide_copy}" in text
    assert "السيناريوهات: نجح" in text
    assert "Watching" not in text and "passed" not in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fr", "pas une archive zip, ou une copie endommagée"), ("ar", "ليس أرشيف zip")],
)
def test_a_refused_update_is_explained_in_the_language(capsys, tmp_path, lang, words):
    """guide/install's messages (the archive checks) go through the ui catalog too."""
    archive = tmp_path / "update.zip"
    archive.write_bytes(b"not a zip archive")
    out = _run(capsys, "--lang", lang, "update-guide", "--check", str(archive))
    assert words in out, out
    assert "not a zip archive" not in out


@pytest.mark.parametrize(
    ("content", "english", "words"),
    [
        ("[1, 2]", "not a JSON object", {"fr": "pas un objet", "ar": "ليس كائنًا"}),
        ('{"current": ', "Expecting", {"fr": "ligne 1, colonne 13", "ar": "السطر 1"}),
        (b"\xff\xfe", "codec", {"fr": "UTF-8", "ar": "UTF-8"}),
    ],
)
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_damaged_update_state_is_explained_in_the_language(
    capsys, tmp_path, monkeypatch, lang, content, english, words
):
    """install/active.py raises codes (it runs beneath the catalogs); the command words
    them: no English from json or from Dalil inside the translated sentence."""
    monkeypatch.setenv("DALIL_DATA_DIR", str(tmp_path / "data"))
    store = tmp_path / "data" / "guide-updates"
    store.mkdir(parents=True)
    state = store / "active.json"
    state.write_bytes(content if isinstance(content, bytes) else content.encode())
    out = _run(capsys, "--lang", lang, "update-guide", "--status")
    assert str(state) in out and words[lang] in out, out
    assert english not in out and "JSON object" not in out, out


SHIPPED_GUIDE = Path(__file__).resolve().parents[2] / "indicators"
# Every sentence of `dalil simulate`'s text that was English before it went through the
# catalog: none may come back in French or Arabic.
SIMULATE_ENGLISH = (
    "Verdict:",
    "because:",
    "basis:",
    "Terms of the definition",
    "Elements:",
    "Referral steps:",
    "rules:",
    "rule:",
    "What could change",
    "answer alone",
    "answers together",
    "Still unknown",
    "would change the verdict",
    "matters with",
    "URGENT answers",
    "is not an answer",
    "left out",
)


def _simulate_answers(tmp_path: Path, leave_out: int = 6) -> Path:
    """A shipped scenario's answers (labour exploitation of an adult), the last few left
    unanswered so that the what-if search and the unknowns have something to say."""
    import yaml

    data = yaml.safe_load((SHIPPED_GUIDE / "scenarios" / "adults-labour.yaml").read_text())
    answers = data["scenarios"][0]["answers"]
    kept = {
        qid: ("yes" if value else "no") if isinstance(value, bool) else value
        for qid, value in list(answers.items())[:-leave_out]
    }
    kept["consent_given"] = "yes"
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump({"answers": kept}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["Résultat\u202f: ", "Éléments constitutifs\u202f:", "Étapes d'orientation\u202f:"]),
        ("ar", ["النتيجة: ", "العناصر:", "خطوات الإحالة:", "لم يُعرف بعد"]),
    ],
)
def test_simulate_speaks_the_language(capsys, tmp_path, lang, words):
    answers = _simulate_answers(tmp_path)
    out = _run(capsys, "--lang", lang, "simulate", str(SHIPPED_GUIDE), "--answers", str(answers))
    for word in words:
        assert word in out, out
    for english in SIMULATE_ENGLISH:
        assert english not in out, (english, out)
    assert "strong >= 2" in out  # the rules are the guide's own text, as written
    if lang == "ar":
        # Counts with the Arabic plural forms and the Arabic comma between them.
        assert "مؤشر" in out and "، " in out and ", " not in out.replace("strong >= ", "")


def test_simulate_json_stays_english(capsys, tmp_path):
    answers = _simulate_answers(tmp_path)
    argv = ["simulate", str(SHIPPED_GUIDE), "--answers", str(answers), "--format", "json"]
    english = json.loads(_run(capsys, *argv))
    french = json.loads(_run(capsys, "--lang", "fr", *argv))
    assert french == english
    assert english["what_if"] is None or "summary" in english["what_if"]


def test_simulate_text_in_english_is_unchanged_in_its_words(capsys, tmp_path):
    answers = _simulate_answers(tmp_path)
    out = _run(capsys, "--lang", "en", "simulate", str(SHIPPED_GUIDE), "--answers", str(answers))
    assert out.startswith("Verdict: ") and "\nElements:\n" in out and "\nReferral steps:\n" in out
    assert "  because: " in out


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "1 error, 2 warnings; scenarios: 3 passed, 1 failed"),
        # French: a narrow no-break space before ';' (as everywhere in the catalog)
        ("fr", "1 erreur, 2 avertissements\u202f; "),
        # Arabic: the Arabic comma between the counts and the Arabic semicolon after them
        ("ar", "، "),
    ],
)
def test_the_watch_summary_uses_the_languages_punctuation(lang, expected):
    from guide.i18n import set_language
    from guide.loader.diagnostics import Diagnostic, Severity
    from guide.trainer.watch import Run

    def diagnostic(severity: Severity) -> Diagnostic:
        return Diagnostic("f.yaml", 1, 1, severity, "Y001", "m")

    run = Run(
        (diagnostic(Severity.ERROR), diagnostic(Severity.WARNING), diagnostic(Severity.WARNING)),
        {"a": (), "b": (), "c": (), "d": ("failed",)},
    )
    set_language(lang)
    try:
        summary = run.summary()
    finally:
        set_language("en")
    assert expected in summary, summary
    if lang != "en":
        assert "; " not in summary.replace("\u202f; ", ""), summary
    if lang == "ar":
        assert "؛ " in summary and ", " not in summary


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", "ce n'est pas un fichier ordinaire (un périphérique, un tube ou une socket)"),
        ("ar", "ليس ملفًا عاديًا (جهاز أو أنبوب أو مقبس)"),
    ],
)
def test_a_guide_file_the_system_refuses_is_explained_in_the_language(
    capsys, guide_copy, lang, words
):
    """The loader's Y013 carries the refusal as guide.i18n.oserrors words (translated when
    printed), not safe_files' English 'is a pipe (FIFO), not a regular file'."""
    import os

    os.mkfifo(guide_copy / "modules" / "pipe.yaml")
    out = _run(capsys, "--lang", lang, "validate", str(guide_copy))
    assert "Y013" in out and words in out, out
    assert "FIFO" not in out and "regular file" not in out, out


@pytest.mark.parametrize(
    ("lang", "words"),
    [("fr", ["catalogue défectueux", "échoue"]), ("ar", ["فهرس ترجمة معطوب", "يفشل السيناريو"])],
)
def test_the_checks_that_refuse_an_update_speak_the_language(guide_copy, tmp_path, lang, words):
    """install/guide_check.py: a failing scenario and a broken catalog in an update are
    refused in the reader's language."""
    from guide.i18n import set_language
    from guide.install.guide_check import check_guide

    _break_a_scenario(guide_copy)
    locales = tmp_path / "locales"
    (locales / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (locales / "fr" / "LC_MESSAGES" / "ui.po").write_text(
        'msgid "x"\nmsgstr "\x1b[2J"\n', encoding="utf-8"
    )
    set_language(lang)
    try:
        problems = check_guide(guide_copy, locales).problems
    finally:
        set_language("en")
    text = "\n".join(problems)
    for word in words:
        assert word in text, text
    assert "broken catalog" not in text and " fails: " not in text, text


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["le guide livré avec Dalil", "aucun", "(ajoutée)"]),
        ("ar", ["الدليل المرفق مع تطبيق دليل", "لا شيء", "مضاف"]),
    ],
)
def test_update_guide_status_and_keys_speak_the_language(
    capsys, tmp_path, monkeypatch, lang, words
):
    """'the guide shipped with Dalil', 'none' and where a key comes from were English."""
    monkeypatch.setenv("DALIL_DATA_DIR", str(tmp_path / "data"))
    out = _run(capsys, "--lang", lang, "update-guide", "--status")
    key = tmp_path / "trainer.key"
    _run(capsys, "update-guide", "--new-key", str(key))
    _run(capsys, "update-guide", "--trust-key", f"{key}.pub")
    out += _run(capsys, "--lang", lang, "update-guide", "--list-keys")
    for word in words:
        assert word in out, out
    assert "shipped with Dalil" not in out and "(added)" not in out, out
    assert "none" not in out.split(), out


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ["déjà utilisé par une question", "un texte ou true ou false"]),
        ("ar", ["مستعمل من قبل في سؤال", "أو"]),
    ],
)
def test_validate_words_the_kinds_it_names_in_the_language(capsys, guide_copy, lang, words):
    """G001 named what holds an id ('a question') and S003 the types a key may take
    ('string or boolean') in English inside translated sentences."""
    guide_yaml = guide_copy / "guide.yaml"
    text = guide_yaml.read_text(encoding="utf-8")
    out = ""
    # A derived name that is a number (the schema), then one that repeats a question's id.
    for extra in ("  twelve: 12\n", "  hours_per_day: 'child'\n"):
        guide_yaml.write_text(text.replace("derived:\n", "derived:\n" + extra, 1), "utf-8")
        out += _run(capsys, "--lang", lang, "validate", str(guide_copy))
    for word in words:
        assert word in out, out
    assert "a question" not in out and " or " not in out, out
