"""Whole-knowledge-base rules: small functions over the loaded KB, each yielding diagnostics.

Diagnostics are yielded with a field path and no position; :func:`kb.validation.validate`
finds the line and column afterwards, reading only the files that have problems.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import PurePosixPath
from urllib.parse import urlsplit, urlunsplit

from kb.diagnostics import Diagnostic
from kb.loading import KnowledgeBase
from kb.record_errors import suggest
from kb.records import Incident, Model, Record
from kb.records.incident import Claim, Period
from kb.records.types import date_bounds
from kb.records.vocab import LINEAGE_PREDICATES, PRIMARY_KINDS, STATUSES_NEEDING_SUPPORT, ClaimStatus, Stance
from kb.validation.refs import evidence_refs, record_refs

Rule = Callable[[KnowledgeBase], Iterator[Diagnostic]]


def _diag(kb: KnowledgeBase, record: Record, code: str, message: str, path: tuple[str | int, ...],
          value: str | None = None, hint: str | None = None, related: tuple[str, ...] = ()) -> Diagnostic:
    return Diagnostic(kb.file_of[record.id], code, message, 0, 0, path, value, hint,
                      "warning" if code == "KB216" else "error", related)


def ids_match_files(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for doc in kb.documents:
        rec = doc.record
        if rec is None:
            continue
        stem = PurePosixPath(doc.file).stem
        if rec.id != stem:
            yield Diagnostic(doc.file, "KB201", f"id '{rec.id}' does not match the file name '{stem}'",
                             0, 0, ("id",), rec.id,
                             f"rename the file to {doc.folder}/{rec.id}.yaml or set id: {stem}")
        if rec.id in seen:
            yield Diagnostic(doc.file, "KB202", f"id '{rec.id}' is already used by {seen[rec.id]}",
                             0, 0, ("id",), rec.id, "ids are unique across all record kinds",
                             related=(seen[rec.id],))
        else:
            seen[rec.id] = doc.file
    for rec in kb.records.values():
        for i, old in enumerate(rec.former_ids):
            if old in kb.records:
                yield _diag(kb, rec, "KB202", f"former id '{old}' is the id of a current record",
                            ("former_ids", i), old, related=(kb.file_of[old],))


def local_ids(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    for rec in kb.records.values():
        groups: list[tuple[str, list[str]]] = [("evidence", [e.id for e in getattr(rec, "evidence", [])])]
        if isinstance(rec, Incident):
            groups.append(("claims", [c.id for c in rec.claims]))
        for field, ids in groups:
            seen: set[str] = set()
            for i, lid in enumerate(ids):
                if lid in seen:
                    yield _diag(kb, rec, "KB212", f"{field} id '{lid}' is used twice", (field, i, "id"),
                                lid, "give each item its own id")
                seen.add(lid)


def local_refs(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    for rec in kb.records.values():
        known = [e.id for e in getattr(rec, "evidence", [])]
        for path, ref in evidence_refs(rec):
            if ref not in known:
                yield _diag(kb, rec, "KB203", f"unknown evidence id '{ref}'", path, ref,
                            suggest(ref, known) or f"defined evidence ids: {', '.join(known) or 'none'}")
        if isinstance(rec, Incident):
            claim_ids = [c.id for c in rec.claims]
            for ri, resp in enumerate(rec.responses):
                for k, cid in enumerate(resp.claims):
                    if cid not in claim_ids:
                        yield _diag(kb, rec, "KB215", f"unknown claim id '{cid}'",
                                    ("responses", ri, "claims", k), cid,
                                    suggest(cid, claim_ids) or f"claim ids: {', '.join(claim_ids)}")


def record_references(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    aliases = {old: r.id for r in kb.records.values() for old in r.former_ids}
    # A record whose own file has errors is reported there; references to it are not repeated.
    broken = {PurePosixPath(d.file).stem for d in kb.documents if d.record is None}
    for rec in kb.records.values():
        for path, ref, kinds in record_refs(rec):
            target = kb.records.get(ref)
            if target is None and ref in broken:
                continue
            if target is None:
                if ref in aliases:
                    hint = f"'{ref}' was renamed to '{aliases[ref]}'; use the new id"
                else:
                    same_kind = [r.id for r in kb.records.values() if r.kind_name in kinds]
                    hint = suggest(ref, same_kind) or f"add {'/'.join(kinds)} record '{ref}' or fix the id"
                yield _diag(kb, rec, "KB204", f"unknown {' or '.join(kinds)} '{ref}'", path, ref, hint)
            elif target.kind_name not in kinds:
                yield _diag(kb, rec, "KB213",
                            f"'{ref}' is {_a(target.kind_name)}, but this field takes {' or '.join(kinds)}",
                            path, ref)


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def claims_evidence(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    for inc in kb.incidents:
        ev = {e.id: e for e in inc.evidence}
        for ci, claim in enumerate(inc.claims):
            path = ("claims", ci)
            if claim.subject == claim.object:
                yield _diag(kb, inc, "KB214", f"claim '{claim.id}' has '{claim.subject}' as both subject "
                            "and object", (*path, "object"), claim.object)
            if not claim.evidence:
                yield _diag(kb, inc, "KB205", f"claim '{claim.id}' cites no evidence", (*path, "evidence"),
                            hint="add - {ref: <evidence id>, stance: supports}")
                continue
            supporting = [ev[r.ref] for r in claim.evidence if r.stance == Stance.SUPPORTS and r.ref in ev]
            if claim.status in STATUSES_NEEDING_SUPPORT and not any(
                r.stance == Stance.SUPPORTS for r in claim.evidence
            ):
                yield _diag(kb, inc, "KB206", f"claim '{claim.id}' is '{claim.status}' but no evidence "
                            "has stance 'supports'", (*path, "evidence"),
                            hint="cite the source in which the claimant makes the claim")
            if claim.status == ClaimStatus.CONFIRMED and not any(
                e.kind in PRIMARY_KINDS and e.first_hand for e in supporting
            ):
                kinds = sorted({str(e.kind) for e in supporting}) or ["none"]
                yield _diag(kb, inc, "KB207", f"claim '{claim.id}' is 'confirmed' but is backed only by "
                            f"{', '.join(kinds)}", (*path, "status"), str(claim.status),
                            "cite a first-hand primary statement, government document or court filing, "
                            "or use 'corroborated'")


def accused_parties(kb: KnowledgeBase, claim: Claim) -> list[str]:
    """The actors a claim accuses: its subject, or the developer of a subject model."""
    subject = kb.records.get(claim.subject)
    if isinstance(subject, Model):
        party = subject.developer
    elif subject is not None and subject.kind_name == "actor":
        party = subject.id
    else:
        return []
    return [] if party == claim.claimant else [party]


_NO_REPLY_NEEDED = frozenset({ClaimStatus.SELF_DECLARED, ClaimStatus.RETRACTED})


def responses_recorded(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    for inc in kb.incidents:
        for ci, claim in enumerate(inc.claims):
            if claim.status in _NO_REPLY_NEEDED:
                continue
            for party in accused_parties(kb, claim):
                if not any(r.party == party and (not r.claims or claim.id in r.claims)
                           for r in inc.responses):
                    yield _diag(kb, inc, "KB208", f"claim '{claim.id}' accuses '{party}' but the incident "
                                f"records no response from '{party}'", ("claims", ci, "subject"), party,
                                f"add a response: - {{party: {party}, stance: no-response-found, "
                                "date: 'YYYY-MM-DD', summary: ...}")


def _released(kb: KnowledgeBase, model_id: str) -> str | None:
    rec = kb.records.get(model_id)
    return rec.released if isinstance(rec, Model) else None


def _student_before_teacher(kb: KnowledgeBase, student: str, teacher: str) -> str | None:
    s, t = _released(kb, student), _released(kb, teacher)
    if s and t and date_bounds(s)[1] < date_bounds(t)[0]:
        return f"'{student}' (released {s}) cannot derive from '{teacher}', released later ({t})"
    return None


def _period_problem(period: Period | None) -> bool:
    return bool(period and period.start and period.end
                and date_bounds(period.end)[1] < date_bounds(period.start)[0])


def dates_consistent(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    for inc in kb.incidents:
        if inc.end_date and date_bounds(inc.end_date)[1] < date_bounds(inc.date)[0]:
            yield _diag(kb, inc, "KB209", f"end_date {inc.end_date} is before date {inc.date}",
                        ("end_date",), inc.end_date)
        for ci, claim in enumerate(inc.claims):
            if claim.predicate in LINEAGE_PREDICATES:
                problem = _student_before_teacher(kb, claim.subject, claim.object)
                if problem:
                    yield _diag(kb, inc, "KB209", problem, ("claims", ci, "object"), claim.object,
                                "check both models' release dates against the sources")
            if _period_problem(claim.period):
                yield _diag(kb, inc, "KB209", "period ends before it starts", ("claims", ci, "period"))
    for model in kb.models:
        for di, d in enumerate(model.derived_from):
            problem = _student_before_teacher(kb, model.id, d.model)
            if problem:
                yield _diag(kb, model, "KB209", problem, ("derived_from", di, "model"), d.model)


def lineage_acyclic(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    parents = {m.id: [d.model for d in m.derived_from] for m in kb.models}
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    reported: set[frozenset[str]] = set()

    def visit(node: str, stack: list[str]) -> Iterator[Diagnostic]:
        state[node] = 1
        stack.append(node)
        for parent in parents.get(node, []):
            if state.get(parent) == 1:
                cycle = stack[stack.index(parent):]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    first = min(cycle)
                    rec = kb.records[first]
                    assert isinstance(rec, Model)
                    idx = next(i for i, d in enumerate(rec.derived_from)
                               if d.model in cycle)
                    loop = " -> ".join([*cycle[cycle.index(first):], *cycle[:cycle.index(first)], first])
                    yield _diag(kb, rec, "KB210", f"declared lineage loops: {loop}",
                                ("derived_from", idx, "model"), rec.derived_from[idx].model,
                                "remove the wrong derived_from entry")
            elif parent in parents and state.get(parent) is None:
                yield from visit(parent, stack)
        stack.pop()
        state[node] = 2

    for model_id in sorted(parents):
        if state.get(model_id) is None:
            yield from visit(model_id, [])


def normalise_url(url: str) -> str:
    """A source's identity: scheme and host lowercased, default port and fragment dropped."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port and not ((parts.scheme == "http" and parts.port == 80)
                           or (parts.scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, parts.query, ""))


_COMPARED = ("publisher", "published", "kind")


def sources_agree(kb: KnowledgeBase) -> Iterator[Diagnostic]:
    first: dict[str, tuple[Record, int]] = {}
    for rec in sorted(kb.records.values(), key=lambda r: kb.file_of[r.id]):
        local: set[str] = set()
        for ei, ev in enumerate(getattr(rec, "evidence", [])):
            key = normalise_url(str(ev.url))
            if key in local:
                yield _diag(kb, rec, "KB216", f"URL already cited by another evidence item of this record",
                            ("evidence", ei, "url"), ev.url, "merge the two items")
                continue
            local.add(key)
            if key not in first:
                first[key] = (rec, ei)
                continue
            other_rec, oi = first[key]
            other = other_rec.evidence[oi]  # type: ignore[attr-defined]
            for name in _COMPARED:
                mine, theirs = getattr(ev, name), getattr(other, name)
                if mine is not None and theirs is not None and mine != theirs:
                    where = f"{kb.file_of[other_rec.id]} evidence[{oi}]"
                    yield _diag(kb, rec, "KB211", f"{name} '{mine}' contradicts '{theirs}' recorded for "
                                f"the same URL in {where}", ("evidence", ei, name), str(mine),
                                "make both entries agree", (kb.file_of[other_rec.id],))


RULES: tuple[Rule, ...] = (
    ids_match_files,
    local_ids,
    local_refs,
    record_references,
    claims_evidence,
    responses_recorded,
    dates_consistent,
    lineage_acyclic,
    sources_agree,
)


def run_rules(kb: KnowledgeBase) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in RULES:
        out.extend(rule(kb))
    return out


