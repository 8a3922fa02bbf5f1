"""dalil validate: check a guide and report every problem with its place."""

from __future__ import annotations

import argparse

from guide.commands.common import add_guide_argument, guide_path
from guide.i18n import _, ngettext


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help=_("check a guide's YAML files"),
        description=_(
            "Check a guide: YAML syntax, the JSON Schema and Dalil's own "
            "checks. Exit 0 when there is no error, 1 otherwise."
        ),
    )
    add_guide_argument(p)
    p.add_argument("--format", choices=["text", "json"], default="text", help=_("output format"))
    p.add_argument(
        "--watch",
        action="store_true",
        help=_(
            "re-validate and re-run the scenarios whenever a guide file changes, showing "
            "only what changed (Ctrl-C to stop)"
        ),
    )
    p.add_argument(
        "--interval",
        type=float,
        default=0.5,
        metavar="SECONDS",
        help=_("--watch polling interval"),
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help=_(
            "parse every file again instead of reusing what was parsed from the same bytes "
            "before (also DALIL_NO_CACHE=1)"
        ),
    )
    p.add_argument("--max-runs", type=int, default=None, help=argparse.SUPPRESS)  # for tests
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.no_cache:
        from guide.loader.parse_cache import switched_off

        with switched_off():
            return _run(args)
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    from guide.loader import load_guide
    from guide.loader.diagnostics import to_json

    if args.watch:
        if args.format != "text":
            print(_("--watch shows text only; leave out --format."))
            return 2
        from guide.trainer.watch import watch

        return watch(guide_path(args), max(args.interval, 0.05), max_runs=args.max_runs)
    result = load_guide(guide_path(args))
    if args.format == "json":
        print(to_json(result.diagnostics))
    else:
        for d in result.diagnostics:
            print(d.format())
        errors, warnings = len(result.errors), len(result.warnings)
        if result.guide is not None and not errors:
            g = result.guide
            counts = _("{questions}, {indicators}, {scenarios}; {errors}, {warnings}").format(
                questions=ngettext("{n} question", "{n} questions", len(g.questions)).format(
                    n=len(g.questions)
                ),
                indicators=ngettext("{n} indicator", "{n} indicators", len(g.indicators)).format(
                    n=len(g.indicators)
                ),
                scenarios=ngettext("{n} scenario", "{n} scenarios", len(g.scenarios)).format(
                    n=len(g.scenarios)
                ),
                errors=_errors(errors),
                warnings=_warnings(warnings),
            )
            print(f"{g.title} {g.version}: {counts}")
        else:
            print(
                _("{files}: {errors}, {warnings}").format(
                    files=ngettext("{n} file", "{n} files", len(result.files)).format(
                        n=len(result.files)
                    ),
                    errors=_errors(errors),
                    warnings=_warnings(warnings),
                )
            )
    return 1 if result.errors else 0


def _errors(n: int) -> str:
    return ngettext("{n} error", "{n} errors", n).format(n=n)


def _warnings(n: int) -> str:
    return ngettext("{n} warning", "{n} warnings", n).format(n=n)
