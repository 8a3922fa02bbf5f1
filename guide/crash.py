"""What an unexpected error does: a short message, the details in a private file, a non-zero
exit. Never a traceback on the officer's screen, never exit status 0.

The details (the traceback, no local variables) go to `crash-DATE-TIME.txt` in Dalil's cache
folder ($DALIL_CACHE_DIR or the platform's user cache folder), created 0600. A traceback
names files and functions; it holds no interview data, which stays inside the encrypted
store. Delete the file once it has been looked at.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

EXIT_CRASH = 70  # EX_SOFTWARE


def crash_dir() -> Path:
    explicit = os.environ.get("DALIL_CACHE_DIR")
    if explicit:
        return Path(explicit) / "crashes"
    import platformdirs

    return Path(platformdirs.user_cache_dir("dalil", appauthor=False)) / "crashes"


def write_crash_file(error: BaseException) -> Path | None:
    """The traceback in a new private file; None when it cannot be written."""
    from guide import __version__

    text = f"dalil {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n\n" + "".join(
        traceback.format_exception(type(error), error, error.__traceback__)
    )
    try:
        folder = crash_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = folder / f"crash-{stamp}-{os.getpid()}.txt"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as handle:
            handle.write(text)
        return path
    except (OSError, ValueError):
        return None


def report_crash(error: BaseException, command: str = "dalil") -> int:
    """Print the short message for `error` and return the exit status."""
    from guide.i18n import _

    path = write_crash_file(error)
    kind = type(error).__name__
    print(
        _("{command}: an unexpected error stopped Dalil ({kind}).").format(
            command=command, kind=kind
        ),
        file=sys.stderr,
    )
    if path is not None:
        print(_("The details are in {path}.").format(path=path), file=sys.stderr)
    return EXIT_CRASH


def keep_tracebacks_off_the_screen(app: Any) -> None:
    """A Textual app that crashes prints its traceback, with a dump of local variables, on
    the terminal as it closes, where it stays in the scrollback. Stop that for `app`:
    `wizard_crash` then gives the short message and the private file instead."""

    def clear() -> None:
        app._exit_renderables.clear()

    # Textual calls this method as it closes (textual.app.App._print_error_renderables).
    app._print_error_renderables = clear


def wizard_crash(app: Any) -> BaseException | None:
    """The unexpected error that stopped a Textual app, if one did."""
    error = getattr(app, "_exception", None)
    return error if isinstance(error, BaseException) else None
