"""One interview as the wizard runs it: the engine's Interview plus the journal.

Screens send intents here (answer, skip, back, language); each intent changes the pure
Interview and writes the new events to the journal before anything is painted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guide.tui.languages import Languages
from guide.tui.session_link import SessionLink

ENGINE_KINDS = frozenset({"answer", "change", "skip", "back", "forward"})


@dataclass
class InterviewSession:
    guide: Any
    link: SessionLink
    languages: Languages
    interview: Any = None
    intros_seen: set[str] = field(default_factory=set)
    # What a resumed journal held that this guide could not replay (shown to the officer).
    replay_problems: list[str] = field(default_factory=list)
    last_urgent: list[tuple[Any, Any]] = field(default_factory=list)
    _written: int = 0

    def __post_init__(self) -> None:
        if self.interview is None:
            from guide.engine import Interview

            self.interview = Interview(self.guide)
        self._written = len(self.interview.events)

    # --- starting -------------------------------------------------------------------------

    @classmethod
    def resumed(
        cls, guide: Any, link: SessionLink, languages: Languages, events: list[dict[str, Any]]
    ) -> InterviewSession:
        """Rebuild an interview from its journal; the last language event wins."""
        from guide.engine import Interview

        engine_events = [e for e in events if e.get("kind") in ENGINE_KINDS]
        for event in events:
            if event.get("kind") == "language":
                languages = Languages(
                    ui=event.get("lang", languages.ui),
                    person=event.get("person", event.get("lang", languages.person)),
                )
        interview, problems = Interview.replay(guide, engine_events)
        session = cls(guide=guide, link=link, languages=languages, interview=interview)
        session.replay_problems = list(problems)
        # Intros already passed need not be shown again.
        for qid in interview.answers:
            session.intros_seen.add(guide.question(qid).module)
        return session

    # --- intents --------------------------------------------------------------------------

    def current(self) -> Any | None:
        return self.interview.current()

    def answer(self, value: Any) -> None:
        """Answer the current question. The urgent answers it newly raised are in
        `last_urgent` (even when writing the journal then fails), and in the journal as
        `{"kind": "urgent", ...}` events, so the list and the report show the interruption."""
        self.last_urgent = []
        question = self.current()
        if question is None:
            return
        self.last_urgent = list(self.interview.answer(question.id, value) or [])
        self._flush()
        for urgent_question, urgent_value in self.last_urgent:
            self.link.record(
                {"kind": "urgent", "question": urgent_question.id, "value": urgent_value}
            )

    def skip(self) -> None:
        question = self.current()
        if question is None:
            return
        self.interview.skip(question.id)
        self._flush()

    def back(self) -> bool:
        before = self.current()
        self.interview.back()
        self._flush()
        return self.current() is not before

    def forward(self) -> bool:
        before = self.current()
        self.interview.forward()
        self._flush()
        return self.current() is not before

    def set_languages(self, languages: Languages) -> None:
        self.languages = languages
        self.link.record({"kind": "language", "lang": languages.ui, "person": languages.person})

    def result_shown(self) -> None:
        self.link.record({"kind": "result_shown"})

    def journal_events(self) -> list[dict[str, Any]]:
        """The interview's events as the journal holds them (for a report)."""
        events = [event.to_dict() for event in self.interview.events]
        return [
            {"kind": "language", "lang": self.languages.ui, "person": self.languages.person},
            *events,
        ]

    def _flush(self) -> None:
        events = self.interview.events
        for event in events[self._written :]:
            self.link.record(event.to_dict())
        self._written = len(events)

    # --- reading --------------------------------------------------------------------------

    def previous_value(self, question: Any) -> Any | None:
        return self.interview.answers.get(question.id)

    def progress(self) -> tuple[int, int]:
        """(questions answered, questions likely still to come): the engine counts the
        applicable ones, so the estimate moves as answers open or close later questions."""
        answered, remaining = self.interview.progress()
        return int(answered), int(remaining)

    def module(self, question: Any) -> Any:
        return self.guide.module_by_id[question.module]

    def module_position(self, question: Any) -> tuple[int, int]:
        ids = [m.id for m in self.guide.modules]
        return ids.index(question.module) + 1, len(ids)

    def assessment(self) -> Any:
        from guide.assessment import assess

        return assess(self.guide, self.interview.state())

    def urgent_answers(self) -> list[Any]:
        return list(self.interview.urgent_answers())
