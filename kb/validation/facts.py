"""The few facts about each record that rules across records need (named tuples: cheap to
build, compare and cache).

`kb validate` caches these per file instead of whole records: re-validating after one file
changes then rebuilds a small tuple per record rather than every pydantic object.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel

from kb.diagnostics import FieldPath
from kb.loading.salvage import incomplete
from kb.records import Incident, Model, Policy, Record, Source
from kb.records.vocab import ClaimStatus, Stance
from kb.validation.refs import record_refs


def normalise_url(url: str) -> str:
    """A source's identity: scheme and host lowercased, default port and fragment dropped."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port and not ((parts.scheme == "http" and parts.port == 80)
                           or (parts.scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


class ClaimFacts(NamedTuple):
    pos: int
    id: str
    claimant: str
    subject: str
    object: str
    predicate: str
    status: str
    supports: tuple[str, ...] = ()
    """Source ids of the supporting evidence, for `confirmed` claims only (KB207)."""


class SourceFacts(NamedTuple):
    """What rules across records need of a source record."""

    key: str
    """The normalised URL."""
    kind: str
    first_hand: bool
    relays: tuple[str, ...]


class Facts(NamedTuple):
    id: str
    kind: str
    file: str
    former_ids: tuple[str, ...]
    refs: tuple[tuple[FieldPath, str, tuple[str, ...]], ...]
    developer: str | None = None
    released: str | None = None
    derived_from: tuple[str, ...] = ()
    claims: tuple[ClaimFacts, ...] = ()
    responses: tuple[tuple[str, tuple[str, ...]], ...] = ()
    source: SourceFacts | None = None
    """Set for source records only."""


def _supports(record: Incident | Policy, refs: list[tuple[str, Stance]]) -> tuple[str, ...]:
    cited = {e.id: e.source for e in record.evidence}
    return tuple(cited[ref] for ref, stance in refs if stance == Stance.SUPPORTS and ref in cited)


def facts_of(record: Record, file: str) -> Facts:
    claims: tuple[ClaimFacts, ...] = ()
    responses: tuple[tuple[str, tuple[str, ...]], ...] = ()
    if isinstance(record, Incident | Policy):
        claims = tuple(ClaimFacts(i, c.id, c.claimant, c.subject, c.object, str(c.predicate),
                                  str(c.status),
                                  _supports(record, [(r.ref, r.stance) for r in c.evidence])
                                  if c.status == ClaimStatus.CONFIRMED else ())
                       for i, c in enumerate(record.claims))
        responses = tuple((r.party, tuple(r.claims)) for r in record.responses)
    source = None
    if isinstance(record, Source):
        source = SourceFacts(normalise_url(record.url), str(record.kind), record.first_hand,
                             tuple(record.relays))
    model = record if isinstance(record, Model) else None
    return Facts(
        id=record.id,
        kind=record.kind_name,
        file=file,
        former_ids=tuple(record.former_ids),
        refs=tuple(record_refs(record)),
        developer=model.developer if model else None,
        released=model.released if model else None,
        derived_from=tuple(d.model for d in model.derived_from) if model else (),
        claims=claims,
        responses=responses,
        source=source,
    )


def salvaged_facts(record: Record, file: str) -> Facts | None:
    """The facts a record that failed type-checking still gives (:mod:`kb.loading.salvage`):
    every reference that could be read, and the claims, sources, responses and lineage entries
    that are complete. None when even its id cannot be read."""
    if not isinstance(record.id, str):
        return None
    update: dict[str, object] = {"former_ids": [i for i in record.former_ids if isinstance(i, str)]}
    for name in ("claims", "evidence", "responses", "derived_from"):
        items = getattr(record, name, None)
        if isinstance(items, list):
            update[name] = [x for x in items if isinstance(x, BaseModel) and not incomplete(x)]
    whole = facts_of(record.model_copy(update=update), file)
    refs = tuple(r for r in record_refs(record) if isinstance(r[1], str))
    return whole._replace(refs=refs)


PlainFacts = tuple[object, ...]


def to_plain(f: Facts) -> PlainFacts:
    """Facts as nested builtin tuples, which pickle several times faster than named tuples."""
    return (*f[:8], tuple(map(tuple, f.claims)), f.responses,
            None if f.source is None else tuple(f.source))


def from_plain(t: PlainFacts) -> Facts:
    claims = tuple(map(ClaimFacts._make, t[8]))  # type: ignore[call-overload]
    source = None if t[10] is None else SourceFacts._make(t[10])  # type: ignore[arg-type]
    return Facts._make((*t[:8], claims, t[9], source))
