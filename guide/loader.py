"""Load a guide folder: YAML → positions → JSON Schema → semantic checks → frozen Guide.

Every problem becomes a Diagnostic with file, line, column, a stable code and a hint; the
loader never raises on bad input. Syntax and schema problems stop the load before the
semantic checks, so a trainer sees the cause and not a cascade of consequences.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guide.conditions import FUNCTIONS, Condition, ConditionError, parse_condition
from guide.diagnostics import Diagnostic, Severity, has_errors, sort_key
from guide.model import (
    DONT_KNOW,
    UNKNOWN_VALUES,
    AnswerOption,
    Contact,
    Element,
    Guide,
    Indicator,
    Invariant,
    Module,
    NumberRule,
    Question,
    ReferralRule,
    Scenario,
    ScenarioExpect,
    SourceRef,
    Step,
    Term,
    Verdict,
    frozen_map,
)
from guide.yamlio import MAX_BYTES, ParsedFile, Position, parse_yaml

MAX_FILES = 500
RESERVED = {
    "true",
    "false",
    "none",
    "value",
    "strong",
    "medium",
    "weak",
    "verdict",
    "and",
    "or",
    "not",
    "in",
    *FUNCTIONS,
}


@dataclass
class LoadResult:
    guide: Guide | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.guide is not None and not has_errors(self.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]


# The trainers' tests (docs/format.md: scenarios/*.yaml); an interview does not need them.
TESTS_FOLDER = "scenarios"


def guide_files(root: Path, with_tests: bool = True) -> list[Path]:
    if root.is_file():
        return [root]
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".") and (with_tests or Path(dirpath) != root or d != TESTS_FOLDER)
        )
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                found.append(Path(dirpath) / name)
    return found


def load_guide(path: str | os.PathLike[str], *, with_tests: bool = True) -> LoadResult:
    """Load a guide folder (or one file). `with_tests=False` leaves out the scenarios
    folder, which the wizard does not need (it is most of the YAML to read)."""
    root = Path(path)
    display_root = root if root.is_dir() else root.parent
    result = LoadResult(None)
    if not root.exists():
        result.diagnostics.append(
            Diagnostic(
                str(root),
                0,
                0,
                Severity.ERROR,
                "G019",
                "no such file or folder",
                "Give the folder that holds the guide's YAML files.",
            )
        )
        return result
    files = guide_files(root, with_tests)
    if not files:
        result.diagnostics.append(
            Diagnostic(
                str(root),
                0,
                0,
                Severity.ERROR,
                "G019",
                "no .yaml files found here",
                "Give the folder that holds the guide's YAML files.",
            )
        )
        return result
    if len(files) > MAX_FILES:
        result.diagnostics.append(
            Diagnostic(
                str(root),
                0,
                0,
                Severity.ERROR,
                "G019",
                f"more than {MAX_FILES} YAML files in the guide",
                "Is this the right folder?",
            )
        )
        return result

    parsed, total = _read_files(files, root if root.is_file() else display_root, result)
    _check_schema(parsed, total, result)
    if not parsed and not has_errors(result.diagnostics):
        result.diagnostics.append(
            Diagnostic(
                str(root),
                0,
                0,
                Severity.ERROR,
                "G019",
                "no file holds any guide data",
                "Give the folder that holds the guide's YAML files.",
            )
        )
    if has_errors(result.diagnostics):
        result.diagnostics.sort(key=sort_key)
        return result
    builder = _Builder(parsed, str(root))
    guide = builder.build()
    result.diagnostics.extend(builder.diagnostics)
    result.diagnostics.sort(key=sort_key)
    result.guide = None if has_errors(result.diagnostics) else guide
    return result


# Compiling the schema with fastjsonschema costs about 0.2 s and 20 MiB once, then checks
# fifteen times faster than jsonschema: worth it only for big guides. Below this size the
# reference validator checks everything itself.
FAST_SCHEMA_BYTES = 512 * 1024


def _read_files(files: list[Path], base: Path, result: LoadResult) -> tuple[list[ParsedFile], int]:
    """Read and parse every file; problems go into `result`. Returns the files that hold a
    mapping of sections, and how many bytes were read."""
    parsed: list[ParsedFile] = []
    total = 0
    for file in files:
        name = _display_name(file, base)
        result.files.append(name)
        try:
            size = file.stat().st_size
            # Checked before reading, so a huge file costs no memory.
            raw = file.read_bytes() if size <= MAX_BYTES else b""
        except OSError as exc:
            result.diagnostics.append(
                Diagnostic(
                    name,
                    0,
                    0,
                    Severity.ERROR,
                    "Y013",
                    f"cannot read the file: {exc.strerror}",
                    "Check the file's permissions.",
                )
            )
            continue
        if size > MAX_BYTES:
            result.diagnostics.append(
                Diagnostic(
                    name,
                    1,
                    1,
                    Severity.ERROR,
                    "Y004",
                    f"the file is {size:,} bytes; the limit is {MAX_BYTES:,}",
                    "Split the guide into several files, one module each.",
                )
            )
            continue
        total += size
        pf = parse_yaml(raw, name)
        result.diagnostics.extend(pf.diagnostics)
        if not pf.ok or pf.data is None:
            continue
        if not isinstance(pf.data, dict):
            pos = pf.where(())
            result.diagnostics.append(
                Diagnostic(
                    name,
                    pos.line,
                    pos.col,
                    Severity.ERROR,
                    "S003",
                    "a guide file must be a mapping of sections (guide:, modules:, ...)",
                    "Start the file with a section name such as 'modules:'.",
                )
            )
            continue
        parsed.append(pf)
    return parsed, total


def _check_schema(parsed: list[ParsedFile], total: int, result: LoadResult) -> None:
    from guide.schema import fast_is_valid, guide_validator

    if total > FAST_SCHEMA_BYTES:
        is_valid = fast_is_valid()
        for pf in parsed:
            if not is_valid(pf.data):
                # The reference validator decides and explains; if it finds nothing, the
                # file is valid (tests keep the two validators in agreement).
                result.diagnostics.extend(schema_diagnostics(pf, guide_validator()))
    else:
        for pf in parsed:
            result.diagnostics.extend(schema_diagnostics(pf, guide_validator()))


def _display_name(file: Path, root: Path) -> str:
    """How a file is named in diagnostics: relative to the folder above the guide folder
    (indicators/modules/work.yaml), or as given for a single file."""
    if file == root:
        return str(file)
    try:
        return str(file.relative_to(root.parent))
    except ValueError:
        return str(file)


# --------------------------------------------------------------------------- schema


def schema_diagnostics(pf: ParsedFile, validator: Any) -> list[Diagnostic]:
    from jsonschema.exceptions import best_match

    out: list[Diagnostic] = []
    seen: set[tuple[Any, ...]] = set()
    for err in validator.iter_errors(pf.data):
        while err.validator in ("oneOf", "anyOf") and err.context:
            err = best_match(_branch_errors(err))
        for d in _describe_schema_error(pf, err):
            key = (d.line, d.col, d.code, d.message)
            if key not in seen:
                seen.add(key)
                out.append(d)
    return out


def _branch_errors(err: Any) -> list[Any]:
    """The errors of the branch of a oneOf/anyOf that the value was meant for: a mapping
    was not meant to be a text, so "should be a string" about the mapping itself is left
    out and the mapping's own problem (a missing or unknown key, a bad value) is told."""
    context = list(err.context)
    if isinstance(err.instance, dict):
        own = [
            e
            for e in context
            if not (e.validator in ("type", "enum", "const") and not e.relative_path)
        ]
        if own:
            return own
    return context


def _invariant_shape_problem(d: dict[str, Any]) -> tuple[str, str] | None:
    """An invariant is `require` (with an optional `when`) or `monotone`, never both."""
    if "require" in d and "monotone" in d:
        return (
            f"invariant '{d['id']}' has both `require` and `monotone`",
            "Write two invariants: one with `require` (and `when`), one with `monotone`.",
        )
    if "monotone" in d and "when" in d:
        return (
            f"invariant '{d['id']}' has `when` with `monotone`",
            "A monotone invariant holds for every interview: remove `when`, or write "
            "a `require` invariant instead.",
        )
    if "require" not in d and "monotone" not in d:
        return (
            f"invariant '{d['id']}' says nothing to check",
            "Add `require: CONDITION` (with an optional `when`) or "
            "`monotone: more_signs` / `monotone: unknown_to_no`.",
        )
    return None


def _where_label(data: Any, path: tuple[Any, ...]) -> str:
    """Say where a path is, by the nearest id above it: "question 'hours'"."""
    kinds = {
        "modules": "module",
        "questions": "question",
        "indicators": "indicator",
        "elements": "element",
        "verdicts": "verdict",
        "referrals": "referral rule",
        "steps": "step",
        "contacts": "contact",
        "scenarios": "scenario",
        "answers": "answer",
        "invariants": "invariant",
    }
    label = ""
    node = data
    last_key = ""
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, str):
            last_key = part
        elif isinstance(node, dict) and isinstance(node.get("id"), str):
            label = f"{kinds.get(last_key, last_key)} '{node['id']}'"
    if not label and path:
        label = f"section '{path[0]}'"
    return label


def _describe_schema_error(pf: ParsedFile, err: Any) -> list[Diagnostic]:
    path = tuple(err.absolute_path)
    where = _where_label(pf.data, path)
    suffix = f" (in {where})" if where else ""
    v = err.validator

    def diag(
        p: tuple[Any, ...], code: str, message: str, hint: str = "", key: bool = False
    ) -> Diagnostic:
        pos = pf.where(p, key=key)
        return Diagnostic(pf.file, pos.line, pos.col, Severity.ERROR, code, message + suffix, hint)

    if v == "additionalProperties" and isinstance(err.instance, dict):
        allowed = sorted(err.schema.get("properties", {}))
        out = []
        for key in err.instance:
            if key in err.schema.get("properties", {}):
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = (
                f"Did you mean '{close[0]}'?"
                if close
                else ("Allowed keys here: " + ", ".join(allowed) if allowed else "")
            )
            out.append(diag((*path, key), "S001", f"unknown key '{key}'", hint, key=True))
        return out
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return [
            diag(
                path,
                "S002",
                f"missing key '{missing}'",
                f"Add '{missing}:' here; see docs/format.md.",
                key=True,
            )
        ]
    if v is None:  # a `false` subschema: a key this kind of question does not take
        obj = _get(pf.data, path)
        qtype = obj.get("type", "yes_no") if isinstance(obj, dict) else ""
        banned = ["answers"] if qtype == "number" else ["min", "max", "unit", "raises_when"]
        keys = [k for k in banned if isinstance(obj, dict) and k in obj] or ["?"]
        kind = {"yes_no": "a yes/no", "choice": "a choice", "number": "a number"}.get(qtype, "this")
        return [
            diag(
                (*path, k),
                "S001",
                f"'{k}' is not allowed in {kind} question",
                "yes/no and choice questions take answers:; number questions take "
                "min, max, unit and raises_when.",
                key=True,
            )
            for k in keys
        ]
    if v == "type":
        expected = err.validator_value
        expected_text = " or ".join(expected) if isinstance(expected, list) else expected
        names = {
            "object": "a mapping (key: value lines)",
            "array": "a list (lines starting with '- ')",
            "string": "a text",
            "number": "a number",
            "boolean": "true or false",
            "integer": "a whole number",
        }
        wanted = names.get(expected_text, expected_text)
        return [
            diag(
                path,
                "S003",
                f"should be {wanted}, found {_kind(err.instance)}",
                _type_hint(expected_text, err.instance),
            )
        ]
    if v in ("enum", "const"):
        options = err.validator_value if v == "enum" else [err.validator_value]
        texts = [str(o) for o in options]
        close = difflib.get_close_matches(str(err.instance), texts, n=1)
        hint = f"Did you mean '{close[0]}'?" if close else "Allowed: " + ", ".join(texts)
        return [diag(path, "S004", f"'{err.instance}' is not allowed here", hint)]
    if v == "pattern":
        pattern = err.validator_value
        if "a-z][a-z0-9_" in pattern:
            return [
                diag(
                    path,
                    "S004",
                    f"'{err.instance}' is not a valid id",
                    "Ids are lower_snake_case: a-z, 0-9 and _, starting with a letter.",
                )
            ]
        if "0-9+" in pattern:
            return [
                diag(
                    path,
                    "S004",
                    f"'{err.instance}' is not a phone number",
                    'Digits and spaces only, e.g. "0800 00 47 47". Leave phone out '
                    "of a template entry rather than inventing one.",
                )
            ]
        if "[0-9]{4}" in pattern:
            return [
                diag(
                    path,
                    "S004",
                    f"'{err.instance}' is not a date",
                    "Write the date as YYYY-MM-DD, or false if not verified.",
                )
            ]
        return [diag(path, "S004", f"'{err.instance}' has the wrong form", "See docs/format.md.")]
    if v == "propertyNames":
        return [
            diag(
                path,
                "S004",
                "a name here is not a valid id",
                "Ids are lower_snake_case: a-z, 0-9 and _, starting with a letter.",
            )
        ]
    if v in ("minLength", "minItems", "minProperties"):
        return [diag(path, "S004", "is empty", "Give at least one value.")]
    if v in ("maxLength", "maxItems"):
        return [diag(path, "S004", "is too long", f"The limit is {err.validator_value}.")]
    if v == "uniqueItems":
        return [diag(path, "S004", "lists the same value twice", "Remove the repeated value.")]
    return [diag(path, "S004", err.message[:200], "See docs/format.md.")]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    return f"the text '{str(value)[:40]}'"


def _type_hint(expected: str, value: Any) -> str:
    if expected == "string" and isinstance(value, (int, float, bool)):
        return f'Put the value in quotes: "{value}".'
    if expected == "array":
        return "Write a list: [a, b] or one '- item' per line."
    if expected == "object":
        return "Indent the keys under this one."
    if value is None:
        return "The value is missing after the colon."
    return "See docs/format.md."


# --------------------------------------------------------------------------- semantics


@dataclass
class _Item:
    pf: ParsedFile
    path: tuple[Any, ...]
    data: Any

    def ref(self) -> SourceRef:
        pos = self.pf.where(self.path)
        return SourceRef(self.pf.file, pos.line, pos.col)


@dataclass
class _NameInfo:
    """What a condition name stands for, and what it depends on."""

    kind: str  # question | derived | indicator | element
    index: int = -1  # question index
    max_question: int = -1  # latest question it depends on
    uses_results: bool = False  # depends on indicators or elements
    questions: frozenset[str] = frozenset()


class _Builder:
    def __init__(self, files: list[ParsedFile], root: str) -> None:
        self.files = files
        self.root = root
        self.diagnostics: list[Diagnostic] = []
        self.names: dict[str, _NameInfo] = {}

    # -- helpers
    def diag(
        self,
        item_or_pf: _Item | ParsedFile,
        path: tuple[Any, ...],
        code: str,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
        key: bool = False,
        offset: int | None = None,
    ) -> None:
        pf = item_or_pf.pf if isinstance(item_or_pf, _Item) else item_or_pf
        pos = pf.where(path, key=key)
        col = pos.col
        if offset is not None:
            col += offset + (1 if pos.quoted else 0)
        self.diagnostics.append(Diagnostic(pf.file, pos.line, col, severity, code, message, hint))

    def items(self, section: str) -> Iterable[_Item]:
        for pf in self.files:
            value = pf.data.get(section)
            if isinstance(value, list):
                for i, entry in enumerate(value):
                    yield _Item(pf, (section, i), entry)

    def suggest(self, name: str, candidates: Iterable[str]) -> str:
        close = difflib.get_close_matches(name, list(candidates), n=1)
        if close:
            return f"Did you mean '{close[0]}'?"
        return "Check the spelling against the ids the guide defines."

    def condition(
        self,
        item: _Item,
        path: tuple[Any, ...],
        allowed: str,
        *,
        before: int | None = None,
        context: str = "",
    ) -> Condition | None:
        source = _get(item.pf.data, path)
        if isinstance(source, bool):  # `when: true` written without quotes
            source = "true" if source else "false"
        try:
            cond = parse_condition(source)
        except ConditionError as exc:
            self.diag(item, path, "G003", exc.message, exc.hint, offset=exc.offset)
            return None
        ok = self.check_raised_in(item, path, cond, allowed, before)
        ok = self.check_special_calls(item, path, cond, allowed) and ok
        for name, offset in cond.name_offsets:
            if not self.check_name(item, path, name, offset, allowed, before, context):
                ok = False
        for name, literal, offset in cond.compared:
            self.check_comparison(item, path, name, literal, offset)
        return cond if ok else None

    def check_special_calls(
        self, item: _Item, path: tuple[Any, ...], cond: Condition, allowed: str
    ) -> bool:
        """step() only in invariants, naming a step; unanswered() only names questions."""
        ok = True
        for sid, offset in cond.steps:
            if allowed != "invariant":
                self.diag(
                    item,
                    path,
                    "G004",
                    "step() can only be used in invariants",
                    "Referral rules decide the steps; an invariant checks them.",
                    offset=offset,
                )
                ok = False
            elif sid not in self.step_ids:
                self.diag(
                    item,
                    path,
                    "G004",
                    f"there is no step '{sid}'",
                    self.suggest(sid, self.step_ids),
                    offset=offset,
                )
                ok = False
        for name, offset in cond.unanswered:
            info = self.names.get(name)
            if info is not None and info.kind != "question":
                self.diag(
                    item,
                    path,
                    "G004",
                    f"'{name}' is not a question",
                    "unanswered() counts questions that apply and have no usable answer.",
                    offset=offset,
                )
                ok = False
        return ok

    def check_raised_in(
        self, item: _Item, path: tuple[Any, ...], cond: Condition, allowed: str, before: int | None
    ) -> bool:
        if "raised_in" not in cond.calls:
            return True
        ok = True
        for name, offset in cond.raised_in:
            info = self.names.get(name)
            if info is None or info.kind != "element":
                self.diag(
                    item,
                    path,
                    "G004",
                    f"'{name}' is not an element",
                    "raised_in() counts the raised indicators of the elements named.",
                    offset=offset,
                )
                ok = False
        if allowed in ("element_rule", "number"):
            self.diag(
                item,
                path,
                "G004",
                "raised_in() cannot be used here",
                "Use it in verdicts, referral rules and derived names.",
            )
            return False
        if before is not None:
            self.diag(
                item,
                path,
                "G005",
                "raised_in() counts indicators, which are only known at the end",
                "Base the condition on earlier answers.",
            )
            return False
        if allowed in ("child_when", "sexual_list_when"):
            self.diag(
                item,
                path,
                "G006",
                "raised_in() depends on indicator strengths, which "
                f"depend on {allowed}: that is a cycle",
                f"Base {allowed} on answers only.",
            )
            return False
        return ok

    def check_name(
        self,
        item: _Item,
        path: tuple[Any, ...],
        name: str,
        offset: int,
        allowed: str,
        before: int | None,
        context: str,
    ) -> bool:
        local = {
            "element_rule": {"strong", "medium", "weak"},
            "number": {"value"},
            "referral": {"verdict"},
            "invariant": {"verdict"},
        }.get(allowed, set())
        if name in local:
            return True
        if allowed in ("element_rule", "number"):
            hint = (
                "Element rules count indicators: use strong, medium and weak."
                if allowed == "element_rule"
                else "Use `value`, the number answered."
            )
            self.diag(item, path, "G004", f"'{name}' cannot be used here", hint, offset=offset)
            return False
        info = self.names.get(name)
        if info is None:
            if name in ("value", "strong", "medium", "weak", "verdict"):
                self.diag(
                    item,
                    path,
                    "G004",
                    f"'{name}' cannot be used in this condition",
                    "value is for raises_when, strong/medium/weak for element rules, "
                    "verdict for referral rules.",
                    offset=offset,
                )
                return False
            hint = self.suggest(name, self.names) or (
                "Names are question ids, derived names, indicator ids and element ids."
            )
            self.diag(item, path, "G004", f"unknown name '{name}'", hint, offset=offset)
            return False
        if before is not None:
            if info.uses_results:
                self.diag(
                    item,
                    path,
                    "G005",
                    f"'{name}' depends on indicators or elements, which are only known "
                    f"at the end; {context} cannot wait for them",
                    "Base the condition on earlier answers.",
                    offset=offset,
                )
                return False
            if info.max_question >= before:
                later = name if info.kind == "question" else "a question it uses"
                self.diag(
                    item,
                    path,
                    "G005",
                    f"'{name}' is not known yet here: {later} comes later in the interview",
                    "Move that question earlier, or this condition later.",
                    offset=offset,
                )
                return False
        if allowed in ("child_when", "sexual_list_when") and info.uses_results:
            self.diag(
                item,
                path,
                "G006",
                f"'{name}' depends on indicators or elements, whose strength depends on "
                f"{allowed}: that is a cycle",
                f"Base {allowed} on answers only.",
                offset=offset,
            )
            return False
        return True

    def check_comparison(
        self, item: _Item, path: tuple[Any, ...], name: str, literal: str, offset: int
    ) -> None:
        if name == "verdict":
            if literal not in self.verdict_ids:
                self.diag(
                    item,
                    path,
                    "G002",
                    f"there is no verdict '{literal}'",
                    self.suggest(literal, self.verdict_ids),
                    offset=offset,
                )
            return
        q = self.question_map.get(name)
        if q is None:
            return
        if q.type == "yes_no":
            self.diag(
                item,
                path,
                "G010",
                f"'{name}' is a yes/no question: it is true or false, not a text",
                f"Write `{name}` or `not {name}`; for don't know use unknown({name}).",
                offset=offset,
            )
        elif q.type == "choice" and q.option(literal) is None:
            hint = self.suggest(literal, [o.id for o in q.options])
            if literal in UNKNOWN_VALUES:
                hint = f"Unknown answers compare as none: use unknown({name}) or {literal}({name})."
            self.diag(
                item,
                path,
                "G010",
                f"question '{name}' has no answer '{literal}'",
                hint or "Answers: " + ", ".join(o.id for o in q.options),
                offset=offset,
            )
        elif q.type == "number":
            self.diag(
                item,
                path,
                "G010",
                f"'{name}' is a number question, compared with a text",
                "Compare it with a number, e.g. >= 18.",
                offset=offset,
            )

    # -- the build
    def build(self) -> Guide | None:
        meta = self.build_meta()
        self.question_map: dict[str, Question] = {}
        self.verdict_ids: set[str] = {
            it.data["id"] for it in self.items("verdicts") if isinstance(it.data, dict)
        }
        elements_raw = list(self.items("elements"))
        indicators_raw = list(self.items("indicators"))
        self.register_ids(elements_raw, indicators_raw)
        modules = self.build_modules(meta)
        derived = self.build_derived()
        self.resolve_question_conditions(modules)
        scoring = self.scoring()
        element_rule = scoring[0]
        elements = self.build_elements(elements_raw, element_rule)
        indicators = self.build_indicators(indicators_raw, elements)
        self.check_option_raises(modules, indicators)
        verdicts = self.build_verdicts()
        contacts = self.build_contacts()
        steps, referrals = self.build_referrals(contacts)
        self.step_ids = set(steps)
        terms = self.build_terms(derived)
        invariants = self.build_invariants()
        emergency = self.check_emergency(meta, contacts)
        self.check_usage(modules, indicators, elements, contacts, steps, emergency)
        questions = tuple(q for m in modules for q in m.questions)
        scenarios = self.build_scenarios(questions, elements, steps, indicators)
        if meta is None or element_rule is None or has_errors(self.diagnostics):
            return None
        dependents = self.dependents(modules)
        return Guide(
            id=meta["id"],
            version=str(meta["version"]),
            title=meta["title"],
            source_language=meta["source_language"],
            languages=tuple(meta["languages"]),
            modules=tuple(modules),
            questions=questions,
            indicators=frozen_map(indicators),
            elements=frozen_map(elements),
            verdicts=tuple(verdicts),
            referrals=tuple(referrals),
            steps=frozen_map(steps),
            contacts=frozen_map(contacts),
            derived=frozen_map(derived),
            element_rule=element_rule,
            child_when=scoring[1],
            sexual_list_when=scoring[2],
            emergency_contacts=emergency,
            scenarios=tuple(scenarios),
            root=self.root,
            name_kinds=frozen_map({n: i.kind for n, i in self.names.items()}),
            question_by_id=frozen_map({q.id: q for q in questions}),
            module_by_id=frozen_map({m.id: m for m in modules}),
            dependents=frozen_map(dependents),
            terms=frozen_map(terms),
            invariants=tuple(invariants),
        )

    def build_meta(self) -> dict[str, Any] | None:
        metas = [(pf, pf.data["guide"]) for pf in self.files if "guide" in pf.data]
        if not metas:
            pf = self.files[0] if self.files else None
            self.diagnostics.append(
                Diagnostic(
                    pf.file if pf else self.root,
                    1 if pf else 0,
                    1,
                    Severity.ERROR,
                    "G011",
                    "no file has the 'guide:' section",
                    "Add guide metadata (id, version, title, languages, modules) to guide.yaml.",
                )
            )
            return None
        for pf, _ in metas[1:]:
            self.diag(
                pf,
                ("guide",),
                "G011",
                f"the 'guide:' section is repeated (first in {metas[0][0].file})",
                "Keep it in one file only.",
                key=True,
            )
        self.meta_pf = metas[0][0]
        return metas[0][1]

    def register_ids(self, elements: list[_Item], indicators: list[_Item]) -> None:
        for kind, items in (("element", elements), ("indicator", indicators)):
            for it in items:
                self.register_name(it, it.data["id"], kind)

    def register_name(
        self, item: _Item, name: str, kind: str, info: _NameInfo | None = None
    ) -> bool:
        path = (*item.path, "id") if kind != "derived" else item.path
        if name in RESERVED:
            self.diag(
                item,
                path,
                "G001",
                f"'{name}' is a reserved word and cannot be an id",
                "Choose another id.",
            )
            return False
        if name in self.names:
            other = self.names[name].kind
            self.diag(
                item,
                path,
                "G001",
                f"the id '{name}' is already used by a{'n' if other[0] in 'aeiou' else ''} {other}",
                "Names used in conditions (questions, derived names, indicators, "
                "elements) must be unique across the guide.",
            )
            return False
        self.names[name] = info or _NameInfo(kind, uses_results=kind in ("indicator", "element"))
        return True

    def build_modules(self, meta: dict[str, Any] | None) -> list[Module]:
        defined: dict[str, _Item] = {}
        for it in self.items("modules"):
            mid = it.data["id"]
            if mid in defined:
                self.diag(
                    it,
                    (*it.path, "id"),
                    "G001",
                    f"module '{mid}' is defined twice",
                    f"First in {defined[mid].pf.file}.",
                )
                continue
            defined[mid] = it
        order: list[str] = [] if meta is not None else list(defined)
        if meta is not None:
            for i, mid in enumerate(meta["modules"]):
                if mid not in defined:
                    self.diag(
                        self.meta_pf,
                        ("guide", "modules", i),
                        "G012",
                        f"guide.modules lists '{mid}', but no module has that id",
                        self.suggest(mid, defined) or "Add the module or remove it here.",
                    )
                else:
                    order.append(mid)
            for mid, it in defined.items():
                if mid not in meta["modules"]:
                    self.diag(
                        it,
                        (*it.path, "id"),
                        "G012",
                        f"module '{mid}' is not listed in guide.modules",
                        "Add it to guide.modules where it belongs in the interview.",
                    )
        modules: list[Module] = []
        index = 0
        self.raw_questions: dict[str, tuple[_Item, tuple[Any, ...]]] = {}
        self.module_items: dict[str, _Item] = {}
        for mid in order:
            it = defined[mid]
            self.module_items[mid] = it
            questions: list[Question] = []
            for qi, qdata in enumerate(it.data["questions"]):
                qpath = (*it.path, "questions", qi)
                question = self.build_question(it, qpath, qdata, mid, index)
                if question is None:
                    continue
                if not self.register_name(
                    _Item(it.pf, qpath, qdata),
                    question.id,
                    "question",
                    _NameInfo(
                        "question",
                        index=index,
                        max_question=index,
                        questions=frozenset({question.id}),
                    ),
                ):
                    continue
                self.question_map[question.id] = question
                self.raw_questions[question.id] = (it, qpath)
                questions.append(question)
                index += 1
            modules.append(
                Module(
                    id=mid,
                    title=it.data["title"],
                    questions=tuple(questions),
                    intro=it.data.get("intro"),
                    when=None,
                    ref=it.ref(),
                    intro_for=it.data.get("intro_for", "person"),
                )
            )
        return modules

    def build_question(
        self, module: _Item, path: tuple[Any, ...], data: dict[str, Any], mid: str, index: int
    ) -> Question | None:
        qtype = data.get("type", "yes_no")
        options: list[AnswerOption] = []
        if qtype == "yes_no":
            settings = data.get("answers") or {}
            for aid in ("yes", "no"):
                s = settings.get(aid) or {}
                options.append(
                    AnswerOption(
                        aid,
                        None,
                        tuple(s.get("raises", ())),
                        bool(s.get("urgent", False)),
                        s.get("note"),
                    )
                )
        elif qtype == "choice":
            seen: set[str] = set()
            for ai, a in enumerate(data["answers"]):
                if a["id"] in seen or a["id"] in UNKNOWN_VALUES:
                    why = (
                        "is used twice"
                        if a["id"] in seen
                        else "is reserved for the built-in answer"
                    )
                    self.diag(
                        module,
                        (*path, "answers", ai, "id"),
                        "G001",
                        f"answer id '{a['id']}' {why} in question '{data['id']}'",
                        "Give each answer its own id.",
                    )
                    continue
                seen.add(a["id"])
                options.append(
                    AnswerOption(
                        a["id"],
                        a["text"],
                        tuple(a.get("raises", ())),
                        bool(a.get("urgent", False)),
                        a.get("note"),
                    )
                )
        number_rules: list[NumberRule] = []
        item = _Item(module.pf, path, data)
        if qtype == "number":
            lo, hi = data.get("min"), data.get("max")
            if lo is not None and hi is not None and lo > hi:
                self.diag(
                    item, (*path, "min"), "G018", f"min {lo} is greater than max {hi}", "Swap them."
                )
            for ri, rule in enumerate(data.get("raises_when", ())):
                cond = self.condition(item, (*path, "raises_when", ri, "when"), "number")
                if cond is not None:
                    number_rules.append(
                        NumberRule(cond, tuple(rule["raises"]), bool(rule.get("urgent", False)))
                    )
        return Question(
            id=data["id"],
            module=mid,
            index=index,
            kind=data.get("kind", "ask"),
            type=qtype,
            text=data["text"],
            guidance=data.get("guidance"),
            when=None,
            options=tuple(options),
            min=data.get("min"),
            max=data.get("max"),
            unit=data.get("unit"),
            number_rules=tuple(number_rules),
            ref=item.ref(),
        )

    def build_derived(self) -> dict[str, Condition]:
        self.term_data: dict[str, tuple[_Item, dict[str, Any]]] = {}
        entries: dict[str, tuple[_Item, Condition]] = {}
        parsed: dict[str, tuple[_Item, Condition]] = {}
        for pf in self.files:
            section = pf.data.get("derived")
            if not isinstance(section, dict):
                continue
            for name, source in section.items():
                item = _Item(pf, ("derived", name), source)
                if isinstance(source, dict):  # a term: a condition with words of its own
                    self.term_data[name] = (item, source)
                    item = _Item(pf, ("derived", name, "when"), source["when"])
                    source = source["when"]
                if isinstance(source, bool):
                    source = "true" if source else "false"
                try:
                    cond = parse_condition(source)
                except ConditionError as exc:
                    self.diag(item, item.path, "G003", exc.message, exc.hint, offset=exc.offset)
                    continue
                if not self.register_name(item, name, "derived", _NameInfo("derived")):
                    continue
                parsed[name] = (item, cond)
        # Resolve in dependency order, finding cycles.
        state: dict[str, int] = {}  # 1 visiting, 2 done
        order: list[str] = []

        def visit(name: str, chain: list[str]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                item, _ = parsed[name]
                cycle = " → ".join([*chain[chain.index(name) :], name])
                self.diag(
                    item,
                    item.path,
                    "G006",
                    f"derived names form a cycle: {cycle}",
                    "A derived name cannot depend on itself, even through others.",
                    key=True,
                )
                raise _Cycle
            state[name] = 1
            _, cond = parsed[name]
            for dep in cond.names:
                if dep in parsed:
                    visit(dep, [*chain, name])
            state[name] = 2
            order.append(name)

        for name in list(parsed):
            try:
                visit(name, [])
            except _Cycle:
                for n in list(state):
                    if state[n] == 1:
                        state[n] = 2
        for name in order:
            item, cond = parsed[name]
            info = self.names[name]
            ok = True
            max_q, uses, qs = -1, False, set()
            for dep, offset in cond.name_offsets:
                if not self.check_name(item, item.path, dep, offset, "derived", None, ""):
                    ok = False
                    continue
                d = self.names[dep]
                max_q = max(max_q, d.max_question)
                uses = uses or d.uses_results
                qs |= d.questions
            for dep, literal, offset in cond.compared:
                self.check_comparison(item, item.path, dep, literal, offset)
            if "raised_in" in cond.calls:
                uses = True
                ok = self.check_raised_in(item, item.path, cond, "derived", None) and ok
            ok = self.check_special_calls(item, item.path, cond, "derived") and ok
            info.max_question, info.uses_results, info.questions = max_q, uses, frozenset(qs)
            if ok:
                entries[name] = (item, cond)
        self.derived_items = {n: it for n, (it, _) in entries.items()}
        return {n: c for n, (_, c) in entries.items()}

    def resolve_question_conditions(self, modules: list[Module]) -> None:
        """Compile `when` of modules and questions, now that every name is known."""
        for mi, module in enumerate(modules):
            it = self.module_items[module.id]
            first = module.questions[0].index if module.questions else 0
            mwhen = None
            if "when" in it.data:
                mwhen = self.condition(
                    it,
                    (*it.path, "when"),
                    "question",
                    before=first,
                    context=f"module '{module.id}'",
                )
                if mwhen is not None and mwhen.is_constant and not mwhen.constant:
                    self.diag(
                        it,
                        (*it.path, "when"),
                        "G007",
                        f"module '{module.id}' can never be asked: its condition is always false",
                        "Remove the module from guide.modules instead.",
                    )
            questions = []
            for q in module.questions:
                mit, qpath = self.raw_questions[q.id]
                qwhen = None
                if "when" in _get(mit.pf.data, qpath):
                    qwhen = self.condition(
                        mit,
                        (*qpath, "when"),
                        "question",
                        before=q.index,
                        context=f"question '{q.id}'",
                    )
                    if qwhen is not None and qwhen.is_constant and not qwhen.constant:
                        self.diag(
                            mit,
                            (*qpath, "when"),
                            "G007",
                            f"question '{q.id}' can never be asked: its condition is always false",
                            "Remove the question or fix the condition.",
                        )
                questions.append(_replace(q, when=qwhen))
                self.question_map[q.id] = questions[-1]
            modules[mi] = _replace(module, when=mwhen, questions=tuple(questions))

    def scoring(self) -> tuple[Condition | None, Condition | None, Condition | None]:
        items = [(pf, pf.data["scoring"]) for pf in self.files if "scoring" in pf.data]
        if not items:
            pf = getattr(self, "meta_pf", None) or self.files[0]
            self.diag(
                pf,
                (),
                "S002",
                "no file has the 'scoring:' section",
                "Add scoring: with element_rule to guide.yaml.",
            )
            return None, None, None
        for pf, _ in items[1:]:
            self.diag(
                pf,
                ("scoring",),
                "G011",
                "the 'scoring:' section is repeated",
                "Keep it in one file only.",
                key=True,
            )
        pf, data = items[0]
        item = _Item(pf, ("scoring",), data)
        rule = self.condition(item, ("scoring", "element_rule"), "element_rule")
        child = sexual = None
        self.has_sexual_list = "sexual_list_when" in data
        if "child_when" in data:
            child = self.condition(item, ("scoring", "child_when"), "child_when")
        if "sexual_list_when" in data:
            # like child_when, it decides the grades: answers only, never indicators
            sexual = self.condition(item, ("scoring", "sexual_list_when"), "sexual_list_when")
        return rule, child, sexual

    def build_elements(self, items: list[_Item], default: Condition | None) -> dict[str, Element]:
        elements: dict[str, Element] = {}
        for it in items:
            eid = it.data["id"]
            if self.names.get(eid) is None or self.names[eid].kind != "element" or eid in elements:
                continue
            rule = default
            if "present_when" in it.data:
                rule = self.condition(it, (*it.path, "present_when"), "element_rule")
            if rule is None:
                continue
            elements[eid] = Element(
                eid,
                it.data["label"],
                rule,
                it.data.get("description"),
                it.data.get("group"),
                it.ref(),
            )
        return elements

    def build_indicators(
        self, items: list[_Item], elements: dict[str, Element]
    ) -> dict[str, Indicator]:
        indicators: dict[str, Indicator] = {}
        for it in items:
            iid, eid = it.data["id"], it.data["element"]
            if (
                self.names.get(iid) is None
                or self.names[iid].kind != "indicator"
                or iid in indicators
            ):
                continue
            if eid not in elements:
                self.diag(
                    it,
                    (*it.path, "element"),
                    "G002",
                    f"there is no element '{eid}'",
                    self.suggest(eid, elements) or "Define it under elements:.",
                )
                continue
            strength = it.data["strength"]
            adult, child = (
                (strength, strength)
                if isinstance(strength, str)
                else (strength["adult"], strength["child"])
            )
            sexual = strength.get("sexual") if isinstance(strength, dict) else None
            if sexual is not None and not getattr(self, "has_sexual_list", False):
                self.diag(
                    it,
                    (*it.path, "strength", "sexual"),
                    "G022",
                    f"indicator '{iid}' has a sexual-exploitation grade that is never used",
                    "Add scoring.sexual_list_when (when the sexual lists apply), or remove "
                    "strength.sexual.",
                    severity=Severity.WARNING,
                    key=True,
                )
            s_adult, s_child = (
                (sexual, sexual)
                if isinstance(sexual, str)
                else (sexual["adult"], sexual["child"])
                if isinstance(sexual, dict)
                else (None, None)
            )
            indicators[iid] = Indicator(
                iid, eid, adult, child, it.data["label"], it.ref(), s_adult, s_child
            )
        return indicators

    def check_option_raises(self, modules: list[Module], indicators: dict[str, Indicator]) -> None:
        for module in modules:
            for q in module.questions:
                mit, qpath = self.raw_questions[q.id]
                data = _get(mit.pf.data, qpath)
                places: list[tuple[tuple[Any, ...], list[str]]] = []
                answers = data.get("answers")
                if isinstance(answers, dict):
                    for aid, s in answers.items():
                        if s and "raises" in s:
                            places.append(((*qpath, "answers", aid, "raises"), s["raises"]))
                elif isinstance(answers, list):
                    for ai, a in enumerate(answers):
                        if "raises" in a:
                            places.append(((*qpath, "answers", ai, "raises"), a["raises"]))
                for ri, rule in enumerate(data.get("raises_when", ())):
                    places.append(((*qpath, "raises_when", ri, "raises"), rule["raises"]))
                for path, ids in places:
                    for k, iid in enumerate(ids):
                        if iid not in indicators:
                            self.diag(
                                mit,
                                (*path, k),
                                "G002",
                                f"there is no indicator '{iid}'",
                                self.suggest(iid, indicators) or "Define it under indicators:.",
                            )

    def build_verdicts(self) -> list[Verdict]:
        verdicts: list[Verdict] = []
        items = list(self.items("verdicts"))
        seen: set[str] = set()
        always_at: str | None = None
        for n, it in enumerate(items):
            vid = it.data["id"]
            if vid in seen:
                self.diag(
                    it,
                    (*it.path, "id"),
                    "G001",
                    f"verdict '{vid}' is defined twice",
                    "Give each verdict its own id.",
                )
                continue
            seen.add(vid)
            when = None
            if "when" in it.data:
                when = self.condition(it, (*it.path, "when"), "verdict")
                if when is None:
                    continue
            last = n == len(items) - 1
            if always_at is not None:
                self.diag(
                    it,
                    (*it.path, "id"),
                    "G008",
                    f"verdict '{vid}' can never be reached: '{always_at}' before it always holds",
                    "Move it before that verdict, or give that one a condition.",
                )
            elif when is not None and when.is_constant and not when.constant:
                self.diag(
                    it,
                    (*it.path, "when"),
                    "G008",
                    f"verdict '{vid}' can never be reached: its condition is always false",
                    "Fix the condition or remove the verdict.",
                )
            if when is None or (when.is_constant and when.constant):
                always_at = always_at or vid
            if last and "when" in it.data:
                self.diag(
                    it,
                    (*it.path, "when"),
                    "G013",
                    f"the last verdict '{vid}' has a condition; when nothing else holds "
                    "there would be no result",
                    "Remove `when` from the last verdict.",
                )
            verdicts.append(
                Verdict(
                    vid,
                    it.data["level"],
                    it.data["title"],
                    it.data["explanation"],
                    when,
                    it.ref(),
                    it.data.get("basis"),
                )
            )
        if not items:
            pf = getattr(self, "meta_pf", None) or self.files[0]
            self.diag(
                pf,
                (),
                "S002",
                "no file has the 'verdicts:' section",
                "Add the verdicts to guide.yaml.",
            )
        return verdicts

    def build_terms(self, derived: dict[str, Condition]) -> dict[str, Term]:
        """Derived names written as a mapping: their words, for the reasons of a result."""
        terms: dict[str, Term] = {}
        for name, (it, data) in self.term_data.items():
            if name not in derived:
                continue  # its condition had an error, already reported
            shown = None
            if "shown_when" in data:
                shown = self.condition(it, (*it.path, "shown_when"), "referral")
                if shown is None:
                    continue
            terms[name] = Term(
                name,
                data.get("label", name),
                derived[name],
                data.get("explanation"),
                data.get("basis"),
                it.ref(),
                shown,
            )
        return terms

    def build_invariants(self) -> list[Invariant]:
        invariants: list[Invariant] = []
        seen: set[str] = set()
        for it in self.items("invariants"):
            d = it.data
            if d["id"] in seen:
                self.diag(
                    it,
                    (*it.path, "id"),
                    "G001",
                    f"invariant '{d['id']}' is defined twice",
                    "Give each invariant its own id.",
                )
                continue
            seen.add(d["id"])
            shape = _invariant_shape_problem(d)
            if shape:
                self.diag(it, (*it.path, "id"), "G021", shape[0], shape[1])
                continue
            when = require = None
            if "when" in d:
                when = self.condition(it, (*it.path, "when"), "invariant")
                if when is None:
                    continue
            if "require" in d:
                require = self.condition(it, (*it.path, "require"), "invariant")
                if require is None:
                    continue
            invariants.append(
                Invariant(
                    d["id"], d["title"], when, require, d.get("monotone"), d.get("basis"), it.ref()
                )
            )
        return invariants

    def build_contacts(self) -> dict[str, Contact]:
        contacts: dict[str, Contact] = {}
        self.contact_items: dict[str, _Item] = {}
        for it in self.items("contacts"):
            d = it.data
            if d["id"] in contacts:
                self.diag(
                    it,
                    (*it.path, "id"),
                    "G001",
                    f"contact '{d['id']}' is defined twice",
                    "Give each contact its own id.",
                )
                continue
            verified = d["verified"] if isinstance(d["verified"], str) else None
            contacts[d["id"]] = Contact(
                d["id"],
                d["name"],
                d["region"],
                verified,
                d.get("phone"),
                d.get("hours"),
                d.get("source"),
                d.get("note"),
                it.ref(),
            )
            self.contact_items[d["id"]] = it
        return contacts

    def build_referrals(
        self, contacts: dict[str, Contact]
    ) -> tuple[dict[str, Step], list[ReferralRule]]:
        steps: dict[str, Step] = {}
        step_items: dict[str, _Item] = {}
        rules_raw = list(self.items("referrals"))
        for it in rules_raw:
            for si, s in enumerate(it.data["steps"]):
                if "ref" in s:
                    continue
                spath = (*it.path, "steps", si)
                for ci, cid in enumerate(s.get("contacts", ())):
                    if cid not in contacts:
                        self.diag(
                            it,
                            (*spath, "contacts", ci),
                            "G002",
                            f"there is no contact '{cid}'",
                            self.suggest(cid, contacts) or "Add it to the directory.",
                        )
                step = Step(
                    s["id"],
                    s["urgency"],
                    s["text"],
                    tuple(s.get("contacts", ())),
                    _Item(it.pf, spath, s).ref(),
                    s.get("basis"),
                )
                if step.id in steps:
                    old = steps[step.id]
                    if (old.urgency, old.text, old.contacts, old.basis) != (
                        step.urgency,
                        step.text,
                        step.contacts,
                        step.basis,
                    ):
                        self.diag(
                            it,
                            (*spath, "id"),
                            "G017",
                            f"step '{step.id}' is defined again, differently (first at {old.ref})",
                            f"Write it once; elsewhere use `- ref: {step.id}`.",
                        )
                    continue
                steps[step.id] = step
                step_items[step.id] = it
        rules: list[ReferralRule] = []
        seen: set[str] = set()
        for it in rules_raw:
            rid = it.data["id"]
            if rid in seen:
                self.diag(
                    it,
                    (*it.path, "id"),
                    "G001",
                    f"referral rule '{rid}' is defined twice",
                    "Give each rule its own id.",
                )
                continue
            seen.add(rid)
            ids: list[str] = []
            for si, s in enumerate(it.data["steps"]):
                sid = s.get("ref", s.get("id"))
                if sid not in steps:
                    self.diag(
                        it,
                        (*it.path, "steps", si, "ref"),
                        "G002",
                        f"there is no step '{sid}'",
                        self.suggest(sid, steps) or "Define the step in one rule first.",
                    )
                    continue
                ids.append(sid)
            when = None
            if "when" in it.data:
                when = self.condition(it, (*it.path, "when"), "referral")
                if when is None:
                    continue
            rules.append(ReferralRule(rid, when, tuple(ids), it.ref()))
        return steps, rules

    def check_emergency(
        self, meta: dict[str, Any] | None, contacts: dict[str, Contact]
    ) -> tuple[str, ...]:
        if meta is None:
            return ()
        ids = []
        for i, cid in enumerate(meta.get("emergency_contacts", ())):
            if cid not in contacts:
                self.diag(
                    self.meta_pf,
                    ("guide", "emergency_contacts", i),
                    "G002",
                    f"there is no contact '{cid}'",
                    self.suggest(cid, contacts) or "Add it to the directory.",
                )
            else:
                ids.append(cid)
        return tuple(ids)

    def check_usage(
        self,
        modules: list[Module],
        indicators: dict[str, Indicator],
        elements: dict[str, Element],
        contacts: dict[str, Contact],
        steps: dict[str, Step],
        emergency: tuple[str, ...],
    ) -> None:
        raised: set[str] = set()
        for m in modules:
            for q in m.questions:
                for o in q.options:
                    raised.update(o.raises)
                for r in q.number_rules:
                    raised.update(r.raises)
        for it in self.items("indicators"):
            iid = it.data["id"]
            if iid in indicators and iid not in raised:
                self.diag(
                    it,
                    (*it.path, "id"),
                    "G009",
                    f"no answer raises indicator '{iid}'",
                    "Add it to an answer's raises:, or remove it.",
                    Severity.WARNING,
                )
        used_elements = {i.element for i in indicators.values()}
        for it in self.items("elements"):
            eid = it.data["id"]
            if eid in elements and eid not in used_elements:
                self.diag(
                    it,
                    (*it.path, "id"),
                    "G014",
                    f"element '{eid}' has no indicators",
                    "It can never be present; add indicators or remove it.",
                    Severity.WARNING,
                )
        used_contacts = set(emergency) | {c for s in steps.values() for c in s.contacts}
        for cid, it in self.contact_items.items():
            if cid not in used_contacts:
                self.diag(
                    it,
                    (*it.path, "id"),
                    "G020",
                    f"contact '{cid}' is not used by any referral step",
                    "Add it to a step's contacts, or to guide.emergency_contacts.",
                    Severity.WARNING,
                )

    def build_scenarios(
        self,
        questions: tuple[Question, ...],
        elements: dict[str, Element],
        steps: dict[str, Step],
        indicators: dict[str, Indicator],
    ) -> list[Scenario]:
        by_id = {q.id: q for q in questions}
        scenarios: list[Scenario] = []
        seen: set[str] = set()
        for it in self.items("scenarios"):
            d = it.data
            ok = True
            if d["id"] in seen:
                self.diag(
                    it,
                    (*it.path, "id"),
                    "G001",
                    f"scenario '{d['id']}' is defined twice",
                    "Give each scenario its own id.",
                )
                continue
            seen.add(d["id"])
            answers: dict[str, Any] = {}
            for qid, value in d["answers"].items():
                apath = (*it.path, "answers", qid)
                q = by_id.get(qid)
                if q is None:
                    self.diag(
                        it,
                        apath,
                        "G015",
                        f"there is no question '{qid}'",
                        self.suggest(qid, by_id),
                        key=True,
                    )
                    ok = False
                    continue
                if isinstance(value, bool):
                    self.diag(
                        it,
                        apath,
                        "G015",
                        f"'{str(value).lower()}' is not an answer to '{qid}'",
                        "Write yes or no.",
                    )
                    ok = False
                    continue
                if not q.accepts(value):
                    if q.type == "number":
                        hint = f"A number between {q.min} and {q.max}, or dont_know / declined."
                    else:
                        close = self.suggest(str(value), [o.id for o in q.options])
                        hint = close or "Answers: " + ", ".join(
                            [o.id for o in q.options] + list(UNKNOWN_VALUES)
                        )
                    self.diag(it, apath, "G015", f"'{value}' is not an answer to '{qid}'", hint)
                    ok = False
                    continue
                answers[qid] = value
            e = d["expect"]
            checks = [
                ("verdict", [e["verdict"]], self.verdict_ids, "verdict"),
                ("elements", e.get("elements", ()), elements, "element"),
                ("steps", e.get("steps", ()), steps, "step"),
                ("steps_include", e.get("steps_include", ()), steps, "step"),
                ("steps_exclude", e.get("steps_exclude", ()), steps, "step"),
                ("indicators_include", e.get("indicators_include", ()), indicators, "indicator"),
            ]
            for key, ids, known, kind in checks:
                for k, x in enumerate(ids):
                    if x not in known:
                        path = (
                            (*it.path, "expect", key)
                            if key == "verdict"
                            else (*it.path, "expect", key, k)
                        )
                        self.diag(
                            it, path, "G016", f"there is no {kind} '{x}'", self.suggest(x, known)
                        )
                        ok = False
            both = sorted(set(e.get("steps_include", ())) & set(e.get("steps_exclude", ())))
            if both:
                self.diag(
                    it,
                    (*it.path, "expect", "steps_exclude"),
                    "G016",
                    f"scenario '{d['id']}' expects step '{both[0]}' both among the steps "
                    "and not among them",
                    "Keep it in steps_include or in steps_exclude.",
                    key=True,
                )
                ok = False
            if not ok:
                continue
            expect = ScenarioExpect(
                verdict=e["verdict"],
                elements=tuple(e["elements"]) if "elements" in e else None,
                steps=tuple(e["steps"]) if "steps" in e else None,
                steps_include=tuple(e.get("steps_include", ())),
                indicators_include=tuple(e.get("indicators_include", ())),
                urgent=e.get("urgent"),
                steps_exclude=tuple(e.get("steps_exclude", ())),
            )
            scenarios.append(
                Scenario(
                    d["id"], d["title"], frozen_map(answers), expect, d.get("description"), it.ref()
                )
            )
        return scenarios

    def dependents(self, modules: list[Module]) -> dict[str, tuple[str, ...]]:
        """Question id -> later questions whose asking depends on it directly."""
        deps: dict[str, list[str]] = {}
        for m in modules:
            for q in m.questions:
                needed: set[str] = set()
                for cond in (m.when, q.when):
                    if cond is None:
                        continue
                    for name in cond.names:
                        info = self.names.get(name)
                        if info is not None:
                            needed |= info.questions
                for src in needed:
                    deps.setdefault(src, []).append(q.id)
        return {k: tuple(v) for k, v in deps.items()}


class _Cycle(Exception):
    pass


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _replace(obj: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(obj, **changes)


__all__ = ["DONT_KNOW", "LoadResult", "Position", "guide_files", "load_guide", "schema_diagnostics"]
