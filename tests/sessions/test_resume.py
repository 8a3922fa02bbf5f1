"""Resume: the interview continues exactly where it stopped, same language, same history."""

from __future__ import annotations

from guide.core.engine import Interview
from guide.sessions import SessionStore

from .conftest import PASSPHRASE


def record(interview: Interview, writer, seen: int) -> int:
    for event in interview.events[seen:]:
        writer.append(event.to_dict())
    return len(interview.events)


def test_resume_continues_where_it_stopped(store, data_dir, mini_guide):
    interview = Interview(mini_guide)
    with store.create(mini_guide.id, mini_guide.version, "ar") as writer:
        seen = 0
        interview.answer("danger", "no")
        interview.answer("age_band", "adult")
        interview.answer("age_uncertain", "no")
        interview.answer("job_as_promised", "no")
        seen = record(interview, writer, seen)
        writer.append({"kind": "language", "lang": "fr"})
        interview.back()
        interview.back()  # reviewing age_uncertain when the battery died
        seen = record(interview, writer, seen)
        session_id = writer.id

    reader = SessionStore(data_dir)
    reader.unlock(PASSPHRASE)
    loaded = reader.load(session_id)
    assert loaded.info.language == "fr"
    resumed, problems = Interview.replay(mini_guide, loaded.events)
    assert problems == []
    assert resumed.current() is interview.current()
    assert resumed.current().id == "age_uncertain" and resumed.reviewing
    assert resumed.answers == interview.answers
    assert resumed.events == interview.events

    # Going on appends to the same journal, after the history.
    with reader.resume(session_id) as writer:
        resumed.answer("age_uncertain", "yes")
        record(resumed, writer, len(interview.events))
    again = SessionStore(data_dir)
    again.unlock(PASSPHRASE)
    final, problems = Interview.replay(mini_guide, again.load(session_id).events)
    assert problems == [] and final.answers["age_uncertain"] == "yes"
    assert final.events == resumed.events


def test_replay_reports_questions_the_guide_no_longer_has(store, data_dir, mini_guide):
    with store.create(mini_guide.id, mini_guide.version, "en") as writer:
        writer.append({"kind": "answer", "question": "danger", "value": "no"})
        writer.append({"kind": "answer", "question": "retired_question", "value": "yes"})
        session_id = writer.id
    loaded = store.load(session_id)
    interview, problems = Interview.replay(mini_guide, loaded.events)
    assert interview.answers == {"danger": "no"}
    assert any("retired_question" in p for p in problems)
