"""Dalil's small condition language: a safe subset of Python expressions, never eval'd.

A condition is parsed with `ast`, checked against a whitelist of node types, then compiled
into a tree of closures. Evaluation reads names through an environment (any object with
`value(name)` and `raw(name)`), so the engine decides what a name means.

Semantics chosen for screening: an unknown answer is `None`, and logic is three-valued
(Kleene): `not none` is none, `none and false` is false, `none or true` is true. A condition
holds only when it comes out true, so "don't know" never counts as "no". A comparison
involving an unknown is false; `x == none` asks whether x is unknown.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from guide.i18n.lazy import N_, lazy

MAX_LENGTH = 2000
MAX_NODES = 400
MAX_DEPTH = 30

LITERAL_NAMES = {
    "true": True,
    "false": False,
    "none": None,
    "True": True,
    "False": False,
    "None": None,
}
FUNCTIONS = {
    "answered",
    "unknown",
    "declined",
    "dont_know",
    "count",
    "raised_in",
    "unanswered",
    "step",
}


class Env(Protocol):
    """What a condition reads names from: `value(name)` is the name's value as the condition
    sees it (an answer as a scalar, a derived name, a count...; None: unknown),
    `raw(name)` the answer as given. The place that evaluates a condition supplies one."""

    def value(self, name: str) -> Any:
        """The value of `name` for comparisons and logic; None when unknown."""
        ...

    def raw(self, name: str) -> Any:
        """The answer to `name` as given ("dont_know" included), for `in` tests on it."""
        ...


class ConditionError(ValueError):
    """A condition that cannot be parsed: `message` and `hint` (LazyText, translated when
    shown) and the 0-based character `offset` where it goes wrong."""

    def __init__(self, message: str, offset: int = 0, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset  # 0-based character offset in the source
        self.hint = hint


Evaluator = Callable[[Env], Any]


@dataclass(frozen=True)
class Condition:
    """A parsed, compiled condition. Calling it with an Env gives True only when the
    condition comes out true: unknown (None) counts as not holding. `source` is the text
    as written; `names`, `compared`, `raised_in`, `steps` and `unanswered` (with offsets)
    let the loader check every name where it stands."""

    source: str
    evaluate: Evaluator = field(repr=False, compare=False)
    names: frozenset[str] = frozenset()
    # (name, literal text, offset) for every `name == "text"` / `name in [...]` comparison
    compared: tuple[tuple[str, str, int], ...] = ()
    name_offsets: tuple[tuple[str, int], ...] = ()
    constant: Any = field(default=None, compare=False)
    is_constant: bool = False
    calls: frozenset[str] = frozenset()
    # the element names given to raised_in(), with their offsets
    raised_in: tuple[tuple[str, int], ...] = ()
    # the step ids given to step() (invariants only), with their offsets
    steps: tuple[tuple[str, int], ...] = ()
    # the names given to unanswered(), with their offsets
    unanswered: tuple[tuple[str, int], ...] = ()

    def __call__(self, env: Env) -> bool:
        return truthy(self.evaluate(env))


def truthy(value: Any) -> bool:
    """Three-valued logic to a decision: only a true value holds; None (unknown) does not."""
    return bool(value) if value is not None else False


def _logic(value: Any) -> bool | None:
    """A value as three-valued logic: true, false or unknown (None)."""
    return None if value is None else bool(value)


def _and(values: Any) -> bool | None:
    unknown = False
    for v in values:
        b = _logic(v)
        if b is False:
            return False
        if b is None:
            unknown = True
    return None if unknown else True


def _or(values: Any) -> bool | None:
    unknown = False
    for v in values:
        b = _logic(v)
        if b is True:
            return True
        if b is None:
            unknown = True
    return None if unknown else False


_CMP: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}
_CMP_TEXT = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


def parse_condition(source: str) -> Condition:
    if not isinstance(source, str) or not source.strip():
        raise ConditionError(
            lazy(N_("the condition is empty")), 0, lazy(N_('Write a condition, e.g. "true".'))
        )
    if len(source) > MAX_LENGTH:
        raise ConditionError(
            lazy(N_("the condition is longer than {max_length} characters"), max_length=MAX_LENGTH),
            0,
            lazy(N_("Split it using derived names.")),
        )
    text = source.strip()
    lead = len(source) - len(source.lstrip())
    if "\n" in text or "\r" in text:
        text = " ".join(text.split())
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        offset = max((exc.offset or 1) - 1, 0) + lead
        raise ConditionError(
            lazy(N_("cannot read the condition: {msg}"), msg=exc.msg), offset, _syntax_hint(text)
        ) from None
    except (RecursionError, MemoryError, ValueError):
        raise ConditionError(
            lazy(N_("the condition is nested too deeply")),
            0,
            lazy(N_("Simplify it using derived names.")),
        ) from None
    compiler = _Compiler(lead)
    evaluate = compiler.compile(tree.body, 0)
    names = frozenset(compiler.names)
    constant = None
    is_constant = not names and not compiler.calls
    if is_constant:
        try:
            constant = truthy(evaluate(_EMPTY))
        except Exception:  # pragma: no cover - evaluation is total
            is_constant = False
    return Condition(
        source,
        evaluate,
        names,
        tuple(compiler.compared),
        tuple(compiler.name_offsets),
        constant,
        is_constant,
        frozenset(compiler.calls),
        tuple(compiler.raised_in),
        tuple(compiler.steps),
        tuple(compiler.unanswered),
    )


def _syntax_hint(text: str) -> str:
    if "&&" in text or "||" in text:
        return lazy(N_("Write `and` / `or` instead of && / ||."))
    if "=" in text.replace("==", "").replace("!=", "").replace("<=", "").replace(">=", ""):
        return lazy(N_("To compare, write == (two equal signs)."))
    if text.count("(") != text.count(")"):
        return lazy(N_("A bracket is opened and not closed, or the other way round."))
    if text.count('"') % 2 or text.count("'") % 2:
        return lazy(N_("A quoted text is not closed."))
    return lazy(N_('Conditions look like: age_band == "adult" and not consent_refused'))


class _EmptyEnv:
    def value(self, name: str) -> Any:
        return None

    def raw(self, name: str) -> Any:
        return None


_EMPTY = _EmptyEnv()


class _Compiler:
    def __init__(self, lead: int) -> None:
        self.lead = lead
        self.names: set[str] = set()
        self.calls: set[str] = set()
        self.raised_in: list[tuple[str, int]] = []
        self.steps: list[tuple[str, int]] = []
        self.unanswered: list[tuple[str, int]] = []
        self.compared: list[tuple[str, str, int]] = []
        self.name_offsets: list[tuple[str, int]] = []
        self.count = 0

    def fail(self, node: ast.AST, message: str, hint: str = "") -> ConditionError:
        # Every diagnostic has a hint: the shape of a condition when nothing closer fits.
        hint = hint or lazy(N_('Conditions look like: age_band == "adult" and not consent_refused'))
        return ConditionError(message, getattr(node, "col_offset", 0) + self.lead, hint)

    def compile(self, node: ast.AST, depth: int) -> Evaluator:
        self.count += 1
        if self.count > MAX_NODES or depth > MAX_DEPTH:
            raise self.fail(
                node,
                lazy(N_("the condition is too large or nested too deeply")),
                lazy(N_("Split it using derived names.")),
            )
        method = getattr(self, "_" + type(node).__name__, None)
        if method is None:
            raise self.fail(
                node,
                lazy(N_("'{value}' is not allowed in a condition"), value=_describe(node)),
                lazy(
                    N_(
                        'Allowed: names, numbers, "text", and, or, not, == != < <= > >=, '
                        "in [..], + -, answered(), unknown(), declined(), dont_know(), count()."
                    )
                ),
            )
        compiled: Callable[[Env], Any] = method(node, depth + 1)
        return compiled

    def _Name(self, node: ast.Name, depth: int) -> Evaluator:
        if node.id in LITERAL_NAMES:
            value = LITERAL_NAMES[node.id]
            return lambda env: value
        name = node.id
        self.names.add(name)
        self.name_offsets.append((name, node.col_offset + self.lead))
        return lambda env: env.value(name)

    def _Constant(self, node: ast.Constant, depth: int) -> Evaluator:
        value = node.value
        if not isinstance(value, (bool, int, float, str)) and value is not None:
            raise self.fail(node, lazy(N_("the value {value!r} is not allowed"), value=value))
        return lambda env: value

    def _BoolOp(self, node: ast.BoolOp, depth: int) -> Evaluator:
        parts = [self.compile(v, depth) for v in node.values]
        if isinstance(node.op, ast.And):
            return lambda env: _and(p(env) for p in parts)
        return lambda env: _or(p(env) for p in parts)

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> Evaluator:
        operand = self.compile(node.operand, depth)
        if isinstance(node.op, ast.Not):

            def negate(env: Env) -> bool | None:
                b = _logic(operand(env))
                return None if b is None else not b

            return negate
        if isinstance(node.op, ast.USub):
            return lambda env: _arith(lambda a: -a, operand(env))
        raise self.fail(node, lazy(N_("only `not` and `-` may stand before a value")))

    def _BinOp(self, node: ast.BinOp, depth: int) -> Evaluator:
        left, right = self.compile(node.left, depth), self.compile(node.right, depth)
        if isinstance(node.op, ast.Add):
            return lambda env: _arith(lambda a, b: a + b, left(env), right(env))
        if isinstance(node.op, ast.Sub):
            return lambda env: _arith(lambda a, b: a - b, left(env), right(env))
        raise self.fail(node, lazy(N_("only + and - are allowed between numbers")))

    def _Compare(self, node: ast.Compare, depth: int) -> Evaluator:
        operands = [node.left, *node.comparators]
        steps: list[Evaluator] = []
        for op, a, b in zip(node.ops, operands, operands[1:], strict=False):
            steps.append(self._compare_pair(op, a, b, depth))
        return lambda env: all(s(env) for s in steps)

    def _compare_pair(self, op: ast.cmpop, a: ast.expr, b: ast.expr, depth: int) -> Evaluator:
        self._note_comparison(a, b)
        self._note_comparison(b, a)
        left = self.compile(a, depth)
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(b, (ast.List, ast.Tuple)):
                raise self.fail(b, lazy(N_('`in` needs a list, like ["a", "b"]')))
            items = [self.compile(e, depth) for e in b.elts]
            negate = isinstance(op, ast.NotIn)

            def member(env: Env) -> bool:
                value = left(env)
                if value is None:
                    return False
                found = any(value == item(env) for item in items)
                return not found if negate else found

            return member
        if type(op) not in _CMP:
            raise self.fail(a, lazy(N_("only == != < <= > >= and in are allowed to compare")))
        right = self.compile(b, depth)
        fn = _CMP[type(op)]
        if _is_none_literal(a) or _is_none_literal(b):
            if not isinstance(op, (ast.Eq, ast.NotEq)):
                raise self.fail(a, lazy(N_("none can only be compared with == or !=")))
            other = right if _is_none_literal(a) else left
            wanted = isinstance(op, ast.Eq)
            return lambda env: (other(env) is None) == wanted

        def compare(env: Env) -> bool:
            x, y = left(env), right(env)
            if x is None or y is None:
                return False
            try:
                return bool(fn(x, y))
            except TypeError:
                return False

        return compare

    def _note_comparison(self, a: ast.expr, b: ast.expr) -> None:
        if not isinstance(a, ast.Name) or a.id in LITERAL_NAMES:
            return
        literals: list[ast.expr] = list(b.elts) if isinstance(b, (ast.List, ast.Tuple)) else [b]
        for lit in literals:
            if isinstance(lit, ast.Constant) and isinstance(lit.value, str):
                self.compared.append((a.id, lit.value, lit.col_offset + self.lead))

    def _List(self, node: ast.List, depth: int) -> Evaluator:
        raise self.fail(node, lazy(N_("a list may only follow `in`")))

    _Tuple = _List

    def _Call(self, node: ast.Call, depth: int) -> Evaluator:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise self.fail(
                node,
                lazy(N_("unknown function '{value}'"), value=_describe(node.func)),
                lazy(
                    N_(
                        "Functions: answered(q), unknown(q), declined(q), dont_know(q), "
                        "count(a, b, ...), unanswered(q, ...), raised_in(element, ...), step(id)."
                    )
                ),
            )
        fname = node.func.id
        if node.keywords:
            raise self.fail(node, lazy(N_("{fname}() takes names only"), fname=fname))
        args = node.args
        if fname == "raised_in":
            return self._raised_in(node)
        if fname == "step":
            return self._step(node)
        if not args or not all(isinstance(a, ast.Name) for a in args):
            raise self.fail(
                node,
                lazy(
                    N_("{fname}() takes one or more names, like {fname2}(question_id)"),
                    fname=fname,
                    fname2=fname,
                ),
            )
        if fname not in ("count", "unanswered") and len(args) != 1:
            raise self.fail(node, lazy(N_("{fname}() takes exactly one name"), fname=fname))
        self.calls.add(fname)
        names = [a.id for a in args if isinstance(a, ast.Name)]
        for a in args:
            assert isinstance(a, ast.Name)
            self.names.add(a.id)
            self.name_offsets.append((a.id, a.col_offset + self.lead))
        if fname == "count":
            return lambda env: sum(1 for n in names if truthy(env.value(n)))
        if fname == "unanswered":
            self.unanswered.extend(
                (a.id, a.col_offset + self.lead) for a in args if isinstance(a, ast.Name)
            )
            return lambda env: sum(1 for n in names if _unanswered(env, n))
        name = names[0]
        if fname == "answered":
            return lambda env: env.raw(name) not in (None, "dont_know", "declined", "skipped")
        if fname == "unknown":
            return lambda env: env.raw(name) in ("dont_know", "declined", "skipped")
        if fname == "declined":
            return lambda env: env.raw(name) == "declined"
        return lambda env: env.raw(name) == "dont_know"

    def _raised_in(self, node: ast.Call) -> Evaluator:
        """raised_in(e1, e2, ...): how many indicators are raised in those elements;
        raised_in(): in all elements."""
        if not all(isinstance(a, ast.Name) for a in node.args):
            raise self.fail(
                node, lazy(N_("raised_in() takes element ids, like raised_in(exploitation)"))
            )
        self.calls.add("raised_in")
        elements = tuple(a.id for a in node.args if isinstance(a, ast.Name))
        for a in node.args:
            self.raised_in.append((a.id, a.col_offset + self.lead))  # type: ignore[attr-defined]

        def count(env: Env) -> Any:
            counter = getattr(env, "raised_count", None)
            return counter(elements) if counter else None

        return count

    def _step(self, node: ast.Call) -> Evaluator:
        """step(step_id): is this referral step among the result's steps? (invariants)"""
        if len(node.args) != 1 or not isinstance(node.args[0], ast.Name):
            raise self.fail(
                node, lazy(N_("step() takes one step id, like step(report_prosecutor)"))
            )
        self.calls.add("step")
        arg = node.args[0]
        assert isinstance(arg, ast.Name)
        sid = arg.id
        self.steps.append((sid, arg.col_offset + self.lead))

        def has(env: Env) -> Any:
            check = getattr(env, "has_step", None)
            return check(sid) if check else None

        return has


def _unanswered(env: Env, name: str) -> bool:
    """A question that applies and has no usable answer: not reached yet, don't know,
    declined or skipped. Environments that know which questions apply say so."""
    check = getattr(env, "unanswered", None)
    if check is not None:
        return bool(check(name))
    return env.raw(name) in (None, "dont_know", "declined", "skipped")


def _is_none_literal(node: ast.expr) -> bool:
    return (isinstance(node, ast.Constant) and node.value is None) or (
        isinstance(node, ast.Name) and node.id in ("none", "None")
    )


def _arith(fn: Callable[..., Any], *values: Any) -> Any:
    if any(v is None or isinstance(v, str) for v in values):
        return None
    try:
        return fn(*values)
    except (TypeError, OverflowError):
        return None


def _describe(node: ast.AST) -> str:
    try:
        return ast.unparse(node)[:40]
    except Exception:  # pragma: no cover
        return type(node).__name__
