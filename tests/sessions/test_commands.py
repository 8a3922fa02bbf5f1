"""dalil sessions list / resume / export / purge, run through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guide.cli import main
from guide.commands import wizard
from guide.sessions import SessionStore

from .conftest import PASSPHRASE
from .test_store import frame_offsets

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


@pytest.fixture
def filled(store, data_dir, passphrase_file):
    """Two interviews: one finished in French, one begun in Arabic; and the options."""
    with store.create("mini", "0.1", "fr") as writer:
        for qid, value in [
            ("danger", "no"),
            ("age_band", "adult"),
            ("age_uncertain", "no"),
            ("job_as_promised", "no"),
            ("pay_as_promised", "no"),
            ("hours", 14),
            ("paid", "no"),
        ]:
            writer.append({"kind": "answer", "question": qid, "value": value})
        writer.append({"kind": "case", "place": "Tanger", "officer": "A-17"})
        writer.append({"kind": "result_shown"})
        finished = writer.id
    with store.create("mini", "0.1", "ar") as writer:
        writer.append({"kind": "answer", "question": "danger", "value": "yes"})
        started = writer.id
    options = ["--data-dir", str(data_dir), "--passphrase-file", str(passphrase_file)]
    return finished, started, options


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_nothing_identifying(filled, capsys):
    finished, started, options = filled
    code, out, _ = run(capsys, "sessions", "list", *options)
    assert code == 0
    assert finished in out and started in out
    assert "Tanger" not in out and "A-17" not in out
    code, out, _ = run(capsys, "sessions", "list", "--format", "json", *options)
    rows = {row["id"]: row for row in json.loads(out)["sessions"]}
    assert (rows[finished]["answered"], rows[finished]["finished"]) == (7, True)
    assert (rows[started]["language"], rows[started]["finished"]) == ("ar", False)
    assert set(rows[finished]) == {
        "id",
        "started",
        "updated",
        "language",
        "answered",
        "finished",
        "guide_id",
        "guide_version",
        "events",
        "problem",
        "torn_bytes",
    }


def test_passphrase_file_from_the_environment(filled, capsys, monkeypatch, passphrase_file):
    _, _, options = filled
    monkeypatch.setenv("DALIL_PASSPHRASE_FILE", str(passphrase_file))
    code, out, _ = run(capsys, "sessions", "list", *options[:2])
    assert code == 0 and filled[0] in out


def test_wrong_passphrase_message(filled, capsys, tmp_path):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it at all\n")
    wrong.chmod(0o600)
    _, _, options = filled
    code, _, err = run(
        capsys, "sessions", "list", options[0], options[1], "--passphrase-file", str(wrong)
    )
    assert code == 1
    assert "passphrase is not right" in err and "Traceback" not in err


def test_no_passphrase_source_without_a_terminal(filled, capsys, monkeypatch):
    monkeypatch.delenv("DALIL_PASSPHRASE_FILE", raising=False)
    _, _, options = filled
    code, _, err = run(capsys, "sessions", "list", *options[:2])
    assert code == 1 and "--passphrase-file" in err


def test_damaged_interview_is_listed_with_its_problem(filled, capsys, data_dir):
    finished, started, options = filled
    path = data_dir / "interviews" / f"{started}.journal"
    data = bytearray(path.read_bytes())
    data[-5] ^= 0xFF
    path.write_bytes(bytes(data))
    code, out, _ = run(capsys, "sessions", "list", *options)
    assert code == 0
    assert f"Interview {started} cannot be read: entry 1 is damaged" in out
    code, _, err = run(capsys, "sessions", "export", started, "--guide", str(MINI), *options)
    assert code == 1 and f"Interview {started} cannot be read" in err
    code, out, _ = run(
        capsys, "sessions", "export", finished, "--guide", str(MINI), "--format", "md", *options
    )
    assert code == 0 and "Tanger" in out


def test_export_formats_and_languages(filled, capsys, tmp_path):
    finished, _, options = filled
    out_file = tmp_path / "r.html"
    code, _, err = run(
        capsys,
        "sessions",
        "export",
        finished[:6],
        "--guide",
        str(MINI),
        "--lang",
        "ar",
        "-o",
        str(out_file),
        "--officer",
        "B-9",
        *options,
    )
    assert code == 0 and "not encrypted" in err
    page = out_file.read_text(encoding="utf-8")
    assert 'lang="ar" dir="rtl"' in page and "B-9" in page and "Tanger" in page
    assert out_file.stat().st_mode & 0o077 == 0
    code, out, _ = run(
        capsys, "sessions", "export", finished, "--guide", str(MINI), "--format", "json", *options
    )
    document = json.loads(out)
    assert document["language"] == "fr"  # the interview's language by default
    assert document["verdict"]["id"] == "grounds"
    code, _, err = run(
        capsys, "sessions", "export", finished, "--guide", str(MINI), "--lang", "de", *options
    )
    assert code == 2 and "no 'de' version" in err


def test_export_shows_earlier_answers_only_with_the_option(
    store, data_dir, passphrase_file, capsys
):
    with store.create("mini", "0.1", "fr") as writer:
        writer.append({"kind": "answer", "question": "danger", "value": "no"})
        writer.append({"kind": "answer", "question": "age_band", "value": "adult"})
        writer.append({"kind": "change", "question": "danger", "value": "yes", "previous": "no"})
        interview = writer.id
    options = ["--data-dir", str(data_dir), "--passphrase-file", str(passphrase_file)]
    export = ("sessions", "export", interview, "--guide", str(MINI), "--format", "json")
    for flag, shown in (((), False), (("--earlier-answers",), True)):
        code, out, _ = run(capsys, *export, *flag, *options)
        assert code == 0
        document = json.loads(out)
        assert document["earlier_answers_shown"] is shown
        (change,) = [entry for entry in document["audit"] if entry["kind"] == "change"]
        assert change["value"] is not None
        assert (change["previous"] is not None) is shown


def test_export_unknown_id(filled, capsys):
    _, _, options = filled
    code, _, err = run(capsys, "sessions", "export", "ffffffff", "--guide", str(MINI), *options)
    assert code == 1 and "no interview 'ffffffff'" in err


def test_resume_hands_over_to_the_wizard_when_it_can(filled, capsys, monkeypatch):
    _finished, started, options = filled
    monkeypatch.delattr(wizard, "SUPPORTS_RESUME", raising=False)
    code, _, err = run(capsys, "sessions", "resume", started, *options)
    assert code == 2 and "cannot resume interviews in the wizard yet" in err
    seen = {}
    monkeypatch.setattr(wizard, "SUPPORTS_RESUME", True, raising=False)
    monkeypatch.setattr(wizard, "run_wizard", lambda args: seen.update(vars(args)) or 0)
    code, _, _ = run(capsys, "sessions", "resume", started[:5], *options)
    assert code == 0 and seen["resume"] == started
    assert seen["data_dir"] == options[1] and seen["passphrase_file"] == options[3]


def test_purge_asks_first_and_removes_for_good(filled, capsys, data_dir, monkeypatch):
    finished, started, options = filled
    code, _, err = run(capsys, "sessions", "purge", "--finished", *options)
    assert code == 2 and "--yes" in err  # no terminal to ask: nothing removed
    assert (data_dir / "interviews" / f"{finished}.journal").exists()

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    code, out, _ = run(capsys, "sessions", "purge", finished, *options)
    assert code == 1 and "Nothing was removed" in out

    code, out, _ = run(capsys, "sessions", "purge", "--finished", "--yes", *options)
    assert code == 0 and "Removed 1 interview." in out
    reader = SessionStore(data_dir)
    reader.unlock(PASSPHRASE)
    assert [info.id for info in reader.list()] == [started]


def test_purge_older_than(filled, capsys, data_dir):
    _finished, _started, options = filled
    code, out, _ = run(capsys, "sessions", "purge", "--older-than", "1", "--yes", *options)
    assert code == 0 and "nothing was removed" in out
    code, out, _ = run(capsys, "sessions", "purge", "--older-than", "0", "--yes", *options)
    assert code == 0 and "Removed 2 interviews." in out


def test_purge_needs_a_target(filled, capsys):
    _, _, options = filled
    code, _, err = run(capsys, "sessions", "purge", *options)
    assert code == 2 and "Say what to purge" in err


def test_list_before_any_passphrase(tmp_path, capsys, passphrase_file):
    code, out, _ = run(
        capsys,
        "sessions",
        "list",
        "--data-dir",
        str(tmp_path / "empty"),
        "--passphrase-file",
        str(passphrase_file),
    )
    assert code == 0 and "No interviews are stored." in out
    assert not (tmp_path / "empty").exists()


def test_first_use_sets_the_passphrase_from_a_file(tmp_path, passphrase_file):
    from guide.sessions.passphrase import open_store

    store = open_store(tmp_path / "new", passphrase_file, interactive=False)
    assert store.is_unlocked and store.is_initialised()
    again = SessionStore(tmp_path / "new")
    again.unlock(PASSPHRASE)


def test_short_new_passphrase_is_refused(tmp_path):
    from guide.sessions import SessionError
    from guide.sessions.passphrase import open_store

    short = tmp_path / "short.txt"
    short.write_text("abc")
    short.chmod(0o600)
    with pytest.raises(SessionError, match="at least 8 characters"):
        open_store(tmp_path / "new", short, interactive=False)
    assert not (tmp_path / "new" / "store.json").exists()


def test_interactive_unlock_allows_retries(store, data_dir, monkeypatch):
    from guide.sessions.passphrase import open_store

    monkeypatch.delenv("DALIL_PASSPHRASE_FILE", raising=False)
    replies = iter(["wrong one", PASSPHRASE])
    unlocked = open_store(data_dir, None, prompt=lambda _: next(replies), interactive=True)
    assert unlocked.is_unlocked


def test_a_damaged_interview_can_be_purged_by_id(filled, capsys, data_dir):
    _finished, started, options = filled
    path = data_dir / "interviews" / f"{started}.journal"
    path.write_bytes(b"DALILJ garbage")
    code, out, _ = run(capsys, "sessions", "purge", "--finished", "--yes", *options)
    assert code == 0 and started not in out  # not chosen by state: its state is unknown
    assert path.exists()
    code, out, _ = run(capsys, "sessions", "purge", started, "--yes", *options)
    assert code == 0 and f"{started}  (cannot be read)" in out
    assert not path.exists()


def test_list_mentions_a_cut_short_last_entry(filled, capsys, data_dir):
    _, started, options = filled
    path = data_dir / "interviews" / f"{started}.journal"
    data = path.read_bytes()
    start, end = frame_offsets(data)[-1]
    # The process died while writing one more entry: its first bytes are there, not the rest.
    path.write_bytes(data + data[start : end - 10])
    code, out, _ = run(capsys, "sessions", "list", *options)
    assert code == 0 and "an unconfirmed last entry was cut short" in out


def test_list_on_a_fresh_machine_needs_no_passphrase(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DALIL_PASSPHRASE_FILE", raising=False)
    code, out, _ = run(capsys, "sessions", "list", "--data-dir", str(tmp_path / "fresh"))
    assert code == 0 and "No interviews are stored." in out


def test_an_unreadable_folder_is_a_message(filled, capsys, monkeypatch):
    _, _, options = filled

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self.journal_dir))

    monkeypatch.setattr(SessionStore, "session_ids", refuse)
    code, _, err = run(capsys, "sessions", "list", *options)
    assert code == 1 and "The interviews cannot be read" in err and "permission denied" in err
