"""dalil sessions: list, resume, export and purge the stored (encrypted) interviews."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from guide.i18n import _, ngettext
from guide.i18n.lazy import translated

if TYPE_CHECKING:
    from guide.sessions import SessionInfo, SessionStore

EXPORT_FORMATS = ("html", "md", "json")


def register(sub: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_(
            "where the interviews are kept (default: the user data folder of dalil, "
            "or $DALIL_DATA_DIR)"
        ),
    )
    common.add_argument(
        "--passphrase-file",
        metavar="FILE",
        # SUPPRESS: given before the command (`dalil --passphrase-file F sessions list`), the
        # top-level value stands; a default here would overwrite it with None.
        default=argparse.SUPPRESS,
        help=_("read the passphrase from FILE instead of asking (or set DALIL_PASSPHRASE_FILE)"),
    )
    parser = sub.add_parser(
        "sessions",
        help=_("list, resume, export or purge stored interviews"),
        description=_(
            "Interviews are kept encrypted on this computer, one journal each. "
            "These commands need the passphrase."
        ),
    )
    actions = parser.add_subparsers(dest="sessions_action", metavar="ACTION", required=True)

    p = actions.add_parser(
        "list", parents=[common], help=_("the stored interviews (nothing identifying)")
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument(
        "--search",
        metavar="TEXT",
        help=_("only the interviews whose case details or notes contain TEXT"),
    )
    p.set_defaults(func=run_list)

    p = actions.add_parser("resume", parents=[common], help=_("go on with an interview"))
    p.add_argument("id", help=_("the interview id (or the start of it)"))
    p.set_defaults(func=run_resume)

    p = actions.add_parser(
        "export",
        parents=[common],
        help=_("write the referral report of an interview"),
        description=_(
            "Write the referral report of an interview. The report file is NOT "
            "encrypted: keep it safe and delete it once handed over."
        ),
    )
    p.add_argument("id", help=_("the interview id (or the start of it)"))
    p.add_argument("--format", choices=EXPORT_FORMATS, default="html", help=_("report format"))
    p.add_argument("--lang", help=_("language of the report (default: the interview's)"))
    p.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE (default: stdout)"))
    p.add_argument("--guide", metavar="DIR", help=_("the guide folder (default: the shipped one)"))
    p.add_argument("--reference", help=_("case reference (default: generated from the id)"))
    p.add_argument("--place", help=_("where the interview took place"))
    p.add_argument("--officer", help=_("the officer's name or number"))
    p.add_argument(
        "--name",
        dest="person_name",
        metavar="NAME",
        help=_("the person's name: optional, and the shell history keeps it"),
    )
    p.add_argument(
        "--earlier-answers",
        action="store_true",
        help=_(
            "also show the earlier value of each answer changed during the interview "
            "(left out by default: a referral needs the answers as they stand)"
        ),
    )
    p.set_defaults(func=run_export)

    p = actions.add_parser(
        "purge",
        parents=[common],
        help=_("remove interviews for good"),
        description=_("Remove interviews for good: this cannot be undone."),
    )
    p.add_argument("id", nargs="?", help=_("the interview id (or the start of it)"))
    p.add_argument("--finished", action="store_true", help=_("every finished interview"))
    p.add_argument(
        "--older-than",
        type=int,
        metavar="DAYS",
        help=_("every interview whose last entry is older than DAYS days"),
    )
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation (scripts)"))
    p.set_defaults(func=run_purge)

    p = actions.add_parser(
        "accept",
        parents=[common],
        help=_("open again an interview whose saved entries are missing"),
        description=_(
            "An interview whose file was cut short or replaced by an older copy is not "
            "opened. Restore the file from a backup if you can; otherwise this takes the "
            "interview as it now is and writes the loss into it (what was missing, and "
            "when it was noticed), so that the rest can be resumed and exported."
        ),
    )
    p.add_argument("id", help=_("the interview id (or the start of it)"))
    p.add_argument("--yes", action="store_true", help=_("do not ask for confirmation (scripts)"))
    p.set_defaults(func=run_accept)


def _fail(message: str, code: int = 1) -> int:
    print(message, file=sys.stderr)
    return code


def _open(args: argparse.Namespace, create: bool = False) -> SessionStore:
    from guide.sessions.passphrase import open_store

    return open_store(args.data_dir, getattr(args, "passphrase_file", None), create=create)


def _when(value: str | None) -> str:
    """To the minute, in the laptop's time zone with its offset: enough to tell interviews
    apart, and unambiguous (the journal stores UTC)."""
    from guide.i18n.formatting import local_time, parse_time

    moment = parse_time(value)
    return local_time(moment).isoformat(" ", "minutes") if moment else "-"


def store_of(args: argparse.Namespace) -> SessionStore:
    """The store run_list opened (unlocked once, not once per interview)."""
    return args._opened_store  # type: ignore[no-any-return]


def _matches(store: SessionStore, session_id: str, text: str) -> bool:
    """Does the interview's case details or any note (written in the wizard) contain text?
    The journal is decrypted in memory only; nothing is written."""
    wanted = text.casefold()
    for event in store.load(session_id).events:
        kind = event.get("kind")
        if kind == "case":
            values = [v for k, v in event.items() if k not in ("kind", "time")]
        elif kind == "note":
            values = [event.get("text")]
        else:
            continue
        if any(isinstance(v, str) and wanted in v.casefold() for v in values):
            return True
    return False


def _os_problem(exc: OSError) -> str:
    """The file and the system's refusal, in the reader's language where the catalog knows
    it (guide.i18n.oserrors)."""
    from guide.i18n.oserrors import os_reason

    reason = translated(os_reason(exc))
    return f"{exc.filename}: {reason}" if exc.filename else reason


def run_list(args: argparse.Namespace) -> int:
    from guide.sessions import NotInitialised, SessionError

    try:
        args._opened_store = _open(args)
        infos = args._opened_store.list()
    except NotInitialised:
        infos = []
    except SessionError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(_("The interviews cannot be read: {problem}").format(problem=_os_problem(exc)))
    if getattr(args, "search", None):
        infos = [i for i in infos if not i.problem and _matches(store_of(args), i.id, args.search)]
    if args.format == "json":
        print(json.dumps({"sessions": [i.to_dict() for i in infos]}, indent=2))
        return 0
    if not infos:
        print(_("No interviews are stored."))
        return 0
    headers = (_("ID"), _("STARTED"), _("LANG"), _("ANSWERED"), _("FINISHED"))
    print(f"{headers[0]:<14}{headers[1]:<24}{headers[2]:<6}{headers[3]:>9}  {headers[4]}")
    for info in infos:
        if info.problem:
            print(f"{info.id:<14}{info.problem}")
            continue
        finished = _("yes") if info.finished else _("no")
        # A cut-short last entry was never confirmed to the officer: nothing is missing.
        torn = "  " + _("(an unconfirmed last entry was cut short)") if info.torn_bytes else ""
        print(
            f"{info.id:<14}{_when(info.started):<24}{info.language or '-':<6}"
            f"{info.answered:>9}  {finished}{torn}"
        )
    return 0


def run_resume(args: argparse.Namespace) -> int:
    from guide.commands import wizard
    from guide.sessions import SessionError, SessionStore

    try:
        session_id = SessionStore(args.data_dir).resolve(args.id)
    except SessionError as exc:
        return _fail(str(exc))
    # The wizard says it can resume by setting SUPPORTS_RESUME; it then reads args.resume,
    # args.data_dir and args.passphrase_file.
    if not getattr(wizard, "SUPPORTS_RESUME", False):
        return _fail(
            _(
                "This version of Dalil cannot resume interviews in the wizard yet. Interview "
                "{id} is safe; 'dalil sessions export {id}' writes its report."
            ).format(id=session_id),
            2,
        )
    args.resume = session_id
    return int(wizard.run_wizard(args) or 0)


def run_export(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from guide.loader import load_guide
    from guide.paths import default_guide_dir
    from guide.report.build import ReportContext
    from guide.report.formats import RENDERERS
    from guide.report.session import report_for_session
    from guide.sessions import SessionError

    try:
        store = _open(args)
        session_id = store.resolve(args.id)
        loaded = store.load(session_id)
    except SessionError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(_("The interviews cannot be read: {problem}").format(problem=_os_problem(exc)))
    guide_dir = args.guide or str(default_guide_dir())
    result = load_guide(guide_dir)
    if result.guide is None:
        for diagnostic in result.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        return _fail(
            _("The guide in {folder} cannot be loaded; fix it first (dalil validate).").format(
                folder=guide_dir
            )
        )
    guide = result.guide
    lang = args.lang or loaded.info.language or guide.source_language
    offered = {guide.source_language, *guide.languages}
    if lang not in offered:
        return _fail(
            _("The guide has no {language} version; choose one of: {languages}.").format(
                language=repr(lang), languages=", ".join(sorted(offered))
            ),
            2,
        )
    context = ReportContext(
        session_id=session_id,
        interview_language=loaded.info.language or guide.source_language,
        created=datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        reference=args.reference,
        place=args.place,
        officer=args.officer,
        person_name=args.person_name,
        earlier_answers=args.earlier_answers,
    )
    made = report_for_session(guide, loaded, context)
    for problem in made.problems:
        print(_("warning: {problem}").format(problem=translated(problem)), file=sys.stderr)
    text = RENDERERS[args.format](made.report, lang)
    if not args.output or args.output == "-":
        sys.stdout.write(text)
        return 0
    try:
        _write_private(args.output, text)
    except OSError as exc:
        from guide.i18n.oserrors import os_reason

        return _fail(
            _("Cannot write {file}: {problem}.").format(
                file=args.output, problem=translated(os_reason(exc))
            )
        )
    print(
        _(
            "Report written to {file}. It is not encrypted: keep it safe and delete it "
            "once it is handed over."
        ).format(file=args.output),
        file=sys.stderr,
    )
    return 0


def _write_private(path: str, text: str) -> None:
    """Readable by the user only: the report names what happened to a person."""
    from guide.safe_files import write_output

    # 0600 even over an existing file; never through a symlink or onto a device.
    write_output(path, text, private=True)


def _purge_targets(args: argparse.Namespace, store: SessionStore) -> list[SessionInfo]:
    from datetime import UTC, datetime, timedelta

    from guide.report.texts import parse_time
    from guide.sessions import SessionError, SessionInfo

    if args.id:
        session_id = store.resolve(args.id)
        try:
            return [store.load(session_id).info]
        except SessionError as exc:
            # A damaged interview can still be removed by its id.
            return [SessionInfo(id=session_id, problem=str(exc))]
    infos = store.list()
    limit = None
    if args.older_than is not None:
        try:
            limit = datetime.now(UTC) - timedelta(days=args.older_than)
        except OverflowError:  # more days than the calendar holds: older than anything
            limit = datetime.min.replace(tzinfo=UTC)
    chosen = []
    for info in infos:
        if info.problem:
            continue  # unknown times and state: only removed when named by id
        if args.finished and not info.finished:
            continue
        if limit is not None:
            updated = parse_time(info.updated)
            if updated is None or updated >= limit:
                continue
        chosen.append(info)
    return chosen


def run_purge(args: argparse.Namespace) -> int:
    from guide.sessions import SessionError

    if not args.id and not args.finished and args.older_than is None:
        return _fail(_("Say what to purge: an interview id, --finished or --older-than DAYS."), 2)
    if args.id and (args.finished or args.older_than is not None):
        return _fail(_("Give either an interview id or --finished/--older-than, not both."), 2)
    if args.older_than is not None and args.older_than < 0:
        return _fail(_("--older-than takes a number of days, 0 or more."), 2)
    try:
        store = _open(args)
        targets = _purge_targets(args, store)
    except SessionError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(_("The interviews cannot be read: {problem}").format(problem=_os_problem(exc)))
    if not targets:
        print(_("No interview matches; nothing was removed."))
        return 0
    print(_("These interviews will be removed for good:"))
    for info in targets:
        print("  " + _describe(info))
    if not args.yes:
        if not sys.stdin.isatty():
            return _fail(
                _("Not removed: confirm with --yes when no one can answer the question."), 2
            )
        word = _("yes")
        question = ngettext(
            "Remove {n} interview? This cannot be undone. Type '{word}': ",
            "Remove {n} interviews? This cannot be undone. Type '{word}': ",
            len(targets),
        )
        reply = input(question.format(n=len(targets), word=word))
        # The word of the officer's language, or the English one scripts have always typed.
        if reply.strip().lower() not in {word.strip().lower(), "yes"}:
            print(_("Nothing was removed."))
            return 1
    removed = 0
    for info in targets:
        try:
            store.purge(info.id)
            removed += 1
        except SessionError as exc:
            print(str(exc), file=sys.stderr)
        except OSError as exc:
            print(
                _("Interview {id} could not be removed: {problem}").format(
                    id=info.id, problem=_os_problem(exc)
                ),
                file=sys.stderr,
            )
    print(ngettext("Removed {n} interview.", "Removed {n} interviews.", removed).format(n=removed))
    return 0 if removed == len(targets) else 1


def _describe(info: SessionInfo) -> str:
    if info.problem:
        return f"{info.id}  " + _("(cannot be read)")
    finished = _("finished") if info.finished else _("not finished")
    return f"{info.id}  " + ngettext(
        "started {when}, {n} answered, {state}",
        "started {when}, {n} answered, {state}",
        info.answered,
    ).format(when=_when(info.started), n=info.answered, state=finished)


def run_accept(args: argparse.Namespace) -> int:
    from guide.sessions import EntriesMissing, HeadProblem, JournalReplaced, SessionError

    try:
        store = _open(args)
        session_id = store.resolve(args.id)
        try:
            store.load(session_id)
        except (EntriesMissing, JournalReplaced, HeadProblem) as exc:
            print(str(exc))
        else:
            print(
                _("Interview {id} has no missing entries; nothing was changed.").format(
                    id=session_id
                )
            )
            return 0
        if not args.yes:
            if not sys.stdin.isatty():
                return _fail(
                    _("Not changed: confirm with --yes when no one can answer the question."), 2
                )
            word = _("yes")
            reply = input(
                _(
                    "Take interview {id} as it now is, with the loss written into it? "
                    "Type '{word}': "
                ).format(id=session_id, word=word)
            )
            if reply.strip().lower() not in {word.strip().lower(), "yes"}:
                print(_("Nothing was changed."))
                return 1
        store.accept_missing(session_id)
    except SessionError as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(_("The interviews cannot be read: {problem}").format(problem=_os_problem(exc)))
    print(
        _(
            "Interview {id} opens again. The loss is written into its journal and shows "
            "in the audit trail of its report (entries_missing)."
        ).format(id=session_id)
    )
    return 0
