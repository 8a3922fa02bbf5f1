"""Where `dalil validate` of the shipped guide spends its time, and what its floor is.

    python benchmarks/bench_phases.py [--runs 11] [--rounds 15]

1. Phases, in one fresh process each run (median of `--runs`): importing the command line,
   i18n, the parser of `validate`, PyYAML, the model, the loader; reading the files; the
   schema; building, checking and the scenarios. The same calls `dalil validate` makes, timed
   one after the other.
2. Reading, in this process (best of `--runs`): libyaml's event stream alone (what PyYAML
   offers at the least cost) against Dalil's reader (`parse_yaml`), on the same files.
3. The floor, as whole processes interleaved over `--rounds` (median): `python -c pass`,
   `import yaml` (the anchor of issue 18's goal), the standard modules Dalil's command line
   needs, every module `validate` imports without running anything, and `dalil validate`
   cold (`--no-cache`) and warm.

Bytecode is compiled first, as after `pip install`. Every figure is also a `name: value`
line (benchmarks/run.py collects them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHIPPED = ROOT / "indicators"
BIN = Path(sys.executable).parent

# Run in a child: each phase's milliseconds, in order, as JSON on stdout.
PHASES = """
import time
t0 = time.perf_counter()
marks = []
def mark(name):
    marks.append((name, time.perf_counter()))
import guide.cli
mark("import guide.cli (argparse, typing, enum)")
from guide.i18n import set_language
from guide.i18n.cli import cli_language
argv = ["validate", GUIDE]
set_language(cli_language(argv))
mark("guide.i18n (pathlib)")
assert guide.cli._command_arguments(argv).command == "validate"
mark("the parser of validate")
import yaml
mark("import yaml")
import guide.core.model
mark("guide.core.model")
import guide.loader, guide.loader.build, guide.loader.context, guide.schema._validator
mark("the loader, the schema validator")
import gc
from pathlib import Path
from guide.loader.files import guide_files, read_files
from guide.loader.schema_messages import check_schema
from guide.loader.compact import Reparsed, Shared, compact_file
from guide.loader.context import LoadContext
from guide.loader.build import build
gc.disable()  # as load_guide does
root = Path(GUIDE)
read = []
read_files(guide_files(root, True, []), root, [], [], lambda *file: read.append(file))
mark("reading the files")
assert not check_schema([file[0] for file in read], 0)
mark("the schema")
shared, again = Shared(), Reparsed()
files = [compact_file(*file, i, shared, again) for i, file in enumerate(read)]
del read
mark("the questions made as read (guide.loader.compact)")
ctx = LoadContext(files, str(root))
assert build(ctx) is not None and not ctx.diagnostics
mark("building, checking, the scenarios")
import json  # only now: json imports `re`, which the first phase would otherwise not pay
out, last = [], t0
for name, t in marks:
    out.append((name, 1000 * (t - last)))
    last = t
print(json.dumps(out))
"""


CACHE = tempfile.mkdtemp(prefix="dalil-bench-cache-")


def env(cold: bool = False) -> dict[str, str]:
    e = dict(os.environ)
    e.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode compiled once
    e.pop("DALIL_NO_CACHE", None)
    e["DALIL_CACHE_DIR"] = CACHE  # a cache of parsed files of its own, filled by run 1
    if cold:
        e["DALIL_NO_CACHE"] = "1"
    return e


def phases(runs: int) -> None:
    code = "GUIDE = " + repr(str(SHIPPED)) + "\n" + PHASES

    def run(cold: bool) -> list[list[object]]:
        done = subprocess.run(
            [sys.executable, "-c", code], env=env(cold), capture_output=True, text=True, check=True
        )
        return json.loads(done.stdout)  # type: ignore[no-any-return]

    run(False)  # fills the cache of parsed files
    results: dict[bool, list[list[list[object]]]] = {False: [], True: []}
    for _ in range(runs):  # interleaved, so load hits both alike
        for cold in (True, False):
            results[cold].append(run(cold))
    print(f"\n## Phases of `dalil validate`, one process each (median of {runs})")
    print("phase: cold (no cache) ms, warm (cache of parsed files) ms")
    totals = {False: 0.0, True: 0.0}
    for i, (name, _) in enumerate(results[False][0]):
        ms = {c: statistics.median(float(r[i][1]) for r in results[c]) for c in (True, False)}  # type: ignore[arg-type]
        totals[True] += ms[True]
        totals[False] += ms[False]
        print(f"{name}: {ms[True]:.1f} ms, {ms[False]:.1f} ms")
    print(f"phases_total_cold_ms: {totals[True]:.1f}")
    print(f"phases_total_warm_ms: {totals[False]:.1f}")


def reading(runs: int) -> None:
    import yaml

    from guide.loader.yamlio import parse_yaml

    files = [(str(f), f.read_bytes()) for f in sorted(SHIPPED.rglob("*.yaml"))]

    def events() -> None:
        for _, raw in files:
            parser = yaml.CSafeLoader(raw.decode("utf-8"))
            next_event = parser.get_event
            while next_event() is not None:
                pass
            parser.dispose()

    def dalil() -> None:
        for name, raw in files:
            parse_yaml(raw, name)

    def best(fn: object) -> float:
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        return 1000 * min(times)

    size = sum(len(raw) for _, raw in files)
    print(f"\n## Reading the {len(files)} files ({size:,} bytes), best of {runs}")
    print(f"libyaml_events_ms: {best(events):.1f}")
    print(f"parse_yaml_ms: {best(dalil):.1f}")


def floor(rounds: int) -> None:
    py = sys.executable
    dalil = str(BIN / "dalil")
    commands = {
        "python -c pass": [py, "-c", "pass"],
        "import yaml": [py, "-c", "import yaml"],
        "import yaml, argparse, dataclasses, pathlib, typing": [
            py,
            "-c",
            "import yaml, argparse, dataclasses, pathlib, typing",
        ],
        "every module validate imports, nothing run": [
            py,
            "-c",
            "import yaml, guide.cli, guide.commands.validate, guide.loader, "
            "guide.loader.build, guide.schema._validator",
        ],
        "dalil validate --no-cache (cold)": [dalil, "validate", "--no-cache", str(SHIPPED)],
        "dalil validate (warm)": [dalil, "validate", str(SHIPPED)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds + 1):  # the first round warms up (and compiles bytecode)
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, env=env(), stdout=subprocess.DEVNULL, check=True)
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(t[1:]) for name, t in times.items()}
    anchor = medians["import yaml"]
    print(f"\n## The floor, whole processes (median of {rounds} interleaved rounds)")
    for name, seconds in medians.items():
        print(f"{name}: {1000 * seconds:.1f} ms, {seconds / anchor:.2f}x import yaml")
    print(f"imports_over_import_yaml: {medians[list(commands)[3]] / anchor:.2f}")
    cold, warm = medians["dalil validate --no-cache (cold)"], medians["dalil validate (warm)"]
    print(f"validate_cold_over_import_yaml: {cold / anchor:.2f}")
    print(f"validate_warm_over_import_yaml: {warm / anchor:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--rounds", type=int, default=15)
    args = ap.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "guide")], env=env())
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"load at start {load}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    phases(args.runs)
    reading(args.runs)
    floor(args.rounds)
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"\nload at end {load}")
    shutil.rmtree(CACHE, ignore_errors=True)


if __name__ == "__main__":
    main()
