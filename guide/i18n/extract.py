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
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, BinaryIO

from guide.core.text_context import context
from guide.loader.diagnostics import Severity
from guide.loader.yamlio import ParsedFile, parse_yaml

# Babel maps the `pgettext` keyword (present in its default keywords) to (context, message).
_CONTEXT_KEYWORD = "pgettext"

Extracted = tuple[int, str, tuple[str, str], list[str]]
GuideText = tuple[int, str, str, list[str]]  # line, context, source text, comments


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


def _guide(node: _Node, texts: _Texts) -> None:
    texts.add(
        _mapping(node).get("title"),
        context("guide", field="title"),
        ["Title of the screening guide."],
    )


def _modules(node: _Node, texts: _Texts) -> None:
    for module in _items(node):
        mid = _scalar(module, "id")
        if not mid:
            continue
        texts.add(
            module.get("title"),
            context("module", mid, field="title"),
            [f"Title of the module {mid}."],
        )
        audience = (
            "an instruction to the officer, shown in the officer's language only"
            if _scalar(module, "intro_for") == "officer"
            else "read aloud to the person"
        )
        texts.add(
            module.get("intro"),
            context("module", mid, field="intro"),
            [f"Introduction to the module {mid}, before its questions: {audience}."],
        )
        for question in _items(module.get("questions")):
            _question(question, mid, texts)


def _question(question: dict[str, _Node], module_id: str, texts: _Texts) -> None:
    qid = _scalar(question, "id")
    if not qid:
        return
    text = _scalar(question, "text") or ""
    guidance = _scalar(question, "guidance")
    observe = _scalar(question, "kind") == "observe"
    how = (
        "The officer's own observation; not read aloud."
        if observe
        else "Read aloud to the person, as one would say it."
    )
    comments = [f"Question {qid} (module {module_id}). {how}"]
    if guidance:
        comments.append(f"Officer guidance: {_oneline(guidance)}")
    texts.add(question.get("text"), context("question", qid, field="text"), comments)
    texts.add(
        question.get("guidance"),
        context("question", qid, field="guidance"),
        [f"Guidance for the officer on how to ask the question {qid}: {_oneline(text)}"],
    )
    texts.add(
        question.get("unit"),
        context("question", qid, field="unit"),
        [f"Unit of the number answered to: {_oneline(text)}"],
    )
    answers = question.get("answers")
    about = f"Answer to the question {qid}: {_oneline(text)}"
    if answers is not None and isinstance(answers.value, list):
        for answer in _items(answers):
            aid = _scalar(answer, "id")
            if aid:
                _answer(answer, qid, aid, about, texts)
    else:
        for aid, answer_node in _mapping(answers).items():
            _answer(_mapping(answer_node), qid, aid, about, texts)


def _answer(answer: dict[str, _Node], qid: str, aid: str, about: str, texts: _Texts) -> None:
    texts.add(answer.get("text"), context("answer", qid, aid, field="text"), [about])
    texts.add(
        answer.get("note"),
        context("answer", qid, aid, field="note"),
        [f"Note shown to the officer after the answer {aid!r}. {about}"],
    )


def _indicators(node: _Node, texts: _Texts) -> None:
    for indicator in _items(node):
        iid = _scalar(indicator, "id")
        if iid:
            element = _scalar(indicator, "element") or "?"
            texts.add(
                indicator.get("label"),
                context("indicator", iid, field="label"),
                [f"Indicator {iid} (element {element}), listed in the result with its reasons."],
            )


def _elements(node: _Node, texts: _Texts) -> None:
    for element in _items(node):
        eid = _scalar(element, "id")
        if eid:
            texts.add(
                element.get("label"),
                context("element", eid, field="label"),
                [f"Element {eid}: one dimension of trafficking that the result lists."],
            )
            texts.add(
                element.get("description"),
                context("element", eid, field="description"),
                [f"What the element {eid} means, for the officer."],
            )


def _verdicts(node: _Node, texts: _Texts) -> None:
    for verdict in _items(node):
        vid = _scalar(verdict, "id")
        if vid:
            texts.add(
                verdict.get("title"),
                context("verdict", vid, field="title"),
                [f"Result {vid}: title."],
            )
            texts.add(
                verdict.get("explanation"),
                context("verdict", vid, field="explanation"),
                [f"Result {vid}: what it means and what it does not mean."],
            )
            texts.add(
                verdict.get("basis"),
                context("verdict", vid, field="basis"),
                [f"Result {vid}: its legal or professional basis (keep article numbers)."],
            )


def _derived(node: _Node, texts: _Texts) -> None:
    """Derived names written as a mapping are terms, with words of their own."""
    for name, value in _mapping(node).items():
        fields = _mapping(value)
        texts.add(
            fields.get("label"),
            context("term", name, field="label"),
            [f"Legal or guide term {name}: its name, shown among the reasons."],
        )
        texts.add(
            fields.get("explanation"),
            context("term", name, field="explanation"),
            [f"Legal or guide term {name}: what it means, for the officer."],
        )
        texts.add(
            fields.get("basis"),
            context("term", name, field="basis"),
            [f"Legal or guide term {name}: its basis (keep article numbers)."],
        )


def _referrals(node: _Node, texts: _Texts) -> None:
    for rule in _items(node):
        for step in _items(rule.get("steps")):
            sid = _scalar(step, "id")
            if sid:
                urgency = _scalar(step, "urgency") or "?"
                texts.add(
                    step.get("text"),
                    context("step", sid, field="text"),
                    [f"Referral step {sid} (urgency: {urgency}); an instruction to the officer."],
                )
                texts.add(
                    step.get("basis"),
                    context("step", sid, field="basis"),
                    [
                        f"Referral step {sid}: its legal or professional basis "
                        "(keep article numbers)."
                    ],
                )


def _contacts(node: _Node, texts: _Texts) -> None:
    for contact in _items(node):
        cid = _scalar(contact, "id")
        if not cid:
            continue
        texts.add(
            contact.get("name"),
            context("contact", cid, field="name"),
            [f"Name of the contact {cid}."],
        )
        texts.add(
            contact.get("hours"),
            context("contact", cid, field="hours"),
            [f"When the contact {cid} can be reached."],
        )
        texts.add(
            contact.get("note"),
            context("contact", cid, field="note"),
            [f"Note on the contact {cid}."],
        )


_SECTIONS = {
    "guide": _guide,
    "modules": _modules,
    "indicators": _indicators,
    "elements": _elements,
    "verdicts": _verdicts,
    "derived": _derived,
    "referrals": _referrals,
    "contacts": _contacts,
}


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
        walker = _SECTIONS.get(section)
        if walker is not None:
            walker(node, texts)
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
