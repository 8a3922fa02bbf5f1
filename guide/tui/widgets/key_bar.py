"""The footer: every key the current screen accepts, in the interface language."""

from __future__ import annotations

from collections.abc import Collection

from rich.cells import cell_len
from textual.timer import Timer

from guide.i18n.bidi import VisualLine, visual_lines
from guide.tui.widgets.bidi_text import BidiText

# How long a short message ("The key & does nothing here") stays above the keys.
MESSAGE_SECONDS = 4.0

# Between two pairs: three spaces, two when the line is tight.
WIDE_GAP, NARROW_GAP = "   ", "  "


class KeyBar(BidiText):
    """One line (or more when narrow) of "key label" pairs; mirrored in Arabic by the bidi
    transform itself, since the keys are part of the logical text. A key and its label are
    joined by a no-break space and isolated, so a narrow line never splits "F2" from its
    label nor mixes one pair with the next.

    With `one_line`, the keys always fit one line (an introduction at 80x24, wizard review
    6): the gaps narrow first, then the keys not in `keep` are left out, the last ones
    first. `keep` names the keys that must stay (the emergency key, quick exit, Help, which
    lists every key, and the screen's own first key); a left-out key still works."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: auto; max-height: 4; }
    """

    def __init__(
        self,
        keys: list[tuple[str, str]],
        *,
        rtl: bool | None = None,
        id: str | None = None,
        one_line: bool = False,
        keep: Collection[str] = (),
    ) -> None:
        super().__init__(self.format(keys), rtl=rtl, id=id)
        self.keys = keys
        self.one_line = one_line
        self.keep = frozenset(keep)
        self.message = ""
        self._message_timer: Timer | None = None

    @staticmethod
    def format(keys: list[tuple[str, str]], gap: str = WIDE_GAP) -> str:
        # No-break spaces inside a pair too: "B Back to the questions" never splits.
        return gap.join(f"\u2068{key}\u00a0{_no_break(label)}\u2069" for key, label in keys)

    def fitted(self, width: int) -> list[tuple[str, str]]:
        """The keys shown on one line of `width` cells (all of them when they fit)."""
        keys = list(self.keys)
        if not self.one_line or _cells(self.format(keys)) <= width:
            return keys
        while _cells(self.format(keys, NARROW_GAP)) > width:
            optional = [i for i, (key, _label) in enumerate(keys) if key not in self.keep]
            if not optional:
                break
            del keys[optional[-1]]
        return keys

    def shown_keys(self) -> list[str]:
        """The keys painted at the current width (for tests and the tmux check)."""
        width = self.content_size.width or self.size.width
        return [key for key, _label in self.fitted(max(1, width))]

    def lines(self, width: int) -> tuple[VisualLine, ...]:
        if not self.one_line:
            return super().lines(width)
        width = max(1, width)
        keys = self.fitted(width)
        gap = WIDE_GAP if keys == self.keys and _cells(self.format(keys)) <= width else NARROW_GAP
        painted = visual_lines(self.format(keys, gap), width, self.mode, self.rtl)
        if self.message:
            painted = visual_lines(self.message, width, self.mode, self.rtl) + painted
        return painted

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


def _cells(text: str) -> int:
    return cell_len(text.replace("\u2068", "").replace("\u2069", ""))
