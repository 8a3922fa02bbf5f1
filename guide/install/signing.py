"""Signed guide updates: a trainer's Ed25519 key signs the manifest of an update archive.

The manifest (`dalil-guide-update.json`) lists the SHA-256 of every file, so a signature
over the manifest covers the whole content. The signature travels beside it in the archive,
as `dalil-guide-update.sig`:

    {"format": "dalil-guide-signature", "key_id": "3f9a1c0b7e21d4c8", "signature": "<base64>"}

A laptop accepts an update only when the signature is valid for a key it trusts:

* keys shipped with Dalil (`guide/install/trusted_keys/*.pub`, inside the wheel and so
  inside the bundle), and
* keys added on this laptop with `dalil update-guide --trust-key FILE` (kept in
  `<data dir>/guide-updates/trusted-keys/`; `--distrust-key ID` removes one).

Key files: the private key is PKCS#8 PEM, written 0600 and never needed on a laptop; the
public key is one line, `dalil-ed25519 <base64 of the 32-byte key> <comment>`. A key id is
the first 16 hex digits of the SHA-256 of the raw public key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from guide.i18n import _
from guide.install.locations import guide_updates_dir
from guide.safe_files import read_bounded

SIGNATURE_NAME = "dalil-guide-update.sig"
SIGNATURE_FORMAT = "dalil-guide-signature"
PUBLIC_PREFIX = "dalil-ed25519"
SHIPPED_KEYS_DIR = Path(__file__).parent / "trusted_keys"
TRUSTED_KEYS_DIR_NAME = "trusted-keys"
_MAX_KEY_FILE = 16 * 1024
_KEY_ID = re.compile(r"[0-9a-f]{16}\Z")


class SigningError(Exception):
    """A key or a signature cannot be used; the message is for the person at the desk."""


@dataclass(frozen=True, slots=True)
class PublicKey:
    raw: bytes  # 32 bytes
    comment: str = ""
    source: str = ""  # where it was found: "shipped" (with Dalil) or "added" (on this laptop)

    @property
    def key_id(self) -> str:
        return key_id(self.raw)

    def line(self) -> str:
        comment = f" {self.comment}" if self.comment else ""
        return f"{PUBLIC_PREFIX} {base64.b64encode(self.raw).decode('ascii')}{comment}\n"


def key_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:16]


def user_keys_dir() -> Path:
    return guide_updates_dir() / TRUSTED_KEYS_DIR_NAME


# -- making and reading keys -----------------------------------------------------------------


def new_key_pair(private_path: Path, comment: str) -> PublicKey:
    """Write a new private key to `private_path` (0600, refusing to replace a file) and its
    public key to `private_path` + ".pub"; return the public key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public_path = private_path.with_name(private_path.name + ".pub")
    for path in (private_path, public_path):
        if path.exists() or path.is_symlink():
            raise SigningError(
                _("{path} exists already; choose another name (keys are never replaced)").format(
                    path=path
                )
            )
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    raw = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    public = PublicKey(raw, _clean_comment(comment))
    private_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    fd = os.open(public_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(public.line())
    return public


def _clean_comment(comment: str) -> str:
    return re.sub(r"[^\w .@+-]", "", comment)[:80].strip()


def load_private_key(path: Path):  # -> Ed25519PrivateKey
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    data = read_bounded(path, _MAX_KEY_FILE)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as error:
        raise SigningError(
            _(
                "{path}: not a private key made by 'dalil update-guide --new-key' ({problem})"
            ).format(path=path, problem=error)
        ) from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(_("{path}: not an Ed25519 private key").format(path=path))
    return key


def parse_public_key(text: str, source: str) -> PublicKey:
    parts = text.strip().split(maxsplit=2)
    if len(parts) < 2 or parts[0] != PUBLIC_PREFIX:
        raise SigningError(
            _("{source}: not a Dalil public key (it starts with '{prefix} ')").format(
                source=source, prefix=PUBLIC_PREFIX
            )
        )
    try:
        raw = base64.b64decode(parts[1], validate=True)
    except (binascii.Error, ValueError):
        raise SigningError(
            _("{source}: the key is not valid base64").format(source=source)
        ) from None
    if len(raw) != 32:
        raise SigningError(
            _("{source}: an Ed25519 public key has 32 bytes, not {count}").format(
                source=source, count=len(raw)
            )
        )
    return PublicKey(raw, _clean_comment(parts[2]) if len(parts) > 2 else "", source)


def read_public_key(path: Path) -> PublicKey:
    data = read_bounded(path, _MAX_KEY_FILE)
    return parse_public_key(data.decode("ascii", errors="replace"), str(path))


# -- trust -----------------------------------------------------------------------------------


def trusted_keys() -> dict[str, PublicKey]:
    """Every key this laptop trusts, by key id: the shipped ones and the added ones. A key
    file that cannot be read is skipped (it trusts nothing)."""
    found: dict[str, PublicKey] = {}
    for folder, label in ((SHIPPED_KEYS_DIR, "shipped"), (user_keys_dir(), "added")):
        try:
            files = sorted(folder.glob("*.pub"))
        except OSError:
            continue
        for path in files:
            try:
                key = read_public_key(path)
            except (OSError, SigningError):
                continue
            found.setdefault(key.key_id, PublicKey(key.raw, key.comment, label))
    return found


def trust_key(path: Path) -> PublicKey:
    """Add the public key in `path` to this laptop's trusted keys."""
    key = read_public_key(path)
    folder = user_keys_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{key.key_id}.pub"
    partial = folder / f".{key.key_id}.{os.getpid()}.tmp"
    partial.write_text(key.line(), encoding="ascii")
    os.replace(partial, target)
    return key


def distrust_key(wanted: str) -> PublicKey:
    """Remove an added key (by its id); a shipped key cannot be removed on the laptop."""
    wanted = wanted.strip().lower()
    if not _KEY_ID.match(wanted):
        raise SigningError(
            _("{wanted} is not a key id (16 hex digits, see --list-keys)").format(
                wanted=repr(wanted)
            )
        )
    path = user_keys_dir() / f"{wanted}.pub"
    try:
        key = read_public_key(path)
    except FileNotFoundError:
        if wanted in trusted_keys():
            raise SigningError(
                _("key {wanted} is shipped with Dalil: install a Dalil bundle without it").format(
                    wanted=wanted
                )
            ) from None
        raise SigningError(
            _("no added key {wanted} on this laptop").format(wanted=wanted)
        ) from None
    path.unlink()
    return key


# -- signing and checking -------------------------------------------------------------------


def public_key_of(private_key) -> PublicKey:
    from cryptography.hazmat.primitives import serialization

    raw = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return PublicKey(raw)


def sign_manifest(manifest: bytes, private_key) -> bytes:
    from cryptography.hazmat.primitives import serialization

    raw = private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    document = {
        "format": SIGNATURE_FORMAT,
        "key_id": key_id(raw),
        "signature": base64.b64encode(private_key.sign(manifest)).decode("ascii"),
    }
    return (json.dumps(document, indent=2, sort_keys=True) + "\n").encode("ascii")


def verify_manifest(
    manifest: bytes, signature: bytes | None, keys: dict[str, PublicKey] | None = None
) -> PublicKey:
    """The trusted key that signed `manifest`, or SigningError saying why not."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if signature is None:
        raise SigningError(
            _(
                "the update is not signed: only updates signed by a trusted trainer's key are "
                "installed (ask for an archive made with 'dalil update-guide --build ... --key')"
            )
        )
    try:
        document = json.loads(signature.decode("ascii"))
        assert isinstance(document, dict) and document.get("format") == SIGNATURE_FORMAT
        wanted = document["key_id"]
        value = base64.b64decode(document["signature"], validate=True)
        assert isinstance(wanted, str) and len(value) == 64
    except (ValueError, KeyError, TypeError, AssertionError, RecursionError, binascii.Error):
        raise SigningError(
            _("{signature} is damaged or not a Dalil signature").format(signature=SIGNATURE_NAME)
        ) from None
    keys = trusted_keys() if keys is None else keys
    key = keys.get(wanted)
    if key is None:
        known = ", ".join(sorted(keys)) or _("no key")
        raise SigningError(
            _(
                "signed by key {key}, which this laptop does not trust (trusted: {known}); if "
                "your trainer gave you this key, add it with 'dalil update-guide --trust-key FILE'"
            ).format(key=repr(wanted[:16]), known=known)
        )
    try:
        Ed25519PublicKey.from_public_bytes(key.raw).verify(value, manifest)
    except InvalidSignature:
        raise SigningError(
            _(
                "the signature does not match the content (key {key}): the archive was changed "
                "after it was signed"
            ).format(key=key.key_id)
        ) from None
    return key
