"""The language of the command line: `--lang`, else the environment, else the source language.

`dalil --lang fr validate` and `LANGUAGE=ar dalil sessions export ...` speak French and
Arabic. The language is chosen before the parser is built, so help texts are translated too;
argparse's own words ("usage:", "error:", "invalid choice") go through the same `ui` catalog
instead of Python's own `argparse` domain, which ships no Arabic.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence

from guide.i18n.languages import SOURCE_LANGUAGE, language_codes
from guide.i18n.translate import N_, gettext, ngettext

# Options of `dalil` itself that take a value: their value is not the command's name.
_VALUE_OPTIONS = ("--lang", "--person-lang", "--guide", "--bidi", "--theme")

# The GNU gettext order: LANGUAGE (a colon-separated list) first, then the first of these set.
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def _code(value: str) -> str | None:
    """'fr_MA.UTF-8' -> 'fr' when Dalil offers it ('fr_MA' itself when it is offered)."""
    value = value.split(".")[0].split("@")[0].strip()
    if not value:
        return None
    offered = language_codes()
    for candidate in (value.replace("-", "_"), value.replace("-", "_").split("_")[0]):
        if candidate in offered:
            return candidate
    return None


def language_from_argv(argv: Sequence[str]) -> str | None:
    """The value of `--lang` given before the command name (`dalil --lang fr validate`)."""
    tokens = list(argv)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token == "--":
            return None
        if token.startswith("--lang="):
            return _code(token.split("=", 1)[1])
        if token == "--lang":
            return _code(tokens[index + 1]) if index + 1 < len(tokens) else None
        if token in _VALUE_OPTIONS:
            index += 2
            continue
        if not token.startswith("-"):
            return None  # the command: its own --lang (a report's language) is not ours
        index += 1
    return None


def language_from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The first language Dalil offers in LANGUAGE, else the one of LC_ALL/LC_MESSAGES/LANG.

    "C" and "POSIX" mean the source language, as for every gettext program.
    """
    env = os.environ if environ is None else environ
    for item in env.get("LANGUAGE", "").split(":"):
        found = _code(item)
        if found:
            return found
    for name in _LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            if value.split(".")[0] in ("C", "POSIX"):
                return SOURCE_LANGUAGE
            return _code(value)
    return None


def cli_language(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    return language_from_argv(argv) or language_from_environment(environ) or SOURCE_LANGUAGE


# argparse's texts that a user of `dalil` can read. Marked here so that `dalil i18n extract`
# puts them in ui.pot; argparse's messages for programming errors are left in English.
ARGPARSE_TEXTS = frozenset(
    {
        N_("usage: "),
        N_("argument %(argument_name)s: %(message)s"),
        N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
        N_("can't open '%(filename)s': %(error)s"),
        N_("positional arguments"),
        N_("options"),
        N_("show this help message and exit"),
        N_("show program's version number and exit"),
        N_("unrecognized arguments: %s"),
        N_("not allowed with argument %s"),
        N_("ignored explicit argument %r"),
        N_("the following arguments are required: %s"),
        N_("one of the arguments %s is required"),
        N_("expected one argument"),
        N_("expected at most one argument"),
        N_("expected at least one argument"),
        N_("ambiguous option: %(option)s could match %(matches)s"),
        N_("unexpected option string: %s"),
        N_("invalid %(type)s value: %(value)r"),
        N_("invalid choice: %(value)r (choose from %(choices)s)"),
        N_("%(prog)s: error: %(message)s\n"),
    }
)


def _argparse_gettext(message: str) -> str:
    return gettext(message) if message in ARGPARSE_TEXTS else message


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return ngettext("expected %s argument", "expected %s arguments", n)
    return singular if n == 1 else plural


def translate_argparse() -> None:
    """Route argparse's user-facing words through Dalil's `ui` catalog."""
    import argparse

    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
    argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]
