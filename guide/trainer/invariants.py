"""Invariants: properties of a guide that must hold for every possible interview.

`dalil test` uses this module to search for counterexamples, as a property-based test
would: first every single change of answer around each scenario of the guide (exhaustive
over these small answer sets), then random interviews, until the search is done or the
caller's `should_stop` says the time is up. Each counterexample is shrunk to a minimal
answers file that reproduces the fault with `dalil simulate`.

Two kinds of invariant (see guide.core.model.Invariant):
- `require` (under `when`): a condition on the result (verdict, step(id), every name of
  referral rules) that must be true for every interview;
- `monotone`: `more_signs` — changing one answer to one that raises strictly more
  indicators never lowers the verdict's level; `unknown_to_no` — changing an unknown or
  missing answer to one that raises nothing never raises it (unless the answer decides who
  is a child or which ILO/EC list applies: that rightly changes the rule).

Pure: no I/O, no clock (the caller passes `should_stop`).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from guide.core.assessment import Assessment, _ResultEnv, assess
from guide.core.engine import AnswerError, Interview
from guide.core.model import (
    DECLINED,
    DONT_KNOW,
    LEVEL_ORDER,
    UNKNOWN_VALUES,
    Guide,
    Invariant,
    Question,
)
from guide.core.scenarios import interview_from_answers
from guide.core.what_if import answer_candidates

MAX_SHRINK_STEPS = 400


@dataclass(frozen=True)
class Counterexample:
    invariant: Invariant
    answers: dict[str, Any]  # a minimal interview that breaks it (for monotone: before)
    verdict: str
    # monotone only: the one change of answer, and the verdict it gives
    change: tuple[str, Any, Any] | None = None  # (question, from, to); from None = no answer
    verdict_after: str | None = None

    def describe(self) -> str:
        """English for JSON and comparison; `guide.i18n.lazy.translated` gives it in the
        current language for the text output."""
        from guide.i18n.lazy import N_, lazy

        if self.change is None:
            return lazy(
                N_("verdict {verdict}: the requirement does not hold"), verdict=self.verdict
            )
        q, old, new = self.change
        return lazy(
            N_(
                "changing {question} from {before} to {after} moves the verdict from "
                "{verdict} to {verdict_after}"
            ),
            question=q,
            before=lazy(N_("no answer")) if old is None else str(old),
            after=str(new),
            verdict=self.verdict,
            verdict_after=self.verdict_after,
        )


@dataclass
class InvariantOutcome:
    invariant: Invariant
    counterexample: Counterexample | None = None
    checked: int = 0  # interviews (or changes, for monotone) it was checked on

    @property
    def held(self) -> bool:
        return self.counterexample is None

    @property
    def status(self) -> str:
        """held | broken | not_checked (its `when` held, or its change happened, on no
        interview searched: it proves nothing)."""
        if self.counterexample is not None:
            return "broken"
        return "held" if self.checked else "not_checked"


@dataclass
class SearchReport:
    outcomes: list[InvariantOutcome]
    interviews: int = 0  # candidate interviews assessed
    exhaustive_planned: int = 0  # single changes around the scenarios
    exhaustive_done: int = 0
    random_interviews: int = 0
    seed: int = 0
    stopped: bool = False  # the time limit ended the search

    @property
    def held(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "held")

    @property
    def not_checked(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "not_checked")

    @property
    def broken(self) -> int:
        return sum(1 for o in self.outcomes if o.status == "broken")


# ----------------------------------------------------------------------------- evaluation


class _InvariantEnv(_ResultEnv):
    """The names of referral rules, plus step(id), on a finished assessment."""

    def __init__(self, guide: Guide, a: Assessment) -> None:
        super().__init__(guide, a.state, like=a._env)
        self.elements = {e.element.id: e.present for e in a.elements}
        self.verdict = a.verdict.verdict.id
        self._steps = frozenset(a.step_ids)

    def has_step(self, sid: str) -> bool:
        return sid in self._steps


def _level(guide: Guide, verdict_id: str) -> int:
    for v in guide.verdicts:
        if v.id == verdict_id:
            return LEVEL_ORDER.get(v.level, 0)
    return 0


def _raised(q: Question, value: Any) -> frozenset[str]:
    if value is None or value in UNKNOWN_VALUES:
        return frozenset()
    return frozenset(q.raised_by(value)[0])


def candidate_values(q: Question) -> list[Any]:
    """Every answer worth trying (as for the what-if search), then don't know and declined."""
    return [*answer_candidates(q), DONT_KNOW, DECLINED]


def _transition(q: Question, old: Any, new: Any) -> str | None:
    """Which monotone kind a change of one answer is an instance of, if any."""
    if old is None or old in UNKNOWN_VALUES:
        if new is None or new in UNKNOWN_VALUES:
            return None
        # an unknown answer that becomes a sign is one more sign too
        return "more_signs" if _raised(q, new) else "unknown_to_no"
    if new is None or new in UNKNOWN_VALUES:
        return None
    if _raised(q, old) < _raised(q, new):  # strictly more indicators
        return "more_signs"
    return None


class _Search:
    def __init__(
        self, guide: Guide, invariants: Iterable[Invariant], should_stop: Callable[[], bool]
    ) -> None:
        self.guide = guide
        self.should_stop = should_stop
        self.outcomes = {inv.id: InvariantOutcome(inv) for inv in invariants}
        self.requires = [o for o in self.outcomes.values() if o.invariant.require is not None]
        self.monotone = {
            o.invariant.monotone: o for o in self.outcomes.values() if o.invariant.monotone
        }
        self.interviews = 0

    # -- checking
    def assess(self, iv: Interview) -> Assessment:
        self.interviews += 1
        return assess(self.guide, iv.state())

    def check_requires(self, iv: Interview, a: Assessment) -> None:
        env: _InvariantEnv | None = None
        for out in self.requires:
            if out.counterexample is not None:
                continue
            if env is None:
                env = _InvariantEnv(self.guide, a)
            inv = out.invariant
            if inv.when is not None and not inv.when.evaluate(env):
                continue
            out.checked += 1
            assert inv.require is not None
            if not inv.require.evaluate(env):
                out.counterexample = self.shrink_require(inv, _active_answers(iv))

    def check_change(
        self,
        iv: Interview,
        a: Assessment,
        q: Question,
        new: Any,
        after: tuple[Interview, Assessment] | None = None,
    ) -> None:
        """Check the monotone invariants on one change of answer to `iv` (`after`: the
        changed interview and its assessment, when the caller has them already)."""
        state = iv.state()
        old = state.active.get(q.id) if iv.is_applicable(q.id) else None
        kind = _transition(q, old, new)
        out = self.monotone.get(kind) if kind else None
        if kind is None or out is None or out.counterexample is not None:
            return
        if len(state.answered) != len(state.active):
            # Answers kept from questions that no longer apply would come back when a
            # change opens their question again: that is information, not a fault. The
            # property is about the answers that count.
            iv = interview_from_answers(self.guide, _active_answers(iv))[0]
            a = self.assess(iv)
            after = None
        if after is None:
            changed = _changed(iv, q.id, new)
            if changed is None:
                return
            after = (changed, self.assess(changed))
            self.check_requires(*after)
        b = after[1]
        if _changes_the_rule(kind, a, b):
            return
        out.checked += 1
        if _wrong_way(
            kind, _level(self.guide, a.verdict.verdict.id), _level(self.guide, b.verdict.verdict.id)
        ):
            out.counterexample = self.shrink_monotone(
                out.invariant, kind, _active_answers(iv), q.id, new
            )

    # -- shrinking: drop answers one at a time while the fault stays
    def shrink_require(self, inv: Invariant, answers: dict[str, Any]) -> Counterexample:
        def fails(ans: Mapping[str, Any]) -> str | None:
            iv, _ = interview_from_answers(self.guide, ans)
            a = assess(self.guide, iv.state())
            env = _InvariantEnv(self.guide, a)
            if (
                (inv.when is None or inv.when(env))
                and inv.require is not None
                and not inv.require(env)
            ):
                return a.verdict.verdict.id
            return None

        answers = self._shrink(answers, fails, keep=())
        iv, _ = interview_from_answers(self.guide, answers)
        verdict = assess(self.guide, iv.state()).verdict.verdict.id
        return Counterexample(inv, _active_answers(iv), verdict)

    def shrink_monotone(
        self, inv: Invariant, kind: str, answers: dict[str, Any], qid: str, new: Any
    ) -> Counterexample:
        q = self.guide.question_by_id[qid]

        def fails(ans: Mapping[str, Any]) -> str | None:
            iv, _ = interview_from_answers(self.guide, ans)
            if len(_active_answers(iv)) != len(ans):
                # Dropping an answer closed another question: its answer would come back
                # with the change, which the written file (answers that count) cannot show.
                return None
            old = iv.state().active.get(qid) if iv.is_applicable(qid) else None
            if _transition(q, old, new) != kind:
                return None
            after = _changed(iv, qid, new)
            if after is None:
                return None
            a1, a2 = assess(self.guide, iv.state()), assess(self.guide, after.state())
            if _changes_the_rule(kind, a1, a2):
                return None
            v1, v2 = a1.verdict.verdict.id, a2.verdict.verdict.id
            if _wrong_way(kind, _level(self.guide, v1), _level(self.guide, v2)):
                return v1
            return None

        answers = self._shrink(answers, fails, keep=())
        iv, _ = interview_from_answers(self.guide, answers)
        before = _active_answers(iv)
        old = before.get(qid)
        after = _changed(iv, qid, new)
        assert after is not None
        return Counterexample(
            inv,
            before,
            assess(self.guide, iv.state()).verdict.verdict.id,
            (qid, old, new),
            assess(self.guide, after.state()).verdict.verdict.id,
        )

    def _shrink(
        self,
        answers: dict[str, Any],
        fails: Callable[[Mapping[str, Any]], str | None],
        keep: tuple[str, ...],
    ) -> dict[str, Any]:
        current = dict(answers)
        steps = 0
        changed = True
        while changed and steps < MAX_SHRINK_STEPS and not self.should_stop():
            changed = False
            for qid in reversed(list(current)):
                if qid in keep or steps >= MAX_SHRINK_STEPS or self.should_stop():
                    continue
                trial = {k: v for k, v in current.items() if k != qid}
                steps += 1
                if fails(trial) is not None:
                    current = trial
                    changed = True
        return current


def _active_answers(iv: Interview) -> dict[str, Any]:
    """The answers that count, in interview order: what an answers file needs."""
    active = iv.state().active
    return {q.id: active[q.id] for q in iv.guide.questions if q.id in active}


def _changed(iv: Interview, qid: str, value: Any) -> Interview | None:
    trial = iv.copy()
    try:
        trial.answer(qid, value)
    except (AnswerError, ValueError):
        return None
    return trial


def _changes_the_rule(kind: str, before: Assessment, after: Assessment) -> bool:
    """An answer that raises nothing but decides who is a child, or which ILO/EC list
    applies, is not signless: learning that a person is a child rightly changes the result.
    unknown_to_no does not judge such a change."""
    return kind == "unknown_to_no" and (
        before.child != after.child or before.sexual_list != after.sexual_list
    )


def _wrong_way(kind: str, before: int, after: int) -> bool:
    return after < before if kind == "more_signs" else after > before


# ----------------------------------------------------------------------------- the search


def search(
    guide: Guide,
    *,
    should_stop: Callable[[], bool] = lambda: False,
    seed: int = 0,
    random_budget: int | None = None,
    bases: Iterable[Mapping[str, Any]] | None = None,
) -> SearchReport:
    """Look for counterexamples to every invariant of `guide`.

    Phase 1, exhaustive: around each base interview (the guide's scenarios by default, and
    an empty interview), every single change of one applicable question to each of its
    answers, don't know and declined; monotone invariants are checked on each such change.
    Phase 2, random (seeded): in turn, an interview answered at random from the start, and a
    base interview with two to four answers changed at random; each is checked, with three
    random changes of one answer for the monotone invariants. It runs until `should_stop()`
    or `random_budget` interviews.
    """
    s = _Search(guide, guide.invariants, should_stop)
    report = SearchReport(list(s.outcomes.values()), seed=seed)
    if not s.outcomes:
        return report
    base_answers = list(bases) if bases is not None else [sc.answers for sc in guide.scenarios]
    base_answers.append({})
    interviews = [interview_from_answers(guide, b)[0] for b in base_answers]
    report.exhaustive_planned = sum(
        len(candidate_values(q))
        for iv in interviews
        for q in guide.questions
        if iv.is_applicable(q.id)
    )

    def all_broken() -> bool:
        return all(o.counterexample is not None for o in s.outcomes.values())

    finished = True
    for iv in interviews:
        a = s.assess(iv)
        s.check_requires(iv, a)
        state = iv.state()
        for q in guide.questions:
            if not iv.is_applicable(q.id):
                continue
            if should_stop() or all_broken():
                finished = False
                break
            current = state.active.get(q.id)
            for value in candidate_values(q):
                report.exhaustive_done += 1
                if value == current:
                    continue
                after = _changed(iv, q.id, value)
                if after is None:
                    continue
                b = s.assess(after)
                s.check_requires(after, b)
                # both directions: the scenario's answer to this one, and back
                s.check_change(iv, a, q, value, (after, b))
                if current is not None:
                    s.check_change(after, b, q, current, (iv, a))
        if not finished:
            break
    report.stopped = not finished and not all_broken()
    if finished:
        rng = random.Random(seed)
        n = 0
        while not all_broken() and (random_budget is None or n < random_budget):
            if should_stop():
                report.stopped = True
                break
            if n % 2 and len(interviews) > 1:
                iv = _near(guide, rng.choice(interviews), rng)
            else:
                iv = _random_interview(guide, rng)
            a = s.assess(iv)
            s.check_requires(iv, a)
            applicable = [q for q in guide.questions if iv.is_applicable(q.id)]
            for q in rng.sample(applicable, min(3, len(applicable))):
                s.check_change(iv, a, q, rng.choice(candidate_values(q)))
            n += 1
        report.random_interviews = n
    report.interviews = s.interviews
    return report


def _near(guide: Guide, base: Interview, rng: random.Random) -> Interview:
    """A base interview with two to four answers changed at random."""
    iv = base.copy()
    for _ in range(rng.randint(2, 4)):
        applicable = [q for q in guide.questions if iv.is_applicable(q.id)]
        if not applicable:
            break
        q = rng.choice(applicable)
        changed = _changed(iv, q.id, rng.choice(candidate_values(q)))
        if changed is not None:
            iv = changed
    return iv


def _random_interview(guide: Guide, rng: random.Random) -> Interview:
    """An interview answered from the start as a person might: mostly answers that raise
    nothing, some that raise indicators, a few unknowns; sometimes it stops early."""
    iv = Interview(guide)
    stop_at = rng.random()
    quiet_bias = rng.choice((0.5, 0.7, 0.9))
    while True:
        q = iv.current()
        if q is None or rng.random() < 0.01 * stop_at:
            return iv
        values = candidate_values(q)
        known = [v for v in values if v not in UNKNOWN_VALUES]
        quiet = [v for v in known if not _raised(q, v)]
        loud = [v for v in known if _raised(q, v)]
        roll = rng.random()
        if roll < 0.08:
            value: Any = rng.choice((DONT_KNOW, DECLINED))
        elif loud and (roll > quiet_bias or not quiet):
            value = rng.choice(loud)
        else:
            value = rng.choice(quiet or known)
        try:
            iv.answer(q.id, value)
        except (AnswerError, ValueError):
            iv.skip(q.id)


def answers_yaml(
    cx: Counterexample,
    guide: Guide,
    answers: Mapping[str, Any] | None = None,
    *,
    english: bool = False,
) -> str:
    """The counterexample as an answers file for `dalil simulate --answers`; for a monotone
    one, `answers=after_answers(cx)` gives the file after the change. Its comments are in
    the command line's language (`english` for the JSON output, which stays English)."""
    from guide.i18n import gettext
    from guide.i18n.lazy import translated

    _ = str if english else gettext
    inv = cx.invariant
    after = answers is not None
    lines = [
        "# "
        + _("Counterexample to the invariant '{id}' of the guide {guide} {version}:").format(
            id=inv.id, guide=guide.id, version=guide.version
        ),
        f"#   {inv.title}",
    ]
    if inv.ref is not None:
        lines.append("#   " + _("declared at {place}").format(place=inv.ref))
    described = str(cx.describe()) if english else translated(cx.describe())
    lines.append("# " + _("With these answers: {description}.").format(description=described))
    if after and cx.change is not None:
        lines[-1] = "# " + _(
            "The answers after the change of {question}: verdict {verdict_after} (before the "
            "change: {verdict})."
        ).format(question=cx.change[0], verdict_after=cx.verdict_after, verdict=cx.verdict)
    lines.append("# " + _("Reproduce: dalil simulate --answers THIS_FILE"))
    if cx.change is not None and not after:
        q, _old, new = cx.change
        lines.append(
            "# "
            + _("then change {question} to {answer} and simulate again.").format(
                question=q, answer=new
            )
        )
    body = dict(answers) if answers is not None else cx.answers
    lines.append("answers:")  # YAML: the key `dalil simulate` reads
    if not body:
        lines[-1] = "answers: {}"
    for qid, value in body.items():
        lines.append(f"  {qid}: {_yaml_scalar(value)}")
    return "\n".join(lines) + "\n"


def after_answers(cx: Counterexample) -> dict[str, Any] | None:
    """For a monotone counterexample, the answers after the change."""
    if cx.change is None:
        return None
    q, _, new = cx.change
    out = dict(cx.answers)
    out[q] = new
    return out


_PLAIN = re.compile(r"^[a-z][a-z0-9_]*$")
_YAML_WORDS = {"null", "true", "false", "none", "nan", "inf"}


def _yaml_scalar(value: Any) -> str:
    """One answer as YAML that reads back as the same value (an answer id like `null` or
    `true` is quoted; a whole float is written as an integer)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and text not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)
