"""Kill a writing process with SIGKILL at random points: no confirmed answer is ever lost."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from guide.core.engine import Interview
from guide.sessions import SessionStore

from .conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("crash_driver.py")
MINI = ROOT / "tests" / "fixtures" / "mini"
RUNS = 30

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def run_and_kill(data_dir: Path, passphrase: Path, target: str, rng: random.Random):
    """Start the driver, let it confirm a random number of events, then SIGKILL it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), str(data_dir), str(passphrase), str(MINI), target, "100000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    assert first.startswith("session "), first
    session_id = first.split()[1]
    confirmed = []
    wanted = rng.randint(0, 40)
    while len(confirmed) < wanted:
        line = process.stdout.readline()
        assert line.startswith("confirmed "), line
        confirmed.append(json.loads(line.removeprefix("confirmed ")))
    # A random delay so the kill also lands inside encrypt, write and fsync.
    time.sleep(rng.random() * 0.004)
    process.send_signal(signal.SIGKILL)
    process.wait()
    # Read through the same buffered reader: communicate() would skip what it already holds.
    rest = process.stdout.read()
    process.stdout.close()
    # Lines already printed before the kill were confirmed too.
    for line in rest.splitlines():
        if line.startswith("confirmed "):
            try:
                confirmed.append(json.loads(line.removeprefix("confirmed ")))
            except json.JSONDecodeError:
                break  # the kill cut the line itself: not confirmed as far as we know
    assert process.returncode == -signal.SIGKILL
    return session_id, confirmed


def test_no_confirmed_answer_is_lost_when_killed(store, data_dir, passphrase_file, mini_guide):
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    expected: dict[str, list[dict]] = {}
    for run in range(RUNS):
        # Half the runs go on with an interview a previous run was killed in.
        target = rng.choice(sorted(expected)) if expected and rng.random() < 0.5 else "new"
        session_id, confirmed = run_and_kill(data_dir, passphrase_file, target, rng)
        history = expected.setdefault(session_id, [])
        reader = SessionStore(data_dir)
        reader.unlock(PASSPHRASE)
        events = reader.load(session_id).events
        # Resuming dropped at most an unconfirmed last event of the earlier run.
        if len(events) > len(history) + len(confirmed):
            assert len(events) == len(history) + len(confirmed) + 1, (seed, run)
        assert events[: len(history)] == history[: len(events)], (seed, run)
        assert events[len(history) : len(history) + len(confirmed)] == confirmed, (seed, run)
        expected[session_id] = events
        # What was kept is a journal the engine replays in full.
        interview, problems = Interview.replay(mini_guide, events)
        assert problems == [], (seed, run)
        assert len(interview.events) == len(events)
    assert len(expected) >= 2
