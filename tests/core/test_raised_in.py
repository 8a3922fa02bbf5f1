from guide.core.assessment import assess
from guide.core.scenarios import interview_from_answers
from guide.loader import load_guide

from ..conftest import FIXTURES


def guide_with(tmp_path, old, new):
    text = (FIXTURES / "mini" / "guide.yaml").read_text()
    assert old in text
    (tmp_path / "guide.yaml").write_text(text.replace(old, new))
    return load_guide(tmp_path)


def test_raised_in_counts_indicators_by_element(tmp_path):
    result = guide_with(
        tmp_path,
        "    when: recruitment or exploitation\n",
        "    when: raised_in(recruitment) >= 2 or raised_in() >= 3\n",
    )
    assert result.ok, [d.format() for d in result.diagnostics]
    g = result.guide
    iv, _ = interview_from_answers(
        g,
        {
            "danger": "no",
            "age_band": "adult",
            "age_uncertain": "no",
            "job_as_promised": "no",
            "pay_as_promised": "no",
        },
    )
    assert assess(g, iv.state()).verdict.verdict.id == "assess"  # 2 in recruitment
    iv, _ = interview_from_answers(
        g, {"danger": "no", "age_band": "adult", "age_uncertain": "no", "job_as_promised": "no"}
    )
    assert assess(g, iv.state()).verdict.verdict.id == "alert"  # only 1


def test_raised_in_is_refused_where_indicators_are_not_known(tmp_path):
    result = guide_with(
        tmp_path,
        "        when: not job_as_promised\n",
        "        when: raised_in(recruitment) >= 1\n",
    )
    assert [d.code for d in result.errors] == ["G005"]


def test_raised_in_takes_elements(tmp_path):
    result = guide_with(
        tmp_path, "    when: recruitment or exploitation\n", "    when: raised_in(danger) >= 1\n"
    )
    (d,) = result.errors
    assert d.code == "G004" and "'danger' is not an element" in d.message
