"""Which installed guide update is in use: the light look-up behind guide.paths.

Kept free of heavy imports: every start of Dalil goes through it. Any problem reading the
store (missing, half-written by hand, from another Dalil version) means "use the shipped
guide", never a crash.
"""

from __future__ import annotations

import json
from pathlib import Path

STATE_FILE = "active.json"
VERSIONS_DIR = "versions"
INFO_FILE = "installed.json"
# The `current` value when no update is in use.
SHIPPED = "shipped"


class UnusableJson(ValueError):
    """A state or info file that cannot be used. `problem` says why: "encoding" (not UTF-8),
    "syntax" (not JSON; `line` and `column` say where), "nesting" (nested too deep to read)
    or "not_object" (JSON, but not an object).

    Only codes here: this module runs at every start, before (and beneath) the catalogs, so
    it cannot word the problem; guide.install.guide_store does, in the reader's language."""

    def __init__(self, path: Path, problem: str, line: int = 0, column: int = 0) -> None:
        super().__init__(str(path), problem, line, column)
        self.path, self.problem, self.line, self.column = path, problem, line, column


def read_json(path: Path) -> dict[str, object]:
    """The JSON object in `path`; OSError, or UnusableJson with the reason as a code."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise UnusableJson(path, "encoding") from None
    except json.JSONDecodeError as exc:
        raise UnusableJson(path, "syntax", exc.lineno, exc.colno) from None
    except RecursionError:
        raise UnusableJson(path, "nesting") from None
    if not isinstance(data, dict):
        raise UnusableJson(path, "not_object")
    return data


def current_update_dir(store_root: Path, dalil_version: str) -> Path | None:
    """The folder of the update in use, if one is installed and valid for this Dalil version."""
    try:
        state = read_json(store_root / STATE_FILE)
        current = state.get("current")
        if not isinstance(current, str) or current == SHIPPED or "/" in current or "\\" in current:
            return None
        folder = store_root / VERSIONS_DIR / current
        info = read_json(folder / INFO_FILE)
    except (OSError, ValueError):
        return None
    # An update checked by another Dalil version may not load with this one: until
    # `dalil update-guide --revalidate` checks it again, the shipped guide is used.
    if info.get("validated_with") != dalil_version:
        return None
    return folder


def installed_folder(name: str) -> Path | None:
    """`indicators` or `locales` of the update in use, or None (use the shipped one)."""
    from guide import __version__
    from guide.install.locations import guide_updates_dir

    update = current_update_dir(guide_updates_dir(), __version__)
    if update is None:
        return None
    folder = update / name
    return folder if folder.is_dir() else None
