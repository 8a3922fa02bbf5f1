"""The schema: well-formed, in sync with its source, and the fast validator agrees with the
reference one."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.loader.yamlio import parse_yaml
from guide.paths import default_guide_dir
from guide.schema import SCHEMA_FILE, fast_is_valid, guide_schema, guide_validator
from guide.schema.build_schema import render

ROOT = Path(__file__).parents[2]
GUIDE_FILES = sorted(default_guide_dir().rglob("*.yaml"))
BROKEN_FILES = sorted((ROOT / "tests" / "broken").glob("*.yaml"))


def test_schema_file_matches_its_source():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == render()


def test_schema_has_id_and_descriptions():
    schema = guide_schema()
    assert schema["$id"].startswith("https://")
    assert schema["$schema"].endswith("2020-12/schema")

    def walk(node, path):
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                if isinstance(sub, dict) and "$ref" not in sub:
                    assert "description" in sub, f"{path}.{key} has no description"
            for key, sub in node.items():
                if key not in ("if", "then", "else", "not"):  # refinements, documented above
                    walk(sub, f"{path}.{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{path}[{i}]")

    walk(schema, "$")


def test_every_guide_file_names_the_schema():
    for f in GUIDE_FILES:
        first = f.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), f
        target = (f.parent / first.split("$schema=", 1)[1]).resolve()
        if (ROOT / "guide").exists() and "site-packages" not in str(f):
            assert target == SCHEMA_FILE.resolve(), f


def data_of(path: Path):
    parsed = parse_yaml(path.read_bytes(), path.name)
    return parsed.data if parsed.ok else None


@pytest.mark.parametrize("path", GUIDE_FILES + BROKEN_FILES, ids=lambda p: p.name)
def test_fast_and_reference_validators_agree(path):
    data = data_of(path)
    if data is None:
        pytest.skip("not YAML the reader accepts")
    reference = not any(True for _ in guide_validator().iter_errors(data))
    assert fast_is_valid()(data) == reference


def _mutations():
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-5, 30),
        st.text(max_size=8),
        st.sampled_from(["yes", "no", "strong", "x_1", "2026-11-28", "19"]),
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3),
            st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "text",
                        "type",
                        "answers",
                        "min",
                        "raises",
                        "when",
                        "strength",
                        "verified",
                        "phone",
                        "steps",
                        "ref",
                        "level",
                        "urgency",
                        "label",
                        "element",
                    ]
                ),
                inner,
                max_size=4,
            ),
        ),
        max_leaves=12,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    section=st.sampled_from(
        ["modules", "indicators", "contacts", "referrals", "verdicts", "scenarios", "elements"]
    ),
    item=_mutations(),
)
def test_validators_agree_on_random_items(section, item):
    data = {section: [item]}
    if section == "modules" and isinstance(item, dict):
        data = {section: [{"id": "m", "title": "t", "questions": [item]}]}
    reference = not any(True for _ in guide_validator().iter_errors(data))
    assert fast_is_valid()(json.loads(json.dumps(data))) == reference


@pytest.mark.parametrize("path", BROKEN_FILES[:12], ids=lambda p: p.name)
def test_fast_path_reports_the_same_as_the_reference_alone(path, monkeypatch):
    """The loader explains only the files the fast validator rejects: the diagnostics must be
    those of the reference validator run on every file."""
    import guide.loader as loader
    import guide.schema as schema

    fast = [d.format() for d in loader.load_guide(path).diagnostics]
    monkeypatch.setattr(schema, "fast_is_valid", lambda: lambda data: False)
    reference = [d.format() for d in loader.load_guide(path).diagnostics]
    assert fast == reference


def test_generated_validator_is_current():
    """_validator.py is generated from the schema file; after a schema change, run
    `python -m guide.schema.build_schema` (it writes both)."""
    from guide.schema import _validator, generated_is_current, schema_digest

    assert generated_is_current(), (
        "guide/schema/_validator.py is stale: run `python -m guide.schema.build_schema`"
    )
    assert schema_digest(SCHEMA_FILE.read_bytes()) == _validator.SCHEMA_SHA256


def test_generated_validator_is_what_the_generator_writes():
    """Not edited by hand: regenerating gives the same text (with the same fastjsonschema)."""
    import fastjsonschema

    from guide.schema import _validator, schema_checksum, schema_digest
    from guide.schema.generate_validator import VALIDATOR_FILE, render_validator

    if f"fastjsonschema {fastjsonschema.VERSION}" != _validator.GENERATED_BY:
        pytest.skip(f"generated by {_validator.GENERATED_BY}")
    raw = SCHEMA_FILE.read_bytes()
    expected = render_validator(json.loads(raw), schema_digest(raw), schema_checksum(raw))
    assert VALIDATOR_FILE.read_text(encoding="utf-8") == expected


def test_a_stale_validator_is_not_used(monkeypatch):
    """If the schema file no longer matches the generated code, the schema is compiled at
    run time instead (slower, never wrong)."""
    import guide.schema as schema
    from guide.schema import _validator

    monkeypatch.setattr(_validator, "SCHEMA_CRC32", -1)
    schema.fast_is_valid.cache_clear()
    try:
        assert not schema.generated_is_current()
        is_valid = schema.fast_is_valid()
        assert is_valid({"contacts": []}) is True
        assert is_valid({"nonsense": 1}) is False
    finally:
        schema.fast_is_valid.cache_clear()


def test_loading_a_valid_guide_imports_neither_schema_library():
    """jsonschema (and fastjsonschema) are imported only to explain a failing file."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from guide.loader import load_guide\n"
        "from guide.paths import default_guide_dir\n"
        "r = load_guide(default_guide_dir())\n"
        "assert r.guide is not None, [d.format() for d in r.diagnostics]\n"
        "print(sorted(m for m in sys.modules if 'jsonschema' in m))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("path", [p for p in BROKEN_FILES if p.name.startswith("S")], ids=str)
def test_a_file_the_schema_rejects_is_explained_with_its_position(path):
    from guide.loader import load_guide

    code = path.name.split("-")[0]
    found = [d for d in load_guide(path).diagnostics if d.code == code]
    assert found and all(d.line > 0 for d in found)
