"""Records to graph: one node per record, one edge per claim and per link between records.

Edge directions are documented once, in :mod:`kb.graph`. The builder is deterministic (records
and edges are added in sorted order) and never stores ``None`` (GraphML cannot write it): an
attribute that has no value is absent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from kb.evidence import strength
from kb.gctools import paused_gc
from kb.loading import KnowledgeBase
from kb.records import Actor, Dataset, Incident, Model, Policy, Record, Source
from kb.records.claim import Claim
from kb.records.vocab import LINEAGE_PREDICATES, ClaimStatus, Stance, status_class

EDGE_KINDS = (
    "claim",
    "derived-from",
    "developer-of",
    "parent-of",
    "involved-in",
    "concerns",
    "policy-link",
    "issued",
    "targets",
    "related",
    "superseded-by",
    "member-of",
    "trained-on",
    "generated-by",
    "collected-from",
    "affiliation",
    "creator-of",
)

#: Evidence kinds from strongest to weakest (the ranking lives in :mod:`kb.evidence.strength`).
EVIDENCE_STRENGTH = strength.EVIDENCE_STRENGTH
_SUPPORTS, _DISPUTES = Stance.SUPPORTS, Stance.DISPUTES

#: Attributes whose values are lists (exports encode them; see :mod:`kb.graph.export`).
LIST_ATTRIBUTES = frozenset({"aliases", "former_ids", "jurisdictions", "tags", "responses", "history",
                             "response_dates"})

Attrs = dict[str, Any]


def claim_key(incident_id: str, claim_id: str) -> str:
    """The global id of a claim: ``<incident or policy id>#<claim id>`` (also its edge key)."""
    return f"{incident_id}#{claim_id}"


#: Record kinds that are graph nodes. Sources are not: they are what claims rest on, shown on
#: record pages and in the evidence score, not parties to the lineage.
NODE_KINDS = frozenset({"actor", "model", "dataset", "incident", "policy"})
"""Record kinds that are graph nodes; sources are not (they are evidence, counted on edges)."""


def link_key(kind: str, u: str, v: str, extra: str = "") -> str:
    return f"{kind}:{u}:{v}" + (f":{extra}" if extra else "")


def _clean(attrs: Attrs) -> Attrs:
    return {k: v for k, v in attrs.items() if v is not None and v != []}


def _node_attrs(rec: Record, file: str) -> Attrs:
    attrs: Attrs = {"kind": rec.kind_name, "name": rec.display_name, "file": file,
                    "withdrawn": rec.withdrawn is not None, "former_ids": list(rec.former_ids)}
    if isinstance(rec, Actor):
        attrs.update(actor_kind=str(rec.kind), aliases=list(rec.aliases),
                     jurisdictions=list(rec.jurisdiction))
    elif isinstance(rec, Model):
        attrs.update(date=rec.released, developer=rec.developer, aliases=list(rec.aliases),
                     access=str(rec.access) if rec.access else None, family=rec.family)
    elif isinstance(rec, Dataset):
        attrs.update(date=rec.released, creator=rec.creator, aliases=list(rec.aliases))
    elif isinstance(rec, Incident):
        attrs.update(date=rec.date, incident_kind=str(rec.kind), tags=list(rec.tags))
    elif isinstance(rec, Policy):
        attrs.update(date=rec.date, policy_kind=str(rec.kind), status=str(rec.status),
                     jurisdiction=rec.jurisdiction)
    return _clean(attrs)


def _strongest(items: Iterable[Source]) -> str | None:
    """The kind of the strongest supporting source the editors read (never an unread one)."""
    best = strength.strongest(items)
    return None if best is None else str(best.kind)


Replies = list[tuple[str, frozenset[str], str, str]]
_DECLARED = str(status_class(ClaimStatus.SELF_DECLARED))


def _replies(inc: Incident | Policy) -> Replies:
    """(party, claim ids answered or empty for all, 'party:stance', date) for each response."""
    return [(r.party, frozenset(r.claims), f"{r.party}:{r.stance}", r.date) for r in inc.responses]


def _responses(replies: Replies, claim: Claim, developer_of: dict[str, str]) -> list[tuple[str, str]]:
    """('party:stance', date) for every response that answers this claim (see Response.claims)."""
    if not replies:
        return []
    subject = claim.subject
    developer = developer_of.get(subject, subject)
    return [(text, date) for party, claims, text, date in replies
            if claim.id in claims or (not claims and party in (subject, developer))]


def _claim_attrs(inc: Incident | Policy, claim: Claim, ev: dict[str, Source | None], replies: Replies,
                 developer_of: dict[str, str]) -> Attrs:
    cited = [(ref.stance, ev[ref.ref]) for ref in claim.evidence if ref.ref in ev]
    supporting = [e for stance, e in cited if stance is _SUPPORTS and e is not None]
    attrs: Attrs = {
        "kind": "claim",
        "predicate": str(claim.predicate),
        "status": str(claim.status),
        "status_class": str(status_class(claim.status)),
        "claimant": claim.claimant,
        "incident": inc.id,
        "claim": claim.id,
        "evidence_count": len(claim.evidence),
        "supporting_count": len(supporting),
        "disputing_count": sum(stance is _DISPUTES for stance, _ in cited),
        "lineage": claim.predicate in LINEAGE_PREDICATES,
    }
    if claim.stated_on is not None:
        attrs["date"] = claim.stated_on
    if inc.kind_name != "incident":
        attrs["record_kind"] = inc.kind_name
    if claim.history:
        attrs["history"] = [f"{h.date}:{h.status}" for h in claim.history]
    strongest = _strongest(supporting)
    if strongest is not None:
        attrs["strongest_evidence"] = strongest
    responses = _responses(replies, claim, developer_of)
    if responses:
        attrs["responses"] = sorted({text for text, _ in responses})
        attrs["response_dates"] = sorted({f"{date}:{text}" for text, date in responses})
    return attrs


def _dated(attrs: Attrs, date: str | None) -> Attrs:
    if date is not None:
        attrs["date"] = date
    return attrs


def _edges(kb: KnowledgeBase) -> Iterable[tuple[str, str, str, Attrs]]:
    """Every edge as (u, v, key, attributes), in a stable order."""
    records = kb.records
    models = kb.models
    developer_of = {m.id: m.developer for m in models}
    for actor in kb.actors:
        if actor.parent:
            yield actor.parent, actor.id, link_key("parent-of", actor.parent, actor.id), {"kind": "parent-of"}
        for aff in actor.affiliations:
            key = link_key("affiliation", actor.id, aff.actor, str(aff.relation))
            yield actor.id, aff.actor, key, _clean({
                "kind": "affiliation", "relation": str(aff.relation), "date": aff.since, "until": aff.until,
                "evidence_count": len(aff.evidence)})
    for model in models:
        if model.family:
            yield model.id, model.family, link_key("member-of", model.id, model.family), {"kind": "member-of"}
        for used in model.trained_on:
            yield model.id, used.dataset, link_key("trained-on", model.id, used.dataset), _dated({
                "kind": "trained-on", "status": str(ClaimStatus.SELF_DECLARED), "status_class": _DECLARED,
                "claimant": model.developer, "evidence_count": len(used.evidence), "lineage": True},
                model.released)
        yield model.developer, model.id, link_key("developer-of", model.developer, model.id), _dated(
            {"kind": "developer-of"}, model.released)
        for d in model.derived_from:
            yield model.id, d.model, link_key("derived-from", model.id, d.model), _dated({
                "kind": "derived-from", "relation": str(d.relation),
                "status": str(ClaimStatus.SELF_DECLARED), "status_class": _DECLARED,
                "claimant": model.developer, "evidence_count": len(d.evidence), "lineage": True},
                model.released)
    policies = kb.policies
    prompted = {(inc, p.id) for p in policies for inc in p.prompted_by}
    for inc in kb.incidents:
        iid, date = inc.id, inc.date
        for inv in inc.actors:
            role = str(inv.role)
            yield inv.actor, iid, f"involved-in:{inv.actor}:{iid}:{role}", {
                "kind": "involved-in", "role": role, "date": date}
        for m in dict.fromkeys(inc.models):
            yield iid, m, f"concerns:{iid}:{m}", {"kind": "concerns", "date": date}
        if inc.claims:
            ev = {e.id: kb.source_of(e) for e in inc.evidence}
            replies = _replies(inc)
            for claim in inc.claims:
                yield claim.subject, claim.object, f"{iid}#{claim.id}", _claim_attrs(
                    inc, claim, ev, replies, developer_of)
        for p in dict.fromkeys(inc.policies):
            when = getattr(records.get(p), "date", None)
            yield iid, p, link_key("policy-link", iid, p), _dated(
                {"kind": "policy-link", "prompted": (iid, p) in prompted}, when)
        for r in dict.fromkeys(inc.related):
            yield iid, r, link_key("related", iid, r), {"kind": "related"}
    for policy in policies:
        for inc_id in dict.fromkeys(policy.prompted_by):
            other = records.get(inc_id)
            if isinstance(other, Incident) and policy.id in other.policies:
                continue  # already linked from the incident's side
            yield inc_id, policy.id, link_key("policy-link", inc_id, policy.id), {
                "kind": "policy-link", "prompted": True, "date": policy.date}
        for a in dict.fromkeys(policy.issued_by):
            yield a, policy.id, link_key("issued", a, policy.id), {"kind": "issued", "date": policy.date}
        for t in dict.fromkeys(policy.targets):
            yield policy.id, t, link_key("targets", policy.id, t), {"kind": "targets", "date": policy.date}
        if policy.claims:
            ev = {e.id: kb.source_of(e) for e in policy.evidence}
            replies = _replies(policy)
            for claim in policy.claims:
                yield claim.subject, claim.object, claim_key(policy.id, claim.id), _claim_attrs(
                    policy, claim, ev, replies, developer_of)
    for ds in kb.datasets:
        declared = _clean({"status": str(ClaimStatus.SELF_DECLARED), "status_class": _DECLARED,
                           "claimant": ds.creator, "lineage": True})
        for g in ds.generated_by:
            yield ds.id, g.model, link_key("generated-by", ds.id, g.model), _dated({
                "kind": "generated-by", **declared, "evidence_count": len(g.evidence)}, ds.released)
        for c in ds.collected_from:
            yield ds.id, c.source, link_key("collected-from", ds.id, c.source), _dated({
                "kind": "collected-from", **declared, "evidence_count": len(c.evidence)}, ds.released)
        if ds.creator:
            yield ds.creator, ds.id, link_key("creator-of", ds.creator, ds.id), _dated(
                {"kind": "creator-of"}, ds.released)
    for rec in sorted(records.values(), key=lambda r: r.id):
        if rec.superseded_by:
            yield rec.id, rec.superseded_by, link_key("superseded-by", rec.id, rec.superseded_by), {
                "kind": "superseded-by"}


def build_graph(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """The graph of a loaded KB. Edges whose ends are not records (unknown ids) are left out:
    `kb validate` reports those references.

    The adjacency is filled directly rather than through ``add_edges_from``, which checks
    every edge and is the bulk of the build time at 10,000 incidents. The structure is
    networkx's documented one for a MultiDiGraph: ``_succ[u][v]`` and ``_pred[v][u]`` are the
    same ``{key: attributes}`` dict. A test checks the result equals the public-API build.
    """
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    records = kb.records
    nodes, succ, pred = graph._node, graph._succ, graph._pred
    with paused_gc():
        for rec_id in sorted(records):
            if records[rec_id].kind_name not in NODE_KINDS:
                continue
            nodes[rec_id] = _node_attrs(records[rec_id], kb.file_of[rec_id])
            succ[rec_id] = {}
            pred[rec_id] = {}
        for u, v, key, attrs in _edges(kb):
            if u in nodes and v in nodes:
                keys = succ[u].get(v)
                if keys is None:
                    keys = succ[u][v] = pred[v][u] = {}
                keys[key] = attrs
    return graph


def build_graph_reference(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """The same graph through networkx's public API (for tests of :func:`build_graph`)."""
    graph: nx.MultiDiGraph = nx.MultiDiGraph()
    records = kb.records
    ids = [rid for rid in sorted(records) if records[rid].kind_name in NODE_KINDS]
    graph.add_nodes_from((rid, _node_attrs(records[rid], kb.file_of[rid])) for rid in ids)
    graph.add_edges_from((u, v, k, a) for u, v, k, a in _edges(kb) if u in graph and v in graph)
    return graph


def lineage_edges(graph: nx.MultiDiGraph) -> Iterable[tuple[str, str, str, Attrs]]:
    """Every edge that asserts lineage (see the module docstring of :mod:`kb.graph`)."""
    for u, v, key, data in graph.edges(keys=True, data=True):
        if data.get("lineage"):
            yield u, v, key, data
