"""An input field that shows typed Arabic joined and in reading order, on terminals that do
neither (the `app` display mode), while its value stays the logical text the officer typed.

Textual's Input paints its value character by character in memory order: Arabic comes out
unjoined and backwards. `BidiInput` paints a *visual* form of the same value instead. Every
painted cell group (a cluster) remembers which characters of the value it shows, so the
cursor, the selection and a mouse click still refer to the value: Backspace removes the
character before the cursor in reading order, whatever the screen shows.

The transform is pure (`visual_clusters`): a letter and its marks (harakat) are one cluster;
lam followed by an alef is one cluster painted as the lam-alef ligature (the only ligature
the rest of Dalil keeps); each letter takes its joined form; the clusters are put in visual
order by the Unicode bidi levels of python-bidi, brackets mirrored in right-to-left runs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Offset
from textual.strip import Strip
from textual.widgets import Input

from guide.i18n.bidi import (
    DIRECTION_MARKS,
    embedding_levels,
    has_rtl,
    ltr_spans,
    paragraph_is_rtl,
    visual_order,
)

LRI, PDI = "\u2066", "\u2069"

LAM = "\u0644"
# alef variant -> (isolated ligature, final ligature) with lam
_LAM_ALEF = {
    "\u0627": ("\ufefb", "\ufefc"),  # alef
    "\u0623": ("\ufef7", "\ufef8"),  # alef with hamza above
    "\u0625": ("\ufef9", "\ufefa"),  # alef with hamza below
    "\u0622": ("\ufef5", "\ufef6"),  # alef with madda above
}
# Lam's joined forms that connect to the letter before it (medial, final): the ligature
# then takes its final form.
_LAM_JOINED_BEFORE = frozenset({"\ufee0", "\ufede"})


class Cluster(NamedTuple):
    """One painted group of cells: its glyphs (visual), and the part of the value it shows."""

    text: str
    start: int  # index in the value of its first character
    end: int  # index after its last character
    rtl: bool  # painted in a right-to-left run (odd level)

    @property
    def cells(self) -> int:
        return cell_len(self.text)


@lru_cache(maxsize=1)
def _letter_forms():
    """A reshaper that gives each letter its joined form, one character for one (no
    ligature, marks kept in place), so that positions in the value stay countable."""
    import arabic_reshaper
    from arabic_reshaper.ligatures import LIGATURES

    configuration: dict[str, bool] = {name: False for name, _ in LIGATURES}
    configuration.update(
        {"delete_harakat": False, "shift_harakat_position": False, "support_ligatures": False}
    )
    return arabic_reshaper.ArabicReshaper(configuration=configuration)


def _mirrored() -> dict[str, str]:
    from bidi.mirror import MIRRORED

    return MIRRORED


@lru_cache(maxsize=256)
def visual_clusters(value: str, rtl: bool | None = None) -> tuple[Cluster, ...]:
    """The value as painted, left to right. `rtl` forces the paragraph direction (None: by
    its first strong letter)."""
    if not value:
        return ()
    base_rtl = paragraph_is_rtl(value) if rtl is None else rtl
    forms = _letter_forms().reshape(value) if has_rtl(value) else value
    if len(forms) != len(value):  # never expected; paint the letters unjoined then
        forms = value
    runs = ltr_runs(value) if has_rtl(value) else []
    levels = _levels(value, base_rtl, runs) or [1 if base_rtl else 0] * len(value)
    base = 1 if base_rtl else 0
    # L1: trailing spaces take the paragraph's level; not a separator just typed after a
    # number, which belongs to the number being typed ("06 12 " and then "34").
    typing = runs[-1][0] if runs and runs[-1][1] == len(value) else len(value)
    for i in range(len(value) - 1, -1, -1):
        if i >= typing or not value[i].isspace():
            break
        levels[i] = base
    clusters: list[tuple[str, int, int, int]] = []  # (glyphs, start, end, level)
    i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        start = i
        glyph = "" if ch in DIRECTION_MARKS else forms[i]
        i += 1
        marks = ""
        while i < n and unicodedata.combining(value[i]):
            marks += forms[i]
            i += 1
        if ch == LAM and i < n and value[i] in _LAM_ALEF:
            isolated, final = _LAM_ALEF[value[i]]
            glyph = final if forms[start] in _LAM_JOINED_BEFORE else isolated
            i += 1
            while i < n and unicodedata.combining(value[i]):
                marks += forms[i]
                i += 1
        clusters.append((glyph + marks, start, i, levels[start]))
    order = visual_order([c[3] for c in clusters])
    mirrored = _mirrored()
    painted: list[Cluster] = []
    for index in order:
        glyphs, start, end, level = clusters[index]
        if level % 2 and glyphs and glyphs[0] in mirrored:
            glyphs = mirrored[glyphs[0]] + glyphs[1:]
        painted.append(Cluster(glyphs, start, end, bool(level % 2)))
    return tuple(painted)


# A number as the officer types it: digits, with spaces, hyphens, slashes or dots between
# groups and a leading "+" (0612345678, +212 5 37 00 00 00, 448-9, 2026/14).
_NUMBER = re.compile(r"(?<![\w.])\+?\d+(?:[ \-./]\d+)*(?![\w])")
# The end of the value while a number is being typed: its last separator is already typed
# ("06 12 ", "448-"), or only its "+".
_TYPING = re.compile(r"(?<![\w.])(?:\+?\d+(?:[ \-./]\d+)*[ \-./]|\+)$")


def ltr_runs(value: str) -> list[tuple[int, int]]:
    """(start, end) of each part of the value that reads left to right inside Arabic: the
    phone numbers, dates and addresses every Arabic line keeps in order
    (`guide.i18n.bidi.ltr_spans`), any number with its separators, and the number being
    typed at the end. Overlapping parts are merged."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for piece, ltr in ltr_spans(value):
        if ltr:
            spans.append((offset, offset + len(piece)))
        offset += len(piece)
    spans += [match.span() for match in _NUMBER.finditer(value)]
    typing = _TYPING.search(value)
    if typing:
        spans.append(typing.span())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _levels(value: str, rtl: bool, runs: list[tuple[int, int]]) -> list[int] | None:
    """The bidi level of each character of the value, its `runs` each in a left-to-right
    isolate (as an Arabic line is painted: `guide.i18n.bidi.keep_ltr_runs`)."""
    if not runs:
        return embedding_levels(value, rtl)
    marked: list[str] = []
    kept: list[bool] = []  # which characters of `marked` are the value's own
    last = 0
    for start, end in runs:
        for part, own in ((value[last:start], True), (LRI, False), (value[start:end], True)):
            marked.append(part)
            kept += [own] * len(part)
        marked.append(PDI)
        kept.append(False)
        last = end
    marked.append(value[last:])
    kept += [True] * (len(value) - last)
    levels = embedding_levels("".join(marked), rtl)
    if levels is None:
        return None
    return [level for level, own in zip(levels, kept, strict=True) if own]


def visual_text(value: str, rtl: bool | None = None) -> str:
    return "".join(c.text for c in visual_clusters(value, rtl))


def end_slot(clusters: tuple[Cluster, ...]) -> int:
    """Where the cursor at the end of the value is painted, as the index of the cluster it
    comes before: right after the last character typed, on the side that character's run
    reads towards. On the left of an Arabic word; on the right of a number typed in an
    Arabic line, where its next digit goes (wizard review 6); on the right of Latin text."""
    if not clusters:
        return 0
    last = max(range(len(clusters)), key=lambda index: clusters[index].end)
    return last if clusters[last].rtl else last + 1


def caret_cell(clusters: tuple[Cluster, ...], position: int) -> int:
    """The painted column, counting the cell of the cursor at the end (`end_slot`), where
    the cursor at `position` in the value is shown: on the cluster holding the character
    after the cursor, or on the end cell."""
    slot = end_slot(clusters)
    x = 0
    for index, cluster in enumerate(clusters):
        if index == slot:
            x += 1
        if cluster.start <= position < cluster.end:
            return x
        x += cluster.cells
    return sum(cluster.cells for cluster in clusters[:slot])


def index_at_cell(clusters: tuple[Cluster, ...], cell: int) -> int:
    """The position in the value for a click on painted column `cell` (counting the end
    cell, as `caret_cell` does)."""
    end = max((c.end for c in clusters), default=0)
    slot = end_slot(clusters)
    x = 0
    for index in range(len(clusters) + 1):
        if index == slot:
            if x <= cell < x + 1:
                return end
            x += 1
        if index < len(clusters):
            cluster = clusters[index]
            if x <= cell < x + max(1, cluster.cells):
                return cluster.start
            x += cluster.cells
    if not clusters:
        return 0
    if cell < 0:  # left of the text
        return end if slot == 0 else clusters[0].start
    return end if slot == len(clusters) else clusters[-1].start


# --- the widget ----------------------------------------------------------------------------


class BidiInput(Input):
    """Textual's Input, painted in visual order (joined Arabic letters, right-to-left runs
    reversed) when the app shapes and orders Arabic itself and the value holds Arabic. The
    value, the cursor position and the selection stay in logical order; Left and Right move
    the cursor the way the arrows point in a right-to-left value. A hidden (password) field,
    a value without Arabic and the terminal display mode keep Textual's own painting.

    Reaching a field never selects its text (Textual selects it by default): the officer
    adds to a note written earlier, and the first key typed must not replace it (wizard
    review 6)."""

    def __init__(self, *args: Any, select_on_focus: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, select_on_focus=select_on_focus, **kwargs)

    def _visual(self) -> bool:
        from guide.i18n.bidi import BidiMode

        return (
            not self.password
            and getattr(self.app, "bidi_mode", BidiMode.APP) is BidiMode.APP
            and has_rtl(self.value)
        )

    def _clusters(self) -> tuple[Cluster, ...]:
        return visual_clusters(self.value)

    def _rtl(self) -> bool:
        return paragraph_is_rtl(self.value)

    def _window(self, clusters: tuple[Cluster, ...]) -> tuple[int, int, int]:
        """(offset of the painted text in the field, first painted column, caret column in
        the field): right-to-left values sit on the right, and a value wider than the field
        is cut so that the cursor shows."""
        width = max(1, self.scrollable_content_region.width)
        total = sum(c.cells for c in clusters) + 1  # one cell for the cursor at the end
        caret = caret_cell(clusters, self.cursor_position)
        if total <= width:
            offset = width - total if self._rtl() else 0
            return offset, 0, offset + caret
        start = min(max(0, caret - width // 2), total - width)
        return 0, start, caret - start

    def render_line(self, y: int) -> Strip:
        if y != 0 or not self._visual():
            return super().render_line(y)
        clusters = self._clusters()
        width = max(1, self.scrollable_content_region.width)
        offset, start, _caret = self._window(clusters)
        selection = sorted(self.selection)
        selection_style = self.get_component_rich_style("input--selection")
        cells: list[tuple[str, Style | None]] = []
        for cluster in clusters:
            chosen = self.has_focus and selection[0] < cluster.end and cluster.start < selection[1]
            cells.append((cluster.text, selection_style if chosen else None))
        # One more cell for the cursor at the end, right after the last character typed.
        slot = end_slot(clusters)
        cells.insert(slot, (" ", None))
        if self.has_focus and self._cursor_visible:
            index = self._cursor_cluster(clusters, slot)
            text, _style = cells[index]
            cells[index] = (text, self.get_component_rich_style("input--cursor"))
        line = Strip([Segment(text, style) for text, style in cells if text])
        line = line.crop(start, start + width)
        if offset:
            line = Strip([Segment(" " * offset), *line])
        return line.extend_cell_length(width + 1).apply_style(self.rich_style)

    def _cursor_cluster(self, clusters: tuple[Cluster, ...], slot: int) -> int:
        """Index in the painted cells (with the end cell at `slot`) of the cell the cursor
        is on."""
        for index, cluster in enumerate(clusters):
            if cluster.start <= self.cursor_position < cluster.end:
                return index + (1 if index >= slot else 0)
        return slot

    @property
    def _cursor_offset(self) -> int:
        if not self._visual():
            return super()._cursor_offset
        return self._window(self._clusters())[2]

    @property
    def cursor_screen_offset(self) -> Offset:
        if not self._visual():
            return super().cursor_screen_offset
        x, y, _width, _height = self.content_region
        return Offset(x + self._cursor_offset, y)

    def _cell_offset_to_index(self, offset: int) -> int:
        if not self._visual():
            return super()._cell_offset_to_index(offset)
        clusters = self._clusters()
        shift, start, _caret = self._window(clusters)
        return index_at_cell(clusters, offset - shift + start)

    def _watch_selection(self, selection: Any) -> None:
        if not self._visual():
            super()._watch_selection(selection)
            return
        # The painting keeps the cursor in view itself: no horizontal scrolling.
        self.app.clear_selection()
        self.app.cursor_position = self.cursor_screen_offset
        if self.scroll_x:
            self.scroll_to(0, 0, animate=False)

    def action_cursor_left(self, select: bool = False) -> None:
        if self._visual() and self._rtl():
            super().action_cursor_right(select)  # left is forward in a right-to-left value
        else:
            super().action_cursor_left(select)

    def action_cursor_right(self, select: bool = False) -> None:
        if self._visual() and self._rtl():
            super().action_cursor_left(select)
        else:
            super().action_cursor_right(select)
