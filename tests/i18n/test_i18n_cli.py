"""The command line in three languages: `--lang`, else LANGUAGE/LC_ALL/LANG; codes unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.cli import main
from guide.i18n.cli import cli_language, language_from_argv, language_from_environment
from tests.sessions.conftest import PASSPHRASE, data_dir, passphrase_file, store  # noqa: F401

BROKEN = Path(__file__).resolve().parents[1] / "broken"
MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--lang", "fr", "validate"], "fr"),
        (["--lang=ar", "sessions", "list"], "ar"),
        (["--bidi", "app", "--lang", "ar"], "ar"),
        (["--guide", "--lang", "validate"], None),  # "--lang" is --guide's value here
        # the export's own --lang is the report's language, not the command line's
        (["sessions", "export", "X", "--lang", "ar"], None),
        (["--lang", "xx", "validate"], None),
        (["--lang", "fr_MA"], "fr"),
        (["--", "--lang", "fr"], None),
    ],
)
def test_language_from_the_command_line(argv, expected):
    assert language_from_argv(argv) == expected


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANGUAGE": "de:fr_MA:ar", "LANG": "ar_MA.UTF-8"}, "fr"),
        ({"LC_ALL": "ar_MA.UTF-8", "LANG": "fr_FR.UTF-8"}, "ar"),
        ({"LC_MESSAGES": "fr_FR@euro", "LANG": "ar_MA.UTF-8"}, "fr"),
        ({"LANG": "ar_MA.UTF-8"}, "ar"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LC_ALL": "POSIX", "LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, None),
        ({}, None),
    ],
)
def test_language_from_the_environment(environ, expected):
    assert language_from_environment(environ) == expected


def test_the_option_wins_over_the_environment():
    assert cli_language(["--lang", "fr"], {"LANG": "ar_MA.UTF-8"}) == "fr"
    assert cli_language(["validate"], {"LANG": "ar_MA.UTF-8"}) == "ar"
    assert cli_language(["validate"], {"LANG": "de_DE.UTF-8"}) == "en"


def test_validate_a_broken_guide_in_french(capsys):
    code = main(["--lang", "fr", "validate", str(BROKEN / "G001-duplicate-id.yaml")])
    out = capsys.readouterr().out
    assert code == 1
    assert "erreur G001:" in out  # the stable code is unchanged
    # French sets a narrow no-break space before ':'.
    assert "conseil\u202f:" in out and "hint:" not in out
    assert "1 fichier\u202f: 1 erreur, 0 avertissement" in out


def test_help_and_argparse_errors_in_arabic(capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ar_MA.UTF-8")
    with pytest.raises(SystemExit) as raised:
        main(["sessions", "--help"])
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("الاستعمال: dalil sessions")
    assert "عرض المقابلات المحفوظة أو استئنافها أو تصديرها أو حذفها" not in out  # top level
    assert "حذف المقابلات نهائيًا" in out
    with pytest.raises(SystemExit) as raised:
        main(["sessions", "export"])
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert "dalil sessions export: خطأ: الوسائط التالية مطلوبة: id" in err


def _interview(store) -> str:  # noqa: F811
    with store.create("mini", "0.1", "ar") as writer:
        for qid, value in [("danger", "no"), ("age_band", "adult"), ("hours", 14)]:
            writer.append({"kind": "answer", "question": qid, "value": value})
        return writer.id


def test_export_speaks_arabic_and_french(store, data_dir, passphrase_file, tmp_path, capsys):  # noqa: F811
    session = _interview(store)
    options = ["--data-dir", str(data_dir), "--passphrase-file", str(passphrase_file)]
    report = tmp_path / "report.md"
    argv = ["sessions", "export", session, "--guide", str(MINI), "-o", str(report), *options]
    assert main(["--lang", "ar", *argv, "--format", "md"]) == 0
    err = capsys.readouterr().err
    assert f"كُتب التقرير في {report}. التقرير غير مشفّر" in err
    assert report.read_text(encoding="utf-8").startswith("# تقرير الإحالة")  # the interview's
    assert main(["--lang", "fr", *argv, "--lang", "fr", "--format", "md"]) == 0
    err = capsys.readouterr().err
    assert f"Rapport écrit dans {report}. Il n'est pas chiffré" in err
    assert main([*argv]) == 0
    assert "It is not encrypted" in capsys.readouterr().err


def test_purge_asks_in_the_officers_language(store, data_dir, passphrase_file, capsys, monkeypatch):  # noqa: F811
    session = _interview(store)
    options = ["--data-dir", str(data_dir), "--passphrase-file", str(passphrase_file)]
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "oui")
    assert main(["--lang", "fr", "sessions", "purge", session, *options]) == 0
    # A narrow no-break space before '?' and ':', as French sets them.
    assert asked == ["Supprimer 1 entretien\u202f? C'est irréversible. Tapez « oui »\u202f: "]
    assert "1 entretien supprimé." in capsys.readouterr().out


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_broken_guide_is_explained_in_the_officers_language(language, capsys):
    """Each diagnostic of tests/broken, message and hint, comes from the catalog: no text is
    left in English (marked "~ "), and the codes and places stay as they are."""
    for path in sorted(BROKEN.glob("*.yaml")):
        main(["--lang", language, "validate", str(path)])
        out = capsys.readouterr().out
        code = path.name.split("-")[0]
        assert f" {code}: " in out, (path.name, out)
        assert "~ " not in out, (path.name, out)
        assert "hint:" not in out and " error " not in out, (path.name, out)


def test_json_diagnostics_stay_english_for_tools(capsys):
    main(["--lang", "fr", "validate", "--format", "json", str(BROKEN / "Y002-tab.yaml")])
    out = capsys.readouterr().out
    assert '"message": "a tab is used for indentation"' in out
