"""The guide-and-catalog update archive that trainers hand out.

A zip with `indicators/` and `locales/`, a manifest, `dalil-guide-update.json`, that names
the guide, the Dalil version that built it and the SHA-256 of every file, and the trainer's
Ed25519 signature over the manifest (`dalil-guide-update.sig`, see guide.install.signing).
Before anything is written to disk, `verify` checks the members' names and sizes, the
signature against the keys this laptop trusts, and every member's SHA-256 against the signed
manifest: an unsigned archive, one signed by an unknown key, one whose content was changed
after signing and a copy damaged on the way are all refused before unpacking.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from guide.i18n import _
from guide.i18n.lazy import translated
from guide.i18n.oserrors import os_reason
from guide.install import safe_zip, signing
from guide.install.checksums import sha256_file

FORMAT = "dalil-guide-update"
FORMAT_VERSION = 1
MANIFEST_NAME = "dalil-guide-update.json"
CONTENT_FOLDERS = ("indicators", "locales")
# Only what a guide and its catalogs are made of: nothing executable travels this way.
ALLOWED_SUFFIXES = frozenset({".yaml", ".yml", ".po", ".pot", ".mo", ".json", ".md", ".txt"})
# Zip cannot store dates before 1980; a fixed date makes the same folder give the same archive.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
MAX_SIGNATURE_BYTES = 4096


class UpdateArchiveError(Exception):
    """The archive cannot be built or is refused; the message is for the person at the desk."""


@dataclass(frozen=True, slots=True)
class Manifest:
    guide_id: str
    guide_version: str
    built_with: str
    files: dict[str, str] = field(default_factory=dict)  # relative path -> sha256
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> Manifest:
        try:
            if isinstance(text, bytes):
                text = text.decode("utf-8")
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UpdateArchiveError(
                _("{manifest}: not valid JSON ({problem})").format(
                    manifest=MANIFEST_NAME, problem=exc
                )
            ) from None
        except UnicodeDecodeError:
            raise UpdateArchiveError(
                _("{manifest}: not UTF-8 text").format(manifest=MANIFEST_NAME)
            ) from None
        except RecursionError:
            raise UpdateArchiveError(
                _("{manifest}: nested too deeply").format(manifest=MANIFEST_NAME)
            ) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise UpdateArchiveError(
                _("{manifest}: not a Dalil guide update manifest").format(manifest=MANIFEST_NAME)
            )
        if data.get("format_version") != FORMAT_VERSION:
            raise UpdateArchiveError(
                _(
                    "{manifest}: format version {format_version} is not supported by this Dalil "
                    "(it reads version {supported}); install a newer Dalil bundle first"
                ).format(
                    manifest=MANIFEST_NAME,
                    format_version=repr(data.get("format_version")),
                    supported=FORMAT_VERSION,
                )
            )
        files = data.get("files")
        texts = ("guide_id", "guide_version", "built_with")
        if (
            not isinstance(files, dict)
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
            or not all(isinstance(data.get(key), str) for key in texts)
        ):
            raise UpdateArchiveError(
                _("{manifest}: missing or malformed fields").format(manifest=MANIFEST_NAME)
            )
        return cls(
            guide_id=data["guide_id"],
            guide_version=data["guide_version"],
            built_with=data["built_with"],
            files=dict(files),
        )


def content_files(source: Path) -> tuple[list[Path], list[Path]]:
    """The files of `source/indicators` and `source/locales` to ship, and those left out."""
    included: list[Path] = []
    skipped: list[Path] = []
    for folder in CONTENT_FOLDERS:
        base = source / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            relative = path.relative_to(source)
            hidden = any(part.startswith(".") or part == "__pycache__" for part in relative.parts)
            if path.is_symlink() or hidden:
                skipped.append(path)
            elif path.is_file():
                (included if path.suffix in ALLOWED_SUFFIXES else skipped).append(path)
    return included, skipped


def check_output_path(out: Path) -> None:
    """`-o FILE` may create a file or replace a regular one, never a device, a folder, a
    FIFO or a symlink (`-o /dev/null` run as root would replace the device)."""
    if not out.name or out.name in (".", ".."):
        raise UpdateArchiveError(
            _("{file}: give the name of the archive file to write").format(file=repr(str(out)))
        )
    try:
        if out.is_symlink():
            raise UpdateArchiveError(
                _("{out}: is a symbolic link; give a plain file name").format(out=out)
            )
        if out.exists() and not out.is_file():
            raise UpdateArchiveError(
                _("{out}: is not a regular file; it is left alone").format(out=out)
            )
    except OSError as exc:
        raise UpdateArchiveError(
            _("{out}: {problem}").format(out=out, problem=translated(os_reason(exc)))
        ) from None


def build(source: Path, out: Path, manifest: Manifest, private_key: object = None) -> Manifest:
    """Write the archive `out` from `source` (a folder holding indicators/ and locales/),
    signed with `private_key` (an Ed25519 private key) when one is given."""
    if not (source / "indicators").is_dir():
        raise UpdateArchiveError(_("{source}: no 'indicators' folder inside").format(source=source))
    check_output_path(out)
    files, _skipped = content_files(source)
    sums = {path.relative_to(source).as_posix(): sha256_file(path) for path in files}
    complete = Manifest(
        guide_id=manifest.guide_id,
        guide_version=manifest.guide_version,
        built_with=manifest.built_with,
        files=sums,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    manifest_bytes = complete.to_json().encode("utf-8")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _add(archive, MANIFEST_NAME, manifest_bytes)
        if private_key is not None:
            _add(
                archive, signing.SIGNATURE_NAME, signing.sign_manifest(manifest_bytes, private_key)
            )
        for name in sorted(sums):
            _add(archive, name, (source / name).read_bytes())
    partial.replace(out)
    return complete


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    archive.writestr(info, data)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise UpdateArchiveError(_("refused: {member} is too large").format(member=info.filename))
    with archive.open(info) as reader:
        data = reader.read(limit + 1)
    if len(data) > limit:
        raise UpdateArchiveError(_("refused: {member} is too large").format(member=info.filename))
    return data


def verify(
    archive_path: Path,
    keys: dict[str, signing.PublicKey] | None = None,
    limits: safe_zip.Limits | None = None,
) -> tuple[Manifest, signing.PublicKey]:
    """Check `archive_path` without writing anything: member names and sizes, the signature
    over the manifest by a trusted key, and every member against the signed manifest."""
    limits = limits or safe_zip.Limits()
    name = archive_path.name
    try:
        with zipfile.ZipFile(archive_path) as archive:
            infos = safe_zip.check_members(archive, limits)
            by_name = {info.filename: info for info in infos}
            if MANIFEST_NAME not in by_name:
                raise UpdateArchiveError(
                    _("refused: {name} is not a Dalil guide update ({manifest} is missing)").format(
                        name=name, manifest=MANIFEST_NAME
                    )
                )
            manifest_bytes = _read_member(archive, by_name[MANIFEST_NAME], MAX_MANIFEST_BYTES)
            sig = by_name.get(signing.SIGNATURE_NAME)
            signature = None if sig is None else _read_member(archive, sig, MAX_SIGNATURE_BYTES)
            try:
                key = signing.verify_manifest(manifest_bytes, signature, keys)
            except signing.SigningError as exc:
                raise UpdateArchiveError(
                    _("refused: {name}: {problem}").format(name=name, problem=exc)
                ) from None
            try:
                manifest = Manifest.from_json(manifest_bytes)
            except UpdateArchiveError as exc:
                raise UpdateArchiveError(
                    _("refused: {name}: {problem}").format(name=name, problem=exc)
                ) from None
            _check_names(set(by_name) - {MANIFEST_NAME, signing.SIGNATURE_NAME}, manifest)
            for member, digest in sorted(manifest.files.items()):
                if _sha256_member(archive, by_name[member], limits) != digest:
                    raise UpdateArchiveError(
                        _(
                            "refused: {member} does not match its checksum in the signed manifest "
                            "(changed after signing, or a damaged copy: copy it again)"
                        ).format(member=repr(member))
                    )
    except safe_zip.UnsafeArchive as exc:
        raise UpdateArchiveError(_("refused: {problem}").format(problem=exc)) from None
    except zipfile.BadZipFile as exc:
        raise UpdateArchiveError(
            _(
                "refused: {name}: not a zip archive, or a damaged copy ({problem}): copy it again"
            ).format(name=name, problem=exc)
        ) from None
    except (
        zlib.error,
        EOFError,
        OSError,
        zipfile.LargeZipFile,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as exc:
        raise UpdateArchiveError(
            _("refused: {name}: damaged ({problem}): copy it again").format(name=name, problem=exc)
        ) from None
    return manifest, key


def _sha256_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: safe_zip.Limits) -> str:
    digest = hashlib.sha256()
    size = 0
    with archive.open(info) as reader:
        while chunk := reader.read(1 << 16):
            size += len(chunk)
            if size > limits.max_member_bytes:
                raise UpdateArchiveError(
                    _("refused: member {member} unpacks to more than the limit").format(
                        member=repr(info.filename)
                    )
                )
            digest.update(chunk)
    return digest.hexdigest()


def _check_names(names: set[str], manifest: Manifest) -> None:
    for name in sorted(names):
        path = PurePosixPath(name)
        if path.parts[0] not in CONTENT_FOLDERS or path.suffix not in ALLOWED_SUFFIXES:
            raise UpdateArchiveError(
                _(
                    "refused: unexpected file {name} (only {content_folders} with "
                    "{allowed_suffixes} files may be in an update)"
                ).format(
                    name=repr(name),
                    content_folders=", ".join(CONTENT_FOLDERS),
                    allowed_suffixes=", ".join(sorted(ALLOWED_SUFFIXES)),
                )
            )
        if name not in manifest.files:
            raise UpdateArchiveError(
                _("refused: {name} is not listed in {manifest}").format(
                    name=repr(name), manifest=MANIFEST_NAME
                )
            )
    for name in sorted(manifest.files):
        if name not in names:
            raise UpdateArchiveError(
                _("refused: {name} is listed in {manifest} but missing").format(
                    name=repr(name), manifest=MANIFEST_NAME
                )
            )


def unpack(archive: Path, dest: Path, limits: safe_zip.Limits | None = None) -> Manifest:
    """Extract `archive` into the empty folder `dest` and check it against its manifest
    (call `verify` first: this alone does not check the signature)."""
    try:
        written = safe_zip.extract(archive, dest, limits)
    except safe_zip.UnsafeArchive as exc:
        raise UpdateArchiveError(_("refused: {problem}").format(problem=exc)) from None
    names = {path.as_posix() for path in written}
    if MANIFEST_NAME not in names:
        raise UpdateArchiveError(
            _("refused: {name} is not a Dalil guide update ({manifest} is missing)").format(
                name=archive.name, manifest=MANIFEST_NAME
            )
        )
    manifest = Manifest.from_json((dest / MANIFEST_NAME).read_bytes())
    _check_names(names - {MANIFEST_NAME, signing.SIGNATURE_NAME}, manifest)
    for name, digest in sorted(manifest.files.items()):
        if sha256_file(dest / name) != digest:
            raise UpdateArchiveError(
                _(
                    "refused: {name} does not match its checksum (damaged copy? copy it again)"
                ).format(name=repr(name))
            )
    if not (dest / "indicators").is_dir():
        raise UpdateArchiveError(_("refused: the update has no 'indicators' folder"))
    return manifest
