"""The few facts about each record that rules across records need (named tuples: cheap to
build, compare and cache).

`kb validate` caches these per file instead of whole records: re-validating after one file
changes then rebuilds a small tuple per record rather than every pydantic object.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import urlsplit, urlunsplit

from kb.diagnostics import Path
from kb.records import Incident, Model, Policy, Record
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


class SourceFacts(NamedTuple):
    pos: int
    key: str
    """The normalised URL."""
    publisher: str
    published: str | None
    kind: str


class Facts(NamedTuple):
    id: str
    kind: str
    file: str
    former_ids: tuple[str, ...]
    refs: tuple[tuple[Path, str, tuple[str, ...]], ...]
    developer: str | None = None
    released: str | None = None
    derived_from: tuple[str, ...] = ()
    claims: tuple[ClaimFacts, ...] = ()
    responses: tuple[tuple[str, tuple[str, ...]], ...] = ()
    sources: tuple[SourceFacts, ...] = ()


def facts_of(record: Record, file: str) -> Facts:
    claims: tuple[ClaimFacts, ...] = ()
    responses: tuple[tuple[str, tuple[str, ...]], ...] = ()
    if isinstance(record, Incident | Policy):
        claims = tuple(ClaimFacts(i, c.id, c.claimant, c.subject, c.object, str(c.predicate),
                                  str(c.status)) for i, c in enumerate(record.claims))
        responses = tuple((r.party, tuple(r.claims)) for r in record.responses)
    sources = tuple(SourceFacts(i, normalise_url(e.url), e.publisher, e.published, str(e.kind))
                    for i, e in enumerate(getattr(record, "evidence", [])))
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
        sources=sources,
    )


PlainFacts = tuple[object, ...]


def to_plain(f: Facts) -> PlainFacts:
    """Facts as nested builtin tuples, which pickle several times faster than named tuples."""
    return (*f[:8], tuple(map(tuple, f.claims)), f.responses, tuple(map(tuple, f.sources)))


def from_plain(t: PlainFacts) -> Facts:
    claims = tuple(map(ClaimFacts._make, t[8]))  # type: ignore[call-overload]
    sources = tuple(map(SourceFacts._make, t[10]))  # type: ignore[call-overload]
    return Facts._make((*t[:8], claims, t[9], sources))
