"""What the wizard is started with (from the command line or a test)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class WizardOptions(NamedTuple):
    lang: str | None = None  # None: the officer chooses on the start screen
    person_lang: str | None = None  # None: the same as lang
    guide_dir: Path | None = None  # None: the shipped guide
    bidi: str = "auto"
    theme: str = "default"
    resume: str | None = None  # an interview to resume at once (`dalil sessions resume ID`)
    data_dir: Path | None = None  # where the journal lives (None: the default)
    passphrase_file: Path | None = None  # unlock from a file instead of the screen
    reports_dir: Path | None = None  # where E writes reports (None: ~/dalil-reports)
    tune_gc: bool = False  # collect garbage while the officer reads (the real command)
