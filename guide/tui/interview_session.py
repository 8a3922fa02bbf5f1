"""One interview as the wizard runs it: the engine's Interview plus the journal.

Screens send intents here (answer, skip, back, language); each intent changes the pure
Interview and gives its events to the journal: an answer, a skip, back and forward to the
link's writer thread (written while the next question is painted; `saved()` undoes an intent
the disk refused), anything else written before the call returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from guide.tui.languages import Languages
from guide.tui.session_link import SessionError, SessionLink

if TYPE_CHECKING:
    from guide.core.assessment import Assessment
    from guide.core.engine import Interview
    from guide.core.model import Guide, Module, Question

ENGINE_KINDS = frozenset({"answer", "change", "skip", "back", "forward"})
# The officer's own words, journalled like answers: a note on a question (question None:
# observations on the whole interview) and the case details (the report reads "case").
NOTE_KIND = "note"
CASE_KIND = "case"
CASE_FIELDS = ("reference", "place", "officer")


@dataclass(frozen=True)
class _Intent:
    """How to undo an intent whose events the journal refused: the interview before it, and
    how many of its events are the engine's (the urgent marks after them change nothing)."""

    before: Any
    engine_events: int
    answer: bool


@dataclass
class InterviewSession:
    guide: Guide
    link: SessionLink
    languages: Languages
    interview: Any = None
    intros_seen: set[str] = field(default_factory=set)
    # What a resumed journal held that this guide could not replay (shown to the officer).
    replay_problems: list[str] = field(default_factory=list)
    last_urgent: list[tuple[Any, Any]] = field(default_factory=list)
    # The interview as the last intent would have made it, when the journal refused it.
    unsaved: Any = None
    # question id (None: observations on the whole interview) -> the officer's note
    notes: dict[str | None, str] = field(default_factory=dict)
    case: dict[str, str] = field(default_factory=dict)
    _written: int = 0

    def __post_init__(self) -> None:
        if self.interview is None:
            from guide.core.engine import Interview

            self.interview = Interview(self.guide)
        self._written = len(self.interview.events)

    # --- starting -------------------------------------------------------------------------

    @classmethod
    def resumed(
        cls, guide: Guide, link: SessionLink, languages: Languages, events: list[dict[str, Any]]
    ) -> InterviewSession:
        """Rebuild an interview from its journal; the last language event wins."""
        from guide.core.engine import Interview

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
        for event in events:
            if event.get("kind") == NOTE_KIND and isinstance(event.get("text"), str):
                question = event.get("question")
                key = question if isinstance(question, str) else None
                if event["text"]:
                    session.notes[key] = event["text"]
                else:
                    session.notes.pop(key, None)
            elif event.get("kind") == CASE_KIND:
                for name in CASE_FIELDS:
                    if isinstance(event.get(name), str):
                        session.case[name] = event[name]
        # Intros already passed need not be shown again.
        for qid in interview.answers:
            session.intros_seen.add(guide.question(qid).module)
        return session

    # --- intents --------------------------------------------------------------------------

    def current(self) -> Question | None:
        return self.interview.current()

    def answer(self, value: Any) -> None:
        """Answer the current question. The urgent answers it newly raised are in
        `last_urgent` (even when writing the journal then fails), and in the journal as
        `{"kind": "urgent", ...}` events, so the list and the report show the interruption.

        An answer the journal could not take (disk full, drive removed) is not kept: the
        interview goes back to the question, as it was (here, SessionError raised, when the
        link writes in the caller; at `saved()` with its writer thread), so the officer can
        give it again; `unsaved` then holds the interview as the answer would have made it
        (its urgent steps are still shown: the danger is real either way)."""
        self.last_urgent = []
        self.unsaved = None
        question = self.current()
        if question is None:
            return
        before = self.interview.copy()
        self.last_urgent = list(self.interview.answer(question.id, value) or [])
        urgent = [
            {"kind": "urgent", "question": urgent_question.id, "value": urgent_value}
            for urgent_question, urgent_value in self.last_urgent
        ]
        self._write_intent(before, urgent, answer=True)

    def skip(self) -> None:
        question = self.current()
        if question is None:
            return
        before = self.interview.copy()
        self.interview.skip(question.id)
        self._write_intent(before)

    def back(self) -> bool:
        before = self.current()
        saved = self.interview.copy()
        self.interview.back()
        self._write_intent(saved)
        return self.current() is not before

    def forward(self) -> bool:
        before = self.current()
        saved = self.interview.copy()
        self.interview.forward()
        self._write_intent(saved)
        return self.current() is not before

    def _write_intent(
        self, before: Any, extra: list[dict[str, Any]] | None = None, *, answer: bool = False
    ) -> None:
        """Write the intent's events (then `extra`, e.g. the urgent marks of an answer).

        With the link's writer thread they are written while the next question is painted;
        if the journal refuses them, `saved()` takes the interview back to `before`. Without
        it they are written now, and if the journal refuses them the interview goes back to
        `before` here (what is not on disk did not happen) and the error goes up."""
        self.unsaved = None
        engine = [event.to_dict() for event in self.interview.events[self._written :]]
        events = engine + list(extra or [])
        if self.link.background:
            self._written = len(self.interview.events)
            self.link.record_soon(events, _Intent(before, len(engine), answer))
            return
        try:
            self._flush()
        except SessionError:
            self.unsaved = self.interview
            self.interview = before
            self._written = len(before.events)
            raise
        for event in extra or []:
            self.link.record(event)

    def saved(self, wait: bool = True) -> tuple[SessionError, bool] | None:
        """Wait until the intents given so far are on disk. When the journal refused one (disk
        full, drive removed), nothing after it was written, and the interview goes back to
        where it stood before that intent: the officer sees that question again and the same
        key retries. Returns (the error, whether it was an answer), or None. `wait` False:
        only a refusal already known (the next intent is then given after those pending)."""
        refused = self.link.settle(wait)
        if refused is None:
            return None
        intent = refused.token
        if not isinstance(intent, _Intent):  # not an intent of this interview
            return refused.error, False
        if refused.written < intent.engine_events:
            self.unsaved = self.interview
            self.interview = intent.before
            self._written = len(intent.before.events)
            return refused.error, intent.answer
        # The intent is on disk; only a mark after it (an urgent answer's) is missing.
        return refused.error, False

    def jump_to(self, question_id: str) -> bool:
        """Go to an answered question (from the review screen). Only a "jump" is journalled,
        not the steps: the journal's back/forward only place the cursor, never an answer."""
        path = [q.id for q in self.interview.path()]
        if question_id not in path:
            return False
        target = path.index(question_id)
        for _step in range(2 * len(path) + 2):
            current = self.current()
            if current is not None and current.id == question_id:
                break
            where = path.index(current.id) if current is not None and current.id in path else None
            if where is None or where > target:
                self.interview.back()
            else:
                self.interview.forward()
        self._written = len(self.interview.events)
        self.link.record({"kind": "jump", "question": question_id})
        current = self.current()
        return current is not None and current.id == question_id

    def to_frontier(self) -> None:
        """Back to where the interview stands (the first question not answered yet)."""
        for _step in range(len(self.guide.questions) + 1):
            if not self.interview.reviewing:
                break
            self.interview.forward()
        self._written = len(self.interview.events)

    def note_for(self, question_id: str | None) -> str:
        return self.notes.get(question_id, "")

    def set_note(self, question_id: str | None, text: str) -> None:
        """A note on a question (None: observations); an empty text removes it."""
        if text == self.notes.get(question_id, ""):
            return
        # Journal first: a note the disk refused is not shown as kept.
        self.link.record({"kind": NOTE_KIND, "question": question_id, "text": text})
        if text:
            self.notes[question_id] = text
        else:
            self.notes.pop(question_id, None)

    def set_case(self, details: dict[str, str]) -> None:
        changed = {k: v for k, v in details.items() if self.case.get(k, "") != v}
        if not changed:
            return
        self.link.record({"kind": CASE_KIND, **changed})
        self.case.update(changed)

    def set_languages(self, languages: Languages) -> None:
        self.languages = languages
        self.link.record({"kind": "language", "lang": languages.ui, "person": languages.person})

    def result_shown(self) -> None:
        """The result was shown; the interview is still open (going back reopens the
        questions). Only finish() closes it."""
        self.link.record({"kind": "result_viewed"})

    def finish(self) -> None:
        """The officer finished the interview from the result screen."""
        self.link.record({"kind": "finished"})

    def journal_events(self) -> list[dict[str, Any]]:
        """The interview's events as the journal holds them (for a report)."""
        events = [event.to_dict() for event in self.interview.events]
        own: list[dict[str, Any]] = []
        if self.case:
            own.append({"kind": CASE_KIND, **self.case})
        own += [
            {"kind": NOTE_KIND, "question": question, "text": text}
            for question, text in self.notes.items()
        ]
        return [
            {"kind": "language", "lang": self.languages.ui, "person": self.languages.person},
            *events,
            *own,
        ]

    def _flush(self) -> None:
        events = self.interview.events
        for event in events[self._written :]:
            self.link.record(event.to_dict())
        self._written = len(events)

    # --- reading --------------------------------------------------------------------------

    def previous_value(self, question: Question) -> Any | None:
        return self.interview.answers.get(question.id)

    def progress(self) -> tuple[int, int]:
        """(questions answered, questions likely still to come): the engine counts the
        applicable ones, so the estimate moves as answers open or close later questions."""
        answered, remaining = self.interview.progress()
        return int(answered), int(remaining)

    def module(self, question: Question) -> Module:
        return self.guide.module_by_id[question.module]

    def module_position(self, question: Question) -> tuple[int, int]:
        ids = [m.id for m in self.guide.modules]
        return ids.index(question.module) + 1, len(ids)

    def assessment(self, interview: Interview | None = None) -> Assessment:
        from guide.core.assessment import assess

        return assess(self.guide, (interview or self.interview).state())

    def urgent_answers(self) -> list[Any]:
        return list(self.interview.urgent_answers())
