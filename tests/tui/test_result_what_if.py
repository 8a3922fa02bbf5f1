"""The result in words: what could change it first, an honest word when nothing found, the
long list of unknowns capped, and the basis of the verdict and of the steps."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from guide.core.assessment import assess
from guide.core.engine import Interview
from guide.core.what_if import with_what_if
from guide.report.result_view import build_result_view
from guide.tui.guide_text import GuideText
from guide.tui.result_text import ResultText, search_summary
from tests.interviews import declined_first_screen as declined_all

SHIPPED = Path(__file__).resolve().parents[2] / "indicators"


@pytest.fixture(scope="module")
def shipped():
    from guide.loader import load_guide

    result = load_guide(SHIPPED)
    assert result.guide is not None
    return result.guide


@pytest.fixture
def words_for():
    from guide.i18n import set_language

    set_language("en")

    def make(guide):
        return ResultText(guide, GuideText(lambda context, source, lang: source), "en")

    return make


def search(**fields):
    base = dict(change_sets=(), complete=False, searched_size=0, max_size=3)
    return SimpleNamespace(**{**base, **fields})


def test_the_search_summary_never_says_nothing_matters_without_trying_it_all(words_for):
    assert search_summary(search(complete=True, searched_size=3)) == (
        "No combination of up to three of the unanswered questions would change the result."
    )
    stopped = [search_summary(search(searched_size=n)) for n in (0, 1, 2)]
    assert all("stopped" in text for text in stopped)
    assert "not known" in stopped[0]
    assert stopped[1].startswith("No single answer would change the result")
    found = search_summary(search(change_sets=("x",), searched_size=2))
    assert "other answers may change the result too" in found
    assert search_summary(search(change_sets=("x",), complete=True, searched_size=3)) == ""


def test_what_matters_first_then_the_rest_capped(shipped, words_for):
    iv = declined_all(shipped)
    assessment = with_what_if(iv, assess(shipped, iv.state()))
    a = build_result_view(shipped, assessment)
    words = words_for(shipped)
    what_if = words.what_if_lines(a)
    assert what_if and what_if[0].startswith("• “")
    assert " would give: " in what_if[0]
    lines = words.unknown_lines(a, shown=3, compact=True)
    matter = [u for u in a.unknowns if u.rank is not None]
    assert len(lines) == max(3, len(matter)) + 1
    assert lines[-1].startswith("…and ") and "more question" in lines[-1]
    first = shipped.question(matter[0].question_id)
    assert lines[0].startswith(f"• {first.text}")


def test_number_answers_giving_the_same_result_are_one_line(shipped, words_for):
    iv = declined_all(shipped, sq_papers_kept="yes", continue_anyway="yes")
    a = build_result_view(shipped, with_what_if(iv, assess(shipped, iv.state())))
    lines = words_for(shipped).what_if_lines(a, shown=50)
    hours = [line for line in lines if "how many hours" in line]
    assert len(hours) <= 1


def test_basis_of_the_verdict_and_the_steps(shipped, words_for):
    iv = declined_all(shipped)
    assessment = assess(shipped, iv.state())
    a = build_result_view(shipped, assessment)
    words = words_for(shipped)
    if a.verdict.basis:
        assert words.verdict_basis(a) == f"Basis: {a.verdict.basis.source}"
    with_basis = [s for s in a.steps if s.basis]
    assert with_basis, "the shipped guide gives the basis of its steps"
    lines = words.step_lines(1, with_basis[0])
    assert lines[1] == f"   Basis: {with_basis[0].basis.source}"
    if shipped.terms:
        terms = words.term_lines(a)
        from guide.core.assessment import term_results

        listed = term_results(assessment)  # the terms whose shown_when holds
        assert 0 < len(listed) <= len(shipped.terms)
        assert len([t for t in terms if not t.startswith("   ")]) == len(listed)
        assert all(t[0] in "✔–?" for t in terms if not t.startswith("   "))


def test_no_basis_no_line(mini_guide, words_for):
    iv = Interview(mini_guide)
    iv.answer("danger", "yes")
    a = build_result_view(mini_guide, assess(mini_guide, iv.state()))
    words = words_for(mini_guide)
    assert words.verdict_basis(a) == ""
    assert all("Basis" not in line for line in words.step_lines(1, a.steps[0]))
    assert words.term_lines(a) == []
