"""A big guide's modules are made into questions as each file is read, and a file of modules
alone keeps none of its parsed data (issue 18: the memory of `dalil validate`). What must
stay true: a diagnostic found later in such a file is placed exactly where the first reading
placed everything (the file is read again from its bytes), a valid load reads no file twice,
equal answer options are one object, and no load leaves a reference cycle behind."""

import json
import os
import subprocess
import sys

import pytest

import guide.loader.compact as compact_module
from guide.loader import load_guide
from guide.loader.compact import GuideFile, Reparsed, Shared, compact_file
from guide.loader.yamlio import parse_yaml

from .load_corpus import M, _replace, write_guide


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("guide") / "synthetic"
    write_guide(300, folder)
    return folder


def _read(path):
    raw = path.read_bytes()
    return parse_yaml(raw, path.name), raw


def test_a_file_of_modules_alone_keeps_nothing_parsed_and_places_as_before(synthetic):
    pf, raw = _read(synthetic / M(2))
    again = Reparsed()
    gf = compact_file(pf, raw, synthetic / M(2), 0, Shared(), again)
    assert isinstance(gf, GuideFile)
    assert gf._pf is None and list(gf.data) == ["modules"]
    assert not again.files  # nothing read again until a place is asked for
    paths = list(pf.positions)
    assert len(paths) > 500
    for path in paths:
        assert gf.where(path) == pf.where(path), path
        assert gf.where(path, key=True) == pf.where(path, key=True), path
    # paths that are not there: the closest place above, as before
    for path in [("modules", 0, "questions", 3, "when"), ("modules", 9), ("nothing",)]:
        assert gf.where(path) == pf.where(path)
    assert list(again.files) == [pf.file]


def test_a_file_with_other_sections_keeps_its_parsed_data(synthetic):
    pf, raw = _read(synthetic / "guide.yaml")
    gf = compact_file(pf, raw, synthetic / "guide.yaml", 0, Shared(), Reparsed())
    assert gf._pf is pf and gf.data is pf.data
    text = (synthetic / M(0)).read_text(encoding="utf-8") + "derived:\n  more: q00001\n"
    mixed = parse_yaml(text.encode(), "mixed.yaml")
    gf = compact_file(mixed, text.encode(), synthetic / "mixed.yaml", 0, Shared(), Reparsed())
    assert gf._pf is mixed
    assert gf.data["derived"] is mixed.data["derived"]
    assert [m.id for m in gf.data["modules"]] == ["m0000"]


def test_a_file_changed_since_it_was_read_places_in_its_question(tmp_path):
    """The place is read again only from the same bytes (size and CRC-32); a file changed
    meanwhile (a trainer saving during the check) gives the place of the question or the
    module the path is in, as first read, never a place in other content."""
    write_guide(300, tmp_path / "g")
    path = tmp_path / "g" / M(1)
    pf, raw = _read(path)
    gf = compact_file(pf, raw, path, 0, Shared(), Reparsed())
    inside = ("modules", 0, "questions", 13, "answers", "yes", "raises", 0)
    path.write_text("# shifted\n" + raw.decode(), encoding="utf-8")
    question = pf.where(inside[:4])
    assert gf.where(inside) == type(question)(question.line, question.col)
    assert gf.where(inside) != pf.where(inside)
    module = pf.where(("modules", 0))
    assert (gf.where(("modules", 0, "title")).line, gf.where(("modules", 0, "title")).col) == (
        module.line,
        module.col,
    )
    assert (gf.where(("other",)).line, gf.where(("other",)).col) == (1, 1)
    path.unlink()
    assert gf.where(inside).line == question.line


def test_only_a_place_in_a_broken_file_reads_it_again(synthetic, tmp_path, monkeypatch):
    calls = []
    real = compact_module.parse_yaml
    monkeypatch.setattr(
        compact_module, "parse_yaml", lambda raw, file: calls.append(file) or real(raw, file)
    )
    assert load_guide(synthetic).ok
    assert calls == []
    broken = tmp_path / "broken"
    write_guide(300, broken)
    _replace(broken / M(5), "raises: [i00021]", "raises: [i00021x]")
    result = load_guide(broken)
    assert [(d.code, d.line, d.col) for d in result.errors] == [("G002", 82, 26)]
    assert calls == ["broken/modules/m0005.yaml"]


def test_equal_answer_options_are_one_object(synthetic):
    guide = load_guide(synthetic).guide
    options = [o for q in guide.questions for o in q.options]
    no = [o for o in options if o.id == "no"]
    assert len(no) > 100 and len({id(o) for o in no}) == 1
    assert len({id(o) for o in options}) < len(options) / 3


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
print(json.dumps({"codes": [d.code for d in result.diagnostics], "garbage": garbage.most_common(8)}))
"""


def test_a_load_that_reads_a_file_again_leaves_no_cycle(tmp_path):
    broken = tmp_path / "broken"
    write_guide(300, broken)
    _replace(broken / M(4), "raises: [i00021]", "raises: [i00021x]")
    _replace(broken / M(1), "when: not q00055 or early_yes", "when: false")
    done = subprocess.run(
        [sys.executable, "-c", CHECK, str(broken)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert sorted(outcome["codes"]) == ["G002", "G007"]
    assert not outcome["garbage"], outcome["garbage"]


PEAK = """
import sys
from guide.loader import load_guide

def peak():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))

assert load_guide(sys.argv[1]).ok  # the interpreter, the imports, a small guide
before = peak()
assert load_guide(sys.argv[2]).ok
print((peak() - before) * 1024)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_a_big_load_does_not_hold_its_parsed_files_at_its_peak(tmp_path):
    """Memory, not time: how much a load of 5,000 questions (1.3 MB of YAML) raises the
    process's peak, over the YAML's size, in a fresh interpreter. The loader that read
    every file before building raised it by 10x the YAML (every file's parsed data with
    the guide, and a second object per question); this one by about 4x. 7x leaves room
    for the allocator's noise and small changes, not for holding the files again."""
    small, big = tmp_path / "small", tmp_path / "big"
    write_guide(100, small)
    write_guide(5000, big)
    size = sum(p.stat().st_size for p in big.rglob("*.yaml"))
    env = {**os.environ, "DALIL_NO_CACHE": "1"}  # the parser's own data, not a cache's
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(small), str(big)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    raised = int(done.stdout.split()[-1])
    assert raised / size < 7, f"the peak rose by {raised / size:.1f}x the YAML"
