"""What the terminal does with right-to-left text, and how to keep it from doing it twice."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from guide.i18n.bidi import BidiMode

# Terminals known to reorder and shape right-to-left text themselves.
_BIDI_TERMINAL_VARIABLES = ("VTE_VERSION", "KONSOLE_VERSION", "MLTERM")

# Escape sequences of the "BiDi in terminal emulators" recommendation: BDSM (mode 8) off means
# the terminal paints cells exactly as sent (explicit mode); on restores implicit bidi.
IMPLICIT_BIDI_OFF = "\x1b[8l"
IMPLICIT_BIDI_ON = "\x1b[8h"


def terminal_does_bidi(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    if any(env.get(name) for name in _BIDI_TERMINAL_VARIABLES):
        return True
    return env.get("TERM_PROGRAM", "").lower() == "mintty" or env.get("TERM", "").startswith(
        "mlterm"
    )


def honours_bidi_mode_switch(environ: Mapping[str, str] | None = None) -> bool:
    """VTE and mintty implement BDSM, so Dalil can switch their own reordering off."""
    env = os.environ if environ is None else environ
    return bool(env.get("VTE_VERSION")) or env.get("TERM_PROGRAM", "").lower() == "mintty"


def choose_bidi_mode(requested: str, environ: Mapping[str, str] | None = None) -> BidiMode:
    """`app`, `terminal`, or `auto`: terminal mode where the terminal does bidi itself."""
    if requested == "app":
        return BidiMode.APP
    if requested == "terminal":
        return BidiMode.TERMINAL
    return BidiMode.TERMINAL if terminal_does_bidi(environ) else BidiMode.APP


@contextmanager
def explicit_bidi(mode: BidiMode, environ: Mapping[str, str] | None = None) -> Iterator[None]:
    """In app mode on VTE or mintty, turn the terminal's reordering off while Dalil runs
    (and on again afterwards, whatever mode the officer switched to meanwhile)."""
    switch = honours_bidi_mode_switch(environ) and sys.stdout.isatty()
    if switch and mode is BidiMode.APP:
        sys.stdout.write(IMPLICIT_BIDI_OFF)
        sys.stdout.flush()
    try:
        yield
    finally:
        if switch:
            sys.stdout.write(IMPLICIT_BIDI_ON)
            sys.stdout.flush()
