"""Why the system refused a file, in the reader's language.

Python words an OSError in the C library's English ("No space left on device"), whatever the
language of the person reading; shown inside a French or Arabic sentence, it is the one
English phrase in it. `os_reason(error)` gives the common refusals (a full disk, a drive taken
out, no permission, a link where a file belongs) as LazyText from the `ui` catalog: English
for logs and tests, translated with `translated()` when shown. An error the catalog does not
name keeps the system's words.
"""

from __future__ import annotations

import errno

from guide.i18n.lazy import N_, lazy
from guide.safe_files import UnreadableFile, describe_os_error

# The system's refusals a person meets (a full disk, a drive taken out, no permission), in
# the catalog's words; any other keeps the system's own (English) words.
_OS_REASONS: dict[int, str] = {
    errno.ENOENT: N_("the file or folder does not exist"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("permission denied"),
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the drive is read-only"),
    errno.EIO: N_("the drive reported a read or write error"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EISDIR: N_("it is a folder"),
    errno.ENOTDIR: N_("part of the path is not a folder"),
    errno.ELOOP: N_("it is a symbolic link, or a loop of them"),
    errno.EFBIG: N_("the file is too large"),
    errno.EMFILE: N_("too many files are open"),
    errno.ENFILE: N_("too many files are open"),
    errno.EBUSY: N_("the file is in use"),
    errno.ENODEV: N_("the drive is not there any more"),
    errno.ENXIO: N_("the drive is not there any more"),
}
if hasattr(errno, "EDQUOT"):  # not on every platform
    _OS_REASONS[errno.EDQUOT] = N_("the disk quota is used up")


# guide.safe_files.read_bounded's refusals, by their kind.
_UNREADABLE: dict[str, str] = {
    "link": N_("it is a symbolic link; Dalil does not follow it"),
    "folder": N_("it is a folder"),
    "special": N_("it is not a regular file (a device, a pipe or a socket)"),
    "size": N_("the file is too large"),
    "encoding": N_("it is not UTF-8 text"),
}


def os_reason(error: OSError) -> str:
    """Why the system refused, as a LazyText translated when shown (the system's own words,
    in English, for an error the catalog does not know)."""
    if isinstance(error, UnreadableFile) and error.kind in _UNREADABLE:
        return lazy(_UNREADABLE[error.kind])
    if error.errno in _OS_REASONS:
        return lazy(_OS_REASONS[error.errno])
    return describe_os_error(error)
