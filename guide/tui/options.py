"""What the wizard is started with (from the command line or a test)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

LANGUAGES = ("ar", "fr", "en")
BIDI_CHOICES = ("auto", "app", "terminal")
THEMES = ("default", "high-contrast")


class WizardOptions(NamedTuple):
    lang: str | None = None  # None: the officer chooses on the start screen
    person_lang: str | None = None  # None: the same as lang
    guide_dir: Path | None = None  # None: the shipped guide
    bidi: str = "auto"
    theme: str = "default"
