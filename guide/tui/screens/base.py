"""What every wizard screen shares: the key bar, the Arabic layout class, its own keys."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual._context import NoActiveAppError
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.events import Resize
from textual.screen import ModalScreen, Screen

from guide.i18n.languages import is_rtl
from guide.tui.text import _, current_language
from guide.tui.widgets.bidi_text import BidiText
from guide.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from guide.tui.wizard import Wizard

W = TypeVar("W")


def global_keys() -> list[tuple[str, str]]:
    return [
        ("F1", _("Help")),
        ("F2", _("Emergency")),
        ("Esc", _("Hide")),
        ("Ctrl+Q", _("Quit")),
    ]


# Keys a one-line key bar never leaves out: more text below, Help (it lists every key),
# the emergency contacts and quick exit.
ALWAYS_SHOWN = frozenset({"PgDn", "F1", "F2", "Esc"})


# Below this many rows (80x24) dialogs drop their blank lines so that every field and hint
# fits: the class -short on the screen (dalil.tcss).
SHORT_HEIGHT = 30


class RtlAware:
    """Mixin: `-rtl` on the screen when the interface language is written right to left, and
    `-short` when the terminal has few rows."""

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set before the screen is mounted, so its styles are worked out once: the same
        # classes set on mount make Textual restyle the whole screen (the first paint waits).
        with contextlib.suppress(NoActiveAppError):
            self.apply_direction(update=False)

    def apply_direction(self: Any, update: bool = True) -> None:
        self.set_class(is_rtl(current_language()), "-rtl", update=update)
        self.set_class(self.app.size.height < SHORT_HEIGHT, "-short", update=update)

    @property
    def rtl(self) -> bool:
        return is_rtl(current_language())

    @property
    def dalil(self: Any) -> Wizard:
        """The wizard this screen belongs to, as screens know it (guide.tui.wizard): the
        screens never import the app, which imports them."""
        return cast("Wizard", self.app)


class WizardScreen(RtlAware, Screen[None]):
    """A full screen of the interview flow, with the keys it accepts shown at the bottom.

    Wherever text does not fit (80x24, two languages), the key bar says "PgDn: more" and
    PgDn/PgUp scroll it, whatever has the focus."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
    ]

    def ui_rtl(self) -> bool | None:
        """Base direction for interface texts: forced right to left in an Arabic interface."""
        return True if self.rtl else None

    def mirrored(self, items: list[W]) -> list[W]:
        """Widgets laid out left to right, reversed for an Arabic interface."""
        return items[::-1] if self.rtl else items

    def screen_keys(self) -> list[tuple[str, str]]:
        return []

    # The key bar keeps to one line, leaving out keys that do not fit (the ones named in
    # ALWAYS_SHOWN stay, and the screen's first key): see KeyBar.
    KEYS_ON_ONE_LINE: ClassVar[bool] = False

    def key_bar(self) -> KeyBar:
        screen_keys = self.screen_keys()
        keep = {*ALWAYS_SHOWN, *(key for key, _label in screen_keys[:1])}
        return KeyBar(
            self._all_keys(),
            rtl=True if self.rtl else None,
            id="keys",
            one_line=self.KEYS_ON_ONE_LINE,
            keep=keep,
        )

    def _all_keys(self) -> list[tuple[str, str]]:
        more = [("PgDn", _("More below"))] if getattr(self, "_overflow", False) else []
        return [*more, *self.screen_keys(), *global_keys()]

    def on_mount(self) -> None:
        self.apply_direction()
        self.call_after_refresh(self._follow_scrolling)

    def _follow_scrolling(self) -> None:
        """However the text scrolls (PgDn, a highlight moving, the wheel), the cue follows."""
        for scroller in self.query(ScrollableContainer):
            self.watch(scroller, "scroll_y", self._scrolled, init=False)
        self.update_scroll_cue()

    def _scrolled(self, _y: float) -> None:
        self.update_scroll_cue()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")
        self.call_after_refresh(self.update_scroll_cue)

    def _scrollers(self) -> list[ScrollableContainer]:
        return [s for s in self.query(ScrollableContainer) if s.display and s.max_scroll_y > 0]

    def update_scroll_cue(self) -> None:
        """Show "PgDn: more below" in the key bar while some text is below the view (not
        once the end is shown)."""
        overflow = any(round(s.scroll_y) < s.max_scroll_y for s in self._scrollers())
        if overflow != getattr(self, "_overflow", False):
            self._overflow = overflow
            self.refresh_keys()

    def action_page(self, direction: int) -> None:
        scrollers = self._scrollers()
        if not scrollers:
            return
        focused = [s for s in scrollers if s.has_focus or s.has_focus_within]
        target = (focused or scrollers)[0]
        if direction > 0:
            target.scroll_page_down(animate=False)
        else:
            target.scroll_page_up(animate=False)

    def refresh_keys(self) -> None:
        for bar in self.query(KeyBar):
            bar.set_keys(self._all_keys())

    def say(self, message: str) -> None:
        """A short message where the keys are (a key that does nothing here, say)."""
        for bar in self.query(KeyBar):
            bar.say(message)

    def note_widgets(self) -> list[BidiText]:
        """The note the last answer raised for the officer, if any (read it before going on)."""
        note = self.dalil.officer_note
        if not note:
            return []
        rtl = self.ui_rtl()
        return [
            BidiText(_("Note for the officer"), classes="note-title", rtl=rtl),
            BidiText(note, id="officer-note", classes="note", rtl=rtl),
        ]


class WizardModal(RtlAware, ModalScreen[Any]):
    def on_mount(self) -> None:
        self.apply_direction()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.height < SHORT_HEIGHT, "-short")

    def ui_rtl(self) -> bool | None:
        """Dialog lines are interface text: right to left in Arabic even when they begin
        with a key name ("Y أو Enter: خروج")."""
        return True if self.rtl else None

    def mirrored(self, items: list[W]) -> list[W]:
        """Widgets laid out left to right, reversed for an Arabic interface."""
        return items[::-1] if self.rtl else items


class ScrollingDialog(WizardModal):
    """A dialog whose text may not fit (80x24): its close key stays on the last row whatever
    is scrolled, with "PgDn: more below" beside it while some text is below; PgDn/PgUp,
    Home/End and the arrows scroll it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "scroll_dialog('page_down')", show=False),
        Binding("pageup", "scroll_dialog('page_up')", show=False),
        Binding("down", "scroll_dialog('down')", show=False),
        Binding("up", "scroll_dialog('up')", show=False),
        Binding("home", "scroll_dialog('home')", show=False),
        Binding("end", "scroll_dialog('end')", show=False),
    ]

    def close_hint(self) -> str:
        raise NotImplementedError

    def hint_widget(self) -> BidiText:
        """The close key, docked on the dialog's last row (dalil.tcss: .close-hint)."""
        return BidiText(
            self.close_hint(), id="close-hint", classes="hint close-hint", rtl=self.ui_rtl()
        )

    def on_mount(self) -> None:
        super().on_mount()
        scroller = self._scroller()
        if scroller is not None:  # however it scrolls (keys, wheel), the cue follows
            self.watch(scroller, "scroll_y", lambda _y: self.update_scroll_cue(), init=False)
        self.call_after_refresh(self.update_scroll_cue)

    def on_resize(self, event: Resize) -> None:
        super().on_resize(event)
        self.call_after_refresh(self.update_scroll_cue)

    def _scroller(self) -> ScrollableContainer | None:
        found = self.query("#dialog").first()
        return found if isinstance(found, ScrollableContainer) else None

    def more_below(self) -> bool:
        scroller = self._scroller()
        return scroller is not None and scroller.scroll_y < scroller.max_scroll_y

    def update_scroll_cue(self) -> None:
        hint = self.close_hint()
        if self.more_below():
            hint = f"PgDn {_('More below')}    {hint}"
        for widget in self.query("#close-hint").results(BidiText):
            widget.update(hint)

    def action_scroll_dialog(self, how: str) -> None:
        scroller = self._scroller()
        if scroller is None:
            return
        if how == "home":
            scroller.scroll_home(animate=False)
        elif how == "end":
            scroller.scroll_end(animate=False)
        else:
            getattr(scroller, f"scroll_{how}")(animate=False)
        self.call_after_refresh(self.update_scroll_cue)
