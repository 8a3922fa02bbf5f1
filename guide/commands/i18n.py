"""`dalil i18n`: the translator's tools (status, extract, update, init, compile)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from guide.i18n import _

# ui and guide for each language; oral for the oral layers (Darija: guide/i18n/oral.py).
DOMAIN_CHOICES = ("ui", "guide", "oral")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "i18n",
        help=_("translation catalogs: status, extract, update, init, compile"),
        description=(
            _(
                "Tools for translators (see docs/translators.md). The usual round after a change "
                "in the guide or the UI: 'dalil i18n extract', 'dalil i18n update', translate, "
                "'dalil i18n status'."
            )
        ),
    )
    actions = parser.add_subparsers(dest="i18n_command", metavar="ACTION", required=True)

    def common(sub: argparse.ArgumentParser) -> None:
        sub.add_argument(
            "--root",
            type=Path,
            help=_(
                "project folder holding guide/, indicators/ and locales/ "
                "(default: the current folder if it has locales/babel.cfg, else the checkout)"
            ),
        )
        sub.add_argument(
            "--locales-dir", type=Path, help=_("catalog folder (default: ROOT/locales)")
        )
        sub.add_argument(
            "--guide-dir", type=Path, help=_("indicator YAML folder (default: ROOT/indicators)")
        )
        sub.add_argument(
            "--domain", choices=DOMAIN_CHOICES, action="append", help=_("only this domain")
        )

    status = actions.add_parser("status", help=_("translated, fuzzy, missing, obsolete, problems"))
    common(status)
    status.add_argument("--language", "-l", action="append", help=_("only this language"))
    status.add_argument("--strict", action="store_true", help=_("exit 1 unless all are clean"))
    status.add_argument("--format", choices=("table", "json"), default="table")
    status.add_argument(
        "--verbose", "-v", action="store_true", help=_("list each missing, fuzzy or obsolete entry")
    )
    status.set_defaults(func=run_status)

    extract = actions.add_parser("extract", help=_("rebuild the templates locales/*.pot"))
    common(extract)
    extract.set_defaults(func=run_extract)

    update = actions.add_parser("update", help=_("merge the templates into every catalog"))
    common(update)
    update.add_argument("--language", "-l", action="append", help=_("only this language"))
    update.add_argument(
        "--drop-obsolete", action="store_true", help=_("remove entries no longer in the source")
    )
    update.set_defaults(func=run_update)

    init = actions.add_parser("init", help=_("start the catalogs of a new language"))
    common(init)
    init.add_argument("language", help=_("language code, e.g. es or zgh"))
    init.set_defaults(func=run_init)

    compile_ = actions.add_parser(
        "compile", help=_("write .mo files (optional: Dalil reads .po files directly)")
    )
    common(compile_)
    compile_.add_argument("--language", "-l", action="append", help=_("only this language"))
    compile_.set_defaults(func=run_compile)


def _check_paths(args: argparse.Namespace) -> None:
    """A path that cannot even be looked at (a name too long, a loop of links) is a
    message, not a traceback."""
    from guide.i18n.lazy import translated
    from guide.i18n.oserrors import os_reason
    from guide.i18n.workflow import WorkflowError

    for value in (args.root, args.locales_dir, getattr(args, "guide_dir", None)):
        if value is None:
            continue
        try:
            Path(value).exists()
        except OSError as error:
            raise WorkflowError(
                _("{path}: {problem}").format(
                    path=str(value)[:200], problem=translated(os_reason(error))
                )
            ) from None


def _inside_installed_package(project) -> bool:
    """True when the catalogs are the ones inside an installed Dalil (site-packages), which
    the translator's commands must never rewrite."""
    import guide
    from guide.paths import runs_from_checkout

    package = Path(guide.__file__).resolve().parent
    return not runs_from_checkout() and project.locales_dir.is_relative_to(package)


def _project(args: argparse.Namespace, *, writes: bool = False):
    from guide.i18n.workflow import WorkflowError

    _check_paths(args)
    project = _find_project(args)
    if writes and _inside_installed_package(project):
        raise WorkflowError(
            _(
                "{folder} belongs to the installed Dalil, not to a source checkout: run this "
                "in a checkout (or give --root DIR of a copy with locales/ and indicators/); "
                "nothing was written"
            ).format(folder=project.locales_dir)
        )
    return project


def _find_project(args: argparse.Namespace):
    from guide.i18n.workflow import Project

    root, locales_dir = args.root, args.locales_dir
    if root is None:
        cwd = Path.cwd()
        root = cwd if (cwd / "locales" / "babel.cfg").is_file() else _checkout()
        if locales_dir is None and not (root / "locales").is_dir():
            # An installed copy: its catalogs live inside the package.
            from guide.paths import default_locales_dir

            locales_dir = default_locales_dir()
    return Project.at(root, guide_dir=args.guide_dir, locales_dir=locales_dir)


def _checkout() -> Path:
    import guide

    return Path(guide.__file__).resolve().parent.parent


def _domains(args: argparse.Namespace) -> tuple[str, ...]:
    return tuple(args.domain) if args.domain else DOMAIN_CHOICES


def _languages(args: argparse.Namespace, project) -> list[str]:
    return list(args.language) if getattr(args, "language", None) else project.catalog_languages()


def _fail(message: str) -> int:
    print("dalil i18n: " + message, file=sys.stderr)
    return 2


def run_status(args: argparse.Namespace) -> int:
    from guide.i18n.status import project_status
    from guide.i18n.workflow import WorkflowError

    try:
        project = _project(args)
    except WorkflowError as error:
        return _fail(str(error))
    statuses = project_status(project.locales_dir, _languages(args, project), _domains(args))
    if args.format == "json":
        json.dump([s.to_dict() for s in statuses], sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        _print_table(statuses, verbose=args.verbose)
    if args.strict and not all(s.clean for s in statuses):
        return 1
    return 0


def _print_table(statuses, verbose: bool) -> None:
    headers = (
        _("language"), _("domain"), _("translated"), _("fuzzy"), _("missing"), _("obsolete"),
        _("placeholders"), _("markup"), _("glossary"), _("errors"), _("unreviewed"),
    )  # fmt: skip
    rows = [
        (
            s.language,
            s.domain,
            f"{s.translated}/{s.total}",
            str(s.fuzzy),
            str(s.missing),
            str(s.obsolete),
            str(s.count("placeholder")),
            str(s.count("markup")),
            str(s.count("glossary")),
            str(s.errors),
            str(s.unreviewed) if s.oral else "-",
        )
        for s in statuses
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    for s in statuses:
        for problem in s.problems:
            where = f"{s.file}:{problem.line}" if problem.line else s.file
            print(f"{where}: {problem.kind}: {problem.message}")
        if verbose:
            for state, context, source in s.todo:
                print(f"{s.file}: {state}: [{context}] {' '.join(source.split())}")
    unfinished = [f"{s.language}/{s.domain}" for s in statuses if not s.clean]
    if unfinished:
        where = ", ".join(unfinished)
        if verbose:
            print(_("To do in: {catalogs}.").format(catalogs=where))
        else:
            print(_("To do in: {catalogs} (--verbose lists each entry).").format(catalogs=where))
    else:
        print(_("Every catalog is complete and sound."))
    for s in statuses:
        if s.backlog:
            print(
                _(
                    "Oral layer {language}: {unreviewed} shown as unreviewed, {missing} not "
                    "written, {fuzzy} to check after a change (see docs/translators.md)."
                ).format(
                    language=s.language, unreviewed=s.unreviewed, missing=s.missing, fuzzy=s.fuzzy
                )
            )


def run_extract(args: argparse.Namespace) -> int:
    from guide.i18n.workflow import WorkflowError, extract

    try:
        for path in extract(_project(args, writes=True), _domains(args)):
            print(_("wrote {file}").format(file=path))
    except WorkflowError as error:
        return _fail(str(error))
    return 0


def run_update(args: argparse.Namespace) -> int:
    from guide.i18n.workflow import WorkflowError, update_catalog

    try:
        project = _project(args, writes=True)
        for language, domain in project.catalogs(_languages(args, project), _domains(args)):
            path = update_catalog(project, language, domain, not args.drop_obsolete)
            print(_("updated {file}").format(file=path))
    except WorkflowError as error:
        return _fail(str(error))
    print(_("Next: translate the new and fuzzy entries, then run 'dalil i18n status'."))
    return 0


def run_init(args: argparse.Namespace) -> int:
    from guide.i18n.languages import get_language
    from guide.i18n.workflow import WorkflowError, init_catalog

    try:
        project = _project(args, writes=True)
        for _language, domain in project.catalogs([args.language], _domains(args)):
            print(_("created {file}").format(file=init_catalog(project, args.language, domain)))
    except WorkflowError as error:
        return _fail(str(error))
    if get_language(args.language) is None:
        print(
            _(
                "To offer it in Dalil, add one line for {language} to LANGUAGES in "
                "guide/i18n/languages.py (its names, direction, locale and key)."
            ).format(language=repr(args.language))
        )
    return 0


def run_compile(args: argparse.Namespace) -> int:
    from guide.i18n.workflow import WorkflowError, compile_catalog

    try:
        project = _project(args, writes=True)
        for language, domain in project.catalogs(_languages(args, project), _domains(args)):
            target = compile_catalog(project, language, domain)
            if target is not None:
                print(_("wrote {file}").format(file=target))
    except WorkflowError as error:
        return _fail(str(error))
    return 0
