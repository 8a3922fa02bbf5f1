"""A question's `replaces`: answers saved under an id the guide no longer has (a renamed
question, one turned round so that "yes" is the sign, one split in two, or an answer id a
choice question no longer has) are read as answers to the question that asks it now, when a
saved interview is resumed or reported (`Interview.replay`). What must hold:

- a plain rename keeps the answer; a turned-round question turns the answer round;
- "don't know", "declined" and "skipped" are carried over as they are;
- an answer the map leaves out is not invented: the question is asked again, and the
  officer is told so until it has an answer of its own;
- a question with no replacement is still reported as gone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from guide.core.engine import Event, Interview
from guide.loader import load_guide

SHIPPED = Path(__file__).resolve().parents[2] / "indicators"

GUIDE = """\
guide:
  id: renamed_example
  version: "2"
  title: Renamed example
  source_language: en
  languages: [en]
  modules: [main]
  emergency_contacts: [police]
scoring:
  element_rule: "strong >= 1"
elements:
  - {id: coercion, label: Coercion}
indicators:
  - {id: locked_in, element: coercion, strength: strong, label: Locked in}
  - {id: violence, element: coercion, strength: strong, label: Violence}
  - {id: threats, element: coercion, strength: medium, label: Threats}
modules:
  - id: main
    title: Main
    questions:
      - id: stopped_going_out
        replaces: [{id: can_go_out_alone, answers: {yes: no, no: yes}}]
        text: Has anyone stopped you from going out?
        answers:
          yes: {raises: [locked_in]}
      - id: hurt
        replaces: [{id: hurt_or_threatened, answers: {no: no}}]
        text: Has anyone hurt you?
        answers:
          yes: {raises: [violence]}
      - id: threatened
        replaces: [{id: hurt_or_threatened, answers: {no: no}}]
        text: Has anyone threatened you?
        answers:
          yes: {raises: [threats]}
      - id: kind
        type: choice
        replaces: [{id: kind, answers: {sex_work: nightlife}}]
        text: Which kind of work?
        answers:
          - {id: nightlife, text: Bar or night club}
          - {id: farm, text: Farm}
      - id: renamed
        replaces: [old_name]
        text: A question with a new id?
verdicts:
  - id: grounds
    level: high
    title: Grounds
    explanation: Refer.
    when: coercion
  - id: alert
    level: low
    title: Stay alert
    explanation: Nothing found.
referrals:
  - id: always
    steps:
      - {id: call, urgency: immediate, text: Call., contacts: [police]}
contacts:
  - {id: police, name: Police, phone: "19", region: national, verified: "2026-11-28"}
"""


def _load(tmp_path, text=GUIDE):
    (tmp_path / "g.yaml").write_text(text, encoding="utf-8")
    return load_guide(tmp_path / "g.yaml")


@pytest.fixture
def guide(tmp_path):
    result = _load(tmp_path)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.guide


def replay(guide, *answers):
    events = [Event("skip", q) if v is None else Event("answer", q, v) for q, v in answers]
    iv, problems = Interview.replay(guide, events)
    return iv, [str(p) for p in problems]


def test_a_turned_round_question_turns_the_saved_answer_round(guide):
    iv, problems = replay(guide, ("can_go_out_alone", "no"))
    assert iv.answer_of("stopped_going_out") == "yes" and problems == []
    iv, _ = replay(guide, ("can_go_out_alone", "yes"))
    assert iv.answer_of("stopped_going_out") == "no"


def test_unknown_answers_are_carried_as_they_are(guide):
    iv, problems = replay(
        guide, ("can_go_out_alone", "declined"), ("hurt_or_threatened", "dont_know")
    )
    assert iv.answer_of("stopped_going_out") == "declined"
    assert iv.answer_of("hurt") == iv.answer_of("threatened") == "dont_know"
    assert problems == []
    iv, _ = replay(guide, ("old_name", None))
    assert iv.answer_of("renamed") == "skipped"


def test_a_split_question_carries_no_to_both_and_asks_a_yes_again(guide):
    iv, problems = replay(guide, ("hurt_or_threatened", "no"))
    assert iv.answer_of("hurt") == iv.answer_of("threatened") == "no" and problems == []
    # "yes" says that one of the two happened, not which: nothing is invented
    iv, problems = replay(guide, ("can_go_out_alone", "yes"), ("hurt_or_threatened", "yes"))
    assert iv.answer_of("hurt") is None and iv.answer_of("threatened") is None
    assert len(problems) == 2
    assert all("hurt_or_threatened" in p and "ask it again" in p for p in problems)
    assert iv.current().id == "hurt"  # the wizard asks it again
    # once the question has an answer of its own, the officer is no longer told
    iv, problems = replay(guide, ("hurt_or_threatened", "yes"), ("hurt", "yes"))
    assert iv.answer_of("hurt") == "yes"
    assert len(problems) == 1 and "'threatened'" in problems[0]


def test_old_answer_ids_of_the_same_question(guide):
    iv, problems = replay(guide, ("kind", "sex_work"))
    assert iv.answer_of("kind") == "nightlife" and problems == []
    iv, problems = replay(guide, ("kind", "farm"))
    assert iv.answer_of("kind") == "farm" and problems == []
    iv, problems = replay(guide, ("kind", "street"))
    assert iv.answer_of("kind") is None
    assert len(problems) == 1 and "ask it again" in problems[0]


def test_a_plain_rename_keeps_the_answer_and_the_verdict_reads_it(guide):
    from guide.core.assessment import assess

    iv, problems = replay(guide, ("old_name", "yes"), ("can_go_out_alone", "no"))
    assert iv.answer_of("renamed") == "yes" and problems == []
    assert assess(guide, iv.state()).verdict.verdict.id == "grounds"


def test_a_question_gone_without_replacement_is_still_reported(guide):
    _iv, problems = replay(guide, ("never_heard_of", "yes"))
    assert problems == ["question 'never_heard_of' is no longer in the guide"]


def test_the_journal_of_a_current_interview_replays_unchanged(guide):
    iv = Interview(guide)
    iv.answer("stopped_going_out", "yes")
    iv.answer("hurt", "no")
    iv.answer("kind", "farm")
    again, problems = Interview.replay(guide, [e.to_dict() for e in iv.events])
    assert again.answers == iv.answers and problems == []


# -- what the loader refuses (G024), each at the line of the mistake
@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "        replaces: [old_name]\n",
            "        replaces: [hurt]\n",
            "question 'renamed' replaces 'hurt', which is still a question of the guide",
        ),
        (
            "answers: {yes: no, no: yes}}]",
            "answers: {yes: maybe, no: yes}}]",
            "'maybe' is not an answer to 'stopped_going_out'",
        ),
        (
            "replaces: [{id: kind, answers: {sex_work: nightlife}}]",
            "replaces: [{id: kind}]",
            "question 'kind' replaces itself without an answer map",
        ),
        (
            "replaces: [{id: kind, answers: {sex_work: nightlife}}]",
            "replaces: [{id: kind, answers: {farm: nightlife}}]",
            "'farm' is still an answer to 'kind': it cannot also be an old one",
        ),
        (
            "        replaces: [old_name]\n",
            "        replaces: [old_name, old_name]\n",
            "'old_name' is replaced twice by question 'renamed'",
        ),
    ],
)
def test_a_replacement_that_cannot_be_read_is_one_error_at_its_line(tmp_path, old, new, message):
    assert old in GUIDE
    text = GUIDE.replace(old, new, 1)
    result = _load(tmp_path, text)
    assert not result.ok
    (d,) = result.diagnostics
    line = next(n for n, row in enumerate(text.splitlines(), 1) if new.strip()[:20] in row)
    assert (d.code, d.line, str(d.message)) == ("G024", line, message), d.format()
    assert d.hint


# -- the shipped guide: every id it stopped using since guide 2.0.0 is read
# Ids of guide 2.0.0 and 3.0.0 questions that later versions renamed, turned round or split.
RENAMED_SINCE_2 = {
    "can_go_out_alone": {"no": ("stopped_going_out", "yes")},
    "can_contact_family": {"no": ("stopped_contacting_family", "yes")},
    "can_read_agreement": {"no": ("agreement_not_understood", "yes")},
    "knew_about_place": {"no": ("knew_nothing_before", "yes")},
    "knows_address": {"no": ("unsure_where", "yes")},
    "speaks_local_language": {"no": ("language_barrier", "yes")},
    "has_residence_permit": {"no": ("no_residence_permit", "yes")},
    "child_in_school": {"no": ("child_out_of_school", "yes")},
    "child_parents_know": {"no": ("child_parents_without_news", "yes")},
    "food_in_house": {"no": ("food_or_bed_denied", "yes")},
    "cannot_refuse_clients": {"no": ("made_to_accept_clients", "yes")},
    "child_night_or_heavy_work": {"no": ("child_night_work", "no")},
    "sq_threatened_or_hurt": {"no": ("sq_hurt", "no")},
    "violence_at_work": {"no": ("sexual_violence_at_work", "no")},
}
# An officer's yes/no on 8 to 11 hours a day: the child's own hours (a number) replaced it,
# and no number can be read from it.
NOT_CARRIED = {"child_long_days"}


def test_every_id_the_shipped_guide_stopped_using_is_read_or_listed():
    result = load_guide(SHIPPED)
    assert result.ok
    guide = result.guide
    for old, cases in RENAMED_SINCE_2.items():
        assert old not in guide.question_by_id and old in guide.replaced, old
        for value, (target, expected) in cases.items():
            (rep,) = [r for r in guide.replaced[old] if r.question == target]
            assert rep.carry(value) == expected, (old, value)
    assert not NOT_CARRIED & set(guide.question_by_id) and not NOT_CARRIED & set(guide.replaced)
    work = guide.replaced["work_context"][0]
    assert work.carry("sex_work_entertainment") == "nightlife_entertainment"
    assert work.carry("criminal_activity") == "no_regular_work"
    assert work.carry("agriculture") == "agriculture"


# The safety questions every interview starts with, all answered as unremarkable.
SAFE_START = [
    ("immediate_danger", "no"),
    ("hurt_or_ill", "no"),
    ("basic_needs", "no"),
    ("unsafe_person_present", "no"),
    ("interpreter", "not_needed"),
]


def _answers(pairs: list[tuple[str, str]]) -> list[Event]:
    """A journal of answers, in order, as the wizard records them."""
    return [Event("answer", qid, value) for qid, value in pairs]


def test_a_guide_2_journal_gives_the_same_sign_on_the_shipped_guide():
    guide = load_guide(SHIPPED).guide
    events = _answers(
        [
            *SAFE_START,
            ("looks_under_18", "no"),
            ("consent_given", "yes"),
            ("age_band", "adult"),
            ("age_uncertain", "no"),
            ("nationality", "moroccan"),
            ("work_context", "sex_work_entertainment"),
            ("sq_not_as_promised", "no"),
            ("sq_stopped_from_leaving", "no"),
            ("sq_papers_kept", "yes"),
            ("sq_threatened_or_hurt", "no"),
            ("sq_debt", "no"),
            ("sq_made_to_do", "yes"),
            ("can_go_out_alone", "no"),
            ("cannot_refuse_clients", "no"),
        ]
    )
    iv, problems = Interview.replay(guide, events)
    assert problems == [], [str(p) for p in problems]
    assert iv.answer_of("work_context") == "nightlife_entertainment"
    assert iv.answer_of("sq_hurt") == iv.answer_of("sq_threatened") == "no"
    assert iv.answer_of("stopped_going_out") == "yes"
    assert iv.answer_of("made_to_accept_clients") == "yes"
    raised = iv.state().raised
    assert "isolation_confinement_surveillance" in raised and "forced_tasks_or_clients" in raised


def test_a_guide_3_3_child_shouted_at_is_asked_again():
    """Until guide 3.4.0 one choice read "shouted at, insulted or threatened" and counted as
    a threat (strong for a child). It is now two choices (held-out review 7, case S17): a
    saved "shouted_at" stands for neither, so the question is asked again, with a message,
    and the saved answer never counts as a threat nor as nothing."""
    guide = load_guide(SHIPPED).guide
    question = guide.question_by_id["child_punished"]
    assert not question.accepts("shouted_at")
    assert question.accepts("shouted_or_insulted") and question.accepts("threatened")
    events = _answers(
        [
            *SAFE_START,
            ("looks_under_18", "yes"),
            ("consent_given", "yes"),
            ("age_band", "under_15"),
            ("child_punished", "shouted_at"),
        ]
    )
    iv, problems = Interview.replay(guide, events)
    assert iv.answer_of("child_punished") is None
    assert any("child_punished" in str(p) for p in problems), [str(p) for p in problems]
    assert "threats_at_destination" not in iv.state().raised
