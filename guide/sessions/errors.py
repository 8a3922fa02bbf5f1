"""What can go wrong with the session store, each with a message an officer can act on."""

from __future__ import annotations

from guide.i18n import _


class SessionError(Exception):
    """Base of every session-store problem; str(error) is the message to show."""


class WrongPassphrase(SessionError):
    def __init__(self) -> None:
        super().__init__(
            _("The passphrase is not right. Interviews stay locked; nothing was changed.")
        )


class NotInitialised(SessionError):
    def __init__(self) -> None:
        super().__init__(
            _("No passphrase has been set on this computer yet: start Dalil once to set one.")
        )


class StoreLocked(SessionError):
    def __init__(self) -> None:
        super().__init__(_("The interviews are locked: unlock them with the passphrase first."))


class StoreDamaged(SessionError):
    """The store file (salt, key-derivation settings, verifier) cannot be used."""


class StoreMissing(StoreDamaged):
    """store.json is gone but interview files are there: they cannot be unlocked without it
    (it holds the salt), and a new passphrase must not be set over them silently."""

    def __init__(self, store_file: str, journals: int) -> None:
        self.journals = journals
        super().__init__(
            _(
                "The store file {store_file} is missing, but {journals} interview file(s) are "
                "there: they cannot be opened without it. Restore it from a backup; or move the "
                "'interviews' folder away to start afresh (those interviews stay locked)."
            ).format(store_file=store_file, journals=journals)
        )


class SessionNotFound(SessionError):
    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__(
            _("There is no interview {session_id!r} here.").format(session_id=session_id)
        )


class SessionBusy(SessionError):
    def __init__(self, session_id: str) -> None:
        self.session_id = session_id
        super().__init__(
            _(
                "Interview {session_id} is open in another Dalil window; close it there first."
            ).format(session_id=session_id)
        )


class DamagedSession(SessionError):
    """One interview's journal cannot be read; no other interview is affected."""

    def __init__(self, session_id: str, reason: str) -> None:
        self.session_id = session_id
        self.reason = reason
        super().__init__(
            _(
                "Interview {session_id} cannot be read: {reason} The other interviews are not "
                "affected."
            ).format(session_id=session_id, reason=reason)
        )


class NewerFormat(DamagedSession):
    """The journal was written by a newer Dalil; this version must not guess at it."""

    def __init__(self, session_id: str, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            session_id,
            _(
                "it was written by a newer version of Dalil (journal format {found}; this "
                "version reads format {supported} and older). Update Dalil to open it."
            ).format(found=found, supported=supported),
        )
