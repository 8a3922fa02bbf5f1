import pytest

from guide.cli import main
from guide.commands.explain_cmd import explain_id, find, ids_by_kind
from guide.loader import load_guide

from .helpers import COV, MINI, SHIPPED


def _explain(capsys, *args):
    code = main(["explain", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_question(capsys):
    code, out, _ = _explain(capsys, "pay_as_promised", str(MINI))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "question pay_as_promised — mini/guide.yaml:49"
    assert "  module work (Work), question 5 of 7; asked to the person" in lines
    assert "    its own condition holds: not job_as_promised" in lines
    assert "    no → raises deceived_pay" in lines
    assert "    s1: dont_know (counts)" in lines
    assert "    s2: no (counts)" in lines
    assert "  read by: no condition reads it" in lines


def test_question_read_by_conditions_and_not_asked(tmp_path, capsys):
    code, out, _ = _explain(capsys, "age_band", str(MINI))
    assert code == 0
    assert '    question age_uncertain: age_band != "under_18"' in out
    assert '    derived child: age_band == "under_18" or age_uncertain' in out
    text = (COV / "guide.yaml").read_text()
    (tmp_path / "guide.yaml").write_text(
        text.replace("answers: {q_a: no, q_n: 60}", "answers: {q_a: no, q_b: red, q_n: 60}")
    )
    code, out, _ = _explain(capsys, "q_b", str(tmp_path))
    assert "    sc2: red (NOT ASKED on this path)" in out


def test_number_question_and_urgent_answer(capsys):
    _, out, _ = _explain(capsys, "hours", str(MINI))
    assert "  answers: a number, 0 to 24" in out
    assert "    value >= 12 → raises long_hours" in out
    _, out, _ = _explain(capsys, "danger", str(MINI))
    assert "    yes → URGENT (emergency steps)" in out
    assert "    referral rule danger_rule: danger" in out


def test_indicator(capsys):
    code, out, _ = _explain(capsys, "no_pay", str(MINI))
    assert code == 0
    assert out.splitlines()[0] == "indicator no_pay — mini/guide.yaml:21"
    assert "  strength: medium for adults, strong for children" in out
    assert "    question paid = no" in out
    assert "    element exploitation (Exploitation), present when" in out
    assert "  raised in scenarios: s2, s4" in out


def test_element_verdict_rule_step_contact(capsys):
    _, out, _ = _explain(capsys, "exploitation", str(MINI))
    assert (
        "    long_hours (strong)" in out
        and "    verdict grounds: recruitment and exploitation" in out
    )
    assert "  present in scenarios: s2, s4" in out and "  absent in scenarios: s1, s3" in out
    _, out, _ = _explain(capsys, "grounds", str(MINI))
    assert "  result when: recruitment and exploitation (verdict 1 of 3)" in out
    assert '    referral rule grounds_rule: verdict == "grounds"' in out
    assert "  result of scenarios: s2" in out
    _, out, _ = _explain(capsys, "alert", str(MINI))
    assert "the last, unconditional one" in out
    assert "  result of scenarios: s1, s3" in out
    _, out, _ = _explain(capsys, "grounds_rule", str(MINI))
    assert (
        '  applies when: verdict == "grounds"' in out
        and "    hotline [Urgent] Call the hotline." in out  # the wizard's and reports' word
    )
    assert "  holds in scenarios: s2" in out
    _, out, _ = _explain(capsys, "call_police", str(MINI))
    assert "    danger_rule: danger" in out and "  shown in scenarios: s3" in out
    _, out, _ = _explain(capsys, "police", str(MINI))
    # the contact's parts, as the wizard and the reports show them
    assert "  verified on 28 November 2026" in out and "the emergency key" in out
    assert "  Police" in out and "  national" in out


def test_derived_place_read_back_from_yaml(capsys):
    _, out, _ = _explain(capsys, "child", str(MINI))
    assert out.splitlines()[0] == "derived child — mini/guide.yaml:13"
    assert "decides which indicator strength applies" in out


def test_module_and_scenario(capsys):
    _, out, _ = _explain(capsys, "second", str(COV))
    assert "  applies when: q_a" in out and "  questions: q_c" in out
    _, out, _ = _explain(capsys, "sc2", str(COV))
    assert "  outcome: verdict v_one; elements e2" in out and "  passes" in out


def test_one_id_naming_several_things(tmp_path, capsys):
    # Referral rules have their own namespace: a rule may share a question's id.
    text = (MINI / "guide.yaml").read_text().replace("- id: danger_rule", "- id: danger")
    (tmp_path / "guide.yaml").write_text(text)
    _, out, _ = _explain(capsys, "danger", str(tmp_path))
    assert "question danger —" in out and "referral rule danger —" in out
    _, out, _ = _explain(capsys, "rule:danger", str(tmp_path))
    assert "question danger —" not in out and out.startswith("referral rule danger —")


def test_unknown_id_did_you_mean(capsys):
    code, out, err = _explain(capsys, "age_bnd", str(MINI))
    assert code == 1 and out == ""
    assert "Nothing in the guide has the id 'age_bnd'. Did you mean 'age_band'?" in err
    code, _, err = _explain(capsys, "qqqqqq", str(MINI))
    assert code == 1 and "'dalil graph' shows them all" in err
    matches, suggestions = find(load_guide(MINI).guide, "step:hotlin")
    assert matches == [] and suggestions == ["hotline"]


def test_every_id_of_the_shipped_guide_explains():
    if not SHIPPED.is_dir():
        pytest.skip("the shipped guide is not in this checkout")
    guide = load_guide(SHIPPED).guide
    for kind, ids in ids_by_kind(guide).items():
        for ident in ids[:2]:
            lines, found = explain_id(guide, f"{kind}:{ident}")
            word = "referral rule" if kind == "rule" else kind
            assert found and lines[0].startswith(f"{word} {ident} — "), lines[0]
            assert "(place unknown)" not in lines[0], lines[0]


def test_derived_with_raised_in_reads_and_holds(tmp_path, capsys):
    text = (MINI / "guide.yaml").read_text(encoding="utf-8")
    text = text.replace("derived:\n", 'derived:\n  work_signs: "raised_in(exploitation) >= 1"\n')
    text = text.replace(
        "    when: recruitment or exploitation\n", "    when: work_signs or recruitment\n"
    )
    (tmp_path / "guide.yaml").write_text(text, encoding="utf-8")
    code, out, _ = _explain(capsys, "work_signs", str(tmp_path))
    assert code == 0
    assert "  reads: exploitation" in out
    assert "    verdict assess: work_signs or recruitment" in out
    # s1 raises long_hours (exploitation), s2 and s4 too; s3 raises nothing.
    assert "  holds in scenarios: s1, s2, s4" in out
    _, out, _ = _explain(capsys, "exploitation", str(tmp_path))
    assert "    derived work_signs: raised_in(exploitation) >= 1" in out


def test_answer(capsys):
    code, out, _ = _explain(capsys, "paid=no", str(MINI))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "answer paid=no — mini/guide.yaml:60"
    assert "    no_pay (element exploitation)" in lines
    assert "  given in scenarios: s2, s4" in lines
    _, out, _ = _explain(capsys, "danger=yes", str(MINI))
    assert "  URGENT: interrupts the interview with the emergency steps" in out
    assert "    referral rule danger_rule: danger" in out
    _, out, _ = _explain(capsys, "age_band=adult", str(MINI))
    assert '    question age_uncertain: age_band != "under_18"' in out
    code, _, err = _explain(capsys, "paid=nope", str(MINI))
    assert code == 1 and "Did you mean 'paid=no'" in err


def test_answer_given_but_not_asked(tmp_path, capsys):
    text = (COV / "guide.yaml").read_text()
    (tmp_path / "guide.yaml").write_text(
        text.replace("answers: {q_a: no, q_n: 60}", "answers: {q_a: no, q_b: red, q_n: 60}")
    )
    _, out, _ = _explain(capsys, "q_b=red", str(tmp_path))
    assert "  given in scenarios: none" in out
    assert "  given but not asked in scenarios: sc2" in out
