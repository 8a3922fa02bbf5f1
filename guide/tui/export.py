"""Writing the result to a file for the referral: the report renderers when installed
(guide.report: Markdown and HTML), otherwise a plain-text summary."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from guide.tui.result_text import ResultText


def export_report(
    folder: Path,
    *,
    guide: Any,
    assessment: Any,
    events: list[dict[str, Any]],
    words: ResultText,
    session_id: str | None,
    person_lang: str,
    ui_lang: str,
    finished: bool,
) -> list[Path]:
    """Write the report files into `folder`; returns their paths. OSError on failure."""
    now = datetime.now(UTC)
    stem = folder / f"dalil-report-{now.astimezone().strftime('%Y%m%d-%H%M%S')}"
    try:
        from guide.report import render_html, render_markdown
        from guide.report.build import ReportContext, build_report
    except ImportError:
        path = stem.with_suffix(".txt")
        path.write_text(words.plain_report(assessment), encoding="utf-8")
        return [path]
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
