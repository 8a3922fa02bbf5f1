"""What can go wrong with the session store: one hierarchy, each class with its own message.

Every problem of the store is a `SessionError` subclass that keeps its facts as fields (the
interview id, the reason, the file) and words them in `message()`, translated into the
current language through the UI catalog when it is shown (not when it is raised). The wizard
and the commands call `message_for(error)` for any exception met while using the store: a
store error gives its own message, an `OSError` becomes `StoreIOError`, anything else a
generic sentence. Nobody matches errors by class name or by their text.

The facts an error carries are English `LazyText` where they are words (the reason a journal
cannot be read, the system's reason a file could not be opened): English in logs and tests,
and in the reader's language when `message()` words the error.
"""

from __future__ import annotations

from guide.i18n import _
from guide.i18n.lazy import N_, lazy, translated
from guide.i18n.oserrors import os_reason
from guide.safe_files import UnreadableFile


class SessionError(Exception):
    """Base of every session-store problem; `message()` (and str()) is what to show."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self._message = message

    def message(self) -> str:
        return self._message

    def __str__(self) -> str:
        return self.message()


class WrongPassphrase(SessionError):
    def message(self) -> str:
        return _("The passphrase is not right. Interviews stay locked; nothing was changed.")


class NotInitialised(SessionError):
    def message(self) -> str:
        return _("No passphrase has been set on this computer yet: start Dalil once to set one.")


class StoreLocked(SessionError):
    def message(self) -> str:
        return _("The interviews are locked: unlock them with the passphrase first.")


class StoreDamaged(SessionError):
    """The store file (salt, key-derivation settings, verifier) cannot be used.

    `problem` is "damaged" (the content), "unreadable" (with `detail`, the system's reason)
    or "newer" (written by a newer Dalil, format `found`)."""

    def __init__(
        self, store_file: str = "", problem: str = "damaged", detail: str = "", found: int = 0
    ) -> None:
        self.store_file, self.problem, self.detail, self.found = store_file, problem, detail, found
        super().__init__()

    def message(self) -> str:
        if self.problem == "unreadable":
            return _("The store file {file} cannot be read: {reason}.").format(
                file=self.store_file, reason=translated(self.detail)
            )
        if self.problem == "newer":
            return _(
                "The store file {file} was written by a newer version of Dalil (format "
                "{found}). Update Dalil."
            ).format(file=self.store_file, found=self.found)
        return _(
            "The store file {file} is damaged, so no interview can be unlocked. The "
            "interview files themselves are untouched."
        ).format(file=self.store_file)


class StoreMissing(StoreDamaged):
    """store.json is gone but interview files are there: they cannot be unlocked without it
    (it holds the salt), and a new passphrase must not be set over them silently."""

    def __init__(self, store_file: str, journals: int) -> None:
        self.journals = journals
        super().__init__(store_file, "missing")

    def message(self) -> str:
        return _(
            "The store file {file} is missing, but {count} interview file(s) are there: they "
            "cannot be opened without it. Restore it from a backup; or move the 'interviews' "
            "folder away to start afresh (those interviews stay locked)."
        ).format(file=self.store_file, count=self.journals)


class SessionNotFound(SessionError):
    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__()

    def message(self) -> str:
        return _("There is no interview {id} here.").format(id=repr(self.session_id))


class AmbiguousSession(SessionError):
    def __init__(self, prefix: str, matches: list[str]) -> None:
        self.prefix, self.matches = prefix, matches
        super().__init__()

    def message(self) -> str:
        return _("{prefix} matches several interviews ({ids}); type more of it.").format(
            prefix=repr(self.prefix), ids=", ".join(self.matches)
        )


class SessionBusy(SessionError):
    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__()

    def message(self) -> str:
        return _("Interview {id} is open in another Dalil window; close it there first.").format(
            id=self.session_id
        )


class SessionClosed(SessionError):
    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__()

    def message(self) -> str:
        return _("Interview {id} is closed; resume it to write to it.").format(id=self.session_id)


class DamagedSession(SessionError):
    """One interview's journal cannot be read; no other interview is affected."""

    def __init__(self, session_id: str, reason: str) -> None:
        self.session_id = session_id
        self.reason = reason
        super().__init__()

    def message(self) -> str:
        return _(
            "Interview {id} cannot be read: {reason} The other interviews are not affected."
        ).format(id=self.session_id, reason=translated(self.reason))


class NewerFormat(DamagedSession):
    """The journal was written by a newer Dalil; this version must not guess at it."""

    def __init__(self, session_id: str, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            session_id,
            lazy(
                N_(
                    "it was written by a newer version of Dalil (journal format {found}; "
                    "this version reads format {supported} and older). Update Dalil to open it."
                ),
                found=found,
                supported=supported,
            ),
        )


class EntriesMissing(DamagedSession):
    """The journal holds fewer entries than its head records as saved: it was cut at a record
    boundary, or replaced by an older copy of itself. `found`/`recorded` count entries (the
    header included); `answered_*` and `finished_*` say what the missing ones held."""

    def __init__(
        self,
        session_id: str,
        *,
        found: int,
        recorded: int,
        answered_found: int,
        answered_saved: int,
        finished_found: bool,
        finished_saved: bool,
        updated_saved: str | None,
    ) -> None:
        self.found, self.recorded = found, recorded
        self.answered_found, self.answered_saved = answered_found, answered_saved
        self.finished_found, self.finished_saved = finished_found, finished_saved
        self.updated_saved = updated_saved
        super().__init__(session_id, "")

    def message(self) -> str:
        text = _(
            "Interview {id} is missing saved entries: its file holds {found} of the {recorded} "
            "entries saved (the last one at {time}), and {answered_found} of the "
            "{answered_saved} questions answered."
        ).format(
            id=self.session_id,
            found=self.found,
            recorded=self.recorded,
            time=_short_time(self.updated_saved),
            answered_found=self.answered_found,
            answered_saved=self.answered_saved,
        )
        if self.finished_saved and not self.finished_found:
            text += " " + _("The result had been reached; that entry is missing too.")
        return (
            text
            + " "
            + _(
                "The file was cut short or replaced by an older copy of itself. Restore it "
                "from a backup if there is one. The other interviews are not affected."
            )
        )


def _short_time(value: str | None) -> str:
    """2026-11-30T15:35:29Z -> 2026-11-30 15:35 UTC (the journal keeps UTC)."""
    if not value:
        return "?"
    if len(value) >= 16 and value[10:11] == "T" and value.endswith("Z"):
        return f"{value[:10]} {value[11:16]} UTC"
    return value


class JournalReplaced(DamagedSession):
    """The journal has as many entries as its head records, but not the ones saved."""

    def __init__(self, session_id: str) -> None:
        super().__init__(session_id, "")

    def message(self) -> str:
        return _(
            "Interview {id} is not the copy that was last saved: its entries differ from the "
            "ones recorded for it (another copy of this interview was put in its place). "
            "Restore it from a backup if there is one. The other interviews are not affected."
        ).format(id=self.session_id)


class HeadProblem(DamagedSession):
    """The head file of a journal (its record of the entries saved) is missing or unusable:
    without it, entries removed from the journal could not be told from a shorter interview.
    `problem` is "missing" or "damaged"."""

    def __init__(self, session_id: str, head_file: str, problem: str = "damaged") -> None:
        self.head_file, self.problem = head_file, problem
        super().__init__(session_id, "")

    def message(self) -> str:
        if self.problem == "missing":
            text = _(
                "Interview {id} cannot be checked: its record of saved entries ({file}) is "
                "missing, so entries removed from it could not be told from a shorter "
                "interview."
            )
        else:
            text = _(
                "Interview {id} cannot be checked: its record of saved entries ({file}) is "
                "damaged or belongs to another interview."
            )
        return (
            text.format(id=self.session_id, file=self.head_file)
            + " "
            + _(
                "Restore both files from a backup if there is one. The other interviews are "
                "not affected."
            )
        )


class HeadMissing(HeadProblem):
    def __init__(self, session_id: str, head_file: str) -> None:
        super().__init__(session_id, head_file, "missing")


class StoreIOError(SessionError):
    """The disk refused a read or a write (full, read-only, removed); `reason` is the
    system's words for it."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__()

    def message(self) -> str:
        return _("The interviews could not be saved or read: {reason}.").format(
            reason=translated(self.reason)
        )


class AnswerNotSaved(StoreIOError):
    """An event could not be written and synced: it is not in the journal (the part-written
    record was cut off). The caller must not go on as if it were saved."""

    def message(self) -> str:
        return _(
            "The last answer could not be saved ({reason}); it is not recorded. Free some "
            "disk space or check the drive, then answer again."
        ).format(reason=translated(self.reason))


class PassphraseRefused(SessionError):
    """A passphrase or passphrase file that cannot be used. `problem`: "short", "differ",
    "empty", "file_shared" (readable by others), "file_unreadable", "file_empty",
    "needed" (no terminal and no file), "already_set"."""

    def __init__(self, problem: str, *, path: str = "", detail: str = "", minimum: int = 8):
        self.problem, self.path, self.detail, self.minimum = problem, path, detail, minimum
        super().__init__()

    def message(self) -> str:
        texts = {
            "short": _(
                "The passphrase must have at least {minimum} characters; a short sentence is "
                "easy to remember and hard to guess."
            ),
            "differ": _("The two passphrases differ; nothing was set."),
            "empty": _("The passphrase may not be empty."),
            "file_shared": _(
                "The passphrase file {path} can be read by other users (mode {detail}); make "
                "it private with 'chmod 600 {path}'. It was not used."
            ),
            "file_unreadable": _("The passphrase file {path} cannot be read: {detail}."),
            "file_empty": _("The passphrase file {path} is empty."),
            "needed": _(
                "Dalil needs the passphrase of the interviews: run it in a terminal, or give "
                "--passphrase-file FILE or set {detail}."
            ),
            "already_set": _("A passphrase is already set for {path}; unlock with it instead."),
        }
        text = texts.get(self.problem, "{detail}")
        return text.format(minimum=self.minimum, path=self.path, detail=translated(self.detail))


def message_for(error: BaseException) -> str:
    """The translated message for any exception met while using the store."""
    if isinstance(error, SessionError):
        return error.message()
    if isinstance(error, OSError):
        return StoreIOError(os_reason(error)).message()
    return _("The interviews could not be saved or read: {reason}.").format(
        reason=type(error).__name__
    )


class NotARegularFile(UnreadableFile):
    """A file of the store that is a folder, a device or a FIFO where a regular file belongs."""

    def __init__(self, path: str) -> None:
        super().__init__(path, "is not a regular file", kind="special")
