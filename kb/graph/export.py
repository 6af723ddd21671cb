"""Exports of the graph: GraphML, GEXF, node-link JSON, Cytoscape.js JSON, Mermaid and DOT.

Every export is pure (graph in, text out) and byte-stable: nodes, edges and attributes are
written in sorted order, and nothing depends on the clock. GraphML and GEXF cannot hold lists,
so list-valued attributes (:data:`~kb.graph.build.LIST_ATTRIBUTES`) are written as JSON text
(``'["US", "CN"]'``); :func:`read` turns them back into lists. XML cannot carry control
characters other than tab and newline; in GraphML and GEXF they become U+FFFD. The JSON
formats keep lists as lists, and put one node or edge per line. Edge keys are written as edge
ids, so a claim's edge id is its claim id (``<incident>#<claim>``).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import networkx as nx

from kb.gctools import paused_gc
from kb.graph.build import LIST_ATTRIBUTES
from kb.graph.mermaid import claim_edge_label, is_not_supported, link_style_lines, mermaid_edge, mermaid_label

FORMATS = ("graphml", "gexf", "json", "cytoscape", "mermaid", "dot")
#: Formats that networkx reads back (see :func:`read`).
READABLE = ("graphml", "gexf", "json", "cytoscape")
MERMAID_MAX_EDGES = 80

_EDGE_ORDER = ("claim", "derived-from", "developer-of", "parent-of", "involved-in", "concerns",
               "policy-link", "issued", "targets", "related", "superseded-by")


_NOT_XML = re.compile("[\x00-\x08\x0b-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: Any) -> Any:
    """Text XML 1.0 can carry: control characters other than tab and newline become U+FFFD."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


Items = tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, str, str, dict[str, Any]]]]


def _sorted_items(graph: nx.MultiDiGraph, encode: bool) -> Items:
    """Nodes and edges with their attributes, all in sorted order; for the XML formats
    (``encode``) lists JSON-encoded and text made XML-safe."""
    def attrs(data: dict[str, Any]) -> dict[str, Any]:
        if not encode:
            return dict(sorted(data.items()))
        return {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else xml_safe(v)
                for k, v in sorted(data.items())}

    nodes = [(n, attrs(graph.nodes[n])) for n in sorted(graph.nodes)]
    edges = [(u, v, str(k), attrs(d)) for u, v, k, d in
             sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2])))]
    return nodes, edges


def _sorted_graph(graph: nx.MultiDiGraph, encode: bool) -> nx.MultiDiGraph:
    """A copy of the graph in sorted order (see :func:`_sorted_items`)."""
    nodes, edges = _sorted_items(graph, encode)
    out: nx.MultiDiGraph = nx.MultiDiGraph()
    out.add_nodes_from(nodes)
    out.add_edges_from(edges)
    return out


_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
)


def _graphml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    return "string"


def _graphml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_escape(str(value))


def _graphml(graph: nx.MultiDiGraph) -> str:
    """GraphML written directly (networkx's writer is about ten times slower at 10,000
    incidents); networkx's reader loads it back, see :func:`read`."""
    nodes, edges = _sorted_items(graph, encode=True)
    types: dict[tuple[str, str], str] = {}
    for _, data in nodes:
        for k, v in data.items():
            types.setdefault(("node", k), _graphml_type(v))
    for _, _, _, data in edges:
        for k, v in data.items():
            types.setdefault(("edge", k), _graphml_type(v))
    ids = {key: f"d{i}" for i, key in enumerate(sorted(types))}
    out = [_GRAPHML_HEAD]
    out += [f'  <key id="{ids[key]}" for="{key[0]}" attr.name={quoteattr(key[1])} '
            f'attr.type="{types[key]}" />\n' for key in sorted(types)]
    out.append('  <graph edgedefault="directed">\n')
    for n, data in nodes:
        out.append(f"    <node id={quoteattr(xml_safe(n))}>\n")
        out += [f'      <data key="{ids["node", k]}">{_graphml_value(v)}</data>\n' for k, v in data.items()]
        out.append("    </node>\n")
    for u, v, k, data in edges:
        out.append(f"    <edge id={quoteattr(xml_safe(k))} source={quoteattr(xml_safe(u))} "
                   f"target={quoteattr(xml_safe(v))}>\n")
        out += [f'      <data key="{ids["edge", a]}">{_graphml_value(b)}</data>\n' for a, b in data.items()]
        out.append("    </edge>\n")
    out.append("  </graph>\n</graphml>\n")
    return "".join(out)


_GEXF_META = re.compile(r"<meta\b.*?</meta>", re.DOTALL)


def _gexf(graph: nx.MultiDiGraph) -> str:
    g = _sorted_graph(graph, encode=True)
    for n, data in g.nodes(data=True):
        data["label"] = data.get("name", n)
    for _, _, k, data in g.edges(keys=True, data=True):
        data["id"] = k  # the GEXF edge id; networkx also keeps the key as networkx_key
    buf = io.BytesIO()
    nx.write_gexf(g, buf)
    text = buf.getvalue().decode("utf-8")
    # networkx stamps today's date and its own version into <meta>: not byte-stable.
    return _GEXF_META.sub("<meta>\n    <creator>distillation-kb</creator>\n  </meta>", text, count=1)


def _line(item: object) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False)


def _json_doc(head: dict[str, object], lists: dict[str, list[Any]]) -> str:
    """A JSON document with one node or edge per line: byte-stable, readable in a diff, and
    written by the C encoder (an indented dump of 10,000 incidents takes seconds)."""
    parts = [f"  {_line(k)}: {_line(v)}" for k, v in sorted(head.items())]
    for name, items in sorted(lists.items()):
        body = ",\n".join(f"    {_line(item)}" for item in items)
        parts.append(f"  {_line(name)}: [\n{body}\n  ]" if items else f"  {_line(name)}: []")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _node_link(graph: nx.MultiDiGraph) -> str:
    nodes, edges = _sorted_items(graph, encode=False)
    return _json_doc({"directed": True, "multigraph": True, "graph": {}}, {
        "nodes": [{**d, "id": n} for n, d in nodes],
        "edges": [{**d, "source": u, "target": v, "key": k} for u, v, k, d in edges],
    })


def _cytoscape(graph: nx.MultiDiGraph) -> str:
    nodes, edges = _sorted_items(graph, encode=False)
    elements = {
        "nodes": [{"data": {**d, "id": n, "value": n}} for n, d in nodes],
        "edges": [{"data": {**d, "id": k, "key": k, "source": u, "target": v}} for u, v, k, d in edges],
    }
    body = ",\n".join(
        f"    {_line(name)}: [\n" + ",\n".join(f"      {_line(x)}" for x in items) + "\n    ]"
        if items else f"    {_line(name)}: []" for name, items in elements.items())
    return ('{\n  "data": {},\n  "directed": true,\n  "elements": {\n' + body
            + '\n  },\n  "multigraph": true\n}\n')


# Mermaid ---------------------------------------------------------------------------------------

_SHAPES = {"actor": ('(["', '"])'), "model": ('["', '"]'), "incident": ('{{"', '"}}'),
           "policy": ('[["', '"]]')}


def _edge_rank(edge: tuple[str, str, str, dict[str, Any]]) -> tuple[int, int, str, str, str]:
    u, v, k, d = edge
    kind = d.get("kind", "")
    order = _EDGE_ORDER.index(kind) if kind in _EDGE_ORDER else len(_EDGE_ORDER)
    return (order, 0 if d.get("lineage") else 1, u, v, str(k))


def _edge_label(data: dict[str, Any]) -> str:
    """An edge's label in words; a claim with its status and claimant ('derived-from,
    unsubstantiated claim by X (not supported by the sources reviewed)')."""
    if data.get("kind") == "claim":
        if data.get("status"):
            return claim_edge_label(data.get("predicate", ""), data["status"], data.get("claimant", "?"))
        return str(data.get("predicate", ""))
    if data.get("kind") == "derived-from":
        return f"derived-from {data.get('relation', '')} (self-declared)"
    if data.get("kind") == "involved-in":
        return str(data.get("role", "involved-in"))
    return str(data.get("kind", ""))


def _mermaid(graph: nx.MultiDiGraph, max_edges: int = MERMAID_MAX_EDGES) -> str:
    edges = sorted(graph.edges(keys=True, data=True), key=_edge_rank)
    shown, left = edges[:max_edges], edges[max_edges:]
    nodes = sorted({n for u, v, _, _ in shown for n in (u, v)})
    if not shown:
        nodes = sorted(graph.nodes)[:max_edges]
    if len(shown) == len(edges):
        nodes = sorted({*nodes, *(n for n in graph.nodes if graph.degree(n) == 0)})[:max(max_edges, 1)]
    ids = {n: f"n{i}" for i, n in enumerate(nodes)}
    lines = ["flowchart LR",
             f"  %% distillation-kb graph: {graph.number_of_nodes()} nodes, "
             f"{graph.number_of_edges()} edges; {len(nodes)} nodes and {len(shown)} edges shown"]
    for n in nodes:
        data = graph.nodes[n]
        start, end = _SHAPES.get(data.get("kind", ""), ('["', '"]'))
        lines.append(f"  {ids[n]}{start}{mermaid_label(data.get('name', n))}{end}")
    for u, v, _, d in shown:
        status = d.get("status") if d.get("kind") == "claim" else None
        lines.append(mermaid_edge(ids[u], ids[v], _edge_label(d), status))
    lines += link_style_lines([d.get("status") if d.get("kind") == "claim" else None
                               for _, _, _, d in shown])
    hidden_nodes = graph.number_of_nodes() - len(nodes)
    if left or hidden_nodes:
        by_kind: dict[str, int] = {}
        for _, _, _, d in left:
            by_kind[d.get("kind", "?")] = by_kind.get(d.get("kind", "?"), 0) + 1
        detail = ", ".join(f"{n} {k}" for k, n in sorted(by_kind.items()))
        note = (f"Not shown: {len(left)} edges" + (f" ({detail})" if detail else "")
                + f" and {hidden_nodes} nodes. Export another format for the whole graph.")
        lines.append(f'  more["{mermaid_label(note, None)}"]')
        lines.append(f"  %% {note}")
    return "\n".join(lines) + "\n"


# DOT -------------------------------------------------------------------------------------------

def dot_quote(value: object) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as ``\\n``."""
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, list) else str(value)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return '"' + "".join(c if c.isprintable() else " " for c in text) + '"'


def _dot_attrs(data: dict[str, Any]) -> str:
    return ", ".join(f"{k}={dot_quote(v)}" for k, v in sorted(data.items()))


_DOT_SHAPES = {"actor": "ellipse", "model": "box", "incident": "hexagon", "policy": "note"}


def _dot(graph: nx.MultiDiGraph) -> str:
    nodes, edges = _sorted_items(graph, encode=False)
    lines = ['digraph "distillation-kb" {', "  graph [rankdir=LR];"]
    for n, d in nodes:
        attrs = {"label": d.get("name", n), "shape": _DOT_SHAPES.get(d.get("kind", ""), "box"),
                 **{f"kb_{k}": v for k, v in d.items()}}
        lines.append(f"  {dot_quote(n)} [{_dot_attrs(attrs)}];")
    for u, v, k, d in edges:
        attrs = {"id": k, "label": _edge_label(d), **{f"kb_{a}": b for a, b in d.items()}}
        if d.get("kind") == "claim" and is_not_supported(d.get("status")):
            attrs.update(style="dashed", color="gray50", fontcolor="gray40")
        lines.append(f"  {dot_quote(u)} -> {dot_quote(v)} [{_dot_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


_WRITERS: dict[str, Callable[[nx.MultiDiGraph], str]] = {
    "graphml": _graphml, "gexf": _gexf, "json": _node_link, "cytoscape": _cytoscape,
    "mermaid": _mermaid, "dot": _dot,
}


def export(graph: nx.MultiDiGraph, fmt: str, *, max_edges: int = MERMAID_MAX_EDGES) -> str:
    """The graph as text in ``fmt`` (one of :data:`FORMATS`)."""
    with paused_gc():
        if fmt == "mermaid":
            return _mermaid(graph, max_edges)
        return _WRITERS[fmt](graph)


# Reading back ----------------------------------------------------------------------------------

_ARTEFACTS = {"gexf": ({"label"}, {"id"}), "cytoscape": ({"id", "value"}, {"id", "key", "source", "target"})}


def _decode(graph: nx.MultiDiGraph, fmt: str) -> nx.MultiDiGraph:
    node_drop, edge_drop = _ARTEFACTS.get(fmt, (set(), set()))

    def attrs(data: dict[str, Any], drop: set[str]) -> dict[str, Any]:
        return {k: (json.loads(v) if k in LIST_ATTRIBUTES and isinstance(v, str) else v)
                for k, v in sorted(data.items()) if k not in drop}

    out: nx.MultiDiGraph = nx.MultiDiGraph()
    out.add_nodes_from((n, attrs(d, node_drop)) for n, d in graph.nodes(data=True))
    if graph.is_multigraph():
        edges = graph.edges(keys=True, data=True)
    else:  # networkx's GEXF reader returns a DiGraph when no two edges share their ends
        edges = ((u, v, d.get("id"), d) for u, v, d in graph.edges(data=True))
    out.add_edges_from((u, v, k, attrs(d, edge_drop)) for u, v, k, d in edges)
    return out


def read(text: str, fmt: str) -> nx.MultiDiGraph:
    """Load an export back into a graph equal to the one exported (formats in :data:`READABLE`)."""
    if fmt == "graphml":
        graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")), force_multigraph=True)
    elif fmt == "gexf":
        graph = nx.read_gexf(io.BytesIO(text.encode("utf-8")))
    elif fmt == "json":
        graph = nx.node_link_graph(json.loads(text), edges="edges")
    elif fmt == "cytoscape":
        graph = nx.cytoscape_graph(json.loads(text))
    else:
        raise ValueError(f"cannot read {fmt} back")
    return _decode(graph, fmt)
