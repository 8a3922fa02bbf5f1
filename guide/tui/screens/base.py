"""What every wizard screen shares: the key bar, the Arabic layout class, its own keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.screen import ModalScreen, Screen

from guide.i18n.languages import is_rtl
from guide.tui.text import _, current_language
from guide.tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from guide.tui.app import DalilApp


def global_keys() -> list[tuple[str, str]]:
    return [
        ("F1", _("Help")),
        ("F2", _("Emergency")),
        ("Esc", _("Hide")),
        ("Ctrl+Q", _("Quit")),
    ]


class RtlAware:
    """Mixin: `-rtl` on the screen when the interface language is written right to left."""

    def apply_direction(self: Any) -> None:
        self.set_class(is_rtl(current_language()), "-rtl")

    @property
    def rtl(self) -> bool:
        return is_rtl(current_language())

    @property
    def dalil(self: Any) -> DalilApp:
        return self.app


class WizardScreen(RtlAware, Screen[None]):
    """A full screen of the interview flow, with the keys it accepts shown at the bottom."""

    def ui_rtl(self) -> bool | None:
        """Base direction for interface texts: forced right to left in an Arabic interface."""
        return True if self.rtl else None

    def mirrored(self, items: list[Any]) -> list[Any]:
        """Widgets laid out left to right, reversed for an Arabic interface."""
        return items[::-1] if self.rtl else items

    def screen_keys(self) -> list[tuple[str, str]]:
        return []

    def key_bar(self) -> KeyBar:
        return KeyBar(
            [*self.screen_keys(), *global_keys()], rtl=True if self.rtl else None, id="keys"
        )

    def on_mount(self) -> None:
        self.apply_direction()

    def refresh_keys(self) -> None:
        self.query_one(KeyBar).set_keys([*self.screen_keys(), *global_keys()])


class WizardModal(RtlAware, ModalScreen[Any]):
    def on_mount(self) -> None:
        self.apply_direction()

    def mirrored(self, items: list[Any]) -> list[Any]:
        """Widgets laid out left to right, reversed for an Arabic interface."""
        return items[::-1] if self.rtl else items
