"""The head of a journal: how many entries were saved, and a digest of all of them in order.

A journal alone cannot tell a file cut at a record boundary, or an older copy of itself, from
a shorter interview: every prefix of a journal is a valid journal. So each journal has a small
companion file, `<id>.head`, rewritten after every entry is on disk. It has two slots of
SLOT_BYTES, written in turn in place (the head of n entries goes to slot n % 2), each

    magic "DALILH" | format (uint8) | length (uint16 BE) | sealed record | zero padding

The record is JSON: `records` (entries saved, the header included), `chain` (a running
SHA-256 over the authentication tags of those records, in order), and what the officer would
want to know about the entries if they went missing: `answered` (questions answered),
`finished` (the result was reached), `updated` (the time of the last one). It is sealed
(AES-256-GCM) with a key of its own, derived from the store's master key and the interview
id, so it cannot be forged, nor moved to another interview, without the passphrase. The head
is the valid slot with the most records.

The order makes it safe against crashes and against readers: the entry is written and synced
first, then its slot; a reader reads the head first, then the journal. So at every moment the
journal holds at least the entries the head counts, and a journal with fewer, or whose first
entries do not hash to `chain`, is not the one that was saved: it is named, never accepted
silently (see SessionStore.load). A journal with more entries than its head is one a crash
left between the two writes: the extra entry is authentic (its tag binds its place), and the
head catches up at the next write. A slot cut short by a crash is the one being written for
the next entry, which was already on disk: so a damaged slot beside a valid one is accepted
only when the journal holds that next entry. Writing in place costs one sync per entry (a new
file renamed over the old one costs three).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guide.sessions import crypto
from guide.sessions.errors import NotARegularFile

MAGIC = b"DALILH"
FORMAT_VERSION = 1
SUFFIX = ".head"
SLOT_BYTES = 512  # one disk sector: a slot is written whole or, after a power cut, not at all
MAX_HEAD_BYTES = 4096
_PREFIX = struct.Struct(">6sBH")
_BINARY = getattr(os, "O_BINARY", 0)


class HeadUnusable(Exception):
    """The head file cannot be read or opened (damaged, forged, from another interview). Its
    argument is a code for tests and logs; the reader is told by HeadProblem's message."""


@dataclass(frozen=True)
class Head:
    records: int
    chain: bytes
    answered: int = 0
    finished: bool = False
    updated: str | None = None


@dataclass(frozen=True)
class HeadFile:
    """What a head file holds: its best head (None when it holds none), and whether a slot
    is damaged (a write cut short by a crash, or worse)."""

    head: Head | None
    damaged_slot: bool


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
    """The slot (SLOT_BYTES long) that holds `head`."""
    document = {
        "records": head.records,
        "chain": head.chain.hex(),
        "answered": head.answered,
        "finished": head.finished,
        "updated": head.updated,
    }
    plaintext = json.dumps(document, separators=(",", ":")).encode("ascii")
    plaintext += b" " * (-len(plaintext) % 64)
    sealed = crypto.seal(key, plaintext, _aad(session_id))
    slot = _PREFIX.pack(MAGIC, FORMAT_VERSION, len(sealed)) + sealed
    if len(slot) > SLOT_BYTES:
        raise ValueError("a head does not fit in its slot")
    return slot + bytes(SLOT_BYTES - len(slot))


def _decode_slot(key: bytes, session_id: str, slot: bytes) -> Head:
    if len(slot) < _PREFIX.size:
        raise HeadUnusable("cut_short")
    magic, version, length = _PREFIX.unpack_from(slot, 0)
    if magic != MAGIC or version != FORMAT_VERSION:
        raise HeadUnusable("not_a_head")
    sealed = slot[_PREFIX.size : _PREFIX.size + length]
    try:
        plaintext = crypto.open_sealed(key, sealed, _aad(session_id))
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


def decode(key: bytes, session_id: str, data: bytes) -> HeadFile:
    """The head in the bytes of a head file; HeadUnusable when no slot holds one and some
    slot is damaged (never another exception)."""
    if len(data) > 2 * SLOT_BYTES:
        raise HeadUnusable("too_long")
    found: list[Head] = []
    damaged = False
    for start in (0, SLOT_BYTES):
        slot = data[start : start + SLOT_BYTES]
        if not slot.strip(b"\x00"):
            continue  # never written (the file is created with one slot)
        try:
            head = _decode_slot(key, session_id, slot)
        except HeadUnusable:
            damaged = True
            continue
        if head.records % 2 != start // SLOT_BYTES:
            damaged = True  # a slot copied to the other place
            continue
        found.append(head)
    if not found and damaged:
        raise HeadUnusable("damaged")
    best = max(found, key=lambda head: head.records) if found else None
    return HeadFile(best, damaged)


def path_for(journal: Path) -> Path:
    return journal.with_suffix(SUFFIX)


def open_for_writing(path: Path) -> int:
    """The head file, opened (created 0600 when new) for its writer; never through a link."""
    flags = os.O_RDWR | os.O_CREAT | _BINARY | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotARegularFile(str(path))
    except BaseException:
        os.close(fd)
        raise
    return fd


def write(fd: int, records: int, slot: bytes) -> None:
    """Write the slot of the head of `records` entries in place, and sync it. OSError means
    it may not be on disk: the caller undoes the entry it was for."""
    os.lseek(fd, (records % 2) * SLOT_BYTES, os.SEEK_SET)
    view = memoryview(slot)
    while view:
        view = view[os.write(fd, view) :]
    if sys.platform == "darwin":
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
    os.fsync(fd)
