"""Runs an interview into the session store and prints each event once append() returned.

Used by test_crash.py, which kills this process with SIGKILL at random points. Usage:
    crash_driver.py DATA_DIR PASSPHRASE_FILE GUIDE_DIR new|SESSION_ID COUNT
With a SESSION_ID it resumes that interview: replays its journal, then goes on.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from guide.core.engine import Interview
from guide.core.model import Question
from guide.loader import load_guide
from guide.sessions.passphrase import open_store


def an_answer(question: Question, turn: int) -> object:
    """A valid answer that varies with the turn, so later turns change earlier answers."""
    if question.type == "number":
        low = int(question.min or 0)
        high = int(question.max if question.max is not None else low + 20)
        return low + turn % (high - low + 1)
    choices = [option.id for option in question.options] + ["dont_know"]
    return choices[turn % len(choices)]


def main() -> int:
    data_dir, passphrase_path, guide_dir, target, count = sys.argv[1:6]
    guide = load_guide(guide_dir).guide
    assert guide is not None
    store = open_store(data_dir, Path(passphrase_path), create=False, interactive=False)
    if target == "new":
        writer = store.create(guide.id, guide.version, "ar")
        interview = Interview(guide)
    else:
        interview, problems = Interview.replay(guide, store.load(target).events)
        assert not problems, problems
        writer = store.resume(target)
    print(f"session {writer.id}", flush=True)
    for turn in range(int(count)):
        seen = len(interview.events)
        question = interview.current()
        if question is None:
            # Finished: go back over the path and change an answer, as an officer might.
            path = interview.path()
            question = path[turn % len(path)]
        interview.answer(question.id, an_answer(question, turn))
        for event in interview.events[seen:]:
            stored = writer.append(event.to_dict())
            # Printed only after append returned: the parent treats it as confirmed.
            print("confirmed " + json.dumps(stored, sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
