"""The installed guide update, in the user data dir, switched atomically, with rollback.

Layout of the store (`<user data dir>/guide-updates/`):

    active.json            {"current": NAME | "shipped", "previous": NAME | "shipped" | null}
    versions/NAME/         indicators/, locales/, dalil-guide-update.json, installed.json
    .staging-XXXX/         an update being unpacked and validated (same file system)

An update is unpacked and validated in a staging folder, renamed into `versions/` (a rename
within one file system), and only then made current by replacing `active.json` with
`os.replace`, which is atomic on Linux, macOS and Windows. A crash at any point leaves either
the old state or the new one; a running Dalil keeps the folder it opened. Only the current and
the previous version are kept.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from guide.i18n import _
from guide.i18n.lazy import translated
from guide.i18n.oserrors import os_reason
from guide.install.active import (
    INFO_FILE,
    SHIPPED,
    STATE_FILE,
    VERSIONS_DIR,
    UnusableJson,
    read_json,
)
from guide.install.locations import guide_updates_dir

_STAGING_PREFIX = ".staging-"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def unusable_json_text(error: UnusableJson) -> str:
    """Why a state or info file cannot be used, in the reader's language."""
    if error.problem == "encoding":
        return _("it is not UTF-8 text")
    if error.problem == "syntax":
        return _("it is not valid JSON: line {line}, column {column}").format(
            line=error.line, column=error.column
        )
    if error.problem == "nesting":
        return _("it is nested too deeply to be read")
    return _("it is JSON, but not an object")


class StoreError(Exception):
    """The store cannot do what was asked; the message says why."""


@dataclass(frozen=True, slots=True)
class InstalledUpdate:
    name: str
    folder: Path
    guide_id: str
    guide_version: str
    installed_at: str
    validated_with: str

    @property
    def indicators(self) -> Path:
        return self.folder / "indicators"

    @property
    def locales(self) -> Path:
        return self.folder / "locales"


@dataclass(frozen=True, slots=True)
class State:
    current: str = SHIPPED
    previous: str | None = None


class GuideStore:
    def __init__(self, root: Path | None = None) -> None:
        self.root = root if root is not None else guide_updates_dir()

    # -- reading ---------------------------------------------------------------------------

    def state(self) -> State:
        path = self.root / STATE_FILE
        if not path.exists():
            return State()
        try:
            data = read_json(path)
        except OSError as exc:
            raise StoreError(
                _("{path}: cannot be read ({problem})").format(
                    path=path, problem=translated(os_reason(exc))
                )
            ) from None
        except UnusableJson as exc:
            raise StoreError(
                _("{path}: cannot be read ({problem})").format(
                    path=path, problem=unusable_json_text(exc)
                )
            ) from None
        current, previous = data.get("current", SHIPPED), data.get("previous")
        if not isinstance(current, str) or not (previous is None or isinstance(previous, str)):
            raise StoreError(_("{path}: malformed").format(path=path))
        return State(current=current, previous=previous)

    def update(self, name: str | None) -> InstalledUpdate | None:
        """The installed update called `name` (None for the shipped guide or a missing one)."""
        if name is None or name == SHIPPED:
            return None
        folder = self.root / VERSIONS_DIR / name
        try:
            info = read_json(folder / INFO_FILE)
        except (OSError, ValueError):
            return None
        return InstalledUpdate(
            name=name,
            folder=folder,
            guide_id=str(info.get("guide_id", "")),
            guide_version=str(info.get("guide_version", "")),
            installed_at=str(info.get("installed_at", "")),
            validated_with=str(info.get("validated_with", "")),
        )

    # -- changing --------------------------------------------------------------------------

    def new_staging(self) -> Path:
        """An empty folder inside the store, to unpack and validate an update in. Its name
        carries the process id, so a later run can tell an interrupted one from a live one."""
        self.root.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{os.getpid()}-", dir=self.root))

    def clean_interrupted(self) -> list[Path]:
        """Remove the staging folders of updates that were interrupted (killed, power cut):
        their process is gone, or (no process id in the name) they are over an hour old."""
        removed: list[Path] = []
        try:
            entries = list(self.root.glob(f"{_STAGING_PREFIX}*"))
        except OSError:
            return removed
        for folder in entries:
            if folder.is_symlink() or not folder.is_dir():
                continue
            if _staging_alive(folder):
                continue
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        return removed

    def install(
        self, staged: Path, guide_id: str, guide_version: str, validated_with: str
    ) -> InstalledUpdate:
        """Make the validated folder `staged` the guide in use; keep the one before it."""
        now = datetime.now(UTC)
        name = _UNSAFE.sub("_", f"{now:%Y%m%dT%H%M%S%fZ}-{guide_id}-{guide_version}")
        info = {
            "guide_id": guide_id,
            "guide_version": guide_version,
            "installed_at": now.isoformat(timespec="seconds"),
            "validated_with": validated_with,
        }
        _write_json_atomic(staged / INFO_FILE, info)
        versions = self.root / VERSIONS_DIR
        versions.mkdir(parents=True, exist_ok=True)
        target = versions / name
        os.replace(staged, target)
        _fsync_dir(versions)
        before = self.state()
        self._write_state(State(current=name, previous=before.current))
        self.prune()
        installed = self.update(name)
        assert installed is not None  # just written
        return installed

    def rollback(self) -> State:
        """Go back to the guide in use before the last install (or rollback)."""
        state = self.state()
        if state.previous is None:
            raise StoreError(_("there is no previous guide to roll back to"))
        if state.previous != SHIPPED and self.update(state.previous) is None:
            raise StoreError(
                _("the previous guide ({previous}) is missing or damaged").format(
                    previous=state.previous
                )
            )
        new = State(current=state.previous, previous=state.current)
        self._write_state(new)
        return new

    def use_shipped(self) -> State:
        """Use the guide shipped with Dalil; the update in use becomes the previous one."""
        state = self.state()
        if state.current == SHIPPED:
            return state
        new = State(current=SHIPPED, previous=state.current)
        self._write_state(new)
        return new

    def mark_validated(self, update: InstalledUpdate, validated_with: str) -> None:
        info = {
            "guide_id": update.guide_id,
            "guide_version": update.guide_version,
            "installed_at": update.installed_at,
            "validated_with": validated_with,
        }
        _write_json_atomic(update.folder / INFO_FILE, info)

    def prune(self) -> None:
        """Remove the versions that are neither current nor previous."""
        state = self.state()
        keep = {state.current, state.previous}
        versions = self.root / VERSIONS_DIR
        if versions.is_dir():
            for folder in versions.iterdir():
                if folder.name not in keep:
                    # A folder still open by a running Dalil on Windows cannot go yet: next time.
                    shutil.rmtree(folder, ignore_errors=True)

    def discard(self, staged: Path) -> None:
        shutil.rmtree(staged, ignore_errors=True)

    def _write_state(self, state: State) -> None:
        _write_json_atomic(
            self.root / STATE_FILE, {"current": state.current, "previous": state.previous}
        )


def _staging_alive(folder: Path) -> bool:
    rest = folder.name[len(_STAGING_PREFIX) :]
    pid_text = rest.split("-", 1)[0]
    if pid_text.isdigit() and "-" in rest:
        pid = int(pid_text)
        if pid == os.getpid():
            return True
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except (PermissionError, OSError, OverflowError):
            return True  # another user's process, or we cannot tell: leave it
        return True
    try:
        age = time.time() - folder.stat().st_mtime
    except OSError:
        return True
    return age < 3600


def _write_json_atomic(path: Path, data: Mapping[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with partial.open("w", encoding="utf-8") as stream:
        json.dump(data, stream, indent=2, sort_keys=True)
        stream.write("\n")
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(partial, path)
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` survive a power cut (POSIX; Windows has no directory handles)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
