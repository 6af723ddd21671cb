"""Rules across records: small functions over an index of per-record facts, each yielding
diagnostics.

Diagnostics carry a field path and no position; :func:`kb.validation.locate` finds line and
column afterwards, reading only the files that have problems. Rules about one record alone
live in :mod:`kb.validation.local`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from kb.codes import diagnostic
from kb.diagnostics import Diagnostic, FieldPath, suggest
from kb.loading import KnowledgeBase
from kb.records import Actor, Model
from kb.records.claim import Claim
from kb.records.parties import accused_party
from kb.records.types import date_bounds
from kb.records.vocab import LINEAGE_PREDICATES, ClaimStatus
from kb.validation.cycles import loops
from kb.validation.facts import Facts, normalise_url
from kb.validation.source_rules import SOURCE_RULES

__all__ = ["RULES", "Index", "accused_parties", "finding", "normalise_url"]


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


def finding(f: Facts, code: str, message: str, path: FieldPath, value: str | None = None,
       hint: str | None = None, related: tuple[str, ...] = ()) -> Diagnostic:
    return diagnostic(f.file, code, message, path, value, hint, related)


def ids_match_files(ix: Index) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for f in ix.facts:
        folder, _, name = f.file.rpartition("/")
        stem = name.rsplit(".", 1)[0]
        if f.id != stem:
            yield finding(f, "KB201", f"id '{f.id}' does not match the file name '{stem}'", ("id",), f.id,
                     f"rename the file to {folder}/{f.id}.yaml or set id: {stem}")
        if f.id in seen:
            yield finding(f, "KB202", f"id '{f.id}' is already used by {seen[f.id]}", ("id",), f.id,
                     "ids are unique across all record kinds", (seen[f.id],))
        else:
            seen[f.id] = f.file
    for f in ix.facts:
        for i, old in enumerate(f.former_ids):
            if old in ix.by_id:
                yield finding(f, "KB202", f"former id '{old}' is the id of a current record",
                         ("former_ids", i), old, related=(ix.by_id[old].file,))


def stem(file: str) -> str:
    """'actors/x.yaml' -> 'x' (cheaper than PurePosixPath on every file)."""
    return file.rpartition("/")[2].rsplit(".", 1)[0]


def either(kinds: tuple[str, ...]) -> str:
    """('actor', 'model', 'dataset') -> 'actor, model or dataset'."""
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def _unknown_code(path: FieldPath, kinds: tuple[str, ...]) -> str:
    """KB220 for an evidence item's source, KB221 for a source's relays/cited_in, else KB204."""
    if kinds != ("source",):
        return "KB204"
    return "KB220" if path[0] == "evidence" else "KB221"


def record_references(ix: Index) -> Iterator[Diagnostic]:
    aliases = {old: f.id for f in ix.facts for old in f.former_ids}
    by_kind: dict[str, list[str]] = {}
    for g in ix.facts:
        by_kind.setdefault(g.kind, []).append(g.id)
    for f in ix.facts:
        for path, ref, kinds in f.refs:
            target = ix.by_id.get(ref)
            if target is None:
                if ref in ix.broken:
                    continue  # the referenced file's own errors are the root cause
                if ref in aliases:
                    hint = f"'{ref}' was renamed to '{aliases[ref]}'; use the new id"
                else:
                    same_kind = [i for kind in kinds for i in by_kind.get(kind, ())]
                    hint = suggest(ref, same_kind) or f"add {'/'.join(kinds)} record '{ref}' or fix the id"
                yield finding(f, _unknown_code(path, kinds), f"unknown {either(kinds)} '{ref}'", path,
                              ref, hint)
            elif target.kind not in kinds:
                yield finding(f, "KB213", f"'{ref}' is {_a(target.kind)}, but this field takes "
                              f"{either(kinds)}", path, ref)


def _accused(ix: Index, subject: str, claimant: str) -> list[str]:
    target = ix.by_id.get(subject)
    if target is None:
        return []
    party = accused_party(subject, target.kind, target.developer, claimant)
    if party is None:
        return []
    holder = ix.by_id.get(party)
    affiliates = [ref for path, ref, _ in holder.refs
                  if path[0] == "affiliations" and ref in ix.by_id] if holder else []
    return [party, *(a for a in affiliates if a not in (claimant, party))]


def accused_parties(kb: KnowledgeBase, claim: Claim) -> list[str]:
    """The actors a claim accuses: its subject, or the developer of a subject model, and the
    organisations that actor is affiliated with (operators affiliated with a lab: the lab too)."""
    subject = kb.records.get(claim.subject)
    party = accused_party(claim.subject, subject.kind_name if subject else None,
                          subject.developer if isinstance(subject, Model) else None, claim.claimant)
    if party is None:
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
                        yield finding(f, "KB208", f"the policy targets '{party}' but records no response "
                                 f"from '{party}'", path, party,
                                 f"add a response: - {{party: {party}, stance: no-response-found, "
                                 "date: 'YYYY-MM-DD', summary: ...}")
        for c in f.claims:
            if c.status in _NO_REPLY_NEEDED:
                continue
            for party in _accused(ix, c.subject, c.claimant):
                if not any(p == party and (not scope or c.id in scope) for p, scope in f.responses):
                    yield finding(f, "KB208", f"claim '{c.id}' accuses '{party}' but the {f.kind} records no "
                             f"response from '{party}'", ("claims", c.pos, "subject"), party,
                             f"add a response: - {{party: {party}, stance: no-response-found, "
                             "date: 'YYYY-MM-DD', summary: ...}")


def commentary_not_from_accused(ix: Index) -> Iterator[Diagnostic]:
    """KB114: a party a claim of the record accuses answers in `responses`, not in `commentary`
    (commentary is never counted as the accused party's reply, so it would hide one)."""
    for f in ix.facts:
        parties = [(path, ref) for path, ref, _ in f.refs if path[0] == "commentary"]
        if not parties:
            continue
        accused: dict[str, str] = {}
        for c in f.claims:
            for party in _accused(ix, c.subject, c.claimant):
                accused.setdefault(party, c.id)
        for path, ref, _ in f.refs:
            if path[0] == "targets":
                accused.update(dict.fromkeys(_accused(ix, ref, ""), ""))
        for path, party in parties:
            if party in accused:
                what = f"claim '{accused[party]}' accuses" if accused[party] else "the policy targets"
                yield finding(f, "KB114", f"{what} '{party}', so its statement is a response, not "
                              "commentary", path, party,
                              "move the entry to `responses` and give it a stance")


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
                    yield finding(f, "KB209", problem, ("claims", c.pos, "object"), c.object,
                             "check both models' release dates against the sources")
        for i, parent in enumerate(f.derived_from):
            problem = _student_before_teacher(ix, f.id, parent)
            if problem:
                yield finding(f, "KB209", problem, ("derived_from", i, "model"), parent)


def lineage_acyclic(ix: Index) -> Iterator[Diagnostic]:
    """KB210: declared lineage (`derived_from`) that loops; reported at the loop's first model."""
    parents = {f.id: f.derived_from for f in ix.facts if f.kind == "model"}
    for loop in loops(sorted(parents), lambda n: parents.get(n, ())):
        if len(loop) > 2:  # a model derived from itself is KB214's one-edge case
            f = ix.by_id[loop[0]]
            idx = f.derived_from.index(loop[1])
            yield finding(f, "KB210", f"declared lineage loops: {' -> '.join(loop)}",
                          ("derived_from", idx, "model"), f.derived_from[idx],
                          "remove the wrong derived_from entry")


RULES: tuple[Rule, ...] = (
    ids_match_files,
    record_references,
    responses_recorded,
    commentary_not_from_accused,
    lineage_dates,
    lineage_acyclic,
    *SOURCE_RULES,
)


def run_global(ix: Index) -> list[Diagnostic]:
    return [d for rule in RULES for d in rule(ix)]
