"""Startup, memory and key-press latency of the Dalil wizard, beside a bare Textual app.

    python benchmarks/startup/bench_startup.py [--runs 7]

Each run starts a fresh Python process (headless Textual, 100x30) and measures the time from
just before the process is spawned to the moment the first screen has been painted and the
app waits for keys; for Dalil, also until the guide (loaded in a worker thread) is shown as
ready. The bare app paints one Static. Peak memory is the child's maximum resident set size.
Then, in this process, the time from a key press to the next question painted, over a whole
interview of the shipped guide. Medians are reported. The last line is `startup_ratio: X`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# One catalog cache for all runs (the first run fills it: the medians are warm starts, as
# an officer's are); each run has its own empty data folder for the journal store.
CACHE = tempfile.mkdtemp(prefix="dalil-startup-cache-")
sys.path.insert(0, str(ROOT))  # run from a checkout without installing
MARK = "PAINTED"


def peak_rss_kib() -> int:
    """The process's peak resident set size so far (VmHWM), in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def report(line: str) -> None:
    # Textual redirects sys.stdout while it runs: write to the real one.
    sys.__stdout__.write(line + "\n")
    sys.__stdout__.flush()


def child_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("Hello")

        def on_mount(self) -> None:
            self.call_after_refresh(self.painted)

        def painted(self) -> None:
            report(f"{MARK} {peak_rss_kib()}")
            self.exit()

    Bare().run(headless=True, size=(100, 30))


def child_dalil() -> None:
    from guide.tui.app import DalilApp
    from guide.tui.options import WizardOptions

    class Measured(DalilApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(lambda: report(f"{MARK} {peak_rss_kib()}"))

        def _guide_ready(self, guide: object, seconds: float) -> None:
            super()._guide_ready(guide, seconds)
            self.call_after_refresh(self.report_ready)

        def report_ready(self) -> None:
            report(f"READY {self.guide_load_seconds:.4f}")
            self.exit()

    # The real session link, as the installed wizard builds it (its journal store in the
    # child's own data folder): it is part of what an officer waits for.
    Measured(WizardOptions(lang="en", bidi="app")).run(headless=True, size=(100, 30))


Run = tuple[float, float | None, float | None, int, int]


def run_child(kind: str) -> Run:
    """(seconds to first paint, to guide ready, guide load seconds, peak RSS KiB at first
    paint, peak RSS KiB over the whole run)."""
    home = tempfile.mkdtemp(prefix="dalil-startup-")
    env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=home)
    env.update(XDG_DATA_HOME=f"{home}/data", XDG_CACHE_HOME=CACHE, XDG_CONFIG_HOME=f"{home}/c")
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", kind],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    painted = ready = load = None
    painted_rss = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        now = time.perf_counter() - started
        if line.startswith(MARK) and painted is None:
            painted = now
            painted_rss = int(line.split()[1])
        elif line.startswith("READY"):
            ready = now
            load = float(line.split()[1])
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0 or painted is None:
        raise SystemExit(f"the {kind} child failed (status {status})")
    return painted, ready, load, painted_rss, usage.ru_maxrss


async def key_latency() -> list[float]:
    """Key press -> next question painted, answering through the shipped guide.

    Timed inside the app: from the answer key's handler to the moment after the next screen
    has been refreshed (Pilot's own idle-waiting is left out of the figure)."""
    from guide.loader import load_guide
    from guide.paths import default_guide_dir
    from guide.tui.app import DalilApp
    from guide.tui.options import WizardOptions
    from guide.tui.screens.question import QuestionScreen
    from guide.tui.session_link import SessionLink

    timings: list[float] = []

    class Timed(DalilApp):
        # The question screen is updated in place (one screen for the whole interview): the
        # time runs from the answer's handler to the refresh of whatever screen comes next.
        def give_answer(self, value: object) -> None:
            started = time.perf_counter()
            super().give_answer(value)  # type: ignore[arg-type]
            self.screen.call_after_refresh(lambda: timings.append(time.perf_counter() - started))

    guide = load_guide(default_guide_dir()).guide
    app = Timed(WizardOptions(lang="en"), link=SessionLink(enabled=False), guide=guide)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(300):
            await pilot.pause()
            if app.session is not None and app.session.current() is None:
                break
            screen = app.screen
            if not isinstance(screen, QuestionScreen):
                await pilot.press("enter")  # an introduction, or the urgent interrupt
                continue
            question = screen.question
            if question.type == "number":
                keys = ["3", "0", "enter"]
            elif question.type == "choice":
                keys = [str(min(len(question.options), 9))]
            else:
                keys = ["1"]  # yes: opens the longest path through the guide
            await pilot.press(*keys)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--child", choices=("bare", "dalil"))
    args = parser.parse_args()
    if args.child == "bare":
        child_bare()
        return
    if args.child == "dalil":
        child_dalil()
        return

    bare: list[Run] = []
    dalil: list[Run] = []
    run_child("bare"), run_child("dalil")  # warm the file cache once
    for _ in range(args.runs):  # interleaved, so both see the same machine load
        bare.append(run_child("bare"))
        dalil.append(run_child("dalil"))

    def med(values: list[float]) -> float:
        return statistics.median(values)

    bare_paint = med([b[0] for b in bare])
    dalil_paint = med([d[0] for d in dalil])
    dalil_ready = med([d[1] for d in dalil if d[1] is not None])
    guide_load = med([d[2] for d in dalil if d[2] is not None])
    bare_mem = med([b[4] for b in bare]) / 1024
    dalil_first_mem = med([d[3] for d in dalil]) / 1024
    dalil_mem = med([d[4] for d in dalil]) / 1024

    import asyncio

    latencies = asyncio.run(key_latency())
    print(f"runs: {args.runs} (medians), headless 100x30, Python {sys.version.split()[0]}")
    print(f"{'':32}{'bare Textual':>14}{'Dalil':>10}")
    print(f"{'first screen painted (ms)':32}{bare_paint * 1000:>14.0f}{dalil_paint * 1000:>10.0f}")
    print(f"{'guide loaded and shown (ms)':32}{'':>14}{dalil_ready * 1000:>10.0f}")
    print(f"{'  of which loading the guide':32}{'':>14}{guide_load * 1000:>10.0f}")
    print(f"{'peak memory at first paint (MiB)':32}{bare_mem:>14.1f}{dalil_first_mem:>10.1f}")
    print(f"{'peak memory, guide loaded (MiB)':32}{'':>14}{dalil_mem:>10.1f}")
    print(
        f"key press -> next question painted: median {med(latencies) * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms over {len(latencies)} questions"
    )
    print(f"memory_ratio_first_paint: {dalil_first_mem / bare_mem:.2f}")
    print(f"memory_ratio: {dalil_mem / bare_mem:.2f}")
    print(f"startup_ratio: {dalil_paint / bare_paint:.2f}")


if __name__ == "__main__":
    main()
