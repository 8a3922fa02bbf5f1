import pytest

from guide.core.assessment import assess
from guide.core.engine import AnswerError, Interview
from guide.core.what_if import with_what_if


def walk(iv, answers):
    for qid, value in answers:
        assert iv.current().id == qid
        iv.answer(qid, value)


def test_first_question_and_order(mini_guide):
    iv = Interview(mini_guide)
    assert iv.current().id == "danger"
    walk(iv, [("danger", "no"), ("age_band", "under_18")])
    # age_uncertain is only asked when the band is not under 18
    assert iv.current().id == "job_as_promised"


def test_urgent_answer_is_flagged_at_once(mini_guide):
    iv = Interview(mini_guide)
    urgent = iv.answer("danger", "yes")
    assert [q.id for q, _ in urgent] == ["danger"]
    a = assess(mini_guide, iv.state())
    assert a.steps[0].step.id == "call_police"
    assert a.steps[0].step.urgency == "immediate"


def test_dont_know_and_declined_never_count_as_no(mini_guide):
    iv = Interview(mini_guide)
    walk(
        iv,
        [
            ("danger", "no"),
            ("age_band", "adult"),
            ("age_uncertain", "no"),
            ("job_as_promised", "dont_know"),
        ],
    )
    # pay_as_promised is asked only when the job was NOT as promised: unknown is not "no"
    assert iv.current().id == "hours"
    iv.answer("hours", "declined")
    assert iv.current().id == "paid"
    a = assess(mini_guide, iv.state())
    assert {u.question.id: u.status for u in a.unknowns} == {
        "job_as_promised": "dont_know",
        "hours": "declined",
        "paid": "not_asked",
    }


def test_change_of_answer_deactivates_later_answers_but_keeps_them(mini_guide):
    iv = Interview(mini_guide)
    walk(
        iv,
        [
            ("danger", "no"),
            ("age_band", "adult"),
            ("age_uncertain", "no"),
            ("job_as_promised", "no"),
            ("pay_as_promised", "no"),
        ],
    )
    assert "deceived_pay" in iv.state().raised
    iv.answer("job_as_promised", "yes")
    assert not iv.is_active("pay_as_promised")
    assert iv.answers["pay_as_promised"] == "no"
    assert "deceived_pay" not in iv.state().raised
    assert [e.kind for e in iv.events][-1] == "change"
    iv.answer("job_as_promised", "no")
    assert iv.is_active("pay_as_promised")
    assert "deceived_pay" in iv.state().raised


def test_back_and_forward(mini_guide):
    iv = Interview(mini_guide)
    walk(iv, [("danger", "no"), ("age_band", "adult"), ("age_uncertain", "no")])
    assert iv.back().id == "age_uncertain"
    assert iv.back().id == "age_band"
    assert iv.forward().id == "age_uncertain"
    assert iv.forward().id == "job_as_promised"
    assert iv.forward().id == "job_as_promised"


def test_answer_while_reviewing_moves_to_next_on_path(mini_guide):
    iv = Interview(mini_guide)
    walk(iv, [("danger", "no"), ("age_band", "adult"), ("age_uncertain", "no")])
    iv.back()
    iv.back()
    iv.answer("age_band", "under_18")  # age_uncertain no longer applies
    assert iv.current().id == "job_as_promised"


def test_skip_moves_on_and_is_unknown(mini_guide):
    iv = Interview(mini_guide)
    iv.skip("danger")
    assert iv.current().id == "age_band"
    a = assess(mini_guide, iv.state())
    assert a.unknowns[0].status == "skipped"


def test_invalid_answers_are_refused(mini_guide):
    iv = Interview(mini_guide)
    with pytest.raises(AnswerError):
        iv.answer("danger", "maybe")
    with pytest.raises(AnswerError):
        iv.answer("hours", 25)
    with pytest.raises(AnswerError):
        iv.answer("hours", "lots")
    with pytest.raises(AnswerError):
        iv.answer("nope", "yes")
    iv.answer("hours", "12,5")
    assert iv.answers["hours"] == 12.5


def test_replay_rebuilds_the_same_state(mini_guide):
    iv = Interview(mini_guide)
    walk(iv, [("danger", "no"), ("age_band", "adult"), ("age_uncertain", "no")])
    iv.back()
    iv.answer("age_uncertain", "yes")
    again, problems = Interview.replay(mini_guide, [e.to_dict() for e in iv.events])
    assert problems == []
    assert again.state() == iv.state()
    assert again.current() == iv.current()


def test_replay_reports_questions_the_guide_lost(mini_guide):
    _, problems = Interview.replay(
        mini_guide, [{"kind": "answer", "question": "gone", "value": "yes"}]
    )
    assert "gone" in problems[0]


def test_child_strength_and_what_if(mini_guide):
    iv = Interview(mini_guide)
    walk(
        iv,
        [
            ("danger", "no"),
            ("age_band", "under_18"),
            ("job_as_promised", "yes"),
            ("hours", 13),
            ("paid", "no"),
        ],
    )
    a = assess(mini_guide, iv.state())
    assert a.child
    assert a.present_elements == ("exploitation",)  # no pay is strong for a child
    assert a.verdict.verdict.id == "assess"
    assert a.verdict.not_held[0].id == "grounds"
    a = with_what_if(iv, a)
    assert a.unknowns == ()


def test_what_if_names_answers_that_change_the_verdict(mini_guide):
    iv = Interview(mini_guide)
    walk(
        iv,
        [
            ("danger", "no"),
            ("age_band", "adult"),
            ("age_uncertain", "no"),
            ("job_as_promised", "no"),
            ("pay_as_promised", "dont_know"),
            ("hours", 14),
            ("paid", "no"),
        ],
    )
    a = with_what_if(iv, assess(mini_guide, iv.state()))
    assert a.verdict.verdict.id == "assess"
    (unknown,) = a.unknowns
    assert unknown.question.id == "pay_as_promised"
    assert unknown.could_change == (("no", "grounds"),)


def test_scenarios_of_fixture_pass(mini_guide):
    from guide.core.scenarios import run_scenarios

    results = run_scenarios(mini_guide)
    assert len(results) == 4
    assert all(r.passed for r in results), [r.failures for r in results]
