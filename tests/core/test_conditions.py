import pytest

from guide.core.conditions import ConditionError, parse_condition


class Env:
    def __init__(self, **values):
        self.values = values

    def value(self, name):
        return self.values.get(name)

    def raw(self, name):
        return self.values.get(name)


@pytest.mark.parametrize(
    ("source", "values", "expected"),
    [
        (
            "strong >= 2 or (strong >= 1 and medium + weak >= 1)",
            {"strong": 1, "medium": 0, "weak": 1},
            True,
        ),
        (
            "strong >= 2 or (strong >= 1 and medium + weak >= 1)",
            {"strong": 1, "medium": 0, "weak": 0},
            False,
        ),
        ('age_band == "under_18" or age_uncertain', {"age_uncertain": True}, True),
        (
            'age_band == "under_18" or age_uncertain',
            {"age_band": "adult", "age_uncertain": False},
            False,
        ),
        ('age_band in ["a", "b"]', {"age_band": "b"}, True),
        ('age_band not in ["a", "b"]', {"age_band": "c"}, True),
        ('age_band not in ["a", "b"]', {}, False),
        ("x == none", {}, True),
        ("x != none", {"x": 3}, True),
        ("none == x", {"x": 3}, False),
        ("count(a, b, c) >= 2", {"a": True, "b": False, "c": True}, True),
        ("-x < 0", {"x": 2}, True),
        ("true", {}, True),
    ],
)
def test_evaluates(source, values, expected):
    assert parse_condition(source)(Env(**values)) is expected


def test_unknown_never_counts_as_no():
    # three-valued logic: "not unknown" is unknown, and a condition holds only when true
    assert parse_condition("not paid")(Env()) is False
    assert parse_condition("not paid")(Env(paid=False)) is True
    assert parse_condition("x < 3")(Env()) is False
    assert parse_condition("x != 'a'")(Env()) is False
    assert parse_condition("unknown_q or true")(Env()) is True
    assert parse_condition("unknown_q and false")(Env()) is False


def test_functions_read_raw_answers():
    env = Env(q="declined")
    assert parse_condition("declined(q)")(env)
    assert parse_condition("unknown(q)")(env)
    assert not parse_condition("answered(q)")(env)
    assert not parse_condition("dont_know(q)")(env)


def test_names_and_comparisons_are_collected():
    c = parse_condition('a == "x" and b in ["y", "z"] and answered(q)')
    assert c.names == {"a", "b", "q"}
    assert {(n, lit) for n, lit, _ in c.compared} == {("a", "x"), ("b", "y"), ("b", "z")}


def test_constants_are_folded():
    assert parse_condition("1 > 2").is_constant
    assert parse_condition("1 > 2").constant is False
    assert not parse_condition("x").is_constant


@pytest.mark.parametrize(
    ("source", "fragment"),
    [
        ("a = 1", "cannot read"),
        ('__import__("os")', "unknown function"),
        ("a.b", "not allowed"),
        ("a[0]", "not allowed"),
        ("lambda: 1", "not allowed"),
        ("a if b else c", "not allowed"),
        ("x in y", "needs a list"),
        ("x * 2", "only + and -"),
        ("answered(1)", "takes one or more names"),
        ("(" * 300 + "a" + ")" * 300, ""),
        ("a + " * 450 + "a", "too large"),
        ("", "empty"),
        ("x < none", "none"),
    ],
)
def test_rejects(source, fragment):
    with pytest.raises(ConditionError) as info:
        parse_condition(source)
    assert fragment in info.value.message


def test_error_offset_points_at_the_problem():
    with pytest.raises(ConditionError) as info:
        parse_condition("a and foo(b)")
    assert info.value.offset == 6
