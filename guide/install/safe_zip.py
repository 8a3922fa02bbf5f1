"""Extracting a zip archive that may be hostile.

An update archive comes on a USB key from someone else's machine. Before a single byte is
written, every member is checked: no absolute path, no drive letter, no `..`, no backslash,
no symlink or device, no name Windows reserves (`con.yaml`, `a:b`), no duplicate (also when
case is ignored, for Windows), not encrypted,
and bounded in number and size. While extracting, the real size is counted too, so a member
that lies about its size in the archive's directory (a zip bomb) is stopped at the limit.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from guide.i18n import _
from guide.i18n.lazy import translated
from guide.i18n.oserrors import os_reason

_CHUNK = 1 << 16
_DRIVE = re.compile(r"^[A-Za-z]:")
# Names Windows would treat as devices or streams, whatever the extension: "con.yaml" is the
# console, "a.yaml:stream" an alternate data stream.
_WINDOWS_DEVICE = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$", re.IGNORECASE)
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f]')


class UnsafeArchive(Exception):
    """The archive is refused; the message says why, for the person who runs the command."""


@dataclass(frozen=True, slots=True)
class Limits:
    max_members: int = 5_000
    max_member_bytes: int = 10 * 1024 * 1024
    max_total_bytes: int = 100 * 1024 * 1024


def _check_name(name: str) -> PurePosixPath:
    if not name:
        raise UnsafeArchive(_("member with an empty name"))
    if "\\" in name:
        raise UnsafeArchive(_("member {name}: backslash in path").format(name=repr(name)))
    if name.startswith("/") or _DRIVE.match(name):
        raise UnsafeArchive(_("member {name}: absolute path").format(name=repr(name)))
    path = PurePosixPath(name.rstrip("/"))
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise UnsafeArchive(
            _("member {name}: path leaves the archive folder ('..', '.' or '//')").format(
                name=repr(name)
            )
        )
    for part in parts:
        if _WINDOWS_FORBIDDEN.search(part) or part.endswith((".", " ")):
            raise UnsafeArchive(
                _("member {name}: a name Windows cannot hold").format(name=repr(name))
            )
        if _WINDOWS_DEVICE.match(part):
            raise UnsafeArchive(_("member {name}: a Windows device name").format(name=repr(name)))
    return path


def _file_type(info: zipfile.ZipInfo) -> int:
    # Unix mode bits live in the high 16 bits of external_attr; 0 when the archiver set none.
    return stat.S_IFMT(info.external_attr >> 16)


def check_members(archive: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    """Return the file members (directories dropped) after checking every one of them."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise UnsafeArchive(
            _("too many members ({count}; at most {max_members} are accepted)").format(
                count=len(infos), max_members=limits.max_members
            )
        )
    seen: set[str] = set()
    files: list[zipfile.ZipInfo] = []
    total = 0
    for info in infos:
        path = _check_name(info.filename)
        kind = _file_type(info)
        if kind == stat.S_IFLNK:
            raise UnsafeArchive(
                _("member {member}: symbolic link").format(member=repr(info.filename))
            )
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise UnsafeArchive(
                _("member {member}: not a regular file").format(member=repr(info.filename))
            )
        if info.flag_bits & 0x1:
            raise UnsafeArchive(_("member {member}: encrypted").format(member=repr(info.filename)))
        key = str(path).casefold()
        if key in seen:
            raise UnsafeArchive(
                _("member {member}: appears twice").format(member=repr(info.filename))
            )
        seen.add(key)
        if info.is_dir():
            continue
        if info.file_size > limits.max_member_bytes:
            raise UnsafeArchive(
                _(
                    "member {member}: too large ({file_size} bytes; at most {max_member_bytes})"
                ).format(
                    member=repr(info.filename),
                    file_size=info.file_size,
                    max_member_bytes=limits.max_member_bytes,
                )
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise UnsafeArchive(
                _("archive too large once unpacked (more than {max_total_bytes} bytes)").format(
                    max_total_bytes=limits.max_total_bytes
                )
            )
        files.append(info)
    # A file may not also be used as a folder ("a" and "a/b"): it would fail half-way.
    file_keys = {str(PurePosixPath(f.filename)).casefold() for f in files}
    for info in files:
        for parent in PurePosixPath(info.filename).parents:
            if str(parent).casefold() in file_keys:
                raise UnsafeArchive(
                    _("member {member}: its folder is also a file").format(
                        member=repr(info.filename)
                    )
                )
    return files


def extract(source: Path, dest: Path, limits: Limits | None = None) -> list[PurePosixPath]:
    """Extract `source` into the empty folder `dest`; return the relative paths written."""
    limits = limits or Limits()
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile as exc:
        raise UnsafeArchive(
            _("{name}: not a zip archive, or a damaged copy ({problem}): copy it again").format(
                name=source.name, problem=exc
            )
        ) from None
    except OSError as exc:
        raise UnsafeArchive(
            _("{source}: cannot be read ({problem})").format(
                source=source, problem=translated(os_reason(exc))
            )
        ) from None
    written: list[PurePosixPath] = []
    root = dest.resolve()
    total = 0
    with archive:
        for info in check_members(archive, limits):
            relative = PurePosixPath(info.filename)
            target = root.joinpath(*relative.parts)
            if not target.resolve().is_relative_to(root):
                raise UnsafeArchive(
                    _("member {member}: path leaves the archive folder").format(
                        member=repr(info.filename)
                    )
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            size = 0
            try:
                with archive.open(info) as reader, target.open("xb") as writer:
                    while chunk := reader.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > limits.max_member_bytes or total > limits.max_total_bytes:
                            raise UnsafeArchive(
                                _("member {member}: unpacks to more than the limit").format(
                                    member=repr(info.filename)
                                )
                            )
                        writer.write(chunk)
                    # On disk before the update can be made current (see guide_store).
                    writer.flush()
                    os.fsync(writer.fileno())
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise UnsafeArchive(
                    _("member {member}: damaged ({problem}); copy the archive again").format(
                        member=repr(info.filename), problem=exc
                    )
                ) from None
            except (zipfile.LargeZipFile, NotImplementedError, RuntimeError) as exc:
                raise UnsafeArchive(
                    _("member {member}: cannot be read ({problem})").format(
                        member=repr(info.filename), problem=exc
                    )
                ) from None
            written.append(relative)
    return written
