"""dalil simulate and dalil explain: answers the interview does not ask, what could change
the result, and the basis of the verdict, of the steps and of the named terms."""

import contextlib
import json
from pathlib import Path

from guide.cli import main

from ..conftest import FIXTURES

MINI = str(FIXTURES / "mini")
SHIPPED = str(Path(__file__).resolve().parents[2] / "indicators")

DECLINED_FIRST_SCREEN = """\
immediate_danger: no
hurt_or_ill: no
basic_needs: no
unsafe_person_present: no
interpreter: not_needed
looks_under_18: no
consent_given: yes
age_band: adult
sq_not_as_promised: declined
sq_stopped_from_leaving: declined
sq_papers_kept: declined
sq_hurt: declined
sq_threatened: declined
sq_debt: declined
sq_made_to_do: declined
"""


def test_an_answer_to_a_question_not_asked_is_a_warning_not_a_failure(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    # age_uncertain is asked only when the age band is not under 18
    answers.write_text("danger: no\nage_band: under_18\nage_uncertain: yes\npaid: no\n")
    assert main(["simulate", MINI, "--answers", str(answers)]) == 0
    captured = capsys.readouterr()
    assert "warning: the answer to 'age_uncertain' is left out" in captured.err
    assert main(["simulate", MINI, "--answers", str(answers), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ignored"] == [{"question": "age_uncertain", "answer": "yes"}]
    assert data["problems"] == []


def test_real_problems_still_fail_and_ignored_answers_are_listed_too(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    answers.write_text("danger: maybe\nage_band: under_18\nage_uncertain: yes\n")
    assert main(["simulate", MINI, "--answers", str(answers), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["problems"] == ["'maybe' is not an answer to 'danger'"]
    assert [i["question"] for i in data["ignored"]] == ["age_uncertain"]


def test_the_help_says_what_the_exit_status_means(capsys):
    with contextlib.suppress(SystemExit):
        main(["simulate", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "left out with a warning" in text and "Exit status: 0" in text


def test_simulate_shows_what_could_change_the_result(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "danger: no\nage_band: adult\nage_uncertain: no\n"
        "job_as_promised: dont_know\nhours: dont_know\npaid: dont_know\n"
    )
    assert main(["simulate", MINI, "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    section = out[out.index("What could change the result:") :]
    assert "two answers together" in section
    assert "“How many hours a day do you work?” → 12" in section
    # the ones that matter first in the long list
    unknown = out[out.index("Still unknown") :].splitlines()
    assert "hours" in unknown[1] and "matters with 1 other answer" in unknown[1]
    assert main(["simulate", MINI, "--answers", str(answers), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    what_if = data["what_if"]
    assert what_if["complete"] is True
    assert what_if["change_sets"] == [
        {
            "answers": [{"question": "hours", "answer": 12}, {"question": "paid", "answer": "no"}],
            "verdict": "assess",
            "level": "medium",
        }
    ]
    assert [u["rank"] for u in data["unknowns"]] == [2, 2, None]


def test_simulate_says_honestly_when_nothing_can_change_it(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "danger: dont_know\nage_band: adult\nage_uncertain: no\n"
        "job_as_promised: no\npay_as_promised: no\nhours: 14\npaid: no\n"
    )
    assert main(["simulate", MINI, "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    assert (
        "No combination of up to three of the unanswered questions would change the result."
    ) in out
    assert main(["simulate", MINI, "--answers", str(answers), "--what-if-budget", "0"]) == 0
    out = capsys.readouterr().out
    assert "the search stopped before" in out.lower()
    assert "No combination" not in out


def test_declined_first_screen_on_the_shipped_guide(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    answers.write_text(DECLINED_FIRST_SCREEN)
    assert main(["simulate", SHIPPED, "--answers", str(answers), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["what_if"]["change_sets"]
    sizes = [len(s["answers"]) for s in data["what_if"]["change_sets"]]
    assert sizes == sorted(sizes)


def test_basis_of_verdict_steps_and_terms(tmp_path, capsys):
    answers = tmp_path / "a.yaml"
    answers.write_text(DECLINED_FIRST_SCREEN)
    assert main(["simulate", SHIPPED, "--answers", str(answers)]) == 0
    out = capsys.readouterr().out
    head = out[: out.index("Elements:")]
    assert "  basis: " in head  # the verdict's
    steps = out[out.index("Referral steps:") : out.index("What could change")]
    assert "      basis: " in steps
    assert main(["simulate", SHIPPED, "--answers", str(answers), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verdict"]["basis"]
    assert all("basis" in s for s in data["steps"])
    assert any(s["basis"] for s in data["steps"])
    if data["terms"]:
        assert "Terms of the definition:" in head
        assert {t["holds"] for t in data["terms"]} <= {True, False, None}
        assert all(t["label"] for t in data["terms"])


def test_explain_shows_the_basis(capsys):
    assert main(["explain", "verdict:assess_further", SHIPPED]) == 0
    assert "  basis: " in capsys.readouterr().out
    assert main(["explain", "step:call_police", SHIPPED]) == 0
    assert "  basis: " in capsys.readouterr().out
