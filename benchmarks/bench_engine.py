"""One engine step on a large guide: answer → next question → full re-assessment.

    python benchmarks/bench_engine.py [--questions 5000]

Walks a whole interview on the synthetic guide, timing every step; prints the median and
the 95th percentile in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from make_large_guide import write_guide  # noqa: E402

from guide.core.assessment import assess  # noqa: E402
from guide.core.engine import Interview  # noqa: E402
from guide.loader import load_guide  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--questions", type=int, default=5000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        write_guide(args.questions, Path(tmp))
        result = load_guide(tmp)
    guide = result.guide
    assert guide is not None, [d.format() for d in result.diagnostics]
    iv = Interview(guide)
    times: list[float] = []
    n = 0
    while (q := iv.current()) is not None:
        if q.type == "number":
            value: object = 8 + n % 8
        else:
            ids = [o.id for o in q.options]
            value = ids[n % len(ids)] if n % 11 else "dont_know"
        start = time.perf_counter()
        iv.answer(q.id, value)
        iv.current()
        assess(guide, iv.state())
        times.append(time.perf_counter() - start)
        n += 1
    ms = sorted(t * 1000 for t in times)
    print(f"questions: {len(guide.questions)}  steps: {len(ms)}")
    print(f"p95 step: {ms[int(len(ms) * 0.95)]:.3f} ms  max: {ms[-1]:.3f} ms")
    print(f"engine_step_median_ms: {statistics.median(ms):.3f}")


if __name__ == "__main__":
    main()
