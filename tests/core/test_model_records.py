"""The frozen records (guide.core.record: the model, conditions, diagnostics, languages)
behave as the frozen dataclasses they replaced: immutable, slotted, equal and hashed by
value, a repr naming every field, copied and pickled whole; and each class's annotations,
slots and __init__ agree."""

from __future__ import annotations

import copy
import inspect
import pickle

import pytest

import guide.i18n.languages
import guide.loader.diagnostics
from guide.core import model
from guide.core.conditions import Condition, parse_condition
from guide.core.model import Record, SourceRef, replace
from guide.core.record import FrozenInstanceError
from guide.loader.diagnostics import Diagnostic, Severity

MODULES = (model, guide.core.conditions, guide.loader.diagnostics, guide.i18n.languages)
RECORDS = sorted(
    (
        c
        for m in MODULES
        for c in vars(m).values()
        if isinstance(c, type)
        and issubclass(c, Record)
        and c is not Record
        and c.__module__ == m.__name__
    ),
    key=lambda c: c.__name__,
)


def test_every_record_is_covered():
    names = {c.__name__ for c in RECORDS}
    assert {"Guide", "Question", "AnswerOption", "SourceRef", "Scenario", "Module"} <= names
    assert {"Condition", "Diagnostic", "Detail", "Language"} <= names
    assert len(RECORDS) == 21
    assert set(Record.__subclasses__()) == set(RECORDS)  # none elsewhere, unchecked


def _distinct_values(cls):
    """A distinct object for every parameter of cls.__init__, by name."""
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    return {name: object() for name in params}


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_annotations_slots_and_init_agree(cls):
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    assert list(cls._fields) == list(cls.__annotations__) == params
    values = _distinct_values(cls)
    record = cls(**values)
    for name, value in values.items():  # each parameter lands in its own field
        assert getattr(record, name) is value, name
    if cls is Condition:  # keeps its compiled `evaluate` in a __dict__
        return
    assert set(cls.__dict__["__slots__"]) - {"__weakref__"} == set(cls._fields)
    assert not hasattr(record, "__dict__")


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_defaults_fill_every_field(cls):
    required = {
        name: object()
        for name, p in inspect.signature(cls.__init__).parameters.items()
        if name != "self" and p.default is inspect.Parameter.empty
    }
    record = cls(**required)
    for name in cls._fields:
        getattr(record, name)  # set, whether given or defaulted


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_frozen(cls):
    record = cls(**_distinct_values(cls))
    name = cls._fields[0]
    with pytest.raises(FrozenInstanceError):
        setattr(record, name, 1)
    with pytest.raises(FrozenInstanceError):
        delattr(record, name)
    with pytest.raises(FrozenInstanceError):
        record.new_attribute = 1


def test_equality_and_hash_by_value_and_class():
    a, b = SourceRef("a.yaml", 1, 2), SourceRef("a.yaml", 1, 2)
    assert a == b and hash(a) == hash(b) and a is not b
    assert a != SourceRef("a.yaml", 1, 3)
    assert len({a, b, SourceRef("b.yaml", 1, 2)}) == 2
    option = model.AnswerOption("a.yaml", 1, 2)  # the same values, another class
    assert option != a and a != option
    assert a != ("a.yaml", 1, 2)


def test_repr_names_every_field_like_a_dataclass():
    assert repr(SourceRef("a.yaml", 1, 2)) == "SourceRef(file='a.yaml', line=1, col=2)"
    assert repr(model.AnswerOption("yes")) == (
        "AnswerOption(id='yes', text=None, raises=(), urgent=False, note=None)"
    )
    assert str(SourceRef("a.yaml", 1, 2)) == "a.yaml:1:2"


def test_replace():
    option = model.AnswerOption("yes", raises=("x",))
    changed = replace(option, urgent=True)
    assert changed == model.AnswerOption("yes", raises=("x",), urgent=True)
    assert option.urgent is False
    assert replace(option) == option
    with pytest.raises(TypeError, match="no field 'colour'"):
        replace(option, colour="red")


def test_copy_deepcopy_and_pickle_keep_the_value(mini_guide):
    question = mini_guide.questions[0]
    assert copy.copy(question) == question
    assert copy.deepcopy(question.ref) == question.ref
    option = question.options[0]
    assert pickle.loads(pickle.dumps(option)) == option
    ref = SourceRef("a.yaml", 1, 2)
    assert pickle.loads(pickle.dumps(ref)) == ref


def test_the_guide_is_weakly_referable_and_unhashable_like_before(mini_guide):
    import weakref

    assert weakref.ref(mini_guide)() is mini_guide
    with pytest.raises(TypeError):  # it holds mappings, which have no hash
        hash(mini_guide)


def test_a_condition_compares_all_but_its_constant_and_keeps_its_evaluator():
    a, b = Condition("x", constant=1), Condition("x", constant=2)
    assert a == b and hash(a) == hash(b)
    assert Condition("x") != Condition("y")
    cond = parse_condition("count(a) > 1")
    assert cond == parse_condition("count(a) > 1")
    assert cond.evaluate is cond.evaluate  # compiled once, on first use
    with pytest.raises(FrozenInstanceError):
        cond.source = "y"


def test_a_diagnostic_as_json_and_replaced():
    d = Diagnostic("a.yaml", 3, 4, Severity.ERROR, "G001", "twice", "once")
    assert d.to_dict() == {
        "file": "a.yaml",
        "line": 3,
        "col": 4,
        "severity": "error",
        "code": "G001",
        "message": "twice",
        "hint": "once",
    }
    assert replace(d, line=5).line == 5 and d.line == 3
    assert isinstance(FrozenInstanceError("x"), AttributeError)
