import io
import shutil

import pytest

from guide.cli import main
from guide.loader import load_guide

from .helpers import MINI, SHIPPED


def _run(monkeypatch, capsys, stdin_text, *args):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin_text))
    code = main(["new-scenario", *args])
    return code, capsys.readouterr()


@pytest.fixture
def guide_copy(tmp_path):
    target = tmp_path / "guide"
    shutil.copytree(MINI, target)
    return target


def test_prompt_writes_a_scenario_that_passes(monkeypatch, capsys, guide_copy):
    out_file = guide_copy / "scenarios" / "written.yaml"
    # danger: no; age: 2) adult; age_uncertain: n; job: no; pay: no; hours 14; paid: ? ;
    # then id and title.
    answers = 'n\n2\nn\nno\n2\n14\n?\nadult_deceived\nAdult "deceived": job & pay\n'
    code, captured = _run(monkeypatch, capsys, answers, str(guide_copy), "-o", str(out_file))
    assert code == 0, captured.err
    assert (
        "== Work ==" in captured.out and "[hours] How many hours a day do you work?" in captured.out
    )
    assert "  verdict: assess — Indicators present" in captured.out
    text = out_file.read_text(encoding="utf-8")
    assert "  - id: adult_deceived\n" in text
    assert '    title: "Adult \\"deceived\\": job & pay"\n' in text
    assert "      hours: 14\n" in text and "      paid: dont_know\n" in text
    assert (
        "      verdict: assess\n      elements: [recruitment]\n      steps: [explain_rights]\n      urgent: false\n"
        in text
    )
    assert text.startswith("# yaml-language-server: $schema=")
    # The saved file is a valid part of the guide, and dalil test passes it.
    result = load_guide(guide_copy)
    assert result.ok, [d.format() for d in result.diagnostics]
    new = next(s for s in result.guide.scenarios if s.id == "adult_deceived")
    assert dict(new.answers) == {
        "danger": "no",
        "age_band": "adult",
        "age_uncertain": "no",
        "job_as_promised": "no",
        "pay_as_promised": "no",
        "hours": 14,
        "paid": "dont_know",
    }
    assert main(["test", str(guide_copy), "-k", "adult_deceived"]) == 0
    assert capsys.readouterr().out.strip().endswith("1 passed, 0 failed")


def test_back_change_skip_and_urgent(monkeypatch, capsys, guide_copy):
    out_file = guide_copy / "s.yaml"
    # danger yes (urgent), age under_18, job: no, then back and change job to yes (pay is no
    # longer asked), hours: skip, paid: declined.
    answers = "y\nunder_18\nn\nb\ny\ns\n-\n\n\n"
    code, captured = _run(monkeypatch, capsys, answers, str(guide_copy), "-o", str(out_file))
    assert code == 0, captured.err
    assert "URGENT: 'danger' = yes calls for the emergency steps (Police)." in captured.out
    assert "  current answer: no" in captured.out  # the back step shows the answer given
    text = out_file.read_text(encoding="utf-8")
    assert "  - id: new_scenario\n" in text  # the default id, taken from an empty reply
    assert "job_as_promised: yes" in text and "pay_as_promised" not in text
    assert "hours: skipped" in text and "paid: declined" in text and "urgent: true" in text
    assert main(["test", str(guide_copy), "-k", "new_scenario"]) == 0


def test_bad_answers_are_asked_again_and_eof_saves(monkeypatch, capsys, guide_copy):
    answers = "maybe\n7\nn\n2\nn\nn\nn\n99\n"  # input ends during the interview (at hours)
    code, captured = _run(
        monkeypatch, capsys, answers, str(guide_copy), "--id", "partial", "--title", "Partial"
    )
    assert code == 0
    assert "'maybe' is not an answer to 'danger'" in captured.out
    assert "'7' is not an answer to 'danger'" in captured.out
    assert "'99' is not an answer to 'hours'" in captured.out
    # Without -o the scenario is printed, after the conversation.
    yaml_part = captured.out.split("\nscenarios:\n")[1]
    assert '  - id: partial\n    title: "Partial"\n' in yaml_part
    assert "hours" not in yaml_part.split("expect:")[0]


def test_taken_or_invalid_id_is_asked_again(monkeypatch, capsys, guide_copy):
    answers = "q\ns1\nBad Id\nfresh\n\n"
    code, captured = _run(monkeypatch, capsys, answers, str(guide_copy))
    assert code == 0
    assert "The guide already has a scenario 's1'." in captured.out
    assert "Ids are lower_snake_case" in captured.out
    assert "  - id: fresh\n" in captured.out
    assert "    answers: {}\n" in captured.out


def test_existing_output_needs_force(monkeypatch, capsys, guide_copy):
    target = guide_copy / "exists.yaml"
    target.write_text("# keep me\n")
    code, captured = _run(monkeypatch, capsys, "q\n", str(guide_copy), "-o", str(target))
    assert code == 2 and "--force" in captured.err
    assert target.read_text() == "# keep me\n"
    code, _ = _run(monkeypatch, capsys, "q\nx1\n\n", str(guide_copy), "-o", str(target), "--force")
    assert code == 0 and "id: x1" in target.read_text()


def test_shipped_guide_scenario_round_trip(monkeypatch, capsys, tmp_path):
    if not SHIPPED.is_dir():
        pytest.skip("the shipped guide is not in this checkout")
    guide = tmp_path / "indicators"
    shutil.copytree(SHIPPED, guide)
    out_file = guide / "scenarios" / "from_prompt.yaml"
    # Answer the first option of every question (a number's minimum) until the end.
    replies = []
    from guide.core.engine import Interview

    iv = Interview(load_guide(guide).guide)
    while (q := iv.current()) is not None:
        value = q.min if q.type == "number" else q.options[0].id
        value = int(value) if isinstance(value, float) and value.is_integer() else value
        replies.append(str(value))
        iv.answer(q.id, value)
    code, captured = _run(
        monkeypatch,
        capsys,
        "\n".join([*replies, "from_prompt", "All first answers", ""]),
        str(guide),
        "-o",
        str(out_file),
    )
    assert code == 0, captured.err
    assert main(["test", str(guide), "-k", "from_prompt"]) == 0


def test_hints_when_the_file_would_not_be_read(monkeypatch, capsys, guide_copy, tmp_path):
    outside = tmp_path / "elsewhere.txt"
    code, captured = _run(monkeypatch, capsys, "q\nx2\n\n", str(guide_copy), "-o", str(outside))
    assert code == 0
    assert "rename it to end in .yaml" in captured.out
    assert "outside the guide folder" in captured.out
    inside = guide_copy / "scenarios" / "x3.yaml"
    code, captured = _run(monkeypatch, capsys, "q\nx3\n\n", str(guide_copy), "-o", str(inside))
    assert code == 0 and "Note:" not in captured.out
