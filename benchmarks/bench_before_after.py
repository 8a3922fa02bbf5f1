"""The same commands on an older revision of Dalil and on this checkout, interleaved in one
run, so a change is measured against its own baseline on the same machine and load.

    python benchmarks/bench_before_after.py --rev REV [--pairs 5] [--skip-search]

REV is extracted with `git archive` into a temp folder and run with this Python (the same
libraries), on the same guides: the shipped guide of *this* checkout, and synthetic guides
of 5,000 and 20,000 questions. Measured, each as whole processes (median of the pairs):
`validate` of the shipped guide (beside `python -c 'import yaml'`), `graph --format dot |
dot -Tsvg` of the shipped guide, `validate` and `graph` of 5,000 questions, peak memory of
`validate` at 20,000; in-process: one engine step at 100 and 20,000 questions
(`bench_engine.py` of each revision); and `dalil test` of the shipped guide with its
whole invariant search, both revisions at the same time (interviews per second, and whether
they found the same), unless --skip-search.
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
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from make_large_guide import write_guide  # noqa: E402
from measure import run_measured  # noqa: E402

SHIPPED = ROOT / "indicators"
LIMIT = ("--time-limit", "600")  # the whole search, not cut by the default 30 s


def environment(code: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = str(code)
    home = tempfile.mkdtemp(prefix="dalil-ba-")
    env.update(HOME=home, XDG_CACHE_HOME=f"{home}/c", XDG_DATA_HOME=f"{home}/d")
    return env


def timed(cmd: str, env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB), the peak read by GNU time (measure.py)."""
    return run_measured(cmd, env, cwd)


def search_side_by_side(py: str, sides: dict[str, tuple[Path, dict[str, str]]], n: int) -> None:
    """`dalil test` of the shipped guide with its whole invariant search, both revisions
    started at the same moment (so they share the machine's load), and whether they found
    the same: every invariant's status and the number of interviews it was checked on."""
    procs = {}
    for side, (code, env) in sides.items():
        cmd = [py, "-m", "guide", "test", str(SHIPPED), "--format", "json", "--random", str(n)]
        procs[side] = (
            time.perf_counter(),
            subprocess.Popen([*cmd, *LIMIT], env=env, cwd=code, stdout=subprocess.PIPE, text=True),
        )
    outputs: dict[str, tuple[str, float]] = {}

    def finish(side: str, start: float, proc: subprocess.Popen[str]) -> None:
        out, _ = proc.communicate()
        outputs[side] = (out, time.perf_counter() - start)

    waiting = [
        threading.Thread(target=finish, args=(side, start, proc))
        for side, (start, proc) in procs.items()
    ]
    for t in waiting:
        t.start()
    for t in waiting:
        t.join()
    found = {}
    rates = {}
    for side in procs:
        out, wall = outputs[side]
        search = json.loads(out).get("invariants", {})
        rate = search["candidate_interviews"] / search["seconds"]
        rates[side] = rate
        found[side] = (
            search["candidate_interviews"],
            [(r["id"], r["status"], r["checked"]) for r in search["results"]],
        )
        print(
            f"invariant search, {side}: {search['seconds']:.1f} s for "
            f"{search['candidate_interviews']:,} candidate interviews ({rate:.0f}/s; "
            f"`dalil test` {wall:.1f} s); single changes {search['single_changes']['done']:,}/"
            f"{search['single_changes']['planned']:,}, random {search['random_interviews']:,}",
            flush=True,
        )
    print(f"search_rate_after_over_before: {rates['after'] / rates['before']:.2f}")
    same = found["before"] == found["after"]
    print(f"same invariants, statuses and checked counts before and after: {same}")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--rev", required=True)
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--skip-search", action="store_true")
    ap.add_argument("--random", type=int, default=10000, help="random interviews in the search")
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as t:
        tmp = Path(t)
        old = tmp / "old"
        old.mkdir()
        archive = subprocess.run(
            ["git", "archive", args.rev], cwd=ROOT, capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        g5, g20 = tmp / "g5000", tmp / "g20000"
        write_guide(5000, g5)
        write_guide(20000, g20)
        sides = {"before": (old, environment(old)), "after": (ROOT, environment(ROOT))}
        dalil = f"{py} -m guide"
        cases = {
            "shipped validate": f"{dalil} validate '{SHIPPED}'",
            "shipped graph dot|svg": f"{dalil} graph '{SHIPPED}' --format dot 2>/dev/null | "
            "dot -Tsvg",
            "5,000 validate": f"{dalil} validate '{g5}'",
            "5,000 graph": f"{dalil} graph '{g5}' --format dot",
            "20,000 validate": f"{dalil} validate '{g20}'",
        }
        if shutil.which("dot") is None:
            del cases["shipped graph dot|svg"]
        results: dict[tuple[str, str], list[tuple[float, float]]] = {}
        yaml_anchor: list[float] = []
        print(f"load at start: {Path('/proc/loadavg').read_text().split()[:3]}", flush=True)
        for case, cmd in cases.items():
            pairs = 1 if case == "5,000 graph" else args.pairs  # the old graph takes ~13 s
            for code, env in sides.values():  # warm-up: bytecode compiled
                timed(cmd, env, code)
            for _ in range(pairs):
                for side, (code, env) in sides.items():
                    results.setdefault((case, side), []).append(timed(cmd, env, code))
                if case == "shipped validate":
                    yaml_anchor.append(timed(f"{py} -c 'import yaml'", sides["after"][1], ROOT)[0])
        print("| figure | before | after | after / before |")
        print("|---|---|---|---|")
        for case in cases:
            b = results[(case, "before")]
            a = results[(case, "after")]
            bt, at = statistics.median(x[0] for x in b), statistics.median(x[0] for x in a)
            bm, am = statistics.median(x[1] for x in b), statistics.median(x[1] for x in a)
            print(f"| {case}: time | {bt:.3f} s | {at:.3f} s | {at / bt:.2f} |")
            print(f"| {case}: peak memory | {bm:.1f} MiB | {am:.1f} MiB | {am / bm:.2f} |")
        ya = statistics.median(yaml_anchor)
        b = statistics.median(x[0] for x in results[("shipped validate", "before")])
        a = statistics.median(x[0] for x in results[("shipped validate", "after")])
        print(f"| shipped validate / `import yaml` ({ya:.3f} s) | {b / ya:.2f} | {a / ya:.2f} | |")
        size20 = sum(p.stat().st_size for p in g20.rglob("*.yaml"))
        for side in sides:
            peak = statistics.median(x[1] for x in results[("20,000 validate", side)])
            print(f"20,000 validate peak memory / YAML size, {side}: {peak * 2**20 / size20:.1f}")
        for n in (100, 20000):
            row = []
            for code, env in sides.values():
                out = subprocess.run(
                    [py, str(code / "benchmarks" / "bench_engine.py"), "--questions", str(n)],
                    env=env,
                    cwd=code,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                row.append(float(out.strip().splitlines()[-1].split(":")[1]))
            print(
                f"| engine step, {n:,} questions | {row[0]:.3f} ms | {row[1]:.3f} ms | "
                f"{row[1] / row[0]:.2f} |"
            )
        if not args.skip_search:
            search_side_by_side(py, sides, args.random)
        print(f"load at end: {Path('/proc/loadavg').read_text().split()[:3]}")


if __name__ == "__main__":
    main()
