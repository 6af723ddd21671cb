"""Evidence items: the sources a record cites, with their provenance."""

from __future__ import annotations

from pydantic import Field, model_validator

from kb.records.base import KbModel
from kb.records.types import LocalId, PartialDate, Sha256, Text, Url
from kb.records.vocab import EvidenceKind, Reliability


class Evidence(KbModel):
    """One source. Its normalised URL is its identity across the whole knowledge base."""

    id: LocalId
    """Local id, referenced by claims, responses and figures (e.g. `e1`)."""
    url: Url
    title: Text | None = None
    publisher: Text
    """Who published this page. For a mirror, the mirror; the original goes in `via`."""
    published: PartialDate | None = None
    """Publication date, when the page shows one."""
    date_note: Text | None = None
    """How the date is known or why it is missing (e.g. 'per secondary sources', 'not shown')."""
    kind: EvidenceKind
    reliability: Reliability = Reliability.F
    """Admiralty grade of the source (A completely reliable ... F cannot be judged)."""
    first_hand: bool = Field(default=False, strict=True)
    """True when the publisher is the party making the statement, or reports what it witnessed."""
    via: Url | None = None
    """URL of the original this source reports or mirrors; corroboration counts the original once."""
    via_publisher: Text | None = None
    """Publisher of the original in `via`."""
    reviewed: bool = Field(default=True, strict=True)
    """False when the editors only saw this URL cited by other sources and did not read it."""
    cited_in: list[LocalId] = Field(default_factory=list)
    """Evidence ids of the sources in which this URL was seen cited (when not reviewed)."""
    archives: list[Url] = Field(default_factory=list)
    """Archived copies (Wayback Machine, perma.cc)."""
    sha256: Sha256 | None = None
    """SHA-256 of the captured snapshot (written by `kb evidence capture`)."""
    captured: PartialDate | None = None
    """When the snapshot was captured."""
    note: Text | None = None

    @model_validator(mode="after")
    def _unread_page_is_not_first_hand_knowledge(self) -> Evidence:
        if not self.reviewed and not self.cited_in:
            raise ValueError(
                "an unreviewed source must say where it was seen cited: add `cited_in: [<evidence id>]`"
            )
        return self
