"""Small parsers for the graph outputs and shared paths for the trainer-tool tests."""

from __future__ import annotations

import re
from pathlib import Path

from guide.paths import default_guide_dir

from ..conftest import FIXTURES

MINI = FIXTURES / "mini"
COV = Path(__file__).parent / "fixtures" / "cov"
SHIPPED = default_guide_dir()

# --------------------------------------------------------------------------- Mermaid

_LABEL = r'"(?P<label>[^"]*)"'
_SHAPES = [
    (r"\(\(", r"\)\)"),
    (r"\(\[", r"\]\)"),
    (r"\[\[", r"\]\]"),
    (r"\{\{", r"\}\}"),
    (r"\[/", r"/\]"),
    (r"\[", r"\]"),
    (r"\{", r"\}"),
    (r">", r"\]"),
]
_ID = r"[A-Za-z][A-Za-z0-9_]*"
_NODE_RES = [re.compile(rf"^(?P<id>{_ID}){o}{_LABEL}{c}$") for o, c in _SHAPES]
_EDGE_RE = re.compile(rf"^(?P<src>{_ID}) (?P<arrow>-->|-\.->|==>)(?:\|{_LABEL}\|)? (?P<dst>{_ID})$")
_SUBGRAPH_RE = re.compile(rf'^subgraph (?P<id>{_ID})\["(?P<title>[^"]*)"\]$')
_ENTITY = re.compile(r"#(?:[0-9]+|[a-z]+);")
_MERMAID_RESERVED = {"end", "subgraph", "graph", "flowchart", "class", "classDef", "style"}
_NAMED = {"quot": '"', "lt": "<", "gt": ">", "amp": "&"}


def mermaid_decode(label: str) -> str:
    label = label.replace("<br>", "\n")

    def sub(m: re.Match[str]) -> str:
        body = m.group(0)[1:-1]
        return chr(int(body)) if body.isdigit() else _NAMED[body]

    return _ENTITY.sub(sub, label)


def check_mermaid_label(label: str) -> None:
    """Inside a quoted label: no raw quote (the regex ensures it), no raw < > except <br>,
    every # the start of an entity code, no raw newline."""
    rest = label.replace("<br>", "")
    assert "<" not in rest and ">" not in rest, label
    assert "\n" not in label
    assert "#" not in _ENTITY.sub("", rest), label


def parse_mermaid(
    text: str,
) -> tuple[dict[str, str], list[tuple[str, str, str, str]], dict[str, str]]:
    """Check the basic grammar line by line; return nodes (id -> decoded label), edges
    (src, arrow, label, dst) and subgraphs (id -> title)."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    body = [ln for ln in lines if not ln.startswith("%%")]
    assert body[0] == "flowchart TD", body[0]
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str, str]] = []
    subgraphs: dict[str, str] = {}
    depth = 0
    for line in body[1:]:
        if line == "end":
            depth -= 1
            assert depth >= 0, "end without subgraph"
            continue
        m = _SUBGRAPH_RE.match(line)
        if m:
            check_mermaid_label(m.group("title"))
            subgraphs[m.group("id")] = mermaid_decode(m.group("title"))
            depth += 1
            continue
        if line.startswith("classDef "):
            assert re.match(rf"^classDef {_ID} [a-z-]+:[^ ]+$", line), line
            continue
        if line.startswith("class "):
            m = re.match(rf"^class ((?:{_ID},)*{_ID}) ({_ID})$", line)
            assert m, line
            for nid in m.group(1).split(","):
                assert nid in nodes, f"class for unknown node {nid}"
            continue
        m = _EDGE_RE.match(line)
        if m:
            if m.group("label") is not None:
                check_mermaid_label(m.group("label"))
            edges.append(
                (
                    m.group("src"),
                    m.group("arrow"),
                    mermaid_decode(m.group("label") or ""),
                    m.group("dst"),
                )
            )
            continue
        for node_re in _NODE_RES:
            m = node_re.match(line)
            if m:
                assert m.group("id") not in _MERMAID_RESERVED
                assert m.group("id") not in nodes, f"node {m.group('id')} twice"
                check_mermaid_label(m.group("label"))
                nodes[m.group("id")] = mermaid_decode(m.group("label"))
                break
        else:
            raise AssertionError(f"not a Mermaid flowchart statement: {line!r}")
    assert depth == 0, "subgraph not closed"
    for src, _, _, dst in edges:
        assert (src in nodes or src in subgraphs) and dst in nodes, (src, dst)
    return nodes, edges, subgraphs


# --------------------------------------------------------------------------- DOT

_DOT_TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<arrow>->)|(?P<punct>[{}\[\];,=])|(?P<id>[A-Za-z_][A-Za-z0-9_.]*|-?[0-9.]+))',
    re.S,
)


def _dot_tokens(text: str) -> list[tuple[str, str]]:
    out = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _DOT_TOKEN.match(text, pos)
        assert m and m.end() > pos, f"cannot read DOT at {text[pos : pos + 40]!r}"
        pos = m.end()
        kind = m.lastgroup
        assert kind is not None
        value = m.group(kind)
        if kind == "str":
            # Graphviz's lexer: inside quotes only \" is an escape.
            value = value[1:-1].replace('\\"', '"')
        out.append((kind, value))
    return out


def dot_label(value: str) -> str:
    """Graphviz escString in a label: \\n \\l \\r break lines, \\\\ is a backslash."""
    out = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nlr" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def parse_dot(
    text: str,
) -> tuple[dict[str, dict[str, str]], list[tuple[str, str, dict[str, str]]], dict[str, str]]:
    """A small recursive-descent reader for the DOT subset Dalil writes (digraph, subgraphs,
    attribute statements, nodes and edges with attribute lists). Returns nodes, edges and
    cluster labels."""
    toks = _dot_tokens(text)
    i = 0
    nodes: dict[str, dict[str, str]] = {}
    edges: list[tuple[str, str, dict[str, str]]] = []
    clusters: dict[str, str] = {}

    def take(kind: str | None = None, value: str | None = None) -> str:
        nonlocal i
        assert i < len(toks), "unexpected end of DOT"
        k, v = toks[i]
        if kind is not None:
            assert k == kind, f"expected {kind}, got {k} {v!r}"
        if value is not None:
            assert v == value, f"expected {value!r}, got {v!r}"
        i += 1
        return v

    def peek() -> tuple[str, str] | None:
        return toks[i] if i < len(toks) else None

    def attrs() -> dict[str, str]:
        out: dict[str, str] = {}
        take("punct", "[")
        while peek() != ("punct", "]"):
            name = take()
            take("punct", "=")
            out[name] = take()
            if peek() == ("punct", ","):
                take()
        take("punct", "]")
        return out

    def stmts(cluster: str | None) -> None:
        take("punct", "{")
        while peek() != ("punct", "}"):
            k, v = toks[i]
            if k == "id" and v == "subgraph":
                take()
                name = take()
                stmts(name)
            elif k == "id" and v in ("node", "edge", "graph"):
                take()
                attrs()
            else:
                first = take()
                nk = peek()
                if nk == ("punct", "="):
                    take()
                    value = take()
                    if first == "label" and cluster is not None:
                        clusters[cluster] = dot_label(value)
                elif nk is not None and nk[0] == "arrow":
                    take()
                    second = take()
                    a = attrs() if peek() == ("punct", "[") else {}
                    edges.append((first, second, a))
                else:
                    a = attrs() if peek() == ("punct", "[") else {}
                    assert first not in nodes, f"node {first} twice"
                    nodes[first] = a
            if peek() == ("punct", ";"):
                take()
        take("punct", "}")

    take("id", "digraph")
    if peek() and peek()[0] in ("str", "id"):  # type: ignore[index]
        take()
    stmts(None)
    assert i == len(toks), "text after the graph"
    for src, dst, _ in edges:
        assert src in nodes and dst in nodes, (src, dst)
    return nodes, edges, clusters
