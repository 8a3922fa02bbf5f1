"""Where the guide and catalogs live: an installed update, the shipped copy, or a checkout."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_INSTALLED = _PACKAGE / "_data"
_CHECKOUT = _PACKAGE.parent


def _shipped_dir(name: str) -> Path:
    # A wheel carries the folders inside the package; a checkout (or editable install)
    # has them beside it.
    installed = _INSTALLED / name
    return installed if installed.is_dir() else _CHECKOUT / name


def _data_dir(name: str) -> Path:
    shipped = _shipped_dir(name)
    if not shipped.is_relative_to(_INSTALLED):
        return shipped
    # An installed Dalil prefers a guide update installed with `dalil update-guide`. A
    # checkout does not: its indicators/ and locales/ are the ones being edited and tested.
    from guide.install.active import installed_folder

    return installed_folder(name) or shipped


def default_guide_dir() -> Path:
    return _data_dir("indicators")


def default_locales_dir() -> Path:
    return _data_dir("locales")


def shipped_guide_dir() -> Path:
    """The guide that came with this Dalil, whatever update is installed."""
    return _shipped_dir("indicators")


def runs_from_checkout() -> bool:
    """True for a source checkout or editable install: installed guide updates are not used."""
    return not (_INSTALLED / "indicators").is_dir()


def user_cache_dir() -> Path:
    """Dalil's folder in the user's cache: `DALIL_CACHE_DIR`, or the platform's
    (`$XDG_CACHE_HOME/dalil`, `~/.cache/dalil` on Linux). Catalogs, parsed guide files and
    crash reports go in folders below it; none holds interview data."""
    explicit = os.environ.get("DALIL_CACHE_DIR")
    if explicit:
        return Path(explicit)
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        # platformdirs' own rule for these systems, without importing it (5-15 ms at the
        # start of every command)
        base = os.environ.get("XDG_CACHE_HOME", "")
        return Path(base if base.strip() else os.path.expanduser("~/.cache")) / "dalil"
    import platformdirs

    return Path(platformdirs.user_cache_dir("dalil", appauthor=False))
