"""Run every benchmark of the project in one go and print one table.

    python benchmarks/run.py [--quick]

Each benchmark is its own script that measures Dalil side by side with its reference in the
same run and prints its figure as its last line, `name: value`. This runner starts them one
after the other (never in parallel: they would disturb each other), collects those lines,
prints a table with the target of each, and then the `name: value` lines again.
`--quick` passes smaller sizes where a script accepts them, for a smoke run.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAST_LINE = re.compile(r"^([a-z][a-z0-9_]*):\s*([-+0-9.eE]+)\s*$")


@dataclass
class Benchmark:
    script: str
    reference: str
    target: str
    quick_args: tuple[str, ...] = ()
    args: tuple[str, ...] = ()


BENCHMARKS = [
    Benchmark(
        "bench_validate.py",
        "check-jsonschema on the same files and schema",
        "validate_ratio <= 0.25",
        ("--questions", "1000", "--repeat", "1"),
    ),
    Benchmark(
        "bench_engine.py",
        "absolute (a step of the pure engine)",
        "engine_step_median_ms < 1",
        ("--questions", "1000"),
    ),
    Benchmark(
        "startup/bench_startup.py",
        "a bare Textual app painting one Static",
        "startup_ratio <= 1.3 (memory <= 1.3x)",
        ("--runs", "3"),
    ),
    Benchmark("sessions/bench_journal.py", "absolute (encrypt + flush + fsync)", "reported", ()),
    Benchmark(
        "bench_invariants.py",
        "dalil test with the search off, same run",
        "invariant_search_seconds < 60",
        ("--random", "1000", "--runs", "1"),
    ),
]


def run(b: Benchmark, quick: bool) -> tuple[list[tuple[str, str]], str, float]:
    path = HERE / b.script
    if not path.exists():
        return [], "missing", 0.0
    cmd = [sys.executable, str(path), *(b.quick_args if quick else b.args)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return [], "failed: " + " | ".join(tail), elapsed
    figures = [m.groups() for line in done.stdout.splitlines() if (m := LAST_LINE.match(line))]
    return figures, "ok", elapsed


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = ap.parse_args()
    rows = []
    lines: list[str] = []
    failed = False
    for b in BENCHMARKS:
        print(f"running {b.script} ...", file=sys.stderr, flush=True)
        figures, status, elapsed = run(b, args.quick)
        failed = failed or status.startswith("failed")
        shown = ", ".join(f"{n} = {v}" for n, v in figures) or "—"
        rows.append((b.script, shown, b.reference, b.target, f"{status} ({elapsed:.0f} s)"))
        lines += [f"{n}: {v}" for n, v in figures]
    headers = ("benchmark", "figures", "reference", "target", "status")
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]
    print(" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("-+-".join("-" * w for w in widths))
    for r in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    print()
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
