"""Nodes and edges for the explorer, taken from the graph that kb/graph builds.

One implementation of the relations: the explorer shows the same edges, under the same names,
as `kb graph export`. Only actors and models are nodes here; each claim is one edge keyed by
incident and claim id.
"""

from __future__ import annotations

from typing import Any

from kb.graph.relations import CLAIM, DERIVED_FROM, DEVELOPER_OF
from kb.site.context import SiteContext, page_of

Node = dict[str, Any]
Edge = dict[str, Any]
_SHOWN = (DEVELOPER_OF, DERIVED_FROM, "trained-on", "generated-by", CLAIM)


def graph_elements(ctx: SiteContext) -> tuple[list[Node], list[Edge]]:
    nodes: list[Node] = []
    for actor in ctx.kb.actors:
        nodes.append({"id": actor.id, "label": actor.name, "kind": "actor",
                      "detail": actor.kind.value, "page": page_of(actor),
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
    edges: list[Edge] = []
    graph = ctx.graph
    for kind in _SHOWN:
        for u, v, key, data in graph.edges(keys=True, data=True):
            if data["kind"] != kind or u not in known or v not in known:
                continue
            edge: Edge = {"id": f"{kind}:{key}", "source": u, "target": v, "type": kind,
                          "predicate": data.get("predicate") or data.get("relation") or kind,
                          "status": data.get("status", ""), "date": data.get("date", "")}
            if kind == CLAIM:
                incident = ctx.by_id[data["incident"]]
                edge.update(incident=incident.id, incident_title=incident.display_name,
                            page=page_of(incident), claimant=data["claimant"])
            edges.append(edge)
    return nodes, edges
