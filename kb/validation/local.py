"""Rules that look at one record alone (run when the file is loaded; cached with it)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from pydantic import BaseModel

from kb.codes import diagnostic
from kb.diagnostics import Diagnostic, FieldPath, suggest
from kb.records import Actor, Incident, Model, Policy, Record, Source
from kb.records.incident import Period
from kb.records.types import date_bounds
from kb.records.vocab import STATUSES_NEEDING_SUPPORT, Stance
from kb.validation.placeholders import PLACEHOLDER, placeholders, serialised
from kb.validation.refs import evidence_refs

LocalRule = Callable[[Record, str], Iterator[Diagnostic]]


def _d(file: str, code: str, message: str, path: FieldPath, value: str | None = None,
       hint: str | None = None) -> Diagnostic:
    return diagnostic(file, code, message, path, value, hint)


def local_ids(record: Record, file: str) -> Iterator[Diagnostic]:
    groups: list[tuple[str, list[str]]] = [("evidence", [e.id for e in getattr(record, "evidence", [])])]
    if isinstance(record, Incident | Policy):
        groups.append(("claims", [c.id for c in record.claims]))
    for field, ids in groups:
        seen: set[str] = set()
        for i, lid in enumerate(ids):
            if lid in seen:
                yield _d(file, "KB212", f"{field} id '{lid}' is used twice", (field, i, "id"), lid,
                         "give each item its own id")
            seen.add(lid)


def local_refs(record: Record, file: str) -> Iterator[Diagnostic]:
    known = [e.id for e in getattr(record, "evidence", [])]
    for path, ref in evidence_refs(record):
        if ref not in known:
            yield _d(file, "KB203", f"unknown evidence id '{ref}'", path, ref,
                     suggest(ref, known) or f"defined evidence ids: {', '.join(known) or 'none'}")
    if isinstance(record, Incident | Policy):
        claim_ids = [c.id for c in record.claims]
        scoped = [("responses", i, r.claims) for i, r in enumerate(record.responses)]
        scoped += [("commentary", i, c.claims) for i, c in enumerate(record.commentary)]
        for field, ri, cids in scoped:
            for k, cid in enumerate(cids):
                if cid not in claim_ids:
                    yield _d(file, "KB215", f"unknown claim id '{cid}'", (field, ri, "claims", k),
                             cid, suggest(cid, claim_ids) or f"claim ids: {', '.join(claim_ids)}")


def claims_evidence(record: Record, file: str) -> Iterator[Diagnostic]:
    if not isinstance(record, Incident | Policy):
        return
    for ci, claim in enumerate(record.claims):
        path = ("claims", ci)
        if claim.subject == claim.object:
            yield _d(file, "KB214", f"claim '{claim.id}' has '{claim.subject}' as both subject and object",
                     (*path, "object"), claim.object)
        if not claim.evidence:
            yield _d(file, "KB205", f"claim '{claim.id}' cites no evidence", (*path, "evidence"),
                     hint="add - {ref: <evidence id>, stance: supports}")
            continue
        if claim.status in STATUSES_NEEDING_SUPPORT and not any(
            r.stance == Stance.SUPPORTS for r in claim.evidence
        ):
            yield _d(file, "KB206", f"claim '{claim.id}' is '{claim.status}' but no evidence has stance "
                     "'supports'", (*path, "evidence"),
                     hint="cite the source in which the claimant makes the claim")


def _ends_before_start(period: Period | None) -> bool:
    return bool(period and period.start and period.end
                and date_bounds(period.end)[1] < date_bounds(period.start)[0])


def local_dates(record: Record, file: str) -> Iterator[Diagnostic]:
    if not isinstance(record, Incident | Policy):
        return
    end = record.end_date if isinstance(record, Incident) else None
    if end and date_bounds(end)[1] < date_bounds(record.date)[0]:
        yield _d(file, "KB209", f"end_date {end} is before date {record.date}", ("end_date",), end)
    since = record.status_date if isinstance(record, Policy) else None
    if since and date_bounds(since)[1] < date_bounds(record.date)[0]:
        yield _d(file, "KB209", f"status_date {since} is before date {record.date}", ("status_date",), since)
    for ci, claim in enumerate(record.claims):
        if _ends_before_start(claim.period):
            yield _d(file, "KB209", "period ends before it starts", ("claims", ci, "period"))


def duplicate_sources(record: Record, file: str) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for ei, ev in enumerate(getattr(record, "evidence", [])):
        if ev.source in seen:
            yield _d(file, "KB216", f"source '{ev.source}' is already cited by another evidence item "
                     "of this record", ("evidence", ei, "source"), ev.source, "merge the two items")
        seen.add(ev.source)


_URL_IN_TEXT = re.compile(r"(?i)\bhttps?://")
_URL_IN_JSON = re.compile(rb"(?i)https?:")
_NOT_CITATIONS = frozenset({"website"})
"""Fields that hold a URL as data about the record (an actor's home page), not as a citation."""


def _strings(value: object, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, sub in value.__dict__.items():
            if sub is not None and name not in _NOT_CITATIONS:
                yield from _strings(sub, (*path, name))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _strings(sub, (*path, i))


def inline_urls(record: Record, file: str) -> Iterator[Diagnostic]:
    """KB110: a URL written into a record's text instead of cited through a source record."""
    if isinstance(record, Source):
        return
    if not _URL_IN_JSON.search(serialised(record)):
        return  # the common case, decided in one pass over the serialised record
    for path, text in _strings(record, ()):
        match = _URL_IN_TEXT.search(text)
        if match:
            url = text[match.start():].split()[0].rstrip(").,;:!?]}>'\"")
            yield _d(file, "KB110", "URL written inline; cite it through a source record",
                     path, url, f"add a source (kb new source --url '{url}' --title ...), cite it "
                     "from an evidence item ({id: e9, source: <source id>}) and refer to the "
                     "evidence id here")


def unreviewed_source(record: Record, file: str) -> Iterator[Diagnostic]:
    """KB111: a source the editors did not read must say where they saw it cited."""
    if isinstance(record, Source) and not record.reviewed and not record.cited_in:
        yield _d(file, "KB111", "source not reviewed by the editors says nowhere where it was "
                 "seen cited", ("reviewed",), "false",
                 "add `cited_in: [<id of the source that cites it>]`, or read it and set "
                 "`reviewed: true`")


def claim_history(record: Record, file: str) -> Iterator[Diagnostic]:
    """KB116-KB118: a claim's dates and status history."""
    if not isinstance(record, Incident | Policy):
        return
    for ci, claim in enumerate(record.claims):
        path = ("claims", ci)
        if claim.stated_on is None and claim.date_note is None:
            yield _d(file, "KB118", f"claim '{claim.id}' has no `stated_on` and no `date_note`",
                     (*path, "statement"), hint="add stated_on: 'YYYY-MM-DD', or a date_note saying why "
                     "the claim has no date")
        for hi in range(1, len(claim.history)):
            before, entry = claim.history[hi - 1], claim.history[hi]
            if date_bounds(entry.date)[1] < date_bounds(before.date)[0]:
                yield _d(file, "KB116", f"history entry {entry.date} comes after {before.date}",
                         (*path, "history", hi, "date"), entry.date,
                         "list the history oldest first")
        if claim.history and claim.history[-1].status != claim.status:
            last = len(claim.history) - 1
            yield _d(file, "KB117", f"claim '{claim.id}' is '{claim.status}' but its latest history "
                     f"entry says '{claim.history[-1].status}'", (*path, "status"), str(claim.status),
                     f"set status: {claim.history[-1].status}, or add a history entry (after "
                     f"history[{last}]) for the change to '{claim.status}'")


def policy_status_date(record: Record, file: str) -> Iterator[Diagnostic]:
    """KB112: a policy status reached after the policy's first day says when (or why not)."""
    if not isinstance(record, Policy) or record.status_date_note:
        return
    if record.status_since() is None:
        yield _d(file, "KB112", f"status '{record.status}' has no date", ("status",), str(record.status),
                 "add status_date: 'YYYY-MM-DD' (when it reached this status, or the date of the "
                 "report that gives it), or a status_date_note saying why it cannot be dated")


def negative_findings_dates(record: Record, file: str) -> Iterator[Diagnostic]:
    """KB113: a negative finding cannot reach past the sources the record reviewed."""
    if not isinstance(record, Incident | Policy) or record.sources_reviewed_up_to is None:
        return
    reviewed = date_bounds(record.sources_reviewed_up_to)[1]
    for i, nf in enumerate(record.negative_findings):
        if date_bounds(nf.searched_up_to)[0] > reviewed:
            yield _d(file, "KB113", f"searched_up_to {nf.searched_up_to} is after "
                     f"sources_reviewed_up_to {record.sources_reviewed_up_to}",
                     ("negative_findings", i, "searched_up_to"), nf.searched_up_to,
                     "a search covers only the sources reviewed; use their date or an earlier one")


def self_reference(record: Record, file: str) -> Iterator[Diagnostic]:
    """KB119: a model that is its own family, an actor affiliated with itself."""
    if isinstance(record, Model) and record.family == record.id:
        yield _d(file, "KB119", f"model '{record.id}' names itself as its family", ("family",),
                 record.family, "remove `family` (a family record has none), or name the family model")
    if isinstance(record, Actor):
        for i, aff in enumerate(record.affiliations):
            if aff.actor == record.id:
                yield _d(file, "KB119", f"actor '{record.id}' is affiliated with itself",
                         ("affiliations", i, "actor"), aff.actor, "name the other actor meant")


LOCAL_RULES: tuple[LocalRule, ...] = (local_ids, local_refs, claims_evidence, local_dates,
                                      duplicate_sources, inline_urls, unreviewed_source, placeholders,
                                      claim_history, self_reference, policy_status_date,
                                      negative_findings_dates)


_TEXT_SCANS = (inline_urls, placeholders)
_URL_IN_TEXT_FILE = re.compile(r"(?i)https?:")


def _rules_for(text: str | None) -> tuple[LocalRule, ...]:
    """The rules worth running on a record read from ``text``: the two that look for a string
    anywhere in the record (a URL, a placeholder) are skipped when the file's text does not
    hold it. Without a backslash escape every value is a run of the file's text (line folding
    only adds spaces), so a string absent from the text is absent from the record."""
    if text is None or "\\" in text or PLACEHOLDER in text or _URL_IN_TEXT_FILE.search(text):
        return LOCAL_RULES
    return _WITHOUT_TEXT_SCANS


_WITHOUT_TEXT_SCANS = tuple(rule for rule in LOCAL_RULES if rule not in _TEXT_SCANS)


def run_local(record: Record, file: str, *, salvaged: bool = False,
              text: str | None = None) -> list[Diagnostic]:
    """Every one-record rule (``text``: the file the record was read from, if at hand). A
    ``salvaged`` record (:mod:`kb.loading.salvage`) may hold None where its type forbids it; a
    rule that trips on one reports nothing, since what it would have said depends on a value
    that is already reported as wrong."""
    if not salvaged:
        return [d for rule in _rules_for(text) for d in rule(record, file)]
    out: list[Diagnostic] = []
    for rule in LOCAL_RULES:
        try:
            out += list(rule(record, file))
        except (TypeError, AttributeError):
            continue
    return out
