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
        raise UnsafeArchive("member with an empty name")
    if "\\" in name:
        raise UnsafeArchive(f"member {name!r}: backslash in path")
    if name.startswith("/") or _DRIVE.match(name):
        raise UnsafeArchive(f"member {name!r}: absolute path")
    path = PurePosixPath(name.rstrip("/"))
    parts = name.rstrip("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise UnsafeArchive(f"member {name!r}: path leaves the archive folder ('..', '.' or '//')")
    for part in parts:
        if _WINDOWS_FORBIDDEN.search(part) or part.endswith((".", " ")):
            raise UnsafeArchive(f"member {name!r}: a name Windows cannot hold")
        if _WINDOWS_DEVICE.match(part):
            raise UnsafeArchive(f"member {name!r}: a Windows device name")
    return path


def _file_type(info: zipfile.ZipInfo) -> int:
    # Unix mode bits live in the high 16 bits of external_attr; 0 when the archiver set none.
    return stat.S_IFMT(info.external_attr >> 16)


def check_members(archive: zipfile.ZipFile, limits: Limits) -> list[zipfile.ZipInfo]:
    """Return the file members (directories dropped) after checking every one of them."""
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise UnsafeArchive(
            f"too many members ({len(infos)}; at most {limits.max_members} are accepted)"
        )
    seen: set[str] = set()
    files: list[zipfile.ZipInfo] = []
    total = 0
    for info in infos:
        path = _check_name(info.filename)
        kind = _file_type(info)
        if kind == stat.S_IFLNK:
            raise UnsafeArchive(f"member {info.filename!r}: symbolic link")
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            raise UnsafeArchive(f"member {info.filename!r}: not a regular file")
        if info.flag_bits & 0x1:
            raise UnsafeArchive(f"member {info.filename!r}: encrypted")
        key = str(path).casefold()
        if key in seen:
            raise UnsafeArchive(f"member {info.filename!r}: appears twice")
        seen.add(key)
        if info.is_dir():
            continue
        if info.file_size > limits.max_member_bytes:
            raise UnsafeArchive(
                f"member {info.filename!r}: too large ({info.file_size} bytes; "
                f"at most {limits.max_member_bytes})"
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise UnsafeArchive(
                f"archive too large once unpacked (more than {limits.max_total_bytes} bytes)"
            )
        files.append(info)
    # A file may not also be used as a folder ("a" and "a/b"): it would fail half-way.
    file_keys = {str(PurePosixPath(f.filename)).casefold() for f in files}
    for info in files:
        for parent in PurePosixPath(info.filename).parents:
            if str(parent).casefold() in file_keys:
                raise UnsafeArchive(f"member {info.filename!r}: its folder is also a file")
    return files


def extract(source: Path, dest: Path, limits: Limits | None = None) -> list[PurePosixPath]:
    """Extract `source` into the empty folder `dest`; return the relative paths written."""
    limits = limits or Limits()
    try:
        archive = zipfile.ZipFile(source)
    except zipfile.BadZipFile as exc:
        raise UnsafeArchive(
            f"{source.name}: not a zip archive, or a damaged copy ({exc}): copy it again"
        ) from None
    except OSError as exc:
        raise UnsafeArchive(f"{source}: cannot be read ({exc.strerror or exc})") from None
    written: list[PurePosixPath] = []
    root = dest.resolve()
    total = 0
    with archive:
        for info in check_members(archive, limits):
            relative = PurePosixPath(info.filename)
            target = root.joinpath(*relative.parts)
            if not target.resolve().is_relative_to(root):
                raise UnsafeArchive(f"member {info.filename!r}: path leaves the archive folder")
            target.parent.mkdir(parents=True, exist_ok=True)
            size = 0
            try:
                with archive.open(info) as reader, target.open("xb") as writer:
                    while chunk := reader.read(_CHUNK):
                        size += len(chunk)
                        total += len(chunk)
                        if size > limits.max_member_bytes or total > limits.max_total_bytes:
                            raise UnsafeArchive(
                                f"member {info.filename!r}: unpacks to more than the limit"
                            )
                        writer.write(chunk)
                    # On disk before the update can be made current (see guide_store).
                    writer.flush()
                    os.fsync(writer.fileno())
            except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
                raise UnsafeArchive(
                    f"member {info.filename!r}: damaged ({exc}); copy the archive again"
                ) from None
            except (zipfile.LargeZipFile, NotImplementedError, RuntimeError) as exc:
                raise UnsafeArchive(f"member {info.filename!r}: cannot be read ({exc})") from None
            written.append(relative)
    return written
