"""The journal file format: framing, encryption of records, and a reader that never crashes.

A journal file is

    magic "DALILJ" | format (uint16 BE) | id length (uint8) | interview id (ASCII)
    frame 0: the encrypted header record (guide, language, start time)
    frame 1..n: one encrypted event each, appended

and every frame is

    length of the sealed record (uint32 BE) | CRC-32 of those 4 length bytes | sealed record

The CRC guards only the length, so that a flipped bit in a length is reported as damage
instead of being mistaken for a record cut short. A record cut short at the end of the file
(the process was killed or the power went while writing it, so it was never confirmed) is
a *torn tail*: it is ignored, and everything before it is read.

Plaintexts are JSON padded with spaces to a multiple of PAD_BYTES, so that the size of a
record does not tell "yes" from "no". The interview id is the only thing in clear text;
it is random and says nothing about the person.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from guide.i18n.lazy import N_, lazy
from guide.sessions.crypto import TAG_BYTES, Decryption, open_sealed, record_aad, seal
from guide.sessions.errors import DamagedSession, NewerFormat

MAGIC = b"DALILJ"
FORMAT_VERSION = 1
PAD_BYTES = 256
MAX_RECORD_BYTES = 1 << 20
SESSION_ID_PATTERN = re.compile(r"^[a-z0-9]{4,64}$")

_PREFIX = struct.Struct(">6sHB")
_FRAME = struct.Struct(">II")


def frame_crc(length_bytes: bytes) -> int:
    return zlib.crc32(length_bytes) & 0xFFFFFFFF


def encode_prefix(session_id: str) -> bytes:
    raw = session_id.encode("ascii")
    return _PREFIX.pack(MAGIC, FORMAT_VERSION, len(raw)) + raw


def encode_record(key: bytes, session_id: str, sequence: int, record: dict[str, Any]) -> bytes:
    """One complete frame, ready to be written with a single write."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    padded = text + b" " * (-len(text) % PAD_BYTES)
    sealed = seal(key, padded, record_aad(session_id, sequence))
    length = struct.pack(">I", len(sealed))
    return length + struct.pack(">I", frame_crc(length)) + sealed


@dataclass(frozen=True)
class Frames:
    """The structure of a journal file, before decryption."""

    session_id: str
    format_version: int
    records: list[bytes]  # sealed records; their index is their sequence number
    valid_end: int  # where the complete records end: the next append belongs there
    torn_bytes: int  # bytes of a last record cut short, after valid_end


# The reasons below are LazyText: English for logs and tests, translated when the message is
# shown (guide.sessions.errors.DamagedSession.message), in the reader's language then.
_NOT_A_JOURNAL = N_("this is not a Dalil interview file.")
_CUT_SHORT = N_("the file is cut short in its header.")
_HEADER_DAMAGED = N_("its header is damaged.")


def _damaged_entry(sequence: int) -> str:
    if sequence == 0:
        return lazy(_HEADER_DAMAGED)
    return lazy(N_("entry {number} is damaged."), number=sequence)


def _is_zero(data: bytes) -> bool:
    return not data.strip(b"\x00")


def split_frames(data: bytes, expected_id: str) -> Frames:
    """Check the prefix and cut the file into sealed records; only DamagedSession escapes."""
    if not MAGIC.startswith(data[: len(MAGIC)]):
        raise DamagedSession(expected_id, lazy(_NOT_A_JOURNAL))
    if len(data) < _PREFIX.size:
        raise DamagedSession(expected_id, lazy(N_("the file is empty or cut short in its header.")))
    magic, version, id_length = _PREFIX.unpack_from(data, 0)
    if magic != MAGIC:
        raise DamagedSession(expected_id, lazy(_NOT_A_JOURNAL))
    if version > FORMAT_VERSION:
        raise NewerFormat(expected_id, version, FORMAT_VERSION)
    if version < 1:
        raise DamagedSession(
            expected_id, lazy(N_("its format number {number} is not valid."), number=version)
        )
    pos = _PREFIX.size
    raw_id = data[pos : pos + id_length]
    pos += id_length
    if len(raw_id) < id_length:
        raise DamagedSession(expected_id, lazy(_CUT_SHORT))
    try:
        file_id = raw_id.decode("ascii")
    except UnicodeDecodeError:
        raise DamagedSession(expected_id, lazy(_HEADER_DAMAGED)) from None
    if not SESSION_ID_PATTERN.match(file_id):
        raise DamagedSession(expected_id, lazy(_HEADER_DAMAGED))
    if file_id != expected_id:
        raise DamagedSession(
            expected_id,
            lazy(
                N_(
                    "the file holds the journal of interview {other}, not this one (was it "
                    "copied or renamed?)."
                ),
                other=file_id,
            ),
        )

    records: list[bytes] = []
    torn = 0
    while pos < len(data):
        rest = len(data) - pos
        if rest < _FRAME.size:
            torn = rest
            break
        length, crc = _FRAME.unpack_from(data, pos)
        if crc != frame_crc(data[pos : pos + 4]):
            if _is_zero(data[pos:]):
                # Space the file system reserved but the power cut never filled.
                torn = rest
                break
            raise DamagedSession(expected_id, _damaged_entry(len(records)))
        if length > MAX_RECORD_BYTES:
            raise DamagedSession(expected_id, _damaged_entry(len(records)))
        if _FRAME.size + length > rest:
            torn = rest
            break
        start = pos + _FRAME.size
        records.append(data[start : start + length])
        pos = start + length
    if not records:
        raise DamagedSession(expected_id, lazy(_CUT_SHORT))
    return Frames(file_id, version, records, len(data) - torn, torn)


@dataclass(frozen=True)
class DecodedJournal:
    header: dict[str, Any]
    events: list[dict[str, Any]]
    valid_end: int
    torn_bytes: int
    # The authentication tag of every record read (header first): what the journal's head
    # file digests (guide.sessions.heads).
    tags: list[bytes]


def _decode_json(session_id: str, plaintext: bytes, sequence: int) -> dict[str, Any]:
    try:
        value = json.loads(plaintext.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise DamagedSession(session_id, _damaged_entry(sequence)) from None
    if not isinstance(value, dict):
        raise DamagedSession(session_id, _damaged_entry(sequence))
    return value


def decode_journal(data: bytes, session_id: str, key: bytes) -> DecodedJournal:
    """Read a whole journal; every problem becomes DamagedSession (never another exception)."""
    frames = split_frames(data, session_id)
    records = frames.records
    valid_end, torn = frames.valid_end, frames.torn_bytes
    plaintexts: list[bytes] = []
    for sequence, sealed in enumerate(records):
        try:
            plaintexts.append(open_sealed(key, sealed, record_aad(session_id, sequence)))
        except Decryption:
            last = sequence == len(records) - 1
            if last and sequence > 0 and _is_zero(sealed):
                # A complete length but a body never written: torn like a short one.
                valid_end -= _FRAME.size + len(sealed)
                torn += _FRAME.size + len(sealed)
                break
            if sequence == 0:
                raise DamagedSession(
                    session_id,
                    lazy(
                        N_(
                            "its header does not open with this passphrase: the file is "
                            "damaged, was written under another passphrase, or belongs to "
                            "another interview."
                        )
                    ),
                ) from None
            raise DamagedSession(
                session_id,
                lazy(
                    N_("entry {number} is damaged, or was moved from another place or interview."),
                    number=sequence,
                ),
            ) from None
    header = _decode_json(session_id, plaintexts[0], 0)
    if header.get("type") != "header" or header.get("session") != session_id:
        raise DamagedSession(session_id, lazy(N_("its header does not belong to this interview.")))
    events = [
        _decode_json(session_id, text, sequence)
        for sequence, text in enumerate(plaintexts[1:], start=1)
    ]
    tags = [sealed[-TAG_BYTES:] for sealed in records[: len(plaintexts)]]
    return DecodedJournal(header, events, valid_end, torn, tags)
