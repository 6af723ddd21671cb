"""Graph checks (KB3xx) for `kb validate`: problems that only show across several edges.

They run over the same per-file facts as the other rules across records
(:class:`kb.validation.rules.Index`), so that `kb validate` can reuse its cache and does not
import networkx. The edges they follow are the graph's (see :mod:`kb.graph` for directions):
lineage edges are declared ``derived_from`` entries and claims with a lineage predicate, except
claims recorded as refuted or retracted.

The one-edge cases have their own codes and are not repeated here: a declared lineage cycle is
KB210, a student released before its teacher on one edge is KB209, a claim whose subject is
its object is KB214.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kb.diagnostics import Diagnostic, FieldPath
from kb.records.types import date_bounds
from kb.records.vocab import LINEAGE_PREDICATES, ClaimStatus
from kb.validation.cycles import components, loops, route
from kb.validation.facts import Facts
from kb.validation.rules import Index, finding

_LINEAGE = frozenset(str(p) for p in LINEAGE_PREDICATES)
_NOT_ASSERTED = frozenset({str(ClaimStatus.REFUTED), str(ClaimStatus.RETRACTED)})


@dataclass(frozen=True, slots=True)
class LineageEdge:
    """A lineage edge ``child -> parent`` and the field that asserts it."""

    child: str
    parent: str
    facts: Facts
    path: FieldPath
    claim: str | None
    """``<incident>#<claim id>`` for a claim; None for a declared ``derived_from``."""


#: Fields through which a model or dataset declares where its data came from (data lineage).
DATA_LINEAGE_FIELDS = ("trained_on", "generated_by", "collected_from")


def lineage_edges(ix: Index) -> dict[str, list[LineageEdge]]:
    """Outgoing lineage edges by child id, in file order."""
    out: dict[str, list[LineageEdge]] = defaultdict(list)
    for f in ix.facts:
        for i, parent in enumerate(f.derived_from):
            out[f.id].append(LineageEdge(f.id, parent, f, ("derived_from", i, "model"), None))
        for path, ref, _ in f.refs:
            if path[0] in DATA_LINEAGE_FIELDS and ref != f.id:
                target = ix.by_id.get(ref)
                if target is not None and target.kind in ("model", "dataset"):
                    out[f.id].append(LineageEdge(f.id, ref, f, path, None))
        for c in f.claims:
            if c.predicate in _LINEAGE and c.status not in _NOT_ASSERTED and c.subject != c.object:
                out[c.subject].append(LineageEdge(c.subject, c.object, f, ("claims", c.pos, "object"),
                                                  f"{f.id}#{c.id}"))
    return out


@dataclass
class FactsGraph:
    """The index, with its lineage edges worked out once for all checks."""

    ix: Index
    edges: dict[str, list[LineageEdge]]


def claimed_lineage_cycles(g: FactsGraph) -> Iterator[Diagnostic]:
    """KB301: lineage that loops through at least one claim."""
    edges = g.edges
    # A loop only passes through nodes with outgoing lineage: leave the others out.
    for comp in components(sorted(edges), lambda n: [e.parent for e in edges[n] if e.parent in edges]):
        members = set(comp)
        inner = [e for n in comp for e in edges.get(n, ()) if e.parent in members]
        claims = sorted((e for e in inner if e.claim), key=lambda e: e.claim or "")
        if len(comp) < 2 or not claims:
            continue  # declared-only loops are KB210 or KB231
        first = claims[0]
        loop = [first.child, *route(lambda n: [e.parent for e in edges.get(n, ())], first.parent,
                                     first.child, members)]
        yield finding(first.facts, "KB301", f"claimed lineage loops: {' -> '.join(loop)} "
                 f"(first step: claim {first.claim})", first.path, first.parent,
                 "two parties may accuse each other; check that each claim's subject and object "
                 "are the right way round (subject derives from object)")


def _later(student: str, teacher: str) -> bool:
    return date_bounds(student)[1] < date_bounds(teacher)[0]


def release_order_through_undated(g: FactsGraph) -> Iterator[Diagnostic]:
    """KB302: a model that derives, through models with no release date, from a later model."""
    ix, edges = g.ix, g.edges
    released = {f.id: f.released for f in ix.facts if f.released}
    for student in sorted(edges):
        if student not in released:
            continue
        reported: set[str] = set()
        for first in edges[student]:
            if first.parent in released:
                continue  # one edge: KB209
            seen = {student, first.parent}
            stack = [(first.parent, [student, first.parent])]
            while stack:
                node, chain = stack.pop()
                for e in edges.get(node, ()):
                    if e.parent in seen:
                        continue
                    seen.add(e.parent)
                    if e.parent not in released:
                        stack.append((e.parent, [*chain, e.parent]))
                    elif e.parent not in reported and _later(released[student], released[e.parent]):
                        reported.add(e.parent)
                        yield finding(first.facts, "KB302",
                                 f"'{student}' (released {released[student]}) derives through "
                                 f"{' -> '.join(chain[1:])} (no release date) from '{e.parent}', "
                                 f"released later ({released[e.parent]})", first.path, first.parent,
                                 "check the release dates, or add the missing ones to the models "
                                 "in between")


_COVERED_ELSEWHERE = ("derived_from", "claims", "family", "affiliations")  # KB210, KB214, KB119


def self_loops(ix: Index, f: Facts) -> Iterator[Diagnostic]:
    """KB303: a record that points at itself (its own parent, related incident, successor ...)."""
    for path, ref, _ in f.refs:
        if ref == f.id and path[0] not in _COVERED_ELSEWHERE:
            yield finding(f, "KB303", f"'{f.id}' refers to itself", path, ref,
                     "remove the entry, or name the other record meant")


def _parents(ix: Index) -> dict[str, tuple[Facts, FieldPath, str]]:
    return {f.id: (f, path, ref) for f in ix.facts if f.kind == "actor"
            for path, ref, _ in f.refs if path == ("parent",)}


def parent_cycles(g: FactsGraph) -> Iterator[Diagnostic]:
    """KB304: parent organisations that loop (A's parent is B, B's parent is A)."""
    parents = _parents(g.ix)
    for loop in loops(sorted(parents), lambda n: [parents[n][2]] if n in parents else []):
        if len(loop) > 2:  # an actor that is its own parent is KB303
            f, path, ref = parents[loop[0]]
            yield finding(f, "KB304", f"parent organisations loop: {' -> '.join(loop)}", path, ref,
                          "remove the wrong `parent`")


def _organisation(ix: Index, node: str) -> str | None:
    f = ix.get(node)
    if f is None:
        return None
    party = f.developer if f.kind == "model" else node if f.kind == "actor" else None
    seen: set[str] = set()
    while party is not None and party not in seen:
        up = ix.parent(party)
        if up is None:
            break
        seen.add(party)
        party = up
    return party


def same_party_lineage(ix: Index, f: Facts) -> Iterator[Diagnostic]:
    """KB305: a lineage claim (not self-declared) between two things of one organisation."""
    for c in f.claims:
        if (c.predicate not in _LINEAGE or c.status == ClaimStatus.SELF_DECLARED
                or c.subject == c.object):
            continue
        org = _organisation(ix, c.subject)
        if org is not None and org == _organisation(ix, c.object):
            yield finding(f, "KB305", f"claim '{c.id}' says '{c.subject}' {c.predicate} '{c.object}', "
                     f"but both belong to '{org}'", ("claims", c.pos, "object"), c.object,
                     "check the subject and object; a lab's own lineage is `self-declared`")


_NOT_A_MENTION = ("superseded_by",)
_LINKS_ITSELF = ("superseded_by", "family", "trained_on", "affiliations")


def orphans(ix: Index, f: Facts) -> Iterator[Diagnostic]:
    """KB306: an actor or model that no other record mentions (a model that declares its own
    lineage, family or training data is part of the graph through it, and is not reported). Not
    reported while a record file cannot be read at all: the mention may be in it."""
    if f.kind not in ("actor", "model") or f.derived_from:
        return
    if any(path[0] in _LINKS_ITSELF for path, _, _ in f.refs) or ix.any_broken():
        return
    if not ix.mentioned(f.id):
        yield finding(f, "KB306", f"{f.kind} '{f.id}' is not mentioned by any other record", ("id",),
                 f.id, "link it from an incident, policy or model, or remove it")


def _ref_chain_loops(ix: Index, field: str) -> Iterator[tuple[list[str], Facts, FieldPath, str]]:
    """Loops of a single-valued reference ``field`` (e.g. ``family``): each loop once, reported
    at its smallest id."""
    links = {f.id: (f, path, ref) for f in ix.facts for path, ref, _ in f.refs
             if path == (field,) and ref != f.id}
    done: set[str] = set()
    for start in sorted(links):
        chain: list[str] = []
        node: str | None = start
        while node is not None and node not in done and node not in chain:
            chain.append(node)
            node = links[node][2] if node in links else None
        if node is not None and node in chain:
            loop = chain[chain.index(node):]
            first = min(loop)
            at = loop.index(first)
            f, path, ref = links[first]
            yield [*loop[at:], *loop[:at], first], f, path, ref
        done.update(chain)


def family_cycles(g: FactsGraph) -> Iterator[Diagnostic]:
    """KB230: model families that loop (a model naming itself is KB119)."""
    for loop, f, path, ref in _ref_chain_loops(g.ix, "family"):
        yield finding(f, "KB230", f"model families loop: {' -> '.join(loop)}", path, ref,
                 "remove the wrong `family`; the family model itself names none")


def dataset_lineage_loops(g: FactsGraph) -> Iterator[Diagnostic]:
    """KB231: declared lineage that loops through a dataset (no claim in the loop: that is
    KB301; declared derived_from alone is KB210)."""
    edges = g.edges
    for comp in components(sorted(edges), lambda n: [e.parent for e in edges[n] if e.parent in edges]):
        members = set(comp)
        inner = [e for n in comp for e in edges.get(n, ()) if e.parent in members]
        data = [e for e in inner if e.path[0] in DATA_LINEAGE_FIELDS]
        if len(comp) < 2 or not data or any(e.claim for e in inner):
            continue
        first = min(data, key=lambda e: (e.child, e.path))
        loop = [first.child, *route(lambda n: [e.parent for e in edges.get(n, ())], first.parent,
                                     first.child, members)]
        yield finding(first.facts, "KB231", f"data lineage loops: {' -> '.join(loop)}", first.path,
                 first.parent, "a dataset cannot hold outputs of a model trained on it: check "
                 "`trained_on`, `generated_by` and `collected_from`")


GRAPH_RECORD_RULES: tuple[Callable[[Index, Facts], Iterator[Diagnostic]], ...] = (
    self_loops, same_party_lineage, orphans)
"""The graph checks that look at one record and what it refers to."""


def lineage_checks(ix: Index) -> Iterator[Diagnostic]:
    """The checks that follow lineage edges through several records (KB231, KB301, KB302)."""
    g = FactsGraph(ix, lineage_edges(ix))
    for check in (dataset_lineage_loops, claimed_lineage_cycles, release_order_through_undated):
        yield from check(g)


def family_checks(ix: Index) -> Iterator[Diagnostic]:
    return family_cycles(FactsGraph(ix, {}))


def parent_checks(ix: Index) -> Iterator[Diagnostic]:
    return parent_cycles(FactsGraph(ix, {}))


def graph_checks(ix: Index) -> list[Diagnostic]:
    """Every graph check over the facts of a knowledge base (no incremental reuse)."""
    out = [d for f in ix.facts for rule in GRAPH_RECORD_RULES for d in rule(ix, f)]
    return [*out, *family_checks(ix), *lineage_checks(ix), *parent_checks(ix)]
