"""The Babel extractor for the indicator YAML: contexts, lines, comments."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract

from guide.i18n.extract import extract_dalil_yaml, guide_texts

FIXTURES = Path(__file__).parent / "fixtures" / "guide"


def _line_of(path: Path, fragment: str) -> int:
    """1-based line of the first line containing `fragment`, found independently."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in {path}")


def _by_context(path: Path) -> dict[str, tuple[int, str, list[str]]]:
    found = guide_texts(path.read_bytes())
    return {ctx: (line, text, comments) for line, ctx, text, comments in found}


def test_questions_answers_and_modules_have_their_place_and_line():
    path = FIXTURES / "modules" / "01-safety.yaml"
    found = _by_context(path)
    assert set(found) == {
        "module.safety.title",
        "module.safety.intro",
        "question.immediate_danger.text",
        "question.immediate_danger.guidance",
        "answer.immediate_danger.yes.note",
        "question.age_band.text",
        "answer.age_band.under_18.text",
        "answer.age_band.adult.text",
    }
    line, text, comments = found["question.immediate_danger.text"]
    assert text == "Is the person in immediate danger here and now?"
    assert line == _line_of(path, "Is the person in immediate danger")
    # The officer guidance travels with the question as a translator comment.
    assert any("Look for signs of fear" in comment for comment in comments)
    assert any("not read aloud" in comment for comment in comments)
    assert found["answer.age_band.adult.text"][0] == _line_of(path, "18 or older")
    assert found["answer.immediate_danger.yes.note"][1] == "Follow the emergency steps now."


def test_block_text_is_stripped_and_keeps_its_inner_lines():
    found = _by_context(FIXTURES / "modules" / "01-safety.yaml")
    line, text, _ = found["question.immediate_danger.guidance"]
    assert text == (
        "Look for signs of fear, injuries, someone watching.\nIf in doubt, treat it as danger."
    )
    assert line == _line_of(FIXTURES / "modules" / "01-safety.yaml", "guidance: |")


def test_every_section_uses_the_documented_contexts():
    contexts = set()
    for path in FIXTURES.rglob("*.yaml"):
        contexts |= set(_by_context(path))
    assert {
        "guide.title",
        "verdict.reasonable_grounds.title",
        "verdict.reasonable_grounds.explanation",
        "element.exploitation.label",
        "indicator.excessive_hours.label",
        "question.hours_per_day.unit",
        "step.call_police.text",
        "step.call_hotline.text",
        "contact.police.name",
        "contact.police.hours",
        "contact.police.note",
    } <= contexts
    # Scenarios are for trainers: nothing of theirs is translated.
    assert not any("adult_worker" in context for context in contexts)
    assert _by_context(FIXTURES / "scenarios" / "basic.yaml") == {}


def test_step_reference_is_not_a_second_text():
    found = guide_texts((FIXTURES / "modules" / "02-work.yaml").read_bytes())
    assert [ctx for _, ctx, _, _ in found].count("step.call_police.text") == 1


def test_babel_receives_the_context_through_its_extract_api():
    data = (FIXTURES / "modules" / "02-work.yaml").read_bytes()
    results = list(extract(extract_dalil_yaml, io.BytesIO(data)))
    line, message, comments, context = results[1]
    assert line == _line_of(FIXTURES / "modules" / "02-work.yaml", "How many hours")
    assert message == "How many hours a day do you work?"
    assert context == "question.hours_per_day.text"
    assert comments and "hours_per_day" in comments[0]


def test_not_yaml_is_reported_with_its_line_and_extracts_nothing(capsys):
    source = io.BytesIO(b"modules:\n  - id: x\n    title: [unclosed\n")
    source.name = "broken.yaml"
    assert list(extract(extract_dalil_yaml, source)) == []
    assert "broken.yaml:" in capsys.readouterr().err


def test_yes_no_answer_keys_stay_text():
    texts = guide_texts(
        b"modules:\n  - id: m\n    questions:\n      - id: q\n        text: Q?\n"
        b"        answers:\n          no: {note: Say thanks.}\n          on: {note: Odd id.}\n"
    )
    contexts = {ctx for _, ctx, _, _ in texts}
    assert contexts == {"question.q.text", "answer.q.no.note", "answer.q.on.note"}


@pytest.mark.parametrize(
    ("source", "code"),
    [
        # a duplicate key: the loader refuses it, so the extractor must not pick either value
        (b"guide:\n  title: First\n  title: Second\n", "Y008"),
        (b"guide:\n  title: &t Shared\nmodules: *t\n", "Y"),
        (b"guide:\n  title: !!python/name:os.system x\n", "Y"),
    ],
)
def test_the_extractor_refuses_what_the_loader_refuses(tmp_path, capsys, source, code):
    from guide.loader import load_guide

    (tmp_path / "g.yaml").write_bytes(source)
    refused = [d for d in load_guide(tmp_path / "g.yaml").diagnostics if d.code.startswith("Y")]
    assert refused and refused[0].code.startswith(code), refused
    stream = io.BytesIO(source)
    stream.name = "g.yaml"
    assert list(extract(extract_dalil_yaml, stream)) == []
    err = capsys.readouterr().err
    assert f"g.yaml:{refused[0].line}:" in err and refused[0].code in err


def test_lines_are_the_loaders_positions():
    texts = guide_texts(b"guide:\n  title: T\nmodules:\n  - id: m\n    intro: |\n      Hello\n")
    assert {(line, ctx) for line, ctx, _, _ in texts} == {(2, "guide.title"), (5, "module.m.intro")}
