"""Measure the session journal: one event written (encrypt + write + fsync), and resuming an
interview of 200 events, with and without the passphrase's key derivation (scrypt).

    python benchmarks/sessions/bench_journal.py [--dir DIR] [--events 200] [--repeat 5]

DIR should be on the disk the app will use (fsync on tmpfs costs nothing). Prints one
`name: value` line per figure (append_event_p_ms is the 95th percentile); the last line
is the median time to write one event.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from guide.core.engine import Interview  # noqa: E402
from guide.core.model import Guide, Question  # noqa: E402
from guide.loader import load_guide  # noqa: E402
from guide.paths import default_guide_dir  # noqa: E402
from guide.sessions import SessionStore  # noqa: E402
from guide.sessions.crypto import ScryptParams  # noqa: E402
from guide.sessions.journal import encode_record  # noqa: E402

PASSPHRASE = "benchmark passphrase"


def an_answer(question: Question, turn: int) -> object:
    if question.type == "number":
        low = int(question.min or 0)
        high = int(question.max if question.max is not None else low + 20)
        return low + turn % (high - low + 1)
    choices = [option.id for option in question.options] + ["dont_know"]
    return choices[turn % len(choices)]


def interview_events(guide: Guide, count: int) -> list[dict]:
    """`count` engine events: the interview answered through, then answers changed."""
    interview = Interview(guide)
    turn = 0
    while len(interview.events) < count:
        question = interview.current()
        if question is None:
            path = interview.path()
            question = path[turn % len(path)]
        interview.answer(question.id, an_answer(question, turn))
        turn += 1
    return [event.to_dict() for event in interview.events[:count]]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=None, help="where to write (default: temp)")
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    guide = load_guide(default_guide_dir()).guide
    assert guide is not None, "the shipped guide does not load"
    events = interview_events(guide, args.events)

    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        store = SessionStore(folder)
        params = ScryptParams()
        started = time.perf_counter()
        store.initialise(PASSPHRASE, params)
        initialise = time.perf_counter() - started

        # One event: encrypt + write + fsync, timed one by one.
        append_times = []
        encrypt_times = []
        with store.create(guide.id, guide.version, "ar") as writer:
            session_id = writer.id
            key = store._key(session_id)
            for sequence, event in enumerate(events, start=1):
                t0 = time.perf_counter()
                encode_record(key, session_id, sequence, {**event, "time": "2026-11-28T09:00:00Z"})
                encrypt_times.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                writer.append(event)
                append_times.append(time.perf_counter() - t0)

        def resume(unlock: bool) -> float:
            t0 = time.perf_counter()
            reader = store
            if unlock:
                reader = SessionStore(folder)
                reader.unlock(PASSPHRASE)
            loaded = reader.load(session_id)
            interview, problems = Interview.replay(guide, loaded.events)
            assert not problems and len(interview.events) == len(events)
            return time.perf_counter() - t0

        resume(False)  # warm caches once
        without_unlock = min(resume(False) for _ in range(args.repeat))
        with_unlock = min(resume(True) for _ in range(args.repeat))
        size = store.journal_path(session_id).stat().st_size

    # Names are lower-case letters and underscores: benchmarks/run.py collects such lines.
    print(f"scrypt_log_n: {params.log2_n}")
    print(f"events: {args.events}")
    print(f"initialise_ms: {ms(initialise)}")
    print(f"encrypt_event_median_ms: {ms(statistics.median(encrypt_times))}")
    print(f"append_event_p_ms: {ms(sorted(append_times)[int(len(append_times) * 0.95)])}")
    print(f"journal_bytes: {size}")
    print(f"resume_without_unlock_ms: {ms(without_unlock)}")
    print(f"resume_with_unlock_ms: {ms(with_unlock)}")
    print(f"append_event_median_ms: {ms(statistics.median(append_times))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
