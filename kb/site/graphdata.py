"""Nodes and edges for the explorer, taken from the graph that kb/graph builds.

One implementation of the relations: the explorer shows the same edges, under the same names,
as `kb graph export`. Only actors, models and datasets are nodes here; each claim is one edge
keyed by incident and claim id, with its claimant. Every node carries its position
(:mod:`kb.site.layout`), so the explorer draws the same picture on every load.
"""

from __future__ import annotations

import math
from typing import Any

from kb.gctools import paused_gc
from kb.graph.relations import CLAIM, DERIVED_FROM, DEVELOPER_OF
from kb.site.claimstyle import DECLARED, STATUS_COLOURS, not_supported
from kb.site.context import SiteContext, page_of
from kb.site.layout import Box, layout

Node = dict[str, Any]
Edge = dict[str, Any]
_SHOWN = (DEVELOPER_OF, DERIVED_FROM, "trained-on", "generated-by", CLAIM)

#: Label metrics at zoom 1 (kb-explorer.js draws labels at this size, wrapped at this width).
FONT_PX = 12
LABEL_WIDTH = 120
NODE_PX = 24
_CHAR_PX = 6.8
_LINE_PX = 15


def label_box(text: str) -> tuple[Box, float]:
    """The box a node and its label below it take at zoom 1, and how far the node's centre is
    above the box's centre."""
    chars = max(1, len(text))
    lines = min(3, math.ceil(chars * _CHAR_PX / LABEL_WIDTH))
    label_h = 4 + lines * _LINE_PX
    width = max(NODE_PX, min(chars * _CHAR_PX, LABEL_WIDTH)) + 6
    return (width, NODE_PX + label_h), label_h / 2


def statuses() -> dict[str, dict[str, Any]]:
    """Each claim status with its line colour and whether it is drawn dashed (not supported)."""
    return {s: {"colour": c, "weak": not_supported(s)} for s, c in STATUS_COLOURS.items()}


def graph_elements(ctx: SiteContext) -> tuple[list[Node], list[Edge]]:
    graph = ctx.graph  # built (once per site) before the collector is paused
    with paused_gc():  # thousands of small dicts, no cycles
        return _elements(ctx, graph)


def _elements(ctx: SiteContext, graph: Any) -> tuple[list[Node], list[Edge]]:
    nodes: list[Node] = []
    for actor in ctx.kb.actors:
        nodes.append({"id": actor.id, "label": actor.name, "kind": "actor",
                      "detail": actor.kind.value.replace("-", " "), "page": page_of(actor),
                      "jurisdiction": ", ".join(actor.jurisdiction)})
    for model in ctx.kb.models:
        nodes.append({"id": model.id, "label": model.name, "kind": "model",
                      "detail": f"model by {ctx.name(model.developer)}", "page": page_of(model),
                      "released": model.released or ""})
    for ds in ctx.kb.datasets:
        nodes.append({"id": ds.id, "label": ds.name, "kind": "dataset",
                      "detail": "dataset" + (f" by {ctx.name(ds.creator)}" if ds.creator else ""),
                      "page": page_of(ds), "released": ds.released or ""})
    known = {n["id"] for n in nodes}
    by_kind: dict[str, list[tuple[str, str, str, dict[str, Any]]]] = {k: [] for k in _SHOWN}
    for u, v, key, data in graph.edges(keys=True, data=True):
        bucket = by_kind.get(data["kind"])
        if bucket is not None and u in known and v in known:
            bucket.append((u, v, key, data))
    edges: list[Edge] = []
    for kind in _SHOWN:
        for u, v, key, data in by_kind[kind]:
            status = data.get("status", "")
            edge: Edge = {"id": f"{kind}:{key}", "source": u, "target": v, "type": kind,
                          "predicate": data.get("predicate") or data.get("relation") or kind,
                          "status": status, "date": data.get("date", "")}
            if data.get("claimant"):
                edge["claimant"] = data["claimant"]
            if status and not_supported(status):
                edge["weak"] = True
            if kind == CLAIM:
                incident = ctx.by_id[data["incident"]]
                edge.update(incident=incident.id, incident_title=incident.display_name,
                            page=page_of(incident))
            edges.append(edge)
    _place(nodes, edges)
    return nodes, edges


def _place(nodes: list[Node], edges: list[Edge]) -> None:
    """Give every node an x, y (nodes without a shown edge share the origin: only a focus view
    on that very node shows them, alone)."""
    linked = {e["source"] for e in edges} | {e["target"] for e in edges}
    boxes: dict[str, Box] = {}
    lift: dict[str, float] = {}
    for n in nodes:
        if n["id"] in linked:
            boxes[n["id"]], lift[n["id"]] = label_box(n["label"])
    pos = layout(sorted(boxes), ((e["source"], e["target"]) for e in edges), boxes)
    for n in nodes:
        x, y = pos.get(n["id"], (0.0, 0.0))
        n["x"], n["y"] = x, round(y - lift.get(n["id"], 0.0), 1)


__all__ = ["DECLARED", "graph_elements", "label_box", "statuses"]
