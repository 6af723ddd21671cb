"""Small Mermaid lineage diagrams: the actors and models of one record and the claims between them.

Edges follow the records (claims, developers, self-declared lineage) with the graph's relation
names and reader labels (:mod:`kb.graph.relations`); labels go through :func:`mermaid_label`.
"""

from __future__ import annotations

from kb.graph.mermaid import mermaid_label
from kb.graph.relations import DEVELOPER_OF, label
from kb.records import Actor, Incident, Model
from kb.site.context import SiteContext

MAX_NODES = 24


class _Diagram:
    def __init__(self, ctx: SiteContext) -> None:
        self.ctx = ctx
        self.ids: dict[str, str] = {}
        self.lines: list[str] = []
        self.edges: set[tuple[str, str, str]] = set()

    def node(self, record_id: str) -> str | None:
        if record_id in self.ids:
            return self.ids[record_id]
        if len(self.ids) >= MAX_NODES:
            return None
        node = f"n{len(self.ids)}"
        self.ids[record_id] = node
        record = self.ctx.by_id.get(record_id)
        label = mermaid_label(self.ctx.name(record_id))
        if isinstance(record, Model):
            self.lines.append(f'  {node}(["{label}"]):::model')
        elif isinstance(record, Actor):
            self.lines.append(f'  {node}["{label}"]:::actor')
        else:
            self.lines.append(f'  {node}["{label}"]')
        return node

    def edge(self, src: str, dst: str, label: str, dashed: bool = False) -> None:
        a, b = self.node(src), self.node(dst)
        if a is None or b is None or (a, b, label) in self.edges:
            return
        self.edges.add((a, b, label))
        arrow = "-.->" if dashed else "-->"
        self.lines.append(f'  {a} {arrow}|"{mermaid_label(label)}"| {b}')

    def render(self) -> str:
        if not self.edges:
            return ""
        head = ["```mermaid", "flowchart LR",
                "  classDef model fill:#e8f0fe,stroke:#3b5bdb",
                "  classDef actor fill:#fff4e6,stroke:#d9480f"]
        return "\n".join([*head, *self.lines, "```"]) + "\n"


def incident_diagram(ctx: SiteContext, incident: Incident) -> str:
    d = _Diagram(ctx)
    for claim in incident.claims:
        d.edge(claim.subject, claim.object, f"{claim.predicate.value} ({claim.status.value})")
    for model_id in sorted({*incident.models, *(c.object for c in incident.claims),
                            *(c.subject for c in incident.claims)}):
        model = ctx.by_id.get(model_id)
        if isinstance(model, Model):
            d.edge(model.developer, model.id, label(DEVELOPER_OF), dashed=True)
            for parent in model.derived_from:
                d.edge(model.id, parent.model, f"{parent.relation.value} (self-declared)",
                       dashed=True)
    return d.render()


def model_diagram(ctx: SiteContext, model: Model) -> str:
    """Declared parents and children of a model, and claims naming it, one step out."""
    d = _Diagram(ctx)
    d.edge(model.developer, model.id, label(DEVELOPER_OF), dashed=True)
    for parent in model.derived_from:
        d.edge(model.id, parent.model, f"{parent.relation.value} (self-declared)", dashed=True)
    for other in ctx.derived_models.get(model.id, []):
        for parent in other.derived_from:
            if parent.model == model.id:
                d.edge(other.id, model.id, f"{parent.relation.value} (self-declared)", dashed=True)
    for incident in ctx.mentions.get(model.id, []):
        for claim in incident.claims:
            if model.id in (claim.subject, claim.object):
                d.edge(claim.subject, claim.object,
                       f"{claim.predicate.value} ({claim.status.value})")
    return d.render()
