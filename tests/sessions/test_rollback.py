"""A journal cut at a record boundary, or replaced by an older copy of itself, is named.

What must be true (docs/security.md, "A damaged or tampered session file"): every prefix of a
journal is a valid journal, so the journal alone cannot show that entries were removed. The
head file (`<id>.head`, sealed under the store key) records how many entries were saved and a
digest of them; on every open, a journal with fewer entries, or other entries, than its head
records is reported by name with what is missing, never read as a shorter interview. A crash
between the entry and the head never raises a false alarm. What stays undetectable (both
files rolled back together, or removed together) is said in docs/security.md.
"""

from __future__ import annotations

import json
import shutil

import pytest

from guide.sessions import DamagedSession, SessionStore
from guide.sessions.errors import EntriesMissing, HeadMissing, JournalReplaced
from guide.sessions.heads import path_for

from .conftest import FAST, PASSPHRASE
from .test_store import ANSWERS, frame_offsets, reopen, write_interview


def head_file(store: SessionStore, session_id: str):
    return path_for(store.journal_path(session_id))


def test_every_journal_has_a_head_and_a_full_one_reads(store, data_dir):
    session_id = write_interview(store)
    assert head_file(store, session_id).is_file()
    assert reopen(data_dir).load(session_id).info.events == len(ANSWERS)


@pytest.mark.parametrize("keep", [1, 2, 4])
def test_a_journal_cut_at_a_record_boundary_is_named_with_what_is_missing(store, data_dir, keep):
    session_id = write_interview(store)
    path = store.journal_path(session_id)
    data = path.read_bytes()
    frames = frame_offsets(data)
    path.write_bytes(data[: frames[keep - 1][1]])  # the header and keep-1 events
    other = write_interview(store)
    fresh = reopen(data_dir)
    with pytest.raises(EntriesMissing) as caught:
        fresh.load(session_id)
    error = caught.value
    assert (error.found, error.recorded) == (keep, len(ANSWERS) + 1)
    text = str(error)
    assert session_id in text
    assert f"{keep} of the {len(ANSWERS) + 1} entries" in text
    assert "older copy" in text
    # Listed with its problem; the other interview still lists; nothing opens it for writing.
    infos = {info.id: info for info in fresh.list()}
    assert infos[session_id].problem == text
    assert infos[other].problem is None
    with pytest.raises(EntriesMissing):
        fresh.resume(session_id)


def test_an_older_copy_of_the_journal_is_named(store, data_dir, tmp_path):
    with store.create("g", "1", "en") as writer:
        writer.append(ANSWERS[0])
        session_id = writer.id
        old = tmp_path / "old.journal"
        shutil.copy(store.journal_path(session_id), old)  # a backup taken mid-interview
        for event in ANSWERS[1:]:
            writer.append(event)
        writer.append({"kind": "result_shown"})
    shutil.copy(old, store.journal_path(session_id))
    with pytest.raises(EntriesMissing) as caught:
        reopen(data_dir).load(session_id)
    assert (caught.value.found, caught.value.recorded) == (2, len(ANSWERS) + 2)
    assert caught.value.answered_saved == 3 and caught.value.answered_found == 1
    assert caught.value.finished_saved and not caught.value.finished_found
    assert "result" in str(caught.value)


def test_another_copy_with_as_many_entries_is_named(store, data_dir, tmp_path):
    """A copy that went on elsewhere (or a rolled-back file appended to) has the right number
    of entries but not the ones saved: the digest tells them apart."""
    with store.create("g", "1", "en") as writer:
        writer.append(ANSWERS[0])
        session_id = writer.id
    path = store.journal_path(session_id)
    head = head_file(store, session_id)
    fork_journal, fork_head = tmp_path / "fork.journal", tmp_path / "fork.head"
    shutil.copy(path, fork_journal)
    shutil.copy(head, fork_head)
    with reopen(data_dir).resume(session_id) as writer:
        writer.append({"kind": "answer", "question": "q1", "value": "yes"})
    saved_head = head.read_bytes()
    shutil.copy(fork_journal, path)
    shutil.copy(fork_head, head)
    with reopen(data_dir).resume(session_id) as writer:
        writer.append({"kind": "answer", "question": "q1", "value": "no"})
    head.write_bytes(saved_head)  # the head of the first line, the journal of the second
    with pytest.raises(JournalReplaced, match="not the copy that was last saved"):
        reopen(data_dir).load(session_id)


def test_a_missing_or_forged_head_is_named(store, data_dir):
    session_id = write_interview(store)
    other = write_interview(store)
    head = head_file(store, session_id)
    head.write_bytes(head_file(store, other).read_bytes())  # another interview's head
    with pytest.raises(DamagedSession, match="record of saved entries"):
        reopen(data_dir).load(session_id)
    head.unlink()
    with pytest.raises(HeadMissing, match="is missing"):
        reopen(data_dir).load(session_id)


def test_a_crash_between_the_entry_and_its_head_is_not_an_alarm(store, data_dir, monkeypatch):
    """The entry is synced before the head is replaced: a crash between the two leaves a
    journal one entry ahead of its head, which reads whole and resumes."""
    from guide.sessions import heads

    with store.create("g", "1", "en") as writer:
        writer.append(ANSWERS[0])
        session_id = writer.id
        head_before = head_file(store, session_id).read_bytes()
        writer.append(ANSWERS[1])
    head_file(store, session_id).write_bytes(head_before)  # the head write never happened
    loaded = reopen(data_dir).load(session_id)
    assert loaded.info.events == 2
    with reopen(data_dir).resume(session_id) as writer:
        writer.append(ANSWERS[2])
    assert reopen(data_dir).load(session_id).info.events == 3
    assert heads is not None


def test_a_head_that_cannot_be_written_means_the_answer_is_not_saved(store, data_dir, monkeypatch):
    from guide.sessions import heads
    from guide.sessions.errors import AnswerNotSaved

    writer = store.create("g", "1", "en")
    writer.append(ANSWERS[0])
    size = store.journal_path(writer.id).stat().st_size

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(heads, "write", full)
    with pytest.raises(AnswerNotSaved):
        writer.append(ANSWERS[1])
    monkeypatch.undo()
    assert store.journal_path(writer.id).stat().st_size == size  # the entry was cut off
    writer.append(ANSWERS[1])
    writer.close()
    assert reopen(data_dir).load(writer.id).info.events == 2


def test_purge_removes_the_head_too(store, data_dir):
    session_id = write_interview(store)
    store.purge(session_id)
    assert not head_file(store, session_id).exists()
    assert not store.journal_path(session_id).exists()


def test_a_store_from_before_heads_is_upgraded_on_unlock(data_dir):
    """Stores made before heads existed (format 1): their journals are accepted as they are
    at the first unlock, which writes their heads and moves the store to format 2; from then
    on a cut is named there too."""
    from guide.sessions import store as store_module

    old = SessionStore(data_dir)
    old.initialise(PASSPHRASE, FAST)
    session_id = write_interview(old)
    make_format_1(old, session_id)
    upgraded = reopen(data_dir)
    document = json.loads((data_dir / "store.json").read_text())
    assert document["format"] == store_module.STORE_FORMAT == 2
    assert head_file(upgraded, session_id).is_file()
    path = upgraded.journal_path(session_id)
    data = path.read_bytes()
    path.write_bytes(data[: frame_offsets(data)[2][1]])
    with pytest.raises(EntriesMissing):
        reopen(data_dir).load(session_id)


def make_format_1(store: SessionStore, session_id: str) -> None:
    """Rewrite a store as Dalil wrote it before heads existed (format 1, no checksum)."""
    import base64

    from guide.sessions import crypto

    head_file(store, session_id).unlink()
    path = store.store_file
    document = json.loads(path.read_text())
    master = store._require_unlocked()
    verifier = crypto.seal(
        crypto.verifier_key(master), b"dalil store verifier", b"dalil/store-verifier/v1"
    )
    document.update(format=1, verifier=base64.b64encode(verifier).decode("ascii"))
    document.pop("checksum", None)
    path.write_text(json.dumps(document, indent=2) + "\n")


def test_a_slot_cut_short_by_a_crash_is_read_only_beside_its_entry(store, data_dir):
    """The head's two slots are written in turn, in place. A power cut while writing one
    leaves it damaged; that slot was for an entry already on disk, so the journal holding
    it reads whole. The same damage without that entry is named: it is not a crash's."""
    from guide.sessions.heads import SLOT_BYTES

    session_id = write_interview(store)  # 7 entries: slot 1 holds 7, slot 0 holds 6
    head = head_file(store, session_id)
    data = bytearray(head.read_bytes())
    data[SLOT_BYTES + 40 : SLOT_BYTES + 60] = bytes(20)  # the write of entry 7, cut short
    head.write_bytes(bytes(data))
    assert reopen(data_dir).load(session_id).info.events == len(ANSWERS)
    with reopen(data_dir).resume(session_id) as writer:  # and the next entry mends it
        writer.append({"kind": "answer", "question": "q9", "value": "yes"})
    assert reopen(data_dir).load(session_id).info.events == len(ANSWERS) + 1

    other = write_interview(store)
    head = head_file(store, other)
    data = bytearray(head.read_bytes())
    data[SLOT_BYTES + 40 : SLOT_BYTES + 60] = bytes(20)
    head.write_bytes(bytes(data))
    path = store.journal_path(other)
    journal = path.read_bytes()
    path.write_bytes(journal[: frame_offsets(journal)[-2][1]])  # and entry 7 is gone too
    with pytest.raises(DamagedSession, match="record of saved entries"):
        reopen(data_dir).load(other)


def test_accepting_the_loss_writes_it_into_the_journal_and_opens_it_again(store, data_dir):
    """Restoring a backup is the way back; without one, the officer can take the interview
    as it now is. The loss is then written into the journal (authenticated like any entry),
    so it is never forgotten, and the rest resumes and exports again."""
    session_id = write_interview(store)
    path = store.journal_path(session_id)
    data = path.read_bytes()
    path.write_bytes(data[: frame_offsets(data)[3][1]])
    fresh = reopen(data_dir)
    with pytest.raises(EntriesMissing):
        fresh.load(session_id)
    problem = fresh.accept_missing(session_id)
    assert isinstance(problem, EntriesMissing) and problem.found == 4
    loaded = reopen(data_dir).load(session_id)
    assert loaded.events[-1]["kind"] == "entries_missing"
    assert loaded.events[-1]["found"] == 4 and loaded.events[-1]["recorded"] == len(ANSWERS) + 1
    assert reopen(data_dir).accept_missing(session_id) is None  # nothing more to accept
    with reopen(data_dir).resume(session_id) as writer:
        writer.append(ANSWERS[-1])
    assert reopen(data_dir).load(session_id).info.events == 5


def test_accepting_a_journal_whose_head_is_gone(store, data_dir):
    session_id = write_interview(store)
    head_file(store, session_id).unlink()
    with pytest.raises(HeadMissing):
        reopen(data_dir).load(session_id)
    assert isinstance(reopen(data_dir).accept_missing(session_id), HeadMissing)
    assert reopen(data_dir).load(session_id).events[-1]["problem"] == "head_missing"
