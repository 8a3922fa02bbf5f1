"""Runs an interview into the session store and prints each event once append() returned.

Used by test_crash.py, which kills this process with SIGKILL at random points. Usage:
    crash_driver.py DATA_DIR PASSPHRASE_FILE new|SESSION_ID COUNT
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from guide.sessions.passphrase import open_store


def main() -> int:
    data_dir, passphrase_path, target, count = sys.argv[1:5]
    store = open_store(data_dir, Path(passphrase_path), create=False, interactive=False)
    writer = store.create("crash_test", "1", "ar") if target == "new" else store.resume(target)
    print(f"session {writer.id}", flush=True)
    for number in range(int(count)):
        event = {"kind": "answer", "question": f"q{number % 17}", "value": f"v{number}"}
        stored = writer.append(event)
        # Printed only after append returned: the parent treats it as confirmed.
        print("confirmed " + json.dumps(stored, sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
