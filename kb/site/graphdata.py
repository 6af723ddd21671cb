"""Nodes and edges for the explorer and GraphML download, derived from the records.

The same relations as kb/graph (claims, developer-of, self-declared lineage), computed here
without networkx so the site does not depend on the graph module's internals. Only actors and
models are nodes; each claim is one edge keyed by incident and claim id.
"""

from __future__ import annotations

from typing import Any

from kb.records import Incident, Policy
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
    for ds in ctx.kb.datasets:
        nodes.append({"id": ds.id, "label": ds.name, "kind": "dataset",
                      "detail": "dataset" + (f" by {ctx.name(ds.creator)}" if ds.creator else ""),
                      "page": page_of(ds), "released": ds.released or ""})
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
    for model in ctx.kb.models:
        for used in model.trained_on:
            if used.dataset in known:
                edges.append({"id": f"trained-on:{model.id}:{used.dataset}", "source": model.id,
                              "target": used.dataset, "type": "declared-lineage",
                              "predicate": "trained-on", "status": "self-declared",
                              "date": model.released or ""})
    for ds in ctx.kb.datasets:
        for g in ds.generated_by:
            if g.model in known:
                edges.append({"id": f"generated-by:{ds.id}:{g.model}", "source": ds.id,
                              "target": g.model, "type": "declared-lineage",
                              "predicate": "generated-by", "status": "self-declared",
                              "date": ds.released or ""})
    recorded: list[Incident | Policy] = [*ctx.kb.incidents, *ctx.kb.policies]
    for inc in recorded:
        for claim in inc.claims:
            if claim.subject in known and claim.object in known:
                edges.append({"id": f"claim:{inc.id}:{claim.id}", "source": claim.subject,
                              "target": claim.object, "type": "claim",
                              "predicate": claim.predicate.value, "status": claim.status.value,
                              "date": claim.stated_on or "", "incident": inc.id,
                              "incident_title": inc.title, "page": page_of(inc),
                              "claimant": claim.claimant})
    return nodes, edges
