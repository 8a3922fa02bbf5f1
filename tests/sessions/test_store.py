"""The session store: round trips, secrecy at rest, and clear messages for every damage."""

from __future__ import annotations

import json
import shutil
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest

from guide.sessions import (
    DamagedSession,
    NewerFormat,
    NotInitialised,
    SessionBusy,
    SessionError,
    SessionNotFound,
    SessionStore,
    StoreDamaged,
    StoreLocked,
    WrongPassphrase,
)
from guide.sessions.crypto import ScryptParams
from guide.sessions.journal import MAGIC

from .conftest import FAST, PASSPHRASE

ANSWERS = [
    {"kind": "answer", "question": "immediate_danger", "value": "no"},
    {"kind": "answer", "question": "age_band", "value": "from_15_to_17"},
    {"kind": "change", "question": "age_band", "value": "adult", "previous": "from_15_to_17"},
    {"kind": "language", "lang": "fr"},
    {"kind": "answer", "question": "hours_per_day", "value": 14},
    {"kind": "skip", "question": "documents_taken"},
]


def write_interview(store: SessionStore, events=ANSWERS, language="ar") -> str:
    with store.create("ma_trafficking_screening", "1.0.0", language) as writer:
        for event in events:
            writer.append(event)
        return writer.id


def write_interview_killed_in_last_entry(store: SessionStore, monkeypatch) -> str:
    """An interview whose last entry was being written when the process died: its head (see
    guide.sessions.heads) was never told about it, so cutting that entry is a torn tail, not
    a saved entry gone missing."""
    from guide.sessions import heads

    with store.create("ma_trafficking_screening", "1.0.0", "ar") as writer:
        for event in ANSWERS[:-1]:
            writer.append(event)
        with monkeypatch.context() as patch:
            patch.setattr(heads, "write", lambda *args: None)
            writer.append(ANSWERS[-1])
        return writer.id


def reopen(data_dir: Path) -> SessionStore:
    store = SessionStore(data_dir)
    store.unlock(PASSPHRASE)
    return store


def journal_file(store: SessionStore, session_id: str) -> Path:
    return store.journal_path(session_id)


def frame_offsets(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of every frame of a journal, for tests that cut or move records."""
    pos = 9 + data[8]
    frames = []
    while pos < len(data):
        (length,) = struct.unpack_from(">I", data, pos)
        frames.append((pos, pos + 8 + length))
        pos += 8 + length
    return frames


def test_events_round_trip_with_time_and_summary(store, data_dir):
    moments = iter(datetime(2026, 11, 28, 9, minute, tzinfo=UTC) for minute in range(60))
    store = SessionStore(data_dir, clock=lambda: next(moments))
    store.unlock(PASSPHRASE)
    session_id = write_interview(store)

    loaded = reopen(data_dir).load(session_id)
    assert [{k: v for k, v in e.items() if k != "time"} for e in loaded.events] == ANSWERS
    assert loaded.events[0]["time"] == "2026-11-28T09:01:00Z"
    assert loaded.header["started"] == "2026-11-28T09:00:00Z"
    info = loaded.info
    assert (info.language, info.answered, info.finished, info.events) == ("fr", 3, False, 6)
    assert info.guide_id == "ma_trafficking_screening"


def test_resume_appends_after_the_last_event(store, data_dir):
    session_id = write_interview(store)
    with reopen(data_dir).resume(session_id) as writer:
        writer.append({"kind": "result_shown"})
    loaded = reopen(data_dir).load(session_id)
    assert loaded.events[-1]["kind"] == "result_shown"
    assert len(loaded.events) == len(ANSWERS) + 1
    assert loaded.info.finished


def test_nothing_about_the_person_is_in_clear_text(store, data_dir):
    # Distinctive texts of 8 bytes or more, so random ciphertext cannot hold one by chance
    # (short ones such as "14" or "ar" would, now and then): a match can only be a leak.
    events = [
        {"kind": "answer", "question": "immediate_danger", "value": "from_15_to_17"},
        {"kind": "case", "place": "Casablanca-Anfa", "person_name": "Fatima Zahra B."},
        {"kind": "language", "lang": "fr"},
    ]
    session_id = write_interview(store, events, language="ar")
    written = [
        b"immediate_danger",
        b"from_15_to_17",
        b"Casablanca-Anfa",
        b"Fatima Zahra",
        b'"question"',
        b'"language"',
        b'"started"',
        b"ma_trafficking_screening",
    ]
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} == {
        "store.json",
        f"{session_id}.journal",
        f"{session_id}.head",
    }
    journal = journal_file(store, session_id).read_bytes()
    store_file = (data_dir / "store.json").read_bytes()
    head = (data_dir / "interviews" / f"{session_id}.head").read_bytes()
    for secret in written:
        assert secret not in journal, secret
        assert secret not in store_file, secret
        assert secret not in head, secret
    # What the reader gets back is all of it: the test looks for the right texts.
    loaded = reopen(data_dir).load(session_id)
    assert loaded.events[1]["person_name"] == "Fatima Zahra B."
    assert loaded.header["guide_id"] == "ma_trafficking_screening"


def test_record_sizes_do_not_tell_yes_from_no(store):
    with store.create("g", "1", "fr") as writer:
        writer.append({"kind": "answer", "question": "q", "value": "yes"})
        writer.append({"kind": "answer", "question": "q", "value": "no"})
        writer.append({"kind": "answer", "question": "q", "value": "declined"})
        session_id = writer.id
    frames = frame_offsets(journal_file(store, session_id).read_bytes())
    sizes = {end - start for start, end in frames[1:]}
    assert len(sizes) == 1


def test_files_are_private_to_the_user(store, data_dir):
    session_id = write_interview(store)
    assert (data_dir / "store.json").stat().st_mode & 0o077 == 0
    assert journal_file(store, session_id).stat().st_mode & 0o077 == 0
    assert (data_dir / "interviews").stat().st_mode & 0o077 == 0


def test_default_key_derivation_parameters_are_recorded(tmp_path):
    store = SessionStore(tmp_path)
    store.initialise(PASSPHRASE)
    document = json.loads((tmp_path / "store.json").read_text())
    assert document["kdf"] == {"name": "scrypt", **ScryptParams().as_dict()}
    assert document["kdf"]["log2_n"] >= 15
    again = SessionStore(tmp_path)
    again.unlock(PASSPHRASE)
    assert again.is_unlocked


def test_wrong_passphrase_is_refused_and_changes_nothing(store, data_dir):
    session_id = write_interview(store)
    before = journal_file(store, session_id).read_bytes()
    other = SessionStore(data_dir)
    with pytest.raises(WrongPassphrase, match="passphrase is not right"):
        other.unlock("not the passphrase")
    assert not other.is_unlocked
    with pytest.raises(StoreLocked):
        other.load(session_id)
    assert journal_file(store, session_id).read_bytes() == before


def test_first_use_and_double_initialise(tmp_path):
    store = SessionStore(tmp_path)
    assert not store.is_initialised()
    with pytest.raises(NotInitialised):
        store.unlock(PASSPHRASE)
    store.initialise(PASSPHRASE, FAST)
    with pytest.raises(SessionError, match="already set"):
        store.initialise("another passphrase", FAST)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format=3), "newer version of Dalil"),
        (lambda d: d["kdf"].update(log2_n=40), "damaged"),
        (lambda d: d.update(salt="***"), "damaged"),
        (lambda d: d.pop("verifier"), "damaged"),
    ],
)
def test_damaged_or_newer_store_file(store, data_dir, change, message):
    path = data_dir / "store.json"
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))
    with pytest.raises(StoreDamaged, match=message):
        SessionStore(data_dir).unlock(PASSPHRASE)


def test_torn_last_record_is_ignored_at_every_cut(store, data_dir, monkeypatch):
    session_id = write_interview_killed_in_last_entry(store, monkeypatch)
    path = journal_file(store, session_id)
    whole = path.read_bytes()
    start, end = frame_offsets(whole)[-1]
    reader = reopen(data_dir)
    for cut in range(start + 1, end):
        path.write_bytes(whole[:cut])
        loaded = reader.load(session_id)
        assert len(loaded.events) == len(ANSWERS) - 1, cut
        assert loaded.info.torn_bytes == cut - start


def test_zero_filled_tail_after_power_loss_is_torn(store, data_dir, monkeypatch):
    session_id = write_interview_killed_in_last_entry(store, monkeypatch)
    path = journal_file(store, session_id)
    whole = path.read_bytes()
    start, end = frame_offsets(whole)[-1]
    # Blocks allocated but never written read back as zeros: whole frame, or body only.
    zero_frame = whole[:start] + bytes(end - start)
    zero_body = whole[: start + 8] + bytes(end - start - 8)
    for damaged in (zero_frame, zero_body):
        path.write_bytes(damaged)
        assert len(reopen(data_dir).load(session_id).events) == len(ANSWERS) - 1


def test_resume_after_a_torn_record_drops_it_then_appends(store, data_dir, monkeypatch):
    session_id = write_interview_killed_in_last_entry(store, monkeypatch)
    path = journal_file(store, session_id)
    whole = path.read_bytes()
    start, end = frame_offsets(whole)[-1]
    path.write_bytes(whole[: start + (end - start) // 2])
    with reopen(data_dir).resume(session_id) as writer:
        writer.append({"kind": "answer", "question": "documents_taken", "value": "yes"})
    loaded = reopen(data_dir).load(session_id)
    assert loaded.info.torn_bytes == 0
    assert loaded.events[-1]["question"] == "documents_taken"
    assert len(loaded.events) == len(ANSWERS)


def test_every_flipped_byte_is_reported_and_names_the_interview(store, data_dir):
    session_id = write_interview(store, ANSWERS[:2])
    path = journal_file(store, session_id)
    whole = path.read_bytes()
    reader = reopen(data_dir)
    for position in range(len(whole)):
        flipped = bytearray(whole)
        flipped[position] ^= 0x01
        path.write_bytes(bytes(flipped))
        with pytest.raises(DamagedSession) as caught:
            reader.load(session_id)
        assert session_id in str(caught.value), position


def test_truncated_inside_the_header(store, data_dir):
    session_id = write_interview(store)
    path = journal_file(store, session_id)
    whole = path.read_bytes()
    header_end = frame_offsets(whole)[0][1]
    for cut in (0, 3, 9, 15, header_end - 1):
        path.write_bytes(whole[:cut])
        with pytest.raises(DamagedSession, match=f"Interview {session_id} cannot be read"):
            reopen(data_dir).load(session_id)


def test_file_swapped_between_interviews(store, data_dir):
    first = write_interview(store)
    second = write_interview(store, ANSWERS[:1])
    shutil.copyfile(journal_file(store, first), journal_file(store, second))
    reader = reopen(data_dir)
    with pytest.raises(DamagedSession, match=f"journal of interview {first}") as caught:
        reader.load(second)
    assert caught.value.session_id == second
    assert len(reader.load(first).events) == len(ANSWERS)

    # Even with the clear-text id rewritten, the keys and associated data do not match.
    data = journal_file(store, first).read_bytes()
    rewritten = data.replace(first.encode(), second.encode(), 1)
    journal_file(store, second).write_bytes(rewritten)
    with pytest.raises(DamagedSession, match="header does not open"):
        reader.load(second)


def test_records_moved_within_an_interview(store, data_dir):
    session_id = write_interview(store)
    path = journal_file(store, session_id)
    whole = path.read_bytes()
    frames = frame_offsets(whole)
    (a_start, a_end), (b_start, b_end) = frames[1], frames[2]
    swapped = whole[:a_start] + whole[b_start:b_end] + whole[a_start:a_end] + whole[b_end:]
    path.write_bytes(swapped)
    with pytest.raises(DamagedSession, match="entry 1 is damaged, or was moved"):
        reopen(data_dir).load(session_id)


def test_record_from_another_interview_is_refused(store, data_dir):
    first = write_interview(store)
    second = write_interview(store)
    one, two = journal_file(store, first).read_bytes(), journal_file(store, second).read_bytes()
    start, end = frame_offsets(one)[1]
    s_start, s_end = frame_offsets(two)[1]
    journal_file(store, second).write_bytes(two[:s_start] + one[start:end] + two[s_end:])
    with pytest.raises(DamagedSession, match="entry 1"):
        reopen(data_dir).load(second)


def test_newer_journal_format_is_named(store, data_dir):
    session_id = write_interview(store)
    path = journal_file(store, session_id)
    data = bytearray(path.read_bytes())
    assert data[:6] == MAGIC
    data[6:8] = struct.pack(">H", 7)
    path.write_bytes(bytes(data))
    with pytest.raises(NewerFormat, match="journal format 7"):
        reopen(data_dir).load(session_id)


def test_one_damaged_interview_does_not_hide_the_others(store, data_dir):
    good = write_interview(store)
    bad = write_interview(store)
    journal_file(store, bad).write_bytes(b"garbage")
    infos = {info.id: info for info in reopen(data_dir).list()}
    assert infos[good].problem is None and infos[good].answered == 3
    assert "not a Dalil interview file" in infos[bad].problem
    assert bad in infos[bad].problem


def test_one_writer_per_interview(store, data_dir):
    with store.create("g", "1", "en") as writer:
        with pytest.raises(SessionBusy, match="another Dalil window"):
            reopen(data_dir).resume(writer.id)
        writer.append({"kind": "answer", "question": "q", "value": "yes"})
    with reopen(data_dir).resume(writer.id) as again:
        again.append({"kind": "answer", "question": "r", "value": "no"})
    assert len(reopen(data_dir).load(writer.id).events) == 2


def test_purge_removes_the_file_for_good(store, data_dir):
    session_id = write_interview(store)
    keep = write_interview(store)
    store.purge(session_id)
    assert not journal_file(store, session_id).exists()
    with pytest.raises(SessionNotFound):
        store.load(session_id)
    assert [info.id for info in store.list()] == [keep]


def test_ids_are_checked_and_prefixes_resolve(store):
    session_id = write_interview(store)
    assert store.resolve(session_id[:5]) == session_id
    for bad in ("../store", "", "A" * 3, "x/y"):
        with pytest.raises(SessionNotFound):
            store.load(bad)
    with pytest.raises(SessionNotFound):
        store.resolve("zzzz")


def test_a_closed_writer_refuses_to_write(store):
    writer = store.create("g", "1", "en")
    writer.close()
    with pytest.raises(SessionError, match="closed"):
        writer.append({"kind": "back"})


def test_new_files_never_replace_existing_ones(tmp_path):
    from guide.sessions.store import _atomic_create

    target = tmp_path / "store.json"
    _atomic_create(target, b"first")
    with pytest.raises(FileExistsError):
        _atomic_create(target, b"second")
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["store.json"]  # no temporary file left


def test_journal_from_another_passphrase_names_the_interview(store, data_dir, tmp_path):
    mine = write_interview(store)
    elsewhere = SessionStore(tmp_path / "other-laptop")
    elsewhere.initialise("someone else's passphrase", FAST)
    foreign = write_interview(elsewhere)
    shutil.copyfile(journal_file(elsewhere, foreign), journal_file(store, foreign))
    reader = reopen(data_dir)
    with pytest.raises(DamagedSession, match="another passphrase") as caught:
        reader.load(foreign)
    assert foreign in str(caught.value)
    infos = {info.id: info for info in reader.list()}
    assert infos[mine].problem is None and infos[foreign].problem


def test_a_failed_write_is_cut_off_and_reported(store, data_dir, monkeypatch):
    import os as os_module

    with store.create("g", "1", "en") as writer:
        writer.append({"kind": "answer", "question": "a", "value": "yes"})
        real_write = os_module.write

        def half_then_disk_full(fd, data):
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os_module, "write", half_then_disk_full)
        with pytest.raises(SessionError, match="could not be saved"):
            writer.append({"kind": "answer", "question": "b", "value": "no"})
        monkeypatch.setattr(os_module, "write", real_write)
        writer.append({"kind": "answer", "question": "c", "value": "no"})
        session_id = writer.id
    loaded = reopen(data_dir).load(session_id)
    assert [e["question"] for e in loaded.events] == ["a", "c"]
    assert loaded.info.torn_bytes == 0


def test_default_data_dir(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.delenv("DALIL_DATA_DIR", raising=False)
    assert SessionStore().data_dir == Path(platformdirs.user_data_dir("dalil", appauthor=False))
    monkeypatch.setenv("DALIL_DATA_DIR", str(tmp_path))
    assert SessionStore().data_dir == tmp_path


def test_a_damaged_length_names_its_entry(store, data_dir):
    session_id = write_interview(store)
    path = journal_file(store, session_id)
    whole = bytearray(path.read_bytes())
    frames = frame_offsets(bytes(whole))
    for sequence, message in ((0, "its header is damaged"), (2, "entry 2 is damaged")):
        damaged = bytearray(whole)
        damaged[frames[sequence][0] + 1] ^= 0x40  # inside the length, guarded by its CRC
        path.write_bytes(bytes(damaged))
        with pytest.raises(DamagedSession, match=message):
            reopen(data_dir).load(session_id)


def test_every_flipped_bit_of_store_json_is_damage_not_a_wrong_passphrase(store, data_dir):
    """The salt, the key-derivation settings and the verifier decide whether the passphrase
    opens the store: a bit flipped in any of them must be named as damage (the checksum),
    while the right file with a wrong passphrase stays a wrong passphrase."""
    path = data_dir / "store.json"
    whole = path.read_bytes()
    salt_at = whole.index(b'"salt"')
    for index in range(len(whole)):
        for bit in range(8) if salt_at <= index < salt_at + 40 else (0, 5):
            damaged = bytearray(whole)
            damaged[index] ^= 1 << bit
            path.write_bytes(bytes(damaged))
            with pytest.raises(StoreDamaged) as caught:
                SessionStore(data_dir).unlock(PASSPHRASE)
            assert "store.json" in str(caught.value), (index, bit)
    path.write_bytes(whole)
    with pytest.raises(WrongPassphrase):
        SessionStore(data_dir).unlock("not the passphrase")
    SessionStore(data_dir).unlock(PASSPHRASE)


def test_a_lowered_format_number_is_damage(store, data_dir):
    """Format 2 means every journal has a head; a store.json rewritten as format 1 (to stop
    those checks) no longer opens as format 1: its verifier is sealed for format 2."""
    path = data_dir / "store.json"
    document = json.loads(path.read_text())
    document["format"] = 1
    del document["checksum"]
    path.write_text(json.dumps(document))
    with pytest.raises(StoreDamaged, match="damaged"):
        SessionStore(data_dir).unlock(PASSPHRASE)
