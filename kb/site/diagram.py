"""Small Mermaid lineage diagrams: the actors and models of one record and the claims between them.

Each claim is drawn as its own small box between the party it is about and the model it names
("extracted outputs from / alleged, claimed by Anthropic"): boxes are laid out like nodes, so
labels never overlap, even when two claims join the same pair. Claims the sources reviewed do not
support (:func:`kb.site.claimstyle.not_supported`) are dashed and grey, their status in words.
Developers and lineage the developer declares are plain labelled arrows. Every label goes through
:func:`mermaid_label`.
"""

from __future__ import annotations

from kb.graph.mermaid import mermaid_label
from kb.graph.relations import DEVELOPER_OF, label
from kb.records import Actor, Incident, Model
from kb.records.claim import Claim
from kb.site.claimstyle import DECLARED, GREY, colour, not_supported, words
from kb.site.context import SiteContext

MAX_NODES = 24
MAX_CLAIMS = 30

DIAGRAM_KEY = (
    "Boxes with square corners are parties, rounded ones models. Each claim is a small box on "
    "the line from the party or model it is about to the model it names, with the claim, who "
    "makes it and its status in words; claims that the sources reviewed do not support "
    "(unsubstantiated, refuted or retracted) are drawn dashed and grey. Plain arrows are "
    "developers and lineage the developer itself declares."
)
"""A sentence for pages to print above a diagram (the key to its lines and boxes)."""


class _Diagram:
    def __init__(self, ctx: SiteContext) -> None:
        self.ctx = ctx
        self.ids: dict[str, str] = {}
        self.lines: list[str] = []
        self.links = 0
        self.styles: list[str] = []
        self.direct: dict[tuple[str, str], list[str]] = {}
        self.claims: set[tuple[str, str, str, str, str]] = set()

    def node(self, record_id: str) -> str | None:
        if record_id in self.ids:
            return self.ids[record_id]
        if len(self.ids) >= MAX_NODES:
            return None
        node = f"n{len(self.ids)}"
        self.ids[record_id] = node
        record = self.ctx.by_id.get(record_id)
        text = mermaid_label(self.ctx.name(record_id))
        if isinstance(record, Model):
            self.lines.append(f'  {node}(["{text}"]):::model')
        elif isinstance(record, Actor):
            self.lines.append(f'  {node}["{text}"]:::actor')
        else:
            self.lines.append(f'  {node}["{text}"]')
        return node

    def edge(self, src: str, dst: str, text: str) -> None:
        """A developer or declared-lineage arrow; two on one pair share one label."""
        a, b = self.node(src), self.node(dst)
        if a is None or b is None:
            return
        texts = self.direct.setdefault((a, b), [])
        if text not in texts:
            texts.append(text)

    def claim(self, claim: Claim) -> None:
        status = str(claim.status)
        key = (claim.subject, str(claim.predicate), claim.object, status, claim.claimant)
        if key in self.claims or len(self.claims) >= MAX_CLAIMS:
            return
        a, b = self.node(claim.subject), self.node(claim.object)
        if a is None or b is None:
            return
        self.claims.add(key)
        box = f"c{len(self.claims) - 1}"
        said = f"{status}, claimed by {self.ctx.name(claim.claimant)}"
        text = f"{mermaid_label(words(claim.predicate))}<br>{mermaid_label(said, 80)}"
        weak = not_supported(status)
        self.lines.append(f'  {box}["{text}"]:::{"unsupported" if weak else "claim"}')
        if weak:
            self.lines.append(f"  {a} -.- {box} -.-> {b}")
            line = f"stroke:{GREY},stroke-width:2px,stroke-dasharray:7 5"
        else:
            self.lines.append(f"  {a} --- {box} --> {b}")
            line = f"stroke:{colour(status)},stroke-width:2px"
        self.styles.append(f"  linkStyle {self.links},{self.links + 1} {line}")
        self.links += 2

    def render(self) -> str:
        if not self.claims and not self.direct:
            return ""
        body = list(self.lines)
        for (a, b), texts in self.direct.items():
            body.append(f'  {a} -->|"{mermaid_label("; ".join(texts))}"| {b}')
            self.styles.append(f"  linkStyle {self.links} stroke:{DECLARED},stroke-width:1.5px")
            self.links += 1
        head = ["```mermaid", "flowchart LR",
                "  classDef model fill:#e8f0fe,stroke:#3b5bdb,color:#1b1b1b",
                "  classDef actor fill:#fff4e6,stroke:#b35900,color:#1b1b1b",
                "  classDef claim fill:#ffffff,stroke:#495057,color:#1b1b1b,font-size:13px",
                f"  classDef unsupported fill:#f1f3f5,stroke:{GREY},color:#343a40,"
                "font-size:13px,stroke-dasharray:6 4"]
        return "\n".join([*head, *body, *self.styles, "```"]) + "\n"


def _declared(d: _Diagram, model: Model) -> None:
    for parent in model.derived_from:
        d.edge(model.id, parent.model, f"{words(parent.relation)} (self-declared)")


def incident_diagram(ctx: SiteContext, incident: Incident) -> str:
    d = _Diagram(ctx)
    for claim in incident.claims:
        d.claim(claim)
    for model_id in sorted({*incident.models, *(c.object for c in incident.claims),
                            *(c.subject for c in incident.claims)}):
        model = ctx.by_id.get(model_id)
        if isinstance(model, Model):
            d.edge(model.developer, model.id, label(DEVELOPER_OF))
            _declared(d, model)
    return d.render()


def model_diagram(ctx: SiteContext, model: Model) -> str:
    """Declared parents and children of a model, and claims naming it, one step out."""
    d = _Diagram(ctx)
    d.edge(model.developer, model.id, label(DEVELOPER_OF))
    _declared(d, model)
    for other in ctx.derived_models.get(model.id, []):
        for parent in other.derived_from:
            if parent.model == model.id:
                d.edge(other.id, model.id, f"{words(parent.relation)} (self-declared)")
    for incident in ctx.mentions.get(model.id, []):
        for claim in incident.claims:
            if model.id in (claim.subject, claim.object):
                d.claim(claim)
    return d.render()
