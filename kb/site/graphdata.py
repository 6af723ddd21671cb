"""Nodes and edges for the explorer and GraphML download, derived from the records.

The same relations as kb/graph (claims, developer-of, self-declared lineage), computed here
without networkx so the site does not depend on the graph module's internals. Only actors and
models are nodes; each claim is one edge keyed by incident and claim id.
"""

from __future__ import annotations

from typing import Any

from kb.site.context import SiteContext, page_of

Node = dict[str, Any]
Edge = dict[str, Any]


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
    known = {n["id"] for n in nodes}
    edges: list[Edge] = []
    for model in ctx.kb.models:
        if model.developer in known:
            edges.append({"id": f"dev:{model.id}", "source": model.developer, "target": model.id,
                          "type": "develops", "predicate": "develops", "status": "",
                          "date": model.released or ""})
        for parent in model.derived_from:
            if parent.model in known:
                edges.append({"id": f"lineage:{model.id}:{parent.model}", "source": model.id,
                              "target": parent.model, "type": "declared-lineage",
                              "predicate": parent.relation.value, "status": "self-declared",
                              "date": model.released or ""})
    for inc in ctx.kb.incidents:
        for claim in inc.claims:
            if claim.subject in known and claim.object in known:
                edges.append({"id": f"claim:{inc.id}:{claim.id}", "source": claim.subject,
                              "target": claim.object, "type": "claim",
                              "predicate": claim.predicate.value, "status": claim.status.value,
                              "date": claim.stated_on, "incident": inc.id,
                              "incident_title": inc.title, "page": page_of(inc),
                              "claimant": claim.claimant})
    return nodes, edges
