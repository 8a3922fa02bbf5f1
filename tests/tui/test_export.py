"""Reports are not encrypted: owner-only files, in one documented folder, never the CWD."""

from __future__ import annotations

import os
from pathlib import Path

from guide.commands.sessions import _write_private
from guide.tui.export import private_folder, reports_dir, write_private


def test_the_reports_folder_is_documented_and_can_be_moved(tmp_path):
    assert reports_dir({}).name == "dalil-reports"
    assert reports_dir({"DALIL_REPORTS_DIR": str(tmp_path / "x")}) == tmp_path / "x"


def test_wizard_reports_are_owner_only_whatever_the_umask(tmp_path):
    old = os.umask(0)
    try:
        folder = private_folder(tmp_path / "reports")
        write_private(folder / "r.md", "report")
    finally:
        os.umask(old)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / "r.md").stat().st_mode & 0o777 == 0o600


def test_an_existing_folder_is_tightened(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    private_folder(folder)
    assert folder.stat().st_mode & 0o777 == 0o700


def test_cli_export_tightens_an_existing_world_readable_file(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    _write_private(str(target), "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o600


# --- notes and case details in every report format; searching them -----------------------

PASSPHRASE = "a long test passphrase"


def _report(fixture_guide):
    from guide.core.assessment import assess
    from guide.core.engine import Interview
    from guide.report.build import ReportContext, build_report

    interview = Interview(fixture_guide)
    interview.answer("immediate_danger", "no")
    events = [
        {"kind": "answer", "question": "immediate_danger", "value": "no"},
        {"kind": "case", "reference": "PJ-77", "place": "Tanger", "officer": "B-9"},
        {"kind": "note", "question": "age_band", "text": "Looks younger"},
        {"kind": "note", "question": None, "text": "Man waiting outside"},
        {"kind": "note", "question": "immediate_danger", "text": "first"},
        {"kind": "note", "question": "immediate_danger", "text": ""},  # removed again
    ]
    context = ReportContext(
        session_id="s1", interview_language="ar", created="2026-11-30T10:00:00Z"
    )
    return build_report(fixture_guide, events, assess(fixture_guide, interview.state()), context)


def test_notes_and_observations_reach_every_report_format(fixture_guide):
    from guide.report.formats import render_html, render_markdown
    from guide.report.json_report import render_json

    report = _report(fixture_guide)
    assert report.case.observations == "Man waiting outside"
    assert [(n.question_id, n.text) for n in report.case.notes] == [("age_band", "Looks younger")]
    for lang in ("en", "fr", "ar"):
        for render in (render_markdown, render_html, render_json):
            text = render(report, lang)
            assert "Man waiting outside" in text and "Looks younger" in text, (render, lang)
            assert "PJ-77" in text and "first" not in text


def test_the_json_report_with_notes_follows_its_schema(fixture_guide):
    import json

    import jsonschema

    from guide.report.json_report import render_json

    schema = json.loads(
        (Path(__file__).resolve().parents[2] / "guide/report/report.schema.json").read_text()
    )
    jsonschema.validate(json.loads(render_json(_report(fixture_guide), "en")), schema)


def test_sessions_list_finds_interviews_by_case_details_and_notes(tmp_path, capsys):
    from guide.cli import main
    from guide.sessions import SessionStore
    from guide.sessions.crypto import ScryptParams

    store = SessionStore(tmp_path / "data")
    store.initialise(PASSPHRASE, ScryptParams(log2_n=10, r=8, p=1))
    with store.create("g", "1", "ar") as writer:
        writer.append({"kind": "case", "reference": "PJ-2026-114"})
        found = writer.id
    with store.create("g", "1", "fr") as writer:
        writer.append({"kind": "note", "question": None, "text": "Homme qui attend dehors"})
        noted = writer.id
    with store.create("g", "1", "en") as writer:
        writer.append({"kind": "answer", "question": "q", "value": "yes"})
        other = writer.id
    secret = tmp_path / "pass"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o600)
    options = ["--data-dir", str(tmp_path / "data"), "--passphrase-file", str(secret)]
    assert main(["sessions", "list", "--search", "pj-2026", *options]) == 0
    out = capsys.readouterr().out
    assert found in out and noted not in out and other not in out
    assert main(["sessions", "list", "--search", "ATTEND", *options]) == 0
    out = capsys.readouterr().out
    assert noted in out and found not in out
    assert "PJ-2026-114" not in out  # the list itself shows nothing identifying


def test_the_journal_is_opened_only_when_needed(tmp_path):
    from guide.tui.session_link import SessionLink

    link = SessionLink(data_dir=tmp_path / "data")
    assert not link._opened  # nothing imported or created before the first screen
    assert link.available and link._opened
