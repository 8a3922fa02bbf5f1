"""The wizard's link to the encrypted journal (guide.sessions), behind one small class.

Every event is written the moment it happens. When guide.sessions is not installed the link
is inert: the wizard still runs, and says that nothing is being saved.
"""

from __future__ import annotations

import contextlib
from typing import Any, NamedTuple, Protocol

from guide.tui.text import _


class _Writer(Protocol):
    id: str

    def append(self, event: dict[str, Any]) -> None: ...


class Unfinished(NamedTuple):
    """An interview that can be resumed: id, start, language, count, and the case reference
    the officer gave (read from the encrypted journal, once unlocked)."""

    id: str
    started: str
    language: str
    answered: int
    reference: str = ""


class SessionError(Exception):
    """A journal problem the officer must see (wrong passphrase, damaged file, disk full)."""


class SessionLink:
    def __init__(
        self, store: Any | None = None, *, enabled: bool = True, data_dir: Any = None
    ) -> None:
        self._given = store
        self._enabled = enabled
        self._data_dir = data_dir
        # Opened on first use, after the first screen is painted: guide.sessions brings the
        # cryptography library, which has nothing to do on the start screen.
        self._opened = store is not None or not enabled
        self._problem: str | None = None
        self._writer: _Writer | None = None
        # How many saved interviews the last unfinished() could not read (damaged, cut short,
        # replaced by an older copy): the resume list says so instead of hiding them.
        self.unreadable = 0

    @property
    def _store(self) -> Any | None:
        if not self._opened:
            self._opened = True
            try:
                from guide.sessions import SessionStore
            except ImportError:
                self._given = None
            else:
                try:
                    self._given = SessionStore(self._data_dir)
                except Exception as exc:  # an unusable data folder must not stop the wizard
                    self._given = None
                    self._problem = _describe(exc)
        return self._given

    @property
    def problem(self) -> str | None:
        """Why interviews are not being saved, when the journal exists but cannot be used."""
        _ = self._store
        return self._problem

    @property
    def available(self) -> bool:
        return self._store is not None

    @property
    def recording(self) -> bool:
        return self._writer is not None

    @property
    def session_id(self) -> str | None:
        return self._writer.id if self._writer else None

    def is_initialised(self) -> bool:
        return bool(self._store and self._store.is_initialised())

    def unlock(self, passphrase: str) -> None:
        """Open (or, on first use, set up) the journal; SessionError when it is refused."""
        if self._store is None:
            return
        try:
            if self._store.is_initialised():
                self._store.unlock(passphrase)
            else:
                self._store.initialise(passphrase)
        except Exception as exc:  # WrongPassphrase, DamagedSession, OSError...
            raise SessionError(_describe(exc)) from exc

    def passphrase_from_file(self, option: Any) -> str | None:
        """The passphrase from `--passphrase-file` or $DALIL_PASSPHRASE_FILE, if either is
        given (SessionError when the file cannot be read)."""
        if self._store is None:
            return None
        try:
            from guide.sessions.passphrase import passphrase_file, read_passphrase_file
        except ImportError:
            return None
        path = passphrase_file(option)
        if path is None:
            return None
        try:
            return read_passphrase_file(path)
        except Exception as exc:
            raise SessionError(_describe(exc)) from exc

    def unfinished(self) -> list[Unfinished]:
        if self._store is None:
            return []
        try:
            infos = self._store.list()
        except Exception as exc:
            raise SessionError(_describe(exc)) from exc
        self.unreadable = sum(1 for info in infos if getattr(info, "problem", None))
        return [
            Unfinished(
                id=str(info.id),
                started=str(getattr(info, "started", None) or ""),
                language=str(getattr(info, "language", "")),
                answered=int(getattr(info, "answered", 0) or 0),
                reference=self._reference(str(info.id)),
            )
            for info in infos
            # A journal that cannot be read says so in `problem`; it cannot be resumed.
            if not self._finished(info) and not getattr(info, "problem", None)
        ]

    def _finished(self, info: Any) -> bool:
        """Finished only when the officer finished it (F on the result screen). Journals of
        earlier versions marked an interview finished when its result was merely shown; the
        wizard no longer writes that, so going back from the result keeps it open."""
        if not getattr(info, "finished", False):
            return False
        try:
            events = self._store.load(str(info.id)).events  # type: ignore[union-attr]
        except Exception:
            return True
        return _last_finish_is_final(events)

    def _reference(self, session_id: str) -> str:
        try:
            events = self._store.load(session_id).events  # type: ignore[union-attr]
        except Exception:
            return ""
        reference = ""
        for event in events:
            if event.get("kind") == "case" and isinstance(event.get("reference"), str):
                reference = event["reference"]
        return reference

    def start(self, guide_id: str, guide_version: str, language: str) -> None:
        if self._store is None:
            return
        try:
            self._writer = self._store.create(guide_id, guide_version, language)
        except Exception as exc:
            raise SessionError(_describe(exc)) from exc

    def resume(self, session_id: str) -> list[dict[str, Any]]:
        """The events of an unfinished interview; later events are appended to it."""
        if self._store is None:
            return []
        try:
            loaded = self._store.load(session_id)
            self._writer = self._store.resume(session_id)
        except Exception as exc:
            raise SessionError(_describe(exc)) from exc
        return [dict(event) for event in loaded.events]

    def recorded_events(self) -> list[dict[str, Any]] | None:
        """Everything written so far for this interview (with times), or None."""
        if self._store is None or self._writer is None:
            return None
        try:
            return [dict(event) for event in self._store.load(self._writer.id).events]
        except Exception as exc:
            raise SessionError(_describe(exc)) from exc

    def close(self) -> None:
        """Release the interview's journal (another Dalil may then resume it)."""
        writer, self._writer = self._writer, None
        close = getattr(writer, "close", None)
        if callable(close):
            # Nothing is lost if closing fails: every event was synced when it was written.
            with contextlib.suppress(OSError):
                close()

    def lock(self) -> None:
        """Quick exit: release the interview and forget the key (the passphrase is asked
        again before anything can be read or written)."""
        self.close()
        lock = getattr(self._store, "lock", None)
        if callable(lock):
            lock()

    def record(self, event: dict[str, Any]) -> None:
        """Write one event now (encrypted and synced before this returns)."""
        if self._writer is None:
            return
        try:
            self._writer.append(event)
        except Exception as exc:
            raise SessionError(_describe(exc)) from exc


def _last_finish_is_final(events: list[dict[str, Any]]) -> bool:
    """An explicit "finished" closes an interview. A "result_shown" (older journals) only
    does when no answer came after it (going back and answering on reopened it)."""
    finished = False
    for event in events:
        kind = event.get("kind")
        if kind == "finished":
            return True
        if kind == "result_shown":
            finished = True
        elif kind in ("answer", "change", "skip"):
            finished = False
    return finished


def session_error_text(code: str) -> str:
    """What the officer reads for a journal problem (a SessionError's code)."""
    if code == "wrong_passphrase":
        return _("Wrong passphrase. Try again.")
    if code == "damaged":
        return _("A saved interview is damaged; the others are not affected.")
    # The store words its own problems, translated (guide.sessions.errors.message_for).
    return code.removeprefix("io:")


def _describe(exc: Exception) -> str:
    """A code for the screens: by the store's error type (guide.sessions.errors), never by
    class name; other problems carry the store's own translated message (i16)."""
    from guide.sessions.errors import DamagedSession, WrongPassphrase, message_for

    if isinstance(exc, WrongPassphrase):
        return "wrong_passphrase"
    if isinstance(exc, DamagedSession):
        return "damaged"
    return f"io:{message_for(exc)}"
