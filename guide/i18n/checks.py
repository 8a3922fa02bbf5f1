"""What a translation must keep from its source: placeholders and markup; what it must not
bring: control characters, format fields other than `{name}`, a plural rule that fails.

Placeholders are Python format fields, and only the plain form `{name}` is allowed: a
conversion (`{x!r}`), a format spec (`{n:>300000000}` allocates 300 MB, `{title:d}` raises),
an index (`{x[0]}`) or an attribute (`{x.__class__}`) is refused, because `str.format` would
evaluate it. Markup is Rich console markup (`[b]`, `[/b]`, `[/]`). A translation that breaks
any of these is reported by `dalil i18n status` and refused by `update-guide`, and at run time
its entry is dropped, so the source text shows (with the untranslated mark) instead.

The descriptions are LazyText (guide.i18n.lazy): English, and translated where they are
shown (`dalil i18n status`, an update refused). They cannot be translated here: the catalog
loader runs these checks on the catalog it is loading.
"""

from __future__ import annotations

import gettext
import re
import string
from collections import Counter
from collections.abc import Callable, Sequence

from guide.i18n.lazytext import N_, lazy
from guide.safe_text import describe, unsafe_characters

# `{name}`, `{name!r}`, `{count:d}`, `{0}`; `{{` and `}}` are literal braces.
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
# Rich markup tags: [b], [/b], [/], [bold red], [link=...]; not "[1]" nor "[ ]".
_MARKUP = re.compile(r"(?<!\\)\[(/?[a-z#][a-z0-9_ #=.:/-]*|/)\]")


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def placeholders(text: str) -> Counter[str]:
    return Counter(match.group(1) for match in _PLACEHOLDER.finditer(text))


def format_fields(text: str) -> tuple[Counter[str], list[str]]:
    """The `{name}` fields of `text` and a description of each field that is not allowed
    (anything but a bare name, or braces that do not pair)."""
    names: Counter[str] = Counter()
    refused: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        return names, [
            lazy(
                N_("braces do not pair ({error}); write {{{{ and }}}} for a brace"),
                error=str(error),
            )
        ]
    for _literal, field_name, spec, conversion in parsed:
        if field_name is None:
            continue
        if _NAME.match(field_name) and not spec and conversion is None:
            names[field_name] += 1
            continue
        shown = "{" + field_name + (f"!{conversion}" if conversion else "")
        shown += (f":{spec}" if spec else "") + "}"
        refused.append(
            lazy(N_("placeholder {field} is not allowed: only {{name}}"), field=shown[:40])
        )
    return names, refused


def markup_tags(text: str) -> Counter[str]:
    return Counter(match.group(1) for match in _MARKUP.finditer(text))


def placeholder_problem(source: str, translation: str) -> str | None:
    """Describe how `translation` differs from `source` in its placeholders, or None."""
    want, source_refused = format_fields(source)
    if source_refused and source_refused[0].startswith("braces"):
        # The source is not a format string (a lone brace), so it is never formatted:
        # compare the loose reading only.
        want, got = placeholders(source), placeholders(translation)
    else:
        got, refused = format_fields(translation)
        unexpected = Counter(refused) - Counter(source_refused)
        if unexpected:
            return _all(sorted(unexpected))
    if want == got:
        return None
    return _difference("placeholder", want, got, "{%s}")


def control_problem(translation: str) -> str | None:
    """A control character or bidi override in a translation (it could drive the terminal)."""
    found = unsafe_characters(translation)
    if not found:
        return None
    return lazy(
        N_("the translation holds the control character {character}"),
        character=describe(found[0][1]),
    )


# Plural rules are checked for every n up to this, and a few large numbers.
PLURAL_CHECK_UP_TO = 1000
_PLURAL_SAMPLES = (*range(PLURAL_CHECK_UP_TO + 1), 10_000, 100_001, 1_000_000, 10**9 + 7)


def plural_rule(expression: str, nplurals: int) -> tuple[Callable[[int], int] | None, str | None]:
    """(rule, None) when the Plural-Forms expression is safe, (None, why) when it is not.

    `gettext.c2py` is a whitelist parser (only n, integers, comparison, arithmetic and
    ?:, at most 1000 characters and 20 parentheses deep); the rule must then give an index
    in 0..nplurals-1, without an error, for every n from 0 to 1000 and a few large ones
    (`n/0` would otherwise crash the wizard at the first count it shows)."""
    try:
        rule = gettext.c2py(expression)
    except (ValueError, TypeError, SyntaxError, RecursionError) as error:
        return None, lazy(N_("the plural rule is not valid ({error})"), error=str(error))
    if nplurals < 1:
        return None, lazy(N_("nplurals={count}: at least one form is needed"), count=nplurals)
    for n in _PLURAL_SAMPLES:
        try:
            index = rule(n)
        except (ArithmeticError, ValueError, TypeError, RecursionError) as error:
            return None, lazy(
                N_("the plural rule fails for n={n} ({error})"), n=n, error=type(error).__name__
            )
        if not 0 <= index < nplurals:
            return None, lazy(
                N_("the plural rule gives form {index} for n={n}; there are {count}"),
                index=index,
                n=n,
                count=nplurals,
            )
    return rule, None


def markup_problem(source: str, translation: str) -> str | None:
    want, got = markup_tags(source), markup_tags(translation)
    if want == got:
        return None
    return _difference("markup", want, got, "[%s]")


def _all(parts: Sequence[str]) -> str:
    """Descriptions one after another, '; ' between them (the translator's punctuation)."""
    text = parts[0]
    for part in parts[1:]:
        text = lazy(N_("{first}; {second}"), first=text, second=part)
    return text


def _difference(what: str, want: Counter[str], got: Counter[str], shape: str) -> str:
    missing = sorted((want - got).elements())
    extra = sorted((got - want).elements())
    parts = []
    if missing:
        parts.append(lazy(N_("missing {items}"), items=", ".join(shape % n for n in missing)))
    if extra:
        parts.append(lazy(N_("unexpected {items}"), items=", ".join(shape % n for n in extra)))
    if what == "markup":
        return lazy(N_("markup mismatch: {details}"), details=_all(parts))
    return lazy(N_("placeholder mismatch: {details}"), details=_all(parts))


def translation_problems(sources: list[str], forms: list[str]) -> list[tuple[str, str]]:
    """(kind, description) of each way the translation `forms` breaks its `sources`.

    `sources` is [msgid] or [singular, plural]; `forms` the msgstr or the plural forms. A
    plural form may leave the number out (Arabic says "سؤالان", "two questions", with no
    digit), but it may not bring a placeholder the source does not have.
    """
    problems: list[tuple[str, str]] = []
    for form in forms:
        found_control = control_problem(form)
        if found_control:
            problems.append(("control", found_control))
            break
    if len(sources) == 1:
        for kind, check in (("placeholder", placeholder_problem), ("markup", markup_problem)):
            found = check(sources[0], forms[0] if forms else "")
            if found:
                problems.append((kind, found))
        return problems
    singular, plural = format_fields(sources[0]), format_fields(sources[1])
    allowed = set(singular[0]) | set(plural[0])
    allowed_refused = set(singular[1]) | set(plural[1])
    for form in forms:
        names, refused = format_fields(form)
        unexpected = sorted(set(refused) - allowed_refused)
        if unexpected:
            problems.append(("placeholder", _all(unexpected)))
            continue
        extra = sorted(set(names) - allowed)
        if extra:
            shown = ", ".join(f"{{{name}}}" for name in extra)
            problems.append(
                (
                    "placeholder",
                    lazy(
                        N_("placeholder mismatch: {details}"),
                        details=lazy(N_("unexpected {items}"), items=shown),
                    ),
                )
            )
        found = markup_problem(sources[0], form)
        if found:
            problems.append(("markup", found))
    return problems
