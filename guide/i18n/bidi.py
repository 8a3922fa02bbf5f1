"""Right-to-left text for terminals: wrap, shape and reorder logical strings for painting.

Strings stay in logical (reading) order everywhere in Dalil. Only when a widget paints them
does it ask this module for *visual lines*: the text wrapped to the widget's width in terminal
cells, then, line by line, Arabic letters shaped into their joined forms and the characters
put in the left-to-right order a terminal paints them. Wrapping comes first: reordering a whole
paragraph and wrapping it afterwards would put the end of a sentence on the first line.

Two modes:

* ``app``: Dalil shapes and reorders (for terminals that do no bidi of their own);
* ``terminal``: Dalil only wraps; the terminal reorders and shapes (VTE, Konsole, mintty...).

This module is pure: no Textual import, no I/O. It is cached by (text, width, mode).
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from rich.cells import cell_len


class BidiMode(StrEnum):
    APP = "app"
    TERMINAL = "terminal"


# Marks that only steer the bidi algorithm; once the line is in visual order they are noise
# (and some terminals paint them as boxes). Babel's Arabic dates contain U+200F.
DIRECTION_MARKS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_STRIP_MARKS = str.maketrans(dict.fromkeys(DIRECTION_MARKS))

# Only these ligatures keep one cell per glyph; word ligatures such as "الله" become one cell
# that the font draws wider than a cell, which breaks the layout.
_KEPT_LIGATURES = frozenset(
    {
        "ARABIC LIGATURE LAM WITH ALEF",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA ABOVE",
        "ARABIC LIGATURE LAM WITH ALEF WITH HAMZA BELOW",
        "ARABIC LIGATURE LAM WITH ALEF WITH MADDA ABOVE",
    }
)

_RTL_CLASSES = frozenset({"R", "AL"})


class VisualLine(NamedTuple):
    """One painted line: its characters in visual order and the paragraph's direction."""

    text: str
    rtl: bool

    @property
    def cells(self) -> int:
        return cell_len(self.text)


def has_rtl(text: str) -> bool:
    """Does the text contain any right-to-left letter?"""
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def paragraph_is_rtl(text: str) -> bool:
    """The paragraph direction by its first strong letter (Unicode rule P2), LTR if none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _RTL_CLASSES:
            return True
        if kind == "L":
            return False
    return False


# --- wrapping ------------------------------------------------------------------------------


def wrap_cells(text: str, width: int) -> list[str]:
    """Wrap one logical paragraph (no newline) into lines of at most `width` cells.

    Breaks at spaces, keeping the spacing inside a line; a word longer than the width is cut
    between characters (never between a letter and its combining marks). Spaces at a break
    are dropped, and so are trailing spaces. No-break spaces (U+00A0, U+202F, U+2007: French
    "?" and "»", a key joined to its label) are part of the word: never a break.
    """
    width = max(1, width)
    lines: list[str] = []
    current = ""
    for token in _TOKENS.findall(text.rstrip()):
        if token[0] in _BREAKABLE:
            if current or not lines:  # keep the paragraph's indentation, drop it at breaks
                current += token
            continue
        candidate = current + token
        if cell_len(candidate) <= width:
            current = candidate
            continue
        if current.strip():  # (indentation alone is dropped when the word needs the room)
            lines.append(current.rstrip())
        current = ""
        for piece in _cut_word(token, width):
            if current:
                lines.append(current)
            current = piece
    lines.append(current.rstrip())
    return lines


# Spaces a line may break at: every Unicode space except the no-break ones.
_NO_BREAK = "\u00a0\u202f\u2007\u2060\ufeff"
_BREAKABLE = frozenset(
    ch for ch in map(chr, range(0x3000 + 1)) if ch.isspace() and ch not in _NO_BREAK
)
_BREAK_CLASS = "[" + "".join(sorted(re.escape(ch) for ch in _BREAKABLE)) + "]"
_TOKENS = re.compile(f"(?:(?!{_BREAK_CLASS}).)+|{_BREAK_CLASS}+", re.DOTALL)


def _cut_word(word: str, width: int) -> list[str]:
    if cell_len(word) <= width:
        return [word]
    pieces: list[str] = []
    piece = ""
    for cluster in _clusters(word):
        if piece and cell_len(piece + cluster) > width:
            pieces.append(piece)
            piece = ""
        piece += cluster
    if piece:
        pieces.append(piece)
    return pieces


def _clusters(text: str) -> list[str]:
    """Split into a base character followed by its combining marks (harakat)."""
    clusters: list[str] = []
    for ch in text:
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


# --- shaping -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _reshaper():
    # Imported lazily: arabic_reshaper builds regular expressions at import, and a session
    # in French or English never needs it.
    import arabic_reshaper
    from arabic_reshaper.ligatures import LIGATURES

    configuration: dict[str, bool] = {name: name in _KEPT_LIGATURES for name, _ in LIGATURES}
    configuration.update(
        {
            "delete_harakat": False,  # the default deletes them
            "shift_harakat_position": False,  # marks are moved after reordering instead
            "support_ligatures": True,
        }
    )
    return arabic_reshaper.ArabicReshaper(configuration=configuration)


def shape(text: str) -> str:
    """Join Arabic letters into their contextual forms, keeping harakat and lam-alef only."""
    if not has_rtl(text):
        return text
    return _reshaper().reshape(text)


# --- reordering ----------------------------------------------------------------------------

_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def embedding_levels(line: str, rtl: bool) -> list[int] | None:
    """The resolved bidi level of each character of one line, from python-bidi's Rust engine.

    python-bidi exposes the levels only in its debug description (one level per UTF-8 byte);
    None when that description cannot be read, so callers can fall back.
    """
    from bidi import get_display

    info = get_display(line, base_dir="R" if rtl else "L", debug=True)
    start = info.find("levels:")
    end = info.find("paragraphs:", start)
    if start < 0 or end < 0:
        return None
    byte_levels = [int(m) for m in _LEVEL.findall(info, start, end)]
    levels: list[int] = []
    offset = 0
    for ch in line:
        if offset >= len(byte_levels):
            return None
        levels.append(byte_levels[offset])
        offset += len(ch.encode("utf-8"))
    if offset != len(byte_levels):
        return None
    return levels


def _mirror_table() -> dict[str, str]:
    from bidi.mirror import MIRRORED

    return MIRRORED


def visual_order(levels: list[int]) -> list[int]:
    """Rule L2 of the Unicode BiDi algorithm: the logical indices in display order. From the
    highest embedding level down to the lowest odd one, every run at or above that level is
    reversed. Used for characters here and for shaped clusters in the wizard's input field."""
    order = list(range(len(levels)))
    odd = [level for level in levels if level % 2]
    if not odd:
        return order
    for level in range(max(levels), min(odd) - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def reorder(line: str, rtl: bool) -> str:
    """One line from logical to visual order (Unicode rules L1-L4), brackets mirrored.

    The Rust engine resolves the levels (it pairs brackets correctly) but does not mirror;
    so the reversal is done here from its levels, then characters at odd levels are
    mirrored and combining marks put back after their base letter.
    """
    if not line:
        return line
    from bidi import get_display

    mirrored = _mirror_table()
    if not any(ch in mirrored or unicodedata.combining(ch) for ch in line):
        # Nothing to mirror and no marks to move: the engine's own order is the answer.
        return get_display(line, base_dir="R" if rtl else "L")
    base = 1 if rtl else 0
    levels = embedding_levels(line, rtl)
    if levels is None:  # unreadable debug output: order without mirroring
        return get_display(line, base_dir="R" if rtl else "L")
    # L1: trailing whitespace takes the paragraph level.
    for i in range(len(line) - 1, -1, -1):
        if line[i].isspace():
            levels[i] = base
        else:
            break
    chars = [
        mirrored.get(ch, ch) if level % 2 else ch for ch, level in zip(line, levels, strict=True)
    ]
    order = visual_order(levels)
    visual = [chars[i] for i in order]
    visual_levels = [levels[i] for i in order]
    return "".join(_marks_after_base(visual, visual_levels))


def _marks_after_base(chars: list[str], levels: list[int]) -> list[str]:
    """L3: in reversed (odd-level) runs, a combining mark now precedes its base; swap back."""
    out = list(chars)
    i = 0
    while i < len(out):
        if levels[i] % 2 and unicodedata.combining(out[i]):
            j = i
            while j < len(out) and levels[j] % 2 and unicodedata.combining(out[j]):
                j += 1
            if j < len(out):  # out[j] is the base letter the marks belong to
                marks = out[i:j][::-1]
                out[i : j + 1] = [out[j], *marks]
                levels[i : j + 1] = [levels[j]] * (j + 1 - i)
            i = j + 1
        else:
            i += 1
    return out


def strip_marks(text: str) -> str:
    return text.translate(_STRIP_MARKS)


# --- numbers and addresses inside right-to-left text -----------------------------------------
#
# In an Arabic sentence the bidi algorithm reads a European number after an Arabic letter as
# an Arabic number (rule W2), and the spaces or hyphens between two such numbers as neutral:
# "0800 00 2511" would be painted "2511 00 0800", a date 2026-11-30 as 30-11-2026, an
# article 448-9 as 9-448 (wizard review 6) and the site 2511.ma as ma.2511 (held-out wizard
# review, H1). A wrong phone number is worse than
# none. So, before wrapping, in a paragraph that contains right-to-left letters: the spaces
# inside a phone number become no-break spaces (one word for the wrapper, and a common
# separator that keeps the groups in one run), and dates and web or e-mail addresses are put
# in a left-to-right isolate. Inside any isolate (Dalil's own, around a phone number or a
# path) spaces do not break either: an isolate is painted in one piece.

_LRI, _PDI = "\u2066", "\u2069"
_ISOLATE = re.compile("\u2066[^\u2069]*\u2069")
# (A number with a leading "+" is one even without spaces: "+212537000000" must not be
# painted "212537000000+".)
_PHONE = re.compile(r"(?<![\w.])(?:\+\d+(?: \d+)*|\d+(?: \d+)+)(?![\w])")
_LTR_RUN = re.compile(
    r"(?<![\w.])(?:"
    r"\d+(?:-\d+)+"  # numbers joined by hyphens: an ISO date, an article (448-9), a range (1-3)
    r"|\d{1,2}/\d{1,2}/\d{2,4}"  # a day/month/year date
    r"|(?:https?://)?[\w.+-]*[A-Za-z0-9]@?[A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?:/\S*)?"
    r")(?![\w])",
    re.ASCII,
)


def keep_ltr_runs(paragraph: str, isolate: bool = True) -> str:
    """The paragraph with its phone numbers, dates and addresses kept in left-to-right
    order and in one piece (see above). Without right-to-left letters only the phone
    numbers change (never cut at the end of a line)."""
    if not has_rtl(paragraph):
        return _PHONE.sub(lambda m: _no_break(m.group()), paragraph)
    parts: list[str] = []
    last = 0
    for match in _ISOLATE.finditer(paragraph):
        parts.append(_protect(paragraph[last : match.start()], isolate))
        parts.append(_no_break(match.group()))
        last = match.end()
    parts.append(_protect(paragraph[last:], isolate))
    return "".join(parts)


def ltr_spans(text: str) -> list[tuple[str, bool]]:
    """The text cut into (piece, is a left-to-right run) pairs: the phone numbers, dates and
    addresses of a text with right-to-left letters, for renderers that isolate them with
    their own markup (the HTML report's dir="ltr"). One piece when there is no Arabic."""
    if not has_rtl(text):
        return [(text, False)]
    runs = sorted(
        {(m.start(), m.end()) for pattern in (_LTR_RUN, _PHONE) for m in pattern.finditer(text)}
    )
    pieces: list[tuple[str, bool]] = []
    last = 0
    for start, end in runs:
        if start < last:  # overlapping matches: the first wins
            continue
        run = text[start:end]
        end -= len(run) - len(run.rstrip(".,;:!?"))  # the sentence's own full stop
        pieces.append((text[last:start], False))
        pieces.append((text[start:end], True))
        last = end
    pieces.append((text[last:], False))
    return [(piece, ltr) for piece, ltr in pieces if piece]


def _no_break(text: str) -> str:
    return text.replace(" ", "\u00a0")


def _protect(text: str, isolate: bool) -> str:
    if not isolate:
        return _PHONE.sub(lambda m: _no_break(m.group()), text)
    # A phone number is isolated too: a leading "+" would otherwise be painted after it.
    text = _LTR_RUN.sub(_isolated, text)
    return _PHONE.sub(lambda m: f"{_LRI}{_no_break(m.group())}{_PDI}", text)


def _isolated(match: re.Match[str]) -> str:
    # A sentence's full stop or comma after an address belongs to the sentence.
    run = match.group()
    kept = run.rstrip(".,;:!?")
    return f"{_LRI}{kept}{_PDI}{run[len(kept) :]}"


# --- the whole transform -------------------------------------------------------------------


@lru_cache(maxsize=4096)
def visual_lines(
    text: str, width: int, mode: BidiMode = BidiMode.APP, rtl: bool | None = None
) -> tuple[VisualLine, ...]:
    """Wrap `text` to `width` cells and return its lines as a terminal should paint them.

    Each paragraph (separated by newlines) keeps its own direction, found from its first
    strong letter unless `rtl` forces one (a line starting with a Latin key name in an Arabic
    interface is still an Arabic line). In ``app`` mode the lines of a paragraph that
    contains Arabic are shaped and reordered; in ``terminal`` mode they are left in logical
    order for the terminal to handle. Lines never exceed `width`.
    """
    result: list[VisualLine] = []
    base = rtl
    for paragraph in text.split("\n"):
        rtl = paragraph_is_rtl(paragraph) if base is None else base
        arabic = has_rtl(paragraph)
        paragraph = keep_ltr_runs(paragraph, isolate=mode is BidiMode.APP)
        for line in wrap_cells(paragraph, width):
            # A line of a right-to-left paragraph is ordered as one even without an Arabic
            # letter of its own (an address and the sentence's full stop after it).
            if mode is BidiMode.APP and (has_rtl(line) or (rtl and arabic)):
                painted = strip_marks(reorder(shape(line), rtl))
            else:
                painted = strip_marks(line) if mode is BidiMode.APP else line
            result.append(VisualLine(painted, rtl))
    return tuple(result)


def display_line(text: str, mode: BidiMode = BidiMode.APP) -> str:
    """A short single-line label (a button, a list item) in visual order, unwrapped."""
    if mode is BidiMode.TERMINAL or not has_rtl(text):
        return text
    return _display_line_cached(text)


@lru_cache(maxsize=4096)
def _display_line_cached(text: str) -> str:
    return strip_marks(reorder(shape(keep_ltr_runs(text)), paragraph_is_rtl(text)))
