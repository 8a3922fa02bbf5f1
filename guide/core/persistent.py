"""Persistent (structure-sharing, copy-on-write) containers for the engine. Pure, no I/O.

`PVec` is a fixed-size vector in leaves of 256 items. A vector is either *owned* (only one
interview holds it: `set` writes in place, the leaves it has already copied are its own)
or *frozen* (`freeze()`: a snapshot or a copy holds it too; it never changes again, and
`set` returns a new owned vector that copies the leaf table and the one leaf it writes,
sharing all the others). So a snapshot or a copy of an interview is O(1), the first write
after one copies O(n / 256 + 256) pointers, later writes nothing, and replaying answers
(no snapshots in between) allocates nothing per answer. Reading an item is two list
lookups.

`IndexedMap` and `IndexSet` are read-only `Mapping` / `Set` views over a frozen `PVec`, for
the engine's snapshots (answers by question id, raised indicators by id, applicable
questions by index).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

_BITS = LEAF_BITS = 8
_WIDTH = 1 << _BITS
_MASK = LEAF_MASK = _WIDTH - 1


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class PVec:
    """A copy-on-write vector of `size` items (fixed at creation)."""

    __slots__ = ("_leaves", "_owned", "_size")

    def __init__(self, leaves: list[list[Any]], size: int, owned: bytearray | None) -> None:
        self._leaves = leaves
        self._size = size
        self._owned = owned  # which leaves this vector may write in place; None: frozen

    @classmethod
    def filled(cls, size: int, value: Any = MISSING) -> PVec:
        """A vector of `size` slots, all `value` (MISSING: empty), owned by its maker."""
        leaves = [[value] * min(_WIDTH, size - start) for start in range(0, size, _WIDTH)]
        return cls(leaves, size, bytearray(b"\x01" * len(leaves)))

    @property
    def frozen(self) -> bool:
        """Is this vector shared (never written in place again)?"""
        return self._owned is None

    def freeze(self) -> PVec:
        """From now on this vector never changes (a snapshot or a copy shares it)."""
        self._owned = None
        return self

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, i: int) -> Any:
        if not 0 <= i < self._size:
            raise IndexError(i)
        return self._leaves[i >> _BITS][i & _MASK]

    def set(self, i: int, value: Any) -> PVec:
        """This vector with item i replaced: itself, written in place, when it is owned; a
        new owned vector when it is frozen (which then stays as it was)."""
        if not 0 <= i < self._size:
            raise IndexError(i)
        owned = self._owned
        vec = self
        if owned is None:
            owned = bytearray(len(self._leaves))
            vec = PVec(list(self._leaves), self._size, owned)
        j = i >> _BITS
        leaves = vec._leaves
        if not owned[j]:
            leaves[j] = list(leaves[j])
            owned[j] = 1
        leaves[j][i & _MASK] = value
        return vec

    def __iter__(self) -> Iterator[Any]:
        for leaf in self._leaves:
            yield from leaf

    def leaves(self) -> Iterator[list[Any]]:
        """The leaves (for tests that check what a frozen vector holds)."""
        return iter(self._leaves)


class IndexedMap(Mapping[str, Any]):
    """Read-only mapping key -> value over a PVec: `index` gives each key's position, `keys`
    the key at each position; MISSING items are absent. Iterates in position order."""

    __slots__ = ("_index", "_keys", "_len", "_vec")

    def __init__(
        self, vec: PVec, length: int, index: Mapping[str, int], keys: tuple[str, ...]
    ) -> None:
        self._vec = vec
        self._len = length
        self._index = index
        self._keys = keys

    def __getitem__(self, key: str) -> Any:
        i = self._index.get(key)
        if i is None:
            raise KeyError(key)
        value = self._vec[i]
        if value is MISSING:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        """The value at `key`, or `default` when it has none."""
        i = self._index.get(key)
        if i is None:
            return default
        value = self._vec._leaves[i >> _BITS][i & _MASK]
        return default if value is MISSING else value

    def __contains__(self, key: object) -> bool:
        i = self._index.get(key)  # type: ignore[call-overload]
        if i is None:
            return False
        return self._vec._leaves[i >> _BITS][i & _MASK] is not MISSING

    def __iter__(self) -> Iterator[str]:
        keys = self._keys
        for i, value in enumerate(self._vec):
            if value is not MISSING:
                yield keys[i]

    def __len__(self) -> int:
        return self._len

    def __repr__(self) -> str:
        return f"IndexedMap({dict(self.items())!r})"


class IndexSet(AbstractSet[int]):
    """Read-only set of the positions whose item in a PVec of booleans is True."""

    __slots__ = ("_len", "_vec")

    def __init__(self, vec: PVec, length: int) -> None:
        self._vec = vec
        self._len = length

    def __contains__(self, i: object) -> bool:
        return isinstance(i, int) and 0 <= i < len(self._vec) and self._vec[i] is True

    def __iter__(self) -> Iterator[int]:
        return (i for i, on in enumerate(self._vec) if on is True)

    def __len__(self) -> int:
        return self._len
