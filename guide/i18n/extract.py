"""Babel extractor for the indicator YAML: every text a person reads, with its place.

Registered as the Babel extraction method `dalil_yaml` (entry point group
`babel.extractors`), so `pybabel extract -F locales/babel.cfg -o locales/guide.pot indicators`
works. Each message has:

- context (msgctxt): the stable id of the text's place, e.g. `question.age_band.text`
  (the list is in docs/architecture.md); the run time looks texts up by the same id;
- message id: the source text as written in the YAML;
- reference: the YAML file and the line of the text;
- a translator comment: the officer guidance for a question, otherwise what the text is.

The YAML is read as a node tree (`yaml.compose`), which keeps line numbers and leaves every
scalar as written, so `yes:` stays the answer id "yes". Scenarios are for trainers and are
not translated.
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterator, Mapping
from typing import Any, BinaryIO

import yaml

# Babel maps the `pgettext` keyword (present in its default keywords) to (context, message).
_CONTEXT_KEYWORD = "pgettext"

Extracted = tuple[int, str, tuple[str, str], list[str]]
GuideText = tuple[int, str, str, list[str]]  # line, context, source text, comments


class _Texts:
    """Collects (line, context, text, comments) while walking the node tree."""

    def __init__(self) -> None:
        self.found: list[GuideText] = []

    def add(self, node: yaml.Node | None, context: str, comments: list[str]) -> None:
        # Outer whitespace (the newline a `|` block keeps) is not part of the text; the run
        # time strips it the same way before looking a text up.
        if isinstance(node, yaml.ScalarNode) and node.value.strip():
            self.found.append((node.start_mark.line + 1, context, node.value.strip(), comments))


def _mapping(node: yaml.Node | None) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _items(node: yaml.Node | None) -> list[dict[str, yaml.Node]]:
    if not isinstance(node, yaml.SequenceNode):
        return []
    return [_mapping(item) for item in node.value]


def _scalar(fields: Mapping[str, yaml.Node], key: str) -> str | None:
    node = fields.get(key)
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _oneline(text: str) -> str:
    return " ".join(text.split())


def _guide(node: yaml.Node, texts: _Texts) -> None:
    texts.add(_mapping(node).get("title"), "guide.title", ["Title of the screening guide."])


def _modules(node: yaml.Node, texts: _Texts) -> None:
    for module in _items(node):
        mid = _scalar(module, "id")
        if not mid:
            continue
        texts.add(module.get("title"), f"module.{mid}.title", [f"Title of the module {mid}."])
        audience = (
            "an instruction to the officer, shown in the officer's language only"
            if _scalar(module, "intro_for") == "officer"
            else "read aloud to the person"
        )
        texts.add(
            module.get("intro"),
            f"module.{mid}.intro",
            [f"Introduction to the module {mid}, before its questions: {audience}."],
        )
        for question in _items(module.get("questions")):
            _question(question, mid, texts)


def _question(question: dict[str, yaml.Node], module_id: str, texts: _Texts) -> None:
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
    texts.add(question.get("text"), f"question.{qid}.text", comments)
    texts.add(
        question.get("guidance"),
        f"question.{qid}.guidance",
        [f"Guidance for the officer on how to ask the question {qid}: {_oneline(text)}"],
    )
    texts.add(
        question.get("unit"),
        f"question.{qid}.unit",
        [f"Unit of the number answered to: {_oneline(text)}"],
    )
    answers = question.get("answers")
    about = f"Answer to the question {qid}: {_oneline(text)}"
    if isinstance(answers, yaml.SequenceNode):
        for answer in _items(answers):
            aid = _scalar(answer, "id")
            if aid:
                _answer(answer, qid, aid, about, texts)
    else:
        for aid, answer_node in _mapping(answers).items():
            _answer(_mapping(answer_node), qid, aid, about, texts)


def _answer(answer: dict[str, yaml.Node], qid: str, aid: str, about: str, texts: _Texts) -> None:
    texts.add(answer.get("text"), f"answer.{qid}.{aid}.text", [about])
    texts.add(
        answer.get("note"),
        f"answer.{qid}.{aid}.note",
        [f"Note shown to the officer after the answer {aid!r}. {about}"],
    )


def _indicators(node: yaml.Node, texts: _Texts) -> None:
    for indicator in _items(node):
        iid = _scalar(indicator, "id")
        if iid:
            element = _scalar(indicator, "element") or "?"
            texts.add(
                indicator.get("label"),
                f"indicator.{iid}.label",
                [f"Indicator {iid} (element {element}), listed in the result with its reasons."],
            )


def _elements(node: yaml.Node, texts: _Texts) -> None:
    for element in _items(node):
        eid = _scalar(element, "id")
        if eid:
            texts.add(
                element.get("label"),
                f"element.{eid}.label",
                [f"Element {eid}: one dimension of trafficking that the result lists."],
            )
            texts.add(
                element.get("description"),
                f"element.{eid}.description",
                [f"What the element {eid} means, for the officer."],
            )


def _verdicts(node: yaml.Node, texts: _Texts) -> None:
    for verdict in _items(node):
        vid = _scalar(verdict, "id")
        if vid:
            texts.add(verdict.get("title"), f"verdict.{vid}.title", [f"Result {vid}: title."])
            texts.add(
                verdict.get("explanation"),
                f"verdict.{vid}.explanation",
                [f"Result {vid}: what it means and what it does not mean."],
            )
            texts.add(
                verdict.get("basis"),
                f"verdict.{vid}.basis",
                [f"Result {vid}: its legal or professional basis (keep article numbers)."],
            )


def _derived(node: yaml.Node, texts: _Texts) -> None:
    """Derived names written as a mapping are terms, with words of their own."""
    for name, value in _mapping(node).items():
        fields = _mapping(value) if isinstance(value, yaml.MappingNode) else {}
        texts.add(
            fields.get("label"),
            f"term.{name}.label",
            [f"Legal or guide term {name}: its name, shown among the reasons."],
        )
        texts.add(
            fields.get("explanation"),
            f"term.{name}.explanation",
            [f"Legal or guide term {name}: what it means, for the officer."],
        )
        texts.add(
            fields.get("basis"),
            f"term.{name}.basis",
            [f"Legal or guide term {name}: its basis (keep article numbers)."],
        )


def _referrals(node: yaml.Node, texts: _Texts) -> None:
    for rule in _items(node):
        for step in _items(rule.get("steps")):
            sid = _scalar(step, "id")
            if sid:
                urgency = _scalar(step, "urgency") or "?"
                texts.add(
                    step.get("text"),
                    f"step.{sid}.text",
                    [f"Referral step {sid} (urgency: {urgency}); an instruction to the officer."],
                )
                texts.add(
                    step.get("basis"),
                    f"step.{sid}.basis",
                    [
                        f"Referral step {sid}: its legal or professional basis "
                        "(keep article numbers)."
                    ],
                )


def _contacts(node: yaml.Node, texts: _Texts) -> None:
    for contact in _items(node):
        cid = _scalar(contact, "id")
        if not cid:
            continue
        texts.add(contact.get("name"), f"contact.{cid}.name", [f"Name of the contact {cid}."])
        texts.add(
            contact.get("hours"),
            f"contact.{cid}.hours",
            [f"When the contact {cid} can be reached."],
        )
        texts.add(contact.get("note"), f"contact.{cid}.note", [f"Note on the contact {cid}."])


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


def _loader_class() -> type:
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def guide_texts(source: str | bytes) -> list[GuideText]:
    """(line, context, text, comments) of every translatable text in one YAML file.

    Raises yaml.YAMLError on a file that is not YAML.
    """
    root = yaml.compose(source, Loader=_loader_class())
    texts = _Texts()
    for section, node in _mapping(root).items():
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
        found = guide_texts(fileobj.read())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or error
        sys.stderr.write(f"{filename}{line}: not valid YAML, no text extracted: {problem}\n")
        return
    for number, context, text, comments in found:
        yield number, _CONTEXT_KEYWORD, (context, text), comments
