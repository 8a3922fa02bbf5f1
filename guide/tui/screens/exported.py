"""After E on the result screen: where the report went, and that it is not encrypted."""

from __future__ import annotations

import os
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical

from guide.tui.screens.base import WizardModal
from guide.tui.text import _, ltr
from guide.tui.widgets.bidi_text import BidiText


class ExportedScreen(WizardModal):
    """A dialog the officer cannot miss: the paths written (or why nothing was), one line of
    warning, and Enter to close."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,q,e", "close", show=False),
    ]

    def __init__(self, paths: list[str], error: str | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.error = error

    def compose(self) -> ComposeResult:
        rtl = self.ui_rtl()
        with Vertical(id="dialog", classes="dialog"):
            if self.error is not None:
                yield BidiText(_("The report was not written"), classes="title urgent", rtl=rtl)
                yield BidiText(self.error, id="export-error", rtl=rtl)
            else:
                yield BidiText(_("Report written"), classes="title", rtl=rtl)
                # The folder once (cut after a "/" if it is long), the file names beneath it,
                # each whole; a path is left to right even inside an Arabic line.
                width = max(20, min(90, self.app.size.width * 8 // 10) - 6)
                for folder, names in group_by_folder(self.paths):
                    lines = [*wrap_path(folder + os.sep, width), *(f"  {n}" for n in names)]
                    yield BidiText(
                        "\n".join(ltr(line) for line in lines), classes="export-path", rtl=False
                    )
                yield BidiText(
                    _("Not encrypted: keep it safe and delete it once it is handed over."),
                    id="export-warning",
                    classes="urgent",
                    rtl=rtl,
                )
            yield BidiText(_("Enter: close"), classes="hint", rtl=rtl)

    def action_close(self) -> None:
        self.dismiss(None)


def group_by_folder(paths: list[str]) -> list[tuple[str, list[str]]]:
    """The paths' folders, in order of first appearance, each with its file names."""
    groups: dict[str, list[str]] = {}
    for path in paths:
        folder, name = os.path.split(path)
        groups.setdefault(folder, []).append(name)
    return list(groups.items())


def wrap_path(path: str, width: int) -> list[str]:
    """A path in lines of at most `width` characters, cut only after a "/" (a part longer
    than the width stays whole on its own line: the terminal cuts it, not this)."""
    parts = path.split(os.sep)
    pieces = [part + os.sep for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
    lines: list[str] = []
    current = ""
    for piece in pieces:
        if current and len(current) + len(piece) > width:
            lines.append(current)
            current = ""
        current += piece
    if current:
        lines.append(current)
    return lines
