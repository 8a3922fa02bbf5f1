"""The loader pauses the cyclic garbage collector while it loads (a load allocates objects
that stay alive or die by reference counting, and full collections over them were most of
the time of a big load). So a load of a valid guide must leave no reference cycle behind:
one cycle through the load's context held every parsed file until the next full collection
(a recursive closure in the derived names' ordering)."""

import gc
from collections import Counter

import pytest

from guide.loader import load_guide
from guide.paths import default_guide_dir

from ..conftest import FIXTURES


@pytest.mark.parametrize("path", [FIXTURES / "mini", default_guide_dir()], ids=["mini", "shipped"])
def test_a_valid_load_leaves_nothing_for_the_cyclic_collector(path):
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        result = load_guide(path)
        gc.collect()
        garbage = Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert result.ok
    assert not garbage, garbage.most_common(8)
