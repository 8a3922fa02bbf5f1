"""The loader pauses the cyclic garbage collector while it loads (a load allocates objects
that stay alive or die by reference counting, and full collections over them were most of
the time of a big load). So a load of a valid guide must leave no reference cycle behind:
one cycle through the load's context held every parsed file until the next full collection
(a recursive closure in the derived names' ordering).

The check runs in a fresh interpreter: inside the test run, threads left by earlier tests
(Textual workers, timers) may make cyclic garbage of their own during the load, and did."""

import json
import subprocess
import sys

import pytest

from guide.paths import default_guide_dir

from ..conftest import FIXTURES

CHECK = """
import gc, json, sys
from collections import Counter
from guide.loader import load_guide
gc.collect()
gc.set_debug(gc.DEBUG_SAVEALL)
result = load_guide(sys.argv[1])
gc.collect()
garbage = Counter(type(o).__name__ for o in gc.garbage)
gc.set_debug(0)
print(json.dumps({"ok": result.ok, "garbage": garbage.most_common(8)}))
"""


@pytest.mark.parametrize("path", [FIXTURES / "mini", default_guide_dir()], ids=["mini", "shipped"])
def test_a_valid_load_leaves_nothing_for_the_cyclic_collector(path):
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["ok"]
    assert not outcome["garbage"], outcome["garbage"]
