import json

from guide.cli import main

from .conftest import FIXTURES

MINI = str(FIXTURES / "mini")


def test_validate_clean(capsys):
    assert main(["validate", MINI]) == 0
    assert "0 errors, 0 warnings" in capsys.readouterr().out


def test_validate_json_on_broken(tmp_path, capsys):
    (tmp_path / "g.yaml").write_text("guide:\n  id: x\n  idd: y\n")
    assert main(["validate", str(tmp_path), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert any(d["code"] == "S001" and d["line"] == 3 for d in data)


def test_test_command_summary_line(capsys):
    assert main(["test", MINI]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "4 passed, 0 failed"


def test_test_command_fails_on_wrong_expectation(tmp_path, capsys):
    text = (FIXTURES / "mini" / "guide.yaml").read_text()
    (tmp_path / "guide.yaml").write_text(
        text.replace(
            "expect: {verdict: alert, elements: [], steps: [call_police",
            "expect: {verdict: grounds, elements: [], steps: [call_police",
        )
    )
    assert main(["test", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "FAIL s3" in out and "verdict: expected grounds, got alert" in out
    assert out.strip().splitlines()[-1] == "3 passed, 1 failed"


def test_simulate_text_and_json(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    answers.write_text("danger: yes\nage_band: under_18\npaid: no\n")
    assert main(["simulate", MINI, "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert "URGENT" in out and "Call the police now." in out
    assert main(["simulate", MINI, "--answers", str(answers), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["urgent"] == [{"question": "danger", "answer": "yes"}]
    assert data["child"] is True


def test_simulate_bad_answers_file(tmp_path, capsys):
    bad = tmp_path / "a.yaml"
    bad.write_text("danger: [\n")
    assert main(["simulate", MINI, "--answers", str(bad)]) == 2
    assert "Y001" in capsys.readouterr().err
    assert main(["simulate", MINI, "--answers", str(tmp_path / "missing.yaml")]) == 2


def test_simulate_reports_answers_it_cannot_use(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    answers.write_text("danger: maybe\nnot_a_question: yes\nage_band: adult\n")
    assert main(["simulate", MINI, "--answers", str(answers)]) == 1
    err = capsys.readouterr().err
    assert "'maybe' is not an answer to 'danger'" in err
    assert "there is no question 'not_a_question'" in err
