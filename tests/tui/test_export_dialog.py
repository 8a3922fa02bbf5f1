"""The export dialog at 80 columns: the folder once, cut only after a "/", and each file
name whole beneath it (never "…005408.ht" / "ml")."""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.tui.screens.exported import ExportedScreen, wrap_path
from tests.tui.test_officer_day import press_all
from tests.tui.test_wizard import PATHS


def test_a_path_is_cut_only_after_a_slash():
    folder = "/home/officer/a-rather-long-folder-name/reports-of-the-week/"
    lines = wrap_path(folder, 24)
    assert "".join(lines) == folder
    assert all(line.endswith("/") for line in lines)
    assert wrap_path("/a/b", 10) == ["/a/b"]


@pytest.mark.parametrize("lang", ["ar", "fr"])
async def test_the_export_dialog_shows_the_folder_once_and_whole_file_names(
    make_app, painted_rows, tmp_path, monkeypatch, lang
):
    folder = tmp_path / "a-folder-with-a-long-name-for-the-reports" / "of-this-week"
    monkeypatch.setenv("DALIL_REPORTS_DIR", str(folder))
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press_all(pilot, [*PATHS["reasonable_grounds"], "e"])
        assert isinstance(app.screen, ExportedScreen)
        painted = painted_rows(app)
        names = sorted(path.name for path in folder.iterdir())
        assert len(names) >= 2
        for name in names:  # each whole, on its own row
            assert any(name in row for row in painted), (name, painted)
        # the folder said once: its last part on one row only
        assert sum("of-this-week" in row for row in painted) == 1
        rows = [row.strip(" █▌▐") for row in painted]
        assert any(row.endswith("/") and "reports" in row for row in rows)
        assert Path(app.screen.paths[0]).parent == folder
