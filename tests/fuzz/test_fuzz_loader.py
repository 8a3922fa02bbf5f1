"""Mutation fuzzing of the shipped guide: whatever a trainer's editor does to a file, the
loader answers with diagnostics (never a traceback), and a guide it accepts runs.

Bounded for CI; run longer by hand with `DALIL_FUZZ_EXAMPLES=5000 pytest tests/fuzz`.
"""

import os
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.core.assessment import assess
from guide.core.engine import Interview
from guide.core.what_if import with_what_if
from guide.loader import load_guide
from guide.paths import default_guide_dir

SOURCE = default_guide_dir()
FILES = sorted(p.relative_to(SOURCE) for p in SOURCE.rglob("*.yaml"))
EXAMPLES = int(os.environ.get("DALIL_FUZZ_EXAMPLES", "60"))
TOKENS = [
    "",
    " ",
    ":",
    "- ",
    "  ",
    "\t",
    "'",
    '"',
    "[",
    "]",
    "{",
    "}",
    "&a",
    "*a",
    "!!str",
    "yes",
    "no",
    "true",
    "null",
    "~",
    "0",
    "-1",
    "1e9",
    "é",
    "ع",
    "\u202e",
    "#",
    "---",
    "id: x",
    "when: ",
    "raises: [",
    "strong",
    "not ",
    " and ",
    "verdict",
    "none",
]


def mutate(text: str, ops: list[tuple[int, int, int]]) -> str:
    lines = text.split("\n")
    for op, a, b in ops:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(j, lines[i])
        elif op == 2:
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            col = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:col] + TOKENS[b % len(TOKENS)] + lines[i][col:]
        elif op == 4:
            lines[i] = lines[i][2:] if lines[i].startswith("  ") else "  " + lines[i]
        elif op == 5:
            col = b % (len(lines[i]) + 1)
            lines[i] = lines[i][:col] + lines[i][col + 1 + b % 5 :]
    return "\n".join(lines)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    which=st.integers(0, len(FILES) - 1),
    ops=st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 10_000), st.integers(0, 10_000)),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_guide_gives_diagnostics_or_a_working_guide(tmp_path_factory, which, ops):
    root = tmp_path_factory.mktemp("guide")
    shutil.copytree(SOURCE, root, dirs_exist_ok=True)
    target: Path = root / FILES[which]
    target.write_text(mutate(target.read_text(encoding="utf-8"), ops), encoding="utf-8")
    result = load_guide(root)
    for d in result.diagnostics:
        assert d.code and d.message and d.hint, d
        assert d.line >= 0 and d.col >= 0
    if result.guide is None:
        assert result.errors
        return
    guide = result.guide
    iv = Interview(guide)
    for n in range(40):
        q = iv.current()
        if q is None:
            break
        value = q.options[n % len(q.options)].id if q.options else (q.min or 0)
        iv.answer(q.id, value)
    a = with_what_if(iv, assess(guide, iv.state()), limit=5)
    # The same answers give the same result, and every unknown says truly why it is one.
    assert assess(guide, iv.state()).verdict.verdict.id == a.verdict.verdict.id
    for unknown in a.unknowns:
        given = iv.answers.get(unknown.question.id)
        assert given == (None if unknown.status == "not_asked" else unknown.status), unknown
