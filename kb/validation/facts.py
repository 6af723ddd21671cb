"""The few facts about each record that rules across records need.

`kb validate` caches these per file instead of whole records: re-validating after one file
changes then rebuilds a small tuple per record rather than every pydantic object.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from kb.diagnostics import Path
from kb.records import Incident, Model, Record
from kb.validation.refs import record_refs


def normalise_url(url: str) -> str:
    """A source's identity: scheme and host lowercased, default port and fragment dropped."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port and not ((parts.scheme == "http" and parts.port == 80)
                           or (parts.scheme == "https" and parts.port == 443)):
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path or "/", parts.query, ""))


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    index: int
    id: str
    claimant: str
    subject: str
    object: str
    predicate: str
    status: str


@dataclass(frozen=True, slots=True)
class SourceFacts:
    index: int
    key: str
    """The normalised URL."""
    publisher: str
    published: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class Facts:
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
    if isinstance(record, Incident):
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
    """Facts as nested builtin tuples: pickling these is several times faster than dataclasses."""
    return (f.id, f.kind, f.file, f.former_ids, f.refs, f.developer, f.released, f.derived_from,
            tuple((c.index, c.id, c.claimant, c.subject, c.object, c.predicate, c.status)
                  for c in f.claims),
            f.responses,
            tuple((s.index, s.key, s.publisher, s.published, s.kind) for s in f.sources))


def from_plain(t: PlainFacts) -> Facts:
    (id_, kind, file, former, refs, developer, released, derived, claims, responses, sources) = t
    return Facts(id_, kind, file, former, refs, developer, released, derived,  # type: ignore[arg-type]
                 tuple(ClaimFacts(*c) for c in claims),  # type: ignore[attr-defined]
                 responses,  # type: ignore[arg-type]
                 tuple(SourceFacts(*s) for s in sources))  # type: ignore[attr-defined]
