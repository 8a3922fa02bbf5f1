"""Someone with the files but not the passphrase: what the commands say.

What must be true (docs/security.md, "A damaged or tampered session file"): a journal cut at
a record boundary, or replaced by an older copy of itself, is named with what is missing in
`sessions list` and refused by `sessions export`, never read as a shorter interview; a bit
flipped in store.json is named as damage, never as a wrong passphrase; and the passphrase
file given before the command is the one used.
"""

from __future__ import annotations

import shutil
import struct

import pytest

from guide.cli import main
from guide.sessions import EntriesMissing, SessionStore
from guide.sessions.crypto import ScryptParams

PASSPHRASE = "a long test passphrase"


def frame_ends(data: bytes) -> list[int]:
    pos, ends = 9 + data[8], []
    while pos < len(data):
        (length,) = struct.unpack_from(">I", data, pos)
        pos += 8 + length
        ends.append(pos)
    return ends


@pytest.fixture
def laptop(tmp_path, monkeypatch):
    monkeypatch.delenv("DALIL_PASSPHRASE_FILE", raising=False)
    data = tmp_path / "data"
    store = SessionStore(data)
    store.initialise(PASSPHRASE, ScryptParams(log2_n=10, r=8, p=1))
    passphrase = tmp_path / "pp"
    passphrase.write_text(PASSPHRASE + "\n")
    passphrase.chmod(0o600)
    return store, ["--data-dir", str(data), "--passphrase-file", str(passphrase)], tmp_path


def interview(store: SessionStore, answers: int, snapshot_after: int | None = None, to=None):
    with store.create("ma_trafficking_screening", "1.0.0", "en") as writer:
        for number in range(answers):
            writer.append({"kind": "answer", "question": f"q{number}", "value": "yes"})
            if number + 1 == snapshot_after:
                shutil.copy(store.journal_path(writer.id), to)
        writer.append({"kind": "result_shown"})
        return writer.id


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_a_journal_cut_at_a_record_boundary_is_named_by_list_and_export(laptop, capsys):
    store, options, _ = laptop
    cut = interview(store, 7)
    whole = interview(store, 2)
    path = store.journal_path(cut)
    data = path.read_bytes()
    path.write_bytes(data[: frame_ends(data)[3]])  # the header and three answers
    code, out, _ = run(capsys, "sessions", "list", *options)
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith(cut))
    assert "missing saved entries" in line and "4 of the 9 entries" in line
    assert "3 of the 7 questions answered" in line and "result had been reached" in line
    assert next(line for line in out.splitlines() if line.startswith(whole)).split()[-1] == "yes"
    code, out, err = run(capsys, "sessions", "export", cut, "--format", "json", *options)
    assert code != 0 and out == "" and cut in err and "missing saved entries" in err


def test_an_older_copy_of_a_journal_is_named(laptop, capsys):
    store, options, tmp_path = laptop
    old = tmp_path / "old.journal"
    session_id = interview(store, 5, snapshot_after=2, to=old)
    shutil.copy(old, store.journal_path(session_id))
    code, out, _ = run(capsys, "sessions", "list", *options)
    assert code == 0 and "older copy" in out and "3 of the 7 entries" in out


def test_a_flipped_bit_in_the_salt_is_damage_not_a_wrong_passphrase(laptop, capsys):
    store, options, _ = laptop
    interview(store, 1)
    raw = bytearray(store.store_file.read_bytes())
    raw[raw.index(b'"salt": "') + 12] ^= 0x01
    store.store_file.write_bytes(bytes(raw))
    code, _, err = run(capsys, "sessions", "list", *options)
    assert code != 0 and "is damaged" in err and "not right" not in err


def test_passphrase_file_before_the_command_is_used(laptop, capsys):
    store, options, _ = laptop
    session_id = interview(store, 1)
    data_dir, passphrase = options[1], options[3]
    code, out, err = run(
        capsys, "--passphrase-file", passphrase, "sessions", "list", "--data-dir", data_dir
    )
    assert code == 0, err
    assert session_id in out


def test_accept_asks_then_opens_the_interview_again(laptop, capsys, monkeypatch):
    store, options, _ = laptop
    cut = interview(store, 4)
    path = store.journal_path(cut)
    data = path.read_bytes()
    path.write_bytes(data[: frame_ends(data)[1]])
    code, _, err = run(capsys, "sessions", "accept", cut, *options)
    assert code == 2 and "--yes" in err  # no one to answer the question: nothing changed
    with pytest.raises(EntriesMissing):
        store.load(cut)
    code, out, _ = run(capsys, "sessions", "accept", cut, "--yes", *options)
    assert code == 0 and "missing saved entries" in out and "opens again" in out
    code, out, _ = run(capsys, "sessions", "export", cut, "--format", "json", *options)
    assert code == 0 and "entries_missing" in out
    code, out, _ = run(capsys, "sessions", "accept", cut, "--yes", *options)
    assert code == 0 and "nothing was changed" in out
