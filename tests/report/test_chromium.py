"""The HTML report as a browser draws it: Arabic right to left, French left to right.

Headless Chromium takes a screenshot; the test looks at the pixels, not only the markup:
the ink of the heading line must lie on the right half for Arabic, the left half for French.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from guide.report.formats import render_html

from .pngread import dark_columns, read_rows

WIDTH, HEIGHT = 1000, 900


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name) or (
            f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None
        )
        if found:
            return found
    return None


pytestmark = pytest.mark.skipif(
    chromium() is None, reason="Chromium is not installed (apt-get install chromium)"
)


def screenshot(html: str, folder: Path, name: str) -> Path:
    page = folder / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    png = folder / f"{name}.png"
    command = [
        str(chromium()),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--virtual-time-budget=3000",
        f"--user-data-dir={folder / ('profile-' + name)}",
        f"--screenshot={png}",
        f"--window-size={WIDTH},{HEIGHT}",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert png.exists(), done.stderr[-2000:]
    return png


def heading_ink(png: Path) -> tuple[int, int, int]:
    """(first x, last x, width) of the ink on the first line of text (the report's heading)."""
    width, channels, rows = read_rows(png.read_bytes(), max_rows=200)
    band: list[int] = []
    for row in rows:
        ink = dark_columns(row, channels)
        if ink:
            band.extend(ink)
        elif band:
            break  # the blank line under the heading
    assert band, f"no text found at the top of {png}"
    return min(band), max(band), width


def test_arabic_report_is_drawn_right_to_left_and_french_left_to_right(report, tmp_path):
    arabic = screenshot(render_html(report, "ar"), tmp_path, "report-ar")
    french = screenshot(render_html(report, "fr"), tmp_path, "report-fr")

    first, last, width = heading_ink(arabic)
    assert first > width / 2, (first, last, width)  # all of the heading on the right half
    assert width - last < width / 4  # and against the right margin

    first, last, width = heading_ink(french)
    assert last < width / 2, (first, last, width)
    assert first < width / 4


def test_arabic_report_prints(report, tmp_path):
    """Printing (with the @media print rules) gives a PDF with pages."""
    page = tmp_path / "report-ar.html"
    page.write_text(render_html(report, "ar"), encoding="utf-8")
    pdf = tmp_path / "report-ar.pdf"
    command = [
        str(chromium()),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile-print'}",
        "--no-pdf-header-footer",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert pdf.exists(), done.stderr[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
    # Page objects may sit in compressed object streams, where they cannot be counted.
    assert pages >= 1 or b"/ObjStm" in data
