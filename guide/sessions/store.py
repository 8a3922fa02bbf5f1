"""The session store: one encrypted, append-only journal file per interview.

Layout of the data directory (platformdirs' user data dir of "dalil" unless given):

    store.json              format, scrypt salt and parameters, and a verifier (no secrets)
    interviews/<id>.journal one journal per interview (see guide.sessions.journal)

Nothing about the person is written in clear: not in file names (random ids), not in the
store file, not in any log. Listing decrypts each journal's header and events; an interview
that cannot be read is listed with its problem and never stops the others from loading.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import json
import os
import secrets
import stat
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from guide.safe_files import describe_os_error, read_bounded
from guide.sessions import crypto
from guide.sessions.errors import (
    AmbiguousSession,
    AnswerNotSaved,
    DamagedSession,
    NotInitialised,
    PassphraseRefused,
    SessionBusy,
    SessionClosed,
    SessionNotFound,
    StoreDamaged,
    StoreLocked,
    StoreMissing,
    WrongPassphrase,
)
from guide.sessions.journal import (
    SESSION_ID_PATTERN,
    DecodedJournal,
    decode_journal,
    encode_prefix,
    encode_record,
)

STORE_FORMAT = 1
STORE_FILE = "store.json"
# A long interview is a few hundred records of 256-512 bytes; a journal larger than this is
# damaged or hostile and is refused before it is read.
MAX_JOURNAL_BYTES = 64 * 1024 * 1024
MAX_STORE_FILE_BYTES = 64 * 1024
JOURNAL_DIR = "interviews"
JOURNAL_SUFFIX = ".journal"
_VERIFIER_PLAINTEXT = b"dalil store verifier"
_VERIFIER_AAD = b"dalil/store-verifier/v1"

Clock = Callable[[], datetime]
# Windows opens files in text mode unless told otherwise; elsewhere the flag does not exist.
_BINARY = getattr(os, "O_BINARY", 0)

# Event kinds that answer a question, and those that say the result was reached.
ANSWER_KINDS = frozenset({"answer", "change"})
FINISH_KINDS = frozenset({"result_shown", "finished"})


def default_data_dir() -> Path:
    override = os.environ.get("DALIL_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("dalil", appauthor=False))


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class SessionInfo:
    """What may be shown about an interview without opening it: nothing identifying."""

    id: str
    started: str | None = None
    updated: str | None = None
    language: str | None = None
    answered: int = 0
    finished: bool = False
    guide_id: str | None = None
    guide_version: str | None = None
    events: int = 0
    # Set when the journal cannot be read (the message says why); the other fields are empty.
    problem: str | None = None
    # Bytes of a last entry cut short by a crash (never confirmed, so nothing was lost).
    torn_bytes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class LoadedSession:
    info: SessionInfo
    header: dict[str, Any]
    events: list[dict[str, Any]]


def summarise(session_id: str, journal: DecodedJournal) -> SessionInfo:
    header, events = journal.header, journal.events
    language = header.get("language")
    answered: dict[str, bool] = {}
    finished = False
    for event in events:
        kind = event.get("kind")
        question = event.get("question")
        if kind in ANSWER_KINDS and isinstance(question, str):
            answered[question] = True
        elif kind == "skip" and isinstance(question, str):
            answered.pop(question, None)
        elif kind == "language" and isinstance(event.get("lang"), str):
            # The interview's language is the person's (the officer's is the interface).
            person = event.get("person")
            language = person if isinstance(person, str) else event["lang"]
        elif kind in FINISH_KINDS:
            finished = True
    updated = events[-1].get("time") if events else header.get("started")
    return SessionInfo(
        id=session_id,
        started=_text_or_none(header.get("started")),
        updated=_text_or_none(updated),
        language=_text_or_none(language),
        answered=len(answered),
        finished=finished,
        guide_id=_text_or_none(header.get("guide_id")),
        guide_version=_text_or_none(header.get("guide_version")),
        events=len(events),
        torn_bytes=journal.torn_bytes,
    )


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _fsync_dir(directory: Path) -> None:
    # Makes a rename durable; directories cannot be opened this way on Windows.
    if sys.platform == "win32":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _full_fsync(fd: int) -> None:
    # On macOS fsync() leaves data in the drive's cache; F_FULLFSYNC pushes it to the medium.
    if sys.platform == "darwin":
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
    os.fsync(fd)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _atomic_create(path: Path, data: bytes) -> None:
    """Create a new file that exists whole or not at all, and never replaces another:
    a second Dalil setting a passphrase at the same moment must not overwrite the first's."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
    try:
        try:
            _write_all(fd, data)
            _full_fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(temp, path)  # fails with FileExistsError instead of replacing
        except FileExistsError:
            raise
        except OSError:
            # No hard links here (FAT, some network shares): check, then rename.
            if path.exists():
                raise FileExistsError(path) from None
            os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
    _fsync_dir(path.parent)


def _lock(fd: int, session_id: str) -> None:
    """One writer per interview: a second window would interleave sequence numbers."""
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; one window per interview by convention.
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise SessionBusy(session_id) from None


def _open_locked(path: Path, flags: int, session_id: str) -> int:
    """Open a journal for writing: never through a symlink (purge would zero the file it
    points to), never anything but a regular file."""
    nofollow = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | _BINARY | nofollow)
    except FileNotFoundError:
        raise SessionNotFound(session_id) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DamagedSession(
                session_id, "the file is a symbolic link; Dalil does not follow it."
            ) from None
        raise DamagedSession(
            session_id, f"the file cannot be opened ({describe_os_error(exc)})."
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DamagedSession(session_id, "it is not a regular file.")
        _lock(fd, session_id)
    except BaseException:
        os.close(fd)
        raise
    return fd


class SessionWriter:
    """Appends events to one interview; each append is on disk before it returns."""

    def __init__(
        self, session_id: str, fd: int, key: bytes, next_sequence: int, clock: Clock
    ) -> None:
        self._id = session_id
        self._fd: int | None = fd
        self._key = key
        self._sequence = next_sequence
        self._clock = clock

    @property
    def id(self) -> str:
        return self._id

    @property
    def events_written(self) -> int:
        return self._sequence - 1

    def append(self, event: dict[str, Any]) -> dict[str, Any]:
        """Encrypt, write, flush and fsync one event; returns it as stored (with its time)."""
        if self._fd is None:
            raise SessionClosed(self._id)
        if not isinstance(event, dict) or not isinstance(event.get("kind"), str):
            raise ValueError("an event is a dict with a 'kind'")
        stored = dict(event)
        stored.setdefault("time", iso_time(self._clock()))
        frame = encode_record(self._key, self._id, self._sequence, stored)
        end = os.lseek(self._fd, 0, os.SEEK_END)
        try:
            _write_all(self._fd, frame)
            _full_fsync(self._fd)
        except OSError as exc:
            # A part-written record (disk full, medium removed) would hide every later one:
            # cut it off, and tell the caller the event was not saved.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, end)
                _full_fsync(self._fd)
            raise AnswerNotSaved(describe_os_error(exc)) from None
        self._sequence += 1
        return stored

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing also releases the lock
            self._fd = None

    def __enter__(self) -> SessionWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


class SessionStore:
    def __init__(self, data_dir: str | os.PathLike[str] | None = None, clock: Clock = utc_now):
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self._clock = clock
        self._master: bytes | None = None

    # -- paths ---------------------------------------------------------------------------

    @property
    def store_file(self) -> Path:
        return self.data_dir / STORE_FILE

    @property
    def journal_dir(self) -> Path:
        return self.data_dir / JOURNAL_DIR

    def journal_path(self, session_id: str) -> Path:
        if not isinstance(session_id, str) or not SESSION_ID_PATTERN.match(session_id):
            raise SessionNotFound(str(session_id))
        return self.journal_dir / f"{session_id}{JOURNAL_SUFFIX}"

    def _ensure_dirs(self) -> None:
        for directory in (self.data_dir, self.journal_dir):
            directory.mkdir(mode=0o700, parents=True, exist_ok=True)

    # -- passphrase ------------------------------------------------------------------------

    def is_initialised(self) -> bool:
        return self.store_file.is_file()

    def check_not_orphaned(self) -> None:
        """Raise StoreMissing when store.json is gone but interview files are there, so that
        a new passphrase is not set over interviews that could no longer be opened."""
        if not self.is_initialised():
            journals = len(self.session_ids())
            if journals:
                raise StoreMissing(str(self.store_file), journals)

    @property
    def is_unlocked(self) -> bool:
        return self._master is not None

    def initialise(self, passphrase: str, params: crypto.ScryptParams | None = None) -> None:
        """Set the passphrase on first use; the store is unlocked afterwards."""
        if self.is_initialised():
            raise PassphraseRefused("already_set", path=str(self.data_dir))
        if not passphrase:
            raise PassphraseRefused("empty")
        params = params or crypto.ScryptParams()
        salt = crypto.new_salt()
        master = crypto.derive_master_key(passphrase, salt, params)
        verifier = crypto.seal(crypto.verifier_key(master), _VERIFIER_PLAINTEXT, _VERIFIER_AAD)
        document = {
            "format": STORE_FORMAT,
            "kdf": {"name": "scrypt", **params.as_dict()},
            "salt": base64.b64encode(salt).decode("ascii"),
            "cipher": "AES-256-GCM",
            "verifier": base64.b64encode(verifier).decode("ascii"),
        }
        self._ensure_dirs()
        try:
            _atomic_create(self.store_file, (json.dumps(document, indent=2) + "\n").encode("ascii"))
        except FileExistsError:
            raise PassphraseRefused("already_set", path=str(self.data_dir)) from None
        self._master = master

    def _read_store_file(self) -> tuple[crypto.ScryptParams, bytes, bytes]:
        try:
            raw = read_bounded(self.store_file, MAX_STORE_FILE_BYTES)
        except FileNotFoundError:
            journals = len(self.session_ids())
            if journals:
                raise StoreMissing(str(self.store_file), journals) from None
            raise NotInitialised() from None
        except OSError as exc:
            raise StoreDamaged(str(self.store_file), "unreadable", describe_os_error(exc)) from None
        damaged = StoreDamaged(str(self.store_file))
        try:
            document = json.loads(raw.decode("utf-8"))
            version = document["format"]
            if not isinstance(version, int):
                raise damaged
            if version > STORE_FORMAT:
                raise StoreDamaged(str(self.store_file), "newer", found=version)
            kdf = document["kdf"]
            if kdf.get("name") != "scrypt":
                raise damaged
            params = crypto.ScryptParams(kdf["log2_n"], kdf["r"], kdf["p"])
            params.check()
            salt = base64.b64decode(document["salt"], validate=True)
            verifier = base64.b64decode(document["verifier"], validate=True)
        except StoreDamaged:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
            raise damaged from None
        if len(salt) < 8:
            raise damaged
        return params, salt, verifier

    def unlock(self, passphrase: str) -> None:
        """Derive the master key once; raises WrongPassphrase, NotInitialised, StoreDamaged."""
        params, salt, verifier = self._read_store_file()
        master = crypto.derive_master_key(passphrase, salt, params)
        try:
            crypto.open_sealed(crypto.verifier_key(master), verifier, _VERIFIER_AAD)
        except crypto.Decryption:
            raise WrongPassphrase() from None
        self._master = master

    def lock(self) -> None:
        self._master = None

    def _require_unlocked(self) -> bytes:
        if self._master is None:
            raise StoreLocked()
        return self._master

    def _key(self, session_id: str) -> bytes:
        return crypto.journal_key(self._require_unlocked(), session_id)

    # -- interviews --------------------------------------------------------------------------

    def session_ids(self) -> list[str]:
        if not self.journal_dir.is_dir():
            return []
        ids = []
        for path in self.journal_dir.iterdir():
            stem = path.name.removesuffix(JOURNAL_SUFFIX)
            if path.name.endswith(JOURNAL_SUFFIX) and SESSION_ID_PATTERN.match(stem):
                ids.append(stem)
        return sorted(ids)

    def resolve(self, prefix: str) -> str:
        """The full id of the interview whose id starts with `prefix` (typing less is kinder)."""
        ids = self.session_ids()
        if prefix in ids:
            return prefix
        matches = [i for i in ids if i.startswith(prefix)] if prefix else []
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise AmbiguousSession(prefix, matches)
        raise SessionNotFound(prefix)

    def create(self, guide_id: str, guide_version: str, language: str) -> SessionWriter:
        self._require_unlocked()  # fail before touching the disk
        self._ensure_dirs()
        while True:
            session_id = secrets.token_hex(6)
            path = self.journal_path(session_id)
            key = self._key(session_id)
            header = {
                "type": "header",
                "session": session_id,
                "guide_id": guide_id,
                "guide_version": guide_version,
                "language": language,
                "started": iso_time(self._clock()),
            }
            data = encode_prefix(session_id) + encode_record(key, session_id, 0, header)
            try:
                _atomic_create(path, data)
                break
            except FileExistsError:
                continue  # 48 random bits met another interview: draw again
        fd = _open_locked(path, os.O_WRONLY | os.O_APPEND, session_id)
        return SessionWriter(session_id, fd, key, 1, self._clock)

    def _read(self, session_id: str) -> bytes:
        path = self.journal_path(session_id)
        try:
            # A regular file of bounded size, not followed through a symlink: a journal
            # replaced by a link to /dev/zero, a FIFO or a huge sparse file is named as
            # damaged instead of hanging or exhausting memory (and hiding the others).
            return read_bounded(path, MAX_JOURNAL_BYTES, follow_symlinks=False)
        except FileNotFoundError:
            raise SessionNotFound(session_id) from None
        except OSError as exc:
            raise DamagedSession(
                session_id, f"the file cannot be read ({describe_os_error(exc)})."
            ) from None

    def load(self, session_id: str) -> LoadedSession:
        """Every confirmed event of one interview; raises DamagedSession, SessionNotFound."""
        key = self._key(session_id)
        journal = decode_journal(self._read(session_id), session_id, key)
        return LoadedSession(summarise(session_id, journal), journal.header, journal.events)

    def resume(self, session_id: str) -> SessionWriter:
        """A writer that appends after the last confirmed event (dropping a torn tail)."""
        key = self._key(session_id)
        fd = _open_locked(self.journal_path(session_id), os.O_RDWR | os.O_APPEND, session_id)
        try:
            data = _read_fd(fd)
            journal = decode_journal(data, session_id, key)
            if journal.torn_bytes:
                # Appending after a torn tail would hide every later entry behind it.
                os.ftruncate(fd, journal.valid_end)
                _full_fsync(fd)
        except BaseException:
            os.close(fd)
            raise
        return SessionWriter(session_id, fd, key, 1 + len(journal.events), self._clock)

    def list(self) -> list[SessionInfo]:
        """Every interview, newest first; unreadable ones carry their problem."""
        self._require_unlocked()
        infos = []
        for session_id in self.session_ids():
            try:
                infos.append(self.load(session_id).info)
            except (DamagedSession, SessionNotFound) as exc:
                infos.append(SessionInfo(id=session_id, problem=str(exc)))
        return sorted(infos, key=lambda i: (i.started or "", i.id), reverse=True)

    def purge(self, session_id: str) -> None:
        """Remove an interview for good: overwrite, sync, unlink (encryption is the real guard)."""
        path = self.journal_path(session_id)
        fd = _open_locked(path, os.O_RDWR, session_id)
        try:
            size = os.fstat(fd).st_size
            os.lseek(fd, 0, os.SEEK_SET)
            _write_all(fd, b"\x00" * size)
            _full_fsync(fd)
        finally:
            os.close(fd)
        path.unlink()
        _fsync_dir(path.parent)


def _read_fd(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    total = 0
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
        total += len(chunk)
        if total > MAX_JOURNAL_BYTES:
            raise OSError(errno.EFBIG, "the journal is larger than any interview can be")
    return b"".join(chunks)
