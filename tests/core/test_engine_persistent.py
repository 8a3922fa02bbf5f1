"""The engine's state is persistent: a copy or a snapshot costs O(1), shares nothing that can
change, and a step does work for what the answer affects, not for the size of the guide."""

import dataclasses
import heapq
import sys
from pathlib import Path
from types import MappingProxyType

import pytest

from guide.core.assessment import assess
from guide.core.engine import Event, Interview, InterviewState
from guide.core.model import Guide, Question, Record
from guide.core.persistent import MISSING, PVec
from guide.loader import load_guide

sys.path.insert(0, str(Path(__file__).parents[2] / "benchmarks"))
from make_large_guide import write_guide

IMMUTABLE_LEAVES = (str, int, float, bool, type(None), Event, Guide, Question, type(MISSING))


def assert_immutable(value, where="interview"):
    """`value` and everything it holds can never change (Guide and Question are frozen)."""
    if isinstance(value, IMMUTABLE_LEAVES):
        return
    if isinstance(value, (tuple, frozenset)):
        for item in value:
            assert_immutable(item, f"{where}[...]")
        return
    if isinstance(value, PVec):
        # shared vectors are frozen: they are never written again (copy-on-write)
        assert value.frozen, f"{where}: a shared vector is still writable"
        for leaf in value.leaves():
            for item in leaf:
                assert_immutable(item, f"{where}[...]")
        return
    if isinstance(value, MappingProxyType):  # a read-only view nobody else holds
        for k, v in value.items():
            assert_immutable(k, f"{where} key")
            assert_immutable(v, f"{where}[{k!r}]")
        return
    if isinstance(value, Record):  # the model's frozen, slotted records
        for name in value._fields:
            assert_immutable(getattr(value, name), f"{where}.{name}")
        return
    params = getattr(type(value), "__dataclass_params__", None)
    if params is not None and params.frozen and hasattr(type(value), "__slots__"):
        for f in dataclasses.fields(value):
            assert_immutable(getattr(value, f.name), f"{where}.{f.name}")
        return
    raise AssertionError(f"{where} holds a mutable {type(value).__name__}")


def _walk_some(iv, n):
    for _ in range(n):
        q = iv.current()
        if q is None:
            return
        value = q.options[0].id if q.options else 10
        iv.answer(q.id, value)


def test_a_copy_shares_nothing_mutable(mini_guide):
    iv = Interview(mini_guide)
    _walk_some(iv, 4)
    iv.back()
    other = iv.copy()
    for name, value in vars(other).items():
        assert_immutable(value, name)
    for name, value in vars(iv).items():
        assert_immutable(value, name)


def test_copies_and_snapshots_do_not_see_later_changes(mini_guide):
    iv = Interview(mini_guide)
    _walk_some(iv, 3)
    before_answers, before_events = iv.answers, iv.events
    snapshot = iv.state()
    verdict = assess(mini_guide, snapshot).verdict.verdict.id
    other = iv.copy()
    _walk_some(other, 5)
    other.answer("danger", "yes")
    assert iv.answers == before_answers and iv.events == before_events
    assert other.answers != before_answers and len(other.events) > len(before_events)
    other_events = other.events
    iv.answer("danger", "no")  # and the other way round
    assert other.events == other_events and other.answers["danger"] == "yes"
    # the snapshot taken earlier still gives the same result
    assert dict(snapshot.answered) == before_answers
    assert assess(mini_guide, snapshot).verdict.verdict.id == verdict


def test_state_shares_the_interview_structures(mini_guide):
    iv = Interview(mini_guide)
    _walk_some(iv, 2)
    s = iv.state()
    assert isinstance(s, InterviewState)
    assert s.active._vec is iv.state().active._vec is iv._active  # no copy per snapshot
    assert iv._active.frozen  # what a snapshot holds is never written again
    assert s.active == {q: v for q, v in iv.answers.items() if iv.is_active(q)}
    assert s.flags == tuple(iv.is_applicable(q.id) for q in mini_guide.questions)
    assert set(s.pending) <= s.applicable


def _guide(tmp_path, n):
    write_guide(n, tmp_path / str(n))
    result = load_guide(tmp_path / str(n))
    assert result.guide is not None
    return result.guide


@pytest.fixture(scope="module")
def small_and_big(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("guides")
    return _guide(tmp, 300), _guide(tmp, 3000)


def test_a_step_decides_only_what_the_answer_affects(small_and_big, monkeypatch):
    """Counting the questions whose applicability is re-decided: the same for a guide ten
    times bigger, at the same point of the interview."""
    import guide.core.engine as engine

    pops = 0
    real_pop = heapq.heappop

    def counting_pop(heap):
        nonlocal pops
        pops += 1
        return real_pop(heap)

    per_guide = []
    for guide in small_and_big:
        iv = Interview(guide)
        _walk_some(iv, 40)
        monkeypatch.setattr(engine.heapq, "heappop", counting_pop)
        pops = 0
        _walk_some(iv, 20)
        monkeypatch.setattr(engine.heapq, "heappop", real_pop)
        copy = iv.copy()
        assert copy.progress() == iv.progress()
        per_guide.append(pops)
    assert per_guide[0] == per_guide[1], per_guide
    assert per_guide[0] < 20 * 5


def test_progress_counts_without_walking_the_guide(mini_guide):
    iv = Interview(mini_guide)
    _walk_some(iv, 3)
    answered = sum(1 for q in mini_guide.questions if iv.is_active(q.id))
    remaining = sum(
        1 for q in mini_guide.questions if iv.is_applicable(q.id) and q.id not in iv.answers
    )
    assert iv.progress() == (answered, remaining)


def test_persistent_vector():
    for size in (0, 1, 31, 32, 33, 1025, 40_000):
        empty = PVec.filled(size)
        assert len(empty) == size and list(empty) == [MISSING] * size
        if not size:
            continue
        picks = sorted({0, size // 3, size // 2, size - 1})
        vec = empty
        for i in picks:
            vec = vec.set(i, i * 10)
        assert [vec[i] for i in picks] == [i * 10 for i in picks]
        assert vec is empty  # owned: written in place
        frozen = vec.freeze()
        again = frozen.set(picks[0], "x")
        assert again is not frozen and frozen[picks[0]] == picks[0] * 10  # frozen: unchanged
        assert again[picks[0]] == "x" and again.set(picks[-1], "y") is again
        assert [i for i, v in enumerate(vec) if v is not MISSING] == picks
        with pytest.raises(IndexError):
            vec[size]
        with pytest.raises(IndexError):
            again.set(-1, 0)
