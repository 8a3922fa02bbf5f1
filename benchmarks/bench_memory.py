"""Peak memory and time of `dalil validate` as the trainer runs it, as a guide grows.

    python benchmarks/bench_memory.py [--sizes 100,1000,5000,20000] [--pairs 3] [--rev REV]

For each size, a synthetic guide (`make_large_guide.py N`: modules of 50 questions, one
file each) is checked by the installed console script (`dalil` next to this Python), a
fresh process each time, with its own peak resident memory read by GNU time (measure.py)
and its wall time; the shipped guide too. Figures are medians of `--pairs` runs, and the
memory is also given over the YAML's size (issue 18's goal: at most 8x at 20,000
questions, both in bytes). With `--rev REV`, that revision of Dalil (extracted with `git
archive`, run as `python -m guide` with this Python and the same libraries) runs the same
guides interleaved with this checkout (A B A B ...), so a change is measured against its
own baseline at the same load; this checkout is then also run as `python -m guide`, so the
two differ only in Dalil's code.

Every figure is printed as a `name: value` line (benchmarks/run.py collects them).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from make_large_guide import write_guide  # noqa: E402
from measure import FLOORED, run_measured  # noqa: E402

SHIPPED = ROOT / "indicators"
BIN = Path(sys.executable).parent
MiB = 1024 * 1024


def env() -> dict[str, str]:
    e = dict(os.environ)
    e.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: bytecode compiled once
    home = tempfile.mkdtemp(prefix="dalil-bench-")
    e.update(HOME=home, XDG_CACHE_HOME=f"{home}/c", XDG_DATA_HOME=f"{home}/d")
    e["DALIL_NO_CACHE"] = "1"  # a cold check, the same for every revision
    return e


def yaml_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.y*ml"))


def commands(rev_tree: Path | None) -> dict[str, list[str]]:
    if rev_tree is None:
        return {"now": [str(BIN / "dalil"), "validate"]}
    return {
        "before": [sys.executable, "-m", "guide", "validate"],
        "now": [sys.executable, "-m", "guide", "validate"],
    }


def measure(
    guide: Path, pairs: int, rev_tree: Path | None, base_env: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """name -> (median seconds, median peak MiB) of validating `guide`."""
    runs: dict[str, list[tuple[float, float]]] = {}
    cmds = commands(rev_tree)
    envs = {name: dict(base_env) for name in cmds}
    if rev_tree is not None:
        envs["before"]["PYTHONPATH"] = str(rev_tree)
        envs["now"]["PYTHONPATH"] = str(ROOT)
    for round_ in range(pairs + 1):  # the first round warms up (bytecode, disk cache)
        for name, cmd in cmds.items():
            got = run_measured([*cmd, str(guide)], envs[name], tempfile.gettempdir(), ok=(0,))
            if round_:
                runs.setdefault(name, []).append(got)
    return {
        name: (statistics.median(t for t, _ in r), statistics.median(m for _, m in r))
        for name, r in runs.items()
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,5000,20000")
    ap.add_argument("--pairs", type=int, default=3)
    ap.add_argument("--rev", help="an older revision to run interleaved (git archive)")
    args = ap.parse_args()
    if FLOORED:
        print("note: no GNU time; peaks are floored by this harness's own size")
    base_env = env()
    work = Path(tempfile.mkdtemp(prefix="dalil-bench-memory-"))
    rev_tree = None
    try:
        if args.rev:
            rev_tree = work / "rev"
            rev_tree.mkdir()
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", args.rev, "guide"],
                check=True,
                capture_output=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(rev_tree)], input=archive, check=True)
        guides: list[tuple[str, Path]] = [("shipped", SHIPPED)]
        for n in (int(s) for s in args.sizes.split(",")):
            folder = work / f"q{n}"
            write_guide(n, folder)
            guides.append((f"q{n}", folder))
        with open("/proc/loadavg", encoding="ascii") as f:
            print(f"load at start: {f.read().split()[0]}")
        for label, folder in guides:
            size = yaml_bytes(folder)
            found = measure(folder, args.pairs, rev_tree, base_env)
            for name, (seconds, peak) in found.items():
                ratio = peak * MiB / size
                tag = f"{label}_{name}" if rev_tree is not None else label
                print(f"validate_{tag}_seconds: {seconds:.3f}")
                print(f"validate_{tag}_peak_mib: {peak:.1f}")
                print(f"validate_{tag}_peak_over_yaml: {ratio:.2f}")
            print(f"# {label}: {size:,} bytes of YAML")
        with open("/proc/loadavg", encoding="ascii") as f:
            print(f"load at end: {f.read().split()[0]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
