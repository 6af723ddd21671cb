"""Which sources a claim rests on most: the one ranking of sources, for the graph's
``strongest_evidence``, the command line and the site (no networkx, no I/O).

A source can be *strongest* only when the claim cites it with stance ``supports`` and the
editors read it (``reviewed`` is not false): a page known only from others' quotations is
never labelled strongest, however strong its kind. Among those, the order is the kind
(:data:`EVIDENCE_STRENGTH`), then first-hand before second-hand, then the reliability grade
(A before F), then the order the record cites them in.

Site use::

    from kb.evidence.strength import strongest_sources
    ranked = strongest_sources(kb, record, claim)   # record: an Incident or a Policy
    best = next((r for r in ranked if r.counts), None)
    # r.evidence (the record's evidence id), r.source (the Source record), r.reason (words)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from kb.records.claim import Claim
from kb.records.evidence import Evidence
from kb.records.source import Source
from kb.records.vocab import EvidenceKind, Reliability, Stance

#: Evidence kinds from strongest to weakest.
EVIDENCE_STRENGTH: tuple[EvidenceKind, ...] = (
    EvidenceKind.COURT_FILING,
    EvidenceKind.GOVERNMENT_DOCUMENT,
    EvidenceKind.PRIMARY_STATEMENT,
    EvidenceKind.TECHNICAL_REPORT,
    EvidenceKind.PAPER,
    EvidenceKind.DATASET,
    EvidenceKind.TRANSCRIPT_ANALYSIS,
    EvidenceKind.NEWS,
    EvidenceKind.ANALYSIS,
    EvidenceKind.SOCIAL_POST,
)
_KIND_RANK = {kind: i for i, kind in enumerate(EVIDENCE_STRENGTH)}
_GRADES = tuple(Reliability)

_KIND_WORDS = {
    EvidenceKind.COURT_FILING: "a court record",
    EvidenceKind.GOVERNMENT_DOCUMENT: "a government document",
    EvidenceKind.PRIMARY_STATEMENT: "a party's own statement",
    EvidenceKind.TECHNICAL_REPORT: "a technical report",
    EvidenceKind.PAPER: "a paper",
    EvidenceKind.DATASET: "a dataset",
    EvidenceKind.TRANSCRIPT_ANALYSIS: "a transcript analysis",
    EvidenceKind.NEWS: "a news report",
    EvidenceKind.ANALYSIS: "commentary or analysis",
    EvidenceKind.SOCIAL_POST: "a social-media post",
}


@dataclass(frozen=True, slots=True)
class RankedSource:
    """One source a claim cites in support, with its place in the ranking and why."""

    evidence: str
    """The evidence id in the citing record (e1, e2 ...)."""
    source: Source
    counts: bool
    """Whether it may be labelled strongest: False for a source the editors did not read."""
    reason: str
    """In words: 'a government document, first-hand, reliability A' or 'not read by the
    editors (known from other pages' quotations): never counted as strongest'."""


def rank_key(source: Source) -> tuple[int, bool, int]:
    """Sort key, strongest first: kind, then first-hand, then reliability grade."""
    return (_KIND_RANK.get(source.kind, len(_KIND_RANK)), not source.first_hand,
            _GRADES.index(source.reliability))


def source_reason(source: Source) -> str:
    """Why a source ranks where it does, in words."""
    words = [_KIND_WORDS.get(source.kind, str(source.kind)),
             "first-hand" if source.first_hand else "second-hand",
             f"reliability {source.reliability}"]
    if not source.reviewed:
        return ("not read by the editors (known from other pages' quotations): never counted "
                "as strongest; " + ", ".join(words))
    return ", ".join(words)


def rank_sources(cited: Iterable[tuple[str, Source]]) -> list[RankedSource]:
    """(evidence id, source) pairs ranked: sources the editors read first, strongest first,
    then the unread ones (which never count as strongest), each with its reason."""
    items = list(cited)
    order = sorted(range(len(items)), key=lambda i: (not items[i][1].reviewed, rank_key(items[i][1]), i))
    return [RankedSource(items[i][0], items[i][1], items[i][1].reviewed, source_reason(items[i][1]))
            for i in order]


def strongest(sources: Iterable[Source]) -> Source | None:
    """The strongest source the editors read among ``sources`` (None if they read none)."""
    read = [s for s in sources if s.reviewed]
    return min(read, key=rank_key) if read else None


class SourceFinder(Protocol):
    def source_of(self, item: Evidence) -> Source | None: ...


class ClaimRecord(Protocol):
    @property
    def evidence(self) -> list[Evidence]: ...


def supporting_sources(kb: SourceFinder, record: ClaimRecord, claim: Claim) -> list[tuple[str, Source]]:
    """(evidence id, source) for each source ``claim`` cites with stance ``supports``, in
    citation order (evidence items whose source does not load are left out)."""
    items = {e.id: e for e in record.evidence}
    out: list[tuple[str, Source]] = []
    for ref in claim.evidence:
        item = items.get(ref.ref)
        if item is None or ref.stance is not Stance.SUPPORTS:
            continue
        source = kb.source_of(item)
        if source is not None:
            out.append((ref.ref, source))
    return out


def strongest_sources(kb: SourceFinder, record: ClaimRecord, claim: Claim) -> list[RankedSource]:
    """The sources supporting one claim of an incident or policy, strongest first, each with
    its reason; sources the editors did not read come last with ``counts`` False."""
    return rank_sources(supporting_sources(kb, record, claim))
