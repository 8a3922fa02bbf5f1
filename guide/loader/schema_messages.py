"""Schema problems as diagnostics: the JSON Schema validators say what is wrong in their
terms (a path and a keyword); this module says it in the trainer's (a place, a message and a
hint)."""

from __future__ import annotations

from typing import Any

from guide.core.record import replace
from guide.i18n.lazy import N_, lazy
from guide.loader.diagnostics import Detail, Diagnostic, Msg, did_you_mean
from guide.loader.yamlio import ParsedFile


def check_schema(parsed: list[ParsedFile], total: int) -> list[Diagnostic]:
    """The schema diagnostics of every file. Every file is checked by the fast validator
    (code generated ahead of time from the schema, guide/schema/_validator.py); jsonschema is
    imported only to explain a file that fails. `total` (the bytes read) is no longer used."""
    from guide.schema import fast_is_valid, guide_validator

    out: list[Diagnostic] = []
    is_valid = fast_is_valid()
    for pf in parsed:
        if not is_valid(pf.data):
            # The reference validator decides and explains; if it finds nothing, the
            # file is valid (tests keep the two validators in agreement).
            out.extend(schema_diagnostics(pf, guide_validator()))
    return out


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
    out and the mapping's own problem (a missing or unknown key, a bad value) is told.
    Likewise a text that fails a pattern was meant for the pattern's branch, not for the
    branch that only allows `false` (a contact's `verified`)."""
    context = list(err.context)
    if isinstance(err.instance, (dict, str)):
        own = [
            e
            for e in context
            if not (e.validator in ("type", "enum", "const") and not e.relative_path)
        ]
        if own:
            return own
    return context


def _where_label(data: Any, path: tuple[Any, ...]) -> str:
    """Say where a path is, by the nearest id above it: "question 'hours'"."""
    # The words are shown in the command line's language (translated when printed).
    kinds = {
        "modules": N_("module"),
        "questions": N_("question"),
        "indicators": N_("indicator"),
        "elements": N_("element"),
        "verdicts": N_("verdict"),
        "referrals": N_("referral rule"),
        "steps": N_("step"),
        "contacts": N_("contact"),
        "scenarios": N_("scenario"),
        "answers": N_("answer"),
        "invariants": N_("invariant"),
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
            kind = lazy(kinds[last_key]) if last_key in kinds else last_key
            label = lazy(N_("{kind} '{id}'"), kind=kind, id=node["id"])
    if not label and path:
        label = lazy(N_("section '{name}'"), name=path[0])
    return label


def _describe_schema_error(pf: ParsedFile, err: Any) -> list[Diagnostic]:
    path = tuple(err.absolute_path)
    where = _where_label(pf.data, path)
    v = err.validator

    def diag(
        p: tuple[Any, ...],
        detail: Detail,
        hint: str | None = None,
        key: bool = False,
        **fields: object,
    ) -> Diagnostic:
        pos = pf.where(p, key=key)
        d = detail.at(pf.file, pos.line, pos.col, hint, **fields)
        if not where:
            return d
        return replace(
            d, message=lazy(N_("{message} (in {where})"), message=d.message, where=where)
        )

    if v == "additionalProperties" and isinstance(err.instance, dict):
        allowed = sorted(err.schema.get("properties", {}))
        out = []
        for key in err.instance:
            if key in err.schema.get("properties", {}):
                continue
            import difflib

            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = (
                did_you_mean(close[0])
                if close
                else (
                    lazy(N_("Allowed keys here: {keys}"), keys=", ".join(allowed))
                    if allowed
                    else ""
                )
            )
            out.append(diag((*path, key), Msg.S001_UNKNOWN_KEY, hint, key=True, key_name=key))
        return out
    if v == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        return [diag(path, Msg.S002_MISSING_KEY, key=True, key_name=missing)]
    if v is None:  # a `false` subschema: a key this kind of question does not take
        obj = _get(pf.data, path)
        qtype = obj.get("type", "yes_no") if isinstance(obj, dict) else ""
        banned = ["answers"] if qtype == "number" else ["min", "max", "unit", "raises_when"]
        keys = [k for k in banned if isinstance(obj, dict) and k in obj] or ["?"]
        kind = lazy(
            {"yes_no": N_("a yes/no"), "choice": N_("a choice"), "number": N_("a number")}.get(
                qtype, N_("this")
            )
        )
        return [
            diag((*path, k), Msg.S001_NOT_FOR_QUESTION, key=True, key_name=k, kind=kind)
            for k in keys
        ]
    if v == "type":
        expected = err.validator_value
        expected_text = " or ".join(expected) if isinstance(expected, list) else expected
        names = {
            "object": N_("a mapping (key: value lines)"),
            "array": N_("a list (lines starting with '- ')"),
            "string": N_("a text"),
            "number": N_("a number"),
            "boolean": N_("true or false"),
            "integer": N_("a whole number"),
        }
        if isinstance(expected, list):  # "a text or true or false", each in words
            kinds = [lazy(names[t]) if t in names else str(t) for t in expected]
            wanted = kinds[0]
            for more in kinds[1:]:
                wanted = lazy(N_("{first} or {second}"), first=wanted, second=more)
        else:
            wanted = lazy(names[expected_text]) if expected_text in names else expected_text
        return [
            diag(
                path,
                Msg.S003_WRONG_TYPE,
                _type_hint(expected_text, err.instance),
                wanted=wanted,
                found=_kind(err.instance),
            )
        ]
    if v in ("enum", "const"):
        options = err.validator_value if v == "enum" else [err.validator_value]
        texts = [str(o) for o in options]
        import difflib

        close = difflib.get_close_matches(str(err.instance), texts, n=1)
        return [
            diag(
                path,
                Msg.S004_NOT_ALLOWED,
                did_you_mean(close[0]) if close else None,
                value=err.instance,
                allowed=", ".join(texts),
            )
        ]
    if v == "pattern":
        return [diag(path, _pattern_message(err.validator_value), value=err.instance)]
    if v == "propertyNames":
        return [diag(path, Msg.S004_BAD_NAME)]
    if v in ("minLength", "minItems", "minProperties"):
        return [diag(path, Msg.S004_EMPTY)]
    if v in ("maxLength", "maxItems"):
        return [diag(path, Msg.S004_TOO_LONG, limit=err.validator_value)]
    if v == "uniqueItems":
        return [diag(path, Msg.S004_REPEATED)]
    return [diag(path, Msg.S004_OTHER, problem=err.message[:200])]


def _pattern_message(pattern: str) -> Detail:
    """The message for a value that does not match `pattern`, by which pattern of the
    schema it is (the schema's own constants, not a guess from the regex's text)."""
    from guide.schema.build_schema import DATE_PATTERN, ID_PATTERN, LANGUAGE_PATTERN, PHONE_PATTERN

    return {
        ID_PATTERN: Msg.S004_BAD_ID,
        PHONE_PATTERN: Msg.S004_BAD_PHONE,
        DATE_PATTERN: Msg.S004_BAD_DATE,
        LANGUAGE_PATTERN: Msg.S004_BAD_LANGUAGE,
    }.get(pattern, Msg.S004_BAD_FORM)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, dict):
        return lazy(N_("a mapping"))
    if isinstance(value, list):
        return lazy(N_("a list"))
    if value is None:
        return lazy(N_("nothing"))
    if isinstance(value, (int, float)):
        return lazy(N_("the number {value}"), value=value)
    return lazy(N_("the text '{value}'"), value=str(value)[:40])


def _type_hint(expected: str, value: Any) -> str:
    if expected == "string" and isinstance(value, (int, float, bool)):
        return lazy(N_('Put the value in quotes: "{value}".'), value=value)
    if expected == "array":
        return lazy(N_("Write a list: [a, b] or one '- item' per line."))
    if expected == "object":
        return lazy(N_("Indent the keys under this one."))
    if value is None:
        return lazy(N_("The value is missing after the colon."))
    return lazy(N_("See docs/format.md."))


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data
