"""What a translation must keep from its source: placeholders and markup.

Placeholders are Python format fields (`{name}`, `{count}`); markup is Rich console markup
(`[b]`, `[/b]`, `[/]`). A translation that loses or renames one would break at run time
(`KeyError`) or paint the wrong style, so the status command reports it and the run time
shows the source text instead.
"""

from __future__ import annotations

import re
from collections import Counter

# `{name}`, `{name!r}`, `{count:d}`, `{0}`; `{{` and `}}` are literal braces.
_PLACEHOLDER = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
# Rich markup tags: [b], [/b], [/], [bold red], [link=...]; not "[1]" nor "[ ]".
_MARKUP = re.compile(r"(?<!\\)\[(/?[a-z#][a-z0-9_ #=.:/-]*|/)\]")


def placeholders(text: str) -> Counter[str]:
    return Counter(match.group(1) for match in _PLACEHOLDER.finditer(text))


def markup_tags(text: str) -> Counter[str]:
    return Counter(match.group(1) for match in _MARKUP.finditer(text))


def placeholder_problem(source: str, translation: str) -> str | None:
    """Describe how `translation` differs from `source` in its placeholders, or None."""
    want, got = placeholders(source), placeholders(translation)
    if want == got:
        return None
    return _difference("placeholder", want, got, "{%s}")


def markup_problem(source: str, translation: str) -> str | None:
    want, got = markup_tags(source), markup_tags(translation)
    if want == got:
        return None
    return _difference("markup", want, got, "[%s]")


def _difference(what: str, want: Counter[str], got: Counter[str], shape: str) -> str:
    missing = sorted((want - got).elements())
    extra = sorted((got - want).elements())
    parts = []
    if missing:
        parts.append("missing " + ", ".join(shape % name for name in missing))
    if extra:
        parts.append("unexpected " + ", ".join(shape % name for name in extra))
    return f"{what} mismatch: " + "; ".join(parts)


def translation_problems(sources: list[str], forms: list[str]) -> list[tuple[str, str]]:
    """(kind, description) of each way the translation `forms` breaks its `sources`.

    `sources` is [msgid] or [singular, plural]; `forms` the msgstr or the plural forms. A
    plural form may leave the number out (Arabic says "سؤالان", "two questions", with no
    digit), but it may not bring a placeholder the source does not have.
    """
    problems: list[tuple[str, str]] = []
    if len(sources) == 1:
        for kind, check in (("placeholder", placeholder_problem), ("markup", markup_problem)):
            found = check(sources[0], forms[0] if forms else "")
            if found:
                problems.append((kind, found))
        return problems
    allowed = set(placeholders(sources[0])) | set(placeholders(sources[1]))
    for form in forms:
        extra = sorted(set(placeholders(form)) - allowed)
        if extra:
            names = ", ".join(f"{{{name}}}" for name in extra)
            problems.append(("placeholder", f"placeholder mismatch: unexpected {names}"))
        found = markup_problem(sources[0], form)
        if found:
            problems.append(("markup", found))
    return problems
