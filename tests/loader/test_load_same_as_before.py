"""The loader's inside may change (issue 18: a load that does not keep every file's parsed
data while it builds), what it reports may not: for every guide of `load_corpus` (the broken
files, as one file and split into several, the fixtures, a synthetic
guide of several files, valid and with mistakes across its files), every diagnostic (code,
file, line, column, message, hint, order) and the whole built guide are what the loader gave
before that work (tests/loader/golden_loads.json)."""

import json

import pytest

from .load_corpus import GOLDEN, cases, outcome

EXPECTED = json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("corpus")
    return tmp, cases(tmp)


def test_the_corpus_is_the_one_recorded(corpus):
    _, found = corpus
    assert sorted(found) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_load_reports_and_builds_what_it_did_before(corpus, name):
    tmp, found = corpus
    assert outcome(found[name], tmp) == EXPECTED[name]


def test_the_comparison_sees_a_changed_place(corpus):
    """The comparison is not blind: one column moved is a difference."""
    tmp, found = corpus
    got = outcome(found["synthetic/unknown-indicator"], tmp)
    got["diagnostics"][0][2] += 1
    assert got != EXPECTED["synthetic/unknown-indicator"]
