"""The footer: every key the current screen accepts, in the interface language."""

from __future__ import annotations

from guide.tui.widgets.bidi_text import BidiText


class KeyBar(BidiText):
    """One line (or more when narrow) of "key label" pairs; mirrored in Arabic by the bidi
    transform itself, since the keys are part of the logical text."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: auto; max-height: 3; }
    """

    def __init__(
        self, keys: list[tuple[str, str]], *, rtl: bool | None = None, id: str | None = None
    ) -> None:
        super().__init__(self.format(keys), rtl=rtl, id=id)
        self.keys = keys

    @staticmethod
    def format(keys: list[tuple[str, str]]) -> str:
        return "   ".join(f"{key} {label}" for key, label in keys)

    def set_keys(self, keys: list[tuple[str, str]]) -> None:
        self.keys = keys
        self.update(self.format(keys))
