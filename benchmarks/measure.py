"""One whole process, timed from spawn to exit, with its own peak resident memory.

The peak is read by GNU time (`/usr/bin/time -f %M`), not from the harness's `os.wait4`:
Linux counts a child's peak from the moment it is forked (or vforked) from its parent, so
`ru_maxrss` of a process started by a benchmark that has grown to 28 MiB (after writing a
guide of 20,000 questions) is never below 28 MiB, whatever the process itself uses. That
floor made `dalil validate` of the shipped guide (19 MiB) and `python -c 'import yaml'`
(13 MiB) read 27.5 MiB in the same run. GNU time is a 2 MiB process: the command it starts
counts from there. A pipeline (a string, run by `sh -c`) reports its largest member.
Without GNU time the peak is `ru_maxrss` with that floor, and `FLOORED` says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else shutil.which("time")
FLOORED = GNU_TIME is None


def run_measured(
    cmd: Sequence[str] | str,
    env: Mapping[str, str] | None = None,
    cwd: str | os.PathLike[str] | None = None,
    ok: tuple[int, ...] = (0,),
) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of `cmd` (a shell pipeline when a string); exits with
    the command's error output when its status is not in `ok`."""
    argv = ["sh", "-c", cmd] if isinstance(cmd, str) else list(cmd)
    report = None
    if GNU_TIME is not None:
        fd, report = tempfile.mkstemp(prefix="dalil-bench-rss-")
        os.close(fd)
        argv = [GNU_TIME, "-f", "%M", "-o", report, *argv]
    try:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        assert proc.stderr is not None
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            sys.exit(f"failed ({code}): {cmd}\n{err.decode(errors='replace')[-2000:]}")
        if report is None:
            return elapsed, usage.ru_maxrss / 1024
        with open(report, encoding="ascii") as f:
            lines = [line for line in f.read().split() if line.isdigit()]
        return elapsed, int(lines[-1]) / 1024
    finally:
        if report is not None:
            os.unlink(report)
