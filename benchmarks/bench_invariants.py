"""How long `dalil test` takes on the shipped guide with its invariant search, against the
same command with the search switched off, in one run; then once as a trainer runs it, with
the default time limit, to say whether that run finishes the single changes around every
scenario.

    python benchmarks/bench_invariants.py [--random N] [--runs R]

Runs the command as a trainer would (`python -m guide test indicators --format json`), with
every part switched on, and reads the search's own figures from its JSON. Target: the whole
search under a minute on this machine (issue 12). Last line: `invariant_search_seconds: S`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(extra: list[str]) -> tuple[float, dict]:
    env = dict(os.environ)
    home = tempfile.mkdtemp(prefix="dalil-bench-")
    env.update(HOME=home, XDG_CACHE_HOME=f"{home}/k", XDG_DATA_HOME=f"{home}/d")
    cmd = [
        sys.executable,
        "-m",
        "guide",
        "test",
        str(ROOT / "indicators"),
        "--format",
        "json",
        *extra,
    ]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(done.stderr or done.stdout)
    return elapsed, json.loads(done.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--random", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    plain, full, interviews, inv_seconds = [], [], [], []
    data: dict = {}
    for _ in range(args.runs):
        plain.append(run(["--time-limit", "0"])[0])
        t, data = run(["--random", str(args.random), "--time-limit", "600"])
        full.append(t)
        inv = data["invariants"]
        interviews.append(inv["candidate_interviews"])
        inv_seconds.append(inv["seconds"])
    inv = data["invariants"]
    print(f"scenarios: {data['passed']} passed, {data['failed']} failed")
    print(
        f"invariants: {inv['held']} held, {inv['broken']} broken, of {inv['declared']}; "
        f"single changes {inv['single_changes']['done']}/{inv['single_changes']['planned']}, "
        f"random {inv['random_interviews']}"
    )
    print(f"dalil test without the search, median of {args.runs}: {statistics.median(plain):.2f} s")
    print(f"dalil test with the search, median of {args.runs}: {statistics.median(full):.2f} s")
    print(f"candidate interviews per run: {int(statistics.median(interviews))}")
    rate = statistics.median(interviews) / statistics.median(inv_seconds)
    print(f"interviews per second: {rate:.0f}")
    print(f"invariant_search_seconds: {statistics.median(inv_seconds):.2f}")
    # As a trainer runs it: the default time limit (30 s). Does it finish the single
    # changes around every scenario (the exhaustive part) before the limit?
    _, data = run([])
    inv = data["invariants"]
    done, planned = inv["single_changes"]["done"], inv["single_changes"]["planned"]
    print(
        f"default run (time limit {inv['time_limit']:g} s): {inv['seconds']:.1f} s, single changes "
        f"{done}/{planned}, random {inv['random_interviews']}, "
        f"{'stopped by the time limit' if inv['stopped_by_time_limit'] else 'complete'}"
    )
    print(f"default_run_single_changes_complete: {int(done == planned)}")


if __name__ == "__main__":
    main()
