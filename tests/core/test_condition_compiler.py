"""Conditions are compiled into one Python function each (guide.conditions). These tests
hold the compiled functions to the language's written semantics: a small reference
interpreter below walks the parsed condition node by node, as the module docstring defines
it (Kleene logic, unknown is none, a comparison with an unknown is false...), and random
conditions must give the same value, of the same type, on random answers."""

from __future__ import annotations

import ast
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from guide.core.conditions import LITERAL_NAMES, ConditionError, parse_condition

UNKNOWN = ("dont_know", "declined", "skipped")
NAMES = ("a", "b", "c")
VALUES = (None, True, False, 0, 1, 2, 2.5, "x", "y", *UNKNOWN)


class Env:
    """Answers by name; `unanswered`, `raised_count` and `has_step` like the result's."""

    def __init__(self, values: dict[str, Any], applies: frozenset[str]) -> None:
        self.values = values
        self.applies = applies

    def value(self, name: str) -> Any:
        v = self.values.get(name)
        return None if v in UNKNOWN else v

    def raw(self, name: str) -> Any:
        return self.values.get(name)

    def unanswered(self, name: str) -> bool:
        return name in self.applies and self.raw(name) in (None, *UNKNOWN)

    def raised_count(self, elements: tuple[str, ...]) -> int:
        return len(elements) * 2 + 1

    def has_step(self, sid: str) -> bool:
        return sid == "a"


def _logic(v: Any) -> bool | None:
    return None if v is None else bool(v)


def _arith(fn, *values):
    if any(v is None or isinstance(v, str) for v in values):
        return None
    try:
        return fn(*values)
    except (TypeError, OverflowError):
        return None


def reference(node: ast.AST, env: Env) -> Any:
    """The condition language, one node at a time (the semantics of guide.conditions)."""
    if isinstance(node, ast.Name):
        return LITERAL_NAMES[node.id] if node.id in LITERAL_NAMES else env.value(node.id)
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.BoolOp):
        conjunction = isinstance(node.op, ast.And)
        unknown = False
        for part in node.values:
            b = _logic(reference(part, env))
            if b is (not conjunction):
                return b
            unknown = unknown or b is None
        return None if unknown else conjunction
    if isinstance(node, ast.UnaryOp):
        v = reference(node.operand, env)
        if isinstance(node.op, ast.Not):
            return None if v is None else not bool(v)
        return _arith(lambda x: -x, v)
    if isinstance(node, ast.BinOp):
        left, right = reference(node.left, env), reference(node.right, env)
        if isinstance(node.op, ast.Add):
            return _arith(lambda x, y: x + y, left, right)
        return _arith(lambda x, y: x - y, left, right)
    if isinstance(node, ast.Compare):
        operands = [node.left, *node.comparators]
        return all(
            _compare(op, a, b, env)
            for op, a, b in zip(node.ops, operands, operands[1:], strict=False)
        )
    if isinstance(node, ast.Call):
        return _call(node, env)
    raise AssertionError(f"not in the language: {ast.dump(node)}")


def _is_none(node: ast.expr) -> bool:
    return (isinstance(node, ast.Constant) and node.value is None) or (
        isinstance(node, ast.Name) and node.id in ("none", "None")
    )


def _compare(op: ast.cmpop, a: ast.expr, b: ast.expr, env: Env) -> bool:
    if isinstance(op, (ast.In, ast.NotIn)):
        value = reference(a, env)
        if value is None:
            return False
        assert isinstance(b, (ast.List, ast.Tuple))
        found = any(value == reference(item, env) for item in b.elts)
        return not found if isinstance(op, ast.NotIn) else found
    if _is_none(a) or _is_none(b):
        other = b if _is_none(a) else a
        return (reference(other, env) is None) == isinstance(op, ast.Eq)
    x, y = reference(a, env), reference(b, env)
    if x is None or y is None:
        return False
    fn = {
        ast.Eq: lambda p, q: p == q,
        ast.NotEq: lambda p, q: p != q,
        ast.Lt: lambda p, q: p < q,
        ast.LtE: lambda p, q: p <= q,
        ast.Gt: lambda p, q: p > q,
        ast.GtE: lambda p, q: p >= q,
    }[type(op)]
    try:
        return bool(fn(x, y))
    except TypeError:
        return False


def _call(node: ast.Call, env: Env) -> Any:
    assert isinstance(node.func, ast.Name)
    fname = node.func.id
    names = [a.id for a in node.args if isinstance(a, ast.Name)]
    if fname == "raised_in":
        return env.raised_count(tuple(names))
    if fname == "step":
        return env.has_step(names[0])
    if fname == "count":
        return sum(1 for n in names if bool(env.value(n)))
    if fname == "unanswered":
        return sum(1 for n in names if env.unanswered(n))
    raw = env.raw(names[0])
    if fname == "answered":
        return raw not in (None, *UNKNOWN)
    if fname == "unknown":
        return raw in UNKNOWN
    if fname == "declined":
        return raw == "declined"
    return raw == "dont_know"


# ----------------------------------------------------------------------------- conditions

atoms = st.sampled_from(
    [*NAMES, "none", "true", "false", "0", "1", "2", "2.5", '"x"', '"y"', '"dont_know"']
)
calls = st.one_of(
    st.builds(
        lambda f, n: f"{f}({n})",
        st.sampled_from(["answered", "unknown", "declined", "dont_know", "count", "unanswered"]),
        st.sampled_from(NAMES),
    ),
    st.builds(
        lambda ns: f"count({', '.join(ns)})",
        st.lists(st.sampled_from(NAMES), min_size=1, max_size=3),
    ),
    st.builds(
        lambda ns: f"unanswered({', '.join(ns)})",
        st.lists(st.sampled_from(NAMES), min_size=1, max_size=3),
    ),
    st.builds(
        lambda ns: f"raised_in({', '.join(ns)})", st.lists(st.sampled_from(NAMES), max_size=2)
    ),
    st.builds(lambda n: f"step({n})", st.sampled_from(NAMES)),
)
lists = st.lists(st.one_of(atoms, st.sampled_from(NAMES)), max_size=3).map(
    lambda items: "[" + ", ".join(items) + "]"
)


def _extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    cmp = st.sampled_from(["==", "!=", "<", "<=", ">", ">="])
    return st.one_of(
        st.builds(lambda a, b, c: f"({a} {c} {b})", inner, inner, st.sampled_from(["and", "or"])),
        st.builds(
            lambda parts: "(" + " and ".join(parts) + ")", st.lists(inner, min_size=3, max_size=5)
        ),
        st.builds(
            lambda parts: "(" + " or ".join(parts) + ")", st.lists(inner, min_size=3, max_size=5)
        ),
        st.builds(lambda a: f"(not {a})", inner),
        st.builds(lambda a: f"(-{a})", inner),
        st.builds(lambda a, b, op: f"({a} {op} {b})", inner, inner, st.sampled_from(["+", "-"])),
        st.builds(lambda a, b, c: f"({a} {c} {b})", inner, inner, cmp),
        st.builds(lambda a, b, c, d, e: f"({a} {d} {b} {e} {c})", inner, inner, inner, cmp, cmp),
        st.builds(
            lambda a, items, neg: f"({a} {'not in' if neg else 'in'} {items})",
            inner,
            lists,
            st.booleans(),
        ),
    )


conditions = st.recursive(st.one_of(atoms, calls), _extend, max_leaves=12)
environments = st.builds(
    Env,
    st.dictionaries(st.sampled_from(NAMES), st.sampled_from(VALUES)),
    st.frozensets(st.sampled_from(NAMES)),
)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and (a == b or (a != a and b != b))


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions, environments)
def test_compiled_conditions_follow_the_semantics(source, env):
    try:
        cond = parse_condition(source)
    except ConditionError:
        assume(False)  # e.g. `none < 1`: refused by the parser, with a message
        return
    expected = reference(ast.parse(source, mode="eval").body, env)
    got = cond.evaluate(env)
    assert _same(got, expected), (source, env.values, got, expected)
    assert cond(env) is bool(expected)


def test_long_and_deep_conditions_compile():
    """The largest conditions the language allows compile and evaluate (and/or over many
    parts are grouped, so the generated code stays shallow)."""
    wide = " or ".join(f"n{i}" for i in range(250))
    assert parse_condition(wide).evaluate(Env({}, frozenset())) is None
    deep = "not " * 25 + "a"
    assert parse_condition(deep).evaluate(Env({"a": True}, frozenset())) is (25 % 2 == 0)
    nested = "(" * 14 + "a" + " and b)" * 14
    assert parse_condition(nested).evaluate(Env({"a": 1, "b": 0}, frozenset())) is False


def test_no_text_of_the_guide_is_written_into_the_code():
    """Names and literals reach the compiled function as values, never as code: a literal
    that looks like Python stays a literal, and the function sees no builtins."""
    hostile = "x') or __import__('os').system('echo') or ('"
    cond = parse_condition(f'a == "{hostile}" or b in ["__import__", "{hostile}"]')
    assert cond.evaluate(Env({"a": hostile}, frozenset())) is True
    assert cond.evaluate(Env({"b": "__import__"}, frozenset())) is True
    assert cond.evaluate(Env({"a": "x"}, frozenset())) is False
    code = cond.evaluate.__code__
    texts = [c for c in code.co_consts if isinstance(c, str)]
    assert not any(hostile in t or "__import__" in t for t in texts)
    assert cond.evaluate.__globals__["__builtins__"] == {}


def test_evaluation_is_compiled_on_first_use():
    """Loading a guide parses and checks every condition; the function that evaluates
    one is made the first time it is needed (validate never evaluates most of them)."""
    cond = parse_condition("a and b")
    assert "evaluate" not in vars(cond)
    assert cond.evaluate(Env({"a": True, "b": True}, frozenset())) is True
    assert "evaluate" in vars(cond)
    assert parse_condition("a and b") == cond  # compared by what they say, not by code
