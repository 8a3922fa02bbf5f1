"""The guides whose load must not change when the loader's inside changes: every broken file
of tests/broken as it is and split into several files (the `modules` section in files of
their own, as real guides are written), the fixtures, and a synthetic
guide of several files, valid and with mistakes across its files (a module or a question
defined twice in two files, unknown names, a cycle, a later question, a schema error in one
file beside semantic mistakes in another...).

`outcome(path)` is what a load gives, as plain data: every diagnostic (file, line, column,
severity, code, message and hint, in English, in the order reported) and, for a guide that
loads, a digest of the whole built `Guide` (every field of every part, conditions by their
text). `tests/loader/golden_loads.json` holds the outcomes of the loader before the memory
work of issue 18 (written by `python -m tests.loader.load_corpus --write` at that commit);
`test_load_same_as_before.py` compares. Regenerate only for an intended change of a message.
(The shipped guide is not in it: its content changes with every release of the guide; its
load is checked by the other tests, and its valid load leaves no cycle.)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from guide.core.model import Record
from guide.i18n.lazy import translated
from guide.loader import load_guide

HERE = Path(__file__).resolve().parent
TESTS = HERE.parent
ROOT = TESTS.parent
BROKEN = TESTS / "broken"
GOLDEN = HERE / "golden_loads.json"

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_large_guide import write_guide  # noqa: E402

_SECTION = re.compile(r"^[A-Za-z_]+:")


def split_guide(text: str, out: Path) -> bool:
    """Write the one-file guide `text` as a folder: every top-level section but `modules`
    in guide.yaml, each module entry in a file of its own under modules/. False when the
    text has no module entries to split (it is then not written)."""
    sections: list[list[str]] = []
    for line in text.splitlines():
        if _SECTION.match(line) or not sections:
            sections.append([])
        sections[-1].append(line)
    rest: list[str] = []
    modules: list[list[str]] = []
    for lines in sections:
        if not lines[0].startswith("modules:"):
            rest += lines
            continue
        for line in lines[1:]:
            if line.startswith("  - ") or not modules:
                modules.append([])
            modules[-1].append(line)
    if not modules:
        return False
    (out / "modules").mkdir(parents=True)
    (out / "guide.yaml").write_text("\n".join(rest) + "\n", encoding="utf-8")
    for i, lines in enumerate(modules):
        body = "modules:\n" + "\n".join(lines) + "\n"
        (out / "modules" / f"{i:02d}.yaml").write_text(body, encoding="utf-8")
    return True


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# Mistakes across the files of a synthetic guide (make_large_guide, 300 questions: six
# module files of 50 questions, guide.yaml with the other sections, scenarios.yaml).
M = "modules/m{:04d}.yaml".format
MUTATIONS: dict[str, Callable[[Path], None]] = {
    "valid": lambda g: None,
    "module-twice": lambda g: _replace(g / M(3), "id: m0003", "id: m0001"),
    "question-twice": lambda g: _replace(g / M(4), "id: q00201", "id: q00012"),
    "unknown-name": lambda g: _replace(g / M(2), "when: not q00118", "when: not q00118x"),
    "later-question": lambda g: _replace(g / M(1), "when: not q00062", "when: not q00262"),
    "unknown-indicator": lambda g: _replace(g / M(5), "raises: [i00021]", "raises: [i00021x]"),
    "answer-twice": lambda g: _replace(
        g / M(0), "{id: sometimes, text: Sometimes}", "{id: often, text: Again}"
    ),
    "number-rule-name": lambda g: _replace(g / M(3), 'when: "value >= 12"', 'when: "q00001 >= 12"'),
    "number-rule-syntax": lambda g: _replace(
        g / M(2), 'when: "value >= 12"', 'when: "value >=> 12"'
    ),
    "empty-range": lambda g: _replace(g / M(4), "min: 0", "min: 30"),
    "never-asked": lambda g: _replace(g / M(1), "when: not q00055 or early_yes", "when: false"),
    "module-when": lambda g: _replace(
        g / M(2), "intro: Questions", "when: q00150\n    intro: Questions"
    ),
    "not-listed": lambda g: _replace(g / "guide.yaml", "    - m0004\n", ""),
    "listed-missing": lambda g: _replace(
        g / "guide.yaml", "    - m0004\n", "    - m0004\n    - m0404\n"
    ),
    "cycle-across": lambda g: (
        _replace(g / "guide.yaml", 'early_yes: "q00000 or q00001"', 'early_yes: "q00000 or late"'),
        _append(g / M(5), 'derived:\n  late: "early_yes and q00002"\n'),
    ),
    "compare-answer": lambda g: _replace(
        g / M(1), "when: not q00069 or early_yes", 'when: q00053 == "oftn"'
    ),
    "replaces": lambda g: _replace(
        g / M(2),
        "text: Synthetic question number 101,",
        "replaces: [q00005, old_one, old_one]\n        text: Synthetic question number 101,",
    ),
    "replaces-map": lambda g: _replace(
        g / M(2),
        "text: Synthetic question number 103,",
        "replaces:\n          - {id: older, answers: {often: sometimes, a: b, yes: never}}\n"
        "        text: Synthetic question number 103,",
    ),
    "scenario-answers": lambda g: _replace(
        g / "scenarios.yaml",
        "      q00001: 'no'",
        "      q00001: 'nope'\n      q00103: 99\n      q00199x: 'no'",
    ),
    "schema-and-semantic": lambda g: (
        _replace(g / M(1), "type: choice", "type: choise"),
        _replace(g / M(4), "raises: [i00021]", "raises: [i00021x]"),
    ),
    "syntax-in-later-file": lambda g: (
        _replace(g / M(4), "raises: [i00021]", "raises: [i00021x]"),
        _replace(g / M(5), "title: Module m0005", "title: Module: m0005: x"),
    ),
    "unanswered-derived": lambda g: _replace(
        g / M(0), 'when: "value >= 12"', 'when: "value >= 12 and unanswered(early_yes)"'
    ),
    "number-rule-calls": lambda g: _replace(
        g / M(5),
        'when: "value >= 12"',
        'when: "value >= 12 and unanswered(i00002) and raised_in(deceptive) and step(x)"',
    ),
    "mixed-file": lambda g: _append(
        g / M(0), "contacts:\n  - {id: extra, name: Extra, region: national, verified: false}\n"
    ),
}


def cases(tmp: Path) -> dict[str, Path]:
    """Name -> a guide path (a file or a folder), written under `tmp` where needed."""
    found: dict[str, Path] = {}
    for file in sorted(BROKEN.glob("*.yaml")):
        found[f"broken/{file.stem}"] = file
        folder = tmp / "split" / file.stem
        if split_guide(file.read_text(encoding="utf-8"), folder):
            found[f"split/{file.stem}"] = folder
    found["fixtures/mini"] = TESTS / "fixtures" / "mini"
    found["fixtures/invariants"] = TESTS / "fixtures" / "invariants"
    for name, mutate in MUTATIONS.items():
        folder = tmp / "synthetic" / name
        write_guide(300, folder)
        mutate(folder)
        found[f"synthetic/{name}"] = folder
    return found


def canon(value: Any) -> Any:
    """A built value as plain data: every field of every record, mappings sorted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = [f.name for f in dataclasses.fields(value)]
        return [type(value).__name__, {name: canon(getattr(value, name)) for name in names}]
    if isinstance(value, Record):  # the model's records: their fields, as a dataclass's
        fields = type(value)._fields
        return [type(value).__name__, {name: canon(getattr(value, name)) for name in fields}]
    if isinstance(value, Mapping):
        return sorted([str(k), canon(v)] for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [canon(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(canon(v) for v in value)
    if isinstance(value, str):
        return translated(value, "en")
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return repr(value)


def outcome(path: Path, tmp: Path) -> dict[str, Any]:
    result = load_guide(path)
    prefix = str(tmp)

    def plain(text: str) -> str:  # the folders of this run and checkout named alike
        return text.replace(prefix, "<tmp>").replace(str(ROOT), "<root>")

    diagnostics = [
        [
            plain(d.file),
            d.line,
            d.col,
            d.severity.value,
            d.code,
            plain(translated(d.message, "en")),
            plain(translated(d.hint, "en")),
        ]
        for d in result.diagnostics
    ]
    built = None
    if result.guide is not None:
        dump = json.dumps(canon(result.guide), sort_keys=True).replace(prefix, "<tmp>")
        dump = dump.replace(str(ROOT), "<root>")
        built = hashlib.sha256(dump.encode()).hexdigest()
    return {"diagnostics": diagnostics, "guide": built, "files": len(result.files)}


def outcomes(tmp: Path) -> dict[str, dict[str, Any]]:
    return {name: outcome(path, tmp) for name, path in cases(tmp).items()}


if __name__ == "__main__":  # python -m tests.loader.load_corpus --write
    import tempfile

    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.loader.load_corpus --write")
    with tempfile.TemporaryDirectory() as folder:
        data = outcomes(Path(folder))
    GOLDEN.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(data)} guides written to {GOLDEN}")
