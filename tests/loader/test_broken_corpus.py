"""Every file in tests/broken names its diagnostic in a `# <-- CODE` comment on the line
where the loader must report it, and the loader reports exactly that: one mistake gives one
diagnostic, not a cascade of consequences."""

import re
from pathlib import Path

import pytest

from guide.loader import load_guide
from guide.loader.diagnostics import CODES

BROKEN = Path(__file__).parent.parent / "broken"
MARK = re.compile(r"#\s*<--\s*([A-Z]\d{3})")
FILES = sorted(BROKEN.glob("*.yaml"))


def markers(path: Path) -> list[tuple[str, int]]:
    """Every (code, line) a file marks."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = MARK.search(line)
        if m:
            found.append((m.group(1), number))
    assert found, f"{path.name} has no marker"
    return found


# Diagnostics with no line, which a marker cannot stand beside. A guide of one empty file is
# two facts: the file is empty (a warning, as one empty file among others is harmless) and the
# guide has nothing in it (the error that stops the load).
UNPLACED = {"Y012-empty": [("G019", 0)]}


def expected(path: Path) -> tuple[str, int]:
    return markers(path)[0]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_broken_file_reports_exactly_its_code_at_its_line(path):
    result = load_guide(path)
    found = sorted((d.code, d.line) for d in result.diagnostics)
    want = sorted(markers(path) + UNPLACED.get(path.stem, []))
    assert found == want, [d.format() for d in result.diagnostics]
    assert path.stem.startswith(markers(path)[0][0])
    for d in result.diagnostics:
        assert d.message and d.hint, d
        assert d.file.endswith(path.name)


def test_every_code_has_a_broken_file_or_a_generated_test():
    covered = {expected(p)[0] for p in FILES}
    generated = {
        "Y003",
        "Y004",
        "Y011",
        "Y013",
        "Y014",
        "Y015",
        "G019",
        "G023",
    }  # made by tests below
    assert set(CODES) - covered - generated == set()


def test_every_code_is_documented():
    doc = (Path(__file__).parents[2] / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in doc, code


def test_base_guide_of_the_corpus_is_valid(tmp_path):
    source = (BROKEN / "make_corpus.py").read_text()
    base = source.split('BASE = """', 1)[1].split('"""', 1)[0]
    (tmp_path / "g.yaml").write_text(base)
    result = load_guide(tmp_path / "g.yaml")
    assert result.ok and not result.diagnostics, [d.format() for d in result.diagnostics]


def codes(tmp_path, data: bytes, name="g.yaml"):
    (tmp_path / name).write_bytes(data)
    return load_guide(tmp_path / name).diagnostics


def test_not_utf8(tmp_path):
    (d,) = codes(tmp_path, b"guide:\n  title: caf\xe9\n")
    assert (d.code, d.line, d.col) == ("Y003", 2, 13)


def test_binary_garbage(tmp_path):
    (d,) = codes(tmp_path, bytes(range(256)) * 10)
    assert d.code == "Y003"


def test_too_large(tmp_path):
    (d,) = codes(tmp_path, b"# x\n" * (5 * 1024 * 1024 // 4))
    assert d.code == "Y004"


def test_too_many_values(tmp_path, monkeypatch):
    import guide.loader.yamlio

    monkeypatch.setattr(guide.loader.yamlio, "MAX_NODES", 1000)
    (d,) = codes(tmp_path, b"scenarios:\n" + b"  - 1\n" * 2000)
    assert d.code == "Y011"


def test_alias_bomb_is_refused_fast(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20)
    )
    diags = codes(tmp_path, bomb.encode())
    assert [d.code for d in diags] == ["Y006"]


def test_bom_and_crlf_are_fine(tmp_path):
    text = (BROKEN / "G020-contact-unused.yaml").read_bytes().replace(b"\n", b"\r\n")
    diags = codes(tmp_path, b"\xef\xbb\xbf" + text)
    assert [(d.code, d.line) for d in diags] == [("G020", 49)]


def test_missing_and_empty_folder(tmp_path):
    assert [d.code for d in load_guide(tmp_path / "nope").diagnostics] == ["G019"]
    assert [d.code for d in load_guide(tmp_path).diagnostics] == ["G019"]


def test_unreadable_file(tmp_path):
    (tmp_path / "g.yaml").symlink_to(tmp_path / "gone.yaml")  # listed, but reading fails
    result = load_guide(tmp_path)
    assert [(d.code, d.file) for d in result.diagnostics] == [("Y013", f"{tmp_path.name}/g.yaml")]
    assert result.guide is None


def test_huge_condition(tmp_path):
    source = (BROKEN / "G020-contact-unused.yaml").read_text()
    source = source.replace(
        "    when: exploitation\n", "    when: " + "exploitation and " * 400 + "exploitation\n"
    )
    diags = codes(tmp_path, source.encode())
    assert {"G003", "S004"} & {d.code for d in diags}


@pytest.mark.parametrize(
    "char",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"],
)
@pytest.mark.parametrize("where", ["- id: asked_late", "text: Last question?", "title: Main"])
def test_direction_controls_are_refused_where_they_stand(tmp_path, char, where):
    source = (BROKEN / "G020-contact-unused.yaml").read_text()
    line = source[: source.index(where)].count("\n") + 1
    source = source.replace(where, where[:-2] + char + where[-2:])
    diags = codes(tmp_path, source.encode())
    assert [(d.code, d.line) for d in diags] == [("Y014", line)]


def test_fifty_megabytes_are_refused_without_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    (d,) = load_guide(big).diagnostics
    assert d.code == "Y004"


def test_ten_thousand_deep_nesting(tmp_path):
    for text in (
        "- " * 10_000 + "x\n",
        "[" * 10_000 + "]" * 10_000,
        "{a: " * 10_000 + "1" + "}" * 10_000,
    ):
        diags = codes(tmp_path, text.encode())
        assert [d.code for d in diags] == ["Y005"], text[:20]


def test_multi_file_guide_names_each_file(tmp_path):
    base = (BROKEN / "G020-contact-unused.yaml").read_text()
    head, rest = base.split("scoring:", 1)
    (tmp_path / "guide.yaml").write_text(head)
    (tmp_path / "more.yaml").write_text("scoring:" + rest.replace("title: Main", "titel: Main"))
    diags = load_guide(tmp_path).diagnostics
    # the module lost its title (S002) and has an unknown key (S001), both in more.yaml
    assert sorted((d.code, d.file) for d in diags) == [
        ("S001", f"{tmp_path.name}/more.yaml"),
        ("S002", f"{tmp_path.name}/more.yaml"),
    ]
