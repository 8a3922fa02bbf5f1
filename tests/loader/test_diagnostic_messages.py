"""The loader's messages live in one table (`guide.loader.diagnostics.Msg`), as pyxform's do: a check
names a message and fills in its fields; no module of the loader writes a code or a text of
its own."""

import re
import string
from pathlib import Path

from guide.loader.diagnostics import CODES, Detail, Msg, Severity, messages

LOADER = Path(__file__).parents[2] / "guide" / "loader"


def test_every_message_has_a_known_code_and_is_named_after_it():
    table = messages()
    assert len(table) > 60
    for name, detail in table.items():
        assert detail.code in CODES, name
        assert name.startswith(detail.code + "_"), name


def test_every_guide_and_schema_code_has_its_messages_in_the_table():
    used = {d.code for d in messages().values()}
    for code in CODES:
        if code[0] in "GS":
            assert code in used, code


def test_no_loader_module_writes_a_code_itself():
    literal = re.compile(r"""["'][GSY]\d{3}["']""")
    for path in sorted(LOADER.glob("*.py")):
        # diagnostics.py is the table itself; yamlio.py reads the YAML before any check runs and
        # names its own Y-codes (listed in the table's comment), as it did outside this folder.
        if path.name in {"diagnostics.py", "yamlio.py"}:
            continue
        found = literal.findall(path.read_text(encoding="utf-8"))
        assert not found, (path.name, found)


def test_warnings_are_the_codes_documented_as_warnings():
    warnings = {d.code for d in messages().values() if d.severity is Severity.WARNING}
    assert warnings == {"G009", "G014", "G020", "G022"}


def test_a_hint_uses_only_fields_its_message_is_given():
    # The fields of a hint must be fields of the message, or fields every call passes
    # (kept few and named here), so that no call can leave a hint's field unfilled.
    extra = {"short", "first", "allowed", "answers", "min", "max", "limit", "rule", "key_name"}
    for name, detail in messages().items():
        message_fields = {f for _, f, _, _ in string.Formatter().parse(detail.message) if f}
        hint_fields = {f for _, f, _, _ in string.Formatter().parse(detail.hint) if f}
        assert hint_fields <= message_fields | extra, name


def test_a_better_hint_replaces_the_table_hint():
    d = Msg.G002_NO_ELEMENT.at("g.yaml", 3, 5, name="exploitaton")
    assert (d.code, d.message, d.hint) == (
        "G002",
        "there is no element 'exploitaton'",
        "Define it under elements:.",
    )
    d = Msg.G002_NO_ELEMENT.at("g.yaml", 3, 5, "Did you mean 'exploitation'?", name="x")
    assert d.hint == "Did you mean 'exploitation'?"
    assert isinstance(Msg.G002_NO_ELEMENT, Detail)


def test_schema_messages_are_chosen_by_the_schema_pattern_not_its_text(tmp_path):
    """Each pattern of the schema has its message; a language code was "has the wrong form"
    while the messages were picked by searching the regex's text."""
    base = (Path(__file__).parents[1] / "broken" / "G020-contact-unused.yaml").read_text()
    cases = {
        "  languages: [en]\n": ("  languages: [english]\n", "'english' is not a language code"),
        '  version: "1"\n': ('  version: "1"\n  source_language: EN\n', None),
        'phone: "19"': ('phone: "nineteen"', "'nineteen' is not a phone number"),
        'verified: "2026-11-28"': ('verified: "28/11/2026"', "'28/11/2026' is not a date"),
        "  - id: s1\n": ("  - id: S1\n", "'S1' is not a valid id"),
    }
    from guide.loader import load_guide

    for old, (new, message) in cases.items():
        if message is None:
            continue
        (tmp_path / "g.yaml").write_text(base.replace(old, new, 1))
        (d,) = [x for x in load_guide(tmp_path / "g.yaml").diagnostics if x.code == "S004"]
        assert d.message.startswith(message), d.message
