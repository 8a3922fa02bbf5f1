"""Babel extractor for the indicator YAML: every text a person reads, with its place.

Registered as the Babel extraction method `dalil_yaml` (entry point group
`babel.extractors`), so `pybabel extract -F locales/babel.cfg -o locales/guide.pot indicators`
works. Each message has:

- context (msgctxt): the stable id of the text's place, e.g. `question.age_band.text`
  (the list is in docs/architecture.md); the run time looks texts up by the same id;
- message id: the source text as written in the YAML;
- reference: the YAML file and the line of the text;
- a translator comment: the officer guidance for a question, otherwise what the text is.

The YAML is read by `guide.loader.yamlio`, the reader the loader uses, with the same safety rules
(no anchors, tags or duplicate keys; size and node limits) and the same scalar rules (`yes:`
stays the answer id "yes"): a file the loader refuses gives no texts, only its first problem.
Lines come from the reader's positions. Scenarios are for trainers and are not translated.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, field
from string import Formatter
from typing import Any, BinaryIO

from guide.core.text_context import context
from guide.loader.diagnostics import Severity
from guide.loader.yamlio import ParsedFile, parse_yaml

# Babel maps the `pgettext` keyword (present in its default keywords) to (context, message).
_CONTEXT_KEYWORD = "pgettext"

Extracted = tuple[int, str, tuple[str, str], list[str]]
GuideText = tuple[int, str, str, list[str]]  # line, context, source text, comments
Facts = dict[str, str | None]  # what a translator comment may say about a place


class NotReadable(ValueError):
    """The file is not a guide file the loader would read; `line` and `problem` say why."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"{line}: {problem}")
        self.line = line
        self.problem = problem


@dataclass(frozen=True, slots=True)
class _Node:
    """A value of the parsed file and its path, so its line can be looked up."""

    value: Any
    path: tuple[Any, ...]


class _Texts:
    """Collects (line, context, text, comments) while walking the parsed data."""

    def __init__(self, parsed: ParsedFile) -> None:
        self.parsed = parsed
        self.found: list[GuideText] = []

    def add(self, node: _Node | None, context: str, comments: list[str]) -> None:
        # Outer whitespace (the newline a `|` block keeps) is not part of the text; the run
        # time strips it the same way before looking a text up.
        if node is not None and isinstance(node.value, str) and node.value.strip():
            line = self.parsed.where(node.path).line
            self.found.append((line, context, node.value.strip(), comments))


def _mapping(node: _Node | None) -> dict[str, _Node]:
    if node is None or not isinstance(node.value, dict):
        return {}
    return {
        key: _Node(value, (*node.path, key))
        for key, value in node.value.items()
        if isinstance(key, str)
    }


def _items(node: _Node | None) -> list[dict[str, _Node]]:
    if node is None or not isinstance(node.value, list):
        return []
    return [_mapping(_Node(item, (*node.path, i))) for i, item in enumerate(node.value)]


def _scalar(fields: Mapping[str, _Node], key: str) -> str | None:
    node = fields.get(key)
    return node.value if node is not None and isinstance(node.value, str) else None


def _oneline(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class _Place:
    """One kind of place of guide texts (`guide.core.text_context.SCHEME`) as the YAML writes it:
    the translator comments of its fields, and the places listed inside it.

    A comment is a template over the facts of the place and of the places around it (`id`:
    the place's own id; `module`, `question`: the id of the module or question it is in); a
    comment that names a fact the place lacks (None) is left out. Fields, then inner places,
    are extracted in the order written here: the order of guide.pot."""

    kind: str | None  # None: a level with no texts of its own (a referral rule)
    comments: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    facts: Callable[[Mapping[str, _Node]], Facts] = lambda fields: {}
    # (key, place): the entries listed under a key
    inside: tuple[tuple[str, _Place], ...] = ()
    # The fact the places inside know this one's id by.
    known_as: str = ""
    # How its entries are listed: "list" (mappings with an `id`), "mapping" (id -> entry),
    # or "either" (answers).
    listed: str = "list"
    # Its context ids begin with those of the place it is in (an answer: question, answer).
    nested_ids: bool = False


def _question_facts(fields: Mapping[str, _Node]) -> Facts:
    guidance = _scalar(fields, "guidance")
    observe = _scalar(fields, "kind") == "observe"
    how = (
        "The officer's own observation; not read aloud."
        if observe
        else "Read aloud to the person, as one would say it."
    )
    text = _oneline(_scalar(fields, "text") or "")
    return {"how": how, "guidance": _oneline(guidance) if guidance else None, "text": text}


def _audience(fields: Mapping[str, _Node]) -> Facts:
    officer = _scalar(fields, "intro_for") == "officer"
    return {
        "audience": "an instruction to the officer, shown in the officer's language only"
        if officer
        else "read aloud to the person"
    }


_ANSWER = _Place(
    "answer",
    {
        "text": ("Answer to the question {question}: {text}",),
        "note": (
            "Note shown to the officer after the answer {id!r}. "
            "Answer to the question {question}: {text}",
        ),
    },
    listed="either",
    nested_ids=True,
)
_QUESTION = _Place(
    "question",
    {
        "text": ("Question {id} (module {module}). {how}", "Officer guidance: {guidance}"),
        "guidance": ("Guidance for the officer on how to ask the question {id}: {text}",),
        "unit": ("Unit of the number answered to: {text}",),
    },
    _question_facts,
    (("answers", _ANSWER),),
    known_as="question",
)
_STEP = _Place(
    "step",
    {
        "text": ("Referral step {id} (urgency: {urgency}); an instruction to the officer.",),
        "basis": ("Referral step {id}: its legal or professional basis (keep article numbers).",),
    },
    lambda fields: {"urgency": _scalar(fields, "urgency") or "?"},
)
# The one `guide:` mapping of the guide file: no id.
_GUIDE = _Place("guide", {"title": ("Title of the screening guide.",)})

# The top-level sections of a guide file and the places they list.
_SECTIONS: dict[str, _Place] = {
    "modules": _Place(
        "module",
        {
            "title": ("Title of the module {id}.",),
            "intro": ("Introduction to the module {id}, before its questions: {audience}.",),
        },
        _audience,
        (("questions", _QUESTION),),
        known_as="module",
    ),
    "indicators": _Place(
        "indicator",
        {"label": ("Indicator {id} (element {element}), listed in the result with its reasons.",)},
        lambda fields: {"element": _scalar(fields, "element") or "?"},
    ),
    "elements": _Place(
        "element",
        {
            "label": ("Element {id}: one dimension of trafficking that the result lists.",),
            "description": ("What the element {id} means, for the officer.",),
        },
    ),
    "verdicts": _Place(
        "verdict",
        {
            "title": ("Result {id}: title.",),
            "explanation": ("Result {id}: what it means and what it does not mean.",),
            "basis": ("Result {id}: its legal or professional basis (keep article numbers).",),
        },
    ),
    # Derived names written as a mapping are terms, with words of their own.
    "derived": _Place(
        "term",
        {
            "label": ("Legal or guide term {id}: its name, shown among the reasons.",),
            "explanation": ("Legal or guide term {id}: what it means, for the officer.",),
            "basis": ("Legal or guide term {id}: its basis (keep article numbers).",),
        },
        listed="mapping",
    ),
    "referrals": _Place(None, inside=(("steps", _STEP),)),
    "contacts": _Place(
        "contact",
        {
            "name": ("Name of the contact {id}.",),
            "hours": ("When the contact {id} can be reached.",),
            "note": ("Note on the contact {id}.",),
        },
    ),
}


def _entries(node: _Node | None, place: _Place) -> Iterator[tuple[str, dict[str, _Node]]]:
    """(id, fields) of each entry of `place` listed at `node`; an entry without an id has
    no place to be looked up by (the loader reports it). A referral rule's id is ""."""
    if node is None:
        return
    if isinstance(node.value, dict) and place.listed != "list":
        for key, value in _mapping(node).items():
            yield key, _mapping(value)
    elif isinstance(node.value, list) and place.listed != "mapping":
        for fields in _items(node):
            entry_id = _scalar(fields, "id") if place.kind is not None else ""
            if entry_id is not None and (entry_id or place.kind is None):
                yield entry_id, fields


def _comment(template: str, facts: Facts) -> str | None:
    """The template filled in, or None when it names a fact this place does not have."""
    names = [name for _, name, _, _ in Formatter().parse(template) if name]
    if any(facts.get(name) is None for name in names):
        return None
    return template.format(**facts)


def _walk(
    place: _Place, ids: tuple[str, ...], fields: Mapping[str, _Node], facts: Facts, texts: _Texts
) -> None:
    """The texts of one place (`ids`: its context ids), then those of the places inside."""
    facts = {**facts, "id": ids[-1] if ids else None, **place.facts(fields)}
    if place.kind is not None:
        for name, templates in place.comments.items():
            comments = [c for c in (_comment(t, facts) for t in templates) if c is not None]
            texts.add(fields.get(name), context(place.kind, *ids, field=name), comments)
    if place.known_as:
        facts[place.known_as] = ids[-1]
    for key, inner in place.inside:
        for entry_id, entry in _entries(fields.get(key), inner):
            inner_ids = (*ids, entry_id) if inner.nested_ids else (entry_id,) if entry_id else ()
            _walk(inner, inner_ids, entry, facts, texts)


def guide_texts(source: str | bytes, file: str = "<yaml>") -> list[GuideText]:
    """(line, context, text, comments) of every translatable text in one YAML file.

    Raises NotReadable when the loader's reader refuses the file (not YAML, duplicate key,
    anchor, tag, too large): its texts would not reach the officer either.
    """
    raw = source.encode("utf-8") if isinstance(source, str) else source
    parsed = parse_yaml(raw, file)
    if not parsed.ok:
        first = next(d for d in parsed.diagnostics if d.severity is Severity.ERROR)
        raise NotReadable(first.line, f"{first.code} {first.message}")
    texts = _Texts(parsed)
    for section, node in _mapping(_Node(parsed.data, ())).items():
        if section == "guide":
            _walk(_GUIDE, (), _mapping(node), {}, texts)
        elif section in _SECTIONS:
            for entry_id, entry in _entries(node, _SECTIONS[section]):
                _walk(_SECTIONS[section], (entry_id,) if entry_id else (), entry, {}, texts)
    return texts.found


def extract_dalil_yaml(
    fileobj: BinaryIO,
    keywords: Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[Extracted]:
    """Babel extraction method: yields (lineno, funcname, (context, message), comments)."""
    filename = getattr(fileobj, "name", "<yaml>")
    if _CONTEXT_KEYWORD not in keywords:
        sys.stderr.write(
            f"{filename}: the dalil_yaml extractor needs the keyword {_CONTEXT_KEYWORD!r} "
            "(do not use --no-default-keywords)\n"
        )
        return
    try:
        found = guide_texts(fileobj.read(), filename)
    except NotReadable as error:
        sys.stderr.write(
            f"{filename}:{error.line}: not a readable guide file, no text extracted: "
            f"{error.problem} (run dalil validate)\n"
        )
        return
    for number, place, text, comments in found:
        yield number, _CONTEXT_KEYWORD, (place, text), comments
