"""Reports are not encrypted: owner-only files, in one documented folder, never the CWD."""

from __future__ import annotations

import os

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
