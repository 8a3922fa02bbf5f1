"""A whole interview, journal and report included, with socket creation forbidden."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from guide.cli import main
from guide.core.assessment import assess
from guide.core.engine import Interview
from guide.report.build import ReportContext
from guide.report.formats import RENDERERS
from guide.report.session import report_for_session
from guide.sessions import SessionStore

from .conftest import FAST, PASSPHRASE

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"

ANSWERS = [
    ("danger", "no"),
    ("age_band", "under_18"),
    ("job_as_promised", "no"),
    ("pay_as_promised", "no"),
    ("hours", 13),
    ("paid", "no"),
]


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise NetworkUsed("a socket was created")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    with pytest.raises(NetworkUsed):
        socket.socket()  # the guard itself works


def test_interview_journal_and_reports_without_network(
    no_network, mini_guide, tmp_path, passphrase_file, capsys
):
    data_dir = tmp_path / "data"
    store = SessionStore(data_dir)
    store.initialise(PASSPHRASE, FAST)
    interview = Interview(mini_guide)
    with store.create(mini_guide.id, mini_guide.version, "ar") as writer:
        for qid, value in ANSWERS:
            interview.answer(qid, value)
            writer.append(interview.events[-1].to_dict())
        writer.append({"kind": "result_shown"})
        session_id = writer.id

    reader = SessionStore(data_dir)
    reader.unlock(PASSPHRASE)
    loaded = reader.load(session_id)
    replayed, problems = Interview.replay(mini_guide, loaded.events)
    assert problems == [] and replayed.answers == interview.answers
    expected = assess(mini_guide, interview.state()).verdict.verdict.id
    made = report_for_session(
        mini_guide, loaded, ReportContext(session_id, "ar", "2026-11-28T10:00:00Z")
    )
    assert made.report.verdict.id == expected == "grounds"
    for lang in ("ar", "fr", "en"):
        for render in RENDERERS.values():
            assert render(made.report, lang)

    common = ["--data-dir", str(data_dir), "--passphrase-file", str(passphrase_file)]
    assert main(["sessions", "list", "--format", "json", *common]) == 0
    listed = json.loads(capsys.readouterr().out)["sessions"]
    assert [(s["id"], s["finished"]) for s in listed] == [(session_id, True)]
    for fmt in ("html", "md", "json"):
        out = tmp_path / f"report.{fmt}"
        command = ["sessions", "export", session_id, "--format", fmt, "--lang", "fr"]
        code = main([*command, "--guide", str(MINI), "-o", str(out), *common])
        assert code == 0, capsys.readouterr().err
        assert out.stat().st_size > 0
