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
from typing import Any, Protocol

from guide.core.record import Record, _set
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


class Condition(Record):
    """A parsed, compiled condition. Calling it with an Env gives True only when the
    condition comes out true: unknown (None) counts as not holding. `source` is the text
    as written; `names`, `compared`, `raised_in`, `steps` and `unanswered` (with offsets)
    let the loader check every name where it stands. (A frozen record, guide/core/record.py;
    no __slots__: `evaluate` is kept in its __dict__ once compiled.)"""

    _not_compared = frozenset({"constant"})

    source: str
    names: frozenset[str]
    # (name, literal text, offset) for every `name == "text"` / `name in [...]` comparison
    compared: tuple[tuple[str, str, int], ...]
    name_offsets: tuple[tuple[str, int], ...]
    constant: Any  # not compared
    is_constant: bool
    calls: frozenset[str]
    # the element names given to raised_in(), with their offsets
    raised_in: tuple[tuple[str, int], ...]
    # the step ids given to step() (invariants only), with their offsets
    steps: tuple[tuple[str, int], ...]
    # the names given to unanswered(), with their offsets
    unanswered: tuple[tuple[str, int], ...]

    def __init__(
        self,
        source: str,
        names: frozenset[str] = frozenset(),
        compared: tuple[tuple[str, str, int], ...] = (),
        name_offsets: tuple[tuple[str, int], ...] = (),
        constant: Any = None,
        is_constant: bool = False,
        calls: frozenset[str] = frozenset(),
        raised_in: tuple[tuple[str, int], ...] = (),
        steps: tuple[tuple[str, int], ...] = (),
        unanswered: tuple[tuple[str, int], ...] = (),
    ) -> None:
        _set(self, "source", source)
        _set(self, "names", names)
        _set(self, "compared", compared)
        _set(self, "name_offsets", name_offsets)
        _set(self, "constant", constant)
        _set(self, "is_constant", is_constant)
        _set(self, "calls", calls)
        _set(self, "raised_in", raised_in)
        _set(self, "steps", steps)
        _set(self, "unanswered", unanswered)

    def __call__(self, env: Env) -> bool:
        return bool(self.evaluate(env))

    def __getattr__(self, attr: str) -> Any:
        # `evaluate` (the value of the condition, None for unknown) is compiled on first
        # use: most conditions of a guide are only checked, never evaluated, by `validate`.
        if attr != "evaluate":
            raise AttributeError(attr)
        evaluate = _compile(self.source)
        object.__setattr__(self, "evaluate", evaluate)
        return evaluate


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


_CMP_OPS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
_CMP_TEXT = _CMP_OPS


def _prepare(source: str) -> tuple[str, int]:
    """The text to parse and how many characters were stripped before it; checks size."""
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
    return text, lead


def _parse(text: str, lead: int) -> ast.expr:
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
    return tree.body


_NO_NAMES: frozenset[str] = frozenset()


def parse_condition(source: str) -> Condition:
    """Parse a condition of the guide's language (names, numbers, strings, `and`/`or`/`not`,
    comparisons, `in`, and the functions in FUNCTIONS) into a Condition, compiled when first
    evaluated. Only a whitelisted subset of Python's expression syntax is accepted; anything
    else raises ConditionError with the offset of the problem."""
    text, lead = _prepare(source)
    compiler = _Compiler(lead)
    expression = compiler.compile(_parse(text, lead), 0)
    # One empty set for every condition without calls (most), none per condition.
    names = frozenset(compiler.names) if compiler.names else _NO_NAMES
    constant = None
    is_constant = not names and not compiler.calls
    evaluate: Evaluator | None = None
    if is_constant:
        evaluate = compiler.build(expression)
        constant = truthy(evaluate(_EMPTY))
    cond = Condition(
        source,
        names,
        tuple(compiler.compared),
        tuple(compiler.name_offsets),
        constant,
        is_constant,
        frozenset(compiler.calls) if compiler.calls else _NO_NAMES,
        tuple(compiler.raised_in),
        tuple(compiler.steps),
        tuple(compiler.unanswered),
    )
    if evaluate is not None:
        object.__setattr__(cond, "evaluate", evaluate)
    return cond


def _compile(source: str) -> Evaluator:
    """The evaluator of a condition that parse_condition accepted."""
    text, lead = _prepare(source)
    compiler = _Compiler(lead)
    return compiler.build(compiler.compile(_parse(text, lead), 0))


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


# ----------------------------------------------------------------------------- evaluation
#
# A condition is compiled into one Python function, so that evaluating it is one call and
# the interpreter's own operators instead of a tree of closures (the invariant search and
# the engine evaluate conditions millions of times). The function's text is made only of
# fixed templates, the helpers below and numbered slots: every name and every literal of
# the guide is passed in as a value (`_s0`, `_s1`, ...), never written into the text; the
# function sees no builtins. Three-valued logic is spelled out with conditional
# expressions that evaluate the parts left to right and stop where the closure tree
# stopped, so each part is evaluated exactly when it was before.

_UNUSABLE = (None, "dont_know", "declined", "skipped")
_UNKNOWN = ("dont_know", "declined", "skipped")
_CHUNK = 16  # parts of an and/or per level (keeps the generated nesting shallow)


def _ordered(fn: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    def compare(x: Any, y: Any) -> bool:
        if x is None or y is None:
            return False
        try:
            return bool(fn(x, y))
        except TypeError:
            return False

    return compare


def _arith(fn: Callable[..., Any], *values: Any) -> Any:
    if any(v is None or isinstance(v, str) for v in values):
        return None
    try:
        return fn(*values)
    except (TypeError, OverflowError):
        return None


def _count_unanswered(env: Env, names: tuple[str, ...]) -> int:
    check = getattr(env, "unanswered", None)
    if check is None:
        return sum(1 for n in names if env.raw(n) in _UNUSABLE)
    return sum(1 for n in names if check(n))


def _count_raised(env: Env, elements: tuple[str, ...]) -> Any:
    counter = getattr(env, "raised_count", None)
    return counter(elements) if counter else None


def _has_step(env: Env, sid: str) -> Any:
    check = getattr(env, "has_step", None)
    return check(sid) if check else None


_HELPERS: dict[str, Any] = {
    "_lt": _ordered(lambda a, b: a < b),
    "_le": _ordered(lambda a, b: a <= b),
    "_gt": _ordered(lambda a, b: a > b),
    "_ge": _ordered(lambda a, b: a >= b),
    "_neg": lambda a: _arith(lambda x: -x, a),
    "_add": lambda a, b: _arith(lambda x, y: x + y, a, b),
    "_sub": lambda a, b: _arith(lambda x, y: x - y, a, b),
    "_unanswered_n": _count_unanswered,
    "_raised_in": _count_raised,
    "_step": _has_step,
    "_UNUSABLE": _UNUSABLE,
    "_UNKNOWN": _UNKNOWN,
}
_ORDERING = {ast.Lt: "_lt", ast.LtE: "_le", ast.Gt: "_gt", ast.GtE: "_ge"}
_INT_CALLS = ("count", "unanswered")  # calls whose value is always an int


class _Compiler:
    """Checks a parsed condition against the whitelist, notes what it reads, and writes
    the text of its evaluator (one Python expression over `env`)."""

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
        self.slots: list[Any] = []
        self._slot_of: dict[tuple[type, Any], str] = {}
        self._temps = 0

    def build(self, expression: str) -> Evaluator:
        """The evaluator: a function of `env` returning the condition's value."""
        params = ", ".join(f"_s{k}" for k in range(len(self.slots)))
        lines = [f"def _make({params}):", " def evaluate(env):"]
        if "_v(" in expression:
            lines.append("  _v = env.value")
        if "_r(" in expression:
            lines.append("  _r = env.raw")
        lines += [f"  return {expression}", " return evaluate"]
        namespace: dict[str, Any] = {"__builtins__": {}, **_HELPERS}
        exec(compile("\n".join(lines) + "\n", "<condition>", "exec"), namespace)
        # Taken out of its own globals: `_make` left in the namespace it was defined in is a
        # reference cycle (function -> globals -> function), garbage for the cyclic
        # collector after every compiled condition (the loader pauses it while it loads).
        make = namespace.pop("_make")
        evaluate: Evaluator = make(*self.slots)
        return evaluate

    def slot(self, value: Any) -> str:
        """A value from the guide, passed to the evaluator by name, never written in it."""
        key = (type(value), value)
        name = self._slot_of.get(key)
        if name is None:
            name = self._slot_of[key] = f"_s{len(self.slots)}"
            self.slots.append(value)
        return name

    def temp(self) -> str:
        self._temps += 1
        return f"_t{self._temps}"

    def fail(self, node: ast.AST, message: str, hint: str = "") -> ConditionError:
        # Every diagnostic has a hint: the shape of a condition when nothing closer fits.
        hint = hint or lazy(N_('Conditions look like: age_band == "adult" and not consent_refused'))
        return ConditionError(message, getattr(node, "col_offset", 0) + self.lead, hint)

    def compile(self, node: ast.AST, depth: int) -> str:
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
        code: str = method(node, depth + 1)
        return code

    def _Name(self, node: ast.Name, depth: int) -> str:
        if node.id in LITERAL_NAMES:
            return repr(LITERAL_NAMES[node.id])  # True, False or None
        name = node.id
        self.names.add(name)
        self.name_offsets.append((name, node.col_offset + self.lead))
        return f"_v({self.slot(name)})"

    def _Constant(self, node: ast.Constant, depth: int) -> str:
        value = node.value
        if not isinstance(value, (bool, int, float, str)) and value is not None:
            raise self.fail(node, lazy(N_("the value {value!r} is not allowed"), value=value))
        return self.slot(value)

    def _BoolOp(self, node: ast.BoolOp, depth: int) -> str:
        parts = [self.compile(v, depth) for v in node.values]
        return self._kleene(parts, isinstance(node.op, ast.And))

    def _kleene(self, parts: list[str], conjunction: bool) -> str:
        """Kleene's and / or of the parts, left to right: and stops at the first false part,
        or at the first true one; otherwise unknown if any part was unknown."""
        if len(parts) > _CHUNK:  # associative: group the parts, same order, same stops
            parts = [
                self._kleene(parts[k : k + _CHUNK], conjunction)
                for k in range(0, len(parts), _CHUNK)
            ]
        temps = [self.temp() for _ in parts]
        if conjunction:
            stops = [
                f"False if (({t} := {p}) is not None and not {t})"
                for t, p in zip(temps, parts, strict=True)
            ]
            rest = "True"
        else:
            stops = [
                f"True if (({t} := {p}) is not None and {t})"
                for t, p in zip(temps, parts, strict=True)
            ]
            rest = "False"
        unknown = " or ".join(f"{t} is None" for t in temps)
        return f"({' else '.join(stops)} else None if ({unknown}) else {rest})"

    def _UnaryOp(self, node: ast.UnaryOp, depth: int) -> str:
        operand = self.compile(node.operand, depth)
        if isinstance(node.op, ast.Not):
            t = self.temp()
            return f"(None if ({t} := {operand}) is None else not {t})"
        if isinstance(node.op, ast.USub):
            return f"_neg({operand})"
        raise self.fail(node, lazy(N_("only `not` and `-` may stand before a value")))

    def _BinOp(self, node: ast.BinOp, depth: int) -> str:
        left, right = self.compile(node.left, depth), self.compile(node.right, depth)
        if isinstance(node.op, ast.Add):
            return f"_add({left}, {right})"
        if isinstance(node.op, ast.Sub):
            return f"_sub({left}, {right})"
        raise self.fail(node, lazy(N_("only + and - are allowed between numbers")))

    def _Compare(self, node: ast.Compare, depth: int) -> str:
        operands = [node.left, *node.comparators]
        steps: list[str] = []
        for op, a, b in zip(node.ops, operands, operands[1:], strict=False):
            steps.append(self._compare_pair(op, a, b, depth))
        return steps[0] if len(steps) == 1 else f"({' and '.join(steps)})"

    def _compare_pair(self, op: ast.cmpop, a: ast.expr, b: ast.expr, depth: int) -> str:
        self._note_comparison(a, b)
        self._note_comparison(b, a)
        left = self.compile(a, depth)
        if isinstance(op, (ast.In, ast.NotIn)):
            if not isinstance(b, (ast.List, ast.Tuple)):
                raise self.fail(b, lazy(N_('`in` needs a list, like ["a", "b"]')))
            items = [self.compile(e, depth) for e in b.elts]
            t = self.temp()
            if all(_is_literal(e) for e in b.elts):
                values = tuple(_literal(e) for e in b.elts)
                found = f"{t} {'not in' if isinstance(op, ast.NotIn) else 'in'} {self.slot(values)}"
            else:
                found = "(" + " or ".join(f"{t} == {item}" for item in items) + ")"
                if isinstance(op, ast.NotIn):
                    found = f"not {found}"
            return f"(({t} := {left}) is not None and {found})"
        if type(op) not in _CMP_OPS:
            raise self.fail(a, lazy(N_("only == != < <= > >= and in are allowed to compare")))
        right = self.compile(b, depth)
        if _is_none_literal(a) or _is_none_literal(b):
            if not isinstance(op, (ast.Eq, ast.NotEq)):
                raise self.fail(a, lazy(N_("none can only be compared with == or !=")))
            other = right if _is_none_literal(a) else left
            return f"({other} is {'' if isinstance(op, ast.Eq) else 'not '}None)"
        if isinstance(op, (ast.Eq, ast.NotEq)):
            x, y = self.temp(), self.temp()
            return (
                f"(({x} := {left}) is not None and ({y} := {right}) is not None "
                f"and {x} {_CMP_OPS[type(op)]} {y})"
            )
        if _is_int_call(a) and _is_number(b):  # count(...) >= 1: always an int and a number
            return f"({left} {_CMP_OPS[type(op)]} {right})"
        return f"{_ORDERING[type(op)]}({left}, {right})"

    def _note_comparison(self, a: ast.expr, b: ast.expr) -> None:
        if not isinstance(a, ast.Name) or a.id in LITERAL_NAMES:
            return
        literals: list[ast.expr] = list(b.elts) if isinstance(b, (ast.List, ast.Tuple)) else [b]
        for lit in literals:
            if isinstance(lit, ast.Constant) and isinstance(lit.value, str):
                self.compared.append((a.id, lit.value, lit.col_offset + self.lead))

    def _List(self, node: ast.List, depth: int) -> str:
        raise self.fail(node, lazy(N_("a list may only follow `in`")))

    _Tuple = _List

    def _Call(self, node: ast.Call, depth: int) -> str:
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
            return "(" + " + ".join(f"(1 if _v({self.slot(n)}) else 0)" for n in names) + ")"
        if fname == "unanswered":
            self.unanswered.extend(
                (a.id, a.col_offset + self.lead) for a in args if isinstance(a, ast.Name)
            )
            return f"_unanswered_n(env, {self.slot(tuple(names))})"
        name = self.slot(names[0])
        if fname == "answered":
            return f"(_r({name}) not in _UNUSABLE)"
        if fname == "unknown":
            return f"(_r({name}) in _UNKNOWN)"
        if fname == "declined":
            return f"(_r({name}) == 'declined')"
        return f"(_r({name}) == 'dont_know')"

    def _raised_in(self, node: ast.Call) -> str:
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
        return f"_raised_in(env, {self.slot(elements)})"

    def _step(self, node: ast.Call) -> str:
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
        return f"_step(env, {self.slot(sid)})"


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


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) or (
        isinstance(node, ast.Name) and node.id in LITERAL_NAMES
    )


def _literal(node: ast.expr) -> Any:
    if isinstance(node, ast.Constant):
        return node.value
    assert isinstance(node, ast.Name)
    return LITERAL_NAMES[node.id]


def _is_int_call(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _INT_CALLS
    )


def _is_number(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, (int, float))
        and not isinstance(node.value, bool)
    )


def _describe(node: ast.AST) -> str:
    try:
        return ast.unparse(node)[:40]
    except Exception:  # pragma: no cover
        return type(node).__name__
