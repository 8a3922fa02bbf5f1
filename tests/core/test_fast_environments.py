"""The engine and the assessment keep what conditions have read (answers, indicators,
derived names) and forget it when it may change; the invariant search starts each check
from what the assessment worked out. These tests compare all of that with environments
that keep nothing and read the interview afresh at every name, on random interviews."""

from typing import Any

from hypothesis import given

from guide.core.assessment import _ResultEnv, assess
from guide.core.engine import Interview, scalar_value
from guide.core.model import UNKNOWN_VALUES
from guide.trainer.invariants import _InvariantEnv

from .test_properties import SETTINGS, SHIPPED, answers_for, drive


class LiveWhenEnv:
    """`when` conditions, read live from the interview, nothing kept."""

    def __init__(self, iv: Interview) -> None:
        self.iv = iv

    def value(self, name: str) -> Any:
        q = self.iv.guide.question_by_id.get(name)
        if q is not None:
            return scalar_value(q, self.raw(name))
        derived = self.iv.guide.derived.get(name)
        return bool(derived.evaluate(self)) if derived is not None else None

    def raw(self, name: str) -> Any:
        q = self.iv.guide.question_by_id.get(name)
        return self.iv.state().active.get(name) if q is not None else None

    def unanswered(self, name: str) -> bool:
        q = self.iv.guide.question_by_id.get(name)
        if q is None or not self.iv.is_applicable(name):
            return False
        return self.raw(name) in (None, *UNKNOWN_VALUES)


class LiveResultEnv:
    """The result's names, read live from the state, nothing kept."""

    def __init__(self, state, elements: dict[str, bool], verdict: str | None) -> None:
        self.state = state
        self.elements = elements
        self.verdict = verdict

    def value(self, name: str) -> Any:
        kind = SHIPPED.name_kinds.get(name)
        if kind == "question":
            return scalar_value(SHIPPED.question_by_id[name], self.state.active.get(name))
        if kind == "derived":
            return bool(SHIPPED.derived[name].evaluate(self))
        if kind == "indicator":
            return name in self.state.raised
        if kind == "element":
            return self.elements.get(name, False)
        return self.verdict if name == "verdict" else None

    def raw(self, name: str) -> Any:
        return self.state.active.get(name)

    def unanswered(self, name: str) -> bool:
        q = SHIPPED.question_by_id.get(name)
        if q is None or not self.state.is_applicable(q):
            return False
        return self.state.active.get(name) in (None, *UNKNOWN_VALUES)

    def raised_count(self, elements: tuple[str, ...]) -> int:
        if not elements:
            return len(self.state.raised)
        return sum(1 for i in self.state.raised if SHIPPED.indicators[i].element in elements)


@SETTINGS
@given(answers_for(SHIPPED))
def test_applicability_is_what_the_conditions_say(actions):
    iv = Interview(SHIPPED)
    for n, action in enumerate(actions):
        drive(iv, [action])
        if n % 2:
            iv = iv.copy()  # shared vectors are frozen: the next writes make new ones
    env = LiveWhenEnv(iv)
    for m in SHIPPED.modules:
        for q in m.questions:
            expected = (m.when is None or m.when(env)) and (q.when is None or q.when(env))
            assert iv.is_applicable(q.id) == expected, q.id


@SETTINGS
@given(answers_for(SHIPPED))
def test_result_names_are_what_they_would_be_read_afresh(actions):
    iv = Interview(SHIPPED)
    drive(iv, actions)
    state = iv.state()
    a = assess(SHIPPED, state)
    elements = {e.element.id: e.present for e in a.elements}
    live = LiveResultEnv(state, elements, a.verdict.verdict.id)
    # the verdict is the first whose condition holds, read afresh
    for v in SHIPPED.verdicts:
        if v.when is None or v.when(LiveResultEnv(state, elements, None)):
            assert v.id == a.verdict.verdict.id
            break
    # the invariants' environment starts from the assessment's: every name reads the same
    shared = _InvariantEnv(SHIPPED, a)
    fresh = _ResultEnv(SHIPPED, state)
    fresh.elements, fresh.verdict = elements, a.verdict.verdict.id
    for name in [*SHIPPED.derived, *SHIPPED.question_by_id, *SHIPPED.indicators]:
        assert shared.value(name) == fresh.value(name) == live.value(name), name
    for inv in SHIPPED.invariants:
        for cond in (inv.when, inv.require):
            if cond is not None and "step" not in cond.calls:
                assert cond.evaluate(shared) == cond.evaluate(live), inv.id
    for rule in SHIPPED.referrals:
        if rule.when is not None:
            assert rule.when.evaluate(fresh) == rule.when.evaluate(live), rule.id
