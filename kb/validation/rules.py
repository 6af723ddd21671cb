"""Rules across records: small functions over an index of per-record facts, each yielding
diagnostics.

Diagnostics carry a field path and no position; :func:`kb.validation.locate` finds line and
column afterwards, reading only the files that have problems. Rules about one record alone
live in :mod:`kb.validation.local`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from kb.diagnostics import Diagnostic, Path
from kb.loading import KnowledgeBase
from kb.loading.record_errors import suggest
from kb.records import Actor, Model
from kb.records.claim import Claim
from kb.records.types import date_bounds
from kb.records.vocab import LINEAGE_PREDICATES, ClaimStatus
from kb.validation.facts import Facts, normalise_url

__all__ = ["RULES", "Index", "accused_parties", "normalise_url"]


@dataclass
class Index:
    """Facts of every loaded record, plus the files that did not load."""

    facts: list[Facts]
    """In file order."""
    broken: set[str] = field(default_factory=set)
    """File stems of record files that failed to load (their errors are reported there)."""
    by_id: dict[str, Facts] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for f in self.facts:
            self.by_id.setdefault(f.id, f)


Rule = Callable[[Index], Iterator[Diagnostic]]


def _d(f: Facts, code: str, message: str, path: Path, value: str | None = None,
       hint: str | None = None, related: tuple[str, ...] = ()) -> Diagnostic:
    return Diagnostic(f.file, code, message, 0, 0, path, value, hint, "error", related)


def ids_match_files(ix: Index) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for f in ix.facts:
        folder, _, name = f.file.rpartition("/")
        stem = name.rsplit(".", 1)[0]
        if f.id != stem:
            yield _d(f, "KB201", f"id '{f.id}' does not match the file name '{stem}'", ("id",), f.id,
                     f"rename the file to {folder}/{f.id}.yaml or set id: {stem}")
        if f.id in seen:
            yield _d(f, "KB202", f"id '{f.id}' is already used by {seen[f.id]}", ("id",), f.id,
                     "ids are unique across all record kinds", (seen[f.id],))
        else:
            seen[f.id] = f.file
    for f in ix.facts:
        for i, old in enumerate(f.former_ids):
            if old in ix.by_id:
                yield _d(f, "KB202", f"former id '{old}' is the id of a current record",
                         ("former_ids", i), old, related=(ix.by_id[old].file,))


def stem(file: str) -> str:
    """'actors/x.yaml' -> 'x' (cheaper than PurePosixPath on every file)."""
    return file.rpartition("/")[2].rsplit(".", 1)[0]


def either(kinds: tuple[str, ...]) -> str:
    """('actor', 'model', 'dataset') -> 'actor, model or dataset'."""
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def record_references(ix: Index) -> Iterator[Diagnostic]:
    aliases = {old: f.id for f in ix.facts for old in f.former_ids}
    for f in ix.facts:
        for path, ref, kinds in f.refs:
            target = ix.by_id.get(ref)
            if target is None:
                if ref in ix.broken:
                    continue  # the referenced file's own errors are the root cause
                if ref in aliases:
                    hint = f"'{ref}' was renamed to '{aliases[ref]}'; use the new id"
                else:
                    same_kind = [g.id for g in ix.facts if g.kind in kinds]
                    hint = suggest(ref, same_kind) or f"add {'/'.join(kinds)} record '{ref}' or fix the id"
                yield _d(f, "KB204", f"unknown {either(kinds)} '{ref}'", path, ref, hint)
            elif target.kind not in kinds:
                yield _d(f, "KB213", f"'{ref}' is {_a(target.kind)}, but this field takes "
                         f"{either(kinds)}", path, ref)


def _accused(ix: Index, subject: str, claimant: str) -> list[str]:
    target = ix.by_id.get(subject)
    if target is None:
        return []
    party = target.developer if target.kind == "model" else subject if target.kind == "actor" else None
    if party is None or party == claimant:
        return []
    holder = ix.by_id.get(party)
    affiliates = [ref for path, ref, _ in holder.refs
                  if path[0] == "affiliations" and ref in ix.by_id] if holder else []
    return [party, *(a for a in affiliates if a not in (claimant, party))]


def accused_parties(kb: KnowledgeBase, claim: Claim) -> list[str]:
    """The actors a claim accuses: its subject, or the developer of a subject model, and the
    organisations that actor is affiliated with (operators affiliated with a lab: the lab too)."""
    subject = kb.records.get(claim.subject)
    if isinstance(subject, Model):
        party: str | None = subject.developer
    elif subject is not None and subject.kind_name == "actor":
        party = subject.id
    else:
        party = None
    if party is None or party == claim.claimant:
        return []
    holder = kb.records.get(party)
    affiliates = [a.actor for a in holder.affiliations] if isinstance(holder, Actor) else []
    return [party, *(a for a in affiliates if a not in (claim.claimant, party))]


_NO_REPLY_NEEDED = frozenset({str(ClaimStatus.SELF_DECLARED), str(ClaimStatus.RETRACTED)})


def responses_recorded(ix: Index) -> Iterator[Diagnostic]:
    """KB208: every party a claim accuses, and every actor a policy targets, has a response."""
    for f in ix.facts:
        if f.kind == "policy":
            for path, ref, _ in f.refs:
                if path[0] != "targets":
                    continue
                for party in _accused(ix, ref, ""):
                    if not any(p == party for p, _ in f.responses):
                        yield _d(f, "KB208", f"the policy targets '{party}' but records no response "
                                 f"from '{party}'", path, party,
                                 f"add a response: - {{party: {party}, stance: no-response-found, "
                                 "date: 'YYYY-MM-DD', summary: ...}")
        for c in f.claims:
            if c.status in _NO_REPLY_NEEDED:
                continue
            for party in _accused(ix, c.subject, c.claimant):
                if not any(p == party and (not scope or c.id in scope) for p, scope in f.responses):
                    yield _d(f, "KB208", f"claim '{c.id}' accuses '{party}' but the {f.kind} records no "
                             f"response from '{party}'", ("claims", c.pos, "subject"), party,
                             f"add a response: - {{party: {party}, stance: no-response-found, "
                             "date: 'YYYY-MM-DD', summary: ...}")


def _student_before_teacher(ix: Index, student: str, teacher: str) -> str | None:
    s, t = ix.by_id.get(student), ix.by_id.get(teacher)
    if s and t and s.released and t.released and date_bounds(s.released)[1] < date_bounds(t.released)[0]:
        return (f"'{student}' (released {s.released}) cannot derive from '{teacher}', "
                f"released later ({t.released})")
    return None


_LINEAGE = frozenset(str(p) for p in LINEAGE_PREDICATES)


def lineage_dates(ix: Index) -> Iterator[Diagnostic]:
    for f in ix.facts:
        for c in f.claims:
            if c.predicate in _LINEAGE:
                problem = _student_before_teacher(ix, c.subject, c.object)
                if problem:
                    yield _d(f, "KB209", problem, ("claims", c.pos, "object"), c.object,
                             "check both models' release dates against the sources")
        for i, parent in enumerate(f.derived_from):
            problem = _student_before_teacher(ix, f.id, parent)
            if problem:
                yield _d(f, "KB209", problem, ("derived_from", i, "model"), parent)


def lineage_acyclic(ix: Index) -> Iterator[Diagnostic]:
    parents = {f.id: f.derived_from for f in ix.facts if f.kind == "model"}
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    reported: set[frozenset[str]] = set()
    out: list[Diagnostic] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for parent in parents.get(node, ()):
            if state.get(parent) == 1:
                cycle = stack[stack.index(parent):]
                if frozenset(cycle) in reported:
                    continue
                reported.add(frozenset(cycle))
                first = min(cycle)
                f = ix.by_id[first]
                at = cycle.index(first)
                nxt = cycle[(at + 1) % len(cycle)]
                idx = f.derived_from.index(nxt) if nxt in f.derived_from else 0
                loop = " -> ".join([*cycle[at:], *cycle[:at], first])
                out.append(_d(f, "KB210", f"declared lineage loops: {loop}", ("derived_from", idx, "model"),
                              f.derived_from[idx], "remove the wrong derived_from entry"))
            elif parent in parents and parent not in state:
                visit(parent, stack)
        stack.pop()
        state[node] = 2

    for model_id in sorted(parents):
        if model_id not in state:
            visit(model_id, [])
    yield from out


_COMPARED = ("publisher", "published", "kind")


def sources_agree(ix: Index) -> Iterator[Diagnostic]:
    first: dict[str, tuple[Facts, int]] = {}
    for f in ix.facts:
        local: set[str] = set()
        for s in f.sources:
            if s.key in local:
                continue  # reported by the local rule duplicate_sources
            local.add(s.key)
            if s.key not in first:
                first[s.key] = (f, s.pos)
                continue
            other_f, oi = first[s.key]
            other = other_f.sources[oi]
            for name in _COMPARED:
                mine, theirs = getattr(s, name), getattr(other, name)
                if mine is not None and theirs is not None and mine != theirs:
                    yield _d(f, "KB211", f"{name} '{mine}' contradicts '{theirs}' recorded for the same URL "
                             f"in {other_f.file} evidence[{oi}]", ("evidence", s.pos, name), str(mine),
                             "make both entries agree", (other_f.file,))


RULES: tuple[Rule, ...] = (
    ids_match_files,
    record_references,
    responses_recorded,
    lineage_dates,
    lineage_acyclic,
    sources_agree,
)


def run_global(ix: Index) -> list[Diagnostic]:
    return [d for rule in RULES for d in rule(ix)]
