"""The pieces the legal rules are built from: terms with their words and basis,
unanswered() and step() in conditions, steps_exclude in scenarios."""

from __future__ import annotations

from pathlib import Path

from guide.cli import main
from guide.core.conditions import parse_condition
from guide.loader import load_guide

from ..conftest import FIXTURES

SHIPPED = Path(__file__).resolve().parents[2] / "indicators"


class _Env:
    def __init__(self, raw: dict, unanswered: set | None = None, steps: set | None = None):
        self._raw, self._unanswered, self._steps = raw, unanswered, steps

    def value(self, name):
        return self._raw.get(name)

    def raw(self, name):
        return self._raw.get(name)

    def __getattr__(self, name):
        if name == "unanswered" and self._unanswered is not None:
            return lambda q: q in self._unanswered
        if name == "has_step" and self._steps is not None:
            return lambda s: s in self._steps
        raise AttributeError(name)


def test_unanswered_counts_unknown_and_missing_answers():
    cond = parse_condition("unanswered(a, b, c, d) >= 3")
    assert cond(_Env({"a": "declined", "b": "dont_know", "c": "skipped", "d": "yes"}))
    assert not cond(_Env({"a": "declined", "b": "no", "c": "yes"}))  # d missing: 2
    assert cond(_Env({"d": "yes"}))  # a, b, c never answered
    # An environment that knows which questions apply decides, not the raw answers.
    assert not cond(_Env({}, unanswered={"a"}))


def test_step_reads_the_result_and_is_unknown_elsewhere():
    cond = parse_condition("step(report_prosecutor)")
    assert cond.steps == (("report_prosecutor", 5),) and not cond.names
    assert cond(_Env({}, steps={"report_prosecutor"}))
    assert not cond(_Env({}, steps=set()))
    assert cond.evaluate(_Env({})) is None  # no result to look at: unknown, never true


def test_shipped_terms_carry_words_and_a_legal_basis():
    guide = load_guide(SHIPPED).guide
    assert guide is not None
    for tid in ("act", "child_act", "means", "purpose", "purpose_named", "freedom_taken"):
        term = guide.terms[tid]
        assert term.label and term.explanation and term.basis, tid
        assert "448-1" in term.basis, tid
    assert "para. 4" in guide.terms["freedom_taken"].basis
    # every verdict and every step says on what it rests
    assert all(v.basis for v in guide.verdicts), [v.id for v in guide.verdicts if not v.basis]
    assert all(s.basis for s in guide.steps.values()), [
        s.id for s in guide.steps.values() if not s.basis
    ]


def test_a_term_with_a_bad_condition_is_reported_at_its_when(tmp_path):
    text = (FIXTURES / "invariants" / "guide.yaml").read_text()
    old = "    when: exploitation and control\n"
    assert old in text
    (tmp_path / "guide.yaml").write_text(text.replace(old, "    when: exploitation and contrl\n"))
    result = load_guide(tmp_path)
    (d,) = result.diagnostics
    assert d.code == "G004" and "contrl" in d.message and "control" in d.hint
    line = text.splitlines().index(old.rstrip("\n")) + 1
    assert d.line == line


def test_steps_exclude_fails_a_scenario_that_gets_the_step(tmp_path, capsys):
    text = (FIXTURES / "invariants" / "guide.yaml").read_text()
    old = "expect: {verdict: none, steps_include: [call_police]}"
    assert old in text
    (tmp_path / "guide.yaml").write_text(
        text.replace(old, "expect: {verdict: none, steps_exclude: [call_police]}")
    )
    assert main(["test", str(tmp_path), "--time-limit", "0"]) == 1
    out = capsys.readouterr().out
    assert "FAIL s2" in out and "steps that should not be there: call_police" in out


def test_terms_shown_checks_the_terms_among_the_reasons(tmp_path, capsys):
    """A scenario may expect named terms shown as holding (e.g. where and when): it passes
    when they are, fails when one is not, and a term the guide does not have is G016."""
    text = (FIXTURES / "invariants" / "guide.yaml").read_text()
    s1 = "expect: {verdict: grounds, steps_exclude: [call_police]}"
    s2 = "expect: {verdict: none, steps_include: [call_police]}"
    assert s1 in text and s2 in text
    text = text.replace(s1, "expect: {verdict: grounds, terms_shown: [grave]}")
    (tmp_path / "guide.yaml").write_text(text)
    assert main(["test", str(tmp_path), "--time-limit", "0"]) == 0
    capsys.readouterr()
    (tmp_path / "guide.yaml").write_text(
        text.replace(s2, "expect: {verdict: none, terms_shown: [grave]}")
    )
    assert main(["test", str(tmp_path), "--time-limit", "0"]) == 1
    out = capsys.readouterr().out
    assert "FAIL s2" in out and "terms not shown as holding: grave" in out
    (tmp_path / "guide.yaml").write_text(
        text.replace("terms_shown: [grave]", "terms_shown: [grav]")
    )
    (d,) = load_guide(tmp_path).diagnostics
    assert d.code == "G016" and "grav" in d.message and "grave" in d.hint


def test_sexual_exploitation_lists_change_the_grade_where_they_differ():
    from guide.core.assessment import assess
    from guide.core.scenarios import interview_from_answers

    guide = load_guide(SHIPPED).guide
    ind = guide.indicators["forced_tasks_or_clients"]
    assert (ind.strength(False), ind.strength(False, True)) == ("medium", "strong")
    assert guide.indicators["excessive_hours"].strength(False, True) == "strong"  # no own grade
    base = {
        "consent_given": "yes",
        "age_band": "adult",
        "age_uncertain": "no",
        "work_context": "hospitality",
        "sq_made_to_do": "yes",
    }
    for sexual, grade in (("no", "medium"), ("yes", "strong")):
        iv, problems = interview_from_answers(guide, {**base, "sexual_acts_for_others": sexual})
        assert problems == []
        a = assess(guide, iv.state())
        assert a.sexual_list is (sexual == "yes")
        (raised,) = [r for r in a.indicators if r.indicator.id == "forced_tasks_or_clients"]
        assert raised.strength == grade


def test_terms_for_children_are_listed_for_children_and_adult_ones_for_adults():
    from guide.core.assessment import assess, term_results
    from guide.core.scenarios import interview_from_answers

    guide = load_guide(SHIPPED).guide
    shown = {}
    for sid in ("child_forced_begging", "law_review_c1_locked_domestic_no_recruitment"):
        scenario = next(s for s in guide.scenarios if s.id == sid)
        iv, _ = interview_from_answers(guide, scenario.answers)
        shown[sid] = {t.id: held for t, held in term_results(assess(guide, iv.state()))}
    child, adult = (
        shown["child_forced_begging"],
        shown["law_review_c1_locked_domestic_no_recruitment"],
    )
    assert child["child_act"] and child["child_purpose"]
    assert not {"act", "means", "purpose"} & set(child)
    assert adult["act"] and adult["means"] and adult["purpose"]
    assert not {"child_act", "child_purpose"} & set(adult)
    assert "too_little_information" not in adult  # listed only when it holds


def test_the_wizard_loads_the_guide_without_the_trainers_scenarios():
    full = load_guide(SHIPPED).guide
    light = load_guide(SHIPPED, with_tests=False)
    assert light.diagnostics == [] and light.guide is not None
    assert light.guide.scenarios == () and len(full.scenarios) >= 60
    assert [q.id for q in light.guide.questions] == [q.id for q in full.questions]
    assert light.guide.invariants == full.invariants or len(light.guide.invariants) == len(
        full.invariants
    )
