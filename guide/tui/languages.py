"""Who reads which language during an interview."""

from __future__ import annotations

from typing import NamedTuple


class Languages(NamedTuple):
    """The officer's language (interface and guidance) and the person's language."""

    ui: str
    person: str

    @property
    def two_languages(self) -> bool:
        return self.ui != self.person
