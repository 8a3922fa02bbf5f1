"""The loader pauses the cyclic garbage collector while it loads (a load allocates objects
that stay alive or die by reference counting, and full collections over them were most of
the time of a big load). So a load of a valid guide must leave no reference cycle behind:
one cycle through the load's context held every parsed file until the next full collection
(a recursive closure in the derived names' ordering).

Checked in a fresh interpreter: in the test process, objects other tests left in caches can
become garbage during the load without being the load's."""

import subprocess
import sys

import pytest

from guide.paths import default_guide_dir

from ..conftest import FIXTURES

PROBE = """
import gc, sys
from collections import Counter
from guide.loader import load_guide
import guide.loader.build, guide.loader.context, guide.schema._validator  # imported first
gc.collect()
gc.set_debug(gc.DEBUG_SAVEALL)
result = load_guide(sys.argv[1])
gc.collect()
print(result.ok, sorted(Counter(type(o).__name__ for o in gc.garbage).items()))
"""


@pytest.mark.parametrize("path", [FIXTURES / "mini", default_guide_dir()], ids=["mini", "shipped"])
def test_a_valid_load_leaves_nothing_for_the_cyclic_collector(path):
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.split(None, 1) == ["True", "[]\n"], out.stdout
