"""Command-line entry point: argument parsing only; each command lives in guide.commands."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

# The module of each command (group), by the name it registers, in the order the help lists
# them. Each has register(subparsers) and sets `func` on its parsers. `dalil validate ...`
# imports and builds the parser of `validate` alone (ten command parsers were a tenth of a
# `dalil validate`); the help and anything the one parser cannot read build them all.
COMMANDS = {
    "validate": "guide.commands.validate",
    "test": "guide.commands.scenarios",
    "simulate": "guide.commands.simulate",
    "sessions": "guide.commands.sessions",
    "i18n": "guide.commands.i18n",
    "bundle": "guide.commands.bundle",
    "update-guide": "guide.commands.update_guide",
    "graph": "guide.commands.graph",
    "explain": "guide.commands.explain_cmd",
    "new-scenario": "guide.commands.new_scenario",
}
COMMAND_MODULES = list(COMMANDS.values())


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, as wide as the terminal by shutil.get_terminal_size's rule
    (COLUMNS, else the terminal of sys.__stdout__, else 80), without importing shutil:
    argparse imports it for every argument added, and it imports bz2, lzma and zlib (2 ms
    of every command)."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        columns = 0
    return columns or 80


class _Parser(argparse.ArgumentParser):
    """Every parser of the command line (the commands' and their actions'): `_Formatter`
    unless one is given."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def build_parser(commands: bool = True, only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `commands=False` only the wizard's own options (the
    plain `dalil` start does not import the ten command modules); with `only`, the wizard's
    options and that one command (a try, like the wizard's: the whole parser reports)."""
    from guide.i18n import _
    from guide.i18n.cli import translate_argparse

    translate_argparse()
    parser = _Parser(
        prog="dalil",
        exit_on_error=commands and only is None,  # a partial parser is a try
        description=_(
            "Dalil: screening and referral guide for possible victims of trafficking. "
            "With no command, starts the screening wizard."
        ),
    )
    from guide import __version__

    parser.add_argument(
        "--version",
        action="version",
        version=f"dalil {__version__}",
        help=_("show program's version number and exit"),
    )
    from guide.commands.wizard import add_wizard_options

    add_wizard_options(parser)
    if not commands:
        return parser
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in COMMANDS.items():
        if only is None or name == only:
            importlib.import_module(module).register(sub)
    return parser


def _asks_help(args: Sequence[str]) -> bool:
    """Is one of `args` -h or --help (or an abbreviation argparse accepts)?"""
    return any(arg.startswith("-h") or (len(arg) > 2 and "--help".startswith(arg)) for arg in args)


def _command_arguments(given: list[str]) -> argparse.Namespace | None:
    """The arguments read by the parser of the one command they name, or None: when no word
    names a command, when a help before it asks for the list of commands, or when that
    parser cannot read them (the word was an option's value, `--guide test`; a mistyped
    option...); the whole parser then reads them again and words any error. A parse that
    succeeds is the whole parser's: the same top-level options, the same command parser."""
    command = next((arg for arg in given if arg in COMMANDS), None)
    if command is None or _asks_help(given[: given.index(command)]):
        return None
    parser = build_parser(only=command)
    parser.error = _not_this_parser_alone  # type: ignore[method-assign]
    try:
        args = parser.parse_args(given)
    except (argparse.ArgumentError, _NotThisParserAlone):
        return None
    return args if args.command == command else None


def _wizard_arguments(argv: Sequence[str] | None) -> argparse.Namespace | None:
    """The arguments when they only start the wizard (no command, no help), read with the
    wizard's options alone: the start-up the officer waits for. None otherwise."""
    given = list(sys.argv[1:] if argv is None else argv)
    if _asks_help(given):
        return None  # the help lists the commands
    parser = build_parser(commands=False)
    parser.error = _not_this_parser_alone  # type: ignore[method-assign]
    try:
        args, rest = parser.parse_known_args(given)
    except (argparse.ArgumentError, _NotThisParserAlone):  # `sessions export ... --lang de`
        return None  # the whole parser reads them again, and words any error
    return None if rest else args


class _NotThisParserAlone(Exception):
    pass


def _not_this_parser_alone(message: str) -> NoReturn:
    raise _NotThisParserAlone(message)


def main(argv: Sequence[str] | None = None) -> int:
    # Every command prints through the terminal-safe layer: a control character or a bidi
    # override from a guide, a catalog or an argument is shown as an escape, never obeyed.
    from guide.safe_text import SafeStream

    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)
    try:
        return _main(argv, saved)
    finally:
        sys.stdout, sys.stderr = saved
        if argv is None:  # the `dalil` command itself, which exits now (not a caller's test)
            # The interpreter's shutdown would collect garbage over every object still
            # alive (the whole guide) once more: 12 ms of a 0.17 s `dalil validate`.
            # Frozen objects are left to the exit, which frees them anyway.
            import gc

            gc.freeze()


def _main(argv: Sequence[str] | None, raw_streams: tuple[object, object]) -> int:
    from guide.i18n import set_language
    from guide.i18n.cli import cli_language

    # Before the parser is built: its help texts are translated when they are added.
    set_language(cli_language(sys.argv[1:] if argv is None else argv))
    given = list(sys.argv[1:] if argv is None else argv)
    args = _command_arguments(given)
    if args is None:
        args = _wizard_arguments(given)
    if args is None:
        args = build_parser().parse_args(given)
    func = getattr(args, "func", None)
    if func is None:
        from guide.commands.wizard import run_wizard

        # Textual writes its own escape sequences; it paints through Rich's guarded filter.
        sys.stdout, sys.stderr = raw_streams  # type: ignore[assignment]
        return run_wizard(args)
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        from guide.i18n import _

        print(_("Interrupted."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `dalil ... | head` closed the pipe: not an error worth a traceback. Point stdout
        # at /dev/null so the interpreter's final flush does not fail again.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except ImportError as error:  # `python3 -m guide ...` where Dalil's libraries are missing
        from guide.i18n import _

        print(
            _(
                "dalil {command}: a library Dalil needs is not installed ({name}). Install "
                "Dalil first (pip install .), or use the installed dalil command."
            ).format(command=args.command, name=error.name or error),
            file=sys.stderr,
        )
        return 1
    except Exception as error:  # the last line of defence: a message, a file, non-zero
        from guide.crash import report_crash

        return report_crash(error, f"dalil {args.command}")
