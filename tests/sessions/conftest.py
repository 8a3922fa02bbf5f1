from __future__ import annotations

from pathlib import Path

import pytest

from guide.sessions import SessionStore
from guide.sessions.crypto import ScryptParams

PASSPHRASE = "a long test passphrase"
# Cheap key derivation for tests; the default parameters are tested once on their own.
FAST = ScryptParams(log2_n=10, r=8, p=1)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> SessionStore:
    store = SessionStore(data_dir)
    store.initialise(PASSPHRASE, FAST)
    return store


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    path.chmod(0o600)  # a passphrase file others can read is refused
    return path
