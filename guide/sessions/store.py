"""The session store: one encrypted, append-only journal file per interview.

Layout of the data directory (platformdirs' user data dir of "dalil" unless given):

    store.json              format, scrypt salt and parameters, a verifier and a checksum
                            (no secrets)
    interviews/<id>.journal one journal per interview (see guide.sessions.journal)
    interviews/<id>.head    how many entries it holds, sealed (see guide.sessions.heads)

Nothing about the person is written in clear: not in file names (random ids), not in the
store file, not in any log. Listing decrypts each journal's header and events; an interview
that cannot be read is listed with its problem and never stops the others from loading.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import hashlib
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

from guide.i18n.lazy import N_, lazy
from guide.i18n.oserrors import os_reason
from guide.safe_files import read_bounded
from guide.sessions import crypto, heads
from guide.sessions.errors import (
    AmbiguousSession,
    AnswerNotSaved,
    DamagedSession,
    EntriesMissing,
    HeadMissing,
    HeadProblem,
    JournalReplaced,
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

# Format 2 (this version) adds a checksum to store.json, so that damage is told from a wrong
# passphrase, and a head file beside every journal (guide.sessions.heads); its verifier is
# sealed under another label, so that the format cannot be lowered without the passphrase.
# A format 1 store is read, and upgraded at its first unlock.
STORE_FORMAT = 2
STORE_FILE = "store.json"
# A long interview is a few hundred records of 256-512 bytes; a journal larger than this is
# damaged or hostile and is refused before it is read.
MAX_JOURNAL_BYTES = 64 * 1024 * 1024
MAX_STORE_FILE_BYTES = 64 * 1024
JOURNAL_DIR = "interviews"
JOURNAL_SUFFIX = ".journal"
_VERIFIER_PLAINTEXT = b"dalil store verifier"
_VERIFIER_AAD = {1: b"dalil/store-verifier/v1", 2: b"dalil/store-verifier/v2"}

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


class Tally:
    """What the events of an interview add up to, one event at a time (the listing and each
    journal's head both need it)."""

    def __init__(self, header: dict[str, Any]) -> None:
        self.language = header.get("language")
        self.answered: dict[str, bool] = {}
        self.finished = False
        self.events = 0
        self.updated = header.get("started")

    def add(self, event: dict[str, Any]) -> None:
        kind = event.get("kind")
        question = event.get("question")
        if kind in ANSWER_KINDS and isinstance(question, str):
            self.answered[question] = True
        elif kind == "skip" and isinstance(question, str):
            self.answered.pop(question, None)
        elif kind == "language" and isinstance(event.get("lang"), str):
            # The interview's language is the person's (the officer's is the interface).
            person = event.get("person")
            self.language = person if isinstance(person, str) else event["lang"]
        elif kind in FINISH_KINDS:
            self.finished = True
        self.events += 1
        self.updated = event.get("time")

    def copy(self) -> Tally:
        twin = Tally({})
        twin.__dict__.update(self.__dict__, answered=dict(self.answered))
        return twin


def tally(header: dict[str, Any], events: list[dict[str, Any]]) -> Tally:
    counts = Tally(header)
    for event in events:
        counts.add(event)
    return counts


def summarise(session_id: str, journal: DecodedJournal) -> SessionInfo:
    header = journal.header
    counts = tally(header, journal.events)
    return SessionInfo(
        id=session_id,
        started=_text_or_none(header.get("started")),
        updated=_text_or_none(counts.updated),
        language=_text_or_none(counts.language),
        answered=len(counts.answered),
        finished=counts.finished,
        guide_id=_text_or_none(header.get("guide_id")),
        guide_version=_text_or_none(header.get("guide_version")),
        events=counts.events,
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
                session_id, lazy(N_("the file is a symbolic link; Dalil does not follow it."))
            ) from None
        raise DamagedSession(
            session_id,
            lazy(N_("the file cannot be opened ({reason})."), reason=os_reason(exc)),
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DamagedSession(session_id, lazy(N_("it is not a regular file.")))
        _lock(fd, session_id)
    except BaseException:
        os.close(fd)
        raise
    return fd


class HeadKeeper:
    """The head of one journal as its writer keeps it: the digest and counts of the entries
    on disk, and the file it rewrites after each one (see guide.sessions.heads)."""

    def __init__(
        self, session_id: str, path: Path, key: bytes, tags: list[bytes], counts: Tally
    ) -> None:
        self.session_id, self.path, self.key = session_id, path, key
        self.records = len(tags)
        self.chain = heads.chain_of(tags)
        self.counts = counts
        self._fd: int | None = None

    def _encode(self, records: int, chain: bytes, counts: Tally) -> bytes:
        head = heads.Head(
            records=records,
            chain=chain,
            answered=len(counts.answered),
            finished=counts.finished,
            updated=_text_or_none(counts.updated),
        )
        return heads.encode(self.key, self.session_id, head)

    def _write(self, records: int, slot: bytes) -> None:
        if self._fd is None:
            self._fd = heads.open_for_writing(self.path)
        heads.write(self._fd, records, slot)

    def save(self) -> None:
        """Write the head as it stands (a new journal, or one whose head lagged behind)."""
        self._write(self.records, self._encode(self.records, self.chain, self.counts))

    def advance(self, tag: bytes, event: dict[str, Any]) -> None:
        """Record one more entry; OSError (and nothing changed) if its slot was not written."""
        chain = heads.chain_next(self.chain, tag)
        counts = self.counts.copy()
        counts.add(event)
        try:
            self._write(self.records + 1, self._encode(self.records + 1, chain, counts))
        except OSError:
            # The caller cuts the entry off again. A slot left half-written would read as
            # damage beside a journal without that entry: blank it (an empty slot is fine;
            # the other slot holds the head as it was), if the disk lets us.
            with contextlib.suppress(OSError):
                self._write(self.records + 1, bytes(heads.SLOT_BYTES))
            raise
        self.records, self.chain, self.counts = self.records + 1, chain, counts

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


class SessionWriter:
    """Appends events to one interview; each append is on disk before it returns."""

    def __init__(
        self,
        session_id: str,
        fd: int,
        key: bytes,
        next_sequence: int,
        clock: Clock,
        head: HeadKeeper,
    ) -> None:
        self._id = session_id
        self._fd: int | None = fd
        self._key = key
        self._sequence = next_sequence
        self._clock = clock
        self._head = head

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
            # Then the head, which counts it: entry first, so a crash between the two leaves
            # the journal ahead of its head (read as whole), never behind it.
            self._head.advance(heads.record_tag(frame), stored)
        except OSError as exc:
            # A part-written record (disk full, medium removed) would hide every later one,
            # and one the head does not count would be an entry nobody was told was saved:
            # cut it off, and tell the caller the event was not saved.
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, end)
                _full_fsync(self._fd)
            raise AnswerNotSaved(os_reason(exc)) from None
        self._sequence += 1
        return stored

    def close(self) -> None:
        self._head.close()
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
        self._format = STORE_FORMAT  # of store.json, once read

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
        self._ensure_dirs()
        try:
            _atomic_create(self.store_file, _store_document(params, salt, master))
        except FileExistsError:
            raise PassphraseRefused("already_set", path=str(self.data_dir)) from None
        self._master = master
        self._format = STORE_FORMAT

    def _read_store_file(self) -> tuple[int, crypto.ScryptParams, bytes, bytes]:
        try:
            raw = read_bounded(self.store_file, MAX_STORE_FILE_BYTES)
        except FileNotFoundError:
            journals = len(self.session_ids())
            if journals:
                raise StoreMissing(str(self.store_file), journals) from None
            raise NotInitialised() from None
        except OSError as exc:
            raise StoreDamaged(str(self.store_file), "unreadable", os_reason(exc)) from None
        damaged = StoreDamaged(str(self.store_file))
        try:
            document = json.loads(raw.decode("utf-8"))
            version = document["format"]
            if not isinstance(version, int) or isinstance(version, bool) or version < 1:
                raise damaged
            if version > STORE_FORMAT:
                raise StoreDamaged(str(self.store_file), "newer", found=version)
            # Damage to the salt or the settings must not read as a wrong passphrase: the
            # checksum (format 2) tells them apart before the passphrase is tried.
            if version >= 2 and document.get("checksum") != _checksum(document):
                raise damaged
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
        return version, params, salt, verifier

    def unlock(self, passphrase: str) -> None:
        """Derive the master key once; raises WrongPassphrase, NotInitialised, StoreDamaged."""
        version, params, salt, verifier = self._read_store_file()
        master = crypto.derive_master_key(passphrase, salt, params)
        key = crypto.verifier_key(master)
        try:
            crypto.open_sealed(key, verifier, _VERIFIER_AAD[version])
        except crypto.Decryption:
            other = next(label for v, label in _VERIFIER_AAD.items() if v != version)
            try:
                crypto.open_sealed(key, verifier, other)
            except crypto.Decryption:
                raise WrongPassphrase() from None
            # The right passphrase, but the format number was changed (to stop the checks
            # of the journals' heads, or by damage): the file cannot be trusted.
            raise StoreDamaged(str(self.store_file)) from None
        self._master = master
        self._format = version
        if version < STORE_FORMAT:
            self._upgrade(params, salt)

    def _upgrade(self, params: crypto.ScryptParams, salt: bytes) -> None:
        """Format 1 to 2: a head for every journal as it is now, then the new store.json.

        Best effort: while an interview is open in another window, or where the folder cannot
        be written, the store stays at format 1 (journals without a head are read as they
        are) and the next unlock tries again."""
        master = self._require_unlocked()
        try:
            for session_id in self.session_ids():
                path = self.journal_path(session_id)
                head_path = heads.path_for(path)
                if head_path.exists():
                    continue
                try:
                    fd = _open_locked(path, os.O_RDONLY, session_id)
                except SessionBusy:
                    return
                except (DamagedSession, SessionNotFound):
                    continue  # named when it is listed; nothing to record for it
                try:
                    journal = decode_journal(_read_fd(fd), session_id, self._key(session_id))
                    keeper = HeadKeeper(
                        session_id,
                        head_path,
                        heads.head_key(master, session_id),
                        journal.tags,
                        tally(journal.header, journal.events),
                    )
                    try:
                        keeper.save()
                    finally:
                        keeper.close()
                except DamagedSession:
                    continue
                finally:
                    os.close(fd)
            _atomic_replace(self.store_file, _store_document(params, salt, master))
        except OSError:
            return
        self._format = STORE_FORMAT

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
            frame = encode_record(key, session_id, 0, header)
            head_path = heads.path_for(path)
            if path.exists() or head_path.exists():
                continue  # 48 random bits met another interview: draw again
            keeper = HeadKeeper(
                session_id,
                head_path,
                heads.head_key(self._require_unlocked(), session_id),
                [heads.record_tag(frame)],
                Tally(header),
            )
            # The head first: a crash before the journal exists leaves a head alone, which
            # nothing reads; the other order would leave a journal without its head.
            try:
                keeper.save()
                _atomic_create(path, encode_prefix(session_id) + frame)
                break
            except FileExistsError:
                keeper.close()
                continue
            except BaseException:
                keeper.close()
                head_path.unlink(missing_ok=True)
                raise
        fd = _open_locked(path, os.O_WRONLY | os.O_APPEND, session_id)
        return SessionWriter(session_id, fd, key, 1, self._clock, keeper)

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
                session_id, lazy(N_("the file cannot be read ({reason})."), reason=os_reason(exc))
            ) from None

    def _read_head(self, session_id: str) -> bytes | None:
        """The raw head file of a journal, or None when there is none. Read *before* the
        journal: its writer replaces the head only after the entry is on disk, so the journal
        read next holds at least the entries the head counts."""
        path = heads.path_for(self.journal_path(session_id))
        try:
            return read_bounded(path, heads.MAX_HEAD_BYTES, follow_symlinks=False)
        except FileNotFoundError:
            return None
        except OSError:
            raise HeadProblem(session_id, str(path)) from None

    def _check_head(
        self, session_id: str, raw_head: bytes | None, journal: DecodedJournal
    ) -> heads.Head | None:
        """Raise if the journal is not the one its head describes (fewer entries, or others)."""
        path = heads.path_for(self.journal_path(session_id))
        if raw_head is None:
            if self._format >= 2:
                raise HeadMissing(session_id, str(path))
            return None  # a store from before heads: upgraded at the next unlock
        key = heads.head_key(self._require_unlocked(), session_id)
        try:
            head_file = heads.decode(key, session_id, raw_head)
        except heads.HeadUnusable:
            raise HeadProblem(session_id, str(path)) from None
        head = head_file.head
        if head is None:  # a head file with nothing written in it yet
            if self._format >= 2:
                raise HeadMissing(session_id, str(path))
            return None
        if head_file.damaged_slot and len(journal.tags) <= head.records:
            # A slot cut short by a crash was being written for an entry already on disk;
            # without that entry, the damage is not a crash's.
            raise HeadProblem(session_id, str(path))
        if len(journal.tags) < head.records:
            counts = tally(journal.header, journal.events)
            raise EntriesMissing(
                session_id,
                found=len(journal.tags),
                recorded=head.records,
                answered_found=len(counts.answered),
                answered_saved=head.answered,
                finished_found=counts.finished,
                finished_saved=head.finished,
                updated_saved=head.updated,
            )
        if heads.chain_of(journal.tags[: head.records]) != head.chain:
            raise JournalReplaced(session_id)
        return head

    def load(self, session_id: str) -> LoadedSession:
        """Every confirmed event of one interview; raises DamagedSession (also when entries
        saved earlier are missing from the journal), SessionNotFound."""
        key = self._key(session_id)
        raw_head = self._read_head(session_id)
        journal = decode_journal(self._read(session_id), session_id, key)
        self._check_head(session_id, raw_head, journal)
        return LoadedSession(summarise(session_id, journal), journal.header, journal.events)

    def resume(self, session_id: str) -> SessionWriter:
        """A writer that appends after the last confirmed event (dropping a torn tail)."""
        key = self._key(session_id)
        path = self.journal_path(session_id)
        fd = _open_locked(path, os.O_RDWR | os.O_APPEND, session_id)
        keeper: HeadKeeper | None = None
        try:
            raw_head = self._read_head(session_id)
            data = _read_fd(fd)
            journal = decode_journal(data, session_id, key)
            head = self._check_head(session_id, raw_head, journal)
            if journal.torn_bytes:
                # Appending after a torn tail would hide every later entry behind it.
                os.ftruncate(fd, journal.valid_end)
                _full_fsync(fd)
            keeper = HeadKeeper(
                session_id,
                heads.path_for(path),
                heads.head_key(self._require_unlocked(), session_id),
                journal.tags,
                tally(journal.header, journal.events),
            )
            if head is None or head.records < keeper.records:
                keeper.save()  # a crash came between an entry and its head, or no head yet
        except BaseException:
            if keeper is not None:
                keeper.close()
            os.close(fd)
            raise
        return SessionWriter(session_id, fd, key, 1 + len(journal.events), self._clock, keeper)

    def accept_missing(self, session_id: str) -> DamagedSession | None:
        """Take a journal whose saved entries are missing (or whose head is gone) as it now
        is, and write the loss into it: an `entries_missing` entry, authenticated like any
        other, saying what was missing, then a head that counts it. The interview opens,
        resumes and exports again, and its journal keeps saying what was lost. Returns the
        problem accepted; None when there was none (nothing is written then). Any other
        damage is raised: it is not a loss this can record."""
        key = self._key(session_id)
        path = self.journal_path(session_id)
        fd = _open_locked(path, os.O_RDWR | os.O_APPEND, session_id)
        writer: SessionWriter | None = None
        try:
            try:
                raw_head = self._read_head(session_id)
            except HeadProblem:
                raw_head = None  # unreadable: named below, replaced like a damaged one
                heads.path_for(path).unlink(missing_ok=True)
            journal = decode_journal(_read_fd(fd), session_id, key)
            problem: DamagedSession
            try:
                self._check_head(session_id, raw_head, journal)
            except (EntriesMissing, JournalReplaced, HeadProblem) as exc:
                problem = exc
            else:
                if raw_head is not None or self._format < 2:
                    return None
                problem = HeadMissing(session_id, str(heads.path_for(path)))
            if journal.torn_bytes:
                os.ftruncate(fd, journal.valid_end)
                _full_fsync(fd)
            head_path = heads.path_for(path)
            if not isinstance(problem, EntriesMissing | JournalReplaced):
                head_path.unlink(missing_ok=True)  # a damaged one: started afresh
            keeper = HeadKeeper(
                session_id,
                head_path,
                heads.head_key(self._require_unlocked(), session_id),
                journal.tags,
                tally(journal.header, journal.events),
            )
            writer = SessionWriter(
                session_id, fd, key, 1 + len(journal.events), self._clock, keeper
            )
            keeper.save()
            event: dict[str, Any] = {"kind": "entries_missing", "found": len(journal.tags)}
            if isinstance(problem, EntriesMissing):
                event.update(
                    problem="cut",
                    recorded=problem.recorded,
                    answered_saved=problem.answered_saved,
                    finished_saved=problem.finished_saved,
                    updated_saved=problem.updated_saved,
                )
            elif isinstance(problem, JournalReplaced):
                event["problem"] = "replaced"
            else:
                event["problem"] = "head_" + getattr(problem, "problem", "damaged")
            writer.append(event)
            return problem
        finally:
            if writer is not None:
                writer.close()
            else:
                os.close(fd)

    def list(self) -> list[SessionInfo]:
        """Every interview, newest first; unreadable ones carry their problem."""
        self._require_unlocked()
        infos = []
        for session_id in self.session_ids():
            try:
                infos.append(self.load(session_id).info)
            except (DamagedSession, SessionNotFound) as exc:
                infos.append(SessionInfo(id=session_id, problem=exc.message()))
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
        heads.path_for(path).unlink(missing_ok=True)
        path.unlink()
        _fsync_dir(path.parent)


def _checksum(document: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of store.json without its checksum: it names damage
    before any passphrase is tried (it is not a secret, and guards against accidents only)."""
    body = {key: value for key, value in document.items() if key != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return "sha256:" + hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _store_document(params: crypto.ScryptParams, salt: bytes, master: bytes) -> bytes:
    verifier = crypto.seal(
        crypto.verifier_key(master), _VERIFIER_PLAINTEXT, _VERIFIER_AAD[STORE_FORMAT]
    )
    document: dict[str, Any] = {
        "format": STORE_FORMAT,
        "kdf": {"name": "scrypt", **params.as_dict()},
        "salt": base64.b64encode(salt).decode("ascii"),
        "cipher": "AES-256-GCM",
        "verifier": base64.b64encode(verifier).decode("ascii"),
    }
    document["checksum"] = _checksum(document)
    return (json.dumps(document, indent=2) + "\n").encode("ascii")


def _atomic_replace(path: Path, data: bytes) -> None:
    """Replace a file with one that exists whole: written and synced beside it, renamed."""
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
    try:
        try:
            _write_all(fd, data)
            _full_fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)
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
