"""The guide-and-catalog update archive that trainers hand out.

A zip with `indicators/` and `locales/` and a manifest, `dalil-guide-update.json`, that names
the guide, the Dalil version that built it and the SHA-256 of every file: a copy damaged on
the way (a USB key pulled out too early) is refused before anything is validated.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from guide.install import safe_zip
from guide.install.checksums import sha256_file

FORMAT = "dalil-guide-update"
FORMAT_VERSION = 1
MANIFEST_NAME = "dalil-guide-update.json"
CONTENT_FOLDERS = ("indicators", "locales")
# Only what a guide and its catalogs are made of: nothing executable travels this way.
ALLOWED_SUFFIXES = frozenset({".yaml", ".yml", ".po", ".pot", ".mo", ".json", ".md", ".txt"})
# Zip cannot store dates before 1980; a fixed date makes the same folder give the same archive.
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


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
    def from_json(cls, text: str) -> Manifest:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UpdateArchiveError(f"{MANIFEST_NAME}: not valid JSON ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise UpdateArchiveError(f"{MANIFEST_NAME}: not a Dalil guide update manifest")
        if data.get("format_version") != FORMAT_VERSION:
            raise UpdateArchiveError(
                f"{MANIFEST_NAME}: format version {data.get('format_version')!r} is not "
                f"supported by this Dalil (it reads version {FORMAT_VERSION}); "
                "install a newer Dalil bundle first"
            )
        files = data.get("files")
        texts = ("guide_id", "guide_version", "built_with")
        if (
            not isinstance(files, dict)
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items())
            or not all(isinstance(data.get(key), str) for key in texts)
        ):
            raise UpdateArchiveError(f"{MANIFEST_NAME}: missing or malformed fields")
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


def build(source: Path, out: Path, manifest: Manifest) -> Manifest:
    """Write the archive `out` from `source` (a folder holding indicators/ and locales/)."""
    if not (source / "indicators").is_dir():
        raise UpdateArchiveError(f"{source}: no 'indicators' folder inside")
    files, _ = content_files(source)
    sums = {path.relative_to(source).as_posix(): sha256_file(path) for path in files}
    complete = Manifest(
        guide_id=manifest.guide_id,
        guide_version=manifest.guide_version,
        built_with=manifest.built_with,
        files=sums,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        _add(archive, MANIFEST_NAME, complete.to_json().encode("utf-8"))
        for name in sorted(sums):
            _add(archive, name, (source / name).read_bytes())
    partial.replace(out)
    return complete


def _add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
    archive.writestr(info, data)


def unpack(archive: Path, dest: Path, limits: safe_zip.Limits | None = None) -> Manifest:
    """Extract `archive` into the empty folder `dest` and check it against its manifest."""
    try:
        written = safe_zip.extract(archive, dest, limits)
    except safe_zip.UnsafeArchive as exc:
        raise UpdateArchiveError(f"refused: {exc}") from None
    names = {path.as_posix() for path in written}
    if MANIFEST_NAME not in names:
        raise UpdateArchiveError(
            f"refused: {archive.name} is not a Dalil guide update ({MANIFEST_NAME} is missing)"
        )
    manifest = Manifest.from_json((dest / MANIFEST_NAME).read_text(encoding="utf-8"))
    for name in sorted(names - {MANIFEST_NAME}):
        path = PurePosixPath(name)
        if path.parts[0] not in CONTENT_FOLDERS or path.suffix not in ALLOWED_SUFFIXES:
            raise UpdateArchiveError(
                f"refused: unexpected file {name!r} (only {', '.join(CONTENT_FOLDERS)} with "
                f"{', '.join(sorted(ALLOWED_SUFFIXES))} files may be in an update)"
            )
        if name not in manifest.files:
            raise UpdateArchiveError(f"refused: {name!r} is not listed in {MANIFEST_NAME}")
    for name, digest in sorted(manifest.files.items()):
        if name not in names:
            raise UpdateArchiveError(f"refused: {name!r} is listed in {MANIFEST_NAME} but missing")
        if sha256_file(dest / name) != digest:
            raise UpdateArchiveError(
                f"refused: {name!r} does not match its checksum (damaged copy? copy it again)"
            )
    if not (dest / "indicators").is_dir():
        raise UpdateArchiveError("refused: the update has no 'indicators' folder")
    return manifest
