"""A text widget that paints right-to-left paragraphs correctly, at any width."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from guide.i18n.bidi import BidiMode, VisualLine, visual_lines


class BidiText(Widget):
    """Logical text in, visual lines out: wrapped at the widget's real width, then shaped,
    reordered and right-aligned (for right-to-left paragraphs) each time it is painted.

    The widget keeps only the logical string; a resize simply paints again at the new
    width, and the transform is cached by (text, width, mode).
    """

    DEFAULT_CSS = """
    BidiText { height: auto; }
    """

    text: reactive[str] = reactive("", layout=True)

    def __init__(
        self,
        text: str = "",
        *,
        rtl: bool | None = None,
        align: str | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.set_reactive(BidiText.text, text)
        # None: each paragraph takes the direction of its first letter. True or False force
        # the direction (and so the alignment) of every paragraph.
        self.rtl = rtl
        # None: by direction (right for right-to-left). "left", "center" or "right" to place
        # the lines in the widget whatever their direction (e.g. the Next key on the far side).
        self.align = align

    def update(self, text: str) -> None:
        """Show `text`. When it takes the same room as the text shown (the same number of
        lines at this width, and the same width where the widget is as wide as its text),
        only this widget is painted again: no layout of the screen, so a key press costs one
        widget's paint, not the whole screen's arrangement."""
        if text == self.text:
            return
        if self.is_mounted and not self.display:
            # Hidden: it takes no room now, and showing it again lays the screen out anyway.
            self.set_reactive(BidiText.text, text)
        elif self._fits_as_is(text):
            self.set_reactive(BidiText.text, text)
            self.refresh()
        else:
            self.text = text

    def _fits_as_is(self, text: str) -> bool:
        if not self.is_mounted or self._layout_required:
            return False
        width, height = self.content_size
        if width <= 0 or height <= 0:
            return False
        # A width of `auto` (and a fraction, which a horizontal layout may size by its
        # content) follows the text: then the widest line must not change either.
        given = self.styles.width
        sized_by_text = given is not None and (given.is_auto or given.is_fraction)
        if sized_by_text and _widest(text) != _widest(self.text):
            return False
        return (
            len(self.lines(width)) == height == len(visual_lines(text, width, self.mode, self.rtl))
        )

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        # A text scrolls nothing of its own: its size comes from the layout just done, so a
        # new virtual size must not ask for a second layout of the whole screen (Textual's
        # `virtual_size` is a layout reactive).
        return super()._size_updated(size, virtual_size, container_size, layout=False)

    @property
    def mode(self) -> BidiMode:
        return getattr(self.app, "bidi_mode", BidiMode.APP)

    def lines(self, width: int) -> tuple[VisualLine, ...]:
        return visual_lines(self.text, max(1, width), self.mode, self.rtl)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        # Wrapping measures the logical text (shaping only ever narrows it), so the widest
        # logical paragraph is the width that avoids a wrap.
        return min(_widest(self.text), container.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Text:
        width = self.content_size.width or self.size.width
        painted: list[str] = []
        for line in self.lines(width):
            free = max(0, width - cell_len(line.text))
            align = self.align or ("right" if line.rtl else "left")
            left = {"left": 0, "center": free // 2, "right": free}.get(align, 0)
            painted.append(" " * left + line.text)
        return Text("\n".join(painted), no_wrap=True, overflow="crop", end="")

    def painted_lines(self) -> list[str]:
        """The lines as painted at the current width (for tests and the tmux check)."""
        return str(self.render()).split("\n")


def _widest(text: str) -> int:
    return max((cell_len(p.strip()) for p in text.split("\n")), default=0)
