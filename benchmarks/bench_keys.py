"""Key press -> next question painted, in a real terminal, for the `dalil` that ships.

    python benchmarks/bench_keys.py [--answers 120] [--think 0.3] [--rounds 1] [--starts 5]

The real `dalil` command (guide.cli, the encrypted journal included, the shipped guide) runs
in a pseudo-terminal at 100x30 with a private data folder and a passphrase file. A driver
answers a whole interview (a fixed, seeded mix of answers and "don't know", yes to consent, a
number where one is asked: about 110 questions over the 12 parts): it knows the next question
from the pure engine kept in step, and times each key press from the write to the pty until
the next question's text has arrived on the terminal (ANSI sequences removed from everything
painted since the key). Between answers it waits `--think` seconds, as an officer reads.
Each timed key is one of two kinds, reported apart: an answer followed by the next question
(the screen updated in place) and Enter on a part's introduction followed by its first
question. In the same run, a bare Textual app that updates one Static per key press is
driven the same way: the anchor.

Also measured, in the same run, interleaved, after one warm-up start of each (so the catalog
cache and the compiled modules exist, as on every start but the very first): start-up (spawn
-> first screen's text on the terminal) and memory (resident set once the guide is loaded,
/proc/PID/status VmRSS), each the median of `--starts` starts against the bare app's.

Prints the figures, then `name: value` lines; the last line is `key_median_ratio: X`.

`--result` instead times the result after many "don't know" (yes to consent, then "don't
know" to every question: the what-if search's worst case on the shipped guide): from the last
key to the verdict painted, over `--starts` interviews. `--code DIR` runs the command from
another checkout of the code (`python -m guide` with PYTHONPATH=DIR): before/after, same run.

`--breakdown` instead drives one interview of the real command with probes around Textual's
methods (the time from the app's key event to its first paint, split into the key's dispatch,
the answer's handler, the layout and the rendering, and the main thread's CPU time) and
prints the medians over the answers: where a key's time goes. The probes cost a little time
of their own; compare the parts, not the total with the plain run.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import re
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SIZE = (100, 30)
PASSPHRASE = "benchmark passphrase"
ANSI = re.compile(
    rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|P[^\x1b]*\x1b\\|[@-Z\\-_])"
)

BARE_APP = r"""
import sys
from textual.app import App, ComposeResult
from textual.widgets import Static

class Bare(App[None]):
    n = 0
    def compose(self) -> ComposeResult:
        yield Static("Hello bare", id="s")
    def on_key(self, event) -> None:
        if event.key == "ctrl+q":
            self.exit()
            return
        self.n += 1
        self.query_one("#s", Static).update(f"Question number {self.n} of the bare app")

Bare().run()
"""


# Run by --breakdown in place of `dalil`: the same command (guide.cli.main) with probes.
PROBE = r"""
import json, os, sys, time
from textual import events
from textual._compositor import Compositor
from textual.app import App
from textual.screen import Screen
import guide.tui.app as wizard

out = open(os.environ["DALIL_PROBE_LOG"], "w")
key = {}

def timed(cls, name, part):
    real = getattr(cls, name)
    def probe(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return real(self, *args, **kwargs)
        finally:
            if key:
                key[part] = key.get(part, 0.0) + time.perf_counter() - started
    setattr(cls, name, probe)

real_event = wizard.DalilApp.on_event
async def on_event(self, event):
    if isinstance(event, events.Key) and self.session is not None and not key:
        key.update(start=time.perf_counter(), cpu=time.thread_time(),
                   screen=type(self.screen).__name__, layouts=0)
    return await real_event(self, event)
wizard.DalilApp.on_event = on_event

real_answer = wizard.DalilApp.give_answer
def give_answer(self, value):
    if key and "dispatch" not in key:
        key["dispatch"] = time.perf_counter() - key["start"]
    return real_answer(self, value)
wizard.DalilApp.give_answer = give_answer
timed(wizard.DalilApp, "give_answer", "handler")
timed(Compositor, "reflow", "layout")
timed(Compositor, "render_update", "render")

real_display = App._display
def display(self, screen, renderable):
    result = real_display(self, screen, renderable)
    if key and renderable is not None:
        key["painted"] = time.perf_counter() - key.pop("start")
        key["cpu"] = time.thread_time() - key["cpu"]
        key["widgets"] = len(list(screen.walk_children()))
        out.write(json.dumps(key) + "\n")
        out.flush()
        key.clear()
    return result
App._display = display

from guide.cli import main
sys.argv = ["dalil", *sys.argv[1:]]
sys.exit(main())
"""


def breakdown(answers: int, think: float, home: Path) -> int:
    """Drive one interview through PROBE; print the medians of each part of an answer key."""
    import json

    home.mkdir(parents=True, exist_ok=True)
    probe, log = home / "probe.py", home / "probe.jsonl"
    probe.write_text(PROBE, encoding="utf-8")
    drive_dalil(
        answers,
        think,
        home / "interview",
        argv=[sys.executable, str(probe)],
        extra_env={"DALIL_PROBE_LOG": str(log)},
    )

    keys = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    keys = [k for k in keys if k.get("screen") == "QuestionScreen" and "handler" in k]
    print(f"answer keys probed: {len(keys)}; load average {os.getloadavg()[0]:.2f}")
    for part, label in (
        ("painted", "key event -> first paint (wall)"),
        ("cpu", "  main thread's CPU meanwhile"),
        ("dispatch", "  key event -> the answer's handler"),
        ("handler", "  the handler (engine, journal hand-off, screen texts)"),
        ("layout", "  Textual's layout (Compositor.reflow)"),
        ("render", "  rendering what changed (Compositor.render_update)"),
    ):
        values = [k.get(part, 0.0) * 1000.0 for k in keys]
        print(f"{label}: median {statistics.median(values):.2f} ms, p90 {p90(values):.2f} ms")
    print(f"widgets on the question screen: {statistics.median(k['widgets'] for k in keys):.0f}")
    return 0


class Pty:
    """A child process on a pseudo-terminal; everything it paints, ANSI removed."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.fd = master
        self.raw = b""
        self.text = b""

    def read(self, timeout: float) -> None:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if ready:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            # Escape sequences are removed from everything since the mark, not chunk by
            # chunk: a sequence cut between two reads would otherwise break the text.
            self.raw += chunk
            self.text = ANSI.sub(b"", self.raw)

    def wait_for(self, needle: str, timeout: float = 30.0) -> float:
        """Seconds until `needle` arrives (in what was painted since the last mark)."""
        wanted = needle.encode()
        deadline = time.perf_counter() + timeout
        while wanted not in self.text:
            if time.perf_counter() > deadline:
                tail = self.text[-400:].decode(errors="replace")
                raise TimeoutError(f"{needle!r} never painted; last: {tail!r}")
            self.read(0.05)
        return time.perf_counter()

    def mark(self) -> None:
        self.raw = self.text = b""

    def press(self, keys: str) -> float:
        self.mark()
        now = time.perf_counter()
        os.write(self.fd, keys.encode())
        return now

    def settle(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.read(max(0.0, end - time.perf_counter()))

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, 9)
        self.proc.wait(timeout=10)
        os.close(self.fd)


def environment(home: Path) -> dict[str, str]:
    env = {
        "HOME": str(home),
        # The journal's folder: on disk next to the run (or where BENCH_DATA_HOME says, e.g. a
        # tmpfs, to tell the disk's share of a key press from the rest).
        "XDG_DATA_HOME": os.environ.get("BENCH_DATA_HOME") or str(home / "data"),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "TERM": "xterm-256color",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
        "DALIL_PASSPHRASE_FILE": str(home / "passphrase"),
        "DALIL_REPORTS_DIR": str(home / "reports"),
    }
    home.mkdir(parents=True, exist_ok=True)
    (home / "passphrase").write_text(PASSPHRASE + "\n", encoding="utf-8")
    os.chmod(home / "passphrase", 0o600)
    return env


def dalil_argv() -> list[str]:
    installed = shutil.which("dalil", path=str(Path(sys.executable).parent))
    return [installed] if installed else [sys.executable, "-m", "guide"]


def first_line(text: str, width: int = 30) -> str:
    """A piece of a question's first painted line: its first words (before any wrap)."""
    words, piece = text.split(), ""
    for word in words:
        if len(piece) + len(word) + 1 > width:
            break
        piece = f"{piece} {word}".strip()
    return piece or text[:width]


class Answers:
    """The driver's answers: yes to consent, a number inside the bounds where one is asked,
    else a seeded choice among the options and "don't know" (the same every run)."""

    def __init__(self, seed: int = 7) -> None:
        import random

        self.random = random.Random(seed)

    def choose(self, question) -> tuple[str, object]:
        """(keys to press, the value they give)."""
        if question.type == "number":
            low = int(question.min) if question.min is not None else 0
            return f"{low + 1}\r", low + 1
        if "consent" in question.id:
            return "1", question.options[0].id
        choices = [(str(n), o.id) for n, o in enumerate(question.options[:9], start=1)]
        return self.random.choice([*choices, ("d", "dont_know")])


def start_up(argv: list[str], env: dict[str, str], needle: str) -> tuple[float, Pty]:
    term = Pty(argv, env)
    painted = term.wait_for(needle)
    return painted - term.started, term


def dalil_start(env: dict[str, str]) -> tuple[float, int]:
    """One start of the real command: (seconds to the first screen, VmRSS KiB with the guide
    loaded)."""
    startup, term = start_up([*dalil_argv(), "--lang", "en", "--bidi", "app"], env, "Dalil")
    try:
        term.wait_for("Press Enter to start")  # shown once the guide is loaded
        term.settle(0.5)
        return startup, term.rss_kib()
    finally:
        term.close()


def bare_start(env: dict[str, str], script: Path) -> tuple[float, int]:
    startup, term = start_up([sys.executable, str(script)], env, "Hello bare")
    try:
        term.settle(0.5)
        return startup, term.rss_kib()
    finally:
        term.close()


def drive_dalil(
    answers: int,
    think: float,
    home: Path,
    argv: list[str] | None = None,
    extra_env: dict[str, str] | None = None,
) -> dict[str, list[float]]:
    """Latencies (seconds) by kind: "answer" (next question on the same screen) and
    "intro" (Enter on a part's introduction -> its first question). `argv`: the command in
    place of `dalil` (--breakdown's probe)."""
    from guide.core.engine import Interview
    from guide.loader import load_guide
    from guide.paths import default_guide_dir

    guide = load_guide(default_guide_dir(), with_tests=False).guide
    env = {**environment(home), **(extra_env or {})}
    command = [*(argv or dalil_argv()), "--lang", "en", "--bidi", "app"]
    _startup, term = start_up(command, env, "Dalil")
    latencies: dict[str, list[float]] = {"answer": [], "intro": []}
    driver = Answers()
    try:
        term.wait_for("Press Enter to start")
        term.settle(0.5)
        interview = Interview(guide)
        seen: set[str] = set()
        sent, kind = term.press("\r"), "start"
        while sum(map(len, latencies.values())) < answers:
            question = interview.current()
            if question is None:
                break
            module = guide.module_by_id[question.module]
            if module.intro and module.id not in seen:
                seen.add(module.id)
                term.wait_for(first_line(module.intro))
                term.settle(think)
                sent, kind = term.press("\r"), "intro"
                continue
            painted = term.wait_for(first_line(question.text))
            if kind in latencies:  # not the first question: it comes after the passphrase
                latencies[kind].append(painted - sent)
            term.settle(think)
            keys, value = driver.choose(question)
            urgent = interview.answer(question.id, value)
            sent, kind = term.press(keys), "answer"
            if urgent:
                term.wait_for("Urgent")
                term.settle(think)
                sent, kind = term.press("\r"), "modal"  # back to the question: not timed
        return latencies
    finally:
        term.close()


def drive_bare(answers: int, think: float, home: Path) -> list[float]:
    env = environment(home)
    script = home / "bare.py"
    script.write_text(BARE_APP, encoding="utf-8")
    _startup, term = start_up([sys.executable, str(script)], env, "Hello bare")
    latencies = []
    try:
        term.settle(0.5)
        for n in range(1, answers + 1):
            sent = term.press("d")
            latencies.append(term.wait_for(f"Question number {n} of") - sent)
            term.settle(think)
        return latencies
    finally:
        term.close()


def drive_to_result(home: Path, code: Path | None = None) -> float:
    """Seconds from the last answer's key to the verdict painted, every answer after the
    consent "don't know" (urgent interruptions acknowledged with Enter, not timed)."""
    from guide.core.engine import Interview
    from guide.loader import load_guide
    from guide.paths import default_guide_dir

    guide = load_guide(default_guide_dir(), with_tests=False).guide
    env = environment(home)
    argv = dalil_argv()
    if code is not None:
        env["PYTHONPATH"] = str(code)
        argv = [sys.executable, "-m", "guide"]
    _startup, term = start_up([*argv, "--lang", "en", "--bidi", "app"], env, "Dalil")
    try:
        term.wait_for("Press Enter to start")
        term.settle(0.3)
        interview = Interview(guide)
        seen: set[str] = set()
        term.press("\r")
        while (question := interview.current()) is not None:
            module = guide.module_by_id[question.module]
            if module.intro and module.id not in seen:
                seen.add(module.id)
                term.wait_for(first_line(module.intro))
                term.settle(0.05)
                term.press("\r")
                continue
            term.wait_for(first_line(question.text))
            term.settle(0.05)
            if "consent" in question.id:
                keys, value = "1", question.options[0].id
            else:
                keys, value = "d", "dont_know"
            urgent = interview.answer(question.id, value)
            sent = term.press(keys)
            if urgent:
                term.wait_for("Urgent")
                term.settle(0.05)
                term.press("\r")
        return term.wait_for("Result") - sent
    finally:
        term.close()


def result_times(starts: int, code: Path | None) -> int:
    """--result: the verdict after many "don't know", this code and (with --code) another,
    interleaved."""
    runs: dict[str, list[float]] = {"this": [], "other": []}
    with tempfile.TemporaryDirectory(prefix="dalil-bench-") as tmp:
        for n in range(starts):
            runs["this"].append(drive_to_result(Path(tmp) / f"t{n}"))
            if code is not None:
                runs["other"].append(drive_to_result(Path(tmp) / f"o{n}", code))
    ms = 1000.0
    print(f"load average {os.getloadavg()[0]:.2f}")
    for name, values in runs.items():
        if values:
            print(
                f"{name}: last key -> verdict painted, median {statistics.median(values) * ms:.0f} "
                f"ms ({', '.join(f'{v * ms:.0f}' for v in values)})"
            )
    print(f"result_painted_ms: {statistics.median(runs['this']) * ms:.0f}")
    return 0


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--answers", type=int, default=120, help="keys timed per interview")
    ap.add_argument("--think", type=float, default=0.3, help="seconds between keys")
    ap.add_argument("--rounds", type=int, default=1, help="interviews (each with a bare run)")
    ap.add_argument("--starts", type=int, default=5, help="start-ups of each, after a warm-up")
    ap.add_argument(
        "--journal-in-memory",
        action="store_true",
        help="keep the journal on a tmpfs (/dev/shm): the key press without the disk's fsyncs",
    )
    ap.add_argument(
        "--breakdown",
        action="store_true",
        help="one interview with probes: where a key's time goes (no bare app, no start-ups)",
    )
    ap.add_argument(
        "--result",
        action="store_true",
        help="time the verdict after many \"don't know\" (the what-if search's worst case)",
    )
    ap.add_argument("--code", type=Path, help="with --result: also run this checkout's code")
    args = ap.parse_args()
    if args.result:
        return result_times(args.starts, args.code)
    if args.breakdown:
        with tempfile.TemporaryDirectory(prefix="dalil-bench-") as tmp:
            return breakdown(args.answers, args.think, Path(tmp))
    if args.journal_in_memory:
        import atexit

        folder = tempfile.mkdtemp(prefix="dalil-bench-", dir="/dev/shm")
        atexit.register(shutil.rmtree, folder, True)
        os.environ["BENCH_DATA_HOME"] = folder
    load_before = os.getloadavg()[0]
    by_kind: dict[str, list[float]] = {"answer": [], "intro": []}
    bare: list[float] = []
    starts: list[tuple[float, float]] = []
    memory: list[tuple[int, int]] = []
    with tempfile.TemporaryDirectory(prefix="dalil-bench-") as tmp:
        home = Path(tmp)
        d_env, b_env = environment(home / "ds"), environment(home / "bs")
        script = home / "bare.py"
        script.write_text(BARE_APP, encoding="utf-8")
        dalil_start(d_env)  # warm-up: the catalog cache and compiled modules now exist
        bare_start(b_env, script)
        for _start in range(args.starts):
            d_start, d_rss = dalil_start(d_env)
            b_start, b_rss = bare_start(b_env, script)
            starts.append((d_start, b_start))
            memory.append((d_rss, b_rss))
        for n in range(args.rounds):
            for kind, values in drive_dalil(args.answers, args.think, home / f"d{n}").items():
                by_kind[kind] += values
            bare += drive_bare(args.answers, args.think, home / f"b{n}")
    dalil = by_kind["answer"] + by_kind["intro"]
    ms = 1000.0
    d_med, d_p90 = statistics.median(dalil) * ms, p90(dalil) * ms
    b_med, b_p90 = statistics.median(bare) * ms, p90(bare) * ms
    start_ratio = statistics.median(d / b for d, b in starts)
    mem_ratio = statistics.median(d / b for d, b in memory)
    print(
        f"keys timed: dalil {len(dalil)} ({len(by_kind['answer'])} answers, "
        f"{len(by_kind['intro'])} introductions), bare {len(bare)}; load average "
        f"{load_before:.2f} -> {os.getloadavg()[0]:.2f}"
    )
    print(
        f"dalil key->next question painted: median {d_med:.1f} ms, p90 {d_p90:.1f} ms, "
        f"max {max(dalil) * ms:.1f} ms"
    )
    kinds = (("answer", "answer -> next question"), ("intro", "introduction -> question"))
    for kind, label in kinds:
        values = by_kind[kind]
        if values:
            print(
                f"  {label}: median {statistics.median(values) * ms:.1f} ms, "
                f"p90 {p90(values) * ms:.1f} ms ({len(values)} keys)"
            )
    print(f"bare Textual (one Static updated): median {b_med:.1f} ms, p90 {b_p90:.1f} ms")
    print(
        f"start-up ({args.starts} warm starts each): dalil "
        f"{statistics.median(d for d, _ in starts) * ms:.0f} ms, "
        f"bare {statistics.median(b for _, b in starts) * ms:.0f} ms"
    )
    print(
        f"memory (guide loaded): dalil {statistics.median(d for d, _ in memory) / 1024:.1f} MiB, "
        f"bare {statistics.median(b for _, b in memory) / 1024:.1f} MiB"
    )
    where = "tmpfs (no disk)" if args.journal_in_memory else "disk, next to the run"
    print(f"journal: {where}")
    print(f"key_median_ms: {d_med:.1f}")
    print(f"key_p90_ms: {d_p90:.1f}")
    print(f"key_answer_median_ms: {statistics.median(by_kind['answer']) * ms:.1f}")
    print(f"key_p90_over_median: {d_p90 / d_med:.2f}")
    print(f"key_p90_ratio: {d_p90 / b_p90:.2f}")
    print(f"startup_pty_ratio: {start_ratio:.2f}")
    print(f"memory_loaded_ratio: {mem_ratio:.2f}")
    print(f"key_median_ratio: {d_med / b_med:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
