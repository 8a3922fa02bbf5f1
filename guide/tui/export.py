"""Writing the result to files for the referral: the report (guide.report) as Markdown and
HTML, rendered from the same result view as the screen."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from guide.report import render_html, render_markdown
from guide.report.build import ReportContext, build_report


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
    """Write the report files into `folder`; returns their paths. OSError on failure."""
    now = datetime.now(UTC)
    stem = folder / f"dalil-report-{now.astimezone().strftime('%Y%m%d-%H%M%S')}"
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
        path.write_text(render(report, ui_lang), encoding="utf-8")
        written.append(path)
    return written
