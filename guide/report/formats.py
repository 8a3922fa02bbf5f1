"""The three report formats by name: HTML, Markdown and JSON, each rendering a Report."""

from __future__ import annotations

from collections.abc import Callable

from guide.report.html_report import render_html
from guide.report.json_report import render_json
from guide.report.markdown_report import render_markdown
from guide.report.model import Report

RENDERERS: dict[str, Callable[[Report, str], str]] = {
    "html": render_html,
    "md": render_markdown,
    "json": render_json,
}

__all__ = ["RENDERERS", "Report", "render_html", "render_json", "render_markdown"]
