"""Positions are packed one int per node; every value and key still reads back exactly where
PyYAML's own composer puts it (line, column, quoted)."""

from pathlib import Path

import pytest
import yaml

from guide.loader.yamlio import Position, parse_yaml
from guide.paths import default_guide_dir

GUIDE_FILES = sorted(default_guide_dir().rglob("*.yaml"))


def _walk(node, path, out_values, out_keys):
    quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
    out_values[path] = (node.start_mark.line + 1, node.start_mark.column + 1, quoted)
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            child = (*path, k.value)
            kq = k.style in ("'", '"')
            out_keys[child] = (k.start_mark.line + 1, k.start_mark.column + 1, kq)
            _walk(v, child, out_values, out_keys)
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk(v, (*path, i), out_values, out_keys)


@pytest.mark.parametrize("path", GUIDE_FILES[:8], ids=lambda p: p.name)
def test_every_position_matches_pyyamls_composer(path: Path):
    raw = path.read_bytes()
    pf = parse_yaml(raw, path.name)
    assert pf.ok
    values: dict = {}
    keys: dict = {}
    _walk(yaml.compose(raw.decode("utf-8"), Loader=yaml.SafeLoader), (), values, keys)
    assert len(pf.positions) == len(values)
    assert len(pf.key_positions) == len(keys)
    for p, (line, col, quoted) in values.items():
        assert pf.positions[p] == Position(line, col, quoted), p
        assert pf.where(p) == Position(line, col, quoted)
    for p, (line, col, quoted) in keys.items():
        assert pf.key_positions[p] == Position(line, col, quoted), p
        assert pf.where(p, key=True) == Position(line, col, quoted)


def test_quoted_keys_and_values_and_list_items():
    pf = parse_yaml(b'a:\n  "b": \'x\'\n  c:\n    - 1\n    - "two"\n', "t.yaml")
    assert pf.data == {"a": {"b": "x", "c": [1, "two"]}}
    assert pf.key_positions[("a", "b")] == Position(2, 3, True)
    assert pf.positions[("a", "b")] == Position(2, 8, True)
    assert ("a", "c", 0) not in pf.key_positions  # a list item has no key
    assert pf.where(("a", "c", 0), key=True) == Position(4, 7)  # so its value stands in
    assert pf.positions[("a", "c", 1)] == Position(5, 7, True)
    assert pf.where(("a", "missing", 3)) == pf.positions[("a",)]


def test_one_int_per_node_and_no_position_objects_kept():
    pf = parse_yaml(GUIDE_FILES[0].read_bytes(), "x")
    # three flat arrays per file, whatever its size: two ints per child (value and key
    # positions), one for the mapping or list it is, one per mapping or list
    assert (pf.table.typecode, pf.kids.typecode, pf.starts.typecode) == ("Q", "I", "I")
    assert len(pf.table) == 2 * len(pf.kids) == 2 * (len(pf.positions) - 1)
    assert len(pf.starts) == sum(1 for v in pf.kids if v) + 1
    assert not hasattr(Position(1, 1), "__dict__")


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="this PyYAML was built without libyaml")
def test_every_file_is_read_with_the_c_parser_once(monkeypatch):
    """Reading is most of `validate`: each file goes through libyaml's parser, once."""
    from guide.loader import load_guide, yamlio

    seen: list[str] = []

    class Counting(yaml.CSafeLoader):  # type: ignore[misc]
        def __init__(self, text: str) -> None:
            seen.append(text)
            super().__init__(text)

    monkeypatch.setattr(yamlio, "_Loader", Counting)
    result = load_guide(default_guide_dir())
    assert result.ok
    assert len(seen) == len(result.files) == len(set(seen))


def test_the_pure_python_parser_reads_the_same(monkeypatch):
    """Where PyYAML has no libyaml the reader falls back to its Python parser, whose event
    stream ends the same way (get_event() returns None after the stream's end)."""
    from guide.loader import yamlio

    raw = GUIDE_FILES[0].read_bytes()
    c_read = parse_yaml(raw, "x")
    monkeypatch.setattr(yamlio, "_Loader", yaml.SafeLoader)
    py_read = parse_yaml(raw, "x")
    assert py_read.ok and py_read.data == c_read.data
    assert (py_read.table, py_read.kids, py_read.starts) == (
        c_read.table,
        c_read.kids,
        c_read.starts,
    )
    assert py_read.nodes == c_read.nodes


# (plain number, the scalar beside it, what that one reads as)
NUMBERS_KEPT_AS_TEXT = [
    # Python refuses to convert an integer of more than 4,300 digits (ValueError): it was a
    # traceback.
    ("9" * 5000, "-12", -12),
    # A float that overflows is infinity: a bound no guide needs, and "Infinity" in a JSON
    # export.
    ("1.0e999", "2.5e3", 2500.0),
    ("-1.5e400", "2.5e3", 2500.0),
]


@pytest.mark.parametrize(
    ("number", "beside", "read"), NUMBERS_KEPT_AS_TEXT, ids=["5000-digits", "1e999", "-1.5e400"]
)
def test_a_number_python_cannot_hold_is_text_and_placed(tmp_path, number, beside, read):
    """Such a plain scalar stays text as written, its neighbour is read as usual, and the
    schema places the mistake (S003, line and column)."""
    from guide.loader import load_guide

    pf = parse_yaml(f"a: {number}\nb: {beside}\n".encode(), "x.yaml")
    assert pf.ok and pf.data == {"a": number, "b": read}
    mini = (Path(__file__).parents[1] / "fixtures" / "mini" / "guide.yaml").read_text()
    assert "        max: 24\n" in mini
    (tmp_path / "guide.yaml").write_text(
        mini.replace("        max: 24\n", f"        max: {number}\n")
    )
    result = load_guide(tmp_path)
    line = mini[: mini.index("        max: 24")].count("\n") + 1
    assert [(d.file, d.line, d.col, d.code) for d in result.errors] == [
        (f"{tmp_path.name}/guide.yaml", line, 14, "S003")
    ]
