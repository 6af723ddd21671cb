"""Questions a policy reader asks of the graph: lineage, who is implicated, how two things are
connected, which claims are contested, and counts.

Queries return plain dataclasses (the CLI renders them as text or JSON). Edge directions are
described in :mod:`kb.graph`; a :class:`Step` always reports an edge in its own direction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import networkx as nx

from kb.diagnostics import closest
from kb.records.claim import status_on
from kb.records.parties import accused_party
from kb.records.types import date_bounds
from kb.records.vocab import (
    NOT_SUPPORTED_STATUSES,
    ClaimStatus,
    ResponseStance,
    StatusClass,
    is_accusation,
    status_class,
)

#: Claim statuses that contest a claim, and response stances that do.
CONTESTING_STATUSES = frozenset({ClaimStatus.DISPUTED, ClaimStatus.DENIED, ClaimStatus.REFUTED,
                                 ClaimStatus.RETRACTED})
CONTESTING_RESPONSES = frozenset({ResponseStance.DENIED, ResponseStance.DISPUTED})

#: Every claim status: pass as ``statuses`` to show not-supported claims too.
ALL_STATUSES = frozenset(str(s) for s in ClaimStatus)
#: What lineage, implicated, path and stats show when no statuses are asked for: every claim
#: but those the sources reviewed do not support (unsubstantiated, refuted, retracted).
DEFAULT_STATUSES = ALL_STATUSES - {str(s) for s in NOT_SUPPORTED_STATUSES}
ALL = "all"
"""The word that asks for every status (``kb graph ... --status all``)."""


def statuses_for(names: Iterable[str]) -> frozenset[str]:
    """Claim statuses for a list of names, each a status ('corroborated'), a status class
    ('established', 'not-supported': all its statuses) or 'all'. A name that is both a status
    and a class (``alleged``) means the status, as it always has. Unknown names raise
    ValueError."""
    out: set[str] = set()
    classes = {str(c): c for c in StatusClass}
    for name in names:
        if name == ALL:
            out |= ALL_STATUSES
        elif name in ALL_STATUSES:
            out.add(name)
        elif name in classes:
            out |= {str(s) for s in ClaimStatus if status_class(s) is classes[name]}
        else:
            raise ValueError(name)
    return frozenset(out)


def shown_statuses(statuses: Collection[str] | None) -> Collection[str]:
    """The statuses a query shows: ``statuses`` as given, or :data:`DEFAULT_STATUSES` for None."""
    return DEFAULT_STATUSES if statuses is None else statuses


class UnknownNode(LookupError):
    """A name that matches no node; carries the closest names."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name = name
        self.suggestions = suggestions
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no actor, model, incident or policy called '{name}'{hint}")


@dataclass(frozen=True)
class Step:
    """One edge, in its own direction, with what justifies it."""

    source: str
    target: str
    key: str
    kind: str
    predicate: str | None = None
    status: str | None = None
    claimant: str | None = None
    incident: str | None = None
    date: str | None = None
    evidence_count: int | None = None
    strongest_evidence: str | None = None
    responses: tuple[str, ...] = ()
    detail: str | None = None
    """The role (involved-in) or relation (derived-from), when the edge has one."""
    status_class: str | None = None
    """established, alleged or not-supported (:class:`kb.records.vocab.StatusClass`)."""
    response_dates: tuple[str, ...] = ()
    """'date:party:stance' for each response (see :func:`kb.records.phrases.response_phrase`)."""

    @property
    def relation(self) -> str:
        return self.predicate or self.kind


def step(u: str, v: str, key: str, data: dict[str, Any]) -> Step:
    return Step(u, v, str(key), data.get("kind", ""), data.get("predicate"), data.get("status"),
                data.get("claimant"), data.get("incident"), data.get("date"),
                data.get("evidence_count"), data.get("strongest_evidence"),
                tuple(data.get("responses", ())), data.get("role") or data.get("relation"),
                data.get("status_class"), tuple(data.get("response_dates", ())))


# Finding nodes and filtering -------------------------------------------------------------------

def resolve(graph: nx.MultiDiGraph, name: str) -> str:
    """The node id for an id, former id, name or alias (case-insensitive); else UnknownNode."""
    if name in graph:
        return name
    wanted = name.casefold().strip()
    names: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        for label in (node, data.get("name", ""), *data.get("aliases", ()), *data.get("former_ids", ())):
            names.setdefault(str(label).casefold(), node)
    if wanted in names:
        return names[wanted]
    close = closest(wanted, names, n=3)
    raise UnknownNode(name, list(dict.fromkeys(names[c] for c in close)))


def _starts_by(value: str | None, last_day: Any) -> bool:
    return value is None or date_bounds(value)[0] <= last_day


def status_as_of(data: dict[str, Any], last_day: Any) -> str | None:
    """The status an edge's claim had on ``last_day``: the latest history entry dated by then,
    or the current status when the claim has no history; None when its history starts later."""
    history = data.get("history")
    if not history:
        return data.get("status")
    entries = (str(entry).partition(":") for entry in history)
    return status_on(((when, status) for when, _, status in entries), last_day)


def view(graph: nx.MultiDiGraph, statuses: Collection[str] | None = None,
         as_of: str | None = None) -> nx.MultiDiGraph:
    """The graph restricted to edges with one of ``statuses`` (edges without a status stay) and
    to what was known by ``as_of`` (a partial date: nodes and edges dated after it go, a claim
    with a status history carries the status it had then, and only responses dated by then
    are listed).

    The view is lazy: queries read an edge through :func:`edge_data`, which restates a claim's
    status and responses for the view's date; :func:`snapshot` makes the whole view concrete
    (for exports)."""
    wanted = set(statuses or ())
    if wanted >= ALL_STATUSES:
        wanted = set()  # every status: nothing to filter
    if not wanted and not as_of:
        return graph
    last = date_bounds(as_of)[1] if as_of else None
    succ = graph._succ

    def keep_node(n: str) -> bool:
        return last is None or _starts_by(graph._node[n].get("date"), last)

    def keep_edge(u: str, v: str, k: str) -> bool:
        data = succ[u][v][k]
        status = data.get("status")
        if last is not None:
            if not _starts_by(data.get("date"), last):
                return False
            if "history" in data:
                status = status_as_of(data, last)
                if status is None:
                    return False
        return not (wanted and status is not None and status not in wanted)

    g = nx.subgraph_view(graph, filter_node=keep_node, filter_edge=keep_edge)
    g.kb_as_of = last  # read by edge_data
    return g


def edge_data(g: nx.MultiDiGraph, data: dict[str, Any]) -> dict[str, Any]:
    """An edge's attributes as they stood on the date of the view ``g`` (see :func:`view`)."""
    last = getattr(g, "kb_as_of", None)
    if last is None or ("history" not in data and "response_dates" not in data):
        return data
    if "history" in data:
        status = status_as_of(data, last)
        attrs = {**data, "status": status}
        if status is not None:
            attrs["status_class"] = str(status_class(status))
    else:
        attrs = data
    return _responses_by(attrs, last) if "response_dates" in data else attrs


def snapshot(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A dated view as a concrete graph, every edge restated (for exports); other graphs as
    they are."""
    if getattr(g, "kb_as_of", None) is None:
        return g
    out: nx.MultiDiGraph = nx.MultiDiGraph()
    out.add_nodes_from(g.nodes(data=True))
    out.add_edges_from((u, v, k, edge_data(g, d)) for u, v, k, d in g.edges(keys=True, data=True))
    return out


def _responses_by(data: dict[str, Any], last: Any) -> dict[str, Any]:
    """An edge's attributes with only the responses made (or searched for) by ``last``."""
    dated = [str(e) for e in data["response_dates"] if date_bounds(str(e).partition(":")[0])[0] <= last]
    out = {k: v for k, v in data.items() if k not in ("responses", "response_dates")}
    if dated:
        out["response_dates"] = dated
        out["responses"] = sorted({e.partition(":")[2] for e in dated})
    return out


# Lineage ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LineageEntry:
    node: str
    kind: str
    name: str
    depth: int
    path: tuple[str, ...]
    """Node ids from the queried model to this node."""
    steps: tuple[Step, ...]
    """The lineage edges that justify the last hop of the path."""
    via_family: str | None = None
    """The queried family, when the path starts at one of its members (not at the family)."""


@dataclass(frozen=True)
class Lineage:
    root: str
    name: str
    direction: str
    entries: list[LineageEntry]
    members: tuple[str, ...] = ()
    """The family members whose lineage is included (empty for a model that is no family, or
    with ``exact``)."""

    def via_member(self, s: Step) -> str | None:
        """The family member a step is about, when it is not about the root itself."""
        end = s.target if self.direction == "down" else s.source
        return end if end in self.members else None


def _lineage_edges(graph: nx.MultiDiGraph, node: str, up: bool) -> Iterator[tuple[str, Step]]:
    if up:
        for _, v, k, d in graph.out_edges(node, keys=True, data=True):
            if d.get("lineage"):
                yield v, step(node, v, k, edge_data(graph, d))
    else:
        for u, _, k, d in graph.in_edges(node, keys=True, data=True):
            if d.get("lineage"):
                yield u, step(u, node, k, edge_data(graph, d))


def family_members(graph: nx.MultiDiGraph, node: str) -> list[str]:
    """The models whose ``family`` leads to ``node`` (members of members too), sorted."""
    found: set[str] = set()
    frontier = [node]
    while frontier:
        nxt = [u for f in frontier for u, _, d in graph.in_edges(f, data=True)
               if d.get("kind") == "member-of" and u not in found and u != node]
        found.update(nxt)
        frontier = nxt
    return sorted(found)


def lineage(graph: nx.MultiDiGraph, node: str, *, up: bool = False, statuses: Collection[str] | None = None,
            as_of: str | None = None, max_depth: int | None = None, exact: bool = False) -> Lineage:
    """Ancestors (``up``: the teachers and bases it is claimed or declared to derive from) or
    descendants (down: the models and actors claimed to derive from it), breadth first.

    For a model family the members' lineage is included (each entry says ``via_family``),
    unless ``exact``. ``statuses`` None leaves out claims the sources do not support
    (:data:`DEFAULT_STATUSES`); pass :data:`ALL_STATUSES` to include them."""
    g = view(graph, shown_statuses(statuses), as_of)
    start = resolve(graph, node)
    members = [] if exact else family_members(graph, start)
    paths: dict[str, tuple[str, ...]] = {n: (n,) for n in (start, *members)}
    entries: list[LineageEntry] = []
    frontier = [start, *members]
    depth = 0
    while frontier and (max_depth is None or depth < max_depth):
        depth += 1
        found: dict[str, list[Step]] = defaultdict(list)
        for parent in frontier:
            if parent not in g:
                continue
            for other, s in _lineage_edges(g, parent, up):
                if other not in paths:
                    found[other].append(s)
        for other in sorted(found):
            steps = sorted(found[other], key=lambda s: (s.source, s.target, s.key))
            via = steps[0].target if not up else steps[0].source
            paths[other] = (*paths[via], other)
            data = graph.nodes[other]
            root = paths[other][0]
            entries.append(LineageEntry(other, data.get("kind", ""), data.get("name", other), depth,
                                        paths[other], tuple(steps), start if root != start else None))
        frontier = sorted(found)
    return Lineage(start, graph.nodes[start].get("name", start), "up" if up else "down", entries,
                   tuple(members))


# Implicated ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Member:
    node: str
    kind: str
    name: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Implicated:
    node: str
    kind: str
    name: str
    groups: dict[str, list[Member]]
    """Relation (a phrase with '…' standing for the members) to the members."""


_PHRASE = {"involved-in": "{role} in", "derived-from": "derived-from ({relation})"}


def _phrase(data: dict[str, Any]) -> str:
    if data.get("kind") == "claim":
        return str(data.get("predicate"))
    template = _PHRASE.get(data.get("kind", ""), "{kind}")
    return template.format(role=data.get("role", ""), relation=data.get("relation", ""),
                           kind=data.get("kind", ""))


def implicated(graph: nx.MultiDiGraph, node: str, *, statuses: Collection[str] | None = None,
               as_of: str | None = None, exact: bool = False) -> Implicated:
    """Every actor, model, incident and policy connected to ``node``, grouped by relation.

    Besides the node's own edges this follows claims one step further: for an actor, the
    claims about the models it develops; for any node, the incidents its claims come from, who
    made those claims, and the policies linked to those incidents; for an incident, the
    subjects and objects of its claims. For a model family, its members' edges are included
    (their groups start "via family <id>:"), unless ``exact``; for an actor, those of the actors
    affiliated with it ("via affiliation with <id>:"). ``statuses`` None leaves out claims the
    sources do not support (:data:`DEFAULT_STATUSES`).
    """
    g = view(graph, shown_statuses(statuses), as_of)
    start = resolve(graph, node)
    family = set() if exact else set(family_members(graph, start))
    groups: dict[str, dict[str, list[Step]]] = defaultdict(lambda: defaultdict(list))

    def add(group: str, member: str, s: Step) -> None:
        if member != start:
            groups[group][member].append(s)

    focus = [start, *sorted(family)]
    affiliates: set[str] = set()
    if graph.nodes[start].get("kind") == "actor" and start in g:
        focus += sorted(v for _, v, d in g.out_edges(start, data=True) if d.get("kind") == "developer-of")
        affiliates = {u for u, _, d in g.in_edges(start, data=True) if d.get("kind") == "affiliation"}
        focus += sorted(affiliates - set(focus))
    claims: list[Step] = []
    for x in focus:
        if x not in g:
            continue
        via = (f"via family {start}: " if x in family
               else f"via affiliation with {start}: " if x in affiliates else "")
        for _, v, k, d in g.out_edges(x, keys=True, data=True):
            if via and v == start and d.get("kind") in ("member-of", "affiliation"):
                continue  # the link itself is listed under "… member-of <family>" or "… affiliation"
            add(f"{via}{x} {_phrase(d)} …", v, step(x, v, k, edge_data(g, d)))
            if d.get("kind") == "claim":
                claims.append(step(x, v, k, edge_data(g, d)))
        for u, _, k, d in g.in_edges(x, keys=True, data=True):
            add(f"{via}… {_phrase(d)} {x}", u, step(u, x, k, edge_data(g, d)))
            if d.get("kind") == "claim":
                claims.append(step(u, x, k, edge_data(g, d)))
    if graph.nodes[start].get("kind") == "actor":
        for u, v, k, d in g.edges(keys=True, data=True):
            if d.get("kind") == "claim" and d.get("claimant") == start:
                add(f"{start} claims: … (subjects)", u, step(u, v, k, edge_data(g, d)))
                add(f"{start} claims: … (objects)", v, step(u, v, k, edge_data(g, d)))
                claims.append(step(u, v, k, edge_data(g, d)))
    if graph.nodes[start].get("kind") == "incident":
        for u, v, k, d in g.edges(keys=True, data=True):
            if d.get("kind") == "claim" and d.get("incident") == start:
                add("claims in this incident: … (subjects)", u, step(u, v, k, edge_data(g, d)))
                add("claims in this incident: … (objects)", v, step(u, v, k, edge_data(g, d)))
    for s in claims:
        if s.incident and s.incident in g:
            recorded_in = "policies" if g.nodes[s.incident].get("kind") == "policy" else "incidents"
            add(f"{recorded_in} recording these claims", s.incident, s)
            if s.claimant and s.claimant in g:
                add("claimants", s.claimant, s)
            for _, p, k, d in g.out_edges(s.incident, keys=True, data=True):
                if d.get("kind") == "policy-link":
                    add("policies linked to those incidents", p, step(s.incident, p, k, edge_data(g, d)))
    out: dict[str, list[Member]] = {}
    for group in sorted(groups):
        members = []
        for member, steps in sorted(groups[group].items()):
            data = graph.nodes[member]
            unique = sorted(set(steps), key=lambda s: (s.source, s.target, s.key))
            members.append(Member(member, data.get("kind", ""), data.get("name", member), tuple(unique)))
        out[group] = members
    data = graph.nodes[start]
    return Implicated(start, data.get("kind", ""), data.get("name", start), out)


# Path ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Hop:
    source: str
    target: str
    steps: tuple[Step, ...]
    """Every edge between the two nodes, in either direction."""


def _justified(g: nx.MultiDiGraph, u: str, v: str) -> bool:
    """Whether some edge between u and v (either direction) is a claim or lineage."""
    for x, y in ((u, v), (v, u)):
        for d in (g.get_edge_data(x, y) or {}).values():
            if d.get("kind") == "claim" or d.get("lineage"):
                return True
    return False


def path(graph: nx.MultiDiGraph, a: str, b: str, *, statuses: Collection[str] | None = None,
         as_of: str | None = None) -> list[Hop] | None:
    """The shortest chain of edges between two nodes, ignoring direction (each hop lists the
    edges that justify it, in their own direction); None when they are not connected.

    Among equally short chains, the one with the most hops made of claims and lineage wins (so
    text-davinci-003 -> alpaca-52k -> alpaca is preferred to a route through the incident that
    mentions both), then the one through the lowest ids. ``statuses`` None leaves out claims
    the sources do not support (:data:`DEFAULT_STATUSES`)."""
    g = view(graph, shown_statuses(statuses), as_of)
    start, goal = resolve(graph, a), resolve(graph, b)
    if start not in g or goal not in g:
        return None
    # Breadth first, one layer at a time; each node keeps its best (loose hops, chain) among
    # the chains of the fewest hops that reach it.
    best: dict[str, tuple[int, tuple[str, ...]]] = {start: (0, (start,))}
    layer = [start]
    while layer and goal not in best:
        reached: dict[str, tuple[int, tuple[str, ...]]] = {}
        for n in layer:
            loose, chain = best[n]
            for m in {*g.successors(n), *g.predecessors(n)}:
                if m in best:
                    continue
                cost = (loose + (not _justified(g, n, m)), (*chain, m))
                if m not in reached or cost < reached[m]:
                    reached[m] = cost
        best.update(reached)
        layer = sorted(reached)
    if goal not in best:
        return None
    found = best[goal][1]
    hops_out = []
    for u, v in pairwise(found):
        steps = [step(u, v, k, edge_data(g, d)) for k, d in (g.get_edge_data(u, v) or {}).items()]
        steps += [step(v, u, k, edge_data(g, d)) for k, d in (g.get_edge_data(v, u) or {}).items()]
        hops_out.append(Hop(u, v, tuple(sorted(steps, key=_step_rank))))
    return hops_out


def _step_rank(s: Step) -> tuple[int, str]:
    return (0 if s.kind == "claim" else 1, s.key)


# Contested -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Contest:
    subject: str
    object: str
    steps: tuple[Step, ...]
    """Every claim between subject and object."""
    reasons: tuple[str, ...]


def contest_reasons(key: str, data: dict[str, Any]) -> list[str]:
    """Why the claim on one edge is contested (empty when it is not)."""
    reasons = []
    status = data.get("status")
    if status in CONTESTING_STATUSES:
        reasons.append(f"{key} is {status}")
    for r in data.get("responses", ()):
        party, _, stance = r.partition(":")
        if stance in CONTESTING_RESPONSES:
            reasons.append(f"{party} {stance} {key}")
    disputing = int(data.get("disputing_count", 0))
    if disputing:
        reasons.append(f"{disputing} source{'s' * (disputing != 1)} dispute {key}")
    return reasons


def contested(graph: nx.MultiDiGraph, *, as_of: str | None = None) -> list[Contest]:
    """Subject-object pairs whose claims conflict: a claim whose status is disputed, denied,
    refuted or retracted, that the accused party denied or disputed in a response, or that a
    source disputes; with every other claim about the same pair."""
    g = view(graph, None, as_of)
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for u, v, k, d in g.edges(keys=True, data=True):
        if d.get("kind") == "claim":
            found[u, v] += contest_reasons(str(k), edge_data(g, d))
    out = []
    for (u, v), reasons in sorted(found.items()):
        if reasons:
            claims = [step(u, v, k, edge_data(g, d)) for k, d in g[u][v].items() if d.get("kind") == "claim"]
            out.append(Contest(u, v, tuple(sorted(claims, key=lambda s: s.key)), tuple(reasons)))
    return out


# Stats -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Stats:
    nodes: dict[str, int]
    edges: dict[str, int]
    claims_by_status: dict[str, int]
    """Every claim, whatever the statuses asked for (the counts say how much was claimed)."""
    claims_by_predicate: dict[str, int]
    most_accused: list[tuple[str, int]]
    """Named actors by the number of accusations against them: claims with an accusation
    predicate (:data:`kb.records.vocab.ACCUSATION_PREDICATES`), not self-declared, whose
    subject is the actor or a model it develops, made by another party; observations (a model
    naming another, an access cut) are not accusations. Claims with statuses not shown (by
    default the not-supported ones) are not counted."""
    most_targeted_models: list[tuple[str, int]]
    """Models by the number of claims (with the statuses shown) that have them as object."""
    in_degree: list[tuple[str, int]]
    out_degree: list[tuple[str, int]]
    names: dict[str, str] = field(default_factory=dict)
    accused_groups: list[tuple[str, int]] = field(default_factory=list)
    """Unnamed groups (actor kind ``group``, e.g. 'operators affiliated with ...') by the
    accusations against them, by the same rule: listed apart from named actors, since a group
    is a claimant's description, not an identified party."""
    statuses: tuple[str, ...] = ()
    """The claim statuses counted in the accusation and target rankings."""


def _top(counts: Iterable[tuple[str, int]], n: int) -> list[tuple[str, int]]:
    return sorted((c for c in counts if c[1]), key=lambda c: (-c[1], c[0]))[:n]


def accused_by(graph: nx.MultiDiGraph, u: str, data: dict[str, Any]) -> str | None:
    """The party a claim edge from ``u`` accuses, or None when it accuses no one: not an
    accusation predicate, self-declared, or made by the accused about itself."""
    if data.get("kind") != "claim" or not is_accusation(data.get("predicate", ""), data.get("status", "")):
        return None
    subject = graph.nodes[u]
    return accused_party(u, subject.get("kind"), subject.get("developer"), data.get("claimant", ""))


def stats(graph: nx.MultiDiGraph, *, top: int = 10, as_of: str | None = None,
          statuses: Collection[str] | None = None) -> Stats:
    """Counts by kind, status and predicate over every claim; accusation and target rankings
    over the claims with ``statuses`` (None: all but the not-supported, see
    :data:`DEFAULT_STATUSES`)."""
    g = view(graph, None, as_of)
    shown = set(shown_statuses(statuses))
    nodes = Counter(d.get("kind", "") for _, d in g.nodes(data=True))
    edges = Counter(d.get("kind", "") for _, _, d in g.edges(data=True))
    by_status: Counter[str] = Counter()
    by_predicate: Counter[str] = Counter()
    accused: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    targeted: Counter[str] = Counter()
    for u, v, raw in g.edges(data=True):
        if raw.get("kind") != "claim":
            continue
        d = edge_data(g, raw)
        by_status[d.get("status", "")] += 1
        by_predicate[d.get("predicate", "")] += 1
        if d.get("status") not in shown:
            continue
        party = accused_by(g, u, d)
        if party:
            group = party in g and g.nodes[party].get("actor_kind") == "group"
            (groups if group else accused)[party] += 1
        if g.nodes[v].get("kind") == "model":
            targeted[v] += 1
    leaders = [*_top(accused.items(), top), *_top(groups.items(), top), *_top(targeted.items(), top)]
    ins = _top(((n, int(d)) for n, d in g.in_degree()), top)
    outs = _top(((n, int(d)) for n, d in g.out_degree()), top)
    names = {n: graph.nodes[n].get("name", n) for n, _ in [*leaders, *ins, *outs] if n in graph}
    return Stats(dict(sorted(nodes.items())), dict(sorted(edges.items())), dict(sorted(by_status.items())),
                 dict(sorted(by_predicate.items())), _top(accused.items(), top),
                 _top(targeted.items(), top), ins, outs, names, _top(groups.items(), top),
                 tuple(sorted(shown)))
