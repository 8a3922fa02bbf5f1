"""Where the shipped guide and catalogs live, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_INSTALLED = _PACKAGE / "_data"
_CHECKOUT = _PACKAGE.parent


def _data_dir(name: str) -> Path:
    # A wheel carries the folders inside the package; a checkout (or editable install)
    # has them beside it.
    installed = _INSTALLED / name
    return installed if installed.is_dir() else _CHECKOUT / name


def default_guide_dir() -> Path:
    return _data_dir("indicators")


def default_locales_dir() -> Path:
    return _data_dir("locales")
