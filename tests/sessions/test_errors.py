"""One error hierarchy for the store, worded by type and translated when shown; the wizard's
link uses the real store (fast key derivation here) and maps its errors by type."""

from __future__ import annotations

import errno

import pytest

from guide import i18n
from guide.sessions import errors
from guide.sessions.crypto import ScryptParams
from guide.sessions.store import SessionStore
from guide.tui.session_link import SessionError as LinkError
from guide.tui.session_link import SessionLink

FAST = ScryptParams(log2_n=4, r=1, p=1)  # tests only: milliseconds instead of 0.1 s

EVERY_ERROR = [
    errors.WrongPassphrase(),
    errors.NotInitialised(),
    errors.StoreLocked(),
    errors.StoreDamaged("/d/store.json"),
    errors.StoreDamaged("/d/store.json", "unreadable", "permission denied"),
    errors.StoreDamaged("/d/store.json", "newer", found=9),
    errors.StoreMissing("/d/store.json", 3),
    errors.SessionNotFound("abc"),
    errors.AmbiguousSession("a", ["abc", "abd"]),
    errors.SessionBusy("abc"),
    errors.SessionClosed("abc"),
    errors.DamagedSession("abc", "a record fails authentication."),
    errors.StoreIOError("no space left on device"),
    errors.AnswerNotSaved("no space left on device"),
    *(errors.PassphraseRefused(p, path="/p", detail="644") for p in (
        "short", "differ", "empty", "file_shared", "file_unreadable", "file_empty", "needed",
        "already_set",
    )),
]  # fmt: skip


@pytest.fixture
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("error", EVERY_ERROR, ids=lambda e: type(e).__name__)
def test_every_store_error_has_a_message_in_english_and_french(error, french):
    shown = errors.message_for(error)
    assert shown and not shown.startswith(i18n.UNTRANSLATED_MARK), shown
    assert str(error) == shown
    i18n.set_language("en")
    assert errors.message_for(error) != shown or "{" not in shown


def test_os_errors_and_others_get_a_message_too():
    # A full disk in the catalog's words (translated: tests/i18n/test_i18n_sessions.py).
    assert "the disk is full" in errors.message_for(OSError(errno.ENOSPC, "No space left"))
    # An error the catalog does not name keeps the system's words.
    assert "reset by peer" in errors.message_for(OSError(errno.ECONNRESET, "reset by peer"))
    assert errors.message_for(ValueError("x"))


def real_link(tmp_path):
    store = SessionStore(tmp_path / "data")
    store.initialise("a long test passphrase", FAST)
    store.lock()
    return store, SessionLink(store)


def test_the_link_maps_the_real_store_errors_by_type(tmp_path):
    _store, link = real_link(tmp_path)
    with pytest.raises(LinkError, match="wrong_passphrase"):
        link.unlock("not the passphrase")
    link.unlock("a long test passphrase")
    link.start("g", "1", "en")
    link.record({"kind": "answer", "question": "q", "value": "yes"})
    assert [e["kind"] for e in link.recorded_events()] == ["answer"]


def test_a_full_disk_is_answer_not_saved_and_nothing_half_written(tmp_path, monkeypatch):
    store, link = real_link(tmp_path)
    link.unlock("a long test passphrase")
    link.start("g", "1", "en")
    link.record({"kind": "answer", "question": "q1", "value": "yes"})
    import guide.sessions.store as store_module

    real_write = store_module._write_all

    def full(fd, data):
        real_write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module, "_write_all", full)
    writer = link._writer
    with pytest.raises(errors.AnswerNotSaved):
        writer.append({"kind": "answer", "question": "q2", "value": "no"})
    with pytest.raises(LinkError, match="could not be saved"):
        link.record({"kind": "answer", "question": "q2", "value": "no"})
    monkeypatch.setattr(store_module, "_write_all", real_write)
    loaded = store.load(link.session_id)
    assert [e["question"] for e in loaded.events] == ["q1"]  # the half record was cut off
    assert loaded.info.torn_bytes == 0
