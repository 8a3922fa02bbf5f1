import json

import pytest

from guide.cli import main
from guide.loader import load_guide
from guide.trainer.coverage import coverage, trace_scenarios

from .helpers import COV, MINI, SHIPPED

# Worked out by hand from tests/trainer/fixtures/cov/guide.yaml and its three scenarios.
EXPECTED = {
    "question": (4, 4),  # q_c is covered by sc3's active "dont_know"
    "answer": (5, 9),  # q_a yes/no, q_b green, q_n ">= 50" (sc2) and "no rule" (sc1)
    "indicator": (3, 4),  # ind_w is never raised
    "element": (2, 2),  # e1 present in sc1/sc3, absent in sc2; e2 the other way round
    "verdict": (1, 3),  # only v_one
    "rule": (2, 3),  # r_both never holds
}


@pytest.fixture(scope="module")
def cov_guide():
    result = load_guide(COV)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.guide


def test_known_coverage(cov_guide):
    report = coverage(cov_guide)
    for kind, counts in EXPECTED.items():
        assert report.counts(kind) == counts, kind
    assert report.counts() == (17, 25)
    assert report.percent() == pytest.approx(68.0)
    missing = {(i.kind, i.id) for i in report.missing()}
    assert missing == {
        ("answer", "q_b=red"),
        ("answer", "q_b=blue"),
        ("answer", "q_c=yes"),
        ("answer", "q_c=no"),
        ("indicator", "ind_w"),
        ("verdict", "v_both"),
        ("verdict", "v_none"),
        ("rule", "r_both"),
    }


def test_unknown_answers_reach_the_question_but_cover_no_answer(cov_guide):
    sc3 = [t for t in trace_scenarios(cov_guide) if t.scenario.id == "sc3"]
    report = coverage(cov_guide, sc3)
    by_id = {i.id: i for i in report.items}
    assert by_id["q_c"].covered and by_id["q_c"].by == ("sc3",)
    assert not by_id["q_c=yes"].covered and not by_id["q_c=no"].covered
    assert not by_id["q_n: value >= 50"].covered and not by_id["q_n: no rule holds"].covered


def test_element_needs_both_sides(cov_guide):
    only_sc1 = [t for t in trace_scenarios(cov_guide) if t.scenario.id == "sc1"]
    report = coverage(cov_guide, only_sc1)
    by_id = {i.id: i for i in report.items}
    assert not by_id["e1"].covered and by_id["e1"].note.startswith("present in every scenario")
    assert not by_id["e2"].covered and by_id["e2"].note == "never present"


def test_answer_given_to_a_question_not_asked_covers_nothing(tmp_path):
    text = (COV / "guide.yaml").read_text()
    # q_b is only asked when q_a is yes: this answer does not count.
    text = text.replace("answers: {q_a: no, q_n: 60}", "answers: {q_a: no, q_b: red, q_n: 60}")
    (tmp_path / "guide.yaml").write_text(text)
    guide = load_guide(tmp_path).guide
    report = coverage(guide)
    by_id = {i.id: i for i in report.items}
    assert not by_id["q_b=red"].covered
    assert report.failing == ["sc2"]  # run_scenario flags the answer as not asked


def test_no_scenarios_is_zero_percent(tmp_path):
    text = (COV / "guide.yaml").read_text()
    (tmp_path / "guide.yaml").write_text(text.split("scenarios:")[0])
    report = coverage(load_guide(tmp_path).guide)
    assert report.scenarios == 0 and report.percent() == 0.0


def test_test_command_coverage_table(capsys):
    assert main(["test", str(COV), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "  answers                 5      9    56%" in out
    assert "  total                  17     25    68%" in out
    assert "  verdict    v_both  (cov/guide.yaml:" in out
    assert out.strip().splitlines()[-1] == "3 passed, 0 failed"


def test_test_command_json(capsys):
    assert main(["test", str(COV), "--coverage", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["passed"] == 3 and data["failed"] == 0
    cov = data["coverage"]
    assert (cov["covered"], cov["total"], cov["percent"]) == (17, 25, 68.0)
    assert cov["kinds"]["rule"]["not_covered"][0]["id"] == "r_both"
    assert cov["kinds"]["rule"]["not_covered"][0]["where"].startswith("cov/guide.yaml:")


def test_test_command_json_without_coverage(capsys):
    assert main(["test", str(MINI), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "coverage" not in data and [s["id"] for s in data["scenarios"]] == [
        "s1",
        "s2",
        "s3",
        "s4",
    ]


def test_fail_under(capsys):
    assert main(["test", str(COV), "--fail-under", "68"]) == 0
    assert main(["test", str(COV), "--fail-under", "68.5"]) == 1
    out = capsys.readouterr().out
    assert "Coverage 68.0% is under the required 68.5%." in out
    assert main(["test", str(COV), "--fail-under", "90", "--format", "json"]) == 1


def test_fail_under_rejects_bad_numbers(capsys):
    with pytest.raises(SystemExit):
        main(["test", str(COV), "--fail-under", "150"])
    assert "between 0 and 100" in capsys.readouterr().err


def test_selection_restricts_coverage(capsys):
    assert main(["test", str(COV), "-k", "sc1", "--coverage", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["coverage"]["scenarios"] == 1
    assert data["coverage"]["kinds"]["element"]["covered"] == 0


def test_shipped_guide_coverage_runs():
    if not SHIPPED.is_dir():
        pytest.skip("the shipped guide is not in this checkout")
    guide = load_guide(SHIPPED).guide
    report = coverage(guide)
    assert report.scenarios == len(guide.scenarios) > 0
    covered, total = report.counts()
    assert 0 < covered <= total
    assert report.counts("question")[1] == len(guide.questions)
    assert report.counts("verdict")[1] == len(guide.verdicts)
