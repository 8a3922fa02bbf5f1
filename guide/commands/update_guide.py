"""`dalil update-guide`: build, check, install and roll back guide-and-catalog updates."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from guide.i18n import N_, _

if TYPE_CHECKING:  # heavy imports stay inside the functions (see guide.cli)
    from guide.install.guide_check import GuideCheck
    from guide.install.guide_store import GuideStore


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "update-guide",
        help=_("install a guide update from a trainer's archive, or roll back"),
        description=(
            _(
                "Install a guide-and-catalog update (a .zip made with --build): it is unpacked, "
                "checked like 'dalil validate' and 'dalil test', and only then replaces the guide "
                "in use. The previous guide is kept for --rollback. See docs/install.md."
            )
        ),
    )
    parser.add_argument("archive", nargs="?", type=Path, help=_("the update archive to install"))
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--build", type=Path, metavar="DIR",
        help=_("make an update archive from DIR (a folder holding indicators/ and locales/)"),
    )  # fmt: skip
    action.add_argument(
        "--check", action="store_true", help=_("check the archive but do not install it")
    )
    action.add_argument(
        "--rollback", action="store_true", help=_("go back to the guide in use before")
    )
    action.add_argument("--status", action="store_true", help=_("show which guide is in use"))
    action.add_argument(
        "--revalidate", action="store_true",
        help=_("check the installed update again with this Dalil version (after an upgrade)"),
    )  # fmt: skip
    action.add_argument(
        "--new-key", type=Path, metavar="FILE",
        help=_("make a trainer's signing key pair: FILE (private, keep it safe) and FILE.pub"),
    )  # fmt: skip
    action.add_argument(
        "--trust-key", type=Path, metavar="FILE",
        help=_("trust updates signed by the public key in FILE (from your trainer)"),
    )  # fmt: skip
    action.add_argument(
        "--distrust-key", metavar="ID", help=_("stop trusting the added key with this id")
    )
    action.add_argument(
        "--list-keys", action="store_true", help=_("show the keys whose updates are accepted")
    )
    parser.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help=_("with --build: the archive to write")
    )
    parser.add_argument(
        "--key", type=Path, metavar="FILE",
        help=_("with --build: the private key to sign with (or $DALIL_SIGNING_KEY)"),
    )  # fmt: skip
    parser.add_argument(
        "--comment", default="", help=_("with --new-key: a name for the key (the trainer's)")
    )
    parser.add_argument(
        "--allow-downgrade", action="store_true",
        help=_("install an update older than the guide in use (normally refused)"),
    )  # fmt: skip
    parser.set_defaults(func=run_update_guide, parser=parser)


def run_update_guide(args: argparse.Namespace) -> int:
    from guide.install.guide_store import GuideStore, StoreError
    from guide.install.signing import SigningError
    from guide.install.update_archive import UpdateArchiveError

    try:
        if args.build is not None:
            return _build(args)
        if args.new_key is not None:
            return _new_key(args.new_key, args.comment)
        if args.trust_key is not None or args.distrust_key is not None or args.list_keys:
            return _keys(args)
        store = GuideStore()
        store.clean_interrupted()
        if args.status:
            return _status(store)
        if args.rollback:
            return _rollback(store)
        if args.revalidate:
            return _revalidate(store)
        if args.archive is None:
            args.parser.error(_("give an update archive, or one of --build, --status, --rollback"))
        return _install(
            store, args.archive, install=not args.check, allow_downgrade=args.allow_downgrade
        )
    except BrokenPipeError:
        raise  # `... | head`: guide.cli ends quietly
    except (StoreError, UpdateArchiveError, SigningError) as exc:
        print(_("dalil update-guide: {exc}").format(exc=exc), file=sys.stderr)
        return 1
    except OSError as exc:
        from guide.i18n.lazy import translated
        from guide.i18n.oserrors import os_reason

        where = f"{str(exc.filename)[:200]}: " if exc.filename else ""
        print(
            _("dalil update-guide: {where}{value}").format(
                where=where, value=translated(os_reason(exc))
            ),
            file=sys.stderr,
        )
        return 1


def _new_key(path: Path, comment: str) -> int:
    from guide.install.signing import new_key_pair

    key = new_key_pair(path, comment or path.stem)
    print(
        _("Private key: {path} (keep it on an encrypted drive; never share it)").format(path=path)
    )
    print(_("Public key:  {path}.pub, id {key_id}").format(path=path, key_id=key.key_id))
    print(
        _(
            "Give the public key to the laptops ('dalil update-guide --trust-key FILE.pub') or "
            "ship it with Dalil in guide/install/trusted_keys/; sign with 'dalil update-guide "
            "--build DIR -o FILE.zip --key {path}'."
        ).format(path=path)
    )
    return 0


def _keys(args: argparse.Namespace) -> int:
    from guide.install.signing import distrust_key, trust_key, trusted_keys

    if args.trust_key is not None:
        key = trust_key(args.trust_key)
        print(
            _("Trusted key {key_id} ({value}): updates it signs are accepted.").format(
                key_id=key.key_id, value=key.comment or _("no name")
            )
        )
        return 0
    if args.distrust_key is not None:
        key = distrust_key(args.distrust_key)
        print(
            _("Key {key_id} ({value}) is no longer trusted.").format(
                key_id=key.key_id, value=key.comment or "no name"
            )
        )
        return 0
    keys = trusted_keys()
    if not keys:
        print(_("No key is trusted: every update is refused until one is added (--trust-key)."))
    for key in keys.values():
        print(
            _("{key_id}  {value}  ({source})").format(
                key_id=key.key_id,
                value=key.comment or "-",
                source=_(KEY_SOURCES[key.source]) if key.source in KEY_SOURCES else key.source,
            )
        )
    return 0


def _print_check(check: GuideCheck) -> None:
    for line in check.problems:
        print(line, file=sys.stderr)
    for line in check.warnings:
        print(line, file=sys.stderr)


def _build(args: argparse.Namespace) -> int:
    from guide import __version__
    from guide.install import update_archive
    from guide.install.guide_check import check_guide

    source: Path = args.build
    if args.output is None:
        print(
            _("dalil update-guide: --build needs -o FILE (the archive to write)"), file=sys.stderr
        )
        return 2
    key_file = args.key or (
        Path(os.environ["DALIL_SIGNING_KEY"]) if os.environ.get("DALIL_SIGNING_KEY") else None
    )
    if key_file is None:
        print(
            _(
                "dalil update-guide: --build needs --key FILE, the trainer's private key that "
                "signs the update (laptops refuse unsigned updates); make one with --new-key FILE"
            ),
            file=sys.stderr,
        )
        return 2
    from guide.install.signing import load_private_key

    private_key = load_private_key(key_file)
    update_archive.check_output_path(args.output)
    if not (source / "indicators").is_dir() and (source.name == "indicators"):
        print(
            _(
                "dalil update-guide: {source}: give the folder that holds indicators/ and "
                "locales/ (here: {parent}), not indicators/ itself"
            ).format(source=source, parent=source.parent),
            file=sys.stderr,
        )
        return 1
    if not (source / "indicators").is_dir():
        print(
            _("dalil update-guide: {source}: no 'indicators' folder inside").format(source=source),
            file=sys.stderr,
        )
        return 1
    check = check_guide(source / "indicators", source / "locales")
    _print_check(check)
    if not check.ok:
        print(
            _(
                "dalil update-guide: not built: {value} problem(s) in the guide; fix them first "
                "(an officer's laptop would refuse this update)"
            ).format(value=len(check.problems)),
            file=sys.stderr,
        )
        return 1
    _files, skipped = update_archive.content_files(source)
    for path in skipped:
        print(
            _("left out: {value}").format(value=path.relative_to(source).as_posix()),
            file=sys.stderr,
        )
    manifest = update_archive.build(
        source,
        args.output,
        update_archive.Manifest(check.guide_id, check.guide_version, built_with=__version__),
        private_key,
    )
    from guide.install.signing import public_key_of

    print(
        _(
            "{output}: guide {guide_id} {guide_version}, {value} files, {scenarios_run} "
            "scenarios passed, signed with key {key_id}"
        ).format(
            output=args.output,
            guide_id=manifest.guide_id,
            guide_version=manifest.guide_version,
            value=len(manifest.files),
            scenarios_run=check.scenarios_run,
            key_id=public_key_of(private_key).key_id,
        )
    )
    return 0


def _install(
    store: GuideStore, archive: Path, *, install: bool, allow_downgrade: bool = False
) -> int:
    from guide import __version__
    from guide.install import update_archive
    from guide.install.guide_check import check_guide

    if not archive.is_file():
        problem = "a folder, not an archive" if archive.is_dir() else "no such file"
        print(
            _("dalil update-guide: {archive}: {problem}").format(archive=archive, problem=problem),
            file=sys.stderr,
        )
        return 1
    # Signature, names, sizes and checksums: all checked before anything is unpacked.
    signed, key = update_archive.verify(archive)
    print(
        _("{name}: signed by trusted key {key_id} ({value})").format(
            name=archive.name, key_id=key.key_id, value=key.comment or "no name"
        )
    )
    refusal = _downgrade_refusal(store, signed.guide_id, signed.guide_version, allow_downgrade)
    if refusal:
        print(_("dalil update-guide: refused: {refusal}").format(refusal=refusal), file=sys.stderr)
        return 1
    staged = store.new_staging()
    try:
        manifest = update_archive.unpack(archive, staged)
        check = check_guide(staged / "indicators", staged / "locales")
        _print_check(check)
        if not check.ok:
            print(
                _(
                    "dalil update-guide: refused: {name} has {value} problem(s) (above); the "
                    "guide in use is unchanged"
                ).format(name=archive.name, value=len(check.problems)),
                file=sys.stderr,
            )
            return 1
        if (check.guide_id, check.guide_version) != (manifest.guide_id, manifest.guide_version):
            print(
                _(
                    "note: the manifest names {guide_id} {guide_version}, the files are "
                    "{guide_id2} {guide_version2}"
                ).format(
                    guide_id=manifest.guide_id,
                    guide_version=manifest.guide_version,
                    guide_id2=check.guide_id,
                    guide_version2=check.guide_version,
                ),
                file=sys.stderr,
            )
        summary = (
            f"guide {check.guide_id} {check.guide_version}: valid, "
            f"{check.scenarios_run} scenarios passed"
        )
        if not install:
            print(
                _("{name}: {summary} (not installed: --check)").format(
                    name=archive.name, summary=summary
                )
            )
            return 0
        before = store.state().current
        installed = store.install(staged, check.guide_id, check.guide_version, __version__)
    finally:
        store.discard(staged)
    print(_("Installed {summary}.").format(summary=summary))
    print(
        _(
            "The guide used before ({value}) is kept: 'dalil update-guide --rollback' goes "
            "back to it."
        ).format(value=_describe(store, before))
    )
    print(_("Files: {folder}").format(folder=installed.folder))
    return 0


def _version_in_use(store: GuideStore) -> tuple[str, str] | None:
    current = store.update(store.state().current)
    if current is not None:
        return current.guide_id, current.guide_version
    from guide.loader import load_guide
    from guide.paths import shipped_guide_dir

    shipped = load_guide(shipped_guide_dir(), with_tests=False).guide
    return None if shipped is None else (shipped.id, shipped.version)


def _downgrade_refusal(
    store: GuideStore, guide_id: str, version: str, allow_downgrade: bool
) -> str | None:
    """Why installing `version` would be a downgrade (refused unless --allow-downgrade)."""
    in_use = _version_in_use(store)
    if in_use is None or in_use[0] != guide_id:
        return None
    new_key, old_key = _version_key(version), _version_key(in_use[1])
    if not new_key or not old_key or new_key >= old_key:
        return None  # not numbered editions: nothing to compare
    if allow_downgrade:
        print(
            _(
                "note: installing {guide_id} {version}, older than {value} (--allow-downgrade)"
            ).format(guide_id=guide_id, version=version, value=in_use[1])
        )
        return None
    return (
        f"{guide_id} {version} is older than the guide in use ({in_use[1]}); an old update "
        "may bring back a wrong phone number or rule. If this is intended, run again with "
        "--allow-downgrade"
    )


# Where a trusted key comes from (guide.install.signing.PublicKey.source), in words.
KEY_SOURCES = {"shipped": N_("shipped with Dalil"), "added": N_("added")}


def _describe(store: GuideStore, name: str | None) -> str:
    update = store.update(name)
    if update is None:
        return _("the guide shipped with Dalil")
    return _("{guide_id} {guide_version}, installed {installed_at}").format(
        guide_id=update.guide_id,
        guide_version=update.guide_version,
        installed_at=update.installed_at,
    )


def _status(store: GuideStore) -> int:
    from guide import __version__
    from guide.paths import default_guide_dir, default_locales_dir, runs_from_checkout

    state = store.state()
    print(_("In use:   {value}").format(value=_describe(store, state.current)))
    current = store.update(state.current)
    if current is not None and current.validated_with != __version__:
        print(
            _(
                "          checked with Dalil {validated_with}, not {dalil_version}: the shipped "
                "guide is used until 'dalil update-guide --revalidate' passes"
            ).format(validated_with=current.validated_with, dalil_version=__version__)
        )
    previous = _("none") if state.previous is None else _describe(store, state.previous)
    print(_("Previous: {previous}").format(previous=previous))
    if runs_from_checkout():
        print(_("This Dalil runs from a source checkout: it uses the checkout's own folders."))
    print(_("Guide folder:   {value}").format(value=default_guide_dir()))
    print(_("Catalog folder: {value}").format(value=default_locales_dir()))
    return 0


def _rollback(store: GuideStore) -> int:
    state = store.rollback()
    print(_("Rolled back. In use now: {value}.").format(value=_describe(store, state.current)))
    print(_("'dalil update-guide --rollback' again returns to the one just left."))
    return 0


def _revalidate(store: GuideStore) -> int:
    from guide import __version__
    from guide.install.guide_check import check_guide
    from guide.loader import load_guide
    from guide.paths import shipped_guide_dir

    current = store.update(store.state().current)
    if current is None:
        return 0  # the shipped guide is in use: it was checked when Dalil was built
    if current.validated_with == __version__:
        print(
            _("Guide update {guide_id} {guide_version}: in use.").format(
                guide_id=current.guide_id, guide_version=current.guide_version
            )
        )
        return 0
    # A newer Dalil may ship a newer edition of the same guide than the update installed.
    shipped = load_guide(shipped_guide_dir()).guide
    if (
        shipped is not None
        and shipped.id == current.guide_id
        and _version_key(shipped.version) > _version_key(current.guide_version)
    ):
        store.use_shipped()
        print(
            _(
                "Dalil {dalil_version} ships {id} {version}, newer than the installed update "
                "({guide_version}): it is used now. 'dalil update-guide --rollback' returns to "
                "the update."
            ).format(
                dalil_version=__version__,
                id=shipped.id,
                version=shipped.version,
                guide_version=current.guide_version,
            )
        )
        return 0
    check = check_guide(current.indicators, current.locales)
    _print_check(check)
    if not check.ok:
        print(
            _(
                "dalil update-guide: the installed update {guide_id} {guide_version} does not "
                "pass the checks of Dalil {dalil_version}; the shipped guide is used. Ask your "
                "trainer for an update made for this version."
            ).format(
                guide_id=current.guide_id,
                guide_version=current.guide_version,
                dalil_version=__version__,
            ),
            file=sys.stderr,
        )
        return 1
    store.mark_validated(current, __version__)
    print(
        _("Guide update {guide_id} {guide_version}: checked again, in use.").format(
            guide_id=current.guide_id, guide_version=current.guide_version
        )
    )
    return 0


def _version_key(version: str) -> tuple[int, ...]:
    """'1.10.2' -> (1, 10, 2): compares guide editions by their numbers."""
    return tuple(int(number) for number in re.findall(r"\d+", version))
