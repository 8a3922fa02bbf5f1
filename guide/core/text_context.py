"""The message-context scheme (msgctxt) of guide texts, in one place.

A guide text is looked up in the `guide` catalogs by the stable id of its place:
`<kind>.<id>[.<id>].<field>`, e.g. `question.age_band.text` or `answer.q.yes.note`. The
extractor writes these ids into `guide.pot`, and the wizard, the reports and `places.py`
ask for texts by them, so all of them build the id here. Pure: no imports from the package.
"""

from __future__ import annotations

# kind -> (how many ids name the place, the fields a place of that kind has)
SCHEME: dict[str, tuple[int, tuple[str, ...]]] = {
    "guide": (0, ("title",)),
    "module": (1, ("title", "intro")),
    "question": (1, ("text", "guidance", "unit")),
    "answer": (2, ("text", "note")),  # question id, answer id
    "indicator": (1, ("label",)),
    "element": (1, ("label", "description")),
    "verdict": (1, ("title", "explanation", "basis")),
    "term": (1, ("label", "explanation", "basis")),
    "step": (1, ("text", "basis")),
    "contact": (1, ("name", "hours", "note")),
}


def context(kind: str, *ids: str, field: str) -> str:
    """The msgctxt of one text: `context("answer", "q", "yes", field="note")`."""
    count, fields = SCHEME[kind]
    if len(ids) != count or field not in fields:
        raise ValueError(f"no guide text place {kind}{ids!r}.{field}")
    return ".".join((kind, *ids, field))
