"""Frozen records without `dataclasses`: the base of the guide's model, of conditions and
of diagnostics.

`@dataclass` writes each class's methods as source text and compiles it when the module
is imported (and imports `inspect`); for the 24 classes `dalil validate` needs, that was a
sixth of the command. A `Record` subclass lists its fields as annotations (their order is
the order of the fields), stores them in `__slots__` (or a `__dict__`, when it has none)
and writes them in a hand-written `__init__` with `_set`. The base gives what a frozen
dataclass gave: assignment and deletion refused, equality and hashing by value (the same
class only, the fields in order, less those in `_not_compared`), a repr that names every
field, copying and pickling; `replace()` and `as_dict()` stand for `dataclasses.replace`
and `dataclasses.asdict` (one level: a record's fields as they are).
`tests/core/test_model_records.py` checks, for every subclass, that annotations, slots and
`__init__` agree.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any, ClassVar, TypeVar

_set = object.__setattr__  # how an __init__ writes a field of a frozen record


class FrozenInstanceError(AttributeError):
    """A field of a frozen record was assigned or deleted."""


class Record:
    """A frozen record: its fields are its annotations."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _not_compared: ClassVar[frozenset[str]] = frozenset()
    _values: ClassVar[attrgetter[tuple[Any, ...]]]  # every field, in order
    _compared: ClassVar[attrgetter[tuple[Any, ...]]]  # the fields equality looks at

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls._fields = tuple(
            name
            for name, kind in cls.__annotations__.items()  # the class's own (3.10+)
            if not str(kind).startswith("ClassVar")
        )
        compared = [name for name in cls._fields if name not in cls._not_compared]
        if len(compared) < 2:  # attrgetter gives a tuple for two names or more
            raise TypeError(f"{cls.__name__}: a record compares two fields or more")
        # one C call that reads the fields into a tuple (attrgetter is no method: unbound)
        cls._values = attrgetter(*cls._fields)
        cls._compared = attrgetter(*compared)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._compared(self) == self._compared(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._compared(self))

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({fields})"

    def __reduce__(self) -> tuple[type[Record], tuple[Any, ...]]:
        # copy, deepcopy and pickle call __init__ again (the default would set the slots
        # one by one, which a frozen record refuses)
        return type(self), self._values(self)

    def as_dict(self) -> dict[str, Any]:
        """The fields by name, in order."""
        return dict(zip(self._fields, self._values(self), strict=True))


R = TypeVar("R", bound=Record)


def replace(record: R, /, **changes: Any) -> R:
    """A copy of `record` with some fields changed, like `dataclasses.replace`."""
    unknown = changes.keys() - set(record._fields)
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {sorted(unknown)[0]!r}")
    values = dict(zip(record._fields, record._values(record), strict=True))
    values.update(changes)
    return type(record)(**values)
