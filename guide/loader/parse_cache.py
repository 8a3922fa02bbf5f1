"""A cache of parsed guide files, so that checking an unchanged file does not parse it again.

Reading the YAML of the shipped guide is a third of `dalil validate` (libyaml's events and
the Python loop that builds the data and its positions); loading what that loop produced
for the same bytes takes a thirtieth of it. Each file that parsed without a single
diagnostic is saved, as the parser produced it (its values, and the three arrays of
positions: nothing about any interviewed person), in `parsed/` under Dalil's cache folder
(`guide.paths.user_cache_dir()`: `DALIL_CACHE_DIR`, or `~/.cache/dalil`), never in the
guide folder.

An entry is found by a digest of the file's exact bytes together with everything that
could change what the parser makes of them: this format, Dalil's version, the Python
version and its integer-digit limit, PyYAML's version and whether libyaml is used, the
parser's limits, and the size and modification time of the parser's own source files
(`yamlio.py`, `safe_text.py`: an edited checkout gets new keys). So one changed byte of a
guide file, or another Dalil, means another key: the file is parsed again, and `validate`
always checks the files as they are.

An entry that is damaged, truncated, foreign (another key) or unreadable is ignored and
written again; a cache folder that cannot be written means no cache, never an error. A
folder that someone else owns, or that others may write to, is not used at all.
`DALIL_NO_CACHE=1` (or `dalil validate --no-cache`) turns it off.
"""

from __future__ import annotations

import itertools
import marshal
import os
import sys
from array import array
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from guide import safe_text
from guide.loader import yamlio
from guide.loader.yamlio import ParsedFile

try:  # hashlib imports OpenSSL (3 ms at every start); its blake2b is this one
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

# Bump when the entry's layout, or what the parser puts in a ParsedFile, changes.
FORMAT = 1
MAGIC = b"DALILPF\x00"
# MAGIC, the key's digest (32 bytes), the payload's length (8) and its CRC-32 (4)
_HEADER = len(MAGIC) + 32 + 8 + 4
# Entries beyond these are removed, oldest first, after a load that wrote new ones.
MAX_ENTRIES = 4000
MAX_CACHE_BYTES = 128 * 1024 * 1024

_switched_off = False


@contextmanager
def switched_off() -> Iterator[None]:
    """No cache for the loads inside (`dalil validate --no-cache`)."""
    global _switched_off
    saved, _switched_off = _switched_off, True
    try:
        yield
    finally:
        _switched_off = saved


class ParseCache:
    """The cache of one load: the folder, checked once, and the parser's version key."""

    def __init__(self, folder: Path, version: bytes) -> None:
        self.folder = folder
        self._version = blake2b(version, digest_size=32)
        self.wrote = 0
        self._ready = False  # the folder exists and is private (checked on first write)

    @classmethod
    def open(cls, guide_root: Path) -> ParseCache | None:
        """The cache for loading the guide at `guide_root`, or None: switched off, inside
        the guide folder, or a folder that is not private to this user."""
        if _switched_off or os.environ.get("DALIL_NO_CACHE"):
            return None
        from guide.paths import user_cache_dir

        try:
            folder = user_cache_dir() / "parsed"
            # DALIL_CACHE_DIR inside the guide folder: a trainer would ship it. (A guide of
            # one file has no folder of its own: ~/guide.yaml may use ~/.cache.)
            if guide_root.is_dir() and folder.resolve().is_relative_to(guide_root.resolve()):
                return None
            if not _private(folder, missing_ok=True):
                return None
        except (OSError, ValueError, RuntimeError):
            return None
        return cls(folder, _parser_version())

    def _entry(self, raw: bytes) -> tuple[Path, bytes]:
        h = self._version.copy()
        h.update(raw)
        key = h.digest()
        return self.folder / (key.hex() + ".dpf"), key

    def parse(self, raw: bytes, file: str, max_nodes: int | None) -> ParsedFile:
        """What `parse_yaml(raw, file, max_nodes=max_nodes)` returns, from the cache when
        these bytes were parsed before without a diagnostic."""
        path, key = self._entry(raw)
        found = _read(path, key, file)
        limit = yamlio.MAX_NODES
        if max_nodes is not None and max_nodes < limit:
            limit = max_nodes
        if found is not None and found.nodes <= limit:  # else: parsed, to say where it ends
            return found
        pf = yamlio.parse_yaml(raw, file, max_nodes=max_nodes)
        if not pf.diagnostics and pf.data is not None:
            self._write(path, key, pf)
        return pf

    def _write(self, path: Path, key: bytes, pf: ParsedFile) -> None:
        # marshal: the parser's output is plain dicts, lists, strings, numbers, booleans
        # and None, which marshal writes and reads back exactly (key order, int vs bool,
        # float bits, interned names stay interned) and many times faster than pickle or
        # JSON. It is not made to read hostile bytes: an entry is read only from this
        # user's private folder, and only after its length and checksum match.
        import zlib

        try:
            payload = marshal.dumps(
                (
                    pf.data,
                    pf.table.tobytes(),
                    pf.kids.tobytes(),
                    pf.starts.tobytes(),
                    pf.root_spot,
                    pf.nodes,
                ),
                4,
            )
        except ValueError:  # pragma: no cover - the parser makes nothing marshal refuses
            return
        header = MAGIC + key + len(payload).to_bytes(8, "little")
        header += zlib.crc32(payload).to_bytes(4, "little")
        try:
            if not self._ready:
                self.folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                self.folder.mkdir(exist_ok=True, mode=0o700)
                if not _private(self.folder, missing_ok=False):
                    return
                self._ready = True
            _write_atomically(path, header + payload)
            self.wrote += 1
        except OSError:
            return  # a read-only or full disk: the file is parsed again next time

    def trim(self) -> None:
        """Remove the oldest entries when there are too many, after a load that wrote."""
        if not self.wrote:
            return
        try:
            entries = []
            with os.scandir(self.folder) as listing:
                for entry in listing:
                    if entry.name.endswith(".dpf"):
                        st = entry.stat(follow_symlinks=False)
                        entries.append((st.st_mtime_ns, st.st_size, entry.path))
            total = sum(size for _, size, _ in entries)
            if len(entries) <= MAX_ENTRIES and total <= MAX_CACHE_BYTES:
                return
            entries.sort()
            while entries and (
                len(entries) > MAX_ENTRIES * 3 // 4 or total > MAX_CACHE_BYTES * 3 // 4
            ):
                _, size, name = entries.pop(0)
                total -= size
                os.unlink(name)
        except OSError:
            return


def _parser_version() -> bytes:
    """Everything besides the file's bytes that the parser's output depends on."""
    from guide import __version__

    sources = []
    for module in (yamlio, safe_text):
        st = os.stat(module.__file__ or "")
        sources.append(f"{st.st_size}:{st.st_mtime_ns}")
    loader = yamlio._Loader
    parts = (
        FORMAT,
        __version__,
        sys.version,
        sys.implementation.cache_tag,
        sys.get_int_max_str_digits(),
        sys.byteorder,
        array("Q").itemsize,
        array("I").itemsize,
        yamlio.yaml.__version__,
        f"{loader.__module__}.{loader.__qualname__}",
        yamlio.MAX_DEPTH,
        yamlio.MAX_BYTES,
        *sources,
    )
    return "\x00".join(map(str, parts)).encode()


def _read(path: Path, key: bytes, file: str) -> ParsedFile | None:
    """The entry at `path`, or None when it is missing or anything about it is wrong."""
    try:
        with open(path, "rb") as handle:
            blob = handle.read()
    except OSError:
        return None
    if len(blob) < _HEADER or not blob.startswith(MAGIC) or blob[8:40] != key:
        return None
    payload = memoryview(blob)[_HEADER:]
    if int.from_bytes(blob[40:48], "little") != len(payload):
        return None
    import zlib

    if zlib.crc32(payload) != int.from_bytes(blob[48:52], "little"):
        return None
    try:
        data, table_bytes, kids_bytes, starts_bytes, root_spot, nodes = marshal.loads(payload)
        table, kids, starts = array("Q"), array("I"), array("I")
        table.frombytes(table_bytes)
        kids.frombytes(kids_bytes)
        starts.frombytes(starts_bytes)
    except (ValueError, TypeError, EOFError):
        return None
    if (
        len(table) != 2 * len(kids)
        or type(root_spot) is not int
        or type(nodes) is not int
        or root_spot <= 0  # a document that parsed has a place
        or nodes <= 0
        or type(data) not in _VALUES
    ):
        return None
    return ParsedFile(file, data, [], table, kids, starts, root_spot, nodes)


_VALUES: frozenset[Any] = frozenset({dict, list, str, int, float, bool})


def _private(folder: Path, *, missing_ok: bool) -> bool:
    """Is `folder` this user's own, and writable by no one else? (A missing one is, when
    `missing_ok`: it is created 0700.) An open folder is tightened when it is ours."""
    try:
        st = folder.stat()
    except FileNotFoundError:
        return missing_ok
    geteuid = getattr(os, "geteuid", None)
    if geteuid is not None and st.st_uid != geteuid():
        return False
    if st.st_mode & 0o077:
        try:
            os.chmod(folder, 0o700)
        except OSError:
            return False
    return True


def _write_atomically(path: Path, data: bytes) -> None:
    """A new file beside `path`, 0600, then renamed over it: a reader sees the old entry,
    none, or the whole new one (two processes writing one key write the same bytes)."""
    # (tempfile.mkstemp would do the same, and importing it costs 5 ms)
    temp = path.with_name(f".{path.stem[:16]}.{os.getpid()}.{next(_temp_numbers)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(temp, flags | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise


_temp_numbers = itertools.count()
