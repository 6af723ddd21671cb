"""The few record fields the exports read by name, in one place.

Every export is otherwise generic over :data:`kb.records.KINDS` and each record's
``model_dump(mode="json")``, so new kinds and fields flow through unchanged. The functions here
use ``getattr(..., default)`` where a field may not exist yet (policies' ``claims``, claims'
``history``, incidents' ``events``): after the record-model change (issue 13) they start
returning data with no other change.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kb.records import Record


def field(obj: Any, name: str, default: Any = None) -> Any:
    """``obj.name``, or ``default`` when the object's type has no such field (yet).

    For pydantic models this asks the type (``model_fields``) rather than ``getattr`` with a
    default: a missing attribute on a model goes through pydantic's slow ``__getattr__``
    (measured: 1.1 s of a 5.2 s STIX export at 5,000 incidents)."""
    fields = getattr(type(obj), "model_fields", None)
    if fields is not None:
        return getattr(obj, name) if name in fields else default
    return getattr(obj, name, default)


#: Top-level date fields, in the order a record's "own date" is looked for.
_DATE_FIELDS = ("date", "released", "published")


def record_json(record: Record) -> dict[str, Any]:
    """The record exactly as validated: what `api/v1/<folder>/<id>.json` holds."""
    data: dict[str, Any] = record.model_dump(mode="json", exclude_defaults=True)
    return data


def dumps(value: object, *, indent: int | None = None) -> str:
    """Canonical JSON text: UTF-8, sorted keys, one trailing newline (byte-stable)."""
    if indent is None:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=indent) + "\n"


def record_date(record: Record) -> str | None:
    """The record's own date (incident or policy date, model release), if it has one."""
    for name in _DATE_FIELDS:
        value = field(record, name)
        if isinstance(value, str):
            return value
    return None


def record_updated(record: Record) -> str | None:
    """The latest date the record itself states about its own life: its date, its review
    date, its withdrawal. Never the build time; None when the record states none."""
    dates = [d for d in (record_date(record), record.sources_reviewed_up_to,
                         record.withdrawn.date if record.withdrawn else None) if d]
    return max(dates, key=date_key) if dates else None


def date_key(value: str) -> str:
    """Sort key for partial dates: '2026' < '2026-02' < '2026-02-23' compare by first day."""
    return first_day(value)


def first_day(value: str) -> str:
    """A partial date's first day: '2026' -> '2026-01-01', '2026-02' -> '2026-02-01'."""
    parts = value.split("-")
    return "-".join([parts[0], *[*parts[1:], "01", "01"][:2]])


def timestamp(value: str, *, millis: bool = False) -> str:
    """RFC 3339 UTC timestamp at 00:00 of a partial date's first day."""
    return first_day(value) + ("T00:00:00.000Z" if millis else "T00:00:00Z")


def status_of(record: Record) -> str | None:
    """A record's own status field (policies), when it has one."""
    value = field(record, "status", None)
    return str(value) if value is not None else None


@dataclass(frozen=True)
class ClaimRef:
    record: Record
    claim: Any
    """A claim (kb.records.Claim; policies' claims after issue 13)."""

    @property
    def key(self) -> str:
        return f"{self.record.id}#{self.claim.id}"


def claims_of(record: Record) -> list[Any]:
    """Claims a record carries (incidents today; policies too after issue 13)."""
    return list(field(record, "claims", None) or [])


def iter_claims(records: list[Record]) -> Iterator[ClaimRef]:
    for record in records:
        for claim in claims_of(record):
            yield ClaimRef(record, claim)


def responses_of(record: Record) -> list[Any]:
    return list(field(record, "responses", None) or [])


def evidence_of(record: Record) -> list[Any]:
    return list(field(record, "evidence", None) or [])


def figures_of(record: Record) -> list[tuple[str | None, Any]]:
    """(claim id or None, figure) for the record's own figures and its claims' figures."""
    out: list[tuple[str | None, Any]] = [(None, f) for f in field(record, "figures", None) or []]
    for claim in claims_of(record):
        out += [(claim.id, f) for f in field(claim, "figures", None) or []]
    return out


@dataclass(frozen=True)
class StatusChange:
    """One dated status of a claim: a history entry, or the claim's stated status and date
    while records have no ``history`` (issue 13)."""

    date: str
    status: str
    note: str | None = None
    evidence: tuple[str, ...] = ()


def _evidence_ids(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(getattr(v, "ref", None) or getattr(v, "id", None) or str(v) for v in value)


def status_history(claim: Any) -> list[StatusChange]:
    """A claim's status changes, oldest first."""
    history = field(claim, "history", None) or []
    changes = [StatusChange(str(h.date), str(h.status), field(h, "note", None),
                            _evidence_ids(field(h, "evidence", None))) for h in history]
    if not changes:
        changes = [StatusChange(str(claim.stated_on), str(claim.status))] if claim.stated_on else []
    return sorted(changes, key=lambda c: date_key(c.date))


def claim_parties(claim: Any) -> set[str]:
    return {claim.claimant, claim.subject, claim.object}


def answered_claims(record: Record, response: Any, developer_of: dict[str, str]) -> list[Any]:
    """The claims a response answers: those it names, or else every claim of the record about
    the responding party or one of its models (`claims: []` means all of them)."""
    claims = claims_of(record)
    named = set(field(response, "claims", None) or [])
    if named:
        return [c for c in claims if c.id in named]
    return [c for c in claims
            if response.party in (c.subject, developer_of.get(c.subject)) and c.claimant != response.party]
