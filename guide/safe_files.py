"""Reading a file that may be hostile: a regular file, of a bounded size, or a clear refusal.

A path given to Dalil may name a FIFO (reading blocks for ever), a device such as /dev/zero
(endless), a huge sparse file (gigabytes of zeros for a few bytes of disk), a directory or a
symlink to any of these. `read_bounded` opens without blocking, checks the type and the size
on the open descriptor (no race between the check and the read) and never reads more than
`max_bytes + 1` bytes. Every refusal is an `UnreadableFile` (an `OSError`) whose `reason` is
a sentence for the user.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class UnreadableFile(OSError):
    """The file cannot be read safely; `reason` says why in words, `kind` in one word for
    those who word it themselves (guide.sessions.errors.os_reason): "link", "folder",
    "special" (a device, a pipe, a socket), "size" or "encoding"."""

    def __init__(
        self,
        path: os.PathLike[str] | str,
        reason: str,
        code: int = errno.EINVAL,
        kind: str = "",
    ):
        super().__init__(code, reason, str(path))
        self.path = str(path)
        self.reason = reason
        self.kind = kind

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB" if size >= 1024 * 1024 else f"{size:,} bytes"


def read_bounded(
    path: os.PathLike[str] | str, max_bytes: int, *, follow_symlinks: bool = True
) -> bytes:
    """The bytes of the regular file `path`, at most `max_bytes` of them, or UnreadableFile.

    Other OSErrors (no such file, permission denied, name too long) pass through with their
    usual errno so that callers can word them."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_symlinks:
            raise UnreadableFile(
                path, "is a symbolic link; Dalil does not follow it", kind="link"
            ) from None
        if error.errno == errno.EISDIR:
            raise UnreadableFile(path, "is a folder, not a file", errno.EISDIR, "folder") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(
                path, f"is {_kind(info.st_mode)}, not a regular file", kind="special"
            )
        if info.st_size > max_bytes:
            raise UnreadableFile(
                path,
                f"is {_mib(info.st_size)}; at most {_mib(max_bytes)} is read",
                errno.EFBIG,
                "size",
            )
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_bytes:  # it grew while being read, or it lies about its size
            raise UnreadableFile(path, f"is more than {_mib(max_bytes)}", errno.EFBIG, "size")
        return data
    finally:
        os.close(fd)


def read_bounded_text(
    path: os.PathLike[str] | str, max_bytes: int, *, follow_symlinks: bool = True
) -> str:
    """`read_bounded` decoded as UTF-8; a file that is not UTF-8 is an UnreadableFile."""
    data = read_bounded(path, max_bytes, follow_symlinks=follow_symlinks)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            path,
            f"is not UTF-8 text (byte 0x{data[error.start]:02x} at {error.start})",
            kind="encoding",
        ) from None


def is_regular_file(path: Path) -> bool:
    """True for a regular file (following links); False for anything else or an error
    (a name too long, a loop of links), instead of an exception."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def describe_os_error(error: OSError) -> str:
    """A short sentence for an OSError met while reading a file."""
    if isinstance(error, UnreadableFile):
        return error.reason
    if error.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    return error.strerror or str(error)


def write_output(path: os.PathLike[str] | str, text: str, *, private: bool = False) -> None:
    """Write `text` (UTF-8) to the file `path`, creating it or replacing a regular file; never
    a device, a FIFO, a folder or a symlink (`-o /dev/null` as root would otherwise replace
    the device, and a FIFO would block). `private` makes the file 0600 even when it existed
    with another mode (a report names what happened to a person)."""
    if not str(path):
        raise UnreadableFile(path, "is empty: give a file name")
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags, 0o600 if private else 0o666)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise UnreadableFile(path, "is a symbolic link; it is left alone") from None
        if error.errno == errno.EISDIR:
            raise UnreadableFile(path, "is a folder, not a file", errno.EISDIR, "folder") from None
        if error.errno == errno.ENXIO:  # a FIFO with no reader
            raise UnreadableFile(path, "is a pipe (FIFO), not a regular file") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableFile(path, f"is {_kind(info.st_mode)}; it is left alone")
        if private and hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        os.ftruncate(fd, 0)
        data = text.encode("utf-8")
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    finally:
        os.close(fd)
