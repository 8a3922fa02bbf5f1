"""A scenario's answers and expectations: each one that does not fit is reported at its own
key or value, with its hint; the others are looked up without making any place."""

from pathlib import Path

from guide.loader import load_guide

MINI = (Path(__file__).parents[1] / "fixtures" / "mini" / "guide.yaml").read_text(encoding="utf-8")
S1 = "    answers: {danger: no, age_band: adult, age_uncertain: no, job_as_promised: no, pay_as_promised: dont_know, hours: 14, paid: yes}\n"
E1 = "    expect: {verdict: alert, elements: [], steps: [explain_rights]}\n"


def _errors(tmp_path, answers: str, expect: str = E1):
    assert S1 in MINI and E1 in MINI
    text = MINI.replace(S1, answers).replace(E1, expect)
    (tmp_path / "guide.yaml").write_text(text, encoding="utf-8")
    line = text[: text.index(answers)].count("\n") + 1
    result = load_guide(tmp_path)
    return line, [(d.line, d.col, d.code, d.message, d.hint) for d in result.errors]


def test_each_answer_that_does_not_fit_is_reported_where_it_is_written(tmp_path):
    answers = "    answers: {danger: no, hour: 3, paid: true, hours: 30, age_band: adlt}\n"
    line, errors = _errors(tmp_path, answers)
    # an unknown question at its key; an answer that does not fit at its value
    assert [(e[0], e[1], e[2]) for e in errors] == [
        (line, answers.index("hour:") + 1, "G015"),
        (line, answers.index("true") + 1, "G015"),
        (line, answers.index("30") + 1, "G015"),
        (line, answers.index("adlt") + 1, "G015"),
    ]
    assert "Did you mean 'hours'?" in errors[0][4]
    assert "true" in errors[1][3]
    assert "30" in errors[2][3]
    assert "Did you mean 'adult'?" in errors[3][4]


def test_each_expectation_that_names_nothing_is_reported_at_its_item(tmp_path):
    expect = "    expect: {verdict: alrt, elements: [], steps: [explain_rights, hotlin]}\n"
    line, errors = _errors(tmp_path, S1, expect)
    line += 1
    assert [(e[0], e[1], e[2]) for e in errors] == [
        (line, expect.index("alrt") + 1, "G016"),
        (line, expect.index("hotlin") + 1, "G016"),
    ]
    assert "Did you mean 'alert'?" in errors[0][4]
    assert "Did you mean 'hotline'?" in errors[1][4]


def test_answers_that_fit_make_a_scenario(tmp_path):
    _, errors = _errors(tmp_path, S1)
    assert errors == []
    guide = load_guide(tmp_path).guide
    assert guide is not None and guide.scenarios[0].answers["hours"] == 14
