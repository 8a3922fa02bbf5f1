"""The guide's records (guide.core.model) behave as the frozen dataclasses they replaced:
immutable, slotted, equal and hashed by value, a repr naming every field, copied and
pickled whole; and each class's annotations, slots and __init__ agree."""

from __future__ import annotations

import copy
import inspect
import pickle
from dataclasses import FrozenInstanceError

import pytest

from guide.core import model
from guide.core.model import Record, SourceRef, replace

RECORDS = sorted(
    (c for c in vars(model).values() if isinstance(c, type) and issubclass(c, Record)),
    key=lambda c: c.__name__,
)
RECORDS.remove(Record)


def test_every_record_of_the_model_is_covered():
    names = {c.__name__ for c in RECORDS}
    assert {"Guide", "Question", "AnswerOption", "SourceRef", "Scenario", "Module"} <= names
    assert len(RECORDS) == 17


def _distinct_values(cls):
    """A distinct object for every parameter of cls.__init__, by name."""
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    return {name: object() for name in params}


@pytest.mark.parametrize("cls", RECORDS, ids=lambda c: c.__name__)
def test_annotations_slots_and_init_agree(cls):
    params = list(inspect.signature(cls.__init__).parameters)[1:]
    assert list(cls._fields) == list(cls.__annotations__) == params
    assert set(cls.__slots__) - {"__weakref__"} == set(cls._fields)
    values = _distinct_values(cls)
    record = cls(**values)
    for name, value in values.items():  # each parameter lands in its own field
        assert getattr(record, name) is value, name
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
