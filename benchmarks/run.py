"""Run every benchmark of the project in one go and print one table.

    python benchmarks/run.py [--quick] [--out FILE]

Each benchmark is its own script that measures Dalil side by side with its reference in the
same run and prints its figures as `name: value` lines. This runner starts them one after
the other (never in parallel: they would disturb each other) and keeps everything they
print: the table lists every figure (every line with a number, not only `name: value`),
and each script's whole output follows it, under a header with the date, the machine and
its load before and after. `--out FILE` also writes the report to FILE (Markdown).
The journal benchmark writes to a folder on disk next to the checkout (a temp folder may
be in memory, where fsync costs nothing); the report says which file system it was.
`--quick` passes smaller sizes where a script accepts them, for a smoke run.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMED = re.compile(r"^([a-z][a-z0-9_]*):\s*([-+0-9.eE]+)\s*$")
NUMBER = re.compile(r"[0-9]")


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
    Benchmark(
        "sessions/bench_journal.py",
        "absolute (encrypt + flush + fsync), on disk",
        "reported",
        (),
    ),
    Benchmark(
        "bench_commands.py",
        "import yaml / check-jsonschema / xls2xform / dalil validate, same run",
        "validate <= 3x import yaml; <= 0.1x check-jsonschema at 5,000; graph <= 2x "
        "validate; dot -Tsvg <= 0.5 s; memory <= 8x YAML at 20,000; step flat",
        ("--quick",),
    ),
    Benchmark(
        "bench_phases.py",
        "python -c 'import yaml', same run; libyaml's event stream alone",
        "reported: where validate's time goes, and its floor (imports_over_import_yaml)",
        ("--runs", "3", "--rounds", "3"),
    ),
    Benchmark(  # i15: the wizard as shipped, in a pseudo-terminal
        "bench_keys.py",
        "a bare Textual app updating one Static, driven the same way in a pty, same run",
        "key_median_ms <= 16 and key_median_ratio <= 1.5; key_p90_over_median <= 2; "
        "startup_pty_ratio <= 1.1; memory_loaded_ratio <= 1.2",
        ("--answers", "30", "--starts", "2"),
    ),
    Benchmark(
        "bench_invariants.py",
        "dalil test with the search off, same run",
        "invariant_search_seconds < 60",
        ("--random", "1000", "--runs", "1"),
    ),
]


def disk_folder() -> tuple[Path, str]:
    """A folder on disk for the journal benchmark, and the file system it is on."""
    folder = Path(tempfile.mkdtemp(prefix=".bench-journal-", dir=HERE.parent))
    fs = "unknown"
    try:
        best = ""
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            if len(parts) > 2 and str(folder).startswith(parts[1]) and len(parts[1]) > len(best):
                best, fs = parts[1], parts[2]
    except OSError:
        pass
    return folder, fs


def run(b: Benchmark, quick: bool, extra: tuple[str, ...]) -> tuple[list[str], str, str, float]:
    """(figure lines, whole output, status, seconds)."""
    path = HERE / b.script
    if not path.exists():
        return [], "", "missing", 0.0
    cmd = [sys.executable, str(path), *(b.quick_args if quick else b.args), *extra]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=HERE.parent)
    elapsed = time.perf_counter() - start
    output = done.stdout.rstrip()
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return [], output + "\n" + done.stderr, "failed: " + " | ".join(tail), elapsed
    named = [f"{m[1]} = {m[2]}" for line in output.splitlines() if (m := NAMED.match(line))]
    other = [
        line.strip()
        for line in output.splitlines()
        if NUMBER.search(line) and not NAMED.match(line) and not line.startswith("#")
    ]
    return named + other, output, "ok", elapsed


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )


def load() -> str:
    try:
        return " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    ap.add_argument("--out", type=Path, help="also write the report to this file")
    args = ap.parse_args()
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = [
        f"# Benchmarks, {started}",
        f"Machine: {machine()}.",
        f"Load average (1/5/15 min) at start: {load()}.",
    ]
    rows = []
    outputs: list[str] = []
    failed = False
    journal_dir, journal_fs = disk_folder()
    try:
        for b in BENCHMARKS:
            print(f"running {b.script} ...", file=sys.stderr, flush=True)
            extra: tuple[str, ...] = ()
            if b.script == "sessions/bench_journal.py":
                extra = ("--dir", str(journal_dir))
            figures, output, status, elapsed = run(b, args.quick, extra)
            failed = failed or status.startswith("failed")
            note = f" (journal on {journal_fs})" if extra else ""
            rows.append((b.script, figures, b.reference, b.target, f"{status}{note}", elapsed))
            outputs += [f"## {b.script}", "", "```", output, "```", ""]
    finally:
        shutil.rmtree(journal_dir, ignore_errors=True)
    head.append(f"Load average at end: {load()}.")
    table = [
        "| benchmark | figures | reference | target | status |",
        "|---|---|---|---|---|",
    ]
    for script, figures, ref, target, status, elapsed in rows:
        shown = "<br>".join(figures) or "—"
        table.append(f"| {script} | {shown} | {ref} | {target} | {status}, {elapsed:.0f} s |")
    report = "\n".join([*head, "", *table, "", *outputs])
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
