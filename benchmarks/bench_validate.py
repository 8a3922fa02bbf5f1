"""`dalil validate` against `check-jsonschema` on the same synthetic guide, side by side.

    python benchmarks/bench_validate.py [--questions 5000] [--repeat 3]

Both run as fresh processes on the same files with the same schema; the figure is the ratio
of median wall times (dalil / check-jsonschema). dalil does more: YAML with positions,
duplicate keys, the schema, and every semantic check.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from make_large_guide import write_guide  # noqa: E402

SCHEMA = HERE.parent / "guide" / "schema" / "dalil-guide.schema.json"


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{cmd[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--questions", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    checker = shutil.which("check-jsonschema") or str(
        Path(sys.executable).with_name("check-jsonschema")
    )
    if not Path(checker).exists():
        sys.exit("check-jsonschema is not installed: pip install '.[bench]'")
    with tempfile.TemporaryDirectory() as tmp:
        guide = Path(tmp) / "guide"
        write_guide(args.questions, guide)
        files = sorted(str(p) for p in guide.rglob("*.yaml"))
        dalil = [sys.executable, "-m", "guide", "validate", str(guide)]
        reference = [checker, "--schemafile", str(SCHEMA), *files]
        ours, theirs = [], []
        for _ in range(args.repeat):  # interleaved, so machine load hits both alike
            ours.append(timed(dalil))
            theirs.append(timed(reference))
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"questions: {args.questions}  files: {len(files)}  repeats: {args.repeat}")
    print(f"dalil validate (schema + semantic checks): median {a:.3f} s")
    print(f"check-jsonschema (schema only):            median {b:.3f} s")
    print(f"validate_ratio: {a / b:.3f}")


if __name__ == "__main__":
    main()
