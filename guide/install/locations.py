"""Where Dalil keeps per-user data on this machine."""

from __future__ import annotations

import os
from pathlib import Path

# Lets tests, portable installs and administrators point Dalil at another folder.
DATA_DIR_ENV = "DALIL_DATA_DIR"


def user_data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("dalil", appauthor=False))


def guide_updates_dir() -> Path:
    """The folder holding installed guide updates (see guide.install.guide_store)."""
    return user_data_dir() / "guide-updates"
