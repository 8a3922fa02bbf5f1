"""The installed `dalil` commands as whole processes, each beside its anchor in the same run,
and how each grows with the guide's size.

    python benchmarks/bench_commands.py [--pairs 7] [--sizes 100,1000,5000,20000] [--quick]

What a trainer or an officer waits for is the whole process (interpreter start, imports,
reading, checking, writing), so every figure here is a fresh process of the installed
console script (`dalil` next to this Python), timed from spawn to exit, with its peak
resident memory (read by GNU time: measure.py). Comparisons are interleaved (A B A B ...)
so machine load hits both alike; figures are medians. Compiled bytecode is allowed (as after
`pip install`): one warm-up run of each command first.

1. The shipped guide: `dalil validate` against `python -c 'import yaml'` (goal: at most 3x),
   warm (the cache of parsed files filled by the warm-up run: every later run on an
   unchanged guide), cold (`--no-cache`: every file parsed) and first (an empty cache,
   every entry written), and against check-jsonschema on the same files; `dalil test
   --time-limit 0` against validate; `dalil graph --format dot | dot -Tsvg` (goal: at most 0.5 s).
2. 5,000 questions (`make_large_guide.py`): validate against check-jsonschema (goal: at
   most 0.1x) and against pyxform's `xls2xform --skip_validate` on the equivalent XLSForm
   (`make_xlsform.py`), when pyxform is installed; `dalil graph` against validate (goal: at
   most 2x).
3. Scaling, 100 / 1,000 / 5,000 / 20,000 questions: validate, test, graph (time and peak
   memory, and memory over the YAML's size: goal at most 8x at 20,000) and one engine step
   (`bench_engine.py`), with the growth from each size to the next; a growth per question
   above 1.3x is called faster than linear.

Every figure is printed as a `name: value` line (benchmarks/run.py collects them all).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from itertools import pairwise
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from make_large_guide import write_guide  # noqa: E402
from measure import FLOORED, run_measured  # noqa: E402

SCHEMA = ROOT / "guide" / "schema" / "dalil-guide.schema.json"
SHIPPED = ROOT / "indicators"
BIN = Path(sys.executable).parent


def tool(name: str) -> str | None:
    local = BIN / name
    return str(local) if local.exists() else shutil.which(name)


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode compiled once
    for name in ("DALIL_CACHE_DIR", "DALIL_NO_CACHE"):  # the caches in the private HOME
        e.pop(name, None)
    home = tempfile.mkdtemp(prefix="dalil-bench-")
    e.update(HOME=home, XDG_CACHE_HOME=f"{home}/c", XDG_DATA_HOME=f"{home}/d")
    return e


ENV = env()


def run_once(cmd: list[str] | str, ok: tuple[int, ...] = (0,)) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of one process (a shell pipeline when a string), the
    peak read by GNU time (measure.py: the harness's own size would otherwise be a floor)."""
    return run_measured(cmd, ENV, ROOT, ok)


def interleaved(commands: dict[str, list[str] | str], pairs: int) -> dict[str, list[float]]:
    """name -> [median seconds, median peak MiB], running the commands in turn `pairs` times
    after one warm-up run each."""
    for cmd in commands.values():
        run_once(cmd)
    times: dict[str, list[float]] = {k: [] for k in commands}
    mem: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(pairs):
        for name, cmd in commands.items():
            t, m = run_once(cmd)
            times[name].append(t)
            mem[name].append(m)
    return {k: [statistics.median(times[k]), statistics.median(mem[k])] for k in commands}


def figure(name: str, value: float, digits: int = 3) -> None:
    print(f"{name}: {value:.{digits}f}", flush=True)


def load() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def yaml_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.yaml"))


def shipped(dalil: str, pairs: int) -> None:
    print(f"\n## The shipped guide ({yaml_bytes(SHIPPED):,} bytes of YAML), load {load()}")
    files = sorted(str(p) for p in SHIPPED.rglob("*.yaml") if "scenarios" not in p.parts)
    first = tempfile.mkdtemp(prefix="dalil-bench-first-")
    commands: dict[str, list[str] | str] = {
        "validate": [dalil, "validate", str(SHIPPED)],
        "import_yaml": [sys.executable, "-c", "import yaml"],
        # every file parsed (no cache at all), as before the cache of parsed files
        "validate_cold": [dalil, "validate", "--no-cache", str(SHIPPED)],
        # the first run on a new laptop or after an upgrade: an empty cache, every entry
        # written (a folder of its own per run: `sh` and its `$$`, ~1 ms more)
        "validate_first": f"DALIL_CACHE_DIR='{first}'/$$ '{dalil}' validate '{SHIPPED}'",
        "test": [dalil, "test", str(SHIPPED), "--time-limit", "0"],
        "version": [dalil, "--version"],
    }
    checker = tool("check-jsonschema")
    if checker:
        commands["check_jsonschema"] = [checker, "--schemafile", str(SCHEMA), *files]
    dot = shutil.which("dot")
    if dot:
        commands["graph_svg"] = f"'{dalil}' graph '{SHIPPED}' --format dot 2>/dev/null | dot -Tsvg"
    commands["graph_dot"] = [dalil, "graph", str(SHIPPED), "--format", "dot"]
    r = interleaved(commands, pairs)
    for name, (t, m) in r.items():
        print(f"{name}: median {t:.3f} s, peak {m:.1f} MiB")
    shutil.rmtree(first, ignore_errors=True)
    figure("shipped_validate_s", r["validate"][0])
    figure("shipped_validate_vs_import_yaml", r["validate"][0] / r["import_yaml"][0], 2)
    figure("shipped_validate_cold_s", r["validate_cold"][0])
    figure("shipped_validate_cold_vs_import_yaml", r["validate_cold"][0] / r["import_yaml"][0], 2)
    figure("shipped_validate_first_vs_cold", r["validate_first"][0] / r["validate_cold"][0], 2)
    if checker:
        figure("shipped_validate_vs_check_jsonschema", r["validate"][0] / r["check_jsonschema"][0])
    figure("shipped_test_vs_validate", r["test"][0] / r["validate"][0], 2)
    figure("shipped_validate_peak_mib", r["validate"][1], 1)
    if dot:
        figure("shipped_graph_dot_to_svg_s", r["graph_svg"][0])
    else:
        print("Graphviz (dot) is not installed: the SVG pipeline is not measured")


def five_thousand(dalil: str, pairs: int, n: int, tmp: Path) -> None:
    guide = tmp / f"g{n}"
    if not guide.exists():
        write_guide(n, guide)
    print(f"\n## {n:,} questions ({yaml_bytes(guide):,} bytes of YAML), load {load()}")
    files = sorted(str(p) for p in guide.rglob("*.yaml"))
    commands: dict[str, list[str] | str] = {
        "validate": [dalil, "validate", str(guide)],
        "validate_cold": [dalil, "validate", "--no-cache", str(guide)],
        "graph": [dalil, "graph", str(guide), "--format", "dot"],
    }
    checker = tool("check-jsonschema")
    if checker:
        commands["check_jsonschema"] = [checker, "--schemafile", str(SCHEMA), *files]
    xls2xform = tool("xls2xform")
    if xls2xform:
        from make_xlsform import write_xlsform

        xlsx = tmp / f"x{n}.xlsx"
        write_xlsform(n, xlsx)
        commands["xls2xform"] = [xls2xform, "--skip_validate", str(xlsx), str(tmp / "x.xml")]
    r = interleaved(commands, pairs)
    for name, (t, m) in r.items():
        print(f"{name}: median {t:.3f} s, peak {m:.1f} MiB")
    tag = f"q{n}"
    if checker:
        figure(f"{tag}_validate_vs_check_jsonschema", r["validate"][0] / r["check_jsonschema"][0])
        cold = r["validate_cold"][0] / r["check_jsonschema"][0]
        figure(f"{tag}_validate_cold_vs_check_jsonschema", cold)
    else:
        print("check-jsonschema is not installed (pip install '.[bench]')")
    if xls2xform:
        figure(f"{tag}_validate_vs_xls2xform", r["validate"][0] / r["xls2xform"][0])
        figure(f"{tag}_xls2xform_peak_mib", r["xls2xform"][1], 1)
    else:
        print("pyxform is not installed (pip install '.[bench]'): no XLSForm anchor")
    figure(f"{tag}_graph_vs_validate", r["graph"][0] / r["validate"][0], 2)


def engine_step(n: int) -> float:
    done = subprocess.run(
        [sys.executable, str(HERE / "bench_engine.py"), "--questions", str(n)],
        capture_output=True,
        text=True,
        env=ENV,
        check=True,
    )
    last = done.stdout.strip().splitlines()[-1]
    return float(last.split(":")[1])


def scaling(dalil: str, sizes: list[int], tmp: Path, runs: int) -> None:
    print(f"\n## Scaling, load {load()} (median of {runs} runs each)")
    rows = []
    for n in sizes:
        guide = tmp / f"g{n}"
        if not guide.exists():
            write_guide(n, guide)
        size = yaml_bytes(guide)
        r = interleaved(
            {
                "validate": [dalil, "validate", str(guide)],
                "test": [dalil, "test", str(guide), "--time-limit", "0"],
                "graph": [dalil, "graph", str(guide), "--format", "dot"],
            },
            runs,
        )
        step = engine_step(n)
        rows.append((n, size, r, step))
        print(
            f"{n:>6} q, {size / 1e6:.2f} MB: validate {r['validate'][0]:.3f} s "
            f"{r['validate'][1]:.1f} MiB ({r['validate'][1] * 2**20 / size:.1f}x YAML) | "
            f"test {r['test'][0]:.3f} s | graph {r['graph'][0]:.3f} s | engine step "
            f"{step:.3f} ms",
            flush=True,
        )
        figure(f"validate_s_{n}", r["validate"][0])
        figure(f"validate_peak_mib_{n}", r["validate"][1], 1)
        figure(f"validate_memory_over_yaml_{n}", r["validate"][1] * 2**20 / size, 1)
        figure(f"test_s_{n}", r["test"][0])
        figure(f"graph_s_{n}", r["graph"][0])
        figure(f"engine_step_ms_{n}", step)
    print("\nGrowth from one size to the next, per question (1.0 = linear; the fixed start-up")
    print("cost makes small sizes look sublinear):")
    for (n1, _, r1, s1), (n2, _, r2, s2) in pairwise(rows):
        k = n2 / n1
        parts = []
        for name in ("validate", "test", "graph"):
            growth = r2[name][0] / r1[name][0] / k
            parts.append(f"{name} {growth:.2f}{' FASTER THAN LINEAR' if growth > 1.3 else ''}")
        step_growth = s2 / s1
        parts.append(f"engine step x{step_growth:.2f} (constant = 1)")
        print(f"  {n1} -> {n2}: " + ", ".join(parts))
    if len(rows) > 1:
        figure("engine_step_largest_over_smallest", rows[-1][3] / rows[0][3], 2)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--pairs", type=int, default=7)
    ap.add_argument("--sizes", default="100,1000,5000,20000")
    ap.add_argument("--runs", type=int, default=3, help="runs per size in the scaling series")
    ap.add_argument("--quick", action="store_true", help="3 pairs, sizes 100 and 1000")
    ap.add_argument("--shipped-only", action="store_true", help="the shipped guide's figures only")
    args = ap.parse_args()
    if args.quick:
        args.pairs, args.sizes, args.runs = 3, "100,1000", 1
    dalil = tool("dalil")
    if dalil is None:
        sys.exit("the dalil command is not installed (pip install -e .)")
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"load at start {load()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    if FLOORED:
        print("GNU time (/usr/bin/time) is missing: peak memory is ru_maxrss, never below")
        print("this harness's own size (see benchmarks/measure.py)")
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        shipped(dalil, args.pairs)
        if args.shipped_only:
            print(f"load at end {load()}")
            return
        five_thousand(dalil, args.pairs, 1000 if args.quick else 5000, tmp)
        scaling(dalil, sizes, tmp, args.runs)
    print(f"load at end {load()}")


if __name__ == "__main__":
    main()
