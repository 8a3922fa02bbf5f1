"""The footer: every key the current screen accepts, in the interface language."""

from __future__ import annotations

from textual.timer import Timer

from guide.tui.widgets.bidi_text import BidiText

# How long a short message ("The key & does nothing here") stays above the keys.
MESSAGE_SECONDS = 4.0


class KeyBar(BidiText):
    """One line (or more when narrow) of "key label" pairs; mirrored in Arabic by the bidi
    transform itself, since the keys are part of the logical text. A key and its label are
    joined by a no-break space and isolated, so a narrow line never splits "F2" from its
    label nor mixes one pair with the next."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: auto; max-height: 4; }
    """

    def __init__(
        self, keys: list[tuple[str, str]], *, rtl: bool | None = None, id: str | None = None
    ) -> None:
        super().__init__(self.format(keys), rtl=rtl, id=id)
        self.keys = keys
        self.message = ""
        self._message_timer: Timer | None = None

    @staticmethod
    def format(keys: list[tuple[str, str]]) -> str:
        # No-break spaces inside a pair too: "B Back to the questions" never splits.
        return "   ".join(f"\u2068{key}\u00a0{_no_break(label)}\u2069" for key, label in keys)

    def _paint(self) -> None:
        keys = self.format(self.keys)
        self.update(f"{self.message}\n{keys}" if self.message else keys)

    def set_keys(self, keys: list[tuple[str, str]]) -> None:
        self.keys = keys
        self._paint()

    def say(self, message: str) -> None:
        """A short message above the keys, for a few seconds."""
        self.message = message
        self._paint()
        if self._message_timer is not None:
            self._message_timer.stop()
        self._message_timer = self.set_timer(MESSAGE_SECONDS, self.clear_message)

    def clear_message(self) -> None:
        if self.message:
            self.message = ""
            self._paint()


def _no_break(label: str) -> str:
    return label.replace(" ", "\u00a0")
