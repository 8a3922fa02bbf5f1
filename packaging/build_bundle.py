"""Build the offline installation bundle from this source checkout, without installing Dalil.

    python3 packaging/build_bundle.py [-o DIR] [--platform NAME ...] [--python X.Y ...] [--current]

The same as `dalil bundle` (see `--help` and docs/install.md), for a machine where Dalil is
not installed: any Python 3.11+ with pip will do, the bundle code uses the standard library.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]

if __name__ == "__main__":
    sys.path.insert(0, str(CHECKOUT))
    from guide.cli import main

    # guide is imported from this checkout, so `dalil bundle` builds the wheel from it.
    raise SystemExit(main(["bundle", *sys.argv[1:]]))
