"""Writing the result to files for the referral: the report (guide.report) as Markdown and
HTML, rendered from the same result view as the screen.

Reports go to one documented folder, `~/dalil-reports` (or $DALIL_REPORTS_DIR), made readable
by the officer's account only (folder 0700, files 0600): a report names what happened to a
person and, unlike the journal, it is not encrypted.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from guide.report.build import ReportContext, build_report
from guide.report.formats import render_html, render_markdown

REPORTS_DIR_VARIABLE = "DALIL_REPORTS_DIR"


def reports_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the wizard writes reports: $DALIL_REPORTS_DIR, else ~/dalil-reports."""
    env = os.environ if environ is None else environ
    chosen = env.get(REPORTS_DIR_VARIABLE)
    return Path(chosen).expanduser() if chosen else Path.home() / "dalil-reports"


def private_folder(folder: Path) -> Path:
    """Create the folder for the officer's account only (and tighten it if it exists)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder


def write_private(path: Path, text: str) -> None:
    """A new file readable by the officer's account only, whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        os.fchmod(out.fileno(), 0o600)
        out.write(text)


def export_report(
    folder: Path,
    *,
    guide: Any,
    assessment: Any,
    events: list[dict[str, Any]],
    session_id: str | None,
    person_lang: str,
    ui_lang: str,
    finished: bool,
) -> list[Path]:
    """Write the report files into `folder` (created owner-only); returns their paths.
    OSError on failure. Never overwrites: a second export in the same second gets "-2"."""
    now = datetime.now(UTC)
    private_folder(folder)
    base = f"dalil-report-{now.astimezone().strftime('%Y%m%d-%H%M%S')}"
    stem = folder / base
    counter = 1
    while any(stem.with_suffix(s).exists() for s in (".md", ".html")):
        counter += 1
        stem = folder / f"{base}-{counter}"
    context = ReportContext(
        session_id=session_id or "unsaved",
        interview_language=person_lang,
        created=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        finished=finished,
    )
    report = build_report(guide, events, assessment, context)
    written = []
    for suffix, render in ((".md", render_markdown), (".html", render_html)):
        path = stem.with_suffix(suffix)
        write_private(path, render(report, ui_lang))
        written.append(path)
    return written
