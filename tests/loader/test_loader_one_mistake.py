"""One mistake in a guide gives one diagnostic: a definition with an error stays known to the
checks after it, and what a "Did you mean" hint points to is not also reported as unused.

Each case changes one thing in the mini guide and expects exactly one diagnostic, with the
hint meant for it (docs/diagnostics.md: "the cause and not a cascade of consequences")."""

from pathlib import Path

import pytest

from guide.loader import load_guide

MINI = (Path(__file__).parents[1] / "fixtures" / "mini" / "guide.yaml").read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


CASES = [
    # The review's example: the indicator is dropped, and before this every answer raising it
    # and the scenario expecting it were two more "there is no indicator 'long_hours'".
    (
        "unknown-element",
        "{id: long_hours, element: exploitation,",
        "{id: long_hours, element: zzzqqq,",
        ("G002", "there is no element 'zzzqqq'", "Define it under elements:."),
    ),
    (
        "element-typo",
        "{id: long_hours, element: exploitation,",
        "{id: long_hours, element: exploitaton,",
        ("G002", "there is no element 'exploitaton'", "Did you mean 'exploitation'?"),
    ),
    # A derived name that does not parse is still a name: the conditions using it are not
    # also "unknown name 'child'".
    (
        "derived-syntax",
        """  child: 'age_band == "under_18" or age_uncertain'""",
        """  child: 'age_band == "under_18" or or age_uncertain'""",
        ("G003", None, None),
    ),
    # An element whose rule does not parse: its indicators do not become "no element".
    (
        "element-rule-syntax",
        "  - {id: exploitation, label: Exploitation}",
        '  - {id: exploitation, label: Exploitation, present_when: "strong >="}',
        ("G003", None, None),
    ),
    # A misspelt contact in a step: the contact it meant is not also "never used".
    (
        "contact-typo",
        "text: Call the hotline., contacts: [hotline]}",
        "text: Call the hotline., contacts: [hotlien]}",
        ("G002", "there is no contact 'hotlien'", "Did you mean 'hotline'?"),
    ),
]


@pytest.mark.parametrize(("old", "new", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_one_mistake_one_diagnostic(tmp_path, old, new, want):
    assert old in MINI
    text = MINI.replace(old, new, 1)
    (tmp_path / "guide.yaml").write_text(text, encoding="utf-8")
    result = load_guide(tmp_path)
    d = result.diagnostics
    assert len(d) == 1, [x.format() for x in d]
    code, message, hint = want
    assert d[0].code == code
    assert d[0].line == line_of(text, new)
    if message is not None:
        assert d[0].message == message
        assert d[0].hint == hint
    assert result.guide is None


def test_a_verdict_that_always_holds_is_one_diagnostic_for_all_after_it(tmp_path):
    broken = Path(__file__).parents[1] / "broken" / "G008-unreachable-verdict.yaml"
    (d,) = load_guide(broken).diagnostics
    assert d.code == "G008"
    assert d.message == (
        "verdicts 'never', 'alert' can never be reached: 'grounds' before them always holds"
    )
