"""The schema: well-formed, in sync with its source, and the fast validator agrees with the
reference one."""

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guide.paths import default_guide_dir
from guide.schema import SCHEMA_FILE, fast_is_valid, guide_schema, guide_validator
from guide.schema.build_schema import render
from guide.yamlio import parse_yaml

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
def test_big_guide_path_reports_the_same_as_the_small_one(path, monkeypatch):
    """Above FAST_SCHEMA_BYTES the loader checks with fastjsonschema first; the diagnostics
    must not change."""
    import guide.loader.schema_messages as schema_messages
    from guide.loader import load_guide

    small = [d.format() for d in load_guide(path).diagnostics]
    monkeypatch.setattr(schema_messages, "FAST_SCHEMA_BYTES", 0)
    big = [d.format() for d in load_guide(path).diagnostics]
    assert big == small
