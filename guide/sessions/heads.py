"""The head of a journal: how many entries were saved, and a digest of all of them in order.

A journal alone cannot tell a file cut at a record boundary, or an older copy of itself, from
a shorter interview: every prefix of a journal is a valid journal. So each journal has a small
companion file, `<id>.head`, replaced (atomically) after every entry is on disk:

    magic "DALILH" | format (uint8) | sealed record (AES-256-GCM, as in journal.py)

The record is JSON: `records` (entries saved, the header included), `chain` (a running
SHA-256 over the authentication tags of those records, in order), and what the officer would
want to know about the entries if they went missing: `answered` (questions answered),
`finished` (the result was reached), `updated` (the time of the last entry). It is sealed with
a key of its own, derived from the store's master key and the interview id, so it cannot be
forged, nor moved to another interview, without the passphrase.

The order makes it safe against crashes and against readers: the entry is written and synced
first, then the head; a reader reads the head first, then the journal. So at every moment the
journal holds at least `records` entries, and a journal with fewer, or whose first `records`
entries do not hash to `chain`, is not the one that was saved: it is named, never accepted
silently (see SessionStore.load). A journal with more entries than its head is the one a crash
left between the two writes: the extra entry is authentic (its tag binds its place), and the
head catches up at the next write.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guide.sessions import crypto

MAGIC = b"DALILH"
FORMAT_VERSION = 1
SUFFIX = ".head"
MAX_HEAD_BYTES = 4096
_PREFIX = struct.Struct(">6sB")
_BINARY = getattr(os, "O_BINARY", 0)


class HeadUnusable(Exception):
    """The head file cannot be read or opened (damaged, forged, from another interview)."""


@dataclass(frozen=True)
class Head:
    records: int
    chain: bytes
    answered: int = 0
    finished: bool = False
    updated: str | None = None


def head_key(master: bytes, session_id: str) -> bytes:
    return crypto.subkey(master, b"dalil/journal-head/v1/" + session_id.encode("ascii"))


def _aad(session_id: str) -> bytes:
    return b"dalil/journal-head/v1\x00" + session_id.encode("ascii")


def chain_start() -> bytes:
    return hashlib.sha256(b"dalil/journal-chain/v1").digest()


def chain_next(chain: bytes, tag: bytes) -> bytes:
    return hashlib.sha256(chain + tag).digest()


def chain_of(tags: list[bytes]) -> bytes:
    chain = chain_start()
    for tag in tags:
        chain = chain_next(chain, tag)
    return chain


def record_tag(sealed_or_frame: bytes) -> bytes:
    """The authentication tag of a record: the last bytes of its sealed form (or frame)."""
    return sealed_or_frame[-crypto.TAG_BYTES :]


def encode(key: bytes, session_id: str, head: Head) -> bytes:
    document = {
        "records": head.records,
        "chain": head.chain.hex(),
        "answered": head.answered,
        "finished": head.finished,
        "updated": head.updated,
    }
    plaintext = json.dumps(document, separators=(",", ":")).encode("ascii")
    plaintext += b" " * (-len(plaintext) % 128)
    return _PREFIX.pack(MAGIC, FORMAT_VERSION) + crypto.seal(key, plaintext, _aad(session_id))


def decode(key: bytes, session_id: str, data: bytes) -> Head:
    """The head in `data`; HeadUnusable for anything else (never another exception)."""
    if len(data) < _PREFIX.size:
        raise HeadUnusable("cut short")
    magic, version = _PREFIX.unpack_from(data, 0)
    if magic != MAGIC or version != FORMAT_VERSION:
        raise HeadUnusable("not a head file")
    try:
        plaintext = crypto.open_sealed(key, data[_PREFIX.size :], _aad(session_id))
        document: Any = json.loads(plaintext.decode("ascii"))
        records, chain = document["records"], bytes.fromhex(document["chain"])
        answered, finished = document["answered"], document["finished"]
        updated = document["updated"]
    except (crypto.Decryption, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise HeadUnusable("damaged") from None
    if (
        not isinstance(records, int)
        or isinstance(records, bool)
        or records < 1
        or len(chain) != 32
        or not isinstance(answered, int)
        or not isinstance(finished, bool)
        or not (updated is None or isinstance(updated, str))
    ):
        raise HeadUnusable("damaged")
    return Head(records, chain, answered, finished, updated)


def path_for(journal: Path) -> Path:
    return journal.with_suffix(SUFFIX)


def write(path: Path, data: bytes) -> None:
    """Replace the head file with `data`: a new file, synced, then renamed over the old one.

    OSError before the rename means the old head is in place (the caller may undo its entry);
    after the rename nothing is raised (the new head is in place, the rest is best effort)."""
    temp = path.with_name(path.name + ".tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _BINARY | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temp, flags, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    finally:
        os.close(fd)
    for attempt in range(5):
        try:
            os.replace(temp, path)
            break
        except PermissionError:
            # Windows: a reader has the old head open for a moment; elsewhere never retried.
            if sys.platform != "win32" or attempt == 4:
                raise
            time.sleep(0.02 * (attempt + 1))
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            fd = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
