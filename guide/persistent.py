"""Persistent (immutable, structure-sharing) containers for the engine. Pure, no I/O.

`PVec` is a fixed-size vector stored as a tree of 256-wide tuples (like Clojure's vectors,
wider: reads matter more here than writes): up to 256 items it is one flat tuple, up to
65,536 two levels. Reading an item is one or two tuple lookups, and `set` returns a new
vector that copies only the path to the item (two tuples of 256 for 20,000 items) and
shares the rest. So a snapshot or a copy of an interview is O(1), a change is
O(log256 n), and nothing a snapshot holds can ever change.

`IndexedMap` and `IndexSet` are read-only `Mapping` / `Set` views over a `PVec`, for the
engine's snapshots (answers by question id, raised indicators by id, applicable questions by
index).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from collections.abc import Set as AbstractSet
from typing import Any

_BITS = 8
_WIDTH = 1 << _BITS
_MASK = _WIDTH - 1


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


class PVec:
    """A persistent vector of `size` items (fixed at creation)."""

    __slots__ = ("_root", "_shift", "_size")

    def __init__(self, root: tuple[Any, ...], shift: int, size: int) -> None:
        self._root = root
        self._shift = shift
        self._size = size

    @classmethod
    def filled(cls, size: int, value: Any = MISSING) -> PVec:
        shift = 0
        while (_WIDTH << shift) < size:
            shift += _BITS
        node: tuple[Any, ...] = (value,) * _WIDTH
        level = 0
        while level < shift:
            node = (node,) * _WIDTH  # identical subtrees shared: they never change
            level += _BITS
        return cls(node, shift, size)

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, i: int) -> Any:
        if not 0 <= i < self._size:
            raise IndexError(i)
        shift = self._shift
        if shift == 0:  # the common case: one flat tuple
            return self._root[i]
        if shift == _BITS:
            return self._root[i >> _BITS][i & _MASK]
        node = self._root
        while shift:
            node = node[(i >> shift) & _MASK]
            shift -= _BITS
        return node[i & _MASK]

    def set(self, i: int, value: Any) -> PVec:
        """A new vector with item i replaced; this one is unchanged."""
        if not 0 <= i < self._size:
            raise IndexError(i)
        path = []
        node = self._root
        shift = self._shift
        while shift:
            path.append(node)
            node = node[(i >> shift) & _MASK]
            shift -= _BITS
        leaf = list(node)
        leaf[i & _MASK] = value
        new: tuple[Any, ...] = tuple(leaf)
        shift = _BITS
        for parent in reversed(path):
            lst = list(parent)
            lst[(i >> shift) & _MASK] = new
            new = tuple(lst)
            shift += _BITS
        return PVec(new, self._shift, self._size)

    def __iter__(self) -> Iterator[Any]:
        size = self._size
        count = 0
        for leaf in self._leaves(self._root, self._shift):
            for item in leaf:
                if count == size:
                    return
                count += 1
                yield item

    def _leaves(self, node: tuple[Any, ...], shift: int) -> Iterator[tuple[Any, ...]]:
        if shift == 0:
            yield node
            return
        for child in node:
            yield from self._leaves(child, shift - _BITS)

    def nodes(self) -> Iterator[tuple[Any, ...]]:
        """Every tuple of the tree (for tests that check nothing mutable is inside)."""
        stack = [(self._root, self._shift)]
        while stack:
            node, shift = stack.pop()
            yield node
            if shift:
                stack.extend((child, shift - _BITS) for child in node)


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
        i = self._index.get(key)
        if i is None:
            return default
        vec = self._vec
        value = vec._root[i] if vec._shift == 0 else vec[i]
        return default if value is MISSING else value

    def __contains__(self, key: object) -> bool:
        i = self._index.get(key)  # type: ignore[call-overload]
        if i is None:
            return False
        vec = self._vec
        return (vec._root[i] if vec._shift == 0 else vec[i]) is not MISSING

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
