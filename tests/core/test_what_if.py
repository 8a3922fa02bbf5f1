"""What could change the result: the smallest sets of unknown answers that change the
verdict, the ranking of the unknowns, the budget, and the named terms of a result."""

from __future__ import annotations

import random
from itertools import count
from pathlib import Path

import pytest

from guide.core.assessment import assess, term_results
from guide.core.engine import Interview
from guide.core.what_if import _verdict_only, with_what_if

from ..interviews import declined_first_screen

SHIPPED = Path(__file__).resolve().parents[2] / "indicators"


@pytest.fixture(scope="module")
def shipped():
    from guide.loader import load_guide

    result = load_guide(SHIPPED)
    assert result.guide is not None, [d.format() for d in result.diagnostics]
    return result.guide


def answer_all(iv: Interview, answers: dict) -> Interview:
    for qid, value in answers.items():
        iv.answer(qid, value)
    return iv


def assert_minimal(change_sets):
    """No change set contains another one."""
    keys = [frozenset((q.id, v) for q, v in s.answers) for s in change_sets]
    for n, small in enumerate(keys):
        for m, big in enumerate(keys):
            if n != m:
                assert not small < big, (sorted(small), sorted(big))
    for s in change_sets:
        assert len({q.id for q, _ in s.answers}) == s.size  # one answer per question


# ------------------------------------------------------------------ mini fixture guide


def test_single_answers_are_change_sets_of_size_one(mini_guide):
    iv = answer_all(
        Interview(mini_guide),
        {
            "danger": "no",
            "age_band": "adult",
            "age_uncertain": "no",
            "job_as_promised": "no",
            "pay_as_promised": "dont_know",
            "hours": 14,
            "paid": "no",
        },
    )
    a = with_what_if(iv, assess(mini_guide, iv.state()))
    (unknown,) = a.unknowns
    assert unknown.could_change == (("no", "grounds"),)
    assert unknown.rank == 1
    (change,) = a.change_sets
    assert change.size == 1 and change.verdict.id == "grounds"
    assert [(q.id, v) for q, v in change.answers] == [("pay_as_promised", "no")]
    assert a.what_if_search.complete


def test_two_answers_needed_when_no_single_one_changes_the_verdict(mini_guide):
    iv = answer_all(
        Interview(mini_guide),
        {
            "danger": "no",
            "age_band": "adult",
            "age_uncertain": "no",
            "job_as_promised": "dont_know",
            "hours": "dont_know",
            "paid": "dont_know",
        },
    )
    a = with_what_if(iv, assess(mini_guide, iv.state()))
    assert a.verdict.verdict.id == "alert"
    assert all(not u.could_change for u in a.unknowns)
    search = a.what_if_search
    assert search.complete and search.searched_size == 3
    assert search.sets_of_size(1) == ()
    pairs = {tuple((q.id, v) for q, v in s.answers): s.verdict.id for s in search.sets_of_size(2)}
    # twelve hours a day (the rule's threshold, not the maximum) and no pay: exploitation
    assert pairs == {(("hours", 12), ("paid", "no")): "assess"}
    assert_minimal(a.change_sets)
    # ranked: the two that matter first, then the rest in guide order
    assert [(u.question.id, u.rank) for u in a.unknowns] == [
        ("hours", 2),
        ("paid", 2),
        ("job_as_promised", None),
    ]


def test_nothing_can_change_is_said_only_after_a_complete_search(mini_guide):
    iv = answer_all(
        Interview(mini_guide),
        {
            "danger": "dont_know",
            "age_band": "adult",
            "age_uncertain": "no",
            "job_as_promised": "no",
            "pay_as_promised": "no",
            "hours": 14,
            "paid": "no",
        },
    )
    a = with_what_if(iv, assess(mini_guide, iv.state()))
    assert a.verdict.verdict.id == "grounds"
    assert [u.question.id for u in a.unknowns] == ["danger"]
    assert a.change_sets == ()
    assert a.what_if_search.complete


def test_a_small_budget_stops_the_search_and_says_so(mini_guide):
    iv = answer_all(
        Interview(mini_guide),
        {
            "danger": "no",
            "age_band": "adult",
            "age_uncertain": "no",
            "job_as_promised": "dont_know",
            "hours": "dont_know",
            "paid": "dont_know",
        },
    )
    a = with_what_if(iv, assess(mini_guide, iv.state()), budget=4)
    search = a.what_if_search
    assert search.evaluated == 4
    assert not search.complete and search.searched_size == 0
    assert a.change_sets == ()
    # limit: fewer questions searched than are unknown is not a complete search either
    a = with_what_if(iv, assess(mini_guide, iv.state()), limit=1)
    assert not a.what_if_search.complete
    assert a.what_if_search.questions == 1 and a.what_if_search.questions_total == 3


def test_a_clock_passed_in_bounds_the_time(mini_guide):
    iv = answer_all(
        Interview(mini_guide),
        {
            "danger": "no",
            "age_band": "adult",
            "age_uncertain": "no",
            "job_as_promised": "dont_know",
            "hours": "dont_know",
            "paid": "dont_know",
        },
    )
    ticks = count()
    a = with_what_if(
        iv, assess(mini_guide, iv.state()), budget=None, clock=lambda: next(ticks), time_budget=3
    )
    assert not a.what_if_search.complete
    assert a.what_if_search.evaluated <= 3


def test_old_callers_still_work(mini_guide):
    iv = answer_all(Interview(mini_guide), {"danger": "no"})
    a = with_what_if(iv, assess(mini_guide, iv.state()), limit=5)
    assert all(hasattr(u, "could_change") for u in a.unknowns)
    # without with_what_if: no search, no change sets
    plain = assess(mini_guide, iv.state())
    assert plain.what_if_search is None and plain.change_sets == ()
    assert all(u.rank is None for u in plain.unknowns)


# ------------------------------------------------------------------ the shipped guide


def test_declined_first_screen_gets_change_sets(shipped):
    iv = declined_first_screen(shipped)
    a = with_what_if(iv, assess(shipped, iv.state()))
    assert a.change_sets, "someone who declined everything must learn what could matter"
    search = a.what_if_search
    singles = {frozenset((q.id, v) for q, v in s.answers) for s in search.sets_of_size(1)}
    for pair in search.sets_of_size(2):
        key = frozenset((q.id, v) for q, v in pair.answers)
        assert not any(single <= key for single in singles)
    assert_minimal(a.change_sets)
    ranks = [u.rank for u in a.unknowns]
    ordered = [r if r is not None else 99 for r in ranks]
    assert ordered == sorted(ordered)  # the ones that matter first
    assert a.unknowns[0].rank == min(s.size for s in a.change_sets)


def test_every_change_set_really_changes_the_verdict(shipped):
    iv = declined_first_screen(shipped, sq_papers_kept="yes", continue_anyway="yes")
    base = assess(shipped, iv.state())
    a = with_what_if(iv, base, budget=1500)
    assert a.change_sets
    for change in a.change_sets:
        trial = iv.copy()
        for q, value in change.answers:
            trial.answer(q.id, value)
        got = assess(shipped, trial.state()).verdict.verdict
        assert got.id == change.verdict.id != base.verdict.verdict.id
    assert a.what_if_search.evaluated <= 1500


def test_verdict_only_agrees_with_assess(shipped, mini_guide):
    rng = random.Random(27)
    for guide in (shipped, mini_guide):
        for _ in range(60):
            iv = Interview(guide)
            while (q := iv.current()) is not None:
                values = (
                    [o.id for o in q.options]
                    if q.type != "number"
                    else [q.min if q.min is not None else 0, q.max if q.max is not None else 99]
                )
                iv.answer(q.id, rng.choice([*values, "dont_know", "declined"]))
                if rng.random() < 0.03:
                    break
            state = iv.state()
            assert _verdict_only(guide, state) is assess(guide, state).verdict.verdict


def test_terms_are_evaluated_with_the_result(shipped):
    terms = getattr(shipped, "terms", None)
    if not terms:
        pytest.skip("the guide names no terms yet")
    iv = declined_first_screen(shipped, sq_papers_kept="yes", continue_anyway="yes")
    a = assess(shipped, iv.state())
    results = dict((t.id, held) for t, held in term_results(a))
    # terms whose shown_when does not hold (the child's act, for an adult) are left out
    assert [t for t in terms if t in results] == list(results) and set(results) < set(terms)
    assert "act" in results and "child_act" not in results
    assert all(held in (True, False, None) for held in results.values())
    if "means" in results:
        assert results["means"] is True  # papers kept is a means


def test_terms_of_a_guide_without_terms(mini_guide):
    iv = answer_all(Interview(mini_guide), {"danger": "no"})
    assert term_results(assess(mini_guide, iv.state())) == ()
