"""Start the screening wizard."""

from __future__ import annotations

import argparse
import sys


def run_wizard(args: argparse.Namespace) -> int:
    print(
        "The screening wizard is not built yet. Use 'dalil validate', 'dalil test' or "
        "'dalil simulate' meanwhile; 'dalil --help' lists every command.",
        file=sys.stderr,
    )
    return 2
