"""Keys and the authenticated cipher behind the journals.

One master key is derived from the passphrase with scrypt, once per unlock (it is the slow
step on purpose). Each interview gets its own subkey (HKDF over the interview id), and every
record's associated data binds the interview id and the record's sequence number: a record
moved to another interview, or to another place in the same one, fails authentication.
"""

from __future__ import annotations

import os
import struct
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
SALT_BYTES = 16

# Bounds for parameters read back from the store file, so a damaged or hostile file cannot
# ask for gigabytes of memory or minutes of work. scrypt needs 128 * r * 2**log2_n bytes
# and time in proportion to 2**log2_n * r * p: the defaults (2**15, 8, 1) need 32 MiB and
# about 0.1 s; the bounds allow 8x that memory and 16x that work (under 2 s here), enough
# to raise the cost later without letting store.json ask for 4 GB and minutes per unlock.
_MAX_LOG2_N = 20
_MAX_R = 32
_MAX_P = 16
MAX_MEMORY_BYTES = 256 * 1024 * 1024
MAX_WORK = 16 * (2**15) * 8


@dataclass(frozen=True)
class ScryptParams:
    """scrypt settings recorded in the store file; the defaults cost ~32 MiB and ~0.1 s."""

    log2_n: int = 15
    r: int = 8
    p: int = 1

    def check(self) -> None:
        for name, value, low, high in (
            ("log2_n", self.log2_n, 1, _MAX_LOG2_N),
            ("r", self.r, 1, _MAX_R),
            ("p", self.p, 1, _MAX_P),
        ):
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                raise ValueError(f"scrypt parameter {name}={value!r} is outside {low}..{high}")
        if 128 * self.r * 2**self.log2_n > MAX_MEMORY_BYTES:
            raise ValueError("scrypt parameters ask for more than 256 MiB of memory")
        if 2**self.log2_n * self.r * self.p > MAX_WORK:
            raise ValueError("scrypt parameters ask for more than 16 times the default work")

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class Decryption(Exception):
    """A record failed authentication (wrong key, damaged, moved or reordered)."""


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive_master_key(passphrase: str, salt: bytes, params: ScryptParams) -> bytes:
    params.check()
    kdf = Scrypt(salt=salt, length=KEY_BYTES, n=2**params.log2_n, r=params.r, p=params.p)
    return kdf.derive(passphrase.encode("utf-8"))


def subkey(master: bytes, purpose: bytes) -> bytes:
    """A key for one purpose (the verifier, one interview), independent of the others."""
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None, info=purpose).derive(master)


def journal_key(master: bytes, session_id: str) -> bytes:
    return subkey(master, b"dalil/journal/v1/" + session_id.encode("ascii"))


def verifier_key(master: bytes) -> bytes:
    return subkey(master, b"dalil/store-verifier/v1")


def record_aad(session_id: str, sequence: int) -> bytes:
    return (
        b"dalil/record/v1\x00" + session_id.encode("ascii") + b"\x00" + struct.pack(">Q", sequence)
    )


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """nonce || ciphertext || tag. Random nonces are safe: one key never sees 2**32 records."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def open_sealed(key: bytes, sealed: bytes, aad: bytes) -> bytes:
    if len(sealed) < NONCE_BYTES + TAG_BYTES:
        raise Decryption("record too short")
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], aad)
    except InvalidTag as exc:
        raise Decryption("authentication failed") from exc
