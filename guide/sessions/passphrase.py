"""Getting the passphrase: from a file (automation, tests) or by asking, never from argv."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from guide.i18n import _
from guide.sessions.errors import NotInitialised, PassphraseRefused, WrongPassphrase
from guide.sessions.store import SessionStore

ENV_PASSPHRASE_FILE = "DALIL_PASSPHRASE_FILE"
MIN_LENGTH = 8
ATTEMPTS = 3

Prompt = Callable[[str], str]


def passphrase_file(option: str | os.PathLike[str] | None) -> Path | None:
    """The option wins over the environment variable."""
    if option:
        return Path(option)
    env = os.environ.get(ENV_PASSPHRASE_FILE)
    return Path(env) if env else None


MAX_PASSPHRASE_FILE = 4096


def read_passphrase_file(path: Path) -> str:
    """The passphrase in `path`: a small regular file that only its owner can read."""
    from guide.i18n.oserrors import os_reason
    from guide.safe_files import read_bounded_text

    try:
        if os.name == "posix":
            mode = path.stat().st_mode
            if mode & 0o077:
                raise PassphraseRefused("file_shared", path=str(path), detail=f"{mode & 0o777:o}")
        text = read_bounded_text(path, MAX_PASSPHRASE_FILE)
    except OSError as exc:
        raise PassphraseRefused(
            "file_unreadable", path=str(path)[:300], detail=os_reason(exc)
        ) from None
    # One trailing newline is the editor's, not the passphrase's.
    text = text.removesuffix("\n").removesuffix("\r")
    if not text:
        raise PassphraseRefused("file_empty", path=str(path))
    return text


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_LENGTH:
        raise PassphraseRefused("short", minimum=MIN_LENGTH)


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def open_store(
    data_dir: str | os.PathLike[str] | None = None,
    passphrase_file_option: str | os.PathLike[str] | None = None,
    *,
    create: bool = True,
    prompt: Prompt = getpass.getpass,
    interactive: bool | None = None,
) -> SessionStore:
    """An unlocked store; sets the passphrase on first use when `create` is true."""
    store = SessionStore(data_dir)
    if not create and not store.is_initialised():
        raise NotInitialised()
    source = passphrase_file(passphrase_file_option)
    ask = _interactive() if interactive is None else interactive
    if source is None and not ask:
        raise PassphraseRefused("needed", detail=ENV_PASSPHRASE_FILE)
    store.check_not_orphaned()
    if not store.is_initialised():
        if source is not None:
            new = read_passphrase_file(source)
        else:
            print(
                _(
                    "Interviews are kept encrypted on this computer. Choose a passphrase: without "
                    "it nobody, you included, can open them again."
                ),
                file=sys.stderr,
            )
            new = prompt(_("New passphrase: "))
            check_new_passphrase(new)
            if prompt(_("Type it again: ")) != new:
                raise PassphraseRefused("differ")
        check_new_passphrase(new)
        store.initialise(new)
        return store
    if source is not None:
        store.unlock(read_passphrase_file(source))
        return store
    for attempt in range(ATTEMPTS):
        try:
            store.unlock(prompt(_("Passphrase: ")))
            return store
        except WrongPassphrase:
            if attempt == ATTEMPTS - 1:
                raise
            print(_("That is not the passphrase; try again."), file=sys.stderr)
    raise WrongPassphrase()
