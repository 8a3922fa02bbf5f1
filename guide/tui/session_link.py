"""The wizard's link to the encrypted journal (guide.sessions), behind one small class.

Every event is written the moment it happens. The events of an answer (or a skip, back,
forward) are written by one writer thread, in order, while the next question is painted:
each entry is synced to the disk (twice, with its head), which takes milliseconds on a
laptop's disk and tens of them under load, and none of that is the officer's wait. Any other
write, and closing, locking or reading the journal, first waits for those (`wait`), so the
journal's order is the order of the intents. When the disk refuses an entry, nothing after it
is written, and `settle` tells the interview where to go back to (see
InterviewSession.saved): what is not on disk did not happen, as when writing waited.

When guide.sessions is not installed the link is inert: the wizard still runs, and says that
nothing is being saved.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
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


class Refused(NamedTuple):
    """Events the writer thread could not write: the `token` given with them, how many of
    them were written before the refused one (`written`), and the error."""

    token: Any
    written: int
    error: SessionError


class SessionLink:
    def __init__(
        self,
        store: Any | None = None,
        *,
        enabled: bool = True,
        data_dir: Any = None,
        background: bool = True,
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
        # The person's language of the interview last resumed (its journal's), or None.
        self.resumed_person_language: str | None = None
        # The writer thread (record_soon): started on first use; False writes in the caller.
        self.background = background
        self._queue: queue.Queue[tuple[list[dict[str, Any]], Any] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._refused: Refused | None = None
        # Called from the writer thread when the disk refused an entry (the app posts itself
        # a message: it must not wait for the UI thread, which may be waiting for it).
        self.on_refused: Callable[[], object] | None = None

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
        self.resumed_person_language = None
        if self._store is None:
            return []
        try:
            loaded = self._store.load(session_id)
            self._writer = self._store.resume(session_id)
        except Exception as exc:
            raise SessionError(_describe(exc)) from exc
        # The person's language, as the journal holds it (its header, or the last change).
        self.resumed_person_language = loaded.info.language
        return [dict(event) for event in loaded.events]

    def recorded_events(self) -> list[dict[str, Any]] | None:
        """Everything written so far for this interview (with times), or None."""
        if self._store is None or self._writer is None:
            return None
        self.wait()
        try:
            return [dict(event) for event in self._store.load(self._writer.id).events]
        except Exception as exc:
            raise SessionError(_describe(exc)) from exc

    def close(self) -> None:
        """Release the interview's journal (another Dalil may then resume it), once every
        event given to the writer thread is written (or refused)."""
        self.wait()
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
        """Write one event now, after those given to the writer thread (encrypted and synced
        before this returns). Nothing is written after an event the disk refused until the
        interview has taken that in (settle): SessionError then, with the same reason."""
        if self._writer is None:
            return
        self.wait()
        if self._refused is not None:
            raise self._refused.error
        self._append(event)

    def _append(self, event: dict[str, Any]) -> None:
        if self._writer is None:
            raise SessionError(_describe(RuntimeError("the interview is closed")))
        try:
            self._writer.append(event)
        except Exception as exc:
            raise SessionError(_describe(exc)) from exc

    def record_soon(self, events: list[dict[str, Any]], token: Any = None) -> None:
        """Write `events` in order after everything given before, on the writer thread, and
        return at once (the caller paints meanwhile). If the disk refuses one, it and every
        event given after it are not written, and `settle` returns `token` (how to undo what
        the events recorded) with the error. Without the thread (`background` False) they
        are written before this returns, and SessionError is raised here."""
        if self._writer is None or not events:
            return
        if not self.background:
            for event in events:
                self._append(event)
            return
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(
                target=self._write_in_order, name="dalil-journal", daemon=True
            )
            self._thread.start()
        self._queue.put((list(events), token))

    def _write_in_order(self) -> None:
        while True:
            item = self._queue.get()
            try:
                if item is None:
                    return
                events, token = item
                if self._refused is not None:
                    continue  # after a refused entry nothing is written: its intent is undone
                for written, event in enumerate(events):
                    try:
                        self._append(event)
                    except SessionError as exc:
                        self._refused = Refused(token, written, exc)
                        if self.on_refused is not None:
                            with contextlib.suppress(Exception):
                                self.on_refused()
                        break
            finally:
                self._queue.task_done()

    def wait(self) -> None:
        """Until every event given to the writer thread is written or refused."""
        if self._thread is not None:
            self._queue.join()

    @property
    def pending(self) -> bool:
        """Events are being written (or one was refused and not yet settled)."""
        return self._queue.unfinished_tasks > 0 or self._refused is not None

    def settle(self, wait: bool = True) -> Refused | None:
        """Wait for the writer thread; the events it could not write (then taken: writing
        goes on with the next event given), or None when all are on disk. With `wait`
        False, only a refusal already known is returned (None: none yet, and the events may
        still be being written), so a key press is not held up by the one before."""
        if wait or self._refused is not None:
            self.wait()  # (events given after a refused one are dropped, not written)
        refused, self._refused = self._refused, None
        return refused


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
