"""The guide as a graph: the interview's flow and what feeds what, for trainers to read.

Nodes are the guide's questions (grouped by module), derived names, indicators, elements,
verdicts, referral rules and steps, plus `start`, `end` and `emergency`. Edges:

- `next`    question → question in interview order; labelled `if <condition>` when the target
            is conditional, with an `else` edge that bypasses it;
- `raises`  question → indicator, labelled with the answer (or the number rule);
- `urgent`  question → emergency, labelled with the urgent answer;
- `feeds`   indicator → element, labelled with the strength;
- `uses`    a name → the derived name, verdict or referral rule whose condition uses it;
- `adds`    referral rule → step, labelled with the urgency;
- `otherwise` verdict → the next verdict, tried when this one does not hold.

The labels speak the command line's language (`--lang`): the guide's texts through its
catalogs, the map's own words through the interface catalog; ids, conditions and answer ids
stay as the guide writes them, since they are what a trainer edits.

Two renderers (Mermaid and Graphviz DOT) escape every label for their syntax. Two views keep
big guides readable: one module with what it feeds (`only_module`) and modules collapsed into
single nodes with indicators folded into their elements (`collapse`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

from guide.core.conditions import Condition
from guide.core.model import Guide, Module, Question
from guide.core.text_context import context
from guide.i18n import _, content, ngettext, pgettext
from guide.i18n.lazy import N_, lazy

WRAP = 30
MAX_LINES = 3


@dataclass(frozen=True)
class Node:
    key: str  # "<kind>:<id>", unique in the graph
    kind: str
    id: str
    lines: tuple[str, ...]  # the label, one entry per line
    group: str | None = None  # module id of a question: drawn inside the module's box
    external: bool = False  # shown for context only (another module, in a --module view)


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str  # next | else | raises | urgent | feeds | uses | adds
    label: str = ""


@dataclass
class GuideGraph:
    """Nodes and edges in insertion order. Every operation is constant time per node or
    edge (the edge set and the index by source are kept beside the list), so building
    the graph and its views is linear in the guide's size."""

    title: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    groups: dict[str, str] = field(default_factory=dict)  # module id -> title, in order
    module_conditions: dict[str, str] = field(default_factory=dict)  # module id -> its `when`
    _edge_set: set[Edge] = field(default_factory=set, repr=False, compare=False)
    _by_source: dict[str, list[Edge]] = field(default_factory=dict, repr=False, compare=False)

    def add_node(self, node: Node) -> None:
        self.nodes.setdefault(node.key, node)

    def add_edge(self, source: str, target: str, kind: str, label: str = "") -> None:
        if source != target:
            self.append_edge(Edge(source, target, kind, label))

    def append_edge(self, edge: Edge) -> None:
        """Adds `edge` unless the same edge (ends, kind and label) is already there."""
        if edge not in self._edge_set:
            self._edge_set.add(edge)
            self.edges.append(edge)
            self._by_source.setdefault(edge.source, []).append(edge)

    def outgoing(self, key: str) -> list[Edge]:
        return list(self._by_source.get(key, ()))


def key(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def _wrap(text: str, width: int = WRAP) -> list[str]:
    lines = textwrap.wrap(" ".join(text.split()), width) or [""]
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], lines[MAX_LINES - 1][: width - 1] + "…"]
    return lines


def _condition_text(cond: Condition | None) -> str:
    return " ".join(cond.source.split()) if cond is not None else ""


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text(kind: str, ident: str | None, field_name: str, source: str) -> str:
    """A text of the guide in the current language (its source text where untranslated)."""
    if not source:
        return source
    ids = () if ident is None else (ident,)
    return content(context(kind, *ids, field=field_name), source)


def _if(condition: str) -> str:
    return _("if {condition}").format(condition=condition)


def question_condition(module: Module, q: Question, first_in_module: bool) -> str:
    """The condition written on the arrow into q: its own, and its module's at the entry."""
    parts = []
    if first_in_module and module.when is not None:
        parts.append(
            _("module {module}: {condition}").format(
                module=module.id, condition=_condition_text(module.when)
            )
        )
    if q.when is not None:
        parts.append(_condition_text(q.when))
    return " and ".join(f"({p})" if len(parts) > 1 else p for p in parts)


def answer_labels(q: Question) -> list[tuple[str, tuple[str, ...], bool]]:
    """(answer label, indicators raised, urgent?) for every answer that raises or is urgent."""
    out: list[tuple[str, tuple[str, ...], bool]] = []
    for opt in q.options:
        if opt.raises or opt.urgent:
            out.append((opt.id, opt.raises, opt.urgent))
    for rule in q.number_rules:
        out.append((_condition_text(rule.when), rule.raises, rule.urgent))
    return out


def build_graph(guide: Guide) -> GuideGraph:
    g = GuideGraph(_text("guide", None, "title", guide.title))
    g.add_node(Node(key("start", "start"), "start", "start", (pgettext("graph", "start"),)))
    for m in guide.modules:
        title = _text("module", m.id, "title", m.title)
        if m.when:
            title = _("{title} (if {condition})").format(
                title=title, condition=_short(_condition_text(m.when), 40)
            )
        g.groups[m.id] = title
        if m.when is not None:
            g.module_conditions[m.id] = _condition_text(m.when)
        for q in m.questions:
            lines = [q.id, *_wrap(_text("question", q.id, "text", q.text))]
            if q.kind == "observe":
                lines[0] = _("{question} (observe)").format(question=lines[0])
            g.add_node(Node(key("question", q.id), "question", q.id, tuple(lines), m.id))
    g.add_node(Node(key("end", "end"), "end", "end", (_("end of interview"),)))
    _flow_edges(g, guide)

    for iid, ind in guide.indicators.items():
        label = _text("indicator", iid, "label", ind.label)
        g.add_node(Node(key("indicator", iid), "indicator", iid, (iid, *_wrap(label))))
    for eid, el in guide.elements.items():
        g.add_node(
            Node(
                key("element", eid),
                "element",
                eid,
                (
                    eid,
                    *_wrap(_text("element", eid, "label", el.label)),
                    _short(_("present if {rule}").format(rule=el.present_when.source), 40),
                ),
            )
        )
    for name, cond in guide.derived.items():
        g.add_node(
            Node(key("derived", name), "derived", name, (name, _short(_condition_text(cond), 40)))
        )
    for n, v in enumerate(guide.verdicts, start=1):
        g.add_node(
            Node(
                key("verdict", v.id),
                "verdict",
                v.id,
                (f"{n}. {v.id} ({v.level})", *_wrap(_text("verdict", v.id, "title", v.title))),
            )
        )
    for r in guide.referrals:
        applies = _if(_condition_text(r.when)) if r.when is not None else _("applies always")
        g.add_node(Node(key("rule", r.id), "rule", r.id, (r.id, _short(applies, 40))))
    for sid, step in guide.steps.items():
        lines = [f"{sid} [{step.urgency}]", *_wrap(_text("step", sid, "text", step.text))]
        if step.contacts:
            lines.append(_short(_contacts(step.contacts), 40))
        g.add_node(Node(key("step", sid), "step", sid, tuple(lines)))

    emergency = key("emergency", "emergency")
    for q in guide.questions:
        for label, raises, urgent in answer_labels(q):
            for iid in raises:
                g.add_edge(key("question", q.id), key("indicator", iid), "raises", label)
            if urgent:
                if emergency not in g.nodes:
                    g.add_node(
                        Node(
                            emergency,
                            "emergency",
                            "emergency",
                            (_("EMERGENCY steps"), _short(_contacts(guide.emergency_contacts), 40)),
                        )
                    )
                g.add_edge(key("question", q.id), emergency, "urgent", label)
    for iid, ind in guide.indicators.items():
        strength = (
            ind.adult
            if ind.adult == ind.child
            else _("adult {adult}, child {child}").format(adult=ind.adult, child=ind.child)
        )
        g.add_edge(key("indicator", iid), key("element", ind.element), "feeds", strength)
    for name, cond in guide.derived.items():
        for src in _sources(guide, cond):
            g.add_edge(src, key("derived", name), "uses")
    for v in guide.verdicts:
        if v.when is not None:
            for src in _sources(guide, v.when):
                g.add_edge(src, key("verdict", v.id), "uses")
    for before, after in zip(guide.verdicts, guide.verdicts[1:], strict=False):
        # The verdicts are tried in order: the next one is tried when this one does not hold.
        g.add_edge(
            key("verdict", before.id),
            key("verdict", after.id),
            "otherwise",
            pgettext("graph", "else"),
        )
    for r in guide.referrals:
        if r.when is not None:
            for src in _sources(guide, r.when):
                g.add_edge(src, key("rule", r.id), "uses")
        for sid in r.steps:
            g.add_edge(key("rule", r.id), key("step", sid), "adds", guide.steps[sid].urgency)
    return g


def _contacts(ids: Iterable[str]) -> str:
    listed = ", ".join(ids)
    return (
        _("contacts: {contacts}").format(contacts=listed) if listed else _("contacts: none listed")
    )


def _sources(guide: Guide, cond: Condition) -> list[str]:
    """The node keys a condition reads: questions, derived names, indicators, elements, and
    for `verdict == "x"` the verdict x (every verdict when compared otherwise)."""
    out: list[str] = []
    for name in read_names(guide, cond):
        kind = guide.name_kinds.get(name)
        if kind is not None:
            out.append(key(kind, name))
        elif name == "verdict":
            named = [lit for n, lit, _ in cond.compared if n == "verdict"]
            ids = [v.id for v in guide.verdicts]
            known = set(ids)
            out.extend(key("verdict", v) for v in (named or ids) if v in known)
    return out


def read_names(guide: Guide, cond: Condition) -> list[str]:
    """Every name a condition reads, with the elements counted by raised_in() (all of them
    for a bare raised_in())."""
    names = set(cond.names)
    counted = getattr(cond, "raised_in", ())
    names.update(element for element, _ in counted)
    if "raised_in" in getattr(cond, "calls", ()) and not counted:
        names.update(guide.elements)
    return sorted(names)


def _flow_edges(g: GuideGraph, guide: Guide) -> None:
    """Interview order: an `if` edge into each conditional question and an `else` edge
    past it; a module with a condition is entered by `if` and bypassed by `else`."""
    seq: list[tuple[str, str]] = []  # (question key, condition on entering it)
    module_after: dict[int, int] = {}  # index of a module's first question -> index after it
    for m in guide.modules:
        start = len(seq)
        for n, q in enumerate(m.questions):
            seq.append((key("question", q.id), question_condition(m, q, n == 0)))
        if m.when is not None and m.questions:
            module_after[start] = len(seq)
    targets = [*(k for k, _cond in seq), key("end", "end")]
    conditions = [c for _key, c in seq] + [""]
    previous = key("start", "start")
    for i, target in enumerate(targets):
        cond = conditions[i]
        g.add_edge(previous, target, "next", _if(_short(cond)) if cond else "")
        if cond:
            own_when = guide.question(target.split(":", 1)[1]).when if i < len(seq) else None
            if i in module_after:  # the module's condition fails: past the whole module
                g.add_edge(
                    previous,
                    targets[module_after[i]],
                    "else",
                    pgettext("graph", "else (skip module)"),
                )
            if i not in module_after or own_when is not None:
                g.add_edge(previous, targets[i + 1], "else", pgettext("graph", "else"))
        previous = target


# --------------------------------------------------------------------------- views


def module_view(g: GuideGraph, module_id: str) -> GuideGraph:
    """One module: its questions (their conditions on the arrows), the questions just
    before and after it (as context), and everything its answers feed, down to the steps."""
    own = {k for k, n in g.nodes.items() if n.kind == "question" and n.group == module_id}
    keep = set(own)
    for e in g.edges:
        if e.kind in ("next", "else") and (e.source in own) != (e.target in own):
            keep.update((e.source, e.target))
    # Downstream of the module's answers: indicators, elements, derived, verdicts, rules...
    frontier = list(own)
    while frontier:
        current = frontier.pop()
        for e in g.outgoing(current):
            if e.kind in ("next", "else", "otherwise"):
                continue
            if e.target not in keep:
                keep.add(e.target)
                frontier.append(e.target)
    view = GuideGraph(_("{title} — module {module}").format(title=g.title, module=module_id))
    view.groups = {module_id: g.groups[module_id]}
    for k, n in g.nodes.items():
        if k in keep:
            context = n.kind == "question" and k not in own
            view.add_node(Node(n.key, n.kind, n.id, n.lines, None if context else n.group, context))
    for e in g.edges:
        if e.source in keep and e.target in keep:
            if e.kind in ("next", "else") and e.source not in own and e.target not in own:
                continue
            # Context nodes feed derived names etc. too; show only the module's own feeding.
            if e.kind not in ("next", "else") and view.nodes[e.source].external:
                continue
            view.append_edge(e)
    return view


def collapsed_view(g: GuideGraph) -> GuideGraph:
    """Each module one node; indicators folded into their elements. Parallel edges merge,
    their labels joined (with a count when there are many)."""
    element_of = {
        e.source: e.target
        for e in g.edges
        if e.kind == "feeds" and e.source.startswith("indicator:")
    }
    view = GuideGraph(_("{title} — modules collapsed").format(title=g.title))

    def mapped(k: str) -> str:
        n = g.nodes[k]
        if n.kind == "question" and n.group:
            return key("module", n.group)
        if n.kind == "indicator":
            return element_of.get(k, k)
        return k

    counts: dict[str, int] = {}
    for n in g.nodes.values():
        if n.kind == "question" and n.group:
            counts[n.group] = counts.get(n.group, 0) + 1
    for k, n in g.nodes.items():
        m = mapped(k)
        if m in view.nodes:
            continue
        if m.startswith("module:"):
            mid = m.split(":", 1)[1]
            title = g.groups[mid]
            n_questions = counts[mid]
            count = ngettext("{n} question", "{n} questions", n_questions).format(n=n_questions)
            lines = (mid, *_wrap(title), count)
            view.add_node(Node(m, "module", mid, lines))
        elif m == k:
            view.add_node(n)
    _collapsed_flow(view, g)
    merged: dict[tuple[str, str, str], list[str]] = {}
    for e in g.edges:
        s, t = mapped(e.source), mapped(e.target)
        if s == t or e.kind in ("feeds", "next", "else"):
            continue
        kind = "raises" if e.kind == "raises" else e.kind
        label = e.label
        if e.kind == "raises":
            label = f"{g.nodes[e.source].id}={e.label}"
        merged.setdefault((s, t, kind), [])
        if label and label not in merged[(s, t, kind)]:
            merged[(s, t, kind)].append(label)
    for (s, t, kind), labels in merged.items():
        if kind == "raises":
            text = (
                ngettext("{n} answer", "{n} answers", len(labels)).format(n=len(labels))
                if len(labels) > 2
                else ", ".join(labels)
            )
        else:
            text = _short(" / ".join(labels), 60)
        view.add_edge(s, t, kind, text)
    return view


def _collapsed_flow(view: GuideGraph, g: GuideGraph) -> None:
    """Module to module in interview order; a conditional module is entered by `if` and
    bypassed by `else`."""
    order = [key("start", "start")]
    order += [key("module", m) for m in g.groups if key("module", m) in view.nodes]
    order.append(key("end", "end"))
    for i in range(1, len(order)):
        target = order[i]
        cond = g.module_conditions.get(target.split(":", 1)[1]) if i < len(order) - 1 else None
        view.add_edge(order[i - 1], target, "next", _if(_short(cond)) if cond else "")
        if cond:
            view.add_edge(order[i - 1], order[i + 1], "else", pgettext("graph", "else"))


# --------------------------------------------------------------------------- Mermaid

_MERMAID_SHAPES = {
    "start": ('(("', '"))'),
    "end": ('(("', '"))'),
    "module": ('["', '"]'),
    "question": ('["', '"]'),
    "emergency": ('{{"', '"}}'),
    "derived": ('{{"', '"}}'),
    "indicator": ('(["', '"])'),
    "element": ('[["', '"]]'),
    "verdict": ('{"', '"}'),
    "rule": ('[/"', '"/]'),
    "step": ('>"', '"]'),
}
_MERMAID_ARROWS = {
    "next": "-->",
    "else": "-.->",
    "otherwise": "-.->",
    "raises": "-->",
    "urgent": "==>",
    "feeds": "-->",
    "uses": "-.->",
    "adds": "-->",
}
_MERMAID_STYLES = {
    "start": "fill:#eeeeee,stroke:#555555",
    "end": "fill:#eeeeee,stroke:#555555",
    "module": "fill:#e8f0fe,stroke:#3367d6",
    "question": "fill:#e8f0fe,stroke:#3367d6",
    "emergency": "fill:#fde0dc,stroke:#c5221f,stroke-width:3px",
    "derived": "fill:#f3e8fd,stroke:#8430ce",
    "indicator": "fill:#fef7e0,stroke:#b06000",
    "element": "fill:#fce8b2,stroke:#b06000",
    "verdict": "fill:#e6f4ea,stroke:#137333",
    "rule": "fill:#e0f7fa,stroke:#007b83",
    "step": "fill:#e0f7fa,stroke:#007b83",
    "external": "fill:#ffffff,stroke:#999999,stroke-dasharray:4",
}
# Characters that would end or confuse a quoted Mermaid label; written as entity codes.
_MERMAID_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "|": "#124;",
    "`": "#96;",
    "[": "#91;",
    "]": "#93;",
    "{": "#123;",
    "}": "#125;",
    "\\": "#92;",
}


def mermaid_text(text: str) -> str:
    """A text made safe inside a Mermaid "quoted label" (entity codes; no raw newlines)."""
    text = " ".join(text.split())
    return "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in text)


# Short node ids keep a whole guide under Mermaid's default size limit; the labels carry
# the guide's ids. Prefixes avoid words Mermaid reserves ("end") and first letters it reads
# as arrow heads after a link ("o", "x").
_MERMAID_PREFIX = {
    "start": "begin",
    "end": "finish",
    "emergency": "sos",
    "module": "m",
    "question": "q",
    "derived": "d",
    "indicator": "i",
    "element": "e",
    "verdict": "v",
    "rule": "r",
    "step": "s",
}
# Mermaid's defaults (maxTextSize, maxEdges): a diagram over either is not drawn at all.
MERMAID_MAX_TEXT = 50_000
MERMAID_MAX_EDGES = 500


def mermaid_ids(g: GuideGraph) -> dict[str, str]:
    """Node key -> Mermaid node id (q1, i4...), in the graph's node order."""
    ids: dict[str, str] = {}
    counters: dict[str, int] = {}
    for k, n in g.nodes.items():
        prefix = _MERMAID_PREFIX[n.kind]
        if n.kind in ("start", "end", "emergency"):
            ids[k] = prefix
        else:
            counters[prefix] = counters.get(prefix, 0) + 1
            ids[k] = f"{prefix}{counters[prefix]}"
    return ids


def _by_module(g: GuideGraph) -> tuple[list[Node], dict[str, list[Node]]]:
    """The nodes drawn outside any module box, and those inside each module's box."""
    loose: list[Node] = []
    grouped: dict[str, list[Node]] = {}
    for n in g.nodes.values():
        if n.group and n.group in g.groups:
            grouped.setdefault(n.group, []).append(n)
        else:
            loose.append(n)
    return loose, grouped


def boxed_indicators(g: GuideGraph) -> dict[str, list[tuple[Node, str]]]:
    """Element key -> [(indicator node, its grade)] for the indicators Mermaid draws inside
    their element's box: the box and one arrow from it say what 64 `feeds` arrows said (the
    grade moves into the indicator's label), which keeps a whole guide under Mermaid's
    500-arrow default."""
    boxes: dict[str, list[tuple[Node, str]]] = {}
    for e in g.edges:
        if e.kind != "feeds" or e.target not in g.nodes or e.source not in g.nodes:
            continue
        source = g.nodes[e.source]
        if source.kind == "indicator" and not source.group:
            boxes.setdefault(e.target, []).append((source, e.label))
    return boxes


VERDICTS_BOX = "verdicts"


def mermaid_boxes(g: GuideGraph) -> dict[str, str]:
    """Node key -> the Mermaid id of the box it is drawn in: its module's (questions), its
    element's (indicators), or the verdicts' (two or more verdicts)."""
    ids = mermaid_ids(g)
    box: dict[str, str] = {}
    for element, members in boxed_indicators(g).items():
        for n, _label in members:
            box[n.key] = f"box_{ids[element]}"
    for n in g.nodes.values():
        if n.kind == "question" and n.group and n.group in g.groups:
            box[n.key] = f"module_{n.group}"
    verdicts = [n.key for n in g.nodes.values() if n.kind == "verdict" and not n.external]
    if len(verdicts) > 1:
        box.update(dict.fromkeys(verdicts, VERDICTS_BOX))
    return box


def mermaid_arrows(g: GuideGraph) -> list[Edge]:
    """The arrows to_mermaid draws; a source is a node key or a box's Mermaid id. Two rules
    keep a whole guide under Mermaid's 500-arrow default and say the same: an element's
    indicators are drawn in a box with one `feeds` arrow from it (each indicator's grade in
    its label); and the `uses` arrows from two or more members of one box (a module's
    questions, an element's indicators, the verdicts) to the same node are drawn once, from
    the box, labelled with the names it reads."""
    ids = mermaid_ids(g)
    boxes = boxed_indicators(g)
    box = mermaid_boxes(g)
    indicator_box = {n.key for members in boxes.values() for n, _ in members}
    readers: dict[tuple[str, str], list[str]] = {}
    for e in g.edges:
        where = box.get(e.source)
        if e.kind == "uses" and where is not None and box.get(e.target) != where:
            readers.setdefault((where, e.target), []).append(g.nodes[e.source].id)
    arrows: list[Edge] = []
    drawn: set[tuple[str, str]] = set()
    for e in g.edges:
        if e.kind == "feeds" and e.source in indicator_box:
            continue
        group = (box.get(e.source, ""), e.target)
        names = readers.get(group) if e.kind == "uses" else None
        if names is not None and len(names) > 1:
            if group not in drawn:  # where the first member's arrow was
                drawn.add(group)
                arrows.append(Edge(group[0], e.target, "uses", ", ".join(names)))
            continue
        arrows.append(e)
    arrows.extend(Edge(f"box_{ids[element]}", element, "feeds") for element in boxes)
    return arrows


def mermaid_edges(g: GuideGraph) -> list[Edge]:
    """The graph's edges that to_mermaid draws as they are, between two nodes."""
    return [e for e in mermaid_arrows(g) if e.source in g.nodes]


def to_mermaid(g: GuideGraph) -> str:
    # The comment goes after the header: some renderers want the diagram type first.
    out = ["flowchart TD", f"%% {' '.join(g.title.split())}"]
    ids = mermaid_ids(g)
    boxes = boxed_indicators(g)
    grade = {n.key: label for members in boxes.values() for n, label in members}
    in_verdicts = {k for k, b in mermaid_boxes(g).items() if b == VERDICTS_BOX}

    def node_line(n: Node) -> str:
        left, right = _MERMAID_SHAPES[n.kind]
        lines = list(n.lines)
        if n.key in grade:
            lines.append(_("grade: {grade}").format(grade=grade[n.key]) if grade[n.key] else "")
        label = "<br>".join(mermaid_text(line) for line in lines if line)
        return f"{ids[n.key]}{left}{label}{right}"

    loose, grouped = _by_module(g)
    # No indentation and `<br>` for a line break: the same picture in fewer characters, so
    # that a whole guide stays under Mermaid's 50,000 (MERMAID_MAX_TEXT).
    out.extend(node_line(n) for n in loose if n.key not in grade and n.key not in in_verdicts)
    for mid, title in g.groups.items():
        if mid not in grouped:
            continue
        out.append(f'subgraph module_{mid}["{mermaid_text(title)}"]')
        out.extend(node_line(n) for n in grouped[mid])
        out.append("end")
    for element, members in boxes.items():
        title = _("indicators of {element}").format(element=g.nodes[element].id)
        out.append(f'subgraph box_{ids[element]}["{mermaid_text(title)}"]')
        out.extend(node_line(n) for n, _ in members)
        out.append("end")
    if in_verdicts:
        title = _("verdicts, tried in order")
        out.append(f'subgraph {VERDICTS_BOX}["{mermaid_text(title)}"]')
        out.extend(node_line(n) for n in loose if n.key in in_verdicts)
        out.append("end")
    for e in mermaid_arrows(g):
        arrow = _MERMAID_ARROWS[e.kind]
        label = f'|"{mermaid_text(e.label)}"|' if e.label else ""
        out.append(f"{ids.get(e.source, e.source)} {arrow}{label} {ids[e.target]}")
    by_class: dict[str, list[str]] = {}
    for n in g.nodes.values():
        by_class.setdefault("external" if n.external else n.kind, []).append(ids[n.key])
    for cls, member_ids in by_class.items():
        out.append(f"classDef dalil_{cls} {_MERMAID_STYLES[cls]}")
        out.append(f"class {','.join(member_ids)} dalil_{cls}")
    return "\n".join(out) + "\n"


# Above this many arrows a whole-guide picture is hard to read (and slow to lay out).
BIG_GRAPH_EDGES = 400


def big_graph_note(g: GuideGraph) -> str:
    """A suggestion to draw a smaller view when the whole guide makes a big picture, else ''."""
    if len(g.edges) <= BIG_GRAPH_EDGES:
        return ""
    questions = sum(1 for n in g.nodes.values() if n.kind == "question")
    return lazy(
        N_(
            "Note: the whole guide makes {boxes} boxes and {arrows} arrows ({questions} "
            "questions). For a picture you can read at once, draw --collapse (one box per "
            "module) or --module M (one module and what it feeds)."
        ),
        boxes=str(len(g.nodes)),
        arrows=str(len(g.edges)),
        questions=str(questions),
    )


def mermaid_too_big(g: GuideGraph, text: str) -> str:
    """A note when Mermaid's default limits would refuse the diagram, else ''."""
    arrows = len(mermaid_arrows(g))
    if len(text) <= MERMAID_MAX_TEXT and arrows <= MERMAID_MAX_EDGES:
        return ""
    return lazy(
        N_(
            "Note: this diagram has {characters} characters and {arrows} arrows; Mermaid "
            "draws at most {max_characters} and {max_arrows} by default. Use --collapse or "
            "--module, or --format dot."
        ),
        characters=str(len(text)),
        arrows=str(arrows),
        max_characters=str(MERMAID_MAX_TEXT),
        max_arrows=str(MERMAID_MAX_EDGES),
    )


# --------------------------------------------------------------------------- DOT

_DOT_SHAPES = {
    "start": "circle",
    "end": "doublecircle",
    "module": "box3d",
    "question": "box",
    "emergency": "octagon",
    "derived": "hexagon",
    "indicator": "ellipse",
    "element": "component",
    "verdict": "diamond",
    "rule": "parallelogram",
    "step": "cds",
}
_DOT_FILLS = {
    "start": "#eeeeee",
    "end": "#eeeeee",
    "module": "#e8f0fe",
    "question": "#e8f0fe",
    "emergency": "#fde0dc",
    "derived": "#f3e8fd",
    "indicator": "#fef7e0",
    "element": "#fce8b2",
    "verdict": "#e6f4ea",
    "rule": "#e0f7fa",
    "step": "#e0f7fa",
}
_DOT_EDGE_STYLES = {
    "next": 'color="#3367d6"',
    "else": 'style=dashed, color="#3367d6"',
    "otherwise": 'style=dashed, color="#137333"',
    "raises": 'color="#b06000"',
    "urgent": 'color="#c5221f", penwidth=2.5',
    "feeds": 'color="#b06000"',
    "uses": 'style=dotted, color="#555555"',
    "adds": 'color="#007b83"',
}


def dot_quote(text: str) -> str:
    """A DOT double-quoted string; label escapes (\\n, \\l, \\N...) cannot sneak in."""
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    if text.endswith("\\"):
        # Graphviz reads \\" at the end as a backslash and an escaped quote: the string
        # would not end. A trailing space keeps the text and closes the string.
        text += " "
    return f'"{text}"'


def _dot_label(lines: Iterable[str]) -> str:
    # Join with an escaped newline after quoting each line, so only our \n is a line break.
    return '"' + "\\n".join(dot_quote(" ".join(x.split()))[1:-1] for x in lines) + '"'


def to_dot(g: GuideGraph) -> str:
    out = [
        f"digraph {dot_quote(g.title)} {{",
        '  charset="UTF-8";',
        "  rankdir=TB;",
        # Without newrank, Graphviz's dot fails on a whole guide ("trouble in init_rank").
        "  newrank=true;",
        # Layout hints: the interview is about 200 ranks deep, so every long arrow becomes a
        # chain of hidden nodes, and placing them (network simplex) was 94% of the time:
        # 4 s for the shipped guide. A bounded simplex and straight arrows keep the same
        # top-to-bottom picture; fewer crossing-reduction passes (mclimit) cost about 14%
        # more crossings and save another 0.4-0.7 s (docs/performance.md).
        "  nslimit=0.2;",
        "  mclimit=0.2;",
        "  splines=line;",
        '  node [fontname="Noto Sans", fontsize=10, style=filled, fillcolor="#ffffff"];',
        '  edge [fontname="Noto Sans", fontsize=9];',
    ]

    def node_line(n: Node) -> str:
        attrs = [f"label={_dot_label(n.lines)}", f"shape={_DOT_SHAPES[n.kind]}"]
        if n.external:
            attrs.append('style="dashed"')
        else:
            attrs.append(f'fillcolor="{_DOT_FILLS[n.kind]}"')
        return f"{dot_quote(n.key)} [{', '.join(attrs)}];"

    loose, grouped = _by_module(g)
    out.extend("  " + node_line(n) for n in loose)
    for mid, title in g.groups.items():
        if mid not in grouped:
            continue
        out.append(f"  subgraph {dot_quote('cluster_' + mid)} {{")
        out.append(f"    label={dot_quote(title)};")
        out.extend("    " + node_line(n) for n in grouped[mid])
        out.append("  }")
    for e in g.edges:
        attrs = [_DOT_EDGE_STYLES[e.kind]]
        if e.label:
            # xlabel: placed once the layout is done. A `label` is a hidden node half-way
            # along its arrow, which doubles the ranks and the hidden nodes to place.
            attrs.insert(0, f"xlabel={dot_quote(e.label)}")
        out.append(f"  {dot_quote(e.source)} -> {dot_quote(e.target)} [{', '.join(attrs)}];")
    out.append("}")
    return "\n".join(out) + "\n"


def render(g: GuideGraph, fmt: str) -> str:
    return to_mermaid(g) if fmt == "mermaid" else to_dot(g)


# --------------------------------------------------------------------------- who reads whom


@dataclass(frozen=True)
class ConditionUse:
    """A condition that reads a name: where it is and what it says."""

    kind: str  # question | module | derived | verdict | rule | scoring
    id: str
    source: str


def condition_users(guide: Guide) -> dict[str, list[ConditionUse]]:
    """For each name (question, derived, indicator, element, and `verdict:<id>`), every
    condition in the guide that reads it."""
    users: dict[str, list[ConditionUse]] = {}

    def note(cond: Condition | None, kind: str, ident: str) -> None:
        if cond is None:
            return
        use = ConditionUse(kind, ident, _condition_text(cond))
        for name in read_names(guide, cond):
            if name == "verdict":
                for src in _sources(guide, cond):
                    if src.startswith("verdict:"):
                        users.setdefault(src, []).append(use)
            else:
                users.setdefault(name, []).append(use)

    for m in guide.modules:
        note(m.when, "module", m.id)
        for q in m.questions:
            note(q.when, "question", q.id)
    for name, cond in guide.derived.items():
        note(cond, "derived", name)
    note(guide.child_when, "scoring", "child_when")
    for v in guide.verdicts:
        note(v.when, "verdict", v.id)
    for r in guide.referrals:
        note(r.when, "rule", r.id)
    return users
