"""Invariants declared in a guide: `dalil test` searches every interview near the scenarios
and at random for one that breaks them, and hands the trainer a minimal answers file that
reproduces the fault under `dalil simulate`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from guide.cli import main
from guide.core.assessment import assess
from guide.core.model import LEVEL_ORDER
from guide.core.scenarios import interview_from_answers
from guide.loader import load_guide
from guide.trainer.invariants import _InvariantEnv, search

from ..conftest import FIXTURES

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "indicators"


@pytest.fixture(scope="module")
def shipped():
    result = load_guide(SHIPPED)
    assert result.guide is not None, [d.format() for d in result.diagnostics]
    return result.guide


def _copy_with(tmp_path: Path, file: str, old: str, new: str) -> Path:
    guide = tmp_path / "guide"
    shutil.copytree(SHIPPED, guide)
    path = guide / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return guide


def _level(guide, verdict_id: str) -> int:
    return next(LEVEL_ORDER[v.level] for v in guide.verdicts if v.id == verdict_id)


def test_the_shipped_guide_declares_invariants_and_all_hold(shipped):
    assert len(shipped.invariants) >= 8
    kinds = {inv.monotone for inv in shipped.invariants}
    assert {"more_signs", "unknown_to_no"} <= kinds
    report = search(shipped, random_budget=300, seed=1)
    broken = {o.invariant.id: o.counterexample.describe() for o in report.outcomes if not o.held}
    assert broken == {}
    assert report.exhaustive_done == report.exhaustive_planned > 1000
    assert report.random_interviews == 300
    # every invariant was checked on some interview (a `when` that never holds proves nothing)
    assert all(o.checked > 0 for o in report.outcomes), [
        o.invariant.id for o in report.outcomes if o.checked == 0
    ]


def test_a_broken_legal_rule_gives_a_counterexample_that_simulate_reproduces(tmp_path, capsys):
    # The adult rule without the means: what the law forbids (art. 448-1 para. 1).
    guide_dir = _copy_with(
        tmp_path, "guide.yaml", "    when: act and means and purpose", "    when: act and purpose"
    )
    out_dir = tmp_path / "cx"
    code = main(
        [
            "test",
            str(guide_dir),
            "--format",
            "json",
            "--random",
            "200",
            "--time-limit",
            "300",
            "--counterexamples",
            str(out_dir),
        ]
    )
    assert code == 1
    data = json.loads(capsys.readouterr().out)["invariants"]
    assert data["broken"] >= 1 and data["candidate_interviews"] > 0
    results = {r["id"]: r for r in data["results"]}
    broken = results["adult_grounds_need_act_means_purpose"]
    assert not broken["held"]
    (written,) = broken["counterexample"]["written"]
    assert Path(written) == out_dir / "adult_grounds_need_act_means_purpose.yaml"

    # The file alone reproduces the fault with dalil simulate...
    assert main(["simulate", str(guide_dir), "--answers", written, "--format", "json"]) == 0
    simulated = json.loads(capsys.readouterr().out)
    assert simulated["verdict"]["id"] == "reasonable_grounds_adult"
    # ...and it is the fault the invariant names: reasonable grounds without a means.
    guide = load_guide(guide_dir).guide
    answers = broken["counterexample"]["answers"]
    iv, problems = interview_from_answers(guide, answers)
    assert problems == []
    env = _InvariantEnv(guide, assess(guide, iv.state()))
    assert env.value("act") and env.value("purpose") and not env.value("means")
    # Minimal: dropping any one answer makes the fault disappear.
    for qid in answers:
        smaller = {k: v for k, v in answers.items() if k != qid}
        iv2, _ = interview_from_answers(guide, smaller)
        env2 = _InvariantEnv(guide, assess(guide, iv2.state()))
        assert not (env2.verdict == "reasonable_grounds_adult" and not env2.value("means")), qid


def test_a_non_monotone_rule_gives_a_before_and_after_file(tmp_path, capsys):
    # Papers kept would LOWER the result: one more sign must never do that.
    guide_dir = _copy_with(
        tmp_path,
        "guide.yaml",
        "    when: sign_element or several_signs or grave_sign",
        "    when: (sign_element or several_signs or grave_sign) and not documents_confiscated",
    )
    out_dir = tmp_path / "cx"
    assert (
        main(
            [
                "test",
                str(guide_dir),
                "--random",
                "3000",
                "--time-limit",
                "300",
                "--counterexamples",
                str(out_dir),
            ]
        )
        == 1
    )
    out = capsys.readouterr().out
    assert "BROKEN invariant more_signs_never_lower" in out
    assert "Invariants: " in out and " broken, of " in out
    before, after = (
        out_dir / "more_signs_never_lower.yaml",
        out_dir / "more_signs_never_lower.after.yaml",
    )
    assert before.exists() and after.exists()
    guide = load_guide(guide_dir).guide
    verdicts = []
    for path in (before, after):
        assert main(["simulate", str(guide_dir), "--answers", str(path), "--format", "json"]) == 0
        verdicts.append(json.loads(capsys.readouterr().out)["verdict"]["id"])
    assert _level(guide, verdicts[1]) < _level(guide, verdicts[0])


def test_text_output_counts_invariants_and_interviews(capsys):
    assert main(["test", str(FIXTURES / "invariants"), "--random", "50"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "2 passed, 0 failed"
    assert out[-2].startswith("Invariants: 3 held, 0 broken, of 3; ")
    assert "candidate interviews searched in" in out[-2] and "seed 0" in out[-2]


def test_time_limit_zero_skips_the_search(capsys):
    assert main(["test", str(FIXTURES / "invariants"), "--time-limit", "0"]) == 0
    assert "Invariants not searched (--time-limit 0)." in capsys.readouterr().out


def test_the_mini_fixture_breaks_an_invariant_found_at_once(tmp_path, capsys):
    src = (FIXTURES / "invariants" / "guide.yaml").read_text()
    (tmp_path / "guide.yaml").write_text(
        src.replace("require: not step(call_police)", "require: step(call_police)")
    )
    assert main(["test", str(tmp_path), "--random", "20", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)["invariants"]
    (bad,) = [r for r in data["results"] if not r["held"]]
    assert bad["id"] == "police_only_in_danger"
    # minimal: only the answer the `when` needs (an unknown danger is not "not in danger")
    assert bad["counterexample"]["answers"] == {"danger": "no"}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "require: not step(call_police)",
            "require: not step(call_polis)",
            "there is no step 'call_polis'",
        ),
        (
            'require: exploitation and control and verdict != "signs"',
            "require: unanswered(danger_derived) == 0",
            "'danger_derived' is not a question",
        ),
    ],
)
def test_invariant_conditions_are_checked_at_load(tmp_path, old, new, message):
    src = (FIXTURES / "invariants" / "guide.yaml").read_text()
    assert old in src
    (tmp_path / "guide.yaml").write_text(src.replace(old, new))
    result = load_guide(tmp_path)
    assert result.guide is None
    (d,) = [d for d in result.diagnostics if d.severity.name == "ERROR"]
    assert d.code == "G004" and d.message == message and d.line > 0 and d.col > 1


def test_step_is_only_for_invariants(tmp_path):
    src = (FIXTURES / "invariants" / "guide.yaml").read_text()
    old = "when: danger\n"
    assert old in src
    (tmp_path / "guide.yaml").write_text(
        src.replace(old, "when: danger and step(call_police)\n", 1)
    )
    result = load_guide(tmp_path)
    assert result.guide is None
    assert [d.message for d in result.diagnostics] == ["step() can only be used in invariants"]


def test_an_invariant_is_either_required_or_monotone(tmp_path):
    src = (FIXTURES / "invariants" / "guide.yaml").read_text()
    old = "    monotone: more_signs\n"
    assert old in src
    (tmp_path / "guide.yaml").write_text(src.replace(old, old + "    require: true\n"))
    result = load_guide(tmp_path)
    assert result.guide is None
    (d,) = result.diagnostics
    assert d.code == "G021" and "both `require` and `monotone`" in d.message
    assert d.line == src.splitlines().index("  - id: more_signs") + 1


def test_schema_problems_inside_a_term_or_a_grade_name_the_key(tmp_path):
    src = (FIXTURES / "invariants" / "guide.yaml").read_text()
    broken = src.replace(
        "    label: Exploitation under control\n", "    lable: Exploitation under control\n"
    )
    (tmp_path / "guide.yaml").write_text(broken)
    (d,) = load_guide(tmp_path).diagnostics
    assert d.code == "S001" and "lable" in d.message  # not "should be string or boolean"
    no_when = src.replace("    when: exploitation and control\n", "")
    (tmp_path / "guide.yaml").write_text(no_when)
    (d,) = load_guide(tmp_path).diagnostics
    assert d.code == "S002" and "when" in d.message
    grade = src.replace(
        "strength: strong, label: Papers kept}",
        "strength: {adult: strong, child: strong, sexual: strng}, label: Papers kept}",
    )
    (tmp_path / "guide.yaml").write_text(grade)
    (d,) = load_guide(tmp_path).diagnostics
    assert d.code == "S004" and "strng" in d.message


def test_counterexample_answers_read_back_the_same():
    from guide.commands.simulate import read_answers
    from guide.core.model import Invariant
    from guide.trainer.invariants import Counterexample, answers_yaml

    guide = load_guide(FIXTURES / "invariants").guide
    answers = {"danger": "no", "hours": 14, "papers": "null", "x": "true", "y": 12.0, "z": 7.5}
    cx = Counterexample(Invariant("i", "t", monotone="more_signs"), answers, "grounds")
    path = Path(__file__).parent / "_roundtrip.yaml"
    try:
        path.write_text(answers_yaml(cx, guide), encoding="utf-8")
        read, error = read_answers(str(path))
    finally:
        path.unlink(missing_ok=True)
    assert error == "" and read == {**answers, "y": 12}


def test_the_same_seed_gives_the_same_search(tmp_path):
    guide = load_guide(FIXTURES / "invariants").guide
    one, two = (search(guide, random_budget=300, seed=5) for _ in range(2))
    assert [(o.invariant.id, o.checked) for o in one.outcomes] == [
        (o.invariant.id, o.checked) for o in two.outcomes
    ]
    assert one.interviews == two.interviews


def test_a_change_back_to_the_scenario_answer_is_checked_too(tmp_path):
    # grounds when exploitation and NOT control: papers no -> yes lowers the verdict. The
    # only scenario has papers: yes, so the fault is one change away, in the other direction.
    src = (FIXTURES / "invariants" / "guide.yaml").read_text()
    src = src.replace(
        "    when: exploitation and control\n", "    when: exploitation and not control\n"
    )
    src = src.replace(
        '    require: exploitation and control and verdict != "signs"\n',
        '    require: exploitation and verdict != "signs"\n',
    )
    src = src.replace(
        "expect: {verdict: grounds, steps_exclude: [call_police]}",
        "expect: {verdict: signs, steps_exclude: [call_police]}",
    )
    (tmp_path / "guide.yaml").write_text(src)
    guide = load_guide(tmp_path).guide
    assert guide is not None
    report = search(guide, random_budget=0)
    (bad,) = [o for o in report.outcomes if not o.held]
    assert bad.invariant.id == "more_signs" and bad.counterexample.change[0] == "papers"


def test_an_invariant_that_is_never_checked_says_so(tmp_path, capsys):
    src = (FIXTURES / "invariants" / "guide.yaml").read_text()
    old = '    when: verdict == "grounds"\n'
    assert old in src
    (tmp_path / "guide.yaml").write_text(src.replace(old, "    when: danger and not danger\n"))
    assert main(["test", str(tmp_path), "--random", "50"]) == 0
    out = capsys.readouterr().out
    assert "NOT CHECKED invariant grounds_need_both" in out and "1 not checked" in out


def test_counterexample_folder_problems_are_found_before_the_search(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["test", str(FIXTURES / "invariants"), "--counterexamples", str(blocker)]) == 2
    captured = capsys.readouterr()
    assert f"cannot use {blocker} for the counterexamples" in captured.err
    assert captured.out == ""  # refused at once, before any search
    with pytest.raises(SystemExit) as stop:
        main(["test", str(FIXTURES / "invariants"), "--random", "-5"])
    assert stop.value.code == 2
    assert "give a number of interviews, 0 or more" in capsys.readouterr().err


def test_a_search_stopped_by_the_time_limit_does_not_claim_that_invariants_held(capsys):
    assert main(["test", str(SHIPPED), "--time-limit", "0.5"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Invariants:"))
    assert "not broken so far" in line and "the time limit stopped it" in line
    assert " held," not in line
